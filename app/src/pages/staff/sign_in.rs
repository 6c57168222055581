//! `/staff/sign-in`: e-mail and password, with throttling explained when it applies.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::staff::SignIn;
use crate::components::form::InputField;
use crate::components::staff::{failure, ActionError};
use crate::i18n::{t, t_string, use_i18n};

/// The sign-in form (works without JavaScript too).
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let action = ServerAction::<SignIn>::new();
    let message = failure(action.value());
    view! {
        <Title text=move || t_string!(i18n, staff_sign_in_title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, staff_sign_in_title)}</h1>
        <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, staff_sign_in_intro)}</p>
        <ActionForm action attr:class="mt-6 max-w-md space-y-4" attr:aria-labelledby="sign-in-heading">
            <h2 id="sign-in-heading" class="sr-only">{t!(i18n, staff_sign_in)}</h2>
            <input type="hidden" name="next" value=next />
            <InputField id="email" name="email" kind="email" label=t_string!(i18n, staff_email) autocomplete="username" />
            <InputField id="password" name="password" kind="password" label=t_string!(i18n, staff_password) autocomplete="current-password" />
            <ActionError message />
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">{t!(i18n, staff_sign_in)}</button>
        </ActionForm>
    }
}
