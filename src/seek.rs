//! Records read where they start in a file, not by streaming it all: the
//! month's later runs fetch the few register rows new signals point at.
//! While a file streams, [`LineStarts`] notes where each line starts (and a
//! digest of the bytes, to know the file again); a
//! [`RecordsAt`] reads one record from such a place, decoded and split as
//! the stream reads it. This works for files whose line ends are plain
//! bytes: UTF-8 and the single-byte encodings (not UTF-16).

// Parse, don't slice: user text is read with `get`, never indexed.
#![warn(clippy::indexing_slicing, clippy::string_slice)]

use anyhow::{Context, Result};
use csv::StringRecord;
use encoding_rs::{Encoding, UTF_8};
use std::fs::File;
use std::io::{Cursor, Read, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The longest line read at all (the stream refuses longer ones).
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Whether a line end in this encoding is always the byte itself.
pub fn seekable(encoding: &'static Encoding) -> bool {
    encoding == UTF_8 || encoding.is_single_byte()
}

/// What a [`LineStarts`] noted of a file read through.
#[derive(Default)]
pub struct Trace {
    /// Entry `n` is the byte where line `n + 1` starts.
    pub starts: Vec<u64>,
    /// BLAKE3 of every byte read.
    pub digest: blake3::Hasher,
}

/// Notes the byte where each line starts while a reader passes the raw
/// bytes on, and digests them.
pub struct LineStarts<R> {
    inner: R,
    /// The byte that ends a line: `\n`, or `\r` in a file of CR lines.
    line_end: u8,
    offset: u64,
    trace: Arc<Mutex<Trace>>,
}

impl<R: Read> LineStarts<R> {
    /// The reader, and where its trace gathers (read it when done).
    pub fn new(inner: R, line_end: u8) -> (LineStarts<R>, Arc<Mutex<Trace>>) {
        let trace = Arc::new(Mutex::new(Trace {
            starts: vec![0],
            digest: blake3::Hasher::new(),
        }));
        (
            LineStarts {
                inner,
                line_end,
                offset: 0,
                trace: Arc::clone(&trace),
            },
            trace,
        )
    }
}

impl<R: Read> Read for LineStarts<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = buf.get(..n).unwrap_or_default();
        let base = self.offset;
        if let Ok(mut trace) = self.trace.lock() {
            trace
                .starts
                .extend(memchr::memchr_iter(self.line_end, chunk).map(|i| base + i as u64 + 1));
            trace.digest.update(chunk);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The BLAKE3 of a whole file, as [`LineStarts`] digests it.
pub fn digest_of(path: &Path) -> Result<[u8; 32]> {
    let mut hasher = blake3::Hasher::new();
    hasher
        .update_mmap(path)
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(*hasher.finalize().as_bytes())
}

/// How a file's records are split and decoded.
#[derive(Clone)]
pub struct Layout {
    pub encoding: &'static Encoding,
    pub delimiter: u8,
    pub quote: u8,
    /// Lines end in CR alone: read as if by LF.
    pub cr_only: bool,
}

/// Reads single records of a file at the bytes where they start.
pub struct RecordsAt {
    file: File,
    path: PathBuf,
    layout: Layout,
    window: Vec<u8>,
    /// One reader for every record: building one is far dearer than
    /// reading a row. It reads the window, decoded.
    reader: csv::Reader<Cursor<Vec<u8>>>,
}

/// The first window read for a record: several register rows (about 100
/// bytes each); a longer record is read again in a larger window.
const WINDOW: usize = 512;

impl RecordsAt {
    pub fn open(path: &Path, layout: Layout) -> Result<RecordsAt> {
        let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .delimiter(layout.delimiter)
            .quote(layout.quote)
            .from_reader(Cursor::new(Vec::new()));
        Ok(RecordsAt {
            file,
            path: path.to_path_buf(),
            layout,
            window: Vec::new(),
            reader,
        })
    }

    /// Reads the record that starts at byte `offset` into `record`;
    /// `false` when the file ends there.
    pub fn read(&mut self, offset: u64, record: &mut StringRecord) -> Result<bool> {
        let mut size = WINDOW;
        loop {
            self.window.resize(size, 0);
            let n = read_at(&self.file, &mut self.window, offset)
                .with_context(|| format!("reading {}", self.path.display()))?;
            let at_end = n < size;
            let raw = self.window.get_mut(..n).unwrap_or_default();
            if self.layout.cr_only {
                for b in raw.iter_mut().filter(|b| **b == b'\r') {
                    *b = b'\n';
                }
            }
            let text = self.reader.get_mut().get_mut();
            text.clear();
            if self.layout.encoding == UTF_8 {
                text.extend_from_slice(raw);
            } else {
                let (decoded, _) = self.layout.encoding.decode_without_bom_handling(raw);
                text.extend_from_slice(decoded.as_bytes());
            }
            let len = text.len();
            self.reader
                .seek_raw(SeekFrom::Start(0), csv::Position::new())
                .with_context(|| format!("reading {}", self.path.display()))?;
            let more = self
                .reader
                .read_record(record)
                .with_context(|| format!("reading {}", self.path.display()))?;
            // Whole when its line end was in the window (or the file ends).
            let whole = at_end || (self.reader.position().byte() as usize) < len;
            if whole || size >= MAX_LINE_BYTES {
                return Ok(more);
            }
            size *= 4;
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut n = 0;
    while let Some(rest) = buf.get_mut(n..).filter(|r| !r.is_empty()) {
        match file.read_at(rest, offset + n as u64)? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::io::Seek;
    let mut file = file;
    file.seek(SeekFrom::Start(offset))?;
    read_up_to(&mut file, buf)
}

/// Reads until `buf` is full or the reader ends; returns how many bytes.
pub fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while let Some(rest) = buf.get_mut(n..).filter(|r| !r.is_empty()) {
        match r.read(rest)? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts_of(bytes: &[u8], line_end: u8) -> Vec<u64> {
        let (mut reader, trace) = LineStarts::new(bytes, line_end);
        let mut sink = Vec::new();
        reader.read_to_end(&mut sink).unwrap();
        assert_eq!(sink, bytes);
        let trace = trace.lock().unwrap();
        assert_eq!(trace.digest.finalize(), blake3::hash(bytes));
        trace.starts.clone()
    }

    #[test]
    fn line_starts_are_the_bytes_after_each_line_end() {
        assert_eq!(starts_of(b"a;b\r\nc;d\r\ne", b'\n'), vec![0, 5, 10]);
        assert_eq!(starts_of(b"a\rbc\r", b'\r'), vec![0, 2, 5]);
    }

    #[test]
    fn a_record_is_read_where_it_starts_decoded_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        // windows-1252: 0xE9 is é. The second record holds a quoted line end.
        let mut bytes = b"kop;naam\r\n1;Ren\xe9\r\n2;\"twee\r\nregels\"\r\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 9000));
        bytes.extend(b";lang\r\n");
        std::fs::write(&path, &bytes).unwrap();
        let layout = Layout {
            encoding: encoding_rs::WINDOWS_1252,
            delimiter: b';',
            quote: b'"',
            cr_only: false,
        };
        let mut at = RecordsAt::open(&path, layout).unwrap();
        let mut record = StringRecord::new();
        assert!(at.read(10, &mut record).unwrap());
        assert_eq!(record.get(1), Some("René\r"));
        assert!(at.read(18, &mut record).unwrap());
        assert_eq!(record.get(0), Some("2"));
        assert_eq!(record.get(1), Some("twee\r\nregels\r"));
        // A record longer than the first window is read whole.
        assert!(at.read(36, &mut record).unwrap());
        assert_eq!(record.get(0).map(str::len), Some(9000));
        assert_eq!(record.get(1), Some("lang\r"));
        assert!(!at.read(bytes.len() as u64, &mut record).unwrap());
    }
}
