//! Keeps the policy domain free of frameworks, I/O and clocks, so it runs in the browser, on
//! the server and in tests alike.
use std::fs;

#[test]
fn policy_module_uses_no_framework_io_or_clock() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/policy");
    let forbidden = [
        "leptos",
        "sqlx",
        "axum",
        "tokio",
        "std::fs",
        "std::net",
        "std::time",
        "SystemTime",
        "Instant::now",
        "std::env",
        "reqwest",
        "f32",
        "f64",
    ];
    let mut hits = Vec::new();
    for entry in fs::read_dir(dir).expect("policy dir") {
        let path = entry.expect("entry").path();
        let text = fs::read_to_string(&path).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                if code.contains(word) {
                    hits.push(format!("{}:{}: {word}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "forbidden in app/src/policy:\n{}",
        hits.join("\n")
    );
}
