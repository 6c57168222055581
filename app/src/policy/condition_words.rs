//! Conditions in plain words: a condition or comparison as a requirement ("Cost is at least
//! 1,000,000 yuan"), answers with option labels and money units, and why a condition fails.
//! The labels come from the catalog's [`Vocabulary`]; evaluation is in
//! [`condition`](super::condition).
use std::fmt;

use super::condition::{Comparison, Condition, Failure, Op};
use super::fact::{FactDef, FactType, FactValue, Facts};
use super::input::describe_number;
use super::vocabulary::Vocabulary;

impl Condition {
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
pub fn describe_entry(list: &FactDef, entry: &Facts) -> String {
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
