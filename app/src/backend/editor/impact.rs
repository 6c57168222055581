//! Impact preview: before a draft is published, its effect on the answers people stored
//! (results and saved profiles), computed by the engine: how many gain the measure, lose it or
//! get another amount, the money it counts before and after, and a few anonymised examples
//! with their traces. Every stored set of answers is assessed twice as of the day the draft
//! would take effect: with the catalog in force that day, and with the draft in its place
//! (cross-measure rules included, so a cap shared with other measures is counted right).
//!
//! A small store is previewed in the request ([`INLINE_LIMIT`] answers or fewer); a larger one
//! by a job (`impact_jobs`) that runs in the background, outside the async runtime's threads,
//! and records its progress after every batch, so the page can poll it ([`job`]). A job is
//! claimed with a lease like the profile jobs, so another server takes over one whose server
//! stopped.
use std::sync::Arc;

use sqlx::FromRow;

use super::checks::validate;
use crate::backend::clock::{now_rfc3339, today, unix_seconds};
use crate::backend::db::DbError;
use crate::backend::store::Backend;
use crate::backend::tokens::token;
use crate::policy::engine::{assess, Verdict};
use crate::policy::{Catalog, Date, Facts, Measure, MoneyRange};
use crate::wire::editor::{ImpactExample, ImpactProgress, ImpactView};
use crate::wire::errors::AppError;
use crate::wire::staff::StaffUser;

/// Stored answers read per query (and between two progress records of a job).
const BATCH: i64 = 500;
/// Examples shown.
const EXAMPLES: usize = 3;
/// Stored answers previewed in the request; more go to a background job.
pub const INLINE_LIMIT: i64 = 1_000;
/// Seconds a job's claim lasts without progress before another worker may take it over.
const CLAIM_SECONDS: i64 = 120;
/// Attempts before a job is reported failed.
const MAX_ATTEMPTS: i64 = 3;

#[derive(FromRow)]
struct Stored {
    key: String,
    facts: String,
}

/// What one set of answers gets from the measure under one catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Got {
    eligible: bool,
    counted: Option<MoneyRange>,
    trace: Vec<String>,
}

fn got(catalog: &Catalog, facts: &Facts, day: Date, id: &str) -> Got {
    let a = assess(catalog, facts, day);
    match a.outcomes.iter().find(|o| o.measure.id == id) {
        Some(o) if o.verdict == Verdict::Eligible => Got {
            eligible: true,
            counted: o.counted,
            trace: o.trace(),
        },
        _ => Got {
            eligible: false,
            counted: None,
            trace: Vec::new(),
        },
    }
}

/// Where a set of answers is stored.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Result,
    Profile,
}

impl Table {
    const ALL: [Table; 2] = [Table::Result, Table::Profile];

    fn name(self) -> &'static str {
        match self {
            Table::Result => "result",
            Table::Profile => "profile",
        }
    }

    /// The next batch after a key, in key order.
    fn batch_sql(self) -> &'static str {
        match self {
            Table::Result => {
                "SELECT id AS key, facts FROM assessments WHERE id > $1 ORDER BY id LIMIT $2"
            }
            Table::Profile => {
                "SELECT token AS key, facts FROM profiles WHERE token > $1 ORDER BY token LIMIT $2"
            }
        }
    }
}

/// The two catalogs compared and the counts so far.
struct Tally {
    before: Arc<crate::backend::store::Published>,
    after: Arc<Catalog>,
    day: Date,
    view: ImpactView,
    total_before: MoneyRange,
    total_after: MoneyRange,
}

impl Tally {
    /// The comparison of `draft` (which must validate) with the catalog in force on `day`.
    async fn new(backend: &Backend, draft: &Measure, day: Date) -> Result<Tally, AppError> {
        let before = backend.as_of(day).await?;
        // A saved draft carries the draft status, which the engine leaves out; previewed as
        // it would be published.
        let mut draft = draft.clone();
        draft.status = crate::policy::Status::Published;
        let after = validate(&before.catalog, &draft).map_err(AppError::fields)?;
        Ok(Tally {
            before,
            after: Arc::new(after),
            day,
            view: ImpactView {
                measure: draft.id.clone(),
                as_of: day.to_string(),
                ..ImpactView::default()
            },
            total_before: MoneyRange::exact(0),
            total_after: MoneyRange::exact(0),
        })
    }

    /// Counts one stored set of answers (unreadable answers are skipped, not fatal).
    fn add(&mut self, table: Table, facts: &str) {
        let Ok(facts) = serde_json::from_str::<Facts>(facts) else {
            return;
        };
        let id = self.view.measure.clone();
        let was = got(&self.before.catalog, &facts, self.day, &id);
        let now = got(&self.after, &facts, self.day, &id);
        let view = &mut self.view;
        match table {
            Table::Result => view.results += 1,
            Table::Profile => view.profiles += 1,
        }
        if let Some(c) = was.counted {
            self.total_before = self.total_before.plus(c);
        }
        if let Some(c) = now.counted {
            self.total_after = self.total_after.plus(c);
        }
        let kind = match (was.eligible, now.eligible) {
            (false, true) => "gained",
            (true, false) => "lost",
            (true, true) if was.counted != now.counted => "amount",
            _ => return,
        };
        match kind {
            "gained" => view.gained += 1,
            "lost" => view.lost += 1,
            _ => view.changed += 1,
        }
        if view.examples.len() < EXAMPLES {
            view.examples.push(ImpactExample {
                // Anonymised: a number, never the stored id or token.
                label: format!("Stored {} {}", table.name(), view.examples.len() + 1),
                kind: kind.into(),
                before: was.counted.map(|c| c.to_string()).unwrap_or_default(),
                after: now.counted.map(|c| c.to_string()).unwrap_or_default(),
                trace_before: was.trace,
                trace_after: now.trace,
            });
        }
    }

    fn finish(mut self) -> ImpactView {
        self.view.total_before = self.total_before.to_string();
        self.view.total_after = self.total_after.to_string();
        self.view
    }

    /// Assesses every stored set of answers, batch by batch; `progress` is told how many are
    /// done after each batch. The engine runs on a blocking thread when `blocking`.
    async fn run<F, Fut>(
        mut self,
        backend: &Backend,
        blocking: bool,
        mut progress: F,
    ) -> Result<ImpactView, AppError>
    where
        F: FnMut(u64) -> Fut,
        Fut: std::future::Future<Output = Result<(), AppError>>,
    {
        for table in Table::ALL {
            let mut last = String::new();
            loop {
                let rows = sqlx::query_as::<_, Stored>(table.batch_sql())
                    .bind(last.clone())
                    .bind(BATCH)
                    .fetch_all(backend.pool())
                    .await
                    .map_err(DbError::from)?;
                let Some(end) = rows.last() else { break };
                last = end.key.clone();
                let count = move |mut t: Tally| {
                    for row in &rows {
                        t.add(table, &row.facts);
                    }
                    t
                };
                self = if blocking {
                    tokio::task::spawn_blocking(move || count(self))
                        .await
                        .map_err(|e| crate::backend::error::internal(e.to_string()))?
                } else {
                    count(self)
                };
                progress(self.view.results + self.view.profiles).await?;
            }
        }
        Ok(self.finish())
    }
}

/// The day a draft with effect from `effective_from` is previewed for: that day, or today
/// when it is `None` or earlier.
fn preview_day(effective_from: Option<Date>) -> Date {
    effective_from
        .filter(|d| *d > today())
        .unwrap_or_else(today)
}

/// The impact of publishing `draft` with effect from `effective_from` (today when `None` or
/// earlier), over every stored result and saved profile, computed now. The draft must
/// validate.
pub async fn impact(
    backend: &Backend,
    draft: &Measure,
    effective_from: Option<Date>,
) -> Result<ImpactView, AppError> {
    let tally = Tally::new(backend, draft, preview_day(effective_from)).await?;
    tally.run(backend, false, |_| async { Ok(()) }).await
}

/// Stored results and saved profiles.
async fn stored_count(backend: &Backend) -> Result<i64, AppError> {
    let (results,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM assessments")
        .fetch_one(backend.pool())
        .await
        .map_err(DbError::from)?;
    let (profiles,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM profiles")
        .fetch_one(backend.pool())
        .await
        .map_err(DbError::from)?;
    Ok(results + profiles)
}

/// Starts an impact preview for `user`: computed at once for a store of at most
/// [`INLINE_LIMIT`] answers, else queued as a background job (validated first, so a draft that
/// cannot be published fails here, not in the job) whose progress [`job`] reads.
pub async fn start(
    backend: &Backend,
    user: &StaffUser,
    draft: &Measure,
    effective_from: Option<Date>,
) -> Result<ImpactProgress, AppError> {
    let total = stored_count(backend).await?;
    if total <= INLINE_LIMIT {
        let view = impact(backend, draft, effective_from).await?;
        let done = view.results + view.profiles;
        return Ok(ImpactProgress {
            job: String::new(),
            done,
            total: done,
            failed: None,
            view: Some(view),
        });
    }
    Tally::new(backend, draft, preview_day(effective_from)).await?;
    // One running preview per member: each holds a core while it runs.
    let (running,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM impact_jobs WHERE requested_by = $1 AND finished_at IS NULL AND attempts < $2",
    )
    .bind(user.id.clone())
    .bind(MAX_ATTEMPTS)
    .fetch_one(backend.pool())
    .await
    .map_err(DbError::from)?;
    if running > 0 {
        return Err(AppError::conflict(
            "An impact preview of yours is still being computed; wait for it to finish.",
        ));
    }
    let id = token()?;
    sqlx::query(
        "INSERT INTO impact_jobs (id, measure_id, requested_by, draft, effective_from, total, done, created_at, attempts) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 0)",
    )
    .bind(id.clone())
    .bind(draft.id.clone())
    .bind(user.id.clone())
    .bind(serde_json::to_string(draft).map_err(|e| crate::backend::error::internal(e.to_string()))?)
    .bind(effective_from.map(|d| d.to_string()))
    .bind(total)
    .bind(now_rfc3339())
    .execute(backend.pool())
    .await
    .map_err(DbError::from)?;
    // Started now on this server; the background loop takes it over if this one stops.
    let runner = backend.clone();
    tokio::spawn(async move {
        if let Err(e) = run_due(&runner).await {
            tracing::error!("impact job failed (tried again later): {e}");
        }
    });
    Ok(ImpactProgress {
        job: id,
        done: 0,
        total: total as u64,
        failed: None,
        view: None,
    })
}

#[derive(FromRow)]
struct JobRow {
    requested_by: String,
    total: i64,
    done: i64,
    attempts: i64,
    last_error: Option<String>,
    result: Option<String>,
    finished_at: Option<String>,
}

/// How the job `id` stands, for the member who asked for it; `NotFound` for anyone else.
pub async fn job(
    backend: &Backend,
    user: &StaffUser,
    id: &str,
) -> Result<ImpactProgress, AppError> {
    let row = sqlx::query_as::<_, JobRow>(
        "SELECT requested_by, total, done, attempts, last_error, result, finished_at FROM impact_jobs WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(backend.pool())
    .await
    .map_err(DbError::from)?
    .filter(|r| r.requested_by == user.id)
    .ok_or(AppError::NotFound)?;
    let view = match (&row.finished_at, &row.result) {
        (Some(_), Some(r)) => Some(
            serde_json::from_str::<ImpactView>(r)
                .map_err(|e| AppError::from(DbError::Corrupt(e.to_string())))?,
        ),
        _ => None,
    };
    let failed = (view.is_none() && row.attempts >= MAX_ATTEMPTS && row.last_error.is_some())
        .then(|| "The impact could not be computed; try again.".to_string());
    Ok(ImpactProgress {
        job: id.to_string(),
        done: row.done.max(0) as u64,
        total: row.total.max(0) as u64,
        failed,
        view,
    })
}

/// A finished or abandoned job, as `run_due` reports it.
#[derive(Debug, PartialEq, Eq)]
pub struct JobRun {
    /// The job.
    pub id: String,
    /// Stored answers assessed.
    pub assessed: u64,
    /// How long it took, in milliseconds.
    pub millis: u128,
}

#[derive(FromRow)]
struct DueRow {
    id: String,
    attempts: i64,
    draft: String,
    effective_from: Option<String>,
}

/// Runs the oldest impact job nobody holds (`None` when there is none). The claim is renewed
/// with every batch; a failure leaves the job for another attempt after its claim lapses.
pub async fn run_due(backend: &Backend) -> Result<Option<JobRun>, AppError> {
    let now = unix_seconds();
    let due = sqlx::query_as::<_, DueRow>(
        "SELECT id, attempts, draft, effective_from FROM impact_jobs WHERE finished_at IS NULL AND attempts < $1 AND (claimed_until IS NULL OR claimed_until < $2) ORDER BY created_at LIMIT 1",
    )
    .bind(MAX_ATTEMPTS)
    .bind(now)
    .fetch_optional(backend.pool())
    .await
    .map_err(DbError::from)?;
    let Some(due) = due else { return Ok(None) };
    let claimed = sqlx::query(
        "UPDATE impact_jobs SET claimed_until = $1, attempts = attempts + 1 WHERE id = $2 AND attempts = $3 AND finished_at IS NULL",
    )
    .bind(now + CLAIM_SECONDS)
    .bind(due.id.clone())
    .bind(due.attempts)
    .execute(backend.pool())
    .await
    .map_err(DbError::from)?
    .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let outcome = async {
        let draft: Measure = serde_json::from_str(&due.draft)
            .map_err(|e| AppError::from(DbError::Corrupt(e.to_string())))?;
        let from = due
            .effective_from
            .as_deref()
            .map(Date::parse)
            .transpose()
            .map_err(|e| AppError::from(DbError::Corrupt(e)))?;
        let tally = Tally::new(backend, &draft, preview_day(from)).await?;
        let id = due.id.clone();
        tally
            .run(backend, true, |done| {
                let id = id.clone();
                async move {
                    sqlx::query(
                        "UPDATE impact_jobs SET done = $1, claimed_until = $2 WHERE id = $3",
                    )
                    .bind(done as i64)
                    .bind(unix_seconds() + CLAIM_SECONDS)
                    .bind(id)
                    .execute(backend.pool())
                    .await
                    .map_err(DbError::from)?;
                    Ok(())
                }
            })
            .await
    }
    .await;
    match outcome {
        Ok(view) => {
            let assessed = view.results + view.profiles;
            let millis = started.elapsed().as_millis();
            sqlx::query(
                "UPDATE impact_jobs SET finished_at = $1, result = $2, done = $3, total = $3, millis = $4, last_error = NULL WHERE id = $5",
            )
            .bind(now_rfc3339())
            .bind(serde_json::to_string(&view).map_err(|e| crate::backend::error::internal(e.to_string()))?)
            .bind(assessed as i64)
            .bind(millis as i64)
            .bind(due.id.clone())
            .execute(backend.pool())
            .await
            .map_err(DbError::from)?;
            Ok(Some(JobRun {
                id: due.id,
                assessed,
                millis,
            }))
        }
        Err(e) => {
            sqlx::query("UPDATE impact_jobs SET claimed_until = $1, last_error = $2 WHERE id = $3")
                .bind(unix_seconds() + 30)
                .bind(e.to_string().chars().take(500).collect::<String>())
                .bind(due.id)
                .execute(backend.pool())
                .await
                .map_err(DbError::from)?;
            Err(e)
        }
    }
}

/// Deletes jobs older than a day (their drafts included).
pub async fn clean(backend: &Backend) -> Result<u64, DbError> {
    Ok(sqlx::query("DELETE FROM impact_jobs WHERE created_at < $1")
        .bind(crate::backend::clock::rfc3339_at(unix_seconds() - 86_400))
        .execute(backend.pool())
        .await?
        .rows_affected())
}
