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

/// A number as Dutch readers write it: `places` decimals after a comma
/// (`4,07`, `88,5`).
pub fn decimal(v: f64, places: usize) -> String {
    format!("{v:.places$}").replace('.', ",")
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
        eprintln!("note: {text}");
    }
}
