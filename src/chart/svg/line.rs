//! Line charts.

use super::primitives::{
    axis_ticks, legend, legend_layout, longest_word, marker, text, text_width, tick_label,
    wrap_label,
};
use super::{rgb, series_fill, Area, Canvas, DrawResult, Frame, LINE_H};
use crate::chart::{Cell, Chart};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The height of the plot between the legend and the category labels.
fn plot_height(f: Frame) -> i32 {
    if f.narrow {
        200
    } else {
        240
    }
}

/// Where the parts of a line chart go at this width.
struct LineLayout {
    top: i32,
    bottom: i32,
    x0: i32,
    x1: i32,
    /// Every how many categories one is labelled (all when they fit).
    every: usize,
    /// The lines of each category's label.
    labels: Vec<Vec<String>>,
}

fn line_layout(chart: &Chart, f: Frame) -> LineLayout {
    let top = legend_layout(chart, f).1 + 12;
    let bottom = top + plot_height(f);
    let max = largest(chart);
    let widest_tick = axis_ticks(&chart.unit, max, plot_height(f), false)
        .iter()
        .map(|t| text_width(&tick_label(&chart.unit, *t), false))
        .max()
        .unwrap_or(20);
    let x0 = widest_tick + 16;
    let x1 = f.width - 16;
    let n = chart.categories.len().max(1);
    let step = (x1 - x0) / n as i32;
    // Labels wrap to the room of a category, or of a few when every
    // category's room is too small for a word.
    let widest = longest_word(chart.categories.iter(), false);
    let every = ((widest + 8) / step.max(1) + 1).max(1) as usize;
    let room = step * every as i32 - 8;
    let labels = chart
        .categories
        .iter()
        .map(|c| wrap_label(c, room))
        .collect();
    LineLayout {
        top,
        bottom,
        x0,
        x1,
        every,
        labels,
    }
}

/// The largest value of the chart.
fn largest(chart: &Chart) -> f64 {
    chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().filter_map(|c| c.number()))
        .fold(0.0, f64::max)
}

/// The height of a line chart at this width.
pub(super) fn line_height(chart: &Chart, f: Frame) -> i32 {
    let l = line_layout(chart, f);
    let lines = l
        .labels
        .iter()
        .step_by(l.every)
        .map(Vec::len)
        .max()
        .unwrap_or(1) as i32;
    l.bottom + 8 + lines * LINE_H + 8
}

/// Draws a line chart: a line per series, broken at PM and empty values.
pub(super) fn line<DB: Canvas>(area: &Area<DB>, chart: &Chart, f: Frame) -> DrawResult {
    let l = line_layout(chart, f);
    let (top, bottom, x0, x1) = (l.top, l.bottom, l.x0, l.x1);
    let ticks = axis_ticks(&chart.unit, largest(chart), bottom - top, false);
    let axis_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let n = chart.categories.len().max(1);
    let step = f64::from(x1 - x0) / n as f64;
    let x_of = |i: usize| x0 + (step * (i as f64 + 0.5)).round() as i32;
    let y_of = |v: f64| bottom - ((v / axis_max) * f64::from(bottom - top)).round() as i32;
    legend(area, chart, &legend_layout(chart, f).0, f)?;
    for t in &ticks {
        let y = y_of(*t);
        area.draw(&PathElement::new(
            vec![(x0, y), (x1, y)],
            rgb(f.colours.grid).stroke_width(1),
        ))?;
        let label = tick_label(&chart.unit, *t);
        text(area, &label, (x0 - 8, y), HPos::Right, false)?;
    }
    for (i, lines) in l.labels.iter().enumerate().step_by(l.every) {
        for (k, line) in lines.iter().enumerate() {
            let at = (x_of(i), bottom + 8 + LINE_H / 2 + k as i32 * LINE_H);
            text(area, line, at, HPos::Center, false)?;
        }
    }
    for (k, s) in chart.series.iter().enumerate() {
        let colour = series_fill(k, f.colours).colour();
        let mut segment: Vec<(i32, i32)> = Vec::new();
        for (i, cell) in s.values.iter().enumerate() {
            match cell {
                Cell::Number(v) => {
                    let p = (x_of(i), y_of(*v));
                    segment.push(p);
                    marker(area, p, k, colour)?;
                }
                Cell::Pm => {
                    let at = (x_of(i), bottom - LINE_H / 2 - 2);
                    text(area, "PM", at, HPos::Center, true)?;
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
