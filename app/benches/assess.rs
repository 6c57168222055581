//! Benchmark: assess the whole seeded catalog for a rich applicant profile.
use std::hint::black_box;

use app::policy::{assess, seed, Date, FactType, FactValue, Facts};
use criterion::{criterion_group, criterion_main, Criterion};

/// An applicant who answered every question: every yes/no yes, every amount 5 million, every
/// count 6, the first real option of every choice and every option of every set.
fn rich_profile(catalog: &app::policy::Catalog) -> Facts {
    catalog
        .vocabulary
        .iter()
        .map(|def| {
            let value = match def.fact_type {
                FactType::Bool => FactValue::Bool(true),
                FactType::Money => FactValue::Number(5_000_000.min(def.max.unwrap_or(i64::MAX))),
                FactType::Count | FactType::Percent => {
                    FactValue::Number(6.min(def.max.unwrap_or(i64::MAX)))
                }
                FactType::OneOf => FactValue::Text(
                    def.options
                        .iter()
                        .find(|o| o.value != "none")
                        .map(|o| o.value.clone())
                        .unwrap_or_default(),
                ),
                FactType::SetOf => FactValue::Set(
                    def.options
                        .iter()
                        .map(|o| o.value.clone())
                        .filter(|v| v != "none")
                        .collect(),
                ),
                FactType::Date => FactValue::Text("2020-01-01".into()),
                // A list answered with no entries.
                FactType::List => FactValue::Items(Vec::new()),
            };
            (def.name.clone(), value)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let catalog = seed::load().expect("catalog loads");
    let facts = rich_profile(&catalog);
    let day = Date::parse("2021-01-01").expect("date");
    c.bench_function(
        &format!("assess {} measures, rich profile", catalog.measures.len()),
        |b| b.iter(|| assess(black_box(&catalog), black_box(&facts), black_box(day))),
    );
    // The assessment keeps its explanation as data; this one also words every trace line,
    // note, reason, citation and rule effect, as the results page and the API do.
    c.bench_function(
        &format!(
            "assess {} measures and render every explanation, rich profile",
            catalog.measures.len()
        ),
        |b| {
            b.iter(|| {
                let a = assess(black_box(&catalog), black_box(&facts), black_box(day));
                let mut text = Vec::new();
                for o in &a.outcomes {
                    text.push(o.citation());
                    text.extend(o.reason_text());
                    text.extend(o.trace());
                    text.extend(o.notes());
                }
                text.extend(a.rules_applied.iter().map(|r| r.effect_text()));
                text
            })
        },
    );
    c.bench_function("load and validate the seeded catalog", |b| {
        b.iter(|| seed::load().expect("loads"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
