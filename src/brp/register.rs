//! The BRP extract: its profile, and a stream of residents. The register is
//! the large side: it is read once, row by row, and only rows that some
//! signal points at are kept.

// Parse, don't slice: user text is read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

use crate::csvio::{Source, SourceOptions};
use crate::exit::config_err;
use crate::fields::contact::normalise_postcode;
use crate::fields::date::{PartialDate, parse_full, parse_partial};
use crate::fields::text::tidy;
use crate::profile::{columns, file_options, find_column};
use crate::tomlfile;
use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Rows read at their place by one reader in a run of [`Register::rows_at`].
const ROWS_AT_RUN: usize = 4096;

columns!(
    BrpColumns,
    BrpColumnIndex;
    bsn,
    surname,
    prefix,
    first_names,
    birth_date,
    sex,
    name_use,
    partner_surname,
    partner_prefix,
    street,
    house_number,
    house_letter,
    addition,
    postcode,
    city,
    living_since,
    date_of_death,
);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrpProfile {
    #[allow(dead_code)]
    description: Option<String>,
    delimiter: Option<String>,
    encoding: Option<String>,
    header_row: Option<u64>,
    /// The register writes 1 January when day and month are unknown.
    first_of_january_unknown: Option<bool>,
    columns: BrpColumns,
}

/// How a municipality's BRP extract is laid out.
pub struct BrpProfile {
    pub path: PathBuf,
    pub first_of_january_unknown: bool,
    options: SourceOptions,
    columns: BrpColumns,
}

impl BrpProfile {
    pub fn load(path: &Path) -> Result<BrpProfile> {
        let (raw, _): (RawBrpProfile, _) = tomlfile::load(path)?;
        let shown = path.display();
        let (delimiter, encoding) =
            file_options(path, raw.delimiter.as_deref(), raw.encoding.as_deref())?;
        let c = &raw.columns;
        for (name, v) in [
            ("bsn", &c.bsn),
            ("surname", &c.surname),
            ("birth_date", &c.birth_date),
            ("house_number", &c.house_number),
            ("postcode", &c.postcode),
        ] {
            if v.is_none() {
                return config_err(format!(
                    "{shown}: {}",
                    crate::tr!("profile-column-required", name = name)
                ));
            }
        }
        Ok(BrpProfile {
            path: path.to_path_buf(),
            first_of_january_unknown: raw.first_of_january_unknown.unwrap_or(false),
            options: SourceOptions {
                delimiter,
                encoding,
                quote: b'"',
                header_row: raw.header_row.unwrap_or(1).max(1),
                record_line_starts: true,
            },
            columns: raw.columns,
        })
    }
}

/// One registered person, as far as matching needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resident {
    pub bsn: String,
    pub surname: String,
    pub prefix: String,
    pub first_names: String,
    pub birth: Option<PartialDate>,
    pub sex: String,
    /// E, P, V or N: own name, partner's, partner's-own, own-partner's.
    pub name_use: String,
    pub partner_surname: String,
    pub partner_prefix: String,
    pub street: String,
    pub house_number: Option<u32>,
    pub house_letter: String,
    pub addition: String,
    pub postcode: String,
    pub city: String,
    pub living_since: Option<NaiveDate>,
    pub died: Option<NaiveDate>,
    pub line: u64,
}

/// A problem with one register row that does not stop the run.
#[derive(Debug, Clone)]
pub struct RowProblem {
    pub line: u64,
    pub field: &'static str,
    /// What is wrong, as a key of the message catalogs.
    pub what: &'static str,
}

/// The register opened for one pass.
pub struct Register {
    source: Source,
    cols: BrpColumnIndex,
    pub path: PathBuf,
}

/// The cheap keys of a register row, read before deciding to parse it all.
pub struct RowKeys<'a> {
    pub bsn: &'a str,
    pub postcode: &'a str,
    pub house_number: &'a str,
    pub house_letter: &'a str,
    pub addition: &'a str,
    pub birth_date: &'a str,
    pub date_of_death: &'a str,
    pub surname: &'a str,
    pub prefix: &'a str,
    pub first_names: &'a str,
    pub partner_prefix: &'a str,
    pub street: &'a str,
    pub partner_surname: &'a str,
    pub city: &'a str,
}

impl Register {
    pub fn open(path: &Path, profile: &BrpProfile) -> Result<Register> {
        let source = Source::open(path, &profile.options)?;
        let find = |field: &'static str, wanted: &str| {
            find_column(
                path,
                &profile.path,
                &source.header,
                profile.options.header_row,
                field,
                wanted,
            )
        };
        let cols = profile.columns.bind(find)?;
        Ok(Register {
            source,
            cols,
            path: path.to_path_buf(),
        })
    }

    /// Where the profile's columns are in the extract.
    pub fn columns(&self) -> &BrpColumnIndex {
        &self.cols
    }

    /// Where each line of the extract starts and the digest of its bytes,
    /// once it has been streamed through (not for UTF-16 files).
    pub fn take_trace(&mut self) -> Option<crate::seek::Trace> {
        self.source.take_trace()
    }

    /// The rows that start at these bytes, in the order given, each read
    /// where it starts rather than by streaming the extract. Their line is
    /// not known (0).
    pub fn rows_at(&self, offsets: &[u64]) -> Result<Vec<RegisterRow>> {
        // A read each (most of the time is the system call): in a few
        // runs of rows on every core, each with its own reader.
        let (path, layout) = (&self.path, &self.source.layout);
        let runs: Vec<Vec<RegisterRow>> = offsets
            .par_chunks(ROWS_AT_RUN)
            .map(|run| -> Result<Vec<RegisterRow>> {
                let mut at = crate::seek::RecordsAt::open(path, layout.clone())?;
                let mut rows = Vec::with_capacity(run.len());
                for &offset in run {
                    let mut row = RegisterRow::default();
                    if at.read(offset, &mut row.fields)? {
                        rows.push(row);
                    }
                }
                Ok(rows)
            })
            .collect::<Result<_>>()?;
        Ok(runs.into_iter().flatten().collect())
    }

    /// About how many rows the extract has, from its size (about 100 bytes
    /// a row): to size tables once instead of growing them.
    pub fn estimated_rows(&self) -> usize {
        std::fs::metadata(&self.path).map_or(0, |m| (m.len() / 100) as usize)
    }

    /// Streams the register in batches, in file order; `visit` gets each
    /// batch and the column positions. The next batch is read while `visit`
    /// works on the current one, and rows reuse their memory.
    pub fn stream_batches(
        &mut self,
        size: usize,
        mut visit: impl FnMut(&[RegisterRow], &BrpColumnIndex) + Send,
    ) -> Result<u64> {
        let new_batch = || {
            (0..size)
                .map(|_| RegisterRow::default())
                .collect::<Vec<_>>()
        };
        let (mut current, mut next) = (new_batch(), new_batch());
        let mut n = fill(&mut self.source, &mut current)?;
        let mut rows = 0u64;
        let mut last = (0u64, 0usize);
        while n > 0 {
            rows += n as u64;
            if let Some(row) = current.get(n - 1) {
                last = (row.line, row.fields.len());
            }
            let (source, cols) = (&mut self.source, &self.cols);
            let (read, ()) = if n == size {
                rayon::join(
                    || fill(source, &mut next),
                    || visit(current.get(..n).unwrap_or_default(), cols),
                )
            } else {
                (Ok(0), visit(current.get(..n).unwrap_or_default(), cols))
            };
            n = read?;
            std::mem::swap(&mut current, &mut next);
        }
        if rows > 0 {
            self.source.check_complete(last.0, last.1)?;
        }
        Ok(rows)
    }
}

/// Reads up to a batch of rows; returns how many.
fn fill(source: &mut Source, batch: &mut [RegisterRow]) -> Result<usize> {
    for (n, row) in batch.iter_mut().enumerate() {
        match source.read_into(&mut row.fields)? {
            Some(line) => row.line = line,
            None => return Ok(n),
        }
    }
    Ok(batch.len())
}

/// One register row, read into reusable memory.
#[derive(Default)]
pub struct RegisterRow {
    fields: csv::StringRecord,
    line: u64,
}

impl RegisterRow {
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The cheap keys, read before deciding to parse the whole row.
    pub fn keys<'a>(&'a self, cols: &BrpColumnIndex) -> RowKeys<'a> {
        let cell = |i: Option<usize>| i.and_then(|i| self.fields.get(i)).map_or("", trim);
        RowKeys {
            bsn: cell(cols.bsn),
            postcode: cell(cols.postcode),
            house_number: cell(cols.house_number),
            house_letter: cell(cols.house_letter),
            addition: cell(cols.addition),
            birth_date: cell(cols.birth_date),
            date_of_death: cell(cols.date_of_death),
            surname: cell(cols.surname),
            prefix: cell(cols.prefix),
            first_names: cell(cols.first_names),
            partner_prefix: cell(cols.partner_prefix),
            street: cell(cols.street),
            partner_surname: cell(cols.partner_surname),
            city: cell(cols.city),
        }
    }

    /// The whole resident, and any field that could not be read.
    pub fn resident(&self, cols: &BrpColumnIndex) -> (Resident, Vec<RowProblem>) {
        parse_resident(cols, &self.fields, self.line)
    }
}

fn parse_resident(
    cols: &BrpColumnIndex,
    fields: &csv::StringRecord,
    line: u64,
) -> (Resident, Vec<RowProblem>) {
    // Trimmed like the keys, so a CRLF line's last cell reads the same.
    let cell = |i: Option<usize>| i.and_then(|i| fields.get(i)).map_or("", trim);
    let mut problems = Vec::new();
    let mut date = |field: &'static str, raw: &str| -> Option<NaiveDate> {
        if raw.is_empty() || raw.chars().all(|c| c == '0') {
            return None;
        }
        parse_full(raw, None)
            .map_err(|_| {
                problems.push(RowProblem {
                    line,
                    field,
                    what: "cell-not-a-date",
                })
            })
            .ok()
    };
    let living_since = date("living_since", cell(cols.living_since));
    let died = date("date_of_death", cell(cols.date_of_death));
    let birth = match cell(cols.birth_date) {
        "" => None,
        raw => match parse_partial(raw, None) {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(RowProblem {
                    line,
                    field: "birth_date",
                    what: "cell-not-a-date",
                });
                None
            }
        },
    };
    let resident = Resident {
        bsn: cell(cols.bsn).to_string(),
        surname: tidy(cell(cols.surname)),
        prefix: tidy(cell(cols.prefix)).to_lowercase(),
        first_names: tidy(cell(cols.first_names)),
        birth,
        sex: cell(cols.sex).to_string(),
        name_use: cell(cols.name_use).to_uppercase(),
        partner_surname: tidy(cell(cols.partner_surname)),
        partner_prefix: tidy(cell(cols.partner_prefix)).to_lowercase(),
        street: tidy(cell(cols.street)),
        house_number: cell(cols.house_number).parse().ok(),
        house_letter: cell(cols.house_letter).to_uppercase(),
        addition: cell(cols.addition).to_string(),
        postcode: normalise_postcode(cell(cols.postcode)).unwrap_or_default(),
        city: tidy(cell(cols.city)),
        living_since,
        died,
        line,
    };
    (resident, problems)
}

/// The key an address is found by: postcode (four digits, two letters,
/// spaces and case ignored) and house number, packed in a number, so the
/// register pass never allocates for it. Letter and addition are compared
/// later. `None` when there is no usable address.
pub fn address_code(postcode: &str, house_number: &str) -> Option<AddressCode> {
    let mut chars = postcode.chars().filter(|c| !c.is_whitespace());
    let mut area = 0u64;
    for _ in 0..4 {
        area = area * 10 + u64::from(chars.next()?.to_digit(10)?);
    }
    let mut letters = 0u64;
    for _ in 0..2 {
        let c = chars.next()?.to_ascii_uppercase();
        if !c.is_ascii_uppercase() {
            return None;
        }
        letters = letters * 26 + u64::from(c as u8 - b'A');
    }
    if chars.next().is_some() {
        return None;
    }
    let number: u64 = house_number
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0 && *n < 1 << 20)?;
    Some(AddressCode((area * 676 + letters) << 20 | number))
}

/// A postcode with house number, as [`address_code`] packs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddressCode(u64);

impl AddressCode {
    /// The code as a number.
    pub fn key(self) -> u64 {
        self.0
    }

    /// The four-digit postcode area.
    pub fn area(self) -> usize {
        ((self.0 >> 20) / 676) as usize
    }

    /// The postcode area and house number without the letters: a mistyped
    /// postcode letter on the right street still shares it.
    pub fn area_number(self) -> u64 {
        (self.area() as u64) << 20 | (self.0 & ((1 << 20) - 1))
    }
}

/// Trims a cell: ASCII whitespace (and the `\r` a CRLF line leaves) fast,
/// other white space the Unicode way, only when the ends are not ASCII.
fn trim(cell: &str) -> &str {
    let t = cell.trim_ascii();
    let ascii_ends = t.as_bytes().first().is_none_or(u8::is_ascii)
        && t.as_bytes().last().is_none_or(u8::is_ascii);
    if ascii_ends { t } else { t.trim() }
}

/// Whether a BSN (as a number, so an eight-digit one has its leading zero)
/// passes the 11-test.
pub fn passes_eleven_test(bsn: u32) -> bool {
    let mut n = bsn;
    let mut sum: i64 = -i64::from(n % 10);
    n /= 10;
    for weight in 2..=9 {
        sum += i64::from(n % 10) * weight;
        n /= 10;
    }
    n == 0 && sum != 0 && sum % 11 == 0
}

/// A (partial) date as a `jjjjmmdd` number.
pub fn date_number(d: &PartialDate) -> u32 {
    u32::from(d.year) * 10_000 + u32::from(d.month) * 100 + u32::from(d.day)
}

/// The date a `jjjjmmdd` number stands for (the inverse of [`date_number`]).
pub fn number_date(n: u32) -> PartialDate {
    PartialDate {
        year: (n / 10_000) as u16,
        month: (n / 100 % 100) as u8,
        day: (n % 100) as u8,
    }
}

/// A birth date as a `jjjjmmdd` number, from any of the supported layouts;
/// the common compact form without parsing.
pub fn birth_key(raw: &str) -> Option<u32> {
    if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = raw.parse().ok()?;
        let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
        let exists = m == 0 || d == 0 || NaiveDate::from_ymd_opt(y as i32, m, d).is_some();
        return (m <= 12 && d <= 31 && exists).then_some(n);
    }
    parse_partial(raw, None).ok().map(|d| date_number(&d))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_eleven_test() {
        assert!(super::passes_eleven_test(111_222_333));
        assert!(
            super::passes_eleven_test(12_345_672),
            "eight digits: a leading zero"
        );
        assert!(!super::passes_eleven_test(111_222_334));
        assert!(!super::passes_eleven_test(0));
        assert!(!super::passes_eleven_test(1_000_000_000 - 1));
    }

    #[test]
    fn rows_read_at_their_starts_come_back_in_the_order_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brp.csv");
        let mut text = String::from(
            "bsn;geslachtsnaam;voorvoegsel;voornamen;geboortedatum;geslacht;naamgebruik;\
             geslachtsnaam_partner;voorvoegsel_partner;straat;huisnummer;huisletter;\
             huisnummertoevoeging;postcode;woonplaats;datum_aanvang_adres;datum_overlijden\n",
        );
        // More rows than one reader takes, so several read side by side.
        let rows = 3 * super::ROWS_AT_RUN + 17;
        let mut starts = Vec::new();
        for i in 0..rows {
            starts.push(text.len() as u64);
            text.push_str(&format!(
                "{};Rij{i};;Anna;19800101;V;E;;;Dorpsstraat;{};;;1234 AB;Rijnvelde;20000101;\n",
                600_000_000 + i,
                i % 200 + 1
            ));
        }
        std::fs::write(&path, &text).unwrap();
        let profile = super::BrpProfile::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/brp-profile.toml"),
        )
        .unwrap();
        let register = super::Register::open(&path, &profile).unwrap();
        // Every third row, last to first: the order asked is the order read.
        let wanted: Vec<u64> = starts.iter().rev().step_by(3).copied().collect();
        let read = register.rows_at(&wanted).unwrap();
        let surnames: Vec<&str> = read.iter().map(|r| r.fields.get(1).unwrap()).collect();
        let expected: Vec<String> = (0..rows)
            .rev()
            .step_by(3)
            .map(|i| format!("Rij{i}"))
            .collect();
        assert_eq!(surnames, expected);
        assert!(read.len() > super::ROWS_AT_RUN);
    }

    #[test]
    fn cells_are_trimmed_of_ascii_and_unicode_white_space() {
        assert_eq!(super::trim("  1234 AB\r"), "1234 AB");
        assert_eq!(super::trim("\u{a0}Jansen\u{a0} "), "Jansen");
        assert_eq!(super::trim("Çelik"), "Çelik");
        assert_eq!(super::trim(""), "");
    }
}
