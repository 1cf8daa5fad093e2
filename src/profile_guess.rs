//! A draft partner profile guessed from an export: encoding, delimiter and
//! title lines; each column mapped by its header (Dutch and English names)
//! or, failing that, by what its cells hold; date and amount formats. Every
//! guess is written with the reason for it, for an officer to check.

use crate::fields::{amount, contact, date};
use crate::suggest::normalised;
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;

/// Header names per profile field, normalised (see [`normalised`]).
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "signal_id",
        &[
            "kenmerk",
            "referentie",
            "dossier",
            "dossiernummer",
            "dossiernr",
            "signaalnummer",
            "signaalid",
            "meldingsnummer",
            "id",
            "reference",
            "caseid",
        ],
    ),
    (
        "received",
        &[
            "datum",
            "datumsignaal",
            "signaaldatum",
            "meldingsdatum",
            "datummelding",
            "datumontvangst",
            "ontvangen",
            "receiveddate",
            "date",
        ],
    ),
    (
        "arrear_since",
        &[
            "achterstandsinds",
            "sinds",
            "arrearssince",
            "achterstanddatum",
        ],
    ),
    (
        "kind",
        &[
            "soort",
            "soortsignaal",
            "signaaltype",
            "type",
            "signaltype",
            "kind",
        ],
    ),
    ("warm_handover", &["warmeoverdracht", "warmhandover"]),
    (
        "full_name",
        &["naam", "name", "volledigenaam", "klantnaam", "fullname"],
    ),
    (
        "surname",
        &[
            "achternaam",
            "geslachtsnaam",
            "familienaam",
            "lastname",
            "surname",
        ],
    ),
    (
        "prefix",
        &["tussenvoegsel", "tussenvoegsels", "voorvoegsel", "prefix"],
    ),
    (
        "first_names",
        &[
            "voornamen",
            "voornaam",
            "firstname",
            "firstnames",
            "givenname",
        ],
    ),
    ("initials", &["voorletters", "initialen", "initials"]),
    (
        "birth_date",
        &[
            "geboortedatum",
            "gebdatum",
            "geboren",
            "dateofbirth",
            "birthdate",
            "dob",
        ],
    ),
    ("address", &["adres", "address", "adresregel"]),
    ("street", &["straat", "straatnaam", "street"]),
    (
        "house_number",
        &[
            "huisnummer",
            "huisnr",
            "nummer",
            "nr",
            "housenumber",
            "number",
        ],
    ),
    ("house_letter", &["huisletter", "letter"]),
    (
        "addition",
        &["toevoeging", "huisnummertoevoeging", "addition"],
    ),
    (
        "postcode",
        &["postcode", "zip", "zipcode", "pc", "postalcode"],
    ),
    ("city", &["woonplaats", "plaats", "city", "stad", "town"]),
    (
        "phone",
        &[
            "telefoon",
            "telefoonnummer",
            "mobiel",
            "tel",
            "phone",
            "mobile",
            "gsm",
        ],
    ),
    ("email", &["email", "emailadres", "mail"]),
    (
        "amount",
        &[
            "bedrag",
            "achterstand",
            "openstaandbedrag",
            "huurachterstand",
            "totaalachterstand",
            "openstaand",
            "amountdue",
            "amount",
            "schuld",
            "saldo",
        ],
    ),
    (
        "term_amount",
        &[
            "termijnbedrag",
            "premiepermaand",
            "maandbedrag",
            "premie",
            "termijn",
            "monthlyamount",
        ],
    ),
    ("bsn", &["bsn", "burgerservicenummer"]),
    (
        "business_name",
        &["bedrijfsnaam", "bedrijf", "company", "firma"],
    ),
];

/// A test on one cell's text.
type CellTest = fn(&str) -> bool;

/// What was read of the export.
struct Table {
    encoding: &'static str,
    delimiter: Option<u8>,
    header_row: u64,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The draft profile (TOML text) and the fields that are required but were
/// not found.
pub struct Draft {
    pub text: String,
    pub missing: Vec<&'static str>,
}

/// Guesses a profile for `path` (CSV or XLSX).
pub fn guess(path: &Path, partner_type: Option<&str>) -> Result<Draft> {
    let table = if crate::sheets::is_workbook(path) {
        read_workbook(path)?
    } else {
        read_csv(path)?
    };
    let columns: Vec<Vec<&str>> = (0..table.header.len())
        .map(|j| {
            table
                .rows
                .iter()
                .filter_map(|r| r.get(j).map(|c| c.trim()))
                .filter(|c| !c.is_empty())
                .take(200)
                .collect()
        })
        .collect();
    let mut mapped: Vec<(&'static str, usize, String)> = Vec::new();
    let mut used = vec![false; table.header.len()];
    // By header: exact names first, then a name the header starts with.
    for exact in [true, false] {
        for (field, names) in SYNONYMS {
            if mapped.iter().any(|(f, ..)| f == field) {
                continue;
            }
            let hit = table.header.iter().enumerate().find(|(j, h)| {
                let n = normalised(h);
                !used.get(*j).copied().unwrap_or(true)
                    && names.iter().any(|s| {
                        if exact {
                            n == *s
                        } else {
                            s.len() >= 4 && (n.starts_with(s) || n.ends_with(s))
                        }
                    })
            });
            if let Some((j, h)) = hit {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
                mapped.push((field, j, crate::tr!("guess-by-header", header = h)));
            }
        }
    }
    // By content, for columns the header did not place.
    for (j, values) in columns.iter().enumerate() {
        if used.get(j).copied().unwrap_or(true) || values.is_empty() {
            continue;
        }
        if let Some((field, what)) = by_content(values)
            && !mapped.iter().any(|(f, ..)| *f == field)
        {
            if let Some(u) = used.get_mut(j) {
                *u = true;
            }
            mapped.push((field, j, what));
        }
    }
    // A kind column only when its values are kinds this tool knows;
    // partner codes (`GA`, `VS`) need a [kind_values] table from a person.
    let mut notes: Vec<String> = Vec::new();
    if let Some(at) = mapped.iter().position(|(f, ..)| *f == "kind") {
        let j = mapped.get(at).map_or(0, |(_, j, _)| *j);
        let mut distinct: Vec<String> = columns
            .get(j)
            .into_iter()
            .flatten()
            .map(|v| v.to_lowercase())
            .collect();
        distinct.sort();
        distinct.dedup();
        let unknown: Vec<&String> = distinct
            .iter()
            .filter(|v| crate::signal::SignalKind::parse(v).is_none())
            .collect();
        if !unknown.is_empty() {
            let header = table.header.get(j).cloned().unwrap_or_default();
            notes.push(crate::tr!(
                "guess-kind-codes",
                header = header,
                codes = unknown
                    .iter()
                    .take(6)
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            mapped.remove(at);
        }
    }
    // Names and addresses in one column or in parts, never both.
    if mapped.iter().any(|(f, ..)| *f == "surname") {
        mapped.retain(|(f, ..)| *f != "full_name");
    }
    if mapped.iter().any(|(f, ..)| *f == "street") {
        mapped.retain(|(f, ..)| *f != "address");
    }
    let values_of = |field: &str| -> Vec<&str> {
        mapped
            .iter()
            .filter(|(f, ..)| *f == field)
            .filter_map(|(_, j, _)| columns.get(*j))
            .flatten()
            .copied()
            .collect()
    };
    let mut dates: Vec<&str> = Vec::new();
    for f in ["received", "birth_date", "arrear_since"] {
        dates.extend(values_of(f));
    }
    let mut amounts = values_of("amount");
    amounts.extend(values_of("term_amount"));
    let mut draft = write_draft(path, &table, partner_type, &mapped, &dates, &amounts)?;
    for n in notes {
        draft.text.push_str(&format!("# {n}\n"));
    }
    Ok(draft)
}

fn write_draft(
    path: &Path,
    table: &Table,
    partner_type: Option<&str>,
    mapped: &[(&'static str, usize, String)],
    dates: &[&str],
    amounts: &[&str],
) -> Result<Draft> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut t = String::new();
    let w = &mut t;
    writeln!(w, "# {}", crate::tr!("guess-head", file = &name))?;
    writeln!(w, "# {}", crate::tr!("guess-check"))?;
    writeln!(
        w,
        "description = {}",
        toml_string(&crate::tr!("guess-description", file = &name))
    )?;
    if let Some(pt) = partner_type {
        writeln!(w, "partner_type = {}", toml_string(pt))?;
    }
    if let Some(d) = table.delimiter {
        let shown = if d == b'\t' {
            "tab".to_string()
        } else {
            (d as char).to_string()
        };
        writeln!(
            w,
            "delimiter = {}    # {}",
            toml_string(&shown),
            crate::tr!("guess-delimiter")
        )?;
    }
    if table.encoding != "UTF-8" {
        writeln!(
            w,
            "encoding = {}    # {}",
            toml_string(&table.encoding.to_lowercase()),
            crate::tr!("guess-encoding")
        )?;
    }
    if table.header_row > 1 {
        writeln!(
            w,
            "header_row = {}    # {}",
            table.header_row,
            crate::tr!("guess-header-row")
        )?;
    }
    if let Some((format, why)) = date_format(dates) {
        writeln!(w, "date_format = {}    # {why}", toml_string(format))?;
    }
    if let Some((sep, why)) = decimal_separator(amounts) {
        writeln!(w, "decimal_separator = {}    # {why}", toml_string(sep))?;
    }
    writeln!(w, "\n[columns]")?;
    let mut order: Vec<&(&'static str, usize, String)> = mapped.iter().collect();
    order.sort_by_key(|(f, ..)| SYNONYMS.iter().position(|(s, _)| s == f));
    for (field, j, why) in order {
        let header = table.header.get(*j).map_or("", String::as_str);
        writeln!(w, "{field} = {}    # {why}", toml_string(header))?;
    }
    let mut missing = Vec::new();
    for required in ["signal_id", "amount"] {
        if !mapped.iter().any(|(f, ..)| *f == required) {
            writeln!(
                w,
                "# {required} = \"?\"    # {}",
                crate::tr!("guess-not-found")
            )?;
            missing.push(required);
        }
    }
    let unused: Vec<&str> = table
        .header
        .iter()
        .enumerate()
        .filter(|(j, h)| !h.is_empty() && !mapped.iter().any(|(_, m, _)| m == j))
        .map(|(_, h)| h.as_str())
        .collect();
    if !unused.is_empty() {
        writeln!(
            w,
            "# {}",
            crate::tr!("guess-unused", columns = unused.join(", "))
        )?;
    }
    Ok(Draft { text: t, missing })
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The field a column's cells say it is, with why; `None` when unclear.
fn by_content(values: &[&str]) -> Option<(&'static str, String)> {
    let share = |f: CellTest| values.iter().filter(|v| f(v)).count() * 100 / values.len();
    // What each holds, as a key of the message catalogs.
    let checks: [(&'static str, &str, CellTest); 5] = [
        ("postcode", "guess-a-postcode", |v| {
            contact::normalise_postcode(v).is_some()
        }),
        ("email", "guess-an-email", contact::valid_email),
        ("bsn", "guess-a-bsn", |v| {
            v.len() >= 8 && contact::normalise_bsn(v).is_some()
        }),
        ("phone", "guess-a-phone", |v| {
            contact::normalise_phone(v).is_some()
        }),
        ("amount", "guess-an-amount", |v| {
            amount::parse_cents(v, None).is_ok() && v.contains([',', '.'])
        }),
    ];
    checks.into_iter().find_map(|(field, what, f)| {
        let p = share(f);
        (p >= 90).then(|| {
            let what = crate::i18n::text(what, &[]);
            let why = crate::tr!("guess-share", share = p, values = values.len(), what = what);
            (field, why)
        })
    })
}

/// One date format all dates are written in.
fn date_format(dates: &[&str]) -> Option<(&'static str, String)> {
    if dates.is_empty() {
        return None;
    }
    let shapes: [(&'static str, CellTest); 4] = [
        ("jjjjmmdd", |d| {
            d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit())
        }),
        ("jjjj-mm-dd", |d| {
            d.len() == 10
                && d.as_bytes().get(4) == Some(&b'-')
                && d.as_bytes().get(7) == Some(&b'-')
        }),
        ("dd-mm-jjjj", |d| {
            d.len() == 10
                && d.as_bytes().get(2) == Some(&b'-')
                && d.as_bytes().get(5) == Some(&b'-')
        }),
        ("d-m-jjjj", |d| {
            let parts: Vec<&str> = d.split('-').collect();
            parts.len() == 3 && parts.last().is_some_and(|y| y.len() == 4)
        }),
    ];
    let readable = |d: &str| date::parse_partial(d, None).is_ok();
    shapes.into_iter().find_map(|(format, shape)| {
        dates
            .iter()
            .all(|d| shape(d) && readable(d))
            .then(|| (format, crate::tr!("guess-dates", dates = dates.len())))
    })
}

/// The decimal separator the amounts use.
fn decimal_separator(amounts: &[&str]) -> Option<(&'static str, String)> {
    let ends = |v: &&&str, c: char| {
        v.rsplit_once(c).is_some_and(|(_, cents)| {
            (1..=2).contains(&cents.len()) && cents.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let comma = amounts.iter().filter(|v| ends(v, ',')).count();
    let point = amounts.iter().filter(|v| ends(v, '.')).count();
    match (comma, point) {
        (c, 0) if c > 0 => Some((",", crate::tr!("guess-comma", amounts = c))),
        (0, p) if p > 0 => Some((".", crate::tr!("guess-point", amounts = p))),
        _ => None,
    }
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| crate::csvio::cannot_read(&path.display(), &e))?;
    // As ingest will read it: UTF-8 when valid, else what the shared
    // detection makes of it.
    let (text, encoding) = match std::str::from_utf8(&bytes) {
        Ok(t) => (t.trim_start_matches('\u{feff}').to_string(), "UTF-8"),
        Err(_) => {
            let encoding = crate::csvio::legacy_encoding(&bytes, true);
            let (t, _, _) = encoding.decode(&bytes);
            (t.into_owned(), encoding.name())
        }
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    // The header: the first line whose field count the next lines share.
    let delimiter = sniff(&lines);
    let fields = |l: &str| -> Vec<String> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(l.as_bytes())
            .records()
            .next()
            .and_then(|r| r.ok())
            .map(|r| r.iter().map(str::to_string).collect())
            .unwrap_or_default()
    };
    let widths: Vec<usize> = lines.iter().take(20).map(|l| fields(l).len()).collect();
    let common = widths
        .iter()
        .copied()
        .max_by_key(|w| widths.iter().filter(|x| *x == w).count())
        .unwrap_or(0);
    let at = widths
        .iter()
        .position(|w| *w == common && *w >= 3)
        .unwrap_or(0);
    let header = lines.get(at).map(|l| fields(l)).unwrap_or_default();
    let rows = lines
        .iter()
        .skip(at + 1)
        .take(500)
        .map(|l| fields(l))
        .collect();
    // The header's line number in the file (blank lines count there).
    let header_line = lines
        .get(at)
        .and_then(|h| text.lines().position(|l| l == *h))
        .map_or(1, |p| p as u64 + 1);
    Ok(Table {
        encoding,
        delimiter: Some(delimiter),
        header_row: header_line,
        header: header.into_iter().map(|h| h.trim().to_string()).collect(),
        rows,
    })
}

/// The separator most lines hold equally often (titles hold none).
fn sniff(lines: &[&str]) -> u8 {
    let score = |d: u8| {
        let counts: Vec<usize> = lines
            .iter()
            .take(20)
            .map(|l| l.bytes().filter(|b| *b == d).count())
            .filter(|n| *n > 0)
            .collect();
        let modal = counts
            .iter()
            .copied()
            .max_by_key(|c| (counts.iter().filter(|x| *x == c).count(), *c))
            .unwrap_or(0);
        counts.iter().filter(|c| **c == modal).count() * modal
    };
    // On a tie the last candidate wins: `;`, the Dutch Excel default.
    [b'|', b'\t', b',', b';']
        .into_iter()
        .max_by_key(|d| score(*d))
        .unwrap_or(b';')
}

fn read_workbook(path: &Path) -> Result<Table> {
    let (header, rows) = crate::sheets::export_sheet(path, None, 1, crate::sheets::cell_text)?;
    // Title rows: the header is the first row as wide as the data.
    let first = rows.first().map_or(1, |(n, _)| n.saturating_sub(1).max(1));
    let mut all: Vec<(u64, Vec<String>)> = vec![(first, header)];
    all.extend(rows);
    let width = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count();
    let common = all.iter().map(|(_, r)| width(r)).max().unwrap_or(0);
    let at = all
        .iter()
        .position(|(_, r)| width(r) == common)
        .unwrap_or(0);
    let header_row = all.get(at).map_or(1, |(n, _)| *n);
    let mut rest = all.into_iter().skip(at);
    let header = rest.next().map(|(_, r)| r).unwrap_or_default();
    Ok(Table {
        encoding: "UTF-8",
        delimiter: None,
        header_row,
        header: header.into_iter().map(|h| h.trim().to_string()).collect(),
        rows: rest.take(500).map(|(_, r)| r).collect(),
    })
}
