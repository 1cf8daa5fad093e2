//! `vroegsignaal history`: what the history store keeps, and removing what
//! is past the retention term on demand.

use crate::config::Config;
use crate::exit::usage_err;
use crate::history::{MonthStats, Store, oldest_kept};
use crate::month::Month;
use crate::present::{self, Format};
use crate::runlock::{Access, RunLock};
use anyhow::Result;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal history stats
  # earlier months from the previous system (RIS, VPS), once:
  vroegsignaal history import --profile config/historie/ris-export.toml \\
      fixtures/historie/ris-export-2026-04-2026-09.csv
  vroegsignaal history purge
  vroegsignaal history purge --as-of 2026-11 --format json";

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub action: HistoryAction,
}

#[derive(Debug, Subcommand)]
pub enum HistoryAction {
    /// Show what the history store keeps per month
    Stats(HistoryOptions),
    /// Bring earlier signals from the previous system (RIS, VPS) into the
    /// store, as fingerprints, so recidive and herhaal work from the first month
    Import {
        #[command(flatten)]
        options: HistoryOptions,
        /// How the export's columns are named (like a partner profile)
        #[arg(long, value_name = "FILE")]
        profile: PathBuf,
        /// The export of earlier signals
        file: PathBuf,
    },
    /// Remove every month past the retention term now
    Purge {
        #[command(flatten)]
        options: HistoryOptions,
        /// Count the term back from this month [default: the current month]
        #[arg(long, value_name = "YYYY-MM")]
        as_of: Option<Month>,
    },
}

#[derive(Debug, Args)]
pub struct HistoryOptions {
    /// Municipality config [default: config/vroegsignaal.toml when present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The history store [default: the config's `history`]
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Output as a table or as JSON
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// How long to wait for a run on the same store to finish
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

/// Where the history and the month folders are, and how long they keep.
struct Kept {
    history: PathBuf,
    output: PathBuf,
    retention: u32,
    keep_reports: bool,
}

impl Kept {
    /// The run lock on the output folder and the store's folder (which
    /// also removes the temporary files of killed runs).
    fn lock(&self, wait: u64) -> Result<RunLock> {
        RunLock::acquire(
            &[
                &self.output,
                self.history.parent().unwrap_or(Path::new(".")),
            ],
            Access::Exclusive,
            std::time::Duration::from_secs(wait),
        )
    }
}

impl HistoryOptions {
    fn resolve(&self) -> Result<Kept> {
        let config = Config::discover(self.config.as_deref())?;
        let retention = config.as_ref().map_or(6, |c| c.retention_months);
        let keep_reports = config.as_ref().is_some_and(|c| c.keep_reports);
        let (history, output) = match (&self.history, config) {
            // A store named on the command line is that of a folder of
            // runs (`run --out DIR` keeps it in DIR).
            (Some(h), _) => (
                h.clone(),
                h.parent().unwrap_or(Path::new(".")).to_path_buf(),
            ),
            (None, Some(c)) => (c.history, c.output),
            (None, None) => {
                return usage_err(crate::tr!(
                    "history-no-config",
                    path = crate::config::DEFAULT_PATH
                ));
            }
        };
        Ok(Kept {
            history,
            output,
            retention,
            keep_reports,
        })
    }
}

#[derive(Debug, Serialize)]
struct StatsSummary {
    months: Vec<MonthStats>,
    /// Per month folder, the month from which its files are removed.
    folders: Vec<FolderRetention>,
}

#[derive(Debug, Serialize)]
struct FolderRetention {
    month: String,
    removed_from: String,
}

#[derive(Debug, Serialize)]
struct PurgeSummary {
    as_of: String,
    retention_months: u32,
    oldest_kept: String,
    /// Months removed from the history store.
    removed: Vec<String>,
    /// Files removed from month folders past retention.
    files_removed: Vec<String>,
    /// Remembered review decisions past retention.
    decisions_removed: usize,
}

pub fn run(args: &HistoryArgs) -> Result<()> {
    match &args.action {
        HistoryAction::Stats(o) => stats(o),
        HistoryAction::Purge { options, as_of } => purge(options, *as_of),
        HistoryAction::Import {
            options,
            profile,
            file,
        } => import(options, profile, file),
    }
}

#[derive(Debug, Serialize)]
struct ImportSummary {
    file: String,
    rows: u64,
    /// Rows per month imported.
    months: std::collections::BTreeMap<String, u64>,
    end_results: u64,
    /// Months left out: past retention.
    skipped: Vec<String>,
    /// Months left out: this program ran them (an import never replaces
    /// those).
    run_here: Vec<String>,
}

fn import(options: &HistoryOptions, profile: &Path, file: &Path) -> Result<()> {
    let config = Config::discover(options.config.as_deref())?.ok_or_else(|| {
        crate::exit::UsageError(crate::tr!(
            "import-no-config",
            path = crate::config::DEFAULT_PATH
        ))
    })?;
    let kept = options.resolve()?;
    let _lock = kept.lock(options.wait)?;
    let done = crate::import::run(&config, &kept.history, profile, file, kept.retention)?;
    let (imported, left_out) = (&done.imported, &done.left_out);
    let summary = ImportSummary {
        file: file.display().to_string(),
        rows: imported.signals.len() as u64,
        months: imported
            .by_month
            .iter()
            .filter(|(m, _)| !left_out.past_retention.contains(m) && !left_out.run_here.contains(m))
            .map(|(m, n)| (m.to_string(), *n))
            .collect(),
        end_results: imported.results.len() as u64,
        skipped: left_out
            .past_retention
            .iter()
            .map(Month::to_string)
            .collect(),
        run_here: left_out.run_here.iter().map(Month::to_string).collect(),
    };
    present::emit(options.format, &summary, || {
        let t = present::table(
            &[&crate::tr!("col-month"), &crate::tr!("col-signals")],
            summary
                .months
                .iter()
                .map(|(m, n)| vec![m.clone(), n.to_string()]),
        );
        let title = crate::tr!(
            "import-title",
            file = summary.file,
            rows = summary.rows,
            results = summary.end_results,
            store = kept.history.display()
        );
        let mut left_out = String::new();
        if !summary.skipped.is_empty() {
            let months = summary.skipped.join(", ");
            left_out += &(crate::tr!("import-left-out-retention", months = months) + "\n");
        }
        if !summary.run_here.is_empty() {
            let months = summary.run_here.join(", ");
            left_out += &(crate::tr!("import-left-out-run-here", months = months) + "\n");
        }
        format!("{title}\n{t}{left_out}")
    })
}

fn stats(o: &HistoryOptions) -> Result<()> {
    let kept = o.resolve()?;
    let store = Store::open(&kept.history, false)?;
    let summary = StatsSummary {
        months: store.stats()?,
        folders: crate::retention::removal_months(&kept.output, kept.retention)?
            .into_iter()
            .map(|(m, gone)| FolderRetention {
                month: m.to_string(),
                removed_from: gone.to_string(),
            })
            .collect(),
    };
    present::emit(o.format, &summary, || {
        let gone: std::collections::BTreeMap<&str, &str> = summary
            .folders
            .iter()
            .map(|f| (f.month.as_str(), f.removed_from.as_str()))
            .collect();
        let t = present::table(
            &[
                &crate::tr!("col-month"),
                &crate::tr!("col-signals"),
                &crate::tr!("col-household"),
                &crate::tr!("col-removed-from"),
            ],
            summary.months.iter().map(|m| {
                vec![
                    m.month.clone(),
                    m.signals.to_string(),
                    m.households.to_string(),
                    gone.get(m.month.as_str()).map_or("-", |g| g).to_string(),
                ]
            }),
        );
        crate::tr!(
            "stats-title",
            store = kept.history.display(),
            months = summary.months.len(),
            retention = kept.retention
        ) + "\n"
            + &t
    })
}

fn purge(options: &HistoryOptions, as_of: Option<Month>) -> Result<()> {
    let kept = options.resolve()?;
    let as_of = as_of.unwrap_or_else(|| Month::of(chrono::Local::now().date_naive()));
    // Also removes the temporary files of killed runs.
    let _lock = kept.lock(options.wait)?;
    let purged = crate::retention::purge(
        &crate::retention::Kept {
            history: &kept.history,
            output: &kept.output,
            retention: kept.retention,
            keep_reports: kept.keep_reports,
        },
        as_of,
    )?;
    let (removed, files_removed, decisions_removed) = (
        purged.removed,
        purged.files_removed,
        purged.decisions_removed,
    );
    let summary = PurgeSummary {
        as_of: as_of.to_string(),
        retention_months: kept.retention,
        oldest_kept: oldest_kept(as_of, kept.retention).to_string(),
        removed,
        files_removed: files_removed
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        decisions_removed,
    };
    present::emit(options.format, &summary, || {
        let mut text = if summary.removed.is_empty() {
            crate::tr!("purge-nothing", before = summary.oldest_kept) + "\n"
        } else {
            crate::tr!(
                "purge-removed",
                months = summary.removed.join(", "),
                before = summary.oldest_kept,
                retention = kept.retention,
                day = summary.as_of
            ) + "\n"
        };
        for f in &summary.files_removed {
            text += &(crate::tr!("purge-file", file = f) + "\n");
        }
        if summary.decisions_removed > 0 {
            text += &(crate::tr!("purge-decisions", decisions = summary.decisions_removed) + "\n");
        }
        text
    })
}
