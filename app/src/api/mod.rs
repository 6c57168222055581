//! Server functions and the request/response types they share with the browser.
pub mod catalog;
pub mod errors;
pub mod status;
pub mod wizard;
