//! A measure whose outcome changed between two catalog versions, with the published changes
//! that caused it (the results page's "what changed" panel and a profile's entries).
use leptos::prelude::*;

use crate::i18n::{t, use_i18n};
use crate::wire::wizard::ChangeLine;

/// One measure whose outcome changed, with its causes.
#[component]
pub fn ChangeItem(
    /// The line.
    l: ChangeLine,
) -> impl IntoView {
    let i18n = use_i18n();
    let (b, a) = (l.before.clone(), l.after.clone());
    let what = match l.kind.as_str() {
        "gained" => t!(i18n, results_change_gained, after = move || a.clone()).into_any(),
        "lost" => t!(i18n, results_change_lost, before = move || b.clone()).into_any(),
        _ => t!(
            i18n,
            results_change_amount,
            before = move || b.clone(),
            after = move || a.clone()
        )
        .into_any(),
    };
    view! {
        <li data-testid="change-line" data-measure=l.measure.clone() data-kind=l.kind.clone()>
            <a class="font-medium text-blue-900 underline" href=format!("/measures/{}", l.measure)>{l.title.clone()}</a>": "{what}
            {if l.causes.is_empty() {
                view! { <p class="text-sm text-slate-800">{t!(i18n, results_change_no_cause)}</p> }.into_any()
            } else {
                view! {
                    <ul class="list-disc pl-6 text-sm">
                        {l.causes.into_iter().map(|c| {
                            let (field, before, after, from, to, date) = (c.field.clone(), c.before.clone(), c.after.clone(), c.from_version, c.to_version, c.effective_from.clone());
                            view! {
                                <li data-testid="change-cause">
                                    {t!(i18n, results_change_cause, field = move || field.clone(), before = move || before.clone(), after = move || after.clone(), from = move || from, to = move || to, date = move || date.clone())}
                                    " "<a class="text-blue-800 underline" href=c.link.clone()>{t!(i18n, results_change_link)}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </li>
    }
}
