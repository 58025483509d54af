//! Goals and principles: collected from the themes and publications that
//! write them, with their ids (slugs, unique across the site), codes and
//! URLs. A goal has a page of its own; a principle an anchor on its
//! owner's page.

use super::content::is_slug;
use super::urls::Urls;
use super::*;
use crate::load::input::{GoalInput, PrincipleInput};
use crate::model::goal::{
    principle_anchor, Activity, Goal, GoalStatus, Measurement, Owner, Principle,
};

/// Every goal and principle of the site, themes first, then publications,
/// each in the order it is written.
pub(super) fn collect(
    loaded: &Loaded,
    (themas, publications): (&[Thema], &[Publication]),
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> (Vec<Goal>, Vec<Principle>) {
    let mut found = Found::default();
    for (input, t) in loaded.themas.iter().zip(themas) {
        let owner = (Owner::Theme(t.id.clone()), t.url.as_str());
        found.add(
            &input.source,
            &input.input.goals,
            &input.input.principles,
            owner,
            config,
            urls,
            diags,
        );
    }
    for (input, p) in loaded.publications.iter().zip(publications) {
        let (src, i) = (&input.index.source, &input.index.input);
        let owner = (Owner::Publication(p.slug.clone()), p.url.as_str());
        found.add(src, &i.goals, &i.principles, owner, config, urls, diags);
    }
    for g in &loaded.goals {
        found
            .goals
            .push(goal_file(g, config, resolver, urls, diags));
    }
    (found.goals, found.principles)
}

/// A goal in a file of its own: its page is the file's page.
fn goal_file(
    g: &Parsed<GoalFileInput>,
    config: &SiteConfig,
    resolver: &Resolver,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Goal {
    let (src, input) = (&g.source, &g.input);
    let id = content_id(input.id.as_ref(), src, &mut Diagnostics::new());
    let url = format!("/{}/{id}/", config.sections.goals);
    urls.claim(&url, src, diags);
    let theme = input
        .theme
        .as_ref()
        .and_then(|t| resolver.resolve(Kind::Thema, t, src, "theme", diags));
    let publication = input
        .publication
        .as_ref()
        .and_then(|p| resolver.resolve(Kind::Publication, p, src, "publication", diags));
    if let (Some(_), Some(p)) = (&theme, &input.publication) {
        diags.push(
            src.error(
                src.at(p),
                "a goal belongs to a theme or to a publication, not to both",
            )
            .with_help("keep `theme`: the theme's page names its publication"),
        );
    }
    Goal {
        activities: activities(&id, &input.activities, config, src, diags),
        code: input.code.clone(),
        title: input.title.clone(),
        description: input.description.clone(),
        url,
        owner: theme
            .map(Owner::Theme)
            .or(publication.map(Owner::Publication)),
        rel: src.rel.clone(),
        body: Some(markdown(src)),
        id,
    }
}

#[derive(Default)]
struct Found {
    goals: Vec<Goal>,
    principles: Vec<Principle>,
}

impl Found {
    /// The goals and principles of one owner (written in `src`, with its
    /// page at `owner_url`).
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        src: &SourceFile,
        goals: &[GoalInput],
        principles: &[PrincipleInput],
        (owner, owner_url): (Owner, &str),
        config: &SiteConfig,
        urls: &mut Urls,
        diags: &mut Diagnostics,
    ) {
        for g in goals {
            check_slug(&g.id, src, "goal", diags);
            let url = format!("/{}/{}/", config.sections.goals, g.id.value);
            urls.claim_part(&url, src, src.at(&g.id), diags);
            self.goals.push(Goal {
                id: g.id.value.clone(),
                code: g.code.clone(),
                title: g.title.clone(),
                description: g.description.clone(),
                url,
                owner: Some(owner.clone()),
                rel: src.rel.clone(),
                body: None,
                activities: activities(&g.id, &g.activities, config, src, diags),
            });
        }
        for p in principles {
            check_slug(&p.id, src, "principle", diags);
            if self.principles.iter().any(|q| q.id == p.id.value) {
                diags.push(
                    src.error(
                        src.at(&p.id),
                        format!("principle id `{}` is used twice", p.id),
                    )
                    .with_help("give every principle its own id"),
                );
            }
            self.principles.push(Principle {
                id: p.id.value.clone(),
                code: p.code.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                url: format!("{owner_url}#{}", principle_anchor(&p.id)),
                owner: owner.clone(),
            });
        }
    }
}

/// A goal's activities, in the order of the site's phases: each names a
/// phase of site.yaml, and a phase once.
fn activities(
    goal: &str,
    list: &[ActivityInput],
    config: &SiteConfig,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> Vec<Activity> {
    let phases: Vec<String> = config.phases.iter().map(|p| p.level.id.clone()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for a in list {
        if !phases.contains(&a.phase.value) {
            let help = if phases.is_empty() {
                "site.yaml has no `phases`; add them there first".to_string()
            } else {
                crate::suggest::valid_values_help(&a.phase, &phases)
            };
            diags.push(
                src.error(
                    src.at(&a.phase),
                    format!(
                        "unknown phase `{}` in the activities of goal `{goal}`",
                        a.phase
                    ),
                )
                .with_help(help),
            );
        } else if seen.contains(&a.phase.as_str()) {
            diags.push(
                src.error(
                    src.at(&a.phase),
                    format!("goal `{goal}` has two activities for phase `{}`", a.phase),
                )
                .with_help("write what is done in one phase as one text"),
            );
        }
        seen.push(&a.phase);
    }
    phases
        .iter()
        .filter_map(|phase| {
            let a = list.iter().find(|a| a.phase.value == *phase)?;
            Some(Activity {
                phase: phase.clone(),
                text: a.text.clone(),
            })
        })
        .collect()
}

/// The ids of an owner's goals or principles, in their order.
pub(super) fn ids<T>(list: &[T], id: impl Fn(&T) -> &At<String>) -> Vec<String> {
    list.iter().map(|x| id(x).value.clone()).collect()
}

/// A goal's or principle's id is a slug: it is part of a URL.
fn check_slug(id: &At<String>, src: &SourceFile, what: &str, diags: &mut Diagnostics) {
    if !is_slug(id) {
        diags.push(
            src.error(src.at(id), format!("{what} id `{id}` is not a slug"))
                .with_help(format!(
                    "use lower-case letters, digits and hyphens, e.g. `{}`; put the document's own number in `code`",
                    slug::slugify(id.as_str())
                )),
        );
    }
}

/// Registers the goals' ids (a second one is an error) so stories and
/// reports can name them.
pub(super) fn register(loaded: &Loaded, resolver: &mut Resolver, diags: &mut Diagnostics) {
    let theme_goals = loaded.themas.iter().map(|t| (&t.source, &t.input.goals));
    let publication_goals = loaded
        .publications
        .iter()
        .map(|p| (&p.index.source, &p.index.input.goals));
    for (src, goals) in theme_goals.chain(publication_goals) {
        for g in goals {
            resolver.add(Kind::Goal, &g.id, Some(&g.id), &[], src, diags);
        }
    }
    for g in &loaded.goals {
        let id = content_id(g.input.id.as_ref(), &g.source, diags);
        resolver.add(Kind::Goal, &id, g.input.id.as_ref(), &[], &g.source, diags);
    }
}

/// A report's statuses of goals: each goal once, with a known level, and
/// its measurements with their dates.
pub(super) fn goal_entries(
    progress: &ProgressInput,
    src: &SourceFile,
    stoplicht: &Stoplicht,
    resolver: &Resolver,
    diags: &mut Diagnostics,
) -> Vec<GoalStatus> {
    let v = Values::new(src);
    let mut seen: Vec<String> = Vec::new();
    progress
        .goals
        .iter()
        .filter_map(|e| {
            let goal = resolver.resolve(Kind::Goal, &e.goal, src, "goal", diags);
            let (status, summary) = super::publication::filled(
                ("goal", &e.goal),
                (e.status.as_ref(), e.summary.as_deref()),
                (src, stoplicht),
                diags,
            )?;
            let level = resolver
                .resolve(Kind::Status, status, src, "status", diags)
                .and_then(|id| stoplicht.get(&id).cloned());
            if let Some(g) = goal.as_ref().filter(|g| seen.contains(g)) {
                diags.push(
                    src.error(
                        src.at(&e.goal),
                        format!("goal `{g}` has two entries in this report"),
                    )
                    .with_help("give each goal one entry per report"),
                );
            }
            seen.extend(goal.clone());
            let measurements = e
                .measurements
                .iter()
                .map(|m| Measurement {
                    indicator: m.indicator.as_ref().map(|i| i.value.clone()),
                    value: m.value.clone(),
                    unit: m.unit.clone(),
                    date: v.date("date", m.date.as_ref(), diags),
                })
                .collect();
            Some(GoalStatus {
                goal: goal?,
                level: level?,
                derived: e.status_derived,
                summary: summary.to_string(),
                text: e
                    .text
                    .as_ref()
                    .map(|t| super::publication::entry_text(t, src)),
                measurements,
            })
        })
        .collect()
}
