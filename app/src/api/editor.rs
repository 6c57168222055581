//! The staff measure editor: types shared with the browser and the server functions behind
//! `/staff/measures`. Every function authorises on the server (see `crate::backend::auth`).
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::api::errors::FieldError;
use crate::policy::{FactDef, FactType, Measure};

#[cfg(feature = "ssr")]
use crate::api::staff::Role;
#[cfg(feature = "ssr")]
use crate::backend::{auth, editor};

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

/// Every staff measure, drafts included (editors and above).
#[server(prefix = "/api/staff", endpoint = "staff_measures")]
pub async fn staff_measures() -> Result<Vec<StaffMeasureRow>, ServerFnError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::list(&backend)
        .await
        .map_err(|e| e.into_server_error())
}

/// The editor for a measure, or for a new one when `id` is empty.
#[server(prefix = "/api/staff", endpoint = "load_editor")]
pub async fn load_editor(id: String) -> Result<Option<EditorData>, ServerFnError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::load(&backend, &id)
        .await
        .map_err(|e| e.into_server_error())
}

/// Validates an edited measure with the catalog loader and runs its worked examples and the
/// preview facts through the engine. Changes nothing.
#[server(prefix = "/api/staff", endpoint = "preview_measure", input = Json)]
pub async fn preview_measure(
    measure: Measure,
    facts: std::collections::BTreeMap<String, String>,
) -> Result<Preview, ServerFnError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::preview(&backend, &measure, &facts)
        .await
        .map_err(|e| e.into_server_error())
}

/// Saves a draft. Refused when someone else saved since `lock_version` was read.
#[server(prefix = "/api/staff", endpoint = "save_measure", input = Json)]
pub async fn save_measure(
    csrf: String,
    measure: Measure,
    lock_version: i64,
    is_new: bool,
) -> Result<Saved, ServerFnError> {
    let user = auth::require(Role::Editor, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    editor::save_draft(&backend, &user, &measure, lock_version, is_new)
        .await
        .map_err(|e| e.into_server_error())
}

/// Saves and publishes a measure as a new immutable version applying from `effective_from`
/// (publishers only; only when it validates and every worked example passes).
#[server(prefix = "/api/staff", endpoint = "publish_measure", input = Json)]
pub async fn publish_measure(
    csrf: String,
    measure: Measure,
    lock_version: i64,
    is_new: bool,
    effective_from: String,
    note: String,
) -> Result<Saved, ServerFnError> {
    let user = auth::require(Role::Publisher, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    editor::publish(
        &backend,
        &user,
        editor::Publication {
            measure: &measure,
            lock_version,
            is_new,
            effective_from: &effective_from,
            note: &note,
        },
    )
    .await
    .map_err(|e| e.into_server_error())
}

/// Archives a measure from `effective_from` on (publishers only): a new version that removes
/// it from the catalog from that day.
#[server(prefix = "/api/staff", endpoint = "archive_measure")]
pub async fn archive_measure(
    csrf: String,
    id: String,
    lock_version: i64,
    effective_from: String,
) -> Result<Saved, ServerFnError> {
    let user = auth::require(Role::Publisher, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    editor::archive(&backend, &user, &id, lock_version, &effective_from)
        .await
        .map_err(|e| e.into_server_error())
}

/// The changes between two published versions of a measure, field by field.
#[server(prefix = "/api/staff", endpoint = "version_diff")]
pub async fn version_diff(
    id: String,
    from: i64,
    to: i64,
) -> Result<Vec<FieldChange>, ServerFnError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::diff(&backend, &id, from, to)
        .await
        .map_err(|e| e.into_server_error())
}
