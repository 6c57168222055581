//! Formulas by path: the formula at a path (through tiers and a per_item's entry formula), the
//! facts it may read, the loader's field for it and the kinds offered there.
use super::{entry_fields, switch_kind};
use crate::policy::{Formula, Tier};
use crate::wire::editor::FactChoice;

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
