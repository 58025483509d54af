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

    fn parse(text: &str) -> Option<Rgb> {
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

/// Every colour a chart is drawn with (but its text, which the `<svg>`
/// element sets).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct ChartColours {
    pub status: StatusColours,
    /// The series in order: solid, hatched, outlined, solid, outlined.
    pub series: [Rgb; 5],
    pub axis: Rgb,
    pub grid: Rgb,
    /// The ground between the stripes of a hatched bar.
    pub hatch_ground: Rgb,
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
    }
}
