//! Bar charts: a group of bars per category, side by side or stacked.

use super::primitives::{
    axis_ticks, derived_height, derived_legend, draw_rect, label_room, legend, legend_layout,
    level_shape, text, text_width, tick_label, wrap_label, wrapped_width, LegendEntry,
};
use super::{rgb, series_fill, token_colour, Area, Canvas, DrawResult, Fill, Frame, LINE_H};
use crate::chart::{Cell, Chart, ChartKind, LevelMark};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The height of a bar: room for its value label (17 units) beside it.
const BAR_H: i32 = 18;
/// Room between the bars of a group.
const BAR_GAP: i32 = 4;

/// Where the parts of a bar chart go.
struct BarsLayout {
    top: i32,
    bar_h: i32,
    /// Height of each category's group.
    groups: Vec<i32>,
    /// Left and right end of the value axis.
    x0: i32,
    x1: i32,
    /// Each category's label in the lines it is drawn in (wrapped once:
    /// the width they wrap at depends on all labels, and a chart may have
    /// thousands).
    labels: Vec<Vec<String>>,
    /// The series legend's entries and its height.
    legend: (Vec<LegendEntry>, i32),
}

/// Where the parts of a bar chart go at this width.
fn bars_layout(chart: &Chart, f: Frame) -> BarsLayout {
    let stacked = matches!(chart.kind, ChartKind::Stacked);
    let n = chart.series.len().max(1) as i32;
    let bars_h = if stacked {
        BAR_H
    } else {
        n * (BAR_H + BAR_GAP) - BAR_GAP
    };
    let room = label_room(&chart.categories, f);
    let labels: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| wrap_label(c, room))
        .collect();
    let groups = labels
        .iter()
        .map(|lines| {
            let lines = lines.len() as i32 * LINE_H;
            if f.narrow {
                lines + bars_h + 18
            } else {
                bars_h.max(lines) + 18
            }
        })
        .collect();
    let marks_room = if chart.marks.is_some() { 28 } else { 0 };
    let x0 = if f.narrow {
        8
    } else {
        wrapped_width(&labels, room) + marks_room
    };
    let legend = legend_layout(chart, f);
    BarsLayout {
        top: legend.1 + derived_height(chart, f) + 8,
        legend,
        bar_h: BAR_H,
        groups,
        x0,
        x1: f.width - value_room(chart, stacked, f).min((f.width - x0) / 2),
        labels,
    }
}

/// The room right of the bars for the widest value label, or for "+ PM"
/// after a stack; a PM mark's text starts at the axis.
fn value_room(chart: &Chart, stacked: bool, f: Frame) -> i32 {
    if stacked {
        return text_width("+ PM", true) + 14;
    }
    let widest = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter())
        .filter_map(|c| c.number())
        .map(|v| text_width(&value_label(chart, v, f), false))
        .max()
        .unwrap_or(0);
    // Half the first tick label sticks out right of the axis's end.
    widest.max(text_width("600k", false) / 2) + 12
}

/// The label beside a bar of value `v`: exact on wide charts, short
/// ("€ 1,25 mln") on narrow ones.
fn value_label(chart: &Chart, v: f64, f: Frame) -> String {
    if f.narrow {
        chart.unit.format_short(v)
    } else {
        chart.unit.format(v)
    }
}

/// One bar chart laid out at one width: the chart, its layout and its
/// value scale. A bar chart (`stacked`: the series of a category end to
/// end) is laid out once for its height and its drawing.
pub(super) struct Bars<'c> {
    chart: &'c Chart,
    stacked: bool,
    f: Frame<'c>,
    l: BarsLayout,
    /// The round numbers on the value axis; the last is its end.
    ticks: Vec<f64>,
    axis_max: f64,
    /// The bottom of the last group, where the value axis is.
    bottom: i32,
}

/// Where a bar is drawn: the top of the bar, and the category and series it
/// shows.
#[derive(Clone, Copy)]
struct BarAt {
    y: i32,
    category: usize,
    series: usize,
}

impl<'c> Bars<'c> {
    /// Lays out `chart` and finds the scale its largest value needs.
    pub(super) fn new(chart: &'c Chart, stacked: bool, f: Frame<'c>) -> Self {
        let l = bars_layout(chart, f);
        let ticks = axis_ticks(
            &chart.unit,
            largest_value(chart, stacked),
            l.x1 - l.x0,
            true,
        );
        let axis_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
        let bottom = l.top + l.groups.iter().sum::<i32>();
        Bars {
            chart,
            stacked,
            f,
            l,
            ticks,
            axis_max,
            bottom,
        }
    }

    /// The height of the drawing.
    pub(super) fn height(&self) -> i32 {
        self.bottom + LINE_H + 16
    }

    /// Draws the chart.
    pub(super) fn draw<DB: Canvas>(&self, area: &Area<DB>) -> DrawResult {
        self.legends(area)?;
        self.grid(area)?;
        let mut y = self.l.top;
        for (i, group) in self.l.groups.iter().enumerate() {
            self.group(area, i, y)?;
            y += group;
        }
        self.axis(area)
    }

    /// The x of value `v` on the value axis.
    fn x_of(&self, v: f64) -> i32 {
        self.l.x0 + ((v / self.axis_max) * f64::from(self.l.x1 - self.l.x0)).round() as i32
    }

    /// The legend of the series (when there are more than one) and that of
    /// the derived values.
    fn legends<DB: Canvas>(&self, area: &Area<DB>) -> DrawResult {
        legend(area, self.chart, &self.l.legend.0, self.f)?;
        let y = self.l.legend.1 + LINE_H / 2 + 4;
        derived_legend(area, self.chart, y, self.f)
    }

    /// A grid line and a label for every tick of the value axis.
    fn grid<DB: Canvas>(&self, area: &Area<DB>) -> DrawResult {
        let bottom = self.bottom;
        for t in &self.ticks {
            let x = self.x_of(*t);
            // Narrow charts have labels above the bars: no grid through them.
            let grid_top = if self.f.narrow {
                bottom - 6
            } else {
                self.l.top
            };
            area.draw(&PathElement::new(
                vec![(x, grid_top), (x, bottom)],
                rgb(self.f.colours.grid).stroke_width(1),
            ))?;
            let label = tick_label(&self.chart.unit, *t);
            text(area, &label, (x, bottom + LINE_H), HPos::Center, false)?;
        }
        Ok(())
    }

    /// The group of category `i` at height `y`: its label, status mark and
    /// bars.
    fn group<DB: Canvas>(&self, area: &Area<DB>, i: usize, y: i32) -> DrawResult {
        let mark = self.chart.marks.as_ref().and_then(|m| m.get(i));
        let by = if self.f.narrow {
            self.label_above(area, i, mark, y)?
        } else {
            self.label_beside(area, i, y)?
        };
        if let (Some(m), false) = (mark, self.f.narrow) {
            let centre = (self.l.x0 - 16, by + self.l.bar_h / 2);
            level_shape(area, centre, m.colour, 7, self.f.colours)?;
        }
        self.group_bars(area, i, mark, by)
    }

    /// The label of category `i` above its bars (narrow charts), after its
    /// status mark; returns the top of the first bar.
    fn label_above<DB: Canvas>(
        &self,
        area: &Area<DB>,
        i: usize,
        mark: Option<&LevelMark>,
        y: i32,
    ) -> Result<i32, Box<dyn std::error::Error>> {
        let x0 = self.l.x0;
        let lines = &self.l.labels[i];
        let indent = if mark.is_some() { 22 } else { 0 };
        if let Some(m) = mark {
            level_shape(area, (x0 + 8, y + LINE_H / 2), m.colour, 7, self.f.colours)?;
        }
        for (k, line) in lines.iter().enumerate() {
            let at = (x0 + indent, y + LINE_H / 2 + k as i32 * LINE_H);
            text(area, line, at, HPos::Left, false)?;
        }
        Ok(y + lines.len() as i32 * LINE_H + 2)
    }

    /// The label of category `i` left of its bars (wide charts), centred on
    /// its group; returns the top of the first bar.
    fn label_beside<DB: Canvas>(
        &self,
        area: &Area<DB>,
        i: usize,
        y: i32,
    ) -> Result<i32, Box<dyn std::error::Error>> {
        let gh = self.l.groups[i];
        let lines = &self.l.labels[i];
        let first = y + (gh - 18) / 2 - (lines.len() as i32 - 1) * LINE_H / 2;
        let marks_room = if self.chart.marks.is_some() { 28 } else { 0 };
        for (k, line) in lines.iter().enumerate() {
            let at = (self.l.x0 - 8 - marks_room, first + k as i32 * LINE_H);
            text(area, line, at, HPos::Right, false)?;
        }
        Ok(y + (gh - 18 - self.bars_height()) / 2)
    }

    /// The height of a category's bars together.
    fn bars_height(&self) -> i32 {
        if self.stacked {
            self.l.bar_h
        } else {
            self.chart.series.len() as i32 * (self.l.bar_h + BAR_GAP) - BAR_GAP
        }
    }

    /// The bars of category `i`, the first with its top at `by`: below each
    /// other, or end to end when stacked (then followed by "+ PM" when a
    /// value is PM).
    fn group_bars<DB: Canvas>(
        &self,
        area: &Area<DB>,
        i: usize,
        mark: Option<&LevelMark>,
        mut by: i32,
    ) -> DrawResult {
        let bar_h = self.l.bar_h;
        let mut stack_x = self.l.x0;
        for (k, s) in self.chart.series.iter().enumerate() {
            let fill = match mark {
                Some(m) => Fill::Solid(token_colour(m.colour, self.f.colours)),
                None => series_fill(k, self.f.colours),
            };
            let at = BarAt {
                y: by,
                category: i,
                series: k,
            };
            match s.cell(i) {
                Cell::Number(v) => stack_x = self.number_bar(area, at, v, fill, stack_x)?,
                Cell::Pm if !self.stacked => self.pm_bar(area, by)?,
                Cell::Pm | Cell::Empty => {}
            }
            if !self.stacked {
                by += bar_h + BAR_GAP;
            }
        }
        let any_pm = self.chart.series.iter().any(|s| s.cell(i) == Cell::Pm);
        if self.stacked && any_pm {
            text(
                area,
                "+ PM",
                (stack_x + 6, by + bar_h / 2),
                HPos::Left,
                true,
            )?;
        }
        Ok(())
    }

    /// The bar of value `v`, starting at `stack_x` when stacked, and its
    /// value label when not; returns where the bar ends.
    fn number_bar<DB: Canvas>(
        &self,
        area: &Area<DB>,
        at: BarAt,
        v: f64,
        fill: Fill,
        stack_x: i32,
    ) -> Result<i32, Box<dyn std::error::Error>> {
        let (x0, by, bar_h) = (self.l.x0, at.y, self.l.bar_h);
        let (bx0, bx1) = if self.stacked {
            (stack_x, stack_x + self.x_of(v) - x0)
        } else {
            (x0, self.x_of(v))
        };
        let derived = self.derived_part(at, v);
        if derived > 0.0 && bx1 > bx0 {
            let split = self.x_of(v - derived);
            if split > bx0 {
                draw_rect(area, (bx0, by), (split, by + bar_h), fill)?;
            }
            let outline = Fill::Outline(fill.colour());
            draw_rect(area, (split, by), (bx1, by + bar_h), outline)?;
        } else if bx1 > bx0 {
            draw_rect(area, (bx0, by), (bx1, by + bar_h), fill)?;
        } else {
            area.draw(&PathElement::new(
                vec![(bx0, by), (bx0, by + bar_h)],
                rgb(self.f.colours.axis).stroke_width(2),
            ))?;
        }
        if !self.stacked {
            let label = value_label(self.chart, v, self.f);
            text(area, &label, (bx1 + 6, by + bar_h / 2), HPos::Left, false)?;
        }
        Ok(bx1)
    }

    /// How much of value `v` is derived: the end of the first series' bar,
    /// drawn outlined; nothing in other series or stacked charts.
    fn derived_part(&self, at: BarAt, v: f64) -> f64 {
        match (&self.chart.derived, at.series, self.stacked) {
            (Some(d), 0, false) => (d.count(at.category) as f64).min(v),
            _ => 0.0,
        }
    }

    /// A PM value: an outlined "PM" box and the text for an unknown amount.
    fn pm_bar<DB: Canvas>(&self, area: &Area<DB>, by: i32) -> DrawResult {
        let (x0, bar_h) = (self.l.x0, self.l.bar_h);
        let w = text_width("PM", true) + 8;
        area.draw(&Rectangle::new(
            [(x0 + 2, by - 1), (x0 + 2 + w, by + bar_h + 1)],
            rgb(self.f.colours.axis).stroke_width(1),
        ))?;
        text(
            area,
            "PM",
            (x0 + 2 + w / 2, by + bar_h / 2),
            HPos::Center,
            true,
        )?;
        // The words only where they fit: on a narrow chart the axis is at
        // the left edge, and the PM mark says it with the table's note.
        let unknown = &self.chart.texts.unknown;
        let x = x0 + w + 8;
        if x + text_width(unknown, false) <= self.f.width - 4 {
            text(area, unknown, (x, by + bar_h / 2), HPos::Left, false)?;
        }
        Ok(())
    }

    /// The value axis: along the bottom on narrow charts, else at the left.
    fn axis<DB: Canvas>(&self, area: &Area<DB>) -> DrawResult {
        let (x0, x1, top, bottom) = (self.l.x0, self.l.x1, self.l.top, self.bottom);
        if self.f.narrow {
            area.draw(&PathElement::new(
                vec![(x0, bottom), (x1, bottom)],
                rgb(self.f.colours.axis).stroke_width(1),
            ))?;
        } else {
            area.draw(&PathElement::new(
                vec![(x0, top), (x0, bottom)],
                rgb(self.f.colours.axis).stroke_width(2),
            ))?;
        }
        Ok(())
    }
}

/// The largest value on the axis: of a category's values, the sum when
/// stacked, else the largest.
fn largest_value(chart: &Chart, stacked: bool) -> f64 {
    (0..chart.categories.len())
        .map(|i| {
            let nums = chart.series.iter().filter_map(|s| s.cell(i).number());
            if stacked {
                nums.sum::<f64>()
            } else {
                nums.fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max)
}
