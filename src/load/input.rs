//! The authoring format: what advisers write in `site.yaml` and in the front
//! matter of Markdown files, exactly as serde reads it. Unknown fields are
//! rejected so a typo never passes silently. These structs carry text; the
//! `validate` stage turns them into the typed model of `crate::model`.
//!
//! Every field is documented in `docs/content-format.md`.

mod table;

use super::yaml::{At, Limits};
use serde::Deserialize;
use std::collections::BTreeMap;
pub use table::*;

/// A scalar written as a number or as text (money, dates, numbers).
///
/// An untagged enum: serde buffers the value and tries each variant on
/// it. A visitor would be cheaper (0.1 % of the instructions of a build),
/// but the parser then places a wrong value at the start of its line
/// instead of at the value (tests/bad_input.rs).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Scalar {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    /// The text as written (numbers in their plain form).
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// All languages of a multilingual site, the default first.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub base_url: Option<At<String>>,
    #[serde(default)]
    pub theme: Option<String>,
    pub organisation: OrganisationInput,
    /// The licence of the published texts and data: `name` (and `url`), or
    /// `not-stated` to say on purpose that none is given.
    #[serde(default)]
    pub licence: Option<At<LicenceSpec>>,
    #[serde(default)]
    pub contact: Option<ContactInput>,
    #[serde(default)]
    pub navigation: Vec<NavInput>,
    /// URL segment per content kind, e.g. `publications: publicaties`.
    #[serde(default)]
    pub urls: BTreeMap<String, At<String>>,
    #[serde(default)]
    pub status_levels: Vec<StatusLevelInput>,
    #[serde(default)]
    pub ambition_levels: Vec<LevelInput>,
    #[serde(default)]
    pub phases: Vec<PhaseInput>,
    /// The accessibility statement (toegankelijkheidsverklaring).
    #[serde(default)]
    pub accessibility: Option<AccessibilityInput>,
    /// The Woo information category of the publications that name none.
    #[serde(default)]
    pub woo_category: Option<At<String>>,
    /// The TOOI theme (TOP-lijst) of the site's publications.
    #[serde(default)]
    pub woo_theme: Option<WooThemeInput>,
    /// Smallest forecast change (in percent) a report's "what changed" lists.
    #[serde(default)]
    pub forecast_threshold: Option<f64>,
    /// What raw HTML in Markdown may contain.
    #[serde(default)]
    pub html: Option<HtmlInput>,
    /// Content lint rule -> error, warning or off.
    #[serde(default)]
    pub lint: BTreeMap<String, At<String>>,
    /// How the text writes amounts: volledig, duizenden or miljoenen.
    #[serde(default)]
    pub money_notation: Option<At<String>>,
    /// How much koers reads before it refuses (hostile or broken input).
    #[serde(default)]
    pub limits: Option<LimitsInput>,
    /// The site's own colours, logo and font.
    #[serde(default)]
    pub brand: Option<BrandInput>,
    /// Whether each publication also gets a PDF edition (default: yes).
    #[serde(default)]
    pub pdf: Option<bool>,
}

/// `brand:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandInput {
    /// Colour role (`text`, `header_background`) -> `#rrggbb`; a value
    /// left empty (an unquoted `#` starts a YAML comment) is None.
    #[serde(default)]
    pub colours: BTreeMap<String, At<Option<String>>>,
    #[serde(default)]
    pub logo: Option<LogoInput>,
    /// A CSS font-family list.
    #[serde(default)]
    pub font: Option<At<String>>,
    /// A design-token file (Style Dictionary or W3C DTCG JSON), content-relative.
    #[serde(default)]
    pub tokens: Option<At<String>>,
}

/// `brand.logo:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoInput {
    /// The picture, content-relative.
    pub src: At<String>,
    #[serde(default)]
    pub alt: Option<At<String>>,
    /// True for a logo that says nothing the title does not (alt="").
    #[serde(default)]
    pub decorative: Option<At<bool>>,
}

impl SiteInput {
    /// The site's limits, the defaults where it names none.
    pub fn limits(&self) -> Limits {
        let default = Limits::default();
        let Some(l) = &self.limits else {
            return default;
        };
        Limits {
            yaml_depth: l.yaml_depth.unwrap_or(default.yaml_depth),
            front_matter_bytes: l.front_matter_bytes.unwrap_or(default.front_matter_bytes),
            chart_points: l.chart_points.unwrap_or(default.chart_points),
        }
    }
}

/// `limits:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsInput {
    #[serde(default)]
    pub yaml_depth: Option<usize>,
    #[serde(default)]
    pub front_matter_bytes: Option<usize>,
    #[serde(default)]
    pub chart_points: Option<usize>,
}

/// `woo_theme:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WooThemeInput {
    /// TOOI concept id of the theme, e.g. `c_ee06665e`.
    pub id: String,
    pub label: String,
}

/// `html:` in site.yaml: the raw-HTML policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlInput {
    /// `reject` (default) or `strip`.
    #[serde(default)]
    pub policy: Option<At<String>>,
    /// Elements or attributes to allow: `iframe`, `style`, `onclick`.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// `accessibility:` in site.yaml, following the Dutch model statement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityInput {
    /// A (voldoet volledig), B (voldoet gedeeltelijk), C (eerste
    /// maatregelen genomen) or D (voldoet niet).
    #[serde(default)]
    pub status: Option<At<String>>,
    /// The site's statement in the national register
    /// (toegankelijkheidsverklaring.nl); koers then writes none itself.
    #[serde(default)]
    pub register_url: Option<At<String>>,
    #[serde(default)]
    pub statement_date: Option<At<Scalar>>,
    /// When the statement was last reviewed.
    #[serde(default)]
    pub reviewed: Option<At<Scalar>>,
    #[serde(default)]
    pub audit_date: Option<At<Scalar>>,
    #[serde(default)]
    pub audit_method: Option<String>,
    /// Who did the audit (an agency, or the organisation itself).
    #[serde(default)]
    pub audit_by: Option<String>,
    #[serde(default)]
    pub audit_report: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub responsible: Option<String>,
    #[serde(default)]
    pub feedback: Option<String>,
    #[serde(default)]
    pub exceptions: Vec<ExceptionInput>,
    /// Measures taken or planned (statuses C and D).
    #[serde(default)]
    pub measures: Vec<MeasureInput>,
}

/// A success criterion the site does not meet yet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionInput {
    pub criterion: At<String>,
    pub description: String,
    #[serde(default)]
    pub reason: Option<String>,
    /// What users cannot do because of it.
    #[serde(default)]
    pub effect: Option<String>,
    #[serde(default)]
    pub measure: Option<String>,
    #[serde(default)]
    pub planned: Option<At<Scalar>>,
}

/// A measure taken or planned to make the site accessible.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureInput {
    pub description: At<String>,
    #[serde(default)]
    pub date: Option<At<Scalar>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    pub name: String,
    #[serde(default)]
    pub tooi: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// `licence:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LicenceSpec {
    Stated(LicenceInput),
    Keyword(String),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceInput {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavInput {
    pub title: String,
    /// A content path (`pages/over.md`), a section name (`stories`) or a URL.
    pub link: At<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusLevelInput {
    pub id: At<String>,
    pub label: String,
    pub meaning: String,
    /// A colour token of the theme: green, amber, red, blue, grey.
    pub colour: At<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelInput {
    pub id: At<String>,
    pub label: String,
    #[serde(default)]
    pub meaning: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseInput {
    pub id: At<String>,
    pub label: String,
    #[serde(default)]
    pub meaning: Option<String>,
    #[serde(default)]
    pub start: Option<At<Scalar>>,
    #[serde(default)]
    pub end: Option<At<Scalar>>,
}

/// Front matter of `publications/<slug>/index.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationInput {
    pub title: String,
    #[serde(rename = "type")]
    pub kind: At<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub dates: DatesInput,
    #[serde(default)]
    pub registration_numbers: Vec<String>,
    #[serde(default)]
    pub portfolio_holder: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    /// Another publication this one reports on (a report on its plan).
    #[serde(default)]
    pub reports_on: Option<At<String>>,
    /// Chapter files in reading order; default: by file name.
    #[serde(default)]
    pub chapters: Option<Vec<At<String>>>,
    #[serde(default)]
    pub tables: Vec<TableInput>,
    /// Present on a progress report (voortgangsrapportage).
    #[serde(default)]
    pub progress: Option<ProgressInput>,
    /// Woo information category (art. 3.3 code, e.g. `2g`).
    #[serde(default)]
    pub woo_category: Option<At<String>>,
    /// Old URLs of this page, which redirect here.
    #[serde(default)]
    pub redirect_from: Vec<At<String>>,
    /// Who signed it.
    #[serde(default)]
    pub signatories: Vec<SignatoryInput>,
    /// The year or date it looks ahead to ("2030").
    #[serde(default)]
    pub horizon: Option<At<Scalar>>,
    /// How often progress on it is reported ("jaarlijks").
    #[serde(default)]
    pub cadence: Option<String>,
    /// Publications it carries out (a programme of a vision).
    #[serde(default)]
    pub implements: Vec<At<String>>,
    /// Publications it takes the place of.
    #[serde(default)]
    pub replaces: Vec<At<String>>,
    /// The document's principles (uitgangspunten).
    #[serde(default)]
    pub principles: Vec<PrincipleInput>,
    /// The document's goals, when they belong to no theme.
    #[serde(default)]
    pub goals: Vec<GoalInput>,
    /// The document whose numbers its themes' `coalition_goals` use.
    #[serde(default)]
    pub coalition_goals_source: Option<DocumentRefInput>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DatesInput {
    #[serde(default)]
    pub drafted: Option<At<Scalar>>,
    #[serde(default)]
    pub adopted: Option<At<Scalar>>,
    #[serde(default)]
    pub adopted_by: Option<String>,
    #[serde(default)]
    pub published: Option<At<Scalar>>,
}

/// The progress block of a report: its date, period and an entry per story.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    pub date: At<Scalar>,
    #[serde(default)]
    pub period: Option<String>,
    /// Unit of the plain numbers in `entries` (euro, k€, mln).
    #[serde(default)]
    pub unit: Option<At<String>>,
    /// A status per story.
    #[serde(default)]
    pub entries: Vec<EntryInput>,
    /// A status per goal.
    #[serde(default)]
    pub goals: Vec<GoalEntryInput>,
}

/// A report's status of one goal, with what was measured.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalEntryInput {
    pub goal: At<String>,
    /// Required; left empty by `koers new report` for the adviser to fill.
    #[serde(default)]
    pub status: Option<At<String>>,
    #[serde(default)]
    pub status_derived: bool,
    /// Required, as `status`.
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub text: Option<At<String>>,
    #[serde(default)]
    pub measurements: Vec<MeasurementInput>,
}

/// A value measured for a goal (or one of its indicators), with its date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurementInput {
    /// The indicator measured, by its title; none: the goal itself.
    #[serde(default)]
    pub indicator: Option<At<String>>,
    pub value: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub date: Option<At<Scalar>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryInput {
    pub story: At<String>,
    /// Required; left empty by `koers new report` for the adviser to fill.
    #[serde(default)]
    pub status: Option<At<String>>,
    #[serde(default)]
    pub status_derived: bool,
    /// Required, as `status`.
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub text: Option<At<String>>,
    #[serde(default)]
    pub planned: Option<At<Scalar>>,
    #[serde(default)]
    pub spent: Option<At<Scalar>>,
    #[serde(default)]
    pub forecast: Option<At<Scalar>>,
}

/// Front matter of a chapter file in a publication folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterInput {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// `numbered` (default), `unnumbered` or `appendix`.
    #[serde(default)]
    pub numbering: Option<At<String>>,
}

/// Front matter of `themes/<slug>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemaInput {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    #[serde(default)]
    pub number: Option<u32>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub id: Option<At<String>>,
    #[serde(default)]
    pub aliases: Vec<At<String>>,
    #[serde(default)]
    pub publication: Option<At<String>>,
    #[serde(default)]
    pub ambition: Option<At<String>>,
    #[serde(default)]
    pub ambition_note: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// No longer part of the format: read only to say that `amounts`
    /// replaced it, and how.
    #[serde(default)]
    pub budget: Option<At<Scalar>>,
    /// Its amounts, each saying what it is.
    #[serde(default)]
    pub amounts: Vec<At<AmountInput>>,
    /// The topics (onderwerpen) the source names for it.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Goals of a coalition agreement it refers to.
    #[serde(default)]
    pub coalition_goals: Vec<At<CoalitionGoalInput>>,
    #[serde(default)]
    pub goals: Vec<GoalInput>,
    #[serde(default)]
    pub principles: Vec<PrincipleInput>,
    #[serde(default)]
    pub indicators: Vec<IndicatorInput>,
}

/// An amount of a theme: what it is (`basis`, `period`, `label`), where it
/// comes from, and either the amount or `sum: stories`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountInput {
    /// `eenmalig`, `per_jaar` or `per_periode`.
    pub basis: At<String>,
    /// Required with `per_periode`: "plateau 3"; for others optional.
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    /// The plan it comes from; default: the theme's publication.
    #[serde(default)]
    pub publication: Option<At<String>>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub amount: Option<At<Scalar>>,
    /// Unit of a plain number in `amount` (euro, k€, mln).
    #[serde(default)]
    pub unit: Option<At<String>>,
    /// `stories`: the budgets of the theme's stories, added up.
    #[serde(default)]
    pub sum: Option<At<String>>,
}

/// A theme's reference to goals of a coalition agreement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoalitionGoalInput {
    pub domain: String,
    /// The goals' numbers as the source writes them ("6", "85-102").
    #[serde(default)]
    pub goals: Vec<String>,
    /// The aspect of the theme it is about.
    #[serde(default)]
    pub about: Option<String>,
    /// How the source describes the goal, when it names no number.
    #[serde(default)]
    pub text: Option<String>,
}

/// A document referred to that is not on the site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRefInput {
    pub title: String,
    #[serde(default)]
    pub registration_number: Option<String>,
    /// Where it can be read: an http(s) address.
    #[serde(default)]
    pub url: Option<At<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalInput {
    pub id: At<String>,
    /// The document's own code, shown with the title (`D-2.3`).
    #[serde(default)]
    pub code: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// What is done for it in each phase of the strategy.
    #[serde(default)]
    pub activities: Vec<ActivityInput>,
}

/// Front matter of `goals/<id>.md`: a goal in a file of its own, with a
/// text of its own; it may belong to a theme or publication, or stand
/// alone.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalFileInput {
    /// Default: the file name.
    #[serde(default)]
    pub id: Option<At<String>>,
    #[serde(default)]
    pub code: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The theme it belongs to, if any.
    #[serde(default)]
    pub theme: Option<At<String>>,
    /// The publication it belongs to, if any (and no theme).
    #[serde(default)]
    pub publication: Option<At<String>>,
    #[serde(default)]
    pub activities: Vec<ActivityInput>,
}

/// What a strategy does for a goal in one of its phases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// A phase id of site.yaml.
    pub phase: At<String>,
    pub text: String,
}

/// Someone who signed a publication.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatoryInput {
    pub name: String,
    /// Their office ("gedeputeerde").
    #[serde(default)]
    pub role: Option<String>,
    /// On whose behalf they signed ("Gedeputeerde Staten van Groningen").
    #[serde(default)]
    pub on_behalf_of: Option<String>,
}

/// A principle (uitgangspunt) of a publication or theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipleInput {
    pub id: At<String>,
    /// The document's own code or number, shown with the title.
    #[serde(default)]
    pub code: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    pub title: String,
    #[serde(default)]
    pub goal: Option<At<String>>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Front matter of `scenarios/<slug>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    pub title: String,
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub publication: Option<At<String>>,
    #[serde(default)]
    pub fictional: bool,
    #[serde(default)]
    pub ambition: Option<At<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub costs: Option<TableInput>,
}

/// Front matter of `stories/<slug>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryInput {
    pub title: String,
    #[serde(default)]
    pub id: Option<At<String>>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub aliases: Vec<At<String>>,
    #[serde(default)]
    pub themes: Vec<At<String>>,
    #[serde(default)]
    pub publication: Option<At<String>>,
    #[serde(default)]
    pub ambition: Option<At<String>>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub budget: Option<At<Scalar>>,
    #[serde(default)]
    pub unit: Option<At<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub see_also: Vec<At<String>>,
    /// The goals the story serves.
    #[serde(default)]
    pub goals: Vec<At<String>>,
    /// Old URLs of this page, which redirect here.
    #[serde(default)]
    pub redirect_from: Vec<At<String>>,
}

/// Front matter of `pages/<slug>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageInput {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub order: Option<u32>,
    /// Old URLs of this page, which redirect here.
    #[serde(default)]
    pub redirect_from: Vec<At<String>>,
}
