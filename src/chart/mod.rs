//! Charts drawn from the typed model at build time: the data, the words
//! that describe it, the SVG (drawn with plotters) and the equivalent HTML
//! table and CSV. One [`Chart`] value feeds all four, so a chart and its
//! table can never disagree.

mod backend;
pub mod colours;
pub mod spec;
mod svg;

use crate::model::money::group_thousands;
use crate::model::ColourToken;
use serde::Serialize;
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
}

impl Default for ChartTexts {
    fn default() -> Self {
        ChartTexts {
            unknown: "bedrag nog niet bekend".into(),
            ongoing: "doorlopend".into(),
            from: "Van".into(),
            until: "Tot".into(),
        }
    }
}

/// A chart ready for a template: the figure HTML and its CSV.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The whole `<figure>`: SVG, data table and download link.
    pub html: String,
    /// File name of the CSV beside the page.
    pub csv_name: String,
    /// True when the data is small enough to be linked as `data:` URLs in
    /// the page itself; then no files are written beside the page.
    #[serde(skip)]
    pub inline: bool,
    #[serde(skip)]
    pub csv: String,
    /// The same data as JSON: one object per category.
    #[serde(skip)]
    pub json: String,
}

/// Interface text the figure needs.
pub struct FigureText<'a> {
    pub show_numbers: &'a str,
    pub download: &'a str,
    pub pm_meaning: &'a str,
    /// Set when the page shows the chart's figures in a table of its own
    /// (a story page's status history): the figure links to that table
    /// instead of repeating the figures behind "Bekijk de cijfers".
    pub numbers_in: Option<TableRef<'a>>,
    /// The theme's colours to draw with.
    pub colours: &'a colours::ChartColours,
}

/// A table elsewhere on the page that holds a chart's figures.
#[derive(Debug, Clone, Copy)]
pub struct TableRef<'a> {
    /// The table's `id`.
    pub id: &'a str,
    /// The link's text: "De cijfers staan in de tabel hieronder".
    pub label: &'a str,
}

impl Chart {
    /// The table equivalent: header row and one row per category, with
    /// the derived column last when some values were derived.
    pub fn table(&self) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        let (mut header, mut rows) = self.table_of_values();
        if let Some(d) = &self.derived {
            header.push(d.header.clone());
            for (i, (_, cells)) in rows.iter_mut().enumerate() {
                cells.push(d.text(i));
            }
        }
        (header, rows)
    }

    fn table_of_values(&self) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        match &self.kind {
            ChartKind::Levels(levels) => {
                let header = vec![
                    self.category_header.clone(),
                    self.series
                        .first()
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                ];
                let rows = self
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let v = self
                            .series
                            .first()
                            .and_then(|s| s.values.get(i))
                            .and_then(|v| v.number());
                        let label = v
                            .and_then(|v| levels.get(v as usize))
                            .map(|l| l.label.clone())
                            .unwrap_or_default();
                        (c.clone(), vec![label])
                    })
                    .collect();
                (header, rows)
            }
            ChartKind::Timeline(spans) => {
                let header = vec![
                    self.category_header.clone(),
                    self.texts.from.clone(),
                    self.texts.until.clone(),
                ];
                let rows = spans
                    .iter()
                    .map(|s| {
                        (
                            s.label.clone(),
                            vec![
                                s.start.as_ref().map(|x| x.1.clone()).unwrap_or_default(),
                                s.end.as_ref().map(|x| x.1.clone()).unwrap_or_default(),
                            ],
                        )
                    })
                    .collect();
                (header, rows)
            }
            _ => {
                let mut header = vec![self.category_header.clone()];
                header.extend(self.series.iter().map(|s| s.name.clone()));
                let rows = self
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let cells = self
                            .series
                            .iter()
                            .map(|s| {
                                self.unit
                                    .format_cell(s.values.get(i).copied().unwrap_or(Cell::Empty))
                            })
                            .collect();
                        (c.clone(), cells)
                    })
                    .collect();
                (header, rows)
            }
        }
    }

    pub fn has_pm(&self) -> bool {
        self.series.iter().any(|s| s.values.contains(&Cell::Pm))
    }

    /// The data as CSV (comma-separated, UTF-8), numbers unformatted.
    pub fn csv(&self) -> String {
        let (header, rows) = self.table();
        // Records end in `\n`, fields are quoted only for `,`, `"`, `\n` and
        // `\r` (as the datasets are); flexible, as a short row is no reason
        // to fail a build.
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .from_writer(Vec::new());
        // Writing to memory does not fail.
        let _ = w.write_record(&header);
        match &self.kind {
            ChartKind::Levels(_) | ChartKind::Timeline(_) => {
                for (label, cells) in &rows {
                    let _ = w.write_record(std::iter::once(label).chain(cells));
                }
            }
            _ => {
                for (i, c) in self.categories.iter().enumerate() {
                    let mut row = vec![c.clone()];
                    for s in &self.series {
                        row.push(match s.values.get(i).copied().unwrap_or(Cell::Empty) {
                            Cell::Number(n) => plain_number(n),
                            Cell::Pm => "PM".to_string(),
                            Cell::Empty => String::new(),
                        });
                    }
                    if let Some(d) = &self.derived {
                        row.push(d.text(i));
                    }
                    let _ = w.write_record(&row);
                }
            }
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// The data as JSON: `[{"category": ..., "<series>": value}, ...]`,
    /// values as numbers, "PM" or null.
    pub fn json(&self) -> String {
        let (header, rows) = self.table();
        let records: Vec<serde_json::Value> = match &self.kind {
            ChartKind::Levels(_) | ChartKind::Timeline(_) => rows
                .iter()
                .enumerate()
                .map(|(i, (label, cells))| {
                    let mut o = serde_json::Map::new();
                    o.insert(header[0].clone(), label.clone().into());
                    for (h, c) in header.iter().skip(1).zip(cells) {
                        o.insert(h.clone(), c.clone().into());
                    }
                    // The derived column as a number or a boolean, not text.
                    if let Some(d) = &self.derived {
                        o.insert(d.header.clone(), d.json(i));
                    }
                    serde_json::Value::Object(o)
                })
                .collect(),
            _ => self
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut o = serde_json::Map::new();
                    o.insert(header[0].clone(), c.clone().into());
                    for s in &self.series {
                        let v = match s.values.get(i).copied().unwrap_or(Cell::Empty) {
                            Cell::Number(n) => serde_json::json!(n),
                            Cell::Pm => "PM".into(),
                            Cell::Empty => serde_json::Value::Null,
                        };
                        o.insert(s.name.clone(), v);
                    }
                    if let Some(d) = &self.derived {
                        o.insert(d.header.clone(), d.json(i));
                    }
                    serde_json::Value::Object(o)
                })
                .collect(),
        };
        serde_json::to_string_pretty(&records).unwrap_or_default() + "\n"
    }

    /// The SVG, with role, title and description.
    pub fn svg(&self, colours: &colours::ChartColours) -> String {
        svg::draw(self, colours)
    }

    /// The complete figure for a page.
    pub fn view(&self, text: &FigureText) -> ChartView {
        let (csv, json) = (self.csv(), self.json());
        let mut view = ChartView {
            // Small data travels inside the page: no extra files to write.
            inline: csv.len() + json.len() <= INLINE_DATA,
            csv_name: format!("{}.csv", self.id),
            csv,
            json,
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            html: String::new(),
        };
        let mut html = String::with_capacity(8 * 1024);
        // Writing into a String cannot fail.
        let _ = self.write_figure(&mut html, text, &view);
        view.html = html;
        view
    }

    /// The `<figure>`: the SVG, its description and note, the same data as
    /// a table (or a link to the page's table that holds it), and the CSV
    /// and JSON downloads.
    fn write_figure(
        &self,
        html: &mut String,
        text: &FigureText,
        data: &ChartView,
    ) -> std::fmt::Result {
        use crate::escape::Escaped as E;
        use std::fmt::Write;
        let (id, title) = (E(&self.id), E(&self.title));
        write!(
            html,
            "<figure class=\"chart\" id=\"grafiek-{id}\" aria-labelledby=\"grafiek-{id}-kop\">\n<figcaption id=\"grafiek-{id}-kop\" class=\"chart-title\">{title}</figcaption>\n<div class=\"chart-svg\">{svg}</div>\n<p class=\"chart-desc\">{desc}</p>\n",
            svg = self.svg(text.colours),
            desc = E(&self.description),
        )?;
        if let Some(note) = &self.note {
            writeln!(html, "<p class=\"chart-note\">{}</p>", E(note))?;
        }
        if let Some(table) = &text.numbers_in {
            write!(
                html,
                "<p class=\"chart-data-link\"><a href=\"#{}\">{}</a> · ",
                E(table.id),
                E(table.label),
            )?;
            data.write_downloads(html, text)?;
            return html.write_str("</p>\n</figure>\n");
        }
        write!(
            html,
            "<details class=\"chart-data\">\n<summary>{}</summary>\n<div class=\"table-wrap\" tabindex=\"0\">\n<table>\n<caption>{title}</caption>\n<thead><tr>",
            E(text.show_numbers),
        )?;
        let (header, rows) = self.table();
        for h in &header {
            write!(html, "<th scope=\"col\">{}</th>", E(h))?;
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        let numeric = !matches!(self.kind, ChartKind::Levels(_) | ChartKind::Timeline(_));
        let class = if numeric { " class=\"num\"" } else { "" };
        for (label, cells) in rows {
            write!(html, "<tr><th scope=\"row\">{}</th>", E(&label))?;
            for c in cells {
                write!(html, "<td{class}>{}</td>", E(&c))?;
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n</div>\n");
        if self.has_pm() {
            writeln!(html, "<p class=\"table-note\">{}</p>", E(text.pm_meaning))?;
        }
        html.push_str("<p>");
        data.write_downloads(html, text)?;
        html.write_str("</p>\n</details>\n</figure>\n")
    }
}

impl ChartView {
    /// The CSV and JSON download links of the figure.
    fn write_downloads(&self, html: &mut String, text: &FigureText) -> std::fmt::Result {
        use crate::escape::Escaped as E;
        use std::fmt::Write;
        let (csv, json, csv_name) = (&self.csv, &self.json, &self.csv_name);
        let json_name = csv_name.replace(".csv", ".json");
        let (csv_href, json_href) = if self.inline {
            (
                data_url("text/csv", csv),
                data_url("application/json", json),
            )
        } else {
            (csv_name.to_string(), json_name.clone())
        };
        write!(
            html,
            "<a href=\"{csv_href}\" download=\"{name}\">{label} <span class=\"file-meta\">(CSV, {size})</span></a> · <a href=\"{json_href}\" download=\"{json_name}\">{label} <span class=\"file-meta\">(JSON, {json_size})</span></a>",
            csv_href = E(&csv_href),
            json_href = E(&json_href),
            name = E(csv_name.as_str()),
            json_name = E(&json_name),
            label = E(text.download),
            size = file_size(csv.len()),
            json_size = file_size(json.len()),
        )
    }
}

/// Chart data of at most this many bytes (CSV and JSON together) is
/// linked as `data:` URLs instead of files beside the page.
pub const INLINE_DATA: usize = 1024;

/// A `data:` URL holding `text`, base64-encoded: a third larger than the
/// text, where percent-encoding makes the spaces, quotes and line breaks
/// of pretty-printed JSON three times as long.
fn data_url(mime: &str, text: &str) -> String {
    use base64::Engine;
    let mut url = format!("data:{mime};charset=utf-8;base64,");
    base64::engine::general_purpose::STANDARD.encode_string(text, &mut url);
    url
}

/// "1,2 kB", "640 bytes": a file size in Dutch.
pub fn file_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{} kB", dutch_decimal(bytes as f64 / 1024.0, 1))
    } else {
        format!("{} MB", dutch_decimal(bytes as f64 / (1024.0 * 1024.0), 1))
    }
}

fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A number with a Dutch decimal comma and the given decimals, trailing
/// zeros removed: 2.50 -> "2,5".
pub fn dutch_decimal(n: f64, decimals: usize) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        // Whole numbers (most amounts and ticks) have no decimals to round.
        return group_thousands(n as i64);
    }
    let s = format!("{n:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let int: i64 = int.parse().unwrap_or(0);
    let grouped = group_thousands(int);
    let grouped = if n < 0.0 && int == 0 {
        format!("-{grouped}")
    } else {
        grouped
    };
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped},{frac}")
    }
}

/// A plain number in Dutch notation: 1250 -> "1.250", 2.5 -> "2,5".
pub fn dutch_number(n: f64) -> String {
    dutch_decimal(n, 2)
}

/// Euros for labels: "€ 475.000" below a million, "€ 2,3 mln" above.
pub fn euro_text(n: f64) -> String {
    if n.abs() >= 1_000_000.0 {
        format!("€\u{a0}{}\u{a0}mln", dutch_decimal(n / 1_000_000.0, 2))
    } else {
        format!("€\u{a0}{}", dutch_decimal(n, 0))
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
