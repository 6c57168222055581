//! Online applications for one measure: what the applicant sends to start one, what the
//! applicant and staff see of it, and the staff queue.
use serde::{Deserialize, Serialize};

use crate::policy::application::Stage;
use crate::policy::{Date, Facts, Yuan};
use crate::wire::assessment::MeasureOutcome;
use crate::wire::catalog::Figure;

/// A stored UTC timestamp (`YYYY-MM-DDTHH:MM:SS...Z`) as the day and minute in Nanjing
/// (UTC+8, the day the server's `clock::today` counts in): `2026-12-03 02:49`.
pub fn nanjing_time(at: &str) -> Option<(Date, String)> {
    let day = Date::parse(at.get(..10)?).ok()?;
    let hour: i64 = at.get(11..13)?.parse().ok()?;
    let minute = at.get(14..16)?;
    let local = hour + 8;
    let day = if local >= 24 { day.add_days(1) } else { day };
    Some((day, format!("{day} {:02}:{minute}", local % 24)))
}

/// Who applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    /// An enterprise, institution or other organisation (with a credit code).
    Organisation,
    /// A person.
    Individual,
}

impl ApplicantKind {
    /// The name stored in the database.
    pub fn slug(self) -> &'static str {
        match self {
            ApplicantKind::Organisation => "organisation",
            ApplicantKind::Individual => "individual",
        }
    }

    /// Reads a stored name.
    pub fn from_slug(s: &str) -> Option<ApplicantKind> {
        [ApplicantKind::Organisation, ApplicantKind::Individual]
            .into_iter()
            .find(|k| k.slug() == s)
    }
}

/// A new application, as the applicant sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewApplication {
    /// The measure applied for.
    pub measure_id: String,
    /// The answers, by fact name, as the wizard keeps them.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub answers: Facts,
    /// Organisation or individual.
    pub applicant_kind: ApplicantKind,
    /// The organisation's or person's name.
    pub applicant_name: String,
    /// The unified social credit code (organisations only).
    pub credit_code: Option<String>,
    /// An e-mail address for news of the application.
    pub contact_email: Option<String>,
    /// A telephone number.
    pub contact_phone: Option<String>,
    /// A key the client makes once per application (16-64 of `A-Z a-z 0-9 _ -`), so sending
    /// the same form twice starts one application.
    pub idempotency_key: String,
}

/// A started application: its id and the applicant's link token (shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Started {
    /// The application's id.
    pub id: String,
    /// The secret in the applicant's link; only its hash is kept.
    pub link_token: String,
}

/// A file stored for a required material (the bytes are kept elsewhere).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StoredMaterial {
    /// The file's name as uploaded.
    pub file_name: String,
    /// Its media type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// Its SHA-256, in hex.
    pub sha256: String,
}

/// A material uploaded for an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MaterialView {
    /// Its id.
    pub id: String,
    /// Which required material it answers.
    pub material: String,
    /// The file.
    pub file: StoredMaterial,
    /// When (UTC, RFC 3339).
    pub uploaded_at: String,
}

/// One step of an application's journey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventView {
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The stage reached.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub stage: Stage,
    /// "applicant" or the staff member's e-mail address.
    pub actor: String,
    /// The message, reason or details, if any.
    pub message: Option<String>,
}

/// An application with its journey, for the applicant and for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApplicationView {
    /// Its id.
    pub id: String,
    /// The measure applied for.
    pub measure_id: String,
    /// The measure's version in force when it was started.
    pub measure_version: i64,
    /// Where it stands.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub stage: Stage,
    /// Organisation or individual.
    pub applicant_kind: ApplicantKind,
    /// The applicant's name.
    pub applicant_name: String,
    /// The unified social credit code.
    pub credit_code: Option<String>,
    /// The contact e-mail address.
    pub contact_email: Option<String>,
    /// The contact telephone number.
    pub contact_phone: Option<String>,
    /// The answers given.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub answers: Facts,
    /// The engine's estimate for the measure, with its trace and citation.
    pub estimate: MeasureOutcome,
    /// The materials still asked for (conditional acceptance).
    pub missing: Vec<String>,
    /// The last day to add them.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub deadline: Option<Date>,
    /// The amount granted, in yuan.
    pub amount_granted: Option<Yuan>,
    /// Started (UTC, RFC 3339).
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// First submitted.
    pub submitted_at: Option<String>,
    /// Accepted, conditionally or not.
    pub accepted_at: Option<String>,
    /// Approved or rejected.
    pub decided_at: Option<String>,
    /// The optimistic lock a staff move must quote.
    pub lock_version: i64,
    /// The journey, oldest first.
    pub events: Vec<EventView>,
    /// The materials uploaded, oldest first.
    pub materials: Vec<MaterialView>,
    /// Missing materials not uploaded yet.
    pub outstanding: Vec<String>,
    /// Past the deadline with materials still missing.
    pub overdue: bool,
    /// Acceptance took, or is taking, longer than the working days promised.
    pub acceptance_late: bool,
    /// The materials the measure asks for (its own list or the general one).
    pub required_materials: Vec<String>,
    /// The answers in words, with the questions' labels.
    pub answer_figures: Vec<Figure>,
}

impl ApplicationView {
    /// The estimate in words ("" when the engine gave no benefit).
    pub fn estimate_text(&self) -> String {
        self.estimate
            .benefit
            .as_ref()
            .map(|b| b.describe())
            .unwrap_or_default()
    }

    /// Whether the applicant may still add materials: before a decision, and for a
    /// conditional acceptance until the deadline (`today` from the server).
    pub fn takes_materials(&self, today: Date) -> bool {
        match self.stage {
            Stage::Draft | Stage::Submitted | Stage::ChangesRequested => true,
            Stage::ConditionallyAccepted => self.deadline.is_none_or(|d| today <= d),
            _ => false,
        }
    }
}

/// The application form for one measure, from a stored result: what the applicant sees before
/// starting an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyForm {
    /// The measure.
    pub measure_id: String,
    /// Its title.
    pub title: String,
    /// "doc, item N".
    pub citation: String,
    /// The stored result the answers come from ("" when none was given).
    pub result: String,
    /// Whether the answers make the applicant eligible.
    pub eligible: bool,
    /// Why not, when not eligible (or what is still needed).
    pub reason: Option<String>,
    /// The estimate in words.
    pub amount: String,
    /// The calculation, each step with its citation.
    pub trace: Vec<String>,
    /// The materials the measure asks for.
    pub materials: Vec<String>,
    /// The answers in words.
    pub answers: Vec<Figure>,
    /// Whether the measure is meant for a person (not an organisation).
    pub for_individuals: bool,
    /// A fresh idempotency key for the form, made on the server.
    pub key: String,
}

/// Time to acceptance and to decision for one measure (staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTime {
    /// The measure.
    pub measure_id: String,
    /// Applications submitted.
    pub submitted: i64,
    /// Of those, accepted (conditionally or not).
    pub accepted: i64,
    /// Mean working days from submission to acceptance, in tenths.
    pub mean_acceptance_tenths: Option<i64>,
    /// The longest, in working days.
    pub max_acceptance_days: Option<i64>,
    /// Decided (approved or rejected).
    pub decided: i64,
    /// Mean working days from submission to decision, in tenths.
    pub mean_decision_tenths: Option<i64>,
    /// Applications whose acceptance took, or is taking, more than the promised working days.
    pub late: i64,
    /// Approved with an amount: the sum granted and the sum of the estimates' upper ends.
    pub granted_total: i64,
    /// The estimates' upper ends for the same approved applications.
    pub estimated_total: i64,
    /// Approved applications whose amount differs from the estimate's range.
    pub differing: i64,
}

/// Which applications the staff queue shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueFilter {
    /// Only this measure.
    pub measure: Option<String>,
    /// Only this stage.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub stage: Option<Stage>,
    /// Only those past their deadline with materials missing.
    #[serde(default)]
    pub overdue_only: bool,
    /// Part of the applicant's name, the credit code or the id.
    pub q: Option<String>,
    /// The page, from 0.
    #[serde(default)]
    pub page: u32,
}

/// One application in the staff queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueRow {
    /// Its id.
    pub id: String,
    /// The measure applied for.
    pub measure_id: String,
    /// Where it stands.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub stage: Stage,
    /// The applicant's name.
    pub applicant_name: String,
    /// The unified social credit code.
    pub credit_code: Option<String>,
    /// First submitted (UTC, RFC 3339).
    pub submitted_at: Option<String>,
    /// Working days since submission (or since it was started, for a draft).
    pub age_working_days: i64,
    /// The deadline for missing materials, when conditionally accepted.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub deadline: Option<Date>,
    /// Past the deadline with materials missing.
    pub overdue: bool,
    /// Acceptance took, or is taking, too long.
    pub acceptance_late: bool,
    /// The optimistic lock a staff move must quote.
    pub lock_version: i64,
}

/// A page of the staff queue, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueView {
    /// The applications on this page.
    pub rows: Vec<QueueRow>,
    /// How many match the filter in all.
    pub total: i64,
    /// This page, from 0.
    pub page: u32,
    /// Rows per page.
    pub per_page: u32,
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_read_in_nanjing_time() {
        let (day, text) = super::nanjing_time("2026-12-02T18:49:05Z").unwrap();
        assert_eq!(
            (day.to_string(), text.as_str()),
            ("2026-12-03".into(), "2026-12-03 02:49")
        );
        let (day, text) = super::nanjing_time("2026-12-31T15:59:59Z").unwrap();
        assert_eq!(
            (day.to_string(), text.as_str()),
            ("2026-12-31".into(), "2026-12-31 23:59")
        );
        assert!(super::nanjing_time("yesterday").is_none());
    }
}
