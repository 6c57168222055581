//! The application as tests build it: a fresh SQLite database in a temporary folder of its
//! own, and the whole router without a socket.
use app::backend::Backend;
use leptos::prelude::LeptosOptions;

/// The router and its backend, over a new database named after `test`.
pub async fn fresh(test: &str) -> (axum::Router, Backend) {
    let dir = std::env::temp_dir().join(format!("{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/t.sqlite?mode=rwc", dir.display());
    let backend = Backend::open(&url).await.expect("database").with_materials(
        app::backend::materials::MaterialStore::new(dir.join("uploads")),
    );
    let options = LeptosOptions::builder()
        .output_name("policy-portal")
        .site_root("target/site")
        .build();
    (crate::router::build(options, backend.clone()), backend)
}
