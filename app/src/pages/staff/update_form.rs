//! `/staff/updates/new` and `/staff/updates/{id}/edit`: the announcement form, and for
//! publishers the publish / unpublish controls. `?measure=<id>` links a measure in advance
//! (the measure editor sends publishers here after publishing a change).
use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

use crate::api::updates::{
    load_announcement, PublishAnnouncement, SaveAnnouncement, UnpublishAnnouncement,
};
use crate::components::loading::{path_param, Loaded};
use crate::components::staff::{error_text, failure, ActionError, StaffPage};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::staff::updates::state_label;
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};
use crate::wire::updates::{AnnouncementSaved, AnnouncementText};

/// A new announcement.
#[component]
pub fn NewAnnouncementPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = announcement_from_url();
    view! {
        <StaffPage title={move || t_string!(i18n, updates_staff_new).to_string()} needed=Role::Editor view={move |user| view! { <AnnouncementEditor user data /> }} />
    }
}

/// An existing announcement.
#[component]
pub fn EditAnnouncementPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = announcement_from_url();
    view! {
        <StaffPage title={move || t_string!(i18n, updates_staff_edit).to_string()} needed=Role::Editor view={move |user| view! { <AnnouncementEditor user data /> }} />
    }
}

/// The announcement a page loads.
type AnnouncementResource =
    Resource<Result<Option<crate::wire::updates::AnnouncementText>, AppError>>;

/// The announcement named in the URL (or a blank one, pre-linked to `?measure=`). Pages create
/// it at their top, not inside the gate's async part (see `StaffGate`).
fn announcement_from_url() -> AnnouncementResource {
    let query = use_query_map();
    let id = path_param("id");
    let measure = Memo::new(move |_| query.read().get("measure"));
    Resource::new(
        move || (id.get(), measure.get()),
        |(id, measure)| load_announcement(id, measure),
    )
}

/// Shows the form for the loaded announcement.
#[component]
fn AnnouncementEditor(
    /// The signed-in member.
    user: StaffUser,
    /// The announcement, loaded by the page.
    data: AnnouncementResource,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let just_saved = query.read_untracked().get("saved").is_some();
    view! {
        <p><a class="text-blue-800 underline" href="/staff/updates">{t!(i18n, updates_staff_back)}</a></p>
        <Loaded resource=data error_class="mt-4 text-red-900" view={move |found: Option<AnnouncementText>| match found {
            Some(announcement) => view! { <AnnouncementForm user=user.clone() announcement just_saved /> }.into_any(),
            None => view! {
                <h1 class="mt-4 text-2xl font-bold">{t!(i18n, updates_staff_not_found)}</h1>
                <p role="alert" class="mt-4">{t!(i18n, updates_staff_not_found_text)}</p>
            }
            .into_any(),
        }} />
    }
}

/// An action's last answer.
type Answer = Option<Result<AnnouncementSaved, AppError>>;

/// Keeps the form's locking counter, state and notice in step with an action's answers.
fn follow(
    value: impl Get<Value = Answer> + Send + Sync + 'static,
    lock: RwSignal<i64>,
    status: RwSignal<String>,
    notice: RwSignal<Option<String>>,
) {
    Effect::new(move |_| match value.get() {
        Some(Ok(saved)) => {
            lock.set(saved.lock_version);
            status.set(saved.status);
            notice.set(Some(saved.message));
        }
        Some(Err(_)) => notice.set(None),
        None => {}
    });
}

/// The hidden fields each announcement form sends: the session's token, the announcement and
/// the locking counter it was read at.
#[component]
fn RecordFields(
    /// The session's anti-forgery token.
    csrf: String,
    /// The announcement's id ("" for a new one).
    id: String,
    /// The locking counter.
    lock: RwSignal<i64>,
) -> impl IntoView {
    view! {
        <input type="hidden" name="csrf" value=csrf />
        <input type="hidden" name="id" value=id />
        <input type="hidden" name="lock_version" value=move || lock.get().to_string() />
    }
}

/// A field of the form: label, help, the control and the server's message about it.
#[component]
fn Field(
    /// The control's id, also the field's name in the server's messages.
    id: &'static str,
    /// What the help and message ids start with: `published-on-help`, `published-on-error`.
    slug: &'static str,
    /// Visible label.
    label: &'static str,
    /// Help under the label.
    help: &'static str,
    /// The server's message about the field.
    error: Signal<Option<String>>,
    /// The control.
    children: Children,
) -> impl IntoView {
    let error_id = format!("{slug}-error");
    view! {
        <div>
            <label for=id class="block font-medium">{label}</label>
            <p id=format!("{slug}-help") class="text-sm text-slate-700">{help}</p>
            {children()}
            <p id=error_id.clone() role="alert" class="text-sm font-medium text-red-800" data-testid=error_id>{error}</p>
        </div>
    }
}

/// The form. It is never reset after a refusal, so a refused save keeps the text typed.
#[component]
fn AnnouncementForm(
    /// The signed-in member.
    user: StaffUser,
    /// The announcement as loaded.
    announcement: AnnouncementText,
    /// Whether the page was reached just after creating the announcement.
    just_saved: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = announcement;
    let is_new = a.id.is_empty();
    let publisher = user.role.allows(Role::Publisher);
    let save = ServerAction::<SaveAnnouncement>::new();
    let publish = ServerAction::<PublishAnnouncement>::new();
    let unpublish = ServerAction::<UnpublishAnnouncement>::new();
    let lock = RwSignal::new(a.lock_version);
    let status = RwSignal::new(a.status.clone());
    let notice =
        RwSignal::new(just_saved.then(|| t_string!(i18n, updates_staff_draft_saved).to_string()));
    follow(save.value(), lock, status, notice);
    follow(publish.value(), lock, status, notice);
    follow(unpublish.value(), lock, status, notice);

    // A refusal field by field shows each message next to its field; any other failure
    // shows above the buttons.
    let save_error = Memo::new(move |_| save.value().get().and_then(|r| r.err()));
    let general = Signal::derive(move || {
        save_error
            .get()
            .filter(|e| e.field_errors().is_empty())
            .map(|e| error_text(&e))
    });
    let field_error = move |name: &'static str| {
        move || {
            save_error
                .get()
                .and_then(|e| e.message_for(name).map(str::to_owned))
        }
    };
    let invalid = move |name: &'static str| move || field_error(name)().is_some().to_string();
    let (publish_failed, unpublish_failed) = (failure(publish.value()), failure(unpublish.value()));
    let publish_failure =
        Signal::derive(move || publish_failed.get().or_else(|| unpublish_failed.get()));
    let locked_for_editor = move || !publisher && status.get() == "published";
    let heading = move || {
        if is_new {
            t_string!(i18n, updates_staff_new)
        } else {
            t_string!(i18n, updates_staff_edit)
        }
    };
    let public_link = format!("/updates#{}", a.id);
    let id = a.id.clone();
    let csrf = user.csrf.clone();
    let (form_csrf, form_id) = (csrf.clone(), id.clone());

    view! {
        <h1 class="mt-4 text-2xl font-bold">{heading}</h1>
        <div aria-live="polite">
            {move || notice.get().map(|m| view! {
                <p role="status" class="mt-4 rounded bg-green-50 p-3 text-green-900" data-testid="form-notice">{m}</p>
            })}
        </div>
        {move || locked_for_editor().then(|| view! {
            <p class="mt-4 rounded border border-amber-700 bg-amber-50 p-3 text-amber-900" data-testid="published-note">
                {t!(i18n, updates_staff_published_note)}
            </p>
        })}
        <ActionForm action=save attr:class="mt-6 max-w-3xl space-y-5" attr:data-testid="announcement-form">
            <RecordFields csrf=form_csrf id=form_id lock />
            <Field id="title" slug="title" label=t_string!(i18n, updates_staff_col_title) error=Signal::derive(field_error("title")) help=t_string!(i18n, updates_staff_title_help)>
                <input id="title" name="title" type="text" maxlength="200" required value=a.title.clone() aria-describedby="title-help title-error" aria-invalid=invalid("title") class="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
            </Field>
            <Field id="body" slug="body" label=t_string!(i18n, updates_staff_body) error=Signal::derive(field_error("body")) help=t_string!(i18n, updates_staff_body_help)>
                <textarea id="body" name="body" rows="12" required aria-describedby="body-help body-error" aria-invalid=invalid("body") class="mt-1 w-full rounded border border-slate-500 px-3 py-2 font-mono text-sm">{a.body.clone()}</textarea>
            </Field>
            <Field id="published_on" slug="published-on" label=t_string!(i18n, updates_staff_col_date) error=Signal::derive(field_error("published_on")) help=t_string!(i18n, updates_staff_date_help)>
                <input id="published_on" name="published_on" type="date" required value=a.published_on.clone() aria-describedby="published-on-help published-on-error" aria-invalid=invalid("published_on") class="mt-1 rounded border border-slate-500 px-3 py-2" />
            </Field>
            <Field id="measures" slug="measures" label=t_string!(i18n, updates_staff_measures) error=Signal::derive(field_error("measures")) help=t_string!(i18n, updates_staff_measures_help)>
                <input id="measures" name="measures" type="text" value=a.measures.join(", ") aria-describedby="measures-help measures-error" aria-invalid=invalid("measures") class="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
            </Field>
            <ActionError message=general />
            <button
                type="submit"
                class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60"
                disabled=move || save.pending().get()
                data-testid="save-announcement"
            >
                {move || if status.get() == "published" { t_string!(i18n, updates_staff_save_changes) } else { t_string!(i18n, updates_staff_save_draft) }}
            </button>
        </ActionForm>
        {(!is_new).then(|| view! {
            <section aria-labelledby="publication-heading" class="mt-10 max-w-3xl rounded border border-slate-300 bg-white p-4">
                <h2 id="publication-heading" class="text-xl font-semibold">{t!(i18n, updates_staff_publication)}</h2>
                <p class="mt-2">
                    {t!(i18n, updates_staff_state)}
                    <strong data-testid="announcement-status">{move || state_label(&status.get(), false)}</strong>
                </p>
                {move || (status.get() == "published").then(|| view! {
                    <p class="mt-2"><a class="text-blue-800 underline" href=public_link.clone()>{t!(i18n, updates_staff_see_public)}</a>{t!(i18n, updates_staff_from_date)}</p>
                })}
                {if publisher {
                    let (csrf, id) = (csrf.clone(), id.clone());
                    view! {
                        <p class="mt-2 text-slate-700">{t!(i18n, updates_staff_publish_note)}</p>
                        {move || {
                            let fields = view! { <RecordFields csrf=csrf.clone() id=id.clone() lock /> };
                            if status.get() == "published" {
                                view! { <ActionForm action=unpublish attr:class="mt-3">{fields}<button type="submit" class="rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50" data-testid="unpublish-announcement">{t!(i18n, updates_staff_unpublish)}</button></ActionForm> }.into_any()
                            } else {
                                view! { <ActionForm action=publish attr:class="mt-3">{fields}<button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900" data-testid="publish-announcement">{t!(i18n, updates_staff_publish)}</button></ActionForm> }.into_any()
                            }
                        }}
                        <ActionError message=publish_failure />
                    }.into_any()
                } else {
                    view! { <p class="mt-2 text-slate-700">{t!(i18n, updates_staff_publisher_only)}</p> }.into_any()
                }}
            </section>
        })}
    }
}
