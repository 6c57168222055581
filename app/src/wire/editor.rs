//! The staff measure editor: types shared with the browser and the server functions behind
//! `/staff/measures`. Every function authorises on the server (see `crate::backend::auth`).
use crate::policy::{FactDef, FactType, Measure};
use crate::wire::errors::FieldError;
use serde::{Deserialize, Serialize};

/// One measure in the staff list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMeasureRow {
    /// Measure id.
    pub id: String,
    /// Title (of the draft when there is one).
    pub title: String,
    /// draft, published or archived.
    pub status: String,
    /// Latest published version (0 before the first publication).
    pub version: i64,
    /// Whether unpublished changes are waiting.
    pub has_draft: bool,
    /// Last change (UTC).
    pub updated_at: String,
}

/// A declared fact, as the condition and formula editors offer it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactChoice {
    /// Fact name.
    pub name: String,
    /// Short label.
    pub label: String,
    /// Type.
    pub fact_type: FactType,
    /// `(value, label)` of each option of a choice fact.
    pub options: Vec<(String, String)>,
    /// A list fact: what one entry is called ("project").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_label: Option<String>,
    /// A list fact: the fields of one entry (what per-entry formulas and conditions read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FactChoice>,
}

impl FactChoice {
    /// The choice for a declared fact, with its fields when it is a list.
    pub fn from_def(def: &FactDef) -> Self {
        FactChoice {
            name: def.name.clone(),
            label: def.label.clone(),
            fact_type: def.fact_type,
            options: def
                .options
                .iter()
                .map(|o| (o.value.clone(), o.label.clone()))
                .collect(),
            item_label: def.item_label.clone(),
            fields: def.fields.iter().map(FactChoice::from_def).collect(),
        }
    }

    /// What one entry of a list fact is called ("project"); "entry" when not declared.
    pub fn item_noun(&self) -> &str {
        self.item_label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or("entry")
    }

    /// A field of a list fact's entries.
    pub fn field(&self, name: &str) -> Option<&FactChoice> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One published version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// Version number.
    pub version: i64,
    /// Date from which it applies.
    pub effective_from: String,
    /// When it was published (UTC).
    pub published_at: String,
    /// Who published it.
    pub published_by: Option<String>,
    /// The publisher's note.
    pub note: Option<String>,
    /// published or archived.
    pub status: String,
}

/// Everything the editor page needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorData {
    /// The text being edited: the draft if there is one, else the latest version.
    pub measure: Measure,
    /// Whether this is a new measure never saved.
    pub is_new: bool,
    /// The optimistic-locking counter the next save must quote.
    pub lock_version: i64,
    /// draft, published or archived.
    pub status: String,
    /// Whether a saved draft differs from the published version.
    pub has_draft: bool,
    /// Who saved the draft last.
    pub draft_by: Option<String>,
    /// Published versions, newest first.
    pub versions: Vec<VersionInfo>,
    /// Facts the condition and formula may use.
    pub facts: Vec<FactChoice>,
    /// Documents a measure may cite.
    pub documents: Vec<String>,
    /// Validation and worked examples of the text as loaded.
    pub preview: Preview,
}

/// The result of running one worked example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleCheck {
    /// Example name.
    pub name: String,
    /// Whether the engine gives the expected outcome.
    pub passed: bool,
    /// What the engine gave, or why it differs.
    pub message: String,
}

/// Live validation and preview of an edited measure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The loader's messages, by field.
    pub errors: Vec<FieldError>,
    /// The worked examples, run by the engine.
    pub examples: Vec<ExampleCheck>,
    /// The outcome for the facts typed into the preview, in words.
    pub outcome: Vec<String>,
}

/// A saved draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The new locking counter.
    pub lock_version: i64,
    /// Version number created, when publishing.
    pub version: Option<i64>,
    /// What happened, in words.
    pub message: String,
}

/// One changed field between two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Path of the field, e.g. `formula.cap`.
    pub field: String,
    /// Value before (empty when added).
    pub before: String,
    /// Value after (empty when removed).
    pub after: String,
}

/// The effect a draft would have on the answers people stored, as the publish page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactView {
    /// The measure.
    pub measure: String,
    /// The day computed for (when the draft would take effect).
    pub as_of: String,
    /// Stored results assessed.
    pub results: u64,
    /// Saved profiles assessed.
    pub profiles: u64,
    /// How many would gain the measure.
    pub gained: u64,
    /// How many would lose it.
    pub lost: u64,
    /// How many would keep it with another amount.
    pub changed: u64,
    /// The money the measure counts over all of them now, in words.
    pub total_before: String,
    /// The same with the draft.
    pub total_after: String,
    /// A few of the changed ones, anonymised, with their traces.
    pub examples: Vec<ImpactExample>,
}

/// An impact preview, finished or still computed in the background.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactProgress {
    /// The background job to ask again (empty when computed in the request).
    pub job: String,
    /// Stored answers assessed so far.
    pub done: u64,
    /// Stored answers to assess.
    pub total: u64,
    /// Why the job gave up, if it did.
    pub failed: Option<String>,
    /// The preview, once finished.
    pub view: Option<ImpactView>,
}

/// One changed outcome in an impact preview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactExample {
    /// "Stored result 1" (never an id).
    pub label: String,
    /// gained, lost or amount.
    pub kind: String,
    /// Amount counted now, in words ("" when not eligible).
    pub before: String,
    /// Amount counted with the draft.
    pub after: String,
    /// The calculation now.
    pub trace_before: Vec<String>,
    /// The calculation with the draft.
    pub trace_after: Vec<String>,
}
