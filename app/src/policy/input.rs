//! Parsing what a person typed into typed fact values ("parse, don't validate"): every
//! problem becomes a message for that field, never a panic and never a guess.
use std::collections::BTreeSet;

use super::date::Date;
use super::fact::{FactDef, FactType, FactValue};
use super::money::format_yuan;

/// A raw answer from a form: one text, or the options ticked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawAnswer {
    /// Text field, radio or select.
    Text(String),
    /// Checkboxes of a set question.
    Choices(Vec<String>),
}

fn bounds(def: &FactDef, n: i64) -> Result<i64, String> {
    if let Some(min) = def.min {
        if n < min {
            return Err(format!("Must be at least {}.", format_yuan(min)));
        }
    }
    if let Some(max) = def.max {
        if n > max {
            return Err(format!("Must be at most {}.", format_yuan(max)));
        }
    }
    Ok(n)
}

fn number(def: &FactDef, text: &str) -> Result<i64, String> {
    // People write 4,000,000 or 4 000 000; both mean 4000000.
    let cleaned: String = text
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    let example = match def.fact_type {
        FactType::Money => "Enter an amount in whole yuan, for example 4000000.",
        FactType::Percent => "Enter a whole percentage, for example 30.",
        _ => "Enter a whole number, for example 5.",
    };
    let digits = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(example.to_string());
    }
    let n: i64 = cleaned
        .parse()
        .map_err(|_| "The number is too large.".to_string())?;
    bounds(def, n)
}

/// Parses one answer: `Ok(None)` for "no answer", `Err` with a message for the field.
pub fn parse_answer(def: &FactDef, raw: &RawAnswer) -> Result<Option<FactValue>, String> {
    let text = match raw {
        RawAnswer::Text(t) => t.trim(),
        RawAnswer::Choices(_) => "",
    };
    match (def.fact_type, raw) {
        (FactType::SetOf, RawAnswer::Choices(items)) => {
            let mut set = BTreeSet::new();
            for item in items {
                if !def.options.iter().any(|o| &o.value == item) {
                    return Err(format!("\"{item}\" is not one of the choices."));
                }
                set.insert(item.clone());
            }
            if set.is_empty() {
                Ok(None)
            } else {
                Ok(Some(FactValue::Set(set)))
            }
        }
        (_, _) if text.is_empty() => Ok(None),
        (FactType::Money | FactType::Count | FactType::Percent, _) => {
            number(def, text).map(|n| Some(FactValue::Number(n)))
        }
        (FactType::Bool, _) => match text {
            "yes" | "true" => Ok(Some(FactValue::Bool(true))),
            "no" | "false" => Ok(Some(FactValue::Bool(false))),
            _ => Err("Choose yes or no.".into()),
        },
        (FactType::OneOf, _) => {
            if def.options.iter().any(|o| o.value == text) {
                Ok(Some(FactValue::Text(text.to_string())))
            } else {
                Err("Choose one of the options.".into())
            }
        }
        (FactType::SetOf, RawAnswer::Text(t)) => {
            parse_answer(def, &RawAnswer::Choices(vec![t.clone()]))
        }
        (FactType::List, _) => Err("Give the entries one by one.".into()),
        (FactType::Date, _) => Date::parse(text)
            .map(|d| Some(FactValue::Text(d.to_string())))
            .map_err(|_| "Enter a date as YYYY-MM-DD, for example 2020-06-30.".into()),
    }
}

/// The value as a form shows it again (the inverse of [`parse_answer`] for one text).
pub fn show_answer(value: &FactValue) -> String {
    match value {
        FactValue::Bool(true) => "yes".into(),
        FactValue::Bool(false) => "no".into(),
        FactValue::Number(n) => n.to_string(),
        FactValue::Text(t) => t.clone(),
        FactValue::Set(s) => s.iter().cloned().collect::<Vec<_>>().join(","),
        FactValue::Items(items) => items.len().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fact::WizardStep;

    fn money() -> FactDef {
        FactDef {
            name: "rd".into(),
            fact_type: FactType::Money,
            label: "R&D".into(),
            min: Some(0),
            max: Some(1_000_000_000),
            options: vec![],
            question: "?".into(),
            help: String::new(),
            step: WizardStep::RdInvestment,
            item_label: None,
            fields: vec![],
        }
    }

    #[test]
    fn parses_numbers_with_clear_messages() {
        let d = money();
        let p = |s: &str| parse_answer(&d, &RawAnswer::Text(s.into()));
        assert_eq!(p("4,000,000"), Ok(Some(FactValue::Number(4_000_000))));
        assert_eq!(p(" 12 "), Ok(Some(FactValue::Number(12))));
        assert_eq!(p(""), Ok(None));
        assert_eq!(p("-5"), Err("Must be at least 0.".into()));
        assert_eq!(
            p("abc"),
            Err("Enter an amount in whole yuan, for example 4000000.".into())
        );
        assert_eq!(
            p("1.5"),
            Err("Enter an amount in whole yuan, for example 4000000.".into())
        );
        assert_eq!(
            p("99999999999999999999999"),
            Err("The number is too large.".into())
        );
        assert_eq!(
            p("2000000000"),
            Err("Must be at most 1,000,000,000.".into())
        );
    }
}
