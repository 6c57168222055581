//! What an assessment returns: each measure's [`Verdict`] and [`MeasureOutcome`], the
//! cross-measure rules that changed amounts ([`AppliedRule`]) and the [`Assessment`] with its
//! totals. An outcome keeps its explanation as data ([`Reason`], [`RuleStep`], [`Note`],
//! [`Effect`]); [`explain`](super::explain) words it (`trace`, `notes`, `reason_text`,
//! `effect_text`) only when it is read.
use serde::{Deserialize, Serialize};

use super::condition::Failure;
use super::date::Date;
use super::fact::FactValue;
use super::formula::{Benefit, FormulaStep, NoItems, NoTier};
use super::measure::{Beneficiary, Measure};
use super::money::{MoneyRange, Rate, Yuan};
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

/// Why a measure is not eligible or not in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason<'a> {
    /// "expired on 2020-12-31"
    Expired(Date),
    /// "takes effect on 2022-01-01"
    NotYetInForce(Date),
    /// "replaced by nwf-2024-1 from 2024-03-01"
    Superseded {
        /// The replacing measure or document.
        by: &'a str,
        /// From when.
        on: Date,
    },
    /// "this measure is for applicants of type \"Enterprise\", you answered \"individual\""
    ApplicantType {
        /// Who the measure is for.
        beneficiary: Beneficiary,
        /// The applicant type given.
        answer: &'a FactValue,
    },
    /// A requirement fails (the measure's condition or a minimum-years rule).
    Condition(Failure<'a>),
    /// The answer selects no tier of the formula.
    NoTier(NoTier<'a>),
    /// No entry of a list is paid (none given, or none covered).
    NoItems(NoItems<'a>),
}

/// What a cross-measure rule did to one measure's amount; shown in its trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleStep<'a> {
    /// "<rule>: not counted, a higher award in the same group applies (<rule's citation>)"
    NotCounted(&'a CrossRule),
    /// "<rule>: +20% x 500,000 yuan = +100,000 yuan (<rule's citation>)"
    Bonus {
        /// The bonus rule.
        rule: &'a CrossRule,
        /// Its rate.
        rate: Rate,
        /// The amount it applies to.
        base: MoneyRange,
        /// What it adds.
        extra: MoneyRange,
    },
    /// "<rule>: the group is capped at 2,000,000 a year, so 1,500,000 yuan -> 500,000 yuan
    /// (<rule's citation>)"
    GroupCapped {
        /// The annual-cap rule.
        rule: &'a CrossRule,
        /// The cap.
        cap: Yuan,
        /// The amount before trimming.
        before: MoneyRange,
        /// The amount after trimming.
        after: MoneyRange,
    },
}

/// A note users must see next to an outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note<'a> {
    /// "Interpretation: <how an ambiguous passage was read>" (from the measure)
    Interpretation(&'a str),
    /// "The text does not state how long this measure stays in force; check with the issuing
    /// department." (from the measure)
    ValidityUnstated,
    /// "<rule> (<citation>): you qualify for 3 measures of this group; the same project cannot
    /// receive more than one of them."
    OneOfGroup {
        /// The exclusive rule.
        rule: &'a CrossRule,
        /// How many of its measures the applicant qualifies for.
        eligible: usize,
    },
    /// "Not counted: <rule> (<citation>) pays only the highest award, here \"<kept title>\"."
    NotCounted {
        /// The exclusive rule.
        rule: &'a CrossRule,
        /// Title of the measure that is paid.
        kept: &'a str,
    },
    /// "<rule> (<citation>) may add 20% if you answer: <fact>, <fact>"
    BonusIfAnswered {
        /// The bonus rule.
        rule: &'a CrossRule,
        /// Its rate.
        rate: Rate,
        /// Facts that would decide its condition.
        missing: Vec<&'a str>,
    },
    /// "Financing (equity, a loan or a guarantee), not a grant: shown apart from the total."
    Financing,
}

/// What a cross-measure rule did across its group; shown in the list of rules applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect<'a> {
    /// "kept \"<title>\"; not counted: <title>; <title>"
    KeptHighest {
        /// Title of the measure paid.
        kept: &'a str,
        /// Titles of the measures not counted.
        dropped: Vec<&'a str>,
    },
    /// "<title> +100,000 yuan; <title> +50,000 yuan"
    Bonus(Vec<(&'a str, MoneyRange)>),
    /// "3,000,000 yuan in the group, capped at 2,000,000 a year"
    Capped {
        /// What the group would pay without the cap.
        sum: MoneyRange,
        /// The cap.
        cap: Yuan,
    },
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
}
