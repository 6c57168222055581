//! The platform's server binary: configuration, command line and the HTTP router.
use clap::{Parser, Subcommand};

// mimalloc: the assessment and page rendering allocate many small strings; glibc's allocator
// took about a sixth of the CPU of an assessment under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod api;
#[cfg(test)]
mod api_tests;
mod applicant;
#[cfg(test)]
mod applicant_tests;
mod assets;
mod body_limit;
mod client;
mod commands;
mod config;
#[cfg(test)]
mod editor_render_tests;
#[cfg(test)]
mod fault_tests;
mod forgery;
mod headers;
#[cfg(test)]
mod hostile_tests;
mod page_cache;
mod profiles;
mod result_csv;
#[cfg(test)]
mod route_auth_tests;
mod router;
#[cfg(test)]
mod sanitise_tests;
#[cfg(test)]
mod scale_tests;
#[cfg(test)]
mod security_tests;
mod staff_api;
mod staff_pages;
#[cfg(test)]
mod test_app;

/// Nanjing innovation policy service platform.
///
/// Serves the portal (server-rendered Leptos pages with hydration), its server functions and
/// static files. Configuration comes from the command line or the environment variables shown
/// below; cargo-leptos sets the LEPTOS_* ones itself during development.
#[derive(Parser, Debug)]
#[command(version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    config: config::Config,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the portal over HTTP (the default).
    Serve,
    /// Create the database if needed, apply migrations and seed the catalog, then exit.
    Migrate,
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: commands::UserCommand,
    },
    /// Write the catalog in force today as TOML files (the `app/catalog/` format) to a directory.
    Export {
        /// Directory to write into (created if missing).
        #[arg(long)]
        dir: std::path::PathBuf,
    },
    /// Validate the TOML files of a directory and publish every new or changed measure.
    Import {
        /// Directory holding `facts.toml` and one file per document.
        #[arg(long)]
        dir: std::path::PathBuf,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .init();

    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config).await,
        Command::Migrate => commands::migrate(&cli.config).await,
        Command::User { command } => commands::user(&cli.config, command).await,
        Command::Export { dir } => commands::export(&cli.config, &dir).await,
        Command::Import { dir } => commands::import(&cli.config, &dir).await,
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("error: {e}");
            // A database that cannot be reached is told apart (69, sysexits' EX_UNAVAILABLE),
            // so a supervisor can retry it rather than treat it as a broken configuration.
            if e.starts_with(commands::DATABASE_UNREACHABLE) {
                std::process::ExitCode::from(69)
            } else {
                std::process::ExitCode::FAILURE
            }
        }
    }
}

async fn serve(config: config::Config) -> Result<(), String> {
    let options = config.leptos_options()?;
    let addr = options.site_addr;
    let backend =
        commands::open(&config)
            .await?
            .with_materials(app::backend::materials::MaterialStore::new(
                &config.upload_dir,
            ));
    app::backend::profiles::set_public_url(
        &config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}")),
    );
    start_background(&config, &backend)?;
    app::backend::limits::set_new_per_minute(config.anonymous_new_per_minute);
    start_cleaning(&backend);
    let proxy = match config.trusted_proxy_header.as_deref() {
        Some(h) => client::Proxy::trusting(h)?,
        None => client::Proxy::default(),
    };
    let app = router::build_with(options, backend, proxy);
    use axum::serve::ListenerExt;
    // Replies go out at once: without TCP_NODELAY a kept-alive connection waits for the
    // client's delayed ACK (about 40 ms) before the last segment of a response.
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?
        .tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!("cannot set TCP_NODELAY: {e}");
            }
        });
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server stopped: {e}"))
}

/// Deletes what is past its retention (`app::backend::limits`) at start-up and every hour.
fn start_cleaning(backend: &app::backend::Backend) {
    let backend = backend.clone();
    tokio::spawn(async move {
        loop {
            match app::backend::limits::clean(&backend).await {
                Ok(c) => tracing::info!("retention clean-up: {c:?}"),
                Err(e) => tracing::error!("retention clean-up: {e}"),
            }
            match app::backend::profiles::clean(&backend).await {
                Ok(n) if n > 0 => tracing::info!("retention clean-up: {n} unused profiles"),
                Ok(_) => {}
                Err(e) => tracing::error!("retention clean-up of profiles: {e}"),
            }
            match app::backend::editor::impact::clean(&backend).await {
                Ok(n) if n > 0 => tracing::info!("retention clean-up: {n} impact previews"),
                Ok(_) => {}
                Err(e) => tracing::error!("retention clean-up of impact previews: {e}"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

/// The background work, every few seconds (`BACKGROUND_SECONDS`): the profile jobs that
/// publishing fills (`app::backend::profiles::alerts`), then the mail queue when a mail server
/// is configured (otherwise messages stay queued, and the log says so once).
fn start_background(
    config: &config::Config,
    backend: &app::backend::Backend,
) -> Result<(), String> {
    use app::backend::mail::{deliver, MailTransport};
    use app::backend::profiles::alerts::run_due;
    let mail = match config.mail_url.as_deref() {
        Some(url) => {
            let transport = MailTransport::from_url(url)?;
            let from: app::backend::mail::Mailbox = config
                .mail_from
                .parse()
                .map_err(|e| format!("invalid MAIL_FROM {:?}: {e}", config.mail_from))?;
            Some((transport, from))
        }
        None => {
            tracing::warn!("MAIL_URL is not set: mail stays queued in the outbox");
            None
        }
    };
    let every = std::time::Duration::from_secs(config.background_seconds.max(1));
    let backend = backend.clone();
    tokio::spawn(async move {
        loop {
            // Every due job, one after another (each is bounded by the number of profiles).
            loop {
                match run_due(&backend).await {
                    Ok(Some(run)) => tracing::info!(
                        "profile job {}: {} profiles checked, {} entries, {} digests, {} ms",
                        run.id,
                        run.checked,
                        run.entries,
                        run.mails,
                        run.millis
                    ),
                    Ok(None) => break,
                    Err(e) => {
                        tracing::error!("profile job failed (tried again later): {e}");
                        break;
                    }
                }
            }
            // An impact preview whose server stopped before it finished (one started by a
            // request runs at once, on that request's server).
            match app::backend::editor::impact::run_due(&backend).await {
                Ok(Some(run)) => tracing::info!(
                    "impact job {}: {} stored answers, {} ms",
                    run.id,
                    run.assessed,
                    run.millis
                ),
                Ok(None) => {}
                Err(e) => tracing::error!("impact job failed (tried again later): {e}"),
            }
            if let Some((transport, from)) = &mail {
                match deliver(&backend, transport, from).await {
                    Ok(d) if d.sent + d.failed > 0 => {
                        tracing::info!("mail: {} sent, {} failed", d.sent, d.failed)
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!("mail queue: {e}"),
                }
            }
            tokio::time::sleep(every).await;
        }
    });
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
