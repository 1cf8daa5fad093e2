//! `vroegsignaal export-feedback`: the terugkoppeling files per partner.

use super::Common;
use crate::exit::{ProblemsFound, usage_err};
use crate::feedback::stage::{Summary, deliver, export_others, gather_others, request, summarise};
use crate::feedback::{self, Export, Request, SignalStatus};
use crate::history::{Changes, Store};
use crate::month::Month;
use crate::present::{self, note};
use crate::runlock::Access;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  vroegsignaal export-feedback --month 2026-10
  vroegsignaal export-feedback --month 2026-10 --as-of 2026-11-05 \\
      --format json
  # check the work lists, send nothing:
  vroegsignaal export-feedback --month 2026-10 --check
  # send the whole month again:
  vroegsignaal export-feedback --month 2026-10 --again";

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    #[command(flatten)]
    pub common: Common,
    /// The day of the export: what is due by then goes out [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day, help_heading = "Input")]
    pub as_of: Option<NaiveDate>,
    /// Work lists to read [default: every .csv in <output>/<month>/werklijsten/]
    #[arg(long = "worklist", value_name = "FILE", help_heading = "Input")]
    pub worklists: Vec<PathBuf>,
    /// Send again what earlier exports of the month sent
    #[arg(long)]
    pub again: bool,
    /// Check the work lists and show what would be sent; write nothing
    #[arg(long)]
    pub check: bool,
    /// Send this one signal's code now (its result was corrected), and
    /// nothing else; `PARTNER:ID` when partners share the id
    #[arg(long, value_name = "SIGNAL_ID", conflicts_with = "again")]
    pub correct: Option<String>,
}

/// Today, the default export day.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn run(args: &FeedbackArgs) -> Result<()> {
    let ws = args.common.workspace()?;
    let access = if args.check {
        Access::Shared
    } else {
        Access::Exclusive
    };
    let _lock = ws.begin(access)?;
    let as_of = args.as_of.unwrap_or_else(today);
    if as_of < ws.month.first_day() {
        return usage_err(crate::tr!(
            "as-of-before-month",
            as_of = as_of,
            month = ws.month
        ));
    }
    let mut store = Store::open(&ws.history, false)?;
    if !store.has_month(ws.month)? {
        anyhow::bail!(
            "{}: {}",
            ws.history.display(),
            crate::tr!("feedback-month-not-in-store", month = ws.month)
        );
    }
    let statuses = feedback::read_statuses(&ws.dir.join("beslissingen.csv"))?;
    let only = match &args.correct {
        Some(wanted) => Some(one_signal(&statuses, wanted, ws.month)?),
        None => None,
    };
    // Results recorded late in the other months' lists go out too (not
    // when one signal is corrected: then that one alone).
    let others = if only.is_some() {
        Vec::new()
    } else {
        gather_others(&ws, as_of, !args.check)?
    };
    let rejected = feedback::read_rejected(&ws.dir.join("afgewezen.csv"))?;
    let mut out = ws.pending();
    let req = Request {
        again: args.again,
        worklists: (!args.worklists.is_empty()).then_some(args.worklists.as_slice()),
        only: only.clone(),
        ..request(ws.month, &ws.dir, as_of, &rejected, &store, &ws)?
    };
    let gathered = feedback::gather(&req, &statuses, &store)?;
    let export = feedback::export(&req, &statuses, gathered, &store, &mut out)?;
    if let Some(m) = missing_message(&export) {
        if args.common.strict {
            return Err(ProblemsFound(crate::tr!("feedback-strict", problem = m)).into());
        }
        note(args.common.quiet, &m);
    }
    let mut exports = export_others(&ws, others, &store, as_of, &mut out)?;
    exports.push(export);
    if !args.check {
        deliver(&exports, &mut store, Changes::default(), out, || Ok(None))?;
    }
    if let (Some(wanted), Some(e)) = (&args.correct, exports.last())
        && e.batch.is_empty()
    {
        let had = e.earlier.first().map_or_else(String::new, |s| {
            crate::tr!("correct-had", code = s.due.code, sent = &s.exported_on)
        });
        note(
            args.common.quiet,
            &crate::tr!("correct-already-has", signal = wanted, had = had),
        );
    }
    let mut summaries: Vec<Summary> = exports.iter().map(summarise).collect();
    for s in &summaries {
        corrected_note(args.common.quiet, s, args.check);
    }
    let mut summary = summaries.pop().expect("the month itself was exported");
    summary.other_months = summaries;
    present::emit(args.common.format, &summary, || {
        table(&summary, &ws.dir, args.check)
    })
}

/// The signal `--correct` names (`ID` or `PARTNER:ID`), as (partner, id).
fn one_signal(statuses: &[SignalStatus], wanted: &str, month: Month) -> Result<(String, String)> {
    let hits: Vec<&SignalStatus> = statuses
        .iter()
        .filter(|s| {
            s.signal_id == wanted || crate::signal::signal_ref(&s.partner, &s.signal_id) == wanted
        })
        .collect();
    match hits.as_slice() {
        [s] => Ok((s.partner.clone(), s.signal_id.clone())),
        [] => usage_err(crate::tr!(
            "correct-no-signal",
            signal = wanted,
            month = month
        )),
        many => usage_err(crate::tr!(
            "correct-many-partners",
            signal = wanted,
            count = many.len(),
            partners = many
                .iter()
                .map(|s| s.partner.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Names the cases whose rows are in none of the work lists read (case
/// ids only), or `None` when every case is there.
pub fn missing_message(e: &Export) -> Option<String> {
    if e.missing.is_empty() {
        return None;
    }
    const SHOWN: usize = 10;
    let more = e.missing.len().saturating_sub(SHOWN);
    Some(crate::tr!(
        "cases-missing",
        month = e.month,
        cases = e.missing.len(),
        ids = e
            .missing
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        more = if more > 0 {
            crate::tr!("and-more", more = more)
        } else {
            String::new()
        }
    ))
}

/// Names the signals that were sent a correction (ids only).
pub fn corrected_note(quiet: bool, s: &Summary, check: bool) {
    if s.corrected.is_empty() {
        return;
    }
    note(
        quiet,
        &crate::tr!(
            "corrections-sent",
            month = s.month,
            signals = s.corrected.len(),
            would = if check { "yes" } else { "no" },
            ids = s.corrected.join(", ")
        ),
    );
}

/// The per-partner table of one month's export.
pub fn table(s: &Summary, dir: &Path, check: bool) -> String {
    let t = present::table(
        &[
            &crate::tr!("col-partner"),
            &crate::tr!("col-sent"),
            &crate::tr!("col-late"),
            &crate::tr!("col-corrections"),
            &crate::tr!("col-sent-before"),
            &crate::tr!("col-open"),
            &crate::tr!("col-of-which-late"),
            &crate::tr!("col-next-due"),
        ],
        s.by_partner.iter().map(|(p, f)| {
            vec![
                p.clone(),
                f.sent.to_string(),
                f.late.to_string(),
                f.corrected.to_string(),
                f.already_sent.to_string(),
                f.open.to_string(),
                f.overdue.to_string(),
                f.next_due.map_or_else(|| "-".into(), |d| d.to_string()),
            ]
        }),
    );
    let codes = present::counts(&s.by_code);
    let recorded = s.recorded.as_ref().map_or_else(
        || crate::tr!("feedback-no-lists") + "\n",
        |r| {
            crate::tr!(
                "feedback-lists",
                cases = r.cases,
                results = r.with_result,
                attempts = r.attempts
            ) + "\n"
        },
    );
    let others: String = s
        .other_months
        .iter()
        .filter(|o| o.sent > 0)
        .map(|o| {
            crate::tr!(
                "feedback-other-month",
                month = o.month,
                codes = o.sent,
                would = if check { "yes" } else { "no" },
                late = o.late,
                corrected = o.corrected.len()
            ) + "\n"
        })
        .collect();
    let title = crate::tr!(
        "feedback-title",
        month = s.month,
        day = s.as_of,
        term = s.term_days,
        codes = s.sent,
        would = if check { "yes" } else { "no" },
        files = if check || s.sent == 0 {
            String::new()
        } else {
            crate::tr!(
                "feedback-files-in",
                folder = dir.join("terugkoppeling").display()
            )
        }
    );
    let codes = if codes.is_empty() {
        String::new()
    } else {
        crate::tr!("feedback-codes", codes = codes) + "\n"
    };
    format!("{title}\n{t}{codes}{recorded}{others}")
}
