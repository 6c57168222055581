//! Loads the embedded catalog and runs every worked example of every measure.
use app::policy::{check_example, seed};

#[test]
fn seeded_catalog_loads() {
    if let Err(e) = seed::load() {
        panic!("catalog does not load:\n{e}");
    }
}

/// The slugs the seeds README (`shared/seeds/README.md`) gives to cite, in its order. The catalog
/// derives its documents from its files' `[document]` headers; this keeps the seeded files
/// true to the README.
const SEEDS_README_SLUGS: [&str; 6] = [
    "nwf-2020-1",
    "nwf-2019-1",
    "nj-2014-eight-programs",
    "nj-leading-city-opinions",
    "jingan-2018",
    "nj-2020-landmarks",
];

#[test]
fn seeded_documents_are_the_seeds_readme_slugs() {
    let catalog = seed::load().expect("catalog loads");
    let mut seeded: Vec<&str> = catalog.document_slugs().collect();
    let mut readme = SEEDS_README_SLUGS.to_vec();
    seeded.sort_unstable();
    readme.sort_unstable();
    assert_eq!(seeded, readme);
    let names = catalog.file_names();
    assert_eq!(names[0], "facts.toml");
    assert_eq!(names.len(), 1 + SEEDS_README_SLUGS.len());
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
