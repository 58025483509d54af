//! Charts drawn from the typed model at build time: the data, the words
//! that describe it, the SVG (drawn with plotters) and the equivalent HTML
//! table and CSV. One [`Chart`] value feeds all four, so a chart and its
//! table can never disagree.

mod backend;
pub mod colours;
mod export;
mod figure;
mod numbers;
pub mod spec;
mod svg;

pub use backend::TEXT_RGB;
pub use figure::{ChartView, FigureText, TableRef};
pub use numbers::{dutch_decimal, dutch_number, euro_text, file_size};

use crate::model::ColourToken;
use std::hash::{Hash, Hasher};

/// One value of a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Number(f64),
    /// Pro memorie: not known yet. Drawn as a labelled "PM" mark, never a bar.
    Pm,
    Empty,
}

/// By the number's bits: equal hashes for equal drawings (the drawing
/// cache's key), which is all a chart needs of `Hash`.
impl Hash for Cell {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        if let Cell::Number(n) = self {
            n.to_bits().hash(state);
        }
    }
}

impl Cell {
    pub fn number(self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(n),
            _ => None,
        }
    }
}

/// What the numbers are.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Unit {
    Euro,
    Count,
    /// Any other unit, shown after the number ("%", "fte").
    Other(String),
}

impl Unit {
    /// Exact Dutch display of a value, for tables: "€ 2.315.000", "12", "4,5 %".
    pub fn format(&self, value: f64) -> String {
        match self {
            Unit::Euro => format!("€\u{a0}{}", dutch_decimal(value, 2)),
            Unit::Count => dutch_number(value),
            Unit::Other(u) if u.is_empty() => dutch_number(value),
            Unit::Other(u) => format!("{}\u{a0}{u}", dutch_number(value)),
        }
    }

    /// Short display for labels in a chart: "€ 475.000", "€ 2,32 mln".
    pub fn format_short(&self, value: f64) -> String {
        match self {
            Unit::Euro => euro_text(value),
            Unit::Count => dutch_number(value),
            Unit::Other(u) if u.is_empty() => dutch_number(value),
            Unit::Other(u) => format!("{}\u{a0}{u}", dutch_number(value)),
        }
    }

    pub fn format_cell(&self, cell: Cell) -> String {
        match cell {
            Cell::Number(n) => self.format(n),
            Cell::Pm => "PM".to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A series of values, one per category.
#[derive(Debug, Clone, Hash)]
pub struct Series {
    pub name: String,
    pub values: Vec<Cell>,
}

impl Series {
    /// The value for category `i`; empty when the series has none.
    pub fn cell(&self, i: usize) -> Cell {
        self.values.get(i).copied().unwrap_or(Cell::Empty)
    }
}

/// A status or ambition level on a level chart.
#[derive(Debug, Clone, Hash)]
pub struct LevelMark {
    pub label: String,
    pub colour: ColourToken,
}

/// A span of time on a timeline chart, in fractional years.
#[derive(Debug, Clone)]
pub struct Span {
    pub label: String,
    pub start: Option<(f64, String)>,
    pub end: Option<(f64, String)>,
}

impl Hash for Span {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.label.hash(state);
        for end in [&self.start, &self.end] {
            end.as_ref()
                .map(|(year, text)| (year.to_bits(), text))
                .hash(state);
        }
    }
}

/// Which values of a chart the editors derived rather than took from the
/// source: marked in the drawing, named in its legend, and a column of its
/// table, CSV and JSON.
#[derive(Debug, Clone, Hash)]
pub struct Derived {
    /// The column's header: "Waarvan afgeleid", "Afgeleid".
    pub header: String,
    /// What the mark means, drawn as the chart's legend.
    pub legend: String,
    pub values: DerivedValues,
}

/// The derived part of each category.
#[derive(Debug, Clone, Hash)]
pub enum DerivedValues {
    /// How much of the first series' value was derived (bars): that part of
    /// the bar is drawn as an outline.
    Counts(Vec<usize>),
    /// Whether the category's level was derived (levels): its mark gets an
    /// asterisk. `yes` and `no` are the table's words.
    Flags {
        flags: Vec<bool>,
        yes: String,
        no: String,
    },
}

impl Derived {
    /// The derived count of category `i` (0 or 1 for a flag).
    pub fn count(&self, i: usize) -> usize {
        match &self.values {
            DerivedValues::Counts(c) => c.get(i).copied().unwrap_or(0),
            DerivedValues::Flags { flags, .. } => {
                usize::from(flags.get(i).copied().unwrap_or(false))
            }
        }
    }

    /// Category `i`'s cell in the table and the CSV.
    fn text(&self, i: usize) -> String {
        match &self.values {
            DerivedValues::Counts(_) => self.count(i).to_string(),
            DerivedValues::Flags { yes, no, .. } if self.count(i) > 0 => yes.clone(),
            DerivedValues::Flags { no, .. } => no.clone(),
        }
    }

    /// Category `i`'s value in the JSON: a number, or true or false.
    fn json(&self, i: usize) -> serde_json::Value {
        match &self.values {
            DerivedValues::Counts(_) => self.count(i).into(),
            DerivedValues::Flags { .. } => (self.count(i) > 0).into(),
        }
    }
}

/// The kinds of chart koers draws.
#[derive(Debug, Clone, Hash)]
pub enum ChartKind {
    /// Horizontal bars, grouped per category when there are several series.
    Bars,
    /// Horizontal bars, the series stacked per category.
    Stacked,
    /// Lines over the categories (left to right), one per series.
    Line,
    /// One mark per category at its level (status over reports, ambition
    /// per theme). `series[0]` holds level indexes.
    Levels(Vec<LevelMark>),
    /// Spans over time (phases of a strategy).
    Timeline(Vec<Span>),
}

/// A chart: data plus the words that make it accessible.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique within the page; used for ids and the CSV file name.
    pub id: String,
    pub title: String,
    /// What the chart shows and its main finding, in words.
    pub description: String,
    pub kind: ChartKind,
    pub unit: Unit,
    /// Heading of the category column in the table ("Story", "Thema").
    pub category_header: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Shown under the chart, e.g. "Totaal zonder PM (bekende bedragen)".
    pub note: Option<String>,
    /// A status level per category: its bar takes the level's colour and
    /// shape (stories per status).
    pub marks: Option<Vec<LevelMark>>,
    /// The values the editors derived, when some were.
    pub derived: Option<Derived>,
    /// Words drawn in the chart, in the site's language.
    pub texts: ChartTexts,
    /// Drawn once, in the narrow layout (labels above the bars), and shown
    /// at its own size on every screen: for the small charts of a story
    /// page. Otherwise drawn twice, for wide and for narrow screens.
    pub compact: bool,
}

/// Words a chart draws itself.
#[derive(Debug, Clone, Hash)]
pub struct ChartTexts {
    /// Beside a PM mark.
    pub unknown: String,
    /// On a span without an end.
    pub ongoing: String,
    /// Table headers of a timeline.
    pub from: String,
    pub until: String,
    /// The part of a chart drawn in parts ([`colours::SERIES`] series
    /// each): "deel {k} van {n}".
    pub part: String,
}

impl ChartTexts {
    /// "deel 1 van 2".
    pub fn part(&self, k: usize, n: usize) -> String {
        self.part
            .replace("{k}", &k.to_string())
            .replace("{n}", &n.to_string())
    }
}

impl Default for ChartTexts {
    fn default() -> Self {
        ChartTexts {
            unknown: "bedrag nog niet bekend".into(),
            ongoing: "doorlopend".into(),
            from: "Van".into(),
            until: "Tot".into(),
            part: "deel {k} van {n}".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_chart(kind: ChartKind, values: Vec<f64>, derived: DerivedValues) -> Chart {
        Chart {
            id: "status".into(),
            title: "Status".into(),
            description: String::new(),
            kind,
            unit: Unit::Count,
            category_header: "Status".into(),
            categories: vec!["Volgens plan".into(), "Binnen marge".into()],
            series: vec![Series {
                name: "Aantal".into(),
                values: values.into_iter().map(Cell::Number).collect(),
            }],
            note: None,
            marks: None,
            derived: Some(Derived {
                header: "Afgeleid".into(),
                legend: "afgeleid door de redactie".into(),
                values: derived,
            }),
            texts: ChartTexts::default(),
            compact: false,
        }
    }

    #[test]
    fn derived_values_are_a_column_of_table_csv_and_json() {
        let bars = status_chart(
            ChartKind::Bars,
            vec![5.0, 3.0],
            DerivedValues::Counts(vec![2, 0]),
        );
        let (header, rows) = bars.table();
        assert_eq!(header, ["Status", "Aantal", "Afgeleid"]);
        assert_eq!(rows[0].1, ["5", "2"]);
        assert_eq!(
            bars.csv(),
            "Status,Aantal,Afgeleid\nVolgens plan,5,2\nBinnen marge,3,0\n"
        );
        let json: serde_json::Value = serde_json::from_str(&bars.json()).unwrap();
        assert_eq!(json[0]["Afgeleid"], 2);
        let levels = status_chart(
            ChartKind::Levels(vec![
                LevelMark {
                    label: "Groen".into(),
                    colour: ColourToken::Green,
                },
                LevelMark {
                    label: "Oranje".into(),
                    colour: ColourToken::Amber,
                },
            ]),
            vec![0.0, 1.0],
            DerivedValues::Flags {
                flags: vec![false, true],
                yes: "ja".into(),
                no: "nee".into(),
            },
        );
        assert_eq!(
            levels.csv(),
            "Status,Aantal,Afgeleid\nVolgens plan,Groen,nee\nBinnen marge,Oranje,ja\n"
        );
        let json: serde_json::Value = serde_json::from_str(&levels.json()).unwrap();
        assert_eq!(json[1]["Afgeleid"], true);
        assert_eq!(json[0]["Afgeleid"], false);
    }

    #[test]
    fn dutch_notation() {
        assert_eq!(euro_text(475_000.0), "€\u{a0}475.000");
        assert_eq!(euro_text(1_250_000.0), "€\u{a0}1,25\u{a0}mln");
        assert_eq!(dutch_number(2.5), "2,5");
        assert_eq!(dutch_number(1250.0), "1.250");
        assert_eq!(file_size(1536), "1,5 kB");
    }

    #[test]
    fn whole_and_fractional_numbers_round_alike() {
        for (n, d, text) in [
            (0.0, 0, "0"),
            (-0.0, 2, "0"),
            (-5.0, 0, "-5"),
            (-1_250_000.0, 1, "-1.250.000"),
            (1_234_567.0, 2, "1.234.567"),
            (2.999, 2, "3"),
            (-0.25, 1, "-0,2"),
            (1234.5, 0, "1.234"),
            (1234.56, 1, "1.234,6"),
        ] {
            assert_eq!(dutch_decimal(n, d), text, "{n} with {d} decimals");
        }
    }
}
