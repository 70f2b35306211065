//! The data of docs/compliance.md Part 2: working-day calendars, and the case and evaluation
//! exports through their mapping files. The exports are streamed row by row (`tabular`) and
//! only mapped columns are converted; what is kept per row is the fixed handful of fields of
//! [`CaseRow`] / [`EvaluationRow`]. Problems of the data itself are found here and the row is
//! left out of every count (B001 file, B002 cells, B003 repeated ids, B032 personal data), so
//! the counting sees clean rows only.

use super::read::read_yaml;
use crate::calendar::{Calendar, SpecProblem, WEEKEND, YearSpec};
use crate::diag::{Diagnostic, FileName, Findings, Msg, codes};
use crate::model::Date;
use crate::model::cases::*;
use crate::model::records::Compliance;
use crate::schema::Doc;
use crate::system::Root;
use crate::tabular::{self, Cell, Encoding, OpenError};
use crate::yaml::{Node, Pos, Span};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::LISTED;

/// The calendar of `compliance.calendar`: `builtin` and calendar files, later entries
/// replacing a year whole.
pub(super) fn calendar(root: &Root, c: &Compliance, out: &mut Findings) -> Calendar {
    let mut cal = Calendar::default();
    let config = root.file_name(Path::new(crate::system::SYSTEM_FILE));
    for entry in &c.calendar {
        if entry.value == "builtin" {
            for y in crate::calendar::builtin() {
                cal.set(&y);
            }
            continue;
        }
        let Some((path, file)) = named_file(
            root,
            &config,
            entry,
            ("calendar file", "工作日历文件"),
            codes::B001,
            out,
        ) else {
            continue;
        };
        let Some((tree, ..)) = read_yaml(&path, &file, Doc::Calendar, |_| false, out) else {
            continue;
        };
        let Ok(f) = crate::de::from_node::<CalendarFile>(&tree) else {
            continue;
        };
        let years: Vec<i16> = f.years.iter().map(|y| y.value).collect();
        let named: Vec<(Date, Date, String)> = f
            .holidays
            .iter()
            .filter_map(|h| {
                let from = h.from.as_ref()?.value;
                let to = h.to.as_ref().map_or(from, |t| t.value);
                Some((from, to, h.name.clone().unwrap_or_default()))
            })
            .collect();
        let holidays: Vec<(Date, Date)> = named.iter().map(|h| (h.0, h.1)).collect();
        let workdays: Vec<Date> = f.workdays.iter().map(|w| w.value).collect();
        let span_of = |d: Date| {
            f.holidays
                .iter()
                .flat_map(|h| [h.from.as_ref(), h.to.as_ref()])
                .flatten()
                .chain(f.workdays.iter())
                .find(|x| x.value == d)
                .map_or(tree.span, |x| x.span)
        };
        for p in crate::calendar::problems(&years, &holidays, &workdays) {
            let (span, message) = match p {
                SpecProblem::OutsideYears(d) => (
                    span_of(d),
                    msg!(
                        "{} is outside the years this calendar covers ({})",
                        "{} 不在本工作日历所列年份（{}）内",
                        d,
                        join(&years)
                    ),
                ),
                SpecProblem::Both(d) => (
                    span_of(d),
                    msg!(
                        "{} is both a holiday and a workday (调休)",
                        "{} 既在放假期间，又列为调休工作日",
                        d
                    ),
                ),
            };
            out.push(Diagnostic::new(codes::B008, &file, span, message));
        }
        let mut weekend = [false; 7];
        match &f.weekend {
            Some(w) => w.iter().for_each(|d| weekend[d.index()] = true),
            None => weekend = WEEKEND,
        }
        for y in years {
            cal.set(&YearSpec {
                year: y,
                source: f.source.clone().unwrap_or_default(),
                holidays: named.clone(),
                workdays: workdays.clone(),
                weekend,
            });
        }
    }
    cal
}

fn join(years: &[i16]) -> String {
    years
        .iter()
        .map(i16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A file `stdkit.yaml` names (relative to the root): its path and name, or a finding at the
/// entry when it is missing, not a regular file or outside the root.
pub(super) fn named_file(
    root: &Root,
    config: &FileName,
    entry: &crate::model::Spanned<String>,
    what: (&str, &str),
    rule: &'static crate::diag::Rule,
    out: &mut Findings,
) -> Option<(PathBuf, FileName)> {
    let rel = entry.value.as_str();
    let message = match crate::files::inside(&root.dir, rel) {
        Ok(path) if path.is_file() => return Some((path, root.file_name(Path::new(rel)))),
        Ok(_) => Msg::new(
            format!("{} `{rel}` not found", what.0),
            format!("{}`{rel}`不存在", what.1),
        ),
        Err(_) => Msg::new(
            format!("{} `{rel}` leaves the system root; not read", what.0),
            format!("{}`{rel}`位于标准体系根目录之外，未读取", what.1),
        ),
    };
    out.push(Diagnostic::new(rule, config, entry.span, message));
    None
}

/// The case and evaluation sources of `compliance.cases` and `compliance.evaluations`.
pub(super) fn data(root: &Root, c: &Compliance, cache: bool, out: &mut Findings) -> CaseData {
    let config = root.file_name(Path::new(crate::system::SYSTEM_FILE));
    let mut data = CaseData::default();
    let mut items = Interner::default();
    let mut names = Interner::default();
    // With one case source, its cache entry holds the rows after B003 as well (and its B003):
    // a cache hit then needs no million-entry id map.
    let single = c.cases.len() == 1;
    let mut pending = None;
    let mut deduped = false;
    for entry in &c.cases {
        let what = ("case source", "办件数据源");
        let Some((path, file)) = named_file(root, &config, entry, what, codes::B001, out) else {
            continue;
        };
        if let Some((src, opened)) =
            open_source::<CasesSource>(root, &entry.value, &path, &file, out)
        {
            let n = data.sources.len() as u16;
            let mut tables = (&mut items, &mut names);
            let how = Cached {
                root,
                mapping: (&entry.value, &path),
                on: cache,
                single,
            };
            match how.read_cases(opened, n, &src, &mut data, &mut tables, out) {
                Read::Restored { deduped: d } => deduped = d,
                Read::Store(p) => pending = Some(p),
                Read::Plain => {}
            }
        }
    }
    for entry in &c.evaluations {
        let what = ("evaluation source", "评价数据源");
        let Some((path, file)) = named_file(root, &config, entry, what, codes::B001, out) else {
            continue;
        };
        if let Some((src, opened)) =
            open_source::<EvaluationsSource>(root, &entry.value, &path, &file, out)
        {
            let n = data.sources.len() as u16;
            read_evaluations(opened, n, &src, &mut data, out);
        }
    }
    let mut found = Findings::new();
    repeated_ids(&mut data, !deduped, &mut found);
    if let Some(p) = pending {
        p.store(&data, &items, &names, &found);
    }
    out.append(found);
    data.items = items.into_list();
    data.names = names.into_list();
    data
}

/// How a case source is read: through the cache (`super::cache`) when it is on and the export
/// is large, else straight from the export.
struct Cached<'a> {
    root: &'a Root,
    /// The mapping's path from the root, and on disk
    mapping: (&'a str, &'a Path),
    on: bool,
    /// The system's only case source: its entry holds the rows after B003
    single: bool,
}

/// What came of reading a case source.
enum Read {
    /// From the export, no cache
    Plain,
    /// From the cache; `deduped`: B003 is in, the rows are those after it
    Restored { deduped: bool },
    /// From the export, to be stored once B003 has run (a single source)
    Store(Pending),
}

/// A cache entry to write: where, its stamp and key, the rows and findings the source added.
struct Pending {
    file: PathBuf,
    stamp: super::cache::Stamp,
    key: u128,
    data_path: PathBuf,
    data_name: FileName,
    source: u16,
    ids_before: usize,
    found: Vec<Diagnostic>,
}

impl Pending {
    /// Writes the entry, with the source's rows as they are now (`repeated` holds B003, kept
    /// when it is about this source's data file only), unless the export changed meanwhile.
    fn store(self, data: &CaseData, items: &Interner, names: &Interner, repeated: &Findings) {
        use super::cache;
        if cache::Stamp::of(&self.data_path) != Some(self.stamp) {
            return;
        }
        let own = |d: &Diagnostic| {
            d.file == self.data_name && d.related.iter().all(|r| r.file == self.data_name)
        };
        let mut found = self.found;
        for d in repeated.iter().filter(|d| d.file == self.data_name) {
            if !own(d) {
                return;
            }
            found.push(d.clone());
        }
        // The source's rows: they are contiguous, the cases of the sources in order.
        let first = data.cases.partition_point(|r| r.at.source < self.source);
        let end = data.cases.partition_point(|r| r.at.source <= self.source);
        let rows = &data.cases[first..end];
        let (item, items_list) = local(items, rows.iter().map(|r| r.item));
        let (name, names_list) = local(
            names,
            rows.iter()
                .flat_map(|r| r.window.into_iter().chain(r.department)),
        );
        let view = cache::View {
            items: items_list,
            names: names_list,
            ids: data.case_ids.get(self.ids_before..).unwrap_or_default(),
            id_base: self.ids_before as u32,
            rows,
            item: &item,
            name: &name,
            findings: &found,
        };
        cache::store(&self.file, self.stamp, self.key, &view);
    }
}

/// The caller's indices used (`used`) mapped to an entry's own, and that entry's strings.
fn local(i: &Interner, used: impl Iterator<Item = u32>) -> (Vec<u32>, Vec<&str>) {
    let mut all = vec![""; i.map.len()];
    for (k, v) in &i.map {
        all[*v as usize] = k;
    }
    let mut to = vec![u32::MAX; all.len()];
    let mut list = Vec::new();
    for u in used {
        if let Some(slot) = to.get_mut(u as usize)
            && *slot == u32::MAX
        {
            *slot = list.len() as u32;
            list.push(all[u as usize]);
        }
    }
    (to, list)
}

impl Cached<'_> {
    fn read_cases(
        &self,
        opened: Opened,
        n: u16,
        src: &CasesSource,
        data: &mut CaseData,
        (items, names): &mut (&mut Interner, &mut Interner),
        out: &mut Findings,
    ) -> Read {
        use super::cache;
        let plain = |opened, data: &mut CaseData, items: &mut Interner, names, out| {
            read_cases(opened, n, src, data, items, names, out);
            Read::Plain
        };
        let stamp = cache::Stamp::of(&opened.data_path);
        let (Some(stamp), true) = (stamp, self.on) else {
            return plain(opened, data, items, names, out);
        };
        let mapping = std::fs::read(self.mapping.1);
        let (Ok(mapping), true) = (mapping, stamp.len >= cache::MIN_BYTES) else {
            return plain(opened, data, items, names, out);
        };
        let file = cache::file_for(&self.root.dir, self.mapping.0);
        let data_name = opened.source.data.clone();
        let key = |content| cache::key(&mapping, &data_name, content, self.single);
        if cache::stamp_of(&file) == Some(stamp)
            && let Some(e) = cache::load_checked(&file, stamp, &opened.data_path, key)
        {
            restore(e, opened, n, data, items, names, out);
            return Read::Restored {
                deduped: self.single,
            };
        }
        let data_path = opened.data_path.clone();
        let ids_before = data.case_ids.len();
        let digest = opened.reader.digest();
        let mut found = Findings::new();
        read_cases(opened, n, src, data, items, names, &mut found);
        let (found, dropped) = found.into_parts();
        out.extend(found.iter().cloned());
        // Stored only when every finding is one of its cells' (the kind `restore` gives back),
        // with the hash of the bytes read (a CSV's, as they were parsed; a workbook's after).
        let whole = dropped.is_empty()
            && found
                .iter()
                .all(|d| d.file == data_name && d.related.is_empty());
        let content = match digest.get() {
            Some(h) => Some(h),
            None if whole => cache::content_hash(&data_path),
            None => None,
        };
        let (Some(content), true) = (content, whole) else {
            return Read::Plain;
        };
        let key = key(content);
        let pending = Pending {
            file,
            stamp,
            key,
            data_path,
            data_name,
            source: n,
            ids_before,
            found,
        };
        match self.single {
            true => Read::Store(pending),
            false => {
                let (items, names) = (&**items, &**names);
                pending.store(data, items, names, &Findings::new());
                Read::Plain
            }
        }
    }
}

/// A source's cases taken from its cache entry: the rows renumbered into the caller's tables,
/// the findings placed in the data file as it is named now.
fn restore(
    e: super::cache::Entry,
    opened: Opened,
    n: u16,
    data: &mut CaseData,
    items: &mut Interner,
    names: &mut Interner,
    out: &mut Findings,
) {
    let item: Vec<u32> = e.items.iter().map(|s| items.intern(s)).collect();
    let name: Vec<u32> = e.names.iter().map(|s| names.intern(s)).collect();
    let base = u32::try_from(data.case_ids.len()).unwrap_or(u32::MAX);
    let mut rows = e.rows;
    for r in &mut rows {
        r.id.start = r.id.start.saturating_add(base);
        r.at.source = n;
        r.item = item[r.item as usize];
        r.window = r.window.map(|w| name[w as usize]);
        r.department = r.department.map(|w| name[w as usize]);
    }
    if data.cases.is_empty() {
        data.cases = rows;
    } else {
        data.cases.append(&mut rows);
    }
    if data.case_ids.is_empty() {
        data.case_ids = e.ids;
    } else {
        data.case_ids.push_str(&e.ids);
    }
    for mut d in e.findings {
        d.file = opened.source.data.clone();
        for r in &mut d.related {
            r.file = opened.source.data.clone();
        }
        out.push(d);
    }
    drop(opened.reader);
    data.sources.push(opened.source);
}

/// A mapping file of either kind: its schema, its table options and its mapped columns.
trait Source: serde::de::DeserializeOwned {
    const DOC: Doc;
    const EVALUATIONS: bool;
    fn table(&self) -> Table<'_>;
    fn columns(&self) -> Option<(Vec<(&'static str, &str)>, Span)>;
}

impl Source for CasesSource {
    const DOC: Doc = Doc::Cases;
    const EVALUATIONS: bool = false;
    fn table(&self) -> Table<'_> {
        Table::of_cases(self)
    }
    fn columns(&self) -> Option<(Vec<(&'static str, &str)>, Span)> {
        self.columns.as_ref().map(|c| (c.value.mapped(), c.span))
    }
}

impl Source for EvaluationsSource {
    const DOC: Doc = Doc::Evaluations;
    const EVALUATIONS: bool = true;
    fn table(&self) -> Table<'_> {
        Table::of_evaluations(self)
    }
    fn columns(&self) -> Option<(Vec<(&'static str, &str)>, Span)> {
        self.columns.as_ref().map(|c| (c.value.mapped(), c.span))
    }
}

/// Reads the mapping file at `path` (`rel` to the root) and opens its data file for the
/// mapped columns; `None` with the findings made when either cannot be read.
fn open_source<S: Source>(
    root: &Root,
    rel: &str,
    path: &Path,
    file: &FileName,
    out: &mut Findings,
) -> Option<(S, Opened)> {
    let (tree, ..) = read_yaml(path, file, S::DOC, |_| false, out)?;
    let src = crate::de::from_node::<S>(&tree).ok()?;
    let (mapped, span) = src.columns()?;
    let opened = open(
        root,
        rel,
        file,
        &tree,
        &src.table(),
        &mapped,
        span,
        S::EVALUATIONS,
        out,
    )?;
    Some((src, opened))
}

/// The options every source has.
struct Table<'a> {
    file: Option<&'a crate::model::Spanned<String>>,
    sheet: Option<&'a crate::model::Spanned<String>>,
    header_row: u32,
    encoding: SourceEncoding,
    delimiter: Option<&'a crate::model::Spanned<String>>,
    allow: &'a [String],
}

impl<'a> Table<'a> {
    fn of_cases(s: &'a CasesSource) -> Table<'a> {
        Table {
            file: s.file.as_ref(),
            sheet: s.sheet.as_ref(),
            header_row: s.header_row.unwrap_or(1),
            encoding: s.encoding,
            delimiter: s.delimiter.as_ref(),
            allow: &s.allow,
        }
    }
    fn of_evaluations(s: &'a EvaluationsSource) -> Table<'a> {
        Table {
            file: s.file.as_ref(),
            sheet: s.sheet.as_ref(),
            header_row: s.header_row.unwrap_or(1),
            encoding: s.encoding,
            delimiter: s.delimiter.as_ref(),
            allow: &s.allow,
        }
    }
}

/// A data file opened for its mapped columns.
struct Opened {
    reader: tabular::Reader,
    data_path: PathBuf,
    source: LoadedSource,
    fields: Vec<&'static str>,
}

/// `rel` joined to the folder of `base` (both relative to the root), `..` resolved lexically:
/// `None` when it climbs out of the root.
fn beside(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let dir = Path::new(base).parent().unwrap_or(Path::new(""));
    let joined = dir.join(rel);
    for c in joined.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[allow(clippy::too_many_arguments)]
fn open(
    root: &Root,
    mapping_rel: &str,
    file: &FileName,
    tree: &Node,
    t: &Table,
    mapped: &[(&'static str, &str)],
    columns_span: Span,
    evaluations: bool,
    out: &mut Findings,
) -> Option<Opened> {
    let file_entry = t.file?;
    let at = file_entry.span;
    let b001 = |m: Msg, out: &mut Findings| out.push(Diagnostic::new(codes::B001, file, at, m));
    let Some(rel) = beside(mapping_rel, &file_entry.value) else {
        b001(
            msg!(
                "data file `{}` leaves the system root; not read",
                "数据文件 `{}` 位于标准体系根目录之外，未读取",
                file_entry.value
            ),
            out,
        );
        return None;
    };
    let path = match crate::files::inside(&root.dir, &rel) {
        Ok(p) => p,
        Err(_) => {
            b001(
                msg!(
                    "data file `{}` leaves the system root; not read",
                    "数据文件 `{}` 位于标准体系根目录之外，未读取",
                    file_entry.value
                ),
                out,
            );
            return None;
        }
    };
    let data = root.file_name(Path::new(&rel));
    let delimiter = match t.delimiter {
        None => b',',
        Some(d) => match d.value.as_bytes() {
            [b] if b.is_ascii() => *b,
            b"\\t" => b'\t',
            _ => {
                out.push(Diagnostic::new(
                    codes::B001,
                    file,
                    d.span,
                    msg!(
                        "`delimiter` must be one ASCII character, not `{}`",
                        "`delimiter` 应为一个 ASCII 字符，而不是 `{}`",
                        d.value
                    ),
                ));
                return None;
            }
        },
    };
    let opts = tabular::Options {
        sheet: t.sheet.map(|s| s.value.as_str()),
        header_row: t.header_row,
        encoding: match t.encoding {
            SourceEncoding::Auto => Encoding::Auto,
            SourceEncoding::Utf8 => Encoding::Utf8,
            SourceEncoding::Gb18030 => Encoding::Gb18030,
            SourceEncoding::Utf16 => Encoding::Utf16,
        },
        delimiter,
    };
    let headers: Vec<&str> = mapped.iter().map(|m| m.1).collect();
    let reader = match tabular::open(&path, &opts, &headers) {
        Ok(r) => r,
        Err(e) => {
            let (span_file, span) = match &e {
                OpenError::Decode { line, .. } => (
                    data.clone(),
                    Span::point(Pos {
                        line: *line,
                        col: 1,
                    }),
                ),
                OpenError::UnknownSheet { .. } => (file.clone(), t.sheet.map_or(at, |s| s.span)),
                // At the mapping of the first header the export lacks (or repeats).
                OpenError::Headers { missing, repeated } => {
                    let h = missing.first().or(repeated.first().map(|r| &r.0));
                    let field = h.and_then(|h| mapped.iter().find(|m| m.1.trim() == h.trim()));
                    let span = field.map_or(columns_span, |(f, _)| {
                        tree.span_at(&crate::path!["columns", *f])
                    });
                    (file.clone(), span)
                }
                _ => (file.clone(), at),
            };
            out.push(Diagnostic::new(
                codes::B001,
                &span_file,
                span,
                Msg::new(
                    format!("`{}`: {e}", file_entry.value),
                    format!("`{}`：{}", file_entry.value, e.zh()),
                ),
            ));
            return None;
        }
    };
    let columns = mapped
        .iter()
        .enumerate()
        .map(|(i, (f, h))| (*f, h.to_string(), reader.column(i)))
        .collect();
    Some(Opened {
        source: LoadedSource {
            file: file.clone(),
            data,
            sheet: reader.sheet().map(str::to_string),
            columns,
            allow: t.allow.to_vec(),
            span: columns_span,
            evaluations,
        },
        fields: mapped.iter().map(|m| m.0).collect(),
        data_path: path,
        reader,
    })
}

/// Unreadable cells of one column, for one B002 finding; and how personal its cells look.
#[derive(Default)]
struct Column {
    bad: usize,
    first: Vec<(u32, String)>,
    why: Option<Msg>,
    filled: usize,
    personal: usize,
}

/// A mapped field and its place among the wanted columns, found once per source (not per
/// cell: a million rows ask for a dozen fields each).
#[derive(Clone, Copy)]
struct Slot {
    i: Option<usize>,
    field: &'static str,
}

fn slot(fields: &[&'static str], field: &'static str) -> Slot {
    Slot {
        i: fields.iter().position(|f| *f == field),
        field,
    }
}

/// Cells read from one row, with their problems collected per column.
struct Cells<'a> {
    cells: &'a [Cell],
    line: u32,
    columns: &'a mut [Column],
    bad: bool,
}

impl<'a> Cells<'a> {
    fn reject(&mut self, i: usize, shown: String, why: Msg) {
        self.bad = true;
        let c = &mut self.columns[i];
        c.bad += 1;
        if c.first.len() < LISTED {
            c.first.push((self.line, shown));
        }
        c.why.get_or_insert(why);
    }

    /// The cell's text (numbers in their shortest form), or None when empty or unmapped.
    fn text(&self, s: Slot) -> Option<(usize, Cow<'a, str>)> {
        let i = s.i?;
        let cells: &'a [Cell] = self.cells;
        let t = match &cells[i] {
            Cell::Empty => return None,
            Cell::Text(s) => Cow::Borrowed(s.as_str()),
            Cell::Number(n) => Cow::Owned(number_text(*n)),
            Cell::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            Cell::DateTime(d) => Cow::Owned(d.strftime("%Y-%m-%d %H:%M:%S").to_string()),
        };
        Some((i, t))
    }

    /// A required text cell.
    fn required(&mut self, s: Slot) -> Option<Cow<'a, str>> {
        match self.text(s) {
            Some((_, t)) => Some(t),
            None => {
                if let Some(i) = s.i {
                    self.reject(
                        i,
                        String::new(),
                        Msg::new("empty required cell", "必填单元格为空"),
                    );
                }
                None
            }
        }
    }

    /// A date cell: Ok(None) when empty.
    fn date(&mut self, slot: Slot, patterns: &[String]) -> Option<Date> {
        let i = slot.i?;
        let cells: &'a [Cell] = self.cells;
        match &cells[i] {
            Cell::Empty => None,
            Cell::DateTime(d) => Some(Date(d.date())),
            other => {
                let s: Cow<str> = match other {
                    Cell::Text(s) => Cow::Borrowed(s.as_str()),
                    Cell::Number(n) => Cow::Owned(number_text(*n)),
                    _ => Cow::Borrowed("?"),
                };
                match parse_time(&s, patterns) {
                    Some(d) => Some(d),
                    None => {
                        self.reject(
                            i,
                            s.into_owned(),
                            Msg::new(
                                "a time no `datetime` pattern reads",
                                "没有 `datetime` 格式能识别的时间",
                            ),
                        );
                        None
                    }
                }
            }
        }
    }

    /// A date cell that must be filled.
    fn required_date(&mut self, s: Slot, patterns: &[String]) -> Option<Date> {
        let d = self.date(s, patterns);
        if d.is_none()
            && self.text(s).is_none()
            && let Some(i) = s.i
        {
            self.reject(
                i,
                String::new(),
                Msg::new("empty required cell", "必填单元格为空"),
            );
        }
        d
    }

    /// A non-negative integer cell.
    fn integer(&mut self, slot: Slot) -> Option<u16> {
        let (i, s) = self.text(slot)?;
        match s.trim().parse::<f64>() {
            Ok(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u16::MAX) => Some(n as u16),
            _ => {
                self.reject(
                    i,
                    s.into_owned(),
                    Msg::new("not a whole number", "不是整数"),
                );
                None
            }
        }
    }

    /// A number cell (working days).
    fn number(&mut self, slot: Slot) -> Option<f32> {
        let (i, s) = self.text(slot)?;
        let t = s.trim();
        // `3个工作日`, `3工作日`, `3天` as some exports write them; a bare number is the rule.
        let t = match t.as_bytes().last() {
            Some(b) if b.is_ascii_digit() => t,
            _ => ["个工作日", "工作日", "天"]
                .iter()
                .find_map(|x| t.strip_suffix(x))
                .unwrap_or(t)
                .trim(),
        };
        match t.parse::<f32>() {
            Ok(n) if n >= 0.0 && n.is_finite() => Some(n),
            _ => {
                self.reject(i, s.into_owned(), Msg::new("not a number", "不是数字"));
                None
            }
        }
    }

    /// A value through `values.<field>` (or the contract's defaults).
    fn mapped<T: Copy>(
        &mut self,
        slot: Slot,
        map: &BTreeMap<String, T>,
        source: &str,
    ) -> Option<T> {
        let field = slot.field;
        let (i, s) = self.text(slot)?;
        match map.get(&*s) {
            Some(v) => Some(*v),
            None => {
                let known: Vec<&str> = map.keys().map(String::as_str).collect();
                let why = Msg::new(
                    format!("not in `values.{field}` of {source} ({})", known.join(", ")),
                    format!(
                        "不在 {source} 的 `values.{field}` 中（{}）",
                        known.join("、")
                    ),
                );
                self.reject(i, s.into_owned(), why);
                None
            }
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A text time read by the first pattern that reads it; only its date counts. The default
/// patterns have a fast path (a million rows are read twice each).
pub fn parse_time(s: &str, patterns: &[String]) -> Option<Date> {
    let s = s.trim();
    if patterns.is_empty() {
        return fast_time(s).or_else(|| DATETIME.iter().find_map(|p| strtime(s, p)));
    }
    patterns.iter().find_map(|p| strtime(s, p))
}

fn strtime(s: &str, pattern: &str) -> Option<Date> {
    let tm = jiff::fmt::strtime::parse(pattern, s).ok()?;
    if let (Some(h), Some(m)) = (tm.hour(), tm.minute()) {
        jiff::civil::Time::new(h, m, tm.second().unwrap_or(0), 0).ok()?;
    }
    tm.to_date().ok().map(Date)
}

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD HH:MM`.
fn fast_time(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() < 10 || !(b[4] == b'-' && b[7] == b'-' || b[4] == b'/' && b[7] == b'/') {
        return None;
    }
    let slash = b[4] == b'/';
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let t = b.get(r)?;
        t.iter()
            .all(u8::is_ascii_digit)
            .then(|| t.iter().fold(0i32, |a, d| a * 10 + i32::from(d - b'0')))
    };
    let date =
        jiff::civil::Date::new(num(0..4)? as i16, num(5..7)? as i8, num(8..10)? as i8).ok()?;
    let time_ok = match b.len() {
        10 => !slash,
        16 => b[10] == b' ' && b[13] == b':' && num(11..13)? < 24 && num(14..16)? < 60,
        19 => {
            !slash
                && b[10] == b' '
                && b[13] == b':'
                && b[16] == b':'
                && num(11..13)? < 24
                && num(14..16)? < 60
                && num(17..19)? < 60
        }
        _ => false,
    };
    time_ok.then_some(Date(date))
}

/// Strings seen many times (item codes, windows), each stored once.
#[derive(Default)]
struct Interner {
    map: rustc_hash::FxHashMap<Box<str>, u32>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(i) = self.map.get(s) {
            return *i;
        }
        let i = self.map.len() as u32;
        self.map.insert(s.into(), i);
        i
    }

    fn into_list(self) -> Vec<Box<str>> {
        let mut out = vec![Box::<str>::default(); self.map.len()];
        for (k, v) in self.map {
            out[v as usize] = k;
        }
        out
    }
}

/// Streams the rows of one opened source through `row`, then reports its B002 and B032.
fn each_row(
    mut opened: Opened,
    out: &mut Findings,
    mut row_fn: impl FnMut(&mut Cells),
) -> LoadedSource {
    let mut columns: Vec<Column> = opened.fields.iter().map(|_| Column::default()).collect();
    let mut row = tabular::Row {
        line: 0,
        cells: Vec::new(),
    };
    loop {
        match opened.reader.next_row(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = match &e {
                    tabular::ReadError::Decode { line, .. }
                    | tabular::ReadError::Csv { line, .. } => *line,
                    _ => row.line,
                };
                out.push(Diagnostic::new(
                    codes::B001,
                    &opened.source.data,
                    Span::point(Pos { line, col: 1 }),
                    Msg::new(e.to_string(), e.zh()),
                ));
                break;
            }
        }
        for (i, c) in row.cells.iter().enumerate() {
            match c {
                Cell::Empty => {}
                Cell::Text(s) => {
                    columns[i].filled += 1;
                    columns[i].personal += usize::from(tabular::looks_personal(s));
                }
                // A phone number typed into Excel is a number cell.
                Cell::Number(n) if n.fract() == 0.0 && *n >= 1e10 && *n < 2e10 => {
                    columns[i].filled += 1;
                    columns[i].personal += usize::from(tabular::looks_personal(&number_text(*n)));
                }
                _ => columns[i].filled += 1,
            }
        }
        let mut cells = Cells {
            cells: &row.cells,
            line: row.line,
            columns: &mut columns,
            bad: false,
        };
        row_fn(&mut cells);
    }
    let src = &opened.source;
    for (i, c) in columns.iter().enumerate() {
        let (field, header, col) = &src.columns[i];
        if c.bad > 0 {
            let listed: Vec<String> = c
                .first
                .iter()
                .map(|(line, v)| format!("{} `{}`", place(src, *line, *col), shorten(v)))
                .collect();
            let why = c.why.clone().unwrap_or_else(|| Msg::new("", ""));
            let more = |en: bool| match (c.bad > c.first.len(), en) {
                (false, _) => String::new(),
                (true, true) => format!(" and {} more", c.bad - c.first.len()),
                (true, false) => format!(" 等，共 {} 个", c.bad),
            };
            out.push(
                Diagnostic::new(
                    codes::B002,
                    &src.data,
                    Span::point(Pos {
                        line: c.first[0].0,
                        col: *col,
                    }),
                    Msg::new(
                        format!(
                            "{}{} unreadable cell(s) in column `{header}` ({field}): {}: {}{}",
                            prefix(src, c.first[0].0, *col),
                            c.bad,
                            why.get(crate::diag::Lang::En),
                            listed.join(", "),
                            more(true)
                        ),
                        format!(
                            "{}列 `{header}`（{field}）有 {} 个无法识别的单元格：{}：{}{}",
                            prefix(src, c.first[0].0, *col),
                            c.bad,
                            why.get(crate::diag::Lang::Zh),
                            listed.join("、"),
                            more(false)
                        ),
                    ),
                )
                .cell(header, &c.first[0].1),
            );
        }
        if c.filled > 0 && c.personal * 2 > c.filled {
            out.push(
                Diagnostic::new(
                    codes::B032,
                    &src.data,
                    Span::point(Pos { line: 1, col: *col }),
                    Msg::new(
                        format!("column `{header}` ({field}) looks like personal data: {} of {} cells are ID or mobile numbers", c.personal, c.filled),
                        format!("列 `{header}`（{field}）疑似含个人信息：{} 个非空单元格中有 {} 个是身份证号或手机号", c.filled, c.personal),
                    ),
                )
                .help(Msg::new(
                    "map the right column, and commit a copy with only the mapped columns: `stdkit cases strip SOURCE -o OUT.csv`",
                    "请核对映射的列；只提交仅含映射列的副本：`stdkit cases strip 数据源 -o 输出.csv`",
                )),
            );
        }
    }
    opened.source
}

/// `办件明细!F17 ` for a sheet, else nothing: the message of an XLSX finding starts with its cell.
pub fn prefix(src: &LoadedSource, line: u32, col: u32) -> String {
    match &src.sheet {
        Some(s) => format!("{} ", tabular::cell_ref(s, line, col)),
        None => String::new(),
    }
}

/// Where a cell is, for lists: `办件明细!F17`, or `line 17` of a CSV.
fn place(src: &LoadedSource, line: u32, col: u32) -> String {
    match &src.sheet {
        Some(s) => tabular::cell_ref(s, line, col),
        None => format!("{line}:{col}"),
    }
}

fn shorten(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        t.push('…');
    }
    t
}

fn read_cases(
    opened: Opened,
    source: u16,
    src: &CasesSource,
    data: &mut CaseData,
    items: &mut Interner,
    names: &mut Interner,
    out: &mut Findings,
) {
    let handling = src.values.handling.clone().unwrap_or_else(default_handling);
    let status = src.values.status.clone().unwrap_or_else(default_status);
    let channel = src.values.channel.clone().unwrap_or_else(default_channel);
    let name = opened.source.file.to_string();
    let f = |field| slot(&opened.fields, field);
    let (id, item, received, finished, st) = (
        f("id"),
        f("item"),
        f("received"),
        f("finished"),
        f("status"),
    );
    let (hd, promised, statutory, due) = (
        f("handling"),
        f("promised_limit"),
        f("statutory_limit"),
        f("due"),
    );
    let (excluded, corrections, ch) = (f("excluded_days"), f("corrections"), f("channel"));
    let (window, department) = (f("window"), f("department"));
    let (cases, ids) = (&mut data.cases, &mut data.case_ids);
    // Room for the rows at once (a CSV row of an export is rarely under 64 bytes): a growing
    // vector would copy a million rows several times over. Untouched room costs no memory.
    let bytes = std::fs::metadata(&opened.data_path).map_or(0, |m| m.len());
    if opened.reader.kind() != tabular::Kind::Xlsx {
        cases.reserve((bytes / 64).min(50_000_000) as usize);
        ids.reserve((bytes / 8).min(1 << 30) as usize);
    }
    let loaded = each_row(opened, out, |c| {
        let id = c.required(id);
        let item = c.required(item);
        let received = c.required_date(received, &src.datetime);
        let fin = c.date(finished, &src.datetime);
        let status = match st.i {
            Some(_) => c.mapped(st, &status, &name),
            None => Some(if fin.is_some() {
                CaseStatus::Finished
            } else {
                CaseStatus::Open
            }),
        };
        if status == Some(CaseStatus::Finished)
            && fin.is_none()
            && c.text(finished).is_none()
            && let Some(i) = finished.i
        {
            c.reject(
                i,
                String::new(),
                Msg::new(
                    "empty required cell (a finished case)",
                    "必填单元格为空（已办结的办件）",
                ),
            );
        }
        let handling = c.mapped(hd, &handling, &name);
        let promised = c.number(promised);
        let statutory = c.number(statutory);
        let due = c.date(due, &src.datetime);
        let excluded = c.integer(excluded);
        let corrections = c.integer(corrections);
        let channel = c.mapped(ch, &channel, &name);
        let window = c.text(window).map(|(_, s)| names.intern(&s));
        let department = c.text(department).map(|(_, s)| names.intern(&s));
        if c.bad {
            return;
        }
        let (Some(id), Some(item), Some(received), Some(status)) = (id, item, received, status)
        else {
            return;
        };
        // An id longer than 64 KiB is not an id; it is cut rather than kept whole.
        let id = match id.len() > usize::from(u16::MAX) {
            true => id.chars().take(256).collect::<String>().into(),
            false => id,
        };
        let start = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        ids.push_str(&id);
        cases.push(CaseRow {
            id: IdRef {
                start,
                len: id.len() as u16,
            },
            at: RowAt {
                source,
                line: c.line,
            },
            item: items.intern(&item),
            received,
            finished: fin,
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
        });
    });
    data.sources.push(loaded);
}

fn read_evaluations(
    opened: Opened,
    source: u16,
    src: &EvaluationsSource,
    data: &mut CaseData,
    out: &mut Findings,
) {
    let mut levels = src.values.level.clone().unwrap_or_else(default_levels);
    for l in 1..=5u8 {
        levels.entry(l.to_string()).or_insert(l);
    }
    let name = opened.source.file.to_string();
    let flag = |c: &mut Cells,
                slot: Slot,
                extra: &Option<BTreeMap<String, bool>>,
                empty: bool|
     -> bool {
        let Some((i, s)) = c.text(slot) else {
            return empty;
        };
        if let Some(v) = extra.as_ref().and_then(|m| m.get(&*s)) {
            return *v;
        }
        match boolean(&s) {
            Some(b) => b,
            None => {
                let field = slot.field;
                c.reject(
                    i,
                    s.into_owned(),
                    Msg::new(
                        format!("not a yes/no value (是/否, true/false, 1/0, Y/N, or `values.{field}` of {name})"),
                        format!("不是是/否值（是/否、true/false、1/0、Y/N，或 {name} 的 `values.{field}`）"),
                    ),
                );
                empty
            }
        }
    };
    let f = |field| slot(&opened.fields, field);
    let (id, time, level, case) = (f("id"), f("time"), f("level"), f("case"));
    let (active, named, valid, reason) = (f("active"), f("named"), f("valid"), f("reason"));
    let (callback, fixed) = (f("callback"), f("fixed"));
    let evaluations = &mut data.evaluations;
    let loaded = each_row(opened, out, |c| {
        let id = c.required(id);
        let time = c.required_date(time, &src.datetime);
        let level = match c.text(level) {
            None => {
                c.required(level);
                None
            }
            Some(_) => c.mapped(level, &levels, &name),
        };
        let case = c.text(case).map(|(_, s)| Box::<str>::from(&*s));
        let active = flag(c, active, &src.values.active, false);
        let named = flag(c, named, &src.values.named, false);
        let valid = flag(c, valid, &src.values.valid, true);
        let reason = c.text(reason).map(|(_, s)| Box::<str>::from(&*s));
        let callback = c.date(callback, &src.datetime);
        let fixed = c.date(fixed, &src.datetime);
        if c.bad {
            return;
        }
        let (Some(id), Some(time), Some(level)) = (id, time, level) else {
            return;
        };
        evaluations.push(EvaluationRow {
            id: Box::from(&*id),
            at: RowAt {
                source,
                line: c.line,
            },
            time,
            level,
            case,
            active,
            named,
            valid,
            reason,
            callback,
            fixed,
        });
    });
    data.sources.push(loaded);
}

/// B003: a case id repeated within or across sources (likewise evaluation ids); the first
/// counts, the repeats are dropped. One finding per data file.
fn repeated_ids(data: &mut CaseData, cases_too: bool, out: &mut Findings) {
    /// Which of `n` rows to keep (the first of each id), reporting the repeats.
    fn dedup<'s>(
        n: usize,
        key: impl Fn(usize) -> (&'s str, RowAt),
        sources: &[LoadedSource],
        out: &mut Findings,
    ) -> Option<Vec<bool>> {
        // Per data file: how many repeats, and the first ones with where their id came first.
        type Repeats = BTreeMap<u16, (usize, Vec<(Box<str>, RowAt, RowAt)>)>;
        let mut repeats: Repeats = BTreeMap::new();
        let mut keep = Vec::with_capacity(n);
        {
            let mut first: rustc_hash::FxHashMap<&str, RowAt> = Default::default();
            first.reserve(n);
            for i in 0..n {
                let (id, at) = key(i);
                match first.entry(id) {
                    std::collections::hash_map::Entry::Occupied(f) => {
                        let (n, list) = repeats.entry(at.source).or_default();
                        *n += 1;
                        if list.len() < LISTED {
                            list.push((id.into(), at, *f.get()));
                        }
                        keep.push(false);
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(at);
                        keep.push(true);
                    }
                }
            }
        }
        let keep = (!repeats.is_empty()).then_some(keep);
        for (s, (count, list)) in repeats {
            let src = &sources[s as usize];
            let col = src.column("id").map_or(1, |c| c.1);
            let (id0, at0, f0) = &list[0];
            let ids: Vec<&str> = list.iter().take(LISTED).map(|x| &*x.0).collect();
            let first_src = &sources[f0.source as usize];
            let fcol = first_src.column("id").map_or(1, |c| c.1);
            out.push(
                Diagnostic::new(
                    codes::B003,
                    &src.data,
                    Span::point(Pos {
                        line: at0.line,
                        col,
                    }),
                    Msg::new(
                        format!(
                            "{}{} repeated id(s), the first row counts: {}{}",
                            prefix(src, at0.line, col),
                            count,
                            ids.join(", "),
                            if count > LISTED { ", …" } else { "" }
                        ),
                        format!(
                            "{}有 {} 个编号重复，以首次出现的一行为准：{}{}",
                            prefix(src, at0.line, col),
                            count,
                            ids.join("、"),
                            if count > LISTED { "等" } else { "" }
                        ),
                    ),
                )
                .cell(src.column("id").map_or("", |c| c.0), id0)
                .related(
                    &first_src.data,
                    Span::point(Pos {
                        line: f0.line,
                        col: fcol,
                    }),
                    msg!("`{}` first here", "`{}` 首次出现于此", id0),
                ),
            );
        }
        keep
    }
    let CaseData {
        cases,
        case_ids,
        evaluations,
        sources,
        ..
    } = data;
    let id_of = |c: &CaseRow| {
        let start = c.id.start as usize;
        case_ids
            .get(start..start + usize::from(c.id.len))
            .unwrap_or_default()
    };
    if !cases_too {
        // the rows of the only case source, from the cache as they were after this step
    } else if let Some(keep) = dedup(
        cases.len(),
        |i| (id_of(&cases[i]), cases[i].at),
        sources,
        out,
    ) {
        let mut k = keep.into_iter();
        cases.retain(|_| k.next().unwrap_or(true));
    }
    let found = dedup(
        evaluations.len(),
        |i| (&*evaluations[i].id, evaluations[i].at),
        sources,
        out,
    );
    if let Some(keep) = found {
        let mut k = keep.into_iter();
        evaluations.retain(|_| k.next().unwrap_or(true));
    }
}

/// `stdkit cases strip`: the mapped columns of a case or evaluation source, headers and text
/// unchanged, as a UTF-8 CSV with BOM, so the same mapping reads it once `file` points at it.
/// Paths stay inside the system root around the mapping (else the mapping's folder). Returns
/// the rows written and the data file read, or the B001 (or S) findings that kept it from
/// reading.
pub fn strip(mapping: &Path, out: &mut Vec<u8>) -> Result<(u64, PathBuf), Vec<Diagnostic>> {
    let mut found = Findings::new();
    let abs = std::fs::canonicalize(mapping).map_err(|e| {
        let file: FileName = mapping.to_string_lossy().into();
        vec![Diagnostic::new(
            codes::B001,
            &file,
            Span::point(Pos { line: 1, col: 1 }),
            msg!("cannot read the source: {}", "无法读取数据源：{}", e),
        )]
    })?;
    let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    let root_dir = dir
        .ancestors()
        .find(|d| d.join(crate::system::SYSTEM_FILE).is_file())
        .unwrap_or(&dir)
        .to_path_buf();
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = Root {
        display: root_dir
            .strip_prefix(&cwd)
            .map_or_else(|_| root_dir.clone(), Path::to_path_buf),
        dir: root_dir.clone(),
    };
    let rel = abs
        .strip_prefix(&root_dir)
        .unwrap_or(&abs)
        .to_string_lossy()
        .replace('\\', "/");
    let file = root.file_name(Path::new(&rel));
    // The kind is told by the file's first key (`cases: 1` or `evaluations: 1`).
    let text = super::read_text(&abs, &file).map_err(|d| vec![*d])?;
    let evaluations = text
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("evaluations"));
    let opened = if evaluations {
        open_source::<EvaluationsSource>(&root, &rel, &abs, &file, &mut found).map(|x| x.1)
    } else {
        open_source::<CasesSource>(&root, &rel, &abs, &file, &mut found).map(|x| x.1)
    };
    let fail = |f: Findings| f.into_parts().0;
    let Some(mut opened) = opened.filter(|_| found.is_empty()) else {
        return Err(fail(found));
    };
    let headers: Vec<&str> = opened.source.columns.iter().map(|c| c.1.as_str()).collect();
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let data = opened.data_path.clone();
    tabular::strip(&mut opened.reader, &headers, out)
        .map(|n| (n, data))
        .map_err(|e| {
            vec![Diagnostic::new(
                codes::B001,
                &opened.source.data,
                Span::point(Pos { line: 1, col: 1 }),
                Msg::new(e.to_string(), e.zh()),
            )]
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_the_default_patterns() {
        let d = |s: &str| parse_time(s, &[]).map(|d| d.to_string());
        assert_eq!(d("2026-02-13 09:00").as_deref(), Some("2026-02-13"));
        assert_eq!(d("2026-02-13 09:00:59").as_deref(), Some("2026-02-13"));
        assert_eq!(d("2026/02/13 09:00").as_deref(), Some("2026-02-13"));
        assert_eq!(d("2026-02-13").as_deref(), Some("2026-02-13"));
        assert_eq!(d("2026年2月13日").as_deref(), Some("2026-02-13"));
        assert_eq!(d("2026-02-30 09:00"), None);
        assert_eq!(d("2026-02-13 25:00"), None);
        assert_eq!(d("13/02/2026"), None);
        let custom = vec!["%d.%m.%Y".to_string()];
        assert_eq!(
            parse_time("13.02.2026", &custom)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-02-13")
        );
    }

    #[test]
    fn data_files_beside_their_mapping() {
        assert_eq!(
            beside("records/cases/a.yaml", "x.csv").as_deref(),
            Some("records/cases/x.csv")
        );
        assert_eq!(
            beside("records/a.yaml", "../exports/x.csv").as_deref(),
            Some("exports/x.csv")
        );
        assert_eq!(beside("a.yaml", "../x.csv"), None);
    }
}
