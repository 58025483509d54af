//! Timelines: a bar per span between its years.

use super::primitives::{draw_rect, label_width, text};
use super::{rgb, series_fill, Area, Canvas, DrawResult, Fill, Frame};
use crate::chart::backend::FONT_PX;
use crate::chart::Span;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// Draws a timeline: a bar per span, open at the end when it goes on.
pub(super) fn timeline<DB: Canvas>(
    area: &Area<DB>,
    spans: &[Span],
    ongoing: &str,
    f: Frame,
) -> DrawResult {
    let labels: Vec<String> = spans.iter().map(|s| s.label.clone()).collect();
    let x0 = label_width(&labels);
    let x1 = f.width - 20;
    let starts = spans.iter().filter_map(|s| s.start.as_ref().map(|x| x.0));
    let ends = spans.iter().filter_map(|s| s.end.as_ref().map(|x| x.0));
    let min = starts.clone().fold(f64::INFINITY, f64::min).floor();
    let max = ends.chain(starts).fold(f64::NEG_INFINITY, f64::max).ceil() + 1.0;
    if !min.is_finite() || !max.is_finite() || max <= min {
        return Ok(());
    }
    let x_of = |t: f64| x0 + (((t - min) / (max - min)) * f64::from(x1 - x0)).round() as i32;
    let bottom = 40 + spans.len() as i32 * 36;
    let mut year = min;
    while year <= max {
        let x = x_of(year);
        area.draw(&PathElement::new(
            vec![(x, 30), (x, bottom)],
            rgb(f.colours.grid).stroke_width(1),
        ))?;
        text(
            area,
            &format!("{}", year as i32),
            (x, 16),
            HPos::Center,
            12.0,
            false,
        )?;
        year += 1.0;
    }
    for (i, s) in spans.iter().enumerate() {
        let y = 40 + i as i32 * 36;
        text(
            area,
            &s.label,
            (x0 - 8, y + 12),
            HPos::Right,
            FONT_PX,
            false,
        )?;
        let Some((start, _)) = s.start else { continue };
        let (end, open) = match s.end {
            Some((e, _)) => (e, false),
            None => (max, true),
        };
        let fill = if open {
            Fill::Outline(rgb(f.colours.series[0]))
        } else {
            series_fill(i % 2 * 3, f.colours)
        };
        draw_rect(
            area,
            (x_of(start), y + 2),
            (x_of(end).max(x_of(start) + 4), y + 22),
            fill,
        )?;
        if open {
            text(
                area,
                &format!("→ {ongoing}"),
                (x_of(start) + 8, y + 12),
                HPos::Left,
                12.0,
                false,
            )?;
        }
    }
    Ok(())
}
