//! The columns of a 标准明细表: the fields stdkit reads, the header names it recognises for each
//! (Chinese first, after GB/T 13017 and the detail table `stdkit table` writes), and the
//! mapping file that names them for an unusual layout.

use crate::diag::Msg;
use crate::tabular::Encoding;
use crate::yaml::{self, Node};

/// What a column of the sheet gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// 体系表编号: the id (its node places the file).
    Id,
    /// 标准编号
    Number,
    /// 标准名称
    Title,
    /// 宜定级别
    Level,
    /// 状态
    Status,
    /// 发布日期
    Published,
    /// 实施日期
    Effective,
    /// 被代替标准号
    Supersedes,
    /// 归口部门
    Owner,
    /// 备注
    Note,
    /// 采用关系 (国际国外标准号及采用程度): kept in `note`.
    Adoption,
    /// 序号: read past.
    Seq,
}

/// Every field, in the order of the mapping file's `columns:`.
pub const FIELDS: [Field; 12] = [
    Field::Id,
    Field::Number,
    Field::Title,
    Field::Level,
    Field::Status,
    Field::Published,
    Field::Effective,
    Field::Supersedes,
    Field::Owner,
    Field::Note,
    Field::Adoption,
    Field::Seq,
];

impl Field {
    /// The key in a mapping file's `columns:`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Number => "number",
            Field::Title => "title",
            Field::Level => "level",
            Field::Status => "status",
            Field::Published => "published",
            Field::Effective => "effective",
            Field::Supersedes => "supersedes",
            Field::Owner => "owner",
            Field::Note => "note",
            Field::Adoption => "adoption",
            Field::Seq => "seq",
        }
    }

    /// The header names recognised for the field, compared after [`normalise_header`]. The
    /// first is the name of the detail table `stdkit table` writes, where it has one.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "体系表编号",
                "标准体系表编号",
                "标准体系编号",
                "体系编号",
                "体系表号",
                "体系表中编号",
                "体系代码",
                "明细表编号",
            ],
            Field::Number => &[
                "标准编号",
                "标准号",
                "标准代号",
                "标准代号及编号",
                "标准代号和编号",
                "标准编号及年代号",
                "标准文号",
                "编号",
            ],
            Field::Title => &[
                "标准名称",
                "名称",
                "标准名",
                "标准中文名称",
                "文件名称",
                "标准文件名称",
            ],
            Field::Level => &[
                "宜定级别",
                "级别",
                "标准级别",
                "标准层级",
                "层级",
                "标准类别",
            ],
            Field::Status => &[
                "状态",
                "标准状态",
                "现行状态",
                "执行状态",
                "有效状态",
                "实施状态",
            ],
            Field::Published => &["发布日期", "发布时间", "发布年月", "发布"],
            Field::Effective => &["实施日期", "实施时间", "执行日期", "生效日期", "实施"],
            Field::Supersedes => &[
                "被代替标准号",
                "被代替标准编号",
                "被代替标准",
                "被替代标准号",
                "代替标准号",
                "代替标准",
                "被代替标准号或作废",
                "代替",
            ],
            Field::Owner => &[
                "归口部门",
                "归口",
                "归口单位",
                "主管部门",
                "责任部门",
                "部门",
                "提出部门",
            ],
            Field::Note => &["备注", "说明"],
            Field::Adoption => &[
                "采用",
                "采用关系",
                "采标情况",
                "采用情况",
                "采用程度",
                "国际国外标准号及采用关系",
                "国际标准号及采用程度",
                "国际、国外标准号及采用关系",
            ],
            Field::Seq => &["序号", "序"],
        }
    }

    /// The Chinese name, for the report.
    pub fn zh(self) -> &'static str {
        self.synonyms()[0]
    }
}

/// A header cell as it is compared: white space (inside too: `标 准 名 称`, a line break) and
/// a trailing `*` or `：` dropped, full-width brackets as ASCII. A bracketed tail
/// (`标准名称（中文）`) is tried without it by [`field_of`].
pub fn normalise_header(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' | '［' => '[',
            '】' | '］' => ']',
            c => c,
        })
        .collect();
    while out.ends_with(['*', '：', ':']) {
        out.pop();
    }
    out
}

/// The field a header names, if any.
pub fn field_of(header: &str) -> Option<Field> {
    let h = normalise_header(header);
    let find = |h: &str| FIELDS.iter().copied().find(|f| f.synonyms().contains(&h));
    find(&h).or_else(|| {
        let cut = h.find(['(', '['])?;
        (cut > 0).then(|| find(&h[..cut])).flatten()
    })
}

/// A mapping file for a sheet whose layout the header names do not tell:
///
/// ```yaml
/// sheet: 标准明细表        # the sheet (default: one named …明细…, else the first with a header)
/// header_row: 3            # the header's row as Excel (or, for CSV, an editor) numbers it;
///                          # default: found among the first 30 rows
/// encoding: gb18030        # CSV only: auto (default) | utf-8 | gb18030 | utf-16
/// columns:                 # header names of the fields, replacing the recognised names
///   id: 体系编号
///   number: 标准号
///   title: 名称
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    pub encoding: Encoding,
    /// (field, header name as written in the sheet)
    pub columns: Vec<(Field, String)>,
}

/// Where in the mapping file, and what is wrong.
fn bad(file: &str, node: &Node, en: String, zh: String) -> Msg {
    let at = format!("{file}:{}:{}", node.span.start.line, node.span.start.col);
    Msg::new(format!("{at}: {en}"), format!("{at}：{zh}"))
}

impl Mapping {
    /// Reads a mapping file; every problem is an error naming its line and column (`file` is
    /// the name shown).
    pub fn parse(text: &str, file: &str) -> Result<Mapping, Msg> {
        let parsed = yaml::parse(text);
        if let Some(e) = parsed.errors.first() {
            let at = format!("{file}:{}:{}", e.span.start.line, e.span.start.col);
            return Err(Msg::new(
                format!("{at}: not valid YAML: {}", e.detail),
                format!("{at}：不是有效的 YAML：{}", e.detail),
            ));
        }
        let Some(root) = parsed.root else {
            return Ok(Mapping::default());
        };
        if matches!(root.value, yaml::Value::Null) {
            return Ok(Mapping::default());
        }
        let Some(entries) = root.as_map() else {
            return Err(bad(
                file,
                &root,
                "a mapping file is a mapping of `sheet`, `header_row`, `encoding` and `columns`"
                    .into(),
                "映射文件应为包含 `sheet`、`header_row`、`encoding`、`columns` 的映射".into(),
            ));
        };
        let mut m = Mapping::default();
        for e in entries {
            let v = &e.value;
            let text = |what_en: &str, what_zh: &str| -> Result<String, Msg> {
                match v.as_str().map(str::trim) {
                    Some(s) if !s.is_empty() => Ok(s.to_string()),
                    _ => Err(bad(
                        file,
                        v,
                        format!("`{}` must be {what_en}", e.key),
                        format!("`{}` 应为{what_zh}", e.key),
                    )),
                }
            };
            match e.key.as_str() {
                "sheet" => m.sheet = Some(text("the name of a sheet", "工作表名称")?),
                "header_row" => {
                    let s = text("a row number from 1", "从 1 起的行号")?;
                    match s.parse::<u32>() {
                        Ok(n) if n >= 1 => m.header_row = Some(n),
                        _ => {
                            return Err(bad(
                                file,
                                v,
                                format!("`header_row` must be a row number from 1, not `{s}`"),
                                format!("`header_row` 应为从 1 起的行号，而不是 `{s}`"),
                            ));
                        }
                    }
                }
                "encoding" => {
                    let s = text(
                        "auto, utf-8, gb18030 or utf-16",
                        "auto、utf-8、gb18030 或 utf-16",
                    )?;
                    m.encoding = match s.to_ascii_lowercase().replace('_', "-").as_str() {
                        "auto" => Encoding::Auto,
                        "utf-8" | "utf8" => Encoding::Utf8,
                        "gb18030" | "gbk" | "gb2312" => Encoding::Gb18030,
                        "utf-16" | "utf16" => Encoding::Utf16,
                        _ => {
                            return Err(bad(
                                file,
                                v,
                                format!("unknown encoding `{s}` (auto, utf-8, gb18030 or utf-16)"),
                                format!("未知编码 `{s}`（应为 auto、utf-8、gb18030 或 utf-16）"),
                            ));
                        }
                    };
                }
                "columns" => m.columns = columns(file, v)?,
                other => {
                    let known = ["sheet", "header_row", "encoding", "columns"];
                    let hint = crate::diag::did_you_mean(other, known.iter().copied())
                        .map(|k| {
                            (
                                format!("; did you mean `{k}`?"),
                                format!("；是否应为 `{k}`？"),
                            )
                        })
                        .unwrap_or_default();
                    let at = format!("{file}:{}:{}", e.key_span.start.line, e.key_span.start.col);
                    return Err(Msg::new(
                        format!(
                            "{at}: unknown key `{other}` (known: {}){}",
                            known.join(", "),
                            hint.0
                        ),
                        format!(
                            "{at}：未知的键 `{other}`（可用：{}）{}",
                            known.join("、"),
                            hint.1
                        ),
                    ));
                }
            }
        }
        Ok(m)
    }
}

fn columns(file: &str, v: &Node) -> Result<Vec<(Field, String)>, Msg> {
    let Some(entries) = v.as_map() else {
        return Err(bad(
            file,
            v,
            "`columns` must map fields to header names, e.g. `title: 名称`".into(),
            "`columns` 应把字段映射到表头名称，如 `title: 名称`".into(),
        ));
    };
    let mut out: Vec<(Field, String)> = Vec::new();
    for e in entries {
        let Some(field) = FIELDS.iter().copied().find(|f| f.key() == e.key) else {
            let keys: Vec<&str> = FIELDS.iter().map(|f| f.key()).collect();
            let hint = crate::diag::did_you_mean(&e.key, keys.iter().copied())
                .map(|k| {
                    (
                        format!("; did you mean `{k}`?"),
                        format!("；是否应为 `{k}`？"),
                    )
                })
                .unwrap_or_default();
            let at = format!("{file}:{}:{}", e.key_span.start.line, e.key_span.start.col);
            return Err(Msg::new(
                format!(
                    "{at}: unknown field `{}` in `columns` (known: {}){}",
                    e.key,
                    keys.join(", "),
                    hint.0
                ),
                format!(
                    "{at}：`columns` 中的未知字段 `{}`（可用：{}）{}",
                    e.key,
                    keys.join("、"),
                    hint.1
                ),
            ));
        };
        let header = match e.value.as_str().map(str::trim) {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => {
                return Err(bad(
                    file,
                    &e.value,
                    format!("`columns.{}` must be a header name of the sheet", e.key),
                    format!("`columns.{}` 应为表格中的表头名称", e.key),
                ));
            }
        };
        if let Some((f, _)) = out.iter().find(|(_, h)| *h == header) {
            return Err(bad(
                file,
                &e.value,
                format!(
                    "header `{header}` is given for both `{}` and `{}`",
                    f.key(),
                    field.key()
                ),
                format!(
                    "表头 `{header}` 同时给了 `{}` 和 `{}`",
                    f.key(),
                    field.key()
                ),
            ));
        }
        out.push((field, header));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_with_synonyms_spaces_and_brackets() {
        assert_eq!(field_of("体系表编号"), Some(Field::Id));
        assert_eq!(field_of("标准体系编号"), Some(Field::Id));
        assert_eq!(field_of("标 准 号"), Some(Field::Number));
        assert_eq!(field_of("标准名称\n"), Some(Field::Title));
        assert_eq!(field_of("标准名称（中文）"), Some(Field::Title));
        assert_eq!(field_of("实施日期*"), Some(Field::Effective));
        assert_eq!(field_of("被代替标准号或作废"), Some(Field::Supersedes));
        assert_eq!(
            field_of("国际、国外标准号及采用关系"),
            Some(Field::Adoption)
        );
        assert_eq!(field_of("序号"), Some(Field::Seq));
        assert_eq!(field_of("某市政务服务中心标准明细表"), None);
        assert_eq!(field_of("(x)"), None);
        assert_eq!(field_of(""), None);
    }

    #[test]
    fn every_synonym_names_one_field() {
        let mut seen = std::collections::HashMap::new();
        for f in FIELDS {
            for s in f.synonyms() {
                assert_eq!(normalise_header(s), *s, "{s}");
                assert!(seen.insert(*s, f).is_none(), "{s} twice");
            }
        }
    }

    #[test]
    fn a_mapping_file_is_read_and_its_mistakes_named() {
        let m = Mapping::parse(
            "sheet: 明细\nheader_row: 3\nencoding: GBK\ncolumns: {id: 体系编号, title: 名称}\n",
            "m.yaml",
        )
        .unwrap();
        assert_eq!(m.sheet.as_deref(), Some("明细"));
        assert_eq!(m.header_row, Some(3));
        assert_eq!(m.encoding, Encoding::Gb18030);
        assert_eq!(
            m.columns,
            vec![
                (Field::Id, "体系编号".into()),
                (Field::Title, "名称".into())
            ]
        );
        assert_eq!(Mapping::parse("", "m.yaml").unwrap(), Mapping::default());
        for (text, want) in [
            (
                "header_row: 0\n",
                "m.yaml:1:13: `header_row` must be a row number",
            ),
            ("header_row: [1]\n", "m.yaml:1:13: `header_row` must be"),
            ("colums: {}\n", "did you mean `columns`?"),
            ("columns: {titel: 名称}\n", "did you mean `title`?"),
            ("columns: [title]\n", "`columns` must map fields"),
            (
                "columns: {title: \"\"}\n",
                "`columns.title` must be a header name",
            ),
            (
                "columns: {id: 编号, number: 编号}\n",
                "given for both `id` and `number`",
            ),
            ("encoding: latin1\n", "unknown encoding `latin1`"),
            ("- a\n", "a mapping file is a mapping"),
            ("a: [\n", "not valid YAML"),
        ] {
            let e = Mapping::parse(text, "m.yaml").unwrap_err();
            assert!(e.en.contains(want), "{text:?}: {}", e.en);
            assert!(!e.zh.is_empty());
        }
    }
}
