//! The match model: Fellegi–Sunter weights per field and comparison level.
//! m = P(level | same person) is estimated by EM from the month's own
//! candidate pairs (counted per comparison pattern, so the estimate is
//! deterministic and fast); u = P(level | different persons) comes from the
//! register itself (value frequencies and random pairs). The parameters hold
//! no personal value and are written to `brp-model.json`.

use crate::exit::config_err;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub use crate::vocab::comparison::*;

pub const MODEL_VERSION: u32 = 1;

/// Where the parameters of a run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Estimated by EM from this month's candidate pairs.
    Geschat,
    /// Too few pairs this month: pooled from earlier months' estimates.
    Gepoold,
    /// Too few pairs and no earlier months: the shipped prior.
    Standaard,
    /// Pinned with `--model`.
    Vastgezet,
}

/// m and u per level, and the prior share of matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub m: [[f64; MAX_LEVELS]; FIELD_COUNT],
    pub u: [[f64; MAX_LEVELS]; FIELD_COUNT],
    /// λ: the probability that a random signal × register pair is a match.
    pub prior: f64,
}

/// The shipped prior (documented in `docs/brp.md`): m from what partners'
/// files typically get wrong, u for a typical Dutch municipality. Used as the
/// EM start, as the anchor for small months, and alone when a month is too
/// small and nothing was pooled.
pub fn shipped(register_rows: u64) -> Params {
    let n = register_rows.max(1_000) as f64;
    let mut p = Params {
        m: [[0.0; MAX_LEVELS]; FIELD_COUNT],
        u: [[0.0; MAX_LEVELS]; FIELD_COUNT],
        prior: 0.9 / n,
    };
    let set = |row: &mut [f64; MAX_LEVELS], v: &[f64]| row[..v.len()].copy_from_slice(v);
    set(&mut p.m[NAME], &[0.90, 0.05, 0.02, 0.03]);
    set(&mut p.u[NAME], &[0.002, 0.004, 0.004, 0.99]);
    set(&mut p.m[GIVEN], &[0.82, 0.05, 0.07, 0.03, 0.03]);
    set(&mut p.u[GIVEN], &[0.01, 0.01, 0.01, 0.06, 0.91]);
    set(&mut p.m[BIRTH], &[0.93, 0.015, 0.01, 0.01, 0.02, 0.015]);
    set(&mut p.u[BIRTH], &[5e-5, 3e-4, 5e-5, 1e-3, 0.012, 0.9866]);
    set(&mut p.m[ADDRESS], &[0.86, 0.03, 0.02, 0.09]);
    set(
        &mut p.u[ADDRESS],
        &[2.2 / n, 1.0 / n, 0.5 / n, 1.0 - 3.7 / n],
    );
    set(&mut p.m[BSN], &[0.99, 0.01]);
    set(&mut p.u[BSN], &[1.0 / n, 1.0 - 1.0 / n]);
    p
}

impl Params {
    /// The weight in bits a field's level adds (0 for an unknown level).
    pub fn weight(&self, field: usize, level: u8) -> f64 {
        if level == level::UNKNOWN {
            return 0.0;
        }
        let l = usize::from(level);
        bits(self.m[field][l], self.u[field][l])
    }

    pub fn prior_weight(&self) -> f64 {
        bits(self.prior, 1.0 - self.prior)
    }

    /// Whether agreement means more for a match than for a non-match on
    /// every field: EM that converged to "same household" breaks this.
    pub fn plausible(&self) -> Option<&'static str> {
        FIELDS
            .iter()
            .enumerate()
            .find(|(f, _)| self.m[*f][0] <= self.u[*f][0])
            .map(|(_, spec)| spec.key)
    }
}

pub fn bits(a: f64, b: f64) -> f64 {
    (a.max(1e-12) / b.max(1e-12)).log2()
}

/// The probability a weight in bits stands for.
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// The outcome of one EM pass.
pub struct Fit {
    pub params: Params,
    /// The share of matches among the pairs of the pass.
    pub share: f64,
    pub iterations: u32,
    pub converged: bool,
}

pub const MAX_ITERATIONS: u32 = 1_000;

#[allow(clippy::needless_range_loop)] // parallel arrays per field and level
/// MAP-EM over pattern counts. Only the fields in `estimate` get new m;
/// fields in `ignore` (used to find the pairs: their agreement says nothing
/// here) are left out of the likelihood. `anchor` pulls m towards the prior
/// with the weight of that many pairs, so a small month stays sensible.
pub fn em(
    counts: &PatternCounts,
    start: &Params,
    estimate: &[usize],
    ignore: &[usize],
    anchor: f64,
    max_iterations: u32,
) -> Fit {
    let mut p = start.clone();
    let total: u64 = counts.values().sum();
    let mut share = 0.5;
    let mut fit = Fit {
        params: p.clone(),
        share,
        iterations: 0,
        converged: false,
    };
    if total == 0 {
        fit.converged = true;
        return fit;
    }
    let prior_bits = |s: f64| bits(s, 1.0 - s);
    for iteration in 1..=max_iterations {
        let mut num = [[0.0f64; MAX_LEVELS]; FIELD_COUNT];
        let mut den = [0.0f64; FIELD_COUNT];
        let mut matched = 0.0;
        for (pattern, &n) in counts {
            let mut w = prior_bits(share);
            for (f, &l) in pattern.iter().enumerate() {
                if !ignore.contains(&f) {
                    w += p.weight(f, l);
                }
            }
            let weight = probability(w) * n as f64;
            matched += weight;
            for &f in estimate {
                let l = pattern[f];
                if l != level::UNKNOWN {
                    num[f][usize::from(l)] += weight;
                    den[f] += weight;
                }
            }
        }
        let mut change: f64 = 0.0;
        for &f in estimate {
            for l in 0..FIELDS[f].levels.len() {
                let m = ((num[f][l] + anchor * start.m[f][l]) / (den[f] + anchor)).max(1e-6);
                change = change.max((m - p.m[f][l]).abs());
                p.m[f][l] = m;
            }
        }
        let new_share = (matched / total as f64).clamp(1e-6, 1.0 - 1e-6);
        change = change.max((new_share - share).abs());
        share = new_share;
        fit.iterations = iteration;
        if change < 1e-6 {
            fit.converged = true;
            break;
        }
    }
    fit.params = p;
    fit.share = share;
    fit
}

/// The parameters as `brp-model.json` holds them: no personal value, only
/// numbers per field and level.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub version: u32,
    pub origin: Origin,
    /// Candidate pairs the estimate is based on (0 when none).
    pub pairs: u64,
    pub register_rows: u64,
    /// λ, the prior probability that a random signal × register pair is a
    /// match.
    pub prior: f64,
    pub fields: BTreeMap<String, BTreeMap<String, LevelFile>>,
    /// The month's mean chance that a stranger's initials fit those the
    /// signals sent: the baseline of the initials' term frequencies. Kept
    /// with the parameters, so a signal checked again later in the month
    /// (or with `--model`) is scored on the same baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initials_average: Option<f64>,
    /// Notes on the estimate (EM did not converge, fell back to the prior).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelFile {
    pub m: f64,
    pub u: f64,
    /// log2(m/u), for a reader; recomputed on load.
    pub gewicht: f64,
}

/// Rounds for the file, so reruns on other machines give the same bytes.
pub fn round(x: f64) -> f64 {
    let digits = 10f64.powi(9 - x.abs().log10().ceil().max(-30.0) as i32);
    (x * digits).round() / digits
}

impl ModelFile {
    pub fn new(params: &Params, origin: Origin, pairs: u64, register_rows: u64) -> ModelFile {
        let mut fields = BTreeMap::new();
        for (f, spec) in FIELDS.iter().enumerate() {
            let levels = spec
                .levels
                .iter()
                .enumerate()
                .map(|(l, name)| {
                    let (m, u) = (round(params.m[f][l]), round(params.u[f][l]));
                    let level = LevelFile {
                        m,
                        u,
                        gewicht: (bits(m, u) * 1000.0).round() / 1000.0,
                    };
                    (name.to_string(), level)
                })
                .collect();
            fields.insert(spec.key.to_string(), levels);
        }
        ModelFile {
            version: MODEL_VERSION,
            origin,
            pairs,
            register_rows,
            prior: round(params.prior),
            fields,
            initials_average: None,
            notes: Vec::new(),
        }
    }

    pub fn params(&self) -> Params {
        let mut p = shipped(self.register_rows);
        p.prior = self.prior;
        for (f, spec) in FIELDS.iter().enumerate() {
            for (l, name) in spec.levels.iter().enumerate() {
                if let Some(level) = self.fields.get(spec.key).and_then(|ls| ls.get(*name)) {
                    p.m[f][l] = level.m;
                    p.u[f][l] = level.u;
                }
            }
        }
        p
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a pinned model; anything off (another version, a missing
    /// level, a probability outside 0-1) is a config error with file:line.
    pub fn load(path: &Path) -> Result<ModelFile> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let shown = path.display();
        let model: ModelFile = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                return config_err(format!(
                    "{shown}:{}: {}",
                    e.line(),
                    crate::tr!("model-not-a-model", why = e)
                ));
            }
        };
        let line_of = |needle: &str| {
            text.find(needle)
                .map_or(1, |at| text[..at].matches('\n').count() + 1)
        };
        if model.version != MODEL_VERSION {
            return config_err(format!(
                "{shown}:{}: {}",
                line_of("\"version\""),
                crate::tr!(
                    "model-version",
                    version = model.version,
                    supported = MODEL_VERSION
                )
            ));
        }
        if !(model.prior > 0.0 && model.prior < 1.0) {
            return config_err(format!(
                "{shown}:{}: {}",
                line_of("\"prior\""),
                crate::tr!("model-prior")
            ));
        }
        for spec in &FIELDS {
            let Some(levels) = model.fields.get(spec.key) else {
                return config_err(format!(
                    "{shown}:{}: {}",
                    line_of("\"fields\""),
                    crate::tr!("model-field-missing", field = spec.key)
                ));
            };
            for name in spec.levels {
                let Some(level) = levels.get(*name) else {
                    return config_err(format!(
                        "{shown}:{}: {}",
                        line_of(&format!("\"{}\"", spec.key)),
                        crate::tr!("model-level-missing", field = spec.key, level = name)
                    ));
                };
                if !(level.m > 0.0 && level.m <= 1.0 && level.u > 0.0 && level.u <= 1.0) {
                    return config_err(format!(
                        "{shown}:{}: {}",
                        line_of(&format!("\"{name}\"")),
                        crate::tr!("model-level-probabilities", field = spec.key, level = name)
                    ));
                }
            }
            if let Some(extra) = levels.keys().find(|k| !spec.levels.contains(&k.as_str())) {
                return config_err(format!(
                    "{shown}:{}: {}",
                    line_of(&format!("\"{extra}\"")),
                    crate::tr!(
                        "model-level-unknown",
                        field = spec.key,
                        level = extra,
                        levels = spec.levels.join(", ")
                    )
                ));
            }
        }
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(rows: &[(Pattern, u64)]) -> PatternCounts {
        rows.iter().copied().collect()
    }

    const U: u8 = level::UNKNOWN;

    #[test]
    fn em_learns_how_often_matches_agree() {
        // 900 matches: birth exact 800, one year digit off 100; 900
        // non-matches disagree on everything but the address block.
        let pairs = counts(&[
            ([0, 0, 0, 0, U], 800),
            ([0, 0, 1, 0, U], 100),
            ([3, 4, 5, 0, U], 900),
        ]);
        let start = shipped(1_000_000);
        let fit = em(
            &pairs,
            &start,
            &[NAME, GIVEN, BIRTH],
            &[ADDRESS],
            0.0,
            MAX_ITERATIONS,
        );
        assert!(fit.converged);
        let m = fit.params.m[BIRTH];
        assert!((m[1] - 100.0 / 900.0).abs() < 0.01, "{m:?}");
        assert!((fit.share - 0.5).abs() < 0.01, "{}", fit.share);
        assert!(fit.params.plausible().is_none());
    }

    #[test]
    fn an_anchor_keeps_a_tiny_month_near_the_prior() {
        let pairs = counts(&[([0, 0, 1, 0, U], 3)]);
        let start = shipped(1_000_000);
        let fit = em(&pairs, &start, &[BIRTH], &[ADDRESS], 500.0, MAX_ITERATIONS);
        assert!(fit.params.m[BIRTH][1] < 0.03, "{:?}", fit.params.m[BIRTH]);
    }

    #[test]
    fn weights_follow_m_over_u() {
        let p = shipped(1_000_000);
        assert!(p.weight(NAME, 0) > 8.0);
        assert!(p.weight(NAME, level::name::OTHER) < -4.0);
        assert_eq!(p.weight(BIRTH, U), 0.0);
        assert!((probability(0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    #[allow(clippy::needless_range_loop)]
    fn the_file_round_trips() {
        let p = shipped(50_000);
        let file = ModelFile::new(&p, Origin::Standaard, 0, 50_000);
        let back: ModelFile = serde_json::from_str(&file.to_json()).unwrap();
        let q = back.params();
        for f in 0..FIELD_COUNT {
            for l in 0..FIELDS[f].levels.len() {
                assert!((p.m[f][l] - q.m[f][l]).abs() < 1e-9);
            }
        }
    }
}
