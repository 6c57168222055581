//! Page frame: skip link, header, main landmark, footer.
use leptos::prelude::*;

/// Wraps every page in the site's landmarks. Sets `data-hydrated` on `<main>` once the wasm
/// has taken over, so tests (and curious people) can tell a hydrated page from plain HTML.
#[component]
pub fn Layout(
    /// The page content placed inside `<main>`.
    children: Children,
) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    // Effects run only in the browser, so this flips after hydration and never on the server.
    Effect::new(move |_| hydrated.set(true));

    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:text-blue-900 focus:ring-2 focus:ring-blue-700"
        >
            "Skip to main content"
        </a>
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
                <a href="/" class="flex items-center gap-2 font-semibold text-blue-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
                    <img src="/favicon.svg" alt="" width="28" height="28" />
                    <span>"Nanjing Innovation Policy Service"</span>
                </a>
                <nav aria-label="Main">
                    <ul class="flex gap-4 text-sm">
                        <li><a class="text-blue-800 underline-offset-4 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700" href="/">"Home"</a></li>
                    </ul>
                </nav>
            </div>
        </header>
        <main
            id="main"
            tabindex="-1"
            class="mx-auto max-w-5xl px-4 py-8 focus:outline-none"
            data-hydrated=move || if hydrated.get() { "true" } else { "false" }
        >
            {children()}
        </main>
        <footer class="border-t border-slate-200 bg-white">
            <div class="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-700">
                <p>"Every figure on this site cites the policy document and item it comes from. Figures are estimates; the issuing department decides."</p>
            </div>
        </footer>
    }
}
