//! The pipeline, wired: load -> validate -> render -> write, per language
//! (see `compile_language`). `check` runs every stage but the last.
//! What a build keeps for the next one in `koers serve` is the business
//! of `incremental`.

mod incremental;

use crate::error::{Diagnostics, Error, Result};
use crate::render::pages::{Inputs, Job, Renderer};
use crate::render::{self, theme::Theme, MarkdownCache};
use crate::validate::{self, Overrides};
use crate::write::{OutputFile, Sink};
use crate::{load, model::Site, trace, write};
pub use incremental::{quick_pages, BuildCache};
use incremental::{Last, RenderCache, RenderedSite, TemplateHashes};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

/// Loads, validates and renders the site into `sink`: once per language,
/// translations under `/<lang>/`, each with its search index. Returns the
/// default language's model. Only what changed since the build `cache`
/// describes is made again; the pages of a content file that changed are
/// made first and announced to the sink (see [`Sink::pages_ready`]). When
/// `interrupt` is set the build stops with [`Error::Interrupted`].
pub fn compile(
    opts: &BuildOptions,
    sink: &dyn Sink,
    cache: &mut BuildCache,
    interrupt: &AtomicBool,
) -> Result<(Site, Compiled)> {
    let result = compile_all(opts, sink, cache, interrupt);
    // A failed build leaves no model for quick pages (the content is not
    // what it describes); an interrupted one leaves the last good one and
    // the quick pages patched into it since.
    if matches!(&result, Err(e) if !matches!(e, Error::Interrupted)) {
        cache.last = None;
    }
    result
}

fn compile_all(
    opts: &BuildOptions,
    sink: &dyn Sink,
    cache: &mut BuildCache,
    interrupt: &AtomicBool,
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
    stop_if(interrupt)?;
    let default = languages.first().cloned().unwrap_or_default();
    let (site, mut compiled, patcher) = compile_language(
        loaded,
        &theme,
        opts,
        None,
        sink,
        cache.render_cache(&default),
        interrupt,
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
        let (_, more, _) = compile_language(
            loaded,
            &theme,
            opts,
            Some(lang),
            &translated,
            cache.render_cache(lang),
            interrupt,
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
    if cache.keeps() {
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

    fn pages_ready(&self, paths: &[String]) -> Result<()> {
        let paths: Vec<String> = paths
            .iter()
            .map(|p| format!("{}{p}", self.prefix))
            .collect();
        self.inner.pages_ready(&paths)
    }
}

/// Counts what would be written, and writes nothing (`koers check`).
struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<()> {
        Ok(())
    }
}

/// One language's view of the site, validated and rendered: the pipeline,
/// step by step.
fn compile_language(
    loaded: load::Loaded,
    theme: &Theme,
    opts: &BuildOptions,
    lang: Option<&str>,
    sink: &dyn Sink,
    cache: &mut RenderCache,
    interrupt: &AtomicBool,
) -> Result<(Site, Compiled, validate::Patcher)> {
    let t = Instant::now();
    let sources = loaded.source_hashes();
    let (site, mut diags, patcher) = validate_language(loaded, theme, opts, lang)?;
    trace::debug_time("validated", &t);
    stop_if(interrupt)?;
    let inputs = Inputs::new(&sources, global_fingerprint(&site, theme, opts, &sources));
    let (mut rendered, other) =
        render_language(&site, theme, sink, cache, &inputs, interrupt, opts)?;
    rendered.paths.extend(other.iter().map(|f| f.path.clone()));
    stop_if(interrupt)?;
    trace::debug_time("rendered", &t);
    // The index has stretches that run on one core: the other writes the
    // files besides the pages meanwhile.
    let (index, written) = rayon::join(
        || render::search::index(&rendered.search, &site.config.language),
        || render::put_all(other, sink),
    );
    written?;
    let mut paths = rendered.paths;
    paths.extend(index.iter().map(|f| f.path.clone()));
    trace::free_later(rendered.search);
    render::put_all(index, sink)?;
    trace::debug_time("indexed and written", &t);
    // Validation's warnings come first, then those of rendering.
    diags.extend(rendered.warnings);
    let compiled = Compiled {
        pages: rendered.pages,
        warnings: diags,
        paths,
    };
    Ok((site, compiled, patcher))
}

/// Validates one language's content into the model and checks its links;
/// fails with every problem found, Markdown problems included.
fn validate_language(
    loaded: load::Loaded,
    theme: &Theme,
    opts: &BuildOptions,
    lang: Option<&str>,
) -> Result<(Site, Diagnostics, validate::Patcher)> {
    let overrides = Overrides {
        base_url: opts.base_url.clone(),
        language: lang.map(str::to_string),
    };
    let (site, mut diags, patcher) = validate::validate_keeping(loaded, &overrides);
    if lang.is_none() {
        // The brand and the theme are the same in every language.
        diags.extend(validate::check_contrast(
            site.config.brand.as_ref(),
            &theme.palette(),
        ));
    }
    diags.extend(render::links::check(
        &site,
        &render::links::template_ids(theme.templates.values()),
    ));
    if diags.has_errors() {
        // Report broken links and other Markdown problems in the same run.
        if let Ok(strings) = theme.strings(&site.config.language) {
            diags.extend(render::check_markdown(&site, &strings));
        }
        return Err(sorted(diags));
    }
    Ok((site, diags, patcher))
}

/// Renders one language's pages into `sink`: those `cache` does not have
/// as they are now, the pages of changed content files first. Returns
/// what was rendered and the files besides the pages (for the caller to
/// write).
fn render_language(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    cache: &mut RenderCache,
    inputs: &Inputs,
    interrupt: &AtomicBool,
    opts: &BuildOptions,
) -> Result<(RenderedSite, Vec<OutputFile>)> {
    let start = &Instant::now();
    let RenderCache {
        templates,
        markdown,
        records,
    } = cache;
    records.begin();
    let strings = theme.strings(&site.config.language).map_err(sorted)?;
    let tera = templates.get(theme)?;
    let mut diags = Diagnostics::new();
    let keep = records.keeps();
    let md = MarkdownCache::render_all(site, &strings, &mut diags, markdown, inputs, !keep);
    if diags.has_errors() {
        return Err(sorted(diags));
    }
    trace::debug_time("markdown", start);
    let renderer = Renderer::new(site, &strings, tera, &md);
    let plan = renderer.plan(inputs);
    let template_hashes = TemplateHashes::of(theme);
    let stale = records.stale(&plan, &template_hashes);
    trace::debug_time("planned", start);
    let jobs: Vec<Job> = plan.iter().map(|p| p.job).collect();
    let done = AtomicUsize::new(0);
    let run = |which: &[usize]| render::run_jobs(&renderer, &jobs, which, sink, interrupt, &done);
    // The publications' pages show their PDF's size: they wait for the
    // PDFs, which are made while the other pages render.
    let waits = |i: &usize| jobs[*i].shows_edition();
    let (urgent_later, urgent): (Vec<usize>, Vec<usize>) =
        stale.urgent.iter().copied().partition(waits);
    let mut outs = run(&urgent);
    if !urgent.is_empty() {
        // The pages of the files an author just saved: out first.
        if let Some(e) = outs.iter_mut().find_map(|(_, o)| o.error.take()) {
            return Err(e);
        }
        records.written_early(urgent.iter().map(|&i| plan[i].key.as_str()));
        let paths: Vec<String> = outs.iter().flat_map(|(_, o)| o.paths.clone()).collect();
        sink.pages_ready(&paths)?;
        stop_if(interrupt)?;
    }
    let (mut later, rest): (Vec<usize>, Vec<usize>) = stale.rest.iter().copied().partition(waits);
    later.extend(urgent_later);
    let total = stale.urgent.len() + stale.rest.len();
    let previous = previous_output(site, opts);
    let ((pages, editions), (shown, other)) =
        trace::with_progress(opts.progress, total, &done, || {
            let first = rayon::join(
                || run(&rest),
                || editions(site, theme, &strings, &previous, sink),
            );
            let second = rayon::join(|| run(&later), || render::other_files(site, tera, theme));
            (first, second)
        });
    outs.extend(pages);
    outs.extend(shown);
    let editions = editions?;
    let other = other?;
    stop_if(interrupt)?;
    let mut rendered = records.record(&plan, outs, diags, &template_hashes)?;
    rendered.paths.extend(editions);
    renderer.free_later();
    trace::debug_time("pages", start);
    Ok((rendered, other))
}

/// The folder of this language's last output, where the PDFs of the last
/// build are (a translation's under `<lang>/`).
fn previous_output(site: &Site, opts: &BuildOptions) -> PathBuf {
    let lang = &site.config.language;
    if site.config.languages.first() == Some(lang) {
        opts.output.clone()
    } else {
        opts.output.join(lang)
    }
}

/// Makes the PDF edition of every publication into `sink` (reusing the
/// last build's in `previous` where nothing changed) and returns the paths
/// of its files; nothing without the `pdf` feature.
#[cfg(feature = "pdf")]
fn editions(
    site: &Site,
    theme: &Theme,
    strings: &render::i18n::Strings,
    previous: &Path,
    sink: &dyn Sink,
) -> Result<Vec<String>> {
    crate::pdf::make_editions(site, theme, strings, previous, sink)
}

#[cfg(not(feature = "pdf"))]
fn editions(
    _: &Site,
    _: &Theme,
    _: &render::i18n::Strings,
    _: &Path,
    _: &dyn Sink,
) -> Result<Vec<String>> {
    Ok(Vec::new())
}

/// Stops a build whose `interrupt` is set (a newer change came in).
fn stop_if(interrupt: &AtomicBool) -> Result<()> {
    if interrupt.load(Ordering::Relaxed) {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
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
            format!("{}{}", trace::resident_memory(), trace::cpu_time())
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

/// Loads and validates the content folder into the model of its default
/// language, rendering nothing: for tools and tests that read a site's
/// facts. Fails with every problem of the content.
pub fn read_site(content: &Path) -> Result<Site> {
    let root = content.canonicalize().map_err(|e| Error::io(content, e))?;
    let shown_base = std::env::current_dir().unwrap_or_default();
    let loaded =
        load::load_language(&root, &shown_base, None, &load::LoadCache::none()).map_err(sorted)?;
    let (site, diags, _) = validate::validate_keeping(loaded, &Overrides::default());
    if diags.has_errors() {
        return Err(sorted(diags));
    }
    Ok(site)
}

/// Validates and renders everything; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let never = AtomicBool::new(false);
    let (_, compiled) = compile(opts, &Discard, &mut BuildCache::once(), &never)?;
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
    let compiled = compile(opts, &staging, &mut cache, &AtomicBool::new(false));
    trace::free_later(cache);
    let (site, compiled) = compiled?;
    let content = opts
        .content
        .canonicalize()
        .map_err(|e| Error::io(&opts.content, e))?;
    let assets = staging.commit(&content, &site.assets)?;
    trace::free_later(site);
    stage(opts, "wrote the output", &start);
    Ok(Summary {
        pages: compiled.pages,
        files: compiled.paths.len() + assets,
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
        output: Some(opts.output.clone()),
    })
}
