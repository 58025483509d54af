//! The register of published documents with their Woo metadata.

use super::*;

/// "Openbaar gemaakte documenten", made when the site has publications.
pub(super) struct Documents;

impl PageKind for Documents {
    fn name(&self) -> &'static str {
        "documents"
    }

    fn reserved(&self, _config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(DOCUMENTS_URL.to_string(), "register of documents (Woo)")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        single_page(site.shape().has_documents())
    }

    fn render(&self, page: &mut PageBuilder, _item: Option<usize>) {
        page.documents();
    }
}

impl PageBuilder<'_, '_> {
    /// "Openbaar gemaakte documenten": every publication with its metadata.
    fn documents(&mut self) {
        let list: Vec<_> = self
            .r
            .site
            .publications
            .iter()
            .map(|p| self.views.publication(p, None))
            .collect();
        let _ = self.views.take_charts();
        let mut ctx = Vars::default();
        ctx.insert("publications", &list);
        self.index_generated(
            "documents_title",
            DOCUMENTS_URL,
            "search_text_documents",
            &[],
        );
        self.emit_top("documents.html", DOCUMENTS_URL, "documents_title", ctx);
    }
}
