//! The chapters a standard's kind adds after 1 范围, 2 规范性引用文件 and 3 术语和定义: one
//! function per kind (项目办理规程, 岗位工作标准, 管理标准, 符号与标志标准), and the body of an
//! adopted external standard, which has no GB/T 1.1 chapters at all.
//!
//! Only lays out what a block says; post names come from the caller (`PostName`), so this file
//! needs nothing of the system.

use super::blocks::{Body, Chapters, field_or_para, join, list, para, section, table};
use super::flow::{self, days_label};
use super::numbering::{Numbering, caption};
use crate::model::{
    Adoption, Form, ItemBlock, Kind, Layout, ManagementBlock, Standard, SubjectNature, Symbol,
    WorkBlock,
};
use std::fmt::Write;

/// Turns a post id into the post's name (None when the catalogue has no such post).
pub type PostName<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The chapters of `s`'s kind, then its clauses, numbered on from the chapters before them
/// (with `layout: free`, the clauses only).
pub fn of_kind(s: &Standard, post_name: PostName, ch: &mut Chapters) {
    // `layout: free`: the document's own chapter plan, nothing generated from the block.
    if s.layout() == Layout::Free {
        ch.clauses(&s.clauses);
        return;
    }
    match s.kind {
        Some(Kind::Item) => {
            if let Some(it) = &s.item {
                item(it, post_name, ch);
            }
            ch.clauses(&s.clauses);
        }
        Some(Kind::Work) => {
            if let Some(w) = &s.work {
                work(w, post_name, ch);
            }
            ch.clauses(&s.clauses);
        }
        // A management standard's clauses are 管理内容与要求's subclauses.
        Some(Kind::Management) => match &s.management {
            Some(m) => management(m, s, ch),
            None => ch.clauses(&s.clauses),
        },
        Some(Kind::Symbols) => {
            symbols(&s.symbols, ch);
            ch.clauses(&s.clauses);
        }
        _ => ch.clauses(&s.clauses),
    }
}

/// The one section of an external standard: how it is adopted (its text is the published one).
pub fn external(s: &Standard, n: &Numbering) -> Body {
    let how = match s.adoption.unwrap_or(Adoption::Direct) {
        Adoption::Direct => "直接采用",
        Adoption::Reference => "引用",
        Adoption::Converted => "转化为内控标准",
    };
    let mut rows = vec![vec!["采用方式".to_string(), how.to_string()]];
    if let Some(c) = s.last_checked {
        rows.push(vec!["查新日期".into(), c.to_string()]);
    }
    if let Some(u) = &s.clauses_used {
        rows.push(vec!["采用条款".into(), u.clone()]);
    }
    join(
        para(&format!(
            "本标准为本标准体系采用的外部标准，其内容以正式出版的标准文本为准，采用情况见{}。",
            n.next_table()
        )),
        table(n, "采用情况", &["项目", "内容"], &rows),
    )
}

/// 项目办理规程 (GB/T 24421 service items): the item's facts, basis, conditions, materials,
/// procedure with its flow chart, time limits, fees and disclosure.
fn item(it: &ItemBlock, post_name: PostName, ch: &mut Chapters) {
    let info = cited(ch.n, "事项基本信息", &["项目", "内容"], &item_info(it));
    ch.chapter("事项基本信息", info);
    let basis: Vec<String> = it
        .basis
        .iter()
        .map(|b| {
            let mut s = text(&b.law);
            if let Some(a) = &b.article {
                s.push_str(a);
            }
            if let Some(t) = &b.text {
                let _ = write!(s, "：{t}");
            }
            s
        })
        .collect();
    ch.chapter("设定依据", list(&basis));
    if !it.conditions.is_empty() {
        ch.chapter("受理条件", list(&it.conditions));
    }
    let materials: Vec<Vec<String>> = it
        .materials
        .iter()
        .enumerate()
        .map(|(k, m)| {
            vec![
                (k + 1).to_string(),
                text(&m.name),
                m.form.map_or("", Form::zh).to_string(),
                m.copies.unwrap_or(1).to_string(),
                text(&m.source),
                text(&m.basis),
            ]
        })
        .collect();
    let materials = cited(
        ch.n,
        "申请材料",
        &["序号", "材料名称", "材料形式", "份数", "来源", "依据"],
        &materials,
    );
    ch.chapter("申请材料", materials);
    procedure(it, post_name, ch);
    let limits = limits(it, ch.n);
    ch.chapter("办理时限", limits);
    let fees = fees(it, ch.n);
    ch.chapter("收费标准", fees);
    ch.chapter(
        "公开方式",
        para(&format!("本事项通过{}公开。", it.disclosure.join("、"))),
    );
}

/// The rows of 事项基本信息.
fn item_info(it: &ItemBlock) -> Vec<Vec<String>> {
    let nature = match it.subject_nature {
        SubjectNature::Statutory => "法定机关",
        SubjectNature::Authorised => "授权组织",
        SubjectNature::Entrusted => "受委托组织",
    };
    let mut info = vec![
        vec!["事项名称".to_string(), text(&it.name)],
        vec![
            "事项编码".into(),
            it.code
                .as_ref()
                .map(|c| c.value.to_string())
                .unwrap_or_default(),
        ],
        vec!["事项类型".into(), text(&it.item_type)],
        vec![
            "实施机关".into(),
            format!("{}（{nature}）", text(&it.subject)),
        ],
    ];
    if let Some(a) = &it.entrusting_authority {
        info.push(vec!["委托机关".into(), a.clone()]);
    }
    info.push(vec![
        "办件类型".into(),
        it.handling.map_or("", |h| h.zh()).to_string(),
    ]);
    for (k, v) in [
        ("办理窗口", &it.window),
        ("审批结果", &it.result),
        ("咨询方式", &it.consultation),
        ("投诉方式", &it.complaint),
    ] {
        if let Some(v) = v {
            info.push(vec![k.to_string(), v.clone()]);
        }
    }
    info
}

/// 办理程序: the steps as a table, with the flow chart (SVG and Mermaid) attached.
fn procedure(it: &ItemBlock, post_name: PostName, ch: &mut Chapters) {
    let steps: Vec<Vec<String>> = it
        .steps
        .iter()
        .enumerate()
        .map(|(k, st)| {
            let post = st
                .post
                .as_ref()
                .map(|p| post_name(&p.value.0).unwrap_or_else(|| p.value.to_string()))
                .unwrap_or_default();
            vec![
                (k + 1).to_string(),
                text(&st.name),
                post,
                days_label(st.days),
                if st.is_counted() { "是" } else { "否" }.to_string(),
            ]
        })
        .collect();
    let n = ch.n;
    let figure = n.figure();
    let body = join(
        para(&format!(
            "办理流程见{figure}，各环节的办理岗位和办理时限见{}。",
            n.next_table()
        )),
        table(
            n,
            "办理环节",
            &["序号", "办理环节", "办理岗位", "办理时限", "计入办理时限"],
            &steps,
        ),
    );
    let sec = ch.chapter("办理程序", body);
    sec.flow = Some(flow::svg(&it.steps, post_name));
    sec.flow_md = Some(flow::mermaid(&it.steps, post_name));
    let name = it
        .name
        .as_deref()
        .unwrap_or("")
        .trim_end_matches("办理规程");
    sec.flow_caption = caption(&figure, &format!("{name}办理流程图"));
}

/// 办理时限: statutory and promised limits as a table, and the steps not counted.
fn limits(it: &ItemBlock, n: &Numbering) -> Body {
    let promised = match it.promised_limit {
        Some(d) if d.is_zero() => "当场办结".to_string(),
        p => days_label(p),
    };
    let rows = vec![
        vec!["法定时限".to_string(), days_label(it.statutory_limit)],
        vec!["承诺时限".to_string(), promised],
    ];
    let mut body = cited(n, "办理时限", &["时限", "内容"], &rows);
    let uncounted: Vec<&str> = it
        .steps
        .iter()
        .filter(|s| !s.is_counted())
        .filter_map(|s| s.name.as_deref())
        .collect();
    if !uncounted.is_empty() {
        body = join(
            body,
            para(&format!("{}所需时间不计入办理时限。", uncounted.join("、"))),
        );
    }
    body
}

/// A table cited by the sentence before it: "<title>见表N。", then the table, 表N　<title>.
fn cited(n: &Numbering, title: &str, header: &[&str], rows: &[Vec<String>]) -> Body {
    join(
        para(&format!("{title}见{}。", n.next_table())),
        table(n, title, header, rows),
    )
}

/// 收费标准: the fees as a table, or that there are none.
fn fees(it: &ItemBlock, n: &Numbering) -> Body {
    if !it.charges_fees() {
        return para("本事项不收费。");
    }
    let rows: Vec<Vec<String>> = it
        .all_fees()
        .map(|(_, _, f)| vec![text(&f.item), text(&f.standard), text(&f.basis)])
        .collect();
    cited(n, "收费标准", &["收费项目", "收费标准", "收费依据"], &rows)
}

/// 岗位工作标准: the post, its duties, qualifications and authority, the work items as
/// subclauses, and the assessment.
fn work(w: &WorkBlock, post_name: PostName, ch: &mut Chapters) {
    if let Some(p) = &w.post {
        let name = post_name(&p.value.0).unwrap_or_default();
        ch.chapter(
            "岗位",
            para(&format!("本文件适用于{name}（岗位编号 {}）。", p.value)),
        );
    }
    ch.chapter("岗位职责", list(&w.duties));
    if !w.qualifications.is_empty() {
        ch.chapter("任职条件", list(&w.qualifications));
    }
    if !w.authority.is_empty() {
        ch.chapter("岗位权限", list(&w.authority));
    }
    let n = ch.chapter("工作内容与要求", Body::default()).number.clone();
    for (k, wi) in w.work_items.iter().enumerate() {
        ch.add(section(
            format!("{n}.{}", k + 1),
            2,
            wi.content.as_deref().unwrap_or(""),
            field_or_para(ch.n, wi.requirements.as_deref()),
        ));
    }
    ch.chapter("检查与考核", list(&w.assessment));
}

/// 管理标准: the duties, the standard's clauses as 管理内容与要求, the inspection and the records.
fn management(m: &ManagementBlock, s: &Standard, ch: &mut Chapters) {
    let duties: Vec<String> = m
        .duties
        .iter()
        .map(|d| {
            format!(
                "{}：{}",
                d.unit.as_deref().unwrap_or(""),
                d.duty.as_deref().unwrap_or("")
            )
        })
        .collect();
    ch.chapter("职责", list(&duties));
    let n = ch.chapter("管理内容与要求", Body::default()).number.clone();
    for (sub, c) in (1..).zip(&s.clauses) {
        ch.clause(c, &format!("{n}.{sub}"), 2);
    }
    ch.chapter("检查与考核", list(&m.inspection));
    let rows: Vec<Vec<String>> = m
        .records
        .iter()
        .map(|r| {
            vec![
                text(&r.name),
                text(&r.form),
                text(&r.keeper),
                text(&r.retention),
            ]
        })
        .collect();
    let records = cited(
        ch.n,
        "记录",
        &["记录名称", "表单编号", "保存部门", "保存期限"],
        &rows,
    );
    ch.chapter("记录", records);
}

/// 符号与标志标准: the symbols as one table.
fn symbols(symbols: &[Symbol], ch: &mut Chapters) {
    let rows: Vec<Vec<String>> = symbols
        .iter()
        .enumerate()
        .map(|(k, y)| {
            vec![
                (k + 1).to_string(),
                text(&y.name),
                text(&y.meaning),
                text(&y.location),
            ]
        })
        .collect();
    let table = cited(
        ch.n,
        "符号与标志",
        &["序号", "名称", "含义", "设置位置"],
        &rows,
    );
    ch.chapter("符号与标志", table);
}

/// A table cell from an optional field ("" when absent).
fn text(field: &Option<String>) -> String {
    field.clone().unwrap_or_default()
}
