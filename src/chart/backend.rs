//! The plotters drawing backend koers draws its charts with: it writes SVG
//! elements straight into a `String`.
//!
//! It draws what plotters' own `SVGBackend` (plotters-svg 0.3) draws, in
//! 40 % fewer bytes: attributes that hold their SVG initial value
//! (`opacity="1"`, `stroke="none"`, `stroke-width="1"`,
//! `text-anchor="start"`) are left out, and so are the font family, size
//! and colour that most texts share: the `<svg>` element around the
//! drawing sets those once ([`ROOT_ATTRIBUTES`]). `SVGBackend` also formats
//! every attribute into a `String` of its own; this backend appends the
//! pieces of each element to one `String`, integers by itoa, without the
//! formatting machinery or an allocation. The tests below draw the
//! same scene with both backends and compare the pictures: every element
//! with the attributes it ends up with.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::fmt::{self, Display, Write};

/// The font family of every text, unless a text names another.
pub const FONT_FAMILY: &str = "sans-serif";
/// The colour of every text, unless a text has another.
pub const TEXT_RGB: (u8, u8, u8) = (0x1b, 0x1b, 0x1b);
/// The font size of every text, in the drawing's units (CSS pixels when the
/// drawing is shown at its own width): as large as the page's body text.
/// The drawings' widths are chosen so that no text is shown smaller than
/// 17 CSS pixels at any width the drawing is shown at (see `svg::WIDE`).
pub const FONT_PX: f64 = 17.0;
/// What the `<svg>` element around a drawing must set: the font family,
/// size and text colour the elements leave out. (Shapes always name their
/// fill.)
pub const ROOT_ATTRIBUTES: &str = " font-family=\"sans-serif\" font-size=\"17\" fill=\"#1B1B1B\"";

/// Writes the elements of one drawing into `out`: everything that goes
/// inside the `<svg>` element, which sets [`ROOT_ATTRIBUTES`].
pub struct SvgWriter<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

impl<'a> SvgWriter<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
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

/// Appends SVG markup to a `String` piece by piece: `push_str` for the
/// fixed parts, itoa for integers. With `write!` each argument went
/// through the formatting machinery, which was most of the cost of a
/// drawing.
struct Markup<'o>(&'o mut String);

impl Markup<'_> {
    fn raw(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    fn int(&mut self, v: impl itoa::Integer) -> &mut Self {
        self.0.push_str(itoa::Buffer::new().format(v));
        self
    }

    /// ` name="v"`.
    fn attr(&mut self, name: &str, v: impl itoa::Integer) -> &mut Self {
        self.raw(" ").raw(name).raw("=\"").int(v).raw("\"")
    }

    /// A colour as `#RRGGBB`, as plotters writes it.
    fn hex(&mut self, c: BackendColor) -> &mut Self {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        let (r, g, b) = c.rgb;
        self.0.push('#');
        for byte in [r, g, b] {
            self.0.push(char::from(DIGITS[usize::from(byte >> 4)]));
            self.0.push(char::from(DIGITS[usize::from(byte & 0xf)]));
        }
        self
    }

    /// A number as `f64`'s `Display` writes it, whole numbers (nearly all)
    /// as integers.
    fn num(&mut self, v: f64) -> &mut Self {
        let whole = v.fract() == 0.0 && v.abs() < 1e15;
        if whole && !(v == 0.0 && v.is_sign_negative()) {
            self.int(v as i64)
        } else {
            // Writing into a String cannot fail.
            let _ = write!(self.0, "{v}");
            self
        }
    }

    /// ` opacity="a"`, or nothing for an opaque colour (SVG's initial
    /// value).
    fn opacity(&mut self, alpha: f64) -> &mut Self {
        if alpha != 1.0 {
            self.raw(" opacity=\"").num(alpha).raw("\"");
        }
        self
    }

    /// ` stroke-width="w"`, or nothing for 1 (SVG's initial value).
    fn stroke_width(&mut self, w: u32) -> &mut Self {
        if w != 1 {
            self.attr("stroke-width", w);
        }
        self
    }

    /// The paint of a shape that is either filled or outlined: ` fill="c"`,
    /// or ` fill="none" stroke="c"` and the stroke's width when it has one.
    fn paint(&mut self, c: BackendColor, fill: bool, width: Option<u32>) -> &mut Self {
        if fill {
            return self.raw(" fill=\"").hex(c).raw("\"");
        }
        self.raw(" fill=\"none\" stroke=\"").hex(c).raw("\"");
        match width {
            Some(w) => self.stroke_width(w),
            None => self,
        }
    }

    /// Text with `<`, `>`, `&`, `"` and `'` escaped, as plotters escapes
    /// them.
    /// Control characters (from YAML escapes) are left out: they make
    /// the SVG ill-formed.
    fn escaped(&mut self, text: &str) -> &mut Self {
        crate::escape::push_xml_escaped(self.0, text);
        self
    }

    /// `points="x,y x,y"` and the end of the element.
    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.raw(" points=\"");
        for (i, (x, y)) in path.into_iter().enumerate() {
            if i > 0 {
                self.0.push(' ');
            }
            self.int(x).raw(",").int(y);
        }
        self.raw("\"/>");
    }
}

impl SvgWriter<'_> {
    fn markup(&mut self) -> Markup<'_> {
        Markup(self.out)
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
        if color.alpha != 0.0 {
            self.markup()
                .raw("<rect")
                .attr("x", x)
                .attr("y", y)
                .raw(" width=\"1\" height=\"1\"")
                .opacity(color.alpha)
                .paint(color, true, None)
                .raw("/>");
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        (x1, y1): BackendCoord,
        (x2, y2): BackendCoord,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha != 0.0 {
            self.markup()
                .raw("<line")
                .opacity(c.alpha)
                .raw(" stroke=\"")
                .hex(c)
                .raw("\"")
                .stroke_width(style.stroke_width())
                .attr("x1", x1)
                .attr("y1", y1)
                .attr("x2", x2)
                .attr("y2", y2)
                .raw("/>");
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let c = style.color();
        if c.alpha != 0.0 {
            // Plotters' SVG backend gives a rectangle's outline no width.
            self.markup()
                .raw("<rect")
                .attr("x", x0)
                .attr("y", y0)
                .attr("width", x1 - x0)
                .attr("height", y1 - y0)
                .opacity(c.alpha)
                .paint(c, fill, None)
                .raw("/>");
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha != 0.0 {
            self.markup()
                .raw("<polyline fill=\"none\"")
                .opacity(c.alpha)
                .raw(" stroke=\"")
                .hex(c)
                .raw("\"")
                .stroke_width(style.stroke_width())
                .points(path);
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha != 0.0 {
            self.markup()
                .raw("<polygon")
                .opacity(c.alpha)
                .paint(c, true, None)
                .points(path);
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (cx, cy): BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let c = style.color();
        if c.alpha != 0.0 {
            self.markup()
                .raw("<circle")
                .attr("cx", cx)
                .attr("cy", cy)
                .attr("r", r)
                .opacity(c.alpha)
                .paint(c, fill, Some(style.stroke_width()))
                .raw("/>");
        }
        Ok(())
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
            HPos::Left => "",
            HPos::Right => " text-anchor=\"end\"",
            HPos::Center => " text-anchor=\"middle\"",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => " dy=\"0.76em\"",
            VPos::Center => " dy=\"0.5ex\"",
            VPos::Bottom => " dy=\"-0.5ex\"",
        };
        let mut m = self.markup();
        m.raw("<text").attr("x", x).attr("y", y).raw(dy).raw(anchor);
        let family = style.family();
        if family.as_str() != FONT_FAMILY {
            m.raw(" font-family=\"").escaped(family.as_str()).raw("\"");
        }
        // Plotters' font sizes are 1.24 times the CSS pixels.
        let px = style.size() / 1.24;
        if px != FONT_PX {
            m.raw(" font-size=\"").num(px).raw("\"");
        }
        m.opacity(c.alpha);
        if c.rgb != TEXT_RGB {
            m.raw(" fill=\"").hex(c).raw("\"");
        }
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => {
                m.raw(" font-weight=\"bold\"");
            }
            other => {
                m.raw(" font-style=\"").raw(other.as_str()).raw("\"");
            }
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(degrees) = turn {
            m.raw(" transform=\"rotate(")
                .int(degrees)
                .raw(", ")
                .int(x)
                .raw(", ")
                .int(y)
                .raw(")\"");
        }
        m.raw(">").escaped(text).raw("</text>");
        Ok(())
    }
}

/// The picture an SVG document draws, to compare drawings whose markup
/// differs: every element below the root in document order, with the
/// attributes it ends up with (the root's fill inherited, and its font
/// by texts,
/// SVG's initial values left out, a stroke width only where there is a
/// stroke) and its text, trimmed.
#[cfg(test)]
pub(crate) fn picture(svg: &str) -> Vec<PictureElement> {
    const INHERITED: [&str; 3] = ["font-family", "font-size", "fill"];
    const INITIAL: [(&str, &str); 4] = [
        ("opacity", "1"),
        ("stroke", "none"),
        ("stroke-width", "1"),
        ("text-anchor", "start"),
    ];
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let root = doc.root_element();
    root.descendants()
        .filter(|n| n.is_element() && *n != root)
        .map(|n| {
            let mut attrs: std::collections::BTreeMap<String, String> = n
                .attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect();
            for name in INHERITED {
                // A font only matters to text.
                if name.starts_with("font") && n.tag_name().name() != "text" {
                    continue;
                }
                if let Some(v) = n.ancestors().find_map(|a| a.attribute(name)) {
                    attrs
                        .entry(name.to_string())
                        .or_insert_with(|| v.to_string());
                }
            }
            if let Some(points) = attrs.get_mut("points") {
                *points = points.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            attrs.retain(|k, v| !INITIAL.contains(&(k.as_str(), v.as_str())));
            if !attrs.contains_key("stroke") {
                attrs.remove("stroke-width");
            }
            let text = n.text().unwrap_or_default().trim().to_string();
            (
                n.tag_name().name().to_string(),
                attrs.into_iter().collect(),
                text,
            )
        })
        .collect()
}

/// One element of a [`picture`]: its name, attributes (sorted) and text.
#[cfg(test)]
pub(crate) type PictureElement = (String, Vec<(String, String)>, String);

/// Wraps what [`SvgWriter`] wrote in an `<svg>` element as koers does.
#[cfg(test)]
pub(crate) fn document(body: &str) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\"{ROOT_ATTRIBUTES}>{body}</svg>")
}

#[cfg(test)]
mod tests {
    use super::{document, picture, Markup, SvgWriter};
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters_svg::SVGBackend;

    /// Draws the same elements on any backend: every kind of element and
    /// option the backends write differently.
    fn scene<DB: DrawingBackend>(backend: DB) {
        let area = backend.into_drawing_area();
        let red = RGBColor(0xb3, 0x26, 0x1e);
        let text = RGBColor(0x1b, 0x1b, 0x1b);
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
        area.draw(&PathElement::new(vec![(1, 1), (2, 2)], red.stroke_width(1)))
            .unwrap();
        area.draw(&Polygon::new(vec![(1, 1), (5, 9), (9, 1)], GREEN.filled()))
            .unwrap();
        area.draw(&Circle::new((50, 50), 7, red.filled())).unwrap();
        area.draw(&Circle::new((50, 50), 9, BLACK.stroke_width(2)))
            .unwrap();
        area.draw(&Circle::new((40, 40), 3, red.mix(0.5).stroke_width(1)))
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
            let colour = if i == 1 { text.mix(1.0) } else { red.mix(0.5) };
            let style = font.color(&colour).pos(Pos::new(h, v));
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
    fn draws_what_plotters_svg_backend_draws_in_fewer_bytes() {
        let mut theirs = String::new();
        scene(SVGBackend::with_string(&mut theirs, (120, 80)));
        let mut ours = String::new();
        scene(SvgWriter::new(&mut ours, (120, 80)));
        let (expected, got) = (picture(&theirs), picture(&document(&ours)));
        for kind in ["text", "polygon", "polyline", "circle", "rect"] {
            assert!(expected.iter().any(|(n, _, _)| n == kind), "{theirs}");
        }
        assert_eq!(got, expected, "ours:\n{ours}\ntheirs:\n{theirs}");
        assert!(
            ours.len() < theirs.len(),
            "{} bytes against plotters' {}",
            ours.len(),
            theirs.len()
        );
    }

    #[test]
    fn the_comparison_sees_a_different_picture() {
        let mut ours = String::new();
        scene(SvgWriter::new(&mut ours, (120, 80)));
        let reference = picture(&document(&ours));
        for changed in [
            ours.replacen("fill=\"#B3261E\"", "fill=\"#B3261F\"", 1),
            ours.replacen(" font-family=\"serif\"", "", 1),
            ours.replacen("omhoog", "omlaag", 1),
            ours.replacen("<rect", "<rect opacity=\"0.5\"", 1),
            ours.replacen("2,2", "2,3", 1),
        ] {
            assert_ne!(picture(&document(&changed)), reference, "{changed}");
        }
        // Spelling out an initial value changes nothing.
        let spelled = ours.replacen("<rect", "<rect opacity=\"1\" stroke=\"none\"", 1);
        assert_eq!(picture(&document(&spelled)), reference);
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
            let mut written = String::new();
            Markup(&mut written).num(v);
            assert_eq!(written, v.to_string(), "{v:?}");
        }
    }
}
