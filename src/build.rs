//! The pipeline, wired: load -> validate -> render -> write. `check` runs
//! every stage but the last.

use crate::error::{Diagnostics, Error, Result};
use crate::render::{self, theme::Theme};
use crate::validate::{self, Overrides};
use crate::write::{OutputFile, Sink};
use crate::{load, model::Site, write};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where to read and write, as given on the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    /// A theme folder; default: `themes/<theme of site.yaml>`.
    pub theme: Option<PathBuf>,
    pub output: PathBuf,
    pub base_url: Option<String>,
    /// Report each stage on stderr (for long builds on a terminal).
    pub progress: bool,
}

/// What a build or check did.
#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    /// The output folder, or None for a check.
    pub output: Option<PathBuf>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.warnings)?;
        let ms = self.elapsed.as_millis();
        match &self.output {
            Some(out) => write!(
                f,
                "Built {} pages ({} files) into {} in {ms} ms",
                self.pages,
                self.files,
                out.display()
            ),
            None => write!(
                f,
                "Checked: no errors; {} pages would be written ({ms} ms)",
                self.pages
            ),
        }
    }
}

/// What compiling produced besides the files: counts and warnings.
#[derive(Debug)]
pub struct Compiled {
    pub pages: usize,
    pub warnings: Diagnostics,
    /// Every output path of the site, for removing what is gone.
    pub paths: Vec<String>,
}

/// What a build keeps for the next one in the same process (`koers
/// serve`): the parsed content files and each language's render cache. A
/// fresh cache builds everything.
pub struct BuildCache {
    load: load::LoadCache,
    render: HashMap<String, render::RenderCache>,
    keep: bool,
    /// The last good build's model of the default language, for
    /// [`quick_story_page`]; None after a failed build.
    last: Option<Last>,
}

/// The last good build, as far as a quick story page needs it.
struct Last {
    site: Site,
    theme: Theme,
    patcher: validate::Patcher,
    /// The content folder, as given and canonical.
    content: PathBuf,
    canonical: PathBuf,
    shown_base: PathBuf,
    default_lang: String,
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

    fn render_cache(&mut self, lang: &str) -> &mut render::RenderCache {
        let keep = self.keep;
        self.render
            .entry(lang.to_string())
            .or_insert_with(|| render::RenderCache::new(keep))
    }
}

/// Loads, validates and renders the site into `sink`: once per language,
/// translations under `/<lang>/`, each with its search index. Returns the
/// default language's model. `first` hears of the files of pages whose own
/// content file changed, as soon as they are rendered; returning false
/// stops the build (see [`render::render_site`]).
pub fn compile(
    opts: &BuildOptions,
    sink: &dyn Sink,
    cache: &mut BuildCache,
    hooks: &mut render::Hooks,
) -> Result<(Site, Compiled)> {
    let result = compile_all(opts, sink, cache, hooks);
    // A failed build leaves no model for quick pages (the content is not
    // what it describes); an interrupted one leaves the last good one and
    // the quick pages patched into it since.
    if matches!(&result, Err(e) if !matches!(e, Error::Interrupted)) {
        cache.last = None;
    }
    result
}

impl BuildCache {
    /// The files of the last [`compile`] are written: from now on the cache
    /// describes them. Without this (a build that failed, was interrupted,
    /// or whose files were not written), the next build renders again
    /// whatever changed since the last committed one.
    pub fn commit(&mut self) {
        for cache in self.render.values_mut() {
            cache.commit();
        }
    }
}

fn compile_all(
    opts: &BuildOptions,
    sink: &dyn Sink,
    cache: &mut BuildCache,
    hooks: &mut render::Hooks,
) -> Result<(Site, Compiled)> {
    if !opts.content.is_dir() {
        return Err(Error::Other(format!(
            "the content folder {} does not exist; pass --content DIR or create one with `koers init`",
            opts.content.display()
        )));
    }
    let start = Instant::now();
    let shown_base = std::env::current_dir().unwrap_or_default();
    let content = opts
        .content
        .canonicalize()
        .map_err(|e| Error::io(&opts.content, e))?;
    let loaded = load::load_language(&content, &shown_base, None, &cache.load).map_err(sorted)?;
    let languages = load::languages(&loaded.site.input);
    let theme_name = loaded
        .site
        .input
        .theme
        .clone()
        .unwrap_or_else(|| "default".to_string());
    let theme = Theme::load(opts.theme.as_deref(), &theme_name, &opts.content)?;
    stage(opts, "loaded the content", &start);
    if (hooks.interrupted)() {
        return Err(Error::Interrupted);
    }
    let default = languages.first().cloned().unwrap_or_default();
    let (site, mut compiled, patcher) = compile_language(
        loaded,
        &theme,
        opts,
        None,
        sink,
        cache.render_cache(&default),
        hooks,
    )?;
    stage(opts, "rendered and indexed", &start);
    for lang in languages.iter().skip(1) {
        let loaded =
            load::load_language(&content, &shown_base, Some(lang), &cache.load).map_err(sorted)?;
        let prefix = format!("{lang}/");
        let translated = Translation {
            inner: sink,
            prefix: prefix.clone(),
        };
        let render_cache = cache.render_cache(lang);
        let first = &mut hooks.first;
        let mut translated_hooks = render::Hooks {
            first: Box::new(|paths: &[String]| {
                let paths: Vec<String> = paths.iter().map(|p| format!("{prefix}{p}")).collect();
                first(&paths)
            }),
            interrupted: hooks.interrupted,
        };
        let (_, more, _) = compile_language(
            loaded,
            &theme,
            opts,
            Some(lang),
            &translated,
            render_cache,
            &mut translated_hooks,
        )?;
        compiled.pages += more.pages;
        compiled.warnings.extend(more.warnings);
        compiled.paths.extend(
            more.paths
                .into_iter()
                .filter(|p| !Translation::shared(p))
                .map(|p| format!("{prefix}{p}")),
        );
    }
    if cache.keep {
        cache.last = Some(Last {
            site: site.clone(),
            theme,
            patcher,
            content: write::absolute_path(&opts.content),
            canonical: content,
            shown_base,
            default_lang: default,
        });
    }
    Ok((site, compiled))
}

/// For `koers serve`, before a rebuild: when the files in `changed` (the
/// paths a burst of file events named, those gone again among them) are
/// all stories, chapters or pages the last good build knows, edited in
/// ways that leave the rest of the site's structure as it was (see
/// [`validate::Patcher`]), renders their pages at once into `sink` and
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
            if knows(&last.site, &rel) {
                return None;
            }
            continue;
        }
        let (root, base) = (&last.canonical, &last.shown_base);
        let parts: Vec<&str> = rel.split('/').collect();
        let alone = match parts.as_slice() {
            ["stories", _] => {
                let story = load::load_one(root, &rel, base, &cache.load)?;
                render::Alone::Story(last.patcher.story(&mut last.site, &story)?)
            }
            ["publications", _, file] if *file != "index.md" => {
                let chapter = load::load_one(root, &rel, base, &cache.load)?;
                let (p, c) = last.patcher.chapter(&mut last.site, &chapter)?;
                render::Alone::Chapter(p, c)
            }
            ["pages", _] => {
                let page = load::load_one(root, &rel, base, &cache.load)?;
                render::Alone::Page(last.patcher.page(&mut last.site, &page)?)
            }
            _ => return None,
        };
        what.push(alone);
    }
    if what.is_empty() {
        return None;
    }
    let render_cache = cache.render.get_mut(&last.default_lang)?;
    render::render_alone(&last.site, &what, &last.theme, sink, render_cache)
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

/// A translation's files: under `<lang>/`, without the files the site
/// shares across languages (assets, sitemaps, robots.txt).
struct Translation<'a> {
    inner: &'a dyn Sink,
    prefix: String,
}

impl Translation<'_> {
    fn shared(path: &str) -> bool {
        path.starts_with("assets/") || path.starts_with("sitemap") || path == "robots.txt"
    }
}

impl Sink for Translation<'_> {
    fn put(&self, mut file: OutputFile) -> Result<()> {
        if Translation::shared(&file.path) {
            return Ok(());
        }
        file.path.insert_str(0, &self.prefix);
        self.inner.put(file)
    }
}

/// A plain build's hooks: nothing to tell, never interrupted.
fn no_hooks() -> render::Hooks<'static> {
    render::Hooks {
        first: Box::new(|_| true),
        interrupted: &|| false,
    }
}

/// Counts what would be written, and writes nothing (`koers check`).
struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<()> {
        Ok(())
    }
}

/// One language's view of the site, validated and rendered.
fn compile_language(
    loaded: load::Loaded,
    theme: &Theme,
    opts: &BuildOptions,
    lang: Option<&str>,
    sink: &dyn Sink,
    cache: &mut render::RenderCache,
    hooks: &mut render::Hooks,
) -> Result<(Site, Compiled, validate::Patcher)> {
    let overrides = Overrides {
        base_url: opts.base_url.clone(),
        language: lang.map(str::to_string),
    };
    let t = Instant::now();
    let sources = loaded.source_hashes();
    let (site, mut diags, patcher) = validate::validate_keeping(loaded, &overrides);
    diags.extend(render::links::check(
        &site,
        &render::links::template_ids(theme.templates.values()),
    ));
    render::debug_time("validated", &t);
    if (hooks.interrupted)() {
        return Err(Error::Interrupted);
    }
    if diags.has_errors() {
        // Report broken links and other Markdown problems in the same run.
        if let Ok(strings) = theme.strings(&site.config.language) {
            diags.extend(render::check_markdown(&site, &strings));
        }
        return Err(sorted(diags));
    }
    let inputs =
        render::pages::Inputs::new(&sources, global_fingerprint(&site, theme, opts, &sources));
    render::debug_time("fingerprinted", &t);
    let mut rendered =
        render::render_site(&site, theme, sink, cache, &inputs, hooks, opts.progress)?;
    if (hooks.interrupted)() {
        return Err(Error::Interrupted);
    }
    render::debug_time("rendered", &t);
    // The index has stretches that run on one core: the other writes the
    // files besides the pages meanwhile.
    let extra = std::mem::take(&mut rendered.extra);
    let (index, written) = rayon::join(
        || render::search::index(&rendered.search, &site.config.language),
        || render::put_all(extra, sink),
    );
    written?;
    render::debug_time("indexed", &t);
    let mut paths = rendered.paths;
    paths.extend(index.iter().map(|f| f.path.clone()));
    render::free_later(std::mem::take(&mut rendered.search));
    render::put_all(index, sink)?;
    render::debug_time("index written", &t);
    // Validation's warnings come first, then those of rendering.
    diags.extend(rendered.warnings);
    let compiled = Compiled {
        pages: rendered.pages,
        warnings: diags,
        paths,
    };
    Ok((site, compiled, patcher))
}

/// The hash of what every page may show besides its own content: the
/// site configuration, the theme's strings, assets and chart colours, the
/// options, the URL of every content file and the assets (links show their
/// size; charts read data files). Templates count per page, by the templates
/// each page is made with (see `render::render_site`).
fn global_fingerprint(
    site: &Site,
    theme: &Theme,
    opts: &BuildOptions,
    sources: &HashMap<String, u64>,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    sources.get("site.yaml").hash(&mut h);
    site.config.language.hash(&mut h);
    opts.base_url.hash(&mut h);
    (&theme.assets, &theme.i18n, &theme.chart_colours).hash(&mut h);
    site.urls.hash(&mut h);
    for rel in &site.assets {
        rel.hash(&mut h);
        if let Ok(m) = std::fs::metadata(site.content_root.join(rel)) {
            m.len().hash(&mut h);
            m.modified().ok().hash(&mut h);
        }
    }
    h.finish()
}

/// Reports a finished stage: on a terminal once a build takes longer than
/// a second, and always when KOERS_DEBUG is set.
fn stage(opts: &BuildOptions, name: &str, start: &Instant) {
    let long = start.elapsed() > Duration::from_secs(1);
    let debug = std::env::var_os("KOERS_DEBUG").is_some();
    if (opts.progress && long) || debug {
        let memory = if debug {
            crate::render::resident_memory()
        } else {
            String::new()
        };
        eprintln!("koers: {name} ({} ms{memory})", start.elapsed().as_millis());
    }
}

fn sorted(mut d: Diagnostics) -> Error {
    d.sort();
    Error::Content(d)
}

/// Validates and renders everything; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let (_, compiled) = compile(opts, &Discard, &mut BuildCache::once(), &mut no_hooks())?;
    Ok(Summary {
        pages: compiled.pages,
        files: compiled.paths.len(),
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
        output: None,
    })
}

/// Builds the site into the output folder, replacing it atomically: files
/// stream into a staging folder as they are rendered, which replaces the
/// output folder only when everything succeeded.
pub fn build(opts: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let mut sources: Vec<&Path> = vec![&opts.content];
    if let Some(t) = &opts.theme {
        sources.push(t);
    }
    let output = write::check_output_folder(&opts.output, &sources)?;
    let staging = write::Staging::begin(&output)?;
    let mut cache = BuildCache::once();
    let compiled = compile(opts, &staging, &mut cache, &mut no_hooks());
    render::free_later(cache);
    let (site, compiled) = compiled?;
    let content = opts
        .content
        .canonicalize()
        .map_err(|e| Error::io(&opts.content, e))?;
    let assets = staging.commit(&content, &site.assets)?;
    render::free_later(site);
    stage(opts, "wrote the output", &start);
    Ok(Summary {
        pages: compiled.pages,
        files: compiled.paths.len() + assets,
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
        output: Some(opts.output.clone()),
    })
}
