//! The declared facts, looked up by name.
use std::collections::BTreeMap;

use super::fact::{FactDef, FactValue, Facts};

/// All declared facts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vocabulary {
    facts: BTreeMap<String, FactDef>,
    order: Vec<String>,
    /// The fields of each list fact, as a vocabulary of their own (per-item formulas and
    /// conditions read an entry's fields by name).
    scopes: BTreeMap<String, Vocabulary>,
}

impl Vocabulary {
    /// Builds a vocabulary; duplicate names are reported by the catalog loader, not here.
    pub fn new(defs: impl IntoIterator<Item = FactDef>) -> Self {
        let mut v = Vocabulary::default();
        for d in defs {
            v.insert(d);
        }
        v
    }

    /// Adds a fact (replacing one of the same name); returns whether it was new.
    pub fn insert(&mut self, def: FactDef) -> bool {
        let name = def.name.clone();
        if def.fields.is_empty() {
            self.scopes.remove(&name);
        } else {
            self.scopes
                .insert(name.clone(), Vocabulary::new(def.fields.iter().cloned()));
        }
        let new = self.facts.insert(name.clone(), def).is_none();
        if new {
            self.order.push(name);
        }
        new
    }

    /// A fact by name.
    pub fn get(&self, name: &str) -> Option<&FactDef> {
        self.facts.get(name)
    }

    /// The fields of the list fact `list`, looked up by name.
    pub fn scope(&self, list: &str) -> Option<&Vocabulary> {
        self.scopes.get(list)
    }

    /// Facts in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &FactDef> {
        self.order.iter().filter_map(|n| self.facts.get(n))
    }

    /// Number of facts.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Checks a whole set of answers: unknown names and values that do not fit, one message each.
    pub fn check_facts(&self, facts: &Facts) -> Vec<(String, String)> {
        facts
            .iter()
            .filter_map(
                |(name, value): (&String, &FactValue)| match self.get(name) {
                    None => Some((name.clone(), format!("unknown fact \"{name}\""))),
                    Some(def) => def.check(value).err().map(|e| (name.clone(), e)),
                },
            )
            .collect()
    }
}
