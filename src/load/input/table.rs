//! The authoring format of finance tables (`tables:` of a publication,
//! `costs:` of a scenario or goal): rows of cells, stated totals, notes.

use super::Scalar;
use crate::load::yaml::At;
use serde::Deserialize;

/// A table of money with optional stated totals, checked by koers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableInput {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub unit: Option<At<String>>,
    /// As written: `2025`, `2024.1`.
    pub columns: Vec<String>,
    pub rows: Vec<RowInput>,
    #[serde(default)]
    pub note: Option<String>,
    /// The notes the table's cells and rows refer to, in their order.
    #[serde(default)]
    pub notes: Vec<NoteInput>,
}

/// A note of a finance table: its marker as printed (`2`, `3a`) and its text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// As written: `2`, `3a`, `1.10`.
    pub id: At<String>,
    pub text: String,
}

/// A cell of a finance table as written: a plain value (a number, an
/// amount, PM) or a map with an amount and the notes it refers to
/// (`{amount: 135, note: 2}`, or `{note: 4}` for a cell without amount).
#[derive(Debug, Clone, PartialEq)]
pub enum CellInput {
    Plain(Scalar),
    Noted(NotedCellInput),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotedCellInput {
    #[serde(default)]
    pub amount: Option<At<Scalar>>,
    #[serde(default)]
    pub note: Option<At<String>>,
    #[serde(default)]
    pub notes: Vec<At<String>>,
}

/// Read by hand rather than as an untagged enum: serde buffers the values
/// of an untagged enum and loses their positions, and its error says only
/// that no variant matched. Here a map is read by the YAML parser itself,
/// so `amount` and `note` keep their lines and an unknown key is named.
impl<'de> Deserialize<'de> for CellInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{value::MapAccessDeserializer, Error, MapAccess, Visitor};
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = CellInput;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an amount, PM, null, or a map such as {amount: 135, note: \"2\"}")
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<CellInput, E> {
                Ok(CellInput::Plain(Scalar::Int(v)))
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<CellInput, E> {
                Ok(CellInput::Plain(
                    i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int),
                ))
            }
            fn visit_f64<E: Error>(self, v: f64) -> Result<CellInput, E> {
                Ok(CellInput::Plain(Scalar::Float(v)))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<CellInput, E> {
                Ok(CellInput::Plain(Scalar::Text(v.to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CellInput, A::Error> {
                NotedCellInput::deserialize(MapAccessDeserializer::new(map)).map(CellInput::Noted)
            }
        }
        d.deserialize_any(CellVisitor)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowInput {
    #[serde(default)]
    pub id: Option<String>,
    pub label: At<String>,
    /// One cell per column: a number, an amount, PM, null (empty), or a
    /// map with an amount and a note (see [`CellInput`]).
    #[serde(default)]
    pub values: Option<Vec<Option<At<CellInput>>>>,
    /// Makes this a total row: `all`, `above` or a list of row ids.
    #[serde(default)]
    pub sum: Option<At<SumInput>>,
    #[serde(default)]
    pub theme: Option<At<String>>,
    /// On a total row whose stated `values` are printed as adopted but do
    /// not equal the sum of its parts: in which columns, and why (the page
    /// shows both figures).
    #[serde(default)]
    pub acknowledged: Option<At<AcknowledgedInput>>,
    /// The story this row is about (an id or alias): its page shows the
    /// row's amounts under this table's publication.
    #[serde(default)]
    pub story: Option<At<String>>,
    /// Ids of the table's notes that the row as a whole refers to (a
    /// marker printed after its label).
    #[serde(default)]
    pub notes: Vec<At<String>>,
}

/// A printed total published as adopted although it differs from its parts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgedInput {
    /// The columns whose printed total differs (their headers).
    pub columns: Vec<At<String>>,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SumInput {
    Keyword(String),
    Rows(Vec<String>),
}
