//! The application form for one measure: the answers of a stored result, the engine's
//! estimate for the measure on the catalog in force, and the materials it asks for.
use super::super::auth::long_token;
use super::super::clock::today;
use super::super::results;
use super::super::store::Backend;
use super::super::views::answer_figures;
use crate::policy::engine::{assess, Verdict};
use crate::policy::Beneficiary;
use crate::wire::applications::ApplyForm;
use crate::wire::errors::AppError;

/// The form for `measure_id` with the answers of the result `result` (none: the form says to
/// check eligibility first). `None` when no measure with this id is in force.
pub async fn apply_form(
    backend: &Backend,
    measure_id: &str,
    result: &str,
) -> Result<Option<ApplyForm>, AppError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let Some(measure) = catalog.measures.iter().find(|m| m.id == measure_id) else {
        return Ok(None);
    };
    let facts = if result.is_empty() {
        None
    } else {
        results::facts(backend, result).await?
    };
    let mut form = ApplyForm {
        measure_id: measure.id.clone(),
        title: measure.title.clone(),
        citation: measure.citation.short(),
        result: String::new(),
        eligible: false,
        reason: None,
        amount: String::new(),
        trace: Vec::new(),
        materials: measure.required_materials(&catalog.vocabulary),
        answers: Vec::new(),
        for_individuals: measure.beneficiary == Beneficiary::Individual,
        key: long_token()?,
    };
    let Some(facts) = facts else {
        return Ok(Some(form));
    };
    form.result = result.to_string();
    form.answers = answer_figures(&catalog.vocabulary, &facts);
    let assessment = assess(catalog, &facts, today());
    if let Some(o) = assessment
        .outcomes
        .iter()
        .find(|o| o.measure.id == measure.id)
    {
        form.trace = o.trace();
        form.amount = o.benefit.as_ref().map(|b| b.describe()).unwrap_or_default();
        match o.verdict {
            Verdict::Eligible => form.eligible = true,
            Verdict::NeedsInfo => {
                form.reason = Some("more answers are needed to decide".into());
            }
            _ => form.reason = o.reason_text(),
        }
    }
    Ok(Some(form))
}
