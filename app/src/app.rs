//! The HTML shell, the router and the layout shared by every page.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use crate::components::layout::Layout;
use crate::i18n::I18nContextProvider;
use crate::pages::staff::{
    AccountRoute, AccountsRoute, ApplicationsRoute, AuditRoute, AwardReportsRoute,
    CatalogFilesRoute, EditAnnouncementRoute, MeasureEditRoute, NewAnnouncementRoute,
    ReferenceEditRoute, ReferenceListRoute, ServiceTimesRoute, StaffApplicationRoute,
    StaffHomeRoute, StaffMeasuresRoute, StaffUpdatesRoute,
};
use crate::pages::{
    category::CategoryPage, home::HomePage, measures::MeasuresPage, not_found::NotFoundPage,
    ApplicationRoute, ApplyRoute, MeasureRoute, ProfileRoute, ResultsRoute, SignInRoute,
    UpdatesRoute, WizardRoute,
};

/// Cookie that remembers the interface language (also set by `/lang/{locale}` without JS).
pub use crate::wire::LANG_COOKIE;

/// The URL prefix the built package (wasm, JavaScript, CSS) is served under, naming the
/// build so browsers can keep the files (`/static/{build}`); provided by the server. Without
/// it the package is loaded from `/pkg`.
#[derive(Clone, Debug, Default)]
pub struct AssetRoot(pub String);

/// The full HTML document rendered on the server around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::backend::security::set_on_page(options.env == leptos::config::Env::DEV);
    let root = use_context::<AssetRoot>().unwrap_or_default().0;
    let css = format!("{root}/{}/policy-portal.css", options.site_pkg_dir);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta
                    name="description"
                    content="Find the Nanjing innovation policy measures you qualify for, with every figure traced to its source text."
                />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link
                    rel="alternate"
                    type="application/atom+xml"
                    title="Policy updates"
                    href="/updates.atom"
                />
                <link rel="stylesheet" id="leptos" href=css />
                <AutoReload options=options.clone() />
                <HydrationScripts options root />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// Text made safe inside `<title>`: `&`, `<` and `>` as entities, so `</title>` typed in a
/// measure's title cannot end the element and open markup.
#[cfg(feature = "ssr")]
fn escape_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The application: routes inside the common layout, with the language context.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title formatter=|page: String| {
            let full = if page.is_empty() {
                "Nanjing Innovation Policy Service".to_string()
            } else {
                format!("{page} · Nanjing Innovation Policy Service")
            };
            // leptos_meta (0.8.7) writes the server's `<title>` as it is given, and page titles
            // hold staff-written text (a measure's title): escaped here, on the server only,
            // since the browser sets `document.title` as plain text.
            #[cfg(feature = "ssr")]
            let full = escape_title(&full);
            full
        } />
        <I18nContextProvider cookie_name=LANG_COOKIE>
            <Router>
                <Layout>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/measures") view=MeasuresPage ssr=SsrMode::Async />
                        <Route path=path!("/measures/:id") view={Lazy::<MeasureRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/categories/:slug") view=CategoryPage />
                        <Route path=path!("/wizard") view={Lazy::<WizardRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/wizard/:session/:step") view={Lazy::<WizardRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/results/:id") view={Lazy::<ResultsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/apply/:measure") view={Lazy::<ApplyRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/applications/:token") view={Lazy::<ApplicationRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profiles/:token") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/sign-in") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff") view={Lazy::<StaffHomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/measures") view={Lazy::<StaffMeasuresRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/catalog") view={Lazy::<CatalogFilesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/users") view={Lazy::<AccountsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/measures/new") view={Lazy::<MeasureEditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/measures/:id/edit") view={Lazy::<MeasureEditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/reference/:kind") view={Lazy::<ReferenceListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/reference/:kind/new") view={Lazy::<ReferenceEditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/reference/:kind/:id/edit") view={Lazy::<ReferenceEditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/updates") view={Lazy::<UpdatesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/updates") view={Lazy::<StaffUpdatesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/updates/new") view={Lazy::<NewAnnouncementRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/updates/:id/edit") view={Lazy::<EditAnnouncementRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/applications") view={Lazy::<ApplicationsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/applications/:id") view={Lazy::<StaffApplicationRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/service-times") view={Lazy::<ServiceTimesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/staff/award-reports") view={Lazy::<AwardReportsRoute>::new()} ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
