//! The structured condition editor: all/any/not groups and comparisons over declared facts
//! (or over a list's fields, for a per_item formula's entry condition).
use leptos::prelude::*;

use super::fields::{ctx, FieldMessage, TextField, INPUT, SMALL_BUTTON};
use super::model::*;
use crate::components::staff::fill;
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::{Condition, FactType, Op};
use crate::wire::editor::FactChoice;

/// An operator's words in the reader's language (`model::OPS` has them in English).
fn op_words(op: Op) -> &'static str {
    let i18n = use_i18n();
    match op {
        Op::Eq => t_string!(i18n, editor_op_eq),
        Op::Ne => t_string!(i18n, editor_op_ne),
        Op::Ge => t_string!(i18n, editor_op_ge),
        Op::Gt => t_string!(i18n, editor_op_gt),
        Op::Le => t_string!(i18n, editor_op_le),
        Op::Lt => t_string!(i18n, editor_op_lt),
        Op::In => t_string!(i18n, editor_op_in),
        Op::Has => t_string!(i18n, editor_op_has),
        Op::HasAny => t_string!(i18n, editor_op_has_any),
    }
}

/// A fact in the comparison's fact select, in the reader's language (as
/// `model::fact_option_label`): a list fact as its number of entries.
fn fact_option(f: &FactChoice) -> AnyView {
    let i18n = use_i18n();
    if f.fact_type == FactType::List {
        let (label, noun, name) = (f.label.clone(), f.item_noun().to_string(), f.name.clone());
        t!(
            i18n,
            editor_fact_count,
            label = move || label.clone(),
            noun = move || noun.clone(),
            name = move || name.clone()
        )
        .into_any()
    } else {
        format!("{} ({})", f.label, f.name).into_any()
    }
}

/// The label of a comparison's value, in the reader's language (as `model::value_label`).
fn value_label_text(fact: Option<&FactChoice>) -> String {
    let i18n = use_i18n();
    match fact {
        Some(f) if f.fact_type == FactType::List => fill(
            t_string!(i18n, editor_value_count),
            &[("noun", f.item_noun())],
        ),
        _ => t_string!(i18n, editor_value).to_string(),
    }
}

/// What a comparison's value looks like, under its field, in the reader's language (as
/// `model::value_hint`).
fn value_hint_text(fact: Option<&FactChoice>) -> String {
    let i18n = use_i18n();
    let Some(f) = fact else {
        return t_string!(i18n, editor_hint_number).to_string();
    };
    match f.fact_type {
        FactType::Bool => t_string!(i18n, editor_hint_bool).to_string(),
        FactType::OneOf | FactType::SetOf => {
            let options = f
                .options
                .iter()
                .map(|o| o.0.clone())
                .collect::<Vec<_>>()
                .join(", ");
            fill(
                t_string!(i18n, editor_hint_one_of),
                &[("options", &options)],
            )
        }
        FactType::Date => "YYYY-MM-DD".into(),
        FactType::List => fill(
            t_string!(i18n, editor_hint_count),
            &[("noun", f.item_noun())],
        ),
        FactType::Money => t_string!(i18n, editor_hint_money).to_string(),
        FactType::Percent => t_string!(i18n, editor_hint_percent).to_string(),
        _ => t_string!(i18n, editor_hint_number).to_string(),
    }
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
    let i18n = use_i18n();
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
                        <legend class="px-1 font-medium">{t!(i18n, editor_not_group)}</legend>
                        <ConditionNode root=root.clone() path=child />
                        <RemoveButton root path=path.clone() />
                    </fieldset>
                }
                .into_any()
            }
            Some(NodeShape::All(n)) | Some(NodeShape::Any(n)) => {
                let any = matches!(node_shape.get_untracked(), Some(NodeShape::Any(_)));
                let legend = if any {
                    t!(i18n, editor_any_group).into_any()
                } else {
                    t!(i18n, editor_all_group).into_any()
                };
                let group_id = path_id(&format!("{prefix}-kind"), &path);
                let kind_path = path.clone();
                let kind_root = root.clone();
                view! {
                    <fieldset class="mt-2 rounded border border-slate-400 p-3" data-testid=path_id(&format!("{prefix}-group"), &path)>
                        <legend class="px-1 font-medium">{legend}</legend>
                        <label class="text-sm" for=group_id.clone()>{t!(i18n, editor_group_type)}</label>
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
                            <option value="all" selected=!any>{t!(i18n, editor_group_all)}</option>
                            <option value="any" selected=any>{t!(i18n, editor_group_any)}</option>
                        </select>
                        {(n == 0).then(|| view! { <p class="mt-2 text-sm text-slate-700">{t!(i18n, editor_group_empty)}</p> })}
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
    let i18n = use_i18n();
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
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(&r1, &p1, new_comparison(&c.cond_scope(&r1)))>{t!(i18n, editor_add_comparison)}</button>
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(&r2, &p2, Condition::Any { any: Vec::new() })>{t!(i18n, editor_add_group)}</button>
            <button type="button" class=SMALL_BUTTON on:click=move |_| add(&r3, &p3, Condition::Not { not: Box::new(Condition::default()) })>{t!(i18n, editor_add_not)}</button>
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
    let i18n = use_i18n();
    let c = ctx();
    view! {
        <button type="button" class="mt-2 rounded border border-red-800 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
            on:click=move |_| c.measure.update(|m| if let Some(r) = root_cond_mut(m, &root) { remove_at(r, &path) })>
            {t!(i18n, editor_remove)}
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
    let i18n = use_i18n();
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
    let facts: Vec<(String, AnyView)> =
        scope.with_value(|s| s.iter().map(|f| (f.name.clone(), fact_option(f))).collect());
    let current_fact = cmp.fact.clone();
    view! {
        <div class="mt-2 grid gap-2 rounded bg-slate-100 p-2 md:grid-cols-3" data-testid=path_id(&format!("{prefix}-compare"), &path)>
            <div>
                <label for=fact_id.clone() class="block text-sm font-medium">{t!(i18n, editor_fact)}</label>
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
                        <label for=op_id.clone() class="block text-sm font-medium">{t!(i18n, editor_test)}</label>
                        <select id=op_id.clone() class=INPUT on:change=move |ev| {
                            if let Some(o) = op_from_slug(&event_target_value(&ev)) {
                                op.set(o);
                                w2(&mut |cmp| cmp.op = o);
                            }
                        }>
                            {ops_for(t).into_iter().map(|(o, _)| view! { <option value=op_slug(o) selected=o == current>{op_words(o)}</option> }).collect_view()}
                        </select>
                    </div>
                }
            }}
            {move || {
                let fact = fact_of(&fact_name.get());
                let w3 = w3.clone();
                let initial = read().map(|cmp| value_text(fact.as_ref(), &cmp.value)).unwrap_or_default();
                view! {
                    <TextField id=value_id.clone() label=value_label_text(fact.as_ref()) help=value_hint_text(fact.as_ref()) initial
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
                        }>{t!(i18n, editor_add_beside)}</button>
                    }
                })}
                <RemoveButton root=root.clone() path=path.clone() />
            </div>
        </div>
    }
    .into_any()
}
