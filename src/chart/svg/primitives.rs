//! The parts every chart is drawn with: text, labels, filled rectangles,
//! axis ticks, legends and the shapes of markers and status levels.

use super::{rgb, series_fill, token_colour, Area, Canvas, DrawResult, Fill, Frame, HATCH, TEXT};
use crate::chart::backend::FONT_PX;
use crate::chart::colours::ChartColours;
use crate::chart::{Chart, DerivedValues, Unit};
use crate::model::ColourToken;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The sans-serif font at `px` pixels, as plotters wants it.
pub(super) fn font(px: f64) -> FontDesc<'static> {
    // plotters writes font-size as size / 1.24.
    ("sans-serif", px * 1.24).into_font()
}

/// Writes `s` centred vertically at `(x, y)`, anchored by `h`.
pub(super) fn text<DB: Canvas>(
    area: &Area<DB>,
    s: &str,
    (x, y): (i32, i32),
    h: HPos,
    px: f64,
    bold: bool,
) -> DrawResult {
    let f = if bold {
        font(px).style(FontStyle::Bold)
    } else {
        font(px)
    };
    let style = f.color(&TEXT).pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(s, (x, y), style))?;
    Ok(())
}

/// Splits a label into lines of at most `width` characters.
pub(super) fn wrap_label(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in label.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

pub(super) const LABEL_CHARS: usize = 30;

/// The room the longest wrapped label line needs, within bounds.
pub(super) fn label_width(labels: &[String]) -> i32 {
    let longest = labels
        .iter()
        .flat_map(|l| wrap_label(l, LABEL_CHARS))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(4);
    ((longest as f64 * FONT_PX * 0.55) as i32 + 16).clamp(60, 280)
}

/// Draws a rectangle with the given fill.
pub(super) fn draw_rect<DB: Canvas>(
    area: &Area<DB>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    fill: Fill,
) -> DrawResult {
    match fill {
        Fill::Solid(c) => {
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))?;
        }
        Fill::Hatched(c) => {
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], HATCH.filled()))?;
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.stroke_width(2)))?;
        }
        Fill::Outline(c) => {
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], WHITE.filled()))?;
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.stroke_width(2)))?;
        }
    }
    Ok(())
}

/// Round numbers for an axis: 0, step, 2 step ... >= max.
pub(super) fn ticks(max: f64) -> Vec<f64> {
    if max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let n = (max / step).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// The short label of an axis tick at value `v`.
pub(super) fn tick_label(unit: &Unit, v: f64) -> String {
    match unit {
        Unit::Euro if v >= 1_000_000.0 => {
            format!("{} mln", crate::chart::dutch_decimal(v / 1_000_000.0, 2))
        }
        Unit::Euro if v >= 1_000.0 => format!("{}k", crate::chart::dutch_decimal(v / 1_000.0, 1)),
        Unit::Euro => crate::chart::dutch_decimal(v, 0),
        other => other.format_short(v),
    }
}

/// The legend of the series: their fill and name, in rows.
pub(super) fn legend<DB: Canvas>(area: &Area<DB>, chart: &Chart, f: Frame) -> DrawResult {
    let mut x = 8;
    let mut y = 16;
    for (i, s) in chart.series.iter().enumerate() {
        let w = 44 + (s.name.chars().count() as f64 * FONT_PX * 0.55) as i32;
        if x + w > f.width && x > 8 {
            x = 8;
            y += 26;
        }
        draw_rect(area, (x, y - 7), (x + 14, y + 7), series_fill(i, f.colours))?;
        text(area, &s.name, (x + 20, y), HPos::Left, FONT_PX, false)?;
        x += w;
    }
    Ok(())
}

/// Characters per label line.
pub(super) fn label_chars(f: Frame) -> usize {
    if f.narrow {
        40
    } else {
        LABEL_CHARS
    }
}

/// The row of the derived legend: one when the chart marks derived values.
pub(super) fn derived_rows(chart: &Chart) -> i32 {
    i32::from(chart.derived.is_some())
}

/// The legend of derived values at height `y`: their mark (an outlined bar
/// or an asterisk) and what it means.
pub(super) fn derived_legend<DB: Canvas>(
    area: &Area<DB>,
    chart: &Chart,
    y: i32,
    f: Frame,
) -> DrawResult {
    let Some(d) = &chart.derived else {
        return Ok(());
    };
    match d.values {
        DerivedValues::Counts(_) => draw_rect(
            area,
            (8, y - 7),
            (22, y + 7),
            Fill::Outline(rgb(f.colours.axis)),
        )?,
        DerivedValues::Flags { .. } => text(area, "*", (15, y), HPos::Center, 16.0, true)?,
    }
    text(area, &d.legend, (28, y), HPos::Left, FONT_PX, false)
}

/// Rows the legend needs at this width.
pub(super) fn legend_rows(chart: &Chart, f: Frame) -> i32 {
    let mut rows = 1;
    let mut x = 8;
    for s in &chart.series {
        let w = 44 + (s.name.chars().count() as f64 * FONT_PX * 0.55) as i32;
        if x + w > f.width && x > 8 {
            rows += 1;
            x = 8;
        }
        x += w;
    }
    rows
}

/// A point marker whose shape differs per series.
pub(super) fn marker<DB: Canvas>(
    area: &Area<DB>,
    (x, y): (i32, i32),
    series: usize,
    colour: RGBColor,
) -> DrawResult {
    match series % 3 {
        0 => {
            area.draw(&Circle::new((x, y), 5, colour.filled()))?;
        }
        1 => {
            area.draw(&Rectangle::new(
                [(x - 5, y - 5), (x + 5, y + 5)],
                colour.filled(),
            ))?;
        }
        _ => {
            area.draw(&Polygon::new(
                vec![(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)],
                colour.filled(),
            ))?;
        }
    }
    Ok(())
}

/// The shape of a status level: circle, triangle, square, diamond, ring.
pub(super) fn level_shape<DB: Canvas>(
    area: &Area<DB>,
    (x, y): (i32, i32),
    token: ColourToken,
    r: i32,
    colours: &ChartColours,
) -> DrawResult {
    let c = token_colour(token, colours);
    match token {
        ColourToken::Green => {
            area.draw(&Circle::new((x, y), r, c.filled()))?;
        }
        ColourToken::Amber => {
            area.draw(&Polygon::new(
                vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
                c.filled(),
            ))?;
        }
        ColourToken::Red => {
            area.draw(&Rectangle::new(
                [(x - r, y - r), (x + r, y + r)],
                c.filled(),
            ))?;
        }
        ColourToken::Blue => {
            area.draw(&Polygon::new(
                vec![
                    (x, y - r - 1),
                    (x + r + 1, y),
                    (x, y + r + 1),
                    (x - r - 1, y),
                ],
                c.filled(),
            ))?;
        }
        ColourToken::Grey => {
            area.draw(&Circle::new((x, y), r, c.stroke_width(3)))?;
        }
    }
    Ok(())
}
