//! The data of a chart as a table, CSV and JSON: the same values the
//! drawing shows, for readers and programs that cannot see it.

use super::{Cell, Chart, ChartKind, LevelMark, Span};

/// A header row and one row per category: its label and its cells.
type Table = (Vec<String>, Vec<(String, Vec<String>)>);

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

    /// The table without the derived column.
    fn table_of_values(&self) -> Table {
        match &self.kind {
            ChartKind::Levels(levels) => self.levels_table(levels),
            ChartKind::Timeline(spans) => self.timeline_table(spans),
            _ => self.numbers_table(),
        }
    }

    /// The table of a status chart: the label of each category's level.
    fn levels_table(&self, levels: &[LevelMark]) -> Table {
        let first = self.series.first();
        let header = vec![
            self.category_header.clone(),
            first.map(|s| s.name.clone()).unwrap_or_default(),
        ];
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let v = first.and_then(|s| s.values.get(i)).and_then(|v| v.number());
                let label = v
                    .and_then(|v| levels.get(v as usize))
                    .map(|l| l.label.clone())
                    .unwrap_or_default();
                (c.clone(), vec![label])
            })
            .collect();
        (header, rows)
    }

    /// The table of a timeline: where each span starts and ends.
    fn timeline_table(&self, spans: &[Span]) -> Table {
        let header = vec![
            self.category_header.clone(),
            self.texts.from.clone(),
            self.texts.until.clone(),
        ];
        let year = |x: &Option<(f64, String)>| x.as_ref().map(|x| x.1.clone()).unwrap_or_default();
        let rows = spans
            .iter()
            .map(|s| (s.label.clone(), vec![year(&s.start), year(&s.end)]))
            .collect();
        (header, rows)
    }

    /// The table of a chart of numbers: a column per series, formatted.
    fn numbers_table(&self) -> Table {
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
                    .map(|s| self.unit.format_cell(s.cell(i)))
                    .collect();
                (c.clone(), cells)
            })
            .collect();
        (header, rows)
    }

    /// True when the values are numbers, not status levels or spans.
    pub(super) fn has_numbers(&self) -> bool {
        !matches!(self.kind, ChartKind::Levels(_) | ChartKind::Timeline(_))
    }

    /// True when some value is PM (not known yet).
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
        if self.has_numbers() {
            for i in 0..self.categories.len() {
                let _ = w.write_record(self.csv_numbers_row(i));
            }
        } else {
            for (label, cells) in &rows {
                let _ = w.write_record(std::iter::once(label).chain(cells));
            }
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// The CSV row of category `i` of a chart of numbers: the values plain
    /// ("PM" or empty when unknown), then the derived cell.
    fn csv_numbers_row(&self, i: usize) -> Vec<String> {
        let mut row = vec![self.categories[i].clone()];
        for s in &self.series {
            row.push(match s.cell(i) {
                Cell::Number(n) => plain_number(n),
                Cell::Pm => "PM".to_string(),
                Cell::Empty => String::new(),
            });
        }
        if let Some(d) = &self.derived {
            row.push(d.text(i));
        }
        row
    }

    /// The data as JSON: `[{"category": ..., "<series>": value}, ...]`,
    /// keys in the table's order, values as numbers (see [`json_number`]),
    /// "PM" or null.
    pub fn json(&self) -> String {
        let (header, rows) = self.table();
        let records: Vec<serde_json::Value> = if self.has_numbers() {
            (0..self.categories.len())
                .map(|i| self.json_numbers_record(&header[0], i))
                .collect()
        } else {
            rows.iter()
                .enumerate()
                .map(|(i, row)| self.json_table_record(&header, row, i))
                .collect()
        };
        serde_json::to_string_pretty(&records).unwrap_or_default() + "\n"
    }

    /// The JSON object of row `i` of the table: its cells as text by their
    /// header, the derived column as a number or a boolean.
    fn json_table_record(
        &self,
        header: &[String],
        (label, cells): &(String, Vec<String>),
        i: usize,
    ) -> serde_json::Value {
        let mut o = serde_json::Map::new();
        o.insert(header[0].clone(), label.clone().into());
        for (h, c) in header.iter().skip(1).zip(cells) {
            o.insert(h.clone(), c.clone().into());
        }
        if let Some(d) = &self.derived {
            o.insert(d.header.clone(), d.json(i));
        }
        serde_json::Value::Object(o)
    }

    /// The JSON object of category `i` of a chart of numbers: each series'
    /// value as a number, "PM" or null, then the derived value.
    fn json_numbers_record(&self, category_header: &str, i: usize) -> serde_json::Value {
        let mut o = serde_json::Map::new();
        o.insert(
            category_header.to_string(),
            self.categories[i].clone().into(),
        );
        for s in &self.series {
            let v = match s.cell(i) {
                Cell::Number(n) => json_number(n),
                Cell::Pm => "PM".into(),
                Cell::Empty => serde_json::Value::Null,
            };
            o.insert(s.name.clone(), v);
        }
        if let Some(d) = &self.derived {
            o.insert(d.header.clone(), d.json(i));
        }
        serde_json::Value::Object(o)
    }
}

/// A value as JSON writes it, exactly: a whole number as an integer, any
/// other as its decimal text (`"883.5"`), never a binary fraction such as
/// `250000.0` or `0.30000000000000004`.
pub(crate) fn json_number(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Value::from(plain_number(n))
    }
}

/// A number as CSV writes it: no decimals when it is whole.
fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
