//! Deterministic generator of the synthetic example municipality: a BRP
//! extract, monthly partner exports in five layouts with realistic errors,
//! and the truth behind every export row (for tests and the BRP-check
//! benchmark).
//!
//!   cargo run --example gen-fixtures -- --inhabitants 30000 --months 7 --seed 1
//!   cargo run --release --example gen-fixtures -- --inhabitants 1000000 --months 1 \
//!       --signals 100000 --out /tmp/city
//!
//! Every name is drawn at random from embedded lists of common names, BSNs
//! are generated numbers that pass the 11-test, e-mail domains are
//! `example.org`: no row describes a real person.

mod layouts;
mod names;
mod rng;
mod world;

use std::path::PathBuf;

pub struct Options {
    pub inhabitants: usize,
    pub months: usize,
    pub end: (i32, u32),
    pub seed: u64,
    pub out: PathBuf,
    /// Signals per month; default 4.4 per 1,000 inhabitants.
    pub signals: Option<usize>,
}

/// `--holdout`: another error model and other name pools (variations half
/// as frequent again, more double given names, surnames from two stems),
/// for measuring on data the matching was not developed on.
pub static HOLDOUT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn holdout() -> bool {
    HOLDOUT.load(std::sync::atomic::Ordering::Relaxed)
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        inhabitants: 30_000,
        months: 7,
        end: (2026, 10),
        seed: 1,
        out: PathBuf::from("fixtures"),
        signals: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--inhabitants" => {
                o.inhabitants = value()?.parse().map_err(|_| "--inhabitants: a number")?
            }
            "--months" => o.months = value()?.parse().map_err(|_| "--months: a number")?,
            "--seed" => o.seed = value()?.parse().map_err(|_| "--seed: a number")?,
            "--signals" => o.signals = Some(value()?.parse().map_err(|_| "--signals: a number")?),
            "--out" => o.out = PathBuf::from(value()?),
            "--holdout" => HOLDOUT.store(true, std::sync::atomic::Ordering::Relaxed),
            "--end" => {
                let v = value()?;
                let (y, m) = v.split_once('-').ok_or("--end: YYYY-MM")?;
                o.end = (
                    y.parse().map_err(|_| "--end: YYYY-MM")?,
                    m.parse().map_err(|_| "--end: YYYY-MM")?,
                );
            }
            "-h" | "--help" => {
                println!(
                    "gen-fixtures [--inhabitants N] [--months N] [--end YYYY-MM] [--seed N] [--signals N] [--out DIR] [--holdout]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.inhabitants < 100 || o.months == 0 {
        return Err("--inhabitants must be at least 100 and --months at least 1".into());
    }
    Ok(o)
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gen-fixtures: {e}");
            std::process::exit(64);
        }
    };
    if let Err(e) = world::generate(&opts) {
        eprintln!("gen-fixtures: {e}");
        std::process::exit(2);
    }
}
