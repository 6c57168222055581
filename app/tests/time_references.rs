//! Facts at a point in time: every condition of the source texts that names a time ("in the
//! previous year", "within one year after", "newly", "for the first time", "within N years of
//! ...") is asked with that time in the fact's question, so the wizard does not put a present-tense
//! question to an applicant the text judges at another moment (issue 11, part A).
//!
//! The table lists, per text, the measure, the fact it reads, the text's time phrase as quoted, and
//! a lowercase phrase the fact's question must contain. A fact written `list.field` is a field of
//! the entries of a list fact (one entry per project, standard, enterprise ...): the measure reads
//! the list, and the field's own question must carry the time.
use std::collections::BTreeSet;

use app::policy::{seed, Catalog, Measure, RuleKind};

/// One condition of a text that names a time.
struct TimeRef {
    /// Measure id (`<slug>.<name>`).
    measure: &'static str,
    /// The fact the measure's condition, formula or a minimum-years rule covering it reads, or
    /// `list.field` for a field of a list fact's entries.
    fact: &'static str,
    /// The text's time phrase, as quoted.
    text: &'static str,
    /// What the fact's question (lowercased) must contain.
    question_has: &'static str,
}

/// The five texts with measures; each has conditions that name a time.
const TEXTS: [&str; 5] = [
    "nwf-2020-1",
    "nwf-2019-1",
    "nj-2014-eight-programs",
    "nj-leading-city-opinions",
    "jingan-2018",
];

const fn t(
    measure: &'static str,
    fact: &'static str,
    text: &'static str,
    question_has: &'static str,
) -> TimeRef {
    TimeRef {
        measure,
        fact,
        text,
        question_has,
    }
}

const TABLE: &[TimeRef] = &[
    // ------------------------------------------------------------------ nwf-2020-1
    t(
        "nwf-2020-1.newly-above-size-contribution-reward",
        "newly_above_designated_size",
        "For newly-added enterprises above Designated Size",
        "this year",
    ),
    t(
        "nwf-2020-1.newly-above-size-contribution-reward",
        "new_local_contribution_cny",
        "newly-added contribution to local economic development of the present year",
        "this year",
    ),
    t(
        "nwf-2020-1.newly-above-size-contribution-reward",
        "years_since_reaching_designated_size",
        "for a period of three years",
        "how many full years ago",
    ),
    t(
        "nwf-2020-1.carrier-gazelle-unicorn-incubation-award",
        "incubatees_grown_gazelle_unicorn.years_after_first_incubation_year",
        "within five years after one year of incubation",
        "after the end of its first year of incubation",
    ),
    t(
        "nwf-2020-1.carrier-gazelle-unicorn-incubation-award",
        "incubatees_grown_gazelle_unicorn.incubated_at_least_one_year",
        "if they grow into gazelle or unicorn enterprise within five years after one year of incubation",
        "for at least one year",
    ),
    t(
        "nwf-2020-1.standard-drafting-award",
        "standards_drafted_this_year",
        "The award amount for one enterprise is up to 2 million yuan within the present year.",
        "this year",
    ),
    t(
        "nwf-2020-1.national-standardization-platform-award",
        "standardization_platform_awards_received_cny",
        "give annual awards of up to 2 million yuan and a cumulative maximum of 5 million yuan",
        "in earlier years",
    ),
    t(
        "nwf-2020-1.weak-link-investment-reward",
        "below_designated_size_when_investing",
        "reward 5% of the total investment for enterprises below Designated Size",
        "at the time of its investment",
    ),
    t(
        "nwf-2020-1.weak-link-investment-growth-bonus",
        "below_designated_size_when_investing",
        "reward 5% of the total investment for enterprises below Designated Size, and another 5% after the enterprise grows to Designated Size within 1 year",
        "at the time of its investment",
    ),
    t(
        "nwf-2020-1.weak-link-investment-growth-bonus",
        "weak_link_investor_reached_designated_size_1y",
        "after the enterprise grows to Designated Size within 1 year",
        "within one year after",
    ),
    t(
        "nwf-2020-1.innovative-product-deemed-sales-record",
        "years_since_product_entered_catalog",
        "within 2 years from the date of entering the Recommendation Catalog",
        "how many full years ago did the product enter",
    ),
    // ------------------------------------------------------------------ nwf-2019-1
    t(
        "nwf-2019-1.provincial-high-tech-collection-rd-reward",
        "rd_expense_last_year_cny",
        "10% of the previous year's research and development expenses",
        "last year",
    ),
    t(
        "nwf-2019-1.rd-platform-approval-reward",
        "rd_platform_level",
        "When the enterprise is approved to be national or provincial R&D platform",
        "newly approved",
    ),
    t(
        "nwf-2019-1.angel-investor-reward",
        "angel_investment_small_micro_nanjing_cny",
        "5% of their annual investment in Nanjing",
        "this year",
    ),
    t(
        "nwf-2019-1.pilot-insurer-guarantee-subsidy",
        "new_guarantee_insured_loans_cny",
        "according to the size of the newly added guarantee insurance for expanding loans in the same year",
        "newly added loans",
    ),
    t(
        "nwf-2019-1.talent-housing-rent-then-buy",
        "years_renting_talent_housing",
        "qualified talents who have rented the housing for five years",
        "how many full years",
    ),
    t(
        "nwf-2019-1.major-industrial-project-priority-support",
        "new_industrial_project_investment_cny",
        "major industrial projects with newly introduced investment",
        "newly introduced",
    ),
    t(
        "nwf-2019-1.regular-intl-conference-cost-subsidy",
        "intl_conference_year_in_nanjing",
        "within the first three years of operation",
        "year of operation",
    ),
    t(
        "nwf-2019-1.regular-intl-conference-cost-subsidy",
        "intl_conference_expenditure_cny",
        "without exceeding the maximum of RMB 500,000 yuanfor each year",
        "this year",
    ),
    t(
        "nwf-2019-1.military-products-qualification-reward",
        "newly_obtained_military_products_qualification",
        "for each newly qualified enterprise",
        "newly obtained",
    ),
    t(
        "nwf-2019-1.incubator-gazelle-during-incubation-reward",
        "incubatees_gazelle_during_incubation",
        "For companies identified as \"Gazelles\" during the incubation period",
        "while in the carrier's incubation",
    ),
    t(
        "nwf-2019-1.incubator-graduate-gazelle-3y-reward",
        "graduates_gazelle_within_3y",
        "recognized as \"Gazelles\" within 3 years after graduation and at least 1 year in incubator",
        "within 3 years after graduating",
    ),
    t(
        "nwf-2019-1.incubator-listed-graduate-gazelle-5y-reward",
        "listed_graduates_gazelle_within_5y",
        "recognized as \"Gazelles\" within 5 years after graduation and at least 1 year in incubator",
        "within 5 years after graduating",
    ),
    // ------------------------------------------------------------------ nj-2014-eight-programs
    t(
        "nj-2014-eight-programs.sz-incubator-tax-subsidy",
        "carrier_years_since_accreditation",
        "within three years from the date of accreditation",
        "how many full years ago was the incubator or accelerator accredited",
    ),
    t(
        "nj-2014-eight-programs.sz-startup-zero-rent",
        "sz_first_time_renting",
        "For start-ups renting their operation venues in the Special Zones for the first time",
        "for the first time",
    ),
    t(
        "nj-2014-eight-programs.sz-startup-zero-rent",
        "years_since_first_renting_in_special_zone",
        "the Special Entrepreneurial Zones will grant “Zero-Rental” for two years",
        "how many full years ago did the start-up first rent",
    ),
    t(
        "nj-2014-eight-programs.sz-accelerator-half-rent",
        "years_since_entering_accelerator",
        "For enterprises graduating from incubation and entering accelerators, the Special Entrepreneurial Zones will half their rental for operation venues for two years.",
        "how many full years ago did the enterprise move into",
    ),
    t(
        "nj-2014-eight-programs.sz-startup-vat-refund",
        "sz_startup_in_incubation_period",
        "will be refunded in the three-year incubation period",
        "three-year incubation period",
    ),
    t(
        "nj-2014-eight-programs.lt-working-space",
        "talent_years_since_leading_talent_selection",
        "a talent apartment of no less than 100 square meters, rental-free within 3 years",
        "how many full years ago was the project selected",
    ),
    t(
        "nj-2014-eight-programs.lt-talent-apartment",
        "talent_years_since_leading_talent_selection",
        "a talent apartment of no less than 100 square meters, rental-free within 3 years",
        "how many full years ago was the project selected",
    ),
    t(
        "nj-2014-eight-programs.lt-keep-academic-post",
        "talent_years_since_starting_business",
        "Talents from universities and research institutes who start a business in Nanjing will retain their previous academic position and professional titles within three years.",
        "how many full years ago did you start your business",
    ),
    t(
        "nj-2014-eight-programs.lt-vc-investment-reward",
        "vc_held_over_two_years",
        "Venture capitals invested for over two years",
        "more than two years",
    ),
    t(
        "nj-2014-eight-programs.lt-guarantee-premium-subsidy",
        "guarantee_amount_leading_talent_cny",
        "2.5% of the annual accumulative amount guaranteed",
        "this year's cumulative",
    ),
    t(
        "nj-2014-eight-programs.lt-cit-refund",
        "company_years_since_first_profit",
        "in the first 3 years since the companies make profits",
        "first profitable year",
    ),
    t(
        "nj-2014-eight-programs.lt-pit-refund",
        "company_age_years",
        "in the first 5 years since the enterprise is registered",
        "registered",
    ),
    t(
        "nj-2014-eight-programs.he-pit-refund",
        "talent_years_since_entrepreneur_selection",
        "Since the day of being selected or recruited, the amount of local retained personal income tax will be refunded in total in the first five years",
        "since you were selected",
    ),
    t(
        "nj-2014-eight-programs.jp-new-platform-tax-subsidy",
        "company_age_years",
        "within five years from the date of incorporation",
        "incorporated",
    ),
    t(
        "nj-2014-eight-programs.jp-existing-park-tax-subsidy",
        "platform_park_provincial_or_above",
        "existing provincial and above level university science and technology park management companies",
        "when the programme was promulgated",
    ),
    t(
        "nj-2014-eight-programs.if-fund-startup-subsidy",
        "fund_new_registered_filed",
        "Equity investment funds newly set up, registered and paying taxes in Nanjing",
        "newly set up",
    ),
    t(
        "nj-2014-eight-programs.if-fund-cit-refund-years-1-2",
        "company_age_years",
        "will be subsidized for the first two years and 40% for the subsequent three years",
        "registered",
    ),
    t(
        "nj-2014-eight-programs.if-vc-risk-compensation",
        "vc_loss_projects.startup_stage_when_invested",
        "the social venture capital institutions investing in hi-tech start-ups in the startup stage",
        "when the investor invested",
    ),
    t(
        "nj-2014-eight-programs.if-vc-risk-compensation",
        "vc_loss_projects",
        "Total compensation payable to each individual venture capital enterprise is capped at RMB 3 million per annum.",
        "this year",
    ),
    t(
        "nj-2014-eight-programs.if-guarantee-premium-subsidy",
        "guarantee_amount_hitech_startups_cny",
        "2.5% of their annual cumulative amounts guaranteed",
        "this year's cumulative",
    ),
    t(
        "nj-2014-eight-programs.if-tech-insurance-subsidy",
        "tech_insurance_premium_paid_cny",
        "Annual subsidy for each enterprise is capped at RMB 300,000.",
        "this year",
    ),
    t(
        "nj-2014-eight-programs.rdi-global500-award",
        "rdi_parent_rank",
        "enterprises ranking among the Global 500 or Top 500 Chinese Enterprises over the past five years",
        "over the past five years",
    ),
    t(
        "nj-2014-eight-programs.rdi-global500-award",
        "rdi_newly_attracted",
        "Independent and dependent R&D Institutes of Global 500 enterprises that are newly attracted",
        "newly attracted",
    ),
    t(
        "nj-2014-eight-programs.rdi-tax-retention-award",
        "rdi_years_since_established_in_nanjing",
        "Newly attracted R&D Institutes will be awarded based on the actual tax retentions at municipal and district levels in first three years",
        "how many full years ago was the r&d institute set up",
    ),
    t(
        "nj-2014-eight-programs.rdi-rent-support",
        "rdi_years_since_established_in_nanjing",
        "should offer preferential rental policies for four years",
        "how many full years ago was the r&d institute set up",
    ),
    t(
        "nj-2014-eight-programs.he-accelerator-rent-free",
        "years_since_entering_accelerator",
        "business premises rental will be exempted in the first two years for those included in the Enterprise Accelerator or Intermediate Test Base",
        "how many full years ago did the enterprise move into",
    ),
    t(
        "nj-2014-eight-programs.rdi-talent-pit-years-1-2",
        "talent_rdi_years_in_post",
        "the full amounts of the municipal and district tax retentions of their personal income taxes for the first two years",
        "how many full years",
    ),
    t(
        "nj-2014-eight-programs.ip-maintenance-fee-subsidy",
        "ip_inventions_granted_per_year",
        "enterprises and research institutes with over 20 authorized inventions and patents every year",
        "each year",
    ),
    // ------------------------------------------------------------------ nj-leading-city-opinions
    t(
        "nj-leading-city-opinions.tech-innovation-demo-enterprise-award",
        "newly_recognised_tech_innovation_demo",
        "A maximum of 2 million yuan will be given to newly recognized national technology innovation demonstration enterprises",
        "newly recognised",
    ),
    t(
        "nj-leading-city-opinions.high-tech-startup-rent-subsidy",
        "rent_subsidy_years_received",
        "the maximum subsidy will not exceed three years",
        "for how many years",
    ),
    t(
        "nj-leading-city-opinions.software-revenue-milestone-reward",
        "software_revenue_first_over_100m",
        "give rewards to software enterprises whose operating income exceeds 100 million yuan for the first time",
        "for the first time",
    ),
    // ------------------------------------------------------------------ jingan-2018
    t(
        "jingan-2018.special-fund-financial-support",
        "years_operating_in_district",
        "The support recipient shall have continuous operation in this District for not less than five years.",
        "operated continuously",
    ),
    t(
        "jingan-2018.big-data-cloud-special-fund",
        "years_operating_in_district",
        "The support recipient shall have continuous operation in this District for not less than five years.",
        "how many full years",
    ),
];

/// Facts a measure reads: its condition, its formula, and the minimum-years rules covering it.
fn facts_read(catalog: &Catalog, m: &Measure) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    m.condition.facts(&mut out);
    m.formula.facts(&mut out);
    for r in &catalog.rules {
        if let RuleKind::MinimumYears { fact, .. } = &r.kind {
            if r.covers(&m.id, &m.citation.doc) {
                out.insert(fact.clone());
            }
        }
    }
    out
}

#[test]
fn every_time_reference_is_asked_with_its_time() {
    let catalog = seed::load().expect("catalog loads");
    let mut failures = Vec::new();
    for e in TABLE {
        let Some(m) = catalog.measure(e.measure) else {
            failures.push(format!("{}: no such measure", e.measure));
            continue;
        };
        let (name, field) = match e.fact.split_once('.') {
            Some((list, field)) => (list, Some(field)),
            None => (e.fact, None),
        };
        if !facts_read(&catalog, m).contains(name) {
            failures.push(format!(
                "{}: its condition or formula does not read \"{}\" (\"{}\")",
                e.measure, name, e.text
            ));
        }
        let Some(def) = catalog.vocabulary.get(name) else {
            failures.push(format!("{}: fact \"{}\" is not declared", e.measure, name));
            continue;
        };
        let question = match field {
            None => &def.question,
            Some(f) => match def.fields.iter().find(|d| d.name == f) {
                Some(d) => &d.question,
                None => {
                    failures.push(format!(
                        "{}: list \"{name}\" has no field \"{f}\"",
                        e.measure
                    ));
                    continue;
                }
            },
        };
        if !question.to_lowercase().contains(e.question_has) {
            failures.push(format!(
                "{} / {}: the text says \"{}\", but the question \"{}\" does not contain \"{}\"",
                e.measure, e.fact, e.text, question, e.question_has
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} time references fail:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn every_text_has_its_time_references_listed() {
    for slug in TEXTS {
        let prefix = format!("{slug}.");
        let n = TABLE
            .iter()
            .filter(|e| e.measure.starts_with(&prefix))
            .count();
        assert!(n >= 1, "{slug}: no condition naming a time is listed");
    }
}

#[test]
fn the_table_is_well_formed() {
    for e in TABLE {
        assert!(!e.text.trim().is_empty(), "{}: quote the text", e.measure);
        assert_eq!(
            e.question_has,
            e.question_has.to_lowercase(),
            "{}: the phrase is compared with the lowercased question",
            e.measure
        );
        assert!(
            TEXTS
                .iter()
                .any(|s| e.measure.starts_with(&format!("{s}."))),
            "{}: not a measure of the five texts",
            e.measure
        );
    }
}

/// A fact used by measures with different time references is split: NingWeiFa [2020] No. 1 item 6
/// counts standards of the present year, the 2014 Program 8 item 5 award standards of any year.
#[test]
fn standards_of_the_present_year_and_of_any_year_are_separate_facts() {
    let catalog = seed::load().expect("catalog loads");
    let read = |id: &str| {
        let m = catalog.measure(id).expect("measure exists");
        facts_read(&catalog, m)
    };
    let this_year = read("nwf-2020-1.standard-drafting-award");
    let any_year = read("nj-2014-eight-programs.ip-standard-award");
    let shared: Vec<&String> = this_year
        .intersection(&any_year)
        .filter(|f| f.contains("standard"))
        .collect();
    assert!(shared.is_empty(), "shared standards facts: {shared:?}");
}
