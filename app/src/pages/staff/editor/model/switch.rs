//! Switching a formula to another kind, keeping what still makes sense, and pointing it at the
//! facts of its scope.
use super::{entry_fields, formula_kind, new_tier};
use crate::policy::{FactType, Formula, Rate};
use crate::wire::editor::FactChoice;

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
