//! Explaining an assessment: every sentence users read about an outcome is written here.
//!
//! The engine computes first and explains afterwards. While deciding, it records what happened
//! as data (a [`Reason`], formula [`FormulaStep`]s, [`RuleStep`]s, [`Note`]s, an [`Effect`]),
//! holding numbers and references into the catalog and the answers. The words are produced
//! here, only when someone reads them: [`MeasureOutcome::trace`], [`MeasureOutcome::notes`],
//! [`MeasureOutcome::reason_text`], `AppliedRule::effect_text` (the API's JSON is built from
//! these in `wire::assessment`). The recorded data is defined with the outcome types in
//! [`outcome`](super::outcome); the accessors and the sentences are written here.
//!
//! A trace lists, in order: each requirement met (when the condition holds) and each
//! minimum-years rule met; or why the measure is not eligible; then the formula's steps; then
//! what cross-measure rules did. Each line ends with its citation.
use std::borrow::Cow;
use std::fmt;

use super::condition::{Condition, Failure};
use super::formula::{FormulaStep, NoItems, NoTier};
use super::money::Thousands;
use super::outcome::{AppliedRule, Effect, MeasureOutcome, Note, Reason, RuleStep};
use super::rules::CrossRule;

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
            Reason::Superseded { by, on } => write!(f, "was replaced by {by} from {on}"),
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

impl<'a> MeasureOutcome<'a> {
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
