//! A measure's lifecycle state as a badge (catalog cards and the measure page), worded in the
//! reader's language; the state itself is derived on the server for the day.
use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// The badge for a state slug (`open`, `closing_soon`, ...); nothing for an unknown one.
#[component]
pub fn LifecycleBadge(
    /// The state's slug.
    state: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let (class, text) = match state.as_str() {
        "announced" => (
            "bg-violet-50 text-violet-900",
            t!(i18n, state_announced).into_any(),
        ),
        "open" => (
            "bg-green-50 text-green-900",
            t!(i18n, state_open).into_any(),
        ),
        "closing_soon" => (
            "bg-amber-50 text-amber-900",
            t!(i18n, state_closing_soon).into_any(),
        ),
        "expired" => (
            "bg-slate-200 text-slate-900",
            t!(i18n, state_expired).into_any(),
        ),
        "superseded" => (
            "bg-slate-200 text-slate-900",
            t!(i18n, state_superseded).into_any(),
        ),
        "budget_exhausted" => (
            "bg-red-50 text-red-900",
            t!(i18n, state_budget_exhausted).into_any(),
        ),
        _ => return ().into_any(),
    };
    view! {
        <li class=format!("rounded px-2 py-1 font-medium {class}") data-testid="lifecycle" data-state=state.clone()>{text}</li>
    }
    .into_any()
}
