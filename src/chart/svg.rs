//! Drawing charts as SVG with plotters. Text stays `<text>` (plotters'
//! SVG backend writes it as such, and needs no fonts to do so); the output
//! is wrapped with `role="img"`, `<title>` and `<desc>`, and made to scale
//! with its container. Everything is deterministic: same chart, same bytes.
//!
//! Series are told apart by fill (solid, hatched, outlined) as well as by
//! colour; status levels by shape and text label as well as by colour.

use super::backend::{SvgWriter, FONT_PX, ROOT_ATTRIBUTES, TEXT_RGB};
use super::colours::{ChartColours, Rgb};
use super::{Cell, Chart, ChartKind, DerivedValues, LevelMark, Span, Unit};
use crate::model::ColourToken;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

const WIDE: i32 = 760;
const NARROW: i32 = 340;

/// The width a chart is drawn at (narrow charts put labels above the
/// bars), and the theme's colours it is drawn with.
#[derive(Clone, Copy)]
struct Frame<'c> {
    width: i32,
    narrow: bool,
    colours: &'c ChartColours,
}
const LINE_H: i32 = 18;

/// Text colour: the one the `<svg>` element sets for the drawing's texts.
const TEXT: RGBColor = RGBColor(TEXT_RGB.0, TEXT_RGB.1, TEXT_RGB.2);
/// Stands in for the hatch pattern; replaced by `url(#...)` afterwards.
const HATCH: RGBColor = RGBColor(0x01, 0x02, 0x03);

/// Where a chart is drawn: koers' [`SvgWriter`], or in tests plotters' own
/// SVG backend, to compare.
type Area<DB> = DrawingArea<DB, Shift>;

/// A plotters backend whose errors can be passed on.
trait Canvas: DrawingBackend<ErrorType = <Self as Canvas>::Failure> {
    type Failure: std::error::Error + Send + Sync + 'static;
}

impl<DB: DrawingBackend> Canvas for DB
where
    DB::ErrorType: 'static,
{
    type Failure = DB::ErrorType;
}
type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// How a series is filled; a hatched fill has stripes (and an outline) of
/// its colour.
#[derive(Clone, Copy)]
enum Fill {
    Solid(RGBColor),
    Hatched(RGBColor),
    Outline(RGBColor),
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// The fill of series `i`: the kind by position, the colour from the theme.
fn series_fill(i: usize, colours: &ChartColours) -> Fill {
    let c = rgb(colours.series[i % 5]);
    match i % 5 {
        0 | 3 => Fill::Solid(c),
        1 => Fill::Hatched(c),
        _ => Fill::Outline(c),
    }
}

fn token_colour(t: ColourToken, colours: &ChartColours) -> RGBColor {
    let s = &colours.status;
    rgb(match t {
        ColourToken::Green => s.green,
        ColourToken::Amber => s.amber,
        ColourToken::Red => s.red,
        ColourToken::Blue => s.blue,
        ColourToken::Grey => s.grey,
    })
}

/// Draws the chart twice, for wide and for narrow screens (CSS shows one),
/// and returns both `<svg>` elements; a compact chart once, in the narrow
/// layout, shown at its own size on every screen.
pub fn draw(chart: &Chart, colours: &ChartColours) -> String {
    let narrow = Frame {
        width: NARROW,
        narrow: true,
        colours,
    };
    if chart.compact {
        return wrap(
            chart,
            &drawn(chart, narrow),
            narrow,
            ("", "chart-image chart-compact"),
        );
    }
    let wide = Frame {
        width: WIDE,
        narrow: false,
        colours,
    };
    let wide = wrap(
        chart,
        &drawn(chart, wide),
        wide,
        ("", "chart-image chart-wide"),
    );
    let narrow = wrap(
        chart,
        &drawn(chart, narrow),
        narrow,
        ("-smal", "chart-image chart-narrow"),
    );
    format!("{wide}\n{narrow}")
}

/// A plotters drawing without its outer `<svg>` element, ready to wrap.
#[derive(Clone)]
struct Drawing {
    body: Arc<str>,
    height: i32,
    /// True when the body uses the hatch placeholder colour.
    hatched: bool,
}

/// Drawings made so far, by what they depend on (see [`drawing_key`]): on
/// a site many charts look alike (a story on plan in every report), and
/// drawing is the costly part of a chart. Bounded: cleared when full.
static DRAWINGS: OnceLock<Mutex<HashMap<u64, Drawing>>> = OnceLock::new();
const DRAWINGS_KEPT: usize = 4096;

/// Everything the drawing shows; not the id, title and description, which
/// [`wrap`] adds.
fn drawing_key(chart: &Chart, f: Frame) -> u64 {
    crate::fingerprint::hash_of(&(
        &chart.kind,
        &chart.unit,
        &chart.categories,
        &chart.series,
        &chart.marks,
        &chart.derived,
        &chart.texts,
        f.width,
        f.narrow,
        f.colours,
    ))
}

/// The plotters drawing of `chart`, from the cache when it was made before.
fn drawn(chart: &Chart, f: Frame) -> Drawing {
    let key = drawing_key(chart, f);
    let cache = DRAWINGS.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let made = draw_fresh(chart, f);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= DRAWINGS_KEPT {
            c.clear();
        }
        c.insert(key, made.clone());
    }
    made
}

fn draw_fresh(chart: &Chart, f: Frame) -> Drawing {
    let height = drawing_height(chart, f);
    let mut buf = String::with_capacity(16 * 1024);
    let drawn = {
        let root = SvgWriter::new(&mut buf, (f.width as u32, height as u32)).into_drawing_area();
        draw_on(&root, chart, height, f)
    };
    if drawn.is_err() {
        buf.clear();
    }
    // [`wrap`] puts an accessible `<svg>` element around it.
    let body = buf.as_str();
    Drawing {
        hatched: body.contains(HATCH_HEX),
        body: body.into(),
        height,
    }
}

fn drawing_height(chart: &Chart, f: Frame) -> i32 {
    match &chart.kind {
        ChartKind::Bars | ChartKind::Stacked => bars_height(chart, f),
        ChartKind::Line => 320,
        ChartKind::Levels(_) => levels_height(chart, f),
        ChartKind::Timeline(spans) => 60 + spans.len() as i32 * 36,
    }
}

/// Draws `chart` on `root`, a drawing area `height` high.
fn draw_on<DB: Canvas>(root: &Area<DB>, chart: &Chart, height: i32, f: Frame) -> DrawResult {
    match &chart.kind {
        ChartKind::Bars => bars(root, chart, false, f),
        ChartKind::Stacked => bars(root, chart, true, f),
        ChartKind::Line => line(root, chart, height, f),
        ChartKind::Levels(marks) => levels(root, chart, marks, f),
        ChartKind::Timeline(spans) => timeline(root, spans, &chart.texts.ongoing, f),
    }?;
    root.present()?;
    Ok(())
}

/// How plotters writes [`HATCH`].
const HATCH_HEX: &str = "#010203";

/// Puts an accessible, scalable `<svg>` element around a drawing; `suffix`
/// tells its ids from those of the chart's other drawing.
fn wrap(chart: &Chart, drawing: &Drawing, f: Frame, (suffix, class): (&str, &str)) -> String {
    use crate::escape::Escaped;
    use std::fmt::Write;
    let (width, height) = (f.width, drawing.height);
    let id = Escaped(&chart.id);
    let mut out = String::with_capacity(drawing.body.len() + 1024);
    // Writing into a String cannot fail.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"grafiek-{id}{suffix}-titel grafiek-{id}{suffix}-omschrijving\" class=\"{class}\"{ROOT_ATTRIBUTES}>\n\
         <title id=\"grafiek-{id}{suffix}-titel\">{title}</title>\n<desc id=\"grafiek-{id}{suffix}-omschrijving\">{desc}</desc>\n",
        title = Escaped(&chart.title),
        desc = Escaped(&chart.description),
    );
    if drawing.hatched {
        // The hatch pattern, for the drawings that fill with it.
        let _ = writeln!(
            out,
            "<defs><pattern id=\"grafiek-{id}{suffix}-arcering\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{ground}\"/><rect width=\"3\" height=\"6\" fill=\"{stripe}\"/></pattern></defs>",
            ground = f.colours.hatch_ground.hex(),
            stripe = f.colours.series[1].hex(),
        );
        for (i, piece) in drawing.body.split(HATCH_HEX).enumerate() {
            if i > 0 {
                let _ = write!(out, "url(#grafiek-{id}{suffix}-arcering)");
            }
            out.push_str(piece);
        }
    } else {
        out.push_str(&drawing.body);
    }
    out.push_str("</svg>");
    out
}

fn font(px: f64) -> FontDesc<'static> {
    // plotters writes font-size as size / 1.24.
    ("sans-serif", px * 1.24).into_font()
}

fn text<DB: Canvas>(
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
fn wrap_label(label: &str, width: usize) -> Vec<String> {
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

const LABEL_CHARS: usize = 30;

fn label_width(labels: &[String]) -> i32 {
    let longest = labels
        .iter()
        .flat_map(|l| wrap_label(l, LABEL_CHARS))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(4);
    ((longest as f64 * FONT_PX * 0.55) as i32 + 16).clamp(60, 280)
}

fn draw_rect<DB: Canvas>(
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
fn ticks(max: f64) -> Vec<f64> {
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

fn tick_label(unit: &Unit, v: f64) -> String {
    match unit {
        Unit::Euro if v >= 1_000_000.0 => {
            format!("{} mln", super::dutch_decimal(v / 1_000_000.0, 2))
        }
        Unit::Euro if v >= 1_000.0 => format!("{}k", super::dutch_decimal(v / 1_000.0, 1)),
        Unit::Euro => super::dutch_decimal(v, 0),
        other => other.format_short(v),
    }
}

fn legend<DB: Canvas>(area: &Area<DB>, chart: &Chart, f: Frame) -> DrawResult {
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
fn label_chars(f: Frame) -> usize {
    if f.narrow {
        40
    } else {
        LABEL_CHARS
    }
}

struct BarsLayout {
    top: i32,
    bar_h: i32,
    /// Height of each category's group.
    groups: Vec<i32>,
    /// Left and right end of the value axis.
    x0: i32,
    x1: i32,
}

fn bars_layout(chart: &Chart, f: Frame) -> BarsLayout {
    let stacked = matches!(chart.kind, ChartKind::Stacked);
    let n = chart.series.len().max(1) as i32;
    let bar_h = if n == 1 || stacked { 18 } else { 14 };
    let bars_h = if stacked { bar_h } else { n * (bar_h + 3) };
    let legend_rows = if chart.series.len() > 1 {
        legend_rows(chart, f)
    } else {
        0
    };
    let lines = |c: &String| wrap_label(c, label_chars(f)).len() as i32 * LINE_H;
    let groups = chart
        .categories
        .iter()
        .map(|c| {
            if f.narrow {
                lines(c) + bars_h + 16
            } else {
                bars_h.max(lines(c)) + 14
            }
        })
        .collect();
    let value_room = if stacked {
        24
    } else if f.narrow {
        96
    } else {
        130
    };
    let marks_room = if chart.marks.is_some() { 24 } else { 0 };
    let x0 = if f.narrow {
        8
    } else {
        label_width(&chart.categories) + marks_room
    };
    BarsLayout {
        top: (legend_rows + derived_rows(chart)) * 26 + 8,
        bar_h,
        groups,
        x0,
        x1: f.width - value_room,
    }
}

fn bars_height(chart: &Chart, f: Frame) -> i32 {
    let l = bars_layout(chart, f);
    l.top + l.groups.iter().sum::<i32>() + 34
}

/// The row of the derived legend: one when the chart marks derived values.
fn derived_rows(chart: &Chart) -> i32 {
    i32::from(chart.derived.is_some())
}

/// The legend of derived values at height `y`: their mark (an outlined bar
/// or an asterisk) and what it means.
fn derived_legend<DB: Canvas>(area: &Area<DB>, chart: &Chart, y: i32, f: Frame) -> DrawResult {
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
fn legend_rows(chart: &Chart, f: Frame) -> i32 {
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

fn bars<DB: Canvas>(area: &Area<DB>, chart: &Chart, stacked: bool, f: Frame) -> DrawResult {
    let l = bars_layout(chart, f);
    let (top, bar_h, x0, x1) = (l.top, l.bar_h, l.x0, l.x1);
    let value_at = |s: &super::Series, i: usize| s.values.get(i).copied().unwrap_or(Cell::Empty);
    let max = (0..chart.categories.len())
        .map(|i| {
            let nums = chart.series.iter().filter_map(|s| value_at(s, i).number());
            if stacked {
                nums.sum::<f64>()
            } else {
                nums.fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max);
    let ticks = ticks(max);
    let axis_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let x_of = |v: f64| x0 + ((v / axis_max) * f64::from(x1 - x0)).round() as i32;
    let bottom = top + l.groups.iter().sum::<i32>();

    if chart.series.len() > 1 {
        legend(area, chart, f)?;
    }
    let series_rows = if chart.series.len() > 1 {
        legend_rows(chart, f)
    } else {
        0
    };
    derived_legend(area, chart, 16 + series_rows * 26, f)?;
    for t in &ticks {
        let x = x_of(*t);
        // Narrow charts have labels above the bars: no grid through them.
        let grid_top = if f.narrow { bottom - 6 } else { top };
        area.draw(&PathElement::new(
            vec![(x, grid_top), (x, bottom)],
            rgb(f.colours.grid).stroke_width(1),
        ))?;
        text(
            area,
            &tick_label(&chart.unit, *t),
            (x, bottom + 16),
            HPos::Center,
            12.0,
            false,
        )?;
    }
    let mut y = top;
    for (i, category) in chart.categories.iter().enumerate() {
        let gh = l.groups[i];
        let lines = wrap_label(category, label_chars(f));
        let bars_h = if stacked {
            bar_h
        } else {
            chart.series.len() as i32 * (bar_h + 3)
        };
        let mark = chart.marks.as_ref().and_then(|m| m.get(i));
        let mut by = if f.narrow {
            let indent = if mark.is_some() { 18 } else { 0 };
            if let Some(m) = mark {
                level_shape(area, (x0 + 7, y + 9), m.colour, 6, f.colours)?;
            }
            for (k, line) in lines.iter().enumerate() {
                text(
                    area,
                    line,
                    (x0 + indent, y + 9 + k as i32 * LINE_H),
                    HPos::Left,
                    FONT_PX,
                    false,
                )?;
            }
            y + lines.len() as i32 * LINE_H + 2
        } else {
            let first = y + gh / 2 - (lines.len() as i32 - 1) * LINE_H / 2 - 6;
            for (k, line) in lines.iter().enumerate() {
                text(
                    area,
                    line,
                    (
                        x0 - 8 - if chart.marks.is_some() { 24 } else { 0 },
                        first + k as i32 * LINE_H,
                    ),
                    HPos::Right,
                    FONT_PX,
                    false,
                )?;
            }
            y + (gh - 14 - bars_h) / 2 + 1
        };

        if let (Some(m), false) = (mark, f.narrow) {
            level_shape(area, (x0 - 16, by + bar_h / 2), m.colour, 7, f.colours)?;
        }
        let mut stack_x = x0;
        for (k, s) in chart.series.iter().enumerate() {
            let fill = match mark {
                Some(m) => Fill::Solid(token_colour(m.colour, f.colours)),
                None => series_fill(k, f.colours),
            };
            match value_at(s, i) {
                Cell::Number(v) => {
                    let (bx0, bx1) = if stacked {
                        (stack_x, stack_x + x_of(v) - x0)
                    } else {
                        (x0, x_of(v))
                    };
                    // The derived part of the first series' bar is its end, outlined.
                    let derived = match (&chart.derived, k, stacked) {
                        (Some(d), 0, false) => (d.count(i) as f64).min(v),
                        _ => 0.0,
                    };
                    if derived > 0.0 && bx1 > bx0 {
                        let split = x_of(v - derived);
                        if split > bx0 {
                            draw_rect(area, (bx0, by), (split, by + bar_h), fill)?;
                        }
                        let outline = match fill {
                            Fill::Solid(c) | Fill::Hatched(c) | Fill::Outline(c) => c,
                        };
                        draw_rect(area, (split, by), (bx1, by + bar_h), Fill::Outline(outline))?;
                    } else if bx1 > bx0 {
                        draw_rect(area, (bx0, by), (bx1, by + bar_h), fill)?;
                    } else {
                        area.draw(&PathElement::new(
                            vec![(bx0, by), (bx0, by + bar_h)],
                            rgb(f.colours.axis).stroke_width(2),
                        ))?;
                    }
                    if !stacked {
                        text(
                            area,
                            &chart.unit.format(v),
                            (bx1 + 6, by + bar_h / 2),
                            HPos::Left,
                            12.0,
                            false,
                        )?;
                    }
                    stack_x = bx1;
                }
                Cell::Pm if !stacked => {
                    area.draw(&Rectangle::new(
                        [(x0 + 2, by), (x0 + 34, by + bar_h)],
                        rgb(f.colours.axis).stroke_width(1),
                    ))?;
                    text(
                        area,
                        "PM",
                        (x0 + 18, by + bar_h / 2),
                        HPos::Center,
                        12.0,
                        true,
                    )?;
                    text(
                        area,
                        &chart.texts.unknown,
                        (x0 + 40, by + bar_h / 2),
                        HPos::Left,
                        12.0,
                        false,
                    )?;
                }
                Cell::Pm | Cell::Empty => {}
            }
            if !stacked {
                by += bar_h + 3;
            }
        }
        if stacked && chart.series.iter().any(|s| value_at(s, i) == Cell::Pm) {
            text(
                area,
                "+ PM",
                (stack_x + 6, by + bar_h / 2),
                HPos::Left,
                12.0,
                true,
            )?;
        }
        y += gh;
    }
    if f.narrow {
        area.draw(&PathElement::new(
            vec![(x0, bottom), (x1, bottom)],
            rgb(f.colours.axis).stroke_width(1),
        ))?;
    } else {
        area.draw(&PathElement::new(
            vec![(x0, top), (x0, bottom)],
            rgb(f.colours.axis).stroke_width(2),
        ))?;
    }
    Ok(())
}

fn line<DB: Canvas>(area: &Area<DB>, chart: &Chart, height: i32, f: Frame) -> DrawResult {
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

/// A point marker whose shape differs per series.
fn marker<DB: Canvas>(
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
fn level_shape<DB: Canvas>(
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

fn levels_chars(f: Frame) -> usize {
    if f.narrow {
        14
    } else {
        LABEL_CHARS
    }
}

fn levels_height(chart: &Chart, f: Frame) -> i32 {
    let rows: i32 = chart
        .categories
        .iter()
        .map(|c| (wrap_label(c, levels_chars(f)).len() as i32 * LINE_H).max(30) + 10)
        .sum();
    48 + rows + 8 + derived_rows(chart) * 26
}

fn levels<DB: Canvas>(area: &Area<DB>, chart: &Chart, marks: &[LevelMark], f: Frame) -> DrawResult {
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

fn timeline<DB: Canvas>(area: &Area<DB>, spans: &[Span], ongoing: &str, f: Frame) -> DrawResult {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartTexts, Derived, Series};

    fn chart(kind: ChartKind, unit: Unit, series: Vec<Series>) -> Chart {
        Chart {
            id: "test".into(),
            title: "Test".into(),
            description: "Een test".into(),
            kind,
            unit,
            category_header: "Rapportage".into(),
            categories: vec![
                "Plateau 3 (medio juni 2018)".into(),
                "Een heel lange naam van een categorie die over regels breekt".into(),
                "R & D <2025>".into(),
            ],
            series,
            note: None,
            marks: None,
            compact: false,
            derived: None,
            texts: ChartTexts::default(),
        }
    }

    fn money() -> Vec<Series> {
        let cells = |v: [Cell; 3]| v.to_vec();
        vec![
            Series {
                name: "Begroot".into(),
                values: cells([Cell::Number(250_000.0), Cell::Pm, Cell::Number(1_675_000.5)]),
            },
            Series {
                name: "Besteed en verplicht".into(),
                values: cells([Cell::Number(0.0), Cell::Empty, Cell::Number(12.25)]),
            },
            Series {
                name: "Prognose".into(),
                values: cells([Cell::Number(230_000.0), Cell::Number(5.0), Cell::Pm]),
            },
        ]
    }

    /// One chart of every kind, with PM, empty and fractional values,
    /// long and escaped labels.
    fn every_kind() -> Vec<Chart> {
        let levels = vec![
            LevelMark {
                label: "Volgens plan".into(),
                colour: ColourToken::Green,
            },
            LevelMark {
                label: "Binnen marge".into(),
                colour: ColourToken::Amber,
            },
            LevelMark {
                label: "Buiten marge".into(),
                colour: ColourToken::Red,
            },
        ];
        let mut marked = chart(ChartKind::Bars, Unit::Count, money()[..1].to_vec());
        marked.marks = Some(levels.clone());
        let mut marked_derived = marked.clone();
        marked_derived.derived = Some(Derived {
            header: "Waarvan afgeleid".into(),
            legend: "afgeleid door de redactie".into(),
            values: DerivedValues::Counts(vec![3, 0, 2]),
        });
        let status = || {
            chart(
                ChartKind::Levels(levels.clone()),
                Unit::Count,
                vec![Series {
                    name: "Status".into(),
                    values: vec![Cell::Number(0.0), Cell::Number(2.0), Cell::Empty],
                }],
            )
        };
        let mut status_derived = status();
        status_derived.derived = Some(Derived {
            header: "Afgeleid".into(),
            legend: "afgeleid door de redactie".into(),
            values: DerivedValues::Flags {
                flags: vec![false, true, false],
                yes: "ja".into(),
                no: "nee".into(),
            },
        });
        vec![
            chart(ChartKind::Bars, Unit::Euro, money()),
            chart(ChartKind::Stacked, Unit::Euro, money()),
            chart(ChartKind::Line, Unit::Other("%".into()), money()),
            marked,
            marked_derived,
            status(),
            status_derived,
            chart(
                ChartKind::Timeline(vec![
                    Span {
                        label: "Fase 1".into(),
                        start: Some((2021.0, "2021".into())),
                        end: Some((2022.5, "medio 2022".into())),
                    },
                    Span {
                        label: "Fase 2".into(),
                        start: Some((2022.5, "medio 2022".into())),
                        end: None,
                    },
                ]),
                Unit::Count,
                Vec::new(),
            ),
        ]
    }

    #[test]
    fn every_chart_is_drawn_as_plotters_own_svg_backend_draws_it() {
        use crate::chart::backend::{document, picture};
        let (mut ours_bytes, mut theirs_bytes) = (0, 0);
        let colours = ChartColours::builtin();
        for chart in every_kind() {
            for f in [
                Frame {
                    width: WIDE,
                    narrow: false,
                    colours: &colours,
                },
                Frame {
                    width: NARROW,
                    narrow: true,
                    colours: &colours,
                },
            ] {
                let height = drawing_height(&chart, f);
                let mut theirs = String::new();
                {
                    let size = (f.width as u32, height as u32);
                    let root = plotters_svg::SVGBackend::with_string(&mut theirs, size)
                        .into_drawing_area();
                    draw_on(&root, &chart, height, f).unwrap();
                }
                let ours = draw_fresh(&chart, f);
                assert!(ours.body.contains("<text"), "{:?}", chart.kind);
                ours_bytes += ours.body.len();
                theirs_bytes += theirs.len();
                assert_eq!(
                    picture(&document(&ours.body)),
                    picture(&theirs),
                    "{:?} at {}",
                    chart.kind,
                    f.width
                );
            }
        }
        // Pages carry two drawings of every chart: their bytes count.
        assert!(
            ours_bytes * 3 < theirs_bytes * 2,
            "{ours_bytes} bytes against plotters' {theirs_bytes}"
        );
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(475.0), vec![0.0, 200.0, 400.0, 600.0]);
        assert_eq!(ticks(8.0), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
    }

    #[test]
    fn labels_wrap_at_word_boundaries() {
        let lines = wrap_label(
            "ICT-systemen optimaal beheersbaar én flexibel: (hoe) kan dat?",
            30,
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
        assert_eq!(
            lines.join(" "),
            "ICT-systemen optimaal beheersbaar én flexibel: (hoe) kan dat?"
        );
    }
}
