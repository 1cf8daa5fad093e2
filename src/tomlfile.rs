//! Reading the project's TOML files (config, profiles, rulebooks) with
//! errors that name file, line and column and exit with code 78.

use crate::csvio::io_reason;
use crate::exit::ConfigError;
use anyhow::Result;
use serde::de::DeserializeOwned;
use std::path::Path;

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    (line, col)
}

/// Parses TOML text; an error reads `file:line:col: message`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        let message = toml_message(e.message());
        ConfigError(format!("{}:{line}:{col}: {message}", path.display())).into()
    })
}

/// The TOML reader's message in the language in use. The reader speaks
/// English; the kinds of mistake people make in a config (a missing or
/// unknown key, a value of the wrong type) are said again from the
/// catalogs, the rest (syntax) keeps the reader's words after a lead-in.
pub fn toml_message(message: &str) -> String {
    let message = message.trim().replace('\n', " ");
    let quoted = |s: &str| -> Option<String> {
        let rest = s.strip_prefix('`')?;
        Some(rest[..rest.find('`')?].to_string())
    };
    if let Some(rest) = message.strip_prefix("missing field ")
        && let Some(field) = quoted(rest)
    {
        return crate::tr!("toml-missing-field", field = field);
    }
    for (prefix, key) in [
        ("unknown field ", "toml-unknown-field"),
        ("unknown variant ", "toml-unknown-value"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some(name) = quoted(rest)
        {
            let expected = rest
                .split_once(", expected ")
                .map(|(_, e)| e.trim_start_matches("one of ").replace("` or `", "`, `"))
                .unwrap_or_default();
            return crate::i18n::text(key, &[("name", name), ("expected", expected)]);
        }
    }
    for (prefix, key) in [
        ("invalid type: ", "toml-invalid-type"),
        ("invalid value: ", "toml-invalid-value"),
    ] {
        if let Some((found, expected)) = message
            .strip_prefix(prefix)
            .and_then(|r| r.split_once(", expected "))
        {
            let (found, expected) = (value_words(found), value_words(expected));
            return crate::i18n::text(key, &[("found", found), ("expected", expected)]);
        }
    }
    crate::tr!("toml-syntax", message = message)
}

/// serde's words for kinds of value (`integer`, `struct Config`), in the
/// language in use. Only the kind is said again: the value as written in
/// the file (after the first quote or backtick) is shown as it stands.
fn value_words(said: &str) -> String {
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return said.to_string();
    }
    let (kind, value) = said.split_at(said.find(['"', '`']).unwrap_or(said.len()));
    if kind.starts_with("struct ") || kind == "a map" || kind == "map" {
        return "een tabel".to_string();
    }
    let words = [
        ("integer", "geheel getal"),
        ("floating point", "getal"),
        ("boolean", "true of false"),
        ("a string", "tekst"),
        ("string", "tekst"),
        ("sequence", "lijst"),
        ("a borrowed str", "tekst"),
    ];
    let kind = words
        .iter()
        .fold(kind.to_string(), |s, (en, nl)| s.replace(en, nl));
    kind + value
}

/// Reads and parses a TOML file.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<(T, String)> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError(format!(
            "{}: {}",
            path.display(),
            crate::tr!("cannot-read", why = io_reason(&e))
        ))
    })?;
    Ok((parse(path, &text)?, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Settings {
        name: String,
        months: u32,
    }

    fn error_of(text: &str) -> String {
        parse::<Settings>(Path::new("x.toml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_toml_reader_is_said_again_in_dutch() {
        assert_eq!(
            error_of("name = \"a\"\n"),
            "x.toml:1:1: de sleutel `months` ontbreekt"
        );
        assert_eq!(
            error_of("name = \"a\"\nmonths = 3\nmaanden = 4\n"),
            "x.toml:3:1: onbekende sleutel `maanden`; verwacht een van: `name`, `months`"
        );
        assert_eq!(
            error_of("name = \"a\"\nmonths = \"zes\"\n"),
            "x.toml:2:10: verkeerd soort waarde: tekst \"zes\", verwacht u32"
        );
        // The value as written stays as written, whatever words it holds.
        assert_eq!(
            error_of("name = \"a\"\nmonths = \"integer string\"\n"),
            "x.toml:2:10: verkeerd soort waarde: tekst \"integer string\", verwacht u32"
        );
        assert!(
            error_of("[name\n").starts_with("x.toml:1:6: geen geldige TOML: "),
            "{}",
            error_of("[name\n")
        );
    }
}
