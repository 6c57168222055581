//! The eligibility wizard and its results: types shared with the browser and the server
//! functions that save answers and compute results (the browser never computes an amount).
use crate::wire::catalog::Figure;
use crate::wire::errors::FieldError;
use serde::{Deserialize, Serialize};

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceView {
    /// Value sent back.
    pub value: String,
    /// What a person reads.
    pub label: String,
}

/// A question as the form shows it, driven by the fact's metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    /// Fact name (the form field is `answers[<fact>]`).
    pub fact: String,
    /// The question.
    pub question: String,
    /// Help text.
    pub help: String,
    /// money, count, percent, bool, one_of, set_of, date or list.
    pub kind: String,
    /// Options of choice questions.
    pub options: Vec<ChoiceView>,
    /// Lowest allowed number (a percentage in basis points).
    pub min: Option<i64>,
    /// Highest allowed number (a percentage in basis points).
    pub max: Option<i64>,
    /// The answer as last typed (valid or not).
    pub value: String,
    /// What a typed number was understood as, in words ("3,000,000 yuan"), when the text
    /// differs from its normalised form ("300万"); shown under the field.
    pub understood: Option<String>,
    /// Ticked options of a set question.
    pub values: Vec<String>,
    /// What is wrong with the answer, if anything.
    pub error: Option<String>,
    /// Whether an answer is required.
    pub required: bool,
    /// A list question: what one entry is called ("project").
    #[serde(default)]
    pub item_label: String,
    /// A list question: its entries as the form shows them (at least one, maybe blank).
    #[serde(default)]
    pub rows: Vec<ItemRowView>,
    /// A list question: whether another entry may be added.
    #[serde(default)]
    pub can_add: bool,
    /// On the adaptive screens: what answering this settles.
    #[serde(default)]
    pub settles: Option<SettlesView>,
}

/// What answering a question settles, as the adaptive screens say it: "answering this settles
/// 7 measures worth up to 3,500,000 yuan", or "bears on 12 measures still open".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlesView {
    /// Measures it is the only missing answer of (answering decides each).
    pub measures: u32,
    /// The most those measures can pay together, in words ("3,500,000 yuan"); empty when
    /// none of them states a bound.
    pub worth: String,
    /// Measures still open whose verdict waits on it, among others.
    pub bears_on: u32,
}

/// One entry of a list question: its number and its fields (named `<list>.<n>.<field>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRowView {
    /// The entry's number, from 1.
    pub number: u32,
    /// "Project 2".
    pub legend: String,
    /// The entry's fields.
    pub fields: Vec<QuestionView>,
}

/// A step of the wizard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepInfo {
    /// URL slug.
    pub slug: String,
    /// Title (English; the page translates known slugs).
    pub title: String,
}

/// Everything a wizard step page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardPage {
    /// Session token ("" before the first save).
    pub session: String,
    /// This step.
    pub step: StepInfo,
    /// Steps that have questions, in order.
    pub steps: Vec<StepInfo>,
    /// Position of this step, from 1.
    pub position: u32,
    /// The questions.
    pub questions: Vec<QuestionView>,
    /// Errors of the last submission, for the summary.
    pub errors: Vec<FieldError>,
    /// Measure the wizard is focused on, if any.
    pub focus: Option<String>,
    /// Its title.
    pub focus_title: Option<String>,
    /// On the adaptive screens: answers given so far.
    #[serde(default)]
    pub answered: u32,
    /// On the adaptive screens: measures in scope still open.
    #[serde(default)]
    pub open_measures: u32,
    /// On the adaptive screens: measures in scope already eligible.
    #[serde(default)]
    pub eligible: u32,
}

/// One step's answers on the review page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSection {
    /// The step.
    pub step: StepInfo,
    /// Answers given.
    pub answers: Vec<Figure>,
}

/// The review page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPage {
    /// Session token.
    pub session: String,
    /// Steps with answers.
    pub sections: Vec<ReviewSection>,
    /// Steps that have questions (for the progress indicator).
    pub steps: Vec<StepInfo>,
}

/// A measure in the results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultItem {
    /// Measure id.
    pub id: String,
    /// Title.
    pub title: String,
    /// "doc, item N".
    pub citation: String,
    /// The benefit in words, e.g. "400,000 yuan" or "2,000 yuan a month".
    pub amount: String,
    /// Counted in the total after cross-measure rules, in words ("" if not money).
    pub counted: String,
    /// Upper end counted, in yuan (for the chart).
    pub counted_high: i64,
    /// Calculation steps with citations.
    pub trace: Vec<String>,
    /// Notes: interpretation, validity, rules applied.
    pub notes: Vec<String>,
}

/// Eligible measures of one category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultGroup {
    /// Category slug.
    pub category: String,
    /// Category name.
    pub label: String,
    /// Subtotal counted, in words.
    pub subtotal: String,
    /// Upper end of the subtotal, in yuan.
    pub subtotal_high: i64,
    /// The measures.
    pub items: Vec<ResultItem>,
}

/// A measure that needs more answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PendingItem {
    /// Measure id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The one or two answers that would decide it, first needed first.
    pub questions: Vec<String>,
    /// How many more answers it needs after those.
    #[serde(default)]
    pub more: u32,
}

/// A measure missed by one requirement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NearMiss {
    /// Measure id.
    pub id: String,
    /// Title.
    pub title: String,
    /// "doc, item N".
    pub citation: String,
    /// Why not, in plain words.
    pub reason: String,
}

/// A stored result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultView {
    /// Unguessable id of the result.
    pub id: String,
    /// Date the assessment applies to.
    pub as_of: String,
    /// Total of grants, awards, subsidies and refunds, in words.
    pub total: String,
    /// Total of financing (equity, loans, guarantees), in words, if any.
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub financing_total: Option<String>,
    /// Monthly amounts whose duration is not stated, in words, if any.
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub monthly_total: Option<String>,
    /// Eligible money measures by category.
    pub groups: Vec<ResultGroup>,
    /// Eligible measures that give no money.
    pub non_monetary: Vec<ResultItem>,
    /// Cross-measure rules applied, in words with citations.
    pub rules: Vec<String>,
    /// Measures that need more answers (among those explored).
    pub pending: Vec<PendingItem>,
    /// Measures not explored: outside the topics the applicant ticked, so not asked about.
    #[serde(default)]
    pub unexplored: u32,
    /// Measures missed by one requirement.
    pub near_misses: Vec<NearMiss>,
    /// The answers the result is based on.
    pub answers: Vec<Figure>,
    /// The catalog version it was computed with: a content hash of the measures and rules in
    /// force (empty for results older than versions).
    #[serde(default)]
    pub catalog_version: String,
}

/// What changed for a stored result since it was computed (`GET /api/v1/results/{id}/changes`):
/// the result recomputed from its answers on a day (today unless asked), and each measure that
/// gained, lost or changed its amount, with the published changes that caused it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultChanges {
    /// The result.
    pub id: String,
    /// The day the result was computed for.
    pub as_of: String,
    /// The catalog version it was computed with ("" for older results).
    pub catalog_version: String,
    /// The day it is recomputed for.
    pub recomputed_as_of: String,
    /// The catalog version in force that day.
    pub current_version: String,
    /// Whether the catalog in force differs.
    pub catalog_changed: bool,
    /// The total then and now, in words.
    pub total_before: String,
    /// The total recomputed.
    pub total_after: String,
    /// One line per measure whose outcome differs.
    pub lines: Vec<ChangeLine>,
}

/// A measure whose outcome differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangeLine {
    /// Measure id.
    pub measure: String,
    /// Its title.
    pub title: String,
    /// `gained` (now eligible), `lost` (no longer), or `amount` (eligible both times, another
    /// amount).
    pub kind: String,
    /// The amount counted before, in words ("" when not eligible).
    pub before: String,
    /// The amount counted now, in words ("" when not eligible).
    pub after: String,
    /// The published changes to the measure between the two versions that gave the outcomes;
    /// empty when the measure itself did not change (a rule or another measure did).
    pub causes: Vec<ChangeCause>,
}

/// One field of a measure changed by a published version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangeCause {
    /// The field, as a path (`formula.cap`).
    pub field: String,
    /// Its value in the version the result used.
    pub before: String,
    /// Its value in the version in force now.
    pub after: String,
    /// The version the result used.
    pub from_version: i64,
    /// The version in force now.
    pub to_version: i64,
    /// The day the new version takes effect.
    pub effective_from: String,
    /// The day it was published.
    pub published_on: String,
    /// The public page showing the two versions' differences.
    pub link: String,
}

/// A report of the award actually granted, as staff read it (never shown publicly).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardReportView {
    /// The report.
    pub id: String,
    /// The measure.
    pub measure: String,
    /// The result it was reported on.
    pub result: String,
    /// The estimate the result showed, in words.
    pub estimate: String,
    /// The amount reported as granted, in words.
    pub reported: String,
    /// The applicant's comment.
    pub comment: String,
    /// The calculation that produced the estimate, with its citations.
    pub trace: Vec<String>,
    /// When it was reported (RFC 3339).
    pub created_at: String,
    /// When staff marked it reviewed, and who; empty until then.
    pub reviewed_at: String,
    /// Who marked it reviewed.
    pub reviewed_by: String,
}
