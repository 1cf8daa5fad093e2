//! "Did you mean" suggestions for mistyped names.

/// The closest candidate within a small edit distance, case-insensitive.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(wanted.chars().count().min(c.chars().count()) / 4))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(wanted, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_names() {
        let cols = ["Geboortedatum", "Achternaam", "Postcode"];
        assert_eq!(closest("Geboortedatun", cols), Some("Geboortedatum"));
        assert_eq!(closest("achternaam", cols), Some("Achternaam"));
        assert_eq!(closest("Telefoon", cols), None);
    }
}
