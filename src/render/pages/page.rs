//! Content pages: pages of their own, outside publications (`pages/`).

use super::*;

/// Content pages (`pages/*.md`); `pages/index.md` is the home page.
pub(super) struct Pages;

impl PageKind for Pages {
    fn name(&self) -> &'static str {
        "page"
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        (0..site.pages.len()).map(Some).collect()
    }

    fn id<'s>(&self, site: &'s Site, item: usize) -> &'s str {
        &site.pages[item].slug
    }

    fn own_sources<'s>(&self, site: &'s Site, item: usize) -> Vec<&'s str> {
        vec![site.pages[item].body.rel.as_str()]
    }

    /// A content page shows its own file only.
    fn fingerprint(&self, f: &Fingerprints, item: Option<usize>, h: &mut DefaultHasher) {
        if let Some(i) = item {
            f.source(&f.site.pages[i].body.rel, h);
        }
    }

    fn urls(&self, site: &Site) -> Vec<String> {
        site.pages.iter().map(|p| p.url.clone()).collect()
    }

    fn redirects<'s>(&self, site: &'s Site) -> Vec<Redirect<'s>> {
        site.pages
            .iter()
            .map(|p| Redirect::new(&p.redirect_from, &p.url, &p.title))
            .collect()
    }

    fn render(&self, page: &mut PageBuilder, item: Option<usize>) {
        if let Some(i) = item {
            page.content_page(&page.r.site.pages[i]);
        }
    }
}

impl PageBuilder<'_, '_> {
    fn content_page(&mut self, p: &crate::model::Page) {
        let item = Item {
            template: "page.html",
            title: &p.title,
            url: &p.url,
            summary: p.description.as_deref(),
            markdown: format!("page:{}", p.slug),
            breadcrumbs: vec![],
            filters: vec![],
            more_text: vec![],
        };
        self.item(item, Vars::default());
    }
}
