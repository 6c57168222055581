//! The staff area under `/staff`: sign-in, account, measure editor, announcements, audit log.
pub mod account;
pub mod application;
pub mod applications;
pub mod audit;
pub mod catalog;
pub mod editor;
pub mod sign_in;
pub mod update_form;
pub mod updates;
pub mod users;

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// Declares a route type whose page is loaded on demand: with `cargo leptos build --split`, the
/// page's code goes into a separate WebAssembly chunk, fetched only when a staff page is opened,
/// so the public site's bundle does not carry the staff area. On the server it renders as usual.
macro_rules! lazy_staff_page {
    ($(#[$doc:meta] $route:ident => $page:path;)*) => {$(
        #[$doc]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_staff_page! {
    /// `/staff`.
    StaffHomeRoute => account::StaffHomePage;
    /// `/staff/account`.
    AccountRoute => account::AccountPage;
    /// `/staff/measures`.
    StaffMeasuresRoute => editor::StaffMeasuresPage;
    /// `/staff/measures/new` and `/staff/measures/:id/edit`.
    MeasureEditRoute => editor::MeasureEditPage;
    /// `/staff/catalog`.
    CatalogFilesRoute => catalog::CatalogFilesPage;
    /// `/staff/users`.
    AccountsRoute => users::AccountsPage;
    /// `/staff/updates`.
    StaffUpdatesRoute => updates::StaffUpdatesPage;
    /// `/staff/updates/new`.
    NewAnnouncementRoute => update_form::NewAnnouncementPage;
    /// `/staff/updates/:id/edit`.
    EditAnnouncementRoute => update_form::EditAnnouncementPage;
    /// `/staff/audit`.
    AuditRoute => audit::AuditPage;
    /// `/staff/applications`.
    ApplicationsRoute => applications::ApplicationsPage;
    /// `/staff/applications/:id`.
    StaffApplicationRoute => application::StaffApplicationPage;
    /// `/staff/service-times`.
    ServiceTimesRoute => applications::ServiceTimesPage;
}
