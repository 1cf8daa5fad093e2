//! Retention of what the monthly runs leave in the output folder. A month
//! folder holds names, addresses and BSNs (signals, checked signals, work
//! lists, review lists, terugkoppeling); once the month is past
//! `retention_months` it goes, like the month's records in the history
//! store. The aggregate report (no personal data) may be kept.

use crate::brp::review::DecisionMemory;
use crate::csvio::PendingOutputs;
use crate::csvio::io_reason;
use crate::history::{Store, oldest_kept};
use crate::month::Month;
use anyhow::{Result, anyhow};
use std::fs;
use std::path::{Path, PathBuf};

/// What a month folder keeps past retention when reports are kept: the
/// monthly report, which holds only counts.
fn is_report(name: &str) -> bool {
    name.starts_with("rapport") && name.ends_with(".html")
}

/// The month folders below `output` (named `YYYY-MM`), oldest first.
pub fn month_folders(output: &Path) -> Result<Vec<(Month, PathBuf)>> {
    let Ok(entries) = fs::read_dir(output) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| crate::csvio::cannot_read(&output.display(), &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(month) = Month::parse(&name).filter(|_| entry.path().is_dir()) {
            out.push((month, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Removes the files of month folders past retention (`retention` months
/// before `reference`), keeping each month's report when `keep_reports`;
/// a folder left empty goes too. Returns the files removed.
pub fn purge_month_folders(
    output: &Path,
    reference: Month,
    retention: u32,
    keep_reports: bool,
) -> Result<Vec<PathBuf>> {
    let oldest = oldest_kept(reference, retention);
    let mut removed = Vec::new();
    for (month, dir) in month_folders(output)? {
        if month >= oldest {
            continue;
        }
        remove_below(&dir, keep_reports, &mut removed)?;
    }
    Ok(removed)
}

fn remove_below(dir: &Path, keep_reports: bool, removed: &mut Vec<PathBuf>) -> Result<()> {
    for path in crate::csvio::sorted_entries(dir)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            remove_below(&path, keep_reports, removed)?;
        } else if !(keep_reports && is_report(&name)) {
            fs::remove_file(&path).map_err(|e| {
                anyhow!(
                    "{}: {}",
                    path.display(),
                    crate::tr!("retention-cannot-remove", why = io_reason(&e))
                )
            })?;
            removed.push(path);
        }
    }
    // Only an empty folder is removed; one that keeps a report stays.
    let _ = fs::remove_dir(dir);
    Ok(())
}

/// For `history stats`: per month folder, the month from which it is past
/// retention (its files removed by the first run or purge of that month).
pub fn removal_months(output: &Path, retention: u32) -> Result<Vec<(Month, Month)>> {
    Ok(month_folders(output)?
        .into_iter()
        .map(|(m, _)| {
            let mut gone = m;
            for _ in 0..=retention {
                gone = gone.next();
            }
            (m, gone)
        })
        .collect())
}

/// Where the history and the month folders are, and how long they keep.
pub struct Kept<'a> {
    pub history: &'a Path,
    pub output: &'a Path,
    pub retention: u32,
    pub keep_reports: bool,
}

/// What a purge removed.
pub struct Purged {
    /// Months removed from the history store.
    pub removed: Vec<String>,
    /// Files removed from month folders past retention.
    pub files_removed: Vec<PathBuf>,
    /// Remembered review decisions past retention.
    pub decisions_removed: usize,
}

/// Removes everything past the retention term counted back from `as_of`:
/// the store's months, the month folders' personal files and the
/// remembered review decisions.
pub fn purge(kept: &Kept<'_>, as_of: Month) -> Result<Purged> {
    let mut store = Store::open(kept.history, false)?;
    let removed = store.purge(as_of, kept.retention)?;
    let files_removed = purge_month_folders(kept.output, as_of, kept.retention, kept.keep_reports)?;
    let decisions_removed = purge_decisions(kept, as_of)?;
    Ok(Purged {
        removed,
        files_removed,
        decisions_removed,
    })
}

/// Drops remembered review decisions past retention from
/// `brp-besluiten.csv` (beside the store); returns how many went.
fn purge_decisions(kept: &Kept<'_>, as_of: Month) -> Result<usize> {
    let path = kept.history.with_file_name(crate::brp::review::MEMORY_FILE);
    if !path.is_file() {
        return Ok(0);
    }
    let mut memory = DecisionMemory::load(&path)?;
    let before = memory.len();
    let mut out = PendingOutputs::new(kept.output);
    memory.save(&path, as_of, kept.retention, &mut out)?;
    let after = memory.len();
    if after < before {
        out.commit()?;
    }
    Ok(before - after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_past_retention_lose_their_files_and_keep_the_report_if_asked() {
        let dir = tempfile::tempdir().unwrap();
        for m in ["2026-03", "2026-04", "2026-10"] {
            fs::create_dir_all(dir.path().join(m).join("werklijsten")).unwrap();
            fs::write(dir.path().join(m).join("signalen.csv"), "x").unwrap();
            fs::write(dir.path().join(m).join("werklijsten/brief.csv"), "x").unwrap();
            fs::write(dir.path().join(m).join(format!("rapport-{m}.html")), "x").unwrap();
        }
        let october: Month = "2026-10".parse().unwrap();
        let removed = purge_month_folders(dir.path(), october, 6, true).unwrap();
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert!(dir.path().join("2026-03/rapport-2026-03.html").exists());
        assert!(!dir.path().join("2026-03/signalen.csv").exists());
        assert!(
            dir.path().join("2026-04/signalen.csv").exists(),
            "April is kept in October"
        );
        let removed = purge_month_folders(dir.path(), october, 6, false).unwrap();
        assert_eq!(removed.len(), 1);
        assert!(!dir.path().join("2026-03").exists());
        assert_eq!(
            removal_months(dir.path(), 6)
                .unwrap()
                .first()
                .map(|(m, g)| (m.to_string(), g.to_string())),
            Some(("2026-04".into(), "2026-11".into()))
        );
    }
}
