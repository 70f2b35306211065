//! The integration tests, one binary (the layout of mdBook's `tests/testsuite/`): one module
//! per area, sharing `common`. Run one area with `cargo test --test testsuite build::` and one
//! test by its path, e.g. `cargo test --test testsuite check::exit_codes`.

mod common;

mod authoring;
mod bad_inputs;
mod browser;
mod build;
mod check;
mod count;
mod default_system;
mod formats;
mod generated;
mod robust;
mod rules;
mod schema;
mod table;
