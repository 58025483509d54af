//! Colours and their contrast, after WCAG 2.x: the relative luminance of
//! an sRGB colour and the contrast ratio of two, and the nearest shade of
//! a colour that reaches a ratio.

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

pub const BLACK: Colour = Colour { r: 0, g: 0, b: 0 };
pub const WHITE: Colour = Colour {
    r: 255,
    g: 255,
    b: 255,
};

impl Colour {
    /// `#rgb` or `#rrggbb`, in either case; None for anything else.
    pub fn parse_hex(text: &str) -> Option<Colour> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            3 => Some(Colour {
                r: digit(0)? * 17,
                g: digit(1)? * 17,
                b: digit(2)? * 17,
            }),
            6 => {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some(Colour {
                    r: byte(0)?,
                    g: byte(2)?,
                    b: byte(4)?,
                })
            }
            _ => None,
        }
    }

    /// An opaque CSS colour as design-token files write them: `#rgb`,
    /// `#rrggbb`, `rgb(r g b)` / `rgb(r, g, b)` and `hsl(h s% l%)` /
    /// `hsl(h, s%, l%)` (an alpha of 1 allowed), `black` and `white`.
    /// None for what koers cannot check (other names, transparency).
    pub fn parse_css(text: &str) -> Option<Colour> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "black" => return Some(BLACK),
            "white" => return Some(WHITE),
            _ => {}
        }
        if text.starts_with('#') {
            return Colour::parse_hex(&text);
        }
        let (function, args) = text.strip_suffix(')')?.split_once('(')?;
        let (args, alpha) = match args.split_once('/') {
            Some((a, alpha)) => (a.to_string(), Some(alpha.trim().to_string())),
            None => (args.to_string(), None),
        };
        let mut parts: Vec<String> = args
            .replace(',', " ")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let alpha = match (function, alpha) {
            ("rgba" | "hsla", None) if parts.len() == 4 => parts.pop(),
            (_, alpha) => alpha,
        };
        if let Some(a) = alpha {
            let opaque = match a.strip_suffix('%') {
                Some(p) => p.parse::<f64>().ok() == Some(100.0),
                None => a.parse::<f64>().ok() == Some(1.0),
            };
            if !opaque {
                return None;
            }
        }
        if parts.len() != 3 {
            return None;
        }
        match function {
            "rgb" | "rgba" => {
                let channel = |p: &str| -> Option<u8> {
                    let v = match p.strip_suffix('%') {
                        Some(p) => p.parse::<f64>().ok()? * 2.55,
                        None => p.parse::<f64>().ok()?,
                    };
                    (0.0..=255.0).contains(&v).then(|| v.round() as u8)
                };
                Some(Colour {
                    r: channel(&parts[0])?,
                    g: channel(&parts[1])?,
                    b: channel(&parts[2])?,
                })
            }
            "hsl" | "hsla" => {
                let hue = parts[0].trim_end_matches("deg").parse::<f64>().ok()?;
                let percent = |p: &str| -> Option<f64> {
                    let v = p.strip_suffix('%').unwrap_or(p).parse::<f64>().ok()?;
                    (0.0..=100.0).contains(&v).then_some(v / 100.0)
                };
                Some(hsl(hue, percent(&parts[1])?, percent(&parts[2])?))
            }
            _ => None,
        }
    }

    /// `#rrggbb`, in lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// The relative luminance (WCAG 2.x): 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let s = f64::from(c) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// The contrast ratio of two colours, from 1 to 21 (WCAG 2.x).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour mixed with `other`, `share` (0 to 1) of the way.
    pub fn mix(self, other: Colour, share: f64) -> Colour {
        let channel =
            |a: u8, b: u8| (f64::from(a) * (1.0 - share) + f64::from(b) * share).round() as u8;
        Colour {
            r: channel(self.r, other.r),
            g: channel(self.g, other.g),
            b: channel(self.b, other.b),
        }
    }

    /// The nearest shade of this colour with at least `ratio` against
    /// `against`: mixed toward black or white a percent at a time (which
    /// keeps the hue), the first that passes; of a darker and a lighter
    /// one found at the same step, the one with more contrast.
    pub fn passing_shade(self, against: Colour, ratio: f64) -> Option<Colour> {
        (1..=100).find_map(|step| {
            let share = f64::from(step) / 100.0;
            [self.mix(BLACK, share), self.mix(WHITE, share)]
                .into_iter()
                .filter(|c| c.contrast(against) >= ratio)
                .max_by(|a, b| a.contrast(against).total_cmp(&b.contrast(against)))
        })
    }
}

/// A ratio as WCAG tools write it, `4.49:1`: cut (not rounded) to two
/// decimals, so that a ratio just short of a threshold never reads as
/// reaching it.
pub fn ratio_text(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

/// The required ratio as WCAG writes it: `4.5:1`, `3:1`.
pub fn required_text(ratio: f64) -> String {
    format!("{ratio}:1")
}

/// HSL (hue in degrees, saturation and lightness 0 to 1) to sRGB.
fn hsl(hue: f64, s: f64, l: f64) -> Colour {
    let h = hue.rem_euclid(360.0) / 360.0;
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let channel = |t: f64| {
        let t = t.rem_euclid(1.0);
        let v = if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        };
        (v * 255.0).round() as u8
    };
    Colour {
        r: channel(h + 1.0 / 3.0),
        g: channel(h),
        b: channel(h - 1.0 / 3.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Colour {
        Colour::parse_css(text).unwrap()
    }

    #[test]
    fn colours_are_read_in_the_forms_token_files_use() {
        assert_eq!(Colour::parse_hex("#fff"), Some(WHITE));
        assert_eq!(c("#FFD700").hex(), "#ffd700");
        assert_eq!(c("rgb(255 215 0)").hex(), "#ffd700");
        assert_eq!(c("rgb(255, 215, 0)").hex(), "#ffd700");
        assert_eq!(c("hsl(0 0% 0%)"), BLACK);
        assert_eq!(c("hsl(51, 100%, 50%)").hex(), "#ffd900");
        assert_eq!(c("hsl(210deg 50% 40% / 1)").hex(), "#336699");
        assert_eq!(c("white"), WHITE);
        for bad in [
            "#ffd70",
            "ffd700",
            "#gggggg",
            "rgb(0 0 0 / 0.5)",
            "red",
            "rgb(300 0 0)",
            "#ffd700cc",
        ] {
            assert_eq!(Colour::parse_css(bad), None, "{bad}");
        }
        assert_eq!(Colour::parse_hex("rgb(0 0 0)"), None);
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // White on gold: 1.05 / (0.6987 + 0.05).
        assert_eq!(ratio_text(WHITE.contrast(c("#ffd700"))), "1.40:1");
        // #767676 on white is the classic 4.54:1.
        assert_eq!(ratio_text(c("#767676").contrast(WHITE)), "4.54:1");
        assert_eq!(ratio_text(4.4999), "4.49:1");
        assert_eq!(required_text(4.5), "4.5:1");
        assert_eq!(required_text(3.0), "3:1");
    }

    #[test]
    fn a_passing_shade_keeps_the_hue_and_is_the_nearest() {
        let gold = c("#ffd700");
        let shade = gold.passing_shade(WHITE, 4.5).unwrap();
        assert!(shade.contrast(WHITE) >= 4.5);
        // Gold mixed toward black, the first percent that passes: #897400.
        let darker = |step: u32| gold.mix(BLACK, f64::from(step) / 100.0);
        let step = (1..=100)
            .find(|s| darker(*s).contrast(WHITE) >= 4.5)
            .unwrap();
        assert_eq!(shade, darker(step));
        assert!(darker(step - 1).contrast(WHITE) < 4.5);
        // Red stays zero-blue: the same hue, darker.
        assert_eq!(shade.b, 0);
        assert!(shade.r > shade.g);
        // On a dark ground the shade is lighter.
        let light = c("#1b1b1b").passing_shade(c("#154273"), 4.5).unwrap();
        assert!(light.luminance() > c("#1b1b1b").luminance());
        assert!(light.contrast(c("#154273")) >= 4.5);
    }
}
