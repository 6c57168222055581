//! How many questions an applicant meets (issue 16, "the fewest questions"): every worked
//! example of the catalog replayed as an applicant who knows exactly the example's answers
//! and says "not sure" to everything else, through the step-by-step wizard (every question of
//! every step that some still-possible measure needs, as before) and through the adaptive one
//! (applicant type and topics first, then screens of the best-ranked questions until none is
//! left). The figures are printed (`cargo test -p app --features ssr --test questions_asked
//! -- --nocapture`) and held to the goals: at least 60% fewer questions on average, and a first
//! useful result (some measure eligible) after at most 10 answers for every example that
//! expects one.
use std::collections::BTreeSet;

use app::policy::measure::Expectation;
use app::policy::next_questions::{rank, standing, topics_of, Scope};
use app::policy::questions::questions_by_step;
use app::policy::{seed, Catalog, Date, Facts, Measure, Status, WizardStep};

/// Questions on one adaptive screen.
const SCREEN: usize = app::policy::next_questions::SCREEN;

struct Replay {
    asked: usize,
    answers: usize,
    /// Answers given when some measure in scope first became eligible.
    first_useful: Option<usize>,
}

/// The step-by-step wizard: each step shows every question some measure still possible after
/// the earlier steps needs.
fn before(catalog: &Catalog, known: &Facts, as_of: Date) -> Replay {
    let mut answers = Facts::new();
    let mut asked = 0;
    for step in WizardStep::ALL {
        let by_step = questions_by_step(catalog, &answers, None, as_of);
        for f in by_step.get(&step).cloned().unwrap_or_default() {
            asked += 1;
            if let Some(v) = known.get(&f) {
                answers.insert(f, v.clone());
            }
        }
    }
    Replay {
        asked,
        answers: answers.len(),
        first_useful: None,
    }
}

/// The adaptive wizard: the first screen asks the applicant type and the topics (the
/// applicant ticks the topics of the measure the example belongs to), then screens of the
/// best-ranked questions follow until none is left.
fn after(catalog: &Catalog, m: &Measure, known: &Facts, as_of: Date) -> Replay {
    let scope = Scope {
        topics: topics_of(catalog, m),
        focus: None,
    };
    let mut answers = Facts::new();
    let mut unknown = BTreeSet::new();
    // The first screen: who is applying, and what applies to them.
    let mut asked = 2;
    let mut given = 1;
    match known.get("applicant_kind") {
        Some(v) => {
            answers.insert("applicant_kind".to_string(), v.clone());
        }
        None => {
            unknown.insert("applicant_kind".to_string());
        }
    }
    let mut first_useful = None;
    loop {
        let s = standing(catalog, &answers, &unknown, &scope, as_of);
        if first_useful.is_none() && s.eligible > 0 {
            first_useful = Some(given);
        }
        let screen: Vec<String> = rank(catalog, &s)
            .into_iter()
            .take(SCREEN)
            .map(|c| c.fact)
            .collect();
        if screen.is_empty() {
            break;
        }
        for f in screen {
            asked += 1;
            match known.get(&f) {
                Some(v) => {
                    given += 1;
                    answers.insert(f, v.clone());
                }
                None => {
                    unknown.insert(f);
                }
            }
        }
        assert!(asked < 1000, "{}: the wizard does not end", m.id);
    }
    Replay {
        asked,
        answers: given,
        first_useful,
    }
}

#[test]
fn the_adaptive_wizard_asks_at_least_60_percent_fewer_questions() {
    let catalog = seed::load().expect("seeded catalog loads");
    let (mut n, mut asked_before, mut asked_after) = (0usize, 0usize, 0usize);
    let (mut max_before, mut max_after) = (0usize, 0usize);
    let mut useful: Vec<usize> = Vec::new();
    let mut late = Vec::new();
    for m in catalog
        .measures
        .iter()
        .filter(|m| m.status == Status::Published)
    {
        for ex in &m.examples {
            let as_of = ex.as_of.unwrap_or(m.effective_from);
            let b = before(&catalog, &ex.facts, as_of);
            let a = after(&catalog, m, &ex.facts, as_of);
            n += 1;
            asked_before += b.asked;
            asked_after += a.asked;
            max_before = max_before.max(b.asked);
            max_after = max_after.max(a.asked);
            assert!(b.answers <= ex.facts.len());
            if ex.expect == Expectation::Eligible {
                match a.first_useful {
                    Some(k) => {
                        useful.push(k);
                        if k > 10 {
                            late.push(format!("{} / {}: {k} answers", m.id, ex.name));
                        }
                    }
                    None => late.push(format!("{} / {}: never", m.id, ex.name)),
                }
            }
        }
    }
    assert!(n > 300, "{n} examples");
    let mean_before = asked_before as f64 / n as f64;
    let mean_after = asked_after as f64 / n as f64;
    let fewer = 1.0 - mean_after / mean_before;
    useful.sort_unstable();
    let mean_useful = useful.iter().sum::<usize>() as f64 / useful.len().max(1) as f64;
    println!(
        "{n} worked examples replayed: questions asked before {mean_before:.1} on average (at most {max_before}), after {mean_after:.1} (at most {max_after}): {:.0}% fewer",
        fewer * 100.0
    );
    println!(
        "first useful result ({} examples that expect an award): after {mean_useful:.1} answers on average, median {}, at most {}",
        useful.len(),
        useful.get(useful.len() / 2).copied().unwrap_or(0),
        useful.last().copied().unwrap_or(0)
    );
    assert!(fewer >= 0.6, "only {:.0}% fewer", fewer * 100.0);
    assert!(late.is_empty(), "{} late: {late:#?}", late.len());
}
