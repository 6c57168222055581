//! Small fixtures shared by the policy unit tests.
use super::catalog::Catalog;
use super::fact::{FactValue, Facts};

/// A vocabulary big enough to exercise every condition and formula kind.
pub const FACTS: &str = r#"
[[facts]]
name = "applicant_kind"
type = "one_of"
label = "Type of applicant"
question = "Who is applying?"
step = "applicant"
options = [{ value = "enterprise", label = "Enterprise" }, { value = "individual", label = "Individual" }]

[[facts]]
name = "cost"
type = "money"
label = "Cost"
question = "Cost?"
min = 0
step = "company"

[[facts]]
name = "patents"
type = "count"
label = "Patents"
question = "Patents?"
min = 0
step = "intellectual_property"

[[facts]]
name = "hi_tech"
type = "bool"
label = "High-tech"
question = "High-tech?"
step = "company"

[[facts]]
name = "zone"
type = "bool"
label = "In the zone"
question = "In the zone?"
step = "location"

[[facts]]
name = "years"
type = "count"
label = "Years in district"
question = "Years?"
step = "location"

[[facts]]
name = "level"
type = "one_of"
label = "Level"
question = "Level?"
step = "platforms"
options = [{ value = "national", label = "National" }, { value = "provincial", label = "Provincial" }, { value = "city", label = "City" }]

[[facts]]
name = "standards"
type = "set_of"
label = "Standards"
question = "Standards?"
step = "intellectual_property"
options = [{ value = "international", label = "International" }, { value = "national", label = "National" }, { value = "industry", label = "Industry" }]

[[facts]]
name = "projects"
type = "list"
label = "Projects with a loss"
item_label = "project"
question = "Projects?"
step = "rd_investment"
max = 10
fields = [
  { name = "loss", type = "money", label = "Investment loss", question = "Loss?", min = 0 },
  { name = "startup_stage", type = "bool", label = "Start-up stage", question = "Start-up?" },
]

[[facts]]
name = "standards_led"
type = "list"
label = "Standards led"
item_label = "standard"
question = "Standards?"
step = "intellectual_property"
fields = [
  { name = "level", type = "one_of", label = "Level of the standard", question = "Level?", options = [{ value = "international", label = "International standard" }, { value = "national", label = "National standard" }, { value = "industry", label = "Industry standard" }] },
]
"#;

/// Loads `FACTS` plus one document file given as TOML.
pub fn catalog(doc: &str) -> Catalog {
    match Catalog::load([("facts.toml", FACTS), ("doc.toml", doc)]) {
        Ok(c) => c,
        Err(e) => panic!("fixture does not load:\n{e}"),
    }
}

/// The header every fixture document starts with.
pub const HEADER: &str = r#"
[document]
slug = "nwf-2019-1"
title = "T"
issuer = "I"
date = "2019"
validity = "not stated"
"#;

/// One measure with the given condition and formula (inline TOML), and a trivial example.
pub fn measure(id: &str, condition: &str, formula: &str) -> String {
    format!(
        r#"
[[measures]]
id = "nwf-2019-1.{id}"
title = "Measure {id}"
summary = "S"
category = "ip"
beneficiary = "enterprise"
support = "subsidy"
region = "nanjing"
effective_from = "2019-01-01"
citation = {{ doc = "nwf-2019-1", item = "1", quote = "q" }}
condition = {condition}
formula = {formula}
[[measures.examples]]
name = "e"
facts = {{ applicant_kind = "enterprise" }}
expect = "needs_info"
"#
    )
}

/// A list answer: one entry per slice of `(field, value)` pairs.
pub fn items(entries: &[&[(&str, FactValue)]]) -> FactValue {
    FactValue::Items(
        entries
            .iter()
            .map(|e| e.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
            .collect(),
    )
}

/// Facts from `(name, value)` pairs.
pub fn facts(pairs: &[(&str, FactValue)]) -> Facts {
    let mut f: Facts = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    f.entry("applicant_kind".into())
        .or_insert(FactValue::Text("enterprise".into()));
    f
}
