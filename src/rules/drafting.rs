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
use crate::model::{Clause, Kind, Standard};
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

/// Replaces quoted passages (“…”, ‘…’, 「…」, 『…』, "…", 《…》, 〈…〉), code spans, fenced code
/// and Markdown block quotes with spaces of the same byte length, so offsets stay valid and
/// nothing inside them is read as wording. A quotation runs from an opening mark to the next
/// closing mark of its pair; a mark left unclosed quotes nothing.
pub fn blank_quotes(text: &str) -> String {
    let pairs = [
        ('“', '”'),
        ('‘', '’'),
        ('「', '」'),
        ('『', '』'),
        ('《', '》'),
        ('〈', '〉'),
        ('"', '"'),
        ('`', '`'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut fence = false;
    let blank = |out: &mut String, s: &str| {
        for c in s.chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
    };
    // Fenced code and block quotes go line by line; the rest is scanned for quotations.
    let mut prose = String::new();
    let flush = |out: &mut String, prose: &mut String| {
        let t = std::mem::take(prose);
        let mut rest = t.as_str();
        while let Some((i, c)) = rest
            .char_indices()
            .find(|(_, c)| pairs.iter().any(|(o, _)| o == c))
        {
            let close = pairs
                .iter()
                .find(|(o, _)| *o == c)
                .map(|p| p.1)
                .unwrap_or(c);
            let after = &rest[i + c.len_utf8()..];
            out.push_str(&rest[..i]);
            match after.find(close) {
                Some(j) => {
                    let end = i + c.len_utf8() + j + close.len_utf8();
                    blank(out, &rest[i..end]);
                    rest = &rest[end..];
                }
                None => {
                    out.push(c);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    };
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut out, &mut prose);
            fence = !fence;
            blank(&mut out, line);
        } else if fence || trimmed.starts_with('>') {
            flush(&mut out, &mut prose);
            blank(&mut out, line);
        } else {
            prose.push_str(line);
        }
    }
    flush(&mut out, &mut prose);
    out
}

/// Compounds that contain a requirement word but are ordinary words (rules.md, G001/G002 5).
const MASKED_WORDS: &[&str] = &[
    "应急",
    "应用",
    "应对",
    "应答",
    "应变",
    "应邀",
    "应聘",
    "应届",
    "应征",
    "应收",
    "应付",
    "响应",
    "供应",
    "适应",
    "相应",
    "对应",
    "反应",
    "回应",
    "感应",
    "效应",
    "呼应",
    "答应",
    "顺应",
    "照应",
    "接应",
    "事宜",
    "便宜",
    "适宜",
    "合宜",
    "权宜",
    "宜昌",
    "宜宾",
    "宜春",
    "宜兴",
    "不得不",
    "不可抗力",
    "不可或缺",
];

/// Blanks every occurrence of `word` in `t` (same byte length).
fn blank_word(t: &mut String, word: &str) {
    if word.trim().is_empty() || !t.contains(word) {
        return;
    }
    let spaces = " ".repeat(word.len());
    *t = t.replace(word, &spaces);
}

/// The text as G001 and G002 read it: quotations blanked, the names of the standard masked
/// (`owner`, `proposer`, `drafting_units`, `drafters`, `publisher`, `item.subject`), in a
/// foreword the rest of a sentence after 起草单位 / 起草人 / 起草人员, and the ordinary
/// compounds of [`MASKED_WORDS`]. Offsets are those of the original text.
pub fn masked(text: &str, names: &[&str], foreword: bool) -> String {
    let mut t = blank_quotes(text);
    let mut names: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !n.trim().is_empty())
        .collect();
    // Longer names first, so a name inside another is not masked half.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for n in names {
        blank_word(&mut t, n.trim());
    }
    if foreword {
        for lead in ["起草人员", "起草单位", "起草人"] {
            let mut from = 0;
            while let Some(i) = t[from..].find(lead).map(|i| i + from) {
                let start = i + lead.len();
                let end = t[start..]
                    .find(['。', '；', '\n'])
                    .map_or(t.len(), |j| start + j);
                let blanked = " ".repeat(end - start);
                t.replace_range(start..end, &blanked);
                from = end;
            }
        }
    }
    for w in MASKED_WORDS {
        blank_word(&mut t, w);
    }
    t
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn next_char(text: &str, at: usize, len: usize) -> Option<char> {
    text[at + len..].chars().next()
}

/// Every non-standard requirement wording in `text` (G001), in order.
pub fn wordings(text: &str) -> Vec<Wording> {
    wordings_among(text, &[])
}

/// [`wordings`] with the standard's names masked.
pub fn wordings_among(text: &str, names: &[&str]) -> Vec<Wording> {
    // Most text holds none of the words: a quick scan spares the copy and the analysis.
    if !["必须", "不得", "禁止", "不可", "应该", "可以"]
        .iter()
        .any(|w| text.contains(w))
    {
        return Vec::new();
    }
    let t = masked(text, names, false);
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

/// The first requirement word of a foreword (G002): 应, 不应, 宜, 不宜, 必须, 不得, with the
/// usual compounds (相应, 应用, 适宜, 事宜 …) skipped.
pub fn requirement(text: &str) -> Option<(&'static str, usize)> {
    requirement_among(text, &[])
}

/// [`requirement`] with the standard's names masked and the foreword's name lists skipped.
pub fn requirement_among(text: &str, names: &[&str]) -> Option<(&'static str, usize)> {
    let t = masked(text, names, true);
    let mut best: Option<(&'static str, usize)> = None;
    for (word, before, after) in [
        (
            "应",
            "相对响适供反效呼感报答顺照回理",
            "用急答对聘届变收付试激征邀验",
        ),
        ("宜", "适便事合时权机", ""),
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
    for word in ["必须", "不得"] {
        if let Some(at) = t.find(word)
            && best.is_none_or(|(_, b)| at < b)
        {
            best = Some((word, at));
        }
    }
    best
}

fn word_with_not(w: &str) -> &'static str {
    match w {
        "应" => "不应",
        _ => "不宜",
    }
}

/// The texts of the `work:` and `management:` blocks, with their paths; a work item's `content`
/// (a heading-like name) only when `content` is asked for.
fn block_texts<'a>(s: &'a Standard, content: bool, v: &mut Vec<(Vec<Seg>, &'a str)>) {
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
            if let Some(t) = wi.content.as_ref().filter(|_| content) {
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
    block_texts(s, true, &mut v);
    for (i, a) in s.annexes.iter().enumerate() {
        if let Some(t) = &a.text {
            v.push((path!["annexes", i, "text"].to_vec(), t));
        }
    }
    v
}

/// The fields G001 reads (rules.md, "What G001 and G002 read"), with their paths: no title,
/// name, identifier or cited law, and no clause that has `quote`.
fn wording_texts<'a>(cx: &FileCx<'a>) -> Vec<(Vec<Seg>, &'a str)> {
    let s = cx.std;
    let mut v: Vec<(Vec<Seg>, &str)> = Vec::new();
    for (field, t) in [
        ("foreword", &s.foreword),
        ("introduction", &s.introduction),
        ("scope", &s.scope),
    ] {
        if let Some(t) = t {
            v.push((path![field].to_vec(), t));
        }
    }
    for (i, term) in s.terms.iter().enumerate() {
        for (field, t) in [("definition", &term.definition), ("note", &term.note)] {
            if let Some(t) = t {
                v.push((path!["terms", i, field].to_vec(), t));
            }
        }
    }
    fn clauses<'a>(list: &'a [Clause], base: Vec<Seg>, v: &mut Vec<(Vec<Seg>, &'a str)>) {
        for (i, c) in list.iter().enumerate() {
            let mut p = base.clone();
            p.push(Seg::Idx(i));
            if let Some(t) = &c.text
                && c.quote.is_none()
            {
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
    for (i, a) in s.annexes.iter().enumerate() {
        if let Some(t) = &a.text {
            v.push((path!["annexes", i, "text"].to_vec(), t));
        }
    }
    if let Some(item) = &s.item {
        for (i, t) in item.conditions.iter().enumerate() {
            v.push((path!["item", "conditions", i].to_vec(), t));
        }
        for (i, st) in item.steps.iter().enumerate() {
            if let Some(t) = &st.criteria {
                v.push((path!["item", "steps", i, "criteria"].to_vec(), t));
            }
        }
    }
    block_texts(s, false, &mut v);
    v
}

/// The names G001 and G002 mask in the text they read.
fn names(s: &crate::model::Standard) -> Vec<&str> {
    let mut v: Vec<&str> = Vec::new();
    v.extend(s.owner.as_deref());
    v.extend(s.proposer.as_deref());
    v.extend(s.drafting_units.iter().map(String::as_str));
    v.extend(s.drafters.iter().map(String::as_str));
    v.extend(s.publishers());
    if let Some(item) = &s.item {
        v.extend(item.subject.as_deref());
    }
    v
}

/// The drafting rules of one own internal standard, in code order; with `drafting_rule: none`
/// only G003 and G006.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    if s.kind == Some(Kind::External) || s.origin() != crate::model::Origin::Own {
        return;
    }
    let clauses = clause_list(&s.clauses);
    if s.drafting_rule() == crate::model::DraftingRule::None {
        clause_too_deep(cx, &clauses, out);
        empty_clause(cx, &clauses, out);
        return;
    }
    let texts = body_texts(cx);
    let names = names(s);
    requirement_wording(cx, &wording_texts(cx), &names, out);
    requirement_in_foreword(cx, &names, out);
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
fn requirement_wording(
    cx: &FileCx,
    texts: &[(Vec<Seg>, &str)],
    names: &[&str],
    out: &mut Findings,
) {
    let mut g001 = 0;
    'texts: for (p, text) in texts {
        for w in wordings_among(text, names) {
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
fn requirement_in_foreword(cx: &FileCx, names: &[&str], out: &mut Findings) {
    let s = cx.std;
    if let Some(fw) = &s.foreword
        && let Some((word, at)) = requirement_among(fw, names)
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
