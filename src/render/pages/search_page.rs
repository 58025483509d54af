//! The search page (the index itself is made by [`crate::render::search`]).

use super::*;

/// The search page: every site has one.
pub(super) struct Search;

impl PageKind for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn reserved(&self, _config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(SEARCH_URL.to_string(), "search page")]
    }

    fn jobs(&self, _site: &Site) -> Vec<Option<usize>> {
        vec![None]
    }

    fn render(&self, page: &mut PageBuilder, _item: Option<usize>) {
        page.emit_top("search.html", SEARCH_URL, "search", Vars::default());
    }
}
