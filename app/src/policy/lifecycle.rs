//! A measure's lifecycle state on a day, derived from its dates and what staff recorded, so it
//! changes by itself when a date passes: *announced* (not yet in force), *open*, *closing soon*
//! (within [`CLOSING_SOON_DAYS`] of its stated expiry), *expired*, *superseded* (a later text
//! replaces it) and *budget exhausted* (recorded by staff with a date).
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::measure::Measure;

/// Days before a stated expiry in which a measure is "closing soon".
pub const CLOSING_SOON_DAYS: i64 = 30;

/// The state of a measure on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// Published, in force from a later day.
    Announced,
    /// In force.
    Open,
    /// In force, its stated expiry within [`CLOSING_SOON_DAYS`].
    ClosingSoon,
    /// Past its stated expiry.
    Expired,
    /// Replaced by a later text.
    Superseded,
    /// In force, but its budget is exhausted (staff said so).
    BudgetExhausted,
}

impl Lifecycle {
    /// Every state, in the order the catalog lists them.
    pub const ALL: [Lifecycle; 6] = [
        Lifecycle::Announced,
        Lifecycle::Open,
        Lifecycle::ClosingSoon,
        Lifecycle::Expired,
        Lifecycle::Superseded,
        Lifecycle::BudgetExhausted,
    ];

    /// The state's slug (URLs, the API).
    pub fn slug(self) -> &'static str {
        match self {
            Lifecycle::Announced => "announced",
            Lifecycle::Open => "open",
            Lifecycle::ClosingSoon => "closing_soon",
            Lifecycle::Expired => "expired",
            Lifecycle::Superseded => "superseded",
            Lifecycle::BudgetExhausted => "budget_exhausted",
        }
    }

    /// The state a slug names.
    pub fn from_slug(s: &str) -> Option<Lifecycle> {
        Lifecycle::ALL.into_iter().find(|l| l.slug() == s)
    }

    /// The state's name in English (the catalog's filter; pages word it in the reader's
    /// language).
    pub fn label(self) -> &'static str {
        match self {
            Lifecycle::Announced => "Announced",
            Lifecycle::Open => "Open",
            Lifecycle::ClosingSoon => "Closing soon",
            Lifecycle::Expired => "Expired",
            Lifecycle::Superseded => "Superseded",
            Lifecycle::BudgetExhausted => "Budget exhausted",
        }
    }

    /// Whether the measure can be applied for in this state.
    pub fn in_force(self) -> bool {
        matches!(
            self,
            Lifecycle::Open | Lifecycle::ClosingSoon | Lifecycle::BudgetExhausted
        )
    }
}

/// The dates a measure's state is derived from (kept by the search index, which is built once
/// per catalog, so the state is derived again on every day it is asked for).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LifeDates {
    /// First day in force.
    pub effective_from: Date,
    /// Last day in force, if stated.
    pub expires_on: Option<Date>,
    /// First day of a replacement, if any.
    pub superseded_on: Option<Date>,
    /// The day its budget was announced exhausted, if it was.
    pub budget_exhausted_on: Option<Date>,
}

impl LifeDates {
    /// The dates of `m`.
    pub fn of(m: &Measure) -> LifeDates {
        LifeDates {
            effective_from: m.effective_from,
            expires_on: m.expires_on,
            superseded_on: m.superseded.as_ref().map(|s| s.on),
            budget_exhausted_on: m.budget_exhausted_on,
        }
    }

    /// The state on `today`. A replacement that has taken effect comes first, then the
    /// measure's own dates, then a recorded budget exhaustion (from its day on).
    pub fn state(self, today: Date) -> Lifecycle {
        if self.superseded_on.is_some_and(|on| today >= on) {
            return Lifecycle::Superseded;
        }
        if today < self.effective_from {
            return Lifecycle::Announced;
        }
        if let Some(end) = self.expires_on {
            if today > end {
                return Lifecycle::Expired;
            }
        }
        if self.budget_exhausted_on.is_some_and(|d| today >= d) {
            return Lifecycle::BudgetExhausted;
        }
        match self.expires_on {
            Some(end) if end.day_number() - today.day_number() <= CLOSING_SOON_DAYS => {
                Lifecycle::ClosingSoon
            }
            _ => Lifecycle::Open,
        }
    }
}

/// The state of `m` on `today` (see [`LifeDates::state`]).
pub fn lifecycle(m: &Measure, today: Date) -> Lifecycle {
    LifeDates::of(m).state(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::measure::Supersession;

    fn day(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    fn measure(from: &str, until: Option<&str>) -> Measure {
        let mut m = Measure::blank("nwf-2020-1", day(from));
        m.expires_on = until.map(day);
        m
    }

    #[test]
    fn announced_until_the_first_day_then_open() {
        let m = measure("2027-01-01", None);
        assert_eq!(lifecycle(&m, day("2026-12-31")), Lifecycle::Announced);
        assert_eq!(lifecycle(&m, day("2027-01-01")), Lifecycle::Open);
    }

    #[test]
    fn closing_soon_from_thirty_days_before_the_last_day_through_it_then_expired() {
        let m = measure("2020-01-01", Some("2026-12-31"));
        assert_eq!(
            lifecycle(&m, day("2026-11-30")),
            Lifecycle::Open,
            "31 days left"
        );
        assert_eq!(
            lifecycle(&m, day("2026-12-01")),
            Lifecycle::ClosingSoon,
            "30 days left"
        );
        assert_eq!(
            lifecycle(&m, day("2026-12-31")),
            Lifecycle::ClosingSoon,
            "last day"
        );
        assert_eq!(lifecycle(&m, day("2027-01-01")), Lifecycle::Expired);
        assert!(m.in_force_on(day("2026-12-31")));
        assert!(!m.in_force_on(day("2027-01-01")));
    }

    #[test]
    fn superseded_from_the_replacements_day_and_not_in_force_then() {
        let mut m = measure("2020-01-01", Some("2030-12-31"));
        m.superseded = Some(Supersession {
            by: "nwf-2026-1".into(),
            on: day("2026-07-01"),
        });
        assert_eq!(lifecycle(&m, day("2026-06-30")), Lifecycle::Open);
        assert!(m.in_force_on(day("2026-06-30")));
        assert_eq!(lifecycle(&m, day("2026-07-01")), Lifecycle::Superseded);
        assert!(!m.in_force_on(day("2026-07-01")));
    }

    #[test]
    fn budget_exhausted_from_its_day_while_in_force() {
        let mut m = measure("2020-01-01", Some("2026-12-31"));
        m.budget_exhausted_on = Some(day("2026-05-10"));
        assert_eq!(lifecycle(&m, day("2026-05-09")), Lifecycle::Open);
        assert_eq!(lifecycle(&m, day("2026-05-10")), Lifecycle::BudgetExhausted);
        // Past the expiry, expired wins.
        assert_eq!(lifecycle(&m, day("2027-01-01")), Lifecycle::Expired);
        assert!(Lifecycle::BudgetExhausted.in_force());
    }

    #[test]
    fn slugs_read_back() {
        for l in Lifecycle::ALL {
            assert_eq!(Lifecycle::from_slug(l.slug()), Some(l));
        }
        assert_eq!(Lifecycle::from_slug("closed"), None);
    }
}
