//! Staff-authored text never runs in a reader's browser. Every free-text field of a published
//! measure (each string the loader accepts any text in, found by trying them one by one) and
//! of an announcement gets a script payload of its own; the public pages, the results page,
//! the feed, the CSV and the API are then read, and no payload may appear as markup anywhere.
use app::backend::{auth, clock, editor, results, updates};
use app::policy::{evaluate_measure, Catalog, Measure, Verdict};
use app::wire::staff::Role;
use serde_json::Value;

/// The payload for field `k`: it closes a script block, opens one, and tries an event handler.
fn payload(k: usize) -> String {
    format!("</title></textarea></script><script>p{k}()</script><img src=x onerror=p{k}()>")
}

/// Markup a payload would leave if some text reached the page unescaped: a tag opened by a
/// raw `<` (in text it would be `&lt;`, inside the hydration data `\u003c`).
fn raw_markers(k: usize) -> [String; 2] {
    [
        format!("<script>p{k}()"),
        format!("<img src=x onerror=p{k}()>"),
    ]
}

/// Every string leaf of `v` with its JSON pointer.
fn string_leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::String(_) => out.push(at),
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                string_leaves(x, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, x) in map {
                string_leaves(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
}

/// Whether `m` is a valid measure of `catalog` whose worked examples still pass (what
/// publishing asks).
fn publishable(catalog: &Catalog, m: &Measure) -> bool {
    catalog.with_measure(m).is_ok_and(|c| {
        m.examples
            .iter()
            .all(|ex| app::policy::check_example(&c, m, ex).is_ok())
    })
}

#[tokio::test]
async fn every_staff_text_field_is_escaped_or_sanitised_wherever_it_is_shown() {
    let (app, backend) = crate::test_app::fresh("sanitise").await;
    let catalog = app::policy::seed::load().expect("seed");
    let today = clock::today();
    // A measure with a worked example eligible today, so the results page shows it too.
    let (measure, example) = catalog
        .measures
        .iter()
        .find_map(|m| {
            let ex = m.examples.iter().find(|ex| {
                evaluate_measure(m, &ex.facts, &catalog.vocabulary, &catalog.rules, today).verdict
                    == Verdict::Eligible
            })?;
            Some((m.clone(), ex.clone()))
        })
        .expect("a measure eligible today");

    // Each string field, tried alone: those that still publish with a payload in them take
    // free text, and all of them get their own payload.
    let original = serde_json::to_value(&measure).expect("json");
    let mut leaves = Vec::new();
    string_leaves(&original, String::new(), &mut leaves);
    let mut combined = original.clone();
    let mut fields: Vec<(usize, String)> = Vec::new();
    for (k, at) in leaves.iter().enumerate() {
        let mut one = original.clone();
        *one.pointer_mut(at).expect("leaf") = Value::String(payload(k));
        let ok = serde_json::from_value::<Measure>(one).is_ok_and(|m| publishable(&catalog, &m));
        if ok {
            *combined.pointer_mut(at).expect("leaf") = Value::String(payload(k));
            fields.push((k, at.clone()));
        }
    }
    let names: Vec<&str> = fields.iter().map(|(_, at)| at.as_str()).collect();
    assert!(
        names.contains(&"/title"),
        "free-text fields found: {names:?}"
    );
    assert!(fields.len() >= 5, "free-text fields found: {names:?}");
    eprintln!(
        "{} free-text fields of {}: {names:?}",
        fields.len(),
        measure.id
    );
    let hostile: Measure = serde_json::from_value(combined).expect("measure");
    assert!(publishable(&catalog, &hostile), "all payloads at once");

    auth::add_user(
        &backend,
        "pub@sanitise.test",
        Role::Publisher,
        "a-long-test-password",
        "test",
    )
    .await
    .expect("user");
    let token = auth::sign_in(
        &backend,
        &auth::ClientAddr("test".into()),
        "pub@sanitise.test",
        "a-long-test-password",
    )
    .await
    .expect("sign in");
    let user = auth::session_user(&backend, &token)
        .await
        .expect("db")
        .expect("session");
    let lock = editor::load(&backend, &hostile.id)
        .await
        .expect("db")
        .expect("measure")
        .lock_version;
    editor::publish(
        &backend,
        &user,
        editor::Publication {
            measure: &hostile,
            lock_version: lock,
            is_new: false,
            effective_from: "",
            note: &payload(9000),
        },
    )
    .await
    .expect("published");

    // An announcement with payloads in its title and in its Markdown body (raw HTML, a
    // javascript: link and an image).
    let a = updates::save(
        &backend,
        &user,
        &updates::AnnouncementInput {
            id: "",
            title: &payload(9001),
            body: &format!(
                "{}\n\n[click](javascript:p9002()) ![i](x\" onerror=\"p9003())",
                payload(9002)
            ),
            published_on: &today.to_string(),
            measures: &hostile.id,
            lock_version: 0,
        },
    )
    .await
    .expect("announcement");
    updates::set_status(&backend, &user, &a.id, a.lock_version, true)
        .await
        .expect("published");

    let result = results::create(&backend, "test", None, &example.facts, today, None)
        .await
        .expect("result");
    let category = hostile.category.slug();
    let pages = [
        format!("/measures/{}", hostile.id),
        "/measures".to_string(),
        "/measures?q=script".to_string(),
        format!("/categories/{category}"),
        "/updates".to_string(),
        "/".to_string(),
        format!("/results/{result}"),
        "/updates.atom".to_string(),
        format!("/api/v1/results/{result}/csv"),
    ];
    let mut seen_escaped = 0;
    for page in &pages {
        let (status, headers, body) = crate::test_app::get(&app, page, None).await;
        assert!(status.is_success(), "{page}: {status}");
        let kind = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let markup = kind.starts_with("text/html") || kind.contains("xml");
        for (k, at) in fields.iter().map(|(k, at)| (*k, at.as_str())).chain([
            (9000, "version note"),
            (9001, "announcement title"),
            (9002, "announcement body"),
        ]) {
            // Markup matters where a browser reads markup: HTML and the feed (its HTML
            // content is escaped once more as XML text). The CSV is plain text, its
            // formula guard has tests of its own (`result_csv`).
            for marker in raw_markers(k).into_iter().filter(|_| markup) {
                assert!(
                    !body.contains(&marker),
                    "{page} ({kind}) shows the payload of {at} as markup: {marker}"
                );
            }
            if body.contains(&format!("p{k}()")) {
                seen_escaped += 1;
            }
        }
        // The Markdown's javascript: link lost its target and its image is not an image.
        assert!(
            !body.contains("href=\"javascript:"),
            "{page}: a javascript: link"
        );
        assert!(
            !markup || (!body.contains("<img src=\"x") && !body.contains("<img src=x")),
            "{page}: an image with a handler"
        );
    }
    // The payloads were shown (as text), so the pages did render the edited fields.
    assert!(
        seen_escaped >= fields.len(),
        "payloads seen as text: {seen_escaped}"
    );
    // The JSON API carries the text as it was written: data, not markup, never sniffed.
    let (_, headers, json) =
        crate::test_app::get(&app, &format!("/api/v1/measures/{}", hostile.id), None).await;
    assert!(
        json.contains("p0()")
            || fields
                .iter()
                .any(|(k, _)| json.contains(&format!("p{k}()")))
    );
    assert_eq!(
        headers
            .get(axum::http::header::CONTENT_TYPE)
            .map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
    assert_eq!(
        headers
            .get(axum::http::header::X_CONTENT_TYPE_OPTIONS)
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
}
