//! Which question next: after each answer, the questions still worth asking, ordered by how
//! much they settle.
//!
//! A question is worth asking when some measure still in scope needs its answer: the measure
//! is undecided (the engine says "needs information") and the fact is among its missing
//! answers, not one the applicant said they do not know. Of those, only a measure's *first*
//! missing fact in the order its text reads them (applicant type, then its conditions as
//! written, then the minimum-years rules, then its formula) is put to the applicant, so no
//! question comes before the answer it depends on ("how many years since the selection?"
//! waits for "were you selected?").
//!
//! Each candidate is scored by the measures it bears on: a measure with `n` missing answers
//! gives each of them `1/n` (a measure one answer away from its verdict counts most), raised
//! by the share of the largest award at stake. A candidate that is the *only* missing answer
//! of some measures "settles" them: answering it decides each, whatever the answer; the
//! wizard says so ("settles 7 measures worth up to 3,500,000 yuan").
use std::collections::{BTreeMap, BTreeSet};

use super::catalog::Catalog;
use super::date::Date;
use super::engine::{evaluate_measure, Verdict, APPLICANT_KIND};
use super::fact::Facts;
use super::measure::{Category, Measure, Status};
use super::money::Yuan;
use super::rules::RuleKind;

/// One measure's weight in a score (scores are whole numbers).
const SCALE: u128 = 1_000_000;

/// Questions on one screen of the adaptive wizard: short enough to fit on a phone.
pub const SCREEN: usize = 4;

/// What a first screen asks the applicant to tick: the kinds of support they are after.
/// A measure belongs to the topic of its category and, where it reads them, to R&D spending
/// and to standards; a measure is explored when any of its topics was ticked (none ticked:
/// every measure).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// R&D spending, research projects and investment in them.
    RdSpending,
    /// Drafting standards, standardisation platforms.
    Standards,
    /// Patents and IP disputes.
    PatentsAndIp,
    /// Recruiting talent, talent programmes and housing.
    Talent,
    /// Listing, venture capital, loans and guarantees.
    Financing,
    /// R&D platforms, institutes, labs and accreditations.
    Platforms,
    /// Growth titles: high-tech enterprise, gazelle, unicorn, above designated size.
    Growth,
    /// Industrial projects and innovative products.
    Projects,
    /// Events and international cooperation.
    International,
    /// Space, rent and carriers (incubators, parks).
    Space,
    /// Technology transfer and professional services.
    TechTransfer,
}

impl Topic {
    /// Every topic, in the order the first screen lists them.
    pub const ALL: [Topic; 11] = [
        Topic::RdSpending,
        Topic::Standards,
        Topic::PatentsAndIp,
        Topic::Talent,
        Topic::Financing,
        Topic::Platforms,
        Topic::Growth,
        Topic::Projects,
        Topic::International,
        Topic::Space,
        Topic::TechTransfer,
    ];

    /// The form value and URL word.
    pub fn slug(self) -> &'static str {
        match self {
            Topic::RdSpending => "rd",
            Topic::Standards => "standards",
            Topic::PatentsAndIp => "ip",
            Topic::Talent => "talent",
            Topic::Financing => "financing",
            Topic::Platforms => "platforms",
            Topic::Growth => "growth",
            Topic::Projects => "projects",
            Topic::International => "international",
            Topic::Space => "space",
            Topic::TechTransfer => "tech_transfer",
        }
    }

    /// The topic of a form value.
    pub fn from_slug(slug: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.slug() == slug)
    }

    fn of_category(c: Category) -> Topic {
        match c {
            Category::Talent => Topic::Talent,
            Category::Finance => Topic::Financing,
            Category::Ip => Topic::PatentsAndIp,
            Category::Platforms => Topic::Platforms,
            Category::EnterpriseGrowth => Topic::Growth,
            Category::IndustrialProjects => Topic::Projects,
            Category::SpaceAndCarriers => Topic::Space,
            Category::International => Topic::International,
            Category::TechTransfer => Topic::TechTransfer,
        }
    }
}

/// The topics of a measure: its category's, plus R&D spending and standards where it reads
/// facts about them.
pub fn topics_of(catalog: &Catalog, m: &Measure) -> BTreeSet<Topic> {
    let mut out = BTreeSet::from([Topic::of_category(m.category)]);
    for f in reading_order(catalog, m) {
        if f.contains("standard") {
            out.insert(Topic::Standards);
        }
        if f.starts_with("rd_expense") || f.contains("research") {
            out.insert(Topic::RdSpending);
        }
    }
    out
}

/// The facts a measure reads, in the order its text does: applicant type, its condition's
/// comparisons as written, the minimum-years and bonus rules that cover it, then its formula.
pub fn reading_order(catalog: &Catalog, m: &Measure) -> Vec<String> {
    let mut out = vec![APPLICANT_KIND.to_string()];
    let mut push = |f: &str| {
        if !out.iter().any(|o| o == f) {
            out.push(f.to_string());
        }
    };
    for c in m.condition.comparisons() {
        push(&c.fact);
    }
    for r in catalog
        .rules
        .iter()
        .filter(|r| r.covers(&m.id, &m.citation.doc))
    {
        match &r.kind {
            RuleKind::MinimumYears { fact, .. } => push(fact),
            RuleKind::Bonus { condition, .. } => {
                for c in condition.comparisons() {
                    push(&c.fact);
                }
            }
            _ => {}
        }
    }
    let mut formula = BTreeSet::new();
    m.formula.facts(&mut formula);
    for f in &formula {
        push(f);
    }
    out
}

/// Which measures the applicant is exploring.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// The topics ticked on the first screen (empty: all).
    pub topics: BTreeSet<Topic>,
    /// One measure the applicant came for, if any: then only it counts.
    pub focus: Option<String>,
}

impl Scope {
    /// Whether `m` is explored.
    pub fn includes(&self, catalog: &Catalog, m: &Measure) -> bool {
        match &self.focus {
            Some(f) => *f == m.id,
            None => {
                self.topics.is_empty()
                    || topics_of(catalog, m)
                        .iter()
                        .any(|t| self.topics.contains(t))
            }
        }
    }
}

/// A question worth asking now.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The fact.
    pub fact: String,
    /// How much answering it settles (see the module notes), in millionths of a measure
    /// (whole numbers, as everything in the policy module); higher first.
    pub score: u128,
    /// Measures it is the only missing answer of: answering decides each.
    pub settles: Vec<String>,
    /// The largest sum those measures can pay together (bounded formulas only).
    pub settles_worth: Yuan,
    /// Measures whose verdict waits on it, among others.
    pub bears_on: usize,
}

/// Where an applicant stands: the undecided measures in scope and what each still needs.
#[derive(Clone, Debug, Default)]
pub struct Standing {
    /// Undecided measures in scope, each with the answers it still needs (less the ones the
    /// applicant does not know), in reading order.
    pub open: BTreeMap<String, Vec<String>>,
    /// Measures in scope that the answers make eligible.
    pub eligible: usize,
    /// Measures in scope left open only by answers the applicant does not know.
    pub unknowable: usize,
}

/// Evaluates every measure in scope against `answers`; `unknown` are the facts the applicant
/// said they do not know (they are never asked again).
pub fn standing(
    catalog: &Catalog,
    answers: &Facts,
    unknown: &BTreeSet<String>,
    scope: &Scope,
    as_of: Date,
) -> Standing {
    let mut out = Standing::default();
    for m in catalog
        .measures
        .iter()
        .filter(|m| m.status == Status::Published && scope.includes(catalog, m))
    {
        let o = evaluate_measure(m, answers, &catalog.vocabulary, &catalog.rules, as_of);
        match o.verdict {
            Verdict::Eligible => out.eligible += 1,
            Verdict::NeedsInfo => {
                let missing: BTreeSet<&str> = o
                    .missing
                    .iter()
                    .copied()
                    .filter(|f| !unknown.contains(*f))
                    .collect();
                if missing.is_empty() {
                    out.unknowable += 1;
                    continue;
                }
                let mut ordered: Vec<String> = reading_order(catalog, m)
                    .into_iter()
                    .filter(|f| missing.contains(f.as_str()))
                    .collect();
                // A missing fact the reading order does not know (none today) still counts.
                for f in &missing {
                    if !ordered.iter().any(|o| o == f) {
                        ordered.push(f.to_string());
                    }
                }
                out.open.insert(m.id.clone(), ordered);
            }
            Verdict::NotEligible | Verdict::NotInForce => {}
        }
    }
    out
}

/// The questions worth asking now, best first (ties in vocabulary order). Only facts the
/// vocabulary declares are offered.
pub fn rank(catalog: &Catalog, standing: &Standing) -> Vec<Candidate> {
    let ceiling = |id: &str| {
        catalog
            .measure(id)
            .and_then(|m| m.formula.ceiling())
            .unwrap_or(0)
            .max(0)
    };
    let largest = standing
        .open
        .keys()
        .map(|id| ceiling(id))
        .max()
        .unwrap_or(0)
        .max(1);
    let gates: BTreeSet<&str> = standing
        .open
        .values()
        .filter_map(|needs| needs.first().map(String::as_str))
        .collect();
    let mut by_fact: BTreeMap<&str, Candidate> = BTreeMap::new();
    for (id, needs) in &standing.open {
        // 1/n, raised by the award's share of the largest at stake: (1 + c/L) / n.
        let (n, c, l) = (needs.len() as u128, ceiling(id) as u128, largest as u128);
        let weight = SCALE * (l + c) / (n * l);
        for f in needs.iter().filter(|f| gates.contains(f.as_str())) {
            let c = by_fact.entry(f.as_str()).or_insert_with(|| Candidate {
                fact: f.clone(),
                score: 0,
                settles: Vec::new(),
                settles_worth: 0,
                bears_on: 0,
            });
            c.score += weight;
            c.bears_on += 1;
            if needs.len() == 1 {
                c.settles.push(id.clone());
                c.settles_worth = c.settles_worth.saturating_add(ceiling(id));
            }
        }
    }
    let position = |f: &str| {
        catalog
            .vocabulary
            .iter()
            .position(|d| d.name == f)
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<Candidate> = by_fact
        .into_values()
        .filter(|c| catalog.vocabulary.get(&c.fact).is_some())
        .collect();
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| position(&a.fact).cmp(&position(&b.fact)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{seed, FactValue};

    fn day() -> Date {
        Date::parse("2026-01-01").unwrap()
    }

    fn kind(k: &str) -> Facts {
        Facts::from([("applicant_kind".to_string(), FactValue::Text(k.into()))])
    }

    #[test]
    fn with_nothing_answered_only_the_applicant_type_is_asked() {
        let c = seed::load().unwrap();
        let s = standing(
            &c,
            &Facts::new(),
            &BTreeSet::new(),
            &Scope::default(),
            day(),
        );
        let ranked = rank(&c, &s);
        assert_eq!(ranked[0].fact, "applicant_kind");
        assert_eq!(ranked.len(), 1, "{ranked:?}");
    }

    #[test]
    fn a_follow_up_waits_for_the_answer_it_depends_on() {
        let c = seed::load().unwrap();
        let s = standing(
            &c,
            &kind("individual"),
            &BTreeSet::new(),
            &Scope::default(),
            day(),
        );
        let offered: Vec<String> = rank(&c, &s).into_iter().map(|c| c.fact).collect();
        // The selection comes before the years since it.
        assert!(!offered.contains(&"talent_years_since_leading_talent_selection".to_string()));
        // An individual is never asked about the company's R&D.
        assert!(!offered.contains(&"rd_expense_last_year_cny".to_string()));
    }

    #[test]
    fn the_only_missing_answer_settles_its_measures_with_their_ceiling() {
        let c = seed::load().unwrap();
        let m = c.measure("nwf-2020-1.ip-litigation-subsidy").unwrap();
        let scope = Scope {
            focus: Some(m.id.clone()),
            ..Scope::default()
        };
        let mut a = kind("enterprise");
        a.insert("located_in_nanjing".into(), FactValue::Bool(true));
        a.insert("ip_dispute_outcome".into(), FactValue::Text("won".into()));
        let s = standing(&c, &a, &BTreeSet::new(), &scope, day());
        let ranked = rank(&c, &s);
        assert_eq!(ranked.len(), 1, "{ranked:?}");
        assert_eq!(ranked[0].fact, "ip_litigation_cost_cny");
        assert_eq!(ranked[0].settles, vec![m.id.clone()]);
        assert_eq!(Some(ranked[0].settles_worth), m.formula.ceiling());
    }

    #[test]
    fn an_unknown_answer_is_not_asked_again_and_leaves_the_measure_open() {
        let c = seed::load().unwrap();
        let scope = Scope {
            focus: Some("nwf-2020-1.ip-litigation-subsidy".into()),
            ..Scope::default()
        };
        let a = kind("enterprise");
        let first = rank(&c, &standing(&c, &a, &BTreeSet::new(), &scope, day()));
        let asked = first[0].fact.clone();
        let unknown = BTreeSet::from([asked.clone()]);
        let s = standing(&c, &a, &unknown, &scope, day());
        assert!(rank(&c, &s).iter().all(|q| q.fact != asked));
    }

    #[test]
    fn topics_prune_whole_branches() {
        let c = seed::load().unwrap();
        let all = standing(
            &c,
            &kind("enterprise"),
            &BTreeSet::new(),
            &Scope::default(),
            day(),
        );
        let ip = Scope {
            topics: BTreeSet::from([Topic::PatentsAndIp]),
            focus: None,
        };
        let some = standing(&c, &kind("enterprise"), &BTreeSet::new(), &ip, day());
        assert!(
            some.open.len() * 3 < all.open.len(),
            "{} of {}",
            some.open.len(),
            all.open.len()
        );
        for id in some.open.keys() {
            let m = c.measure(id).unwrap();
            assert!(topics_of(&c, m).contains(&Topic::PatentsAndIp), "{id}");
        }
        // Every measure has a topic the first screen offers.
        assert!(c.measures.iter().all(|m| !topics_of(&c, m).is_empty()));
    }
}
