//! The month's work lists as an earlier run left them, so a run later in
//! the month adds to them instead of replacing them: every household keeps
//! its list and its place, every cell an officer filled in (in the CSV or
//! in the workbook) is written again, and a row's `te_laat` stays as it was
//! when the row was added.

use super::worklists::{officer_columns, worklist_files};
use crate::sheets::{self, Sheet};
use anyhow::{Result, anyhow, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The month's work lists as they stand, read once in a run: prioritise
/// keeps what they hold, feedback takes the results typed in them.
#[derive(Default)]
pub struct ListSheets {
    /// The files read: the CSV lists, and the workbook unless it is just
    /// as written.
    pub files: Vec<PathBuf>,
    pub sheets: Vec<Sheet>,
    /// Why a file could not be read, one message each.
    pub unreadable: Vec<String>,
}

impl ListSheets {
    /// The lists in `<month>/werklijsten/`.
    pub fn read(month_dir: &Path) -> Result<ListSheets> {
        Ok(ListSheets::of_files(worklist_files(month_dir)?))
    }

    pub fn of_files(files: Vec<PathBuf>) -> ListSheets {
        let mut lists = ListSheets::default();
        for file in &files {
            match sheets::load(file) {
                Ok(s) => lists.sheets.extend(s),
                Err(e) => lists.unreadable.push(format!("{e:#}")),
            }
        }
        lists.files = files;
        lists
    }
}

/// One row's key: case, channel (`hoofd`, `extra`) and, for an extra
/// channel, the list (a household's main row is the same row on whichever
/// list it moves to).
pub type RowKey = (String, String, String);

pub fn row_key(zaak: &str, channel: &str, list: &str) -> RowKey {
    let list = if channel == "extra" { list } else { "" };
    (zaak.to_string(), channel.to_string(), list.to_string())
}

/// What an earlier run's lists hold.
#[derive(Debug, Default)]
pub struct EarlierLists {
    /// Household -> (its main list, its position there).
    pub placed: BTreeMap<String, (String, usize)>,
    /// The officer's cells per row (in [`officer_columns`] order), for rows
    /// with any of them filled in.
    pub officer: BTreeMap<RowKey, Vec<String>>,
    /// `te_laat` as written when the row was added.
    pub late: BTreeMap<RowKey, String>,
    /// `geplaatst_op`: the day the row was added.
    pub placed_on: BTreeMap<RowKey, String>,
}

impl EarlierLists {
    /// Reads every list in `<month>/werklijsten/` (CSV files and the
    /// workbook). The CSV and the workbook may each hold an officer's work;
    /// where both fill in the same cell differently, that is an error
    /// naming the case: which one is right cannot be told.
    pub fn read(month_dir: &Path) -> Result<EarlierLists> {
        EarlierLists::of(&ListSheets::read(month_dir)?)
    }

    /// What `lists` hold; an unreadable list is an error.
    pub fn of(lists: &ListSheets) -> Result<EarlierLists> {
        if let Some(why) = lists.unreadable.first() {
            return Err(anyhow!("{why}"));
        }
        let mut earlier = EarlierLists::default();
        let officer = officer_columns();
        let mut seen_at: BTreeMap<RowKey, String> = BTreeMap::new();
        for sheet in &lists.sheets {
            // The columns are found once per sheet, not per cell.
            let col = |name: &str| sheet.column(name);
            let (zaak_col, household_col, list_col, channel_col) = (
                col("zaak"),
                col("huishouden"),
                col("werklijst"),
                col("kanaal"),
            );
            let (late_col, placed_col) = (col("te_laat"), col("geplaatst_op"));
            let officer_cols: Vec<_> = officer.iter().map(|c| col(c)).collect();
            for (position, row) in sheet.rows().enumerate() {
                let zaak = row.cell(zaak_col).trim().to_string();
                let household = row.cell(household_col).trim().to_string();
                let list = row.cell(list_col).trim().to_string();
                if zaak.is_empty() || household.is_empty() || list.is_empty() {
                    continue;
                }
                let channel = row.cell(channel_col).trim().to_string();
                if channel == "hoofd" {
                    earlier
                        .placed
                        .entry(household)
                        .or_insert((list.clone(), position));
                }
                let key = row_key(&zaak, &channel, &list);
                let late = row.cell(late_col).trim();
                if !late.is_empty() {
                    earlier.late.entry(key.clone()).or_insert(late.to_string());
                }
                let placed = row.cell(placed_col).trim();
                if !placed.is_empty() {
                    earlier
                        .placed_on
                        .entry(key.clone())
                        .or_insert(placed.to_string());
                }
                let cells: Vec<String> = officer_cols
                    .iter()
                    .map(|&c| row.cell(c).trim().to_string())
                    .collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                match earlier.officer.get_mut(&key) {
                    None => {
                        earlier.officer.insert(key.clone(), cells);
                        seen_at.insert(key, row.at());
                    }
                    Some(have) => {
                        for (i, (mine, theirs)) in have.iter_mut().zip(&cells).enumerate() {
                            if mine.is_empty() {
                                mine.clone_from(theirs);
                            } else if !theirs.is_empty() && mine != theirs {
                                bail!(
                                    "{}: {}",
                                    row.at(),
                                    crate::tr!(
                                        "worklist-two-values",
                                        column = &officer[i],
                                        case = &key.0,
                                        other = seen_at.get(&key).map_or("", String::as_str)
                                    )
                                );
                            }
                        }
                    }
                }
            }
        }
        Ok(earlier)
    }

    /// The households' main lists, as prioritise keeps them.
    pub fn lists(&self) -> BTreeMap<String, String> {
        self.placed
            .iter()
            .map(|(h, (list, _))| (h.clone(), list.clone()))
            .collect()
    }
}
