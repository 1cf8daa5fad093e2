//! Stage 2, `brp-check`: find the resident behind every signal. The month's
//! signals (the small side) are indexed by BSN, address (postcode or street
//! with house number) and birth date; the register streams past that index
//! once, and only rows some signal points at are compared and kept. No
//! signal is dropped silently: each gets a verdict with the comparison
//! behind it.

pub mod compare;
pub mod estimate;
mod kept;
pub mod lookup;
pub mod model;
mod pass;
pub mod register;
pub mod review;
pub mod stage;

pub use stage::{
    Inputs, LookupTable, MonthChecked, Summary, VerdictCounts, check_month, leave_lookup, summarise,
};

use crate::month::Month;
use crate::signal::{Signal, domain_enum};
use anyhow::{Result, bail};
use compare::{Comparison, NameHead, Probe};
use estimate::{Evidence, Pool, RegisterStats};
use model::{ModelFile, Origin, level};
use rayon::prelude::*;
use register::{
    AddressCode, Register, RegisterRow, Resident, RowProblem, address_code, birth_key, number_date,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// The four-digit postcode areas seen in the register, as a bitset.
struct Areas(Vec<bool>);

impl Default for Areas {
    fn default() -> Self {
        Areas(vec![false; 10_000])
    }
}

impl Areas {
    fn insert(&mut self, address: AddressCode) {
        if let Some(seen) = self.0.get_mut(address.area()) {
            *seen = true;
        }
    }

    fn contains(&self, address: AddressCode) -> bool {
        self.0.get(address.area()).is_some_and(|seen| *seen)
    }
}

domain_enum! {
    /// The outcome of the BRP check for one signal.
    Verdict {
        Gevonden => "gevonden",
        Controleren => "controleren",
        NietIngeschreven => "niet_ingeschreven",
        Overleden => "overleden",
    }
}

/// Why a signal is `niet_ingeschreven` (or how a decision was made).
pub mod reason {
    pub const LEGAL_PERSON: &str = "rechtspersoon";
    pub const OUTSIDE: &str = "adres_buiten_gemeente";
    pub const ADDRESS_UNKNOWN: &str = "adres_niet_in_brp";
    pub const NOBODY_PLAUSIBLE: &str = "niemand_plausibel_op_adres";
    pub const NO_ADDRESS: &str = "geen_adres";
    pub const DECIDED: &str = "besluit";
    pub const DECIDED_EARLIER: &str = "eerder_besluit";
    pub const DECIDED_NONE: &str = "besluit_geen";
    pub const DECIDED_BSN_MISSING: &str = "besluit_bsn_niet_in_brp";
    pub const AMBIGUOUS: &str = "meerdere_kandidaten";
    pub const UNCERTAIN: &str = "score_onzeker";

    /// Whether the verdict is an officer's decision rather than the model's.
    pub fn is_decision(reason: &str) -> bool {
        [DECIDED, DECIDED_EARLIER, DECIDED_NONE, DECIDED_BSN_MISSING].contains(&reason)
    }
}

pub use crate::config::Thresholds;

/// How to check a month: thresholds, how the register writes dates, and
/// the model's parameters when they are pinned or pooled.
#[derive(Default)]
pub struct CheckOptions {
    pub thresholds: Thresholds,
    /// The register writes 1 January for an unknown day and month.
    pub first_of_january_unknown: bool,
    /// Parameters pinned with `--model`.
    pub pinned: Option<ModelFile>,
    /// The parameters an earlier run of the month used, with the row count
    /// and checksum of the extract it read: kept when the extract is the
    /// same, so a signal checked before keeps its verdict when new signals
    /// come in (re-estimating on more pairs could tip a close one).
    pub earlier: Option<(ModelFile, u64, u64)>,
    /// Earlier months' pattern counts, for a small month.
    pub pool: Pool,
    /// The extract's lookup table from the month's earlier run.
    pub lookup: Option<lookup::Lookup>,
    /// Make a lookup table for later runs, resting on this basis
    /// ([`kept::check_basis`]).
    pub lookup_basis: Option<String>,
}

/// An officer's decision for a signal under review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Resident(String),
    NoResident,
}

/// A decision and where it comes from (this run's file or an earlier month).
#[derive(Debug, Clone)]
pub struct Decided {
    pub decision: Decision,
    pub earlier: bool,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    /// Shared: one register row is often a candidate for several signals.
    pub resident: Arc<Resident>,
    pub comparison: Comparison,
}

/// How a candidate was found (bits): through the BSN, the address, or the
/// birth date with a fitting name.
pub mod found_by {
    pub const BSN: u8 = 1;
    pub const ADDRESS: u8 = 2;
    pub const BIRTH: u8 = 4;
    pub const NAME: u8 = 8;
}

/// The BRP facts for one signal.
#[derive(Debug, Clone)]
pub struct BrpOutcome {
    pub verdict: Verdict,
    pub reason: &'static str,
    /// The resident tied to the signal (`gevonden`, `overleden`).
    pub matched: Option<Candidate>,
    /// Found, but registered at another address in the municipality.
    pub other_address: bool,
    pub age: Option<u32>,
    pub minors_at_address: Option<u32>,
    pub household_size: Option<u32>,
    /// Best candidates, best first (up to three), for the review list.
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone)]
pub struct CheckedSignal {
    pub signal: Signal,
    pub brp: BrpOutcome,
}

/// The address the register holds for a resident.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterAddress {
    pub street: String,
    pub house_number: Option<u32>,
    pub house_letter: String,
    pub addition: String,
    pub postcode: String,
    pub city: String,
}

/// What later stages need of the BRP check: the verdict and the facts it
/// found, without the candidates and comparisons behind it. Written to and
/// read back from `gecontroleerd.csv`.
#[derive(Debug, Clone)]
pub struct BrpFacts {
    pub verdict: Verdict,
    pub reason: String,
    /// The BSN of the resident tied to the signal, if any.
    pub bsn: String,
    pub score: Option<i32>,
    pub comparison: String,
    pub other_address: bool,
    pub age: Option<u32>,
    pub minors_at_address: Option<u32>,
    pub household_size: Option<u32>,
    /// The resident's registered address, when one is tied to the signal.
    pub address: Option<RegisterAddress>,
    /// How the register names the resident (for a letter's salutation).
    pub name: Option<RegisterName>,
}

/// A resident's name as the register keeps it, and how it is used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterName {
    /// `M`, `V`, or anything else for unknown.
    pub sex: String,
    pub prefix: String,
    pub surname: String,
    /// `E` own name, `P` partner's, `V` partner's then own, `N` own then
    /// partner's.
    pub name_use: String,
    pub partner_prefix: String,
    pub partner_surname: String,
}

/// A signal with its BRP facts: the record `match` works on.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub signal: Signal,
    pub brp: BrpFacts,
}

impl BrpOutcome {
    pub fn facts(&self) -> BrpFacts {
        let m = self.matched.as_ref();
        BrpFacts {
            verdict: self.verdict,
            reason: self.reason.to_string(),
            bsn: m.map(|c| c.resident.bsn.clone()).unwrap_or_default(),
            score: m.map(|c| c.comparison.percent()),
            comparison: m
                .map(|c| {
                    format!(
                        "{} gewicht={} kans={}%",
                        c.comparison.explain(),
                        compare::points(c.comparison.weight),
                        compare::percent_text(c.comparison.probability)
                    )
                })
                .unwrap_or_default(),
            other_address: m.is_some() && self.other_address,
            age: self.age,
            minors_at_address: self.minors_at_address,
            household_size: self.household_size,
            address: m.map(|c| {
                let r = &c.resident;
                RegisterAddress {
                    street: r.street.clone(),
                    house_number: r.house_number,
                    house_letter: r.house_letter.clone(),
                    addition: r.addition.clone(),
                    postcode: r.postcode.clone(),
                    city: r.city.clone(),
                }
            }),
            name: m.map(|c| {
                let r = &c.resident;
                RegisterName {
                    sex: r.sex.clone(),
                    prefix: r.prefix.clone(),
                    surname: r.surname.clone(),
                    name_use: r.name_use.clone(),
                    partner_prefix: r.partner_prefix.clone(),
                    partner_surname: r.partner_surname.clone(),
                }
            }),
        }
    }
}

pub struct Checked {
    pub month: Month,
    pub signals: Vec<CheckedSignal>,
    pub register_rows: u64,
    /// An order-free checksum of the register's BSNs: the same population
    /// gives the same value, whatever the row order.
    pub register_checksum: u64,
    /// Rows of the register with a field that could not be read.
    pub register_problems: Vec<RowProblem>,
    /// Rows of the extract read: all of them, or in a later run of the
    /// month those the lookup table pointed at.
    pub rows_read: u64,
    /// The model's parameters, as written to `brp-model.json`.
    pub model: ModelFile,
    /// The parameters are an earlier run's of the month (same extract).
    pub kept_earlier: bool,
    /// The month's candidate pairs per pattern (for pooling next months).
    pub evidence: Evidence,
    /// The lookup table made by a whole pass, for later runs.
    pub lookup: Option<lookup::Table>,
}

/// Candidates kept per signal while the register streams past.
const KEEP: usize = 6;
/// Register rows kept for random pairs (u): every `step`-th row, the step
/// doubling whenever more than this many are kept.
const SAMPLE_CAP: usize = 4_096;
const SAMPLE_STEP: u64 = 16;
/// A surname and first name found elsewhere (no birth date to go by) are
/// shown for review when at most this many residents carry them; more
/// namesakes say nothing.
const NAME_ONLY_MAX: usize = 3;
/// Every this-many-th register row gives its surname and first name to the
/// term frequencies: a systematic sample, cheap and ample.
const NAME_SAMPLE_STEP: u64 = 8;

/// Per-address counts over the whole register, for household facts: the
/// pass only appends each living person's address hash (its lowest bit
/// saying "minor"), and one sort afterwards counts them, instead of a
/// random-access table update per row.
#[derive(Default)]
struct Households {
    /// Every living person's address hash (lowest bit: a minor), sorted.
    codes: Vec<u64>,
}

impl Households {
    fn tally(mut codes: Vec<u64>) -> Households {
        codes.par_sort_unstable();
        Households { codes }
    }

    /// Persons and minors registered at the address with this hash.
    fn at(&self, hash: u64) -> Option<(u32, u32)> {
        let key = hash >> 1;
        let from = self.codes.partition_point(|c| c >> 1 < key);
        let to = self.codes.partition_point(|c| c >> 1 <= key);
        let here = self.codes.get(from..to).filter(|h| !h.is_empty())?;
        let minors = here.iter().filter(|c| *c & 1 == 1).count();
        Some((here.len() as u32, minors as u32))
    }

    /// Σ over addresses of (persons registered there)².
    fn pairs(&self) -> f64 {
        let mut total = 0.0;
        let mut run = 0u64;
        let mut last = None;
        for key in self.codes.iter().map(|c| c >> 1) {
            if last == Some(key) {
                run += 1;
            } else {
                total += (run * run) as f64;
                run = 1;
                last = Some(key);
            }
        }
        total + (run * run) as f64
    }
}

/// FNV-1a over the address parts (upper case, no spaces): runs for every
/// register row, so cheaper than SipHash; 64 bits make collisions between a
/// municipality's addresses negligible.
fn household_hash(postcode: &str, number: &str, letter: &str, addition: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [postcode, number, letter, addition] {
        for b in part.bytes().filter(|b| !b.is_ascii_whitespace()) {
            h = (h ^ u64::from(b.to_ascii_uppercase())).wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A street name as a key: lower-case letters and digits only, diacritics
/// folded (the ASCII case without Unicode work).
fn street_key(street: &str) -> String {
    if street.is_ascii() {
        street
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char)
            .collect()
    } else {
        crate::fields::text::fold(street).replace(' ', "")
    }
}

/// Whether a register street is the street of a key made by [`street_key`],
/// without allocating in the common ASCII case: it runs for many rows.
fn street_is(street: &str, key: &str) -> bool {
    if street.is_ascii() {
        street
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
            .eq(key.bytes())
    } else {
        street_key(street) == key
    }
}

/// The first three letters of the first given name (folded), without
/// allocating for ASCII: the first-name half of the name index's key.
fn given_head(first_names: &str) -> NameHead {
    if !first_names.is_ascii() {
        return compare::head(compare::first_word(&crate::fields::text::fold(first_names)));
    }
    let mut head = NameHead::default();
    let word = first_names
        .bytes()
        .skip_while(|b| !b.is_ascii_alphanumeric())
        .filter(|b| *b != b'\'')
        .take_while(u8::is_ascii_alphanumeric);
    for (slot, b) in head.iter_mut().zip(word.map(|b| b.to_ascii_lowercase())) {
        *slot = b;
    }
    head
}

struct Index {
    bsn: KeyMap<u32, Vec<u32>>,
    address: KeyMap<AddressCode, Vec<u32>>,
    /// House number and street head -> (street key, place key, signal),
    /// for signals without a usable postcode: the place, when sent, must
    /// agree too (every town has a Kerkstraat 12).
    street: KeyMap<u64, Vec<(String, String, u32)>>,
    /// Postcode area, house number and street head -> (street key,
    /// signal), for signals with a postcode: a mistyped postcode letter on
    /// the right street.
    area_street: KeyMap<u64, Vec<(String, u32)>>,
    /// Day and month of birth (also swapped) with the first three letters
    /// of a surname -> the signals with that key: a row found by birth date
    /// alone must fit by name too, and the index says so without a check
    /// per signal. The year is checked on a hit (equal, or a typo of it),
    /// so year typos cost no extra entries.
    birth: KeyMap<u64, Vec<BirthEntry>>,
    /// Surname head and first-name head -> (surname and first-name
    /// frequency keys, signal), for signals with a first name but no usable
    /// birth date: a resident who moved within the municipality can then
    /// still be put to review (never tied on a name alone).
    name: KeyMap<u64, Vec<NameEntry>>,
}

/// A signal in the name index.
#[derive(Clone, Copy)]
struct NameEntry {
    signal: u32,
    /// Frequency keys of the surname and the first given name.
    surname: u64,
    given: u64,
    /// Frequency key of the second given name sent (0: one name sent). A
    /// register always holds every given name, so one with another second
    /// name (or none) is not this person; without this, a common first name
    /// drowns a rare pair like "Zoe Hendrika" among its namesakes.
    second: u64,
}

/// A signal in the birth index.
#[derive(Clone, Copy)]
struct BirthEntry {
    signal: u32,
    year: u16,
    /// Frequency key of the surname reading the entry is under: a year
    /// typo needs the whole surname to agree, not only its head.
    surname: u64,
    /// The year must agree exactly: the entry is under day and month
    /// swapped, or under the surname read as a first name.
    year_exact: bool,
    /// Entered under the head of its given names (surname and given names
    /// swapped in the signal).
    names_swapped: bool,
}

impl BirthEntry {
    /// Whether a register row born in `register_year` with these surname
    /// keys (lazily computed: own, partner's) may be this entry's person:
    /// the same year, or a year typo and the whole surname.
    fn fits(&self, register_year: u16, surnames: impl FnOnce() -> [u64; 2]) -> bool {
        register_year == self.year
            || (!self.year_exact
                && compare::year_typo(self.year, register_year)
                && surnames().contains(&self.surname))
    }
}

impl Index {
    fn build(probes: &[Option<Probe>], decided: &[Option<Decided>]) -> Index {
        let mut ix = Index {
            bsn: KeyMap::default(),
            address: KeyMap::default(),
            street: KeyMap::default(),
            area_street: KeyMap::default(),
            birth: KeyMap::default(),
            name: KeyMap::default(),
        };
        for (i, probe) in probes.iter().enumerate() {
            let Some(p) = probe else { continue };
            let i = i as u32;
            // By the BSN sent, and by one an officer chose earlier.
            let chosen = match decided.get(i as usize) {
                Some(Some(Decided {
                    decision: Decision::Resident(b),
                    ..
                })) => Some(b.as_str()),
                _ => None,
            };
            for bsn in std::iter::once(p.bsn.as_str())
                .chain(chosen)
                .filter_map(|b| b.parse::<u32>().ok())
            {
                ix.bsn.entry(bsn).push(i);
            }
            let number = p.house_number.map(|n| n.to_string()).unwrap_or_default();
            if let Some(code) = address_code(&p.postcode, &number) {
                ix.address.entry(code).push(i);
                if !p.street.is_empty() {
                    let street = street_key(&p.street);
                    ix.area_street
                        .entry(with_head(code.area_number(), compare::head(&street)))
                        .push((street, i));
                }
            } else if let (false, Some(n)) = (p.street.is_empty(), p.house_number) {
                let street = street_key(&p.street);
                ix.street
                    .entry(with_head(u64::from(n), compare::head(&street)))
                    .push((street, p.city.replace(' ', ""), i));
            }
            if let Some(b) = p
                .birth
                .filter(|b| b.year > 1900 && birth_indexable(b.month, b.day))
            {
                let swapped_too = b.day <= 12 && b.day != b.month;
                for (month, day, day_month_swapped) in
                    [(b.month, b.day, false), (b.day, b.month, true)]
                        .into_iter()
                        .take(if swapped_too { 2 } else { 1 })
                {
                    for (key, names_swapped) in p.birth_keys() {
                        // Swapped names: the register's first name starts
                        // as the signal's surname.
                        let initial = if names_swapped {
                            p.surname_initial()
                        } else {
                            p.initial()
                        };
                        ix.birth
                            .entry(birth_head_key(month, day, compare::head(key), initial))
                            .push(BirthEntry {
                                signal: i,
                                year: b.year,
                                surname: compare::key_hash(key),
                                year_exact: day_month_swapped,
                                names_swapped,
                            });
                    }
                }
                // Initials only, and the surname column holding a first
                // name ("Yusuf", "V.D.M."): entered under that name, to be
                // looked up by the register's first name.
                if let Some(key) = p.initials_only_surname() {
                    ix.birth
                        .entry(birth_head_key(
                            b.month,
                            b.day,
                            compare::head(key),
                            FIRST_NAME_MARK,
                        ))
                        .push(BirthEntry {
                            signal: i,
                            year: b.year,
                            surname: 0,
                            year_exact: true,
                            names_swapped: true,
                        });
                }
            } else if let Some(given) = p.first_given_head() {
                for key in p.name_keys.iter().chain(p.glued()) {
                    let key_head = with_head(head_number(compare::head(key)), given);
                    ix.name.entry(key_head).push(NameEntry {
                        signal: i,
                        surname: compare::key_hash(key),
                        given: p.first_given_hash(),
                        second: p.second_given_hash(),
                    });
                }
            }
        }
        ix.bsn.finish();
        ix.address.finish();
        ix.street.finish();
        ix.area_street.finish();
        ix.birth.finish();
        ix.name.finish();
        ix
    }
}

impl Index {
    /// Every key of the index as the lookup table fingerprints it; the
    /// birth keys without their initial, as the table keeps them.
    fn fingerprints(&self) -> FxHashSet<u32> {
        use lookup::{fingerprint, kind};
        let mut all = FxHashSet::default();
        all.extend(
            self.bsn
                .map
                .keys()
                .map(|k| fingerprint(kind::BSN, u64::from(*k))),
        );
        all.extend(
            self.address
                .map
                .keys()
                .map(|k| fingerprint(kind::ADDRESS, k.key())),
        );
        all.extend(
            self.street
                .map
                .keys()
                .map(|k| fingerprint(kind::STREET, *k)),
        );
        all.extend(
            self.area_street
                .map
                .keys()
                .map(|k| fingerprint(kind::AREA_STREET, *k)),
        );
        all.extend(self.name.map.keys().map(|k| fingerprint(kind::NAME, *k)));
        all.extend(
            self.birth
                .map
                .keys()
                .map(|k| fingerprint(kind::BIRTH, k & !0xff)),
        );
        all
    }
}

/// A hash map with a small bit filter in front. Most register rows find
/// nothing in an index, and the filter (128 KiB, in cache) says so without
/// probing the table, which at a national scale misses the cache.
struct KeyMap<K, V> {
    map: FxHashMap<K, V>,
    bits: Vec<u64>,
}

const FILTER_BITS: u32 = 20;

impl<K, V> Default for KeyMap<K, V> {
    fn default() -> Self {
        KeyMap {
            map: FxHashMap::default(),
            bits: Vec::new(),
        }
    }
}

impl<K: std::hash::Hash + Eq, V: Default> KeyMap<K, V> {
    fn slot(key: &K) -> (usize, u64) {
        use std::hash::BuildHasher;
        let bit = rustc_hash::FxBuildHasher.hash_one(key) >> (64 - FILTER_BITS);
        ((bit >> 6) as usize, 1 << (bit & 63))
    }

    /// The value under `key`, made when new (while building).
    fn entry(&mut self, key: K) -> &mut V {
        self.map.entry(key).or_default()
    }

    /// Sets the filter once every key is in.
    fn finish(&mut self) {
        self.bits = vec![0; 1 << (FILTER_BITS - 6)];
        for key in self.map.keys() {
            let (word, bit) = Self::slot(key);
            if let Some(w) = self.bits.get_mut(word) {
                *w |= bit;
            }
        }
    }

    fn get(&self, key: &K) -> Option<&V> {
        if self.map.is_empty() {
            return None;
        }
        let (word, bit) = Self::slot(key);
        if self.bits.get(word).is_some_and(|w| w & bit == 0) {
            return None;
        }
        self.map.get(key)
    }

    fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// A name head as a number.
fn head_number(head: NameHead) -> u64 {
    (u64::from(head[0]) << 16) | (u64::from(head[1]) << 8) | u64::from(head[2])
}

/// A number (up to 40 bits) and a head as one key.
fn with_head(n: u64, head: NameHead) -> u64 {
    (n << 24) | head_number(head)
}

/// The first three bytes of a street key, without allocating for ASCII.
fn street_head(street: &str) -> NameHead {
    if street.is_ascii() {
        let mut head = NameHead::default();
        for (slot, b) in head.iter_mut().zip(
            street
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase()),
        ) {
            *slot = b;
        }
        head
    } else {
        compare::head(&street_key(street))
    }
}

/// Day and month of birth, a surname head and a first initial as one key.
/// The key also holds the first letter the register's first name must have
/// (0: the signal has no initial, any first name will do).
/// In the birth index's initial slot: the entry is under a first name,
/// not a surname (initials are letters or 0).
const FIRST_NAME_MARK: u8 = 1;

/// Dates the birth index takes: full ones, and year-only ones (00-00, as the
/// register holds for many people born abroad) to meet their like.
fn birth_indexable(month: u8, day: u8) -> bool {
    (month != 0 && day != 0) || (month == 0 && day == 0)
}

fn birth_head_key(month: u8, day: u8, head: NameHead, initial: u8) -> u64 {
    (u64::from(month) << 40)
        | (u64::from(day) << 32)
        | (head_number(head) << 8)
        | u64::from(initial)
}

/// Checks every signal against the register. `decided` holds an officer's
/// decision per signal, if any (same order as `signals`).
pub fn check(
    signals: Vec<Signal>,
    register: &mut Register,
    month: Month,
    options: &CheckOptions,
    decided: Vec<Option<Decided>>,
) -> Result<Checked> {
    let probes: Vec<Option<Probe>> = signals
        .iter()
        .map(|s| (!s.legal_person).then(|| Probe::new(s)))
        .collect();
    let index = Index::build(&probes, &decided);
    let ranking = model::shipped(1_000_000);
    let name_hits: Vec<AtomicU32> = signals.iter().map(|_| AtomicU32::new(0)).collect();
    let keeps_parameters = |rows: u64, checksum: u64| {
        options.pinned.is_none()
            && options
                .earlier
                .as_ref()
                .is_some_and(|(_, r, c)| *r == rows && *c == checksum)
    };
    let scan = Scan {
        index: &index,
        name_hits: &name_hits,
        probes: &probes,
        reference: month.last_day(),
        jan_first_unknown: options.first_of_january_unknown,
        ranking: &ranking,
        record_keys: options.lookup_basis.is_some(),
    };
    // A later run of the month with the same extract and parameters reads
    // only the rows its signals point at; otherwise the whole register.
    let fetched = match &options.lookup {
        Some(l) if keeps_parameters(l.whole.rows, l.whole.checksum) => {
            pass::fetch(l, register, &scan, &index, signals.len())?.map(|f| (f, l))
        }
        _ => None,
    };
    let mut owned: Option<pass::WholePass> = None;
    let (found, whole, rows_read) = match fetched {
        Some(((found, read), l)) => (found, &l.whole, read),
        None => {
            let mut pass = pass::whole(register, &scan, signals.len())?;
            refuse_unusable(register, &mut pass)?;
            let found = std::mem::take(&mut pass.found);
            let whole = &owned.insert(pass).whole;
            (found, whole, whole.rows)
        }
    };
    let pass::Found {
        mut candidates,
        name_only,
        address_seen,
        evidence,
    } = found;
    // Rows found by name alone count only when few residents carry the
    // name: then all of them are compared (and shown for review).
    for (list, (count, compared)) in candidates.iter_mut().zip(name_only) {
        if count as usize <= NAME_ONLY_MAX {
            list.extend(compared);
        }
    }
    let kept_earlier = keeps_parameters(whole.rows, whole.checksum);
    let mut model = match &options.earlier {
        Some((earlier, _, _)) if kept_earlier => earlier.clone(),
        _ => fit(
            &whole.stats,
            &probes,
            &evidence,
            options,
            signals.len(),
            whole.rows,
        ),
    };
    // Scored with the parameters as written to brp-model.json (rounded), so
    // a run pinned to that file gives the same bytes.
    let params = model.params();
    let initials_average = *model
        .initials_average
        .get_or_insert_with(|| model::round(whole.stats.initials_average(probes.iter().flatten())));
    let frequencies = whole.stats.frequencies(&params, initials_average);
    candidates.par_iter_mut().for_each(|list| {
        for c in list.iter_mut() {
            frequencies.score(&params, &mut c.comparison);
        }
        sort_candidates(list);
    });

    let places = Places {
        address_seen: &address_seen,
        areas: &whole.areas,
        households: &whole.households,
    };
    // Each signal is decided on its own: in parallel, collected in order.
    let thresholds = options.thresholds;
    let out: Vec<CheckedSignal> = signals
        .into_par_iter()
        .zip(candidates.into_par_iter())
        .enumerate()
        .map(|(i, (signal, list))| {
            let outcome = decide(
                &signal,
                probes.get(i).and_then(Option::as_ref),
                list,
                decided.get(i).and_then(Option::as_ref),
                thresholds,
                &places,
            );
            CheckedSignal {
                signal,
                brp: outcome,
            }
        })
        .collect();
    let mut register_problems = whole.problems.clone();
    register_problems.sort_by_key(|p| p.line);
    let (register_rows, register_checksum) = (whole.rows, whole.checksum);
    // A whole pass leaves a lookup table for the month's later runs.
    let lookup = owned
        .and_then(|pass| {
            Some(lookup::Table {
                basis: options.lookup_basis.clone()?,
                month: month.to_string(),
                extract: pass.extract?,
                whole: pass.whole,
                entries: pass.entries,
            })
        })
        .filter(lookup::Table::nameable);
    Ok(Checked {
        month,
        signals: out,
        register_rows,
        register_checksum,
        register_problems,
        rows_read,
        model,
        kept_earlier,
        evidence,
        lookup,
    })
}

/// Refuses a register without rows, or whose names or dates cannot be
/// read (it would drop every signal: most likely the profile points at the
/// wrong column), or that holds a BSN twice; sums up its BSNs.
fn refuse_unusable(register: &Register, pass: &mut pass::WholePass) -> Result<()> {
    let rows = pass.whole.rows;
    if rows == 0 {
        bail!(
            "{}: {}",
            register.path.display(),
            crate::tr!("register-no-rows")
        );
    }
    for (field, usable) in [
        ("surname", pass.named_rows),
        ("birth_date", pass.dated_rows),
    ] {
        if usable == 0 {
            bail!(
                "{}: {}",
                register.path.display(),
                crate::tr!("register-field-unusable", field = field, rows = rows)
            );
        }
    }
    duplicate_bsns(register, &mut pass.bsns)?;
    pass.whole.checksum = pass.bsns.iter().fold(0u64, |sum, (bsn, _)| {
        use std::hash::BuildHasher;
        sum.wrapping_add(rustc_hash::FxBuildHasher.hash_one(bsn))
    });
    Ok(())
}

/// The month's parameters: pinned, or estimated (pooled or prior when the
/// month is small).
fn fit(
    stats: &RegisterStats,
    probes: &[Option<Probe>],
    evidence: &Evidence,
    options: &CheckOptions,
    signals: usize,
    rows: u64,
) -> ModelFile {
    if let Some(pinned) = &options.pinned {
        let mut file = pinned.clone();
        file.origin = Origin::Vastgezet;
        return file;
    }
    let probes: Vec<&Probe> = probes.iter().flatten().collect();
    let u = estimate::u_probabilities(stats, &probes, options.first_of_january_unknown);
    estimate::estimate(
        u,
        evidence,
        &options.pool,
        signals,
        rows,
        model::MAX_ITERATIONS,
    )
}

/// Best first: by weight, then BSN, so the order never depends on threads.
fn sort_candidates(list: &mut [Candidate]) {
    list.sort_by(|a, b| {
        b.comparison
            .weight
            .total_cmp(&a.comparison.weight)
            .then(a.resident.bsn.cmp(&b.resident.bsn))
    });
}

/// A signal (by index), its comparison with a register row, and how the
/// signal found it ([`found_by`] bits).
type PairFound = (u32, Comparison, u8);

/// What one register row contributes, computed without shared state so
/// rows can be scanned in parallel.
struct RowScan {
    line: u64,
    bsn: Option<u32>,
    /// The row's postcode and house number.
    address: Option<AddressCode>,
    /// Address hash, its lowest bit set for a minor, for living residents.
    household: Option<u64>,
    /// Whether the row has a surname, and a readable birth date.
    named: bool,
    dated: bool,
    /// The row's address key when some signal has that address.
    address_hit: Option<AddressCode>,
    /// Frequency keys of surname and first name, on every
    /// [`NAME_SAMPLE_STEP`]-th row (term frequencies).
    names: Option<(u64, u64, [u64; compare::INITIALS_KEPT])>,
    problems: Vec<RowProblem>,
    /// The resident and its comparison with each signal that points at it,
    /// with how the signal found it.
    found: Option<(Arc<Resident>, Vec<PairFound>)>,
    /// Signals that found this row by name alone after another row: not
    /// compared, only counted.
    name_only_skipped: Vec<u32>,
    /// The keys the row is found by, for the lookup table.
    fingerprints: Option<[u32; lookup::KEYS]>,
}

struct Scan<'a> {
    index: &'a Index,
    /// Per signal, how many register rows were found by its name alone so
    /// far: only the first [`NAME_ONLY_MAX`] are compared (a name says
    /// something only when few residents carry it).
    name_hits: &'a [AtomicU32],
    probes: &'a [Option<Probe>],
    reference: chrono::NaiveDate,
    jan_first_unknown: bool,
    /// Weights to rank candidates by during the pass, before EM.
    ranking: &'a model::Params,
    /// Note every row's keys for the lookup table.
    record_keys: bool,
}

impl Scan<'_> {
    fn row(&self, row: &RegisterRow, cols: &register::BrpColumnIndex) -> RowScan {
        let keys = row.keys(cols);
        let index = self.index;
        let birth = birth_key(keys.birth_date);
        let mut out = RowScan {
            line: row.line(),
            bsn: keys.bsn.parse().ok(),
            address: address_code(keys.postcode, keys.house_number),
            household: None,
            address_hit: None,
            names: None,
            named: !keys.surname.is_empty(),
            dated: birth.is_some(),
            name_only_skipped: Vec::new(),
            problems: Vec::new(),
            found: None,
            fingerprints: None,
        };
        if out.line.is_multiple_of(NAME_SAMPLE_STEP) {
            out.names = Some((
                compare::surname_hash(keys.prefix, keys.surname),
                compare::given_hash(keys.first_names),
                compare::initials_prefix_hashes(keys.first_names),
            ));
        }
        // A BSN failing the 11-test is a broken row: never tied to anyone.
        let broken_bsn = !keys.bsn.is_empty() && !out.bsn.is_some_and(register::passes_eleven_test);
        if broken_bsn {
            out.problems.push(RowProblem {
                line: out.line,
                field: "bsn",
                what: "register-bsn-fails-eleven-test",
            });
        }
        let mut hits: Vec<(u32, u8)> = Vec::new();
        if let Some(v) = out.bsn.and_then(|b| index.bsn.get(&b)) {
            hits.extend(v.iter().map(|&h| (h, found_by::BSN)));
        }
        if let Some(address) = out.address
            && let Some(v) = index.address.get(&address)
        {
            hits.extend(v.iter().map(|&h| (h, found_by::ADDRESS)));
            out.address_hit = Some(address);
        }
        // The street, by number (signals without a usable postcode) or by
        // postcode area and number (a mistyped postcode letter).
        let street =
            (!index.street.is_empty() || !index.area_street.is_empty() || self.record_keys)
                .then(|| street_head(keys.street));
        let number = keys.house_number.parse::<u32>().ok();
        if let Some(v) = number
            .zip(street)
            .and_then(|(n, s)| index.street.get(&with_head(u64::from(n), s)))
        {
            hits.extend(
                v.iter()
                    .filter(|(s, city, _)| {
                        street_is(keys.street, s) && (city.is_empty() || street_is(keys.city, city))
                    })
                    .map(|(_, _, h)| (*h, found_by::ADDRESS)),
            );
        }
        if let Some(v) = out
            .address
            .zip(street)
            .and_then(|(a, s)| index.area_street.get(&with_head(a.area_number(), s)))
        {
            hits.extend(
                v.iter()
                    .filter(|(s, _)| street_is(keys.street, s))
                    .map(|(_, h)| (*h, found_by::ADDRESS)),
            );
        }
        // The surname's head, for the birth and name indexes.
        let own = (!index.birth.is_empty() || !index.name.is_empty() || self.record_keys)
            .then(|| compare::surname_head(keys.prefix, keys.surname));
        // The date for the birth index, with the partner's surname head and
        // the first name's: for the lookups and the row's keys.
        let born = birth
            .map(number_date)
            .filter(|b| birth_indexable(b.month, b.day));
        let heads = own
            .filter(|_| self.record_keys || (born.is_some() && !index.birth.is_empty()))
            .map(|own| {
                let partner = if keys.partner_surname.is_empty() {
                    own
                } else {
                    compare::surname_head(keys.partner_prefix, keys.partner_surname)
                };
                (own, partner, given_head(keys.first_names))
            });
        if self.record_keys {
            out.fingerprints = Some(row_fingerprints(
                &out,
                number,
                street.unwrap_or_default(),
                heads.unwrap_or_default(),
                born,
            ));
        }
        if let Some(v) = own.filter(|_| !index.name.is_empty()).and_then(|h| {
            let first = heads.map_or_else(|| given_head(keys.first_names), |(_, _, f)| f);
            index.name.get(&with_head(head_number(h), first))
        }) {
            let surname = compare::surname_hash(keys.prefix, keys.surname);
            let given = compare::given_hash(keys.first_names);
            let mut second = None;
            hits.extend(
                v.iter()
                    .filter(|e| {
                        e.surname == surname
                            && e.given == given
                            && (e.second == 0
                                || e.second
                                    == *second.get_or_insert_with(|| {
                                        compare::second_given_hash(keys.first_names)
                                    }))
                    })
                    .map(|e| (e.signal, found_by::NAME)),
            );
        }
        if birth.is_none() && !keys.birth_date.is_empty() {
            out.problems.push(RowProblem {
                line: out.line,
                field: "birth_date",
                what: "cell-not-a-date",
            });
        }
        // Found by birth date alone (someone registered elsewhere): only rows
        // whose surname (own or partner's) starts as the signal's does, and
        // whose first name fits the initial; with the names swapped in the
        // signal, the register's first name must start as its surname.
        if let (Some(b), Some((own, partner, first))) =
            (born.filter(|_| !index.birth.is_empty()), heads)
        {
            let mut row_surnames: Option<[u64; 2]> = None;
            let heads = if partner == own {
                &[own][..]
            } else {
                &[own, partner][..]
            };
            let initials = if first[0] == 0 {
                &[0][..]
            } else {
                &[first[0], 0][..]
            };
            // Also under the row's first name, for signals whose surname
            // column holds it.
            let by_first_name = (first[0] != 0).then_some((&first, &FIRST_NAME_MARK));
            for (&head, &initial) in heads
                .iter()
                .flat_map(|h| initials.iter().map(move |i| (h, i)))
                .chain(by_first_name)
            {
                let Some(v) = index
                    .birth
                    .get(&birth_head_key(b.month, b.day, head, initial))
                else {
                    continue;
                };
                let mut surnames = || {
                    *row_surnames.get_or_insert_with(|| {
                        [
                            compare::surname_hash(keys.prefix, keys.surname),
                            compare::surname_hash(keys.partner_prefix, keys.partner_surname),
                        ]
                    })
                };
                for e in v.iter().filter(|e| e.fits(b.year, &mut surnames)) {
                    let fits = self.probes[e.signal as usize].as_ref().is_some_and(|p| {
                        if e.names_swapped {
                            p.has_head(first)
                        } else {
                            p.initial_fits(first[0])
                        }
                    });
                    if fits {
                        hits.push((e.signal, found_by::BIRTH));
                    }
                }
            }
        }
        if keys.date_of_death.is_empty() || keys.date_of_death.bytes().all(|c| c == b'0') {
            let minor = birth.is_some_and(|b| {
                number_date(b)
                    .age_on(self.reference)
                    .is_some_and(|a| a < 18)
            });
            let household = household_hash(
                keys.postcode,
                keys.house_number,
                keys.house_letter,
                keys.addition,
            );
            out.household = Some((household & !1) | u64::from(minor));
        }
        if broken_bsn {
            hits.clear();
        }
        if !hits.is_empty() {
            hits.sort_unstable();
            let mut merged: Vec<(u32, u8)> = Vec::with_capacity(hits.len());
            for (h, how) in hits {
                match merged.last_mut() {
                    Some((last, bits)) if *last == h => *bits |= how,
                    _ => merged.push((h, how)),
                }
            }
            merged.retain(|&(h, how)| {
                let later = how == found_by::NAME
                    && self.name_hits.get(h as usize).is_some_and(|n| {
                        n.fetch_add(1, Ordering::Relaxed) as usize >= NAME_ONLY_MAX
                    });
                if later {
                    out.name_only_skipped.push(h);
                }
                !later
            });
            if merged.is_empty() {
                return out;
            }
            let (resident, row_problems) = row.resident(cols);
            out.problems = row_problems;
            let keys = compare::ResidentKeys::new(&resident);
            let comparisons = merged
                .into_iter()
                .filter_map(|(h, how)| {
                    self.probes[h as usize].as_ref().map(|p| {
                        let mut c = p.compare_with(&keys, &resident, self.jan_first_unknown);
                        c.weight = compare::prior_rank(self.ranking, &c.levels);
                        (h, c, how)
                    })
                })
                .collect();
            out.found = Some((Arc::new(resident), comparisons));
        }
        out
    }
}

/// The keys a row is found by, as the lookup table keeps them: what the
/// indexes look a row up by, the birth keys without the initial (a row
/// fetched is checked against the index in full).
fn row_fingerprints(
    row: &RowScan,
    number: Option<u32>,
    street: NameHead,
    (own, partner, given): (NameHead, NameHead, NameHead),
    birth: Option<crate::fields::date::PartialDate>,
) -> [u32; lookup::KEYS] {
    use lookup::{fingerprint, kind};
    let mut out = [0u32; lookup::KEYS];
    let found = [
        row.bsn.map(|b| fingerprint(kind::BSN, u64::from(b))),
        row.address.map(|a| fingerprint(kind::ADDRESS, a.key())),
        number.map(|n| fingerprint(kind::STREET, with_head(u64::from(n), street))),
        row.address
            .map(|a| fingerprint(kind::AREA_STREET, with_head(a.area_number(), street))),
        Some(fingerprint(kind::NAME, with_head(head_number(own), given))),
        birth.map(|b| fingerprint(kind::BIRTH, birth_head_key(b.month, b.day, own, 0))),
        birth.map(|b| fingerprint(kind::BIRTH, birth_head_key(b.month, b.day, partner, 0))),
        birth
            .filter(|_| given[0] != 0)
            .map(|b| fingerprint(kind::BIRTH, birth_head_key(b.month, b.day, given, 0))),
    ];
    for (slot, fp) in out.iter_mut().zip(found) {
        *slot = fp.unwrap_or(0);
    }
    out
}

fn duplicate_bsns(register: &Register, bsns: &mut [(u32, u32)]) -> Result<()> {
    bsns.par_sort_unstable();
    if let Some(w) = bsns.windows(2).find(|w| w[0].0 == w[1].0) {
        // Row numbers only: the BSN itself is personal data.
        let (a, b) = (w[0].1.min(w[1].1), w[0].1.max(w[1].1));
        bail!(
            "{}:{b}: {}",
            register.path.display(),
            crate::tr!("register-bsn-twice", line = a)
        );
    }
    Ok(())
}

/// What the register pass learned about places.
struct Places<'a> {
    /// Signal addresses at which someone is registered.
    address_seen: &'a FxHashSet<AddressCode>,
    /// Postcode areas (four digits) of the municipality.
    areas: &'a Areas,
    households: &'a Households,
}

/// What the hard rules allow a candidate, whatever its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// Not this signal's person.
    Excluded,
    /// At most a candidate for review.
    ReviewOnly,
    /// Too little to tie, too much to drop: always shown to an officer.
    Ask,
    Free,
}

/// The guards over the model: what the domain knows for sure.
fn standing(signal: &Probe, c: &Candidate) -> Standing {
    use level::{EXACT, birth, given};
    let l = &c.comparison.levels;
    let minor = signal.minor(&c.resident);
    if l[model::BSN] == EXACT {
        return if minor {
            Standing::ReviewOnly
        } else {
            Standing::Free
        };
    }
    // A child does not hold a contract with a fixed-cost partner.
    if minor {
        return Standing::Excluded;
    }
    if c.comparison.same_address() {
        // A relative at the same address (often the same surname) is not
        // the signal's person when given names and birth date disagree.
        // Another birth date (not a typo of it) is someone else: a partner
        // seldom gets a date wholly wrong. So are other given names (beyond
        // the first letter), unless the birth date is the same.
        let other_given = matches!(l[model::GIVEN], given::OTHER | given::FIRST_LETTER);
        let other_birth = l[model::BIRTH] == birth::OTHER;
        return if (other_given && l[model::BIRTH] != EXACT) || other_birth {
            Standing::Excluded
        } else {
            Standing::Free
        };
    }
    // Registered elsewhere: namesakes are common, so only the exact birth
    // date with fitting given names ties; near dates go to review.
    // Without a birth date, a resident elsewhere with the same surname and
    // first name may be the signal's person who moved: never tied, never
    // dropped silently, shown to an officer.
    match l[model::BIRTH] {
        EXACT if l[model::GIVEN] != given::OTHER => Standing::Free,
        EXACT | birth::YEAR_DIGIT | birth::DAY_MONTH => Standing::ReviewOnly,
        level::UNKNOWN if l[model::NAME] == EXACT && l[model::GIVEN] == EXACT => Standing::Ask,
        _ => Standing::Excluded,
    }
}

fn decide(
    signal: &Signal,
    probe: Option<&Probe>,
    mut list: Vec<Candidate>,
    decided: Option<&Decided>,
    t: Thresholds,
    places: &Places<'_>,
) -> BrpOutcome {
    let mut outcome = BrpOutcome {
        verdict: Verdict::NietIngeschreven,
        reason: "",
        matched: None,
        other_address: false,
        age: None,
        minors_at_address: None,
        household_size: None,
        candidates: Vec::new(),
    };
    if let Some(d) = decided {
        match &d.decision {
            Decision::NoResident => {
                outcome.reason = reason::DECIDED_NONE;
                return outcome;
            }
            Decision::Resident(bsn) => match list.iter().position(|c| &c.resident.bsn == bsn) {
                Some(pos) => {
                    let chosen = list.swap_remove(pos);
                    let why = if d.earlier {
                        reason::DECIDED_EARLIER
                    } else {
                        reason::DECIDED
                    };
                    return found(signal, chosen, why, places, outcome);
                }
                None => {
                    outcome.verdict = Verdict::Controleren;
                    outcome.reason = reason::DECIDED_BSN_MISSING;
                    list.truncate(3);
                    outcome.candidates = list;
                    return outcome;
                }
            },
        }
    }
    // Legal persons have no probe: the Wgs forbids following them up.
    let Some(probe) = probe.filter(|_| !signal.legal_person) else {
        outcome.reason = reason::LEGAL_PERSON;
        return outcome;
    };
    let mut viable: Vec<(Standing, Candidate)> = list
        .into_iter()
        .map(|c| (standing(probe, &c), c))
        .filter(|(s, _)| *s != Standing::Excluded)
        .collect();
    let best = viable
        .first()
        .map(|(s, c)| (*s, c.comparison.probability, c.comparison.weight));
    let second = viable.get(1).map(|(_, c)| c.comparison.weight);
    if let Some((Standing::Free, p, w)) = best
        && p >= t.found_at
        && second.is_none_or(|w2| w - w2 >= t.margin)
    {
        let (_, chosen) = viable.remove(0);
        return found(signal, chosen, "", places, outcome);
    }
    if let Some((standing, p, _)) = best
        && (p >= t.review_at || standing == Standing::Ask)
    {
        outcome.verdict = Verdict::Controleren;
        let asked = viable.iter().filter(|(s, _)| *s == Standing::Ask).count();
        outcome.reason = if (p >= t.found_at && standing == Standing::Free) || asked > 1 {
            reason::AMBIGUOUS
        } else {
            reason::UNCERTAIN
        };
        // Candidates far below the threshold would only distract.
        outcome.candidates = viable
            .into_iter()
            .filter(|(s, c)| *s == Standing::Ask || c.comparison.probability >= t.review_at / 10.0)
            .map(|(_, c)| c)
            .take(3)
            .collect();
        return outcome;
    }
    let number = signal
        .house_number
        .map(|n| n.to_string())
        .unwrap_or_default();
    outcome.reason = match address_code(&signal.postcode, &number) {
        None => reason::NO_ADDRESS,
        Some(code) if !places.areas.contains(code) => reason::OUTSIDE,
        Some(code) if !places.address_seen.contains(&code) => reason::ADDRESS_UNKNOWN,
        Some(_) => reason::NOBODY_PLAUSIBLE,
    };
    outcome
}

fn found(
    signal: &Signal,
    chosen: Candidate,
    why: &'static str,
    places: &Places<'_>,
    mut outcome: BrpOutcome,
) -> BrpOutcome {
    let r = &chosen.resident;
    outcome.verdict = if r.died.is_some() {
        Verdict::Overleden
    } else {
        Verdict::Gevonden
    };
    outcome.reason = why;
    outcome.other_address = chosen.comparison.levels[model::ADDRESS] != level::EXACT
        && chosen.comparison.levels[model::ADDRESS] != level::address::ADDITION;
    outcome.age = r.birth.and_then(|b| b.age_on(signal.received));
    let number = r.house_number.map(|n| n.to_string()).unwrap_or_default();
    if let Some((persons, minors)) = places.households.at(household_hash(
        &r.postcode,
        &number,
        &r.house_letter,
        &r.addition,
    )) {
        outcome.household_size = Some(persons);
        outcome.minors_at_address = Some(minors);
    }
    outcome.matched = Some(chosen);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_heads_agree_between_register_and_signal_sides() {
        for (raw, folded) in [
            ("Jan-Willem", "jan"),
            ("  D'Arcy Lee", "darcy"),
            ("Zoë Anne", "zoe"),
            ("ÉLISE", "eli"),
        ] {
            assert_eq!(given_head(raw), compare::head(folded), "{raw}");
        }
        for street in ["Kerk-straat", "Van 't Hofplein", "Ĳsselkade", "Oude Gracht"] {
            assert_eq!(
                street_head(street),
                compare::head(&street_key(street)),
                "{street}"
            );
        }
    }

    #[test]
    fn birth_entries_take_a_year_typo_but_not_with_day_and_month_swapped() {
        let e = |year_exact| BirthEntry {
            signal: 0,
            year: 1981,
            surname: 7,
            year_exact,
            names_swapped: false,
        };
        let same = || [7, 0];
        let other = || [8, 0];
        assert!(e(false).fits(1981, same) && e(false).fits(1918, same));
        assert!(e(false).fits(1971, same) && !e(false).fits(1975, same));
        assert!(
            !e(false).fits(1918, other),
            "a year typo needs the whole surname"
        );
        assert!(e(true).fits(1981, other) && !e(true).fits(1918, same));
    }
}
