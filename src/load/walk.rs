//! Collecting the standard files: the `ignore` walker (`.gitignore`, hidden files), `exclude:`
//! globs, the fixed exclusions, and links never followed out of the root.

use crate::diag::Findings;
use crate::diag::{Diagnostic, Msg, codes};
use crate::model::Catalogue;
use crate::system::{OUTPUT_DIR, Root, SYSTEM_FILE, SystemFile};
use crate::yaml::{Pos, Span};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub(super) use crate::files::resolves_inside as inside;

/// Which document family a walk collects.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    /// Everything but `templates/`, `records/` and the output folder.
    Standards,
    /// Below `records/`, except `records/evidence/` (scans and photos, only referenced).
    Records,
}

/// The files of a family, sorted, as paths relative to the root.
pub(super) fn collect_files(
    root: &Root,
    sys: &SystemFile,
    family: Family,
    out: &mut Findings,
) -> Result<Vec<PathBuf>> {
    let mut globs = globset::GlobSetBuilder::new();
    for (i, g) in sys.config.exclude.iter().enumerate() {
        match globset::Glob::new(g) {
            Ok(g) => {
                globs.add(g);
            }
            Err(e) => out.push(Diagnostic::new(
                codes::S007,
                &sys.file,
                sys.tree
                    .as_ref()
                    .map_or_else(Span::default, |t| t.span_at(&crate::path!["exclude", i])),
                msg!(
                    "invalid `exclude` glob `{}`: {}",
                    "`exclude` 中的通配模式 `{}` 无效：{}",
                    g,
                    e
                ),
            )),
        }
    }
    let globs = globs.build().unwrap_or_else(|_| globset::GlobSet::empty());
    // The files stdkit.yaml names are read as what it names them (catalogues, the roster, the
    // calendars and data sources of the compliance block), never as standards or records.
    let compliance = sys.config.compliance.as_ref();
    let named: Vec<PathBuf> = [
        catalogue_path(&sys.config.posts),
        catalogue_path(&sys.config.items),
        catalogue_path(&sys.config.assets),
        compliance.and_then(|c| catalogue_path(&c.staff)),
    ]
    .into_iter()
    .flatten()
    .chain(compliance.into_iter().flat_map(|c| {
        c.calendar
            .iter()
            .chain(&c.cases)
            .chain(&c.evaluations)
            .chain(&c.sheets)
            .chain(&c.assessments)
            .map(|p| p.value.clone())
    }))
    .map(|p| normalise(Path::new(&p)))
    .collect();

    let mut files = Vec::new();
    let outside: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let walker = ignore::WalkBuilder::new(&root.dir)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(false)
        .git_global(false)
        .require_git(false)
        .ignore(false)
        .parents(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry({
            let root_dir = root.dir.clone();
            let outside = Arc::clone(&outside);
            let named = named.clone();
            move |e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                let name = e.file_name().to_str();
                // A folder stdkit wrote (a build, a dossier) is output, wherever it is: the
                // dossier holds copies of YAML files that must not be read as sources.
                let output = is_dir
                    && e.depth() > 0
                    && crate::output::MARKERS
                        .iter()
                        .any(|m| e.path().join(m).is_file());
                let excluded = output
                    || match family {
                        // Fixed exclusions at the root only: templates/, records/, the output folder.
                        Family::Standards => {
                            e.depth() == 1
                                && is_dir
                                && matches!(name, Some("templates" | "records" | OUTPUT_DIR))
                        }
                        Family::Records => {
                            (e.depth() == 1 && !(is_dir && name == Some("records")))
                                || (e.depth() == 2 && is_dir && name == Some("evidence"))
                        }
                    };
                // A link (to a file or a folder) that leads out of the root is not followed.
                // (A catalogue file named by stdkit.yaml is reported there, as S007.)
                let catalogue = e
                    .path()
                    .strip_prefix(&root_dir)
                    .is_ok_and(|r| named.iter().any(|n| n == r));
                if !excluded && !catalogue && e.path_is_symlink() && !inside(&root_dir, e.path()) {
                    outside
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(e.path().to_path_buf());
                    return false;
                }
                !excluded
            }
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let (path, what) = error_path(&err);
                let rel = path
                    .as_deref()
                    .and_then(|p| p.strip_prefix(&root.dir).ok())
                    .map(Path::to_path_buf);
                let file = root.file_name(rel.as_deref().unwrap_or(Path::new(".")));
                out.push(Diagnostic::new(
                    codes::S005,
                    &file,
                    Span::point(Pos { line: 1, col: 1 }),
                    msg!("cannot read: {}", "无法读取：{}", what),
                ));
                continue;
            }
        };
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        // Folders named `*.yaml` are walked into; nothing else is skipped silently.
        let Some(kind) = entry.file_type().filter(|t| !t.is_dir()) else {
            continue;
        };
        if !is_yaml {
            continue;
        }
        let Ok(rel) = path.strip_prefix(&root.dir) else {
            continue;
        };
        let rel = rel.to_path_buf();
        if rel == Path::new(SYSTEM_FILE) || named.contains(&rel) || globs.is_match(&rel) {
            continue;
        }
        // A FIFO, socket or device named like a standard file is reported, never opened.
        if !kind.is_file() {
            out.push(super::read::not_regular(&root.file_name(&rel), kind));
            continue;
        }
        files.push(rel);
    }
    let mut outside = std::mem::take(&mut *outside.lock().unwrap_or_else(|p| p.into_inner()));
    outside.sort();
    for path in outside {
        let rel = path.strip_prefix(&root.dir).unwrap_or(&path);
        out.push(Diagnostic::new(
            codes::S005,
            &root.file_name(rel),
            Span::point(Pos { line: 1, col: 1 }),
            Msg::new(
                "symbolic link points outside the system root; not read",
                "符号链接指向标准体系根目录之外，未读取",
            ),
        ));
    }
    files.sort();
    Ok(files)
}

fn error_path(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), err.to_string()),
        ignore::Error::WithDepth { err, .. } => error_path(err),
        ignore::Error::Loop { child, ancestor } => (
            Some(child.clone()),
            format!("symbolic link loop back to `{}`", ancestor.display()),
        ),
        other => (None, other.to_string()),
    }
}

fn catalogue_path<T>(c: &Option<Catalogue<T>>) -> Option<String> {
    match c {
        Some(Catalogue::Path(p)) => Some(p.clone()),
        _ => None,
    }
}

/// `./a/../b.yaml` → `b.yaml`, lexically.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}
