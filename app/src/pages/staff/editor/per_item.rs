//! A per_item formula: the list it pays for, what one entry gets and which entries count.
use leptos::prelude::*;

use super::condition::ConditionEditor;
use super::fields::{choices_of, ctx, FieldMessage, SelectField, SMALL_BUTTON};
use super::formula_fields::money_field;
use super::model::*;
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::{Condition, FactType, Formula, Measure};

/// The name of the list a per_item formula at `path` pays for ("" when none).
fn items_at(m: &Measure, path: &[usize]) -> String {
    match formula_at(&m.formula, path) {
        Some(Formula::PerItem { items, .. }) => items.clone(),
        _ => String::new(),
    }
}

/// A per_item formula: the list, what one entry gets (a formula over the entry's fields), the
/// cap across entries and which entries count.
#[component]
pub(super) fn PerItemFields(
    /// Where the formula is.
    path: Vec<usize>,
    /// The editor for the formula one entry gets (the formula editor itself).
    nested: fn(Vec<usize>) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    // The entry formula and the entry condition read the list's fields: they are drawn again
    // when another list is chosen (the list select itself is not, so it keeps the focus).
    let p = path.clone();
    let items = Memo::new(move |_| c.measure.with(|m| items_at(m, &p)));
    let scope = StoredValue::new(c.formula_scope(&path));
    let list_of = move |name: &str| {
        scope.with_value(|s| {
            s.iter()
                .find(|f| f.name == name && f.fact_type == FactType::List)
                .cloned()
        })
    };
    let mut lists = scope.with_value(|s| choices_of(s, |f| f.fact_type == FactType::List));
    let selected = items.get_untracked();
    let list_field = c
        .measure
        .with_untracked(|m| format!("{}.items", formula_field(&m.formula, &path)));
    let list_select = if lists.is_empty() {
        let id = path_id("formula-items", &path);
        view! {
            <div>
                <p id=id.clone() class="font-medium">{t!(i18n, editor_list)}</p>
                <p class="text-sm text-slate-700">{t!(i18n, editor_no_list)}</p>
                <FieldMessage id=format!("{id}-error") field=list_field />
            </div>
        }
        .into_any()
    } else {
        if !lists.iter().any(|(name, _)| *name == selected) {
            lists.insert(
                0,
                (String::new(), t_string!(i18n, editor_choose_list).into()),
            );
        }
        let sp = path.clone();
        view! {
            <SelectField id=path_id("formula-items", &path) label=t_string!(i18n, editor_list_select) choices=lists selected
                field=list_field
                help=t_string!(i18n, editor_list_help)
                apply=Callback::new(move |name: String| {
                    let facts = scope.get_value();
                    c.measure.update(|m| if let Some(slot) = formula_at_mut(&mut m.formula, &sp) { set_items(slot, &name, &facts); });
                }) />
        }
        .into_any()
    };
    let mut each_path = path.clone();
    each_path.push(0);
    let when_path = path.clone();
    view! {
        {list_select}
        {move || {
            let list = list_of(&items.get());
            let noun = list.as_ref().map(|l| l.item_noun().to_string()).unwrap_or_else(|| t_string!(i18n, editor_entry).to_string());
            let fields = list
                .map(|l| l.fields.iter().map(|f| format!("{} ({})", f.label, f.name)).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let help_id = path_id("per-item-each-help", &each_path);
            let described = help_id.clone();
            view! {
                <fieldset class="rounded border border-slate-400 p-3" aria-describedby=described data-testid=path_id("per-item-each", &each_path)>
                    <legend class="px-1 font-medium">{let noun = noun.clone(); t!(i18n, editor_each_gets, noun = move || noun.clone())}</legend>
                    <p id=help_id class="text-sm text-slate-700">
                        {if fields.is_empty() {
                            t!(i18n, editor_each_choose_first).into_any()
                        } else {
                            t!(i18n, editor_each_help, noun = move || noun.clone(), fields = move || fields.clone()).into_any()
                        }}
                    </p>
                    {nested(each_path.clone())}
                </fieldset>
            }
        }}
        {money_field(&path, "cap", t_string!(i18n, editor_cap_all), true)}
        {move || {
            let noun = list_of(&items.get()).map(|l| l.item_noun().to_string()).unwrap_or_else(|| t_string!(i18n, editor_entry).to_string());
            view! { <EntryCondition path=when_path.clone() noun /> }
        }}
    }
    .into_any()
}

/// Which entries of a per_item formula count: every one, or those meeting a condition over the
/// entry's fields.
#[component]
fn EntryCondition(
    /// Where the per_item formula is.
    path: Vec<usize>,
    /// What one entry is called.
    noun: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let noun = StoredValue::new(noun);
    let noun = move || noun.get_value();
    let p = path.clone();
    let has = Memo::new(move |_| {
        c.measure.with(|m| {
            matches!(
                formula_at(&m.formula, &p),
                Some(Formula::PerItem { when: Some(_), .. })
            )
        })
    });
    let set_when = {
        let path = path.clone();
        move |when: Option<Condition>| {
            c.measure.update(|m| {
                if let Some(Formula::PerItem { when: slot, .. }) =
                    formula_at_mut(&mut m.formula, &path)
                {
                    *slot = when.clone();
                }
            })
        }
    };
    let root = CondRoot::Entries(path.clone());
    view! {
        <fieldset class="rounded border border-slate-400 p-3" data-testid=path_id("per-item-when", &path)>
            <legend class="px-1 font-medium">{t!(i18n, editor_which_count, noun = noun)}</legend>
            {move || {
                let set_when = set_when.clone();
                if has.get() {
                    view! {
                        <p class="text-sm text-slate-700">{t!(i18n, editor_only_meeting, noun = noun)}</p>
                        <ConditionEditor root=root.clone() />
                        <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
                            on:click=move |_| set_when(None)>
                            {t!(i18n, editor_count_every, noun = noun)}
                        </button>
                    }
                    .into_any()
                } else {
                    let root = root.clone();
                    view! {
                        <p class="text-sm text-slate-700">{t!(i18n, editor_every_counts, noun = noun)}</p>
                        <button type="button" class=SMALL_BUTTON
                            on:click=move |_| {
                                let fields = c.cond_scope(&root);
                                set_when(Some(Condition::All { all: vec![new_comparison(&fields)] }));
                            }>
                            {t!(i18n, editor_add_condition, noun = noun)}
                        </button>
                    }
                    .into_any()
                }
            }}
        </fieldset>
    }
}
