//! The case cache (`.stdkit-cache/` in the system root): the cases of a large export as
//! `load::cases` read them — the rows and the findings of its cells (B001, B002, B032) —
//! stored after a first read and taken from there by the next command that reads the same
//! export through the same mapping (`check`, then `report cases` in CI).
//!
//! Never a stale answer: an entry holds the fingerprint of what reading depends on — stdkit's
//! version and the cache format, the mapping file's bytes, the data file's path, length,
//! modification time and an xxh3-128 hash of its whole content — and is used only when all of
//! them are the same now (the length and time are compared first, so a changed export is not
//! even hashed). What comes after reading (repeated ids, classification, the rules) is
//! computed afresh on every run from the rows, so the calendar, the items and the standards
//! never need to be part of the key, and outputs are the same with and without the cache.
//!
//! An entry is written atomically (a temporary file in the folder, renamed); one that cannot
//! be read back whole and consistent (truncated, corrupted, another version) is ignored and
//! written anew. Writing may fail (a read-only system): the run goes on without a cache.
//! `--no-cache` or `STDKIT_NO_CACHE=1` bypasses it (nothing read, nothing written).

use crate::diag::{Diagnostic, Msg, Severity, codes};
use crate::model::Date;
use crate::model::Handling;
use crate::model::cases::{CaseChannel, CaseRow, CaseStatus, IdRef, RowAt};
use crate::yaml::{Pos, Span};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The cache's folder in the system root (hidden, so the walk never sees it).
pub const DIR: &str = ".stdkit-cache";

/// Exports smaller than this are read every time: reading them costs less than a cache file.
pub const MIN_BYTES: u64 = 1 << 20;

/// Bump when the layout below changes (with stdkit's version, part of every key).
const FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"STDKITCC";

/// What an entry must match: checked cheaply (`len`, `mtime`) before the content is hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub mtime: u128,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Some(Stamp {
            len: m.len(),
            mtime,
        })
    }
}

/// The cases of one source as read, with their own interned tables (the caller's indices
/// differ from run to run only in how sources are combined).
#[derive(Debug, Default, PartialEq)]
pub struct Entry {
    pub items: Vec<Box<str>>,
    pub names: Vec<Box<str>>,
    /// The ids, one after another; the rows' `IdRef`s point into it
    pub ids: String,
    pub rows: Vec<CaseRow>,
    /// The findings of the source's cells (and, when `deduped`, its B003); their file and
    /// related places are the data file
    pub findings: Vec<Diagnostic>,
}

/// What is stored: the rows a source added to the caller's tables (`rows`, ids from
/// `id_base`, indices through `item`/`name` into the entry's own `items`/`names`).
pub struct View<'a> {
    pub items: Vec<&'a str>,
    pub names: Vec<&'a str>,
    pub ids: &'a str,
    pub id_base: u32,
    pub rows: &'a [CaseRow],
    pub item: &'a [u32],
    pub name: &'a [u32],
    pub findings: &'a [Diagnostic],
}

/// The cache file of a source, by its mapping's path from the root.
pub fn file_for(root: &Path, mapping_rel: &str) -> PathBuf {
    let h = xxhash_rust::xxh3::xxh3_64(mapping_rel.as_bytes());
    root.join(DIR).join(format!("cases-{h:016x}.bin"))
}

/// The whole content of a file hashed (xxh3-128), read in blocks.
pub fn content_hash(path: &Path) -> Option<u128> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(h.digest128())
}

/// The key of an entry besides its stamp: version, format, mapping bytes, data path, content.
/// `deduped`: the entry holds the rows after B003 (the system has this one case source).
pub fn key(mapping: &[u8], data_rel: &str, content: u128, deduped: bool) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&[u8::from(deduped)]);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&FORMAT.to_le_bytes());
    h.update(&(mapping.len() as u64).to_le_bytes());
    h.update(mapping);
    h.update(&(data_rel.len() as u64).to_le_bytes());
    h.update(data_rel.as_bytes());
    h.update(&content.to_le_bytes());
    h.digest128()
}

/// Whether `path` is a real folder (`dir`) or regular file of the cache, not a link (a link
/// committed in its place could point out of the root, or at a device or a FIFO).
fn is_own(path: &Path, dir: bool) -> bool {
    let folder = path.parent().filter(|_| !dir);
    let folder_ok = folder.is_none_or(|f| std::fs::symlink_metadata(f).is_ok_and(|m| m.is_dir()));
    folder_ok
        && std::fs::symlink_metadata(path).is_ok_and(|m| if dir { m.is_dir() } else { m.is_file() })
}

/// Reads the stamp at the start of a cache file (`None`: no usable file).
pub fn stamp_of(file: &Path) -> Option<Stamp> {
    if !is_own(file, false) {
        return None;
    }
    let mut f = std::fs::File::open(file).ok()?;
    let mut head = [0u8; 8 + 4 + 8 + 16];
    f.read_exact(&mut head).ok()?;
    if &head[..8] != MAGIC || head[8..12] != FORMAT.to_le_bytes() {
        return None;
    }
    Some(Stamp {
        len: u64::from_le_bytes(head[12..20].try_into().ok()?),
        mtime: u128::from_le_bytes(head[20..36].try_into().ok()?),
    })
}

/// The entry in `file` if it is whole and consistent, has this stamp and the key `key` gives
/// from the data file's content hash: the hash (a whole read of the export) and the decoding
/// run side by side, on two threads.
pub fn load_checked(
    file: &Path,
    stamp: Stamp,
    data: &Path,
    key: impl FnOnce(u128) -> u128,
) -> Option<Entry> {
    let (content, entry) = std::thread::scope(|s| {
        let hash = s.spawn(|| content_hash(data));
        let entry = std::fs::read(file)
            .ok()
            .filter(|b| b.len() as u64 <= stamp.len.saturating_add(1 << 20))
            .and_then(|b| decode_any(&b, stamp));
        (hash.join().ok().flatten(), entry)
    });
    let (stored, entry) = entry?;
    (stored == key(content?)).then_some(entry)
}

/// Writes the entry atomically; `false` when it could not be written (nothing is left behind).
pub fn store(file: &Path, stamp: Stamp, key: u128, e: &View) -> bool {
    let Some(dir) = file.parent() else {
        return false;
    };
    if std::fs::create_dir_all(dir).is_err() || !is_own(dir, true) {
        return false;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists()
        && crate::output::write_atomic(&ignore, b"# stdkit's cache (see docs/cases.md)\n*\n")
            .is_err()
    {
        return false;
    }
    let bytes = encode(stamp, key, e);
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else {
        return false;
    };
    if bytes.iter().any(|b| tmp.write_all(b).is_err()) {
        return false;
    }
    tmp.persist(file).is_ok()
}

// ---------------------------------------------------------------- layout
//
// MAGIC, FORMAT (u32), stamp (len u64, mtime u128), key (u128), payload length (u64),
// payload, xxh3-64 of the payload. All little-endian; counts and small numbers as LEB128.
// The payload: items, names (counted strings), the ids (one counted string), the rows (a
// count, then each row relative to the one before: see `put_row`), the findings.

/// The file in three parts (header, payload, checksum): written one after the other, the
/// payload is not copied once more.
fn encode(stamp: Stamp, key: u128, e: &View) -> [Vec<u8>; 3] {
    let mut p = Vec::with_capacity(e.rows.len() * 16 + e.ids.len() / 4 + 4096);
    put_strings(&mut p, &e.items);
    put_strings(&mut p, &e.names);
    put_uv(&mut p, e.rows.len() as u64);
    let mut prev: Option<CaseRow> = None;
    for r in e.rows {
        let mut r = r.clone();
        r.id.start = r.id.start.wrapping_sub(e.id_base);
        r.item = e.item.get(r.item as usize).copied().unwrap_or(0);
        r.window = r
            .window
            .map(|w| e.name.get(w as usize).copied().unwrap_or(0));
        r.department = r
            .department
            .map(|w| e.name.get(w as usize).copied().unwrap_or(0));
        put_row(&mut p, &r, prev.as_ref(), e.ids);
        prev = Some(r);
    }
    put_uv(&mut p, e.findings.len() as u64);
    for d in e.findings {
        put_finding(&mut p, d);
    }
    let mut head = Vec::with_capacity(64);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT.to_le_bytes());
    head.extend_from_slice(&stamp.len.to_le_bytes());
    head.extend_from_slice(&stamp.mtime.to_le_bytes());
    head.extend_from_slice(&key.to_le_bytes());
    head.extend_from_slice(&(p.len() as u64).to_le_bytes());
    let tail = xxhash_rust::xxh3::xxh3_64(&p).to_le_bytes().to_vec();
    [head, p, tail]
}

#[cfg(test)]
fn decode(bytes: &[u8], stamp: Stamp, key: u128) -> Option<Entry> {
    let (stored, e) = decode_any(bytes, stamp)?;
    (stored == key).then_some(e)
}

/// The entry and the key it was stored under.
fn decode_any(bytes: &[u8], stamp: Stamp) -> Option<(u128, Entry)> {
    let mut r = In { b: bytes, at: 0 };
    if r.take(8)? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    if (Stamp {
        len: r.u64()?,
        mtime: r.u128()?,
    }) != stamp
    {
        return None;
    }
    let key = r.u128()?;
    let n = usize::try_from(r.u64()?).ok()?;
    let payload = r.take(n)?;
    if xxhash_rust::xxh3::xxh3_64(payload) != r.u64()? || r.at != bytes.len() {
        return None;
    }
    let mut p = In { b: payload, at: 0 };
    let items = p.strings()?;
    let names = p.strings()?;
    let count = usize::try_from(p.uv()?).ok()?;
    // A row takes at least 5 bytes: a count past that is a lie, not a reason to reserve.
    if count > payload.len() / 5 {
        return None;
    }
    let mut e = Entry {
        items,
        names,
        ids: String::with_capacity(count * 16),
        rows: Vec::with_capacity(count),
        findings: Vec::new(),
    };
    let mut prev_id = (0usize, 0usize);
    for _ in 0..count {
        let row = get_row(&mut p, e.rows.last(), &mut e.ids, &mut prev_id)?;
        if row.item as usize >= e.items.len()
            || row.window.is_some_and(|w| w as usize >= e.names.len())
            || row.department.is_some_and(|w| w as usize >= e.names.len())
        {
            return None;
        }
        e.rows.push(row);
    }
    let nf = usize::try_from(p.uv()?).ok()?;
    for _ in 0..nf.min(1 << 16) {
        e.findings.push(get_finding(&mut p)?);
    }
    (p.at == payload.len()).then_some((key, e))
}

fn put_uv(p: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        p.push((v as u8) | 0x80);
        v >>= 7;
    }
    p.push(v as u8);
}

fn put_iv(p: &mut Vec<u8>, v: i64) {
    put_uv(p, ((v << 1) ^ (v >> 63)) as u64);
}

fn put_str(p: &mut Vec<u8>, s: &str) {
    put_uv(p, s.len() as u64);
    p.extend_from_slice(s.as_bytes());
}

fn put_strings<S: AsRef<str>>(p: &mut Vec<u8>, list: &[S]) {
    put_uv(p, list.len() as u64);
    for s in list {
        put_str(p, s.as_ref());
    }
}

/// A date as a day count (jiff's, from 0001-01-01 well enough: any monotone number does).
fn day(d: Date) -> i64 {
    let d = d.0;
    i64::from(d.year()) * 372 + i64::from(d.month() - 1) * 31 + i64::from(d.day() - 1)
}

fn undo_day(n: i64) -> Option<Date> {
    let year = i16::try_from(n.div_euclid(372)).ok()?;
    let rest = n.rem_euclid(372);
    let month = i8::try_from(rest / 31 + 1).ok()?;
    let dd = i8::try_from(rest % 31 + 1).ok()?;
    jiff::civil::Date::new(year, month, dd).ok().map(Date)
}

/// A limit in working days: twice it when that is a small whole number (the usual case),
/// else its bits.
fn put_limit(p: &mut Vec<u8>, v: f32) {
    let twice = v * 2.0;
    if (0.0..1e6).contains(&twice) && twice.is_sign_positive() && twice.fract() == 0.0 {
        put_uv(p, (twice as u64) << 1);
    } else {
        put_uv(p, (u64::from(v.to_bits()) << 1) | 1);
    }
}

fn get_limit(p: &mut In) -> Option<f32> {
    let v = p.uv()?;
    if v & 1 == 0 {
        Some((v >> 1) as f32 / 2.0)
    } else {
        Some(f32::from_bits(u32::try_from(v >> 1).ok()?))
    }
}

fn status_code(s: CaseStatus) -> u64 {
    match s {
        CaseStatus::Finished => 0,
        CaseStatus::Open => 1,
        CaseStatus::Suspended => 2,
        CaseStatus::Returned => 3,
        CaseStatus::Rejected => 4,
        CaseStatus::Withdrawn => 5,
    }
}

const STATUS: [CaseStatus; 6] = [
    CaseStatus::Finished,
    CaseStatus::Open,
    CaseStatus::Suspended,
    CaseStatus::Returned,
    CaseStatus::Rejected,
    CaseStatus::Withdrawn,
];

fn handling_code(h: Option<Handling>) -> u64 {
    match h {
        None => 0,
        Some(Handling::Instant) => 1,
        Some(Handling::Promised) => 2,
        Some(Handling::Joint) => 3,
        Some(Handling::Reported) => 4,
    }
}

const HANDLING: [Option<Handling>; 5] = [
    None,
    Some(Handling::Instant),
    Some(Handling::Promised),
    Some(Handling::Joint),
    Some(Handling::Reported),
];

fn channel_code(c: Option<CaseChannel>) -> u64 {
    match c {
        None => 0,
        Some(CaseChannel::Onsite) => 1,
        Some(CaseChannel::Online) => 2,
        Some(CaseChannel::Kiosk) => 3,
        Some(CaseChannel::Mobile) => 4,
        Some(CaseChannel::Other) => 5,
    }
}

const CHANNEL: [Option<CaseChannel>; 6] = [
    None,
    Some(CaseChannel::Onsite),
    Some(CaseChannel::Online),
    Some(CaseChannel::Kiosk),
    Some(CaseChannel::Mobile),
    Some(CaseChannel::Other),
];

// Which optional fields a row has (bits 9..), after status (3 bits), handling (3), channel (3).
const FINISHED: u64 = 1 << 9;
const PROMISED: u64 = 1 << 10;
const STATUTORY: u64 = 1 << 11;
const DUE: u64 = 1 << 12;
const EXCLUDED: u64 = 1 << 13;
const CORRECTIONS: u64 = 1 << 14;
const WINDOW: u64 = 1 << 15;
const DEPARTMENT: u64 = 1 << 16;

/// One row: its flags, the line after the previous row's, the id as the length of the prefix
/// it shares with the previous id and the rest, then the fields (dates from `received`).
fn put_row(p: &mut Vec<u8>, r: &CaseRow, prev: Option<&CaseRow>, ids: &str) {
    let has = |b: bool, f: u64| if b { f } else { 0 };
    let flags = status_code(r.status)
        | handling_code(r.handling) << 3
        | channel_code(r.channel) << 6
        | has(r.finished.is_some(), FINISHED)
        | has(r.promised.is_some(), PROMISED)
        | has(r.statutory.is_some(), STATUTORY)
        | has(r.due.is_some(), DUE)
        | has(r.excluded.is_some(), EXCLUDED)
        | has(r.corrections.is_some(), CORRECTIONS)
        | has(r.window.is_some(), WINDOW)
        | has(r.department.is_some(), DEPARTMENT);
    put_uv(p, flags);
    put_uv(p, u64::from(r.at.source));
    put_iv(
        p,
        i64::from(r.at.line) - prev.map_or(0, |q| i64::from(q.at.line)),
    );
    let id_of = |c: &CaseRow| {
        let s = c.id.start as usize;
        ids.get(s..s + usize::from(c.id.len)).unwrap_or_default()
    };
    let id = id_of(r).as_bytes();
    let before = prev.map_or(&[][..], |q| id_of(q).as_bytes());
    let mut shared = id.iter().zip(before).take_while(|(a, b)| a == b).count();
    while !id_of(r).is_char_boundary(shared) {
        shared -= 1;
    }
    put_uv(p, shared as u64);
    put_uv(p, (id.len() - shared) as u64);
    p.extend_from_slice(&id[shared..]);
    put_uv(p, u64::from(r.item));
    let received = day(r.received);
    put_iv(p, received - prev.map_or(0, |q| day(q.received)));
    for d in [r.finished, r.due].into_iter().flatten() {
        put_iv(p, day(d) - received);
    }
    for l in [r.promised, r.statutory].into_iter().flatten() {
        put_limit(p, l);
    }
    for n in [r.excluded, r.corrections].into_iter().flatten() {
        put_uv(p, u64::from(n));
    }
    for n in [r.window, r.department].into_iter().flatten() {
        put_uv(p, u64::from(n));
    }
}

fn get_row(
    p: &mut In,
    prev: Option<&CaseRow>,
    ids: &mut String,
    prev_id: &mut (usize, usize),
) -> Option<CaseRow> {
    let flags = p.uv()?;
    let pick = |bits: u64, table_len: usize| -> Option<usize> {
        let i = bits as usize & 7;
        (i < table_len).then_some(i)
    };
    let status = STATUS[pick(flags, STATUS.len())?];
    let handling = HANDLING[pick(flags >> 3, HANDLING.len())?];
    let channel = CHANNEL[pick(flags >> 6, CHANNEL.len())?];
    let source = u16::try_from(p.uv()?).ok()?;
    let line = u32::try_from(i64::from(prev.map_or(0, |q| q.at.line)) + p.iv()?).ok()?;
    let shared = usize::try_from(p.uv()?).ok()?;
    let rest = usize::try_from(p.uv()?).ok()?;
    let tail = std::str::from_utf8(p.take(rest)?).ok()?;
    let (pstart, plen) = *prev_id;
    if shared > plen {
        return None;
    }
    let start = ids.len();
    if !ids.is_char_boundary(pstart + shared) {
        return None;
    }
    ids.extend_from_within(pstart..pstart + shared);
    ids.push_str(tail);
    let len = shared + rest;
    *prev_id = (start, len);
    let item = u32::try_from(p.uv()?).ok()?;
    let received_n = prev.map_or(0, |q| day(q.received)) + p.iv()?;
    let received = undo_day(received_n)?;
    let mut date = |on: bool| -> Option<Option<Date>> {
        match on {
            false => Some(None),
            true => undo_day(received_n + p.iv()?).map(Some),
        }
    };
    let finished = date(flags & FINISHED != 0)?;
    let due = date(flags & DUE != 0)?;
    let mut limit = |on: bool| -> Option<Option<f32>> {
        match on {
            false => Some(None),
            true => get_limit(p).map(Some),
        }
    };
    let promised = limit(flags & PROMISED != 0)?;
    let statutory = limit(flags & STATUTORY != 0)?;
    let mut small = |on: bool| -> Option<Option<u16>> {
        match on {
            false => Some(None),
            true => u16::try_from(p.uv()?).ok().map(Some),
        }
    };
    let excluded = small(flags & EXCLUDED != 0)?;
    let corrections = small(flags & CORRECTIONS != 0)?;
    let mut index = |on: bool| -> Option<Option<u32>> {
        match on {
            false => Some(None),
            true => u32::try_from(p.uv()?).ok().map(Some),
        }
    };
    let window = index(flags & WINDOW != 0)?;
    let department = index(flags & DEPARTMENT != 0)?;
    Some(CaseRow {
        id: IdRef {
            start: u32::try_from(start).ok()?,
            len: u16::try_from(len).ok()?,
        },
        at: RowAt { source, line },
        item,
        received,
        finished,
        status,
        handling,
        promised,
        statutory,
        due,
        excluded,
        corrections,
        channel,
        window,
        department,
    })
}

fn put_msg(p: &mut Vec<u8>, m: &Msg) {
    put_str(p, &m.en);
    put_str(p, &m.zh);
}

fn put_span(p: &mut Vec<u8>, s: Span) {
    for n in [s.start.line, s.start.col, s.end.line, s.end.col] {
        put_uv(p, u64::from(n));
    }
}

/// A finding of the source's cells: code, severity, message, help, span, cell, related places
/// (the file of each is the data file, named anew when read back).
fn put_finding(p: &mut Vec<u8>, d: &Diagnostic) {
    put_str(p, d.code);
    p.push(u8::from(d.severity == Severity::Error));
    put_msg(p, &d.message);
    match &d.help {
        Some(h) => {
            p.push(1);
            put_msg(p, h);
        }
        None => p.push(0),
    }
    put_span(p, d.span);
    match &d.cell {
        Some((h, v)) => {
            p.push(1);
            put_str(p, h);
            put_str(p, v);
        }
        None => p.push(0),
    }
    put_uv(p, d.related.len() as u64);
    for r in &d.related {
        put_span(p, r.span);
        put_msg(p, &r.message);
    }
}

fn get_finding(p: &mut In) -> Option<Diagnostic> {
    let rule = codes::rule(&p.string()?)?;
    let severity = match p.byte()? {
        0 => Severity::Warning,
        1 => Severity::Error,
        _ => return None,
    };
    let message = p.msg()?;
    let help = match p.byte()? {
        0 => None,
        1 => Some(p.msg()?),
        _ => return None,
    };
    let span = p.span()?;
    let cell = match p.byte()? {
        0 => None,
        1 => Some((p.string()?, p.string()?)),
        _ => return None,
    };
    let mut d = Diagnostic::new(rule, &"".into(), span, message).severity(severity);
    d.help = help;
    d.cell = cell;
    let n = p.uv()?;
    for _ in 0..n.min(64) {
        let span = p.span()?;
        d = d.related(&"".into(), span, p.msg()?);
    }
    (n <= 64).then_some(d)
}

/// A bounds-checked reader: every read is `None` past the end, never a panic.
struct In<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
    fn uv(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn iv(&mut self) -> Option<i64> {
        let u = self.uv()?;
        Some((u >> 1) as i64 ^ -((u & 1) as i64))
    }
    fn string(&mut self) -> Option<String> {
        let n = usize::try_from(self.uv()?).ok()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn strings(&mut self) -> Option<Vec<Box<str>>> {
        let n = usize::try_from(self.uv()?).ok()?;
        let mut out = Vec::with_capacity(n.min(self.b.len() - self.at));
        for _ in 0..n {
            out.push(self.string()?.into());
        }
        Some(out)
    }
    fn msg(&mut self) -> Option<Msg> {
        Some(Msg::new(self.string()?, self.string()?))
    }
    fn span(&mut self) -> Option<Span> {
        let mut n = [0u32; 4];
        for x in &mut n {
            *x = u32::try_from(self.uv()?).ok()?;
        }
        Some(Span {
            start: Pos {
                line: n[0],
                col: n[1],
            },
            end: Pos {
                line: n[2],
                col: n[3],
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn sample() -> Entry {
        let ids = "BJ-0001BJ-0002办件-3".to_string();
        let row = |start: u32, len: u16, line: u32| CaseRow {
            id: IdRef { start, len },
            at: RowAt { source: 0, line },
            item: 1,
            received: d("2026-01-05"),
            finished: Some(d("2026-02-01")),
            status: CaseStatus::Finished,
            handling: Some(Handling::Promised),
            promised: Some(2.5),
            statutory: Some(1e9),
            due: Some(d("2025-12-31")),
            excluded: Some(3),
            corrections: None,
            channel: Some(CaseChannel::Mobile),
            window: Some(0),
            department: None,
        };
        let mut open = row(14, 8, 40);
        open.finished = None;
        open.status = CaseStatus::Suspended;
        open.handling = None;
        open.promised = None;
        open.received = d("2024-02-29");
        Entry {
            items: vec!["A".into(), "340300-XK-0001".into()],
            names: vec!["窗口".into()],
            rows: vec![row(0, 7, 2), row(7, 7, 3), open],
            ids,
            findings: vec![
                Diagnostic::new(
                    codes::B002,
                    &"".into(),
                    Span::point(Pos { line: 3, col: 4 }),
                    Msg::new("bad", "坏"),
                )
                .cell("受理时间", "x")
                .related(
                    &"".into(),
                    Span::point(Pos { line: 2, col: 4 }),
                    Msg::new("r", "r"),
                ),
            ],
        }
    }

    const STAMP: Stamp = Stamp { len: 9, mtime: 7 };

    fn view(e: &Entry) -> View<'_> {
        View {
            items: e.items.iter().map(|s| &**s).collect(),
            names: e.names.iter().map(|s| &**s).collect(),
            ids: &e.ids,
            id_base: 0,
            rows: &e.rows,
            item: &[0, 1],
            name: &[0],
            findings: &e.findings,
        }
    }

    fn encoded(e: &Entry) -> Vec<u8> {
        encode(STAMP, 42, &view(e)).concat()
    }

    #[test]
    fn an_entry_reads_back_the_same() {
        let e = sample();
        assert_eq!(decode(&encoded(&e), STAMP, 42), Some(e));
    }

    #[test]
    fn another_stamp_or_key_is_a_miss() {
        let bytes = encoded(&sample());
        assert_eq!(decode(&bytes, STAMP, 43), None);
        assert_eq!(decode(&bytes, Stamp { len: 9, mtime: 8 }, 42), None);
    }

    #[test]
    fn a_damaged_entry_is_a_miss_never_a_panic() {
        let bytes = encoded(&sample());
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut], STAMP, 42), None);
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            // The checksum catches a flipped payload byte; a flipped header is another key.
            assert_eq!(decode(&b, STAMP, 42), None, "byte {i}");
        }
    }
}
