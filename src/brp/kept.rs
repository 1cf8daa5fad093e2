//! Verdicts kept from the month's earlier run. With the same extract and
//! the same parameters, a signal checked before keeps its facts: only new
//! or changed signals, those under review and those with an officer's
//! decision are checked again. What the verdicts rest on is written beside
//! them, so a changed program, threshold, profile or edited file means
//! every signal is checked again.

use super::review;
use super::{CheckedSignal, Decided, Resolved, Verdict};
use crate::signal::Signal;
use std::collections::HashMap;
use std::path::Path;

/// What a verdict rests on besides the signal, the extract and the
/// parameters, as the month's checked signals were written: the program,
/// the thresholds and the register's profile; and the hash of
/// `gecontroleerd.csv` as written. A verdict is kept only on the same
/// basis, from the file as it was written (not one edited since).
pub const BASIS_FILE: &str = ".brp-basis";

pub fn check_basis(thresholds: &super::Thresholds, profile: &Path) -> String {
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
pub fn verdicts_before(
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
pub struct Split {
    /// Per signal in order: its earlier facts, or `None` when checked now.
    slots: Vec<Option<Resolved>>,
    /// The signals checked now, and their decisions.
    pub now: Vec<Signal>,
    pub now_decided: Vec<Option<Decided>>,
    /// How many keep their earlier facts.
    pub kept: usize,
}

impl Split {
    pub fn of(
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
    pub fn all_now(n: usize) -> Split {
        Split {
            slots: (0..n).map(|_| None).collect(),
            ..Split::default()
        }
    }

    /// Every signal again, in order, for a check of them all.
    pub fn all_again(
        &mut self,
        checked: Vec<CheckedSignal>,
    ) -> (Vec<Signal>, Vec<Option<Decided>>) {
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
    pub fn merge(self, checked: Vec<CheckedSignal>) -> (Vec<Resolved>, Vec<CheckedSignal>) {
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
