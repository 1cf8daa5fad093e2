//! Dates as partner exports and the BRP write them, including the partial
//! birth dates of the register (`00` for an unknown day or month).

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::fmt;

/// The layouts a profile may fix. Without one, every value is recognised by
/// its shape, which is unambiguous for these four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum DateFormat {
    #[serde(rename = "dd-mm-jjjj")]
    DayMonthYear,
    #[serde(rename = "d-m-jjjj")]
    ShortDayMonthYear,
    #[serde(rename = "jjjj-mm-dd")]
    YearMonthDay,
    #[serde(rename = "jjjjmmdd")]
    Compact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    Empty,
    /// Not in any known date layout (or not in the one the profile fixes).
    Unreadable,
    /// Readable, but no such day exists (31-02, month 13, year 0).
    Impossible,
    /// A day or month is unknown where a full date is required.
    Partial,
}

/// A date whose day or month may be unknown (`0`), as the BRP keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl PartialDate {
    pub fn full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.into(), self.month.into(), self.day.into())
    }

    /// Whole years of age on `on`; with an unknown month or day the person
    /// is taken to be born at the start of the known period.
    pub fn age_on(&self, on: NaiveDate) -> Option<u32> {
        let month = u32::from(self.month.max(1));
        let day = u32::from(self.day.max(1));
        let year = i32::from(self.year);
        let mut age = on.year() - year;
        if (on.month(), on.day()) < (month, day) {
            age -= 1;
        }
        u32::try_from(age).ok()
    }
}

/// Written as `jjjj-mm-dd` with `00` for unknown parts.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parses a date that may be partial (a birth date).
pub fn parse_partial(raw: &str, format: Option<DateFormat>) -> Result<PartialDate, DateError> {
    let s = raw.trim();
    // Timestamps from spreadsheets: keep the date part.
    let s = s.split([' ', 'T']).next().unwrap_or("");
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let (shape, y, m, d) = split_date(s).ok_or(DateError::Unreadable)?;
    if let Some(fixed) = format {
        let fits = match fixed {
            DateFormat::DayMonthYear | DateFormat::ShortDayMonthYear => shape == Shape::DayFirst,
            DateFormat::YearMonthDay => shape == Shape::YearFirst,
            DateFormat::Compact => shape == Shape::Compact,
        };
        if !fits {
            return Err(DateError::Unreadable);
        }
    }
    let date = PartialDate {
        year: y,
        month: m,
        day: d,
    };
    if !(1800..=2200).contains(&y) || m > 12 || d > 31 {
        return Err(DateError::Impossible);
    }
    if m != 0 && d != 0 && date.full().is_none() {
        return Err(DateError::Impossible);
    }
    Ok(date)
}

/// Parses a date that must be complete (date received, arrear start).
pub fn parse_full(raw: &str, format: Option<DateFormat>) -> Result<NaiveDate, DateError> {
    let p = parse_partial(raw, format)?;
    if p.month == 0 || p.day == 0 {
        return Err(DateError::Partial);
    }
    p.full().ok_or(DateError::Impossible)
}

#[derive(Debug, PartialEq, Eq)]
enum Shape {
    DayFirst,
    YearFirst,
    Compact,
}

fn split_date(s: &str) -> Option<(Shape, u16, u8, u8)> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let (year, rest) = s.split_at_checked(4)?;
        let (month, day) = rest.split_at_checked(2)?;
        return Some((
            Shape::Compact,
            year.parse().ok()?,
            month.parse().ok()?,
            day.parse().ok()?,
        ));
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if [a, b, c]
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    match (a.len(), b.len(), c.len()) {
        (4, 1..=2, 1..=2) => Some((
            Shape::YearFirst,
            a.parse().ok()?,
            b.parse().ok()?,
            c.parse().ok()?,
        )),
        (1..=2, 1..=2, 4) => Some((
            Shape::DayFirst,
            c.parse().ok()?,
            b.parse().ok()?,
            a.parse().ok()?,
        )),
        _ => None,
    }
}

/// `2 november 2026`.
pub fn dutch_date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or_default();
    format!("{} {month} {}", d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: u16, m: u8, d: u8) -> PartialDate {
        PartialDate {
            year: y,
            month: m,
            day: d,
        }
    }

    #[test]
    fn the_four_layouts() {
        assert_eq!(parse_partial("07-03-1985", None), Ok(p(1985, 3, 7)));
        assert_eq!(parse_partial("7-3-1985", None), Ok(p(1985, 3, 7)));
        assert_eq!(parse_partial("1985-03-07", None), Ok(p(1985, 3, 7)));
        assert_eq!(parse_partial("19850307", None), Ok(p(1985, 3, 7)));
        assert_eq!(
            parse_partial("1985-03-07 00:00:00", None),
            Ok(p(1985, 3, 7))
        );
    }

    #[test]
    fn partial_dates_keep_zero_parts() {
        assert_eq!(parse_partial("00-00-1985", None), Ok(p(1985, 0, 0)));
        assert_eq!(parse_partial("19850300", None), Ok(p(1985, 3, 0)));
        assert_eq!(
            parse_partial("1985-03-00", None).unwrap().to_string(),
            "1985-03-00"
        );
        assert_eq!(parse_full("00-03-1985", None), Err(DateError::Partial));
    }

    #[test]
    fn impossible_and_unreadable() {
        assert_eq!(
            parse_partial("31-02-1980", None),
            Err(DateError::Impossible)
        );
        assert_eq!(
            parse_partial("29-02-1981", None),
            Err(DateError::Impossible)
        );
        assert_eq!(parse_partial("29-02-1980", None), Ok(p(1980, 2, 29)));
        assert_eq!(
            parse_partial("01-13-1980", None),
            Err(DateError::Impossible)
        );
        assert_eq!(parse_partial("7-3-85", None), Err(DateError::Unreadable));
        assert_eq!(
            parse_partial("maart 1985", None),
            Err(DateError::Unreadable)
        );
        assert_eq!(parse_partial("", None), Err(DateError::Empty));
    }

    #[test]
    fn a_fixed_format_refuses_other_shapes() {
        let iso = Some(DateFormat::YearMonthDay);
        assert_eq!(parse_partial("1985-03-07", iso), Ok(p(1985, 3, 7)));
        assert_eq!(parse_partial("07-03-1985", iso), Err(DateError::Unreadable));
    }

    #[test]
    fn age_counts_whole_years() {
        let on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        assert_eq!(p(2000, 10, 1).age_on(on), Some(26));
        assert_eq!(p(2000, 10, 2).age_on(on), Some(25));
        assert_eq!(p(2000, 0, 0).age_on(on), Some(26));
    }
}
