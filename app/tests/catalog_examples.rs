//! Loads the embedded catalog and runs every worked example of every measure.
use app::policy::{check_example, seed};

#[test]
fn seeded_catalog_loads() {
    if let Err(e) = seed::load() {
        panic!("catalog does not load:\n{e}");
    }
}

#[test]
fn every_worked_example_holds() {
    let catalog = seed::load().expect("catalog loads");
    let mut failures = Vec::new();
    let mut count = 0;
    for m in &catalog.measures {
        for ex in &m.examples {
            count += 1;
            if let Err(e) = check_example(&catalog, m, ex) {
                failures.push(e);
            }
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
