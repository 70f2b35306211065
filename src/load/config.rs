//! The system file (`stdkit.yaml`): its config, the flattened structure, the catalogues
//! (inline or from their files), "today".

use super::read::{ReadError, parse_yaml, read_checked, read_yaml_within};
use super::{findings, walk::inside};
use crate::diag::Findings;
use crate::diag::{Diagnostic, Msg, codes};
use crate::model::{Catalogue, Config, Date, Spanned, StructureNode};
use crate::schema::Doc;
use crate::system::{CatalogueOf, Root, SYSTEM_FILE, StructNode, SystemFile};
use crate::yaml::{Node, Span};
use anyhow::{Result, bail};
use std::path::Path;

pub(super) fn read_system_file(
    root: &Root,
    today: Option<Date>,
    out: &mut Findings,
) -> Result<SystemFile> {
    let path = root.dir.join(SYSTEM_FILE);
    let file = root.file_name(Path::new(SYSTEM_FILE));
    let mut diags = Findings::new();
    // A system file that exists but cannot be read (no permission, a FIFO or a folder swapped
    // in) is an unreadable root: one error, not the findings of a system without its file.
    let parsed = match read_checked(&path, &file) {
        Ok(text) => parse_yaml(text, &file, Doc::Config, |_| false, &mut diags),
        Err(ReadError::Unreadable(_, why)) => bail!("cannot read `{file}`: {why}"),
        Err(ReadError::Invalid(d)) => {
            diags.push(*d);
            None
        }
    };
    let (tree, pruned) = match parsed {
        Some((n, pruned, _)) => (Some(n), pruned),
        None => (None, Vec::new()),
    };
    let config: Config = match &tree {
        Some(t) => crate::de::from_node(t).unwrap_or_else(|e| {
            diags.push(findings::de_error(&file, t, &e));
            Config::default()
        }),
        None => Config::default(),
    };
    // Every problem of the system file is an S007 (docs/rules.md), whatever it is underneath.
    let (diags, dropped) = diags.into_parts();
    for ((f, _), (n, sev)) in dropped {
        out.add_dropped(f, codes::S007.code, n, sev);
    }
    for mut d in diags {
        if d.code != codes::S007.code {
            d.message.en = format!("{} [{}]", d.message.en, d.code);
            d.message.zh = format!("{} [{}]", d.message.zh, d.code);
            d.code = codes::S007.code;
        }
        out.push(d);
    }
    let mut nodes = Vec::new();
    flatten(
        config.structure.as_deref().unwrap_or_default(),
        None,
        0,
        &mut nodes,
    );
    let posts = read_catalogue(
        root,
        &config.posts,
        (&crate::path!["posts"], tree.as_ref()),
        Doc::Posts,
        out,
    );
    let items = read_catalogue(
        root,
        &config.items,
        (&crate::path!["items"], tree.as_ref()),
        Doc::Items,
        out,
    );
    let assets = read_catalogue(
        root,
        &config.assets,
        (&crate::path!["assets"], tree.as_ref()),
        Doc::Assets,
        out,
    );
    let today = today.or(config.today).unwrap_or_else(Date::today);
    let mut node_index = std::collections::HashMap::with_capacity(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        node_index.entry(n.code.clone()).or_insert(i);
    }
    Ok(SystemFile {
        config,
        file,
        tree,
        pruned,
        nodes,
        node_index,
        posts,
        items,
        assets,
        today,
    })
}

fn flatten(
    list: &[Spanned<StructureNode>],
    parent: Option<usize>,
    depth: usize,
    out: &mut Vec<StructNode>,
) {
    for n in list {
        let entry_span = n.span;
        let n = &n.value;
        let i = out.len();
        let code = n.code.as_ref();
        out.push(StructNode {
            code: code.map_or_else(String::new, |c| c.value.0.clone()),
            name: n.name.clone().unwrap_or_default(),
            category: n.category.or_else(|| parent.and_then(|p| out[p].category)),
            depth,
            parent,
            children: Vec::new(),
            span: code.map_or_else(Span::default, |c| c.span),
            entry_span,
        });
        if let Some(p) = parent {
            out[p].children.push(i);
        }
        flatten(&n.children, Some(i), depth + 1, out);
    }
}

/// Reads a catalogue, inline or from its file. A bad entry is reported (by the schema) and
/// skipped; the other entries are still read.
pub(super) fn read_catalogue<T: serde::de::DeserializeOwned + Clone>(
    root: &Root,
    source: &Option<Catalogue<T>>,
    (key, config): (&[crate::yaml::Seg], Option<&Node>),
    doc: Doc,
    out: &mut Findings,
) -> CatalogueOf<T> {
    match source {
        None => CatalogueOf {
            entries: Vec::new(),
            file: None,
        },
        Some(Catalogue::Inline(entries)) => CatalogueOf {
            entries: entries.clone(),
            file: Some(root.file_name(Path::new(SYSTEM_FILE))),
        },
        Some(Catalogue::Path(p)) => {
            let file = root.file_name(Path::new(p));
            let path = root.dir.join(p);
            // Something other than a file at the path (a FIFO, a device) is not read either.
            let special = std::fs::metadata(&path)
                .ok()
                .filter(|m| !m.is_file() && !m.is_dir() && inside(&root.dir, &path));
            if !path.is_file() || !inside(&root.dir, &path) {
                let message = match special {
                    Some(m) => {
                        let (en, zh) = super::read::file_kind(m.file_type());
                        Msg::new(
                            format!("catalogue file `{p}` is not a regular file ({en}); not read"),
                            format!("目录文件 `{p}` 不是普通文件（{zh}），未读取"),
                        )
                    }
                    None if path.exists() && !inside(&root.dir, &path) => msg!(
                        "catalogue file `{}` lies outside the system root (through `..` or a link); not read",
                        "目录文件 `{}` 位于标准体系根目录之外（经 `..` 或链接），未读取",
                        p
                    ),
                    None => msg!(
                        "catalogue file `{}` not found in the system",
                        "目录文件 `{}` 不存在于标准体系中",
                        p
                    ),
                };
                out.push(Diagnostic::new(
                    codes::S007,
                    &root.file_name(Path::new(SYSTEM_FILE)),
                    config.map_or_else(Span::default, |t| t.span_at(key)),
                    message,
                ));
                return CatalogueOf {
                    entries: Vec::new(),
                    file: Some(file),
                };
            }
            let entries = read_yaml_within(
                &path,
                &file,
                doc,
                crate::yaml::MAX_CATALOGUE_SIZE,
                |_| false,
                out,
            )
            .and_then(|(tree, ..)| {
                let items = tree.as_seq()?;
                Some(
                    items
                        .iter()
                        .filter_map(|n| crate::de::from_node::<Spanned<T>>(n).ok())
                        .collect(),
                )
            })
            .unwrap_or_default();
            CatalogueOf {
                entries,
                file: Some(file),
            }
        }
    }
}
