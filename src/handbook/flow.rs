//! The flow chart (审批流程图) of an item procedure, drawn as inline SVG from its steps: one box
//! per step with its post and working days, arrows between them, 开始 and 办结 at the ends.

use crate::model::{Duration, Step};
use crate::text::html as esc;
use std::fmt::Write;

const W: u32 = 520;
const BOX_W: u32 = 360;
const LINE: u32 = 18;
const GAP: u32 = 30;
/// Characters per line inside a box (CJK at 14px in a 340px box).
const PER_LINE: usize = 22;

/// Splits text into lines of at most `n` characters.
fn wrap(s: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars.chunks(n).map(|c| c.iter().collect()).collect()
}

/// A duration as shown (`Duration::zh`: 3个工作日, 20个自然日, 1小时, 当场 for 0), — if absent.
pub fn days_label(d: Option<Duration>) -> String {
    d.map_or_else(|| "—".to_string(), Duration::zh)
}

/// The second line of a step's box: its post, its days, and whether they count.
fn step_detail(s: &Step, post_name: &impl Fn(&str) -> Option<String>) -> String {
    let mut detail = days_label(s.days);
    if !s.is_counted() {
        detail.push_str("（不计入时限）");
    }
    match &s.post {
        Some(p) => format!(
            "{} · {detail}",
            post_name(p.value.as_str()).unwrap_or_else(|| p.value.to_string())
        ),
        None => detail,
    }
}

/// The SVG of a procedure. `post_name` turns a post id into its name.
pub fn svg(steps: &[Step], post_name: impl Fn(&str) -> Option<String>) -> String {
    let mut boxes: Vec<(Vec<String>, String, bool)> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let name = format!("{}. {}", i + 1, s.name.as_deref().unwrap_or(""));
        let detail = step_detail(s, &post_name);
        boxes.push((wrap(&name, PER_LINE), detail, s.is_counted()));
    }
    let terminal = 36;
    let mut y = 10;
    let mut body = String::new();
    let cx = W / 2;
    let arrow = |body: &mut String, y1: u32, y2: u32| {
        let _ = write!(
            body,
            "<line x1=\"{cx}\" y1=\"{y1}\" x2=\"{cx}\" y2=\"{}\" class=\"arrow\" marker-end=\"url(#ah)\"/>",
            y2 - 2
        );
    };
    let _ = write!(
        body,
        "<rect x=\"{}\" y=\"{y}\" width=\"140\" height=\"{terminal}\" rx=\"18\" class=\"terminal\"/><text x=\"{cx}\" y=\"{}\" class=\"t\">开始</text>",
        cx - 70,
        y + 23
    );
    y += terminal;
    for (lines, detail, counted) in &boxes {
        arrow(&mut body, y, y + GAP);
        y += GAP;
        let h = 16 + LINE * (lines.len() as u32 + 1);
        let class = if *counted { "step" } else { "step uncounted" };
        let _ = write!(
            body,
            "<g class=\"{class}\"><rect x=\"{}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{h}\" rx=\"6\"/>",
            cx - BOX_W / 2
        );
        for (k, l) in lines.iter().enumerate() {
            let _ = write!(
                body,
                "<text x=\"{cx}\" y=\"{}\" class=\"n\">{}</text>",
                y + 22 + LINE * k as u32,
                esc(l)
            );
        }
        let _ = write!(
            body,
            "<text x=\"{cx}\" y=\"{}\" class=\"d\">{}</text></g>",
            y + 22 + LINE * lines.len() as u32,
            esc(detail)
        );
        y += h;
    }
    arrow(&mut body, y, y + GAP);
    y += GAP;
    let _ = write!(
        body,
        "<rect x=\"{}\" y=\"{y}\" width=\"140\" height=\"{terminal}\" rx=\"18\" class=\"terminal\"/><text x=\"{cx}\" y=\"{}\" class=\"t\">办结</text>",
        cx - 70,
        y + 23
    );
    y += terminal + 10;
    format!(
        "<svg class=\"flow\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {y}\" width=\"{W}\" height=\"{y}\" role=\"img\" aria-label=\"审批流程图\">\
<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#0b5cad\"/></marker></defs>\
<style>.flow rect{{fill:#fff;stroke:#0b5cad;stroke-width:1.5}}.flow .terminal{{fill:#e8f1fb}}.flow .uncounted rect{{stroke-dasharray:5 3}}\
.flow text{{text-anchor:middle;font-size:14px;fill:#1f2328}}.flow .d{{font-size:12px;fill:#59636e}}.flow .arrow{{stroke:#0b5cad;stroke-width:1.5}}</style>{body}</svg>"
    )
}

/// The chart as a Mermaid block (Markdown output, readable on a git forge).
pub fn mermaid(steps: &[Step], post_name: impl Fn(&str) -> Option<String>) -> String {
    let label = crate::text::mermaid;
    let mut out = String::from("```mermaid\nflowchart TD\n  start([开始])\n");
    let mut prev = "start".to_string();
    for (i, s) in steps.iter().enumerate() {
        let detail = step_detail(s, &post_name);
        let id = format!("s{}", i + 1);
        let _ = writeln!(
            out,
            "  {id}[\"{}. {}<br/>{}\"]",
            i + 1,
            label(s.name.as_deref().unwrap_or("")),
            label(&detail)
        );
        let _ = writeln!(out, "  {prev} --> {id}");
        prev = id;
    }
    let _ = writeln!(out, "  done([办结])\n  {prev} --> done\n```");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_box_per_step_and_escaped() {
        let steps: Vec<Step> = serde_json::from_str::<Vec<serde_json::Value>>("[]")
            .map(|_| Vec::new())
            .unwrap();
        let s = svg(&steps, |_| None);
        assert!(s.contains("开始") && s.contains("办结"));
        let node = crate::yaml::parse("- {name: 受理<script>, post: P-SL-01, days: 0.5}\n- {name: 检测, days: 5, counted: false}\n").root.unwrap();
        let steps: Vec<Step> = crate::de::from_node(&node).unwrap();
        let s = svg(&steps, |p| {
            (p == "P-SL-01").then(|| "综合受理窗口".to_string())
        });
        assert_eq!(s.matches("<g class=\"step").count(), 2);
        assert!(s.contains("综合受理窗口 · 0.5个工作日"));
        assert!(s.contains("5个工作日（不计入时限）"));
        assert!(!s.contains("<script"));
    }
}
