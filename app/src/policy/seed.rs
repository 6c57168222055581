//! The seeded catalog, embedded in the binary at compile time.
use super::catalog::{Catalog, LoadErrors};

/// The catalog files as `(name, TOML text)`, facts first.
pub const FILES: [(&str, &str); 7] = [
    ("facts.toml", include_str!("../../catalog/facts.toml")),
    (
        "nwf-2020-1.toml",
        include_str!("../../catalog/nwf-2020-1.toml"),
    ),
    (
        "nwf-2019-1.toml",
        include_str!("../../catalog/nwf-2019-1.toml"),
    ),
    (
        "nj-2014-eight-programs.toml",
        include_str!("../../catalog/nj-2014-eight-programs.toml"),
    ),
    (
        "nj-leading-city-opinions.toml",
        include_str!("../../catalog/nj-leading-city-opinions.toml"),
    ),
    (
        "jingan-2018.toml",
        include_str!("../../catalog/jingan-2018.toml"),
    ),
    (
        "nj-2020-landmarks.toml",
        include_str!("../../catalog/nj-2020-landmarks.toml"),
    ),
];

/// Loads and validates the embedded catalog.
pub fn load() -> Result<Catalog, LoadErrors> {
    Catalog::load(FILES)
}
