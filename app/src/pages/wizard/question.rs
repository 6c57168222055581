//! The questions of a wizard step: one field shaped by its fact type, or a list of entries.
use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::wire::wizard::QuestionView;

/// One question, shaped by its fact type. (An `AnyView`, not `impl IntoView`: a list question
/// shows questions inside it.)
#[component]
pub(super) fn Question(
    /// The question.
    q: QuestionView,
) -> AnyView {
    if q.kind == "list" {
        return view! { <ListQuestion q /> }.into_any();
    }
    let i18n = use_i18n();
    let id = format!("field-{}", q.fact);
    let name = format!("answers[{}]", q.fact);
    let help_id = format!("help-{}", q.fact);
    let error_id = format!("error-{}", q.fact);
    let understood_id = format!("understood-{}", q.fact);
    let mut described = help_id.clone();
    if q.understood.is_some() {
        described = format!("{described} {understood_id}");
    }
    if q.error.is_some() {
        described = format!("{described} {error_id}");
    }
    let settles_id = format!("settles-{}", q.fact);
    if q.settles.is_some() {
        described = format!("{described} {settles_id}");
    }
    // On the adaptive screens: what answering settles.
    let settles = q.settles.clone().map(|st| {
        let (n, worth, bears) = (st.measures, st.worth.clone(), st.bears_on);
        view! {
            <p id=settles_id.clone() class="mt-1 text-sm text-blue-900" data-testid="settles">
                {if n > 0 && !worth.is_empty() {
                    t!(i18n, wizard_settles_worth, n = move || n, worth = move || worth.clone()).into_any()
                } else if n > 0 {
                    t!(i18n, wizard_settles, n = move || n).into_any()
                } else {
                    t!(i18n, wizard_bears_on, n = move || bears).into_any()
                }}
            </p>
        }
    });
    let invalid = q.error.is_some().then_some("true");
    let error = q.error.clone().map(|e| view! { <p id=error_id.clone() class="mt-1 font-medium text-red-800" data-testid="field-error">{e}</p> });
    let help =
        view! { <p id=help_id.clone() class="mt-1 text-sm text-slate-700">{q.help.clone()}</p> };
    // What a typed number was read as ("300万" -> "3,000,000 yuan"), so the person can check it.
    let understood = q.understood.clone().map(|u| {
        view! {
            <p id=understood_id.clone() class="mt-1 text-sm text-slate-800" data-testid="field-understood">
                {t!(i18n, wizard_understood, value = move || u.clone())}
            </p>
        }
    });
    let required = q
        .required
        .then(|| view! { " " <span class="text-sm">{t!(i18n, wizard_required)}</span> });
    let border = if q.error.is_some() {
        "border-red-700 border-2"
    } else {
        "border-slate-400"
    };
    match q.kind.as_str() {
        "bool" | "set_of" => {
            let inputs = if q.kind == "bool" {
                let current = q.value.clone();
                [("yes", t_string!(i18n, wizard_yes).to_string()), ("no", t_string!(i18n, wizard_no).to_string()), ("", t_string!(i18n, wizard_not_sure).to_string())]
                    .into_iter()
                    .enumerate()
                    .map(|(i, (v, label))| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                        let for_id = input_id.clone();
                        view! {
                            <label class="mr-4 inline-flex items-center gap-2" for=for_id>
                                <input type="radio" id=input_id name=name.clone() value=v checked=current == v />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            } else {
                q.options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                        let for_id = input_id.clone();
                        let checked = q.values.contains(&o.value);
                        view! {
                            <label class="flex items-center gap-2" for=for_id>
                                <input type="checkbox" id=input_id name=format!("answers[{}.{}]", q.fact, o.value) value="on" checked=checked />
                                {o.label.clone()}
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            };
            view! {
                <fieldset aria-describedby=described aria-invalid=invalid class="rounded border border-slate-200 bg-white p-4">
                    <legend class="px-1 font-medium">{q.question.clone()}{required}</legend>
                    {help}
                    {settles}
                    <div class="mt-2">{inputs}</div>
                    {error}
                </fieldset>
            }
            .into_any()
        }
        kind => {
            let control = if kind == "one_of" {
                let current = q.value.clone();
                view! {
                    <select id=id.clone() name=name.clone() aria-describedby=described.clone() aria-invalid=invalid aria-required=q.required.then_some("true")
                        class=format!("mt-1 w-full max-w-md rounded-md border bg-white px-2 py-2 {border}")>
                        <option value="" selected=current.is_empty()>{t!(i18n, wizard_choose)}</option>
                        {q.options.iter().map(|o| view! { <option value=o.value.clone() selected=current == o.value>{o.label.clone()}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            } else {
                let input_type = if kind == "date" { "date" } else { "text" };
                // A full keyboard for amounts and counts: people write "300万" as well as digits.
                let mode = (kind == "percent").then_some("decimal");
                view! {
                    <input id=id.clone() name=name.clone() type=input_type inputmode=mode value=q.value.clone()
                        aria-describedby=described.clone() aria-invalid=invalid autocomplete="off"
                        class=format!("mt-1 w-full max-w-md rounded-md border px-3 py-2 {border}") />
                }
                .into_any()
            };
            view! {
                <div class="rounded border border-slate-200 bg-white p-4">
                    <label for=id.clone() class="block font-medium">{q.question.clone()}{required}</label>
                    {help}
                    {settles}
                    {control}
                    {understood}
                    {error}
                </div>
            }
            .into_any()
        }
    }
}

/// A list question: its entries, each a group of fields with a button that removes it, and a
/// button that adds another. The buttons submit the form, so the list works the same with and
/// without JavaScript, and what was typed is kept.
#[component]
fn ListQuestion(
    /// The question, with its entries in `rows`.
    q: QuestionView,
) -> impl IntoView {
    let i18n = use_i18n();
    let fact = q.fact.clone();
    let count = q.rows.len();
    let help_id = format!("help-{fact}");
    let error_id = format!("error-{fact}");
    let described = if q.error.is_some() {
        format!("{help_id} {error_id}")
    } else {
        help_id.clone()
    };
    let noun = q.item_label.clone();
    let rows = q.rows.into_iter().map(|row| {
        let remove = format!("remove:{fact}:{}", row.number);
        let entry = row.legend.to_lowercase();
        let legend = row.legend.clone();
        view! {
            <fieldset class="mt-3 rounded border border-slate-300 p-3" data-testid="list-entry">
                <legend class="px-1 font-semibold">{legend}</legend>
                <div class="space-y-3">
                    {row.fields.into_iter().map(|f| view! { <Question q=f /> }).collect_view()}
                </div>
                <button type="submit" name="go" value=remove formnovalidate=true
                    class="mt-2 rounded-md border border-red-800 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50">
                    {t!(i18n, wizard_list_remove, entry = { let entry = entry.clone(); move || entry.clone() })}
                </button>
            </fieldset>
        }
    }).collect_view();
    view! {
        <fieldset id=format!("field-{fact}") aria-describedby=described aria-invalid=q.error.is_some().then_some("true")
            class="rounded border border-slate-200 bg-white p-4" data-testid=format!("list-{fact}")>
            <legend class="px-1 font-medium">{q.question.clone()}</legend>
            <p id=help_id class="mt-1 text-sm text-slate-700">{q.help.clone()}</p>
            <p class="mt-1 text-sm font-medium text-slate-800" data-testid="entry-count">
                {t!(i18n, wizard_list_count, n = move || count)}
            </p>
            <input type="hidden" name=format!("answers[{fact}.rows]") value=count.to_string() />
            {rows}
            {q.error.clone().map(|e| view! { <p id=error_id.clone() class="mt-1 font-medium text-red-800" data-testid="field-error">{e}</p> })}
            {q.can_add.then(|| view! {
                <button type="submit" name="go" value=format!("add:{fact}") formnovalidate=true
                    class="mt-3 rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50">
                    {t!(i18n, wizard_list_add, noun = { let noun = noun.clone(); move || noun.clone() })}
                </button>
            })}
        </fieldset>
    }
}
