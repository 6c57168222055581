//! Turning measures into what pages and the API show: summaries, measure pages, the home page.
use crate::policy::condition::describe_value;
use crate::policy::engine::{evaluate_measure, Verdict};
use crate::policy::labels::Labelled;
use crate::policy::{
    format_yuan, Catalog, Category, Facts, Formula, Measure, RuleKind, Vocabulary,
};
use crate::wire::catalog::{
    FacetCount, Figure, HomeSummary, MeasureDetail, MeasureSummary, RelatedMeasure, UpdateSummary,
    WorkedExample,
};

/// The list view of a measure.
pub fn summary(catalog: &Catalog, m: &Measure) -> MeasureSummary {
    MeasureSummary {
        id: m.id.clone(),
        title: m.title.clone(),
        summary: m.summary.clone(),
        category: m.category.slug().into(),
        category_label: m.category.name().into(),
        region: m.region.slug().into(),
        region_label: m.region.name().into(),
        beneficiary: m.beneficiary.slug().into(),
        support: m.support.slug().into(),
        support_label: m.support.name().into(),
        doc: m.citation.doc.clone(),
        item: m.citation.item.clone(),
        citation: m.citation.short(),
        benefit: m.formula.describe(&catalog.vocabulary),
        ceiling: m.formula.ceiling(),
        monetary: m.formula.is_monetary(),
        information_only: m.information_only,
        effective_from: m.effective_from.to_string(),
        state: crate::policy::lifecycle::lifecycle(m, super::clock::today())
            .slug()
            .into(),
        expires_on: m.expires_on.map(|d| d.to_string()),
    }
}

fn figures(catalog: &Catalog, f: &Formula) -> Vec<Figure> {
    let fig = |label: &str, value: String| Figure {
        label: label.into(),
        value,
    };
    let fact = |name: &str| {
        catalog
            .vocabulary
            .get(name)
            .map(|d| d.label.clone())
            .unwrap_or_else(|| name.into())
    };
    let yuan = |n: i64| format!("{} yuan", format_yuan(n));
    let mut out = Vec::new();
    match f {
        Formula::Fixed { amount } => out.push(fig("Amount", yuan(*amount))),
        Formula::UpTo { max } => out.push(fig("Maximum", yuan(*max))),
        Formula::Range { min, max } => out.push(fig(
            "Range",
            format!("{} to {}", format_yuan(*min), yuan(*max)),
        )),
        Formula::Rate {
            rate,
            base,
            cap,
            floor,
        } => {
            out.push(fig("Rate", rate.to_string()));
            out.push(fig("Base", fact(base)));
            if let Some(c) = cap {
                out.push(fig("Cap", yuan(*c)));
            }
            if let Some(fl) = floor {
                out.push(fig("Floor", yuan(*fl)));
            }
        }
        Formula::RateRange {
            min_rate,
            max_rate,
            base,
            cap,
        } => {
            out.push(fig("Rate range", format!("{min_rate} to {max_rate}")));
            out.push(fig("Base", fact(base)));
            if let Some(c) = cap {
                out.push(fig("Cap", yuan(*c)));
            }
        }
        Formula::PerUnit { amount, unit, cap } => {
            out.push(fig("Amount per unit", yuan(*amount)));
            out.push(fig("Counted", fact(unit)));
            if let Some(c) = cap {
                out.push(fig("Cap", yuan(*c)));
            }
        }
        Formula::Tiers { by, tiers } => {
            for t in tiers {
                let when = t.describe_when(by, &catalog.vocabulary);
                // A threshold alone ("at least ...") needs the fact's name to read as a label.
                let when = if t.at_least.is_some() {
                    format!("{} {when}", fact(by))
                } else {
                    when
                };
                out.push(fig(&when, t.formula.describe(&catalog.vocabulary)));
            }
        }
        Formula::PerItem {
            items,
            each,
            cap,
            when,
        } => {
            let noun = catalog
                .vocabulary
                .get(items)
                .map(|d| d.item_noun().to_string())
                .unwrap_or_else(|| "entry".into());
            let fields = catalog
                .vocabulary
                .scope(items)
                .unwrap_or(&catalog.vocabulary);
            out.push(fig("Paid for each", format!("{noun} ({})", fact(items))));
            out.push(fig(&format!("For one {noun}"), each.describe(fields)));
            if let Some(w) = when {
                out.push(fig(&format!("Which {noun}s count"), w.describe(fields)));
            }
            if let Some(c) = cap {
                out.push(fig(&format!("Cap for all {noun}s together"), yuan(*c)));
            }
        }
        Formula::Monthly { per_month, months } => {
            out.push(fig("Per month", yuan(*per_month)));
            out.push(fig(
                "Months",
                months
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "not stated".into()),
            ));
        }
        Formula::NonMonetary { benefit, months } => {
            out.push(fig("Benefit", benefit.clone()));
            if let Some(m) = months {
                out.push(fig("Months", m.to_string()));
            }
        }
    }
    out
}

/// The measure page, or `None` for an unknown id.
pub fn detail(catalog: &Catalog, id: &str) -> Option<MeasureDetail> {
    let m = catalog.measure(id)?;
    let vocab = &catalog.vocabulary;
    let doc = catalog.documents.iter().find(|d| d.slug == m.citation.doc);
    let who = std::iter::once(m.beneficiary)
        .chain(m.also_for.iter().copied())
        .map(|b| b.name().to_string())
        .collect();
    let rules: Vec<String> = catalog
        .rules
        .iter()
        .filter(|r| r.covers(&m.id, &m.citation.doc))
        .map(|r| {
            let what = match &r.kind {
                RuleKind::HighestOnly => {
                    "only the highest of the group's awards is paid".to_string()
                }
                RuleKind::NoDoubleFunding => "the same project cannot be funded twice".to_string(),
                RuleKind::Bonus { rate, condition } => {
                    format!("+{rate} when {}", condition.describe(vocab))
                }
                RuleKind::AnnualCap { cap } => {
                    format!("at most {} yuan a year for the group", format_yuan(*cap))
                }
                RuleKind::MinimumYears { fact, years } => format!(
                    "requires {} of at least {years}",
                    vocab.get(fact).map(|d| d.label.as_str()).unwrap_or(fact)
                ),
            };
            format!("{}: {what} ({})", r.title, r.citation.short())
        })
        .collect();
    let examples = m
        .examples
        .iter()
        .map(|ex| {
            let as_of = ex.as_of.unwrap_or(m.effective_from);
            let o = evaluate_measure(m, &ex.facts, vocab, &catalog.rules, as_of);
            let outcome = match o.verdict {
                Verdict::Eligible => format!(
                    "Eligible: {}",
                    o.benefit.as_ref().map(|b| b.describe()).unwrap_or_default()
                ),
                Verdict::NotEligible => {
                    format!("Not eligible: {}", o.reason_text().unwrap_or_default())
                }
                Verdict::NeedsInfo => format!(
                    "More information needed: {}",
                    o.missing
                        .iter()
                        .map(|f| vocab
                            .get(f)
                            .map(|d| d.label.clone())
                            .unwrap_or_else(|| f.to_string()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Verdict::NotInForce => {
                    format!("Not in force: {}", o.reason_text().unwrap_or_default())
                }
            };
            WorkedExample {
                name: ex.name.clone(),
                facts: answer_figures(vocab, &ex.facts),
                outcome,
                trace: o.trace(),
            }
        })
        .collect();
    Some(MeasureDetail {
        summary: summary(catalog, m),
        who,
        conditions: m
            .condition
            .requirements(vocab)
            .into_iter()
            .filter(|c| c != "no conditions")
            .collect(),
        figures: figures(catalog, &m.formula),
        frequency: m.frequency.name().into(),
        doc_title: doc.map(|d| d.title.clone()).unwrap_or_default(),
        quote: m.citation.quote.clone(),
        effective_from: m.effective_from.to_string(),
        expires_on: m.expires_on.map(|d| d.to_string()),
        superseded_by: m.superseded.as_ref().map(|s| s.by.clone()),
        superseded_on: m.superseded.as_ref().map(|s| s.on.to_string()),
        budget_exhausted_on: m.budget_exhausted_on.map(|d| d.to_string()),
        validity_stated: m.validity_stated,
        validity_note: doc.map(|d| d.validity.clone()).unwrap_or_default(),
        interpretation: m.interpretation.clone(),
        materials: m.required_materials(vocab),
        rules,
        examples,
        related: related(catalog, m),
        version: m.version,
    })
}

/// Answers in words, labelled by the vocabulary's questions (an answer the vocabulary no
/// longer defines keeps its name).
pub fn answer_figures(vocab: &Vocabulary, facts: &Facts) -> Vec<Figure> {
    facts
        .iter()
        .map(|(k, v)| match vocab.get(k) {
            Some(d) => Figure {
                label: d.label.clone(),
                value: describe_value(d, v),
            },
            None => Figure {
                label: k.clone(),
                value: v.describe(),
            },
        })
        .collect()
}

fn related(catalog: &Catalog, m: &Measure) -> Vec<RelatedMeasure> {
    let grouped: Vec<&str> = catalog
        .rules
        .iter()
        .filter(|r| matches!(r.kind, RuleKind::HighestOnly | RuleKind::NoDoubleFunding))
        .filter(|r| r.measures.iter().any(|x| x == &m.id))
        .flat_map(|r| r.measures.iter().map(String::as_str))
        .collect();
    let mut out: Vec<RelatedMeasure> = Vec::new();
    let mut push = |other: &Measure, relation: &str| {
        if other.id != m.id && !out.iter().any(|r| r.id == other.id) {
            out.push(RelatedMeasure {
                id: other.id.clone(),
                title: other.title.clone(),
                relation: relation.into(),
            });
        }
    };
    for other in catalog
        .measures
        .iter()
        .filter(|o| grouped.contains(&o.id.as_str()))
    {
        push(other, "Same exclusive group: only the highest applies");
    }
    for other in catalog
        .measures
        .iter()
        .filter(|o| o.citation.doc == m.citation.doc && o.citation.item == m.citation.item)
    {
        push(other, "Same item of the same document");
    }
    for other in catalog
        .measures
        .iter()
        .filter(|o| o.category == m.category)
        .take(40)
    {
        push(other, "Same category");
    }
    out.truncate(8);
    out
}

/// Category counts for the home page, talent/finance/IP/platforms first.
pub fn category_counts(catalog: &Catalog) -> Vec<FacetCount> {
    Category::ALL
        .iter()
        .map(|c| FacetCount {
            value: c.slug().into(),
            label: c.name().into(),
            count: catalog.measures.iter().filter(|m| m.category == *c).count() as u32,
        })
        .collect()
}

/// The home page's data.
pub fn overview(catalog: &Catalog, updates: Vec<UpdateSummary>) -> HomeSummary {
    HomeSummary {
        categories: category_counts(catalog),
        total: catalog.measures.len() as u32,
        updates,
    }
}
