//! What rendering one text keeps track of.

use super::{LinkContext, Scope, TocEntry};
use crate::error::Position;
use pulldown_cmark::Event;
use std::collections::HashMap;

/// What rendering one text keeps track of: ids, the table of contents,
/// footnotes, charts, and the link being read.
pub(super) struct State<'c, 'e> {
    pub(super) ctx: &'c LinkContext<'c>,
    pub(super) scope: &'c Scope,
    pub(super) used_ids: HashMap<String, usize>,
    pub(super) toc: Vec<TocEntry>,
    /// Footnote labels in order of first reference.
    pub(super) footnote_order: Vec<String>,
    pub(super) footnote_refs: HashMap<String, usize>,
    pub(super) footnote_bodies: HashMap<String, Vec<Event<'e>>>,
    pub(super) quote_captions: Vec<String>,
    pub(super) charts: Vec<crate::chart::ChartView>,
    pub(super) last_heading: Option<u8>,
    /// The asset the last resolved link points to.
    pub(super) last_asset: Option<String>,
    /// "(PDF, 1,2 MB)" for the file link being rendered.
    pub(super) link_file: Option<String>,
    /// Where each footnote is defined, for the warning on an unused one.
    pub(super) footnote_lines: HashMap<String, Position>,
    /// `[^label]` written in the text where no note of that label exists
    /// (the parser leaves those as text).
    pub(super) loose_refs: Vec<(String, Position)>,
    /// Amounts in the text written in another notation than the site's.
    pub(super) off_notation: Vec<(String, Position)>,
}

impl<'c, 'e> State<'c, 'e> {
    /// Nothing kept yet.
    pub(super) fn new(ctx: &'c LinkContext<'c>, scope: &'c Scope) -> Self {
        State {
            ctx,
            scope,
            used_ids: HashMap::new(),
            toc: Vec::new(),
            footnote_order: Vec::new(),
            footnote_refs: HashMap::new(),
            footnote_bodies: HashMap::new(),
            quote_captions: Vec::new(),
            charts: Vec::new(),
            last_heading: None,
            last_asset: None,
            link_file: None,
            footnote_lines: HashMap::new(),
            loose_refs: Vec::new(),
            off_notation: Vec::new(),
        }
    }
}
