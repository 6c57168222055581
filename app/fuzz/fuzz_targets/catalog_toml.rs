//! Catalog loading: any text as a catalog file, next to the seeded facts (so a measure may use
//! them). Loading never panics; a catalog that loads is assessed, and its export loads again.
#![no_main]
use app::policy::{assess, seed, Catalog, Date, Facts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = app::policy::catalog::parse_file("fuzz.toml", text);
    let facts_file = seed::FILES[0];
    let Ok(catalog) = Catalog::load([facts_file, ("fuzz.toml", text)]) else {
        return;
    };
    let day = Date::new(2024, 6, 1).expect("a date");
    let none = Facts::new();
    let assessment = assess(&catalog, &none, day);
    let _ = serde_json::to_string(&app::wire::assessment::AssessmentResponse::from(
        &assessment,
    ));
    // What the staff export writes must load again (the import reads these files).
    let files = match catalog.to_toml_files() {
        Ok(f) => f,
        Err(e) => panic!("a loaded catalog does not export: {e}"),
    };
    if let Err(e) = Catalog::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        panic!("the export of a loaded catalog does not load:\n{e}\n{files:#?}");
    }
});
