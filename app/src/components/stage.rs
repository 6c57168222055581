//! An application's stage in the reader's language.
use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};
use crate::policy::application::Stage;

/// The stage's name in the current language.
pub fn stage_label(stage: Stage) -> String {
    let i18n = use_i18n();
    match stage {
        Stage::Draft => t_string!(i18n, stage_draft),
        Stage::Submitted => t_string!(i18n, stage_submitted),
        Stage::ConditionallyAccepted => t_string!(i18n, stage_conditionally_accepted),
        Stage::ChangesRequested => t_string!(i18n, stage_changes_requested),
        Stage::Accepted => t_string!(i18n, stage_accepted),
        Stage::UnderReview => t_string!(i18n, stage_under_review),
        Stage::Approved => t_string!(i18n, stage_approved),
        Stage::Rejected => t_string!(i18n, stage_rejected),
        Stage::Paid => t_string!(i18n, stage_paid),
    }
    .to_string()
}

/// The stage as a badge, with its name for tests in `data-stage`.
#[component]
pub fn StageBadge(
    /// The stage.
    stage: Stage,
) -> impl IntoView {
    let colour = match stage {
        Stage::Approved | Stage::Paid => "border-green-800 bg-green-50 text-green-900",
        Stage::Rejected => "border-red-800 bg-red-50 text-red-900",
        Stage::ConditionallyAccepted | Stage::ChangesRequested => {
            "border-amber-800 bg-amber-50 text-amber-950"
        }
        _ => "border-blue-800 bg-blue-50 text-blue-950",
    };
    view! {
        <span class=format!("inline-block rounded border px-2 py-0.5 text-sm font-semibold {colour}") data-testid="stage" data-stage=stage.slug()>
            {stage_label(stage)}
        </span>
    }
}
