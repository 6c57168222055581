//! Benefit formulas: how much a measure is worth once its condition holds.
//!
//! Every kind is computed in whole yuan with integer arithmetic. A figure the text states as a
//! range stays a range; an "up to" figure is the range 0..=max; a missing base fact never yields
//! a guessed amount.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::condition::describe_value;
use super::fact::{number, FactValue, Facts};
use super::money::{format_yuan, MoneyRange, Rate, Yuan};
use super::vocabulary::Vocabulary;

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

/// Result of evaluating a formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Computed {
    /// The benefit, with the arithmetic steps that produced it.
    Value {
        /// What the measure is worth.
        benefit: Benefit,
        /// Steps in words, without citation (the engine adds it).
        steps: Vec<String>,
    },
    /// A fact needed for the amount is missing.
    Missing(BTreeSet<String>),
    /// The applicant's answer selects no tier.
    NoTier(String),
}

impl Formula {
    /// Computes the benefit for the given facts.
    pub fn compute(&self, facts: &Facts, vocab: &Vocabulary) -> Computed {
        match self {
            Formula::Fixed { amount } => money(
                MoneyRange::exact(*amount),
                format!("fixed amount: {} yuan", format_yuan(*amount)),
            ),
            Formula::UpTo { max } => money(
                MoneyRange { low: 0, high: *max },
                format!(
                    "up to {} yuan, the exact amount is set on review",
                    format_yuan(*max)
                ),
            ),
            Formula::Range { min, max } => money(
                MoneyRange {
                    low: *min,
                    high: *max,
                },
                format!(
                    "stated range: {} to {} yuan",
                    format_yuan(*min),
                    format_yuan(*max)
                ),
            ),
            Formula::Rate {
                rate,
                base,
                cap,
                floor,
            } => {
                let Some(b) = number(facts, base) else {
                    return missing(base);
                };
                let b = b.max(0);
                let raw = rate.apply(b);
                let mut steps = vec![format!(
                    "{rate} x {} = {}",
                    format_yuan(b),
                    format_yuan(raw)
                )];
                let mut amount = raw;
                if let Some(c) = cap {
                    if amount > *c {
                        steps.push(format!(
                            "capped at {}: {} -> {}",
                            format_yuan(*c),
                            format_yuan(amount),
                            format_yuan(*c)
                        ));
                        amount = *c;
                    } else {
                        steps.push(format!("within the cap of {}", format_yuan(*c)));
                    }
                }
                if let Some(f) = floor {
                    if amount < *f {
                        steps.push(format!(
                            "raised to the floor of {}: {} -> {}",
                            format_yuan(*f),
                            format_yuan(amount),
                            format_yuan(*f)
                        ));
                        amount = *f;
                    }
                }
                Computed::Value {
                    benefit: Benefit::Money {
                        amount: MoneyRange::exact(amount),
                    },
                    steps,
                }
            }
            Formula::RateRange {
                min_rate,
                max_rate,
                base,
                cap,
            } => {
                let Some(b) = number(facts, base) else {
                    return missing(base);
                };
                let b = b.max(0);
                let range = MoneyRange {
                    low: min_rate.apply(b),
                    high: max_rate.apply(b),
                };
                let mut steps = vec![format!(
                    "{min_rate} to {max_rate} x {} = {} to {}",
                    format_yuan(b),
                    format_yuan(range.low),
                    format_yuan(range.high)
                )];
                let amount = match cap {
                    Some(c) if range.high > *c => {
                        let capped = range.capped(*c);
                        steps.push(format!("capped at {}: {capped}", format_yuan(*c)));
                        capped
                    }
                    Some(c) => {
                        steps.push(format!("within the cap of {}", format_yuan(*c)));
                        range
                    }
                    None => range,
                };
                Computed::Value {
                    benefit: Benefit::Money { amount },
                    steps,
                }
            }
            Formula::PerUnit { amount, unit, cap } => {
                let Some(n) = number(facts, unit) else {
                    return missing(unit);
                };
                let n = n.max(0);
                let raw = amount.saturating_mul(n);
                let mut steps = vec![format!(
                    "{} x {n} = {}",
                    format_yuan(*amount),
                    format_yuan(raw)
                )];
                let total = match cap {
                    Some(c) if raw > *c => {
                        steps.push(format!(
                            "capped at {}: {} -> {}",
                            format_yuan(*c),
                            format_yuan(raw),
                            format_yuan(*c)
                        ));
                        *c
                    }
                    _ => raw,
                };
                money(MoneyRange::exact(total), steps.remove(0)).with_steps(steps)
            }
            Formula::Tiers { by, tiers } => {
                let Some(value) = facts.get(by) else {
                    return missing(by);
                };
                let chosen = choose_tier(tiers, value, facts, vocab);
                match chosen {
                    Some((tier, Computed::Value { benefit, steps })) => {
                        let label = vocab
                            .get(by)
                            .map(|d| d.label.clone())
                            .unwrap_or_else(|| by.clone());
                        let shown = tier.describe_when(by, vocab);
                        let mut all = vec![format!("tier chosen by {label}: {shown}")];
                        all.extend(steps);
                        Computed::Value {
                            benefit,
                            steps: all,
                        }
                    }
                    Some((_, other)) => other,
                    None => {
                        let given = vocab
                            .get(by)
                            .map(|d| describe_value(d, value))
                            .unwrap_or_else(|| value.describe());
                        Computed::NoTier(format!("no tier applies to your answer ({given})"))
                    }
                }
            }
            Formula::Monthly { per_month, months } => Computed::Value {
                benefit: Benefit::Monthly {
                    per_month: *per_month,
                    months: *months,
                },
                steps: vec![match months {
                    Some(m) => format!(
                        "{} a month x {m} months = {}",
                        format_yuan(*per_month),
                        format_yuan(per_month.saturating_mul(i64::from(*m)))
                    ),
                    None => format!(
                        "{} yuan a month; the text does not state for how many months",
                        format_yuan(*per_month)
                    ),
                }],
            },
            Formula::NonMonetary { benefit, months } => Computed::Value {
                benefit: Benefit::NonMonetary {
                    benefit: benefit.clone(),
                    months: *months,
                },
                steps: vec![format!("non-monetary benefit: {benefit}")],
            },
        }
    }

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

fn choose_tier<'a>(
    tiers: &'a [Tier],
    value: &FactValue,
    facts: &Facts,
    vocab: &Vocabulary,
) -> Option<(&'a Tier, Computed)> {
    let candidates: Vec<&Tier> = match value {
        FactValue::Text(v) => tiers
            .iter()
            .filter(|t| t.when.as_deref() == Some(v))
            .collect(),
        FactValue::Set(items) => tiers
            .iter()
            .filter(|t| t.when.as_ref().is_some_and(|w| items.contains(w)))
            .collect(),
        FactValue::Number(n) => tiers
            .iter()
            .filter(|t| t.at_least.is_some_and(|a| *n >= a))
            .max_by_key(|t| t.at_least)
            .into_iter()
            .collect(),
        FactValue::Bool(_) => Vec::new(),
    };
    // Several matching tiers (a set fact): the best-paying one applies.
    candidates
        .into_iter()
        .map(|t| (t, t.formula.compute(facts, vocab)))
        .max_by_key(|(_, c)| match c {
            Computed::Value { benefit, .. } => benefit.countable().map(|r| r.high).unwrap_or(0),
            _ => -1,
        })
}

fn money(amount: MoneyRange, step: String) -> Computed {
    Computed::Value {
        benefit: Benefit::Money { amount },
        steps: vec![step],
    }
}

fn missing(fact: &str) -> Computed {
    Computed::Missing(BTreeSet::from([fact.to_string()]))
}

impl Computed {
    fn with_steps(self, more: Vec<String>) -> Computed {
        match self {
            Computed::Value { benefit, mut steps } => {
                steps.extend(more);
                Computed::Value { benefit, steps }
            }
            other => other,
        }
    }
}
