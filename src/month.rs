//! The processing month, `YYYY-MM`.

// Parse, don't slice: user text is read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

use anyhow::{Result, bail};
use chrono::{Datelike, Months, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn next(self) -> Month {
        Month::of(self.first_day() + Months::new(1))
    }

    pub fn prev(self) -> Month {
        Month::of(self.first_day() - Months::new(1))
    }

    /// Months from `self` back to `earlier` (0 when equal).
    pub fn months_since(self, earlier: Month) -> i32 {
        (self.year - earlier.year) * 12 + self.month as i32 - earlier.month as i32
    }

    /// The first `YYYY-MM` inside a file or folder name.
    pub fn find_in(text: &str) -> Option<Month> {
        let b = text.as_bytes();
        (0..b.len().saturating_sub(6)).find_map(|i| {
            let candidate = text.get(i..i + 7)?;
            let before_ok = i == 0 || !b.get(i - 1).is_some_and(u8::is_ascii_digit);
            let after_ok = b.get(i + 7).is_none_or(|c| !c.is_ascii_digit());
            if before_ok && after_ok {
                Month::parse(candidate)
            } else {
                None
            }
        })
    }
}

impl Month {
    /// `YYYY-MM` or nothing; cheap, for scanning names (builds no error).
    pub fn parse(s: &str) -> Option<Month> {
        let (year, month) = s.split_once('-')?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !(digits(year, 4) && digits(month, 2)) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        ((1..=12).contains(&month) && year >= 2000).then_some(Month { year, month })
    }
}

impl FromStr for Month {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Month> {
        // Also as Dutch people write it: 10-2026.
        let swapped = s
            .split_once('-')
            .map(|(m, y)| format!("{y}-{m:0>2}"))
            .unwrap_or_default();
        match Month::parse(s).or_else(|| Month::parse(&swapped)) {
            Some(m) => Ok(m),
            None => bail!("{}", crate::tr!("not-a-month", value = s)),
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_steps() {
        let m: Month = "2026-01".parse().unwrap();
        assert_eq!(m.prev().to_string(), "2025-12");
        assert_eq!(m.next().to_string(), "2026-02");
        assert_eq!(m.last_day().to_string(), "2026-01-31");
        assert_eq!("2026-10".parse::<Month>().unwrap().months_since(m), 9);
        assert!("2026-13".parse::<Month>().is_err());
        assert!("26-10".parse::<Month>().is_err());
    }

    #[test]
    fn finds_the_month_in_a_path() {
        assert_eq!(
            Month::find_in("exports/2026-10/zorg.csv").map(|m| m.to_string()),
            Some("2026-10".into())
        );
        assert_eq!(
            Month::find_in("water_2026-09_v2.csv").map(|m| m.to_string()),
            Some("2026-09".into())
        );
        assert_eq!(Month::find_in("12026-099.csv"), None);
    }
}
