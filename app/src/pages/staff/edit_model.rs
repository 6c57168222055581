//! The editor's model: addressing parts of a measure's condition tree and formula by path, and
//! converting the text staff type into fact values, rates and amounts (and back). Pure, so it is
//! unit-tested here and runs the same in the browser.
use std::collections::BTreeSet;

use crate::api::editor::FactChoice;
use crate::policy::input::{format_percent, parse_number};
use crate::policy::{Comparison, Condition, FactType, FactValue, Facts, Formula, Op, Rate, Tier};

/// The node at `path` (child indexes; a `not` has one child, index 0).
pub fn cond_at<'a>(c: &'a Condition, path: &[usize]) -> Option<&'a Condition> {
    let Some((first, rest)) = path.split_first() else {
        return Some(c);
    };
    let child = match c {
        Condition::All { all: parts } | Condition::Any { any: parts } => parts.get(*first)?,
        Condition::Not { not } if *first == 0 => not,
        _ => return None,
    };
    cond_at(child, rest)
}

/// The node at `path`, for changing it.
pub fn cond_at_mut<'a>(c: &'a mut Condition, path: &[usize]) -> Option<&'a mut Condition> {
    let Some((first, rest)) = path.split_first() else {
        return Some(c);
    };
    let child = match c {
        Condition::All { all: parts } | Condition::Any { any: parts } => parts.get_mut(*first)?,
        Condition::Not { not } if *first == 0 => not,
        _ => return None,
    };
    cond_at_mut(child, rest)
}

/// What a condition node looks like, without its values: the editor redraws a node only when
/// this changes, so typing in a field never loses focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShape {
    /// `all` with this many parts.
    All(usize),
    /// `any` with this many parts.
    Any(usize),
    /// `not`.
    Not,
    /// A comparison.
    Compare,
}

/// The shape of a node.
pub fn shape(c: &Condition) -> NodeShape {
    match c {
        Condition::All { all } => NodeShape::All(all.len()),
        Condition::Any { any } => NodeShape::Any(any.len()),
        Condition::Not { .. } => NodeShape::Not,
        Condition::Compare(_) => NodeShape::Compare,
    }
}

/// Removes the child at the end of `path` from its group (or unwraps a `not`).
pub fn remove_at(root: &mut Condition, path: &[usize]) {
    let Some((last, parent)) = path.split_last() else {
        *root = Condition::default();
        return;
    };
    match cond_at_mut(root, parent) {
        Some(Condition::All { all: parts } | Condition::Any { any: parts })
            if *last < parts.len() =>
        {
            parts.remove(*last);
        }
        Some(node @ Condition::Not { .. }) => *node = Condition::default(),
        _ => {}
    }
}

/// A new comparison on the first fact offered.
pub fn new_comparison(facts: &[FactChoice]) -> Condition {
    let fact = facts.first().map(|f| f.name.clone()).unwrap_or_default();
    let value = facts
        .first()
        .map(|f| default_value(f.fact_type))
        .unwrap_or(FactValue::Bool(true));
    Condition::Compare(Comparison {
        fact,
        op: Op::Eq,
        value,
    })
}

/// A value of the right type to start from.
pub fn default_value(t: FactType) -> FactValue {
    match t {
        FactType::Bool => FactValue::Bool(true),
        // A list compares by its number of entries.
        FactType::Money | FactType::Count | FactType::Percent | FactType::List => {
            FactValue::Number(0)
        }
        FactType::OneOf | FactType::SetOf | FactType::Date => FactValue::Text(String::new()),
    }
}

/// The operators and their words.
pub const OPS: [(Op, &str); 9] = [
    (Op::Eq, "is"),
    (Op::Ne, "is not"),
    (Op::Ge, "is at least"),
    (Op::Gt, "is more than"),
    (Op::Le, "is at most"),
    (Op::Lt, "is less than"),
    (Op::In, "is one of"),
    (Op::Has, "includes"),
    (Op::HasAny, "includes any of"),
];

/// The stored name of an operator.
pub fn op_slug(op: Op) -> String {
    serde_json::to_value(op)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An operator from its stored name.
pub fn op_from_slug(s: &str) -> Option<Op> {
    serde_json::from_value(serde_json::Value::String(s.into())).ok()
}

/// A value of `fact` as staff type it (a percentage as "62.5%").
pub fn value_text(fact: Option<&FactChoice>, v: &FactValue) -> String {
    match v {
        FactValue::Bool(true) => "yes".into(),
        FactValue::Bool(false) => "no".into(),
        FactValue::Number(n) if fact.is_some_and(|f| f.fact_type == FactType::Percent) => {
            format_percent(*n)
        }
        FactValue::Number(n) => n.to_string(),
        FactValue::Text(s) => s.clone(),
        FactValue::Set(s) => s.iter().cloned().collect::<Vec<_>>().join(", "),
        FactValue::Items(items) => items.len().to_string(),
    }
}

/// Reads typed text as a value for `fact` (lists for `is one of` and `includes any of`).
pub fn parse_value(fact: Option<&FactChoice>, op: Op, text: &str) -> Result<FactValue, String> {
    let t = text.trim();
    if matches!(op, Op::In | Op::HasAny) {
        let items: BTreeSet<String> = t
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if items.is_empty() {
            return Err("list at least one value, separated by commas".into());
        }
        return Ok(FactValue::Set(items));
    }
    match fact.map(|f| f.fact_type) {
        Some(FactType::Bool) => match t.to_lowercase().as_str() {
            "yes" | "true" => Ok(FactValue::Bool(true)),
            "no" | "false" => Ok(FactValue::Bool(false)),
            _ => Err("answer yes or no".into()),
        },
        Some(kind @ (FactType::Money | FactType::Count | FactType::Percent)) => {
            parse_number(kind, t).map(FactValue::Number)
        }
        _ if t.is_empty() => Err("enter a value".into()),
        _ => Ok(FactValue::Text(t.to_string())),
    }
}

/// An amount in whole yuan, read as the wizard reads it ("1,400,000", "140万").
pub fn parse_whole(text: &str) -> Result<i64, String> {
    parse_number(FactType::Money, text)
}

/// An optional number of type `t` (an amount, a count): empty text means none.
pub fn parse_optional(text: &str, t: FactType) -> Result<Option<i64>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_number(t, text).map(Some)
    }
}

/// A rate as "50%" or "12.5%".
pub fn parse_rate(text: &str) -> Result<Rate, String> {
    let t = text.trim();
    let t = if t.ends_with('%') {
        t.to_string()
    } else {
        format!("{t}%")
    };
    Rate::parse(&t)
}

/// The example facts as lines of `fact = value`.
pub fn facts_text(facts: &Facts, choices: &[FactChoice]) -> String {
    facts
        .iter()
        .map(|(k, v)| {
            let fact = choices.iter().find(|f| &f.name == k);
            format!("{k} = {}", value_text(fact, v))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads lines of `fact = value` with each value typed by its fact.
pub fn parse_facts(text: &str, facts: &[FactChoice]) -> Result<Facts, String> {
    let mut out = Facts::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(format!("line {}: write fact = value", n + 1));
        };
        let name = name.trim();
        let choice = facts.iter().find(|f| f.name == name);
        let Some(choice) = choice else {
            return Err(format!("line {}: {name} is not a declared fact", n + 1));
        };
        let op = if choice.fact_type == FactType::SetOf {
            Op::In
        } else {
            Op::Eq
        };
        let v = parse_value(Some(choice), op, value).map_err(|e| format!("line {}: {e}", n + 1))?;
        out.insert(name.to_string(), v);
    }
    Ok(out)
}

/// The formula at `path` (indexes of tiers, outermost first).
pub fn formula_at<'a>(f: &'a Formula, path: &[usize]) -> Option<&'a Formula> {
    let Some((first, rest)) = path.split_first() else {
        return Some(f);
    };
    match f {
        Formula::Tiers { tiers, .. } => formula_at(&tiers.get(*first)?.formula, rest),
        _ => None,
    }
}

/// The formula at `path`, for changing it.
pub fn formula_at_mut<'a>(f: &'a mut Formula, path: &[usize]) -> Option<&'a mut Formula> {
    let Some((first, rest)) = path.split_first() else {
        return Some(f);
    };
    match f {
        Formula::Tiers { tiers, .. } => formula_at_mut(&mut tiers.get_mut(*first)?.formula, rest),
        _ => None,
    }
}

/// Every formula kind with its words.
pub const FORMULA_KINDS: [(&str, &str); 9] = [
    ("fixed", "Fixed amount"),
    ("up_to", "Up to an amount"),
    ("range", "Range of amounts"),
    ("rate", "Rate × base, with cap and floor"),
    ("rate_range", "Range of rates × base"),
    ("per_unit", "Amount per unit"),
    ("tiers", "Tiers chosen by a fact"),
    ("monthly", "Amount per month"),
    ("non_monetary", "Not money (service, rent-free months)"),
];

/// The kind name of a formula.
pub fn formula_kind(f: &Formula) -> &'static str {
    match f {
        Formula::Fixed { .. } => "fixed",
        Formula::UpTo { .. } => "up_to",
        Formula::Range { .. } => "range",
        Formula::Rate { .. } => "rate",
        Formula::RateRange { .. } => "rate_range",
        Formula::PerUnit { .. } => "per_unit",
        Formula::Tiers { .. } => "tiers",
        Formula::Monthly { .. } => "monthly",
        Formula::NonMonetary { .. } => "non_monetary",
        Formula::PerItem { .. } => "per_item",
    }
}

/// A fresh formula of a kind, keeping the base fact where it can.
pub fn new_formula(kind: &str, facts: &[FactChoice]) -> Formula {
    let money = facts
        .iter()
        .find(|f| f.fact_type == FactType::Money)
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let count = facts
        .iter()
        .find(|f| f.fact_type == FactType::Count)
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let zero = || Rate::parse("0%").unwrap_or_else(|_| Rate::parse("1%").expect("valid rate"));
    match kind {
        "up_to" => Formula::UpTo { max: 0 },
        "range" => Formula::Range { min: 0, max: 0 },
        "rate" => Formula::Rate {
            rate: zero(),
            base: money,
            cap: None,
            floor: None,
        },
        "rate_range" => Formula::RateRange {
            min_rate: zero(),
            max_rate: zero(),
            base: money,
            cap: None,
        },
        "per_unit" => Formula::PerUnit {
            amount: 0,
            unit: count,
            cap: None,
        },
        "tiers" => Formula::Tiers {
            by: facts.first().map(|f| f.name.clone()).unwrap_or_default(),
            tiers: vec![new_tier()],
        },
        "monthly" => Formula::Monthly {
            per_month: 0,
            months: None,
        },
        "non_monetary" => Formula::NonMonetary {
            benefit: String::new(),
            months: None,
        },
        _ => Formula::Fixed { amount: 0 },
    }
}

/// A tier paying a fixed zero, to be filled in.
pub fn new_tier() -> Tier {
    Tier {
        when: Some(String::new()),
        at_least: None,
        formula: Box::new(Formula::Fixed { amount: 0 }),
    }
}

/// Structure of a formula (kind and tier count): the editor redraws only when it changes.
pub fn formula_shape(f: &Formula) -> (&'static str, usize) {
    match f {
        Formula::Tiers { tiers, .. } => ("tiers", tiers.len()),
        other => (formula_kind(other), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Vec<FactChoice> {
        vec![
            FactChoice {
                name: "cost".into(),
                label: "Cost".into(),
                fact_type: FactType::Money,
                options: vec![],
            },
            FactChoice {
                name: "won".into(),
                label: "Won".into(),
                fact_type: FactType::Bool,
                options: vec![],
            },
            FactChoice {
                name: "share".into(),
                label: "Share".into(),
                fact_type: FactType::Percent,
                options: vec![],
            },
        ]
    }

    #[test]
    fn paths_address_nested_nodes() {
        let mut c = Condition::All {
            all: vec![
                new_comparison(&facts()),
                Condition::Not {
                    not: Box::new(new_comparison(&facts())),
                },
            ],
        };
        assert_eq!(shape(cond_at(&c, &[]).unwrap()), NodeShape::All(2));
        assert_eq!(shape(cond_at(&c, &[1]).unwrap()), NodeShape::Not);
        assert_eq!(shape(cond_at(&c, &[1, 0]).unwrap()), NodeShape::Compare);
        assert!(cond_at(&c, &[5]).is_none());
        remove_at(&mut c, &[0]);
        assert_eq!(shape(&c), NodeShape::All(1));
        remove_at(&mut c, &[0, 0]);
        assert_eq!(shape(cond_at(&c, &[0]).unwrap()), NodeShape::All(0));
    }

    #[test]
    fn typed_text_becomes_values() {
        let f = facts();
        assert_eq!(
            parse_value(Some(&f[0]), Op::Ge, "1,400,000"),
            Ok(FactValue::Number(1_400_000))
        );
        assert!(parse_value(Some(&f[0]), Op::Ge, "lots").is_err());
        assert_eq!(
            parse_value(Some(&f[1]), Op::Eq, "Yes"),
            Ok(FactValue::Bool(true))
        );
        assert_eq!(
            parse_value(None, Op::In, "won, settled"),
            Ok(FactValue::Set(
                ["settled".to_string(), "won".to_string()].into()
            ))
        );
        assert_eq!(
            parse_value(Some(&f[0]), Op::Ge, "140万"),
            Ok(FactValue::Number(1_400_000))
        );
        assert_eq!(
            parse_value(Some(&f[2]), Op::Gt, "62.5%"),
            Ok(FactValue::Number(6_250))
        );
        assert_eq!(
            parse_value(Some(&f[2]), Op::Gt, "62.555"),
            Err("Give a percentage with at most two decimals, for example 62.25%.".into())
        );
        let parsed = parse_facts("cost = 140万\nwon = yes\nshare = 62.5", &f).unwrap();
        assert_eq!(
            facts_text(&parsed, &f),
            "cost = 1400000\nshare = 62.5%\nwon = yes"
        );
        assert!(parse_facts("unknown = 1", &f).is_err());
        assert_eq!(parse_rate("50").unwrap().to_string(), "50%");
        assert_eq!(parse_optional(" ", FactType::Money), Ok(None));
        assert_eq!(parse_optional("1.5万", FactType::Money), Ok(Some(15_000)));
        assert_eq!(
            parse_optional("6元", FactType::Count),
            Err("Enter a whole number, for example 5.".into())
        );
    }

    #[test]
    fn formulas_are_addressed_through_tiers() {
        let mut f = new_formula("tiers", &facts());
        assert_eq!(formula_shape(&f), ("tiers", 1));
        *formula_at_mut(&mut f, &[0]).unwrap() = new_formula("rate", &facts());
        assert_eq!(formula_kind(formula_at(&f, &[0]).unwrap()), "rate");
        for (kind, _) in FORMULA_KINDS {
            assert_eq!(formula_kind(&new_formula(kind, &facts())), kind);
        }
    }
}
