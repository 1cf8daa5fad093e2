//! Stage 2, `brp-check`: find the resident behind every signal. The month's
//! signals (the small side) are indexed by BSN, address, birth date and
//! surname-with-birth-year; the register streams past that index once, and
//! only rows some signal points at are compared and kept. No signal is
//! dropped silently: each gets a verdict with the comparison behind it.

pub mod compare;
pub mod register;
pub mod review;

use crate::month::Month;
use crate::signal::{Signal, domain_enum};
use anyhow::{Result, bail};
use compare::{Agreement, Comparison, Probe, name_key};
use register::{Register, Resident, RowProblem, address_key, birth_key, date_number};
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

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
}

/// Score thresholds, from the config's `[brp]` table.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub found_at: i32,
    pub review_at: i32,
    /// The best candidate must lead the next by this much to be `gevonden`.
    pub margin: i32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            found_at: 70,
            review_at: 40,
            margin: 10,
        }
    }
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
    pub resident: Resident,
    pub comparison: Comparison,
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

pub struct Checked {
    pub month: Month,
    pub signals: Vec<CheckedSignal>,
    pub register_rows: u64,
    /// Rows of the register with a field that could not be read.
    pub register_problems: Vec<RowProblem>,
}

const KEEP: usize = 4;

/// Per-address counts over the whole register, for household facts. Keyed
/// by a hash of the full address: 12 bytes an address, not the rows.
#[derive(Default, Clone, Copy)]
struct Occupancy {
    persons: u32,
    minors: u32,
}

fn household_hash(postcode: &str, number: &str, letter: &str, addition: &str) -> u64 {
    let mut h = DefaultHasher::new();
    for part in [postcode, number, letter, addition] {
        for c in part.chars().filter(|c| !c.is_whitespace()) {
            c.to_ascii_uppercase().hash(&mut h);
        }
        0u8.hash(&mut h);
    }
    h.finish()
}

/// Fast surname key for register rows: the common ASCII case without
/// Unicode folding (which gives the same result there).
fn row_name_key(prefix: &str, surname: &str) -> String {
    if prefix.is_ascii() && surname.is_ascii() {
        let mut key = String::with_capacity(surname.len());
        for word in prefix
            .split_whitespace()
            .chain(surname.split(|c: char| !c.is_ascii_alphanumeric()))
        {
            let lower = word.to_ascii_lowercase();
            if !lower.is_empty() && !compare_prefix_word(&lower) {
                key.push_str(&lower);
            }
        }
        key
    } else {
        name_key(prefix, surname)
    }
}

fn compare_prefix_word(w: &str) -> bool {
    compare::PREFIX_WORDS.contains(&w)
}

struct Index {
    bsn: HashMap<String, Vec<u32>>,
    address: HashMap<String, Vec<u32>>,
    /// Street and number, for signals without a usable postcode.
    street: HashMap<String, Vec<u32>>,
    birth: HashMap<u32, Vec<u32>>,
    name_year: HashMap<String, Vec<u32>>,
    years: HashSet<u16>,
}

impl Index {
    fn build(probes: &[Option<Probe>], signals: &[Signal], decided: &[Option<Decided>]) -> Index {
        let mut ix = Index {
            bsn: HashMap::new(),
            address: HashMap::new(),
            street: HashMap::new(),
            birth: HashMap::new(),
            name_year: HashMap::new(),
            years: HashSet::new(),
        };
        let mut buf = String::new();
        for (i, probe) in probes.iter().enumerate() {
            let Some(p) = probe else { continue };
            let i = i as u32;
            if !p.bsn.is_empty() {
                ix.bsn.entry(p.bsn.clone()).or_default().push(i);
            }
            if let Some(Decided {
                decision: Decision::Resident(b),
                ..
            }) = &decided[i as usize]
            {
                ix.bsn.entry(b.clone()).or_default().push(i);
            }
            let s = &signals[i as usize];
            let number = s.house_number.map(|n| n.to_string()).unwrap_or_default();
            if address_key(&mut buf, &s.postcode, &number) {
                ix.address.entry(buf.clone()).or_default().push(i);
            } else if !p.street.is_empty() && !number.is_empty() {
                ix.street
                    .entry(format!("{}|{number}", p.street.replace(' ', "")))
                    .or_default()
                    .push(i);
            }
            if let Some(b) = p
                .birth
                .filter(|b| b.month != 0 && b.day != 0 && !(b.month == 1 && b.day == 1))
            {
                ix.birth.entry(date_number(&b)).or_default().push(i);
                if b.day <= 12 && b.day != b.month {
                    let swapped = register::date_number(&crate::fields::date::PartialDate {
                        year: b.year,
                        month: b.day,
                        day: b.month,
                    });
                    ix.birth.entry(swapped).or_default().push(i);
                }
            }
            if let Some(b) = p.birth.filter(|b| b.year > 1900) {
                ix.years.insert(b.year);
                for key in p.name_keys.iter().chain(p.glued_and_swapped_keys()) {
                    ix.name_year
                        .entry(format!("{key}|{}", b.year))
                        .or_default()
                        .push(i);
                }
            }
        }
        ix
    }
}

/// Checks every signal against the register. `decided` holds an officer's
/// decision per signal, if any (same order as `signals`).
pub fn check(
    signals: Vec<Signal>,
    register: &mut Register,
    month: Month,
    thresholds: Thresholds,
    decided: Vec<Option<Decided>>,
) -> Result<Checked> {
    let probes: Vec<Option<Probe>> = signals
        .iter()
        .map(|s| (!s.legal_person).then(|| Probe::new(s)))
        .collect();
    let index = Index::build(&probes, &signals, &decided);
    let mut candidates: Vec<Vec<Candidate>> = vec![Vec::new(); signals.len()];
    let mut occupancy: HashMap<u64, Occupancy> = HashMap::new();
    let mut address_seen: HashSet<String> = HashSet::new();
    let mut areas: HashSet<String> = HashSet::new();
    let mut bsns: Vec<(u32, u32)> = Vec::new();
    let mut problems = Vec::new();
    let reference = month.last_day();
    let mut buf = String::new();
    let mut hits: Vec<u32> = Vec::new();
    let rows = register.stream(|row, full| {
        hits.clear();
        if let Some(v) = index.bsn.get(row.bsn) {
            hits.extend(v);
        }
        if address_key(&mut buf, row.postcode, row.house_number) {
            if let Some(v) = index.address.get(buf.as_str()) {
                hits.extend(v);
                address_seen.insert(buf.clone());
            }
            if !areas.contains(&buf[..4]) {
                areas.insert(buf[..4].to_string());
            }
        }
        if !index.street.is_empty() {
            let key = format!(
                "{}|{}",
                row_name_key("", row.street),
                row.house_number.trim()
            );
            if let Some(v) = index.street.get(&key) {
                hits.extend(v);
            }
        }
        let birth = birth_key(row.birth_date);
        if let Some(b) = birth {
            if let Some(v) = index.birth.get(&b) {
                hits.extend(v);
            }
            let year = (b / 10_000) as u16;
            if index.years.contains(&year) {
                for (p, s) in [(row.prefix, row.surname), ("", row.partner_surname)] {
                    if s.is_empty() {
                        continue;
                    }
                    let key = format!("{}|{year}", row_name_key(p, s));
                    if let Some(v) = index.name_year.get(&key) {
                        hits.extend(v);
                    }
                }
            }
        }
        if row.date_of_death.trim().is_empty() || row.date_of_death.chars().all(|c| c == '0') {
            let occ = occupancy
                .entry(household_hash(
                    row.postcode,
                    row.house_number,
                    row.house_letter,
                    row.addition,
                ))
                .or_default();
            occ.persons += 1;
            let minor = birth.is_some_and(|b| {
                let d = crate::fields::date::PartialDate {
                    year: (b / 10_000) as u16,
                    month: (b / 100 % 100) as u8,
                    day: (b % 100) as u8,
                };
                d.age_on(reference).is_some_and(|a| a < 18)
            });
            occ.minors += u32::from(minor);
        }
        if let Ok(b) = row.bsn.trim().parse::<u32>() {
            bsns.push((b, row.line as u32));
        }
        if !hits.is_empty() {
            hits.sort_unstable();
            hits.dedup();
            let (resident, row_problems) = full();
            problems.extend(row_problems);
            for &h in &hits {
                let Some(probe) = &probes[h as usize] else {
                    continue;
                };
                let comparison = probe.compare(&resident);
                let list = &mut candidates[h as usize];
                if list.iter().any(|c| c.resident.line == resident.line) {
                    continue;
                }
                list.push(Candidate {
                    resident: resident.clone(),
                    comparison,
                });
                list.sort_by(|a, b| {
                    b.comparison
                        .score
                        .cmp(&a.comparison.score)
                        .then(a.resident.bsn.cmp(&b.resident.bsn))
                });
                list.truncate(KEEP);
            }
        } else if !row.birth_date.trim().is_empty() && birth.is_none() {
            problems.push(RowProblem {
                line: row.line,
                field: "birth_date",
                what: "not a date",
            });
        }
    })?;
    if rows == 0 {
        bail!("{}: the BRP extract has no rows", register.path.display());
    }
    duplicate_bsns(register, &mut bsns)?;

    let mut out = Vec::with_capacity(signals.len());
    for (i, signal) in signals.into_iter().enumerate() {
        let list = std::mem::take(&mut candidates[i]);
        let places = Places {
            address_seen: &address_seen,
            areas: &areas,
            occupancy: &occupancy,
        };
        let outcome = decide(&signal, list, decided[i].as_ref(), thresholds, &places);
        out.push(CheckedSignal {
            signal,
            brp: outcome,
        });
    }
    problems.sort_by_key(|p| p.line);
    Ok(Checked {
        month,
        signals: out,
        register_rows: rows,
        register_problems: problems,
    })
}

fn duplicate_bsns(register: &Register, bsns: &mut [(u32, u32)]) -> Result<()> {
    bsns.sort_unstable();
    if let Some(w) = bsns.windows(2).find(|w| w[0].0 == w[1].0) {
        // Row numbers only: the BSN itself is personal data.
        let (a, b) = (w[0].1.min(w[1].1), w[0].1.max(w[1].1));
        bail!(
            "{}:{b}: field bsn: the same BSN as on line {a}; the register extract must have one row per person",
            register.path.display()
        );
    }
    Ok(())
}

/// What the register pass learned about places.
struct Places<'a> {
    /// Signal addresses at which someone is registered.
    address_seen: &'a HashSet<String>,
    /// Postcode areas (four digits) of the municipality.
    areas: &'a HashSet<String>,
    occupancy: &'a HashMap<u64, Occupancy>,
}

fn decide(
    signal: &Signal,
    mut list: Vec<Candidate>,
    decided: Option<&Decided>,
    t: Thresholds,
    places: &Places<'_>,
) -> BrpOutcome {
    let occupancy = places.occupancy;
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
                    return found(signal, chosen, why, occupancy, outcome);
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
    if signal.legal_person {
        outcome.reason = reason::LEGAL_PERSON;
        return outcome;
    }
    let best = list.first().map_or(0, |c| c.comparison.score);
    let second = list.get(1).map_or(-1, |c| c.comparison.score);
    if best >= t.found_at && second < best - t.margin {
        let chosen = list.remove(0);
        return found(signal, chosen, "", occupancy, outcome);
    }
    if best >= t.review_at {
        outcome.verdict = Verdict::Controleren;
        outcome.reason = if best >= t.found_at {
            reason::AMBIGUOUS
        } else {
            reason::UNCERTAIN
        };
        list.retain(|c| c.comparison.score >= t.review_at.min(best) / 2);
        list.truncate(3);
        outcome.candidates = list;
        return outcome;
    }
    let number = signal
        .house_number
        .map(|n| n.to_string())
        .unwrap_or_default();
    let mut key = String::new();
    outcome.reason = if !address_key(&mut key, &signal.postcode, &number) {
        reason::NO_ADDRESS
    } else if !places.areas.contains(&key[..4]) {
        reason::OUTSIDE
    } else if !places.address_seen.contains(&key) {
        reason::ADDRESS_UNKNOWN
    } else {
        reason::NOBODY_PLAUSIBLE
    };
    outcome
}

fn found(
    signal: &Signal,
    chosen: Candidate,
    why: &'static str,
    occupancy: &HashMap<u64, Occupancy>,
    mut outcome: BrpOutcome,
) -> BrpOutcome {
    let r = &chosen.resident;
    outcome.verdict = if r.died.is_some() {
        Verdict::Overleden
    } else {
        Verdict::Gevonden
    };
    outcome.reason = why;
    outcome.other_address = chosen.comparison.address != Agreement::Agree;
    outcome.age = r.birth.and_then(|b| b.age_on(signal.received));
    let number = r.house_number.map(|n| n.to_string()).unwrap_or_default();
    if let Some(o) = occupancy.get(&household_hash(
        &r.postcode,
        &number,
        &r.house_letter,
        &r.addition,
    )) {
        outcome.household_size = Some(o.persons);
        outcome.minors_at_address = Some(o.minors);
    }
    outcome.matched = Some(chosen);
    outcome
}
