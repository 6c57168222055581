//! The home page: what the platform is and where to start.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::status::{platform_status, ServiceStatus};

/// Landing page with a live read-out of the server's status, fetched through a server function.
#[component]
pub fn HomePage() -> impl IntoView {
    let check = Action::new(|_: &()| platform_status());
    let pending = check.pending();
    let result = check.value();

    view! {
        <Title text="" />
        <section aria-labelledby="intro-heading" class="space-y-4">
            <h1 id="intro-heading" class="text-3xl font-bold tracking-tight text-slate-900">
                "Find the innovation support you qualify for"
            </h1>
            <p class="max-w-prose text-lg text-slate-700">
                "Nanjing publishes dozens of measures for entrepreneurs: cash awards, R&D subsidies, rent-free space, tax refunds, loan guarantees, talent housing and IP litigation subsidies. This service gathers them in one place, asks about your company or yourself, and tells you which measures apply, how much each is worth, and exactly which document and item says so."
            </p>
        </section>
        <section aria-labelledby="status-heading" class="mt-10 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="status-heading" class="text-xl font-semibold">"Service status"</h2>
            <p class="mt-2 text-slate-700">"Ask the server whether the calculation service is up."</p>
            <button
                type="button"
                class="mt-4 rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
                on:click=move |_| {
                    check.dispatch(());
                }
                disabled=move || pending.get()
            >
                "Check service status"
            </button>
            <div role="status" aria-live="polite" class="mt-4 min-h-6" data-testid="status-output">
                {move || match result.get() {
                    None if pending.get() => view! { <span>"Checking…"</span> }.into_any(),
                    None => ().into_any(),
                    Some(Ok(status)) => view! { <StatusReadout status /> }.into_any(),
                    Some(Err(e)) => view! {
                        <span class="text-red-800">{format!("The server did not answer: {e}")}</span>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

/// Shows what the status server function returned.
#[component]
fn StatusReadout(
    /// The server's answer.
    status: ServiceStatus,
) -> impl IntoView {
    view! {
        <span class="font-medium text-green-900">
            {format!("Service {} is up (version {}).", status.service, status.version)}
        </span>
    }
}
