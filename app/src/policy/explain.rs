//! Explaining an assessment: every sentence users read about an outcome is written here.
//!
//! The engine computes first and explains afterwards. While deciding, it records what happened
//! as data (a [`Reason`], formula [`FormulaStep`]s, [`RuleStep`]s, [`Note`]s, an [`Effect`]),
//! holding numbers and references into the catalog and the answers. The words are produced
//! here, only when someone reads them: [`MeasureOutcome::trace`], [`MeasureOutcome::notes`],
//! [`MeasureOutcome::reason_text`], `AppliedRule::effect_text` (the API's JSON is built from
//! these in `wire::assessment`). Those accessors live with the outcome types in
//! [`outcome`](super::outcome); the sentences are written here.
//!
//! A trace lists, in order: each requirement met (when the condition holds) and each
//! minimum-years rule met; or why the measure is not eligible; then the formula's steps; then
//! what cross-measure rules did. Each line ends with its citation.
use std::fmt;

use super::condition::{Condition, Failure};
use super::date::Date;
use super::fact::FactValue;
use super::formula::{FormulaStep, NoItems, NoTier};
use super::measure::Beneficiary;
use super::money::{MoneyRange, Rate, Thousands, Yuan};
use super::outcome::MeasureOutcome;
use super::rules::CrossRule;

/// Why a measure is not eligible or not in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason<'a> {
    /// "expired on 2020-12-31"
    Expired(Date),
    /// "takes effect on 2022-01-01"
    NotYetInForce(Date),
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

/// One line of a trace, worded with its outcome's labels and citation.
pub(super) enum Line<'o, 'a> {
    /// "condition met: <requirement> (<citation>)"
    Requirement(&'a Condition),
    /// "condition met: <rule> (<rule's citation>)"
    YearsMet(&'a CrossRule),
    /// "applicant type does not match (<citation>)"
    WrongApplicant,
    /// "not eligible: <failure> [<rule>: <rule's citation>]... (<citation>)"
    NotEligible(&'o Failure<'a>),
    /// "no tier applies to your answer (...) (<citation>)"
    NoTier(&'o NoTier<'a>),
    /// "none of the 2 standards you listed is covered (...) (<citation>)"
    NoItems(&'o NoItems<'a>),
    /// "<step> (<citation>)"
    Formula(&'o FormulaStep<'a>),
    /// A cross-measure rule's step, with the rule's own citation.
    Rule(&'o RuleStep<'a>),
}

/// A trace line ready to display.
pub(super) struct TraceLine<'o, 'a> {
    pub(super) outcome: &'o MeasureOutcome<'a>,
    pub(super) line: Line<'o, 'a>,
}

/// An item of an outcome's explanation, worded with the outcome's labels and citation.
pub(super) struct Words<'w, 'a, T> {
    pub(super) outcome: &'w MeasureOutcome<'a>,
    pub(super) item: &'w T,
}

/// "<rule title> (<rule citation>)"
struct RuleName<'a>(&'a CrossRule);

impl fmt::Display for RuleName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.0.title, self.0.citation.display_short())
    }
}

impl fmt::Display for Words<'_, '_, Reason<'_>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let vocab = self.outcome.vocab;
        match self.item {
            Reason::Expired(end) => write!(f, "expired on {end}"),
            Reason::NotYetInForce(start) => write!(f, "takes effect on {start}"),
            Reason::ApplicantType {
                beneficiary,
                answer,
            } => write!(
                f,
                "this measure is for applicants of type \"{beneficiary:?}\", you answered \"{}\"",
                answer.describe()
            ),
            Reason::Condition(failure) => write!(f, "{}", failure.words(vocab)),
            Reason::NoTier(no_tier) => write!(f, "{}", no_tier.words(vocab)),
            Reason::NoItems(no_items) => write!(f, "{}", no_items.words(vocab)),
        }
    }
}

impl fmt::Display for Words<'_, '_, Note<'_>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Note::Interpretation(note) => write!(f, "Interpretation: {note}"),
            Note::ValidityUnstated => f.write_str(
                "The text does not state how long this measure stays in force; check with the issuing department.",
            ),
            Note::OneOfGroup { rule, eligible } => write!(
                f,
                "{}: you qualify for {eligible} measures of this group; the same project cannot receive more than one of them.",
                RuleName(rule)
            ),
            Note::NotCounted { rule, kept } => write!(
                f,
                "Not counted: {} pays only the highest award, here \"{kept}\".",
                RuleName(rule)
            ),
            Note::BonusIfAnswered {
                rule,
                rate,
                missing,
            } => write!(
                f,
                "{} may add {rate} if you answer: {}",
                RuleName(rule),
                missing.join(", ")
            ),
            Note::Financing => f.write_str(
                "Financing (equity, a loan or a guarantee), not a grant: shown apart from the total.",
            ),
        }
    }
}

impl fmt::Display for TraceLine<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = self.outcome;
        let vocab = o.vocab;
        match &self.line {
            Line::Requirement(c) => write!(f, "condition met: {}", c.describe(vocab))?,
            Line::YearsMet(rule) => return write!(f, "condition met: {}", RuleName(rule)),
            Line::WrongApplicant => f.write_str("applicant type does not match")?,
            Line::NotEligible(failure) => {
                write!(f, "not eligible: {}", failure.words(vocab))?;
                for r in &o.year_rules {
                    write!(f, " [{}: {}]", r.title, r.citation.display_short())?;
                }
            }
            Line::NoTier(no_tier) => write!(f, "{}", no_tier.words(vocab))?,
            Line::NoItems(no_items) => write!(f, "not eligible: {}", no_items.words(vocab))?,
            Line::Formula(step) => write!(f, "{}", step.words(vocab))?,
            Line::Rule(step) => return write!(f, "{step}"),
        }
        write!(f, " ({})", o.measure.citation.display_short())
    }
}

impl fmt::Display for RuleStep<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleStep::NotCounted(rule) => write!(
                f,
                "{}: not counted, a higher award in the same group applies ({})",
                rule.title,
                rule.citation.display_short()
            ),
            RuleStep::Bonus {
                rule,
                rate,
                base,
                extra,
            } => write!(
                f,
                "{}: +{rate} x {base} = +{extra} ({})",
                rule.title,
                rule.citation.display_short()
            ),
            RuleStep::GroupCapped {
                rule,
                cap,
                before,
                after,
            } => write!(
                f,
                "{}: the group is capped at {} a year, so {before} -> {after} ({})",
                rule.title,
                Thousands(*cap),
                rule.citation.display_short()
            ),
        }
    }
}

impl fmt::Display for Effect<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::KeptHighest { kept, dropped } => {
                write!(f, "kept \"{kept}\"; not counted: {}", dropped.join("; "))
            }
            Effect::Bonus(added) => {
                for (i, (title, extra)) in added.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{title} +{extra}")?;
                }
                Ok(())
            }
            Effect::Capped { sum, cap } => {
                write!(
                    f,
                    "{sum} in the group, capped at {} a year",
                    Thousands(*cap)
                )
            }
        }
    }
}
