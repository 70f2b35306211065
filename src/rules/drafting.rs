//! Group G: drafting rules of GB/T 1.1-2020 on the text of internal standards.
//!
//! G001 looks for requirement wording that GB/T 1.1 replaces (必须 → 应, 不得/禁止/不可 →
//! 不应, 应该 → 应, 可以 → 可). False positives are bugs: quoted text, titles in 《》, code,
//! and compounds that merely contain the characters (不得不, 不可抗力, 相应该 …) are skipped.

use super::FileCx;
use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::model::forms::annex_letter;
use crate::model::{Clause, Kind};
use crate::path;
use crate::yaml::Seg;

/// At most this many G001 findings are listed per file.
pub const G001_PER_FILE: usize = 100;

/// A word G001 reports, with the word to use instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wording {
    pub word: &'static str,
    pub instead: &'static str,
    /// Byte offset in the text.
    pub at: usize,
}

/// Replaces quoted passages, 《titles》, `code` and fenced code with spaces of the same byte
/// length, so offsets stay valid and nothing inside them is read as wording.
pub fn blank_quotes(text: &str) -> String {
    let pairs = [
        ('“', '”'),
        ('‘', '’'),
        ('「', '」'),
        ('『', '』'),
        ('《', '》'),
        ('"', '"'),
        ('`', '`'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    let mut fence = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            out.extend(std::iter::repeat_n(
                ' ',
                line.len() - usize::from(line.ends_with('\n')),
            ));
            if line.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        for c in line.chars() {
            if fence {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                if c == '\n' {
                    out.pop();
                    out.push('\n');
                }
                continue;
            }
            match closing {
                Some(close) => {
                    out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                    if c == close {
                        closing = None;
                    }
                }
                None => match pairs.iter().find(|(open, _)| *open == c) {
                    Some((_, close)) => {
                        closing = Some(*close);
                        out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                    }
                    None => out.push(c),
                },
            }
        }
        // Quotes do not run over a paragraph break.
        if line.trim().is_empty() {
            closing = None;
        }
    }
    out
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn next_char(text: &str, at: usize, len: usize) -> Option<char> {
    text[at + len..].chars().next()
}

/// Every non-standard requirement wording in `text` (G001), in order.
pub fn wordings(text: &str) -> Vec<Wording> {
    // Most text holds none of the words: a quick scan spares the copy and the analysis.
    if !["必须", "不得", "禁止", "不可", "应该", "可以"]
        .iter()
        .any(|w| text.contains(w))
    {
        return Vec::new();
    }
    let t = blank_quotes(text);
    let mut found = Vec::new();
    let rules: [(&str, &str); 6] = [
        ("必须", "应"),
        ("不得", "不应"),
        ("禁止", "不应"),
        ("不可", "不应"),
        ("应该", "应"),
        ("可以", "可"),
    ];
    for (word, instead) in rules {
        for (at, _) in t.match_indices(word) {
            let prev = prev_char(&t, at);
            let next = next_char(&t, at, word.len());
            let skip = match word {
                // 不得不 (have to), 不得已, and verbs + 不得 (舍不得, 怪不得, 记不得 …).
                "不得" => {
                    matches!(next, Some('不' | '已' | '了'))
                        || prev.is_some_and(|p| {
                            "巴恨怪舍顾由免少说见使要记认动怨吃碰惹晓懂".contains(p)
                        })
                }
                // 禁止标志 (a sign category), 禁止性规定.
                "禁止" => {
                    t[at + word.len()..].starts_with("标志")
                        || t[at + word.len()..].starts_with("标识")
                        || matches!(next, Some('性' | '类'))
                }
                // 不可抗力, 不可或缺, 不可避免, 必不可少, 缺一不可 …
                "不可" => {
                    next.is_some_and(|n| "抗或替避分能逆移撤思少缺多估靠信量比知胜".contains(n))
                        || prev.is_some_and(|p| "必密一".contains(p))
                }
                // 相应该… / 对应该… are 相应 + 该, 对应 + 该.
                "应该" => prev.is_some_and(|p| "相对响适供反效呼感报答顺照回理".contains(p)),
                // 可以此为 / 可以下列: 可 + 以此, 以下; 不可以 is reported as 不可.
                "可以" => matches!(next, Some('此' | '上' | '下' | '及')) || prev == Some('不'),
                _ => false,
            };
            if !skip {
                found.push(Wording { word, instead, at });
            }
        }
    }
    found.sort_by_key(|w| w.at);
    found
}

/// The first requirement word of a foreword (G002): 应, 不应, 宜, 不宜, 须, with the usual
/// compounds (相应, 应用, 适宜, 事宜 …) skipped.
pub fn requirement(text: &str) -> Option<(&'static str, usize)> {
    let t = blank_quotes(text);
    let mut best: Option<(&'static str, usize)> = None;
    for (word, before, after) in [
        (
            "应",
            "相对响适供反效呼感报答顺照回理",
            "用急答对聘届变收付试激征邀验",
        ),
        ("宜", "适便事合时权机", ""),
        ("须", "必无毋", "知臾要"),
    ] {
        for (at, _) in t.match_indices(word) {
            let prev = prev_char(&t, at);
            let next = next_char(&t, at, word.len());
            if prev.is_some_and(|p| before.contains(p)) || next.is_some_and(|n| after.contains(n)) {
                continue;
            }
            let (w, at) = if prev == Some('不') {
                (word_with_not(word), at - '不'.len_utf8())
            } else {
                (word, at)
            };
            if best.is_none_or(|(_, b)| at < b) {
                best = Some((w, at));
            }
            break;
        }
    }
    // `须` after 必 is 必须, itself a requirement.
    if let Some(at) = t.find("必须")
        && best.is_none_or(|(_, b)| at < b)
    {
        best = Some(("必须", at));
    }
    best
}

fn word_with_not(w: &str) -> &'static str {
    match w {
        "应" => "不应",
        "宜" => "不宜",
        _ => "不须",
    }
}

/// The text fields G rules read, with their paths: scope, clauses, annexes and the work and
/// management blocks (not `terms`, whose definitions may quote laws, nor the foreword, which
/// G002 reads on its own).
fn body_texts<'a>(cx: &FileCx<'a>) -> Vec<(Vec<Seg>, &'a str)> {
    let s = cx.std;
    let mut v: Vec<(Vec<Seg>, &str)> = Vec::new();
    if let Some(t) = &s.scope {
        v.push((path!["scope"].to_vec(), t));
    }
    fn clauses<'a>(list: &'a [Clause], base: Vec<Seg>, v: &mut Vec<(Vec<Seg>, &'a str)>) {
        for (i, c) in list.iter().enumerate() {
            let mut p = base.clone();
            p.push(Seg::Idx(i));
            if let Some(t) = &c.title {
                let mut q = p.clone();
                q.push("title".into());
                v.push((q, t));
            }
            if let Some(t) = &c.text {
                let mut q = p.clone();
                q.push("text".into());
                v.push((q, t));
            }
            let mut q = p;
            q.push("clauses".into());
            clauses(&c.clauses, q, v);
        }
    }
    clauses(&s.clauses, path!["clauses"].to_vec(), &mut v);
    if let Some(w) = &s.work {
        for (field, list) in [
            ("duties", &w.duties),
            ("qualifications", &w.qualifications),
            ("authority", &w.authority),
            ("assessment", &w.assessment),
        ] {
            for (i, t) in list.iter().enumerate() {
                v.push((path!["work", field, i].to_vec(), t));
            }
        }
        for (i, wi) in w.work_items.iter().enumerate() {
            if let Some(t) = &wi.content {
                v.push((path!["work", "work_items", i, "content"].to_vec(), t));
            }
            if let Some(t) = &wi.requirements {
                v.push((path!["work", "work_items", i, "requirements"].to_vec(), t));
            }
        }
    }
    if let Some(m) = &s.management {
        for (i, d) in m.duties.iter().enumerate() {
            if let Some(t) = &d.duty {
                v.push((path!["management", "duties", i, "duty"].to_vec(), t));
            }
        }
        for (i, t) in m.inspection.iter().enumerate() {
            v.push((path!["management", "inspection", i].to_vec(), t));
        }
    }
    for (i, a) in s.annexes.iter().enumerate() {
        if let Some(t) = &a.text {
            v.push((path!["annexes", i, "text"].to_vec(), t));
        }
    }
    v
}

/// The drafting rules of one internal standard, in code order.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    if cx.std.kind == Some(Kind::External) {
        return;
    }
    let texts = body_texts(cx);
    let clauses = clause_list(&cx.std.clauses);
    requirement_wording(cx, &texts, out);
    requirement_in_foreword(cx, out);
    clause_too_deep(cx, &clauses, out);
    lone_sub_clause(cx, &clauses, out);
    hanging_paragraph(cx, &clauses, out);
    empty_clause(cx, &clauses, out);
    annex_not_cited(cx, &texts, out);
    term_not_used(cx, &texts, out);
}

/// G001: requirement wording that GB/T 1.1 replaces. Each finding is placed by scanning its
/// text, so a file lists at most `G001_PER_FILE` of them (the last says so): a pathological
/// file cannot make `check` slow.
fn requirement_wording(cx: &FileCx, texts: &[(Vec<Seg>, &str)], out: &mut Findings) {
    let mut g001 = 0;
    'texts: for (p, text) in texts {
        for w in wordings(text) {
            g001 += 1;
            if g001 > G001_PER_FILE {
                if let Some(last) = out
                    .iter_mut()
                    .rev()
                    .find(|d| d.code == codes::G001.code && d.file == *cx.file)
                {
                    last.help = Some(Msg::new(
                        format!(
                            "use `{}`; further occurrences in this file are not listed (more than {G001_PER_FILE})",
                            w.instead
                        ),
                        format!(
                            "请改用“{}”；本文件中此后的同类问题不再逐一列出（超过 {G001_PER_FILE} 处）",
                            w.instead
                        ),
                    ));
                }
                break 'texts;
            }
            let span = cx.text_span(p, w.word, count_before(text, w.word, w.at));
            out.push(
                Diagnostic::new(
                    codes::G001,
                    cx.file,
                    span,
                    msg!(
                        "`{}` is not a GB/T 1.1 requirement wording",
                        "“{}”不是 GB/T 1.1 规定的要求型条款用语",
                        w.word
                    ),
                )
                .help(msg!(
                    "use `{}` (the verbal forms of GB/T 1.1-2020: 应 / 不应 / 宜 / 不宜 / 可 / 不必)",
                    "请改用“{}”（GB/T 1.1—2020 规定的能愿动词：应、不应、宜、可）",
                    w.instead
                )),
            );
        }
    }
}

/// G002: a requirement in the foreword.
fn requirement_in_foreword(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    if let Some(fw) = &s.foreword
        && let Some((word, at)) = requirement(fw)
    {
        let span = cx.text_span(&path!["foreword"], word, count_before(fw, word, at));
        out.push(
            Diagnostic::new(codes::G002, cx.file, span, msg!("the foreword contains a requirement (`{}`)", "前言中含有要求（“{}”）", word))
                .help(Msg::new("a foreword states facts only (drafting rule, proposer, owner, drafters, history); move requirements into the body", "前言只陈述事实（起草规则、提出和归口单位、起草单位和起草人、历次版本），要求应写入正文")),
        );
    }
}

/// A clause with its path and level (1 for a top clause). Clauses deeper than 5 levels are
/// listed, but not what they hold (G003 reports them once).
struct ClauseAt<'a> {
    path: Vec<Seg>,
    clause: &'a Clause,
    level: usize,
}

impl ClauseAt<'_> {
    /// The path of a field of the clause.
    fn field(&self, name: &str) -> Vec<Seg> {
        let mut p = self.path.clone();
        p.push(name.into());
        p
    }

    fn has_text(&self) -> bool {
        self.clause
            .text
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
    }
}

/// The clause tree in one list, in document order.
fn clause_list(list: &[Clause]) -> Vec<ClauseAt<'_>> {
    fn walk<'a>(list: &'a [Clause], base: Vec<Seg>, level: usize, v: &mut Vec<ClauseAt<'a>>) {
        for (i, c) in list.iter().enumerate() {
            let mut p = base.clone();
            p.push(Seg::Idx(i));
            let deep = level > 5;
            let mut q = p.clone();
            q.push("clauses".into());
            v.push(ClauseAt {
                path: p,
                clause: c,
                level,
            });
            if !deep {
                walk(&c.clauses, q, level + 1, v);
            }
        }
    }
    let mut v = Vec::new();
    walk(list, path!["clauses"].to_vec(), 1, &mut v);
    v
}

/// The clauses within the 5 levels of GB/T 1.1.
fn numbered<'a, 'b>(clauses: &'b [ClauseAt<'a>]) -> impl Iterator<Item = &'b ClauseAt<'a>> {
    clauses.iter().filter(|c| c.level <= 5)
}

/// G003: a clause nested deeper than 5 levels.
fn clause_too_deep(cx: &FileCx, clauses: &[ClauseAt], out: &mut Findings) {
    for at in clauses.iter().filter(|c| c.level > 5) {
        let p = &at.path;
        out.push(
            cx.diag(
                codes::G003,
                p,
                Msg::new("clause nested deeper than 5 levels", "条款层次超过 5 级"),
            )
            .help(Msg::new(
                "GB/T 1.1 numbers clauses to 5 levels (4.1.1.1.1); restructure or use a list",
                "GB/T 1.1 条款编号至多 5 级（如 4.1.1.1.1）；请调整结构或改用列项",
            )),
        );
    }
}

/// G004: a clause with exactly one sub-clause.
fn lone_sub_clause(cx: &FileCx, clauses: &[ClauseAt], out: &mut Findings) {
    for at in numbered(clauses) {
        let c = at.clause;
        if c.clauses.len() == 1 {
            let q = at.field("clauses");
            out.push(
                cx.diag(
                    codes::G004,
                    &q,
                    Msg::new(
                        "a clause with exactly one sub-clause",
                        "条款仅有一个下级条款",
                    ),
                )
                .help(Msg::new(
                    "a lone sub-clause is not numbered: merge it into its parent, or add a sibling",
                    "单独的下级条款不编号：请并入上级条款，或增加同级条款",
                )),
            );
        }
    }
}

/// G005: a hanging paragraph (悬置段), a clause with both text and sub-clauses.
fn hanging_paragraph(cx: &FileCx, clauses: &[ClauseAt], out: &mut Findings) {
    for at in numbered(clauses) {
        let c = at.clause;
        let text = at.has_text();
        if text && !c.clauses.is_empty() {
            let q = at.field("text");
            out.push(
                cx.diag(
                    codes::G005,
                    &q,
                    Msg::new(
                        "hanging paragraph (悬置段): a clause with both text and sub-clauses",
                        "悬置段：条款既有内容又有下级条款",
                    ),
                )
                .help(Msg::new(
                    "move the text into a first sub-clause (e.g. 4.1 总则)",
                    "请将该段内容移入第一个下级条款（如“4.1 总则”）",
                )),
            );
        }
    }
}

/// G006: an empty clause (no title, text or sub-clauses).
fn empty_clause(cx: &FileCx, clauses: &[ClauseAt], out: &mut Findings) {
    for at in numbered(clauses) {
        let c = at.clause;
        let p = &at.path;
        let text = at.has_text();
        let title = c.title.as_deref().is_some_and(|t| !t.trim().is_empty());
        if !text && !title && c.clauses.is_empty() {
            out.push(
                cx.diag(
                    codes::G006,
                    p,
                    Msg::new(
                        "empty clause (no title, text or sub-clauses)",
                        "空条款（无标题、无内容、无下级条款）",
                    ),
                )
                .help(Msg::new(
                    "write its text or remove it",
                    "请编写内容或删除该条款",
                )),
            );
        }
    }
}

/// G007: an annex not cited in the body.
fn annex_not_cited(cx: &FileCx, texts: &[(Vec<Seg>, &str)], out: &mut Findings) {
    let s = cx.std;
    if !s.annexes.is_empty() {
        let body: String = texts
            .iter()
            .filter(|(p, _)| !matches!(p.first(), Some(Seg::Key(k)) if k == "annexes"))
            .map(|(_, t)| *t)
            .collect::<Vec<_>>()
            .join("\n")
            .replace(' ', "");
        for (i, _) in s.annexes.iter().enumerate() {
            let letter = annex_letter(i);
            if !body.contains(&format!("附录{letter}")) {
                out.push(
                    cx.diag(
                        codes::G007,
                        &path!["annexes", i],
                        msg!(
                            "annex {0} (附录{0}) is not cited in the body",
                            "附录{0}未在正文中提及",
                            letter
                        ),
                    )
                    .help(msg!(
                        "cite it where it applies, e.g. \"见附录{}\"",
                        "请在适用处提及，如“见附录{}”",
                        letter
                    )),
                );
            }
        }
    }
}

/// G008: a defined term never used in the text.
fn term_not_used(cx: &FileCx, texts: &[(Vec<Seg>, &str)], out: &mut Findings) {
    let s = cx.std;
    if s.kind != Some(Kind::Terms) && !s.terms.is_empty() {
        let all: String = texts.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n");
        for (i, t) in s.terms.iter().enumerate() {
            let Some(term) = t.term.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
                continue;
            };
            if !all.contains(term) {
                out.push(
                    cx.diag(
                        codes::G008,
                        &path!["terms", i, "term"],
                        msg!(
                            "term `{}` is defined but never used",
                            "术语“{}”已定义但未在文中使用",
                            term
                        ),
                    )
                    .help(Msg::new(
                        "use the term in the text, or remove its definition",
                        "请在正文中使用该术语，或删除其定义",
                    )),
                );
            }
        }
    }
}

/// How many times `word` occurs in `text` before byte `at`.
fn count_before(text: &str, word: &str, at: usize) -> usize {
    text[..at].matches(word).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&'static str> {
        wordings(t).iter().map(|w| w.word).collect()
    }

    /// Sentences that must and must not trigger G001 (at least 20, issue #3).
    #[test]
    fn g001_table() {
        let cases: &[(&str, &[&str])] = &[
            ("窗口工作人员必须佩戴工作牌。", &["必须"]),
            ("工作人员不得擅自离岗。", &["不得"]),
            ("服务大厅内禁止吸烟。", &["禁止"]),
            ("不可向申请人索取财物。", &["不可"]),
            ("受理人员应该当场告知。", &["应该"]),
            ("申请人可以通过网上办理。", &["可以"]),
            ("申请人必须并且应该提交原件。", &["必须", "应该"]),
            ("工作人员应佩戴工作牌。", &[]),
            ("工作人员不应擅自离岗。", &[]),
            ("申请人可通过网上办理。", &[]),
            ("因特殊情况不得不延期的，应报告。", &[]),
            ("确属不得已的，应说明理由。", &[]),
            ("因不可抗力导致延误的，时限顺延。", &[]),
            ("一次性告知是不可或缺的环节。", &[]),
            (
                "依据《中华人民共和国行政许可法》“不得收取任何费用”的规定执行。",
                &[],
            ),
            ("标志分为禁止标志、警告标志和指令标志。", &[]),
            ("在相应该类业务的窗口办理。", &[]),
            ("对应该岗位的职责见附录A。", &[]),
            ("可以此为依据开展考核。", &[]),
            ("大厅设置`不得`字样的代码示例。", &[]),
            ("舍不得浪费每一分钟。", &[]),
            ("缺一不可的材料应一次提交。", &[]),
            ("他说“必须”二字不规范。", &[]),
            ("工作人员不可以推诿。", &["不可"]),
        ];
        assert!(cases.len() >= 20);
        for (sentence, expected) in cases {
            assert_eq!(words(sentence), *expected, "{sentence}");
        }
    }

    #[test]
    fn foreword_requirements() {
        assert_eq!(
            requirement("本文件按照GB/T 1.1—2020的规定起草。本文件由综合科提出并归口。")
                .map(|r| r.0),
            None
        );
        assert_eq!(requirement("本文件相应条款参照执行。").map(|r| r.0), None);
        assert_eq!(requirement("各窗口应执行本文件。").map(|r| r.0), Some("应"));
        assert_eq!(requirement("各窗口不宜变更。").map(|r| r.0), Some("不宜"));
        assert_eq!(
            requirement("本文件所涉事宜由综合科负责解释。").map(|r| r.0),
            None
        );
    }
}
