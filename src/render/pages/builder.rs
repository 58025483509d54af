//! What every page job shares: its [`PageBuilder`], which turns a page's
//! view into files, with the page's metadata, search document and charts.

use super::*;

/// A content page (story, theme, scenario, publication, chapter, page):
/// its Markdown body, place, search document and template.
pub(super) struct Item<'x> {
    pub(super) template: &'x str,
    pub(super) title: &'x str,
    pub(super) url: &'x str,
    pub(super) summary: Option<&'x str>,
    /// The key of its body in the Markdown cache.
    pub(super) markdown: String,
    pub(super) breadcrumbs: Vec<LinkView>,
    pub(super) filters: Vec<(String, String)>,
    /// More text for the search index (a story's status summaries).
    pub(super) more_text: Vec<&'x str>,
}

/// Builds the pages of one job.
pub(crate) struct PageBuilder<'a, 'r> {
    pub(super) r: &'r Renderer<'a>,
    pub(super) views: &'r Views<'a>,
    pub(super) sink: &'r dyn Sink,
    pub(super) out: JobOut,
}

impl<'a, 'r> PageBuilder<'a, 'r> {
    /// Renders a content page with its body, and indexes it for search.
    pub(super) fn item(&mut self, item: Item, ctx: Vars) {
        let mut r = self.r.md.rendered(&item.markdown, &mut self.out.diags);
        let text = std::mem::take(&mut r.text);
        let mut doc = self.search_doc(item.title, item.url, item.summary, text, item.filters);
        for text in item.more_text {
            doc.text.push('\n');
            doc.text.push_str(text);
        }
        self.out.search.push(doc);
        let summary = item.summary.map(str::to_string);
        let meta = self.meta(item.title, item.url, summary, item.breadcrumbs, r);
        self.emit(item.template, item.url, meta, ctx);
    }

    pub(super) fn crumb(&self, title: &str, url: &str) -> LinkView {
        LinkView {
            title: title.to_string(),
            url: self.views.href(url),
        }
    }

    pub(super) fn home_crumb(&self) -> LinkView {
        self.crumb(self.r.strings.get("home"), "/")
    }

    pub(super) fn section_crumbs(&self, key: &str, segment: &str) -> Vec<LinkView> {
        vec![
            self.home_crumb(),
            self.crumb(self.r.strings.get(key), &format!("/{segment}/")),
        ]
    }

    pub(super) fn meta(
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
    pub(super) fn search_doc(
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

    /// Indexes a page koers makes itself, without a text of its own, by its
    /// title and a short text from the interface strings, so that search
    /// finds it by its name.
    /// `more`: lines of text it shows besides.
    pub(super) fn index_generated(
        &mut self,
        title_key: &str,
        url: &str,
        text_key: &str,
        more: &[&str],
    ) {
        let strings = self.r.strings;
        let mut text = strings.get(text_key).to_string();
        for line in more {
            text.push('\n');
            text.push_str(line);
        }
        let doc = self.search_doc(strings.get(title_key), url, None, text, Vec::new());
        self.out.search.push(doc);
    }

    pub(super) fn filter(&self, key: &str, value: impl Into<String>) -> (String, String) {
        (self.r.strings.get(key).to_string(), value.into())
    }

    /// The page at `url` (a path within this language) in every language.
    pub(super) fn alternates(&self, url: &str) -> Vec<Alternate> {
        let c = &self.r.site.config;
        if c.languages.len() < 2 {
            return Vec::new();
        }
        let root = &c.urls.root_path;
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
                    name: crate::render::language_name(lang),
                    url: format!("{root}{rel}"),
                    abs_url: format!("{}{rel}", c.urls.root),
                    current: *lang == c.language,
                }
            })
            .collect()
    }

    /// Renders a top-level page (an overview, search, open data) whose title
    /// is the interface string `title_key` and whose parent is the home page.
    pub(super) fn emit_top(&mut self, template: &str, url: &str, title_key: &str, ctx: Vars) {
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
    pub(super) fn emit(&mut self, template: &str, url: &str, meta: PageMeta, ctx: Vars) {
        let path = format!("{}index.html", url.trim_start_matches('/'));
        self.emit_file(template, &path, meta, ctx);
    }

    pub(super) fn put(&mut self, path: String, bytes: Vec<u8>) {
        if self.out.error.is_some() {
            return;
        }
        self.out.paths.push(path.clone());
        if let Err(e) = self.sink.put(OutputFile { path, bytes }) {
            self.out.error = Some(e);
        }
    }

    pub(super) fn emit_file(&mut self, template: &str, path: &str, meta: PageMeta, ctx: Vars) {
        let mut full = self.r.base.clone();
        full.extend(ctx.ctx);
        full.insert(
            "nav",
            &self
                .views
                .nav(&strip_base(&meta.url, &self.r.site.config.urls.base_path)),
        );
        full.insert("page", &meta);
        // The kind of page, for the body's `data-page` (tests and themes).
        full.insert("template", template.trim_end_matches(".html"));
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
                let d = crate::render::template_error(
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
pub(super) struct Vars {
    ctx: Context,
}

impl Vars {
    pub(super) fn insert<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
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
pub(super) fn any_derived(rows: &[Shared<StoryRow>]) -> bool {
    rows.iter()
        .any(|r| r.latest.as_ref().is_some_and(|l| l.derived))
}
