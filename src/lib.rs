//! koers compiles Markdown + YAML content into an accessible static site
//! for strategy and progress publications.
//!
//! The pipeline, one module per stage:
//! [`load`] (read files) -> [`validate`] (typed [`model`]) -> [`render`]
//! (Markdown, templates) -> [`write`](mod@write) (atomic output). [`build`] wires them.

pub mod audit;
pub mod audit_report;
pub mod build;
pub mod chart;
pub mod error;
pub mod escape;
pub mod fingerprint;
#[doc(hidden)]
pub mod fuzzing;
pub mod init;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod suggest;
pub(crate) mod trace;
pub mod validate;
pub mod write;
