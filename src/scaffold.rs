//! Authoring: `stdkit init` (a new system) and `stdkit new` (a new standard from a template).
//!
//! `init` writes the files of `examples/minimal/`, embedded at build time, plus the JSON Schemas
//! their `yaml-language-server` lines point at; a test keeps the two identical. `new` renders the
//! skeleton of a kind (`templates/new/<kind>.yaml`, embedded; a system overrides it with its own
//! `<root>/templates/new/<kind>.yaml`) with the next free id of the node, and writes it beside
//! the node's other standards. Nothing here prints; the CLI reports what was written.

use crate::model::kinds::KINDS;
use crate::model::records::RecordKind;
use crate::model::{Category, Kind};
use crate::system::{Loaded, OUTPUT_DIR, System};
use crate::yaml::{self, ScalarType};
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files `stdkit init` writes (besides `schema/`): exactly `examples/minimal/`.
pub const INIT_FILES: &[(&str, &str)] = &[
    (
        "stdkit.yaml",
        include_str!("../examples/minimal/stdkit.yaml"),
    ),
    (".gitignore", include_str!("../examples/minimal/.gitignore")),
    (
        "catalogue/posts.yaml",
        include_str!("../examples/minimal/catalogue/posts.yaml"),
    ),
    (
        "catalogue/items.yaml",
        include_str!("../examples/minimal/catalogue/items.yaml"),
    ),
    (
        "catalogue/assets.yaml",
        include_str!("../examples/minimal/catalogue/assets.yaml"),
    ),
    (
        "100-basic/101-001.yaml",
        include_str!("../examples/minimal/100-basic/101-001.yaml"),
    ),
    (
        "100-basic/102-001.yaml",
        include_str!("../examples/minimal/100-basic/102-001.yaml"),
    ),
    (
        "100-basic/104-001.yaml",
        include_str!("../examples/minimal/100-basic/104-001.yaml"),
    ),
    (
        "200-quality/201-001.yaml",
        include_str!("../examples/minimal/200-quality/201-001.yaml"),
    ),
    (
        "200-quality/202-001.yaml",
        include_str!("../examples/minimal/200-quality/202-001.yaml"),
    ),
    (
        "300-management/303-001.yaml",
        include_str!("../examples/minimal/300-management/303-001.yaml"),
    ),
    (
        "400-work/401-001.yaml",
        include_str!("../examples/minimal/400-work/401-001.yaml"),
    ),
    (
        "400-work/404-001.yaml",
        include_str!("../examples/minimal/400-work/404-001.yaml"),
    ),
];

/// The folder of the JSON Schemas, relative to the root.
pub const SCHEMA_DIR: &str = "schema";

/// Every file of a new system, as (path relative to the root, text), in writing order.
pub fn init_files() -> Result<Vec<(PathBuf, String)>> {
    let mut files: Vec<(PathBuf, String)> = INIT_FILES
        .iter()
        .map(|(p, t)| (PathBuf::from(p), (*t).to_string()))
        .collect();
    for (name, schema) in crate::schema::all() {
        let mut text = serde_json::to_string_pretty(&schema)?;
        text.push('\n');
        files.push((Path::new(SCHEMA_DIR).join(name), text));
    }
    Ok(files)
}

/// Writes a new system into `dir` (created if needed). Refuses, writing nothing, when any of
/// the files already exists. Returns the paths written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        bail!(said!(
            "`{}` exists and is not a folder",
            "`{}` 已存在且不是文件夹",
            dir.display()
        ));
    }
    let files = init_files()?;
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| dir.join(p).symlink_metadata().is_ok())
        .map(|(p, _)| dir.join(p).display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite existing files: {} (init makes a new system; remove them or choose another folder)",
            existing.join(", ")
        );
    }
    let mut written = Vec::with_capacity(files.len());
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", parent.display()))?;
        }
        crate::output::write_new_atomic(&path, text.as_bytes())?;
        written.push(rel);
    }
    Ok(written)
}

// ---------------------------------------------------------------- new

/// The embedded skeleton of each kind (`templates/new/<kind>.yaml`).
pub fn builtin_template(kind: Kind) -> &'static str {
    kind.facts().skeleton
}

/// The built-in skeletons as (path relative to a system's `templates/`, text): `new/item.yaml`
/// …, for writing them out to be edited.
pub fn builtin_templates() -> Vec<(String, &'static str)> {
    KINDS
        .iter()
        .map(|k| (format!("new/{}.yaml", k.name), k.skeleton))
        .collect()
}

/// Where a system keeps its own skeletons, relative to the root.
pub const TEMPLATE_DIR: &str = "templates/new";

/// The variables a template may use, with what they hold.
pub const VARIABLES: &[(&str, &str)] = &[
    ("id", "the new standard's id, e.g. 202-035"),
    ("title", "the title (--title, or a placeholder)"),
    ("kind", "the kind, e.g. item"),
    ("node", "the node code, e.g. 202"),
    ("node_name", "the node's name, e.g. 项目办理规程"),
    ("organisation", "`organisation` of stdkit.yaml"),
    ("code", "`code` of stdkit.yaml (企业代号)"),
    (
        "schema",
        "relative path from the new file to schema/standard.schema.json",
    ),
    (
        "item_code",
        "the item's code (`new item --item CODE`; else a placeholder)",
    ),
    (
        "item_name",
        "the item's name in the items catalogue (else a placeholder)",
    ),
    (
        "item_type",
        "the item's type, e.g. 行政许可 (else a placeholder)",
    ),
    (
        "item_subject",
        "the item's department, its 实施机关 (else a placeholder)",
    ),
    (
        "post",
        "the post's id (`new work --post ID`; else a placeholder)",
    ),
    (
        "post_name",
        "the post's name in the posts catalogue (else a placeholder)",
    ),
];

/// The title of a new standard when none is given.
pub const TITLE_PLACEHOLDER: &str = "【待填写：标准名称】";

/// What `stdkit new` is asked for.
#[derive(Clone, Debug)]
pub struct NewRequest<'a> {
    pub kind: Kind,
    pub node: &'a str,
    pub title: Option<&'a str>,
    /// `new item --item CODE`: the entry of the items catalogue the procedure is for.
    pub item: Option<&'a str>,
    /// `new work --post ID`: the entry of the posts catalogue the standard is for.
    pub post: Option<&'a str>,
}

/// Template variables by name.
type Vars = Vec<(&'static str, String)>;

/// What the catalogues know about the entry a new standard is for: template variables, and
/// the title it gets when none is given (`企业设立登记办理规程`, `综合受理窗口工作人员工作标准`).
fn catalogue_vars(system: &System, req: &NewRequest) -> Result<(Vars, Option<String>)> {
    let hole = |what: &str| format!("【待填写：{what}】");
    let mut vars = vec![
        ("item_code", hole("事项编码，应为事项目录中的 id")),
        ("item_name", hole("事项名称")),
        (
            "item_type",
            hole("事项类型，如 行政许可、行政确认、公共服务"),
        ),
        ("item_subject", hole("办理主体（实施机关）")),
        ("post", hole("岗位 id，应为岗位目录中的 id")),
        ("post_name", hole("岗位名称")),
    ];
    let set = |vars: &mut Vars, k: &str, v: Option<&String>| {
        if let (Some(slot), Some(v)) = (vars.iter_mut().find(|(n, _)| *n == k), v)
            && !v.trim().is_empty()
        {
            slot.1 = v.clone();
        }
    };
    let mut title = None;
    if let Some(code) = req.item {
        if req.kind != Kind::Item {
            bail!("--item is for `stdkit new item`");
        }
        let index = crate::index::Index::new(&system.standards, &system.sys);
        let Some(&i) = index.items.get(code) else {
            bail!(
                "no item `{code}` in the items catalogue{}",
                did_you_mean(index.suggest_item(code))
            );
        };
        let e = &system.sys.items.entries[i];
        fn covering(l: &Loaded) -> Option<&str> {
            let item = l.std.item.as_ref()?;
            item.code.as_ref().map(|c| c.value.as_str())
        }
        refuse_covered(system, code, covering, ("item", "its procedure"))?;
        set(&mut vars, "item_code", Some(&code.to_string()));
        set(&mut vars, "item_name", e.name.as_ref());
        set(&mut vars, "item_type", e.item_type.as_ref());
        set(&mut vars, "item_subject", e.department.as_ref());
        title = e.name.as_ref().map(|n| format!("{n}办理规程"));
    }
    if let Some(id) = req.post {
        if req.kind != Kind::Work {
            bail!("--post is for `stdkit new work`");
        }
        let index = crate::index::Index::new(&system.standards, &system.sys);
        let Some(&i) = index.posts.get(id) else {
            bail!(
                "no post `{id}` in the posts catalogue{}",
                did_you_mean(index.suggest_post(id))
            );
        };
        let e = &system.sys.posts.entries[i];
        fn covering(l: &Loaded) -> Option<&str> {
            let work = l.std.work.as_ref()?;
            work.post.as_ref().map(|p| p.value.as_str())
        }
        refuse_covered(system, id, covering, ("post", "its work standard"))?;
        set(&mut vars, "post", Some(&id.to_string()));
        set(&mut vars, "post_name", e.name.as_ref());
        title = e.name.as_ref().map(|n| format!("{n}工作标准"));
    }
    Ok((vars, title))
}

/// `; did you mean `x`?` for a suggestion, else nothing.
fn did_you_mean(near: Option<String>) -> String {
    near.map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

/// Refuses a catalogue entry that a standard not superseded or abolished already covers:
/// that one is to be revised, not written again.
fn refuse_covered(
    system: &System,
    id: &str,
    covering: fn(&Loaded) -> Option<&str>,
    what: (&str, &str),
) -> Result<()> {
    let retired = |l: &Loaded| l.std.status.as_ref().is_some_and(|s| s.value.is_retired());
    let taken = system
        .standards
        .iter()
        .find(|l| !retired(l) && covering(l) == Some(id));
    if let Some(t) = taken {
        bail!(
            "{} `{id}` already has {}: {} ({}); revise that one instead",
            what.0,
            what.1,
            t.std.id().unwrap_or_default(),
            t.file
        );
    }
    Ok(())
}

/// The node a new standard for a catalogue entry goes to when `--node` is not given: the one
/// node holding the existing standards of its kind.
pub fn node_for_kind(system: &System, kind: Kind) -> Result<String> {
    let mut nodes: Vec<&str> = system
        .standards
        .iter()
        .filter(|l| l.std.kind == Some(kind))
        .filter_map(|l| l.std.id.as_ref())
        .filter_map(|id| id.value.as_str().split_once('-').map(|x| x.0))
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    match nodes.as_slice() {
        [one] => Ok(one.to_string()),
        [] => bail!(
            "no standard of kind `{}` yet to take the node from: give --node CODE",
            kind.as_str()
        ),
        many => bail!(
            "standards of kind `{}` sit in nodes {}: give --node CODE",
            kind.as_str(),
            many.join(", ")
        ),
    }
}

/// What `stdkit new` wrote.
#[derive(Clone, Debug)]
pub struct Created {
    pub id: String,
    /// Relative to the root.
    pub rel: PathBuf,
    /// The system's own template, when one was used instead of the built-in one.
    pub template: Option<PathBuf>,
}

/// Writes a new standard of `req.kind` in node `req.node` of a loaded system: the next free id
/// of the node, the kind's skeleton (the system's `templates/new/<kind>.yaml` if it has one).
pub fn new_standard(system: &System, req: &NewRequest) -> Result<Created> {
    let sys = &system.sys;
    let Some(ni) = sys.node(req.node) else {
        let codes = sys.nodes.iter().map(|n| n.code.as_str());
        let hint = match crate::diag::did_you_mean(req.node, codes) {
            Some(c) => format!("; did you mean `{c}`?"),
            None => {
                let leaves: Vec<&str> = sys
                    .nodes
                    .iter()
                    .filter(|n| n.children.is_empty())
                    .map(|n| n.code.as_str())
                    .collect();
                format!("; its nodes are {}", leaves.join(", "))
            }
        };
        bail!(
            "no node `{}` in the structure of `{}`{hint}",
            req.node,
            sys.file
        );
    };
    let node = &sys.nodes[ni];
    let folder = folder_for(system, ni);
    let (id, rel) = next_id(system, &node.code, &folder);

    let (template, source) = match user_template(&system.root.dir, req.kind)? {
        Some((text, path)) => (text, Some(path)),
        None => (builtin_template(req.kind).to_string(), None),
    };
    let schema = schema_path(system, &rel);
    let (known, known_title) = catalogue_vars(system, req)?;
    let title = req
        .title
        .or(known_title.as_deref())
        .unwrap_or(TITLE_PLACEHOLDER);
    let mut vars: BTreeMap<&str, String> = [
        ("id", id.clone()),
        ("title", title.to_string()),
        ("kind", req.kind.as_str().to_string()),
        ("node", node.code.clone()),
        ("node_name", node.name.clone()),
        (
            "organisation",
            sys.config.organisation.clone().unwrap_or_default(),
        ),
        ("code", sys.code().to_string()),
        ("schema", schema),
    ]
    .into_iter()
    .collect();
    vars.extend(known);
    let shown = source.as_ref().map_or_else(
        || format!("built-in template `{}`", req.kind.as_str()),
        |p| format!("`{}`", p.display()),
    );
    let text = render(&template, &vars).with_context(|| format!("in {shown}"))?;
    verify(&text, &id, req.kind).with_context(|| format!("in {shown}"))?;

    let path = system.root.dir.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", parent.display()))?;
    }
    crate::output::write_new_atomic(&path, text.as_bytes())?;
    Ok(Created {
        id,
        rel,
        template: source,
    })
}

/// The `$schema` path for a new file at `rel`: as a standard in the same folder has it, else
/// to the nearest `schema/standard.schema.json` at or above the root (the default system keeps
/// its schemas beside its root), else to `<root>/schema/` (where `init` writes them).
pub fn schema_path(system: &System, rel: &Path) -> String {
    const LINE: &str = "# yaml-language-server: $schema=";
    let folder = rel.parent().unwrap_or(Path::new(""));
    let sibling = system
        .standards
        .iter()
        .filter(|l| l.rel.parent().unwrap_or(Path::new("")) == folder)
        .find_map(|l| {
            let text = std::fs::read_to_string(system.root.dir.join(&l.rel)).ok()?;
            let first = text.lines().next()?;
            first
                .strip_prefix(LINE)
                .filter(|p| p.ends_with("standard.schema.json"))
                .map(|p| p.trim().to_string())
        });
    if let Some(p) = sibling {
        return p;
    }
    let depth = rel.components().count().saturating_sub(1);
    let mut up = 0;
    let mut dir = Some(system.root.dir.as_path());
    while let Some(d) = dir {
        if d.join(SCHEMA_DIR).join("standard.schema.json").is_file() {
            return format!(
                "{}{SCHEMA_DIR}/standard.schema.json",
                "../".repeat(depth + up)
            );
        }
        // Not past the repository (or a folder that is no project at all).
        if d.join(".git").exists() || up >= 8 {
            break;
        }
        dir = d.parent();
        up += 1;
    }
    format!("{}{SCHEMA_DIR}/standard.schema.json", "../".repeat(depth))
}

/// The system's own template for a kind, if it has one.
fn user_template(root: &Path, kind: Kind) -> Result<Option<(String, PathBuf)>> {
    let rel = Path::new(TEMPLATE_DIR).join(format!("{}.yaml", kind.as_str()));
    let path = root.join(&rel);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the template `{}`", path.display()))?;
    Ok(Some((text, rel)))
}

/// The folder for a new standard of node `ni`: where the node's standards are (the one with
/// the highest id), else where standards of its top-level node are, else `<code>-<category>/`
/// at the root (`200-quality/`), the layout of `stdkit init`.
pub fn folder_for(system: &System, ni: usize) -> PathBuf {
    let sys = &system.sys;
    let parent_of = |l: &crate::system::Loaded| l.rel.parent().map(Path::to_path_buf);
    let mut same_node: Vec<&crate::system::Loaded> = system
        .standards
        .iter()
        .filter(|l| l.std.node() == Some(sys.nodes[ni].code.as_str()))
        .collect();
    same_node.sort_by(|a, b| a.std.id().cmp(&b.std.id()));
    if let Some(dir) = same_node.last().and_then(|l| parent_of(l)) {
        return dir;
    }
    let top = sys.top(ni);
    let mut same_top: Vec<&crate::system::Loaded> = system
        .standards
        .iter()
        .filter(|l| {
            l.std
                .node()
                .and_then(|n| sys.node(n))
                .is_some_and(|i| sys.top(i) == top)
        })
        .collect();
    same_top.sort_by(|a, b| a.std.id().cmp(&b.std.id()));
    if let Some(dir) = same_top.last().and_then(|l| parent_of(l)) {
        return dir;
    }
    let n = &sys.nodes[top];
    let slug = match n.category {
        Some(Category::Basic) => "-basic",
        Some(Category::Quality) => "-quality",
        Some(Category::Management) => "-management",
        Some(Category::Work) => "-work",
        None => "",
    };
    let dir = PathBuf::from(format!("{}{slug}", n.code));
    // Never into a folder that `load` skips.
    if matches!(
        dir.to_str(),
        Some("templates" | "records" | "schema" | OUTPUT_DIR)
    ) {
        return PathBuf::from(format!("{}-standards", n.code));
    }
    dir
}

/// The next free id of `node`: one past the highest sequence in use (ids of loaded standards,
/// and file names `<node>-<n>.yaml` in `folder`, so an unreadable file's id is not reused),
/// as wide as the widest sequence in use (at least 3 digits); and its file in `folder`.
pub fn next_id(system: &System, node: &str, folder: &Path) -> (String, PathBuf) {
    let prefix = format!("{node}-");
    let seq = |id: &str| -> Option<(u64, usize)> {
        let s = id.strip_prefix(&prefix)?;
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok().map(|n| (n, s.len())))
            .flatten()
    };
    let mut max = 0u64;
    let mut width = 3usize;
    let ids = system.standards.iter().filter_map(|l| l.std.id());
    let mut stems = Vec::new();
    if let Ok(rd) = std::fs::read_dir(system.root.dir.join(folder)) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
            {
                stems.push(stem.to_string());
            }
        }
    }
    for id in ids.chain(stems.iter().map(String::as_str)) {
        if let Some((n, w)) = seq(id) {
            max = max.max(n);
            width = width.max(w);
        }
    }
    let taken = |id: &str, rel: &Path| {
        system.standards.iter().any(|l| l.std.id() == Some(id))
            || system.root.dir.join(rel).exists()
            || system.root.dir.join(rel.with_extension("yml")).exists()
    };
    let mut n = max + 1;
    loop {
        let id = format!("{prefix}{n:0width$}");
        let rel = folder.join(format!("{id}.yaml"));
        if !taken(&id, &rel) {
            return (id, rel);
        }
        n += 1;
    }
}

/// Fills in a template: `{{name}}` is the variable's text as it is; `{{name|yaml}}` is it as a
/// YAML scalar, quoted when plain text would be read otherwise. An unknown name is an error.
pub fn render(template: &str, vars: &BTreeMap<&str, String>) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            bail!("unclosed `{{{{` in the template");
        };
        let inner = after[..end].trim();
        let (name, filter) = match inner.split_once('|') {
            Some((n, f)) => (n.trim(), Some(f.trim())),
            None => (inner, None),
        };
        let Some(value) = vars.get(name) else {
            let known: Vec<&str> = VARIABLES.iter().map(|(n, _)| *n).collect();
            bail!(
                "unknown variable `{name}` in the template (known: {})",
                known.join(", ")
            );
        };
        match filter {
            None => out.push_str(value),
            Some("yaml") => out.push_str(&yaml_scalar(value)),
            Some(f) => bail!("unknown filter `{f}` in the template (known: yaml)"),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `s` as a YAML scalar that reads back as the text `s`: plain when that is safe, else
/// double-quoted (a JSON string is a valid YAML double-quoted scalar).
pub fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(char::is_control)
        && yaml::scalar_type(s, true) == ScalarType::Str;
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// A rendered template must be one YAML mapping naming the new id and the kind asked for.
fn verify(text: &str, id: &str, kind: Kind) -> Result<()> {
    let parsed = yaml::parse(text);
    if let Some(e) = parsed.errors.first() {
        bail!(
            "the rendered skeleton is not valid YAML at line {}, column {}: {}",
            e.span.start.line,
            e.span.start.col,
            e.detail
        );
    }
    let Some(root) = parsed.root.filter(|r| r.as_map().is_some()) else {
        bail!("the rendered skeleton is not a mapping of fields");
    };
    if root.get("id").and_then(|n| n.as_str()) != Some(id) {
        bail!("the rendered skeleton must have `id: \"{{{{id}}}}\"`");
    }
    if root.get("kind").and_then(|n| n.as_str()) != Some(kind.as_str()) {
        bail!("the rendered skeleton must have `kind: {}`", kind.as_str());
    }
    Ok(())
}

/// The record kinds `stdkit new` writes: (kind, folder below `records/`, id prefix).
pub const NEW_RECORDS: &[(RecordKind, &str, &str)] = &[
    (RecordKind::Training, "training", "PX"),
    (RecordKind::Inspection, "inspections", "JC"),
    (RecordKind::Audit, "audits", "NS"),
    (RecordKind::Review, "reviews", "PS"),
    (RecordKind::Action, "actions", "ZG"),
];

/// Writes a new record of `kind` (docs/compliance.md, Scaffolds): `records/<folder>/<id>.yaml`,
/// id `<prefix>-<year of date>-<nnn>` one above the highest of that prefix and year (among the
/// records loaded and the files of the folder), every required field present, `date` filled,
/// and `# TODO` on what to fill, naming staff, posts and standards of the system. Never
/// overwrites. `Err` (exit 2) without `compliance:`.
pub fn new_record(
    system: &System,
    kind: RecordKind,
    title: Option<&str>,
    date: crate::model::Date,
) -> Result<Created> {
    let Some(records) = &system.records else {
        bail!(
            "`stdkit new {}` needs a `compliance:` block in `{}` (see docs/compliance.md)",
            kind.as_str(),
            system.sys.file
        );
    };
    let Some(&(_, folder, prefix)) = NEW_RECORDS.iter().find(|(k, ..)| *k == kind) else {
        bail!("`stdkit new` does not write `record: {}`", kind.as_str());
    };
    let stem = format!("{prefix}-{}-", date.year());
    let seq = |id: &str| id.strip_prefix(&stem).and_then(|n| n.parse::<u32>().ok());
    let dir = system.root.dir.join("records").join(folder);
    let on_disk = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".yaml").or(name.strip_suffix(".yml"))?;
            seq(stem)
        });
    let next = records
        .list
        .iter()
        .filter_map(|r| r.record.id().and_then(|i| seq(i.value.as_str())))
        .chain(on_disk)
        .max()
        .map_or(1, |n| n + 1);
    let id = format!("{stem}{next:03}");
    let rel = Path::new("records").join(folder).join(format!("{id}.yaml"));
    let text = record_skeleton(system, kind, &id, title, date);
    let path = system.root.dir.join(&rel);
    std::fs::create_dir_all(&dir)
        .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", dir.display()))?;
    crate::output::write_new_atomic(&path, text.as_bytes())?;
    Ok(Created {
        id,
        rel,
        template: None,
    })
}

/// The skeleton of a new record: valid YAML, the required fields filled with the system's own
/// first staff id, post and standard as examples, each marked `# TODO`.
fn record_skeleton(
    system: &System,
    kind: RecordKind,
    id: &str,
    title: Option<&str>,
    date: crate::model::Date,
) -> String {
    let staff = system.records.as_ref().and_then(|r| {
        r.staff.entries.iter().find_map(|s| {
            let id = s.id.as_ref()?.value.0.clone();
            Some(match &s.name {
                Some(n) => (id.clone(), format!("{id} {n}")),
                None => (id.clone(), id),
            })
        })
    });
    let (staff, staff_shown) = staff.unwrap_or_else(|| ("S-001".into(), "S-001".into()));
    let post = system.sys.posts.entries.iter().find_map(|p| {
        let id = p.id.as_ref()?.value.0.clone();
        Some((
            id.clone(),
            format!("{id} {}", p.name.clone().unwrap_or_default()),
        ))
    });
    let (post, post_shown) = post.unwrap_or_else(|| ("P-001".into(), "P-001".into()));
    let standard = system
        .standards
        .iter()
        .filter(|l| {
            l.std.status().is_some_and(|s| s.is_existing())
                && !matches!(
                    l.std.kind,
                    Some(Kind::Terms | Kind::Symbols | Kind::External)
                )
        })
        .find_map(|l| {
            let id = l.std.id()?.to_string();
            Some((
                id.clone(),
                format!("{id} {}", l.std.title.clone().unwrap_or_default()),
            ))
        });
    let (standard, standard_shown) =
        standard.unwrap_or_else(|| ("101-001".into(), "101-001".into()));
    let q = yaml_scalar;
    // Where the schemas are: `schema/` of the root (as `init` writes it), else beside the root
    // (the default system's).
    let up = if !system.root.dir.join("schema").is_dir()
        && system
            .root
            .dir
            .join("../schema/record.schema.json")
            .is_file()
    {
        "../../../schema"
    } else {
        "../../schema"
    };
    let schema = format!("# yaml-language-server: $schema={up}/record.schema.json\n");
    let body = match kind {
        RecordKind::Training => format!(
            "record: training\nid: {id}\ntitle: {}   # TODO: 培训名称, e.g. 《…》宣贯培训\ndate: {date}\nhours: 2                # TODO: 学时\nform: lecture           # lecture 集中授课 · meeting 会议宣贯 · online · onsite 现场示范 · self 自学 · exam 考试\nlecturer: {}           # TODO: 授课人\nstandards: [{}]   # TODO: the standards taught (ids), e.g. {standard_shown}; or `topic:` for general training\naudience: {{posts: [{}]}}   # TODO: who should attend: posts (e.g. {post_shown}), departments, staff, or all: true\nattendees:              # TODO: staff ids who signed in (e.g. {staff_shown}); or {{staff, assessment, score, passed}}\n  - {}\nabsent: []              # TODO: audience members who did not attend: {{staff, reason, makeup}}\nevidence: []            # TODO: the 签到表 and photos: {{file: records/evidence/…, kind: signin}}\n",
            q(title.unwrap_or("宣贯培训")),
            q(staff_shown
                .split_once(' ')
                .map_or(&*staff_shown, |(_, n)| n)),
            q(&standard),
            q(&post),
            q(&staff),
        ),
        RecordKind::Inspection => format!(
            "record: inspection\nid: {id}\ntitle: {}\ndate: {date}\ntype: periodic          # routine 日常 · periodic 定期 · special 专项 · self 自查 · spot 抽查 · cross 交叉 · external 上级/第三方\ninspectors: [{}]   # TODO: staff ids of the inspectors (e.g. {staff_shown})\nchecks:                 # TODO: one row per standard checked (e.g. {standard_shown})\n  - {{standard: {}, result: conform, observed: 抽查情况}}   # conform 符合 · partial 基本符合 · nonconform 不符合 · na 不适用\nfindings: []            # TODO: for every partial or nonconform row: {{id: {id}-F1, standard, description, grade, actions: [{{id: {id}-A1, description, owner, due}}]}}\n",
            q(title.unwrap_or("标准实施检查")),
            q(&staff),
            q(&standard),
        ),
        RecordKind::Audit => format!(
            "record: audit\nid: {id}\ntitle: {}\ndate: {date}             # first day on site\ntype: routine           # routine 例行 · special 临时\ncriteria: all           # or a list of standards\nteam: {{leader: {}, members: []}}   # TODO: the 内审小组 (staff ids, e.g. {staff_shown}); auditors do not audit their own department\nchecklist:              # TODO: the 内审检查表, one row per question (e.g. on {standard_shown})\n  - {{item: 检查内容, standard: {}, result: conform}}\nnonconformities: []     # TODO: {{id: {id}-N1, standard, department, description, grade, cause, correction, actions: [{{id: {id}-A1, description, owner, due}}]}}\nconclusion: 审核结论   # TODO: 审核结论\n",
            q(title.unwrap_or("内部审核")),
            q(&staff),
            q(&standard),
        ),
        RecordKind::Review => format!(
            "record: review\nid: {id}\ntitle: {}\ndate: {date}\nperiod: {}            # TODO: the period reviewed\ntype: management_review # management_review 管理评审 · improvement_meeting 持续改进会 · summary 标准化工作总结\nchair: {}          # TODO: staff id of the chair (e.g. {staff_shown})\nattendees: [{}]   # TODO: staff ids\nsystem_evaluation: {{completeness: 待填写, coordination: 待填写, applicability: 待填写, effectiveness: 待填写}}   # TODO: 标准体系评价\ndecisions: []           # TODO: {{id: {id}-D1, description, owner, due, kind: improvement, standard_change: {{standard, change: revise}}}}\n",
            q(title.unwrap_or("管理评审")),
            date.year() - 1,
            q(&staff),
            q(&staff),
        ),
        RecordKind::Action => format!(
            "record: action\nid: {id}\ntitle: {}\ndate: {date}             # the day raised\ndescription: 整改措施   # TODO: what is to be done\nowner: {}          # TODO: staff id (e.g. {staff_shown}) or department\ndue: {}            # TODO: 完成期限\nkind: corrective        # correction 纠正 · corrective 纠正措施 · preventive 预防措施 · improvement 改进\nsource: {{}}              # TODO: inspection, audit, review or complaint: the record id; or evaluation, case\n",
            q(title.unwrap_or("整改措施")),
            q(&staff),
            crate::compliance::add_days(date, 30),
        ),
        _ => String::new(),
    };
    format!("{schema}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_round_trip() {
        for s in [
            "企业设立登记办理规程",
            "【待填写：标准名称】",
            "a: b",
            "100",
            "true",
            "- x",
            " padded",
            "say \"hi\"",
            "#1",
            "",
        ] {
            let doc = format!("t: {}\n", yaml_scalar(s));
            let p = yaml::parse(&doc);
            assert!(p.errors.is_empty(), "{doc}");
            let root = p.root.unwrap();
            let n = root.get("t").unwrap();
            let plain_text = match &n.value {
                yaml::Value::Scalar { text, plain } => {
                    assert!(!*plain || yaml::scalar_type(text, true) == ScalarType::Str);
                    text.clone()
                }
                other => panic!("{s:?} → {other:?}"),
            };
            assert_eq!(plain_text, s);
        }
        assert_eq!(yaml_scalar("企业设立登记办理规程"), "企业设立登记办理规程");
    }

    #[test]
    fn render_variables_and_errors() {
        let vars: BTreeMap<&str, String> =
            [("id", "202-001".to_string()), ("title", "a: b".to_string())]
                .into_iter()
                .collect();
        assert_eq!(
            render("id: \"{{id}}\"\ntitle: {{ title | yaml }}\n", &vars).unwrap(),
            "id: \"202-001\"\ntitle: \"a: b\"\n"
        );
        assert!(render("{{nope}}", &vars).is_err());
        assert!(render("{{id|upper}}", &vars).is_err());
        assert!(render("{{id", &vars).is_err());
    }

    #[test]
    fn every_builtin_template_renders_and_parses() {
        for kind in KINDS.iter().map(|k| k.kind) {
            let vars: BTreeMap<&str, String> = VARIABLES
                .iter()
                .map(|(n, _)| (*n, format!("v-{n}")))
                .chain([
                    ("id", "101-009".to_string()),
                    ("title", TITLE_PLACEHOLDER.to_string()),
                ])
                .collect();
            let text = render(builtin_template(kind), &vars).unwrap();
            verify(&text, "101-009", kind).unwrap();
            assert!(text.starts_with("# yaml-language-server: $schema=v-schema\n"));
        }
        assert_eq!(builtin_templates().len(), 8);
        assert_eq!(builtin_templates()[2].0, "new/item.yaml");
    }
}
