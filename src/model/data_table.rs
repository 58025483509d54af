//! Tables of figures written in Markdown: a chapter's table of plateaus
//! and budgets, a story's cost breakdown. Each is published as open data,
//! with its own headers in their order and every figure exact.

use super::money::{self, Money, MoneyUnit};

/// A Markdown table with at least one column of figures (after the first).
#[derive(Debug, Clone, PartialEq)]
pub struct DataTable {
    /// The dataset's file name without extension:
    /// `<page>-tabel-<n>`, `n` counting every table of the text from 1.
    pub name: String,
    /// The title and URL path of the page it stands on.
    pub page_title: String,
    pub page_url: String,
    /// The heading it stands under, if any.
    pub heading: Option<String>,
    pub columns: Vec<DataColumn>,
    pub rows: Vec<Vec<DataCell>>,
}

/// A column: its header as written and what its cells hold.
#[derive(Debug, Clone, PartialEq)]
pub struct DataColumn {
    pub header: String,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Amounts of money: written with a euro sign or an amount suffix, or
    /// bare numbers under a header that names the unit ("Nieuw (k€)").
    Amount,
    /// Plain numbers (counts, years, percentages without a sign).
    Number,
    /// Anything else.
    Text,
}

/// One cell, as open data writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum DataCell {
    /// An empty cell, or a dash standing for none.
    Empty,
    Text(String),
    /// An amount, in euro cents.
    Cents(i64),
    /// Pro memorie: an amount not known yet.
    Pm,
    /// An exact decimal: `digits` / 10^`scale`.
    Number {
        digits: u128,
        scale: u32,
    },
}

impl DataCell {
    /// The exact decimal as text: `1520`, `0.5`.
    pub fn decimal_text(digits: u128, scale: u32) -> String {
        if scale == 0 {
            return digits.to_string();
        }
        let s = format!("{digits:0>width$}", width = scale as usize + 1);
        let (whole, fraction) = s.split_at(s.len() - scale as usize);
        format!("{whole}.{fraction}")
    }
}

/// True for the cell texts that stand for no value.
fn is_empty(text: &str) -> bool {
    matches!(text, "" | "-" | "–" | "—")
}

/// The money unit a header names in its last parentheses: "Nieuw (k€)";
/// or, when the words before them name the euro, the multiple in them:
/// "Bedrag in euro (x 1.000)".
fn header_unit(header: &str) -> Option<MoneyUnit> {
    let open = header.rfind('(')?;
    let inner = header[open + 1..].strip_suffix(')')?;
    MoneyUnit::named(inner).or_else(|| {
        let before = header[..open].to_lowercase();
        let names_euro = before.contains('€')
            || before
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| matches!(w, "euro" | "euros" | "eur"));
        names_euro.then(|| MoneyUnit::parse(inner)).flatten()
    })
}

/// True when a cell's text says it is money: a euro sign or the word
/// (`€ 250k`, `75 euro`); `12k` alone may count anything.
fn names_a_unit(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains('€') || t.contains("eur")
}

impl DataColumn {
    /// Classifies a column from its header and its cells' texts.
    pub fn of(header: &str, cells: &[&str]) -> DataColumn {
        let filled: Vec<&str> = cells.iter().copied().filter(|c| !is_empty(c)).collect();
        let unit = header_unit(header);
        let amounts = filled.iter().all(|c| {
            (unit.is_some() || names_a_unit(c) || c.eq_ignore_ascii_case("pm"))
                && Money::parse(c, unit.unwrap_or_default()).is_ok()
        }) && (unit.is_some() || filled.iter().any(|c| names_a_unit(c)));
        let numbers = filled.iter().all(|c| money::parse_decimal(c).is_some());
        let kind = if filled.is_empty() {
            ColumnKind::Text
        } else if amounts {
            ColumnKind::Amount
        } else if numbers {
            ColumnKind::Number
        } else {
            ColumnKind::Text
        };
        DataColumn {
            header: header.to_string(),
            kind,
        }
    }

    /// The header open data gives the column: an amount column says its
    /// figures are euros, in place of the unit it was written in.
    pub fn data_header(&self) -> String {
        match self.kind {
            ColumnKind::Amount => {
                let bare = match header_unit(&self.header) {
                    Some(_) => self.header[..self.header.rfind('(').unwrap_or(0)].trim_end(),
                    None => self.header.as_str(),
                };
                format!("{bare} (euro)")
            }
            _ => self.header.clone(),
        }
    }

    /// A cell of this column, read from its text.
    pub fn cell(&self, text: &str) -> DataCell {
        if is_empty(text) {
            return DataCell::Empty;
        }
        match self.kind {
            ColumnKind::Amount => {
                match Money::parse(text, header_unit(&self.header).unwrap_or_default()) {
                    Ok(Money::Amount(c)) => DataCell::Cents(c),
                    Ok(Money::Pm) => DataCell::Pm,
                    Err(_) => DataCell::Text(text.to_string()),
                }
            }
            ColumnKind::Number => match money::parse_decimal(text) {
                Some((digits, scale)) => DataCell::Number { digits, scale },
                None => DataCell::Text(text.to_string()),
            },
            ColumnKind::Text => DataCell::Text(text.to_string()),
        }
    }
}

/// A cell's text as the page shows it, and the text its figure is read
/// from: without struck-through text (it no longer holds) and without the
/// markers set above or below it (`250<sup>1</sup>` shows 250¹; its figure
/// is 250).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellText {
    pub shown: String,
    pub figure: String,
}

impl From<&str> for CellText {
    fn from(text: &str) -> Self {
        CellText {
            shown: text.to_string(),
            figure: text.to_string(),
        }
    }
}

impl DataTable {
    /// A table of figures from its header and body texts, or `None` when
    /// no column after the first holds figures.
    pub fn of(
        name: String,
        (page_title, page_url): (&str, &str),
        heading: Option<String>,
        header: &[String],
        body: &[Vec<CellText>],
    ) -> Option<DataTable> {
        let columns: Vec<DataColumn> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let cells: Vec<&str> = body
                    .iter()
                    .map(|r| r.get(i).map_or("", |c| c.figure.as_str()))
                    .collect();
                DataColumn::of(h, &cells)
            })
            .collect();
        if !columns.iter().skip(1).any(|c| c.kind != ColumnKind::Text) {
            return None;
        }
        let rows = body
            .iter()
            .map(|r| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let text = r.get(i).map(|t| match c.kind {
                            ColumnKind::Text => &t.shown,
                            _ => &t.figure,
                        });
                        c.cell(text.map_or("", String::as_str))
                    })
                    .collect()
            })
            .collect();
        Some(DataTable {
            name,
            page_title: page_title.to_string(),
            page_url: page_url.to_string(),
            heading,
            columns,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn amounts_with_a_euro_sign_become_cents() {
        let c = DataColumn::of("Beginstand", &["€ 6.500.000", "€ 49.972"]);
        assert_eq!(c.kind, ColumnKind::Amount);
        assert_eq!(c.cell("€ 6.150.009"), DataCell::Cents(615_000_900));
        assert_eq!(c.cell("€ 2,450 mln"), DataCell::Cents(245_000_000));
        assert_eq!(c.data_header(), "Beginstand (euro)");
    }

    #[test]
    fn a_header_unit_gives_bare_numbers_their_unit() {
        let c = DataColumn::of("Nieuw (k€)", &["20", "—", "1.520"]);
        assert_eq!(c.kind, ColumnKind::Amount);
        assert_eq!(c.cell("1.520"), DataCell::Cents(152_000_000));
        assert_eq!(c.cell("—"), DataCell::Empty);
        assert_eq!(c.data_header(), "Nieuw (euro)");
    }

    #[test]
    fn plain_numbers_stay_exact_decimals() {
        let c = DataColumn::of("Fte", &["1", "0,5"]);
        assert_eq!(c.kind, ColumnKind::Number);
        let DataCell::Number { digits, scale } = c.cell("0,5") else {
            panic!("not a number")
        };
        assert_eq!(DataCell::decimal_text(digits, scale), "0.5");
        assert_eq!(DataCell::decimal_text(1520, 0), "1520");
        assert_eq!(DataCell::decimal_text(5, 2), "0.05");
    }

    /// Only a unit that names the euro makes a column money: a count of
    /// thousands stays the number the page shows.
    #[test]
    fn a_unit_that_does_not_name_the_euro_is_no_money() {
        let visitors = DataColumn::of("Bezoekers (x 1.000)", &["440", "512"]);
        assert_eq!(visitors.kind, ColumnKind::Number);
        assert_eq!(
            visitors.cell("440"),
            DataCell::Number {
                digits: 440,
                scale: 0
            }
        );
        assert_eq!(visitors.data_header(), "Bezoekers (x 1.000)");
        let downloads = DataColumn::of("Downloads", &["12k", "8k"]);
        assert_eq!(downloads.kind, ColumnKind::Text);
        let costs = DataColumn::of("Kosten (x € 1.000)", &["440"]);
        assert_eq!(costs.kind, ColumnKind::Amount);
        assert_eq!(costs.cell("440"), DataCell::Cents(44_000_000));
        let millions = DataColumn::of("Budget (€ mln)", &["2,5"]);
        assert_eq!(millions.cell("2,5"), DataCell::Cents(250_000_000));
        // The words before the parentheses may name the euro ...
        let amount = DataColumn::of("Bedrag in euro (x 1.000)", &["440"]);
        assert_eq!(amount.cell("440"), DataCell::Cents(44_000_000));
        // ... as a word: "Europese" does not.
        let grant = DataColumn::of("Europese bijdrage (x 1.000)", &["440"]);
        assert_eq!(grant.kind, ColumnKind::Number);
    }

    #[test]
    fn a_table_of_words_is_no_table_of_figures() {
        let header = cells(&["Nr.", "Risico"]);
        let row = |v: &[&str]| v.iter().map(|&t| CellText::from(t)).collect::<Vec<_>>();
        let body = vec![row(&["1", "Uitloop"]), row(&["2", "Extra wensen"])];
        assert!(DataTable::of("t".into(), ("P", "/p/"), None, &header, &body).is_none());
        let mixed = vec![row(&["3", "€ 330k uit plateau 1"])];
        assert!(DataTable::of("t".into(), ("P", "/p/"), None, &header, &mixed).is_none());
    }
}
