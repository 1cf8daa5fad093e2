//! All CSV plumbing in one place: opening partner exports (encoding and
//! delimiter detection, line-accurate errors), reading the project's own
//! tables by column name, and writing tables that Dutch Excel opens safely,
//! atomically and readable by the owner only.

// Parse, don't slice: user text is read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

use crate::seek::read_up_to;
use crate::suggest::did_you_mean;
use anyhow::{Context, Result, anyhow, bail};
use csv::StringRecord;
use encoding_rs::{Encoding, UTF_8};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The private folder for a run's temporary files, inside a folder the
/// run has locked (see `runlock`).
pub const TEMP_DIR: &str = ".vroegsignaal-tmp";

const SAMPLE: usize = 64 * 1024;

/// What a profile fixes about a file; `None` means detect.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static Encoding>,
    pub quote: u8,
    /// 1-based line of the header row; lines above it are skipped.
    pub header_row: u64,
    /// Note where each line starts, to read records there later
    /// ([`Source::line_starts`]).
    pub record_line_starts: bool,
}

/// An open export: header known, records streamed one at a time.
pub struct Source {
    pub path: PathBuf,
    pub header: Vec<String>,
    pub delimiter: u8,
    pub encoding: &'static Encoding,
    reader: csv::Reader<Box<dyn Read + Send>>,
    current: StringRecord,
    /// How records are split and decoded, to read one at its place.
    pub layout: crate::seek::Layout,
    trace: Option<Arc<Mutex<crate::seek::Trace>>>,
    /// The file's last byte is a line end: its last line is whole.
    ends_with_line_end: bool,
}

/// A record of an export with the line it starts on.
pub struct SourceRecord {
    pub line: u64,
    pub fields: StringRecord,
}

impl Source {
    /// Opens a partner export, detecting what the options leave open.
    pub fn open(path: &Path, opts: &SourceOptions) -> Result<Source> {
        let shown = path.display();
        let meta = fs::metadata(path).map_err(|e| cannot_open(&shown, &e))?;
        if meta.is_dir() {
            bail!("{shown}: {}", crate::tr!("file-is-directory"));
        }
        let mut file = File::open(path).map_err(|e| cannot_open(&shown, &e))?;
        let mut sample = vec![0u8; SAMPLE];
        let n = read_up_to(&mut file, &mut sample).with_context(|| format!("reading {shown}"))?;
        sample.truncate(n);
        if sample.iter().all(u8::is_ascii_whitespace) {
            bail!("{shown}: {}", crate::tr!("file-empty"));
        }
        let bom = Encoding::for_bom(&sample);
        // A stray NUL rejects its row (see ingest); a file that is mostly
        // NULs and control bytes is no export at all.
        let start = sample.get(..8192).unwrap_or(&sample);
        let binary = start.iter().filter(|b| **b < 0x09).count();
        if bom.is_none() && binary * 10 > start.len() {
            bail!("{shown}: {}", crate::tr!("file-binary"));
        }
        // Lines ended by CR alone (old Mac exports): read as if by LF.
        let cr_only = !sample.contains(&b'\n') && sample.contains(&b'\r');
        let encoding = match (bom, opts.encoding) {
            (Some((enc, _)), _) => enc,
            (None, Some(enc)) => enc,
            (None, None) => {
                detect_encoding(&mut file, &sample).with_context(|| format!("reading {shown}"))?
            }
        };
        let ends_with_line_end = meta.len() == 0 || {
            file.seek(SeekFrom::End(-1))?;
            let mut last = [0u8; 1];
            file.read_exact(&mut last)?;
            matches!(last[0], b'\n' | b'\r')
        };
        file.seek(SeekFrom::Start(0))?;
        let (file, trace): (Box<dyn Read + Send>, _) =
            if opts.record_line_starts && crate::seek::seekable(encoding) {
                let (file, starts) =
                    crate::seek::LineStarts::new(file, if cr_only { b'\r' } else { b'\n' });
                (Box::new(file), Some(starts))
            } else {
                (Box::new(file), None)
            };
        let inner: Box<dyn Read + Send> = if encoding == UTF_8 {
            // Not transcoded, so invalid bytes are reported with their line.
            let mut buffered = BufReader::with_capacity(256 * 1024, file);
            if bom.is_some() {
                let mut skip = [0u8; 3];
                buffered.read_exact(&mut skip)?;
            }
            Box::new(buffered)
        } else {
            Box::new(BufReader::with_capacity(
                256 * 1024,
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .build(file),
            ))
        };
        let stream: Box<dyn Read + Send> = Box::new(LineGuard::new(inner, cr_only));
        if cr_only {
            for b in sample.iter_mut().filter(|b| **b == b'\r') {
                *b = b'\n';
            }
        }
        let header_text = decode_first_line(&sample, encoding, opts.header_row.max(1));
        let delimiter = opts
            .delimiter
            .unwrap_or_else(|| sniff_delimiter(&header_text));
        // `\n` as the terminator: with CRLF the crate reports records a line
        // early. The `\r` this leaves on the last field is trimmed where
        // cells are read (a slice, where the reader's trim copies records).
        let quote = if opts.quote == 0 { b'"' } else { opts.quote };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .delimiter(delimiter)
            .quote(quote)
            .from_reader(stream);
        let mut source = Source {
            path: path.to_path_buf(),
            header: Vec::new(),
            delimiter,
            encoding,
            reader,
            current: StringRecord::new(),
            layout: crate::seek::Layout {
                encoding,
                delimiter,
                quote,
                cr_only,
            },
            trace,
            ends_with_line_end,
        };
        let mut header = None;
        for _ in 0..opts.header_row.max(1) {
            header = source.next_record()?;
        }
        let Some(header) = header else {
            bail!("{shown}: {}", crate::tr!("file-no-header"));
        };
        source.header = header.fields.iter().map(|h| h.trim().to_string()).collect();
        let header_bytes: usize = source.header.iter().map(String::len).sum();
        if header_bytes > MAX_HEADER_BYTES {
            bail!(
                "{shown}:{}: {}",
                header.line,
                crate::tr!(
                    "file-header-too-long",
                    kib = header_bytes / 1024,
                    max = MAX_HEADER_BYTES / 1024
                )
            );
        }
        Ok(source)
    }

    /// Where each line of the raw file starts, and the digest of its
    /// bytes, once the file has been read through; when asked for in the
    /// options and the encoding allows ([`crate::seek::seekable`]).
    pub fn take_trace(&mut self) -> Option<crate::seek::Trace> {
        let shared = self.trace.take()?;
        let mut trace = shared.lock().ok()?;
        Some(std::mem::take(&mut *trace))
    }

    /// Refuses a file whose last record is cut off: no line end after it,
    /// and another number of fields than the header (an extract whose copy
    /// or download stopped early). `line` and `fields` are the last record's.
    pub fn check_complete(&self, line: u64, fields: usize) -> Result<()> {
        if !self.ends_with_line_end && fields != self.header.len() {
            bail!(
                "{}:{line}: {}",
                self.path.display(),
                crate::tr!("file-cut-off", fields = fields, header = self.header.len())
            );
        }
        Ok(())
    }

    /// The next record, or `None` at the end. Bytes that are not valid in
    /// the file's encoding are an error naming line and column.
    pub fn next_record(&mut self) -> Result<Option<SourceRecord>> {
        // Read into a reused record, then copy it once at its final size:
        // cheaper than growing a fresh record field by field.
        let mut current = std::mem::take(&mut self.current);
        let line = self.read_into(&mut current);
        let record = line.map(|l| {
            l.map(|line| SourceRecord {
                line,
                fields: current.clone(),
            })
        });
        self.current = current;
        record
    }

    /// Reads the next record into `record`, reusing its memory (the register
    /// is read this way: millions of rows, none kept); returns its line.
    /// A quote opened and never closed is an error: the rows after it
    /// cannot be told apart.
    pub fn read_into(&mut self, record: &mut StringRecord) -> Result<Option<u64>> {
        let shown = self.path.display();
        let more = match self.reader.read_record(record) {
            Ok(more) => more,
            Err(e) => {
                return Err(match e.kind() {
                    csv::ErrorKind::Io(io) => anyhow!(
                        "{shown}: {}",
                        crate::tr!("cannot-read", why = io_reason(io))
                    ),
                    csv::ErrorKind::Utf8 { pos, err } => {
                        let line = pos.as_ref().map_or(0, |p| p.line());
                        let column = err.field();
                        let name = self
                            .header
                            .get(column)
                            .map_or_else(|| format!("{}", column + 1), |h| format!("`{h}`"));
                        anyhow!(
                            "{shown}:{line}: {}",
                            crate::tr!(
                                "file-bad-bytes",
                                column = name,
                                encoding = self.encoding.name()
                            )
                        )
                    }
                    _ => anyhow!("{shown}: {e}"),
                });
            }
        };
        if !more {
            return Ok(None);
        }
        let line = record.position().map_or(0, |p| p.line());
        // The sign of an unclosed quote: one record over several lines with
        // another number of fields than the header.
        let spans_lines =
            self.reader.position().line() > line + 1 && record.iter().any(|f| f.contains('\n'));
        if spans_lines && !self.header.is_empty() && record.len() != self.header.len() {
            bail!("{shown}:{line}: {}", crate::tr!("file-open-quote"));
        }
        Ok(Some(line))
    }
}

/// The longest header line an export may have.
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// The longest line read at all: far beyond any row, and small enough that
/// a file without line breaks is refused in bounded memory.
pub const MAX_LINE_BYTES: usize = crate::seek::MAX_LINE_BYTES;

/// Feeds the CSV reader: stops a line longer than [`MAX_LINE_BYTES`] (a
/// file without line breaks would otherwise be read into memory whole) and
/// turns lone CRs into LFs for files whose lines end in CR alone.
struct LineGuard<R> {
    inner: R,
    cr_only: bool,
    line: u64,
    in_line: usize,
}

impl<R: Read> LineGuard<R> {
    fn new(inner: R, cr_only: bool) -> LineGuard<R> {
        LineGuard {
            inner,
            cr_only,
            line: 1,
            in_line: 0,
        }
    }
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = buf.get_mut(..n).unwrap_or_default();
        if self.cr_only {
            for b in chunk.iter_mut().filter(|b| **b == b'\r') {
                *b = b'\n';
            }
        }
        // A chunk is far shorter than the limit: a line over it spans
        // chunks, so counting from the last line end is enough.
        match memchr::memrchr(b'\n', chunk) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', chunk).count() as u64;
                self.in_line = n - last - 1;
            }
            None => self.in_line += n,
        }
        if self.in_line > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                crate::tr!(
                    "file-line-too-long",
                    line = self.line,
                    max = MAX_LINE_BYTES / 1024
                ),
            ));
        }
        Ok(n)
    }
}

/// A reason without the OS's path echo.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::tr!("io-not-found"),
        std::io::ErrorKind::PermissionDenied => crate::tr!("io-permission"),
        _ => e.to_string(),
    }
}

/// How much of a file is checked for valid UTF-8 before it is read as
/// UTF-8. An export is far smaller and is checked whole; a register extract
/// of gigabytes is not read an extra time (a bad byte further on is reported
/// with its line when the row is read).
const DETECT_BYTES: usize = 64 << 20;

/// UTF-8 when the file (its first [`DETECT_BYTES`]) is valid UTF-8,
/// otherwise what chardetng makes of the start (windows-1252 for Dutch
/// text).
fn detect_encoding(file: &mut File, sample: &[u8]) -> Result<&'static Encoding> {
    file.seek(SeekFrom::Start(0))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = 0usize;
    let mut valid = true;
    let mut checked = 0usize;
    while checked < DETECT_BYTES {
        let n = read_up_to(file, buf.get_mut(carry..).unwrap_or_default())?;
        let len = carry + n;
        if len == 0 {
            break;
        }
        match std::str::from_utf8(buf.get(..len).unwrap_or_default()) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() && n > 0 => {
                // An incomplete sequence at the chunk's end: carry it over.
                let valid_up_to = e.valid_up_to();
                buf.copy_within(valid_up_to..len, 0);
                carry = len - valid_up_to;
            }
            Err(_) => {
                valid = false;
                break;
            }
        }
        if n == 0 {
            break;
        }
        checked += n;
    }
    if valid {
        return Ok(UTF_8);
    }
    Ok(legacy_encoding(sample, sample.len() < SAMPLE))
}

/// The encoding of text that is not UTF-8, from a sample of it, as
/// chardetng makes it out for Dutch (windows-1252, as a rule). `whole`: the
/// sample is the whole file.
pub fn legacy_encoding(sample: &[u8], whole: bool) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, whole);
    detector.guess(Some(b"nl"), chardetng::Utf8Detection::Deny)
}

fn decode_first_line(sample: &[u8], encoding: &'static Encoding, line: u64) -> String {
    let (text, _) = encoding.decode_with_bom_removal(sample);
    text.lines()
        .nth((line - 1) as usize)
        .unwrap_or("")
        .to_string()
}

/// The most frequent of `;`, `,` and tab outside quotes in the header line.
pub fn sniff_delimiter(header: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    // Ties go to `;`, the Dutch Excel default, by the order above.
    counts
        .iter()
        .fold((b';', 0), |best, c| if c.1 > best.1 { *c } else { best })
        .0
}

/// Reads one of the project's own tables (written by an earlier stage or
/// edited by an officer) by column name.
pub struct TableReader {
    source: Source,
    index: HashMap<String, usize>,
    current: StringRecord,
    /// The line of `current`.
    current_line: u64,
}

/// One row of a [`TableReader`], with the means to report a bad field.
pub struct Row<'a> {
    record: &'a StringRecord,
    path: &'a Path,
    pub line: u64,
}

/// A column of one of the project's tables, bound to its position in the
/// file once, when the file is opened (absent: every cell reads empty).
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    position: Option<usize>,
}

/// A struct of [`Col`]s named after a table's columns, bound once per file:
/// `table_columns!(SignalCols { signaal_id, partner })` and then
/// `let c = SignalCols::bind(&table); row.get(c.partner)`.
macro_rules! table_columns {
    ($(#[$meta:meta])* $name:ident { $($column:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name {
            $(pub $column: $crate::csvio::Col,)+
        }

        impl $name {
            /// The columns' positions in this table's header.
            pub fn bind(table: &$crate::csvio::TableReader) -> $name {
                $name {
                    $($column: table.col(stringify!($column)),)+
                }
            }
        }
    };
}

pub(crate) use table_columns;

impl Row<'_> {
    /// The cell, with the `'` that guarded it against Excel formulas removed.
    pub fn get(&self, column: Col) -> &str {
        let cell = column
            .position
            .and_then(|i| self.record.get(i))
            .unwrap_or("");
        unguard(cell.trim_end_matches(['\r', '\n']))
    }

    /// A `ja`/`nee` cell (empty is `nee`).
    pub fn yes_no(&self, column: Col) -> Result<bool> {
        match self.get(column) {
            "ja" => Ok(true),
            "nee" | "" => Ok(false),
            _ => self.bad(column, &crate::tr!("cell-yes-no")),
        }
    }

    /// A whole number, or nothing when the cell is empty.
    pub fn number<T: std::str::FromStr>(&self, column: Col) -> Result<Option<T>> {
        match self.get(column) {
            "" => Ok(None),
            v => match v.parse() {
                Ok(n) => Ok(Some(n)),
                Err(_) => self.bad(column, &crate::tr!("cell-not-a-whole-number")),
            },
        }
    }

    /// An error naming file, line and column; never the value.
    pub fn bad<T>(&self, column: Col, what: &str) -> Result<T> {
        Err(anyhow!(
            "{}:{}: {}",
            self.path.display(),
            self.line,
            crate::tr!("field-problem", column = column.name, what = what)
        ))
    }

    /// Every cell of the row in header order (for a table read whole).
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        self.record
            .iter()
            .map(|c| unguard(c.trim_end_matches(['\r', '\n'])))
    }
}

impl TableReader {
    /// Opens a table and checks that every `required` column is there.
    pub fn open(path: &Path, required: &[&str]) -> Result<TableReader> {
        TableReader::open_as(path, required, Some(UTF_8))
    }

    /// Opens a table an officer may have saved from Excel: the encoding is
    /// detected (Dutch Excel saves Windows-1252 unless told otherwise).
    pub fn open_edited(path: &Path, required: &[&str]) -> Result<TableReader> {
        TableReader::open_as(path, required, None)
    }

    fn open_as(
        path: &Path,
        required: &[&str],
        encoding: Option<&'static Encoding>,
    ) -> Result<TableReader> {
        let source = Source::open(
            path,
            &SourceOptions {
                encoding,
                ..SourceOptions::default()
            },
        )?;
        let index: HashMap<String, usize> = source
            .header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect();
        for col in required {
            if !index.contains_key(*col) {
                bail!(
                    "{}:1: {}{}",
                    path.display(),
                    crate::tr!("column-missing", column = *col),
                    did_you_mean(col, source.header.iter().map(String::as_str))
                );
            }
        }
        Ok(TableReader {
            source,
            index,
            current: StringRecord::new(),
            current_line: 0,
        })
    }

    /// A column bound to its position in this file's header.
    pub fn col(&self, name: &'static str) -> Col {
        Col {
            name,
            position: self.index.get(name).copied(),
        }
    }

    /// The header's column names.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.source.header.iter().map(String::as_str)
    }

    /// Every row made into a value by `parse`, read in order and made on
    /// every core; the first problem in file order is the one reported.
    pub fn parse_all<T: Send>(
        mut self,
        parse: impl Fn(&Row<'_>) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        let mut records = Vec::new();
        while self.next_row()?.is_some() {
            records.push((std::mem::take(&mut self.current), self.current_line));
        }
        let path = self.source.path.as_path();
        let parsed: Vec<Result<T>> = records
            .par_iter()
            .map(|(record, line)| {
                parse(&Row {
                    record,
                    path,
                    line: *line,
                })
            })
            .collect();
        parsed.into_iter().collect()
    }

    /// The next row; a row with another number of fields than the header is
    /// an error naming its line.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>> {
        let Some(rec) = self.source.next_record()? else {
            return Ok(None);
        };
        if rec.fields.len() != self.source.header.len()
            && !(rec.fields.len() == 1 && rec.fields.get(0).is_some_and(str::is_empty))
        {
            bail!(
                "{}:{}: {}",
                self.source.path.display(),
                rec.line,
                crate::tr!(
                    "field-count",
                    fields = rec.fields.len(),
                    header = self.source.header.len()
                )
            );
        }
        self.current = rec.fields;
        self.current_line = rec.line;
        Ok(Some(Row {
            record: &self.current,
            path: &self.source.path,
            line: rec.line,
        }))
    }
}

/// How tables are written: for Dutch Excel (UTF-8 with BOM, `;`, CRLF) or
/// plain CSV (UTF-8, `,`, LF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Dialect {
    #[default]
    Excel,
    Plain,
}

/// A row of an output table. Cells borrow from the row where they can, so
/// writing a large table does not copy every field.
pub trait Cells {
    fn cells(&self) -> Vec<Cow<'_, str>>;
}

/// A row's cells made once, for a row written to more than one file.
pub struct Rendered<'a>(pub Vec<Cow<'a, str>>);

impl Cells for Rendered<'_> {
    fn cells(&self) -> Vec<Cow<'_, str>> {
        self.0.iter().map(|c| Cow::Borrowed(c.as_ref())).collect()
    }
}

/// An optional value as a cell: empty when absent.
pub fn opt_cell<T: ToString>(v: Option<T>) -> Cow<'static, str> {
    v.map_or(Cow::Borrowed(""), |x| Cow::Owned(x.to_string()))
}

/// Cells that Excel would run as a formula get a leading `'`.
pub fn guard(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The inverse of [`guard`], for reading our own files back.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Output files of one stage, written to temporary files and renamed into
/// place only when all are complete. The temporary files live in the
/// private temp folder of the run's locked folder (removed by the next run
/// if this one is killed).
pub struct PendingOutputs {
    files: Vec<(tempfile::NamedTempFile, PathBuf)>,
    /// Files to remove once the new ones are in place (outputs an earlier
    /// run wrote that this one does not).
    stale: Vec<PathBuf>,
    /// Readable by the owner's group (`share_with_group`): files 0640 in
    /// folders 0750. The temporary folder stays the owner's.
    shared: bool,
    /// The locked folder whose temp folder holds files for targets below it.
    root: PathBuf,
}

impl PendingOutputs {
    /// Pending outputs for targets below `root` (the output folder).
    pub fn new(root: &Path) -> PendingOutputs {
        PendingOutputs {
            files: Vec::new(),
            stale: Vec::new(),
            shared: false,
            root: root.to_path_buf(),
        }
    }

    /// Outputs readable by the owner's group (files 0640, folders 0750),
    /// for a team that shares a folder. The history store and the key are
    /// never written here: they stay the owner's alone.
    pub fn shared_with_group(mut self, shared: bool) -> PendingOutputs {
        self.shared = shared;
        self
    }

    /// Pending outputs for the same folder, to be written on another core;
    /// [`PendingOutputs::adopt`] takes them back.
    pub fn beside(&self) -> PendingOutputs {
        PendingOutputs::new(&self.root).shared_with_group(self.shared)
    }

    /// Takes over the files written into `other` (made by `beside`), after
    /// this one's.
    pub fn adopt(&mut self, other: PendingOutputs) {
        self.files.extend(other.files);
        self.stale.extend(other.stale);
    }

    /// The temp folder for a target: the root's, or for a target elsewhere
    /// (a history store kept outside the output folder) its own folder's, so
    /// the rename never crosses a file system.
    pub fn temp_dir_for(&self, target_dir: &Path) -> PathBuf {
        let base = if target_dir.starts_with(&self.root) {
            self.root.as_path()
        } else {
            target_dir
        };
        base.join(TEMP_DIR)
    }

    /// Writes a table to a temporary file; it appears on [`commit`].
    pub fn table<R: Cells + Sync>(
        &mut self,
        path: &Path,
        dialect: Dialect,
        header: &[&str],
        rows: impl IntoIterator<Item = R>,
    ) -> Result<()> {
        self.write_with(path, |out| write_table(out, dialect, header, rows))
    }

    /// Writes a table like [`PendingOutputs::table`] and returns the
    /// SHA-256 of its bytes, to tell later whether it was changed.
    pub fn table_digest<R: Cells + Sync>(
        &mut self,
        path: &Path,
        dialect: Dialect,
        header: &[&str],
        rows: impl IntoIterator<Item = R>,
    ) -> Result<Vec<u8>> {
        use sha2::Digest;
        let mut digest = Vec::new();
        self.write_with(path, |out| {
            let mut hashing = Hashing {
                inner: out,
                hasher: sha2::Sha256::new(),
            };
            write_table(&mut hashing, dialect, header, rows)?;
            digest = hashing.hasher.finalize().to_vec();
            Ok(())
        })?;
        Ok(digest)
    }

    /// Writes any file through a closure; it appears on [`commit`].
    pub fn write_with(
        &mut self,
        path: &Path,
        body: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        self.write_file(path, body, true)
    }

    /// Writes a file like [`PendingOutputs::write_with`], not synced to
    /// disk before its rename: for a large file the program can tell
    /// damaged (it carries its own digest) and make again.
    pub fn write_unsynced(
        &mut self,
        path: &Path,
        body: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        self.write_file(path, body, false)
    }

    fn write_file(
        &mut self,
        path: &Path,
        body: impl FnOnce(&mut dyn Write) -> Result<()>,
        sync: bool,
    ) -> Result<()> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let temp_dir = self.temp_dir_for(dir);
        create_private_dir(&temp_dir)?;
        let tmp = tempfile::Builder::new()
            .prefix("uitvoer-")
            .tempfile_in(&temp_dir)
            .with_context(|| {
                format!(
                    "{}: {}",
                    temp_dir.display(),
                    crate::tr!("cannot-create-file-in")
                )
            })?;
        {
            let mut w = BufWriter::new(tmp.as_file());
            body(&mut w).with_context(|| format!("writing {}", path.display()))?;
            w.flush()
                .with_context(|| format!("writing {}", path.display()))?;
        }
        // On disk before it is renamed into place; synced here, by the
        // thread that wrote it, so files written beside the workbook are
        // synced while it is built.
        if sync {
            tmp.as_file().sync_all().ok();
        }
        self.files.push((tmp, path.to_path_buf()));
        Ok(())
    }

    /// Removes `path` on [`commit`], after the new files are in place,
    /// unless one of them has its name.
    pub fn remove(&mut self, path: &Path) {
        self.stale.push(path.to_path_buf());
    }

    /// Renames every pending file into place (owner-only permissions),
    /// then removes the stale ones.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        let targets: Vec<PathBuf> = self.files.iter().map(|(_, t)| t.clone()).collect();
        for (tmp, target) in self.files {
            if self.shared {
                share(&self.root, &target, tmp.as_file())?;
            }
            tmp.persist(&target)
                .map_err(|e| anyhow!("writing {}: {}", target.display(), io_reason(&e.error)))?;
            written.push(target);
            if written.len() == 1 {
                crate::testpoint::pause("outputs-first-renamed");
            }
        }
        for stale in self.stale.iter().filter(|s| !targets.contains(s)) {
            match fs::remove_file(stale) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(anyhow!("removing {}: {}", stale.display(), io_reason(&e)));
                }
                _ => {}
            }
        }
        Ok(written)
    }
}

/// Rows per piece of a table made into CSV on its own core.
const ROWS_PER_PIECE: usize = 2048;

/// Writes a table: the header and every row, cells guarded for Excel. A
/// city month's tables have tens of thousands of rows: they are made into
/// CSV piece by piece on every core, and written in order.
fn write_table<R: Cells + Sync>(
    out: &mut dyn Write,
    dialect: Dialect,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<()> {
    let (delim, term) = match dialect {
        Dialect::Excel => {
            out.write_all(b"\xEF\xBB\xBF")?;
            (b';', csv::Terminator::CRLF)
        }
        Dialect::Plain => (b',', csv::Terminator::Any(b'\n')),
    };
    let writer = |to: Vec<u8>| {
        csv::WriterBuilder::new()
            .delimiter(delim)
            .terminator(term)
            .from_writer(to)
    };
    let bytes = |w: csv::Writer<Vec<u8>>| w.into_inner().map_err(|e| e.into_error());
    let mut head = writer(Vec::new());
    head.write_record(header)?;
    out.write_all(&bytes(head)?)?;
    let rows: Vec<R> = rows.into_iter().collect();
    let pieces: Vec<Result<Vec<u8>>> = rows
        .par_chunks(ROWS_PER_PIECE)
        .map(|piece| {
            let mut w = writer(Vec::new());
            for row in piece {
                let cells = row.cells();
                let guarded: Vec<Cow<'_, str>> = cells.iter().map(|c| guard(c)).collect();
                w.write_record(guarded.iter().map(|c| c.as_bytes()))?;
            }
            Ok(bytes(w)?)
        })
        .collect();
    for piece in pieces {
        out.write_all(&piece?)?;
    }
    Ok(())
}

/// A writer that hashes what passes through it.
struct Hashing<'a> {
    inner: &'a mut dyn Write,
    hasher: sha2::Sha256,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Opens a target and the folders from `root` down to it to the owner's
/// group: the file 0640, the folders 0750 (outputs only; set before the
/// file is in place, so it is never wider than asked).
#[cfg(unix)]
fn share(root: &Path, target: &Path, file: &fs::File) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let why = |p: &Path, e: std::io::Error| {
        anyhow!(
            "{}: {}",
            p.display(),
            crate::tr!("cannot-share", why = io_reason(&e))
        )
    };
    file.set_permissions(fs::Permissions::from_mode(0o640))
        .map_err(|e| why(target, e))?;
    let mut dir = target.parent();
    while let Some(d) = dir {
        if !d.starts_with(root) || d.as_os_str().is_empty() {
            break;
        }
        fs::set_permissions(d, fs::Permissions::from_mode(0o750)).map_err(|e| why(d, e))?;
        if d == root {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

#[cfg(not(unix))]
fn share(_root: &Path, _target: &Path, _file: &fs::File) -> Result<()> {
    Ok(())
}

/// `<file>: cannot open: <why>`.
fn cannot_open(shown: &impl std::fmt::Display, e: &std::io::Error) -> anyhow::Error {
    anyhow!("{shown}: {}", crate::tr!("cannot-open", why = io_reason(e)))
}

/// `<path>: cannot read: <why>`.
pub fn cannot_read(shown: &impl std::fmt::Display, e: &std::io::Error) -> anyhow::Error {
    anyhow!("{shown}: {}", crate::tr!("cannot-read", why = io_reason(e)))
}

/// The paths in a folder, sorted (so what is done with them is done in
/// the same order on every machine).
pub fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| cannot_read(&dir.display(), &e))? {
        out.push(entry.map_err(|e| cannot_read(&dir.display(), &e))?.path());
    }
    out.sort();
    Ok(out)
}

/// Creates a directory (and parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| {
        anyhow!(
            "{}: {}",
            dir.display(),
            crate::tr!("cannot-create-folder", why = io_reason(&e))
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record read where its line starts is the record the stream
    /// read, in each encoding and line end an extract comes in; and the
    /// trace's digest is the file's.
    #[test]
    fn records_read_at_their_start_are_the_streamed_records() {
        let body = "bsn;naam;plaats\n1;Ren\u{e9};\"Den\nHaag\"\n2;Zo\u{eb};Utrecht\n3;;\n";
        let variants: [(&str, Vec<u8>); 4] = [
            ("utf-8 bom crlf", {
                let mut b = vec![0xef, 0xbb, 0xbf];
                b.extend(body.replace('\n', "\r\n").bytes());
                b
            }),
            (
                "windows-1252",
                encoding_rs::WINDOWS_1252.encode(body).0.into_owned(),
            ),
            ("cr only", body.replace('\n', "\r").into_bytes()),
            (
                "utf-8, no line end at the end",
                body.trim_end().as_bytes().to_vec(),
            ),
        ];
        for (name, bytes) in variants {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("x.csv");
            std::fs::write(&path, &bytes).unwrap();
            let mut source = Source::open(
                &path,
                &SourceOptions {
                    record_line_starts: true,
                    ..Default::default()
                },
            )
            .unwrap();
            let mut streamed = Vec::new();
            while let Some(r) = source.next_record().unwrap() {
                streamed.push(r);
            }
            assert_eq!(streamed.len(), 3, "{name}");
            let trace = source.take_trace().expect(name);
            assert_eq!(
                trace.digest.finalize().as_bytes(),
                &crate::seek::digest_of(&path).unwrap(),
                "{name}"
            );
            let mut at = crate::seek::RecordsAt::open(&path, source.layout.clone()).unwrap();
            let mut record = csv::StringRecord::new();
            for r in &streamed {
                let start = *trace.starts.get(r.line as usize - 1).unwrap();
                assert!(at.read(start, &mut record).unwrap(), "{name}");
                let fields: Vec<&str> = record.iter().collect();
                let expected: Vec<&str> = r.fields.iter().collect();
                assert_eq!(fields, expected, "{name}, line {}", r.line);
            }
        }
    }

    /// A table of several pieces comes out whole and in order, each row
    /// as Excel reads it: quoted where it must be, formulas guarded; and
    /// the digest is the file's.
    #[test]
    fn a_table_made_in_pieces_is_written_whole_and_in_order() {
        struct Row(usize);
        impl Cells for Row {
            fn cells(&self) -> Vec<Cow<'_, str>> {
                let n = self.0;
                vec![
                    Cow::Owned(format!("r{n}")),
                    Cow::Owned(format!("a;b {n}")),
                    Cow::Owned(if n.is_multiple_of(2) {
                        format!("={n}")
                    } else {
                        format!("say \"{n}\"")
                    }),
                ]
            }
        }
        let rows = ROWS_PER_PIECE * 2 + 7;
        let mut expected = String::from("\u{feff}nr;tekst;formule\r\n");
        for n in 0..rows {
            let last = if n.is_multiple_of(2) {
                format!("'={n}")
            } else {
                format!("\"say \"\"{n}\"\"\"")
            };
            expected.push_str(&format!("r{n};\"a;b {n}\";{last}\r\n"));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tabel.csv");
        let mut out = PendingOutputs::new(dir.path());
        let digest = out
            .table_digest(
                &path,
                Dialect::Excel,
                &["nr", "tekst", "formule"],
                (0..rows).map(Row),
            )
            .unwrap();
        out.commit().unwrap();
        let written = std::fs::read(&path).unwrap();
        assert_eq!(String::from_utf8(written.clone()).unwrap(), expected);
        use sha2::Digest;
        assert_eq!(digest, sha2::Sha256::digest(&written).to_vec());
    }

    #[test]
    fn sniffs_the_delimiter_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a,b,c"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c,d"), b',');
        assert_eq!(sniff_delimiter("abc"), b';');
    }

    #[test]
    fn guards_formula_cells_and_reads_them_back() {
        for cell in ["=SUM(A1)", "+31612345678", "-5", "@cmd", "\tx"] {
            let guarded = guard(cell);
            assert!(guarded.starts_with('\''), "{cell}");
            assert_eq!(unguard(&guarded), cell);
        }
        assert_eq!(guard("'t Hart"), "'t Hart");
        assert_eq!(unguard("'t Hart"), "'t Hart");
        assert_eq!(guard("Jansen"), "Jansen");
    }
}
