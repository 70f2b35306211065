//! The check engine: load with the file rules, then the system rules, then the overrides of
//! `stdkit.yaml` (`rules:`) and each standard's `allow:` list; `--since` adds the change rules.
//! What `check`, `table`, `stats`, `build` and `new` run before they do their own work.

use crate::diag::{Diagnostic, Msg, Severity, codes};
use crate::diag::{Dropped, Findings};
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
    let (cross, dropped) = rules::check_system(&system).into_parts();
    system.diagnostics.extend(cross);
    for (k, (n, sev)) in dropped {
        let e = system.dropped.entry(k).or_insert((0, sev));
        e.0 += n;
        e.1 = e.1.max(sev);
    }
    apply_overrides(&mut system);
    Ok(system)
}

/// Applies `rules:` overrides of `stdkit.yaml` and each standard's `allow:` list, then sorts.
pub fn apply_overrides(system: &mut System) {
    let overrides = &system.sys.config.rules;
    let allowed = allowed(&system.standards, system.records.as_ref());
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
    let dropped = overridden(&system.dropped, overrides, &allowed);
    cap_per_file(&mut system.diagnostics, &dropped);
}

/// The most findings of one rule a file lists (as G001 counts its own): more are summed up in
/// one finding, so a hostile file cannot make a report of millions of findings.
pub const PER_FILE: usize = rules::drafting::G001_PER_FILE;

/// Keeps the first [`PER_FILE`] findings of each rule in each file (of findings sorted by
/// [`Diagnostic::sort_key`]) and puts, in place of the first one left out, one finding of that
/// rule saying how many more there are, with the most severe severity of those left out (so the
/// exit status stays what it would be).
pub fn cap_per_file(diags: &mut Vec<Diagnostic>, dropped: &Dropped) {
    use std::collections::HashMap;
    let mut count: HashMap<(&str, &'static str), usize> = HashMap::new();
    for d in diags.iter() {
        *count.entry((&*d.file, d.code)).or_default() += 1;
    }
    // Those counted but never kept (`diag::Findings`) belong to the same tally.
    for ((f, c), (n, _)) in dropped {
        if let Some(k) = count.get_mut(&(&**f, *c)) {
            *k += n;
        }
    }
    if count.values().all(|n| *n <= PER_FILE) {
        return;
    }
    // (file, code) → (shown so far, where its summary goes in the output)
    let total: HashMap<(crate::diag::FileName, &'static str), usize> = count
        .into_iter()
        .filter(|(_, n)| *n > PER_FILE)
        .map(|((f, c), n)| ((f.into(), c), n))
        .collect();
    let mut seen: HashMap<(crate::diag::FileName, &'static str), (usize, usize)> = HashMap::new();
    let mut out = Vec::with_capacity(diags.len().min(1 << 16));
    for d in diags.drain(..) {
        let key = (d.file.clone(), d.code);
        let Some(&n) = total.get(&key) else {
            out.push(d);
            continue;
        };
        let (shown, at) = seen.entry(key.clone()).or_insert((0, usize::MAX));
        if *shown < PER_FILE {
            *shown += 1;
            out.push(d);
        } else if *at == usize::MAX {
            *at = out.len();
            let more = n - PER_FILE;
            let severity = dropped
                .get(&key)
                .map_or(d.severity, |(_, s)| d.severity.max(*s));
            out.push(Diagnostic {
                code: d.code,
                severity,
                message: msg!(
                    "… and {} more `{}` findings in this file",
                    "…… 本文件另有 {} 处 `{}` 问题未列出",
                    more,
                    d.code
                ),
                help: None,
                file: d.file,
                span: d.span,
                related: Vec::new(),
                cell: None,
            });
        } else {
            let summary = &mut out[*at];
            summary.severity = summary.severity.max(d.severity);
        }
    }
    *diags = out;
}

/// The counts of findings never kept, after the overrides: an `off` rule's and a file's
/// `allow:`ed codes go, a severity override applies.
fn overridden(
    dropped: &Dropped,
    overrides: &std::collections::BTreeMap<String, RuleLevel>,
    allowed: &Allowed,
) -> Dropped {
    dropped
        .iter()
        .filter_map(|((f, c), (n, s))| {
            let file_allows = allowed.get(&**f).is_some_and(|lists| {
                lists
                    .iter()
                    .any(|(at, codes)| at.is_none() && codes.iter().any(|x| x == c))
            });
            let severity = match overrides.get(*c) {
                Some(RuleLevel::Off) => return None,
                Some(RuleLevel::Error) => Severity::Error,
                Some(RuleLevel::Warning) => Severity::Warning,
                None => *s,
            };
            (!file_allows).then(|| ((f.clone(), *c), (*n, severity)))
        })
        .collect()
}

/// Adds findings made after loading (the change rules of `check --since`): the `rules:`
/// overrides and `allow:` lists apply to them as to every other finding; then sorts again.
pub fn add_findings(system: &mut System, found: Findings) {
    let (mut found, dropped) = found.into_parts();
    let allowed = allowed(&system.standards, system.records.as_ref());
    found.retain_mut(|d| keep(&system.sys.config.rules, &allowed, d));
    found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    found.dedup();
    let dropped = overridden(&dropped, &system.sys.config.rules, &allowed);
    cap_per_file(&mut found, &dropped);
    system.diagnostics.extend(found);
    system
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    system.diagnostics.dedup();
}

/// The `allow:` lists, by file: a standard's covers its file, a record's the record's own
/// mapping (a file may hold several records), a case or evaluation source's its mapping file
/// and its data file.
type Allowed<'a> = std::collections::HashMap<&'a str, Vec<(Option<Span>, &'a [String])>>;

fn allowed<'a>(
    standards: &'a [Loaded],
    records: Option<&'a crate::system::Records>,
) -> Allowed<'a> {
    let mut out: Allowed = std::collections::HashMap::new();
    for l in standards.iter().filter(|l| !l.std.allow.is_empty()) {
        out.entry(&*l.file)
            .or_default()
            .push((None, l.std.allow.as_slice()));
    }
    for r in records.iter().flat_map(|r| &r.list) {
        if !r.record.allow().is_empty() {
            out.entry(&*r.file)
                .or_default()
                .push((Some(r.span), r.record.allow()));
        }
    }
    for r in records.iter() {
        let sheets = r.sheets.iter().map(|s| (&s.file, s.span, &s.sheet.allow));
        let assessments = r
            .assessments
            .iter()
            .map(|a| (&a.file, a.span, &a.assessment.allow));
        for (file, span, allow) in sheets.chain(assessments) {
            if !allow.is_empty() {
                out.entry(&**file)
                    .or_default()
                    .push((Some(span), allow.as_slice()));
            }
        }
    }
    let sources = records.iter().flat_map(|r| &r.data.sources);
    for s in sources.filter(|s| !s.allow.is_empty()) {
        for f in [&s.file, &s.data] {
            out.entry(&**f)
                .or_default()
                .push((None, s.allow.as_slice()));
        }
    }
    out
}

/// Whether a finding stays (not allowed by its file, not `off`), with its severity overridden.
fn keep(
    overrides: &std::collections::BTreeMap<String, RuleLevel>,
    allowed: &Allowed,
    d: &mut Diagnostic,
) -> bool {
    let inside = |s: &Span| s.start <= d.span.start && d.span.end <= s.end;
    if allowed.get(&*d.file).is_some_and(|lists| {
        lists
            .iter()
            .any(|(at, codes)| at.as_ref().is_none_or(inside) && codes.iter().any(|c| c == d.code))
    }) {
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
pub fn since(system: &System, rev: &str) -> Result<Findings> {
    let repo = Repo::open(&system.root)?;
    let commit = repo.commit(rev)?;
    let base = repo.snapshot(&commit)?;
    let records = system.records.iter().flat_map(|r| &r.list);
    let current = Snapshot::of_files(
        &system.root.dir,
        system
            .standards
            .iter()
            .map(|l| l.rel.as_path())
            .chain(records.map(|r| r.rel.as_path())),
    );
    Ok(rules::change::check(system, &base, &current, rev))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{FileName, codes};
    use crate::yaml::Pos;

    fn at(
        file: &FileName,
        rule: &'static crate::diag::Rule,
        line: u32,
        sev: Severity,
    ) -> Diagnostic {
        let span = Span {
            start: Pos { line, col: 5 },
            end: Pos { line, col: 6 },
        };
        Diagnostic::new(rule, file, span, Msg::new(format!("m{line}"), "z")).severity(sev)
    }

    #[test]
    fn a_file_lists_at_most_per_file_findings_of_a_rule() {
        let (a, b): (FileName, FileName) = ("a.yaml".into(), "b.yaml".into());
        let mut diags = Vec::new();
        for line in 1..=250 {
            // The last ones left out are errors: the summary is one.
            let sev = if line > 240 {
                Severity::Error
            } else {
                Severity::Warning
            };
            diags.push(at(&a, codes::R001, line, sev));
            diags.push(at(&a, codes::R006, line, Severity::Warning));
        }
        for line in 1..=PER_FILE as u32 {
            diags.push(at(&b, codes::R001, line, Severity::Error));
        }
        diags.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        let before = diags.clone();
        cap_per_file(&mut diags, &Dropped::new());
        let of = |f: &FileName, code: &str| {
            diags
                .iter()
                .filter(|d| d.file == *f && d.code == code)
                .collect::<Vec<_>>()
        };
        for code in ["R001", "R006"] {
            let kept = of(&a, code);
            assert_eq!(kept.len(), PER_FILE + 1);
            assert!(
                kept[..PER_FILE]
                    .iter()
                    .all(|d| d.message.en.starts_with('m'))
            );
            let summary = kept[PER_FILE];
            assert_eq!(summary.span.start.line, PER_FILE as u32 + 1);
            assert_eq!(
                summary.message.en,
                format!("… and 150 more `{code}` findings in this file")
            );
            assert_eq!(
                summary.message.zh,
                format!("…… 本文件另有 150 处 `{code}` 问题未列出")
            );
        }
        assert_eq!(of(&a, "R001")[PER_FILE].severity, Severity::Error);
        assert_eq!(of(&a, "R006")[PER_FILE].severity, Severity::Warning);
        assert_eq!(of(&b, "R001").len(), PER_FILE);
        // Still in order, and the same again when capped twice.
        assert!(
            diags.is_sorted_by(|x, y| (x.file.as_ref(), x.span.start.line, x.code)
                <= (y.file.as_ref(), y.span.start.line, y.code))
        );
        let again = diags.clone();
        let mut twice = before;
        cap_per_file(&mut twice, &Dropped::new());
        assert_eq!(twice, again);
    }

    #[test]
    fn few_findings_are_left_alone() {
        let a: FileName = "a.yaml".into();
        let mut diags: Vec<Diagnostic> = (1..=PER_FILE as u32)
            .map(|l| at(&a, codes::R001, l, Severity::Error))
            .collect();
        let before = diags.clone();
        cap_per_file(&mut diags, &Dropped::new());
        assert_eq!(diags, before);
    }
}
