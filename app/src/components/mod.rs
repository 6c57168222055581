//! Reusable view pieces.
pub mod layout;
