//! The work lists as one XLSX workbook (`werklijsten/werklijsten.xlsx`): a
//! sheet per list with the same columns as the CSV lists. Amounts are
//! numbers in euros and dates are dates (so they sum, sort and filter);
//! every other cell is text (nothing is read as a formula). The officer's
//! columns have drop-down lists of the official values. Frozen header,
//! filter, widths, landscape and fit to the page width, the header on every
//! printed page. Written in the XLSX writer's constant-memory mode, its
//! temporary files in the run's private folder.

use crate::csvio::{Cells, PendingOutputs};
use crate::month::Month;
use crate::sheets::LISTS_SHEET;
use crate::vocab::codes::{ContactKind, Dagdeel, EndResult};
use anyhow::{Result, anyhow};
use chrono::Datelike;
use rayon::prelude::*;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

pub const FILE: &str = "werklijsten.xlsx";
/// Beside the workbook: the SHA-256 of the workbook as written, and the
/// CSV lists written with it. A workbook that still has that hash holds
/// nothing the CSV lists do not, so readers may skip it (reading a city's
/// workbook takes a third of a second).
pub const WRITTEN: &str = ".werklijsten-geschreven";

/// The drop-down lists: column of the hidden sheet, values.
fn lists() -> [(&'static str, Vec<&'static str>); 4] {
    [
        ("A", EndResult::ALL.iter().map(|r| r.as_str()).collect()),
        ("B", ContactKind::ALL.iter().map(|k| k.as_str()).collect()),
        ("C", Dagdeel::ALL.iter().map(|d| d.as_str()).collect()),
        ("D", vec!["ja", "nee"]),
    ]
}

/// Which list a column of the officer's takes.
fn list_for(column: &str) -> Option<usize> {
    match column {
        "eindresultaat" => Some(0),
        c if c.ends_with("_soort") => Some(1),
        c if c.ends_with("_dagdeel") => Some(2),
        c if c.ends_with("_bereikt") => Some(3),
        _ => None,
    }
}

/// Writes the workbook: `queues` are (sheet name, rows) in rulebook order.
/// `alongside` runs on the other core while the workbook is built (it is
/// the slowest output), with the outputs to itself.
pub fn write<R: Cells + Sync, T: Send>(
    path: &Path,
    month: Month,
    columns: &[&str],
    queues: &[(&str, Vec<R>)],
    out: &mut PendingOutputs,
    alongside: impl FnOnce(&mut PendingOutputs) -> Result<T> + Send,
) -> Result<T> {
    let temp = out.temp_dir_for(path.parent().unwrap_or(Path::new(".")));
    crate::csvio::create_private_dir(&temp)?;
    let (bytes, other) = rayon::join(
        || build(month, columns, queues, &temp),
        || alongside(&mut *out),
    );
    let bytes = bytes.map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let other = other?;
    out.write_with(path, |w| Ok(w.write_all(&bytes)?))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    out.write_with(&folder.join(WRITTEN), |w| {
        writeln!(w, "{}", crate::secret::sha256_hex(&bytes))?;
        for (name, _) in queues {
            writeln!(w, "{name}.csv")?;
        }
        Ok(())
    })?;
    Ok(other)
}

/// What the last writing of the lists left beside them: the workbook's
/// hash, when the workbook and every CSV list it names are still there.
fn written_hash(folder: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(folder.join(WRITTEN)).ok()?;
    let mut lines = manifest.lines();
    let hash = lines.next()?.to_string();
    let all_there = folder.join(FILE).is_file() && lines.all(|csv| folder.join(csv).is_file());
    all_there.then_some(hash)
}

/// Whether every list the last writing of the lists wrote is still there
/// (an officer may have changed them, not removed them).
pub fn lists_written_are_there(folder: &Path) -> bool {
    written_hash(folder).is_some()
}

/// Whether the month's workbook is just as written, with every CSV list
/// written with it still there: then it holds nothing they do not.
pub fn unchanged_since_written(folder: &Path) -> bool {
    written_hash(folder).is_some_and(|hash| {
        std::fs::read(folder.join(FILE)).is_ok_and(|b| crate::secret::sha256_hex(&b) == hash)
    })
}

/// What a column holds in the workbook.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    /// Euros with a decimal comma in the CSV: a number with euro format.
    Euro,
    /// `jjjj-mm-dd` in the CSV: a date.
    Date,
    /// A whole number.
    Count,
}

fn kind_of(column: &str) -> Kind {
    match column {
        "totaal_bedrag" => Kind::Euro,
        "deadline" | "datum_ontvangst" | "geplaatst_op" => Kind::Date,
        "minderjarigen" | "leeftijd_jongste" => Kind::Count,
        _ => Kind::Text,
    }
}

/// Column widths (characters) by what they hold.
fn width_of(column: &str) -> f64 {
    match column {
        "eindresultaat" | "regel_omschrijving" | "feiten" | "signalen" | "bedragen" => 40.0,
        "zaak" | "namen" | "straat" | "partners" | "email" => 24.0,
        "kanaal" | "huisnummer" | "huisletter" | "toevoeging" | "te_laat" => 8.0,
        c if c.ends_with("_bereikt") || c.ends_with("_dagdeel") => 9.0,
        c if kind_of(c) == Kind::Date || c.ends_with("_datum") => 11.0,
        _ => 14.0,
    }
}

fn build<R: Cells + Sync>(
    month: Month,
    columns: &[&str],
    queues: &[(&str, Vec<R>)],
    temp: &Path,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_tempdir(temp)?;
    // The fastest deflate: the workbook is the slowest output of a run,
    // and written on every run of the month; the file is larger for it
    // (a city month's lists: 4 MB instead of 2.5).
    book.set_zip_compression_level(1);
    // The month, not the clock, as the creation date: a re-run gives the
    // same bytes.
    let created = ExcelDateTime::from_ymd(month.year as u16, month.month as u8, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let formats = Formats {
        bold: Format::new().set_bold(),
        text: Format::new().set_num_format("@"),
        euro: Format::new().set_num_format("€ #,##0.00"),
        date: Format::new().set_num_format("dd-mm-yyyy"),
    };
    // The sheets are filled on both cores, each into its own temporary
    // file, and put in the workbook in rulebook order.
    let mut sheets = Vec::with_capacity(queues.len());
    for (name, _) in queues {
        let mut sheet = book.new_worksheet_with_constant_memory()?;
        start(&mut sheet, name, columns, &formats)?;
        sheets.push(sheet);
    }
    // The longest list first: it takes longest, and the others fill on
    // the other core meanwhile.
    let mut by_length: Vec<(&mut Worksheet, &Vec<R>)> = sheets
        .iter_mut()
        .zip(queues.iter().map(|(_, rows)| rows))
        .collect();
    by_length.sort_by_key(|(_, rows)| std::cmp::Reverse(rows.len()));
    by_length
        .into_par_iter()
        .with_max_len(1)
        .try_for_each(|(sheet, rows)| fill(sheet, columns, rows, &formats))?;
    for sheet in sheets {
        book.push_worksheet(sheet);
    }
    let sheet = book.add_worksheet();
    sheet.set_name(LISTS_SHEET)?;
    for (c, (_, values)) in lists().iter().enumerate() {
        for (r, v) in values.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v)?;
        }
    }
    sheet.set_hidden(true);
    book.save_to_buffer()
}

/// The cell formats of the list sheets.
struct Formats {
    bold: Format,
    text: Format,
    euro: Format,
    date: Format,
}

/// Starts one list's sheet: its name, column formats and widths, and
/// header row. (The sheets are started one by one: a format is numbered
/// in the workbook where it is first used, so the bytes stay the same.)
fn start(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[&str],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let Formats {
        bold,
        text,
        euro,
        date,
    } = formats;
    sheet.set_name(name.chars().take(31).collect::<String>())?;
    for (c, col) in columns.iter().enumerate() {
        let c16 = c as u16;
        match kind_of(col) {
            Kind::Date => sheet.set_column_format(c16, date)?,
            Kind::Euro => sheet.set_column_format(c16, euro)?,
            _ => sheet.set_column_format(c16, text)?,
        };
        sheet.set_column_width(c16, width_of(col))?;
    }
    for (c, col) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *col, bold)?;
    }
    Ok(())
}

/// Fills a started sheet: rows, drop-downs and page setup.
fn fill<R: Cells>(
    sheet: &mut Worksheet,
    columns: &[&str],
    rows: &[R],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let Formats { euro, date, .. } = formats;
    let kinds: Vec<Kind> = columns.iter().map(|c| kind_of(c)).collect();
    let lists = lists();
    for (r, row) in rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, cell) in row.cells().iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let c16 = c as u16;
            match kinds.get(c).copied().unwrap_or(Kind::Text) {
                Kind::Euro => match crate::fields::amount::parse_cents(cell, None) {
                    Ok(cents) => {
                        sheet.write_number_with_format(r, c16, cents as f64 / 100.0, euro)?
                    }
                    Err(_) => sheet.write_string(r, c16, cell.as_ref())?,
                },
                Kind::Date => match cell.parse::<chrono::NaiveDate>() {
                    Ok(d) => {
                        let day = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_date_with_format(r, c16, &day, date)?
                    }
                    Err(_) => sheet.write_string(r, c16, cell.as_ref())?,
                },
                Kind::Count => match cell.parse::<u32>() {
                    Ok(n) => sheet.write_number(r, c16, f64::from(n))?,
                    Err(_) => sheet.write_string(r, c16, cell.as_ref())?,
                },
                Kind::Text => sheet.write_string(r, c16, cell.as_ref())?,
            };
        }
    }
    let last = rows.len().max(1) as u32;
    for (c, col) in columns.iter().enumerate() {
        if let Some(l) = list_for(col) {
            let (letter, values) = &lists[l];
            let range = format!("={LISTS_SHEET}!${letter}$1:${letter}${}", values.len());
            let v = DataValidation::new().allow_list_formula(Formula::new(range));
            sheet.add_data_validation(1, c as u16, last, c as u16, &v)?;
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, last, (columns.len() - 1) as u16)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}
