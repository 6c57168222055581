//! One module per route, and the routes whose code the browser loads on demand.
pub mod apply;
pub mod category;
pub mod home;
pub mod measure;
pub mod measures;
pub mod not_found;
pub mod profile;
pub mod results;
pub mod staff;
pub mod updates;
pub mod wizard;

/// Declares route types whose page is loaded on demand: with `cargo leptos build --split`, each
/// page's code goes into its own WebAssembly chunk, fetched when that page is opened (before it
/// hydrates; the server-rendered page works meanwhile), so the bundle every visitor loads holds
/// only the layout, the router, the home page and the catalog list (the catalog is where most
/// visits start; as a lazy route its page would need some ninety chunk files and preload links). On the server they render as usual.
macro_rules! lazy_pages {
    ($(#[$doc:meta] $route:ident => $page:path;)*) => {$(
        #[$doc]
        pub struct $route;

        #[::leptos_router::lazy_route]
        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any($page())
            }
        }
    )*};
}
pub(crate) use lazy_pages;

lazy_pages! {
    /// `/measures/:id`.
    MeasureRoute => measure::MeasurePage;
    /// `/wizard` and `/wizard/:session/:step`.
    WizardRoute => wizard::WizardPageRoute;
    /// `/results/:id`.
    ResultsRoute => results::ResultsPage;
    /// `/apply/:measure`.
    ApplyRoute => apply::ApplyPage;
    /// `/applications/:token`.
    ApplicationRoute => apply::status::ApplicationPage;
    /// `/profiles/:token`.
    ProfileRoute => profile::ProfilePage;
    /// `/updates`.
    UpdatesRoute => updates::UpdatesPage;
    /// `/staff/sign-in`.
    SignInRoute => staff::sign_in::SignInPage;
}
