//! The standard-system table (标准体系表, after GB/T 13016-2018 / 13017-2018): a model of its four
//! parts built once from a loaded system and the shared counting, then written by one module per
//! format. All labels are Chinese; numbers are typeset (`GB/T 1.1—2020`).

pub mod csv;
pub mod html;
pub mod markdown;
pub mod xlsx;

/// The formats of `stdkit table`: the one seam of this output family (a new format is a variant,
/// its module, and its arm in [`render`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Csv,
    Xlsx,
    Json,
}

impl Format {
    /// Whether the format is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// The table in `format`, as the bytes of one file.
pub fn render(t: &Table, format: Format) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        Format::Md => markdown::render(t).into_bytes(),
        Format::Html => html::render(t).into_bytes(),
        Format::Csv => csv::detail(t).into_bytes(),
        Format::Json => {
            // `version` first, as in every JSON stdkit writes.
            #[derive(Serialize)]
            struct Versioned<'a> {
                version: u32,
                #[serde(flatten)]
                table: &'a Table,
            }
            let mut s = serde_json::to_string_pretty(&Versioned {
                version: 1,
                table: t,
            })?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Xlsx => xlsx::render(t)?,
    })
}

/// Every part of the table as its own CSV file in `dir` (`--all-tables`), each written
/// atomically; returns the paths written.
pub fn write_all(t: &Table, dir: &std::path::Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    csv::all(t)
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            crate::output::write_atomic(&path, text.as_bytes())?;
            Ok(path)
        })
        .collect()
}

use crate::count::{Counts, Tally};
use crate::index::Index;
use crate::model::{CatalogueEntry, Category, Kind, Level, Status};
use crate::number::typeset;
use crate::system::{CatalogueOf, Loaded, System};
use crate::text::{natural_cmp, pct, percent};
use serde::Serialize;

/// The whole table.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub organisation: String,
    pub title: String,
    /// 结构图: nodes in structure order.
    pub structure: Vec<StructureRow>,
    /// 标准明细表: groups by node, in structure order.
    pub detail: Vec<DetailGroup>,
    /// 标准统计表 by level.
    pub by_level: Vec<StatRow>,
    /// 标准统计表 by top-level node and category.
    pub by_category: Vec<StatRow>,
    /// 标准统计表 by 标准类型 (the categories summed).
    pub by_type: Vec<StatRow>,
    /// 标准统计表 by origin (来源): 自制, 采用, 合计, 其中：采用国际、国外标准.
    pub by_origin: Vec<StatRow>,
    /// 编制说明.
    pub summary: Summary,
}

/// A node of the structure chart.
#[derive(Clone, Debug, Serialize)]
pub struct StructureRow {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub category: Option<&'static str>,
    /// 现有 over the subtree.
    pub existing: usize,
    /// 应有 over the subtree.
    pub required: usize,
    /// Index of the parent row.
    pub parent: Option<usize>,
}

/// The standards of one node.
#[derive(Clone, Debug, Serialize)]
pub struct DetailGroup {
    pub code: String,
    pub name: String,
    pub rows: Vec<DetailRow>,
}

/// A row of the detail table (the columns of docs/outputs.md).
#[derive(Clone, Debug, Serialize)]
pub struct DetailRow {
    /// 序号, counted through the whole table.
    pub seq: usize,
    /// 体系表编号
    pub id: String,
    /// 标准编号 (typeset)
    pub number: String,
    /// 子体系名称: the node the row is listed under.
    pub node_name: String,
    /// 标准名称
    pub title: String,
    /// A reference row (`also_in`): listed here, counted in its home node.
    pub reference: bool,
    /// 采用/自制
    pub origin: &'static str,
    /// 采用的国际、国外标准号
    pub international: String,
    /// 采用程度 (等同 / 修改 / 非等效)
    pub degree: String,
    /// 预计完成年份 (rows in the pipeline only)
    pub target_year: String,
    /// 宜定级别
    pub level: &'static str,
    /// The level as the format names it (`national`, `enterprise` …).
    pub level_code: &'static str,
    /// 状态
    pub status: &'static str,
    /// The status as `status:` is written (`effective` …); empty when unknown.
    pub status_code: &'static str,
    /// Whether the standard is superseded or abolished (marked in the table).
    pub retired: bool,
    /// 发布日期
    pub published: String,
    /// 实施日期
    pub effective: String,
    /// 被代替标准号
    pub supersedes: String,
    /// 归口部门
    pub owner: String,
    /// 备注
    pub note: String,
}

/// A row of a statistics table.
#[derive(Clone, Debug, Serialize)]
pub struct StatRow {
    pub label: String,
    pub required: usize,
    pub existing: usize,
    /// 现有数 ÷ 应有数, `None` when nothing is required.
    pub ratio: Option<f64>,
}

/// 编制说明: totals, coverage against target, and the gaps.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub total: usize,
    pub required: usize,
    pub existing: usize,
    pub pipeline: usize,
    pub retired: usize,
    pub coverage: Option<f64>,
    /// Uncovered catalogue entries no standard in the pipeline addresses (the formula's term).
    pub missing_catalogue: usize,
    pub target: f64,
    pub meets_target: bool,
    /// Standards not yet in force: `id 标题（状态，预计 YYYY 年完成）`.
    pub planned: Vec<String>,
    pub uncovered_posts: Vec<String>,
    pub uncovered_items: Vec<String>,
    pub uncovered_assets: Vec<String>,
    /// Leaf nodes with no standard (标准盲点).
    pub empty_nodes: Vec<String>,
}

fn date(d: Option<crate::model::Date>) -> String {
    d.map_or_else(String::new, |d| d.to_string())
}

fn stat(label: String, t: Tally) -> StatRow {
    StatRow {
        label,
        required: t.required,
        existing: t.existing,
        ratio: t.ratio(),
    }
}

fn level_zh(l: Level) -> &'static str {
    l.zh()
}

/// The status as the table shows it (被代替 / 废止 marked).
fn status_zh(s: Option<Status>) -> &'static str {
    s.map_or("", Status::zh)
}

impl Table {
    /// Builds the table of a loaded system.
    pub fn build(system: &System) -> Table {
        let counts = Counts::of(&system.standards, &system.sys);
        let index = Index::new(&system.standards, &system.sys);
        Table::build_from(system, &counts, &index)
    }

    /// Builds the table from counts and an index already at hand.
    pub fn build_from(system: &System, counts: &Counts, index: &Index) -> Table {
        let sys = &system.sys;
        let structure = sys
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| StructureRow {
                code: n.code.clone(),
                name: n.name.clone(),
                depth: n.depth,
                category: n.category.map(Category::zh),
                existing: counts.by_node[i].existing,
                required: counts.by_node[i].required,
                parent: n.parent,
            })
            .collect();

        // Detail: standards grouped by their node in structure order, ids in natural order.
        // Each group holds its own standards and the reference rows of `also_in` (flag true).
        let mut groups: Vec<Vec<(&Loaded, bool)>> = vec![Vec::new(); sys.nodes.len() + 1];
        for l in &system.standards {
            let g = l
                .std
                .node()
                .and_then(|n| sys.node(n))
                .unwrap_or(sys.nodes.len());
            groups[g].push((l, false));
            for other in l.std.also_in() {
                if let Some(k) = sys.node(other)
                    && k != g
                {
                    groups[k].push((l, true));
                }
            }
        }
        let mut seq = 0;
        let mut detail = Vec::new();
        for (g, mut list) in groups.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            list.sort_by(|(a, _), (b, _)| {
                natural_cmp(a.std.id().unwrap_or(""), b.std.id().unwrap_or(""))
            });
            let (code, name) = match sys.nodes.get(g) {
                Some(n) => (n.code.clone(), n.name.clone()),
                None => (String::new(), "未归入体系结构".to_string()),
            };
            let rows = list
                .into_iter()
                .map(|(l, reference)| {
                    if reference {
                        reference_row(l, &name, system)
                    } else {
                        seq += 1;
                        let mut r = detail_row(seq, l, system, index);
                        r.node_name = name.clone();
                        r
                    }
                })
                .collect();
            detail.push(DetailGroup { code, name, rows });
        }

        let mut by_level: Vec<StatRow> = Level::ALL
            .iter()
            .zip(counts.by_level)
            .map(|(l, t)| stat(level_zh(*l).to_string(), t))
            .collect();
        by_level.push(stat("合计".into(), counts.overall));
        let mut by_category: Vec<StatRow> = sys
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.parent.is_none())
            .map(|(i, n)| {
                let cat = n
                    .category
                    .filter(|c| c.zh() != n.name)
                    .map_or(String::new(), |c| format!("（{}）", c.zh()));
                stat(format!("{} {}{cat}", n.code, n.name), counts.by_node[i])
            })
            .collect();
        by_category.push(stat("合计".into(), counts.overall));
        let mut by_type: Vec<StatRow> = [
            Category::Basic,
            Category::Quality,
            Category::Management,
            Category::Work,
        ]
        .iter()
        .map(|c| stat(c.zh().to_string(), counts.by_category[*c as usize]))
        .collect();
        by_type.push(stat("合计".into(), counts.overall));
        let by_origin = vec![
            stat("自制".into(), counts.by_origin[0]),
            stat("采用".into(), counts.by_origin[1]),
            stat("合计".into(), counts.overall),
            stat("其中：采用国际、国外标准".into(), counts.international),
        ];

        let summary = summary(system, counts);
        Table {
            organisation: sys.config.organisation.clone().unwrap_or_default(),
            title: sys.config.title.clone().unwrap_or_default(),
            structure,
            detail,
            by_level,
            by_category,
            by_type,
            by_origin,
            summary,
        }
    }

    /// The columns (indices into [`DETAIL_COLUMNS`]) the Markdown and HTML detail tables show:
    /// 子体系名称 never (the group heading names the node), 采用/自制 when rows of both origins
    /// are there, the two 采标 columns when some standard has `international`, 预计完成年份
    /// when some row in the pipeline has `target_year`.
    pub fn page_columns(&self) -> Vec<usize> {
        let rows = || {
            self.detail
                .iter()
                .flat_map(|g| &g.rows)
                .filter(|r| !r.reference)
        };
        let own = rows().any(|r| r.origin == "自制");
        let adopted = rows().any(|r| r.origin == "采用");
        let intl = rows().any(|r| !r.international.is_empty());
        let target = rows().any(|r| !r.target_year.is_empty());
        (0..DETAIL_COLUMNS.len())
            .filter(|&c| match c {
                2 => false,
                6 => own && adopted,
                11 | 12 => intl,
                13 => target,
                _ => true,
            })
            .collect()
    }
}

/// A reference row of `also_in`: no 序号, counted in its home node (`见<code> <name>`).
fn reference_row(l: &Loaded, node_name: &str, system: &System) -> DetailRow {
    let s = &l.std;
    let sys = &system.sys;
    let home = s
        .node()
        .and_then(|n| sys.node(n))
        .map(|k| format!("见{} {}", sys.nodes[k].code, sys.nodes[k].name))
        .unwrap_or_default();
    DetailRow {
        seq: 0,
        id: s.id().unwrap_or_default().to_string(),
        number: s.shown_number().unwrap_or_else(|| "—".into()),
        node_name: node_name.to_string(),
        title: s.title.clone().unwrap_or_default(),
        reference: true,
        origin: "",
        international: String::new(),
        degree: String::new(),
        target_year: String::new(),
        level: "",
        level_code: "",
        status: "",
        status_code: "",
        retired: false,
        published: String::new(),
        effective: String::new(),
        supersedes: String::new(),
        owner: String::new(),
        note: home,
    }
}

fn detail_row(seq: usize, l: &Loaded, system: &System, index: &Index) -> DetailRow {
    let s = &l.std;
    // 被代替标准号: the numbers of the standards it replaces (ids resolved to numbers).
    let supersedes = s
        .supersedes
        .iter()
        .map(|r| {
            index
                .resolve(&r.value.0)
                .and_then(|i| system.standards[i].std.number())
                .map_or_else(|| typeset(&r.value.0), typeset)
        })
        .collect::<Vec<_>>()
        .join("、");
    let mut note = s.note.clone().unwrap_or_default();
    // Superseded and abolished rows say so in 备注, unless the note already does.
    if let (Some(Status::Superseded), Some(by), false) =
        (s.status(), &s.superseded_by, note.contains("代替"))
    {
        let by = index
            .resolve(&by.value.0)
            .and_then(|i| system.standards[i].std.number())
            .map_or_else(|| typeset(&by.value.0), typeset);
        note = join_note(&format!("被 {by} 代替"), &note);
    }
    if let (Some(Status::Abolished), Some(a), false) =
        (s.status(), s.abolished, note.contains("废止"))
    {
        note = join_note(&format!("{a} 废止"), &note);
    }
    if let (Some(_), Some(doc)) = (s.number(), s.doc_number()) {
        note = join_note(doc, &note);
    }
    if s.kind == Some(Kind::External) || s.origin() == crate::model::Origin::Adopted {
        let how = match s.adoption.unwrap_or(crate::model::Adoption::Direct) {
            crate::model::Adoption::Direct => "直接采用",
            crate::model::Adoption::Reference => "引用",
            crate::model::Adoption::Converted => "转化为内控标准",
        };
        note = join_note(how, &note);
    }
    let adopts = s.adopts();
    let pipeline = s.status().is_some_and(Status::is_pipeline);
    DetailRow {
        seq,
        id: s.id().unwrap_or_default().to_string(),
        number: s.shown_number().unwrap_or_else(|| "—".into()),
        node_name: String::new(),
        title: s.title.clone().unwrap_or_default(),
        reference: false,
        origin: s.origin().zh(),
        international: adopts.as_ref().map(|a| a.0.clone()).unwrap_or_default(),
        degree: adopts
            .map(|a| format!("{} {}", a.1.as_str(), a.1.zh()))
            .unwrap_or_default(),
        target_year: s
            .target_year
            .filter(|_| pipeline)
            .map(|y| y.to_string())
            .unwrap_or_default(),
        level: s.level().zh(),
        level_code: s.level().as_str(),
        status: status_zh(s.status()),
        status_code: s.status().map_or("", Status::as_str),
        retired: s.status().is_some_and(Status::is_retired),
        published: date(s.published),
        effective: date(s.effective),
        supersedes,
        owner: s.owner.clone().unwrap_or_default(),
        note,
    }
}

fn join_note(a: &str, b: &str) -> String {
    if b.is_empty() {
        a.to_string()
    } else {
        format!("{a}；{b}")
    }
}

fn summary(system: &System, counts: &Counts) -> Summary {
    let sys = &system.sys;
    let mut planned: Vec<&Loaded> = system
        .standards
        .iter()
        .filter(|l| l.std.status().is_some_and(Status::is_pipeline))
        .collect();
    planned.sort_by(|a, b| natural_cmp(a.std.id().unwrap_or(""), b.std.id().unwrap_or("")));
    let planned = planned
        .iter()
        .map(|l| {
            let year = l
                .std
                .target_year
                .map(|y| format!("，预计 {y} 年完成"))
                .unwrap_or_default();
            format!(
                "{} {}（{}{year}）",
                l.std.id().unwrap_or(""),
                l.std.title.as_deref().unwrap_or(""),
                status_zh(l.std.status())
            )
        })
        .collect();
    fn uncovered<T: CatalogueEntry>(cat: &CatalogueOf<T>, covered: &[bool]) -> Vec<String> {
        cat.entries
            .iter()
            .zip(covered)
            .filter(|(_, c)| !**c)
            .map(|(e, _)| {
                format!(
                    "{} {}",
                    e.id().map_or("", |i| i.value.as_str()),
                    e.name().unwrap_or("")
                )
            })
            .collect()
    }
    let empty_nodes = sys
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| n.children.is_empty() && counts.own_active[*i] == 0)
        .map(|(_, n)| format!("{} {}", n.code, n.name))
        .collect();
    let coverage = counts.coverage();
    let target = sys.config.targets.coverage;
    Summary {
        total: system.standards.len(),
        required: counts.overall.required,
        existing: counts.overall.existing,
        pipeline: counts.pipeline,
        retired: counts.retired,
        coverage,
        missing_catalogue: counts.missing_catalogue(),
        target,
        meets_target: coverage.is_none_or(|c| c >= target),
        planned,
        uncovered_posts: uncovered(&sys.posts, &counts.posts.is_covered),
        uncovered_items: uncovered(&sys.items, &counts.items.is_covered),
        uncovered_assets: uncovered(&sys.assets, &counts.assets.is_covered),
        empty_nodes,
    }
}

/// The columns of the detail table (outputs.md); CSV and XLSX have every one.
pub const DETAIL_COLUMNS: [&str; 16] = [
    "序号",
    "体系表编号",
    "子体系名称",
    "标准编号",
    "标准名称",
    "宜定级别",
    "采用/自制",
    "状态",
    "发布日期",
    "实施日期",
    "被代替标准号",
    "采用的国际、国外标准号",
    "采用程度",
    "预计完成年份",
    "归口部门",
    "备注",
];

/// The columns of the statistics tables.
pub const STAT_COLUMNS: [&str; 4] = ["", "应有数", "现有数", "现有数÷应有数(%)"];

impl DetailRow {
    /// The cells in the order of [`DETAIL_COLUMNS`] (a reference row has no 序号).
    pub fn cells(&self) -> [String; 16] {
        [
            if self.reference {
                String::new()
            } else {
                self.seq.to_string()
            },
            self.id.clone(),
            self.node_name.clone(),
            self.number.clone(),
            self.title.clone(),
            self.level.to_string(),
            self.origin.to_string(),
            self.status.to_string(),
            self.published.clone(),
            self.effective.clone(),
            self.supersedes.clone(),
            self.international.clone(),
            self.degree.clone(),
            self.target_year.clone(),
            self.owner.clone(),
            self.note.clone(),
        ]
    }

    /// The cells of `columns` as a page shows them: a date not given is `—` (not on a
    /// reference row, whose other cells stay empty).
    pub fn page_cells(&self, columns: &[usize]) -> Vec<String> {
        let all = self.cells();
        columns
            .iter()
            .map(|&c| {
                if matches!(c, 8 | 9) && all[c].is_empty() && !self.reference {
                    "—".to_string()
                } else {
                    all[c].clone()
                }
            })
            .collect()
    }
}

impl Summary {
    /// The summary as paragraphs of Chinese text (shared by the Markdown and HTML writers).
    pub fn lines(&self) -> Vec<String> {
        let cov = percent(self.coverage);
        let verdict = if self.meets_target {
            "达到"
        } else {
            "未达到"
        };
        vec![
            format!(
                "本标准体系共收录标准 {} 项，其中应有标准 {} 项、现有标准 {} 项、待制定及制修订中 {} 项，被代替或废止 {} 项。",
                self.total, self.required, self.existing, self.pipeline, self.retired
            ),
            format!(
                "标准覆盖率为 {cov}，{verdict}目标值 {}%。",
                pct(Some(self.target))
            ),
            format!(
                "标准覆盖率 = 现有数 ÷ (应有数 + 无标准的目录条目数) = {} ÷ ({} + {}) = {cov}。标准统计表“合计”一行的比率（现有数 ÷ 应有数 = {}）不计尚无标准的岗位、事项和设施设备{}",
                self.existing,
                self.required,
                self.missing_catalogue,
                percent(crate::count::ratio(
                    self.existing as f64,
                    self.required as f64
                )),
                if self.missing_catalogue > 0 {
                    "，故两者不同。"
                } else {
                    "；本体系没有这样的目录条目，两者相同。"
                }
            ),
        ]
    }

    /// The gap lists with their headings.
    pub fn gaps(&self) -> Vec<(&'static str, &Vec<String>)> {
        vec![
            ("待制定及制修订中的标准", &self.planned),
            ("尚无现有工作标准的岗位", &self.uncovered_posts),
            ("尚无现有办理规程的事项", &self.uncovered_items),
            ("尚无管理标准覆盖的设施设备", &self.uncovered_assets),
            ("无标准的叶节点（标准盲点）", &self.empty_nodes),
        ]
    }
}
