//! One module per route.
pub mod apply;
pub mod category;
pub mod home;
pub mod measure;
pub mod measures;
pub mod not_found;
pub mod results;
pub mod staff;
pub mod updates;
pub mod wizard;
