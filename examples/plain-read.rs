//! The baseline for benchmarks: read CSV files with the plain `csv` crate
//! (one reused `ByteRecord`, no decoding, no validation) and count records.
//!
//!   cargo run --release --example plain-read -- FILE...

fn main() {
    let mut records = 0u64;
    let mut bytes = 0u64;
    for path in std::env::args().skip(1) {
        bytes += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("plain-read: {path}: {e}");
                std::process::exit(2);
            }
        };
        let delimiter = if path.contains("energie") || path.contains("zorg-zuid") {
            b','
        } else {
            b';'
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(if path.contains("woonstichting") {
                b'\t'
            } else {
                delimiter
            })
            .flexible(true)
            .from_reader(std::io::BufReader::with_capacity(256 * 1024, file));
        let mut rec = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut rec).unwrap_or(false) {
            records += 1;
        }
    }
    println!("{records} records, {bytes} bytes");
}
