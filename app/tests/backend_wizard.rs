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

/// Saves the R&D step with `answers`; returns the session.
async fn save(backend: &Backend, session: &str, answers: &[(&str, &str)]) -> String {
    let raw: BTreeMap<String, String> = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let target = wizard::save(
        backend,
        "test",
        session,
        "rd_investment",
        None,
        &raw,
        "next",
    )
    .await
    .expect("saved");
    target
        .trim_start_matches("/wizard/")
        .split('/')
        .next()
        .expect("session in the target")
        .to_string()
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
