//! The JSON Schemas: generated from the model, committed in `schema/`, and accepted by an
//! independent validator (boon) for every file of the default system.

use assert_cmd::Command;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schemas_match_the_model() {
    for (name, schema) in stdkit::schema::all() {
        let committed = std::fs::read_to_string(root().join("schema").join(name))
            .unwrap_or_else(|_| panic!("schema/{name} missing: run `cargo run -- schema`"));
        let mut generated = serde_json::to_string_pretty(&schema).unwrap();
        generated.push('\n');
        assert!(
            committed == generated,
            "schema/{name} drifted from the model: run `cargo run -- schema`"
        );
    }
}

#[test]
fn schema_command_writes_the_files() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("stdkit")
        .unwrap()
        .args(["schema", "-q", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    for name in [
        "stdkit.schema.json",
        "standard.schema.json",
        "posts.schema.json",
        "items.schema.json",
        "assets.schema.json",
    ] {
        assert!(dir.path().join(name).is_file(), "{name}");
    }
}

/// Validates a YAML file with boon, reading YAML as an editor's language server would
/// (serde_json via a YAML 1.2 reader would be the same; we convert through our own tree to
/// avoid a second YAML dependency, mapping plain scalars by the YAML 1.2 core schema).
fn to_json(node: &stdkit::yaml::Node) -> serde_json::Value {
    use serde_json::Value as J;
    use stdkit::yaml::{ScalarType, Value, scalar_type};
    match &node.value {
        Value::Null => J::Null,
        Value::Scalar { text, plain } => match scalar_type(text, *plain) {
            ScalarType::Null => J::Null,
            ScalarType::Bool => J::Bool(text.eq_ignore_ascii_case("true")),
            ScalarType::Int | ScalarType::Float => {
                serde_json::from_str(text).unwrap_or(J::String(text.clone()))
            }
            ScalarType::Str => J::String(text.clone()),
        },
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect(),
        ),
    }
}

fn validator(name: &str) -> (boon::Schemas, boon::SchemaIndex) {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let path = root().join("schema").join(name);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let url = format!("file://{}", path.display());
    compiler.add_resource(&url, json).unwrap();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    (schemas, index)
}

fn load(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    to_json(&stdkit::yaml::parse(&text).root.unwrap())
}

#[test]
fn independent_validator_accepts_the_default_system() {
    let (schemas, standard) = validator("standard.schema.json");
    let mut n = 0;
    for dir in ["100-basic", "200-quality", "300-management", "400-work"] {
        for e in std::fs::read_dir(root().join("standards").join(dir)).unwrap() {
            let path = e.unwrap().path();
            let v = load(&path);
            if let Err(err) = schemas.validate(&v, standard) {
                panic!("{}: {err}", path.display());
            }
            n += 1;
        }
    }
    assert!(n > 100);
    let (schemas, cfg) = validator("stdkit.schema.json");
    schemas
        .validate(&load(&root().join("standards/stdkit.yaml")), cfg)
        .unwrap();
    for (file, schema) in [
        ("posts", "posts.schema.json"),
        ("items", "items.schema.json"),
        ("assets", "assets.schema.json"),
    ] {
        let (schemas, idx) = validator(schema);
        schemas
            .validate(
                &load(&root().join(format!("standards/catalogue/{file}.yaml"))),
                idx,
            )
            .unwrap();
    }
}

#[test]
fn independent_validator_rejects_an_unknown_field() {
    let (schemas, standard) = validator("standard.schema.json");
    let mut v = load(&root().join("standards/200-quality/202-001.yaml"));
    v["titel"] = serde_json::json!("x");
    assert!(schemas.validate(&v, standard).is_err());
}

#[test]
fn every_standard_file_names_its_schema() {
    for dir in ["100-basic", "200-quality", "300-management", "400-work"] {
        for e in std::fs::read_dir(root().join("standards").join(dir)).unwrap() {
            let path = e.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with(
                    "# yaml-language-server: $schema=../../schema/standard.schema.json"
                ),
                "{}",
                path.display()
            );
        }
    }
}
