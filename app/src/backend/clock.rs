//! Wall-clock time for timestamps and "today", kept out of the pure policy code.
use std::time::{SystemTime, UNIX_EPOCH};

use crate::policy::Date;

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, UTC).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Seconds since 1970 (UTC).
pub fn unix_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_rfc3339() -> String {
    rfc3339_at(unix_seconds())
}

/// A moment given in Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC), the form stored dates take,
/// so that stored dates compare with it as text.
pub fn rfc3339_at(s: i64) -> String {
    let (y, m, d) = civil_from_days(s.div_euclid(86_400));
    let t = s.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t % 3600 / 60,
        t % 60
    )
}

/// Today's date in UTC+8 (China Standard Time), the calendar the policies are written in.
pub fn today() -> Date {
    let (y, m, d) = civil_from_days((unix_seconds() + 8 * 3600).div_euclid(86_400));
    Date::new(y as u16, m as u8, d as u8).unwrap_or_else(|_| Date::new(2026, 1, 1).expect("valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(now_rfc3339().len(), 20);
    }
}
