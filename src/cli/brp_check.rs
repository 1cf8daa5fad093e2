//! `vroegsignaal brp-check`.

use super::Common;
use crate::brp::review;
use crate::brp::{Inputs, MonthChecked, VerdictCounts, check_month, summarise};
use crate::exit::ProblemsFound;
use crate::history::Store;
use crate::present;
use crate::runlock::Access;
use crate::signal::read_signals;
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal brp-check --month 2026-10
  vroegsignaal brp-check --month 2026-10 \\
      --decisions uitvoer/2026-10/controleren.csv
  vroegsignaal brp-check --month 2026-10 --format json";

#[derive(Debug, Args)]
pub struct BrpCheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Signals to check [default: <output>/<month>/signalen.csv]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub signals: Option<PathBuf>,
    /// A review list with the `besluit` column filled in (a BSN or `geen`)
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub decisions: Option<PathBuf>,
    /// Use these model parameters (a `brp-model.json` of an earlier run)
    /// instead of estimating them, so a rerun or a CI check is reproducible
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub model: Option<PathBuf>,
    /// Believe a BRP extract with many fewer rows than last month's (more
    /// than `[brp] max_shrink`)
    #[arg(long)]
    pub accept_register_change: bool,
}

pub fn run(args: &BrpCheckArgs) -> Result<()> {
    let ws = args.common.workspace()?;
    let _lock = ws.begin(Access::Exclusive)?;
    let path = args
        .signals
        .clone()
        .unwrap_or_else(|| ws.dir.join("signalen.csv"));
    let signals = read_signals(&path)?;
    review::ensure_same_month(&path, &signals, ws.month)?;
    let mut out = ws.pending();
    let mut checked = check_month(
        &ws,
        signals,
        Inputs {
            decisions: args.decisions.as_deref(),
            model: args.model.as_deref(),
            accept_register_change: args.accept_register_change,
        },
        &mut out,
    )?;
    let table = std::mem::replace(&mut checked.lookup, crate::brp::LookupTable::Keep);
    crate::brp::leave_lookup(&ws, table, &mut out)?;
    Store::open(&ws.history, true)?.write(std::mem::take(&mut checked.changes))?;
    out.commit()?;
    report(&args.common, &checked, &ws.dir)
}

pub fn report(common: &Common, checked: &MonthChecked, dir: &Path) -> Result<()> {
    let summary = summarise(checked);
    present::emit(common.format, &summary, || {
        let row = |name: &str, c: &VerdictCounts| {
            let total = c.gevonden + c.controleren + c.niet_ingeschreven + c.overleden;
            vec![
                name.to_string(),
                total.to_string(),
                c.gevonden.to_string(),
                c.controleren.to_string(),
                c.niet_ingeschreven.to_string(),
                c.overleden.to_string(),
                c.ander_adres.to_string(),
            ]
        };
        let rows = summary
            .by_partner
            .iter()
            .map(|(p, c)| row(p, c))
            .chain([row(&crate::tr!("total"), &summary.totals)]);
        let t = present::table(
            &[
                &crate::tr!("col-partner"),
                &crate::tr!("col-signals"),
                "gevonden",
                "controleren",
                "niet_ingeschreven",
                "overleden",
                "ander_adres",
            ],
            rows,
        );
        let reasons = present::counts(&summary.by_reason);
        let title = crate::tr!(
            "brp-title",
            month = summary.month,
            rows = summary.register_rows,
            file = dir.join("controleren.csv").display()
        );
        let reasons = if reasons.is_empty() {
            String::new()
        } else {
            crate::tr!("brp-reasons", reasons = reasons) + "\n"
        };
        format!("{title}\n{t}{reasons}")
    })?;
    if common.strict && summary.totals.controleren > 0 {
        return Err(ProblemsFound(crate::tr!(
            "strict-review",
            signals = summary.totals.controleren
        ))
        .into());
    }
    Ok(())
}
