//! Reading the content folder as seen in one language: the files of that
//! language where there are translations, the default language's files
//! elsewhere.

use super::input::{PublicationInput, StoryInput};
use super::source::shown_path;
use super::yaml::Limits;
use super::{
    discover, parse_file, read_site, readers, translation_of, whole_publications, LoadCache,
    Loaded, Parsed, PublicationParts, SiteView, KINDS,
};
use crate::error::{Diagnostic, Diagnostics, Position};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;

/// A translation file: the path of its original, its language, its path.
type Translation = (String, String, String);

/// Files parsed ahead, in parallel, with what parsing each reported.
type Preparsed<T> = HashMap<String, (Option<Parsed<T>>, Diagnostics)>;

/// Reads the content folder as seen in one language. With `Some(lang)`,
/// every file that has a translation `x.<lang>.md` (or `site.<lang>.yaml`)
/// is read from it, keeping the base file's path (so ids and URLs stay the
/// same); files without one are read as they are and marked as a fallback.
/// Translation files are never content of their own.
pub fn load_language(
    root: &Path,
    shown_base: &Path,
    lang: Option<&str>,
    cache: &LoadCache,
) -> Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::new();
    let shown = |p: &Path| shown_path(p, shown_base);
    let SiteView {
        site,
        languages,
        default_lang,
    } = read_site(root, shown_base, lang, cache, &mut diags)?;
    let limits = site.as_ref().map(|s| s.input.limits()).unwrap_or_default();
    let discovered = discover(root, &mut diags, &shown);
    let (files, translated) = split_translations(discovered, &languages);
    report_orphans(&translated, &files, root, &shown, &mut diags);
    let reader = Reader {
        root,
        shown_base,
        view: lang.filter(|l| *l != default_lang),
        default_lang: &default_lang,
        translated: &translated,
        cache,
        limits: &limits,
    };
    let (stories, indexes) = reader.parse_in_parallel(&files);
    let mut sorted = Sorted::new(stories, indexes);
    for rel in files {
        sorted.take(&reader, rel, &mut diags);
    }
    let publications = whole_publications(
        sorted.publications,
        &sorted.has_index,
        root,
        &shown,
        &mut diags,
    );
    match site {
        Some(site) if !diags.has_errors() => Ok(Loaded {
            root: root.to_path_buf(),
            site,
            publications,
            themas: sorted.themas,
            scenarios: sorted.scenarios,
            stories: sorted.stories,
            pages: sorted.pages,
            goals: sorted.goals,
            assets: sorted.assets,
        }),
        _ => Err(diags),
    }
}

/// The content files, sorted, without translations and translated site
/// files; and the translations.
fn split_translations(
    mut files: Vec<String>,
    languages: &[String],
) -> (Vec<String>, Vec<Translation>) {
    files.sort();
    let translated: Vec<Translation> = files
        .iter()
        .filter_map(|f| translation_of(f, languages).map(|(base, l)| (base, l, f.clone())))
        .collect();
    files.retain(|f| {
        translation_of(f, languages).is_none()
            && !(f.starts_with("site.") && f.ends_with(".yaml") && f != "site.yaml")
    });
    (files, translated)
}

/// Reports translations of files that do not exist.
fn report_orphans(
    translated: &[Translation],
    files: &[String],
    root: &Path,
    shown: &dyn Fn(&Path) -> std::path::PathBuf,
    diags: &mut Diagnostics,
) {
    for (base, l, file) in translated {
        if !files.contains(base) {
            diags.push(
                Diagnostic::error(
                    shown(&root.join(file)),
                    Position::default(),
                    format!("translation ({l}) of `{base}`, which does not exist"),
                )
                .with_help(format!(
                    "a translation sits beside its original: add {base}, or rename this file"
                )),
            );
        }
    }
}

/// Reads content files in one language's view.
struct Reader<'a> {
    root: &'a Path,
    shown_base: &'a Path,
    /// The language of the view, when it is not the default one.
    view: Option<&'a str>,
    default_lang: &'a str,
    translated: &'a [Translation],
    cache: &'a LoadCache,
    limits: &'a Limits,
}

impl Reader<'_> {
    /// The file to read for content path `rel` in this view, and the
    /// language it falls back to when it has no translation.
    fn source_of(&self, rel: &str) -> (String, Option<String>) {
        match self.view {
            Some(l) => match self
                .translated
                .iter()
                .find(|(base, tl, _)| base == rel && tl == l)
            {
                Some((_, _, file)) => (file.clone(), None),
                None => (rel.to_string(), Some(self.default_lang.to_string())),
            },
            None => (rel.to_string(), None),
        }
    }

    /// The path of `rel`'s source as messages show it.
    fn shown(&self, rel: &str) -> std::path::PathBuf {
        shown_path(&self.root.join(self.source_of(rel).0), self.shown_base)
    }

    /// Reads and parses the source of content path `rel`.
    fn parse<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &self,
        rel: &str,
        diags: &mut Diagnostics,
    ) -> Option<Parsed<T>> {
        let (file, fallback) = self.source_of(rel);
        let abs = self.root.join(file);
        let shown = shown_path(&abs, self.shown_base);
        let fallback = fallback.as_deref();
        parse_file(&abs, rel, shown, fallback, diags, self.cache, self.limits)
    }

    /// The stories and the publication indexes, parsed in parallel.
    fn parse_in_parallel(
        &self,
        files: &[String],
    ) -> (Preparsed<StoryInput>, Preparsed<PublicationInput>) {
        let both = || {
            rayon::join(
                || parse_all(files, is_story, |rel, d| self.parse(rel, d)),
                || parse_all(files, is_publication_index, |rel, d| self.parse(rel, d)),
            )
        };
        match readers() {
            Some(pool) => pool.install(both),
            None => both(),
        }
    }
}

/// True for a story file: `stories/<name>.md`.
fn is_story(rel: &str) -> bool {
    (rel.strip_prefix("stories/")).is_some_and(|f| f.ends_with(".md") && !f.contains('/'))
}

/// True for a publication's index: `publications/<folder>/index.md`.
fn is_publication_index(rel: &str) -> bool {
    (rel.strip_prefix("publications/"))
        .and_then(|r| r.strip_suffix("/index.md"))
        .is_some_and(|folder| !folder.is_empty() && !folder.contains('/'))
}

/// Parses the `wanted` files in parallel. Stories are most of a large
/// site, and a report's index holds a status for each of its stories:
/// they are read on more threads than cores (see [`readers`]).
fn parse_all<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    files: &[String],
    wanted: impl Fn(&str) -> bool + Sync,
    parse: impl Fn(&str, &mut Diagnostics) -> Option<Parsed<T>> + Sync,
) -> Preparsed<T> {
    use rayon::prelude::*;
    // Chosen first, then split: split before filtering, the ten files
    // of a site's reports (next to each other in `files`) fell to one
    // thread, which parsed their thousands of statuses one report
    // after another while the other cores had finished.
    let chosen: Vec<&String> = files.iter().filter(|rel| wanted(rel)).collect();
    chosen
        .into_par_iter()
        .map(|rel| {
            let mut d = Diagnostics::new();
            let parsed = parse(rel, &mut d);
            (rel.clone(), (parsed, d))
        })
        .collect()
}

/// The content files sorted by kind, as they are read in order.
struct Sorted {
    stories_parsed: Preparsed<StoryInput>,
    indexes_parsed: Preparsed<PublicationInput>,
    publications: Vec<PublicationParts>,
    /// The publication folders that have an index.md.
    has_index: Vec<String>,
    themas: Vec<Parsed<super::input::ThemaInput>>,
    scenarios: Vec<Parsed<super::input::ScenarioInput>>,
    stories: Vec<Parsed<StoryInput>>,
    pages: Vec<Parsed<super::input::PageInput>>,
    goals: Vec<Parsed<super::input::GoalFileInput>>,
    assets: Vec<String>,
}

impl Sorted {
    /// Nothing sorted yet; the files parsed ahead are taken from there.
    fn new(
        stories_parsed: Preparsed<StoryInput>,
        indexes_parsed: Preparsed<PublicationInput>,
    ) -> Self {
        Sorted {
            stories_parsed,
            indexes_parsed,
            publications: Vec::new(),
            has_index: Vec::new(),
            themas: Vec::new(),
            scenarios: Vec::new(),
            stories: Vec::new(),
            pages: Vec::new(),
            goals: Vec::new(),
            assets: Vec::new(),
        }
    }

    /// Reads content file `rel` (or takes it as parsed ahead) and files it
    /// by its kind; a file that is not Markdown is an asset.
    fn take(&mut self, reader: &Reader, rel: String, diags: &mut Diagnostics) {
        if !rel.ends_with(".md") {
            if rel != "site.yaml" {
                self.assets.push(rel);
            }
            return;
        }
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            ["publications", folder, file] => {
                self.take_publication_file(reader, &rel, (folder, file), diags)
            }
            ["themes", _] => self.themas.extend(reader.parse(&rel, diags)),
            ["scenarios", _] => self.scenarios.extend(reader.parse(&rel, diags)),
            ["stories", _] => {
                let parsed = preparsed(&mut self.stories_parsed, reader, &rel, diags);
                self.stories.extend(parsed);
            }
            ["pages", _] => self.pages.extend(reader.parse(&rel, diags)),
            ["goals", _] => self.goals.extend(reader.parse(&rel, diags)),
            _ => diags.push(
                Diagnostic::error(reader.shown(&rel), Position::default(), "this Markdown file is not in a content folder koers knows")
                    .with_help(format!(
                        "put Markdown files in one of: {} (publications in a folder of their own: publications/<name>/index.md)",
                        KINDS.join(", ")
                    )),
            ),
        }
    }

    /// Files a publication's index or chapter under its folder.
    fn take_publication_file(
        &mut self,
        reader: &Reader,
        rel: &str,
        (folder, file): (&str, &str),
        diags: &mut Diagnostics,
    ) {
        let idx = match self.publications.iter().position(|(f, _, _)| f == folder) {
            Some(i) => i,
            None => {
                self.publications
                    .push((folder.to_string(), None, Vec::new()));
                self.publications.len() - 1
            }
        };
        if file == "index.md" {
            self.publications[idx].1 = preparsed(&mut self.indexes_parsed, reader, rel, diags);
            self.has_index.push(folder.to_string());
        } else if let Some(ch) = reader.parse(rel, diags) {
            self.publications[idx].2.push(ch);
        }
    }
}

/// File `rel` as parsed ahead, with what parsing it reported; parsed now
/// when it was not.
fn preparsed<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    ahead: &mut Preparsed<T>,
    reader: &Reader,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    match ahead.remove(rel) {
        Some((parsed, d)) => {
            diags.extend(d);
            parsed
        }
        None => reader.parse(rel, diags),
    }
}
