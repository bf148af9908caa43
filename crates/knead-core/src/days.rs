//! Day arithmetic on civil dates, done by jiff (never by string or naive math).

use jiff::SignedDuration;
use jiff::civil::Date;

const SECONDS_PER_DAY: i64 = 86_400;

/// `date` moved by `n` days (negative to go back), saturating at jiff's range.
pub fn add_days(date: Date, n: i64) -> Date {
    date.saturating_add(SignedDuration::from_secs(n.saturating_mul(SECONDS_PER_DAY)))
}

/// Whole days from `a` to `b` (`b - a`; negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    b.duration_since(a).as_secs() / SECONDS_PER_DAY
}

/// Monday of the ISO week holding `date`.
pub fn week_start(date: Date) -> Date {
    add_days(date, -i64::from(date.weekday().to_monday_zero_offset()))
}

/// `(year, month)`: the calendar month a day belongs to.
pub fn month_key(date: Date) -> (i16, i8) {
    (date.year(), date.month())
}

/// Every day from `from` to `to`, inclusive.
pub fn each_day(from: Date, to: Date) -> impl Iterator<Item = Date> {
    let n = days_between(from, to).max(-1);
    (0..=n).map(move |i| add_days(from, i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn arithmetic_crosses_months_and_leap_days() {
        assert_eq!(add_days(date(2028, 2, 28), 1), date(2028, 2, 29));
        assert_eq!(add_days(date(2028, 3, 1), -1), date(2028, 2, 29));
        assert_eq!(days_between(date(2026, 12, 25), date(2027, 1, 4)), 10);
        assert_eq!(days_between(date(2027, 1, 4), date(2026, 12, 25)), -10);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(date(2026, 11, 29)), date(2026, 11, 23));
        assert_eq!(week_start(date(2026, 11, 23)), date(2026, 11, 23));
        assert_eq!(each_day(date(2026, 1, 30), date(2026, 2, 2)).count(), 4);
        assert_eq!(each_day(date(2026, 2, 2), date(2026, 1, 30)).count(), 0);
    }
}
