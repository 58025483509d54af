//! Status charts: a status level per category, by shape and column.

use super::primitives::{
    derived_legend, derived_rows, label_width, level_shape, text, wrap_label, LABEL_CHARS,
};
use super::{rgb, Area, Canvas, DrawResult, Frame, LINE_H};
use crate::chart::backend::FONT_PX;
use crate::chart::{Chart, LevelMark};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// Characters per label line in a status chart.
pub(super) fn levels_chars(f: Frame) -> usize {
    if f.narrow {
        14
    } else {
        LABEL_CHARS
    }
}

/// The height of a status chart: a row per category.
pub(super) fn levels_height(chart: &Chart, f: Frame) -> i32 {
    let rows: i32 = chart
        .categories
        .iter()
        .map(|c| (wrap_label(c, levels_chars(f)).len() as i32 * LINE_H).max(30) + 10)
        .sum();
    48 + rows + 8 + derived_rows(chart) * 26
}

/// Draws a status chart: a column per level, a mark per category.
pub(super) fn levels<DB: Canvas>(
    area: &Area<DB>,
    chart: &Chart,
    marks: &[LevelMark],
    f: Frame,
) -> DrawResult {
    let x0 = if f.narrow {
        124
    } else {
        label_width(&chart.categories)
    };
    let cols = marks.len().max(1) as i32;
    let col_w = (f.width - x0 - 10) / cols;
    let col_x = |i: usize| x0 + col_w * i as i32 + col_w / 2;
    for (i, m) in marks.iter().enumerate() {
        for (k, line) in wrap_label(&m.label, (col_w / 7).max(6) as usize)
            .iter()
            .take(2)
            .enumerate()
        {
            text(
                area,
                line,
                (col_x(i), 14 + k as i32 * 16),
                HPos::Center,
                12.0,
                true,
            )?;
        }
    }
    let mut y = 48;
    for (r, category) in chart.categories.iter().enumerate() {
        let lines = wrap_label(category, levels_chars(f));
        let h = (lines.len() as i32 * LINE_H).max(30) + 10;
        let mid = y + h / 2;
        area.draw(&PathElement::new(
            vec![(x0, y + h - 2), (f.width - 10, y + h - 2)],
            rgb(f.colours.grid).stroke_width(1),
        ))?;
        for (k, line) in lines.iter().enumerate() {
            let ly = mid - (lines.len() as i32 - 1) * LINE_H / 2 + k as i32 * LINE_H;
            text(area, line, (x0 - 8, ly), HPos::Right, FONT_PX, false)?;
        }
        let level = chart
            .series
            .first()
            .and_then(|s| s.values.get(r))
            .and_then(|c| c.number());
        if let Some(m) = level.and_then(|l| marks.get(l as usize).map(|m| (l as usize, m))) {
            level_shape(area, (col_x(m.0), mid), m.1.colour, 8, f.colours)?;
            if chart.derived.as_ref().is_some_and(|d| d.count(r) > 0) {
                text(
                    area,
                    "*",
                    (col_x(m.0) + 14, mid - 6),
                    HPos::Center,
                    16.0,
                    true,
                )?;
            }
        }
        y += h;
    }
    derived_legend(area, chart, y + 16, f)?;
    Ok(())
}
