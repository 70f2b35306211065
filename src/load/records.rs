//! The second document family (docs/compliance.md): with a `compliance:` block, the staff
//! roster and every record file below `records/`, read with the guarantees of the standards
//! (size and encoding guards, one parse, S-group findings at their places). A file holds one
//! record or a list; each record is validated against the schema of the kind its `record:`
//! names, so an unknown field is reported against that kind's fields.

use super::read::{parse_tree, read_text, validate_tree};
use super::walk::{Family, collect_files};
use super::{config, findings};
use crate::diag::Diagnostic;
use crate::diag::Findings;
use crate::model::records::{Record, RecordKind};
use crate::schema::Doc;
use crate::system::{EvidenceProblem, LoadedRecord, Records, Root, SystemFile};
use crate::yaml::{Node, Value};
use anyhow::Result;
use rayon::prelude::*;
use std::path::Path;

/// Loads the roster and the records; `None` without `compliance:`.
pub(super) fn load(
    root: &Root,
    sys: &SystemFile,
    period: Option<crate::model::Period>,
    cache: bool,
    out: &mut Findings,
) -> Result<Option<Records>> {
    let Some(c) = &sys.config.compliance else {
        return Ok(None);
    };
    let period = period
        .or(c.period)
        .or_else(|| crate::model::Period::year(sys.today.year()))
        .unwrap_or(crate::model::Period {
            from: sys.today,
            to: sys.today,
        });
    let staff = config::read_catalogue(
        root,
        &c.staff,
        (&crate::path!["compliance", "staff"], sys.tree.as_ref()),
        Doc::Staff,
        out,
    );
    let calendar = super::cases::calendar(root, c, out);
    let data = super::cases::data(root, c, cache, out);
    let mut unread = Vec::new();
    let sheets = super::assess::sheets(root, c, &mut unread, out);
    let assessments = super::assess::assessments(root, c, &mut unread, out);
    let files = collect_files(root, sys, Family::Records, out)?;
    let read: Vec<(Vec<LoadedRecord>, Findings)> =
        files.par_iter().map(|rel| read_file(root, rel)).collect();
    let mut list = Vec::new();
    for (records, diags) in read {
        list.extend(records);
        out.append(diags);
    }
    Ok(Some(Records {
        period,
        staff,
        list,
        files: files.iter().map(|rel| root.file_name(rel)).collect(),
        calendar,
        data,
        sheets,
        assessments,
        unread,
    }))
}

/// Reads one record file: a mapping (one record) or a list of them.
fn read_file(root: &Root, rel: &Path) -> (Vec<LoadedRecord>, Findings) {
    let file = root.file_name(rel);
    let mut out = Findings::new();
    let text = match read_text(&root.dir.join(rel), &file) {
        Ok(t) => t,
        Err(d) => {
            out.push(*d);
            return (Vec::new(), out);
        }
    };
    let Some(tree) = parse_tree(&text, &file, &mut out) else {
        return (Vec::new(), out);
    };
    let nodes: Vec<Node> = match tree.value {
        Value::Seq(items) => items,
        Value::Map(_) => vec![tree],
        _ => {
            // Neither: let the schema say what was expected, at the value.
            validate_tree(tree, &file, Doc::RecordHead, |_| false, &mut out);
            return (Vec::new(), out);
        }
    };
    let mut records = Vec::with_capacity(nodes.len());
    for node in nodes {
        if let Some(r) = read_record(root, rel, &file, node, &mut out) {
            records.push(r);
        }
    }
    (records, out)
}

fn read_record(
    root: &Root,
    rel: &Path,
    file: &crate::diag::FileName,
    node: Node,
    out: &mut Findings,
) -> Option<LoadedRecord> {
    let before = out.len();
    let (node, _) = validate_tree(node, file, Doc::RecordHead, |_| false, out);
    if out.len() > before {
        return None;
    }
    let kind = node
        .get("record")
        .and_then(Node::as_str)
        .and_then(RecordKind::parse)?;
    // A record with a schema finding is reported and left out of the ledger: what it would
    // count is uncertain, and the rules would only repeat its problem (one problem, one finding).
    let (node, _) = validate_tree(node, file, Doc::Record(kind), |_| false, out);
    if out.len() > before {
        return None;
    }
    let record = match Record::read(kind, Tree(&node)) {
        Ok(r) => r,
        Err(e) => {
            out.push(findings::de_error(file, &node, &e));
            return None;
        }
    };
    if let Some(d) = one_of_missing(file, &node, &record) {
        out.push(d);
        return None;
    }
    let bad_ids: Vec<Diagnostic> = ids_of(&record)
        .into_iter()
        .filter(|id| !id_shape_ok(id.value.as_str()))
        .map(|id| {
            Diagnostic::new(
                crate::diag::codes::S002,
                file,
                id.span,
                msg!(
                    "id `{}` has characters other than letters, digits, `.`, `_` and `-`",
                    "编号 `{}` 含有字母、数字、`.`、`_`、`-` 以外的字符",
                    id.value
                ),
            )
        })
        .collect();
    if !bad_ids.is_empty() {
        out.extend(bad_ids);
        return None;
    }
    let evidence_problems = record
        .evidence()
        .iter()
        .filter_map(|e| {
            let f = e.file.as_ref()?;
            evidence_problem(&root.dir, &f.value).map(|p| (f.span, p))
        })
        .collect();
    Some(LoadedRecord {
        file: file.clone(),
        rel: rel.to_path_buf(),
        record,
        span: node.span,
        evidence_problems,
    })
}

/// Whether an evidence file is there: a regular file inside the root, links followed.
pub(super) fn evidence_problem(root: &Path, rel: &str) -> Option<EvidenceProblem> {
    let path = match crate::files::inside(root, rel) {
        Ok(p) => p,
        Err(e) => return Some(EvidenceProblem::Unsafe(e)),
    };
    match std::fs::metadata(&path) {
        Err(_) => Some(EvidenceProblem::Missing),
        Ok(m) if !m.is_file() => Some(EvidenceProblem::NotRegular),
        Ok(_) => None,
    }
}

/// The positioned tree as the model's [`Reader`](crate::model::records::Reader).
struct Tree<'a>(&'a Node);

impl crate::model::records::Reader for Tree<'_> {
    type Error = crate::de::Error;
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, crate::de::Error> {
        crate::de::from_node(self.0)
    }
}

/// The "one of" requirements a JSON Schema of the model cannot say (S002, at the record's
/// first key): a training names `standards` or a `topic`; an inspection has `inspectors`, or
/// for `type: external` the inspecting `body`.
fn one_of_missing(
    file: &crate::diag::FileName,
    node: &Node,
    record: &Record,
) -> Option<Diagnostic> {
    use crate::diag::{Msg, codes};
    use crate::model::records::InspectionType;
    let at = node
        .as_map()
        .and_then(|m| m.first())
        .map_or(node.span, |e| e.key_span);
    let (en, zh, help) = match record {
        Record::Training(t)
            if t.standards.is_empty() && t.topic.as_deref().is_none_or(|x| x.trim().is_empty()) =>
        {
            (
                "a training needs `standards` (the standards taught) or a `topic`",
                "培训记录应填写 `standards`（宣贯的标准）或 `topic`（培训主题）",
                Msg::new(
                    "add `standards: [\"201-001\"]`, or `topic: 标准化基础知识` for general training",
                    "请添加 `standards: [\"201-001\"]`，通用培训可写 `topic: 标准化基础知识`",
                ),
            )
        }
        Record::Inspection(x)
            if x.inspectors.is_empty()
                && !(x.inspection_type == Some(InspectionType::External)
                    && x.body.as_deref().is_some_and(|b| !b.trim().is_empty())) =>
        {
            (
                "an inspection needs `inspectors` (or, for `type: external`, the inspecting `body`)",
                "检查记录应填写 `inspectors`（检查人员）；上级或第三方检查（`type: external`）可改填 `body`",
                Msg::new("add `inspectors: [S-001]`", "请添加 `inspectors: [S-001]`"),
            )
        }
        _ => return None,
    };
    Some(Diagnostic::new(codes::S002, file, at, Msg::new(en, zh)).help(help))
}

/// An id of the record namespace: letters, digits, `.`, `_`, `-` (docs/compliance.md, Ids).
fn id_shape_ok(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The ids a record introduces: its own, and those of its findings, nonconformities and actions.
fn ids_of(record: &Record) -> Vec<&crate::model::records::Ref> {
    let mut v: Vec<&crate::model::records::Ref> = record.id().into_iter().collect();
    fn actions(
        a: &[crate::model::Spanned<crate::model::records::Action>],
    ) -> Vec<&crate::model::records::Ref> {
        a.iter().filter_map(|x| x.id.as_ref()).collect()
    }
    match record {
        Record::Inspection(x) => {
            for f in &x.findings {
                v.extend(f.id.as_ref());
                v.extend(actions(&f.actions));
            }
        }
        Record::Audit(x) => {
            for f in &x.nonconformities {
                v.extend(f.id.as_ref());
                v.extend(actions(&f.actions));
            }
        }
        Record::Review(x) => v.extend(actions(&x.decisions)),
        Record::Complaint(x) => v.extend(actions(&x.actions)),
        _ => {}
    }
    v
}
