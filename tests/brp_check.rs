//! `brp-check`: every robustness case of issue 3 on a hand-made register,
//! quality against the generator's truth, decisions, and bad input.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const EXPORT_PROFILE: &str = r#"
delimiter = ";"
[columns]
signal_id = "Kenmerk"
received = "Datum"
prefix = "Tussenvoegsel"
surname = "Achternaam"
first_names = "Voornamen"
birth_date = "Geboortedatum"
street = "Straat"
house_number = "Huisnr"
postcode = "Postcode"
bsn = "BSN"
business_name = "Bedrijf"
amount = "Bedrag"
"#;

const EXPORT_HEADER: &str = "Kenmerk;Datum;Tussenvoegsel;Achternaam;Voornamen;Geboortedatum;Straat;Huisnr;Postcode;BSN;Bedrijf;Bedrag";

/// Register rows without the BSN: row i gets `bsn(i)`.
const REGISTER: &[&str] = &[
    "Vries;de;Johannes;19550301;E;;;Kerkstraat;1;;;1234 AB;Proefdorp;",
    "Vries;de;Jan;19850707;E;;;Kerkstraat;1;;;1234 AB;Proefdorp;",
    "Haddad;;Samira;19900304;E;;;Kerkstraat;2;;;1234 AB;Proefdorp;",
    "Berg;van der;Anna;19750809;V;Jansen;;Kerkstraat;3;;;1234 AB;Proefdorp;",
    "Çelik;;Ayşe;19881112;E;;;Kerkstraat;4;;;1234 AB;Proefdorp;",
    "Hess;;Pieter;19700120;E;;;Kerkstraat;5;;;1234 AB;Proefdorp;",
    "Smit;;Willem;19600615;E;;;Molenweg;10;;;1234 AC;Proefdorp;",
    "Bakker;;Gerrit;19400202;E;;;Molenweg;11;;;1234 AC;Proefdorp;20260901",
    "Visser;;Kees;19820707;E;;;Molenweg;12;;;1234 AC;Proefdorp;",
    "Visser;;Emma;20150101;E;;;Molenweg;12;;;1234 AC;Proefdorp;",
    "Visser;;Lotte;20180303;E;;;Molenweg;12;;;1234 AC;Proefdorp;",
    "Yilmaz;;Elif;19830808;E;;;Molenweg;12;;;1234 AC;Proefdorp;",
    "Boer;de;Jan;19780404;E;;;Molenweg;13;;;1234 AC;Proefdorp;",
    "Abdi;;Tesfay;19950909;E;;;Molenweg;14;;;1234 AC;Proefdorp;",
];

/// (signal id, export row after the id and date)
const SIGNALS: &[(&str, &str)] = &[
    ("s01-exact", ";Visser;Kees;07-07-1982;Molenweg;12;1234 AC;;"),
    (
        "s02-swapped",
        ";Samira;Haddad;04-03-1990;Kerkstraat;2;1234 AB;;",
    ),
    (
        "s03-placeholder",
        ";Hess;Pieter;01-01-1970;Kerkstraat;5;1234 AB;;",
    ),
    ("s04-no-birth", ";Çelik;Ayşe;;Kerkstraat;4;1234 AB;;"),
    (
        "s05-day-month",
        ";Çelik;Ayşe;12-11-1988;Kerkstraat;4;1234 AB;;",
    ),
    (
        "s06-spelling",
        ";Hes;Pieter;20-01-1970;Kerkstraat;5;1234 AB;;",
    ),
    (
        "s07-prefix-moved",
        ";Berg van der;Anna;09-08-1975;Kerkstraat;3;1234 AB;;",
    ),
    (
        "s08-prefix-glued",
        ";Vanderberg;Anna;09-08-1975;Kerkstraat;3;1234 AB;;",
    ),
    (
        "s09-prefix-short",
        "v.d.;Berg;Anna;09-08-1975;Kerkstraat;3;1234 AB;;",
    ),
    (
        "s10-prefix-dropped",
        ";Berg;Anna;09-08-1975;Kerkstraat;3;1234 AB;;",
    ),
    (
        "s11-diacritics",
        ";Celik;Ayse;12-11-1988;Kerkstraat;4;1234 AB;;",
    ),
    (
        "s12-married-name",
        ";Jansen-van der Berg;Anna;09-08-1975;Kerkstraat;3;1234 AB;;",
    ),
    ("s13-initials", ";Hess;P.;20-01-1970;Kerkstraat;5;1234 AB;;"),
    (
        "s14-sole-trader",
        ";;;04-04-1978;Molenweg;13;1234 AC;;Klusbedrijf J. de Boer",
    ),
    ("s15-bsn", ";Abdy;Tesfai;;Molenweg;14;1234 AC;BSN13;"),
    (
        "s16-relative",
        "de;Vries;Daan;10-10-2003;Kerkstraat;1;1234 AB;;",
    ),
    (
        "s17-namesake",
        ";Smit;Willem;03-03-1961;Kerkstraat;20;1234 AB;;",
    ),
    (
        "s18-moved",
        ";Smit;Willem;15-06-1960;Kerkstraat;9;1234 AB;;",
    ),
    (
        "s19-deceased",
        ";Bakker;Gerrit;02-02-1940;Molenweg;11;1234 AC;;",
    ),
    ("s20-ambiguous", "de;Vries;J.;;Kerkstraat;1;1234 AB;;"),
    (
        "s21-outside",
        ";Jansen;Piet;01-02-1970;Dorpsweg;3;9999 ZZ;;",
    ),
    (
        "s22-no-dwelling",
        ";Jansen;Piet;01-02-1970;Kerkstraat;900;1234 AB;;",
    ),
    ("s23-legal-person", ";;;;Kerkstraat;7;1234 AB;;Bouw B.V."),
];

/// `vroegsignaal SUBCOMMAND --config config.toml --month MONTH EXTRA...`
/// in the sandbox municipality.
fn stage(sb: &Sandbox, subcommand: &str, month: &str, extra: &[&str]) -> Output {
    let mut args = vec![subcommand, "--config", "config.toml", "--month", month];
    args.extend_from_slice(extra);
    run_in(sb.path(), &args)
}

/// The review list (one row) with `besluit`, its last cell, filled in as an
/// officer would in a text editor.
/// The review list's one row with `besluit` (and `behandelaar`, the last
/// two columns, both empty as written) filled in.
fn fill_decision(review: &str, value: &str, handler: &str) -> String {
    let row = review.trim_end();
    let row = row.strip_suffix(';').expect("ends with two empty cells");
    format!("{row}{value};{handler}\r\n")
}

fn municipality() -> Sandbox {
    town(REGISTER, SIGNALS)
}

/// Runs the month, then the officer picks resident 1 for the one signal
/// under review (`s20-ambiguous`) and `brp-check` applies it.
fn month_with_a_decision() -> Sandbox {
    let sb = municipality();
    assert_eq!(stage(&sb, "run", "2026-10", &["--quiet"]).code, 0);
    let path = sb.path().join("uit/2026-10/controleren.csv");
    let filled = fill_decision(
        &fs::read_to_string(&path).unwrap(),
        &bsn(1),
        "medewerker-07",
    );
    fs::write(sb.path().join("besluiten.csv"), &filled).unwrap();
    let out = stage(
        &sb,
        "brp-check",
        "2026-10",
        &["--decisions", "besluiten.csv", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out)["controleren"], 0);
    sb
}

/// A second export of the month with one signal (`b1`).
fn second_export(sb: &Sandbox) {
    sb.write_bytes(
        "exports/2026-10/proef-2026-10-b.csv",
        format!("{EXPORT_HEADER}\nb1;20-10-2026;de;Vries;J.;;Kerkstraat;1;1234 AB;;;150\n")
            .as_bytes(),
    );
}

/// Another extract: the same with one resident more.
fn one_resident_more(sb: &Sandbox) {
    let brp = sb.path().join("brp.csv");
    let mut text = fs::read_to_string(&brp).unwrap();
    text.push_str(&format!(
        "{};Zwart;;Piet;19500101;E;;;Dorpsstraat;99;;;1234 ZZ;Proefdorp;\n",
        bsn(90)
    ));
    fs::write(&brp, text).unwrap();
}

fn checked(sb: &Sandbox, month: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    read_table(&sb.path().join(format!("uit/{month}/gecontroleerd.csv")))
        .into_iter()
        .map(|r| (r["signaal_id"].clone(), r))
        .collect()
}

#[test]
fn every_variation_of_issue_3_is_handled() {
    let sb = municipality();
    let out = stage(&sb, "run", "2026-10", &["--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = checked(&sb, "2026-10");
    assert_eq!(c.len(), SIGNALS.len(), "every signal gets a verdict");
    let expect_found = [
        ("s01-exact", 8),
        ("s02-swapped", 2),
        ("s03-placeholder", 5),
        ("s04-no-birth", 4),
        ("s05-day-month", 4),
        ("s06-spelling", 5),
        ("s07-prefix-moved", 3),
        ("s08-prefix-glued", 3),
        ("s09-prefix-short", 3),
        ("s10-prefix-dropped", 3),
        ("s11-diacritics", 4),
        ("s12-married-name", 3),
        ("s13-initials", 5),
        ("s14-sole-trader", 12),
        ("s15-bsn", 13),
        ("s18-moved", 6),
    ];
    for (id, who) in expect_found {
        let r = &c[id];
        assert_eq!(
            (r["brp_oordeel"].as_str(), r["brp_bsn"].as_str()),
            ("gevonden", bsn(who).as_str()),
            "{id}: {r:?}"
        );
        assert!(
            r["brp_vergelijking"].starts_with("naam="),
            "{id}: explained"
        );
    }
    assert_eq!(c["s18-moved"]["ander_adres"], "ja");
    assert_eq!(c["s01-exact"]["ander_adres"], "nee");
    assert!(c["s02-swapped"]["brp_vergelijking"].contains("naamvolgorde=omgedraaid"));
    // Household facts of the register's address: Kees, Emma, Lotte, Elif.
    assert_eq!(c["s01-exact"]["huishoudgrootte"], "4");
    assert_eq!(c["s01-exact"]["minderjarigen_op_adres"], "2");
    assert_eq!(c["s01-exact"]["leeftijd"], "44");
    assert_eq!(c["s01-exact"]["brp_straat"], "Molenweg");
    // Not the person: an unregistered son, a namesake elsewhere.
    for id in ["s16-relative", "s17-namesake"] {
        assert_eq!(
            (c[id]["brp_oordeel"].as_str(), c[id]["brp_bsn"].as_str()),
            ("niet_ingeschreven", ""),
            "{id}"
        );
    }
    assert_eq!(c["s16-relative"]["brp_reden"], "niemand_plausibel_op_adres");
    assert_eq!(
        (
            c["s19-deceased"]["brp_oordeel"].as_str(),
            c["s19-deceased"]["brp_bsn"].as_str()
        ),
        ("overleden", bsn(7).as_str())
    );
    assert_eq!(c["s20-ambiguous"]["brp_oordeel"], "controleren");
    assert_eq!(c["s21-outside"]["brp_reden"], "adres_buiten_gemeente");
    assert_eq!(c["s22-no-dwelling"]["brp_reden"], "adres_niet_in_brp");
    assert_eq!(c["s23-legal-person"]["brp_reden"], "rechtspersoon");
    // The review list offers both Vries candidates, best first.
    let review = read_table(&sb.path().join("uit/2026-10/controleren.csv"));
    assert_eq!(review.len(), 1);
    let cands = [
        review[0]["kandidaat1_bsn"].as_str(),
        review[0]["kandidaat2_bsn"].as_str(),
    ];
    assert!(
        cands.contains(&bsn(0).as_str()) && cands.contains(&bsn(1).as_str()),
        "{cands:?}"
    );
    assert_eq!(review[0]["besluit"], "");
}

#[test]
fn decisions_are_applied_and_remembered_next_month() {
    // The officer picks the son, Jan (bsn 1), in the review list.
    let sb = month_with_a_decision();
    let c = checked(&sb, "2026-10");
    assert_eq!(
        (
            c["s20-ambiguous"]["brp_oordeel"].as_str(),
            c["s20-ambiguous"]["brp_reden"].as_str()
        ),
        ("gevonden", "besluit")
    );
    assert_eq!(c["s20-ambiguous"]["brp_bsn"], bsn(1));
    // The memory holds fingerprints, the decision and who took it, no
    // resident's names.
    let memory = fs::read_to_string(sb.path().join("uit/brp-besluiten.csv")).unwrap();
    assert!(
        !memory.contains("Vries") && !memory.contains("Kerkstraat"),
        "{memory}"
    );
    let remembered = read_table(&sb.path().join("uit/brp-besluiten.csv"));
    assert_eq!(remembered.len(), 1);
    assert_eq!(remembered[0]["behandelaar"], "medewerker-07");
    assert_eq!(remembered[0]["maand"], "2026-10");
    // `explain` names who decided; the report counts it per behandelaar.
    let rulebook = repo().join("config/rulebook.toml");
    let explained = stage(
        &sb,
        "explain",
        "2026-10",
        &[
            "s20-ambiguous",
            "--rulebook",
            rulebook.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(explained.code, 0, "{}", explained.stderr);
    assert_eq!(json(&explained)["review_by"], "medewerker-07");
    let rb = ["--rulebook", rulebook.to_str().unwrap(), "--quiet"];
    for step in ["match", "prioritise"] {
        let out = stage(
            &sb,
            step,
            "2026-10",
            if step == "match" { &rb[2..] } else { &rb },
        );
        assert_eq!(out.code, 0, "{step}: {}", out.stderr);
    }
    let report = stage(&sb, "report", "2026-10", &["--format", "json", "--quiet"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let handlers = json(&report)["handlers"].clone();
    let medewerker = handlers
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["behandelaar"] == "medewerker-07")
        .unwrap_or_else(|| panic!("{handlers}"));
    assert_eq!(medewerker["review_decisions"], 1);
    // Next month the partner reports the same person again under a new id.
    sb.write_bytes(
        "exports/2026-11/proef-2026-11.csv",
        format!("{EXPORT_HEADER}\nn1;03-11-2026;de;Vries;J.;;Kerkstraat;1;1234 AB;;;120\n")
            .as_bytes(),
    );
    let out = stage(&sb, "run", "2026-11", &["--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = checked(&sb, "2026-11");
    assert_eq!(
        (
            c["n1"]["brp_oordeel"].as_str(),
            c["n1"]["brp_reden"].as_str()
        ),
        ("gevonden", "eerder_besluit")
    );
    assert_eq!(c["n1"]["brp_bsn"], bsn(1));
}

#[test]
fn json_summary_has_the_verdict_keys() {
    let sb = municipality();
    stage(&sb, "ingest", "2026-10", &["--quiet"]);
    let out = stage(&sb, "brp-check", "2026-10", &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = json(&out);
    let total: u64 = ["gevonden", "controleren", "niet_ingeschreven", "overleden"]
        .iter()
        .map(|k| j[k].as_u64().unwrap())
        .sum();
    assert_eq!(total, SIGNALS.len() as u64);
    assert_eq!(j["overleden"], 1);
    assert!(j["by_partner"]["proef"].is_object());
    // --strict fails while signals wait for review.
    let strict = stage(&sb, "brp-check", "2026-10", &["--strict", "--quiet"]);
    assert_eq!(strict.code, 1);
}

/// Against the generator's truth on all fixture months: the targets of the
/// issue (found >= 98% of residents, review <= 2%, wrongly not registered
/// <= 0.5%, wrong ties <= 0.2%).
#[test]
fn fixture_months_meet_the_quality_targets() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let (mut signals, mut residents, mut found, mut review, mut missed, mut wrong) =
        (0, 0, 0, 0, 0, 0);
    for month in [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
    ] {
        let r = run(&["run", "--month", month, "--out", o, "--quiet"]);
        assert_eq!(r.code, 0, "{month}: {}", r.stderr);
        let truth: BTreeMap<(String, String), BTreeMap<String, String>> =
            read_table(&repo().join(format!("fixtures/truth/{month}.csv")))
                .into_iter()
                .map(|t| {
                    (
                        (
                            t["bronbestand"].rsplit('/').next().unwrap().to_string(),
                            t["bronregel"].clone(),
                        ),
                        t,
                    )
                })
                .collect();
        for c in read_table(&out.path().join(month).join("gecontroleerd.csv")) {
            let t = &truth[&(c["bronbestand"].clone(), c["bronregel"].clone())];
            signals += 1;
            let tied = matches!(c["brp_oordeel"].as_str(), "gevonden" | "overleden");
            review += usize::from(c["brp_oordeel"] == "controleren");
            if matches!(t["status"].as_str(), "inwoner" | "overleden") {
                residents += 1;
                if tied && c["brp_bsn"] == t["bsn"] {
                    found += 1;
                } else if tied {
                    wrong += 1;
                } else if c["brp_oordeel"] == "niet_ingeschreven" {
                    missed += 1;
                }
                if t["status"] == "overleden" && tied {
                    assert_eq!(c["brp_oordeel"], "overleden", "{month} {}", c["signaal_id"]);
                }
            } else if tied {
                wrong += 1;
            }
        }
    }
    let pct = |a: usize, b: usize| a as f64 * 100.0 / b as f64;
    assert!(signals > 800);
    assert!(
        pct(found, residents) >= 98.0,
        "found {:.2}%",
        pct(found, residents)
    );
    assert!(
        pct(review, signals) <= 2.0,
        "review {:.2}%",
        pct(review, signals)
    );
    assert!(
        pct(missed, signals) <= 0.5,
        "wrongly niet_ingeschreven {:.2}%",
        pct(missed, signals)
    );
    assert!(
        pct(wrong, signals) <= 0.2,
        "wrong ties {:.2}%",
        pct(wrong, signals)
    );
}

#[test]
fn brp_bad_input() {
    // A required column missing: did-you-mean, exit 78.
    let sb = municipality();
    stage(&sb, "ingest", "2026-10", &["--quiet"]);
    let check = |sb: &Sandbox| stage(sb, "brp-check", "2026-10", &["--quiet"]);
    let good = fs::read_to_string(sb.path().join("brp.csv")).unwrap();
    sb.write(
        "brp.csv",
        &good.replacen("geboortedatum", "geboortedatun", 1),
    );
    let out = check(&sb);
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(
        out.stderr.contains("brp.csv:1: column `geboortedatum`")
            && out.stderr.contains("did you mean `geboortedatun`?"),
        "{}",
        out.stderr
    );

    // Duplicate BSNs: both lines named, the BSN not shown.
    let mut lines: Vec<&str> = good.lines().collect();
    let dup = lines[3].replacen(&bsn(2), &bsn(0), 1);
    lines[3] = &dup;
    sb.write("brp.csv", &(lines.join("\n") + "\n"));
    let out = check(&sb);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("brp.csv:4: field bsn") && out.stderr.contains("line 2"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(&bsn(0)), "no BSN in messages");

    // An impossible birth date: named by line and field, the run goes on.
    sb.write("brp.csv", &good.replacen("19700120", "19700231", 1));
    let out = stage(&sb, "brp-check", "2026-10", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("brp.csv:7: field birth_date: not a date"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("19700231"));

    // A quote opened and never closed would swallow the rows after it.
    sb.write("brp.csv", &good.replacen(";Haddad;", ";\"Haddad;", 1));
    let out = check(&sb);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("brp.csv:4: a quoted field is opened and never closed"),
        "{}",
        out.stderr
    );

    // An empty extract.
    sb.write("brp.csv", &format!("{BRP_HEADER}\n"));
    let out = check(&sb);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no rows"), "{}", out.stderr);

    // A signals file from another month.
    sb.write("brp.csv", &good);
    let out = stage(
        &sb,
        "brp-check",
        "2026-09",
        &["--signals", "uit/2026-10/signalen.csv"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("another month than 2026-09"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_decisions_are_refused_with_file_line_and_field() {
    let sb = municipality();
    stage(&sb, "run", "2026-10", &["--quiet"]);
    let review = fs::read_to_string(sb.path().join("uit/2026-10/controleren.csv")).unwrap();
    sb.write("b.csv", &fill_decision(&review, "misschien", ""));
    let out = stage(&sb, "brp-check", "2026-10", &["--decisions", "b.csv"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("b.csv:2: field besluit"),
        "{}",
        out.stderr
    );
    sb.write(
        "c.csv",
        &fill_decision(
            &review.replacen("s20-ambiguous", "onbekend-id", 1),
            "geen",
            "",
        ),
    );
    let out = stage(&sb, "brp-check", "2026-10", &["--decisions", "c.csv"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("c.csv:2: field signaal_id"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_missing_key_file_is_an_error_once_history_exists() {
    let sb = municipality();
    assert_eq!(stage(&sb, "run", "2026-10", &["--quiet"]).code, 0);
    let key = sb.path().join("uit/historie.sleutel");
    assert!(key.is_file());
    fs::write(&key, "beschadigd").unwrap();
    let out = stage(&sb, "brp-check", "2026-10", &["--quiet"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("not a vroegsignaal key file"),
        "{}",
        out.stderr
    );
}

#[test]
fn run_prints_one_json_document_with_a_key_per_stage() {
    let sb = municipality();
    let out = stage(&sb, "run", "2026-10", &["--format", "json", "--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = json(&out);
    assert_eq!(j["month"], "2026-10");
    assert_eq!(j["ingest"]["rows"], SIGNALS.len());
    assert_eq!(j["brp_check"]["signals"], SIGNALS.len());
}

/// A municipality of one register (row i gets `bsn(i)`) and one export
/// (`BSN13` in a row stands for `bsn(13)`).
fn town(register: &[&str], signals: &[(&str, &str)]) -> Sandbox {
    let sb = Sandbox::new();
    let config = fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write(
        "config.toml",
        &format!("{config}\n[brp]\nfile = \"brp.csv\"\nprofile = \"brp.toml\"\n"),
    );
    sb.write("profile.toml", EXPORT_PROFILE);
    sb.write("brp.toml", BRP_PROFILE);
    let rows: Vec<String> = register
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{};{r}", bsn(i)))
        .collect();
    sb.write("brp.csv", &format!("{BRP_HEADER}\n{}\n", rows.join("\n")));
    let rows: Vec<String> = signals
        .iter()
        .map(|(id, rest)| format!("{id};05-10-2026;{};100", rest.replace("BSN13", &bsn(13))))
        .collect();
    sb.export(format!("{EXPORT_HEADER}\n{}\n", rows.join("\n")).as_bytes());
    sb
}

const MODEL_REGISTER: &[&str] = &[
    "Boer;de;Jan;19780404;E;;;Molenweg;13;;;1234 AC;Proefdorp;",
    "Yıldırım;;Emre;19810212;E;;;Molenweg;15;;;1234 AC;Proefdorp;",
    "Smit;;Aya;19920606;E;;;Molenweg;17;A;;1234 AC;Proefdorp;",
    "Nowakowski;;Olek;19750101;E;;;Molenweg;19;;;1234 AC;Proefdorp;",
    "Kramer;;Anna;19640303;E;;;Dorpsweg;4;;;1234 AD;Proefdorp;",
    "Kramer;;Pieter;19630505;E;;;Dorpsweg;4;;;1234 AD;Proefdorp;",
    "Haddad;;Samira;19900304;E;;;Dorpsweg;6;;;1234 AD;Proefdorp;",
    "Michałowski;;Tomasz;19700808;E;;;Dorpsweg;8;;;1234 AD;Proefdorp;",
    "Visser;;Kees;19820707;E;;;Dorpsweg;10;;;1234 AD;Proefdorp;",
    "Dijkstra;;IJsbrand Bram;19601221;E;;;Molenweg;21;;;1234 AC;Proefdorp;",
    "Scholten;;Anjali;19970000;E;;;Dorpsweg;12;;;1234 AD;Proefdorp;",
    "Mostoren;van de;Yusuf;19441101;E;;;Dorpsweg;14;;;1234 AD;Proefdorp;",
    "Blom;;Zoe;19500101;E;;;Molenweg;23;;;1234 AC;Proefdorp;",
    "Blom;;Zoe;19610202;E;;;Molenweg;25;;;1234 AC;Proefdorp;",
    "Blom;;Zoe Lara;19720303;E;;;Molenweg;27;;;1234 AC;Proefdorp;",
    "Blom;;Zoe Femke;19830404;E;;;Molenweg;29;;;1234 AC;Proefdorp;",
    "Blom;;Zoe Hendrika;19551108;E;;;Molenweg;31;;;1234 AC;Proefdorp;",
    "Loodorp;van;Suzanne;19780920;N;Muller;;Dorpsweg;16;;;1234 AD;Proefdorp;",
];

/// One hand-made signal per variation class of issue 12, and the two
/// people who must not be tied.
const MODEL_SIGNALS: &[(&str, &str)] = &[
    // A sole trader's trade name in the surname field, no given names.
    (
        "v-trade",
        ";Timmerbedrijf J. de Boer;;;Molenweg;13;1234 AC;;",
    ),
    // One digit of the birth year off.
    ("v-year", ";Boer;Jan;04-04-1979;Molenweg;13;1234 AC;;"),
    // Letters Unicode decomposition does not fold.
    (
        "v-letters",
        ";Yildirim;Emre;12-02-1981;Molenweg;15;1234 AC;;",
    ),
    ("v-letters-pl", ";Michalowski;Tomasz;;Dorpsweg;8;1234 AD;;"),
    // A placeholder birth date, and only initials that fit.
    (
        "v-placeholder",
        ";Kramer;A.;01-01-1900;Dorpsweg;4;1234 AD;;",
    ),
    // A short given name in capitals, and the house letter in the addition.
    ("v-caps", ";Smit;AYA;06-06-1992;Molenweg;17a;1234 AC;;"),
    // Registered 1 January (born abroad) and reported at an old address.
    (
        "v-jan-first-moved",
        ";Nowakowski;Olek;01-01-1975;Kerkstraat;40;1234 AB;;",
    ),
    // A postcode typo and a spelling variant.
    (
        "v-postcode",
        ";Kramar;Pieter;05-05-1963;Dorpsweg;4;1234 AX;;",
    ),
    // Given name and surname swapped, no birth date.
    ("v-swapped", ";Samira;Haddad;;Dorpsweg;6;1234 AD;;"),
    // Moved, and the initial of IJsbrand written as "I.".
    ("v-ij", ";Dijkstra;I.B.;21-12-1960;Kerkstraat;42;1234 AB;;"),
    // Moved; born abroad, with only the year known on both sides.
    (
        "v-year-only",
        ";Scholten;Anjali;00-00-1997;Kerkstraat;43;1234 AB;;",
    ),
    // Moved; the first name in the surname column, the surname's initials
    // (prefix included) beside it.
    (
        "v-initials-swapped",
        ";Yusuf;V.D.M.;01-11-1944;Kerkstraat;44;1234 AB;;",
    ),
    // Moved, no birth date: five Zoe Bloms, one Zoe Hendrika.
    (
        "r-second-name",
        ";Blom;Zoe Hendrika;;Kerkstraat;46;1234 AB;;",
    ),
    // Sent with an initial the register's person does not have: not
    // agreeing initials, only a first letter.
    (
        "w-more-initials",
        ";Muller;S.H.;20-09-1978;Kerkstraat;48;1234 AB;;",
    ),
    // An unregistered son at his mother's address.
    ("n-son", ";Kramer;Daan;10-10-2001;Dorpsweg;4;1234 AD;;"),
    // A namesake elsewhere with the year one digit off.
    (
        "n-namesake",
        ";Visser;Kees;07-07-1983;Kerkstraat;41;1234 AB;;",
    ),
];

#[test]
fn issue_12_every_variation_class_is_found_and_lookalikes_are_not_tied() {
    let sb = town(MODEL_REGISTER, MODEL_SIGNALS);
    assert_eq!(stage(&sb, "ingest", "2026-10", &["--quiet"]).code, 0);
    let out = stage(&sb, "brp-check", "2026-10", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = checked(&sb, "2026-10");
    for (id, who) in [
        ("v-trade", 0),
        ("v-year", 0),
        ("v-letters", 1),
        ("v-letters-pl", 7),
        ("v-caps", 2),
        ("v-jan-first-moved", 3),
        ("v-postcode", 5),
        ("v-swapped", 6),
        ("v-placeholder", 4),
        ("v-ij", 9),
        ("v-year-only", 10),
        ("v-initials-swapped", 11),
    ] {
        assert_eq!(
            (c[id]["brp_oordeel"].as_str(), c[id]["brp_bsn"].as_str()),
            ("gevonden", bsn(who).as_str()),
            "{id}: {}",
            c[id]["brp_vergelijking"]
        );
        assert!(c[id]["brp_vergelijking"].contains("kans="), "{id}");
    }
    assert!(c["v-year"]["brp_vergelijking"].contains("geboortedatum=jaar_1_cijfer("));
    assert_eq!(c["v-jan-first-moved"]["ander_adres"], "ja");
    assert!(c["v-ij"]["brp_vergelijking"].contains("voornamen=voorletters("));
    assert!(
        c["w-more-initials"]["brp_vergelijking"].contains("voornamen=eerste_letter("),
        "{:?}",
        c["w-more-initials"]
    );
    for id in ["n-son", "n-namesake"] {
        assert_ne!(c[id]["brp_oordeel"], "gevonden", "{id}: {:?}", c[id]);
        assert_eq!(c[id]["brp_bsn"], "", "{id}");
    }
    // A name alone never ties, but a rare pair of given names is worth an
    // officer's look: the one Zoe Hendrika among five Zoe Bloms.
    assert_eq!(c["r-second-name"]["brp_oordeel"], "controleren");
    let review = fs::read_to_string(sb.path().join("uit/2026-10/controleren.csv")).unwrap();
    let row = review
        .lines()
        .find(|l| l.starts_with("r-second-name;"))
        .unwrap();
    assert!(row.contains(&bsn(16)), "{row}");
    assert!(!row.contains(&bsn(12)), "{row}");
    // A small month: the shipped prior, and the summary says so.
    assert!(out.stderr.contains("standaardwaarden"), "{}", out.stderr);
    let model = fs::read_to_string(sb.path().join("uit/2026-10/brp-model.json")).unwrap();
    assert!(model.contains("\"origin\": \"standaard\""), "{model}");
}

#[test]
fn issue_12_model_file_pins_a_rerun_and_holds_no_personal_value() {
    let sb = town(MODEL_REGISTER, MODEL_SIGNALS);
    assert_eq!(stage(&sb, "ingest", "2026-10", &["--quiet"]).code, 0);
    assert_eq!(stage(&sb, "brp-check", "2026-10", &["--quiet"]).code, 0);
    let dir = sb.path().join("uit/2026-10");
    let model = fs::read_to_string(dir.join("brp-model.json")).unwrap();
    for personal in [
        "Boer", "Kramer", "Visser", "Molenweg", "Dorpsweg", "1234", "1978", "0404",
    ] {
        assert!(!model.contains(personal), "{personal} in brp-model.json");
    }
    for i in 0..MODEL_REGISTER.len() {
        assert!(!model.contains(&bsn(i)));
    }
    fs::copy(dir.join("brp-model.json"), sb.path().join("pinned.json")).unwrap();
    let first = fs::read(dir.join("gecontroleerd.csv")).unwrap();
    let out = stage(&sb, "brp-check", "2026-10", &["--model", "pinned.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fs::read(dir.join("gecontroleerd.csv")).unwrap(), first);
    let pinned = fs::read_to_string(dir.join("brp-model.json")).unwrap();
    assert!(pinned.contains("\"origin\": \"vastgezet\""));

    // Another version, or a level missing: exit 78 with file:line.
    sb.write(
        "v2.json",
        &model.replace("\"version\": 1", "\"version\": 2"),
    );
    let out = stage(&sb, "brp-check", "2026-10", &["--model", "v2.json"]);
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(
        out.stderr.contains("v2.json:2: field version"),
        "{}",
        out.stderr
    );
    sb.write(
        "gap.json",
        &model.replace("\"klinkt_gelijk\"", "\"klinkt_anders\""),
    );
    let out = stage(&sb, "brp-check", "2026-10", &["--model", "gap.json"]);
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(
        out.stderr.contains("gap.json:") && out.stderr.contains("klinkt_gelijk"),
        "{}",
        out.stderr
    );
}

#[test]
fn issue_12_a_small_month_pools_earlier_months_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    // The first month has nothing to pool: the shipped prior.
    let months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
    for month in months {
        let r = run(&[
            "run",
            "--month",
            month,
            "--out",
            out,
            "--as-of",
            "2026-11-30",
        ]);
        assert_eq!(r.code, 0, "{month}: {}", r.stderr);
    }
    let model = |m: &str| -> serde_json::Value {
        serde_json::from_str(
            &fs::read_to_string(tmp.path().join(format!("{m}/brp-model.json"))).unwrap(),
        )
        .unwrap()
    };
    let first = model("2026-06");
    assert_eq!(first["origin"], "standaard", "{first}");
    assert!(first["notes"].to_string().contains("standaardwaarden"));
    // About 126 signals a month: too few pairs alone, so the earlier
    // months' pattern counts are pooled once there are enough.
    let october = model("2026-10");
    assert_eq!(october["origin"], "gepoold", "{october}");
    assert!(
        october["pairs"].as_u64().unwrap() > first["pairs"].as_u64().unwrap() * 3,
        "{october}"
    );
    let notes = october["notes"].to_string();
    assert!(notes.contains("eerdere maand"), "{notes}");
    // The summary on the terminal says so too.
    let r = run(&["brp-check", "--month", "2026-10", "--out", out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("brp-model:") && r.stderr.contains("eerdere maand"),
        "{}",
        r.stderr
    );
}

#[test]
fn issue_12_a_register_without_usable_names_or_dates_is_refused() {
    for (what, field) in [("names", "surname"), ("dates", "birth_date")] {
        let rows: Vec<String> = REGISTER
            .iter()
            .map(|r| {
                let mut cells: Vec<&str> = r.split(';').collect();
                match what {
                    "names" => cells[0] = "",
                    _ => cells[3] = "onbekend",
                }
                cells.join(";")
            })
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let sb = town(&rows, SIGNALS);
        assert_eq!(stage(&sb, "ingest", "2026-10", &["--quiet"]).code, 0);
        let out = stage(&sb, "brp-check", "2026-10", &["--quiet"]);
        assert_eq!(out.code, 2, "{what}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("brp.csv: field {field}: none of the")),
            "{what}: {}",
            out.stderr
        );
        assert!(!sb.path().join("uit/2026-10/gecontroleerd.csv").exists());
    }
}

#[test]
fn the_register_is_checked_before_it_is_believed() {
    // A BSN failing the 11-test: a note with the line (never the BSN), and
    // that person is never tied, not even to a signal that fits exactly.
    let sb = town(
        REGISTER,
        &[("s01-exact", ";Visser;Kees;07-07-1982;Molenweg;12;1234 AC;;")],
    );
    let broken = "123456789";
    let rows: Vec<String> = REGISTER
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{};{r}", if i == 8 { broken.to_string() } else { bsn(i) }))
        .collect();
    // CRLF line ends with an empty last column, and a postcode with a
    // character that is not ASCII on another row.
    let text = format!("{BRP_HEADER}\r\n{}\r\n", rows.join("\r\n")).replacen(
        "1234 AC;Proefdorp;\r\n",
        "123€ AC;Proefdorp;\r\n",
        1,
    );
    sb.write("brp.csv", &text);
    assert_eq!(stage(&sb, "ingest", "2026-10", &["--quiet"]).code, 0);
    let out = stage(&sb, "brp-check", "2026-10", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("brp.csv:10: field bsn: fails the 11-test"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(broken), "no BSN in messages");
    assert!(
        !out.stderr.contains("date_of_death"),
        "an empty last column on CRLF lines is empty: {}",
        out.stderr
    );
    let c = checked(&sb, "2026-10");
    assert_ne!(
        c["s01-exact"]["brp_oordeel"], "gevonden",
        "{:?}",
        c["s01-exact"]
    );
    assert_eq!(c["s01-exact"]["brp_bsn"], "");
}

#[test]
fn a_cut_off_or_shrunken_extract_is_refused_before_anything_is_written() {
    let sb = town(
        REGISTER,
        &[("s01", ";Visser;Kees;07-07-1982;Molenweg;12;1234 AC;;")],
    );
    assert_eq!(stage(&sb, "ingest", "2026-10", &["--quiet"]).code, 0);
    let full = fs::read_to_string(sb.path().join("brp.csv")).unwrap();
    let last_line = full.lines().count();

    // The copy stopped in the middle of the last row.
    let cut = full.trim_end();
    let cut = &cut[..cut.rfind(";Molenweg").unwrap_or(cut.len() - 10)];
    sb.write("brp.csv", cut);
    let before = snapshot(&sb.path().join("uit"));
    let out = stage(&sb, "brp-check", "2026-10", &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("brp.csv:{last_line}: the last line is cut off")),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert_unchanged(
        &before,
        &snapshot(&sb.path().join("uit")),
        "nothing written",
    );

    // Whole again: October is checked and remembered.
    sb.write("brp.csv", &full);
    assert_eq!(stage(&sb, "brp-check", "2026-10", &["--quiet"]).code, 0);

    // November's extract lost a fifth of its rows at a line boundary.
    let export = fs::read_to_string(sb.path().join("exports/2026-10/proef-2026-10.csv")).unwrap();
    sb.write("exports/2026-11/proef-2026-11.csv", &export);
    assert_eq!(stage(&sb, "ingest", "2026-11", &["--quiet"]).code, 0);
    let lines: Vec<&str> = full.lines().collect();
    let kept = lines.len() - (lines.len() - 1) / 5;
    sb.write("brp.csv", &format!("{}\n", lines[..kept].join("\n")));
    let before = snapshot(&sb.path().join("uit"));
    let out = stage(&sb, "brp-check", "2026-11", &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("fewer than the")
            && out.stderr.contains("of 2026-10")
            && out.stderr.contains("--accept-register-change"),
        "{}",
        out.stderr
    );
    assert_unchanged(
        &before,
        &snapshot(&sb.path().join("uit")),
        "nothing written",
    );
    let out = stage(&sb, "brp-check", "2026-11", &["--accept-register-change"]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    // The very same extract as last month's is believed, with a note.
    sb.write("brp.csv", &full);
    let out = stage(&sb, "brp-check", "2026-11", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the same people as the extract of 2026-10"),
        "{}",
        out.stderr
    );
}

/// A later run of the month with new signals keeps the parameters the
/// month's first run estimated (the same extract): re-estimated on more
/// pairs, a close verdict of a signal already on a list could tip. The
/// verdicts of signals checked before are kept without checking them
/// again, and are what checking every signal again gives. A new extract is
/// estimated afresh and every signal checked again.
#[test]
fn a_later_run_of_the_month_keeps_its_model_while_the_extract_is_the_same() {
    let sb = municipality();
    assert_eq!(stage(&sb, "run", "2026-10", &["--quiet"]).code, 0);
    let model = sb.path().join("uit/2026-10/brp-model.json");
    let first = fs::read(&model).unwrap();
    let verdicts = |sb: &Sandbox| -> BTreeMap<String, (String, String)> {
        checked(sb, "2026-10")
            .into_iter()
            .map(|(id, r)| (id, (r["brp_oordeel"].clone(), r["brp_bsn"].clone())))
            .collect()
    };
    let before = verdicts(&sb);

    // A second export comes in: one more signal.
    second_export(&sb);
    let out = stage(&sb, "run", "2026-10", &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("parameters of the earlier run of this month are kept"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&model).unwrap(), first, "the same parameters");
    let after = verdicts(&sb);
    assert!(after.contains_key("b1"));
    for (id, v) in &before {
        assert_eq!(&after[id], v, "{id} keeps its verdict");
    }
    // Only the new signal and those under review were checked again.
    let under_review = before.values().filter(|(v, _)| v == "controleren").count();
    let summary = common::json(&out);
    assert_eq!(
        summary["brp_check"]["kept_verdicts"],
        (before.len() - under_review) as u64,
        "{}",
        out.stdout
    );
    // Checking every signal again (with the kept parameters) gives the
    // same files, byte for byte.
    let dir = sb.path().join("uit/2026-10");
    let kept: Vec<Vec<u8>> = ["gecontroleerd.csv", "controleren.csv"]
        .iter()
        .map(|f| fs::read(dir.join(f)).unwrap())
        .collect();
    fs::remove_file(dir.join("gecontroleerd.csv")).unwrap();
    let again = stage(&sb, "brp-check", "2026-10", &["--format", "json"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(common::json(&again)["kept_verdicts"], 0);
    for (file, bytes) in ["gecontroleerd.csv", "controleren.csv"].iter().zip(&kept) {
        assert!(
            fs::read(dir.join(file)).unwrap() == *bytes,
            "{file} differs"
        );
    }
    // A checked file edited since it was written is not believed: every
    // signal is checked again, and the file is as before the edit.
    let text = fs::read_to_string(dir.join("gecontroleerd.csv")).unwrap();
    assert!(text.contains(";gevonden;"));
    fs::write(
        dir.join("gecontroleerd.csv"),
        text.replacen(";gevonden;", ";niet_ingeschreven;", 1),
    )
    .unwrap();
    let edited = stage(&sb, "brp-check", "2026-10", &["--format", "json"]);
    assert_eq!(edited.code, 0, "{}", edited.stderr);
    assert_eq!(common::json(&edited)["kept_verdicts"], 0);
    assert!(fs::read(dir.join("gecontroleerd.csv")).unwrap() == kept[0]);

    // Another extract (one resident more): estimated again.
    one_resident_more(&sb);
    let out = stage(&sb, "run", "2026-10", &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stderr.contains("earlier run of this month"),
        "{}",
        out.stderr
    );
    assert_eq!(common::json(&out)["brp_check"]["kept_verdicts"], 0);
    assert_eq!(verdicts(&sb).len(), before.len() + 1);
}

/// A later run of the month with a new signal and another extract checks
/// every signal again, and an officer's decision taken earlier in the
/// month still holds for its signal.
#[test]
fn a_decision_holds_when_a_later_run_brings_another_extract() {
    let sb = month_with_a_decision();
    second_export(&sb);
    one_resident_more(&sb);
    let out = stage(&sb, "run", "2026-10", &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out)["brp_check"]["kept_verdicts"], 0);
    let c = checked(&sb, "2026-10");
    assert!(c.contains_key("b1"));
    let s = &c["s20-ambiguous"];
    assert_eq!(
        (s["brp_oordeel"].as_str(), s["brp_bsn"].as_str()),
        ("gevonden", bsn(1).as_str())
    );
}

/// Copies a folder with everything below it.
fn copy_folder(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A later run of the month with the same extract reads only the rows its
/// signals point at (through the lookup table the first run left) and
/// writes the very files a run that reads the whole extract writes. A
/// damaged table, or one for another extract, is not used.
#[test]
fn a_later_run_reads_only_the_rows_its_new_signals_point_at() {
    // The month starts with one signal; the signal of every variation
    // class comes in later, so each way a row is found is looked up.
    // Residents elsewhere in town, whom none of the signals points at.
    let elsewhere: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "Veld{i};;Test;19{:02}{:02}{:02};E;;;Veldweg;{};;;1235 AA;Proefdorp;",
                50 + i % 40,
                1 + i % 12,
                1 + i % 28,
                i + 1
            )
        })
        .collect();
    let register: Vec<&str> = MODEL_REGISTER
        .iter()
        .copied()
        .chain(elsewhere.iter().map(String::as_str))
        .collect();
    let (first_signal, later_signals) = MODEL_SIGNALS.split_first().unwrap();
    let sb = town(&register, &[*first_signal]);
    let brp = |out: &Output| json(out)["brp_check"].clone();
    let first = stage(&sb, "run", "2026-10", &["--format", "json"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let rows = brp(&first)["register_rows"].as_u64().unwrap();
    assert_eq!(brp(&first)["register_rows_read"], rows);
    let table = sb.path().join("uit/2026-10/.brp-opzoektabel");
    assert!(table.is_file());

    let rows_sent: Vec<String> = later_signals
        .iter()
        .map(|(id, rest)| format!("{id};12-10-2026;{rest};100"))
        .collect();
    sb.write(
        "exports/2026-10/proef-2026-10-b.csv",
        &format!("{EXPORT_HEADER}\n{}\n", rows_sent.join("\n")),
    );
    let (out, before) = (sb.path().join("uit"), sb.path().join("uit-voor"));
    copy_folder(&out, &before);
    let later = stage(&sb, "run", "2026-10", &["--format", "json"]);
    assert_eq!(later.code, 0, "{}", later.stderr);
    let read = brp(&later)["register_rows_read"].as_u64().unwrap();
    assert!(read > 0 && read < rows, "read {read} of {rows} rows");
    assert_eq!(checked(&sb, "2026-10").len(), MODEL_SIGNALS.len());
    let fetched = snapshot(&out);

    // Without the table, or with a damaged one, the whole extract is read:
    // the same files, byte for byte (the table written anew included).
    let damage = |t: &Path| {
        let mut bytes = fs::read(t).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        fs::write(t, bytes).unwrap();
    };
    for (what, spoil) in [
        (
            "no table",
            &(|t: &Path| fs::remove_file(t).unwrap()) as &dyn Fn(&Path),
        ),
        ("a damaged table", &damage),
    ] {
        copy_folder(&before, &out);
        spoil(&table);
        let whole = stage(&sb, "run", "2026-10", &["--format", "json"]);
        assert_eq!(whole.code, 0, "{what}: {}", whole.stderr);
        assert_eq!(brp(&whole)["register_rows_read"], rows, "{what}");
        assert_unchanged(&fetched, &snapshot(&out), what);
    }

    // Another extract: the table is not the one for it.
    one_resident_more(&sb);
    let other = stage(&sb, "run", "2026-10", &["--format", "json"]);
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert_eq!(brp(&other)["register_rows_read"], rows + 1);
}
