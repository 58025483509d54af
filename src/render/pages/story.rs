//! Stories, their overview, and the history and row a story shows elsewhere.

use super::*;

/// Stories (the projects of a programme) and their overview.
pub(super) struct Stories;

impl PageKind for Stories {
    fn name(&self) -> &'static str {
        "story"
    }

    fn reserved(&self, config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(section_url(&config.sections.stories), "list of stories")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        overview_and_items(site.stories.len())
    }

    fn id<'s>(&self, site: &'s Site, item: usize) -> &'s str {
        &site.stories[item].id
    }

    fn own_sources<'s>(&self, site: &'s Site, item: usize) -> Vec<&'s str> {
        vec![site.stories[item].body.rel.as_str()]
    }

    fn fingerprint(&self, f: &Fingerprints, item: Option<usize>, h: &mut DefaultHasher) {
        match item {
            None => f.everything(h),
            Some(i) => f.story(i, h),
        }
    }

    fn urls(&self, site: &Site) -> Vec<String> {
        let overview = self
            .jobs(site)
            .first()
            .map(|_| section_url(&site.config.sections.stories));
        overview
            .into_iter()
            .chain(site.stories.iter().map(|s| s.url.clone()))
            .collect()
    }

    fn redirects<'s>(&self, site: &'s Site) -> Vec<Redirect<'s>> {
        site.stories
            .iter()
            .map(|s| Redirect::new(&s.redirect_from, &s.url, &s.title))
            .collect()
    }

    fn render(&self, page: &mut PageBuilder, item: Option<usize>) {
        match item {
            None => page.story_list(),
            Some(i) => page.story(&page.r.site.stories[i]),
        }
    }
}

impl<'r> PageBuilder<'_, 'r> {
    pub(super) fn history(&self, id: &str) -> &'r History {
        static NONE: History = History {
            publications: Vec::new(),
            statuses: Vec::new(),
        };
        let r = self.r;
        let Some(slot) = r.site.story_position(id).and_then(|i| r.history.get(i)) else {
            return &NONE;
        };
        slot.get_or_init(|| {
            let mut history = History::default();
            for (p, rep, e) in r.site.history(id) {
                let html = r.md.get(&format!("entry:{}:{}", p.slug, e.story)).html;
                if let Some(status) = self.views.status(p, rep, e, html) {
                    history.publications.push(p.slug.clone());
                    history.statuses.push(Shared::new(status));
                }
            }
            history
        })
    }

    pub(super) fn row(&self, s: &Story) -> Shared<StoryRow> {
        let make = || Shared::new(self.views.story_row(s, &self.history(&s.id).statuses));
        match self
            .r
            .site
            .story_position(&s.id)
            .and_then(|i| self.r.rows.get(i))
        {
            Some(slot) => slot.get_or_init(make).clone(),
            None => make(),
        }
    }

    fn story_list(&mut self) {
        let seg = self.r.site.config.sections.stories.clone();
        let rows: Vec<Shared<StoryRow>> = self.r.site.stories.iter().map(|s| self.row(s)).collect();
        let mut ctx = Vars::default();
        ctx.insert("derived_statuses", &any_derived(&rows));
        ctx.insert("stories", &rows);
        self.emit_top("stories.html", &format!("/{seg}/"), "stories", ctx);
    }

    fn story(&mut self, s: &Story) {
        let seg = self.r.site.config.sections.stories.clone();
        let history = self.history(&s.id).statuses.clone();
        let view = self.views.story(s, self.row(s), history);
        let mut filters = vec![self.filter("filter_type", self.r.strings.get("story"))];
        for th in &view.row.themes {
            filters.push(self.filter("filter_theme", th.title.clone()));
        }
        if let Some(latest) = &view.row.latest {
            // A derived status is its own filter value, so the search's
            // counts per status do not count it as reported.
            let status = if latest.derived {
                format!(
                    "{} ({})",
                    latest.level.label,
                    self.r.strings.get("status_derived")
                )
            } else {
                latest.level.label.clone()
            };
            filters.push(self.filter("filter_status", status));
            let year: String = latest.date.iso.chars().take(4).collect();
            filters.push(self.filter("filter_year", year));
        }
        let mut ctx = Vars::default();
        ctx.insert("story", &view);
        let item = Item {
            template: "story.html",
            title: &s.title,
            url: &s.url,
            summary: s.summary.as_deref(),
            markdown: format!("story:{}", s.id),
            breadcrumbs: self.section_crumbs("stories", &seg),
            filters,
            more_text: view.history.iter().map(|h| h.summary.as_str()).collect(),
        };
        self.item(item, ctx);
    }
}
