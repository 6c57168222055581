//! The answer of `POST /api/v1/assess`: every measure's outcome with its explanation, the
//! cross-measure rules that changed amounts, and the totals.
//!
//! The engine's [`Assessment`](crate::policy::Assessment) borrows the catalog and keeps its
//! explanation as data; these owned types are what is serialised, so the JSON's shape and the
//! OpenAPI schema (derived from the same types on the server) cannot drift apart.
use serde::{Deserialize, Serialize};

use crate::policy::{self, labels::Labelled};

/// Every measure's outcome for one applicant on one date, the rules applied and the totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssessmentResponse {
    /// Date the assessment applies to, `YYYY-MM-DD`.
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub as_of: String,
    /// Every published measure's outcome, in catalog order.
    pub outcomes: Vec<MeasureOutcome>,
    /// Cross-measure rules that changed amounts, in the order they were applied.
    pub rules_applied: Vec<AppliedRule>,
    /// Sum of counted grants, awards, subsidies and refunds.
    pub total: MoneyRange,
    /// Sum of equity investments, loans and guarantees: money that must be repaid or buys a
    /// stake, so it is kept out of `total`.
    pub financing_total: MoneyRange,
    /// Sum of monthly amounts whose duration the text does not state, in yuan a month.
    pub monthly_total: i64,
}

/// The compact answer of `POST /api/v1/assess?view=summary`: verdicts, amounts and the facts
/// that would decide each open measure, without the explanation in words (which is what costs:
/// the results page and `?view=full` keep it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentSummary {
    /// Date the assessment applies to, `YYYY-MM-DD`.
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub as_of: String,
    /// Every published measure's verdict and amount, in catalog order.
    pub outcomes: Vec<OutcomeSummary>,
    /// Ids of the cross-measure rules that changed amounts, in the order they were applied.
    pub rules_applied: Vec<String>,
    /// As in the full view.
    pub total: MoneyRange,
    /// As in the full view.
    pub financing_total: MoneyRange,
    /// As in the full view.
    pub monthly_total: i64,
}

/// One measure's verdict and amount, without words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutcomeSummary {
    /// Measure id.
    pub measure_id: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The benefit the measure alone yields, without its words (eligible only; absent
    /// otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefit: Option<BenefitSummary>,
    /// The money counted in the total after cross-measure rules (eligible money only; absent
    /// otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<MoneyRange>,
    /// Facts that would decide it, sorted (needs information only; absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// What a measure is worth, without words: the amounts, or only the kind and the duration of a
/// benefit that is not money (its description is in the full view and on the measure's page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BenefitSummary {
    /// Money: exact, a range, or "up to".
    Money {
        /// The amount or range.
        amount: MoneyRange,
    },
    /// Money each month.
    Monthly {
        /// Amount each month, in yuan.
        per_month: i64,
        /// Months, if stated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        months: Option<u32>,
    },
    /// Not money.
    NonMonetary {
        /// Duration in months, if stated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        months: Option<u32>,
    },
}

impl From<&policy::Benefit> for BenefitSummary {
    fn from(b: &policy::Benefit) -> Self {
        match b {
            policy::Benefit::Money { amount } => BenefitSummary::Money {
                amount: (*amount).into(),
            },
            policy::Benefit::Monthly { per_month, months } => BenefitSummary::Monthly {
                per_month: *per_month,
                months: *months,
            },
            policy::Benefit::NonMonetary { months, .. } => {
                BenefitSummary::NonMonetary { months: *months }
            }
        }
    }
}

/// One measure's outcome, with its explanation in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeasureOutcome {
    /// Measure id, e.g. `nwf-2019-1.provincial-high-tech-collection-rd-reward`.
    pub measure_id: String,
    /// Title.
    pub title: String,
    /// Category slug.
    #[cfg_attr(feature = "ssr", schema(schema_with = category_schema))]
    pub category: String,
    /// Support type slug.
    #[cfg_attr(feature = "ssr", schema(schema_with = support_schema))]
    pub support: String,
    /// The citation as shown: "nwf-2019-1, item 1".
    pub citation: String,
    /// Source document slug.
    pub doc: String,
    /// Item or article as printed.
    pub item: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The benefit the measure alone yields (eligible only).
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub benefit: Option<Benefit>,
    /// The money counted in the total after cross-measure rules (eligible money only).
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub counted: Option<MoneyRange>,
    /// Why not eligible or not in force, in plain words.
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub reason: Option<String>,
    /// Facts that would decide it, sorted (needs information only).
    pub missing: Vec<String>,
    /// The steps that led to the outcome, each ending with its citation.
    pub trace: Vec<String>,
    /// Notes users must see: interpretation, unstated validity, what the assessment added.
    pub notes: Vec<String>,
}

/// The verdict for one measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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

/// A closed range of money in whole yuan: exact when `low == high`; "up to" when `low == 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MoneyRange {
    /// The smallest amount the text allows.
    pub low: i64,
    /// The largest amount the text allows.
    pub high: i64,
}

/// What a measure is worth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Benefit {
    /// Money: exact, a range, or "up to".
    Money {
        /// The amount or range.
        amount: MoneyRange,
    },
    /// Money each month, with a total when the number of months is stated.
    Monthly {
        /// Amount each month, in yuan.
        per_month: i64,
        /// Months, if stated.
        #[cfg_attr(feature = "ssr", schema(required = true))]
        months: Option<u32>,
    },
    /// Not money.
    NonMonetary {
        /// What is granted.
        benefit: String,
        /// Duration in months, if stated.
        #[cfg_attr(feature = "ssr", schema(required = true))]
        months: Option<u32>,
    },
}

/// A cross-measure rule that changed the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AppliedRule {
    /// Rule id.
    pub rule_id: String,
    /// Title.
    pub title: String,
    /// The citation as shown.
    pub citation: String,
    /// What it did, with figures.
    pub effect: String,
}

impl From<&policy::Assessment<'_>> for AssessmentResponse {
    fn from(a: &policy::Assessment<'_>) -> Self {
        AssessmentResponse {
            as_of: a.as_of.to_string(),
            outcomes: a.outcomes.iter().map(MeasureOutcome::from).collect(),
            rules_applied: a.rules_applied.iter().map(AppliedRule::from).collect(),
            total: a.total.into(),
            financing_total: a.financing_total.into(),
            monthly_total: a.monthly_total,
        }
    }
}

impl From<&policy::Assessment<'_>> for AssessmentSummary {
    fn from(a: &policy::Assessment<'_>) -> Self {
        AssessmentSummary {
            as_of: a.as_of.to_string(),
            outcomes: a
                .outcomes
                .iter()
                .map(|o| OutcomeSummary {
                    measure_id: o.measure.id.clone(),
                    verdict: o.verdict.into(),
                    benefit: o.benefit.as_ref().map(BenefitSummary::from),
                    counted: o.counted.map(MoneyRange::from),
                    missing: o.missing.iter().map(|f| f.to_string()).collect(),
                })
                .collect(),
            rules_applied: a.rules_applied.iter().map(|r| r.rule.id.clone()).collect(),
            total: a.total.into(),
            financing_total: a.financing_total.into(),
            monthly_total: a.monthly_total,
        }
    }
}

impl From<&policy::MeasureOutcome<'_>> for MeasureOutcome {
    fn from(o: &policy::MeasureOutcome<'_>) -> Self {
        let m = o.measure;
        MeasureOutcome {
            measure_id: m.id.clone(),
            title: m.title.clone(),
            category: m.category.slug().to_string(),
            support: m.support.slug().to_string(),
            citation: o.citation(),
            doc: m.citation.doc.clone(),
            item: m.citation.item.clone(),
            verdict: o.verdict.into(),
            benefit: o.benefit.as_ref().map(Benefit::from),
            counted: o.counted.map(MoneyRange::from),
            reason: o.reason_text(),
            missing: o.missing.iter().map(|f| f.to_string()).collect(),
            trace: o.trace(),
            notes: o.notes(),
        }
    }
}

impl From<policy::Verdict> for Verdict {
    fn from(v: policy::Verdict) -> Self {
        match v {
            policy::Verdict::Eligible => Verdict::Eligible,
            policy::Verdict::NotEligible => Verdict::NotEligible,
            policy::Verdict::NeedsInfo => Verdict::NeedsInfo,
            policy::Verdict::NotInForce => Verdict::NotInForce,
        }
    }
}

impl From<policy::MoneyRange> for MoneyRange {
    fn from(r: policy::MoneyRange) -> Self {
        MoneyRange {
            low: r.low,
            high: r.high,
        }
    }
}

impl From<&policy::Benefit> for Benefit {
    fn from(b: &policy::Benefit) -> Self {
        match b {
            policy::Benefit::Money { amount } => Benefit::Money {
                amount: (*amount).into(),
            },
            policy::Benefit::Monthly { per_month, months } => Benefit::Monthly {
                per_month: *per_month,
                months: *months,
            },
            policy::Benefit::NonMonetary { benefit, months } => Benefit::NonMonetary {
                benefit: benefit.clone(),
                months: *months,
            },
        }
    }
}

impl From<&Benefit> for policy::Benefit {
    fn from(b: &Benefit) -> Self {
        match b {
            Benefit::Money { amount } => policy::Benefit::Money {
                amount: policy::MoneyRange {
                    low: amount.low,
                    high: amount.high,
                },
            },
            Benefit::Monthly { per_month, months } => policy::Benefit::Monthly {
                per_month: *per_month,
                months: *months,
            },
            Benefit::NonMonetary { benefit, months } => policy::Benefit::NonMonetary {
                benefit: benefit.clone(),
                months: *months,
            },
        }
    }
}

impl Benefit {
    /// In words, as the results page shows it ("400,000 yuan", "up to 2,000,000 yuan").
    pub fn describe(&self) -> String {
        policy::Benefit::from(self).describe()
    }
}

impl From<&policy::AppliedRule<'_>> for AppliedRule {
    fn from(r: &policy::AppliedRule<'_>) -> Self {
        AppliedRule {
            rule_id: r.rule.id.clone(),
            title: r.rule.title.clone(),
            citation: r.rule.citation.short(),
            effect: r.effect_text(),
        }
    }
}

/// A string schema listing every slug of a labelled enum, so clients get the closed set.
#[cfg(feature = "ssr")]
fn slug_schema<T: Labelled>(description: &str) -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(description))
        .enum_values(Some(T::ALL.iter().map(|v| v.slug())))
        .build()
}

#[cfg(feature = "ssr")]
fn category_schema() -> utoipa::openapi::Object {
    slug_schema::<policy::Category>("Category slug.")
}

#[cfg(feature = "ssr")]
fn support_schema() -> utoipa::openapi::Object {
    slug_schema::<policy::SupportType>("Support type slug.")
}
