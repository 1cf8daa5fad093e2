//! `vroegsignaal history`: what the history store keeps, and removing what
//! is past the retention term on demand.

use crate::config::Config;
use crate::exit::usage_err;
use crate::history::{Store, oldest_kept};
use crate::month::Month;
use crate::present::{self, Format};
use crate::runlock::{Access, RunLock};
use anyhow::Result;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal history stats
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

impl HistoryOptions {
    fn resolve(&self) -> Result<(PathBuf, u32)> {
        let config = Config::discover(self.config.as_deref())?;
        let retention = config.as_ref().map_or(6, |c| c.retention_months);
        match (&self.history, config) {
            (Some(h), _) => Ok((h.clone(), retention)),
            (None, Some(c)) => Ok((c.history, retention)),
            (None, None) => usage_err(format!(
                "no config: give --config FILE or --history FILE, or run where {} exists",
                crate::config::DEFAULT_PATH
            )),
        }
    }
}

#[derive(Debug, Serialize)]
struct PurgeSummary {
    as_of: String,
    retention_months: u32,
    oldest_kept: String,
    removed: Vec<String>,
}

pub fn run(args: &HistoryArgs) -> Result<()> {
    match &args.action {
        HistoryAction::Stats(o) => {
            let (path, retention) = o.resolve()?;
            let store = Store::open(&path, false)?;
            let months = store.stats()?;
            present::emit(o.format, &months, || {
                let t = present::table(
                    &["maand", "signalen", "huishoudens"],
                    months.iter().map(|m| {
                        vec![
                            m.month.clone(),
                            m.signals.to_string(),
                            m.households.to_string(),
                        ]
                    }),
                );
                format!(
                    "{}: {} months kept (retention {retention} months)\n{t}",
                    path.display(),
                    months.len()
                )
            })
        }
        HistoryAction::Purge { options, as_of } => {
            let (path, retention) = options.resolve()?;
            let as_of = as_of.unwrap_or_else(|| Month::of(chrono::Local::now().date_naive()));
            // Also removes the temporary files of killed runs.
            let _lock = RunLock::acquire(
                &[path.parent().unwrap_or(Path::new("."))],
                Access::Exclusive,
                std::time::Duration::from_secs(options.wait),
            )?;
            let mut store = Store::open(&path, false)?;
            let removed = store.purge(as_of, retention)?;
            let summary = PurgeSummary {
                as_of: as_of.to_string(),
                retention_months: retention,
                oldest_kept: oldest_kept(as_of, retention).to_string(),
                removed,
            };
            present::emit(options.format, &summary, || {
                if summary.removed.is_empty() {
                    format!(
                        "nothing to remove: history holds nothing before {}\n",
                        summary.oldest_kept
                    )
                } else {
                    format!(
                        "removed {} (before {}, {} months before {})\n",
                        summary.removed.join(", "),
                        summary.oldest_kept,
                        retention,
                        summary.as_of
                    )
                }
            })
        }
    }
}
