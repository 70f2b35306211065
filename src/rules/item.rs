//! Group I: item procedures (项目办理规程), after the Administrative Licensing Law
//! (行政许可法) arts. 42 and 45.

use super::FileCx;
use crate::diag::Findings;
use crate::diag::Msg;
use crate::diag::codes;
use crate::model::forms::is_catch_all;
use crate::model::{Amount, Duration, Handling, ItemBlock, SubjectNature};
use crate::path;

/// Art. 42: 20 working days (joint handling 45).
pub fn licence_limit(handling: Option<Handling>) -> Duration {
    Duration::working_days(if handling == Some(Handling::Joint) {
        45
    } else {
        20
    })
}

/// The item rules, in code order, on the standard's `item` block.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    let Some(it) = &cx.std.item else { return };
    no_basis(cx, it, out);
    over_statutory_limit(cx, it, out);
    steps_over_promised_limit(cx, it, out);
    fee_without_basis(cx, it, out);
    no_materials(cx, it, out);
    catch_all_material(cx, it, out);
    no_disclosure(cx, it, out);
    handling_contradicts_limit(cx, it, out);
    licence_over_limit(cx, it, out);
    excluded_step_counted(cx, it, out);
    entrusted_without_authority(cx, it, out);
    no_steps(cx, it, out);
    step_over_its_statutory_limit(cx, it, out);
}

/// The block field was not removed for a schema error (so "missing" is news).
fn not_pruned(cx: &FileCx, field: &str) -> bool {
    !cx.was_pruned(&format!("item.{field}"))
}

/// I001: an item procedure without a legal basis.
fn no_basis(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    if it.basis.is_empty() && not_pruned(cx, "basis") {
        out.push(cx.soften(cx.diag(codes::I001, &path!["item", "basis"], Msg::new("no legal basis (设定依据)", "缺少设定依据"))
            .help(Msg::new("list the laws and regulations that set the item under `basis:` ({law: 《…》, article: 第…条})", "请在 `basis:` 中列出设定该事项的法律法规（{law: 《…》, article: 第…条}）"))));
    }
}

/// I005: an item procedure without application materials.
fn no_materials(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    if it.materials.is_empty() && not_pruned(cx, "materials") {
        out.push(cx.soften(cx.diag(codes::I005, &path!["item", "materials"], Msg::new("no application materials (申请材料)", "缺少申请材料"))
            .help(Msg::new("list every material under `materials:`; if none is needed, say so in a material named 无", "请在 `materials:` 中列出全部申请材料"))));
    }
}

/// I007: an item procedure that does not say where it is published.
fn no_disclosure(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    if it.disclosure.is_empty() && not_pruned(cx, "disclosure") {
        out.push(
            cx.soften(
                cx.diag(
                    codes::I007,
                    &path!["item", "disclosure"],
                    Msg::new("no disclosure (公开方式)", "缺少公开方式"),
                )
                .help(Msg::new(
                    "say where the procedure is published, e.g. `disclosure: [办事指南, 门户网站]`",
                    "请写明公开方式，如 `disclosure: [办事指南, 门户网站]`",
                )),
            ),
        );
    }
}

/// I012: an item procedure without steps.
fn no_steps(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    if it.steps.is_empty() && not_pruned(cx, "steps") {
        out.push(
            cx.soften(
                cx.diag(
                    codes::I012,
                    &path!["item", "steps"],
                    Msg::new("no steps (办理程序)", "缺少办理程序"),
                )
                .help(Msg::new(
                    "list the steps in order under `steps:` ({name, post, days})",
                    "请在 `steps:` 中按顺序列出办理环节（{name, post, days}）",
                )),
            ),
        );
    }
}

/// I002: a promised limit longer than the statutory limit (durations compared as rules.md says).
fn over_statutory_limit(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    if let (Some(p), Some(s)) = (it.promised_limit, it.statutory_limit)
        && p.exceeds(s)
    {
        out.push(
            cx.soften(
                cx.diag(
                    codes::I002,
                    &path!["item", "promised_limit"],
                    Msg::new(
                        format!(
                            "promised limit of {} is longer than the statutory limit of {}",
                            p.en(),
                            s.en()
                        ),
                        format!("承诺时限{}超过法定时限{}", p.zh(), s.zh()),
                    ),
                )
                .help(Msg::new(
                    format!("promise at most {}", s.en()),
                    format!("承诺时限应不超过{}", s.zh()),
                )),
            ),
        );
    }
}

/// I003: the counted steps take longer than the promised limit.
fn steps_over_promised_limit(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    let Some(p) = it.promised_limit else { return };
    let counted: Amount = it
        .steps
        .iter()
        .filter(|s| s.is_counted())
        .filter_map(|s| s.days)
        .sum();
    if counted.exceeds(p) {
        let (en, zh) = (counted.en(), counted.zh());
        out.push(cx.soften(cx.diag(codes::I003, &path!["item", "promised_limit"], Msg::new(format!("counted steps take {en}, more than the promised limit of {}", p.en()), format!("计时环节用时合计{zh}，超过承诺时限{}", p.zh())))
            .help(Msg::new(
                format!("shorten the steps to a total of at most {}, or raise the promised limit to {en} (within the statutory limit)", p.en()),
                format!("请将各环节用时压缩至合计不超过{}，或将承诺时限调整为{zh}（不超过法定时限）", p.zh()),
            ))));
    }
}

/// I008: the handling type contradicts the promised limit (an instant item that promises more
/// than `targets.instant_limit`, a promised item that promises 0).
fn handling_contradicts_limit(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    let Some(p) = it.promised_limit else { return };
    let max = cx.sys.config.targets.instant_limit;
    match it.handling {
        Some(Handling::Instant) if p.exceeds(max) => {
            let (en, zh) = if max.is_zero() {
                ("an instant item is handled on the spot: `promised_limit: 0`, or make it `handling: promised`".to_string(),
                 "即办件应当场办结：`promised_limit: 0`，否则应为 `handling: promised`".to_string())
            } else {
                (
                    format!(
                        "an instant item takes at most {} here (`targets.instant_limit`): shorten the limit, or make it `handling: promised`",
                        max.en()
                    ),
                    format!(
                        "本体系即办件的承诺时限不超过{}（`targets.instant_limit`）：请缩短时限，否则应为 `handling: promised`",
                        max.zh()
                    ),
                )
            };
            out.push(
                cx.soften(
                    cx.diag(
                        codes::I008,
                        &path!["item", "handling"],
                        Msg::new(
                            format!("an instant item (即办件) promises {}", p.en()),
                            format!("即办件的承诺时限为{}", p.zh()),
                        ),
                    )
                    .help(Msg::new(en, zh)),
                ),
            );
        }
        Some(Handling::Promised) if p.is_zero() => out.push(
            cx.soften(
                cx.diag(
                    codes::I008,
                    &path!["item", "handling"],
                    Msg::new(
                        "a promised item (承诺件) with promised limit 0 is handled on the spot",
                        "承诺件的承诺时限为 0，实为当场办结",
                    ),
                )
                .help(Msg::new(
                    "use `handling: instant`, or promise a limit above 0",
                    "应改为 `handling: instant`，或承诺大于 0 的时限",
                )),
            ),
        ),
        _ => {}
    }
}

/// I009: an administrative licence whose statutory limit is over that of art. 42 (a limit in
/// natural days is never found over a working-day limit: rules.md, Comparing durations).
fn licence_over_limit(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    let Some(s) = it.statutory_limit else { return };
    let limit = licence_limit(it.handling);
    if s.exceeds(limit) && item_type(cx).as_deref() == Some("行政许可") {
        out.push(cx.soften(cx.diag(codes::I009, &path!["item", "statutory_limit"], Msg::new(format!("administrative licence with a statutory limit of {}, over the {} of 行政许可法 art. 42", s.en(), limit.en()), format!("行政许可的法定时限为{}，超过《行政许可法》第四十二条规定的{}", s.zh(), limit.zh())))
            .help(Msg::new("if a special law sets a longer limit, cite it in `basis` and add `allow: [I009]` to the file with a comment", "如特别法规定了更长时限，请在 `basis` 中引用并在文件中添加 `allow: [I009]` 及注释说明"))));
    }
}

/// I010: a step that art. 45 excludes from the time limit, counted toward it: its `special` is
/// one of the eight art. 45 values, or, without `special`, its whole name is one of the terms
/// (format.md, 特殊环节; "受理人检验、审核有关材料" is not).
fn excluded_step_counted(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    for (i, st) in it.steps.iter().enumerate() {
        let Some(sp) = st.art45() else { continue };
        if st.is_counted() {
            let name = st.name.as_deref().unwrap_or(sp.zh());
            out.push(cx.soften(cx.diag(codes::I010, &path!["item", "steps", i], msg!("step `{}` ({}) is counted toward the time limit", "环节“{}”（{}）被计入办理时限", name, sp.zh()))
                .help(Msg::new("行政许可法 art. 45 excludes hearings, tenders, auctions, inspection, testing, quarantine, appraisal and expert review: add `counted: false`", "《行政许可法》第四十五条规定听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计入期限：请添加 `counted: false`"))));
        }
    }
}

/// I013: a step whose `days` exceed its own `statutory_limit` (环节法定时限).
fn step_over_its_statutory_limit(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    for (i, st) in it.steps.iter().enumerate() {
        let (Some(d), Some(s)) = (st.days, st.statutory_limit) else {
            continue;
        };
        if d.exceeds(s) {
            let name = st.name.as_deref().unwrap_or("?");
            out.push(
                cx.soften(
                    cx.diag(
                        codes::I013,
                        &path!["item", "steps", i, "days"],
                        Msg::new(
                            format!(
                                "step `{name}` takes {}, more than its statutory limit of {}",
                                d.en(),
                                s.en()
                            ),
                            format!(
                                "环节“{name}”办理时限{}，超过该环节法定时限{}",
                                d.zh(),
                                s.zh()
                            ),
                        ),
                    )
                    .help(Msg::new(
                        format!("shorten the step to at most {}", s.en()),
                        format!("请将该环节办理时限压缩至不超过{}", s.zh()),
                    )),
                ),
            );
        }
    }
}

/// I006: a catch-all material (其他材料, 兜底条款).
fn catch_all_material(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    for (i, m) in it.materials.iter().enumerate() {
        if let Some(name) = m.name.as_deref().filter(|n| is_catch_all(n)) {
            out.push(
                cx.soften(
                    cx.diag(
                        codes::I006,
                        &path!["item", "materials", i, "name"],
                        msg!(
                            "catch-all material `{}` (兜底条款)",
                            "申请材料“{}”为兜底条款",
                            name
                        ),
                    )
                    .help(Msg::new(
                        "name each material precisely; an applicant cannot prepare \"other materials\"",
                        "请逐项列明材料名称；“其他材料”类表述使申请人无所适从",
                    )),
                ),
            );
        }
    }
}

/// I004: a fee (in `item.fees` or a step's `fees`) without the document that sets it, or with a
/// waiver (减免) but not the document that grants it.
fn fee_without_basis(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|b| b.trim().is_empty());
    for (step, j, f) in it.all_fees() {
        let at = match step {
            None => path!["item", "fees", j].to_vec(),
            Some(i) => path!["item", "steps", i, "fees", j].to_vec(),
        };
        let name = f.item.as_deref().unwrap_or("?");
        if blank(&f.basis) {
            out.push(
                cx.soften(
                    cx.diag(
                        codes::I004,
                        &at,
                        msg!(
                            "fee `{}` without `basis` (收费依据)",
                            "收费项目“{}”缺少收费依据",
                            name
                        ),
                    )
                    .help(Msg::new(
                        "cite the document that sets the fee, e.g. 发改价格规〔2016〕2559号",
                        "请写明收费依据文件，如 发改价格规〔2016〕2559号",
                    )),
                ),
            );
        }
        if !blank(&f.waiver) && blank(&f.waiver_basis) {
            out.push(
                cx.soften(
                    cx.diag(
                        codes::I004,
                        &at,
                        msg!(
                            "fee `{}` has a `waiver` (减免) without `waiver_basis` (减免依据)",
                            "收费项目“{}”写明了减免情形但缺少减免依据",
                            name
                        ),
                    )
                    .help(Msg::new(
                        "cite the document that grants the waiver in `waiver_basis`",
                        "请在 `waiver_basis` 中写明减免依据文件",
                    )),
                ),
            );
        }
    }
}

/// I011: an entrusted organisation that does not name the entrusting authority.
fn entrusted_without_authority(cx: &FileCx, it: &ItemBlock, out: &mut Findings) {
    if it.subject_nature == SubjectNature::Entrusted
        && it
            .entrusting_authority
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
    {
        out.push(
            cx.soften(
                cx.diag(
                    codes::I011,
                    &path!["item", "entrusting_authority"],
                    Msg::new(
                        "entrusted organisation without `entrusting_authority` (委托机关)",
                        "受委托组织未写明委托机关",
                    ),
                )
                .help(Msg::new(
                    "add `entrusting_authority:` naming the authority that entrusted it",
                    "请添加 `entrusting_authority:` 写明委托机关",
                )),
            ),
        );
    }
}

/// The item's type: from the block, else from the items catalogue.
fn item_type(cx: &FileCx) -> Option<String> {
    let it = cx.std.item.as_ref()?;
    if let Some(t) = &it.item_type {
        return Some(t.trim().to_string());
    }
    let code = it.code.as_ref()?;
    cx.sys
        .items
        .entries
        .iter()
        .find(|e| e.id.as_ref().is_some_and(|id| id.value == code.value))
        .and_then(|e| e.item_type.clone())
}
