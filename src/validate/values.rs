//! Typed values read from front matter: dates, money, units and finance
//! tables, each error placed at the value's line.

use super::refs::{Kind, Resolver};
use crate::error::Diagnostics;
use crate::load::input::{Scalar, SumInput, TableInput};
use crate::load::source::SourceFile;
use crate::model::date::{FuzzyDate, DATE_FORMS};
use crate::model::money::{format_euros, Money, MoneyUnit, MONEY_FORMS};
use crate::model::table::{FinanceTable, RowKind, SumSpec, TableRow, TotalProblem};

/// Reads values of one source file.
pub struct Values<'a> {
    src: &'a SourceFile,
}

impl<'a> Values<'a> {
    pub fn new(src: &'a SourceFile) -> Self {
        Values { src }
    }

    pub fn date(
        &self,
        key: &str,
        value: Option<&Scalar>,
        diags: &mut Diagnostics,
    ) -> Option<FuzzyDate> {
        let text = value?.as_text();
        FuzzyDate::parse(&text).or_else(|| {
            diags.push(
                self.src
                    .error(
                        self.src.locate(Some(key), &text),
                        format!("`{text}` in `{key}` is not a date (or that day does not exist)"),
                    )
                    .with_help(DATE_FORMS),
            );
            None
        })
    }

    pub fn unit(&self, value: Option<&str>, diags: &mut Diagnostics) -> MoneyUnit {
        let Some(text) = value else {
            return MoneyUnit::Euro;
        };
        MoneyUnit::parse(text).unwrap_or_else(|| {
            diags.push(
                self.src
                    .error(
                        self.src.locate(Some("unit"), text),
                        format!("unknown money unit `{text}`"),
                    )
                    .with_help("use euro, k€ (thousands) or mln (millions)"),
            );
            MoneyUnit::Euro
        })
    }

    pub fn money(
        &self,
        key: &str,
        value: Option<&Scalar>,
        unit: MoneyUnit,
        diags: &mut Diagnostics,
    ) -> Option<Money> {
        let value = value?;
        let parsed = match value {
            Scalar::Int(i) => Money::from_number(*i as f64, unit),
            Scalar::Float(f) => Money::from_number(*f, unit),
            Scalar::Text(t) => Money::parse(t, unit),
        };
        parsed
            .map_err(|e| {
                let text = value.as_text();
                diags.push(
                    self.src
                        .error(
                            self.src.locate(Some(key), &text),
                            format!("{e} (in `{key}`)"),
                        )
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
        let src = self.src;
        let unit = self.unit(t.unit.as_deref(), diags);
        let width = t.columns.len();
        let shape: Vec<(Option<String>, bool)> = t
            .rows
            .iter()
            .map(|r| (r.id.clone(), r.sum.is_some()))
            .collect();
        let mut rows = Vec::new();
        let mut ok = true;
        for (i, r) in t.rows.iter().enumerate() {
            let values = r.values.as_ref().map(|cells| {
                if cells.len() != width {
                    ok = false;
                    diags.push(
                        src.error(src.locate(Some("label"), &r.label), format!(
                            "row `{}` of table `{}` has {} values for {} columns",
                            r.label,
                            t.id,
                            cells.len(),
                            width
                        ))
                        .with_help("give one value per column; write null (or ~) for an empty cell and PM for an unknown amount"),
                    );
                }
                cells
                    .iter()
                    .map(|c| c.as_ref().and_then(|c| self.money("values", Some(c), unit, diags)))
                    .collect::<Vec<_>>()
            });
            let theme = r
                .theme
                .as_deref()
                .and_then(|th| resolver.resolve(Kind::Thema, th, src, "theme", diags));
            let kind = match &r.sum {
                None => match values {
                    Some(v) => RowKind::Values(v),
                    None => {
                        ok = false;
                        diags.push(
                            src.error(src.locate(Some("label"), &r.label), format!("row `{}` of table `{}` has no `values`", r.label, t.id))
                                .with_help("add `values:` with one cell per column, or `sum:` to make it a total row"),
                        );
                        continue;
                    }
                },
                Some(sum) => {
                    let spec = match sum {
                        SumInput::Keyword(k) if k == "all" => SumSpec::All,
                        SumInput::Keyword(k) if k == "above" => SumSpec::Above,
                        SumInput::Keyword(k) => SumSpec::Rows(vec![k.clone()]),
                        SumInput::Rows(ids) => SumSpec::Rows(ids.clone()),
                    };
                    match FinanceTable::resolve_parts(&shape, i, &spec) {
                        Ok(parts) => RowKind::Sum {
                            parts,
                            computed: Vec::new(),
                            stated: values,
                        },
                        Err(missing) => {
                            ok = false;
                            let ids: Vec<String> =
                                shape.iter().filter_map(|(id, _)| id.clone()).collect();
                            diags.push(
                                src.error(
                                    src.locate(Some("sum"), &missing),
                                    format!("unknown row `{missing}` in `sum` of table `{}`", t.id),
                                )
                                .with_help(format!(
                                    "use `all`, `above` or ids of rows in this table; {}",
                                    crate::suggest::valid_values_help(&missing, &ids)
                                )),
                            );
                            continue;
                        }
                    }
                }
            };
            rows.push(TableRow {
                id: r.id.clone(),
                label: r.label.clone(),
                theme,
                kind,
            });
        }
        if !ok {
            return None;
        }
        let mut table = FinanceTable {
            id: t.id.clone(),
            title: t.title.clone(),
            unit,
            columns: t.columns.iter().map(Scalar::as_text).collect(),
            rows,
            note: t.note.clone(),
        };
        table.compute_totals();
        for problem in table.check_totals() {
            diags.push(self.total_problem(&table, &problem));
        }
        Some(table)
    }

    fn total_problem(
        &self,
        table: &FinanceTable,
        problem: &TotalProblem,
    ) -> crate::error::Diagnostic {
        let src = self.src;
        let (row, column, stated, computed, pm) = match problem {
            TotalProblem::Mismatch {
                row,
                column,
                stated,
                computed,
            } => (*row, *column, *stated, *computed, false),
            TotalProblem::PmSummed {
                row,
                column,
                stated,
                computed,
            } => (*row, *column, *stated, *computed, true),
        };
        let label = &table.rows[row].label;
        let col = &table.columns[column];
        let pos = src.locate(Some("label"), label);
        let pos = crate::error::Position::new(pos.line, pos.column);
        if pm {
            src.error(pos, format!(
                "total `{label}` ({col}) of table `{}` states {stated}, but {} of its parts are PM: PM was counted as zero",
                table.id, computed.pm_parts
            ))
            .with_help(format!(
                "the known parts add up to {}; state the total as PM, or leave `values` out so koers shows \"{} + PM\"",
                format_euros(computed.known_cents),
                format_euros(computed.known_cents)
            ))
        } else {
            src.error(pos, format!(
                "total `{label}` ({col}) of table `{}` states {stated}, but its parts add up to {}",
                table.id,
                format_euros(computed.known_cents)
            ))
            .with_help("correct the stated total or the parts; leave `values` out to let koers compute the total")
        }
    }
}
