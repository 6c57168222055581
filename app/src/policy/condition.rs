//! Eligibility conditions: all/any/not over comparisons of facts with literals, evaluated with
//! three values (true, false, unknown because a fact is missing). Their wording (requirements,
//! answers, failures) is in `condition_words.rs`.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::fact::{Answers, FactValue};

pub use super::condition_words::{count_of, describe_entry, describe_value, FailureWords};

/// A condition tree. In catalog files: `{ all = [...] }`, `{ any = [...] }`, `{ not = {...} }`
/// or a comparison `{ fact = "...", op = "ge", value = 1000000 }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    /// Every part must hold (an empty list always holds).
    All {
        /// The parts.
        all: Vec<Condition>,
    },
    /// At least one part must hold.
    Any {
        /// The parts.
        any: Vec<Condition>,
    },
    /// The part must not hold.
    Not {
        /// The negated part.
        not: Box<Condition>,
    },
    /// A comparison of one fact with a literal.
    Compare(Comparison),
}

impl Default for Condition {
    fn default() -> Self {
        Condition::All { all: Vec::new() }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Less than.
    Lt,
    /// At most.
    Le,
    /// More than.
    Gt,
    /// At least.
    Ge,
    /// The fact's value is one of the listed values.
    In,
    /// A set fact contains the value.
    Has,
    /// A set fact contains at least one of the listed values.
    HasAny,
}

/// `fact op value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// Name of a declared fact.
    pub fact: String,
    /// Operator.
    pub op: Op,
    /// Literal compared with.
    pub value: FactValue,
}

/// Result of evaluating a condition. It borrows the condition and the facts: nothing is copied
/// or worded while deciding; [`Failure::words`] says what failed when someone reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truth<'a> {
    /// The condition holds.
    True,
    /// The condition fails; `failure` says which part.
    False {
        /// The failed requirement, e.g. "requires R&D expenses last year is at least 1,000,000
        /// yuan (you answered: 1,000 yuan)" once worded.
        failure: Failure<'a>,
    },
    /// A fact that would decide it is missing.
    Unknown {
        /// Facts that would decide the condition.
        missing: BTreeSet<&'a str>,
    },
}

/// Why a condition fails, as data; [`Failure::words`] renders it in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure<'a> {
    /// A comparison does not hold: "requires <comparison> (you answered: <actual>)".
    Compare {
        /// The comparison that does not hold.
        comparison: &'a Comparison,
        /// The answer given.
        actual: &'a FactValue,
    },
    /// A number is below a minimum set outside a condition tree (a minimum-years rule); worded
    /// like the comparison `fact >= minimum`.
    AtLeast {
        /// The numeric fact.
        fact: &'a str,
        /// The minimum.
        minimum: i64,
        /// The answer given.
        actual: &'a FactValue,
    },
    /// No part of an `any` holds: "none of these holds: <part>; <part>".
    NoneHolds(Vec<Failure<'a>>),
    /// The negated part holds: "must not be the case: <part>".
    MustNot(&'a Condition),
}

impl<'a> Truth<'a> {
    /// Both must hold: the first failure wins, otherwise the missing facts add up.
    pub fn and(self, other: Truth<'a>) -> Truth<'a> {
        match (self, other) {
            (f @ Truth::False { .. }, _) | (_, f @ Truth::False { .. }) => f,
            (Truth::Unknown { mut missing }, Truth::Unknown { missing: more }) => {
                missing.extend(more);
                Truth::Unknown { missing }
            }
            (u @ Truth::Unknown { .. }, Truth::True) | (Truth::True, u @ Truth::Unknown { .. }) => {
                u
            }
            (Truth::True, Truth::True) => Truth::True,
        }
    }
}

/// Whether the numeric fact `fact` is at least `minimum` (the check of a minimum-years rule).
pub fn at_least<'a>(fact: &'a str, minimum: i64, facts: impl Answers<'a>) -> Truth<'a> {
    match facts.answer(fact) {
        None => Truth::Unknown {
            missing: BTreeSet::from([fact]),
        },
        Some(FactValue::Number(n)) if *n >= minimum => Truth::True,
        Some(actual) => Truth::False {
            failure: Failure::AtLeast {
                fact,
                minimum,
                actual,
            },
        },
    }
}

impl Condition {
    /// Evaluates the condition against the given facts.
    pub fn evaluate<'a>(&'a self, facts: impl Answers<'a>) -> Truth<'a> {
        match self {
            Condition::All { all } => {
                let mut missing = BTreeSet::new();
                for part in all {
                    match part.evaluate(facts) {
                        Truth::True => {}
                        f @ Truth::False { .. } => return f,
                        Truth::Unknown { missing: m } => missing.extend(m),
                    }
                }
                if missing.is_empty() {
                    Truth::True
                } else {
                    Truth::Unknown { missing }
                }
            }
            Condition::Any { any } => {
                let mut missing = BTreeSet::new();
                let mut failures = Vec::new();
                for part in any {
                    match part.evaluate(facts) {
                        Truth::True => return Truth::True,
                        Truth::False { failure } => failures.push(failure),
                        Truth::Unknown { missing: m } => missing.extend(m),
                    }
                }
                if !missing.is_empty() {
                    Truth::Unknown { missing }
                } else {
                    Truth::False {
                        failure: Failure::NoneHolds(failures),
                    }
                }
            }
            Condition::Not { not } => match not.evaluate(facts) {
                Truth::True => Truth::False {
                    failure: Failure::MustNot(not),
                },
                Truth::False { .. } => Truth::True,
                u @ Truth::Unknown { .. } => u,
            },
            Condition::Compare(c) => c.evaluate(facts),
        }
    }

    /// Every fact the condition mentions.
    pub fn facts(&self, out: &mut BTreeSet<String>) {
        match self {
            Condition::All { all } => all.iter().for_each(|c| c.facts(out)),
            Condition::Any { any } => any.iter().for_each(|c| c.facts(out)),
            Condition::Not { not } => not.facts(out),
            Condition::Compare(c) => {
                out.insert(c.fact.clone());
            }
        }
    }

    /// Every comparison in the tree, for validation.
    pub fn comparisons(&self) -> Vec<&Comparison> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Comparison>) {
        match self {
            Condition::All { all } => all.iter().for_each(|c| c.collect(out)),
            Condition::Any { any } => any.iter().for_each(|c| c.collect(out)),
            Condition::Not { not } => not.collect(out),
            Condition::Compare(c) => out.push(c),
        }
    }
}

impl Comparison {
    /// Evaluates one comparison; a missing fact gives `Unknown`, never a guess.
    pub fn evaluate<'a>(&'a self, facts: impl Answers<'a>) -> Truth<'a> {
        let Some(actual) = facts.answer(&self.fact) else {
            return Truth::Unknown {
                missing: BTreeSet::from([self.fact.as_str()]),
            };
        };
        if self.holds(actual) {
            Truth::True
        } else {
            Truth::False {
                failure: Failure::Compare {
                    comparison: self,
                    actual,
                },
            }
        }
    }

    fn holds(&self, actual: &FactValue) -> bool {
        use FactValue::*;
        // A list answer compares by its number of entries ("at least one project").
        if let (Some(items), Number(_)) = (actual.items(), &self.value) {
            let count = Number(i64::try_from(items.len()).unwrap_or(i64::MAX));
            return self.holds(&count);
        }
        match (self.op, actual, &self.value) {
            (Op::Eq, a, b) => a == b,
            (Op::Ne, a, b) => a != b,
            (Op::Lt, Number(a), Number(b)) => a < b,
            (Op::Le, Number(a), Number(b)) => a <= b,
            (Op::Gt, Number(a), Number(b)) => a > b,
            (Op::Ge, Number(a), Number(b)) => a >= b,
            // Dates compare as text: YYYY-MM-DD sorts chronologically.
            (Op::Lt, Text(a), Text(b)) => a < b,
            (Op::Le, Text(a), Text(b)) => a <= b,
            (Op::Gt, Text(a), Text(b)) => a > b,
            (Op::Ge, Text(a), Text(b)) => a >= b,
            (Op::In, Text(a), Set(list)) => list.contains(a),
            (Op::Has, Set(items), Text(v)) => items.contains(v),
            (Op::HasAny, Set(items), Set(list)) => items.iter().any(|i| list.contains(i)),
            _ => false,
        }
    }
}
