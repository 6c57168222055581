//! Reading the answers of `POST /api/v1/assess` with the wizard's parser: JSON values into
//! typed facts, one field error per answer that cannot be read.
//!
//! This file uses nothing but `app` (without its `ssr` feature) and `serde_json`: the fuzz
//! target `assess_request` (`app/fuzz`) includes it as it is, so that it fuzzes the server's
//! own code.
use app::policy::input::{hint, parse_answer, RawAnswer};
use app::wire::errors::FieldError;

/// Reads every answer of a request against `vocab`: the facts that could be read, and one error
/// per unknown fact or unreadable answer (added to `errors`).
pub fn read_facts(
    vocab: &app::policy::Vocabulary,
    answers: std::collections::BTreeMap<String, serde_json::Value>,
    errors: &mut Vec<FieldError>,
) -> app::policy::Facts {
    let mut facts = app::policy::Facts::new();
    for (name, raw) in answers {
        let Some(def) = vocab.get(&name) else {
            errors.push(FieldError {
                field: name.clone(),
                message: format!("unknown fact \"{name}\"; GET /api/v1/facts lists them"),
            });
            continue;
        };
        if def.fact_type == app::policy::FactType::List {
            if let Some(v) = json_list(def, raw, errors) {
                facts.insert(name, v);
            }
            continue;
        }
        if let Err(message) = read_answer(def, raw, name.clone(), &mut facts) {
            errors.push(FieldError {
                field: name,
                message,
            });
        }
    }
    facts
}

/// A JSON answer as the answer parser reads it: a string or a number as typed text (so
/// `4000000`, `"4,000,000"` and `"400万"` are the same amount, and `62.5` is 62.5%), a boolean
/// as yes or no, an array as the options chosen, `null` as no answer. `None` for an object.
fn json_answer(value: serde_json::Value) -> Option<RawAnswer> {
    use serde_json::Value;
    Some(match value {
        Value::Null => RawAnswer::Text(String::new()),
        Value::Bool(b) => RawAnswer::Flag(b),
        Value::Number(n) => RawAnswer::Text(n.to_string()),
        Value::String(s) => RawAnswer::Text(s),
        Value::Array(items) => RawAnswer::Choices(
            items
                .into_iter()
                .map(|i| match i {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect(),
        ),
        Value::Object(_) => return None,
    })
}

/// Reads one answer with the wizard form's parser ("300万", "4,000,000" and "62.5%" read
/// alike) into `facts` under `name`; no answer adds nothing. `Err` is the parser's message.
fn read_answer(
    def: &app::policy::FactDef,
    raw: serde_json::Value,
    name: String,
    facts: &mut app::policy::Facts,
) -> Result<(), String> {
    let parsed = match json_answer(raw) {
        Some(answer) => parse_answer(def, &answer)?,
        None => return Err(hint(def.fact_type).to_string()),
    };
    if let Some(v) = parsed {
        facts.insert(name, v);
    }
    Ok(())
}

/// A list answer: an array of objects, one per entry, each keyed by the list's fields and read
/// by the same parser. A problem is reported under `<list>[<index>].<field>` (index from 0),
/// worded with the entry's number from 1 ("project 2, Investment loss: Must be at least 0.").
fn json_list(
    def: &app::policy::FactDef,
    raw: serde_json::Value,
    errors: &mut Vec<FieldError>,
) -> Option<app::policy::FactValue> {
    use serde_json::Value;
    let list = &def.name;
    let entries = match raw {
        Value::Null => return None,
        Value::Array(entries) => entries,
        _ => {
            errors.push(FieldError {
                field: list.clone(),
                message: format!(
                    "expected an array with one object per {}, keyed by its fields",
                    def.item_noun()
                ),
            });
            return None;
        }
    };
    let before = errors.len();
    let mut items = Vec::with_capacity(entries.len());
    for (i, entry) in entries.into_iter().enumerate() {
        let Value::Object(fields) = entry else {
            errors.push(FieldError {
                field: format!("{list}[{i}]"),
                message: format!("{} {}: expected an object", def.item_noun(), i + 1),
            });
            continue;
        };
        let mut item = app::policy::Facts::new();
        for (field, value) in fields {
            let at = format!("{list}[{i}].{field}");
            let Some(fdef) = def.field(&field) else {
                errors.push(FieldError {
                    field: at,
                    message: format!("{} {}: unknown field \"{field}\"", def.item_noun(), i + 1),
                });
                continue;
            };
            if let Err(message) = read_answer(fdef, value, field, &mut item) {
                errors.push(FieldError {
                    field: at,
                    message: format!("{} {}, {}: {message}", def.item_noun(), i + 1, fdef.label),
                });
            }
        }
        items.push(item);
    }
    if errors.len() > before {
        return None;
    }
    let value = app::policy::FactValue::Items(items);
    match def.check_items(value.items().unwrap_or(&[])) {
        Ok(()) => Some(value),
        Err(e) => {
            errors.push(FieldError {
                field: match (e.item, e.field.as_str()) {
                    (0, _) => list.clone(),
                    (n, "") => format!("{list}[{}]", n - 1),
                    (n, f) => format!("{list}[{}].{f}", n - 1),
                },
                message: e.describe(def),
            });
            None
        }
    }
}
