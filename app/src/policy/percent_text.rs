//! Percentages in catalog files: written as text ("50%", "62.5%"), held in basis points. The
//! loader reads them with the answer parser ([`super::input`]), so a catalog file and the wizard
//! read "62.5%" alike; a bare number for a percent fact is refused, because 50 could mean 50% or
//! (in basis points) 0.5%. Export writes them back as text.
//!
//! Where: comparison values and worked-example facts of percent facts, and the `min` and `max`
//! of a percent fact (0% and 100% when absent).
use std::collections::BTreeSet;

use super::catalog_file::{CatalogFile, LoadError};
use super::condition::Condition;
use super::fact::{FactDef, FactType, FactValue, Facts};
use super::input::{format_percent, parse_number};
use super::rules::RuleKind;

/// The names of the percent facts among `facts`.
pub(super) fn percent_facts<'a>(facts: impl IntoIterator<Item = &'a FactDef>) -> BTreeSet<String> {
    facts
        .into_iter()
        .filter(|f| f.fact_type == FactType::Percent)
        .map(|f| f.name.clone())
        .collect()
}

fn bare_number(what: &str, n: i64) -> String {
    format!("{what} is a percentage: write it as text with %, for example \"{n}%\"")
}

/// Reads the bounds of percent facts in a `[[facts]]` array as written (`max = "100%"`) into
/// basis points, before the facts are deserialised. Returns `(fact, field, message)` for each
/// bound that is a bare number or not a percentage.
pub(super) fn read_bounds(facts: &mut toml::Value) -> Vec<(String, String, String)> {
    let mut problems = Vec::new();
    let Some(items) = facts.as_array_mut() else {
        return problems;
    };
    for table in items.iter_mut().filter_map(toml::Value::as_table_mut) {
        if table.get("type").and_then(toml::Value::as_str) != Some("percent") {
            continue;
        }
        let name = table
            .get("name")
            .and_then(toml::Value::as_str)
            .unwrap_or("fact")
            .to_string();
        for key in ["min", "max"] {
            let problem = match table.get(key) {
                Some(toml::Value::String(s)) => match parse_number(FactType::Percent, s) {
                    Ok(bp) => {
                        table.insert(key.into(), toml::Value::Integer(bp));
                        None
                    }
                    Err(m) => Some(m),
                },
                Some(toml::Value::Integer(n)) => Some(bare_number(key, *n)),
                _ => None,
            };
            if let Some(message) = problem {
                // Reported here; removed so that deserialising does not report it again.
                table.remove(key);
                problems.push((name.clone(), key.to_string(), message));
            }
        }
    }
    problems
}

/// A percentage literal as written (`"62.5%"`) into basis points.
fn read_value(fact: &str, value: &mut FactValue) -> Result<(), String> {
    match value {
        FactValue::Text(t) => {
            let bp = parse_number(FactType::Percent, t).map_err(|m| format!("\"{fact}\": {m}"))?;
            *value = FactValue::Number(bp);
            Ok(())
        }
        FactValue::Number(n) => Err(bare_number(&format!("\"{fact}\""), *n)),
        // Any other shape does not fit a percent fact; validation says so.
        _ => Ok(()),
    }
}

fn read_condition(c: &mut Condition, percent: &BTreeSet<String>, problems: &mut Vec<String>) {
    match c {
        Condition::All { all: parts } | Condition::Any { any: parts } => parts
            .iter_mut()
            .for_each(|p| read_condition(p, percent, problems)),
        Condition::Not { not } => read_condition(not, percent, problems),
        Condition::Compare(cmp) if percent.contains(&cmp.fact) => {
            if let Err(m) = read_value(&cmp.fact, &mut cmp.value) {
                problems.push(m);
            }
        }
        Condition::Compare(_) => {}
    }
}

fn read_facts(facts: &mut Facts, percent: &BTreeSet<String>) -> Vec<(String, String)> {
    facts
        .iter_mut()
        .filter(|(name, _)| percent.contains(*name))
        .filter_map(|(name, value)| read_value(name, value).err().map(|m| (name.clone(), m)))
        .collect()
}

/// Reads the percentage literals of conditions and worked examples in parsed files into basis
/// points (facts may be declared in any file, so this runs once every file is parsed).
pub(super) fn read_literals(files: &mut [(String, CatalogFile)]) -> Vec<LoadError> {
    let percent = percent_facts(files.iter().flat_map(|(_, f)| &f.facts));
    let mut errors = Vec::new();
    for (file, parsed) in files.iter_mut() {
        let mut push = |subject: &str, field: String, message: String| {
            errors.push(LoadError {
                file: file.clone(),
                subject: subject.to_string(),
                field,
                message,
            })
        };
        for m in &mut parsed.measures {
            let mut problems = Vec::new();
            read_condition(&mut m.condition, &percent, &mut problems);
            for message in problems {
                push(&m.id, "condition".into(), message);
            }
            for (i, ex) in m.examples.iter_mut().enumerate() {
                for (name, message) in read_facts(&mut ex.facts, &percent) {
                    push(&m.id, format!("examples[{i}].facts.{name}"), message);
                }
            }
        }
        for r in &mut parsed.rules {
            if let RuleKind::Bonus { condition, .. } = &mut r.kind {
                let mut problems = Vec::new();
                read_condition(condition, &percent, &mut problems);
                for message in problems {
                    push(&r.id, "condition".into(), message);
                }
            }
        }
    }
    errors
}

fn write_condition(c: &mut Condition, percent: &BTreeSet<String>) {
    match c {
        Condition::All { all: parts } | Condition::Any { any: parts } => {
            parts.iter_mut().for_each(|p| write_condition(p, percent))
        }
        Condition::Not { not } => write_condition(not, percent),
        Condition::Compare(cmp) if percent.contains(&cmp.fact) => write_value(&mut cmp.value),
        Condition::Compare(_) => {}
    }
}

fn write_value(value: &mut FactValue) {
    if let FactValue::Number(n) = value {
        *value = FactValue::Text(format_percent(*n));
    }
}

/// One catalog file as TOML text, percentages written as text again.
pub(super) fn to_toml(file: &CatalogFile, percent: &BTreeSet<String>) -> Result<String, String> {
    let mut file = file.clone();
    for m in &mut file.measures {
        write_condition(&mut m.condition, percent);
        for ex in &mut m.examples {
            ex.facts
                .iter_mut()
                .filter(|(name, _)| percent.contains(*name))
                .for_each(|(_, v)| write_value(v));
        }
    }
    for r in &mut file.rules {
        if let RuleKind::Bonus { condition, .. } = &mut r.kind {
            write_condition(condition, percent);
        }
    }
    let bounded = file
        .facts
        .iter()
        .any(|f| f.fact_type == FactType::Percent && (f.min.is_some() || f.max.is_some()));
    if !bounded {
        return toml::to_string(&file).map_err(|e| e.to_string());
    }
    // Percent bounds are numbers in a fact and text in a file: go through a TOML value (whose
    // tables list their keys in alphabetical order) only when there are some.
    let mut value = toml::Value::try_from(&file).map_err(|e| e.to_string())?;
    let facts = value.get_mut("facts").and_then(toml::Value::as_array_mut);
    for table in facts
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table_mut)
    {
        if table.get("type").and_then(toml::Value::as_str) != Some("percent") {
            continue;
        }
        for key in ["min", "max"] {
            if let Some(toml::Value::Integer(bp)) = table.get(key) {
                let text = format_percent(*bp);
                table.insert(key.into(), toml::Value::String(text));
            }
        }
    }
    toml::to_string(&value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use crate::policy::input::FULL_PERCENT;
    use crate::policy::{Catalog, FactValue};

    const FACTS: &str = r#"
[[facts]]
name = "applicant_kind"
type = "one_of"
label = "Applicant"
question = "Who?"
step = "applicant"
options = [{ value = "enterprise", label = "Enterprise" }, { value = "individual", label = "Individual" }]

[[facts]]
name = "share"
type = "percent"
label = "Share"
question = "What share?"
step = "company"
"#;

    fn doc(value: &str, example: &str) -> String {
        format!(
            r#"
[document]
slug = "nwf-2019-1"
title = "t"
issuer = "i"
date = "2019"
validity = "v"

[[measures]]
id = "nwf-2019-1.m"
title = "M"
summary = "s"
category = "finance"
beneficiary = "enterprise"
support = "cash_award"
region = "nanjing"
effective_from = "2019-01-01"
citation = {{ doc = "nwf-2019-1", item = "1", quote = "q" }}
condition = {{ fact = "share", op = "gt", value = {value} }}
formula = {{ kind = "fixed", amount = 1000 }}

[[measures.examples]]
name = "e"
facts = {{ applicant_kind = "enterprise", share = {example} }}
expect = "eligible"
amount = 1000
"#
        )
    }

    fn load(facts: &str, doc: &str) -> Result<Catalog, String> {
        Catalog::load([("facts.toml", facts), ("doc.toml", doc)]).map_err(|e| e.to_string())
    }

    #[test]
    fn percentages_in_files_are_text_read_into_basis_points() {
        let c = load(FACTS, &doc("\"30%\"", "\"62.5%\"")).expect("loads");
        let m = c.measure("nwf-2019-1.m").expect("measure");
        assert_eq!(m.condition.comparisons()[0].value, FactValue::Number(3_000));
        assert_eq!(m.examples[0].facts["share"], FactValue::Number(6_250));
        let share = c.vocabulary.get("share").expect("fact");
        assert_eq!(share.bounds(), (Some(0), Some(FULL_PERCENT)));
    }

    #[test]
    fn a_bare_number_for_a_percentage_is_refused() {
        let e = load(FACTS, &doc("30", "\"62.5%\"")).expect_err("bare number");
        assert_eq!(
            e.trim(),
            "doc.toml: nwf-2019-1.m [condition]: \"share\" is a percentage: write it as text with %, for example \"30%\""
        );
        let e = load(FACTS, &doc("\"30%\"", "62")).expect_err("bare number");
        assert_eq!(
            e.trim(),
            "doc.toml: nwf-2019-1.m [examples[0].facts.share]: \"share\" is a percentage: write it as text with %, for example \"62%\""
        );
    }

    #[test]
    fn a_percentage_text_is_read_by_the_answer_parser() {
        let e = load(FACTS, &doc("\"30.125%\"", "\"62.5%\"")).expect_err("three decimals");
        assert_eq!(
            e.trim(),
            "doc.toml: nwf-2019-1.m [condition]: \"share\": Give a percentage with at most two decimals, for example 62.25%."
        );
        let e = load(FACTS, &doc("\"30%\"", "\"120%\"")).expect_err("above 100%");
        assert_eq!(
            e.trim(),
            "doc.toml: nwf-2019-1.m [examples[0].facts.share]: Must be at most 100%."
        );
    }

    #[test]
    fn percent_bounds_are_text_too() {
        let facts = format!("{FACTS}min = \"-50%\"\nmax = \"250%\"\n");
        let c = load(&facts, &doc("\"30%\"", "\"200%\"")).expect("loads");
        let share = c.vocabulary.get("share").expect("fact");
        assert_eq!((share.min, share.max), (Some(-5_000), Some(25_000)));
        let back = c.to_toml_files().expect("exports");
        let facts_file = &back[0].1;
        assert!(facts_file.contains("min = \"-50%\""), "{facts_file}");
        assert!(facts_file.contains("max = \"250%\""), "{facts_file}");
        let again = Catalog::load(back.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .expect("exported files load");
        assert_eq!(again, c);

        let facts = format!("{FACTS}max = 100\n");
        let e = load(&facts, &doc("\"30%\"", "\"62.5%\"")).expect_err("bare number");
        assert_eq!(
            e.trim(),
            "facts.toml: share [max]: max is a percentage: write it as text with %, for example \"100%\""
        );
        let facts = format!("{FACTS}max = \"lots\"\n");
        let e = load(&facts, &doc("\"30%\"", "\"62.5%\"")).expect_err("not a percentage");
        assert_eq!(
            e.trim(),
            "facts.toml: share [max]: Enter a percentage, for example 62.5 or 62.5%."
        );
    }

    #[test]
    fn export_writes_percentages_as_text() {
        let c = load(FACTS, &doc("\"30%\"", "\"62.5%\"")).expect("loads");
        let files = c.to_toml_files().expect("exports");
        let (_, text) = files
            .iter()
            .find(|(n, _)| n == "nwf-2019-1.toml")
            .expect("doc");
        assert!(text.contains("value = \"30%\""), "{text}");
        assert!(text.contains("share = \"62.5%\""), "{text}");
    }
}
