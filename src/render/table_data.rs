//! Open data behind every finance table: each table of a publication and
//! each scenario's costs as CSV and JSON, with the table's own columns in
//! its order and every amount exact (euros as whole numbers, or decimal
//! text when there are cents; never a binary fraction). A table with notes
//! has a `noten` column: per record the notes of its row and cells (a cell
//! with only a note has an empty amount).

use crate::model::money::{Money, Total};
use crate::model::table::{RowKind, ShownTotal};
use crate::model::*;
use serde_json::Value;

/// The folder of the table datasets, under the open-data folder.
pub const TABLES_DIR: &str = "tabellen/";

/// One finance table as a dataset.
pub(crate) struct TableDataset<'s> {
    /// The file name without extension: `<owner>-<table id>`.
    pub name: String,
    pub table: &'s FinanceTable,
    /// The title of the publication or scenario it belongs to.
    pub owner: &'s str,
}

/// Every finance table of `site`, publications first, then scenarios.
pub(crate) fn table_datasets(site: &Site) -> Vec<TableDataset<'_>> {
    let publications = site.publications.iter().flat_map(|p| {
        p.tables.iter().map(move |t| TableDataset {
            name: crate::model::table::publication_dataset(&p.slug, &t.id),
            table: t,
            owner: &p.title,
        })
    });
    let scenarios = site.scenarios.iter().filter_map(|s| {
        s.costs.as_ref().map(|t| TableDataset {
            name: crate::model::table::scenario_dataset(&s.slug, &t.id),
            table: t,
            owner: &s.title,
        })
    });
    publications.chain(scenarios).collect()
}

/// The header of the label column and of the row-kind column.
pub const LABEL: &str = "regel";
pub const KIND: &str = "soort";

/// One record of a table dataset.
struct Record<'t> {
    label: String,
    kind: &'static str,
    amounts: Vec<Amount>,
    /// Why a printed total differs from its parts.
    note: Option<String>,
    /// The notes the row and its cells refer to.
    notes: Vec<NoteEntry<'t>>,
}

/// The header of the column with the reason of an acknowledged total.
pub const NOTE: &str = "toelichting";

/// The header of the column with the notes of a row and its cells.
pub const NOTES: &str = "noten";

/// A note a record refers to: the column of the cell that refers to it
/// (none when the row does), its marker and its text.
struct NoteEntry<'t> {
    column: Option<&'t str>,
    id: &'t str,
    text: &'t str,
}

impl NoteEntry<'_> {
    /// "Eenmalig (4 jaar), noot 4: text", or "noot 1: text" for a row's.
    fn text(&self) -> String {
        match self.column {
            Some(c) => format!("{c}, noot {}: {}", self.id, self.text),
            None => format!("noot {}: {}", self.id, self.text),
        }
    }

    fn json(&self) -> Value {
        serde_json::json!({ "kolom": self.column, "noot": self.id, "tekst": self.text })
    }
}

impl<'s> TableDataset<'s> {
    /// True when a total is printed as adopted although its parts differ.
    fn acknowledged(&self) -> bool {
        self.table.rows.iter().any(|r| {
            matches!(
                &r.kind,
                RowKind::Sum {
                    acknowledged: Some(_),
                    ..
                }
            )
        })
    }

    /// True when the table has notes (the dataset has a `noten` column).
    fn has_notes(&self) -> bool {
        !self.table.notes.is_empty()
    }

    /// The column headers: the label, the kind of row, then the table's
    /// columns in their order, each saying the amounts are in euros; and
    /// the reason of acknowledged totals and the notes, when there are.
    pub fn header(&self) -> Vec<String> {
        let mut h = vec![LABEL.to_string(), KIND.to_string()];
        h.extend(self.table.columns.iter().map(|c| format!("{c} (euro)")));
        if self.acknowledged() {
            h.push(NOTE.to_string());
        }
        if self.has_notes() {
            h.push(NOTES.to_string());
        }
        h
    }

    /// The notes that the ids `ids` name, as referred to from `column`.
    fn notes_of(&self, ids: &'s [String], column: Option<&'s str>) -> Vec<NoteEntry<'s>> {
        ids.iter()
            .filter_map(|id| self.table.notes.iter().find(|n| n.id == *id))
            .map(|n| NoteEntry {
                column,
                id: &n.id,
                text: &n.text,
            })
            .collect()
    }

    /// Each row: its label, `waarde` or `totaal`, and its amounts (a
    /// total's computed sum; "PM" for an amount not known yet, empty for
    /// no amount, also where a cell gives only a note). An acknowledged
    /// total is followed by its figures as printed (`totaal zoals
    /// vastgesteld`), with the reason.
    fn records(&self) -> Vec<Record<'s>> {
        let mut out = Vec::new();
        for r in &self.table.rows {
            let mut notes = self.notes_of(&r.notes, None);
            match &r.kind {
                RowKind::Values(cells) => {
                    for (cell, column) in cells.iter().zip(&self.table.columns) {
                        notes.extend(self.notes_of(&cell.notes, Some(column)));
                    }
                    out.push(Record {
                        label: r.label.clone(),
                        kind: "waarde",
                        amounts: cells.iter().map(|m| Amount::of(m.money)).collect(),
                        note: None,
                        notes,
                    })
                }
                RowKind::Sum {
                    computed,
                    stated,
                    acknowledged,
                    ..
                } => {
                    // As the page shows it (see ShownTotal).
                    let amounts = computed
                        .iter()
                        .enumerate()
                        .map(|(c, total)| {
                            let printed = stated.as_ref().and_then(|s| s.get(c).copied().flatten());
                            match ShownTotal::of(total, printed) {
                                ShownTotal::Stated(m) => Amount::of(Some(m)),
                                ShownTotal::Sum(total) => Amount::of_total(total),
                            }
                        })
                        .collect();
                    out.push(Record {
                        label: r.label.clone(),
                        kind: "totaal",
                        amounts,
                        note: None,
                        notes,
                    });
                    if let (Some(a), Some(stated)) = (acknowledged, stated) {
                        out.push(Record {
                            label: r.label.clone(),
                            kind: "totaal zoals vastgesteld",
                            amounts: stated.iter().map(|m| Amount::of(*m)).collect(),
                            note: Some(a.reason.clone()),
                            notes: Vec::new(),
                        });
                    }
                }
            }
        }
        out
    }

    pub fn csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let (with_reason, with_notes) = (self.acknowledged(), self.has_notes());
        // Writing to memory does not fail.
        let _ = w.write_record(self.header());
        for r in self.records() {
            let mut record = vec![r.label, r.kind.to_string()];
            record.extend(r.amounts.iter().map(Amount::text));
            if with_reason {
                record.push(r.note.unwrap_or_default());
            }
            if with_notes {
                let notes: Vec<String> = r.notes.iter().map(NoteEntry::text).collect();
                record.push(notes.join("; "));
            }
            let _ = w.write_record(record);
        }
        w.into_inner().unwrap_or_default()
    }

    /// An array of objects, keys in the order of the CSV's columns; the
    /// notes as an array of objects (`kolom`, `noot`, `tekst`).
    pub fn json(&self) -> Vec<u8> {
        let header = self.header();
        let (with_reason, with_notes) = (self.acknowledged(), self.has_notes());
        let records: Vec<Value> = self
            .records()
            .into_iter()
            .map(|r| {
                let mut o = serde_json::Map::new();
                o.insert(header[0].clone(), r.label.into());
                o.insert(header[1].clone(), r.kind.into());
                for (h, a) in header.iter().skip(2).zip(&r.amounts) {
                    o.insert(h.clone(), a.json());
                }
                if with_reason {
                    o.insert(NOTE.to_string(), r.note.map_or(Value::Null, Value::from));
                }
                if with_notes {
                    let notes = r.notes.iter().map(NoteEntry::json).collect();
                    o.insert(NOTES.to_string(), Value::Array(notes));
                }
                Value::Object(o)
            })
            .collect();
        let mut bytes = serde_json::to_vec_pretty(&records).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    pub fn rows_count(&self) -> usize {
        self.records().len()
    }
}

/// An amount as open data writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Amount {
    Cents(i64),
    /// Known parts plus parts not known yet (a total with PM parts).
    CentsAndPm(i64),
    Pm,
    None,
}

impl Amount {
    fn of(m: Option<Money>) -> Amount {
        match m {
            Some(Money::Amount(c)) => Amount::Cents(c),
            Some(Money::Pm) => Amount::Pm,
            None => Amount::None,
        }
    }

    fn of_total(t: &Total) -> Amount {
        match (t.parts, t.all_pm(), t.has_pm()) {
            (0, _, _) => Amount::None,
            (_, true, _) => Amount::Pm,
            (_, _, true) => Amount::CentsAndPm(t.known_cents),
            _ => Amount::Cents(t.known_cents),
        }
    }

    fn text(&self) -> String {
        match self {
            Amount::Cents(c) => euro_text(*c),
            Amount::CentsAndPm(c) => format!("{} + PM", euro_text(*c)),
            Amount::Pm => "PM".to_string(),
            Amount::None => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Amount::Cents(c) => euro_json(*c),
            Amount::None => Value::Null,
            other => other.text().into(),
        }
    }
}

/// Cents as euros, exactly: `2500000` -> `25000`, `1234` -> `12.34`.
pub(crate) fn euro_text(cents: i64) -> String {
    let (sign, abs) = if cents < 0 {
        ("-", -cents)
    } else {
        ("", cents)
    };
    match abs % 100 {
        0 => format!("{sign}{}", abs / 100),
        c => format!("{sign}{}.{c:02}", abs / 100),
    }
}

/// Cents as a JSON value: whole euros as a number, others as decimal text.
pub(crate) fn euro_json(cents: i64) -> Value {
    if cents % 100 == 0 {
        Value::from(cents / 100)
    } else {
        Value::from(euro_text(cents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_written_exactly() {
        assert_eq!(euro_text(2_500_000), "25000");
        assert_eq!(euro_text(88_350_000), "883500");
        assert_eq!(euro_text(1234), "12.34");
        assert_eq!(euro_text(5), "0.05");
        assert_eq!(euro_text(-1250), "-12.50");
        assert_eq!(euro_json(2_500_000), serde_json::json!(25000));
        assert_eq!(euro_json(1234), serde_json::json!("12.34"));
    }
}
