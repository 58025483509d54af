//! Statuses and progress reports: stoplicht levels, a story's status and
//! row, a report with its counts and what changed since the last one.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct StatusLevelView {
    pub id: String,
    pub label: String,
    pub meaning: String,
    /// Colour token: green, amber, red, blue, grey.
    pub colour: String,
    /// 1 for the best level.
    pub rank: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub id: String,
    pub label: String,
    pub meaning: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub id: String,
    pub label: String,
    pub meaning: Option<String>,
    pub start: Option<DateView>,
    pub end: Option<DateView>,
}

/// A story's status in one report.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub level: Shared<StatusLevelView>,
    pub derived: bool,
    pub summary: String,
    /// The longer text, rendered HTML ("" when none).
    pub html: String,
    pub planned: MoneyView,
    pub spent: MoneyView,
    pub forecast: MoneyView,
    pub report: Shared<LinkView>,
    pub date: Shared<DateView>,
    pub period: Option<String>,
}

/// A story as a row of an overview table.
#[derive(Debug, Clone, Serialize)]
pub struct StoryRow {
    pub id: String,
    pub url: String,
    pub number: Option<String>,
    pub title: String,
    pub themes: Vec<Shared<LinkView>>,
    pub budget: MoneyView,
    pub latest: Option<Shared<StatusView>>,
}

/// One row of a report's overview: a story and its status.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub story: Shared<StoryRow>,
    pub status: Shared<StatusView>,
}

/// How many stories of a report have a status level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub level: StatusLevelView,
    pub count: usize,
    /// How many of `count` the editors derived (`status_derived`).
    pub derived: usize,
}

/// The progress part of a report page.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub date: DateView,
    pub period: Option<String>,
    pub rows: Vec<ReportRow>,
    pub counts: Vec<LevelCount>,
    pub derived_count: usize,
    /// Totals of known amounts; `pm` is true when some parts were PM.
    pub total_planned: MoneyView,
    pub total_spent: MoneyView,
    pub total_forecast: MoneyView,
    /// Stories per status level, and money per story.
    pub charts: Vec<ChartView>,
    /// What changed since the previous report; absent for the first.
    pub changes: Option<ChangesView>,
    /// The goals it gives a status (set by the report's page).
    pub goals: Vec<GoalStatusView>,
}

/// "What changed" since the previous report.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    pub previous: LinkView,
    pub previous_date: DateView,
    pub improved: Vec<LevelChangeView>,
    pub worsened: Vec<LevelChangeView>,
    /// Goals whose level moved (`story` is the goal's link).
    pub goals_improved: Vec<LevelChangeView>,
    pub goals_worsened: Vec<LevelChangeView>,
    pub new: Vec<LinkView>,
    pub gone: Vec<LinkView>,
    pub forecasts: Vec<ForecastChangeView>,
    /// The threshold used for forecasts, as text ("10").
    pub threshold: String,
    pub empty: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelChangeView {
    pub story: LinkView,
    pub from: StatusLevelView,
    pub to: StatusLevelView,
    /// True when the editors derived the old or the new level.
    pub from_derived: bool,
    pub to_derived: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastChangeView {
    pub story: LinkView,
    pub from: String,
    pub to: String,
}

impl<'a> Views<'a> {
    pub(super) fn level_view(&self, l: &StatusLevel) -> StatusLevelView {
        StatusLevelView {
            id: l.id.clone(),
            label: l.label.clone(),
            meaning: l.meaning.clone(),
            colour: l.colour.name().to_string(),
            rank: l.rank + 1,
        }
    }

    pub fn ambition(&self, id: Option<&str>) -> Option<LevelView> {
        let id = id?;
        self.site
            .config
            .ambition_levels
            .iter()
            .find(|l| l.id == id)
            .map(level_view)
    }

    /// The status of one entry, with its report. `html` is the rendered text.
    pub fn status(
        &self,
        p: &Publication,
        r: &Rapportage,
        e: &StoryStatus,
        html: String,
    ) -> Option<StatusView> {
        let level = &e.level;
        let (parts, report) = (&self.parts, self.parts.reports.get(&p.slug));
        Some(StatusView {
            level: shared_or(parts.levels.get(&level.id), || self.level_view(level)),
            derived: e.derived,
            summary: e.summary.clone(),
            html,
            planned: MoneyView::of(e.planned),
            spent: MoneyView::of(e.spent),
            forecast: MoneyView::of(e.forecast),
            report: shared_or(report.map(|(link, _)| link), || self.link(&p.title, &p.url)),
            date: shared_or(report.map(|(_, date)| date), || self.date(&r.date)),
            period: r.period.clone(),
        })
    }

    /// A story's row, with its latest status (from `history`, oldest first).
    pub fn story_row(&self, s: &Story, history: &[Shared<StatusView>]) -> StoryRow {
        StoryRow {
            id: s.id.clone(),
            url: self.href(&s.url),
            number: s.number.clone(),
            title: s.title.clone(),
            themes: s
                .themes
                .iter()
                .filter_map(|t| self.site.thema(t))
                .map(|t| shared_or(self.parts.themes.get(&t.id), || self.theme_link(t)))
                .collect(),
            budget: MoneyView::of(s.budget),
            latest: history.last().cloned(),
        }
    }

    pub fn report_view(&self, r: &Rapportage, rows: Vec<ReportRow>) -> ReportView {
        let charts = vec![
            self.figure(&crate::render::charts::report_status(
                self.site,
                r,
                self.strings,
            )),
            self.figure(&crate::render::charts::report_money(
                self.site,
                r,
                self.strings,
            )),
        ];
        self.report_with(r, rows, charts)
    }

    /// A report as overviews show it: date, counts, totals and changes,
    /// without rows or charts.
    pub fn report_summary(&self, r: &Rapportage) -> ReportView {
        self.report_with(r, Vec::new(), Vec::new())
    }

    pub(super) fn report_with(
        &self,
        r: &Rapportage,
        rows: Vec<ReportRow>,
        charts: Vec<ChartView>,
    ) -> ReportView {
        let counts = self
            .site
            .config
            .stoplicht
            .levels
            .iter()
            .map(|l| {
                let of_level = || r.entries.iter().filter(|e| e.level.rank == l.rank);
                LevelCount {
                    level: self.level_view(l),
                    count: of_level().count(),
                    derived: of_level().filter(|e| e.derived).count(),
                }
            })
            .collect();
        let changes = self.changes(r);
        ReportView {
            changes,
            date: self.date(&r.date),
            period: r.period.clone(),
            derived_count: r.entries.iter().filter(|e| e.derived).count(),
            total_planned: MoneyView::of_total(&Total::of(r.entries.iter().map(|e| e.planned))),
            total_spent: MoneyView::of_total(&Total::of(r.entries.iter().map(|e| e.spent))),
            total_forecast: MoneyView::of_total(&Total::of(r.entries.iter().map(|e| e.forecast))),
            counts,
            rows,
            charts,
            goals: Vec::new(),
        }
    }

    /// What changed since the report before `r`, if there is one.
    pub(super) fn changes(&self, r: &Rapportage) -> Option<ChangesView> {
        let (prev_pub, prev) = self.site.report_before(r)?;
        let c = crate::model::changes::between(prev, r, self.site.config.forecast_threshold);
        let story = |id: &str| match self.site.story(id) {
            Some(s) => self.link(&s.title, &s.url),
            None => LinkView {
                title: id.to_string(),
                url: String::new(),
            },
        };
        let moves = |list: &[crate::model::changes::LevelChange],
                     link: &dyn Fn(&str) -> LinkView,
                     improved: bool|
         -> Vec<LevelChangeView> {
            list.iter()
                .filter(|m| m.improved == improved)
                .map(|m| LevelChangeView {
                    story: link(&m.story),
                    from: self.level_view(&m.from),
                    to: self.level_view(&m.to),
                    from_derived: m.from_derived,
                    to_derived: m.to_derived,
                })
                .collect()
        };
        let goal = |id: &str| match self.site.goal(id) {
            Some(g) => self.link(&g.title, &g.url),
            None => LinkView {
                title: id.to_string(),
                url: String::new(),
            },
        };
        Some(ChangesView {
            previous: self.link(&prev_pub.title, &prev_pub.url),
            previous_date: self.date(&prev.date),
            improved: moves(&c.levels, &story, true),
            worsened: moves(&c.levels, &story, false),
            goals_improved: moves(&c.goal_levels, &goal, true),
            goals_worsened: moves(&c.goal_levels, &goal, false),
            new: c.new.iter().map(|s| story(s)).collect(),
            gone: c.gone.iter().map(|s| story(s)).collect(),
            forecasts: c
                .forecasts
                .iter()
                .map(|f| ForecastChangeView {
                    story: story(&f.story),
                    from: f.from.to_string(),
                    to: f.to.to_string(),
                })
                .collect(),
            threshold: crate::chart::dutch_number(self.site.config.forecast_threshold),
            empty: c.is_empty(),
        })
    }
}

pub(super) fn level_view(l: &Level) -> LevelView {
    LevelView {
        id: l.id.clone(),
        label: l.label.clone(),
        meaning: l.meaning.clone(),
    }
}
