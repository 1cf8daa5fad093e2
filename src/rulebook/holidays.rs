//! Days that are not working days for a deadline in working days: the
//! Dutch public holidays computed for any year (`holidays = "nl"`), and
//! dates a rulebook lists itself.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// When Liberation Day (5 May) is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiberationDay {
    EveryYear,
    /// Only in years divisible by five (2025, 2030), as most collective
    /// agreements for municipalities have it.
    Lustrum,
    Never,
}

/// The Dutch calendar's choices a municipality makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dutch {
    pub good_friday: bool,
    pub liberation_day: LiberationDay,
}

impl Default for Dutch {
    fn default() -> Self {
        Dutch {
            good_friday: false,
            liberation_day: LiberationDay::Lustrum,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    /// The Dutch public holidays, when the rulebook asks for them.
    pub dutch: Option<Dutch>,
    /// Dates the rulebook lists (local days off, or the whole list).
    pub listed: BTreeSet<NaiveDate>,
}

impl Holidays {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.listed.contains(&day) || self.dutch.is_some_and(|d| d.is_holiday(day))
    }

    /// For a hand-kept list (no `"nl"` calendar): a warning when it holds
    /// no date in `year`, so working days there would count every public
    /// holiday as a working day.
    pub fn gap(&self, year: i32) -> Option<String> {
        if self.dutch.is_some() || self.listed.iter().any(|d| d.year() == year) {
            return None;
        }
        Some(crate::tr!("rb-holiday-gap", year = year))
    }
}

impl Dutch {
    pub fn is_holiday(self, day: NaiveDate) -> bool {
        let year = day.year();
        let md = (day.month(), day.day());
        if matches!(md, (1, 1) | (12, 25) | (12, 26)) {
            return true;
        }
        // King's Day: 27 April, or the 26th when the 27th is a Sunday.
        let kings = NaiveDate::from_ymd_opt(year, 4, 27).map(|d| {
            if d.weekday() == Weekday::Sun {
                d.pred_opt().unwrap_or(d)
            } else {
                d
            }
        });
        if kings == Some(day) {
            return true;
        }
        let liberation = match self.liberation_day {
            LiberationDay::EveryYear => true,
            LiberationDay::Lustrum => year % 5 == 0,
            LiberationDay::Never => false,
        };
        if liberation && md == (5, 5) {
            return true;
        }
        let Some(easter) = easter_sunday(year) else {
            return false;
        };
        let offset = |days: i64| {
            if days >= 0 {
                easter.checked_add_days(Days::new(days.unsigned_abs()))
            } else {
                easter.checked_sub_days(Days::new(days.unsigned_abs()))
            }
        };
        let mut movable = vec![offset(0), offset(1), offset(39), offset(49), offset(50)];
        if self.good_friday {
            movable.push(offset(-2));
        }
        movable.contains(&Some(day))
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm of
/// Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_in_known_years() {
        // Published dates of Easter Sunday.
        for (year, date) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(year), Some(d(date)), "{year}");
        }
    }

    #[test]
    fn the_dutch_holidays_of_2026_and_2025() {
        let nl = Dutch::default();
        // 2026, from the government's list.
        for day in [
            "2026-01-01",
            "2026-04-05",
            "2026-04-06",
            "2026-04-27",
            "2026-05-14",
            "2026-05-24",
            "2026-05-25",
            "2026-12-25",
            "2026-12-26",
        ] {
            assert!(nl.is_holiday(d(day)), "{day}");
        }
        for day in ["2026-04-03", "2026-05-05", "2026-04-26", "2026-05-15"] {
            assert!(!nl.is_holiday(d(day)), "{day}");
        }
        // 2025 is a lustrum year: Liberation Day off. King's Day 2025 is a
        // Sunday: the 26th instead.
        assert!(nl.is_holiday(d("2025-05-05")));
        assert!(nl.is_holiday(d("2025-04-26")) && !nl.is_holiday(d("2025-04-27")));
        let with_friday = Dutch {
            good_friday: true,
            ..nl
        };
        assert!(with_friday.is_holiday(d("2026-04-03")));
    }
}
