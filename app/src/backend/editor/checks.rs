//! Validating a measure with the catalog loader's own messages, running its worked examples,
//! and the editor's preview.
use std::collections::BTreeMap;

use crate::backend::clock::today;
use crate::backend::store::Backend;
use crate::policy::input::{parse_answer, RawAnswer};
use crate::policy::measure::id_problem;
use crate::policy::{
    check_example, evaluate_measure, Catalog, Facts, LoadErrors, Measure, Verdict,
};
use crate::wire::editor::{ExampleCheck, FactChoice, Preview};
use crate::wire::errors::AppError;
use crate::wire::errors::FieldError;
use crate::wire::facts_text::parse_items;

pub(super) fn field_errors(errors: LoadErrors) -> Vec<FieldError> {
    errors
        .0
        .into_iter()
        .map(|e| FieldError {
            field: e.field,
            message: e.message,
        })
        .collect()
}

/// The loader's verdict on the measure within today's catalog.
pub(super) fn validate(catalog: &Catalog, measure: &Measure) -> Result<Catalog, Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Some(message) = id_problem(&measure.id, Some(&measure.citation.doc)) {
        errors.push(FieldError {
            field: "id".into(),
            message,
        });
    }
    if measure.title.chars().count() > 300 {
        errors.push(FieldError {
            field: "title".into(),
            message: "at most 300 characters".into(),
        });
    }
    match catalog.with_measure(measure) {
        Ok(c) if errors.is_empty() => Ok(c),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(field_errors(e));
            Err(errors)
        }
    }
}

pub(super) fn run_examples(catalog: &Catalog, measure: &Measure) -> Vec<ExampleCheck> {
    measure
        .examples
        .iter()
        .map(|ex| match check_example(catalog, measure, ex) {
            Ok(()) => ExampleCheck {
                name: ex.name.clone(),
                passed: true,
                message: "gives the expected outcome".into(),
            },
            Err(e) => ExampleCheck {
                name: ex.name.clone(),
                passed: false,
                message: e,
            },
        })
        .collect()
}

/// Validates and previews without saving.
pub async fn preview(
    backend: &Backend,
    measure: &Measure,
    raw: &BTreeMap<String, String>,
) -> Result<Preview, AppError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let mut preview = Preview::default();
    let checked = match validate(catalog, measure) {
        Ok(c) => Some(c),
        Err(e) => {
            preview.errors = e;
            None
        }
    };
    let catalog = checked.as_ref().unwrap_or(catalog);
    preview.examples = run_examples(catalog, measure);
    let mut facts = Facts::new();
    for (name, text) in raw.iter().filter(|(_, t)| !t.trim().is_empty()) {
        let Some(def) = catalog.vocabulary.get(name) else {
            preview.errors.push(FieldError {
                field: format!("preview.{name}"),
                message: "not a declared fact".into(),
            });
            continue;
        };
        if def.fact_type == crate::policy::FactType::List {
            // A list is typed as the examples are: [{field = value, ...}, ...].
            match parse_items(&FactChoice::from_def(def), text) {
                Ok(v) => {
                    facts.insert(name.clone(), v);
                }
                Err(message) => preview.errors.push(FieldError {
                    field: format!("preview.{name}"),
                    message,
                }),
            }
            continue;
        }
        // Only a set is a list separated by commas; a number keeps its thousands separators.
        let answer = if def.fact_type == crate::policy::FactType::SetOf {
            RawAnswer::Choices(
                text.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            )
        } else {
            RawAnswer::Text(text.clone())
        };
        match parse_answer(def, &answer) {
            Ok(Some(v)) => {
                facts.insert(name.clone(), v);
            }
            Ok(None) => {}
            Err(message) => preview.errors.push(FieldError {
                field: format!("preview.{name}"),
                message,
            }),
        }
    }
    if !raw.is_empty() {
        let o = evaluate_measure(
            measure,
            &facts,
            &catalog.vocabulary,
            &catalog.rules,
            today(),
        );
        preview.outcome.push(match o.verdict {
            Verdict::Eligible => "Eligible.".to_string(),
            Verdict::NotEligible => {
                format!("Not eligible: {}", o.reason_text().unwrap_or_default())
            }
            Verdict::NeedsInfo => format!("Needs information: {}", o.missing.join(", ")),
            Verdict::NotInForce => format!(
                "Not in force today: {}",
                o.reason_text().unwrap_or_default()
            ),
        });
        preview.outcome.extend(o.trace());
    }
    Ok(preview)
}
