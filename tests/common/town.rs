//! Proefdorp: a seven-person register and four partners (health insurer
//! `zorg`, energy `energie`, water `water`, landlord `huur`), with
//! hand-made signals per month.

use super::{Sandbox, bsn};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

const BRP_PROFILE: &str = r#"
delimiter = ";"
[columns]
bsn = "bsn"
surname = "geslachtsnaam"
first_names = "voornamen"
birth_date = "geboortedatum"
street = "straat"
house_number = "huisnummer"
postcode = "postcode"
city = "woonplaats"
"#;

const EXPORT_PROFILE: &str = r#"
delimiter = ";"
[columns]
signal_id = "Kenmerk"
received = "Datum"
kind = "Soort"
surname = "Achternaam"
first_names = "Voornamen"
birth_date = "Geboortedatum"
street = "Straat"
house_number = "Huisnr"
postcode = "Postcode"
phone = "Telefoon"
email = "Email"
amount = "Bedrag"
[kind_values]
crisis = "crisis"
eindelevering = "eindelevering"
"#;

pub struct Person {
    pub surname: &'static str,
    pub first: &'static str,
    /// jjjjmmdd
    pub birth: &'static str,
    pub street: &'static str,
    pub number: u32,
    pub postcode: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
}

/// Residents; Kees and Elif share an address. Samira has no phone; Pieter
/// neither phone nor e-mail.
pub const PEOPLE: &[Person] = &[
    Person {
        surname: "Visser",
        first: "Kees",
        birth: "19820707",
        street: "Molenweg",
        number: 12,
        postcode: "1234 AC",
        phone: "0612345678",
        email: "kees@example.org",
    },
    Person {
        surname: "Yilmaz",
        first: "Elif",
        birth: "19830808",
        street: "Molenweg",
        number: 12,
        postcode: "1234 AC",
        phone: "0623456789",
        email: "",
    },
    Person {
        surname: "Haddad",
        first: "Samira",
        birth: "19900304",
        street: "Kerkstraat",
        number: 2,
        postcode: "1234 AB",
        phone: "",
        email: "samira@example.org",
    },
    Person {
        surname: "Hess",
        first: "Pieter",
        birth: "19700120",
        street: "Kerkstraat",
        number: 5,
        postcode: "1234 AB",
        phone: "",
        email: "",
    },
    Person {
        surname: "Smit",
        first: "Willem",
        birth: "19600615",
        street: "Molenweg",
        number: 10,
        postcode: "1234 AC",
        phone: "0634567890",
        email: "willem@example.org",
    },
    Person {
        surname: "Boer",
        first: "Jan",
        birth: "19780404",
        street: "Molenweg",
        number: 13,
        postcode: "1234 AC",
        phone: "0645678901",
        email: "jan@example.org",
    },
    Person {
        surname: "Abdi",
        first: "Tesfay",
        birth: "20040909",
        street: "Molenweg",
        number: 14,
        postcode: "1234 AC",
        phone: "0656789012",
        email: "tesfay@example.org",
    },
];

pub const PARTNERS: &[&str] = &["zorg", "energie", "water", "huur"];

/// The town; `rulebook` is a path for the config's `rulebook` key.
pub fn town(rulebook: Option<&str>) -> Sandbox {
    let sb = Sandbox::new();
    let mut config = String::from(
        "output = \"uit\"\nretention_months = 6\n[municipality]\nname = \"Proefdorp\"\n\
         code = \"9998\"\ninhabitants = 1000\n[brp]\nfile = \"brp.csv\"\nprofile = \"brp.toml\"\n",
    );
    if let Some(r) = rulebook {
        config = format!("rulebook = \"{r}\"\n{config}");
    }
    for p in PARTNERS {
        config.push_str(&format!(
            "[[partner]]\nid = \"{p}\"\ntype = \"{p}\"\nprofile = \"profile.toml\"\n\
             files = \"exports/{{month}}/{p}-*.csv\"\n"
        ));
    }
    sb.write("config.toml", &config);
    sb.write("profile.toml", EXPORT_PROFILE);
    sb.write("brp.toml", BRP_PROFILE);
    let rows: Vec<String> = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{};{};{};{};{};{};{};Proefdorp",
                bsn(i),
                p.surname,
                p.first,
                p.birth,
                p.street,
                p.number,
                p.postcode
            )
        })
        .collect();
    sb.write(
        "brp.csv",
        &format!(
            "bsn;geslachtsnaam;voornamen;geboortedatum;straat;huisnummer;postcode;woonplaats\n{}\n",
            rows.join("\n")
        ),
    );
    sb
}

/// Writes a month's exports: (partner, person index, amount in euros); the
/// signal ids are `<partner>-<month>-<position in the list>`.
pub fn signals(sb: &Sandbox, month: &str, list: &[(&str, usize, u32)]) {
    let with_kind: Vec<(&str, usize, u32, &str)> =
        list.iter().map(|&(p, w, a)| (p, w, a, "")).collect();
    signals_of_kind(sb, month, &with_kind);
}

/// As [`signals`], with a kind per signal (`crisis`, `eindelevering` or empty).
pub fn signals_of_kind(sb: &Sandbox, month: &str, list: &[(&str, usize, u32, &str)]) {
    let ids: Vec<String> = list
        .iter()
        .enumerate()
        .map(|(n, (partner, ..))| format!("{partner}-{month}-{n}"))
        .collect();
    let with_ids: Vec<(&str, &str, usize, u32, &str)> = list
        .iter()
        .zip(&ids)
        .map(|(&(p, w, a, k), id)| (p, id.as_str(), w, a, k))
        .collect();
    signals_with_ids(sb, month, &with_ids);
}

/// Writes a month's exports: (partner, signal id as the partner wrote it,
/// person index, amount in euros, kind). The id is written as one CSV
/// field (quoted when it must be).
pub fn signals_with_ids(sb: &Sandbox, month: &str, list: &[(&str, &str, usize, u32, &str)]) {
    let day = format!("05-{}-{}", &month[5..7], &month[..4]);
    let dated: Vec<(&str, &str, usize, u32, &str, &str)> = list
        .iter()
        .map(|&(p, id, w, a, k)| (p, id, w, a, k, day.as_str()))
        .collect();
    signals_dated(sb, month, &dated);
}

/// As [`signals_with_ids`], each with its day of receipt (`dd-mm-jjjj`).
pub fn signals_dated(sb: &Sandbox, month: &str, list: &[(&str, &str, usize, u32, &str, &str)]) {
    signals_in_files(sb, month, "", list);
}

/// As [`signals_dated`], into files `<partner>-<month><tag>.csv` (a
/// partner sends several files in a month: one per week).
pub fn signals_in_files(
    sb: &Sandbox,
    month: &str,
    tag: &str,
    list: &[(&str, &str, usize, u32, &str, &str)],
) {
    let mut by_partner: BTreeMap<&str, Vec<Vec<String>>> = BTreeMap::new();
    for (partner, id, who, amount, kind, received) in list {
        let p = &PEOPLE[*who];
        let b = p.birth;
        let birth = format!("{}-{}-{}", &b[6..8], &b[4..6], &b[..4]);
        by_partner.entry(partner).or_default().push(vec![
            id.to_string(),
            received.to_string(),
            kind.to_string(),
            p.surname.into(),
            p.first.into(),
            birth,
            p.street.into(),
            p.number.to_string(),
            p.postcode.into(),
            p.phone.into(),
            p.email.into(),
            amount.to_string(),
        ]);
    }
    for partner in PARTNERS {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        w.write_record([
            "Kenmerk",
            "Datum",
            "Soort",
            "Achternaam",
            "Voornamen",
            "Geboortedatum",
            "Straat",
            "Huisnr",
            "Postcode",
            "Telefoon",
            "Email",
            "Bedrag",
        ])
        .unwrap();
        for row in by_partner.remove(partner).unwrap_or_default() {
            w.write_record(&row).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        sb.write(
            &format!("exports/{month}/{partner}-{month}{tag}.csv"),
            &text,
        );
    }
}

/// `run --config config.toml --month MONTH --format json` in the town; the
/// whole summary.
pub fn run_month_json(sb: &Sandbox, month: &str) -> serde_json::Value {
    let out = super::run_in(
        sb.path(),
        &[
            "run",
            "--config",
            "config.toml",
            "--month",
            month,
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(out.code, 0, "{month}: {}", out.stderr);
    super::json(&out)
}

/// The work list (main channel) that holds a signal, and its row number.
pub fn row_of(sb: &Sandbox, month: &str, signal: &str) -> (PathBuf, usize) {
    let dir = sb.path().join(format!("uit/{month}/werklijsten"));
    let mut lists: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    lists.sort();
    for list in lists {
        let rows = super::read_table(&list);
        if let Some(i) = rows
            .iter()
            .position(|r| r["kanaal"] == "hoofd" && r["signalen"].split(" | ").any(|s| s == signal))
        {
            return (list, i);
        }
    }
    panic!("{signal} is on no work list of {month}");
}

/// Types cells into the row of a signal's case, as an officer saves it
/// from a text editor (`;`, UTF-8).
pub fn record(sb: &Sandbox, month: &str, signal: &str, cells: &[(&str, &str)]) {
    let (list, i) = row_of(sb, month, signal);
    let text = fs::read_to_string(&list).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    for (col, value) in cells {
        let c = header.iter().position(|h| h == col).expect(col);
        rows[i][c] = value.to_string();
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    fs::write(&list, w.into_inner().unwrap()).unwrap();
}
