//! The data of docs/compliance.md Part 3: scoring sheets (the built-in ones and those of
//! `compliance.sheets`) and the self-assessments of `compliance.assessments`, read with the
//! guarantees of every YAML file (size and encoding guards, schema findings at their places).
//! A file with a schema finding is reported and left out: what it would score is uncertain.

use super::cases::named_file;
use super::read::{parse_yaml, read_yaml};
use super::records::evidence_problem;
use crate::diag::{Diagnostic, FileName, Findings, Msg, codes};
use crate::model::assess::{Assessment, Sheet};
use crate::model::records::Compliance;
use crate::schema::Doc;
use crate::system::{LoadedAssessment, LoadedSheet, Root};
use crate::yaml::Node;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The built-in sheets, by file name: transcribed, `complete: false` (docs/compliance.md).
const BUILTIN: &[(&str, &str)] = &[
    (
        "cn-service-pilot-2009.yaml",
        include_str!("sheets/cn-service-pilot-2009.yaml"),
    ),
    (
        "cn-good-behaviour.yaml",
        include_str!("sheets/cn-good-behaviour.yaml"),
    ),
];

/// Where findings and reports place a built-in sheet.
pub const BUILTIN_DIR: &str = "<built-in>";

/// The text of the built-in sheet `id`, as `stdkit sheet export` writes it.
pub fn builtin_text(id: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(name, _)| name.strip_suffix(".yaml") == Some(id))
        .map(|(_, text)| *text)
}

/// The built-in sheets, parsed (a unit test holds them free of findings).
pub fn builtin() -> Vec<LoadedSheet> {
    let mut scratch = Findings::new();
    BUILTIN
        .iter()
        .filter_map(|(name, text)| {
            let file: FileName = format!("{BUILTIN_DIR}/{name}").into();
            let (tree, ..) = parse_yaml(
                (*text).to_string(),
                &file,
                Doc::Sheet,
                |_| false,
                &mut scratch,
            )?;
            let sheet = crate::de::from_node::<Sheet>(&tree).ok()?;
            Some(LoadedSheet {
                file,
                rel: PathBuf::new(),
                sheet,
                builtin: true,
                span: tree.span,
            })
        })
        .collect()
}

/// The sheets: built-in ones, replaced by a user sheet of the same id, then the others in the
/// order of `compliance.sheets`. A second user sheet with one id is V001 and left out.
pub(super) fn sheets(
    root: &Root,
    c: &Compliance,
    unread: &mut Vec<String>,
    out: &mut Findings,
) -> Vec<LoadedSheet> {
    let mut list = builtin();
    let config = root.file_name(Path::new(crate::system::SYSTEM_FILE));
    let mut seen: HashMap<String, (FileName, crate::yaml::Span)> = HashMap::new();
    for entry in &c.sheets {
        let what = ("scoring sheet", "评估计分表");
        let Some((path, file)) = named_file(root, &config, entry, what, codes::V003, out) else {
            continue;
        };
        let tree = match read_valid(&path, &file, Doc::Sheet, out) {
            Ok(t) => t,
            Err(id) => {
                // Left out with its findings; a built-in of its id is not used in its place.
                if let Some(id) = id {
                    list.retain(|s| s.id() != id);
                    unread.push(id);
                }
                continue;
            }
        };
        let Ok(sheet) = crate::de::from_node::<Sheet>(&tree) else {
            continue;
        };
        let Some(id) = sheet.id.clone() else { continue };
        if let Some((first, span)) = seen.get(id.value.as_str()) {
            out.push(
                Diagnostic::new(
                    codes::V001,
                    &file,
                    id.span,
                    msg!(
                        "a second scoring sheet with the id `{}`; this one is not read",
                        "评估计分表编号 `{}` 重复，本表未读取",
                        id.value
                    ),
                )
                .related(first, *span, Msg::new("the first", "首次出现处")),
            );
            continue;
        }
        seen.insert(id.value.0.clone(), (file.clone(), id.span));
        let loaded = LoadedSheet {
            file,
            rel: PathBuf::from(&entry.value),
            sheet,
            builtin: false,
            span: tree.span,
        };
        match list.iter().position(|s| s.builtin && s.id() == loaded.id()) {
            Some(i) => list[i] = loaded,
            None => list.push(loaded),
        }
    }
    list
}

/// The self-assessments of `compliance.assessments`.
pub(super) fn assessments(
    root: &Root,
    c: &Compliance,
    unread: &mut Vec<String>,
    out: &mut Findings,
) -> Vec<LoadedAssessment> {
    let config = root.file_name(Path::new(crate::system::SYSTEM_FILE));
    let mut list = Vec::new();
    for entry in &c.assessments {
        let what = ("self-assessment", "自评表");
        let Some((path, file)) = named_file(root, &config, entry, what, codes::V003, out) else {
            continue;
        };
        let tree = match read_valid(&path, &file, Doc::Assessment, out) {
            Ok(t) => t,
            Err(id) => {
                unread.extend(id);
                continue;
            }
        };
        let Ok(assessment) = crate::de::from_node::<Assessment>(&tree) else {
            continue;
        };
        let entries = tree.get("scores").and_then(Node::as_map).unwrap_or(&[]);
        let score_keys: HashMap<String, crate::yaml::Span> = entries
            .iter()
            .map(|e| (e.key.clone(), e.key_span))
            .collect();
        let mut incomplete = false;
        for e in entries {
            let s = &assessment.scores[&e.key].value;
            if s.score.is_none() && !s.na {
                incomplete = true;
                out.push(
                    Diagnostic::new(
                        codes::S002,
                        &file,
                        e.key_span,
                        msg!(
                            "the score of `{}` gives neither `score` nor `na: true`",
                            "`{}` 的评分既无 `score` 也无 `na: true`",
                            e.key
                        ),
                    )
                    .help(Msg::new(
                        "write `score: 2` (halves allowed), or `na: true` where the criterion does not apply; leave the entry out for 未评",
                        "请填写 `score: 2`（可为半分），不适用的填 `na: true`；未评的条目整条删去",
                    )),
                );
            }
        }
        if incomplete {
            unread.extend(assessment.id.as_ref().map(|i| i.value.0.clone()));
            continue;
        }
        let file_problems = assessment
            .scores
            .values()
            .flat_map(|s| &s.value.files)
            .filter_map(|f| evidence_problem(&root.dir, &f.value).map(|p| (f.span, p)))
            .collect();
        list.push(LoadedAssessment {
            file,
            assessment,
            span: tree.span,
            score_keys,
            file_problems,
        });
    }
    list
}

/// Reads a YAML file of `doc`: `Ok` when it has no finding of its own, else `Err` with the
/// `id` it gives, if it can be read (so what names it is not reported a second time).
fn read_valid(
    path: &Path,
    file: &FileName,
    doc: Doc,
    out: &mut Findings,
) -> Result<Node, Option<String>> {
    let before = out.len();
    let (tree, ..) = read_yaml(path, file, doc, |_| false, out).ok_or(None)?;
    if out.len() == before {
        return Ok(tree);
    }
    Err(tree.get("id").and_then(Node::as_str).map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sheets_read_without_findings() {
        for (name, text) in BUILTIN {
            let file: FileName = format!("{BUILTIN_DIR}/{name}").into();
            let mut out = Findings::new();
            let (tree, ..) =
                parse_yaml((*text).to_string(), &file, Doc::Sheet, |_| false, &mut out).unwrap();
            assert!(out.is_empty(), "{name}: {out:?}");
            let sheet = crate::de::from_node::<Sheet>(&tree).unwrap();
            assert_eq!(
                Some(name.trim_end_matches(".yaml")),
                sheet.id.as_ref().map(|i| i.value.as_str())
            );
            assert_eq!(sheet.complete.map(|c| c.value), Some(false));
        }
        assert_eq!(builtin().len(), BUILTIN.len());
    }

    #[test]
    fn builtin_pilot_sheet_section_one_is_fourteen_points() {
        let s = builtin();
        let pilot = s
            .iter()
            .find(|s| s.id() == "cn-service-pilot-2009")
            .unwrap();
        let one = &pilot.sheet.items[0].value;
        assert_eq!(one.points(), 14.0);
        let sum: f64 = one
            .items
            .iter()
            .flatten()
            .map(|n| {
                n.value
                    .items
                    .iter()
                    .flatten()
                    .map(|c| c.value.points())
                    .sum::<f64>()
            })
            .sum();
        assert_eq!(sum, 14.0);
        assert!(
            pilot.sheet.items[1].value.items.is_none(),
            "section 2 is declared only"
        );
    }
}
