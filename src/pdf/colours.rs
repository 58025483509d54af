//! The colours of the PDF: the site's brand (`brand:` in site.yaml) over
//! the theme's defaults, the same design tokens the pages use.

use crate::model::brand::{Brand, Token};
use serde::Serialize;

/// The colours the template uses, as `#rrggbb` texts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(super) struct Colours {
    /// Body text.
    pub text: String,
    /// Headings and the band of the title page: the header's background.
    pub accent: String,
    /// Text on the accent colour: the header's text colour.
    pub on_accent: String,
    pub link: String,
    /// Captions, notes and page numbers.
    pub muted: String,
}

/// Each colour's token, and the colour when neither brand nor theme has
/// a usable value.
const ROLES: [(&str, &str); 5] = [
    ("--utrecht-document-color", "#1b1b1b"),
    ("--utrecht-page-header-background-color", "#154273"),
    ("--utrecht-page-header-color", "#ffffff"),
    ("--utrecht-link-color", "#0b4f9c"),
    ("--koers-muted-color", "#4a4a4a"),
];

impl Colours {
    /// The brand's colours where it sets them, else the theme's.
    pub fn of(brand: Option<&Brand>, theme: &[Token]) -> Colours {
        let pick = |(name, fallback): (&str, &str)| -> String {
            let brand_tokens = brand.map(|b| b.tokens.as_slice()).unwrap_or_default();
            brand_tokens
                .iter()
                .chain(theme)
                .filter(|t| t.name == name)
                .find_map(|t| hex(&t.value))
                .unwrap_or_else(|| fallback.to_string())
        };
        let [text, accent, on_accent, link, muted] = ROLES.map(pick);
        Colours {
            text,
            accent,
            on_accent,
            link,
            muted,
        }
    }
}

/// `#abc` or `#aabbcc` as `#aabbcc`; None for any other value (a colour
/// function, a variable).
fn hex(value: &str) -> Option<String> {
    let digits = value.trim().strip_prefix('#')?;
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match digits.len() {
        6 => Some(format!("#{}", digits.to_ascii_lowercase())),
        3 => Some(
            std::iter::once('#')
                .chain(digits.chars().flat_map(|c| [c, c]))
                .collect::<String>()
                .to_ascii_lowercase(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::brand::Origin;

    fn token(name: &str, value: &str) -> Token {
        Token {
            name: name.into(),
            value: value.into(),
            origin: Origin::Theme {
                file: String::new(),
                line: 0,
                what: String::new(),
            },
        }
    }

    #[test]
    fn the_brand_wins_over_the_theme() {
        let theme = [token("--utrecht-link-color", "#0b4f9c")];
        let brand = Brand {
            tokens: vec![token("--utrecht-page-header-background-color", "#0A5")],
            logo: None,
        };
        let c = Colours::of(Some(&brand), &theme);
        assert_eq!(c.accent, "#00aa55");
        assert_eq!(c.link, "#0b4f9c");
        assert_eq!(c.text, "#1b1b1b");
    }

    #[test]
    fn only_hex_colours_are_taken() {
        assert_eq!(hex("var(--x)"), None);
        assert_eq!(hex("#12345"), None);
    }
}
