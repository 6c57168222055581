//! The types that cross the wire between the browser and the server: the requests and
//! responses of the server functions and the JSON API, staff roles and field errors.
//!
//! This module sits between `policy` and everything else: `api`, `backend`, `pages` and
//! `components` all use it, and it uses nothing but `policy`, serde and the standard library
//! (`tests/layers.rs` checks it).
pub mod applications;
pub mod assessment;
pub mod audit;
pub mod catalog;
pub mod dashboard;
pub mod editor;
pub mod errors;
pub mod facts;
pub mod facts_text;
pub mod profiles;
pub mod reference;
pub mod staff;
pub mod status;
pub mod updates;
pub mod users;
pub mod wizard;

/// Cookie that remembers the interface language: read by the server, written by `/lang/{locale}`
/// (without JavaScript) and by the language switch in the browser.
pub const LANG_COOKIE: &str = "policy_lang";
