//! A catalog back to files: export in the `app/catalog/` format, and re-validation of a catalog
//! with one measure changed (what the staff editor checks before saving or publishing).
//!
//! Export then load gives back an equal catalog: facts go to `facts.toml`, each document with its
//! rules and measures to `{slug}.toml`.
use super::catalog::{Catalog, CatalogFile, LoadError, LoadErrors, KNOWN_DOCUMENTS};
use super::measure::Measure;
use super::percent_text;

impl Catalog {
    /// The catalog as `(file name, file)` pairs: facts first, then one file per document.
    pub fn to_files(&self) -> Vec<(String, CatalogFile)> {
        let mut files = vec![(
            "facts.toml".to_string(),
            CatalogFile {
                facts: self.vocabulary.iter().cloned().collect(),
                ..CatalogFile::default()
            },
        )];
        for d in &self.documents {
            files.push((
                format!("{}.toml", d.slug),
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
        if !KNOWN_DOCUMENTS.contains(&measure.citation.doc.as_str())
            || !self
                .documents
                .iter()
                .any(|d| d.slug == measure.citation.doc)
        {
            return Err(LoadErrors(vec![LoadError {
                file: "editor".into(),
                subject: measure.id.clone(),
                field: "citation.doc".into(),
                message: format!(
                    "\"{}\" is not one of the source documents ({})",
                    measure.citation.doc,
                    KNOWN_DOCUMENTS.join(", ")
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
        m.citation.doc = "nwf-2020-1".into();
        let changed = catalog.with_measure(&m).expect("valid again");
        assert_eq!(changed.measures.len(), catalog.measures.len());
    }
}
