//! What a run writes to the store, gathered from its stages while they
//! work and written at the end in one transaction, before the run's files
//! are put in place: a run stopped earlier leaves the store as it was. Only
//! the feedback sent is recorded after the files, in a second transaction
//! that settles the intents the first one recorded (see `intents`).

use super::cases::insert_sent;
use super::{CasesCompared, Recorded, Store, data_version, purge_in, store_error};
use crate::month::Month;
use crate::vocab::case::{Case, Sent};
use crate::vocab::comparison::PatternCounts;
use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Transaction, params};
use std::collections::HashMap;

/// The store's changes of one run, each made by the stage that owns it.
#[derive(Default)]
pub struct Changes {
    /// `brp-check`: the size and checksum of the month's extract.
    register: Option<(Month, u64, u64)>,
    /// `brp-check`: the month's comparison-pattern counts per EM pass.
    patterns: Option<(Month, Vec<(&'static str, PatternCounts)>)>,
    /// `match`: the month's signals as keyed fingerprints.
    month: Option<MonthRecord>,
    /// `export-feedback`: the codes about to be written, per month.
    intents: Vec<(Month, Vec<Sent>)>,
}

/// A month's signals, replacing what the store holds of the month.
struct MonthRecord {
    month: Month,
    signals: Vec<Recorded>,
    households: u64,
    matched_on: NaiveDate,
    retention: u32,
    /// The record compared with the store ahead of the write.
    compared: Option<Compared>,
}

/// How a month's record differs from what the store held of the month
/// (`Changes::compare`): reading a city month back from the store is most
/// of the write, and a run can do it while its lists are written.
struct Compared {
    /// The store's `data_version` when it was read: another connection's
    /// commit since then means the store is read again.
    version: i64,
    difference: Difference,
}

/// How a month's record differs from the store's signals of the month.
struct Difference {
    /// The record's signals (by index) the store lacks or holds otherwise.
    changed: Vec<usize>,
    /// The store's signals of the month the record lacks.
    gone: Vec<(String, String)>,
}

/// What a run records once its files are in place: the feedback sent per
/// month (with the cases its work lists hold), and what the run read.
pub struct Confirmation<'a> {
    pub feedback: Vec<MonthFeedback<'a>>,
    /// The months the run's first transaction removed (past retention).
    pub removed: &'a [String],
    /// The month, the fingerprint of its inputs and its BRP summary.
    pub inputs: Option<(Month, String, String)>,
}

/// The feedback a run sent for one month.
pub struct MonthFeedback<'a> {
    pub month: Month,
    /// The cases the month's work lists hold; `None` when none were read
    /// (the store's are kept).
    pub cases: Option<&'a [Case]>,
    /// `cases` compared with the store ahead ([`Store::compare_cases`]).
    pub compared: Option<&'a CasesCompared>,
    pub sent: &'a [Sent],
}

impl Changes {
    /// Records the size and checksum of the month's register extract.
    pub fn register(&mut self, month: Month, rows: u64, checksum: u64) {
        self.register = Some((month, rows, checksum));
    }

    /// Replaces the month's BRP comparison-pattern counts (per EM pass):
    /// the model's sufficient statistics, no personal value.
    pub fn brp_patterns(&mut self, month: Month, passes: Vec<(&'static str, PatternCounts)>) {
        self.patterns = Some((month, passes));
    }

    /// Replaces the month's signals, matched on `matched_on`, and removes
    /// months past `retention`.
    pub fn month(
        &mut self,
        month: Month,
        signals: Vec<Recorded>,
        households: u64,
        matched_on: NaiveDate,
        retention: u32,
    ) {
        self.month = Some(MonthRecord {
            month,
            signals,
            households,
            matched_on,
            retention,
            compared: None,
        });
    }

    /// Compares the month's record with what the store holds of the month
    /// now, ahead of [`Store::write`], which compares again only when
    /// another connection changed the store since (this one must not).
    pub fn compare(&mut self, store: &Store) -> Result<()> {
        if let Some(r) = &mut self.month {
            let err = |e: rusqlite::Error| store_error(&store.path, &e);
            let version = data_version(&store.conn).map_err(err)?;
            let difference =
                difference(&store.conn, &r.month.to_string(), &r.signals).map_err(err)?;
            r.compared = Some(Compared {
                version,
                difference,
            });
        }
        Ok(())
    }

    /// The codes about to be written into the month's feedback files.
    pub fn intents(&mut self, month: Month, sent: &[Sent]) {
        if !sent.is_empty() {
            self.intents.push((month, sent.to_vec()));
        }
    }

    /// Takes over the changes of another stage.
    pub fn merge(&mut self, other: Changes) {
        self.register = other.register.or(self.register.take());
        self.patterns = other.patterns.or(self.patterns.take());
        self.month = other.month.or(self.month.take());
        self.intents.extend(other.intents);
    }
}

impl Store {
    /// Writes a run's changes in one transaction; returns the months
    /// removed past retention.
    pub fn write(&mut self, changes: Changes) -> Result<Vec<String>> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let tx = self.conn.transaction().map_err(err)?;
        if let Some((month, rows, checksum)) = changes.register {
            tx.execute(
                "INSERT INTO register_extracts (month, rows, checksum) VALUES (?1, ?2, ?3)
                 ON CONFLICT (month) DO UPDATE SET rows = excluded.rows, checksum = excluded.checksum",
                params![month.to_string(), rows as i64, format!("{checksum:016x}")],
            )
            .map_err(err)?;
        }
        if let Some((month, passes)) = &changes.patterns {
            replace_patterns(&tx, *month, passes).map_err(err)?;
        }
        let removed = match &changes.month {
            Some(m) => replace_month(&tx, m).map_err(err)?,
            None => Vec::new(),
        };
        for (month, sent) in &changes.intents {
            insert_sent(&tx, "feedback_intents", *month, sent).map_err(err)?;
        }
        crate::testpoint::pause("history-before-commit");
        tx.commit().map_err(err)?;
        if !changes.intents.is_empty() {
            crate::testpoint::pause("feedback-intents-recorded");
        }
        if !removed.is_empty() {
            self.vacuum()?;
        }
        Ok(removed)
    }

    /// Records, in one transaction once the files are in place, the
    /// feedback they hold (settling its intents) and what the run read.
    pub fn confirm(&mut self, c: &Confirmation<'_>) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let tx = self.conn.transaction().map_err(err)?;
        for f in &c.feedback {
            super::cases::feedback_in(&tx, f, c.removed).map_err(err)?;
        }
        if let Some((month, fingerprint, summary)) = &c.inputs {
            tx.execute(
                "INSERT INTO month_inputs (month, fingerprint, brp_summary) VALUES (?1, ?2, ?3)
                 ON CONFLICT (month) DO UPDATE SET fingerprint = excluded.fingerprint,
                     brp_summary = excluded.brp_summary",
                params![month.to_string(), fingerprint, summary],
            )
            .map_err(err)?;
        }
        crate::testpoint::pause("feedback-before-commit");
        tx.commit().map_err(err)
    }
}

fn replace_patterns(
    tx: &Transaction<'_>,
    month: Month,
    passes: &[(&'static str, PatternCounts)],
) -> rusqlite::Result<()> {
    let m = month.to_string();
    tx.execute("DELETE FROM brp_patterns WHERE month = ?1", [&m])?;
    let mut insert =
        tx.prepare("INSERT INTO brp_patterns (month, pass, pattern, n) VALUES (?1, ?2, ?3, ?4)")?;
    for (pass, counts) in passes {
        for (pattern, n) in counts {
            insert.execute(params![m, pass, super::pattern_text(pattern), *n as i64])?;
        }
    }
    Ok(())
}

/// Makes the month's signals exactly the record's, then removes what is
/// past retention; returns the months removed.
fn replace_month(tx: &Transaction<'_>, r: &MonthRecord) -> rusqlite::Result<Vec<String>> {
    let m = r.month.to_string();
    replace_month_signals(tx, &m, &r.signals, r.compared.as_ref())?;
    tx.execute(
        "INSERT INTO months (month, signals, households, matched_on) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (month) DO UPDATE SET signals = excluded.signals,
             households = excluded.households,
             matched_on = coalesce(months.matched_on, excluded.matched_on)",
        params![
            m,
            r.signals.len() as i64,
            r.households as i64,
            r.matched_on.to_string()
        ],
    )?;
    let latest: String = tx.query_row("SELECT max(month) FROM months", [], |row| row.get(0))?;
    let reference = latest.parse().unwrap_or(r.month).max(r.month);
    purge_in(tx, reference, r.retention)
}

/// Makes the month's signals in the store exactly `signals`: a later run
/// of the month rewrites only the rows that changed, not all of them.
fn replace_month_signals(
    tx: &Transaction<'_>,
    month: &str,
    signals: &[Recorded],
    compared: Option<&Compared>,
) -> rusqlite::Result<()> {
    let version = data_version(tx)?;
    let read_now;
    let Difference { changed, gone } = match compared {
        Some(c) if c.version == version => &c.difference,
        _ => {
            read_now = difference(tx, month, signals)?;
            &read_now
        }
    };
    let changed: Vec<&Recorded> = changed.iter().filter_map(|&i| signals.get(i)).collect();
    let mut delete =
        tx.prepare("DELETE FROM signals WHERE month = ?1 AND partner = ?2 AND signal_id = ?3")?;
    let gone = gone.iter().map(|(p, id)| (p.as_str(), id.as_str()));
    let changed_keys = changed
        .iter()
        .map(|s| (s.partner.as_str(), s.signal_id.as_str()));
    for (partner, id) in gone.chain(changed_keys) {
        delete.execute(params![month, partner, id])?;
    }
    super::insert_signals(tx, month, changed.into_iter())
}

/// Which of `signals` the store lacks or holds otherwise (by index), and
/// which of the store's signals of the month `signals` lacks.
fn difference(
    conn: &rusqlite::Connection,
    month: &str,
    signals: &[Recorded],
) -> rusqlite::Result<Difference> {
    let mut stored: HashMap<(String, String), Recorded> = HashMap::with_capacity(signals.len());
    let mut select = conn.prepare(
        "SELECT month, partner, signal_id, partner_type, kind, received, amount_cents,
            term_amount_cents, person, address, household, verdict, 0
         FROM signals WHERE month = ?1",
    )?;
    for r in select.query_map([month], super::recorded_from_row)? {
        let r = r?;
        stored.insert((r.partner.clone(), r.signal_id.clone()), r);
    }
    let changed = signals
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            stored
                .remove(&(s.partner.clone(), s.signal_id.clone()))
                .is_none_or(|stored| stored != **s)
        })
        .map(|(i, _)| i)
        .collect();
    let mut gone: Vec<(String, String)> = stored.into_keys().collect();
    gone.sort();
    Ok(Difference { changed, gone })
}
