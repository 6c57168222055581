//! Wizard sessions: answers saved server-side under an unguessable token, so they survive
//! back/next, a reload and a new visit (the resumable link), with or without JavaScript.
use std::collections::{BTreeMap, BTreeSet};

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
use crate::policy::next_questions::{rank, standing, Scope, Standing, Topic};
use crate::policy::{Catalog, FactDef, FactType, FactValue, Facts, WizardStep};
use crate::wire::catalog::Figure;
use crate::wire::errors::{AppError, FieldError};
use crate::wire::wizard::{QuestionView, ReviewPage, ReviewSection, StepInfo, WizardPage};

mod screens;
use screens::{
    screen_facts, screens, section_questions, settles_view, topic_label, topics_question,
};

/// Facts that must be answered before going on.
const REQUIRED: [&str; 1] = ["applicant_kind"];

/// The first screen: who is applying, and which topics apply to them.
pub const START: &str = "start";
/// The adaptive screens: the questions that settle most, a few at a time.
pub const NEXT: &str = "next";
/// The form name of the topics question on the first screen (`topic.<slug>` per box).
const TOPIC_FIELD: &str = "topic";

/// Invalid input kept for the step it was typed in, so nothing is lost.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Pending {
    step: String,
    raw: BTreeMap<String, String>,
    errors: Vec<FieldError>,
    /// On an adaptive screen: the questions it showed, shown again as they were.
    #[serde(default)]
    facts: Vec<String>,
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
    /// Topics ticked on the first screen (none: every measure is explored).
    topics: BTreeSet<Topic>,
    /// Questions answered "not sure": never asked again on the adaptive screens.
    unknown: BTreeSet<String>,
}

impl Session {
    fn scope(&self) -> Scope {
        Scope {
            topics: self.topics.clone(),
            focus: self.focus.clone(),
        }
    }

    /// The undecided measures in scope and what each needs.
    fn standing(&self, catalog: &Catalog) -> Standing {
        standing(
            catalog,
            &self.answers,
            &self.unknown,
            &self.scope(),
            today(),
        )
    }

    /// Records an answer (or its absence: "not sure") to `name`.
    fn answer(&mut self, name: &str, value: Option<FactValue>) {
        match value {
            Some(v) => {
                self.unknown.remove(name);
                self.answers.insert(name.to_string(), v);
            }
            None => {
                self.answers.remove(name);
                self.unknown.insert(name.to_string());
            }
        }
    }
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

/// The title of an adaptive screen (English; the page translates known slugs).
fn screen_info(slug: &str) -> StepInfo {
    StepInfo {
        slug: slug.into(),
        title: match slug {
            START => "Who you are and what applies to you",
            _ => "The questions that settle most",
        }
        .into(),
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
    topics: Option<String>,
    unknown: Option<String>,
}

fn corrupt(e: serde_json::Error) -> DbError {
    DbError::Corrupt(e.to_string())
}

/// A JSON column that may be NULL (rows from before it existed).
fn optional_json<T: serde::de::DeserializeOwned + Default>(
    text: Option<String>,
) -> Result<T, DbError> {
    text.map(|t| serde_json::from_str(&t))
        .transpose()
        .map_err(corrupt)
        .map(Option::unwrap_or_default)
}

async fn load(backend: &Backend, id: &str) -> Result<Option<Session>, DbError> {
    if !valid_token(id) {
        return Ok(None);
    }
    let row = sqlx::query_as::<_, SessionRow>(
        "SELECT focus, answers, pending, typed, topics, unknown FROM wizard_sessions WHERE id = $1",
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
        typed: optional_json(row.typed)?,
        topics: optional_json::<Vec<String>>(row.topics)?
            .iter()
            .filter_map(|t| Topic::from_slug(t))
            .collect(),
        unknown: optional_json(row.unknown)?,
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
    let typed = serde_json::to_string(&s.typed).map_err(corrupt)?;
    let topics: Vec<&str> = s.topics.iter().map(|t| t.slug()).collect();
    let topics = serde_json::to_string(&topics).map_err(corrupt)?;
    let unknown = serde_json::to_string(&s.unknown).map_err(corrupt)?;
    let now = now_rfc3339();
    if let Some(client) = new {
        sqlx::query(
            "INSERT INTO wizard_sessions (id, focus, answers, pending, typed, created_at, updated_at, client, topics, unknown) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(s.id.clone())
        .bind(s.focus.clone())
        .bind(answers)
        .bind(pending)
        .bind(typed)
        .bind(now.clone())
        .bind(now)
        .bind(client.to_string())
        .bind(topics)
        .bind(unknown)
        .execute(backend.pool())
        .await?;
    } else {
        sqlx::query(
            "UPDATE wizard_sessions SET answers = $1, pending = $2, typed = $3, updated_at = $4, topics = $5, unknown = $6 WHERE id = $7",
        )
        .bind(answers)
        .bind(pending)
        .bind(typed)
        .bind(now)
        .bind(topics)
        .bind(unknown)
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

/// The step page; `None` when the session does not exist. `step` is [`START`], [`NEXT`] or a
/// section's slug (to change the answers of one part of the vocabulary).
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
    let pending_for = |slug: &str| s.pending.as_ref().filter(|p| p.step == slug);
    let focus_title = s
        .focus
        .as_deref()
        .and_then(|f| catalog.measure(f))
        .map(|m| m.title.clone());
    let ask = |def: &FactDef, typed: Option<&Typed<'_>>| {
        question_view(
            def,
            s.answers.get(&def.name),
            typed,
            s.typed.get(&def.name).map(String::as_str),
            REQUIRED.contains(&def.name.as_str()),
        )
    };
    if step == START || session.is_empty() {
        let pending = pending_for(START);
        let typed = pending.map(|p| Typed {
            raw: &p.raw,
            errors: &p.errors,
        });
        let mut questions: Vec<QuestionView> = REQUIRED
            .iter()
            .filter_map(|f| catalog.vocabulary.get(f))
            .map(|def| ask(def, typed.as_ref()))
            .collect();
        if s.focus.is_none() {
            questions.push(topics_question(&s, typed.as_ref()));
        }
        return Ok(Some(WizardPage {
            session: s.id.clone(),
            step: screen_info(START),
            steps: screens(),
            position: 1,
            questions,
            errors: pending.map(|p| p.errors.clone()).unwrap_or_default(),
            focus: s.focus.clone(),
            focus_title,
            answered: s.answers.len() as u32,
            open_measures: 0,
            eligible: 0,
        }));
    }
    if step == NEXT {
        let open = s.standing(catalog);
        let ranked = rank(catalog, &open);
        let pending = pending_for(NEXT);
        let typed = pending.map(|p| Typed {
            raw: &p.raw,
            errors: &p.errors,
        });
        let questions = screen_facts(&s, &ranked)
            .iter()
            .filter_map(|f| catalog.vocabulary.get(f))
            .map(|def| {
                let mut q = ask(def, typed.as_ref());
                q.settles = ranked.iter().find(|c| c.fact == def.name).map(settles_view);
                q
            })
            .collect();
        return Ok(Some(WizardPage {
            session: s.id.clone(),
            step: screen_info(NEXT),
            steps: screens(),
            position: 2,
            questions,
            errors: pending.map(|p| p.errors.clone()).unwrap_or_default(),
            focus: s.focus.clone(),
            focus_title,
            answered: s.answers.len() as u32,
            open_measures: open.open.len() as u32,
            eligible: open.eligible as u32,
        }));
    }
    let by_step = section_questions(catalog, &s);
    let active: Vec<WizardStep> = by_step.keys().copied().collect();
    let wanted = step_from_slug(step).unwrap_or(WizardStep::Applicant);
    // A step without questions (given the answers) is skipped to the next one that has some.
    let current = active
        .iter()
        .copied()
        .find(|s| *s >= wanted)
        .or_else(|| active.last().copied())
        .unwrap_or(WizardStep::Applicant);
    let pending = pending_for(step_slug(current));
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
                .map(|def| ask(def, typed.as_ref()))
                .collect()
        })
        .unwrap_or_default();
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
        answered: s.answers.len() as u32,
        open_measures: 0,
        eligible: 0,
    }))
}

/// Saves a screen or a section; returns where to go next: `go` = `next`, `back`, `review`,
/// `results` (skip the rest: the result of what was answered so far), or a list's add or
/// remove button.
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
    // Which questions the form showed: the first screen's, the adaptive screen's (as it was
    // shown), or a section's.
    let section = step_from_slug(step).filter(|_| !new && step != START && step != NEXT);
    let (slug, asked): (&str, Vec<String>) = match (step, section) {
        (NEXT, _) if !new => {
            let ranked = rank(catalog, &s.standing(catalog));
            (NEXT, screen_facts(&s, &ranked))
        }
        (_, Some(current)) => (
            step_slug(current),
            section_questions(catalog, &s)
                .get(&current)
                .cloned()
                .unwrap_or_default(),
        ),
        _ => (START, REQUIRED.iter().map(|f| f.to_string()).collect()),
    };
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
                s.answer(name, Some(v));
            }
            Read::Answer(None) if REQUIRED.contains(&name.as_str()) => {
                s.typed.remove(name);
                s.answers.remove(name);
                errors.push(FieldError {
                    field: name.clone(),
                    message: "Answer this question.".into(),
                });
            }
            // Left blank: "not sure", never asked again on the adaptive screens.
            Read::Answer(None) => {
                s.typed.remove(name);
                s.answer(name, None);
            }
            // The last valid answer is kept; the typed text is shown again with the error.
            Read::Invalid => {}
        }
    }
    if slug == START && s.focus.is_none() {
        s.topics = Topic::ALL
            .into_iter()
            .filter(|t| {
                raw.get(&format!("{TOPIC_FIELD}.{}", t.slug()))
                    .is_some_and(|v| !v.is_empty())
            })
            .collect();
        for t in &s.topics {
            kept.insert(format!("{TOPIC_FIELD}.{}", t.slug()), "on".into());
        }
    }
    // Typed text is kept when something is wrong, and when an entry was added or removed (the
    // same screen is shown again with the entries as they now are).
    s.pending = (!errors.is_empty() || action.is_some()).then(|| Pending {
        step: slug.into(),
        raw: kept,
        errors: errors.clone(),
        facts: if slug == NEXT {
            asked.clone()
        } else {
            Vec::new()
        },
    });
    store(backend, &s, new.then_some(client)).await?;

    let base = format!("/wizard/{}", s.id);
    if !errors.is_empty() || action.is_some() {
        return Ok(format!("{base}/{slug}?attempt={}", &token()?[..8]));
    }
    let more_to_ask = || !rank(catalog, &s.standing(catalog)).is_empty();
    // The parts of the vocabulary with questions now, for back and next from a part.
    let parts = || -> Vec<WizardStep> { section_questions(catalog, &s).keys().copied().collect() };
    let target = match (go, section) {
        ("results", _) => {
            let id = super::results::create(
                backend,
                client,
                Some(&s.id),
                &s.answers,
                today(),
                Some(&s.scope()),
            )
            .await?;
            // A session opened from a profile updates it.
            super::profiles::follow_session(backend, &s.id, &id, &s.answers).await?;
            format!("/results/{id}")
        }
        ("review", _) => format!("{base}/review"),
        ("back", Some(current)) => parts()
            .iter()
            .rev()
            .find(|a| **a < current)
            .map(|a| format!("{base}/{}", step_slug(*a)))
            .unwrap_or_else(|| format!("{base}/{START}")),
        ("back", None) => format!("{base}/{START}"),
        (_, Some(current)) => parts()
            .iter()
            .find(|a| **a > current)
            .map(|a| format!("{base}/{}", step_slug(*a)))
            .unwrap_or_else(|| format!("{base}/review")),
        // Every screen gets an address of its own, so the browser (and a person) sees a new one.
        (_, None) if more_to_ask() => format!("{base}/{NEXT}?attempt={}", &token()?[..8]),
        (_, None) => format!("{base}/review"),
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

/// The review page; `None` for an unknown session. The first section is the first screen
/// (applicant type and topics); then each part of the vocabulary with what was answered,
/// "not sure" included.
pub async fn review(backend: &Backend, session: &str) -> Result<Option<ReviewPage>, DbError> {
    let Some(s) = load(backend, session).await? else {
        return Ok(None);
    };
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let mut first = Vec::new();
    if let Some((def, v)) = catalog
        .vocabulary
        .get(REQUIRED[0])
        .and_then(|d| Some((d, s.answers.get(REQUIRED[0])?)))
    {
        first.extend(answer_figures(def, v));
    }
    if s.focus.is_none() {
        first.push(Figure {
            label: "What would you like support for?".into(),
            value: if s.topics.is_empty() {
                "Everything (no topic ticked)".into()
            } else {
                s.topics
                    .iter()
                    .map(|t| topic_label(*t))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        });
    }
    let mut sections = vec![ReviewSection {
        step: screen_info(START),
        answers: first,
    }];
    for step in WizardStep::ALL {
        let answers: Vec<Figure> = catalog
            .vocabulary
            .iter()
            .filter(|d| d.step == step && !REQUIRED.contains(&d.name.as_str()))
            .flat_map(|def| match s.answers.get(&def.name) {
                Some(v) => answer_figures(def, v),
                None if s.unknown.contains(&def.name) => vec![Figure {
                    label: def.question.clone(),
                    value: "Not sure".into(),
                }],
                None => Vec::new(),
            })
            .collect();
        if !answers.is_empty() {
            sections.push(ReviewSection {
                step: info(step),
                answers,
            });
        }
    }
    Ok(Some(ReviewPage {
        session: s.id.clone(),
        sections,
        steps: screens(),
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
    from_answers(backend, client, answers, None).await
}

/// A new wizard session holding `answers`; with `profile`, finishing it updates that profile's
/// answers ([`super::profiles`]). Counts against `client`'s limit.
pub async fn from_answers(
    backend: &Backend,
    client: &str,
    answers: crate::policy::Facts,
    profile: Option<&str>,
) -> Result<String, AppError> {
    super::limits::allow_new(backend, super::limits::Made::WizardSession, client).await?;
    let s = Session {
        id: token()?,
        answers,
        ..Session::default()
    };
    store(backend, &s, Some(client)).await?;
    if let Some(profile) = profile {
        sqlx::query("UPDATE wizard_sessions SET profile_token = $1 WHERE id = $2")
            .bind(profile.to_string())
            .bind(s.id.clone())
            .execute(backend.pool())
            .await
            .map_err(DbError::from)?;
    }
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
    let id = super::results::create(
        backend,
        client,
        Some(&s.id),
        &s.answers,
        as_of.unwrap_or_else(today),
        Some(&s.scope()),
    )
    .await?;
    // A session opened from a profile updates it.
    super::profiles::follow_session(backend, &s.id, &id, &s.answers).await?;
    Ok(id)
}
