//! The HTML pages of the site, as independent jobs. A [`Job`] is one page
//! (or a publication with its chapters); jobs share only read-only state,
//! so they render in parallel, and each job's files go to the [`Sink`] as
//! soon as they are ready instead of being held until the end.

use super::context::{LinkView, ReportRow, Shared, SharedParts, StatusView, StoryRow, Views};
use super::i18n::Strings;
use super::markdown::Rendered;
use super::search::SearchDoc;
use super::{
    charts, publish, Alternate, ColumnView, DatasetView, MarkdownCache, OutputFile, PageMeta, Sink,
    DATA_URL, DOCUMENTS_URL, SEARCH_URL,
};
use crate::error::{Diagnostics, Error};
use crate::fingerprint::hash_of;
use crate::model::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};
use tera::{Context, Tera};

mod home;
mod publication;
mod scenario;
mod site;
mod story;
mod theme;

/// One unit of rendering work: a page, or a publication with its chapters.
/// Numbers are positions in the site's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home,
    PublicationList,
    Publication(usize),
    ThemeList,
    Theme(usize),
    ScenarioList,
    Scenario(usize),
    StoryList,
    Story(usize),
    ReportList,
    Page(usize),
    Documents,
    Data,
    Search,
    Accessibility,
    NotFound,
}

/// What one job produced besides its files.
#[derive(Default)]
pub struct JobOut {
    pub diags: Diagnostics,
    pub search: Vec<SearchDoc>,
    pub pages: usize,
    /// The paths of the files it wrote.
    pub paths: Vec<String>,
    /// The templates its pages were made with.
    pub templates: Vec<String>,
    pub error: Option<Error>,
}

/// What the pages are made from, hashed: the content files (by
/// content-relative path) and everything else a page shows (site.yaml,
/// theme, URLs, assets, options), so a job whose inputs hash the same as
/// last time would render the same bytes and can be skipped.
pub struct Inputs<'i> {
    pub sources: &'i HashMap<String, u64>,
    /// site.yaml, the theme, the options, the URL map and the assets.
    pub global: u64,
    /// Every content file at once (see [`Inputs::new`]).
    everything: u64,
}

impl<'i> Inputs<'i> {
    pub fn new(sources: &'i HashMap<String, u64>, global: u64) -> Self {
        let mut all: Vec<(&String, &u64)> = sources.iter().collect();
        all.sort_unstable();
        Inputs {
            sources,
            global,
            everything: hash_of(&all),
        }
    }

    fn source(&self, rel: &str) -> u64 {
        self.sources.get(rel).copied().unwrap_or(0)
    }
}

/// Everything the jobs share, built once per language.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub strings: &'a Strings,
    tera: &'a Tera,
    md: &'a MarkdownCache<'a>,
    /// Status per story (by position) across all reports, oldest first;
    /// made when a page first needs it.
    history: Vec<OnceLock<History>>,
    /// Each story's row (by position), made when a page first needs it.
    rows: Vec<OnceLock<Shared<StoryRow>>>,
    /// Values that thousands of rows share.
    parts: Arc<SharedParts>,
    /// `site` and `t`, serialised once and cloned into every page (tera's
    /// values share their contents, so a clone is cheap).
    base: Context,
    /// The size of the last page made with each template: the next one
    /// starts with room for about as much, instead of growing (and
    /// copying) its buffer a dozen times.
    sizes: std::sync::Mutex<HashMap<String, usize>>,
}

impl<'a> Renderer<'a> {
    /// Frees the values made for the pages without waiting for it.
    pub fn free_later(self) {
        super::free_later((self.history, self.rows, self.parts, self.base));
    }

    pub fn new(
        site: &'a Site,
        strings: &'a Strings,
        tera: &'a Tera,
        md: &'a MarkdownCache<'a>,
    ) -> Self {
        let views = Views::new(site, strings);
        let history = site.stories.iter().map(|_| OnceLock::new()).collect();
        let rows = site.stories.iter().map(|_| OnceLock::new()).collect();
        let mut base = Context::new();
        base.insert("site", &views.site_view());
        base.insert("t", strings);
        Renderer {
            site,
            strings,
            tera,
            md,
            history,
            rows,
            parts: Arc::new(views.shared_parts()),
            base,
            sizes: Default::default(),
        }
    }

    /// Room to render a page of `template` into (see `sizes`).
    fn size_hint(&self, template: &str) -> usize {
        let last = self
            .sizes
            .lock()
            .ok()
            .and_then(|m| m.get(template).copied())
            .unwrap_or(0);
        (last + last / 8).max(16 * 1024)
    }

    fn remember_size(&self, template: &str, size: usize) {
        if let Ok(mut m) = self.sizes.lock() {
            match m.get_mut(template) {
                Some(s) => *s = size,
                None => {
                    m.insert(template.to_string(), size);
                }
            }
        }
    }

    /// Every job of the site, in a fixed order.
    /// Every job of the site, in a fixed order. A kind without content
    /// has no overview (see [`crate::model::Shape`]).
    pub fn jobs(&self) -> Vec<Job> {
        let s = self.site;
        let shape = s.shape();
        let mut jobs = vec![Job::Home];
        let mut kind = |present: bool, list: Job, items: &mut dyn Iterator<Item = Job>| {
            if present {
                jobs.push(list);
                jobs.extend(items);
            }
        };
        kind(
            shape.publications,
            Job::PublicationList,
            &mut (0..s.publications.len()).map(Job::Publication),
        );
        kind(
            shape.themes,
            Job::ThemeList,
            &mut (0..s.themas.len()).map(Job::Theme),
        );
        kind(
            shape.scenarios,
            Job::ScenarioList,
            &mut (0..s.scenarios.len()).map(Job::Scenario),
        );
        kind(
            shape.stories,
            Job::StoryList,
            &mut (0..s.stories.len()).map(Job::Story),
        );
        kind(shape.reports, Job::ReportList, &mut std::iter::empty());
        jobs.extend((0..s.pages.len()).map(Job::Page));
        if shape.has_documents() {
            jobs.push(Job::Documents);
        }
        if shape.has_open_data() {
            jobs.push(Job::Data);
        }
        jobs.push(Job::Search);
        if s.statement() == crate::model::Statement::Generated {
            jobs.push(Job::Accessibility);
        }
        jobs.push(Job::NotFound);
        jobs
    }

    /// A name for `job` that stays the same when other content is added
    /// or removed (positions shift; ids do not).
    pub fn key(&self, job: Job) -> String {
        let s = self.site;
        match job {
            Job::Publication(i) => format!("publication:{}", s.publications[i].slug),
            Job::Theme(i) => format!("theme:{}", s.themas[i].id),
            Job::Scenario(i) => format!("scenario:{}", s.scenarios[i].slug),
            Job::Story(i) => format!("story:{}", s.stories[i].id),
            Job::Page(i) => format!("page:{}", s.pages[i].slug),
            other => format!("{other:?}"),
        }
    }

    /// The content-relative files a content page is made from itself (not
    /// those of the pages it links to).
    pub fn own_sources(&self, job: Job) -> Vec<&'a str> {
        let s = self.site;
        match job {
            Job::Publication(i) => {
                let p = &s.publications[i];
                let mut v = vec![p.intro.rel.as_str()];
                v.extend(p.chapters.iter().map(|c| c.body.rel.as_str()));
                v
            }
            Job::Theme(i) => vec![s.themas[i].body.rel.as_str()],
            Job::Scenario(i) => vec![s.scenarios[i].body.rel.as_str()],
            Job::Story(i) => vec![s.stories[i].body.rel.as_str()],
            Job::Page(i) => vec![s.pages[i].body.rel.as_str()],
            _ => Vec::new(),
        }
    }

    /// The hash of what a story's own page shows of the content: the story,
    /// its themes, its publication, the reports that mention it and its
    /// "see also" stories. Computed once per story (see `Fingerprints`).
    fn story_inputs(&self, story: &Story, inputs: &Inputs) -> u64 {
        let s = self.site;
        let mut h = DefaultHasher::new();
        let mut src = |rel: &str| {
            rel.hash(&mut h);
            inputs.source(rel).hash(&mut h);
        };
        src(&story.body.rel);
        for t in story.themes.iter().filter_map(|t| s.thema(t)) {
            src(&t.body.rel);
        }
        for p in story.publication.iter().filter_map(|p| s.publication(p)) {
            src(&p.intro.rel);
        }
        for (p, _, _) in s.history(&story.id) {
            src(&p.intro.rel);
        }
        for o in story.see_also.iter().filter_map(|o| s.story(o)) {
            src(&o.body.rel);
        }
        h.finish()
    }

    /// The positions of the stories a report's pages show: those of its
    /// entries and of the entries of the report before it ("what
    /// changed"), in order.
    fn report_stories(&self, publication: usize) -> Vec<usize> {
        let s = self.site;
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

    /// Every job's fingerprint: the hash of everything its pages show.
    /// Content pages and reports list what they read; overviews and the
    /// home page show a little of everything, so they depend on all
    /// content.
    pub fn fingerprints(&self, jobs: &[Job], inputs: &Inputs) -> Vec<u64> {
        use rayon::prelude::*;
        let s = self.site;
        let stories: Vec<u64> = s
            .stories
            .par_iter()
            .map(|st| self.story_inputs(st, inputs))
            .collect();
        let pub_src = |slug: &str| s.publication(slug).map(|p| p.intro.rel.as_str());
        jobs.iter()
            .map(|&job| {
                let mut h = DefaultHasher::new();
                inputs.global.hash(&mut h);
                self.key(job).hash(&mut h);
                let src = |rel: &str, h: &mut DefaultHasher| {
                    rel.hash(h);
                    inputs.source(rel).hash(h);
                };
                match job {
                    Job::Story(i) => stories[i].hash(&mut h),
                    Job::Theme(i) => {
                        let t = &s.themas[i];
                        src(&t.body.rel, &mut h);
                        for rel in t.publication.iter().filter_map(|p| pub_src(p)) {
                            src(rel, &mut h);
                        }
                        // Its stories, with their themes and statuses.
                        for (n, st) in s.stories.iter().enumerate() {
                            if st.themes.contains(&t.id) {
                                stories[n].hash(&mut h);
                            }
                        }
                    }
                    Job::Publication(i) if s.publications[i].rapportage.is_some() => {
                        // A report: its own files, the publications and
                        // themes it links to, and the stories of its rows
                        // and of the report it is compared with.
                        for rel in self.own_sources(job) {
                            src(rel, &mut h);
                        }
                        for p in &s.publications {
                            src(&p.intro.rel, &mut h);
                        }
                        for t in &s.themas {
                            src(&t.body.rel, &mut h);
                        }
                        for n in self.report_stories(i) {
                            (n, stories[n]).hash(&mut h);
                        }
                    }
                    Job::Scenario(_) | Job::Page(_) | Job::Publication(_) => {
                        for rel in self.own_sources(job) {
                            src(rel, &mut h);
                        }
                        if !matches!(job, Job::Page(_)) {
                            // Links to publications and themes (tables, reports_on).
                            for p in &s.publications {
                                src(&p.intro.rel, &mut h);
                            }
                            for t in &s.themas {
                                src(&t.body.rel, &mut h);
                            }
                        }
                    }
                    _ => inputs.everything.hash(&mut h),
                }
                h.finish()
            })
            .collect()
    }

    /// Renders one job and hands its files to `sink`.
    pub fn run(&self, job: Job, sink: &dyn Sink) -> JobOut {
        let views = Views::new(self.site, self.strings).with_parts(Arc::clone(&self.parts));
        let mut page = PageBuilder {
            r: self,
            views: &views,
            sink,
            out: JobOut::default(),
        };
        page.job(job);
        page.out
    }
}

/// A story's status in every report it is in, oldest first.
#[derive(Default)]
struct History {
    /// The slug of each status's publication.
    publications: Vec<String>,
    statuses: Vec<Shared<StatusView>>,
}

impl History {
    /// The status in the report of publication `slug`.
    fn of(&self, slug: &str) -> Option<&Shared<StatusView>> {
        let i = self.publications.iter().position(|p| p == slug)?;
        self.statuses.get(i)
    }
}

/// A content page (story, theme, scenario, publication, chapter, page):
/// its Markdown body, place, search document and template.
struct Item<'x> {
    template: &'x str,
    title: &'x str,
    url: &'x str,
    summary: Option<&'x str>,
    /// The key of its body in the Markdown cache.
    markdown: String,
    breadcrumbs: Vec<LinkView>,
    filters: Vec<(String, String)>,
    /// More text for the search index (a story's status summaries).
    more_text: Vec<&'x str>,
}

/// Builds the pages of one job.
struct PageBuilder<'a, 'r> {
    r: &'r Renderer<'a>,
    views: &'r Views<'a>,
    sink: &'r dyn Sink,
    out: JobOut,
}

impl<'a, 'r> PageBuilder<'a, 'r> {
    fn job(&mut self, job: Job) {
        let site = self.r.site;
        match job {
            Job::Home => self.home(),
            Job::PublicationList => self.publication_list(),
            Job::Publication(i) => self.publication(&site.publications[i]),
            Job::ThemeList => self.theme_list(),
            Job::Theme(i) => {
                let view = self.theme_view(&site.themas[i]);
                self.theme(&site.themas[i], view);
            }
            Job::ScenarioList => self.scenario_list(),
            Job::Scenario(i) => self.scenario(&site.scenarios[i]),
            Job::StoryList => self.story_list(),
            Job::Story(i) => self.story(&site.stories[i]),
            Job::ReportList => self.report_list(),
            Job::Page(i) => self.content_page(&site.pages[i]),
            Job::Documents => self.documents(),
            Job::Data => self.data_page(),
            Job::Search => self.emit_top("search.html", SEARCH_URL, "search", Vars::default()),
            Job::Accessibility => self.accessibility(),
            Job::NotFound => {
                let title = self.r.strings.get("page_not_found");
                let meta = self.meta(title, "/404.html", None, vec![], Rendered::default());
                self.emit_file("404.html", "404.html", meta, Vars::default());
            }
        }
    }

    /// Renders a content page with its body, and indexes it for search.
    fn item(&mut self, item: Item, ctx: Vars) {
        let mut r = self.r.md.rendered(&item.markdown, &mut self.out.diags);
        let text = std::mem::take(&mut r.text);
        let mut doc = self.search_doc(item.title, item.url, item.summary, text, item.filters);
        for text in item.more_text {
            doc.text.push(' ');
            doc.text.push_str(text);
        }
        self.out.search.push(doc);
        let summary = item.summary.map(str::to_string);
        let meta = self.meta(item.title, item.url, summary, item.breadcrumbs, r);
        self.emit(item.template, item.url, meta, ctx);
    }

    fn crumb(&self, title: &str, url: &str) -> LinkView {
        LinkView {
            title: title.to_string(),
            url: self.views.href(url),
        }
    }

    fn home_crumb(&self) -> LinkView {
        self.crumb(self.r.strings.get("home"), "/")
    }

    fn section_crumbs(&self, key: &str, segment: &str) -> Vec<LinkView> {
        vec![
            self.home_crumb(),
            self.crumb(self.r.strings.get(key), &format!("/{segment}/")),
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
        let site = self.r.site;
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
            content_lang: r.lang.filter(|l| *l != site.config.language),
            canonical: publish::absolute(site, &self.views.href(url)),
            alternates: self.alternates(url),
        }
    }

    /// What the search index learns of a content page.
    fn search_doc(
        &self,
        title: &str,
        url: &str,
        summary: Option<&str>,
        text: String,
        filters: Vec<(String, String)>,
    ) -> SearchDoc {
        SearchDoc {
            url: self.views.href(url),
            title: title.to_string(),
            summary: summary.unwrap_or_default().to_string(),
            text,
            filters,
        }
    }

    fn filter(&self, key: &str, value: impl Into<String>) -> (String, String) {
        (self.r.strings.get(key).to_string(), value.into())
    }

    /// The page at `url` (a path within this language) in every language.
    fn alternates(&self, url: &str) -> Vec<Alternate> {
        let c = &self.r.site.config;
        if c.languages.len() < 2 {
            return Vec::new();
        }
        let root = super::url::base_path(&c.root_url);
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
                    name: super::language_name(lang),
                    url: format!("{root}{rel}"),
                    abs_url: format!("{}{rel}", c.root_url),
                    current: *lang == c.language,
                }
            })
            .collect()
    }

    /// Renders a top-level page (an overview, search, open data) whose title
    /// is the interface string `title_key` and whose parent is the home page.
    fn emit_top(&mut self, template: &str, url: &str, title_key: &str, ctx: Vars) {
        let meta = self.meta(
            self.r.strings.get(title_key),
            url,
            None,
            vec![self.home_crumb()],
            Rendered::default(),
        );
        self.emit(template, url, meta, ctx);
    }

    /// Renders a page at a pretty URL (`/x/` -> `x/index.html`).
    fn emit(&mut self, template: &str, url: &str, meta: PageMeta, ctx: Vars) {
        let path = format!("{}index.html", url.trim_start_matches('/'));
        self.emit_file(template, &path, meta, ctx);
    }

    fn put(&mut self, path: String, bytes: Vec<u8>) {
        if self.out.error.is_some() {
            return;
        }
        self.out.paths.push(path.clone());
        if let Err(e) = self.sink.put(OutputFile { path, bytes }) {
            self.out.error = Some(e);
        }
    }

    fn emit_file(&mut self, template: &str, path: &str, meta: PageMeta, ctx: Vars) {
        let mut full = self.r.base.clone();
        full.extend(ctx.ctx);
        full.insert(
            "nav",
            &self
                .views
                .nav(&strip_base(&meta.url, &self.views.base_path)),
        );
        full.insert("page", &meta);
        let dir = path
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        for chart in self.views.take_charts().into_iter().filter(|c| !c.inline) {
            let json = format!("{dir}{}", chart.csv_name.replace(".csv", ".json"));
            self.put(json, chart.json.into_bytes());
            self.put(format!("{dir}{}", chart.csv_name), chart.csv.into_bytes());
        }
        let mut html = Vec::with_capacity(self.r.size_hint(template));
        let rendered = self.r.tera.render_to(template, &full, &mut html);
        if !self.out.templates.iter().any(|t| t == template) {
            self.out.templates.push(template.to_string());
        }
        match rendered {
            Ok(()) => {
                self.r.remember_size(template, html.len());
                self.out.pages += 1;
                self.put(path.to_string(), html);
            }
            Err(e) => {
                let d = super::template_error(
                    &e,
                    |n| format!("templates/{n}"),
                    &format!("templates/{template}"),
                    &format!("rendering {path} failed: "),
                );
                self.out.diags.push(d.with_help(
                    "check the template against the context documented in docs/templates.md",
                ))
            }
        }
    }
}

/// A page's own template variables.
#[derive(Default)]
struct Vars {
    ctx: Context,
}

impl Vars {
    fn insert<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.ctx.insert(name, value);
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

/// True when the latest status of a row was derived by the editors: the
/// page then explains what "afgeleid" means.
fn any_derived(rows: &[Shared<StoryRow>]) -> bool {
    rows.iter()
        .any(|r| r.latest.as_ref().is_some_and(|l| l.derived))
}
