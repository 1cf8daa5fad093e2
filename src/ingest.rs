//! Stage 1, `ingest`: partner exports in, canonical signals out. Every row
//! read ends as a signal or as a rejection with a reason code.

// Parse, don't slice: user text is read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

use crate::csvio::{Cells, Dialect, PendingOutputs, Source, SourceOptions, SourceRecord};
use crate::exit::{ConfigError, usage_err};
use crate::fields::address::{parse_street_line, split_letter_addition};
use crate::fields::amount::{AmountError, parse_cents};
use crate::fields::contact::{normalise_bsn, normalise_phone, normalise_postcode, valid_email};
use crate::fields::date::{parse_full, parse_partial};
use crate::fields::name::{self, PersonName};
use crate::fields::text::tidy;
use crate::month::Month;
use crate::profile::{ColumnIndex, Profile};
use crate::signal::{PartnerType, RejectReason, SIGNAL_COLUMNS, Signal, Warning};
use crate::workspace::Workspace;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Rows converted per parallel batch: enough to keep both cores busy, small
/// enough that memory follows the accepted signals, not the file.
const BATCH: usize = 16 * 1024;

/// One partner's exports for the month and how to read them.
pub struct PartnerExports<'a> {
    pub id: String,
    /// The configured type; a profile's own `partner_type` is the fallback.
    pub partner_type: Option<PartnerType>,
    pub profile: &'a Profile,
    pub files: Vec<PathBuf>,
}

/// A row that did not become a signal. Carries no personal values.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rejection {
    pub source_file: String,
    pub line: u64,
    pub partner: String,
    pub signal_id: String,
    pub reason: RejectReason,
    /// The source column that decided it (empty for whole-row reasons).
    pub field: String,
}

pub const REJECTION_COLUMNS: &[&str] = &[
    "bronbestand",
    "bronregel",
    "partner",
    "signaal_id",
    "reden",
    "veld",
];

impl Cells for Rejection {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        vec![
            Cow::Borrowed(&self.source_file),
            Cow::Owned(self.line.to_string()),
            Cow::Borrowed(&self.partner),
            Cow::Borrowed(&self.signal_id),
            Cow::Borrowed(self.reason.as_str()),
            Cow::Borrowed(&self.field),
        ]
    }
}

/// Counts per partner; `rows == accepted + rejected` always.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PartnerStats {
    pub files: u64,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub warnings: BTreeMap<String, u64>,
}

/// What ingest produced for a month.
#[derive(Debug, Default)]
pub struct Ingested {
    pub month: Option<Month>,
    pub signals: Vec<Signal>,
    pub rejected: Vec<Rejection>,
    pub by_partner: BTreeMap<String, PartnerStats>,
    /// Things the officer should know that are not about one row.
    pub notices: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub month: String,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub by_partner: &'a BTreeMap<String, PartnerStats>,
    pub notices: &'a [String],
}

impl Ingested {
    pub fn summary(&self) -> Summary<'_> {
        let sum = |f: fn(&PartnerStats) -> u64| self.by_partner.values().map(f).sum();
        Summary {
            month: self.month.map(|m| m.to_string()).unwrap_or_default(),
            rows: sum(|s| s.rows),
            accepted: sum(|s| s.accepted),
            rejected: sum(|s| s.rejected),
            by_partner: &self.by_partner,
            notices: &self.notices,
        }
    }

    /// Writes `signalen.csv` and `afgewezen.csv` into `dir` (pending until
    /// the caller commits).
    pub fn write(&self, dir: &Path, dialect: Dialect, out: &mut PendingOutputs) -> Result<()> {
        out.table(
            &dir.join("signalen.csv"),
            dialect,
            SIGNAL_COLUMNS,
            &self.signals,
        )?;
        out.table(
            &dir.join("afgewezen.csv"),
            dialect,
            REJECTION_COLUMNS,
            &self.rejected,
        )
    }
}

impl<T: Cells> Cells for &T {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        (*self).cells()
    }
}

/// Reads every partner's exports for `month`. `shown` turns a path into the
/// name stored in `bronbestand`.
/// Refuses an export whose file name carries another month than the one
/// processed (`zorg-2026-09.csv` among October's files), unless its
/// profile says the name carries no month.
fn check_file_months(partners: &[PartnerExports<'_>], month: Month) -> Result<()> {
    for p in partners.iter().filter(|p| p.profile.month_in_file_name) {
        for file in &p.files {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            if let Some(named) = Month::find_in(&name).filter(|m| *m != month) {
                return Err(crate::exit::UsageError(format!(
                    "{}: {}",
                    file.display(),
                    crate::tr!(
                        "file-name-month",
                        named = named,
                        month = month,
                        profile = p.profile.path.display()
                    )
                ))
                .into());
            }
        }
    }
    Ok(())
}

/// The ingest stage for the workspace's month: every configured partner's
/// exports of the month.
pub fn run(ws: &Workspace) -> Result<Ingested> {
    let config = &ws.config;
    if config.partners.is_empty() {
        return usage_err(format!(
            "{}: {}",
            config.path.display(),
            crate::tr!("config-no-partner")
        ));
    }
    let mut partners = Vec::new();
    for p in &config.partners {
        partners.push(PartnerExports {
            id: p.id.clone(),
            partner_type: Some(p.partner_type),
            profile: &p.profile,
            files: p.files_for(ws.month)?,
        });
    }
    if partners.iter().all(|p| p.files.is_empty()) {
        anyhow::bail!("{}", crate::tr!("no-exports", month = ws.month));
    }
    ingest(&partners, ws.month, config.max_amount_cents, &file_name)
}

/// Rows point at their export by file name: deterministic wherever the
/// job runs, and export names carry partner and month.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `max_amount_cents` is the largest amount a signal may carry; above it
/// a row is rejected as `bedrag_ongeldig`.
pub fn ingest(
    partners: &[PartnerExports<'_>],
    month: Month,
    max_amount_cents: i64,
    shown: &dyn Fn(&Path) -> String,
) -> Result<Ingested> {
    check_file_months(partners, month)?;
    let mut out = Ingested {
        month: Some(month),
        ..Ingested::default()
    };
    // Partners in id order, each partner's signals sorted in place: the
    // whole list is then in output order without a global sort.
    let mut order: Vec<&PartnerExports<'_>> = partners.iter().collect();
    order.sort_by(|a, b| a.id.cmp(&b.id));
    for partner in order {
        let partner_type = partner
            .partner_type
            .or(partner.profile.partner_type)
            .ok_or_else(|| {
                ConfigError(format!(
                    "{}: {}",
                    partner.profile.path.display(),
                    crate::tr!("no-partner-type", partner = &partner.id)
                ))
            })?;
        let stats = out.by_partner.entry(partner.id.clone()).or_default();
        if partner.files.is_empty() {
            out.notices.push(crate::tr!(
                "partner-no-export",
                partner = &partner.id,
                month = month
            ));
        }
        let start = out.signals.len();
        for file in &partner.files {
            stats.files += 1;
            let rows = read_export(
                partner,
                partner_type,
                file,
                &shown(file),
                (month, max_amount_cents),
                Sink {
                    signals: &mut out.signals,
                    rejected: &mut out.rejected,
                    notices: &mut out.notices,
                },
            )?;
            if rows == 0 {
                out.notices
                    .push(format!("{}: {}", shown(file), crate::tr!("header-only")));
            }
            stats.rows += rows;
        }
        let id_column = partner
            .profile
            .columns
            .signal_id
            .clone()
            .unwrap_or_default();
        drop_duplicates(&mut out.signals, start, &id_column, &mut out.rejected);
        for s in out.signals.iter().skip(start) {
            for w in &s.warnings {
                *stats.warnings.entry(w.to_string()).or_default() += 1;
            }
        }
        stats.accepted = (out.signals.len() - start) as u64;
    }
    out.rejected.sort();
    for r in &out.rejected {
        let stats = out.by_partner.entry(r.partner.clone()).or_default();
        stats.rejected += 1;
        *stats
            .rejected_by_reason
            .entry(r.reason.to_string())
            .or_default() += 1;
    }
    Ok(out)
}

/// Sorts the signals from `start` on (one partner's) and keeps the first of
/// each signal id; the others become `dubbel_signaal` rejections.
fn drop_duplicates(
    signals: &mut Vec<Signal>,
    start: usize,
    id_column: &str,
    rejected: &mut Vec<Rejection>,
) {
    let mut partner = signals.split_off(start.min(signals.len()));
    // Keys are unique (file and line differ), so an unstable sort is exact.
    partner.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    for s in partner {
        if signals
            .last()
            .is_some_and(|kept| signals.len() > start && kept.signal_id == s.signal_id)
        {
            rejected.push(Rejection {
                source_file: s.source_file,
                line: s.source_line,
                partner: s.partner,
                signal_id: s.signal_id,
                reason: RejectReason::Duplicate,
                field: id_column.to_string(),
            });
        } else {
            signals.push(s);
        }
    }
}

/// The rows of one export: streamed from a CSV file, or read from the
/// sheet of an `.xlsx` workbook (many small partners send those).
enum Records {
    Csv(Source),
    Sheet {
        header: Vec<String>,
        rows: std::vec::IntoIter<(u64, Vec<String>)>,
    },
}

impl Records {
    fn open(path: &Path, profile: &Profile) -> Result<Records> {
        if crate::sheets::is_workbook(path) {
            let (header, rows) = crate::sheets::export_sheet(
                path,
                profile.sheet.as_deref(),
                profile.header_row,
                |cell| workbook_cell(cell, profile),
            )?;
            return Ok(Records::Sheet {
                header,
                rows: rows.into_iter(),
            });
        }
        Ok(Records::Csv(Source::open(
            path,
            &SourceOptions {
                delimiter: profile.delimiter,
                encoding: profile.encoding,
                quote: profile.quote,
                header_row: profile.header_row,
                record_line_starts: false,
            },
        )?))
    }

    fn header(&self) -> &[String] {
        match self {
            Records::Csv(source) => &source.header,
            Records::Sheet { header, .. } => header,
        }
    }

    /// The next row with its line (CSV) or sheet row (XLSX).
    fn next(&mut self) -> Result<Option<SourceRecord>> {
        match self {
            Records::Csv(source) => source.next_record(),
            Records::Sheet { rows, .. } => Ok(rows.next().map(|(line, cells)| SourceRecord {
                line,
                fields: cells.iter().map(String::as_str).collect(),
            })),
        }
    }
}

/// A workbook cell as the text the profile expects of a CSV cell: text as
/// it is (leading zeros kept), dates in the profile's date format, numbers
/// with its decimal separator.
fn workbook_cell(cell: &calamine::Data, profile: &Profile) -> String {
    use crate::fields::amount::DecimalSeparator;
    use crate::fields::date::DateFormat;
    use calamine::Data;
    let date = |d: chrono::NaiveDate| match profile.date_format {
        Some(DateFormat::DayMonthYear) => d.format("%d-%m-%Y").to_string(),
        Some(DateFormat::ShortDayMonthYear) => d.format("%-d-%-m-%Y").to_string(),
        Some(DateFormat::Compact) => d.format("%Y%m%d").to_string(),
        Some(DateFormat::YearMonthDay) | None => d.to_string(),
    };
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => {
            let text = format!("{f:.2}");
            if profile.decimal == Some(DecimalSeparator::Comma) {
                text.replace('.', ",")
            } else {
                text
            }
        }
        Data::Bool(b) => if *b { "ja" } else { "nee" }.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map_or_else(|| d.to_string(), |dt| date(dt.date())),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| d.parse().ok())
            .map_or_else(|| s.clone(), date),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// Where an export's rows go: signals, rejections, and notes on the file.
struct Sink<'a> {
    signals: &'a mut Vec<Signal>,
    rejected: &'a mut Vec<Rejection>,
    notices: &'a mut Vec<String>,
}

/// Streams one export; returns the number of data rows read.
fn read_export(
    partner: &PartnerExports<'_>,
    partner_type: PartnerType,
    path: &Path,
    shown: &str,
    (month, max_amount_cents): (Month, i64),
    sink: Sink<'_>,
) -> Result<u64> {
    let Sink {
        signals,
        rejected,
        notices,
    } = sink;
    let profile = partner.profile;
    let mut records = Records::open(path, profile)?;
    let header = records.header().to_vec();
    refuse_duplicate_columns(shown, profile.header_row, &header)?;
    let cols = profile.bind(path, &header, profile.header_row)?;
    let ctx = RowContext {
        partner: &partner.id,
        partner_type,
        profile,
        cols,
        header: &header,
        source_file: shown,
        month,
        max_amount_cents,
    };
    let mut rows = 0u64;
    // First line and count of rows whose text looks converted twice.
    let mut garbled = (0u64, 0u64);
    let mut batch: Vec<SourceRecord> = Vec::with_capacity(BATCH);
    loop {
        let record = records.next()?;
        let done = record.is_none();
        // A blank line is no row, whatever its line end (the CSV reader
        // skips an LF one; a CRLF one reads as one field holding `\r`).
        let blank = record
            .as_ref()
            .is_some_and(|r| r.fields.len() == 1 && r.fields.iter().all(|f| f.trim().is_empty()));
        if let Some(rec) = record.filter(|_| !blank) {
            if looks_garbled(&rec) {
                if garbled.1 == 0 {
                    garbled.0 = rec.line;
                }
                garbled.1 += 1;
            }
            batch.push(rec);
        }
        if batch.len() == BATCH || (done && !batch.is_empty()) {
            rows += batch.len() as u64;
            let mut converted = Vec::with_capacity(batch.len());
            batch
                .par_iter()
                .map(|rec| ctx.convert(rec))
                .collect_into_vec(&mut converted);
            for result in converted {
                match result {
                    Ok(s) => signals.push(s),
                    Err(r) => rejected.push(r),
                }
            }
            batch.clear();
        }
        if done {
            if garbled.1 > 0 {
                notices.push(format!(
                    "{shown}:{}: {}",
                    garbled.0,
                    crate::tr!("garbled-text", rows = garbled.1)
                ));
            }
            return Ok(rows);
        }
    }
}

/// Two columns with one name cannot be told apart: refused, naming both.
fn refuse_duplicate_columns(shown: &str, header_row: u64, header: &[String]) -> Result<()> {
    for (j, name) in header.iter().enumerate() {
        let first = header
            .iter()
            .take(j)
            .position(|h| !h.is_empty() && h.eq_ignore_ascii_case(name));
        if let Some(i) = first {
            return Err(ConfigError(format!(
                "{shown}:{}: {}",
                header_row.max(1),
                crate::tr!(
                    "columns-same-name",
                    first = i + 1,
                    second = j + 1,
                    name = name
                )
            ))
            .into());
        }
    }
    Ok(())
}

/// Whether a row holds UTF-8 text read as Windows-1252 and saved as UTF-8
/// again: `Ã` or `Â` followed by what a UTF-8 continuation byte looks like
/// in Windows-1252.
fn looks_garbled(rec: &SourceRecord) -> bool {
    rec.fields.iter().any(|f| {
        let mut chars = f.chars().peekable();
        while let Some(c) = chars.next() {
            if matches!(c, 'Ã' | 'Â')
                && chars.peek().is_some_and(|n| {
                    ('\u{80}'..='\u{bf}').contains(n) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(*n)
                })
            {
                return true;
            }
        }
        false
    })
}

/// The longest cell an export row may have (1 KiB): no name, address or
/// reference comes near it.
const MAX_FIELD_BYTES: usize = 1024;

struct RowContext<'a> {
    partner: &'a str,
    partner_type: PartnerType,
    profile: &'a Profile,
    cols: ColumnIndex,
    header: &'a [String],
    source_file: &'a str,
    month: Month,
    max_amount_cents: i64,
}

impl RowContext<'_> {
    fn column_name(&self, idx: Option<usize>) -> String {
        idx.and_then(|i| self.header.get(i))
            .cloned()
            .unwrap_or_default()
    }

    fn convert(&self, rec: &SourceRecord) -> Result<Signal, Rejection> {
        let cols = &self.cols;
        let cell = |idx: Option<usize>| idx.and_then(|i| rec.fields.get(i)).map_or("", str::trim);
        // The partner's id goes into afgewezen.csv: not a broken one.
        let signal_id = Some(cell(cols.signal_id))
            .filter(|id| id.len() <= MAX_FIELD_BYTES && !id.bytes().any(|b| b < 0x20))
            .unwrap_or_default()
            .to_string();
        let reject = |reason: RejectReason, idx: Option<usize>| Rejection {
            source_file: self.source_file.to_string(),
            line: rec.line,
            partner: self.partner.to_string(),
            signal_id: signal_id.clone(),
            reason,
            field: self.column_name(idx),
        };
        // A row of empty cells (Excel's trailing rows) holds no signal; it
        // is accounted for like any row that is not one.
        if rec.fields.iter().all(|f| f.trim().is_empty()) {
            return Err(reject(RejectReason::RowEmpty, None));
        }
        // A cell longer than any name or address, or holding a NUL or other
        // control character, is a broken row: never passed on.
        let col = |i: usize| Some(i);
        if let Some(i) = rec.fields.iter().position(|f| f.len() > MAX_FIELD_BYTES) {
            return Err(reject(RejectReason::FieldTooLong, col(i)));
        }
        if let Some(i) = rec.fields.iter().position(|f| {
            f.bytes()
                .any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        }) {
            return Err(reject(RejectReason::ControlCharacter, col(i)));
        }
        let n = rec.fields.len();
        if n < self.header.len() {
            return Err(reject(RejectReason::RowIncomplete, Some(n)));
        }
        if rec
            .fields
            .iter()
            .skip(self.header.len())
            .any(|f| !f.trim().is_empty())
        {
            return Err(reject(RejectReason::RowTooLong, None));
        }
        if signal_id.is_empty() {
            return Err(reject(RejectReason::IdMissing, cols.signal_id));
        }
        let amount_cents = match parse_cents(cell(cols.amount), self.profile.decimal) {
            Ok(c) if c > self.max_amount_cents => {
                return Err(reject(RejectReason::AmountInvalid, cols.amount));
            }
            Ok(c) if c > 0 => c,
            Ok(_) => return Err(reject(RejectReason::AmountNotPositive, cols.amount)),
            Err(AmountError::Empty) => {
                return Err(reject(RejectReason::AmountMissing, cols.amount));
            }
            Err(AmountError::NotANumber) => {
                return Err(reject(RejectReason::AmountInvalid, cols.amount));
            }
        };
        let received = match cols.received {
            Some(_) => parse_full(cell(cols.received), self.profile.date_format)
                .map_err(|_| reject(RejectReason::ReceivedInvalid, cols.received))?,
            None => self.month.first_day(),
        };
        let mut warnings = Vec::new();

        let mut business_name = tidy(cell(cols.business_name));
        let person = match cols.full_name {
            Some(_) if name::is_legal_person(cell(cols.full_name)) => {
                if business_name.is_empty() {
                    business_name = tidy(cell(cols.full_name));
                }
                PersonName::default()
            }
            Some(_) => name::parse_combined(cell(cols.full_name)),
            None => name::from_parts(
                cell(cols.surname),
                cell(cols.prefix),
                cell(cols.first_names),
                cell(cols.initials),
            ),
        };
        let legal_person = name::is_legal_person(&business_name);
        if legal_person {
            warnings.push(Warning::LegalPerson);
        }

        let bsn = match cell(cols.bsn) {
            "" => String::new(),
            raw => normalise_bsn(raw).unwrap_or_else(|| {
                warnings.push(Warning::BsnInvalid);
                String::new()
            }),
        };
        if person.surname.is_empty() && bsn.is_empty() && business_name.is_empty() {
            return Err(reject(
                RejectReason::PersonMissing,
                cols.full_name.or(cols.surname),
            ));
        }

        let (street, house_number, mut house_letter, mut addition) = match cols.address {
            Some(_) => match parse_street_line(cell(cols.address)) {
                Some(l) => (l.street, l.house_number, l.house_letter, l.addition),
                None => (tidy(cell(cols.address)), None, String::new(), String::new()),
            },
            None => {
                let raw = cell(cols.house_number);
                let digits = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
                let (number, rest) = raw.split_at_checked(digits).unwrap_or((raw, ""));
                let (letter, addition) = split_letter_addition(rest.trim_start_matches(['-', ' ']));
                (
                    tidy(cell(cols.street)),
                    number.parse().ok().filter(|n| *n > 0),
                    letter,
                    addition,
                )
            }
        };
        if cols.house_letter.is_some() {
            house_letter = cell(cols.house_letter).to_uppercase();
        }
        if cols.addition.is_some() {
            addition = cell(cols.addition).to_string();
        }
        let postcode = match cell(cols.postcode) {
            "" => String::new(),
            raw => normalise_postcode(raw).unwrap_or_else(|| {
                warnings.push(Warning::PostcodeInvalid);
                String::new()
            }),
        };
        if street.is_empty() && postcode.is_empty() {
            return Err(reject(
                RejectReason::AddressMissing,
                cols.address.or(cols.street).or(cols.postcode),
            ));
        }
        if house_number.is_none() {
            warnings.push(Warning::HouseNumberMissing);
        }

        let birth_date = match cell(cols.birth_date) {
            "" => None,
            raw => parse_partial(raw, self.profile.date_format).map_or_else(
                |_| {
                    warnings.push(Warning::BirthDateInvalid);
                    None
                },
                Some,
            ),
        };
        // A birth date before 1900 or after the signal came in cannot be
        // the customer's: flagged and not used for matching.
        let birth_date = birth_date.filter(|b| {
            let born_later = i32::from(b.year) > chrono::Datelike::year(&received)
                || b.full().is_some_and(|d| d > received);
            let plausible = b.year >= 1900 && !born_later;
            if !plausible {
                warnings.push(Warning::BirthDateImplausible);
            }
            plausible
        });
        let arrear_since = match cell(cols.arrear_since) {
            "" => None,
            raw => parse_full(raw, self.profile.date_format).map_or_else(
                |_| {
                    warnings.push(Warning::ArrearDateInvalid);
                    None
                },
                Some,
            ),
        };
        let phone = match cell(cols.phone) {
            "" => String::new(),
            raw => normalise_phone(raw).unwrap_or_else(|| {
                warnings.push(Warning::PhoneInvalid);
                String::new()
            }),
        };
        let email = match cell(cols.email) {
            "" => String::new(),
            raw if valid_email(raw) => raw.to_lowercase(),
            _ => {
                warnings.push(Warning::EmailInvalid);
                String::new()
            }
        };
        let term_amount_cents = match cell(cols.term_amount) {
            "" => None,
            raw => match parse_cents(raw, self.profile.decimal) {
                Ok(c) if c > 0 && c <= self.max_amount_cents => Some(c),
                _ => {
                    warnings.push(Warning::TermAmountInvalid);
                    None
                }
            },
        };
        let kind = match cols.kind {
            None => self.profile.kind,
            Some(_) => {
                let raw = cell(cols.kind).to_lowercase();
                match self
                    .profile
                    .kind_values
                    .get(&raw)
                    .copied()
                    .or_else(|| crate::signal::SignalKind::parse(&raw))
                {
                    Some(k) => k,
                    None if raw.is_empty() => self.profile.kind,
                    None => {
                        warnings.push(Warning::KindUnknown);
                        self.profile.kind
                    }
                }
            }
        };
        let partner_type = match cols.partner_type {
            None => self.partner_type,
            Some(_) => {
                let raw = cell(cols.partner_type).to_lowercase();
                match self
                    .profile
                    .partner_type_values
                    .get(&raw)
                    .copied()
                    .or_else(|| PartnerType::parse(&raw))
                {
                    Some(t) => t,
                    None => {
                        warnings.push(Warning::PartnerTypeUnknown);
                        self.partner_type
                    }
                }
            }
        };
        let warm_handover = cols.warm_handover.is_some()
            && self
                .profile
                .warm_handover_values
                .contains(&cell(cols.warm_handover).to_lowercase());
        warnings.sort();
        warnings.dedup();
        Ok(Signal {
            signal_id,
            partner: self.partner.to_string(),
            partner_type,
            kind,
            warm_handover,
            arrear_since,
            received,
            surname: person.surname,
            prefix: person.prefix,
            first_names: person.first_names,
            initials: person.initials,
            birth_date,
            street,
            house_number,
            house_letter,
            addition,
            postcode,
            city: tidy(cell(cols.city)),
            phone,
            email,
            amount_cents,
            term_amount_cents,
            bsn,
            business_name,
            legal_person,
            warnings,
            source_file: self.source_file.to_string(),
            source_line: rec.line,
        })
    }
}
