//! `/updates`: the published announcements, newest first, each an `<article>` whose id is the
//! anchor the home page and the feed link to.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::updates::published_updates;
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::updates::PublicAnnouncement;

/// The public list of announcements.
#[component]
pub fn UpdatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let updates = Resource::new(|| (), |_| published_updates());
    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, updates_title).to_string()) />
        <h1 class="text-3xl font-bold">{t!(i18n, updates_title)}</h1>
        <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, updates_intro)}</p>
        <p class="mt-2">
            <a class="text-blue-800 underline" href="/updates.atom" type="application/atom+xml" data-testid="atom-link">
                {t!(i18n, updates_feed)}
            </a>
        </p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match updates.await {
                    Ok(list) if list.is_empty() => {
                        view! { <p class="mt-6 text-slate-700">{t!(i18n, no_updates)}</p> }.into_any()
                    }
                    Ok(list) => view! {
                        <div class="mt-6 space-y-6" data-testid="updates-list">
                            {list.into_iter().map(|a| view! { <Announcement announcement=a /> }).collect_view()}
                        </div>
                    }
                        .into_any(),
                    Err(_) => view! { <p role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One published announcement.
#[component]
fn Announcement(
    /// The announcement, its body already sanitised on the server.
    announcement: PublicAnnouncement,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = announcement;
    let heading = format!("{}-title", a.id);
    let labelled_by = heading.clone();
    let anchor = a.id.clone();
    let date = a.published_on.clone();
    let has_measures = !a.measures.is_empty();
    view! {
        <article
            id=anchor
            aria-labelledby=labelled_by
            class="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
            data-testid="announcement"
        >
            <h2 id=heading class="text-2xl font-semibold">{a.title}</h2>
            <p class="mt-1 text-sm text-slate-700">
                {t!(i18n, updates_published_on)}
                " "
                <time datetime=date>{a.published_on}</time>
            </p>
            // Rendered from Markdown and cleaned by an allow-list on the server (backend::markdown).
            <div
                class="mt-3 max-w-prose space-y-3 [&_a]:text-blue-800 [&_a]:underline [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6 [&_h3]:text-xl [&_h3]:font-semibold [&_h4]:font-semibold [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3"
                data-testid="announcement-body"
                inner_html=a.html
            ></div>
            {has_measures.then(|| view! {
                <h3 class="mt-4 text-lg font-semibold">{t!(i18n, updates_related)}</h3>
                <ul class="mt-1 list-disc pl-6" data-testid="announcement-measures">
                    {a.measures.into_iter().map(|m| view! {
                        <li><a class="text-blue-800 underline" href=format!("/measures/{}", m.id)>{m.title}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </article>
    }
}
