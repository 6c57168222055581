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
