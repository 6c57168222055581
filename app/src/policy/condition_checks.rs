//! The check of one comparison against the declared facts, used for measure conditions, rule
//! conditions and the conditions of list entries in formulas.
use super::catalog_file::Collector;
use super::condition::{describe_value, Comparison, Op};
use super::fact::{FactType, FactValue};
use super::vocabulary::Vocabulary;

/// Checks that a comparison names a declared fact and fits its type.
pub(super) fn validate_comparison(
    c: &mut Collector<'_>,
    id: &str,
    field: &str,
    cmp: &Comparison,
    vocab: &Vocabulary,
) {
    let Some(def) = vocab.get(&cmp.fact) else {
        c.push(id, field, format!("unknown fact \"{}\"", cmp.fact));
        return;
    };
    let ok = match (cmp.op, def.fact_type, &cmp.value) {
        // A list compares by its number of entries.
        (Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge, FactType::List, v) => {
            matches!(v, FactValue::Number(n) if *n >= 0)
        }
        (Op::Eq | Op::Ne, _, v) => def.check(v).is_ok(),
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, t, FactValue::Number(_)) => t.is_numeric(),
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, FactType::Date, v @ FactValue::Text(_)) => {
            def.check(v).is_ok()
        }
        (Op::In, FactType::OneOf, FactValue::Set(items)) => items
            .iter()
            .all(|i| def.options.iter().any(|o| &o.value == i)),
        (Op::Has, FactType::SetOf, FactValue::Text(v)) => def.options.iter().any(|o| &o.value == v),
        (Op::HasAny, FactType::SetOf, FactValue::Set(items)) => items
            .iter()
            .all(|i| def.options.iter().any(|o| &o.value == i)),
        _ => false,
    };
    if !ok {
        c.push(
            id,
            field,
            format!(
                "comparison {} {:?} {} does not fit the fact's type ({})",
                cmp.fact,
                cmp.op,
                describe_value(def, &cmp.value),
                def.fact_type.describe()
            ),
        );
    }
}
