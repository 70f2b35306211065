//! Places in a text as the loader counts them: lines end at LF, CRLF or a lone CR (YAML's rule),
//! columns count Unicode scalar values, a leading byte-order mark takes none. Shared by the
//! corpus runner (every finding must point at a real place) and the `load` fuzz target (every
//! parse error and node must), so the two cannot disagree on what a place is.

/// The lines of a file as a YAML parser counts them (LF, CRLF and a lone CR end a line), each
/// as its number of Unicode scalar values; a leading byte-order mark is not counted.
pub fn line_lengths(bytes: &[u8]) -> Vec<u64> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut out = Vec::new();
    let mut n = 0u64;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push(n);
                n = 0;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(n);
                n = 0;
            }
            _ => n += 1,
        }
    }
    out.push(n);
    out
}

/// Whether `line:col` is a place in a file with these line lengths (one past the end of a line
/// is the end of that line).
pub fn place_exists(lines: &[u64], line: u64, col: u64) -> bool {
    line >= 1
        && col >= 1
        && lines
            .get(line as usize - 1)
            .is_some_and(|len| col <= len + 1)
}
