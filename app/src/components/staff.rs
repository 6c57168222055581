//! The frame of every staff page: it asks the server who is signed in, sends anonymous visitors
//! to the sign-in page, refuses a role that is too low (with a 403), and shows the staff menu.
//! This only hides pages; every staff server function checks the session and role itself.
use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_location};

use crate::wire::errors::AppError;

use crate::api::staff::{current_staff, SignOut};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::staff::{Access, Role, StaffUser};

/// Shows `view` for a signed-in member whose role includes `needed`.
///
/// A page creates its own resources at its top, before the gate, never inside `view`: `view`
/// runs in an async part of the page, and resources created there could be created in another
/// order in the browser than on the server, so hydration would miss their data.
#[component]
pub fn StaffGate(
    /// Who may see the page.
    #[prop(into)]
    needed: Access,
    /// The page, given the signed-in member.
    view: Arc<dyn Fn(StaffUser) -> AnyView + Send + Sync>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| current_staff());
    let location = use_location();
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match me.await {
                        Ok(Some(user)) if needed.allows(user.role) => view! {
                            <StaffMenu user=user.clone() />
                            {view(user)}
                        }
                        .into_any(),
                        Ok(Some(user)) => {
                            forbidden_status();
                            view! {
                                <StaffMenu user />
                                <h1 class="text-2xl font-bold">{t!(i18n, staff_not_allowed)}</h1>
                                <p class="mt-4" role="alert">
                                    {match needed {
                                        Access::Member => t!(i18n, staff_needs_account).into_any(),
                                        Access::Role(r) => t!(i18n, staff_needs_role, role = move || r.slug()).into_any(),
                                    }}
                                </p>
                            }
                            .into_any()
                        }
                        Ok(None) => {
                            let next = location.pathname.get_untracked();
                            let path = format!("/staff/sign-in?next={}", crate::wire::catalog::encode(&next));
                            view! { <Redirect path /> }.into_any()
                        }
                        Err(_) => view! { <p role="alert">{t!(i18n, staff_session_error)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A staff page: its title, and `view` behind the [`StaffGate`] (resources are created before,
/// at the top of the page).
#[component]
pub fn StaffPage<F, V>(
    /// The page title (a text, or a function giving it in the reader's language).
    #[prop(into)]
    title: TextProp,
    /// Who may see the page.
    #[prop(into)]
    needed: Access,
    /// The page, given the signed-in member.
    view: F,
) -> impl IntoView
where
    F: Fn(StaffUser) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Title text=title />
        <StaffGate needed view=Arc::new(move |user| view(user).into_any()) />
    }
}

fn forbidden_status() {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::FORBIDDEN);
    }
}

/// The staff navigation with the member's name and sign-out.
#[component]
pub fn StaffMenu(
    /// The signed-in member.
    user: StaffUser,
) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    let admin = user.role.allows(Role::Admin);
    let catalog = user.role.allows(Role::Editor);
    let reviewer = user.role.allows(Role::Reviewer);
    view! {
        <nav aria-label=move || t_string!(i18n, staff_nav).to_string() class="mb-6 flex flex-wrap items-center gap-4 rounded border border-slate-300 bg-white px-4 py-2 text-sm">
            <a class="text-blue-800 underline" href="/staff">{t!(i18n, staff_nav_home)}</a>
            {catalog.then(|| view! {
                <a class="text-blue-800 underline" href="/staff/measures">{t!(i18n, staff_nav_measures)}</a>
                <a class="text-blue-800 underline" href="/staff/reference/facts">{t!(i18n, ref_facts)}</a>
                <a class="text-blue-800 underline" href="/staff/reference/rules">{t!(i18n, ref_rules)}</a>
                <a class="text-blue-800 underline" href="/staff/reference/documents">{t!(i18n, ref_documents)}</a>
                <a class="text-blue-800 underline" href="/staff/updates">{t!(i18n, staff_nav_announcements)}</a>
                <a class="text-blue-800 underline" href="/staff/catalog">{t!(i18n, staff_nav_catalog)}</a>
            })}
            {reviewer.then(|| view! { <a class="text-blue-800 underline" href="/staff/applications">{t!(i18n, staff_nav_applications)}</a> })}
            {admin.then(|| view! { <a class="text-blue-800 underline" href="/staff/audit">{t!(i18n, staff_nav_audit)}</a> })}
            {admin.then(|| view! { <a class="text-blue-800 underline" href="/staff/users">{t!(i18n, staff_nav_accounts)}</a> })}
            <a class="text-blue-800 underline" href="/staff/account">{t!(i18n, staff_nav_account)}</a>
            <span class="ml-auto text-slate-700" data-testid="staff-identity">
                {format!("{} ({})", user.email, user.role.slug())}
            </span>
            <ActionForm action=sign_out>
                <input type="hidden" name="csrf" value=user.csrf.clone() />
                <button type="submit" class="rounded border border-blue-800 px-3 py-1 text-blue-800 hover:bg-blue-50">{t!(i18n, staff_sign_out)}</button>
            </ActionForm>
        </nav>
    }
}

/// A form error from a server function's answer, announced to screen readers.
#[component]
pub fn ActionError(
    /// The message, if the last submission failed.
    message: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p role="alert" class="mt-3 rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" data-testid="form-error">{m}</p>
            }
        })
    }
}

/// The message of a server action's last failure, for [`ActionError`].
pub fn failure<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || value.get().and_then(|r| r.err()).map(|e| error_text(&e)))
}

/// The message of a failed server function, as the person should read it: each refused
/// field with its message, or the error as a whole. (Only for showing: forms that place
/// messages next to their fields read [`AppError::message_for`] instead.)
pub fn error_text(e: &AppError) -> String {
    match e.field_errors() {
        [] => e.to_string(),
        fields => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A translation with `{name}` placeholders filled in, for the few places that need the text
/// as a string (an attribute, a caption, a field's label or help) rather than as a view.
/// `t_string!` does not interpolate (leptos_i18n's `interpolate_display` option is off), so
/// these keys write `{name}` where the others write `{{ name }}` for `t!`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The column headings of a [`RecordTable`](crate::components::table::RecordTable) in the
/// reader's language, from translation keys: `headings!(i18n, [key, key])`. The table takes a
/// `'static` list, so each place keeps one list per language, made the first time it is needed.
macro_rules! headings {
    ($i18n:expr, [$($key:ident),+ $(,)?]) => {{
        use $crate::i18n::I18nLocaleTrait as _;
        type Made = ::std::vec::Vec<($crate::i18n::Locale, ::std::vec::Vec<&'static str>)>;
        static MADE: ::std::sync::OnceLock<Made> = ::std::sync::OnceLock::new();
        let locale = $i18n.get_locale_untracked();
        let made: &'static Made = MADE.get_or_init(|| {
            $crate::i18n::Locale::get_all()
                .iter()
                .map(|l| (*l, ::std::vec![$($crate::i18n::td_string!(*l, $key)),+]))
                .collect()
        });
        made.iter()
            .find(|(l, _)| *l == locale)
            .map_or(&[][..], |(_, h)| h.as_slice())
    }};
}
pub(crate) use headings;
