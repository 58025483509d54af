//! Goals and principles: their views on their owners' pages, a goal's own
//! page with the stories that serve it, its indicators and its progress,
//! and the goals' statuses in a progress report.

use super::*;
use crate::model::goal::{principle_anchor, Goal, GoalStatus, Measurement, Owner, Principle};

/// A goal, where it is listed (its owner's page, a publication, a story).
#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub id: String,
    /// The document's own code (`D-2.3`), if it has one.
    pub code: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Its page.
    pub url: String,
    /// The theme or publication it belongs to.
    pub owner: Option<LinkView>,
    /// What is done for it per phase, in the order of the site's phases.
    pub activities: Vec<ActivityView>,
}

/// What a strategy does for a goal in one phase.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityView {
    /// The phase's id and label (from site.yaml).
    pub phase: String,
    pub phase_label: String,
    pub text: String,
}

/// A principle, on its owner's page.
#[derive(Debug, Clone, Serialize)]
pub struct PrincipleView {
    pub id: String,
    pub code: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Its element id on the page (`uitgangspunt-<id>`).
    pub anchor: String,
}

/// A value measured for a goal.
#[derive(Debug, Clone, Serialize)]
pub struct MeasurementView {
    /// The indicator's title; none for the goal itself.
    pub indicator: Option<String>,
    pub value: String,
    pub unit: Option<String>,
    pub date: Option<DateView>,
}

/// A goal's status in one report.
#[derive(Debug, Clone, Serialize)]
pub struct GoalStatusView {
    pub goal: GoalView,
    pub level: StatusLevelView,
    pub derived: bool,
    pub summary: String,
    /// The longer text, rendered HTML ("" when none).
    pub html: String,
    pub measurements: Vec<MeasurementView>,
    pub report: LinkView,
    pub date: DateView,
}

/// A goal's own page.
#[derive(Debug, Clone, Serialize)]
pub struct GoalPageView {
    pub goal: GoalView,
    /// The stories that name it in `goals`.
    pub stories: Vec<LinkView>,
    /// Its owner's indicators that measure it.
    pub indicators: Vec<IndicatorView>,
    /// Its status in every report that gives one, oldest first.
    pub history: Vec<GoalStatusView>,
    /// Its level in the latest report against the one before, when both
    /// give it one and it moved.
    pub change: Option<LevelChangeView>,
}

impl<'a> Views<'a> {
    pub(super) fn owner_link(&self, owner: &Owner) -> Option<LinkView> {
        match owner {
            Owner::Theme(id) => self.site.thema(id).map(|t| self.link(&t.title, &t.url)),
            Owner::Publication(slug) => self.publication_link(Some(slug)),
        }
    }

    pub fn goal(&self, g: &Goal) -> GoalView {
        GoalView {
            id: g.id.clone(),
            code: g.code.clone(),
            title: g.title.clone(),
            description: g.description.clone(),
            url: self.href(&g.url),
            owner: g.owner.as_ref().and_then(|o| self.owner_link(o)),
            activities: g
                .activities
                .iter()
                .map(|a| ActivityView {
                    phase_label: self
                        .site
                        .config
                        .phases
                        .iter()
                        .find(|p| p.level.id == a.phase)
                        .map_or_else(|| a.phase.clone(), |p| p.level.label.clone()),
                    phase: a.phase.clone(),
                    text: a.text.clone(),
                })
                .collect(),
        }
    }

    pub fn principle(&self, p: &Principle) -> PrincipleView {
        PrincipleView {
            id: p.id.clone(),
            code: p.code.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            anchor: principle_anchor(&p.id),
        }
    }

    /// The phases `goals` have activities in, in the site's order.
    pub(super) fn activity_phases(&self, goals: &[GoalView]) -> Vec<LevelView> {
        self.site
            .config
            .phases
            .iter()
            .filter(|p| {
                goals
                    .iter()
                    .any(|g| g.activities.iter().any(|a| a.phase == p.level.id))
            })
            .map(|p| level_view(&p.level))
            .collect()
    }

    /// The goals and principles of an owner.
    pub(super) fn goals_and_principles(
        &self,
        owner: &Owner,
    ) -> (Vec<GoalView>, Vec<PrincipleView>) {
        let goals = self.site.goals_of(owner).map(|g| self.goal(g)).collect();
        let principles = self
            .site
            .principles_of(owner)
            .map(|p| self.principle(p))
            .collect();
        (goals, principles)
    }

    /// A goal's status in report `r` of publication `p`; `html` is its
    /// rendered text.
    pub fn goal_status(
        &self,
        p: &Publication,
        r: &Rapportage,
        e: &GoalStatus,
        html: String,
    ) -> Option<GoalStatusView> {
        Some(GoalStatusView {
            goal: self.goal(self.site.goal(&e.goal)?),
            level: self.level_view(&e.level),
            derived: e.derived,
            summary: e.summary.clone(),
            html,
            measurements: e
                .measurements
                .iter()
                .map(|m| measurement_view(m, &self.site.config.language))
                .collect(),
            report: self.link(&p.title, &p.url),
            date: self.date(&r.date),
        })
    }

    /// A goal's page: `history` holds its statuses, oldest first.
    pub fn goal_page(&self, g: &Goal, history: Vec<GoalStatusView>) -> GoalPageView {
        let stories = self
            .site
            .stories
            .iter()
            .filter(|s| s.goals.contains(&g.id))
            .map(|s| self.link(&s.title, &s.url))
            .collect();
        let indicators = self
            .site
            .themas
            .iter()
            .flat_map(|t| &t.indicators)
            .filter(|i| i.goal.as_deref() == Some(g.id.as_str()))
            .map(indicator_view)
            .collect();
        // "Since the previous report": only when the status before is that
        // of the report right before on the same plan (Site::report_before),
        // as the report's own "what changed" compares; a report in between
        // that does not list the goal leaves nothing to compare.
        let report_before = |now: &GoalStatusView| {
            let reports = self.site.reports();
            let (_, r) = reports
                .iter()
                .find(|(p, _)| self.link(&p.title, &p.url).url == now.report.url)?;
            let (p, _) = self.site.report_before(r)?;
            Some(self.link(&p.title, &p.url).url)
        };
        let change = match history.as_slice() {
            [.., before, now]
                if before.level.id != now.level.id
                    && report_before(now).as_deref() == Some(before.report.url.as_str()) =>
            {
                Some(LevelChangeView {
                    story: now.goal_link(),
                    from: before.level.clone(),
                    to: now.level.clone(),
                    from_derived: before.derived,
                    to_derived: now.derived,
                })
            }
            _ => None,
        };
        GoalPageView {
            goal: self.goal(g),
            stories,
            indicators,
            history,
            change,
        }
    }
}

impl GoalStatusView {
    fn goal_link(&self) -> LinkView {
        LinkView {
            title: self.goal.title.clone(),
            url: self.goal.url.clone(),
        }
    }
}

/// A measurement, its date as `language` writes it.
fn measurement_view(m: &Measurement, language: &str) -> MeasurementView {
    MeasurementView {
        indicator: m.indicator.clone(),
        value: m.value.clone(),
        unit: m.unit.clone(),
        date: m.date.as_ref().map(|d| DateView::new(d, language)),
    }
}

pub(super) fn indicator_view(i: &Indicator) -> IndicatorView {
    IndicatorView {
        title: i.title.clone(),
        goal: i.goal.clone(),
        unit: i.unit.clone(),
        value: i.value.clone(),
        target: i.target.clone(),
        note: i.note.clone(),
    }
}
