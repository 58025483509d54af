//! Stage 2, validate: turn the loaded authoring structs into the typed
//! [`crate::model::Site`]. Every reference is resolved (ids and aliases),
//! every amount and date parsed, every stated total checked; every problem
//! becomes a diagnostic that names the file, the line and the bad value.

mod assets;
mod config;
mod refs;
mod values;

use crate::error::{Diagnostic, Diagnostics};
use crate::load::input::*;
use crate::load::{Loaded, Parsed};
use crate::model::*;
use refs::{Kind, Resolver};
use std::collections::BTreeMap;
use values::Values;

/// Options that override the content's configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    /// Build the view of the site in this language (a translation).
    pub language: Option<String>,
}

/// Validates loaded content into the model, or returns every problem.
pub fn validate(loaded: Loaded, overrides: &Overrides) -> Result<Site, Diagnostics> {
    let (site, diags) = validate_all(loaded, overrides);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(site)
    }
}

/// Validates as far as possible: the site (with whatever could be
/// resolved) and every problem found. The build uses the partial site to
/// find broken links too, so one run reports all errors.
pub fn validate_all(loaded: Loaded, overrides: &Overrides) -> (Site, Diagnostics) {
    let (site, diags, _) = validate_keeping(loaded, overrides);
    (site, diags)
}

/// Like [`validate_all`], and also returns the [`Patcher`] that can later
/// patch one edited story into the site without validating it all again.
pub fn validate_keeping(loaded: Loaded, overrides: &Overrides) -> (Site, Diagnostics, Patcher) {
    let mut diags = Diagnostics::new();
    let config = config::site_config(&loaded.site, overrides, &mut diags);
    let mut urls = Urls::default();

    // Ids and URLs first, so references can be resolved in any order.
    let mut resolver = Resolver::default();
    for p in &loaded.publications {
        let slug = folder_slug(&p.index.source.rel);
        resolver.add(Kind::Publication, &slug, &[], &p.index.source, &mut diags);
    }
    for t in &loaded.themas {
        let id = t
            .input
            .id
            .clone()
            .unwrap_or_else(|| slug::slugify(t.source.stem()));
        resolver.add(Kind::Thema, &id, &t.input.aliases, &t.source, &mut diags);
    }
    for s in &loaded.stories {
        let id = s
            .input
            .id
            .clone()
            .unwrap_or_else(|| slug::slugify(s.source.stem()));
        resolver.add(Kind::Story, &id, &s.input.aliases, &s.source, &mut diags);
    }
    resolver.add_vocabulary(
        Kind::Ambition,
        config.ambition_levels.iter().map(|l| l.id.clone()),
    );
    resolver.add_vocabulary(
        Kind::Status,
        config.stoplicht.levels.iter().map(|l| l.id.clone()),
    );

    let publications: Vec<Publication> = loaded
        .publications
        .iter()
        .map(|p| publication(p, &config, &resolver, &mut urls, &mut diags))
        .collect();
    let themas: Vec<Thema> = loaded
        .themas
        .iter()
        .map(|t| thema(t, &config, &resolver, &mut urls, &mut diags))
        .collect();
    let scenarios: Vec<Scenario> = loaded
        .scenarios
        .iter()
        .map(|s| scenario(s, &config, &resolver, &mut urls, &mut diags))
        .collect();
    // Stories are most of a large site: validated in parallel, then they
    // claim their URLs in order, as they would one by one.
    let validated: Vec<(Story, Diagnostics)> = {
        use rayon::prelude::*;
        loaded
            .stories
            .par_iter()
            .map(|s| {
                let mut d = Diagnostics::new();
                let st = story(s, &config, &resolver, &mut Urls::deferred(), &mut d);
                (st, d)
            })
            .collect()
    };
    let mut stories = Vec::with_capacity(validated.len());
    for ((st, d), s) in validated.into_iter().zip(&loaded.stories) {
        urls.claim(&st.url, &s.source, &mut diags);
        diags.extend(d);
        for r in &st.redirect_from {
            urls.claim_redirect(r, &s.source, &mut diags);
        }
        stories.push(st);
    }
    let pages: Vec<Page> = loaded
        .pages
        .iter()
        .map(|p| page(p, &mut urls, &mut diags))
        .collect();
    let navigation = config::navigation(&loaded.site, &config, &urls.by_source, &mut diags);
    let shown_root = loaded
        .site
        .source
        .shown
        .parent()
        .unwrap_or(std::path::Path::new(""));
    assets::check(&loaded.root, shown_root, &loaded.assets, &mut diags);

    let mut site = Site {
        config: SiteConfig {
            navigation,
            ..config
        },
        publications,
        themas,
        scenarios,
        stories,
        pages,
        assets: loaded.assets.clone(),
        urls: urls.by_source,
        content_root: loaded.root.clone(),
        index: SiteIndex::default(),
    };
    sort_site(&mut site);
    site.index();
    check_report_cycle(&site, &loaded, &mut diags);
    // Freeing thousands of parsed files takes a while; nobody waits for it.
    std::thread::spawn(move || drop(loaded));
    (site, diags, Patcher { resolver })
}

/// What validating one story again needs of the whole site: every id and
/// alias. See [`Patcher::story`].
pub struct Patcher {
    resolver: Resolver,
}

impl Patcher {
    /// Puts the edited story `s` in place of the story from the same file
    /// in `site`, a valid site, and returns its position. Gives None, and
    /// leaves `site` as it was, when the edit could change more of the site
    /// than the story itself: it has errors, or it changes the story's id,
    /// URL, aliases, redirects or place in the story order (the pages that
    /// list it, link to it or count it are then out of date).
    pub fn story(&self, site: &mut Site, s: &Parsed<StoryInput>) -> Option<usize> {
        let at = site
            .stories
            .iter()
            .position(|old| old.body.rel == s.source.rel)?;
        let mut diags = Diagnostics::new();
        let mut urls = Urls::deferred();
        let new = story(s, &site.config, &self.resolver, &mut urls, &mut diags);
        let same = |old: &Story, new: &Story| {
            new.id == old.id
                && new.url == old.url
                && new.aliases == old.aliases
                && new.redirect_from == old.redirect_from
        };
        put_in_place(&mut site.stories, at, new, &diags, same, story_order)
    }

    /// Puts the edited page `p` in place of the page from the same file,
    /// and returns its position; None, leaving `site` as it was, as for
    /// [`Patcher::story`].
    pub fn page(&self, site: &mut Site, p: &Parsed<PageInput>) -> Option<usize> {
        let at = site
            .pages
            .iter()
            .position(|old| old.body.rel == p.source.rel)?;
        let mut diags = Diagnostics::new();
        let new = page(p, &mut Urls::deferred(), &mut diags);
        let same =
            |old: &Page, new: &Page| new.url == old.url && new.redirect_from == old.redirect_from;
        put_in_place(&mut site.pages, at, new, &diags, same, page_order)
    }

    /// Puts the edited chapter `c` in place of the chapter from the same
    /// file, and returns the positions of its publication and of it in
    /// the publication. None, leaving `site` as it was, when the chapter
    /// is not there (a new file). A chapter has no id, URL or order of its
    /// own to change (they come from its file name and the publication).
    pub fn chapter(&self, site: &mut Site, c: &Parsed<ChapterInput>) -> Option<(usize, usize)> {
        let (p, n) = site.publications.iter().enumerate().find_map(|(p, pubn)| {
            let n = pubn
                .chapters
                .iter()
                .position(|ch| ch.body.rel == c.source.rel)?;
            Some((p, n))
        })?;
        let old = &mut site.publications[p].chapters[n];
        old.title = c.input.title.clone();
        old.summary = c.input.summary.clone();
        old.body = markdown(&c.source);
        Some((p, n))
    }
}

/// Which URLs are taken, by which file, to report two files claiming one.
#[derive(Default)]
struct Urls {
    by_url: rustc_hash::FxHashMap<String, String>,
    by_source: BTreeMap<String, String>,
    /// Claims are not made here but afterwards, in order (see
    /// `validate_all`): a story validated in parallel claims nothing.
    deferred: bool,
}

impl Urls {
    fn deferred() -> Self {
        Urls {
            deferred: true,
            ..Urls::default()
        }
    }

    /// Takes `url` for `source`, or reports who has it already (`Err`).
    fn take(&mut self, url: &str, source: &crate::load::source::SourceFile) -> Result<(), String> {
        if self.deferred {
            return Ok(());
        }
        match self.by_url.get(url) {
            Some(other) => Err(other.clone()),
            None => {
                self.by_url.insert(url.to_string(), source.rel.clone());
                Ok(())
            }
        }
    }

    /// A redirect claims its old URL, but is no link target.
    fn claim_redirect(
        &mut self,
        url: &str,
        source: &crate::load::source::SourceFile,
        diags: &mut Diagnostics,
    ) {
        if let Err(other) = self.take(url, source) {
            let pos = source.locate(Some("redirect_from"), url.trim_end_matches('/'));
            diags.push(
                source
                    .error(
                        pos,
                        format!("the redirect {url} is also claimed by {other}"),
                    )
                    .with_help("an old URL can lead to one page only"),
            );
        }
    }

    /// A page claims its URL and becomes a link target.
    fn claim(
        &mut self,
        url: &str,
        source: &crate::load::source::SourceFile,
        diags: &mut Diagnostics,
    ) {
        if let Err(other) = self.take(url, source) {
            diags.push(
                source
                    .error(
                        crate::error::Position::new(1, 1),
                        format!("the URL {url} is also claimed by {other}"),
                    )
                    .with_help("rename one of the two files so that each page has its own URL"),
            );
        }
        self.by_source.insert(source.rel.clone(), url.to_string());
    }
}

/// `publications/<folder>/index.md` -> slug of `<folder>`.
fn folder_slug(rel: &str) -> String {
    let folder = rel.split('/').nth(1).unwrap_or(rel);
    slug::slugify(folder)
}

/// `03-aanleiding.md` -> `aanleiding`: a leading number orders chapters.
fn chapter_slug(stem: &str) -> String {
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let trimmed = trimmed.trim_start_matches(['-', '_', ' ', '.']);
    slug::slugify(if trimmed.is_empty() { stem } else { trimmed })
}

fn markdown(source: &crate::load::source::SourceFile) -> Markdown {
    Markdown {
        text: source.body.clone(),
        file: source.shown.clone(),
        rel: source.rel.clone(),
        line: source.body_line,
        lang: source.fallback_lang.clone(),
    }
}

fn publication(
    p: &crate::load::LoadedPublication,
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Publication {
    let src = &p.index.source;
    let input = &p.index.input;
    let v = Values::new(src);
    let slug = folder_slug(&src.rel);
    let kind = PublicationKind::parse(&input.kind).unwrap_or_else(|| {
        diags.push(
            src.error(
                src.locate(Some("type"), &input.kind),
                format!("unknown publication type `{}`", input.kind),
            )
            .with_help(crate::suggest::valid_values_help(
                &input.kind,
                &PublicationKind::NAMES.map(String::from),
            )),
        );
        PublicationKind::Overig
    });
    let url = format!("/{}/{slug}/", config.sections.publications);
    urls.claim(&url, src, diags);
    let chapters = chapters(p, &url, urls, diags);
    let rapportage = input
        .progress
        .as_ref()
        .map(|progress| rapportage(progress, src, resolver, diags));
    if kind == PublicationKind::Voortgangsrapportage && rapportage.is_none() {
        diags.push(
            src.error(src.locate_key("type"), "a voortgangsrapportage needs a `progress` block")
                .with_help("add `progress:` with the reporting `date` and an entry per story (see docs/content-format.md)"),
        );
    }
    Publication {
        slug,
        url,
        source: src.shown.clone(),
        title: input.title.clone(),
        subtitle: input.subtitle.clone(),
        kind,
        status: input.status.clone(),
        summary: input.summary.clone(),
        dates: PublicationDates {
            drafted: v.date("drafted", input.dates.drafted.as_ref(), diags),
            adopted: v.date("adopted", input.dates.adopted.as_ref(), diags),
            adopted_by: input.dates.adopted_by.clone(),
            published: v.date("published", input.dates.published.as_ref(), diags),
        },
        registration_numbers: input
            .registration_numbers
            .iter()
            .map(Scalar::as_text)
            .collect(),
        portfolio_holder: input.portfolio_holder.clone(),
        author: input.author.clone(),
        version: input.version.as_ref().map(Scalar::as_text),
        reports_on: input
            .reports_on
            .as_deref()
            .and_then(|r| resolver.resolve(Kind::Publication, r, src, "reports_on", diags)),
        intro: markdown(src),
        chapters,
        woo_category: woo_category(input.woo_category.as_deref(), kind, src, diags),
        redirect_from: redirects(&input.redirect_from, src, urls, diags),
        tables: input
            .tables
            .iter()
            .filter_map(|t| v.table(t, resolver, diags))
            .collect(),
        rapportage,
    }
}

fn chapters(
    p: &crate::load::LoadedPublication,
    pub_url: &str,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Vec<Chapter> {
    let index = &p.index.source;
    let mut files: Vec<&Parsed<ChapterInput>> = p.chapters.iter().collect();
    if let Some(order) = &p.index.input.chapters {
        let mut ordered = Vec::new();
        for name in order {
            match files
                .iter()
                .position(|c| c.source.rel.rsplit('/').next() == Some(name.as_str()))
            {
                Some(i) => ordered.push(files.remove(i)),
                None => diags.push(
                    index
                        .error(
                            index.locate(Some("chapters"), name),
                            format!("chapter file `{name}` does not exist"),
                        )
                        .with_help(format!(
                            "chapter files in this folder: {}",
                            p.chapters
                                .iter()
                                .filter_map(|c| c.source.rel.rsplit('/').next())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                ),
            }
        }
        for rest in files {
            diags.push(
                index
                    .error(index.locate_key("chapters"), format!("chapter file `{}` is not listed in `chapters`", rest.source.rel))
                    .with_help("add it to the `chapters` list, or remove the list to order chapters by file name"),
            );
        }
        files = ordered;
    }
    files
        .into_iter()
        .map(|c| {
            let slug = chapter_slug(c.source.stem());
            let url = format!("{pub_url}{slug}/");
            urls.claim(&url, &c.source, diags);
            Chapter {
                slug,
                url,
                title: c.input.title.clone(),
                summary: c.input.summary.clone(),
                body: markdown(&c.source),
            }
        })
        .collect()
}

fn rapportage(
    progress: &ProgressInput,
    src: &crate::load::source::SourceFile,
    resolver: &Resolver,
    diags: &mut Diagnostics,
) -> Rapportage {
    let v = Values::new(src);
    let unit = v.unit(progress.unit.as_deref(), diags);
    let date = v
        .date("date", Some(&progress.date), diags)
        .unwrap_or_else(|| date::FuzzyDate::exact(chrono::NaiveDate::default()));
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let entries = progress
        .entries
        .iter()
        .filter_map(|e| {
            let story = resolver.resolve(Kind::Story, &e.story, src, "story", diags);
            let level = resolver.resolve(Kind::Status, &e.status, src, "status", diags);
            if let Some(s) = &story {
                if seen.insert(s.clone(), ()).is_some() {
                    diags.push(
                        src.error(
                            src.locate(Some("story"), &e.story),
                            format!("story `{}` has two entries in this report", e.story),
                        )
                        .with_help("give each story one entry per report"),
                    );
                }
            }
            let planned = v.money("planned", e.planned.as_ref(), unit, diags);
            let spent = v.money("spent", e.spent.as_ref(), unit, diags);
            let forecast = v.money("forecast", e.forecast.as_ref(), unit, diags);
            Some(StoryStatus {
                story: story?,
                level: level?,
                derived: e.status_derived,
                summary: e.summary.clone(),
                text: e.text.as_ref().map(|t| Markdown {
                    text: t.as_str().into(),
                    lang: src.fallback_lang.clone(),
                    file: src.shown.clone(),
                    rel: src.rel.clone(),
                    line: src
                        .locate(Some("text"), t.lines().next().unwrap_or(""))
                        .line,
                }),
                planned,
                spent,
                forecast,
            })
        })
        .collect();
    Rapportage {
        date,
        period: progress.period.clone(),
        entries,
    }
}

fn thema(
    t: &Parsed<ThemaInput>,
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Thema {
    let (src, input) = (&t.source, &t.input);
    let v = Values::new(src);
    let id = input
        .id
        .clone()
        .unwrap_or_else(|| slug::slugify(src.stem()));
    let url = format!("/{}/{id}/", config.sections.themes);
    urls.claim(&url, src, diags);
    let goal_ids: Vec<String> = input.goals.iter().map(|g| g.id.clone()).collect();
    for (i, g) in goal_ids.iter().enumerate() {
        if goal_ids[..i].contains(g) {
            diags.push(
                src.error(
                    src.locate(Some("id"), g),
                    format!("goal id `{g}` is used twice"),
                )
                .with_help("give every goal its own id"),
            );
        }
    }
    let indicators = input
        .indicators
        .iter()
        .map(|ind| {
            if let Some(goal) = &ind.goal {
                if !goal_ids.contains(goal) {
                    diags.push(
                        src.error(
                            src.locate(Some("goal"), goal),
                            format!("unknown goal `{goal}`"),
                        )
                        .with_help(crate::suggest::valid_values_help(goal, &goal_ids)),
                    );
                }
            }
            Indicator {
                title: ind.title.clone(),
                goal: ind.goal.clone(),
                unit: ind.unit.clone(),
                value: ind.value.as_ref().map(Scalar::as_text),
                target: ind.target.as_ref().map(Scalar::as_text),
                note: ind.note.clone(),
            }
        })
        .collect();
    Thema {
        id,
        url,
        source: src.shown.clone(),
        title: input.title.clone(),
        short_title: input.short_title.clone(),
        number: input.number,
        kind: input.kind.clone().unwrap_or_else(|| "thema".into()),
        aliases: input.aliases.clone(),
        publication: input
            .publication
            .as_deref()
            .and_then(|p| resolver.resolve(Kind::Publication, p, src, "publication", diags)),
        ambition: input
            .ambition
            .as_deref()
            .and_then(|a| resolver.resolve(Kind::Ambition, a, src, "ambition", diags)),
        ambition_note: input.ambition_note.clone(),
        summary: input.summary.clone(),
        budget: v.money(
            "budget",
            input.budget.as_ref(),
            money::MoneyUnit::Euro,
            diags,
        ),
        goals: input
            .goals
            .iter()
            .map(|g| Goal {
                id: g.id.clone(),
                title: g.title.clone(),
                description: g.description.clone(),
            })
            .collect(),
        indicators,
        body: markdown(src),
    }
}

fn scenario(
    s: &Parsed<ScenarioInput>,
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Scenario {
    let (src, input) = (&s.source, &s.input);
    let v = Values::new(src);
    let slug = slug::slugify(src.stem());
    let url = format!("/{}/{slug}/", config.sections.scenarios);
    urls.claim(&url, src, diags);
    Scenario {
        slug,
        url,
        source: src.shown.clone(),
        title: input.title.clone(),
        order: input.order,
        publication: input
            .publication
            .as_deref()
            .and_then(|p| resolver.resolve(Kind::Publication, p, src, "publication", diags)),
        fictional: input.fictional,
        ambition: input
            .ambition
            .as_deref()
            .and_then(|a| resolver.resolve(Kind::Ambition, a, src, "ambition", diags)),
        summary: input.summary.clone(),
        costs: input
            .costs
            .as_ref()
            .and_then(|t| v.table(t, resolver, diags)),
        body: markdown(src),
    }
}

fn story(
    s: &Parsed<StoryInput>,
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Story {
    let (src, input) = (&s.source, &s.input);
    let v = Values::new(src);
    let id = input
        .id
        .clone()
        .unwrap_or_else(|| slug::slugify(src.stem()));
    let url = format!("/{}/{id}/", config.sections.stories);
    urls.claim(&url, src, diags);
    let unit = v.unit(input.unit.as_deref(), diags);
    Story {
        url,
        source: src.shown.clone(),
        title: input.title.clone(),
        number: input.number.as_ref().map(Scalar::as_text),
        aliases: input.aliases.clone(),
        themes: input
            .themes
            .iter()
            .filter_map(|t| resolver.resolve(Kind::Thema, t, src, "themes", diags))
            .collect(),
        publication: input
            .publication
            .as_deref()
            .and_then(|p| resolver.resolve(Kind::Publication, p, src, "publication", diags)),
        ambition: input
            .ambition
            .as_deref()
            .and_then(|a| resolver.resolve(Kind::Ambition, a, src, "ambition", diags)),
        owner: input.owner.clone(),
        budget: v.money("budget", input.budget.as_ref(), unit, diags),
        summary: input.summary.clone(),
        see_also: input
            .see_also
            .iter()
            .filter_map(|r| resolver.resolve(Kind::Story, r, src, "see_also", diags))
            .collect(),
        body: markdown(src),
        redirect_from: redirects(&input.redirect_from, src, urls, diags),
        id,
    }
}

fn page(p: &Parsed<PageInput>, urls: &mut Urls, diags: &mut Diagnostics) -> Page {
    let slug = slug::slugify(p.source.stem());
    let url = if slug == "index" {
        "/".to_string()
    } else {
        format!("/{slug}/")
    };
    urls.claim(&url, &p.source, diags);
    Page {
        slug,
        url,
        source: p.source.shown.clone(),
        title: p.input.title.clone(),
        description: p.input.description.clone(),
        order: p.input.order,
        body: markdown(&p.source),
        redirect_from: redirects(&p.input.redirect_from, &p.source, urls, diags),
    }
}

/// The Woo category of a publication: as given, or by its kind (a notice
/// to the Staten is a meeting document, the rest are plans and reports).
fn woo_category(
    given: Option<&str>,
    kind: PublicationKind,
    src: &crate::load::source::SourceFile,
    diags: &mut Diagnostics,
) -> &'static woo::Category {
    let default = if kind == PublicationKind::Mededeling {
        "2c"
    } else {
        "2g"
    };
    let fallback = woo::Category::by_code(default).unwrap_or(&woo::CATEGORIES[11]);
    match given {
        None => fallback,
        Some(code) => woo::Category::by_code(code).unwrap_or_else(|| {
            let valid: Vec<String> = woo::CATEGORIES
                .iter()
                .map(|c| format!("{} ({})", c.code, c.label))
                .collect();
            diags.push(
                src.error(
                    src.locate(Some("woo_category"), code),
                    format!("unknown Woo information category `{code}`"),
                )
                .with_help(format!(
                    "use the code of art. 3.3 Woo: {}",
                    valid.join(", ")
                )),
            );
            fallback
        }),
    }
}

/// Old URL paths: site paths like `/stories/oud/`, claimed like any URL.
fn redirects(
    paths: &[String],
    src: &crate::load::source::SourceFile,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    for p in paths {
        let clean = p.trim();
        let valid = clean.starts_with('/')
            && !clean.contains("..")
            && !clean.contains("://")
            && !clean.contains(['?', '#', '\\', '"', '<', '>']);
        if !valid {
            diags.push(
                src.error(
                    src.locate(Some("redirect_from"), clean),
                    format!("`{clean}` in `redirect_from` is not a path on this site"),
                )
                .with_help("write the old path from the site's root, e.g. /stories/oude-naam/"),
            );
            continue;
        }
        let mut url = clean.to_string();
        if !url.ends_with('/') && !url.ends_with(".html") {
            url.push('/');
        }
        urls.claim_redirect(&url, src, diags);
        out.push(url);
    }
    out
}

/// Canonical orders: themes by number, stories by number then title,
/// publications newest first, scenarios by order.
fn sort_site(site: &mut Site) {
    site.themas.sort_by(|a, b| {
        (a.number.unwrap_or(u32::MAX), &a.title).cmp(&(b.number.unwrap_or(u32::MAX), &b.title))
    });
    site.stories.sort_by_cached_key(story_order);
    site.scenarios.sort_by(|a, b| {
        (a.order.unwrap_or(u32::MAX), &a.title).cmp(&(b.order.unwrap_or(u32::MAX), &b.title))
    });
    site.pages.sort_by_cached_key(page_order);
    site.publications.sort_by(|a, b| {
        let key = |p: &Publication| {
            p.rapportage
                .as_ref()
                .map(|r| r.date.day)
                .or(p.dates.published.map(|d| d.day))
                .or(p.dates.adopted.map(|d| d.day))
        };
        key(b).cmp(&key(a)).then_with(|| a.title.cmp(&b.title))
    });
}

/// Puts `new`, validated with `diags`, in place of `list[at]` and returns
/// `at`; None, leaving `list` as it was, when it has errors, is not the
/// `same` as the old one where other pages show it, or would move in the
/// order of `list` by `key`.
fn put_in_place<T, K: Ord>(
    list: &mut [T],
    at: usize,
    new: T,
    diags: &Diagnostics,
    same: impl Fn(&T, &T) -> bool,
    key: fn(&T) -> K,
) -> Option<usize> {
    if diags.has_errors() || !same(&list[at], &new) || !still_in_order(list, at, &new, key) {
        return None;
    }
    list[at] = new;
    Some(at)
}

/// Whether `new`, in place of `list[at]`, keeps the order of `list` by
/// `key`: the same key, or strictly between its neighbours' (ties keep
/// the order of the files).
fn still_in_order<T, K: Ord>(list: &[T], at: usize, new: &T, key: fn(&T) -> K) -> bool {
    let k = key(new);
    key(&list[at]) == k
        || (at == 0 || key(&list[at - 1]) < k) && list.get(at + 1).is_none_or(|next| k < key(next))
}

fn page_order(p: &Page) -> (u32, String) {
    (p.order.unwrap_or(u32::MAX), p.title.clone())
}

/// Stories sort by number: numerically when the number is a number ("2" <
/// "10"), else as text ("3B1").
fn story_order(s: &Story) -> (u64, String, String) {
    let n = s.number.as_deref().unwrap_or("");
    let numeric = n.parse::<u64>().unwrap_or(u64::MAX);
    (numeric, n.to_string(), s.title.clone())
}

/// `reports_on` relations must not loop (A reports on B reports on A).
fn check_report_cycle(site: &Site, loaded: &Loaded, diags: &mut Diagnostics) {
    for start in &site.publications {
        let mut seen = vec![start.slug.as_str()];
        let mut cur = start;
        while let Some(next) = cur.reports_on.as_deref().and_then(|n| site.publication(n)) {
            if seen.contains(&next.slug.as_str()) {
                if next.slug == start.slug {
                    let src = loaded
                        .publications
                        .iter()
                        .find(|p| folder_slug(&p.index.source.rel) == start.slug)
                        .map(|p| &p.index.source);
                    if let Some(src) = src {
                        let chain: Vec<&str> =
                            seen.iter().copied().chain([next.slug.as_str()]).collect();
                        diags.push(
                            Diagnostic::error(&src.shown, src.locate_key("reports_on"), format!("circular `reports_on`: {}", chain.join(" -> ")))
                                .with_help("a publication cannot (indirectly) report on itself; remove one of the relations"),
                        );
                    }
                }
                break;
            }
            seen.push(next.slug.as_str());
            cur = next;
        }
    }
}
