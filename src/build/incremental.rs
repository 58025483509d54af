//! The incremental bookkeeping: what a build keeps for the next one in
//! the same process (`koers serve`), and what it tells the next one to
//! make again. Only the pipeline ([`super`]) and `serve` use it; the
//! render stage gets its results as plain inputs (a list of jobs to run,
//! the Markdown kept from the last build).
//!
//! Each job of a build has a record: its fingerprint, the files it wrote,
//! its search documents and the templates it used. A job is made again
//! when its fingerprint or one of its templates changed; a job whose own
//! content file changed goes first (the page an author is looking at).

use crate::error::{Diagnostics, Error, Result};
use crate::load;
use crate::model::Site;
use crate::render::pages::{self, JobOut, PlannedJob};
use crate::render::search::SearchDoc;
use crate::render::{self, markdown, theme::Theme, MarkdownCache, MarkdownMemo};
use crate::validate;
use crate::write::Sink;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Tera;

/// What a build keeps for the next one in the same process: the parsed
/// content files and each language's render cache. A fresh cache builds
/// everything.
pub struct BuildCache {
    pub(super) load: load::LoadCache,
    render: HashMap<String, RenderCache>,
    keep: bool,
    /// The last good build's model of the default language, for
    /// [`quick_pages`]; None after a failed build.
    pub(super) last: Option<Last>,
}

/// The last good build, as far as quick pages need it.
pub(super) struct Last {
    pub site: Site,
    pub theme: Theme,
    pub patcher: validate::Patcher,
    /// The content folder, as given and canonical.
    pub content: PathBuf,
    pub canonical: PathBuf,
    pub shown_base: PathBuf,
    pub default_lang: String,
}

impl Default for BuildCache {
    fn default() -> Self {
        BuildCache {
            load: load::LoadCache::default(),
            render: HashMap::new(),
            keep: true,
            last: None,
        }
    }
}

impl BuildCache {
    /// For a single build: keeps nothing for a next one.
    pub fn once() -> Self {
        BuildCache {
            load: load::LoadCache::none(),
            render: HashMap::new(),
            keep: false,
            last: None,
        }
    }

    /// True when the build keeps its model for quick pages.
    pub(super) fn keeps(&self) -> bool {
        self.keep
    }

    /// The render cache of one language.
    pub(super) fn render_cache(&mut self, lang: &str) -> &mut RenderCache {
        let keep = self.keep;
        self.render
            .entry(lang.to_string())
            .or_insert_with(|| RenderCache::new(keep))
    }

    /// The files of the last [`compile`](super::compile) are written: from
    /// now on the cache describes them. Without this (a build that failed,
    /// was interrupted, or whose files were not written), the next build
    /// renders again whatever changed since the last committed one.
    pub fn commit(&mut self) {
        for cache in self.render.values_mut() {
            cache.records.commit();
        }
    }
}

/// What one language's last render left for the next one: the compiled
/// templates, the rendered Markdown, and each job's record. The pipeline
/// borrows the three apart.
pub(crate) struct RenderCache {
    pub templates: TemplateCache,
    pub markdown: MarkdownMemo,
    pub records: JobRecords,
}

impl RenderCache {
    fn new(keep: bool) -> Self {
        RenderCache {
            templates: TemplateCache::default(),
            markdown: MarkdownMemo::default(),
            records: JobRecords {
                keep,
                ..JobRecords::default()
            },
        }
    }
}

/// The theme's templates, compiled, known by the hash of their sources:
/// kept whatever a build's outcome.
#[derive(Default)]
pub(crate) struct TemplateCache {
    compiled: Option<(u64, Tera)>,
}

impl TemplateCache {
    /// The theme's templates, compiled now unless they are as last time.
    pub fn get(&mut self, theme: &Theme) -> Result<&Tera> {
        let hash = crate::fingerprint::hash_of(&theme.templates);
        if !matches!(&self.compiled, Some((h, _)) if *h == hash) {
            let tera = render::templates(theme).map_err(render::content)?;
            self.compiled = Some((hash, tera));
        }
        self.current(theme)
            .ok_or_else(|| Error::Other("templates were not compiled".into()))
    }

    /// The compiled templates, if they are of the theme as it is now.
    fn current(&self, theme: &Theme) -> Option<&Tera> {
        let hash = crate::fingerprint::hash_of(&theme.templates);
        match &self.compiled {
            Some((h, tera)) if *h == hash => Some(tera),
            _ => None,
        }
    }
}

/// Each job's record, by the job's key.
#[derive(Default)]
pub(crate) struct JobRecords {
    /// False for a one-shot build: nothing is kept for a next render.
    keep: bool,
    /// What the output holds. A job without a record is made again.
    jobs: HashMap<String, JobRecord>,
    /// The records of the last render, until the build they belong to
    /// succeeds as a whole (see [`JobRecords::commit`]).
    staged: Option<HashMap<String, JobRecord>>,
}

#[derive(Clone)]
struct JobRecord {
    fingerprint: u64,
    /// Shared, so that a record is cheap to keep in the next render's
    /// records.
    paths: Arc<Vec<String>>,
    search: Arc<Vec<SearchDoc>>,
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

/// The jobs to run, by position in the plan: those whose own content file
/// changed first.
pub(crate) struct Stale {
    pub urgent: Vec<usize>,
    pub rest: Vec<usize>,
}

/// What rendering one language produced besides the files it handed to
/// the sink: the warnings, the pages' search documents, and counts.
pub(crate) struct RenderedSite {
    pub warnings: Diagnostics,
    pub search: Vec<SearchDoc>,
    /// HTML pages made (or kept from the last build).
    pub pages: usize,
    /// The path of every file of the site: what is not among them in an
    /// earlier output is gone.
    pub paths: Vec<String>,
}

/// The hash of each template of the theme as it is now, with those it
/// uses (see [`Theme::template_hashes`]); made once per render.
pub(crate) struct TemplateHashes<'t>(std::collections::BTreeMap<&'t str, u64>);

impl<'t> TemplateHashes<'t> {
    pub fn of(theme: &'t Theme) -> Self {
        TemplateHashes(theme.template_hashes())
    }

    /// The hash of the templates `names`.
    fn of_names(&self, names: &[String]) -> u64 {
        let list: Vec<Option<&u64>> = names.iter().map(|n| self.0.get(n.as_str())).collect();
        crate::fingerprint::hash_of(&list)
    }
}

impl JobRecords {
    /// True when a one-shot build keeps nothing for the next.
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// Forgets the records of a render that did not finish: they describe
    /// nothing on disk.
    pub fn begin(&mut self) {
        self.staged = None;
    }

    /// The jobs of `plan` that must be made: what they show changed, or a
    /// template they were made with (or one that template uses).
    pub fn stale(&self, plan: &[PlannedJob], templates: &TemplateHashes) -> Stale {
        let (urgent, rest) = (0..plan.len())
            .filter(|&i| {
                let p = &plan[i];
                self.jobs.get(&p.key).is_none_or(|r| {
                    r.written_early
                        || r.fingerprint != p.fingerprint
                        || r.templates_hash != templates.of_names(&r.templates)
                })
            })
            .partition(|&i| {
                let p = &plan[i];
                !p.own.is_empty() && self.jobs.get(&p.key).is_some_and(|r| r.own != p.own)
            });
        Stale { urgent, rest }
    }

    /// The files of these jobs were written before the build is done: what
    /// their records say of them no longer holds.
    pub fn written_early<'k>(&mut self, keys: impl IntoIterator<Item = &'k str>) {
        for key in keys {
            if let Some(r) = self.jobs.get_mut(key) {
                r.written_early = true;
            }
        }
    }

    /// The site as rendered: the `fresh` outcomes of the jobs that ran,
    /// and the records of those that did not. The new records are staged
    /// until [`JobRecords::commit`]. Fails with the first job's error, or
    /// with the content problems the pages found (`warnings` holds those
    /// found before).
    pub fn record(
        &mut self,
        plan: &[PlannedJob],
        fresh: Vec<(usize, JobOut)>,
        warnings: Diagnostics,
        templates: &TemplateHashes,
    ) -> Result<RenderedSite> {
        let mut fresh: HashMap<usize, JobOut> = fresh.into_iter().collect();
        if let Some(e) = fresh.values_mut().find_map(|o| o.error.take()) {
            return Err(e);
        }
        let mut rendered = RenderedSite {
            warnings,
            search: Vec::new(),
            pages: 0,
            paths: Vec::new(),
        };
        let mut records = HashMap::new();
        for (i, p) in plan.iter().enumerate() {
            let record = match fresh.remove(&i) {
                Some(out) => {
                    rendered.warnings.extend(out.diags);
                    JobRecord {
                        fingerprint: p.fingerprint,
                        paths: Arc::new(out.paths),
                        search: Arc::new(out.search),
                        pages: out.pages,
                        own: p.own.clone(),
                        templates_hash: templates.of_names(&out.templates),
                        templates: out.templates,
                        written_early: false,
                    }
                }
                None => match self.jobs.get(&p.key) {
                    Some(r) => r.clone(),
                    None => continue,
                },
            };
            rendered.pages += record.pages;
            if self.keep {
                rendered.search.extend(record.search.iter().cloned());
                rendered.paths.extend(record.paths.iter().cloned());
                records.insert(p.key.clone(), record);
            } else {
                // A one-shot build keeps nothing: move, do not copy.
                rendered.search.append(&mut unshared(record.search));
                rendered.paths.append(&mut unshared(record.paths));
            }
        }
        // In file and line order, however the texts were rendered.
        rendered.warnings.sort();
        if rendered.warnings.has_errors() {
            // The records keep describing the last good output.
            return Err(render::content(rendered.warnings));
        }
        if self.keep {
            self.staged = Some(records);
        }
        Ok(rendered)
    }

    /// The build whose render this was has succeeded (every language, and
    /// its files are written): the records describe it from now on.
    fn commit(&mut self) {
        if let Some(records) = self.staged.take() {
            self.jobs = records;
        }
    }
}

/// The vector in `a`: moved out when nothing else holds it, else copied.
fn unshared<T: Clone>(a: Arc<Vec<T>>) -> Vec<T> {
    Arc::try_unwrap(a).unwrap_or_else(|a| a.to_vec())
}

/// A page of a quick rebuild: the content file an author saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alone {
    /// The story at this position.
    Story(usize),
    /// A publication (at the first position) with an edited chapter (at
    /// the second).
    Chapter(usize, usize),
    /// The page at this position.
    Page(usize),
}

/// For `koers serve`, before a rebuild: when the files in `changed` (the
/// paths a burst of file events named, those gone again among them) are
/// all stories, chapters or pages the last good build knows, edited in
/// ways that leave the rest of the site's structure as it was (see
/// `validate::Patcher`), renders their pages at once into `sink` and
/// returns their files (for a chapter: its publication's pages). The
/// full rebuild that follows makes the same pages again (and finds them
/// unchanged) and everything that shows them. None when the quick way does
/// not apply.
pub fn quick_pages(
    cache: &mut BuildCache,
    changed: &[PathBuf],
    sink: &dyn Sink,
) -> Option<Vec<String>> {
    let pages = patch_and_render(cache, changed, sink);
    if pages.is_none() {
        // The content changed in a way the model does not follow.
        cache.last = None;
    }
    pages
}

fn patch_and_render(
    cache: &mut BuildCache,
    changed: &[PathBuf],
    sink: &dyn Sink,
) -> Option<Vec<String>> {
    let last = cache.last.as_mut()?;
    if changed.is_empty() {
        return None;
    }
    let mut what = Vec::new();
    for path in changed {
        if let Some(alone) = patch(last, path, &cache.load)? {
            what.push(alone);
        }
    }
    if what.is_empty() {
        return None;
    }
    let render_cache = cache.render.get_mut(&last.default_lang)?;
    render_alone(&last.site, &what, &last.theme, sink, render_cache)
}

/// Patches the saved file `path` into the last build's model: the page it
/// makes, or `Some(None)` for a file that came and went within the burst;
/// None when the change is more than a quick page can show.
fn patch(last: &mut Last, path: &Path, load_cache: &load::LoadCache) -> Option<Option<Alone>> {
    let rel = path
        .strip_prefix(&last.canonical)
        .or_else(|_| path.strip_prefix(&last.content))
        .ok()?
        .to_str()?
        .replace('\\', "/");
    if !path.exists() {
        // Gone: a file or folder of the site changes more than a page;
        // anything else came and went within the burst (an editor's
        // temporary copy, renamed over the file it saved).
        return if knows(&last.site, &rel) {
            None
        } else {
            Some(None)
        };
    }
    let (root, base) = (&last.canonical, &last.shown_base);
    let parts: Vec<&str> = rel.split('/').collect();
    let alone = match parts.as_slice() {
        ["stories", _] => {
            let story = load::load_one(root, &rel, base, load_cache)?;
            Alone::Story(last.patcher.story(&mut last.site, &story)?)
        }
        ["publications", _, file] if *file != "index.md" => {
            let chapter = load::load_one(root, &rel, base, load_cache)?;
            let (p, c) = last.patcher.chapter(&mut last.site, &chapter)?;
            Alone::Chapter(p, c)
        }
        ["pages", _] => {
            let page = load::load_one(root, &rel, base, load_cache)?;
            Alone::Page(last.patcher.page(&mut last.site, &page)?)
        }
        _ => return None,
    };
    Some(Some(alone))
}

/// Whether `rel` (content-relative) is a file of `site`, or a folder with
/// files of it.
fn knows(site: &Site, rel: &str) -> bool {
    let folder = format!("{rel}/");
    rel == "site.yaml"
        || site
            .urls
            .keys()
            .chain(&site.assets)
            .any(|k| k == rel || k.starts_with(&folder))
}

/// The Markdown key, text and job of a quick page.
fn alone_job(site: &Site, a: Alone) -> Option<(String, &crate::model::Markdown, pages::Job)> {
    Some(match a {
        Alone::Story(i) => {
            let s = site.stories.get(i)?;
            let job = pages::Job::named("story", i)?;
            (format!("story:{}", s.id), &s.body, job)
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
    })
}

/// Renders the pages of `what` into `sink` on their own, with the
/// templates and Markdown `cache` kept of the last render, and returns
/// their files. None when they cannot be made alone (no templates cached,
/// or they changed; the edited Markdown has errors): the full rebuild
/// makes them then.
fn render_alone(
    site: &Site,
    what: &[Alone],
    theme: &Theme,
    sink: &dyn Sink,
    cache: &mut RenderCache,
) -> Option<Vec<String>> {
    let strings = theme.strings(&site.config.language).ok()?;
    let tera = cache.templates.current(theme)?;
    let ctx = render::link_context(site, &strings);
    let mut diags = Diagnostics::new();
    let mut newer = HashMap::new();
    let mut jobs = Vec::new();
    for a in what {
        let (key, text, job) = alone_job(site, *a)?;
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
    // Their files are written outside a full render: the next render
    // makes them again (as the edited page, first).
    let keys: Vec<String> = jobs.iter().map(|&j| renderer.key(j)).collect();
    cache.records.written_early(keys.iter().map(String::as_str));
    Some(paths)
}
