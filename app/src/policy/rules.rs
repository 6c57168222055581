//! Rules that span measures, as data: exclusive groups, bonuses, annual caps, minimum years of
//! operation, and no double funding.
use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::measure::Citation;
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
