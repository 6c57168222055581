//! `/profiles/{token}`: a saved profile under its secret link: what its answers qualify for
//! today, the published changes that altered it (also as an Atom feed), e-mail alerts, and the
//! owner's forms (rename, update answers, delete). Every form is a plain post.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::profiles::load_profile;
use crate::components::change_line::ChangeItem;
use crate::components::loading::{path_param, Found};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::profiles::{EmailState, ProfileEntry, ProfileView};

const BUTTON: &str =
    "rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50";
const INPUT: &str = "mt-1 w-full max-w-md rounded border border-slate-500 px-2 py-1";

/// The profile route.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let token = path_param("token");
    let profile = Resource::new(move || token.get(), load_profile);
    let deleted = use_query_map().get_untracked().get("done").as_deref() == Some("deleted");
    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, profile_title).to_string()) />
        // The address is the owner's key: never indexed.
        <Meta name="robots" content="noindex" />
        <Found resource=profile found={move |p| view! { <ProfileBody p /> }}
            missing={move || view! {
                <h1 class="text-2xl font-bold">{t!(i18n, profile_title)}</h1>
                {if deleted {
                    view! { <p class="mt-4" role="status" data-testid="profile-deleted">{t!(i18n, profile_deleted)}</p> }.into_any()
                } else {
                    view! { <p class="mt-4" data-testid="profile-not-found">{t!(i18n, profile_not_found)}</p> }.into_any()
                }}
            }} />
    }
}

/// The flash line of the last post, in the reader's language: (success, text).
fn flash() -> Option<(bool, String)> {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    if let Some(code) = q.get("error") {
        let text = match code.as_str() {
            "name" => t_string!(i18n, profile_err_name),
            "email" => t_string!(i18n, profile_err_email),
            "limit" => t_string!(i18n, profile_err_limit),
            "confirm" => t_string!(i18n, profile_err_confirm),
            _ => t_string!(i18n, profile_err_failed),
        };
        return Some((false, text.to_string()));
    }
    let text = match q.get("done").as_deref() {
        Some("saved") => t_string!(i18n, profile_saved),
        Some("renamed") => t_string!(i18n, profile_renamed),
        Some("email_sent") => t_string!(i18n, profile_email_sent),
        Some("email_removed") => t_string!(i18n, profile_email_removed),
        Some("email_confirmed") => t_string!(i18n, profile_email_confirmed),
        Some("unsubscribed") => t_string!(i18n, profile_unsubscribed),
        _ => return None,
    };
    Some((true, text.to_string()))
}

#[component]
fn ProfileBody(
    /// The profile.
    p: ProfileView,
) -> impl IntoView {
    let i18n = use_i18n();
    let link = format!("/profiles/{}", p.token);
    let (created, updated, as_of, total) = (
        p.created_on.clone(),
        p.updated_on.clone(),
        p.as_of.clone(),
        p.total.clone(),
    );
    let pending = p.pending;
    let answers = p.answers;
    let saved = use_query_map().get_untracked().get("done").as_deref() == Some("saved");
    view! {
        <h1 class="text-3xl font-bold" data-testid="profile-name">{p.name.clone()}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, profile_dates, created = move || created.clone(), updated = move || updated.clone(), answers = move || answers)}</p>
        {flash().map(|(ok, text)| {
            let class = if ok { "mt-4 rounded border-2 border-green-800 bg-green-50 p-3 text-green-900" } else { "mt-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" };
            view! { <p role=if ok { "status" } else { "alert" } class=class data-testid="profile-flash">{text}</p> }
        })}
        <div class="mt-4 rounded border-2 border-blue-800 bg-blue-50 p-3" role=saved.then_some("status")>
            <p class="font-medium">{t!(i18n, profile_keep_link)}</p>
            <p class="mt-1 break-all"><span class="sr-only">{t!(i18n, profile_link_label)}": "</span><a class="text-blue-800 underline" href=link.clone() data-testid="profile-link">{link.clone()}</a></p>
        </div>
        <section class="mt-6 rounded-lg border-2 border-blue-800 bg-white p-4" aria-labelledby="today-heading">
            <h2 id="today-heading" class="text-xl font-semibold">{t!(i18n, profile_today, date = move || as_of.clone())}</h2>
            <p class="mt-1 text-lg" data-testid="profile-total">{t!(i18n, profile_total, total = move || total.clone())}</p>
            {if p.eligible.is_empty() {
                view! { <p class="mt-2">{t!(i18n, results_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 list-disc space-y-1 pl-6">
                        {p.eligible.iter().map(|m| view! {
                            <li data-testid="profile-measure" data-measure=m.id.clone()>
                                <a class="text-blue-900 underline" href=format!("/measures/{}", m.id)>{m.title.clone()}</a>
                                {(!m.counted.is_empty()).then(|| format!(": {}", m.counted))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(pending > 0).then(|| view! { <p class="mt-2 text-slate-800">{t!(i18n, profile_pending, count = move || pending)}</p> })}
            {p.result_id.clone().map(|id| view! { <p class="mt-2"><a class="text-blue-800 underline" href=format!("/results/{id}") data-testid="profile-result">{t!(i18n, profile_full_result)}</a></p> })}
        </section>
        <Entries entries=p.entries.clone() feed=format!("{link}/feed.atom") />
        <Alerts token=p.token.clone() email=p.email.clone() state=p.email_state />
        <Manage token=p.token.clone() name=p.name.clone() />
    }
}

/// The published changes that altered the profile, newest first, and the feed's link.
#[component]
fn Entries(
    /// Newest first.
    entries: Vec<ProfileEntry>,
    /// The Atom feed's address.
    feed: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-6 rounded border border-slate-300 bg-white p-4" aria-labelledby="changes-heading" id="changes">
            <h2 id="changes-heading" class="text-xl font-semibold">{t!(i18n, profile_changes_heading)}</h2>
            <p class="mt-1 text-sm text-slate-800">{t!(i18n, profile_changes_intro)}" "
                <a class="text-blue-800 underline" href=feed type="application/atom+xml" data-testid="profile-feed">{t!(i18n, profile_feed)}</a>
            </p>
            {if entries.is_empty() {
                view! { <p class="mt-2" data-testid="profile-no-entries">{t!(i18n, profile_no_entries)}</p> }.into_any()
            } else {
                view! {
                    <ol class="mt-2 space-y-4">
                        {entries.into_iter().map(|e| {
                            let day: String = e.created_at.chars().take(10).collect();
                            let (from, to) = (e.from_version.clone(), e.to_version.clone());
                            let heading = format!("entry-{}-heading", e.id);
                            let labelled = heading.clone();
                            view! {
                                <li id=format!("entry-{}", e.id) data-testid="profile-entry">
                                    <article aria-labelledby=labelled>
                                        <h3 id=heading class="font-semibold">{t!(i18n, profile_entry_heading, date = move || day.clone(), from = move || from.clone(), to = move || to.clone())}</h3>
                                        <ul class="mt-1 space-y-2">
                                            {e.lines.into_iter().map(|l| view! { <ChangeItem l /> }).collect_view()}
                                        </ul>
                                    </article>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// E-mail alerts: the address, its state, set or remove it.
#[component]
fn Alerts(
    /// Profile token.
    token: String,
    /// The address, if any.
    email: Option<String>,
    /// Whether it is confirmed.
    state: EmailState,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = email.clone().unwrap_or_default();
    let status = match state {
        EmailState::None => t!(i18n, profile_email_none).into_any(),
        EmailState::Pending => {
            let e = shown.clone();
            t!(i18n, profile_email_pending, email = move || e.clone()).into_any()
        }
        EmailState::Confirmed => {
            let e = shown.clone();
            t!(
                i18n,
                profile_email_confirmed_state,
                email = move || e.clone()
            )
            .into_any()
        }
    };
    view! {
        <section class="mt-6 rounded border border-slate-300 bg-white p-4" aria-labelledby="alerts-heading" id="alerts">
            <h2 id="alerts-heading" class="text-xl font-semibold">{t!(i18n, profile_alerts_heading)}</h2>
            <p class="mt-1" data-testid="profile-email-state" data-state=format!("{state:?}").to_lowercase()>{status}</p>
            <form method="post" action=format!("/profiles/{token}/email") class="mt-3 space-y-2">
                <div>
                    <label for="profile-email" class="block text-sm font-medium">{t!(i18n, profile_email_label)}</label>
                    <input id="profile-email" name="email" type="email" autocomplete="email" value=shown.clone() class=INPUT aria-describedby="profile-email-help" />
                    <p id="profile-email-help" class="text-sm text-slate-800">{t!(i18n, profile_email_help)}</p>
                </div>
                <button type="submit" class=BUTTON>{t!(i18n, profile_email_save)}</button>
            </form>
            {email.is_some().then(|| view! {
                <form method="post" action=format!("/profiles/{token}/email") class="mt-2">
                    <input type="hidden" name="email" value="" />
                    <button type="submit" class=BUTTON data-testid="profile-email-remove">{t!(i18n, profile_email_remove)}</button>
                </form>
            })}
        </section>
    }
}

/// The owner's forms: rename, update the answers, delete.
#[component]
fn Manage(
    /// Profile token.
    token: String,
    /// Current name.
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-6 rounded border border-slate-300 bg-white p-4" aria-labelledby="manage-heading" id="name">
            <h2 id="manage-heading" class="text-xl font-semibold">{t!(i18n, profile_manage_heading)}</h2>
            <form method="post" action=format!("/profiles/{token}/name") class="mt-3 flex flex-wrap items-end gap-2">
                <div class="grow">
                    <label for="profile-name" class="block text-sm font-medium">{t!(i18n, profile_name_label)}</label>
                    <input id="profile-name" name="name" type="text" maxlength="100" value=name class=INPUT />
                </div>
                <button type="submit" class=BUTTON>{t!(i18n, profile_rename)}</button>
            </form>
            <form method="post" action=format!("/profiles/{token}/answers") class="mt-4">
                <p class="text-sm text-slate-800">{t!(i18n, profile_update_help)}</p>
                <button type="submit" class=format!("mt-1 {BUTTON}") data-testid="profile-update">{t!(i18n, profile_update)}</button>
            </form>
            <form method="post" action=format!("/profiles/{token}/delete") class="mt-4 rounded border border-red-700 p-3">
                <div class="flex items-start gap-2">
                    <input id="profile-delete-confirm" name="confirm" type="checkbox" value="yes" required class="mt-1" />
                    <label for="profile-delete-confirm">{t!(i18n, profile_delete_confirm)}</label>
                </div>
                <button type="submit" class="mt-2 rounded-md border border-red-800 px-3 py-1 font-medium text-red-800 hover:bg-red-50" data-testid="profile-delete">{t!(i18n, profile_delete)}</button>
            </form>
        </section>
    }
}
