//! The staff area under `/staff`: sign-in, account, measure editor, announcements, audit log.
pub mod account;
pub mod audit;
pub mod catalog;
pub mod edit_model;
pub mod editor;
pub mod editor_parts;
pub mod sign_in;
pub mod update_form;
pub mod updates;
pub mod users;
