//! The parts every chart is drawn with: text, labels, filled rectangles,
//! axis ticks, legends and the shapes of markers and status levels.

use super::{
    pattern_placeholder, rgb, series_fill, token_colour, Area, Canvas, DrawResult, Fill, Frame,
    LINE_H, TEXT,
};
use crate::chart::backend::{FONT_FAMILY, FONT_PX};
use crate::chart::colours::ChartColours;
use crate::chart::{Chart, ChartKind, DerivedValues, Unit};
use crate::model::ColourToken;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font at `px` pixels, as plotters wants it.
pub(super) fn font(px: f64) -> FontDesc<'static> {
    // plotters writes font-size as size / 1.24.
    (FONT_FAMILY, px * 1.24).into_font()
}

/// Writes `s` centred vertically at `(x, y)`, anchored by `h`, at the
/// charts' one font size.
pub(super) fn text<DB: Canvas>(
    area: &Area<DB>,
    s: &str,
    (x, y): (i32, i32),
    h: HPos,
    bold: bool,
) -> DrawResult {
    let f = if bold {
        font(FONT_PX).style(FontStyle::Bold)
    } else {
        font(FONT_PX)
    };
    let style = f.color(&TEXT).pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(s, (x, y), style))?;
    Ok(())
}

/// How wide a character is, in em, in DejaVu Sans (the sans-serif of many
/// Linux machines, and among the widest): the fonts of other machines
/// (Segoe UI, Roboto, San Francisco) are narrower, so text measured by it
/// fits in them too.
fn char_em(c: char) -> f64 {
    const LOWER: [f64; 26] = [
        0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974,
        0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525,
    ];
    const UPPER: [f64; 26] = [
        0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863,
        0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685,
    ];
    match c {
        'a'..='z' => LOWER[c as usize - 'a' as usize],
        'A'..='Z' => UPPER[c as usize - 'A' as usize],
        '0'..='9' | '€' | '+' | '=' | '<' | '>' | '#' | '$' | '_' => 0.636,
        ' ' | '\u{a0}' | '.' | ',' | ':' | ';' | '/' | '\\' | '!' | '|' => 0.337,
        '\'' | '"' | '(' | ')' | '[' | ']' | '-' | '*' => 0.4,
        '%' | '&' | '@' | '–' | '—' => 0.95,
        // Letters with accents are as wide as their letter; others a wide
        // guess.
        c if c.is_lowercase() => 0.62,
        _ => 0.75,
    }
}

/// About how wide `s` is drawn, in the drawing's units: measured as
/// DejaVu Sans draws it (bold 13 % wider), with 2 % to spare.
pub(super) fn text_width(s: &str, bold: bool) -> i32 {
    let em: f64 = s.chars().map(char_em).sum();
    units(em, bold)
}

/// A width of `em` as drawing units (bold 13 % wider), with 2 % to spare.
fn units(em: f64, bold: bool) -> i32 {
    let bold = if bold { 1.13 } else { 1.0 };
    (em * FONT_PX * bold * 1.02).ceil() as i32
}

/// Splits a label into lines at most `width` units wide; a word wider than
/// that is broken after a hyphen where it has one, and otherwise keeps a
/// line of its own.
pub(super) fn wrap_label(label: &str, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // The current line and its width in em, added up in the order of its
    // characters (as [`text_width`] would), so that each word is measured
    // once rather than the whole line again at every word.
    let (mut cur, mut em) = (String::new(), 0.0);
    let mut add = |word: &str| {
        if !cur.is_empty() {
            let joined = word
                .trim_end_matches('\u{2060}')
                .chars()
                .fold(em + char_em(' '), |sum, c| sum + char_em(c));
            if units(joined, false) <= width {
                cur.push(' ');
                em += char_em(' ');
            } else {
                lines.push(std::mem::take(&mut cur));
                em = 0.0;
            }
        }
        em = word.chars().fold(em, |sum, c| sum + char_em(c));
        cur.push_str(word);
    };
    for word in label.split_whitespace() {
        // Most words fit: no pieces to make of them.
        if text_width(word, false) <= width {
            add(word);
        } else {
            split_long(word, width).iter().for_each(|piece| add(piece));
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    // A word split after its hyphen continues on the next line unspaced.
    lines
        .into_iter()
        .map(|l| {
            if l.contains('\u{2060}') {
                l.replace("\u{2060} ", "").replace('\u{2060}', "")
            } else {
                l
            }
        })
        .collect()
}

/// A word wider than `width` units in pieces after its hyphens and
/// slashes, and a piece still too wide in pieces that fit (each piece but
/// the last ending in a word joiner, which [`wrap_label`] removes again).
fn split_long(word: &str, width: i32) -> Vec<String> {
    if text_width(word, false) <= width {
        return vec![word.to_string()];
    }
    // The room in em, to add up character by character (a long word
    // measured anew at each character would take quadratic time).
    let room = f64::from(width) / (FONT_PX * 1.02);
    let mut pieces: Vec<String> = Vec::new();
    for part in word.split_inclusive(['-', '/']) {
        let (mut cur, mut em) = (String::new(), 0.0);
        for c in part.chars() {
            if em + char_em(c) > room && !cur.is_empty() {
                pieces.push(std::mem::take(&mut cur));
                em = 0.0;
            }
            cur.push(c);
            em += char_em(c);
        }
        pieces.push(cur);
    }
    let last = pieces.len() - 1;
    for p in &mut pieces[..last] {
        p.push('\u{2060}');
    }
    pieces
}

/// The width of the labels beside the bars of a wide chart (and of a wide
/// timeline), in units: 20 characters or so.
pub(super) const LABEL_W: i32 = 204;

/// The width of the labels of a chart, in units: above the bars of a
/// narrow chart its width; beside those of a wide one [`LABEL_W`], or the
/// longest word's when that is wider, up to half the drawing.
pub(super) fn label_room(labels: &[String], f: Frame) -> i32 {
    if f.narrow {
        return f.width - 16;
    }
    LABEL_W
        .max(longest_word(labels.iter(), false))
        .min(f.width / 2 - 16)
}

/// The width of the widest word of `texts`: the least room they wrap in.
pub(super) fn longest_word<'t>(texts: impl Iterator<Item = &'t String>, bold: bool) -> i32 {
    texts
        .flat_map(|t| t.split_whitespace())
        .map(|w| text_width(w, bold))
        .max()
        .unwrap_or(0)
}

/// The room labels beside a wide chart take: their longest line, within
/// bounds.
pub(super) fn label_width(labels: &[String], f: Frame) -> i32 {
    let room = label_room(labels, f);
    let wrapped: Vec<Vec<String>> = labels.iter().map(|l| wrap_label(l, room)).collect();
    wrapped_width(&wrapped, room)
}

/// [`label_width`] of labels wrapped at `room` already.
pub(super) fn wrapped_width(wrapped: &[Vec<String>], room: i32) -> i32 {
    let longest = wrapped
        .iter()
        .flatten()
        .map(|l| text_width(l, false))
        .max()
        .unwrap_or(40);
    (longest + 16).clamp(60, 16 + room)
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
        Fill::Pattern(k, c) => {
            let placeholder = pattern_placeholder(k);
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], placeholder.filled()))?;
            outline(area, (x0, y0), (x1, y1), c)?;
        }
        Fill::Outline(c) => {
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], WHITE.filled()))?;
            outline(area, (x0, y0), (x1, y1), c)?;
        }
    }
    Ok(())
}

/// A rectangle's outline, 2 units wide (an outlined rectangle's SVG has
/// no stroke width: a path has), inside the rectangle.
fn outline<DB: Canvas>(
    area: &Area<DB>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    c: RGBColor,
) -> DrawResult {
    let (l, t, r, b) = (x0 + 1, y0 + 1, (x1 - 1).max(x0 + 1), (y1 - 1).max(y0 + 1));
    // Round the start once more, so its corner is joined like the others.
    let path = vec![(l, t), (r, t), (r, b), (l, b), (l, t), (r, t)];
    area.draw(&PathElement::new(path, c.stroke_width(2)))?;
    Ok(())
}

/// Round numbers for an axis: 0, step, 2 step ... >= max, in at most
/// `steps` steps.
pub(super) fn ticks(max: f64, steps: usize) -> Vec<f64> {
    if max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / steps.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// The ticks of an axis `room` units long up to `max`: as many as fit with
/// their labels side by side (`across`) or above each other, at most four
/// steps.
pub(super) fn axis_ticks(unit: &Unit, max: f64, room: i32, across: bool) -> Vec<f64> {
    for steps in (1..=4).rev() {
        let t = ticks(max, steps);
        let widest = if across {
            t.iter()
                .map(|v| text_width(&tick_label(unit, *v), false))
                .max()
                .unwrap_or(0)
        } else {
            LINE_H
        };
        if (t.len() as i32 - 1) * (widest + 12) <= room {
            return t;
        }
    }
    ticks(max, 1)
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

/// The size of a legend swatch, and the room from its left to its text.
const SWATCH: i32 = 18;
const SWATCH_ROOM: i32 = 26;
/// Room between two entries of a legend on one row.
const LEGEND_GAP: i32 = 20;

/// One entry of the series legend: where it goes and its name's lines.
pub(super) struct LegendEntry {
    x: i32,
    /// The middle of its first line.
    y: i32,
    lines: Vec<String>,
}

/// Where the entries of the series legend go at this width, in rows from
/// the top (a name too long for the width wraps, on a row of its own), and
/// the height they take. No legend for a single series.
pub(super) fn legend_layout(chart: &Chart, f: Frame) -> (Vec<LegendEntry>, i32) {
    if chart.series.len() < 2 {
        return (Vec::new(), 0);
    }
    let room = f.width - 8 - SWATCH_ROOM - 4;
    let mut entries = Vec::new();
    let (mut x, mut y, mut row_lines) = (8, LINE_H / 2 + 4, 1);
    for s in &chart.series {
        let lines = wrap_label(&s.name, room);
        let w = SWATCH_ROOM
            + lines
                .iter()
                .map(|l| text_width(l, false))
                .max()
                .unwrap_or(0);
        if x > 8 && (x + w > f.width - 4 || lines.len() > 1) {
            x = 8;
            y += row_lines * LINE_H + 8;
            row_lines = 1;
        }
        row_lines = row_lines.max(lines.len() as i32);
        entries.push(LegendEntry { x, y, lines });
        x += w + LEGEND_GAP;
    }
    let height = y + (row_lines - 1) * LINE_H + LINE_H / 2 + 12;
    (entries, height)
}

/// Draws the series legend laid out by [`legend_layout`]: each series'
/// fill (or for a line chart its line and marker) and its name.
pub(super) fn legend<DB: Canvas>(
    area: &Area<DB>,
    chart: &Chart,
    entries: &[LegendEntry],
    f: Frame,
) -> DrawResult {
    for (i, e) in entries.iter().enumerate() {
        let (x, y) = (e.x, e.y);
        let fill = series_fill(i, f.colours);
        if matches!(chart.kind, ChartKind::Line) {
            area.draw(&PathElement::new(
                vec![(x, y), (x + SWATCH, y)],
                fill.colour().stroke_width(3),
            ))?;
            marker(area, (x + SWATCH / 2, y), i, fill.colour())?;
        } else {
            let half = SWATCH / 2;
            draw_rect(area, (x, y - half), (x + SWATCH, y + half), fill)?;
        }
        for (k, line) in e.lines.iter().enumerate() {
            let at = (x + SWATCH_ROOM, y + k as i32 * LINE_H);
            text(area, line, at, HPos::Left, false)?;
        }
    }
    Ok(())
}

/// The height of the derived legend: a row when the chart marks derived
/// values.
pub(super) fn derived_height(chart: &Chart, f: Frame) -> i32 {
    match &chart.derived {
        Some(d) => wrap_label(&d.legend, f.width - 42).len() as i32 * LINE_H + 8,
        None => 0,
    }
}

/// The legend of derived values with its first line's middle at `y`:
/// their mark (an outlined bar or an asterisk) and what it means.
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
            (8, y - 9),
            (26, y + 9),
            Fill::Outline(rgb(f.colours.axis)),
        )?,
        DerivedValues::Flags { .. } => text(area, "*", (17, y), HPos::Center, true)?,
    }
    for (k, line) in wrap_label(&d.legend, f.width - 42).iter().enumerate() {
        text(area, line, (34, y + k as i32 * LINE_H), HPos::Left, false)?;
    }
    Ok(())
}

/// A point marker whose shape differs per series: filled circle, square,
/// triangle and diamond, then the same four open.
pub(super) fn marker<DB: Canvas>(
    area: &Area<DB>,
    (x, y): (i32, i32),
    series: usize,
    colour: RGBColor,
) -> DrawResult {
    let style = if series % 8 < 4 {
        colour.filled()
    } else {
        colour.stroke_width(2)
    };
    match series % 4 {
        0 => {
            area.draw(&Circle::new((x, y), 5, style))?;
        }
        1 => {
            area.draw(&Rectangle::new([(x - 5, y - 5), (x + 5, y + 5)], style))?;
        }
        2 => shape(
            area,
            vec![(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)],
            style,
        )?,
        _ => shape(
            area,
            vec![(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)],
            style,
        )?,
    }
    Ok(())
}

/// A closed shape through `points`: filled, or outlined when `style` has
/// no fill.
fn shape<DB: Canvas>(
    area: &Area<DB>,
    mut points: Vec<(i32, i32)>,
    style: ShapeStyle,
) -> DrawResult {
    if style.filled {
        area.draw(&Polygon::new(points, style))?;
    } else {
        points.push(points[0]);
        area.draw(&PathElement::new(points, style))?;
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
