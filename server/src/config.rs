//! Server configuration from flags and environment variables, with working defaults.
use std::net::SocketAddr;

use clap::Args;
use leptos::prelude::LeptosOptions;

/// Settings for serving the portal.
#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub site_addr: SocketAddr,
    /// Directory holding the built site (wasm, JS, CSS and public assets).
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: String,
    /// Database: an SQLite file (created and seeded on first start) or a PostgreSQL URL.
    #[arg(long, env = "DATABASE_URL", default_value = app::backend::db::DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// Folder for the materials applicants upload (created on first use; keep it outside the
    /// site root and back it up with the database).
    #[arg(long, env = "UPLOAD_DIR", default_value = app::backend::materials::DEFAULT_UPLOAD_DIR, global = true)]
    pub upload_dir: String,
    /// Where mail to applicants goes: `smtp://[user:pass@]host[:port]` (`?tls=required` for
    /// STARTTLS), `smtps://...`, or `file:///folder` for one `.eml` file per message. Unset:
    /// messages stay queued in the database until it is set.
    #[arg(long, env = "MAIL_URL", global = true)]
    pub mail_url: Option<String>,
    /// The sender of mail to applicants.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Nanjing Innovation Policy Service <no-reply@localhost>",
        global = true
    )]
    pub mail_from: String,
    /// The address the site is reached at, for links in mail (`https://policy.example.org`).
    /// Unset: `http://` and the listening address.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Seconds between two rounds of background work (profile jobs, then the mail queue).
    #[arg(long, env = "BACKGROUND_SECONDS", default_value_t = 5, global = true)]
    pub background_seconds: u64,
    /// When the server runs behind a reverse proxy: the header in which the proxy reports the
    /// client's address (`X-Forwarded-For`, whose last entry is taken, or `X-Real-IP`). Only
    /// then are `X-Forwarded-Proto` and `X-Forwarded-Host` believed (the Secure cookie flag,
    /// HSTS and the feeds' links). Unset: the connection's peer is the client and forwarding
    /// headers are ignored.
    #[arg(long, env = "TRUSTED_PROXY_HEADER", global = true)]
    pub trusted_proxy_header: Option<String>,
    /// New wizard sessions, and new stored results, one client address may make per minute;
    /// past it the answer is 429 with `Retry-After: 60`.
    #[arg(long, env = "ANONYMOUS_NEW_PER_MINUTE", default_value_t = app::backend::limits::NEW_PER_MINUTE, global = true)]
    pub anonymous_new_per_minute: i64,
    /// Sub-directory of the site root holding the wasm package.
    #[arg(
        long,
        env = "LEPTOS_SITE_PKG_DIR",
        default_value = "pkg",
        global = true
    )]
    pub site_pkg_dir: String,
}

impl Config {
    /// Leptos options taken from cargo-leptos's build-time settings, overridden by this config.
    pub fn leptos_options(&self) -> Result<LeptosOptions, String> {
        let conf = leptos::prelude::get_configuration(None)
            .map_err(|e| format!("invalid Leptos configuration: {e}"))?;
        let mut options = conf.leptos_options;
        options.site_addr = self.site_addr;
        options.site_root = self.site_root.clone().into();
        options.site_pkg_dir = self.site_pkg_dir.clone().into();
        Ok(options)
    }
}
