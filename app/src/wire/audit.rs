//! The audit log as admins read it.
use serde::{Deserialize, Serialize};

/// One staff action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// Who (e-mail address, or "command line").
    pub actor: String,
    /// What, e.g. `measure.publish`.
    pub action: String,
    /// Kind of record: measure, announcement, user, catalog.
    pub target_kind: String,
    /// Which record.
    pub target_id: Option<String>,
    /// The record before, as JSON.
    pub before: Option<String>,
    /// The record after, as JSON.
    pub after: Option<String>,
}

/// Which entries to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Only this person.
    pub actor: Option<String>,
    /// Only this record (e.g. a measure id).
    pub target: Option<String>,
}

/// A page of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Matching entries, newest first (at most 200).
    pub entries: Vec<AuditEntry>,
    /// Everyone who appears in the log.
    pub actors: Vec<String>,
}
