//! Loading a system: read `stdkit.yaml` and the catalogues ([`config`]), collect the standard
//! files ([`walk`]: `.gitignore`, `exclude:` and the fixed exclusions of docs/format.md), then read,
//! parse and validate every file in parallel ([`read`]), reporting group S ([`findings`]), and
//! run the caller's per-file work on each while its tree is at hand ([`FileCheck`]).
//!
//! The loader knows no rule: `check` passes the file rules in, `diff` and the benchmarks pass
//! [`Unchecked`]. Loading never fails on bad documents: it returns what it could read plus the
//! findings for the rest. Only a root that cannot be found or read is an `Err` (exit 2).

pub mod assess;
mod cache;
mod cases;
mod config;
pub mod findings;
mod read;
mod records;
mod walk;

pub use cases::{prefix as cell_prefix, strip as strip_source};
pub use read::read_text;

/// Reads a file the system names rather than the walk finds (a template): only a regular file
/// that lies inside `root` (canonical) once links are resolved, with the guards of
/// [`read_text`]. A link out of the root or a special file is an S005 finding, and is not read.
pub fn read_inside(
    root: &Path,
    rel: &Path,
    file: &crate::diag::FileName,
) -> Result<String, Box<Diagnostic>> {
    let at = crate::yaml::Span::point(crate::yaml::Pos { line: 1, col: 1 });
    let real = root.join(rel).canonicalize().map_err(|e| {
        Box::new(Diagnostic::new(
            crate::diag::codes::S005,
            file,
            at,
            msg!("cannot read the file: {}", "无法读取文件：{}", e),
        ))
    })?;
    if !real.starts_with(root) {
        return Err(Box::new(Diagnostic::new(
            crate::diag::codes::S005,
            file,
            at,
            crate::diag::Msg::new(
                "symbolic link points outside the system root; not read",
                "符号链接指向标准体系根目录之外，未读取",
            ),
        )));
    }
    read_text(&real, file)
}

use crate::diag::Diagnostic;
use crate::diag::Findings;
use crate::model::{Date, Standard};
use crate::schema::Doc;
use crate::system::{FileCx, Loaded, Root, System, SystemFile};
use crate::yaml::Node;
use anyhow::Result;
use rayon::prelude::*;
use std::path::Path;

/// The per-file work of a load, run on each standard file while its tree and text are at hand
/// (in parallel), as typos' `FileChecker` is handed to its walker. Not run on a file whose model
/// could not be read beyond its identity (one problem, one finding).
pub trait FileCheck: Sync {
    fn check(&self, cx: &FileCx, out: &mut Findings);
}

/// No per-file work: `stdkit diff` and the `load` benchmark read systems without checking them.
pub struct Unchecked;

impl FileCheck for Unchecked {
    fn check(&self, _: &FileCx, _: &mut Findings) {}
}

/// Options of a load.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides "today" (`--today`).
    pub today: Option<Date>,
    /// Drop the text bodies once each file's own rules have run: what `check`, `table` and
    /// `stats` need afterwards is identity, lifecycle, references and the kind blocks' links
    /// (a system of 100 000 standards then fits in a fraction of the memory). `build` keeps them.
    pub lean: bool,
    /// The reporting period (`--period`); else `compliance.period`, else the year of today.
    pub period: Option<crate::model::Period>,
    /// Read large case exports through the cache in the system root (`.stdkit-cache/`, see
    /// docs/cases.md); the command line's default, off for `--no-cache` or `STDKIT_NO_CACHE=1`.
    pub cache: bool,
}

/// Loads a system, running `check` on each standard file. The findings are group S and what
/// `check` found, unsorted; system rules and overrides are the caller's. `Err` only when the root
/// cannot be read at all.
pub fn load(root: Root, opts: &Options, check: &dyn FileCheck) -> Result<System> {
    let mut diagnostics = Findings::new();
    let sys = config::read_system_file(&root, opts.today, &mut diagnostics)?;
    let files = walk::collect_files(&root, &sys, walk::Family::Standards, &mut diagnostics)?;
    let results: Vec<(Option<Loaded>, Findings)> = files
        .par_iter()
        .map(|rel| {
            let (mut loaded, diags) = read_standard(&root, rel, &sys, check);
            if opts.lean {
                let keep = sys.config.compliance.is_some();
                loaded
                    .iter_mut()
                    .for_each(|l| strip_bodies(&mut l.std, keep));
            }
            (loaded, diags)
        })
        .collect();
    let mut standards = Vec::with_capacity(results.len());
    let mut unreadable = Vec::new();
    for ((loaded, diags), rel) in results.into_iter().zip(&files) {
        diagnostics.append(diags);
        match loaded {
            Some(l) => standards.push(l),
            None => unreadable.push(rel.clone()),
        }
    }
    let records = records::load(&root, &sys, opts.period, opts.cache, &mut diagnostics)?;
    let staff_file = records.as_ref().and_then(|r| r.staff.file.as_ref());
    let catalogue_files = [
        sys.posts.file.as_ref(),
        sys.items.file.as_ref(),
        sys.assets.file.as_ref(),
        staff_file,
    ]
    .into_iter()
    .flatten()
    .filter(|f| **f != sys.file)
    .count();
    let record_files = records.as_ref().map_or(0, |r| r.files.len());
    let files = files.len() + 1 + catalogue_files + record_files;
    let (diagnostics, dropped) = diagnostics.into_parts();
    Ok(System {
        root,
        sys,
        standards,
        records,
        dropped,
        diagnostics,
        files,
        unreadable,
    })
}

/// Frees what only the file rules and the handbooks read (see [`Options::lean`]). With the
/// compliance half on, the history and the promised records stay: rule group A reads them.
fn strip_bodies(s: &mut Standard, compliance: bool) {
    s.foreword = None;
    s.scope = None;
    s.terms = Vec::new();
    s.clauses = Vec::new();
    s.annexes = Vec::new();
    s.symbols = Vec::new();
    if !compliance {
        s.history = Vec::new();
    }
    s.drafters = Vec::new();
    s.drafting_units = Vec::new();
    if let Some(w) = &mut s.work {
        w.duties = Vec::new();
        w.qualifications = Vec::new();
        w.authority = Vec::new();
        w.work_items = Vec::new();
        w.assessment = Vec::new();
    }
    if let Some(m) = &mut s.management {
        m.duties = Vec::new();
        m.inspection = Vec::new();
        if !compliance {
            m.records = Vec::new();
        }
    }
    if let Some(it) = &mut s.item {
        it.basis = Vec::new();
        it.conditions = Vec::new();
    }
}

/// Reads and validates one standard file, and runs the per-file work on it.
fn read_standard(
    root: &Root,
    rel: &Path,
    sys: &SystemFile,
    check: &dyn FileCheck,
) -> (Option<Loaded>, Findings) {
    let file = root.file_name(rel);
    let mut out = Findings::new();
    let wip = |n: &Node| {
        n.get("status")
            .and_then(Node::as_str)
            .and_then(|s| crate::model::Status::ALL.iter().find(|x| x.as_str() == s))
            .is_some_and(|s| s.is_pipeline())
    };
    let Some((tree, pruned, src)) =
        read::read_yaml(&root.dir.join(rel), &file, Doc::Standard, wip, &mut out)
    else {
        return (None, out);
    };
    if tree.as_map().is_none() {
        return (None, out);
    }
    let (std, complete) = match crate::de::from_node::<Standard>(&tree) {
        Ok(s) => (s, true),
        Err(e) => {
            if pruned.is_empty() {
                out.push(findings::de_error(&file, &tree, &e));
            }
            (findings::identity(&tree), false)
        }
    };
    let fc = FileCx {
        file: &file,
        tree: &tree,
        src: &src,
        std: &std,
        pruned: &pruned,
        sys,
    };
    if complete {
        check.check(&fc, &mut out);
    }
    (
        Some(Loaded {
            file,
            rel: rel.to_path_buf(),
            std,
            complete,
        }),
        out,
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::system::SYSTEM_FILE;
    use std::time::{Duration, Instant};

    fn mkfifo(p: &Path) {
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }

    fn system(dir: &Path) -> Root {
        std::fs::write(
            dir.join("stdkit.yaml"),
            "stdkit: 1\norganisation: o\ntitle: t\ncode: X\nstructure:\n  - code: \"100\"\n    name: n\n    category: basic\n",
        )
        .unwrap();
        let dir = dir.canonicalize().unwrap();
        Root {
            display: dir.clone(),
            dir,
        }
    }

    #[test]
    fn a_fifo_is_reported_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("x.yaml");
        mkfifo(&p);
        // No writer: a blocking open would hang here.
        let start = Instant::now();
        let d = read_text(&p, &"x.yaml".into()).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(d.code, crate::diag::codes::S005.code);
        assert!(d.message.en.contains("not a regular file"), "{d:?}");
    }

    #[test]
    fn an_unreadable_system_file_is_one_error() {
        let tmp = tempfile::tempdir().unwrap();
        let root = system(tmp.path());
        // The system file swapped for a FIFO after the root was found.
        std::fs::remove_file(root.dir.join(SYSTEM_FILE)).unwrap();
        mkfifo(&root.dir.join(SYSTEM_FILE));
        let e = load(root.clone(), &Options::default(), &Unchecked).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        // A folder in its place.
        std::fs::remove_file(root.dir.join(SYSTEM_FILE)).unwrap();
        std::fs::create_dir(root.dir.join(SYSTEM_FILE)).unwrap();
        assert!(load(root, &Options::default(), &Unchecked).is_err());
    }

    #[test]
    fn a_system_file_without_permission_is_one_error() {
        let tmp = tempfile::tempdir().unwrap();
        let root = system(tmp.path());
        let path = root.dir.join(SYSTEM_FILE);
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&path).is_ok() {
            return; // running as root: permissions do not stop a read
        }
        let e = load(root, &Options::default(), &Unchecked).unwrap_err();
        assert!(e.to_string().starts_with("cannot read"), "{e}");
    }

    #[test]
    fn read_inside_refuses_links_out_of_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("sys");
        std::fs::create_dir(&root).unwrap();
        let root = root.canonicalize().unwrap();
        std::fs::write(tmp.path().join("secret"), "s").unwrap();
        std::fs::write(root.join("own"), "o").unwrap();
        std::os::unix::fs::symlink("../secret", root.join("out")).unwrap();
        std::os::unix::fs::symlink("own", root.join("in")).unwrap();
        let f = "f".into();
        assert_eq!(read_inside(&root, Path::new("in"), &f).unwrap(), "o");
        let d = read_inside(&root, Path::new("out"), &f).unwrap_err();
        assert!(d.message.en.contains("outside the system root"), "{d:?}");
        assert!(read_inside(&root, Path::new("missing"), &f).is_err());
    }
}
