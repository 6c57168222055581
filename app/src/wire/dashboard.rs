//! The staff home (`/staff`): what needs doing and how the catalog is used, for the signed-in
//! member's role. Counts and lists only; every label is worded by the page.
use serde::{Deserialize, Serialize};

/// The staff dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The server's today (Beijing), `YYYY-MM-DD`.
    pub today: String,
    /// Measures, facts, rules and documents with unpublished changes waiting for a publisher
    /// (editors and above; empty otherwise), oldest change first.
    pub drafts: Vec<DraftRow>,
    /// Published versions taking effect after today, soonest first (editors and above).
    pub scheduled: Vec<ScheduledRow>,
    /// Measures in force whose stated expiry is within the "closing soon" days, soonest first.
    pub closing_soon: Vec<ClosingRow>,
    /// Award reports not yet reviewed, by measure, most first (reviewers and above; `None`
    /// for other roles).
    pub unreviewed_reports: Option<Vec<Count>>,
    /// Published measures by lifecycle state today (every state, in catalog order).
    pub by_state: Vec<Count>,
    /// Published measures by category (every category, in catalog order).
    pub by_category: Vec<Count>,
    /// Stored results per week (Monday to Sunday), the last [`WEEKS`] weeks, oldest first.
    pub per_week: Vec<Count>,
    /// Measures most often found eligible in the results of the same weeks, most first
    /// (at most [`TOP_MEASURES`]).
    pub most_assessed: Vec<Count>,
}

/// Weeks the assessment chart covers.
pub const WEEKS: usize = 12;
/// Measures the "most assessed" chart lists.
pub const TOP_MEASURES: usize = 10;

/// A measure, fact, rule or document with unpublished changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    /// `measure`, `fact`, `rule` or `document`.
    pub kind: String,
    /// Measure id, fact name, rule id or document slug.
    pub id: String,
    /// Title of the draft.
    pub title: String,
    /// Who saved the draft last.
    pub by: String,
    /// When (UTC).
    pub updated_at: String,
    /// Whether it was never published.
    pub is_new: bool,
    /// Whether the draft removes it (facts and rules).
    pub removes: bool,
}

/// A published version that takes effect later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledRow {
    /// Measure id.
    pub id: String,
    /// Title of that version.
    pub title: String,
    /// Version number.
    pub version: i64,
    /// First day in force.
    pub effective_from: String,
    /// Who published it.
    pub published_by: String,
    /// Whether that version archives the measure.
    pub archives: bool,
}

/// A measure closing soon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingRow {
    /// Measure id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Last day in force.
    pub expires_on: String,
    /// Days from today to that day (0 on the last day).
    pub days_left: i64,
}

/// One bar of a chart, or one row of a count list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// What is counted: a state or category slug, a week's Monday, a measure id.
    pub key: String,
    /// Its English name where it has one (a category's, a measure's title), else empty.
    pub label: String,
    /// How many.
    pub count: u64,
}
