//! The checks a catalog passes when it loads: each fact, measure, comparison and cross-measure
//! rule, with a message naming the file, measure and field. Formulas are checked in
//! [`formula_checks`](super::formula_checks); the order of loading is in
//! [`catalog`](super::catalog).
use std::collections::{BTreeMap, BTreeSet};

use super::catalog_file::Collector;
use super::condition_checks::validate_comparison;
use super::fact::{FactDef, FactType};
use super::formula_checks::validate_formula;
use super::materials::materials_problem;
use super::measure::id_problem;
use super::measure::Measure;
use super::money::FULL_RATE_BP;
use super::rules::{CrossRule, RuleKind};
use super::vocabulary::Vocabulary;

/// Checks one declared fact: its name, question, options, bounds and list fields.
pub(super) fn validate_fact(c: &mut Collector<'_>, def: &FactDef) {
    let n = &def.name;
    if n.is_empty()
        || !n
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        c.push(n, "name", "fact names use lower-case letters, digits and _");
    }
    if def.question.trim().is_empty() {
        c.push(n, "question", "a fact needs a question");
    }
    if def.label.trim().is_empty() {
        c.push(n, "label", "a fact needs a label");
    }
    match def.fact_type {
        FactType::OneOf | FactType::SetOf => {
            if def.options.len() < 2 {
                c.push(n, "options", "a choice fact needs at least two options");
            }
            let mut seen = BTreeSet::new();
            for o in &def.options {
                if !seen.insert(&o.value) {
                    c.push(n, "options", format!("duplicate option \"{}\"", o.value));
                }
            }
        }
        t => {
            if !def.options.is_empty() {
                c.push(
                    n,
                    "options",
                    format!("options make no sense for {}", t.describe()),
                );
            }
        }
    }
    if let (Some(min), Some(max)) = (def.min, def.max) {
        if min > max {
            c.push(n, "min", format!("min {min} is above max {max}"));
        }
    }
    if def.fact_type == FactType::List {
        if def.fields.is_empty() {
            c.push(n, "fields", "a list fact needs the fields of one entry");
        }
        if def.max_items() < 1 || def.min.is_some() {
            c.push(
                n,
                "max",
                "a list's max is the most entries it accepts (at least 1); min is not used",
            );
        }
        if def
            .item_label
            .as_deref()
            .is_none_or(|l| l.trim().is_empty())
        {
            c.push(
                n,
                "item_label",
                "a list fact needs item_label, the name of one entry (\"project\")",
            );
        }
        let mut seen = BTreeSet::new();
        for field in &def.fields {
            let subject = format!("{n}.{}", field.name);
            if !seen.insert(&field.name) {
                c.push(&subject, "name", "duplicate field");
            }
            if field.fact_type == FactType::List {
                c.push(&subject, "type", "a list entry cannot hold another list");
            }
            validate_fact(c, field);
        }
    } else if !def.fields.is_empty() || def.item_label.is_some() {
        c.push(
            n,
            "fields",
            "fields and item_label belong to list facts (type = \"list\")",
        );
    }
}

/// Checks one measure: its id and citation against the file's document, its texts, dates,
/// condition, formula and worked examples' answers.
pub(super) fn validate_measure(
    c: &mut Collector<'_>,
    m: &Measure,
    doc: Option<&str>,
    vocab: &Vocabulary,
) {
    let id = &m.id;
    if let Some(problem) = id_problem(id, doc) {
        c.push(id, "id", problem);
    }
    if let Some(problem) = materials_problem(&m.materials) {
        c.push(id, "materials", problem);
    }
    if let Some(doc) = doc {
        if m.citation.doc != doc {
            c.push(
                id,
                "citation.doc",
                format!("cites \"{}\" but the file is {doc}", m.citation.doc),
            );
        }
    }
    if m.title.trim().is_empty() {
        c.push(id, "title", "missing title");
    }
    if m.summary.trim().is_empty() {
        c.push(id, "summary", "missing summary");
    }
    if m.citation.item.trim().is_empty() {
        c.push(id, "citation.item", "missing item number");
    }
    if m.citation.quote.trim().is_empty() {
        c.push(id, "citation.quote", "missing quote from the text");
    }
    if let Some(end) = m.expires_on {
        if end < m.effective_from {
            c.push(id, "expires_on", "expires before it takes effect");
        }
    }
    if let Some(s) = &m.superseded {
        let by = s.by.trim();
        if by.is_empty() || by.chars().any(char::is_whitespace) || by == id {
            c.push(
                id,
                "superseded.by",
                "name the replacing measure's id or document's slug (not this measure)",
            );
        }
        if s.on < m.effective_from {
            c.push(id, "superseded.on", "is replaced before it takes effect");
        }
    }
    if let Some(d) = m.budget_exhausted_on {
        if d < m.effective_from {
            c.push(
                id,
                "budget_exhausted_on",
                "budget exhausted before the measure takes effect",
            );
        }
    }
    for cmp in m.condition.comparisons() {
        validate_comparison(c, id, "condition", cmp, vocab);
    }
    validate_formula(c, id, "formula", &m.formula, vocab, true);
    if m.information_only && m.formula.is_monetary() {
        c.push(
            id,
            "information_only",
            "information-only measures use a non_monetary formula",
        );
    }
    if m.examples.is_empty() {
        c.push(
            id,
            "examples",
            "every measure needs at least one worked example",
        );
    }
    for (i, ex) in m.examples.iter().enumerate() {
        let field = format!("examples[{i}]");
        for (name, problem) in vocab.check_facts(&ex.facts) {
            c.push(id, &format!("{field}.facts.{name}"), problem);
        }
    }
}

/// Checks one cross-measure rule: the measures and documents it covers and its kind's figures.
pub(super) fn validate_rule(
    c: &mut Collector<'_>,
    r: &CrossRule,
    ids: &BTreeMap<String, String>,
    documents: &BTreeMap<String, String>,
    vocab: &Vocabulary,
) {
    for m in r.measures.iter().chain(&r.except) {
        if !ids.contains_key(m) {
            c.push(&r.id, "measures", format!("unknown measure \"{m}\""));
        }
    }
    for d in &r.documents {
        if !documents.contains_key(d) {
            c.push(&r.id, "documents", format!("unknown document \"{d}\""));
        }
    }
    if !documents.contains_key(&r.citation.doc) {
        c.push(
            &r.id,
            "citation.doc",
            format!(
                "cites \"{}\", which is not a document of the catalog",
                r.citation.doc
            ),
        );
    }
    if r.measures.is_empty() && r.documents.is_empty() {
        c.push(&r.id, "measures", "a rule must cover some measures");
    }
    match &r.kind {
        RuleKind::Bonus { rate, condition } => {
            if rate.bp() == 0 || rate.bp() > FULL_RATE_BP {
                c.push(&r.id, "rate", "rate must be within 0-100%");
            }
            for cmp in condition.comparisons() {
                validate_comparison(c, &r.id, "condition", cmp, vocab);
            }
        }
        RuleKind::AnnualCap { cap } if *cap <= 0 => c.push(&r.id, "cap", "cap must be positive"),
        RuleKind::MinimumYears { fact, years } => {
            match vocab.get(fact) {
                Some(d) if d.fact_type == FactType::Count => {}
                _ => c.push(
                    &r.id,
                    "fact",
                    format!("\"{fact}\" must be a declared count fact"),
                ),
            }
            if *years <= 0 {
                c.push(&r.id, "years", "years must be positive");
            }
        }
        _ => {}
    }
    if r.citation.quote.trim().is_empty() {
        c.push(&r.id, "citation.quote", "missing quote");
    }
}
