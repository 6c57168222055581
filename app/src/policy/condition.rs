//! Eligibility conditions: all/any/not over comparisons of facts with literals, evaluated with
//! three values (true, false, unknown because a fact is missing).
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::fact::{Answers, FactDef, FactType, FactValue};
use super::input::describe_number;
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

    /// The comparison in plain words, using the fact's label and option labels.
    pub fn describe(&self, vocab: &Vocabulary) -> String {
        let Some(def) = vocab.get(&self.fact) else {
            return format!("{} {:?} {}", self.fact, self.op, self.value.describe());
        };
        // A list compares by its number of entries.
        let count_label;
        let label = if def.fact_type == FactType::List {
            count_label = format!("Number of {}s", def.item_noun());
            &count_label
        } else {
            &def.label
        };
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
        FactValue::Number(n) => describe_number(def.fact_type, *n),
        FactValue::Text(t) => def.label_of(t).to_string(),
        FactValue::Set(items) => items
            .iter()
            .map(|i| def.label_of(i).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        FactValue::Bool(b) => if *b { "yes" } else { "no" }.into(),
        FactValue::Items(items) => {
            let mut out = count_of(def, items.len());
            for (i, entry) in items.iter().enumerate() {
                out.push_str(if i == 0 { ": " } else { "; " });
                out.push_str(&format!(
                    "{} {} ({})",
                    def.item_noun(),
                    i + 1,
                    describe_entry(def, entry)
                ));
            }
            out
        }
    }
}

/// "1 project", "3 projects".
pub fn count_of(list: &FactDef, n: usize) -> String {
    let noun = list.item_noun();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// One entry of a list answer in words, its fields in declared order: "Investment loss:
/// 5,000,000 yuan, Start-up stage: yes".
pub fn describe_entry(list: &FactDef, entry: &super::fact::Facts) -> String {
    list.fields
        .iter()
        .filter_map(|f| Some((f, entry.get(&f.name)?)))
        .map(|(f, v)| format!("{}: {}", f.label, describe_value(f, v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The answer given for `fact`, in words (option labels and money units where declared).
fn describe_answer(fact: &str, actual: &FactValue, vocab: &Vocabulary) -> String {
    match (vocab.get(fact), actual) {
        (Some(def), FactValue::Items(items)) => count_of(def, items.len()),
        (Some(def), actual) => describe_value(def, actual),
        (None, actual) => actual.describe(),
    }
}

impl Failure<'_> {
    /// The failure in plain words, with the labels of `vocab`.
    pub fn words<'w>(&'w self, vocab: &'w Vocabulary) -> FailureWords<'w> {
        FailureWords {
            failure: self,
            vocab,
        }
    }
}

/// A [`Failure`] displayed in plain words (see [`Failure::words`]).
pub struct FailureWords<'w> {
    failure: &'w Failure<'w>,
    vocab: &'w Vocabulary,
}

impl fmt::Display for FailureWords<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let vocab = self.vocab;
        match self.failure {
            Failure::Compare { comparison, actual } => write!(
                f,
                "requires {} (you answered: {})",
                comparison.describe(vocab),
                describe_answer(&comparison.fact, actual, vocab)
            ),
            Failure::AtLeast {
                fact,
                minimum,
                actual,
            } => {
                let comparison = Comparison {
                    fact: fact.to_string(),
                    op: Op::Ge,
                    value: FactValue::Number(*minimum),
                };
                write!(
                    f,
                    "requires {} (you answered: {})",
                    comparison.describe(vocab),
                    describe_answer(fact, actual, vocab)
                )
            }
            Failure::NoneHolds(parts) => {
                f.write_str("none of these holds: ")?;
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{}", part.words(vocab))?;
                }
                Ok(())
            }
            Failure::MustNot(part) => {
                write!(f, "must not be the case: {}", part.describe(vocab))
            }
        }
    }
}
