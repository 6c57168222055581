//! The editor's model: addressing parts of a measure's condition trees and formula by path, the
//! facts each part may read (a per_item formula's entry formula and entry condition read the
//! list's fields), and converting the text staff type into fact values, rates and amounts (and
//! back). Pure, so it is unit-tested here and runs the same in the browser.
use crate::policy::input::parse_number;
use crate::policy::{Comparison, Condition, FactType, FactValue, Formula, Measure, Op, Rate, Tier};
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

/// Which condition tree an editor part shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CondRoot {
    /// The measure's condition: who qualifies.
    #[default]
    Measure,
    /// The entry condition (`when`) of the per_item formula at this formula path: which entries
    /// of the list count. Its comparisons read the list's fields.
    Entries(Vec<usize>),
}

impl CondRoot {
    /// What element ids of this tree start with: `cond` or `when`.
    pub fn prefix(&self) -> String {
        match self {
            CondRoot::Measure => "cond".into(),
            CondRoot::Entries(path) => path_id("when", path),
        }
    }

    /// The loader's field for messages about this tree: `condition` or `formula.when`.
    pub fn field(&self, m: &Measure) -> String {
        match self {
            CondRoot::Measure => "condition".into(),
            CondRoot::Entries(path) => format!("{}.when", formula_field(&m.formula, path)),
        }
    }
}

/// The root of a condition tree (`None`: a per_item formula without an entry condition).
pub fn root_cond<'a>(m: &'a Measure, root: &CondRoot) -> Option<&'a Condition> {
    match root {
        CondRoot::Measure => Some(&m.condition),
        CondRoot::Entries(path) => match formula_at(&m.formula, path)? {
            Formula::PerItem { when, .. } => when.as_ref(),
            _ => None,
        },
    }
}

/// The root of a condition tree, for changing it.
pub fn root_cond_mut<'a>(m: &'a mut Measure, root: &CondRoot) -> Option<&'a mut Condition> {
    match root {
        CondRoot::Measure => Some(&mut m.condition),
        CondRoot::Entries(path) => match formula_at_mut(&mut m.formula, path)? {
            Formula::PerItem { when, .. } => when.as_mut(),
            _ => None,
        },
    }
}

/// The node at `path` of a condition tree.
pub fn node_at<'a>(m: &'a Measure, root: &CondRoot, path: &[usize]) -> Option<&'a Condition> {
    cond_at(root_cond(m, root)?, path)
}

/// The node at `path` of a condition tree, for changing it.
pub fn node_at_mut<'a>(
    m: &'a mut Measure,
    root: &CondRoot,
    path: &[usize],
) -> Option<&'a mut Condition> {
    cond_at_mut(root_cond_mut(m, root)?, path)
}

/// The facts the comparisons of a condition tree may read: the declared facts, or the fields
/// of the list whose entries the tree selects.
pub fn cond_scope(m: &Measure, root: &CondRoot, facts: &[FactChoice]) -> Vec<FactChoice> {
    match root {
        CondRoot::Measure => facts.to_vec(),
        CondRoot::Entries(path) => {
            let scope = scope_at(&m.formula, path, facts);
            match formula_at(&m.formula, path) {
                Some(Formula::PerItem { items, .. }) => entry_fields(items, &scope),
                _ => Vec::new(),
            }
        }
    }
}

/// The fields of the list fact `list` among `facts` (none when it is not a declared list).
pub fn entry_fields(list: &str, facts: &[FactChoice]) -> Vec<FactChoice> {
    facts
        .iter()
        .find(|f| f.name == list && f.fact_type == FactType::List)
        .map(|f| f.fields.clone())
        .unwrap_or_default()
}

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

/// Adds `part` to a group, or puts the node and `part` in an ALL group when the node is not
/// one (a lone comparison at the top of a tree).
pub fn add_beside(node: &mut Condition, part: Condition) {
    match node {
        Condition::All { all: parts } | Condition::Any { any: parts } => parts.push(part),
        other => {
            let first = std::mem::take(other);
            *other = Condition::All {
                all: vec![first, part],
            };
        }
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

/// The formula at `path`, outermost first: the index of a tier, or 0 for the entry formula
/// (`each`) of a per_item formula.
pub fn formula_at<'a>(f: &'a Formula, path: &[usize]) -> Option<&'a Formula> {
    let Some((first, rest)) = path.split_first() else {
        return Some(f);
    };
    match f {
        Formula::Tiers { tiers, .. } => formula_at(&tiers.get(*first)?.formula, rest),
        Formula::PerItem { each, .. } if *first == 0 => formula_at(each, rest),
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
        Formula::PerItem { each, .. } if *first == 0 => formula_at_mut(each, rest),
        _ => None,
    }
}

/// The formulas that contain the one at `path`, outermost first.
fn parents<'a>(root: &'a Formula, path: &[usize]) -> Vec<&'a Formula> {
    (0..path.len())
        .filter_map(|n| formula_at(root, &path[..n]))
        .collect()
}

/// The facts the formula at `path` may read: the declared facts, or inside a per_item formula
/// the fields of its list.
pub fn scope_at(root: &Formula, path: &[usize], facts: &[FactChoice]) -> Vec<FactChoice> {
    let mut scope = facts.to_vec();
    for parent in parents(root, path) {
        if let Formula::PerItem { items, .. } = parent {
            scope = entry_fields(items, &scope);
        }
    }
    scope
}

/// The loader's field for messages about the formula at `path`: `formula`, or `formula.each`
/// inside a per_item formula (tiers report under the formula that holds them).
pub fn formula_field(root: &Formula, path: &[usize]) -> String {
    let mut field = "formula".to_string();
    for parent in parents(root, path) {
        if matches!(parent, Formula::PerItem { .. }) {
            field.push_str(".each");
        }
    }
    field
}

/// Where the formula editor at `path` shows the loader's messages about the whole formula: at
/// the top and at the entry formula of a per_item (a tier's formula shares its tiers' field, so
/// the messages show once, above the tiers).
pub fn formula_messages_field(root: &Formula, path: &[usize]) -> Option<String> {
    let parent_is_per_item = matches!(parents(root, path).last(), Some(Formula::PerItem { .. }));
    (path.is_empty() || parent_is_per_item).then(|| formula_field(root, path))
}

/// Every formula kind with its words.
pub const FORMULA_KINDS: [(&str, &str); 10] = [
    ("fixed", "Fixed amount"),
    ("up_to", "Up to an amount"),
    ("range", "Range of amounts"),
    ("rate", "Rate × base, with cap and floor"),
    ("rate_range", "Range of rates × base"),
    ("per_unit", "Amount per unit"),
    ("tiers", "Tiers chosen by a fact"),
    (
        "per_item",
        "Per entry of a list (per project, per standard ...)",
    ),
    ("monthly", "Amount per month"),
    ("non_monetary", "Not money (service, rent-free months)"),
];

/// The kinds offered for the formula at `path`, as the loader allows them: per_item only at the
/// top, tiers not inside tiers, and only money inside a per_item (its entry formula must yield
/// an amount).
pub fn kinds_at(root: &Formula, path: &[usize]) -> Vec<(&'static str, &'static str)> {
    let parents = parents(root, path);
    let in_tiers = parents.iter().any(|p| matches!(p, Formula::Tiers { .. }));
    let in_each = parents.iter().any(|p| matches!(p, Formula::PerItem { .. }));
    FORMULA_KINDS
        .iter()
        .filter(|(k, _)| match *k {
            "per_item" => path.is_empty(),
            "tiers" => !in_tiers,
            "monthly" | "non_monetary" => !in_each,
            _ => true,
        })
        .copied()
        .collect()
}

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

/// A fresh formula of a kind over `facts`.
pub fn new_formula(kind: &str, facts: &[FactChoice]) -> Formula {
    switch_kind(&Formula::Fixed { amount: 0 }, kind, facts)
}

/// What a formula's figures are, to carry them into a formula of another kind.
#[derive(Default)]
struct Carry {
    amount: Option<i64>,
    min: Option<i64>,
    cap: Option<i64>,
    floor: Option<i64>,
    rate: Option<Rate>,
    min_rate: Option<Rate>,
    base: Option<String>,
    unit: Option<String>,
    per_month: Option<i64>,
    months: Option<u32>,
    benefit: Option<String>,
}

fn carry(f: &Formula) -> Carry {
    match f {
        Formula::Fixed { amount } | Formula::UpTo { max: amount } => Carry {
            amount: Some(*amount),
            ..Carry::default()
        },
        Formula::Range { min, max } => Carry {
            amount: Some(*max),
            min: Some(*min),
            ..Carry::default()
        },
        Formula::Rate {
            rate,
            base,
            cap,
            floor,
        } => Carry {
            rate: Some(*rate),
            base: Some(base.clone()),
            cap: *cap,
            floor: *floor,
            ..Carry::default()
        },
        Formula::RateRange {
            min_rate,
            max_rate,
            base,
            cap,
        } => Carry {
            rate: Some(*max_rate),
            min_rate: Some(*min_rate),
            base: Some(base.clone()),
            cap: *cap,
            ..Carry::default()
        },
        Formula::PerUnit { amount, unit, cap } => Carry {
            amount: Some(*amount),
            unit: Some(unit.clone()),
            cap: *cap,
            ..Carry::default()
        },
        Formula::Monthly { per_month, months } => Carry {
            per_month: Some(*per_month),
            months: *months,
            ..Carry::default()
        },
        Formula::NonMonetary { benefit, months } => Carry {
            benefit: Some(benefit.clone()),
            months: *months,
            ..Carry::default()
        },
        // What one entry is paid is the substance of a per_item formula.
        Formula::PerItem { each, .. } => carry(each),
        Formula::Tiers { .. } => Carry::default(),
    }
}

/// The first fact of a type among `facts`.
fn first_of(facts: &[FactChoice], t: FactType) -> String {
    facts
        .iter()
        .find(|f| f.fact_type == t)
        .map(|f| f.name.clone())
        .unwrap_or_default()
}

/// The first fact that can choose a tier (not a list).
fn first_tier_fact(facts: &[FactChoice]) -> String {
    facts
        .iter()
        .find(|f| f.fact_type != FactType::List)
        .map(|f| f.name.clone())
        .unwrap_or_default()
}

/// The formula `old` turned into a formula of `kind` over `facts`, keeping what still makes
/// sense: amounts, caps, the floor, rates, the base and unit facts where `facts` has them, the
/// months. Into per_item, the old formula becomes the entry formula (over the first list's
/// fields) when it yields money; out of per_item, the entry formula is what is kept.
pub fn switch_kind(old: &Formula, kind: &str, facts: &[FactChoice]) -> Formula {
    if formula_kind(old) == kind {
        let mut f = old.clone();
        retarget(&mut f, facts);
        return f;
    }
    let c = carry(old);
    let zero = || Rate::parse("0%").unwrap_or_else(|_| Rate::parse("1%").expect("valid rate"));
    let fits = |name: Option<String>, t: FactType| {
        name.filter(|n| facts.iter().any(|f| &f.name == n && f.fact_type == t))
            .unwrap_or_else(|| first_of(facts, t))
    };
    // The formula itself, or the entry formula of a per_item.
    let inner = match old {
        Formula::PerItem { each, .. } => each.as_ref(),
        other => other,
    };
    match kind {
        "up_to" => Formula::UpTo {
            max: c.amount.or(c.cap).unwrap_or(0),
        },
        "range" => Formula::Range {
            min: c.min.unwrap_or(0),
            max: c.amount.or(c.cap).unwrap_or(0),
        },
        "rate" => Formula::Rate {
            rate: c.rate.unwrap_or_else(zero),
            base: fits(c.base, FactType::Money),
            cap: c.cap,
            floor: c.floor,
        },
        "rate_range" => Formula::RateRange {
            min_rate: c.min_rate.unwrap_or_else(zero),
            max_rate: c.rate.unwrap_or_else(zero),
            base: fits(c.base, FactType::Money),
            cap: c.cap,
        },
        "per_unit" => Formula::PerUnit {
            amount: c.amount.unwrap_or(0),
            unit: fits(c.unit, FactType::Count),
            cap: c.cap,
        },
        "tiers" => {
            if let Formula::Tiers { .. } = inner {
                let mut f = inner.clone();
                retarget(&mut f, facts);
                return f;
            }
            let by = first_tier_fact(facts);
            let mut tier = new_tier();
            if !matches!(inner, Formula::Tiers { .. } | Formula::PerItem { .. }) {
                let mut f = inner.clone();
                retarget(&mut f, facts);
                tier.formula = Box::new(f);
            }
            Formula::Tiers {
                by,
                tiers: vec![tier],
            }
        }
        "per_item" => {
            let items = first_of(facts, FactType::List);
            let fields = entry_fields(&items, facts);
            let each = match inner {
                Formula::Monthly { .. } | Formula::NonMonetary { .. } | Formula::PerItem { .. } => {
                    Formula::Fixed {
                        amount: c.amount.unwrap_or(0),
                    }
                }
                other => {
                    let mut f = other.clone();
                    retarget(&mut f, &fields);
                    f
                }
            };
            Formula::PerItem {
                items,
                each: Box::new(each),
                cap: None,
                when: None,
            }
        }
        "monthly" => Formula::Monthly {
            per_month: c.per_month.unwrap_or(0),
            months: c.months,
        },
        "non_monetary" => Formula::NonMonetary {
            benefit: c.benefit.unwrap_or_default(),
            months: c.months,
        },
        _ => Formula::Fixed {
            amount: c.amount.unwrap_or(0),
        },
    }
}

/// Points the facts a formula reads at facts of `facts` where they are not among them (the
/// first fact of the right type), inside tiers and per_item too. A per_item formula's entry
/// condition is dropped when it reads fields its list does not have.
pub fn retarget(f: &mut Formula, facts: &[FactChoice]) {
    let has = |name: &str, ok: &dyn Fn(FactType) -> bool| {
        facts.iter().any(|f| f.name == name && ok(f.fact_type))
    };
    match f {
        Formula::Rate { base, .. } | Formula::RateRange { base, .. }
            if !has(base, &|t| t == FactType::Money) =>
        {
            *base = first_of(facts, FactType::Money);
        }
        Formula::PerUnit { unit, .. } if !has(unit, &|t| t == FactType::Count) => {
            *unit = first_of(facts, FactType::Count);
        }
        Formula::Tiers { by, tiers } => {
            if !has(by, &|t| t != FactType::List) {
                *by = first_tier_fact(facts);
            }
            for t in tiers {
                retarget(&mut t.formula, facts);
            }
        }
        Formula::PerItem {
            items, each, when, ..
        } => {
            if !has(items, &|t| t == FactType::List) {
                *items = first_of(facts, FactType::List);
            }
            let fields = entry_fields(items, facts);
            retarget(each, &fields);
            let fits = when.as_ref().is_none_or(|w| {
                w.comparisons()
                    .iter()
                    .all(|c| fields.iter().any(|f| f.name == c.fact))
            });
            if !fits {
                *when = None;
            }
        }
        _ => {}
    }
}

/// Chooses the list of a per_item formula; its entry formula and entry condition follow the
/// new list's fields (see [`retarget`]).
pub fn set_items(f: &mut Formula, list: &str, facts: &[FactChoice]) {
    if let Formula::PerItem { items, .. } = f {
        *items = list.to_string();
    }
    retarget(f, facts);
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
    use crate::policy::Facts;
    use std::collections::BTreeSet;

    fn choice(name: &str, t: FactType) -> FactChoice {
        FactChoice {
            name: name.into(),
            label: name.to_uppercase(),
            fact_type: t,
            options: vec![],
            item_label: None,
            fields: vec![],
        }
    }

    fn facts() -> Vec<FactChoice> {
        vec![
            FactChoice {
                label: "Cost".into(),
                ..choice("cost", FactType::Money)
            },
            FactChoice {
                label: "Won".into(),
                ..choice("won", FactType::Bool)
            },
        ]
    }

    /// `facts()` and two list facts, as the catalog of the engine's tests declares them.
    fn with_lists() -> Vec<FactChoice> {
        let level = FactChoice {
            options: vec![
                ("international".into(), "International standard".into()),
                ("national".into(), "National standard".into()),
            ],
            ..choice("level", FactType::OneOf)
        };
        let mut all = facts();
        all.push(FactChoice {
            label: "Projects with a loss".into(),
            item_label: Some("project".into()),
            fields: vec![
                choice("loss", FactType::Money),
                choice("startup_stage", FactType::Bool),
            ],
            ..choice("projects", FactType::List)
        });
        all.push(FactChoice {
            item_label: Some("standard".into()),
            fields: vec![level],
            ..choice("standards_led", FactType::List)
        });
        all
    }

    fn project(loss: i64, startup: bool) -> Facts {
        [
            ("loss".to_string(), FactValue::Number(loss)),
            ("startup_stage".to_string(), FactValue::Bool(startup)),
        ]
        .into()
    }

    /// Program 6 item 6 of the 2014 Eight Programs (see `policy::per_item_tests`).
    fn risk_compensation() -> Formula {
        Formula::PerItem {
            items: "projects".into(),
            each: Box::new(Formula::RateRange {
                min_rate: Rate::from_bp(0),
                max_rate: Rate::from_bp(3000),
                base: "loss".into(),
                cap: Some(1_000_000),
            }),
            cap: Some(3_000_000),
            when: Some(Condition::Compare(Comparison {
                fact: "startup_stage".into(),
                op: Op::Eq,
                value: FactValue::Bool(true),
            })),
        }
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
        let share = FactChoice {
            label: "Share".into(),
            ..choice("share", FactType::Percent)
        };
        assert_eq!(
            parse_value(Some(&f[0]), Op::Ge, "140万"),
            Ok(FactValue::Number(1_400_000))
        );
        assert_eq!(
            parse_value(Some(&share), Op::Gt, "62.5%"),
            Ok(FactValue::Number(6_250))
        );
        assert_eq!(
            parse_value(Some(&share), Op::Gt, "62.555"),
            Err("Give a percentage with at most two decimals, for example 62.25%.".into())
        );
        let with_share: Vec<FactChoice> = f.iter().cloned().chain([share]).collect();
        let parsed = parse_facts("cost = 140万\nwon = yes\nshare = 62.5", &with_share).unwrap();
        assert_eq!(
            facts_text(&parsed, &with_share),
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
    fn list_facts_take_their_entries_in_brackets() {
        let f = with_lists();
        let parsed = parse_facts(
            "cost = 10\nprojects = [{loss = 5,000,000, startup_stage = yes}, {loss = 2000000; startup_stage = no}]",
            &f,
        )
        .unwrap();
        assert_eq!(
            parsed["projects"],
            FactValue::Items(vec![project(5_000_000, true), project(2_000_000, false)])
        );
        // Shown back the same way, and read again to the same facts.
        let text = facts_text(&parsed, &f);
        assert_eq!(
            text,
            "cost = 10\nprojects = [{loss = 5000000, startup_stage = yes}, {loss = 2000000, startup_stage = no}]"
        );
        assert_eq!(parse_facts(&text, &f), Ok(parsed));
        // A catalog line pastes as it is: TOML booleans, quoted text, spaces, a trailing comma.
        let toml = parse_facts(
            "projects = [ { loss = 4000000, startup_stage = true }, ]\nstandards_led = [{ level = \"national\" }, {level = international}]",
            &f,
        )
        .unwrap();
        assert_eq!(
            toml["projects"],
            FactValue::Items(vec![project(4_000_000, true)])
        );
        assert_eq!(
            value_text(None, &toml["standards_led"]),
            "[{level = national}, {level = international}]"
        );
        // No entries.
        let none = parse_facts("projects = []", &f).unwrap();
        assert_eq!(none["projects"], FactValue::Items(vec![]));
        // An empty JSON array comes back from the server as an empty set: still a list.
        let stored: Facts = [("projects".to_string(), FactValue::Set(BTreeSet::new()))].into();
        assert_eq!(facts_text(&stored, &f), "projects = []");
    }

    #[test]
    fn a_list_may_go_on_over_several_lines() {
        let f = with_lists();
        let text = "won = no\nprojects = [\n  {loss = 1, startup_stage = yes},\n\n  {loss = 2, startup_stage = no},\n]\ncost = 3";
        assert_eq!(
            fact_lines(text),
            vec![
                (1, "won = no".to_string()),
                (
                    2,
                    "projects = [ {loss = 1, startup_stage = yes},  {loss = 2, startup_stage = no}, ]"
                        .to_string()
                ),
                (7, "cost = 3".to_string()),
            ]
        );
        let parsed = parse_facts(text, &f).unwrap();
        assert_eq!(parsed.len(), 3);
        assert_eq!(
            parsed["projects"],
            FactValue::Items(vec![project(1, true), project(2, false)])
        );
    }

    #[test]
    fn list_mistakes_name_the_line_the_entry_and_the_field() {
        let f = with_lists();
        let err = |text: &str| parse_facts(text, &f).unwrap_err();
        assert_eq!(
            err("cost = 1\nprojects = [{loss = 5, startup_stage = maybe}]"),
            "line 2: project 1: startup_stage: answer yes or no"
        );
        assert_eq!(
            err("projects = [{loss = 5, startup_stage = yes}, {loss = 5}]"),
            "line 1: project 2: STARTUP_STAGE (startup_stage) is missing"
        );
        assert_eq!(
            err("projects = [{loss = 5, colour = red, startup_stage = yes}]"),
            "line 1: project 1: colour is not a field of a project (fields: loss, startup_stage)"
        );
        assert_eq!(
            err("projects = [{loss = 5, loss = 6, startup_stage = yes}]"),
            "line 1: project 1: loss is given twice"
        );
        assert_eq!(
            err("projects = [{loss = 5, startup_stage = yes]"),
            "line 1: project 1: close the entry with }"
        );
        assert_eq!(
            err("projects = 2"),
            "line 1: write the projects in brackets, each in braces: [{loss = 1000000, startup_stage = yes}, {...}], or [] for none"
        );
        assert_eq!(
            list_example(&f[3]),
            "standards_led = [{level = international}, {...}]"
        );
    }

    #[test]
    fn a_comparison_on_a_list_counts_its_entries() {
        let f = with_lists();
        let projects = &f[2];
        assert_eq!(
            fact_option_label(projects),
            "Projects with a loss: number of projects (projects)"
        );
        assert_eq!(fact_option_label(&f[0]), "Cost (cost)");
        assert_eq!(value_label(Some(projects)), "Number of projects");
        assert_eq!(value_label(Some(&f[0])), "Value");
        assert_eq!(
            parse_value(Some(projects), Op::Ge, "2"),
            Ok(FactValue::Number(2))
        );
        assert_eq!(
            parse_value(Some(projects), Op::Ge, "two"),
            Err("enter a whole number of projects, such as 2".into())
        );
        assert!(parse_value(Some(projects), Op::Eq, "-1").is_err());
        let ops: Vec<Op> = ops_for(Some(FactType::List)).iter().map(|o| o.0).collect();
        assert_eq!(ops, [Op::Eq, Op::Ne, Op::Ge, Op::Gt, Op::Le, Op::Lt]);
        assert_eq!(ops_for(Some(FactType::SetOf)).len(), OPS.len());
        // Pointing an "is one of" comparison at a list: a number of entries, tested with "is".
        let mut cmp = Comparison {
            fact: "cost".into(),
            op: Op::In,
            value: FactValue::Set(BTreeSet::new()),
        };
        retype_comparison(&mut cmp, Some(projects));
        assert_eq!(
            (cmp.fact.as_str(), cmp.op, &cmp.value),
            ("projects", Op::Eq, &FactValue::Number(0))
        );
        cmp.op = Op::Ge;
        retype_comparison(&mut cmp, Some(&f[0]));
        assert_eq!(cmp.op, Op::Ge, "a test the new fact offers is kept");
    }

    #[test]
    fn formulas_are_addressed_through_tiers() {
        let mut f = new_formula("tiers", &facts());
        assert_eq!(formula_shape(&f), ("tiers", 1));
        *formula_at_mut(&mut f, &[0]).unwrap() = new_formula("rate", &facts());
        assert_eq!(formula_kind(formula_at(&f, &[0]).unwrap()), "rate");
        for (kind, _) in FORMULA_KINDS {
            assert_eq!(formula_kind(&new_formula(kind, &with_lists())), kind);
        }
    }

    #[test]
    fn a_per_item_formula_nests_its_entry_formula_over_the_lists_fields() {
        let f = with_lists();
        let mut per_item = risk_compensation();
        assert_eq!(
            formula_kind(formula_at(&per_item, &[0]).unwrap()),
            "rate_range"
        );
        assert!(formula_at(&per_item, &[1]).is_none());
        let names = |v: Vec<FactChoice>| v.into_iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(names(scope_at(&per_item, &[], &f)).len(), 4);
        assert_eq!(
            names(scope_at(&per_item, &[0], &f)),
            ["loss", "startup_stage"]
        );
        // The loader's fields: messages about the entry formula show above it, once.
        assert_eq!(formula_field(&per_item, &[]), "formula");
        assert_eq!(formula_field(&per_item, &[0]), "formula.each");
        assert_eq!(
            formula_messages_field(&per_item, &[0]).as_deref(),
            Some("formula.each")
        );
        // The kinds offered: per_item only at the top; in an entry, money only, tiers allowed;
        // in a tier of an entry, no more tiers.
        let kinds =
            |f: &Formula, path: &[usize]| kinds_at(f, path).iter().map(|k| k.0).collect::<Vec<_>>();
        assert_eq!(kinds(&per_item, &[]).len(), FORMULA_KINDS.len());
        assert_eq!(
            kinds(&per_item, &[0]),
            [
                "fixed",
                "up_to",
                "range",
                "rate",
                "rate_range",
                "per_unit",
                "tiers"
            ]
        );
        *formula_at_mut(&mut per_item, &[0]).unwrap() = new_formula("tiers", &f[2].fields);
        assert_eq!(
            kinds(&per_item, &[0, 0]),
            ["fixed", "up_to", "range", "rate", "rate_range", "per_unit"]
        );
        assert_eq!(formula_field(&per_item, &[0, 0]), "formula.each");
        assert_eq!(formula_messages_field(&per_item, &[0, 0]), None);
        let tiers = new_formula("tiers", &f);
        assert!(!kinds(&tiers, &[0]).contains(&"per_item"));
        assert!(!kinds(&tiers, &[0]).contains(&"tiers"));
        assert!(kinds(&tiers, &[0]).contains(&"monthly"));
    }

    #[test]
    fn switching_kind_keeps_what_it_can() {
        let f = with_lists();
        let rate = Formula::Rate {
            rate: Rate::from_bp(5000),
            base: "cost".into(),
            cap: Some(500_000),
            floor: None,
        };
        // Into per_item: the old formula is what one entry gets, over the list's fields.
        let per_item = switch_kind(&rate, "per_item", &f);
        assert_eq!(
            per_item,
            Formula::PerItem {
                items: "projects".into(),
                each: Box::new(Formula::Rate {
                    rate: Rate::from_bp(5000),
                    base: "loss".into(),
                    cap: Some(500_000),
                    floor: None,
                }),
                cap: None,
                when: None,
            }
        );
        // Out of per_item: the entry formula, over the applicant's facts again.
        let back = switch_kind(&risk_compensation(), "rate_range", &f);
        assert_eq!(
            back,
            Formula::RateRange {
                min_rate: Rate::from_bp(0),
                max_rate: Rate::from_bp(3000),
                base: "cost".into(),
                cap: Some(1_000_000),
            }
        );
        assert_eq!(
            switch_kind(&rate, "up_to", &f),
            Formula::UpTo { max: 500_000 }
        );
        assert_eq!(
            switch_kind(&back, "rate", &f),
            Formula::Rate {
                rate: Rate::from_bp(3000),
                base: "cost".into(),
                cap: Some(1_000_000),
                floor: None,
            }
        );
        // Something that is not money is no entry formula: a fixed amount to fill in.
        let monthly = Formula::Monthly {
            per_month: 2000,
            months: Some(12),
        };
        match switch_kind(&monthly, "per_item", &f) {
            Formula::PerItem { each, .. } => assert_eq!(*each, Formula::Fixed { amount: 0 }),
            other => panic!("{other:?}"),
        }
        // A fixed amount becomes the first tier.
        match switch_kind(&Formula::Fixed { amount: 7 }, "tiers", &f) {
            Formula::Tiers { by, tiers } => {
                assert_eq!(by, "cost");
                assert_eq!(*tiers[0].formula, Formula::Fixed { amount: 7 });
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn choosing_another_list_follows_its_fields() {
        let f = with_lists();
        let mut per_item = risk_compensation();
        set_items(&mut per_item, "standards_led", &f);
        match &per_item {
            Formula::PerItem {
                items, each, when, ..
            } => {
                assert_eq!(items, "standards_led");
                // No money field: the base is left empty for the loader to point out.
                assert!(
                    matches!(each.as_ref(), Formula::RateRange { base, .. } if base.is_empty())
                );
                assert_eq!(*when, None, "startup_stage is no field of a standard");
            }
            other => panic!("{other:?}"),
        }
        // The same list again keeps the entry condition.
        let mut same = risk_compensation();
        set_items(&mut same, "projects", &f);
        assert_eq!(same, risk_compensation());
    }

    fn measure() -> Measure {
        use crate::policy::*;
        Measure {
            id: "nwf-2019-1.m".into(),
            title: "T".into(),
            summary: "S".into(),
            category: Category::EnterpriseGrowth,
            beneficiary: Beneficiary::Enterprise,
            also_for: Vec::new(),
            support: SupportType::CashAward,
            region: Region::Nanjing,
            citation: Citation {
                doc: "nwf-2019-1".into(),
                item: "1".into(),
                quote: "q".into(),
            },
            condition: Condition::default(),
            formula: Formula::Fixed { amount: 1 },
            frequency: Default::default(),
            effective_from: Date::parse("2019-01-01").expect("date"),
            expires_on: None,
            validity_stated: false,
            status: Status::Draft,
            version: 1,
            information_only: false,
            interpretation: None,
            examples: Vec::new(),
        }
    }

    #[test]
    fn the_entry_condition_is_a_condition_tree_of_its_own() {
        let f = with_lists();
        let mut m = measure();
        m.formula = risk_compensation();
        let root = CondRoot::Entries(vec![]);
        assert_eq!(root.prefix(), "when");
        assert_eq!(root.field(&m), "formula.when");
        assert_eq!(CondRoot::Measure.field(&m), "condition");
        assert_eq!(node_at(&m, &root, &[]).map(shape), Some(NodeShape::Compare));
        let scope = cond_scope(&m, &root, &f);
        assert_eq!(scope.len(), 2);
        assert_eq!(cond_scope(&m, &CondRoot::Measure, &f).len(), 4);
        // Wrapped into a group, a second comparison goes next to the first.
        if let Some(node) = root_cond_mut(&mut m, &root) {
            add_beside(node, new_comparison(&scope));
        }
        assert_eq!(node_at(&m, &root, &[]).map(shape), Some(NodeShape::All(2)));
        assert_eq!(
            node_at(&m, &root, &[1]),
            Some(&Condition::Compare(Comparison {
                fact: "loss".into(),
                op: Op::Eq,
                value: FactValue::Number(0),
            }))
        );
        if let Some(Condition::Compare(c)) = node_at_mut(&mut m, &root, &[1]) {
            c.op = Op::Ge;
        }
        assert!(matches!(node_at(&m, &root, &[1]), Some(Condition::Compare(c)) if c.op == Op::Ge));
        assert_eq!(
            m.condition,
            Condition::default(),
            "the measure's own is untouched"
        );
        // Without an entry condition there is no tree.
        if let Formula::PerItem { when, .. } = &mut m.formula {
            *when = None;
        }
        assert!(node_at(&m, &root, &[]).is_none());
    }
}
