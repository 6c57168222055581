//! The last phase of an assessment: what the outcomes add up to. Grants, awards, subsidies and
//! refunds make the total; financing (equity, loans, guarantees) is summed apart; monthly
//! amounts whose duration the text does not state are summed per month.
use super::formula::Benefit;
use super::measure::SupportType;
use super::money::{MoneyRange, Yuan};
use super::outcome::Note;
use super::outcome::{MeasureOutcome, Verdict};

/// The sums of an assessment (see [`Assessment`](super::outcome::Assessment)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Sum of counted grants, awards, subsidies and refunds.
    pub total: MoneyRange,
    /// Sum of counted equity investments, loans and guarantees.
    pub financing_total: MoneyRange,
    /// Sum of monthly amounts whose duration the text does not state.
    pub monthly_total: Yuan,
}

/// Whether a support type is financing rather than a grant.
pub fn is_financing(support: SupportType) -> bool {
    matches!(
        support,
        SupportType::EquityInvestment | SupportType::LoanOrGuarantee
    )
}

/// Sums the eligible outcomes' counted money; financing outcomes get a note saying they are
/// shown apart from the total.
pub fn totals(outcomes: &mut [MeasureOutcome]) -> Totals {
    let mut total = MoneyRange::exact(0);
    let mut financing_total = MoneyRange::exact(0);
    let mut monthly_total: Yuan = 0;
    for o in outcomes
        .iter_mut()
        .filter(|o| o.verdict == Verdict::Eligible)
    {
        let financing = is_financing(o.measure.support);
        if let (Some(c), true) = (o.counted, financing) {
            financing_total = financing_total.plus(c);
            o.notes.push(Note::Financing);
        } else if let Some(c) = o.counted {
            total = total.plus(c);
        } else if let Some(Benefit::Monthly {
            per_month,
            months: None,
        }) = &o.benefit
        {
            monthly_total = monthly_total.saturating_add(*per_month);
        }
    }
    Totals {
        total,
        financing_total,
        monthly_total,
    }
}
