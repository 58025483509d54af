//! `site.yaml` into [`SiteConfig`]: defaults, vocabularies and navigation.

use super::values::Values;
use super::Overrides;
use crate::error::Diagnostics;
use crate::load::input::SiteInput;
use crate::load::yaml::At;
use crate::load::Parsed;
use crate::model::*;
use std::collections::BTreeMap;

mod accessibility;
mod base_url;
mod brand;
mod contrast;
mod tokens;

pub use accessibility::no_statement_warning;
pub use brand::brand;
pub use contrast::check_contrast;

use accessibility::accessibility;
use base_url::base_url;

/// Reads site.yaml into the site's configuration; `overrides` win.
pub fn site_config(
    site: &Parsed<SiteInput>,
    overrides: &Overrides,
    diags: &mut Diagnostics,
) -> SiteConfig {
    let (src, input) = (&site.source, &site.input);
    let v = Values::new(src);
    let root_url = base_url(overrides, input, src, diags);
    let languages = crate::load::languages(input);
    let language = overrides
        .language
        .clone()
        .unwrap_or_else(|| languages[0].clone());
    let language_dir = if language == languages[0] {
        String::new()
    } else {
        format!("{language}/")
    };
    let urls = crate::model::urls::SiteUrls::new(&root_url, &language_dir);
    let sections = sections(input, src, diags);
    let levels = status_levels(input, src, diags);
    let ambition_levels: Vec<Level> = input
        .ambition_levels
        .iter()
        .map(|l| Level {
            id: l.id.value.clone(),
            label: l.label.clone(),
            meaning: l.meaning.clone(),
        })
        .collect();
    check_unique(
        src,
        "ambition_levels",
        input.ambition_levels.iter().map(|l| &l.id),
        diags,
    );
    let phases: Vec<Phase> = input
        .phases
        .iter()
        .map(|p| Phase {
            level: Level {
                id: p.id.value.clone(),
                label: p.label.clone(),
                meaning: p.meaning.clone(),
            },
            start: v.date("start", p.start.as_ref(), diags),
            end: v.date("end", p.end.as_ref(), diags),
        })
        .collect();
    check_unique(src, "phases", input.phases.iter().map(|p| &p.id), diags);
    let contact = input.contact.as_ref().map(|c| Contact {
        name: c.name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        url: c.url.clone(),
        address: c.address.clone(),
    });
    let lint = lint_config(input, src, diags);
    let accessibility = input
        .accessibility
        .as_ref()
        .map(|a| accessibility(a, src, &v, diags))
        .unwrap_or_default();
    let html = html_policy(input, src, diags);
    let woo_category = site_woo_category(input, src, diags);
    SiteConfig {
        woo_category,
        chart_points: input.limits().chart_points,
        woo_theme: input
            .woo_theme
            .as_ref()
            .map(|t| (t.id.clone(), t.label.clone())),
        forecast_threshold: input
            .forecast_threshold
            .filter(|t| t.is_finite() && *t >= 0.0)
            .unwrap_or(10.0),
        html,
        accessibility,
        lint,
        title: input.title.clone(),
        description: input.description.clone(),
        language,
        languages,
        urls,
        theme: input.theme.clone().unwrap_or_else(|| "default".to_string()),
        organisation: Organisation {
            name: input.organisation.name.clone(),
            tooi: input.organisation.tooi.clone(),
            url: input.organisation.url.clone(),
        },
        licence: licence(input, src, diags),
        contact: contact.unwrap_or_default(),
        navigation: Vec::new(),
        sections,
        stoplicht: Stoplicht { levels },
        ambition_levels,
        phases,
        brand: None,
        pdf_edition: input.pdf.unwrap_or(true),
    }
}

type Src = crate::load::source::SourceFile;

/// The URL segment of each kind (`urls:`), each its own and none that
/// koers uses for its own pages.
fn sections(input: &SiteInput, src: &Src, diags: &mut Diagnostics) -> Sections {
    let mut sections = Sections::default();
    for (kind, segment) in &input.urls {
        let slot = match kind.as_str() {
            "publications" => &mut sections.publications,
            "themes" => &mut sections.themes,
            "scenarios" => &mut sections.scenarios,
            "stories" => &mut sections.stories,
            "reports" => &mut sections.reports,
            "goals" => &mut sections.goals,
            "accessibility" => &mut sections.accessibility,
            other => {
                diags.push(
                    src.error(
                        src.at(segment),
                        format!("unknown content kind `{other}` in `urls`"),
                    )
                    .with_help("valid kinds: publications, themes, scenarios, stories, reports, goals, accessibility"),
                );
                continue;
            }
        };
        let clean = slug::slugify(segment.as_str());
        if clean.is_empty() {
            diags.push(src.error(
                src.at(segment),
                format!("`{segment}` cannot be a URL segment"),
            ));
            continue;
        }
        *slot = clean;
    }
    let taken: Vec<(&str, &String)> = [
        ("publications", &sections.publications),
        ("themes", &sections.themes),
        ("scenarios", &sections.scenarios),
        ("stories", &sections.stories),
        ("reports", &sections.reports),
        ("accessibility", &sections.accessibility),
    ]
    .into_iter()
    .collect();
    for (i, (kind, segment)) in taken.iter().enumerate() {
        let own = ["zoeken", "open-data", "openbaar", "assets", "search-index"];
        let clash = taken[..i]
            .iter()
            .find(|(_, s)| s == segment)
            .map(|(k, _)| format!("the URLs of {k}"));
        let clash = clash.or_else(|| {
            own.contains(&segment.as_str())
                .then(|| "one of koers' own pages".to_string())
        });
        if let Some(other) = clash {
            let at = input
                .urls
                .get(*kind)
                .map_or(crate::error::Position::new(1, 1), |at| src.at(at));
            diags.push(
                src.error(at, format!("the URL segment `{segment}` of {kind} is also {other}"))
                    .with_help("give every kind its own segment in `urls`; zoeken, open-data, openbaar, assets and search-index are koers' own"),
            );
        }
    }
    sections
}

/// The stoplicht: its levels with their colour tokens, each id once.
fn status_levels(
    input: &SiteInput,
    src: &Src,
    diags: &mut Diagnostics,
) -> Vec<std::sync::Arc<StatusLevel>> {
    let mut levels = Vec::new();
    for l in &input.status_levels {
        let colour = ColourToken::parse(&l.colour).unwrap_or_else(|| {
            diags.push(
                src.error(
                    src.at(&l.colour),
                    format!("unknown colour `{}` for status level `{}`", l.colour, l.id),
                )
                .with_help(format!("valid colours: {}", ColourToken::NAMES.join(", "))),
            );
            ColourToken::Grey
        });
        levels.push(std::sync::Arc::new(StatusLevel {
            id: l.id.value.clone(),
            label: l.label.clone(),
            meaning: l.meaning.clone(),
            colour,
            rank: levels.len(),
        }));
    }
    check_unique(
        src,
        "status_levels",
        input.status_levels.iter().map(|l| &l.id),
        diags,
    );
    levels
}

/// `lint:`: a level for each rule it names.
fn lint_config(
    input: &SiteInput,
    src: &Src,
    diags: &mut Diagnostics,
) -> crate::model::lint::LintConfig {
    let mut lint = crate::model::lint::LintConfig::default();
    if let Some(n) = &input.money_notation {
        match crate::model::money::Notation::parse(n) {
            Some(notation) => lint.money_notation = notation,
            None => diags.push(
                src.error(src.at(n), format!("unknown money notation `{}`", n.value))
                    .with_help("use volledig (€ 2.317.000), duizenden (€ 2.317k) or miljoenen (€ 2,317 mln)"),
            ),
        }
    }
    for (rule, level) in &input.lint {
        let valid: Vec<String> = crate::model::lint::RULES
            .iter()
            .map(|(r, _)| r.to_string())
            .collect();
        if !crate::model::lint::LintConfig::is_rule(rule) {
            diags.push(
                src.error(src.at(level), format!("unknown lint rule `{rule}`"))
                    .with_help(crate::suggest::valid_values_help(rule, &valid)),
            );
            continue;
        }
        match crate::model::lint::LintLevel::parse(level) {
            Some(l) => lint.set(rule, l),
            None => diags.push(
                src.error(
                    src.at(level),
                    format!("unknown lint level `{level}` for `{rule}`"),
                )
                .with_help("use error, warning or off"),
            ),
        }
    }
    lint
}

/// `html:`: the raw-HTML policy and what it allows.
fn html_policy(
    input: &SiteInput,
    src: &Src,
    diags: &mut Diagnostics,
) -> crate::model::lint::HtmlPolicy {
    let mut html = crate::model::lint::HtmlPolicy::default();
    if let Some(h) = &input.html {
        match h.policy.as_ref().map(|p| (p, p.trim())) {
            None | Some((_, "reject")) => {}
            Some((_, "strip")) => html.mode = crate::model::lint::HtmlMode::Strip,
            Some((at, other)) => diags.push(
                src.error(src.at(at), format!("unknown HTML policy `{other}`"))
                    .with_help("use reject (forbidden HTML fails the build) or strip (it is removed, with a warning)"),
            ),
        }
        html.allow = h.allow.iter().map(|a| a.trim().to_lowercase()).collect();
    }
    html
}

/// `woo_category:` of the site, for publications that name none.
fn site_woo_category(
    input: &SiteInput,
    src: &Src,
    diags: &mut Diagnostics,
) -> Option<&'static crate::model::woo::Category> {
    input.woo_category.as_ref().and_then(|code| {
        let found = crate::model::woo::Category::by_code(code);
        if found.is_none() {
            diags.push(
                src.error(
                    src.at(code),
                    format!("unknown Woo information category `{code}`"),
                )
                .with_help(super::publication::woo_categories_help()),
            );
        }
        found
    })
}

fn check_unique<'a>(
    src: &crate::load::source::SourceFile,
    key: &str,
    ids: impl Iterator<Item = &'a At<String>>,
    diags: &mut Diagnostics,
) {
    let mut seen: Vec<&str> = Vec::new();
    for id in ids {
        if seen.contains(&id.as_str()) {
            diags.push(
                src.error(src.at(id), format!("id `{id}` appears twice in `{key}`"))
                    .with_help("give every level its own id"),
            );
        }
        seen.push(id.as_str());
    }
}

/// The licence the site states; a site that is silent about it gets a
/// warning (koers grants no licence of its own), one that says
/// `not-stated` on purpose does not.
fn licence(
    input: &SiteInput,
    src: &crate::load::source::SourceFile,
    diags: &mut Diagnostics,
) -> Option<Licence> {
    use crate::load::input::LicenceSpec;
    match input.licence.as_ref().map(|at| (at, &at.value)) {
        Some((_, LicenceSpec::Stated(l))) => Some(Licence {
            name: l.name.clone(),
            url: l.url.clone(),
        }),
        Some((_, LicenceSpec::Keyword(k))) if k.trim() == "not-stated" => None,
        Some((at, LicenceSpec::Keyword(k))) => {
            diags.push(
                src.error(src.at(at), format!("`licence: {k}` names no licence"))
                    .with_help("give the licence as `name:` (and `url:`), e.g. name: CC0 1.0; or write `licence: not-stated` when the organisation grants none"),
            );
            None
        }
        None => {
            diags.push(
                crate::error::Diagnostic::warning(&src.shown, crate::error::Position::new(1, 1), "the site states no licence, so its texts and data are published without one")
                    .with_help("add `licence:` with the `name:` (and `url:`) the organisation grants, e.g. CC0 1.0 for open data; or `licence: not-stated` to say so on purpose"),
            );
            None
        }
    }
}

/// Resolves navigation links: a content path, a section name, or a URL.
pub fn navigation(
    site: &Parsed<SiteInput>,
    config: &SiteConfig,
    shape: Shape,
    by_source: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Vec<NavItem> {
    let src = &site.source;
    let s = &config.sections;
    let sections: BTreeMap<&str, String> = [
        ("home", "/".to_string()),
        ("publications", format!("/{}/", s.publications)),
        ("themes", format!("/{}/", s.themes)),
        ("scenarios", format!("/{}/", s.scenarios)),
        ("stories", format!("/{}/", s.stories)),
        ("reports", format!("/{}/", s.reports)),
        ("goals", format!("/{}/", s.goals)),
    ]
    .into_iter()
    .collect();
    site.input
        .navigation
        .iter()
        .filter_map(|n| {
            let link = n.link.trim();
            let empty = [
                ("publications", shape.publications),
                ("themes", shape.themes),
                ("scenarios", shape.scenarios),
                ("stories", shape.stories),
                ("reports", shape.reports),
                ("goals", shape.goals),
            ]
            .iter()
            .any(|(kind, present)| *kind == link && !present);
            if empty {
                diags.push(
                    src.error(src.at(&n.link), format!("navigation link `{link}` leads to an overview of {link}, but the site has none"))
                        .with_help("remove the menu item, or add content of that kind; koers makes no empty overview pages"),
                );
                return None;
            }
            let url = if link.contains("://") || link.starts_with("mailto:") {
                Some(link.to_string())
            } else if let Some(u) = sections.get(link) {
                Some(u.clone())
            } else {
                by_source.get(link.trim_start_matches('/')).cloned()
            };
            if url.is_none() {
                let mut valid: Vec<String> = sections.keys().map(|k| k.to_string()).collect();
                valid.extend(by_source.keys().cloned());
                diags.push(
                    src.error(
                        src.at(&n.link),
                        format!("navigation link `{link}` leads nowhere"),
                    )
                    .with_help(crate::suggest::valid_values_help(link, &valid)),
                );
            }
            url.map(|url| NavItem {
                title: n.title.clone(),
                url,
            })
        })
        .collect()
}
