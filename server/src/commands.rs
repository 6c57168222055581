//! Command-line tasks besides serving: migrations, staff accounts, catalog export and import.
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use app::backend::{auth, transfer, Backend};
use app::wire::staff::Role;
use clap::Subcommand;

use crate::config::Config;

/// `server user ...`
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a staff account. The password is read from the terminal (asked twice, not
    /// echoed) or from the first line of standard input, never from the command line.
    Add {
        /// Sign-in e-mail address.
        #[arg(long)]
        email: String,
        /// editor, publisher, reviewer or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_slug(s)
        .ok_or_else(|| format!("unknown role {s:?}: use editor, publisher, reviewer or admin"))
}

/// How an error message starts when the database could not be reached at all.
pub const DATABASE_UNREACHABLE: &str = "cannot reach the database";

/// Opens the database; an error says whether it could not be reached (see
/// [`DATABASE_UNREACHABLE`]) or refused what it was asked, without the URL's password.
pub async fn open(config: &Config) -> Result<Backend, String> {
    Backend::open(&config.database_url).await.map_err(|e| {
        let at = without_password(&config.database_url);
        match &e {
            app::backend::db::DbError::Sql(
                sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::Tls(_),
            ) => format!(
                "{DATABASE_UNREACHABLE} at {at}: {e}. Check DATABASE_URL and that the database server is running and accepts connections."
            ),
            _ => format!("cannot open the database at {at}: {e}"),
        }
    })
}

/// A database URL with its password, if any, replaced by `***`.
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_info = &url[scheme + 3..at];
            match user_info.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Applies migrations and seeds an empty database.
pub async fn migrate(config: &Config) -> Result<(), String> {
    open(config).await?;
    println!("database is up to date");
    Ok(())
}

fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let second = rpassword::prompt_password("Repeat it: ").map_err(|e| e.to_string())?;
        if first != second {
            return Err("the two passwords differ".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// Account management.
pub async fn user(config: &Config, command: UserCommand) -> Result<(), String> {
    match command {
        UserCommand::Add { email, role } => {
            let password = read_password()?;
            let backend = open(config).await?;
            auth::add_user(&backend, &email, role, &password, "command line")
                .await
                .map_err(|e| e.to_string())?;
            println!("created {} account for {}", role.slug(), email.trim());
            Ok(())
        }
    }
}

/// Writes the catalog files.
pub async fn export(config: &Config, dir: &Path) -> Result<(), String> {
    let backend = open(config).await?;
    let files = transfer::export(&backend)
        .await
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!("wrote {} files to {}", files.len(), dir.display());
    Ok(())
}

/// Reads every `.toml` file of a directory (facts first) and imports them.
pub async fn import(config: &Config, dir: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.push((name, text));
        }
    }
    files.sort_by_key(|(n, _)| (n != "facts.toml", n.clone()));
    let backend = open(config).await?;
    let report = transfer::import(&backend, "command line", &files)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "imported: {} added, {} changed, {} unchanged",
        report.added.len(),
        report.changed.len(),
        report.unchanged
    );
    Ok(())
}
