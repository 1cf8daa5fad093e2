//! Test helpers: run the real binary, and build small municipalities in a
//! temporary folder.
#![allow(dead_code)]

pub mod town;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The n-th nine-digit number from 900000000 that passes the 11-test.
pub fn bsn(n: usize) -> String {
    (900_000_000u64..)
        .map(|x| format!("{x:09}"))
        .filter(|s| {
            let sum: i64 = s
                .bytes()
                .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
                .map(|(b, w)| i64::from(b - b'0') * w)
                .sum();
            sum != 0 && sum % 11 == 0
        })
        .nth(n)
        .unwrap()
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `vroegsignaal ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    // The tests read the English messages; the Dutch default has its own.
    let out = Command::new(env!("CARGO_BIN_EXE_vroegsignaal"))
        .env("VROEGSIGNAAL_LANG", "en")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs in the repository, where `config/vroegsignaal.toml` is found.
pub fn run(args: &[&str]) -> Output {
    run_in(&repo(), args)
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", out.stdout))
}

/// Reads one of our CSV outputs (either dialect) as header-keyed rows.
pub fn read_table(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delim = if text.lines().next().unwrap_or("").contains(';') {
        b';'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .map(String::from)
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// All files below a folder (for "nothing was written" checks), except the
/// run lock: an empty file that says nothing and holds nothing.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_below(&p));
            } else if p.file_name().is_none_or(|n| n != LOCK_FILE) {
                out.push(p);
            }
        }
    }
    out
}

/// Every file below a folder with its bytes, to show nothing changed.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = files_below(dir);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).expect("readable");
            (p, bytes)
        })
        .collect()
}

/// Asserts two snapshots are equal, naming only the files that differ.
pub fn assert_unchanged(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)], what: &str) {
    let names =
        |s: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> { s.iter().map(|(p, _)| p.clone()).collect() };
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|a| !before.contains(a))
        .map(|(p, _)| p)
        .chain(before.iter().filter(|b| !after.contains(b)).map(|(p, _)| p))
        .collect();
    assert!(
        changed.is_empty(),
        "{what}: files changed: {changed:?} (before {:?})",
        names(before)
    );
}

/// A BRP profile for a register with partner names (naamgebruik).
pub const BRP_PROFILE: &str = r#"
delimiter = ";"
[columns]
bsn = "bsn"
surname = "geslachtsnaam"
prefix = "voorvoegsel"
first_names = "voornamen"
birth_date = "geboortedatum"
name_use = "naamgebruik"
partner_surname = "geslachtsnaam_partner"
partner_prefix = "voorvoegsel_partner"
street = "straat"
house_number = "huisnummer"
house_letter = "huisletter"
addition = "toevoeging"
postcode = "postcode"
city = "woonplaats"
date_of_death = "datum_overlijden"
"#;

/// That register's header.
pub const BRP_HEADER: &str = "bsn;geslachtsnaam;voorvoegsel;voornamen;geboortedatum;naamgebruik;geslachtsnaam_partner;voorvoegsel_partner;straat;huisnummer;huisletter;toevoeging;postcode;woonplaats;datum_overlijden";

/// The run lock's file name in a locked folder.
pub const LOCK_FILE: &str = ".vroegsignaal.lock";

/// A one-partner municipality in a temporary folder: `config.toml`,
/// `profile.toml` and exports under `exports/<month>/`.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

pub const PROFILE: &str = r#"
delimiter = ";"
[columns]
signal_id = "Kenmerk"
received = "Datum"
surname = "Achternaam"
initials = "Voorletters"
birth_date = "Geboortedatum"
street = "Straat"
house_number = "Huisnr"
postcode = "Postcode"
amount = "Bedrag"
"#;

pub const HEADER: &str =
    "Kenmerk;Datum;Achternaam;Voorletters;Geboortedatum;Straat;Huisnr;Postcode;Bedrag\n";

impl Sandbox {
    pub fn new() -> Sandbox {
        let s = Sandbox {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        s.write(
            "config.toml",
            r#"output = "uit"
[municipality]
name = "Proefdorp"
code = "9998"
inhabitants = 1000
[[partner]]
id = "proef"
type = "zorg"
profile = "profile.toml"
files = "exports/{month}/proef-*.csv"
"#,
        );
        s.write("profile.toml", PROFILE);
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.dir.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
    }

    /// An export for 2026-10.
    pub fn export(&self, body: &[u8]) {
        self.write_bytes("exports/2026-10/proef-2026-10.csv", body);
    }

    pub fn ingest(&self, extra: &[&str]) -> Output {
        let mut args = vec!["ingest", "--config", "config.toml", "--month", "2026-10"];
        args.extend_from_slice(extra);
        run_in(self.path(), &args)
    }

    pub fn outputs(&self) -> Vec<PathBuf> {
        files_below(&self.path().join("uit"))
    }
}

/// The official DDAS schema, when it is here: `VROEGSIGNAAL_DDAS_SCHEMA`
/// (CI sets it, and then it must exist), else `../shared/reference/` beside
/// the repository. A fresh clone has neither: the cross-check is skipped
/// and says so (the program checks the schema's rules itself regardless).
pub fn schema() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VROEGSIGNAAL_DDAS_SCHEMA") {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "VROEGSIGNAAL_DDAS_SCHEMA={} is not a file",
            path.display()
        );
        return Some(path);
    }
    let beside = repo().join("../shared/reference/ddas-vroegsignalering-v1.2.schema.json");
    if beside.is_file() {
        Some(beside)
    } else {
        eprintln!(
            "skipped: the cross-check against the official DDAS schema (not found at {}; \
             set VROEGSIGNAAL_DDAS_SCHEMA to run it)",
            beside.display()
        );
        None
    }
}

/// Validates a file against the official JSON Schema with Python's
/// `jsonschema` (CI installs it); the errors, or `None` when the schema is
/// not here.
pub fn schema_errors(file: &Path) -> Option<Vec<String>> {
    let schema = schema()?;
    let script = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
data = json.load(open(sys.argv[2]))
v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
for e in v.iter_errors(data):
    print("/".join(map(str, e.absolute_path)), e.message[:200])
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .arg(file)
        .output()
        .expect("python3 runs (CI installs it with jsonschema)");
    assert!(
        out.status.success(),
        "validator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect(),
    )
}
