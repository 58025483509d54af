//! Stage 2, validate: turn the loaded authoring structs into the typed
//! [`crate::model::Site`]. Every reference is resolved (ids and aliases),
//! every amount and date parsed, every stated total checked; every problem
//! becomes a diagnostic that names the file, the line and the bad value.

mod assets;
mod checks;
mod config;
pub use config::check_contrast;
mod content;
mod data_tables;
mod goals;
mod publication;
mod refs;
mod themes;
mod urls;
mod values;

use crate::error::{Diagnostic, Diagnostics};
use crate::load::input::*;
use crate::load::source::SourceFile;
use crate::load::yaml::At;
use crate::load::{Loaded, Parsed};
use crate::model::*;
use checks::{check_magnitudes, check_report_cycle, check_report_dates, publications_dates};
use content::{content_id, page, scenario, story, thema};
use publication::{folder_slug, publication};
use refs::{Kind, Resolver};
use std::collections::BTreeMap;
use urls::Urls;
use values::Values;

/// Options that override the content's configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    /// Build the view of the site in this language (a translation).
    pub language: Option<String>,
}

/// Validates as far as possible: the site (with whatever could be
/// resolved), every problem found (the build uses the partial site to find
/// broken links too, so one run reports all errors), and the [`Patcher`]
/// that can later patch one edited story into the site without validating
/// it all again.
pub fn validate_keeping(loaded: Loaded, overrides: &Overrides) -> (Site, Diagnostics, Patcher) {
    let mut diags = Diagnostics::new();
    let mut config = config::site_config(&loaded.site, overrides, &mut diags);
    config.accessibility.automated = automated_check(&loaded.root);
    config.brand = config::brand(&loaded.site, &loaded.root, &loaded.assets, &mut diags);
    let mut urls = Urls::default();
    urls.reserve(&config);
    // Ids and URLs first, so references can be resolved in any order.
    let resolver = register_ids(&loaded, &config, &mut diags);
    let publications: Vec<Publication> = loaded
        .publications
        .iter()
        .map(|p| publication(p, &config, &resolver, &mut urls, &mut diags))
        .collect();
    let mut themas: Vec<Thema> = loaded
        .themas
        .iter()
        .map(|t| thema(t, &config, &resolver, &mut urls, &mut diags))
        .collect();
    let scenarios: Vec<Scenario> = loaded
        .scenarios
        .iter()
        .map(|s| scenario(s, &config, &resolver, &mut urls, &mut diags))
        .collect();
    let (goals, principles) = goals::collect(
        &loaded,
        (&themas, &publications),
        &config,
        &resolver,
        &mut urls,
        &mut diags,
    );
    let stories = validate_stories(&loaded, &config, &resolver, &mut urls, &mut diags);
    let by_first_theme = themes::stories_by_first_theme(&stories);
    for (t, theme) in loaded.themas.iter().zip(themas.iter_mut()) {
        theme.amounts = themes::amounts(t, theme, &resolver, &by_first_theme, &mut diags);
    }
    themes::check_coalition_sources(&loaded, &themas, &publications, &mut diags);
    let pages: Vec<Page> = loaded
        .pages
        .iter()
        .map(|p| page(p, &mut urls, &mut diags))
        .collect();
    let data_tables =
        data_tables::Texts::of(&publications, (&themas, &scenarios), &stories, &pages)
            .data_tables();
    data_tables::check_names(&data_tables, (&publications, &scenarios), &mut diags);
    let mut shape = Shape::of(&publications, &themas, &scenarios, &stories);
    shape.tables |= !data_tables.is_empty();
    let navigation = config::navigation(&loaded.site, &config, shape, &urls.by_source, &mut diags);
    urls.check_assets(&loaded, &mut diags);
    check_whole(
        &loaded,
        (&config, shape),
        &resolver,
        &publications,
        &mut diags,
    );
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
        goals,
        principles,
        data_tables,
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

/// The ids (and aliases) of publications, themes and stories, and the
/// vocabularies of ambition and status levels.
fn register_ids(loaded: &Loaded, config: &SiteConfig, diags: &mut Diagnostics) -> Resolver {
    let mut resolver = Resolver::default();
    for p in &loaded.publications {
        let slug = folder_slug(&p.index.source.rel);
        resolver.add(Kind::Publication, &slug, None, &[], &p.index.source, diags);
    }
    for t in &loaded.themas {
        let id = content_id(t.input.id.as_ref(), &t.source, diags);
        let id_at = t.input.id.as_ref();
        resolver.add(Kind::Thema, &id, id_at, &t.input.aliases, &t.source, diags);
    }
    for s in &loaded.stories {
        let id = content_id(s.input.id.as_ref(), &s.source, diags);
        let id_at = s.input.id.as_ref();
        resolver.add(Kind::Story, &id, id_at, &s.input.aliases, &s.source, diags);
    }
    goals::register(loaded, &mut resolver, diags);
    resolver.add_vocabulary(
        Kind::Ambition,
        config.ambition_levels.iter().map(|l| l.id.clone()),
    );
    resolver.add_vocabulary(
        Kind::Status,
        config.stoplicht.levels.iter().map(|l| l.id.clone()),
    );
    resolver
}

/// Stories are most of a large site: validated in parallel, then they
/// claim their URLs in order, as they would one by one.
fn validate_stories(
    loaded: &Loaded,
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Vec<Story> {
    let validated: Vec<(Story, Diagnostics)> = {
        use rayon::prelude::*;
        loaded
            .stories
            .par_iter()
            .map(|s| {
                let mut d = Diagnostics::new();
                let st = story(s, config, resolver, &mut Urls::deferred(), &mut d);
                (st, d)
            })
            .collect()
    };
    let mut stories = Vec::with_capacity(validated.len());
    for ((st, d), s) in validated.into_iter().zip(&loaded.stories) {
        urls.claim(&st.url, &s.source, diags);
        diags.extend(d);
        for (r, at) in st.redirect_from.iter().zip(&s.input.redirect_from) {
            urls.claim_redirect(r, at, &s.source, diags);
        }
        stories.push(st);
    }
    stories
}

/// The checks across the whole site: a Woo theme for publications, report
/// dates, magnitudes of amounts, and the assets.
fn check_whole(
    loaded: &Loaded,
    (config, shape): (&SiteConfig, Shape),
    resolver: &Resolver,
    publications: &[Publication],
    diags: &mut Diagnostics,
) {
    if shape.publications && config.woo_theme.is_none() {
        diags.push(
            loaded
                .site
                .source
                .error(crate::error::Position::new(1, 1), "the site names no Woo theme (`woo_theme`) for its publications")
                .with_help("add the theme of the TOOI TOP-lijst the publications are about to site.yaml, e.g. `woo_theme: {id: c_ee06665e, label: informatievoorziening en ICT}`; the DiWoo metadata of every publication carries it"),
        );
    }
    check_report_dates(loaded, &publications_dates(publications), diags);
    check_magnitudes(loaded, resolver, diags);
    let shown_root = loaded
        .site
        .source
        .shown
        .parent()
        .unwrap_or(std::path::Path::new(""));
    assets::check(&loaded.root, shown_root, &loaded.assets, diags);
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
    /// list it, link to it or count it are then out of date), or it could
    /// make a theme's `sum: stories` wrong.
    pub fn story(&self, site: &mut Site, s: &Parsed<StoryInput>) -> Option<usize> {
        let at = site
            .stories
            .iter()
            .position(|old| old.body.rel == s.source.rel)?;
        let mut diags = Diagnostics::new();
        let mut urls = Urls::deferred();
        let new = story(s, &site.config, &self.resolver, &mut urls, &mut diags);
        let themas = &site.themas;
        let same = |old: &Story, new: &Story| {
            new.id == old.id
                && new.url == old.url
                && new.aliases == old.aliases
                && new.redirect_from == old.redirect_from
                && !themes::edit_breaks_a_sum(themas, old, new)
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
    /// is not there (a new file) or has an unknown `numbering`. A chapter
    /// has no id, URL or order of its own to change (they come from its
    /// file name and the publication).
    pub fn chapter(&self, site: &mut Site, c: &Parsed<ChapterInput>) -> Option<(usize, usize)> {
        let (p, n) = site.publications.iter().enumerate().find_map(|(p, pubn)| {
            let n = pubn
                .chapters
                .iter()
                .position(|ch| ch.body.rel == c.source.rel)?;
            Some((p, n))
        })?;
        let mut diags = Diagnostics::new();
        let numbering = publication::numbering(c, &mut diags);
        if diags.has_errors() {
            return None;
        }
        let chapters = &mut site.publications[p].chapters;
        let old = &mut chapters[n];
        old.title = c.input.title.clone();
        old.summary = c.input.summary.clone();
        old.body = markdown(&c.source);
        // Another numbering renumbers the chapters after it: the quick
        // pages are the publication's, which show every number.
        let kinds = chapters.iter().enumerate().map(|(i, ch)| {
            if i == n {
                numbering
            } else {
                ch.number.numbering()
            }
        });
        let numbers = crate::model::chapter::ChapterNumber::assign(kinds);
        for (ch, number) in chapters.iter_mut().zip(numbers) {
            ch.number = number;
        }
        Some((p, n))
    }
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

/// The latest `koers audit` report of the content folder, as the
/// statement cites it.
fn automated_check(content: &std::path::Path) -> Option<AutomatedCheck> {
    let r = crate::audit_report::latest_report(content)?;
    Some(AutomatedCheck {
        date: r.date,
        pages: r.pages.len(),
        violations: r.violations.len(),
        axe_core_version: r.axe_core_version,
        widths: r.widths,
        html_checker: r.vnu.map(|v| (v.version, v.errors.len())),
    })
}
