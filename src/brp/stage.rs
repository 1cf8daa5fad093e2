//! The BRP stage as one operation: a month's signals against the extract,
//! with the review decisions, the model, the store's pattern pool and the
//! extract's size check; outputs pending, plus a summary.

use super::estimate::{PASS_ADDRESS, PASS_BIRTH, Pool};
use super::model::{ModelFile, Origin};
use super::register::{BrpProfile, Register};
use super::review::{self, DecisionMemory};
use super::{CheckOptions, Checked, Verdict};
use crate::csvio::PendingOutputs;
use crate::exit::config_err;
use crate::history::Store;
use crate::present::note;
use crate::secret::Key;
use crate::signal::Signal;
use crate::workspace::Workspace;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// The BRP check of a month's signals, outputs pending in `out`.
pub fn check_month(
    ws: &Workspace,
    signals: Vec<Signal>,
    inputs: Inputs<'_>,
    out: &mut PendingOutputs,
) -> Result<Checked> {
    let decisions = inputs.decisions;
    let Some(source) = &ws.config.brp else {
        return config_err(format!(
            "{}: {}",
            ws.config.path.display(),
            crate::tr!("config-no-brp")
        ));
    };
    let profile = BrpProfile::load(&source.profile)?;
    let mut register = Register::open(&source.file, &profile)?;
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
    let pool = if store_exists && pinned.is_none() {
        let store = Store::open(&ws.history, false)?;
        let from = crate::history::oldest_kept(ws.month, crate::history::BRP_POOL_MONTHS);
        let (by_address, months) = store.brp_patterns(PASS_ADDRESS, from, ws.month)?;
        let (by_birth, _) = store.brp_patterns(PASS_BIRTH, from, ws.month)?;
        Pool {
            by_address,
            by_birth,
            months,
        }
    } else {
        Pool::default()
    };
    // An earlier run of the month left its parameters: kept when the
    // extract is the same one, so earlier verdicts do not shift.
    let earlier_model = ws.dir.join("brp-model.json");
    let earlier = match (&pinned, store_exists && earlier_model.is_file()) {
        (None, true) => Store::open(&ws.history, false)?
            .register_of(ws.month)?
            .and_then(|(_, rows, checksum)| {
                ModelFile::load(&earlier_model)
                    .ok()
                    .map(|m| (m, rows, checksum))
            }),
        _ => None,
    };
    let options = CheckOptions {
        thresholds: source.thresholds,
        first_of_january_unknown: profile.first_of_january_unknown,
        pinned,
        earlier,
        pool,
    };
    let checked = super::check(signals, &mut register, ws.month, options, decided)?;
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
    key.keep(&ws.key_path())?;
    let mut store = Store::open_keyed(&ws.history, &key, &ws.key_path())?;
    store.record_register(ws.month, checked.register_rows, checked.register_checksum)?;
    if checked.model.origin != Origin::Vastgezet {
        // The month's pattern counts (no personal value), so a small month
        // later can pool them.
        store.record_brp_patterns(
            ws.month,
            &[
                (PASS_ADDRESS, &checked.evidence.by_address),
                (PASS_BIRTH, &checked.evidence.by_birth),
            ],
        )?;
    }
    for p in checked.register_problems.iter().take(10) {
        note(
            ws.quiet,
            &format!(
                "{}:{}: {}",
                source.file.display(),
                p.line,
                crate::tr!(
                    "register-field-unknown",
                    column = p.field,
                    what = crate::i18n::text(p.what, &[])
                )
            ),
        );
    }
    if checked.register_problems.len() > 10 {
        note(
            ws.quiet,
            &crate::tr!(
                "register-more-problems",
                rows = checked.register_problems.len() - 10
            ),
        );
    }
    review::write(&checked.signals, &ws.dir, ws.dialect, out)?;
    memory.save(&memory_path, ws.month, ws.config.retention_months, out)?;
    Ok(checked)
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
}

pub fn summarise(checked: &Checked) -> Summary {
    let mut totals = VerdictCounts::default();
    let mut by_partner: BTreeMap<String, VerdictCounts> = BTreeMap::new();
    let mut by_reason = BTreeMap::new();
    for c in &checked.signals {
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
            counts.ander_adres += u64::from(c.brp.matched.is_some() && c.brp.other_address);
        }
        if !c.brp.reason.is_empty() {
            *by_reason.entry(c.brp.reason.to_string()).or_default() += 1;
        }
    }
    Summary {
        month: checked.month.to_string(),
        signals: checked.signals.len() as u64,
        totals,
        by_partner,
        by_reason,
        register_rows: checked.register_rows,
        register_rows_with_problems: checked.register_problems.len() as u64,
    }
}
