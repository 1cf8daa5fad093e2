//! Text folding used to compare names and streets across sources.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, NFKC first (so the `Ĳ` ligature becomes `ij`), then diacritics
/// removed and every run of non-alphanumerics turned into one space.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        fold_ascii(s)
    } else {
        fold_unicode(s)
    }
}

fn fold_unicode(s: &str) -> String {
    let nfkc: String = s.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    let mut space = false;
    for c in nfkc.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            match unfolded_letter(c) {
                Some(ascii) => out.push_str(ascii),
                None => out.extend(c.to_lowercase()),
            }
        } else if c != '\'' {
            space = true;
        }
    }
    out
}

/// [`fold`] for ASCII text, where normalisation changes nothing: the
/// common case, without the Unicode work.
fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' {
            space = true;
        }
    }
    out
}

/// Letters that Unicode decomposition leaves whole (no combining mark to
/// strip), written as a Dutch partner's system would type them.
fn unfolded_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ı' | 'İ' => "i",
        'ł' | 'Ł' => "l",
        'ø' | 'Ø' => "o",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ß' | 'ẞ' => "ss",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        'ŀ' | 'Ŀ' => "l",
        _ => return None,
    })
}

/// Collapses inner whitespace and trims; keeps case and diacritics.
pub fn tidy(s: &str) -> String {
    // Most cells are tidy already: one copy, no splitting.
    let bytes = s.as_bytes();
    let untidy = bytes.first().is_some_and(u8::is_ascii_whitespace)
        || bytes.last().is_some_and(u8::is_ascii_whitespace)
        || bytes.windows(2).any(|w| {
            w.first().is_some_and(u8::is_ascii_whitespace)
                && w.get(1).is_some_and(u8::is_ascii_whitespace)
        })
        || bytes.iter().any(|b| *b != b' ' && b.is_ascii_whitespace())
        || !s.is_ascii();
    if !untidy {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_ligatures_and_punctuation() {
        assert_eq!(fold("Çelik-Émile"), "celik emile");
        assert_eq!(fold("ĲSSELSTEIN"), "ijsselstein");
        assert_eq!(fold("  d'Ancona "), "dancona");
        assert_eq!(fold("Zoë  van der\tBerg"), "zoe van der berg");
    }

    #[test]
    fn folds_letters_decomposition_leaves_alone() {
        assert_eq!(fold("Yıldız"), "yildiz");
        assert_eq!(fold("Wałęsa"), "walesa");
        assert_eq!(fold("Søren Ærø"), "soren aero");
        assert_eq!(fold("Strauß"), "strauss");
        assert_eq!(fold("Đorđević"), "dordevic");
    }

    #[test]
    fn the_ascii_path_folds_as_the_unicode_path_does() {
        for s in [
            "  d'Ancona ",
            "Van der BERG-Jansen",
            "'t Hart",
            "A.B. 12-b",
            "",
            "--",
        ] {
            assert_eq!(fold_ascii(s), fold_unicode(s), "{s:?}");
        }
        assert_eq!(fold("Van der BERG-Jansen"), "van der berg jansen");
    }

    #[test]
    fn tidy_collapses_white_space_and_keeps_the_rest() {
        for (raw, want) in [
            ("Jan  de\tVries ", "Jan de Vries"),
            (" Çelik\u{a0}", "Çelik"),
            ("Kerkstraat", "Kerkstraat"),
            ("", ""),
        ] {
            assert_eq!(tidy(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn folding_twice_changes_nothing() {
        for s in ["Çelik-Émile", "ĲSSELSTEIN", "'t Hart", "Müller"] {
            assert_eq!(fold(&fold(s)), fold(s));
        }
    }
}
