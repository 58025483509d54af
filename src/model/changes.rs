//! "What changed" between two progress reports, computed from the data:
//! status levels that moved, stories that are new or no longer reported,
//! and forecasts that changed by more than a threshold.

use super::money::Money;
use super::{Rapportage, StatusLevel, StoryStatus};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A story whose status level moved.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelChange {
    pub story: String,
    pub from: Arc<StatusLevel>,
    pub to: Arc<StatusLevel>,
    /// True when the new level is better (closer to the first level).
    pub improved: bool,
    /// True when the editors derived the old or the new level.
    pub from_derived: bool,
    pub to_derived: bool,
}

/// A story whose forecast changed by more than the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastChange {
    pub story: String,
    pub from: Money,
    pub to: Money,
}

/// Everything that changed from `previous` to `current`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportChanges {
    pub levels: Vec<LevelChange>,
    /// Goals whose level moved (`story` holds the goal's id).
    pub goal_levels: Vec<LevelChange>,
    pub new: Vec<String>,
    /// In the previous report, not in this one.
    pub gone: Vec<String>,
    pub forecasts: Vec<ForecastChange>,
}

impl ReportChanges {
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
            && self.goal_levels.is_empty()
            && self.new.is_empty()
            && self.gone.is_empty()
            && self.forecasts.is_empty()
    }
}

/// Compares two reports. `threshold_percent` is the smallest relative
/// forecast change that is reported; a change to or from PM always is.
pub fn between(
    previous: &Rapportage,
    current: &Rapportage,
    threshold_percent: f64,
) -> ReportChanges {
    let mut changes = ReportChanges::default();
    // Reports list hundreds of stories: look them up, do not search.
    let mut earlier: HashMap<&str, &StoryStatus> = HashMap::new();
    for e in &previous.entries {
        earlier.entry(e.story.as_str()).or_insert(e);
    }
    let now: HashSet<&str> = current.entries.iter().map(|e| e.story.as_str()).collect();
    for entry in &current.entries {
        let Some(before) = earlier.get(entry.story.as_str()) else {
            changes.new.push(entry.story.clone());
            continue;
        };
        if before.level != entry.level {
            changes.levels.push(LevelChange {
                story: entry.story.clone(),
                from: before.level.clone(),
                to: entry.level.clone(),
                improved: entry.level.rank < before.level.rank,
                from_derived: before.derived,
                to_derived: entry.derived,
            });
        }
        if let (Some(from), Some(to)) = (before.forecast, entry.forecast) {
            if forecast_changed(from, to, threshold_percent) {
                changes.forecasts.push(ForecastChange {
                    story: entry.story.clone(),
                    from,
                    to,
                });
            }
        }
    }
    for entry in &previous.entries {
        if !now.contains(entry.story.as_str()) {
            changes.gone.push(entry.story.clone());
        }
    }
    changes.goal_levels = goal_moves(previous, current);
    changes
}

/// The goals whose level moved between the two reports.
fn goal_moves(previous: &Rapportage, current: &Rapportage) -> Vec<LevelChange> {
    current
        .goals
        .iter()
        .filter_map(|now| {
            let before = previous.goals.iter().find(|g| g.goal == now.goal)?;
            (before.level != now.level).then(|| LevelChange {
                story: now.goal.clone(),
                from: before.level.clone(),
                to: now.level.clone(),
                improved: now.level.rank < before.level.rank,
                from_derived: before.derived,
                to_derived: now.derived,
            })
        })
        .collect()
}

fn forecast_changed(from: Money, to: Money, threshold_percent: f64) -> bool {
    match (from, to) {
        (Money::Amount(a), Money::Amount(b)) => {
            if a == b {
                return false;
            }
            if a == 0 {
                return true;
            }
            ((b - a) as f64 / a as f64).abs() * 100.0 >= threshold_percent
        }
        (Money::Pm, Money::Pm) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::FuzzyDate;
    use crate::model::ColourToken;

    fn entry(story: &str, level: &str, forecast: i64) -> StoryStatus {
        let rank = ["groen", "oranje", "rood"]
            .iter()
            .position(|l| *l == level)
            .unwrap();
        StoryStatus {
            story: story.into(),
            level: Arc::new(StatusLevel {
                id: level.into(),
                label: level.into(),
                meaning: String::new(),
                colour: [ColourToken::Green, ColourToken::Amber, ColourToken::Red][rank],
                rank,
            }),
            derived: false,
            summary: String::new(),
            text: None,
            planned: None,
            spent: None,
            forecast: Some(Money::Amount(forecast * 100_000)),
        }
    }

    fn report(entries: Vec<StoryStatus>) -> Rapportage {
        Rapportage {
            date: FuzzyDate::parse("2018").unwrap(),
            period: None,
            entries,
            goals: Vec::new(),
        }
    }

    #[test]
    fn finds_moves_new_gone_and_forecasts() {
        let before = report(vec![
            entry("a", "oranje", 40),
            entry("b", "groen", 75),
            entry("c", "groen", 10),
        ]);
        let after = report(vec![
            entry("a", "groen", 35),
            entry("b", "oranje", 60),
            entry("d", "groen", 10),
        ]);
        let c = between(&before, &after, 10.0);
        assert_eq!(c.levels.len(), 2);
        assert!(c.levels[0].improved && !c.levels[1].improved);
        assert_eq!(c.new, vec!["d"]);
        assert_eq!(c.gone, vec!["c"]);
        // a: 40 -> 35 is 12,5 %; b: 75 -> 60 is 20 %.
        assert_eq!(
            c.forecasts
                .iter()
                .map(|f| f.story.as_str())
                .collect::<Vec<_>>(),
            vec!["a", "b"]
        );
        let c = between(&before, &after, 15.0);
        assert_eq!(c.forecasts.len(), 1, "below the threshold is not a change");
    }
}
