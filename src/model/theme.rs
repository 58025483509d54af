//! What a theme says besides its text: its amounts (each saying what it
//! is, and which plan it comes from), its topics and its references to the
//! goals of a coalition agreement.

use super::money::{Money, Total};

/// How an amount of a theme is spent: once, every year, or in a period of
/// the programme (a plateau).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AmountBasis {
    /// *Eenmalig*: once, possibly spread over a period ("2021-2024").
    OneOff,
    /// *Per jaar*: every year (structural costs).
    PerYear,
    /// *Per periode*: in one period of a programme ("plateau 3").
    PerPeriod,
}

impl AmountBasis {
    /// The words authors write for `basis:`, in the order of [`Self::ALL`].
    pub const KEYWORDS: [&'static str; 3] = ["eenmalig", "per_jaar", "per_periode"];
    pub const ALL: [AmountBasis; 3] = [
        AmountBasis::OneOff,
        AmountBasis::PerYear,
        AmountBasis::PerPeriod,
    ];

    pub fn parse(text: &str) -> Option<AmountBasis> {
        let i = Self::KEYWORDS.iter().position(|k| *k == text.trim())?;
        Some(Self::ALL[i])
    }

    /// The word authors write for it (`eenmalig`).
    pub fn keyword(self) -> &'static str {
        Self::KEYWORDS[self as usize]
    }

    /// Its name in templates and interface strings (`one_off`).
    pub fn code(self) -> &'static str {
        match self {
            AmountBasis::OneOff => "one_off",
            AmountBasis::PerYear => "per_year",
            AmountBasis::PerPeriod => "per_period",
        }
    }
}

/// One amount of a theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeAmount {
    pub basis: AmountBasis,
    /// The period it covers ("2021-2024", "plateau 3"); always set for
    /// [`AmountBasis::PerPeriod`].
    pub period: Option<String>,
    /// What the amount is for, when the theme has several of one kind
    /// ("Krediet upgrade eDocs (DM16)").
    pub label: Option<String>,
    /// Slug of the plan it comes from: the entry's own, else the theme's.
    pub publication: Option<String>,
    pub note: Option<String>,
    pub value: AmountValue,
}

/// Where a theme's amount comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum AmountValue {
    /// Written in the theme.
    Stated(Money),
    /// The budgets of the stories that have the theme first and belong to
    /// the amount's publication, added up (PM parts counted, never added);
    /// `stated` when the theme also writes it (checked to agree).
    Stories {
        total: Total,
        /// Their ids, in the order of the stories' files.
        stories: Vec<String>,
        stated: Option<Money>,
    },
}

impl ThemeAmount {
    /// The amount as a total: one part for a stated amount.
    pub fn total(&self) -> Total {
        match &self.value {
            AmountValue::Stated(m) => Total::of([Some(*m)]),
            AmountValue::Stories { total, .. } => *total,
        }
    }

    /// What makes amounts of different themes comparable: the same plan,
    /// basis and period, and no label (a labelled amount is one of a kind).
    pub fn kind(&self) -> Option<AmountKind<'_>> {
        self.label.is_none().then_some(AmountKind {
            publication: self.publication.as_deref(),
            basis: self.basis,
            period: self.period.as_deref(),
        })
    }
}

/// The kind of an unlabelled amount (see [`ThemeAmount::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AmountKind<'a> {
    pub publication: Option<&'a str>,
    pub basis: AmountBasis,
    pub period: Option<&'a str>,
}

/// A reference from a theme to goals of a coalition agreement, numbered as
/// the document its publication names (`coalition_goals_source`) numbers
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct CoalitionGoalRef {
    /// The agreement's domain ("Wonen", "Energie").
    pub domain: String,
    /// The goals' numbers as written ("6", "85-102"), in the document the
    /// publication names; empty when the source names no number.
    pub goals: Vec<String>,
    /// The aspect of the theme it is about ("open data").
    pub about: Option<String>,
    /// How the source describes the goal ("de 4e doelstelling: ..."),
    /// for a goal it names without a number.
    pub text: Option<String>,
}

/// A document that a publication refers to but that is not on the site.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRef {
    pub title: String,
    /// Its registration number (eDocs, Corsa), as written.
    pub registration_number: Option<String>,
    pub url: Option<String>,
}
