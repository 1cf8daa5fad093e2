//! Letters for the letter lists: one per household, the salutation the
//! register gives (sex and name use), one A4 page each.

mod common;

use common::town::{signals, signals_in_files, town};
use common::{Sandbox, bsn, read_table, repo, run_in};
use std::fs;
use std::process::Command;

/// May's run in the town, on the 8th; it must succeed.
fn may(sb: &Sandbox) {
    may_on(sb, "2026-05-08");
}

/// May's run in the town on a day; it must succeed.
fn may_on(sb: &Sandbox, day: &str) {
    let out = run_in(
        sb.path(),
        &[
            "run",
            "--config",
            "config.toml",
            "--month",
            "2026-05",
            "--as-of",
            day,
            "--quiet",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Proefdorp's register with sex, name use and partners' names.
fn with_names(sb: &Sandbox) {
    sb.write(
        "brp.toml",
        "delimiter = \";\"\n[columns]\nbsn = \"bsn\"\nsurname = \"geslachtsnaam\"\n\
         prefix = \"voorvoegsel\"\nfirst_names = \"voornamen\"\nbirth_date = \"geboortedatum\"\n\
         sex = \"geslacht\"\nname_use = \"naamgebruik\"\npartner_surname = \"partnernaam\"\n\
         partner_prefix = \"partnervoorvoegsel\"\nstreet = \"straat\"\nhouse_number = \"huisnummer\"\n\
         postcode = \"postcode\"\ncity = \"woonplaats\"\n",
    );
    // (surname, prefix, first, birth, sex, use, partner prefix, partner, street, number, postcode)
    let people = [
        (
            "Visser", "", "Kees", "19820707", "M", "E", "", "Yilmaz", "Molenweg", 12, "1234 AC",
        ),
        (
            "Yilmaz", "", "Elif", "19830808", "V", "V", "", "Visser", "Molenweg", 12, "1234 AC",
        ),
        (
            "Haddad",
            "",
            "Samira",
            "19900304",
            "V",
            "N",
            "de",
            "Vries",
            "Kerkstraat",
            2,
            "1234 AB",
        ),
        (
            "Hess",
            "",
            "Pieter",
            "19700120",
            "M",
            "P",
            "",
            "Smit",
            "Kerkstraat",
            5,
            "1234 AB",
        ),
        (
            "Smit", "", "Willem", "19600615", "O", "E", "", "", "Molenweg", 10, "1234 AC",
        ),
        (
            "Boer", "de", "Jan", "19780404", "M", "E", "", "", "Molenweg", 13, "1234 AC",
        ),
        (
            "Abdi", "", "Tesfay", "20040909", "M", "E", "", "", "Molenweg", 14, "1234 AC",
        ),
    ];
    let rows: Vec<String> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{};{};{};{};{};{};{};{};{};{};{};{};Proefdorp",
                bsn(i),
                p.0,
                p.1,
                p.2,
                p.3,
                p.4,
                p.5,
                p.6,
                p.7,
                p.8,
                p.9,
                p.10
            )
        })
        .collect();
    sb.write(
        "brp.csv",
        &format!(
            "bsn;geslachtsnaam;voorvoegsel;voornamen;geboortedatum;geslacht;naamgebruik;\
             partnervoorvoegsel;partnernaam;straat;huisnummer;postcode;woonplaats\n{}\n",
            rows.join("\n")
        ),
    );
}

#[test]
fn every_letter_household_gets_a_letter_with_the_salutation_the_register_gives() {
    // G5: everyone gets a letter.
    let rulebook = repo().join("config/examples/g5.toml").display().to_string();
    let sb = town(Some(&rulebook));
    with_names(&sb);
    // Jan (de Boer) at "zorg", the rest one signal each; Kees has none, so
    // Elif's letter is to her.
    signals(
        &sb,
        "2026-05",
        &[
            ("zorg", 1, 200),
            ("energie", 2, 150),
            ("water", 3, 90),
            ("huur", 4, 700),
            ("zorg", 5, 300),
        ],
    );
    may(&sb);
    let dir = sb.path().join("uit/2026-05/brieven");
    let merge = read_table(&dir.join("brief-2026-05-08.csv"));
    let mut got: Vec<(String, String)> = merge
        .iter()
        .map(|r| (r["naam"].clone(), r["aanhef"].clone()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "E. Visser-Yilmaz".to_string(),
                "Geachte mevrouw Visser-Yilmaz".to_string()
            ),
            ("J. de Boer".into(), "Geachte heer De Boer".into()),
            ("P. Smit".into(), "Geachte heer Smit".into()),
            (
                "S. Haddad-de Vries".into(),
                "Geachte mevrouw Haddad-de Vries".into()
            ),
            ("W. Smit".into(), "Geachte heer/mevrouw Smit".into()),
        ]
    );
    // The address block and the partners, by name and kind; no amount.
    let elif = merge
        .iter()
        .find(|r| r["naam"] == "E. Visser-Yilmaz")
        .unwrap();
    assert_eq!(elif["adresregel"], "Molenweg 12");
    assert_eq!(elif["postcode_woonplaats"], "1234 AC  PROEFDORP");
    assert_eq!(elif["partners"], "zorg (zorgverzekering)");
    let html = fs::read_to_string(dir.join("brief-2026-05-08.html")).unwrap();
    assert_eq!(html.matches("class=\"brief\"").count(), 5);
    assert!(
        !html.contains("200,00") && !html.contains("200.00"),
        "no amounts"
    );
    // Owner-only, like the work lists.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("brief-2026-05-08.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }

    // In a browser: one A4 page per letter.
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        eprintln!("skipped: the page count in a browser (no chromium here; CI installs it)");
        return;
    };
    let pdf = sb.path().join("brieven.pdf");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(dir.join("brief-2026-05-08.html"))
        .env("HOME", sb.path())
        .output()
        .unwrap();
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&status.stderr));
    let bytes = fs::read(&pdf).unwrap();
    let pages = bytes
        .windows(12)
        .filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's')
        .count();
    assert_eq!(pages, 5, "one page per letter");
}

#[test]
fn a_broken_letter_template_is_named_with_its_line_and_nothing_is_written() {
    let rulebook = repo().join("config/examples/g5.toml").display().to_string();
    let sb = town(Some(&rulebook));
    let config = fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write(
        "config.toml",
        &format!("{config}\n[letters]\ntemplate = \"eigen-brief.html\"\n"),
    );
    sb.write(
        "eigen-brief.html",
        "<p>Brieven</p>\n{% for b in brieven %}\n{{ b.aanhef }\n{% endfor %}\n",
    );
    signals(&sb, "2026-05", &[("zorg", 1, 200)]);
    let out = run_in(
        sb.path(),
        &[
            "run",
            "--config",
            "config.toml",
            "--month",
            "2026-05",
            "--as-of",
            "2026-05-08",
        ],
    );
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("eigen-brief.html:3: the letter template"),
        "{}",
        out.stderr
    );
    assert!(!sb.path().join("uit/2026-05").exists(), "nothing written");
}

#[cfg(unix)]
#[test]
fn a_team_may_share_the_outputs_but_never_the_store_or_key() {
    use std::os::unix::fs::PermissionsExt;
    let rulebook = repo().join("config/examples/g5.toml").display().to_string();
    let sb = town(Some(&rulebook));
    let config = fs::read_to_string(sb.path().join("config.toml")).unwrap();
    sb.write("config.toml", &format!("share_with_group = true\n{config}"));
    signals(&sb, "2026-05", &[("zorg", 1, 200), ("energie", 2, 20)]);
    may(&sb);
    let mode = |rel: &str| {
        fs::metadata(sb.path().join(rel))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("uit"), 0o750);
    assert_eq!(mode("uit/2026-05"), 0o750);
    assert_eq!(mode("uit/2026-05/werklijsten/brief.csv"), 0o640);
    assert_eq!(mode("uit/2026-05/brieven/brief-2026-05-08.html"), 0o640);
    // The terms pass: codes go out.
    let out = run_in(
        sb.path(),
        &[
            "export-feedback",
            "--config",
            "config.toml",
            "--month",
            "2026-05",
            "--as-of",
            "2026-06-30",
            "--quiet",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let feedback: Vec<_> = fs::read_dir(sb.path().join("uit/2026-05/terugkoppeling"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!feedback.is_empty());
    for f in feedback {
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    assert_eq!(
        mode("uit/historie.sqlite"),
        0o600,
        "the store stays the owner's"
    );
    assert_eq!(
        mode("uit/historie.sleutel"),
        0o600,
        "the key stays the owner's"
    );
}

/// Letters go out in batches by the day their household was placed on the
/// list: a later run of the month writes the letters of the households it
/// placed, and the batch printed earlier stays as it was.
#[test]
fn a_later_run_writes_only_the_letters_of_the_households_it_placed() {
    let rulebook = repo().join("config/examples/g5.toml").display().to_string();
    let sb = town(Some(&rulebook));
    with_names(&sb);
    signals(&sb, "2026-05", &[("zorg", 1, 200), ("energie", 2, 150)]);
    may(&sb);
    let dir = sb.path().join("uit/2026-05/brieven");
    let first = fs::read(dir.join("brief-2026-05-08.html")).unwrap();
    let letters = |file: &str| {
        fs::read_to_string(dir.join(file))
            .unwrap()
            .matches("class=\"brief\"")
            .count()
    };
    assert_eq!(letters("brief-2026-05-08.html"), 2);

    // A week later a third household comes in.
    signals_in_files(
        &sb,
        "2026-05",
        "-b",
        &[("water", "water-2026-05-b0", 3, 90, "", "12-05-2026")],
    );
    may_on(&sb, "2026-05-15");
    assert_eq!(letters("brief-2026-05-15.html"), 1);
    assert_eq!(read_table(&dir.join("brief-2026-05-15.csv")).len(), 1);
    assert!(
        fs::read(dir.join("brief-2026-05-08.html")).unwrap() == first,
        "the first batch stays as printed"
    );
    // The work list holds all three.
    let list = read_table(&sb.path().join("uit/2026-05/werklijsten/brief.csv"));
    assert_eq!(list.len(), 3);
}
