//! `/staff/account` (password change).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::staff::ChangePassword;
use crate::components::form::InputField;
use crate::components::staff::{failure, ActionError, StaffPage};
use crate::wire::staff::Access;

/// Password change.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <StaffPage title="Your account" needed=Access::Member view={|user| view! { <PasswordForm csrf=user.csrf /> }} />
    }
}

#[component]
fn PasswordForm(
    /// The session's anti-forgery token.
    csrf: String,
) -> impl IntoView {
    let query = use_query_map();
    let changed = move || query.read().get("changed").is_some();
    let action = ServerAction::<ChangePassword>::new();
    let message = failure(action.value());
    view! {
        <h1 class="text-2xl font-bold">"Your account"</h1>
        {move || changed().then(|| view! { <p role="status" class="mt-4 rounded bg-green-50 p-3 text-green-900">"Your password was changed. Your other sessions were signed out."</p> })}
        <h2 class="mt-6 text-xl font-semibold">"Change password"</h2>
        <ActionForm action attr:class="mt-4 max-w-md space-y-4">
            <input type="hidden" name="csrf" value=csrf />
            <InputField id="current" name="current" kind="password" label="Current password" autocomplete="current-password" />
            <InputField id="new_password" name="new_password" kind="password" label="New password" autocomplete="new-password"
                help=("new-help", "At least 12 characters.") />
            <InputField id="confirm" name="confirm" kind="password" label="Repeat the new password" autocomplete="new-password" />
            <ActionError message />
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">"Change password"</button>
        </ActionForm>
    }
}
