//! Authoring and change control end to end: `init`, `new`, `diff`, `check --since` (H001–H003,
//! and A060 on the records of the compliance half, with `allow:` on a record), `completions`
//! and `man`. The change tests build small git repositories in temporary folders
//! (`git init`, a local user, two commits).

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn stdkit() -> Command {
    Command::cargo_bin("stdkit").unwrap()
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir` (hidden ones too), by relative path with `/`.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != ".git" && n != "build") {
                    stack.push(p);
                }
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// Replaces `from` (which must occur) by `to` in a file.
fn edit(p: &Path, from: &str, to: &str) {
    let text = read(p);
    assert!(text.contains(from), "`{from}` not in {}", p.display());
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

/// `stdkit init DIR`, quietly.
fn init(dir: &Path) {
    stdkit().arg("init").arg(dir).arg("-q").assert().code(0);
}

/// A new system in a new temporary folder.
fn new_system() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    init(&t.path().join("sys"));
    t
}

/// `check ROOT --format json [extra]` run in `cwd`: exit code and diagnostics.
fn check_json(cwd: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let out = stdkit()
        .current_dir(cwd)
        .args(["check", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "no JSON: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap(),
        v["diagnostics"].as_array().unwrap().clone(),
    )
}

fn codes<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

fn errors(diags: &[Value]) -> Vec<&Value> {
    diags.iter().filter(|d| d["severity"] == "error").collect()
}

// ---------------------------------------------------------------- init

#[test]
fn init_writes_examples_minimal_and_the_schemas() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("x");
    init(&dir);
    let mut written = files(&dir);
    let schemas: BTreeMap<String, Vec<u8>> = written
        .iter()
        .filter(|(k, _)| k.starts_with("schema/"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    written.retain(|k, _| !k.starts_with("schema/"));
    // Exactly examples/minimal/, byte for byte.
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        files(&manifest().join("examples/minimal"))
            .keys()
            .collect::<Vec<_>>()
    );
    assert_eq!(written, files(&manifest().join("examples/minimal")));
    // And the schemas, as `stdkit schema` writes them (the committed schema/ folder).
    let committed: BTreeMap<String, Vec<u8>> = files(&manifest().join("schema"))
        .into_iter()
        .map(|(k, v)| (format!("schema/{k}"), v))
        .collect();
    assert_eq!(schemas, committed);
    // Every YAML file opts in to its schema, and the path resolves.
    for (rel, text) in &written {
        if !rel.ends_with(".yaml") {
            continue;
        }
        let text = String::from_utf8_lossy(text);
        let first = text.lines().next().unwrap();
        let path = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{rel}: no schema line"));
        let target = dir.join(rel).parent().unwrap().join(path);
        assert!(target.is_file(), "{rel}: {path} does not resolve");
    }
    // The output folder is ignored.
    assert!(read(&dir.join(".gitignore")).contains("/build/"));
}

#[test]
fn init_checks_clean_at_once() {
    let t = new_system();
    let dir = t.path().join("sys");
    let out = stdkit().arg("check").arg(&dir).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("0 errors"), "{text}");
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 0);
    // The only warnings are the blind spots of a tiny system, explained in stdkit.yaml.
    assert!(diags.iter().all(|d| d["code"] == "C002"), "{diags:#?}");
    assert!(read(&dir.join("stdkit.yaml")).contains("C002"));
}

#[test]
fn init_refuses_to_overwrite() {
    let t = new_system();
    let dir = t.path().join("sys");
    std::fs::write(dir.join("stdkit.yaml"), "mine\n").unwrap();
    let out = stdkit().arg("init").arg(&dir).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("refusing to overwrite"), "{err}");
    assert_eq!(read(&dir.join("stdkit.yaml")), "mine\n");
    // A folder holding other files is fine.
    let other = t.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("README.md"), "hi\n").unwrap();
    init(&other);
    assert_eq!(read(&other.join("README.md")), "hi\n");
}

// ---------------------------------------------------------------- new

/// `stdkit new ARGS` in `cwd`; the path it prints.
fn new(cwd: &Path, args: &[&str]) -> String {
    let out = stdkit()
        .current_dir(cwd)
        .arg("new")
        .args(args)
        .assert()
        .code(0);
    String::from_utf8_lossy(&out.get_output().stdout)
        .trim_end()
        .to_string()
}

#[test]
fn new_item_is_flagged_until_filled() {
    let t = new_system();
    let dir = t.path().join("sys");
    // Run from the root: the path is relative to the current folder.
    let path = new(&dir, &["item", "--node", "202"]);
    assert_eq!(path, "200-quality/202-002.yaml");
    let file = dir.join(&path);
    let text = read(&file);
    assert!(text.starts_with("# yaml-language-server: $schema=../schema/standard.schema.json\n"));
    assert!(text.contains("id: \"202-002\"\n") && text.contains("status: drafting\n"));
    for field in [
        "basis:",
        "materials:",
        "steps:",
        "promised_limit",
        "fees:",
        "disclosure:",
    ] {
        assert!(text.contains(field), "{field}");
    }

    // Drafting: warnings only, S008 at every placeholder and S002 for the numbers left out.
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(errors(&diags).is_empty());
    let s008 = codes(&diags, "S008");
    assert!(s008.len() >= 10, "{s008:#?}");
    assert!(s008.iter().all(|d| d["file"] == path.as_str()));
    let s002: Vec<String> = codes(&diags, "S002")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    for f in [
        "item.handling",
        "item.statutory_limit",
        "item.promised_limit",
        "item.steps[0].days",
    ] {
        assert!(s002.iter().any(|m| m.contains(f)), "{f}: {s002:?}");
    }
    // Every placeholder is reported at its value.
    let item_code = s008
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`item.code`"))
        .unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("  code: 【待填写"))
        .unwrap()
        + 1;
    assert_eq!(item_code["line"], line);
    assert_eq!(item_code["column"], 9);

    // From trial on, what is left is an error.
    edit(&file, "status: drafting", "status: trial");
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    assert!(
        codes(&diags, "S008")
            .iter()
            .all(|d| d["severity"] == "error")
    );
    assert!(!codes(&diags, "S008").is_empty());

    // Filled in: no S008, no S002, and it checks clean even in trial.
    let mut filled = read(&file);
    for (from, to) in [
        ("# handling: promised", "handling: promised"),
        ("# days: 0.5", "days: 0.5"),
        ("# statutory_limit: 20", "statutory_limit: 20"),
        ("# promised_limit: 5", "promised_limit: 5"),
        (
            "code: 【待填写：事项编码，应为事项目录中的 id】",
            "code: \"340300-XK-0001\"",
        ),
    ] {
        assert!(filled.contains(from), "{from}");
        filled = filled.replacen(from, to, 1);
    }
    while let Some(start) = filled.find("【待填写") {
        let end = start + filled[start..].find('】').unwrap() + '】'.len_utf8();
        filled.replace_range(start..end, "已填写");
    }
    std::fs::write(&file, filled).unwrap();
    let (code, diags) = check_json(&dir, &[]);
    assert!(codes(&diags, "S008").is_empty() && codes(&diags, "S002").is_empty());
    assert_eq!(code, 0, "{:#?}", errors(&diags));
}

/// `new item --item CODE` and `new work --post ID` fill in what the catalogues know, pick the
/// node of the kind's standards, and refuse an entry that already has its standard.
#[test]
fn new_from_a_catalogue_entry_fills_in_what_the_catalogue_knows() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sys");
    crate::common::copy_dir(&manifest().join("standards"), &dir);
    let path = new(&dir, &["item", "--item", "340300-XK-0033"]);
    assert_eq!(path, "200-quality/202-036.yaml");
    let text = read(&dir.join(&path));
    assert!(
        text.contains("title: 城镇污水排入排水管网许可办理规程"),
        "{text}"
    );
    assert!(text.contains("  code: 340300-XK-0033\n"), "{text}");
    assert!(
        text.contains("  name: 城镇污水排入排水管网许可\n"),
        "{text}"
    );
    assert!(text.contains("本文件适用于某市政务服务中心受理、办理城镇污水排入排水管网许可事项。"));
    // What the catalogue knew is no longer a placeholder: no S008 on those fields, no R finding.
    let (_, diags) = check_json(&dir, &[]);
    let here: Vec<&Value> = diags
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("202-036.yaml"))
        .collect();
    assert!(here.iter().all(|d| d["severity"] == "warning"), "{here:?}");
    assert!(
        !here
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("事项编码")),
        "{here:?}"
    );
    let p = new(&dir, &["work", "--post", "P-DT-02", "--node", "404"]);
    let text = read(&dir.join(&p));
    assert!(
        text.contains("title: 帮办代办员工作标准") && text.contains("  post: P-DT-02"),
        "{text}"
    );
    // Refusals: the entry already has its standard; an unknown entry; no node to pick.
    for (args, needle) in [
        (vec!["item", "--item", "340300-XK-0001"], "202-001"),
        (vec!["item", "--item", "340300-XK-9999"], "340300-XK-0009"),
        (vec!["work", "--post", "P-ZH-01"], "--node"),
        (
            vec!["service", "--item", "340300-XK-0034", "--node", "201"],
            "--item",
        ),
    ] {
        let out = stdkit()
            .current_dir(&dir)
            .arg("new")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

/// `revise`, `publish`, `abolish`: the edition helpers leave a system that checks without
/// errors at every step, keep the files' comments, and link the editions both ways.
#[test]
fn revise_publish_and_abolish_keep_the_system_consistent() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sys");
    crate::common::copy_dir(&manifest().join("standards"), &dir);
    let errors_now = |dir: &Path| {
        let (_, diags) = check_json(dir, &[]);
        errors(&diags).into_iter().cloned().collect::<Vec<Value>>()
    };
    assert!(errors_now(&dir).is_empty());
    let old = dir.join("200-quality/202-001.yaml");
    let before = read(&old);
    let out = stdkit()
        .current_dir(&dir)
        .args(["revise", "202-001"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new = dir.join("200-quality/202-036.yaml");
    let draft = read(&new);
    assert!(
        draft.contains("id: \"202-036\"") && draft.contains("status: drafting"),
        "{draft}"
    );
    assert!(
        !draft.contains("published:") && !draft.contains("\nnumber:"),
        "{draft}"
    );
    assert!(
        draft.contains("【待填写：与 Q/ZWZX 202.1—2026 相比的主要技术变化】"),
        "{draft}"
    );
    let old_now = read(&old);
    assert!(old_now.contains("status: revising"), "{old_now}");
    // Only the status line changed: comments and layout as they were.
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(old_now.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, [("status: effective", "status: revising")]);
    assert!(errors_now(&dir).is_empty(), "{:?}", errors_now(&dir));
    // Issued: the number given, the old edition superseded by it, the new one listing it.
    edit(
        &new,
        "【待填写：与 Q/ZWZX 202.1—2026 相比的主要技术变化】",
        "承诺时限由3个工作日压缩为1个工作日",
    );
    stdkit()
        .current_dir(&dir)
        .args([
            "publish",
            "202-036",
            "--date",
            "2026-11-20",
            "--effective",
            "2026-11-25",
            "--number",
            "Q/ZWZX 202.1—2026",
        ])
        .assert()
        .success();
    let issued = read(&new);
    assert!(issued.contains("status: effective") && issued.contains("published: 2026-11-20"));
    assert!(issued.contains("supersedes: [\"202-001\"]"), "{issued}");
    let old_now = read(&old);
    assert!(
        old_now.contains("status: superseded") && old_now.contains("superseded_by: \"202-036\"")
    );
    assert!(errors_now(&dir).is_empty(), "{:?}", errors_now(&dir));
    // Abolished, once; not in the future.
    stdkit()
        .current_dir(&dir)
        .args(["abolish", "201-002", "--date", "2026-11-26"])
        .assert()
        .success();
    let ab = read(&dir.join("200-quality/201-002.yaml"));
    assert!(
        ab.contains("status: abolished") && ab.contains("abolished: 2026-11-26"),
        "{ab}"
    );
    for args in [
        vec!["abolish", "201-002", "--date", "2026-11-26"],
        vec!["abolish", "201-003", "--date", "2027-01-01"],
        vec!["publish", "202-036", "--date", "2027-01-01"],
        vec!["revise", "202-999"],
    ] {
        stdkit().current_dir(&dir).args(&args).assert().code(2);
    }
}

#[test]
fn new_every_kind_checks_without_errors_while_drafting() {
    for (kind, node, path) in [
        ("item", "202", "200-quality/202-002.yaml"),
        ("work", "404", "400-work/404-002.yaml"),
        ("management", "303", "300-management/303-002.yaml"),
        ("service", "201", "200-quality/201-002.yaml"),
        ("terms", "102", "100-basic/102-002.yaml"),
        ("symbols", "104", "100-basic/104-002.yaml"),
        ("general", "401", "400-work/401-002.yaml"),
        // A node without standards: the folder of its top-level node.
        ("general", "205", "200-quality/205-001.yaml"),
    ] {
        let t = new_system();
        let dir = t.path().join("sys");
        assert_eq!(new(&dir, &[kind, "--node", node]), path);
        let text = read(&dir.join(path));
        assert!(text.contains(&format!("kind: {kind}\n")), "{kind}");
        let (code, diags) = check_json(&dir, &[]);
        assert_eq!(code, 0, "{kind}: {:#?}", errors(&diags));
        let mine: Vec<&Value> = diags.iter().filter(|d| d["file"] == path).collect();
        assert!(!mine.is_empty(), "{kind}: the placeholders are reported");
        assert!(
            mine.iter()
                .all(|d| d["code"] == "S008" || d["code"] == "S002"),
            "{kind}: {mine:#?}"
        );
    }
}

#[test]
fn new_external_is_in_force_at_once() {
    let t = new_system();
    let dir = t.path().join("sys");
    let path = new(
        &dir,
        &[
            "external",
            "--node",
            "101",
            "--title",
            "政务服务中心服务规范",
        ],
    );
    assert_eq!(path, "100-basic/101-002.yaml");
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    let mine: Vec<String> = errors(&diags)
        .iter()
        .filter(|d| d["file"] == path.as_str())
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    // Its number is missing (its dates are optional), its placeholders are errors.
    assert!(mine.contains(&"S002".to_string()) && !mine.contains(&"D001".to_string()));
    assert!(mine.contains(&"S008".to_string()));
}

#[test]
fn new_takes_the_next_free_id_title_and_root_argument() {
    let t = new_system();
    let dir = t.path().join("sys");
    // From outside the root: the path is relative to the current folder.
    let a = new(
        t.path(),
        &[
            "item",
            "--node",
            "202",
            "--title",
            "城镇供水: 接入办理规程",
            "sys",
        ],
    );
    assert_eq!(a, "sys/200-quality/202-002.yaml");
    assert!(
        read(&dir.join("200-quality/202-002.yaml")).contains("title: \"城镇供水: 接入办理规程\"\n")
    );
    // A file that cannot be read still holds its id.
    std::fs::write(dir.join("200-quality/202-007.yaml"), "id: [unclosed\n").unwrap();
    let b = new(&dir, &["item", "--node", "202"]);
    assert_eq!(b, "200-quality/202-008.yaml");
    // An unknown node: exit 2, with a suggestion.
    let out = stdkit()
        .current_dir(&dir)
        .args(["new", "work", "--node", "40"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("did you mean `400`?"), "{err}");
}

#[test]
fn new_uses_the_systems_own_template() {
    let t = new_system();
    let dir = t.path().join("sys");
    std::fs::create_dir_all(dir.join("templates/new")).unwrap();
    std::fs::write(
        dir.join("templates/new/general.yaml"),
        "# yaml-language-server: $schema={{schema}}\n# {{node}} {{node_name}} of {{organisation}}\nid: \"{{id}}\"\ntitle: {{title|yaml}}\nkind: general\nstatus: planned\n",
    )
    .unwrap();
    let path = new(
        &dir,
        &["general", "--node", "401", "--title", "会议管理规范"],
    );
    assert_eq!(
        read(&dir.join(&path)),
        "# yaml-language-server: $schema=../schema/standard.schema.json\n# 401 通用工作标准 of 某市政务服务中心\nid: \"401-002\"\ntitle: 会议管理规范\nkind: general\nstatus: planned\n"
    );
    // A template that does not make a standard of its kind is refused, nothing written.
    std::fs::write(dir.join("templates/new/work.yaml"), "id: x\nkind: work\n").unwrap();
    let out = stdkit()
        .current_dir(&dir)
        .args(["new", "work", "--node", "404"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("templates/new/work.yaml"), "{err}");
    assert!(!dir.join("400-work/404-002.yaml").exists());
    std::fs::write(dir.join("templates/new/work.yaml"), "id: \"{{idd}}\"\n").unwrap();
    let out = stdkit()
        .current_dir(&dir)
        .args(["new", "work", "--node", "404"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("unknown variable `idd`"), "{err}");
}

// ---------------------------------------------------------------- git repositories

/// A change as (path, old, new).
type Changed = (String, Value, Value);

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-11-20T10:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00+08:00")
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `git init` with a local user.
fn git_init(dir: &Path) {
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.name", "Test"]);
    git(dir, &["config", "user.email", "test@example.com"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// A repository whose top is a new system; first commit: 202-001 promises 5 of 20 days.
fn repo() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    init(dir);
    let item = dir.join("200-quality/202-001.yaml");
    edit(&item, "  statutory_limit: 3\n", "  statutory_limit: 20\n");
    edit(&item, "  promised_limit: 1\n", "  promised_limit: 5\n");
    git_init(dir);
    commit(dir, "one");
    t
}

/// The second commit of the "done when": the promised limit 5 → 3, 303-001 abolished.
fn second_commit(dir: &Path) {
    edit(
        &dir.join("200-quality/202-001.yaml"),
        "  promised_limit: 5\n",
        "  promised_limit: 3\n",
    );
    edit(
        &dir.join("300-management/303-001.yaml"),
        "status: effective\n",
        "status: abolished\nabolished: 2026-11-20\n",
    );
    commit(dir, "two");
}

fn diff(cwd: &Path, args: &[&str]) -> String {
    let out = stdkit()
        .current_dir(cwd)
        .arg("diff")
        .args(args)
        .assert()
        .code(0);
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

#[test]
fn diff_names_exactly_the_changes_and_the_coverage() {
    let t = repo();
    let dir = t.path();
    second_commit(dir);
    let human = diff(dir, &["HEAD~1"]);
    insta::assert_snapshot!("diff_human", human);
    let md = diff(dir, &["HEAD~1", "--format", "md"]);
    insta::assert_snapshot!("diff_md", md);
    let zh = diff(dir, &["HEAD~1", "--lang", "zh"]);
    insta::assert_snapshot!("diff_human_zh", zh);

    let v: Value = serde_json::from_str(&diff(dir, &["HEAD~1", "--format", "json"])).unwrap();
    assert_eq!(v["base"]["rev"], "HEAD~1");
    assert_eq!(v["head"]["worktree"], true);
    assert!(v["added"].as_array().unwrap().is_empty());
    assert!(v["removed"].as_array().unwrap().is_empty());
    assert!(v["system_files"].as_array().unwrap().is_empty());
    let revised: Vec<(String, Vec<Changed>)> = v["revised"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| {
                        (
                            c["path"].as_str().unwrap().to_string(),
                            c["old"].clone(),
                            c["new"].clone(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        revised,
        [
            (
                "202-001".to_string(),
                vec![("item.promised_limit".to_string(), 5.into(), 3.into())]
            ),
            (
                "303-001".to_string(),
                vec![
                    ("status".to_string(), "effective".into(), "abolished".into()),
                    ("abolished".to_string(), Value::Null, "2026-11-20".into()),
                ]
            ),
        ]
    );
    assert_eq!(
        v["status_changes"],
        serde_json::json!([{"id": "303-001", "title": "排队叫号系统管理规范", "from": "effective", "to": "abolished"}])
    );
    let (before, after) = (&v["stats"]["before"], &v["stats"]["after"]);
    assert_eq!(
        (before["required"].clone(), after["required"].clone()),
        (8.into(), 7.into())
    );
    assert_eq!(
        (before["existing"].clone(), after["existing"].clone()),
        (8.into(), 7.into())
    );
    assert_eq!(before["coverage"], 1.0);
    assert_eq!(after["coverage"], 0.875);
    assert_eq!(
        after["assets"],
        serde_json::json!({"covered": 0, "total": 1})
    );

    // The same between two revisions, with HEAD named.
    let v2: Value =
        serde_json::from_str(&diff(dir, &["HEAD~1", "HEAD", "--format", "json"])).unwrap();
    assert_eq!(v2["revised"], v["revised"]);
    assert_eq!(v2["head"]["rev"], "HEAD");
    // And nothing from HEAD to the clean working tree.
    let none = diff(dir, &["HEAD"]);
    assert!(none.contains("No standard changed."), "{none}");
}

#[test]
fn diff_of_a_system_in_a_subfolder_with_every_kind_of_change() {
    let t = tempfile::tempdir().unwrap();
    let top = t.path();
    let dir = top.join("std");
    init(&dir);
    git_init(top);
    commit(top, "one");
    // A new standard, a removed one, a moved one, reordered and changed steps, a new material,
    // a changed clause text and a new catalogue entry.
    new(
        &dir,
        &["general", "--node", "205", "--title", "投诉处理规范"],
    );
    std::fs::remove_file(dir.join("100-basic/104-001.yaml")).unwrap();
    std::fs::create_dir_all(dir.join("400-work/posts")).unwrap();
    std::fs::rename(
        dir.join("400-work/404-001.yaml"),
        dir.join("400-work/posts/404-001.yaml"),
    )
    .unwrap();
    let item = dir.join("200-quality/202-001.yaml");
    edit(
        &item,
        "    - {name: 审查, days: 0.5}\n    - {name: 决定, days: 0.5}\n",
        "    - {name: 决定, days: 0.5}\n    - {name: 审查, days: 0}\n",
    );
    edit(
        &item,
        "    - {name: 住所（经营场所）使用证明, form: copy, source: 申请人自备}\n",
        "    - {name: 住所（经营场所）使用证明, form: copy, source: 申请人自备}\n    - {name: 法定代表人任职文件, form: copy}\n",
    );
    edit(
        &dir.join("200-quality/201-001.yaml"),
        "即办件应当场办结；承诺件应在承诺时限内办结",
        "即办件应当场办结；承诺件应在承诺时限内办结，不应超期",
    );
    edit(
        &dir.join("catalogue/items.yaml"),
        "  type: 行政许可\n",
        "  type: 行政许可\n- id: \"340300-XK-0002\"\n  name: 食品经营许可\n",
    );
    commit(top, "two");

    // From the repository's top, the root given as the second argument.
    let v: Value =
        serde_json::from_str(&diff(top, &["HEAD~1", "std", "--format", "json"])).unwrap();
    let ids = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("added"), ["205-001"]);
    assert_eq!(v["added"][0]["file"], "std/200-quality/205-001.yaml");
    assert_eq!(ids("removed"), ["104-001"]);
    assert_eq!(ids("revised"), ["201-001", "202-001", "404-001"]);
    let changes = |id: &str| -> Vec<(String, String)> {
        v["revised"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["path"].as_str().unwrap().to_string(),
                    c["change"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        changes("202-001"),
        [
            (
                "item.materials[法定代表人任职文件]".to_string(),
                "added".to_string()
            ),
            ("item.steps[审查].days".to_string(), "changed".to_string()),
            ("item.steps".to_string(), "reordered".to_string()),
        ]
    );
    assert_eq!(
        changes("201-001"),
        [(
            "clauses[服务提供].clauses[办结].text".to_string(),
            "changed".to_string()
        )]
    );
    let moved = &v["revised"][2];
    assert_eq!(moved["old_file"], "std/400-work/404-001.yaml");
    assert_eq!(moved["file"], "std/400-work/posts/404-001.yaml");
    assert!(moved["changes"].as_array().unwrap().is_empty());
    assert_eq!(v["system_files"][0]["file"], "std/catalogue/items.yaml");
    assert_eq!(
        v["system_files"][0]["changes"][0]["path"],
        "[340300-XK-0002]"
    );
    assert_eq!(v["stats"]["after"]["items"]["total"], 2);

    // The text: the changed words of a long text, in context.
    let human = diff(top, &["HEAD~1", "std"]);
    assert!(
        human.contains("clauses[服务提供].clauses[办结].text: …时限内办结，并按办事人选… → …时限内办结，不应超期，并按办事人选…"),
        "{human}"
    );
    assert!(
        human.contains(
            "item.steps: reordered [受理, 审查, 决定, 制照发照] → [受理, 决定, 审查, 制照发照]"
        ),
        "{human}"
    );
    assert!(
        human.contains("moved from std/400-work/404-001.yaml"),
        "{human}"
    );

    // From inside the system, naming both revisions.
    let from_inside = diff(&dir, &["HEAD~1", "HEAD", "--format", "json"]);
    let w: Value = serde_json::from_str(&from_inside).unwrap();
    assert_eq!(w["revised"].as_array().unwrap().len(), 3);
    assert_eq!(w["added"][0]["file"], "200-quality/205-001.yaml");
}

#[test]
fn diff_from_a_revision_without_the_system() {
    let t = tempfile::tempdir().unwrap();
    let top = t.path();
    git_init(top);
    std::fs::write(top.join("README.md"), "standards\n").unwrap();
    commit(top, "empty");
    init(top);
    commit(top, "system");
    let v: Value = serde_json::from_str(&diff(top, &["HEAD~1", "--format", "json"])).unwrap();
    assert_eq!(v["added"].as_array().unwrap().len(), 8);
    assert_eq!(v["stats"]["before"]["required"], 0);
    assert_eq!(v["stats"]["before"]["coverage"], Value::Null);
    assert_eq!(v["stats"]["after"]["coverage"], 1.0);
}

#[test]
fn diff_and_since_need_a_repository_and_a_revision() {
    let t = new_system();
    let dir = t.path().join("sys");
    for args in [vec!["diff", "HEAD~1"], vec!["check", "--since", "HEAD~1"]] {
        let out = stdkit().current_dir(&dir).args(&args).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            err.contains("is not in a git repository"),
            "{args:?}: {err}"
        );
    }
    let t = repo();
    for args in [
        vec!["diff", "no-such-branch"],
        vec!["check", "--since", "no-such-branch"],
        vec!["diff", "--", "--output=x"],
    ] {
        let out = stdkit().current_dir(t.path()).args(&args).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            err.contains("unknown revision") || err.contains("is not a git revision"),
            "{args:?}: {err}"
        );
    }
}

// ---------------------------------------------------------------- check --since

/// 1-based line and column of the first `needle` in a file.
fn position(p: &Path, needle: &str) -> (usize, usize) {
    let text = read(p);
    for (i, l) in text.lines().enumerate() {
        if let Some(c) = l.find(needle) {
            return (i + 1, l[..c].chars().count() + 1);
        }
    }
    panic!("`{needle}` not in {}", p.display());
}

fn at(d: &Value) -> (usize, usize) {
    (
        d["line"].as_u64().unwrap() as usize,
        d["column"].as_u64().unwrap() as usize,
    )
}

#[test]
fn since_h001_content_without_history() {
    let t = repo();
    let dir = t.path();
    second_commit(dir);
    let (code, diags) = check_json(dir, &["--since", "HEAD~1"]);
    let h001 = codes(&diags, "H001");
    assert_eq!(h001.len(), 1, "{h001:#?}");
    let d = h001[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "200-quality/202-001.yaml");
    // At the changed value in the current file.
    let (line, col) = position(&dir.join("200-quality/202-001.yaml"), "promised_limit: 3");
    assert_eq!(at(d), (line, col + "promised_limit: ".len()));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("item.promised_limit")
    );
    // The abolished standard is not H001 (it is no longer existing) nor H002.
    assert!(codes(&diags, "H002").is_empty());
    // H001 is a warning: the check still passes.
    assert_eq!(code, 0, "{:#?}", errors(&diags));
    // Without --since there are no H findings.
    let (_, plain) = check_json(dir, &[]);
    assert!(
        plain
            .iter()
            .all(|d| !d["code"].as_str().unwrap().starts_with('H'))
    );

    // A new history entry answers it; a change of comments or layout is no change.
    edit(
        &dir.join("200-quality/202-001.yaml"),
        "references: [",
        "history:\n  - {date: 2026-11-20, change: 承诺时限由5个工作日压缩为3个工作日。}\nreferences: [",
    );
    edit(
        &dir.join("100-basic/102-001.yaml"),
        "title: 政务服务基本术语\n",
        "title: 政务服务基本术语   # 标准名称\n",
    );
    let (_, diags) = check_json(dir, &["--since", "HEAD~1"]);
    assert!(codes(&diags, "H001").is_empty(), "{diags:#?}");
}

#[test]
fn since_h002_and_h003_at_their_values() {
    let t = repo();
    let dir = t.path();
    let service = dir.join("200-quality/201-001.yaml");
    let terms = dir.join("100-basic/102-001.yaml");
    edit(&service, "status: effective\n", "status: drafting\n");
    edit(
        &terms,
        "number: Q/ZWZX 102.1—2026\n",
        "number: Q/ZWZX 102.2—2026\n",
    );
    // A changed dash is no new number.
    edit(
        &dir.join("100-basic/104-001.yaml"),
        "number: Q/ZWZX 104.1—2026\n",
        "number: Q/ZWZX 104.1-2026\n",
    );
    let (code, diags) = check_json(dir, &["--since", "HEAD"]);
    assert_eq!(code, 1);
    let h002 = codes(&diags, "H002");
    assert_eq!(h002.len(), 1);
    assert_eq!(h002[0]["severity"], "error");
    assert_eq!(h002[0]["file"], "200-quality/201-001.yaml");
    let (l, c) = position(&service, "status: drafting");
    assert_eq!(at(h002[0]), (l, c + "status: ".len()));
    assert!(h002[0]["help"].as_str().unwrap().contains("revising"));
    let h003 = codes(&diags, "H003");
    assert_eq!(h003.len(), 1, "{h003:#?}");
    assert_eq!(h003[0]["file"], "100-basic/102-001.yaml");
    let (l, c) = position(&terms, "number: ");
    assert_eq!(at(h003[0]), (l, c + "number: ".len()));
    assert!(
        h003[0]["message"]
            .as_str()
            .unwrap()
            .contains("`Q/ZWZX 102.1—2026` → `Q/ZWZX 102.2—2026`")
    );

    // The human output shows them like any other finding.
    let out = stdkit()
        .current_dir(dir)
        .args(["check", "--since", "HEAD", "--color", "never"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("error[H002]: status changed from `effective` to `drafting` since `HEAD`"),
        "{text}"
    );
    assert!(text.contains("--> 200-quality/201-001.yaml:"), "{text}");

    // Severity overrides and allow: apply to H findings.
    edit(
        &dir.join("stdkit.yaml"),
        "targets:\n",
        "rules:\n  H002: warning\ntargets:\n",
    );
    edit(
        &terms,
        "owner: 综合科\n",
        "owner: 综合科\nallow: [H003]   # 编号更正，经标准化办公室确认\n",
    );
    let (_, diags) = check_json(dir, &["--since", "HEAD"]);
    assert_eq!(codes(&diags, "H002")[0]["severity"], "warning");
    assert!(codes(&diags, "H003").is_empty());
}

#[test]
fn since_follows_a_moved_file_and_ignores_new_ones() {
    let t = repo();
    let dir = t.path();
    std::fs::create_dir_all(dir.join("100-basic/terms")).unwrap();
    std::fs::rename(
        dir.join("100-basic/102-001.yaml"),
        dir.join("100-basic/terms/102-001.yaml"),
    )
    .unwrap();
    edit(
        &dir.join("100-basic/terms/102-001.yaml"),
        "number: Q/ZWZX 102.1—2026\n",
        "number: Q/ZWZX 102.9—2026\n",
    );
    new(dir, &["item", "--node", "202"]);
    let (_, diags) = check_json(dir, &["--since", "HEAD"]);
    let h: Vec<(&str, &str)> = diags
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('H'))
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(h, [("H003", "100-basic/terms/102-001.yaml")]);

    // Leaving the pipeline forward is allowed; abolished is final.
    commit(dir, "new item");
    let item = dir.join("200-quality/202-002.yaml");
    edit(
        &item,
        "status: drafting\n",
        "status: abolished\nabolished: 2026-11-20\n",
    );
    commit(dir, "abolish");
    edit(&item, "status: abolished\n", "status: planned\n");
    let (_, diags) = check_json(dir, &["--since", "HEAD"]);
    let h002 = codes(&diags, "H002");
    assert_eq!(h002.len(), 1);
    assert!(
        h002[0]["help"]
            .as_str()
            .unwrap()
            .contains("nothing leaves `abolished`")
    );
}

// ---------------------------------------------------------------- records: A060, allow:, A030, A006

/// The corpus base (tests/corpus/base) with its compliance block switched on and `files`
/// (path, text) added, in a new temporary folder.
fn records_system(files: &[(&str, &str)]) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    crate::common::copy_dir(&manifest().join("tests/corpus/base"), dir);
    let sys = dir.join("stdkit.yaml");
    std::fs::write(
        &sys,
        read(&sys) + "compliance:\n  period: 2026\n  staff: records/staff.yaml\n",
    )
    .unwrap();
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    t
}

/// [`records_system`] in a new git repository, committed.
fn records_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let t = records_system(files);
    git_init(t.path());
    commit(t.path(), "records");
    t
}

/// Appends `text` to a file.
fn append(p: &Path, text: &str) {
    std::fs::write(p, read(p) + text).unwrap();
}

/// A standalone action and a substantiated complaint with an open action, at the revision.
const ACTION: &str = "\
record: action
id: ZG-2026-001
date: 2026-10-12
source: {inspection: JC-2026-001}
description: 补正告知统一改为书面一次性告知
owner: S-001
due: 2026-12-15
";

const COMPLAINT: &str = "\
record: complaint
id: TS-2026-001
date: 2026-10-20
channel: hotline
subject: {item: \"340300-XK-0001\", window: 综合受理窗口}
category: process
summary: 补正材料分两次告知，申请人往返两次
substantiated: true
actions:
  - {id: TS-2026-001-A1, description: 对当事人员进行服务规范再培训, owner: S-002, due: 2026-12-31}
";

#[test]
fn since_a060_record_changed_after_the_fact() {
    let t = records_repo(&[
        ("records/actions/ZG-2026-001.yaml", ACTION),
        ("records/complaints/TS-2026-001.yaml", COMPLAINT),
    ]);
    let dir = t.path();
    let (code, diags) = check_json(dir, &["--since", "HEAD"]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");

    // The facts rewritten: the action's `description` and `date`, the complaint's `date`.
    let action = dir.join("records/actions/ZG-2026-001.yaml");
    let complaint = dir.join("records/complaints/TS-2026-001.yaml");
    edit(&action, "date: 2026-10-12\n", "date: 2026-10-19\n");
    edit(
        &action,
        "description: 补正告知统一改为书面一次性告知\n",
        "description: 补正告知统一改为书面和短信一次性告知\n",
    );
    edit(&complaint, "date: 2026-10-20\n", "date: 2026-10-21\n");
    let (code, diags) = check_json(dir, &["--since", "HEAD"]);
    let a060 = codes(&diags, "A060");
    assert_eq!(a060.len(), 2, "one finding per record: {a060:#?}");
    for d in &a060 {
        assert_eq!(d["severity"], "warning");
    }
    // In file order; each at its first change, the message naming every changed field.
    assert_eq!(a060[0]["file"], "records/actions/ZG-2026-001.yaml");
    let (line, col) = position(&action, "date: 2026-10-19");
    assert_eq!(at(a060[0]), (line, col + "date: ".len()));
    let message = a060[0]["message"].as_str().unwrap();
    assert!(message.contains("record ZG-2026-001"), "{message}");
    assert!(message.contains("(date, description)"), "{message}");
    assert_eq!(a060[1]["file"], "records/complaints/TS-2026-001.yaml");
    let (line, col) = position(&complaint, "date: 2026-10-21");
    assert_eq!(at(a060[1]), (line, col + "date: ".len()));
    // A warning: the check still passes. Without --since there is no A060.
    assert_eq!(code, 0, "{:#?}", errors(&diags));
    let (_, plain) = check_json(dir, &[]);
    assert!(codes(&plain, "A060").is_empty(), "{plain:#?}");

    // A moved due date, a changed score and an attendee added are changes too.
    git(dir, &["checkout", "-q", "."]);
    edit(&action, "due: 2026-12-15\n", "due: 2027-01-31\n");
    let training = dir.join("records/training/PX-2026-001.yaml");
    edit(&training, "score: 86", "score: 88");
    let (_, diags) = check_json(dir, &["--since", "HEAD"]);
    let a060: Vec<(&str, (usize, usize))> = codes(&diags, "A060")
        .into_iter()
        .map(|d| (d["file"].as_str().unwrap(), at(d)))
        .collect();
    let (dl, dc) = position(&action, "due: 2027-01-31");
    let (sl, sc) = position(&training, "score: 88");
    assert_eq!(
        a060,
        [
            ("records/actions/ZG-2026-001.yaml", (dl, dc + "due: ".len())),
            (
                "records/training/PX-2026-001.yaml",
                (sl, sc + "score: ".len())
            ),
        ]
    );
}

#[test]
fn since_a060_allows_the_outcome_to_be_added() {
    let t = records_repo(&[
        ("records/actions/ZG-2026-001.yaml", ACTION),
        ("records/complaints/TS-2026-001.yaml", COMPLAINT),
    ]);
    let dir = t.path();
    // The action done, verified and found effective, with a note and a scan of the evidence …
    std::fs::create_dir_all(dir.join("records/evidence")).unwrap();
    std::fs::write(dir.join("records/evidence/补正告知单.jpg"), b"\xff\xd8\xff").unwrap();
    append(
        &dir.join("records/actions/ZG-2026-001.yaml"),
        "done: 2026-11-05\nresult: 补正告知单已印制并在全部窗口启用\nverified: 2026-11-20\n\
         verified_by: S-010\neffective: true\nnote: 告知单须经法制审核\n\
         evidence:\n  - {file: records/evidence/补正告知单.jpg, kind: photo}\n",
    );
    // … the complaint replied to, its embedded action done …
    let complaint = dir.join("records/complaints/TS-2026-001.yaml");
    edit(
        &complaint,
        "due: 2026-12-31}",
        "due: 2026-12-31, done: 2026-11-10}",
    );
    append(&complaint, "reply: 2026-10-23\nsatisfied: true\n");
    // … an evidence entry added to a training, the register checked again, and a new record
    // (not at the revision, so not compared).
    append(
        &dir.join("records/training/PX-2026-001.yaml"),
        "evidence:\n  - {file: records/evidence/补正告知单.jpg, kind: other}\n",
    );
    edit(
        &dir.join("records/registers/TZ-301-01.yaml"),
        "checked: 2026-06-15\n",
        "checked: 2026-11-20\n",
    );
    std::fs::write(
        dir.join("records/actions/ZG-2026-002.yaml"),
        ACTION
            .replace("ZG-2026-001", "ZG-2026-002")
            .replace("due: 2026-12-15", "due: 2026-12-20"),
    )
    .unwrap();
    let (code, diags) = check_json(dir, &["--since", "HEAD"]);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn since_a060_a_note_is_added_not_rewritten() {
    let with_note = format!("{ACTION}note: 告知单须经法制审核\n");
    let t = records_repo(&[("records/actions/ZG-2026-001.yaml", &with_note)]);
    let dir = t.path();
    let action = dir.join("records/actions/ZG-2026-001.yaml");
    edit(
        &action,
        "note: 告知单须经法制审核\n",
        "note: 告知单无需审核\n",
    );
    let (_, diags) = check_json(dir, &["--since", "HEAD"]);
    assert_eq!(codes(&diags, "A060").len(), 1, "rewritten: {diags:#?}");
    edit(&action, "note: 告知单无需审核\n", "");
    let (_, diags) = check_json(dir, &["--since", "HEAD"]);
    assert_eq!(codes(&diags, "A060").len(), 1, "removed: {diags:#?}");
}

#[test]
fn allow_on_a_record_covers_that_record_only() {
    // Two overdue actions in one list file; the first allows A032.
    let list = "\
- record: action
  id: ZG-2026-002
  date: 2026-06-01
  description: 更换故障服务评价器
  owner: S-001
  due: 2026-06-30
  note: 评价器由省平台统一更换，已报延期
  allow: [A032]
- record: action
  id: ZG-2026-003
  date: 2026-06-01
  description: 等候区增设材料预审样表
  owner: S-002
  due: 2026-07-31
";
    let t = records_system(&[("records/actions/2026.yaml", list)]);
    let dir = t.path();
    let file = dir.join("records/actions/2026.yaml");
    let (code, diags) = check_json(dir, &[]);
    assert_eq!(code, 0, "{diags:#?}");
    let a032: Vec<(&str, (usize, usize))> = codes(&diags, "A032")
        .into_iter()
        .map(|d| (d["file"].as_str().unwrap(), at(d)))
        .collect();
    let (l, c) = position(&file, "id: ZG-2026-003");
    assert_eq!(
        a032,
        [("records/actions/2026.yaml", (l, c + "id: ".len()))],
        "{diags:#?}"
    );
    // Without the `allow:`, both are reported.
    edit(&file, "  allow: [A032]\n", "");
    let (_, diags) = check_json(dir, &[]);
    assert_eq!(codes(&diags, "A032").len(), 2, "{diags:#?}");
}

#[test]
fn a030_without_any_audit_in_the_window() {
    // The base's audit moved to last year: none within `audit_months`, one finding at the key.
    // (The corpus case rules/A030 shows the other trigger, a top-level node out of scope.)
    let t = records_system(&[]);
    let dir = t.path();
    edit(
        &dir.join("records/audits/NS-2026-001.yaml"),
        "date: 2026-09-10\n",
        "date: 2025-09-10\n",
    );
    append(
        &dir.join("stdkit.yaml"),
        "  targets:\n    audit_months: 12\n",
    );
    let (code, diags) = check_json(dir, &[]);
    assert_eq!(code, 0, "{diags:#?}");
    let a030 = codes(&diags, "A030");
    assert_eq!(a030.len(), 1, "{diags:#?}");
    assert_eq!(a030[0]["file"], "stdkit.yaml");
    let (l, c) = position(&dir.join("stdkit.yaml"), "audit_months:");
    assert_eq!(at(a030[0]), (l, c));
    assert!(
        a030[0]["message"]
            .as_str()
            .unwrap()
            .contains("no internal audit (内部审核) in the last 12 months")
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn a006_in_an_audits_criteria() {
    // 202-002 abolished on 2026-10-01; an audit of 2026-10-20 lists it in its criteria.
    let t = records_system(&[(
        "records/audits/NS-2026-002.yaml",
        "record: audit\nid: NS-2026-002\ndate: 2026-10-20\ntype: special\n\
         criteria: [\"202-001\", \"202-002\"]\nteam: {leader: S-010}\nchecklist:\n  \
         - {standard: \"202-001\", auditor: S-010, result: conform}\nconclusion: 运行有效\n",
    )]);
    let dir = t.path();
    edit(
        &dir.join("standards/200-quality/202-002.yaml"),
        "status: effective\n",
        "status: abolished\nabolished: 2026-10-01\n",
    );
    let (_, diags) = check_json(dir, &[]);
    let a006: Vec<(&str, (usize, usize))> = codes(&diags, "A006")
        .into_iter()
        .map(|d| (d["file"].as_str().unwrap(), at(d)))
        .collect();
    let (l, c) = position(&dir.join("records/audits/NS-2026-002.yaml"), "\"202-002\"");
    assert_eq!(
        a006,
        [("records/audits/NS-2026-002.yaml", (l, c))],
        "{diags:#?}"
    );
}

// ---------------------------------------------------------------- completions and man

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef stdkit"),
        ("fish", "complete -c stdkit"),
    ] {
        let out = stdkit().args(["completions", shell]).assert().code(0);
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(text.contains(marker), "{shell}");
        for cmd in ["check", "diff", "init", "new"] {
            assert!(text.contains(cmd), "{shell}: {cmd}");
        }
    }
    stdkit().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_pages_from_the_definitions() {
    let out = stdkit().arg("man").assert().code(0);
    let page = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        page.starts_with(".ie") || page.contains(".TH stdkit"),
        "{page}"
    );
    assert!(page.contains(".TH stdkit 1"), "{page}");
    for cmd in ["check", "diff", "init", "new", "completions", "man"] {
        assert!(page.contains(cmd), "{cmd}");
    }
    let out = stdkit().args(["man", "check"]).assert().code(0);
    let page = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(page.contains(".TH stdkit-check 1"), "{page}");
    assert!(page.contains("since"), "{page}");
    stdkit().args(["man", "nope"]).assert().code(2);

    // The sections clap does not know, and the page in Chinese when Chinese is chosen.
    let out = stdkit()
        .env_remove("STDKIT_LANG")
        .arg("man")
        .assert()
        .code(0);
    let page = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        "STDKIT_LANG",
    ] {
        assert!(page.contains(section), "{section}");
    }
    let out = stdkit().args(["--lang", "zh", "man"]).assert().code(0);
    let page = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for text in [".SH 退出状态", ".SH 环境变量", "生成标准体系表"] {
        assert!(page.contains(text), "{text}");
    }
    assert!(
        !page.contains("Build the handbooks"),
        "the commands' about in Chinese"
    );
}

/// The tool's own errors speak the chosen language, the operating system's words included by
/// their kind; English stays the default.
#[test]
fn errors_speak_chinese_when_chinese_is_chosen() {
    let t = tempfile::tempdir().unwrap();
    let err = |args: &[&str], env: Option<&str>| {
        let mut cmd = stdkit();
        cmd.env_remove("STDKIT_LANG").args(args);
        if let Some(v) = env {
            cmd.env("STDKIT_LANG", v);
        }
        let out = cmd.assert().code(2);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let missing = t.path().join("nowhere");
    let missing = missing.to_str().unwrap();
    let e = err(&["--lang", "zh", "check", missing], None);
    assert!(e.starts_with("错误："), "{e}");
    assert!(e.contains("不是文件夹"), "{e}");
    let e = err(&["check", missing], Some("zh"));
    assert!(e.contains("不是文件夹"), "{e}");
    let e = err(&["check", missing], None);
    assert!(
        e.starts_with("error: ") && e.contains("is not a folder"),
        "{e}"
    );

    let folder = t.path().to_str().unwrap();
    let root = crate::common::standards();
    let e = err(
        &[
            "--lang",
            "zh",
            "table",
            root.to_str().unwrap(),
            "-o",
            folder,
        ],
        None,
    );
    assert!(e.contains("是文件夹，不是文件"), "{e}");
    let e = err(
        &[
            "--lang",
            "zh",
            "build",
            root.to_str().unwrap(),
            "-o",
            root.to_str().unwrap(),
        ],
        None,
    );
    assert!(e.contains("输出会替换整个标准体系"), "{e}");
}

#[test]
fn since_reports_a_deleted_existing_standard_but_not_a_renumbered_id() {
    let t = repo();
    let dir = t.path();
    // 303-001 is effective at HEAD: deleting its file is H005 …
    std::fs::remove_file(dir.join("300-management/303-001.yaml")).unwrap();
    // … while 104-001 moved to another id keeping its number is not.
    let old = std::fs::read_to_string(dir.join("100-basic/104-001.yaml")).unwrap();
    std::fs::remove_file(dir.join("100-basic/104-001.yaml")).unwrap();
    std::fs::write(
        dir.join("100-basic/104-002.yaml"),
        old.replace("id: \"104-001\"", "id: \"104-002\""),
    )
    .unwrap();
    let (code, diags) = check_json(dir, &["--since", "HEAD"]);
    assert_eq!(code, 1);
    let h: Vec<(&str, &str)> = diags
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('H'))
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(h, [("H005", "300-management/303-001.yaml")]);
    let h005 = codes(&diags, "H005");
    assert_eq!(h005[0]["severity"], "error");
    assert!(h005[0]["message"].as_str().unwrap().contains("303-001"));
    assert!(h005[0]["help"].as_str().unwrap().contains("abolished"));
    // Recording the end instead of deleting is not a finding.
    git(
        dir,
        &[
            "checkout",
            "-q",
            "HEAD",
            "--",
            "300-management/303-001.yaml",
        ],
    );
    edit(
        &dir.join("300-management/303-001.yaml"),
        "status: effective\n",
        "status: abolished\nabolished: 2026-11-20\n",
    );
    let (_, diags) = check_json(dir, &["--since", "HEAD"]);
    assert!(codes(&diags, "H005").is_empty(), "{diags:#?}");
}

/// `lang: zh` in the system's `stdkit.yaml`, set once, makes the notes and errors of commands run
/// in that system Chinese, with no option and no variable.
#[test]
fn lang_zh_in_the_system_file_speaks_chinese_without_options() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("sys");
    crate::common::copy_dir(&crate::common::standards(), &root);
    let file = root.join("stdkit.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("lang: zh\n{text}")).unwrap();
    let out = stdkit()
        .current_dir(&root)
        .env_remove("STDKIT_LANG")
        .args(["table", "-o"])
        .arg(t.path().join("t.md"))
        .assert()
        .code(0);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.starts_with("已写入 "), "{err}");
    let out = stdkit()
        .current_dir(&root)
        .env_remove("STDKIT_LANG")
        .args(["table", "-o"])
        .arg(t.path())
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.starts_with("错误："), "{err}");
    let out = stdkit()
        .current_dir(&root)
        .env("STDKIT_LANG", "en")
        .args(["table", "-o"])
        .arg(t.path().join("t.md"))
        .assert()
        .code(0);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.starts_with("wrote "), "the variable wins: {err}");
}
