//! Property test over the whole seeded catalog (issue 15, "Hostile input"): any answers of the
//! declared types, in range or not, on any day, never panic the engine or the wording of its
//! answer, and every measure gets exactly one verdict whose amount lies within its formula's
//! bounds.
//!
//! Cases: 512 by default (a few seconds); `PROPTEST_CASES=20000 cargo test -p app --features
//! ssr --test engine_properties` runs a longer search.
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::LazyLock;

use app::policy::{
    assess, seed, Benefit, Catalog, Date, FactDef, FactType, FactValue, Facts, Formula, MoneyRange,
    Rate, RuleStep, Status, Verdict, Yuan,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Outcomes checked, and how many of them were eligible with an amount (so the run shows the
/// bounds were exercised, not only verdicts without money).
static OUTCOMES: AtomicUsize = AtomicUsize::new(0);
static AMOUNTS: AtomicUsize = AtomicUsize::new(0);
static PAID: std::sync::Mutex<BTreeSet<String>> = std::sync::Mutex::new(BTreeSet::new());

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| seed::load().expect("seeded catalog loads"));

/// Numbers of a numeric fact: mostly within its bounds (what the answer parser lets through),
/// sometimes just outside them, sometimes anything an `i64` holds.
fn number(def: &FactDef) -> BoxedStrategy<i64> {
    let (min, max) = def.bounds();
    let lo = min.unwrap_or(0);
    let hi = max.unwrap_or(10_000_000_000).max(lo);
    let edges = vec![
        lo,
        hi,
        lo.saturating_sub(1),
        hi.saturating_add(1),
        0,
        -1,
        1,
        i64::MIN,
        i64::MAX,
    ];
    prop_oneof![
        6 => lo..=hi,
        2 => proptest::sample::select(edges),
        1 => any::<i64>(),
    ]
    .boxed()
}

/// A day from 1900 to 2999 (the range `Date` accepts), mostly while the seeded measures are in
/// force.
fn date() -> impl Strategy<Value = Date> {
    let year = prop_oneof![9 => 2018u16..=2026, 1 => 1900u16..=2999];
    (year, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| Date::new(y, m, d).unwrap_or_else(|_| Date::new(y, m, 28).unwrap()))
}

/// A value of the declared type of `def` (an option value is sometimes one the fact does not
/// declare: the engine must not trust that the parser ran).
fn value(def: &FactDef) -> BoxedStrategy<FactValue> {
    let options: Vec<String> = def.options.iter().map(|o| o.value.clone()).collect();
    match def.fact_type {
        FactType::Money | FactType::Count | FactType::Percent => {
            number(def).prop_map(FactValue::Number).boxed()
        }
        // Mostly yes: conditions ask for what an applicant has.
        FactType::Bool => proptest::bool::weighted(0.75)
            .prop_map(FactValue::Bool)
            .boxed(),
        FactType::OneOf if options.is_empty() => "[a-z_]{0,12}".prop_map(FactValue::Text).boxed(),
        FactType::OneOf => prop_oneof![
            9 => proptest::sample::select(options).prop_map(FactValue::Text),
            1 => "[a-z_]{0,12}".prop_map(FactValue::Text),
        ]
        .boxed(),
        FactType::SetOf => {
            let n = options.len();
            prop_oneof![
                9 => proptest::sample::subsequence(options, 0..=n)
                    .prop_map(|s| FactValue::Set(s.into_iter().collect())),
                1 => proptest::collection::btree_set("[a-z_]{0,12}", 0..3).prop_map(FactValue::Set),
            ]
            .boxed()
        }
        FactType::Date => date().prop_map(|d| FactValue::Text(d.to_string())).boxed(),
        FactType::List => {
            let fields: Vec<BoxedStrategy<Option<(String, FactValue)>>> = def
                .fields
                .iter()
                .map(|f| {
                    let name = f.name.clone();
                    proptest::option::weighted(0.95, value(f).prop_map(move |v| (name.clone(), v)))
                        .boxed()
                })
                .collect();
            let entry = fields.prop_map(|fs| fs.into_iter().flatten().collect::<Facts>());
            let most = usize::try_from(def.max_items().clamp(0, 6)).unwrap_or(6);
            proptest::collection::vec(entry, 0..=most)
                .prop_map(FactValue::Items)
                .boxed()
        }
    }
}

/// Answers to any subset of the catalog's facts.
fn answers(catalog: &Catalog) -> BoxedStrategy<Facts> {
    let each: Vec<BoxedStrategy<Option<(String, FactValue)>>> = catalog
        .vocabulary
        .iter()
        .map(|def| {
            let name = def.name.clone();
            proptest::option::weighted(0.9, value(def).prop_map(move |v| (name.clone(), v))).boxed()
        })
        .collect();
    each.prop_map(|all| all.into_iter().flatten().collect())
        .boxed()
}

/// Whether `benefit` is something `formula` can yield for these answers: money within its
/// floor and caps (a range never upside down), the stated monthly amount, the stated
/// non-monetary benefit.
fn within(formula: &Formula, benefit: &Benefit, facts: &Facts) -> Result<(), String> {
    let money = |lo: Yuan, hi: Yuan| match benefit {
        Benefit::Money { amount }
            if amount.low <= amount.high && lo <= amount.low && amount.high <= hi =>
        {
            Ok(())
        }
        other => Err(format!("{other:?} is not money within {lo}..={hi}")),
    };
    let exact = |lo: Yuan, hi: Yuan| match benefit {
        Benefit::Money { amount } if !amount.is_exact() => Err(format!("{amount:?} is not exact")),
        _ => money(lo, hi),
    };
    match formula {
        Formula::Fixed { amount } => exact(*amount, *amount),
        Formula::UpTo { max } => money(0, *max),
        Formula::Range { min, max } => money(*min, *max),
        Formula::Rate { cap, floor, .. } => {
            let floor = floor.unwrap_or(0);
            exact(floor, cap.map_or(Yuan::MAX, |c| c.max(floor)))
        }
        Formula::RateRange { cap, .. } => money(0, cap.unwrap_or(Yuan::MAX)),
        Formula::PerUnit { cap, .. } => exact(0, cap.unwrap_or(Yuan::MAX)),
        Formula::Tiers { tiers, .. } => {
            let errors: Vec<String> = tiers
                .iter()
                .filter_map(|t| within(&t.formula, benefit, facts).err())
                .collect();
            if errors.len() < tiers.len() {
                Ok(())
            } else {
                Err(format!("no tier allows it: {errors:?}"))
            }
        }
        Formula::PerItem {
            items, each, cap, ..
        } => {
            let given = facts
                .get(items)
                .and_then(FactValue::items)
                .map_or(0, <[Facts]>::len);
            // Each entry pays at most its own formula's ceiling.
            let per_entry = each.ceiling().unwrap_or(Yuan::MAX);
            let sum = per_entry.saturating_mul(i64::try_from(given).unwrap_or(i64::MAX));
            money(0, cap.map_or(sum, |c| c.min(sum)))
        }
        Formula::Monthly { per_month, months } => match benefit {
            Benefit::Monthly {
                per_month: p,
                months: m,
            } if p == per_month && m == months => Ok(()),
            other => Err(format!(
                "{other:?} is not {per_month} a month for {months:?}"
            )),
        },
        Formula::NonMonetary {
            benefit: words,
            months,
        } => match benefit {
            Benefit::NonMonetary {
                benefit: b,
                months: m,
            } if b == words && m == months => Ok(()),
            other => Err(format!("{other:?} is not \"{words}\" for {months:?}")),
        },
    }
}

/// Every promise about one assessment; `Err` names the measure and what broke.
fn check(catalog: &Catalog, facts: &Facts, as_of: Date) -> Result<(), String> {
    let a = assess(catalog, facts, as_of);
    let published: Vec<&str> = catalog
        .measures
        .iter()
        .filter(|m| m.status == Status::Published)
        .map(|m| m.id.as_str())
        .collect();
    let assessed: Vec<&str> = a.outcomes.iter().map(|o| o.measure.id.as_str()).collect();
    if assessed != published {
        return Err(format!(
            "one verdict per published measure, in order: {assessed:?}"
        ));
    }
    let non_negative = |r: &MoneyRange| 0 <= r.low && r.low <= r.high;
    for o in &a.outcomes {
        let id = &o.measure.id;
        let eligible = o.verdict == Verdict::Eligible;
        OUTCOMES.fetch_add(1, Relaxed);
        if eligible && o.benefit.as_ref().and_then(Benefit::countable).is_some() {
            AMOUNTS.fetch_add(1, Relaxed);
            if let Ok(mut paid) = PAID.lock() {
                paid.insert(id.clone());
            }
        }
        match (&o.benefit, eligible) {
            (Some(b), true) => {
                within(&o.measure.formula, b, facts).map_err(|e| format!("{id}: {e}"))?
            }
            (None, false) => {}
            (b, _) => return Err(format!("{id}: {:?} with benefit {b:?}", o.verdict)),
        }
        if o.verdict == Verdict::NeedsInfo && o.missing.is_empty() {
            return Err(format!("{id}: needs information but names none"));
        }
        if let Some(c) = &o.counted {
            // What counts is the measure's own amount, trimmed by exclusive groups and caps,
            // raised only by the bonuses its trace shows.
            let own = o.benefit.as_ref().and_then(Benefit::countable);
            let bonuses: Yuan = o
                .rule_steps
                .iter()
                .map(|s| match s {
                    RuleStep::Bonus { extra, .. } => extra.high,
                    _ => 0,
                })
                .fold(0, Yuan::saturating_add);
            let most = own.map_or(0, |r| r.high).saturating_add(bonuses);
            if !eligible || !non_negative(c) || c.high > most {
                return Err(format!(
                    "{id}: counted {c:?}, own amount {own:?}, bonuses {bonuses}"
                ));
            }
        }
    }
    for (what, t) in [("total", a.total), ("financing total", a.financing_total)] {
        if !non_negative(&t) {
            return Err(format!("{what} {t:?}"));
        }
    }
    // The answer as the API sends it: every trace, note and reason worded, then serialised.
    let wire = app::wire::assessment::AssessmentResponse::from(&a);
    serde_json::to_string(&wire).map_err(|e| format!("serialising: {e}"))?;
    let summary = app::wire::assessment::AssessmentSummary::from(&a);
    serde_json::to_string(&summary).map_err(|e| format!("serialising the summary: {e}"))?;
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(512)
}

#[test]
fn any_typed_answers_give_every_measure_a_verdict_within_its_formula() {
    let catalog = &*CATALOG;
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (answers(catalog), date());
    let result = runner.run(&strategy, |(facts, as_of)| {
        check(catalog, &facts, as_of).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (outcomes, amounts) = (OUTCOMES.load(Relaxed), AMOUNTS.load(Relaxed));
    let paid = PAID.lock().map_or(0, |p| p.len());
    let monetary = catalog
        .measures
        .iter()
        .filter(|m| m.formula.is_monetary())
        .count();
    eprintln!(
        "{} cases: {outcomes} outcomes checked, {amounts} eligible with an amount, \
         {paid} of {monetary} measures with money reached an amount",
        cases()
    );
    assert!(
        amounts * 50 > outcomes,
        "too few amounts to check ({amounts} of {outcomes}): the answers are too rarely complete"
    );
}

/// The bounds check itself can fail: amounts outside each kind of formula are refused.
#[test]
fn the_bounds_refuse_what_a_formula_cannot_yield() {
    let none = Facts::new();
    let money = |low, high| Benefit::Money {
        amount: MoneyRange { low, high },
    };
    let rate = Formula::Rate {
        rate: Rate::from_bp(5_000),
        base: "cost".into(),
        cap: Some(500_000),
        floor: Some(1_000),
    };
    assert!(within(&rate, &money(500_000, 500_000), &none).is_ok());
    assert!(within(&rate, &money(500_001, 500_001), &none).is_err());
    assert!(within(&rate, &money(999, 999), &none).is_err());
    assert!(within(&rate, &money(1_000, 2_000), &none).is_err());
    let range = Formula::Range { min: 10, max: 20 };
    assert!(within(&range, &money(10, 20), &none).is_ok());
    assert!(within(&range, &money(20, 10), &none).is_err());
    assert!(within(&range, &money(9, 20), &none).is_err());
    let monthly = Formula::Monthly {
        per_month: 2_000,
        months: Some(12),
    };
    assert!(within(&monthly, &money(0, 0), &none).is_err());
    // And a wrong verdict shape is caught by `check`: every seeded measure is assessed.
    let catalog = &*CATALOG;
    assert!(check(catalog, &none, Date::new(2024, 6, 1).expect("date")).is_ok());
    let ids: BTreeSet<&str> = catalog.measures.iter().map(|m| m.id.as_str()).collect();
    assert!(ids.len() > 10, "the seeded catalog has its measures");
}
