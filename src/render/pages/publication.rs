//! Publications (with their chapters) and progress reports, and their overviews.

use super::*;

impl PageBuilder<'_, '_> {
    pub(super) fn report_rows(&self, p: &Publication, r: &Rapportage) -> Vec<ReportRow> {
        r.entries
            .iter()
            .filter_map(|e| {
                let story = self.r.site.story(&e.story)?;
                Some(ReportRow {
                    story: self.row(story),
                    status: self.history(&story.id).of(&p.slug)?.clone(),
                })
            })
            .collect()
    }

    pub(super) fn publication_list(&mut self) {
        let seg = self.r.site.config.sections.publications.clone();
        let list: Vec<_> = self
            .r
            .site
            .publications
            .iter()
            .map(|p| self.views.publication(p, None))
            .collect();
        let mut ctx = Vars::default();
        ctx.insert("publications", &list);
        let _ = self.views.take_charts();
        self.emit_top(
            "publications.html",
            &format!("/{seg}/"),
            "publications",
            ctx,
        );
    }

    /// A publication's page and the pages of its chapters.
    pub(super) fn publication(&mut self, p: &Publication) {
        let seg = self.r.site.config.sections.publications.clone();
        let report = p.rapportage.as_ref().map(|r| {
            let rows = self.report_rows(p, r);
            self.views.report_view(r, rows)
        });
        let view = self.views.publication(p, report);
        let mut ctx = Vars::default();
        ctx.insert("publication", &view);
        let year = view
            .report
            .as_ref()
            .map(|r| &r.date)
            .or(view.dates.published.as_ref())
            .or(view.dates.adopted.as_ref())
            .map(|d| d.iso.chars().take(4).collect::<String>());
        let mut filters = vec![self.filter("filter_type", view.kind_label.clone())];
        filters.extend(year.map(|y| self.filter("filter_year", y)));
        let item = Item {
            template: "publication.html",
            title: &p.title,
            url: &p.url,
            summary: p.summary.as_deref(),
            markdown: format!("pub:{}", p.slug),
            breadcrumbs: self.section_crumbs("publications", &seg),
            filters,
            more_text: vec![],
        };
        self.item(item, ctx);
        for (i, c) in p.chapters.iter().enumerate() {
            let mut ctx = Vars::default();
            ctx.insert("publication", &view);
            ctx.insert("chapter_number", &(i + 1));
            let link = |c: &Chapter| self.crumb(&c.title, &c.url);
            ctx.insert(
                "previous",
                &i.checked_sub(1).and_then(|j| p.chapters.get(j)).map(link),
            );
            ctx.insert("next", &p.chapters.get(i + 1).map(link));
            let mut crumbs = self.section_crumbs("publications", &seg);
            crumbs.push(self.crumb(&p.title, &p.url));
            let item = Item {
                template: "chapter.html",
                title: &c.title,
                url: &c.url,
                summary: c.summary.as_deref(),
                markdown: format!("chapter:{}:{}", p.slug, c.slug),
                breadcrumbs: crumbs,
                filters: vec![self.filter("filter_type", self.r.strings.get("chapter"))],
                more_text: vec![],
            };
            self.item(item, ctx);
        }
    }

    pub(super) fn report_list(&mut self) {
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
