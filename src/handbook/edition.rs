//! What a document's edition of GB/T 1.1 (`drafting_rule`) decides on its pages: the opening
//! sentence of a generated 前言, the lead-ins of chapters 2 and 3, whether an empty chapter 2 or
//! 3 is kept, and the annex labels (outputs.md, "Standard pages"). `<self>` is the document's
//! `self_reference`.

use crate::model::{DraftingRule, Nature};

/// The texts of one edition, with the document's self-reference filled in.
pub struct Edition<'a> {
    pub rule: DraftingRule,
    /// 本文件, 本标准, 本规程 …
    pub me: &'a str,
}

const REFS_2020: &str = "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。";
const REFS_2009: &str = "下列文件对于本文件的应用是必不可少的。凡是注日期的引用文件，仅注日期的版本适用于本文件。凡是不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。";

impl<'a> Edition<'a> {
    pub fn new(rule: DraftingRule, me: &'a str) -> Self {
        Edition { rule, me }
    }

    /// The first sentence of a generated 前言 (none for `drafting_rule: none`).
    pub fn foreword_opening(&self) -> Option<String> {
        match self.rule {
            DraftingRule::Gb2020 => Some(format!(
                "{}按照GB/T 1.1—2020《标准化工作导则　第1部分：标准化文件的结构和起草规则》的规定起草。",
                self.me
            )),
            DraftingRule::Gb2009 => Some(format!("{}按照GB/T 1.1—2009给出的规则起草。", self.me)),
            DraftingRule::None => None,
        }
    }

    /// The lead-in of 2 规范性引用文件, the edition's text word for word.
    pub fn refs_lead(&self) -> &'static str {
        match self.rule {
            DraftingRule::Gb2020 => REFS_2020,
            DraftingRule::Gb2009 | DraftingRule::None => REFS_2009,
        }
    }

    /// What chapter 2 says when there are no references; None: the chapter is left out.
    pub fn no_refs(&self) -> Option<String> {
        (self.rule == DraftingRule::Gb2020).then(|| format!("{}没有规范性引用文件。", self.me))
    }

    /// The lead-in of 3 术语和定义.
    pub fn terms_lead(&self) -> String {
        format!("下列术语和定义适用于{}。", self.me)
    }

    /// What chapter 3 says when there are no terms; None: the chapter is left out.
    pub fn no_terms(&self) -> Option<String> {
        (self.rule == DraftingRule::Gb2020)
            .then(|| format!("{}没有需要界定的术语和定义。", self.me))
    }

    /// The nature in an annex label, without the brackets: 规范性 (2020), 规范性附录 (2009).
    pub fn annex_nature(&self, nature: Option<Nature>) -> &'static str {
        let normative = nature == Some(Nature::Normative);
        match (self.rule, normative) {
            (DraftingRule::Gb2020, true) => "规范性",
            (DraftingRule::Gb2020, false) => "资料性",
            (_, true) => "规范性附录",
            (_, false) => "资料性附录",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2020_edition_keeps_empty_chapters_and_says_so() {
        let e = Edition::new(DraftingRule::Gb2020, "本文件");
        assert_eq!(
            e.foreword_opening().as_deref(),
            Some(
                "本文件按照GB/T 1.1—2020《标准化工作导则　第1部分：标准化文件的结构和起草规则》的规定起草。"
            )
        );
        assert_eq!(e.refs_lead(), REFS_2020);
        assert_eq!(e.no_refs().as_deref(), Some("本文件没有规范性引用文件。"));
        assert_eq!(
            e.no_terms().as_deref(),
            Some("本文件没有需要界定的术语和定义。")
        );
        assert_eq!(e.annex_nature(Some(Nature::Normative)), "规范性");
        assert_eq!(e.annex_nature(None), "资料性");
    }

    #[test]
    fn the_2009_edition_and_none_drop_empty_chapters() {
        let e = Edition::new(DraftingRule::Gb2009, "本规程");
        assert_eq!(
            e.foreword_opening().as_deref(),
            Some("本规程按照GB/T 1.1—2009给出的规则起草。")
        );
        assert_eq!(e.refs_lead(), REFS_2009);
        assert_eq!(e.no_refs(), None);
        assert_eq!(e.no_terms(), None);
        assert_eq!(e.terms_lead(), "下列术语和定义适用于本规程。");
        assert_eq!(e.annex_nature(Some(Nature::Normative)), "规范性附录");
        assert_eq!(e.annex_nature(Some(Nature::Informative)), "资料性附录");
        let none = Edition::new(DraftingRule::None, "本标准");
        assert_eq!(none.foreword_opening(), None);
        assert_eq!(none.refs_lead(), REFS_2009);
        assert_eq!(none.no_terms(), None);
    }
}
