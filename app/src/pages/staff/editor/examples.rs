//! The worked examples: each names facts, the expected outcome and amounts.
use leptos::prelude::*;

use super::fields::{ctx, SelectField, TextField, SMALL_BUTTON};
use super::model::*;
use crate::components::staff::fill;
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::{Example, FactType};
use crate::wire::editor::FactChoice;

/// How list facts are typed in a facts text, when there are any (in the reader's language).
pub fn list_facts_help(facts: &[FactChoice]) -> String {
    let i18n = use_i18n();
    match facts.iter().find(|f| f.fact_type == FactType::List) {
        Some(list) => fill(
            t_string!(i18n, editor_list_facts_help),
            &[("noun", list.item_noun()), ("example", &list_example(list))],
        ),
        None => String::new(),
    }
}

/// The worked examples: each names facts, the expected outcome and amounts.
#[component]
pub fn ExamplesEditor() -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let count = Memo::new(move |_| c.measure.with(|m| m.examples.len()));
    view! {
        {move || (0..count.get()).map(|i| view! { <ExampleEditor index=i /> }).collect_view()}
        <button type="button" class=SMALL_BUTTON on:click=move |_| c.measure.update(|m| m.examples.push(Example {
            name: String::new(),
            facts: Default::default(),
            expect: crate::policy::measure::Expectation::Eligible,
            amount: None, low: None, high: None, per_month: None, as_of: None,
        }))>{t!(i18n, editor_add_example)}</button>
    }
}

fn set_example(index: usize, f: impl Fn(&mut Example)) {
    ctx().measure.update(|m| {
        if let Some(ex) = m.examples.get_mut(index) {
            f(ex)
        }
    })
}

#[component]
fn ExampleEditor(
    /// Which example.
    index: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let Some(ex) = c.measure.with_untracked(|m| m.examples.get(index).cloned()) else {
        return ().into_any();
    };
    let id = |what: &str| format!("example-{index}-{what}");
    let list_help = c.facts.with_value(|f| list_facts_help(f));
    let expect = serde_json::to_value(ex.expect)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let amount_input = move |what: &'static str, label: &'static str, initial: Option<i64>| {
        view! {
            <TextField id=format!("example-{index}-{what}") label=label.to_string() field=format!("examples[{index}].{what}") initial=initial.map(|v| v.to_string()).unwrap_or_default()
                apply=Callback::new(move |text: String| {
                    let v = parse_optional(&text, FactType::Money)?;
                    set_example(index, |ex| match what {
                        "amount" => ex.amount = v,
                        "low" => ex.low = v,
                        "high" => ex.high = v,
                        _ => ex.per_month = v,
                    });
                    Ok(())
                }) />
        }
    };
    view! {
        <fieldset class="mt-3 rounded border border-slate-400 p-3" data-testid=format!("example-{index}")>
            <legend class="px-1 font-medium">{t!(i18n, editor_example_n, n = move || index + 1)}</legend>
            <div class="grid gap-3 md:grid-cols-2">
                <TextField id=id("name") label=t_string!(i18n, editor_example_name).to_string() field=format!("examples[{index}].name") initial=ex.name.clone()
                    apply=Callback::new(move |t: String| { set_example(index, |ex| ex.name = t.clone()); Ok(()) }) />
                <SelectField id=id("expect") label=t_string!(i18n, editor_expected)
                    choices=vec![
                        ("eligible".into(), t_string!(i18n, editor_expect_eligible).into()),
                        ("not_eligible".into(), t_string!(i18n, editor_expect_not_eligible).into()),
                        ("needs_info".into(), t_string!(i18n, editor_expect_needs_info).into()),
                    ]
                    selected=expect
                    apply=Callback::new(move |v: String| {
                        if let Ok(e) = serde_json::from_value(serde_json::Value::String(v)) { set_example(index, |ex| ex.expect = e); }
                    }) />
                {amount_input("amount", t_string!(i18n, editor_exact_amount), ex.amount)}
                {amount_input("per_month", t_string!(i18n, editor_per_month), ex.per_month)}
                {amount_input("low", t_string!(i18n, editor_range_from), ex.low)}
                {amount_input("high", t_string!(i18n, editor_range_to), ex.high)}
            </div>
            <TextField id=id("facts") label=t_string!(i18n, editor_example_facts).to_string() field=format!("examples[{index}].facts") nested=true multiline=true
                initial=c.facts.with_value(|f| facts_text(&ex.facts, f)) help=list_help
                apply=Callback::new(move |t: String| {
                    let facts = c.facts.with_value(|f| parse_facts(&t, f))?;
                    set_example(index, |ex| ex.facts = facts.clone());
                    Ok(())
                }) />
            <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
                on:click=move |_| c.measure.update(|m| { if index < m.examples.len() { m.examples.remove(index); } })>
                {t!(i18n, editor_remove_example)}
            </button>
        </fieldset>
    }
    .into_any()
}
