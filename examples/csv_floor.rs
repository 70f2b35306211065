//! The floor of the case benchmarks: read a CSV export with the `csv` crate into one reused
//! `ByteRecord`, counting the records and the bytes of their fields. Nothing a checker does
//! with the same file can be faster.
//! `cargo run --release --example csv_floor -- FILE`
#![allow(clippy::print_stdout, clippy::print_stderr)]

fn main() {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!("usage: csv_floor FILE");
        std::process::exit(2);
    };
    let mut reader = match csv::ReaderBuilder::new().has_headers(true).from_path(&file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut records, mut bytes) = (0usize, 0usize);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                records += 1;
                bytes += record.iter().map(<[u8]>::len).sum::<usize>();
            }
            Ok(false) => break,
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("{records} records, {bytes} bytes of fields");
}
