//! Pieces of the measure editor: text fields that keep what staff type, the structured
//! condition editor (all/any/not groups and comparisons over declared facts), the formula editor
//! (every kind, tiers nested) and the worked examples.
//!
//! Every part reads and writes one `RwSignal<Measure>`. A part is redrawn only when the
//! structure it shows changes (see `edit_model::NodeShape`), so typing never loses focus.
use leptos::prelude::*;

use super::edit_model::*;
use crate::api::editor::FactChoice;
use crate::api::errors::FieldError;
use crate::policy::{Example, FactType, Formula, Measure};

/// What every editor part shares.
#[derive(Clone, Copy)]
pub struct EditorCtx {
    /// The measure being edited.
    pub measure: RwSignal<Measure>,
    /// Declared facts.
    pub facts: StoredValue<Vec<FactChoice>>,
    /// The loader's messages from the last validation.
    pub errors: RwSignal<Vec<FieldError>>,
}

impl EditorCtx {
    fn fact(&self, name: &str) -> Option<FactChoice> {
        self.facts
            .with_value(|f| f.iter().find(|f| f.name == name).cloned())
    }

    fn error_for(&self, field: &str) -> Option<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .filter(|e| e.field == field)
                .map(|e| e.message.clone())
                .reduce(|a, b| format!("{a}; {b}"))
        })
    }
}

fn ctx() -> EditorCtx {
    expect_context::<EditorCtx>()
}

const INPUT: &str = "mt-1 w-full rounded border border-slate-500 px-3 py-2";
const SMALL_BUTTON: &str =
    "rounded border border-blue-800 px-2 py-1 text-sm text-blue-800 hover:bg-blue-50";

/// A labelled text field. `apply` stores the text in the measure or says why it cannot; the
/// text stays as typed either way, with the message next to it.
#[component]
pub fn TextField(
    /// Element id (also the anchor of error links).
    id: String,
    /// Visible label.
    label: String,
    /// Loader field path whose messages show here.
    #[prop(optional, into)]
    field: String,
    /// Text to start with.
    initial: String,
    /// Stores the text; `Err` is shown.
    apply: Callback<String, Result<(), String>>,
    /// A multi-line field.
    #[prop(optional)]
    multiline: bool,
    /// Help under the label.
    #[prop(optional, into)]
    help: String,
) -> impl IntoView {
    let c = ctx();
    let text = RwSignal::new(initial);
    let local = RwSignal::new(None::<String>);
    let message = Signal::derive(move || local.get().or_else(|| c.error_for(&field)));
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = {
        let mut d = Vec::new();
        if !help.is_empty() {
            d.push(help_id.clone());
        }
        d.push(error_id.clone());
        d.join(" ")
    };
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        text.set(v.clone());
        local.set(apply.run(v).err());
    };
    let invalid = move || message.get().is_some().to_string();
    view! {
        <div>
            <label for=id.clone() class="block font-medium">{label}</label>
            {(!help.is_empty()).then(|| view! { <p id=help_id class="text-sm text-slate-700">{help.clone()}</p> })}
            {if multiline {
                view! { <textarea id=id.clone() rows="4" class=INPUT aria-describedby=described.clone() aria-invalid=invalid prop:value=move || text.get() on:input=on_input></textarea> }.into_any()
            } else {
                view! { <input id=id.clone() type="text" class=INPUT aria-describedby=described.clone() aria-invalid=invalid prop:value=move || text.get() on:input=on_input /> }.into_any()
            }}
            <p id=error_id class="text-sm font-medium text-red-800" aria-live="polite">{message}</p>
        </div>
    }
}

/// A labelled select of `(value, label)` choices.
#[component]
pub fn SelectField(
    /// Element id.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// Choices as `(value, label)`.
    choices: Vec<(String, String)>,
    /// The value selected at first.
    #[prop(into)]
    selected: String,
    /// Stores the chosen value.
    apply: Callback<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id.clone() class="block font-medium">{label}</label>
            <select id=id class=INPUT on:change=move |ev| apply.run(event_target_value(&ev))>
                {choices.into_iter().map(|(v, l)| {
                    let sel = v == selected;
                    view! { <option value=v selected=sel>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn path_id(prefix: &str, path: &[usize]) -> String {
    let mut s = prefix.to_string();
    for p in path {
        s.push('-');
        s.push_str(&p.to_string());
    }
    s
}

fn fact_choices(filter: impl Fn(&FactChoice) -> bool) -> Vec<(String, String)> {
    ctx().facts.with_value(|f| {
        f.iter()
            .filter(|f| filter(f))
            .map(|f| (f.name.clone(), format!("{} ({})", f.label, f.name)))
            .collect()
    })
}

/// One node of the condition tree, and its children.
#[component]
pub fn ConditionNode(
    /// Child indexes from the root.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    let p = path.clone();
    let node_shape = Memo::new(move |_| c.measure.with(|m| cond_at(&m.condition, &p).map(shape)));
    move || {
        let path = path.clone();
        match node_shape.get() {
            None => ().into_any(),
            Some(NodeShape::Compare) => view! { <ComparisonRow path /> }.into_any(),
            Some(NodeShape::Not) => {
                let mut child = path.clone();
                child.push(0);
                view! {
                    <fieldset class="mt-2 rounded border border-slate-400 p-3">
                        <legend class="px-1 font-medium">"NOT — the part below must not hold"</legend>
                        <ConditionNode path=child />
                        <RemoveButton path=path.clone() />
                    </fieldset>
                }
                .into_any()
            }
            Some(NodeShape::All(n)) | Some(NodeShape::Any(n)) => {
                let any = matches!(node_shape.get_untracked(), Some(NodeShape::Any(_)));
                let legend = if any {
                    "ANY of these holds"
                } else {
                    "ALL of these hold"
                };
                let group_id = path_id("cond-kind", &path);
                let kind_path = path.clone();
                view! {
                    <fieldset class="mt-2 rounded border border-slate-400 p-3" data-testid=path_id("cond-group", &path)>
                        <legend class="px-1 font-medium">{legend}</legend>
                        <label class="text-sm" for=group_id.clone()>"Group type "</label>
                        <select id=group_id class="rounded border border-slate-500 px-2 py-1 text-sm" on:change=move |ev| {
                            let to_any = event_target_value(&ev) == "any";
                            c.measure.update(|m| {
                                if let Some(node) = cond_at_mut(&mut m.condition, &kind_path) {
                                    let parts = match std::mem::take(node) {
                                        crate::policy::Condition::All { all } => all,
                                        crate::policy::Condition::Any { any } => any,
                                        other => vec![other],
                                    };
                                    *node = if to_any { crate::policy::Condition::Any { any: parts } } else { crate::policy::Condition::All { all: parts } };
                                }
                            });
                        }>
                            <option value="all" selected=!any>"all (and)"</option>
                            <option value="any" selected=any>"any (or)"</option>
                        </select>
                        {(n == 0).then(|| view! { <p class="mt-2 text-sm text-slate-700">"Empty: always holds."</p> })}
                        {(0..n).map(|i| {
                            let mut child = path.clone();
                            child.push(i);
                            view! { <ConditionNode path=child /> }
                        }).collect_view()}
                        <AddButtons path=path.clone() />
                        {(!path.is_empty()).then(|| view! { <RemoveButton path=path.clone() /> })}
                    </fieldset>
                }
                .into_any()
            }
        }
    }
}

#[component]
fn AddButtons(
    /// The group to add to.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    let add = move |path: Vec<usize>, node: crate::policy::Condition| {
        c.measure.update(|m| {
            if let Some(
                crate::policy::Condition::All { all: parts }
                | crate::policy::Condition::Any { any: parts },
            ) = cond_at_mut(&mut m.condition, &path)
            {
                parts.push(node);
            }
        })
    };
    let (p1, p2, p3) = (path.clone(), path.clone(), path.clone());
    view! {
        <div class="mt-2 flex flex-wrap gap-2">
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(p1.clone(), c.facts.with_value(|f| new_comparison(f)))>"+ Comparison"</button>
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(p2.clone(), crate::policy::Condition::Any { any: Vec::new() })>"+ Group"</button>
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(p3.clone(), crate::policy::Condition::Not { not: Box::new(crate::policy::Condition::default()) })>"+ NOT"</button>
        </div>
    }
}

#[component]
fn RemoveButton(
    /// The node to remove.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    view! {
        <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
            on:click=move |_| c.measure.update(|m| remove_at(&mut m.condition, &path))>
            "Remove"
        </button>
    }
}

/// `fact op value`.
#[component]
fn ComparisonRow(
    /// Where the comparison is.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    let read = {
        let path = path.clone();
        move || {
            c.measure
                .with_untracked(|m| match cond_at(&m.condition, &path) {
                    Some(crate::policy::Condition::Compare(cmp)) => Some(cmp.clone()),
                    _ => None,
                })
        }
    };
    let Some(cmp) = read() else {
        return ().into_any();
    };
    let write = {
        let path = path.clone();
        move |f: &dyn Fn(&mut crate::policy::Comparison)| {
            c.measure.update(|m| {
                if let Some(crate::policy::Condition::Compare(cmp)) =
                    cond_at_mut(&mut m.condition, &path)
                {
                    f(cmp);
                }
            })
        }
    };
    let fact_name = RwSignal::new(cmp.fact.clone());
    let op = RwSignal::new(cmp.op);
    let fact_id = path_id("cond-fact", &path);
    let op_id = path_id("cond-op", &path);
    let value_id = path_id("cond-value", &path);
    let w1 = write.clone();
    let w2 = write.clone();
    let w3 = write.clone();
    let value_text_initial = value_text(c.fact(&cmp.fact).as_ref(), &cmp.value);
    let facts = fact_choices(|_| true);
    let current_fact = cmp.fact.clone();
    view! {
        <div class="mt-2 grid gap-2 rounded bg-slate-100 p-2 md:grid-cols-3" data-testid=path_id("cond-compare", &path)>
            <div>
                <label for=fact_id.clone() class="block text-sm font-medium">"Fact"</label>
                <select id=fact_id class=INPUT on:change=move |ev| {
                    let name = event_target_value(&ev);
                    let t = c.fact(&name).map(|f| f.fact_type).unwrap_or(FactType::Bool);
                    fact_name.set(name.clone());
                    w1(&|cmp| { cmp.fact = name.clone(); cmp.value = default_value(t); });
                }>
                    {facts.into_iter().map(|(v, l)| { let sel = v == current_fact; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                </select>
            </div>
            <div>
                <label for=op_id.clone() class="block text-sm font-medium">"Test"</label>
                <select id=op_id class=INPUT on:change=move |ev| {
                    if let Some(o) = op_from_slug(&event_target_value(&ev)) {
                        op.set(o);
                        w2(&|cmp| cmp.op = o);
                    }
                }>
                    {OPS.iter().map(|(o, words)| { let sel = *o == cmp.op; view! { <option value=op_slug(*o) selected=sel>{*words}</option> } }).collect_view()}
                </select>
            </div>
            {move || {
                let fact = c.fact(&fact_name.get());
                let hint = match fact.as_ref().map(|f| f.fact_type) {
                    Some(FactType::Bool) => "yes or no".to_string(),
                    Some(FactType::OneOf | FactType::SetOf) => format!(
                        "one of: {}",
                        fact.as_ref().map(|f| f.options.iter().map(|o| o.0.clone()).collect::<Vec<_>>().join(", ")).unwrap_or_default()
                    ),
                    Some(FactType::Date) => "YYYY-MM-DD".into(),
                    Some(FactType::Money) => "an amount in yuan, such as 500000, 500,000 or 50万".into(),
                    Some(FactType::Percent) => "a percentage, such as 62.5%".into(),
                    _ => "a whole number".into(),
                };
                let w3 = w3.clone();
                let initial = c.measure.with_untracked(|_| value_text_initial.clone());
                view! {
                    <TextField id=value_id.clone() label="Value".to_string() help=hint initial
                        apply=Callback::new(move |text: String| {
                            let fact = c.fact(&fact_name.get_untracked());
                            let v = parse_value(fact.as_ref(), op.get_untracked(), &text)?;
                            w3(&|cmp| cmp.value = v.clone());
                            Ok(())
                        }) />
                }
            }}
            <div class="md:col-span-3"><RemoveButton path=path.clone() /></div>
        </div>
    }
    .into_any()
}

/// The formula at `path` (tiers nest formulas).
#[component]
pub fn FormulaEditor(
    /// Tier indexes from the measure's formula.
    path: Vec<usize>,
) -> impl IntoView {
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
        view! {
            <div class="space-y-3" data-testid=field_prefix.clone()>
                <SelectField id=kind_id label="Kind of benefit".to_string()
                    choices=FORMULA_KINDS.iter().filter(|(k, _)| path.is_empty() || *k != "tiers").map(|(k, l)| (k.to_string(), l.to_string())).collect()
                    selected=kind.to_string()
                    apply=Callback::new(move |k: String| {
                        let f = c.facts.with_value(|facts| new_formula(&k, facts));
                        c.measure.update(|m| if let Some(slot) = formula_at_mut(&mut m.formula, &kp) { *slot = f.clone(); });
                    }) />
                <FormulaFields path=path.clone() kind tiers />
            </div>
        }
        .into_any()
    }
}

/// Reads a value of the formula at `path`.
fn get_formula<T>(path: &[usize], f: impl Fn(&Formula) -> T) -> Option<T> {
    ctx()
        .measure
        .with_untracked(|m| formula_at(&m.formula, path).map(f))
}

/// Changes the formula at `path`.
fn set_formula(path: &[usize], f: impl Fn(&mut Formula)) {
    ctx().measure.update(|m| {
        if let Some(slot) = formula_at_mut(&mut m.formula, path) {
            f(slot)
        }
    })
}

fn money_field(path: &[usize], name: &'static str, label: &str, optional: bool) -> AnyView {
    let p = path.to_vec();
    let initial = get_formula(path, |f| amount_of(f, name).flatten())
        .flatten()
        .map(|v| v.to_string())
        .unwrap_or_default();
    let field = format!("formula.{name}");
    view! {
        <TextField id=path_id(&format!("formula-{name}"), path) label=label.to_string() field initial
            help=if optional { "Whole yuan; leave empty if the text states none." } else { "Whole yuan." }
            apply=Callback::new(move |text: String| {
                let v = if optional { parse_optional(&text, FactType::Money)? } else { Some(parse_whole(&text)?) };
                set_formula(&p, |f| set_amount(f, name, v));
                Ok(())
            }) />
    }
    .into_any()
}

fn rate_field(path: &[usize], name: &'static str, label: &str) -> AnyView {
    let p = path.to_vec();
    let initial = get_formula(path, |f| match (f, name) {
        (Formula::Rate { rate, .. }, "rate") => rate.to_string(),
        (Formula::RateRange { min_rate, .. }, "min_rate") => min_rate.to_string(),
        (Formula::RateRange { max_rate, .. }, "max_rate") => max_rate.to_string(),
        _ => String::new(),
    })
    .unwrap_or_default();
    view! {
        <TextField id=path_id(&format!("formula-{name}"), path) label=label.to_string() field=format!("formula.{name}") initial help="A percentage such as 50%."
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

fn fact_field(path: &[usize], label: &str, want: Option<FactType>) -> AnyView {
    let p = path.to_vec();
    let selected = get_formula(path, |f| match f {
        Formula::Rate { base, .. } | Formula::RateRange { base, .. } => base.clone(),
        Formula::PerUnit { unit, .. } => unit.clone(),
        Formula::Tiers { by, .. } => by.clone(),
        _ => String::new(),
    })
    .unwrap_or_default();
    let choices = fact_choices(|f| want.is_none_or(|t| f.fact_type == t));
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
    let p = path.to_vec();
    let initial = get_formula(path, |f| match f {
        Formula::Monthly { months, .. } | Formula::NonMonetary { months, .. } => {
            months.map(|m| m.to_string()).unwrap_or_default()
        }
        _ => String::new(),
    })
    .unwrap_or_default();
    view! {
        <TextField id=path_id("formula-months", path) label="Number of months".to_string() field="formula.months" initial help="Leave empty if the text does not say."
            apply=Callback::new(move |text: String| {
                let v = parse_optional(&text, FactType::Count)?.map(|n| u32::try_from(n).map_err(|_| "enter a number of months from 0".to_string())).transpose()?;
                set_formula(&p, |f| match f {
                    Formula::Monthly { months, .. } | Formula::NonMonetary { months, .. } => *months = v,
                    _ => {}
                });
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
        | (Formula::PerUnit { cap, .. }, "cap") => *cap,
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
        | (Formula::PerUnit { cap, .. }, "cap") => *cap = v,
        (Formula::Rate { floor, .. }, "floor") => *floor = v,
        (Formula::Monthly { per_month, .. }, "per_month") => *per_month = v.unwrap_or(0),
        _ => {}
    }
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
    let p = &path;
    match kind {
        "fixed" => money_field(p, "amount", "Amount (yuan)", false),
        "up_to" => money_field(p, "max", "At most (yuan)", false),
        "range" => view! { {money_field(p, "min", "From (yuan)", false)} {money_field(p, "max", "To (yuan)", false)} }.into_any(),
        "rate" => view! {
            {rate_field(p, "rate", "Rate")}
            {fact_field(p, "Base (money fact)", Some(FactType::Money))}
            {money_field(p, "cap", "Cap (yuan)", true)}
            {money_field(p, "floor", "Floor (yuan)", true)}
        }
        .into_any(),
        "rate_range" => view! {
            {rate_field(p, "min_rate", "Lowest rate")}
            {rate_field(p, "max_rate", "Highest rate")}
            {fact_field(p, "Base (money fact)", Some(FactType::Money))}
            {money_field(p, "cap", "Cap (yuan)", true)}
        }
        .into_any(),
        "per_unit" => view! {
            {money_field(p, "amount", "Amount per unit (yuan)", false)}
            {fact_field(p, "Unit (count fact)", Some(FactType::Count))}
            {money_field(p, "cap", "Cap (yuan)", true)}
        }
        .into_any(),
        "monthly" => view! { {money_field(p, "per_month", "Amount per month (yuan)", false)} {months_field(p)} }.into_any(),
        "non_monetary" => {
            let pp = path.clone();
            let initial = get_formula(p, |f| match f {
                Formula::NonMonetary { benefit, .. } => benefit.clone(),
                _ => String::new(),
            })
            .unwrap_or_default();
            view! {
                <TextField id=path_id("formula-benefit", p) label="What the applicant receives".to_string() field="formula.benefit" initial
                    apply=Callback::new(move |text: String| { set_formula(&pp, |f| if let Formula::NonMonetary { benefit, .. } = f { *benefit = text.clone(); }); Ok(()) }) />
                {months_field(p)}
            }
            .into_any()
        }
        "tiers" => view! {
            {fact_field(p, "Chosen by fact", None)}
            {(0..tiers).map(|i| view! { <TierEditor path=path.clone() index=i /> }).collect_view()}
            <button type="button" class=SMALL_BUTTON on:click={
                let pp = path.clone();
                move |_| set_formula(&pp, |f| if let Formula::Tiers { tiers, .. } = f { tiers.push(new_tier()); })
            }>"+ Tier"</button>
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
            <legend class="px-1 font-medium">{format!("Tier {}", index + 1)}</legend>
            <TextField id=path_id("tier-when", &inner) label="Chosen when the fact is (option value)".to_string() initial=when help="For choice facts; leave empty for a numeric threshold."
                apply=Callback::new(move |text: String| { set_formula(&p1, |f| if let Formula::Tiers { tiers, .. } = f { if let Some(t) = tiers.get_mut(index) { t.when = (!text.trim().is_empty()).then(|| text.trim().to_string()); } }); Ok(()) }) />
            <TextField id=path_id("tier-at-least", &inner) label="Or chosen when the fact is at least".to_string() initial=at_least
                apply=Callback::new(move |text: String| { let v = parse_optional(&text, FactType::Count)?; set_formula(&p2, |f| if let Formula::Tiers { tiers, .. } = f { if let Some(t) = tiers.get_mut(index) { t.at_least = v; } }); Ok(()) }) />
            <FormulaEditor path=inner />
            <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
                on:click=move |_| set_formula(&p3, |f| if let Formula::Tiers { tiers, .. } = f { if index < tiers.len() { tiers.remove(index); } })>
                "Remove tier"
            </button>
        </fieldset>
    }
}

/// The worked examples: each names facts, the expected outcome and amounts.
#[component]
pub fn ExamplesEditor() -> impl IntoView {
    let c = ctx();
    let count = Memo::new(move |_| c.measure.with(|m| m.examples.len()));
    view! {
        {move || (0..count.get()).map(|i| view! { <ExampleEditor index=i /> }).collect_view()}
        <button type="button" class=SMALL_BUTTON on:click=move |_| c.measure.update(|m| m.examples.push(Example {
            name: String::new(),
            facts: Default::default(),
            expect: crate::policy::measure::Expectation::Eligible,
            amount: None, low: None, high: None, per_month: None, as_of: None,
        }))>"+ Worked example"</button>
    }
}

fn set_example(index: usize, f: impl Fn(&mut Example)) {
    ctx().measure.update(|m| {
        if let Some(ex) = m.examples.get_mut(index) {
            f(ex)
        }
    })
}

#[component]
fn ExampleEditor(
    /// Which example.
    index: usize,
) -> impl IntoView {
    let c = ctx();
    let Some(ex) = c.measure.with_untracked(|m| m.examples.get(index).cloned()) else {
        return ().into_any();
    };
    let id = |what: &str| format!("example-{index}-{what}");
    let expect = serde_json::to_value(ex.expect)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let amount_input = move |what: &'static str, label: &'static str, initial: Option<i64>| {
        view! {
            <TextField id=format!("example-{index}-{what}") label=label.to_string() field=format!("examples[{index}].{what}") initial=initial.map(|v| v.to_string()).unwrap_or_default()
                apply=Callback::new(move |text: String| {
                    let v = parse_optional(&text, FactType::Money)?;
                    set_example(index, |ex| match what {
                        "amount" => ex.amount = v,
                        "low" => ex.low = v,
                        "high" => ex.high = v,
                        _ => ex.per_month = v,
                    });
                    Ok(())
                }) />
        }
    };
    view! {
        <fieldset class="mt-3 rounded border border-slate-400 p-3" data-testid=format!("example-{index}")>
            <legend class="px-1 font-medium">{format!("Example {}", index + 1)}</legend>
            <div class="grid gap-3 md:grid-cols-2">
                <TextField id=id("name") label="Name".to_string() field=format!("examples[{index}].name") initial=ex.name.clone()
                    apply=Callback::new(move |t: String| { set_example(index, |ex| ex.name = t.clone()); Ok(()) }) />
                <SelectField id=id("expect") label="Expected outcome".to_string()
                    choices=vec![("eligible".into(), "Eligible".into()), ("not_eligible".into(), "Not eligible".into()), ("needs_info".into(), "Needs information".into())]
                    selected=expect
                    apply=Callback::new(move |v: String| {
                        if let Ok(e) = serde_json::from_value(serde_json::Value::String(v)) { set_example(index, |ex| ex.expect = e); }
                    }) />
                {amount_input("amount", "Exact amount (yuan)", ex.amount)}
                {amount_input("per_month", "Per month (yuan)", ex.per_month)}
                {amount_input("low", "Range from (yuan)", ex.low)}
                {amount_input("high", "Range to (yuan)", ex.high)}
            </div>
            <TextField id=id("facts") label="Facts, one per line as fact = value".to_string() field=format!("examples[{index}].facts") multiline=true initial=c.facts.with_value(|f| facts_text(&ex.facts, f))
                apply=Callback::new(move |t: String| {
                    let facts = c.facts.with_value(|f| parse_facts(&t, f))?;
                    set_example(index, |ex| ex.facts = facts.clone());
                    Ok(())
                }) />
            <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
                on:click=move |_| c.measure.update(|m| { if index < m.examples.len() { m.examples.remove(index); } })>
                "Remove example"
            </button>
        </fieldset>
    }
    .into_any()
}
