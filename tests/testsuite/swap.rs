//! The output swap under faults: builds killed at random moments, the leftovers of a run killed
//! inside the swap, a symbolic link as the output, a previous output that cannot be removed,
//! and write errors that name the file.
//!
//! The kill test runs [`KILLS`] builds (override with `STDKIT_KILLS=60`; the seed of the
//! delays with `STDKIT_KILL_SEED`, printed on failure).

use crate::common;

use common::{standards, stdkit};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Killed builds in one run of the kill test (20: about 20 s in a debug build on a busy
/// machine; 60 were run by hand with `STDKIT_KILLS=60`).
const KILLS: usize = 20;

/// A file rendered late in a build, compared byte for byte.
const KNOWN: &str = "handbook.html";

/// Every file below `dir`, relative, sorted (empty when `dir` is missing).
fn tree(dir: &Path) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    common::files_below(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// What is beside `out` but `out` itself (leftovers of the swap).
fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&name) && *n != name)
        .collect()
}

/// A whole build: the reference's files, and the known file's bytes.
struct Reference {
    files: Vec<PathBuf>,
    known: Vec<u8>,
    took: Duration,
}

impl Reference {
    fn new(dir: &Path) -> Self {
        let out = dir.join("reference");
        let start = Instant::now();
        stdkit()
            .args(["build", "-q"])
            .arg(standards())
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let took = start.elapsed();
        Reference {
            files: tree(&out),
            known: std::fs::read(out.join(KNOWN)).unwrap(),
            took,
        }
    }

    /// Why `out` is not a whole build, if it is not.
    fn whole(&self, out: &Path) -> Result<(), String> {
        let files = tree(out);
        if files != self.files {
            let missing = self.files.iter().filter(|f| !files.contains(f)).count();
            let extra = files.iter().filter(|f| !self.files.contains(f)).count();
            return Err(format!(
                "{} files, {missing} missing, {extra} extra",
                files.len()
            ));
        }
        if std::fs::read(out.join(KNOWN)).unwrap() != self.known {
            return Err(format!("{KNOWN} differs"));
        }
        Ok(())
    }
}

/// A small xorshift generator: the delays are random but can be replayed from the seed.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn builds_killed_at_random_moments_leave_a_whole_output() {
    let kills: usize = std::env::var("STDKIT_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(KILLS);
    let seed: u64 = std::env::var("STDKIT_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let dir = tempfile::tempdir().unwrap();
    let reference = Reference::new(dir.path());
    // A killed build takes longer than the reference at most by the start of the process.
    let span = reference.took.as_millis() as u64 + 50;
    let out = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("stdkit");
    let mut state = seed;
    let mut built = false;
    for i in 0..kills {
        let delay = next(&mut state) % span;
        let mut child = std::process::Command::new(&bin)
            .args(["build", "-q"])
            .arg(standards())
            .arg("-o")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let at = format!("kill {i} after {delay} ms (seed {seed}, exit {status})");
        if out.exists() {
            reference
                .whole(&out)
                .unwrap_or_else(|e| panic!("{at}: {e}"));
            built = true;
        } else {
            assert!(
                !built,
                "{at}: the output is gone after a build had succeeded"
            );
        }
        // Every fourth kill (and the last) a normal build follows; kills also come back to back.
        if i % 4 == 3 || i + 1 == kills {
            let a = stdkit()
                .args(["build", "-q"])
                .arg(standards())
                .arg("-o")
                .arg(&out)
                .assert();
            let err = stderr(&a);
            a.success();
            assert!(!err.contains("could not be removed"), "{at}: {err}");
            reference
                .whole(&out)
                .unwrap_or_else(|e| panic!("{at}, then a build: {e}"));
            assert!(beside(&out).is_empty(), "{at}: left {:?}", beside(&out));
            built = true;
        }
    }
}

/// A pid no process has (the stand-in for a run that was killed).
fn dead_pid() -> u32 {
    (999_999..)
        .find(|p| !Path::new(&format!("/proc/{p}")).exists())
        .unwrap()
}

#[test]
fn a_build_killed_inside_the_swap_is_repaired() {
    // The two-rename swap killed between its renames leaves the previous output under the old
    // name and the output missing (the staging folder may be half written).
    let dir = tempfile::tempdir().unwrap();
    let reference = Reference::new(dir.path());
    let out = dir.path().join("out");
    let pid = dead_pid();
    let old = dir.path().join(format!(".out.stdkit-old-{pid}"));
    let staging = dir.path().join(format!(".out.stdkit-tmp-{pid}"));
    common::copy_dir(&dir.path().join("reference"), &old);
    std::fs::create_dir_all(staging.join("html")).unwrap();
    std::fs::write(staging.join("html/index.html"), "half").unwrap();
    let a = stdkit()
        .args(["build", "-q"])
        .arg(standards())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(stderr(&a).contains("put back"), "{}", stderr(&a));
    reference.whole(&out).unwrap();
    assert!(beside(&out).is_empty(), "left {:?}", beside(&out));
}

#[test]
fn the_previous_output_is_put_back_before_anything_else() {
    // Even a build that then fails (a broken template) puts the previous output back.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sys");
    common::copy_dir(&standards(), &root);
    let reference = Reference::new(dir.path());
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/post.html"), "{% for x in %}").unwrap();
    let out = dir.path().join("out");
    let old = dir.path().join(format!(".out.stdkit-old-{}", dead_pid()));
    common::copy_dir(&dir.path().join("reference"), &old);
    stdkit()
        .args(["build", "-q"])
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    reference.whole(&out).unwrap();
    assert!(beside(&out).is_empty(), "left {:?}", beside(&out));
}

#[test]
fn a_stale_old_copy_is_removed_only_while_the_output_exists() {
    let dir = tempfile::tempdir().unwrap();
    let reference = Reference::new(dir.path());
    let out = dir.path().join("out");
    common::copy_dir(&dir.path().join("reference"), &out);
    let old = dir.path().join(format!(".out.stdkit-old-{}", dead_pid()));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("v"), "old").unwrap();
    stdkit()
        .args(["build", "-q"])
        .arg(standards())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    reference.whole(&out).unwrap();
    assert!(!old.exists());
}

#[cfg(unix)]
#[test]
fn a_linked_output_folder_is_refused_and_its_target_kept() {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    stdkit()
        .args(["build", "-q"])
        .arg(standards())
        .arg("-o")
        .arg(&www)
        .assert()
        .success();
    let before = tree(&www);
    let link = dir.path().join("build");
    std::os::unix::fs::symlink(&www, &link).unwrap();
    for out in [link.clone(), dir.path().join("build/")] {
        let a = stdkit()
            .args(["build", "-q"])
            .arg(standards())
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2);
        let err = stderr(&a);
        assert!(
            err.contains("is a symbolic link to")
                && err.contains(&*www.to_string_lossy())
                && err.contains("give the real folder with -o"),
            "{err}"
        );
    }
    assert_eq!(tree(&www), before, "the target was changed");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
fn root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Makes `file` impossible to remove: its folder read-only, or as root (where permissions do
/// not stop removal) the file immutable with `chattr +i`. Returns the undo, which finds the
/// file below `top` wherever the swap has moved it, or `None` when neither works here.
#[cfg(unix)]
fn pin(file: &Path, top: &Path) -> Option<Box<dyn Fn()>> {
    use std::os::unix::fs::PermissionsExt;
    let chattr = |flag: &str, f: &Path| {
        std::process::Command::new("chattr")
            .arg(flag)
            .arg(f)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let as_root = root();
    if as_root {
        if !chattr("+i", file) {
            return None;
        }
    } else {
        let folder = file.parent().unwrap();
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let (name, top) = (file.file_name().unwrap().to_owned(), top.to_path_buf());
    Some(Box::new(move || {
        for e in walkdir::WalkDir::new(&top).into_iter().flatten() {
            if e.file_name() != name {
                continue;
            }
            if as_root {
                chattr("-i", e.path());
            } else {
                let folder = e.path().parent().unwrap();
                let _ = std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755));
            }
        }
    }))
}

#[cfg(unix)]
#[test]
fn a_previous_output_that_cannot_be_removed_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let build = || {
        stdkit()
            .args(["build", "-q"])
            .arg(standards())
            .arg("-o")
            .arg(&out)
            .assert()
            .success()
    };
    build();
    let pinned = out.join("html/locked/pinned.txt");
    std::fs::create_dir_all(pinned.parent().unwrap()).unwrap();
    std::fs::write(&pinned, "cannot go").unwrap();
    let Some(undo) = pin(&pinned, dir.path()) else {
        // Neither permissions nor chattr can pin a file here: nothing to test.
        return;
    };
    let first = stderr(&build());
    let second = stderr(&build());
    undo();
    let left = beside(&out);
    assert_eq!(left.len(), 1, "{left:?}");
    for err in [&first, &second] {
        assert!(
            err.contains("warning:")
                && err.contains("could not be removed")
                && err.contains(&left[0]),
            "every build tells, naming the folder: {err}"
        );
    }
    assert!(
        !out.join("html/locked").exists(),
        "the output is the new build"
    );
    // Once removable, the next build clears it.
    build();
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

#[cfg(unix)]
#[test]
fn table_write_errors_name_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let target = ro.join("table.md");
    let a = stdkit()
        .args(["table", "-q"])
        .arg(standards())
        .arg("-o")
        .arg(&target)
        .assert();
    // Root writes into a read-only folder anyway: then only the success is checked.
    if root() {
        a.success();
    } else {
        let err = stderr(&a);
        a.code(2);
        assert!(
            err.contains(&format!("cannot write `{}`", target.display()))
                && !err.contains("stdkit-tmp"),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 0, "nothing left");
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    // No file can be made in /proc, even by root.
    if Path::new("/proc/self").exists() {
        let a = stdkit()
            .args(["table", "-q"])
            .arg(standards())
            .args(["-o", "/proc/stdkit-table.md"])
            .assert()
            .code(2);
        let err = stderr(&a);
        assert!(
            err.contains("cannot write `/proc/stdkit-table.md`"),
            "{err}"
        );
    }
}
