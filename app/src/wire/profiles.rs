//! Profiles: an entrepreneur's answers kept under an unguessable link, with what they qualify
//! for today and the feed of published changes that altered it.
use serde::{Deserialize, Serialize};

use super::wizard::ChangeLine;

/// An eligible measure on the profile page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileMeasure {
    /// Measure id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it counts, in words ("" when it gives no money).
    pub counted: String,
}

/// One entry of a profile's feed: a published change altered its outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEntry {
    /// Entry id (the page's anchor is `entry-{id}`).
    pub id: String,
    /// When it was found (RFC 3339).
    pub created_at: String,
    /// Catalog version before and after.
    pub from_version: String,
    /// Catalog version after.
    pub to_version: String,
    /// Gained, lost, changed amount, each with its causes.
    pub lines: Vec<ChangeLine>,
}

/// Where the profile's e-mail digest stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailState {
    /// No address given.
    None,
    /// Given, the confirmation mail not yet followed.
    Pending,
    /// Confirmed: digests are sent.
    Confirmed,
}

/// A profile as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    /// The unguessable token (the link is `/profiles/{token}`).
    pub token: String,
    /// The name the owner gave it.
    pub name: String,
    /// When it was kept (YYYY-MM-DD).
    pub created_on: String,
    /// When its answers last changed (YYYY-MM-DD).
    pub updated_on: String,
    /// The latest stored result of these answers, if any.
    pub result_id: Option<String>,
    /// The day the outcome below is computed for (today).
    pub as_of: String,
    /// The total of the measures below, in words.
    pub total: String,
    /// The measures the answers qualify for today.
    pub eligible: Vec<ProfileMeasure>,
    /// Measures that need more answers.
    pub pending: u32,
    /// Answers kept.
    pub answers: u32,
    /// The e-mail address for digests, if any.
    pub email: Option<String>,
    /// Whether it is confirmed.
    pub email_state: EmailState,
    /// Published changes that altered the outcome, newest first.
    pub entries: Vec<ProfileEntry>,
}

/// The profile a stored result was kept as or updated, for the results page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileLink {
    /// Token.
    pub token: String,
    /// Name.
    pub name: String,
}
