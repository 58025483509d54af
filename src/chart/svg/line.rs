//! Line charts.

use super::primitives::{legend, legend_rows, marker, text, tick_label, ticks};
use super::{rgb, series_fill, Area, Canvas, DrawResult, Fill, Frame};
use crate::chart::{Cell, Chart};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// Draws a line chart: a line per series, broken at PM and empty values.
pub(super) fn line<DB: Canvas>(
    area: &Area<DB>,
    chart: &Chart,
    height: i32,
    f: Frame,
) -> DrawResult {
    let top = if chart.series.len() > 1 {
        20 + legend_rows(chart, f) * 26
    } else {
        16
    };
    let bottom = height - 40;
    let x0 = if f.narrow { 64 } else { 90 };
    let x1 = f.width - 20;
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().filter_map(|c| c.number()))
        .fold(0.0, f64::max);
    let ticks = ticks(max);
    let axis_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let n = chart.categories.len().max(1);
    let step = f64::from(x1 - x0) / n as f64;
    let x_of = |i: usize| x0 + (step * (i as f64 + 0.5)).round() as i32;
    let y_of = |v: f64| bottom - ((v / axis_max) * f64::from(bottom - top)).round() as i32;
    if chart.series.len() > 1 {
        legend(area, chart, f)?;
    }
    for t in &ticks {
        let y = y_of(*t);
        area.draw(&PathElement::new(
            vec![(x0, y), (x1, y)],
            rgb(f.colours.grid).stroke_width(1),
        ))?;
        text(
            area,
            &tick_label(&chart.unit, *t),
            (x0 - 8, y),
            HPos::Right,
            12.0,
            false,
        )?;
    }
    for (i, c) in chart.categories.iter().enumerate() {
        text(area, c, (x_of(i), bottom + 18), HPos::Center, 12.0, false)?;
    }
    for (k, s) in chart.series.iter().enumerate() {
        let colour = match series_fill(k, f.colours) {
            Fill::Solid(c) | Fill::Hatched(c) | Fill::Outline(c) => c,
        };
        let mut segment: Vec<(i32, i32)> = Vec::new();
        for (i, cell) in s.values.iter().enumerate() {
            match cell {
                Cell::Number(v) => {
                    let p = (x_of(i), y_of(*v));
                    segment.push(p);
                    marker(area, p, k, colour)?;
                }
                Cell::Pm => {
                    text(area, "PM", (x_of(i), bottom - 10), HPos::Center, 12.0, true)?;
                    area.draw(&PathElement::new(
                        std::mem::take(&mut segment),
                        colour.stroke_width(3),
                    ))?;
                }
                Cell::Empty => {
                    area.draw(&PathElement::new(
                        std::mem::take(&mut segment),
                        colour.stroke_width(3),
                    ))?;
                }
            }
        }
        area.draw(&PathElement::new(segment, colour.stroke_width(3)))?;
    }
    area.draw(&PathElement::new(
        vec![(x0, bottom), (x1, bottom)],
        rgb(f.colours.axis).stroke_width(2),
    ))?;
    Ok(())
}
