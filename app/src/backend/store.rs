//! The catalog in the database: seeding from the embedded files, and reading it back with a
//! cache that follows the database's revision counter (so several server instances agree).
use std::sync::Arc;

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
    cache: Arc<RwLock<Option<CachedCatalog>>>,
    materials: MaterialStore,
}

/// The catalog revision and day a cached copy was read for, and the copy.
type CachedCatalog = (i64, Date, Arc<Published>);

/// The published catalog with its search index.
#[derive(Debug)]
pub struct Published {
    /// Measures, facts, rules and documents in force.
    pub catalog: Catalog,
    /// The same measures prepared for search.
    pub index: SearchIndex,
}

impl Backend {
    /// Connects, migrates and seeds the catalog when the database is empty.
    pub async fn open(url: &str) -> Result<Backend, DbError> {
        let pool = connect(url).await?;
        let backend = Backend {
            pool,
            cache: Arc::new(RwLock::new(None)),
            materials: MaterialStore::default(),
        };
        backend.seed_if_empty().await?;
        Ok(backend)
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
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
        let mut tx = self.pool.begin().await?;
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

    /// The catalog in force today, re-read only when a writer (here or on another instance)
    /// has bumped the revision or the day has changed.
    pub async fn published(&self) -> Result<Arc<Published>, DbError> {
        self.as_of(today()).await
    }

    /// The catalog as it stood on `day`: for every measure, the published version in force
    /// that day. Today's catalog is cached; other days are read on demand.
    pub async fn as_of(&self, day: Date) -> Result<Arc<Published>, DbError> {
        let rev = self.revision().await?;
        if let Some((cached_rev, cached_day, c)) = self.cache.read().await.as_ref() {
            if *cached_rev == rev && *cached_day == day {
                return Ok(c.clone());
            }
        }
        let catalog = self.read_catalog(day).await?;
        let index = SearchIndex::build(&catalog);
        let published = Arc::new(Published { catalog, index });
        if day == today() {
            *self.cache.write().await = Some((rev, day, published.clone()));
        }
        Ok(published)
    }

    async fn read_catalog(&self, day: Date) -> Result<Catalog, DbError> {
        let documents = self
            .bodies::<Document>("SELECT body FROM documents ORDER BY position")
            .await?;
        let facts = self
            .bodies::<FactDef>("SELECT body FROM facts ORDER BY position")
            .await?;
        let rules = self
            .bodies::<CrossRule>("SELECT body FROM rules ORDER BY position")
            .await?;
        let day = day.to_string();
        let rows = sqlx::query_as::<_, VersionRow>(
            "SELECT m.id AS id, v.effective_from AS effective_from, v.body AS body FROM measures m JOIN measure_versions v ON v.measure_id = m.id ORDER BY m.position, m.id, v.version",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut measures = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let id = &rows[i].id;
            let mut chosen: Option<(&str, usize)> = None;
            let first = i;
            while i < rows.len() && rows[i].id == *id {
                let from = rows[i].effective_from.as_str();
                if from <= day.as_str() && chosen.is_none_or(|(f, _)| from >= f) {
                    chosen = Some((from, i));
                }
                i += 1;
            }
            // Before its first version takes effect a measure is shown as it will be, and the
            // engine says from when it applies.
            let row = &rows[chosen.map(|c| c.1).unwrap_or(first)];
            let m: Measure =
                serde_json::from_str(&row.body).map_err(|e| DbError::Corrupt(e.to_string()))?;
            if m.status != Status::Archived {
                measures.push(m);
            }
        }
        Ok(Catalog {
            documents,
            vocabulary: Vocabulary::new(facts),
            measures,
            rules,
            coverage: Default::default(),
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
