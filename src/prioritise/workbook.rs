//! The work lists as one XLSX workbook (`werklijsten/werklijsten.xlsx`): a
//! sheet per queue with the same columns as the CSV lists, every cell text
//! (so nothing is read as a number or a formula), and drop-down lists of the
//! official values in the officer's columns.

use crate::csvio::{Cells, PendingOutputs};
use crate::feedback::codes::{ContactKind, Dagdeel, EndResult};
use crate::month::Month;
use crate::sheets::LISTS_SHEET;
use anyhow::{Result, anyhow};
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError,
};
use std::path::Path;

pub const FILE: &str = "werklijsten.xlsx";

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
pub fn write<R: Cells>(
    path: &Path,
    month: Month,
    columns: &[&str],
    queues: &[(&str, Vec<R>)],
    out: &mut PendingOutputs,
) -> Result<()> {
    let bytes = build(month, columns, queues).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    out.write_with(path, |w| Ok(w.write_all(&bytes)?))
}

fn build<R: Cells>(
    month: Month,
    columns: &[&str],
    queues: &[(&str, Vec<R>)],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The month, not the clock, as the creation date: a re-run gives the
    // same bytes.
    let created = ExcelDateTime::from_ymd(month.year as u16, month.month as u8, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let lists = lists();
    for (name, rows) in queues {
        let sheet = book.add_worksheet();
        sheet.set_name(name.chars().take(31).collect::<String>())?;
        for (c, col) in columns.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(0, c, *col, &bold)?;
            sheet.set_column_format(c, &text)?;
            sheet.set_column_width(c, if list_for(col) == Some(0) { 40 } else { 16 })?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.cells().iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string((r + 1) as u32, c as u16, cell.as_ref())?;
                }
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
    }
    let sheet = book.add_worksheet();
    sheet.set_name(LISTS_SHEET)?;
    for (c, (_, values)) in lists.iter().enumerate() {
        for (r, v) in values.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v)?;
        }
    }
    sheet.set_hidden(true);
    book.save_to_buffer()
}
