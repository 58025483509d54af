//! The page a web server shows for a missing page.

use super::*;

/// `404.html`, at the root of the output (not a pretty URL).
pub(super) struct NotFound;

/// Where web servers look for it.
const URL: &str = "/404.html";

impl PageKind for NotFound {
    fn name(&self) -> &'static str {
        "not-found"
    }

    fn reserved(&self, _config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(URL.to_string(), "page for missing pages")]
    }

    fn jobs(&self, _site: &Site) -> Vec<Option<usize>> {
        vec![None]
    }

    fn render(&self, page: &mut PageBuilder, _item: Option<usize>) {
        let title = page.r.strings.get("page_not_found");
        let meta = page.meta(title, URL, None, vec![], Rendered::default());
        page.emit_file("404.html", "404.html", meta, Vars::default());
    }
}
