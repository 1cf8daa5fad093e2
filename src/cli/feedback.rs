//! `vroegsignaal export-feedback`: the terugkoppeling files per partner.

use super::{Common, Workspace};
use crate::csvio::PendingOutputs;
use crate::exit::{ProblemsFound, usage_err};
use crate::feedback::{self, Export, Open, Request, SignalStatus};
use crate::history::Store;
use crate::month::Month;
use crate::present::{self, note};
use crate::runlock::Access;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
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
    let _lock = ws.begin(&args.common, access)?;
    let as_of = args.as_of.unwrap_or_else(today);
    if as_of < ws.month.first_day() {
        return usage_err(format!(
            "--as-of {as_of} is before {}: nothing of that month can be due",
            ws.month
        ));
    }
    let mut store = Store::open(&ws.history, false)?;
    if !store.has_month(ws.month)? {
        anyhow::bail!(
            "{}: {} is not in the history store (not matched yet, or past retention): \
             what was sent before cannot be told, so nothing is exported",
            ws.history.display(),
            ws.month
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
        gather_others(&ws, as_of, &args.common, !args.check)?
    };
    let rejected = feedback::read_rejected(&ws.dir.join("afgewezen.csv"))?;
    let mut out = ws.pending();
    let req = Request {
        again: args.again,
        worklists: (!args.worklists.is_empty()).then_some(args.worklists.as_slice()),
        only: only.clone(),
        ..request(
            ws.month,
            &ws.dir,
            as_of,
            &rejected,
            &store,
            &ws,
            &args.common,
        )?
    };
    let gathered = feedback::gather(&req, &statuses, &store)?;
    let export = feedback::export(&req, &statuses, gathered, &store, &mut out)?;
    if let Some(m) = missing_message(&export) {
        if args.common.strict {
            return Err(ProblemsFound(format!("{m}; nothing exported (--strict)")).into());
        }
        note(args.common.quiet, &m);
    }
    let mut exports = export_others(&ws, others, &store, as_of, &args.common, &mut out)?;
    exports.push(export);
    if !args.check {
        for e in &exports {
            store.record_intents(e.month, &e.batch)?;
        }
        out.commit()?;
        for e in &exports {
            e.record(&mut store)?;
        }
    }
    if let (Some(wanted), Some(e)) = (&args.correct, exports.last())
        && e.batch.is_empty()
    {
        let had = e.earlier.first().map_or_else(String::new, |s| {
            format!(" (`{}`, sent {})", s.due.code, s.exported_on)
        });
        note(
            args.common.quiet,
            &format!("--correct {wanted}: the partner already has this code{had}; nothing sent"),
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

/// Another month of the store: its decisions, rejected rows and the cases
/// its work lists hold.
pub struct Pending {
    pub month: Month,
    pub dir: PathBuf,
    pub statuses: Vec<SignalStatus>,
    pub rejected: Vec<feedback::RejectedRow>,
    pub gathered: feedback::Gathered,
}

/// Reads and checks the work lists of every other month the store holds
/// (within retention), so a result recorded or changed after the month's
/// codes went out still reaches the partner, and records their cases at
/// once when `record` (so `run`'s facts, `eerder_niet_bereikt`, use them).
/// A problem in any work list stops before anything is written.
pub fn gather_others(
    ws: &Workspace,
    as_of: NaiveDate,
    common: &Common,
    record: bool,
) -> Result<Vec<Pending>> {
    if !Store::exists(&ws.history) {
        return Ok(Vec::new());
    }
    let mut store = Store::open(&ws.history, false)?;
    let output = ws.dir.parent().unwrap_or(Path::new("."));
    // Months imported from the previous system have no lists or codes here.
    let others: Vec<Month> = store
        .stats()?
        .iter()
        .filter(|s| !s.imported)
        .filter_map(|s| Month::parse(&s.month))
        .filter(|m| *m != ws.month && m.first_day() <= as_of)
        .collect();
    let mut pending = Vec::new();
    for month in others {
        let dir = crate::config::month_dir(output, month);
        let decisions = dir.join("beslissingen.csv");
        if !decisions.is_file() {
            note(
                common.quiet,
                &format!(
                    "{}: missing, so the terugkoppeling of {month} cannot be worked out",
                    decisions.display()
                ),
            );
            continue;
        }
        let statuses = feedback::read_statuses(&decisions)?;
        let rejected = feedback::read_rejected(&dir.join("afgewezen.csv"))?;
        let req = request(month, &dir, as_of, &rejected, &store, ws, common)?;
        let gathered = feedback::gather(&req, &statuses, &store)?;
        pending.push(Pending {
            month,
            dir,
            statuses,
            rejected,
            gathered,
        });
    }
    if record {
        for p in &pending {
            if p.gathered.from_lists {
                store.record_feedback(p.month, Some(&p.gathered.cases), &[])?;
            }
        }
    }
    Ok(pending)
}

/// The feedback that is due for the other months gathered before. Files go
/// into `out`.
pub fn export_others(
    ws: &Workspace,
    others: Vec<Pending>,
    store: &Store,
    as_of: NaiveDate,
    common: &Common,
    out: &mut PendingOutputs,
) -> Result<Vec<Export>> {
    let mut exports = Vec::new();
    for p in others {
        let req = request(p.month, &p.dir, as_of, &p.rejected, store, ws, common)?;
        exports.push(feedback::export(&req, &p.statuses, p.gathered, store, out)?);
    }
    Ok(exports)
}

/// The month `run` just decided, in memory.
pub struct JustDecided<'a> {
    pub statuses: &'a [SignalStatus],
    pub rejected: &'a [feedback::RejectedRow],
}

/// For `run`: what is due for the other months, and for the month itself
/// its screening codes (decided today) and the results its lists already
/// hold from an earlier run of the month; its picked-up signals do not
/// close at the term here (`export-feedback` closes them).
pub fn due_for_run(
    ws: &Workspace,
    others: Vec<Pending>,
    current: JustDecided<'_>,
    store: &Store,
    as_of: NaiveDate,
    common: &Common,
    out: &mut PendingOutputs,
) -> Result<Vec<Export>> {
    let mut exports = export_others(ws, others, store, as_of, common, out)?;
    let req = Request {
        close_overdue: false,
        decided_on: Some(as_of),
        ..request(
            ws.month,
            &ws.dir,
            as_of,
            current.rejected,
            store,
            ws,
            common,
        )?
    };
    // An earlier run of the month made lists an officer may have worked:
    // their results count (the lists are written again with them).
    let gathered = feedback::gather(&req, current.statuses, store)?;
    exports.push(feedback::export(
        &req,
        current.statuses,
        gathered,
        store,
        out,
    )?);
    Ok(exports)
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
        [] => usage_err(format!(
            "--correct {wanted}: no signal with this id in {month}"
        )),
        many => usage_err(format!(
            "--correct {wanted}: {} partners have a signal with this id ({}); give PARTNER:ID",
            many.len(),
            many.iter()
                .map(|s| s.partner.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn request<'a>(
    month: Month,
    dir: &'a Path,
    as_of: NaiveDate,
    rejected: &'a [feedback::RejectedRow],
    store: &Store,
    ws: &Workspace,
    common: &Common,
) -> Result<Request<'a>> {
    Ok(Request {
        month,
        dir,
        as_of,
        term_days: ws.config.term_days,
        again: false,
        close_overdue: true,
        decided_on: store.matched_on(month)?,
        rejected,
        only: None,
        dialect: common.dialect,
        worklists: None,
    })
}

#[derive(Debug, Default, Serialize)]
pub struct PartnerFeedback {
    pub sent: u64,
    pub already_sent: u64,
    /// Codes of this export, and of earlier ones, that answered their
    /// signal after the term.
    pub late: u64,
    pub late_before: u64,
    /// Corrections among `sent`.
    pub corrected: u64,
    pub open: u64,
    /// Open signals whose term has already passed.
    pub overdue: u64,
    pub next_due: Option<NaiveDate>,
    pub files: Vec<String>,
    pub by_code: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize)]
pub struct CaseCounts {
    pub cases: u64,
    pub with_result: u64,
    pub attempts: u64,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub month: String,
    pub as_of: NaiveDate,
    pub term_days: u32,
    /// Codes sent by this export.
    pub sent: u64,
    /// Codes sent by an earlier export (not sent again).
    pub already_sent: u64,
    /// Signals whose code is not due yet.
    pub open: u64,
    pub overdue: u64,
    /// Codes of this export that answered their signal after the term.
    pub late: u64,
    /// Signals sent a new code now, correcting an earlier one
    /// (`partner:signal id`).
    pub corrected: Vec<String>,
    /// Codes sent by this export.
    pub by_code: BTreeMap<String, u64>,
    pub by_partner: BTreeMap<String, PartnerFeedback>,
    pub open_signals: Vec<Open>,
    /// What the work lists held (absent when none were read).
    pub recorded: Option<CaseCounts>,
    /// Case ids missing from every work list read.
    pub missing_cases: Vec<String>,
    /// What went out for the other months in the store (results recorded
    /// late, terms that passed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_months: Vec<Summary>,
}

pub fn summarise(e: &Export) -> Summary {
    let mut by_partner: BTreeMap<String, PartnerFeedback> = BTreeMap::new();
    let mut by_code = BTreeMap::new();
    let late = |s: &crate::vocab::case::Sent| {
        e.late
            .contains(&(s.due.partner.clone(), s.due.signal_id.clone()))
    };
    let mut corrected = Vec::new();
    for s in &e.batch {
        let p = by_partner.entry(s.due.partner.clone()).or_default();
        p.sent += 1;
        p.late += u64::from(late(s));
        if s.corrects.is_some() {
            p.corrected += 1;
            corrected.push(crate::signal::signal_ref(&s.due.partner, &s.due.signal_id));
        }
        *p.by_code.entry(s.due.code.to_string()).or_default() += 1;
        *by_code.entry(s.due.code.to_string()).or_default() += 1;
        if !p.files.contains(&s.file) {
            p.files.push(s.file.clone());
        }
    }
    for s in &e.earlier {
        let p = by_partner.entry(s.due.partner.clone()).or_default();
        p.already_sent += 1;
        p.late_before += u64::from(late(s));
    }
    let mut open = e.open.clone();
    open.sort_by(|a, b| (a.due, &a.partner, &a.signal_id).cmp(&(b.due, &b.partner, &b.signal_id)));
    for o in &open {
        let p = by_partner.entry(o.partner.clone()).or_default();
        p.open += 1;
        p.overdue += u64::from(o.due < e.as_of);
        p.next_due = Some(p.next_due.map_or(o.due, |d| d.min(o.due)));
    }
    Summary {
        month: e.month.to_string(),
        as_of: e.as_of,
        term_days: e.term_days,
        sent: e.batch.len() as u64,
        already_sent: e.earlier.len() as u64,
        open: open.len() as u64,
        overdue: open.iter().filter(|o| o.due < e.as_of).count() as u64,
        late: e.batch.iter().filter(|s| late(s)).count() as u64,
        corrected,
        by_code,
        by_partner,
        open_signals: open,
        missing_cases: e.missing.clone(),
        recorded: e.cases.as_ref().map(|c| CaseCounts {
            cases: c.len() as u64,
            with_result: c.iter().filter(|c| c.ending.is_some()).count() as u64,
            attempts: c.iter().map(|c| c.attempts.len() as u64).sum(),
        }),
        other_months: Vec::new(),
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
    Some(format!(
        "{}: {} case(s) on the work lists are in none of the lists read (rows deleted?): {}{}; \
         they stay open and get no code until they are back on a list",
        e.month,
        e.missing.len(),
        e.missing
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        if more > 0 {
            format!(" and {more} more")
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
        &format!(
            "{}: {} {} a new code that corrects the one sent before (a result recorded or \
             changed afterwards): {}",
            s.month,
            s.corrected.len(),
            if check {
                "signal(s) would be sent"
            } else {
                "signal(s) sent"
            },
            s.corrected.join(", ")
        ),
    );
}

/// The per-partner table of one month's export.
pub fn table(s: &Summary, dir: &Path, check: bool) -> String {
    let t = present::table(
        &[
            "partner",
            "verzonden",
            "na de termijn",
            "correcties",
            "eerder verzonden",
            "open",
            "waarvan te laat",
            "eerstvolgende termijn",
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
        || "no work lists read; results from the history store\n".to_string(),
        |r| {
            format!(
                "work lists: {} cases, {} with an end result, {} contact attempts\n",
                r.cases, r.with_result, r.attempts
            )
        },
    );
    let others: String = s
        .other_months
        .iter()
        .filter(|o| o.sent > 0)
        .map(|o| {
            format!(
                "{}: {} codes {} ({} after the term, {} corrections)\n",
                o.month,
                o.sent,
                if check { "would be sent" } else { "sent" },
                o.late,
                o.corrected.len()
            )
        })
        .collect();
    format!(
        "export-feedback {} as of {} (term {} days): {} codes {}{}\n{t}{}{recorded}{others}",
        s.month,
        s.as_of,
        s.term_days,
        s.sent,
        if check {
            "would be sent (--check: nothing written)"
        } else {
            "sent"
        },
        if check || s.sent == 0 {
            String::new()
        } else {
            format!(", files in {}", dir.join("terugkoppeling").display())
        },
        if codes.is_empty() {
            String::new()
        } else {
            format!("codes: {codes}\n")
        },
    )
}
