//! The check engine: load with the file rules, then the system rules, then the overrides of
//! `stdkit.yaml` (`rules:`) and each standard's `allow:` list; `--since` adds the change rules.
//! What `check`, `table`, `stats`, `build` and `new` run before they do their own work.

use crate::diag::{Diagnostic, Msg, Severity, codes};
use crate::git::{Repo, Snapshot};
use crate::load::{self, Options};
use crate::model::RuleLevel;
use crate::rules;
use crate::system::{Loaded, Root, System};
use crate::yaml::Span;
use anyhow::Result;

/// Loads and checks a system: every finding of the file and system rules, overrides applied,
/// sorted. `Err` only when the root cannot be read at all.
pub fn run(root: Root, opts: &Options) -> Result<System> {
    let mut system = load::load(root, opts, &rules::FileRules)?;
    let cross = rules::check_system(&system);
    system.diagnostics.extend(cross);
    apply_overrides(&mut system);
    Ok(system)
}

/// Applies `rules:` overrides of `stdkit.yaml` and each standard's `allow:` list, then sorts.
pub fn apply_overrides(system: &mut System) {
    let overrides = &system.sys.config.rules;
    let allowed = allowed(&system.standards);
    let mut extra = Vec::new();
    for code in overrides.keys() {
        if codes::rule(code).is_none() {
            let span = system.sys.tree.as_ref().map_or_else(Span::default, |t| {
                t.key_span_at(&crate::path!["rules", code.as_str()])
            });
            let d = Diagnostic::new(
                codes::S007,
                &system.sys.file,
                span,
                msg!(
                    "`rules:` names an unknown rule code `{}`",
                    "`rules:` 中的规则代码 `{}` 不存在",
                    code
                ),
            );
            let known = codes::ALL.iter().map(|r| r.code);
            extra.push(match crate::diag::did_you_mean(code, known) {
                Some(s) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", s)),
                None => d.help(Msg::new(
                    "see `stdkit explain` for the codes",
                    "规则代码见 `stdkit explain`",
                )),
            });
        }
    }
    system.diagnostics.extend(extra);
    system
        .diagnostics
        .retain_mut(|d| keep(overrides, &allowed, d));
    system
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    system.diagnostics.dedup();
}

/// Adds findings made after loading (the change rules of `check --since`): the `rules:`
/// overrides and `allow:` lists apply to them as to every other finding; then sorts again.
pub fn add_findings(system: &mut System, mut found: Vec<Diagnostic>) {
    let allowed = allowed(&system.standards);
    found.retain_mut(|d| keep(&system.sys.config.rules, &allowed, d));
    system.diagnostics.extend(found);
    system
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    system.diagnostics.dedup();
}

/// Each standard's `allow:` list, by file.
fn allowed(standards: &[Loaded]) -> std::collections::HashMap<&str, &[String]> {
    standards
        .iter()
        .filter(|l| !l.std.allow.is_empty())
        .map(|l| (&*l.file, l.std.allow.as_slice()))
        .collect()
}

/// Whether a finding stays (not allowed by its file, not `off`), with its severity overridden.
fn keep(
    overrides: &std::collections::BTreeMap<String, RuleLevel>,
    allowed: &std::collections::HashMap<&str, &[String]>,
    d: &mut Diagnostic,
) -> bool {
    if allowed
        .get(&*d.file)
        .is_some_and(|a| a.iter().any(|c| c == d.code))
    {
        return false;
    }
    match overrides.get(d.code) {
        Some(RuleLevel::Off) => false,
        Some(RuleLevel::Error) => {
            d.severity = Severity::Error;
            true
        }
        Some(RuleLevel::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        None => true,
    }
}

/// The change rules (H001–H003) against revision `rev` of the repository holding the system,
/// with S005/S006 for the revision's files git did not hand over (an unsafe path, a file over
/// the size limit). The engine takes both sides here (git for the revision, the working tree's
/// current bytes of the loaded standards, each read up to the size limit) so the rules
/// themselves only compare. `Err` (exit 2) outside a repository, for an unknown revision or
/// one that starts with `-`.
pub fn since(system: &System, rev: &str) -> Result<Vec<Diagnostic>> {
    let repo = Repo::open(&system.root)?;
    let commit = repo.commit(rev)?;
    let base = repo.snapshot(&commit)?;
    let current = Snapshot::of_files(
        &system.root.dir,
        system.standards.iter().map(|l| l.rel.as_path()),
    );
    Ok(rules::change::check(system, &base, &current, rev))
}
