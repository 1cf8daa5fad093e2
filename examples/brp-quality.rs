//! Scores `brp-check` against the generator's truth.
//!
//!   cargo run --release --example brp-quality -- TRUTH.csv GECONTROLEERD.csv [TRUTH GECONTROLEERD]...
//!
//! Prints, with the targets of issue 3: the share of true residents found
//! (tied to the right BSN), the share of signals sent to review, the share
//! wrongly `niet_ingeschreven`, and the share tied to a wrong person or a
//! non-resident tied to anyone.

use std::collections::HashMap;

fn table(path: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("brp-quality: {path}: {e}");
        std::process::exit(2)
    });
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = r.headers().cloned().unwrap_or_default();
    r.records()
        .filter_map(Result::ok)
        .map(|rec| {
            header
                .iter()
                .map(String::from)
                .zip(rec.iter().map(|c| c.trim_start_matches('\'').to_string()))
                .collect()
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || !args.len().is_multiple_of(2) {
        eprintln!("usage: brp-quality TRUTH.csv GECONTROLEERD.csv [...]");
        std::process::exit(64);
    }
    let (mut signals, mut residents, mut found, mut review, mut missed, mut wrong) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    // Per variation class (residents) and per reason (non-residents):
    // [rows, found right / tied, review, niet_ingeschreven].
    let mut classes: std::collections::BTreeMap<String, [u64; 4]> = Default::default();
    let mut outsiders: std::collections::BTreeMap<String, [u64; 4]> = Default::default();
    for pair in args.chunks(2) {
        let truth: HashMap<(String, String), HashMap<String, String>> = table(&pair[0])
            .into_iter()
            .map(|t| {
                (
                    (
                        t["bronbestand"]
                            .rsplit('/')
                            .next()
                            .unwrap_or("")
                            .to_string(),
                        t["bronregel"].clone(),
                    ),
                    t,
                )
            })
            .collect();
        for r in table(&pair[1]) {
            let Some(t) = truth.get(&(r["bronbestand"].clone(), r["bronregel"].clone())) else {
                continue;
            };
            signals += 1;
            let verdict = r["brp_oordeel"].as_str();
            let tied = matches!(verdict, "gevonden" | "overleden");
            let is_resident = matches!(t["status"].as_str(), "inwoner" | "overleden");
            review += u64::from(verdict == "controleren");
            let tally = |t: &mut [u64; 4], hit: bool| {
                t[0] += 1;
                t[1] += u64::from(hit);
                t[2] += u64::from(verdict == "controleren");
                t[3] += u64::from(verdict == "niet_ingeschreven");
            };
            if is_resident {
                let right = tied && r["brp_bsn"] == t["bsn"];
                let tags: Vec<&str> = t["afwijkingen"]
                    .split('|')
                    .filter(|a| !a.is_empty() && !a.starts_with("w:"))
                    .collect();
                let class = if tags.is_empty() {
                    "(geen afwijking)".to_string()
                } else {
                    tags.join("+")
                };
                for c in tags.iter().map(|t| t.to_string()).chain([class]) {
                    tally(classes.entry(c).or_default(), right);
                }
            } else {
                tally(outsiders.entry(t["reden"].clone()).or_default(), tied);
            }
            if is_resident {
                residents += 1;
                if tied && r["brp_bsn"] == t["bsn"] {
                    found += 1;
                } else if tied {
                    wrong += 1;
                } else if verdict == "niet_ingeschreven" {
                    missed += 1;
                }
            } else if tied {
                wrong += 1;
            }
        }
    }
    let pct = |a: u64, b: u64| {
        if b == 0 {
            0.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    println!("signals {signals}, true residents {residents}");
    println!(
        "\nresidents per variation class (a row with two counts in both and in the combination):"
    );
    println!(
        "{:<46} {:>6} {:>8} {:>8} {:>8}",
        "class", "rows", "found%", "review%", "missed%"
    );
    let line = |c: &str, t: &[u64; 4]| {
        println!(
            "{c:<46} {:>6} {:>8.2} {:>8.2} {:>8.2}",
            t[0],
            pct(t[1], t[0]),
            pct(t[2], t[0]),
            pct(t[3], t[0])
        )
    };
    for (c, t) in classes.iter().filter(|(c, _)| !c.contains('+')) {
        line(c, t);
    }
    println!("\ntwo variations at once (classes with 5 rows or more):");
    for (c, t) in classes.iter().filter(|(c, t)| c.contains('+') && t[0] >= 5) {
        line(c, t);
    }
    println!("\nnon-residents per reason:");
    println!(
        "{:<46} {:>6} {:>8} {:>8}",
        "reason", "rows", "tied%", "review%"
    );
    for (c, t) in &outsiders {
        println!(
            "{c:<46} {:>6} {:>8.2} {:>8.2}",
            t[0],
            pct(t[1], t[0]),
            pct(t[2], t[0])
        );
    }
    println!();
    println!(
        "residents gevonden (right BSN)   {:6.2}%  (target >= 98.5%)",
        pct(found, residents)
    );
    println!(
        "signals to review                {:6.2}%  (target <= 2%)",
        pct(review, signals)
    );
    println!(
        "residents wrongly niet_ingeschreven {:3.2}%  (target <= 0.5%)",
        pct(missed, residents)
    );
    println!(
        "tied to a wrong person / outsider {:5.2}%  (target <= 0.05%)",
        pct(wrong, signals)
    );
}
