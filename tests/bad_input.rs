//! Bad input: one clear line naming file, line and field; the right exit
//! code; no output files; no personal values in the message.

mod common;

use common::*;

/// The error is one line (plus nothing else on stderr), names `needle`, and
/// no output file was written.
fn assert_clean_failure(sb: &Sandbox, out: &Output, code: i32, needles: &[&str]) {
    assert_eq!(out.code, code, "stderr: {}", out.stderr);
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "one error line expected: {}", out.stderr);
    for n in needles {
        assert!(errors[0].contains(n), "`{n}` missing in: {}", errors[0]);
    }
    assert!(
        !out.stderr.contains("panicked") && !out.stderr.contains("RUST_BACKTRACE"),
        "{}",
        out.stderr
    );
    assert_eq!(
        sb.outputs(),
        Vec::<std::path::PathBuf>::new(),
        "no output may be written on failure"
    );
}

#[test]
fn missing_export_folder_is_an_error() {
    let sb = Sandbox::new();
    let out = sb.ingest(&[]);
    assert_clean_failure(&sb, &out, 2, &["no partner exports found for 2026-10"]);
}

#[test]
fn missing_config_file() {
    let sb = Sandbox::new();
    let out = run_in(
        sb.path(),
        &["ingest", "--config", "nope.toml", "--month", "2026-10"],
    );
    assert_clean_failure(&sb, &out, 78, &["nope.toml", "no such file"]);
}

#[test]
fn missing_file_in_profile_mode() {
    let sb = Sandbox::new();
    sb.write("p.toml", &format!("partner_type = \"zorg\"\n{PROFILE}"));
    let out = run_in(
        sb.path(),
        &[
            "ingest",
            "--profile",
            "p.toml",
            "--month",
            "2026-10",
            "--out",
            "uit",
            "geen-2026-10.csv",
        ],
    );
    assert_clean_failure(&sb, &out, 2, &["geen-2026-10.csv", "no such file"]);
}

#[test]
fn a_directory_instead_of_a_file() {
    let sb = Sandbox::new();
    sb.write("p.toml", &format!("partner_type = \"zorg\"\n{PROFILE}"));
    std::fs::create_dir_all(sb.path().join("map")).unwrap();
    let out = run_in(
        sb.path(),
        &[
            "ingest",
            "--profile",
            "p.toml",
            "--month",
            "2026-10",
            "--out",
            "uit",
            "map",
        ],
    );
    assert_clean_failure(&sb, &out, 2, &["map", "is a directory"]);
}

#[test]
fn empty_file() {
    let sb = Sandbox::new();
    sb.export(b"");
    assert_clean_failure(&sb, &sb.ingest(&[]), 2, &["proef-2026-10.csv", "empty"]);
}

#[test]
fn header_only_is_a_month_without_signals() {
    let sb = Sandbox::new();
    sb.export(HEADER.as_bytes());
    let out = sb.ingest(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out)["rows"], 0);
    assert!(out.stderr.contains("header only"), "{}", out.stderr);
    assert_eq!(
        read_table(&sb.path().join("uit/2026-10/signalen.csv")).len(),
        0
    );
}

#[test]
fn a_profile_column_that_is_not_there_suggests_the_closest() {
    let sb = Sandbox::new();
    sb.write(
        "profile.toml",
        &PROFILE.replace("\"Geboortedatum\"", "\"Geboortedatun\""),
    );
    sb.export(
        format!("{HEADER}K1;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;10\n").as_bytes(),
    );
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        78,
        &[
            "proef-2026-10.csv:1",
            "`Geboortedatun`",
            "columns.birth_date",
            "did you mean `Geboortedatum`?",
        ],
    );
}

#[test]
fn ragged_rows_are_rejected_not_fatal() {
    let sb = Sandbox::new();
    sb.export(
        format!("{HEADER}K1;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;10\nK2;01-10-2026;Jansen\nK3;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;10;extra;x\n")
            .as_bytes(),
    );
    let out = sb.ingest(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = json(&out);
    assert_eq!(
        (j["accepted"].as_u64(), j["rejected"].as_u64()),
        (Some(1), Some(2))
    );
    let rej = read_table(&sb.path().join("uit/2026-10/afgewezen.csv"));
    assert_eq!(rej[0]["reden"], "rij_onvolledig");
    assert_eq!(rej[1]["reden"], "rij_te_lang");
}

#[test]
fn an_unterminated_quote_stops_with_its_line() {
    let sb = Sandbox::new();
    sb.export(
        format!("{HEADER}K1;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;10\nK2;01-10-2026;\"Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;10\nK3;01-10-2026;Smit;B.;1-2-1980;Kerkstraat;2;1234 AB;10\n")
            .as_bytes(),
    );
    let out = sb.ingest(&[]);
    assert_clean_failure(&sb, &out, 2, &["proef-2026-10.csv:3", "never closed"]);
    assert!(!out.stderr.contains("Jansen"));
}

#[test]
fn bytes_not_valid_in_the_declared_encoding() {
    let sb = Sandbox::new();
    sb.write("profile.toml", &format!("encoding = \"utf-8\"\n{PROFILE}"));
    let mut body = HEADER.as_bytes().to_vec();
    body.extend_from_slice(b"K1;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;10\n");
    body.extend_from_slice(b"K2;01-10-2026;\xC7elik;A.;1-2-1980;Kerkstraat;1;1234 AB;10\n");
    sb.export(&body);
    let out = sb.ingest(&[]);
    assert_clean_failure(
        &sb,
        &out,
        2,
        &[
            "proef-2026-10.csv:3",
            "column `Achternaam`",
            "not valid UTF-8",
        ],
    );
}

#[test]
fn a_binary_file() {
    let sb = Sandbox::new();
    sb.export(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00binary");
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        2,
        &["proef-2026-10.csv", "not a text file"],
    );
}

#[test]
fn config_that_is_not_toml_names_line_and_column() {
    let sb = Sandbox::new();
    sb.write("config.toml", "output = \"uit\"\n[municipality\nname = 1\n");
    assert_clean_failure(&sb, &sb.ingest(&[]), 78, &["config.toml:2:"]);
}

#[test]
fn unknown_key_in_config() {
    let sb = Sandbox::new();
    let text = std::fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write(
        "config.toml",
        &text.replace("inhabitants = 1000", "inhabitants = 1000\ninwoners = 1000"),
    );
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        78,
        &["config.toml:6:1", "unknown field `inwoners`"],
    );
}

#[test]
fn unknown_key_and_bad_toml_in_profile() {
    let sb = Sandbox::new();
    sb.write(
        "profile.toml",
        &PROFILE.replace(
            "amount = \"Bedrag\"",
            "amount = \"Bedrag\"\ngeboorte = \"x\"",
        ),
    );
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        78,
        &["profile.toml:", "unknown field `geboorte`", "birth_date"],
    );
    sb.write("profile.toml", "[columns\nsignal_id = 1");
    assert_clean_failure(&sb, &sb.ingest(&[]), 78, &["profile.toml:1:"]);
    sb.write(
        "profile.toml",
        &PROFILE.replace("delimiter = \";\"", "partner_type = \"zorgg\""),
    );
    assert_clean_failure(&sb, &sb.ingest(&[]), 78, &["profile.toml:2:", "zorgg"]);
}

#[test]
fn usage_errors_exit_64() {
    let sb = Sandbox::new();
    let out = run_in(sb.path(), &["ingest", "--month", "2026-13"]);
    assert_eq!(out.code, 64, "{}", out.stderr);
    assert!(out.stderr.contains("not a month"));
    assert_eq!(run_in(sb.path(), &["ingest", "--nope"]).code, 64);
    // No config anywhere: a usage error, not a crash.
    let empty = tempfile::tempdir().unwrap();
    let out = run_in(empty.path(), &["ingest", "--month", "2026-10"]);
    assert_eq!(out.code, 64, "{}", out.stderr);
    assert!(out.stderr.contains("no config"));
}

#[test]
fn amounts_above_the_cap_are_rejected_and_sums_cannot_wrap() {
    let sb = Sandbox::new();
    sb.export(
        format!(
            "{HEADER}K1;01-10-2026;Jansen;A.;1-2-1980;Kerkstraat;1;1234 AB;92233720368547758,07\n\
             K2;01-10-2026;Smit;B.;1-2-1980;Kerkstraat;2;1234 AB;1.000.000,01\n\
             K3;01-10-2026;Bakker;C.;1-2-1980;Kerkstraat;3;1234 AB;1.000.000,00\n"
        )
        .as_bytes(),
    );
    let out = sb.ingest(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rej = read_table(&sb.path().join("uit/2026-10/afgewezen.csv"));
    let reasons: Vec<(&str, &str)> = rej
        .iter()
        .map(|r| (r["signaal_id"].as_str(), r["reden"].as_str()))
        .collect();
    assert_eq!(
        reasons,
        [("K1", "bedrag_ongeldig"), ("K2", "bedrag_ongeldig")]
    );
    let signals = read_table(&sb.path().join("uit/2026-10/signalen.csv"));
    assert_eq!(signals.len(), 1);
    assert_eq!(
        signals[0]["bedrag_cent"], "100000000",
        "the cap itself is allowed"
    );
    // A municipality may set its own cap.
    let text = std::fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write("config.toml", &format!("max_amount = 5000000\n{text}"));
    let out = sb.ingest(&["--format", "json"]);
    assert_eq!(json(&out)["accepted"], 2, "{}", out.stderr);
}

#[test]
fn out_of_range_config_values_name_line_and_column() {
    for (setting, needle) in [
        (
            "retention_months = 3200000\n",
            "config.toml:1:20: retention_months",
        ),
        ("max_amount = 0\n", "config.toml:1:14: max_amount"),
    ] {
        let sb = Sandbox::new();
        let text = std::fs::read_to_string(sb.path().join("config.toml")).unwrap();
        sb.write("config.toml", &format!("{setting}{text}"));
        assert_clean_failure(&sb, &sb.ingest(&[]), 78, &[needle]);
    }
    let sb = Sandbox::new();
    let text = std::fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write(
        "config.toml",
        &format!("{text}[feedback]\nterm_days = 4000000000\n"),
    );
    let out = sb.ingest(&[]);
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(out.stderr.contains("term_days"), "{}", out.stderr);
}

/// A row of the sandbox export: id, surname, street, house number.
fn row(id: &str, surname: &str, street: &str, number: &str) -> String {
    format!("{id};01-10-2026;{surname};A.;1-2-1980;{street};{number};1234 AB;10\n")
}

/// Ingests `body` (after the header) and returns (signal ids accepted,
/// (id, reason, column) rejected, the run's stderr).
fn ingest_rows(body: &[u8]) -> (Vec<String>, Vec<(String, String, String)>, Output) {
    let sb = Sandbox::new();
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(body);
    sb.export(&bytes);
    let out = sb.ingest(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let accepted = read_table(&sb.path().join("uit/2026-10/signalen.csv"))
        .iter()
        .map(|r| r["signaal_id"].clone())
        .collect();
    let rejected = read_table(&sb.path().join("uit/2026-10/afgewezen.csv"))
        .iter()
        .map(|r| {
            (
                r["signaal_id"].clone(),
                r["reden"].clone(),
                r["veld"].clone(),
            )
        })
        .collect();
    (accepted, rejected, out)
}

#[test]
fn every_row_problem_has_its_reason_and_column() {
    let body = [
        row("K1", "Jansen", "Kerkstraat", "1"),
        row("", "Smit", "Kerkstraat", "2"),
        row("K3", "", "Kerkstraat", "3"),
        "K4;01-10-2026;Bakker;A.;1-2-1980;;;;10\n".to_string(),
        row("K5", &"x".repeat(2000), "Kerkstraat", "5"),
        row("K6", "Jan\0sen", "Kerkstraat", "6"),
    ]
    .concat();
    let (accepted, rejected, _) = ingest_rows(body.as_bytes());
    assert_eq!(accepted, ["K1"]);
    let got: Vec<(&str, &str, &str)> = rejected
        .iter()
        .map(|(i, r, c)| (i.as_str(), r.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("", "signaal_id_ontbreekt", "Kenmerk"),
            ("K3", "persoon_ontbreekt", "Achternaam"),
            ("K4", "adres_ontbreekt", "Straat"),
            ("K5", "veld_te_lang", "Achternaam"),
            ("K6", "teken_ongeldig", "Achternaam"),
        ]
    );
}

#[test]
fn line_ends_blank_lines_and_garbled_text() {
    // CR alone, as old Mac exports end lines: read like LF.
    let body = [
        row("K1", "Jansen", "Kerkstraat", "1"),
        row("K2", "Smit", "Kerkstraat", "2"),
    ]
    .concat()
    .replace('\n', "\r");
    let sb = Sandbox::new();
    sb.export(format!("{}{body}", HEADER.replace('\n', "\r")).as_bytes());
    let out = sb.ingest(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out)["accepted"], 2);

    // Blank lines are skipped the same whether they end in CRLF or LF.
    let lf = format!(
        "\n{}\n{}",
        row("K1", "Jansen", "Kerkstraat", "1"),
        row("K2", "Smit", "Kerkstraat", "2")
    );
    let crlf = lf.replace('\n', "\r\n");
    for body in [lf, crlf] {
        let (accepted, rejected, out) = ingest_rows(body.as_bytes());
        assert_eq!((accepted.len(), rejected.len()), (2, 0), "{body:?}");
        assert!(!out.stderr.contains("skipped"), "{}", out.stderr);
    }
    // A row of empty cells is not skipped silently: rejected as such, with
    // its line.
    let (accepted, rejected, _) =
        ingest_rows(format!("{};;;;\n", row("K1", "Jansen", "Kerkstraat", "1")).as_bytes());
    assert_eq!(accepted.len(), 1);
    assert_eq!(
        rejected,
        [(String::new(), "rij_leeg".to_string(), String::new())]
    );

    // UTF-8 read as Windows-1252 and saved again: a note with the line.
    let body = [
        row("K1", "Jansen", "Kerkstraat", "1"),
        row("K2", "Ã˜stergaard", "Kerkstraat", "2"),
    ]
    .concat();
    let (accepted, _, out) = ingest_rows(body.as_bytes());
    assert_eq!(accepted.len(), 2);
    assert!(
        out.stderr.contains("proef-2026-10.csv:3: text such as")
            && out.stderr.contains("converted"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("stergaard"),
        "no personal value: {}",
        out.stderr
    );
}

#[test]
fn files_that_are_no_export_are_refused_in_bounded_memory() {
    // One row of 2 MiB without any line break.
    let sb = Sandbox::new();
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
    sb.export(&bytes);
    assert_clean_failure(&sb, &sb.ingest(&[]), 2, &["line 2 is longer than 1024 KiB"]);

    // A header of 100 KiB.
    let sb = Sandbox::new();
    let wide = format!("{};{}\n", HEADER.trim_end(), "x".repeat(100 * 1024));
    sb.export(wide.as_bytes());
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        2,
        &["proef-2026-10.csv:1: the header is 100 KiB"],
    );

    // Two columns of one name.
    let sb = Sandbox::new();
    sb.export(HEADER.replace("Straat", "Achternaam").as_bytes());
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        78,
        &["proef-2026-10.csv:1: columns 3 and 6 are both named `Achternaam`"],
    );

    // A few NUL bytes reject their row; a mostly binary file is refused.
    let (accepted, rejected, _) = ingest_rows(
        [
            row("K1", "Jansen", "Kerkstraat", "1"),
            row("K2", "Sm\0\0it", "Kerkstraat", "2"),
        ]
        .concat()
        .as_bytes(),
    );
    assert_eq!(accepted, ["K1"]);
    assert_eq!(rejected[0].1, "teken_ongeldig");
}

#[test]
fn an_export_named_for_another_month_is_refused() {
    let sb = Sandbox::new();
    sb.write_bytes(
        "exports/2026-10/proef-2026-09.csv",
        format!("{HEADER}{}", row("K1", "Jansen", "Kerkstraat", "1")).as_bytes(),
    );
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        64,
        &[
            "proef-2026-09.csv: the file name says 2026-09, not 2026-10",
            "month_in_file_name = false",
        ],
    );
    // The profile may say the name carries no month.
    sb.write(
        "profile.toml",
        &format!("month_in_file_name = false\n{PROFILE}"),
    );
    assert_eq!(sb.ingest(&[]).code, 0);
}

#[test]
fn a_near_column_name_or_another_delimiter_is_named() {
    // The header names the amount with its unit.
    let sb = Sandbox::new();
    sb.export(
        format!(
            "{}{}",
            HEADER.replace("Bedrag", "Bedrag (€)"),
            row("K1", "Jansen", "Kerkstraat", "1")
        )
        .as_bytes(),
    );
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        78,
        &["column `Bedrag`", "did you mean `Bedrag (€)`?"],
    );
    // The file is comma-separated; the profile says `;`.
    let sb = Sandbox::new();
    sb.export(
        format!(
            "{}{}",
            HEADER.replace(';', ","),
            row("K1", "Jansen", "Kerkstraat", "1").replace(';', ",")
        )
        .as_bytes(),
    );
    assert_clean_failure(
        &sb,
        &sb.ingest(&[]),
        78,
        &["the file seems separated by `,`", "delimiter = \",\""],
    );
}

#[test]
fn every_config_problem_comes_at_once_with_its_place() {
    let sb = Sandbox::new();
    let text = std::fs::read_to_string(sb.path().join("config.toml")).unwrap();
    let broken = format!("retention_months = 0\nmax_amount = 0\n{text}")
        .replace("code = \"9998\"", "code = \"99\"")
        .replace("id = \"proef\"", "id = \"proef dorp\"");
    sb.write("config.toml", &broken);
    let out = sb.ingest(&[]);
    assert_eq!(out.code, 78, "{}", out.stderr);
    for needle in [
        "error: config.toml:1:20: retention_months",
        "error: config.toml:2:14: max_amount",
        "config.toml:6:8: municipality.code",
        "partner id: only letters",
        "4 problem(s) in config.toml",
    ] {
        assert!(
            out.stderr.contains(needle),
            "`{needle}` missing:\n{}",
            out.stderr
        );
    }
    // Each with its line and a caret under the value.
    assert!(
        out.stderr.contains("6 | code = \"99\"\n  |        ^^^^"),
        "{}",
        out.stderr
    );
    assert_eq!(sb.outputs(), Vec::<std::path::PathBuf>::new());
}
