//! Finance tables: rows of money per column (years, phases, cost kinds),
//! with total rows that koers computes from their parts and checks against
//! the totals the content states. Cells and rows may refer to the
//! table's notes (the markers "(2)" and "(3a)" of a printed table): a cell
//! is an amount, PM, empty, or a reference to a note without an amount.

use super::money::{Money, MoneyUnit, Total};

/// The name of the dataset of a publication's finance table.
pub fn publication_dataset(publication: &str, id: &str) -> String {
    format!("{publication}-{id}")
}

/// The name of the dataset of a scenario's costs.
pub fn scenario_dataset(scenario: &str, id: &str) -> String {
    format!("scenario-{scenario}-{id}")
}

/// A validated money table.
#[derive(Debug, Clone)]
pub struct FinanceTable {
    pub id: String,
    pub title: String,
    pub unit: MoneyUnit,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    pub note: Option<String>,
    /// The table's notes, in their order: what its markers refer to.
    pub notes: Vec<TableNote>,
}

/// A note of a table: its marker as printed ("2", "3a") and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableNote {
    pub id: String,
    pub text: String,
}

/// One cell of a value row: its amount (`None` for an empty cell, or for a
/// cell that gives only a note) and the ids of the notes it refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableCell {
    pub money: Option<Money>,
    pub notes: Vec<String>,
}

impl TableCell {
    /// A cell with an amount (or PM, or empty) and no note.
    pub fn of(money: Option<Money>) -> TableCell {
        TableCell {
            money,
            notes: Vec::new(),
        }
    }

    /// True when the cell gives no amount, only a note ("(4)"): not PM,
    /// not zero, and not empty.
    pub fn note_only(&self) -> bool {
        self.money.is_none() && !self.notes.is_empty()
    }

    /// The cell as a total of one: a note-only cell is a part whose
    /// amount is not known (counted like PM, never as zero).
    pub fn total(&self) -> Total {
        let mut t = Total::of([self.money]);
        if self.note_only() {
            t.add_noted();
        }
        t
    }
}

#[derive(Debug, Clone)]
pub struct TableRow {
    pub id: Option<String>,
    pub label: String,
    /// Theme this row is about, when it is.
    pub theme: Option<String>,
    /// Id of the story this row is about, when it is: the story's page
    /// shows the row's amounts with the plan they come from.
    pub story: Option<String>,
    /// Ids of the notes the row as a whole refers to (a marker printed
    /// after its label).
    pub notes: Vec<String>,
    pub kind: RowKind,
}

#[derive(Debug, Clone)]
pub enum RowKind {
    /// A row of parts: one cell per column.
    Values(Vec<TableCell>),
    /// A total row: which rows it adds up, the computed totals per column
    /// and, when the content states them, the stated values.
    Sum {
        parts: Vec<usize>,
        computed: Vec<Total>,
        stated: Option<Vec<Option<Money>>>,
        /// The content knows that stated values differ from the parts (a
        /// document published as adopted): where, and why.
        acknowledged: Option<Acknowledged>,
    },
}

/// Printed totals published as adopted although they differ from their
/// parts: the columns (by position) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledged {
    pub columns: Vec<usize>,
    pub reason: String,
}

/// True when two cycles hold the same rows (found from different starts).
fn same_cycle(a: &[usize], b: &[usize]) -> bool {
    a.len() == b.len() && a.iter().all(|r| b.contains(r))
}

/// Which rows a total row adds up.
#[derive(Debug, Clone, PartialEq)]
pub enum SumSpec {
    /// Every value row of the table, above or below the total.
    All,
    /// The value rows since the previous total row.
    Above,
    /// The rows with these ids (value or total rows).
    Rows(Vec<String>),
}

/// What a total row shows in a column, on the page, in the PDF and in the
/// open data alike: the sum of its parts (which the build has checked
/// against a stated amount), or, over no parts (empty cells only), the
/// amount the content states (a printed 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShownTotal<'t> {
    Stated(Money),
    Sum(&'t Total),
}

impl<'t> ShownTotal<'t> {
    pub fn of(computed: &'t Total, stated: Option<Money>) -> Self {
        match stated {
            Some(m) if computed.parts == 0 => ShownTotal::Stated(m),
            _ => ShownTotal::Sum(computed),
        }
    }
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
    /// A known amount is stated while some parts are PM or give only a
    /// note: their unknown amounts would have been counted as zero.
    PmSummed {
        row: usize,
        column: usize,
        stated: Money,
        computed: Total,
    },
    /// Total rows that add up each other, directly or through others:
    /// `rows` in the order of the cycle, starting at the first of them.
    Cycle { rows: Vec<usize> },
    /// The parts add up beyond the range of money.
    Overflow { row: usize, column: usize },
    /// A total row with no rows to add up (`above` right below another
    /// total, or at the top).
    NoParts { row: usize },
}

impl FinanceTable {
    /// Indexes of the rows a total row at `at` adds up.
    pub fn resolve_parts(
        rows: &[(Option<String>, bool)],
        at: usize,
        spec: &SumSpec,
    ) -> Result<Vec<usize>, String> {
        match spec {
            SumSpec::All => Ok((0..rows.len()).filter(|i| !rows[*i].1).collect()),
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
            RowKind::Values(v) => v.get(column).map(TableCell::total).unwrap_or_default(),
            RowKind::Sum { computed, .. } => computed.get(column).copied().unwrap_or_default(),
        }
    }

    /// Computes every total row, each after the rows it adds up (a total
    /// may add up totals below it). Totals that add up each other are
    /// left uncomputed and returned as [`TotalProblem::Cycle`]s, so that no
    /// total is ever shown as a silent zero.
    pub fn compute_totals(&mut self) -> Vec<TotalProblem> {
        let order = self.total_order();
        let mut problems = Vec::new();
        for step in order {
            match step {
                Ok(r) => self.compute_total(r),
                Err(rows) => problems.push(TotalProblem::Cycle { rows }),
            }
        }
        problems
    }

    /// Total rows in an order where every total comes after the totals it
    /// adds up (a depth-first walk); a cycle is an `Err` with its rows.
    fn total_order(&self) -> Vec<Result<usize, Vec<usize>>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Walking,
            Done,
        }
        let mut marks = vec![Mark::New; self.rows.len()];
        let mut out = Vec::new();
        for start in 0..self.rows.len() {
            if marks[start] != Mark::New || !self.is_total(start) {
                continue;
            }
            // An explicit stack: (row, index of the next part to visit).
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            marks[start] = Mark::Walking;
            while let Some(&mut (row, ref mut next)) = stack.last_mut() {
                let parts = self.parts_of(row);
                match parts.get(*next).copied() {
                    Some(part) => {
                        *next += 1;
                        if !self.is_total(part) {
                            continue;
                        }
                        match marks[part] {
                            Mark::New => {
                                marks[part] = Mark::Walking;
                                stack.push((part, 0));
                            }
                            Mark::Walking => {
                                let from = stack.iter().position(|(r, _)| *r == part).unwrap_or(0);
                                let cycle: Vec<usize> =
                                    stack[from..].iter().map(|(r, _)| *r).collect();
                                if !out.iter().any(|o: &Result<usize, Vec<usize>>| {
                                    o.as_ref().err().is_some_and(|c| same_cycle(c, &cycle))
                                }) {
                                    out.push(Err(cycle));
                                }
                            }
                            Mark::Done => {}
                        }
                    }
                    None => {
                        marks[row] = Mark::Done;
                        stack.pop();
                        out.push(Ok(row));
                    }
                }
            }
        }
        let in_cycle: Vec<usize> = out
            .iter()
            .filter_map(|o| o.as_ref().err())
            .flatten()
            .copied()
            .collect();
        // A total in a cycle, or built on one, cannot be computed.
        let mut blocked = in_cycle.clone();
        out.into_iter()
            .filter(|o| match o {
                Ok(r) => {
                    let ok = !blocked.contains(r)
                        && !self.parts_of(*r).iter().any(|p| blocked.contains(p));
                    if !ok {
                        blocked.push(*r);
                    }
                    ok
                }
                Err(_) => true,
            })
            .collect()
    }

    fn is_total(&self, row: usize) -> bool {
        matches!(self.rows[row].kind, RowKind::Sum { .. })
    }

    fn parts_of(&self, row: usize) -> &[usize] {
        match &self.rows[row].kind {
            RowKind::Sum { parts, .. } => parts,
            RowKind::Values(_) => &[],
        }
    }

    fn compute_total(&mut self, r: usize) {
        let parts = self.parts_of(r).to_vec();
        let computed: Vec<Total> = (0..self.columns.len())
            .map(|c| {
                let mut t = Total::default();
                for p in &parts {
                    t.add_total(&self.cell_total(*p, c));
                }
                t
            })
            .collect();
        if let RowKind::Sum { computed: slot, .. } = &mut self.rows[r].kind {
            *slot = computed;
        }
    }

    /// The columns where total row `r`'s stated value differs from its
    /// computed one (a known amount against its known parts, or PM parts
    /// summed as zero).
    pub fn differences(&self, r: usize) -> Vec<usize> {
        let RowKind::Sum {
            computed,
            stated: Some(stated),
            ..
        } = &self.rows[r].kind
        else {
            return Vec::new();
        };
        stated
            .iter()
            .zip(computed)
            .enumerate()
            .filter(|(_, (s, c))| match s {
                Some(Money::Amount(cents)) => c.has_pm() || *cents != c.known_cents,
                // PM where the parts are all known (see check_totals).
                Some(Money::Pm) => !c.has_pm() && c.parts > 0,
                None => false,
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Compares stated totals with computed ones, and reports totals
    /// without parts and sums beyond the range of money.
    pub fn check_totals(&self) -> Vec<TotalProblem> {
        let mut problems = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            if let RowKind::Sum {
                parts, computed, ..
            } = &row.kind
            {
                if parts.is_empty() {
                    problems.push(TotalProblem::NoParts { row: r });
                }
                if let Some(c) = computed.iter().position(|t| t.overflow) {
                    problems.push(TotalProblem::Overflow { row: r, column: c });
                }
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            let RowKind::Sum {
                computed,
                stated: Some(stated),
                acknowledged,
                ..
            } = &row.kind
            else {
                continue;
            };
            let accepted = |c: usize| {
                acknowledged
                    .as_ref()
                    .is_some_and(|a| a.columns.contains(&c))
            };
            for (c, cell) in stated.iter().enumerate().filter(|(c, _)| !accepted(*c)) {
                let (Some(stated), Some(computed)) = (cell, computed.get(c)) else {
                    continue;
                };
                if computed.overflow {
                    continue;
                }
                match stated {
                    // PM over parts that are all known says the total is
                    // unknown where the parts say what it is.
                    Money::Pm if !computed.has_pm() && computed.parts > 0 => {
                        problems.push(TotalProblem::Mismatch {
                            row: r,
                            column: c,
                            stated: Money::Pm,
                            computed: *computed,
                        })
                    }
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
            notes: Vec::new(),
        };
        assert!(t.compute_totals().is_empty());
        t
    }

    fn values(label: &str, v: Vec<Option<Money>>) -> TableRow {
        TableRow {
            id: Some(label.into()),
            label: label.into(),
            theme: None,
            story: None,
            notes: Vec::new(),
            kind: RowKind::Values(v.into_iter().map(TableCell::of).collect()),
        }
    }

    fn sum(parts: Vec<usize>, stated: Option<Money>) -> TableRow {
        TableRow {
            id: None,
            label: "Totaal".into(),
            theme: None,
            story: None,
            notes: Vec::new(),
            kind: RowKind::Sum {
                acknowledged: None,
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
    fn pm_stated_over_parts_that_are_all_known_is_a_problem() {
        // 100 + 200 is known: a total printed as PM contradicts its parts.
        let t = table(vec![
            values("a", vec![k(100)]),
            values("b", vec![k(200)]),
            sum(vec![0, 1], Some(Money::Pm)),
        ]);
        match &t.check_totals()[..] {
            [TotalProblem::Mismatch {
                stated, computed, ..
            }] => {
                assert_eq!(*stated, Money::Pm);
                assert_eq!(computed.known_cents, 300 * 100_000);
            }
            other => panic!("unexpected {other:?}"),
        }
        // Acknowledged as printed, it is a difference the page shows.
        assert_eq!(t.differences(2), [0]);
        // The page, the PDF and the open data show the sum of the parts.
        let RowKind::Sum { computed, .. } = &t.rows[2].kind else {
            panic!("a total row")
        };
        assert!(matches!(
            ShownTotal::of(&computed[0], Some(Money::Pm)),
            ShownTotal::Sum(total) if total.known_cents == 300 * 100_000
        ));
        // Over empty cells only, the printed amount is shown.
        let empty = Total::default();
        assert_eq!(
            ShownTotal::of(&empty, Some(Money::Amount(0))),
            ShownTotal::Stated(Money::Amount(0))
        );
    }

    #[test]
    fn a_cell_with_only_a_note_is_summed_like_pm() {
        // Annex 1, scenario Niets, one-off: Data "(1)", Dienstverlening
        // "135 (2)", Bedrijfsvoering "(4)".
        let noted = |id: &str| TableRow {
            kind: RowKind::Values(vec![TableCell {
                money: None,
                notes: vec![id.into()],
            }]),
            ..values(id, vec![])
        };
        let t = table(vec![
            noted("1"),
            values("2", vec![k(135)]),
            noted("4"),
            sum(vec![0, 1, 2], k(135)),
        ]);
        let total = t.cell_total(3, 0);
        assert_eq!((total.known_cents, total.pm_parts), (135 * 100_000, 2));
        assert_eq!(total.noted_parts, 2);
        assert!(matches!(
            t.check_totals()[..],
            [TotalProblem::PmSummed { .. }]
        ));
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
            FinanceTable::resolve_parts(&rows, 1, &SumSpec::All),
            Ok(vec![0, 2, 3])
        );
        assert_eq!(
            FinanceTable::resolve_parts(&rows, 4, &SumSpec::Rows(vec!["x".into()])),
            Err("x".to_string())
        );
    }

    fn total(id: &str, parts: Vec<usize>, stated: Option<Money>) -> TableRow {
        TableRow {
            id: Some(id.into()),
            ..sum(parts, stated)
        }
    }

    #[test]
    fn a_total_of_totals_below_it_is_computed_first() {
        // The grand total stands at the top and adds up two subtotals below.
        let t = table(vec![
            total("grand", vec![3, 4], k(1_520)),
            values("a", vec![k(500)]),
            values("b", vec![k(520)]),
            total("sub1", vec![1, 2], k(1_020)),
            total("sub2", vec![5], k(500)),
            values("c", vec![k(500)]),
        ]);
        assert_eq!(t.check_totals(), vec![]);
        assert_eq!(t.cell_total(0, 0).known_cents, 1_520 * 100_000);
    }

    #[test]
    fn totals_that_add_up_each_other_are_a_cycle_not_zero() {
        let mut t = FinanceTable {
            id: "t".into(),
            title: "T".into(),
            unit: MoneyUnit::Thousand,
            columns: vec!["a".into()],
            rows: vec![
                values("a", vec![k(5)]),
                total("x", vec![0, 2], None),
                total("y", vec![1], None),
                total("z", vec![2], None),
            ],
            note: None,
            notes: Vec::new(),
        };
        let problems = t.compute_totals();
        assert_eq!(problems, vec![TotalProblem::Cycle { rows: vec![1, 2] }]);
        // Neither the cycle nor the total built on it is shown as € 0.
        for r in 1..4 {
            assert!(
                matches!(&t.rows[r].kind, RowKind::Sum { computed, .. } if computed.is_empty())
            );
        }
    }

    #[test]
    fn a_total_with_nothing_to_add_up_is_a_problem() {
        let t = table(vec![sum(vec![], k(5)), values("a", vec![k(5)])]);
        assert!(t.check_totals().contains(&TotalProblem::NoParts { row: 0 }));
    }
}
