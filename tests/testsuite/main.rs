//! The integration tests, one binary (the layout of mdBook's `tests/testsuite/`): one module
//! per area, sharing `common`. Run one area with `cargo test --test testsuite build::` and one
//! test by its path, e.g. `cargo test --test testsuite check::default_system_has_no_errors`. The corpus of
//! cases (rule fixtures, bad inputs) is the other test target, `tests/corpus/`.

mod common;

mod assess;
mod authoring;
mod browser;
mod build;
mod cases;
mod check;
mod compliance;
mod count;
mod default_system;
mod docs;
mod formats;
mod generated;
mod hostile_git;
mod import;
mod layers;
mod markdown_inert;
mod robust;
mod schema;
mod serve;
mod swap;
mod table;
mod terminal;
