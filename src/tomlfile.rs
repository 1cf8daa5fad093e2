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
        let message = e.message().trim().replace('\n', " ");
        ConfigError(format!("{}:{line}:{col}: {message}", path.display())).into()
    })
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
