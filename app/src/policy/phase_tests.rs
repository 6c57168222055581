//! Each phase of the engine alone: applicability, conditions, formula, cross-measure rules and
//! totals, on hand-built measures and outcomes.
use std::collections::BTreeSet;

use super::applicability::{applicability, year_rules_for, Applicability};
use super::condition::{Failure, Truth};
use super::cross_rules;
use super::date::Date;
use super::engine::{formula_phase, requirements};
use super::fact::FactValue::{Bool, Number, Text};
use super::fact::Facts;
use super::formula::Benefit;
use super::measure::{Beneficiary, SupportType};
use super::money::MoneyRange;
use super::outcome::{Effect, Note, Reason, RuleStep};
use super::outcome::{MeasureOutcome, Verdict};
use super::test_support::{catalog, facts, measure, HEADER};
use super::totals::totals;
use super::Catalog;

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

const CITE: &str = r#"citation = { doc = "nwf-2019-1", item = "9", quote = "q" }"#;
const HI_TECH: &str = r#"{ fact = "hi_tech", op = "eq", value = true }"#;

/// Measures `a`, `b` and `c` paying 500,000, 1,500,000 and 1,000,000, with `rules` before them.
fn three_measures(rules: &str) -> Catalog {
    let a = measure("a", HI_TECH, r#"{ kind = "fixed", amount = 500000 }"#);
    let b = measure("b", HI_TECH, r#"{ kind = "fixed", amount = 1500000 }"#);
    let c = measure("c", HI_TECH, r#"{ kind = "fixed", amount = 1000000 }"#);
    catalog(&format!("{HEADER}{rules}{a}{b}{c}"))
}

/// Eligible outcomes of every measure of `c`, counting the given amounts.
fn eligible<'a>(c: &'a Catalog, amounts: &[i64]) -> Vec<MeasureOutcome<'a>> {
    c.measures
        .iter()
        .zip(amounts)
        .map(|(m, amount)| {
            let mut o = MeasureOutcome::pending(m, &c.vocabulary, Vec::new());
            o.verdict = Verdict::Eligible;
            o.counted = Some(MoneyRange::exact(*amount));
            o
        })
        .collect()
}

#[test]
fn applicability_reads_the_date_and_the_applicant_type_only() {
    let c = three_measures("");
    let mut m = c.measures[0].clone();
    m.expires_on = Some(day("2020-12-31"));
    // No answers at all: open, the applicant's type still to be given.
    let none = Facts::new();
    assert_eq!(
        applicability(&m, &none, day("2020-06-01")),
        Applicability::Open { kind_missing: true }
    );
    let enterprise = facts(&[]);
    assert_eq!(
        applicability(&m, &enterprise, day("2020-06-01")),
        Applicability::Open {
            kind_missing: false
        }
    );
    assert_eq!(
        applicability(&m, &enterprise, day("2018-06-01")),
        Applicability::Closed {
            verdict: Verdict::NotInForce,
            reason: Reason::NotYetInForce(day("2019-01-01")),
        }
    );
    assert_eq!(
        applicability(&m, &enterprise, day("2021-01-01")),
        Applicability::Closed {
            verdict: Verdict::NotInForce,
            reason: Reason::Expired(day("2020-12-31")),
        }
    );
    // Replaced by a later text from 2020-07-01: not in force from that day.
    let mut replaced = m.clone();
    replaced.superseded = Some(crate::policy::measure::Supersession {
        by: "nwf-2020-9".into(),
        on: day("2020-07-01"),
    });
    assert!(matches!(
        applicability(&replaced, &enterprise, day("2020-06-30")),
        Applicability::Open { .. }
    ));
    assert_eq!(
        applicability(&replaced, &enterprise, day("2020-07-01")),
        Applicability::Closed {
            verdict: Verdict::NotInForce,
            reason: Reason::Superseded {
                by: "nwf-2020-9",
                on: day("2020-07-01")
            },
        }
    );
    let individual = facts(&[("applicant_kind", Text("individual".into()))]);
    assert!(matches!(
        applicability(&m, &individual, day("2020-06-01")),
        Applicability::Closed {
            verdict: Verdict::NotEligible,
            reason: Reason::ApplicantType {
                beneficiary: Beneficiary::Enterprise,
                ..
            },
        }
    ));
    // A team measure is open to individuals and enterprises alike.
    m.beneficiary = Beneficiary::Team;
    assert_eq!(
        applicability(&m, &individual, day("2020-06-01")),
        Applicability::Open {
            kind_missing: false
        }
    );
}

#[test]
fn conditions_phase_adds_minimum_years_to_the_measure_condition() {
    let c = three_measures(&format!(
        "[[rules]]\nid = \"r\"\ntitle = \"Five years\"\nkind = \"minimum_years\"\nfact = \"years\"\nyears = 5\nmeasures = [\"nwf-2019-1.a\"]\n{CITE}\n"
    ));
    let m = &c.measures[0];
    let year_rules = year_rules_for(m, &c.rules);
    assert_eq!(year_rules.len(), 1);
    assert!(year_rules_for(&c.measures[1], &c.rules).is_empty());
    // Both unknown: both facts are missing.
    let given = facts(&[]);
    assert_eq!(
        requirements(m, &year_rules, &given),
        Truth::Unknown {
            missing: BTreeSet::from(["hi_tech", "years"])
        }
    );
    // A failing minimum-years rule decides even while the condition is unknown.
    let given = facts(&[("years", Number(4))]);
    assert!(matches!(
        requirements(m, &year_rules, &given),
        Truth::False {
            failure: Failure::AtLeast {
                fact: "years",
                minimum: 5,
                ..
            }
        }
    ));
    let given = facts(&[("hi_tech", Bool(true)), ("years", Number(5))]);
    assert_eq!(requirements(m, &year_rules, &given), Truth::True);
}

#[test]
fn formula_phase_pays_only_when_nothing_is_missing() {
    let c = catalog(&format!(
        "{HEADER}{}",
        measure(
            "a",
            HI_TECH,
            r#"{ kind = "rate", rate = "50%", base = "cost", cap = 500000 }"#
        )
    ));
    let m = &c.measures[0];
    let given = facts(&[("cost", Number(600_000))]);
    let mut o = MeasureOutcome::pending(m, &c.vocabulary, Vec::new());
    formula_phase(&mut o, &given);
    assert_eq!(o.verdict, Verdict::Eligible);
    assert_eq!(o.counted, Some(MoneyRange::exact(300_000)));
    assert!(!o.steps.is_empty());
    // An answer missing from an earlier phase keeps it open, whatever the formula computes.
    let mut o = MeasureOutcome::pending(m, &c.vocabulary, Vec::new());
    o.missing.push("zone");
    formula_phase(&mut o, &given);
    assert_eq!(o.verdict, Verdict::NeedsInfo);
    assert_eq!((o.benefit, o.counted), (None, None));
    // The formula's own missing answer joins the list, sorted.
    let none = facts(&[]);
    let mut o = MeasureOutcome::pending(m, &c.vocabulary, Vec::new());
    o.missing.push("zone");
    formula_phase(&mut o, &none);
    assert_eq!(o.missing, ["cost", "zone"]);
}

#[test]
fn cross_measure_phase_on_hand_built_outcomes() {
    let c = three_measures(&format!(
        "[[rules]]\nid = \"one\"\ntitle = \"One of a and b\"\nkind = \"highest_only\"\nmeasures = [\"nwf-2019-1.a\", \"nwf-2019-1.b\"]\n{CITE}\n\
         [[rules]]\nid = \"bonus\"\ntitle = \"Zone bonus\"\nkind = \"bonus\"\nrate = \"10%\"\ncondition = {{ fact = \"zone\", op = \"eq\", value = true }}\nmeasures = [\"nwf-2019-1.c\"]\n{CITE}\n\
         [[rules]]\nid = \"cap\"\ntitle = \"Yearly cap\"\nkind = \"annual_cap\"\ncap = 2000000\ndocuments = [\"nwf-2019-1\"]\n{CITE}\n"
    ));
    let coverage = c.coverage();
    let zone = facts(&[("zone", Bool(true))]);
    let mut outcomes = eligible(&c, &[500_000, 1_500_000, 1_000_000]);
    let applied = cross_rules::apply(&c.rules, |r, o| coverage.covers(r, o), &zone, &mut outcomes);
    // a is dropped for b; c gets 10%; then the cap trims c, the last of the group.
    let counted: Vec<_> = outcomes.iter().map(|o| o.counted).collect();
    assert_eq!(
        counted,
        [
            Some(MoneyRange::exact(0)),
            Some(MoneyRange::exact(1_500_000)),
            Some(MoneyRange::exact(500_000)),
        ]
    );
    let ids: Vec<&str> = applied.iter().map(|a| a.rule.id.as_str()).collect();
    assert_eq!(ids, ["one", "bonus", "cap"]);
    assert_eq!(
        applied[0].effect,
        Effect::KeptHighest {
            kept: "Measure b",
            dropped: vec!["Measure a"],
        }
    );
    assert_eq!(outcomes[0].rule_steps, [RuleStep::NotCounted(&c.rules[0])]);
    assert_eq!(outcomes[2].rule_steps.len(), 2);
    // Without the zone answered, the bonus is a note and the group fits under the cap.
    let none = facts(&[]);
    let mut outcomes = eligible(&c, &[500_000, 1_500_000, 400_000]);
    let applied = cross_rules::apply(&c.rules, |r, o| coverage.covers(r, o), &none, &mut outcomes);
    assert_eq!(applied.len(), 1);
    assert!(matches!(
        &outcomes[2].notes[..],
        [Note::BonusIfAnswered { missing, .. }] if missing == &["zone"]
    ));
}

#[test]
fn totals_phase_keeps_financing_and_open_ended_monthly_amounts_apart() {
    let c = three_measures("");
    let mut loan = c.measures[1].clone();
    loan.support = SupportType::LoanOrGuarantee;
    let mut outcomes = eligible(&c, &[500_000, 1_500_000, 1_000_000]);
    outcomes[1].measure = &loan;
    // Not eligible: not counted whatever it holds.
    outcomes[2].verdict = Verdict::NeedsInfo;
    let mut monthly = MeasureOutcome::pending(&c.measures[2], &c.vocabulary, Vec::new());
    monthly.verdict = Verdict::Eligible;
    monthly.benefit = Some(Benefit::Monthly {
        per_month: 3_000,
        months: None,
    });
    outcomes.push(monthly);
    let t = totals(&mut outcomes);
    assert_eq!(t.total, MoneyRange::exact(500_000));
    assert_eq!(t.financing_total, MoneyRange::exact(1_500_000));
    assert_eq!(t.monthly_total, 3_000);
    assert_eq!(outcomes[1].notes, [Note::Financing]);
    assert!(outcomes[0].notes.is_empty());
}
