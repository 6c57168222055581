//! Comparisons: the operators and their words, and how a comparison's fact and value are
//! offered and described.
use super::default_value;
use crate::policy::{Comparison, FactType, Op};
use crate::wire::editor::FactChoice;

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

/// The operators offered for a fact of type `t`: a list compares by its number of entries.
pub fn ops_for(t: Option<FactType>) -> Vec<(Op, &'static str)> {
    OPS.iter()
        .filter(|(op, _)| {
            t != Some(FactType::List)
                || matches!(op, Op::Eq | Op::Ne | Op::Ge | Op::Gt | Op::Le | Op::Lt)
        })
        .copied()
        .collect()
}

/// How a fact is offered in a comparison's fact select: a list fact as its number of entries.
pub fn fact_option_label(f: &FactChoice) -> String {
    if f.fact_type == FactType::List {
        format!("{}: number of {}s ({})", f.label, f.item_noun(), f.name)
    } else {
        format!("{} ({})", f.label, f.name)
    }
}

/// The label of a comparison's value.
pub fn value_label(fact: Option<&FactChoice>) -> String {
    match fact {
        Some(f) if f.fact_type == FactType::List => format!("Number of {}s", f.item_noun()),
        _ => "Value".into(),
    }
}

/// What a comparison's value looks like, under its field.
pub fn value_hint(fact: Option<&FactChoice>) -> String {
    match fact {
        Some(f) => match f.fact_type {
            FactType::Bool => "yes or no".into(),
            FactType::OneOf | FactType::SetOf => format!(
                "one of: {}",
                f.options
                    .iter()
                    .map(|o| o.0.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FactType::Date => "YYYY-MM-DD".into(),
            FactType::List => format!(
                "A whole number: how many {}s the applicant gives.",
                f.item_noun()
            ),
            FactType::Money => "an amount in yuan, such as 500000, 500,000 or 50万".into(),
            FactType::Percent => "a percentage, such as 62.5%".into(),
            _ => "a whole number".into(),
        },
        None => "a whole number".into(),
    }
}

/// Points a comparison at another fact: a value of the new type, and the test "is" when the
/// old one is not offered for it.
pub fn retype_comparison(cmp: &mut Comparison, fact: Option<&FactChoice>) {
    let t = fact.map(|f| f.fact_type);
    cmp.fact = fact.map(|f| f.name.clone()).unwrap_or_default();
    cmp.value = default_value(t.unwrap_or(FactType::Bool));
    if !ops_for(t).iter().any(|(op, _)| *op == cmp.op) {
        cmp.op = Op::Eq;
    }
}
