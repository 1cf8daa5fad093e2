//! Addresses: split a one-field street line into BRP parts.

use super::text::tidy;

/// Street line in BRP parts: straat, huisnummer, huisletter, toevoeging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreetLine {
    pub street: String,
    pub house_number: Option<u32>,
    pub house_letter: String,
    pub addition: String,
}

/// Splits `Kerkstraat 12 A`, `Kerkstraat 12A`, `Dorpsweg 3-bis`,
/// `Plein 1940-1945 3 hs`. The house number is the last number that
/// follows the street name; what comes after it is letter and addition.
/// Returns `None` when no house number can be found.
pub fn parse_street_line(raw: &str) -> Option<StreetLine> {
    let s = tidy(raw);
    let tokens: Vec<&str> = s.split(' ').collect();
    // The last token, not the first, that starts with a digit: street names
    // may hold numbers themselves ("Plein 1940-1945").
    let idx = (1..tokens.len()).rev().find(|&i| {
        let after = tokens.get(i + 1..).unwrap_or_default();
        tokens
            .get(i)
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
            && after
                .iter()
                .all(|t| !t.starts_with(|c: char| c.is_ascii_digit()) || t.len() <= 4)
            && after.len() <= 2
    })?;
    let (before, from) = tokens.split_at_checked(idx)?;
    let (token, after) = from.split_first()?;
    let street = before.join(" ");
    let digits_end = token
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(token.len());
    let (digits, rest) = token.split_at_checked(digits_end)?;
    let house_number: u32 = digits.parse().ok().filter(|n| *n > 0 && *n <= 99_999)?;
    let mut rest = rest.to_string();
    for t in after {
        rest.push(' ');
        rest.push_str(t);
    }
    let (house_letter, addition) = split_letter_addition(rest.trim_start_matches([' ', '-', '/']));
    Some(StreetLine {
        street,
        house_number: Some(house_number),
        house_letter,
        addition,
    })
}

/// `A` -> letter A; `A-1`/`A 1` -> letter A, addition 1; `bis`, `hs`, `II`,
/// `2` -> addition. A single letter directly after the number is a huisletter.
pub fn split_letter_addition(rest: &str) -> (String, String) {
    let rest = rest.trim();
    if rest.is_empty() {
        return (String::new(), String::new());
    }
    let mut chars = rest.chars();
    let first = chars.next().unwrap_or(' ');
    let after: String = chars.collect();
    let after = after.trim_start_matches([' ', '-', '/']).trim();
    let next_is_letter = rest.chars().nth(1).is_some_and(|c| c.is_alphabetic());
    if first.is_ascii_alphabetic() && !next_is_letter {
        return (first.to_ascii_uppercase().to_string(), after.to_string());
    }
    (
        String::new(),
        rest.trim_start_matches([' ', '-', '/']).to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(street: &str, n: u32, letter: &str, addition: &str) -> Option<StreetLine> {
        Some(StreetLine {
            street: street.into(),
            house_number: Some(n),
            house_letter: letter.into(),
            addition: addition.into(),
        })
    }

    #[test]
    fn common_street_lines() {
        assert_eq!(
            parse_street_line("Kerkstraat 12 A"),
            line("Kerkstraat", 12, "A", "")
        );
        assert_eq!(
            parse_street_line("Kerkstraat 12a"),
            line("Kerkstraat", 12, "A", "")
        );
        assert_eq!(
            parse_street_line("Dorpsweg 3-bis"),
            line("Dorpsweg", 3, "", "bis")
        );
        assert_eq!(
            parse_street_line("Dorpsweg 3 bis"),
            line("Dorpsweg", 3, "", "bis")
        );
        assert_eq!(
            parse_street_line("Laan van Meerdervoort 1200-3"),
            line("Laan van Meerdervoort", 1200, "", "3")
        );
        assert_eq!(
            parse_street_line("Kerkstraat 12A-1"),
            line("Kerkstraat", 12, "A", "1")
        );
        assert_eq!(
            parse_street_line("Kerkstraat 12 hs"),
            line("Kerkstraat", 12, "", "hs")
        );
        assert_eq!(
            parse_street_line("Plein 1940-1945 3"),
            line("Plein 1940-1945", 3, "", "")
        );
        assert_eq!(
            parse_street_line("  Oude  Gracht   7  "),
            line("Oude Gracht", 7, "", "")
        );
    }

    #[test]
    fn no_house_number() {
        assert_eq!(parse_street_line("Kerkstraat"), None);
        assert_eq!(parse_street_line("12"), None);
        assert_eq!(parse_street_line(""), None);
    }
}
