//! Money and rates as integers: whole yuan, and rates in basis points. No floats anywhere.
use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount of money in whole yuan (CNY).
pub type Yuan = i64;

/// A rate in basis points: 1% = 100 bp, 100% = 10,000 bp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rate(u32);

/// Largest rate a measure may state (100%).
pub const FULL_RATE_BP: u32 = 10_000;

/// 100% in basis points: a percentage fact holds hundredths of a percent.
pub const FULL_PERCENT: i64 = 10_000;

impl Rate {
    /// A rate from basis points.
    pub const fn from_bp(bp: u32) -> Self {
        Rate(bp)
    }

    /// The rate in basis points.
    pub const fn bp(self) -> u32 {
        self.0
    }

    /// `base x rate`, rounded down to the whole yuan (the texts never grant fractions of a yuan).
    pub fn apply(self, base: Yuan) -> Yuan {
        let product = i128::from(base) * i128::from(self.0) / i128::from(FULL_RATE_BP);
        // A rate is at most 100% (checked on load), so the product never exceeds the base.
        product.clamp(i128::from(Yuan::MIN), i128::from(Yuan::MAX)) as Yuan
    }
}

impl From<Rate> for String {
    fn from(r: Rate) -> String {
        r.to_string()
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Percentage(i64::from(self.0)))
    }
}

/// Formats yuan with thousands separators: 1234567 -> "1,234,567".
pub fn format_yuan(amount: Yuan) -> String {
    Thousands(amount).to_string()
}

/// Yuan with thousands separators, written straight into a formatter (no intermediate string):
/// `Thousands(1234567)` displays as "1,234,567".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thousands(pub Yuan);

impl fmt::Display for Thousands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // At most 20 digits (u64::MAX), written from the right into a fixed buffer.
        let mut digits = [0u8; 20];
        let mut n = self.0.unsigned_abs();
        let mut len = 0;
        loop {
            digits[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let mut out = [0u8; 27];
        let mut o = 0;
        if self.0 < 0 {
            out[o] = b'-';
            o += 1;
        }
        for i in (0..len).rev() {
            out[o] = digits[i];
            o += 1;
            if i > 0 && i % 3 == 0 {
                out[o] = b',';
                o += 1;
            }
        }
        // Only ASCII digits, commas and a minus sign were written.
        f.write_str(std::str::from_utf8(&out[..o]).map_err(|_| fmt::Error)?)
    }
}

/// A percentage in basis points as people write it: 6250 is "62.5%", 1225 "12.25%", 5000
/// "50%".
pub fn format_percent(bp: i64) -> String {
    Percentage(bp).to_string()
}

/// Basis points displayed as a percentage, straight into a formatter (rates in traces use it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Percentage(pub i64);

impl fmt::Display for Percentage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, fraction) = (self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100);
        if fraction == 0 {
            write!(f, "{sign}{whole}%")
        } else if fraction.is_multiple_of(10) {
            write!(f, "{sign}{whole}.{}%", fraction / 10)
        } else {
            write!(f, "{sign}{whole}.{fraction:02}%")
        }
    }
}

/// A closed range of money: exact when `low == high`; "up to" when `low == 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyRange {
    /// The smallest amount the text allows.
    pub low: Yuan,
    /// The largest amount the text allows.
    pub high: Yuan,
}

impl MoneyRange {
    /// An exact amount.
    pub const fn exact(amount: Yuan) -> Self {
        MoneyRange {
            low: amount,
            high: amount,
        }
    }

    /// Whether the range is a single figure.
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }

    /// Sum of two ranges, saturating.
    pub fn plus(self, other: MoneyRange) -> MoneyRange {
        MoneyRange {
            low: self.low.saturating_add(other.low),
            high: self.high.saturating_add(other.high),
        }
    }

    /// The range with both ends capped at `cap`.
    pub fn capped(self, cap: Yuan) -> MoneyRange {
        MoneyRange {
            low: self.low.min(cap),
            high: self.high.min(cap),
        }
    }
}

impl fmt::Display for MoneyRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_exact() {
            write!(f, "{} yuan", Thousands(self.low))
        } else if self.low == 0 {
            write!(f, "up to {} yuan", Thousands(self.high))
        } else {
            write!(
                f,
                "{} to {} yuan",
                Thousands(self.low),
                Thousands(self.high)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_rates() {
        assert_eq!(Rate::parse("10%").unwrap().bp(), 1000);
        assert_eq!(Rate::parse("12.5%").unwrap().bp(), 1250);
        assert_eq!(Rate::parse("0.25%").unwrap().bp(), 25);
        assert_eq!(Rate::parse("12.5%").unwrap().to_string(), "12.5%");
        assert_eq!(Rate::parse("0.25%").unwrap().to_string(), "0.25%");
        assert!(Rate::parse("10").is_err());
        assert!(Rate::parse("1.234%").is_err());
        assert!(Rate::parse("-5%").is_err());
        assert!(Rate::parse("abc%").is_err());
    }

    #[test]
    fn applies_rates_in_whole_yuan() {
        assert_eq!(Rate::parse("10%").unwrap().apply(4_000_000), 400_000);
        assert_eq!(Rate::parse("50%").unwrap().apply(1_200_000), 600_000);
        assert_eq!(Rate::parse("33.33%").unwrap().apply(100), 33);
    }

    #[test]
    fn formats_yuan() {
        assert_eq!(format_yuan(0), "0");
        assert_eq!(format_yuan(400_000), "400,000");
        assert_eq!(format_yuan(20_000_000), "20,000,000");
        assert_eq!(format_yuan(-1234), "-1,234");
        assert_eq!(format_yuan(-123), "-123");
        assert_eq!(format_yuan(1_000), "1,000");
        assert_eq!(format_yuan(100_000), "100,000");
        assert_eq!(format_yuan(i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(format_yuan(i64::MAX), "9,223,372,036,854,775,807");
        assert_eq!(MoneyRange { low: 0, high: 5 }.to_string(), "up to 5 yuan");
    }
}
