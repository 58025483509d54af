//! The stylesheet of a site's brand: the design tokens of `brand:` in
//! site.yaml as custom properties of `:root`, linked after the theme's
//! stylesheet so that they replace its defaults (a file, not inline
//! styles: the Content-Security-Policy allows no inline style).

use crate::model::brand::Brand;
use crate::write::OutputFile;

/// Where the brand's stylesheet is written, from the site's root.
pub const STYLESHEET: &str = "assets/brand.css";

/// The brand's stylesheet; None when the brand sets no token.
pub fn stylesheet(brand: Option<&Brand>) -> Option<OutputFile> {
    let tokens = &brand?.tokens;
    if tokens.is_empty() {
        return None;
    }
    let mut css = String::from(
        "/* The site's brand (site.yaml `brand:`), made by koers: design tokens over the theme's. */\n:root {\n",
    );
    for t in tokens {
        css.push_str(&format!("  {}: {};\n", t.name, t.value));
    }
    css.push_str("}\n");
    Some(OutputFile {
        path: STYLESHEET.to_string(),
        bytes: css.into_bytes(),
    })
}
