//! What the announcement form sends, and its validation: every field checked, one message per
//! field.
use std::collections::BTreeSet;

use crate::policy::Date;
use crate::wire::errors::FieldError;

/// Longest title accepted, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest body accepted, in characters.
pub const MAX_BODY: usize = 20_000;

/// What the form sends.
#[derive(Clone, Debug)]
pub struct AnnouncementInput<'a> {
    /// Announcement id; empty for a new one.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Markdown body.
    pub body: &'a str,
    /// `YYYY-MM-DD`.
    pub published_on: &'a str,
    /// Measure ids separated by commas, spaces or new lines.
    pub measures: &'a str,
    /// The locking counter read with the text (ignored for a new one).
    pub lock_version: i64,
}

/// An announcement that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAnnouncement {
    /// Title, trimmed.
    pub title: String,
    /// Markdown body, trimmed at the end.
    pub body: String,
    /// Publication date.
    pub published_on: Date,
    /// Linked measure ids, in the order given, without repeats.
    pub measures: Vec<String>,
}

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Checks the form's input; `known` says whether a measure id is in the catalog. Messages never
/// contain "; " because the browser splits the combined refusal on it.
pub fn validate(
    input: &AnnouncementInput<'_>,
    known: impl Fn(&str) -> bool,
) -> Result<ValidAnnouncement, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = input.title.trim().to_string();
    if title.is_empty() {
        errors.push(field("title", "enter a title"));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(field(
            "title",
            format!(
                "the title is {} characters long, at most {MAX_TITLE} are allowed",
                title.chars().count()
            ),
        ));
    } else if title.chars().any(char::is_control) {
        errors.push(field("title", "the title must be a single line of text"));
    }
    let body = input.body.trim_end().to_string();
    if body.trim().is_empty() {
        errors.push(field("body", "write the text of the announcement"));
    } else if body.chars().count() > MAX_BODY {
        errors.push(field(
            "body",
            format!("the text is too long (at most {MAX_BODY} characters)"),
        ));
    }
    let published_on = match Date::parse(input.published_on) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(field(
                "published_on",
                "enter the publication date as YYYY-MM-DD, for example 2026-03-01",
            ));
            None
        }
    };
    let mut seen = BTreeSet::new();
    let measures: Vec<String> = input
        .measures
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .filter(|s| seen.insert(s.to_string()))
        .map(str::to_string)
        .collect();
    let unknown: Vec<&str> = measures
        .iter()
        .map(String::as_str)
        .filter(|m| !known(m))
        .collect();
    if !unknown.is_empty() {
        errors.push(field(
            "measures",
            format!(
                "no measure in the catalog has the id {} (check the spelling on the measure's page)",
                unknown.join(", ")
            ),
        ));
    } else if measures.len() > 50 {
        errors.push(field("measures", "link at most 50 measures"));
    }
    match published_on {
        Some(published_on) if errors.is_empty() => Ok(ValidAnnouncement {
            title,
            body,
            published_on,
            measures,
        }),
        _ => Err(errors),
    }
}
