//! Reading a file named by data (a standard, a template, a revision's working-tree copy, a
//! finding's source) without being stalled or flooded by it: regular files only, opened without
//! blocking (a FIFO with no writer would hang the run), the type checked on the opened handle (a
//! file swapped for something else after it was listed is caught), read at most to a limit.
//!
//! A leaf: it knows files, nothing of stdkit.

use std::fs::{File, FileType};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Opens `path` for reading: the file and its length, or the type of what is there instead of
/// a regular file. On Unix the open does not block and cannot acquire a controlling terminal.
pub fn open_regular(path: &Path) -> std::io::Result<Result<(File, u64), FileType>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = options.open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Ok(Err(meta.file_type()));
    }
    Ok(Ok((f, meta.len())))
}

/// The bytes of the regular file at `path` if it holds at most `limit` of them; `None` when it
/// is not a regular file or is larger (read no further than `limit + 1` bytes to tell).
pub fn read_capped(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let Ok((f, len)) = open_regular(path)? else {
        return Ok(None);
    };
    if len > limit {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(len as usize);
    f.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Why [`safe_rel`] or [`inside`] refuses a relative path taken from data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsafePath {
    /// The empty path.
    Empty,
    /// A NUL byte.
    Nul,
    /// A `\` (a separator on Windows).
    Backslash,
    /// An empty component: a leading `/` (an absolute path), a trailing `/` or `//`.
    EmptyComponent,
    /// A `.` or `..` component.
    Dot,
    /// A component the platform reads as a root, a drive or a prefix (`C:` on Windows).
    NotNormal,
    /// Resolved against its root, links followed, it leaves the root (or ends in a broken link).
    Outside,
}

impl UnsafePath {
    /// The reason in English and Chinese.
    pub fn texts(self) -> (&'static str, &'static str) {
        match self {
            UnsafePath::Empty => ("the path is empty", "路径为空"),
            UnsafePath::Nul => ("the path has a NUL byte", "路径含 NUL 字节"),
            UnsafePath::Backslash => ("the path has a `\\`", "路径含 `\\`"),
            UnsafePath::EmptyComponent => (
                "the path is absolute or has an empty component",
                "路径为绝对路径或含空的路径段",
            ),
            UnsafePath::Dot => (
                "the path has a `.` or `..` component",
                "路径含 `.` 或 `..` 段",
            ),
            UnsafePath::NotNormal => (
                "the path has a root, drive or prefix component",
                "路径含根、盘符或前缀",
            ),
            UnsafePath::Outside => (
                "the path leads out of its folder (through a link)",
                "路径（经链接）指向所在文件夹之外",
            ),
        }
    }
}

impl std::fmt::Display for UnsafePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.texts().0)
    }
}

impl std::error::Error for UnsafePath {}

/// The one gate for a relative path that comes from data (a git tree, a YAML field, a template
/// name): accepted only when it is not empty, has no NUL and no `\`, splits on `/` into
/// non-empty components none of which is `.` or `..`, and every component is a
/// [`Component::Normal`] of the platform. Purely textual; [`inside`] also resolves links.
pub fn safe_rel(path: &str) -> Result<&Path, UnsafePath> {
    if path.is_empty() {
        return Err(UnsafePath::Empty);
    }
    if path.contains('\0') {
        return Err(UnsafePath::Nul);
    }
    if path.contains('\\') {
        return Err(UnsafePath::Backslash);
    }
    for part in path.split('/') {
        match part {
            "" => return Err(UnsafePath::EmptyComponent),
            "." | ".." => return Err(UnsafePath::Dot),
            _ => {}
        }
    }
    let p = Path::new(path);
    if !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(UnsafePath::NotNormal);
    }
    Ok(p)
}

/// [`safe_rel`], then `rel` resolved against `root`: each existing component that is a link is
/// followed and must stay inside `root` (a broken link is refused: writing through it would
/// create its target). Returns the resolved path, to open or create. What does not exist yet
/// cannot be a link, so the answer holds until someone else changes the folder.
pub fn inside(root: &Path, rel: &str) -> Result<PathBuf, UnsafePath> {
    let rel = safe_rel(rel)?;
    let root = root.canonicalize().map_err(|_| UnsafePath::Outside)?;
    let mut at = root.clone();
    for c in rel.components() {
        at.push(c);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            at = at.canonicalize().map_err(|_| UnsafePath::Outside)?;
            if !at.starts_with(&root) {
                return Err(UnsafePath::Outside);
            }
        }
    }
    Ok(at)
}

/// Whether `path` (an existing path, after resolving every link) lies inside `root` (canonical):
/// the check for paths found on disk, such as a walked file or a catalogue named in `stdkit.yaml`.
pub fn resolves_inside(root: &Path, path: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_within_the_limit_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_capped(&p, 5).unwrap().as_deref(), Some(&b"12345"[..]));
        assert_eq!(read_capped(&p, 4).unwrap(), None);
        assert_eq!(
            read_capped(dir.path(), 100).unwrap(),
            None,
            "a folder is not read"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.yaml");
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert_eq!(read_capped(&p, 100).unwrap(), None);
    }
}
