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
        "residents gevonden (right BSN)   {:6.2}%  (target >= 98%)",
        pct(found, residents)
    );
    println!(
        "signals to review                {:6.2}%  (target <= 2%)",
        pct(review, signals)
    );
    println!(
        "wrongly niet_ingeschreven        {:6.2}%  (target <= 0.5%)",
        pct(missed, signals)
    );
    println!(
        "tied to a wrong person / outsider {:5.2}%  (target <= 0.2%)",
        pct(wrong, signals)
    );
}
