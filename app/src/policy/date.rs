//! Calendar dates without a clock: the "as of" date is always an argument.
use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date (proleptic Gregorian), ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, checked.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, String> {
        if !(1900..=2999).contains(&year) {
            return Err(format!("year {year} is out of range 1900-2999"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} is not 1-12"));
        }
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            return Err(format!("day {day} does not exist in {year}-{month:02}"));
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("\"{text}\" is not a date in the form YYYY-MM-DD");
        let mut parts = text.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let y = y.parse().map_err(|_| bad())?;
        let m = m.parse().map_err(|_| bad())?;
        let d = d.parse().map_err(|_| bad())?;
        Date::new(y, m, d)
    }

    /// The day before this one.
    pub fn pred(self) -> Date {
        if self.day > 1 {
            return Date {
                day: self.day - 1,
                ..self
            };
        }
        let (year, month) = if self.month == 1 {
            (self.year - 1, 12)
        } else {
            (self.year, self.month - 1)
        };
        (28..=31)
            .rev()
            .find_map(|d| Date::new(year, month, d).ok())
            .unwrap_or(self)
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// Days since 1970-01-01 (negative before).
    pub fn day_number(self) -> i64 {
        // Days from civil (H. Hinnant's algorithm), with March as the first month.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        // Civil from days (H. Hinnant's algorithm), the inverse of `day_number`.
        let z = self.day_number() + days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(y as u16, m as u8, d as u8).unwrap_or(self)
    }

    /// Whether the day is a Saturday or a Sunday.
    pub fn is_weekend(self) -> bool {
        // 1970-01-01 was a Thursday: day numbers 2 and 3 (mod 7) are Saturday and Sunday.
        matches!(self.day_number().rem_euclid(7), 2 | 3)
    }

    /// The working days (Monday to Friday) after this date up to and including `later`; 0 when
    /// `later` is not after it. Public holidays are not counted out.
    pub fn working_days_until(self, later: Date) -> i64 {
        let (from, to) = (self.day_number(), later.day_number());
        if to <= from {
            return 0;
        }
        let days = to - from;
        let weeks = days / 7;
        let weekdays_in_rest = (1..=days % 7)
            .filter(|k| !matches!((from + k).rem_euclid(7), 2 | 3))
            .count() as i64;
        weeks * 5 + weekdays_in_rest
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Date::parse(&value)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_days_and_working_days() {
        let d = |s: &str| Date::parse(s).expect("date");
        assert_eq!(d("1970-01-01").day_number(), 0);
        assert_eq!(d("2000-03-01").day_number(), 11_017);
        assert_eq!(d("2026-12-02").day_number(), 20_789);
        assert_eq!(d("1969-12-31").day_number(), -1);
        // 2026-12-05 is a Saturday, 2026-12-07 a Monday.
        assert!(d("2026-12-05").is_weekend() && d("2026-12-06").is_weekend());
        assert!(!d("2026-12-04").is_weekend() && !d("2026-12-07").is_weekend());
        // Submitted on Wednesday 2 December: the fifth working day is Wednesday 9 December.
        assert_eq!(d("2026-12-02").working_days_until(d("2026-12-09")), 5);
        assert_eq!(d("2026-12-02").working_days_until(d("2026-12-10")), 6);
        // Friday to Monday is one working day; the same day or earlier is none.
        assert_eq!(d("2026-12-04").working_days_until(d("2026-12-07")), 1);
        assert_eq!(d("2026-12-04").working_days_until(d("2026-12-04")), 0);
        assert_eq!(d("2026-12-09").working_days_until(d("2026-12-02")), 0);
        // Across a year end and four whole weeks.
        assert_eq!(d("2026-12-28").working_days_until(d("2027-01-25")), 20);
        // Adding days undoes the day number, across month, leap-day and year ends.
        assert_eq!(d("2026-12-02").add_days(10), d("2026-12-12"));
        assert_eq!(d("2026-12-25").add_days(10), d("2027-01-04"));
        assert_eq!(d("2028-02-28").add_days(1), d("2028-02-29"));
        assert_eq!(d("2028-03-01").add_days(-1), d("2028-02-29"));
        for n in [-800, -1, 0, 1, 59, 365, 1461] {
            let day = d("2026-12-02").add_days(n);
            assert_eq!(day.day_number(), 20_789 + n);
        }
    }

    #[test]
    fn parses_checks_and_orders() {
        let a = Date::parse("2020-02-29").unwrap();
        assert!(Date::parse("2019-02-29").is_err());
        assert!(Date::parse("2020-13-01").is_err());
        assert!(Date::parse("20-01-01").is_err());
        assert!(a < Date::parse("2020-03-01").unwrap());
        assert_eq!(Date::parse("2020-03-01").unwrap().pred(), a);
        assert_eq!(
            Date::parse("2021-01-01").unwrap().pred().to_string(),
            "2020-12-31"
        );
    }
}
