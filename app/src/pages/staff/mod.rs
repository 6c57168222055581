//! The staff area under `/staff`: sign-in, account, measure editor, announcements, audit log.
pub mod account;
pub mod sign_in;
