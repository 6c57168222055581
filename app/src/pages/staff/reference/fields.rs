//! The forms of the reference editor: a fact's, a rule's and a document's fields, each bound
//! to a part of the edited entry, and the text and select fields they are made of.
use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::policy::catalog_file::Document;
use crate::policy::reference::Entry;
use crate::policy::rules::{CrossRule, RuleKind};
use crate::policy::{Condition, FactDef, FactType, Rate, WizardStep};

const INPUT: &str = "mt-1 w-full rounded border border-slate-500 px-3 py-2";

/// A text field bound to a part of the entry.
#[component]
pub(super) fn TextField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    value: Signal<String>,
    set: Callback<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] help: Option<TextProp>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let described = help.is_some().then(|| help_id.clone());
    view! {
        <div>
            <label for=id class="block font-medium">{move || label.get()}</label>
            {help.map(|h| view! { <p id=help_id.clone() class="text-sm text-slate-700">{move || h.get()}</p> })}
            {if multiline {
                view! { <textarea id=id rows="4" class=INPUT aria-describedby=described.clone() prop:value=move || value.get() on:input=move |ev| set.run(event_target_value(&ev))></textarea> }.into_any()
            } else {
                view! { <input id=id type="text" class=INPUT readonly=readonly aria-describedby=described.clone() prop:value=move || value.get() on:input=move |ev| set.run(event_target_value(&ev)) /> }.into_any()
            }}
        </div>
    }
}

/// A select bound to a part of the entry: `(value, label)` options.
#[component]
fn SelectField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    options: Vec<(String, String)>,
    value: Signal<String>,
    set: Callback<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id class="block font-medium">{move || label.get()}</label>
            <select id=id class=INPUT on:change=move |ev| set.run(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| {
                    let selected = v.clone();
                    view! { <option value=v selected=move || value.get() == selected>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads one field of the edited entry.
fn read<F: Fn(&Entry) -> String + Send + Sync + 'static>(
    entry: RwSignal<Entry>,
    f: F,
) -> Signal<String> {
    Signal::derive(move || entry.with(&f))
}

/// Writes one field of the edited entry.
fn write<F: Fn(&mut Entry, String) + Send + Sync + 'static>(
    entry: RwSignal<Entry>,
    f: F,
) -> Callback<String> {
    Callback::new(move |v: String| entry.update(|e| f(e, v)))
}

/// A number field's text, kept apart from the entry until it reads as a number.
fn number_text(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

#[component]
pub(super) fn FactFields(
    entry: RwSignal<Entry>,
    fact: FactDef,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fact_of = |e: &Entry| match e {
        Entry::Fact(f) => Some(f.clone()),
        _ => None,
    };
    let get = move |f: fn(&FactDef) -> String| {
        read(entry, move |e| {
            fact_of(e).map(|d| f(&d)).unwrap_or_default()
        })
    };
    let set = move |f: fn(&mut FactDef, String)| {
        write(entry, move |e, v| {
            if let Entry::Fact(d) = e {
                f(d, v)
            }
        })
    };
    let types: Vec<(String, String)> = [
        FactType::Money,
        FactType::Count,
        FactType::Percent,
        FactType::Bool,
        FactType::OneOf,
        FactType::SetOf,
        FactType::Date,
        FactType::List,
    ]
    .into_iter()
    .map(|t| {
        let s = serde_json::to_value(t)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        (s.clone(), s)
    })
    .collect();
    let steps: Vec<(String, String)> = WizardStep::ALL
        .into_iter()
        .map(|s| {
            let v = serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (v.clone(), v)
        })
        .collect();
    let min_text = RwSignal::new(number_text(fact.min));
    let max_text = RwSignal::new(number_text(fact.max));
    let options_text = RwSignal::new(
        fact.options
            .iter()
            .map(|o| format!("{} = {}", o.value, o.label))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let number =
        move |text: RwSignal<String>, label: &'static str, put: fn(&mut FactDef, Option<i64>)| {
            Callback::new(move |v: String| {
                text.set(v.clone());
                let t = v.trim().replace([',', '_'], "");
                match (t.is_empty(), t.parse::<i64>()) {
                    (true, _) => {
                        problem.set(None);
                        entry.update(|e| {
                            if let Entry::Fact(d) = e {
                                put(d, None)
                            }
                        });
                    }
                    (false, Ok(n)) => {
                        problem.set(None);
                        entry.update(|e| {
                            if let Entry::Fact(d) = e {
                                put(d, Some(n))
                            }
                        });
                    }
                    (false, Err(_)) => problem.set(Some(format!("{label}: a whole number"))),
                }
            })
        };
    view! {
        <SelectField id="ref-type" label=t_string!(i18n, ref_type).to_string() options=types
            value=read(entry, move |e| fact_of(e).and_then(|d| serde_json::to_value(d.fact_type).ok()).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
            set=write(entry, |e, v| if let (Entry::Fact(d), Ok(t)) = (e, serde_json::from_value::<FactType>(serde_json::Value::String(v))) { d.fact_type = t }) />
        <TextField id="ref-label" label=t_string!(i18n, ref_label).to_string() value=get(|d| d.label.clone()) set=set(|d, v| d.label = v) />
        <TextField id="ref-question" label=t_string!(i18n, ref_question).to_string() value=get(|d| d.question.clone()) set=set(|d, v| d.question = v) />
        <TextField id="ref-help-text" label=t_string!(i18n, ref_help).to_string() value=get(|d| d.help.clone()) set=set(|d, v| d.help = v) multiline=true />
        <SelectField id="ref-step" label=t_string!(i18n, ref_step).to_string() options=steps
            value=read(entry, move |e| fact_of(e).and_then(|d| serde_json::to_value(d.step).ok()).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
            set=write(entry, |e, v| if let (Entry::Fact(d), Ok(s)) = (e, serde_json::from_value::<WizardStep>(serde_json::Value::String(v))) { d.step = s }) />
        <div class="grid gap-4 sm:grid-cols-2">
            <TextField id="ref-min" label=t_string!(i18n, ref_min).to_string() value=Signal::derive(move || min_text.get()) set=number(min_text, "min", |d, n| d.min = n) />
            <TextField id="ref-max" label=t_string!(i18n, ref_max).to_string() value=Signal::derive(move || max_text.get()) set=number(max_text, "max", |d, n| d.max = n) />
        </div>
        <TextField id="ref-options" label=t_string!(i18n, ref_options).to_string() value=Signal::derive(move || options_text.get()) multiline=true
            set=Callback::new(move |v: String| {
                options_text.set(v.clone());
                let options = lines(&v)
                    .into_iter()
                    .map(|l| {
                        let (value, label) = l.split_once('=').map(|(a, b)| (a.trim().to_string(), b.trim().to_string())).unwrap_or((l.clone(), l.clone()));
                        crate::policy::fact::FactOption { value, label }
                    })
                    .collect();
                entry.update(|e| if let Entry::Fact(d) = e { d.options = options });
            }) />
        <TextField id="ref-item-label" label=t_string!(i18n, ref_item_label).to_string() value=get(|d| d.item_label.clone().unwrap_or_default())
            set=set(|d, v| d.item_label = Some(v).filter(|s| !s.trim().is_empty())) />
    }
}

fn rule_kind_slug(k: &RuleKind) -> &'static str {
    match k {
        RuleKind::HighestOnly => "highest_only",
        RuleKind::NoDoubleFunding => "no_double_funding",
        RuleKind::Bonus { .. } => "bonus",
        RuleKind::AnnualCap { .. } => "annual_cap",
        RuleKind::MinimumYears { .. } => "minimum_years",
    }
}

#[component]
pub(super) fn RuleFields(
    entry: RwSignal<Entry>,
    rule: CrossRule,
    facts: Vec<String>,
    documents: Vec<String>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rule_of = |e: &Entry| match e {
        Entry::Rule(r) => Some(r.clone()),
        _ => None,
    };
    let get = move |f: fn(&CrossRule) -> String| {
        read(entry, move |e| {
            rule_of(e).map(|r| f(&r)).unwrap_or_default()
        })
    };
    let set = move |f: fn(&mut CrossRule, String)| {
        write(entry, move |e, v| {
            if let Entry::Rule(r) = e {
                f(r, v)
            }
        })
    };
    // The parameters of each kind, as typed (kept when the kind changes back and forth).
    let (rate0, cond0, cap0, fact0, years0) = match &rule.kind {
        RuleKind::Bonus { rate, condition } => (
            rate.to_string(),
            serde_json::to_string_pretty(condition).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ),
        RuleKind::AnnualCap { cap } => (
            String::new(),
            String::new(),
            cap.to_string(),
            String::new(),
            String::new(),
        ),
        RuleKind::MinimumYears { fact, years } => (
            String::new(),
            String::new(),
            String::new(),
            fact.clone(),
            years.to_string(),
        ),
        _ => Default::default(),
    };
    let kind_slug = RwSignal::new(rule_kind_slug(&rule.kind).to_string());
    let rate = RwSignal::new(rate0);
    let condition = RwSignal::new(cond0);
    let cap = RwSignal::new(cap0);
    let fact = RwSignal::new(if fact0.is_empty() {
        facts.first().cloned().unwrap_or_default()
    } else {
        fact0
    });
    let years = RwSignal::new(years0);
    // Rebuilds the kind from the texts; a text that does not read leaves a problem.
    let rebuild = move || {
        let built: Result<RuleKind, String> = match kind_slug.get_untracked().as_str() {
            "highest_only" => Ok(RuleKind::HighestOnly),
            "no_double_funding" => Ok(RuleKind::NoDoubleFunding),
            "bonus" => Rate::try_from(rate.get_untracked())
                .map_err(|e| format!("rate: {e}"))
                .and_then(|r| {
                    serde_json::from_str::<Condition>(&condition.get_untracked())
                        .map(|c| RuleKind::Bonus {
                            rate: r,
                            condition: c,
                        })
                        .map_err(|e| format!("condition: {e}"))
                }),
            "annual_cap" => cap
                .get_untracked()
                .trim()
                .replace(',', "")
                .parse::<i64>()
                .map(|c| RuleKind::AnnualCap { cap: c })
                .map_err(|_| "cap: a whole number of yuan".to_string()),
            _ => years
                .get_untracked()
                .trim()
                .parse::<i64>()
                .map(|y| RuleKind::MinimumYears {
                    fact: fact.get_untracked(),
                    years: y,
                })
                .map_err(|_| "years: a whole number".to_string()),
        };
        match built {
            Ok(k) => {
                problem.set(None);
                entry.update(|e| {
                    if let Entry::Rule(r) = e {
                        r.kind = k
                    }
                });
            }
            Err(p) => problem.set(Some(p)),
        }
    };
    let typed = move |s: RwSignal<String>| {
        Callback::new(move |v: String| {
            s.set(v);
            rebuild();
        })
    };
    let kinds = vec![
        (
            "highest_only".to_string(),
            t_string!(i18n, ref_kind_highest_only).to_string(),
        ),
        (
            "no_double_funding".to_string(),
            t_string!(i18n, ref_kind_no_double_funding).to_string(),
        ),
        (
            "bonus".to_string(),
            t_string!(i18n, ref_kind_bonus).to_string(),
        ),
        (
            "annual_cap".to_string(),
            t_string!(i18n, ref_kind_annual_cap).to_string(),
        ),
        (
            "minimum_years".to_string(),
            t_string!(i18n, ref_kind_minimum_years).to_string(),
        ),
    ];
    let fact_options: Vec<(String, String)> =
        facts.iter().map(|f| (f.clone(), f.clone())).collect();
    let doc_options: Vec<(String, String)> =
        documents.iter().map(|d| (d.clone(), d.clone())).collect();
    view! {
        <TextField id="ref-title" label=t_string!(i18n, ref_title).to_string() value=get(|r| r.title.clone()) set=set(|r, v| r.title = v) />
        <SelectField id="ref-rule-kind" label=t_string!(i18n, ref_rule_kind).to_string() options=kinds value=Signal::derive(move || kind_slug.get()) set=typed(kind_slug) />
        {move || match kind_slug.get().as_str() {
            "bonus" => view! {
                <TextField id="ref-rate" label=t_string!(i18n, ref_rate).to_string() value=Signal::derive(move || rate.get()) set=typed(rate) />
                <TextField id="ref-condition" label=t_string!(i18n, ref_condition).to_string() value=Signal::derive(move || condition.get()) set=typed(condition) multiline=true />
            }.into_any(),
            "annual_cap" => view! {
                <TextField id="ref-cap" label=t_string!(i18n, ref_cap).to_string() value=Signal::derive(move || cap.get()) set=typed(cap) />
            }.into_any(),
            "minimum_years" => view! {
                <SelectField id="ref-fact" label=t_string!(i18n, ref_fact).to_string() options=fact_options.clone() value=Signal::derive(move || fact.get()) set=typed(fact) />
                <TextField id="ref-years" label=t_string!(i18n, ref_years).to_string() value=Signal::derive(move || years.get()) set=typed(years) />
            }.into_any(),
            _ => ().into_any(),
        }}
        <TextField id="ref-measures" label=t_string!(i18n, ref_measures).to_string() value=get(|r| r.measures.join("\n")) set=set(|r, v| r.measures = lines(&v)) multiline=true />
        <fieldset>
            <legend class="font-medium">{t!(i18n, ref_covered_docs)}</legend>
            <div class="mt-1 flex flex-wrap gap-4">
                {documents.iter().map(|d| {
                    let (d1, d2, d3) = (d.clone(), d.clone(), d.clone());
                    let id = format!("ref-doc-{d}");
                    let label_for = id.clone();
                    view! {
                        <label class="inline-flex items-center gap-2" for=label_for>
                            <input id=id type="checkbox" prop:checked=move || entry.with(|e| rule_of(e).is_some_and(|r| r.documents.contains(&d1)))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let d = d2.clone();
                                    entry.update(|e| if let Entry::Rule(r) = e {
                                        r.documents.retain(|x| *x != d);
                                        if on { r.documents.push(d) }
                                    });
                                } />
                            <code>{d3}</code>
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
        <TextField id="ref-except" label=t_string!(i18n, ref_except).to_string() value=get(|r| r.except.join("\n")) set=set(|r, v| r.except = lines(&v)) multiline=true />
        <SelectField id="ref-cite-doc" label=t_string!(i18n, ref_cite_doc).to_string() options=doc_options value=get(|r| r.citation.doc.clone()) set=set(|r, v| r.citation.doc = v) />
        <TextField id="ref-cite-item" label=t_string!(i18n, ref_cite_item).to_string() value=get(|r| r.citation.item.clone()) set=set(|r, v| r.citation.item = v) />
        <TextField id="ref-cite-quote" label=t_string!(i18n, ref_cite_quote).to_string() value=get(|r| r.citation.quote.clone()) set=set(|r, v| r.citation.quote = v) multiline=true />
    }
}

#[component]
pub(super) fn DocumentFields(entry: RwSignal<Entry>) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |f: fn(&Document) -> String| {
        read(entry, move |e| match e {
            Entry::Document(d) => f(d),
            _ => String::new(),
        })
    };
    let set = move |f: fn(&mut Document, String)| {
        write(entry, move |e, v| {
            if let Entry::Document(d) = e {
                f(d, v)
            }
        })
    };
    view! {
        <TextField id="ref-title" label=t_string!(i18n, ref_title).to_string() value=get(|d| d.title.clone()) set=set(|d, v| d.title = v) />
        <TextField id="ref-issuer" label=t_string!(i18n, ref_issuer).to_string() value=get(|d| d.issuer.clone()) set=set(|d, v| d.issuer = v) />
        <TextField id="ref-date" label=t_string!(i18n, ref_date).to_string() value=get(|d| d.date.clone()) set=set(|d, v| d.date = v) />
        <TextField id="ref-validity" label=t_string!(i18n, ref_validity).to_string() value=get(|d| d.validity.clone()) set=set(|d, v| d.validity = v) multiline=true />
    }
}
