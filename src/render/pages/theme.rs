//! Themes and their overview.

use super::*;

impl PageBuilder<'_, '_> {
    pub(super) fn theme_view(&self, t: &Thema) -> crate::render::context::ThemaView {
        let stories: Vec<Shared<StoryRow>> = self
            .r
            .site
            .stories
            .iter()
            .filter(|s| s.themes.contains(&t.id))
            .map(|s| self.row(s))
            .collect();
        self.views.thema(t, stories)
    }

    pub(super) fn theme(&mut self, t: &Thema, view: crate::render::context::ThemaView) {
        let seg = self.r.site.config.sections.themes.clone();
        let filter_value = view
            .short_title
            .clone()
            .unwrap_or_else(|| view.title.clone());
        let mut ctx = Vars::default();
        ctx.insert("derived_statuses", &any_derived(&view.stories));
        ctx.insert("theme", &view);
        let item = Item {
            template: "theme.html",
            title: &t.title,
            url: &t.url,
            summary: t.summary.as_deref(),
            markdown: format!("thema:{}", t.id),
            breadcrumbs: self.section_crumbs("themes", &seg),
            filters: vec![
                self.filter("filter_type", self.r.strings.get("theme")),
                self.filter("filter_theme", filter_value),
            ],
            more_text: vec![],
        };
        self.item(item, ctx);
    }

    pub(super) fn theme_list(&mut self) {
        let site = self.r.site;
        let seg = site.config.sections.themes.clone();
        let all: Vec<_> = site
            .themas
            .iter()
            .map(|t| {
                let count = site
                    .stories
                    .iter()
                    .filter(|s| s.themes.contains(&t.id))
                    .count();
                crate::render::context::ThemaView {
                    story_count: count,
                    ..self.views.thema(t, Vec::new())
                }
            })
            .collect();
        let _ = self.views.take_charts();
        let mut ctx = Vars::default();
        ctx.insert("themes", &all);
        let strings = self.r.strings;
        let charts: Vec<_> = [
            charts::theme_ambition(site, strings),
            charts::theme_budget(site, strings),
            charts::phases(site, strings),
        ]
        .iter()
        .flatten()
        .map(|c| self.views.figure(c))
        .collect();
        ctx.insert("charts", &charts);
        self.emit_top("themes.html", &format!("/{seg}/"), "themes", ctx);
    }
}
