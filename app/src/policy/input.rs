//! The one parser of answers: what a person typed (in the wizard, the JSON API, the staff editor
//! or a catalog file) into typed fact values ("parse, don't validate"). Numbers are read as
//! people write them, "4,000,000", "300万", "1.5亿元", "62.5%", and every problem becomes a
//! message for that field, never a panic and never a guess.
//!
//! Values: money in whole yuan, counts as whole numbers, and percentages in **basis points**
//! (62.5% is 6250), so every number the engine compares is an integer.
use std::collections::BTreeSet;
use std::fmt;

use super::date::Date;
use super::fact::{FactDef, FactType, FactValue};
use super::money::format_yuan;

/// 100% in basis points: a percentage fact holds hundredths of a percent.
pub const FULL_PERCENT: i64 = 10_000;

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

/// The bounds a number of `def` must respect: the declared ones, and 0% to 100% for a
/// percentage that declares none.
pub fn bounds(def: &FactDef) -> (Option<i64>, Option<i64>) {
    match def.fact_type {
        FactType::Percent => (
            Some(def.min.unwrap_or(0)),
            Some(def.max.unwrap_or(FULL_PERCENT)),
        ),
        _ => (def.min, def.max),
    }
}

/// Checks a number against the bounds of `def` (every caller checks bounds here).
pub fn check_bounds(def: &FactDef, n: i64) -> Result<(), String> {
    let shown = |b: i64| match def.fact_type {
        FactType::Percent => format_percent(b),
        _ => format_yuan(b),
    };
    match bounds(def) {
        (Some(min), _) if n < min => Err(format!("Must be at least {}.", shown(min))),
        (_, Some(max)) if n > max => Err(format!("Must be at most {}.", shown(max))),
        _ => Ok(()),
    }
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
            check_bounds(def, n)?;
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
        (FactType::SetOf, RawAnswer::Text(t)) => {
            parse_answer(def, &RawAnswer::Choices(vec![t.clone()]))
        }
        (FactType::List, _) => Err(hint(FactType::List).into()),
        (FactType::Date, _) => Date::parse(text)
            .map(|d| Some(FactValue::Text(d.to_string())))
            .map_err(|_| hint(FactType::Date).into()),
    }
}

/// A percentage in basis points as people write it: 6250 is "62.5%", 1225 "12.25%", 5000
/// "50%".
pub fn format_percent(bp: i64) -> String {
    Percentage(bp).to_string()
}

/// Basis points displayed as a percentage, straight into a formatter (rates in traces use it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Percentage(pub i64);

impl fmt::Display for Percentage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, fraction) = (self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100);
        if fraction == 0 {
            write!(f, "{sign}{whole}%")
        } else if fraction.is_multiple_of(10) {
            write!(f, "{sign}{whole}.{}%", fraction / 10)
        } else {
            write!(f, "{sign}{whole}.{fraction:02}%")
        }
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
mod tests {
    use super::*;
    use crate::policy::fact::{FactOption, WizardStep};

    fn fact(fact_type: FactType, min: Option<i64>, max: Option<i64>) -> FactDef {
        FactDef {
            name: "f".into(),
            fact_type,
            label: "F".into(),
            min,
            max,
            options: vec![],
            question: "?".into(),
            help: String::new(),
            step: WizardStep::RdInvestment,
            item_label: None,
            fields: vec![],
        }
    }

    fn money() -> FactDef {
        fact(FactType::Money, Some(0), Some(1_000_000_000_000))
    }

    fn percent() -> FactDef {
        fact(FactType::Percent, None, None)
    }

    fn count() -> FactDef {
        fact(FactType::Count, Some(0), None)
    }

    fn choices(fact_type: FactType) -> FactDef {
        FactDef {
            options: ["a", "b"]
                .map(|v| FactOption {
                    value: v.into(),
                    label: v.to_uppercase(),
                })
                .to_vec(),
            ..fact(fact_type, None, None)
        }
    }

    fn text(def: &FactDef, s: &str) -> Result<Option<FactValue>, String> {
        parse_answer(def, &RawAnswer::Text(s.into()))
    }

    fn number(def: &FactDef, s: &str) -> Result<i64, String> {
        match text(def, s) {
            Ok(Some(FactValue::Number(n))) => Ok(n),
            Ok(other) => panic!("{s:?} gave {other:?}"),
            Err(e) => Err(e),
        }
    }

    const MONEY_HINT: &str =
        "Enter an amount in whole yuan, for example 4000000, 4,000,000 or 400万.";

    #[test]
    fn money_plain_digits() {
        assert_eq!(number(&money(), "4000000"), Ok(4_000_000));
        assert_eq!(number(&money(), " 12 "), Ok(12));
        assert_eq!(number(&money(), "0"), Ok(0));
    }

    #[test]
    fn money_thousands_separators() {
        for s in [
            "4,000,000",
            "4，000，000",
            "4 000 000",
            "4\u{2009}000\u{2009}000",
            "4\u{202f}000\u{202f}000",
            "4\u{a0}000\u{a0}000",
        ] {
            assert_eq!(number(&money(), s), Ok(4_000_000), "{s:?}");
        }
    }

    #[test]
    fn money_full_width_digits() {
        assert_eq!(number(&money(), "４，０００，０００"), Ok(4_000_000));
        assert_eq!(number(&money(), "３００万"), Ok(3_000_000));
        assert_eq!(number(&money(), "１．５万"), Ok(15_000));
    }

    #[test]
    fn money_currency_decoration() {
        for s in [
            "¥4,000,000",
            "￥4000000",
            "4000000元",
            "4,000,000 yuan",
            "4,000,000 Yuan",
            "CNY 4,000,000",
            "4000000 cny",
            "RMB4000000",
            "¥ 400万元",
        ] {
            assert_eq!(number(&money(), s), Ok(4_000_000), "{s:?}");
        }
    }

    #[test]
    fn money_wan_and_yi() {
        assert_eq!(number(&money(), "300万"), Ok(3_000_000));
        assert_eq!(number(&money(), "300万元"), Ok(3_000_000));
        assert_eq!(number(&money(), "300 万"), Ok(3_000_000));
        assert_eq!(number(&money(), "1.5万"), Ok(15_000));
        assert_eq!(number(&money(), "2.5亿"), Ok(250_000_000));
        assert_eq!(number(&money(), "1.2345万"), Ok(12_345));
        assert_eq!(number(&money(), "1,200万"), Ok(12_000_000));
    }

    #[test]
    fn money_yi_then_wan_then_yuan() {
        assert_eq!(number(&money(), "1亿2000万"), Ok(120_000_000));
        assert_eq!(number(&money(), "1亿2000万元"), Ok(120_000_000));
        assert_eq!(number(&money(), "1亿5000"), Ok(100_005_000));
        assert_eq!(number(&money(), "3万5000"), Ok(35_000));
        assert_eq!(number(&money(), "1亿2000万3000"), Ok(120_003_000));
    }

    #[test]
    fn money_decimals_only_when_the_fraction_is_zero() {
        assert_eq!(number(&money(), "4,000,000.00"), Ok(4_000_000));
        assert_eq!(number(&money(), "12.0"), Ok(12));
    }

    #[test]
    fn empty_is_no_answer() {
        for def in [money(), percent(), count(), choices(FactType::OneOf)] {
            assert_eq!(text(&def, ""), Ok(None));
            assert_eq!(text(&def, "   "), Ok(None));
        }
        assert_eq!(
            parse_answer(&choices(FactType::SetOf), &RawAnswer::Choices(vec![])),
            Ok(None)
        );
    }

    #[test]
    fn rejects_text_that_is_no_amount() {
        for s in [
            "abc",
            "1e6",
            "4,000,000元元",
            "万",
            "亿元",
            "--5",
            "1.5.5",
            "4,,000",
        ] {
            assert_eq!(number(&money(), s), Err(MONEY_HINT.into()), "{s:?}");
        }
    }

    #[test]
    fn rejects_fractions_of_a_yuan() {
        assert_eq!(
            number(&money(), "1.5"),
            Err("Enter whole yuan: \"1.5\" includes a fraction of a yuan.".into())
        );
        assert_eq!(
            number(&money(), "1.23456万"),
            Err("Enter whole yuan: \"1.23456万\" includes a fraction of a yuan.".into())
        );
    }

    #[test]
    fn rejects_separators_out_of_place() {
        let message = "Put separators only between groups of three digits, for example 4,000,000.";
        for s in ["1,5", "40,00,000", "4000,000", "1,5万", "1,000.000,5"] {
            let got = number(&money(), s);
            if s == "1,000.000,5" {
                assert_eq!(got, Err(MONEY_HINT.into()), "{s:?}");
            } else {
                assert_eq!(got, Err(message.into()), "{s:?}");
            }
        }
    }

    #[test]
    fn rejects_units_out_of_order() {
        let message = "Write 亿 before 万, each at most once, for example 1亿2000万.";
        for s in ["2000万1亿", "2万亿", "1万1万", "1亿1亿"] {
            assert_eq!(number(&money(), s), Err(message.into()), "{s:?}");
        }
    }

    #[test]
    fn rejects_a_rest_as_large_as_its_unit() {
        let message = "What follows 亿 must be less than 1亿, and what follows 万 less than 1万, for example 1亿2000万.";
        for s in ["1亿20000万", "1万10000", "1亿100000000"] {
            assert_eq!(number(&money(), s), Err(message.into()), "{s:?}");
        }
    }

    #[test]
    fn rejects_numbers_too_large() {
        for s in [
            "99999999999999999999999",
            "99999999999999999999999999999999999999999999",
            "9999999999999亿",
        ] {
            assert_eq!(
                number(&money(), s),
                Err("The number is too large.".into()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn checks_bounds_with_messages() {
        assert_eq!(number(&money(), "-5"), Err("Must be at least 0.".into()));
        assert_eq!(number(&money(), "-¥5"), Err("Must be at least 0.".into()));
        assert_eq!(number(&money(), "¥-5"), Err("Must be at least 0.".into()));
        assert_eq!(
            number(&money(), "20000亿"),
            Err("Must be at most 1,000,000,000,000.".into())
        );
        let unbounded = fact(FactType::Money, None, None);
        assert_eq!(number(&unbounded, "-5"), Ok(-5));
    }

    #[test]
    fn percent_with_and_without_the_sign() {
        for s in ["62.5", "62.5%", "62.50 %", "62.5％", "６２.５%"] {
            assert_eq!(number(&percent(), s), Ok(6250), "{s:?}");
        }
        assert_eq!(number(&percent(), "30"), Ok(3000));
        assert_eq!(number(&percent(), "0.25%"), Ok(25));
        assert_eq!(number(&percent(), "100%"), Ok(FULL_PERCENT));
    }

    #[test]
    fn percent_rejects_more_than_two_decimals() {
        assert_eq!(
            number(&percent(), "62.555%"),
            Err("Give a percentage with at most two decimals, for example 62.25%.".into())
        );
    }

    #[test]
    fn percent_rejects_text() {
        for s in ["abc", "%", "half", "50万", "1/2"] {
            assert_eq!(
                number(&percent(), s),
                Err("Enter a percentage, for example 62.5 or 62.5%.".into()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn percent_is_between_0_and_100_unless_declared() {
        assert_eq!(
            number(&percent(), "100.01"),
            Err("Must be at most 100%.".into())
        );
        assert_eq!(
            number(&percent(), "-1%"),
            Err("Must be at least 0%.".into())
        );
        let growth = fact(FactType::Percent, Some(-5_000), Some(50_000));
        assert_eq!(number(&growth, "250%"), Ok(25_000));
        assert_eq!(number(&growth, "-20%"), Ok(-2_000));
        assert_eq!(
            number(&growth, "500.5%"),
            Err("Must be at most 500%.".into())
        );
        assert_eq!(
            number(&growth, "-62.5%"),
            Err("Must be at least -50%.".into())
        );
    }

    #[test]
    fn counts_are_whole_numbers() {
        assert_eq!(number(&count(), "12"), Ok(12));
        assert_eq!(number(&count(), "1,200"), Ok(1_200));
        assert_eq!(number(&count(), "1.2万"), Ok(12_000));
        assert_eq!(
            number(&count(), "2.5"),
            Err("Enter a whole number: \"2.5\" has a fraction.".into())
        );
        assert_eq!(
            number(&count(), "five"),
            Err("Enter a whole number, for example 5.".into())
        );
        assert_eq!(
            number(&count(), "5元"),
            Err("Enter a whole number, for example 5.".into())
        );
        assert_eq!(number(&count(), "-1"), Err("Must be at least 0.".into()));
    }

    #[test]
    fn bools_choices_and_dates() {
        let yes_no = fact(FactType::Bool, None, None);
        assert_eq!(text(&yes_no, "yes"), Ok(Some(FactValue::Bool(true))));
        assert_eq!(text(&yes_no, "false"), Ok(Some(FactValue::Bool(false))));
        assert_eq!(
            parse_answer(&yes_no, &RawAnswer::Flag(true)),
            Ok(Some(FactValue::Bool(true)))
        );
        assert_eq!(text(&yes_no, "maybe"), Err("Choose yes or no.".into()));
        let one = choices(FactType::OneOf);
        assert_eq!(text(&one, "a"), Ok(Some(FactValue::Text("a".into()))));
        assert_eq!(text(&one, "c"), Err("Choose one of the options.".into()));
        let set = choices(FactType::SetOf);
        assert_eq!(
            parse_answer(&set, &RawAnswer::Choices(vec!["b".into(), "a".into()])),
            Ok(Some(FactValue::Set(["a".into(), "b".into()].into())))
        );
        assert_eq!(
            text(&set, "a"),
            Ok(Some(FactValue::Set(["a".into()].into())))
        );
        assert_eq!(
            parse_answer(&set, &RawAnswer::Choices(vec!["z".into()])),
            Err("\"z\" is not one of the choices.".into())
        );
        let date = fact(FactType::Date, None, None);
        assert_eq!(
            text(&date, "2020-06-30"),
            Ok(Some(FactValue::Text("2020-06-30".into())))
        );
        assert_eq!(
            text(&date, "30/06/2020"),
            Err("Enter a date as YYYY-MM-DD, for example 2020-06-30.".into())
        );
    }

    #[test]
    fn answers_of_the_wrong_shape_say_what_to_enter() {
        let flag = RawAnswer::Flag(true);
        let list = RawAnswer::Choices(vec!["a".into()]);
        assert_eq!(parse_answer(&money(), &flag), Err(MONEY_HINT.into()));
        assert_eq!(
            parse_answer(&choices(FactType::OneOf), &list),
            Err("Choose one of the options.".into())
        );
        assert_eq!(
            parse_answer(&choices(FactType::SetOf), &flag),
            Err("Choose from the options.".into())
        );
        assert_eq!(
            parse_answer(&fact(FactType::Bool, None, None), &list),
            Err("Choose yes or no.".into())
        );
    }

    #[test]
    fn shows_answers_in_their_normalised_form() {
        let shown = |def: &FactDef, s: &str| {
            let v = text(def, s).unwrap().unwrap();
            let again = show_answer(def, &v);
            assert_eq!(text(def, &again), Ok(Some(v)), "{again:?} reads back");
            again
        };
        assert_eq!(shown(&money(), "300万"), "3000000");
        assert_eq!(shown(&percent(), "62.50"), "62.5%");
        assert_eq!(shown(&percent(), "12.25"), "12.25%");
        assert_eq!(shown(&count(), "1,200"), "1200");
        assert_eq!(shown(&choices(FactType::SetOf), "a"), "a");
    }

    #[test]
    fn echoes_what_was_understood_when_it_differs() {
        assert_eq!(understood(&money(), "300万"), Some("3,000,000 yuan".into()));
        assert_eq!(
            understood(&money(), "4,000,000"),
            Some("4,000,000 yuan".into())
        );
        assert_eq!(understood(&money(), "4000000"), None);
        assert_eq!(understood(&money(), "abc"), None);
        assert_eq!(understood(&money(), ""), None);
        assert_eq!(understood(&percent(), "62.5"), Some("62.5%".into()));
        assert_eq!(understood(&percent(), "62.5%"), None);
        assert_eq!(understood(&count(), "1.2万"), Some("12000".into()));
        assert_eq!(understood(&choices(FactType::OneOf), "a"), None);
    }

    #[test]
    fn formats_percentages() {
        assert_eq!(format_percent(6250), "62.5%");
        assert_eq!(format_percent(1225), "12.25%");
        assert_eq!(format_percent(5000), "50%");
        assert_eq!(format_percent(5), "0.05%");
        assert_eq!(format_percent(-2050), "-20.5%");
        assert_eq!(
            describe_number(FactType::Money, 3_000_000),
            "3,000,000 yuan"
        );
        assert_eq!(describe_number(FactType::Percent, 6250), "62.5%");
        assert_eq!(describe_number(FactType::Count, 12), "12");
    }
}
