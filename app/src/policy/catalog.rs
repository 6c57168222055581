//! Loading and validating a catalog: documents, facts, measures and cross-measure rules.
//!
//! A catalog is a set of TOML files (see `app/catalog/README.md`). Loading rejects anything a
//! person could get wrong when writing one, with a message naming the file, measure and field.
//!
//! This file parses the files and runs the checks in order (facts first, then measures, then
//! rules); the checks themselves are in [`catalog_checks`](super::catalog_checks) and
//! [`formula_checks`](super::formula_checks).
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::catalog_checks::{validate_fact, validate_measure, validate_rule};
use super::fact::FactDef;
use super::measure::Measure;
use super::percent_text;
use super::rules::{Coverage, CoverageCache, CrossRule};
use super::vocabulary::Vocabulary;

/// Document slugs that may be cited (from the seeds README).
pub const KNOWN_DOCUMENTS: [&str; 6] = [
    "nwf-2020-1",
    "nwf-2019-1",
    "nj-2014-eight-programs",
    "nj-leading-city-opinions",
    "jingan-2018",
    "nj-2020-landmarks",
];

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

/// A validated catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Source documents.
    pub documents: Vec<Document>,
    /// Declared facts.
    pub vocabulary: Vocabulary,
    /// Measures in file order.
    pub measures: Vec<Measure>,
    /// Cross-measure rules.
    pub rules: Vec<CrossRule>,
    /// Which measures each rule covers, computed on first use (a catalog is not changed once
    /// loaded); build with `Default::default()`.
    pub coverage: CoverageCache,
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

/// Parses one TOML catalog file. Each measure is parsed on its own, so an error names it.
pub fn parse_file(name: &str, text: &str) -> Result<CatalogFile, LoadErrors> {
    let mut c = Collector {
        file: name,
        errors: Vec::new(),
    };
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            c.push("file", "syntax", e.to_string());
            return Err(LoadErrors(c.errors));
        }
    };
    let mut out = CatalogFile::default();
    for (key, value) in table {
        match key.as_str() {
            "document" => match value.try_into::<Document>() {
                Ok(d) => out.document = Some(d),
                Err(e) => c.push("document", "document", e.to_string()),
            },
            "facts" => {
                let mut value = value;
                for (fact, field, message) in percent_text::read_bounds(&mut value) {
                    c.push(&fact, &field, message);
                }
                parse_list(&mut c, "fact", value, &mut out.facts)
            }
            "rules" => parse_list(&mut c, "rule", value, &mut out.rules),
            "measures" => parse_list(&mut c, "measure", value, &mut out.measures),
            other => c.push("file", other, "unknown section"),
        }
    }
    if c.errors.is_empty() {
        Ok(out)
    } else {
        Err(LoadErrors(c.errors))
    }
}

fn parse_list<T: for<'de> Deserialize<'de>>(
    c: &mut Collector<'_>,
    what: &str,
    value: toml::Value,
    out: &mut Vec<T>,
) {
    let toml::Value::Array(items) = value else {
        c.push(what, what, "must be an array of tables ([[...]])");
        return;
    };
    for (i, item) in items.into_iter().enumerate() {
        let subject = item
            .get("id")
            .or_else(|| item.get("name"))
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| format!("{what} #{}", i + 1));
        match item.try_into::<T>() {
            Ok(v) => out.push(v),
            Err(e) => c.push(&subject, what, e.to_string().trim().to_string()),
        }
    }
}

impl Catalog {
    /// Which measures each rule covers (computed once, on first use).
    pub fn coverage(&self) -> &Coverage {
        self.coverage.get(&self.measures, &self.rules)
    }

    /// Loads and validates a catalog from `(file name, TOML text)` pairs.
    pub fn load<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Catalog, LoadErrors> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for (name, text) in files {
            match parse_file(name, text) {
                Ok(f) => parsed.push((name.to_string(), f)),
                Err(LoadErrors(e)) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(LoadErrors(errors));
        }
        let errors = percent_text::read_literals(&mut parsed);
        if !errors.is_empty() {
            return Err(LoadErrors(errors));
        }
        Catalog::from_files(parsed)
    }

    /// Validates already-parsed files.
    pub fn from_files(files: Vec<(String, CatalogFile)>) -> Result<Catalog, LoadErrors> {
        let mut errors = Vec::new();
        let mut catalog = Catalog::default();
        let mut fact_files: BTreeMap<String, String> = BTreeMap::new();
        // Facts first: measures in any file may use facts declared in any other.
        for (name, file) in &files {
            let mut c = Collector {
                file: name,
                errors: Vec::new(),
            };
            for def in &file.facts {
                if let Some(first) = fact_files.get(&def.name) {
                    c.push(
                        &def.name,
                        "name",
                        format!("duplicate fact, first declared in {first}"),
                    );
                    continue;
                }
                validate_fact(&mut c, def);
                fact_files.insert(def.name.clone(), name.clone());
                catalog.vocabulary.insert(def.clone());
            }
            errors.extend(c.errors);
        }
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (name, file) in &files {
            let mut c = Collector {
                file: name,
                errors: Vec::new(),
            };
            let doc_slug = file.document.as_ref().map(|d| d.slug.clone());
            if let Some(d) = &file.document {
                if !KNOWN_DOCUMENTS.contains(&d.slug.as_str()) {
                    c.push(
                        &d.slug,
                        "document.slug",
                        "not a document slug from the seeds README",
                    );
                }
                catalog.documents.push(d.clone());
            } else if !file.measures.is_empty() || !file.rules.is_empty() {
                c.push(
                    "file",
                    "document",
                    "a file with measures or rules needs a [document] header",
                );
            }
            for m in &file.measures {
                if let Some(first) = ids.get(&m.id) {
                    c.push(
                        &m.id,
                        "id",
                        format!("duplicate measure id, first used in {first}"),
                    );
                }
                ids.insert(m.id.clone(), name.clone());
                validate_measure(&mut c, m, doc_slug.as_deref(), &catalog.vocabulary);
                catalog.measures.push(m.clone());
            }
            catalog.rules.extend(file.rules.iter().cloned());
            errors.extend(c.errors);
        }
        for (name, file) in &files {
            let mut c = Collector {
                file: name,
                errors: Vec::new(),
            };
            for r in &file.rules {
                validate_rule(&mut c, r, &ids, &catalog.vocabulary);
            }
            errors.extend(c.errors);
        }
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(LoadErrors(errors))
        }
    }

    /// A measure by id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
}
