//! Scenarios and their overview.

use super::*;

impl PageBuilder<'_, '_> {
    pub(super) fn scenario(&mut self, s: &Scenario) {
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

    pub(super) fn scenario_list(&mut self) {
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
