//! `report checklist` 现场评估查阅清单 (docs/compliance.md, Reports (Part 3)): per criterion of
//! the sheet, in sheet order, what a reviewer should see, what the assessment offers and where
//! it is kept, with a blank column for the reviewer's remarks.

use super::{Cell, Column, Kind, Ledger, Options, Table, col, wide};
use crate::compliance::Ledger as Records;
use crate::compliance::assess::{Scored, items_of, kind_label, select};
use crate::model::records::Record;
use serde_json::json;

const CHECKLIST: &[Column] = &[
    col("编号", "code"),
    wide("内容", "text"),
    col("分值", "points"),
    wide("应查材料", "expected"),
    wide("已有材料", "provided"),
    wide("存放位置", "location"),
    wide("现场检查记录", "remarks"),
];

impl Ledger {
    /// The 查阅清单 of the selected sheet (and assessment, if any).
    pub fn checklist(system: &crate::system::System, opts: &Options) -> anyhow::Result<Ledger> {
        let l = Records::new(system).ok_or_else(|| anyhow::anyhow!("no compliance block"))?;
        let records = l.records;
        let pick = select(records, opts.assessment.as_deref(), opts.sheet.as_deref())
            .map_err(|m| anyhow::anyhow!("{}", m.en))?;
        let scored = pick.assessment.and_then(|a| Scored::of(records, a));
        let mut rows = Vec::new();
        for (_, item) in items_of(pick.sheet) {
            if !item.is_criterion() {
                continue;
            }
            let entry = pick
                .assessment
                .and_then(|a| a.assessment.scores.get(item.code()));
            let mut provided = Vec::new();
            let mut location = Vec::new();
            for id in entry.iter().flat_map(|e| &e.value.evidence) {
                let Some(&(_, i)) = l.ids.get(id.value.as_str()) else {
                    provided.push(format!("{}（不存在）", id.value));
                    continue;
                };
                let r = l.record(i);
                let title = r.record.title().unwrap_or_default();
                provided.push(match title {
                    "" => format!("{} {}", id.value, r.record.kind().zh()),
                    t => format!("{} {}", id.value, t),
                });
                location.push(r.rel.to_string_lossy().replace('\\', "/"));
                for e in r.record.evidence() {
                    if let Some(f) = &e.file {
                        location.push(f.value.clone());
                    }
                }
                if let Record::Register(reg) = &r.record
                    && let Some(at) = &reg.location
                {
                    location.push(at.clone());
                }
            }
            for f in entry.iter().flat_map(|e| &e.value.files) {
                provided.push(f.value.clone());
                location.push(f.value.clone());
            }
            location.dedup();
            rows.push(vec![
                Cell::Text(item.code().to_string()),
                Cell::Text(item.label().to_string()),
                Cell::Points(item.points()),
                Cell::List(item.evidence.iter().map(|k| kind_label(&k.value)).collect()),
                Cell::List(provided),
                Cell::List(location),
                Cell::Blank,
            ]);
        }
        let sheet = &pick.sheet.sheet;
        let mut footer = vec![format!(
            "计分表：{}（{}）；依据：{}",
            sheet.title.as_deref().unwrap_or_default(),
            pick.sheet.id(),
            sheet.basis.as_deref().unwrap_or_default()
        )];
        if let Some(a) = pick.assessment {
            footer.push(format!(
                "自评：{}（{}）",
                a.id(),
                a.assessment
                    .date
                    .as_ref()
                    .map_or_else(String::new, |d| d.value.to_string())
            ));
        }
        if !sheet.complete.as_ref().is_some_and(|c| c.value) {
            footer.push("计分表不完整（complete: false），清单只含已转录的评分项".into());
        }
        let summary = json!({
            "sheet": pick.sheet.id(),
            "assessment": pick.assessment.map(|a| a.id()),
            "criteria": rows.len(),
            "total": scored.as_ref().map(|s| s.total),
        });
        let sys = &system.sys.config;
        Ok(Ledger {
            kind: Kind::Checklist,
            title: "现场评估查阅清单".into(),
            organisation: sys.organisation.clone().unwrap_or_default(),
            period: l.period,
            as_of: l.as_of,
            tables: vec![Table {
                name: "现场评估查阅清单",
                columns: CHECKLIST.into(),
                rows,
            }],
            footer,
            summary,
        })
    }
}
