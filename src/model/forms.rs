//! Predicates on the form of values that several layers need (the rules, the counting, the
//! handbook): whether an id can name a file, the letter of an annex, a catch-all material, the
//! placeholder `stdkit new` leaves. Here, not in a rule, so outputs do not import the rules.

/// Ids name output files: letters, digits, `.`, `_`, `-` only, at most 128 of them.
pub fn file_safe(id: &str) -> bool {
    // `<id>.html` must fit a file name (255 bytes); 128 leaves room and is plenty for an id.
    !id.is_empty()
        && id.len() <= 128
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The letter of the annex at index `i`: A, B, … Z, then AA … (a system will not need them).
pub fn annex_letter(i: usize) -> String {
    let mut s = String::new();
    let mut n = i;
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

/// A catch-all material (兜底条款): "其他材料", "相关材料", "有关部门要求的其他材料" …
pub fn is_catch_all(name: &str) -> bool {
    let n = name.trim().trim_end_matches(['。', '；', ';', '.']);
    (n.contains("其他") || n.contains("其它")) && n.contains("材料")
        || matches!(
            n,
            "相关材料" | "有关材料" | "相关资料" | "有关资料" | "其他" | "其它"
        )
}

/// The marker `stdkit new` leaves in fields to fill in (S008).
pub const PLACEHOLDER: &str = "【待填写";

/// Whether a value is a placeholder left by `stdkit new`.
pub fn is_placeholder(s: &str) -> bool {
    s.contains(PLACEHOLDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_letters() {
        assert_eq!(annex_letter(0), "A");
        assert_eq!(annex_letter(25), "Z");
        assert_eq!(annex_letter(26), "AA");
    }

    #[test]
    fn forms() {
        assert!(file_safe("202-001") && !file_safe("../x") && !file_safe(".x") && !file_safe(""));
        assert!(is_catch_all("其他材料。") && is_catch_all("相关材料") && !is_catch_all("身份证"));
        assert!(is_placeholder("【待填写：标准名称】"));
    }
}
