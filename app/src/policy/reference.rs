//! The catalog's reference data as the staff editor changes it one entry at a time: a fact, a
//! cross-measure rule or a source document ([`Entry`]), the catalog with one entry changed or
//! removed, re-validated by the loader itself ([`Catalog::with_entry`]), and what uses an entry
//! ([`Catalog::users`]), so that a fact in use is not removed or retyped unseen.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, LoadError, LoadErrors};
use super::catalog_file::Document;
use super::fact::FactDef;
use super::rules::{CrossRule, RuleKind};
use super::vocabulary::Vocabulary;

/// What kind of reference entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A fact the wizard asks and conditions test.
    Fact,
    /// A cross-measure rule.
    Rule,
    /// A source document.
    Document,
}

impl EntryKind {
    /// Every kind.
    pub const ALL: [EntryKind; 3] = [EntryKind::Fact, EntryKind::Rule, EntryKind::Document];

    /// The slug in URLs, the database and the audit log.
    pub fn slug(self) -> &'static str {
        match self {
            EntryKind::Fact => "fact",
            EntryKind::Rule => "rule",
            EntryKind::Document => "document",
        }
    }

    /// The kind a slug names.
    pub fn from_slug(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// One entry of reference data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum Entry {
    /// A fact.
    Fact(FactDef),
    /// A cross-measure rule.
    Rule(CrossRule),
    /// A source document.
    Document(Document),
}

impl Entry {
    /// Its kind.
    pub fn kind(&self) -> EntryKind {
        match self {
            Entry::Fact(_) => EntryKind::Fact,
            Entry::Rule(_) => EntryKind::Rule,
            Entry::Document(_) => EntryKind::Document,
        }
    }

    /// Its key: a fact's name, a rule's id, a document's slug.
    pub fn key(&self) -> &str {
        match self {
            Entry::Fact(f) => &f.name,
            Entry::Rule(r) => &r.id,
            Entry::Document(d) => &d.slug,
        }
    }

    /// What lists show: a fact's label, a rule's or a document's title.
    pub fn title(&self) -> &str {
        match self {
            Entry::Fact(f) => &f.label,
            Entry::Rule(r) => &r.title,
            Entry::Document(d) => &d.title,
        }
    }
}

impl Catalog {
    /// The entry `key` of `kind`, if the catalog has it.
    pub fn entry(&self, kind: EntryKind, key: &str) -> Option<Entry> {
        match kind {
            EntryKind::Fact => self.vocabulary.get(key).cloned().map(Entry::Fact),
            EntryKind::Rule => self
                .rules
                .iter()
                .find(|r| r.id == key)
                .cloned()
                .map(Entry::Rule),
            EntryKind::Document => self
                .documents
                .iter()
                .find(|d| d.slug == key)
                .cloned()
                .map(Entry::Document),
        }
    }

    /// The entries of `kind`, in catalog order.
    pub fn entries(&self, kind: EntryKind) -> Vec<Entry> {
        match kind {
            EntryKind::Fact => self.vocabulary.iter().cloned().map(Entry::Fact).collect(),
            EntryKind::Rule => self.rules.iter().cloned().map(Entry::Rule).collect(),
            EntryKind::Document => self
                .documents
                .iter()
                .cloned()
                .map(Entry::Document)
                .collect(),
        }
    }

    /// The catalog with the entry `key` of `kind` replaced by `entry` (added at the end when
    /// new; renaming is not a change of one entry, so `entry`'s key must be `key`), or removed
    /// when `entry` is `None`; validated by the loader as a whole, its messages about the
    /// entry first. A document cannot be removed (its measures cite it).
    pub fn with_entry(
        &self,
        kind: EntryKind,
        key: &str,
        entry: Option<&Entry>,
    ) -> Result<Catalog, LoadErrors> {
        let refuse = |field: &str, message: String| {
            Err(LoadErrors(vec![LoadError {
                file: "editor".into(),
                subject: key.to_string(),
                field: field.into(),
                message,
            }]))
        };
        if let Some(e) = entry {
            if e.kind() != kind {
                return refuse("entry", format!("expected a {}", kind.slug()));
            }
            if e.key() != key {
                return refuse(
                    key_field(kind),
                    format!("cannot be changed from \"{key}\" (add a new one instead)"),
                );
            }
        }
        let mut changed = self.clone();
        match (kind, entry) {
            (EntryKind::Fact, e) => {
                let mut defs: Vec<FactDef> = changed.vocabulary.iter().cloned().collect();
                let slot = defs.iter().position(|d| d.name == key);
                match (slot, e) {
                    (Some(i), Some(Entry::Fact(f))) => defs[i] = f.clone(),
                    (None, Some(Entry::Fact(f))) => defs.push(f.clone()),
                    (Some(i), None) => {
                        defs.remove(i);
                    }
                    _ => return refuse("name", format!("no fact named \"{key}\"")),
                }
                changed.vocabulary = Vocabulary::new(defs);
            }
            (EntryKind::Rule, e) => {
                let slot = changed.rules.iter().position(|r| r.id == key);
                match (slot, e) {
                    (Some(i), Some(Entry::Rule(r))) => changed.rules[i] = r.clone(),
                    (None, Some(Entry::Rule(r))) => changed.rules.push(r.clone()),
                    (Some(i), None) => {
                        changed.rules.remove(i);
                    }
                    _ => return refuse("id", format!("no rule with the id \"{key}\"")),
                }
            }
            (EntryKind::Document, e) => {
                let slot = changed.documents.iter().position(|d| d.slug == key);
                match (slot, e) {
                    (Some(i), Some(Entry::Document(d))) => changed.documents[i] = d.clone(),
                    (None, Some(Entry::Document(d))) => changed.documents.push(d.clone()),
                    (Some(_), None) => {
                        return refuse(
                            "slug",
                            "a source document is not removed: its measures and rules cite it"
                                .into(),
                        )
                    }
                    _ => return refuse("slug", format!("no document \"{key}\"")),
                }
            }
        }
        // A rule is written in its document's file; one citing an unknown document would be
        // dropped by the export below, so it is refused here.
        if let Some(Entry::Rule(r)) = entry {
            if !changed.has_document(&r.citation.doc) {
                return refuse(
                    "citation.doc",
                    format!(
                        "\"{}\" is not one of the source documents ({})",
                        r.citation.doc,
                        changed.document_slugs().collect::<Vec<_>>().join(", ")
                    ),
                );
            }
        }
        Catalog::from_files(changed.to_files()).map_err(|LoadErrors(errors)| {
            let (own, other): (Vec<LoadError>, Vec<LoadError>) =
                errors.into_iter().partition(|e| e.subject == key);
            LoadErrors(own.into_iter().chain(other).collect())
        })
    }

    /// What uses the entry `key` of `kind`: for a fact, the measures whose conditions or
    /// formulas read it and the rules that test it; for a rule, the measures it covers; for a
    /// document, its measures and rules. Measure ids, then `rule ` and a rule id.
    pub fn users(&self, kind: EntryKind, key: &str) -> Vec<String> {
        match kind {
            EntryKind::Fact => {
                let mut out = Vec::new();
                for m in &self.measures {
                    let mut facts = BTreeSet::new();
                    m.condition.facts(&mut facts);
                    m.formula.facts(&mut facts);
                    if facts.contains(key) {
                        out.push(m.id.clone());
                    }
                }
                for r in &self.rules {
                    let mut facts = BTreeSet::new();
                    match &r.kind {
                        RuleKind::Bonus { condition, .. } => condition.facts(&mut facts),
                        RuleKind::MinimumYears { fact, .. } => {
                            facts.insert(fact.clone());
                        }
                        _ => {}
                    }
                    if facts.contains(key) {
                        out.push(format!("rule {}", r.id));
                    }
                }
                out
            }
            EntryKind::Rule => self
                .rules
                .iter()
                .find(|r| r.id == key)
                .map(|r| {
                    self.measures
                        .iter()
                        .filter(|m| r.covers(&m.id, &m.citation.doc))
                        .map(|m| m.id.clone())
                        .collect()
                })
                .unwrap_or_default(),
            EntryKind::Document => self
                .measures
                .iter()
                .filter(|m| m.citation.doc == key)
                .map(|m| m.id.clone())
                .chain(
                    self.rules
                        .iter()
                        .filter(|r| r.citation.doc == key)
                        .map(|r| format!("rule {}", r.id)),
                )
                .collect(),
        }
    }
}

/// The field holding an entry's key.
pub fn key_field(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Fact => "name",
        EntryKind::Rule => "id",
        EntryKind::Document => "slug",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::seed;

    const COST: &str = "ip_litigation_cost_cny";

    #[test]
    fn a_fact_in_use_lists_its_measures_and_cannot_be_removed() {
        let c = seed::load().expect("seed");
        let users = c.users(EntryKind::Fact, COST);
        assert!(
            users.contains(&"nwf-2020-1.ip-litigation-subsidy".to_string()),
            "{users:?}"
        );
        let err = c.with_entry(EntryKind::Fact, COST, None).unwrap_err();
        assert!(
            err.0.iter().any(|e| e.message.contains(COST)),
            "the loader names the missing fact: {err:?}"
        );
    }

    #[test]
    fn an_unused_fact_is_added_changed_and_removed() {
        let c = seed::load().expect("seed");
        let mut f = c.vocabulary.get(COST).expect("fact").clone();
        f.name = "spare_cost_cny".into();
        let added = c
            .with_entry(
                EntryKind::Fact,
                "spare_cost_cny",
                Some(&Entry::Fact(f.clone())),
            )
            .expect("valid");
        assert!(added.vocabulary.get("spare_cost_cny").is_some());
        assert!(added.users(EntryKind::Fact, "spare_cost_cny").is_empty());
        f.question = "How much did it cost?".into();
        let changed = added
            .with_entry(EntryKind::Fact, "spare_cost_cny", Some(&Entry::Fact(f)))
            .expect("valid");
        assert_eq!(
            changed
                .vocabulary
                .get("spare_cost_cny")
                .expect("fact")
                .question,
            "How much did it cost?"
        );
        let removed = changed
            .with_entry(EntryKind::Fact, "spare_cost_cny", None)
            .expect("valid");
        assert!(removed.vocabulary.get("spare_cost_cny").is_none());
    }

    #[test]
    fn keys_cannot_change_and_documents_stay() {
        let c = seed::load().expect("seed");
        let f = c.vocabulary.get(COST).expect("fact").clone();
        let err = c
            .with_entry(EntryKind::Fact, "other_name", Some(&Entry::Fact(f)))
            .unwrap_err();
        assert_eq!(err.0[0].field, "name");
        let doc = c.documents[0].slug.clone();
        let err = c.with_entry(EntryKind::Document, &doc, None).unwrap_err();
        assert_eq!(err.0[0].field, "slug");
        assert!(!c.users(EntryKind::Document, &doc).is_empty());
    }

    #[test]
    fn a_rule_lists_the_measures_it_binds_and_is_validated_by_the_loader() {
        let c = seed::load().expect("seed");
        let r = c.rules[0].clone();
        assert!(!c.users(EntryKind::Rule, &r.id).is_empty());
        let mut broken = r.clone();
        broken.measures.push("nwf-2020-1.no-such-measure".into());
        let err = c
            .with_entry(EntryKind::Rule, &r.id, Some(&Entry::Rule(broken)))
            .unwrap_err();
        assert_eq!(err.0[0].subject, r.id, "{err:?}");
        let removed = c.with_entry(EntryKind::Rule, &r.id, None).expect("valid");
        assert_eq!(removed.rules.len(), c.rules.len() - 1);
    }
}
