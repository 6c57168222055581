//! Repeated items: per-entry formulas and caps, the cap across entries, which entries count,
//! and how the loader and the answer check treat list facts.
use super::date::Date;
use super::engine::{evaluate_measure, Verdict};
use super::fact::FactValue::{self, Bool, Number, Text};
use super::money::MoneyRange;
use super::test_support::{catalog, facts, items, measure, FACTS, HEADER};
use super::Catalog;

fn day() -> Date {
    Date::parse("2020-06-01").unwrap()
}

/// Program 6 item 6 of the 2014 Eight Programs, as a fixture: "the maximum compensation ratio
/// for a single venture capital project is 30% of the project's investment loss, capped at
/// RMB 1 million. Total compensation payable to each individual venture capital enterprise is
/// capped at RMB 3 million per annum."
const RISK_COMPENSATION: &str = r#"{ kind = "per_item", items = "projects", each = { kind = "rate_range", min_rate = "0%", max_rate = "30%", base = "loss", cap = 1000000 }, cap = 3000000, when = { fact = "startup_stage", op = "eq", value = true } }"#;

/// NingWeiFa [2020] No. 1, item 6: "one-off rewards of up to 1 million yuan and 500,000 yuan,
/// respectively ... up to 2 million yuan within the present year".
const STANDARDS: &str = r#"{ kind = "per_item", items = "standards_led", each = { kind = "tiers", by = "level", tiers = [ { when = "international", formula = { kind = "up_to", max = 1000000 } }, { when = "national", formula = { kind = "up_to", max = 500000 } } ] }, cap = 2000000 }"#;

struct Seen {
    verdict: Verdict,
    amount: Option<MoneyRange>,
    trace: Vec<String>,
    reason: Option<String>,
    missing: Vec<String>,
}

fn run(formula: &str, given: &[(&str, FactValue)]) -> Seen {
    let c = catalog(&format!(
        "{HEADER}{}",
        measure("m", "{ all = [] }", formula)
    ));
    let given = facts(given);
    let o = evaluate_measure(&c.measures[0], &given, &c.vocabulary, &c.rules, day());
    Seen {
        verdict: o.verdict,
        amount: o.benefit.as_ref().and_then(|b| b.countable()),
        trace: o.trace(),
        reason: o.reason_text(),
        missing: o.missing.iter().map(|s| s.to_string()).collect(),
    }
}

fn project(loss: i64) -> Vec<(&'static str, FactValue)> {
    vec![("loss", Number(loss)), ("startup_stage", Bool(true))]
}

fn up_to(high: i64) -> Option<MoneyRange> {
    Some(MoneyRange { low: 0, high })
}

#[test]
fn per_project_cap_binds_on_each_project() {
    // Two projects, losses 5,000,000 and 2,000,000: 30% x 5,000,000 = 1,500,000, capped at
    // 1,000,000; 30% x 2,000,000 = 600,000. Sum: up to 1,600,000, under the 3,000,000 a year.
    let (a, b) = (project(5_000_000), project(2_000_000));
    let s = run(RISK_COMPENSATION, &[("projects", items(&[&a, &b]))]);
    assert_eq!(s.verdict, Verdict::Eligible);
    assert_eq!(s.amount, up_to(1_600_000));
    let lines: Vec<&str> = s.trace.iter().map(String::as_str).collect();
    assert_eq!(
        lines,
        [
            "project 1: 0% to 30% x 5,000,000 = 0 to 1,500,000, capped at 1,000,000: up to 1,000,000 yuan => up to 1,000,000 yuan (nwf-2019-1, item 1)",
            "project 2: 0% to 30% x 2,000,000 = 0 to 600,000, within the cap of 1,000,000 => up to 600,000 yuan (nwf-2019-1, item 1)",
            "2 projects together: up to 1,600,000 yuan (nwf-2019-1, item 1)",
            "within the cap of 3,000,000 for all projects together (nwf-2019-1, item 1)",
        ]
    );
}

#[test]
fn yearly_cap_binds_across_projects() {
    // Four projects, losses 5,000,000 / 2,000,000 / 4,000,000 / 3,000,000: per project up to
    // 1,000,000 (capped) + 600,000 + 1,000,000 (capped) + 900,000 = 3,500,000, then the
    // 3,000,000 a year: up to 3,000,000.
    let ps = [
        project(5_000_000),
        project(2_000_000),
        project(4_000_000),
        project(3_000_000),
    ];
    let refs: Vec<&[(&str, FactValue)]> = ps.iter().map(Vec::as_slice).collect();
    let s = run(RISK_COMPENSATION, &[("projects", items(&refs))]);
    assert_eq!(s.amount, up_to(3_000_000));
    assert_eq!(s.trace.len(), 6, "{:#?}", s.trace);
    assert!(s.trace[4].starts_with("4 projects together: up to 3,500,000 yuan"));
    assert!(s.trace[5].starts_with(
        "capped at 3,000,000 for all projects together: up to 3,500,000 yuan -> up to 3,000,000 yuan"
    ));
    // Removing the fourth project: 1,000,000 + 600,000 + 1,000,000 = 2,600,000, no yearly cap.
    let s = run(RISK_COMPENSATION, &[("projects", items(&refs[..3]))]);
    assert_eq!(s.amount, up_to(2_600_000));
}

#[test]
fn entries_that_do_not_qualify_pay_nothing_and_say_why() {
    let a = project(1_000_000);
    let b = vec![("loss", Number(9_000_000)), ("startup_stage", Bool(false))];
    let s = run(RISK_COMPENSATION, &[("projects", items(&[&a, &b]))]);
    // Only project 1: 30% x 1,000,000 = up to 300,000.
    assert_eq!(s.amount, up_to(300_000));
    assert!(
        s.trace[1].starts_with("project 2: not counted, requires Start-up stage: yes"),
        "{:#?}",
        s.trace
    );
    let s = run(RISK_COMPENSATION, &[("projects", items(&[&b]))]);
    assert_eq!(s.verdict, Verdict::NotEligible);
    assert!(
        s.reason
            .as_deref()
            .unwrap()
            .starts_with("the project you listed is not covered (project 1: not counted"),
        "{:?}",
        s.reason
    );
    let s = run(RISK_COMPENSATION, &[("projects", items(&[]))]);
    assert_eq!(s.verdict, Verdict::NotEligible);
    assert_eq!(s.reason.as_deref(), Some("no project was listed"));
    let s = run(RISK_COMPENSATION, &[]);
    assert_eq!(s.verdict, Verdict::NeedsInfo);
    assert_eq!(s.missing, ["projects"]);
}

#[test]
fn each_standard_is_paid_by_its_level_and_the_year_caps_the_sum() {
    let intl: &[(&str, FactValue)] = &[("level", Text("international".into()))];
    let national: &[(&str, FactValue)] = &[("level", Text("national".into()))];
    let industry: &[(&str, FactValue)] = &[("level", Text("industry".into()))];
    // One international and two national standards: 1,000,000 + 500,000 + 500,000 = up to
    // 2,000,000, exactly the year's cap.
    let s = run(
        STANDARDS,
        &[("standards_led", items(&[intl, national, national]))],
    );
    assert_eq!(s.amount, up_to(2_000_000));
    assert!(s.trace[0].starts_with(
        "standard 1: tier chosen by Level of the standard: International standard, up to 1,000,000 yuan"
    ), "{:#?}", s.trace);
    // Two international and one national: 1,000,000 x 2 + 500,000 = 2,500,000, capped at the
    // 2,000,000 a year.
    let s = run(
        STANDARDS,
        &[("standards_led", items(&[intl, intl, national]))],
    );
    assert_eq!(s.amount, up_to(2_000_000));
    assert!(s.trace.iter().any(|l| l.starts_with(
        "capped at 2,000,000 for all standards together: up to 2,500,000 yuan -> up to 2,000,000 yuan"
    )));
    // An industry standard selects no tier: not counted; alone, not eligible.
    let s = run(
        STANDARDS,
        &[("standards_led", items(&[industry, national]))],
    );
    assert_eq!(s.amount, up_to(500_000));
    assert!(s.trace[0].starts_with(
        "standard 1: not counted, no tier applies to your answer (Industry standard)"
    ));
    let s = run(STANDARDS, &[("standards_led", items(&[industry]))]);
    assert_eq!(s.verdict, Verdict::NotEligible);
}

#[test]
fn a_condition_compares_the_number_of_entries() {
    let c = catalog(&format!(
        "{HEADER}{}",
        measure(
            "m",
            r#"{ fact = "projects", op = "ge", value = 2 }"#,
            r#"{ kind = "fixed", amount = 100 }"#
        )
    ));
    let one = facts(&[("projects", items(&[&project(1)]))]);
    let o = evaluate_measure(&c.measures[0], &one, &c.vocabulary, &c.rules, day());
    assert_eq!(o.verdict, Verdict::NotEligible);
    assert_eq!(
        o.reason_text().as_deref(),
        Some("requires Number of projects is at least 2 (you answered: 1 project)")
    );
    let two = facts(&[("projects", items(&[&project(1), &project(2)]))]);
    let o = evaluate_measure(&c.measures[0], &two, &c.vocabulary, &c.rules, day());
    assert_eq!(o.verdict, Verdict::Eligible);
}

#[test]
fn list_answers_are_checked_entry_by_entry() {
    let c = catalog(HEADER);
    let def = c.vocabulary.get("projects").unwrap();
    let bad = items(&[
        &project(1),
        &[("loss", Number(-5)), ("startup_stage", Bool(true))],
    ]);
    assert_eq!(
        def.check(&bad),
        Err("project 2, Investment loss: Must be at least 0.".into())
    );
    let incomplete = items(&[&[("loss", Number(5))]]);
    assert_eq!(
        def.check(&incomplete),
        Err("project 1, Start-up stage: Not given; every field of an entry is needed.".into())
    );
    let unknown = items(&[&[("colour", Text("red".into()))]]);
    assert_eq!(
        def.check(&unknown),
        Err("project 1, colour: unknown field \"colour\"".into())
    );
    let eleven: Vec<Vec<(&str, FactValue)>> = (0..11).map(project).collect();
    let refs: Vec<&[(&str, FactValue)]> = eleven.iter().map(Vec::as_slice).collect();
    assert_eq!(
        def.check(&items(&refs)),
        Err("at most 10 projects can be given".into())
    );
    assert_eq!(
        def.check(&Number(3)),
        Err("expected a list of entries".into())
    );
    // An empty JSON array reads as an empty set: no entries.
    assert_eq!(def.check(&FactValue::Set(Default::default())), Ok(()));
}

fn load_error(doc: &str) -> String {
    match Catalog::load([("facts.toml", FACTS), ("doc.toml", doc)]) {
        Ok(_) => panic!("should not load"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn loader_rejects_per_item_formulas_that_do_not_fit() {
    let doc = |f: &str| format!("{HEADER}{}", measure("m", "{ all = [] }", f));
    let e = load_error(&doc(
        r#"{ kind = "per_item", items = "cost", each = { kind = "fixed", amount = 1 } }"#,
    ));
    assert!(
        e.contains("doc.toml: nwf-2019-1.m [formula.items]: a per_item formula pays for each entry of a list fact, but \"cost\" is an amount in whole yuan"),
        "{e}"
    );
    let e = load_error(&doc(
        r#"{ kind = "per_item", items = "projects", each = { kind = "rate", rate = "10%", base = "cost" } }"#,
    ));
    assert!(
        e.contains("nwf-2019-1.m [formula.each]: unknown fact \"cost\""),
        "{e}"
    );
    let e = load_error(&doc(
        r#"{ kind = "per_item", items = "projects", each = { kind = "monthly", per_month = 5 } }"#,
    ));
    assert!(
        e.contains("[formula.each]: each entry's formula must yield money"),
        "{e}"
    );
    let e = load_error(&doc(
        r#"{ kind = "per_item", items = "projects", each = { kind = "fixed", amount = 1 }, when = { fact = "level", op = "eq", value = "national" } }"#,
    ));
    assert!(e.contains("[formula.when]: unknown fact \"level\""), "{e}");
    let e = load_error(&doc(
        r#"{ kind = "rate", rate = "10%", base = "projects" }"#,
    ));
    assert!(e.contains("fact \"projects\" is a list of entries"), "{e}");
    let bad_list = FACTS.replace("item_label = \"project\"\n", "");
    let e = match Catalog::load([("facts.toml", bad_list.as_str())]) {
        Ok(_) => panic!("should not load"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("projects [item_label]: a list fact needs item_label"),
        "{e}"
    );
}

#[test]
fn examples_may_give_lists_in_toml() {
    let doc = format!(
        "{HEADER}{}",
        measure("m", "{ all = [] }", RISK_COMPENSATION).replace(
            "facts = { applicant_kind = \"enterprise\" }\nexpect = \"needs_info\"",
            "facts = { applicant_kind = \"enterprise\", projects = [ { loss = 5000000, startup_stage = true }, { loss = 4000000, startup_stage = true } ] }\nexpect = \"eligible\"\nlow = 0\nhigh = 2000000"
        )
    );
    let c = catalog(&doc);
    let m = &c.measures[0];
    assert_eq!(super::check_example(&c, m, &m.examples[0]), Ok(()));
}
