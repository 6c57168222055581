//! The editor's model: addressing parts of a measure's condition trees and formula by path, the
//! facts each part may read (a per_item formula's entry formula and entry condition read the
//! list's fields), and converting the text staff type into fact values, rates and amounts (and
//! back). Pure, so it is unit-tested (`tests.rs`) and runs the same in the browser.
mod comparison;
mod condition;
mod formula;
mod switch;
#[cfg(test)]
mod tests;

pub use comparison::*;
pub use condition::*;
pub use formula::*;
pub use switch::*;

use crate::policy::input::parse_number;
use crate::policy::{FactType, Rate};
use crate::wire::editor::FactChoice;
pub use crate::wire::facts_text::{
    fact_lines, fact_text, facts_text, items_text, parse_facts, parse_items, parse_value,
    sample_entry, value_text,
};

/// An element id from a prefix and a path: `cond-fact-0-1`.
pub fn path_id(prefix: &str, path: &[usize]) -> String {
    let mut s = prefix.to_string();
    for p in path {
        s.push('-');
        s.push_str(&p.to_string());
    }
    s
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

/// How a list fact is written in a facts text, for the help under it:
/// `projects = [{loss = 1000000, startup_stage = yes}, {...}]`.
pub fn list_example(list: &FactChoice) -> String {
    format!("{} = [{{{}}}, {{...}}]", list.name, sample_entry(list))
}
