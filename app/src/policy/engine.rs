//! The engine: evaluates every measure against an applicant's facts, then applies the
//! cross-measure rules and totals the result. Pure: the date is an argument.
//!
//! Order of work, for one assessment, one function per phase:
//! 1. each measure alone ([`evaluate_measure`]):
//!    - applicability: in force on the date? open to the applicant's type? which minimum-years
//!      rules cover it? ([`applicability`](super::applicability));
//!    - conditions: its condition and minimum-years rules, three-valued ([`requirements`]);
//!    - formula: the amount, or the answers it still needs ([`formula_phase`]);
//!
//!    -> a [`MeasureOutcome`], whose trace is kept as data (requirements met, formula steps, rule
//!    steps) and worded by [`explain`](super::explain);
//! 2. cross-measure rules ([`cross_rules`](super::cross_rules)): exclusive rules (highest only,
//!    no double funding) keep the largest award of a group; bonuses add their rate to covered
//!    awards when their condition holds; annual caps trim a group's total to the cap;
//! 3. totals ([`totals`](super::totals)): the sum of what is still counted, financing apart.
use super::applicability::{applicability, year_rules_for, Applicability};
use super::catalog::Catalog;
use super::condition::{at_least, Truth};
use super::cross_rules;
use super::date::Date;
use super::fact::{AnswerIndex, Answers, Facts};
use super::formula::{Benefit, Computed};
use super::measure::{Example, Expectation, Measure, Status};
use super::money::{MoneyRange, Yuan};
use super::outcome::Reason;
use super::rules::{CrossRule, RuleKind};
use super::totals::{totals, Totals};
use super::vocabulary::Vocabulary;

pub use super::applicability::APPLICANT_KIND;
pub use super::outcome::{AppliedRule, Assessment, MeasureOutcome, Verdict};
pub use super::totals::is_financing;

/// Evaluates one measure on its own (no exclusive groups, bonuses or caps).
pub fn evaluate_measure<'a>(
    m: &'a Measure,
    facts: &'a Facts,
    vocab: &'a Vocabulary,
    rules: &'a [CrossRule],
    as_of: Date,
) -> MeasureOutcome<'a> {
    evaluate_with(m, facts, vocab, year_rules_for(m, rules), as_of)
}

/// [`evaluate_measure`] with the minimum-years rules covering `m` already selected: the three
/// phases of one measure, in order.
fn evaluate_with<'a>(
    m: &'a Measure,
    facts: impl Answers<'a>,
    vocab: &'a Vocabulary,
    year_rules: Vec<&'a CrossRule>,
    as_of: Date,
) -> MeasureOutcome<'a> {
    let mut out = MeasureOutcome::pending(m, vocab, year_rules);
    match applicability(m, facts, as_of) {
        Applicability::Closed { verdict, reason } => {
            out.verdict = verdict;
            out.reason = Some(reason);
            return out;
        }
        Applicability::Open { kind_missing } => {
            if kind_missing {
                out.missing.push(APPLICANT_KIND);
            }
        }
    }
    match requirements(m, &out.year_rules, facts) {
        Truth::False { failure } => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(Reason::Condition(failure));
            out.missing.clear();
            return out;
        }
        Truth::Unknown { missing } => out.missing.extend(missing),
        Truth::True => out.conditions_met = true,
    }
    formula_phase(&mut out, facts);
    out
}

/// The conditions phase: the measure's own condition, then each minimum-years rule that covers
/// it, all three-valued (the first failure wins over a missing answer; missing answers are
/// gathered).
pub(super) fn requirements<'a>(
    m: &'a Measure,
    year_rules: &[&'a CrossRule],
    facts: impl Answers<'a>,
) -> Truth<'a> {
    let mut truth = m.condition.evaluate(facts);
    for r in year_rules {
        if let RuleKind::MinimumYears { fact, years } = &r.kind {
            truth = truth.and(at_least(fact, *years, facts));
        }
    }
    truth
}

/// The formula phase, on an outcome whose applicability and conditions are known (missing
/// answers gathered so far in `out.missing`): computes the amount and settles the verdict.
/// Eligible only when nothing is missing; a formula that pays nothing for complete answers (no
/// tier, no entry) makes the measure not eligible; otherwise it needs information, with the
/// missing facts sorted.
pub(super) fn formula_phase<'a>(out: &mut MeasureOutcome<'a>, facts: impl Answers<'a>) {
    match out.measure.formula.compute(facts) {
        Computed::Missing(fact) => out.missing.push(fact),
        Computed::NoTier(no_tier) if out.missing.is_empty() => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(Reason::NoTier(no_tier));
            return;
        }
        Computed::NoTier(_) => {}
        Computed::NoItems(no_items) if out.missing.is_empty() => {
            out.verdict = Verdict::NotEligible;
            out.reason = Some(Reason::NoItems(no_items));
            return;
        }
        Computed::NoItems(_) => {}
        Computed::Value { benefit, steps } => {
            if out.missing.is_empty() {
                out.steps = steps;
                out.counted = benefit.countable();
                out.benefit = Some(benefit);
                out.verdict = Verdict::Eligible;
                return;
            }
        }
    }
    out.missing.sort_unstable();
    out.missing.dedup();
    out.verdict = Verdict::NeedsInfo;
}

/// Assesses the whole catalog for one applicant on a date: each published measure alone, then
/// the cross-measure rules, then the totals.
pub fn assess<'a>(catalog: &'a Catalog, facts: &'a Facts, as_of: Date) -> Assessment<'a> {
    // Which measures each rule covers: a matrix computed once per catalog.
    let coverage = catalog.coverage();
    let year_rule_ids: Vec<usize> = (0..catalog.rules.len())
        .filter(|i| matches!(catalog.rules[*i].kind, RuleKind::MinimumYears { .. }))
        .collect();
    let answers = AnswerIndex::new(facts);
    // Outcomes of published measures, with each one's position in the catalog.
    let mut midx = Vec::with_capacity(catalog.measures.len());
    let mut outcomes = Vec::with_capacity(catalog.measures.len());
    for (mi, m) in catalog.measures.iter().enumerate() {
        if m.status != Status::Published {
            continue;
        }
        let year_rules: Vec<&CrossRule> = year_rule_ids
            .iter()
            .filter(|ri| coverage.covers(**ri, mi))
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
    let rules_applied = cross_rules::apply(
        &catalog.rules,
        |ri, oi| coverage.covers(ri, midx[oi]),
        &answers,
        &mut outcomes,
    );
    let Totals {
        total,
        financing_total,
        monthly_total,
    } = totals(&mut outcomes);
    Assessment {
        as_of,
        outcomes,
        rules_applied,
        total,
        financing_total,
        monthly_total,
    }
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
