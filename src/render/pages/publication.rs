//! Publications (with their chapters) and progress reports, and their overviews.

use super::*;

/// Publications with their chapters (a progress report is a publication
/// too), and their overview.
pub(super) struct Publications;

impl PageKind for Publications {
    fn name(&self) -> &'static str {
        "publication"
    }

    fn reserved(&self, config: &SiteConfig) -> Vec<(String, &'static str)> {
        let url = section_url(&config.sections.publications);
        vec![(url, "list of publications")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        overview_and_items(site.publications.len())
    }

    fn id<'s>(&self, site: &'s Site, item: usize) -> &'s str {
        &site.publications[item].slug
    }

    fn own_sources<'s>(&self, site: &'s Site, item: usize) -> Vec<&'s str> {
        let p = &site.publications[item];
        let mut v = vec![p.intro.rel.as_str()];
        v.extend(p.chapters.iter().map(|c| c.body.rel.as_str()));
        v
    }

    /// A publication shows its own files and links to every publication
    /// and theme (tables, `reports_on`); a report also shows the stories
    /// of its rows and of the report it is compared with.
    fn fingerprint(&self, f: &Fingerprints, item: Option<usize>, h: &mut DefaultHasher) {
        let Some(i) = item else {
            return f.everything(h);
        };
        for rel in self.own_sources(f.site, i) {
            f.source(rel, h);
        }
        f.link_targets(h);
        if f.site.publications[i].rapportage.is_some() {
            for n in report_stories(f.site, i) {
                n.hash(h);
                f.story(n, h);
            }
        }
    }

    fn urls(&self, site: &Site) -> Vec<String> {
        let mut urls = vec![section_url(&site.config.sections.publications)];
        for p in &site.publications {
            urls.push(p.url.clone());
            urls.extend(p.chapters.iter().map(|c| c.url.clone()));
        }
        urls
    }

    fn redirects<'s>(&self, site: &'s Site) -> Vec<Redirect<'s>> {
        site.publications
            .iter()
            .map(|p| Redirect::new(&p.redirect_from, &p.url, &p.title))
            .collect()
    }

    fn render(&self, page: &mut PageBuilder, item: Option<usize>) {
        match item {
            None => page.publication_list(),
            Some(i) => page.publication(&page.r.site.publications[i]),
        }
    }
}

/// The positions of the stories a report's pages show: those of its
/// entries and of the entries of the report before it ("what changed"),
/// in order.
fn report_stories(s: &Site, publication: usize) -> Vec<usize> {
    let reports = s.reports();
    let Some(at) = reports
        .iter()
        .position(|(p, _)| std::ptr::eq(*p, &s.publications[publication]))
    else {
        return Vec::new();
    };
    let before = at.checked_sub(1).and_then(|b| reports.get(b));
    let mut ids: Vec<usize> = std::iter::once(&reports[at])
        .chain(before)
        .flat_map(|(_, r)| &r.entries)
        .filter_map(|e| s.story_position(&e.story))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl PageBuilder<'_, '_> {
    /// The goals' statuses in report `r` of `p`, in the report's order.
    pub(super) fn goal_statuses(&self, p: &Publication, r: &Rapportage) -> Vec<GoalStatusView> {
        r.goals
            .iter()
            .filter_map(|e| {
                let html = self.r.md.get(&goal_entry_key(&p.slug, &e.goal)).html;
                self.views.goal_status(p, r, e, html)
            })
            .collect()
    }

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

    fn publication_list(&mut self) {
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
    fn publication(&mut self, p: &Publication) {
        let seg = self.r.site.config.sections.publications.clone();
        let report = p.rapportage.as_ref().map(|r| {
            let rows = self.report_rows(p, r);
            let mut view = self.views.report_view(r, rows);
            view.goals = self.goal_statuses(p, r);
            view
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
        self.index_principles(&crate::model::goal::Owner::Publication(p.slug.clone()));
        for (i, c) in p.chapters.iter().enumerate() {
            let mut ctx = Vars::default();
            ctx.insert("publication", &view);
            ctx.insert("chapter", &view.chapters[i]);
            let link = |j: usize| view.chapters.get(j);
            ctx.insert("previous", &i.checked_sub(1).and_then(link));
            ctx.insert("next", &link(i + 1));
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
}
