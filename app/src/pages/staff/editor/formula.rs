//! The formula editor: every kind, with tiers nested (a per_item formula's list, entry formula
//! and entry condition are in `per_item.rs`).
use leptos::prelude::*;

use super::fields::{choices_of, ctx, SelectField, TextField, SMALL_BUTTON};
use super::formula_fields::{get_formula, money_field, set_formula};
use super::model::*;
use super::per_item::PerItemFields;
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::{FactType, Formula};

/// A formula kind's words in the reader's language (`model::FORMULA_KINDS` has them in
/// English).
fn kind_words(kind: &str) -> String {
    let i18n = use_i18n();
    match kind {
        "fixed" => t_string!(i18n, editor_kind_fixed),
        "up_to" => t_string!(i18n, editor_kind_up_to),
        "range" => t_string!(i18n, editor_kind_range),
        "rate" => t_string!(i18n, editor_kind_rate),
        "rate_range" => t_string!(i18n, editor_kind_rate_range),
        "per_unit" => t_string!(i18n, editor_kind_per_unit),
        "tiers" => t_string!(i18n, editor_kind_tiers),
        "per_item" => t_string!(i18n, editor_kind_per_item),
        "monthly" => t_string!(i18n, editor_kind_monthly),
        "non_monetary" => t_string!(i18n, editor_kind_non_monetary),
        other => other,
    }
    .to_string()
}

/// The formula at `path` (tiers and per_item nest formulas).
#[component]
pub fn FormulaEditor(
    /// Tier indexes (0 for a per_item's entry formula) from the measure's formula.
    path: Vec<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = ctx();
    let p = path.clone();
    let fshape = Memo::new(move |_| {
        c.measure
            .with(|m| formula_at(&m.formula, &p).map(formula_shape))
    });
    move || {
        let path = path.clone();
        let Some((kind, tiers)) = fshape.get() else {
            return ().into_any();
        };
        let kind_id = path_id("formula-kind", &path);
        let kp = path.clone();
        let field_prefix = path_id("formula", &path);
        let (kinds, messages) = c.measure.with_untracked(|m| {
            (
                kinds_at(&m.formula, &path),
                formula_messages_field(&m.formula, &path),
            )
        });
        view! {
            <div class="space-y-3" data-testid=field_prefix.clone()>
                <SelectField id=kind_id label=t_string!(i18n, editor_kind)
                    choices=kinds.iter().map(|(k, _)| (k.to_string(), kind_words(k))).collect()
                    selected=kind.to_string()
                    field=messages.unwrap_or_default()
                    apply=Callback::new(move |k: String| {
                        // Keeps what it can of the formula it replaces (see `switch_kind`).
                        let scope = c.formula_scope(&kp);
                        c.measure.update(|m| if let Some(slot) = formula_at_mut(&mut m.formula, &kp) { *slot = switch_kind(slot, &k, &scope); });
                    }) />
                <FormulaFields path=path.clone() kind tiers />
            </div>
        }
        .into_any()
    }
}

fn rate_field(path: &[usize], name: &'static str, label: &str) -> AnyView {
    let i18n = use_i18n();
    let p = path.to_vec();
    let initial = get_formula(path, |f| match (f, name) {
        (Formula::Rate { rate, .. }, "rate") => rate.to_string(),
        (Formula::RateRange { min_rate, .. }, "min_rate") => min_rate.to_string(),
        (Formula::RateRange { max_rate, .. }, "max_rate") => max_rate.to_string(),
        _ => String::new(),
    })
    .unwrap_or_default();
    view! {
        <TextField id=path_id(&format!("formula-{name}"), path) label=label.to_string() field=format!("formula.{name}") initial help=t_string!(i18n, editor_rate_help)
            apply=Callback::new(move |text: String| {
                let r = parse_rate(&text)?;
                set_formula(&p, |f| match (f, name) {
                    (Formula::Rate { rate, .. }, "rate") => *rate = r,
                    (Formula::RateRange { min_rate, .. }, "min_rate") => *min_rate = r,
                    (Formula::RateRange { max_rate, .. }, "max_rate") => *max_rate = r,
                    _ => {}
                });
                Ok(())
            }) />
    }
    .into_any()
}

/// A select of the facts the formula at `path` may read, of type `want` (any but a list when
/// `None`).
fn fact_field(path: &[usize], label: &str, want: Option<FactType>) -> AnyView {
    let p = path.to_vec();
    let selected = get_formula(path, |f| match f {
        Formula::Rate { base, .. } | Formula::RateRange { base, .. } => base.clone(),
        Formula::PerUnit { unit, .. } => unit.clone(),
        Formula::Tiers { by, .. } => by.clone(),
        _ => String::new(),
    })
    .unwrap_or_default();
    let scope = ctx().formula_scope(path);
    let choices = choices_of(&scope, |f| match want {
        Some(t) => f.fact_type == t,
        None => f.fact_type != FactType::List,
    });
    view! {
        <SelectField id=path_id("formula-fact", path) label=label.to_string() choices selected
            apply=Callback::new(move |name: String| set_formula(&p, |f| match f {
                Formula::Rate { base, .. } | Formula::RateRange { base, .. } => *base = name.clone(),
                Formula::PerUnit { unit, .. } => *unit = name.clone(),
                Formula::Tiers { by, .. } => *by = name.clone(),
                _ => {}
            })) />
    }
    .into_any()
}

fn months_field(path: &[usize]) -> AnyView {
    let i18n = use_i18n();
    let p = path.to_vec();
    let months_error = t_string!(i18n, editor_months_error);
    let initial = get_formula(path, |f| match f {
        Formula::Monthly { months, .. } | Formula::NonMonetary { months, .. } => {
            months.map(|m| m.to_string()).unwrap_or_default()
        }
        _ => String::new(),
    })
    .unwrap_or_default();
    view! {
        <TextField id=path_id("formula-months", path) label=t_string!(i18n, editor_months).to_string() field="formula.months" initial help=t_string!(i18n, editor_months_help)
            apply=Callback::new(move |text: String| {
                let v = parse_optional(&text, FactType::Count)?.map(|n| u32::try_from(n).map_err(|_| months_error.to_string())).transpose()?;
                set_formula(&p, |f| match f {
                    Formula::Monthly { months, .. } | Formula::NonMonetary { months, .. } => *months = v,
                    _ => {}
                });
                Ok(())
            }) />
    }
    .into_any()
}

#[component]
fn FormulaFields(
    /// Where the formula is.
    path: Vec<usize>,
    /// Its kind.
    kind: &'static str,
    /// Number of tiers (tiers only).
    tiers: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = &path;
    match kind {
        "fixed" => money_field(p, "amount", t_string!(i18n, editor_amount), false),
        "up_to" => money_field(p, "max", t_string!(i18n, editor_max), false),
        "range" => view! { {money_field(p, "min", t_string!(i18n, editor_min), false)} {money_field(p, "max", t_string!(i18n, editor_to), false)} }.into_any(),
        "rate" => view! {
            {rate_field(p, "rate", t_string!(i18n, editor_rate))}
            {fact_field(p, t_string!(i18n, editor_base), Some(FactType::Money))}
            {money_field(p, "cap", t_string!(i18n, editor_cap), true)}
            {money_field(p, "floor", t_string!(i18n, editor_floor), true)}
        }
        .into_any(),
        "rate_range" => view! {
            {rate_field(p, "min_rate", t_string!(i18n, editor_min_rate))}
            {rate_field(p, "max_rate", t_string!(i18n, editor_max_rate))}
            {fact_field(p, t_string!(i18n, editor_base), Some(FactType::Money))}
            {money_field(p, "cap", t_string!(i18n, editor_cap), true)}
        }
        .into_any(),
        "per_unit" => view! {
            {money_field(p, "amount", t_string!(i18n, editor_per_unit), false)}
            {fact_field(p, t_string!(i18n, editor_unit), Some(FactType::Count))}
            {money_field(p, "cap", t_string!(i18n, editor_cap), true)}
        }
        .into_any(),
        "monthly" => view! { {money_field(p, "per_month", t_string!(i18n, editor_per_month_amount), false)} {months_field(p)} }.into_any(),
        "non_monetary" => {
            let pp = path.clone();
            let initial = get_formula(p, |f| match f {
                Formula::NonMonetary { benefit, .. } => benefit.clone(),
                _ => String::new(),
            })
            .unwrap_or_default();
            view! {
                <TextField id=path_id("formula-benefit", p) label=t_string!(i18n, editor_benefit).to_string() field="formula.benefit" initial
                    apply=Callback::new(move |text: String| { set_formula(&pp, |f| if let Formula::NonMonetary { benefit, .. } = f { *benefit = text.clone(); }); Ok(()) }) />
                {months_field(p)}
            }
            .into_any()
        }
        "per_item" => view! { <PerItemFields path=path.clone() nested=nested_editor /> }.into_any(),
        "tiers" => view! {
            {fact_field(p, t_string!(i18n, editor_tiers_by), None)}
            {(0..tiers).map(|i| view! { <TierEditor path=path.clone() index=i /> }).collect_view()}
            <button type="button" class=SMALL_BUTTON on:click={
                let pp = path.clone();
                move |_| set_formula(&pp, |f| if let Formula::Tiers { tiers, .. } = f { tiers.push(new_tier()); })
            }>{t!(i18n, editor_add_tier)}</button>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn TierEditor(
    /// The tiers formula.
    path: Vec<usize>,
    /// Which tier.
    index: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let (when, at_least) = get_formula(&path, |f| match f {
        Formula::Tiers { tiers, .. } => tiers
            .get(index)
            .map(|t| {
                (
                    t.when.clone().unwrap_or_default(),
                    t.at_least.map(|a| a.to_string()).unwrap_or_default(),
                )
            })
            .unwrap_or_default(),
        _ => Default::default(),
    })
    .unwrap_or_default();
    let mut inner = path.clone();
    inner.push(index);
    let (p1, p2, p3) = (path.clone(), path.clone(), path.clone());
    view! {
        <fieldset class="rounded border border-slate-400 p-3">
            <legend class="px-1 font-medium">{t!(i18n, editor_tier_n, n = move || index + 1)}</legend>
            <TextField id=path_id("tier-when", &inner) label=t_string!(i18n, editor_tier_when).to_string() initial=when help=t_string!(i18n, editor_tier_when_help)
                apply=Callback::new(move |text: String| { set_formula(&p1, |f| if let Formula::Tiers { tiers, .. } = f { if let Some(t) = tiers.get_mut(index) { t.when = (!text.trim().is_empty()).then(|| text.trim().to_string()); } }); Ok(()) }) />
            <TextField id=path_id("tier-at-least", &inner) label=t_string!(i18n, editor_tier_at_least).to_string() initial=at_least
                apply=Callback::new(move |text: String| { let v = parse_optional(&text, FactType::Count)?; set_formula(&p2, |f| if let Formula::Tiers { tiers, .. } = f { if let Some(t) = tiers.get_mut(index) { t.at_least = v; } }); Ok(()) }) />
            <FormulaEditor path=inner />
            <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
                on:click=move |_| set_formula(&p3, |f| if let Formula::Tiers { tiers, .. } = f { if index < tiers.len() { tiers.remove(index); } })>
                {t!(i18n, editor_remove_tier)}
            </button>
        </fieldset>
    }
}

/// The editor of a formula nested in a per_item formula (handed to `PerItemFields`, so that
/// the per_item file does not import this one).
fn nested_editor(path: Vec<usize>) -> AnyView {
    view! { <FormulaEditor path /> }.into_any()
}
