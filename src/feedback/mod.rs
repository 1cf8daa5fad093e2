//! Stage 5, `export-feedback`: the terugkoppeling to partners. Each signal
//! gets one code, projected from its screening decision or from the end
//! result an officer recorded in the work lists; a picked-up signal without
//! a result closes when the term (28 days) has passed. Only what is due is
//! exported, and what was exported is recorded so it is never sent twice.

pub mod results;
pub mod stage;

use crate::csvio::{Cells, Dialect, PendingOutputs, TableReader, table_columns};
use crate::fields::date::parse_full;
use crate::history::Store;
use crate::ingest::Rejection;
use crate::matching::MatchedSignal;
use crate::month::Month;
use crate::prioritise::earlier::ListSheets;
use crate::prioritise::{Outcome, Prioritised};
use crate::signal::RejectReason;
use crate::vocab::case::{Case, Due, Ground, Sent};
use crate::vocab::codes::FeedbackCode;
use crate::vocab::reason::REASONS;
use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One signal of a month as feedback sees it: whose, in which household,
/// what prioritise decided, and when it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalStatus {
    pub partner: String,
    pub signal_id: String,
    pub household: String,
    pub outcome: Outcome,
    pub received: NaiveDate,
    /// The resident is known to debt help (`bekend_shv`): a case left
    /// without a result closes as "bekend bij SHV", not as unreached.
    pub shv_known: bool,
}

/// A signal whose code is not due yet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Open {
    pub partner: String,
    pub signal_id: String,
    /// The last day by which the partner must hear back.
    pub due: NaiveDate,
}

/// The statuses of a month's signals from prioritise's decisions.
pub fn statuses_from(p: &Prioritised, signals: &[MatchedSignal]) -> Vec<SignalStatus> {
    signals
        .iter()
        .zip(&p.signals)
        .map(|(s, d)| SignalStatus {
            partner: s.signal.partner.clone(),
            signal_id: s.signal.signal_id.clone(),
            household: s.facts.household.clone(),
            outcome: d.outcome.clone(),
            received: s.signal.received,
            shv_known: s.facts.bekend_shv,
        })
        .collect()
}

/// A row ingest rejected that its partner can be told about: it has a
/// signal id of its own (not a second row of a signal that was read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub partner: String,
    pub signal_id: String,
}

impl RejectedRow {
    fn tellable(partner: &str, signal_id: &str, reason: &str) -> Option<RejectedRow> {
        (!signal_id.is_empty() && reason != RejectReason::Duplicate.as_str()).then(|| RejectedRow {
            partner: partner.to_string(),
            signal_id: signal_id.to_string(),
        })
    }
}

/// The rejected rows of a month's ingest that can be told to a partner.
pub fn rejected_from(rejections: &[Rejection]) -> Vec<RejectedRow> {
    rejections
        .iter()
        .filter_map(|r| RejectedRow::tellable(&r.partner, &r.signal_id, r.reason.as_str()))
        .collect()
}

/// Reads them back from `afgewezen.csv` (none when the file is missing: a
/// month ingested before).
pub fn read_rejected(path: &Path) -> Result<Vec<RejectedRow>> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let mut table = TableReader::open(path, &["partner", "signaal_id", "reden"])?;
    let c = RejectedCols::bind(&table);
    let mut out = Vec::new();
    while let Some(row) = table.next_row()? {
        out.extend(RejectedRow::tellable(
            row.get(c.partner),
            row.get(c.signaal_id),
            row.get(c.reden),
        ));
    }
    Ok(out)
}

const STATUS_COLUMNS: &[&str] = &[
    "signaal_id",
    "partner",
    "huishouden",
    "besluit",
    "reden",
    "datum_ontvangst",
];

table_columns!(
    /// The columns of `beslissingen.csv` feedback reads.
    StatusCols { signaal_id, partner, huishouden, besluit, reden, datum_ontvangst, bekend_shv }
);

table_columns!(
    /// The columns of `afgewezen.csv` feedback reads.
    RejectedCols { partner, signaal_id, reden }
);

/// Reads the statuses back from `beslissingen.csv`.
pub fn read_statuses(path: &Path) -> Result<Vec<SignalStatus>> {
    let mut table = TableReader::open(path, STATUS_COLUMNS)?;
    let c = StatusCols::bind(&table);
    let mut out = Vec::new();
    while let Some(row) = table.next_row()? {
        let outcome = match row.get(c.besluit) {
            "werklijst" => Outcome::Queued,
            "controleren" => Outcome::Review,
            "niet_opgepakt" => match REASONS.iter().find(|r| **r == row.get(c.reden)) {
                Some(r) => Outcome::Out(r),
                None => return row.bad(c.reden, &crate::tr!("cell-unknown-reason")),
            },
            _ => {
                return row.bad(c.besluit, &crate::tr!("cell-expected-where"));
            }
        };
        let Ok(received) = parse_full(row.get(c.datum_ontvangst), None) else {
            return row.bad(c.datum_ontvangst, &crate::tr!("cell-not-a-date"));
        };
        // Absent in files written before the column existed.
        let shv_known = row.yes_no(c.bekend_shv)?;
        out.push(SignalStatus {
            partner: row.get(c.partner).to_string(),
            signal_id: row.get(c.signaal_id).to_string(),
            household: row.get(c.huishouden).to_string(),
            outcome,
            received,
            shv_known,
        });
    }
    Ok(out)
}

/// The last day of the term for a signal received on `received`.
pub fn term_end(received: NaiveDate, term_days: u32) -> NaiveDate {
    received
        .checked_add_days(Days::new(term_days.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// What is due as of `req.as_of`, and what is still open. With
/// `req.close_overdue` false, signals past their term stay open (the month
/// whose work lists were only just made).
pub fn settle(
    req: &Request<'_>,
    statuses: &[SignalStatus],
    cases: &BTreeMap<String, Case>,
    held: &BTreeSet<String>,
) -> (Vec<Due>, Vec<Open>) {
    let as_of = req.as_of;
    // A screening decision (and a rejection) is taken the day the month is
    // prioritised, never before the signal came in.
    let decided = |received: NaiveDate| req.decided_on.map_or(received, |d| d.max(received));
    let shv_households: BTreeSet<&str> = statuses
        .iter()
        .filter(|s| s.shv_known && s.outcome == Outcome::Queued)
        .map(|s| s.household.as_str())
        .collect();
    let mut due = Vec::new();
    let mut open = Vec::new();
    for s in statuses {
        let end = term_end(s.received, req.term_days);
        let code = |code, date, ground| Due {
            partner: s.partner.clone(),
            signal_id: s.signal_id.clone(),
            code,
            date,
            ground,
        };
        let ending = match s.outcome {
            Outcome::Queued => cases.get(&s.household).and_then(|c| c.ending),
            _ => None,
        };
        let closes = req.close_overdue && end <= as_of;
        match (&s.outcome, ending) {
            (Outcome::Out(reason), _) if decided(s.received) <= as_of => due.push(code(
                FeedbackCode::for_screening(reason),
                decided(s.received),
                Ground::Screening,
            )),
            (Outcome::Queued, Some(e)) if e.date <= as_of => {
                due.push(code(e.result.code(), e.date, Ground::Result));
            }
            // Never picked up for want of a BRP decision: the partner may
            // not learn why.
            (Outcome::Review, _) if closes => {
                due.push(code(FeedbackCode::NietOpgepakt, end, Ground::Term));
            }
            // A case whose row was deleted is not closed as unreached: the
            // officer's work on it may be lost, not undone.
            (Outcome::Queued, None) if closes && !held.contains(&s.household) => {
                // Known to debt help and left to its caseworker: that is
                // what happened, not "niet bereikt".
                let c = if shv_households.contains(s.household.as_str()) {
                    FeedbackCode::BekendShv
                } else {
                    FeedbackCode::NietBereikt
                };
                due.push(code(c, end, Ground::Term));
            }
            _ => open.push(Open {
                partner: s.partner.clone(),
                signal_id: s.signal_id.clone(),
                due: end,
            }),
        }
    }
    // A row that never became a signal is told at once, once: its id is
    // not a signal's of the month (that one has its own code).
    let signals: BTreeSet<(&str, &str)> = statuses
        .iter()
        .map(|s| (s.partner.as_str(), s.signal_id.as_str()))
        .collect();
    let mut told = BTreeSet::new();
    let day = req.decided_on.unwrap_or(as_of);
    for r in req.rejected {
        let key = (r.partner.as_str(), r.signal_id.as_str());
        if day <= as_of && !signals.contains(&key) && told.insert(key) {
            due.push(Due {
                partner: r.partner.clone(),
                signal_id: r.signal_id.clone(),
                code: FeedbackCode::OnterechtSignaal,
                date: day,
                ground: Ground::Rejected,
            });
        }
    }
    (due, open)
}

/// Whether the signal (received on `received`) was first answered after
/// its term. A correction does not change that: the first answer was in
/// time or not.
pub fn is_late(sent: &Sent, received: NaiveDate, term_days: u32) -> bool {
    sent.first_exported_on > term_end(received, term_days)
}

/// How one month's feedback is exported.
pub struct Request<'a> {
    pub month: Month,
    /// `<output>/<month>/`.
    pub dir: &'a Path,
    pub as_of: NaiveDate,
    pub term_days: u32,
    /// Send again what was sent before.
    pub again: bool,
    pub close_overdue: bool,
    /// The day the month was prioritised: the date of its screening codes.
    pub decided_on: Option<NaiveDate>,
    /// Rows ingest rejected, to tell their partners.
    pub rejected: &'a [RejectedRow],
    /// Only this signal (partner, id): `--correct`.
    pub only: Option<(String, String)>,
    pub dialect: Dialect,
    /// Work lists to read; `None`: those in `werklijsten/`.
    pub worklists: Option<&'a [PathBuf]>,
    /// The work lists as this run read them already.
    pub lists: Option<&'a ListSheets>,
}

/// One month's feedback, files pending, store not yet updated.
#[derive(Debug)]
pub struct Export {
    pub month: Month,
    pub as_of: NaiveDate,
    pub term_days: u32,
    /// Sent now.
    pub batch: Vec<Sent>,
    /// Sent by an earlier export and not again.
    pub earlier: Vec<Sent>,
    pub open: Vec<Open>,
    /// Codes of `batch` and `earlier` that went out after their term, by
    /// partner and signal id.
    pub late: BTreeSet<(String, String)>,
    /// The cases the work lists hold, to record; `None` when no work
    /// lists were found (the store's are kept).
    pub cases: Option<Vec<Case>>,
    /// `cases` compared with the store ahead of recording them
    /// ([`Export::compare_cases`]).
    pub cases_compared: Option<crate::history::CasesCompared>,
    /// Case ids of queued households no work list read holds.
    pub missing: Vec<String>,
}

impl Export {
    /// Compares the cases to record with the store's, ahead of recording
    /// them (which then rewrites only those that changed).
    pub fn compare_cases(&mut self, store: &Store) -> Result<()> {
        if let Some(cases) = &self.cases {
            self.cases_compared = Some(store.compare_cases(self.month, cases)?);
        }
        Ok(())
    }
}

/// The cases of a month: from its work lists when there are any (checked,
/// every problem reported), else as the store last recorded them.
pub struct Gathered {
    pub cases: Vec<Case>,
    pub from_lists: bool,
    /// Households on the month's lists that no work list read holds (rows
    /// deleted): kept open, with what the store had of them.
    pub missing: BTreeSet<String>,
}

/// Reads and checks the month's work lists.
pub fn gather(req: &Request<'_>, statuses: &[SignalStatus], store: &Store) -> Result<Gathered> {
    let read;
    let lists = match (req.lists, req.worklists) {
        (Some(lists), _) => lists,
        (None, Some(files)) => {
            read = ListSheets::of_files(files.to_vec());
            &read
        }
        (None, None) => {
            read = ListSheets::read(req.dir)?;
            &read
        }
    };
    if lists.files.is_empty() {
        return Ok(Gathered {
            cases: store.cases(req.month)?,
            from_lists: false,
            missing: BTreeSet::new(),
        });
    }
    let rec = results::read(lists, req.month, statuses, req.as_of)?;
    if !rec.problems.is_empty() {
        let n = rec.problems.len();
        let prefix = format!("\n{}: ", crate::tr!("error-prefix"));
        bail!(
            "{}{prefix}{}",
            rec.problems.join(&prefix),
            crate::tr!("worklist-problems", count = n, month = req.month)
        );
    }
    let stored: BTreeMap<String, Case> = store
        .cases(req.month)?
        .into_iter()
        .map(|c| (c.household.clone(), c))
        .collect();
    // Who works a case, since the first export that saw them on it.
    let mut cases = rec.cases;
    for c in cases.values_mut().filter(|c| !c.handler.is_empty()) {
        c.handler_since = match stored.get(&c.household) {
            Some(s) if s.handler == c.handler => s.handler_since.or(Some(req.as_of)),
            _ => Some(req.as_of),
        };
    }
    // A queued household no list holds lost its row: what the store had of
    // it stays (not replaced by nothing), and it is not closed at the term.
    let mut missing = BTreeSet::new();
    let queued: BTreeSet<&str> = statuses
        .iter()
        .filter(|s| s.outcome == Outcome::Queued)
        .map(|s| s.household.as_str())
        .collect();
    for household in queued {
        if cases.contains_key(household) {
            continue;
        }
        missing.insert(household.to_string());
        if let Some(c) = stored.get(household) {
            cases.insert(household.to_string(), c.clone());
        }
    }
    Ok(Gathered {
        cases: cases.into_values().collect(),
        from_lists: true,
        missing,
    })
}

/// Works out one month's feedback and writes its files into `out`.
pub fn export(
    req: &Request<'_>,
    statuses: &[SignalStatus],
    gathered: Gathered,
    store: &Store,
    out: &mut PendingOutputs,
) -> Result<Export> {
    let Gathered {
        cases,
        from_lists,
        missing,
    } = gathered;
    let by_household: BTreeMap<String, Case> = cases
        .iter()
        .map(|c| (c.household.clone(), c.clone()))
        .collect();
    let (mut due, open) = settle(req, statuses, &by_household, &missing);
    if let Some((partner, id)) = &req.only {
        due.retain(|d| d.partner == *partner && d.signal_id == *id);
        if due.is_empty() {
            bail!(
                "{}",
                crate::tr!(
                    "correct-nothing-due",
                    signal = crate::signal::signal_ref(partner, id)
                )
            );
        }
    }
    let sent_before: HashMap<(String, String), Sent> = store
        .sent(req.month)?
        .into_iter()
        .map(|s| ((s.due.partner.clone(), s.due.signal_id.clone()), s))
        .collect();
    let mut fresh: BTreeMap<String, Vec<(Due, Option<&Sent>)>> = BTreeMap::new();
    let mut earlier = Vec::new();
    for d in due {
        let before = sent_before.get(&(d.partner.clone(), d.signal_id.clone()));
        // A code that changed after it was sent (a result recorded late)
        // goes out once more, marked as a correction.
        if let Some(s) = before
            && s.due.code == d.code
            && !req.again
        {
            earlier.push(s.clone());
            continue;
        }
        fresh
            .entry(d.partner.clone())
            .or_default()
            .push((d, before));
    }
    // A name is used when the store knows it, or a file by that name is
    // already in the folder (a partner may have it): never overwritten.
    let on_disk = files_in(&req.dir.join(FEEDBACK_DIR));
    let used: Vec<&str> = sent_before
        .values()
        .map(|s| s.file.as_str())
        .chain(on_disk.iter().map(String::as_str))
        .collect();
    let mut batch = Vec::new();
    for (partner, mut lines) in fresh {
        lines.sort_by(|a, b| a.0.signal_id.cmp(&b.0.signal_id));
        let file = batch_file(&partner, req.as_of, &used);
        let sent: Vec<Sent> = lines
            .into_iter()
            .map(|(due, before)| Sent {
                corrects: before.map(|b| b.due.code).filter(|c| *c != due.code),
                first_exported_on: before.map_or(req.as_of, |b| b.first_exported_on),
                due,
                exported_on: req.as_of,
                file: file.clone(),
            })
            .collect();
        out.table(
            &req.dir.join(&file),
            req.dialect,
            FEEDBACK_COLUMNS,
            sent.iter().map(FeedbackLine),
        )?;
        batch.extend(sent);
    }
    earlier.sort_by(|a, b| {
        (&a.due.partner, &a.due.signal_id).cmp(&(&b.due.partner, &b.due.signal_id))
    });
    let received: HashMap<(&str, &str), NaiveDate> = statuses
        .iter()
        .map(|s| ((s.partner.as_str(), s.signal_id.as_str()), s.received))
        .collect();
    let late = batch
        .iter()
        .chain(&earlier)
        .filter(|s| {
            received
                .get(&(s.due.partner.as_str(), s.due.signal_id.as_str()))
                .is_some_and(|r| is_late(s, *r, req.term_days))
        })
        .map(|s| (s.due.partner.clone(), s.due.signal_id.clone()))
        .collect();
    Ok(Export {
        month: req.month,
        as_of: req.as_of,
        term_days: req.term_days,
        batch,
        earlier,
        open,
        late,
        cases: from_lists.then_some(cases),
        cases_compared: None,
        missing: missing
            .iter()
            .map(|h| crate::prioritise::worklists::case_id(req.month, h))
            .collect(),
    })
}

/// The feedback files' folder within a month's folder.
pub const FEEDBACK_DIR: &str = "terugkoppeling";

/// The files in a month's feedback folder, as `terugkoppeling/<name>`.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| format!("{FEEDBACK_DIR}/{}", e.file_name().to_string_lossy()))
        .collect()
}

/// `terugkoppeling/<partner>-<date>.csv`, numbered when that day already
/// had an export for the partner: each file is one upload.
fn batch_file(partner: &str, as_of: NaiveDate, used: &[&str]) -> String {
    (1..)
        .map(|n| match n {
            1 => format!("terugkoppeling/{partner}-{as_of}.csv"),
            n => format!("terugkoppeling/{partner}-{as_of}-{n}.csv"),
        })
        .find(|f| !used.contains(&f.as_str()))
        .unwrap_or_default()
}

/// The columns of a feedback file: the partner's own reference, the code,
/// the day it was decided and the day it was sent (so a late code shows),
/// and whether it corrects one sent before. Nothing else may go to a
/// partner.
pub const FEEDBACK_COLUMNS: &[&str] = &[
    "signaal_id",
    "terugkoppeling",
    "datum_besluit",
    "datum_verzonden",
    "correctie",
];

struct FeedbackLine<'a>(&'a Sent);

impl Cells for FeedbackLine<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        let s = self.0;
        vec![
            Cow::Borrowed(s.due.signal_id.as_str()),
            Cow::Borrowed(s.due.code.as_str()),
            Cow::Owned(s.due.date.to_string()),
            Cow::Owned(s.exported_on.to_string()),
            Cow::Borrowed(if s.corrects.is_some() { "ja" } else { "nee" }),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::case::Ending;
    use crate::vocab::codes::EndResult;

    fn status(id: &str, household: &str, outcome: Outcome, received: &str) -> SignalStatus {
        SignalStatus {
            partner: "p".into(),
            signal_id: id.into(),
            household: household.into(),
            outcome,
            received: received.parse().unwrap(),
            shv_known: false,
        }
    }

    fn request<'a>(as_of: &str, close_overdue: bool, rejected: &'a [RejectedRow]) -> Request<'a> {
        Request {
            month: "2026-10".parse().unwrap(),
            dir: Path::new("uit/2026-10"),
            as_of: as_of.parse().unwrap(),
            term_days: 28,
            again: false,
            close_overdue,
            decided_on: Some("2026-11-02".parse().unwrap()),
            rejected,
            only: None,
            dialect: Dialect::default(),
            worklists: None,
            lists: None,
        }
    }

    #[test]
    fn every_signal_is_due_once_or_open() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let statuses = [
            status("a", "h1", Outcome::Out("onder_drempel"), "2026-10-03"),
            status("b", "h2", Outcome::Queued, "2026-10-03"),
            status("c", "h3", Outcome::Queued, "2026-10-03"),
            status("d", "h4", Outcome::Queued, "2026-10-20"),
            status("e", "h5", Outcome::Review, "2026-10-01"),
            SignalStatus {
                shv_known: true,
                ..status("f", "h6", Outcome::Queued, "2026-10-02")
            },
        ];
        let rejected = [
            RejectedRow {
                partner: "p".into(),
                signal_id: "x".into(),
            },
            // The same id twice is told once; a signal's own id not at all.
            RejectedRow {
                partner: "p".into(),
                signal_id: "x".into(),
            },
            RejectedRow {
                partner: "p".into(),
                signal_id: "a".into(),
            },
        ];
        let mut cases = BTreeMap::new();
        cases.insert(
            "h2".to_string(),
            Case {
                household: "h2".into(),
                queue: "telefoon".into(),
                attempts: Vec::new(),
                ending: Some(Ending {
                    result: EndResult::Advies,
                    date: d("2026-10-10"),
                }),
                placed_on: None,
                handler: String::new(),
                handler_since: None,
                at: String::new(),
            },
        );
        let (due, open) = settle(
            &request("2026-11-05", true, &rejected),
            &statuses,
            &cases,
            &BTreeSet::new(),
        );
        let got: Vec<(&str, FeedbackCode, String)> = due
            .iter()
            .map(|d| (d.signal_id.as_str(), d.code, d.date.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", FeedbackCode::OnterechtSignaal, "2026-11-02".into()),
                ("b", FeedbackCode::WilHulp, "2026-10-10".into()),
                ("c", FeedbackCode::NietBereikt, "2026-10-31".into()),
                ("e", FeedbackCode::NietOpgepakt, "2026-10-29".into()),
                ("f", FeedbackCode::BekendShv, "2026-10-30".into()),
                ("x", FeedbackCode::OnterechtSignaal, "2026-11-02".into()),
            ]
        );
        assert_eq!(open.len(), 1);
        assert_eq!(
            (open[0].signal_id.as_str(), open[0].due),
            ("d", d("2026-11-17"))
        );
        let (due, open) = settle(
            &request("2026-11-05", false, &[]),
            &statuses,
            &cases,
            &BTreeSet::new(),
        );
        assert_eq!(due.len(), 2, "only screening and results without closing");
        assert_eq!(open.len(), 4);
    }

    #[test]
    fn batch_files_are_numbered_within_a_day() {
        let day: NaiveDate = "2026-11-02".parse().unwrap();
        assert_eq!(
            batch_file("zorg", day, &[]),
            "terugkoppeling/zorg-2026-11-02.csv"
        );
        assert_eq!(
            batch_file("zorg", day, &["terugkoppeling/zorg-2026-11-02.csv"]),
            "terugkoppeling/zorg-2026-11-02-2.csv"
        );
    }
}
