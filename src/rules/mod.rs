//! The rules of `stdkit check`, one module per group of rules.md. File rules run on one file
//! while its tree is at hand (in parallel, during loading); system rules run once every file is
//! loaded, over the cross-reference index, and report through the spans kept in the model.
//!
//! Each rule is one function named after what it catches, with its code in its doc comment;
//! a group's `check_file` / `check_system` is the list of its rules' calls in code order, with
//! data several rules share computed once there and passed in. Adding a rule is one line in
//! `diag::codes`, one function and its call in the group's list, its explain pages and a
//! fixture under `tests/fixtures/rules/<CODE>`. Group S checks that need the model are in
//! [`fit`].

pub mod assess;
pub mod cases;
pub mod change;
pub mod coverage;
pub mod dates;
pub mod drafting;
pub mod fit;
pub mod item;
pub mod naming;
pub mod records;
pub mod refs;
pub mod work;

use crate::diag::Findings;
use crate::index::Index;
use crate::load::FileCheck;
use crate::system::{FileCx, System};

/// The file rules as the loader's per-file work.
pub struct FileRules;

impl FileCheck for FileRules {
    fn check(&self, cx: &FileCx, out: &mut Findings) {
        check_file(cx, out);
    }
}

/// Runs every file rule on one standard.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    fit::check_file(cx, out);
    naming::check_file(cx, out);
    dates::check_file(cx, out);
    item::check_file(cx, out);
    work::check_file(cx, out);
    drafting::check_file(cx, out);
}

/// Runs every system rule (cross-references, duplicates, coverage).
pub fn check_system(system: &System) -> Findings {
    let index = Index::new(&system.standards, &system.sys);
    let mut out = Findings::new();
    fit::check_system(system, &mut out);
    naming::check_system(system, &index, &mut out);
    dates::check_system(system, &mut out);
    refs::check_system(system, &index, &mut out);
    work::check_system(system, &index, &mut out);
    coverage::check_system(system, &index, &mut out);
    records::check_system(system, &mut out);
    out
}
