//! Reading a file named by data (a standard, a template, a revision's working-tree copy, a
//! finding's source) without being stalled or flooded by it: regular files only, opened without
//! blocking (a FIFO with no writer would hang the run), the type checked on the opened handle (a
//! file swapped for something else after it was listed is caught), read at most to a limit.
//!
//! A leaf: it knows files, nothing of stdkit.

use std::fs::{File, FileType};
use std::io::Read;
use std::path::Path;

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
