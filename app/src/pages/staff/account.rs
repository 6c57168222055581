//! `/staff/account` (password change).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::staff::ChangePassword;
use crate::components::form::InputField;
use crate::components::staff::{failure, ActionError, StaffPage};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::staff::Access;

/// Password change.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffPage title={move || t_string!(i18n, staff_account_title).to_string()} needed=Access::Member view={|user| view! { <PasswordForm csrf=user.csrf /> }} />
    }
}

#[component]
fn PasswordForm(
    /// The session's anti-forgery token.
    csrf: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let changed = move || query.read().get("changed").is_some();
    let action = ServerAction::<ChangePassword>::new();
    let message = failure(action.value());
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, staff_account_title)}</h1>
        {move || changed().then(|| view! { <p role="status" class="mt-4 rounded bg-green-50 p-3 text-green-900">{t!(i18n, staff_account_changed)}</p> })}
        <h2 class="mt-6 text-xl font-semibold">{t!(i18n, staff_account_change_password)}</h2>
        <ActionForm action attr:class="mt-4 max-w-md space-y-4">
            <input type="hidden" name="csrf" value=csrf />
            <InputField id="current" name="current" kind="password" label=t_string!(i18n, staff_account_current) autocomplete="current-password" />
            <InputField id="new_password" name="new_password" kind="password" label=t_string!(i18n, staff_account_new) autocomplete="new-password"
                help=("new-help", t_string!(i18n, staff_account_new_help)) />
            <InputField id="confirm" name="confirm" kind="password" label=t_string!(i18n, staff_account_confirm) autocomplete="new-password" />
            <ActionError message />
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">{t!(i18n, staff_account_change_password)}</button>
        </ActionForm>
    }
}
