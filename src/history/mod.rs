//! The history store: one SQLite file that remembers, per signal, what later
//! months need (month, partner, kind, amount, verdict, keyed fingerprints of
//! person and address) and nothing that identifies anyone. A month is
//! written in one transaction that replaces any earlier run of that month
//! and removes what is past the retention term, so a killed run leaves the
//! store as it was and a re-run never counts twice. The officers' results
//! and the terugkoppeling sent are kept beside them (`cases`).

mod cases;
mod changes;
mod intents;

pub use cases::CasesCompared;
pub use changes::{Changes, Confirmation, MonthFeedback};
pub use intents::Settled;

use crate::csvio::{create_private_dir, io_reason};
use crate::month::Month;
use crate::secret::Key;
use crate::vocab::codes::EndResult;
use crate::vocab::comparison::{FIELD_COUNT, FIELDS, Pattern, PatternCounts, level};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `PRAGMA application_id`: marks the file as ours ("vSig").
const APPLICATION_ID: i32 = 0x7653_6967;

/// Each entry brings the schema from the previous version to the next;
/// `PRAGMA user_version` holds how many have run.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE months (
        month TEXT PRIMARY KEY,
        signals INTEGER NOT NULL,
        households INTEGER NOT NULL
    );
    CREATE TABLE signals (
        month TEXT NOT NULL,
        partner TEXT NOT NULL,
        signal_id TEXT NOT NULL,
        partner_type TEXT NOT NULL,
        kind TEXT NOT NULL,
        received TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        term_amount_cents INTEGER,
        person TEXT,
        address TEXT,
        household TEXT NOT NULL,
        verdict TEXT NOT NULL,
        PRIMARY KEY (month, partner, signal_id)
    );
    CREATE INDEX signals_person ON signals (person);
    CREATE INDEX signals_address ON signals (address);
",
    "
    CREATE TABLE cases (
        month TEXT NOT NULL,
        household TEXT NOT NULL,
        queue TEXT NOT NULL,
        result TEXT,
        result_date TEXT,
        PRIMARY KEY (month, household)
    );
    CREATE TABLE attempts (
        month TEXT NOT NULL,
        household TEXT NOT NULL,
        n INTEGER NOT NULL,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        dagdeel TEXT,
        reached INTEGER NOT NULL,
        PRIMARY KEY (month, household, n)
    );
    CREATE TABLE feedback (
        month TEXT NOT NULL,
        partner TEXT NOT NULL,
        signal_id TEXT NOT NULL,
        code TEXT NOT NULL,
        date TEXT NOT NULL,
        ground TEXT NOT NULL,
        exported_on TEXT NOT NULL,
        file TEXT NOT NULL,
        PRIMARY KEY (month, partner, signal_id)
    );
",
    "
    CREATE TABLE brp_patterns (
        month TEXT NOT NULL,
        pass TEXT NOT NULL,
        pattern TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (month, pass, pattern)
    );
",
    "
    CREATE TABLE meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE register_extracts (
        month TEXT PRIMARY KEY,
        rows INTEGER NOT NULL,
        checksum TEXT NOT NULL
    );
    CREATE TABLE feedback_intents (
        month TEXT NOT NULL,
        partner TEXT NOT NULL,
        signal_id TEXT NOT NULL,
        code TEXT NOT NULL,
        date TEXT NOT NULL,
        ground TEXT NOT NULL,
        exported_on TEXT NOT NULL,
        file TEXT NOT NULL,
        PRIMARY KEY (month, partner, signal_id)
    );
",
    // The day a month was first matched (DDAS `matchingsdatum`); for a code,
    // the code a correction replaced and the day the signal was first
    // answered (a correction does not make a late answer timely).
    "
    ALTER TABLE months ADD COLUMN matched_on TEXT;
    ALTER TABLE feedback ADD COLUMN corrects TEXT;
    ALTER TABLE feedback ADD COLUMN first_exported_on TEXT;
    ALTER TABLE feedback_intents ADD COLUMN corrects TEXT;
    ALTER TABLE feedback_intents ADD COLUMN first_exported_on TEXT;
",
    // The day a case was put on a list (`datumOpgepakt`).
    "
    ALTER TABLE cases ADD COLUMN placed_on TEXT;
",
    // Months brought from another system by `history import`.
    "
    ALTER TABLE months ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
",
    // Who works a case (`behandelaar`), and since when.
    "
    ALTER TABLE cases ADD COLUMN handler TEXT;
    ALTER TABLE cases ADD COLUMN handler_since TEXT;
",
    // What a month's last run read (a fingerprint of its inputs, no
    // personal value), so a run with nothing new does only the feedback.
    "
    CREATE TABLE IF NOT EXISTS month_inputs (
        month TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        brp_summary TEXT NOT NULL
    );
",
];

pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Runs one migration step, statement by statement. A column that is
/// already there is not added again: a store made by a development build
/// between two releases may have it under an earlier schema number.
fn migrate(tx: &rusqlite::Transaction<'_>, step: &str) -> rusqlite::Result<()> {
    for statement in step.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let words: Vec<&str> = statement.split_whitespace().collect();
        if let ["ALTER", "TABLE", table, "ADD", "COLUMN", column, ..] = words.as_slice() {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
                params![table, column],
                |r| r.get(0),
            )?;
            if exists {
                continue;
            }
        }
        tx.execute_batch(statement)?;
    }
    Ok(())
}

/// What the store's key check value is a fingerprint of.
const KEY_CHECK_LABEL: &str = "vroegsignaal history store key check";

/// How many months back a small month's BRP estimate may pool pattern
/// counts from.
pub const BRP_POOL_MONTHS: u32 = 12;

/// One signal as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub month: Month,
    pub partner: String,
    pub signal_id: String,
    pub partner_type: String,
    pub kind: String,
    pub received: String,
    pub amount_cents: i64,
    pub term_amount_cents: Option<i64>,
    /// Keyed fingerprint of the person (BSN, or name and birth date).
    pub person: Option<String>,
    /// Keyed fingerprint of the address.
    pub address: Option<String>,
    pub household: String,
    pub verdict: String,
    /// The case this signal was in recorded contact attempts and reached
    /// nobody, or ended as "geen contact" / "geen reactie". Read from the
    /// store; not written by [`Store::record_month`].
    pub not_reached: bool,
}

/// What one month holds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MonthStats {
    pub month: String,
    pub signals: u64,
    pub households: u64,
    /// From another system's history (`history import`), not a run: no
    /// month folder, no feedback to work out.
    pub imported: bool,
}

/// Months an import left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub past_retention: Vec<Month>,
    /// Run by this program: never replaced by an import.
    pub run_here: Vec<Month>,
}

/// An end result another system recorded for a household in a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedResult {
    pub month: Month,
    pub household: String,
    pub result: EndResult,
    pub date: NaiveDate,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store, creating it when `may_create` and it does not exist,
    /// and migrates an older schema forward.
    pub fn open(path: &Path, may_create: bool) -> Result<Store> {
        let existed = path.exists();
        if !existed && !may_create {
            bail!("{}: {}", path.display(), crate::tr!("store-missing"));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        if !existed {
            create_private_file(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(|e| store_error(path, &e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.prepare(existed)?;
        Ok(store)
    }

    /// Whether a store exists at `path` (then the key file must too).
    pub fn exists(path: &Path) -> bool {
        path.exists()
    }

    fn prepare(&mut self, existed: bool) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(err)?;
        let version: i32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(err)?;
        if app != APPLICATION_ID && (app != 0 || tables > 0) {
            bail!("{}: {}", path.display(), crate::tr!("store-foreign"));
        }
        if version > SCHEMA_VERSION {
            bail!(
                "{}: {}",
                path.display(),
                crate::tr!("store-newer", version = version, known = SCHEMA_VERSION)
            );
        }
        // Deleted rows are overwritten, not left readable in free pages.
        self.conn
            .pragma_update(None, "secure_delete", "ON")
            .map_err(err)?;
        if version < SCHEMA_VERSION {
            if existed && version > 0 {
                crate::present::note(
                    false,
                    &format!(
                        "{}: {}",
                        path.display(),
                        crate::tr!("store-upgrade", from = version, to = SCHEMA_VERSION)
                    ),
                );
            }
            let tx = self.conn.transaction().map_err(err)?;
            for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                migrate(&tx, step).map_err(err)?;
                tx.pragma_update(None, "user_version", i as i32 + 1)
                    .map_err(err)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        restrict(&path)
    }

    /// Opens the store for writing (made when missing) and checks it
    /// belongs to `key` (a new store records the key's check value).
    pub fn open_keyed(path: &Path, key: &Key, key_path: &Path) -> Result<Store> {
        let mut store = Store::open(path, true)?;
        store.verify_key(key, key_path)?;
        Ok(store)
    }

    /// The latest register extract recorded before `month`: its month, row
    /// count and checksum.
    pub fn register_before(&self, month: Month) -> Result<Option<(Month, u64, u64)>> {
        self.register_where("month < ?1", month)
    }

    /// The register extract recorded for `month` itself.
    pub fn register_of(&self, month: Month) -> Result<Option<(Month, u64, u64)>> {
        self.register_where("month = ?1", month)
    }

    fn register_where(&self, condition: &str, month: Month) -> Result<Option<(Month, u64, u64)>> {
        let row: Option<(String, i64, String)> = self
            .conn
            .query_row(
                &format!(
                    "SELECT month, rows, checksum FROM register_extracts WHERE {condition}
                     ORDER BY month DESC LIMIT 1"
                ),
                [month.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| store_error(&self.path, &e))?;
        let Some((m, rows, checksum)) = row else {
            return Ok(None);
        };
        let damaged = || {
            anyhow!(
                "{}: {}",
                self.path.display(),
                crate::tr!("store-damaged-value", column = "register_extracts")
            )
        };
        Ok(Some((
            Month::parse(&m).ok_or_else(damaged)?,
            u64::try_from(rows).map_err(|_| damaged())?,
            u64::from_str_radix(&checksum, 16).map_err(|_| damaged())?,
        )))
    }

    /// Checks that `key` is the key this store was made with: a store keeps
    /// a keyed check value, so another key (whose fingerprints would match
    /// nothing) is refused before anything is written. A store without one
    /// yet gets it.
    pub fn verify_key(&mut self, key: &Key, key_path: &Path) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let check = key.fingerprint(&[KEY_CHECK_LABEL]);
        let stored: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE name = 'key_check'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(err)?;
        match stored {
            Some(v) if v == check => Ok(()),
            Some(_) => bail!(
                "{}: {}",
                key_path.display(),
                crate::tr!("store-wrong-key", store = path.display())
            ),
            None => {
                self.conn
                    .execute(
                        "INSERT INTO meta (name, value) VALUES ('key_check', ?1)",
                        [&check],
                    )
                    .map_err(err)?;
                Ok(())
            }
        }
    }

    /// The fingerprint of what the month's last complete run read, and
    /// that run's BRP summary (JSON).
    pub fn inputs_of(&self, month: Month) -> Result<Option<(String, String)>> {
        self.conn
            .query_row(
                "SELECT fingerprint, brp_summary FROM month_inputs WHERE month = ?1",
                [month.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| store_error(&self.path, &e))
    }

    /// A digest of what the other months hold that this month's facts are
    /// made from (their signals' keyed prints and their cases): a result
    /// recorded in another month changes it.
    pub fn digest_except(&self, month: Month) -> Result<String> {
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        let err = |e: rusqlite::Error| store_error(&self.path, &e);
        for sql in [
            "SELECT month || '|' || partner || '|' || signal_id || '|' || coalesce(person, '') || '|' \
             || coalesce(address, '') || '|' || household || '|' || amount_cents || '|' || verdict \
             FROM signals WHERE month <> ?1 ORDER BY month, partner, signal_id",
            "SELECT month || '|' || household || '|' || queue || '|' || coalesce(result, '') || '|' \
             || coalesce(result_date, '') FROM cases WHERE month <> ?1 ORDER BY month, household",
            "SELECT month || '|' || household || '|' || kind || '|' || date || '|' || reached \
             FROM attempts WHERE month <> ?1 ORDER BY month, household, date, kind",
        ] {
            let mut stmt = self.conn.prepare(sql).map_err(err)?;
            let rows = stmt
                .query_map([month.to_string()], |r| r.get::<_, String>(0))
                .map_err(err)?;
            for row in rows {
                hash.update(row.map_err(err)?.as_bytes());
                hash.update(b"\n");
            }
        }
        Ok(crate::secret::hex(&hash.finalize()))
    }

    /// Signals of the months from `from` up to but not including `before`.
    pub fn signals_between(&self, from: Month, before: Month) -> Result<Vec<Recorded>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.month, s.partner, s.signal_id, s.partner_type, s.kind, s.received,
                        s.amount_cents, s.term_amount_cents, s.person, s.address, s.household,
                        s.verdict, EXISTS (SELECT 1 FROM cases c
                            WHERE c.month = s.month AND c.household = s.household
                              AND (c.result IN (?3, ?4)
                                   OR (c.result IS NULL
                                       AND EXISTS (SELECT 1 FROM attempts a
                                           WHERE a.month = c.month AND a.household = c.household)
                                       AND NOT EXISTS (SELECT 1 FROM attempts a
                                           WHERE a.month = c.month AND a.household = c.household
                                             AND a.reached = 1))))
                 FROM signals s WHERE s.month >= ?1 AND s.month < ?2
                 ORDER BY s.month, s.partner, s.signal_id",
            )
            .map_err(|e| store_error(&self.path, &e))?;
        let rows = stmt
            .query_map(
                params![
                    from.to_string(),
                    before.to_string(),
                    EndResult::GeenContact.as_str(),
                    EndResult::GeenReactie.as_str()
                ],
                recorded_from_row,
            )
            .map_err(|e| store_error(&self.path, &e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&self.path, &e))
    }

    /// The pattern counts of one pass summed over the months from `from` up
    /// to but not including `before`, and how many months held some.
    pub fn brp_patterns(
        &self,
        pass: &str,
        from: Month,
        before: Month,
    ) -> Result<(PatternCounts, u32)> {
        let err = |e: rusqlite::Error| store_error(&self.path, &e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT pattern, sum(n), count(DISTINCT month) FROM brp_patterns
                 WHERE pass = ?1 AND month >= ?2 AND month < ?3 GROUP BY pattern ORDER BY pattern",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map(params![pass, from.to_string(), before.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(err)?;
        let mut counts = PatternCounts::new();
        let mut months = 0;
        for row in rows {
            let (text, n, m) = row.map_err(err)?;
            if let Some(p) = parse_pattern(&text) {
                *counts.entry(p).or_default() += n.max(0) as u64;
            }
            months = months.max(m as u32);
        }
        Ok((counts, months))
    }

    /// Removes every month more than `retention` months before `reference`.
    pub fn purge(&mut self, reference: Month, retention: u32) -> Result<Vec<String>> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let tx = self.conn.transaction().map_err(err)?;
        let removed = purge_in(&tx, reference, retention).map_err(err)?;
        tx.commit().map_err(err)?;
        if !removed.is_empty() {
            self.vacuum()?;
        }
        Ok(removed)
    }

    /// Rewrites the file so nothing removed lingers in it.
    fn vacuum(&self) -> Result<()> {
        self.conn
            .execute_batch("VACUUM")
            .map_err(|e| store_error(&self.path, &e))
    }

    /// Signals and households kept, per month.
    /// The day the month was matched; `None` for a month recorded before
    /// the store kept it.
    pub fn matched_on(&self, month: Month) -> Result<Option<NaiveDate>> {
        let day: Option<String> = self
            .conn
            .query_row(
                "SELECT matched_on FROM months WHERE month = ?1",
                [month.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| store_error(&self.path, &e))?
            .flatten();
        day.map(|d| self.date(&d, "months.matched_on")).transpose()
    }

    pub fn stats(&self) -> Result<Vec<MonthStats>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.month, (SELECT count(*) FROM signals s WHERE s.month = m.month), m.households,
                        m.imported
                 FROM months m ORDER BY m.month",
            )
            .map_err(|e| store_error(&self.path, &e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(MonthStats {
                    month: r.get(0)?,
                    signals: r.get::<_, i64>(1)? as u64,
                    households: r.get::<_, i64>(2)? as u64,
                    imported: r.get(3)?,
                })
            })
            .map_err(|e| store_error(&self.path, &e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&self.path, &e))
    }

    /// Records another system's earlier months (`history import`) in one
    /// transaction: their signals as keyed fingerprints, and their end
    /// results as cases. A month a run of this program recorded is never
    /// touched, and an imported month is replaced by a new import. Returns
    /// the months left out: past retention (counted from `reference`), and
    /// run here.
    pub fn import(
        &mut self,
        signals: &[Recorded],
        results: &[ImportedResult],
        reference: Month,
        retention: u32,
    ) -> Result<LeftOut> {
        let oldest = oldest_kept(reference, retention);
        let months: BTreeSet<Month> = signals.iter().map(|s| s.month).collect();
        let run_here: BTreeSet<String> = self
            .stats()?
            .into_iter()
            .filter(|s| !s.imported)
            .map(|s| s.month)
            .collect();
        let mut left_out = LeftOut::default();
        let path = self.path.clone();
        let err = |e: rusqlite::Error| store_error(&path, &e);
        let tx = self.conn.transaction().map_err(err)?;
        for &m in &months {
            if m < oldest {
                left_out.past_retention.push(m);
                continue;
            }
            if run_here.contains(&m.to_string()) {
                left_out.run_here.push(m);
                continue;
            }
            let ms = m.to_string();
            for table in ["signals", "cases", "attempts"] {
                tx.execute(&format!("DELETE FROM {table} WHERE month = ?1"), [&ms])
                    .map_err(err)?;
            }
            let of_month: Vec<&Recorded> = signals.iter().filter(|s| s.month == m).collect();
            let households: BTreeSet<&str> =
                of_month.iter().map(|s| s.household.as_str()).collect();
            tx.execute(
                "INSERT INTO months (month, signals, households, imported) VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT (month) DO UPDATE SET signals = excluded.signals,
                     households = excluded.households, imported = 1",
                params![ms, of_month.len() as i64, households.len() as i64],
            )
            .map_err(err)?;
            insert_signals(&tx, &ms, of_month.into_iter()).map_err(err)?;
            let mut case = tx
                .prepare(
                    "INSERT INTO cases (month, household, queue, result, result_date)
                     VALUES (?1, ?2, 'import', ?3, ?4)
                     ON CONFLICT (month, household) DO UPDATE SET result = excluded.result,
                         result_date = excluded.result_date",
                )
                .map_err(err)?;
            for r in results.iter().filter(|r| r.month == m) {
                case.execute(params![
                    ms,
                    r.household,
                    r.result.as_str(),
                    r.date.to_string()
                ])
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(left_out)
    }

    /// The latest month recorded, if any.
    pub fn latest_month(&self) -> Result<Option<Month>> {
        let m: Option<String> = self
            .conn
            .query_row("SELECT max(month) FROM months", [], |r| r.get(0))
            .optional()
            .map_err(|e| store_error(&self.path, &e))?
            .flatten();
        Ok(m.and_then(|m| m.parse().ok()))
    }
}

/// `0,0,3,-,1`: a pattern's levels, `-` for unknown.
pub(super) fn pattern_text(p: &Pattern) -> String {
    p.iter()
        .map(|l| {
            if *l == level::UNKNOWN {
                "-".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_pattern(text: &str) -> Option<Pattern> {
    let mut p = [level::UNKNOWN; FIELD_COUNT];
    let mut parts = text.split(',');
    for (f, slot) in p.iter_mut().enumerate() {
        let part = parts.next()?;
        if part != "-" {
            let l: u8 = part.parse().ok()?;
            if usize::from(l) >= FIELDS[f].levels.len() {
                return None;
            }
            *slot = l;
        }
    }
    parts.next().is_none().then_some(p)
}

/// Inserts a month's signals (as the store keeps them).
/// A stored signal from a row of `month`, partner, signal id, partner
/// type, kind, received, amount, term amount, person, address, household,
/// verdict and whether its case reached nobody.
pub(super) fn recorded_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Recorded> {
    let month: String = r.get(0)?;
    let month = Month::parse(&month).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, "month".into(), rusqlite::types::Type::Text)
    })?;
    Ok(Recorded {
        month,
        partner: r.get(1)?,
        signal_id: r.get(2)?,
        partner_type: r.get(3)?,
        kind: r.get(4)?,
        received: r.get(5)?,
        amount_cents: r.get(6)?,
        term_amount_cents: r.get(7)?,
        person: r.get(8)?,
        address: r.get(9)?,
        household: r.get(10)?,
        verdict: r.get(11)?,
        not_reached: r.get(12)?,
    })
}

pub(super) fn insert_signals<'a>(
    tx: &rusqlite::Transaction<'_>,
    month: &str,
    signals: impl Iterator<Item = &'a Recorded>,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO signals (month, partner, signal_id, partner_type, kind, received,
            amount_cents, term_amount_cents, person, address, household, verdict)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for s in signals {
        insert.execute(params![
            month,
            s.partner,
            s.signal_id,
            s.partner_type,
            s.kind,
            s.received,
            s.amount_cents,
            s.term_amount_cents,
            s.person,
            s.address,
            s.household,
            s.verdict
        ])?;
    }
    Ok(())
}

/// Deletes the months past retention; returns them.
pub(super) fn purge_in(
    tx: &rusqlite::Transaction<'_>,
    reference: Month,
    retention: u32,
) -> rusqlite::Result<Vec<String>> {
    let oldest_kept = oldest_kept(reference, retention).to_string();
    let mut stmt = tx.prepare("SELECT month FROM months WHERE month < ?1 ORDER BY month")?;
    let removed = stmt
        .query_map([&oldest_kept], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for table in [
        "signals",
        "months",
        "cases",
        "attempts",
        "feedback",
        "feedback_intents",
        "month_inputs",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE month < ?1"),
            [&oldest_kept],
        )?;
    }
    // The BRP pattern counts and extract sizes hold no personal value; they
    // are kept as long as a small month may pool them (a year), whatever the
    // retention.
    let oldest_pooled = self::oldest_kept(reference, BRP_POOL_MONTHS.max(retention)).to_string();
    for table in ["brp_patterns", "register_extracts"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE month < ?1"),
            [&oldest_pooled],
        )?;
    }
    Ok(removed)
}

/// The oldest month kept: `retention` months before `reference`, so with
/// six months a record of April is still there for October's run and gone
/// in November's.
pub fn oldest_kept(reference: Month, retention: u32) -> Month {
    let mut m = reference;
    for _ in 0..retention {
        m = m.prev();
    }
    m
}

fn store_error(path: &Path, e: &rusqlite::Error) -> anyhow::Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            anyhow!("{}: {}", path.display(), crate::tr!("store-not-a-database"))
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            anyhow!("{}: {}", path.display(), crate::tr!("store-busy"))
        }
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            anyhow!("{}: {}", path.display(), crate::tr!("store-read-only"))
        }
        Some(ErrorCode::DiskFull) => anyhow!("{}: {}", path.display(), crate::tr!("disk-full")),
        _ => anyhow!(
            "{}: {}",
            path.display(),
            crate::tr!("store-other", what = e)
        ),
    }
}

/// Creates an empty file readable by the owner only from its first byte
/// (SQLite then fills it, and gives its journal the same permissions).
fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(anyhow!(
            "{}: {}",
            path.display(),
            crate::tr!("store-cannot-create", why = io_reason(&e))
        )),
    }
}

/// Owner-only permissions on the store file.
fn restrict(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            anyhow!(
                "{}: {}",
                path.display(),
                crate::tr!("cannot-restrict", why = io_reason(&e))
            )
        })?;
    }
    let _ = path;
    Ok(())
}

/// SQLite's count of commits by other connections, as this one sees it.
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |row| row.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes one month's signals as `match` does.
    fn record_month(
        store: &mut Store,
        month: Month,
        signals: &[Recorded],
        households: u64,
        matched_on: NaiveDate,
        retention: u32,
    ) -> Result<Vec<String>> {
        let mut changes = Changes::default();
        changes.month(month, signals.to_vec(), households, matched_on, retention);
        store.write(changes)
    }

    fn rec(month: &str, id: &str) -> Recorded {
        Recorded {
            month: month.parse().unwrap(),
            partner: "p".into(),
            signal_id: id.into(),
            partner_type: "zorg".into(),
            kind: "vroegsignaal".into(),
            received: format!("{month}-05"),
            amount_cents: 10_000,
            term_amount_cents: None,
            person: Some("a".into()),
            address: Some("b".into()),
            household: "h".into(),
            verdict: "gevonden".into(),
            not_reached: false,
        }
    }

    #[test]
    fn a_store_of_the_previous_schema_is_brought_forward_with_its_cases() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        {
            // A store as the release before this one left it: schema 4.
            let conn = Connection::open(&path).unwrap();
            for step in &MIGRATIONS[..4] {
                conn.execute_batch(step).unwrap();
            }
            conn.pragma_update(None, "user_version", 4).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute(
                "INSERT INTO months (month, signals, households) VALUES ('2026-09', 1, 1)",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO cases (month, household, queue, result, result_date)
                 VALUES ('2026-09', 'hh-1', 'telefoon', 'Definitief geen contact kunnen krijgen', '2026-09-20')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path, false).unwrap();
        let m: Month = "2026-09".parse().unwrap();
        let cases = store.cases(m).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].handler, "");
        assert_eq!(cases[0].placed_on, None);
        assert_eq!(store.matched_on(m).unwrap(), None);
        assert!(!store.stats().unwrap()[0].imported);
    }

    #[test]
    fn a_column_a_development_build_already_added_is_not_added_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        {
            // Schema 5 by number, but with `placed_on` (a later step)
            // already in `cases`, as a build between releases left it.
            let conn = Connection::open(&path).unwrap();
            for step in &MIGRATIONS[..5] {
                conn.execute_batch(step).unwrap();
            }
            conn.execute_batch("ALTER TABLE cases ADD COLUMN placed_on TEXT;")
                .unwrap();
            conn.pragma_update(None, "user_version", 5).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
        }
        let store = Store::open(&path, false).unwrap();
        let version: i32 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert!(store.cases("2026-09".parse().unwrap()).unwrap().is_empty());
    }

    /// A month's record compared with the store ahead of its write leaves
    /// the store holding exactly the record, also when another connection
    /// changed the month in between.
    #[test]
    fn a_month_compared_ahead_is_written_as_its_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let month: Month = "2026-02".parse().unwrap();
        let on = month.first_day();
        let ids = |store: &Store| -> Vec<(String, String)> {
            let mut got: Vec<(String, String)> = store
                .signals_between(month, month.next())
                .unwrap()
                .into_iter()
                .map(|r| (r.signal_id, r.household))
                .collect();
            got.sort();
            got
        };
        let mut one = rec("2026-02", "1");
        one.household = "h-new".into();
        let record = vec![one, rec("2026-02", "3")];
        let expected: Vec<(String, String)> =
            vec![("1".into(), "h-new".into()), ("3".into(), "h".into())];
        for another_writes_between in [false, true] {
            let mut store = Store::open(&path, true).unwrap();
            let before = [rec("2026-02", "1"), rec("2026-02", "2")];
            record_month(&mut store, month, &before, 2, on, 6).unwrap();
            let mut changes = Changes::default();
            changes.month(month, record.clone(), 2, on, 6);
            changes.compare(&store).unwrap();
            if another_writes_between {
                let mut other = Store::open(&path, false).unwrap();
                let theirs = [rec("2026-02", "2"), rec("2026-02", "4")];
                record_month(&mut other, month, &theirs, 2, on, 6).unwrap();
            }
            store.write(changes).unwrap();
            assert_eq!(
                ids(&store),
                expected,
                "another wrote between: {another_writes_between}"
            );
        }
    }

    /// A month's cases compared with the store ahead of recording them
    /// leave the store holding exactly those cases, also when another
    /// connection recorded others in between.
    #[test]
    fn cases_compared_ahead_are_recorded_as_they_are() {
        use crate::vocab::case::Case;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let month: Month = "2026-10".parse().unwrap();
        let case = |household: &str, queue: &str| Case {
            household: household.into(),
            queue: queue.into(),
            attempts: Vec::new(),
            ending: None,
            placed_on: Some(month.first_day()),
            handler: String::new(),
            handler_since: None,
            at: format!("brief.csv:{}", household.len()),
        };
        let now = [case("hh-a", "telefoon"), case("hh-c", "brief")];
        let queues = |store: &Store| -> Vec<(String, String)> {
            store
                .cases(month)
                .unwrap()
                .into_iter()
                .map(|c| (c.household, c.queue))
                .collect()
        };
        for another_writes_between in [false, true] {
            let mut store = Store::open(&path, true).unwrap();
            let before = [case("hh-a", "brief"), case("hh-b", "brief")];
            store.record_feedback(month, Some(&before), &[]).unwrap();
            let compared = store.compare_cases(month, &now).unwrap();
            if another_writes_between {
                let mut other = Store::open(&path, false).unwrap();
                let theirs = [case("hh-b", "brief"), case("hh-d", "brief")];
                other.record_feedback(month, Some(&theirs), &[]).unwrap();
            }
            store
                .confirm(&Confirmation {
                    feedback: vec![MonthFeedback {
                        month,
                        cases: Some(&now),
                        compared: Some(&compared),
                        sent: &[],
                    }],
                    removed: &[],
                    inputs: None,
                })
                .unwrap();
            assert_eq!(
                queues(&store),
                [
                    ("hh-a".to_string(), "telefoon".to_string()),
                    ("hh-c".to_string(), "brief".to_string())
                ],
                "another wrote between: {another_writes_between}"
            );
        }
    }

    #[test]
    fn replaces_a_month_and_purges_past_retention() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let mut store = Store::open(&path, true).unwrap();
        let m = |s: &str| s.parse::<Month>().unwrap();
        // Records a month's signals as a run on 2026-09-01 would (six
        // months kept).
        let record = |store: &mut Store, month: &str, recs: &[Recorded], households: u64| {
            record_month(
                store,
                m(month),
                recs,
                households,
                m("2026-09").first_day(),
                6,
            )
            .unwrap();
        };
        record(&mut store, "2026-01", &[rec("2026-01", "1")], 1);
        record(
            &mut store,
            "2026-02",
            &[rec("2026-02", "1"), rec("2026-02", "2")],
            2,
        );
        record(&mut store, "2026-02", &[rec("2026-02", "3")], 1);
        let got = store.signals_between(m("2025-01"), m("2027-01")).unwrap();
        let ids: Vec<(String, String)> = got
            .iter()
            .map(|r| (r.month.to_string(), r.signal_id.clone()))
            .collect();
        assert_eq!(
            ids,
            [
                ("2026-01".into(), "1".into()),
                ("2026-02".into(), "3".into())
            ]
        );
        // Recorded again with one value changed: that value is replaced.
        let mut changed = rec("2026-02", "3");
        changed.household = "h2".into();
        record(&mut store, "2026-02", &[changed], 1);
        let got = store.signals_between(m("2026-02"), m("2026-03")).unwrap();
        let households: Vec<&str> = got.iter().map(|r| r.household.as_str()).collect();
        assert_eq!(households, ["h2"]);
        let removed = record_month(
            &mut store,
            m("2026-08"),
            &[rec("2026-08", "1")],
            1,
            m("2026-09").first_day(),
            6,
        )
        .unwrap();
        assert_eq!(removed, ["2026-01"]);
        let months: Vec<String> = store
            .stats()
            .unwrap()
            .into_iter()
            .map(|s| s.month)
            .collect();
        assert_eq!(months, ["2026-02", "2026-08"]);
    }

    #[test]
    fn six_months_retention_keeps_april_in_october_only() {
        let oct: Month = "2026-10".parse().unwrap();
        assert_eq!(oldest_kept(oct, 6).to_string(), "2026-04");
        assert_eq!(oldest_kept(oct.next(), 6).to_string(), "2026-05");
    }
}
