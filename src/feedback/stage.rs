//! The feedback stage as operations: gather what the work lists of every
//! month hold, export what is due (files pending), and deliver it exactly
//! once; plus the summary of an export.

use super::{Export, Gathered, Open, RejectedRow, Request, SignalStatus};
use crate::csvio::PendingOutputs;
use crate::history::{Changes, Confirmation, MonthFeedback, Store};
use crate::month::Month;
use crate::present::note;
use crate::prioritise::earlier::ListSheets;
use crate::vocab::case::Sent;
use crate::workspace::Workspace;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Another month of the store: its decisions, rejected rows and the cases
/// its work lists hold.
pub struct Pending {
    pub month: Month,
    pub dir: PathBuf,
    pub statuses: Vec<SignalStatus>,
    pub rejected: Vec<RejectedRow>,
    pub gathered: Gathered,
}

/// Reads and checks the work lists of every other month the store holds
/// (within retention), so a result recorded or changed after the month's
/// codes went out still reaches the partner, and records their cases at
/// once when `record` (so `run`'s facts, `eerder_niet_bereikt`, use them).
/// A problem in any work list stops before anything is written.
pub fn gather_others(ws: &Workspace, as_of: NaiveDate, record: bool) -> Result<Vec<Pending>> {
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
                ws.quiet,
                &format!(
                    "{}: {}",
                    decisions.display(),
                    crate::tr!("decisions-missing", month = month)
                ),
            );
            continue;
        }
        let statuses = super::read_statuses(&decisions)?;
        let rejected = super::read_rejected(&dir.join("afgewezen.csv"))?;
        let req = request(month, &dir, as_of, &rejected, &store, ws)?;
        let gathered = super::gather(&req, &statuses, &store)?;
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
    out: &mut PendingOutputs,
) -> Result<Vec<Export>> {
    let mut exports = Vec::new();
    for p in others {
        let req = request(p.month, &p.dir, as_of, &p.rejected, store, ws)?;
        exports.push(super::export(&req, &p.statuses, p.gathered, store, out)?);
    }
    Ok(exports)
}

/// The month `run` just decided, in memory.
pub struct JustDecided<'a> {
    pub statuses: &'a [SignalStatus],
    pub rejected: &'a [RejectedRow],
    /// The month's work lists as the run read them, before it wrote them
    /// again; `None`: read them now.
    pub lists: Option<&'a ListSheets>,
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
    out: &mut PendingOutputs,
) -> Result<Vec<Export>> {
    let mut exports = export_others(ws, others, store, as_of, out)?;
    let req = Request {
        close_overdue: false,
        decided_on: Some(as_of),
        lists: current.lists,
        ..request(ws.month, &ws.dir, as_of, current.rejected, store, ws)?
    };
    // An earlier run of the month made lists an officer may have worked:
    // their results count (the lists are written again with them).
    let gathered = super::gather(&req, current.statuses, store)?;
    exports.push(super::export(&req, current.statuses, gathered, store, out)?);
    Ok(exports)
}

/// Sends what the exports hold, exactly once, and records the run: the
/// stages' `changes` and the codes as intended go into the store in one
/// transaction, then every pending file of the run is put in place, then
/// the codes are recorded as sent with what `inputs` says the run read. A
/// run killed in between is settled by the next (`Store::settle_intents`).
/// Returns the months the changes removed past retention.
pub fn deliver(
    exports: &[Export],
    store: &mut Store,
    mut changes: Changes,
    out: PendingOutputs,
    inputs: impl FnOnce() -> Result<Option<(Month, String, String)>>,
) -> Result<Vec<String>> {
    for e in exports {
        changes.intents(e.month, &e.batch);
    }
    let removed = store.write(changes)?;
    out.commit()?;
    store.confirm(&Confirmation {
        feedback: exports
            .iter()
            .map(|e| MonthFeedback {
                month: e.month,
                cases: e.cases.as_deref(),
                compared: e.cases_compared.as_ref(),
                sent: &e.batch,
            })
            .collect(),
        removed: &removed,
        inputs: inputs()?,
    })?;
    Ok(removed)
}

/// The export request of a month with the workspace's settings.
pub fn request<'a>(
    month: Month,
    dir: &'a Path,
    as_of: NaiveDate,
    rejected: &'a [RejectedRow],
    store: &Store,
    ws: &Workspace,
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
        dialect: ws.dialect,
        worklists: None,
        lists: None,
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
    let late = |s: &Sent| {
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
