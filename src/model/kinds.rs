//! What stdkit knows of each standard kind, in one table: its YAML name, the fields only it may
//! have, the body it needs from `trial` on (D006), whether it has the common GB/T 1.1 body, the
//! skeleton `stdkit new` writes, and how `stdkit new` describes it.
//!
//! A new kind is a variant of [`Kind`], its block type in `model`, one row here, its skeleton
//! `templates/new/<kind>.yaml`, and its chapter in the handbook (ARCHITECTURE.md).

use super::{Kind, Standard};

/// The facts of one kind.
pub struct KindFacts {
    pub kind: Kind,
    /// The name in YAML (`kind: item`) and on the command line (`stdkit new item`).
    pub name: &'static str,
    /// How `stdkit new --help` describes it.
    pub about: &'static str,
    /// The kind's own block (`item:`): its missing fields are warnings while the standard is in
    /// the pipeline, errors from `trial` on.
    pub block: Option<&'static str>,
    /// Top-level fields only this kind may have: elsewhere they are S002.
    pub own_fields: &'static [&'static str],
    /// Whether the common body (`foreword`, `scope`, `terms`, `clauses`, `annexes`) belongs here.
    pub common_body: bool,
    /// The body D006 requires from `trial` on.
    pub body: Option<Body>,
    /// The embedded skeleton of `stdkit new` (overridable in `<root>/templates/new/`).
    pub skeleton: &'static str,
}

/// The body a kind requires: its field, and whether a standard has it.
pub struct Body {
    pub field: &'static str,
    pub present: fn(&Standard) -> bool,
}

/// Every kind, in the order of docs/format.md.
pub const KINDS: &[KindFacts] = &[
    KindFacts {
        kind: Kind::Terms,
        name: "terms",
        about: "术语标准",
        block: None,
        own_fields: &[],
        common_body: true,
        body: Some(Body {
            field: "terms",
            present: |s| !s.terms.is_empty(),
        }),
        skeleton: include_str!("../../templates/new/terms.yaml"),
    },
    KindFacts {
        kind: Kind::Symbols,
        name: "symbols",
        about: "符号与标志标准",
        block: None,
        own_fields: &["symbols"],
        common_body: true,
        body: Some(Body {
            field: "symbols",
            present: |s| !s.symbols.is_empty(),
        }),
        skeleton: include_str!("../../templates/new/symbols.yaml"),
    },
    KindFacts {
        kind: Kind::Item,
        name: "item",
        about: "项目办理规程: one service item",
        block: Some("item"),
        own_fields: &["item"],
        common_body: true,
        body: Some(Body {
            field: "item",
            present: |s| s.item.is_some(),
        }),
        skeleton: include_str!("../../templates/new/item.yaml"),
    },
    KindFacts {
        kind: Kind::Service,
        name: "service",
        about: "服务规范",
        block: None,
        own_fields: &[],
        common_body: true,
        body: Some(Body {
            field: "clauses",
            present: |s| !s.clauses.is_empty(),
        }),
        skeleton: include_str!("../../templates/new/service.yaml"),
    },
    KindFacts {
        kind: Kind::Management,
        name: "management",
        about: "管理标准",
        block: Some("management"),
        own_fields: &["management"],
        common_body: true,
        body: Some(Body {
            field: "management",
            present: |s| s.management.is_some(),
        }),
        skeleton: include_str!("../../templates/new/management.yaml"),
    },
    KindFacts {
        kind: Kind::Work,
        name: "work",
        about: "岗位工作标准: one post",
        block: Some("work"),
        own_fields: &["work"],
        common_body: true,
        body: Some(Body {
            field: "work",
            present: |s| s.work.is_some(),
        }),
        skeleton: include_str!("../../templates/new/work.yaml"),
    },
    KindFacts {
        kind: Kind::General,
        name: "general",
        about: "any other standard",
        block: None,
        own_fields: &[],
        common_body: true,
        body: Some(Body {
            field: "clauses",
            present: |s| !s.clauses.is_empty(),
        }),
        skeleton: include_str!("../../templates/new/general.yaml"),
    },
    KindFacts {
        kind: Kind::External,
        name: "external",
        about: "an adopted outside standard (in force at once: no draft stage)",
        block: None,
        own_fields: &["adoption", "last_checked", "clauses_used"],
        common_body: false,
        body: None,
        skeleton: include_str!("../../templates/new/external.yaml"),
    },
];

/// Whether `field` is the block of some kind (`item`, `work`, `management`).
pub fn is_block(field: &str) -> bool {
    KINDS.iter().any(|k| k.block == Some(field))
}

/// The top-level fields some kind owns (a field in this list is S002 on any other kind).
pub fn kind_specific(field: &str) -> bool {
    KINDS.iter().any(|k| k.own_fields.contains(&field))
}

impl Kind {
    /// This kind's row of [`KINDS`].
    pub fn facts(self) -> &'static KindFacts {
        KINDS
            .iter()
            .find(|k| k.kind == self)
            .expect("every kind has a row in KINDS (tested)")
    }

    pub fn as_str(self) -> &'static str {
        self.facts().name
    }
}

/// `stdkit new KIND`: the kinds in the order its help lists them (the most used first).
impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Kind::Item,
            Kind::Work,
            Kind::Management,
            Kind::Service,
            Kind::Terms,
            Kind::Symbols,
            Kind::General,
            Kind::External,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let f = self.facts();
        Some(clap::builder::PossibleValue::new(f.name).help(f.about))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_kind_named_as_in_yaml() {
        let all = <Kind as clap::ValueEnum>::value_variants();
        assert_eq!(KINDS.len(), all.len());
        for &k in all {
            let f = k.facts();
            let yaml: Kind = serde_json::from_value(serde_json::json!(f.name)).unwrap();
            assert_eq!(yaml, k, "{} deserialises to its own kind", f.name);
            assert!(
                f.skeleton.contains(&format!("kind: {}", f.name)),
                "{}",
                f.name
            );
        }
    }
}
