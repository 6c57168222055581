//! Which questions matter: the wizard asks only for facts that some still-possible measure
//! needs, given the answers to the earlier steps (the idea of Publicodes' "missing variables").
use std::collections::{BTreeMap, BTreeSet};

use super::catalog::Catalog;
use super::date::Date;
use super::engine::{evaluate_measure, Verdict, APPLICANT_KIND};
use super::fact::{Facts, WizardStep};
use super::rules::RuleKind;

/// Facts each measure reads: its condition, its formula and the rules that cover it.
fn facts_of(catalog: &Catalog, id: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::from([APPLICANT_KIND.to_string()]);
    if let Some(m) = catalog.measure(id) {
        m.condition.facts(&mut out);
        m.formula.facts(&mut out);
        for r in catalog
            .rules
            .iter()
            .filter(|r| r.covers(&m.id, &m.citation.doc))
        {
            match &r.kind {
                RuleKind::MinimumYears { fact, .. } => {
                    out.insert(fact.clone());
                }
                RuleKind::Bonus { condition, .. } => condition.facts(&mut out),
                _ => {}
            }
        }
    }
    out
}

/// The questions of every step, in vocabulary order: for step S, the facts of step S read by
/// measures still possible after the answers given to the steps before S. With `focus`, only
/// that measure counts.
pub fn questions_by_step(
    catalog: &Catalog,
    answers: &Facts,
    focus: Option<&str>,
    as_of: Date,
) -> BTreeMap<WizardStep, Vec<String>> {
    let step_of = |name: &str| catalog.vocabulary.get(name).map(|d| d.step);
    let mut out = BTreeMap::new();
    for step in WizardStep::ALL {
        let earlier: Facts = answers
            .iter()
            .filter(|(k, _)| step_of(k).is_some_and(|s| s < step))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut wanted = BTreeSet::new();
        for m in catalog
            .measures
            .iter()
            .filter(|m| focus.is_none_or(|f| f == m.id))
        {
            let o = evaluate_measure(m, &earlier, &catalog.vocabulary, &catalog.rules, as_of);
            if matches!(o.verdict, Verdict::NotEligible | Verdict::NotInForce) {
                continue;
            }
            wanted.extend(
                facts_of(catalog, &m.id)
                    .into_iter()
                    .filter(|f| step_of(f) == Some(step)),
            );
        }
        let ordered: Vec<String> = catalog
            .vocabulary
            .iter()
            .filter(|d| wanted.contains(&d.name))
            .map(|d| d.name.clone())
            .collect();
        if !ordered.is_empty() {
            out.insert(step, ordered);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{seed, FactValue};

    fn day() -> Date {
        Date::parse("2026-01-01").unwrap()
    }

    #[test]
    fn a_talent_without_a_company_is_not_asked_for_rd_expenses() {
        let c = seed::load().unwrap();
        let mut a = Facts::new();
        a.insert(
            "applicant_kind".into(),
            FactValue::Text("individual".into()),
        );
        let q = questions_by_step(&c, &a, None, day());
        let all: Vec<&String> = q.values().flatten().collect();
        assert!(!all.iter().any(|f| *f == "rd_expense_last_year_cny"));
        assert!(q.contains_key(&WizardStep::Talent));
        a.insert(
            "applicant_kind".into(),
            FactValue::Text("enterprise".into()),
        );
        let q = questions_by_step(&c, &a, None, day());
        assert!(q[&WizardStep::RdInvestment].contains(&"rd_expense_last_year_cny".to_string()));
    }

    #[test]
    fn focusing_on_a_measure_asks_only_its_facts() {
        let c = seed::load().unwrap();
        let q = questions_by_step(
            &c,
            &Facts::new(),
            Some("nwf-2020-1.ip-litigation-subsidy"),
            day(),
        );
        let all: BTreeSet<&String> = q.values().flatten().collect();
        let want = [
            "applicant_kind",
            "located_in_nanjing",
            "ip_dispute_outcome",
            "ip_litigation_cost_cny",
        ];
        assert_eq!(all.len(), want.len(), "{all:?}");
        assert!(want.iter().all(|w| all.iter().any(|a| a.as_str() == *w)));
    }
}
