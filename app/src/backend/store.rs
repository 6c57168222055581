//! The catalog in the database: seeding from the embedded files, and reading it back with a
//! cache that follows the database's revision counter (so several server instances agree).
//!
//! The catalog in force changes only on the days a version takes effect, so the cache keeps
//! one built catalog per such day ("catalog version in force") for the current revision: an
//! assessment as of any past date costs what one as of today costs. Publishing bumps the
//! revision, which drops everything built for the old one.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::{AnyPool, FromRow};
use tokio::sync::RwLock;

use super::clock::{now_rfc3339, today};
use super::db::{connect, DbError};
use super::materials::MaterialStore;
use super::search::SearchIndex;
use super::versions::{bump_revision, insert_version, NewVersion};
use crate::policy::catalog::Document;
use crate::policy::{seed, Catalog, CrossRule, Date, FactDef, Measure, Status, Vocabulary};
use crate::wire::catalog::UpdateSummary;

/// Database access and the cached catalog.
#[derive(Clone, Debug)]
pub struct Backend {
    pool: AnyPool,
    /// Whether the pool is SQLite (its write transactions must take the lock up front).
    sqlite: bool,
    cache: Arc<RwLock<Option<CatalogCache>>>,
    revision_seen: Arc<RevisionSeen>,
    materials: MaterialStore,
}

/// How long this instance trusts its last reading of the catalog revision: a change published
/// through another instance shows here within this time, one published through this instance
/// at once ([`Backend::catalog_changed`]). Saves a database round trip on every assessment.
pub const REVISION_TTL: Duration = Duration::from_millis(250);

/// The last revision read and when; `generation` counts local changes, so a reading that
/// raced with one is not kept.
#[derive(Debug, Default)]
struct RevisionSeen {
    last: Mutex<Option<(i64, Instant)>>,
    generation: AtomicU64,
}

/// Most catalogs kept built for one revision; past it the oldest-built are dropped (a revision
/// with more distinct effective dates than this still works, it only rebuilds more often).
const MAX_BUILT: usize = 64;

/// What one catalog revision holds, read once, and the catalogs built from it so far.
#[derive(Debug)]
struct CatalogCache {
    revision: i64,
    rows: Arc<CatalogRows>,
    /// Built catalogs by the day their version took effect (`None`: before any did), with the
    /// order they were built in, for dropping the oldest.
    built: HashMap<Option<Date>, Arc<Published>>,
    order: Vec<Option<Date>>,
}

/// Every row the catalog is built from, parsed: the reference data and every measure's versions.
#[derive(Debug)]
struct CatalogRows {
    documents: Vec<Document>,
    facts: Vec<FactDef>,
    rules: Vec<CrossRule>,
    /// Per measure in catalog order, its versions in version order: (effective from, body).
    measures: Vec<Vec<(Date, Measure)>>,
    /// Every distinct "with effect from" day, ascending.
    change_days: Vec<Date>,
}

impl CatalogRows {
    /// The catalog version in force on `day`: the last day on or before it on which a version
    /// took effect (`None` when no version had yet).
    fn version_on(&self, day: Date) -> Option<Date> {
        let n = self.change_days.partition_point(|d| *d <= day);
        n.checked_sub(1).map(|i| self.change_days[i])
    }

    /// The catalog for the version in force from `from`: for every measure, the last version
    /// taking effect on or before that day; before its first version takes effect a measure is
    /// shown as it will be, and the engine says from when it applies. Archived ones are left out.
    fn build(&self, from: Option<Date>) -> Catalog {
        let mut measures = Vec::with_capacity(self.measures.len());
        for versions in &self.measures {
            let mut chosen: Option<&(Date, Measure)> = None;
            for v in versions {
                if from.is_some_and(|f| v.0 <= f) && chosen.is_none_or(|c| v.0 >= c.0) {
                    chosen = Some(v);
                }
            }
            let Some((day, m)) = chosen.or(versions.first()) else {
                continue;
            };
            if m.status == Status::Archived {
                continue;
            }
            // Published with a later "with effect from" day than its text's: announced, and
            // in force from that day.
            let mut m = m.clone();
            if chosen.is_none() && *day > m.effective_from {
                m.effective_from = *day;
            }
            measures.push(m);
        }
        Catalog {
            documents: self.documents.clone(),
            vocabulary: Vocabulary::new(self.facts.clone()),
            measures,
            rules: self.rules.clone(),
            coverage: Default::default(),
        }
    }
}

/// The published catalog with its search index.
#[derive(Debug)]
pub struct Published {
    /// Measures, facts, rules and documents in force.
    pub catalog: Catalog,
    /// The same measures prepared for search.
    pub index: SearchIndex,
    /// The catalog version: a content hash of the measures and rules in force
    /// ([`catalog_version`]), stored with every result.
    pub version: String,
}

/// A content hash of the measures and cross-measure rules of `catalog` (SHA-256 of their JSON,
/// the first 16 hex digits): two catalogs with the same measures and rules in force have the
/// same version, whatever day or server built them, and any published change gives a new one.
pub fn catalog_version(catalog: &Catalog) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for m in &catalog.measures {
        hash.update(serde_json::to_vec(m).unwrap_or_default());
        hash.update([0u8]);
    }
    hash.update([1u8]);
    for r in &catalog.rules {
        hash.update(serde_json::to_vec(r).unwrap_or_default());
        hash.update([0u8]);
    }
    hash.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Backend {
    /// Connects, migrates and seeds the catalog when the database is empty.
    pub async fn open(url: &str) -> Result<Backend, DbError> {
        let pool = connect(url).await?;
        let backend = Backend {
            pool,
            sqlite: url.starts_with("sqlite:"),
            cache: Arc::new(RwLock::new(None)),
            revision_seen: Arc::default(),
            materials: MaterialStore::default(),
        };
        backend.seed_if_empty().await?;
        Ok(backend)
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction that will write. On SQLite it takes the write lock when it begins
    /// (`BEGIN IMMEDIATE`): a plain `BEGIN` reads first and fails with "database is locked",
    /// without waiting, when another writer got in between; this way it waits its turn under
    /// the busy timeout. On PostgreSQL, an ordinary transaction.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        if self.sqlite {
            self.pool.begin_with("BEGIN IMMEDIATE").await
        } else {
            self.pool.begin().await
        }
    }

    /// The same backend keeping applicants' materials in `store` (by default under
    /// [`DEFAULT_UPLOAD_DIR`](super::materials::DEFAULT_UPLOAD_DIR)).
    pub fn with_materials(mut self, store: MaterialStore) -> Backend {
        self.materials = store;
        self
    }

    /// Where applicants' materials are kept.
    pub fn materials(&self) -> &MaterialStore {
        &self.materials
    }

    /// Loads the embedded catalog into an empty database; returns the number of measures added.
    pub async fn seed_if_empty(&self) -> Result<usize, DbError> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM measures")
            .fetch_one(&self.pool)
            .await?;
        if count > 0 {
            return Ok(0);
        }
        let catalog = seed::load().map_err(|e| DbError::Catalog(e.to_string()))?;
        let now = now_rfc3339();
        let mut tx = self.begin_write().await?;
        write_reference_data(&mut tx, &catalog).await?;
        for (i, m) in catalog.measures.iter().enumerate() {
            sqlx::query(
                "INSERT INTO measures (id, position, status, current_version, lock_version, updated_at) VALUES ($1, $2, $3, $4, 0, $5)",
            )
            .bind(&m.id)
            .bind(i as i64)
            .bind("published")
            .bind(i64::from(m.version))
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            let seeded = NewVersion {
                measure: m,
                status: m.status,
                version: i64::from(m.version),
                effective_from: m.effective_from.to_string(),
                actor: "seed",
                note: "",
                now: &now,
                clear_draft: false,
            };
            insert_version(&mut tx, &seeded).await?;
        }
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        self.catalog_changed();
        tracing::info!(
            "seeded {} measures from the embedded catalog",
            catalog.measures.len()
        );
        Ok(catalog.measures.len())
    }

    /// The catalog revision: bumped by every publication, so caches know to re-read.
    pub async fn revision(&self) -> Result<i64, DbError> {
        let (rev,): (i64,) = sqlx::query_as("SELECT revision FROM catalog_revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(rev)
    }

    /// Says that this instance has just committed a change to the catalog (or anything the
    /// public pages show): the next reading goes to the database.
    pub fn catalog_changed(&self) {
        self.revision_seen.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut last) = self.revision_seen.last.lock() {
            *last = None;
        }
    }

    /// A number that changes whenever this instance commits a change (see `catalog_changed`).
    pub fn local_generation(&self) -> u64 {
        self.revision_seen.generation.load(Ordering::SeqCst)
    }

    /// The catalog revision, read from the database at most every [`REVISION_TTL`].
    pub async fn current_revision(&self) -> Result<i64, DbError> {
        if let Ok(last) = self.revision_seen.last.lock() {
            if let Some((rev, at)) = *last {
                if at.elapsed() < REVISION_TTL {
                    return Ok(rev);
                }
            }
        }
        let generation = self.local_generation();
        let rev = self.revision().await?;
        if let Ok(mut last) = self.revision_seen.last.lock() {
            if self.local_generation() == generation {
                *last = Some((rev, Instant::now()));
            }
        }
        Ok(rev)
    }

    /// The catalog in force today, re-read only when a writer (here or on another instance)
    /// has bumped the revision or the day has changed.
    pub async fn published(&self) -> Result<Arc<Published>, DbError> {
        self.as_of(today()).await
    }

    /// The catalog as it stood on `day`: for every measure, the published version in force
    /// that day. Built once per catalog version in force and revision (see the module notes).
    pub async fn as_of(&self, day: Date) -> Result<Arc<Published>, DbError> {
        let rev = self.current_revision().await?;
        let rows = {
            let cache = self.cache.read().await;
            match cache.as_ref().filter(|c| c.revision == rev) {
                Some(c) => {
                    if let Some(p) = c.built.get(&c.rows.version_on(day)) {
                        return Ok(p.clone());
                    }
                    Some(c.rows.clone())
                }
                None => None,
            }
        };
        let rows = match rows {
            Some(rows) => rows,
            None => Arc::new(self.read_rows().await?),
        };
        let version = rows.version_on(day);
        let catalog = rows.build(version);
        let index = SearchIndex::build(&catalog);
        let content = catalog_version(&catalog);
        let published = Arc::new(Published {
            catalog,
            index,
            version: content,
        });
        let mut cache = self.cache.write().await;
        // A newer revision read meanwhile by another request wins; an older one is replaced.
        if cache.as_ref().is_none_or(|c| c.revision < rev) {
            *cache = Some(CatalogCache {
                revision: rev,
                rows,
                built: HashMap::new(),
                order: Vec::new(),
            });
        }
        if let Some(c) = cache.as_mut().filter(|c| c.revision == rev) {
            if !c.built.contains_key(&version) {
                if c.order.len() >= MAX_BUILT {
                    let oldest = c.order.remove(0);
                    c.built.remove(&oldest);
                }
                c.order.push(version);
                c.built.insert(version, published.clone());
            }
        }
        Ok(published)
    }

    /// Reads and parses every row the catalog is built from.
    async fn read_rows(&self) -> Result<CatalogRows, DbError> {
        let documents = self
            .bodies::<Document>("SELECT body FROM documents ORDER BY position")
            .await?;
        let facts = self
            .bodies::<FactDef>("SELECT body FROM facts ORDER BY position")
            .await?;
        let rules = self
            .bodies::<CrossRule>("SELECT body FROM rules ORDER BY position")
            .await?;
        let rows = sqlx::query_as::<_, VersionRow>(
            "SELECT m.id AS id, v.effective_from AS effective_from, v.body AS body FROM measures m JOIN measure_versions v ON v.measure_id = m.id ORDER BY m.position, m.id, v.version",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut measures: Vec<Vec<(Date, Measure)>> = Vec::new();
        let mut change_days = Vec::new();
        let mut last_id: Option<&str> = None;
        for row in &rows {
            let from = Date::parse(&row.effective_from).map_err(DbError::Corrupt)?;
            let m: Measure =
                serde_json::from_str(&row.body).map_err(|e| DbError::Corrupt(e.to_string()))?;
            if last_id != Some(row.id.as_str()) {
                measures.push(Vec::new());
                last_id = Some(row.id.as_str());
            }
            if let Some(versions) = measures.last_mut() {
                versions.push((from, m));
            }
            change_days.push(from);
        }
        change_days.sort_unstable();
        change_days.dedup();
        Ok(CatalogRows {
            documents,
            facts,
            rules,
            measures,
            change_days,
        })
    }

    async fn bodies<T: serde::de::DeserializeOwned>(
        &self,
        sql: &'static str,
    ) -> Result<Vec<T>, DbError> {
        let bodies = sqlx::query_scalar::<_, String>(sql)
            .fetch_all(&self.pool)
            .await?;
        bodies
            .iter()
            .map(|body| serde_json::from_str(body).map_err(|e| DbError::Corrupt(e.to_string())))
            .collect()
    }

    /// Latest published announcements whose date has come, newest first (drafts and
    /// scheduled ones stay hidden).
    pub async fn latest_updates(&self, limit: i64) -> Result<Vec<UpdateSummary>, DbError> {
        let rows = sqlx::query_as::<_, SummaryRow>(
            "SELECT id, title, published_on FROM announcements WHERE status = 'published' AND published_on <= $1 ORDER BY published_on DESC, created_at DESC LIMIT $2",
        )
        .bind(today().to_string())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| UpdateSummary {
                href: format!("/updates#{}", r.id),
                title: r.title,
                date: r.published_on,
            })
            .collect())
    }
}

/// A version of a measure, as the catalog is read.
#[derive(FromRow)]
struct VersionRow {
    id: String,
    effective_from: String,
    body: String,
}

/// An announcement in the short list of the latest.
#[derive(FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    published_on: String,
}

/// Replaces the documents, facts and cross-measure rules with the catalog's (seeding and
/// import); measures are versioned and written by their callers.
pub async fn write_reference_data(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    catalog: &Catalog,
) -> Result<(), DbError> {
    for delete in [
        "DELETE FROM documents",
        "DELETE FROM facts",
        "DELETE FROM rules",
    ] {
        sqlx::query(delete).execute(&mut **tx).await?;
    }
    for (i, d) in catalog.documents.iter().enumerate() {
        sqlx::query("INSERT INTO documents (slug, position, body) VALUES ($1, $2, $3)")
            .bind(&d.slug)
            .bind(i as i64)
            .bind(to_json(d)?)
            .execute(&mut **tx)
            .await?;
    }
    for (i, f) in catalog.vocabulary.iter().enumerate() {
        sqlx::query("INSERT INTO facts (name, position, body) VALUES ($1, $2, $3)")
            .bind(&f.name)
            .bind(i as i64)
            .bind(to_json(f)?)
            .execute(&mut **tx)
            .await?;
    }
    for (i, r) in catalog.rules.iter().enumerate() {
        sqlx::query("INSERT INTO rules (id, position, body) VALUES ($1, $2, $3)")
            .bind(&r.id)
            .bind(i as i64)
            .bind(to_json(r)?)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Encodes a stored body as JSON.
fn to_json<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(e.to_string()))
}
