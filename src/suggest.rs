//! "Did you mean" suggestions for mistyped names.

/// A name as compared for suggestions: accents folded, lower case, units in
/// brackets (`(€)`, `[EUR]`) and everything but letters and digits left out,
/// so `Achterstand (€)` and `achterstand` are the same name.
pub fn normalised(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in crate::fields::text::fold(name).chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// Whether `short` is `long` abbreviated: the same start, and its letters
/// in order within `long` (`gebdatum` in `geboortedatum`).
fn abbreviates(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().count() >= 4
        && short.chars().take(3).eq(long.chars().take(3))
        && short.chars().all(|c| rest.any(|l| l == c))
}

/// The closest candidate: the same name once normalised, one abbreviating
/// the other, or within a small edit distance.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = normalised(wanted);
    candidates
        .into_iter()
        .filter_map(|c| {
            let n = normalised(c);
            let distance = if n == w || abbreviates(&w, &n) || abbreviates(&n, &w) {
                0
            } else {
                strsim::levenshtein(&w, &n)
            };
            let limit = 2.max(w.chars().count().min(n.chars().count()) / 4);
            (distance <= limit).then_some((distance, c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(wanted, candidates).map_or_else(String::new, |c| crate::tr!("did-you-mean", name = c))
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
        let header = ["Dossiernummer", "Achterstand (€)", "Geb. datum", "Naam"];
        assert_eq!(closest("Achterstand", header), Some("Achterstand (€)"));
        assert_eq!(closest("Geboortedatum", header), Some("Geb. datum"));
        assert_eq!(closest("Dossiernr", header), Some("Dossiernummer"));
        assert_eq!(closest("Straat", header), None);
    }
}
