//! Announcements ("policy updates"): the types shared with the browser, the staff server
//! functions behind `/staff/updates` and the public list behind `/updates`.
//!
//! Every staff function authorises on the server (`crate::backend::auth`); the pages only
//! hide what a role may not do.
use serde::{Deserialize, Serialize};

/// One announcement in the staff list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementRow {
    /// Announcement id (also its anchor on `/updates`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published_on: String,
    /// `draft` or `published`.
    pub status: String,
    /// Published with a date still in the future.
    pub scheduled: bool,
    /// Who saved it last.
    pub author: Option<String>,
    /// Last change (UTC).
    pub updated_at: Option<String>,
}

/// An announcement as the staff form edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementText {
    /// Announcement id; empty for one never saved.
    pub id: String,
    /// Title (plain text).
    pub title: String,
    /// Body in Markdown.
    pub body: String,
    /// Publication date, `YYYY-MM-DD`; a future date schedules it.
    pub published_on: String,
    /// Ids of the measures it is about.
    pub measures: Vec<String>,
    /// `draft` or `published`.
    pub status: String,
    /// The optimistic-locking counter the next save must quote.
    pub lock_version: i64,
    /// Who saved it last.
    pub author: Option<String>,
    /// Last change (UTC).
    pub updated_at: Option<String>,
}

/// The answer to a save, publish or unpublish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementSaved {
    /// Announcement id.
    pub id: String,
    /// The new locking counter.
    pub lock_version: i64,
    /// `draft` or `published` after the change.
    pub status: String,
    /// What happened, in words.
    pub message: String,
}

/// A measure an announcement links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedMeasure {
    /// Measure id (links to `/measures/{id}`).
    pub id: String,
    /// Its title in today's catalog (the id when it is no longer there).
    pub title: String,
}

/// A published announcement as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAnnouncement {
    /// Announcement id, the anchor of its `<article>`.
    pub id: String,
    /// Title, plain text (never interpreted as HTML).
    pub title: String,
    /// The body rendered from Markdown and sanitised.
    pub html: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published_on: String,
    /// Publication instant (midnight China Standard Time, in UTC, RFC 3339).
    pub published: String,
    /// Last change (RFC 3339, UTC), for the feed.
    pub updated: String,
    /// The measures it is about.
    pub measures: Vec<LinkedMeasure>,
}
