//! Stage 3, render: the validated site becomes a list of output files.
//! Markdown is rendered first (collecting broken links), then every page's
//! context is built from [`context`] views and passed through its tera
//! template. Nothing is written here; see [`crate::write`].

mod brand;
pub mod charts;
pub mod context;
pub mod csp;
mod data_table_files;
pub mod filters;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod outputs;
pub(crate) mod pages;
pub mod publish;
pub mod sanitize;
pub mod search;
pub(crate) mod table_data;
pub mod theme;

use crate::error::{Diagnostic, Diagnostics, Error, Position};
use crate::model::*;
use crate::write::{OutputFile, Sink};
use context::LinkView;
use i18n::Strings;
use markdown::{LinkContext, Rendered};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use tera::Tera;
use theme::Theme;

/// Hands `files` to `sink`, in parallel.
pub fn put_all(files: Vec<OutputFile>, sink: &dyn Sink) -> Result<(), Error> {
    use rayon::prelude::*;
    files.into_par_iter().try_for_each(|f| sink.put(f))
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
    /// The page the data stands on, for a table written on a page.
    pub source: Option<context::LinkView>,
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
pub(crate) fn language_name(code: &str) -> String {
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

/// Renders the jobs at positions `which` of `jobs` into `sink`, in
/// parallel; each job's files go to `sink` as soon as they are made. A job
/// not yet started when `interrupt` is set ends with
/// [`Error::Interrupted`]. `done` counts the jobs finished (for a progress
/// line).
pub(crate) fn run_jobs(
    renderer: &pages::Renderer,
    jobs: &[pages::Job],
    which: &[usize],
    sink: &dyn Sink,
    interrupt: &AtomicBool,
    done: &AtomicUsize,
) -> Vec<(usize, pages::JobOut)> {
    use rayon::prelude::*;
    which
        .par_iter()
        .map(|&i| {
            if interrupt.load(Ordering::Relaxed) {
                let out = pages::JobOut {
                    error: Some(Error::Interrupted),
                    ..Default::default()
                };
                return (i, out);
            }
            let t = std::time::Instant::now();
            let out = renderer.run(jobs[i], sink);
            done.fetch_add(1, Ordering::Relaxed);
            if crate::trace::debug_jobs() {
                let kind = jobs[i].kind_name();
                eprintln!("job {kind} {}", t.elapsed().as_micros());
            }
            (i, out)
        })
        .collect()
}

/// The files besides the pages: the open government files (sitemaps,
/// robots.txt, feed, metadata, datasets, redirects) and the theme's
/// assets. They need only the model, so they are made while the pages
/// render.
pub(crate) fn other_files(
    site: &Site,
    tera: &Tera,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Error> {
    let mut files = open_government_files(site, tera, theme).map_err(content)?;
    let brand = brand::stylesheet(site.config.brand.as_ref());
    for (rel, bytes) in &theme.assets {
        let path = format!("assets/{rel}");
        // The brand's stylesheet takes the place of a theme file of its name.
        if brand.as_ref().is_some_and(|b| b.path == path) {
            continue;
        }
        files.push(OutputFile {
            path,
            bytes: bytes.clone(),
        });
    }
    files.extend(brand);
    Ok(files)
}

/// How Markdown of `site` links: to its pages and assets, under these
/// base paths.
pub(crate) fn link_context<'a>(site: &'a Site, strings: &'a Strings) -> LinkContext<'a> {
    LinkContext {
        urls: &site.urls,
        assets: &site.assets,
        base_path: &site.config.urls.base_path,
        asset_path: &site.config.urls.root_path,
        strings,
        content_root: &site.content_root,
        chart_points: site.config.chart_points,
        lint: &site.config.lint,
        html: &site.config.html,
    }
}

pub(crate) fn content(mut d: Diagnostics) -> Error {
    d.sort();
    Error::Content(d)
}

/// Renders only the Markdown of the site, for its diagnostics.
pub fn check_markdown(site: &Site, strings: &Strings) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let sources = HashMap::new();
    let inputs = pages::Inputs::new(&sources, 0);
    MarkdownCache::render_all(
        site,
        strings,
        &mut diags,
        &mut MarkdownMemo::new(),
        &inputs,
        false,
    );
    diags
}

/// The machine-readable files: sitemaps, robots.txt, feed, metadata,
/// datasets and redirects; those not made of data come from the theme's
/// templates (see [`outputs`]).
fn open_government_files(
    site: &Site,
    tera: &Tera,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut out = outputs::Outputs::new(site, tera, theme);
    let mut files = Vec::new();
    for r in pages::redirects(site) {
        for old in r.from {
            files.extend(out.redirect(old, r.to, r.title));
        }
    }
    for p in &site.publications {
        files.push(publish::metadata_json(site, p));
        files.extend(out.metadata(p));
    }
    let urls: Vec<String> = pages::page_urls(site)
        .into_iter()
        .filter(|u| u.ends_with('/'))
        .collect();
    files.extend(out.sitemaps(&urls));
    files.extend(out.robots());
    files.extend(out.feed());
    files.extend(publish::datasets(site, DATA_URL.trim_start_matches('/')));
    let diags = out.finish();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// The URLs of the pages and files koers may make on a site of this
/// configuration, with what each is: no content file may take one (see
/// the validate stage).
pub fn generated_urls(config: &crate::model::SiteConfig) -> Vec<(String, &'static str)> {
    let mut urls = pages::reserved_urls(config);
    urls.extend(outputs::FILES.iter().map(|(u, w)| (u.to_string(), *w)));
    urls
}

/// The URLs of the pages and files koers makes for this site: those of
/// the kinds it has content of, and the machine-readable files.
pub fn site_generated_urls(site: &Site) -> Vec<String> {
    let mut urls = pages::page_urls(site);
    urls.extend(outputs::FILES.iter().map(|(u, _)| u.to_string()));
    urls
}

/// The index of published documents with their Woo metadata.
pub const DOCUMENTS_URL: &str = "/openbaar/";
/// The search page.
pub const SEARCH_URL: &str = "/zoeken/";
/// The open data page and the folder of the site-wide datasets.
pub const DATA_URL: &str = "/open-data/";

/// Compiles the theme's templates once, with autoescaping for HTML and XML
/// (`robots.txt` is plain text and left as it is).
pub(crate) fn templates(theme: &Theme) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // The five characters HTML and XML need escaped; tera's own escaping
    // also writes `/` as `&#x2F;`, which only makes URLs longer.
    tera.set_escape_fn(crate::escape::escape_into);
    filters::register(&mut tera);
    let list: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    tera.add_raw_templates(list).map_err(|e| {
        let mut d = Diagnostics::new();
        d.push(
            template_error(
                &e,
                |name| theme.template_file(name),
                &format!("{} (templates)", theme.origin),
                "",
            )
            .with_help("fix the template syntax; see docs/templates.md"),
        );
        d
    })?;
    Ok(tera)
}

/// A tera error as a diagnostic: at the template file, line and column it
/// points into (`file_of` finds the file of a template name), or at
/// `elsewhere` with tera's whole message. `before` starts the message.
pub(crate) fn template_error(
    e: &tera::Error,
    file_of: impl Fn(&str) -> String,
    elsewhere: &str,
    before: &str,
) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r)
            if !r.filename().is_empty() =>
        {
            let span = r.span();
            Diagnostic::error(
                file_of(r.filename()),
                Position::new(span.start_line, span.start_col + 1),
                format!("{before}{}", r.message()),
            )
        }
        _ => Diagnostic::error(
            elsewhere,
            Position::default(),
            format!("{before}{}", tera_message(e)),
        ),
    }
}

/// Tera nests the real cause; show the whole chain on one line.
pub(crate) fn tera_message(e: &tera::Error) -> String {
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
pub(crate) struct MarkdownCache<'m> {
    pub(crate) memo: &'m MarkdownMemo,
    /// Texts rendered since, in place of the memo's.
    pub(crate) newer: HashMap<String, Arc<Rendered>>,
    /// Texts left to the one page that shows them (see
    /// [`MarkdownCache::render_all`]), and how to render them.
    pub(crate) deferred: Option<Deferred<'m>>,
}

/// The stories' texts of a build that keeps nothing: each is shown by its
/// own page only, so that page's job renders it, and the text goes to the
/// search index without a copy staying in the memo (at 10 000 stories the
/// memo would hold 130 MiB of them until the build ends).
pub(crate) struct Deferred<'m> {
    texts: HashMap<String, &'m Markdown>,
    site: &'m Site,
    strings: &'m Strings,
}

impl Deferred<'_> {
    fn render(&self, md: &Markdown, diags: &mut Diagnostics) -> Rendered {
        let ctx = link_context(self.site, self.strings);
        markdown::render(md, &ctx, &markdown::Scope::default(), diags)
    }
}

impl Deferred<'_> {
    /// The problems of every deferred text (rendered for them alone).
    fn problems(&self) -> Diagnostics {
        use rayon::prelude::*;
        let found: Vec<Diagnostics> = self
            .texts
            .par_iter()
            .map(|(_, md)| {
                let mut d = Diagnostics::new();
                self.render(md, &mut d);
                d
            })
            .collect();
        let mut all = Diagnostics::new();
        found.into_iter().for_each(|d| all.extend(d));
        all
    }
}

/// The Markdown key of goal `goal`'s text in the report of publication
/// `slug`.
pub(crate) fn goal_entry_key(slug: &str, goal: &str) -> String {
    format!("goalentry:{slug}:{goal}")
}

/// A text of the site with its Markdown key and scope.
type Text<'m> = (String, &'m Markdown, markdown::Scope);

/// Every Markdown text of `site` with its key and scope; with
/// `defer_stories`, the stories' texts apart (see
/// [`MarkdownCache::render_all`]).
fn site_texts(site: &Site, defer_stories: bool) -> (Vec<Text<'_>>, HashMap<String, &Markdown>) {
    let mut texts: Vec<Text> = Vec::new();
    let main = markdown::Scope::default();
    let mut add = |key: String, md, scope: &markdown::Scope| texts.push((key, md, scope.clone()));
    for p in &site.publications {
        add(format!("pub:{}", p.slug), &p.intro, &main);
        for c in &p.chapters {
            add(format!("chapter:{}:{}", p.slug, c.slug), &c.body, &main);
        }
        for e in p.rapportage.iter().flat_map(|r| &r.entries) {
            if let Some(text) = &e.text {
                // Entry texts share the report and story pages.
                let scope = markdown::Scope {
                    prefix: format!("{}-{}-", p.slug, e.story),
                    heading_offset: 2,
                };
                add(format!("entry:{}:{}", p.slug, e.story), text, &scope);
            }
        }
        for e in p.rapportage.iter().flat_map(|r| &r.goals) {
            if let Some(text) = &e.text {
                // Goal texts share the report and goal pages.
                let scope = markdown::Scope {
                    prefix: format!("{}-doel-{}-", p.slug, e.goal),
                    heading_offset: 2,
                };
                add(goal_entry_key(&p.slug, &e.goal), text, &scope);
            }
        }
    }
    for t in &site.themas {
        add(format!("thema:{}", t.id), &t.body, &main);
    }
    for s in &site.scenarios {
        add(format!("scenario:{}", s.slug), &s.body, &main);
    }
    let mut deferred = HashMap::new();
    for s in &site.stories {
        if defer_stories {
            deferred.insert(format!("story:{}", s.id), &s.body);
        } else {
            add(format!("story:{}", s.id), &s.body, &main);
        }
    }
    for p in &site.pages {
        add(format!("page:{}", p.slug), &p.body, &main);
    }
    for g in &site.goals {
        if let Some(body) = &g.body {
            add(format!("goal:{}", g.id), body, &main);
        }
    }
    (texts, deferred)
}

/// Rendered Markdown kept between builds: key -> (fingerprint, result,
/// its diagnostics).
pub type MarkdownMemo = HashMap<String, (u64, Arc<Rendered>, Diagnostics)>;

impl<'m> MarkdownCache<'m> {
    /// Renders every text of the site that `memo` does not have as it is
    /// now, and keeps them all in `memo`.
    ///
    /// With `defer_stories` (a build that keeps nothing for the next) the
    /// stories' texts are left to their pages ([`MarkdownCache::rendered`]);
    /// when another text has errors they are rendered here all the same,
    /// so that a build reports every error at once.
    pub(crate) fn render_all(
        site: &'m Site,
        strings: &'m Strings,
        diags: &mut Diagnostics,
        memo: &'m mut MarkdownMemo,
        inputs: &pages::Inputs,
        defer_stories: bool,
    ) -> Self {
        let ctx = link_context(site, strings);
        let (texts, deferred) = site_texts(site, defer_stories);
        use rayon::prelude::*;
        // A text is known by its file's hash and its place in the file.
        let fingerprint = |key: &str, md: &Markdown| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            let source = inputs.sources.get(&md.rel);
            (inputs.global, key, source, md.line, &md.lang, md.text.len()).hash(&mut h);
            if source.is_none() {
                md.text.hash(&mut h);
            }
            h.finish()
        };
        let previous = std::mem::take(memo);
        let rendered: Vec<(String, u64, Arc<Rendered>, Diagnostics)> = texts
            .into_par_iter()
            .map(|(key, md, scope)| {
                let fp = fingerprint(&key, md);
                if let Some((old, r, d)) = previous.get(&key).filter(|(old, _, _)| *old == fp) {
                    return (key, *old, r.clone(), d.clone());
                }
                let mut d = Diagnostics::new();
                let r = markdown::render(md, &ctx, &scope, &mut d);
                (key, fp, Arc::new(r), d)
            })
            .collect();
        for (key, fp, r, d) in rendered {
            diags.extend(d.clone());
            memo.insert(key, (fp, r, d));
        }
        let deferred = (!deferred.is_empty()).then_some(Deferred {
            texts: deferred,
            site,
            strings,
        });
        if let Some(left) = deferred.as_ref().filter(|_| diags.has_errors()) {
            diags.extend(left.problems());
        }
        MarkdownCache {
            memo,
            newer: HashMap::new(),
            deferred,
        }
    }

    pub(crate) fn get(&self, key: &str) -> Rendered {
        self.newer
            .get(key)
            .or_else(|| self.memo.get(key).map(|(_, r, _)| r))
            .map(|r| Rendered::clone(r))
            .unwrap_or_default()
    }

    /// The text under `key`: from the memo, or rendered now when it was
    /// left to its page (with its problems in `diags`).
    pub(crate) fn rendered(&self, key: &str, diags: &mut Diagnostics) -> Rendered {
        match self
            .deferred
            .as_ref()
            .and_then(|d| Some((d, *d.texts.get(key)?)))
        {
            Some((deferred, md)) => deferred.render(md, diags),
            None => self.get(key),
        }
    }
}
