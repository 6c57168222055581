//! Benefit formulas: how much a measure is worth once its condition holds.
//!
//! Every kind is computed in whole yuan with integer arithmetic. A figure the text states as a
//! range stays a range; an "up to" figure is the range 0..=max; a missing base fact never yields
//! a guessed amount. The computation is in `formula_compute.rs`.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::money::{format_yuan, MoneyRange, Rate, Yuan};
pub use super::steps::{FormulaStep, NoItems, NoTier};

/// A benefit formula. In catalog files: a table with `kind = "..."`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    /// A fixed amount: "a one-time reward of RMB 500,000 yuan".
    Fixed {
        /// The amount.
        amount: Yuan,
    },
    /// An amount decided on review, at most `max`: "a maximum of RMB 3 million".
    UpTo {
        /// The ceiling.
        max: Yuan,
    },
    /// A stated range of amounts: "1 to 3 million yuan".
    Range {
        /// Lower end.
        min: Yuan,
        /// Upper end.
        max: Yuan,
    },
    /// `rate x base`, then capped and floored: "50% of litigation costs and up to 500,000".
    Rate {
        /// The rate.
        rate: Rate,
        /// Money fact the rate applies to.
        base: String,
        /// Ceiling, if the text gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<Yuan>,
        /// Floor, if the text gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        floor: Option<Yuan>,
    },
    /// A range of rates on a base: "10-30% ... up to 20 million". The result is a range.
    RateRange {
        /// Lowest rate.
        min_rate: Rate,
        /// Highest rate.
        max_rate: Rate,
        /// Money fact the rates apply to.
        base: String,
        /// Ceiling, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<Yuan>,
    },
    /// An amount per unit counted by a fact: "RMB 1,000 per patent", optionally capped.
    PerUnit {
        /// Amount per unit.
        amount: Yuan,
        /// Count fact.
        unit: String,
        /// Ceiling, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<Yuan>,
    },
    /// Tiers chosen by a fact: "1 million / 500,000 yuan for international / national standards".
    Tiers {
        /// The fact that picks the tier (one-of, set-of or numeric).
        by: String,
        /// The tiers; for numeric facts the highest `at_least` not above the value wins, for
        /// set facts the best-paying matching tier wins.
        tiers: Vec<Tier>,
    },
    /// An amount per month: "housing subsidy of 2,000 yuan per month".
    Monthly {
        /// Amount each month.
        per_month: Yuan,
        /// Number of months, if the text states it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        months: Option<u32>,
    },
    /// A formula paid for each entry of a list fact, then summed: "at most 30% of the project's
    /// investment loss, capped at RMB 1 million ... capped at RMB 3 million per annum".
    PerItem {
        /// The list fact whose entries are paid (projects, standards, patents ...).
        items: String,
        /// The formula for one entry, over the entry's fields; its own cap is the cap per entry.
        each: Box<Formula>,
        /// Ceiling of the sum over the entries: the cap per applicant (per year, where the text
        /// says so).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<Yuan>,
        /// Which entries count, over the entry's fields; the others pay nothing.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<Condition>,
    },
    /// A benefit that is not money: rent-free months, priority service, fee waivers.
    NonMonetary {
        /// What the applicant receives, in words.
        benefit: String,
        /// Duration in months, if stated (e.g. rent-free for 36 months).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        months: Option<u32>,
    },
}

/// One tier of a [`Formula::Tiers`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Option value that selects the tier (one-of and set-of facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Threshold that selects the tier (numeric facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i64>,
    /// The formula of this tier (not itself a tier list).
    pub formula: Box<Formula>,
}

/// What a measure is worth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Benefit {
    /// Money: exact, a range, or "up to".
    Money {
        /// The amount or range.
        amount: MoneyRange,
    },
    /// Money each month, with a total when the number of months is stated.
    Monthly {
        /// Amount each month.
        per_month: Yuan,
        /// Months, if stated.
        months: Option<u32>,
    },
    /// Not money.
    NonMonetary {
        /// What is granted.
        benefit: String,
        /// Duration in months, if stated.
        months: Option<u32>,
    },
}

impl Benefit {
    /// The amount counted in a total: money, or a monthly amount with a stated number of months.
    pub fn countable(&self) -> Option<MoneyRange> {
        match self {
            Benefit::Money { amount } => Some(*amount),
            Benefit::Monthly {
                per_month,
                months: Some(m),
            } => Some(MoneyRange::exact(per_month.saturating_mul(i64::from(*m)))),
            _ => None,
        }
    }

    /// The benefit in words.
    pub fn describe(&self) -> String {
        match self {
            Benefit::Money { amount } => amount.to_string(),
            Benefit::Monthly {
                per_month,
                months: Some(m),
            } => format!(
                "{} yuan a month for {m} months ({} yuan)",
                format_yuan(*per_month),
                format_yuan(per_month.saturating_mul(i64::from(*m)))
            ),
            Benefit::Monthly {
                per_month,
                months: None,
            } => format!("{} yuan a month", format_yuan(*per_month)),
            Benefit::NonMonetary {
                benefit,
                months: Some(m),
            } => format!("{benefit} ({m} months)"),
            Benefit::NonMonetary { benefit, .. } => benefit.clone(),
        }
    }
}

/// Result of evaluating a formula. It borrows the formula and the facts; the steps are data
/// ([`FormulaStep`]) and are put into words only when a trace is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Computed<'a> {
    /// The benefit, with the arithmetic steps that produced it.
    Value {
        /// What the measure is worth.
        benefit: Benefit,
        /// Steps, without citation (the engine adds it when the trace is worded).
        steps: Vec<FormulaStep<'a>>,
    },
    /// A fact needed for the amount is missing.
    Missing(&'a str),
    /// The applicant's answer selects no tier.
    NoTier(NoTier<'a>),
    /// No entry of a list is paid: none was given, or none qualifies.
    NoItems(NoItems<'a>),
}

impl Formula {
    /// Facts the formula reads (so the wizard asks for them).
    pub fn facts(&self, out: &mut BTreeSet<String>) {
        match self {
            Formula::Rate { base, .. } | Formula::RateRange { base, .. } => {
                out.insert(base.clone());
            }
            Formula::PerUnit { unit, .. } => {
                out.insert(unit.clone());
            }
            Formula::Tiers { by, tiers } => {
                out.insert(by.clone());
                tiers.iter().for_each(|t| t.formula.facts(out));
            }
            // The entry's fields are answered with the list.
            Formula::PerItem { items, .. } => {
                out.insert(items.clone());
            }
            _ => {}
        }
    }

    /// The largest amount the formula can ever yield, if bounded (for sorting and display).
    pub fn ceiling(&self) -> Option<Yuan> {
        match self {
            Formula::Fixed { amount } => Some(*amount),
            Formula::UpTo { max } | Formula::Range { max, .. } => Some(*max),
            Formula::Rate { cap, .. }
            | Formula::RateRange { cap, .. }
            | Formula::PerUnit { cap, .. } => *cap,
            Formula::Tiers { tiers, .. } => tiers.iter().filter_map(|t| t.formula.ceiling()).max(),
            Formula::PerItem { cap, .. } => *cap,
            Formula::Monthly { per_month, months } => {
                Some(per_month.saturating_mul(i64::from(months.unwrap_or(1))))
            }
            Formula::NonMonetary { .. } => None,
        }
    }

    /// Whether the formula yields money.
    pub fn is_monetary(&self) -> bool {
        !matches!(self, Formula::NonMonetary { .. })
    }
}
