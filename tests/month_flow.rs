//! The month as a flow: `run` any day as partner files come in, the lists
//! growing without losing an officer's work, crisis signals on the crisis
//! list the day they are run. A month run in four weekly steps ends as one
//! run over all its files, with the same feedback.

mod common;

use common::town::{signals_in_files, town};
use common::{Sandbox, read_table, repo, run_in};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

/// (file tag, partner, signal id, person, amount, kind, received).
type Week = [(
    &'static str,
    &'static str,
    usize,
    u32,
    &'static str,
    &'static str,
)];

const WEEK1: &Week = &[
    ("zorg", "Z-1", 0, 300, "", "02-06-2026"),    // Kees
    ("energie", "E-1", 2, 200, "", "03-06-2026"), // Samira
];
const WEEK2: &Week = &[
    ("water", "W-1", 4, 150, "", "09-06-2026"),       // Willem
    ("huur", "H-1", 3, 2500, "crisis", "12-06-2026"), // Pieter: eviction, Friday the 12th
];
const WEEK3: &Week = &[
    ("zorg", "Z-2", 5, 400, "", "16-06-2026"),    // Jan
    ("energie", "E-2", 1, 250, "", "17-06-2026"), // Elif, at Kees's address
];
const WEEK4: &Week = &[
    ("water", "W-2", 6, 90, "", "23-06-2026"), // Tesfay
    ("zorg", "Z-3", 4, 600, "", "24-06-2026"), // Willem again, another partner
];

fn proefdorp() -> Sandbox {
    town(Some(
        &repo().join("config/rulebook.toml").display().to_string(),
    ))
}

fn week(sb: &Sandbox, tag: &str, signals: &Week) {
    signals_in_files(sb, "2026-06", tag, signals);
}

fn run(sb: &Sandbox, day: &str) -> common::Output {
    let out = try_run(sb, day);
    assert_eq!(out.code, 0, "{day}: {}", out.stderr);
    out
}

/// Runs June on `day`, whatever comes of it.
fn try_run(sb: &Sandbox, day: &str) -> common::Output {
    run_in(
        sb.path(),
        &[
            "run",
            "--config",
            "config.toml",
            "--month",
            "2026-06",
            "--as-of",
            day,
            "--format",
            "json",
        ],
    )
}

fn lists(sb: &Sandbox) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(sb.path().join("uit/2026-06/werklijsten"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    v.sort();
    v
}

/// The main row of the household holding `signal`: (list file, row).
fn row_with(sb: &Sandbox, signal: &str) -> (PathBuf, BTreeMap<String, String>) {
    for list in lists(sb) {
        if let Some(r) = read_table(&list)
            .into_iter()
            .find(|r| r["kanaal"] == "hoofd" && r["signalen"].split(" | ").any(|s| s == signal))
        {
            return (list, r);
        }
    }
    panic!("{signal} on no list");
}

/// Types cells into the main row of the household holding `signal`.
fn record(sb: &Sandbox, signal: &str, cells: &[(&str, &str)]) {
    common::town::record(sb, "2026-06", signal, cells);
}

/// What the officer does: Kees reached by phone and advised (8 June);
/// Pieter visited the day after his crisis signal was run and referred.
const KEES: &[(&str, &str)] = &[
    ("behandelaar", "Anouk"),
    ("poging1_soort", "Telefoon"),
    ("poging1_datum", "2026-06-08"),
    ("poging1_bereikt", "ja"),
    ("eindresultaat", "advies"),
];
const PIETER: &[(&str, &str)] = &[
    ("behandelaar", "Bram"),
    ("poging1_soort", "Huisbezoek"),
    ("poging1_datum", "2026-06-15"),
    ("poging1_dagdeel", "ochtend"),
    ("poging1_bereikt", "ja"),
    ("eindresultaat", "vervolghulp financieel"),
];

/// Every main row: its signals (household ids are keyed per municipality
/// folder) -> (list, the officer's cells).
fn households_on_lists(sb: &Sandbox) -> BTreeMap<String, (String, Vec<String>)> {
    let mut out = BTreeMap::new();
    for list in lists(sb) {
        let name = list.file_stem().unwrap().to_string_lossy().into_owned();
        for r in read_table(&list) {
            let officer: Vec<String> = r
                .iter()
                .filter(|(k, _)| {
                    k.starts_with("poging") || k.contains("eindresultaat") || *k == "behandelaar"
                })
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            if r["kanaal"] == "hoofd" {
                out.insert(r["signalen"].clone(), (name.clone(), officer));
            }
        }
    }
    out
}

/// Every code sent for June: (partner, signal) -> code.
fn codes(sb: &Sandbox) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    let dir = sb.path().join("uit/2026-06/terugkoppeling");
    for f in fs::read_dir(dir).unwrap() {
        let f = f.unwrap().path();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let partner = name[..name.find("-2026-").unwrap()].to_string();
        for r in read_table(&f) {
            out.insert(
                (partner.clone(), r["signaal_id"].clone()),
                r["terugkoppeling"].clone(),
            );
        }
    }
    out
}

#[test]
fn a_month_in_four_weekly_runs_ends_as_one_run_over_all_files() {
    // Weekly: each Friday's run takes the files that came in so far.
    let weekly = proefdorp();
    week(&weekly, "-w1", WEEK1);
    run(&weekly, "2026-06-05");
    let (first_list, _) = row_with(&weekly, "zorg:Z-1");
    assert!(
        !first_list.ends_with("huisbezoek.csv"),
        "one signal: no visit yet"
    );
    record(&weekly, "zorg:Z-1", KEES);
    week(&weekly, "-w2", WEEK2);
    run(&weekly, "2026-06-12");
    // The eviction signal received on Friday the 12th is on the crisis list
    // that day: three working days, so Wednesday the 17th.
    let (list, pieter) = row_with(&weekly, "huur:H-1");
    assert!(list.ends_with("crisis.csv"), "{}", list.display());
    assert_eq!(
        (
            pieter["deadline"].as_str(),
            pieter["te_laat"].as_str(),
            pieter["geplaatst_op"].as_str()
        ),
        ("2026-06-17", "nee", "2026-06-12")
    );
    // Kees's row kept what the officer typed, and his code went out.
    assert_eq!(row_with(&weekly, "zorg:Z-1").1["eindresultaat"], "advies");
    assert_eq!(codes(&weekly)[&("zorg".into(), "Z-1".into())], "wil hulp");
    record(&weekly, "huur:H-1", PIETER);
    week(&weekly, "-w3", WEEK3);
    let third = run(&weekly, "2026-06-19");
    // Elif's signal makes Kees's household a match: a visit now. It moves,
    // and the run says so (by case id); the officer's work goes with it.
    let (list, _) = row_with(&weekly, "zorg:Z-1");
    assert!(list.ends_with("huisbezoek.csv"), "{}", list.display());
    let from = first_list
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        third
            .stderr
            .contains(&format!("moves from {from} to huisbezoek")),
        "{}",
        third.stderr
    );
    week(&weekly, "-w4", WEEK4);
    run(&weekly, "2026-06-26");
    assert_eq!(row_with(&weekly, "zorg:Z-1").1["eindresultaat"], "advies");
    assert_eq!(
        row_with(&weekly, "huur:H-1").1["poging1_dagdeel"],
        "ochtend"
    );
    // Running again the same day with nothing new changes nothing (and is
    // told so: the month is read back, not checked again).
    let before = common::snapshot(&weekly.path().join("uit/2026-06"));
    let again = run(&weekly, "2026-06-26");
    assert_eq!(common::json(&again)["nothing_new"], true);
    common::assert_unchanged(
        &before,
        &common::snapshot(&weekly.path().join("uit/2026-06")),
        "a run with nothing new",
    );

    // At once: all four weeks' files, one run, the same officer's work.
    let once = proefdorp();
    for (tag, w) in [
        ("-w1", WEEK1),
        ("-w2", WEEK2),
        ("-w3", WEEK3),
        ("-w4", WEEK4),
    ] {
        week(&once, tag, w);
    }
    run(&once, "2026-06-26");
    record(&once, "zorg:Z-1", KEES);
    record(&once, "huur:H-1", PIETER);

    let a = households_on_lists(&weekly);
    let b = households_on_lists(&once);
    assert_eq!(a.len(), 6, "six households: {a:?}");
    assert_eq!(a, b, "same households, same lists, same officer's cells");

    // When every term has passed, both told the partners the same.
    for sb in [&weekly, &once] {
        let out = run_in(
            sb.path(),
            &[
                "export-feedback",
                "--config",
                "config.toml",
                "--month",
                "2026-06",
                "--as-of",
                "2026-07-31",
                "--quiet",
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let (ca, cb) = (codes(&weekly), codes(&once));
    assert_eq!(ca.len(), 8, "every signal: {ca:?}");
    assert_eq!(ca, cb, "code for code");
    assert_eq!(ca[&("huur".into(), "H-1".into())], "wil hulp");
    let ids: BTreeSet<&str> = ca.keys().map(|(_, id)| id.as_str()).collect();
    assert!(ids.contains("W-2") && ids.contains("E-2"));

    // Who worked what went through the month into the report.
    let report = run_in(
        weekly.path(),
        &[
            "report",
            "--config",
            "config.toml",
            "--month",
            "2026-06",
            "--as-of",
            "2026-07-31",
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    let handlers: BTreeMap<String, (u64, u64)> = common::json(&report)["handlers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["behandelaar"].as_str().unwrap().to_string(),
                (
                    h["cases"].as_u64().unwrap(),
                    h["with_result"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(handlers["Anouk"], (1, 1));
    assert_eq!(handlers["Bram"], (1, 1));
    assert_eq!(handlers["(niemand)"], (4, 0));
    // And explain names them, since the run that first read them.
    let explain = run_in(
        weekly.path(),
        &[
            "explain",
            "Z-1",
            "--config",
            "config.toml",
            "--month",
            "2026-06",
        ],
    );
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(
        explain
            .stdout
            .contains("behandelaar: Anouk (sinds 2026-06-12)"),
        "{}",
        explain.stdout
    );
}

/// A run with nothing new reads the month back and does only the feedback;
/// it tells the partners exactly what a run that checks and matches the
/// month again tells them, and keeps the same lists. Anything new (a
/// changed config here) makes the run do every stage again.
#[test]
fn a_run_with_nothing_new_tells_what_a_full_run_tells() {
    let [quick, full] = [proefdorp(), proefdorp()];
    for sb in [&quick, &full] {
        week(sb, "-w1", WEEK1);
        week(sb, "-w2", WEEK2);
        let first = run(sb, "2026-06-12");
        assert_eq!(common::json(&first)["nothing_new"], false);
        record(sb, "zorg:Z-1", KEES);
        record(sb, "huur:H-1", PIETER);
    }
    // Something new for one of them only: a comment in its config.
    let config = full.path().join("config.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str("# gewijzigd\n");
    fs::write(&config, text).unwrap();

    let q = run(&quick, "2026-06-19");
    let f = run(&full, "2026-06-19");
    assert_eq!(common::json(&q)["nothing_new"], true, "{}", q.stderr);
    assert_eq!(common::json(&f)["nothing_new"], false);
    for key in ["feedback", "match", "brp_check", "prioritise", "deadlines"] {
        assert_eq!(common::json(&q)[key], common::json(&f)[key], "{key}");
    }
    assert_eq!(codes(&quick), codes(&full), "code for code");
    assert!(!codes(&quick).is_empty());
    assert_eq!(households_on_lists(&quick), households_on_lists(&full));
    let files = |sb: &Sandbox| -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(sb.path().join("uit/2026-06/terugkoppeling"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        files(&quick),
        files(&full),
        "the same partner files, byte for byte"
    );

    // A new partner file: every stage again, the new signal on a list.
    week(&quick, "-w3", WEEK3);
    let third = run(&quick, "2026-06-19");
    assert_eq!(common::json(&third)["nothing_new"], false);
    let on_lists = households_on_lists(&quick);
    assert!(
        on_lists.keys().any(|signals| signals.contains("Z-2")),
        "{on_lists:?}"
    );
}

/// A list row with results for a case the run would not list again stops
/// the run before anything is written or sent: the feedback, worked out
/// while the lists are written, goes nowhere either.
#[test]
fn work_a_run_would_lose_stops_it_before_anything_is_sent() {
    let sb = proefdorp();
    week(&sb, "-w1", WEEK1);
    run(&sb, "2026-06-05");
    record(&sb, "zorg:Z-1", KEES);
    // The officer copies Kees's row, results and all, onto a case the
    // month does not have.
    let (list, row) = row_with(&sb, "zorg:Z-1");
    let text = fs::read_to_string(&list).unwrap();
    let kees = text
        .lines()
        .find(|l| l.contains("zorg:Z-1"))
        .expect("Kees's row");
    let copy = kees.replace(&row["huishouden"], "hh-000000000000");
    fs::write(&list, format!("{}{copy}\r\n", text)).unwrap();
    week(&sb, "-w2", WEEK2);
    let before = common::snapshot(&sb.path().join("uit"));
    let out = try_run(&sb, "2026-06-12");
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("case 2026-06/hh-000000000000 (hoofd)")
            && out.stderr.contains("has results filled in"),
        "{}",
        out.stderr
    );
    common::assert_unchanged(
        &before,
        &common::snapshot(&sb.path().join("uit")),
        "a run that would lose an officer's work",
    );
}
