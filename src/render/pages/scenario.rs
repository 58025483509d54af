//! Scenarios and their overview.

use super::*;

/// Scenarios with their costs, and their overview.
pub(super) struct Scenarios;

impl PageKind for Scenarios {
    fn name(&self) -> &'static str {
        "scenario"
    }

    fn reserved(&self, config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(section_url(&config.sections.scenarios), "list of scenarios")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        overview_and_items(site.scenarios.len())
    }

    fn id<'s>(&self, site: &'s Site, item: usize) -> &'s str {
        &site.scenarios[item].slug
    }

    fn own_sources<'s>(&self, site: &'s Site, item: usize) -> Vec<&'s str> {
        vec![site.scenarios[item].body.rel.as_str()]
    }

    /// A scenario shows its own file and links to publications and themes.
    fn fingerprint(&self, f: &Fingerprints, item: Option<usize>, h: &mut DefaultHasher) {
        let Some(i) = item else {
            return f.everything(h);
        };
        f.source(&f.site.scenarios[i].body.rel, h);
        f.link_targets(h);
    }

    fn urls(&self, site: &Site) -> Vec<String> {
        let overview = self
            .jobs(site)
            .first()
            .map(|_| section_url(&site.config.sections.scenarios));
        overview
            .into_iter()
            .chain(site.scenarios.iter().map(|s| s.url.clone()))
            .collect()
    }

    fn render(&self, page: &mut PageBuilder, item: Option<usize>) {
        match item {
            None => page.scenario_list(),
            Some(i) => page.scenario(&page.r.site.scenarios[i]),
        }
    }
}

impl PageBuilder<'_, '_> {
    fn scenario(&mut self, s: &Scenario) {
        let seg = self.r.site.config.sections.scenarios.clone();
        let view = self.views.scenario(s);
        let mut ctx = Vars::default();
        ctx.insert("scenario", &view);
        let item = Item {
            template: "scenario.html",
            title: &s.title,
            url: &s.url,
            summary: s.summary.as_deref(),
            markdown: format!("scenario:{}", s.slug),
            breadcrumbs: self.section_crumbs("scenarios", &seg),
            filters: vec![],
            more_text: vec![],
        };
        self.item(item, ctx);
    }

    fn scenario_list(&mut self) {
        let site = self.r.site;
        let seg = site.config.sections.scenarios.clone();
        let all: Vec<_> = site
            .scenarios
            .iter()
            .map(|s| self.views.scenario(s))
            .collect();
        // The scenarios' own tables charts belong to their pages.
        let _ = self.views.take_charts();
        let mut ctx = Vars::default();
        ctx.insert("scenarios", &all);
        let charts: Vec<_> = charts::scenario_costs(site, self.r.strings)
            .iter()
            .map(|c| self.views.figure(c))
            .collect();
        ctx.insert("charts", &charts);
        self.emit_top("scenarios.html", &format!("/{seg}/"), "scenarios", ctx);
    }
}
