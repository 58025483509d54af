//! Drawing charts as SVG with plotters. Text stays `<text>` (plotters'
//! SVG backend writes it as such, and needs no fonts to do so); the output
//! is wrapped with `role="img"`, `<title>` and `<desc>`, and made to scale
//! with its container. Everything is deterministic: same chart, same bytes.
//!
//! Series are told apart by fill (solid, hatched, outlined) as well as by
//! colour; status levels by shape and text label as well as by colour.

mod bars;
mod levels;
mod line;
mod primitives;
mod timeline;

use super::backend::{SvgWriter, ROOT_ATTRIBUTES, TEXT_RGB};
use super::colours::{ChartColours, Rgb};
use super::{Chart, ChartKind};
use crate::model::ColourToken;
use bars::{bars, bars_height};
use levels::{levels, levels_height};
use line::line;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use timeline::timeline;

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

/// The plotters colour of a theme colour.
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

/// The theme colour of a status level.
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

/// Draws `chart` anew, without the cache.
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

/// The height of the drawing of `chart` at this width.
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

#[cfg(test)]
mod tests {
    use super::primitives::{ticks, wrap_label};
    use super::*;
    use crate::chart::{Cell, ChartTexts, Derived, DerivedValues, LevelMark, Series, Span, Unit};

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
