//! The store for the materials (documents) that applicants upload: each file is checked for
//! size, a safe name and its type by content, then kept on disk under its SHA-256, outside the
//! database and the site root.
//!
//! Nothing here answers HTTP: the routes that serve a file check the session or link first and
//! then call [`MaterialStore::open`].
mod error;
mod name;
#[cfg(test)]
mod samples;
mod sniff;
mod store;

pub use error::MaterialError;
pub use name::{safe_name, MAX_NAME_CHARS};
pub use sniff::{check_content, sniff, Kind};
pub use store::{valid_sha256, MaterialStore, StoredFile, DEFAULT_UPLOAD_DIR, MAX_MATERIAL_BYTES};
