//! Writing outputs so a failed run never leaves a half-written result behind: one file through a
//! temporary file and a rename (`write_atomic`), a whole folder through a staging folder swapped
//! into place (`write_tree`). Where rendered files go is a `Sink`: that folder, or memory.
//!
//! A leaf: it knows files and folders, nothing of standards or handbooks.

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writes `bytes` to `path` atomically (temp file + rename). Every error names `path` (a full
/// disk, a read-only folder), not the hidden temporary file.
///
/// What already stands at `path` is respected: a folder or a symbolic link is refused (renaming
/// over a link would replace the link, not write where it points), and a device or named pipe
/// (`-o /dev/stdout`) is written to in place, never replaced by a regular file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let t = meta.file_type();
        if t.is_dir() {
            bail!(said!(
                "`{}` is a folder, not a file",
                "`{}` 是文件夹，不是文件",
                path.display()
            ));
        }
        if t.is_symlink() {
            bail!(said!(
                "`{}` is a symbolic link; give the file it points to",
                "`{}` 是符号链接；请给出它指向的文件",
                path.display()
            ));
        }
        if !t.is_file() {
            return write_in_place(path, bytes)
                .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()));
        }
    }
    std::fs::create_dir_all(dir)
        .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.stdkit-tmp-{}",
        file_name(path).unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        match f.sync_all() {
            // A file system that cannot sync (some network or virtual ones) is no error.
            Err(e)
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported
                ) =>
            {
                return Err(e);
            }
            _ => {}
        }
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()))
}

/// Writes into a device or named pipe. The open does not block (a pipe nobody reads fails at
/// once instead of hanging the run); the writes then do.
fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let mut f = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: fcntl on a descriptor this function owns, changing only its status flags.
        unsafe {
            let fd = f.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    f.write_all(bytes)
}

/// Creates `path` with `bytes` atomically, never replacing an existing file: the bytes go to a
/// temporary file beside it, which is then hard-linked into place (the link fails if `path`
/// exists, so two writers cannot both win and a reader never sees half a file).
pub fn write_new_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    std::fs::create_dir_all(dir)
        .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.stdkit-new-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", path.display()))?;
        f.write_all(bytes)
            .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()))?;
        f.sync_all().ok();
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e).with_context(|| {
                said!(
                    "`{}` exists; not replaced",
                    "`{}` 已存在，未替换",
                    path.display()
                )
            }),
            // A file system without hard links: create the file in place, still never replacing.
            Err(_) => {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
                    .with_context(|| {
                        said!("cannot create `{}`", "无法创建 `{}`", path.display())
                    })?;
                f.write_all(bytes)
                    .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()))
            }
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// The folder `path` is in (`.` for a bare name), where its temporary sibling goes.
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `path` without a trailing `/` (`build/` names the link `build`, not the folder it leads to).
fn clean(path: &Path) -> PathBuf {
    path.components().collect()
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// The files that mark a folder as written by stdkit (`build`, `report dossier`): only such a
/// folder (or an empty one) may be replaced, and the loader never reads inside one.
pub const MARKERS: &[&str] = &[".stdkit-build", ".stdkit-dossier"];

/// Refuses an output folder whose replacement would lose sources: a symbolic link (replacing
/// it would empty the folder it leads to), the root or a folder above it, a folder holding one
/// of `sources` (absolute paths), or an existing folder with content other than a previous
/// stdkit output carrying `marker` — or holding only stdkit outputs of other kinds (`keep`:
/// the `dossier/` inside `build/`).
pub fn check_output(
    out: &Path,
    root: &Path,
    sources: impl IntoIterator<Item = PathBuf>,
    marker: &str,
    keep: &[&str],
) -> Result<()> {
    refuse_link(out)?;
    let absolute = |p: &Path| -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        let abs = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        match (
            abs.parent().and_then(|d| d.canonicalize().ok()),
            abs.file_name(),
        ) {
            (Some(d), Some(n)) => d.join(n),
            _ => abs,
        }
    };
    let out_abs = absolute(out);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if root.starts_with(&out_abs) {
        bail!(said!(
            "`{}` is the system's root or a folder above it; the output would replace the system (choose another output folder)",
            "`{}` 是标准体系的根目录或其上级目录，输出会替换整个标准体系（请另选输出目录）",
            out.display()
        ));
    }
    if sources.into_iter().any(|f| f.starts_with(&out_abs)) {
        bail!(said!(
            "`{}` holds source files of the system; the output would replace them (choose another output folder)",
            "`{}` 中有标准体系的源文件，输出会替换它们（请另选输出目录）",
            out.display()
        ));
    }
    let ours = |entry: &std::fs::DirEntry| {
        let name = entry.file_name();
        keep.iter().any(|k| name == *k) && MARKERS.iter().any(|m| entry.path().join(m).is_file())
    };
    if out_abs.is_dir()
        && !out_abs.join(marker).is_file()
        && std::fs::read_dir(&out_abs).is_ok_and(|d| d.flatten().any(|entry| !ours(&entry)))
    {
        bail!(said!(
            "`{}` is not empty and is not a stdkit output folder; choose a new folder, or empty it first",
            "`{}` 不是空目录，也不是 stdkit 的输出目录；请另选新目录，或先清空它",
            out.display()
        ));
    }
    Ok(())
}

/// Where rendered files go: a staging folder (`write_tree`), or memory (tests, benchmarks).
pub trait Sink: Sync {
    /// Stores a whole file at `path` (relative to the output folder).
    fn put(&self, path: &Path, bytes: Vec<u8>) -> Result<()>;
    /// A writer for a file too large to hold in memory at once.
    fn writer(&self, path: &Path) -> Result<Box<dyn FileWriter + '_>>;
    /// How many files were stored.
    fn count(&self) -> usize;
}

/// A file being written piece by piece; `finish` completes it.
pub trait FileWriter: Write {
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Files kept in memory, sorted by path on the way out.
#[derive(Default)]
pub struct MemSink(Mutex<Vec<(PathBuf, Vec<u8>)>>);

impl MemSink {
    pub fn into_files(self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

struct MemFile<'a> {
    sink: &'a MemSink,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Write for MemFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl FileWriter for MemFile<'_> {
    fn finish(self: Box<Self>) -> Result<()> {
        let MemFile { sink, path, bytes } = *self;
        sink.put(&path, bytes)
    }
}

impl Sink for MemSink {
    fn put(&self, path: &Path, bytes: Vec<u8>) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_path_buf(), bytes));
        Ok(())
    }
    fn writer(&self, path: &Path) -> Result<Box<dyn FileWriter + '_>> {
        Ok(Box::new(MemFile {
            sink: self,
            path: path.to_path_buf(),
            bytes: Vec::new(),
        }))
    }
    fn count(&self) -> usize {
        self.0.lock().map_or(0, |v| v.len())
    }
}

/// How many files this process has written into output folders: read by the command line to
/// draw a progress bar while a build runs (nothing else depends on it).
pub static WRITTEN: AtomicUsize = AtomicUsize::new(0);

/// Files written into a (staging) folder as they come.
struct DirSink {
    root: PathBuf,
    count: AtomicUsize,
}

impl DirSink {
    /// The full path of `rel`, its folder created; counts the file.
    fn path(&self, rel: &Path) -> Result<PathBuf> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent()
            && !dir.is_dir()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", dir.display()))?;
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        WRITTEN.fetch_add(1, Ordering::Relaxed);
        Ok(path)
    }
}

struct DirFile(std::io::BufWriter<std::fs::File>, PathBuf);

impl Write for DirFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl FileWriter for DirFile {
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.0
            .flush()
            .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", self.1.display()))
    }
}

impl Sink for DirSink {
    fn put(&self, rel: &Path, bytes: Vec<u8>) -> Result<()> {
        let path = self.path(rel)?;
        std::fs::write(&path, bytes)
            .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()))
    }
    fn writer(&self, rel: &Path) -> Result<Box<dyn FileWriter + '_>> {
        let path = self.path(rel)?;
        let f = std::fs::File::create(&path)
            .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()))?;
        Ok(Box::new(DirFile(
            std::io::BufWriter::with_capacity(1 << 20, f),
            path,
        )))
    }
    fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

/// Lets `fill` write into a staging folder beside `out`, then swaps it into place, and returns
/// the warnings of the run (a previous output or a leftover that could not be removed: the build
/// is done, but the folder is left behind). When `fill` fails (or the process dies at any
/// moment) `out` names the whole previous output or the whole new one, never a part or nothing
/// (but before the first build, when there is no previous output).
///
/// The swap, on Linux: `renameat2(RENAME_EXCHANGE)` exchanges the staging folder and `out` in
/// one step; the previous output, now at the staging name, is then removed. Where the exchange
/// is not available (another system, or a file system that answers `EINVAL`/`ENOSYS`), two
/// renames: `out` to `.<name>.stdkit-old-<pid>`, the staging folder to `out`; a run killed
/// between them leaves `out` missing and the previous output whole under the `-old-` name,
/// which the next run puts back first ([`recover`]). An `-old-` folder is only ever a whole
/// output: it is renamed to the staging name before it is removed.
///
/// `out` must not be a symbolic link (refused: replacing the link would empty its target).
pub fn write_tree(out: &Path, fill: impl FnOnce(&dyn Sink) -> Result<()>) -> Result<Vec<String>> {
    let out = &clean(out);
    refuse_link(out)?;
    if out.exists() && !out.is_dir() {
        bail!(said!(
            "`{}` exists and is not a folder",
            "`{}` 已存在且不是文件夹",
            out.display()
        ));
    }
    let parent = parent_of(out);
    std::fs::create_dir_all(parent)
        .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", parent.display()))?;
    let name = file_name(out).unwrap_or_else(|| "build".into());
    let mut warnings = recover(out)?;
    let staging = parent.join(format!(".{name}.stdkit-tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.stdkit-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| -> Result<PathBuf> {
        std::fs::create_dir_all(&staging)
            .with_context(|| said!("cannot create `{}`", "无法创建 `{}`", staging.display()))?;
        fill(&DirSink {
            root: staging.clone(),
            count: AtomicUsize::new(0),
        })?;
        swap(&staging, out, &old)
    })();
    let previous = match result {
        Ok(previous) => previous,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if let Err(e) = remove_tree(&previous) {
        warnings.push(format!(
            "the previous output could not be removed and is left at `{}`: {e}",
            previous.display()
        ));
    }
    Ok(warnings)
}

/// Refuses a symbolic link as an output folder, naming its target: replacing the link would
/// swap the link, not the folder, and removing "the previous output" would empty the target.
pub fn refuse_link(out: &Path) -> Result<()> {
    let out = &clean(out);
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        let target = std::fs::read_link(out).unwrap_or_default();
        bail!(said!(
            "`{}` is a symbolic link to `{}`; give the real folder with -o",
            "`{}` 是指向 `{}` 的符号链接；请用 -o 给出实际目录",
            out.display(),
            target.display()
        ));
    }
    Ok(())
}

/// Repairs what a killed [`write_tree`] into `out` left beside it, and returns its warnings:
/// when `out` is missing and a whole previous output of a dead run (`.<name>.stdkit-old-<pid>`)
/// is there, it is put back at `out` first (the newest, if there are several); then the
/// staging folders of dead runs are removed, and their `-old-` folders too, but only while
/// `out` exists (a previous output is never removed while it is the only copy). Runs that are
/// alive are left alone.
pub fn recover(out: &Path) -> Result<Vec<String>> {
    let out = &clean(out);
    let parent = parent_of(out);
    let name = file_name(out).unwrap_or_else(|| "build".into());
    let (tmp_prefix, old_prefix) = (
        format!(".{name}.stdkit-tmp-"),
        format!(".{name}.stdkit-old-"),
    );
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(Vec::new());
    };
    let (mut stale_tmp, mut stale_old) = (Vec::new(), Vec::new());
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let (list, pid) = if let Some(pid) = file.strip_prefix(&tmp_prefix) {
            (&mut stale_tmp, pid)
        } else if let Some(pid) = file.strip_prefix(&old_prefix) {
            (&mut stale_old, pid)
        } else {
            continue;
        };
        // Our own pid cannot be this run's (recovery runs before this run makes its folders):
        // it is a dead run's, whose pid came round again (as in containers).
        if let Ok(pid) = pid.parse::<u32>()
            && (pid == std::process::id() || !alive(pid))
        {
            list.push(e.path());
        }
    }
    let mut warnings = Vec::new();
    let missing = || std::fs::symlink_metadata(out).is_err();
    if missing() && !stale_old.is_empty() {
        let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        stale_old.sort_by_key(modified);
        let newest = stale_old.pop().unwrap_or_default();
        std::fs::rename(&newest, out).with_context(|| {
            format!(
                "`{}` is missing and its previous copy `{}` (left by a run that was killed) cannot be put back",
                out.display(),
                newest.display()
            )
        })?;
        warnings.push(format!(
            "`{}` was missing (a build was killed while replacing it): its previous copy was put back",
            out.display()
        ));
    }
    if missing() {
        stale_old.clear();
    }
    for dir in stale_tmp.into_iter().chain(stale_old) {
        if let Err(e) = remove_tree(&dir) {
            warnings.push(format!(
                "a folder left beside the output by an earlier build could not be removed: `{}`: {e}",
                dir.display()
            ));
        }
    }
    Ok(warnings)
}

/// Whether the process `pid` is running (a zombie counts as running).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks whether the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Puts the finished `staging` folder at `out`, and returns where the previous output is now
/// (`staging`, or `old` if it could not be moved on; nothing there before the first build).
/// See [`write_tree`] for the two ways.
fn swap(staging: &Path, out: &Path, old: &Path) -> Result<PathBuf> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(staging, out)
            .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", out.display()))?;
        return Ok(staging.to_path_buf());
    }
    match exchange(staging, out) {
        Ok(true) => return Ok(staging.to_path_buf()),
        Ok(false) => {}
        Err(e) => {
            return Err(e)
                .with_context(|| said!("cannot replace `{}`", "无法替换 `{}`", out.display()));
        }
    }
    renames(staging, out, old)
}

/// The fallback of [`swap`]: two renames, `out` missing in between (repaired by [`recover`]).
fn renames(staging: &Path, out: &Path, old: &Path) -> Result<PathBuf> {
    std::fs::rename(out, old)
        .with_context(|| said!("cannot replace `{}`", "无法替换 `{}`", out.display()))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(old, out);
        return Err(e).with_context(|| said!("cannot write `{}`", "无法写入 `{}`", out.display()));
    }
    // Only a whole output is ever called `-old-`: it moves to the free staging name to be removed.
    Ok(if std::fs::rename(old, staging).is_ok() {
        staging.to_path_buf()
    } else {
        old.to_path_buf()
    })
}

/// Exchanges `a` and `b` atomically: `Ok(false)` where that is not supported.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // The system call rather than glibc's `renameat2` wrapper (glibc 2.28+): an old kernel
    // answers ENOSYS, an old C library is no obstacle.
    // SAFETY: both paths are NUL-terminated strings that live across the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Removes a folder (a previous output or a leftover): its files in parallel (tens of
/// thousands of them), then the folders. A symbolic link is removed, never followed. Returns
/// the first error when something is left.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return std::fs::remove_file(dir);
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                _ => files.push(e.path()),
            }
        }
    }
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    std::fs::remove_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_refused_and_a_device_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, b"keep").unwrap();
        let link = dir.path().join("link.md");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&real, &link).unwrap();
            assert!(write_atomic(&link, b"new").is_err());
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(std::fs::read(&real).unwrap(), b"keep");
            // A character device stays a device; a pipe nobody reads fails instead of hanging.
            write_atomic(Path::new("/dev/null"), b"x").unwrap();
            let fifo = dir.path().join("fifo.md");
            let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
            assert!(write_atomic(&fifo, b"x").is_err());
            use std::os::unix::fs::FileTypeExt;
            assert!(
                std::fs::metadata("/dev/null")
                    .unwrap()
                    .file_type()
                    .is_char_device()
            );
        }
    }

    #[test]
    fn new_files_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        write_new_atomic(&p, b"one").unwrap();
        assert!(write_new_atomic(&p, b"two").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    /// A folder holding `files` (name, text).
    fn folder(dir: &Path, files: &[(&str, &str)]) {
        std::fs::create_dir_all(dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// A pid no process has (the tests' stand-in for a run that was killed).
    fn dead_pid() -> u32 {
        (999_999..).find(|&p| !alive(p)).expect("a free pid")
    }

    #[test]
    fn the_swap_replaces_a_tree_and_removes_the_previous_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        folder(&out, &[("old.txt", "old")]);
        let warnings = write_tree(&out, |sink| {
            sink.put(Path::new("a/new.txt"), b"new".to_vec())
        })
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(std::fs::read(out.join("a/new.txt")).unwrap(), b"new");
        assert!(!out.join("old.txt").exists());
        assert_eq!(names(dir.path()), ["out"], "nothing left beside the output");
    }

    #[test]
    fn the_two_renames_leave_only_whole_trees_under_the_old_name() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging, old) = (
            dir.path().join("out"),
            dir.path().join(".out.stdkit-tmp-1"),
            dir.path().join(".out.stdkit-old-1"),
        );
        folder(&out, &[("v", "1")]);
        folder(&staging, &[("v", "2")]);
        let previous = renames(&staging, &out, &old).unwrap();
        assert_eq!(
            previous, staging,
            "moved to the staging name before removal"
        );
        assert_eq!(std::fs::read(out.join("v")).unwrap(), b"2");
        assert_eq!(std::fs::read(staging.join("v")).unwrap(), b"1");
        assert!(!old.exists());
    }

    #[test]
    fn a_missing_output_is_put_back_from_the_old_copy_of_a_dead_run() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let pid = dead_pid();
        folder(
            &dir.path().join(format!(".out.stdkit-old-{pid}")),
            &[("v", "1")],
        );
        folder(
            &dir.path().join(format!(".out.stdkit-tmp-{pid}")),
            &[("half", "")],
        );
        let warnings = recover(&out).unwrap();
        assert_eq!(std::fs::read(out.join("v")).unwrap(), b"1");
        assert_eq!(names(dir.path()), ["out"]);
        assert!(
            warnings.iter().any(|w| w.contains("put back")),
            "{warnings:?}"
        );
    }

    #[test]
    fn leftovers_of_dead_runs_go_but_those_of_live_runs_stay() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        folder(&out, &[("v", "2")]);
        let pid = dead_pid();
        // A live run: another process (our own pid cannot be a live run at recovery time).
        let mut live = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let other = live.id();
        let me = std::process::id();
        for name in [
            format!(".out.stdkit-old-{pid}"),
            format!(".out.stdkit-tmp-{pid}"),
            format!(".out.stdkit-tmp-{me}"),
            format!(".out.stdkit-tmp-{other}"),
        ] {
            folder(&dir.path().join(name), &[("v", "1")]);
        }
        let warnings = recover(&out).unwrap();
        let _ = live.kill();
        let _ = live.wait();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            names(dir.path()),
            [format!(".out.stdkit-tmp-{other}"), "out".into()]
        );
        assert_eq!(std::fs::read(out.join("v")).unwrap(), b"2");
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_is_refused_and_its_target_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("www");
        folder(&target, &[("index.html", "site")]);
        let link = dir.path().join("build");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for out in [link.clone(), dir.path().join("build/")] {
            let e = write_tree(&out, |_| Ok(())).unwrap_err().to_string();
            assert!(e.contains("symbolic link") && e.contains("www"), "{e}");
        }
        assert_eq!(names(&target), ["index.html"]);
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn write_errors_name_the_file() {
        // No file can be created in /proc, even by root: the error names the file, not the
        // hidden temporary one beside it.
        let e = format!(
            "{:#}",
            write_atomic(Path::new("/proc/stdkit-t.md"), b"x").unwrap_err()
        );
        assert!(
            e.contains("`/proc/stdkit-t.md`") && !e.contains("stdkit-tmp"),
            "{e}"
        );
    }
}
