//! Keeps every import of the application pointing one way:
//!
//! ```text
//! app.rs, lib.rs  ->  pages  ->  components  ->  api  ->  backend  ->  wire  ->  policy
//! ```
//!
//! A module may use its own layer and the layers below it, never one above. `wire` (the types
//! that cross the wire) may use nothing but `policy`, serde and the standard library, so the
//! browser and the server share it without pulling in either side's machinery.
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. `i18n` is generated translations and depends on nothing.
const LAYERS: [&str; 9] = [
    "policy",
    "i18n",
    "wire",
    "backend",
    "api",
    "components",
    "pages",
    "app",
    "lib",
];

fn rank(layer: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| *l == layer)
        .unwrap_or_else(|| panic!("unknown layer {layer}: add it to LAYERS"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a source file belongs to: its first folder under `src`, or its file name.
fn layer_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("non-empty");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// The code of a line without its comment (doc comments included).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

/// Every `crate::<layer>` a line names.
fn named_layers(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let word: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::{a, b}` names several layers at once.
        if word.is_empty() && after.starts_with('{') {
            let inner = after[1..].split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let w: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !w.is_empty() {
                    found.push(w);
                }
            }
        } else if !word.is_empty() {
            found.push(word);
        }
        rest = after;
    }
    found
}

fn upward_imports(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut hits = Vec::new();
    for file in &files {
        let layer = layer_of(src, file);
        let own = rank(&layer);
        let text = fs::read_to_string(file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            for used in named_layers(code(line)) {
                // Items defined at the crate root (the `App` re-export, macros) belong to lib.
                let used_rank = LAYERS
                    .iter()
                    .position(|l| *l == used)
                    .unwrap_or(rank("lib"));
                if used_rank > own {
                    hits.push(format!(
                        "{}:{}: {layer} uses crate::{used}",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    hits
}

#[test]
fn every_import_points_down() {
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let hits = upward_imports(src);
    assert!(
        hits.is_empty(),
        "upward imports (a layer may only use the layers below it):\n{}",
        hits.join("\n")
    );
}

#[test]
fn wire_types_use_only_policy_serde_and_std() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/wire"));
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let allowed = [
        "std::",
        "core::",
        "serde::",
        "crate::policy",
        "crate::wire",
        "super::",
    ];
    let mut hits = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let line = code(line).trim();
            if let Some(path) = line.strip_prefix("use ") {
                if !allowed.iter().any(|a| path.starts_with(a)) {
                    hits.push(format!("{}:{}: {line}", file.display(), n + 1));
                }
            }
            for framework in ["leptos", "sqlx", "axum", "tokio", "tracing"] {
                if line.contains(&format!("{framework}::")) {
                    hits.push(format!("{}:{}: {framework}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "wire may use only policy, serde and std:\n{}",
        hits.join("\n")
    );
}

/// The check itself must catch what it is for: an upward import planted in a scratch tree.
#[test]
fn an_upward_import_is_caught() {
    let dir = std::env::temp_dir().join(format!("layers-test-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("backend")).expect("scratch dir");
    fs::create_dir_all(dir.join("api")).expect("scratch dir");
    fs::write(dir.join("api/x.rs"), "use crate::backend::db;\n").expect("write");
    fs::write(
        dir.join("backend/y.rs"),
        "use crate::{policy, api::x::Thing};\n",
    )
    .expect("write");
    fs::write(
        dir.join("backend/z.rs"),
        "// crate::pages is only a comment\n",
    )
    .expect("write");
    let hits = upward_imports(&dir);
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0].contains("backend uses crate::api"), "{hits:?}");
}
