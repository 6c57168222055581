//! `/staff/sign-in`: e-mail and password, with throttling explained when it applies.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::staff::SignIn;
use crate::components::form::InputField;
use crate::components::staff::{failure, ActionError};

/// The sign-in form (works without JavaScript too).
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let action = ServerAction::<SignIn>::new();
    let message = failure(action.value());
    view! {
        <Title text="Staff sign-in" />
        <h1 class="text-2xl font-bold">"Staff sign-in"</h1>
        <p class="mt-2 max-w-prose text-slate-700">"For city staff who publish policy measures and announcements."</p>
        <ActionForm action attr:class="mt-6 max-w-md space-y-4" attr:aria-labelledby="sign-in-heading">
            <h2 id="sign-in-heading" class="sr-only">"Sign in"</h2>
            <input type="hidden" name="next" value=next />
            <InputField id="email" name="email" kind="email" label="E-mail address" autocomplete="username" />
            <InputField id="password" name="password" kind="password" label="Password" autocomplete="current-password" />
            <ActionError message />
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">"Sign in"</button>
        </ActionForm>
    }
}
