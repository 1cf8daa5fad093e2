//! The BRP stage as one operation: a month's signals against the extract,
//! with the review decisions, the model, the store's pattern pool and the
//! extract's size check; outputs pending, plus a summary.

use super::estimate::{PASS_ADDRESS, PASS_BIRTH, Pool};
use super::kept::{self, Split};
use super::lookup::{self, LOOKUP_FILE, Lookup};
use super::model::{ModelFile, Origin};
use super::register::{BrpProfile, Register};
use super::review::{self, DecisionMemory};
use super::{CheckOptions, Checked, CheckedSignal, Resolved, Verdict};
use crate::csvio::PendingOutputs;
use crate::exit::config_err;
use crate::history::{Changes, Store};
use crate::present::note;
use crate::secret::Key;
use crate::signal::Signal;
use crate::workspace::Workspace;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What an officer or CI may give beside the signals.
#[derive(Default, Clone, Copy)]
pub struct Inputs<'a> {
    /// A filled-in review list.
    pub decisions: Option<&'a Path>,
    /// Pinned model parameters.
    pub model: Option<&'a Path>,
    /// Believe an extract that shrank more than `max_shrink`.
    pub accept_register_change: bool,
}

/// A month's signals checked: every signal with its facts, in order, and
/// those under review with their candidates.
pub struct MonthChecked {
    pub month: crate::month::Month,
    /// Every signal with its BRP facts, in the order given.
    pub resolved: Vec<Resolved>,
    /// The signals under review, with their candidates, in the same order.
    pub review: Vec<CheckedSignal>,
    pub register_rows: u64,
    pub register_problems: u64,
    /// Rows of the extract read (all, unless a lookup table was used).
    pub register_rows_read: u64,
    /// Verdicts kept from the month's earlier run: the same signal, the
    /// same extract and the same parameters give the same verdict.
    pub kept_verdicts: u64,
    /// What the check records in the store: the extract's size and
    /// checksum, and the month's pattern counts.
    pub changes: Changes,
    /// The extract's lookup table, for [`leave_lookup`].
    pub lookup: LookupTable,
}

/// The BRP check of a month's signals, outputs pending in `out`.
pub fn check_month(
    ws: &Workspace,
    signals: Vec<Signal>,
    inputs: Inputs<'_>,
    out: &mut PendingOutputs,
) -> Result<MonthChecked> {
    let decisions = inputs.decisions;
    let Some(source) = &ws.config.brp else {
        return config_err(format!(
            "{}: {}",
            ws.config.path.display(),
            crate::tr!("config-no-brp")
        ));
    };
    let profile = BrpProfile::load(&source.profile)?;
    let memory_path = ws.history.with_file_name(review::MEMORY_FILE);
    let mut memory = DecisionMemory::load(&memory_path)?;
    let key = Key::load_or_new(
        &ws.key_path(),
        !Store::exists(&ws.history) && !memory_path.exists(),
    )?;
    let from_file = match decisions {
        Some(p) => review::read_decisions(p, &signals)?,
        None => Default::default(),
    };
    let decided = review::decisions_for(&signals, &from_file, &memory, &key);
    for s in &signals {
        if let Some(d) = from_file.get(&(s.partner.clone(), s.signal_id.clone())) {
            memory.remember(review::fingerprint(&key, s), d, ws.month);
        }
    }
    let pinned = inputs.model.map(ModelFile::load).transpose()?;
    let store_exists = Store::exists(&ws.history);
    let (pool, earlier) = match (&pinned, store_exists) {
        (None, true) => (pooled_patterns(ws)?, earlier_parameters(ws)?),
        _ => (Pool::default(), None),
    };
    // With the earlier parameters, a signal checked before (not under
    // review, no decision since) keeps its verdict: only the others are
    // checked, unless the extract turns out to be another one.
    let basis = kept::check_basis(&source.thresholds, &source.profile);
    let basis_path = ws.dir.join(kept::BASIS_FILE);
    let lookup_path = ws.dir.join(LOOKUP_FILE);
    // The extract is opened (its encoding told from its first megabytes)
    // beside the reading of the earlier run's verdicts.
    let ((before, lookup), register) = rayon::join(
        || match &earlier {
            Some(_) => rayon::join(
                || kept::verdicts_before(&ws.dir.join("gecontroleerd.csv"), &basis_path, &basis),
                || load_lookup(&lookup_path, &source.file, &basis, ws.month),
            ),
            None => (HashMap::new(), None),
        },
        || Register::open(&source.file, &profile),
    );
    let mut register = register?;
    let lookup_loaded = lookup.is_some();
    let mut split = Split::of(signals, decided, before);
    let options = CheckOptions {
        thresholds: source.thresholds,
        first_of_january_unknown: profile.first_of_january_unknown,
        lookup_basis: pinned.is_none().then(|| basis.clone()),
        pinned,
        earlier,
        pool,
        lookup,
    };
    let mut checked = super::check(
        std::mem::take(&mut split.now),
        &mut register,
        ws.month,
        &options,
        split.now_decided.clone(),
    )?;
    if split.kept > 0 && !checked.kept_earlier {
        let (signals, decided) = split.all_again(checked.signals);
        split = Split::all_now(signals.len());
        register = Register::open(&source.file, &profile)?;
        checked = super::check(signals, &mut register, ws.month, &options, decided)?;
    }
    if store_exists {
        compare_with_last_extract(
            &Store::open(&ws.history, false)?,
            ws.month,
            &checked,
            source,
            inputs.accept_register_change,
            ws.quiet,
        )?;
    }
    if checked.kept_earlier {
        note(ws.quiet, &crate::tr!("brp-model-kept"));
    }
    for n in &checked.model.notes {
        note(ws.quiet, &format!("brp-model: {n}"));
    }
    let model_json = checked.model.to_json();
    out.write_with(&ws.dir.join("brp-model.json"), |w| {
        w.write_all(model_json.as_bytes())?;
        Ok(())
    })?;
    // A table made now is written; one still valid stays; one for another
    // extract goes.
    let lookup = match checked.lookup.take() {
        Some(table) => LookupTable::Write(Box::new(table)),
        None if !lookup_loaded && lookup_path.exists() => LookupTable::Remove,
        None => LookupTable::Keep,
    };
    key.keep(&ws.key_path())?;
    // The store is made (and its key checked) now; what the check records
    // is written with the rest of the run.
    Store::open_keyed(&ws.history, &key, &ws.key_path())?;
    let changes = store_changes(ws.month, &mut checked, split.kept > 0);
    register_notes(ws.quiet, &source.file, &checked.register_problems);
    let register_rows = checked.register_rows;
    let register_rows_read = checked.rows_read;
    let register_problems = checked.register_problems.len() as u64;
    let kept_verdicts = split.kept as u64;
    let (resolved, review) = split.merge(checked.signals);
    let digest = review::write(&resolved, &review, &ws.dir, ws.dialect, out)?;
    out.write_with(&basis_path, |w| Ok(writeln!(w, "{basis}\n{digest}")?))?;
    memory.save(&memory_path, ws.month, ws.config.retention_months, out)?;
    Ok(MonthChecked {
        month: ws.month,
        resolved,
        review,
        register_rows,
        register_problems,
        register_rows_read,
        kept_verdicts,
        changes,
        lookup,
    })
}

/// What becomes of the extract's lookup table in the month folder.
pub enum LookupTable {
    /// Made by this run's whole pass.
    Write(Box<lookup::Table>),
    /// Still the one for this extract.
    Keep,
    /// Made for another extract.
    Remove,
}

/// Writes or removes the month's lookup table (pending in `out`). Its
/// own digest tells a damaged one, so it is not synced to disk: the
/// largest file of the month costs no wait for the disk.
pub fn leave_lookup(ws: &Workspace, table: LookupTable, out: &mut PendingOutputs) -> Result<()> {
    let path = ws.dir.join(LOOKUP_FILE);
    match table {
        LookupTable::Write(table) => out.write_unsynced(&path, |w| Ok(lookup::write(w, &table)?)),
        LookupTable::Remove => {
            out.remove(&path);
            Ok(())
        }
        LookupTable::Keep => Ok(()),
    }
}

/// The extract's lookup table the month's earlier run left, when it was
/// made from this very extract on this basis.
fn load_lookup(
    path: &Path,
    extract: &Path,
    basis: &str,
    month: crate::month::Month,
) -> Option<Lookup> {
    if !path.is_file() {
        return None;
    }
    let extract = crate::seek::digest_of(extract).ok()?;
    Lookup::load(
        path,
        &lookup::Basis {
            extract,
            check: basis,
            month: &month.to_string(),
        },
    )
}

/// Earlier months' pattern counts, for a small month to pool.
fn pooled_patterns(ws: &Workspace) -> Result<Pool> {
    let store = Store::open(&ws.history, false)?;
    let from = crate::history::oldest_kept(ws.month, crate::history::BRP_POOL_MONTHS);
    let (by_address, months) = store.brp_patterns(PASS_ADDRESS, from, ws.month)?;
    let (by_birth, _) = store.brp_patterns(PASS_BIRTH, from, ws.month)?;
    Ok(Pool {
        by_address,
        by_birth,
        months,
    })
}

/// The parameters an earlier run of the month left, with the size and
/// checksum of the extract it read: kept when the extract is the same one,
/// so earlier verdicts do not shift.
fn earlier_parameters(ws: &Workspace) -> Result<Option<(ModelFile, u64, u64)>> {
    let earlier_model = ws.dir.join("brp-model.json");
    if !earlier_model.is_file() {
        return Ok(None);
    }
    Ok(Store::open(&ws.history, false)?
        .register_of(ws.month)?
        .and_then(|(_, rows, checksum)| {
            ModelFile::load(&earlier_model)
                .ok()
                .map(|m| (m, rows, checksum))
        }))
}

/// What the check records in the store: the extract's size and checksum,
/// and (when the month was estimated on its own pairs, none kept) its
/// pattern counts, no personal value, so a small month later can pool them.
fn store_changes(month: crate::month::Month, checked: &mut Checked, kept: bool) -> Changes {
    let mut changes = Changes::default();
    changes.register(month, checked.register_rows, checked.register_checksum);
    // Pairs of verdicts kept are not compared again: the earlier run's
    // counts stand.
    if checked.model.origin != Origin::Vastgezet && !kept {
        let evidence = std::mem::take(&mut checked.evidence);
        changes.brp_patterns(
            month,
            vec![
                (PASS_ADDRESS, evidence.by_address),
                (PASS_BIRTH, evidence.by_birth),
            ],
        );
    }
    changes
}

/// Notes the register rows with a field that could not be read (the
/// first ten, by line and field, and how many more).
fn register_notes(quiet: bool, file: &Path, problems: &[super::RowProblem]) {
    for p in problems.iter().take(10) {
        note(
            quiet,
            &format!(
                "{}:{}: {}",
                file.display(),
                p.line,
                crate::tr!(
                    "register-field-unknown",
                    column = p.field,
                    what = crate::i18n::text(p.what, &[])
                )
            ),
        );
    }
    if problems.len() > 10 {
        note(
            quiet,
            &crate::tr!("register-more-problems", rows = problems.len() - 10),
        );
    }
}

/// Refuses an extract with many fewer rows than the last month's (most
/// likely cut off), unless accepted; notes one with the very same people
/// (most likely last month's file again).
fn compare_with_last_extract(
    store: &Store,
    month: crate::month::Month,
    checked: &Checked,
    source: &crate::config::BrpSource,
    accept: bool,
    quiet: bool,
) -> Result<()> {
    let Some((before, rows_before, checksum_before)) = store.register_before(month)? else {
        return Ok(());
    };
    let rows = checked.register_rows;
    let floor = rows_before as f64 * (1.0 - source.max_shrink);
    if (rows as f64) < floor && !accept {
        let drop = 100.0 * (1.0 - rows as f64 / rows_before.max(1) as f64);
        anyhow::bail!(
            "{}: {}",
            source.file.display(),
            crate::tr!(
                "register-shrunk",
                rows = rows,
                drop = format!("{drop:.0}"),
                before_rows = rows_before,
                month = before,
                max = format!("{:.0}", source.max_shrink * 100.0)
            )
        );
    }
    if rows == rows_before && checked.register_checksum == checksum_before {
        note(
            quiet,
            &format!(
                "{}: {}",
                source.file.display(),
                crate::tr!("register-same-people", month = before)
            ),
        );
    }
    Ok(())
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct VerdictCounts {
    pub gevonden: u64,
    pub controleren: u64,
    pub niet_ingeschreven: u64,
    pub overleden: u64,
    pub ander_adres: u64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Summary {
    pub month: String,
    pub signals: u64,
    #[serde(flatten)]
    pub totals: VerdictCounts,
    pub by_partner: BTreeMap<String, VerdictCounts>,
    pub by_reason: BTreeMap<String, u64>,
    pub register_rows: u64,
    pub register_rows_with_problems: u64,
    /// Verdicts kept from the month's earlier run.
    #[serde(default)]
    pub kept_verdicts: u64,
    /// Rows of the extract read: all, or in a later run of the month only
    /// those its signals point at (the month's lookup table).
    #[serde(default)]
    pub register_rows_read: u64,
}

pub fn summarise(checked: &MonthChecked) -> Summary {
    let mut totals = VerdictCounts::default();
    let mut by_partner: BTreeMap<String, VerdictCounts> = BTreeMap::new();
    let mut by_reason = BTreeMap::new();
    for c in &checked.resolved {
        for counts in [
            &mut totals,
            by_partner.entry(c.signal.partner.clone()).or_default(),
        ] {
            match c.brp.verdict {
                Verdict::Gevonden => counts.gevonden += 1,
                Verdict::Controleren => counts.controleren += 1,
                Verdict::NietIngeschreven => counts.niet_ingeschreven += 1,
                Verdict::Overleden => counts.overleden += 1,
            }
            counts.ander_adres += u64::from(c.brp.other_address);
        }
        if !c.brp.reason.is_empty() {
            *by_reason.entry(c.brp.reason.clone()).or_default() += 1;
        }
    }
    Summary {
        month: checked.month.to_string(),
        signals: checked.resolved.len() as u64,
        totals,
        by_partner,
        by_reason,
        register_rows: checked.register_rows,
        register_rows_with_problems: checked.register_problems,
        kept_verdicts: checked.kept_verdicts,
        register_rows_read: checked.register_rows_read,
    }
}
