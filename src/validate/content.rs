//! Themes, scenarios, stories and pages, and the ids they go by.

use super::urls::{redirects, Urls};
use super::*;

pub(super) fn thema(
    t: &Parsed<ThemaInput>,
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Thema {
    let (src, input) = (&t.source, &t.input);
    let id = content_id(input.id.as_ref(), src, &mut Diagnostics::new());
    themes::budget_replaced(input, src, diags);
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
                value: ind.value.clone(),
                target: ind.target.clone(),
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
        // Filled in once the stories are known: amounts may add up theirs.
        amounts: Vec::new(),
        topics: input.topics.clone(),
        coalition_goals: themes::coalition_goals(input),
        goals: goals::ids(&input.goals, |g| &g.id),
        principles: goals::ids(&input.principles, |p| &p.id),
        indicators,
        body: markdown(src),
    }
}

pub(super) fn scenario(
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

pub(super) fn story(
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
        number: input.number.clone(),
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
        goals: input
            .goals
            .iter()
            .filter_map(|g| resolver.resolve(Kind::Goal, g, src, "goals", diags))
            .collect(),
        body: markdown(src),
        redirect_from: redirects(&input.redirect_from, src, urls, diags),
        id,
    }
}

pub(super) fn page(p: &Parsed<PageInput>, urls: &mut Urls, diags: &mut Diagnostics) -> Page {
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

/// The values of a list, without their places.
pub(super) fn plain(list: &[At<String>]) -> Vec<String> {
    list.iter().map(|a| a.value.clone()).collect()
}

/// The id of a theme or story: its `id`, or the slug of its file name. An
/// `id` goes into URLs and anchors as it is, so it must be a slug: an id
/// with `?`, `#`, spaces, dots or invisible characters would break every
/// link to it or make a look-alike URL.
pub(super) fn content_id(
    given: Option<&At<String>>,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> String {
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
pub(super) fn check_see_also(
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
