//! The monthly job as one operation: the stages chained in memory, from the
//! partner exports to the work lists and the feedback that is due. The
//! command line shows progress and presents the outcome; `run` and the
//! single-stage commands call the same stage operations.

use crate::brp::{self, Checked};
use crate::feedback::stage::{self as feedback, JustDecided};
use crate::feedback::{Export, rejected_from, statuses_from};
use crate::history::Store;
use crate::ingest::{self, Ingested};
use crate::matching::stage::{self as matching, Recorded};
use crate::month::Month;
use crate::prioritise::stage::{self as prioritise, MonthInput, Placed};
use crate::rulebook::Rulebook;
use crate::workspace::Workspace;
use anyhow::Result;
use chrono::NaiveDate;
use std::path::PathBuf;

/// What the caller learns while the stages run.
pub trait Progress {
    fn start(&mut self, stage: &'static str);
    fn done(&mut self, stage: Done<'_>);
}

/// A stage finished, with what it did.
pub enum Done<'a> {
    Ingest(&'a Ingested),
    Brp(&'a brp::Summary),
    Match { households: usize },
    Prioritise(&'a prioritise::Summary),
    Feedback(&'a [feedback::Summary]),
}

/// How to run the month.
pub struct RunOptions<'a> {
    /// The day of the run: feedback due by then goes out.
    pub as_of: NaiveDate,
    /// Believe a register extract that shrank more than `max_shrink`.
    pub accept_register_change: bool,
    /// Without a rulebook the run stops after match.
    pub rulebook: Option<&'a Rulebook>,
}

/// A month run: every stage's typed outcome.
pub struct MonthRun {
    /// The rows read and rejected (the signals moved on).
    pub ingested: Ingested,
    pub checked: Checked,
    pub brp: brp::Summary,
    pub matched: Recorded,
    pub placed: Option<Placed>,
    pub exports: Vec<Export>,
    pub feedback: Vec<feedback::Summary>,
    /// Files of month folders past retention, removed.
    pub cleared: Vec<PathBuf>,
    /// The latest month in the store, from which retention counts.
    pub latest: Month,
}

/// Runs the month: ingest, BRP check, match, prioritise (with a rulebook)
/// and the feedback that is due, all outputs committed together at the
/// end, then retention applied to the month folders.
pub fn run(ws: &Workspace, opts: &RunOptions<'_>, progress: &mut dyn Progress) -> Result<MonthRun> {
    let as_of = opts.as_of;
    let facts = opts.rulebook.map(|r| r.facts.clone()).unwrap_or_default();
    // Results recorded in earlier months' work lists are read (and
    // checked) first: this month's facts use them.
    let earlier = feedback::gather_others(ws, as_of, true)?;
    progress.start("ingest");
    let mut ingested = ingest::run(ws)?;
    let mut out = ws.pending();
    ingested.write(&ws.dir, ws.dialect, &mut out)?;
    // The signals move on; the ingest summary needs only counts and
    // rejections.
    let signals = std::mem::take(&mut ingested.signals);
    let rejected = rejected_from(&ingested.rejected);
    progress.done(Done::Ingest(&ingested));
    progress.start("brp-check");
    let checked = brp::check_month(
        ws,
        signals,
        brp::Inputs {
            accept_register_change: opts.accept_register_change,
            ..Default::default()
        },
        &mut out,
    )?;
    let brp = brp::summarise(&checked);
    progress.done(Done::Brp(&brp));
    progress.start("match");
    let stage = matching::run(ws, checked.resolved(), &facts, &mut out)?;
    let m = &stage.matched;
    progress.done(Done::Match {
        households: m.households.len(),
    });
    let placed = match opts.rulebook {
        Some(rb) => {
            progress.start("prioritise");
            let month = MonthInput {
                signals: &m.signals,
                households: &m.households,
            };
            let placed = prioritise::run(ws, rb, month, as_of, &mut out)?;
            progress.done(Done::Prioritise(&placed.summary));
            Some(placed)
        }
        None => None,
    };
    progress.start("terugkoppeling");
    let mut store = Store::open(&ws.history, true)?;
    let exports = match &placed {
        Some(p) => {
            let statuses = statuses_from(&p.decided, &m.signals);
            let current = JustDecided {
                statuses: &statuses,
                rejected: &rejected,
            };
            feedback::due_for_run(ws, earlier, current, &store, as_of, &mut out)?
        }
        None => Vec::new(),
    };
    let summaries: Vec<feedback::Summary> = exports.iter().map(feedback::summarise).collect();
    progress.done(Done::Feedback(&summaries));
    let matched = stage.record(ws, as_of)?;
    feedback::deliver(&exports, &mut store, out)?;
    // Month folders past retention lose their personal files, as the
    // store loses their records.
    let latest = store.latest_month()?.unwrap_or(ws.month).max(ws.month);
    let cleared = crate::retention::purge_month_folders(
        &ws.output,
        latest,
        ws.config.retention_months,
        ws.config.keep_reports,
    )?;
    Ok(MonthRun {
        ingested,
        checked,
        brp,
        matched,
        placed,
        exports,
        feedback: summaries,
        cleared,
        latest,
    })
}
