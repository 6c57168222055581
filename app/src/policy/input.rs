//! The one parser of answers: what a person typed (in the wizard, the JSON API, the staff editor
//! or a catalog file) into typed fact values ("parse, don't validate"). Numbers are read as
//! people write them, "4,000,000", "300万", "1.5亿元", "62.5%", and every problem becomes a
//! message for that field, never a panic and never a guess.
//!
//! Values: money in whole yuan, counts as whole numbers, and percentages in **basis points**
//! (62.5% is 6250), so every number the engine compares is an integer.
use std::collections::BTreeSet;

use super::date::Date;
use super::fact::{FactDef, FactType, FactValue};
pub use super::money::{format_percent, Percentage, FULL_PERCENT};
use super::money::{format_yuan, Rate};

/// A raw answer: what a form or a JSON body gave for one fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawAnswer {
    /// Text field, radio or select (and a JSON string or number, as text).
    Text(String),
    /// Checkboxes of a set question (a JSON array).
    Choices(Vec<String>),
    /// A yes/no given as a boolean (JSON `true` or `false`).
    Flag(bool),
}

/// What to enter for a fact of this type: the message for an answer that cannot be read.
pub fn hint(t: FactType) -> &'static str {
    match t {
        FactType::Money => {
            "Enter an amount in whole yuan, for example 4000000, 4,000,000 or 400万."
        }
        FactType::Count => "Enter a whole number, for example 5.",
        FactType::Percent => "Enter a percentage, for example 62.5 or 62.5%.",
        FactType::Bool => "Choose yes or no.",
        FactType::OneOf => "Choose one of the options.",
        FactType::SetOf => "Choose from the options.",
        FactType::Date => "Enter a date as YYYY-MM-DD, for example 2020-06-30.",
        FactType::List => "Give the entries one by one.",
    }
}

/// Why a number could not be read; worded for the fact type by [`Problem::words`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// Not a number at all.
    Unreadable,
    /// Separators not between groups of three digits ("1,5", "40,00,000").
    Groups,
    /// Money or a count with a fraction left over ("1.5", "1.23456万").
    NotWhole,
    /// A percentage with more than two decimals.
    Decimals,
    /// 万 before 亿, or either twice.
    UnitOrder,
    /// What follows 亿 or 万 is not smaller than it ("1亿20000万").
    UnitRest,
    /// Beyond what an answer can hold.
    TooLarge,
}

impl Problem {
    fn words(self, t: FactType, typed: &str) -> String {
        match self {
            Problem::Unreadable => hint(t).into(),
            Problem::Groups => {
                "Put separators only between groups of three digits, for example 4,000,000.".into()
            }
            Problem::NotWhole if t == FactType::Money => {
                format!("Enter whole yuan: \"{typed}\" includes a fraction of a yuan.")
            }
            Problem::NotWhole => format!("Enter a whole number: \"{typed}\" has a fraction."),
            Problem::Decimals => {
                "Give a percentage with at most two decimals, for example 62.25%.".into()
            }
            Problem::UnitOrder => "Write 亿 before 万, each at most once, for example 1亿2000万.".into(),
            Problem::UnitRest => "What follows 亿 must be less than 1亿, and what follows 万 less than 1万, for example 1亿2000万.".into(),
            Problem::TooLarge => "The number is too large.".into(),
        }
    }
}

/// Full-width digits and signs, as a Chinese input method types them, in their ASCII forms.
fn half_width(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '．' => '.',
            '，' => ',',
            '％' => '%',
            '－' | '−' => '-',
            '￥' => '¥',
            _ => c,
        })
        .collect()
}

/// A leading minus sign, and the rest.
fn signed(text: &str) -> (bool, &str) {
    match text.trim().strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.trim()),
    }
}

/// A number as written, before any unit: the digits before the point, and those after it
/// without trailing zeros ("62.50" has the fraction "5").
struct Written<'a> {
    whole: u128,
    fraction: &'a str,
}

/// Reads digits with thousands separators (commas or spaces, thin spaces included) between
/// groups of three, and an optional fraction after a point.
fn written(text: &str) -> Result<Written<'_>, Problem> {
    let text = text.trim();
    let (int, fraction) = text.split_once('.').unwrap_or((text, ""));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::Unreadable);
    }
    let groups: Vec<&str> = int
        .trim_end()
        .split(|c: char| c == ',' || c.is_whitespace())
        .collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Problem::Unreadable);
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(Problem::Groups);
    }
    let whole = groups.concat().parse().map_err(|_| Problem::TooLarge)?;
    Ok(Written {
        whole,
        fraction: fraction.trim_end_matches('0'),
    })
}

impl Written<'_> {
    /// The number times 10^`k`, or `None` when that still has a fraction.
    fn scaled(&self, k: u32) -> Result<Option<u128>, Problem> {
        let Some(missing) = (k as usize).checked_sub(self.fraction.len()) else {
            return Ok(None);
        };
        // At most `k` (<= 8) digits, all ASCII digits: parsing cannot fail.
        let fraction: u128 = self.fraction.parse().unwrap_or(0);
        self.whole
            .checked_mul(10u128.pow(k))
            .and_then(|w| w.checked_add(fraction * 10u128.pow(missing as u32)))
            .map(Some)
            .ok_or(Problem::TooLarge)
    }
}

/// Whole units written with digits, 万 (10,000) and 亿 (100,000,000), decimals allowed before a
/// unit when the result is whole: "300万", "1.5亿", "1亿2000万", "4,000,000".
fn whole_units(text: &str) -> Result<u128, Problem> {
    let (yi, wan) = (text.find('亿'), text.find('万'));
    if text.matches('亿').count() > 1
        || text.matches('万').count() > 1
        || matches!((yi, wan), (Some(y), Some(w)) if w < y)
    {
        return Err(Problem::UnitOrder);
    }
    let part = |t: &str, k: u32, below: Option<u128>| -> Result<u128, Problem> {
        let n = written(t)?.scaled(k)?.ok_or(Problem::NotWhole)?;
        match below {
            Some(b) if n >= b => Err(Problem::UnitRest),
            _ => Ok(n),
        }
    };
    let mut rest = text;
    let mut total: u128 = 0;
    // The unit just read: what follows it must be smaller than it.
    let mut below = None;
    for (unit, k) in [('亿', 8), ('万', 4)] {
        if let Some((head, tail)) = rest.split_once(unit) {
            total = total
                .checked_add(part(head, k, below)?)
                .ok_or(Problem::TooLarge)?;
            below = Some(10u128.pow(k));
            rest = tail;
        }
    }
    if below.is_none() || !rest.trim().is_empty() {
        total = total
            .checked_add(part(rest, 0, below)?)
            .ok_or(Problem::TooLarge)?;
    }
    Ok(total)
}

/// Strips one of `words` from the start (ASCII letters in any case).
fn strip_word_prefix<'a>(text: &'a str, words: &[&str]) -> &'a str {
    words
        .iter()
        .find_map(|w| {
            let head = text.get(..w.len())?;
            head.eq_ignore_ascii_case(w).then(|| &text[w.len()..])
        })
        .unwrap_or(text)
        .trim_start()
}

/// Strips one of `words` from the end (ASCII letters in any case).
fn strip_word_suffix<'a>(text: &'a str, words: &[&str]) -> &'a str {
    words
        .iter()
        .find_map(|w| {
            let at = text.len().checked_sub(w.len())?;
            let tail = text.get(at..)?;
            tail.eq_ignore_ascii_case(w).then(|| &text[..at])
        })
        .unwrap_or(text)
        .trim_end()
}

/// An amount of money: whole yuan, optionally with ¥, CNY, RMB, 元 or "yuan" around it.
fn money(text: &str) -> Result<i128, Problem> {
    let (minus, t) = signed(text);
    let t = strip_word_prefix(t, &["¥", "CNY", "RMB"]);
    let (minus_after, t) = signed(t);
    if minus && minus_after {
        return Err(Problem::Unreadable);
    }
    let t = strip_word_suffix(t, &["元", "yuan", "CNY", "RMB"]);
    let n = i128::try_from(whole_units(t)?).map_err(|_| Problem::TooLarge)?;
    Ok(if minus || minus_after { -n } else { n })
}

/// A count: a whole number, with separators, 万 and 亿 as for money.
fn count(text: &str) -> Result<i128, Problem> {
    let (minus, t) = signed(text);
    let n = i128::try_from(whole_units(t)?).map_err(|_| Problem::TooLarge)?;
    Ok(if minus { -n } else { n })
}

/// A percentage in basis points: "62.5", "62.5%", "62.50 %" are all 6250.
fn percent(text: &str) -> Result<i128, Problem> {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t);
    let (minus, t) = signed(t);
    let bp = written(t)?.scaled(2)?.ok_or(Problem::Decimals)?;
    let bp = i128::try_from(bp).map_err(|_| Problem::TooLarge)?;
    Ok(if minus { -bp } else { bp })
}

/// Reads a number of a numeric fact type, without the fact's bounds: whole yuan, a whole count,
/// or a percentage in basis points. The message says what to enter instead.
pub fn parse_number(t: FactType, text: &str) -> Result<i64, String> {
    let typed = text.trim();
    let ascii = half_width(typed);
    let read = match t {
        FactType::Money => money(&ascii),
        FactType::Percent => percent(&ascii),
        FactType::Count => count(&ascii),
        FactType::Bool | FactType::OneOf | FactType::SetOf | FactType::Date | FactType::List => {
            Err(Problem::Unreadable)
        }
    };
    read.and_then(|n| i64::try_from(n).map_err(|_| Problem::TooLarge))
        .map_err(|p| p.words(t, typed))
}

/// Parses one answer: `Ok(None)` for "no answer", `Err` with a message for the field.
pub fn parse_answer(def: &FactDef, raw: &RawAnswer) -> Result<Option<FactValue>, String> {
    let text = match raw {
        RawAnswer::Text(t) => t.trim(),
        RawAnswer::Choices(_) | RawAnswer::Flag(_) => "",
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
        (FactType::Bool, RawAnswer::Flag(b)) => Ok(Some(FactValue::Bool(*b))),
        (t, RawAnswer::Choices(_) | RawAnswer::Flag(_)) => Err(hint(t).into()),
        (_, _) if text.is_empty() => Ok(None),
        (t @ (FactType::Money | FactType::Count | FactType::Percent), _) => {
            let n = parse_number(t, text)?;
            def.check_bounds(n)?;
            Ok(Some(FactValue::Number(n)))
        }
        (FactType::Bool, _) => match text {
            "yes" | "true" => Ok(Some(FactValue::Bool(true))),
            "no" | "false" => Ok(Some(FactValue::Bool(false))),
            _ => Err(hint(FactType::Bool).into()),
        },
        (FactType::OneOf, _) => {
            if def.options.iter().any(|o| o.value == text) {
                Ok(Some(FactValue::Text(text.to_string())))
            } else {
                Err(hint(FactType::OneOf).into())
            }
        }
        // Several choices as text are separated by commas, as `show_answer` writes them and
        // the wizard's form sends them back ("a,b").
        (FactType::SetOf, RawAnswer::Text(t)) => parse_answer(
            def,
            &RawAnswer::Choices(
                t.split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
        ),
        (FactType::List, _) => Err(hint(FactType::List).into()),
        (FactType::Date, _) => Date::parse(text)
            .map(|d| Some(FactValue::Text(d.to_string())))
            .map_err(|_| hint(FactType::Date).into()),
    }
}

impl Rate {
    /// Parses "10%", "12.5%", "0.3%": a percentage with at most two decimals, read by the
    /// answer parser (so "12.5 %" and full-width digits are read as in the wizard).
    pub fn parse(text: &str) -> Result<Self, String> {
        if !text.trim().ends_with(['%', '％']) {
            return Err(format!("rate \"{text}\" must end with %, e.g. \"10%\""));
        }
        let bp =
            parse_number(FactType::Percent, text).map_err(|m| format!("rate \"{text}\": {m}"))?;
        u32::try_from(bp)
            .map(Rate::from_bp)
            .map_err(|_| format!("rate \"{text}\" must not be negative"))
    }
}

impl TryFrom<String> for Rate {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Rate::parse(&value)
    }
}

/// A number of a fact of type `t` in words: "3,000,000 yuan", "62.5%", "12".
pub fn describe_number(t: FactType, n: i64) -> String {
    match t {
        FactType::Money => format!("{} yuan", format_yuan(n)),
        FactType::Percent => format_percent(n),
        _ => n.to_string(),
    }
}

/// The value as a form shows it again: the normalised text, which [`parse_answer`] reads back
/// as the same value ("3000000", "62.5%").
pub fn show_answer(def: &FactDef, value: &FactValue) -> String {
    match value {
        FactValue::Bool(true) => "yes".into(),
        FactValue::Bool(false) => "no".into(),
        FactValue::Number(n) if def.fact_type == FactType::Percent => format_percent(*n),
        FactValue::Number(n) => n.to_string(),
        FactValue::Text(t) => t.clone(),
        FactValue::Set(s) => s.iter().cloned().collect::<Vec<_>>().join(","),
        FactValue::Items(items) => items.len().to_string(),
    }
}

/// What a typed number was understood as, in words ("300万" -> "3,000,000 yuan"), when the text
/// differs from its normalised form; `None` for text shown as typed, empty or not readable.
pub fn understood(def: &FactDef, typed: &str) -> Option<String> {
    let value = parse_answer(def, &RawAnswer::Text(typed.to_string())).ok()??;
    let FactValue::Number(n) = value else {
        return None;
    };
    (typed.trim() != show_answer(def, &value)).then(|| describe_number(def.fact_type, n))
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
