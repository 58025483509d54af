//! Status charts: a status level per category. Wide, a column per level
//! and the category's mark in its column; narrow (or when the columns'
//! headings do not fit), a row per category with its label above a scale
//! of the levels, the mark at its level and the level's name under it.

use super::primitives::{
    derived_height, derived_legend, label_width, level_shape, longest_word, text, text_width,
    wrap_label,
};
use super::{rgb, Area, Canvas, DrawResult, Frame, LINE_H};
use crate::chart::{Chart, ChartKind, LevelMark};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// Where the parts of a status chart go: in columns, a column per level
/// right of the labels; or listed, each label above its own scale of the
/// levels.
#[derive(Clone, Copy)]
enum Layout {
    Columns {
        /// The left of the first column, and the columns' width.
        x0: i32,
        col_w: i32,
        /// The width of a label.
        room: i32,
    },
    Listed,
}

/// The layout of a status chart at this width: columns when the drawing
/// is wide, each column has room for its heading's longest word, and the
/// labels left of them for theirs; else listed.
fn layout(chart: &Chart, marks: &[LevelMark], f: Frame) -> Layout {
    if f.narrow {
        return Layout::Listed;
    }
    let longest_heading_word = longest_word(marks.iter().map(|m| &m.label), true);
    let cols = marks.len().max(1) as i32;
    let col_w = (longest_heading_word + 14).max(60);
    let x0 = (f.width - 10 - cols * col_w).min(label_width(&chart.categories, f));
    if x0 < 120 || longest_word(chart.categories.iter(), false) + 16 > x0 {
        return Layout::Listed;
    }
    Layout::Columns {
        x0,
        col_w: (f.width - 10 - x0) / cols,
        room: x0 - 16,
    }
}

/// The lines of each level's column heading.
fn headings(marks: &[LevelMark], col_w: i32) -> Vec<Vec<String>> {
    marks
        .iter()
        .map(|m| wrap_label(&m.label, (col_w - 14) * 100 / 113))
        .collect()
}

/// The lines of a category's label.
fn label_lines(category: &str, layout: Layout, f: Frame) -> Vec<String> {
    match layout {
        Layout::Columns { room, .. } => wrap_label(category, room),
        Layout::Listed => wrap_label(category, f.width - 16),
    }
}

/// The height of one category's row.
fn row_height(category: &str, layout: Layout, f: Frame) -> i32 {
    let lines = label_lines(category, layout, f).len() as i32;
    match layout {
        Layout::Columns { .. } => (lines * LINE_H).max(30) + 12,
        Layout::Listed => (lines + 1) * LINE_H + 40,
    }
}

/// Where the rows start: under the column headings, if any.
fn rows_top(marks: &[LevelMark], layout: Layout) -> i32 {
    match layout {
        Layout::Columns { col_w, .. } => {
            let lines = headings(marks, col_w)
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1) as i32;
            lines * LINE_H + 12
        }
        Layout::Listed => 8,
    }
}

/// The levels of a status chart.
fn marks_of(chart: &Chart) -> &[LevelMark] {
    match &chart.kind {
        ChartKind::Levels(m) => m,
        _ => &[],
    }
}

/// The height of a status chart: a row per category.
pub(super) fn levels_height(chart: &Chart, f: Frame) -> i32 {
    let marks = marks_of(chart);
    let layout = layout(chart, marks, f);
    let rows: i32 = chart
        .categories
        .iter()
        .map(|c| row_height(c, layout, f))
        .sum();
    rows_top(marks, layout) + rows + 8 + derived_height(chart, f)
}

/// Draws a status chart: a column per level, a mark per category.
pub(super) fn levels<DB: Canvas>(
    area: &Area<DB>,
    chart: &Chart,
    marks: &[LevelMark],
    f: Frame,
) -> DrawResult {
    let layout = layout(chart, marks, f);
    if let Layout::Columns { x0, col_w, .. } = layout {
        for (i, lines) in headings(marks, col_w).iter().enumerate() {
            for (k, line) in lines.iter().enumerate() {
                let x = x0 + col_w * i as i32 + col_w / 2;
                let at = (x, LINE_H / 2 + 4 + k as i32 * LINE_H);
                text(area, line, at, HPos::Center, true)?;
            }
        }
    }
    let mut y = rows_top(marks, layout);
    for (r, category) in chart.categories.iter().enumerate() {
        let h = row_height(category, layout, f);
        let level = chart
            .series
            .first()
            .and_then(|s| s.values.get(r))
            .and_then(|c| c.number())
            .and_then(|l| marks.get(l as usize).map(|m| (l as usize, m)));
        let derived = chart.derived.as_ref().is_some_and(|d| d.count(r) > 0);
        let row = Row {
            y,
            h,
            level,
            derived,
        };
        let lines = label_lines(category, layout, f);
        match layout {
            Layout::Columns { x0, col_w, .. } => {
                column_row(area, &lines, (x0, col_w), row, f)?;
            }
            Layout::Listed => listed_row(area, &lines, marks, row, f)?,
        }
        y += h;
    }
    derived_legend(area, chart, y + 8 + LINE_H / 2, f)
}

/// One category's row: where it is and the level it has (its index and
/// mark), and whether the editors derived it.
#[derive(Clone, Copy)]
struct Row<'m> {
    y: i32,
    h: i32,
    level: Option<(usize, &'m LevelMark)>,
    derived: bool,
}

/// A row in columns: the label left of the columns, the mark in its
/// level's column.
fn column_row<DB: Canvas>(
    area: &Area<DB>,
    lines: &[String],
    (x0, col_w): (i32, i32),
    row: Row,
    f: Frame,
) -> DrawResult {
    let (y, h) = (row.y, row.h);
    let mid = y + h / 2;
    area.draw(&PathElement::new(
        vec![(x0, y + h - 2), (f.width - 10, y + h - 2)],
        rgb(f.colours.grid).stroke_width(1),
    ))?;
    for (k, line) in lines.iter().enumerate() {
        let ly = mid - (lines.len() as i32 - 1) * LINE_H / 2 + k as i32 * LINE_H;
        text(area, line, (x0 - 8, ly), HPos::Right, false)?;
    }
    if let Some((i, m)) = row.level {
        let x = x0 + col_w * i as i32 + col_w / 2;
        level_shape(area, (x, mid), m.colour, 8, f.colours)?;
        if row.derived {
            text(area, "*", (x + 15, mid - 6), HPos::Center, true)?;
        }
    }
    Ok(())
}

/// A listed row: the label above, then a scale of the levels (a dot per
/// level) with the mark at the category's level, and the level's name
/// under the mark.
fn listed_row<DB: Canvas>(
    area: &Area<DB>,
    lines: &[String],
    marks: &[LevelMark],
    row: Row,
    f: Frame,
) -> DrawResult {
    for (k, line) in lines.iter().enumerate() {
        let at = (8, row.y + LINE_H / 2 + k as i32 * LINE_H);
        text(area, line, at, HPos::Left, false)?;
    }
    let scale_y = row.y + lines.len() as i32 * LINE_H + 14;
    let (left, right) = (18, f.width - 18);
    let cols = marks.len().max(2) as i32 - 1;
    let x_of = |i: usize| left + (right - left) * i as i32 / cols;
    area.draw(&PathElement::new(
        vec![(left, scale_y), (right, scale_y)],
        rgb(f.colours.grid).stroke_width(1),
    ))?;
    for i in 0..marks.len() {
        area.draw(&Circle::new(
            (x_of(i), scale_y),
            3,
            rgb(f.colours.axis).filled(),
        ))?;
    }
    area.draw(&PathElement::new(
        vec![(8, row.y + row.h - 2), (f.width - 8, row.y + row.h - 2)],
        rgb(f.colours.grid).stroke_width(1),
    ))?;
    let Some((i, m)) = row.level else {
        return Ok(());
    };
    let x = x_of(i);
    level_shape(area, (x, scale_y), m.colour, 8, f.colours)?;
    // Under the mark, within the drawing; a derived level's asterisk after
    // its name.
    let name = &m.label;
    let w = text_width(name, false);
    let star = if row.derived { 16 } else { 0 };
    let left = (x - (w + star) / 2).clamp(8, (f.width - 8 - w - star).max(8));
    let name_y = scale_y + 14 + LINE_H / 2;
    text(area, name, (left, name_y), HPos::Left, false)?;
    if row.derived {
        text(area, "*", (left + w + 4, name_y), HPos::Left, true)?;
    }
    Ok(())
}
