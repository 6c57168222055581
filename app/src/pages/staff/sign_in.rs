//! `/staff/sign-in`: e-mail and password, with throttling explained when it applies.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::staff::SignIn;
use crate::components::staff::{error_text, ActionError};

/// The sign-in form (works without JavaScript too).
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let action = ServerAction::<SignIn>::new();
    let message = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| error_text(&e))
    });
    view! {
        <Title text="Staff sign-in" />
        <h1 class="text-2xl font-bold">"Staff sign-in"</h1>
        <p class="mt-2 max-w-prose text-slate-700">"For city staff who publish policy measures and announcements."</p>
        <ActionForm action attr:class="mt-6 max-w-md space-y-4" attr:aria-labelledby="sign-in-heading">
            <h2 id="sign-in-heading" class="sr-only">"Sign in"</h2>
            <input type="hidden" name="next" value=next />
            <div>
                <label for="email" class="block font-medium">"E-mail address"</label>
                <input id="email" name="email" type="email" autocomplete="username" required
                    class="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
            </div>
            <div>
                <label for="password" class="block font-medium">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    class="mt-1 w-full rounded border border-slate-500 px-3 py-2" />
            </div>
            <ActionError message />
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">"Sign in"</button>
        </ActionForm>
    }
}
