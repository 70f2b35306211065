//! The JSON Schemas (draft-07) generated from the model, and the validator that checks a
//! positioned tree against them, collecting every problem (S002, S003) at its place.
//!
//! The same schema documents that editors use are the ones `check` enforces, so the two cannot
//! disagree. The validator understands the subset of JSON Schema that schemars emits for the
//! model: `$ref`, `allOf`, `anyOf`/`oneOf`, `type`, `enum`/`const`, `properties`/`required`/
//! `additionalProperties`, `items`, `format: date`, `minimum`/`maximum`/`multipleOf`.

use crate::diag::did_you_mean;
use crate::model::assess::{Assessment, Sheet};
use crate::model::cases::{CalendarFile, CasesSource, EvaluationsSource};
use crate::model::records::{RecordKind, Staff};
use crate::model::{Asset, Config, Date, Item, Post, Standard};
use crate::yaml::{Node, ScalarType, Seg, Span, Value, scalar_type};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value as Json};
use std::sync::LazyLock;

/// The schema files `stdkit schema` writes, by file name.
pub fn all() -> Vec<(&'static str, Json)> {
    vec![
        ("stdkit.schema.json", config_schema().clone()),
        ("standard.schema.json", standard_schema().clone()),
        (
            "posts.schema.json",
            generate::<Vec<Post>>("Posts catalogue (岗位目录)"),
        ),
        (
            "items.schema.json",
            generate::<Vec<Item>>("Items catalogue (事项目录)"),
        ),
        (
            "assets.schema.json",
            generate::<Vec<Asset>>("Assets catalogue (设施设备目录)"),
        ),
        ("record.schema.json", record_file_schema()),
        (
            "staff.schema.json",
            generate::<Vec<Staff>>("Staff roster (人员名册)"),
        ),
        ("calendar.schema.json", CALENDAR.clone()),
        ("cases-source.schema.json", CASES.clone()),
        ("evaluations-source.schema.json", EVALUATIONS.clone()),
        ("sheet.schema.json", SHEET.clone()),
        ("assessment.schema.json", ASSESSMENT.clone()),
    ]
}

/// The editors' schema of a record file: one record or a list, each of the kind its `record:`
/// names. (The checker validates a record against its own kind's schema, picked by `record:`,
/// so a mistake is reported against the fields of that kind only.)
fn record_file_schema() -> Json {
    let mut defs = Map::new();
    let mut kinds = Vec::new();
    for &k in RecordKind::ALL {
        let Json::Object(mut one) = k.schema() else {
            continue;
        };
        for key in ["definitions", "$defs"] {
            if let Some(Json::Object(d)) = one.remove(key) {
                defs.extend(d);
            }
        }
        one.remove("$schema");
        if let Some(Json::Object(props)) = one.get_mut("properties") {
            props.insert("record".into(), serde_json::json!({"const": k.as_str()}));
        }
        let name = format!("record_{}", k.as_str());
        kinds.push(serde_json::json!({"$ref": format!("#/definitions/{name}")}));
        defs.insert(name, Json::Object(one));
    }
    defs.insert("Record".into(), serde_json::json!({"oneOf": kinds}));
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "stdkit record (实施记录)",
        "description": "One implementation record, or a list of them (docs/compliance.md)",
        "anyOf": [
            {"$ref": "#/definitions/Record"},
            {"type": "array", "items": {"$ref": "#/definitions/Record"}}
        ],
        "definitions": defs
    })
}

fn generate<T: schemars::JsonSchema>(title: &str) -> Json {
    let mut settings = SchemaSettings::draft07();
    settings.meta_schema = Some("http://json-schema.org/draft-07/schema#".into());
    let schema = settings.into_generator().into_root_schema_for::<T>();
    // `$schema` and our title first, so the files read well in an editor.
    let mut out = Map::new();
    let mut rest = match schema.to_value() {
        Json::Object(o) => o,
        _ => Map::new(),
    };
    out.insert(
        "$schema".into(),
        rest.remove("$schema").unwrap_or(Json::Null),
    );
    rest.remove("title");
    out.insert("title".into(), Json::String(title.to_string()));
    out.extend(rest);
    Json::Object(out)
}

static STANDARD: LazyLock<Json> = LazyLock::new(|| generate::<Standard>("stdkit standard"));
static CONFIG: LazyLock<Json> = LazyLock::new(|| generate::<Config>("stdkit.yaml"));
static POSTS: LazyLock<Json> = LazyLock::new(|| generate::<Vec<Post>>("posts"));
static ITEMS: LazyLock<Json> = LazyLock::new(|| generate::<Vec<Item>>("items"));
static ASSETS: LazyLock<Json> = LazyLock::new(|| generate::<Vec<Asset>>("assets"));
static STAFF: LazyLock<Json> = LazyLock::new(|| generate::<Vec<Staff>>("staff"));
static CALENDAR: LazyLock<Json> =
    LazyLock::new(|| generate::<CalendarFile>("Working-day calendar (工作日历)"));
static CASES: LazyLock<Json> =
    LazyLock::new(|| generate::<CasesSource>("Case source (办件数据源)"));
static EVALUATIONS: LazyLock<Json> =
    LazyLock::new(|| generate::<EvaluationsSource>("Evaluation source (好差评数据源)"));
static SHEET: LazyLock<Json> = LazyLock::new(|| generate::<Sheet>("Scoring sheet (评估计分表)"));
static ASSESSMENT: LazyLock<Json> =
    LazyLock::new(|| generate::<Assessment>("Self-assessment (自评)"));
static RECORDS: LazyLock<Vec<Json>> =
    LazyLock::new(|| RecordKind::ALL.iter().map(|k| k.schema()).collect());
/// What every record has, checked first to pick the kind's schema.
static RECORD_HEAD: LazyLock<Json> = LazyLock::new(|| {
    let kinds: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
    serde_json::json!({
        "type": "object",
        "required": ["record"],
        "properties": {"record": {"enum": kinds}}
    })
});

pub fn standard_schema() -> &'static Json {
    &STANDARD
}

pub fn config_schema() -> &'static Json {
    &CONFIG
}

/// Which document a tree is validated as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doc {
    Standard,
    Config,
    Posts,
    Items,
    Assets,
    Staff,
    /// The `record:` key of a record, before its kind is known.
    RecordHead,
    Record(RecordKind),
    Calendar,
    Cases,
    Evaluations,
    Sheet,
    Assessment,
}

impl Doc {
    fn schema(self) -> &'static Json {
        match self {
            Doc::Standard => &STANDARD,
            Doc::Config => &CONFIG,
            Doc::Posts => &POSTS,
            Doc::Items => &ITEMS,
            Doc::Assets => &ASSETS,
            Doc::Staff => &STAFF,
            Doc::RecordHead => &RECORD_HEAD,
            Doc::Calendar => &CALENDAR,
            Doc::Cases => &CASES,
            Doc::Evaluations => &EVALUATIONS,
            Doc::Sheet => &SHEET,
            Doc::Assessment => &ASSESSMENT,
            Doc::Record(k) => {
                let i = RecordKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
                &RECORDS[i]
            }
        }
    }
}

/// The Chinese label of an enum value (its doc comment, first words: `现行`, `已发布(待实施)`,
/// `上级/第三方`) that `value` names, with or without a trailing 标准 or 件: what a Chinese
/// typist writes for `effective`.
fn label_matches<'d>(value: &str, desc: &'d str) -> Option<&'d str> {
    let v = value.trim();
    if v.is_empty() || v.is_ascii() {
        return None;
    }
    let short = v
        .strip_suffix("标准")
        .or_else(|| v.strip_suffix('件'))
        .unwrap_or(v);
    let first = desc.split_whitespace().next()?;
    let first = first.trim_end_matches([',', '，', ';', ':']);
    first
        .split(['/', '(', ')', '（', '）', '、', '·'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .any(|t| {
            let ts = t
                .strip_suffix("标准")
                .or_else(|| t.strip_suffix('件'))
                .or_else(|| t.strip_suffix("附录"))
                .unwrap_or(t);
            t == v || ts == short || t == short
        })
        .then_some(first)
}

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A required field is absent.
    Missing { field: String },
    /// A field the schema does not know (S003), with the closest known name.
    Unknown {
        field: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// The value is of the wrong type.
    WrongType {
        expected: Vec<String>,
        found: (&'static str, &'static str),
    },
    /// The value is not one of the allowed ones.
    NotAllowed {
        value: String,
        allowed: Vec<String>,
        /// The allowed value whose Chinese label was written (`现行` → `effective`), with
        /// the label.
        label: Option<(String, String)>,
    },
    /// Not a calendar date `YYYY-MM-DD`.
    BadDate { value: String },
    /// A number out of range or not a multiple.
    BadNumber {
        value: String,
        why: (String, String),
    },
    /// A required text that is empty or only white space (`title: "  "`).
    Blank { field: String },
    /// A list with fewer entries than it needs (`attendees: []`).
    TooFew { min: u64 },
    /// More problems than [`MAX_ERRORS`]: how many more were not recorded.
    TooMany { more: usize },
}

/// A schema finding: where, what, and the path of the offending value.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaError {
    pub span: Span,
    pub path: Vec<Seg>,
    pub problem: Problem,
}

/// Validates `node` as `doc`; returns every problem found.
pub fn validate(node: &Node, doc: Doc) -> Vec<SchemaError> {
    let root = doc.schema();
    let defs = root
        .get("definitions")
        .or_else(|| root.get("$defs"))
        .and_then(Json::as_object);
    let mut v = Validator {
        defs,
        out: Vec::new(),
        path: Vec::with_capacity(8),
        branching: 0,
        more: 0,
    };
    v.check(node, root, None);
    if v.more > 0 {
        v.out.push(SchemaError {
            span: Span::point(node.span.start),
            path: Vec::new(),
            problem: Problem::TooMany { more: v.more },
        });
    }
    v.out
}

/// A step of the path being validated, borrowed from the tree or the schema: the path is only
/// turned into owned [`Seg`]s when a problem is found, so a valid file costs no allocation here.
#[derive(Clone, Copy)]
enum PathSeg<'a> {
    Key(&'a str),
    Idx(usize),
}

struct Validator<'a> {
    defs: Option<&'a Map<String, Json>>,
    out: Vec<SchemaError>,
    path: Vec<PathSeg<'a>>,
    /// Inside `anyOf`/`oneOf`, where every problem is needed to pick a branch.
    branching: usize,
    /// Problems not recorded beyond [`MAX_ERRORS`].
    more: usize,
}

/// The most problems recorded in one document: a hostile file of half a million bad entries
/// costs the memory of a thousand, and the rest is one [`Problem::TooMany`].
pub const MAX_ERRORS: usize = 1000;

/// The `type` keyword's names, without allocating.
fn type_names(schema: &Json) -> impl Iterator<Item = &str> + Clone {
    let (one, many) = match schema.get("type") {
        Some(Json::String(t)) => (Some(t.as_str()), &[][..]),
        Some(Json::Array(ts)) => (None, ts.as_slice()),
        _ => (None, &[][..]),
    };
    one.into_iter().chain(many.iter().filter_map(Json::as_str))
}

fn type_fits(node: &Node, ty: &str) -> bool {
    match (&node.value, ty) {
        (Value::Null, "null") => true,
        (Value::Map(_), "object") | (Value::Seq(_), "array") => true,
        (Value::Scalar { .. }, "string") => true,
        (Value::Scalar { text, plain }, "number") => {
            matches!(
                scalar_type(text, *plain),
                ScalarType::Int | ScalarType::Float
            )
        }
        (Value::Scalar { text, plain }, "integer") => scalar_type(text, *plain) == ScalarType::Int,
        (Value::Scalar { text, plain }, "boolean") => scalar_type(text, *plain) == ScalarType::Bool,
        _ => false,
    }
}

impl<'a> Validator<'a> {
    fn resolve(&self, mut schema: &'a Json) -> &'a Json {
        for _ in 0..32 {
            let Some(r) = schema.get("$ref").and_then(Json::as_str) else {
                break;
            };
            let name = r.rsplit('/').next().unwrap_or_default();
            match self.defs.and_then(|d| d.get(name)) {
                Some(s) => schema = s,
                None => break,
            }
        }
        schema
    }

    fn push(&mut self, span: Span, problem: Problem) {
        if self.branching == 0 && self.out.len() >= MAX_ERRORS {
            self.more += 1;
            return;
        }
        let path = self
            .path
            .iter()
            .map(|s| match s {
                PathSeg::Key(k) => Seg::Key(k.to_string()),
                PathSeg::Idx(i) => Seg::Idx(*i),
            })
            .collect();
        self.out.push(SchemaError {
            span,
            path,
            problem,
        });
    }

    /// Checks `node` against `schema`. `key_span` is the key the node sits under, where a
    /// missing field of this mapping is reported.
    fn check(&mut self, node: &'a Node, schema: &'a Json, key_span: Option<Span>) {
        let schema = self.resolve(schema);
        // `allOf` (schemars writes a described `$ref` so): every part applies.
        if let Some(parts) = schema.get("allOf").and_then(Json::as_array) {
            for p in parts {
                self.check(node, p, key_span);
            }
        }
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            self.check_branches(node, branches, key_span);
            return;
        }
        let mut types = type_names(schema).peekable();
        if types.peek().is_some() && !types.clone().any(|t| type_fits(node, t)) {
            let expected = types.filter(|t| *t != "null").map(str::to_string).collect();
            self.push(
                node.span,
                Problem::WrongType {
                    expected,
                    found: node.type_name(),
                },
            );
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            self.check_enum(node, allowed);
        }
        if let Some(c) = schema.get("const") {
            self.check_enum(node, std::slice::from_ref(c));
        }
        match &node.value {
            Value::Map(entries) => self.check_map(node, entries, schema, key_span),
            Value::Seq(items) => {
                let min = schema.get("minItems").and_then(Json::as_u64).unwrap_or(0);
                if (items.len() as u64) < min {
                    self.push(node.span, Problem::TooFew { min });
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.path.push(PathSeg::Idx(i));
                        self.check(item, item_schema, None);
                        self.path.pop();
                    }
                }
            }
            Value::Scalar { text, .. } => self.check_scalar(node, text, schema),
            Value::Null => {}
        }
    }

    fn check_branches(&mut self, node: &'a Node, branches: &'a [Json], key_span: Option<Span>) {
        self.branching += 1;
        self.branches(node, branches, key_span);
        self.branching -= 1;
    }

    fn branches(&mut self, node: &'a Node, branches: &'a [Json], key_span: Option<Span>) {
        let saved = self.out.len();
        let mut fitting = None;
        for b in branches {
            self.check(node, b, key_span);
            if self.out.len() == saved {
                return;
            }
            let shallow_fit = {
                let r = self.resolve(b);
                let mut ts = type_names(r).peekable();
                ts.peek().is_none() || ts.any(|t| type_fits(node, t))
            };
            let errs: Vec<_> = self.out.drain(saved..).collect();
            if shallow_fit && fitting.is_none() && !is_const(self.resolve(b)) {
                fitting = Some(errs);
            }
        }
        if let Some(errs) = fitting {
            self.out.extend(errs);
            return;
        }
        // Constants (documented enums) or no branch of the right type.
        let consts: Vec<String> = branches
            .iter()
            .filter_map(|b| self.resolve(b).get("const").map(json_text))
            .collect();
        if !consts.is_empty() && matches!(node.value, Value::Scalar { .. }) {
            let value = node.as_str().unwrap_or_default().to_string();
            let label = branches.iter().find_map(|b| {
                let b = self.resolve(b);
                let c = b.get("const").map(json_text)?;
                let desc = b.get("description").and_then(Json::as_str)?;
                label_matches(&value, desc).map(|l| (c, l.to_string()))
            });
            self.push(
                node.span,
                Problem::NotAllowed {
                    value,
                    allowed: consts,
                    label,
                },
            );
        } else {
            let mut expected: Vec<String> = Vec::new();
            for b in branches {
                let r = self.resolve(b);
                let mut ts: Vec<String> = type_names(r).map(str::to_string).collect();
                if ts.is_empty() && r.get("const").is_some() {
                    ts.push("string".into());
                }
                for t in ts {
                    if t != "null" && !expected.contains(&t) {
                        expected.push(t);
                    }
                }
            }
            self.push(
                node.span,
                Problem::WrongType {
                    expected,
                    found: node.type_name(),
                },
            );
        }
    }

    fn check_enum(&mut self, node: &Node, allowed: &[Json]) {
        let text = node.as_str().unwrap_or_default();
        if !allowed.iter().any(|a| json_text(a) == text) {
            let allowed = allowed.iter().map(json_text).collect();
            self.push(
                node.span,
                Problem::NotAllowed {
                    value: text.to_string(),
                    allowed,
                    label: None,
                },
            );
        }
    }

    fn check_map(
        &mut self,
        node: &'a Node,
        entries: &'a [crate::yaml::Entry],
        schema: &'a Json,
        key_span: Option<Span>,
    ) {
        static EMPTY: LazyLock<Map<String, Json>> = LazyLock::new(Map::new);
        let props = schema
            .get("properties")
            .and_then(Json::as_object)
            .unwrap_or(&EMPTY);
        let additional = schema.get("additionalProperties");
        let required = schema.get("required").and_then(Json::as_array);
        for e in entries {
            self.path.push(PathSeg::Key(&e.key));
            if let Some(p) = props.get(&e.key) {
                let before = self.out.len();
                self.check(&e.value, p, Some(e.key_span));
                // A required text must say something: blank is as good as missing.
                if self.out.len() == before
                    && required.is_some_and(|r| r.iter().any(|f| f.as_str() == Some(&e.key)))
                    && self.is_blank_text(&e.value, p)
                {
                    self.push(
                        e.value.span,
                        Problem::Blank {
                            field: e.key.clone(),
                        },
                    );
                }
            } else {
                match additional {
                    Some(Json::Bool(false)) => {
                        let known: Vec<String> = props.keys().cloned().collect();
                        let suggestion = did_you_mean(&e.key, known.iter().map(String::as_str))
                            .map(str::to_string);
                        self.push(
                            e.key_span,
                            Problem::Unknown {
                                field: e.key.clone(),
                                suggestion,
                                known,
                            },
                        );
                    }
                    Some(s @ Json::Object(_)) => self.check(&e.value, s, Some(e.key_span)),
                    _ => {}
                }
            }
            self.path.pop();
        }
        if let Some(req) = required {
            for field in req.iter().filter_map(Json::as_str) {
                if entries.iter().any(|e| e.key == field) {
                    continue;
                }
                // A misspelt key (`titel`) is reported once, as S003 with its suggestion.
                let misspelt = entries.iter().any(|e| {
                    !props.contains_key(&e.key)
                        && did_you_mean(&e.key, std::iter::once(field)).is_some()
                });
                if !misspelt {
                    let span = key_span
                        .or_else(|| entries.first().map(|e| e.key_span))
                        .unwrap_or(node.span);
                    self.path.push(PathSeg::Key(field));
                    self.push(
                        span,
                        Problem::Missing {
                            field: field.to_string(),
                        },
                    );
                    self.path.pop();
                }
            }
        }
    }

    /// Whether `node` is a text of only white space where `schema` asks for free text (a
    /// string type, not one of listed values).
    fn is_blank_text(&self, node: &Node, schema: &'a Json) -> bool {
        let Value::Scalar { text, .. } = &node.value else {
            return false;
        };
        if !text.trim().is_empty() {
            return false;
        }
        let schema = self.resolve(schema);
        type_names(schema).any(|t| t == "string")
            && schema.get("enum").is_none()
            && schema.get("const").is_none()
            && schema.get("format").is_none()
    }

    fn check_scalar(&mut self, node: &Node, text: &str, schema: &Json) {
        if schema.get("format").and_then(Json::as_str) == Some("date")
            && Date::parse(text).is_none()
        {
            self.push(
                node.span,
                Problem::BadDate {
                    value: text.to_string(),
                },
            );
            return;
        }
        let Ok(v) = text.parse::<f64>() else { return };
        if !type_names(schema).any(|t| t == "number" || t == "integer") {
            return;
        }
        let num = |k: &str| schema.get(k).and_then(Json::as_f64);
        let why = if let Some(min) = num("minimum").filter(|m| v < *m) {
            Some((
                format!("less than the minimum {min}"),
                format!("小于最小值 {min}"),
            ))
        } else if let Some(max) = num("maximum").filter(|m| v > *m) {
            Some((
                format!("greater than the maximum {max}"),
                format!("大于最大值 {max}"),
            ))
        } else {
            num("multipleOf")
                .filter(|m| (v / m).fract() != 0.0)
                .map(|m| {
                    (
                        format!("not a multiple of {m}"),
                        format!("不是 {m} 的整数倍"),
                    )
                })
        };
        if let Some(why) = why {
            self.push(
                node.span,
                Problem::BadNumber {
                    value: text.to_string(),
                    why,
                },
            );
        }
    }
}

fn is_const(schema: &Json) -> bool {
    schema.get("const").is_some()
}

fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// English and Chinese names of a JSON Schema type, for messages.
pub fn type_label(t: &str) -> (&'static str, &'static str) {
    match t {
        "object" => ("a mapping", "映射"),
        "array" => ("a list", "列表"),
        "string" => ("text", "文本"),
        "number" => ("a number", "数字"),
        "integer" => ("a whole number", "整数"),
        "boolean" => ("true or false", "布尔值"),
        _ => ("a value", "值"),
    }
}

/// A copy of `node` without the entries that schema errors point into, so the rest of the file
/// can still be read into the model and checked. Entries are removed, list items never (so
/// list indices of the remaining values stay valid): the entry removed is the one at the
/// error's path up to its last key, so a bad list item removes its whole list.
pub fn prune(node: &Node, errors: &[SchemaError]) -> Node {
    prune_owned(node.clone(), errors)
}

/// [`prune`] of a tree the caller gives up: no copy (a 4 MiB file's tree is not held twice).
pub fn prune_owned(node: Node, errors: &[SchemaError]) -> Node {
    let mut pruned = node;
    for e in errors {
        if matches!(e.problem, Problem::Missing { .. }) {
            continue;
        }
        if let Some(last_key) = e.path.iter().rposition(|s| matches!(s, Seg::Key(_))) {
            remove_entry(&mut pruned, &e.path[..=last_key]);
        }
    }
    pruned
}

fn remove_entry(node: &mut Node, path: &[Seg]) {
    let Some((Seg::Key(last), parent)) = path.split_last() else {
        return;
    };
    let mut cur = node;
    for seg in parent {
        let next = match (&mut cur.value, seg) {
            (Value::Map(entries), Seg::Key(k)) => entries
                .iter_mut()
                .find(|e| &e.key == k)
                .map(|e| &mut e.value),
            (Value::Seq(items), Seg::Idx(i)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    if let Value::Map(entries) = &mut cur.value {
        entries.retain(|e| &e.key != last);
    }
}

/// The Chinese name of a standard's field at a YAML path (`item.promised_limit` → `承诺时限`,
/// `item.steps[受理].name` → `办理程序[受理]·name`'s labelled part), taken from the schema's
/// descriptions (the model's doc comments lead with the Chinese term), so a new field is named
/// without a second table. A path whose fields are not all named gives `None`: a reader is shown
/// the YAML path rather than half a translation.
pub fn field_label(path: &str) -> Option<String> {
    let schema = standard_schema();
    let defs = schema.get("definitions");
    let resolve = |mut s: &'static Json| -> &'static Json {
        for _ in 0..32 {
            // `Option<T>` is `anyOf: [T, null]`: the non-null branch.
            if let Some(any) = s.get("anyOf").and_then(Json::as_array) {
                match any
                    .iter()
                    .find(|b| b.get("type") != Some(&Json::from("null")))
                {
                    Some(b) => s = b,
                    None => break,
                }
                continue;
            }
            let Some(r) = s.get("$ref").and_then(Json::as_str) else {
                break;
            };
            match defs.and_then(|d| d.get(r.rsplit('/').next().unwrap_or_default())) {
                Some(d) => s = d,
                None => break,
            }
        }
        s
    };
    let mut cur = schema;
    let mut parts: Vec<String> = Vec::new();
    for (depth, seg) in path.split('.').enumerate() {
        let (key, rest) = seg.split_once('[').map_or((seg, ""), |(k, r)| (k, r));
        let field = resolve(cur).get("properties")?.get(key)?;
        let label = field
            .get("description")
            .and_then(Json::as_str)
            .and_then(leading_chinese);
        match label {
            Some(l) => parts.push(l.to_string()),
            // The kind's block (`item`, `work`, `management`) names no field of its own.
            None if depth == 0 && matches!(key, "item" | "work" | "management") => {}
            None => return None,
        }
        cur = field;
        // `[受理]`, `[2]`: one element of a list; the selector is shown as written.
        for sel in rest.split('[').filter(|s| !s.is_empty()) {
            let sel = sel.strip_suffix(']')?;
            if let Some(last) = parts.last_mut() {
                last.push_str(&format!("[{sel}]"));
            }
            cur = resolve(cur).get("items")?;
        }
    }
    (!parts.is_empty()).then(|| parts.join("·"))
}

/// The Chinese term a description opens with (`承诺时限, working days` → `承诺时限`).
fn leading_chinese(d: &str) -> Option<&str> {
    let first = d.chars().next()?;
    if !('\u{4e00}'..='\u{9fff}').contains(&first) {
        return None;
    }
    let end = d
        .find(|c: char| {
            matches!(
                c,
                ',' | ';' | '(' | '（' | ' ' | '/' | '，' | '；' | ':' | '：' | '.' | '\n'
            )
        })
        .unwrap_or(d.len());
    Some(&d[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    #[test]
    fn fields_are_named_in_chinese_from_the_schema() {
        assert_eq!(
            field_label("item.promised_limit").as_deref(),
            Some("承诺时限")
        );
        assert_eq!(field_label("title").as_deref(), Some("标准名称"));
        assert_eq!(
            field_label("item.materials[申请书].name"),
            None,
            "a field without a Chinese description leaves the path as it is"
        );
        assert_eq!(field_label("no_such_field"), None);
    }

    fn errors(src: &str) -> Vec<SchemaError> {
        validate(parse(src).root.as_ref().unwrap(), Doc::Standard)
    }

    #[test]
    fn unknown_field_with_suggestion() {
        let e = errors("id: '101-001'\ntitel: x\nkind: general\nstatus: planned\n");
        assert_eq!(e.len(), 1, "{e:?}"); // titel unknown; the missing title is not reported twice
        let unknown = e
            .iter()
            .find(|e| matches!(e.problem, Problem::Unknown { .. }))
            .unwrap();
        assert_eq!(unknown.span.start.line, 2);
        assert!(
            matches!(&unknown.problem, Problem::Unknown { suggestion: Some(s), .. } if s == "title")
        );
    }

    #[test]
    fn enum_and_type_and_date() {
        let e = errors(
            "id: '101-001'\ntitle: x\nkind: itme\nstatus: planned\npublished: 2026-02-30\nposts: x\n",
        );
        assert!(
            e.iter().any(
                |e| matches!(&e.problem, Problem::NotAllowed { value, .. } if value == "itme")
            ),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|e| matches!(&e.problem, Problem::BadDate { .. }))
        );
        assert!(
            e.iter()
                .any(|e| matches!(&e.problem, Problem::WrongType { .. }))
        );
    }

    #[test]
    fn nested_missing_points_at_block_key() {
        let e = errors("id: '202-001'\ntitle: x\nkind: item\nstatus: drafting\nitem:\n  name: y\n");
        let m = e
            .iter()
            .find(|e| matches!(&e.problem, Problem::Missing { field } if field == "code"))
            .unwrap();
        assert_eq!(m.span.start.line, 5);
        assert_eq!(crate::yaml::path_string(&m.path), "item.code");
    }

    #[test]
    fn days_are_halves() {
        let e = errors(
            "id: '202-001'\ntitle: x\nkind: item\nstatus: drafting\nitem:\n  code: a\n  name: b\n  subject: c\n  handling: instant\n  statutory_limit: 0.3\n  promised_limit: -1\n  fees: []\n",
        );
        assert_eq!(
            e.iter()
                .filter(|e| matches!(e.problem, Problem::BadNumber { .. }))
                .count(),
            2,
            "{e:?}"
        );
    }

    #[test]
    fn blank_required_text() {
        let blank = |e: &[SchemaError]| -> Vec<String> {
            e.iter()
                .filter_map(|e| match &e.problem {
                    Problem::Blank { .. } => Some(crate::yaml::path_string(&e.path)),
                    _ => None,
                })
                .collect()
        };
        // Required texts at the top and in a block; ASCII and ideographic spaces, and empty.
        let e = errors(
            "id: ''\ntitle: \"  \"\nkind: item\nstatus: drafting\nitem:\n  code: \"\\u3000\"\n  name: b\n",
        );
        assert_eq!(blank(&e), ["id", "title", "item.code"], "{e:?}");
        // Optional texts may be blank; a text with content is fine; enums are NotAllowed.
        let e = errors("id: '1-1'\ntitle: x\nkind: general\nstatus: planned\nnote: ' '\n");
        assert!(e.is_empty(), "{e:?}");
        let e = errors("id: '1-1'\ntitle: x\nkind: ' '\nstatus: planned\n");
        assert!(blank(&e).is_empty(), "{e:?}");
        // The catalogues and the system file too.
        let root = parse("- id: P1\n  name: ' '\n").root.unwrap();
        assert_eq!(blank(&validate(&root, Doc::Posts)), ["[0].name"]);
    }

    #[test]
    fn prune_keeps_the_rest_readable() {
        let p = parse(
            "id: '101-001'\ntitle: x\nkind: general\nstatus: planned\nposts: [1, {a: b}]\nnote: n\n",
        );
        let root = p.root.unwrap();
        let e = validate(&root, Doc::Standard);
        assert!(!e.is_empty());
        let pruned = prune(&root, &e);
        let s: Standard = crate::de::from_node(&pruned).unwrap();
        assert_eq!(s.note.as_deref(), Some("n"));
    }
}
