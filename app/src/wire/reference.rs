//! Facts, cross-measure rules and source documents in the staff editor: the types shared with
//! the browser and the server functions behind `/staff/reference/{kind}`.
use serde::{Deserialize, Serialize};

use crate::policy::reference::{Entry, EntryKind};

/// One entry in a staff list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    /// Name, id or slug.
    pub key: String,
    /// Label or title (of the draft when there is one).
    pub title: String,
    /// Latest published version by the editor (0: as seeded or imported).
    pub version: i64,
    /// Whether unpublished changes wait.
    pub has_draft: bool,
    /// Whether the waiting draft removes the entry.
    pub draft_removes: bool,
    /// Whether it is in the published catalog (a new one is not, until published).
    pub published: bool,
    /// How many measures and rules use it.
    pub users: usize,
}

/// A published version of an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryVersion {
    /// Version number.
    pub version: i64,
    /// When (UTC).
    pub published_at: String,
    /// Who published it ("catalog" for the text as it was before the first edit).
    pub published_by: String,
    /// The publisher's note.
    pub note: String,
    /// Whether this version removed the entry.
    pub removed: bool,
}

/// Everything an entry's editor page needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryEditor {
    /// Its kind.
    pub kind: EntryKind,
    /// The text edited: the draft if there is one, else the published entry (a template for a
    /// new one).
    pub entry: Entry,
    /// Whether it is not stored yet.
    pub is_new: bool,
    /// The locking counter every save quotes.
    pub lock_version: i64,
    /// Whether a draft waits, and whether it removes the entry.
    pub has_draft: bool,
    /// Whether the waiting draft removes the entry.
    pub draft_removes: bool,
    /// Who saved the draft.
    pub draft_by: Option<String>,
    /// Published versions, newest first.
    pub versions: Vec<EntryVersion>,
    /// The measures (and `rule <id>`s) that use it in the published catalog.
    pub users: Vec<String>,
    /// Fact names (for rules testing a fact).
    pub facts: Vec<String>,
    /// Document slugs (for citations).
    pub documents: Vec<String>,
}
