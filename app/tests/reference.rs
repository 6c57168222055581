//! Facts, rules and documents edited as measures are (issue 17 part 3): drafts with locking,
//! publication validated by the loader over the whole catalog, versions with a "before" for
//! the first edit, diffs, audit entries, and a fact in use that is neither removed nor
//! retyped unseen.
#![cfg(feature = "ssr")]

mod support;

use app::backend::audit;
use app::backend::reference::{self, Change};
use app::policy::reference::{Entry, EntryKind};
use app::policy::rules::RuleKind;
use app::policy::FactType;
use app::wire::audit::AuditFilter;
use app::wire::errors::AppError;
use app::wire::staff::Role;

const COST: &str = "ip_litigation_cost_cny";
const YEARS_RULE: &str = "jingan-2018.five-years-continuous-operation";

fn change<'a>(kind: EntryKind, key: &'a str, entry: Option<&'a Entry>, lock: i64) -> Change<'a> {
    Change {
        kind,
        key,
        entry,
        lock_version: lock,
        is_new: false,
    }
}

#[tokio::test]
async fn reference_entries_are_drafted_published_versioned_and_audited() {
    let backend = support::sqlite_backend("reference").await;
    backend.seed_if_empty().await.expect("seed");
    let editor = support::signed_in(&backend, "ed@ref.test", Role::Editor).await;
    let publisher = support::signed_in(&backend, "pub@ref.test", Role::Publisher).await;

    // A fact's question, drafted by an editor, published by a publisher.
    let data = reference::load(&backend, EntryKind::Fact, COST)
        .await
        .expect("db")
        .expect("fact");
    assert!(data
        .users
        .contains(&"nwf-2020-1.ip-litigation-subsidy".to_string()));
    let Entry::Fact(mut fact) = data.entry.clone() else {
        panic!("a fact")
    };
    fact.question = "How much did the lawsuit cost you in all?".into();
    let edited = Entry::Fact(fact.clone());
    let saved = reference::save_draft(
        &backend,
        &editor,
        &change(EntryKind::Fact, COST, Some(&edited), data.lock_version),
    )
    .await
    .expect("draft");
    // A save based on an older read is refused.
    let stale = reference::save_draft(
        &backend,
        &publisher,
        &change(EntryKind::Fact, COST, Some(&edited), data.lock_version),
    )
    .await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    let list = reference::list(&backend, EntryKind::Fact)
        .await
        .expect("list");
    let row = list.iter().find(|r| r.key == COST).expect("listed");
    assert!(row.has_draft && row.users > 0);
    let published = reference::publish(
        &backend,
        &publisher,
        &change(EntryKind::Fact, COST, Some(&edited), saved.lock_version),
        "clearer question",
    )
    .await
    .expect("publishes");
    assert_eq!(published.version, Some(2), "version 1 is the text before");
    let catalog = backend.published().await.expect("catalog");
    assert_eq!(
        catalog.catalog.vocabulary.get(COST).expect("fact").question,
        fact.question
    );
    let versions = reference::versions(&backend, EntryKind::Fact, COST)
        .await
        .expect("versions");
    let who: Vec<(i64, &str)> = versions
        .iter()
        .map(|v| (v.version, v.published_by.as_str()))
        .collect();
    assert_eq!(who, [(2, "pub@ref.test"), (1, "catalog")]);
    let diff = reference::diff(&backend, EntryKind::Fact, COST, 1, 2)
        .await
        .expect("diff");
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!(diff[0].field, "question");
    assert_eq!(diff[0].after, fact.question);

    // Retyping or removing a fact in use is refused, naming the measures.
    let mut retyped = fact.clone();
    retyped.fact_type = FactType::Count;
    let lock = reference::load(&backend, EntryKind::Fact, COST)
        .await
        .expect("db")
        .expect("fact")
        .lock_version;
    for (entry, field) in [(Some(Entry::Fact(retyped)), "type"), (None, "name")] {
        let refused = reference::publish(
            &backend,
            &publisher,
            &change(EntryKind::Fact, COST, entry.as_ref(), lock),
            "",
        )
        .await;
        match refused {
            Err(AppError::Invalid { fields, .. }) => {
                assert_eq!(fields[0].field, field);
                assert!(
                    fields[0]
                        .message
                        .contains("nwf-2020-1.ip-litigation-subsidy"),
                    "{fields:?}"
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    // A rule's minimum years, changed with the loader's checks: a rule testing an unknown
    // fact is refused with the loader's own message.
    let rule = reference::load(&backend, EntryKind::Rule, YEARS_RULE)
        .await
        .expect("db")
        .expect("rule");
    let Entry::Rule(mut r) = rule.entry.clone() else {
        panic!("a rule")
    };
    assert!(!rule.users.is_empty(), "it binds the Jing'an measures");
    r.kind = RuleKind::MinimumYears {
        fact: "no_such_fact".into(),
        years: 3,
    };
    let refused = reference::publish(
        &backend,
        &publisher,
        &change(
            EntryKind::Rule,
            YEARS_RULE,
            Some(&Entry::Rule(r.clone())),
            rule.lock_version,
        ),
        "",
    )
    .await;
    assert!(
        matches!(&refused, Err(AppError::Invalid { fields, .. }) if fields.iter().any(|f| f.message.contains("no_such_fact"))),
        "{refused:?}"
    );
    r.kind = RuleKind::MinimumYears {
        fact: "years_operating_in_district".into(),
        years: 3,
    };
    let lock = reference::load(&backend, EntryKind::Rule, YEARS_RULE)
        .await
        .expect("db")
        .expect("rule")
        .lock_version;
    reference::publish(
        &backend,
        &publisher,
        &change(EntryKind::Rule, YEARS_RULE, Some(&Entry::Rule(r)), lock),
        "three years",
    )
    .await
    .expect("publishes");
    let catalog = backend.published().await.expect("catalog");
    let now = catalog
        .catalog
        .rules
        .iter()
        .find(|r| r.id == YEARS_RULE)
        .expect("rule");
    assert!(matches!(now.kind, RuleKind::MinimumYears { years: 3, .. }));

    // A new document, and a new unused fact added then removed.
    let doc = Entry::Document(app::policy::catalog_file::Document {
        slug: "nwf-2030-1".into(),
        title: "A later text".into(),
        issuer: "Nanjing".into(),
        date: "2030".into(),
        validity: "not stated".into(),
    });
    let new = Change {
        is_new: true,
        ..change(EntryKind::Document, "nwf-2030-1", Some(&doc), 0)
    };
    let saved = reference::save_draft(&backend, &editor, &new)
        .await
        .expect("draft");
    reference::publish(
        &backend,
        &publisher,
        &change(
            EntryKind::Document,
            "nwf-2030-1",
            Some(&doc),
            saved.lock_version,
        ),
        "",
    )
    .await
    .expect("publishes");
    assert!(backend
        .published()
        .await
        .expect("catalog")
        .catalog
        .has_document("nwf-2030-1"));
    let mut spare = fact.clone();
    spare.name = "spare_cost_cny".into();
    let spare = Entry::Fact(spare);
    let saved = reference::save_draft(
        &backend,
        &editor,
        &Change {
            is_new: true,
            ..change(EntryKind::Fact, "spare_cost_cny", Some(&spare), 0)
        },
    )
    .await
    .expect("draft");
    let listed = reference::list(&backend, EntryKind::Fact)
        .await
        .expect("list");
    assert!(listed
        .iter()
        .any(|r| r.key == "spare_cost_cny" && !r.published));
    let added = reference::publish(
        &backend,
        &publisher,
        &change(
            EntryKind::Fact,
            "spare_cost_cny",
            Some(&spare),
            saved.lock_version,
        ),
        "",
    )
    .await
    .expect("publishes");
    assert_eq!(added.version, Some(1), "a new entry starts at 1");
    reference::publish(
        &backend,
        &publisher,
        &change(EntryKind::Fact, "spare_cost_cny", None, added.lock_version),
        "not needed",
    )
    .await
    .expect("removes");
    assert!(backend
        .published()
        .await
        .expect("catalog")
        .catalog
        .vocabulary
        .get("spare_cost_cny")
        .is_none());
    let versions = reference::versions(&backend, EntryKind::Fact, "spare_cost_cny")
        .await
        .expect("versions");
    assert!(versions[0].removed);

    // Every save and publication is in the audit log.
    let log = audit::list(
        backend.pool(),
        &AuditFilter {
            actor: None,
            target: Some(COST.into()),
        },
        50,
    )
    .await
    .expect("audit");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"fact.save_draft") && actions.contains(&"fact.publish"),
        "{actions:?}"
    );
}
