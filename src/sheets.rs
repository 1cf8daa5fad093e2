//! Tables an officer edits and saves: CSV as Excel or a text editor writes
//! it (any delimiter, UTF-8 or Windows-1252), or an XLSX workbook with one
//! sheet per table. Work lists are small, so a table is read whole.

use crate::csvio::TableReader;
use anyhow::{Result, anyhow};
use calamine::{Data, Reader};
use std::collections::HashMap;
use std::path::Path;

/// The hidden sheet of a workbook that holds the drop-down values.
pub const LISTS_SHEET: &str = "lijsten";

/// Rows of cells, each with the line (CSV) or sheet row (XLSX) it is on.
pub type NumberedRows = Vec<(u64, Vec<String>)>;

/// One table: where it is (for messages), its header and its rows.
pub struct Sheet {
    /// `path` for a CSV file, `path[sheet]` for a workbook's sheet.
    pub source: String,
    pub header: Vec<String>,
    index: HashMap<String, usize>,
    /// Rows with the line (CSV) or row number (XLSX) they are on.
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Where a column is in a sheet, found once for all its rows.
#[derive(Clone, Copy, Default)]
pub struct Column(Option<usize>);

/// One row of a [`Sheet`].
pub struct SheetRow<'a> {
    sheet: &'a Sheet,
    cells: &'a [String],
    pub line: u64,
}

impl SheetRow<'_> {
    /// The cell of a column found with [`Sheet::column`], empty when the
    /// column or cell is missing. (CSV cells were un-guarded when read;
    /// workbook cells are never guarded: a string cell is not a formula.)
    pub fn cell(&self, column: Column) -> &str {
        column
            .0
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }

    /// `source:line`, to start a message with.
    pub fn at(&self) -> String {
        format!("{}:{}", self.sheet.source, self.line)
    }
}

impl Sheet {
    fn new(source: String, header: Vec<String>, rows: Vec<(u64, Vec<String>)>) -> Sheet {
        let index = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect();
        Sheet {
            source,
            header,
            index,
            rows,
        }
    }

    pub fn has_column(&self, column: &str) -> bool {
        self.index.contains_key(column)
    }

    /// Where the column `name` is, for [`SheetRow::cell`].
    pub fn column(&self, name: &str) -> Column {
        Column(self.index.get(name).copied())
    }

    pub fn rows(&self) -> impl Iterator<Item = SheetRow<'_>> {
        self.rows.iter().map(move |(line, cells)| SheetRow {
            sheet: self,
            cells,
            line: *line,
        })
    }

    /// `source:1: column `x` is missing; did you mean ...` for the first
    /// of `required` that is not there.
    pub fn missing<'a>(&self, required: impl IntoIterator<Item = &'a str>) -> Option<String> {
        required.into_iter().find(|c| !self.has_column(c)).map(|c| {
            format!(
                "{}:1: {}{}",
                self.source,
                crate::tr!("column-missing", column = c),
                crate::suggest::did_you_mean(c, self.header.iter().map(String::as_str))
            )
        })
    }
}

/// Whether a path is a workbook rather than a CSV file.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Loads a CSV file (one sheet) or every sheet of a workbook but the
/// drop-down lists.
pub fn load(path: &Path) -> Result<Vec<Sheet>> {
    if is_workbook(path) {
        return load_workbook(path);
    }
    let mut table = TableReader::open_edited(path, &[])?;
    let header: Vec<String> = table.columns().map(String::from).collect();
    let mut rows = Vec::new();
    while let Some(row) = table.next_row()? {
        let mut cells: Vec<String> = row.cells().map(String::from).collect();
        // A blank line reads as one empty field.
        cells.resize(header.len(), String::new());
        rows.push((row.line, cells));
    }
    Ok(vec![Sheet::new(path.display().to_string(), header, rows)])
}

fn load_workbook(path: &Path) -> Result<Vec<Sheet>> {
    let shown = path.display();
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| anyhow!("{shown}: {}", crate::tr!("workbook-unreadable", why = e)))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        if name == LISTS_SHEET {
            continue;
        }
        let mut rows = numbered_rows(&mut book, &name, path, cell_text)?.into_iter();
        let Some((_, header)) = rows.next() else {
            continue;
        };
        let rows: Vec<(u64, Vec<String>)> = rows
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .collect();
        sheets.push(Sheet::new(format!("{shown}[{name}]"), header, rows));
    }
    Ok(sheets)
}

/// The rows of a sheet with their sheet row numbers, each cell rendered
/// by `render`.
fn numbered_rows(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
    path: &Path,
    render: impl Fn(&Data) -> String,
) -> Result<NumberedRows> {
    let range = book.worksheet_range(name).map_err(|e| {
        anyhow!(
            "{}: {}",
            path.display(),
            crate::tr!("sheet-unreadable", sheet = name, why = e)
        )
    })?;
    let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            (
                first_row + i as u64 + 1,
                cells.iter().map(&render).collect(),
            )
        })
        .collect())
}

/// A partner's export as a workbook: the named sheet (or the first), its
/// header at sheet row `header_row` (1-based; rows above it are titles),
/// and the data rows with their sheet row numbers, each cell rendered by
/// `render` (which knows the profile's date and amount formats).
pub fn export_sheet(
    path: &Path,
    sheet: Option<&str>,
    header_row: u64,
    render: impl Fn(&Data) -> String,
) -> Result<(Vec<String>, NumberedRows)> {
    let shown = path.display();
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| anyhow!("{shown}: {}", crate::tr!("workbook-unreadable", why = e)))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| {
                anyhow!(
                    "{shown}: {}",
                    crate::tr!(
                        "workbook-no-sheet",
                        sheet = wanted,
                        sheets = names.join(", ")
                    )
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| anyhow!("{shown}: {}", crate::tr!("workbook-empty")))?,
    };
    let mut rows = numbered_rows(&mut book, &name, path, render)?
        .into_iter()
        .skip_while(|(line, _)| *line < header_row.max(1));
    let Some((_, header)) = rows.next() else {
        anyhow::bail!("{shown}: {}", crate::tr!("sheet-no-header", sheet = name));
    };
    Ok((
        header.iter().map(|h| h.trim().to_string()).collect(),
        rows.collect(),
    ))
}

/// A cell as the text an officer would have typed: dates as `jjjj-mm-dd`,
/// whole numbers without a decimal point, yes/no as `ja`/`nee`.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "ja" } else { "nee" }.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map_or_else(|| d.to_string(), |dt| dt.date().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e}"),
    }
}
