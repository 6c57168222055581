//! Unit and property tests of conditions, formulas, cross-measure rules and the loader.
use proptest::prelude::*;

use super::date::Date;
use super::engine::{assess, evaluate_measure, Verdict};
use super::fact::FactValue::{self, Bool, Number, Set, Text};
use super::formula::Benefit;
use super::money::MoneyRange;
use super::test_support::{catalog, facts, measure, FACTS, HEADER};
use super::Catalog;

fn day() -> Date {
    Date::parse("2020-06-01").unwrap()
}

/// One measure's outcome with its explanation worded (the outcome itself borrows the catalog
/// built here).
#[derive(Debug)]
struct Seen {
    verdict: Verdict,
    benefit: Option<Benefit>,
    reason: Option<String>,
    missing: Vec<String>,
    trace: Vec<String>,
    counted: Option<MoneyRange>,
}

fn one(condition: &str, formula: &str, given: &[(&str, FactValue)]) -> Seen {
    let c = catalog(&format!("{HEADER}{}", measure("m", condition, formula)));
    let given = facts(given);
    let o = evaluate_measure(&c.measures[0], &given, &c.vocabulary, &c.rules, day());
    Seen {
        verdict: o.verdict,
        benefit: o.benefit.clone(),
        reason: o.reason_text(),
        missing: o.missing.iter().map(|f| f.to_string()).collect(),
        trace: o.trace(),
        counted: o.counted,
    }
}

fn amount(o: &Seen) -> MoneyRange {
    match &o.benefit {
        Some(b) => b.countable().expect("money"),
        None => panic!("no benefit: {o:?}"),
    }
}

const ALWAYS: &str = "{ all = [] }";

#[test]
fn fixed_up_to_and_range() {
    assert_eq!(
        amount(&one(ALWAYS, r#"{ kind = "fixed", amount = 500000 }"#, &[])),
        MoneyRange::exact(500_000)
    );
    let up = amount(&one(ALWAYS, r#"{ kind = "up_to", max = 3000000 }"#, &[]));
    assert_eq!((up.low, up.high), (0, 3_000_000));
    let r = amount(&one(
        ALWAYS,
        r#"{ kind = "range", min = 1000000, max = 3000000 }"#,
        &[],
    ));
    assert_eq!((r.low, r.high), (1_000_000, 3_000_000));
}

#[test]
fn rate_with_cap_and_floor() {
    let f = r#"{ kind = "rate", rate = "50%", base = "cost", cap = 500000, floor = 10000 }"#;
    assert_eq!(
        amount(&one(ALWAYS, f, &[("cost", Number(1_200_000))])).low,
        500_000
    );
    assert_eq!(
        amount(&one(ALWAYS, f, &[("cost", Number(300_000))])).low,
        150_000
    );
    assert_eq!(
        amount(&one(ALWAYS, f, &[("cost", Number(1_000))])).low,
        10_000
    );
    let o = one(ALWAYS, f, &[("cost", Number(1_200_000))]);
    assert!(
        o.trace
            .iter()
            .any(|t| t.contains("50% x 1,200,000 = 600,000")),
        "{:?}",
        o.trace
    );
    assert!(o.trace.iter().any(|t| t.contains("capped at 500,000")));
    assert!(o.trace.iter().all(|t| t.ends_with("(nwf-2019-1, item 1)")));
}

#[test]
fn rate_range_stays_a_range() {
    let f = r#"{ kind = "rate_range", min_rate = "10%", max_rate = "30%", base = "cost", cap = 20000000 }"#;
    let r = amount(&one(ALWAYS, f, &[("cost", Number(10_000_000))]));
    assert_eq!((r.low, r.high), (1_000_000, 3_000_000));
    let r = amount(&one(ALWAYS, f, &[("cost", Number(100_000_000))]));
    assert_eq!((r.low, r.high), (10_000_000, 20_000_000));
}

#[test]
fn per_unit_tiers_monthly_non_monetary() {
    let f = r#"{ kind = "per_unit", amount = 1000, unit = "patents", cap = 5000 }"#;
    assert_eq!(
        amount(&one(ALWAYS, f, &[("patents", Number(3))])).low,
        3_000
    );
    assert_eq!(
        amount(&one(ALWAYS, f, &[("patents", Number(30))])).low,
        5_000
    );

    let tiers = r#"{ kind = "tiers", by = "level", tiers = [
        { when = "national", formula = { kind = "fixed", amount = 2000000 } },
        { when = "provincial", formula = { kind = "fixed", amount = 1000000 } } ] }"#
        .replace('\n', " ");
    assert_eq!(
        amount(&one(ALWAYS, &tiers, &[("level", Text("national".into()))])).low,
        2_000_000
    );
    assert_eq!(
        amount(&one(
            ALWAYS,
            &tiers,
            &[("level", Text("provincial".into()))]
        ))
        .low,
        1_000_000
    );
    assert_eq!(
        one(ALWAYS, &tiers, &[("level", Text("city".into()))]).verdict,
        Verdict::NotEligible
    );

    let set_tiers = r#"{ kind = "tiers", by = "standards", tiers = [
        { when = "international", formula = { kind = "up_to", max = 1000000 } },
        { when = "national", formula = { kind = "up_to", max = 500000 } } ] }"#
        .replace('\n', " ");
    let both = Set(["international".into(), "national".into()].into());
    assert_eq!(
        amount(&one(ALWAYS, &set_tiers, &[("standards", both)])).high,
        1_000_000
    );

    let numeric = r#"{ kind = "tiers", by = "patents", tiers = [
        { at_least = 1, formula = { kind = "fixed", amount = 100 } },
        { at_least = 10, formula = { kind = "fixed", amount = 1000 } } ] }"#
        .replace('\n', " ");
    assert_eq!(
        amount(&one(ALWAYS, &numeric, &[("patents", Number(12))])).low,
        1_000
    );
    assert_eq!(
        amount(&one(ALWAYS, &numeric, &[("patents", Number(9))])).low,
        100
    );

    let monthly = one(ALWAYS, r#"{ kind = "monthly", per_month = 2000 }"#, &[]);
    assert_eq!(
        monthly.benefit,
        Some(Benefit::Monthly {
            per_month: 2000,
            months: None
        })
    );
    assert_eq!(monthly.counted, None);
    let rent = one(
        ALWAYS,
        r#"{ kind = "non_monetary", benefit = "Rent-free office", months = 36 }"#,
        &[],
    );
    assert_eq!(rent.verdict, Verdict::Eligible);
    assert_eq!(rent.counted, None);
}

#[test]
fn conditions_are_three_valued() {
    let cond = r#"{ all = [ { fact = "hi_tech", op = "eq", value = true }, { any = [ { fact = "cost", op = "ge", value = 100 }, { not = { fact = "zone", op = "eq", value = true } } ] } ] }"#;
    let f = r#"{ kind = "fixed", amount = 1 }"#;
    assert_eq!(
        one(cond, f, &[("hi_tech", Bool(true)), ("cost", Number(100))]).verdict,
        Verdict::Eligible
    );
    assert_eq!(
        one(
            cond,
            f,
            &[
                ("hi_tech", Bool(true)),
                ("cost", Number(5)),
                ("zone", Bool(false))
            ]
        )
        .verdict,
        Verdict::Eligible
    );
    let no = one(
        cond,
        f,
        &[
            ("hi_tech", Bool(true)),
            ("cost", Number(5)),
            ("zone", Bool(true)),
        ],
    );
    assert_eq!(no.verdict, Verdict::NotEligible);
    assert!(no.reason.unwrap().contains("none of these holds"));
    let no = one(cond, f, &[("hi_tech", Bool(false))]);
    assert_eq!(no.verdict, Verdict::NotEligible);
    assert_eq!(
        no.reason.as_deref(),
        Some("requires High-tech: yes (you answered: no)")
    );
    let unknown = one(cond, f, &[("hi_tech", Bool(true)), ("cost", Number(5))]);
    assert_eq!(unknown.verdict, Verdict::NeedsInfo);
    assert_eq!(unknown.missing, vec!["zone".to_string()]);
    // `in`, `has`, `has_any`, ordering.
    let c = r#"{ all = [ { fact = "level", op = "in", value = ["national", "provincial"] }, { fact = "standards", op = "has", value = "national" }, { fact = "patents", op = "lt", value = 3 } ] }"#;
    let yes = one(
        c,
        f,
        &[
            ("level", Text("national".into())),
            ("standards", Set(["national".into()].into())),
            ("patents", Number(2)),
        ],
    );
    assert_eq!(yes.verdict, Verdict::Eligible);
    let no = one(
        c,
        f,
        &[
            ("level", Text("city".into())),
            ("standards", Set(["national".into()].into())),
            ("patents", Number(2)),
        ],
    );
    assert_eq!(no.verdict, Verdict::NotEligible);
}

#[test]
fn missing_base_fact_is_never_guessed() {
    let o = one(
        ALWAYS,
        r#"{ kind = "rate", rate = "10%", base = "cost" }"#,
        &[],
    );
    assert_eq!(o.verdict, Verdict::NeedsInfo);
    assert_eq!(o.benefit, None);
    assert_eq!(o.missing, vec!["cost".to_string()]);
}

#[test]
fn wrong_applicant_kind_and_dates() {
    let o = one(
        ALWAYS,
        r#"{ kind = "fixed", amount = 1 }"#,
        &[("applicant_kind", Text("individual".into()))],
    );
    assert_eq!(o.verdict, Verdict::NotEligible);
    let c = catalog(&format!(
        "{HEADER}{}",
        measure("m", ALWAYS, r#"{ kind = "fixed", amount = 1 }"#)
    ));
    let none = facts(&[]);
    let o = evaluate_measure(
        &c.measures[0],
        &none,
        &c.vocabulary,
        &c.rules,
        Date::parse("2018-12-31").unwrap(),
    );
    assert_eq!(o.verdict, Verdict::NotInForce);
}

fn two_measures_with(rule: &str) -> Catalog {
    let a = measure(
        "a",
        r#"{ fact = "hi_tech", op = "eq", value = true }"#,
        r#"{ kind = "fixed", amount = 1500000 }"#,
    );
    let b = measure(
        "b",
        r#"{ fact = "hi_tech", op = "eq", value = true }"#,
        r#"{ kind = "fixed", amount = 1000000 }"#,
    );
    catalog(&format!("{HEADER}{rule}{a}{b}"))
}

const CITE: &str = r#"citation = { doc = "nwf-2019-1", item = "9", quote = "q" }"#;

#[test]
fn highest_only_keeps_the_largest() {
    let c = two_measures_with(&format!(
        "[[rules]]\nid = \"r\"\ntitle = \"Highest only\"\nkind = \"highest_only\"\nmeasures = [\"nwf-2019-1.a\", \"nwf-2019-1.b\"]\n{CITE}\n"
    ));
    let given = facts(&[("hi_tech", Bool(true))]);
    let a = assess(&c, &given, day());
    assert_eq!(a.total, MoneyRange::exact(1_500_000));
    assert_eq!(a.rules_applied.len(), 1);
    assert_eq!(a.outcomes[1].counted, Some(MoneyRange::exact(0)));
}

#[test]
fn bonus_adds_its_rate_when_the_condition_holds() {
    let c = two_measures_with(&format!(
        "[[rules]]\nid = \"r\"\ntitle = \"Special Zones bonus\"\nkind = \"bonus\"\nrate = \"20%\"\ncondition = {{ fact = \"zone\", op = \"eq\", value = true }}\ndocuments = [\"nwf-2019-1\"]\nexcept = [\"nwf-2019-1.b\"]\n{CITE}\n"
    ));
    let given = facts(&[("hi_tech", Bool(true)), ("zone", Bool(true))]);
    let with = assess(&c, &given, day());
    assert_eq!(
        with.total,
        MoneyRange::exact(1_500_000 + 300_000 + 1_000_000)
    );
    let given = facts(&[("hi_tech", Bool(true)), ("zone", Bool(false))]);
    let without = assess(&c, &given, day());
    assert_eq!(without.total, MoneyRange::exact(2_500_000));
    let given = facts(&[("hi_tech", Bool(true))]);
    let unknown = assess(&c, &given, day());
    assert!(unknown.outcomes[0]
        .notes()
        .iter()
        .any(|n| n.contains("may add 20%")));
}

#[test]
fn annual_cap_trims_the_group() {
    let c = two_measures_with(&format!(
        "[[rules]]\nid = \"r\"\ntitle = \"Yearly cap\"\nkind = \"annual_cap\"\ncap = 2000000\ndocuments = [\"nwf-2019-1\"]\n{CITE}\n"
    ));
    let given = facts(&[("hi_tech", Bool(true))]);
    let a = assess(&c, &given, day());
    assert_eq!(a.total, MoneyRange::exact(2_000_000));
    assert_eq!(a.outcomes[1].counted, Some(MoneyRange::exact(500_000)));
}

#[test]
fn minimum_years_is_a_precondition() {
    let c = two_measures_with(&format!(
        "[[rules]]\nid = \"r\"\ntitle = \"Five years in the district\"\nkind = \"minimum_years\"\nfact = \"years\"\nyears = 5\nmeasures = [\"nwf-2019-1.a\"]\n{CITE}\n"
    ));
    let given = facts(&[("hi_tech", Bool(true)), ("years", Number(4))]);
    let a = assess(&c, &given, day());
    assert_eq!(a.outcomes[0].verdict, Verdict::NotEligible);
    assert_eq!(a.outcomes[1].verdict, Verdict::Eligible);
    let given = facts(&[("hi_tech", Bool(true))]);
    let a = assess(&c, &given, day());
    assert_eq!(a.outcomes[0].verdict, Verdict::NeedsInfo);
    let given = facts(&[("hi_tech", Bool(true)), ("years", Number(5))]);
    let a = assess(&c, &given, day());
    assert_eq!(a.total, MoneyRange::exact(2_500_000));
}

fn load_error(doc: &str) -> String {
    match Catalog::load([("facts.toml", FACTS), ("doc.toml", doc)]) {
        Ok(_) => panic!("should not load"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn loader_rejects_each_kind_of_defect() {
    let ok = |c: &str, f: &str| format!("{HEADER}{}", measure("m", c, f));
    let fixed = r#"{ kind = "fixed", amount = 1 }"#;
    let e = load_error(&ok(r#"{ fact = "nope", op = "eq", value = true }"#, fixed));
    assert!(
        e.contains("nwf-2019-1.m [condition]: unknown fact \"nope\""),
        "{e}"
    );
    let e = load_error(&ok(
        r#"{ fact = "cost", op = "eq", value = "many" }"#,
        fixed,
    ));
    assert!(e.contains("does not fit the fact's type"), "{e}");
    let e = load_error(&ok(
        ALWAYS,
        r#"{ kind = "rate", rate = "150%", base = "cost" }"#,
    ));
    assert!(e.contains("outside 0-100%"), "{e}");
    let e = load_error(&ok(
        ALWAYS,
        r#"{ kind = "rate", rate = "10%", base = "cost", cap = 10, floor = 100 }"#,
    ));
    assert!(e.contains("cap 10 is below floor 100"), "{e}");
    let e = load_error(&ok(
        ALWAYS,
        r#"{ kind = "rate", rate = "10%", base = "hi_tech" }"#,
    ));
    assert!(e.contains("expected an amount in whole yuan"), "{e}");
    let e = load_error(&format!(
        "{}{}",
        ok(ALWAYS, fixed),
        measure("m", ALWAYS, fixed)
    ));
    assert!(e.contains("duplicate measure id"), "{e}");
    let e = load_error(&ok(ALWAYS, fixed).replace("quote = \"q\"", "quote = \"\""));
    assert!(e.contains("[citation.quote]: missing quote"), "{e}");
    let e = load_error(&ok(ALWAYS, fixed).replace("citation = ", "#"));
    assert!(e.contains("missing field `citation`"), "{e}");
    let e = load_error(&ok(ALWAYS, fixed).replace("doc = \"nwf-2019-1\"", "doc = \"other\""));
    assert!(e.contains("[citation.doc]"), "{e}");
    let e = load_error(&ok(
        ALWAYS,
        r#"{ kind = "rate_range", min_rate = "30%", max_rate = "10%", base = "cost" }"#,
    ));
    assert!(e.contains("must be below max_rate"), "{e}");
    let e = load_error(&ok(ALWAYS, fixed).replace("[[measures.examples]]\nname = \"e\"\nfacts = { applicant_kind = \"enterprise\" }\nexpect = \"needs_info\"\n", ""));
    assert!(e.contains("at least one worked example"), "{e}");
    let e = load_error(&ok(ALWAYS, fixed).replace("[[measures]]", "[[measure]]"));
    assert!(e.contains("unknown section"), "{e}");
    let e = load_error("this is = = not toml");
    assert!(e.contains("syntax"), "{e}");
}

proptest! {
    #[test]
    fn capped_rate_is_bounded_and_monotone(base in 0i64..10_000_000_000, extra in 0i64..1_000_000_000, bp in 1u32..=10_000, cap in 1i64..100_000_000) {
        let f = format!(r#"{{ kind = "rate", rate = "{}.{:02}%", base = "cost", cap = {cap} }}"#, bp / 100, bp % 100);
        let c = catalog(&format!("{HEADER}{}", measure("m", ALWAYS, &f)));
        let run = |b: i64| {
            let given = facts(&[("cost", Number(b))]);
            let o = evaluate_measure(&c.measures[0], &given, &c.vocabulary, &c.rules, day());
            o.benefit.and_then(|b| b.countable()).expect("amount")
        };
        let small = run(base);
        let large = run(base + extra);
        prop_assert!(small.high <= cap && large.high <= cap);
        prop_assert!(small.low >= 0);
        prop_assert!(large.low >= small.low);
        prop_assert!(small.low <= base);
    }

    #[test]
    fn rate_range_low_never_exceeds_high(base in 0i64..10_000_000_000, lo in 1u32..5_000, width in 1u32..5_000, cap in 1i64..100_000_000) {
        let f = format!(r#"{{ kind = "rate_range", min_rate = "{}.{:02}%", max_rate = "{}.{:02}%", base = "cost", cap = {cap} }}"#, lo / 100, lo % 100, (lo + width) / 100, (lo + width) % 100);
        let c = catalog(&format!("{HEADER}{}", measure("m", ALWAYS, &f)));
        let given = facts(&[("cost", Number(base))]);
        let o = evaluate_measure(&c.measures[0], &given, &c.vocabulary, &c.rules, day());
        let r = o.benefit.and_then(|b| b.countable()).expect("amount");
        prop_assert!(0 <= r.low && r.low <= r.high && r.high <= cap);
    }

    #[test]
    fn missing_facts_never_yield_an_amount(keep_cost in any::<bool>(), keep_tech in any::<bool>()) {
        let f = r#"{ kind = "rate", rate = "10%", base = "cost" }"#;
        let cond = r#"{ fact = "hi_tech", op = "eq", value = true }"#;
        let mut given = vec![];
        if keep_cost { given.push(("cost", Number(1000))); }
        if keep_tech { given.push(("hi_tech", Bool(true))); }
        let o = one(cond, f, &given);
        if keep_cost && keep_tech {
            prop_assert_eq!(o.verdict, Verdict::Eligible);
        } else {
            prop_assert_eq!(o.verdict, Verdict::NeedsInfo);
            prop_assert!(o.benefit.is_none());
            prop_assert!(!o.missing.is_empty());
        }
    }
}
