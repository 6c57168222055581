//! Computing a formula for an applicant's answers: each kind in whole yuan with integer
//! arithmetic, recording the arithmetic as [`FormulaStep`]s. The kinds themselves are described
//! in [`formula`](super::formula).
use super::condition::{Condition, Truth};
use super::fact::{number, Answers, FactValue};
use super::formula::{Benefit, Computed, Formula, Tier};
use super::money::{MoneyRange, Yuan};
use super::steps::{FormulaStep, NoItems, NoTier};

impl Formula {
    /// Computes the benefit for the given facts.
    pub fn compute<'a>(&'a self, facts: impl Answers<'a>) -> Computed<'a> {
        match self {
            Formula::Fixed { amount } => {
                money(MoneyRange::exact(*amount), FormulaStep::Fixed(*amount))
            }
            Formula::UpTo { max } => {
                money(MoneyRange { low: 0, high: *max }, FormulaStep::UpTo(*max))
            }
            Formula::Range { min, max } => money(
                MoneyRange {
                    low: *min,
                    high: *max,
                },
                FormulaStep::Range {
                    min: *min,
                    max: *max,
                },
            ),
            Formula::Rate {
                rate,
                base,
                cap,
                floor,
            } => {
                let Some(b) = number(facts, base) else {
                    return Computed::Missing(base);
                };
                let b = b.max(0);
                let raw = rate.apply(b);
                let mut steps = vec![FormulaStep::Rate {
                    rate: *rate,
                    base: b,
                    result: raw,
                }];
                let mut amount = raw;
                if let Some(c) = cap {
                    if amount > *c {
                        steps.push(FormulaStep::Capped {
                            cap: *c,
                            before: amount,
                        });
                        amount = *c;
                    } else {
                        steps.push(FormulaStep::WithinCap(*c));
                    }
                }
                if let Some(f) = floor {
                    if amount < *f {
                        steps.push(FormulaStep::RaisedToFloor {
                            floor: *f,
                            before: amount,
                        });
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
                    return Computed::Missing(base);
                };
                let b = b.max(0);
                let range = MoneyRange {
                    low: min_rate.apply(b),
                    high: max_rate.apply(b),
                };
                let mut steps = vec![FormulaStep::RateRange {
                    min_rate: *min_rate,
                    max_rate: *max_rate,
                    base: b,
                    result: range,
                }];
                let amount = match cap {
                    Some(c) if range.high > *c => {
                        let capped = range.capped(*c);
                        steps.push(FormulaStep::RangeCapped {
                            cap: *c,
                            result: capped,
                        });
                        capped
                    }
                    Some(c) => {
                        steps.push(FormulaStep::WithinCap(*c));
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
                    return Computed::Missing(unit);
                };
                let n = n.max(0);
                let raw = amount.saturating_mul(n);
                let mut steps = vec![FormulaStep::PerUnit {
                    amount: *amount,
                    units: n,
                    result: raw,
                }];
                let total = match cap {
                    Some(c) if raw > *c => {
                        steps.push(FormulaStep::Capped {
                            cap: *c,
                            before: raw,
                        });
                        *c
                    }
                    _ => raw,
                };
                Computed::Value {
                    benefit: Benefit::Money {
                        amount: MoneyRange::exact(total),
                    },
                    steps,
                }
            }
            Formula::Tiers { by, tiers } => {
                let Some(value) = facts.answer(by) else {
                    return Computed::Missing(by);
                };
                match choose_tier(tiers, value, facts) {
                    Some((tier, Computed::Value { benefit, steps })) => {
                        let mut all = Vec::with_capacity(steps.len() + 1);
                        all.push(FormulaStep::TierChosen { by, tier });
                        all.extend(steps);
                        Computed::Value {
                            benefit,
                            steps: all,
                        }
                    }
                    Some((_, other)) => other,
                    None => Computed::NoTier(NoTier { by, answer: value }),
                }
            }
            Formula::PerItem {
                items,
                each,
                cap,
                when,
            } => per_item(items, each, *cap, when.as_ref(), facts),
            Formula::Monthly { per_month, months } => Computed::Value {
                benefit: Benefit::Monthly {
                    per_month: *per_month,
                    months: *months,
                },
                steps: vec![FormulaStep::Monthly {
                    per_month: *per_month,
                    months: *months,
                }],
            },
            Formula::NonMonetary { benefit, months } => Computed::Value {
                benefit: Benefit::NonMonetary {
                    benefit: benefit.clone(),
                    months: *months,
                },
                steps: vec![FormulaStep::NonMonetary(benefit)],
            },
        }
    }
}

fn choose_tier<'a>(
    tiers: &'a [Tier],
    value: &FactValue,
    facts: impl Answers<'a>,
) -> Option<(&'a Tier, Computed<'a>)> {
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
        FactValue::Bool(_) | FactValue::Items(_) => Vec::new(),
    };
    // Several matching tiers (a set fact): the best-paying one applies.
    candidates
        .into_iter()
        .map(|t| (t, t.formula.compute(facts)))
        .max_by_key(|(_, c)| match c {
            Computed::Value { benefit, .. } => benefit.countable().map(|r| r.high).unwrap_or(0),
            _ => -1,
        })
}

/// Computes a [`Formula::PerItem`]: each entry on its own (its `when`, then `each` with its own
/// cap), then the sum, then the cap across entries. Every entry gets a step of its own.
fn per_item<'a>(
    items: &'a str,
    each: &'a Formula,
    cap: Option<Yuan>,
    when: Option<&'a Condition>,
    facts: impl Answers<'a>,
) -> Computed<'a> {
    let Some(entries) = facts.answer(items).and_then(FactValue::items) else {
        return Computed::Missing(items);
    };
    let mut steps = Vec::with_capacity(entries.len() + 2);
    let mut sum = MoneyRange::exact(0);
    let mut paid = 0usize;
    for (i, entry) in entries.iter().enumerate() {
        let number = i + 1;
        if let Some(w) = when {
            match w.evaluate(entry) {
                Truth::True => {}
                Truth::False { failure } => {
                    steps.push(FormulaStep::ItemNotCounted {
                        list: items,
                        number,
                        failure,
                    });
                    continue;
                }
                // Entries are checked complete before an assessment; an incomplete one leaves
                // the list unanswered rather than guessed.
                Truth::Unknown { .. } => return Computed::Missing(items),
            }
        }
        match each.compute(entry) {
            Computed::Value {
                benefit,
                steps: inner,
            } => {
                let result = benefit.countable().unwrap_or(MoneyRange::exact(0));
                sum = sum.plus(result);
                paid += 1;
                steps.push(FormulaStep::Item {
                    list: items,
                    number,
                    steps: inner,
                    result,
                });
            }
            Computed::NoTier(no_tier) => steps.push(FormulaStep::ItemNoTier {
                list: items,
                number,
                no_tier,
            }),
            Computed::Missing(_) | Computed::NoItems(_) => return Computed::Missing(items),
        }
    }
    if paid == 0 {
        return Computed::NoItems(NoItems {
            list: items,
            given: entries.len(),
            steps,
        });
    }
    steps.push(FormulaStep::ItemsSum {
        list: items,
        count: paid,
        sum,
    });
    if let Some(c) = cap {
        if sum.high > c {
            let after = sum.capped(c);
            steps.push(FormulaStep::ItemsCapped {
                list: items,
                cap: c,
                before: sum,
                after,
            });
            sum = after;
        } else {
            steps.push(FormulaStep::ItemsWithinCap {
                list: items,
                cap: c,
            });
        }
    }
    Computed::Value {
        benefit: Benefit::Money { amount: sum },
        steps,
    }
}

fn money(amount: MoneyRange, step: FormulaStep<'_>) -> Computed<'_> {
    Computed::Value {
        benefit: Benefit::Money { amount },
        steps: vec![step],
    }
}
