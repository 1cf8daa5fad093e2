//! The extract's lookup table for the month's later runs. The month's first
//! run reads the whole extract; what it learns about the register as a
//! whole (size, checksum, unreadable rows, postcode areas, households, name
//! frequencies) and, per row, where the row starts and the keys it can be
//! found by (as 24-bit fingerprints) are kept beside the checked signals. A
//! later run with the same extract then reads only the rows its new signals
//! point at, and gets the very verdicts a whole pass would give.
//!
//! The table is derived from personal data (fingerprints of BSNs, name
//! heads, birth dates, address hashes): it lives in the month folder,
//! owner-only, and goes with the month's other files under retention.
//! It is trusted only for the extract it was made from (its BLAKE3), the
//! same program, profile and thresholds, and only when whole (its own
//! digest). Anything else and the run reads the whole extract, as the
//! first did, and writes the table anew.

// Parse, don't slice: file bytes are read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

use super::estimate::RegisterStats;
use super::register::RowProblem;
use super::{Areas, Households};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

/// In the month folder, beside `gecontroleerd.csv`.
pub const LOOKUP_FILE: &str = ".brp-opzoektabel";

const MAGIC: &[u8; 8] = b"VSBRPOZ1";

/// The kinds of key a register row is found by; a fingerprint is of a
/// kind and a key, so keys of two kinds never meet.
pub mod kind {
    pub const BSN: u8 = 1;
    pub const ADDRESS: u8 = 2;
    pub const STREET: u8 = 3;
    pub const AREA_STREET: u8 = 4;
    pub const NAME: u8 = 5;
    pub const BIRTH: u8 = 6;
}

/// Keys kept per row: BSN, address, street, area and street, name, and
/// the birth date with the own, partner's and first name's head.
pub const KEYS: usize = 8;

/// A key's fingerprint: 24 bits (a row fetched needlessly is only
/// compared for nothing), never 0, which stands for "no key". The key is
/// mixed (MurmurHash3's finaliser), so every bit of it counts.
pub fn fingerprint(kind: u8, key: u64) -> u32 {
    let mut h = key.wrapping_add(u64::from(kind).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    ((h >> 40) as u32).max(1)
}

/// One register row: its first byte and its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowEntry {
    pub offset: u64,
    pub keys: [u32; KEYS],
}

/// Bytes per key, and per row: where it starts (a 32-bit offset: an extract
/// of 4 GiB or more gets no table) and its keys.
const KEY_BYTES: usize = 3;
pub const ENTRY_BYTES: usize = 4 + KEY_BYTES * KEYS;

/// What a whole pass learns about the register as a whole.
#[derive(Default)]
pub(super) struct Whole {
    pub rows: u64,
    pub checksum: u64,
    pub problems: Vec<RowProblem>,
    pub areas: Areas,
    pub households: Households,
    /// The name counts (no sample of rows: the parameters are kept).
    pub stats: RegisterStats,
}

/// The table as a later run uses it.
pub struct Lookup {
    pub(super) whole: Whole,
    /// The file as read; its row entries are `bytes[entries..]` up to
    /// the digest.
    bytes: Vec<u8>,
    entries: std::ops::Range<usize>,
}

/// What the table is valid for: the extract's digest and what the check
/// rests on ([`super::kept::check_basis`]), and the month.
pub struct Basis<'a> {
    pub extract: [u8; 32],
    pub check: &'a str,
    pub month: &'a str,
}

impl Lookup {
    /// The rows with a key among `wanted`, in file order.
    pub fn rows_with(&self, wanted: &FxHashSet<u32>) -> Vec<RowEntry> {
        let maybe = LowBits::of(wanted);
        self.bytes
            .get(self.entries.clone())
            .unwrap_or_default()
            .par_chunks_exact(ENTRY_BYTES)
            .filter_map(|bytes| {
                let entry = decode_entry(bytes)?;
                entry
                    .keys
                    .iter()
                    .any(|k| *k != 0 && maybe.may_hold(*k) && wanted.contains(k))
                    .then_some(entry)
            })
            .collect()
    }

    /// The table at `path` when it is whole and made for `basis`.
    pub fn load(path: &Path, basis: &Basis<'_>) -> Option<Lookup> {
        let bytes = std::fs::read(path).ok()?;
        let body_len = bytes.len().checked_sub(32)?;
        let (body, digest) = (bytes.get(..body_len)?, bytes.get(body_len..)?);
        if blake3::hash(body).as_bytes() != digest {
            return None;
        }
        let mut r = Reader(body);
        if r.take(MAGIC.len())? != MAGIC
            || r.take(32)? != basis.extract
            || r.text()? != basis.check
            || r.text()? != basis.month
        {
            return None;
        }
        let mut whole = Whole {
            rows: r.u64()?,
            checksum: r.u64()?,
            ..Whole::default()
        };
        whole.stats.rows = whole.rows;
        whole.stats.name_rows = r.u64()?;
        for _ in 0..r.u64()? {
            let line = r.u64()?;
            let field = *PROBLEM_FIELDS.get(usize::from(r.u8()?))?;
            let what = *PROBLEM_WHATS.get(usize::from(r.u8()?))?;
            whole.problems.push(RowProblem { line, field, what });
        }
        whole.areas = Areas(
            r.take(whole.areas.0.len())?
                .iter()
                .map(|b| *b == 1)
                .collect(),
        );
        let codes = r.u64()? as usize;
        whole.households = Households {
            codes: r
                .take(codes.checked_mul(8)?)?
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect(),
        };
        for counts in [
            &mut whole.stats.surnames,
            &mut whole.stats.given,
            &mut whole.stats.initials,
        ] {
            for _ in 0..r.u64()? {
                counts.insert(r.u64()?, r.u32()?);
            }
        }
        let n = r.u64()? as usize;
        let start = body_len - r.0.len();
        r.take(n.checked_mul(ENTRY_BYTES)?)?;
        if !r.0.is_empty() || n as u64 != whole.rows {
            return None;
        }
        Some(Lookup {
            whole,
            entries: start..body_len,
            bytes,
        })
    }
}

/// A lookup table made by a whole pass, to be written.
pub struct Table {
    /// What the check rests on ([`super::kept::check_basis`]).
    pub basis: String,
    pub month: String,
    /// The extract's BLAKE3.
    pub extract: [u8; 32],
    pub(super) whole: Whole,
    /// Per row, [`ENTRY_BYTES`] as [`put_entry`] wrote them.
    pub(super) entries: Vec<u8>,
}

/// Fills a row's entry ([`ENTRY_BYTES`]): for now with the line the row
/// starts on, which [`set_offsets`] turns into its first byte.
pub fn put_entry(entry: &mut [u8], line: u32, keys: &[u32; KEYS]) {
    let mut bytes = line.to_le_bytes().into_iter().chain(
        keys.iter()
            .flat_map(|k| k.to_le_bytes().into_iter().take(KEY_BYTES)),
    );
    for (slot, b) in entry.iter_mut().zip(&mut bytes) {
        *slot = b;
    }
}

/// Turns each entry's line into the byte where that line starts (entry
/// `n` of `starts`: line `n + 1`); `false` when one is past what a table
/// can hold.
pub fn set_offsets(entries: &mut [u8], starts: &[u64]) -> bool {
    entries.par_chunks_exact_mut(ENTRY_BYTES).all(|entry| {
        let Some(slot) = entry.get_mut(..4) else {
            return false;
        };
        let line = <[u8; 4]>::try_from(&*slot).map_or(0, u32::from_le_bytes);
        let offset = starts.get((line as usize).saturating_sub(1)).copied();
        match offset.and_then(|o| u32::try_from(o).ok()) {
            Some(o) => {
                slot.copy_from_slice(&o.to_le_bytes());
                true
            }
            None => false,
        }
    })
}

impl Table {
    /// Whether the table can name every row problem of the register.
    pub fn nameable(&self) -> bool {
        self.whole
            .problems
            .iter()
            .all(|p| PROBLEM_FIELDS.contains(&p.field) && PROBLEM_WHATS.contains(&p.what))
    }
}

/// Writes the table, its digest last (a table that is not
/// [`Table::nameable`] is never read back).
pub fn write(out: &mut dyn std::io::Write, table: &Table) -> std::io::Result<()> {
    let whole = &table.whole;
    let mut w = Digesting {
        out,
        digest: blake3::Hasher::new(),
    };
    let number = |n: u64| n.to_le_bytes();
    w.put(MAGIC)?;
    w.put(&table.extract)?;
    for text in [table.basis.as_str(), table.month.as_str()] {
        w.put(&number(text.len() as u64))?;
        w.put(text.as_bytes())?;
    }
    for n in [whole.rows, whole.checksum, whole.stats.name_rows] {
        w.put(&number(n))?;
    }
    let mut problems = Vec::with_capacity(whole.problems.len() * 10 + 8);
    problems.extend_from_slice(&number(whole.problems.len() as u64));
    for p in &whole.problems {
        let field = PROBLEM_FIELDS.iter().position(|f| *f == p.field);
        let what = PROBLEM_WHATS.iter().position(|f| *f == p.what);
        problems.extend_from_slice(&number(p.line));
        problems.extend_from_slice(&[
            field.map_or(u8::MAX, |f| f as u8),
            what.map_or(u8::MAX, |w| w as u8),
        ]);
    }
    w.put(&problems)?;
    let areas: Vec<u8> = whole.areas.0.iter().map(|seen| u8::from(*seen)).collect();
    w.put(&areas)?;
    w.put(&number(whole.households.codes.len() as u64))?;
    let codes: Vec<u8> = whole
        .households
        .codes
        .iter()
        .flat_map(|c| c.to_le_bytes())
        .collect();
    w.put(&codes)?;
    for counts in [
        &whole.stats.surnames,
        &whole.stats.given,
        &whole.stats.initials,
    ] {
        let mut bytes = Vec::with_capacity(counts.len() * 12 + 8);
        bytes.extend_from_slice(&number(counts.len() as u64));
        // Sorted: the same register gives the same bytes.
        for (key, n) in sorted(counts) {
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        w.put(&bytes)?;
    }
    w.put(&number((table.entries.len() / ENTRY_BYTES) as u64))?;
    w.put(&table.entries)?;
    let digest = w.digest.finalize();
    w.out.write_all(digest.as_bytes())
}

/// Writes bytes on and digests them.
struct Digesting<'a> {
    out: &'a mut dyn std::io::Write,
    digest: blake3::Hasher,
}

impl Digesting<'_> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.digest.update(bytes);
        self.out.write_all(bytes)
    }
}

fn sorted(counts: &FxHashMap<u64, u32>) -> Vec<(u64, u32)> {
    let mut all: Vec<(u64, u32)> = counts.iter().map(|(k, n)| (*k, *n)).collect();
    all.sort_unstable();
    all
}

/// The fields and problems a register row can have, by number in the file.
const PROBLEM_FIELDS: [&str; 4] = ["bsn", "birth_date", "living_since", "date_of_death"];
const PROBLEM_WHATS: [&str; 2] = ["cell-not-a-date", "register-bsn-fails-eleven-test"];

/// A bit per value of a key's low 16 bits, set for the keys wanted: a
/// later run wants the keys of a few signals, and nearly every row of a
/// million is ruled out by one bit (8 KiB, in the core's nearest cache)
/// before the set is asked.
struct LowBits([u64; 1024]);

impl LowBits {
    fn of(keys: &FxHashSet<u32>) -> LowBits {
        let mut bits = LowBits([0; 1024]);
        for &k in keys {
            if let Some(word) = bits.0.get_mut(((k >> 6) & 1023) as usize) {
                *word |= 1 << (k & 63);
            }
        }
        bits
    }

    fn may_hold(&self, k: u32) -> bool {
        self.0
            .get(((k >> 6) & 1023) as usize)
            .is_some_and(|word| word >> (k & 63) & 1 == 1)
    }
}

fn decode_entry(bytes: &[u8]) -> Option<RowEntry> {
    let mut r = Reader(bytes);
    let offset = u64::from(r.u32()?);
    let mut keys = [0u32; KEYS];
    for k in &mut keys {
        let [a, b, c] = <[u8; KEY_BYTES]>::try_from(r.take(KEY_BYTES)?).ok()?;
        *k = u32::from_le_bytes([a, b, c, 0]);
    }
    Some(RowEntry { offset, keys })
}

/// Reads the file's little-endian numbers front to back.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<&'a str> {
        let n = self.u64()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows a later run asks for are those with a wanted key, in file
    /// order; a key that shares its low bits with a wanted one is not.
    #[test]
    fn rows_with_a_wanted_key_come_back_in_file_order() {
        let rows: u32 = 3000;
        let key_of = |i: u32| i * 7 + 1;
        let mut bytes = Vec::new();
        for i in 0..rows {
            bytes.extend_from_slice(&(i * 100).to_le_bytes());
            let mut keys = [0u32; KEYS];
            keys[0] = key_of(i);
            keys[3] = key_of(i) + (1 << 16);
            for k in keys {
                bytes.extend_from_slice(&k.to_le_bytes()[..KEY_BYTES]);
            }
        }
        let lookup = Lookup {
            whole: Whole::default(),
            entries: 0..bytes.len(),
            bytes,
        };
        // Rows 2999 and 5 by their first key and fourth key; row 10's
        // first key plus 2^20 has its low 16 bits, and no row has it.
        let wanted: FxHashSet<u32> = [key_of(2999), key_of(5) + (1 << 16), key_of(10) + (1 << 20)]
            .into_iter()
            .collect();
        let found: Vec<u64> = lookup.rows_with(&wanted).iter().map(|e| e.offset).collect();
        assert_eq!(found, [500, 299_900]);
    }
}
