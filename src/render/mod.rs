//! Stage 3, render: the validated site becomes a list of output files.
//! Markdown is rendered first (collecting broken links), then every page's
//! context is built from [`context`] views and passed through its tera
//! template. Nothing is written here; see [`crate::write`].

pub mod charts;
pub mod context;
pub mod csp;
pub mod filters;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod outputs;
pub(crate) mod pages;
pub mod publish;
pub mod sanitize;
pub mod search;
pub mod theme;
pub mod url;

use crate::error::{Diagnostic, Diagnostics, Error, Position};
use crate::model::*;
use crate::write::{OutputFile, Sink};
use context::{LinkView, Views};
use i18n::Strings;
use markdown::{LinkContext, Rendered};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use tera::Tera;
use theme::Theme;

/// What rendering a site produced, besides the files it handed to the
/// sink: the warnings, the pages' search documents, and counts.
#[derive(Debug)]
pub struct RenderedSite {
    pub warnings: Diagnostics,
    pub search: Vec<search::SearchDoc>,
    /// HTML pages written.
    pub pages: usize,
    /// The path of every file of the site: what is not among them in an
    /// earlier output is gone.
    pub paths: Vec<String>,
    /// The files besides the pages (open government files, the theme's
    /// assets), made while the pages rendered; the caller writes them (see
    /// [`put_all`]).
    pub extra: Vec<OutputFile>,
}

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

/// See [`Hooks::first`].
pub type OnFirst<'a> = Box<dyn FnMut(&[String]) -> bool + 'a>;

/// How a build talks to `koers serve` while it runs.
pub struct Hooks<'a> {
    /// Hears of the files of the pages whose own content file changed, as
    /// soon as they are rendered; returning false stops the build.
    pub first: OnFirst<'a>,
    /// True when a newer change came in: the build stops early.
    pub interrupted: &'a (dyn Fn() -> bool + Sync),
}

/// What one language's last render left for the next one (`koers serve`):
/// each job's fingerprint, files and search documents, and the rendered
/// Markdown. A fresh cache renders everything.
#[derive(Default)]
pub struct RenderCache {
    /// False for a one-shot build: nothing is kept for a next render.
    keep: bool,
    /// What the output holds: each job's record, by the job's key. A job
    /// without a record is made again.
    jobs: HashMap<String, JobRecord>,
    /// The records of the last render, until the build they belong to
    /// succeeds as a whole (see [`RenderCache::commit`]).
    staged: Option<HashMap<String, JobRecord>>,
    markdown: MarkdownMemo,
    /// The compiled templates, by the hash of their sources.
    templates: Option<(u64, Tera)>,
}

impl RenderCache {
    pub fn new(keep: bool) -> Self {
        RenderCache {
            keep,
            ..RenderCache::default()
        }
    }

    /// The build whose render this was has succeeded (every language, and
    /// its files are written): the cache describes it from now on. Until
    /// then, and when the build fails or is interrupted, the cache keeps
    /// describing the output as it was.
    pub fn commit(&mut self) {
        if let Some(records) = self.staged.take() {
            self.jobs = records;
        }
    }
}

#[derive(Clone)]
struct JobRecord {
    fingerprint: u64,
    /// Shared, so that a record is cheap to keep in the next render's
    /// records.
    paths: Arc<Vec<String>>,
    search: Arc<Vec<search::SearchDoc>>,
    pages: usize,
    /// The content files the job's pages are made from themselves, with
    /// their hashes.
    own: Vec<(String, u64)>,
    /// The templates its pages were made with, and the hash of them (see
    /// [`Theme::template_hashes`]).
    templates: Vec<String>,
    templates_hash: u64,
    /// Its files were written outside a full render (the edited page,
    /// quick pages): what this record says of them no longer holds, and
    /// the job is made again. The rest of the record (which content files
    /// are its own) still tells whether it is the edited page.
    written_early: bool,
}

/// Renders every page of the site into `sink`, jobs in parallel. Jobs
/// whose inputs hash as in `cache` are skipped: their files are already
/// there. `hooks.first` is called with the files of the jobs whose own
/// content file changed, before anything else is rendered (the page an
/// author is looking at, for a quick reload); when it returns false, or
/// `hooks.interrupted` says so, rendering stops with [`Error::Interrupted`]
/// and `cache` keeps what it had.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    cache: &mut RenderCache,
    inputs: &pages::Inputs,
    hooks: &mut Hooks,
    progress: bool,
) -> Result<RenderedSite, Error> {
    let interrupted = hooks.interrupted;
    // Records of a build that did not finish describe nothing on disk.
    cache.staged = None;
    let start = &std::time::Instant::now();
    let strings = theme.strings(&site.config.language).map_err(content)?;
    let templates_hash = crate::fingerprint::hash_of(&theme.templates);
    // Compiled templates are known by their sources: kept whatever the
    // build's outcome.
    let tera = match &cache.templates {
        Some((h, tera)) if *h == templates_hash => tera,
        _ => {
            &cache
                .templates
                .insert((templates_hash, templates(theme).map_err(content)?))
                .1
        }
    };
    debug_time("templates", start);
    let base_path = url::base_path(&site.config.base_url);
    let mut diags = Diagnostics::new();
    let md = MarkdownCache::render_all(
        site,
        &base_path,
        &strings,
        &mut diags,
        &mut cache.markdown,
        inputs,
        !cache.keep,
    );
    if diags.has_errors() {
        return Err(content(diags));
    }
    debug_time("markdown", start);
    let renderer = pages::Renderer::new(site, &strings, tera, &md);
    let job_list = renderer.jobs();
    let fingerprints = renderer.fingerprints(&job_list, inputs);
    let jobs: Vec<(pages::Job, String, u64)> = job_list
        .into_iter()
        .zip(fingerprints)
        .map(|(j, fp)| (j, renderer.key(j), fp))
        .collect();
    debug_time("fingerprints", start);
    // A job is made again when what it shows changed, or a template it
    // was made with (or one that template uses).
    let template_hashes = theme.template_hashes();
    let templates_hash = |names: &[String]| -> u64 {
        let hashes: Vec<Option<&u64>> = names
            .iter()
            .map(|n| template_hashes.get(n.as_str()))
            .collect();
        crate::fingerprint::hash_of(&hashes)
    };
    let stale: Vec<usize> = (0..jobs.len())
        .filter(|&i| {
            let (_, key, fp) = &jobs[i];
            cache.jobs.get(key).is_none_or(|r| {
                r.written_early
                    || r.fingerprint != *fp
                    || r.templates_hash != templates_hash(&r.templates)
            })
        })
        .collect();
    let own = |job: pages::Job| -> Vec<(String, u64)> {
        renderer
            .own_sources(job)
            .into_iter()
            .map(|rel| {
                (
                    rel.to_string(),
                    inputs.sources.get(rel).copied().unwrap_or(0),
                )
            })
            .collect()
    };
    // The jobs whose own file changed go first.
    let changed_own = |i: &usize| {
        let (job, key, _) = &jobs[*i];
        let now = own(*job);
        !now.is_empty() && cache.jobs.get(key).is_some_and(|r| r.own != now)
    };
    let (urgent, rest): (Vec<usize>, Vec<usize>) = stale.iter().partition(|i| changed_own(i));
    use rayon::prelude::*;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let run = |list: &[usize]| -> Vec<(usize, pages::JobOut)> {
        list.par_iter()
            .map(|&i| {
                if interrupted() {
                    let out = pages::JobOut {
                        error: Some(Error::Interrupted),
                        ..Default::default()
                    };
                    return (i, out);
                }
                let t = std::time::Instant::now();
                let out = renderer.run(jobs[i].0, sink);
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if debug_jobs() {
                    let kind = jobs[i].0.kind_name();
                    eprintln!("job {kind} {}", t.elapsed().as_micros());
                }
                (i, out)
            })
            .collect()
    };
    if std::env::var_os("KOERS_DEBUG").is_some() {
        eprintln!(
            "koers:   {} jobs, {} stale, {} urgent",
            jobs.len(),
            stale.len(),
            urgent.len()
        );
    }
    let mut outs = run(&urgent);
    debug_time("urgent pages", start);
    if !urgent.is_empty() {
        if let Some(e) = outs.iter_mut().find_map(|(_, o)| o.error.take()) {
            return Err(e);
        }
        let paths: Vec<String> = outs.iter().flat_map(|(_, o)| o.paths.clone()).collect();
        // Their files may be written now, before the build is done: what
        // the cache says of them no longer holds.
        for &i in &urgent {
            if let Some(r) = cache.jobs.get_mut(&jobs[i].1) {
                r.written_early = true;
            }
        }
        if !(hooks.first)(&paths) {
            return Err(Error::Interrupted);
        }
    }
    // The open government files need only the model: they are made while
    // the pages render.
    let (rest_outs, extra) = rayon::join(
        || with_progress(progress, stale.len(), &done, || run(&rest)),
        || open_government(site, tera, theme),
    );
    outs.extend(rest_outs);
    let mut extra = extra.map_err(content)?;
    if interrupted() {
        return Err(Error::Interrupted);
    }
    let mut fresh: HashMap<usize, pages::JobOut> = HashMap::new();
    for (i, out) in outs {
        if let Some(e) = out.error {
            return Err(e);
        }
        fresh.insert(i, out);
    }
    let mut rendered = RenderedSite {
        warnings: diags,
        search: Vec::new(),
        pages: 0,
        paths: Vec::new(),
        extra: Vec::new(),
    };
    let mut records = HashMap::new();
    for (i, (job, key, fp)) in jobs.iter().enumerate() {
        let record = match fresh.remove(&i) {
            Some(out) => {
                rendered.warnings.extend(out.diags);
                JobRecord {
                    fingerprint: *fp,
                    paths: Arc::new(out.paths),
                    search: Arc::new(out.search),
                    pages: out.pages,
                    own: own(*job),
                    templates_hash: templates_hash(&out.templates),
                    templates: out.templates,
                    written_early: false,
                }
            }
            None => match cache.jobs.get(key) {
                Some(r) => r.clone(),
                None => continue,
            },
        };
        rendered.pages += record.pages;
        if cache.keep {
            rendered.search.extend(record.search.iter().cloned());
            rendered.paths.extend(record.paths.iter().cloned());
            records.insert(key.clone(), record);
        } else {
            // A one-shot build keeps nothing: move, do not copy.
            rendered.search.append(&mut unshared(record.search));
            rendered.paths.append(&mut unshared(record.paths));
        }
    }
    // In file and line order, however the texts were rendered.
    rendered.warnings.sort();
    if rendered.warnings.has_errors() {
        // The cache keeps describing the last good output.
        return Err(content(rendered.warnings));
    }
    if cache.keep {
        cache.staged = Some(records);
    }
    debug_time("pages", start);
    for (rel, bytes) in &theme.assets {
        extra.push(OutputFile {
            path: format!("assets/{rel}"),
            bytes: bytes.clone(),
        });
    }
    rendered.paths.extend(extra.iter().map(|f| f.path.clone()));
    rendered.extra = extra;
    renderer.free_later();
    Ok(rendered)
}

/// How Markdown of `site` links: to its pages and assets, under these
/// base paths.
fn link_context<'a>(
    site: &'a Site,
    base_path: &'a str,
    asset_path: &'a str,
    strings: &'a Strings,
) -> LinkContext<'a> {
    LinkContext {
        urls: &site.urls,
        assets: &site.assets,
        base_path,
        asset_path,
        strings,
        content_root: &site.content_root,
        chart_points: site.config.chart_points,
        lint: &site.config.lint,
        html: &site.config.html,
    }
}

/// A page job of a quick rebuild (see [`render_alone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alone {
    /// The story at this position.
    Story(usize),
    /// A publication (at the first position) with an edited chapter (at
    /// the second).
    Chapter(usize, usize),
    /// The page at this position.
    Page(usize),
}

/// Renders the pages of `what` into `sink` on their own, with the
/// templates and Markdown `cache` kept of the last render, and returns
/// their files. For `koers serve`: the pages of the files an author just
/// saved, before the rest of the site is rebuilt. None when they cannot
/// be made alone (no templates cached, or they changed; the edited
/// Markdown has errors): the full rebuild makes them then.
pub fn render_alone(
    site: &Site,
    what: &[Alone],
    theme: &Theme,
    sink: &dyn Sink,
    cache: &mut RenderCache,
) -> Option<Vec<String>> {
    let strings = theme.strings(&site.config.language).ok()?;
    let tera = match &cache.templates {
        Some((hash, tera)) if *hash == crate::fingerprint::hash_of(&theme.templates) => tera,
        _ => return None,
    };
    let base_path = url::base_path(&site.config.base_url);
    let asset_path = url::base_path(&site.config.root_url);
    let ctx = link_context(site, &base_path, &asset_path, &strings);
    let mut diags = Diagnostics::new();
    let mut newer = HashMap::new();
    let mut jobs = Vec::new();
    for a in what {
        let (key, text, job) = match *a {
            Alone::Story(i) => {
                let s = site.stories.get(i)?;
                (
                    format!("story:{}", s.id),
                    &s.body,
                    pages::Job::named("story", i)?,
                )
            }
            Alone::Chapter(p, c) => {
                let publication = site.publications.get(p)?;
                let chapter = publication.chapters.get(c)?;
                let key = format!("chapter:{}:{}", publication.slug, chapter.slug);
                (key, &chapter.body, pages::Job::named("publication", p)?)
            }
            Alone::Page(i) => {
                let p = site.pages.get(i)?;
                (
                    format!("page:{}", p.slug),
                    &p.body,
                    pages::Job::named("page", i)?,
                )
            }
        };
        let r = markdown::render(text, &ctx, &markdown::Scope::default(), &mut diags);
        newer.insert(key, Arc::new(r));
        if !jobs.contains(&job) {
            jobs.push(job);
        }
    }
    if diags.has_errors() {
        return None;
    }
    let md = MarkdownCache {
        memo: &cache.markdown,
        newer,
        deferred: None,
    };
    let renderer = pages::Renderer::new(site, &strings, tera, &md);
    let mut paths = Vec::new();
    for &job in &jobs {
        let out = renderer.run(job, sink);
        if out.error.is_some() || out.diags.has_errors() {
            return None;
        }
        paths.extend(out.paths);
    }
    // Their files are written outside a full render: what the cache says
    // of them no longer holds, and the next render makes them again (as
    // the edited page, first).
    for job in jobs {
        if let Some(r) = cache.jobs.get_mut(&renderer.key(job)) {
            r.written_early = true;
        }
    }
    Some(paths)
}

/// The vector in `a`: moved out when nothing else holds it, else copied.
fn unshared<T: Clone>(a: Arc<Vec<T>>) -> Vec<T> {
    Arc::try_unwrap(a).unwrap_or_else(|a| a.to_vec())
}

/// Runs `work`; when `show` is set and it takes more than a second, shows
/// on one line of the terminal how many of `total` page jobs are `done`,
/// and clears that line at the end.
fn with_progress<T: Send>(
    show: bool,
    total: usize,
    done: &std::sync::atomic::AtomicUsize,
    work: impl FnOnce() -> T + Send,
) -> T {
    use std::sync::atomic::{AtomicBool, Ordering};
    if !show {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let ticker = scope.spawn(|| {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if start.elapsed() > std::time::Duration::from_secs(1) {
                    eprint!("\r{}", progress_line(done.load(Ordering::Relaxed), total));
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[K");
            }
        });
        /// Stops the ticker also when `work` panics.
        struct Finished<'a>(&'a AtomicBool);
        impl Drop for Finished<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let result = {
            let _finished = Finished(&finished);
            work()
        };
        let _ = ticker.join();
        result
    })
}

/// `koers: rendering pages 1200/5000 (24 %)`.
fn progress_line(done: usize, total: usize) -> String {
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    format!("koers: rendering pages {done}/{total} ({percent} %)")
}

/// KOERS_DEBUG_JOBS set: print each job's time (`job <kind> <µs>`).
fn debug_jobs() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("KOERS_DEBUG_JOBS").is_some())
}

/// Drops `value` on a thread of its own: freeing the millions of small
/// allocations of a large site's model and page values takes a core a
/// few hundred milliseconds that the build (or, at its end, the process
/// exit) need not wait for. Dropped here when no thread can be started.
pub(crate) fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("koers-free".into())
        .spawn(move || drop(value));
}

/// With KOERS_DEBUG set: how long since `start`, and the memory in use.
pub(crate) fn debug_time(name: &str, start: &std::time::Instant) {
    if std::env::var_os("KOERS_DEBUG").is_some() {
        eprintln!(
            "koers:     {name} at {} ms{}",
            start.elapsed().as_millis(),
            resident_memory()
        );
    }
}

/// ", 123 MiB resident" where the system tells (Linux), else nothing.
pub(crate) fn resident_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.map_or(String::new(), |k| format!(", {} MiB resident", k / 1024))
}

fn content(mut d: Diagnostics) -> Error {
    d.sort();
    Error::Content(d)
}

/// Renders only the Markdown of the site, for its diagnostics.
pub fn check_markdown(site: &Site, strings: &Strings) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let views = Views::new(site, strings);
    let sources = HashMap::new();
    let inputs = pages::Inputs::new(&sources, 0);
    MarkdownCache::render_all(
        site,
        &views.base_path,
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
fn open_government(
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
fn templates(theme: &Theme) -> Result<Tera, Diagnostics> {
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
    memo: &'m MarkdownMemo,
    /// Texts rendered since, in place of the memo's.
    newer: HashMap<String, Arc<Rendered>>,
    /// Texts left to the one page that shows them (see
    /// [`MarkdownCache::render_all`]), and how to render them.
    deferred: Option<Deferred<'m>>,
}

/// The stories' texts of a build that keeps nothing: each is shown by its
/// own page only, so that page's job renders it, and the text goes to the
/// search index without a copy staying in the memo (at 10 000 stories the
/// memo would hold 130 MiB of them until the build ends).
struct Deferred<'m> {
    texts: HashMap<String, &'m Markdown>,
    site: &'m Site,
    base_path: &'m str,
    asset_path: String,
    strings: &'m Strings,
}

impl Deferred<'_> {
    fn render(&self, md: &Markdown, diags: &mut Diagnostics) -> Rendered {
        let ctx = link_context(self.site, self.base_path, &self.asset_path, self.strings);
        markdown::render(md, &ctx, &markdown::Scope::default(), diags)
    }
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
    fn render_all(
        site: &'m Site,
        base_path: &'m str,
        strings: &'m Strings,
        diags: &mut Diagnostics,
        memo: &'m mut MarkdownMemo,
        inputs: &pages::Inputs,
        defer_stories: bool,
    ) -> Self {
        let asset_path = url::base_path(&site.config.root_url);
        let ctx = link_context(site, base_path, &asset_path, strings);
        // Gather every text first, then render them in parallel.
        let mut jobs: Vec<(String, &'m Markdown, markdown::Scope)> = Vec::new();
        let main = markdown::Scope::default();
        let mut add_scoped = |key: String, md: &'m Markdown, scope: &markdown::Scope| {
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
        let mut deferred: HashMap<String, &'m Markdown> = HashMap::new();
        for s in &site.stories {
            if defer_stories {
                deferred.insert(format!("story:{}", s.id), &s.body);
            } else {
                add_scoped(format!("story:{}", s.id), &s.body, &main);
            }
        }
        for p in &site.pages {
            add_scoped(format!("page:{}", p.slug), &p.body, &main);
        }
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
        let rendered: Vec<(String, u64, Arc<Rendered>, Diagnostics)> = jobs
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
        let deferred = (!deferred.is_empty()).then(|| Deferred {
            texts: deferred,
            site,
            base_path,
            asset_path: asset_path.clone(),
            strings,
        });
        if let Some(left) = deferred.as_ref().filter(|_| diags.has_errors()) {
            let found: Vec<Diagnostics> = left
                .texts
                .par_iter()
                .map(|(_, md)| {
                    let mut d = Diagnostics::new();
                    left.render(md, &mut d);
                    d
                })
                .collect();
            found.into_iter().for_each(|d| diags.extend(d));
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_progress_line_counts_pages() {
        assert_eq!(
            super::progress_line(1200, 5000),
            "koers: rendering pages 1200/5000 (24 %)"
        );
        assert_eq!(
            super::progress_line(0, 0),
            "koers: rendering pages 0/0 (100 %)"
        );
    }
}
