//! Money amounts as written by Dutch and English exports, into integer cents.

use serde::Deserialize;

/// Which character separates the cents, when a profile fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum DecimalSeparator {
    #[serde(rename = ",")]
    Comma,
    #[serde(rename = ".")]
    Point,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
}

/// The sum of amounts in cents, never wrapping: amounts are capped at
/// ingest, so saturation is never reached in practice, and a damaged store
/// cannot make a total negative.
pub fn total_cents(amounts: impl IntoIterator<Item = i64>) -> i64 {
    amounts.into_iter().fold(0i64, i64::saturating_add)
}

/// Parses `1.234,56`, `1234.56`, `€ 1.234,56`, `EUR 12`, `-5,00` into cents.
///
/// Without a fixed separator the last `.` or `,` is the decimal separator when
/// one or two digits follow it; with three digits it groups thousands
/// (`1.234` is 1234 euro: no export writes tenths of cents).
pub fn parse_cents(raw: &str, decimal: Option<DecimalSeparator>) -> Result<i64, AmountError> {
    let mut s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}')
        .collect();
    if let Some(rest) = s.strip_prefix("EUR").or_else(|| s.strip_prefix("eur")) {
        s = rest.to_string();
    }
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.to_string();
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = true;
        s = rest.to_string();
    } else if let Some(inner) = s
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .filter(|r| !r.is_empty())
    {
        negative = true;
        s = inner.to_string();
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountError::NotANumber);
    }
    let decimal_char = match decimal {
        Some(DecimalSeparator::Comma) => Some(','),
        Some(DecimalSeparator::Point) => Some('.'),
        None => guess_decimal(&s),
    };
    let (int_part, frac_part) = match decimal_char.and_then(|d| s.rsplit_once(d).map(|p| (d, p))) {
        Some((d, (int_part, frac))) => {
            if frac.contains([',', '.'])
                || int_part.contains(d)
                || frac.is_empty()
                || frac.len() > 2
            {
                return Err(AmountError::NotANumber);
            }
            (int_part, frac)
        }
        None => (s.as_str(), ""),
    };
    let digits: String = int_part
        .chars()
        .filter(|c| *c != '.' && *c != ',')
        .collect();
    if !thousands_grouping_ok(int_part) || (digits.is_empty() && frac_part.is_empty()) {
        return Err(AmountError::NotANumber);
    }
    let euros: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| AmountError::NotANumber)?
    };
    let cents: i64 = match frac_part.len() {
        0 => 0,
        1 => {
            frac_part
                .parse::<i64>()
                .map_err(|_| AmountError::NotANumber)?
                * 10
        }
        _ => frac_part.parse().map_err(|_| AmountError::NotANumber)?,
    };
    let total = euros
        .checked_mul(100)
        .and_then(|e| e.checked_add(cents))
        .ok_or(AmountError::NotANumber)?;
    Ok(if negative { -total } else { total })
}

fn guess_decimal(s: &str) -> Option<char> {
    let i = s.rfind([',', '.'])?;
    let (before, from) = s.split_at_checked(i)?;
    let mut rest = from.chars();
    let c = rest.next()?;
    let after = rest.as_str().len();
    let other = if c == ',' { '.' } else { ',' };
    // "1.234,5" or "1,234.56": the last separator differs from an earlier one.
    if before.contains(other) || (1..=2).contains(&after) {
        Some(c)
    } else {
        None
    }
}

/// Separators inside the integer part must group by three.
fn thousands_grouping_ok(int_part: &str) -> bool {
    let mut groups = int_part.split(['.', ',']);
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    rest.is_empty() || (!first.is_empty() && first.len() <= 3 && rest.iter().all(|g| g.len() == 3))
}

/// Formats cents as a Dutch amount with a decimal comma: `1234,56`.
pub fn format_euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{},{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(s: &str) -> Result<i64, AmountError> {
        parse_cents(s, None)
    }

    #[test]
    fn dutch_and_english_notations() {
        assert_eq!(auto("1.234,56"), Ok(123_456));
        assert_eq!(auto("1234.56"), Ok(123_456));
        assert_eq!(auto("€ 1.234,56"), Ok(123_456));
        assert_eq!(auto("1,234.56"), Ok(123_456));
        assert_eq!(auto("1234,5"), Ok(123_450));
        assert_eq!(auto("75"), Ok(7_500));
        assert_eq!(auto("1.234"), Ok(123_400));
        assert_eq!(auto("EUR 12,00"), Ok(1_200));
        assert_eq!(auto("€\u{a0}85,10"), Ok(8_510));
    }

    #[test]
    fn signs() {
        assert_eq!(auto("-5,00"), Ok(-500));
        assert_eq!(auto("5,00-"), Ok(-500));
        assert_eq!(auto("(5,00)"), Ok(-500));
    }

    #[test]
    fn fixed_separator_wins_over_guess() {
        assert_eq!(
            parse_cents("1,234", Some(DecimalSeparator::Point)),
            Ok(123_400)
        );
        assert_eq!(
            parse_cents("1.234", Some(DecimalSeparator::Comma)),
            Ok(123_400)
        );
        assert_eq!(
            parse_cents("12,3", Some(DecimalSeparator::Comma)),
            Ok(1_230)
        );
        assert_eq!(
            parse_cents("1.234,56", Some(DecimalSeparator::Point)),
            Err(AmountError::NotANumber)
        );
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(auto(""), Err(AmountError::Empty));
        assert_eq!(auto("  € "), Err(AmountError::Empty));
        assert_eq!(auto("abc"), Err(AmountError::NotANumber));
        assert_eq!(auto("12,34,56"), Err(AmountError::NotANumber));
        assert_eq!(auto("1.23.4"), Err(AmountError::NotANumber));
        assert_eq!(
            auto("12.345.678.901.234.567.890"),
            Err(AmountError::NotANumber)
        );
        assert_eq!(auto("1,2a"), Err(AmountError::NotANumber));
    }

    #[test]
    fn formats_with_decimal_comma() {
        assert_eq!(format_euro(123_456), "1234,56");
        assert_eq!(format_euro(5), "0,05");
        assert_eq!(format_euro(-500), "-5,00");
    }
}
