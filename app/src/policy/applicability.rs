//! Phase 1 of a measure's evaluation: can the measure apply to this applicant at all? It must be
//! in force on the assessment date and open to the applicant's type. The minimum-years rules
//! that cover it are selected here too; the next phase checks them with the measure's condition.
use super::date::Date;
use super::fact::{Answers, FactValue};
use super::measure::{Beneficiary, Measure};
use super::outcome::Reason;
use super::outcome::Verdict;
use super::rules::{CrossRule, RuleKind};

/// The fact that says who is applying; its options match [`Beneficiary`] names.
pub const APPLICANT_KIND: &str = "applicant_kind";

/// Whether a measure can apply, before its condition is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applicability<'a> {
    /// In force and open to the applicant; `kind_missing` when the applicant's type is not yet
    /// answered (the measure then needs that answer too).
    Open {
        /// The applicant's type is not answered.
        kind_missing: bool,
    },
    /// Decided already: not in force on the date, or not for this type of applicant.
    Closed {
        /// [`Verdict::NotInForce`] or [`Verdict::NotEligible`].
        verdict: Verdict,
        /// Why.
        reason: Reason<'a>,
    },
}

/// Whether an applicant kind may receive a measure for this beneficiary type.
pub fn beneficiary_accepts(b: Beneficiary, kind: &str) -> bool {
    match b {
        Beneficiary::Enterprise => kind == "enterprise",
        Beneficiary::Individual => kind == "individual",
        Beneficiary::Team => kind == "individual" || kind == "enterprise",
        Beneficiary::Carrier => kind == "carrier",
        Beneficiary::Investor => kind == "investor",
        Beneficiary::Institution => kind == "institution",
        Beneficiary::ServiceProvider => kind == "service_provider",
    }
}

/// Phase 1: in force on `as_of`, and open to the applicant's type.
#[inline]
pub fn applicability<'a>(
    m: &'a Measure,
    facts: impl Answers<'a>,
    as_of: Date,
) -> Applicability<'a> {
    if !m.in_force_on(as_of) {
        return Applicability::Closed {
            verdict: Verdict::NotInForce,
            reason: match (&m.superseded, m.expires_on) {
                (_, Some(end)) if as_of > end => Reason::Expired(end),
                (Some(s), _) if as_of >= s.on && as_of >= m.effective_from => Reason::Superseded {
                    by: &s.by,
                    on: s.on,
                },
                _ => Reason::NotYetInForce(m.effective_from),
            },
        };
    }
    match facts.answer(APPLICANT_KIND) {
        None => Applicability::Open { kind_missing: true },
        Some(FactValue::Text(kind))
            if std::iter::once(&m.beneficiary)
                .chain(&m.also_for)
                .any(|b| beneficiary_accepts(*b, kind)) =>
        {
            Applicability::Open {
                kind_missing: false,
            }
        }
        Some(other) => Applicability::Closed {
            verdict: Verdict::NotEligible,
            reason: Reason::ApplicantType {
                beneficiary: m.beneficiary,
                answer: other,
            },
        },
    }
}

/// The minimum-years rules among `rules` that cover `m`.
pub fn year_rules_for<'a>(m: &Measure, rules: &'a [CrossRule]) -> Vec<&'a CrossRule> {
    rules
        .iter()
        .filter(|r| {
            matches!(r.kind, RuleKind::MinimumYears { .. }) && r.covers(&m.id, &m.citation.doc)
        })
        .collect()
}
