//! BSN, postcode, phone and e-mail: validation and normal form.

/// The 11-test. An 8-digit number is padded with a leading zero. Returns the
/// 9-digit form when valid.
pub fn normalise_bsn(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !(8..=9).contains(&digits.len()) {
        return None;
    }
    let padded = format!("{digits:0>9}");
    let sum: i64 = padded
        .bytes()
        .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(b, w)| i64::from(b - b'0') * w)
        .sum();
    (sum != 0 && sum % 11 == 0).then_some(padded)
}

/// `1234ab`, `1234 AB` -> `1234 AB`. Never SA, SD or SS; no leading zero.
pub fn normalise_postcode(raw: &str) -> Option<String> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    // Four digits (the first not 0), two capitals (not SA, SD, SS).
    let (digits, letters) = s.split_at_checked(4)?;
    let ok = s.len() == 6
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && !matches!(letters, "SA" | "SD" | "SS");
    ok.then(|| format!("{digits} {letters}"))
}

/// Dutch numbers to ten digits starting with 0: `+31 6 1234 5678`,
/// `0031-6-12345678`, `(020) 123 45 67`.
pub fn normalise_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let plus = trimmed.starts_with('+');
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+' | '.' | '/')))
    {
        return None;
    }
    let national = if plus {
        digits.strip_prefix("31").map(|d| format!("0{d}"))?
    } else if let Some(d) = digits.strip_prefix("0031") {
        format!("0{d}")
    } else {
        digits
    };
    (national.len() == 10 && national.starts_with('0') && !national.starts_with("00"))
        .then_some(national)
}

/// A plain syntax check: one `@`, a local part, a domain with a dot, no spaces.
pub fn valid_email(raw: &str) -> bool {
    let s = raw.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|p| !p.is_empty())
        && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bsn_eleven_test() {
        assert_eq!(normalise_bsn("999990019").as_deref(), Some("999990019"));
        assert_eq!(normalise_bsn("111222333").as_deref(), Some("111222333"));
        assert_eq!(normalise_bsn("12345672").as_deref(), Some("012345672"));
        assert_eq!(normalise_bsn("111222334"), None);
        assert_eq!(normalise_bsn("000000000"), None);
        assert_eq!(normalise_bsn("abc"), None);
        assert_eq!(normalise_bsn("1234567890"), None);
    }

    #[test]
    fn postcodes() {
        assert_eq!(normalise_postcode("1234ab").as_deref(), Some("1234 AB"));
        assert_eq!(normalise_postcode(" 1234  AB ").as_deref(), Some("1234 AB"));
        assert_eq!(normalise_postcode("0123 AB"), None);
        assert_eq!(normalise_postcode("1234 SS"), None);
        assert_eq!(normalise_postcode("1234 A"), None);
    }

    #[test]
    fn phones() {
        assert_eq!(
            normalise_phone("06-12345678").as_deref(),
            Some("0612345678")
        );
        assert_eq!(
            normalise_phone("+31 6 1234 5678").as_deref(),
            Some("0612345678")
        );
        assert_eq!(
            normalise_phone("0031612345678").as_deref(),
            Some("0612345678")
        );
        assert_eq!(
            normalise_phone("(020) 123 45 67").as_deref(),
            Some("0201234567")
        );
        assert_eq!(normalise_phone("0612345"), None);
        assert_eq!(normalise_phone("+32 470 12 34 56"), None);
        assert_eq!(normalise_phone("bel me"), None);
    }

    #[test]
    fn emails() {
        assert!(valid_email("a.jansen@example.nl"));
        assert!(!valid_email("a.jansen@example"));
        assert!(!valid_email("a jansen@example.nl"));
        assert!(!valid_email("@example.nl"));
        assert!(!valid_email("a@@example.nl"));
    }
}
