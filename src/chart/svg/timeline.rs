//! Timelines: a bar per span between its years, its label beside it (wide)
//! or above it (narrow).

use super::primitives::{draw_rect, label_room, label_width, text, text_width, wrap_label};
use super::{rgb, series_fill, Area, Canvas, DrawResult, Fill, Frame, LINE_H};
use crate::chart::Span;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The height of a span's bar.
const BAR_H: i32 = 24;
/// Where the spans start: under the years.
const TOP: i32 = LINE_H + 14;

/// The lines of a span's label: beside the bar (wide) or above it.
fn label_lines(s: &Span, spans: &[Span], f: Frame) -> Vec<String> {
    wrap_label(&s.label, label_room(&labels(spans), f))
}

/// The labels of the spans.
fn labels(spans: &[Span]) -> Vec<String> {
    spans.iter().map(|s| s.label.clone()).collect()
}

/// The height of a span's row.
fn row_height(s: &Span, spans: &[Span], f: Frame) -> i32 {
    if f.narrow {
        label_lines(s, spans, f).len() as i32 * LINE_H + BAR_H + 14
    } else {
        BAR_H.max(label_lines(s, spans, f).len() as i32 * LINE_H) + 14
    }
}

/// The height of a timeline.
pub(super) fn timeline_height(spans: &[Span], f: Frame) -> i32 {
    TOP + spans.iter().map(|s| row_height(s, spans, f)).sum::<i32>() + 12
}

/// Draws a timeline: a bar per span, open at the end when it goes on.
pub(super) fn timeline<DB: Canvas>(
    area: &Area<DB>,
    spans: &[Span],
    ongoing: &str,
    f: Frame,
) -> DrawResult {
    // Room for half the first year's label left of the first year.
    let x0 = if f.narrow {
        text_width("2024", false) / 2 + 6
    } else {
        label_width(&labels(spans), f)
    };
    let x1 = f.width - 24;
    let starts = spans.iter().filter_map(|s| s.start.as_ref().map(|x| x.0));
    let ends = spans.iter().filter_map(|s| s.end.as_ref().map(|x| x.0));
    let min = starts.clone().fold(f64::INFINITY, f64::min).floor();
    let max = ends.chain(starts).fold(f64::NEG_INFINITY, f64::max).ceil() + 1.0;
    if !min.is_finite() || !max.is_finite() || max <= min {
        return Ok(());
    }
    let x_of = |t: f64| x0 + (((t - min) / (max - min)) * f64::from(x1 - x0)).round() as i32;
    let bottom = timeline_height(spans, f) - 12;
    // A label every so many years, as far apart as a year's label is wide.
    let per_year = f64::from(x1 - x0) / (max - min);
    let every = ((f64::from(text_width("2024", false) + 12) / per_year).ceil() as i32).max(1);
    let mut year = min;
    while year <= max {
        let x = x_of(year);
        area.draw(&PathElement::new(
            vec![(x, TOP - 6), (x, bottom)],
            rgb(f.colours.grid).stroke_width(1),
        ))?;
        if (year - min) as i32 % every == 0 {
            let label = format!("{}", year as i32);
            text(area, &label, (x, LINE_H / 2 + 2), HPos::Center, false)?;
        }
        year += 1.0;
    }
    let mut y = TOP;
    for (i, s) in spans.iter().enumerate() {
        let lines = label_lines(s, spans, f);
        let by = if f.narrow {
            for (k, line) in lines.iter().enumerate() {
                let at = (8, y + LINE_H / 2 + k as i32 * LINE_H);
                text(area, line, at, HPos::Left, false)?;
            }
            y + lines.len() as i32 * LINE_H + 2
        } else {
            let h = row_height(s, spans, f) - 14;
            let first = y + h / 2 - (lines.len() as i32 - 1) * LINE_H / 2;
            for (k, line) in lines.iter().enumerate() {
                let at = (x0 - 8, first + k as i32 * LINE_H);
                text(area, line, at, HPos::Right, false)?;
            }
            y + (h - BAR_H) / 2
        };
        y += row_height(s, spans, f);
        let Some((start, _)) = s.start else { continue };
        let (end, open) = match s.end {
            Some((e, _)) => (e, false),
            None => (max, true),
        };
        let fill = if open {
            Fill::Outline(rgb(f.colours.series[0]))
        } else {
            series_fill(i % 2, f.colours)
        };
        let (bx0, bx1) = (x_of(start), x_of(end).max(x_of(start) + 4));
        draw_rect(area, (bx0, by), (bx1, by + BAR_H), fill)?;
        if open {
            let label = format!("→ {ongoing}");
            // Inside the open bar when it fits, else where there is room.
            let x = if bx0 + 8 + text_width(&label, false) <= f.width - 4 {
                bx0 + 8
            } else {
                x0
            };
            text(area, &label, (x, by + BAR_H / 2), HPos::Left, false)?;
        }
    }
    Ok(())
}
