//! The monthly job as one operation: the stages chained in memory, from the
//! partner exports to the work lists and the feedback that is due. The
//! command line shows progress and presents the outcome; `run` and the
//! single-stage commands call the same stage operations.
//!
//! A run of a month that an earlier run already did, with nothing new
//! (same partner files, register, lists, rulebook, config, decisions, and
//! other months), reads the month's files back instead of checking and
//! matching again, and does only the feedback that became due.

mod inputs;

use crate::brp;
use crate::csvio::PendingOutputs;
use crate::feedback::stage::{self as feedback, JustDecided};
use crate::feedback::{Export, rejected_from, statuses_from};
use crate::history::{Changes, Store};
use crate::ingest::{self, Ingested};
use crate::matching::stage::{self as matching, Recorded};
use crate::matching::{Matched, files};
use crate::month::Month;
use crate::prioritise::Prioritised;
use crate::prioritise::earlier::{EarlierLists, ListSheets};
use crate::prioritise::stage::{self as prioritise, MonthInput, Placed};
use crate::rulebook::Rulebook;
use crate::workspace::Workspace;
use anyhow::{Context, Result};
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
    pub brp: brp::Summary,
    pub matched: Recorded,
    pub placed: Option<Placed>,
    pub exports: Vec<Export>,
    pub feedback: Vec<feedback::Summary>,
    /// Files of month folders past retention, removed.
    pub cleared: Vec<PathBuf>,
    /// The latest month in the store, from which retention counts.
    pub latest: Month,
    /// Nothing was new since the month's last run: its files were read
    /// back, only the feedback due was worked out.
    pub nothing_new: bool,
}

/// The month up to its decisions, before the feedback.
struct Decided {
    ingested: Ingested,
    brp: brp::Summary,
    matched: MatchedMonth,
    /// What the BRP check records in the store.
    changes: Changes,
}

/// The month's households: matched by this run (its history not yet
/// recorded), or read back from the last run's files.
enum MatchedMonth {
    Now(matching::MatchStage),
    Before(Matched),
}

impl MatchedMonth {
    fn matched(&self) -> &Matched {
        match self {
            MatchedMonth::Now(stage) => &stage.matched,
            MatchedMonth::Before(m) => m,
        }
    }

    /// Whether the month was matched now, its files still to be written
    /// (read back, they are there).
    fn unwritten(&self) -> bool {
        matches!(self, MatchedMonth::Now(_))
    }

    /// What a month matched now records in the store; one read back is
    /// there already.
    fn changes(&mut self, ws: &Workspace, as_of: NaiveDate) -> Changes {
        match self {
            MatchedMonth::Now(stage) => stage.changes(ws, as_of),
            MatchedMonth::Before(_) => Changes::default(),
        }
    }

    /// The month as recorded, once the run's changes are in the store
    /// (which removed the months `removed`).
    fn recorded(self, removed: Vec<String>, store: &Store) -> Result<Recorded> {
        match self {
            MatchedMonth::Now(stage) => stage.recorded(removed),
            MatchedMonth::Before(matched) => Ok(Recorded {
                kept: store.stats()?,
                matched,
                removed,
            }),
        }
    }
}

/// Runs the month: ingest, BRP check, match, prioritise (with a rulebook)
/// and the feedback that is due, all outputs committed together at the
/// end, then retention applied to the month folders.
pub fn run(ws: &Workspace, opts: &RunOptions<'_>, progress: &mut dyn Progress) -> Result<MonthRun> {
    let as_of = opts.as_of;
    // Results recorded in earlier months' work lists are read (and
    // checked) first: this month's facts use them.
    let earlier = feedback::gather_others(ws, as_of, true)?;
    let fingerprint = month_inputs(ws)?;
    let mut out = ws.pending();
    let (decided, lists, nothing_new) = match unchanged_since_last_run(ws, opts, &fingerprint)? {
        Some(brp) => (read_back(ws, brp, progress)?, None, true),
        None => std::thread::scope(|scope| -> Result<_> {
            // The month's lists as they stand (what an officer typed in
            // them is kept) are read beside the check and the match.
            let lists = opts.rulebook.is_some().then(|| {
                scope.spawn(|| -> Result<_> {
                    let sheets = ListSheets::read(&ws.dir)?;
                    let earlier = EarlierLists::of(&sheets)?;
                    Ok((sheets, earlier))
                })
            });
            let decided = decide(ws, opts, progress, &mut out);
            let lists = lists
                .map(|l| l.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .transpose();
            Ok((decided?, lists?, false))
        })?,
    };
    let Decided {
        ingested,
        brp,
        matched: mut month,
        mut changes,
    } = decided;
    changes.merge(month.changes(ws, as_of));
    let m = month.matched();
    let rejected = rejected_from(&ingested.rejected);
    let mut store = Store::open(&ws.history, true)?;
    // The feedback due: for the other months, and for this one its
    // screening codes and the results its lists hold. Then, while the
    // lists may still be written, the month's record and cases are
    // compared with the store.
    let feed = |decided: &Prioritised, sheets: Option<&ListSheets>, out: &mut PendingOutputs| {
        let statuses = statuses_from(decided, &m.signals);
        let current = JustDecided {
            statuses: &statuses,
            rejected: &rejected,
            lists: sheets,
        };
        let mut exports = feedback::due_for_run(ws, earlier, current, &store, as_of, out)?;
        changes.compare(&store)?;
        for e in exports.iter_mut().filter(|e| e.month == ws.month) {
            e.compare_cases(&store)?;
        }
        Ok(exports)
    };
    let input = MonthInput {
        signals: &m.signals,
        households: &m.households,
    };
    let (placed, exports) = match opts.rulebook {
        Some(rb) => {
            progress.start("prioritise");
            let (placed, exports) =
                place_and_feed(ws, rb, input, lists.as_ref(), as_of, feed, &mut out)?;
            progress.done(Done::Prioritise(&placed.summary));
            (Some(placed), exports)
        }
        None => {
            if month.unwritten() {
                write_matched(ws, input, &mut out)?;
            }
            (None, Vec::new())
        }
    };
    // The month's lists as read are done with: a city's are freed on the
    // pool while the run records and commits.
    rayon::spawn(move || drop(lists));
    progress.start("terugkoppeling");
    let summaries: Vec<feedback::Summary> = exports.iter().map(feedback::summarise).collect();
    progress.done(Done::Feedback(&summaries));
    // What the next run will compare with: the inputs as this run leaves
    // them (it made the key, the decisions file, the history).
    let inputs = || -> Result<Option<(Month, String, String)>> {
        if placed.is_none() {
            return Ok(None);
        }
        let summary = serde_json::to_string(&brp).context("the BRP summary")?;
        Ok(Some((ws.month, month_inputs(ws)?, summary)))
    };
    let removed = feedback::deliver(&exports, &mut store, changes, out, inputs)?;
    let matched = month.recorded(removed, &store)?;
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
        brp,
        matched,
        placed,
        exports,
        feedback: summaries,
        cleared,
        latest,
        nothing_new,
    })
}

/// Prioritise and the feedback due. With the month's lists as this run
/// read them (it matched the month), the lists are written while the
/// feedback is worked out (into files of its own, committed after them). Read back, the month is
/// decided again in memory, keeping what its lists hold; nothing written.
fn place_and_feed(
    ws: &Workspace,
    rb: &Rulebook,
    input: MonthInput<'_>,
    lists: Option<&(ListSheets, EarlierLists)>,
    as_of: NaiveDate,
    feed: impl FnOnce(&Prioritised, Option<&ListSheets>, &mut PendingOutputs) -> Result<Vec<Export>>,
    out: &mut PendingOutputs,
) -> Result<(Placed, Vec<Export>)> {
    let Some((sheets, kept)) = lists else {
        let placed = prioritise::decide(ws, rb, input, as_of)?;
        let exports = feed(&placed.decided, None, out)?;
        return Ok((placed, exports));
    };
    // The month was matched now (the lists were read beside it): its
    // files are written while it is placed.
    let mut matched_out = out.beside();
    let (decided, written) = rayon::join(
        || prioritise::place(rb, input, kept),
        || write_matched(ws, input, &mut matched_out),
    );
    written?;
    out.adopt(matched_out);
    let (mut paper, mut fed) = (out.beside(), out.beside());
    let writing = prioritise::Writing {
        ws,
        rb,
        decided: &decided,
        month: input,
        as_of,
        earlier: kept,
    };
    let (letters, exports) = std::thread::scope(|scope| {
        let lists = scope.spawn(|| writing.lists(out, |_| Ok(())));
        let exports = feed(&decided, Some(sheets), &mut fed);
        // While the lists' thread builds the workbook, this one writes
        // the printable lists and the letters.
        let letters = writing.paper(&mut paper);
        let lists = lists
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (lists.and(letters), exports)
    });
    let letters = letters?;
    let exports = exports?;
    out.adopt(paper);
    out.adopt(fed);
    let placed = prioritise::finish(ws, rb, decided, letters, input, as_of);
    Ok((placed, exports))
}

/// Writes the files of a month matched now (pending in `out`).
fn write_matched(ws: &Workspace, m: MonthInput<'_>, out: &mut PendingOutputs) -> Result<()> {
    files::write(m.signals, m.households, &ws.dir, ws.dialect, out)
}

/// The fingerprint of what a run of the month reads now.
fn month_inputs(ws: &Workspace) -> Result<String> {
    let others = if Store::exists(&ws.history) {
        Store::open(&ws.history, false)?.digest_except(ws.month)?
    } else {
        // What an empty store's digest is.
        crate::secret::sha256_hex(b"")
    };
    inputs::fingerprint(ws, &others)
}

/// Ingest, BRP check and match, outputs pending in `out`.
fn decide(
    ws: &Workspace,
    opts: &RunOptions<'_>,
    progress: &mut dyn Progress,
    out: &mut PendingOutputs,
) -> Result<Decided> {
    let facts = opts.rulebook.map(|r| r.facts.clone()).unwrap_or_default();
    progress.start("ingest");
    let mut ingested = ingest::run(ws)?;
    ingested.write(&ws.dir, ws.dialect, out)?;
    // The signals move on; the ingest summary needs only counts and
    // rejections.
    let signals = std::mem::take(&mut ingested.signals);
    progress.done(Done::Ingest(&ingested));
    progress.start("brp-check");
    let mut checked = brp::check_month(
        ws,
        signals,
        brp::Inputs {
            accept_register_change: opts.accept_register_change,
            ..Default::default()
        },
        out,
    )?;
    let brp = brp::summarise(&checked);
    progress.done(Done::Brp(&brp));
    progress.start("match");
    // The extract's lookup table (the month's largest file) is written
    // while the month is matched.
    let table = std::mem::replace(&mut checked.lookup, brp::LookupTable::Keep);
    let mut beside = out.beside();
    let (stage, table) = rayon::join(
        || matching::matched(ws, checked.resolved, &facts),
        || brp::leave_lookup(ws, table, &mut beside),
    );
    let stage = stage?;
    table?;
    out.adopt(beside);
    progress.done(Done::Match {
        households: stage.matched.households.len(),
    });
    Ok(Decided {
        ingested,
        brp,
        matched: MatchedMonth::Now(stage),
        changes: std::mem::take(&mut checked.changes),
    })
}

/// The BRP summary of the month's last run, when that run read exactly
/// what this one would and its files are all still there.
fn unchanged_since_last_run(
    ws: &Workspace,
    opts: &RunOptions<'_>,
    fingerprint: &str,
) -> Result<Option<brp::Summary>> {
    if opts.rulebook.is_none() || !Store::exists(&ws.history) {
        return Ok(None);
    }
    let Some((last, summary)) = Store::open(&ws.history, false)?.inputs_of(ws.month)? else {
        return Ok(None);
    };
    let files_there = ["gecontroleerd.csv", "gekoppeld.csv", "beslissingen.csv"]
        .iter()
        .all(|f| ws.dir.join(f).is_file())
        && crate::prioritise::workbook::lists_written_are_there(&ws.dir.join("werklijsten"));
    if last != fingerprint || !files_there {
        return Ok(None);
    }
    Ok(serde_json::from_str(&summary).ok())
}

/// The month as its last run left it: signals read again (for the summary
/// and the rejected rows), households and facts from `gekoppeld.csv`.
fn read_back(
    ws: &Workspace,
    mut brp: brp::Summary,
    progress: &mut dyn Progress,
) -> Result<Decided> {
    // No signal is checked again: every verdict is the last run's.
    brp.kept_verdicts = brp.signals;
    brp.register_rows_read = 0;
    progress.start("ingest");
    let mut ingested = ingest::run(ws)?;
    ingested.signals.clear();
    progress.done(Done::Ingest(&ingested));
    progress.start("brp-check");
    progress.done(Done::Brp(&brp));
    progress.start("match");
    let (signals, households) = files::read(&ws.dir.join("gekoppeld.csv"))?;
    progress.done(Done::Match {
        households: households.len(),
    });
    Ok(Decided {
        ingested,
        brp,
        matched: MatchedMonth::Before(Matched {
            month: ws.month,
            signals,
            households,
            records: Vec::new(),
        }),
        changes: Changes::default(),
    })
}
