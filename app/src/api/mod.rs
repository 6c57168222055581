//! Server functions and the request/response types they share with the browser.
pub mod audit;
pub mod catalog;
pub mod editor;
pub mod errors;
pub mod facts_text;
pub mod staff;
pub mod status;
pub mod updates;
pub mod users;
pub mod wizard;
