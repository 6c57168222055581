//! Page frame: skip link, header with navigation and language switch, main landmark, footer.
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::wire::catalog::encode;

/// Wraps every page in the site's landmarks. Sets `data-hydrated` on `<main>` once the wasm
/// has taken over, so tests (and curious people) can tell a hydrated page from plain HTML.
#[component]
pub fn Layout(
    /// The page content placed inside `<main>`.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let hydrated = RwSignal::new(false);
    // Effects run only in the browser, so this flips after hydration and never on the server.
    Effect::new(move |_| hydrated.set(true));

    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:text-blue-900 focus:ring-2 focus:ring-blue-700"
        >
            {t!(i18n, skip_link)}
        </a>
        <header class="border-b border-slate-200 bg-white print:hidden">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
                <a href="/" class="flex items-center gap-2 font-semibold text-blue-900">
                    <img src="/favicon.svg" alt="" width="28" height="28" />
                    <span>{t!(i18n, site_name)}</span>
                </a>
                <nav aria-label=move || t_string!(i18n, nav_main).to_string()>
                    <ul class="flex flex-wrap items-center gap-4 text-sm">
                        <li>
                            <a class="text-blue-800 underline-offset-4 hover:underline" href="/">
                                {t!(i18n, nav_home)}
                            </a>
                        </li>
                        <li>
                            <a class="text-blue-800 underline-offset-4 hover:underline" href="/measures">
                                {t!(i18n, nav_measures)}
                            </a>
                        </li>
                        <li>
                            <a class="text-blue-800 underline-offset-4 hover:underline" href="/updates">
                                {t!(i18n, nav_updates)}
                            </a>
                        </li>
                        <li>
                            <a class="text-blue-800 underline-offset-4 hover:underline" href="/wizard">
                                {t!(i18n, check_eligibility)}
                            </a>
                        </li>
                        <li>
                            <LanguageSwitch />
                        </li>
                    </ul>
                </nav>
            </div>
        </header>
        <main
            id="main"
            tabindex="-1"
            class="mx-auto max-w-6xl px-4 py-8 focus:outline-none"
            data-hydrated=move || if hydrated.get() { "true" } else { "false" }
        >
            {children()}
        </main>
        <footer class="border-t border-slate-200 bg-white">
            <div class="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-700">
                <p>{t!(i18n, footer_note)}</p>
            </div>
        </footer>
    }
}

/// Writes the language cookie the server reads (as `/lang/{locale}` does without JavaScript).
#[cfg(feature = "hydrate")]
fn remember_language(locale: &str) {
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document();
    if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
        let secure = if leptos::prelude::window().location().protocol().as_deref() == Ok("https:") {
            "; Secure"
        } else {
            ""
        };
        let _ = html.set_cookie(&format!(
            "{}={locale}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            crate::wire::LANG_COOKIE
        ));
    }
}

/// On the server the click never happens.
#[cfg(not(feature = "hydrate"))]
fn remember_language(_locale: &str) {}

/// A link to the other language. Without JavaScript it goes through `/lang/{locale}`, which
/// sets the cookie and comes back; with JavaScript it switches in place.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let other = move || match i18n.get_locale() {
        Locale::en => Locale::zh,
        Locale::zh => Locale::en,
    };
    let href = move || {
        let search = location.search.get();
        let here = if search.is_empty() {
            location.pathname.get()
        } else {
            format!(
                "{}?{}",
                location.pathname.get(),
                search.trim_start_matches('?')
            )
        };
        format!("/lang/{}?next={}", other(), encode(&here))
    };
    view! {
        <a
            href=href
            hreflang=move || other().to_string()
            lang=move || other().to_string()
            aria-label=move || t_string!(i18n, switch_language_label).to_string()
            class="rounded border border-blue-800 px-2 py-1 text-blue-800 hover:bg-blue-50"
            on:click=move |ev| {
                ev.prevent_default();
                let locale = other();
                remember_language(locale.as_ref());
                i18n.set_locale(locale);
            }
        >
            {t!(i18n, switch_language)}
        </a>
    }
}
