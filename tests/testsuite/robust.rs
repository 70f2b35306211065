//! Loading never panics, whatever the bytes (proptest).

use proptest::prelude::*;
use stdkit::schema::{Doc, validate};
use stdkit::yaml::parse;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
        let p = parse(&s);
        if let Some(root) = &p.root {
            let errors = validate(root, Doc::Standard);
            let pruned = stdkit::schema::prune(root, &errors);
            let _ = stdkit::de::from_node::<stdkit::model::Standard>(&pruned);
        }
    }

    #[test]
    fn yaml_like_text_never_panics(lines in prop::collection::vec(
        prop_oneof![
            Just("id: \"202-001\"".to_string()),
            Just("item:".to_string()),
            Just("  steps:".to_string()),
            Just("    - {name: 受理, days: 0.5}".to_string()),
            Just("  - &a [x, *a]".to_string()),
            Just("kind: item".to_string()),
            Just("status: effective".to_string()),
            Just("clauses: [{text: 必须}]".to_string()),
            "[a-z_]{1,8}: [\\PC&&[^\\n]]{0,12}",
            "  [a-z_]{1,8}: [0-9.]{0,4}",
            Just("\t- x".to_string()),
            Just("---".to_string()),
            Just("'unterminated".to_string()),
        ],
        0..30,
    )) {
        let s = lines.join("\n");
        let p = parse(&s);
        if let Some(root) = &p.root {
            let errors = validate(root, Doc::Standard);
            let pruned = stdkit::schema::prune(root, &errors);
            let _ = stdkit::de::from_node::<stdkit::model::Standard>(&pruned);
        }
    }
}
