//! Rules that span measures, as data: exclusive groups, bonuses, annual caps, minimum years of
//! operation, and no double funding.
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::measure::{Citation, Measure};
use super::money::{Rate, Yuan};

/// A rule that applies across a set of measures.
// No `deny_unknown_fields` here: serde cannot combine it with the flattened `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossRule {
    /// Stable id.
    pub id: String,
    /// Name shown to users.
    pub title: String,
    /// What the rule does.
    #[serde(flatten)]
    pub kind: RuleKind,
    /// Measures the rule covers: listed ids, plus every measure of the listed documents.
    #[serde(default)]
    pub measures: Vec<String>,
    /// Documents whose measures the rule covers.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Measures excluded from a document-wide selection.
    #[serde(default)]
    pub except: Vec<String>,
    /// Source.
    pub citation: Citation,
}

/// The kinds of cross-measure rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// Of the covered measures the applicant qualifies for, only the highest is paid.
    HighestOnly,
    /// The same project may not be funded twice from the covered measures: only the highest counts.
    NoDoubleFunding,
    /// Covered money awards get `rate` more when `condition` holds (e.g. +20% in Special Zones).
    Bonus {
        /// Extra rate on top of each covered award.
        rate: Rate,
        /// When the bonus applies.
        condition: Condition,
    },
    /// The covered measures together pay at most `cap` per beneficiary per year.
    AnnualCap {
        /// The yearly ceiling.
        cap: Yuan,
    },
    /// The covered measures require `fact >= years` (continuous operation in the district).
    MinimumYears {
        /// The count fact holding years of operation.
        fact: String,
        /// Minimum years.
        years: i64,
    },
}

impl CrossRule {
    /// Whether the rule covers a measure.
    pub fn covers(&self, measure_id: &str, doc: &str) -> bool {
        if self.except.iter().any(|e| e == measure_id) {
            return false;
        }
        self.measures.iter().any(|m| m == measure_id) || self.documents.iter().any(|d| d == doc)
    }
}

/// Which measures each rule covers: a matrix of rules x measures, by position in the catalog.
/// It depends only on the catalog, so [`Catalog::coverage`](super::Catalog::coverage) computes it
/// once, from [`CrossRule::covers`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    rows: Vec<Vec<bool>>,
}

impl Coverage {
    /// Computes the matrix with [`CrossRule::covers`] for every pair.
    pub fn of(measures: &[Measure], rules: &[CrossRule]) -> Self {
        let rows = rules
            .iter()
            .map(|r| {
                measures
                    .iter()
                    .map(|m| r.covers(&m.id, &m.citation.doc))
                    .collect()
            })
            .collect();
        Coverage { rows }
    }

    /// Whether rule number `rule` covers measure number `measure`.
    pub fn covers(&self, rule: usize, measure: usize) -> bool {
        self.rows[rule][measure]
    }
}

/// A [`Coverage`] computed on first use. Derived data: it never makes two catalogs differ, and
/// a catalog is built with `CoverageCache::default()`.
#[derive(Clone, Debug, Default)]
pub struct CoverageCache(OnceLock<Coverage>);

impl CoverageCache {
    /// The coverage, computed from `measures` and `rules` the first time.
    pub fn get(&self, measures: &[Measure], rules: &[CrossRule]) -> &Coverage {
        self.0.get_or_init(|| Coverage::of(measures, rules))
    }
}

impl PartialEq for CoverageCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for CoverageCache {}
