//! Goals (doelen) and principles (uitgangspunten): typed, linkable
//! objects of a strategy, each with a stable slug `id` and the document's
//! own `code`, belonging to a theme or a publication. Progress reports can
//! give a goal a status and measured values, as they give stories one.

use super::date::FuzzyDate;
use super::{Markdown, Rapportage, Site, StatusLevel};
use std::sync::Arc;

/// What a goal or principle belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A theme (or programme line, perspective), by id.
    Theme(String),
    /// A publication, by slug.
    Publication(String),
}

/// A goal (doel, doelstelling): a page of its own.
#[derive(Debug, Clone)]
pub struct Goal {
    /// Stable slug: its URL and the name stories and reports use.
    pub id: String,
    /// The document's own code (`D-2.3`), shown with the title.
    pub code: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Its page.
    pub url: String,
    /// None for a goal that stands alone (`goals/<id>.md` without a theme
    /// or publication).
    pub owner: Option<Owner>,
    /// The content file it is written in (its owner's, or its own).
    pub rel: String,
    /// The text of a goal in a file of its own.
    pub body: Option<Markdown>,
    /// What is done for it per phase, in the order of the site's phases.
    pub activities: Vec<Activity>,
}

/// What a strategy does for a goal in one phase.
#[derive(Debug, Clone)]
pub struct Activity {
    /// A phase id of the site.
    pub phase: String,
    pub text: String,
}

/// A principle (uitgangspunt): an anchor on its owner's page.
#[derive(Debug, Clone)]
pub struct Principle {
    pub id: String,
    /// The document's own code or number, shown with the title.
    pub code: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Its owner's page with the principle's anchor.
    pub url: String,
    pub owner: Owner,
}

/// The anchor of principle `id` on its owner's page.
pub fn principle_anchor(id: &str) -> String {
    format!("uitgangspunt-{id}")
}

/// A goal's status in one report.
#[derive(Debug, Clone)]
pub struct GoalStatus {
    /// Id of the goal.
    pub goal: String,
    pub level: Arc<StatusLevel>,
    /// True when the editors derived the level.
    pub derived: bool,
    pub summary: String,
    pub text: Option<Markdown>,
    pub measurements: Vec<Measurement>,
}

/// A value measured for a goal or one of its indicators.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// The indicator's title; none for the goal itself.
    pub indicator: Option<String>,
    /// As the report gives it (a number, a percentage, a word).
    pub value: String,
    pub unit: Option<String>,
    pub date: Option<FuzzyDate>,
}

impl Site {
    /// The goal with this id.
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// The goals of an owner, in the order they are written.
    pub fn goals_of<'s>(&'s self, owner: &'s Owner) -> impl Iterator<Item = &'s Goal> + 's {
        self.goals
            .iter()
            .filter(move |g| g.owner.as_ref() == Some(owner))
    }

    /// The principles of an owner, in the order they are written.
    pub fn principles_of<'s>(
        &'s self,
        owner: &'s Owner,
    ) -> impl Iterator<Item = &'s Principle> + 's {
        self.principles.iter().filter(move |p| p.owner == *owner)
    }

    /// A goal's status in every report that gives it one, oldest first.
    pub fn goal_history(&self, goal: &str) -> Vec<(&super::Publication, &Rapportage, &GoalStatus)> {
        self.reports()
            .into_iter()
            .filter_map(|(p, r)| Some((p, r, r.goals.iter().find(|g| g.goal == goal)?)))
            .collect()
    }
}
