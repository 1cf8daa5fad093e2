//! The two ways a check meets the register. A whole pass streams every row
//! past the signals' index and learns the register as a whole on the way
//! (and, for a later run, the lookup table). A fetch pass, in a later run
//! of the month with the same extract, reads only the rows the lookup table
//! says the signals point at; the whole-register facts come from the table.
//! Both hand each row they read to the same [`Scan::row`], so a signal
//! finds the same candidates either way.

use super::estimate::Evidence;
use super::lookup::{self, Lookup, Whole};
use super::register::{AddressCode, Register, Resident};
use super::{
    Candidate, Households, Index, KEEP, RowScan, SAMPLE_CAP, SAMPLE_STEP, Scan, found_by, level,
    model, sort_candidates,
};
use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// What the rows read found for the signals.
#[derive(Default)]
pub(super) struct Found {
    /// Per signal: its best candidates.
    pub candidates: Vec<Vec<Candidate>>,
    /// Per signal: how many rows its name alone found, and those compared.
    pub name_only: Vec<(u32, Vec<Candidate>)>,
    /// Signal addresses at which someone is registered.
    pub address_seen: FxHashSet<AddressCode>,
    /// The candidate pairs per pattern, by how they were found.
    pub evidence: Evidence,
}

impl Found {
    fn new(signals: usize) -> Found {
        Found {
            candidates: vec![Vec::new(); signals],
            name_only: vec![(0, Vec::new()); signals],
            address_seen: FxHashSet::default(),
            evidence: Evidence::default(),
        }
    }

    /// Takes in what one row gave: rows in file order.
    fn add(&mut self, r: RowScan) {
        if let Some(a) = r.address_hit {
            self.address_seen.insert(a);
        }
        for h in r.name_only_skipped {
            if let Some((count, _)) = self.name_only.get_mut(h as usize) {
                *count += 1;
            }
        }
        let Some((resident, comparisons)) = r.found else {
            return;
        };
        for (h, comparison, how) in comparisons {
            if how == found_by::NAME {
                if let Some((count, compared)) = self.name_only.get_mut(h as usize) {
                    *count += 1;
                    compared.push(Candidate {
                        resident: Arc::clone(&resident),
                        comparison,
                    });
                }
                continue;
            }
            // A pair found both ways counts in both passes; one found
            // through the BSN alone in neither. The birth pass takes the
            // pairs found by the exact date (not its typo variants).
            if how & found_by::ADDRESS != 0 {
                *self
                    .evidence
                    .by_address
                    .entry(comparison.levels)
                    .or_default() += 1;
            }
            if how & found_by::BIRTH != 0 && comparison.levels[model::BIRTH] == level::EXACT {
                *self.evidence.by_birth.entry(comparison.levels).or_default() += 1;
            }
            let Some(list) = self.candidates.get_mut(h as usize) else {
                continue;
            };
            if list.len() == KEEP
                && list
                    .last()
                    .is_some_and(|worst| worst.comparison.weight > comparison.weight)
            {
                continue;
            }
            list.push(Candidate {
                resident: Arc::clone(&resident),
                comparison,
            });
            sort_candidates(list);
            list.truncate(KEEP);
        }
    }
}

/// A whole pass: what the rows found, the register as a whole, and per
/// row its line and keys (for the lookup table; with `trace`, where it
/// starts).
pub(super) struct WholePass {
    pub found: Found,
    pub whole: Whole,
    /// Rows with a surname, and with a readable birth date.
    pub named_rows: u64,
    pub dated_rows: u64,
    /// Every row's BSN (when readable) with its line.
    pub bsns: Vec<(u32, u32)>,
    /// Per row, its entry in the lookup table ([`lookup::ENTRY_BYTES`]
    /// each).
    pub entries: Vec<u8>,
    /// The extract's BLAKE3, when its rows can be read where they start.
    pub extract: Option<[u8; 32]>,
}

/// Streams the whole register past the index.
pub(super) fn whole(register: &mut Register, scan: &Scan<'_>, signals: usize) -> Result<WholePass> {
    let estimated_rows = register.estimated_rows();
    let mut pass = WholePass {
        found: Found::new(signals),
        whole: Whole::default(),
        named_rows: 0,
        dated_rows: 0,
        bsns: Vec::with_capacity(estimated_rows + estimated_rows / 8),
        entries: Vec::with_capacity(if scan.record_keys {
            (estimated_rows + estimated_rows / 8) * lookup::ENTRY_BYTES
        } else {
            0
        }),
        extract: None,
    };
    let mut household_codes: Vec<u64> = Vec::with_capacity(estimated_rows + estimated_rows / 8);
    let mut sample_step = SAMPLE_STEP;
    let mut scanned: Vec<RowScan> = Vec::new();
    // Batches: read in order, scanned on all cores, merged in order.
    let rows = register.stream_batches(8192, |batch, cols| {
        batch
            .par_iter()
            .map(|row| scan.row(row, cols))
            .collect_into_vec(&mut scanned);
        if scan.record_keys {
            let start = pass.entries.len();
            pass.entries
                .resize(start + scanned.len() * lookup::ENTRY_BYTES, 0);
            if let Some(new) = pass.entries.get_mut(start..) {
                new.par_chunks_exact_mut(lookup::ENTRY_BYTES)
                    .zip(scanned.par_iter())
                    .for_each(|(entry, r)| {
                        lookup::put_entry(
                            entry,
                            r.line as u32,
                            &r.fingerprints.unwrap_or_default(),
                        );
                    });
            }
        }
        for (mut r, row) in scanned.drain(..).zip(batch) {
            if let Some(b) = r.bsn {
                pass.bsns.push((b, r.line as u32));
            }
            if let Some(address) = r.address {
                pass.whole.areas.insert(address);
            }
            if let Some(code) = r.household {
                household_codes.push(code);
            }
            pass.named_rows += u64::from(r.named);
            pass.dated_rows += u64::from(r.dated);
            pass.whole.problems.append(&mut r.problems);
            if let Some((surname, given, initials)) = r.names {
                pass.whole.stats.count_names(surname, given, &initials);
            }
            // Rows for random pairs: parsed here, few enough not to matter.
            if r.line.is_multiple_of(sample_step) {
                let sample = &mut pass.whole.stats.sample;
                sample.push(row.resident(cols).0);
                if sample.len() > SAMPLE_CAP {
                    sample_step *= 2;
                    sample.retain(|s: &Resident| s.line.is_multiple_of(sample_step));
                }
            }
            pass.found.add(r);
        }
    })?;
    pass.whole.rows = rows;
    pass.whole.stats.rows = rows;
    pass.whole.households = Households::tally(household_codes);
    pass.whole.stats.address_pairs = pass.whole.households.pairs();
    // Where each row starts, for the lookup table; without it (a UTF-16
    // extract) there is no table.
    match register.take_trace() {
        Some(trace) if lookup::set_offsets(&mut pass.entries, &trace.starts) => {
            pass.extract = Some(*trace.digest.finalize().as_bytes());
        }
        _ => pass.entries.clear(),
    }
    Ok(pass)
}

/// A fetch pass: only the rows the table says the index points at, each
/// read where it starts; with how many rows it read. `None` when a row
/// read is not the row the table describes (the extract is not the one
/// the table was made from).
pub(super) fn fetch(
    lookup: &Lookup,
    register: &Register,
    scan: &Scan<'_>,
    index: &Index,
    signals: usize,
) -> Result<Option<(Found, u64)>> {
    let wanted = index.fingerprints();
    let entries = lookup.rows_with(&wanted);
    let offsets: Vec<u64> = entries.iter().map(|e| e.offset).collect();
    // A row that cannot be read there: the whole pass reads (or reports).
    let Ok(rows) = register.rows_at(&offsets) else {
        return Ok(None);
    };
    if rows.len() != entries.len() {
        return Ok(None);
    }
    let cols = register.columns();
    let scanned: Vec<RowScan> = rows.par_iter().map(|row| scan.row(row, cols)).collect();
    let mut found = Found::new(signals);
    for (r, entry) in scanned.into_iter().zip(&entries) {
        if r.fingerprints != Some(entry.keys) {
            return Ok(None);
        }
        found.add(r);
    }
    Ok(Some((found, rows.len() as u64)))
}
