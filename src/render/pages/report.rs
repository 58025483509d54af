//! The overview of progress reports (each report is a publication: see
//! [`super::publication`]).

use super::*;

/// The overview of progress reports, newest first.
pub(super) struct Reports;

impl PageKind for Reports {
    fn name(&self) -> &'static str {
        "reports"
    }

    fn reserved(&self, config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(section_url(&config.sections.reports), "list of reports")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        single_page(site.shape().reports)
    }

    fn render(&self, page: &mut PageBuilder, _item: Option<usize>) {
        page.report_list();
    }
}

impl PageBuilder<'_, '_> {
    fn report_list(&mut self) {
        let seg = self.r.site.config.sections.reports.clone();
        let list: Vec<_> = self
            .r
            .site
            .reports()
            .into_iter()
            .rev()
            .map(|(p, r)| {
                self.views
                    .publication(p, Some(self.views.report_summary(r)))
            })
            .collect();
        let mut ctx = Vars::default();
        ctx.insert("reports", &list);
        // List views carry no charts; drop those their tables made.
        let _ = self.views.take_charts();
        self.emit_top("reports.html", &format!("/{seg}/"), "reports", ctx);
    }
}
