//! The body of `POST /api/v1/assess`: any bytes as the request, read as the server reads them
//! (the server's own `assess_read.rs`, included below), assessed against the seeded catalog
//! and written as the full and the summary answer. Nothing panics, and every answer the server
//! accepts fits the vocabulary.
#![no_main]
use std::collections::BTreeMap;
use std::sync::LazyLock;

use app::policy::{assess, seed, Catalog, Date};
use app::wire::assessment::{AssessmentResponse, AssessmentSummary};
use libfuzzer_sys::fuzz_target;

#[path = "../../../server/src/api/assess_read.rs"]
#[allow(dead_code)]
mod assess_read;

static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| seed::load().expect("the seeded catalog loads"));

/// The request's shape, as `AssessRequest` in `server/src/api/assess.rs` declares it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    facts: BTreeMap<String, serde_json::Value>,
    as_of: Option<String>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<Request>(data) else {
        return;
    };
    let catalog = &*CATALOG;
    let mut errors = Vec::new();
    let as_of = match request.as_of.as_deref().map(Date::parse).transpose() {
        Ok(d) => d.unwrap_or(Date::new(2024, 6, 1).expect("a date")),
        Err(_) => return,
    };
    let facts = assess_read::read_facts(&catalog.vocabulary, request.facts, &mut errors);
    if !errors.is_empty() {
        return;
    }
    let wrong = catalog.vocabulary.check_facts(&facts);
    assert!(
        wrong.is_empty(),
        "accepted answers the vocabulary refuses: {wrong:?}"
    );
    let assessment = assess(catalog, &facts, as_of);
    serde_json::to_vec(&AssessmentResponse::from(&assessment)).expect("the full answer serialises");
    serde_json::to_vec(&AssessmentSummary::from(&assessment)).expect("the summary serialises");
});
