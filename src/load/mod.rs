//! Stage 1, load: discover the content folder with walkdir, read every file
//! and parse its YAML into the authoring structs of [`input`]. Problems are
//! collected as diagnostics with file, line and column; loading goes on
//! past a bad file so one build reports every problem.

pub mod input;
mod language;
pub mod source;
pub mod yaml;

use crate::error::{Diagnostic, Diagnostics, Position};
use input::*;
use serde::de::DeserializeOwned;
use source::{shown_path, SourceFile};
use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use walkdir::WalkDir;

pub use language::load_language;

/// The content kinds, by their folder in the content directory.
pub const KINDS: [&str; 6] = [
    "publications",
    "themes",
    "scenarios",
    "stories",
    "goals",
    "pages",
];

/// A parsed file: its source (for positions) and its front matter.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub source: SourceFile,
    pub input: T,
}

/// A publication folder: its `index.md` and its chapter files.
#[derive(Debug)]
pub struct LoadedPublication {
    pub index: Parsed<PublicationInput>,
    pub chapters: Vec<Parsed<ChapterInput>>,
}

/// Everything read from the content folder, not yet validated.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub site: Parsed<SiteInput>,
    pub publications: Vec<LoadedPublication>,
    pub themas: Vec<Parsed<ThemaInput>>,
    pub scenarios: Vec<Parsed<ScenarioInput>>,
    pub stories: Vec<Parsed<StoryInput>>,
    pub pages: Vec<Parsed<PageInput>>,
    /// Goals in files of their own (`goals/<id>.md`).
    pub goals: Vec<Parsed<GoalFileInput>>,
    /// Files that are not content (images, PDFs), relative to the root;
    /// they are copied to the output as they are.
    pub assets: Vec<String>,
}

impl Loaded {
    /// Content-relative path -> hash of the text read for it (for a
    /// translation view: the translation's text where there is one).
    pub fn source_hashes(&self) -> HashMap<String, u64> {
        let mut out = HashMap::new();
        let mut add = |s: &SourceFile| {
            out.insert(s.rel.clone(), s.hash);
        };
        add(&self.site.source);
        for p in &self.publications {
            add(&p.index.source);
            p.chapters.iter().for_each(|c| add(&c.source));
        }
        self.themas.iter().for_each(|x| add(&x.source));
        self.scenarios.iter().for_each(|x| add(&x.source));
        self.stories.iter().for_each(|x| add(&x.source));
        self.pages.iter().for_each(|x| add(&x.source));
        self.goals.iter().for_each(|x| add(&x.source));
        out
    }
}

/// A publication folder while it is being read: name, index, chapters.
type PublicationParts = (
    String,
    Option<Parsed<PublicationInput>>,
    Vec<Parsed<ChapterInput>>,
);

/// Parsed files of earlier loads, reused while a file keeps its size and
/// modification time: `koers serve` reads and parses only what changed.
pub struct LoadCache {
    entries: Mutex<HashMap<PathBuf, CacheEntry>>,
    /// Keep what is parsed (for the next load); off for one-shot builds.
    keep: bool,
}

struct CacheEntry {
    stamp: (SystemTime, u64),
    rel: String,
    fallback: Option<String>,
    value: Arc<dyn Any + Send + Sync>,
}

impl Default for LoadCache {
    /// A cache that keeps what it parses, for a next load.
    fn default() -> Self {
        LoadCache {
            entries: Mutex::default(),
            keep: true,
        }
    }
}

impl LoadCache {
    /// A cache that keeps nothing: a one-shot build holds no copies.
    pub fn none() -> Self {
        LoadCache {
            entries: Mutex::default(),
            keep: false,
        }
    }

    fn get<T: Clone + 'static>(
        &self,
        abs: &Path,
        stamp: (SystemTime, u64),
        rel: &str,
        fallback: Option<&str>,
    ) -> Option<Parsed<T>> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(abs)?;
        if e.stamp != stamp || e.rel != rel || e.fallback.as_deref() != fallback {
            return None;
        }
        e.value.downcast_ref::<Parsed<T>>().cloned()
    }

    fn put<T: Clone + Send + Sync + 'static>(
        &self,
        abs: &Path,
        stamp: (SystemTime, u64),
        parsed: &Parsed<T>,
    ) {
        if !self.keep {
            return;
        }
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                abs.to_path_buf(),
                CacheEntry {
                    stamp,
                    rel: parsed.source.rel.clone(),
                    fallback: parsed.source.fallback_lang.clone(),
                    value: Arc::new(parsed.clone()),
                },
            );
        }
    }
}

fn stamp(abs: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(abs).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The languages of the site: `languages` in site.yaml, or its `language`.
/// The first is the default language.
pub fn languages(site: &SiteInput) -> Vec<String> {
    if site.languages.is_empty() {
        vec![site.language.clone().unwrap_or_else(|| "nl".to_string())]
    } else {
        site.languages.clone()
    }
}

/// Splits `stories/x.en.md` into (`stories/x.md`, `en`) when `en` is one of
/// `languages`.
fn translation_of(rel: &str, languages: &[String]) -> Option<(String, String)> {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let (stem, ext) = name.rsplit_once('.')?;
    let (base, lang) = stem.rsplit_once('.')?;
    if !languages.iter().any(|l| l == lang) {
        return None;
    }
    let base_name = format!("{base}.{ext}");
    let base_rel = if dir.is_empty() {
        base_name
    } else {
        format!("{dir}/{base_name}")
    };
    Some((base_rel, lang.to_string()))
}

/// site.yaml as seen in one language, with the site's languages.
struct SiteView {
    site: Option<Parsed<SiteInput>>,
    languages: Vec<String>,
    default_lang: String,
}

/// Reads site.yaml (and `site.<lang>.yaml` for a translation's view);
/// Err when there is none, since nothing can be built without it.
fn read_site(
    root: &Path,
    shown_base: &Path,
    lang: Option<&str>,
    cache: &LoadCache,
    diags: &mut Diagnostics,
) -> Result<SiteView, Diagnostics> {
    let shown = |p: &Path| shown_path(p, shown_base);
    let site_path = root.join("site.yaml");
    if !site_path.is_file() {
        diags.push(
            Diagnostic::error(
                shown(&site_path),
                Position::default(),
                "site.yaml is missing",
            )
            .with_help("every content folder needs a site.yaml; `koers init DIR` writes one"),
        );
        return Err(std::mem::take(diags));
    }
    let read = |p: &Path, diags: &mut Diagnostics| {
        parse_file::<SiteInput>(
            p,
            "site.yaml",
            shown(p),
            None,
            diags,
            cache,
            &yaml::Limits::default(),
        )
    };
    let default_site = read(&site_path, diags);
    let languages = default_site
        .as_ref()
        .map(|s| languages(&s.input))
        .unwrap_or_default();
    let default_lang = languages
        .first()
        .cloned()
        .unwrap_or_else(|| "nl".to_string());
    let site = match lang.filter(|l| *l != default_lang) {
        Some(l) if root.join(format!("site.{l}.yaml")).is_file() => {
            read(&root.join(format!("site.{l}.yaml")), diags)
        }
        _ => default_site,
    };
    Ok(SiteView {
        site,
        languages,
        default_lang,
    })
}

/// The publication folders with their index: a folder of chapters
/// without an index.md is an error.
fn whole_publications(
    parts: Vec<PublicationParts>,
    has_index: &[String],
    root: &Path,
    shown: &dyn Fn(&Path) -> PathBuf,
    diags: &mut Diagnostics,
) -> Vec<LoadedPublication> {
    let mut out = Vec::new();
    for (folder, index, chapters) in parts {
        match index {
            Some(index) => out.push(LoadedPublication { index, chapters }),
            None if chapters.is_empty() || has_index.contains(&folder) => {}
            None => diags.push(
                Diagnostic::error(
                    shown(&root.join("publications").join(&folder).join("index.md")),
                    Position::default(),
                    format!("publication folder `{folder}` has chapters but no index.md"),
                )
                .with_help("add index.md with the publication's title and type"),
            ),
        }
    }
    out
}

/// Lists content files relative to `root`, skipping hidden files and
/// refusing symlinks that lead outside the content folder.
fn discover(root: &Path, diags: &mut Diagnostics, shown: &dyn Fn(&Path) -> PathBuf) -> Vec<String> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(is_ignored(e.path()) || is_audits(e)));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            // Reported before filter_entry sees it: an editor's lock file
            // (`.#x.md`) is a symbolic link to nothing.
            Err(e) if e.depth() > 0 && e.path().is_some_and(is_ignored) => continue,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let dangling = path.is_symlink() && !path.exists();
                diags.push(if dangling {
                    Diagnostic::error(
                        shown(&path),
                        Position::default(),
                        "this symbolic link points to a file that does not exist",
                    )
                    .with_help("remove the link, or make it point to a file in the content folder")
                } else {
                    Diagnostic::error(
                        shown(&path),
                        Position::default(),
                        format!("cannot read: {e}"),
                    )
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            if !target
                .as_ref()
                .is_ok_and(|t| t.starts_with(&canonical_root))
            {
                diags.push(
                    Diagnostic::error(
                        shown(entry.path()),
                        Position::default(),
                        "this symbolic link points outside the content folder",
                    )
                    .with_help("copy the file into the content folder instead of linking to it"),
                );
                continue;
            }
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(rel.join("/"));
        }
    }
    files
}

/// The reports of `koers audit` (`audits/` at the top of the content
/// folder): evidence kept with the content, not files of the site.
fn is_audits(entry: &walkdir::DirEntry) -> bool {
    entry.depth() == 1 && entry.file_type().is_dir() && entry.file_name() == "audits"
}

/// Hidden files and the temporary and lock files of editors and office
/// programs (`#x.md#`, `x.md~`, `~$x.docx`): never content, never assets.
fn is_ignored(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// Reads one content file of the default language again (a story or a
/// chapter), `rel` relative to the content folder `root`: for `koers
/// serve`, which knows which file was saved. None when it cannot be read
/// or parsed: a full load reports why.
pub fn load_one<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    root: &Path,
    rel: &str,
    shown_base: &Path,
    cache: &LoadCache,
) -> Option<Parsed<T>> {
    let abs = root.join(rel);
    let shown = shown_path(&abs, shown_base);
    parse_file(
        &abs,
        rel,
        shown,
        None,
        &mut Diagnostics::new(),
        cache,
        &yaml::Limits::default(),
    )
}

/// Threads that read and parse story files. Reading a file that is not in
/// the page cache waits for the disk: with a thread per core, the cores
/// wait too. With more threads the reads overlap (see BENCHMARKS.md, run
/// 14); with the files cached, the extra threads cost nothing measurable.
/// None when the threads cannot be started: then rayon's own read.
fn readers() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(READ_THREADS.max(rayon::current_num_threads()))
            .thread_name(|i| format!("koers-read-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

const READ_THREADS: usize = 16;

/// Reads one file and deserialises its front matter (or whole YAML file).
fn parse_file<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    abs: &Path,
    rel: &str,
    shown: PathBuf,
    fallback: Option<&str>,
    diags: &mut Diagnostics,
    cache: &LoadCache,
    limits: &yaml::Limits,
) -> Option<Parsed<T>> {
    let stamp = stamp(abs);
    if let Some(hit) = stamp.and_then(|st| cache.get::<T>(abs, st, rel, fallback)) {
        if hit.source.shown == shown {
            return Some(hit);
        }
    }
    let source = match SourceFile::read(abs, rel, shown) {
        Ok(mut s) => {
            s.fallback_lang = fallback.map(str::to_string);
            s
        }
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match parse_front::<T>(&source, limits) {
        Ok(input) => {
            let parsed = Parsed { source, input };
            if let Some(st) = stamp {
                cache.put(abs, st, &parsed);
            }
            Some(parsed)
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Deserialises the front matter of a source file (or a whole YAML file),
/// with the error placed at its line in the file.
pub fn parse_front<T: DeserializeOwned>(
    source: &SourceFile,
    limits: &yaml::Limits,
) -> Result<T, Diagnostic> {
    let text = if source.front.trim().is_empty() {
        "{}"
    } else {
        source.front.as_str()
    };
    yaml::parse::<T>(text, limits).map_err(|e| {
        let position = if e.line == 0 {
            Position::new(source.front_line.saturating_sub(1).max(1), 1)
        } else {
            Position::new(source.front_line + e.line - 1, e.column)
        };
        let help = match e.help {
            Some(h) if source.front.trim().is_empty() && e.message.contains("required field") => {
                format!(
                    "start the file with a YAML front matter block between two `---` lines; {h}"
                )
            }
            other => other.unwrap_or_default(),
        };
        let d = source.error(position, e.message);
        if help.is_empty() {
            d
        } else {
            d.with_help(help)
        }
    })
}
