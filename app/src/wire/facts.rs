//! The fact vocabulary as `GET /api/v1/facts` lists it: the engine's [`FactDef`]s, with the
//! same JSON, described for the OpenAPI document.
//!
//! [`FactDef`]: crate::policy::FactDef
use serde::{Deserialize, Serialize};

use crate::policy;

/// A fact the engine knows: what the wizard asks and what conditions and formulas refer to.
///
/// Bounds of a percent fact (`min`, `max`) are in basis points (10000 is 100%). A list fact
/// (`"type": "list"`) is given several times: `item_label` names one entry, `fields` are the
/// facts of an entry, and `max` is the most entries accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Fact {
    /// Unique name, e.g. `rd_expense_last_year_cny`.
    pub name: String,
    /// Value type.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// Short noun phrase used in explanations, e.g. "R&D expenses last year".
    pub label: String,
    /// Smallest allowed number (money, count, percent in basis points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Largest allowed number (money, count, percent in basis points; entries of a list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Options of a `one_of` or `set_of` fact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FactOption>,
    /// The question the wizard asks.
    pub question: String,
    /// Help text shown under the question (may be empty).
    pub help: String,
    /// Wizard step the question belongs to (fields of a list take their list's step).
    pub step: WizardStep,
    /// A list fact: what one entry is called ("project").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_label: Option<String>,
    /// A list fact: the facts each entry holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub fields: Vec<Fact>,
}

/// The kind of value a fact holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// Whole yuan.
    Money,
    /// A whole number of things.
    Count,
    /// A percentage (bounds in basis points; answers in percent).
    Percent,
    /// Yes or no.
    Bool,
    /// Exactly one of the options.
    OneOf,
    /// Any number of the options.
    SetOf,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A repeated group of fields, one entry per project, standard, patent ...
    List,
}

/// One option of a `one_of` or `set_of` fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FactOption {
    /// Machine value, as answers and conditions give it.
    pub value: String,
    /// What a person reads.
    pub label: String,
}

/// Steps of the eligibility wizard, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WizardStep {
    /// Who is applying.
    Applicant,
    /// City, district, special zone.
    Location,
    /// Company size, stage, recognitions.
    Company,
    /// R&D spending and investment.
    RdInvestment,
    /// Talent attributes.
    Talent,
    /// Intellectual property.
    IntellectualProperty,
    /// Platforms, carriers, accreditations.
    Platforms,
}

impl From<&policy::FactDef> for Fact {
    fn from(d: &policy::FactDef) -> Self {
        Fact {
            name: d.name.clone(),
            fact_type: d.fact_type.into(),
            label: d.label.clone(),
            min: d.min,
            max: d.max,
            options: d
                .options
                .iter()
                .map(|o| FactOption {
                    value: o.value.clone(),
                    label: o.label.clone(),
                })
                .collect(),
            question: d.question.clone(),
            help: d.help.clone(),
            step: d.step.into(),
            item_label: d.item_label.clone(),
            fields: d.fields.iter().map(Fact::from).collect(),
        }
    }
}

impl From<policy::FactType> for FactType {
    fn from(t: policy::FactType) -> Self {
        match t {
            policy::FactType::Money => FactType::Money,
            policy::FactType::Count => FactType::Count,
            policy::FactType::Percent => FactType::Percent,
            policy::FactType::Bool => FactType::Bool,
            policy::FactType::OneOf => FactType::OneOf,
            policy::FactType::SetOf => FactType::SetOf,
            policy::FactType::Date => FactType::Date,
            policy::FactType::List => FactType::List,
        }
    }
}

impl From<policy::WizardStep> for WizardStep {
    fn from(s: policy::WizardStep) -> Self {
        match s {
            policy::WizardStep::Applicant => WizardStep::Applicant,
            policy::WizardStep::Location => WizardStep::Location,
            policy::WizardStep::Company => WizardStep::Company,
            policy::WizardStep::RdInvestment => WizardStep::RdInvestment,
            policy::WizardStep::Talent => WizardStep::Talent,
            policy::WizardStep::IntellectualProperty => WizardStep::IntellectualProperty,
            policy::WizardStep::Platforms => WizardStep::Platforms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The listing is the engine's own JSON: nothing added, renamed or dropped.
    #[test]
    fn facts_serialise_as_the_engine_defines_them() {
        let catalog = policy::seed::load().expect("seed");
        let defs: Vec<_> = catalog.vocabulary.iter().collect();
        assert!(defs.iter().any(|d| !d.fields.is_empty()), "a list fact");
        let facts: Vec<Fact> = defs.iter().copied().map(Fact::from).collect();
        assert_eq!(
            serde_json::to_value(&facts).expect("json"),
            serde_json::to_value(&defs).expect("json")
        );
    }
}
