//! The plotters drawing backend koers draws its charts with: it writes SVG
//! elements straight into a `String`.
//!
//! It writes the same markup, byte for byte, as plotters' own `SVGBackend`
//! (plotters-svg 0.3) writes after its `<svg>` tag, which [`super::svg`]
//! replaces with an accessible one anyway. `SVGBackend` formats every
//! attribute into a `String` of its own and collects them in a `Vec` before
//! writing them out: about 6 500 instructions per `<text>` element, which
//! made drawing the largest part of a story page's cost. This backend writes
//! each element with one `write!` and no allocation; the tests below draw the
//! same elements with both backends and compare the bytes.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::fmt::{self, Display, Write};

/// Writes the elements of one drawing into `out`: everything that would be
/// inside the `<svg>` element, starting with the line break that follows
/// its opening tag.
pub struct SvgWriter<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

impl<'a> SvgWriter<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        out.push('\n');
        SvgWriter { out, size }
    }
}

/// Writing into a `String` cannot fail; the error type only exists because
/// [`DrawingBackend`] asks for one.
#[derive(Debug)]
pub struct Never;

impl Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("writing SVG into memory failed")
    }
}

impl std::error::Error for Never {}

type Drawn = Result<(), DrawingErrorKind<Never>>;

/// A colour as `#RRGGBB`, as plotters writes it.
struct Hex(BackendColor);

impl Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        let (r, g, b) = self.0.rgb;
        let mut hex = *b"#000000";
        for (i, byte) in [r, g, b].into_iter().enumerate() {
            hex[1 + 2 * i] = DIGITS[usize::from(byte >> 4)];
            hex[2 + 2 * i] = DIGITS[usize::from(byte & 0xf)];
        }
        f.write_str(std::str::from_utf8(&hex).map_err(|_| fmt::Error)?)
    }
}

/// A number as `f64`'s `Display` writes it, whole numbers (nearly all:
/// opacity 1, font size 14) by the faster integer path.
struct Num(f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let whole = v.fract() == 0.0 && v.abs() < 1e15;
        if whole && !(v == 0.0 && v.is_sign_negative()) {
            (v as i64).fmt(f)
        } else {
            v.fmt(f)
        }
    }
}

/// An attribute value with `<`, `>`, `&`, `"` and `'` escaped, as plotters
/// escapes them.
struct Escaped<'s>(&'s str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['<', '>', '&', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'&' => "&amp;",
                b'"' => "&quot;",
                _ => "&apos;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

fn done(written: fmt::Result) -> Drawn {
    written.map_err(|_| DrawingErrorKind::DrawingError(Never))
}

/// `fill` and `stroke` of a shape that is either filled or outlined.
fn paint(color: BackendColor, fill: bool) -> (Paint, Paint) {
    if fill {
        (Paint::Colour(color), Paint::None)
    } else {
        (Paint::None, Paint::Colour(color))
    }
}

enum Paint {
    None,
    Colour(BackendColor),
}

impl Display for Paint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Paint::None => f.write_str("none"),
            Paint::Colour(c) => Hex(*c).fmt(f),
        }
    }
}

impl SvgWriter<'_> {
    /// A polyline or polygon: `head` (the tag up to its `points` value),
    /// then `x,y x,y ` as plotters writes the points.
    fn with_points(
        &mut self,
        head: fmt::Arguments,
        path: impl IntoIterator<Item = BackendCoord>,
    ) -> Drawn {
        done((|| {
            self.out.write_fmt(head)?;
            for (x, y) in path {
                write!(self.out, "{x},{y} ")?;
            }
            self.out.write_str("\"/>\n")
        })())
    }
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha == 0.0 {
            return Ok(());
        }
        done(writeln!(
            self.out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\" stroke=\"none\" opacity=\"{}\" fill=\"{}\"/>",
            Num(color.alpha),
            Hex(color)
        ))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        (x1, y1): BackendCoord,
        (x2, y2): BackendCoord,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        done(writeln!(
            self.out,
            "<line opacity=\"{}\" stroke=\"{}\" stroke-width=\"{}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>",
            Num(c.alpha),
            Hex(c),
            style.stroke_width()
        ))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let (fill, stroke) = paint(c, fill);
        done(writeln!(
            self.out,
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" opacity=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
            x1 - x0,
            y1 - y0,
            Num(c.alpha)
        ))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.with_points(
            format_args!(
                "<polyline fill=\"none\" opacity=\"{}\" stroke=\"{}\" stroke-width=\"{}\" points=\"",
                Num(c.alpha),
                Hex(c),
                style.stroke_width()
            ),
            path,
        )
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.with_points(
            format_args!(
                "<polygon opacity=\"{}\" fill=\"{}\" points=\"",
                Num(c.alpha),
                Hex(c)
            ),
            path,
        )
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (cx, cy): BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let (fill, stroke) = paint(c, fill);
        done(writeln!(
            self.out,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" opacity=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            Num(c.alpha),
            style.stroke_width()
        ))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        done((|| {
            write!(
                self.out,
                "<text x=\"{x}\" y=\"{y}\" dy=\"{dy}\" text-anchor=\"{anchor}\" font-family=\"{}\" font-size=\"{}\" opacity=\"{}\" fill=\"{}\"",
                Escaped(style.family().as_str()),
                Num(style.size() / 1.24),
                Num(c.alpha),
                Hex(c)
            )?;
            match style.style() {
                FontStyle::Normal => {}
                FontStyle::Bold => self.out.write_str(" font-weight=\"bold\"")?,
                other => write!(self.out, " font-style=\"{}\"", other.as_str())?,
            }
            let turn = match style.transform() {
                FontTransform::Rotate90 => Some(90),
                FontTransform::Rotate180 => Some(180),
                FontTransform::Rotate270 => Some(270),
                _ => None,
            };
            if let Some(degrees) = turn {
                write!(self.out, " transform=\"rotate({degrees}, {x}, {y})\"")?;
            }
            writeln!(self.out, ">\n{}\n</text>", Escaped(text))
        })())
    }
}

#[cfg(test)]
mod tests {
    use super::{Num, SvgWriter};
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters_svg::SVGBackend;

    /// Draws the same elements on any backend: every kind of element and
    /// option the backends write differently.
    fn scene<DB: DrawingBackend>(backend: DB) {
        let area = backend.into_drawing_area();
        let red = RGBColor(0xb3, 0x26, 0x1e);
        let faint = RGBColor(1, 2, 3).mix(0.25);
        area.draw(&Rectangle::new([(1, 2), (30, 40)], red.filled()))
            .unwrap();
        area.draw(&Rectangle::new([(5, 6), (70, 8)], faint.stroke_width(2)))
            .unwrap();
        area.draw(&Rectangle::new([(0, 0), (9, 9)], TRANSPARENT.filled()))
            .unwrap();
        area.draw(&PathElement::new(
            vec![(0, 0), (10, 20), (-3, 7)],
            BLUE.stroke_width(3),
        ))
        .unwrap();
        area.draw(&Polygon::new(vec![(1, 1), (5, 9), (9, 1)], GREEN.filled()))
            .unwrap();
        area.draw(&Circle::new((50, 50), 7, red.filled())).unwrap();
        area.draw(&Circle::new((50, 50), 9, BLACK.stroke_width(2)))
            .unwrap();
        area.draw_pixel((3, 4), &red).unwrap();
        for (i, (h, v)) in [
            (HPos::Left, VPos::Top),
            (HPos::Center, VPos::Center),
            (HPos::Right, VPos::Bottom),
        ]
        .into_iter()
        .enumerate()
        {
            let font = ("sans-serif", 14.0 * 1.24).into_font();
            let font = match i {
                0 => font,
                1 => font.style(FontStyle::Bold),
                _ => font.style(FontStyle::Italic),
            };
            let style = font.color(&red.mix(0.5)).pos(Pos::new(h, v));
            let label = "Begroot & \"besteed\" <'2025'> € 1.000";
            area.draw(&Text::new(label, (10 * i as i32, 20), style))
                .unwrap();
        }
        let turned = ("serif", 12.0)
            .into_font()
            .transform(FontTransform::Rotate90)
            .color(&BLACK);
        area.draw(&Text::new("omhoog", (5, 6), turned)).unwrap();
        area.present().unwrap();
    }

    #[test]
    fn writes_what_plotters_svg_backend_writes() {
        let mut theirs = String::new();
        scene(SVGBackend::with_string(&mut theirs, (120, 80)));
        let mut ours = String::new();
        scene(SvgWriter::new(&mut ours, (120, 80)));
        // Plotters' backend wraps the elements in its own <svg> tag.
        let (_, inner) = theirs.split_once('>').unwrap();
        let inner = inner.strip_suffix("</svg>\n").unwrap();
        assert!(
            inner.contains("<text") && inner.contains("<polygon"),
            "{inner}"
        );
        assert_eq!(ours, inner);
    }

    #[test]
    fn numbers_are_written_as_f64_writes_them() {
        for v in [
            0.0,
            -0.0,
            1.0,
            0.25,
            14.0,
            17.36 / 1.24,
            -3.0,
            1e15,
            1e16,
            2.5e-7,
            f64::NAN,
        ] {
            assert_eq!(Num(v).to_string(), v.to_string(), "{v:?}");
        }
    }
}
