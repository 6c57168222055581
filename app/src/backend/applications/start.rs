//! Starting an application: the form checked again on the server, the engine run for the
//! measure on the catalog in force, and the application kept as a draft.
use sqlx::FromRow;

use super::super::auth::{hash_token, long_token};
use super::super::clock::{now_rfc3339, today};
use super::super::store::Backend;
use super::super::tokens::token;
use crate::policy::credit_code::CreditCode;
use crate::policy::engine::{assess, Verdict};
use crate::policy::Catalog;
use crate::wire::applications::{ApplicantKind, NewApplication, Started};
use crate::wire::assessment::MeasureOutcome;
use crate::wire::errors::{AppError, FieldError};

/// The longest name, e-mail address or material name kept.
const MAX_TEXT: usize = 200;

/// The form, checked: what is stored.
struct Checked {
    name: String,
    credit_code: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// Starts an application as a draft and returns its id and link token. The same idempotency
/// key again answers the same application (with a fresh link token while it is a draft, the
/// old one no longer opening it), never a second one.
pub async fn start(backend: &Backend, new: NewApplication) -> Result<Started, AppError> {
    let mut errors = Vec::new();
    let key_ok = idempotency_key_ok(&new.idempotency_key);
    if !key_ok {
        push(
            &mut errors,
            "idempotency_key",
            "The form's key must be 16 to 64 letters, digits, \"-\" or \"_\". Reload the form and try again.",
        );
    }
    let checked = check_form(&new, &mut errors);
    if errors.is_empty() {
        if let Some(started) = repeated(backend, &new).await? {
            return Ok(started);
        }
    }
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let estimate = estimate(catalog, &new, &mut errors);
    let (Some(checked), Some((version, estimate)), true) = (checked, estimate, errors.is_empty())
    else {
        return Err(AppError::fields(errors));
    };
    let id = token()?;
    let link_token = long_token()?;
    let now = now_rfc3339();
    let inserted = sqlx::query(
        "INSERT INTO applications (id, link_hash, idempotency_key, measure_id, measure_version, stage, applicant_kind, applicant_name, credit_code, contact_email, contact_phone, answers, estimate, missing, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '[]', $14, $14)",
    )
    .bind(id.clone())
    .bind(hash_token(&link_token))
    .bind(hash_token(&new.idempotency_key))
    .bind(new.measure_id.clone())
    .bind(version)
    .bind(crate::policy::application::Stage::Draft.slug())
    .bind(new.applicant_kind.slug())
    .bind(checked.name)
    .bind(checked.credit_code)
    .bind(checked.email)
    .bind(checked.phone)
    .bind(json(&new.answers)?)
    .bind(json(&estimate)?)
    .bind(now)
    .execute(backend.pool())
    .await;
    match inserted {
        Ok(_) => Ok(Started { id, link_token }),
        // The same key sent twice at once: the other request made the application.
        Err(e) => repeated(backend, &new).await?.ok_or_else(|| e.into()),
    }
}

/// An application already started with the same key.
#[derive(FromRow)]
struct Earlier {
    id: String,
    measure_id: String,
    stage: String,
}

/// The answer to a key sent again: the same application, or a conflict when the key was
/// used for another measure or the application has left the draft stage.
async fn repeated(backend: &Backend, new: &NewApplication) -> Result<Option<Started>, AppError> {
    let key = hash_token(&new.idempotency_key);
    let earlier = sqlx::query_as::<_, Earlier>(
        "SELECT id, measure_id, stage FROM applications WHERE idempotency_key = $1",
    )
    .bind(key.clone())
    .fetch_optional(backend.pool())
    .await?;
    let Some(earlier) = earlier else {
        return Ok(None);
    };
    if earlier.measure_id != new.measure_id {
        return Err(AppError::conflict(
            "This form was already used to apply for another measure. Reload the form to start a new application.",
        ));
    }
    if earlier.stage != crate::policy::application::Stage::Draft.slug() {
        return Err(AppError::conflict(
            "This application has already been submitted. Open it with the link you were given.",
        ));
    }
    let link_token = long_token()?;
    sqlx::query("UPDATE applications SET link_hash = $1 WHERE id = $2 AND idempotency_key = $3")
        .bind(hash_token(&link_token))
        .bind(earlier.id.clone())
        .bind(key)
        .execute(backend.pool())
        .await?;
    Ok(Some(Started {
        id: earlier.id,
        link_token,
    }))
}

/// The measure's version in force and the engine's outcome for it, when the applicant is
/// eligible; otherwise a field error.
fn estimate(
    catalog: &Catalog,
    new: &NewApplication,
    errors: &mut Vec<FieldError>,
) -> Option<(i64, MeasureOutcome)> {
    let Some(measure) = catalog.measures.iter().find(|m| m.id == new.measure_id) else {
        push(
            errors,
            "measure_id",
            "There is no measure with this id in force.",
        );
        return None;
    };
    let problems = catalog.vocabulary.check_facts(&new.answers);
    if !problems.is_empty() {
        for (field, message) in problems {
            push(errors, &field, &message);
        }
        return None;
    }
    let assessment = assess(catalog, &new.answers, today());
    let outcome = assessment
        .outcomes
        .iter()
        .find(|o| o.measure.id == measure.id)?;
    match outcome.verdict {
        Verdict::Eligible => Some((i64::from(measure.version), MeasureOutcome::from(outcome))),
        Verdict::NeedsInfo => {
            let label = |f: &&str| {
                catalog
                    .vocabulary
                    .get(f)
                    .map(|d| d.label.clone())
                    .unwrap_or_else(|| f.to_string())
            };
            let missing: Vec<String> = outcome.missing.iter().map(label).collect();
            push(
                errors,
                "answers",
                &format!("More answers are needed: {}.", missing.join(", ")),
            );
            None
        }
        _ => {
            let why = outcome.reason_text().unwrap_or_default();
            push(
                errors,
                "answers",
                &format!("You are not eligible for this measure: it {why}."),
            );
            None
        }
    }
}

/// Checks the applicant's details; `None` when one is refused (the reason is in `errors`).
fn check_form(new: &NewApplication, errors: &mut Vec<FieldError>) -> Option<Checked> {
    let before = errors.len();
    let name = new.applicant_name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_TEXT {
        push(
            errors,
            "applicant_name",
            "Enter the name of the organisation or person applying (at most 200 characters).",
        );
    }
    let code = new
        .credit_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let credit_code = match (code, new.applicant_kind) {
        (None, ApplicantKind::Organisation) => {
            push(
                errors,
                "credit_code",
                "Enter the organisation's unified social credit code (18 characters).",
            );
            None
        }
        (None, ApplicantKind::Individual) => None,
        (Some(c), _) => match CreditCode::parse(c) {
            Ok(code) => Some(code.to_string()),
            Err(problem) => {
                push(errors, "credit_code", &format!("{problem}."));
                None
            }
        },
    };
    let email = optional(&new.contact_email);
    if email.as_deref().is_some_and(|e| !email_ok(e)) {
        push(
            errors,
            "contact_email",
            "Enter an e-mail address such as name@example.cn.",
        );
    }
    let phone = optional(&new.contact_phone);
    if phone.as_deref().is_some_and(|p| !phone_ok(p)) {
        push(
            errors,
            "contact_phone",
            "Enter a telephone number of 6 to 20 digits, \"+\", \"-\" or spaces.",
        );
    }
    (errors.len() == before).then_some(Checked {
        name,
        credit_code,
        email,
        phone,
    })
}

fn push(errors: &mut Vec<FieldError>, field: &str, message: &str) {
    errors.push(FieldError {
        field: field.into(),
        message: message.into(),
    });
}

fn optional(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// 16 to 64 of `A-Z a-z 0-9 _ -`.
fn idempotency_key_ok(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The shape of an e-mail address: something, one "@", a domain with a dot, no spaces.
pub(crate) fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

/// 6 to 20 of digits, "+", "-" and spaces, with at least 6 digits.
fn phone_ok(phone: &str) -> bool {
    (6..=20).contains(&phone.chars().count())
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == '-' || c == ' ')
        && phone.chars().filter(char::is_ascii_digit).count() >= 6
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(super::super::error::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_keys_addresses_and_numbers() {
        assert!(idempotency_key_ok("abcDEF-123_45678"));
        assert!(!idempotency_key_ok("short"));
        assert!(!idempotency_key_ok("has space in it!!"));
        assert!(email_ok("chen@example.cn"));
        assert!(!email_ok("chen@example"));
        assert!(!email_ok("chen example@x.cn"));
        assert!(!email_ok("@x.cn"));
        assert!(phone_ok("+86 25-8888 1234"));
        assert!(!phone_ok("12345"));
        assert!(!phone_ok("025-8888x1234"));
    }
}
