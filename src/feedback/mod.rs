//! Stage 5, `export-feedback`: the terugkoppeling to partners. Each signal
//! gets one code, projected from its screening decision or from the end
//! result an officer recorded in the work lists; a picked-up signal without
//! a result closes when the term (28 days) has passed. Only what is due is
//! exported, and what was exported is recorded so it is never sent twice.

pub mod codes;
pub mod results;

use crate::csvio::{Cells, Dialect, PendingOutputs, TableReader};
use crate::fields::date::parse_full;
use crate::history::Store;
use crate::matching::MatchedSignal;
use crate::month::Month;
use crate::prioritise::screen::REASONS;
use crate::prioritise::{Outcome, Prioritised};
use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};
use codes::{ContactKind, Dagdeel, EndResult, FeedbackCode};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Days after receipt by which a partner must have heard back.
pub const DEFAULT_TERM_DAYS: u32 = 28;

/// One signal of a month as feedback sees it: whose, in which household,
/// what prioritise decided, and when it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalStatus {
    pub partner: String,
    pub signal_id: String,
    pub household: String,
    pub outcome: Outcome,
    pub received: NaiveDate,
}

/// A contact attempt as recorded by an officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub kind: ContactKind,
    pub date: NaiveDate,
    pub dagdeel: Option<Dagdeel>,
    pub reached: bool,
}

/// How a case ended, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    pub result: EndResult,
    pub date: NaiveDate,
}

/// One household's case in one month: what the officers recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub household: String,
    /// The work list it was worked from.
    pub queue: String,
    pub attempts: Vec<Attempt>,
    pub ending: Option<Ending>,
    /// `file:line` of the row it was read from (empty when from the store).
    pub at: String,
}

/// Why a code is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    /// Not picked up: due at once.
    Screening,
    /// An officer recorded the end result.
    Result,
    /// The term passed without a result.
    Term,
}

impl Ground {
    pub fn as_str(self) -> &'static str {
        match self {
            Ground::Screening => "screening",
            Ground::Result => "eindresultaat",
            Ground::Term => "termijn",
        }
    }

    pub fn parse(s: &str) -> Option<Ground> {
        [Ground::Screening, Ground::Result, Ground::Term]
            .into_iter()
            .find(|g| g.as_str() == s)
    }
}

/// A code that is due for a signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub partner: String,
    pub signal_id: String,
    pub code: FeedbackCode,
    /// The date the partner sees: the result's date, the day the signal
    /// came in (screening), or the day the term ended.
    pub date: NaiveDate,
    pub ground: Ground,
}

/// A signal whose code is not due yet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Open {
    pub partner: String,
    pub signal_id: String,
    /// The last day by which the partner must hear back.
    pub due: NaiveDate,
}

/// A code as exported, as the store remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub due: Due,
    pub exported_on: NaiveDate,
    /// The file it went out in, relative to the month's folder.
    pub file: String,
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
        })
        .collect()
}

const STATUS_COLUMNS: &[&str] = &[
    "signaal_id",
    "partner",
    "huishouden",
    "besluit",
    "reden",
    "datum_ontvangst",
];

/// Reads the statuses back from `beslissingen.csv`.
pub fn read_statuses(path: &Path) -> Result<Vec<SignalStatus>> {
    let mut table = TableReader::open(path, STATUS_COLUMNS)?;
    let mut out = Vec::new();
    while let Some(row) = table.next_row()? {
        let outcome = match row.get("besluit") {
            "werklijst" => Outcome::Queued,
            "controleren" => Outcome::Review,
            "niet_opgepakt" => match REASONS.iter().find(|r| **r == row.get("reden")) {
                Some(r) => Outcome::Out(r),
                None => return row.bad("reden", "not a known reason code"),
            },
            _ => {
                return row.bad(
                    "besluit",
                    "expected werklijst, controleren or niet_opgepakt",
                );
            }
        };
        let Ok(received) = parse_full(row.get("datum_ontvangst"), None) else {
            return row.bad("datum_ontvangst", "not a date");
        };
        out.push(SignalStatus {
            partner: row.get("partner").to_string(),
            signal_id: row.get("signaal_id").to_string(),
            household: row.get("huishouden").to_string(),
            outcome,
            received,
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

/// What is due as of `as_of`, and what is still open. With `close_overdue`
/// false, signals past their term stay open (the month whose work lists
/// were only just made).
pub fn settle(
    statuses: &[SignalStatus],
    cases: &BTreeMap<String, Case>,
    held: &BTreeSet<String>,
    as_of: NaiveDate,
    term_days: u32,
    close_overdue: bool,
) -> (Vec<Due>, Vec<Open>) {
    let mut due = Vec::new();
    let mut open = Vec::new();
    for s in statuses {
        let end = term_end(s.received, term_days);
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
        match (&s.outcome, ending) {
            (Outcome::Out(reason), _) if s.received <= as_of => due.push(code(
                FeedbackCode::for_screening(reason),
                s.received,
                Ground::Screening,
            )),
            (Outcome::Queued, Some(e)) if e.date <= as_of => {
                due.push(code(e.result.code(), e.date, Ground::Result));
            }
            // Never picked up for want of a BRP decision: the partner may
            // not learn why.
            (Outcome::Review, _) if close_overdue && end <= as_of => {
                due.push(code(FeedbackCode::NietOpgepakt, end, Ground::Term));
            }
            // A case whose row was deleted is not closed as unreached: the
            // officer's work on it may be lost, not undone.
            (Outcome::Queued, _)
                if close_overdue && end <= as_of && !held.contains(&s.household) =>
            {
                due.push(code(FeedbackCode::NietBereikt, end, Ground::Term));
            }
            _ => open.push(Open {
                partner: s.partner.clone(),
                signal_id: s.signal_id.clone(),
                due: end,
            }),
        }
    }
    (due, open)
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
    pub dialect: Dialect,
    /// Work lists to read; `None`: those in `werklijsten/`.
    pub worklists: Option<&'a [PathBuf]>,
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
    /// Sent earlier, and now due with another code (not sent again).
    pub changed: Vec<Due>,
    /// The cases the work lists hold, to record; `None` when no work
    /// lists were found (the store's are kept).
    pub cases: Option<Vec<Case>>,
    /// Case ids of queued households no work list read holds.
    pub missing: Vec<String>,
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
    let files = match req.worklists {
        Some(f) => f.to_vec(),
        None => results::worklist_files(req.dir)?,
    };
    if files.is_empty() {
        return Ok(Gathered {
            cases: store.cases(req.month)?,
            from_lists: false,
            missing: BTreeSet::new(),
        });
    }
    let rec = results::read(&files, req.month, statuses, req.as_of)?;
    if !rec.problems.is_empty() {
        let n = rec.problems.len();
        bail!(
            "{}\nerror: {n} problem{} in the work lists of {}; nothing exported or recorded",
            rec.problems.join("\nerror: "),
            if n == 1 { "" } else { "s" },
            req.month
        );
    }
    // A queued household no list holds lost its row: what the store had of
    // it stays (not replaced by nothing), and it is not closed at the term.
    let mut cases = rec.cases;
    let mut missing = BTreeSet::new();
    let queued: BTreeSet<&str> = statuses
        .iter()
        .filter(|s| s.outcome == Outcome::Queued)
        .map(|s| s.household.as_str())
        .collect();
    let stored: BTreeMap<String, Case> = store
        .cases(req.month)?
        .into_iter()
        .map(|c| (c.household.clone(), c))
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
    let (due, open) = settle(
        statuses,
        &by_household,
        &missing,
        req.as_of,
        req.term_days,
        req.close_overdue,
    );
    let sent_before: HashMap<(String, String), Sent> = store
        .sent(req.month)?
        .into_iter()
        .map(|s| ((s.due.partner.clone(), s.due.signal_id.clone()), s))
        .collect();
    let mut fresh: BTreeMap<String, Vec<Due>> = BTreeMap::new();
    let mut earlier = Vec::new();
    let mut changed = Vec::new();
    for d in due {
        match sent_before.get(&(d.partner.clone(), d.signal_id.clone())) {
            Some(s) if !req.again => {
                if s.due.code != d.code {
                    changed.push(d);
                }
                earlier.push(s.clone());
            }
            _ => fresh.entry(d.partner.clone()).or_default().push(d),
        }
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
        lines.sort_by(|a, b| a.signal_id.cmp(&b.signal_id));
        let file = batch_file(&partner, req.as_of, &used);
        out.table(
            &req.dir.join(&file),
            req.dialect,
            FEEDBACK_COLUMNS,
            lines.iter().map(FeedbackLine),
        )?;
        batch.extend(lines.into_iter().map(|due| Sent {
            due,
            exported_on: req.as_of,
            file: file.clone(),
        }));
    }
    earlier.sort_by(|a, b| {
        (&a.due.partner, &a.due.signal_id).cmp(&(&b.due.partner, &b.due.signal_id))
    });
    Ok(Export {
        month: req.month,
        as_of: req.as_of,
        term_days: req.term_days,
        batch,
        earlier,
        open,
        changed,
        cases: from_lists.then_some(cases),
        missing: missing
            .iter()
            .map(|h| results::case_id(req.month, h))
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

/// The columns of a feedback file: the partner's own reference, the code
/// and the date. Nothing else may go to a partner.
pub const FEEDBACK_COLUMNS: &[&str] = &["signaal_id", "terugkoppeling", "datum"];

struct FeedbackLine<'a>(&'a Due);

impl Cells for FeedbackLine<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        vec![
            Cow::Borrowed(self.0.signal_id.as_str()),
            Cow::Borrowed(self.0.code.as_str()),
            Cow::Owned(self.0.date.to_string()),
        ]
    }
}

impl Export {
    /// Records the cases and what was sent (after the files are in place).
    pub fn record(&self, store: &mut Store) -> Result<()> {
        store.record_feedback(self.month, self.cases.as_deref(), &self.batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(id: &str, household: &str, outcome: Outcome, received: &str) -> SignalStatus {
        SignalStatus {
            partner: "p".into(),
            signal_id: id.into(),
            household: household.into(),
            outcome,
            received: received.parse().unwrap(),
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
                at: String::new(),
            },
        );
        let (due, open) = settle(
            &statuses,
            &cases,
            &BTreeSet::new(),
            d("2026-11-05"),
            28,
            true,
        );
        let got: Vec<(&str, FeedbackCode, String)> = due
            .iter()
            .map(|d| (d.signal_id.as_str(), d.code, d.date.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", FeedbackCode::OnterechtSignaal, "2026-10-03".into()),
                ("b", FeedbackCode::WilHulp, "2026-10-10".into()),
                ("c", FeedbackCode::NietBereikt, "2026-10-31".into()),
                ("e", FeedbackCode::NietOpgepakt, "2026-10-29".into()),
            ]
        );
        assert_eq!(open.len(), 1);
        assert_eq!(
            (open[0].signal_id.as_str(), open[0].due),
            ("d", d("2026-11-17"))
        );
        let (due, open) = settle(
            &statuses,
            &cases,
            &BTreeSet::new(),
            d("2026-11-05"),
            28,
            false,
        );
        assert_eq!(due.len(), 2, "only screening and results without closing");
        assert_eq!(open.len(), 3);
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
