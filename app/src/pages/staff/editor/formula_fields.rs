//! Reading and changing one formula of the measure being edited, and the field for one of its
//! amounts (shared by the formula editor and the per_item fields).
use leptos::prelude::*;

use super::fields::{ctx, TextField};
use super::model::*;
use crate::i18n::{t_string, use_i18n};
use crate::policy::{FactType, Formula};

/// Reads a value of the formula at `path`.
pub(super) fn get_formula<T>(path: &[usize], f: impl Fn(&Formula) -> T) -> Option<T> {
    ctx()
        .measure
        .with_untracked(|m| formula_at(&m.formula, path).map(f))
}

/// Changes the formula at `path`.
pub(super) fn set_formula(path: &[usize], f: impl Fn(&mut Formula)) {
    ctx().measure.update(|m| {
        if let Some(slot) = formula_at_mut(&mut m.formula, path) {
            f(slot)
        }
    })
}

/// A field for the amount `name` of the formula at `path`, in whole yuan.
pub(super) fn money_field(
    path: &[usize],
    name: &'static str,
    label: &str,
    optional: bool,
) -> AnyView {
    let i18n = use_i18n();
    let p = path.to_vec();
    let initial = get_formula(path, |f| amount_of(f, name).flatten())
        .flatten()
        .map(|v| v.to_string())
        .unwrap_or_default();
    // `formula.cap` is the cap of a per_item across its entries; inside its entry formula the
    // fields are `formula.each.cap` and so on.
    let field = ctx()
        .measure
        .with_untracked(|m| format!("{}.{name}", formula_field(&m.formula, path)));
    view! {
        <TextField id=path_id(&format!("formula-{name}"), path) label=label.to_string() field initial
            help=if optional { t_string!(i18n, editor_whole_yuan_optional) } else { t_string!(i18n, editor_whole_yuan) }
            apply=Callback::new(move |text: String| {
                let v = if optional { parse_optional(&text, FactType::Money)? } else { Some(parse_whole(&text)?) };
                set_formula(&p, |f| set_amount(f, name, v));
                Ok(())
            }) />
    }
    .into_any()
}

fn amount_of(f: &Formula, name: &str) -> Option<Option<i64>> {
    Some(match (f, name) {
        (Formula::Fixed { amount }, "amount") | (Formula::PerUnit { amount, .. }, "amount") => {
            Some(*amount)
        }
        (Formula::UpTo { max }, "max") | (Formula::Range { max, .. }, "max") => Some(*max),
        (Formula::Range { min, .. }, "min") => Some(*min),
        (Formula::Rate { cap, .. }, "cap")
        | (Formula::RateRange { cap, .. }, "cap")
        | (Formula::PerUnit { cap, .. }, "cap")
        | (Formula::PerItem { cap, .. }, "cap") => *cap,
        (Formula::Rate { floor, .. }, "floor") => *floor,
        (Formula::Monthly { per_month, .. }, "per_month") => Some(*per_month),
        _ => return None,
    })
}

fn set_amount(f: &mut Formula, name: &str, v: Option<i64>) {
    match (f, name) {
        (Formula::Fixed { amount }, "amount") | (Formula::PerUnit { amount, .. }, "amount") => {
            *amount = v.unwrap_or(0)
        }
        (Formula::UpTo { max }, "max") | (Formula::Range { max, .. }, "max") => {
            *max = v.unwrap_or(0)
        }
        (Formula::Range { min, .. }, "min") => *min = v.unwrap_or(0),
        (Formula::Rate { cap, .. }, "cap")
        | (Formula::RateRange { cap, .. }, "cap")
        | (Formula::PerUnit { cap, .. }, "cap")
        | (Formula::PerItem { cap, .. }, "cap") => *cap = v,
        (Formula::Rate { floor, .. }, "floor") => *floor = v,
        (Formula::Monthly { per_month, .. }, "per_month") => *per_month = v.unwrap_or(0),
        _ => {}
    }
}
