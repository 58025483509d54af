//! `site.yaml` into [`SiteConfig`]: defaults, vocabularies and navigation.

use super::values::Values;
use super::Overrides;
use crate::error::Diagnostics;
use crate::load::input::SiteInput;
use crate::load::yaml::At;
use crate::load::Parsed;
use crate::model::*;
use std::collections::BTreeMap;

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
    let base_url = if language == languages[0] {
        root_url.clone()
    } else {
        format!("{root_url}{language}/")
    };
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
        base_url,
        root_url,
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
            "accessibility" => &mut sections.accessibility,
            other => {
                diags.push(
                    src.error(
                        src.at(segment),
                        format!("unknown content kind `{other}` in `urls`"),
                    )
                    .with_help("valid kinds: publications, themes, scenarios, stories, reports, accessibility"),
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

/// The site's address: `--base-url` or `base_url`, parsed as a URL. It
/// must be absolute (with http or https) and may not carry a query or a
/// fragment: every link, the stylesheet and the sitemaps are made from it.
/// A site cannot be published without one: sitemaps, feeds, canonical
/// links and the Woo metadata need absolute addresses (`koers serve` gives
/// its local address).
fn base_url(
    overrides: &Overrides,
    input: &SiteInput,
    src: &crate::load::source::SourceFile,
    diags: &mut Diagnostics,
) -> String {
    let (text, pos) = match (&overrides.base_url, &input.base_url) {
        (Some(given), _) => (given.as_str(), None),
        (None, Some(at)) => (at.as_str(), Some(src.at(at))),
        (None, None) => {
            diags.push(
                crate::error::Diagnostic::error(&src.shown, crate::error::Position::new(1, 1), "the site has no address: `base_url` is missing")
                    .with_help("add the full address the site is published at to site.yaml, e.g. `base_url: https://www.provincie.nl/strategie/`, or give it to the build: `koers build --base-url https://www.provincie.nl/strategie/`; sitemaps, the feed, canonical links and the Woo metadata need it"),
            );
            return "/".to_string();
        }
    };
    match parse_base_url(text.trim()) {
        Ok(url) => {
            warn_sub_path(&url, pos, src, diags);
            url
        }
        Err(problem) => {
            let (file, pos, place) = match pos {
                Some(pos) => (src.shown.clone(), pos, "`base_url`"),
                None => (
                    std::path::PathBuf::from("--base-url"),
                    crate::error::Position::default(),
                    "--base-url",
                ),
            };
            diags.push(
                crate::error::Diagnostic::error(file, pos, format!("{place} `{text}` {problem}"))
                    .with_help("write the full address of the site, with https:// and ending in a slash, e.g. https://www.provincie.nl/strategie/"),
            );
            "/".to_string()
        }
    }
}

/// Crawlers read robots.txt at the root of a host only: a site under a
/// sub-path gets none, and the build says what the host's own robots.txt
/// needs.
fn warn_sub_path(
    url: &str,
    pos: Option<crate::error::Position>,
    src: &crate::load::source::SourceFile,
    diags: &mut Diagnostics,
) {
    let Ok(parsed) = url::Url::parse(url) else {
        return;
    };
    if parsed.path() == "/" {
        return;
    }
    let root = format!(
        "{}://{}/",
        parsed.scheme(),
        parsed.host_str().unwrap_or_default()
    );
    diags.push(
        crate::error::Diagnostic::warning(&src.shown, pos.unwrap_or(crate::error::Position::new(1, 1)), format!("the site lives under {}, so it gets no robots.txt: crawlers read only {root}robots.txt", parsed.path()))
            .with_help(format!("add this line to {root}robots.txt so that the Woo-index finds the site's sitemaps: Sitemap: {url}sitemapindex.xml")),
    );
}

/// The base URL in its one form (ending in `/`), or what is wrong with it.
fn parse_base_url(text: &str) -> Result<String, &'static str> {
    let url = url::Url::parse(text).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => "has no scheme: it is not an absolute address",
        _ => "is not a valid URL",
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("does not start with http:// or https://");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("names no host");
    }
    if url.query().is_some() {
        return Err("has a query (`?`), which every link would repeat");
    }
    if url.fragment().is_some() {
        return Err("has a fragment (`#`), which would break every link");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("holds a user name or password");
    }
    let mut out = url.to_string();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
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

fn accessibility(
    a: &crate::load::input::AccessibilityInput,
    src: &crate::load::source::SourceFile,
    v: &Values,
    diags: &mut Diagnostics,
) -> Accessibility {
    let status = a.status.as_ref().and_then(|at| {
        let text = at.trim();
        let found = Some(text.to_ascii_uppercase())
            .filter(|t| matches!(t.as_str(), "A" | "B" | "C" | "D"))
            .and_then(|t| t.chars().next());
        if found.is_none() {
            diags.push(
                src.error(src.at(at), format!("unknown accessibility status `{}`", at.value))
                    .with_help("use A (voldoet volledig), B (voldoet gedeeltelijk), C (eerste maatregelen genomen) or D (voldoet niet)"),
            );
        }
        found
    });
    let register_url = a.register_url.as_ref().and_then(|at| {
        let ok = url::Url::parse(at.trim())
            .ok()
            .filter(|u| u.scheme() == "https" && u.host_str().is_some());
        if ok.is_none() {
            diags.push(
                src.error(src.at(at), format!("`{}` in `register_url` is no https address", at.value))
                    .with_help("give the address of the site's statement in the register, e.g. https://www.toegankelijkheidsverklaring.nl/register/1234"),
            );
        }
        ok.map(|_| at.trim().to_string())
    });
    let accessibility = Accessibility {
        status,
        register_url,
        statement_date: v.date("statement_date", a.statement_date.as_ref(), diags),
        reviewed: v.date("reviewed", a.reviewed.as_ref(), diags),
        audit_date: v.date("audit_date", a.audit_date.as_ref(), diags),
        audit_method: present(&a.audit_method),
        audit_by: present(&a.audit_by),
        audit_report: present(&a.audit_report),
        scope: present(&a.scope),
        responsible: present(&a.responsible),
        feedback: present(&a.feedback),
        exceptions: a
            .exceptions
            .iter()
            .map(|e| AccessibilityException {
                criterion: e.criterion.value.clone(),
                description: e.description.clone(),
                reason: present(&e.reason),
                effect: present(&e.effect),
                measure: present(&e.measure),
                planned: v.date("planned", e.planned.as_ref(), diags),
            })
            .collect(),
        measures: a
            .measures
            .iter()
            .map(|m| AccessibilityMeasure {
                description: m.description.value.clone(),
                date: v.date("date", m.date.as_ref(), diags),
            })
            .collect(),
        automated: None,
    };
    if let (Some(status), Some(at)) = (status, &a.status) {
        for (message, help) in status_problems(status, &accessibility) {
            diags.push(src.error(src.at(at), message).with_help(help));
        }
    }
    accessibility
}

/// The warning for a site without an accessibility statement, at its
/// status (or the top of site.yaml), saying which facts to add.
pub fn no_statement_warning(
    site: &Parsed<SiteInput>,
    config: &SiteConfig,
) -> crate::error::Diagnostic {
    let src = &site.source;
    let status = site
        .input
        .accessibility
        .as_ref()
        .and_then(|a| a.status.as_ref());
    let pos = match status {
        Some(at) => src.at(at),
        None => crate::error::Position::new(1, 1),
    };
    let mut missing = Vec::new();
    if config.accessibility.status.is_none() {
        missing.push("`accessibility.status` (A, B, C or D, with the facts that status needs)");
    }
    if config.accessibility_feedback().is_none() {
        missing
            .push("`accessibility.feedback` or `contact.email` (where readers report a problem)");
    }
    src.warning(pos, "this site has no accessibility statement yet: koers writes no statement page and no footer link")
        .with_help(format!(
            "add {}; or `accessibility.register_url` with the statement in the register of toegankelijkheidsverklaring.nl; or a page of your own, pages/{}.md",
            missing.join(" and "),
            config.sections.accessibility
        ))
}

/// A text field that says something: blank counts as absent.
fn present(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// What the Dutch model statement requires of `status` and `a` lacks, as
/// (message, help) pairs; empty when the status is supported.
pub fn status_problems(status: char, a: &Accessibility) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let audit = [
        (
            "audit_date",
            a.audit_date.is_some(),
            "the date of the audit",
        ),
        (
            "audit_method",
            a.audit_method.is_some(),
            "how it was done, e.g. WCAG-EM, all 50 criteria of WCAG 2.1 A and AA",
        ),
        ("audit_by", a.audit_by.is_some(), "who did it"),
        (
            "audit_report",
            a.audit_report.is_some(),
            "the address of the report",
        ),
    ];
    match status {
        'A' | 'B' => {
            let missing: Vec<_> = audit.iter().filter(|(_, has, _)| !has).collect();
            if !missing.is_empty() {
                problems.push((
                    format!(
                        "status {status} needs an audit report; missing: {}",
                        names(missing.iter().map(|(n, _, _)| *n))
                    ),
                    format!(
                        "add {}; without a full audit the status is C or D",
                        missing
                            .iter()
                            .map(|(n, _, what)| format!("`{n}:` ({what})"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        _ => {}
    }
    match status {
        'A' if !a.exceptions.is_empty() => problems.push((
            "status A (voldoet volledig) cannot have exceptions".to_string(),
            "use status B (voldoet gedeeltelijk) for a site with exceptions".to_string(),
        )),
        'B' if a.exceptions.is_empty() => problems.push((
            "status B (voldoet gedeeltelijk) needs the criteria the site does not meet".to_string(),
            "add `exceptions:`, each with criterion, description, reason, effect, measure and planned".to_string(),
        )),
        'B' => {
            for e in &a.exceptions {
                let missing: Vec<&str> = [
                    ("reason", e.reason.is_some()),
                    ("effect", e.effect.is_some()),
                    ("measure", e.measure.is_some()),
                    ("planned", e.planned.is_some()),
                ]
                .iter()
                .filter(|(_, has)| !has)
                .map(|(n, _)| *n)
                .collect();
                if !missing.is_empty() {
                    problems.push((
                        format!(
                            "status B needs the cause, effect, measure and date of each exception; `{}` has no {}",
                            e.criterion,
                            names(missing.iter().copied())
                        ),
                        "add `reason:` (why it is not accessible), `effect:` (what users cannot do), `measure:` (what is done about it) and `planned:` (by when)".to_string(),
                    ));
                }
            }
        }
        'C' | 'D' if a.measures.is_empty() => problems.push((
            format!("status {status} needs the measures taken or planned, with their dates; missing: measures"),
            "add `measures:`, a list of `- description: ...` with `date: ...`".to_string(),
        )),
        'C' | 'D' => {
            for m in a.measures.iter().filter(|m| m.date.is_none()) {
                problems.push((
                    format!("status {status} needs the date of each measure; `{}` has no date", m.description),
                    "add `date:` to the measure: when it was taken or is planned".to_string(),
                ));
            }
        }
        _ => {}
    }
    problems
}

/// `a, b and c`, each in backquotes.
fn names<'n>(list: impl Iterator<Item = &'n str>) -> String {
    let list: Vec<String> = list.map(|n| format!("`{n}`")).collect();
    match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => list.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_base_url;

    #[test]
    fn base_urls_are_absolute_addresses_without_query_or_fragment() {
        assert_eq!(
            parse_base_url("https://example.org"),
            Ok("https://example.org/".into())
        );
        assert_eq!(
            parse_base_url("https://example.org/strategie"),
            Ok("https://example.org/strategie/".into())
        );
        assert_eq!(
            parse_base_url("http://localhost:1111/"),
            Ok("http://localhost:1111/".into())
        );
        for bad in [
            "koers.example.nl",
            "/strategie/",
            "//example.org/",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "ftp://example.org/",
            "javascript:alert(1)",
            "https://user:pw@example.org/",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad} was accepted");
        }
    }
}
