//! Finance tables: rows of money per column (years, phases, cost kinds),
//! with total rows that koers computes from their parts and checks against
//! the totals the content states.

use super::money::{Money, MoneyUnit, Total};

/// A validated money table.
#[derive(Debug, Clone)]
pub struct FinanceTable {
    pub id: String,
    pub title: String,
    pub unit: MoneyUnit,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TableRow {
    pub id: Option<String>,
    pub label: String,
    /// Theme this row is about, when it is.
    pub theme: Option<String>,
    pub kind: RowKind,
}

#[derive(Debug, Clone)]
pub enum RowKind {
    /// A row of parts: one cell per column, `None` for an empty cell.
    Values(Vec<Option<Money>>),
    /// A total row: which rows it adds up, the computed totals per column
    /// and, when the content states them, the stated values.
    Sum {
        parts: Vec<usize>,
        computed: Vec<Total>,
        stated: Option<Vec<Option<Money>>>,
    },
}

/// Which rows a total row adds up.
#[derive(Debug, Clone, PartialEq)]
pub enum SumSpec {
    /// Every value row of the table.
    All,
    /// The value rows since the previous total row.
    Above,
    /// The rows with these ids (value or total rows).
    Rows(Vec<String>),
}

/// A stated total that does not match its parts.
#[derive(Debug, Clone, PartialEq)]
pub enum TotalProblem {
    /// The stated amount differs from the sum of the parts.
    Mismatch {
        row: usize,
        column: usize,
        stated: Money,
        computed: Total,
    },
    /// A known amount is stated while some parts are PM: PM would have been
    /// counted as zero.
    PmSummed {
        row: usize,
        column: usize,
        stated: Money,
        computed: Total,
    },
}

impl FinanceTable {
    /// Indexes of the rows a total row at `at` adds up.
    pub fn resolve_parts(
        rows: &[(Option<String>, bool)],
        at: usize,
        spec: &SumSpec,
    ) -> Result<Vec<usize>, String> {
        match spec {
            SumSpec::All => Ok((0..at).filter(|i| !rows[*i].1).collect()),
            SumSpec::Above => {
                let start = (0..at).rev().find(|i| rows[*i].1).map_or(0, |i| i + 1);
                Ok((start..at).filter(|i| !rows[*i].1).collect())
            }
            SumSpec::Rows(ids) => ids
                .iter()
                .map(|id| {
                    rows.iter()
                        .position(|(rid, _)| rid.as_deref() == Some(id.as_str()))
                        .filter(|i| *i != at)
                        .ok_or_else(|| id.clone())
                })
                .collect(),
        }
    }

    /// The value of a cell as a total (a value row's cell is a total of one).
    pub fn cell_total(&self, row: usize, column: usize) -> Total {
        match &self.rows[row].kind {
            RowKind::Values(v) => Total::of([v.get(column).copied().flatten()]),
            RowKind::Sum { computed, .. } => computed.get(column).copied().unwrap_or_default(),
        }
    }

    /// Computes every total row (in order, so totals of totals work).
    pub fn compute_totals(&mut self) {
        for r in 0..self.rows.len() {
            let parts = match &self.rows[r].kind {
                RowKind::Sum { parts, .. } => parts.clone(),
                RowKind::Values(_) => continue,
            };
            let computed: Vec<Total> = (0..self.columns.len())
                .map(|c| {
                    let mut t = Total::default();
                    for p in &parts {
                        let part = self.cell_total(*p, c);
                        t.known_cents += part.known_cents;
                        t.pm_parts += part.pm_parts;
                        t.parts += part.parts;
                    }
                    t
                })
                .collect();
            if let RowKind::Sum { computed: slot, .. } = &mut self.rows[r].kind {
                *slot = computed;
            }
        }
    }

    /// Compares stated totals with computed ones.
    pub fn check_totals(&self) -> Vec<TotalProblem> {
        let mut problems = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let RowKind::Sum {
                computed,
                stated: Some(stated),
                ..
            } = &row.kind
            else {
                continue;
            };
            for (c, cell) in stated.iter().enumerate() {
                let (Some(stated), Some(computed)) = (cell, computed.get(c)) else {
                    continue;
                };
                match stated {
                    Money::Pm => {}
                    Money::Amount(cents) if computed.has_pm() => {
                        problems.push(TotalProblem::PmSummed {
                            row: r,
                            column: c,
                            stated: Money::Amount(*cents),
                            computed: *computed,
                        })
                    }
                    Money::Amount(cents) if *cents != computed.known_cents => {
                        problems.push(TotalProblem::Mismatch {
                            row: r,
                            column: c,
                            stated: Money::Amount(*cents),
                            computed: *computed,
                        })
                    }
                    Money::Amount(_) => {}
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(n: i64) -> Option<Money> {
        Some(Money::Amount(n * 100_000))
    }

    fn table(rows: Vec<TableRow>) -> FinanceTable {
        let mut t = FinanceTable {
            id: "t".into(),
            title: "T".into(),
            unit: MoneyUnit::Thousand,
            columns: vec!["a".into()],
            rows,
            note: None,
        };
        t.compute_totals();
        t
    }

    fn values(label: &str, v: Vec<Option<Money>>) -> TableRow {
        TableRow {
            id: Some(label.into()),
            label: label.into(),
            theme: None,
            kind: RowKind::Values(v),
        }
    }

    fn sum(parts: Vec<usize>, stated: Option<Money>) -> TableRow {
        TableRow {
            id: None,
            label: "Totaal".into(),
            theme: None,
            kind: RowKind::Sum {
                parts,
                computed: vec![],
                stated: Some(vec![stated]),
            },
        }
    }

    #[test]
    fn a_stated_total_is_checked_against_its_parts() {
        // Plateau 4 plan: underspend rows add up to 944k, printed as 856k.
        let t = table(vec![
            values("a", vec![k(500)]),
            values("b", vec![k(444)]),
            sum(vec![0, 1], k(856)),
        ]);
        let problems = t.check_totals();
        assert_eq!(problems.len(), 1);
        match &problems[0] {
            TotalProblem::Mismatch { computed, .. } => {
                assert_eq!(computed.known_cents, 944 * 100_000)
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn pm_in_the_parts_of_a_known_total_is_a_problem() {
        let t = table(vec![
            values("a", vec![k(600)]),
            values("b", vec![Some(Money::Pm)]),
            sum(vec![0, 1], k(600)),
        ]);
        assert!(matches!(t.check_totals()[0], TotalProblem::PmSummed { .. }));
    }

    #[test]
    fn matching_totals_and_pm_totals_pass() {
        let t = table(vec![
            values("a", vec![k(600)]),
            values("b", vec![Some(Money::Pm)]),
            sum(vec![0, 1], Some(Money::Pm)),
            values("c", vec![k(1)]),
            sum(vec![3], k(1)),
        ]);
        assert!(t.check_totals().is_empty());
    }

    #[test]
    fn above_sums_since_the_previous_total() {
        let rows = vec![
            (Some("a".to_string()), false),
            (None, true),
            (Some("b".to_string()), false),
            (Some("c".to_string()), false),
        ];
        assert_eq!(
            FinanceTable::resolve_parts(&rows, 4, &SumSpec::Above),
            Ok(vec![2, 3])
        );
        assert_eq!(
            FinanceTable::resolve_parts(&rows, 4, &SumSpec::All),
            Ok(vec![0, 2, 3])
        );
        assert_eq!(
            FinanceTable::resolve_parts(&rows, 4, &SumSpec::Rows(vec!["x".into()])),
            Err("x".to_string())
        );
    }
}
