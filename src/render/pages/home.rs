//! The home page.

use super::*;

/// The home page, unless a content page takes its place.
pub(super) struct Home;

impl PageKind for Home {
    fn name(&self) -> &'static str {
        "home"
    }

    fn reserved(&self, _config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![("/".to_string(), "home page")]
    }

    fn jobs(&self, _site: &Site) -> Vec<Option<usize>> {
        vec![None]
    }

    fn render(&self, page: &mut PageBuilder, _item: Option<usize>) {
        page.home();
    }
}

impl PageBuilder<'_, '_> {
    fn home(&mut self) {
        let site = self.r.site;
        if site.pages.iter().any(|p| p.url == "/") {
            return; // a content page `pages/index.md` is the home page
        }
        let mut ctx = Vars::default();
        let latest = site.reports().last().map(|(p, r)| {
            self.views
                .publication(p, Some(self.views.report_summary(r)))
        });
        ctx.insert("latest_report", &latest);
        let pubs: Vec<_> = site
            .publications
            .iter()
            .map(|p| self.views.publication(p, None))
            .collect();
        ctx.insert("publications", &pubs);
        let themes: Vec<_> = site
            .themas
            .iter()
            .map(|t| self.views.thema(t, vec![]))
            .collect();
        ctx.insert("themes", &themes);
        // List views carry no charts; drop those their tables made.
        let _ = self.views.take_charts();
        let meta = self.meta(
            &site.config.title,
            "/",
            site.config.description.clone(),
            vec![],
            Rendered::default(),
        );
        self.emit("index.html", "/", meta, ctx);
    }
}
