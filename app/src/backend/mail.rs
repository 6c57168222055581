//! Delivery of the mail queue (`outbox`): the messages the application journey writes in the
//! same transaction as each move are sent later, so a mail server that is down never blocks
//! or undoes a move. A message that fails is tried again on the next round, up to
//! [`MAX_ATTEMPTS`] times, with the last failure kept for staff.
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
pub use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::FromRow;

use super::clock::now_rfc3339;
use super::db::DbError;
use super::store::Backend;

/// Tries per message before it is left in the queue for staff to look at.
pub const MAX_ATTEMPTS: i64 = 8;
/// Messages sent per round.
const BATCH: i64 = 50;

/// Where mail goes.
#[derive(Clone)]
pub enum MailTransport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// RFC 5322 files in a folder (a pickup folder, or for inspection).
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl std::fmt::Debug for MailTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MailTransport::Smtp(_) => "MailTransport::Smtp",
            MailTransport::Files(_) => "MailTransport::Files",
        })
    }
}

impl MailTransport {
    /// From a URL: `smtp://[user:password@]host[:port]` (plain, `?tls=required` for
    /// STARTTLS), `smtps://...` (TLS), or `file:///folder` (one `.eml` file per message; the
    /// folder is created).
    pub fn from_url(url: &str) -> Result<MailTransport, String> {
        if let Some(folder) = url.strip_prefix("file://") {
            std::fs::create_dir_all(folder)
                .map_err(|e| format!("cannot create the mail folder {folder}: {e}"))?;
            return Ok(MailTransport::Files(AsyncFileTransport::new(folder)));
        }
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map(|b| MailTransport::Smtp(b.build()))
            .map_err(|e| format!("invalid mail URL: {e}"))
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            MailTransport::Smtp(t) => t.send(message).await.map(drop).map_err(|e| e.to_string()),
            MailTransport::Files(t) => t.send(message).await.map(drop).map_err(|e| e.to_string()),
        }
    }
}

/// A queued message.
#[derive(FromRow)]
struct Queued {
    id: String,
    to_addr: String,
    subject: String,
    body: String,
    unsubscribe_url: Option<String>,
}

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Messages sent.
    pub sent: usize,
    /// Messages that failed this time (tried again later unless out of attempts).
    pub failed: usize,
}

/// Sends the unsent messages (oldest first, up to a batch) from `from`.
pub async fn deliver(
    backend: &Backend,
    transport: &MailTransport,
    from: &Mailbox,
) -> Result<Delivery, DbError> {
    let queued = sqlx::query_as::<_, Queued>(
        "SELECT id, to_addr, subject, body, unsubscribe_url FROM outbox WHERE sent_at IS NULL AND attempts < $1 ORDER BY created_at, id LIMIT $2",
    )
    .bind(MAX_ATTEMPTS)
    .bind(BATCH)
    .fetch_all(backend.pool())
    .await?;
    let mut done = Delivery::default();
    for q in queued {
        let outcome = match message(from, &q) {
            Ok(m) => transport.send(m).await,
            // An address that can never be sent to is not tried again.
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2")
                    .bind(now_rfc3339())
                    .bind(q.id)
                    .execute(backend.pool())
                    .await?;
                done.sent += 1;
            }
            Err(e) => {
                tracing::warn!("mail {} not sent: {e}", q.id);
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2",
                )
                .bind(e.chars().take(500).collect::<String>())
                .bind(q.id)
                .execute(backend.pool())
                .await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

fn message(from: &Mailbox, q: &Queued) -> Result<Message, String> {
    let to: Mailbox = q
        .to_addr
        .parse()
        .map_err(|e| format!("bad address {:?}: {e}", q.to_addr))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(q.subject.clone())
        .header(ContentType::TEXT_PLAIN);
    // One-click unsubscribe from the mail client (RFC 2369 and RFC 8058).
    if let Some(url) = &q.unsubscribe_url {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    builder.body(q.body.clone()).map_err(|e| e.to_string())
}
