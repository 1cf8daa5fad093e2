//! The monitor: the DDAS delivery to CBS and the monthly report.

mod common;

use common::{files_below, json, read_table, repo, run_in, schema_errors};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Runs in the repository (its config and fixtures), quietly.
fn run(args: &[&str]) -> common::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.push("--quiet");
    run_in(&repo(), &all)
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
        let r = run(&["run", "--month", month, "--out", o, "--as-of", day]);
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
    let r = run(&[
        "export-feedback",
        "--month",
        "2026-08",
        "--out",
        o,
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_ddas_delivery_of_the_fixture_months_validates_against_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    three_months(out);
    let file = out.join("levering.json");
    let r = run(&[
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
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    if let Some(errors) = schema_errors(&file) {
        assert!(errors.is_empty(), "{errors:#?}");
    }

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
    const SHV: &str = "Inwoner al bekend bij schuldhulpverlening";
    let worked: Vec<_> = cases
        .iter()
        .filter(|c| c.get("resultaat").is_some_and(|r| r != SHV))
        .collect();
    assert_eq!(worked.len(), 1);
    // Households known to debt help whose term passed without a result
    // closed as that, and their signals say so too.
    let status: BTreeMap<&str, &str> = signals
        .iter()
        .map(|s| (s["ID"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    let shv: Vec<_> = cases.iter().filter(|c| c["resultaat"] == SHV).collect();
    assert!(
        !shv.is_empty(),
        "the fixture months have debt-help households"
    );
    for c in &shv {
        assert!(c.get("datumOpgepakt").is_none(), "not picked up: {c}");
        for v in c["vroegsignalen"].as_array().unwrap() {
            assert_eq!(status[v["ID"].as_str().unwrap()], SHV);
        }
    }
    // Every other case was picked up, and says when.
    for c in cases.iter().filter(|c| c["resultaat"] != SHV) {
        assert!(c.get("datumOpgepakt").is_some(), "{c}");
    }
    let w = worked[0];
    assert_eq!(w["resultaat"], "Vervolghulp en/of verwijzing financieel");
    // Placed on a work list by the run of 2026-09-01, before the first
    // attempt (2026-09-02).
    assert_eq!(w["datumOpgepakt"], "2026-09-01");
    assert_eq!(w["matchingsdatum"], "2026-09-01");
    assert_eq!(w["startdatumMatchingperiode"], "2026-08-01");
    let attempts = w["contactpogingen"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1]["soort"], "Huisbezoek");
    assert_eq!(attempts[1]["bereikt"], true);
    assert_eq!(attempts[1]["dagdeel"], "Avond");
    let summary = json(&r);
    assert_eq!(summary["signals"].as_u64(), Some(rows.len() as u64));
    assert_eq!(summary["cases_with_result"], 1 + shv.len());
}

#[test]
fn export_ddas_refuses_a_delivery_that_would_not_validate() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let o = out.to_str().unwrap();
    let r = run(&[
        "run",
        "--month",
        "2026-10",
        "--out",
        o,
        "--as-of",
        "2026-11-01",
    ]);
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
    let r = run(&[
        "export-ddas",
        "--from",
        "2026-10",
        "--input",
        o,
        "--out",
        file.to_str().unwrap(),
    ]);
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
    assert!(r.stderr.contains("give --leave-out"), "{}", r.stderr);
    // On request the delivery goes without that signal, which is named.
    let f = file.to_str().unwrap();
    let r = run_in(
        &repo(),
        &[
            "export-ddas",
            "--from",
            "2026-10",
            "--input",
            o,
            "--out",
            f,
            "--leave-out",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("signal {id}: left out")),
        "{}",
        r.stderr
    );
    assert_eq!(json(&r)["left_out"], serde_json::json!([id]));
    if let Some(errors) = schema_errors(&file) {
        assert!(errors.is_empty(), "{errors:#?}");
    }
    let d: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let ids: Vec<&str> = d["leveringen"][0]["vroegsignalen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["ID"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&id.as_str()));
    assert_eq!(
        ids.len(),
        read_table(&out.join("2026-10/gekoppeld.csv")).len() - 1
    );
    // A month outside the store is named.
    let r = run(&["export-ddas", "--from", "2026-09", "--input", o]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("2026-09 is not in the history store"),
        "{}",
        r.stderr
    );
}

/// The rows of the table with this id in the HTML report.
fn html_table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!(r#"<table id="{id}">"#))
        .unwrap_or_else(|| panic!("no table {id}"));
    let end = start + html[start..].find("</table>").unwrap();
    html[start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split(['<'])
                .filter_map(|part| {
                    part.strip_prefix("td>")
                        .or_else(|| part.strip_prefix("th>"))
                        .map(|c| {
                            c.replace("&amp;", "&")
                                .replace("&lt;", "<")
                                .replace("&gt;", ">")
                        })
                })
                .collect()
        })
        .collect()
}

fn report(out: &Path, month: &str, extra: &[&str]) -> (serde_json::Value, String) {
    let o = out.to_str().unwrap();
    let file = out.join(format!("rapport-{month}.html"));
    let mut args = vec![
        "report",
        "--month",
        month,
        "--input",
        o,
        "--out",
        file.to_str().unwrap(),
        "--as-of",
        "2026-11-15",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (json(&r), fs::read_to_string(&file).unwrap())
}

#[test]
fn the_report_shows_the_same_numbers_as_the_json_and_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    three_months(out);
    let (j, html) = report(out, "2026-08", &[]);

    // One source of truth: every table equals the JSON.
    let months = ["2026-08"];
    let rows = html_table(&html, "per-partner");
    let partners: Vec<String> = rows[0][1..rows[0].len() - 1].to_vec();
    for (i, m) in months.iter().enumerate() {
        assert_eq!(rows[i + 1][0], *m);
        for (k, p) in partners.iter().enumerate() {
            assert_eq!(
                rows[i + 1][k + 1],
                j["trend"]["by_partner"][p][i].to_string(),
                "{p} {m}"
            );
        }
    }
    let brp = html_table(&html, "brp");
    for (row, key) in brp[1..].iter().zip([
        "gevonden",
        "controleren",
        "niet_ingeschreven",
        "overleden",
        "reviewed",
        "reviewed_residents",
    ]) {
        assert_eq!(row[1], j["brp"][key].to_string(), "{key}");
    }
    let households = html_table(&html, "huishoudens");
    for (row, key) in households[1..]
        .iter()
        .zip(["enkelvoudig", "meervoudig", "recidive"])
    {
        assert_eq!(row[0], key);
        assert_eq!(row[1], j["households"][key].to_string(), "{key}");
        let share = j["households"][format!("{key}_pct")].as_f64().unwrap();
        // As Dutch readers write it: a decimal comma.
        assert_eq!(
            row[2],
            format!("{share:.1}").replace('.', ","),
            "{key} share"
        );
    }
    // The screening table names each reason in words, with the code beside.
    for row in &html_table(&html, "screening")[1..] {
        assert!(
            row[0] != row[1] && !row[0].contains('_'),
            "a label, not a code: {row:?}"
        );
    }
    for (id, key, code_col) in [
        ("screening", "screening", 1),
        ("eindresultaten", "end_results", 0),
    ] {
        let table: BTreeMap<String, String> = html_table(&html, id)[1..]
            .iter()
            .map(|r| (r[code_col].clone(), r[code_col + 1].clone()))
            .collect();
        let from_json: BTreeMap<String, String> = j[key]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        assert_eq!(table, from_json, "{id}");
    }
    let queues = html_table(&html, "werklijsten");
    for (row, q) in queues[1..].iter().zip(j["queues"].as_array().unwrap()) {
        assert_eq!(row[0], q["queue"].as_str().unwrap());
        assert_eq!(row[1], q["households"].to_string());
        assert_eq!(row[3], q["overflow_out"].to_string());
    }
    let attempts = html_table(&html, "contactpogingen");
    assert_eq!(attempts.len(), 3, "Huisbezoek and Telefoon");
    assert_eq!(attempts[2][0], "Telefoon");
    assert_eq!(attempts[2][1..3], ["1".to_string(), "0".to_string()]);
    assert_eq!(
        j["end_results"]["Vervolghulp en/of verwijzing financieel"],
        1
    );

    // And the JSON equals what the stages wrote.
    let decided = read_table(&out.join("2026-08/beslissingen.csv"));
    // Meervoudige zaken as CBS counts them: households whose signals on a
    // work list came from two partners or more.
    let mut partners_on_list: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for d in decided.iter().filter(|d| d["besluit"] == "werklijst") {
        partners_on_list
            .entry(d["huishouden"].as_str())
            .or_default()
            .insert(d["partner"].as_str());
    }
    let zaken = partners_on_list.values().filter(|p| p.len() > 1).count();
    assert!(zaken > 0);
    assert_eq!(
        j["households"]["meervoudige_zaken"].as_u64(),
        Some(zaken as u64)
    );
    assert_eq!(
        j["trend"]["signals"][0].as_u64(),
        Some(decided.len() as u64)
    );
    for q in j["queues"].as_array().unwrap() {
        let on_list: std::collections::BTreeSet<&str> = decided
            .iter()
            .filter(|d| d["werklijst"] == q["queue"].as_str().unwrap())
            .map(|d| d["huishouden"].as_str())
            .collect();
        assert_eq!(q["households"].as_u64(), Some(on_list.len() as u64));
    }
    // The worked case's result came after its term's code: it went out
    // once more as a correction, which answers no new signal.
    let (mut sent, mut corrections) = (0, 0);
    for f in files_below(&out.join("2026-08/terugkoppeling")) {
        for line in fs::read_to_string(f).unwrap().lines().skip(1) {
            match line.rsplit(';').next() {
                Some("ja") => corrections += 1,
                _ => sent += 1,
            }
        }
    }
    assert_eq!(corrections, 1);
    assert_eq!(j["feedback"]["corrected"].as_u64(), Some(1));
    // Rows ingest rejected are told too; they are not signals.
    assert_eq!(
        j["feedback"]["sent"].as_u64().unwrap()
            + j["feedback"]["sent_rejected_rows"].as_u64().unwrap(),
        sent as u64
    );
    assert_eq!(
        j["feedback"]["sent"].as_u64().unwrap() + j["feedback"]["open"].as_u64().unwrap(),
        decided.len() as u64
    );
    // The screening table counts signals left for BRP review too.
    let screened = decided
        .iter()
        .filter(|d| matches!(d["besluit"].as_str(), "niet_opgepakt" | "controleren"))
        .count() as u64;
    let by_reason: u64 = j["screening"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_reason, screened);

    // Self-contained, and about nobody in particular.
    for forbidden in ["<script", "<link", "src=", "url(", "https://"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    assert!(html.contains("<svg"));
    for s in read_table(&out.join("2026-08/signalen.csv")) {
        for col in ["geslachtsnaam", "straat", "geboortedatum", "bsn"] {
            if s[col].len() >= 4 {
                assert!(!html.contains(&s[col]), "{col} in the report");
            }
        }
    }

    // The months in the history store make the trend.
    let (j, _) = report(out, "2026-10", &[]);
    assert_eq!(
        j["trend"]["months"],
        serde_json::json!(["2026-08", "2026-09", "2026-10"])
    );
    for (i, m) in ["2026-08", "2026-09", "2026-10"].iter().enumerate() {
        let n = read_table(&out.join(m).join("gekoppeld.csv")).len() as u64;
        assert_eq!(j["trend"]["signals"][i].as_u64(), Some(n));
        let per_1000 = j["trend"]["per_1000"][i].as_f64().unwrap();
        assert!((per_1000 - n as f64 / 30.0).abs() < 0.01, "{per_1000}");
    }
}

#[test]
fn the_report_compares_queue_counts_with_another_rulebook() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let r = run(&[
        "run",
        "--month",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (j, html) = report(out, "2026-10", &["--compare", "config/examples/g4.toml"]);
    let c = j["comparison"].as_array().unwrap();
    // The new side is the month as prioritised with the config's rulebook.
    for q in j["queues"].as_array().unwrap() {
        let new = c.iter().find(|x| x["queue"] == q["queue"]).unwrap();
        assert_eq!(new["new"], q["households"], "{}", q["queue"]);
    }
    let old_total: u64 = c.iter().map(|q| q["old"].as_u64().unwrap()).sum();
    let new_total: u64 = c.iter().map(|q| q["new"].as_u64().unwrap()).sum();
    assert!(old_total > 0 && new_total > 0);
    assert_ne!(
        c.iter().map(|q| q["old"].clone()).collect::<Vec<_>>(),
        c.iter().map(|q| q["new"].clone()).collect::<Vec<_>>(),
        "G4 routes differently"
    );
    let table = html_table(&html, "vergelijking");
    assert_eq!(table.len(), c.len() + 1);
    for (row, q) in table[1..].iter().zip(c) {
        assert_eq!(row[1], q["old"].to_string());
        assert_eq!(row[2], q["new"].to_string());
    }
}

/// The report opened in a real browser: every chart label's box lies inside
/// its chart (measured in the browser's layout, by `scripts/check-report.sh`,
/// which CI also runs); a label made too long on purpose is caught.
#[test]
fn no_chart_label_is_clipped_in_the_browser() {
    let chromium = ["chromium", "chromium-browser"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok()
    });
    if chromium.is_none() {
        eprintln!("skipped: the report in a browser (no chromium here; CI installs it)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    three_months(out);
    let (_, html) = report(out, "2026-08", &[]);
    let page = out.join("rapport-2026-08.html");
    let check = |file: &Path| {
        std::process::Command::new("bash")
            .arg(repo().join("scripts/check-report.sh"))
            .arg(file)
            .arg(out.join("shot.png"))
            .env("HOME", out)
            .output()
            .unwrap()
    };
    let ok = check(&page);
    let said =
        String::from_utf8_lossy(&ok.stdout).to_string() + &String::from_utf8_lossy(&ok.stderr);
    assert!(ok.status.success(), "{said}");
    let labels: u64 = said
        .split("labels ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(labels > 40, "the charts' labels were measured: {said}");
    assert!(said.contains("clipped 0"), "{said}");

    // One visible label lengthened past any chart's width.
    let start = html.find("<tspan").expect("a wrapped chart label");
    let close = start + html[start..].find("</tspan>").unwrap();
    let mut doctored = html.clone();
    doctored.insert_str(
        close,
        " en nog veel meer woorden die nergens in een grafiek passen",
    );
    let bad = out.join("te-lang.html");
    fs::write(&bad, doctored).unwrap();
    let caught = check(&bad);
    let said = String::from_utf8_lossy(&caught.stderr);
    assert!(!caught.status.success(), "{said}");
    assert!(said.contains("clipped 1"), "{said}");
}
