//! The vocabulary of facts about an applicant, and the values a person gives for them.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::money::{format_percent, format_yuan, Yuan, FULL_PERCENT};

/// The kind of value a fact holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// Whole yuan.
    Money,
    /// A whole number of things (years, people, patents).
    Count,
    /// A percentage, held in basis points (62.5% is 6250) so that two decimals fit an integer;
    /// between 0% and 100% unless `min` and `max` (also in basis points) say otherwise.
    Percent,
    /// Yes or no.
    Bool,
    /// Exactly one of the listed options.
    OneOf,
    /// Any number of the listed options.
    SetOf,
    /// A calendar date.
    Date,
    /// A repeated group: the applicant gives it several times (one entry per project,
    /// standard, patent ...), each entry with its own values for the list's `fields`.
    List,
}

/// One option of a `one_of` or `set_of` fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactOption {
    /// Machine value, used in conditions.
    pub value: String,
    /// What a person reads.
    pub label: String,
}

/// A declared fact: what the wizard can ask and what conditions and formulas may refer to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactDef {
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
    /// Largest allowed number (money, count, percent in basis points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Options of a `one_of` or `set_of` fact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FactOption>,
    /// The question the wizard asks.
    pub question: String,
    /// Help text shown under the question.
    #[serde(default)]
    pub help: String,
    /// Wizard step the question belongs to (item fields take their list's step).
    #[serde(default)]
    pub step: WizardStep,
    /// A list fact: what one entry is called ("project"), as in "project 2: ...".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_label: Option<String>,
    /// A list fact: the facts each entry holds (scalar types only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FactDef>,
}

/// How many entries a list fact accepts when its `max` does not say.
pub const DEFAULT_MAX_ITEMS: i64 = 20;

/// Steps of the eligibility wizard, in order.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum WizardStep {
    /// Who is applying.
    #[default]
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

impl WizardStep {
    /// All steps in wizard order.
    pub const ALL: [WizardStep; 7] = [
        WizardStep::Applicant,
        WizardStep::Location,
        WizardStep::Company,
        WizardStep::RdInvestment,
        WizardStep::Talent,
        WizardStep::IntellectualProperty,
        WizardStep::Platforms,
    ];
}

/// A value given for a fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    /// Yes/no.
    Bool(bool),
    /// Money (whole yuan), count, or percent (basis points).
    Number(i64),
    /// One option, or a date as `YYYY-MM-DD`.
    Text(String),
    /// Several options.
    Set(BTreeSet<String>),
    /// The entries of a list fact, each with its own answers by field name.
    Items(Vec<Facts>),
}

impl FactValue {
    /// Short human rendering for traces.
    pub fn describe(&self) -> String {
        match self {
            FactValue::Bool(true) => "yes".into(),
            FactValue::Bool(false) => "no".into(),
            FactValue::Number(n) => super::money::format_yuan(*n),
            FactValue::Text(s) => s.clone(),
            FactValue::Set(s) => s.iter().cloned().collect::<Vec<_>>().join(", "),
            FactValue::Items(items) => format!("{} entries", items.len()),
        }
    }

    /// The entries of a list answer: an empty JSON or TOML array reads as an empty set, and
    /// means no entries too.
    pub fn items(&self) -> Option<&[Facts]> {
        match self {
            FactValue::Items(items) => Some(items),
            FactValue::Set(s) if s.is_empty() => Some(&[]),
            _ => None,
        }
    }
}

/// The facts a person has given, by name.
pub type Facts = BTreeMap<String, FactValue>;

/// Where conditions and formulas read an applicant's answers, by fact name.
///
/// A plain [`Facts`] map serves; an assessment of the whole catalog reads through an
/// [`AnswerIndex`] built once, because a map of strings is searched by comparing names and the
/// catalog asks for a few hundred answers.
pub trait Answers<'a>: Copy {
    /// The answer given for `fact`, if any.
    fn answer(self, fact: &str) -> Option<&'a FactValue>;
}

impl<'a> Answers<'a> for &'a Facts {
    fn answer(self, fact: &str) -> Option<&'a FactValue> {
        self.get(fact)
    }
}

/// The answers of one applicant in a hash table (Fx hash: fact names are short and not chosen by
/// an attacker; only the names the catalog declares are looked up).
pub struct AnswerIndex<'a> {
    by_name: HashMap<&'a str, &'a FactValue, BuildHasherDefault<rustc_hash::FxHasher>>,
}

impl<'a> AnswerIndex<'a> {
    /// Indexes `facts`.
    pub fn new(facts: &'a Facts) -> Self {
        let mut by_name = HashMap::with_capacity_and_hasher(facts.len(), Default::default());
        by_name.extend(facts.iter().map(|(k, v)| (k.as_str(), v)));
        AnswerIndex { by_name }
    }
}

impl<'a> Answers<'a> for &AnswerIndex<'a> {
    fn answer(self, fact: &str) -> Option<&'a FactValue> {
        self.by_name.get(fact).copied()
    }
}

impl FactDef {
    /// The bounds a number of this fact must respect: the declared ones, and 0% to 100% for a
    /// percentage that declares none.
    pub fn bounds(&self) -> (Option<i64>, Option<i64>) {
        match self.fact_type {
            FactType::Percent => (
                Some(self.min.unwrap_or(0)),
                Some(self.max.unwrap_or(FULL_PERCENT)),
            ),
            _ => (self.min, self.max),
        }
    }

    /// Checks a number against the bounds of `def` (every caller checks bounds here).
    pub fn check_bounds(&self, n: i64) -> Result<(), String> {
        let shown = |b: i64| match self.fact_type {
            FactType::Percent => format_percent(b),
            _ => format_yuan(b),
        };
        match self.bounds() {
            (Some(min), _) if n < min => Err(format!("Must be at least {}.", shown(min))),
            (_, Some(max)) if n > max => Err(format!("Must be at most {}.", shown(max))),
            _ => Ok(()),
        }
    }

    /// Checks that `value` fits this fact's type, bounds and options; the message is for a person.
    pub fn check(&self, value: &FactValue) -> Result<(), String> {
        match (self.fact_type, value) {
            (FactType::Money | FactType::Count | FactType::Percent, FactValue::Number(n)) => {
                self.check_bounds(*n)
            }
            (FactType::Bool, FactValue::Bool(_)) => Ok(()),
            (FactType::OneOf, FactValue::Text(s)) => {
                if self.options.iter().any(|o| &o.value == s) {
                    Ok(())
                } else {
                    Err(format!("\"{s}\" is not one of the choices"))
                }
            }
            (FactType::SetOf, FactValue::Set(items)) => {
                match items
                    .iter()
                    .find(|s| !self.options.iter().any(|o| &o.value == *s))
                {
                    Some(bad) => Err(format!("\"{bad}\" is not one of the choices")),
                    None => Ok(()),
                }
            }
            (FactType::Date, FactValue::Text(s)) => Date::parse(s).map(|_| ()),
            (FactType::List, v @ (FactValue::Items(_) | FactValue::Set(_))) => {
                let Some(items) = v.items() else {
                    return Err(format!("expected {}", FactType::List.describe()));
                };
                self.check_items(items).map_err(|e| e.describe(self))
            }
            (t, _) => Err(format!("expected {}", t.describe())),
        }
    }

    /// What one entry of a list fact is called ("project"); "entry" when not declared.
    pub fn item_noun(&self) -> &str {
        self.item_label.as_deref().unwrap_or("entry")
    }

    /// The declared field of a list fact's entries.
    pub fn field(&self, name: &str) -> Option<&FactDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Most entries a list fact accepts.
    pub fn max_items(&self) -> i64 {
        self.max.unwrap_or(DEFAULT_MAX_ITEMS)
    }

    /// Checks the entries of a list answer: their number, and each field of each entry (every
    /// field must be answered). The error names the entry (counted from 1) and the field.
    pub fn check_items(&self, items: &[Facts]) -> Result<(), ItemError> {
        let too_many = i64::try_from(items.len()).map_or(true, |n| n > self.max_items());
        if too_many {
            return Err(ItemError {
                item: 0,
                field: String::new(),
                message: format!(
                    "at most {} {}s can be given",
                    self.max_items(),
                    self.item_noun()
                ),
            });
        }
        for (i, entry) in items.iter().enumerate() {
            let err = |field: &str, message: String| ItemError {
                item: i + 1,
                field: field.to_string(),
                message,
            };
            for (name, value) in entry {
                match self.field(name) {
                    None => return Err(err(name, format!("unknown field \"{name}\""))),
                    Some(def) => def.check(value).map_err(|m| err(name, m))?,
                }
            }
            if let Some(missing) = self.fields.iter().find(|f| !entry.contains_key(&f.name)) {
                return Err(err(
                    &missing.name,
                    "Not given; every field of an entry is needed.".to_string(),
                ));
            }
        }
        Ok(())
    }

    /// The label of an option value, or the value itself.
    pub fn label_of<'a>(&'a self, value: &'a str) -> &'a str {
        self.options
            .iter()
            .find(|o| o.value == value)
            .map(|o| o.label.as_str())
            .unwrap_or(value)
    }
}

impl FactType {
    /// What a value of this type looks like, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            FactType::Money => "an amount in whole yuan",
            FactType::Count => "a whole number",
            FactType::Percent => "a percentage with at most two decimals",
            FactType::Bool => "yes or no",
            FactType::OneOf => "one of the choices",
            FactType::SetOf => "a list of choices",
            FactType::Date => "a date (YYYY-MM-DD)",
            FactType::List => "a list of entries",
        }
    }

    /// Whether values of this type are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(self, FactType::Money | FactType::Count | FactType::Percent)
    }
}

/// A problem with one entry of a list answer: "project 2, Investment loss: Must be at least 0.".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemError {
    /// The entry, counted from 1 (0: the list as a whole).
    pub item: usize,
    /// The field of the entry (empty: the entry or the list as a whole).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl ItemError {
    /// The problem in words, with the list's noun and the field's label: "project 2, Investment
    /// loss: Must be at least 0.".
    pub fn describe(&self, list: &FactDef) -> String {
        let noun = list.item_noun();
        let field = list
            .field(&self.field)
            .map(|d| d.label.as_str())
            .unwrap_or(&self.field);
        match (self.item, field) {
            (0, _) => self.message.clone(),
            (i, "") => format!("{noun} {i}: {}", self.message),
            (i, field) => format!("{noun} {i}, {field}: {}", self.message),
        }
    }
}

/// Reads a numeric fact: `None` when missing (never guessed).
pub fn number<'a>(facts: impl Answers<'a>, name: &str) -> Option<Yuan> {
    match facts.answer(name) {
        Some(FactValue::Number(n)) => Some(*n),
        _ => None,
    }
}
