//! The views of finance tables: their rows, cells with notes, printed
//! totals published as adopted, and the notes listed under a table.

use super::*;
use crate::model::table::ShownTotal;

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRowView>,
    pub note: Option<String>,
    /// True when any cell or total involves PM (show the PM legend).
    pub has_pm: bool,
    /// True when a total row is acknowledged as printed (show the notes).
    pub acknowledged: bool,
    /// The table's notes in their order, each with links back to the
    /// cells and rows that refer to it.
    pub notes: Vec<TableNoteView>,
    /// True when a cell gives only a note, no amount (say what that means).
    pub has_note_only: bool,
    /// The table drawn as bars.
    pub chart: ChartView,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRowView {
    pub label: String,
    pub theme: Option<LinkView>,
    pub total: bool,
    /// The notes the row as a whole refers to (shown after its label).
    pub notes: Vec<NoteRefView>,
    /// The amounts; a total's as koers computes them from its parts.
    pub cells: Vec<TableCellView>,
    /// On an acknowledged total: per column, the printed figure where it
    /// differs from the computed one (absent elsewhere).
    pub printed: Vec<Option<MoneyView>>,
    /// Why the printed total differs, as the content says.
    pub acknowledged: Option<String>,
}

/// A cell of a finance table: its amount (the fields of a Money, so the
/// `money_cell` filter reads it) and the notes it refers to.
#[derive(Debug, Clone, Serialize)]
pub struct TableCellView {
    #[serde(flatten)]
    pub money: MoneyView,
    pub notes: Vec<NoteRefView>,
    /// True when the cell gives no amount, only notes: it shows only the
    /// markers (it is not PM, and not an empty cell).
    pub note_only: bool,
}

/// A marker in a finance table that links to its note.
#[derive(Debug, Clone, Serialize)]
pub struct NoteRefView {
    /// The marker as printed: "4", "3a".
    pub id: String,
    /// The link to the note under the table.
    pub href: String,
    /// The marker's own `id`: the note links back to it.
    pub anchor: String,
}

/// A note under a finance table.
#[derive(Debug, Clone, Serialize)]
pub struct TableNoteView {
    pub id: String,
    /// Its `id` in the page: `tabel-<table>-noot-<id>`, unique on a page
    /// with several tables.
    pub anchor: String,
    pub text: String,
    /// A link back to each place that refers to the note, labelled with
    /// the place (row, and column for a cell).
    pub back: Vec<LinkView>,
}

/// The amounts of a table row as shown: its values, or a total row's
/// computed totals. A total over empty cells only is shown as the content
/// states it (a printed 0), when it states one: the build has checked it.
pub(super) fn row_cells(r: &TableRow) -> Vec<MoneyView> {
    match &r.kind {
        RowKind::Values(v) => v.iter().map(|m| MoneyView::of(m.money)).collect(),
        RowKind::Sum {
            computed, stated, ..
        } => computed
            .iter()
            .enumerate()
            .map(|(c, total)| {
                let printed = stated.as_ref().and_then(|s| s.get(c).copied().flatten());
                match ShownTotal::of(total, printed) {
                    ShownTotal::Stated(m) => MoneyView::of(Some(m)),
                    ShownTotal::Sum(total) => MoneyView::of_total(total),
                }
            })
            .collect(),
    }
}

impl Views<'_> {
    pub fn table(&self, t: &FinanceTable) -> TableView {
        let mut notes: Vec<TableNoteView> = t
            .notes
            .iter()
            .map(|n| TableNoteView {
                id: n.id.clone(),
                anchor: format!("tabel-{}-noot-{}", t.id, n.id),
                text: n.text.clone(),
                back: Vec::new(),
            })
            .collect();
        // A marker at `place`: a link to its note, which links back.
        let mut refer = |ids: &[String], place: &str| -> Vec<NoteRefView> {
            ids.iter()
                .filter_map(|id| {
                    let note = notes.iter_mut().find(|n| n.id == *id)?;
                    let anchor = format!("{}-ref-{}", note.anchor, note.back.len() + 1);
                    note.back.push(LinkView {
                        title: self.strings.fill("table_note_back", &[("place", place)]),
                        url: format!("#{anchor}"),
                    });
                    Some(NoteRefView {
                        id: id.clone(),
                        href: format!("#{}", note.anchor),
                        anchor,
                    })
                })
                .collect()
        };
        let rows: Vec<TableRowView> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let row_notes = refer(&r.notes, &r.label);
                let cells = row_cells(r)
                    .into_iter()
                    .enumerate()
                    .map(|(c, money)| {
                        let cell = match &r.kind {
                            RowKind::Values(v) => v.get(c),
                            RowKind::Sum { .. } => None,
                        };
                        let place = format!("{}, {}", r.label, t.columns[c]);
                        TableCellView {
                            money,
                            notes: cell.map(|x| refer(&x.notes, &place)).unwrap_or_default(),
                            note_only: cell.is_some_and(|x| x.note_only()),
                        }
                    })
                    .collect();
                TableRowView {
                    printed: printed(t, i),
                    acknowledged: match &r.kind {
                        RowKind::Sum { acknowledged, .. } => {
                            acknowledged.as_ref().map(|a| a.reason.clone())
                        }
                        RowKind::Values(_) => None,
                    },
                    label: r.label.clone(),
                    theme: r
                        .theme
                        .as_deref()
                        .and_then(|id| self.site.thema(id))
                        .map(|th| self.link(&th.title, &th.url)),
                    total: matches!(r.kind, RowKind::Sum { .. }),
                    notes: row_notes,
                    cells,
                }
            })
            .collect();
        TableView {
            acknowledged: rows.iter().any(|r| r.acknowledged.is_some()),
            id: t.id.clone(),
            title: t.title.clone(),
            columns: t.columns.clone(),
            has_pm: rows.iter().any(|r| r.cells.iter().any(|c| c.money.pm)),
            has_note_only: rows.iter().any(|r| r.cells.iter().any(|c| c.note_only)),
            rows,
            note: t.note.clone(),
            notes,
            chart: self.figure(&crate::render::charts::finance_table(t, self.strings)),
        }
    }
}

/// The printed figures of an acknowledged total row `r` of `t`, where they
/// differ from the computed ones.
fn printed(t: &FinanceTable, r: usize) -> Vec<Option<MoneyView>> {
    let RowKind::Sum {
        stated: Some(stated),
        acknowledged: Some(acknowledged),
        ..
    } = &t.rows[r].kind
    else {
        return Vec::new();
    };
    let differs: Vec<usize> = t
        .differences(r)
        .into_iter()
        .filter(|c| acknowledged.columns.contains(c))
        .collect();
    stated
        .iter()
        .enumerate()
        .map(|(c, m)| differs.contains(&c).then(|| MoneyView::of(*m)))
        .collect()
}
