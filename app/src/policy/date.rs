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
