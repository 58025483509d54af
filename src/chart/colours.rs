//! The colours of the charts, from the theme's `chart-colours.yaml`: the
//! theme decides how charts look, and the drawing writes the colours into
//! each SVG so that a chart downloaded on its own keeps them.

use serde::{Deserialize, Deserializer};

/// An sRGB colour, written `#rrggbb` in the theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, in lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// The WCAG contrast ratio of this colour against white.
    pub fn contrast_on_white(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let l = 0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2);
        1.05 / (l + 0.05)
    }

    pub(crate) fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#').filter(|h| h.len() == 6)?;
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Rgb::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a colour; write it as \"#rrggbb\""))
        })
    }
}

/// The colours of the status levels, by their colour token.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct StatusColours {
    pub green: Rgb,
    pub amber: Rgb,
    pub red: Rgb,
    pub blue: Rgb,
    pub grey: Rgb,
}

impl StatusColours {
    /// Each status colour with its name in the theme file.
    pub fn named(&self) -> [(&'static str, Rgb); 5] {
        [
            ("green", self.green),
            ("amber", self.amber),
            ("red", self.red),
            ("blue", self.blue),
            ("grey", self.grey),
        ]
    }
}

/// How many series a chart tells apart: each has a colour of its own and
/// a fill of its own (see `svg::series_fill`).
pub const SERIES: usize = 8;

/// Every colour a chart is drawn with (but its text, which the `<svg>`
/// element sets).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(try_from = "ChartColoursInput")]
pub struct ChartColours {
    pub status: StatusColours,
    /// The series in order of their fills: solid, hatched, outlined,
    /// dotted, cross-hatched, hatched the other way, horizontal stripes,
    /// vertical stripes. Eight different colours, none a status colour.
    pub series: [Rgb; SERIES],
    pub axis: Rgb,
    pub grid: Rgb,
    /// The ground between the stripes and dots of a patterned bar.
    pub hatch_ground: Rgb,
}

/// The theme file as written, checked into [`ChartColours`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartColoursInput {
    status: StatusColours,
    series: Vec<Rgb>,
    axis: Rgb,
    grid: Rgb,
    hatch_ground: Rgb,
}

impl TryFrom<ChartColoursInput> for ChartColours {
    type Error = String;

    /// Eight series colours, each different, none a status colour (status
    /// colours mean status), each at 3:1 contrast or more against white.
    fn try_from(input: ChartColoursInput) -> Result<Self, String> {
        let n = input.series.len();
        let series: [Rgb; SERIES] = input.series.try_into().map_err(|_| {
            format!("`series` has {n} colours; give {SERIES}, one for each fill (solid, hatched, outlined, dotted, cross-hatched, hatched the other way, horizontal and vertical stripes)")
        })?;
        for (k, c) in series.iter().enumerate() {
            if series[..k].contains(c) {
                return Err(format!(
                    "series colour {} is given twice; give each series its own colour",
                    c.hex()
                ));
            }
            if let Some((name, _)) = input.status.named().iter().find(|(_, s)| s == c) {
                return Err(format!(
                    "series colour {} is the colour of status `{name}`; status colours mean status, so give the series another colour",
                    c.hex()
                ));
            }
            if c.contrast_on_white() < 3.0 {
                return Err(format!(
                    "series colour {} has {:.1}:1 contrast against white; give a darker colour (3:1 or more)",
                    c.hex(),
                    c.contrast_on_white()
                ));
            }
        }
        Ok(ChartColours {
            status: input.status,
            series,
            axis: input.axis,
            grid: input.grid,
            hatch_ground: input.hatch_ground,
        })
    }
}

/// The default theme's colours file.
pub const DEFAULT_FILE: &str = include_str!("../../themes/default/chart-colours.yaml");

impl ChartColours {
    /// The default theme's colours.
    pub fn builtin() -> ChartColours {
        crate::load::yaml::parse(DEFAULT_FILE, &Default::default()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_has_every_colour() {
        let parsed: ChartColours =
            crate::load::yaml::parse(DEFAULT_FILE, &Default::default()).unwrap();
        assert_eq!(parsed.status.green.hex(), "#1e6b2d");
        assert_eq!(Rgb::parse("#1E6B2D"), Some(Rgb(0x1e, 0x6b, 0x2d)));
        assert_eq!(Rgb::parse("1e6b2d"), None);
        assert_eq!(Rgb::parse("#1e6b2"), None);
        assert_eq!(parsed.series.len(), SERIES);
    }

    fn with_series(series: &str) -> Result<ChartColours, String> {
        let text = DEFAULT_FILE
            .lines()
            .filter(|l| !l.starts_with("  - "))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("series:", &format!("series: {series}"));
        crate::load::yaml::parse(&text, &Default::default()).map_err(|e| e.message)
    }

    #[test]
    fn eight_series_colours_each_its_own_none_a_status_colour() {
        let eight = r##"["#154273", "#00737a", "#a90061", "#777c00", "#42145f", "#007bc7", "#94710a", "#673327"]"##;
        assert_eq!(with_series(eight).unwrap(), ChartColours::builtin());
        let five = r##"["#154273", "#00737a", "#a90061", "#777c00", "#42145f"]"##;
        assert!(with_series(five)
            .unwrap_err()
            .contains("has 5 colours; give 8"));
        let twice = eight.replace("#673327", "#154273");
        assert!(with_series(&twice)
            .unwrap_err()
            .contains("#154273 is given twice"));
        let amber = eight.replace("#94710a", "#a04b00");
        assert!(with_series(&amber)
            .unwrap_err()
            .contains("#a04b00 is the colour of status `amber`"));
        let pale = eight.replace("#94710a", "#ffd700");
        assert!(with_series(&pale).unwrap_err().contains("contrast"));
        assert!((Rgb(0x77, 0x7c, 0).contrast_on_white() - 4.5).abs() < 0.05);
    }
}
