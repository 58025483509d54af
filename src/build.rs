//! The pipeline, wired: load -> validate -> render -> write. `check` runs
//! every stage but the last.

use crate::error::{Diagnostics, Error, Result};
use crate::render::{self, theme::Theme, RenderedSite};
use crate::validate::{self, Overrides};
use crate::{load, model::Site, write};
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

/// Loads, validates and renders the site in memory: once per language,
/// translations under `/<lang>/`. Returns the default language's model.
pub fn compile(opts: &BuildOptions) -> Result<(Site, RenderedSite)> {
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
    let loaded = load::load(&content, &shown_base).map_err(sorted)?;
    let languages = load::languages(&loaded.site.input);
    let theme_name = loaded
        .site
        .input
        .theme
        .clone()
        .unwrap_or_else(|| "default".to_string());
    let theme = Theme::load(opts.theme.as_deref(), &theme_name, &opts.content)?;
    stage(opts, "loaded the content", &start);
    let (site, mut rendered) = compile_language(loaded, &theme, opts, None)?;
    stage(opts, "validated and rendered", &start);
    for lang in languages.iter().skip(1) {
        let loaded = load::load_language(&content, &shown_base, Some(lang)).map_err(sorted)?;
        let (_, translated) = compile_language(loaded, &theme, opts, Some(lang))?;
        let prefix = format!("{lang}/");
        rendered.files.extend(
            translated
                .files
                .into_iter()
                .filter(|f| {
                    !f.path.starts_with("assets/")
                        && !f.path.starts_with("sitemap")
                        && f.path != "robots.txt"
                })
                .map(|mut f| {
                    f.path.insert_str(0, &prefix);
                    f
                }),
        );
        rendered.warnings.extend(translated.warnings);
    }
    let index = render::search::index(&rendered.files).map_err(Error::Other)?;
    rendered.files.extend(index);
    stage(opts, "built the search index", &start);
    Ok((site, rendered))
}

/// One language's view of the site, validated and rendered.
fn compile_language(
    loaded: load::Loaded,
    theme: &Theme,
    opts: &BuildOptions,
    lang: Option<&str>,
) -> Result<(Site, RenderedSite)> {
    let overrides = Overrides {
        base_url: opts.base_url.clone(),
        language: lang.map(str::to_string),
    };
    let (site, mut diags) = validate::validate_all(loaded, &overrides);
    if diags.has_errors() {
        // Report broken links and other Markdown problems in the same run.
        if let Ok(strings) = theme.strings(&site.config.language) {
            diags.extend(render::check_markdown(&site, &strings));
        }
        return Err(sorted(diags));
    }
    let rendered = render::render_site(&site, theme).map_err(sorted)?;
    Ok((site, rendered))
}

/// Reports a finished stage: on a terminal once a build takes longer than
/// a second, and always when KOERS_DEBUG is set.
fn stage(opts: &BuildOptions, name: &str, start: &Instant) {
    let long = start.elapsed() > Duration::from_secs(1);
    if (opts.progress && long) || std::env::var_os("KOERS_DEBUG").is_some() {
        eprintln!("koers: {name} ({} ms)", start.elapsed().as_millis());
    }
}

fn sorted(mut d: Diagnostics) -> Error {
    d.sort();
    Error::Content(d)
}

/// Validates and renders everything; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let (_, rendered) = compile(opts)?;
    Ok(Summary {
        pages: count_pages(&rendered),
        files: rendered.files.len(),
        warnings: rendered.warnings,
        elapsed: start.elapsed(),
        output: None,
    })
}

/// Builds the site into the output folder, replacing it atomically.
pub fn build(opts: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let mut sources: Vec<&Path> = vec![&opts.content];
    if let Some(t) = &opts.theme {
        sources.push(t);
    }
    let output = write::check_output_folder(&opts.output, &sources)?;
    let (site, rendered) = compile(opts)?;
    let content = opts
        .content
        .canonicalize()
        .map_err(|e| Error::io(&opts.content, e))?;
    let files = write::write_site(&output, &rendered.files, &content, &site.assets)?;
    stage(opts, "wrote the output", &start);
    Ok(Summary {
        pages: count_pages(&rendered),
        files,
        warnings: rendered.warnings,
        elapsed: start.elapsed(),
        output: Some(opts.output.clone()),
    })
}

fn count_pages(r: &RenderedSite) -> usize {
    r.files.iter().filter(|f| f.path.ends_with(".html")).count()
}
