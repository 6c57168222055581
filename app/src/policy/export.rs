//! A catalog back to files: export in the `app/catalog/` format, and re-validation of a catalog
//! with one measure changed (what the staff editor checks before saving or publishing).
//!
//! Export then load gives back an equal catalog: facts go to `facts.toml`, each document with its
//! rules and measures to `{slug}.toml`.
use super::catalog::{Catalog, CatalogFile, LoadError, LoadErrors};
use super::measure::Measure;
use super::percent_text;

/// The file of the shared facts.
pub const FACTS_FILE: &str = "facts.toml";

/// The file of one source document: `<slug>.toml`.
pub fn document_file(slug: &str) -> String {
    format!("{slug}.toml")
}

impl Catalog {
    /// The names of the catalog's files: the shared facts first, then one file per document.
    pub fn file_names(&self) -> Vec<String> {
        std::iter::once(FACTS_FILE.to_string())
            .chain(self.document_slugs().map(document_file))
            .collect()
    }

    /// The catalog as `(file name, file)` pairs, in the order of [`Catalog::file_names`].
    pub fn to_files(&self) -> Vec<(String, CatalogFile)> {
        let mut files = vec![(
            FACTS_FILE.to_string(),
            CatalogFile {
                facts: self.vocabulary.iter().cloned().collect(),
                ..CatalogFile::default()
            },
        )];
        for d in &self.documents {
            files.push((
                document_file(&d.slug),
                CatalogFile {
                    document: Some(d.clone()),
                    facts: Vec::new(),
                    rules: self
                        .rules
                        .iter()
                        .filter(|r| r.citation.doc == d.slug)
                        .cloned()
                        .collect(),
                    measures: self
                        .measures
                        .iter()
                        .filter(|m| m.citation.doc == d.slug)
                        .cloned()
                        .collect(),
                },
            ));
        }
        files
    }

    /// The catalog as `(file name, TOML text)` pairs, ready to write to a directory.
    /// Percentages are written as text ("62.5%"), as the loader reads them.
    pub fn to_toml_files(&self) -> Result<Vec<(String, String)>, String> {
        let percent = percent_text::percent_facts(self.vocabulary.iter());
        self.to_files()
            .into_iter()
            .map(|(name, file)| {
                percent_text::to_toml(&file, &percent)
                    .map(|text| (name.clone(), text))
                    .map_err(|e| format!("{name}: {e}"))
            })
            .collect()
    }

    /// This catalog with `measure` added or replacing the measure with the same id, validated
    /// exactly as the loader validates files. On failure, only the problems that concern the
    /// measure are returned (the rest of the catalog was valid already).
    pub fn with_measure(&self, measure: &Measure) -> Result<Catalog, LoadErrors> {
        if !self.has_document(&measure.citation.doc) {
            return Err(LoadErrors(vec![LoadError {
                file: "editor".into(),
                subject: measure.id.clone(),
                field: "citation.doc".into(),
                message: format!(
                    "\"{}\" is not one of the source documents ({})",
                    measure.citation.doc,
                    self.document_slugs().collect::<Vec<_>>().join(", ")
                ),
            }]));
        }
        let mut changed = self.clone();
        match changed.measures.iter_mut().find(|m| m.id == measure.id) {
            Some(slot) => *slot = measure.clone(),
            None => changed.measures.push(measure.clone()),
        }
        Catalog::from_files(changed.to_files()).map_err(|LoadErrors(errors)| {
            let own: Vec<LoadError> = errors
                .iter()
                .filter(|e| e.subject == measure.id || e.field.starts_with("measures"))
                .cloned()
                .collect();
            LoadErrors(if own.is_empty() { errors } else { own })
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::seed;

    #[test]
    fn export_then_load_is_lossless() {
        let catalog = seed::load().expect("seed loads");
        let files = catalog.to_toml_files().expect("exports");
        assert_eq!(files.len(), 1 + catalog.documents.len());
        let back =
            crate::policy::Catalog::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .expect("exported files load");
        assert_eq!(back, catalog);
    }

    #[test]
    fn a_changed_measure_is_validated_like_a_file() {
        let catalog = seed::load().expect("seed loads");
        let mut m = catalog
            .measure("nwf-2020-1.ip-litigation-subsidy")
            .expect("exists")
            .clone();
        m.title.clear();
        let errors = catalog.with_measure(&m).expect_err("empty title refused");
        assert!(errors.0.iter().any(|e| e.field == "title"), "{errors}");
        m.title = "Litigation".into();
        m.citation.doc = "nowhere".into();
        let errors = catalog
            .with_measure(&m)
            .expect_err("unknown document refused");
        assert_eq!(errors.0[0].field, "citation.doc");
        assert!(errors.0[0].message.contains("nwf-2019-1"), "{errors}");
        m.citation.doc = "nwf-2020-1".into();
        let changed = catalog.with_measure(&m).expect("valid again");
        assert_eq!(changed.measures.len(), catalog.measures.len());
    }

    #[test]
    fn documents_come_from_the_files_headers() {
        let catalog = seed::load().expect("seed loads");
        let mut files = catalog.to_toml_files().expect("exports");
        // A new document file, with a rule citing it, is accepted: the catalog's documents
        // are the files' headers, not a list in the code.
        files.push((
            "city-2026-new.toml".into(),
            "[document]\nslug = \"city-2026-new\"\ntitle = \"New\"\nissuer = \"City\"\ndate = \"2026\"\nvalidity = \"not stated\"\n".into(),
        ));
        let loaded =
            crate::policy::Catalog::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .expect("a new document loads");
        assert!(loaded.has_document("city-2026-new"));
        assert_eq!(
            loaded.file_names().last().map(String::as_str),
            Some("city-2026-new.toml")
        );
        // The same slug twice, or a slug of the wrong shape, is refused.
        let mut twice = files.clone();
        twice.push(("again.toml".into(), files.last().expect("pushed").1.clone()));
        let errors =
            crate::policy::Catalog::load(twice.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .expect_err("duplicate document refused");
        assert!(
            errors.0.iter().any(|e| e.field == "document.slug"
                && e.message
                    .contains("duplicate document, first declared in city-2026-new.toml")),
            "{errors}"
        );
        let mut bad = files.clone();
        let last = bad.last_mut().expect("pushed");
        last.1 = last.1.replace("city-2026-new", "City 2026");
        let errors =
            crate::policy::Catalog::load(bad.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .expect_err("bad slug refused");
        assert!(
            errors.0.iter().any(|e| e.field == "document.slug"),
            "{errors}"
        );
    }

    #[test]
    fn a_rule_must_cite_and_cover_documents_of_the_catalog() {
        let catalog = seed::load().expect("seed loads");
        let mut files = catalog.to_files();
        let (_, file) = files
            .iter_mut()
            .find(|(_, f)| !f.rules.is_empty())
            .expect("a document with rules");
        file.rules[0].documents = vec!["nowhere".into()];
        file.rules[0].citation.doc = "elsewhere".into();
        let errors = crate::policy::Catalog::from_files(files).expect_err("refused");
        assert!(
            errors
                .0
                .iter()
                .any(|e| e.field == "documents" && e.message.contains("nowhere")),
            "{errors}"
        );
        assert!(
            errors
                .0
                .iter()
                .any(|e| e.field == "citation.doc" && e.message.contains("elsewhere")),
            "{errors}"
        );
    }
}
