//! The accessibility statement koers writes from `site.yaml`, unless the
//! site has its own page for it.

use super::*;

/// The generated accessibility statement.
pub(super) struct Accessibility;

impl PageKind for Accessibility {
    fn name(&self) -> &'static str {
        "accessibility"
    }

    fn reserved(&self, config: &SiteConfig) -> Vec<(String, &'static str)> {
        let url = section_url(&config.sections.accessibility);
        vec![(url, "accessibility statement")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        single_page(site.statement() == crate::model::Statement::Generated)
    }

    fn render(&self, page: &mut PageBuilder, _item: Option<usize>) {
        page.accessibility();
    }
}

impl PageBuilder<'_, '_> {
    fn accessibility(&mut self) {
        let url = format!("/{}/", self.r.site.config.sections.accessibility);
        let Some(view) = self.views.accessibility() else {
            return; // the site has not given the facts a statement needs
        };
        let mut ctx = Vars::default();
        ctx.insert("accessibility", &view);
        self.index_generated(
            "accessibility_statement",
            &url,
            "search_text_accessibility",
            &[],
        );
        self.emit_top("accessibility.html", &url, "accessibility_statement", ctx);
    }
}
