//! The wizard reads answers with the one parser and shows what it understood: a typed "400万"
//! is kept in the field with "Understood as 4,000,000 yuan." under it, across visits.
#![cfg(feature = "ssr")]

use std::collections::BTreeMap;

use app::backend::{wizard, Backend};
use app::wire::wizard::QuestionView;

const RD: &str = "rd_expense_last_year_cny";

async fn backend(test: &str) -> Backend {
    let dir = std::env::temp_dir().join(format!("wizard-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/w.sqlite?mode=rwc", dir.display());
    Backend::open(&url).await.expect("database")
}

fn form(answers: &[(&str, &str)]) -> BTreeMap<String, String> {
    answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Posts `answers` to the screen `step` of `session` with the button `go`; returns where the
/// wizard goes.
async fn post(
    backend: &Backend,
    session: &str,
    step: &str,
    answers: &[(&str, &str)],
    go: &str,
) -> String {
    wizard::save(backend, "test", session, step, None, &form(answers), go)
        .await
        .expect("saved")
}

fn session_of(target: &str) -> String {
    target
        .trim_start_matches("/wizard/")
        .split('/')
        .next()
        .expect("session in the target")
        .to_string()
}

/// Saves the R&D section with `answers` (an enterprise's first screen first, for a new
/// session); returns the session.
async fn save(backend: &Backend, session: &str, answers: &[(&str, &str)]) -> String {
    let session = if session.is_empty() {
        let first = post(
            backend,
            "",
            "start",
            &[("applicant_kind", "enterprise")],
            "next",
        )
        .await;
        session_of(&first)
    } else {
        session.to_string()
    };
    let target = post(backend, &session, "rd_investment", answers, "next").await;
    session_of(&target)
}

async fn question(backend: &Backend, session: &str, fact: &str) -> QuestionView {
    let page = wizard::page(backend, session, "rd_investment", None)
        .await
        .expect("page")
        .expect("session exists");
    page.questions
        .into_iter()
        .find(|q| q.fact == fact)
        .expect("question asked")
}

#[tokio::test]
async fn a_typed_amount_is_kept_and_echoed_in_its_normalised_form() {
    let backend = backend("echo").await;
    let session = save(&backend, "", &[(RD, "400万")]).await;
    let q = question(&backend, &session, RD).await;
    assert_eq!(q.value, "400万");
    assert_eq!(q.understood.as_deref(), Some("4,000,000 yuan"));
    assert_eq!(q.error, None);

    // Typed in its normalised form: nothing to echo.
    save(&backend, &session, &[(RD, "4000000")]).await;
    let q = question(&backend, &session, RD).await;
    assert_eq!((q.value.as_str(), q.understood), ("4000000", None));

    // An answer that cannot be read: the text and the message, no echo; the last valid answer
    // is kept.
    save(&backend, &session, &[(RD, "1.5")]).await;
    let q = question(&backend, &session, RD).await;
    assert_eq!(q.value, "1.5");
    assert_eq!(
        q.error.as_deref(),
        Some("Enter whole yuan: \"1.5\" includes a fraction of a yuan.")
    );
    assert_eq!(q.understood, None);

    // Cleared: no answer, nothing typed.
    save(&backend, &session, &[(RD, "")]).await;
    let q = question(&backend, &session, RD).await;
    assert_eq!((q.value.as_str(), q.understood), ("", None));
}

/// A result link reads and never edits: the stored result carries no wizard session id, and
/// "start again from these answers" makes a new session with the result's answers, leaving the
/// result and its session as they were.
#[tokio::test]
async fn a_result_is_read_only_and_restarts_as_a_new_session() {
    let backend = backend("restart").await;
    let session = save(&backend, "", &[(RD, "400万")]).await;
    let result = wizard::finish(&backend, "test", &session, None)
        .await
        .expect("finished");
    let view = app::backend::results::load(&backend, &result)
        .await
        .expect("db")
        .expect("stored");
    let json = serde_json::to_string(&view).expect("json");
    assert!(
        !json.contains(&session),
        "the result names its session: {json}"
    );

    let copy = wizard::from_result(&backend, "test", &result)
        .await
        .expect("restarted");
    assert_ne!(copy, session);
    assert_eq!(question(&backend, &copy, RD).await.value, "4000000");
    // Changing the copy changes neither the original session nor the stored result.
    save(&backend, &copy, &[(RD, "1000")]).await;
    assert_eq!(question(&backend, &copy, RD).await.value, "1000");
    assert_eq!(question(&backend, &session, RD).await.value, "400万");
    let after = app::backend::results::load(&backend, &result)
        .await
        .expect("db")
        .expect("stored");
    assert_eq!(after, view);

    for unknown in ["", "nope", &"0".repeat(32)] {
        assert_eq!(
            wizard::from_result(&backend, "test", unknown).await,
            Err(app::wire::errors::AppError::NotFound),
            "{unknown:?}"
        );
    }
}

/// The adaptive wizard: the first screen asks who applies and what for; each next screen asks
/// a few questions, each saying what it settles; "not sure" is never asked again; an invalid
/// answer shows the same screen again; "skip the rest" gives a result whose open measures
/// each list at most two deciding answers, and counts the measures outside the topics.
#[tokio::test]
async fn the_adaptive_wizard_asks_few_questions_and_skips_to_a_result() {
    let backend = backend("adaptive").await;
    let first = wizard::page(&backend, "", "start", None)
        .await
        .expect("page")
        .expect("a new wizard");
    let facts: Vec<&str> = first.questions.iter().map(|q| q.fact.as_str()).collect();
    assert_eq!(facts, ["applicant_kind", "topic"]);
    // The applicant type is required.
    let again = post(&backend, "", "start", &[("topic.ip", "on")], "next").await;
    assert!(again.contains("/start?attempt="), "{again}");
    let session = session_of(&again);
    let target = post(
        &backend,
        &session,
        "start",
        &[("applicant_kind", "enterprise"), ("topic.ip", "on")],
        "next",
    )
    .await;
    assert!(
        target.starts_with(&format!("/wizard/{session}/next?attempt=")),
        "{target}"
    );

    let screen = wizard::page(&backend, &session, "next", None)
        .await
        .expect("page")
        .expect("session");
    assert!(!screen.questions.is_empty() && screen.questions.len() <= 4);
    assert!(screen.questions.iter().all(|q| q.settles.is_some()));
    assert!(screen.open_measures > 0);
    // Every question on it bears on some open measure about IP.
    for q in &screen.questions {
        assert!(q.settles.as_ref().is_some_and(|s| s.bears_on > 0), "{q:?}");
    }

    // "Not sure" to everything on the screen: none of those is asked again.
    let shown: Vec<String> = screen.questions.iter().map(|q| q.fact.clone()).collect();
    post(&backend, &session, "next", &[], "next").await;
    let later = wizard::page(&backend, &session, "next", None)
        .await
        .expect("page")
        .expect("session");
    assert!(later.questions.iter().all(|q| !shown.contains(&q.fact)));

    // An answer that cannot be read keeps the same screen, with the message.
    if let Some(money) = later.questions.iter().find(|q| q.kind == "money") {
        let target = post(
            &backend,
            &session,
            "next",
            &[(money.fact.as_str(), "1.5")],
            "next",
        )
        .await;
        assert!(target.contains("/next?attempt="), "{target}");
        let same = wizard::page(&backend, &session, "next", None)
            .await
            .expect("page")
            .expect("session");
        let facts = |p: &app::wire::wizard::WizardPage| {
            p.questions
                .iter()
                .map(|q| q.fact.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(facts(&same), facts(&later));
        assert_eq!(same.errors.len(), 1);
    }

    // Skip the rest: a result of what was answered.
    let target = post(&backend, &session, "next", &[], "results").await;
    let id = target.strip_prefix("/results/").expect("a result");
    let result = app::backend::results::load(&backend, id)
        .await
        .expect("db")
        .expect("stored");
    assert!(result.unexplored > 0, "measures outside IP are counted");
    assert!(!result.pending.is_empty());
    assert!(result.pending.iter().all(|p| p.questions.len() <= 2));

    // The review lists the first screen and the "not sure" answers.
    let review = wizard::review(&backend, &session)
        .await
        .expect("db")
        .expect("session");
    assert_eq!(review.sections[0].step.slug, "start");
    assert!(review
        .sections
        .iter()
        .flat_map(|s| &s.answers)
        .any(|a| a.value == "Not sure"));
}
