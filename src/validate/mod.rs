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
use crate::load::source::SourceFile;
use crate::load::yaml::At;
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
    urls.reserve(&config);

    // Ids and URLs first, so references can be resolved in any order.
    let mut resolver = Resolver::default();
    for p in &loaded.publications {
        let slug = folder_slug(&p.index.source.rel);
        resolver.add(
            Kind::Publication,
            &slug,
            None,
            &[],
            &p.index.source,
            &mut diags,
        );
    }
    for t in &loaded.themas {
        let id = content_id(t.input.id.as_ref(), &t.source, &mut diags);
        let id_at = t.input.id.as_ref();
        resolver.add(
            Kind::Thema,
            &id,
            id_at,
            &t.input.aliases,
            &t.source,
            &mut diags,
        );
    }
    for s in &loaded.stories {
        let id = content_id(s.input.id.as_ref(), &s.source, &mut diags);
        let id_at = s.input.id.as_ref();
        resolver.add(
            Kind::Story,
            &id,
            id_at,
            &s.input.aliases,
            &s.source,
            &mut diags,
        );
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
        for (r, at) in st.redirect_from.iter().zip(&s.input.redirect_from) {
            urls.claim_redirect(r, at, &s.source, &mut diags);
        }
        stories.push(st);
    }
    let pages: Vec<Page> = loaded
        .pages
        .iter()
        .map(|p| page(p, &mut urls, &mut diags))
        .collect();
    let shape = Shape {
        publications: !publications.is_empty(),
        themes: !themas.is_empty(),
        scenarios: !scenarios.is_empty(),
        stories: !stories.is_empty(),
        reports: publications.iter().any(|p| p.rapportage.is_some()),
    };
    let navigation = config::navigation(&loaded.site, &config, shape, &urls.by_source, &mut diags);
    urls.check_assets(&loaded, &mut diags);
    check_report_dates(&loaded, &publications_dates(&publications), &mut diags);
    check_magnitudes(&loaded, &resolver, &mut diags);
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
    if site.statement() == Statement::Missing {
        diags.push(config::no_statement_warning(&loaded.site, &site.config));
    }
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
/// koers' own pages and files are claimed first (see [`Urls::reserve`]).
#[derive(Default)]
struct Urls {
    by_url: rustc_hash::FxHashMap<String, String>,
    /// Folders of generated files: nothing of the content may go there.
    reserved_folders: Vec<(String, String)>,
    /// Generated pages a content page of the same URL may replace, as
    /// documented: the home page and the accessibility statement.
    replaceable: Vec<String>,
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

    /// Claims the URLs of the pages and files koers makes itself, so that
    /// no content file can take (and silently replace) them.
    fn reserve(&mut self, config: &SiteConfig) {
        let s = &config.sections;
        let mut own = |url: String, what: &str| {
            self.by_url.insert(url, format!("koers' {what}"));
        };
        for (url, what) in crate::render::generated_urls(config) {
            own(url, what);
        }
        self.reserved_folders = [
            (crate::render::DATA_URL, "open data files"),
            (crate::render::DOCUMENTS_URL, "Woo metadata"),
            ("/assets/", "theme files"),
            (concat!("/", "search-index/"), "search index"),
        ]
        .iter()
        .map(|(u, w)| (u.to_string(), format!("koers' {w}")))
        .collect();
        self.replaceable = vec!["/".to_string(), format!("/{}/", s.accessibility)];
    }

    /// The generated files' folder that `url` lies in, if any.
    fn reserved_folder(&self, url: &str) -> Option<&str> {
        self.reserved_folders
            .iter()
            .find(|(folder, _)| url.starts_with(folder.as_str()) && url != folder)
            .map(|(_, what)| what.as_str())
    }

    /// A static file of the content folder is copied to the same path in
    /// the output: it may not take the place of a page or a generated file.
    fn check_assets(&self, loaded: &Loaded, diags: &mut Diagnostics) {
        for rel in &loaded.assets {
            let url = format!("/{rel}");
            let page = url.strip_suffix("index.html").filter(|u| u.ends_with('/'));
            let owner = page
                .and_then(|p| self.by_url.get(p).map(String::as_str))
                .or_else(|| self.by_url.get(&url).map(String::as_str))
                .or_else(|| self.reserved_folder(&url));
            if let Some(owner) = owner {
                diags.push(
                    Diagnostic::error(
                        loaded.site.source.shown.with_file_name(rel),
                        crate::error::Position::default(),
                        format!("the file {url} would replace {owner}"),
                    )
                    .with_help("rename or move the file; to write a page of your own, use a Markdown file in pages/"),
                );
            }
        }
    }

    /// Takes `url` for `source`, or reports who has it already (`Err`).
    fn take(&mut self, url: &str, source: &crate::load::source::SourceFile) -> Result<(), String> {
        if self.deferred {
            return Ok(());
        }
        if let Some(what) = self.reserved_folder(url) {
            return Err(what.to_string());
        }
        // `/feed.xml/` would make a folder where koers writes a file.
        let file = url.trim_end_matches('/');
        if let Some(own) = self.by_url.get(file).filter(|o| o.starts_with("koers' ")) {
            return Err(own.clone());
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
        at: &At<String>,
        source: &crate::load::source::SourceFile,
        diags: &mut Diagnostics,
    ) {
        if let Err(other) = self.take(url, source) {
            let pos = source.at(at);
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

    /// A page claims its URL and becomes a link target. A page of the
    /// content may replace koers' home page or accessibility statement.
    fn claim(
        &mut self,
        url: &str,
        source: &crate::load::source::SourceFile,
        diags: &mut Diagnostics,
    ) {
        let own = self
            .by_url
            .get(url)
            .is_some_and(|o| o.starts_with("koers' "));
        if own && self.replaceable.iter().any(|r| r == url) && !self.deferred {
            self.by_url.insert(url.to_string(), source.rel.clone());
            self.replaceable.retain(|r| r != url);
        } else if let Err(other) = self.take(url, source) {
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
                src.at(&input.kind),
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
            src.error(src.at(&input.kind), "a voortgangsrapportage needs a `progress` block")
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
            .as_ref()
            .and_then(|r| resolver.resolve(Kind::Publication, r, src, "reports_on", diags)),
        intro: markdown(src),
        chapters,
        woo_category: woo_category(
            input.woo_category.as_ref(),
            config.woo_category,
            &input.kind,
            src,
            diags,
        ),
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
                .position(|c| c.source.rel.rsplit('/').next() == Some(name.value.as_str()))
            {
                Some(i) => ordered.push(files.remove(i)),
                None => diags.push(
                    index
                        .error(
                            index.at(name),
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
                    .error(order.first().map_or(crate::error::Position::new(1, 1), |first| index.at(first)), format!("chapter file `{}` is not listed in `chapters`", rest.source.rel))
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
    let unit = v.unit(progress.unit.as_ref(), diags);
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
                            src.at(&e.story),
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
                    // A block scalar (`text: |`) starts on the line below its key.
                    line: src.at(t).line
                        + usize::from(src.raw(t).is_some_and(|r| r.starts_with(['|', '>']))),
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
    let id = content_id(input.id.as_ref(), src, &mut Diagnostics::new());
    let url = format!("/{}/{id}/", config.sections.themes);
    urls.claim(&url, src, diags);
    let goal_ids: Vec<String> = input.goals.iter().map(|g| g.id.value.clone()).collect();
    for (i, g) in input.goals.iter().enumerate() {
        if goal_ids[..i].contains(&g.id.value) {
            diags.push(
                src.error(src.at(&g.id), format!("goal id `{}` is used twice", g.id))
                    .with_help("give every goal its own id"),
            );
        }
    }
    let indicators = input
        .indicators
        .iter()
        .map(|ind| {
            if let Some(goal) = &ind.goal {
                if !goal_ids.contains(&goal.value) {
                    diags.push(
                        src.error(src.at(goal), format!("unknown goal `{goal}`"))
                            .with_help(crate::suggest::valid_values_help(goal, &goal_ids)),
                    );
                }
            }
            Indicator {
                title: ind.title.clone(),
                goal: ind.goal.as_ref().map(|g| g.value.clone()),
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
        aliases: plain(&input.aliases),
        publication: input
            .publication
            .as_ref()
            .and_then(|p| resolver.resolve(Kind::Publication, p, src, "publication", diags)),
        ambition: input
            .ambition
            .as_ref()
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
                id: g.id.value.clone(),
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
            .as_ref()
            .and_then(|p| resolver.resolve(Kind::Publication, p, src, "publication", diags)),
        fictional: input.fictional,
        ambition: input
            .ambition
            .as_ref()
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
    let id = content_id(input.id.as_ref(), src, &mut Diagnostics::new());
    let url = format!("/{}/{id}/", config.sections.stories);
    urls.claim(&url, src, diags);
    let unit = v.unit(input.unit.as_ref(), diags);
    check_see_also(&id, resolver, &input.see_also, src, diags);
    Story {
        url,
        source: src.shown.clone(),
        title: input.title.clone(),
        number: input.number.as_ref().map(Scalar::as_text),
        aliases: plain(&input.aliases),
        themes: input
            .themes
            .iter()
            .filter_map(|t| resolver.resolve(Kind::Thema, t, src, "themes", diags))
            .collect(),
        publication: input
            .publication
            .as_ref()
            .and_then(|p| resolver.resolve(Kind::Publication, p, src, "publication", diags)),
        ambition: input
            .ambition
            .as_ref()
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

/// The Woo information category of a publication: its own
/// `woo_category`, or the site's. There is no silent default: filing a
/// vision as "jaarplannen en jaarverslagen" would be a claim of koers'.
fn woo_category(
    given: Option<&At<String>>,
    site_default: Option<&'static woo::Category>,
    kind_at: &At<String>,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> &'static woo::Category {
    // Only reached with an error reported, so never published.
    let placeholder = &woo::CATEGORIES[0];
    match (given, site_default) {
        (Some(code), _) => woo::Category::by_code(code).unwrap_or_else(|| {
            diags.push(
                src.error(
                    src.at(code),
                    format!("unknown Woo information category `{code}`"),
                )
                .with_help(woo_categories_help()),
            );
            placeholder
        }),
        (None, Some(category)) => category,
        (None, None) => {
            diags.push(
                src.error(src.at(kind_at), "the publication has no Woo information category")
                    .with_help(format!(
                        "add `woo_category:` to this publication, or one for all publications to site.yaml; {}",
                        woo_categories_help()
                    )),
            );
            placeholder
        }
    }
}

/// The categories of art. 3.3 Woo, for help texts.
pub(crate) fn woo_categories_help() -> String {
    let valid: Vec<String> = woo::CATEGORIES
        .iter()
        .map(|c| format!("{} ({})", c.code, c.label))
        .collect();
    format!(
        "the categories of art. 3.3 Woo are: {} (see docs/open-government.md)",
        valid.join(", ")
    )
}

/// Old URL paths: site paths like `/stories/oud/`, claimed like any URL.
fn redirects(
    paths: &[At<String>],
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
                    src.at(p),
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
        urls.claim_redirect(&url, p, src, diags);
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
                            Diagnostic::error(&src.shown, p_reports_on(loaded, &start.slug).map_or(crate::error::Position::new(1, 1), |at| src.at(at)), format!("circular `reports_on`: {}", chain.join(" -> ")))
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

/// The `reports_on` of the publication `slug`, where it is written.
fn p_reports_on<'a>(loaded: &'a Loaded, slug: &str) -> Option<&'a At<String>> {
    loaded
        .publications
        .iter()
        .find(|p| folder_slug(&p.index.source.rel) == slug)?
        .index
        .input
        .reports_on
        .as_ref()
}

/// The values of a list, without their places.
fn plain(list: &[At<String>]) -> Vec<String> {
    list.iter().map(|a| a.value.clone()).collect()
}

/// The id of a theme or story: its `id`, or the slug of its file name. An
/// `id` goes into URLs and anchors as it is, so it must be a slug: an id
/// with `?`, `#`, spaces, dots or invisible characters would break every
/// link to it or make a look-alike URL.
fn content_id(given: Option<&At<String>>, src: &SourceFile, diags: &mut Diagnostics) -> String {
    let Some(id) = given else {
        return slug::slugify(src.stem());
    };
    if !is_slug(id) {
        let suggestion = slug::slugify(id.as_str());
        diags.push(
            src.error(
                src.at(id),
                format!("the id `{}` is not a valid id", id.escape_debug()),
            )
            .with_help(format!(
                "an id goes into the page's URL: use lower-case letters, digits and hyphens only{}",
                if suggestion.is_empty() {
                    String::new()
                } else {
                    format!(", e.g. `{suggestion}`")
                }
            )),
        );
    }
    id.value.clone()
}

/// Letters (a-z), digits and single hyphens, starting and ending with a
/// letter or digit.
pub(crate) fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// `see_also` may not name the story itself, nor one story twice.
fn check_see_also(
    id: &str,
    resolver: &Resolver,
    see_also: &[At<String>],
    src: &SourceFile,
    diags: &mut Diagnostics,
) {
    let mut seen: Vec<String> = Vec::new();
    for r in see_also {
        let Some(target) =
            resolver.resolve(Kind::Story, r, src, "see_also", &mut Diagnostics::new())
        else {
            continue;
        };
        if target == id {
            diags.push(
                src.error(
                    src.at(r),
                    format!("`see_also` names this story itself (`{r}`)"),
                )
                .with_help("list other stories only"),
            );
        } else if seen.contains(&target) {
            diags.push(
                src.error(
                    src.at(r),
                    format!("`see_also` names story `{target}` twice"),
                )
                .with_help("list each story once"),
            );
        }
        seen.push(target);
    }
}

fn publications_dates(publications: &[Publication]) -> Vec<(String, Option<date::FuzzyDate>)> {
    publications
        .iter()
        .map(|p| (p.slug.clone(), p.rapportage.as_ref().map(|r| r.date)))
        .collect()
}

/// Two reports with one reporting date: which is "the previous report"
/// would depend on folder names, so it is an error naming both.
fn check_report_dates(
    loaded: &Loaded,
    dates: &[(String, Option<date::FuzzyDate>)],
    diags: &mut Diagnostics,
) {
    for (i, (slug, date)) in dates.iter().enumerate() {
        let Some(date) = date else { continue };
        let Some((first, _)) = dates[..i]
            .iter()
            .find(|(_, d)| d.is_some_and(|d| d.day == date.day))
        else {
            continue;
        };
        let Some(p) = loaded
            .publications
            .iter()
            .find(|p| folder_slug(&p.index.source.rel) == *slug)
        else {
            continue;
        };
        let Some(progress) = &p.index.input.progress else {
            continue;
        };
        diags.push(
            p.index
                .source
                .error(
                    p.index.source.at(&progress.date),
                    format!("this report has the same reporting date as the report `{first}`"),
                )
                .with_help("give each report the date it reports on; koers orders reports (and finds the previous one) by that date"),
        );
    }
}

/// An amount of a story, where it is written.
type Amount<'a> = (i64, &'a SourceFile, &'a At<Scalar>);

/// Warns about an amount that differs by a factor of a thousand or more
/// from the other amounts of the same story: the trap of `unit: k€` with
/// an amount written in euros (or the other way round).
fn check_magnitudes(loaded: &Loaded, resolver: &Resolver, diags: &mut Diagnostics) {
    use std::collections::HashMap;
    let mut amounts: HashMap<String, Vec<Amount>> = HashMap::new();
    let mut quiet = Diagnostics::new();
    for s in &loaded.stories {
        let v = Values::new(&s.source);
        let unit = v.unit(s.input.unit.as_ref(), &mut quiet);
        let id = content_id(s.input.id.as_ref(), &s.source, &mut quiet);
        if let Some(at) = &s.input.budget {
            if let Some(money::Money::Amount(c)) = v.money("budget", Some(at), unit, &mut quiet) {
                amounts.entry(id).or_default().push((c, &s.source, at));
            }
        }
    }
    for p in &loaded.publications {
        let Some(progress) = &p.index.input.progress else {
            continue;
        };
        let src = &p.index.source;
        let v = Values::new(src);
        let unit = v.unit(progress.unit.as_ref(), &mut quiet);
        for e in &progress.entries {
            let Some(id) = resolver.resolve(Kind::Story, &e.story, src, "story", &mut quiet) else {
                continue;
            };
            for (key, at) in [
                ("planned", &e.planned),
                ("spent", &e.spent),
                ("forecast", &e.forecast),
            ] {
                let Some(at) = at else { continue };
                if let Some(money::Money::Amount(c)) = v.money(key, Some(at), unit, &mut quiet) {
                    amounts.entry(id.clone()).or_default().push((c, src, at));
                }
            }
        }
    }
    let mut ids: Vec<&String> = amounts.keys().collect();
    ids.sort();
    for id in ids {
        let list: Vec<&(i64, &SourceFile, &At<Scalar>)> =
            amounts[id].iter().filter(|(c, _, _)| *c > 0).collect();
        let (Some(min), Some(max)) = (
            list.iter().min_by_key(|a| a.0),
            list.iter().max_by_key(|a| a.0),
        ) else {
            continue;
        };
        if max.0 / 1_000 < min.0 {
            continue;
        }
        // The odd one out is the amount furthest from the others' median.
        let mut sorted: Vec<i64> = list.iter().map(|a| a.0).collect();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2] as f64;
        let distance = |c: i64| ((c as f64) / median).ln().abs();
        let (odd, other) = if distance(min.0) > distance(max.0) {
            (min, max)
        } else {
            (max, min)
        };
        diags.push(
            odd.1
                .warning(
                    odd.1.at(odd.2),
                    format!(
                        "{} for story `{id}` differs by a factor of {} or more from its {} ({}:{})",
                        money::format_euros(odd.0),
                        if max.0 / min.0 >= 1_000_000 { "a million" } else { "a thousand" },
                        money::format_euros(other.0),
                        other.1.shown.display(),
                        other.1.at(other.2).line
                    ),
                )
                .with_help("check the unit: with `unit: k€` a bare number is in thousands (2500 is € 2.500.000), and \"€ 2.500\" is always € 2.500"),
        );
    }
}
