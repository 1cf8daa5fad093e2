//! Estimating the match model for a month: u from the register (value
//! frequencies and random pairs), m by EM over the month's candidate pairs
//! (one pass per way of finding candidates, so a field is never learned from
//! pairs found through it), falling back to pooled months or the shipped
//! prior when a month is small.

use super::compare::{Comparison, Probe, ResidentKeys};
use super::model::{
    self, ADDRESS, BIRTH, BSN, FIELD_COUNT, FIELDS, GIVEN, MAX_LEVELS, ModelFile, NAME, Origin,
    Params, PatternCounts, level,
};
use super::register::Resident;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Fewer candidate pairs than this in the address pass: EM is not run on
/// the month alone.
pub const MIN_PAIRS: u64 = 1_000;
/// How many pairs' worth of weight the prior m gets in EM (MAP-EM).
const ANCHOR: f64 = 100.0;
/// Pseudo-rows of the shipped u in the register's frequencies, so a tiny
/// register does not claim certainty it does not have.
const U_PSEUDO_ROWS: f64 = 1_000.0;
const RANDOM_PAIRS: usize = 50_000;

/// What the register pass counted for u and term frequencies.
#[derive(Default)]
pub struct RegisterStats {
    pub rows: u64,
    /// Surname and first-name counts over a systematic sample of rows.
    pub surnames: FxHashMap<u64, u32>,
    pub given: FxHashMap<u64, u32>,
    /// Initials counted by their first one, two and three letters.
    pub initials: FxHashMap<u64, u32>,
    /// How many rows the name counts cover.
    pub name_rows: u64,
    /// Σ over addresses of (people registered there)².
    pub address_pairs: f64,
    /// Register rows kept for random pairs, in file order.
    pub sample: Vec<Resident>,
}

/// Candidate pairs per comparison pattern, by how they were found.
#[derive(Default)]
pub struct Evidence {
    /// Found through the address (postcode or street with house number).
    pub by_address: PatternCounts,
    /// Found through the birth date (and a fitting name).
    pub by_birth: PatternCounts,
}

pub const PASS_ADDRESS: &str = "adres";
pub const PASS_BIRTH: &str = "geboortedatum";

/// Earlier months' pattern counts, when the store has any.
#[derive(Default)]
pub struct Pool {
    pub by_address: PatternCounts,
    pub by_birth: PatternCounts,
    pub months: u32,
}

/// Term frequencies: u for an exact surname or first-name match by the
/// value itself (a rare name weighs more than "de Jong").
pub struct Frequencies<'a> {
    stats: &'a RegisterStats,
    average: [f64; 2],
    /// The mean chance that a stranger's initials fit the initials the
    /// month's signals sent: what the level's weight already assumes.
    initials_average: f64,
}

impl Frequencies<'_> {
    fn u(&self, table: &FxHashMap<u64, u32>, key: u64, average: f64) -> f64 {
        let n = self.stats.name_rows as f64;
        let count = table.get(&key).copied().unwrap_or(0);
        if key == 0 || count == 0 {
            return average;
        }
        ((f64::from(count) + U_PSEUDO_ROWS * average) / (n + U_PSEUDO_ROWS)).max(1e-7)
    }

    /// Scores a comparison: weights per field, the sum with the prior, the
    /// probability.
    pub fn score(&self, params: &Params, c: &mut Comparison) {
        let mut total = params.prior_weight();
        for f in 0..FIELD_COUNT {
            let l = c.levels[f];
            let mut w = params.weight(f, l);
            if l == level::EXACT && f == NAME && c.name_tf != 0 {
                w = model::bits(
                    params.m[f][0],
                    self.u(&self.stats.surnames, c.name_tf, self.average[0]),
                );
            } else if l == level::EXACT && f == GIVEN && c.given_tf != 0 {
                w = model::bits(
                    params.m[f][0],
                    self.u(&self.stats.given, c.given_tf, self.average[1]),
                );
            } else if l == level::given::INITIALS && c.initials_tf != 0 {
                // The level's weight is for initials of average frequency;
                // these initials are rarer or commoner than that.
                let own = self.u(&self.stats.initials, c.initials_tf, self.initials_average);
                w += model::bits(self.initials_average, own);
            }
            c.parts[f] = w;
            total += w;
        }
        c.weight = total;
        c.probability = model::probability(total);
    }
}

/// The chance two different register people share a value, estimated
/// from sampled rows: Σ c(c-1) / (n(n-1)) over the values' counts.
fn collision(counts: impl Iterator<Item = u64>) -> Option<f64> {
    let (mut n, mut same) = (0u64, 0u64);
    for c in counts {
        n += c;
        same += c * c.saturating_sub(1);
    }
    (n >= 100).then(|| same as f64 / (n * (n - 1)) as f64)
}

/// Counts values.
fn tally<K: std::hash::Hash + Eq>(values: impl Iterator<Item = K>) -> FxHashMap<K, u64> {
    let mut counts: FxHashMap<K, u64> = FxHashMap::default();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
}

/// u per field and level.
#[allow(clippy::needless_range_loop)] // parallel arrays per field and level
pub fn u_probabilities(
    stats: &RegisterStats,
    probes: &[&Probe],
    jan_first_unknown: bool,
) -> Params {
    let base = model::shipped(stats.rows);
    let mut p = base.clone();
    let mut counts = [[0u64; MAX_LEVELS]; FIELD_COUNT];
    let mut known = [0u64; FIELD_COUNT];
    if !stats.sample.is_empty() && !probes.is_empty() {
        let per_resident = RANDOM_PAIRS.div_ceil(stats.sample.len()).min(probes.len());
        let tallies: Vec<([[u64; MAX_LEVELS]; FIELD_COUNT], [u64; FIELD_COUNT])> = stats
            .sample
            .par_iter()
            .enumerate()
            .map(|(j, r)| {
                let keys = ResidentKeys::new(r);
                let mut c = [[0u64; MAX_LEVELS]; FIELD_COUNT];
                let mut k = [0u64; FIELD_COUNT];
                for i in 0..per_resident {
                    let s = (j.wrapping_mul(7_919) + i.wrapping_mul(104_729)) % probes.len();
                    let cmp = probes[s].compare_with(&keys, r, jan_first_unknown);
                    for f in 0..FIELD_COUNT {
                        let l = cmp.levels[f];
                        if l != level::UNKNOWN {
                            c[f][usize::from(l)] += 1;
                            k[f] += 1;
                        }
                    }
                }
                (c, k)
            })
            .collect();
        for (c, k) in tallies {
            for f in 0..FIELD_COUNT {
                known[f] += k[f];
                for l in 0..MAX_LEVELS {
                    counts[f][l] += c[f][l];
                }
            }
        }
    }
    // Sampled shares, pulled towards the shipped u by pseudo-pairs.
    const PSEUDO_PAIRS: f64 = 1_000.0;
    for f in 0..FIELD_COUNT {
        for l in 0..FIELDS[f].levels.len() {
            p.u[f][l] = (counts[f][l] as f64 + PSEUDO_PAIRS * base.u[f][l])
                / (known[f] as f64 + PSEUDO_PAIRS);
        }
    }
    // Exact agreement is too rare among random pairs to count: take it from
    // the register's value frequencies instead.
    let n = stats.rows.max(1) as f64;
    let blend = |data: f64, prior: f64| (n * data + U_PSEUDO_ROWS * prior) / (n + U_PSEUDO_ROWS);
    let exact = [
        (
            NAME,
            collision(stats.surnames.values().map(|c| u64::from(*c))),
        ),
        (
            GIVEN,
            collision(stats.given.values().map(|c| u64::from(*c))),
        ),
        (
            BIRTH,
            collision(tally(stats.sample.iter().filter_map(|r| r.birth)).into_values()),
        ),
        (ADDRESS, Some(stats.address_pairs / (n * n))),
        (BSN, Some(1.0 / n)),
    ];
    // Nearly the same address cannot be rarer among strangers than the
    // same address.
    for l in [level::address::ADDITION, level::address::STREET] {
        let l = usize::from(l);
        p.u[ADDRESS][l] =
            p.u[ADDRESS][l].max(blend(stats.address_pairs / (n * n), base.u[ADDRESS][0]));
    }
    for (f, data) in exact {
        p.u[f][0] = data
            .map_or(base.u[f][0], |d| blend(d, base.u[f][0]))
            .max(1e-9);
        let levels = FIELDS[f].levels.len();
        let rest: f64 = p.u[f][1..levels].iter().sum();
        if rest > 0.0 {
            let scale = (1.0 - p.u[f][0]) / rest;
            for u in &mut p.u[f][1..levels] {
                *u *= scale;
            }
        }
    }
    p
}

impl RegisterStats {
    /// Counts one sampled row's surname, first name and initials (0: none).
    pub fn count_names(&mut self, surname: u64, given: u64, initials: &[u64]) {
        self.name_rows += 1;
        for &key in initials.iter().filter(|k| **k != 0) {
            *self.initials.entry(key).or_default() += 1;
        }
        if surname != 0 {
            *self.surnames.entry(surname).or_default() += 1;
        }
        if given != 0 {
            *self.given.entry(given).or_default() += 1;
        }
    }

    /// The mean chance that a stranger's initials fit the initials the
    /// month's signals sent.
    pub fn initials_average<'a>(&self, probes: impl Iterator<Item = &'a Probe>) -> f64 {
        let n = self.name_rows.max(1) as f64;
        let (mut sum, mut sent) = (0.0, 0u64);
        for key in probes.map(Probe::initials_key).filter(|k| *k != 0) {
            sum += f64::from(self.initials.get(&key).copied().unwrap_or(0)) / n;
            sent += 1;
        }
        if sent == 0 {
            1.0
        } else {
            (sum / sent as f64).max(1e-7)
        }
    }

    /// Term frequencies, with the initials' average of the month.
    pub fn frequencies(&self, params: &Params, initials_average: f64) -> Frequencies<'_> {
        Frequencies {
            stats: self,
            average: [params.u[NAME][0], params.u[GIVEN][0]],
            initials_average,
        }
    }
}

/// m by EM (or from the pool, or the prior), and the prior λ, as the
/// model file says them (with how they came about).
pub fn estimate(
    u: Params,
    evidence: &Evidence,
    pool: &Pool,
    signals: usize,
    register_rows: u64,
    max_iterations: u32,
) -> ModelFile {
    let mut notes = Vec::new();
    let pairs_month: u64 = evidence.by_address.values().sum();
    let use_pool = pairs_month < MIN_PAIRS;
    let (by_address, by_birth) = if use_pool {
        (
            merged(&evidence.by_address, &pool.by_address),
            merged(&evidence.by_birth, &pool.by_birth),
        )
    } else {
        (evidence.by_address.clone(), evidence.by_birth.clone())
    };
    let pairs: u64 = by_address.values().sum();
    let n_eff = register_rows.max(1_000) as f64;
    let mut start = u.clone();
    let shipped = model::shipped(register_rows);
    start.m = shipped.m;
    let mut origin = if !use_pool {
        Origin::Geschat
    } else if pool.months > 0 && pairs >= MIN_PAIRS {
        notes.push(format!(
            "{pairs_month} kandidaatparen deze maand: te weinig om alleen op te schatten; \
             geschat op {pairs} paren samen met {} eerdere maand(en)",
            pool.months
        ));
        Origin::Gepoold
    } else {
        notes.push(format!(
            "{pairs_month} kandidaatparen: te weinig om te schatten; de meegeleverde standaardwaarden zijn gebruikt"
        ));
        Origin::Standaard
    };
    let mut params = start.clone();
    if origin != Origin::Standaard {
        // Pass 1: pairs found through the address teach every field but the
        // address. Household members share address and surname, so the
        // surname is left out of telling matches apart there (else EM
        // learns "same household"), and learned from the result.
        // Pass 2: pairs found through the birth date (and a fitting name)
        // teach the address.
        let first = model::em(
            &by_address,
            &start,
            &[NAME, GIVEN, BIRTH, BSN],
            &[ADDRESS, NAME],
            ANCHOR,
            max_iterations,
        );
        let second = model::em(
            &by_birth,
            &first.params,
            &[ADDRESS],
            &[BIRTH, NAME, ADDRESS],
            ANCHOR,
            max_iterations,
        );
        let converged = first.converged && second.converged;
        let mut fitted = first.params.clone();
        fitted.m[ADDRESS] = second.params.m[ADDRESS];
        if !converged {
            notes.push(format!(
                "EM kwam niet tot rust binnen {max_iterations} rondes; de standaardwaarden zijn gebruikt"
            ));
            origin = Origin::Standaard;
        } else if let Some(field) = fitted.plausible() {
            notes.push(format!(
                "EM vond voor `{field}` geen verschil tussen dezelfde en andere personen; \
                 de standaardwaarden zijn gebruikt"
            ));
            origin = Origin::Standaard;
        } else {
            // Matches in the address pass are those whose address agrees;
            // scale up by how often a match's address agrees at all.
            let agree: f64 = fitted.m[ADDRESS][..3].iter().sum();
            let pairs_per_signal = pairs_month as f64 / signals.max(1) as f64;
            let per_signal = first.share * pairs_per_signal / agree.max(0.05);
            fitted.prior = (per_signal.clamp(0.05, 1.0) / n_eff).min(0.5);
            params = fitted;
        }
    }
    if origin == Origin::Standaard {
        params = start;
    }
    let mut file = ModelFile::new(&params, origin, pairs, register_rows);
    file.notes = notes;
    file
}

fn merged(a: &PatternCounts, b: &PatternCounts) -> PatternCounts {
    let mut out = a.clone();
    for (p, n) in b {
        *out.entry(*p).or_default() += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A month of address pairs: household members (surname agrees, the
    /// rest not) and the signal's person (everything agrees, or the birth
    /// year one digit off).
    fn month() -> Evidence {
        let u = level::UNKNOWN;
        let mut by_address = PatternCounts::new();
        by_address.insert([0, 0, 0, 0, u], 1_500);
        by_address.insert([0, 0, 1, 0, u], 60);
        by_address.insert([0, 4, 5, 0, u], 2_000);
        by_address.insert([3, 4, 5, 0, u], 400);
        let mut by_birth = PatternCounts::new();
        by_birth.insert([0, 0, 0, 0, u], 1_400);
        by_birth.insert([0, 0, 0, 3, u], 120);
        Evidence {
            by_address,
            by_birth,
        }
    }

    #[test]
    fn em_that_does_not_settle_falls_back_to_the_prior_and_says_so() {
        let u = model::shipped(1_000_000);
        let settled = estimate(
            u.clone(),
            &month(),
            &Pool::default(),
            2_000,
            1_000_000,
            model::MAX_ITERATIONS,
        );
        assert_eq!(settled.origin, Origin::Geschat, "{:?}", settled.notes);
        let capped = estimate(u, &month(), &Pool::default(), 2_000, 1_000_000, 2);
        assert_eq!(capped.origin, Origin::Standaard);
        assert!(
            capped
                .notes
                .iter()
                .any(|n| n.contains("niet tot rust binnen 2 rondes")),
            "{:?}",
            capped.notes
        );
        assert_eq!(
            capped.params().m,
            model::shipped(1_000_000).m,
            "the shipped m, not a half-finished estimate"
        );
    }
}
