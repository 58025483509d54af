//! The template context: serialisable views of the model, shaped for
//! templates. Templates never see YAML; every value here is typed, already
//! formatted for display (Dutch money and dates) and documented in
//! `docs/templates.md`.

use super::i18n::Strings;
use crate::chart::{Chart, ChartView, FigureText, TableRef};
use crate::model::date::DateView;
use crate::model::money::{MoneyView, Total};
use crate::model::table::RowKind;
use crate::model::*;
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::sync::Arc;

/// A link to a page: its title and URL.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A navigation item; `current` is true on the page it leads to and on
/// pages below it.
#[derive(Debug, Clone, Serialize)]
pub struct NavView {
    pub title: String,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    pub base_url: String,
    /// Path prefix of every page URL of this language ("/", "/en/").
    pub base_path: String,
    /// Path prefix of shared files (assets, data): the default language's.
    pub root_path: String,
    pub organisation: OrganisationView,
    /// Absent when the site states no licence.
    pub licence: Option<LicenceView>,
    pub contact: ContactView,
    /// The stoplicht levels, best first.
    pub status_levels: Vec<StatusLevelView>,
    pub ambition_levels: Vec<LevelView>,
    pub phases: Vec<PhaseView>,
    /// URL of the accessibility statement, linked from every footer: the
    /// site's own or its entry in the national register; absent when the
    /// site has no statement.
    pub accessibility_url: Option<String>,
    /// Absolute URL of the site's root, for canonical links.
    pub root_url: String,
    /// URLs of the feed, the documents index and the open data page; the
    /// last two are absent when the site has nothing to list there.
    /// Absent when no publication has a date (there is no feed then).
    pub feed_url: Option<String>,
    pub documents_url: Option<String>,
    pub data_url: Option<String>,
    pub search_url: String,
    /// The folder of this language's search index (see docs/open-government.md).
    pub search_index_url: String,
    /// The Content-Security-Policy of every page.
    pub csp: String,
    /// koers' own inline script (its hash is in `csp`).
    pub inline_script: String,
}

/// The accessibility statement page.
#[derive(Debug, Clone, Serialize)]
pub struct AccessibilityView {
    /// A, B, C or D; the page is only made with one.
    pub status: String,
    pub statement_date: Option<DateView>,
    pub reviewed: Option<DateView>,
    pub audit_date: Option<DateView>,
    pub audit_method: Option<String>,
    pub audit_by: Option<String>,
    pub audit_report: Option<String>,
    pub scope: String,
    pub responsible: Option<String>,
    /// Where to report a problem: a URL (mailto: for an e-mail address).
    pub feedback_url: String,
    pub feedback_text: String,
    pub exceptions: Vec<ExceptionView>,
    pub measures: Vec<MeasureView>,
    /// The latest `koers audit`, when the content folder has a report.
    pub automated: Option<AutomatedView>,
}

/// The latest automated check (`koers audit`), as the statement cites it.
#[derive(Debug, Clone, Serialize)]
pub struct AutomatedView {
    pub date: DateView,
    /// Numbers as text, for the sentence they go into.
    pub pages: String,
    pub violations: String,
    pub axe_core_version: String,
    /// "1280 en 320": the widths in pixels, joined for a sentence.
    pub widths: String,
    pub html_checker_version: Option<String>,
    pub html_checker_errors: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub description: String,
    pub date: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExceptionView {
    pub criterion: String,
    pub description: String,
    pub reason: Option<String>,
    pub effect: Option<String>,
    pub measure: Option<String>,
    pub planned: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    pub name: String,
    pub tooi: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LicenceView {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub address: Option<String>,
}

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

/// Template values that many pages show, made once per build (see
/// [`Views::shared_parts`]): in a site of 10 000 stories, one value per
/// status level instead of one in each of 10 000 rows, and so for each
/// report's link and date and each theme's link.
#[derive(Default)]
pub struct SharedParts {
    /// By level id.
    levels: std::collections::HashMap<String, Shared<StatusLevelView>>,
    /// By publication slug: the report's link and date.
    reports: std::collections::HashMap<String, (Shared<LinkView>, Shared<DateView>)>,
    /// By theme id.
    themes: std::collections::HashMap<String, Shared<LinkView>>,
}

/// The shared value found, or one made by `make` (views without
/// [`SharedParts`], such as a quick page's).
fn shared_or<T: Serialize + Clone>(
    found: Option<&Shared<T>>,
    make: impl FnOnce() -> T,
) -> Shared<T> {
    found.cloned().unwrap_or_else(|| Shared::new(make()))
}

/// A view made into template values once per build and shared by every
/// page that shows it: a story's row is in the story list, on its themes'
/// pages, its own page and every report it is in; a status on its report
/// and on its story's page. Templates see the fields of `T`; Rust code
/// reads them through `Deref`.
#[derive(Clone)]
pub struct Shared<T> {
    view: Arc<T>,
    value: tera::Value,
}

impl<T: Serialize> Shared<T> {
    pub fn new(view: T) -> Self {
        // Views are structs of strings, numbers and lists: they serialise.
        let value =
            tera::Value::try_from_serializable(&view).unwrap_or_else(|_| tera::Value::none());
        Shared {
            view: Arc::new(view),
            value,
        }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.view
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.view.fmt(f)
    }
}

/// Serialised as the view it holds; into a tera context by sharing the
/// values made once (tera clones a `Value` it meets instead of serialising
/// it again).
impl<T> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
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
}

/// "What changed" since the previous report.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    pub previous: LinkView,
    pub previous_date: DateView,
    pub improved: Vec<LevelChangeView>,
    pub worsened: Vec<LevelChangeView>,
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

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRowView>,
    pub note: Option<String>,
    /// True when any cell or total involves PM (show the PM legend).
    pub has_pm: bool,
    /// The table drawn as bars.
    pub chart: ChartView,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRowView {
    pub label: String,
    pub theme: Option<LinkView>,
    pub total: bool,
    pub cells: Vec<MoneyView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatesView {
    pub drafted: Option<DateView>,
    pub adopted: Option<DateView>,
    pub adopted_by: Option<String>,
    pub published: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterLink {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicationView {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// Type id (`strategie`) and label (`Strategie`).
    pub kind: String,
    pub kind_label: String,
    pub status: Option<String>,
    pub summary: Option<String>,
    pub dates: DatesView,
    pub registration_numbers: Vec<String>,
    pub portfolio_holder: Option<String>,
    pub author: Option<String>,
    pub version: Option<String>,
    pub reports_on: Option<LinkView>,
    pub chapters: Vec<ChapterLink>,
    pub tables: Vec<TableView>,
    pub report: Option<ReportView>,
    /// Woo / Dublin Core metadata.
    pub metadata: super::publish::Metadata,
    /// schema.org JSON-LD for the page's head.
    pub json_ld: String,
    pub metadata_json_url: String,
    pub metadata_xml_url: String,
    /// Woo information category code ("2g").
    pub woo_code: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub title: String,
    pub goal: Option<String>,
    pub unit: Option<String>,
    /// None when not measured yet.
    pub value: Option<String>,
    pub target: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemaView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub short_title: Option<String>,
    pub number: Option<u32>,
    pub kind: String,
    pub ambition: Option<LevelView>,
    pub ambition_note: Option<String>,
    pub summary: Option<String>,
    pub budget: MoneyView,
    pub publication: Option<LinkView>,
    pub goals: Vec<GoalView>,
    pub indicators: Vec<IndicatorView>,
    pub stories: Vec<Shared<StoryRow>>,
    /// How many stories have this theme (also where `stories` is left empty: overviews).
    pub story_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioView {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub fictional: bool,
    pub ambition: Option<LevelView>,
    pub summary: Option<String>,
    pub publication: Option<LinkView>,
    pub costs: Option<TableView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub row: Shared<StoryRow>,
    pub aliases: Vec<String>,
    pub ambition: Option<LevelView>,
    pub owner: Option<String>,
    pub summary: Option<String>,
    pub publication: Option<LinkView>,
    pub see_also: Vec<LinkView>,
    /// Status in every report, oldest first.
    pub history: Vec<Shared<StatusView>>,
    /// True when a status of `history` was derived by the editors.
    pub any_derived: bool,
    /// Status over the reports (from the second report on), and money per
    /// report. Their figures are in the history table, which they link to.
    pub charts: Vec<ChartView>,
    /// The `id` the history table must have: the charts link to it.
    pub history_table: &'static str,
}

/// The `id` of a story page's status history table ([`StoryView`]).
pub const STORY_HISTORY_TABLE: &str = "status-tabel";

/// Builds views; holds what every view needs.
pub struct Views<'a> {
    pub site: &'a Site,
    pub base_path: String,
    pub strings: &'a Strings,
    parts: Arc<SharedParts>,
    /// Charts made for the page being built; their CSV files are written
    /// beside it (see `take_charts`).
    charts: RefCell<Vec<ChartView>>,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, strings: &'a Strings) -> Self {
        Views {
            site,
            base_path: super::url::base_path(&site.config.base_url),
            strings,
            parts: Arc::default(),
            charts: RefCell::new(Vec::new()),
        }
    }

    /// Views that take the parts many pages show from `parts` (made once
    /// per build by [`Views::shared_parts`]) instead of making their own.
    pub fn with_parts(mut self, parts: Arc<SharedParts>) -> Self {
        self.parts = parts;
        self
    }

    /// The values that thousands of rows show: each status level, each
    /// report's link and date, each theme's link, made once.
    pub fn shared_parts(&self) -> SharedParts {
        let site = self.site;
        SharedParts {
            levels: site
                .config
                .stoplicht
                .levels
                .iter()
                .map(|l| (l.id.clone(), Shared::new(self.level_view(l))))
                .collect(),
            reports: site
                .reports()
                .into_iter()
                .map(|(p, r)| {
                    let link = Shared::new(self.link(&p.title, &p.url));
                    (p.slug.clone(), (link, Shared::new(DateView::from(&r.date))))
                })
                .collect(),
            themes: site
                .themas
                .iter()
                .map(|t| (t.id.clone(), Shared::new(self.theme_link(t))))
                .collect(),
        }
    }

    fn theme_link(&self, t: &Thema) -> LinkView {
        self.link(t.short_title.as_deref().unwrap_or(&t.title), &t.url)
    }

    /// Renders a chart's figure and remembers it for its CSV file.
    pub fn figure(&self, chart: &Chart) -> ChartView {
        self.figure_with(chart, None)
    }

    /// [`Views::figure`], for a chart whose figures the page shows in a
    /// table of its own: the figure links there instead of repeating them.
    fn figure_with(&self, chart: &Chart, numbers_in: Option<TableRef>) -> ChartView {
        let s = self.strings;
        let view = chart.view(&FigureText {
            show_numbers: s.get("show_numbers"),
            download: s.get("download_csv"),
            pm_meaning: s.get("pm_meaning"),
            numbers_in,
            colours: s.chart_colours(),
        });
        self.charts.borrow_mut().push(view.clone());
        view
    }

    /// Remembers charts rendered elsewhere (Markdown chart blocks).
    pub fn add_charts(&self, charts: &[ChartView]) {
        self.charts.borrow_mut().extend(charts.iter().cloned());
    }

    /// The charts made since the last call, for the page being written.
    pub fn take_charts(&self) -> Vec<ChartView> {
        std::mem::take(&mut *self.charts.borrow_mut())
    }

    /// A site URL path with the base path in front.
    pub fn href(&self, url: &str) -> String {
        if url.contains("://") {
            return url.to_string();
        }
        format!("{}{}", self.base_path, url.trim_start_matches('/'))
    }

    fn link(&self, title: &str, url: &str) -> LinkView {
        LinkView {
            title: title.to_string(),
            url: self.href(url),
        }
    }

    pub fn site_view(&self) -> SiteView {
        let c = &self.site.config;
        let shape = self.site.shape();
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.clone(),
            base_path: self.base_path.clone(),
            root_path: super::url::base_path(&c.root_url),
            root_url: c.root_url.clone(),
            feed_url: self
                .site
                .publications
                .iter()
                .any(|p| super::publish::publication_date(p).is_some())
                .then(|| self.href("/feed.xml")),
            documents_url: shape
                .has_documents()
                .then(|| self.href(super::DOCUMENTS_URL)),
            data_url: shape.has_open_data().then(|| self.href(super::DATA_URL)),
            search_url: self.href(super::SEARCH_URL),
            search_index_url: self.href(&format!("/{}", super::search::INDEX_DIR)),
            organisation: OrganisationView {
                name: c.organisation.name.clone(),
                tooi: c.organisation.tooi.clone(),
                url: c.organisation.url.clone(),
            },
            licence: c.licence.as_ref().map(|l| LicenceView {
                name: l.name.clone(),
                url: l.url.clone(),
            }),
            contact: ContactView {
                name: c.contact.name.clone(),
                email: c.contact.email.clone(),
                phone: c.contact.phone.clone(),
                url: c.contact.url.clone(),
                address: c.contact.address.clone(),
            },
            status_levels: c
                .stoplicht
                .levels
                .iter()
                .map(|l| self.level_view(l))
                .collect(),
            ambition_levels: c.ambition_levels.iter().map(level_view).collect(),
            phases: c
                .phases
                .iter()
                .map(|p| PhaseView {
                    id: p.level.id.clone(),
                    label: p.level.label.clone(),
                    meaning: p.level.meaning.clone(),
                    start: p.start.as_ref().map(DateView::from),
                    end: p.end.as_ref().map(DateView::from),
                })
                .collect(),
            accessibility_url: match self.site.statement() {
                Statement::Generated | Statement::Page => {
                    Some(self.href(&format!("/{}/", c.sections.accessibility)))
                }
                Statement::Register(url) => Some(url),
                Statement::Missing => None,
            },
            csp: super::csp::policy(),
            inline_script: super::csp::INLINE_SCRIPT.to_string(),
        }
    }

    /// The statement's facts; None when koers writes no statement (see
    /// [`Site::statement`]).
    pub fn accessibility(&self) -> Option<AccessibilityView> {
        let c = &self.site.config;
        let a = &c.accessibility;
        let feedback = c.accessibility_feedback()?.to_string();
        let feedback_url = if feedback.contains('@') && !feedback.contains("://") {
            format!("mailto:{feedback}")
        } else {
            feedback.clone()
        };
        Some(AccessibilityView {
            status: a.status?.to_string(),
            statement_date: a.statement_date.as_ref().map(DateView::from),
            reviewed: a.reviewed.as_ref().map(DateView::from),
            audit_date: a.audit_date.as_ref().map(DateView::from),
            audit_method: a.audit_method.clone(),
            audit_by: a.audit_by.clone(),
            audit_report: a.audit_report.clone(),
            scope: a.scope.clone().unwrap_or_else(|| c.base_url.clone()),
            responsible: a.responsible.clone(),
            feedback_url,
            feedback_text: feedback,
            exceptions: a
                .exceptions
                .iter()
                .map(|e| ExceptionView {
                    criterion: e.criterion.clone(),
                    description: e.description.clone(),
                    reason: e.reason.clone(),
                    effect: e.effect.clone(),
                    measure: e.measure.clone(),
                    planned: e.planned.as_ref().map(DateView::from),
                })
                .collect(),
            automated: a.automated.as_ref().map(|check| AutomatedView {
                date: DateView::from(&crate::model::date::FuzzyDate::exact(check.date)),
                pages: check.pages.to_string(),
                violations: check.violations.to_string(),
                axe_core_version: check.axe_core_version.clone(),
                widths: check
                    .widths
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" / "),
                html_checker_version: check.html_checker.as_ref().map(|(v, _)| v.clone()),
                html_checker_errors: check.html_checker.as_ref().map(|(_, n)| n.to_string()),
            }),
            measures: a
                .measures
                .iter()
                .map(|m| MeasureView {
                    description: m.description.clone(),
                    date: m.date.as_ref().map(DateView::from),
                })
                .collect(),
        })
    }

    pub fn nav(&self, current_url: &str) -> Vec<NavView> {
        self.site
            .config
            .navigation
            .iter()
            .map(|n| NavView {
                title: n.title.clone(),
                url: self.href(&n.url),
                current: if n.url == "/" {
                    current_url == "/"
                } else {
                    current_url.starts_with(&n.url)
                },
            })
            .collect()
    }

    fn level_view(&self, l: &StatusLevel) -> StatusLevelView {
        StatusLevelView {
            id: l.id.clone(),
            label: l.label.clone(),
            meaning: l.meaning.clone(),
            colour: l.colour.name().to_string(),
            rank: self.site.config.stoplicht.rank(&l.id).map_or(0, |r| r + 1),
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

    pub fn publication_link(&self, slug: Option<&str>) -> Option<LinkView> {
        let p = self.site.publication(slug?)?;
        Some(self.link(&p.title, &p.url))
    }

    /// The status of one entry, with its report. `html` is the rendered text.
    pub fn status(
        &self,
        p: &Publication,
        r: &Rapportage,
        e: &StoryStatus,
        html: String,
    ) -> Option<StatusView> {
        let level = self.site.config.stoplicht.get(&e.level)?;
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
            date: shared_or(report.map(|(_, date)| date), || DateView::from(&r.date)),
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
            self.figure(&super::charts::report_status(self.site, r, self.strings)),
            self.figure(&super::charts::report_money(self.site, r, self.strings)),
        ];
        self.report_with(r, rows, charts)
    }

    /// A report as overviews show it: date, counts, totals and changes,
    /// without rows or charts.
    pub fn report_summary(&self, r: &Rapportage) -> ReportView {
        self.report_with(r, Vec::new(), Vec::new())
    }

    fn report_with(
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
                let of_level = || r.entries.iter().filter(|e| e.level == l.id);
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
            date: DateView::from(&r.date),
            period: r.period.clone(),
            derived_count: r.entries.iter().filter(|e| e.derived).count(),
            total_planned: MoneyView::of_total(&Total::of(r.entries.iter().map(|e| e.planned))),
            total_spent: MoneyView::of_total(&Total::of(r.entries.iter().map(|e| e.spent))),
            total_forecast: MoneyView::of_total(&Total::of(r.entries.iter().map(|e| e.forecast))),
            counts,
            rows,
            charts,
        }
    }

    /// What changed since the report before `r`, if there is one.
    fn changes(&self, r: &Rapportage) -> Option<ChangesView> {
        let reports = self.site.reports();
        let at = reports.iter().position(|(_, x)| std::ptr::eq(*x, r))?;
        let (prev_pub, prev) = reports.get(at.checked_sub(1)?)?;
        let c = crate::model::changes::between(
            prev,
            r,
            &self.site.config.stoplicht,
            self.site.config.forecast_threshold,
        );
        let story = |id: &str| match self.site.story(id) {
            Some(s) => self.link(&s.title, &s.url),
            None => LinkView {
                title: id.to_string(),
                url: String::new(),
            },
        };
        let level = |id: &str| {
            self.site
                .config
                .stoplicht
                .get(id)
                .map(|l| self.level_view(l))
        };
        let moves = |improved: bool| -> Vec<LevelChangeView> {
            c.levels
                .iter()
                .filter(|m| m.improved == improved)
                .filter_map(|m| {
                    Some(LevelChangeView {
                        story: story(&m.story),
                        from: level(&m.from)?,
                        to: level(&m.to)?,
                        from_derived: m.from_derived,
                        to_derived: m.to_derived,
                    })
                })
                .collect()
        };
        Some(ChangesView {
            previous: self.link(&prev_pub.title, &prev_pub.url),
            previous_date: DateView::from(&prev.date),
            improved: moves(true),
            worsened: moves(false),
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

    pub fn table(&self, t: &FinanceTable) -> TableView {
        let rows: Vec<TableRowView> = t
            .rows
            .iter()
            .map(|r| TableRowView {
                label: r.label.clone(),
                theme: r
                    .theme
                    .as_deref()
                    .and_then(|id| self.site.thema(id))
                    .map(|th| self.link(&th.title, &th.url)),
                total: matches!(r.kind, RowKind::Sum { .. }),
                cells: match &r.kind {
                    RowKind::Values(v) => v.iter().map(|m| MoneyView::of(*m)).collect(),
                    RowKind::Sum { computed, .. } => {
                        computed.iter().map(MoneyView::of_total).collect()
                    }
                },
            })
            .collect();
        TableView {
            id: t.id.clone(),
            title: t.title.clone(),
            columns: t.columns.clone(),
            has_pm: rows.iter().any(|r| r.cells.iter().any(|c| c.pm)),
            rows,
            note: t.note.clone(),
            chart: self.figure(&super::charts::finance_table(t, self.strings)),
        }
    }

    pub fn publication(&self, p: &Publication, report: Option<ReportView>) -> PublicationView {
        let metadata = super::publish::Metadata::of(self.site, p);
        PublicationView {
            slug: p.slug.clone(),
            url: self.href(&p.url),
            title: p.title.clone(),
            subtitle: p.subtitle.clone(),
            kind: p.kind.id().to_string(),
            kind_label: p.kind.label().to_string(),
            status: p.status.clone(),
            summary: p.summary.clone(),
            dates: DatesView {
                drafted: p.dates.drafted.as_ref().map(DateView::from),
                adopted: p.dates.adopted.as_ref().map(DateView::from),
                adopted_by: p.dates.adopted_by.clone(),
                published: p.dates.published.as_ref().map(DateView::from),
            },
            registration_numbers: p.registration_numbers.clone(),
            portfolio_holder: p.portfolio_holder.clone(),
            author: p.author.clone(),
            version: p.version.clone(),
            reports_on: self.publication_link(p.reports_on.as_deref()),
            chapters: p
                .chapters
                .iter()
                .map(|c| ChapterLink {
                    title: c.title.clone(),
                    url: self.href(&c.url),
                    summary: c.summary.clone(),
                })
                .collect(),
            tables: p.tables.iter().map(|t| self.table(t)).collect(),
            report,
            json_ld: metadata.json_ld(p),
            metadata,
            metadata_json_url: self.href(&format!("{}metadata.json", p.url)),
            metadata_xml_url: self.href(&format!("{}metadata.xml", p.url)),
            woo_code: p.woo_category.code.to_string(),
        }
    }

    pub fn thema(&self, t: &Thema, stories: Vec<Shared<StoryRow>>) -> ThemaView {
        ThemaView {
            story_count: stories.len(),
            id: t.id.clone(),
            url: self.href(&t.url),
            title: t.title.clone(),
            short_title: t.short_title.clone(),
            number: t.number,
            kind: t.kind.clone(),
            ambition: self.ambition(t.ambition.as_deref()),
            ambition_note: t.ambition_note.clone(),
            summary: t.summary.clone(),
            budget: MoneyView::of(t.budget),
            publication: self.publication_link(t.publication.as_deref()),
            goals: t
                .goals
                .iter()
                .map(|g| GoalView {
                    id: g.id.clone(),
                    title: g.title.clone(),
                    description: g.description.clone(),
                })
                .collect(),
            indicators: t
                .indicators
                .iter()
                .map(|i| IndicatorView {
                    title: i.title.clone(),
                    goal: i.goal.clone(),
                    unit: i.unit.clone(),
                    value: i.value.clone(),
                    target: i.target.clone(),
                    note: i.note.clone(),
                })
                .collect(),
            stories,
        }
    }

    pub fn scenario(&self, s: &Scenario) -> ScenarioView {
        ScenarioView {
            slug: s.slug.clone(),
            url: self.href(&s.url),
            title: s.title.clone(),
            fictional: s.fictional,
            ambition: self.ambition(s.ambition.as_deref()),
            summary: s.summary.clone(),
            publication: self.publication_link(s.publication.as_deref()),
            costs: s.costs.as_ref().map(|t| self.table(t)),
        }
    }

    /// A story's page: `row` and `history` as [`Views::story_row`] and
    /// [`Views::status`] make them, shared with the other pages.
    pub fn story(
        &self,
        s: &Story,
        row: Shared<StoryRow>,
        history: Vec<Shared<StatusView>>,
    ) -> StoryView {
        let history_table = TableRef {
            id: STORY_HISTORY_TABLE,
            label: self.strings.get("chart_numbers_in_table"),
        };
        let charts = [
            super::charts::story_status(self.site, s, self.strings),
            super::charts::story_money(self.site, s, self.strings),
        ]
        .iter()
        .flatten()
        .map(|c| self.figure_with(c, Some(history_table)))
        .collect();
        StoryView {
            charts,
            history_table: STORY_HISTORY_TABLE,
            row,
            aliases: s.aliases.clone(),
            ambition: self.ambition(s.ambition.as_deref()),
            owner: s.owner.clone(),
            summary: s.summary.clone(),
            publication: self.publication_link(s.publication.as_deref()),
            see_also: s
                .see_also
                .iter()
                .filter_map(|id| self.site.story(id))
                .map(|o| self.link(&o.title, &o.url))
                .collect(),
            any_derived: history.iter().any(|h| h.derived),
            history,
        }
    }
}

fn level_view(l: &Level) -> LevelView {
    LevelView {
        id: l.id.clone(),
        label: l.label.clone(),
        meaning: l.meaning.clone(),
    }
}
