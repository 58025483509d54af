//! The typed domain model: what a strategy-and-progress site *is*, after
//! validation. Every reference in it has been resolved and every amount and
//! date parsed, so the render stage only looks things up.
//!
//! Names follow the domain: a [`Publication`] (visie, strategie,
//! programmaplan, voortgangsrapportage), a [`Thema`], a [`Scenario`], a
//! [`Story`], a [`Rapportage`] with its [`Stoplicht`] levels.

pub mod brand;
pub mod changes;
pub mod chapter;
pub mod colour;
pub mod data_table;
pub mod date;
pub mod goal;
pub mod lint;
pub mod money;
mod publication;
pub mod table;
pub mod theme;
pub mod urls;
pub mod woo;

use date::FuzzyDate;
use money::Money;
pub use publication::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
pub use table::{FinanceTable, TableRow};
pub use theme::{AmountBasis, AmountValue, CoalitionGoalRef, DocumentRef, ThemeAmount};

/// Markdown text with the place it came from, so the renderer can report
/// problems (broken links) at the right file and line.
#[derive(Debug, Clone)]
pub struct Markdown {
    /// Shared with the source file it came from: cloning is cheap.
    pub text: std::sync::Arc<str>,
    pub file: PathBuf,
    /// Content-relative path of the file (`stories/e-facturen.md`).
    pub rel: String,
    /// 1-based line of the file on which `text` starts.
    pub line: usize,
    /// The language of the text when it stands in for a missing
    /// translation (None: the page's own language).
    pub lang: Option<String>,
}

impl Markdown {
    /// The Markdown an author writes: CommonMark with tables, footnotes,
    /// strikethrough and heading ids (`## De visie {#visie}`). Every reader
    /// of content Markdown (the pages, the link check, the tables of
    /// figures, the PDF edition) parses with these, so that each sees the
    /// same headings, cells and links.
    pub const DIALECT: pulldown_cmark::Options = pulldown_cmark::Options::ENABLE_TABLES
        .union(pulldown_cmark::Options::ENABLE_FOOTNOTES)
        .union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH)
        .union(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES);

    /// The inline HTML element a tag of raw HTML in a text opens or
    /// closes, when it is one whose text readers treat apart: a marker set
    /// above or below the line, struck-through text, a line break.
    pub fn inline_tag(raw: &str) -> Option<(InlineTag, bool)> {
        let inner = raw.trim().strip_prefix('<')?.strip_suffix('>')?;
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let name: String = inner
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase();
        let tag = match name.as_str() {
            "sup" => InlineTag::Sup,
            "sub" => InlineTag::Sub,
            "s" | "del" | "strike" => InlineTag::Struck,
            "br" => InlineTag::Break,
            _ => return None,
        };
        Some((tag, closing))
    }
}

/// Inline HTML elements that readers of a text other than the browser
/// (open data, the PDF) must understand; see [`Markdown::inline_tag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineTag {
    /// `<sup>`: text set above the line (a note marker, m²).
    Sup,
    /// `<sub>`: text set below the line (CO₂).
    Sub,
    /// `<s>`, `<del>`, `<strike>`: text that no longer holds.
    Struck,
    /// `<br>`.
    Break,
}

/// The whole site, validated.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub publications: Vec<Publication>,
    pub themas: Vec<Thema>,
    pub scenarios: Vec<Scenario>,
    pub stories: Vec<Story>,
    pub pages: Vec<Page>,
    /// The goals of every theme and publication, theme by theme, then
    /// publication by publication.
    pub goals: Vec<goal::Goal>,
    /// The principles of every publication and theme.
    pub principles: Vec<goal::Principle>,
    /// The tables of figures written in Markdown, page by page.
    pub data_tables: Vec<data_table::DataTable>,
    /// Non-content files to copy: content-relative paths.
    pub assets: Vec<String>,
    /// Content-relative source path -> URL path (`/stories/x/`), for links.
    pub urls: BTreeMap<String, String>,
    /// The content folder the site was read from.
    pub content_root: PathBuf,
    /// Lookups by id, built once by [`Site::index`] after validation.
    pub index: SiteIndex,
}

/// Positions by id, so rendering is lookups, not searches.
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    stories: std::collections::HashMap<String, usize>,
    themas: std::collections::HashMap<String, usize>,
    publications: std::collections::HashMap<String, usize>,
    /// Publications that are progress reports, oldest first.
    reports: Vec<usize>,
    /// Per story: (position in `reports`, entry index), oldest first.
    entries: std::collections::HashMap<String, Vec<(usize, usize)>>,
}

/// `site.yaml`: who publishes, how, and the vocabularies of the content.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    /// The Woo information category of publications that name none.
    pub woo_category: Option<&'static woo::Category>,
    /// The most data points (rows times series) one chart may draw.
    pub chart_points: usize,
    pub description: Option<String>,
    /// The language of this view of the site.
    pub language: String,
    /// All languages of the site, the default first.
    pub languages: Vec<String>,
    /// The site's address in every form (see [`urls::SiteUrls`]).
    pub urls: urls::SiteUrls,
    pub theme: String,
    pub organisation: Organisation,
    /// None when the site states no licence: then the site says nothing
    /// about one.
    pub licence: Option<Licence>,
    pub contact: Contact,
    pub navigation: Vec<NavItem>,
    /// URL segment of each content kind.
    pub sections: Sections,
    pub stoplicht: Stoplicht,
    pub ambition_levels: Vec<Level>,
    pub phases: Vec<Phase>,
    /// How content lint rules are reported.
    pub lint: lint::LintConfig,
    /// What raw HTML in Markdown may contain.
    pub html: lint::HtmlPolicy,
    /// Smallest forecast change (percent) listed under "what changed".
    pub forecast_threshold: f64,
    /// TOOI theme of the publications: (concept id, label).
    /// The TOOI theme of the publications (id, label); required when the
    /// site has publications, never made up.
    pub woo_theme: Option<(String, String)>,
    pub accessibility: Accessibility,
    /// The site's own colours, logo and font (`brand:`); None without.
    pub brand: Option<brand::Brand>,
    /// Whether each publication gets a PDF edition (`pdf:`, default true).
    /// A koers built without the `pdf` feature makes none either way.
    pub pdf_edition: bool,
}

/// The accessibility statement's facts (the Dutch model statement).
#[derive(Debug, Clone, Default)]
pub struct Accessibility {
    /// A, B, C or D; None when the site has not said.
    pub status: Option<char>,
    /// The statement in the national register, when the site keeps it there.
    pub register_url: Option<String>,
    pub statement_date: Option<FuzzyDate>,
    pub reviewed: Option<FuzzyDate>,
    pub audit_date: Option<FuzzyDate>,
    pub audit_method: Option<String>,
    pub audit_by: Option<String>,
    pub audit_report: Option<String>,
    pub scope: Option<String>,
    pub responsible: Option<String>,
    /// Where to report problems: an e-mail address or URL.
    pub feedback: Option<String>,
    pub exceptions: Vec<AccessibilityException>,
    pub measures: Vec<AccessibilityMeasure>,
    /// The latest `koers audit` of the site: automated evidence, never
    /// the audit that status A or B needs.
    pub automated: Option<AutomatedCheck>,
}

/// What the latest `koers audit` report in the content folder says.
#[derive(Debug, Clone, PartialEq)]
pub struct AutomatedCheck {
    pub date: chrono::NaiveDate,
    pub pages: usize,
    /// Rule violations found (one per page and rule).
    pub violations: usize,
    pub axe_core_version: String,
    pub widths: Vec<u32>,
    /// The Nu Html Checker's version and error count, when it ran.
    pub html_checker: Option<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct AccessibilityException {
    pub criterion: String,
    pub description: String,
    pub reason: Option<String>,
    pub effect: Option<String>,
    pub measure: Option<String>,
    pub planned: Option<FuzzyDate>,
}

#[derive(Debug, Clone)]
pub struct AccessibilityMeasure {
    pub description: String,
    pub date: Option<FuzzyDate>,
}

/// Where the footer's link to the accessibility statement leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// koers writes the statement from `accessibility:` in site.yaml.
    Generated,
    /// A content page at the statement's URL takes its place.
    Page,
    /// The statement is in the national register, at this URL.
    Register(String),
    /// The site has no statement: no page and no link.
    Missing,
}

impl SiteConfig {
    /// Where readers report an accessibility problem: the statement's own
    /// feedback address, else the site's contact e-mail or URL.
    pub fn accessibility_feedback(&self) -> Option<&str> {
        self.accessibility
            .feedback
            .as_deref()
            .or(self.contact.email.as_deref())
            .or(self.contact.url.as_deref())
    }
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    /// The TOOI identifier URI of the organisation, when known.
    pub tooi: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Licence {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NavItem {
    pub title: String,
    /// Resolved URL path or external URL.
    pub url: String,
}

/// URL segments per content kind; Dutch by default.
#[derive(Debug, Clone)]
pub struct Sections {
    pub publications: String,
    pub themes: String,
    pub scenarios: String,
    pub stories: String,
    pub reports: String,
    pub goals: String,
    pub accessibility: String,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            publications: "publicaties".into(),
            themes: "themas".into(),
            scenarios: "scenarios".into(),
            stories: "stories".into(),
            reports: "rapportages".into(),
            goals: "doelen".into(),
            accessibility: "toegankelijkheid".into(),
        }
    }
}

/// The status legend of progress reports (the *stoplicht*): ordered levels,
/// best first, each with its label, meaning and colour token.
#[derive(Debug, Clone, Default)]
pub struct Stoplicht {
    /// Shared with the statuses that have them (see [`StoryStatus::level`]).
    pub levels: Vec<Arc<StatusLevel>>,
}

impl Stoplicht {
    /// The level with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<StatusLevel>> {
        self.levels.iter().find(|l| l.id == id)
    }
}

/// One level of the stoplicht.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLevel {
    pub id: String,
    pub label: String,
    pub meaning: String,
    pub colour: ColourToken,
    /// Its place in the legend: 0 for the first (best) level.
    pub rank: usize,
}

/// The colours a status level may take; the theme maps each to a colour
/// and a shape that meet contrast rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColourToken {
    Green,
    Amber,
    Red,
    Blue,
    Grey,
}

impl ColourToken {
    pub const NAMES: [&'static str; 5] = ["green", "amber", "red", "blue", "grey"];

    pub fn parse(s: &str) -> Option<ColourToken> {
        match s.trim().to_lowercase().as_str() {
            "green" | "groen" => Some(ColourToken::Green),
            "amber" | "orange" | "oranje" | "yellow" | "geel" => Some(ColourToken::Amber),
            "red" | "rood" => Some(ColourToken::Red),
            "blue" | "blauw" => Some(ColourToken::Blue),
            "grey" | "gray" | "grijs" => Some(ColourToken::Grey),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ColourToken::Green => "green",
            ColourToken::Amber => "amber",
            ColourToken::Red => "red",
            ColourToken::Blue => "blue",
            ColourToken::Grey => "grey",
        }
    }
}

/// An entry of a vocabulary: an ambition level, a phase.
#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub label: String,
    pub meaning: Option<String>,
}

/// A maturity phase of a strategy (Groningen: prepareren ... transformeren).
#[derive(Debug, Clone)]
pub struct Phase {
    pub level: Level,
    pub start: Option<FuzzyDate>,
    pub end: Option<FuzzyDate>,
}

/// A theme (thema, programmalijn, pijler).
#[derive(Debug, Clone)]
pub struct Thema {
    pub id: String,
    pub url: String,
    pub source: PathBuf,
    pub title: String,
    pub short_title: Option<String>,
    pub number: Option<u32>,
    /// What the source calls it: "thema", "programmalijn", "pijler".
    pub kind: String,
    pub aliases: Vec<String>,
    pub publication: Option<String>,
    pub ambition: Option<String>,
    pub ambition_note: Option<String>,
    pub summary: Option<String>,
    /// Its amounts, each with what it is (see [`ThemeAmount`]).
    pub amounts: Vec<ThemeAmount>,
    /// The topics (*onderwerpen*) the source names for it.
    pub topics: Vec<String>,
    /// Goals of a coalition agreement it refers to.
    pub coalition_goals: Vec<CoalitionGoalRef>,
    /// Ids of its goals and principles (see [`Site::goals`]).
    pub goals: Vec<String>,
    pub principles: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub body: Markdown,
}

/// A measure of a goal; it may have no measured value yet.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub title: String,
    pub goal: Option<String>,
    pub unit: Option<String>,
    pub value: Option<String>,
    pub target: Option<String>,
    pub note: Option<String>,
}

/// A scenario with its costs.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub slug: String,
    pub url: String,
    pub source: PathBuf,
    pub title: String,
    pub order: Option<u32>,
    pub publication: Option<String>,
    /// True where the source presents the scenario as fictional.
    pub fictional: bool,
    pub ambition: Option<String>,
    pub summary: Option<String>,
    pub costs: Option<FinanceTable>,
    pub body: Markdown,
}

/// A story (story, onderdeel, project): the unit citizens follow.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: String,
    pub url: String,
    pub source: PathBuf,
    pub title: String,
    pub number: Option<String>,
    pub aliases: Vec<String>,
    pub themes: Vec<String>,
    pub publication: Option<String>,
    pub ambition: Option<String>,
    pub owner: Option<String>,
    pub budget: Option<Money>,
    pub summary: Option<String>,
    pub see_also: Vec<String>,
    /// Ids of the goals it serves.
    pub goals: Vec<String>,
    pub body: Markdown,
    /// Old URL paths that redirect to this story.
    pub redirect_from: Vec<String>,
}

/// Any other page: about, contact, accessibility statement.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub url: String,
    pub source: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub order: Option<u32>,
    pub body: Markdown,
    /// Old URL paths that redirect to this page.
    pub redirect_from: Vec<String>,
}

impl Site {
    /// Builds the lookups; call again after changing the site's lists.
    pub fn index(&mut self) {
        let positions = |ids: Vec<&String>| {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect()
        };
        let mut reports: Vec<usize> = (0..self.publications.len())
            .filter(|i| self.publications[*i].rapportage.is_some())
            .collect();
        reports.sort_by_key(|i| {
            let p = &self.publications[*i];
            (p.rapportage.as_ref().map(|r| r.date.day), p.slug.clone())
        });
        let mut entries: std::collections::HashMap<String, Vec<(usize, usize)>> =
            std::collections::HashMap::new();
        for (ri, pi) in reports.iter().enumerate() {
            if let Some(r) = &self.publications[*pi].rapportage {
                for (ei, e) in r.entries.iter().enumerate() {
                    entries.entry(e.story.clone()).or_default().push((ri, ei));
                }
            }
        }
        self.index = SiteIndex {
            stories: positions(self.stories.iter().map(|s| &s.id).collect()),
            themas: positions(self.themas.iter().map(|t| &t.id).collect()),
            publications: positions(self.publications.iter().map(|p| &p.slug).collect()),
            reports,
            entries,
        };
    }

    /// The position of a story in `stories`.
    pub fn story_position(&self, id: &str) -> Option<usize> {
        self.index.stories.get(id).copied()
    }

    pub fn story(&self, id: &str) -> Option<&Story> {
        self.index
            .stories
            .get(id)
            .and_then(|i| self.stories.get(*i))
    }

    pub fn thema(&self, id: &str) -> Option<&Thema> {
        self.index.themas.get(id).and_then(|i| self.themas.get(*i))
    }

    pub fn publication(&self, slug: &str) -> Option<&Publication> {
        self.index
            .publications
            .get(slug)
            .and_then(|i| self.publications.get(*i))
    }

    /// A story's entries in every progress report, oldest first.
    pub fn history(&self, story: &str) -> Vec<(&Publication, &Rapportage, &StoryStatus)> {
        let reports = self.reports();
        self.index
            .entries
            .get(story)
            .map(|list| {
                list.iter()
                    .filter_map(|(ri, ei)| {
                        let (p, r) = reports.get(*ri)?;
                        Some((*p, *r, r.entries.get(*ei)?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Where the site's accessibility statement is. koers writes one only
    /// with a status and a feedback contact: a statement without them
    /// would claim what the site has not said.
    pub fn statement(&self) -> Statement {
        let c = &self.config;
        let url = format!("/{}/", c.sections.accessibility);
        if self.pages.iter().any(|p| p.url == url) {
            Statement::Page
        } else if let Some(register) = &c.accessibility.register_url {
            Statement::Register(register.clone())
        } else if c.accessibility.status.is_some() && c.accessibility_feedback().is_some() {
            Statement::Generated
        } else {
            Statement::Missing
        }
    }

    /// Which kinds of content the site holds.
    pub fn shape(&self) -> Shape {
        let mut shape = Shape::of(
            &self.publications,
            &self.themas,
            &self.scenarios,
            &self.stories,
        );
        shape.tables |= !self.data_tables.is_empty();
        shape
    }

    /// The report before `r` on the same plan (the same `reports_on`):
    /// what "since the previous report" compares with. Reports on other
    /// plans in between do not count.
    pub fn report_before(&self, r: &Rapportage) -> Option<(&Publication, &Rapportage)> {
        let reports = self.reports();
        let at = reports.iter().position(|(_, x)| std::ptr::eq(*x, r))?;
        let plan = &reports[at].0.reports_on;
        reports[..at]
            .iter()
            .rev()
            .find(|(p, _)| &p.reports_on == plan)
            .copied()
    }

    /// Progress reports, oldest first.
    pub fn reports(&self) -> Vec<(&Publication, &Rapportage)> {
        self.index
            .reports
            .iter()
            .filter_map(|i| {
                self.publications
                    .get(*i)
                    .and_then(|p| p.rapportage.as_ref().map(|r| (p, r)))
            })
            .collect()
    }
}

/// Which kinds of content a site holds. A site shows only what its content
/// holds: a kind without content makes no overview page, menu item,
/// sitemap URL, dataset, search filter or footer link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub publications: bool,
    pub themes: bool,
    pub scenarios: bool,
    pub stories: bool,
    pub reports: bool,
    /// Goals of themes or publications.
    pub goals: bool,
    /// Tables of figures: finance tables (of publications or scenarios),
    /// the themes' indicators and Markdown tables of figures; each is a
    /// dataset.
    pub tables: bool,
}

impl Shape {
    /// The kinds present in these lists (validation asks before the
    /// `Site` exists).
    pub fn of(
        publications: &[Publication],
        themas: &[Thema],
        scenarios: &[Scenario],
        stories: &[Story],
    ) -> Shape {
        Shape {
            publications: !publications.is_empty(),
            themes: !themas.is_empty(),
            scenarios: !scenarios.is_empty(),
            stories: !stories.is_empty(),
            reports: publications.iter().any(|p| p.rapportage.is_some()),
            goals: themas.iter().any(|t| !t.goals.is_empty())
                || publications.iter().any(|p| !p.goals.is_empty()),
            tables: publications.iter().any(|p| !p.tables.is_empty())
                || scenarios.iter().any(|s| s.costs.is_some())
                || themas.iter().any(|t| !t.indicators.is_empty()),
        }
    }

    /// The register of documents (Woo) lists the publications.
    pub fn has_documents(self) -> bool {
        self.publications
    }

    /// The datasets are of stories, of their statuses, and of every
    /// finance table.
    pub fn has_open_data(self) -> bool {
        self.stories || self.reports || self.tables
    }
}
