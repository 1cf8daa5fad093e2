//! `ingest` on the example municipality and on hand-made exports.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;

const MONTHS: &[&str] = &[
    "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
];

/// Every row of every fixture month ends as a signal or a rejection, and
/// each error the generator injected is rejected with its reason (the
/// generator's truth file says which, independently of ingest).
#[test]
fn every_fixture_row_is_accounted_for_with_the_injected_reason() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_str().unwrap();
    let mut injected_seen = 0;
    for month in MONTHS {
        let r = run(&[
            "ingest", "--month", month, "--out", out_dir, "--format", "json", "--quiet",
        ]);
        assert_eq!(r.code, 0, "{month}: {}", r.stderr);
        let j = json(&r);
        assert_eq!(
            j["rows"],
            j["accepted"].as_u64().unwrap() + j["rejected"].as_u64().unwrap()
        );
        for (partner, s) in j["by_partner"].as_object().unwrap() {
            let (rows, acc, rej) = (
                s["rows"].as_u64().unwrap(),
                s["accepted"].as_u64().unwrap(),
                s["rejected"].as_u64().unwrap(),
            );
            assert_eq!(rows, acc + rej, "{month} {partner}");
        }
        let dir = out.path().join(month);
        let signals = read_table(&dir.join("signalen.csv"));
        let rejected = read_table(&dir.join("afgewezen.csv"));
        let truth = read_table(&repo().join(format!("fixtures/truth/{month}.csv")));
        assert_eq!(truth.len(), signals.len() + rejected.len(), "{month}");
        assert_eq!(j["rows"].as_u64().unwrap() as usize, truth.len());
        let key = |file: &str, line: &str| {
            (
                file.rsplit('/').next().unwrap().to_string(),
                line.to_string(),
            )
        };
        let got: BTreeMap<_, _> = rejected
            .iter()
            .map(|r| (key(&r["bronbestand"], &r["bronregel"]), r["reden"].clone()))
            .collect();
        for t in &truth {
            let k = key(&t["bronbestand"], &t["bronregel"]);
            let expected = &t["verwacht_afgewezen"];
            assert_eq!(
                got.get(&k).map_or("", String::as_str),
                expected.as_str(),
                "{month} {k:?}"
            );
            injected_seen += usize::from(!expected.is_empty());
        }
        let warnings: BTreeMap<_, _> = signals
            .iter()
            .map(|s| {
                (
                    key(&s["bronbestand"], &s["bronregel"]),
                    s["waarschuwingen"].clone(),
                )
            })
            .collect();
        for t in &truth {
            // Warnings belong to accepted rows; a rejected row has none.
            if !t["verwacht_afgewezen"].is_empty() {
                continue;
            }
            for tag in t["afwijkingen"]
                .split('|')
                .filter_map(|a| a.strip_prefix("w:"))
            {
                let k = key(&t["bronbestand"], &t["bronregel"]);
                assert!(
                    warnings[&k].split('|').any(|w| w == tag),
                    "{month} {k:?}: {tag} not flagged"
                );
            }
        }
    }
    assert!(
        injected_seen >= 10,
        "the fixtures carry too few injected errors ({injected_seen}) to test this"
    );
}

#[test]
fn same_inputs_give_byte_identical_outputs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        let r = run(&[
            "ingest",
            "--month",
            "2026-09",
            "--out",
            dir.path().to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    for f in ["signalen.csv", "afgewezen.csv"] {
        let x = fs::read(a.path().join("2026-09").join(f)).unwrap();
        let y = fs::read(b.path().join("2026-09").join(f)).unwrap();
        assert!(!x.is_empty());
        assert_eq!(x, y, "{f} differs between runs");
    }
}

#[cfg(unix)]
#[test]
fn outputs_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "ingest",
        "--month",
        "2026-10",
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = out.path().join("2026-10");
    assert_eq!(
        fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for f in ["signalen.csv", "afgewezen.csv"] {
        assert_eq!(
            fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o777,
            0o600,
            "{f}"
        );
    }
}

#[test]
fn excel_and_plain_dialects() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    run(&["ingest", "--month", "2026-10", "--out", o, "--quiet"]);
    let excel = fs::read(out.path().join("2026-10/signalen.csv")).unwrap();
    assert!(excel.starts_with(b"\xEF\xBB\xBFsignaal_id;partner;"));
    assert!(excel.windows(2).any(|w| w == b"\r\n"));
    let plain_dir = tempfile::tempdir().unwrap();
    run(&[
        "ingest",
        "--month",
        "2026-10",
        "--out",
        plain_dir.path().to_str().unwrap(),
        "--csv",
        "plain",
        "--quiet",
    ]);
    let plain = fs::read(plain_dir.path().join("2026-10/signalen.csv")).unwrap();
    assert!(plain.starts_with(b"signaal_id,partner,"));
    assert!(!plain.contains(&b'\r'));
    assert_eq!(
        read_table(&out.path().join("2026-10/signalen.csv")),
        read_table(&plain_dir.path().join("2026-10/signalen.csv"))
    );
}

/// Known layouts from the example partners decode to the right values.
#[test]
fn partner_layouts_are_read_into_canonical_fields() {
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "ingest",
        "--month",
        "2026-10",
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let signals = read_table(&out.path().join("2026-10/signalen.csv"));
    let raw = fs::read_to_string(repo().join("fixtures/exports/2026-10/energie-samen-2026-10.csv"))
        .unwrap();
    // energie-samen: "1234.56" amounts, ISO dates, kinds from a code column.
    let first = raw.lines().nth(1).unwrap();
    let cells: Vec<&str> = first.split(',').collect();
    let s = signals
        .iter()
        .find(|s| s["signaal_id"] == cells[0])
        .unwrap();
    assert_eq!(s["datum_ontvangst"], cells[1]);
    let cents: i64 = cells[12].replace('.', "").parse().unwrap();
    assert_eq!(s["bedrag_cent"], cents.to_string());
    let kind = match cells[2] {
        "VS" => "vroegsignaal",
        "GA" => "geactualiseerd",
        "EL" => "eindelevering",
        _ => "crisis",
    };
    assert_eq!(s["soort"], kind);
    // Every partner's signals carry the configured partner type.
    for s in &signals {
        let expected = match s["partner"].as_str() {
            "zorg-noordkust" | "zorg-zuid" => "zorg",
            "energie-samen" => "energie",
            "water-rijnvelde" => "water",
            _ => "huur",
        };
        assert_eq!(s["partnertype"], expected);
        assert!(
            s["postcode"].is_empty() || s["postcode"].len() == 7,
            "postcode normal form"
        );
    }
}

#[test]
fn windows_1252_is_detected_and_decoded() {
    let sb = Sandbox::new();
    let mut body = HEADER.as_bytes().to_vec();
    // "Çelik" and "€ 12,50" in Windows-1252 bytes.
    body.extend_from_slice(
        b"K1;01-10-2026;\xC7elik;A.;01-02-1980;Kerkstraat;1;1234 AB;\x80 12,50\r\n",
    );
    sb.export(&body);
    let r = sb.ingest(&["--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = read_table(&sb.path().join("uit/2026-10/signalen.csv"));
    assert_eq!(s[0]["geslachtsnaam"], "Çelik");
    assert_eq!(s[0]["bedrag_cent"], "1250");
}

#[test]
fn combined_name_and_address_fields() {
    let sb = Sandbox::new();
    sb.write(
        "profile.toml",
        r#"
[columns]
signal_id = "id"
full_name = "naam"
address = "adres"
postcode = "pc"
amount = "bedrag"
"#,
    );
    sb.export("id,naam,adres,pc,bedrag\n1,\"Jansen-de Vries, P.J.\",Kerkstraat 12 A,1234ab,10\n2,\"de Vries, Jan\",Dorpsweg 3-bis,1234 AB,20\n".as_bytes());
    let r = sb.ingest(&["--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = read_table(&sb.path().join("uit/2026-10/signalen.csv"));
    assert_eq!(
        (s[0]["geslachtsnaam"].as_str(), s[0]["voorletters"].as_str()),
        ("Jansen-de Vries", "P.J.")
    );
    assert_eq!(
        (
            s[0]["straat"].as_str(),
            s[0]["huisnummer"].as_str(),
            s[0]["huisletter"].as_str()
        ),
        ("Kerkstraat", "12", "A")
    );
    assert_eq!(s[0]["postcode"], "1234 AB");
    assert_eq!(
        (
            s[1]["voorvoegsel"].as_str(),
            s[1]["geslachtsnaam"].as_str(),
            s[1]["voornamen"].as_str()
        ),
        ("de", "Vries", "Jan")
    );
    assert_eq!(
        (s[1]["huisnummer"].as_str(), s[1]["toevoeging"].as_str()),
        ("3", "bis")
    );
    // No received column: the first day of the month.
    assert_eq!(s[0]["datum_ontvangst"], "2026-10-01");
}

#[test]
fn formula_cells_are_neutralised_for_excel() {
    let sb = Sandbox::new();
    sb.export(
        format!("{HEADER}K1;01-10-2026;=HYPERLINK(\"x\");@A;01-02-1980;+Straat;1;1234 AB;10\n")
            .as_bytes(),
    );
    let r = sb.ingest(&["--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(sb.path().join("uit/2026-10/signalen.csv")).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains(";'+Straat;"), "{text}");
    for line in text.lines() {
        for cell in line.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@']) && !cell.starts_with("-"),
                "unguarded cell {cell}"
            );
        }
    }
}

#[test]
fn field_validation_flags_and_rejections() {
    let sb = Sandbox::new();
    sb.write(
        "profile.toml",
        &format!("{PROFILE}phone = \"Tel\"\nbsn = \"BSN\"\nbusiness_name = \"Bedrijf\"\n"),
    );
    let header = "Kenmerk;Datum;Achternaam;Voorletters;Geboortedatum;Straat;Huisnr;Postcode;Bedrag;Tel;BSN;Bedrijf\n";
    let rows = [
        "K1;01-10-2026;Jansen;A.;31-02-1980;Kerkstraat;1;1234 AB;10;06-1234;111222334;", // impossible date, short phone, bad BSN
        "K2;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;0123 AB;0;0612345678;111222333;", // zero amount
        "K3;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;-5;;;",                   // negative
        "K4;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;veel;;;", // unreadable
        "K5;01-10-2026;;;;Kerkstraat;1;1234 AB;12;;;Jansen Holding B.V.", // legal person
        "K5;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;12;;;",   // duplicate id
        "K6;32-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;12;;;",   // bad received date
        "K7;01-10-2026;Jansen;A.",                                       // ragged
    ];
    sb.export(format!("{header}{}\n", rows.join("\n")).as_bytes());
    let r = sb.ingest(&["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(
        (
            j["rows"].as_u64(),
            j["accepted"].as_u64(),
            j["rejected"].as_u64()
        ),
        (Some(8), Some(2), Some(6))
    );
    let rej = read_table(&sb.path().join("uit/2026-10/afgewezen.csv"));
    let reasons: Vec<(&str, &str, &str)> = rej
        .iter()
        .map(|r| {
            (
                r["bronregel"].as_str(),
                r["reden"].as_str(),
                r["veld"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("3", "bedrag_niet_positief", "Bedrag"),
            ("4", "bedrag_niet_positief", "Bedrag"),
            ("5", "bedrag_ongeldig", "Bedrag"),
            ("7", "dubbel_signaal", "Kenmerk"),
            ("8", "datum_ontvangst_ongeldig", "Datum"),
            ("9", "rij_onvolledig", "Geboortedatum"),
        ]
    );
    let s = read_table(&sb.path().join("uit/2026-10/signalen.csv"));
    assert_eq!(
        s[0]["waarschuwingen"],
        "bsn_ongeldig|telefoon_ongeldig|geboortedatum_ongeldig"
    );
    assert_eq!(
        (
            s[0]["bsn"].as_str(),
            s[0]["telefoon"].as_str(),
            s[0]["geboortedatum"].as_str()
        ),
        ("", "", "")
    );
    assert_eq!(
        (
            s[1]["rechtspersoon"].as_str(),
            s[1]["bedrijfsnaam"].as_str()
        ),
        ("ja", "Jansen Holding B.V.")
    );
    // The rejection list holds no personal values.
    let text = fs::read_to_string(sb.path().join("uit/2026-10/afgewezen.csv")).unwrap();
    assert!(!text.contains("Jansen") && !text.contains("Kerkstraat") && !text.contains("1980"));
    // Nor does stderr.
    assert!(
        !r.stderr.contains("Jansen") && !r.stderr.contains("Kerkstraat"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("proef-2026-10.csv:3: bedrag_niet_positief"),
        "{}",
        r.stderr
    );
}

#[test]
fn strict_exits_1_when_rows_were_rejected() {
    let sb = Sandbox::new();
    sb.export(
        format!("{HEADER}K1;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;0\n").as_bytes(),
    );
    assert_eq!(sb.ingest(&["--quiet"]).code, 0);
    assert_eq!(sb.ingest(&["--quiet", "--strict"]).code, 1);
}

#[test]
fn profile_mode_reads_single_files_without_a_config() {
    let out = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let export = repo().join("fixtures/exports/2026-10/water-rijnvelde-2026-10.csv");
    let profile = repo().join("config/partners/water-rijnvelde.toml");
    // A profile without a partner type cannot know what the partner is.
    let untyped = work.path().join("untyped.toml");
    let text = fs::read_to_string(&profile).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("partner_type"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&untyped, without).unwrap();
    let ingest = |profile: &str| {
        run_in(
            work.path(),
            &[
                "ingest",
                "--profile",
                profile,
                "--out",
                out.path().to_str().unwrap(),
                "--format",
                "json",
                export.to_str().unwrap(),
            ],
        )
    };
    let r = ingest("untyped.toml");
    assert_eq!(r.code, 78, "{}", r.stderr);
    assert!(r.stderr.contains("partner type"), "{}", r.stderr);
    // The shipped profile carries its type: it works alone.
    let r = ingest(profile.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(j["month"], "2026-10");
    assert!(j["by_partner"]["water-rijnvelde"]["rows"].as_u64().unwrap() > 0);
    assert!(out.path().join("2026-10/signalen.csv").is_file());
}

#[test]
fn month_defaults_to_the_latest_with_exports() {
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "ingest",
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["month"], "2026-10");
    assert!(r.stderr.contains("using 2026-10"), "{}", r.stderr);
}

#[test]
fn xlsx_exports_are_read_with_their_cell_types() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Achterstanden").unwrap();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    // A title line above the header, as exports often have.
    sheet
        .write_string(0, 0, "Export achterstanden oktober")
        .unwrap();
    let header = [
        "Dossier", "Datum", "Naam", "Geboren", "Straat", "Nr", "Postcode", "Telefoon", "Bedrag",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let day = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap();
    sheet.write_string(2, 0, "D-001").unwrap();
    sheet
        .write_datetime_with_format(2, 1, day(2026, 10, 7), &date)
        .unwrap();
    sheet.write_string(2, 2, "Jansen, P.").unwrap();
    sheet
        .write_datetime_with_format(2, 3, day(1980, 2, 1), &date)
        .unwrap();
    sheet.write_string(2, 4, "Kerkstraat").unwrap();
    sheet.write_number(2, 5, 12.0).unwrap();
    sheet.write_string(2, 6, "1234 AB").unwrap();
    sheet.write_string(2, 7, "0612345678").unwrap();
    sheet.write_number(2, 8, 1234.5).unwrap();
    // A row whose amount is no number: rejected with its sheet row.
    sheet.write_string(3, 0, "D-002").unwrap();
    sheet
        .write_datetime_with_format(3, 1, day(2026, 10, 8), &date)
        .unwrap();
    sheet.write_string(3, 2, "Smit, A.").unwrap();
    sheet.write_string(3, 4, "Kerkstraat").unwrap();
    sheet.write_number(3, 5, 14.0).unwrap();
    sheet.write_string(3, 6, "1234 AB").unwrap();
    sheet.write_string(3, 8, "veel").unwrap();
    let export = dir.path().join("verhuurder-2026-10.xlsx");
    book.save(&export).unwrap();
    let profile = dir.path().join("verhuurder.toml");
    fs::write(
        &profile,
        r#"partner_type = "huur"
header_row = 2
date_format = "dd-mm-jjjj"
decimal_separator = ","
sheet = "Achterstanden"
[columns]
signal_id = "Dossier"
received = "Datum"
full_name = "Naam"
birth_date = "Geboren"
street = "Straat"
house_number = "Nr"
postcode = "Postcode"
phone = "Telefoon"
amount = "Bedrag"
"#,
    )
    .unwrap();
    let out = dir.path().join("uit");
    let r = run_in(
        dir.path(),
        &[
            "ingest",
            "--profile",
            profile.to_str().unwrap(),
            export.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let signals = read_table(&out.join("2026-10/signalen.csv"));
    assert_eq!(signals.len(), 1);
    let s = &signals[0];
    assert_eq!(s["datum_ontvangst"], "2026-10-07");
    assert_eq!(s["geboortedatum"], "1980-02-01");
    assert_eq!(s["bedrag_cent"], "123450");
    assert_eq!(
        s["telefoon"].trim_start_matches('\''),
        "0612345678",
        "leading zero kept"
    );
    assert_eq!(s["huisnummer"], "12");
    let rejected = read_table(&out.join("2026-10/afgewezen.csv"));
    assert_eq!(
        (
            rejected[0]["bronregel"].as_str(),
            rejected[0]["reden"].as_str()
        ),
        ("4", "bedrag_ongeldig"),
        "the sheet's own row number"
    );
}
