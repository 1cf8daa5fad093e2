//! Person names: split a combined field, recognise initials and prefixes
//! (voorvoegsels) the way the BRP stores them.

use super::text::tidy;

/// A person's name in BRP parts. `initials` is always filled when any given
/// name is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonName {
    pub surname: String,
    pub prefix: String,
    pub first_names: String,
    pub initials: String,
}

/// Voorvoegsels, longest first so `van der` wins over `van`.
const PREFIXES: &[&str] = &[
    "van de l'",
    "van der",
    "van den",
    "van het",
    "van 't",
    "van de",
    "van la",
    "von der",
    "von dem",
    "in 't",
    "in de",
    "in den",
    "in der",
    "in het",
    "op de",
    "op den",
    "op het",
    "op 't",
    "uit de",
    "uit den",
    "uit het",
    "uit 't",
    "aan de",
    "aan den",
    "aan het",
    "bij de",
    "de la",
    "de los",
    "de las",
    "van",
    "von",
    "vom",
    "de",
    "den",
    "der",
    "het",
    "'t",
    "'s",
    "ten",
    "ter",
    "te",
    "d'",
    "da",
    "dal",
    "del",
    "della",
    "di",
    "do",
    "dos",
    "du",
    "la",
    "le",
    "l'",
    "el",
    "al",
    "zu",
    "op",
    "in",
    "uit",
    "bij",
    "aan",
    "onder",
    "over",
    "voor",
];

/// Splits a leading voorvoegsel off a surname: `de Vries` -> (`de`, `Vries`).
/// The prefix comes back in lower case, as the BRP writes it.
pub fn split_prefix(surname: &str) -> (String, String) {
    let s = tidy(surname);
    for p in PREFIXES {
        let glued = p.ends_with('\'');
        // The head compared in lower case; a head that is no whole
        // character of `s` is no prefix.
        let head = s.get(..p.len()).filter(|h| h.to_lowercase() == *p);
        if let Some(rest) = head.and_then(|_| s.get(p.len()..)) {
            let rest_ok = if glued {
                !rest.trim().is_empty()
            } else {
                rest.starts_with(' ') && !rest.trim().is_empty()
            };
            if rest_ok {
                return (p.to_string(), rest.trim().to_string());
            }
        }
    }
    (String::new(), s)
}

/// Splits trailing voorvoegsels off given names, as in `Vries, Jan de`.
fn split_trailing_prefix(given: &str) -> (String, String) {
    for p in PREFIXES {
        let Some(at) = given.len().checked_sub(p.len()).filter(|at| *at > 0) else {
            continue;
        };
        let tail = given.get(at..).filter(|t| t.to_lowercase() == *p);
        if let Some(head) = tail.and_then(|_| given.get(..at))
            && head.ends_with(' ')
        {
            return (head.trim().to_string(), p.to_string());
        }
    }
    (given.to_string(), String::new())
}

/// True when a token reads as initials: `P.J.`, `J.`, `P`, `PJ`.
fn is_initials_token(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| *c != '.').collect();
    if letters.is_empty() || !letters.iter().all(|c| c.is_alphabetic()) {
        return false;
    }
    // Two or three capitals without dots are initials (`PJ`, `JPM`), unless
    // they read as a name: three letters with a vowel (`AYA`, `JAN`, `EVA`).
    let vowel = |c: &char| "AEIOUY".contains(*c);
    t.contains('.')
        || letters.len() == 1
        || (letters.len() <= 3
            && letters.iter().all(|c| c.is_uppercase())
            && (letters.len() == 2 || !letters.iter().any(vowel)))
}

/// True when the whole given-name field holds initials only.
pub fn looks_like_initials(given: &str) -> bool {
    let tokens: Vec<&str> = given.split_whitespace().collect();
    !tokens.is_empty() && tokens.iter().all(|t| is_initials_token(t))
}

/// `P.J.`, `pj`, `P J` -> `P.J.`; keeps the Dutch `IJ` digraph together.
pub fn normalise_initials(raw: &str) -> String {
    let mut out = String::new();
    for token in raw.split_whitespace() {
        let mut letters = token.chars().filter(|c| c.is_alphabetic()).peekable();
        while let Some(letter) = letters.next() {
            let c = letter.to_uppercase().next().unwrap_or(letter);
            out.push(c);
            if c == 'I'
                && letters.peek().is_some_and(|n| *n == 'J' || *n == 'j')
                && token.contains("IJ.")
            {
                out.push('J');
                letters.next();
            }
            out.push('.');
        }
    }
    out
}

/// Initials from full given names: `Jan Pieter` -> `J.P.`, `IJsbrand` -> `IJ.`.
pub fn initials_of(first_names: &str) -> String {
    let mut out = String::new();
    for name in first_names.split([' ', '-']).filter(|n| !n.is_empty()) {
        let mut chars = name.chars();
        let Some(first) = chars.next() else { continue };
        out.extend(first.to_uppercase());
        if matches!(first, 'I' | 'i') && matches!(chars.next(), Some('J')) {
            out.push('J');
        }
        out.push('.');
    }
    out
}

/// Builds a name from separate columns; a prefix left inside the surname
/// column is split off when no prefix column gave one.
pub fn from_parts(surname: &str, prefix: &str, given: &str, initials: &str) -> PersonName {
    let (mut prefix, mut surname) = (tidy(prefix).to_lowercase(), tidy(surname));
    if prefix.is_empty() {
        (prefix, surname) = split_prefix(&surname);
    }
    let given = tidy(given);
    let (first_names, initials) = if given.is_empty() {
        (String::new(), normalise_initials(initials))
    } else if looks_like_initials(&given) {
        (String::new(), normalise_initials(&given))
    } else {
        let own = initials_of(&given);
        let initials = if initials.trim().is_empty() {
            own
        } else {
            normalise_initials(initials)
        };
        (given, initials)
    };
    PersonName {
        surname,
        prefix,
        first_names,
        initials,
    }
}

/// Splits one combined name field: `Jansen-de Vries, P.J.`, `de Vries, Jan`,
/// `Vries, Jan de`, `J. de Vries`, `Jan de Vries`.
pub fn parse_combined(raw: &str) -> PersonName {
    let s = tidy(raw);
    if let Some((family, given)) = s.split_once(',') {
        let (given, trailing_prefix) = split_trailing_prefix(given.trim());
        let mut name = from_parts(family, "", &given, "");
        if !trailing_prefix.is_empty() && name.prefix.is_empty() {
            name.prefix = trailing_prefix;
        }
        return name;
    }
    let tokens: Vec<&str> = s.split(' ').collect();
    if tokens.len() < 2 {
        return from_parts(&s, "", "", "");
    }
    // Given names or initials first, then the (prefixed) surname.
    let n_initials = tokens.iter().take_while(|t| is_initials_token(t)).count();
    let given_len = if n_initials > 0 {
        n_initials.min(tokens.len() - 1)
    } else {
        1
    };
    let (given, family) = tokens.split_at(given_len.min(tokens.len()));
    let (given, family) = (given.join(" "), family.join(" "));
    from_parts(&family, "", &given, "")
}

/// A legal person (BV, NV, stichting, vereniging, coöperatie) in a business
/// name: the Wgs forbids following these up. Sole proprietors (eenmanszaak,
/// vof) are natural persons and do not match.
pub fn is_legal_person(business_name: &str) -> bool {
    let folded = super::text::fold(&business_name.replace('.', ""));
    folded
        .split(' ')
        .any(|t| matches!(t, "bv" | "nv" | "stichting" | "vereniging" | "cooperatie"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(surname: &str, prefix: &str, first: &str, initials: &str) -> PersonName {
        PersonName {
            surname: surname.into(),
            prefix: prefix.into(),
            first_names: first.into(),
            initials: initials.into(),
        }
    }

    #[test]
    fn combined_fields() {
        assert_eq!(
            parse_combined("Jansen-de Vries, P.J."),
            name("Jansen-de Vries", "", "", "P.J.")
        );
        assert_eq!(
            parse_combined("de Vries, Jan"),
            name("Vries", "de", "Jan", "J.")
        );
        assert_eq!(
            parse_combined("Vries, Jan de"),
            name("Vries", "de", "Jan", "J.")
        );
        assert_eq!(
            parse_combined("Berg,  Anna Maria van den"),
            name("Berg", "van den", "Anna Maria", "A.M.")
        );
        assert_eq!(parse_combined("J. de Vries"), name("Vries", "de", "", "J."));
        assert_eq!(
            parse_combined("P.J. van der Berg"),
            name("Berg", "van der", "", "P.J.")
        );
        assert_eq!(
            parse_combined("Fatima El Amrani"),
            name("Amrani", "el", "Fatima", "F.")
        );
        assert_eq!(parse_combined("Yilmaz"), name("Yilmaz", "", "", ""));
    }

    #[test]
    fn legal_persons() {
        assert!(is_legal_person("Jansen Installatietechniek B.V."));
        assert!(is_legal_person("Stichting De Brug"));
        assert!(is_legal_person("ACME N.V."));
        assert!(!is_legal_person("Bakkerij P. de Vries"));
        assert!(!is_legal_person("Jansen en Zn. V.O.F."));
        assert!(!is_legal_person("Bavaria Catering"));
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            split_prefix("van der Berg"),
            ("van der".into(), "Berg".into())
        );
        assert_eq!(
            split_prefix("Van Der Berg"),
            ("van der".into(), "Berg".into())
        );
        assert_eq!(
            split_prefix("Vanderberg"),
            (String::new(), "Vanderberg".into())
        );
        assert_eq!(split_prefix("'t Hart"), ("'t".into(), "Hart".into()));
        assert_eq!(split_prefix("d'Ancona"), ("d'".into(), "Ancona".into()));
        assert_eq!(split_prefix("de"), (String::new(), "de".into()));
    }

    #[test]
    fn initials() {
        assert!(looks_like_initials("P.J."));
        assert!(looks_like_initials("PJ"));
        assert!(looks_like_initials("P J"));
        assert!(!looks_like_initials("Piet"));
        assert!(!looks_like_initials("Jo"));
        assert!(!looks_like_initials("AYA"), "a short name in capitals");
        assert!(!looks_like_initials("EVA JAN"));
        assert!(looks_like_initials("JPM"));
        assert_eq!(normalise_initials("pj"), "P.J.");
        assert_eq!(normalise_initials("P. J."), "P.J.");
        assert_eq!(initials_of("Jan Pieter"), "J.P.");
        assert_eq!(initials_of("IJsbrand"), "IJ.");
        assert_eq!(initials_of("Anne-Fleur"), "A.F.");
    }

    #[test]
    fn split_columns_with_prefix_in_surname() {
        assert_eq!(
            from_parts("de Vries", "", "Jan", ""),
            name("Vries", "de", "Jan", "J.")
        );
        assert_eq!(
            from_parts("Vries", "De", "", "J"),
            name("Vries", "de", "", "J.")
        );
        assert_eq!(
            from_parts("Vries", "de", "J.P.", ""),
            name("Vries", "de", "", "J.P.")
        );
    }
}
