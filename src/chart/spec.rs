//! The author's chart block: a fenced ```` ```chart ```` block in Markdown
//! holding a small YAML spec, with its data inline or in a CSV file in the
//! content folder.
//!
//! ```yaml
//! type: bar                 # bar, stacked or line
//! title: Budget per fase    # required
//! unit: k€                  # euro, k€, mln, or any other unit ("%", "fte")
//! description: ...          # optional; otherwise koers writes one
//! categories: [Prepareren, Optimaliseren, Vernieuwen]
//! series:
//!   - name: Incidenteel
//!     values: [825, 1675, PM]
//! # or, instead of categories and series:
//! data: ../data/begroting.csv
//! ```

use super::colours::SERIES;
use super::{Cell, Chart, ChartKind, Series, Unit};
use crate::load::input::Scalar;
use crate::load::yaml::At;
use crate::model::money::{self, MoneyUnit};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecInput {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    title: String,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    description: Option<String>,
    /// As written: `2025`, `1.10`.
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    series: Vec<SeriesInput>,
    #[serde(default)]
    data: Option<String>,
    #[serde(default)]
    category_label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesInput {
    name: String,
    values: Vec<Option<At<Scalar>>>,
}

/// A problem in a chart spec: the line within the spec (1-based, 0 when
/// unknown), the message and a hint.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    pub line: usize,
    pub message: String,
    pub help: String,
}

fn err(line: usize, message: impl Into<String>, help: impl Into<String>) -> SpecError {
    SpecError {
        line,
        message: message.into(),
        help: help.into(),
    }
}

const HELP: &str = "a chart block needs `title`, and `categories` with `series` (each a `name` and one value per category) or `data: path/to/file.csv`; see docs/charts.md";

/// Parses a chart spec. `read_data` reads a CSV file named in `data:`.
/// A chart of more than `max_points` values is refused: it would make a
/// page nobody can read (or load).
pub fn parse(
    text: &str,
    id: &str,
    read_data: &dyn Fn(&str) -> Result<String, String>,
    max_points: usize,
) -> Result<Chart, SpecError> {
    let spec = spec_input(text)?;
    let kind = kind_of(&spec, text)?;
    let (unit, factor) = unit_of(spec.unit.as_deref());
    let (categories, series) = match (&spec.data, spec.series.is_empty()) {
        (Some(path), true) => data_file(text, path, read_data, factor)?,
        (Some(_), false) => {
            return Err(err(
                line_of(text, "data"),
                "give either `data` or `series`, not both",
                HELP,
            ));
        }
        (None, true) => return Err(err(0, "the chart has no data", HELP)),
        (None, false) => inline_data(text, &spec, factor)?,
    };
    check_size(text, &spec, (&categories, &series), max_points)?;
    let mut chart = Chart {
        id: id.to_string(),
        title: spec.title.clone(),
        description: String::new(),
        kind,
        unit,
        category_header: spec
            .category_label
            .clone()
            .unwrap_or_else(|| "Categorie".to_string()),
        categories,
        series,
        note: None,
        derived: None,
        texts: Default::default(),
        marks: None,
        compact: false,
    };
    chart.description = spec.description.clone().unwrap_or_else(|| describe(&chart));
    Ok(chart)
}

/// The spec's YAML, read into its fields.
fn spec_input(text: &str) -> Result<SpecInput, SpecError> {
    crate::load::yaml::parse(text, &Default::default()).map_err(|e| {
        let help = e.help.unwrap_or_else(|| HELP.to_string());
        err(e.line, format!("invalid chart spec: {}", e.message), help)
    })
}

/// The kind of chart the spec's `type` names; bars when it names none.
fn kind_of(spec: &SpecInput, text: &str) -> Result<ChartKind, SpecError> {
    match spec.kind.as_deref().unwrap_or("bar") {
        "bar" | "bars" | "staaf" => Ok(ChartKind::Bars),
        "stacked" | "gestapeld" => Ok(ChartKind::Stacked),
        "line" | "lijn" => Ok(ChartKind::Line),
        other => Err(err(
            line_of(text, "type"),
            format!("unknown chart type `{other}`"),
            "use bar, stacked or line",
        )),
    }
}

/// Categories and series read from the CSV file at `path`.
fn data_file(
    text: &str,
    path: &str,
    read_data: &dyn Fn(&str) -> Result<String, String>,
    factor: u32,
) -> Result<(Vec<String>, Vec<Series>), SpecError> {
    let csv = read_data(path).map_err(|m| {
        err(
            line_of(text, "data"),
            m,
            "give the path of a CSV file in the content folder, relative to this file",
        )
    })?;
    from_csv(&csv, factor).map_err(|m| {
        err(
            line_of(text, "data"),
            format!("{path}: {m}"),
            "the first row names the series, the first column the categories",
        )
    })
}

/// Categories and series written in the spec itself.
fn inline_data(
    text: &str,
    spec: &SpecInput,
    factor: u32,
) -> Result<(Vec<String>, Vec<Series>), SpecError> {
    let categories = spec.categories.clone();
    let series = spec
        .series
        .iter()
        .map(|s| inline_series(text, s, categories.len(), factor))
        .collect::<Result<_, _>>()?;
    Ok((categories, series))
}

/// One series written in the spec: a value for each of `categories`.
fn inline_series(
    text: &str,
    s: &SeriesInput,
    categories: usize,
    factor: u32,
) -> Result<Series, SpecError> {
    if s.values.len() != categories {
        return Err(err(
            line_of(text, &s.name),
            format!(
                "series `{}` has {} values for {} categories",
                s.name,
                s.values.len(),
                categories
            ),
            "give one value per category; write PM for an unknown amount and null for none",
        ));
    }
    let values = s
        .values
        .iter()
        .map(|v| match v {
            None => Ok(Cell::Empty),
            Some(v) => yaml_cell(v, text, factor).map_err(|(m, help)| err(v.line, m, help)),
        })
        .collect::<Result<_, _>>()?;
    Ok(Series {
        name: s.name.clone(),
        values,
    })
}

/// Refuses a chart without categories or with more than `max_points`
/// values.
fn check_size(
    text: &str,
    spec: &SpecInput,
    (categories, series): (&[String], &[Series]),
    max_points: usize,
) -> Result<(), SpecError> {
    if categories.is_empty() {
        return Err(err(
            line_of(text, "categories"),
            "the chart has no categories",
            HELP,
        ));
    }
    if series.len() > SERIES {
        return Err(err(
            line_of(text, if spec.data.is_some() { "data" } else { "series" }),
            format!(
                "the chart has {} series; a chart tells at most {SERIES} apart, each by a colour and a fill of its own",
                series.len()
            ),
            "split the chart in two, or take series together; see docs/charts.md",
        ));
    }
    let points = categories.len().saturating_mul(series.len().max(1));
    if points > max_points {
        return Err(err(
            line_of(text, if spec.data.is_some() { "data" } else { "categories" }),
            format!("the chart has {points} values, more than the limit of {max_points}"),
            "a chart shows a summary: group the data into fewer categories, or raise `limits.chart_points` in site.yaml; publish the full data as a download",
        ));
    }
    Ok(())
}

/// A generated description: what is shown and the largest value per series.
pub fn describe(chart: &Chart) -> String {
    let kind = match chart.kind {
        ChartKind::Line => "Lijngrafiek",
        ChartKind::Stacked => "Gestapeld staafdiagram",
        _ => "Staafdiagram",
    };
    let mut parts = vec![format!(
        "{kind} van {} per {}.",
        chart
            .series
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        chart.category_header.to_lowercase()
    )];
    for s in &chart.series {
        let max = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.number().map(|n| (i, n)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, n)) = max {
            parts.push(format!(
                "Hoogste {}: {} ({}).",
                s.name,
                chart.categories[i],
                chart.unit.format(n)
            ));
        }
        let pm = s.values.iter().filter(|c| **c == Cell::Pm).count();
        if pm > 0 {
            parts.push(format!("{pm} keer PM: bedrag nog niet bekend."));
        }
    }
    parts.join(" ")
}

/// The unit a spec names, and the factor its figures are multiplied by
/// (k€ values are drawn in euros).
fn unit_of(unit: Option<&str>) -> (Unit, u32) {
    match unit {
        None => (Unit::Other(String::new()), 1),
        Some(u) => match MoneyUnit::named(u) {
            Some(MoneyUnit::Euro) => (Unit::Euro, 1),
            Some(MoneyUnit::Thousand) => (Unit::Euro, 1_000),
            Some(MoneyUnit::Million) => (Unit::Euro, 1_000_000),
            None if matches!(u, "aantal" | "count") => (Unit::Count, 1),
            None => (Unit::Other(u.to_string()), 1),
        },
    }
}

const VALUE_HELP: &str = "values are numbers (in Dutch notation: 1.250 is one thousand two hundred and fifty, 2,5 is two and a half), PM or null";

/// A value written in the spec's YAML (`text`), read from its text as
/// written: an unquoted `1.250` is a decimal to YAML but a thousand and
/// more to a Dutch reader, so it is an error that asks which, as amounts
/// are (docs/content-format.md).
fn yaml_cell(v: &At<Scalar>, text: &str, factor: u32) -> Result<Cell, (String, String)> {
    let written = match &v.value {
        Scalar::Text(t) => t.clone(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => v.raw(text).map_or_else(|| f.to_string(), str::to_string),
    };
    let unsigned = written.trim().trim_start_matches('-');
    if matches!(v.value, Scalar::Float(_)) && money::is_ambiguous_dutch(unsigned) {
        let (problem, help) = money::ambiguity(&written, &v.as_text());
        return Err((format!("`{written}` {problem}"), help));
    }
    text_cell(&written, factor).map_err(|m| (m, VALUE_HELP.to_string()))
}

/// A value's text: empty, PM, or a number as koers reads every figure
/// ([`money::parse_decimal`]: "1.250" is 1250, "2,5" is 2.5), with a
/// leading minus for a negative one. Multiplied by the unit's `factor`
/// exactly, on the decimal digits: 2,01 k€ is 2010, not the
/// 2009.9999999999998 a float product gives.
fn text_cell(t: &str, factor: u32) -> Result<Cell, String> {
    let t = t.trim();
    if t.is_empty() {
        return Ok(Cell::Empty);
    }
    if t.eq_ignore_ascii_case("pm") {
        return Ok(Cell::Pm);
    }
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let (digits, scale) =
        money::parse_decimal(unsigned).ok_or_else(|| format!("`{t}` is not a number"))?;
    let scaled = digits.saturating_mul(u128::from(factor)) as f64 / 10f64.powi(scale as i32);
    Ok(Cell::Number(if negative { -scaled } else { scaled }))
}

fn from_csv(text: &str, factor: u32) -> Result<(Vec<String>, Vec<Series>), String> {
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    // A file separated by commas is written the English way: its `1.250`
    // may be the decimal as much as the thousands.
    let ambiguous = |raw: &str| {
        delimiter == b',' && money::is_ambiguous_dutch(raw.trim().trim_start_matches('-'))
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut series: Vec<Series> = headers
        .iter()
        .skip(1)
        .map(|h| Series {
            name: h.to_string(),
            values: Vec::new(),
        })
        .collect();
    let mut categories = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        categories.push(record.get(0).unwrap_or("").to_string());
        for (k, s) in series.iter_mut().enumerate() {
            let raw = record.get(k + 1).unwrap_or("");
            if ambiguous(raw) {
                let written = raw.trim();
                return Err(format!(
                    "row {}: `{written}` is ambiguous in a file separated by commas: the decimal {} or the number {}; write {} for the number, or separate the fields with `;` and write the decimal as {}",
                    i + 2,
                    written.replace('.', ","),
                    written.replace('.', ""),
                    written.replace('.', ""),
                    written.replace('.', ","),
                ));
            }
            s.values
                .push(text_cell(raw, factor).map_err(|m| format!("row {}: {m}", i + 2))?);
        }
    }
    if series.is_empty() {
        return Err("the file has no value columns".to_string());
    }
    Ok((categories, series))
}

/// The 1-based line on which `needle` first appears in the spec, or 0.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_data(_: &str) -> Result<String, String> {
        Err("no files".into())
    }

    #[test]
    fn parses_an_inline_spec_with_pm() {
        let c = parse(
            "type: bar\ntitle: Budget\nunit: k€\ncategories: [A, B]\nseries:\n  - name: Incidenteel\n    values: [825, PM]\n",
            "budget",
            &no_data,
            10_000,
        )
        .unwrap();
        assert_eq!(c.series[0].values, vec![Cell::Number(825_000.0), Cell::Pm]);
        assert!(c.description.contains("PM"));
    }

    /// Values are read as amounts are everywhere: Dutch notation, exact.
    #[test]
    fn values_are_read_in_dutch_notation_and_exactly() {
        let spec = "title: Budget\nunit: k€\ncategories: [2025, 2026, 2027, 2028]\nseries:\n  - name: Budget\n    values: [\"1.250\", \"2,01\", 2.01, -5]\n";
        let c = parse(spec, "b", &no_data, 100).unwrap();
        assert_eq!(
            c.series[0].values,
            vec![
                Cell::Number(1_250_000.0),
                Cell::Number(2_010.0),
                Cell::Number(2_010.0),
                Cell::Number(-5_000.0)
            ]
        );
        assert_eq!(c.categories, ["2025", "2026", "2027", "2028"]);
    }

    #[test]
    fn an_unquoted_dutch_thousand_is_ambiguous() {
        let spec = "title: Budget\nunit: euro\ncategories: [A, B]\nseries:\n  - name: Budget\n    values:\n      - 980\n      - 12.000\n";
        let e = parse(spec, "b", &no_data, 100).unwrap_err();
        assert!(e.message.contains("`12.000` is ambiguous"), "{}", e.message);
        assert_eq!(e.line, 8);
    }

    #[test]
    fn a_csv_is_read_by_its_separator() {
        // Separated by `;`: Dutch, the dot groups thousands.
        let dutch = |_: &str| Ok("Jaar;Budget\n2025;1.250\n2026;2,5\n".to_string());
        let c = parse("title: T\nunit: k€\ndata: x.csv\n", "t", &dutch, 100).unwrap();
        assert_eq!(
            c.series[0].values,
            vec![Cell::Number(1_250_000.0), Cell::Number(2_500.0)]
        );
        // Separated by `,`: a `1.250` may be the decimal; the build asks.
        let english = |_: &str| Ok("Jaar,Budget\n2025,1.250\n2026,2.5\n".to_string());
        let e = parse("title: T\nunit: k€\ndata: x.csv\n", "t", &english, 100).unwrap_err();
        assert!(
            e.message.contains("row 2: `1.250` is ambiguous"),
            "{}",
            e.message
        );
        let plain = |_: &str| Ok("Jaar,Budget\n2025,1250\n2026,2.5\n".to_string());
        let c = parse("title: T\nunit: k€\ndata: x.csv\n", "t", &plain, 100).unwrap();
        assert_eq!(
            c.series[0].values,
            vec![Cell::Number(1_250_000.0), Cell::Number(2_500.0)]
        );
    }

    #[test]
    fn only_a_unit_that_names_the_euro_is_money() {
        let spec = |unit: &str| {
            format!("title: T\nunit: {unit}\ncategories: [A]\nseries:\n  - name: S\n    values: [440]\n")
        };
        let visitors = parse(&spec("x1000"), "t", &no_data, 10).unwrap();
        assert_eq!(visitors.unit, Unit::Other("x1000".into()));
        assert_eq!(visitors.series[0].values, [Cell::Number(440.0)]);
        let millions = parse(&spec("€ mln"), "t", &no_data, 10).unwrap();
        assert_eq!(millions.unit, Unit::Euro);
        assert_eq!(millions.series[0].values, [Cell::Number(440_000_000.0)]);
    }

    #[test]
    fn a_chart_beyond_the_limit_of_points_is_refused() {
        let rows: String = (0..300).map(|i| format!("r{i};{i};{i}\n")).collect();
        let read = move |_: &str| Ok(format!("Rij;A;B\n{rows}"));
        let e = parse("title: T\ndata: x.csv\n", "t", &read, 500).unwrap_err();
        assert!(
            e.message.contains("600 values, more than the limit of 500"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 2);
        assert!(parse("title: T\ndata: x.csv\n", "t", &read, 600).is_ok());
    }

    #[test]
    fn a_chart_of_more_than_eight_series_is_refused() {
        let header: Vec<String> = (1..=9).map(|i| format!("S{i}")).collect();
        let csv = format!("Rij;{}\nA;{}\n", header.join(";"), ["1"; 9].join(";"));
        let read = move |_: &str| Ok(csv.clone());
        let e = parse("title: T\ndata: x.csv\n", "t", &read, 500).unwrap_err();
        assert!(
            e.message
                .contains("9 series; a chart tells at most 8 apart"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 2);
        let series: String = (1..=9)
            .map(|i| format!("  - name: S{i}\n    values: [1]\n"))
            .collect();
        let spec = format!("title: T\ncategories: [A]\nseries:\n{series}");
        let e = parse(&spec, "t", &no_data, 500).unwrap_err();
        assert_eq!(e.line, 3, "{}", e.message);
        let eight = spec.replace("  - name: S9\n    values: [1]\n", "");
        assert_eq!(parse(&eight, "t", &no_data, 500).unwrap().series.len(), 8);
    }

    #[test]
    fn reads_csv_data() {
        let read = |_: &str| {
            Ok("Fase;Incidenteel;Structureel\nPrepareren;275;0\nVernieuwen;PM;PM\n".to_string())
        };
        let c = parse("title: T\nunit: k€\ndata: data/b.csv\n", "t", &read, 10_000).unwrap();
        assert_eq!(c.categories, vec!["Prepareren", "Vernieuwen"]);
        assert_eq!(c.series[1].values[1], Cell::Pm);
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks_only() {
        let spec = "title: T\ncategories: [\"x\\r\", \"y\\nz\", 'a, \"b\"']\n\
                    series:\n  - name: A, B\n    values: [1.5, PM, 2]\n";
        let c = parse(spec, "t", &|_: &str| Err(String::new()), 100).unwrap();
        assert_eq!(
            c.csv(),
            "Categorie,\"A, B\"\n\"x\r\",1.5\n\"y\nz\",PM\n\"a, \"\"b\"\"\",2\n"
        );
    }

    #[test]
    fn bad_specs_name_their_line() {
        let e = parse(
            "title: T\ncategories: [a]\nseries:\n  - name: S\n    values: [1, 2]\n",
            "t",
            &no_data,
            10_000,
        )
        .unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("2 values for 1 categories"));
        let e = parse("title: T\ntype: taart\n", "t", &no_data, 10_000).unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("title: [\n", "t", &no_data, 10_000).unwrap_err();
        assert!(e.message.contains("invalid chart spec"));
    }
}
