//! Group N: identity and numbering (N001–N012).

use super::FileCx;
use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::index::Index;
use crate::model::forms::file_safe;
use crate::model::{CatalogueEntry, Spanned};
use crate::number::Number;
use crate::path;
use crate::system::{CatalogueOf, System};
use std::collections::HashMap;

/// A standard's number with its parse.
type Parsed<'a> = (&'a Spanned<String>, Number);

/// The numbering rules of one file, in code order.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    let number: Option<Parsed> = cx
        .std
        .number
        .as_ref()
        .and_then(|n| Number::parse(&n.value).map(|p| (n, p)));
    malformed_id(cx, out);
    node_not_in_structure(cx, out);
    malformed_number(cx, out);
    foreign_prefix(cx, number.as_ref(), out);
    year_mismatch(cx, number.as_ref(), out);
    level_mismatch(cx, number.as_ref(), out);
    adoption_mismatch(cx, number.as_ref(), out);
    no_number(cx, out);
    kind_outside_its_category(cx, out);
}

/// N010: the identical-adoption suffix of the number disagrees with `international`.
fn adoption_mismatch(cx: &FileCx, number: Option<&Parsed>, out: &mut Findings) {
    let Some((number, n)) = number else { return };
    let Some(suffix) = &n.adoption else { return };
    let Some(intl) = &cx.std.international else {
        return;
    };
    let key = |s: &str| crate::number::normalise(s).replace(' ', "");
    if let Some(other) = &intl.number
        && key(other.value.as_str()) != key(suffix)
    {
        out.push(
            Diagnostic::new(
                codes::N010,
                cx.file,
                other.span,
                msg!(
                    "`international.number` `{}` is not the standard the number `{}` adopts ({})",
                    "`international.number` `{}` 与标准编号 `{}` 所示的采用标准（{}）不一致",
                    other.value,
                    number.value,
                    suffix
                ),
            )
            .related(
                cx.file,
                number.span,
                Msg::new("the number's adoption suffix", "标准编号中的采标后缀"),
            )
            .help(msg!(
                "write `international: {{number: {}, degree: IDT}}`, or correct the number",
                "应为 `international: {{number: {}, degree: IDT}}`，或更正标准编号",
                suffix
            )),
        );
    }
    if let Some(degree) = &intl.degree
        && degree.value != crate::model::Degree::Idt
    {
        out.push(
            Diagnostic::new(
                codes::N010,
                cx.file,
                degree.span,
                msg!(
                    "`degree: {}`, but the number `{}` names an identical adoption (IDT)",
                    "`degree: {}`，但标准编号 `{}` 表示等同采用（IDT）",
                    degree.value.as_str(),
                    number.value
                ),
            )
            .help(Msg::new(
                "a number `…/ISO …` is written only for an identical adoption: use `degree: IDT`, or drop the suffix from the number",
                "只有等同采用才在编号后写 `/ISO …`：请改为 `degree: IDT`，或删去编号中的后缀",
            )),
        );
    }
}

/// N011: an internal standard in force (published or later) with neither `number` nor
/// `doc_number`.
fn no_number(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    if s.is_external()
        || s.number.is_some()
        || s.doc_number.is_some()
        || cx.was_pruned("number")
        || cx.was_pruned("doc_number")
        || !s.status().is_some_and(|st| st.is_published())
    {
        return;
    }
    let st = s.status().map_or("", |st| st.as_str());
    out.push(
        cx.diag(
            codes::N011,
            &path!["status"],
            msg!(
                "a standard in status `{}` has neither `number` nor `doc_number`",
                "状态为 `{}` 的标准既无标准编号 `number`，也无文号 `doc_number`",
                st
            ),
        )
        .help(Msg::new(
            "add its number, or give its 文号 as `doc_number:` (`青政务〔2023〕22号`); a document in force without any number can be accepted with `allow: [N011]`",
            "请添加标准编号，或将文号写为 `doc_number:`（如 `青政务〔2023〕22号`）；确无编号的文件可用 `allow: [N011]` 接受",
        )),
    );
}

/// N012: an item procedure outside a `quality` node, or a work standard outside a `work` or
/// `management` node (by the category of the home node's top-level node).
fn kind_outside_its_category(cx: &FileCx, out: &mut Findings) {
    use crate::model::{Category, Kind};
    let Some(i) = cx.std.node().and_then(|n| cx.sys.node(n)) else {
        return;
    };
    let top = &cx.sys.nodes[cx.sys.top(i)];
    let Some(cat) = top.category else { return };
    let (fits, want_en, want_zh) = match cx.std.kind {
        Some(Kind::Item) => (
            cat == Category::Quality,
            "a quality node (服务质量标准)",
            "服务质量标准（quality）节点",
        ),
        Some(Kind::Work) => (
            matches!(cat, Category::Work | Category::Management),
            "a work or management node (服务工作标准 / 服务管理标准)",
            "服务工作标准（work）或服务管理标准（management）节点",
        ),
        _ => return,
    };
    if fits {
        return;
    }
    let kind = cx.std.kind.map_or("", |k| k.as_str());
    out.push(
        cx.diag(
            codes::N012,
            &crate::path!["kind"],
            Msg::new(
                format!(
                    "a `kind: {kind}` standard under node {} {} ({}): it belongs under {want_en}",
                    top.code,
                    top.name,
                    cat.as_str()
                ),
                format!(
                    "`kind: {kind}` 的标准位于节点 {} {}（{}）下，应放在{want_zh}下",
                    top.code,
                    top.name,
                    cat.zh()
                ),
            ),
        )
        .help(Msg::new(
            "give it an id of a fitting node, or correct `kind`",
            "请改用相应节点的体系表编号，或更正 `kind`",
        )),
    );
}

/// Whether an id is `<node code>-<sequence>` made of file-safe characters (length aside).
fn id_form_ok(id: &str) -> bool {
    file_safe(id)
        && id.split_once('-').is_some_and(|(node, seq)| {
            !node.is_empty() && node.bytes().all(|b| b.is_ascii_alphanumeric()) && !seq.is_empty()
        })
}

/// N003: an id that is too long, or not of the form `<node code>-<sequence>`.
fn malformed_id(cx: &FileCx, out: &mut Findings) {
    let Some(id) = &cx.std.id else { return };
    if id.value.0.len() > 128 {
        let n = id.value.0.len();
        out.push(
            Diagnostic::new(
                codes::N003,
                cx.file,
                id.span,
                msg!(
                    "the id is {} bytes long; ids name output files and may have at most 128",
                    "`id` 长 {} 字节；编号用作输出文件名，至多 128 字节",
                    n
                ),
            )
            .help(Msg::new(
                "use the node code and a short sequence, e.g. `202-001`",
                "请使用节点代码加简短顺序号，如 `202-001`",
            )),
        );
    } else if !id_form_ok(&id.value.0) {
        out.push(
            Diagnostic::new(codes::N003, cx.file, id.span, msg!("`{}` is not an id of the form `<node code>-<sequence>`", "`{}` 不符合“<节点代码>-<顺序号>”的形式", id.value))
                .help(Msg::new(
                    "use the node code, a hyphen and a sequence of letters, digits, `.` or `_`, e.g. `202-001`",
                    "请使用节点代码、连字符和顺序号（字母、数字、`.` 或 `_`），如 `202-001`",
                )),
        );
    }
}

/// N004: a well-formed id whose node is not in the structure.
fn node_not_in_structure(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    let Some(id) = &s.id else { return };
    // A malformed id is N003's.
    if id.value.0.len() > 128 || !id_form_ok(&id.value.0) {
        return;
    }
    if let Some(node) = s.node()
        && cx.sys.node(node).is_none()
    {
        let codes = cx.sys.nodes.iter().map(|n| n.code.as_str());
        let d = Diagnostic::new(
            codes::N004,
            cx.file,
            id.span,
            msg!(
                "node `{}` of id `{}` is not in the structure",
                "`id` `{1}` 所属节点 `{0}` 不在体系结构中",
                node,
                id.value
            ),
        );
        out.push(match crate::diag::did_you_mean(node, codes) {
            Some(c) => d.help(msg!("did you mean node `{}`?", "是否应为节点 `{}`？", c)),
            None => d.help(Msg::new(
                "add the node to `structure` in stdkit.yaml, or correct the id",
                "请在 stdkit.yaml 的 `structure` 中添加该节点，或更正 `id`",
            )),
        });
    }
}

/// N005: a standard number that does not follow the grammar (format.md, Numbers).
fn malformed_number(cx: &FileCx, out: &mut Findings) {
    use crate::number::{NotANumber, diagnose};
    let Some(number) = &cx.std.number else { return };
    if Number::parse(&number.value).is_some() {
        return;
    }
    let d = Diagnostic::new(
        codes::N005,
        cx.file,
        number.span,
        msg!(
            "malformed standard number `{}`",
            "标准编号 `{}` 格式错误",
            number.value
        ),
    );
    out.push(match diagnose(&number.value) {
        NotANumber::DocNumber => d.help(msg!(
            "this looks like a 文号 (document number): write it as `doc_number: {}` and remove `number`",
            "这像是文号：请写为 `doc_number: {}`，并删除 `number`",
            number.value.trim()
        )),
        NotANumber::Range => d.help(Msg::new(
            "a range names several standards: give each its own file, with its own `number`",
            "编号范围包含多项标准：请每项标准各建一个文件，各写其标准编号",
        )),
        NotANumber::Malformed => d.help(Msg::new(
            "write code, sequence and year, e.g. `GB/T 32169.3—2015`, `DB63/T 1335—2014`, `JGJ/T 67—2019`, `Q/ZWZX 202.1—2026`; a 文号 or in-house document number goes in `doc_number`",
            "应由代号、顺序号和年代号组成，如 `GB/T 32169.3—2015`、`DB63/T 1335—2014`、`JGJ/T 67—2019`、`Q/ZWZX 202.1—2026`；文号或内部文件编号应写在 `doc_number`",
        )),
    });
}

/// N006: an own standard with an enterprise number `Q/<x>` whose `<x>` is not `code`.
fn foreign_prefix(cx: &FileCx, number: Option<&Parsed>, out: &mut Findings) {
    let s = cx.std;
    let Some((number, n)) = number else { return };
    let code = cx.sys.code();
    if s.origin() != crate::model::Origin::Own
        || code.is_empty()
        || n.level() != crate::model::Level::Enterprise
    {
        return;
    }
    // `Q/ZWZX 202.1` has the code `Q/ZWZX`; unspaced, the code ends where `Q/<code>` does.
    let own = format!("Q/{code}");
    let fits = n.prefix == own
        || crate::number::normalise(&number.value)
            .strip_prefix(&own)
            .is_some_and(|rest| {
                !rest.starts_with(|c: char| c.is_ascii_alphabetic()) || rest.starts_with(' ')
            });
    if !fits {
        out.push(
            Diagnostic::new(codes::N006, cx.file, number.span, msg!("own enterprise standard number `{}` does not start with `Q/{}`", "自制企业标准编号 `{}` 未以 `Q/{}` 开头", number.value, code))
                .help(Msg::new(
                    "number own enterprise standards `Q/<code> <node>.<n>—<year>`; a standard adopted from another organisation is `origin: adopted` (or `kind: external`)",
                    "自制企业标准编号为 `Q/<企业代号> <节点>.<序号>—<年代号>`；采用其他单位的标准应写 `origin: adopted`（或 `kind: external`）",
                )),
        );
    }
}

/// N007: the year of the number differs from the year of `published`.
fn year_mismatch(cx: &FileCx, number: Option<&Parsed>, out: &mut Findings) {
    let s = cx.std;
    let Some((number, n)) = number else { return };
    if let (Some(year), Some(published)) = (n.year, s.published)
        && i32::from(year) != i32::from(published.year())
    {
        out.push(
            Diagnostic::new(
                codes::N007,
                cx.file,
                number.span,
                msg!(
                    "year {} in the number differs from the year of `published` ({})",
                    "标准编号中的年代号 {} 与发布日期 {} 的年份不一致",
                    year,
                    published
                ),
            )
            .help(msg!(
                "the year of a number is the year of publication: use —{}",
                "年代号应为发布年份：—{}",
                published.year()
            )),
        );
    }
}

/// N008: `level` contradicts the number's prefix.
fn level_mismatch(cx: &FileCx, number: Option<&Parsed>, out: &mut Findings) {
    let s = cx.std;
    let Some((number, n)) = number else { return };
    if let Some(level) = s.level
        && level != n.level()
    {
        out.push(
            cx.diag(
                codes::N008,
                &path!["level"],
                msg!(
                    "`level: {}` contradicts the number `{}` ({})",
                    "`level: {}` 与标准编号 `{}`（{}）不一致",
                    level.as_str(),
                    number.value,
                    n.level().zh()
                ),
            )
            .help(msg!(
                "use `level: {}` or remove `level` (it defaults from the number)",
                "请改为 `level: {}`，或删除 `level`（默认按编号推定）",
                n.level().as_str()
            )),
        );
    }
}

/// "duplicate id `x`", or for a value that differs from the first only in case (the two would
/// name one output file on a case-insensitive file system) "… (differs from `X` only in case)".
fn duplicate_msg(dup: &str, first: &str, (en, zh): (&str, &str)) -> Msg {
    if dup == first {
        Msg::new(
            format!("duplicate {en} `{dup}`"),
            format!("{zh} `{dup}` 重复"),
        )
    } else {
        Msg::new(
            format!("duplicate {en} `{dup}` (differs from `{first}` only in case)"),
            format!("{zh} `{dup}` 重复（与 `{first}` 仅大小写不同）"),
        )
    }
}

/// Reports later occurrences of a key as duplicates of the first.
fn duplicates<'a, T>(
    items: impl Iterator<Item = (&'a Spanned<T>, &'a crate::diag::FileName)>,
    key: impl Fn(&T) -> Option<String>,
    mut report: impl FnMut(&Spanned<T>, &crate::diag::FileName, &Spanned<T>, &crate::diag::FileName),
) where
    T: 'a,
{
    let mut first: HashMap<String, (&Spanned<T>, &crate::diag::FileName)> = HashMap::new();
    for (item, file) in items {
        let Some(k) = key(&item.value) else { continue };
        match first.get(&k) {
            Some((f, ffile)) => report(item, file, f, ffile),
            None => {
                first.insert(k, (item, file));
            }
        }
    }
}

/// The system numbering rules, in code order.
pub fn check_system(system: &System, _index: &Index, out: &mut Findings) {
    duplicate_id(system, out);
    duplicate_number(system, out);
    duplicate_code(system, out);
}

/// N001: two standards with one id.
fn duplicate_id(system: &System, out: &mut Findings) {
    let stds = &system.standards;
    duplicates(
        stds.iter()
            .filter_map(|l| l.std.id.as_ref().map(|id| (id, &l.file))),
        |id| Some(id.0.to_ascii_lowercase()),
        |dup, file, first, ffile| {
            out.push(
                Diagnostic::new(
                    codes::N001,
                    file,
                    dup.span,
                    duplicate_msg(&dup.value.0, &first.value.0, ("id", "体系表编号")),
                )
                .related(
                    ffile,
                    first.span,
                    msg!("`{}` is first used here", "`{}` 首次使用于此", first.value),
                )
                .help(Msg::new(
                    "give each standard its own id (`stdkit new` picks the next free one)",
                    "每项标准应有唯一编号（`stdkit new` 会选用下一个空闲编号）",
                )),
            )
        },
    );
}

/// N002: two standards in force with one number.
fn duplicate_number(system: &System, out: &mut Findings) {
    let stds = &system.standards;
    duplicates(
        stds.iter()
            .filter(|l| !l.std.status().is_some_and(|s| s.is_retired()))
            .filter_map(|l| l.std.number.as_ref().map(|n| (n, &l.file))),
        |n| Number::parse(n).map(|n| n.key()),
        |dup, file, first, ffile| {
            out.push(
                Diagnostic::new(codes::N002, file, dup.span, msg!("duplicate number `{}`", "标准编号 `{}` 重复", dup.value))
                    .related(ffile, first.span, Msg::new("also used here", "亦用于此"))
                    .help(Msg::new(
                        "two standards in force cannot share a number; mark the older edition `superseded`",
                        "现行标准不应共用编号；旧版本应标记为 `superseded`",
                    )),
            )
        },
    );
}

/// N009: a node code used twice in the structure, or an id twice in a catalogue.
fn duplicate_code(system: &System, out: &mut Findings) {
    duplicate_node_code(system, out);
    duplicate_catalogue_id(&system.sys.posts, ("post", "岗位"), out);
    duplicate_catalogue_id(&system.sys.items, ("item", "事项"), out);
    duplicate_catalogue_id(&system.sys.assets, ("asset", "设施设备"), out);
}

fn duplicate_node_code(system: &System, out: &mut Findings) {
    let sys = &system.sys;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, n) in sys.nodes.iter().enumerate() {
        if n.code.is_empty() {
            continue;
        }
        let key = n.code.to_ascii_lowercase();
        match seen.get(&key) {
            Some(&f) => out.push(
                Diagnostic::new(codes::N009, &sys.file, n.span, {
                    let mut m = duplicate_msg(
                        &n.code,
                        &sys.nodes[f].code,
                        ("node code", "体系结构中节点代码"),
                    );
                    let head = format!("duplicate node code `{}`", n.code);
                    m.en = format!("{head} in the structure{}", &m.en[head.len()..]);
                    m
                })
                .related(
                    &sys.file,
                    sys.nodes[f].span,
                    Msg::new("first defined here", "首次定义于此"),
                )
                .help(Msg::new(
                    "give each node its own code (ids name their node by it)",
                    "每个节点应有唯一代码（标准编号以节点代码开头）",
                )),
            ),
            None => {
                seen.insert(key, i);
            }
        }
    }
}

fn duplicate_catalogue_id<T: CatalogueEntry>(
    cat: &CatalogueOf<T>,
    what: (&str, &str),
    out: &mut Findings,
) {
    let Some(file) = &cat.file else { return };
    let ids = cat
        .entries
        .iter()
        .filter_map(|e| e.id().map(|id| (id, file)));
    duplicates(
        ids,
        |id| Some(id.0.to_ascii_lowercase()),
        |dup, file, first, ffile| {
            out.push(
                Diagnostic::new(
                    codes::N009,
                    file,
                    dup.span,
                    duplicate_msg(
                        &dup.value.0,
                        &first.value.0,
                        (&format!("{} id", what.0), &format!("{}编号", what.1)),
                    ),
                )
                .related(
                    ffile,
                    first.span,
                    Msg::new("first defined here", "首次定义于此"),
                )
                .help(Msg::new(
                    "give each entry its own id: standards and coverage refer to it",
                    "每个目录条目应有唯一编号：标准和覆盖率统计都引用该编号",
                )),
            )
        },
    );
}
