//! Typed values read from front matter: dates, money, units and finance
//! tables, each error placed at the value's line.

use super::refs::{Kind, Resolver};
use crate::error::Diagnostics;
use crate::load::input::{AcknowledgedInput, CellInput, RowInput, Scalar, SumInput, TableInput};
use crate::load::source::SourceFile;
use crate::load::yaml::At;
use crate::model::date::{FuzzyDate, DATE_FORMS};
use crate::model::money::{format_euros, Money, MoneyUnit, MONEY_FORMS};
use crate::model::table::{
    Acknowledged, FinanceTable, RowKind, SumSpec, TableCell, TableNote, TableRow, TotalProblem,
};

/// Reads values of one source file.
pub struct Values<'a> {
    src: &'a SourceFile,
}

impl<'a> Values<'a> {
    pub fn new(src: &'a SourceFile) -> Self {
        Values { src }
    }

    /// The file the values are read from.
    pub fn source(&self) -> &'a SourceFile {
        self.src
    }

    pub fn date(
        &self,
        key: &str,
        value: Option<&At<Scalar>>,
        diags: &mut Diagnostics,
    ) -> Option<FuzzyDate> {
        let value = value?;
        let text = value.as_text();
        // Said on purpose: the source gives no date.
        if text.trim() == "not-stated" {
            return None;
        }
        FuzzyDate::parse(&text).or_else(|| {
            diags.push(
                self.src
                    .error(
                        self.src.at(value),
                        format!("`{text}` in `{key}` is not a date (or that day does not exist)"),
                    )
                    .with_help(DATE_FORMS),
            );
            None
        })
    }

    pub fn unit(&self, value: Option<&At<String>>, diags: &mut Diagnostics) -> MoneyUnit {
        let Some(text) = value else {
            return MoneyUnit::Euro;
        };
        MoneyUnit::parse(text).unwrap_or_else(|| {
            diags.push(
                self.src
                    .error(
                        self.src.at(text),
                        format!("unknown money unit `{}`", text.value),
                    )
                    .with_help("use euro, k€ (thousands) or mln (millions)"),
            );
            MoneyUnit::Euro
        })
    }

    /// Reads an amount in `unit`. A plain (unquoted) number is judged by
    /// its text as written, not by what YAML made of it: `1.250` would be
    /// the decimal 1.25 to YAML, but 1 250 to a Dutch author, so it is an
    /// error that asks for quotes.
    pub fn money(
        &self,
        key: &str,
        value: Option<&At<Scalar>>,
        unit: MoneyUnit,
        diags: &mut Diagnostics,
    ) -> Option<Money> {
        let value = value?;
        let written = self.src.raw(value);
        let plain = written.filter(|w| !w.starts_with(['"', '\'']));
        let parsed = match (&value.value, plain) {
            (Scalar::Text(t), _) => Money::parse(t, unit),
            (_, Some(w)) if crate::model::money::is_ambiguous_dutch(w) => {
                let (problem, help) = crate::model::money::ambiguity(w, &value.as_text());
                diags.push(
                    self.src
                        .error(self.src.at(value), format!("`{w}` in `{key}` {problem}"))
                        .with_help(help),
                );
                return None;
            }
            (_, Some(w)) => Money::parse(w, unit),
            (Scalar::Int(i), None) => Money::from_number(*i as f64, unit),
            (Scalar::Float(f), None) => Money::from_number(*f, unit),
        };
        parsed
            .map_err(|e| {
                diags.push(
                    self.src
                        .error(self.src.at(value), format!("{e} (in `{key}`)"))
                        .with_help(MONEY_FORMS),
                )
            })
            .ok()
    }

    /// Builds a finance table, computes its totals and reports stated
    /// totals that do not match their parts.
    pub fn table(
        &self,
        t: &TableInput,
        resolver: &Resolver,
        diags: &mut Diagnostics,
    ) -> Option<FinanceTable> {
        let unit = self.unit(t.unit.as_ref(), diags);
        let shape: Vec<(Option<String>, bool)> = t
            .rows
            .iter()
            .map(|r| (r.id.clone(), r.sum.is_some()))
            .collect();
        let mut notes = Notes::read(self.src, t, diags);
        let mut rows = Vec::new();
        let mut ok = true;
        for (i, r) in t.rows.iter().enumerate() {
            let (values, complete) = self.row_values(t, r, unit, &mut notes, diags);
            ok &= complete;
            let row_notes = notes.resolve(self.src, &r.notes, diags);
            let theme = r
                .theme
                .as_ref()
                .and_then(|th| resolver.resolve(Kind::Thema, th, self.src, "theme", diags));
            let story = r
                .story
                .as_ref()
                .and_then(|st| resolver.resolve(Kind::Story, st, self.src, "story", diags));
            let Some(kind) = self.row_kind(t, (i, r), &shape, values, diags) else {
                ok = false;
                continue;
            };
            rows.push(TableRow {
                id: r.id.clone(),
                label: r.label.value.clone(),
                theme,
                story,
                notes: row_notes,
                kind,
            });
        }
        notes.warn_unused(self.src, t, diags);
        if !ok {
            return None;
        }
        let mut table = FinanceTable {
            id: t.id.clone(),
            title: t.title.clone(),
            unit,
            columns: t.columns.clone(),
            rows,
            note: t.note.clone(),
            notes: notes.list,
        };
        let mut problems = table.compute_totals();
        problems.extend(table.check_totals());
        for problem in &problems {
            diags.push(self.total_problem(t, &table, problem));
        }
        self.check_acknowledged(t, &table, diags);
        Some(table)
    }

    /// The acknowledgement of a total row, its columns found by their
    /// headers (an unknown one is an error at its place).
    fn acknowledged(
        &self,
        t: &TableInput,
        a: &At<AcknowledgedInput>,
        diags: &mut Diagnostics,
    ) -> Acknowledged {
        let headers: Vec<String> = t.columns.clone();
        let columns = a
            .columns
            .iter()
            .filter_map(|col| {
                let found = headers.iter().position(|h| *h == col.value);
                if found.is_none() {
                    diags.push(
                        self.src
                            .error(
                                self.src.at(col),
                                format!(
                                    "unknown column `{}` in `acknowledged` of table `{}`",
                                    col.value, t.id
                                ),
                            )
                            .with_help(crate::suggest::valid_values_help(col, &headers)),
                    );
                }
                found
            })
            .collect();
        Acknowledged {
            columns,
            reason: a.reason.clone(),
        }
    }

    /// An acknowledged total must be a total with stated values that
    /// differ from its parts; one that matches them needs no
    /// acknowledgement (a warning: the text would claim a difference).
    fn check_acknowledged(&self, t: &TableInput, table: &FinanceTable, diags: &mut Diagnostics) {
        let src = self.src;
        for (r, (input, row)) in t.rows.iter().zip(&table.rows).enumerate() {
            let Some(at) = &input.acknowledged else {
                continue;
            };
            let stated = matches!(
                &row.kind,
                RowKind::Sum {
                    stated: Some(_),
                    ..
                }
            );
            if !stated {
                diags.push(
                    src.error(src.at(at), format!("`acknowledged` on row `{}` of table `{}`, which states no total", row.label, t.id))
                        .with_help("`acknowledged` belongs on a total row (`sum:`) whose `values` are printed in the document but differ from its parts"),
                );
            } else {
                let differs = table.differences(r);
                for col in &at.columns {
                    let Some(c) = table.columns.iter().position(|h| *h == col.value) else {
                        continue; // reported when the row was read
                    };
                    if !differs.contains(&c) {
                        diags.push(
                            src.warning(src.at(col), format!("total `{}` ({}) of table `{}` is acknowledged as different, but it equals its parts", row.label, col.value, t.id))
                                .with_help("leave this column out of `acknowledged`: its stated total is correct"),
                        );
                    }
                }
            }
        }
    }

    /// The cells of a row, when it has `values`, and whether it has one
    /// per column.
    fn row_values(
        &self,
        t: &TableInput,
        r: &RowInput,
        unit: MoneyUnit,
        notes: &mut Notes,
        diags: &mut Diagnostics,
    ) -> (Option<Vec<TableCell>>, bool) {
        let src = self.src;
        let width = t.columns.len();
        let Some(cells) = r.values.as_ref() else {
            return (None, true);
        };
        let complete = cells.len() == width;
        if !complete {
            diags.push(
                src.error(src.at(&r.label), format!(
                    "row `{}` of table `{}` has {} values for {} columns",
                    r.label.value,
                    t.id,
                    cells.len(),
                    width
                ))
                .with_help("give one value per column; write null (or ~) for an empty cell and PM for an unknown amount"),
            );
        }
        let values = cells
            .iter()
            .map(|c| {
                c.as_ref()
                    .map(|c| self.cell(t, r, c, unit, notes, diags))
                    .unwrap_or_default()
            })
            .collect();
        (Some(values), complete)
    }

    /// One cell: a plain value, or a map with an amount (or none) and the
    /// notes it refers to. A total's stated values refer to no note: the
    /// marker of a total belongs on its row (the row keeps only the
    /// amounts of its stated values).
    fn cell(
        &self,
        t: &TableInput,
        r: &RowInput,
        c: &At<CellInput>,
        unit: MoneyUnit,
        notes: &mut Notes,
        diags: &mut Diagnostics,
    ) -> TableCell {
        let src = self.src;
        let n = match &c.value {
            CellInput::Plain(v) => {
                return TableCell::of(self.money("values", Some(&c.with(v.clone())), unit, diags))
            }
            CellInput::Noted(n) => n,
        };
        let problem = match (&n.note, n.notes.is_empty()) {
            _ if r.sum.is_some() => Some((
                format!("the stated total `{}` of table `{}` refers to a note", r.label.value, t.id),
                "put the marker on the row instead: `notes: [<id>]`, next to `sum:`",
            )),
            (Some(_), false) => Some((
                format!("a cell of row `{}` of table `{}` has both `note` and `notes`", r.label.value, t.id),
                "write one note as `note: 2`, or several as `notes: [3a, 3b]`",
            )),
            (None, true) => Some((
                format!("a cell of row `{}` of table `{}` is a map without a note", r.label.value, t.id),
                "a cell written as a map refers to a note: `{amount: 135, note: 2}`, or `{note: 4}` for no amount; write a plain amount otherwise",
            )),
            _ => None,
        };
        // Reported, and read all the same: no total is then reported
        // wrong because of it.
        if let Some((message, help)) = problem {
            diags.push(src.error(src.at(c), message).with_help(help));
        }
        TableCell {
            money: self.money("values", n.amount.as_ref(), unit, diags),
            notes: notes.resolve(src, n.note.iter().chain(&n.notes), diags),
        }
    }

    /// What row `i` is: values, or a sum of other rows (with the values
    /// it states as its total); None, reported, when it is neither.
    fn row_kind(
        &self,
        t: &TableInput,
        (i, r): (usize, &RowInput),
        shape: &[(Option<String>, bool)],
        values: Option<Vec<TableCell>>,
        diags: &mut Diagnostics,
    ) -> Option<RowKind> {
        let src = self.src;
        let Some(sum_at) = r.sum.as_ref() else {
            if values.is_none() {
                diags.push(
                    src.error(
                        src.at(&r.label),
                        format!(
                            "row `{}` of table `{}` has no `values`",
                            r.label.value, t.id
                        ),
                    )
                    .with_help(
                        "add `values:` with one cell per column, or `sum:` to make it a total row",
                    ),
                );
            }
            return values.map(RowKind::Values);
        };
        let spec = match &sum_at.value {
            SumInput::Keyword(k) if k == "all" => SumSpec::All,
            SumInput::Keyword(k) if k == "above" => SumSpec::Above,
            SumInput::Keyword(k) => SumSpec::Rows(vec![k.clone()]),
            SumInput::Rows(ids) => SumSpec::Rows(ids.clone()),
        };
        match FinanceTable::resolve_parts(shape, i, &spec) {
            Ok(parts) => Some(RowKind::Sum {
                parts,
                computed: Vec::new(),
                stated: values.map(|cells| cells.into_iter().map(|c| c.money).collect()),
                acknowledged: r
                    .acknowledged
                    .as_ref()
                    .map(|a| self.acknowledged(t, a, diags)),
            }),
            Err(missing) => {
                let ids: Vec<String> = shape.iter().filter_map(|(id, _)| id.clone()).collect();
                diags.push(
                    src.error(
                        src.at(sum_at),
                        format!("unknown row `{missing}` in `sum` of table `{}`", t.id),
                    )
                    .with_help(format!(
                        "use `all`, `above` or ids of rows in this table; {}",
                        crate::suggest::valid_values_help(&missing, &ids)
                    )),
                );
                None
            }
        }
    }

    fn total_problem(
        &self,
        input: &TableInput,
        table: &FinanceTable,
        problem: &TotalProblem,
    ) -> crate::error::Diagnostic {
        let src = self.src;
        let at = |row: usize| src.at(&input.rows[row].label);
        let label = |row: usize| table.rows[row].label.as_str();
        match problem {
            TotalProblem::Mismatch { row, column, stated, computed } => src
                .error(at(*row), format!(
                    "total `{}` ({}) of table `{}` states {stated}, but its parts add up to {}",
                    label(*row), table.columns[*column], table.id, format_euros(computed.known_cents)
                ))
                .with_help("correct the stated total or the parts; leave `values` out to let koers compute the total"),
            TotalProblem::PmSummed { row, column, stated, computed } => src
                .error(at(*row), format!(
                    "total `{}` ({}) of table `{}` states {stated}, but {}",
                    label(*row), table.columns[*column], table.id,
                    match computed.noted_parts {
                        0 => format!("{} of its parts are PM: PM was counted as zero", computed.pm_parts),
                        n => format!(
                            "{} of its parts have no amount ({n} only a note, {} PM): they were counted as zero",
                            computed.pm_parts, computed.pm_parts - n
                        ),
                    }
                ))
                .with_help(format!(
                    "the known parts add up to {}; state the total as PM, or leave `values` out so koers shows \"{} + PM\"",
                    format_euros(computed.known_cents),
                    format_euros(computed.known_cents)
                )),
            TotalProblem::Cycle { rows } => {
                let names: Vec<String> = rows
                    .iter()
                    .chain(rows.first())
                    .map(|r| format!("`{}`", label(*r)))
                    .collect();
                src.error(at(rows[0]), format!(
                    "the totals of table `{}` add up each other: {}",
                    table.id, names.join(" -> ")
                ))
                .with_help("a total can add up rows and other totals, but never itself, directly or through another total")
            }
            TotalProblem::Overflow { row, column } => src
                .error(at(*row), format!(
                    "total `{}` ({}) of table `{}` adds up to more than koers can hold as an amount",
                    label(*row), table.columns[*column], table.id
                ))
                .with_help("check the amounts and the table's `unit`: no public budget comes near this"),
            TotalProblem::NoParts { row } => src
                .error(at(*row), format!(
                    "total `{}` of table `{}` has no rows to add up",
                    label(*row), table.id
                ))
                .with_help("`above` adds the value rows since the previous total; put the total below its rows, or name the rows in `sum`"),
        }
    }
}

/// The notes of one table while its rows are read: which are referred to.
struct Notes {
    table: String,
    list: Vec<TableNote>,
    /// Per note of `list`: its index in the input and whether a cell or a
    /// row refers to it.
    input: Vec<usize>,
    used: Vec<bool>,
}

impl Notes {
    /// The notes of `t`; an id that is no marker, a repeated id and a note
    /// without text are errors at their place.
    fn read(src: &SourceFile, t: &TableInput, diags: &mut Diagnostics) -> Notes {
        let mut notes = Notes {
            table: t.id.clone(),
            list: Vec::new(),
            input: Vec::new(),
            used: Vec::new(),
        };
        for (i, n) in t.notes.iter().enumerate() {
            let id = n.id.trim().to_string();
            let problem = if !is_note_id(&id) {
                Some((
                    format!("note id `{id}` of table `{}` is not a marker", t.id),
                    "write the marker as printed, without brackets: letters and digits (and `.` or `-`), such as 2 or 3a",
                ))
            } else if notes.list.iter().any(|m| m.id == id) {
                Some((
                    format!("note `{id}` of table `{}` is defined twice", t.id),
                    "give each note of a table its own id",
                ))
            } else if n.text.trim().is_empty() {
                Some((
                    format!("note `{id}` of table `{}` has no text", t.id),
                    "write what the note says under `text:`",
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                diags.push(src.error(src.at(&n.id), message).with_help(help));
                continue;
            }
            notes.list.push(TableNote {
                id,
                text: n.text.trim().to_string(),
            });
            notes.input.push(i);
            notes.used.push(false);
        }
        notes
    }

    /// The ids that `refs` name, marked as used; an unknown id is an error
    /// at its place that suggests the nearest.
    fn resolve<'r>(
        &mut self,
        src: &SourceFile,
        refs: impl IntoIterator<Item = &'r At<String>>,
        diags: &mut Diagnostics,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for r in refs {
            let id = r.trim().to_string();
            match self.list.iter().position(|n| n.id == id) {
                Some(i) => {
                    self.used[i] = true;
                    out.push(id);
                }
                None => {
                    let ids: Vec<String> = self.list.iter().map(|n| n.id.clone()).collect();
                    diags.push(
                        src.error(
                            src.at(r),
                            format!("unknown note `{id}` in table `{}`", self.table),
                        )
                        .with_help(format!(
                            "a note is defined under `notes:` of the table, with `id` and `text`; {}",
                            crate::suggest::valid_values_help(&id, &ids)
                        )),
                    );
                }
            }
        }
        out
    }

    /// A note that no cell or row refers to is a warning: its marker is
    /// missing from the table, or the note is left over.
    fn warn_unused(&self, src: &SourceFile, t: &TableInput, diags: &mut Diagnostics) {
        for ((note, used), i) in self.list.iter().zip(&self.used).zip(&self.input) {
            if !used {
                diags.push(
                    src.warning(
                        src.at(&t.notes[*i].id),
                        format!("note `{}` of table `{}` is not referred to", note.id, t.id),
                    )
                    .with_help("refer to it from a cell (`{amount: 135, note: 2}`) or a row (`notes: [2]`), or remove it"),
                );
            }
        }
    }
}

/// A note's marker as printed, without brackets: `2`, `3a`, `NB1`, `1.2`.
fn is_note_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 16
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}
