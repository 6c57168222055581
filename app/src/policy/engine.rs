//! The engine: evaluates every measure against an applicant's facts, then applies the
//! cross-measure rules and totals the result. Pure: the date is an argument.
//!
//! Order of work, for one assessment:
//! 1. each measure alone: in force on the date? beneficiary type? minimum-years rules? its
//!    condition (three-valued)? its formula -> [`MeasureOutcome`] with a cited trace;
//! 2. exclusive rules (highest only, no double funding) keep the largest award of a group;
//! 3. bonuses add their rate to covered awards when their condition holds;
//! 4. annual caps trim a group's total to the cap;
//! 5. the total sums what is still counted.
use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::condition::{Comparison, Op, Truth};
use super::date::Date;
use super::fact::{FactValue, Facts};
use super::formula::{Benefit, Computed};
use super::measure::{Beneficiary, Category, Example, Expectation, Measure, SupportType};
use super::money::{format_yuan, MoneyRange, Yuan};
use super::rules::{CrossRule, RuleKind};
use super::vocabulary::Vocabulary;

/// The fact that says who is applying; its options match [`Beneficiary`] names.
pub const APPLICANT_KIND: &str = "applicant_kind";

/// The verdict for one measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The applicant qualifies.
    Eligible,
    /// The applicant does not qualify.
    NotEligible,
    /// More answers are needed.
    NeedsInfo,
    /// The measure is not in force on the assessment date.
    NotInForce,
}

/// One measure's outcome, with its explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureOutcome {
    /// Measure id.
    pub measure_id: String,
    /// Measure title.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Form of support (equity and loans are financing, not grants).
    pub support: SupportType,
    /// "doc, item N".
    pub citation: String,
    /// Document slug of the citation.
    pub doc: String,
    /// Item as printed.
    pub item: String,
    /// Verdict.
    pub verdict: Verdict,
    /// The benefit the measure alone yields (eligible only).
    pub benefit: Option<Benefit>,
    /// The money counted in the total after cross-measure rules (eligible money only).
    pub counted: Option<MoneyRange>,
    /// Why not eligible, in plain words.
    pub reason: Option<String>,
    /// Facts that would decide it.
    pub missing: Vec<String>,
    /// Steps, each ending with its citation.
    pub trace: Vec<String>,
    /// Notes users must see (interpretation, unstated validity, rules applied).
    pub notes: Vec<String>,
}

/// A cross-measure rule that changed the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedRule {
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub title: String,
    /// "doc, item N".
    pub citation: String,
    /// What it did, with figures.
    pub effect: String,
}

/// The result of assessing one applicant against the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Date the assessment applies to.
    pub as_of: Date,
    /// Every measure's outcome, in catalog order.
    pub outcomes: Vec<MeasureOutcome>,
    /// Rules that changed amounts.
    pub rules_applied: Vec<AppliedRule>,
    /// Sum of counted grants, awards, subsidies and refunds.
    pub total: MoneyRange,
    /// Sum of equity investments, loans and guarantees: money that must be repaid or buys a
    /// stake, so it is kept out of `total`.
    pub financing_total: MoneyRange,
    /// Sum of monthly amounts whose duration the text does not state.
    pub monthly_total: Yuan,
}

/// A trace step ending with the measure's citation ("... (nwf-2019-1, item 1)").
fn cite(step: &str, citation: &str) -> String {
    let mut s = String::with_capacity(step.len() + citation.len() + 3);
    s.push_str(step);
    s.push_str(" (");
    s.push_str(citation);
    s.push(')');
    s
}

/// Whether an applicant kind may receive a measure for this beneficiary type.
fn beneficiary_accepts(b: Beneficiary, kind: &str) -> bool {
    match b {
        Beneficiary::Enterprise => kind == "enterprise",
        Beneficiary::Individual => kind == "individual",
        Beneficiary::Team => kind == "individual" || kind == "enterprise",
        Beneficiary::Carrier => kind == "carrier",
        Beneficiary::Investor => kind == "investor",
        Beneficiary::Institution => kind == "institution",
        Beneficiary::ServiceProvider => kind == "service_provider",
    }
}

/// Evaluates one measure on its own (no exclusive groups, bonuses or caps).
pub fn evaluate_measure(
    m: &Measure,
    facts: &Facts,
    vocab: &Vocabulary,
    rules: &[CrossRule],
    as_of: Date,
) -> MeasureOutcome {
    let year_rules: Vec<&CrossRule> = rules
        .iter()
        .filter(|r| {
            matches!(r.kind, RuleKind::MinimumYears { .. }) && r.covers(&m.id, &m.citation.doc)
        })
        .collect();
    evaluate_with(m, facts, vocab, &year_rules, as_of)
}

/// [`evaluate_measure`] with the minimum-years rules covering `m` already selected.
fn evaluate_with(
    m: &Measure,
    facts: &Facts,
    vocab: &Vocabulary,
    year_rules: &[&CrossRule],
    as_of: Date,
) -> MeasureOutcome {
    let mut out = MeasureOutcome {
        measure_id: m.id.clone(),
        title: m.title.clone(),
        category: m.category,
        support: m.support,
        citation: m.citation.short(),
        doc: m.citation.doc.clone(),
        item: m.citation.item.clone(),
        verdict: Verdict::NeedsInfo,
        benefit: None,
        counted: None,
        reason: None,
        missing: Vec::new(),
        trace: Vec::new(),
        notes: Vec::new(),
    };
    if let Some(note) = &m.interpretation {
        out.notes.push(format!("Interpretation: {note}"));
    }
    if !m.validity_stated {
        out.notes.push(
            "The text does not state how long this measure stays in force; check with the issuing department."
                .into(),
        );
    }
    if !m.in_force_on(as_of) {
        out.verdict = Verdict::NotInForce;
        out.reason = Some(match m.expires_on {
            Some(end) if as_of > end => format!("expired on {end}"),
            _ => format!("takes effect on {}", m.effective_from),
        });
        return out;
    }

    // Who may apply.
    match facts.get(APPLICANT_KIND) {
        None => {
            out.missing.push(APPLICANT_KIND.into());
        }
        Some(FactValue::Text(kind))
            if std::iter::once(&m.beneficiary)
                .chain(&m.also_for)
                .any(|b| beneficiary_accepts(*b, kind)) => {}
        Some(other) => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(format!(
                "this measure is for applicants of type \"{:?}\", you answered \"{}\"",
                m.beneficiary,
                other.describe()
            ));
            out.trace
                .push(cite("applicant type does not match", &out.citation));
            return out;
        }
    }

    // The measure's own condition, then the minimum-years rules that cover it (evaluated in
    // place, without copying the condition tree).
    let mut truth = m.condition.evaluate(facts, vocab);
    for r in year_rules {
        if let RuleKind::MinimumYears { fact, years } = &r.kind {
            let years_check = Comparison {
                fact: fact.clone(),
                op: Op::Ge,
                value: FactValue::Number(*years),
            }
            .evaluate(facts, vocab);
            truth = match (truth, years_check) {
                (f @ Truth::False { .. }, _) | (Truth::True, f @ Truth::False { .. }) => f,
                (Truth::Unknown { .. }, f @ Truth::False { .. }) => f,
                (Truth::Unknown { mut missing }, Truth::Unknown { missing: more }) => {
                    missing.extend(more);
                    Truth::Unknown { missing }
                }
                (u @ Truth::Unknown { .. }, Truth::True)
                | (Truth::True, u @ Truth::Unknown { .. }) => u,
                (Truth::True, Truth::True) => Truth::True,
            };
        }
    }
    match truth {
        Truth::False { reason } => {
            out.verdict = Verdict::NotEligible;
            let rule_note = year_rules
                .iter()
                .map(|r| format!(" [{}: {}]", r.title, r.citation.short()))
                .collect::<String>();
            out.trace.push(cite(
                &format!("not eligible: {reason}{rule_note}"),
                &out.citation,
            ));
            out.reason = Some(reason);
            out.missing.clear();
            return out;
        }
        Truth::Unknown { missing } => {
            out.missing.extend(missing);
        }
        Truth::True => {
            for req in m.condition.requirements(vocab) {
                if req != "no conditions" {
                    out.trace
                        .push(cite(&format!("condition met: {req}"), &out.citation));
                }
            }
            for r in year_rules {
                out.trace.push(format!(
                    "condition met: {} ({})",
                    r.title,
                    r.citation.short()
                ));
            }
        }
    }

    match m.formula.compute(facts, vocab) {
        Computed::Missing(more) => out.missing.extend(more),
        Computed::NoTier(reason) if out.missing.is_empty() => {
            out.verdict = Verdict::NotEligible;
            out.trace.push(cite(&reason, &out.citation));
            out.reason = Some(reason);
            return out;
        }
        Computed::NoTier(_) => {}
        Computed::Value { benefit, steps } => {
            if out.missing.is_empty() {
                let citation = &out.citation;
                let cited: Vec<String> = steps.iter().map(|s| cite(s, citation)).collect();
                out.trace.extend(cited);
                out.counted = benefit.countable();
                out.benefit = Some(benefit);
                out.verdict = Verdict::Eligible;
                return out;
            }
        }
    }
    let missing: BTreeSet<String> = out.missing.drain(..).collect();
    out.missing = missing.into_iter().collect();
    out.verdict = Verdict::NeedsInfo;
    out
}

/// Assesses the whole catalog for one applicant on a date.
pub fn assess(catalog: &Catalog, facts: &Facts, as_of: Date) -> Assessment {
    // Which measures each rule covers, computed once as a matrix over the catalog's measures.
    let position: HashMap<&str, usize> = catalog
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let matrix: Vec<Vec<bool>> = catalog
        .rules
        .iter()
        .map(|r| {
            let mut row: Vec<bool> = catalog
                .measures
                .iter()
                .map(|m| r.documents.contains(&m.citation.doc))
                .collect();
            for id in &r.measures {
                if let Some(i) = position.get(id.as_str()) {
                    row[*i] = true;
                }
            }
            for id in &r.except {
                if let Some(i) = position.get(id.as_str()) {
                    row[*i] = false;
                }
            }
            row
        })
        .collect();
    let covers_at = |ri: usize, mi: usize| matrix[ri][mi];
    let year_rule_ids: Vec<usize> = (0..catalog.rules.len())
        .filter(|i| matches!(catalog.rules[*i].kind, RuleKind::MinimumYears { .. }))
        .collect();
    // Outcomes of published measures, with each one's position in the catalog.
    let (midx, mut outcomes): (Vec<usize>, Vec<MeasureOutcome>) = catalog
        .measures
        .iter()
        .enumerate()
        .filter(|(_, m)| m.status == super::measure::Status::Published)
        .map(|(mi, m)| {
            let year_rules: Vec<&CrossRule> = year_rule_ids
                .iter()
                .filter(|ri| covers_at(**ri, mi))
                .map(|ri| &catalog.rules[*ri])
                .collect();
            (
                mi,
                evaluate_with(m, facts, &catalog.vocabulary, &year_rules, as_of),
            )
        })
        .unzip();
    let mut applied = Vec::new();

    let covered = |ri: usize, outcomes: &[MeasureOutcome]| -> Vec<usize> {
        outcomes
            .iter()
            .enumerate()
            .filter(|(oi, o)| {
                o.verdict == Verdict::Eligible && o.counted.is_some() && covers_at(ri, midx[*oi])
            })
            .map(|(i, _)| i)
            .collect()
    };

    // 2. Exclusive groups. Where several covered measures apply but pay no stated money, the
    //    rule cannot pick the highest; it is shown as a note instead.
    for (ri, rule) in catalog.rules.iter().enumerate() {
        if !matches!(rule.kind, RuleKind::HighestOnly | RuleKind::NoDoubleFunding) {
            continue;
        }
        let eligible: Vec<usize> = outcomes
            .iter()
            .enumerate()
            .filter(|(oi, o)| o.verdict == Verdict::Eligible && covers_at(ri, midx[*oi]))
            .map(|(i, _)| i)
            .collect();
        if eligible.len() >= 2 {
            for &i in &eligible {
                outcomes[i].notes.push(format!(
                    "{} ({}): you qualify for {} measures of this group; the same project cannot receive more than one of them.",
                    rule.title,
                    rule.citation.short(),
                    eligible.len()
                ));
            }
        }
        let group = covered(ri, &outcomes);
        if group.len() < 2 {
            continue;
        }
        let keep = *group
            .iter()
            .max_by_key(|i| {
                let r = outcomes[**i].counted.unwrap_or(MoneyRange::exact(0));
                (r.high, r.low, std::cmp::Reverse(**i))
            })
            .unwrap_or(&group[0]);
        let kept_title = outcomes[keep].title.clone();
        let mut dropped = Vec::new();
        for &i in &group {
            if i == keep {
                continue;
            }
            let o = &mut outcomes[i];
            o.notes.push(format!(
                "Not counted: {} ({}) pays only the highest award, here \"{kept_title}\".",
                rule.title,
                rule.citation.short()
            ));
            o.trace.push(format!(
                "{}: not counted, a higher award in the same group applies ({})",
                rule.title,
                rule.citation.short()
            ));
            o.counted = Some(MoneyRange::exact(0));
            dropped.push(o.title.clone());
        }
        applied.push(AppliedRule {
            rule_id: rule.id.clone(),
            title: rule.title.clone(),
            citation: rule.citation.short(),
            effect: format!("kept \"{kept_title}\"; not counted: {}", dropped.join("; ")),
        });
    }

    // 3. Bonuses.
    for (ri, rule) in catalog.rules.iter().enumerate() {
        let RuleKind::Bonus { rate, condition } = &rule.kind else {
            continue;
        };
        let group = covered(ri, &outcomes);
        if group.is_empty() {
            continue;
        }
        match condition.evaluate(facts, &catalog.vocabulary) {
            Truth::True => {
                let mut lines = Vec::new();
                for i in group {
                    let o = &mut outcomes[i];
                    let Some(base) = o.counted else { continue };
                    if base.high == 0 {
                        continue;
                    }
                    let extra = MoneyRange {
                        low: rate.apply(base.low),
                        high: rate.apply(base.high),
                    };
                    o.trace.push(format!(
                        "{}: +{rate} x {base} = +{extra} ({})",
                        rule.title,
                        rule.citation.short()
                    ));
                    o.counted = Some(base.plus(extra));
                    lines.push(format!("{} +{extra}", o.title));
                }
                if !lines.is_empty() {
                    applied.push(AppliedRule {
                        rule_id: rule.id.clone(),
                        title: rule.title.clone(),
                        citation: rule.citation.short(),
                        effect: lines.join("; "),
                    });
                }
            }
            Truth::Unknown { missing } => {
                for i in group {
                    outcomes[i].notes.push(format!(
                        "{} ({}) may add {rate} if you answer: {}",
                        rule.title,
                        rule.citation.short(),
                        missing.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
            Truth::False { .. } => {}
        }
    }

    // 4. Annual caps per beneficiary.
    for (ri, rule) in catalog.rules.iter().enumerate() {
        let RuleKind::AnnualCap { cap } = rule.kind else {
            continue;
        };
        let group = covered(ri, &outcomes);
        let sum = group
            .iter()
            .filter_map(|i| outcomes[*i].counted)
            .fold(MoneyRange::exact(0), MoneyRange::plus);
        if sum.high <= cap {
            continue;
        }
        // Trim from the last measure in the group backwards, so the earlier items are paid first.
        let mut room_low = cap;
        let mut room_high = cap;
        for &i in &group {
            let o = &mut outcomes[i];
            let Some(r) = o.counted else { continue };
            let new = MoneyRange {
                low: r.low.min(room_low),
                high: r.high.min(room_high),
            };
            room_low -= new.low;
            room_high -= new.high;
            if new != r {
                o.trace.push(format!(
                    "{}: the group is capped at {} a year, so {r} -> {new} ({})",
                    rule.title,
                    format_yuan(cap),
                    rule.citation.short()
                ));
                o.counted = Some(new);
            }
        }
        applied.push(AppliedRule {
            rule_id: rule.id.clone(),
            title: rule.title.clone(),
            citation: rule.citation.short(),
            effect: format!("{sum} in the group, capped at {} a year", format_yuan(cap)),
        });
    }

    // 5. Totals. Financing (equity, loans, guarantees) is summed apart from grants.
    let mut total = MoneyRange::exact(0);
    let mut financing_total = MoneyRange::exact(0);
    let mut monthly_total: Yuan = 0;
    for o in outcomes
        .iter_mut()
        .filter(|o| o.verdict == Verdict::Eligible)
    {
        let financing = is_financing(o.support);
        if let (Some(c), true) = (o.counted, financing) {
            financing_total = financing_total.plus(c);
            o.notes.push(
                "Financing (equity, a loan or a guarantee), not a grant: shown apart from the total."
                    .into(),
            );
        } else if let Some(c) = o.counted {
            total = total.plus(c);
        } else if let Some(Benefit::Monthly {
            per_month,
            months: None,
        }) = &o.benefit
        {
            monthly_total = monthly_total.saturating_add(*per_month);
        }
    }
    Assessment {
        as_of,
        outcomes,
        rules_applied: applied,
        total,
        financing_total,
        monthly_total,
    }
}

/// Whether a support type is financing rather than a grant.
pub fn is_financing(support: SupportType) -> bool {
    matches!(
        support,
        SupportType::EquityInvestment | SupportType::LoanOrGuarantee
    )
}

/// Runs one worked example against its measure; `Err` says how the result differs.
pub fn check_example(catalog: &Catalog, m: &Measure, ex: &Example) -> Result<(), String> {
    let as_of = ex.as_of.unwrap_or(m.effective_from);
    let o = evaluate_measure(m, &ex.facts, &catalog.vocabulary, &catalog.rules, as_of);
    let verdict_ok = matches!(
        (ex.expect, o.verdict),
        (Expectation::Eligible, Verdict::Eligible)
            | (Expectation::NotEligible, Verdict::NotEligible)
            | (Expectation::NeedsInfo, Verdict::NeedsInfo)
    );
    if !verdict_ok {
        return Err(format!(
            "{} / \"{}\": expected {:?}, got {:?} (reason: {:?}, missing: {:?})",
            m.id, ex.name, ex.expect, o.verdict, o.reason, o.missing
        ));
    }
    let range = o.benefit.as_ref().and_then(Benefit::countable);
    let mismatch = |what: &str, want: Yuan, got: Option<Yuan>| {
        format!(
            "{} / \"{}\": expected {what} {want}, got {got:?}",
            m.id, ex.name
        )
    };
    if let Some(want) = ex.amount {
        let got = range.filter(MoneyRange::is_exact).map(|r| r.low);
        if got != Some(want) {
            return Err(mismatch("amount", want, got));
        }
    }
    if let Some(want) = ex.low {
        if range.map(|r| r.low) != Some(want) {
            return Err(mismatch("low", want, range.map(|r| r.low)));
        }
    }
    if let Some(want) = ex.high {
        if range.map(|r| r.high) != Some(want) {
            return Err(mismatch("high", want, range.map(|r| r.high)));
        }
    }
    if let Some(want) = ex.per_month {
        let got = match o.benefit {
            Some(Benefit::Monthly { per_month, .. }) => Some(per_month),
            _ => None,
        };
        if got != Some(want) {
            return Err(mismatch("per_month", want, got));
        }
    }
    Ok(())
}
