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

/// Writes `bytes` to `path` atomically (temp file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    if path.is_dir() {
        bail!("`{}` is a folder, not a file", path.display());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.stdkit-tmp-{}",
        file_name(path).unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write `{}`", tmp.display()))?;
        f.write_all(bytes)?;
        f.sync_all().ok();
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write `{}`", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates `path` with `bytes` atomically, never replacing an existing file: the bytes go to a
/// temporary file beside it, which is then hard-linked into place (the link fails if `path`
/// exists, so two writers cannot both win and a reader never sees half a file).
pub fn write_new_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
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
            .with_context(|| format!("cannot create `{}`", path.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        f.sync_all().ok();
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(e).with_context(|| format!("`{}` exists; not replaced", path.display()))
            }
            // A file system without hard links: create the file in place, still never replacing.
            Err(_) => {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
                    .with_context(|| format!("cannot create `{}`", path.display()))?;
                f.write_all(bytes)
                    .with_context(|| format!("cannot write `{}`", path.display()))
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

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
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
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        self.count.fetch_add(1, Ordering::Relaxed);
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
            .with_context(|| format!("cannot write `{}`", self.1.display()))
    }
}

impl Sink for DirSink {
    fn put(&self, rel: &Path, bytes: Vec<u8>) -> Result<()> {
        let path = self.path(rel)?;
        std::fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
    }
    fn writer(&self, rel: &Path) -> Result<Box<dyn FileWriter + '_>> {
        let path = self.path(rel)?;
        let f = std::fs::File::create(&path)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(Box::new(DirFile(
            std::io::BufWriter::with_capacity(1 << 20, f),
            path,
        )))
    }
    fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

/// Lets `fill` write into a staging folder beside `out`, then swaps it into place. When
/// `fill` fails (or the process dies) the previous output stays as it was.
pub fn write_tree(out: &Path, fill: impl FnOnce(&dyn Sink) -> Result<()>) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!("`{}` exists and is not a folder", out.display());
    }
    let parent = parent_of(out);
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create `{}`", parent.display()))?;
    let name = file_name(out).unwrap_or_else(|| "build".into());
    remove_stale(parent, &name);
    let staging = parent.join(format!(".{name}.stdkit-tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.stdkit-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| -> Result<()> {
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create `{}`", staging.display()))?;
        fill(&DirSink {
            root: staging.clone(),
            count: AtomicUsize::new(0),
        })?;
        swap(&staging, out, &old)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Puts the finished `staging` folder at `out`, the previous `out` moved to `old` and removed;
/// when the last rename fails, the previous output is put back.
fn swap(staging: &Path, out: &Path, old: &Path) -> Result<()> {
    if out.exists() {
        std::fs::rename(out, old).with_context(|| format!("cannot replace `{}`", out.display()))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(old, out);
        return Err(e).with_context(|| format!("cannot write `{}`", out.display()));
    }
    remove_tree(old);
    Ok(())
}

/// Removes a previous output: its files in parallel (tens of thousands of them), then the
/// folders. Best effort: what cannot be removed is left, never an error of the build.
fn remove_tree(dir: &Path) {
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
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes staging folders left by runs that were killed (their process is gone).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let pid = file
            .strip_prefix(&format!(".{name}.stdkit-tmp-"))
            .or_else(|| file.strip_prefix(&format!(".{name}.stdkit-old-")))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
