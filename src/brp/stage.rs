//! The BRP stage as one operation: a month's signals against the extract,
//! with the review decisions, the model, the store's pattern pool and the
//! extract's size check; outputs pending, plus a summary.

use super::estimate::{PASS_ADDRESS, PASS_BIRTH, Pool};
use super::model::{ModelFile, Origin};
use super::register::{BrpProfile, Register};
use super::review::{self, DecisionMemory};
use super::{CheckOptions, Checked, CheckedSignal, Decided, Resolved, Verdict};
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
    /// Verdicts kept from the month's earlier run: the same signal, the
    /// same extract and the same parameters give the same verdict.
    pub kept_verdicts: u64,
    /// What the check records in the store: the extract's size and
    /// checksum, and the month's pattern counts.
    pub changes: Changes,
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
    // With the earlier parameters, a signal checked before (not under
    // review, no decision since) keeps its verdict: only the others are
    // checked, unless the extract turns out to be another one.
    let basis = check_basis(&source.thresholds, &source.profile);
    let basis_path = ws.dir.join(BASIS_FILE);
    let before = match &earlier {
        Some(_) => verdicts_before(&ws.dir.join("gecontroleerd.csv"), &basis_path, &basis),
        None => HashMap::new(),
    };
    let mut split = Split::of(signals, decided, before);
    let options = CheckOptions {
        thresholds: source.thresholds,
        first_of_january_unknown: profile.first_of_january_unknown,
        pinned,
        earlier,
        pool,
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
    key.keep(&ws.key_path())?;
    // The store is made (and its key checked) now; what the check records
    // is written with the rest of the run.
    Store::open_keyed(&ws.history, &key, &ws.key_path())?;
    let mut changes = Changes::default();
    changes.register(ws.month, checked.register_rows, checked.register_checksum);
    // Pairs of verdicts kept are not compared again: the earlier run's
    // counts stand.
    if checked.model.origin != Origin::Vastgezet && split.kept == 0 {
        // The month's pattern counts (no personal value), so a small month
        // later can pool them.
        let evidence = std::mem::take(&mut checked.evidence);
        changes.brp_patterns(
            ws.month,
            vec![
                (PASS_ADDRESS, evidence.by_address),
                (PASS_BIRTH, evidence.by_birth),
            ],
        );
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
    let register_rows = checked.register_rows;
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
        kept_verdicts,
        changes,
    })
}

/// What a verdict rests on besides the signal, the extract and the
/// parameters, as the month's checked signals were written: the program,
/// the thresholds and the register's profile; and the hash of
/// `gecontroleerd.csv` as written. A verdict is kept only on the same
/// basis, from the file as it was written (not one edited since).
const BASIS_FILE: &str = ".brp-basis";

fn check_basis(thresholds: &super::Thresholds, profile: &Path) -> String {
    let profile = std::fs::read(profile).unwrap_or_default();
    crate::secret::sha256_hex(
        format!(
            "{} {}\n{thresholds:?}\n{}\n",
            env!("CARGO_PKG_VERSION"),
            env!("VROEGSIGNAAL_COMMIT"),
            crate::secret::sha256_hex(&profile)
        )
        .as_bytes(),
    )
}

/// The verdicts of the month's earlier run by partner and signal id, when
/// they rest on `basis` and their file is as that run wrote it; else none
/// (then every signal is checked).
fn verdicts_before(
    path: &Path,
    basis_path: &Path,
    basis: &str,
) -> HashMap<(String, String), Resolved> {
    let Ok(written) = std::fs::read_to_string(basis_path) else {
        return HashMap::new();
    };
    let mut lines = written.lines();
    if lines.next() != Some(basis) {
        return HashMap::new();
    }
    let digest = lines.next().unwrap_or_default();
    let (unchanged, all) = rayon::join(
        || std::fs::read(path).is_ok_and(|b| crate::secret::sha256_hex(&b) == digest),
        || review::read_checked(path),
    );
    match all {
        Ok(all) if unchanged => all
            .into_iter()
            .map(|r| ((r.signal.partner.clone(), r.signal.signal_id.clone()), r))
            .collect(),
        _ => HashMap::new(),
    }
}

/// The month's signals split into those checked now and those whose
/// earlier verdict stands, remembering the order.
#[derive(Default)]
struct Split {
    /// Per signal in order: its earlier facts, or `None` when checked now.
    slots: Vec<Option<Resolved>>,
    now: Vec<Signal>,
    now_decided: Vec<Option<Decided>>,
    kept: usize,
}

impl Split {
    fn of(
        signals: Vec<Signal>,
        decided: Vec<Option<Decided>>,
        mut before: HashMap<(String, String), Resolved>,
    ) -> Split {
        let mut split = Split {
            slots: Vec::with_capacity(signals.len()),
            ..Split::default()
        };
        for (signal, decided) in signals.into_iter().zip(decided) {
            let earlier = match &decided {
                Some(_) => None,
                None if before.is_empty() => None,
                None => before
                    .remove(&(signal.partner.clone(), signal.signal_id.clone()))
                    .filter(|r| {
                        r.signal == signal
                            && r.brp.verdict != Verdict::Controleren
                            && !super::reason::is_decision(&r.brp.reason)
                    }),
            };
            match earlier {
                Some(r) => {
                    split.kept += 1;
                    split.slots.push(Some(r));
                }
                None => {
                    split.slots.push(None);
                    split.now.push(signal);
                    split.now_decided.push(decided);
                }
            }
        }
        split
    }

    /// A split with every one of `n` signals checked now.
    fn all_now(n: usize) -> Split {
        Split {
            slots: (0..n).map(|_| None).collect(),
            ..Split::default()
        }
    }

    /// Every signal again, in order, for a check of them all.
    fn all_again(&mut self, checked: Vec<CheckedSignal>) -> (Vec<Signal>, Vec<Option<Decided>>) {
        let mut now = checked.into_iter();
        let mut decided = std::mem::take(&mut self.now_decided).into_iter();
        let mut signals = Vec::with_capacity(self.slots.len());
        let mut all_decided = Vec::with_capacity(self.slots.len());
        for slot in self.slots.drain(..) {
            match slot {
                Some(r) => {
                    signals.push(r.signal);
                    all_decided.push(None);
                }
                None => {
                    if let Some(c) = now.next() {
                        signals.push(c.signal);
                        all_decided.push(decided.next().flatten());
                    }
                }
            }
        }
        (signals, all_decided)
    }

    /// Every signal with its facts in order, and those under review with
    /// their candidates.
    fn merge(self, checked: Vec<CheckedSignal>) -> (Vec<Resolved>, Vec<CheckedSignal>) {
        let mut now = checked.into_iter();
        let mut resolved = Vec::with_capacity(self.slots.len());
        let mut review = Vec::new();
        for slot in self.slots {
            let c = match slot {
                Some(r) => {
                    resolved.push(r);
                    continue;
                }
                None => match now.next() {
                    Some(c) => c,
                    None => continue,
                },
            };
            let brp = c.brp.facts();
            if c.brp.verdict == Verdict::Controleren {
                resolved.push(Resolved {
                    signal: c.signal.clone(),
                    brp,
                });
                review.push(c);
            } else {
                resolved.push(Resolved {
                    signal: c.signal,
                    brp,
                });
            }
        }
        (resolved, review)
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
    }
}
