//! stdkit: write, check and publish an organisation's standard system (标准体系) kept as YAML.
//!
//! The library never prints: loading and checking return values ([`load::System`] with its
//! [`diag::Diagnostic`]s); the binary decides how to show them. See ARCHITECTURE.md.

#[macro_use]
pub mod diag;
pub mod calendar;
pub mod check;
pub mod compliance;
pub mod count;
pub mod de;
pub mod diff;
pub mod dossier;
pub mod edition;
pub mod explain;
pub mod files;
pub mod git;
pub mod handbook;
pub mod import;
pub mod index;
pub mod ledger;
pub mod load;
pub mod model;
pub mod number;
pub mod output;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod stats;
pub mod system;
pub mod table;
pub mod tabular;
pub mod text;
pub mod treediff;
pub mod yaml;
