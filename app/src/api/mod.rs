//! Server functions: each authorises, parses, calls `backend` and maps its error. Their
//! request and response types live in `crate::wire`.
pub mod audit;
pub mod catalog;
pub mod editor;
pub mod staff;
pub mod status;
pub mod updates;
pub mod users;
pub mod wizard;
