//! A catalog file as written (its document header and sections) and the problems found while
//! loading one, shared by the loader (`catalog.rs`), its checks and the percentage reader.
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::fact::FactDef;
use super::measure::Measure;
use super::rules::CrossRule;

/// A source document's header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Slug, e.g. `nwf-2019-1`.
    pub slug: String,
    /// Full title.
    pub title: String,
    /// Issuer and region.
    pub issuer: String,
    /// Date as the text gives it ("2019", "2014-03-27", "not stated").
    pub date: String,
    /// What the text says about its validity, or that it says nothing.
    pub validity: String,
}

/// One catalog file as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// Document header (absent in the shared facts file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Facts declared in this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactDef>,
    /// Cross-measure rules stated by this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<CrossRule>,
    /// Measures of this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
}

/// One problem found while loading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadError {
    /// File name.
    pub file: String,
    /// Measure, rule or fact concerned.
    pub subject: String,
    /// Field concerned.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [{}]: {}",
            self.file, self.subject, self.field, self.message
        )
    }
}

/// All problems found while loading, one per line when displayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

/// The problems found in one file, gathered while checking it.
pub(super) struct Collector<'a> {
    pub(super) file: &'a str,
    pub(super) errors: Vec<LoadError>,
}

impl Collector<'_> {
    /// Records that this file uses `key` (a fact name, document slug or measure id), or, when
    /// an earlier file did, the problem "<message> <that file>". `true` on the first use.
    pub(super) fn first_use(
        &mut self,
        seen: &mut BTreeMap<String, String>,
        key: &str,
        field: &str,
        message: &str,
    ) -> bool {
        if let Some(first) = seen.get(key) {
            let problem = format!("{message} {first}");
            self.push(key, field, problem);
            return false;
        }
        seen.insert(key.to_string(), self.file.to_string());
        true
    }

    /// Records a problem with `field` of `subject` (a measure, fact or rule id).
    pub(super) fn push(&mut self, subject: &str, field: &str, message: impl Into<String>) {
        self.errors.push(LoadError {
            file: self.file.to_string(),
            subject: subject.to_string(),
            field: field.to_string(),
            message: message.into(),
        });
    }
}

/// The rule for document slugs (`nwf-2019-1`): lower-case letters, digits and single `-`, at
/// most 64 characters. `None` when the slug is acceptable.
pub fn slug_problem(slug: &str) -> Option<String> {
    let shape = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    (!shape).then(|| {
        "a document slug is lower-case letters, digits and single '-' (at most 64), e.g. nwf-2019-1"
            .to_string()
    })
}
