//! Putting summaries on the terminal: a table for people, JSON for scripts.

use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use tabled::builder::Builder;
use tabled::settings::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Prints the JSON form or the table form of a summary.
pub fn emit<T: Serialize>(format: Format, value: &T, table: impl FnOnce() -> String) -> Result<()> {
    match format {
        Format::Json => stdout(&(serde_json::to_string_pretty(value)? + "\n")),
        Format::Table => stdout(&table()),
    }
}

/// A plain table with a header row.
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut b = Builder::default();
    b.push_record(header.iter().map(|h| h.to_string()));
    for r in rows {
        b.push_record(r);
    }
    let mut t = b.build();
    t.with(Style::sharp());
    // On a terminal, wide tables wrap their widest columns to fit.
    if let Some(width) = fit_width() {
        t.with(
            tabled::settings::Width::wrap(width)
                .priority(tabled::settings::peaker::PriorityMax::default())
                .keep_words(true),
        );
    }
    format!("{t}\n")
}

/// Tables at their full width (`--wide`), also on a terminal.
static WIDE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns off fitting tables to the terminal (`--wide`).
pub fn set_wide(wide: bool) {
    WIDE.store(wide, std::sync::atomic::Ordering::Relaxed);
}

/// The width to fit tables to: the terminal's, when stdout is one and
/// `--wide` was not given.
fn fit_width() -> Option<usize> {
    if WIDE.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| usize::from(w.0))
        .filter(|w| *w >= 40)
}

/// A number as Dutch readers write it: thousands grouped with a point,
/// `places` decimals after a comma (`4,07`, `88,5`, `1.234,5`).
pub fn decimal(v: f64, places: usize) -> String {
    let text = format!("{:.places$}", v.abs());
    let (whole_part, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    let grouped = group_thousands(whole_part);
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{fraction}")
    }
}

/// A count as Dutch readers write it: `1.234`.
pub fn whole(n: u64) -> String {
    group_thousands(&n.to_string())
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `a 2, b 1` from a count map.
pub fn counts<'a>(m: impl IntoIterator<Item = (&'a String, &'a u64)>) -> String {
    m.into_iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A note for the officer on stderr (silenced by `--quiet`).
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        eprintln!("{}: {text}", crate::tr!("note-prefix"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_dutch_readers_expect() {
        assert_eq!(whole(0), "0");
        assert_eq!(whole(999), "999");
        assert_eq!(whole(1_234), "1.234");
        assert_eq!(whole(1_234_567), "1.234.567");
        assert_eq!(decimal(4.07, 2), "4,07");
        assert_eq!(decimal(88.5, 1), "88,5");
        assert_eq!(decimal(1234.5, 1), "1.234,5");
        assert_eq!(decimal(-1234.5, 1), "-1.234,5");
        assert_eq!(decimal(-0.01, 1), "0,0");
        assert_eq!(decimal(12_000.0, 0), "12.000");
    }
}
