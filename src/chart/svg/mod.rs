//! Drawing charts as SVG with plotters. Text stays `<text>` (plotters'
//! SVG backend writes it as such, and needs no fonts to do so); the output
//! is wrapped with `role="img"`, `<title>` and `<desc>`, and made to scale
//! with its container. Everything is deterministic: same chart, same bytes.
//!
//! Series are told apart by fill (solid, hatched, outlined, dotted, ...) as
//! well as by colour, and named in a legend; status levels by shape and
//! text label as well as by colour. Every text is [`FONT_PX`](super::backend::FONT_PX) high in the
//! drawing's units, and the drawings are [`WIDE`] and [`NARROW`] units
//! wide: shown no narrower than that (see koers.css), no chart text is
//! smaller than the page's body text.

mod bars;
mod levels;
mod line;
mod primitives;
mod timeline;

use super::backend::{SvgWriter, ROOT_ATTRIBUTES, TEXT_RGB};
use super::colours::{ChartColours, Rgb, SERIES};
use super::{Chart, ChartKind, LevelMark, Span};
use crate::model::ColourToken;
use bars::Bars;
use levels::{levels, levels_height};
use line::{line, line_height};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use timeline::{timeline, timeline_height};

/// The width of the drawing for wide screens. CSS shows it from 36rem (576
/// px) of viewport on, in a content column of 545 px or more (less 15 px
/// for a scroll bar: 530), never wider than 36rem: its 17-unit text is
/// 17.3 to 18.8 px there.
pub const WIDE: i32 = 520;
/// The width of the drawing for narrow screens (and of compact charts),
/// shown from a 288 px column (a 320 px viewport) to 20rem (320 px): its
/// text is 17.5 to 19.4 px.
pub const NARROW: i32 = 280;

/// The width a chart is drawn at (narrow charts put labels above the
/// bars), and the theme's colours it is drawn with.
#[derive(Clone, Copy)]
struct Frame<'c> {
    width: i32,
    narrow: bool,
    colours: &'c ChartColours,
}
/// The height of a line of text.
const LINE_H: i32 = 22;

/// Text colour: the one the `<svg>` element sets for the drawing's texts.
const TEXT: RGBColor = RGBColor(TEXT_RGB.0, TEXT_RGB.1, TEXT_RGB.2);

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

/// How a series is filled: solid, a pattern of its colour on the hatch
/// ground (with an outline of its colour), or outlined.
#[derive(Clone, Copy)]
enum Fill {
    Solid(RGBColor),
    /// The pattern of series `.0` (see [`pattern_def`]), in colour `.1`.
    Pattern(usize, RGBColor),
    Outline(RGBColor),
}

impl Fill {
    /// The colour of the fill, of its outline or its pattern.
    fn colour(self) -> RGBColor {
        match self {
            Fill::Solid(c) | Fill::Pattern(_, c) | Fill::Outline(c) => c,
        }
    }
}

/// The plotters colour of a theme colour.
fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// The fill of series `i`: the kind by position, the colour from the
/// theme; each of the [`SERIES`] series has its own of both.
fn series_fill(i: usize, colours: &ChartColours) -> Fill {
    let k = i % SERIES;
    let c = rgb(colours.series[k]);
    match k {
        0 => Fill::Solid(c),
        2 => Fill::Outline(c),
        _ => Fill::Pattern(k, c),
    }
}

/// Stands in for the pattern of series `k` while plotters draws; [`wrap`]
/// replaces it with `url(#...)`.
fn pattern_placeholder(k: usize) -> RGBColor {
    RGBColor(0x01, 0x02, k as u8)
}

/// How plotters writes [`pattern_placeholder`]: this, then `k` as two
/// hex digits.
const PLACEHOLDER_HEX: &str = "#0102";

/// The drawing's text in pieces: each run of plain SVG, followed by the
/// series whose pattern placeholder ends it (`None` for the last run).
fn placeholder_runs(body: &str) -> impl Iterator<Item = (&str, Option<usize>)> {
    let mut rest = Some(body);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut from = 0;
        while let Some(at) =
            memchr::memmem::find(&text.as_bytes()[from..], PLACEHOLDER_HEX.as_bytes())
                .map(|a| from + a)
        {
            let digits = text.get(at + PLACEHOLDER_HEX.len()..at + PLACEHOLDER_HEX.len() + 2);
            match digits.and_then(|d| usize::from_str_radix(d, 16).ok()) {
                Some(k) if k < SERIES => {
                    rest = Some(&text[at + PLACEHOLDER_HEX.len() + 2..]);
                    return Some((&text[..at], Some(k)));
                }
                _ => from = at + PLACEHOLDER_HEX.len(),
            }
        }
        rest = None;
        Some((text, None))
    })
}

/// The `<pattern>` of series `k`: stripes one way or the other, dots, a
/// cross-hatch, horizontal or vertical stripes, of `colour` on `ground`.
fn pattern_def(k: usize, id: &str, ground: &str, colour: &str) -> String {
    let (turn, marks) = match k {
        1 => (Some(45), format!("<rect width=\"3\" height=\"6\" fill=\"{colour}\"/>")),
        3 => (
            None,
            format!("<circle cx=\"3\" cy=\"3\" r=\"1.8\" fill=\"{colour}\"/>"),
        ),
        4 => (
            Some(45),
            format!("<rect width=\"2\" height=\"6\" fill=\"{colour}\"/><rect width=\"6\" height=\"2\" fill=\"{colour}\"/>"),
        ),
        5 => (Some(-45), format!("<rect width=\"3\" height=\"6\" fill=\"{colour}\"/>")),
        6 => (None, format!("<rect width=\"6\" height=\"3\" fill=\"{colour}\"/>")),
        _ => (None, format!("<rect width=\"3\" height=\"6\" fill=\"{colour}\"/>")),
    };
    let turn = turn.map_or(String::new(), |d| {
        format!(" patternTransform=\"rotate({d})\"")
    });
    format!("<pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"{turn}><rect width=\"6\" height=\"6\" fill=\"{ground}\"/>{marks}</pattern>")
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
/// layout, shown at its own size on every screen. A chart of more series
/// than have a fill of their own is drawn in parts of [`SERIES`] series
/// (its table and files keep them together).
pub fn draw(chart: &Chart, colours: &ChartColours) -> String {
    if chart.series.len() <= SERIES {
        return draw_whole(chart, colours, "");
    }
    let parts = chart.series.len().div_ceil(SERIES);
    chart
        .series
        .chunks(SERIES)
        .enumerate()
        .map(|(i, series)| {
            let part = chart.texts.part(i + 1, parts);
            let mut piece = Chart {
                title: format!("{} ({part})", chart.title),
                series: series.to_vec(),
                ..chart.clone()
            };
            if i > 0 {
                // The description says it once, for the whole chart.
                piece.description = piece.title.clone();
            }
            draw_whole(&piece, colours, &format!("-deel-{}", i + 1))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// [`draw`] for a chart of at most [`SERIES`] series; `part` tells its ids
/// from those of the other parts.
fn draw_whole(chart: &Chart, colours: &ChartColours, part: &str) -> String {
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
            (part, "chart-image chart-compact"),
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
        (part, "chart-image chart-wide"),
    );
    let narrow = wrap(
        chart,
        &drawn(chart, narrow),
        narrow,
        (&format!("{part}-smal"), "chart-image chart-narrow"),
    );
    format!("{wide}\n{narrow}")
}

/// A plotters drawing without its outer `<svg>` element, ready to wrap.
#[derive(Clone)]
struct Drawing {
    body: Arc<str>,
    height: i32,
    /// The series whose pattern the body uses, by their placeholder.
    patterns: Vec<usize>,
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
    let laid = Laid::new(chart, f);
    let height = laid.height();
    let mut buf = String::with_capacity(16 * 1024);
    let drawn = {
        let root = SvgWriter::new(&mut buf, (f.width as u32, height as u32)).into_drawing_area();
        laid.draw(&root)
    };
    if drawn.is_err() {
        buf.clear();
    }
    // [`wrap`] puts an accessible `<svg>` element around it.
    let body = buf.as_str();
    let mut patterns: Vec<usize> = placeholder_runs(body).filter_map(|(_, k)| k).collect();
    patterns.sort_unstable();
    patterns.dedup();
    Drawing {
        patterns,
        body: body.into(),
        height,
    }
}

/// A chart laid out at one width: its height first, then its drawing.
enum Laid<'c> {
    /// Laid out once for both.
    Bars(Bars<'c>),
    /// The other kinds lay themselves out as they draw.
    Line(&'c Chart, Frame<'c>),
    Levels(&'c Chart, &'c [LevelMark], Frame<'c>),
    Timeline(&'c [Span], &'c str, Frame<'c>),
}

impl<'c> Laid<'c> {
    fn new(chart: &'c Chart, f: Frame<'c>) -> Self {
        match &chart.kind {
            ChartKind::Bars => Laid::Bars(Bars::new(chart, false, f)),
            ChartKind::Stacked => Laid::Bars(Bars::new(chart, true, f)),
            ChartKind::Line => Laid::Line(chart, f),
            ChartKind::Levels(marks) => Laid::Levels(chart, marks, f),
            ChartKind::Timeline(spans) => Laid::Timeline(spans, &chart.texts.ongoing, f),
        }
    }

    /// The height of the drawing.
    fn height(&self) -> i32 {
        match self {
            Laid::Bars(bars) => bars.height(),
            Laid::Line(chart, f) => line_height(chart, *f),
            Laid::Levels(chart, _, f) => levels_height(chart, *f),
            Laid::Timeline(spans, _, f) => timeline_height(spans, *f),
        }
    }

    /// Draws the chart on `root`, a drawing area [`Laid::height`] high.
    fn draw<DB: Canvas>(&self, root: &Area<DB>) -> DrawResult {
        match self {
            Laid::Bars(bars) => bars.draw(root),
            Laid::Line(chart, f) => line(root, chart, *f),
            Laid::Levels(chart, marks, f) => levels(root, chart, marks, *f),
            Laid::Timeline(spans, ongoing, f) => timeline(root, spans, ongoing, *f),
        }?;
        root.present()?;
        Ok(())
    }
}

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
    if drawing.patterns.is_empty() {
        out.push_str(&drawing.body);
    } else {
        // The patterns of the series that have one, in place of their
        // placeholders.
        let pattern = |k: usize| format!("grafiek-{id}{suffix}-patroon-{}", k + 1);
        out.push_str("<defs>");
        for &k in &drawing.patterns {
            out.push_str(&pattern_def(
                k,
                &pattern(k),
                &f.colours.hatch_ground.hex(),
                &f.colours.series[k].hex(),
            ));
        }
        out.push_str("</defs>\n");
        for (run, k) in placeholder_runs(&drawing.body) {
            out.push_str(run);
            if let Some(k) = k {
                let _ = write!(out, "url(#{})", pattern(k));
            }
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::primitives::{text_width, ticks, wrap_label};
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
                let laid = Laid::new(&chart, f);
                let mut theirs = String::new();
                {
                    let size = (f.width as u32, laid.height() as u32);
                    let root = plotters_svg::SVGBackend::with_string(&mut theirs, size)
                        .into_drawing_area();
                    laid.draw(&root).unwrap();
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
        assert_eq!(ticks(475.0, 4), vec![0.0, 200.0, 400.0, 600.0]);
        assert_eq!(ticks(8.0, 4), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(8.0, 2), vec![0.0, 5.0, 10.0]);
        assert_eq!(ticks(0.0, 4), vec![0.0, 1.0]);
    }

    /// The fill of a series as the SVG shows it: its kind and colour.
    fn fill_key(f: Fill) -> (String, RGBColor) {
        match f {
            Fill::Solid(c) => ("solid".into(), c),
            Fill::Outline(c) => ("outline".into(), c),
            Fill::Pattern(k, c) => (format!("pattern {k}"), c),
        }
    }

    #[test]
    fn eight_series_each_have_their_own_fill_and_colour() {
        let colours = ChartColours::builtin();
        let fills: Vec<(String, RGBColor)> = (0..SERIES)
            .map(|i| fill_key(series_fill(i, &colours)))
            .collect();
        for (i, (kind, colour)) in fills.iter().enumerate() {
            for (other_kind, other_colour) in &fills[..i] {
                assert_ne!(kind, other_kind, "series {i}");
                assert_ne!(colour, other_colour, "series {i}");
            }
        }
        // Every pattern is a different one.
        let defs: Vec<String> = (1..SERIES)
            .filter(|k| *k != 2)
            .map(|k| pattern_def(k, "p", "#fff", "#000"))
            .collect();
        for (i, d) in defs.iter().enumerate() {
            assert!(!defs[..i].contains(d), "{d}");
        }
    }

    /// A money chart of `n` series.
    fn many_series(n: usize) -> Chart {
        let series = (0..n)
            .map(|i| Series {
                name: format!("Reeks {}", i + 1),
                values: vec![Cell::Number(1000.0 * (i + 1) as f64); 3],
            })
            .collect();
        chart(ChartKind::Bars, Unit::Euro, series)
    }

    #[test]
    fn every_series_of_eight_is_drawn_in_its_fill_with_its_legend() {
        let colours = ChartColours::builtin();
        let svg = draw(&many_series(8), &colours);
        // Wide and narrow: a pattern for each of the six patterned series.
        assert_eq!(svg.matches("<pattern ").count(), 12);
        for i in 1..=8 {
            assert_eq!(svg.matches(&format!(">Reeks {i}<")).count(), 2, "{i}");
        }
        assert!(!svg.contains("#0102"), "every placeholder is replaced");
    }

    #[test]
    fn a_chart_of_more_than_eight_series_is_drawn_in_parts() {
        let colours = ChartColours::builtin();
        let svg = draw(&many_series(10), &colours);
        for id in [
            "grafiek-test-deel-1-titel",
            "grafiek-test-deel-1-smal-titel",
            "grafiek-test-deel-2-titel",
            "grafiek-test-deel-2-smal-titel",
        ] {
            assert_eq!(svg.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
        }
        assert!(svg.contains(">Test (deel 1 van 2)</title>"));
        assert!(svg.contains(">Test (deel 2 van 2)</title>"));
        assert!(svg.contains(">Reeks 10<"));
    }

    #[test]
    fn every_text_is_as_large_as_body_text_at_the_smallest_width_shown() {
        // The narrow drawing is shown from a 288 px column, the wide one
        // from 530 px (a 577 px viewport less its padding and a scroll bar).
        let colours = ChartColours::builtin();
        for chart in every_kind() {
            let svg = format!("<div>{}</div>", draw(&chart, &colours));
            let doc = roxmltree::Document::parse(&svg).unwrap();
            for root in doc.root_element().children().filter(|n| n.is_element()) {
                let view_width: f64 = root.attribute("width").unwrap().parse().unwrap();
                let shown = if root.attribute("class").unwrap().contains("chart-wide") {
                    530.0
                } else {
                    288.0
                };
                let root_px: f64 = root.attribute("font-size").unwrap().parse().unwrap();
                for t in root.descendants().filter(|n| n.has_tag_name("text")) {
                    let px = t
                        .attribute("font-size")
                        .map_or(root_px, |p| p.parse().unwrap());
                    assert!(
                        px * shown / view_width >= 17.0,
                        "{:?}: {:?} at {px}",
                        chart.kind,
                        t.text()
                    );
                }
            }
        }
    }

    #[test]
    fn labels_wrap_at_word_boundaries() {
        let label = "ICT-systemen optimaal beheersbaar én flexibel: (hoe) kan dat?";
        let lines = wrap_label(label, 200);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, false) <= 200));
        assert_eq!(lines.join(" "), label);
        // A word wider than the room breaks after its hyphen.
        assert_eq!(
            wrap_label("Informatievoorzienings-systeemarchitectuur", 260),
            ["Informatievoorzienings-", "systeemarchitectuur"]
        );
        // One without a hyphen in pieces that fit.
        let lines = wrap_label("Omgevingsvisieflevoland.nl", 120);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, false) <= 120));
        assert_eq!(lines.concat(), "Omgevingsvisieflevoland.nl");
        assert_eq!(
            wrap_label("5C ICT-toekomstvast", 400),
            ["5C ICT-toekomstvast"]
        );
    }

    #[test]
    fn text_is_measured_as_dejavu_sans_draws_it() {
        // As Chromium measures them in DejaVu Sans at 17 px.
        for (s, measured) in [
            ("afgeleid door de redactie", 214.0),
            ("Investering voorzien", 174.0),
            ("€ 1.153.000", 103.0),
        ] {
            let w = f64::from(text_width(s, false));
            assert!(w >= measured && w <= measured * 1.06, "{s}: {w}");
        }
    }
}
