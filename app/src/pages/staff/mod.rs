//! The staff area under `/staff`: sign-in, account, measure editor, announcements, audit log.
pub mod account;
pub mod application;
pub mod applications;
pub mod audit;
pub mod award_reports;
pub mod catalog;
pub mod dashboard;
pub mod editor;
pub mod reference;
pub mod sign_in;
pub mod update_form;
pub mod updates;
pub mod users;

use super::lazy_pages;

// Staff pages load on demand (see `lazy_pages`): the public bundle does not carry them.
lazy_pages! {
    /// `/staff`.
    StaffHomeRoute => dashboard::StaffHomePage;
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
    /// `/staff/award-reports`.
    AwardReportsRoute => award_reports::AwardReportsPage;
    /// `/staff/reference/:kind`.
    ReferenceListRoute => reference::ReferenceListPage;
    /// `/staff/reference/:kind/new` and `/staff/reference/:kind/:id/edit`.
    ReferenceEditRoute => reference::ReferenceEditPage;
}
