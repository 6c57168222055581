//! Eligibility conditions: all/any/not over comparisons of facts with literals, evaluated with
//! three values (true, false, unknown because a fact is missing).
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::fact::{FactDef, FactType, FactValue, Facts};
use super::money::format_yuan;
use super::vocabulary::Vocabulary;

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

/// Result of evaluating a condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Truth {
    /// The condition holds.
    True,
    /// The condition fails; `reason` says which part, in plain words.
    False {
        /// The failed requirement, e.g. "requires: R&D expenses last year is at least 1,000,000".
        reason: String,
    },
    /// A fact that would decide it is missing.
    Unknown {
        /// Facts that would decide the condition.
        missing: BTreeSet<String>,
    },
}

impl Condition {
    /// Evaluates the condition against the given facts.
    pub fn evaluate(&self, facts: &Facts, vocab: &Vocabulary) -> Truth {
        match self {
            Condition::All { all } => {
                let mut missing = BTreeSet::new();
                for part in all {
                    match part.evaluate(facts, vocab) {
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
                let mut reasons = Vec::new();
                for part in any {
                    match part.evaluate(facts, vocab) {
                        Truth::True => return Truth::True,
                        Truth::False { reason } => reasons.push(reason),
                        Truth::Unknown { missing: m } => missing.extend(m),
                    }
                }
                if !missing.is_empty() {
                    Truth::Unknown { missing }
                } else {
                    Truth::False {
                        reason: format!("none of these holds: {}", reasons.join("; ")),
                    }
                }
            }
            Condition::Not { not } => match not.evaluate(facts, vocab) {
                Truth::True => Truth::False {
                    reason: format!("must not be the case: {}", not.describe(vocab)),
                },
                Truth::False { .. } => Truth::True,
                u @ Truth::Unknown { .. } => u,
            },
            Condition::Compare(c) => c.evaluate(facts, vocab),
        }
    }

    /// The condition in plain words.
    pub fn describe(&self, vocab: &Vocabulary) -> String {
        match self {
            Condition::All { all } if all.is_empty() => "no conditions".into(),
            Condition::All { all } => join_parts(all, " and ", vocab),
            Condition::Any { any } => format!("either {}", join_parts(any, " or ", vocab)),
            Condition::Not { not } => format!("not ({})", not.describe(vocab)),
            Condition::Compare(c) => c.describe(vocab),
        }
    }

    /// The requirements as a flat list of sentences (top-level `all` split into lines).
    pub fn requirements(&self, vocab: &Vocabulary) -> Vec<String> {
        match self {
            Condition::All { all } => all.iter().map(|c| c.describe(vocab)).collect(),
            other => vec![other.describe(vocab)],
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

fn join_parts(parts: &[Condition], sep: &str, vocab: &Vocabulary) -> String {
    parts
        .iter()
        .map(|p| match p {
            Condition::Compare(_) | Condition::Not { .. } => p.describe(vocab),
            _ => format!("({})", p.describe(vocab)),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

impl Comparison {
    /// Evaluates one comparison; a missing fact gives `Unknown`, never a guess.
    pub fn evaluate(&self, facts: &Facts, vocab: &Vocabulary) -> Truth {
        let Some(actual) = facts.get(&self.fact) else {
            return Truth::Unknown {
                missing: BTreeSet::from([self.fact.clone()]),
            };
        };
        if self.holds(actual) {
            Truth::True
        } else {
            let given = match vocab.get(&self.fact) {
                Some(def) => describe_value(def, actual),
                None => actual.describe(),
            };
            Truth::False {
                reason: format!("requires {} (you answered: {given})", self.describe(vocab)),
            }
        }
    }

    fn holds(&self, actual: &FactValue) -> bool {
        use FactValue::*;
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

    /// The comparison in plain words, using the fact's label and option labels.
    pub fn describe(&self, vocab: &Vocabulary) -> String {
        let Some(def) = vocab.get(&self.fact) else {
            return format!("{} {:?} {}", self.fact, self.op, self.value.describe());
        };
        let label = &def.label;
        let v = describe_value(def, &self.value);
        match (self.op, def.fact_type, &self.value) {
            (Op::Eq, FactType::Bool, FactValue::Bool(true)) => format!("{label}: yes"),
            (Op::Eq, FactType::Bool, FactValue::Bool(false)) => format!("{label}: no"),
            (Op::Ne, FactType::Bool, FactValue::Bool(b)) => {
                format!("{label}: {}", if *b { "no" } else { "yes" })
            }
            (Op::Eq, _, _) => format!("{label} is {v}"),
            (Op::Ne, _, _) => format!("{label} is not {v}"),
            (Op::Lt, _, _) => format!("{label} is less than {v}"),
            (Op::Le, _, _) => format!("{label} is at most {v}"),
            (Op::Gt, _, _) => format!("{label} is more than {v}"),
            (Op::Ge, _, _) => format!("{label} is at least {v}"),
            (Op::In, _, _) => format!("{label} is one of: {v}"),
            (Op::Has, _, _) => format!("{label} includes {v}"),
            (Op::HasAny, _, _) => format!("{label} includes any of: {v}"),
        }
    }
}

/// Renders a value with option labels and money units.
pub fn describe_value(def: &FactDef, value: &FactValue) -> String {
    match value {
        FactValue::Number(n) => match def.fact_type {
            FactType::Money => format!("{} yuan", format_yuan(*n)),
            FactType::Percent => format!("{n}%"),
            _ => n.to_string(),
        },
        FactValue::Text(t) => def.label_of(t).to_string(),
        FactValue::Set(items) => items
            .iter()
            .map(|i| def.label_of(i).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        FactValue::Bool(b) => if *b { "yes" } else { "no" }.into(),
    }
}
