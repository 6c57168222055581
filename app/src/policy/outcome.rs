//! What an assessment returns: each measure's [`Verdict`] and [`MeasureOutcome`], the
//! cross-measure rules that changed amounts ([`AppliedRule`]) and the [`Assessment`] with its
//! totals. An outcome keeps its explanation as data; the accessors here (`trace`, `notes`,
//! `reason_text`, `effect_text`) and the JSON form word it through [`explain`](super::explain)
//! only when it is read.
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::date::Date;
use super::explain::{Effect, Line, Note, Reason, RuleStep, TraceLine, Words};
use super::formula::{Benefit, FormulaStep};
use super::measure::Measure;
use super::money::{MoneyRange, Yuan};
use super::rules::CrossRule;
use super::vocabulary::Vocabulary;

/// The verdict for one measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The applicant qualifies.
    Eligible,
    /// The applicant does not qualify.
    NotEligible,
    /// More answers are needed.
    NeedsInfo,
    /// The measure is not in force on the assessment date.
    NotInForce,
}

/// One measure's outcome. It borrows the measure, the rules and the answers, and keeps its
/// explanation as data: [`explain`](super::explain) words the trace, notes and reason when they
/// are read or serialised (`MeasureOutcome::trace`, `notes`, `reason_text`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureOutcome<'a> {
    /// The measure (id, title, category, support type and citation are read from it).
    pub measure: &'a Measure,
    /// The declared facts, whose labels word the explanation.
    pub vocab: &'a Vocabulary,
    /// Verdict.
    pub verdict: Verdict,
    /// The benefit the measure alone yields (eligible only).
    pub benefit: Option<Benefit>,
    /// The money counted in the total after cross-measure rules (eligible money only).
    pub counted: Option<MoneyRange>,
    /// Why not eligible or not in force.
    pub reason: Option<Reason<'a>>,
    /// Facts that would decide it, sorted (needs information only).
    pub missing: Vec<&'a str>,
    /// Whether the measure's condition and minimum-years rules hold (the trace then lists each
    /// requirement met).
    pub conditions_met: bool,
    /// The minimum-years rules covering the measure.
    pub year_rules: Vec<&'a CrossRule>,
    /// The formula's arithmetic (eligible only).
    pub steps: Vec<FormulaStep<'a>>,
    /// What cross-measure rules did to the amount, in order.
    pub rule_steps: Vec<RuleStep<'a>>,
    /// Notes added by the assessment, after the measure's own notes (interpretation, unstated
    /// validity).
    pub notes: Vec<Note<'a>>,
}

/// A cross-measure rule that changed the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedRule<'a> {
    /// The rule (id, title and citation are read from it).
    pub rule: &'a CrossRule,
    /// What it did, with figures.
    pub effect: Effect<'a>,
}

/// The result of assessing one applicant against the catalog. It borrows the catalog; what
/// crosses the wire is the owned `wire::assessment::AssessmentResponse` built from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment<'a> {
    /// Date the assessment applies to.
    pub as_of: Date,
    /// Every measure's outcome, in catalog order.
    pub outcomes: Vec<MeasureOutcome<'a>>,
    /// Rules that changed amounts.
    pub rules_applied: Vec<AppliedRule<'a>>,
    /// Sum of counted grants, awards, subsidies and refunds.
    pub total: MoneyRange,
    /// Sum of equity investments, loans and guarantees: money that must be repaid or buys a
    /// stake, so it is kept out of `total`.
    pub financing_total: MoneyRange,
    /// Sum of monthly amounts whose duration the text does not state.
    pub monthly_total: Yuan,
}

impl<'a> MeasureOutcome<'a> {
    /// An outcome not yet decided (needs information, nothing computed), for the engine's
    /// phases to fill in.
    #[inline]
    pub(super) fn pending(
        measure: &'a Measure,
        vocab: &'a Vocabulary,
        year_rules: Vec<&'a CrossRule>,
    ) -> Self {
        MeasureOutcome {
            measure,
            vocab,
            verdict: Verdict::NeedsInfo,
            benefit: None,
            counted: None,
            reason: None,
            missing: Vec::new(),
            conditions_met: false,
            year_rules,
            steps: Vec::new(),
            rule_steps: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The measure's citation: "nwf-2019-1, item 1".
    pub fn citation(&self) -> String {
        self.measure.citation.short()
    }

    /// Why not eligible or not in force, in plain words.
    pub fn reason_text(&self) -> Option<String> {
        self.reason.as_ref().map(|r| self.words(r).to_string())
    }

    /// The trace: the steps that led to the outcome, each ending with its citation.
    pub fn trace(&self) -> Vec<String> {
        self.trace_lines().map(|l| l.to_string()).collect()
    }

    /// The notes users must see: the measure's own, then those the assessment added.
    pub fn notes(&self) -> Vec<String> {
        self.all_notes()
            .map(|n| self.words(&*n).to_string())
            .collect()
    }

    fn trace_lines(&self) -> impl Iterator<Item = TraceLine<'_, 'a>> {
        let requirements: &[Condition] = match &self.measure.condition {
            Condition::All { all } => all,
            other => std::slice::from_ref(other),
        };
        let met = self.conditions_met;
        let requirements = requirements
            .iter()
            .filter(move |c| met && !matches!(c, Condition::All { all } if all.is_empty()))
            .map(Line::Requirement);
        let years = self
            .year_rules
            .iter()
            .filter(move |_| met)
            .map(|r| Line::YearsMet(r));
        let why_not = match &self.reason {
            Some(Reason::ApplicantType { .. }) => Some(Line::WrongApplicant),
            Some(Reason::Condition(failure)) => Some(Line::NotEligible(failure)),
            Some(Reason::NoTier(no_tier)) => Some(Line::NoTier(no_tier)),
            Some(Reason::NoItems(no_items)) => Some(Line::NoItems(no_items)),
            _ => None,
        };
        requirements
            .chain(years)
            .chain(why_not)
            .chain(self.steps.iter().map(Line::Formula))
            .chain(self.rule_steps.iter().map(Line::Rule))
            .map(move |line| TraceLine {
                outcome: self,
                line,
            })
    }

    fn all_notes(&self) -> impl Iterator<Item = Cow<'_, Note<'a>>> {
        // The measure's own notes are derived from it, so they are not stored per assessment.
        let interpretation = self
            .measure
            .interpretation
            .as_deref()
            .map(Note::Interpretation);
        let validity = (!self.measure.validity_stated).then_some(Note::ValidityUnstated);
        interpretation
            .into_iter()
            .chain(validity)
            .map(Cow::Owned)
            .chain(self.notes.iter().map(Cow::Borrowed))
    }

    fn words<'w, T>(&'w self, item: &'w T) -> Words<'w, 'a, T> {
        Words {
            outcome: self,
            item,
        }
    }
}

impl AppliedRule<'_> {
    /// What the rule did, in words.
    pub fn effect_text(&self) -> String {
        self.effect.to_string()
    }
}
