//! `export-feedback` and the complete monthly run: results recorded in the
//! work lists come back to partners as codes, each signal once.

mod common;

use common::{files_below, read_table, repo, run_in};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Table = Vec<BTreeMap<String, String>>;
/// (partner, signal id).
type Key = (String, String);
/// (code, date decided, file).
type Line = (String, String, String);

/// The code a partner must see, per DOMAIN.md §6, for a screening reason.
fn code_for_reason(reason: &str) -> &'static str {
    match reason {
        "onder_drempel" | "rechtspersoon" => "onterecht signaal",
        "geen_inwoner" => "geen inwoner (meer)",
        "overleden" => "overleden",
        "herhaalde_melding" => "herhaalde melding",
        "bekend_shv" => "bekend bij SHV",
        "geen_bemoeienis" | "sleper" | "andere_reden" | "geen_regel" => "niet opgepakt",
        other => panic!("unknown reason {other}"),
    }
}

/// What officers record, and the code each must give.
const RESULTS: &[(&str, Option<bool>, &str)] = &[
    ("quick fix", Some(true), "wil hulp"),
    (
        "Definitief geen contact kunnen krijgen",
        Some(false),
        "niet bereikt / wil geen hulp",
    ),
    (
        "Vervolghulp en/of verwijzing financieel",
        Some(true),
        "wil hulp",
    ),
    ("regelt zelf", Some(true), "niet bereikt / wil geen hulp"),
    ("andere reden", None, "niet opgepakt"),
    ("geen inwoner", None, "geen inwoner (meer)"),
];

fn run(out: &Path, args: &[&str]) -> common::Output {
    let mut all: Vec<&str> = args.to_vec();
    let out = out.to_str().unwrap();
    all.extend(["--out", out, "--quiet"]);
    run_in(&repo(), &all)
}

/// Writes rows back as an officer's program would: `excel` as Dutch Excel
/// saves CSV (Windows-1252, `;`, CRLF), else as a text editor (UTF-8, `,`).
fn save(path: &Path, rows: &Table, header: &[String], excel: bool) {
    let mut w = csv::WriterBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .terminator(if excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(header.iter().map(|h| r[h].as_str()))
            .unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let bytes = if excel {
        // As Excel saves "CSV (;)": a letter Windows-1252 lacks (ł, ı)
        // becomes `?`.
        let fitted: String = text
            .chars()
            .map(|c| {
                let (_, _, lacks) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut [0; 4]));
                if lacks { '?' } else { c }
            })
            .collect();
        encoding_rs::WINDOWS_1252.encode(&fitted).0.into_owned()
    } else {
        text.into_bytes()
    };
    fs::write(path, bytes).unwrap();
}

fn header_of(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    let first = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    first.split(';').map(String::from).collect()
}

fn worklists(month_dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(month_dir.join("werklijsten"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    v.sort();
    v
}

/// Every line of every feedback file of a month: (partner, signal id) ->
/// (code, date decided, file), and how often each signal was seen. The
/// day sent is the file's day, and no line is a correction.
fn feedback_lines(month_dir: &Path) -> (BTreeMap<Key, Line>, BTreeMap<Key, usize>) {
    let mut lines = BTreeMap::new();
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    for f in files_below(&month_dir.join("terugkoppeling")) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        // `<partner>-<YYYY-MM-DD>[-n].csv`
        let stem = name.trim_end_matches(".csv");
        let at = stem.find("-2026-").expect("date in file name");
        let partner = stem[..at].to_string();
        let day = &stem[at + 1..at + 11];
        let text = fs::read_to_string(&f).unwrap();
        for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            let cells: Vec<&str> = line.split(';').collect();
            assert_eq!(cells.len(), 5, "{name}: five columns only: {line:?}");
            if i == 0 {
                assert_eq!(
                    cells,
                    [
                        "signaal_id",
                        "terugkoppeling",
                        "datum_besluit",
                        "datum_verzonden",
                        "correctie"
                    ]
                );
                continue;
            }
            assert_eq!((cells[3], cells[4]), (day, "nee"), "{name}: {line}");
            let key = (partner.clone(), cells[0].to_string());
            *seen.entry(key.clone()).or_default() += 1;
            lines.insert(
                key,
                (cells[1].to_string(), cells[2].to_string(), name.clone()),
            );
        }
    }
    (lines, seen)
}

fn date_plus(date: &str, days: u64) -> String {
    let d: chrono::NaiveDate = date.parse().unwrap();
    (d + chrono::Days::new(days)).to_string()
}

#[test]
fn three_months_every_signal_of_the_first_gets_one_code_once_due() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let aug = out.join("2026-08");
    let r = run(out, &["run", "--month", "2026-08", "--as-of", "2026-09-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let decisions = read_table(&aug.join("beslissingen.csv"));
    assert!(decisions.len() > 100, "a month of fixture signals");
    // Rows ingest rejected that carry an id of their own are told
    // "onterecht signaal" at once (a second row of a signal is not).
    let rejected: BTreeSet<(String, String)> = read_table(&aug.join("afgewezen.csv"))
        .iter()
        .filter(|r| !r["signaal_id"].is_empty() && r["reden"] != "dubbel_signaal")
        .map(|r| (r["partner"].clone(), r["signaal_id"].clone()))
        .collect();
    let shv: BTreeSet<&str> = decisions
        .iter()
        .filter(|d| d["besluit"] == "werklijst" && d["bekend_shv"] == "ja")
        .map(|d| d["huishouden"].as_str())
        .collect();
    assert!(!shv.is_empty(), "households known to debt help on a list");

    // At once: every signal not picked up has its code, nothing else.
    let (lines, _) = feedback_lines(&aug);
    let screened: BTreeSet<(String, String)> = decisions
        .iter()
        .filter(|d| d["besluit"] == "niet_opgepakt")
        .map(|d| (d["partner"].clone(), d["signaal_id"].clone()))
        .collect();
    assert!(!screened.is_empty());
    assert_eq!(
        lines.keys().cloned().collect::<BTreeSet<_>>(),
        screened.union(&rejected).cloned().collect()
    );

    // The officers work part of the lists: every third household gets a
    // result, the next one an attempt that reached nobody.
    let mut expected: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    let mut unreached = BTreeSet::new();
    let mut n = 0;
    for (li, list) in worklists(&aug).iter().enumerate() {
        let header = header_of(list);
        let mut rows = read_table(list);
        for row in rows.iter_mut().filter(|r| r["kanaal"] == "hoofd") {
            let signals: Vec<(String, String)> = row["signalen"]
                .split(" | ")
                .map(|s| {
                    let (p, id) = s.split_once(':').unwrap();
                    (p.to_string(), id.to_string())
                })
                .collect();
            match n % 3 {
                0 => {
                    let (result, reached, code) = RESULTS[(n / 3) % RESULTS.len()];
                    if let Some(reached) = reached {
                        row.insert("poging1_soort".into(), "Telefoon".into());
                        row.insert("poging1_datum".into(), "5-9-2026".into());
                        row.insert("poging1_dagdeel".into(), "ochtend".into());
                        row.insert(
                            "poging1_bereikt".into(),
                            if reached { "ja" } else { "nee" }.into(),
                        );
                        if !reached {
                            unreached.insert(row["huishouden"].clone());
                        }
                    }
                    row.insert("eindresultaat".into(), result.into());
                    row.insert("datum_eindresultaat".into(), "2026-09-08".into());
                    for s in signals {
                        expected.insert(s, (code.into(), "2026-09-08".into()));
                    }
                }
                1 => {
                    row.insert("poging1_soort".into(), "Huisbezoek".into());
                    row.insert("poging1_datum".into(), "2026-09-04".into());
                    row.insert("poging1_bereikt".into(), "nee".into());
                    unreached.insert(row["huishouden"].clone());
                }
                _ => {}
            }
            n += 1;
        }
        save(list, &rows, &header, li % 2 == 0);
    }
    assert!(n > 30, "enough households worked: {n}");
    for d in &decisions {
        let key = (d["partner"].clone(), d["signaal_id"].clone());
        let received = &d["datum_ontvangst"];
        // Screening codes are decided the day the month was run.
        let want = match d["besluit"].as_str() {
            "niet_opgepakt" => (code_for_reason(&d["reden"]).into(), "2026-09-01".into()),
            "controleren" => ("niet opgepakt".into(), date_plus(received, 28)),
            _ => match expected.get(&key) {
                Some(w) => w.clone(),
                // Left to the debt-help caseworker: what happened.
                None if shv.contains(d["huishouden"].as_str()) => {
                    ("bekend bij SHV".into(), date_plus(received, 28))
                }
                None => (
                    "niet bereikt / wil geen hulp".into(),
                    date_plus(received, 28),
                ),
            },
        };
        expected.insert(key, want);
    }
    for key in &rejected {
        expected.insert(
            key.clone(),
            ("onterecht signaal".into(), "2026-09-01".into()),
        );
    }

    // Two weeks into September: the results and the terms that ended.
    let r = run(out, &["run", "--month", "2026-09", "--as-of", "2026-09-15"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (lines, seen) = feedback_lines(&aug);
    for (key, (code, date, _)) in &lines {
        assert_eq!(
            (code, date),
            (&expected[key].0, &expected[key].1),
            "{key:?}"
        );
        assert!(date.as_str() <= "2026-09-15", "{key:?} sent before due");
    }
    assert!(seen.values().all(|&n| n == 1), "none twice");
    let still_open = expected.len() - lines.len();
    assert!(still_open > 0, "late-August signals are not due yet");

    // A month later everything of August is due, and sent once.
    let r = run(out, &["run", "--month", "2026-10", "--as-of", "2026-10-15"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (lines, seen) = feedback_lines(&aug);
    assert_eq!(lines.len(), expected.len(), "every signal of August");
    for (key, (code, date, _)) in &lines {
        assert_eq!(
            (code, date),
            (&expected[key].0, &expected[key].1),
            "{key:?}"
        );
    }
    assert!(seen.values().all(|&n| n == 1), "none twice");
    assert_eq!(
        lines.values().filter(|l| l.0 == "wil hulp").count(),
        expected.values().filter(|e| e.0 == "wil hulp").count()
    );

    // Running again sends nothing more.
    let before = files_below(&aug.join("terugkoppeling")).len();
    let r = run(out, &["run", "--month", "2026-10", "--as-of", "2026-10-15"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(files_below(&aug.join("terugkoppeling")).len(), before);

    // No name, street, postcode, birth date or BSN went to a partner.
    let mut text = String::new();
    for f in files_below(&aug.join("terugkoppeling")) {
        text += &fs::read_to_string(f).unwrap();
    }
    let signals = read_table(&aug.join("signalen.csv"));
    for s in &signals {
        for col in [
            "geslachtsnaam",
            "straat",
            "postcode",
            "geboortedatum",
            "bsn",
            "telefoon",
        ] {
            let v = s[col].trim();
            if v.len() >= 4 {
                assert!(!text.contains(v), "{col} of a signal is in the feedback");
            }
        }
    }

    // September's signals at an address where August's attempts reached
    // nobody carry the fact `eerder_niet_bereikt`.
    let sept = read_table(&out.join("2026-09/gekoppeld.csv"));
    let at_unreached: Vec<_> = sept
        .iter()
        .filter(|s| s["brp_oordeel"] == "gevonden" && unreached.contains(&s["huishouden"]))
        .collect();
    assert!(!at_unreached.is_empty(), "some addresses come back");
    for s in at_unreached {
        assert_eq!(s["eerder_niet_bereikt"], "ja", "{}", s["signaal_id"]);
    }
}

/// A month run on the fixtures, ready for export-feedback.
fn october() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = run(
        tmp.path(),
        &["run", "--month", "2026-10", "--as-of", "2026-11-01"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    tmp
}

fn export(out: &Path, extra: &[&str]) -> common::Output {
    let mut args = vec![
        "export-feedback",
        "--month",
        "2026-10",
        "--as-of",
        "2026-11-20",
    ];
    args.extend_from_slice(extra);
    run(out, &args)
}

/// Edits the first main row of a work list.
fn edit(list: &Path, f: impl Fn(&mut BTreeMap<String, String>)) {
    let header = header_of(list);
    let mut rows = read_table(list);
    let row = rows.iter_mut().find(|r| r["kanaal"] == "hoofd").unwrap();
    f(row);
    save(list, &rows, &header, true);
}

/// Asserts a failed export: exit 2, every expected piece in stderr, no
/// personal value in it, and nothing written or recorded.
fn assert_refused(out: &Path, r: &common::Output, expected: &[&str]) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    for e in expected {
        assert!(r.stderr.contains(e), "`{e}` not in:\n{}", r.stderr);
    }
    assert!(r.stderr.contains("nothing exported"), "{}", r.stderr);
    for s in read_table(&out.join("2026-10/signalen.csv")) {
        for col in ["geslachtsnaam", "straat", "geboortedatum"] {
            if s[col].len() >= 4 {
                assert!(!r.stderr.contains(&s[col]), "{col} in the message");
            }
        }
    }
    // Only the screening codes of the run are there.
    let files = files_below(&out.join("2026-10/terugkoppeling"));
    assert!(
        files
            .iter()
            .all(|f| f.to_string_lossy().contains("2026-11-01"))
    );
}

#[test]
fn a_renamed_column_is_named_with_a_suggestion() {
    let tmp = october();
    let list = tmp.path().join("2026-10/werklijsten/huisbezoek-oost.csv");
    let text = fs::read_to_string(&list).unwrap();
    fs::write(
        &list,
        text.replacen(";eindresultaat;", ";eind resultaat;", 1),
    )
    .unwrap();
    let r = export(tmp.path(), &[]);
    assert_refused(
        tmp.path(),
        &r,
        &[
            "huisbezoek-oost.csv:1: column `eindresultaat` is missing; did you mean `eind resultaat`?",
        ],
    );
}

#[test]
fn an_unknown_end_result_lists_the_allowed_values() {
    let tmp = october();
    let list = tmp.path().join("2026-10/werklijsten/huisbezoek-oost.csv");
    edit(&list, |r| {
        r.insert("eindresultaat".into(), "quick fx".into());
        r.insert("datum_eindresultaat".into(), "2026-11-10".into());
    });
    let r = export(tmp.path(), &[]);
    assert_refused(
        tmp.path(),
        &r,
        &[
            "huisbezoek-oost.csv:2: field eindresultaat: `quick fx` is not an end result; did you mean `quick fix`?",
            "allowed: quick fix ((Budget)advies en/of quick fix)",
        ],
    );
}

#[test]
fn help_accepted_without_contact_is_refused() {
    let tmp = october();
    let list = tmp.path().join("2026-10/werklijsten/huisbezoek-oost.csv");
    edit(&list, |r| {
        r.insert("eindresultaat".into(), "vervolghulp".into());
        r.insert("datum_eindresultaat".into(), "2026-11-10".into());
        r.insert("poging1_soort".into(), "Huisbezoek".into());
        r.insert("poging1_datum".into(), "2026-11-09".into());
        r.insert("poging1_bereikt".into(), "nee".into());
        r.insert("poging2_soort".into(), "duif".into());
    });
    let r = export(tmp.path(), &[]);
    assert_refused(
        tmp.path(),
        &r,
        &[
            "huisbezoek-oost.csv:2: field poging2_soort: `duif` is not a contact kind",
            "field poging2_datum: missing",
            "field poging2_bereikt: missing",
            "field eindresultaat: `Vervolghulp en/of verwijzing` tells the partner the resident \
             wants help, but no contact attempt has bereikt = ja",
            "4 problems in the work lists of 2026-10",
        ],
    );
}

#[test]
fn a_work_list_of_another_month_is_refused() {
    let tmp = october();
    let list = tmp.path().join("2026-10/werklijsten/telefoon.csv");
    let text = fs::read_to_string(&list).unwrap();
    fs::write(&list, text.replace("2026-10/hh-", "2026-09/hh-")).unwrap();
    let r = export(tmp.path(), &[]);
    assert_refused(
        tmp.path(),
        &r,
        &["telefoon.csv:2: field zaak: the work list is of 2026-09, not of 2026-10"],
    );
}

#[test]
fn an_unknown_signal_id_is_refused() {
    let tmp = october();
    let list = tmp.path().join("2026-10/werklijsten/huisbezoek-oost.csv");
    edit(&list, |r| {
        let first = r["signalen"].split(" | ").next().unwrap().to_string();
        let (partner, _) = first.split_once(':').unwrap();
        r.insert("signalen".into(), format!("{partner}:XX-999"));
    });
    let r = export(tmp.path(), &[]);
    let partner_signal = "field signalen: signal `";
    assert_refused(
        tmp.path(),
        &r,
        &[
            "huisbezoek-oost.csv:2: ",
            partner_signal,
            ":XX-999` is not a signal of 2026-10",
        ],
    );
}

#[test]
fn one_household_with_two_results_in_two_lists_is_refused() {
    let tmp = october();
    let dir = tmp.path().join("2026-10/werklijsten");
    // A match is on the visit list and, as an extra channel, on the
    // letter list; the two rows get different results.
    // Home visits are one list per wijk team.
    let letters = read_table(&dir.join("brief.csv"));
    let (visits, household) = worklists(&tmp.path().join("2026-10"))
        .into_iter()
        .filter(|f| {
            f.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("huisbezoek-")
        })
        .find_map(|f| {
            let h = read_table(&f)
                .iter()
                .map(|r| r["huishouden"].clone())
                .find(|h| letters.iter().any(|l| &l["huishouden"] == h))?;
            Some((f.file_name().unwrap().to_string_lossy().into_owned(), h))
        })
        .expect("a household on both lists");
    for (file, result) in [
        (visits.as_str(), "geen contact"),
        ("brief.csv", "andere reden"),
    ] {
        let path = dir.join(file);
        let header = header_of(&path);
        let mut rows = read_table(&path);
        let row = rows
            .iter_mut()
            .find(|r| r["huishouden"] == household)
            .unwrap();
        row.insert("eindresultaat".into(), result.into());
        row.insert("datum_eindresultaat".into(), "2026-11-12".into());
        save(&path, &rows, &header, false);
    }
    let r = export(tmp.path(), &[]);
    assert_refused(
        tmp.path(),
        &r,
        &[
            "field eindresultaat: household",
            "has another end result in",
            "one case has one end result",
        ],
    );
}

#[test]
fn export_feedback_alone_sends_what_is_due_once_and_again_on_request() {
    let tmp = october();
    let out = tmp.path();
    let list = out.join("2026-10/werklijsten/telefoon.csv");
    edit(&list, |r| {
        r.insert("poging1_soort".into(), "bellen".into());
        r.insert("poging1_datum".into(), "2026-11-03".into());
        r.insert("poging1_dagdeel".into(), "Avond".into());
        r.insert("poging1_bereikt".into(), "ja".into());
        r.insert("eindresultaat".into(), "Quick Fix".into());
    });
    let check = export(out, &["--check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let before = files_below(&out.join("2026-10/terugkoppeling")).len();
    let r = export(out, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = common::json(&r);
    assert_eq!(j, common::json(&check), "--check shows what is then sent");
    assert!(j["sent"].as_u64().unwrap() > 0);
    assert_eq!(
        j["by_code"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        j["sent"].as_u64().unwrap()
    );
    assert!(j["by_code"]["wil hulp"].as_u64().unwrap() >= 1);
    assert!(files_below(&out.join("2026-10/terugkoppeling")).len() > before);
    assert_eq!(j["recorded"]["with_result"], 1);
    // Nothing twice: a second export the same day sends nothing.
    let again = export(out, &["--format", "json"]);
    let j2 = common::json(&again);
    assert_eq!(j2["sent"], 0);
    assert_eq!(
        j2["already_sent"].as_u64().unwrap(),
        j["sent"].as_u64().unwrap() + j["already_sent"].as_u64().unwrap()
    );
    // --again sends the month once more, in a numbered file of the day.
    let resend = export(out, &["--again", "--format", "json"]);
    let j3 = common::json(&resend);
    assert_eq!(j3["sent"], j2["already_sent"]);
    assert!(
        files_below(&out.join("2026-10/terugkoppeling"))
            .iter()
            .any(|f| f.to_string_lossy().ends_with("-2026-11-20-2.csv"))
    );
}

/// Reads every sheet of a workbook as (name, rows of cells as shown).
fn read_book(path: &Path) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range.rows().map(<[calamine::Data]>::to_vec).collect())
        })
        .collect()
}

/// Saves the workbook again the way Excel does after an officer typed in
/// it: dates as date cells, `bereikt` as TRUE/FALSE, the rest as text.
fn save_book(
    path: &Path,
    sheets: &[(String, Vec<Vec<calamine::Data>>)],
    edit: impl Fn(&str, &str, usize) -> Option<calamine::Data>,
) {
    use calamine::Data;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let date_format = Format::new().set_num_format("d-m-yyyy");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let cell = edit(name, &header[c], r).unwrap_or_else(|| cell.clone());
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Empty => {}
                    Data::Bool(b) => {
                        sheet.write_boolean(r, c, b).unwrap();
                    }
                    Data::DateTimeIso(d) => {
                        let (y, m, d) = (&d[0..4], &d[5..7], &d[8..10]);
                        let date = ExcelDateTime::from_ymd(
                            y.parse().unwrap(),
                            m.parse().unwrap(),
                            d.parse().unwrap(),
                        )
                        .unwrap();
                        sheet
                            .write_datetime_with_format(r, c, &date, &date_format)
                            .unwrap();
                    }
                    other => {
                        sheet.write_string(r, c, other.to_string()).unwrap();
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn results_typed_into_the_workbook_come_back() {
    use calamine::Data;
    let tmp = october();
    let out = tmp.path();
    let path = out.join("2026-10/werklijsten/werklijsten.xlsx");
    let sheets = read_book(&path);
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert!(
        names.contains(&"telefoon") && names.contains(&"lijsten"),
        "{names:?}"
    );
    let (_, telefoon) = sheets.iter().find(|s| s.0 == "telefoon").unwrap();
    let csv = read_table(&out.join("2026-10/werklijsten/telefoon.csv"));
    assert_eq!(telefoon.len(), csv.len() + 1, "same rows as the CSV list");
    let header: Vec<String> = telefoon[0].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        telefoon[1][col("huishouden")].to_string(),
        csv[0]["huishouden"]
    );
    let signals = telefoon[1][col("signalen")]
        .to_string()
        .split(" | ")
        .count() as u64;

    let typed = |result: &'static str| {
        move |sheet: &str, column: &str, row: usize| -> Option<Data> {
            if sheet != "telefoon" || row != 1 {
                return None;
            }
            match column {
                "poging1_soort" => Some(Data::String("Telefoon".into())),
                "poging1_datum" => Some(Data::DateTimeIso("2026-11-03".into())),
                "poging1_dagdeel" => Some(Data::String("Middag".into())),
                "poging1_bereikt" => Some(Data::Bool(true)),
                "eindresultaat" => Some(Data::String(result.into())),
                "datum_eindresultaat" => Some(Data::DateTimeIso("2026-11-04".into())),
                _ => None,
            }
        }
    };
    save_book(&path, &sheets, typed("quick fx"));
    let r = export(out, &[]);
    assert_refused(
        out,
        &r,
        &["werklijsten.xlsx[telefoon]:2: field eindresultaat: `quick fx` is not an end result"],
    );

    save_book(&path, &sheets, typed("(Budget)advies en/of quick fix"));
    let r = export(out, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = common::json(&r);
    assert_eq!(j["recorded"]["with_result"], 1);
    assert_eq!(j["recorded"]["attempts"], 1);
    assert_eq!(j["by_code"]["wil hulp"].as_u64(), Some(signals));

    // Prioritised again, the officer's work in the workbook is kept, and
    // now also in the CSV list; nothing changes for the partners.
    let again = run(out, &["prioritise", "--month", "2026-10"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let csv = read_table(&out.join("2026-10/werklijsten/telefoon.csv"));
    assert_eq!(csv[0]["eindresultaat"], "(Budget)advies en/of quick fix");
    assert_eq!(csv[0]["poging1_datum"], "2026-11-03");
    let book = read_book(&path);
    let sheet = &book.iter().find(|(n, _)| n == "telefoon").unwrap().1;
    let col = |name: &str| sheet[0].iter().position(|c| *c == name).unwrap();
    assert_eq!(
        sheet[1][col("eindresultaat")].to_string(),
        "(Budget)advies en/of quick fix"
    );
    let r = export(out, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(common::json(&r)["sent"], 0, "sent once");
}

#[test]
fn rows_deleted_from_the_work_lists_are_named_and_stay_open() {
    let tmp = october();
    let out = tmp.path();
    let lists = out.join("2026-10/werklijsten");
    fs::remove_file(lists.join("werklijsten.xlsx")).unwrap();
    // Delete the first case of the phone list, as an officer might by
    // mistake (its main row and any rows of its other signals).
    let list = lists.join("telefoon.csv");
    let header = header_of(&list);
    let rows = read_table(&list);
    let gone = rows[0]["zaak"].clone();
    let kept: Table = rows.iter().filter(|r| r["zaak"] != gone).cloned().collect();
    save(&list, &kept, &header, true);
    let before = common::snapshot(out);
    let strict = export(out, &["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict.stderr.contains(&format!(
            "1 case(s) on the work lists are in none of the lists read (rows deleted?): {gone}"
        )),
        "{}",
        strict.stderr
    );
    common::assert_unchanged(&before, &common::snapshot(out), "--strict sends nothing");

    let r = export(out, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = common::json(&r);
    assert_eq!(j["missing_cases"], serde_json::json!([gone]));
    // Its signals got no code; every other signal did.
    let household = gone.split('/').nth(1).unwrap();
    let decisions = read_table(&out.join("2026-10/beslissingen.csv"));
    let held: BTreeSet<Key> = decisions
        .iter()
        .filter(|d| d["huishouden"] == household)
        .map(|d| (d["partner"].clone(), d["signaal_id"].clone()))
        .collect();
    assert!(!held.is_empty());
    let (lines, _) = feedback_lines(&out.join("2026-10"));
    for k in &held {
        assert!(!lines.contains_key(k), "{k:?} stays open");
    }
    let open: BTreeSet<Key> = j["open_signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["partner"].as_str().unwrap().to_string(),
                o["signal_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        held.is_subset(&open),
        "the deleted case stays open: {open:?}"
    );
    // Without the deletion, the same day closes that case at its term.
    let (reference, _) = {
        let tmp = october();
        assert_eq!(export(tmp.path(), &[]).code, 0);
        feedback_lines(&tmp.path().join("2026-10"))
    };
    assert!(held.iter().all(|k| reference.contains_key(k)), "{held:?}");
}

#[test]
fn attempts_after_the_result_or_a_result_without_its_contact_are_refused() {
    // "advies" dated before the only attempt that reached the resident.
    let tmp = october();
    let list = tmp.path().join("2026-10/werklijsten/huisbezoek-oost.csv");
    edit(&list, |r| {
        r.insert("eindresultaat".into(), "advies".into());
        r.insert("datum_eindresultaat".into(), "2026-11-05".into());
        r.insert("poging1_soort".into(), "Huisbezoek".into());
        r.insert("poging1_datum".into(), "2026-11-10".into());
        r.insert("poging1_bereikt".into(), "ja".into());
    });
    let r = export(tmp.path(), &[]);
    assert_refused(
        tmp.path(),
        &r,
        &[
            "huisbezoek-oost.csv:2: field datum_eindresultaat: the end result is dated 2026-11-05, \
           before contact attempt 1 (2026-11-10)",
        ],
    );
    // "Geen reactie na eerder contact" with nobody ever reached.
    let tmp = october();
    let list = tmp.path().join("2026-10/werklijsten/huisbezoek-oost.csv");
    edit(&list, |r| {
        r.insert("eindresultaat".into(), "geen reactie".into());
        r.insert("datum_eindresultaat".into(), "2026-11-12".into());
        r.insert("poging1_soort".into(), "Huisbezoek".into());
        r.insert("poging1_datum".into(), "2026-11-10".into());
        r.insert("poging1_bereikt".into(), "nee".into());
    });
    let r = export(tmp.path(), &[]);
    assert_refused(
        tmp.path(),
        &r,
        &[
            "field eindresultaat: `Geen reactie na eerder contact` says there was contact before, \
           but no contact attempt has bereikt = ja",
        ],
    );
}

/// A workbook nobody touched since it was written holds nothing its CSV
/// lists do not, and is not read again; any change to it, or a CSV list
/// gone, makes it count again.
#[test]
fn an_untouched_workbook_is_skipped_and_a_touched_one_read() {
    use vroegsignaal::prioritise::worklists::worklist_files;
    let tmp = october();
    let month = tmp.path().join("2026-10");
    let book = month.join("werklijsten/werklijsten.xlsx");
    let is_read = || worklist_files(&month).unwrap().contains(&book);
    assert!(!is_read(), "untouched: the CSV lists say it all");
    let csvs = worklist_files(&month).unwrap();
    assert!(csvs.len() > 3, "{csvs:?}");
    assert!(csvs.iter().all(|f| f.extension().unwrap() == "csv"));

    // Saved again by a spreadsheet (other bytes, perhaps the same cells).
    let original = fs::read(&book).unwrap();
    let mut changed = original.clone();
    changed.extend_from_slice(b"\0");
    fs::write(&book, &changed).unwrap();
    assert!(is_read(), "a changed workbook is read");

    // The same bytes again, but a CSV list moved away.
    fs::write(&book, &original).unwrap();
    assert!(!is_read());
    let telefoon = month.join("werklijsten/telefoon.csv");
    fs::rename(&telefoon, month.join("telefoon.csv")).unwrap();
    assert!(is_read(), "without every CSV list the workbook counts");
}
