//! Wizard sessions: answers saved server-side under an unguessable token, so they survive
//! back/next, a reload and a new visit (the resumable link), with or without JavaScript.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use super::clock::{now_rfc3339, today};
use super::db::DbError;
use super::store::Backend;
pub use super::tokens::token;
use super::tokens::valid_token;
use super::wizard_form::{question_view, read_question, Read, RowAction, Typed};
use crate::policy::condition::{count_of, describe_entry, describe_value};
use crate::policy::input::show_answer;
use crate::policy::questions::questions_by_step;
use crate::policy::{Catalog, FactDef, FactType, FactValue, Facts, WizardStep};
use crate::wire::catalog::Figure;
use crate::wire::errors::{AppError, FieldError};
use crate::wire::wizard::{ReviewPage, ReviewSection, StepInfo, WizardPage};

/// Facts that must be answered before going on.
const REQUIRED: [&str; 1] = ["applicant_kind"];

/// Invalid input kept for the step it was typed in, so nothing is lost.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Pending {
    step: String,
    raw: BTreeMap<String, String>,
    errors: Vec<FieldError>,
}

#[derive(Clone, Debug, Default)]
struct Session {
    id: String,
    focus: Option<String>,
    answers: Facts,
    pending: Option<Pending>,
    /// The text typed for an answer, where it differs from the answer's normalised form
    /// ("300万" for 3000000): the form shows it again with what it was understood as.
    typed: BTreeMap<String, String>,
}

/// URL slug of a step.
pub fn step_slug(step: WizardStep) -> &'static str {
    match step {
        WizardStep::Applicant => "applicant",
        WizardStep::Location => "location",
        WizardStep::Company => "company",
        WizardStep::RdInvestment => "rd_investment",
        WizardStep::Talent => "talent",
        WizardStep::IntellectualProperty => "intellectual_property",
        WizardStep::Platforms => "platforms",
    }
}

fn step_title(step: WizardStep) -> &'static str {
    match step {
        WizardStep::Applicant => "Who you are",
        WizardStep::Location => "Where",
        WizardStep::Company => "Your company",
        WizardStep::RdInvestment => "R&D and investment",
        WizardStep::Talent => "Talent",
        WizardStep::IntellectualProperty => "Intellectual property",
        WizardStep::Platforms => "Platforms and accreditations",
    }
}

fn step_from_slug(slug: &str) -> Option<WizardStep> {
    WizardStep::ALL.into_iter().find(|s| step_slug(*s) == slug)
}

fn info(step: WizardStep) -> StepInfo {
    StepInfo {
        slug: step_slug(step).into(),
        title: step_title(step).into(),
    }
}

/// A wizard session as stored (answers, pending item and typed text as JSON).
#[derive(FromRow)]
struct SessionRow {
    focus: Option<String>,
    answers: String,
    pending: Option<String>,
    typed: Option<String>,
}

async fn load(backend: &Backend, id: &str) -> Result<Option<Session>, DbError> {
    if !valid_token(id) {
        return Ok(None);
    }
    let row = sqlx::query_as::<_, SessionRow>(
        "SELECT focus, answers, pending, typed FROM wizard_sessions WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(backend.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Session {
        id: id.to_string(),
        focus: row.focus,
        answers: serde_json::from_str(&row.answers).map_err(|e| DbError::Corrupt(e.to_string()))?,
        pending: row
            .pending
            .map(|p| serde_json::from_str(&p))
            .transpose()
            .map_err(|e| DbError::Corrupt(e.to_string()))?,
        typed: row
            .typed
            .map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|e| DbError::Corrupt(e.to_string()))?
            .unwrap_or_default(),
    }))
}

async fn store(backend: &Backend, s: &Session, new: Option<&str>) -> Result<(), DbError> {
    let answers = serde_json::to_string(&s.answers).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let pending = s
        .pending
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| DbError::Corrupt(e.to_string()))?;
    let typed = serde_json::to_string(&s.typed).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let now = now_rfc3339();
    if let Some(client) = new {
        sqlx::query(
            "INSERT INTO wizard_sessions (id, focus, answers, pending, typed, created_at, updated_at, client) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s.id.clone())
        .bind(s.focus.clone())
        .bind(answers)
        .bind(pending)
        .bind(typed)
        .bind(now.clone())
        .bind(now)
        .bind(client.to_string())
        .execute(backend.pool())
        .await?;
    } else {
        sqlx::query(
            "UPDATE wizard_sessions SET answers = $1, pending = $2, typed = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(answers)
        .bind(pending)
        .bind(typed)
        .bind(now)
        .bind(s.id.clone())
        .execute(backend.pool())
        .await?;
    }
    Ok(())
}

fn focus_in(catalog: &Catalog, focus: Option<&str>) -> Option<String> {
    focus
        .filter(|f| catalog.measure(f).is_some())
        .map(str::to_string)
}

/// The step page; `None` when the session does not exist.
pub async fn page(
    backend: &Backend,
    session: &str,
    step: &str,
    measure: Option<&str>,
) -> Result<Option<WizardPage>, DbError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let s = if session.is_empty() {
        Session {
            focus: focus_in(catalog, measure),
            ..Session::default()
        }
    } else {
        match load(backend, session).await? {
            Some(s) => s,
            None => return Ok(None),
        }
    };
    let by_step = questions_by_step(catalog, &s.answers, s.focus.as_deref(), today());
    let active: Vec<WizardStep> = by_step.keys().copied().collect();
    let wanted = step_from_slug(step).unwrap_or(WizardStep::Applicant);
    // A step without questions (given the answers) is skipped to the next one that has some.
    let current = active
        .iter()
        .copied()
        .find(|s| *s >= wanted)
        .or_else(|| active.last().copied())
        .unwrap_or(WizardStep::Applicant);
    let pending = s.pending.as_ref().filter(|p| p.step == step_slug(current));
    let typed = pending.map(|p| Typed {
        raw: &p.raw,
        errors: &p.errors,
    });
    let questions = by_step
        .get(&current)
        .map(|facts| {
            facts
                .iter()
                .filter_map(|name| catalog.vocabulary.get(name))
                .map(|def| {
                    question_view(
                        def,
                        s.answers.get(&def.name),
                        typed.as_ref(),
                        s.typed.get(&def.name).map(String::as_str),
                        REQUIRED.contains(&def.name.as_str()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let focus_title = s
        .focus
        .as_deref()
        .and_then(|f| catalog.measure(f))
        .map(|m| m.title.clone());
    Ok(Some(WizardPage {
        session: s.id.clone(),
        step: info(current),
        position: active
            .iter()
            .position(|a| *a == current)
            .map(|p| p as u32 + 1)
            .unwrap_or(1),
        steps: active.iter().map(|a| info(*a)).collect(),
        questions,
        errors: pending.map(|p| p.errors.clone()).unwrap_or_default(),
        focus: s.focus.clone(),
        focus_title,
    }))
}

/// Saves a step; returns where to go next.
pub async fn save(
    backend: &Backend,
    client: &str,
    session: &str,
    step: &str,
    focus: Option<&str>,
    raw: &BTreeMap<String, String>,
    go: &str,
) -> Result<String, AppError> {
    super::limits::check_answers(raw.iter())?;
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let (mut s, new) = match load(backend, session).await? {
        Some(s) => (s, false),
        None => {
            super::limits::allow_new(backend, super::limits::Made::WizardSession, client).await?;
            (
                Session {
                    id: token()?,
                    focus: focus_in(catalog, focus),
                    ..Session::default()
                },
                true,
            )
        }
    };
    let current = step_from_slug(step).unwrap_or(WizardStep::Applicant);
    let day = today();
    let by_step = questions_by_step(catalog, &s.answers, s.focus.as_deref(), day);
    let asked = by_step.get(&current).cloned().unwrap_or_default();
    let action = RowAction::parse(go);
    let mut errors = Vec::new();
    let mut kept = BTreeMap::new();
    for name in &asked {
        let Some(def) = catalog.vocabulary.get(name) else {
            continue;
        };
        match read_question(def, raw, action.as_ref(), &mut kept, &mut errors) {
            Read::Answer(Some(v)) => {
                // Text typed otherwise than the normal form ("300万") is shown again with
                // what it was understood as.
                match kept.get(name).map(|t| t.trim()) {
                    Some(t) if def.fact_type != FactType::List && t != show_answer(def, &v) => {
                        s.typed.insert(name.clone(), t.to_string());
                    }
                    _ => {
                        s.typed.remove(name);
                    }
                }
                s.answers.insert(name.clone(), v);
            }
            Read::Answer(None) if REQUIRED.contains(&name.as_str()) => {
                s.typed.remove(name);
                s.answers.remove(name);
                errors.push(FieldError {
                    field: name.clone(),
                    message: "Answer this question.".into(),
                });
            }
            Read::Answer(None) => {
                s.typed.remove(name);
                s.answers.remove(name);
            }
            // The last valid answer is kept; the typed text is shown again with the error.
            Read::Invalid => {}
        }
    }
    // Typed text is kept when something is wrong, and when an entry was added or removed (the
    // same step is shown again with the entries as they now are).
    s.pending = (!errors.is_empty() || action.is_some()).then(|| Pending {
        step: step_slug(current).into(),
        raw: kept,
        errors: errors.clone(),
    });
    store(backend, &s, new.then_some(client)).await?;

    let active: Vec<WizardStep> = questions_by_step(catalog, &s.answers, s.focus.as_deref(), day)
        .keys()
        .copied()
        .collect();
    let base = format!("/wizard/{}", s.id);
    let target = match go {
        "back" => active
            .iter()
            .rev()
            .find(|a| **a < current)
            .map(|a| format!("{base}/{}", step_slug(*a)))
            .unwrap_or_else(|| format!("{base}/{}", step_slug(current))),
        _ if !errors.is_empty() || action.is_some() => {
            format!("{base}/{}?attempt={}", step_slug(current), &token()?[..8])
        }
        "review" => format!("{base}/review"),
        _ => active
            .iter()
            .find(|a| **a > current)
            .map(|a| format!("{base}/{}", step_slug(*a)))
            .unwrap_or_else(|| format!("{base}/review")),
    };
    Ok(target)
}

/// An answer as the review lists it: the question and the answer; for a list, the number of
/// entries and then each entry on a line of its own.
fn answer_figures(def: &FactDef, v: &FactValue) -> Vec<Figure> {
    match v.items() {
        Some(items) if def.fact_type == crate::policy::FactType::List => {
            let mut out = vec![Figure {
                label: def.question.clone(),
                value: count_of(def, items.len()),
            }];
            out.extend(items.iter().enumerate().map(|(i, entry)| Figure {
                label: format!("{} {}", def.item_noun(), i + 1),
                value: describe_entry(def, entry),
            }));
            out
        }
        _ => vec![Figure {
            label: def.question.clone(),
            value: describe_value(def, v),
        }],
    }
}

/// The review page; `None` for an unknown session.
pub async fn review(backend: &Backend, session: &str) -> Result<Option<ReviewPage>, DbError> {
    let Some(s) = load(backend, session).await? else {
        return Ok(None);
    };
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let by_step = questions_by_step(catalog, &s.answers, s.focus.as_deref(), today());
    let sections = by_step
        .iter()
        .map(|(step, facts)| ReviewSection {
            step: info(*step),
            answers: facts
                .iter()
                .filter_map(|f| Some((catalog.vocabulary.get(f)?, s.answers.get(f)?)))
                .flat_map(|(def, v)| answer_figures(def, v))
                .collect(),
        })
        .collect();
    Ok(Some(ReviewPage {
        session: s.id.clone(),
        sections,
        steps: by_step.keys().map(|s| info(*s)).collect(),
    }))
}

/// "Start again from these answers": a new wizard session holding the answers a stored result
/// was computed from, opened at its review. The result and the session it came from stay as
/// they were (a result link reads, it never edits); the new session counts against `client`'s
/// limit. `NotFound` for an unknown result.
pub async fn from_result(
    backend: &Backend,
    client: &str,
    result: &str,
) -> Result<String, AppError> {
    let answers = super::results::facts(backend, result)
        .await?
        .ok_or(AppError::NotFound)?;
    super::limits::allow_new(backend, super::limits::Made::WizardSession, client).await?;
    let s = Session {
        id: token()?,
        answers,
        ..Session::default()
    };
    store(backend, &s, Some(client)).await?;
    Ok(s.id)
}

/// Computes and stores the result of a session; returns the result's id.
pub async fn finish(
    backend: &Backend,
    client: &str,
    session: &str,
    as_of: Option<crate::policy::Date>,
) -> Result<String, AppError> {
    let s = load(backend, session).await?.ok_or(AppError::NotFound)?;
    super::results::create(
        backend,
        client,
        Some(&s.id),
        &s.answers,
        as_of.unwrap_or_else(today),
    )
    .await
}
