//! The wizard's form, both ways: a fact as the questions a step shows (a list fact as its
//! entries, each with its fields), and the posted form fields read back into answers with the
//! one answer parser ([`crate::policy::input`]). Pure functions, so the list handling is
//! tested without a database.
//!
//! Form field names: `<fact>` for a question, `<fact>.<option>` for a ticked option,
//! `<list>.<n>.<field>` for a field of a list's n-th entry, and `<list>.rows` for the number
//! of entries the form showed.
use std::collections::BTreeMap;

use crate::policy::input::{parse_answer, show_answer, understood, RawAnswer};
use crate::policy::{FactDef, FactType, FactValue, Facts};
use crate::wire::errors::FieldError;
use crate::wire::wizard::{ChoiceView, ItemRowView, QuestionView};

/// What the typed text and errors of a step were (kept when an answer was invalid or when an
/// entry was added or removed).
pub struct Typed<'a> {
    /// Raw field values by form name.
    pub raw: &'a BTreeMap<String, String>,
    /// Messages by form name.
    pub errors: &'a [FieldError],
}

/// A change to a list asked for by one of its buttons (`go` = `add:<list>` or
/// `remove:<list>:<n>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowAction {
    /// Add a blank entry to the list.
    Add(String),
    /// Remove the n-th entry (from 1).
    Remove(String, usize),
}

impl RowAction {
    /// Reads the `go` value of the button pressed.
    pub fn parse(go: &str) -> Option<RowAction> {
        if let Some(list) = go.strip_prefix("add:") {
            return Some(RowAction::Add(list.to_string()));
        }
        let rest = go.strip_prefix("remove:")?;
        let (list, n) = rest.rsplit_once(':')?;
        Some(RowAction::Remove(list.to_string(), n.parse().ok()?))
    }

    fn list(&self) -> &str {
        match self {
            RowAction::Add(l) | RowAction::Remove(l, _) => l,
        }
    }
}

fn kind_name(t: FactType) -> &'static str {
    match t {
        FactType::Money => "money",
        FactType::Count => "count",
        FactType::Percent => "percent",
        FactType::Bool => "bool",
        FactType::OneOf => "one_of",
        FactType::SetOf => "set_of",
        FactType::Date => "date",
        FactType::List => "list",
    }
}

/// "Project 2".
fn legend(list: &FactDef, n: usize) -> String {
    let noun = list.item_noun();
    let mut chars = noun.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{capital} {n}")
}

/// One scalar question under form name `name`: the text just posted if any, else the text the
/// answer was typed as (`remembered`, when it still reads as that answer), else the answer
/// given in its normal form.
fn scalar_view(
    def: &FactDef,
    name: &str,
    answered: Option<&FactValue>,
    typed: Option<&Typed<'_>>,
    remembered: Option<&str>,
    required: bool,
) -> QuestionView {
    let raw = typed.and_then(|t| t.raw.get(name).cloned());
    let remembered = remembered.filter(|t| {
        answered.is_some_and(|a| {
            parse_answer(def, &RawAnswer::Text(t.to_string())) == Ok(Some(a.clone()))
        })
    });
    let error = typed.and_then(|t| {
        t.errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.clone())
    });
    let value = raw
        .clone()
        .or_else(|| remembered.map(str::to_string))
        .unwrap_or_else(|| answered.map(|a| show_answer(def, a)).unwrap_or_default());
    let values = match (def.fact_type, &raw, answered) {
        (FactType::SetOf, Some(r), _) => r
            .split(',')
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect(),
        (FactType::SetOf, None, Some(FactValue::Set(set))) => set.iter().cloned().collect(),
        _ => Vec::new(),
    };
    QuestionView {
        fact: name.to_string(),
        question: def.question.clone(),
        help: def.help.clone(),
        kind: kind_name(def.fact_type).into(),
        options: def
            .options
            .iter()
            .map(|o| ChoiceView {
                value: o.value.clone(),
                label: o.label.clone(),
            })
            .collect(),
        min: def.min,
        max: def.max,
        understood: error.is_none().then(|| understood(def, &value)).flatten(),
        value,
        values,
        error,
        required,
        item_label: String::new(),
        rows: Vec::new(),
        can_add: false,
        settles: None,
    }
}

/// The question for a fact: a scalar one, or a list with its entries (the typed entries if the
/// form was just posted, else the entries given, else one blank entry).
pub fn question_view(
    def: &FactDef,
    answered: Option<&FactValue>,
    typed: Option<&Typed<'_>>,
    remembered: Option<&str>,
    required: bool,
) -> QuestionView {
    let mut q = scalar_view(def, &def.name, answered, typed, remembered, required);
    if def.fact_type != FactType::List {
        return q;
    }
    let stored: &[Facts] = answered.and_then(FactValue::items).unwrap_or(&[]);
    let typed_rows = typed
        .and_then(|t| t.raw.get(&format!("{}.rows", def.name)))
        .and_then(|n| n.parse::<usize>().ok());
    let count = typed_rows.unwrap_or(stored.len()).max(1);
    q.value.clear();
    q.understood = None;
    q.item_label = def.item_noun().to_string();
    q.rows = (1..=count)
        .map(|n| ItemRowView {
            number: n as u32,
            legend: legend(def, n),
            fields: def
                .fields
                .iter()
                .map(|f| {
                    let name = format!("{}.{n}.{}", def.name, f.name);
                    // Typed text wins for a posted form; otherwise the stored entry.
                    let given = match typed_rows {
                        Some(_) => None,
                        None => stored.get(n - 1).and_then(|e| e.get(&f.name)),
                    };
                    scalar_view(f, &name, given, typed, None, false)
                })
                .collect(),
        })
        .collect();
    q.can_add = i64::try_from(count).is_ok_and(|c| c < def.max_items());
    q
}

/// Reads the raw answer of a scalar question named `name` from the posted fields, and records
/// the text to show again in `kept`.
fn read_scalar(
    def: &FactDef,
    name: &str,
    raw: &BTreeMap<String, String>,
    kept: &mut BTreeMap<String, String>,
) -> RawAnswer {
    if def.fact_type == FactType::SetOf {
        let ticked: Vec<String> = def
            .options
            .iter()
            .filter(|o| {
                raw.get(&format!("{name}.{}", o.value))
                    .is_some_and(|v| !v.is_empty())
            })
            .map(|o| o.value.clone())
            .collect();
        kept.insert(name.to_string(), ticked.join(","));
        RawAnswer::Choices(ticked)
    } else {
        let text = raw.get(name).cloned().unwrap_or_default();
        kept.insert(name.to_string(), text.clone());
        RawAnswer::Text(text)
    }
}

/// What reading one question gave.
#[derive(Debug, PartialEq)]
pub enum Read {
    /// A valid answer, or `None` for no answer.
    Answer(Option<FactValue>),
    /// Invalid: keep the last valid answer and show the messages.
    Invalid,
}

/// Reads one question of a posted step. Text typed is recorded in `kept` (under the form names
/// as renumbered after `action`) and problems in `errors`, one per field.
pub fn read_question(
    def: &FactDef,
    raw: &BTreeMap<String, String>,
    action: Option<&RowAction>,
    kept: &mut BTreeMap<String, String>,
    errors: &mut Vec<FieldError>,
) -> Read {
    if def.fact_type != FactType::List {
        let answer = read_scalar(def, &def.name, raw, kept);
        return match parse_answer(def, &answer) {
            Ok(v) => Read::Answer(v),
            Err(message) => {
                errors.push(FieldError {
                    field: def.name.clone(),
                    message,
                });
                Read::Invalid
            }
        };
    }
    let action = action.filter(|a| a.list() == def.name);
    let shown: usize = raw
        .get(&format!("{}.rows", def.name))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(1)
        .min(usize::try_from(def.max_items()).unwrap_or(usize::MAX));
    let mut entries = Vec::new();
    let mut invalid = false;
    let mut out_row = 0usize;
    for n in 1..=shown {
        if action == Some(&RowAction::Remove(def.name.clone(), n)) {
            continue;
        }
        let mut row_kept = BTreeMap::new();
        let answers: Vec<(&FactDef, String, RawAnswer)> = def
            .fields
            .iter()
            .map(|f| {
                let name = format!("{}.{n}.{}", def.name, f.name);
                let answer = read_scalar(f, &name, raw, &mut row_kept);
                (f, name, answer)
            })
            .collect();
        let blank = row_kept.values().all(|v| v.trim().is_empty());
        if blank && action.is_none() {
            // An entry left empty is dropped, unless the form is only adding or removing.
            continue;
        }
        out_row += 1;
        let rename = |name: &str| {
            let tail = &name[def.name.len() + 1..];
            let field = tail.split_once('.').map_or(tail, |(_, f)| f);
            format!("{}.{out_row}.{field}", def.name)
        };
        for (k, v) in &row_kept {
            kept.insert(rename(k), v.clone());
        }
        if blank {
            continue;
        }
        let mut entry = Facts::new();
        for (f, name, answer) in answers {
            match parse_answer(f, &answer) {
                Ok(Some(v)) => {
                    entry.insert(f.name.clone(), v);
                }
                Ok(None) => {
                    invalid = true;
                    errors.push(FieldError {
                        field: rename(&name),
                        message: "Answer this question for this entry.".into(),
                    });
                }
                Err(message) => {
                    invalid = true;
                    errors.push(FieldError {
                        field: rename(&name),
                        message,
                    });
                }
            }
        }
        entries.push(entry);
    }
    if matches!(action, Some(RowAction::Add(_)))
        && i64::try_from(out_row).is_ok_and(|n| n < def.max_items())
    {
        out_row += 1;
    }
    kept.insert(format!("{}.rows", def.name), out_row.max(1).to_string());
    if invalid {
        return Read::Invalid;
    }
    if entries.is_empty() {
        return Read::Answer(None);
    }
    let value = FactValue::Items(entries);
    match def.check(&value) {
        Ok(()) => Read::Answer(Some(value)),
        Err(message) => {
            errors.push(FieldError {
                field: def.name.clone(),
                message,
            });
            Read::Invalid
        }
    }
}

#[cfg(test)]
#[path = "wizard_form_tests.rs"]
mod tests;
