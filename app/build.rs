//! Generates the `i18n` module from `locales/*.json` (leptos_i18n), so translation keys are
//! checked at compile time.
use std::path::PathBuf;

use leptos_i18n_build::{Config, TranslationsInfos};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    // `sqlx::migrate!` embeds the files; a new one must rebuild too.
    println!("cargo::rerun-if-changed=migrations");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n");
    let config = Config::new("en")
        .and_then(|c| c.add_locale("zh"))
        .expect("locale names are valid");
    let infos = TranslationsInfos::parse(config).expect("locales parse");
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos
        .generate_i18n_module(out)
        .expect("i18n module generated");
}
