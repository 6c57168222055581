//! Save, publish and archive: the buttons, the dates and note they take, and the outcome of the
//! last one.
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::{BUTTON, OUTLINE};
use crate::api::editor::{
    archive_measure, impact_preview, impact_progress, publish_measure, save_measure,
};
use crate::components::staff::error_text;
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::Measure;
use crate::wire::editor::{ImpactProgress, ImpactView, Saved};
use crate::wire::errors::AppError;

/// Outcome of the last save, publish or archive.
#[derive(Clone)]
struct Notice {
    ok: bool,
    text: String,
    announce: Option<String>,
}

/// What the actions share: the locking counter, whether the measure is stored yet, whether one
/// is under way, and the outcome of the last one.
#[derive(Clone, Copy)]
struct Progress {
    lock: RwSignal<i64>,
    is_new: RwSignal<bool>,
    busy: RwSignal<bool>,
    notice: RwSignal<Option<Notice>>,
}

impl Progress {
    /// Runs an action: the buttons wait for it, then its outcome shows and, when it succeeded,
    /// the new locking counter is kept and `announce` offered.
    fn run(
        self,
        call: impl Future<Output = Result<Saved, AppError>> + 'static,
        announce: Option<String>,
    ) {
        self.busy.set(true);
        spawn_local(async move {
            let r = call.await;
            self.busy.set(false);
            self.notice.set(Some(match r {
                Ok(s) => {
                    self.lock.set(s.lock_version);
                    self.is_new.set(false);
                    Notice {
                        ok: true,
                        text: s.message,
                        announce,
                    }
                }
                Err(e) => Notice {
                    ok: false,
                    text: error_text(&e),
                    announce: None,
                },
            }));
        });
    }
}

/// The "Save and publish" section of the editor.
#[component]
pub(super) fn Actions(
    /// The measure being edited.
    measure: RwSignal<Measure>,
    /// The session's anti-forgery token.
    csrf: String,
    /// Whether the member may publish and archive.
    publisher: bool,
    /// The locking counter as loaded.
    lock_version: i64,
    /// Whether the measure is new (not stored yet).
    is_new: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let progress = Progress {
        lock: RwSignal::new(lock_version),
        is_new: RwSignal::new(is_new),
        busy: RwSignal::new(false),
        notice: RwSignal::new(None),
    };
    let Progress {
        lock,
        is_new: stored_new,
        busy,
        notice,
    } = progress;
    let csrf = StoredValue::new(csrf);
    let save = move |_| {
        let m = measure.get_untracked();
        let call = save_measure(
            csrf.get_value(),
            m,
            lock.get_untracked(),
            stored_new.get_untracked(),
        );
        progress.run(call, None);
    };
    let effective = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let publish = move |_| {
        let m = measure.get_untracked();
        let announce = format!("/staff/updates/new?measure={}", m.id);
        let call = publish_measure(
            csrf.get_value(),
            m,
            lock.get_untracked(),
            stored_new.get_untracked(),
            effective.get_untracked(),
            note.get_untracked(),
        );
        progress.run(call, Some(announce));
    };
    // The impact preview: computed on the server over the stored answers (in the background
    // for a large store, followed until it finishes); the last one shown.
    let impact: RwSignal<Option<Result<ImpactProgress, AppError>>> = RwSignal::new(None);
    let impact_busy = RwSignal::new(false);
    let preview_impact = move |_| {
        let call = impact_preview(measure.get_untracked(), effective.get_untracked());
        impact_busy.set(true);
        spawn_local(async move {
            let r = call.await;
            impact_busy.set(false);
            follow_impact(r, impact);
        });
    };
    let archive_from = RwSignal::new(String::new());
    let archive = move |_| {
        let id = measure.get_untracked().id;
        let call = archive_measure(
            csrf.get_value(),
            id,
            lock.get_untracked(),
            archive_from.get_untracked(),
        );
        progress.run(call, None);
    };
    view! {
        <section aria-labelledby="actions-heading" class="space-y-4 rounded border border-slate-400 bg-white p-4">
            <h2 id="actions-heading" class="text-xl font-semibold">{t!(i18n, editor_actions)}</h2>
            {move || notice.get().map(|n| {
                let class = if n.ok { "rounded bg-green-50 p-3 text-green-900" } else { "rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" };
                view! {
                    <div role=if n.ok { "status" } else { "alert" } class=class data-testid="editor-notice">
                        <p>{n.text.clone()}</p>
                        {n.announce.clone().map(|href| view! { <p class="mt-2"><a class="text-blue-800 underline" href=href>{t!(i18n, editor_write_announcement)}</a></p> })}
                    </div>
                }
            })}
            <button type="button" class=OUTLINE on:click=save disabled=move || busy.get()>{t!(i18n, editor_save_draft)}</button>
            {if publisher {
                view! {
                    <div class="grid gap-4 md:grid-cols-2">
                        <div>
                            <label for="publish-from" class="block font-medium">{t!(i18n, editor_publish_from)}</label>
                            <p id="publish-from-help" class="text-sm text-slate-700">{t!(i18n, editor_publish_from_help)}</p>
                            <input id="publish-from" type="date" aria-describedby="publish-from-help" class="mt-1 w-full rounded border border-slate-500 px-3 py-2" prop:value=move || effective.get() on:input=move |ev| effective.set(event_target_value(&ev)) />
                        </div>
                        <div>
                            <label for="publish-note" class="block font-medium">{t!(i18n, editor_publish_note)}</label>
                            <input id="publish-note" type="text" class="mt-1 w-full rounded border border-slate-500 px-3 py-2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                        </div>
                    </div>
                    <div class="flex flex-wrap gap-3">
                        <button type="button" class=OUTLINE on:click=preview_impact disabled=move || impact_busy.get() data-testid="impact-button">{t!(i18n, editor_preview_impact)}</button>
                        <button type="button" class=BUTTON on:click=publish disabled=move || busy.get()>{t!(i18n, editor_publish)}</button>
                    </div>
                    {move || impact_busy.get().then(|| view! { <p role="status" class="text-slate-700">{t!(i18n, editor_impact_computing)}</p> })}
                    {move || impact.get().map(|r| match r {
                        Ok(ImpactProgress { view: Some(v), .. }) => view! { <Impact v /> }.into_any(),
                        Ok(ImpactProgress { failed: Some(why), .. }) => view! { <p role="alert" class="rounded border-2 border-red-700 bg-red-50 p-3 text-red-900">{why}</p> }.into_any(),
                        Ok(p) => view! {
                            <div role="status" class="text-slate-700" data-testid="impact-progress">
                                <label for="impact-progress-bar">{let (done, total) = (p.done, p.total); t!(i18n, editor_impact_progress, done = move || done, total = move || total)}</label>
                                <progress id="impact-progress-bar" class="ml-2 align-middle" max=p.total.max(1) value=p.done></progress>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p role="alert" class="rounded border-2 border-red-700 bg-red-50 p-3 text-red-900">{error_text(&e)}</p> }.into_any(),
                    })}
                    {(!is_new).then(|| view! {
                        <div class="mt-4 border-t border-slate-300 pt-4">
                            <label for="archive-from" class="block font-medium">{t!(i18n, editor_archive_from)}</label>
                            <input id="archive-from" type="date" class="mt-1 rounded border border-slate-500 px-3 py-2" prop:value=move || archive_from.get() on:input=move |ev| archive_from.set(event_target_value(&ev)) />
                            <button type="button" class="ml-2 rounded-md border border-red-800 px-4 py-2 font-medium text-red-800 hover:bg-red-50" on:click=archive disabled=move || busy.get()>{t!(i18n, editor_archive)}</button>
                        </div>
                    })}
                }.into_any()
            } else {
                view! { <p class="text-slate-700" data-testid="publisher-needed">{t!(i18n, editor_publisher_needed)}</p> }.into_any()
            }}
        </section>
    }
}

/// Shows an impact preview's answer and, while its background job runs, asks again every
/// second.
fn follow_impact(
    answer: Result<ImpactProgress, AppError>,
    shown: RwSignal<Option<Result<ImpactProgress, AppError>>>,
) {
    let again = match &answer {
        Ok(p) if p.view.is_none() && p.failed.is_none() && !p.job.is_empty() => Some(p.job.clone()),
        _ => None,
    };
    shown.set(Some(answer));
    if let Some(job) = again {
        set_timeout(
            move || {
                spawn_local(async move {
                    follow_impact(impact_progress(job).await, shown);
                })
            },
            std::time::Duration::from_secs(1),
        );
    }
}

/// The impact preview's figures and examples.
#[component]
fn Impact(
    /// What the server computed.
    v: ImpactView,
) -> impl IntoView {
    let i18n = use_i18n();
    let stored = v.results + v.profiles;
    let (as_of, results, profiles) = (v.as_of.clone(), v.results, v.profiles);
    let heading = t!(
        i18n,
        editor_impact_heading,
        as_of = move || as_of.clone(),
        stored = move || stored,
        results = move || results,
        profiles = move || profiles
    );
    let outcome = move |amount: &str| {
        if amount.is_empty() {
            t_string!(i18n, editor_not_eligible).to_string()
        } else {
            amount.to_string()
        }
    };
    view! {
        <section aria-labelledby="impact-heading" class="rounded border border-slate-400 bg-slate-50 p-3" data-testid="impact">
            <h3 id="impact-heading" class="font-semibold">{heading}</h3>
            <table class="mt-2 text-sm">
                <caption class="sr-only">{t!(i18n, editor_impact_caption)}</caption>
                <tbody>
                    <tr><th scope="row" class="pr-4 text-left font-medium">{t!(i18n, editor_impact_gained)}</th><td data-testid="impact-gained">{v.gained}</td></tr>
                    <tr><th scope="row" class="pr-4 text-left font-medium">{t!(i18n, editor_impact_lost)}</th><td data-testid="impact-lost">{v.lost}</td></tr>
                    <tr><th scope="row" class="pr-4 text-left font-medium">{t!(i18n, editor_impact_changed)}</th><td data-testid="impact-changed">{v.changed}</td></tr>
                    <tr><th scope="row" class="pr-4 text-left font-medium">{t!(i18n, editor_impact_before)}</th><td data-testid="impact-before">{v.total_before.clone()}</td></tr>
                    <tr><th scope="row" class="pr-4 text-left font-medium">{t!(i18n, editor_impact_after)}</th><td data-testid="impact-after">{v.total_after.clone()}</td></tr>
                </tbody>
            </table>
            {(!v.examples.is_empty()).then(|| view! {
                <ul class="mt-2 space-y-2 text-sm">
                    {v.examples.into_iter().map(move |e| view! {
                        <li data-testid="impact-example" data-kind=e.kind.clone()>
                            <details>
                                <summary class="cursor-pointer">{format!("{}: {} → {}", e.label, outcome(&e.before), outcome(&e.after))}</summary>
                                <p class="mt-1 font-medium">{t!(i18n, editor_impact_now)}</p>
                                <ol class="list-decimal pl-6">{e.trace_before.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol>
                                <p class="mt-1 font-medium">{t!(i18n, editor_impact_after)}</p>
                                <ol class="list-decimal pl-6">{e.trace_after.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol>
                            </details>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
