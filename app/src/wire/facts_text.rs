//! The facts staff type into the measure editor (worked examples, the preview, comparison
//! values), as text and back: `fact = value` lines, a list fact's entries in brackets
//! (`[{loss = 5,000,000, startup_stage = yes}, ...]`). Every number goes through the one answer
//! parser ([`crate::policy::input`]). Shared by the editor in the browser and the server's
//! preview, so it sits below both.
use std::collections::BTreeSet;

use crate::policy::input::{format_percent, parse_number};
use crate::policy::{FactType, FactValue, Facts, Op};
use crate::wire::editor::FactChoice;

/// A value of `fact` as staff type it (a percentage as "62.5%").
pub fn value_text(fact: Option<&FactChoice>, v: &FactValue) -> String {
    match v {
        FactValue::Bool(true) => "yes".into(),
        FactValue::Bool(false) => "no".into(),
        FactValue::Number(n) if fact.is_some_and(|f| f.fact_type == FactType::Percent) => {
            format_percent(*n)
        }
        FactValue::Number(n) => n.to_string(),
        FactValue::Text(s) => s.clone(),
        FactValue::Set(s) => s.iter().cloned().collect::<Vec<_>>().join(", "),
        FactValue::Items(items) => items_text(fact, items),
    }
}

/// The entries of a list as staff type them: `[{loss = 5000000, startup_stage = yes}, ...]`.
pub fn items_text(list: Option<&FactChoice>, items: &[Facts]) -> String {
    let entries: Vec<String> = items
        .iter()
        .map(|entry| {
            let fields: Vec<String> = entry
                .iter()
                .map(|(k, v)| {
                    let field = list.and_then(|l| l.fields.iter().find(|f| &f.name == k));
                    format!("{k} = {}", value_text(field, v))
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        })
        .collect();
    format!("[{}]", entries.join(", "))
}

/// A value of `fact` as staff type it (an empty list of a list fact is `[]`).
pub fn fact_text(fact: Option<&FactChoice>, v: &FactValue) -> String {
    match (fact.map(|f| f.fact_type), v.items()) {
        (Some(FactType::List), Some(items)) => items_text(fact, items),
        _ => value_text(fact, v),
    }
}

/// Reads typed text as a value for `fact` (lists for `is one of` and `includes any of`).
pub fn parse_value(fact: Option<&FactChoice>, op: Op, text: &str) -> Result<FactValue, String> {
    let t = text.trim();
    if matches!(op, Op::In | Op::HasAny) {
        let items: BTreeSet<String> = t
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if items.is_empty() {
            return Err("list at least one value, separated by commas".into());
        }
        return Ok(FactValue::Set(items));
    }
    match fact.map(|f| f.fact_type) {
        Some(FactType::Bool) => match t.to_lowercase().as_str() {
            "yes" | "true" => Ok(FactValue::Bool(true)),
            "no" | "false" => Ok(FactValue::Bool(false)),
            _ => Err("answer yes or no".into()),
        },
        Some(kind @ (FactType::Money | FactType::Count | FactType::Percent)) => {
            parse_number(kind, t).map(FactValue::Number)
        }
        // A comparison on a list counts its entries.
        Some(FactType::List) => {
            let noun = fact.map(|f| f.item_noun()).unwrap_or("entry");
            match parse_number(FactType::Count, t) {
                Ok(n) if n >= 0 => Ok(FactValue::Number(n)),
                Ok(_) => Err(format!("the number of {noun}s cannot be negative")),
                Err(_) => Err(format!("enter a whole number of {noun}s, such as 2")),
            }
        }
        _ if t.is_empty() => Err("enter a value".into()),
        _ => Ok(FactValue::Text(t.to_string())),
    }
}

/// The example facts as lines of `fact = value` (a list fact's entries in brackets).
pub fn facts_text(facts: &Facts, choices: &[FactChoice]) -> String {
    facts
        .iter()
        .map(|(k, v)| {
            let choice = choices.iter().find(|c| &c.name == k);
            format!("{k} = {}", fact_text(choice, v))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `fact = value` lines of a facts text with their line numbers, blank lines left out. A
/// value that opens a list with `[` goes on over the following lines until its `]`.
pub fn fact_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = 0usize;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        match out.last_mut() {
            Some((_, last)) if open > 0 => {
                last.push(' ');
                last.push_str(line);
            }
            _ if line.is_empty() => continue,
            _ => out.push((n + 1, line.to_string())),
        }
        for ch in line.chars() {
            match ch {
                '[' => open += 1,
                ']' => open = open.saturating_sub(1),
                _ => {}
            }
        }
    }
    out
}

/// Reads lines of `fact = value` with each value typed by its fact; a list fact takes its
/// entries as `[{field = value, ...}, {...}]` (see [`parse_items`]).
pub fn parse_facts(text: &str, facts: &[FactChoice]) -> Result<Facts, String> {
    let mut out = Facts::new();
    for (n, line) in fact_lines(text) {
        let Some((name, value)) = line.split_once('=') else {
            return Err(format!("line {n}: write fact = value"));
        };
        let name = name.trim();
        let choice = facts.iter().find(|f| f.name == name);
        let Some(choice) = choice else {
            return Err(format!("line {n}: {name} is not a declared fact"));
        };
        let v = match choice.fact_type {
            FactType::List => parse_items(choice, value),
            FactType::SetOf => parse_value(Some(choice), Op::In, value),
            _ => parse_value(Some(choice), Op::Eq, value),
        }
        .map_err(|e| format!("line {n}: {e}"))?;
        out.insert(name.to_string(), v);
    }
    Ok(out)
}

/// Reads the entries of the list fact `list`: `[{loss = 5,000,000, startup_stage = yes},
/// {...}]`, `[]` for none. Inside an entry, fields are separated by `,` or `;` (a comma only
/// separates when a `field =` follows, so `5,000,000` and `national, provincial` stay whole);
/// TOML's `true`, `false` and quoted text are understood too, so a catalog line can be pasted.
/// Every field of an entry must be given.
pub fn parse_items(list: &FactChoice, text: &str) -> Result<FactValue, String> {
    let noun = list.item_noun();
    let shape = || {
        format!(
            "write the {noun}s in brackets, each in braces: [{{{}}}, {{...}}], or [] for none",
            sample_entry(list)
        )
    };
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or_else(shape)?;
    let mut entries = Vec::new();
    let mut rest = inner;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let number = entries.len() + 1;
        let Some(body) = rest.strip_prefix('{') else {
            return Err(shape());
        };
        let Some(end) = body.find('}') else {
            return Err(format!("{noun} {number}: close the entry with }}"));
        };
        let entry = parse_entry(list, &body[..end]).map_err(|e| format!("{noun} {number}: {e}"))?;
        entries.push(entry);
        rest = &body[end + 1..];
    }
    Ok(FactValue::Items(entries))
}

fn parse_entry(list: &FactChoice, body: &str) -> Result<Facts, String> {
    let mut parts: Vec<String> = Vec::new();
    for piece in body.split(';') {
        for (i, segment) in piece.split(',').enumerate() {
            if segment.trim().is_empty() {
                continue;
            }
            match parts.last_mut() {
                Some(last) if i > 0 && !segment.contains('=') => {
                    last.push(',');
                    last.push_str(segment);
                }
                _ => parts.push(segment.to_string()),
            }
        }
    }
    let mut entry = Facts::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let Some((name, value)) = part.split_once('=') else {
            return Err(format!("write field = value, not \"{part}\""));
        };
        let name = name.trim();
        let Some(field) = list.field(name) else {
            let names: Vec<&str> = list.fields.iter().map(|f| f.name.as_str()).collect();
            return Err(format!(
                "{name} is not a field of a {} (fields: {})",
                list.item_noun(),
                names.join(", ")
            ));
        };
        if entry.contains_key(name) {
            return Err(format!("{name} is given twice"));
        }
        let v = if field.fact_type == FactType::SetOf {
            let value = value.trim().trim_start_matches('[').trim_end_matches(']');
            let values: Vec<&str> = value.split(',').map(unquote).collect();
            parse_value(Some(field), Op::In, &values.join(", "))
        } else {
            parse_value(Some(field), Op::Eq, unquote(value))
        }
        .map_err(|e| format!("{name}: {e}"))?;
        entry.insert(name.to_string(), v);
    }
    if let Some(missing) = list.fields.iter().find(|f| !entry.contains_key(&f.name)) {
        return Err(format!("{} ({}) is missing", missing.label, missing.name));
    }
    Ok(entry)
}

/// Text without surrounding spaces and double quotes.
fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(s)
}

/// One entry of `list` with a plausible value for each field: `loss = 1000000, startup_stage =
/// yes`.
pub fn sample_entry(list: &FactChoice) -> String {
    list.fields
        .iter()
        .map(|f| {
            let v = match f.fact_type {
                FactType::Money => "1000000".to_string(),
                FactType::Count => "1".into(),
                FactType::Percent => "50%".into(),
                FactType::Bool => "yes".into(),
                FactType::OneOf | FactType::SetOf => {
                    f.options.first().map(|o| o.0.clone()).unwrap_or_default()
                }
                FactType::Date => "2020-01-01".into(),
                FactType::List => "[]".into(),
            };
            format!("{} = {v}", f.name)
        })
        .collect::<Vec<_>>()
        .join(", ")
}
