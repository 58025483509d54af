//! Publications: their chapters, progress report and Woo category.

use super::urls::{redirects, Urls};
use super::*;
use crate::model::chapter::{ChapterNumber, Numbering};

/// `publications/<folder>/index.md` -> slug of `<folder>`.
pub(super) fn folder_slug(rel: &str) -> String {
    let folder = rel.split('/').nth(1).unwrap_or(rel);
    slug::slugify(folder)
}

/// `03-aanleiding.md` -> `aanleiding`: a leading number orders chapters.
pub(super) fn chapter_slug(stem: &str) -> String {
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let trimmed = trimmed.trim_start_matches(['-', '_', ' ', '.']);
    slug::slugify(if trimmed.is_empty() { stem } else { trimmed })
}

pub(super) fn publication(
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
        .map(|progress| rapportage(progress, src, &config.stoplicht, resolver, diags));
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
            drafted: woo_date(&v, "drafted", input.dates.drafted.as_ref(), diags),
            adopted: woo_date(&v, "adopted", input.dates.adopted.as_ref(), diags),
            adopted_by: input.dates.adopted_by.clone(),
            published: v.date("published", input.dates.published.as_ref(), diags),
        },
        registration_numbers: input.registration_numbers.clone(),
        portfolio_holder: input.portfolio_holder.clone(),
        author: input.author.clone(),
        version: input.version.clone(),
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
        goals: goals::ids(&input.goals, |g| &g.id),
        principles: goals::ids(&input.principles, |p| &p.id),
        signatories: input
            .signatories
            .iter()
            .map(|s| Signatory {
                name: s.name.clone(),
                role: s.role.clone(),
                on_behalf_of: s.on_behalf_of.clone(),
            })
            .collect(),
        horizon: v.date("horizon", input.horizon.as_ref(), diags),
        cadence: input.cadence.clone(),
        implements: related(&input.implements, "implements", src, resolver, diags),
        replaces: related(&input.replaces, "replaces", src, resolver, diags),
        coalition_goals_source: input
            .coalition_goals_source
            .as_ref()
            .map(|d| document_ref(d, src, diags)),
        edition: std::sync::OnceLock::new(),
    }
}

/// A document the publication refers to; its address must be a web
/// address (it becomes a link).
fn document_ref(d: &DocumentRefInput, src: &SourceFile, diags: &mut Diagnostics) -> DocumentRef {
    let url = d.url.as_ref().and_then(|u| {
        if u.starts_with("https://") || u.starts_with("http://") {
            return Some(u.value.clone());
        }
        diags.push(
            src.error(
                src.at(u),
                format!("`{}` in `url` is no web address", u.value),
            )
            .with_help("write the full address, starting with https://"),
        );
        None
    });
    DocumentRef {
        title: d.title.clone(),
        registration_number: d.registration_number.clone(),
        url,
    }
}

/// The publications `list` names under `key`: known ones, not the
/// publication itself.
fn related(
    list: &[At<String>],
    key: &str,
    src: &SourceFile,
    resolver: &Resolver,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let own = folder_slug(&src.rel);
    list.iter()
        .filter_map(|r| {
            let slug = resolver.resolve(Kind::Publication, r, src, key, diags)?;
            if slug == own {
                diags.push(
                    src.error(src.at(r), format!("`{key}` names this publication itself"))
                        .with_help("name another publication, by its folder name"),
                );
                return None;
            }
            Some(slug)
        })
        .collect()
}

pub(super) fn chapters(
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
    let numbers = ChapterNumber::assign(files.iter().map(|c| numbering(c, diags)));
    files
        .into_iter()
        .zip(numbers)
        .map(|(c, number)| {
            let slug = chapter_slug(c.source.stem());
            let url = format!("{pub_url}{slug}/");
            urls.claim(&url, &c.source, diags);
            Chapter {
                slug,
                url,
                title: c.input.title.clone(),
                number,
                summary: c.input.summary.clone(),
                body: markdown(&c.source),
            }
        })
        .collect()
}

/// A chapter's `numbering:`, the default when it has none; an unknown
/// value is an error at its position (and counts as numbered).
pub(super) fn numbering(c: &Parsed<ChapterInput>, diags: &mut Diagnostics) -> Numbering {
    let Some(given) = &c.input.numbering else {
        return Numbering::default();
    };
    Numbering::parse(given).unwrap_or_else(|| {
        let src = &c.source;
        diags.push(
            src.error(
                src.at(given),
                format!("unknown chapter numbering `{given}`"),
            )
            .with_help(format!(
                "{}: `numbered` (the default) counts Hoofdstuk 1, 2, 3; `unnumbered` is front or back matter such as a foreword or colophon; `appendix` counts Bijlage A, B, C",
                crate::suggest::valid_values_help(given, &Numbering::NAMES.map(String::from))
            )),
        );
        Numbering::default()
    })
}

pub(super) fn rapportage(
    progress: &ProgressInput,
    src: &crate::load::source::SourceFile,
    stoplicht: &Stoplicht,
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
            let (status, summary) = filled(
                ("story", &e.story),
                (e.status.as_ref(), e.summary.as_deref()),
                (src, stoplicht),
                diags,
            )?;
            let level = resolver
                .resolve(Kind::Status, status, src, "status", diags)
                .and_then(|id| stoplicht.get(&id).cloned());
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
                summary: summary.to_string(),
                text: e.text.as_ref().map(|t| entry_text(t, src)),
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
        goals: super::goals::goal_entries(progress, src, stoplicht, resolver, diags),
    }
}

/// The date of `key` (`adopted`, `drafted`), written at `at`, which the
/// DiWoo metadata records as a day: one that is not a day ("eind 2020")
/// is left out there, since koers makes up none, and a warning says so.
fn woo_date(
    v: &Values,
    key: &str,
    at: Option<&At<Scalar>>,
    diags: &mut Diagnostics,
) -> Option<date::FuzzyDate> {
    let date = v.date(key, at, diags)?;
    if let (false, Some(at)) = (date.is_exact(), at) {
        let src = v.source();
        diags.push(
            src.warning(
                src.at(at),
                format!(
                    "`{}` in `{key}` is not a day: the DiWoo metadata of this publication leaves it out (DiWoo records the day)",
                    date.text_in("nl")
                ),
            )
            .with_help("write the day (2020-12-15) if the source gives it; the pages show the date as written either way"),
        );
    }
    Some(date)
}

/// The status and summary of a report's entry about `what` (a story or a
/// goal): a missing one is an error that names the entry. A report made
/// by `koers new report` leaves both for the adviser to fill in, so that
/// no status is carried over from the previous report as if it were new.
pub(super) fn filled<'e>(
    (kind, what): (&str, &At<String>),
    (status, summary): (Option<&'e At<String>>, Option<&'e str>),
    (src, stoplicht): (&SourceFile, &Stoplicht),
    diags: &mut Diagnostics,
) -> Option<(&'e At<String>, &'e str)> {
    let status = status.filter(|s| !s.value.trim().is_empty());
    let summary = summary.map(str::trim).filter(|s| !s.is_empty());
    if status.is_none() {
        let levels: Vec<&str> = stoplicht.levels.iter().map(|l| l.id.as_str()).collect();
        diags.push(
            src.error(
                src.at(what),
                format!("{kind} `{}` has no status in this report", what.value),
            )
            .with_help(format!(
                "write its `status:` ({}), or remove the entry when the report says nothing about it",
                levels.join(", ")
            )),
        );
    }
    if summary.is_none() {
        diags.push(
            src.error(
                src.at(what),
                format!("{kind} `{}` has no summary in this report", what.value),
            )
            .with_help("write a `summary:`: one line on how it stands"),
        );
    }
    Some((status?, summary?))
}

/// The Markdown text of a report entry, at its place in the file.
pub(super) fn entry_text(t: &At<String>, src: &SourceFile) -> Markdown {
    Markdown {
        text: t.as_str().into(),
        lang: src.fallback_lang.clone(),
        file: src.shown.clone(),
        rel: src.rel.clone(),
        // A block scalar (`text: |`) starts on the line below its key.
        line: src.at(t).line + usize::from(src.raw(t).is_some_and(|r| r.starts_with(['|', '>']))),
    }
}

/// The Woo information category of a publication: its own
/// `woo_category`, or the site's. There is no silent default: filing a
/// vision as "jaarplannen en jaarverslagen" would be a claim of koers'.
pub(super) fn woo_category(
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

/// The `reports_on` of the publication `slug`, where it is written.
pub(super) fn p_reports_on<'a>(loaded: &'a Loaded, slug: &str) -> Option<&'a At<String>> {
    loaded
        .publications
        .iter()
        .find(|p| folder_slug(&p.index.source.rel) == slug)?
        .index
        .input
        .reports_on
        .as_ref()
}
