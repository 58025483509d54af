//! Themes and their overview.

use super::*;

/// Themes (*thema's*) and their overview.
pub(super) struct Themes;

impl PageKind for Themes {
    fn name(&self) -> &'static str {
        "theme"
    }

    fn reserved(&self, config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(section_url(&config.sections.themes), "list of themes")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        overview_and_items(site.themas.len())
    }

    fn id<'s>(&self, site: &'s Site, item: usize) -> &'s str {
        &site.themas[item].id
    }

    fn own_sources<'s>(&self, site: &'s Site, item: usize) -> Vec<&'s str> {
        vec![site.themas[item].body.rel.as_str()]
    }

    /// A theme shows its own file, its publication and those of its
    /// amounts, and its stories with their themes and statuses (and the
    /// budgets its amounts add up).
    fn fingerprint(&self, f: &Fingerprints, item: Option<usize>, h: &mut DefaultHasher) {
        let Some(i) = item else {
            return f.everything(h);
        };
        let s = f.site;
        let t = &s.themas[i];
        f.source(&t.body.rel, h);
        let plans = t
            .publication
            .iter()
            .chain(t.amounts.iter().filter_map(|a| a.publication.as_ref()));
        for p in plans.filter_map(|p| s.publication(p)) {
            f.source(&p.intro.rel, h);
        }
        for (n, st) in s.stories.iter().enumerate() {
            if st.themes.contains(&t.id) {
                f.story(n, h);
            }
        }
    }

    fn urls(&self, site: &Site) -> Vec<String> {
        let overview = self
            .jobs(site)
            .first()
            .map(|_| section_url(&site.config.sections.themes));
        overview
            .into_iter()
            .chain(site.themas.iter().map(|t| t.url.clone()))
            .collect()
    }

    fn render(&self, page: &mut PageBuilder, item: Option<usize>) {
        match item {
            None => page.theme_list(),
            Some(i) => {
                let t = &page.r.site.themas[i];
                let view = page.theme_view(t);
                page.theme(t, view);
            }
        }
    }
}

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

    fn theme(&mut self, t: &Thema, view: crate::render::context::ThemaView) {
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
            more_text: t.topics.iter().map(String::as_str).collect(),
        };
        self.item(item, ctx);
        self.index_principles(&crate::model::goal::Owner::Theme(t.id.clone()));
    }

    fn theme_list(&mut self) {
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
        ctx.insert("has_amounts", &all.iter().any(|t| !t.amounts.is_empty()));
        ctx.insert("theme_groups", &theme_groups(&all));
        ctx.insert("themes", &all);
        let strings = self.r.strings;
        let charts: Vec<_> = charts::theme_ambition(site, strings)
            .into_iter()
            .chain(charts::theme_amounts(site, strings))
            .chain(charts::phases(site, strings))
            .map(|c| self.views.figure(&c))
            .collect();
        ctx.insert("charts", &charts);
        self.emit_top("themes.html", &format!("/{seg}/"), "themes", ctx);
    }
}

/// The themes of one publication (or of none), as the overview lists them.
#[derive(serde::Serialize)]
struct ThemeGroup<'v> {
    publication: Option<&'v crate::render::context::LinkView>,
    themes: Vec<&'v crate::render::context::ThemaView>,
}

/// The themes grouped by their publication, in the order the publications
/// first appear; themes of no publication last. Two programmes' themes
/// are never one numbered list.
fn theme_groups(themes: &[crate::render::context::ThemaView]) -> Vec<ThemeGroup<'_>> {
    let mut groups: Vec<ThemeGroup> = Vec::new();
    for t in themes.iter().filter(|t| t.publication.is_some()) {
        let url = t.publication.as_ref().map(|p| p.url.as_str());
        match groups
            .iter_mut()
            .find(|g| g.publication.map(|p| p.url.as_str()) == url)
        {
            Some(g) => g.themes.push(t),
            None => groups.push(ThemeGroup {
                publication: t.publication.as_ref(),
                themes: vec![t],
            }),
        }
    }
    let loose: Vec<_> = themes.iter().filter(|t| t.publication.is_none()).collect();
    if !loose.is_empty() {
        groups.push(ThemeGroup {
            publication: None,
            themes: loose,
        });
    }
    groups
}
