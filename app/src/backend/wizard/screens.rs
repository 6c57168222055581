//! The adaptive screens' parts: the first screen's topics question, what a question settles,
//! which questions a screen or a part of the vocabulary shows.
use std::collections::{BTreeMap, BTreeSet};

use super::{screen_info, Session, NEXT, REQUIRED, START, TOPIC_FIELD};
use crate::backend::clock::today;
use crate::backend::wizard_form::Typed;
use crate::policy::next_questions::{Candidate, Topic, SCREEN};
use crate::policy::questions::questions_by_step;
use crate::policy::{format_yuan, Catalog, WizardStep};
use crate::wire::wizard::{ChoiceView, QuestionView, SettlesView, StepInfo};

/// The English label of a topic on the first screen (the page translates them).
pub(super) fn topic_label(t: Topic) -> &'static str {
    match t {
        Topic::RdSpending => "R&D spending and research projects",
        Topic::Standards => "Standards (drafting, platforms)",
        Topic::PatentsAndIp => "Patents and IP disputes",
        Topic::Talent => "Recruiting talent, talent programmes and housing",
        Topic::Financing => "Listing, investment, loans and guarantees",
        Topic::Platforms => "R&D platforms, institutes and accreditations",
        Topic::Growth => "Growth titles (high-tech, gazelle, unicorn, above designated size)",
        Topic::Projects => "Industrial projects and innovative products",
        Topic::International => "Events and international cooperation",
        Topic::Space => "Space, rent, incubators and parks",
        Topic::TechTransfer => "Technology transfer and professional services",
    }
}

/// The topics question of the first screen, as a set question (`topic.<slug>` per box).
pub(super) fn topics_question(s: &Session, typed: Option<&Typed<'_>>) -> QuestionView {
    let values = match typed {
        Some(t) => Topic::ALL
            .iter()
            .filter(|tp| {
                t.raw
                    .get(&format!("{TOPIC_FIELD}.{}", tp.slug()))
                    .is_some_and(|v| !v.is_empty())
            })
            .map(|tp| tp.slug().to_string())
            .collect(),
        None => s.topics.iter().map(|t| t.slug().to_string()).collect(),
    };
    QuestionView {
        fact: TOPIC_FIELD.into(),
        question: "What would you like support for?".into(),
        help: "Tick what applies to you: only measures about it are asked about. Tick nothing to explore every measure.".into(),
        kind: "set_of".into(),
        options: Topic::ALL
            .iter()
            .map(|t| ChoiceView {
                value: t.slug().into(),
                label: topic_label(*t).into(),
            })
            .collect(),
        min: None,
        max: None,
        value: String::new(),
        understood: None,
        values,
        error: None,
        required: false,
        item_label: String::new(),
        rows: Vec::new(),
        can_add: false,
        settles: None,
    }
}

/// What answering a candidate settles, for the screen.
pub(super) fn settles_view(c: &Candidate) -> SettlesView {
    SettlesView {
        measures: c.settles.len() as u32,
        worth: if c.settles_worth > 0 {
            format!("{} yuan", format_yuan(c.settles_worth))
        } else {
            String::new()
        },
        bears_on: c.bears_on as u32,
    }
}

/// The questions of the adaptive screen: those it showed last if an answer there was invalid
/// (or a list entry was added or removed), else the best-ranked ones.
pub(super) fn screen_facts(s: &Session, ranked: &[Candidate]) -> Vec<String> {
    match s.pending.as_ref().filter(|p| p.step == NEXT) {
        Some(p) if !p.facts.is_empty() => p.facts.clone(),
        _ => ranked.iter().take(SCREEN).map(|c| c.fact.clone()).collect(),
    }
}

/// The questions of a section (a step of the vocabulary) when it is opened to change answers:
/// the step's questions that were answered (or answered "not sure") or that a measure in
/// scope still needs.
pub(super) fn section_questions(
    catalog: &Catalog,
    s: &Session,
) -> BTreeMap<WizardStep, Vec<String>> {
    let open = s.standing(catalog);
    let needed: BTreeSet<&str> = open.open.values().flatten().map(String::as_str).collect();
    questions_by_step(catalog, &s.answers, s.focus.as_deref(), today())
        .into_iter()
        .map(|(step, facts)| {
            let kept: Vec<String> = facts
                .into_iter()
                .filter(|f| {
                    REQUIRED.contains(&f.as_str())
                        || s.answers.contains_key(f)
                        || s.unknown.contains(f)
                        || needed.contains(f.as_str())
                })
                .collect();
            (step, kept)
        })
        .filter(|(_, facts)| !facts.is_empty())
        .collect()
}

/// The steps the progress indicator lists on the adaptive screens.
pub(super) fn screens() -> Vec<StepInfo> {
    vec![screen_info(START), screen_info(NEXT)]
}
