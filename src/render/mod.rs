//! Stage 3, render: the validated site becomes a list of output files.
//! Markdown is rendered first (collecting broken links), then every page's
//! context is built from [`context`] views and passed through its tera
//! template. Nothing is written here; see [`crate::write`].

pub mod charts;
pub mod context;
pub mod csp;
pub mod i18n;
pub mod markdown;
pub mod publish;
pub mod sanitize;
pub mod search;
pub mod theme;

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::*;
use context::{LinkView, ReportRow, StatusView, StoryRow, Views};
use i18n::Strings;
use markdown::{LinkContext, Rendered};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera};
use theme::Theme;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The rendered site and the warnings found on the way.
#[derive(Debug)]
pub struct RenderedSite {
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
}

/// Page metadata every template gets as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub title: String,
    /// URL with the base path.
    pub url: String,
    pub description: Option<String>,
    /// From the home page down to the parent of this page.
    pub breadcrumbs: Vec<LinkView>,
    pub toc: Vec<markdown::TocEntry>,
    /// Rendered Markdown body ("" when none).
    pub html: String,
    /// Set when the body is in another language than the page (a missing
    /// translation): that language.
    pub content_lang: Option<String>,
    /// The page in every language of the site (empty for one language).
    pub alternates: Vec<Alternate>,
    /// The absolute URL of this page.
    pub canonical: String,
}

/// A dataset on the open data page.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetView {
    pub name: String,
    pub title: String,
    pub description: String,
    pub csv_url: String,
    pub json_url: String,
    pub rows: usize,
    pub columns: Vec<ColumnView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub dutch: String,
    pub key: String,
    pub description: String,
}

/// The same page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    /// The language's name in that language ("English").
    pub name: String,
    pub url: String,
    /// The absolute URL, for `<link rel="alternate" hreflang>`.
    pub abs_url: String,
    pub current: bool,
}

/// A language's name in itself.
fn language_name(code: &str) -> String {
    match code {
        "nl" => "Nederlands",
        "en" => "English",
        "de" => "Deutsch",
        "fr" => "Français",
        "fy" => "Frysk",
        "pap" => "Papiamentu",
        other => other,
    }
    .to_string()
}

/// Renders every page of the site.
pub fn render_site(site: &Site, theme: &Theme) -> Result<RenderedSite, Diagnostics> {
    let strings = theme.strings(&site.config.language)?;
    let tera = templates(theme)?;
    let views = Views::new(site, &strings);
    let mut diags = Diagnostics::new();
    let md = MarkdownCache::render_all(site, &views.base_path, &strings, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut pages = Pages {
        site,
        views: &views,
        strings: &strings,
        tera: &tera,
        md: &md,
        files: Vec::new(),
        diags: Diagnostics::new(),
    };
    pages.all();
    let Pages {
        mut files,
        diags: render_diags,
        ..
    } = pages;
    files.extend(open_government(site));
    diags.extend(render_diags);
    if diags.has_errors() {
        return Err(diags);
    }
    for (rel, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{rel}"),
            bytes: bytes.clone(),
        });
    }
    Ok(RenderedSite {
        files,
        warnings: diags,
    })
}

/// Renders only the Markdown of the site, for its diagnostics.
pub fn check_markdown(site: &Site, strings: &Strings) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let views = Views::new(site, strings);
    MarkdownCache::render_all(site, &views.base_path, strings, &mut diags);
    diags
}

/// The machine-readable files: sitemaps, robots.txt, feed, metadata,
/// datasets and redirects.
fn open_government(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    let push_url = |urls: &mut Vec<String>, u: &str| urls.push(u.to_string());
    push_url(&mut urls, "/");
    let s = &site.config.sections;
    for seg in [
        &s.publications,
        &s.themes,
        &s.scenarios,
        &s.stories,
        &s.reports,
        &s.accessibility,
    ] {
        push_url(&mut urls, &format!("/{seg}/"));
    }
    push_url(&mut urls, DOCUMENTS_URL);
    push_url(&mut urls, DATA_URL);
    push_url(&mut urls, SEARCH_URL);
    for p in &site.publications {
        push_url(&mut urls, &p.url);
        for c in &p.chapters {
            push_url(&mut urls, &c.url);
        }
        files.extend(publish::metadata_files(site, p));
        files.extend(redirects(site, &p.redirect_from, &p.url, &p.title));
    }
    for t in &site.themas {
        push_url(&mut urls, &t.url);
    }
    for sc in &site.scenarios {
        push_url(&mut urls, &sc.url);
    }
    for st in &site.stories {
        push_url(&mut urls, &st.url);
        files.extend(redirects(site, &st.redirect_from, &st.url, &st.title));
    }
    for pg in &site.pages {
        if pg.url != "/" {
            push_url(&mut urls, &pg.url);
        }
        files.extend(redirects(site, &pg.redirect_from, &pg.url, &pg.title));
    }
    urls.sort();
    urls.dedup();
    files.extend(publish::sitemaps(site, &urls));
    files.push(publish::robots(site));
    files.push(publish::atom_feed(site));
    files.extend(publish::datasets(site, DATA_URL.trim_start_matches('/')));
    files
}

/// Redirect pages from each old URL to `url`.
fn redirects(site: &Site, from: &[String], url: &str, title: &str) -> Vec<OutputFile> {
    from.iter()
        .map(|old| publish::redirect_page(site, old, url, title, &site.config.language))
        .collect()
}

/// The index of published documents with their Woo metadata.
pub const DOCUMENTS_URL: &str = "/openbaar/";
/// The search page.
pub const SEARCH_URL: &str = "/zoeken/";
/// The open data page and the folder of the site-wide datasets.
pub const DATA_URL: &str = "/open-data/";

/// Compiles the theme's templates once, with autoescaping for HTML.
fn templates(theme: &Theme) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    let list: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    tera.add_raw_templates(list).map_err(|e| {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                format!("{} (templates)", theme.origin),
                Position::default(),
                tera_message(&e),
            )
            .with_help("fix the template syntax; see docs/templates.md"),
        );
        d
    })?;
    Ok(tera)
}

/// Tera nests the real cause; show the whole chain on one line.
fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Every Markdown text of the site, rendered once, by a key.
struct MarkdownCache {
    by_key: BTreeMap<String, Rendered>,
}

impl MarkdownCache {
    fn render_all<'s>(
        site: &'s Site,
        base_path: &str,
        strings: &Strings,
        diags: &mut Diagnostics,
    ) -> Self {
        let ctx = LinkContext {
            urls: &site.urls,
            assets: &site.assets,
            base_path,
            asset_path: &context::base_path(&site.config.root_url),
            strings,
            content_root: &site.content_root,
            lint: &site.config.lint,
            html: &site.config.html,
        };
        // Gather every text first, then render them in parallel.
        let mut jobs: Vec<(String, &'s Markdown, markdown::Scope)> = Vec::new();
        let main = markdown::Scope::default();
        let mut add_scoped = |key: String, md: &'s Markdown, scope: &markdown::Scope| {
            jobs.push((key, md, scope.clone()));
        };
        for p in &site.publications {
            add_scoped(format!("pub:{}", p.slug), &p.intro, &main);
            for c in &p.chapters {
                add_scoped(format!("chapter:{}:{}", p.slug, c.slug), &c.body, &main);
            }
            if let Some(r) = &p.rapportage {
                for e in &r.entries {
                    if let Some(text) = &e.text {
                        // Entry texts share the report and story pages.
                        let scope = markdown::Scope {
                            prefix: format!("{}-{}-", p.slug, e.story),
                            heading_offset: 2,
                        };
                        add_scoped(format!("entry:{}:{}", p.slug, e.story), text, &scope);
                    }
                }
            }
        }
        for t in &site.themas {
            add_scoped(format!("thema:{}", t.id), &t.body, &main);
        }
        for s in &site.scenarios {
            add_scoped(format!("scenario:{}", s.slug), &s.body, &main);
        }
        for s in &site.stories {
            add_scoped(format!("story:{}", s.id), &s.body, &main);
        }
        for p in &site.pages {
            add_scoped(format!("page:{}", p.slug), &p.body, &main);
        }
        use rayon::prelude::*;
        let rendered: Vec<(String, Rendered, Diagnostics)> = jobs
            .into_par_iter()
            .map(|(key, md, scope)| {
                let mut d = Diagnostics::new();
                let r = markdown::render(md, &ctx, &scope, &mut d);
                (key, r, d)
            })
            .collect();
        let mut by_key = BTreeMap::new();
        for (key, r, d) in rendered {
            diags.extend(d);
            by_key.insert(key, r);
        }
        MarkdownCache { by_key }
    }

    fn get(&self, key: &str) -> Rendered {
        self.by_key.get(key).cloned().unwrap_or_default()
    }
}

struct Pages<'a> {
    site: &'a Site,
    views: &'a Views<'a>,
    strings: &'a Strings,
    tera: &'a Tera,
    md: &'a MarkdownCache,
    files: Vec<OutputFile>,
    diags: Diagnostics,
}

impl<'a> Pages<'a> {
    fn all(&mut self) {
        let history = self.histories();
        self.home(&history);
        self.publications(&history);
        self.themes(&history);
        self.scenarios();
        self.stories(&history);
        self.reports(&history);
        for p in &self.site.pages {
            let r = self.md.get(&format!("page:{}", p.slug));
            let meta = self.meta(&p.title, &p.url, p.description.clone(), vec![], r);
            self.emit("page.html", &p.url, meta, Context::new());
        }
        self.documents();
        self.data_page();
        self.emit_top("search.html", SEARCH_URL, "search", Context::new());
        let url = format!("/{}/", self.site.config.sections.accessibility);
        if !self.site.pages.iter().any(|p| p.url == url) {
            let mut ctx = Context::new();
            ctx.insert("accessibility", &self.views.accessibility());
            self.emit_top("accessibility.html", &url, "accessibility_statement", ctx);
        }
        let meta = self.meta(
            self.strings.get("page_not_found"),
            "/404.html",
            None,
            vec![],
            Rendered::default(),
        );
        self.emit_file("404.html", "404.html", meta, Context::new());
    }

    /// "Openbaar gemaakte documenten": every publication with its metadata.
    fn documents(&mut self) {
        let list: Vec<_> = self
            .site
            .publications
            .iter()
            .map(|p| self.views.publication(p, None))
            .collect();
        let _ = self.views.take_charts();
        let mut ctx = Context::new();
        ctx.insert("publications", &list);
        self.emit_top("documents.html", DOCUMENTS_URL, "documents_title", ctx);
    }

    /// The open data page: every dataset with its columns.
    fn data_page(&mut self) {
        let columns = |cols: &[publish::Column]| -> Vec<ColumnView> {
            cols.iter()
                .map(|c| ColumnView {
                    dutch: c.dutch.into(),
                    key: c.key.into(),
                    description: c.description.into(),
                })
                .collect()
        };
        let dataset =
            |name: &str, title: &str, description: &str, rows: usize, cols: Vec<ColumnView>| {
                DatasetView {
                    name: name.into(),
                    title: title.into(),
                    description: description.into(),
                    csv_url: self.views.href(&format!("{DATA_URL}{name}.csv")),
                    json_url: self.views.href(&format!("{DATA_URL}{name}.json")),
                    rows,
                    columns: cols,
                }
            };
        let datasets = vec![
            dataset(
                "stories",
                self.strings.get("dataset_stories"),
                self.strings.get("dataset_stories_desc"),
                self.site.stories.len(),
                columns(&publish::STORY_COLUMNS),
            ),
            dataset(
                "statuses",
                self.strings.get("dataset_statuses"),
                self.strings.get("dataset_statuses_desc"),
                self.site
                    .reports()
                    .iter()
                    .map(|(_, r)| r.entries.len())
                    .sum(),
                columns(&publish::STATUS_COLUMNS),
            ),
        ];
        let mut ctx = Context::new();
        ctx.insert("datasets", &datasets);
        self.emit_top("data.html", DATA_URL, "data_title", ctx);
    }

    /// Status per story across all reports, oldest first.
    fn histories(&self) -> BTreeMap<String, Vec<StatusView>> {
        let mut out: BTreeMap<String, Vec<StatusView>> = BTreeMap::new();
        for (p, r) in self.site.reports() {
            for e in &r.entries {
                let html = self.md.get(&format!("entry:{}:{}", p.slug, e.story)).html;
                if let Some(v) = self.views.status(p, r, e, html) {
                    out.entry(e.story.clone()).or_default().push(v);
                }
            }
        }
        out
    }

    fn row(&self, s: &Story, history: &BTreeMap<String, Vec<StatusView>>) -> StoryRow {
        self.views
            .story_row(s, history.get(&s.id).map(Vec::as_slice).unwrap_or(&[]))
    }

    fn crumb(&self, title: &str, url: &str) -> LinkView {
        LinkView {
            title: title.to_string(),
            url: self.views.href(url),
        }
    }

    fn home_crumb(&self) -> LinkView {
        self.crumb(self.strings.get("home"), "/")
    }

    fn section_crumbs(&self, key: &str, segment: &str) -> Vec<LinkView> {
        vec![
            self.home_crumb(),
            self.crumb(self.strings.get(key), &format!("/{segment}/")),
        ]
    }

    fn meta(
        &self,
        title: &str,
        url: &str,
        description: Option<String>,
        breadcrumbs: Vec<LinkView>,
        r: Rendered,
    ) -> PageMeta {
        self.views.add_charts(&r.charts);
        PageMeta {
            title: title.to_string(),
            url: self.views.href(url),
            description,
            breadcrumbs,
            toc: if r.toc.iter().filter(|t| t.level == 2).count() >= 2 {
                r.toc
            } else {
                Vec::new()
            },
            html: r.html,
            content_lang: r.lang.filter(|l| *l != self.site.config.language),
            canonical: publish::absolute(self.site, &self.views.href(url)),
            alternates: self.alternates(url),
        }
    }

    /// The page at `url` (a path within this language) in every language.
    fn alternates(&self, url: &str) -> Vec<Alternate> {
        let c = &self.site.config;
        if c.languages.len() < 2 {
            return Vec::new();
        }
        let root = context::base_path(&c.root_url);
        c.languages
            .iter()
            .enumerate()
            .map(|(i, lang)| {
                let rel = if i == 0 {
                    url.trim_start_matches('/').to_string()
                } else {
                    format!("{lang}/{}", url.trim_start_matches('/'))
                };
                Alternate {
                    lang: lang.clone(),
                    name: language_name(lang),
                    url: format!("{root}{rel}"),
                    abs_url: format!("{}{rel}", c.root_url),
                    current: *lang == c.language,
                }
            })
            .collect()
    }

    fn home(&mut self, history: &BTreeMap<String, Vec<StatusView>>) {
        let mut ctx = Context::new();
        let latest = self.site.reports().last().map(|(p, r)| {
            let rows = self.report_rows(p, r, history);
            self.views
                .publication(p, Some(self.views.report_view(r, rows)))
        });
        ctx.insert("latest_report", &latest);
        // List views carry no charts; drop those their tables made.
        let _ = self.views.take_charts();
        let pubs: Vec<_> = self
            .site
            .publications
            .iter()
            .map(|p| self.views.publication(p, None))
            .collect();
        ctx.insert("publications", &pubs);
        // List views carry no charts; drop those their tables made.
        let _ = self.views.take_charts();
        let themes: Vec<_> = self
            .site
            .themas
            .iter()
            .map(|t| self.views.thema(t, vec![]))
            .collect();
        ctx.insert("themes", &themes);
        let home_page = self.site.pages.iter().find(|p| p.url == "/");
        if home_page.is_some() {
            return; // a content page `pages/index.md` is the home page
        }
        let meta = self.meta(
            &self.site.config.title,
            "/",
            self.site.config.description.clone(),
            vec![],
            Rendered::default(),
        );
        self.emit("index.html", "/", meta, ctx);
    }

    fn report_rows(
        &self,
        p: &Publication,
        r: &Rapportage,
        history: &BTreeMap<String, Vec<StatusView>>,
    ) -> Vec<ReportRow> {
        r.entries
            .iter()
            .filter_map(|e| {
                let story = self.site.story(&e.story)?;
                let html = self.md.get(&format!("entry:{}:{}", p.slug, e.story)).html;
                Some(ReportRow {
                    story: self.row(story, history),
                    status: self.views.status(p, r, e, html)?,
                })
            })
            .collect()
    }

    fn publications(&mut self, history: &BTreeMap<String, Vec<StatusView>>) {
        let seg = self.site.config.sections.publications.clone();
        let list: Vec<_> = self
            .site
            .publications
            .iter()
            .map(|p| self.views.publication(p, None))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("publications", &list);
        let _ = self.views.take_charts();
        self.emit_top(
            "publications.html",
            &format!("/{seg}/"),
            "publications",
            ctx,
        );

        for p in &self.site.publications {
            let report = p.rapportage.as_ref().map(|r| {
                let rows = self.report_rows(p, r, history);
                self.views.report_view(r, rows)
            });
            let view = self.views.publication(p, report);
            let mut ctx = Context::new();
            ctx.insert("publication", &view);
            let r = self.md.get(&format!("pub:{}", p.slug));
            let meta = self.meta(
                &p.title,
                &p.url,
                p.summary.clone(),
                self.section_crumbs("publications", &seg),
                r,
            );
            self.emit("publication.html", &p.url, meta, ctx);
            for (i, c) in p.chapters.iter().enumerate() {
                let mut ctx = Context::new();
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
                let r = self.md.get(&format!("chapter:{}:{}", p.slug, c.slug));
                let meta = self.meta(&c.title, &c.url, c.summary.clone(), crumbs, r);
                self.emit("chapter.html", &c.url, meta, ctx);
            }
        }
    }

    fn themes(&mut self, history: &BTreeMap<String, Vec<StatusView>>) {
        let seg = self.site.config.sections.themes.clone();
        let mut all = Vec::new();
        for t in &self.site.themas {
            let stories: Vec<StoryRow> = self
                .site
                .stories
                .iter()
                .filter(|s| s.themes.contains(&t.id))
                .map(|s| self.row(s, history))
                .collect();
            let view = self.views.thema(t, stories);
            let mut ctx = Context::new();
            ctx.insert("theme", &view);
            let r = self.md.get(&format!("thema:{}", t.id));
            let meta = self.meta(
                &t.title,
                &t.url,
                t.summary.clone(),
                self.section_crumbs("themes", &seg),
                r,
            );
            self.emit("theme.html", &t.url, meta, ctx);
            all.push(view);
        }
        let mut ctx = Context::new();
        ctx.insert("themes", &all);
        let charts: Vec<_> = [
            charts::theme_ambition(self.site, self.strings),
            charts::theme_budget(self.site, self.strings),
            charts::phases(self.site, self.strings),
        ]
        .iter()
        .flatten()
        .map(|c| self.views.figure(c))
        .collect();
        ctx.insert("charts", &charts);
        self.emit_top("themes.html", &format!("/{seg}/"), "themes", ctx);
    }

    fn scenarios(&mut self) {
        let seg = self.site.config.sections.scenarios.clone();
        let mut all = Vec::new();
        for s in &self.site.scenarios {
            let view = self.views.scenario(s);
            let mut ctx = Context::new();
            ctx.insert("scenario", &view);
            let r = self.md.get(&format!("scenario:{}", s.slug));
            let meta = self.meta(
                &s.title,
                &s.url,
                s.summary.clone(),
                self.section_crumbs("scenarios", &seg),
                r,
            );
            self.emit("scenario.html", &s.url, meta, ctx);
            all.push(view);
        }
        let mut ctx = Context::new();
        ctx.insert("scenarios", &all);
        let charts: Vec<_> = charts::scenario_costs(self.site, self.strings)
            .iter()
            .map(|c| self.views.figure(c))
            .collect();
        ctx.insert("charts", &charts);
        self.emit_top("scenarios.html", &format!("/{seg}/"), "scenarios", ctx);
    }

    fn stories(&mut self, history: &BTreeMap<String, Vec<StatusView>>) {
        let seg = self.site.config.sections.stories.clone();
        let rows: Vec<StoryRow> = self
            .site
            .stories
            .iter()
            .map(|s| self.row(s, history))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("stories", &rows);
        self.emit_top("stories.html", &format!("/{seg}/"), "stories", ctx);
        for s in &self.site.stories {
            let view = self
                .views
                .story(s, history.get(&s.id).cloned().unwrap_or_default());
            let mut ctx = Context::new();
            ctx.insert("story", &view);
            let r = self.md.get(&format!("story:{}", s.id));
            let meta = self.meta(
                &s.title,
                &s.url,
                s.summary.clone(),
                self.section_crumbs("stories", &seg),
                r,
            );
            self.emit("story.html", &s.url, meta, ctx);
        }
    }

    fn reports(&mut self, history: &BTreeMap<String, Vec<StatusView>>) {
        let seg = self.site.config.sections.reports.clone();
        let list: Vec<_> = self
            .site
            .reports()
            .into_iter()
            .rev()
            .map(|(p, r)| {
                let rows = self.report_rows(p, r, history);
                self.views
                    .publication(p, Some(self.views.report_view(r, rows)))
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("reports", &list);
        // List views carry no charts; drop those their tables made.
        let _ = self.views.take_charts();
        self.emit_top("reports.html", &format!("/{seg}/"), "reports", ctx);
    }

    /// Renders a top-level page (an overview, search, open data) whose title
    /// is the interface string `title_key` and whose parent is the home page.
    fn emit_top(&mut self, template: &str, url: &str, title_key: &str, ctx: Context) {
        let meta = self.meta(
            self.strings.get(title_key),
            url,
            None,
            vec![self.home_crumb()],
            Rendered::default(),
        );
        self.emit(template, url, meta, ctx);
    }

    /// Renders a page at a pretty URL (`/x/` -> `x/index.html`).
    fn emit(&mut self, template: &str, url: &str, meta: PageMeta, ctx: Context) {
        let path = format!("{}index.html", url.trim_start_matches('/'));
        self.emit_file(template, &path, meta, ctx);
    }

    fn emit_file(&mut self, template: &str, path: &str, meta: PageMeta, mut ctx: Context) {
        ctx.insert("site", &self.views.site_view());
        ctx.insert(
            "nav",
            &self
                .views
                .nav(&strip_base(&meta.url, &self.views.base_path)),
        );
        ctx.insert("t", self.strings);
        ctx.insert("page", &meta);
        let dir = path
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        for chart in self.views.take_charts() {
            self.files.push(OutputFile {
                path: format!("{dir}{}", chart.csv_name.replace(".csv", ".json")),
                bytes: chart.json.into_bytes(),
            });
            self.files.push(OutputFile {
                path: format!("{dir}{}", chart.csv_name),
                bytes: chart.csv.into_bytes(),
            });
        }
        match self.tera.render(template, &ctx) {
            Ok(html) => self.files.push(OutputFile {
                path: path.to_string(),
                bytes: html.into_bytes(),
            }),
            Err(e) => self.diags.push(
                Diagnostic::error(
                    format!("templates/{template}"),
                    Position::default(),
                    format!("rendering {path} failed: {}", tera_message(&e)),
                )
                .with_help(
                    "check the template against the context documented in docs/templates.md",
                ),
            ),
        }
    }
}

fn strip_base(url: &str, base: &str) -> String {
    format!(
        "/{}",
        url.strip_prefix(base)
            .unwrap_or(url)
            .trim_start_matches('/')
    )
}
