//! The monitor: the DDAS delivery to CBS and the monthly report.

mod common;

use common::{files_below, json, read_table, repo, run_in};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(out: &Path, args: &[&str]) -> common::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--quiet"]);
    let _ = out;
    run_in(&repo(), &all)
}

fn schema() -> PathBuf {
    repo().join("../shared/reference/ddas-vroegsignalering-v1.2.schema.json")
}

/// Validates a file against the official JSON Schema with Python's
/// `jsonschema` (CI installs it); returns the errors.
fn schema_errors(file: &Path) -> Vec<String> {
    let script = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
data = json.load(open(sys.argv[2]))
v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
for e in v.iter_errors(data):
    print("/".join(map(str, e.absolute_path)), e.message[:200])
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(schema())
        .arg(file)
        .output()
        .expect("python3 runs (CI installs it with jsonschema)");
    assert!(
        out.status.success(),
        "validator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

/// Three fixture months run into `out`, with one case of the first month
/// worked: two attempts and an end result.
fn three_months(out: &Path) {
    let o = out.to_str().unwrap();
    for (month, day) in [
        ("2026-08", "2026-09-01"),
        ("2026-09", "2026-10-01"),
        ("2026-10", "2026-11-01"),
    ] {
        let r = run(out, &["run", "--month", month, "--out", o, "--as-of", day]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let list = out.join("2026-08/werklijsten/telefoon.csv");
    let text = fs::read_to_string(&list).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let mut cells: Vec<String> = lines[1].split(';').map(String::from).collect();
    for (c, v) in [
        ("poging1_soort", "Telefoon"),
        ("poging1_datum", "2026-09-02"),
        ("poging1_dagdeel", "ochtend"),
        ("poging1_bereikt", "nee"),
        ("poging2_soort", "Huisbezoek"),
        ("poging2_datum", "2026-09-04"),
        ("poging2_dagdeel", "avond"),
        ("poging2_bereikt", "ja"),
        ("eindresultaat", "vervolghulp financieel"),
    ] {
        cells[col(c)] = v.into();
    }
    lines[1] = cells.join(";");
    fs::write(&list, lines.join("\r\n") + "\r\n").unwrap();
    let r = run(
        out,
        &[
            "export-feedback",
            "--month",
            "2026-08",
            "--out",
            o,
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_ddas_delivery_of_the_fixture_months_validates_against_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    three_months(out);
    let file = out.join("levering.json");
    let r = run(
        out,
        &[
            "export-ddas",
            "--from",
            "2026-08",
            "--to",
            "2026-10",
            "--input",
            out.to_str().unwrap(),
            "--out",
            file.to_str().unwrap(),
            "--as-of",
            "2026-11-15",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let errors = schema_errors(&file);
    assert!(errors.is_empty(), "{errors:#?}");

    let d: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(d["startdatumLevering"], "2026-08-01");
    assert_eq!(d["einddatumLevering"], "2026-10-31");
    assert_eq!(d["aanleverdatumEnTijd"], "2026-11-15T00:00:00Z");
    let l = &d["leveringen"][0];
    assert_eq!(l["gemeentecode"], "9999");
    let signals = l["vroegsignalen"].as_array().unwrap();
    // Every signal of the period, each with the client as minimal as allowed.
    let mut rows = BTreeMap::new();
    for m in ["2026-08", "2026-09", "2026-10"] {
        for r in read_table(&out.join(m).join("gekoppeld.csv")) {
            rows.insert(format!("{m}:{}:{}", r["partner"], r["signaal_id"]), r);
        }
    }
    assert_eq!(signals.len(), rows.len());
    for s in signals {
        let row = &rows[s["ID"].as_str().unwrap()];
        let found = matches!(row["brp_oordeel"].as_str(), "gevonden" | "overleden");
        let client = s["client"].as_object().unwrap();
        if found {
            assert_eq!(client["burgerservicenummer"], row["brp_bsn"].as_str());
            assert_eq!(client.len(), 1, "BSN alone");
        } else {
            assert!(!client.contains_key("burgerservicenummer"));
            assert_eq!(client["huisnummer"], row["huisnummer"].as_str());
        }
        let cents: i64 = row["bedrag_cent"].parse().unwrap();
        assert_eq!(s["bedrag"].as_i64().unwrap(), (cents + 50) / 100);
        assert_eq!(s["signaaldatum"], row["datum_ontvangst"].as_str());
        assert_eq!(s["crisissignaal"], row["soort"] == "crisis");
    }
    // The worked case carries its result and attempts.
    let cases = l["vroegsignaalzaken"].as_array().unwrap();
    let worked: Vec<_> = cases
        .iter()
        .filter(|c| c.get("resultaat").is_some())
        .collect();
    assert_eq!(worked.len(), 1);
    let w = worked[0];
    assert_eq!(w["resultaat"], "Vervolghulp en/of verwijzing financieel");
    assert_eq!(w["datumOpgepakt"], "2026-09-02");
    assert_eq!(w["startdatumMatchingperiode"], "2026-08-01");
    let attempts = w["contactpogingen"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1]["soort"], "Huisbezoek");
    assert_eq!(attempts[1]["bereikt"], true);
    assert_eq!(attempts[1]["dagdeel"], "Avond");
    let summary = json(&r);
    assert_eq!(summary["signals"].as_u64(), Some(rows.len() as u64));
    assert_eq!(summary["cases_with_result"], 1);
}

#[test]
fn export_ddas_refuses_a_delivery_that_would_not_validate() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let o = out.to_str().unwrap();
    let r = run(
        out,
        &[
            "run",
            "--month",
            "2026-10",
            "--out",
            o,
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A signal not tied to a resident loses its postcode.
    let path = out.join("2026-10/gekoppeld.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header: Vec<String> = lines[0]
        .trim_start_matches('\u{feff}')
        .split(';')
        .map(String::from)
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (i, id) = lines
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(i, l)| {
            let c: Vec<&str> = l.split(';').collect();
            (c[col("brp_oordeel")] == "niet_ingeschreven").then(|| {
                (
                    i,
                    format!("2026-10:{}:{}", c[col("partner")], c[col("signaal_id")]),
                )
            })
        })
        .unwrap();
    let mut cells: Vec<String> = lines[i].split(';').map(String::from).collect();
    cells[col("postcode")] = String::new();
    lines[i] = cells.join(";");
    fs::write(&path, lines.join("\r\n") + "\r\n").unwrap();
    let file = out.join("levering.json");
    let r = run(
        out,
        &[
            "export-ddas",
            "--from",
            "2026-10",
            "--input",
            o,
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("signal {id}: field client.postcode: missing")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing is written"), "{}", r.stderr);
    assert!(!file.exists());
    assert!(
        !files_below(out)
            .iter()
            .any(|f| f.to_string_lossy().contains("ddas"))
    );
    // A month outside the store is named.
    let r = run(out, &["export-ddas", "--from", "2026-09", "--input", o]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("2026-09 is not in the history store"),
        "{}",
        r.stderr
    );
}
