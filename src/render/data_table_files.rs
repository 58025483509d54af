//! Open data behind every Markdown table of figures: CSV and JSON with the
//! table's headers in their order, amounts in whole euros (decimal text
//! only when there are cents) and numbers as exact decimals.

use super::table_data::{euro_json, euro_text};
use crate::model::data_table::{DataCell, DataTable};
use serde_json::Value;

/// A cell as CSV text.
fn text(cell: &DataCell) -> String {
    match cell {
        DataCell::Empty => String::new(),
        DataCell::Text(t) => t.clone(),
        DataCell::Cents(c) => euro_text(*c),
        DataCell::Pm => "PM".to_string(),
        DataCell::Number { digits, scale } => DataCell::decimal_text(*digits, *scale),
    }
}

/// A cell as a JSON value: whole numbers as numbers, others as text.
fn json_value(cell: &DataCell) -> Value {
    match cell {
        DataCell::Empty => Value::Null,
        DataCell::Cents(c) => euro_json(*c),
        DataCell::Number { digits, scale: 0 } => match u64::try_from(*digits) {
            Ok(n) => Value::from(n),
            Err(_) => Value::from(digits.to_string()),
        },
        other => Value::from(text(other)),
    }
}

/// The headers of the dataset: the table's, amounts marked as euros.
pub(crate) fn header(t: &DataTable) -> Vec<String> {
    t.columns.iter().map(|c| c.data_header()).collect()
}

pub(crate) fn csv(t: &DataTable) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory does not fail.
    let _ = w.write_record(header(t));
    for row in &t.rows {
        let _ = w.write_record(row.iter().map(text));
    }
    w.into_inner().unwrap_or_default()
}

/// An array of objects, keys in the order of the table's columns.
pub(crate) fn json(t: &DataTable) -> Vec<u8> {
    let header = header(t);
    let records: Vec<Value> = t
        .rows
        .iter()
        .map(|row| {
            let o: serde_json::Map<String, Value> = header
                .iter()
                .zip(row)
                .map(|(h, c)| (h.clone(), json_value(c)))
                .collect();
            Value::Object(o)
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&records).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_table::CellText;

    fn table() -> DataTable {
        let s = |v: &[&str]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let row = |v: &[&str]| v.iter().map(|&t| CellText::from(t)).collect::<Vec<_>>();
        DataTable::of(
            "p-tabel-1".into(),
            ("Plan", "/plan/"),
            None,
            &s(&["Post", "Nieuw (k€)", "Fte"]),
            &[row(&["1A", "75", "0,5"]), row(&["1B", "—", "1"])],
        )
        .expect("a table of figures")
    }

    #[test]
    fn writes_exact_figures_in_the_tables_order() {
        let csv = String::from_utf8(csv(&table())).unwrap();
        assert_eq!(csv, "Post,Nieuw (euro),Fte\n1A,75000,0.5\n1B,,1\n");
        let json: Value = serde_json::from_slice(&json(&table())).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"Post": "1A", "Nieuw (euro)": 75000, "Fte": "0.5"},
                {"Post": "1B", "Nieuw (euro)": null, "Fte": 1}
            ])
        );
        let keys: Vec<&String> = json[0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["Post", "Nieuw (euro)", "Fte"]);
    }
}
