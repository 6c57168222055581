//! Service-time figures for staff: per measure, the working days from submission to
//! acceptance and to decision, the applications whose acceptance exceeded the promised
//! working days, and how the amounts granted compare with the estimates.
use std::collections::BTreeMap;

use super::super::store::Backend;
use super::{day_of, select_applications, Application, ApplicationRow};
use crate::policy::application::{acceptance_late, Stage};
use crate::policy::Date;
use crate::wire::applications::ServiceTime;
use crate::wire::errors::AppError;

/// The figures for every measure with a submitted application, by measure id.
pub async fn service_times(backend: &Backend, today: Date) -> Result<Vec<ServiceTime>, AppError> {
    let rows = sqlx::query_as::<_, ApplicationRow>(select_applications!(
        "WHERE submitted_at IS NOT NULL ORDER BY measure_id, id"
    ))
    .fetch_all(backend.pool())
    .await?;
    let mut by_measure: BTreeMap<String, Tally> = BTreeMap::new();
    for row in rows {
        let app = Application::try_from(row)?;
        by_measure
            .entry(app.row.measure_id.clone())
            .or_default()
            .add(&app, today);
    }
    Ok(by_measure
        .into_iter()
        .map(|(measure_id, t)| t.figures(measure_id))
        .collect())
}

#[derive(Default)]
struct Tally {
    submitted: i64,
    acceptance_days: Vec<i64>,
    decision_days: Vec<i64>,
    late: i64,
    granted: i64,
    estimated: i64,
    differing: i64,
}

impl Tally {
    fn add(&mut self, app: &Application, today: Date) {
        let Some(submitted) = app.row.submitted_at.as_deref().and_then(day_of) else {
            return;
        };
        self.submitted += 1;
        let accepted = app.row.accepted_at.as_deref().and_then(day_of);
        if let Some(a) = accepted {
            self.acceptance_days.push(submitted.working_days_until(a));
        }
        if acceptance_late(submitted, accepted, today) {
            self.late += 1;
        }
        if let Some(d) = app.row.decided_at.as_deref().and_then(day_of) {
            self.decision_days.push(submitted.working_days_until(d));
        }
        let approved = matches!(app.stage, Stage::Approved | Stage::Paid);
        if let (true, Some(granted)) = (approved, app.row.amount_granted) {
            let range = app
                .estimate
                .counted
                .as_ref()
                .or(match &app.estimate.benefit {
                    Some(crate::wire::assessment::Benefit::Money { amount }) => Some(amount),
                    _ => None,
                });
            let (low, high) = range.map_or((0, 0), |r| (r.low, r.high));
            self.granted += granted;
            self.estimated += high;
            if granted < low || granted > high {
                self.differing += 1;
            }
        }
    }

    fn figures(self, measure_id: String) -> ServiceTime {
        let mean = |v: &[i64]| {
            (!v.is_empty())
                .then(|| (v.iter().sum::<i64>() * 10 + v.len() as i64 / 2) / v.len() as i64)
        };
        ServiceTime {
            measure_id,
            submitted: self.submitted,
            accepted: self.acceptance_days.len() as i64,
            mean_acceptance_tenths: mean(&self.acceptance_days),
            max_acceptance_days: self.acceptance_days.iter().copied().max(),
            decided: self.decision_days.len() as i64,
            mean_decision_tenths: mean(&self.decision_days),
            late: self.late,
            granted_total: self.granted,
            estimated_total: self.estimated,
            differing: self.differing,
        }
    }
}
