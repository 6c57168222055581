//! Pieces of the measure editor: text fields that keep what staff type, the structured
//! condition editor (all/any/not groups and comparisons over declared facts), the formula editor
//! (every kind, tiers nested, a per_item formula's entry formula and entry condition over its
//! list's fields) and the worked examples.
//!
//! Every part reads and writes one `RwSignal<Measure>`. A part is redrawn only when the
//! structure it shows changes (see `edit_model::NodeShape`), so typing never loses focus.
use leptos::prelude::*;

use super::edit_model::*;
use crate::policy::{Condition, Example, FactType, Formula, Measure};
use crate::wire::editor::FactChoice;
use crate::wire::errors::FieldError;

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
    /// The loader's messages about `field`; with `nested`, also those about the fields under
    /// it (`examples[0].facts.projects`), each named by its sub-path.
    fn messages(&self, field: &str, nested: bool) -> Option<String> {
        if field.is_empty() {
            return None;
        }
        self.errors.with(|errors| {
            errors
                .iter()
                .filter_map(|e| {
                    if e.field == field {
                        Some(e.message.clone())
                    } else if nested {
                        e.field
                            .strip_prefix(field)
                            .and_then(|rest| rest.strip_prefix('.'))
                            .map(|sub| format!("{sub}: {}", e.message))
                    } else {
                        None
                    }
                })
                .reduce(|a, b| format!("{a}; {b}"))
        })
    }

    fn error_for(&self, field: &str) -> Option<String> {
        self.messages(field, false)
    }

    /// The facts the formula at `path` may read (a per_item's entry formula: its list's fields).
    fn formula_scope(&self, path: &[usize]) -> Vec<FactChoice> {
        self.measure.with_untracked(|m| {
            self.facts
                .with_value(|facts| scope_at(&m.formula, path, facts))
        })
    }

    /// The facts the comparisons of a condition tree may read.
    fn cond_scope(&self, root: &CondRoot) -> Vec<FactChoice> {
        self.measure
            .with_untracked(|m| self.facts.with_value(|facts| cond_scope(m, root, facts)))
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
    /// Also show the messages about the fields under `field`.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let c = ctx();
    let text = RwSignal::new(initial);
    let local = RwSignal::new(None::<String>);
    let message = Signal::derive(move || local.get().or_else(|| c.messages(&field, nested)));
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
    /// Loader field path whose messages show under the select.
    #[prop(optional, into)]
    field: String,
    /// Help under the label.
    #[prop(optional, into)]
    help: String,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let mut described = Vec::new();
    if !help.is_empty() {
        described.push(help_id.clone());
    }
    if !field.is_empty() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    view! {
        <div>
            <label for=id.clone() class="block font-medium">{label}</label>
            {(!help.is_empty()).then(|| view! { <p id=help_id class="text-sm text-slate-700">{help.clone()}</p> })}
            <select id=id class=INPUT aria-describedby=described on:change=move |ev| apply.run(event_target_value(&ev))>
                {choices.into_iter().map(|(v, l)| {
                    let sel = v == selected;
                    view! { <option value=v selected=sel>{l}</option> }
                }).collect_view()}
            </select>
            {(!field.is_empty()).then(|| view! { <FieldMessage id=error_id field=field.clone() /> })}
        </div>
    }
}

/// The loader's messages about `field`, where they concern a part rather than one input.
#[component]
pub fn FieldMessage(
    /// Element id (for `aria-describedby`).
    #[prop(into)]
    id: String,
    /// Loader field path.
    #[prop(into)]
    field: String,
) -> impl IntoView {
    let c = ctx();
    view! { <p id=id class="text-sm font-medium text-red-800" aria-live="polite">{move || c.error_for(&field)}</p> }
}

/// `(name, "Label (name)")` of the facts that pass `filter`.
fn choices_of(facts: &[FactChoice], filter: impl Fn(&FactChoice) -> bool) -> Vec<(String, String)> {
    facts
        .iter()
        .filter(|f| filter(f))
        .map(|f| (f.name.clone(), format!("{} ({})", f.label, f.name)))
        .collect()
}

/// A condition tree with the loader's messages about it: the measure's condition, or the entry
/// condition of a per_item formula.
#[component]
pub fn ConditionEditor(
    /// Which tree.
    #[prop(optional)]
    root: CondRoot,
) -> impl IntoView {
    let c = ctx();
    let field = c.measure.with_untracked(|m| root.field(m));
    let id = format!("{}-error", root.prefix());
    view! {
        <FieldMessage id field />
        <ConditionNode root path=Vec::new() />
    }
}

/// One node of a condition tree, and its children.
#[component]
pub fn ConditionNode(
    /// Which tree.
    #[prop(optional)]
    root: CondRoot,
    /// Child indexes from the root.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    let (p, r) = (path.clone(), root.clone());
    let node_shape = Memo::new(move |_| c.measure.with(|m| node_at(m, &r, &p).map(shape)));
    let prefix = root.prefix();
    move || {
        let path = path.clone();
        let root = root.clone();
        match node_shape.get() {
            None => ().into_any(),
            Some(NodeShape::Compare) => view! { <ComparisonRow root path /> }.into_any(),
            Some(NodeShape::Not) => {
                let mut child = path.clone();
                child.push(0);
                view! {
                    <fieldset class="mt-2 rounded border border-slate-400 p-3">
                        <legend class="px-1 font-medium">"NOT — the part below must not hold"</legend>
                        <ConditionNode root=root.clone() path=child />
                        <RemoveButton root path=path.clone() />
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
                let group_id = path_id(&format!("{prefix}-kind"), &path);
                let kind_path = path.clone();
                let kind_root = root.clone();
                view! {
                    <fieldset class="mt-2 rounded border border-slate-400 p-3" data-testid=path_id(&format!("{prefix}-group"), &path)>
                        <legend class="px-1 font-medium">{legend}</legend>
                        <label class="text-sm" for=group_id.clone()>"Group type "</label>
                        <select id=group_id class="rounded border border-slate-500 px-2 py-1 text-sm" on:change=move |ev| {
                            let to_any = event_target_value(&ev) == "any";
                            c.measure.update(|m| {
                                if let Some(node) = node_at_mut(m, &kind_root, &kind_path) {
                                    let parts = match std::mem::take(node) {
                                        Condition::All { all } => all,
                                        Condition::Any { any } => any,
                                        other => vec![other],
                                    };
                                    *node = if to_any { Condition::Any { any: parts } } else { Condition::All { all: parts } };
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
                            view! { <ConditionNode root=root.clone() path=child /> }
                        }).collect_view()}
                        <AddButtons root=root.clone() path=path.clone() />
                        {(!path.is_empty()).then(|| view! { <RemoveButton root=root.clone() path=path.clone() /> })}
                    </fieldset>
                }
                .into_any()
            }
        }
    }
}

#[component]
fn AddButtons(
    /// Which tree.
    root: CondRoot,
    /// The group to add to.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    let add = move |root: &CondRoot, path: &[usize], node: Condition| {
        c.measure.update(|m| {
            if let Some(Condition::All { all: parts } | Condition::Any { any: parts }) =
                node_at_mut(m, root, path)
            {
                parts.push(node);
            }
        })
    };
    let (p1, p2, p3) = (path.clone(), path.clone(), path);
    let (r1, r2, r3) = (root.clone(), root.clone(), root);
    view! {
        <div class="mt-2 flex flex-wrap gap-2">
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(&r1, &p1, new_comparison(&c.cond_scope(&r1)))>"+ Comparison"</button>
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(&r2, &p2, Condition::Any { any: Vec::new() })>"+ Group"</button>
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(&r3, &p3, Condition::Not { not: Box::new(Condition::default()) })>"+ NOT"</button>
        </div>
    }
}

#[component]
fn RemoveButton(
    /// Which tree.
    root: CondRoot,
    /// The node to remove.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    view! {
        <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
            on:click=move |_| c.measure.update(|m| if let Some(r) = root_cond_mut(m, &root) { remove_at(r, &path) })>
            "Remove"
        </button>
    }
}

/// `fact op value`.
#[component]
fn ComparisonRow(
    /// Which tree.
    root: CondRoot,
    /// Where the comparison is.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    let read = {
        let (root, path) = (root.clone(), path.clone());
        move || {
            c.measure
                .with_untracked(|m| match node_at(m, &root, &path) {
                    Some(Condition::Compare(cmp)) => Some(cmp.clone()),
                    _ => None,
                })
        }
    };
    let Some(cmp) = read() else {
        return ().into_any();
    };
    let write = {
        let (root, path) = (root.clone(), path.clone());
        move |f: &mut dyn FnMut(&mut crate::policy::Comparison)| {
            c.measure.update(|m| {
                if let Some(Condition::Compare(cmp)) = node_at_mut(m, &root, &path) {
                    f(cmp);
                }
            })
        }
    };
    // The facts this tree reads: the declared facts, or the fields of a list's entries.
    let scope = StoredValue::new(c.cond_scope(&root));
    let fact_of =
        move |name: &str| scope.with_value(|s| s.iter().find(|f| f.name == name).cloned());
    let fact_name = RwSignal::new(cmp.fact.clone());
    let fact_type = Memo::new(move |_| fact_of(&fact_name.get()).map(|f| f.fact_type));
    let op = RwSignal::new(cmp.op);
    let prefix = root.prefix();
    let fact_id = path_id(&format!("{prefix}-fact"), &path);
    let op_id = path_id(&format!("{prefix}-op"), &path);
    let value_id = path_id(&format!("{prefix}-value"), &path);
    let w1 = write.clone();
    let w2 = write.clone();
    let w3 = write.clone();
    let facts: Vec<(String, String)> = scope.with_value(|s| {
        s.iter()
            .map(|f| (f.name.clone(), fact_option_label(f)))
            .collect()
    });
    let current_fact = cmp.fact.clone();
    view! {
        <div class="mt-2 grid gap-2 rounded bg-slate-100 p-2 md:grid-cols-3" data-testid=path_id(&format!("{prefix}-compare"), &path)>
            <div>
                <label for=fact_id.clone() class="block text-sm font-medium">"Fact"</label>
                <select id=fact_id class=INPUT on:change=move |ev| {
                    let name = event_target_value(&ev);
                    let fact = fact_of(&name);
                    let mut new_op = op.get_untracked();
                    w1(&mut |cmp| {
                        retype_comparison(cmp, fact.as_ref());
                        new_op = cmp.op;
                    });
                    op.set(new_op);
                    fact_name.set(name);
                }>
                    {facts.into_iter().map(|(v, l)| { let sel = v == current_fact; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                </select>
            </div>
            // The tests depend on the fact's type (a list offers those of its number of entries
            // only): drawn again when the type changes.
            {move || {
                let t = fact_type.get();
                let current = op.get_untracked();
                let w2 = w2.clone();
                view! {
                    <div>
                        <label for=op_id.clone() class="block text-sm font-medium">"Test"</label>
                        <select id=op_id.clone() class=INPUT on:change=move |ev| {
                            if let Some(o) = op_from_slug(&event_target_value(&ev)) {
                                op.set(o);
                                w2(&mut |cmp| cmp.op = o);
                            }
                        }>
                            {ops_for(t).into_iter().map(|(o, words)| view! { <option value=op_slug(o) selected=o == current>{words}</option> }).collect_view()}
                        </select>
                    </div>
                }
            }}
            {move || {
                let fact = fact_of(&fact_name.get());
                let w3 = w3.clone();
                let initial = read().map(|cmp| value_text(fact.as_ref(), &cmp.value)).unwrap_or_default();
                view! {
                    <TextField id=value_id.clone() label=value_label(fact.as_ref()) help=value_hint(fact.as_ref()) initial
                        apply=Callback::new(move |text: String| {
                            let fact = fact_of(&fact_name.get_untracked());
                            let v = parse_value(fact.as_ref(), op.get_untracked(), &text)?;
                            w3(&mut |cmp| cmp.value = v.clone());
                            Ok(())
                        }) />
                }
            }}
            <div class="md:col-span-3 flex flex-wrap gap-2">
                // A lone comparison at the top: another one goes beside it in an ALL group.
                {path.is_empty().then(|| {
                    let root = root.clone();
                    view! {
                        <button type="button" class=format!("mt-2 {SMALL_BUTTON}") on:click=move |_| {
                            let scope = c.cond_scope(&root);
                            c.measure.update(|m| if let Some(node) = root_cond_mut(m, &root) { add_beside(node, new_comparison(&scope)) });
                        }>"+ Another comparison"</button>
                    }
                })}
                <RemoveButton root=root.clone() path=path.clone() />
            </div>
        </div>
    }
    .into_any()
}

/// The formula at `path` (tiers and per_item nest formulas).
#[component]
pub fn FormulaEditor(
    /// Tier indexes (0 for a per_item's entry formula) from the measure's formula.
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
        let (kinds, messages) = c.measure.with_untracked(|m| {
            (
                kinds_at(&m.formula, &path),
                formula_messages_field(&m.formula, &path),
            )
        });
        view! {
            <div class="space-y-3" data-testid=field_prefix.clone()>
                <SelectField id=kind_id label="Kind of benefit".to_string()
                    choices=kinds.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect()
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
    // `formula.cap` is the cap of a per_item across its entries; inside its entry formula the
    // fields are `formula.each.cap` and so on.
    let field = ctx()
        .measure
        .with_untracked(|m| format!("{}.{name}", formula_field(&m.formula, path)));
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
        "per_item" => view! { <PerItemFields path=path.clone() /> }.into_any(),
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

/// The name of the list a per_item formula at `path` pays for ("" when none).
fn items_at(m: &Measure, path: &[usize]) -> String {
    match formula_at(&m.formula, path) {
        Some(Formula::PerItem { items, .. }) => items.clone(),
        _ => String::new(),
    }
}

/// A per_item formula: the list, what one entry gets (a formula over the entry's fields), the
/// cap across entries and which entries count.
#[component]
fn PerItemFields(
    /// Where the formula is.
    path: Vec<usize>,
) -> impl IntoView {
    let c = ctx();
    // The entry formula and the entry condition read the list's fields: they are drawn again
    // when another list is chosen (the list select itself is not, so it keeps the focus).
    let p = path.clone();
    let items = Memo::new(move |_| c.measure.with(|m| items_at(m, &p)));
    let scope = StoredValue::new(c.formula_scope(&path));
    let list_of = move |name: &str| {
        scope.with_value(|s| {
            s.iter()
                .find(|f| f.name == name && f.fact_type == FactType::List)
                .cloned()
        })
    };
    let mut lists = scope.with_value(|s| choices_of(s, |f| f.fact_type == FactType::List));
    let selected = items.get_untracked();
    let list_field = c
        .measure
        .with_untracked(|m| format!("{}.items", formula_field(&m.formula, &path)));
    let list_select = if lists.is_empty() {
        let id = path_id("formula-items", &path);
        view! {
            <div>
                <p id=id.clone() class="font-medium">"List"</p>
                <p class="text-sm text-slate-700">"No list fact is declared yet. A per_item formula pays for each entry of a list fact (type = \"list\" in facts.toml, with the fields of one entry)."</p>
                <FieldMessage id=format!("{id}-error") field=list_field />
            </div>
        }
        .into_any()
    } else {
        if !lists.iter().any(|(name, _)| *name == selected) {
            lists.insert(0, (String::new(), "Choose a list".into()));
        }
        let sp = path.clone();
        view! {
            <SelectField id=path_id("formula-items", &path) label="List (a list fact)" choices=lists selected
                field=list_field
                help="Each entry is paid on its own (one project, one standard ...), then the amounts are added up."
                apply=Callback::new(move |name: String| {
                    let facts = scope.get_value();
                    c.measure.update(|m| if let Some(slot) = formula_at_mut(&mut m.formula, &sp) { set_items(slot, &name, &facts); });
                }) />
        }
        .into_any()
    };
    let mut each_path = path.clone();
    each_path.push(0);
    let when_path = path.clone();
    view! {
        {list_select}
        {move || {
            let list = list_of(&items.get());
            let noun = list.as_ref().map(|l| l.item_noun().to_string()).unwrap_or_else(|| "entry".into());
            let fields = list
                .map(|l| l.fields.iter().map(|f| format!("{} ({})", f.label, f.name)).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let help_id = path_id("per-item-each-help", &each_path);
            let described = help_id.clone();
            view! {
                <fieldset class="rounded border border-slate-400 p-3" aria-describedby=described data-testid=path_id("per-item-each", &each_path)>
                    <legend class="px-1 font-medium">{format!("What one {noun} gets")}</legend>
                    <p id=help_id class="text-sm text-slate-700">
                        {if fields.is_empty() {
                            "Choose a list first: this formula reads the fields of one entry.".to_string()
                        } else {
                            format!("Computed for each {noun} from its own fields: {fields}. A cap here is the cap per {noun}.")
                        }}
                    </p>
                    <FormulaEditor path=each_path.clone() />
                </fieldset>
            }
        }}
        {money_field(&path, "cap", "At most, for all entries together (per year where the text says so)", true)}
        {move || {
            let noun = list_of(&items.get()).map(|l| l.item_noun().to_string()).unwrap_or_else(|| "entry".into());
            view! { <EntryCondition path=when_path.clone() noun /> }
        }}
    }
    .into_any()
}

/// Which entries of a per_item formula count: every one, or those meeting a condition over the
/// entry's fields.
#[component]
fn EntryCondition(
    /// Where the per_item formula is.
    path: Vec<usize>,
    /// What one entry is called.
    noun: String,
) -> impl IntoView {
    let c = ctx();
    let p = path.clone();
    let has = Memo::new(move |_| {
        c.measure.with(|m| {
            matches!(
                formula_at(&m.formula, &p),
                Some(Formula::PerItem { when: Some(_), .. })
            )
        })
    });
    let set_when = {
        let path = path.clone();
        move |when: Option<Condition>| {
            c.measure.update(|m| {
                if let Some(Formula::PerItem { when: slot, .. }) =
                    formula_at_mut(&mut m.formula, &path)
                {
                    *slot = when.clone();
                }
            })
        }
    };
    let root = CondRoot::Entries(path.clone());
    view! {
        <fieldset class="rounded border border-slate-400 p-3" data-testid=path_id("per-item-when", &path)>
            <legend class="px-1 font-medium">{format!("Which {noun}s count")}</legend>
            {move || {
                let set_when = set_when.clone();
                if has.get() {
                    view! {
                        <p class="text-sm text-slate-700">{format!("Only {noun}s meeting this condition are paid; the others pay nothing. The condition reads the fields of one {noun}.")}</p>
                        <ConditionEditor root=root.clone() />
                        <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
                            on:click=move |_| set_when(None)>
                            {format!("Count every {noun} (remove the condition)")}
                        </button>
                    }
                    .into_any()
                } else {
                    let root = root.clone();
                    view! {
                        <p class="text-sm text-slate-700">{format!("Every {noun} counts.")}</p>
                        <button type="button" class=SMALL_BUTTON
                            on:click=move |_| {
                                let fields = c.cond_scope(&root);
                                set_when(Some(Condition::All { all: vec![new_comparison(&fields)] }));
                            }>
                            {format!("+ Only {noun}s meeting a condition")}
                        </button>
                    }
                    .into_any()
                }
            }}
        </fieldset>
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

/// How list facts are typed in a facts text, when there are any.
pub fn list_facts_help(facts: &[FactChoice]) -> String {
    match facts.iter().find(|f| f.fact_type == FactType::List) {
        Some(list) => format!(
            "A list fact takes its entries in brackets, one {{...}} per {}: {}",
            list.item_noun(),
            list_example(list)
        ),
        None => String::new(),
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
    let list_help = c.facts.with_value(|f| list_facts_help(f));
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
            <TextField id=id("facts") label="Facts, one per line as fact = value".to_string() field=format!("examples[{index}].facts") nested=true multiline=true
                initial=c.facts.with_value(|f| facts_text(&ex.facts, f)) help=list_help
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
