//! Publications: a vision, strategy, programme plan or progress report,
//! with its chapters, its signatories and, for a report, the status of
//! each story and goal.

use super::date::FuzzyDate;
use super::money::Money;
use super::{chapter, goal, woo, FinanceTable, Markdown, StatusLevel, TableRow};
use std::path::PathBuf;
use std::sync::Arc;

/// What kind of document a publication is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicationKind {
    Visie,
    Strategie,
    Programmaplan,
    Voortgangsrapportage,
    Mededeling,
    Overig,
}

impl PublicationKind {
    pub const NAMES: [&'static str; 6] = [
        "visie",
        "strategie",
        "programmaplan",
        "voortgangsrapportage",
        "mededeling",
        "overig",
    ];

    pub fn parse(s: &str) -> Option<PublicationKind> {
        match s.trim().to_lowercase().as_str() {
            "visie" => Some(PublicationKind::Visie),
            "strategie" => Some(PublicationKind::Strategie),
            "programmaplan" => Some(PublicationKind::Programmaplan),
            "voortgangsrapportage" => Some(PublicationKind::Voortgangsrapportage),
            "mededeling" => Some(PublicationKind::Mededeling),
            "overig" => Some(PublicationKind::Overig),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The Dutch label shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            PublicationKind::Visie => "Visie",
            PublicationKind::Strategie => "Strategie",
            PublicationKind::Programmaplan => "Programmaplan",
            PublicationKind::Voortgangsrapportage => "Voortgangsrapportage",
            PublicationKind::Mededeling => "Mededeling",
            PublicationKind::Overig => "Publicatie",
        }
    }
}

/// The dates in a publication's life.
#[derive(Debug, Clone, Default)]
pub struct PublicationDates {
    pub drafted: Option<FuzzyDate>,
    pub adopted: Option<FuzzyDate>,
    /// The body that adopted it: GS, PS, ...
    pub adopted_by: Option<String>,
    pub published: Option<FuzzyDate>,
}

/// A visie, strategy, programme plan or progress report.
#[derive(Debug, Clone)]
pub struct Publication {
    /// Folder name; the stable id.
    pub slug: String,
    pub url: String,
    pub source: PathBuf,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: PublicationKind,
    pub status: Option<String>,
    pub summary: Option<String>,
    pub dates: PublicationDates,
    pub registration_numbers: Vec<String>,
    pub portfolio_holder: Option<String>,
    pub author: Option<String>,
    pub version: Option<String>,
    /// Slug of the publication this one reports on.
    pub reports_on: Option<String>,
    pub intro: Markdown,
    pub chapters: Vec<Chapter>,
    pub tables: Vec<FinanceTable>,
    pub rapportage: Option<Rapportage>,
    pub woo_category: &'static woo::Category,
    /// Old URL paths that redirect to this publication.
    pub redirect_from: Vec<String>,
    /// Ids of its own goals and principles (see [`Site::goals`]).
    pub goals: Vec<String>,
    pub principles: Vec<String>,
    pub signatories: Vec<Signatory>,
    /// The year or date it looks ahead to.
    pub horizon: Option<FuzzyDate>,
    /// How often progress on it is reported, as the document says it.
    pub cadence: Option<String>,
    /// Slugs of the publications it carries out, and of those it replaces.
    pub implements: Vec<String>,
    pub replaces: Vec<String>,
    /// The document whose numbers its themes' `coalition_goals` use.
    pub coalition_goals_source: Option<super::DocumentRef>,
    /// Its PDF edition: set once by the build when the PDF is made (while
    /// the other pages render), and read by its page and its metadata.
    /// Empty when koers is built without the `pdf` feature.
    pub edition: std::sync::OnceLock<Edition>,
}

/// The PDF edition of a publication, as its page and its metadata name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edition {
    /// The URL path of the file (`/publicaties/x/x.pdf`).
    pub url: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The SHA-256 hash of the file, in lower-case hexadecimal.
    pub sha256: String,
}

/// Someone who signed a publication.
#[derive(Debug, Clone)]
pub struct Signatory {
    pub name: String,
    pub role: Option<String>,
    pub on_behalf_of: Option<String>,
}

/// A chapter of a publication: one Markdown file.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub slug: String,
    pub url: String,
    pub title: String,
    /// Its number, letter or none (front and back matter).
    pub number: chapter::ChapterNumber,
    pub summary: Option<String>,
    pub body: Markdown,
}

/// The progress part of a voortgangsrapportage: a reporting date and one
/// entry per story.
#[derive(Debug, Clone)]
pub struct Rapportage {
    pub date: FuzzyDate,
    pub period: Option<String>,
    pub entries: Vec<StoryStatus>,
    /// A status per goal.
    pub goals: Vec<goal::GoalStatus>,
}

/// A story's status in one report: its stoplicht level and money.
#[derive(Debug, Clone)]
pub struct StoryStatus {
    /// Id of the story.
    pub story: String,
    /// Its level, resolved when the report was validated.
    pub level: Arc<StatusLevel>,
    /// True when the level was derived by the editors (e.g. the colour was
    /// lost in the source), so the site can say so.
    pub derived: bool,
    pub summary: String,
    pub text: Option<Markdown>,
    pub planned: Option<Money>,
    pub spent: Option<Money>,
    pub forecast: Option<Money>,
}

/// A row of a publication's finance table that names a story: the story's
/// money in that plan.
#[derive(Debug, Clone, Copy)]
pub struct StoryAmounts<'s> {
    pub publication: &'s Publication,
    pub table: &'s FinanceTable,
    pub row: &'s TableRow,
}

impl super::Site {
    /// Every finance-table row of a publication that names the story `id`,
    /// in the order of the publications, their tables and rows.
    pub fn story_amounts(&self, id: &str) -> Vec<StoryAmounts<'_>> {
        let mut found = Vec::new();
        for publication in &self.publications {
            for table in &publication.tables {
                for row in table.rows.iter().filter(|r| r.story.as_deref() == Some(id)) {
                    found.push(StoryAmounts {
                        publication,
                        table,
                        row,
                    });
                }
            }
        }
        found
    }
}
