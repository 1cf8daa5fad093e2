//! `match` and the history store (issue 4): households, recidive, herhaal,
//! retention, re-runs, a killed run, the lists, and what the store holds.

mod common;

use common::town::{PEOPLE, run_month_json, signals, town};
use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn run_month(sb: &Sandbox, month: &str) -> serde_json::Value {
    run_month_json(sb, month)["match"].clone()
}

/// gekoppeld.csv by signal id.
fn matched(sb: &Sandbox, month: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    read_table(&sb.path().join(format!("uit/{month}/gekoppeld.csv")))
        .into_iter()
        .map(|r| (r["signaal_id"].clone(), r))
        .collect()
}

fn households(sb: &Sandbox, month: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    read_table(&sb.path().join(format!("uit/{month}/huishoudens.csv")))
        .into_iter()
        .map(|r| (r["huishouden"].clone(), r))
        .collect()
}

/// Every row of the store's signals table, in a fixed order.
fn store_rows(path: &Path) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT * FROM signals ORDER BY month, partner, signal_id")
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| r.get_ref(i).map(|v| format!("{v:?}")).unwrap_or_default())
            .collect())
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn stats(sb: &Sandbox) -> Vec<String> {
    let out = run_in(
        sb.path(),
        &[
            "history",
            "stats",
            "--config",
            "config.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    json(&out)["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn signals_from_two_partners_at_one_address_make_a_meervoudig_household() {
    let sb = town(None);
    // Kees at zorg, his partner Elif (same address) at energie; Samira alone.
    signals(
        &sb,
        "2026-01",
        &[("zorg", 0, 300), ("energie", 1, 200), ("zorg", 2, 150)],
    );
    let m = run_month(&sb, "2026-01");
    assert_eq!(
        (
            m["huishoudens"].as_u64(),
            m["enkelvoudig"].as_u64(),
            m["meervoudig"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    let s = matched(&sb, "2026-01");
    let kees = &s["zorg-2026-01-0"];
    assert_eq!(kees["huishouden"], s["energie-2026-01-1"]["huishouden"]);
    assert_ne!(kees["huishouden"], s["zorg-2026-01-2"]["huishouden"]);
    let h = households(&sb, "2026-01");
    let both = &h[&kees["huishouden"]];
    assert_eq!(both["enkelvoudig_meervoudig"], "meervoudig");
    assert_eq!(both["partners"], "energie|zorg");
    assert_eq!(both["partnertypen"], "zorg|energie");
    assert_eq!(both["totaal_bedrag_cent"], "50000");
    assert_eq!(both["hoogste_bedrag_cent"], "30000");
    assert_eq!(both["straat"], "Molenweg");
    assert_eq!(
        h[&s["zorg-2026-01-2"]["huishouden"]]["enkelvoudig_meervoudig"],
        "enkelvoudig"
    );
    // Every signal sits in exactly one household.
    let listed: usize = h.values().map(|r| r["signalen"].split('|').count()).sum();
    assert_eq!(listed, s.len());
}

#[test]
fn recidive_within_the_window_and_gone_after_retention() {
    let sb = town(None);
    // Pieter in January and again in April; Willem in January and August.
    signals(&sb, "2026-01", &[("zorg", 3, 200), ("energie", 4, 180)]);
    run_month(&sb, "2026-01");
    signals(&sb, "2026-04", &[("zorg", 3, 220)]);
    let m = run_month(&sb, "2026-04");
    assert_eq!(m["recidive"], 1);
    let pieter = &matched(&sb, "2026-04")["zorg-2026-04-0"];
    assert_eq!(pieter["recidive"], "ja");
    assert_eq!(pieter["recidive_maanden"], "2026-01");
    assert_eq!(pieter["recidive_bedragen_cent"], "20000");
    assert_eq!(pieter["herhaal"], "nee", "not the previous month");
    assert_eq!(stats(&sb), ["2026-01", "2026-04"]);

    signals(&sb, "2026-08", &[("energie", 4, 180)]);
    let m = run_month(&sb, "2026-08");
    let willem = &matched(&sb, "2026-08")["energie-2026-08-0"];
    assert_eq!(willem["recidive"], "nee", "January is past six months");
    assert_eq!(m["recidive"], 0);
    assert_eq!(m["history"]["removed"], serde_json::json!(["2026-01"]));
    assert_eq!(stats(&sb), ["2026-04", "2026-08"]);
    let months: Vec<String> = store_rows(&sb.path().join("uit/historie.sqlite"))
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert!(
        months.iter().all(|m| !m.contains("2026-01")),
        "January's records are removed: {months:?}"
    );
}

#[test]
fn the_same_arrear_again_is_herhaal_with_its_change() {
    let sb = town(None);
    signals(&sb, "2026-02", &[("zorg", 2, 150), ("energie", 5, 150)]);
    run_month(&sb, "2026-02");
    // Samira: same amount; Jan: higher; Tesfay: new.
    signals(
        &sb,
        "2026-03",
        &[("zorg", 2, 150), ("energie", 5, 300), ("zorg", 6, 90)],
    );
    let m = run_month(&sb, "2026-03");
    let s = matched(&sb, "2026-03");
    let samira = &s["zorg-2026-03-0"];
    assert_eq!(
        (
            samira["herhaal"].as_str(),
            samira["herhaal_vorig_bedrag_cent"].as_str(),
            samira["herhaal_verschil_cent"].as_str()
        ),
        ("ja", "15000", "0")
    );
    let jan = &s["energie-2026-03-1"];
    assert_eq!(jan["herhaal"], "ja");
    assert_eq!(jan["herhaal_verschil_cent"], "15000");
    assert_eq!(s["zorg-2026-03-2"]["herhaal"], "nee");
    let h = households(&sb, "2026-03");
    assert_eq!(h[&samira["huishouden"]]["herhaal_zonder_verhoging"], "ja");
    assert_eq!(h[&jan["huishouden"]]["herhaal_zonder_verhoging"], "nee");
    assert_eq!(m["herhaal"], 2);
    assert_eq!(m["herhaal_zonder_verhoging"], 1);
}

#[test]
fn re_running_a_month_gives_identical_outputs_and_history() {
    let sb = town(None);
    signals(&sb, "2026-01", &[("zorg", 0, 300), ("energie", 1, 200)]);
    run_month(&sb, "2026-01");
    signals(&sb, "2026-02", &[("zorg", 0, 300), ("zorg", 2, 120)]);
    let first = run_month(&sb, "2026-02");
    let db = sb.path().join("uit/historie.sqlite");
    let files = |sb: &Sandbox| {
        ["gekoppeld.csv", "huishoudens.csv"]
            .map(|f| fs::read(sb.path().join("uit/2026-02").join(f)).unwrap())
    };
    let (out1, rows1) = (files(&sb), store_rows(&db));
    let second = run_month(&sb, "2026-02");
    assert_eq!(first, second);
    assert_eq!(files(&sb), out1);
    assert_eq!(store_rows(&db), rows1);
    assert_eq!(
        rows1.len(),
        4,
        "two months of two signals, not counted twice"
    );
    // A month never counts as its own recidive.
    assert_eq!(matched(&sb, "2026-02")["zorg-2026-02-1"]["recidive"], "nee");
}

/// Every table of the store, each with its rows in order.
fn store_tables(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|name| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {name}")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<Vec<String>> = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| r.get_ref(i).map(|v| format!("{v:?}")).unwrap_or_default())
                        .collect())
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            (name, rows)
        })
        .collect()
}

/// A run's store changes (the extract's size, pattern counts, signals,
/// intents) are written in one transaction: killed before it commits, the
/// run leaves every table as it was.
#[test]
fn a_run_killed_inside_the_history_transaction_leaves_history_unchanged() {
    let sb = town(None);
    signals(&sb, "2026-01", &[("zorg", 0, 300)]);
    run_month(&sb, "2026-01");
    let db = sb.path().join("uit/historie.sqlite");
    let before = store_rows(&db);
    let tables_before = store_tables(&db);
    assert!(
        tables_before
            .iter()
            .any(|(name, rows)| name == "register_extracts" && rows.len() == 1),
        "{tables_before:?}"
    );
    signals(&sb, "2026-02", &[("zorg", 0, 300), ("energie", 3, 500)]);
    let pause = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vroegsignaal"))
        .env("VROEGSIGNAAL_LANG", "en")
        .args([
            "run",
            "--config",
            "config.toml",
            "--month",
            "2026-02",
            "--quiet",
        ])
        .current_dir(sb.path())
        .env("VROEGSIGNAAL_PAUSE_AT", "history-before-commit")
        .env("VROEGSIGNAAL_PAUSE_DIR", pause.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let marker = pause.path().join("history-before-commit.reached");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !marker.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "pause point not reached"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    assert_eq!(store_rows(&db), before, "the store is as before the run");
    assert_eq!(store_tables(&db), tables_before, "every table as before");
    assert_eq!(stats(&sb), ["2026-01"]);
    assert!(
        !sb.path().join("uit/2026-02/gekoppeld.csv").exists(),
        "no outputs of the killed run"
    );
    // The next run of the month goes through normally.
    run_month(&sb, "2026-02");
    assert_eq!(stats(&sb), ["2026-01", "2026-02"]);
}

#[test]
fn the_store_holds_no_names_addresses_or_birth_dates() {
    let sb = town(None);
    let all: Vec<(&str, usize, u32)> = (0..PEOPLE.len())
        .map(|i| {
            (
                if i % 2 == 0 { "zorg" } else { "energie" },
                i,
                100 + i as u32,
            )
        })
        .collect();
    signals(&sb, "2026-01", &all);
    run_month(&sb, "2026-01");
    signals(&sb, "2026-02", &all);
    run_month(&sb, "2026-02");
    let bytes = fs::read(sb.path().join("uit/historie.sqlite")).unwrap();
    let text = String::from_utf8_lossy(&bytes).to_lowercase();
    for (i, p) in PEOPLE.iter().enumerate() {
        let (surname, first, birth, street, postcode) =
            (p.surname, p.first, p.birth, p.street, p.postcode);
        let dmy = format!("{}-{}-{}", &birth[6..8], &birth[4..6], &birth[..4]);
        let iso = format!("{}-{}-{}", &birth[..4], &birth[4..6], &birth[6..8]);
        for needle in [
            surname.to_lowercase(),
            first.to_lowercase(),
            street.to_lowercase(),
            postcode.to_lowercase(),
            postcode.replace(' ', "").to_lowercase(),
            birth.to_string(),
            dmy,
            iso,
            bsn(i),
        ] {
            assert!(!text.contains(&needle), "the store holds `{needle}`");
        }
        for contact in [p.phone, p.email].into_iter().filter(|c| !c.is_empty()) {
            assert!(!text.contains(contact), "the store holds `{contact}`");
        }
    }
    // It does hold what recidive needs: the signals, by fingerprint.
    assert_eq!(store_rows(&sb.path().join("uit/historie.sqlite")).len(), 14);
}

#[test]
fn the_shv_and_opt_out_lists_mark_signals() {
    let sb = town(None);
    let config = fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write(
        "config.toml",
        &format!(
            "{config}\n[shv]\nfile = \"shv.csv\"\nprofile = \"shv.toml\"\n\
             [opt_out]\nfile = \"nee.csv\"\nprofile = \"nee.toml\"\n"
        ),
    );
    sb.write(
        "shv.toml",
        "delimiter = \";\"\n[columns]\nbsn = \"BSN\"\nsurname = \"Naam\"\nbirth_date = \"Geboren\"\npostcode = \"PC\"\n",
    );
    // Kees by BSN; Samira without one, by name, birth date and postcode.
    sb.write(
        "shv.csv",
        &format!(
            "BSN;Naam;Geboren;PC\n{};Visser;07-07-1982;1234AC\n;Haddad;04-03-1990;1234ab\n",
            bsn(0)
        ),
    );
    sb.write("nee.toml", "[columns]\nbsn = \"bsn\"\n");
    sb.write("nee.csv", &format!("bsn\n{}\n", bsn(3)));
    signals(
        &sb,
        "2026-01",
        &[
            ("zorg", 0, 300),
            ("zorg", 2, 300),
            ("zorg", 3, 300),
            ("zorg", 4, 300),
        ],
    );
    let m = run_month(&sb, "2026-01");
    let s = matched(&sb, "2026-01");
    let flags = |id: &str| {
        (
            s[id]["bekend_shv"].clone(),
            s[id]["geen_bemoeienis"].clone(),
        )
    };
    assert_eq!(flags("zorg-2026-01-0"), ("ja".into(), "nee".into()));
    assert_eq!(flags("zorg-2026-01-1"), ("ja".into(), "nee".into()));
    assert_eq!(flags("zorg-2026-01-2"), ("nee".into(), "ja".into()));
    assert_eq!(flags("zorg-2026-01-3"), ("nee".into(), "nee".into()));
    assert_eq!(m["bekend_shv"], 2);
    assert_eq!(m["geen_bemoeienis"], 1);

    // An SHV list whose columns do not match its profile: exit 78, named.
    sb.write("shv.csv", "BSN;Naam;Gebooren;PC\n");
    let out = run_in(
        sb.path(),
        &["match", "--config", "config.toml", "--month", "2026-01"],
    );
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(
        out.stderr.contains("shv.csv:1: column `Geboren`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `Gebooren`"),
        "{}",
        out.stderr
    );
    // A list row that identifies nobody is an error, not a silent miss.
    sb.write("shv.csv", "BSN;Naam;Geboren;PC\n;Haddad;;1234AB\n");
    let out = run_in(
        sb.path(),
        &["match", "--config", "config.toml", "--month", "2026-01"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("shv.csv:2:"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("Haddad"),
        "no personal data: {}",
        out.stderr
    );
}

#[test]
fn a_damaged_store_a_newer_store_or_a_missing_key_stop_the_run() {
    let sb = town(None);
    signals(&sb, "2026-01", &[("zorg", 0, 300)]);
    run_month(&sb, "2026-01");
    let db = sb.path().join("uit/historie.sqlite");
    let key = sb.path().join("uit/historie.sleutel");
    let match_month = || {
        run_in(
            sb.path(),
            &["match", "--config", "config.toml", "--month", "2026-01"],
        )
    };

    // Missing key once history exists: never a silent new key.
    let saved_key = fs::read(&key).unwrap();
    fs::remove_file(&key).unwrap();
    let out = match_month();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("key file missing"), "{}", out.stderr);
    assert!(!key.exists(), "no new key was made");
    fs::write(&key, &saved_key).unwrap();
    // Restored as others can read it: refused, with the fix.
    let out = match_month();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("chmod 600"), "{}", out.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    }

    // From a newer version.
    let saved_db = fs::read(&db).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let out = match_month();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("newer vroegsignaal"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);

    // Not a database at all.
    fs::write(&db, "dit is geen database\n".repeat(100)).unwrap();
    let out = match_month();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not a history store"), "{}", out.stderr);
    let out = run_in(sb.path(), &["history", "stats", "--config", "config.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not a history store"), "{}", out.stderr);

    // Restored, it works again; purge on demand counts from --as-of.
    fs::write(&db, &saved_db).unwrap();
    assert_eq!(match_month().code, 0);
    let out = run_in(
        sb.path(),
        &[
            "history",
            "purge",
            "--config",
            "config.toml",
            "--as-of",
            "2026-08",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out)["removed"], serde_json::json!(["2026-01"]));
    assert!(stats(&sb).is_empty());
}

/// On the fixture months: every checked signal is matched exactly once,
/// herhaal agrees with the generator's truth (an arrear carried on from the
/// month before), slepers are really slepers, and SHV clients listed with
/// their BSN are marked.
#[test]
fn fixture_months_match_the_generators_truth() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().to_str().unwrap();
    let shv: std::collections::BTreeSet<String> =
        read_table(&repo().join("fixtures/lijsten/shv-clienten.csv"))
            .into_iter()
            .map(|r| r["BSN"].clone())
            .filter(|b| !b.is_empty())
            .collect();
    assert!(shv.len() > 100);
    let (mut agree, mut total, mut slepers, mut false_slepers) = (0, 0, 0, 0);
    for month in ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08"] {
        let r = run(&[
            "run", "--month", month, "--out", out, "--quiet", "--format", "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let dir = out_dir.path().join(month);
        let checked = read_table(&dir.join("gecontroleerd.csv"));
        let matched = read_table(&dir.join("gekoppeld.csv"));
        assert_eq!(checked.len(), matched.len(), "{month}: nothing lost");
        let truth: BTreeMap<(String, String), BTreeMap<String, String>> =
            read_table(&repo().join(format!("fixtures/truth/{month}.csv")))
                .into_iter()
                .map(|t| {
                    let file = t["bronbestand"].rsplit('/').next().unwrap().to_string();
                    ((file, t["bronregel"].clone()), t)
                })
                .collect();
        for m in &matched {
            let t = &truth[&(m["bronbestand"].clone(), m["bronregel"].clone())];
            if m["brp_oordeel"] == "gevonden" && month != "2026-04" {
                total += 1;
                agree += usize::from((m["herhaal"] == "ja") == (t["voortgezet"] == "ja"));
            }
            if m["sleper"] == "ja" {
                slepers += 1;
                false_slepers += usize::from(t["sleper"] != "ja");
            }
            if shv.contains(&m["brp_bsn"]) {
                assert_eq!(m["bekend_shv"], "ja", "{month} {}", m["signaal_id"]);
            }
        }
    }
    let share = agree as f64 / total as f64;
    assert!(share > 0.97, "herhaal agrees with the truth for {share:.3}");
    assert!(
        slepers > 0 && false_slepers == 0,
        "{slepers} slepers, {false_slepers} wrong"
    );
}
