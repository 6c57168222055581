//! An application for a measure, and the moves between its stages: the "policy fulfillment
//! acceptance window" and the "conditional acceptance mechanism" of NingWeiFa [2020] No. 1,
//! item 18.
//!
//! ```text
//! draft -> submitted -> accepted ----------------> under review -> approved -> paid
//!              |   \         ^                         |   \
//!              |    conditionally accepted ------------+    rejected
//!              |      (missing materials, a deadline)  |
//!              +-> changes requested -> submitted <----+
//! ```
//!
//! A reviewer may also reject from any stage before a decision except a draft.
//!
//! The applicant submits, completes missing materials and answers a request for changes; a
//! reviewer does everything else. Each move is checked here, with the date passed in (no
//! clock): [`next`] says the new stage or why the move is refused.
use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::money::Yuan;

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Kept, not sent: the applicant may still change it.
    Draft,
    /// Sent, waiting at the acceptance window.
    Submitted,
    /// Accepted with materials missing, to be added by a deadline.
    ConditionallyAccepted,
    /// Sent back to the applicant with a message.
    ChangesRequested,
    /// Accepted: complete, waiting for review.
    Accepted,
    /// Being reviewed.
    UnderReview,
    /// Granted, with the amount.
    Approved,
    /// Refused, with the reason.
    Rejected,
    /// The amount granted was paid.
    Paid,
}

impl Stage {
    /// Every stage, in the order of the journey.
    pub const ALL: [Stage; 9] = [
        Stage::Draft,
        Stage::Submitted,
        Stage::ConditionallyAccepted,
        Stage::ChangesRequested,
        Stage::Accepted,
        Stage::UnderReview,
        Stage::Approved,
        Stage::Rejected,
        Stage::Paid,
    ];

    /// The name stored in the database and used in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Submitted => "submitted",
            Stage::ConditionallyAccepted => "conditionally_accepted",
            Stage::ChangesRequested => "changes_requested",
            Stage::Accepted => "accepted",
            Stage::UnderReview => "under_review",
            Stage::Approved => "approved",
            Stage::Rejected => "rejected",
            Stage::Paid => "paid",
        }
    }

    /// Reads a stored name.
    pub fn from_slug(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.slug() == s)
    }

    /// Whether nothing can happen to the application any more.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Rejected | Stage::Paid)
    }

    /// Whether the application has passed the acceptance window (accepted, conditionally or
    /// not, or decided since).
    pub fn is_accepted(self) -> bool {
        matches!(
            self,
            Stage::ConditionallyAccepted
                | Stage::Accepted
                | Stage::UnderReview
                | Stage::Approved
                | Stage::Rejected
                | Stage::Paid
        )
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Draft => "draft",
            Stage::Submitted => "submitted",
            Stage::ConditionallyAccepted => "conditionally accepted",
            Stage::ChangesRequested => "changes requested",
            Stage::Accepted => "accepted",
            Stage::UnderReview => "under review",
            Stage::Approved => "approved",
            Stage::Rejected => "rejected",
            Stage::Paid => "paid",
        })
    }
}

/// Who makes a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The person or organisation applying (holder of the application's link).
    Applicant,
    /// Acceptance staff.
    Reviewer,
}

/// A move on an application, with what it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "move", rename_all = "snake_case")]
pub enum Move {
    /// The applicant sends the application (again, after a request for changes).
    Submit,
    /// The window accepts a complete application.
    Accept,
    /// The window accepts with materials missing, to be added by `deadline`; again on a
    /// conditionally accepted application, it changes the list or extends the deadline.
    AcceptConditionally {
        /// The materials still needed.
        missing: Vec<String>,
        /// The last day to add them.
        deadline: Date,
        /// A message to the applicant besides the list and the deadline (may be empty).
        #[serde(default)]
        note: String,
    },
    /// The applicant has added every missing material, on or before the deadline.
    CompleteMaterials,
    /// The reviewer sends the application back with a message.
    RequestChanges {
        /// What to change.
        message: String,
    },
    /// The reviewer starts the review.
    StartReview,
    /// The reviewer grants an amount.
    Approve {
        /// The amount granted, in yuan (0 for a measure that grants no money).
        amount: Yuan,
    },
    /// The reviewer refuses, with the reason.
    Reject {
        /// Why.
        reason: String,
    },
    /// The amount granted was paid.
    MarkPaid,
}

impl Move {
    /// The move's name, for the audit log and messages.
    pub fn name(&self) -> &'static str {
        match self {
            Move::Submit => "submit",
            Move::Accept => "accept",
            Move::AcceptConditionally { .. } => "accept conditionally",
            Move::CompleteMaterials => "complete materials",
            Move::RequestChanges { .. } => "request changes",
            Move::StartReview => "start review",
            Move::Approve { .. } => "approve",
            Move::Reject { .. } => "reject",
            Move::MarkPaid => "mark paid",
        }
    }

    /// Who may make this move.
    pub fn actor(&self) -> Actor {
        match self {
            Move::Submit | Move::CompleteMaterials => Actor::Applicant,
            _ => Actor::Reviewer,
        }
    }

    /// Whether the move may start from `stage` (what else it needs is checked by [`next`]).
    pub fn starts_from(&self, stage: Stage) -> bool {
        self.route().0.contains(&stage)
    }

    /// The stages this move may start from, and where it leads.
    fn route(&self) -> (&'static [Stage], Stage) {
        use Stage::*;
        match self {
            Move::Submit => (&[Draft, ChangesRequested], Submitted),
            Move::Accept => (&[Submitted, ConditionallyAccepted], Accepted),
            Move::AcceptConditionally { .. } => {
                (&[Submitted, ConditionallyAccepted], ConditionallyAccepted)
            }
            Move::CompleteMaterials => (&[ConditionallyAccepted], Accepted),
            Move::RequestChanges { .. } => (&[Submitted, UnderReview], ChangesRequested),
            Move::StartReview => (&[Accepted], UnderReview),
            Move::Approve { .. } => (&[Accepted, UnderReview], Approved),
            Move::Reject { .. } => (
                &[
                    Submitted,
                    ConditionallyAccepted,
                    ChangesRequested,
                    Accepted,
                    UnderReview,
                ],
                Rejected,
            ),
            Move::MarkPaid => (&[Approved], Paid),
        }
    }
}

/// What a move is checked against besides the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Situation {
    /// Today.
    pub today: Date,
    /// The deadline for missing materials, when conditionally accepted.
    pub deadline: Option<Date>,
    /// How many of the missing materials have not been added yet.
    pub outstanding: usize,
}

/// Why a move is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// The move does not start from this stage.
    NotFrom {
        /// The move.
        action: String,
        /// The stage the application is in.
        stage: Stage,
    },
    /// The move is the other side's.
    NotYours {
        /// The move.
        action: String,
        /// Who may make it.
        actor: Actor,
    },
    /// A conditional acceptance must name the missing materials.
    NothingMissing,
    /// A deadline must come after today.
    DeadlineNotAhead {
        /// The deadline given.
        deadline: Date,
    },
    /// The deadline for the missing materials has passed.
    DeadlinePassed {
        /// The deadline.
        deadline: Date,
    },
    /// Some missing materials have not been added.
    MaterialsOutstanding {
        /// How many.
        count: usize,
    },
    /// A request for changes or a refusal needs its words.
    NeedsText {
        /// The field: "message" or "reason".
        field: &'static str,
    },
    /// An amount granted cannot be negative.
    NegativeAmount,
}

impl Refusal {
    /// The form field the refusal is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Refusal::NothingMissing => Some("missing"),
            Refusal::DeadlineNotAhead { .. } | Refusal::DeadlinePassed { .. } => Some("deadline"),
            Refusal::MaterialsOutstanding { .. } => Some("materials"),
            Refusal::NeedsText { field } => Some(field),
            Refusal::NegativeAmount => Some("amount"),
            Refusal::NotFrom { .. } | Refusal::NotYours { .. } => None,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotFrom { action, stage } => {
                write!(
                    f,
                    "an application that is {stage} cannot be given \"{action}\""
                )
            }
            Refusal::NotYours { action, actor } => {
                let who = match actor {
                    Actor::Applicant => "the applicant",
                    Actor::Reviewer => "acceptance staff",
                };
                write!(f, "only {who} can \"{action}\"")
            }
            Refusal::NothingMissing => f.write_str("name at least one missing material"),
            Refusal::DeadlineNotAhead { deadline } => {
                write!(f, "the deadline {deadline} must be after today")
            }
            Refusal::DeadlinePassed { deadline } => write!(
                f,
                "the deadline for the missing materials ({deadline}) has passed"
            ),
            Refusal::MaterialsOutstanding { count } => {
                write!(f, "{count} missing material(s) still to be added")
            }
            Refusal::NeedsText { field } => write!(f, "write the {field}"),
            Refusal::NegativeAmount => f.write_str("the amount granted cannot be negative"),
        }
    }
}

/// The stage `mv` by `actor` leads to from `stage`, or why it is refused.
pub fn next(stage: Stage, actor: Actor, mv: &Move, at: &Situation) -> Result<Stage, Refusal> {
    if mv.actor() != actor {
        return Err(Refusal::NotYours {
            action: mv.name().into(),
            actor: mv.actor(),
        });
    }
    let (from, to) = mv.route();
    if !from.contains(&stage) {
        return Err(Refusal::NotFrom {
            action: mv.name().into(),
            stage,
        });
    }
    match mv {
        Move::AcceptConditionally {
            missing, deadline, ..
        } => {
            if missing.iter().all(|m| m.trim().is_empty()) {
                return Err(Refusal::NothingMissing);
            }
            if *deadline <= at.today {
                return Err(Refusal::DeadlineNotAhead {
                    deadline: *deadline,
                });
            }
        }
        Move::CompleteMaterials => {
            if let Some(deadline) = at.deadline.filter(|d| at.today > *d) {
                return Err(Refusal::DeadlinePassed { deadline });
            }
            if at.outstanding > 0 {
                return Err(Refusal::MaterialsOutstanding {
                    count: at.outstanding,
                });
            }
        }
        Move::RequestChanges { message } if message.trim().is_empty() => {
            return Err(Refusal::NeedsText { field: "message" })
        }
        Move::Reject { reason } if reason.trim().is_empty() => {
            return Err(Refusal::NeedsText { field: "reason" })
        }
        Move::Approve { amount } if *amount < 0 => return Err(Refusal::NegativeAmount),
        _ => {}
    }
    Ok(to)
}

/// The working days within which an application should pass the acceptance window (the
/// provincial practice promises acceptance within a few working days; staff see which take
/// longer).
pub const ACCEPTANCE_WORKING_DAYS: i64 = 5;

/// Whether acceptance took, or is taking, longer than [`ACCEPTANCE_WORKING_DAYS`]: from the
/// day of submission to the day of acceptance, or to today while still waiting.
pub fn acceptance_late(submitted: Date, accepted: Option<Date>, today: Date) -> bool {
    submitted.working_days_until(accepted.unwrap_or(today)) > ACCEPTANCE_WORKING_DAYS
}

/// Whether a conditionally accepted application is past its deadline with materials still
/// missing: it is flagged for staff, never dropped.
pub fn overdue(stage: Stage, at: &Situation) -> bool {
    stage == Stage::ConditionallyAccepted
        && at.outstanding > 0
        && at.deadline.is_some_and(|d| at.today > d)
}

#[cfg(test)]
#[path = "application_tests.rs"]
mod tests;
