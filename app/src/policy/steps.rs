//! The arithmetic of a formula as data, and its wording.
//!
//! [`Formula::compute`](super::formula::Formula::compute) records each step it takes as a
//! [`FormulaStep`] holding the numbers; nothing is formatted while computing. The sentences users
//! read ("10% x 4,000,000 = 400,000") are written here, when a trace is shown.
use std::fmt;

use super::condition::{describe_value, Failure};
use super::fact::FactValue;
use super::formula::Tier;
use super::money::{MoneyRange, Rate, Thousands, Yuan};
use super::vocabulary::Vocabulary;

/// One step of a formula's arithmetic. The doc of each variant shows its wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormulaStep<'a> {
    /// "fixed amount: 500,000 yuan"
    Fixed(Yuan),
    /// "up to 3,000,000 yuan, the exact amount is set on review"
    UpTo(Yuan),
    /// "stated range: 1,000,000 to 3,000,000 yuan"
    Range {
        /// Lower end.
        min: Yuan,
        /// Upper end.
        max: Yuan,
    },
    /// "10% x 4,000,000 = 400,000"
    Rate {
        /// The rate.
        rate: Rate,
        /// The base it applies to.
        base: Yuan,
        /// `rate x base`, rounded down.
        result: Yuan,
    },
    /// "10% to 30% x 10,000,000 = 1,000,000 to 3,000,000"
    RateRange {
        /// Lowest rate.
        min_rate: Rate,
        /// Highest rate.
        max_rate: Rate,
        /// The base they apply to.
        base: Yuan,
        /// Both products.
        result: MoneyRange,
    },
    /// "1,000 x 3 = 3,000" (the count is printed as given)
    PerUnit {
        /// Amount per unit.
        amount: Yuan,
        /// Number of units.
        units: i64,
        /// `amount x units`.
        result: Yuan,
    },
    /// "capped at 500,000: 600,000 -> 500,000"
    Capped {
        /// The ceiling.
        cap: Yuan,
        /// The amount before the cap.
        before: Yuan,
    },
    /// "capped at 20,000,000: 10,000,000 to 20,000,000 yuan"
    RangeCapped {
        /// The ceiling.
        cap: Yuan,
        /// The range after the cap.
        result: MoneyRange,
    },
    /// "within the cap of 500,000"
    WithinCap(Yuan),
    /// "raised to the floor of 10,000: 1,000 -> 10,000"
    RaisedToFloor {
        /// The floor.
        floor: Yuan,
        /// The amount before the floor.
        before: Yuan,
    },
    /// "tier chosen by Level of the standard: International standard" (the fact's label, then
    /// [`Tier::describe_when`])
    TierChosen {
        /// The fact that picks the tier.
        by: &'a str,
        /// The tier chosen.
        tier: &'a Tier,
    },
    /// "2,000 a month x 12 months = 24,000", or "2,000 yuan a month; the text does not state for
    /// how many months"
    Monthly {
        /// Amount each month.
        per_month: Yuan,
        /// Months, if stated.
        months: Option<u32>,
    },
    /// "non-monetary benefit: rent-free office space"
    NonMonetary(&'a str),
    /// One entry of a list: "project 2: 0% to 30% x 5,000,000 = 0 to 1,500,000, capped at
    /// 1,000,000: up to 1,000,000 yuan" (the entry's own steps, joined)
    Item {
        /// The list fact.
        list: &'a str,
        /// The entry, counted from 1.
        number: usize,
        /// The entry's arithmetic, its own cap included.
        steps: Vec<FormulaStep<'a>>,
        /// What the entry pays.
        result: MoneyRange,
    },
    /// "project 3: not counted, requires <requirement> (you answered: ...)"
    ItemNotCounted {
        /// The list fact.
        list: &'a str,
        /// The entry, counted from 1.
        number: usize,
        /// The requirement the entry does not meet.
        failure: Failure<'a>,
    },
    /// "standard 3: not counted, no tier applies to your answer (Industry standard)"
    ItemNoTier {
        /// The list fact.
        list: &'a str,
        /// The entry, counted from 1.
        number: usize,
        /// The answer that selects no tier.
        no_tier: NoTier<'a>,
    },
    /// "4 projects together: up to 3,500,000 yuan"
    ItemsSum {
        /// The list fact.
        list: &'a str,
        /// Entries paid.
        count: usize,
        /// Their sum.
        sum: MoneyRange,
    },
    /// "at most 3,000,000 for all projects together: up to 3,500,000 yuan -> up to 3,000,000
    /// yuan"
    ItemsCapped {
        /// The list fact.
        list: &'a str,
        /// The ceiling across entries.
        cap: Yuan,
        /// The sum before the cap.
        before: MoneyRange,
        /// The sum after the cap.
        after: MoneyRange,
    },
    /// "within the cap of 3,000,000 for all projects together"
    ItemsWithinCap {
        /// The list fact.
        list: &'a str,
        /// The ceiling across entries.
        cap: Yuan,
    },
}

/// No entry of a list is paid: "none of the 2 standards you listed is covered (standard 1: ...;
/// standard 2: ...)", or "no project was listed".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoItems<'a> {
    /// The list fact.
    pub list: &'a str,
    /// How many entries were given.
    pub given: usize,
    /// Why each entry is not paid.
    pub steps: Vec<FormulaStep<'a>>,
}

/// The applicant's answer selects no tier: "no tier applies to your answer (City level)".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoTier<'a> {
    /// The fact that picks the tier.
    pub by: &'a str,
    /// The answer given.
    pub answer: &'a FactValue,
}

/// What one entry of `list` is called ("project"), or "entry".
fn noun<'v>(vocab: &'v Vocabulary, list: &str) -> &'v str {
    vocab.get(list).map(|d| d.item_noun()).unwrap_or("entry")
}

/// The label of a fact, or its name when it is not declared.
fn label<'v>(vocab: &'v Vocabulary, fact: &'v str) -> &'v str {
    vocab.get(fact).map(|d| d.label.as_str()).unwrap_or(fact)
}

impl FormulaStep<'_> {
    /// The step in words (labels from `vocab`), without citation.
    pub fn words<'w>(&'w self, vocab: &'w Vocabulary) -> Words<'w, Self> {
        Words { item: self, vocab }
    }
}

impl NoItems<'_> {
    /// The reason in words (labels from `vocab`).
    pub fn words<'w>(&'w self, vocab: &'w Vocabulary) -> Words<'w, Self> {
        Words { item: self, vocab }
    }
}

impl NoTier<'_> {
    /// The reason in words (option labels from `vocab`).
    pub fn words<'w>(&'w self, vocab: &'w Vocabulary) -> Words<'w, Self> {
        Words { item: self, vocab }
    }
}

/// Something displayed in words with the labels of a vocabulary.
pub struct Words<'w, T> {
    item: &'w T,
    vocab: &'w Vocabulary,
}

impl fmt::Display for Words<'_, FormulaStep<'_>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FormulaStep as S;
        match *self.item {
            S::Fixed(amount) => write!(f, "fixed amount: {} yuan", Thousands(amount)),
            S::UpTo(max) => write!(
                f,
                "up to {} yuan, the exact amount is set on review",
                Thousands(max)
            ),
            S::Range { min, max } => write!(
                f,
                "stated range: {} to {} yuan",
                Thousands(min),
                Thousands(max)
            ),
            S::Rate { rate, base, result } => {
                write!(f, "{rate} x {} = {}", Thousands(base), Thousands(result))
            }
            S::RateRange {
                min_rate,
                max_rate,
                base,
                result,
            } => write!(
                f,
                "{min_rate} to {max_rate} x {} = {} to {}",
                Thousands(base),
                Thousands(result.low),
                Thousands(result.high)
            ),
            S::PerUnit {
                amount,
                units,
                result,
            } => write!(f, "{} x {units} = {}", Thousands(amount), Thousands(result)),
            S::Capped { cap, before } => write!(
                f,
                "capped at {}: {} -> {}",
                Thousands(cap),
                Thousands(before),
                Thousands(cap)
            ),
            S::RangeCapped { cap, result } => {
                write!(f, "capped at {}: {result}", Thousands(cap))
            }
            S::WithinCap(cap) => write!(f, "within the cap of {}", Thousands(cap)),
            S::RaisedToFloor { floor, before } => write!(
                f,
                "raised to the floor of {}: {} -> {}",
                Thousands(floor),
                Thousands(before),
                Thousands(floor)
            ),
            S::TierChosen { by, tier } => write!(
                f,
                "tier chosen by {}: {}",
                label(self.vocab, by),
                tier.describe_when(by, self.vocab)
            ),
            S::Monthly {
                per_month,
                months: Some(m),
            } => write!(
                f,
                "{} a month x {m} months = {}",
                Thousands(per_month),
                Thousands(per_month.saturating_mul(i64::from(m)))
            ),
            S::Monthly {
                per_month,
                months: None,
            } => write!(
                f,
                "{} yuan a month; the text does not state for how many months",
                Thousands(per_month)
            ),
            S::NonMonetary(benefit) => write!(f, "non-monetary benefit: {benefit}"),
            S::Item {
                list,
                number,
                ref steps,
                result,
            } => {
                let fields = self.vocab.scope(list).unwrap_or(self.vocab);
                write!(f, "{} {number}: ", noun(self.vocab, list))?;
                for (i, step) in steps.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", step.words(fields))?;
                }
                write!(f, " => {result}")
            }
            S::ItemNotCounted {
                list,
                number,
                ref failure,
            } => {
                let fields = self.vocab.scope(list).unwrap_or(self.vocab);
                write!(
                    f,
                    "{} {number}: not counted, {}",
                    noun(self.vocab, list),
                    failure.words(fields)
                )
            }
            S::ItemNoTier {
                list,
                number,
                ref no_tier,
            } => {
                let fields = self.vocab.scope(list).unwrap_or(self.vocab);
                write!(
                    f,
                    "{} {number}: not counted, {}",
                    noun(self.vocab, list),
                    no_tier.words(fields)
                )
            }
            S::ItemsSum { list, count, sum } => {
                let noun = noun(self.vocab, list);
                if count == 1 {
                    write!(f, "1 {noun} in all: {sum}")
                } else {
                    write!(f, "{count} {noun}s together: {sum}")
                }
            }
            S::ItemsCapped {
                list,
                cap,
                before,
                after,
            } => write!(
                f,
                "capped at {} for all {}s together: {before} -> {after}",
                Thousands(cap),
                noun(self.vocab, list)
            ),
            S::ItemsWithinCap { list, cap } => write!(
                f,
                "within the cap of {} for all {}s together",
                Thousands(cap),
                noun(self.vocab, list)
            ),
        }
    }
}

impl fmt::Display for Words<'_, NoItems<'_>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let NoItems { list, given, steps } = self.item;
        let noun = noun(self.vocab, list);
        match given {
            0 => write!(f, "no {noun} was listed")?,
            1 => write!(f, "the {noun} you listed is not covered")?,
            n => write!(f, "none of the {n} {noun}s you listed is covered")?,
        }
        if *given > 0 {
            f.write_str(" (")?;
            for (i, step) in steps.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{}", step.words(self.vocab))?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for Words<'_, NoTier<'_>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let NoTier { by, answer } = self.item;
        let given = match self.vocab.get(by) {
            Some(def) => describe_value(def, answer),
            None => answer.describe(),
        };
        write!(f, "no tier applies to your answer ({given})")
    }
}
