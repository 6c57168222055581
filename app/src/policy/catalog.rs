//! Loading and validating a catalog: documents, facts, measures and cross-measure rules.
//!
//! A catalog is a set of TOML files (see `app/catalog/README.md`). Loading rejects anything a
//! person could get wrong when writing one, with a message naming the file, measure and field.
//!
//! This file parses the files and runs the checks in order (facts first, then measures, then
//! rules); the checks themselves are in [`catalog_checks`](super::catalog_checks) and
//! [`formula_checks`](super::formula_checks); the file types are in
//! [`catalog_file`](super::catalog_file).
use std::collections::BTreeMap;

use serde::Deserialize;

use super::catalog_checks::{validate_fact, validate_measure, validate_rule};
use super::catalog_file::{slug_problem, Collector};
pub use super::catalog_file::{CatalogFile, Document, LoadError, LoadErrors};
use super::measure::Measure;
use super::percent_text;
use super::rules::{Coverage, CoverageCache, CrossRule};
use super::vocabulary::Vocabulary;

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
                if !c.first_use(
                    &mut fact_files,
                    &def.name,
                    "name",
                    "duplicate fact, first declared in",
                ) {
                    continue;
                }
                validate_fact(&mut c, def);
                catalog.vocabulary.insert(def.clone());
            }
            errors.extend(c.errors);
        }
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut doc_files: BTreeMap<String, String> = BTreeMap::new();
        for (name, file) in &files {
            let mut c = Collector {
                file: name,
                errors: Vec::new(),
            };
            let doc_slug = file.document.as_ref().map(|d| d.slug.clone());
            if let Some(d) = &file.document {
                if let Some(problem) = slug_problem(&d.slug) {
                    c.push(&d.slug, "document.slug", problem);
                }
                c.first_use(
                    &mut doc_files,
                    &d.slug,
                    "document.slug",
                    "duplicate document, first declared in",
                );
                catalog.documents.push(d.clone());
            } else if !file.measures.is_empty() || !file.rules.is_empty() {
                c.push(
                    "file",
                    "document",
                    "a file with measures or rules needs a [document] header",
                );
            }
            for m in &file.measures {
                c.first_use(&mut ids, &m.id, "id", "duplicate measure id, first used in");
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
                validate_rule(&mut c, r, &ids, &doc_files, &catalog.vocabulary);
            }
            errors.extend(c.errors);
        }
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(LoadErrors(errors))
        }
    }

    /// The slugs of the source documents, in file order: the documents a measure may cite.
    pub fn document_slugs(&self) -> impl Iterator<Item = &str> {
        self.documents.iter().map(|d| d.slug.as_str())
    }

    /// Whether `slug` is one of this catalog's source documents.
    pub fn has_document(&self, slug: &str) -> bool {
        self.documents.iter().any(|d| d.slug == slug)
    }

    /// A measure by id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
}
