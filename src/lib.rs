//! koers compiles Markdown + YAML content into an accessible static site
//! for strategy and progress publications.
//!
//! The public API is small: [`build`] (build, check, read a site's model,
//! and the incremental builds `koers serve` makes), [`serve`], [`init`],
//! [`import`] (a Word document as a publication),
//! [`audit`], the domain [`model`], [`error`]s, and the output contract of
//! [`write`](mod@write) (`OutputFile`, `Sink`, `Staging`). The stages
//! themselves are crate-private: `load` (read files) -> `validate` (typed
//! model) -> `render` (Markdown, charts, templates) -> `write` (atomic
//! output); see `docs/architecture.md`. With the `pdf` feature (on by
//! default), `pdf` makes each publication's PDF edition beside its pages.

pub mod audit;
mod audit_report;
pub mod build;
mod chart;
pub mod error;
mod escape;
mod fingerprint;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod init;
mod load;
pub mod model;
/// The PDF edition of every publication (feature `pdf`).
#[cfg(feature = "pdf")]
mod pdf;
mod render;
/// `koers new`: the next report, a story or publication template.
pub mod scaffold;
pub mod serve;
mod suggest;
mod trace;
mod validate;
pub mod write;
