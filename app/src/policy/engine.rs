//! The engine: evaluates every measure against an applicant's facts, then applies the
//! cross-measure rules and totals the result. Pure: the date is an argument.
//!
//! Order of work, for one assessment:
//! 1. each measure alone: in force on the date? beneficiary type? minimum-years rules? its
//!    condition (three-valued)? its formula -> [`MeasureOutcome`], whose trace is kept as data
//!    (requirements met, formula steps, rule steps) and worded by [`explain`](super::explain);
//! 2. exclusive rules (highest only, no double funding) keep the largest award of a group;
//! 3. bonuses add their rate to covered awards when their condition holds;
//! 4. annual caps trim a group's total to the cap;
//! 5. the total sums what is still counted.
use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::condition::{at_least, Truth};
use super::date::Date;
use super::explain::{Effect, Note, Reason, RuleStep};
use super::fact::{AnswerIndex, Answers, FactValue, Facts};
use super::formula::{Benefit, Computed, FormulaStep};
use super::measure::{Beneficiary, Example, Expectation, Measure, SupportType};
use super::money::{MoneyRange, Yuan};
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

/// One measure's outcome. It borrows the measure, the rules and the answers, and keeps its
/// explanation as data: [`explain`](super::explain) words the trace, notes and reason when they
/// are read or serialised (`MeasureOutcome::trace`, `notes`, `reason_text`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureOutcome<'a> {
    /// The measure (id, title, category, support type and citation are read from it).
    pub measure: &'a Measure,
    /// The declared facts, whose labels word the explanation.
    pub vocab: &'a Vocabulary,
    /// Verdict.
    pub verdict: Verdict,
    /// The benefit the measure alone yields (eligible only).
    pub benefit: Option<Benefit>,
    /// The money counted in the total after cross-measure rules (eligible money only).
    pub counted: Option<MoneyRange>,
    /// Why not eligible or not in force.
    pub reason: Option<Reason<'a>>,
    /// Facts that would decide it, sorted (needs information only).
    pub missing: Vec<&'a str>,
    /// Whether the measure's condition and minimum-years rules hold (the trace then lists each
    /// requirement met).
    pub conditions_met: bool,
    /// The minimum-years rules covering the measure.
    pub year_rules: Vec<&'a CrossRule>,
    /// The formula's arithmetic (eligible only).
    pub steps: Vec<FormulaStep<'a>>,
    /// What cross-measure rules did to the amount, in order.
    pub rule_steps: Vec<RuleStep<'a>>,
    /// Notes added by the assessment, after the measure's own notes (interpretation, unstated
    /// validity).
    pub notes: Vec<Note<'a>>,
}

/// A cross-measure rule that changed the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedRule<'a> {
    /// The rule (id, title and citation are read from it).
    pub rule: &'a CrossRule,
    /// What it did, with figures.
    pub effect: Effect<'a>,
}

/// The result of assessing one applicant against the catalog. It borrows the catalog; what
/// crosses the wire is the owned `wire::assessment::AssessmentResponse` built from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment<'a> {
    /// Date the assessment applies to.
    pub as_of: Date,
    /// Every measure's outcome, in catalog order.
    pub outcomes: Vec<MeasureOutcome<'a>>,
    /// Rules that changed amounts.
    pub rules_applied: Vec<AppliedRule<'a>>,
    /// Sum of counted grants, awards, subsidies and refunds.
    pub total: MoneyRange,
    /// Sum of equity investments, loans and guarantees: money that must be repaid or buys a
    /// stake, so it is kept out of `total`.
    pub financing_total: MoneyRange,
    /// Sum of monthly amounts whose duration the text does not state.
    pub monthly_total: Yuan,
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
pub fn evaluate_measure<'a>(
    m: &'a Measure,
    facts: &'a Facts,
    vocab: &'a Vocabulary,
    rules: &'a [CrossRule],
    as_of: Date,
) -> MeasureOutcome<'a> {
    let year_rules: Vec<&CrossRule> = rules
        .iter()
        .filter(|r| {
            matches!(r.kind, RuleKind::MinimumYears { .. }) && r.covers(&m.id, &m.citation.doc)
        })
        .collect();
    evaluate_with(m, facts, vocab, year_rules, as_of)
}

/// [`evaluate_measure`] with the minimum-years rules covering `m` already selected.
fn evaluate_with<'a>(
    m: &'a Measure,
    facts: impl Answers<'a>,
    vocab: &'a Vocabulary,
    year_rules: Vec<&'a CrossRule>,
    as_of: Date,
) -> MeasureOutcome<'a> {
    let mut out = MeasureOutcome {
        measure: m,
        vocab,
        verdict: Verdict::NeedsInfo,
        benefit: None,
        counted: None,
        reason: None,
        missing: Vec::new(),
        conditions_met: false,
        year_rules,
        steps: Vec::new(),
        rule_steps: Vec::new(),
        notes: Vec::new(),
    };
    if !m.in_force_on(as_of) {
        out.verdict = Verdict::NotInForce;
        out.reason = Some(match m.expires_on {
            Some(end) if as_of > end => Reason::Expired(end),
            _ => Reason::NotYetInForce(m.effective_from),
        });
        return out;
    }

    // Who may apply.
    match facts.answer(APPLICANT_KIND) {
        None => {
            out.missing.push(APPLICANT_KIND);
        }
        Some(FactValue::Text(kind))
            if std::iter::once(&m.beneficiary)
                .chain(&m.also_for)
                .any(|b| beneficiary_accepts(*b, kind)) => {}
        Some(other) => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(Reason::ApplicantType {
                beneficiary: m.beneficiary,
                answer: other,
            });
            return out;
        }
    }

    // The measure's own condition, then the minimum-years rules that cover it.
    let mut truth = m.condition.evaluate(facts);
    for r in &out.year_rules {
        if let RuleKind::MinimumYears { fact, years } = &r.kind {
            truth = truth.and(at_least(fact, *years, facts));
        }
    }
    match truth {
        Truth::False { failure } => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(Reason::Condition(failure));
            out.missing.clear();
            return out;
        }
        Truth::Unknown { missing } => out.missing.extend(missing),
        Truth::True => out.conditions_met = true,
    }

    match m.formula.compute(facts) {
        Computed::Missing(fact) => out.missing.push(fact),
        Computed::NoTier(no_tier) if out.missing.is_empty() => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(Reason::NoTier(no_tier));
            return out;
        }
        Computed::NoTier(_) => {}
        Computed::NoItems(no_items) if out.missing.is_empty() => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(Reason::NoItems(no_items));
            return out;
        }
        Computed::NoItems(_) => {}
        Computed::Value { benefit, steps } => {
            if out.missing.is_empty() {
                out.steps = steps;
                out.counted = benefit.countable();
                out.benefit = Some(benefit);
                out.verdict = Verdict::Eligible;
                return out;
            }
        }
    }
    out.missing.sort_unstable();
    out.missing.dedup();
    out.verdict = Verdict::NeedsInfo;
    out
}

/// Assesses the whole catalog for one applicant on a date.
pub fn assess<'a>(catalog: &'a Catalog, facts: &'a Facts, as_of: Date) -> Assessment<'a> {
    // Which measures each rule covers: a matrix computed once per catalog.
    let coverage = catalog.coverage();
    let covers_at = |ri: usize, mi: usize| coverage.covers(ri, mi);
    let year_rule_ids: Vec<usize> = (0..catalog.rules.len())
        .filter(|i| matches!(catalog.rules[*i].kind, RuleKind::MinimumYears { .. }))
        .collect();
    let answers = AnswerIndex::new(facts);
    // Outcomes of published measures, with each one's position in the catalog.
    let mut midx = Vec::with_capacity(catalog.measures.len());
    let mut outcomes = Vec::with_capacity(catalog.measures.len());
    for (mi, m) in catalog.measures.iter().enumerate() {
        if m.status != super::measure::Status::Published {
            continue;
        }
        let year_rules: Vec<&CrossRule> = year_rule_ids
            .iter()
            .filter(|ri| covers_at(**ri, mi))
            .map(|ri| &catalog.rules[*ri])
            .collect();
        midx.push(mi);
        outcomes.push(evaluate_with(
            m,
            &answers,
            &catalog.vocabulary,
            year_rules,
            as_of,
        ));
    }
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
                outcomes[i].notes.push(Note::OneOfGroup {
                    rule,
                    eligible: eligible.len(),
                });
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
        let kept: &str = &outcomes[keep].measure.title;
        let mut dropped = Vec::new();
        for &i in &group {
            if i == keep {
                continue;
            }
            let o = &mut outcomes[i];
            o.notes.push(Note::NotCounted { rule, kept });
            o.rule_steps.push(RuleStep::NotCounted(rule));
            o.counted = Some(MoneyRange::exact(0));
            dropped.push(o.measure.title.as_str());
        }
        applied.push(AppliedRule {
            rule,
            effect: Effect::KeptHighest { kept, dropped },
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
        match condition.evaluate(&answers) {
            Truth::True => {
                let mut added = Vec::new();
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
                    o.rule_steps.push(RuleStep::Bonus {
                        rule,
                        rate: *rate,
                        base,
                        extra,
                    });
                    o.counted = Some(base.plus(extra));
                    added.push((o.measure.title.as_str(), extra));
                }
                if !added.is_empty() {
                    applied.push(AppliedRule {
                        rule,
                        effect: Effect::Bonus(added),
                    });
                }
            }
            Truth::Unknown { missing } => {
                let missing: Vec<&str> = missing.into_iter().collect();
                for i in group {
                    outcomes[i].notes.push(Note::BonusIfAnswered {
                        rule,
                        rate: *rate,
                        missing: missing.clone(),
                    });
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
                o.rule_steps.push(RuleStep::GroupCapped {
                    rule,
                    cap,
                    before: r,
                    after: new,
                });
                o.counted = Some(new);
            }
        }
        applied.push(AppliedRule {
            rule,
            effect: Effect::Capped { sum, cap },
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
        let financing = is_financing(o.measure.support);
        if let (Some(c), true) = (o.counted, financing) {
            financing_total = financing_total.plus(c);
            o.notes.push(Note::Financing);
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
            m.id,
            ex.name,
            ex.expect,
            o.verdict,
            o.reason_text(),
            o.missing
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
