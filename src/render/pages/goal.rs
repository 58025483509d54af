//! Goals: a page each, with the stories that serve it and its progress,
//! and their overview.

use super::*;
use crate::model::goal::{Goal, Owner};

/// Goals (doelen) of themes and publications, and their overview.
pub(super) struct Goals;

impl PageKind for Goals {
    fn name(&self) -> &'static str {
        "goal"
    }

    fn reserved(&self, config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(section_url(&config.sections.goals), "list of goals")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        overview_and_items(site.goals.len())
    }

    fn id<'s>(&self, site: &'s Site, item: usize) -> &'s str {
        &site.goals[item].id
    }

    fn own_sources<'s>(&self, site: &'s Site, item: usize) -> Vec<&'s str> {
        vec![site.goals[item].rel.as_str()]
    }

    fn urls(&self, site: &Site) -> Vec<String> {
        let overview = self
            .jobs(site)
            .first()
            .map(|_| section_url(&site.config.sections.goals));
        overview
            .into_iter()
            .chain(site.goals.iter().map(|g| g.url.clone()))
            .collect()
    }

    fn render(&self, page: &mut PageBuilder, item: Option<usize>) {
        match item {
            None => page.goal_list(),
            Some(i) => page.goal(&page.r.site.goals[i]),
        }
    }
}

impl PageBuilder<'_, '_> {
    fn goal_list(&mut self) {
        let site = self.r.site;
        let seg = site.config.sections.goals.clone();
        let goals: Vec<_> = site.goals.iter().map(|g| self.views.goal(g)).collect();
        let mut ctx = Vars::default();
        ctx.insert("goals", &goals);
        self.emit_top("goals.html", &section_url(&seg), "goals", ctx);
    }

    fn goal(&mut self, g: &Goal) {
        let site = self.r.site;
        let seg = site.config.sections.goals.clone();
        let history = site
            .goal_history(&g.id)
            .into_iter()
            .filter_map(|(p, r, e)| {
                let html = self.r.md.get(&goal_entry_key(&p.slug, &e.goal)).html;
                self.views.goal_status(p, r, e, html)
            })
            .collect();
        let view = self.views.goal_page(g, history);
        let title = match &g.code {
            Some(code) => format!("{code} {}", g.title),
            None => g.title.clone(),
        };
        let mut filters = vec![self.filter("filter_type", self.r.strings.get("goal"))];
        // The theme filter's values are the themes' short titles, as on
        // the theme pages.
        if let Some(Owner::Theme(id)) = &g.owner {
            if let Some(t) = site.thema(id) {
                let value = t.short_title.clone().unwrap_or_else(|| t.title.clone());
                filters.push(self.filter("filter_theme", value));
            }
        }
        let mut ctx = Vars::default();
        ctx.insert("goal", &view);
        let summaries: Vec<&str> = view.history.iter().map(|h| h.summary.as_str()).collect();
        // A goal in a file of its own has a text of its own.
        let mut body = match g.body {
            Some(_) => self
                .r
                .md
                .rendered(&format!("goal:{}", g.id), &mut self.out.diags),
            None => Rendered::default(),
        };
        let text = std::mem::take(&mut body.text);
        let mut doc = self.search_doc(&title, &g.url, g.description.as_deref(), text, filters);
        for text in summaries {
            doc.text.push(' ');
            doc.text.push_str(text);
        }
        self.out.search.push(doc);
        let meta = self.meta(
            &title,
            &g.url,
            g.description.clone(),
            self.section_crumbs("goals", &seg),
            body,
        );
        self.emit("goal.html", &g.url, meta, ctx);
    }

    /// Each principle of `owner` as a search result of its own, at its
    /// anchor on the owner's page.
    pub(super) fn index_principles(&mut self, owner: &Owner) {
        let site = self.r.site;
        for p in site.principles_of(owner) {
            let title = match &p.code {
                Some(code) => format!("{code}. {}", p.title),
                None => p.title.clone(),
            };
            let filters = vec![self.filter("filter_type", self.r.strings.get("principle"))];
            let doc = self.search_doc(
                &title,
                &p.url,
                p.description.as_deref(),
                String::new(),
                filters,
            );
            self.out.search.push(doc);
        }
    }
}
