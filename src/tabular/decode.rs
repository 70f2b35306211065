//! The CSV byte stream turned into UTF-8 as it is read: a BOM or a sniff of the first 64 KiB
//! picks the encoding, then an [`encoding_rs::Decoder`] converts chunk by chunk, without
//! replacement, so that a malformed byte is reported (with its line) instead of silently
//! becoming U+FFFD in a field the caller trusts.

use std::io::{self, Read};

use super::Encoding;

/// Input and output chunk size; also the length of the encoding sniff.
const CHUNK: usize = 64 * 1024;

/// A malformed byte sequence, carried inside an [`io::Error`] through the csv reader.
#[derive(Debug)]
pub(super) struct Malformed {
    /// 1-based physical line of the bad sequence.
    pub line: u32,
    pub encoding: &'static str,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is not valid {}", self.line, self.encoding)
    }
}

impl std::error::Error for Malformed {}

impl Malformed {
    /// The [`Malformed`] an I/O error carries, if any.
    pub fn of(e: &io::Error) -> Option<&Malformed> {
        e.get_ref().and_then(|e| e.downcast_ref::<Malformed>())
    }
}

/// Decodes `inner` into UTF-8 on the fly.
pub(super) struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    name: &'static str,
    input: Box<[u8]>,
    in_start: usize,
    in_end: usize,
    eof: bool,
    output: Box<[u8]>,
    out_start: usize,
    out_end: usize,
    /// Newlines decoded so far (delivered or not): the line of a malformed sequence.
    newlines: u64,
    /// A malformed sequence was met; reported once the valid output before it is delivered,
    /// so that the records before it (the header) are still read.
    failed: Option<u32>,
    finished: bool,
    /// Bytes handed to the reader, and the last of them: where and how the stream ends.
    delivered: u64,
    last: Option<u8>,
}

impl<R: Read> Decoding<R> {
    /// Reads the first chunk of `inner`, settles the encoding (`Auto`: BOM, else UTF-8 if the
    /// chunk is valid UTF-8, else GB18030), skips the BOM. Returns the encoding actually used.
    pub fn new(mut inner: R, wanted: Encoding) -> io::Result<(Self, Encoding)> {
        let mut input = vec![0; CHUNK].into_boxed_slice();
        let mut end = 0;
        let mut eof = false;
        while end < input.len() {
            match inner.read(&mut input[end..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let head = &input[..end];
        let bom = match head {
            [0xEF, 0xBB, 0xBF, ..] => Some((Encoding::Utf8, encoding_rs::UTF_8, 3)),
            [0xFF, 0xFE, ..] => Some((Encoding::Utf16, encoding_rs::UTF_16LE, 2)),
            [0xFE, 0xFF, ..] => Some((Encoding::Utf16, encoding_rs::UTF_16BE, 2)),
            _ => None,
        };
        let (used, enc, skip) = match (wanted, bom) {
            (Encoding::Auto, Some(b)) => b,
            (Encoding::Auto, None) => match std::str::from_utf8(head) {
                // A character cut by the end of the sniff is not an error, unless the file
                // ends there.
                Err(e) if e.error_len().is_some() || eof => {
                    (Encoding::Gb18030, encoding_rs::GB18030, 0)
                }
                _ => (Encoding::Utf8, encoding_rs::UTF_8, 0),
            },
            (Encoding::Utf16, Some(b @ (Encoding::Utf16, _, _))) => b,
            (Encoding::Utf16, _) => (Encoding::Utf16, encoding_rs::UTF_16LE, 0),
            (e, bom) => {
                let skip = match bom {
                    Some((Encoding::Utf8, _, n)) => n,
                    _ => 0,
                };
                let enc = if e == Encoding::Gb18030 {
                    encoding_rs::GB18030
                } else {
                    encoding_rs::UTF_8
                };
                (e, enc, skip)
            }
        };
        let name = match enc.name() {
            "gb18030" => "GB18030",
            n => n,
        };
        let decoding = Decoding {
            inner,
            decoder: enc.new_decoder_without_bom_handling(),
            name,
            input,
            in_start: skip,
            in_end: end,
            eof,
            output: vec![0; CHUNK].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
            newlines: 0,
            failed: None,
            finished: false,
            delivered: 0,
            last: None,
        };
        Ok((decoding, used))
    }

    /// Whether the decoded stream ends after its first `consumed` bytes, not with a newline:
    /// then a record read up to there had no line terminator.
    pub fn ends_unterminated_at(&self, consumed: u64) -> bool {
        self.finished
            && self.out_start == self.out_end
            && consumed == self.delivered
            && self.last != Some(b'\n')
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                self.delivered += n as u64;
                self.last = buf[..n].last().copied().or(self.last);
                return Ok(n);
            }
            if let Some(line) = self.failed {
                let m = Malformed {
                    line,
                    encoding: self.name,
                };
                return Err(io::Error::new(io::ErrorKind::InvalidData, m));
            }
            if self.finished || buf.is_empty() {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                match self.inner.read(&mut self.input) {
                    Ok(0) => self.eof = true,
                    Ok(n) => (self.in_start, self.in_end) = (0, n),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            (self.out_start, self.out_end) = (0, written);
            let decoded = &self.output[..written];
            self.newlines += decoded.iter().filter(|&&b| b == b'\n').count() as u64;
            match result {
                encoding_rs::DecoderResult::InputEmpty => self.finished = self.eof,
                encoding_rs::DecoderResult::OutputFull => {}
                encoding_rs::DecoderResult::Malformed(..) => {
                    self.failed = Some(u32::try_from(self.newlines + 1).unwrap_or(u32::MAX));
                }
            }
        }
    }
}
