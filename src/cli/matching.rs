//! `vroegsignaal match`.

use super::Common;
use crate::brp::review::{ensure_same_month, read_checked};
use crate::matching::{self, stage::Recorded, stage::summarise};
use crate::present;
use crate::runlock::Access;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal match --month 2026-10
  vroegsignaal match --month 2026-10 --format json";

#[derive(Debug, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    pub common: Common,
    /// Checked signals [default: <output>/<month>/gecontroleerd.csv]
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub checked: Option<PathBuf>,
    /// The day of matching, as the DDAS delivery reports it [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day, help_heading = "Input")]
    pub as_of: Option<NaiveDate>,
}

pub fn run(args: &MatchArgs) -> Result<()> {
    let ws = args.common.workspace()?;
    let _lock = ws.begin(Access::Exclusive)?;
    let path = args
        .checked
        .clone()
        .unwrap_or_else(|| ws.dir.join("gecontroleerd.csv"));
    let resolved = read_checked(&path)?;
    ensure_same_month(&path, resolved.iter().map(|r| &r.signal), ws.month)?;
    let mut out = ws.pending();
    let settings = crate::rulebook::fact_settings(ws.config.rulebook.as_deref())?;
    let stage = matching::stage::run(&ws, resolved, &settings, &mut out)?;
    let recorded = stage.record(&ws, args.as_of.unwrap_or_else(super::feedback::today))?;
    out.commit()?;
    report(&args.common, &recorded, &ws.dir)
}

pub fn report(common: &Common, recorded: &Recorded, dir: &Path) -> Result<()> {
    let s = summarise(recorded);
    present::emit(common.format, &s, || {
        let row = |what: &str, households: u64, signals: Option<u64>| {
            vec![
                what.to_string(),
                households.to_string(),
                signals.map_or_else(String::new, |n| n.to_string()),
            ]
        };
        let g = &s.signalen;
        let t = present::table(
            &[
                "",
                &crate::tr!("col-households"),
                &crate::tr!("col-signals"),
            ],
            [
                row(&crate::tr!("total"), s.huishoudens, Some(g.total)),
                row("enkelvoudig", s.enkelvoudig, None),
                row("meervoudig", s.meervoudig, None),
                row("recidive", s.recidive, Some(g.recidive)),
                row("herhaal", s.herhaal, Some(g.herhaal)),
                row(
                    "herhaal zonder verhoging",
                    s.herhaal_zonder_verhoging,
                    Some(g.herhaal_zonder_verhoging),
                ),
                row("sleper", s.sleper, Some(g.sleper)),
                row("bekend bij SHV", s.bekend_shv, Some(g.bekend_shv)),
                row(
                    "geen bemoeienis",
                    s.geen_bemoeienis,
                    Some(g.geen_bemoeienis),
                ),
                row("zonder inwoner", s.zonder_inwoner, None),
            ],
        );
        let removed = if s.history.removed.is_empty() {
            String::new()
        } else {
            crate::tr!("history-removed", months = s.history.removed.join(", ")) + "\n"
        };
        let title = crate::tr!(
            "match-title",
            month = s.month,
            file = dir.join("huishoudens.csv").display()
        );
        let holds = crate::tr!("history-holds", months = s.history.months.len());
        format!("{title}\n{t}{holds}\n{removed}")
    })
}
