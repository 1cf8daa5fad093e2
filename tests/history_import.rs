//! `history import`: a municipality switching from RIS or VPS brings six
//! earlier months along, and October's facts come out as if those months
//! had been run here; the store keeps fingerprints, never a personal value.

mod common;

use common::{json, read_table, repo, run_in};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const EXPORT: &str = "fixtures/historie/ris-export-2026-04-2026-09.csv";
const PROFILE: &str = "config/historie/ris-export.toml";

fn run(out: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend([
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--format",
        "json",
    ]);
    let r = run_in(&repo(), &all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    json(&r)
}

/// `history import FILE` into the store `store`.
fn import(store: &Path, file: &str) -> common::Output {
    run_in(
        &repo(),
        &[
            "history",
            "import",
            "--history",
            store.to_str().unwrap(),
            "--profile",
            PROFILE,
            file,
            "--format",
            "json",
        ],
    )
}

/// The October signals that repeat a September signal of the same partner
/// for the same person, by the fixtures' truth (the generator's BSNs).
fn truth_herhaal() -> usize {
    let september: BTreeSet<(String, String)> =
        read_table(&repo().join("fixtures/truth/2026-09.csv"))
            .into_iter()
            .filter(|r| !r["bsn"].is_empty())
            .map(|r| (r["partner"].clone(), r["bsn"].clone()))
            .collect();
    read_table(&repo().join("fixtures/truth/2026-10.csv"))
        .iter()
        .filter(|r| {
            !r["bsn"].is_empty() && september.contains(&(r["partner"].clone(), r["bsn"].clone()))
        })
        .count()
}

#[test]
fn six_imported_months_give_october_its_history() {
    // Cold: October as the first month, nothing behind it.
    let cold = tempfile::tempdir().unwrap();
    let j = run(
        cold.path(),
        &["run", "--month", "2026-10", "--as-of", "2026-11-02"],
    );
    assert_eq!(
        j["match"]["signalen"]["herhaal"], 0,
        "no history, no repeats"
    );

    // Run here, April to September, then October: the reference.
    let ran = tempfile::tempdir().unwrap();
    for (m, day) in [
        ("2026-04", "2026-05-04"),
        ("2026-05", "2026-06-03"),
        ("2026-06", "2026-07-02"),
        ("2026-07", "2026-08-04"),
        ("2026-08", "2026-09-02"),
        ("2026-09", "2026-10-02"),
    ] {
        run(ran.path(), &["run", "--month", m, "--as-of", day]);
    }
    let reference = run(
        ran.path(),
        &["run", "--month", "2026-10", "--as-of", "2026-11-02"],
    );

    // Imported from the previous system, then October.
    let imported = tempfile::tempdir().unwrap();
    let store = imported.path().join("historie.sqlite");
    let r = import(&store, EXPORT);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary = json(&r);
    assert_eq!(summary["rows"], 772);
    assert_eq!(summary["months"].as_object().unwrap().len(), 6);
    let after = run(
        imported.path(),
        &["run", "--month", "2026-10", "--as-of", "2026-11-02"],
    );

    let (got, want) = (&after["match"]["signalen"], &reference["match"]["signalen"]);
    // A repeat is the same person at the same partner last month: the
    // imported September gives October the same repeats as a September run
    // here, within the register linking's error of the truth.
    assert_eq!(got["herhaal"], want["herhaal"]);
    assert_eq!(
        got["herhaal_zonder_verhoging"],
        want["herhaal_zonder_verhoging"]
    );
    let herhaal = got["herhaal"].as_u64().unwrap() as i64;
    assert!(
        (herhaal - truth_herhaal() as i64).abs() <= 2,
        "{herhaal} against the truth"
    );
    // Recidive by person or address: at least what the runs found (the
    // previous system knew the BSN where our linking missed some).
    assert!(
        got["recidive"].as_u64() >= want["recidive"].as_u64(),
        "{got} {want}"
    );
    assert!(got["recidive"].as_u64().unwrap() > 50);
    // The screening acts on it: repeats not higher are not picked up.
    assert_eq!(
        after["prioritise"]["screened_out_by_reason"]["herhaalde_melding"],
        reference["prioritise"]["screened_out_by_reason"]["herhaalde_melding"]
    );

    // The store holds no name, street, postcode, birth date or BSN of the
    // export, only fingerprints.
    let bytes = fs::read(&store).unwrap();
    let text = String::from_utf8_lossy(&bytes).to_lowercase();
    let rows = read_table(&repo().join(EXPORT));
    let mut checked = 0;
    for row in &rows {
        for col in ["BSN", "Achternaam", "Straat", "Postcode", "Geboortedatum"] {
            let v = row[col].trim().to_lowercase();
            if v.len() >= 5 {
                assert!(
                    !text.contains(&v),
                    "the store holds a value of column {col}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    // The imported months have no folders and no feedback to work out: a
    // run says nothing about them.
    let again = run_in(
        &repo(),
        &[
            "run",
            "--month",
            "2026-10",
            "--as-of",
            "2026-11-03",
            "--out",
            imported.path().to_str().unwrap(),
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!again.stderr.contains("2026-09"), "{}", again.stderr);
}

#[test]
fn an_import_never_replaces_a_month_that_was_run() {
    let out = tempfile::tempdir().unwrap();
    run(
        out.path(),
        &["run", "--month", "2026-09", "--as-of", "2026-10-02"],
    );
    let store = out.path().join("historie.sqlite");
    let stats = |store: &Path| {
        let r = run_in(
            &repo(),
            &[
                "history",
                "stats",
                "--history",
                store.to_str().unwrap(),
                "--format",
                "json",
            ],
        );
        json(&r)["months"].clone()
    };
    let before = stats(&store);
    let r = import(&store, EXPORT);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(j["run_here"], serde_json::json!(["2026-09"]));
    assert_eq!(j["months"].as_object().unwrap().len(), 5, "April to August");
    let after = stats(&store);
    let september = |m: &serde_json::Value| {
        m.as_array()
            .unwrap()
            .iter()
            .find(|x| x["month"] == "2026-09")
            .unwrap()
            .clone()
    };
    assert_eq!(
        september(&after),
        september(&before),
        "the run's September stays"
    );
    assert_eq!(september(&after)["imported"], false);
}

#[test]
fn a_row_that_cannot_be_read_is_named_by_line_and_column() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("export.csv");
    let text = fs::read_to_string(repo().join(EXPORT)).unwrap();
    let mut lines: Vec<&str> = text.lines().take(4).collect();
    let broken = lines[3].replacen("Energie Samen", "Energiebedrijf Onbekend", 1);
    let broken = broken.replacen("Zorg Zuid", "Energiebedrijf Onbekend", 1);
    let broken = broken.replacen("Zorgverzekeraar Noordkust", "Energiebedrijf Onbekend", 1);
    lines[3] = &broken;
    fs::write(&file, lines.join("\n")).unwrap();
    let store = out.path().join("historie.sqlite");
    let r = import(&store, file.to_str().unwrap());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("export.csv:4: field Signaalpartner: not a partner of the config"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("Onbekend"), "no value in the message");
    assert!(!store.exists(), "nothing made");
}
