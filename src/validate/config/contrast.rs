//! The contrast of every pair of colours the theme puts on top of each
//! other, with the values a page finally gets (the theme's defaults, then
//! the site's brand), after WCAG 2.x: 4.5:1 for text, 3:1 for what is not
//! text (focus outlines, status shapes, chart colours). A pair short of
//! it fails the build with the ratio and a shade that passes.

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::brand::{Brand, Token};
use crate::model::colour::{ratio_text, required_text, Colour};

/// Text, including large text (the theme's headings are not all large).
const TEXT: f64 = 4.5;
/// User-interface components and graphical objects (WCAG 1.4.11).
const NON_TEXT: f64 = 3.0;

const DOCUMENT: &str = "--utrecht-document-color";
const BACKGROUND: &str = "--utrecht-document-background-color";
const SURFACE: &str = "--koers-surface-background-color";
const LINK: &str = "--utrecht-link-color";
const MUTED: &str = "--koers-muted-color";

/// The text of charts: fixed in the SVG (`chart::backend::TEXT_RGB`).
pub const CHART_TEXT: &str = "chart.text";

/// A pair of colours the theme shows together: (what, foreground,
/// background, the ratio it needs).
type Pair = (&'static str, &'static str, &'static str, f64);

/// Every pair of the default theme's stylesheet and charts; the chart
/// colours are named `chart.<key>` after chart-colours.yaml.
const PAIRS: [Pair; 32] = [
    ("text", DOCUMENT, BACKGROUND, TEXT),
    ("links", LINK, BACKGROUND, TEXT),
    ("muted text", MUTED, BACKGROUND, TEXT),
    (
        "text on notes, callouts and the footer",
        DOCUMENT,
        SURFACE,
        TEXT,
    ),
    (
        "links on notes, callouts and the footer",
        LINK,
        SURFACE,
        TEXT,
    ),
    (
        "muted text on notes, callouts and the footer",
        MUTED,
        SURFACE,
        TEXT,
    ),
    (
        "header text",
        "--utrecht-page-header-color",
        "--utrecht-page-header-background-color",
        TEXT,
    ),
    (
        "menu links",
        "--utrecht-navbar-link-color",
        "--utrecht-navbar-background-color",
        TEXT,
    ),
    (
        "button text",
        "--utrecht-button-primary-action-color",
        "--utrecht-button-primary-action-background-color",
        TEXT,
    ),
    (
        "search hits",
        DOCUMENT,
        "--koers-mark-background-color",
        TEXT,
    ),
    (
        "the label of fictional examples (amber text)",
        "--koers-status-amber-color",
        BACKGROUND,
        TEXT,
    ),
    ("chart text", CHART_TEXT, BACKGROUND, TEXT),
    (
        "the focus outline",
        "--utrecht-focus-outline-color",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the focus outline on notes, callouts and the footer",
        "--utrecht-focus-outline-color",
        SURFACE,
        NON_TEXT,
    ),
    (
        "the focus outline in the header",
        "--utrecht-focus-inverse-outline-color",
        "--utrecht-page-header-background-color",
        NON_TEXT,
    ),
    (
        "the focus outline in the menu",
        "--utrecht-focus-inverse-outline-color",
        "--utrecht-navbar-background-color",
        NON_TEXT,
    ),
    (
        "the green status shape",
        "--koers-status-green-color",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the amber status shape",
        "--koers-status-amber-color",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the red status shape",
        "--koers-status-red-color",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the blue status shape",
        "--koers-status-blue-color",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the grey status shape",
        "--koers-status-grey-color",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the green status in charts",
        "chart.status.green",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the amber status in charts",
        "chart.status.amber",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the red status in charts",
        "chart.status.red",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the blue status in charts",
        "chart.status.blue",
        BACKGROUND,
        NON_TEXT,
    ),
    (
        "the grey status in charts",
        "chart.status.grey",
        BACKGROUND,
        NON_TEXT,
    ),
    ("chart series 1", "chart.series.1", BACKGROUND, NON_TEXT),
    ("chart series 2", "chart.series.2", BACKGROUND, NON_TEXT),
    ("chart series 3", "chart.series.3", BACKGROUND, NON_TEXT),
    ("chart series 4", "chart.series.4", BACKGROUND, NON_TEXT),
    ("chart series 5", "chart.series.5", BACKGROUND, NON_TEXT),
    ("chart axes", "chart.axis", BACKGROUND, NON_TEXT),
];

/// The colours a page ends up with: the theme's `defaults` (its
/// stylesheet's tokens and its chart colours), then the brand's tokens.
fn merged<'a>(defaults: &'a [Token], brand: Option<&'a Brand>) -> Vec<&'a Token> {
    let mut all: Vec<&Token> = defaults.iter().collect();
    for t in brand.into_iter().flat_map(|b| &b.tokens) {
        match all.iter_mut().find(|d| d.name == t.name) {
            Some(d) => *d = t,
            None => all.push(t),
        }
    }
    all
}

/// The colour of the token `name` in `palette`: its value, or the value
/// of the token a `var(--x)` names.
fn colour_of<'a>(palette: &[&'a Token], name: &str) -> Option<(&'a Token, Option<Colour>)> {
    let token = *palette.iter().find(|t| t.name == name)?;
    let mut value = token.value.trim();
    for _ in 0..8 {
        let Some(inner) = value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) else {
            break;
        };
        let target = inner.split(',').next().unwrap_or(inner).trim();
        match palette.iter().find(|t| t.name == target) {
            Some(t) => value = t.value.trim(),
            None => return Some((token, None)),
        }
    }
    Some((token, Colour::parse_css(value)))
}

/// Every pair of colours short of its ratio, each an error at the value
/// the site set (or the theme's, when the theme's own defaults fail); a
/// colour the site set that koers cannot read is an error too.
pub fn check_contrast(brand: Option<&Brand>, defaults: &[Token]) -> Diagnostics {
    let palette = merged(defaults, brand);
    let mut diags = Diagnostics::new();
    let mut unreadable: Vec<&str> = Vec::new();
    // A pair of colours reported once, where it is shown twice (the menu
    // in the header's colours, amber as text and as a shape).
    let mut failed: Vec<(&Token, &Token)> = Vec::new();
    for (what, fg, bg, ratio) in PAIRS {
        let (Some((fg_token, fg_colour)), Some((bg_token, bg_colour))) =
            (colour_of(&palette, fg), colour_of(&palette, bg))
        else {
            // A theme without the token does not show the pair.
            continue;
        };
        let (Some(fg_colour), Some(bg_colour)) = (fg_colour, bg_colour) else {
            for (t, c) in [(fg_token, fg_colour), (bg_token, bg_colour)] {
                if c.is_none() && t.origin.is_site() && !unreadable.contains(&t.name.as_str()) {
                    unreadable.push(&t.name);
                    diags.push(error_at(t, format!("the contrast of `{}` ({}) cannot be checked: koers reads #rgb, #rrggbb, rgb() and hsl() colours without transparency", t.value, t.name))
                        .with_help("give the colour as \"#rrggbb\""));
                }
            }
            continue;
        };
        let contrast = fg_colour.contrast(bg_colour);
        let same = |(f, b): &(&Token, &Token)| {
            (f.value.as_str(), &f.origin, b.value.as_str(), &b.origin)
                == (
                    fg_token.value.as_str(),
                    &fg_token.origin,
                    bg_token.value.as_str(),
                    &bg_token.origin,
                )
        };
        if contrast >= ratio || failed.iter().any(same) {
            continue;
        }
        failed.push((fg_token, bg_token));
        let kind = if ratio == TEXT {
            "text"
        } else {
            "a non-text element"
        };
        let describe =
            |t: &Token, c: Colour| format!("{} ({}, {})", c.hex(), t.name, t.origin.describe());
        let message = format!(
            "{what}: {} on {} has a contrast of {}; {kind} needs at least {}",
            describe(fg_token, fg_colour),
            describe(bg_token, bg_colour),
            ratio_text(contrast),
            required_text(ratio)
        );
        // Suggest a shade of the foreground (but the charts' fixed text)
        // and of a background the site set.
        let fixed_fg = fg == CHART_TEXT;
        let mut change: Vec<(&Token, Colour, Colour)> = Vec::new();
        if !fixed_fg {
            change.push((fg_token, fg_colour, bg_colour));
        }
        if bg_token.origin.is_site() || fixed_fg {
            change.push((bg_token, bg_colour, fg_colour));
        }
        let shades: Vec<String> = change
            .iter()
            .filter_map(|(t, c, against)| {
                let shade = c.passing_shade(*against, ratio)?;
                Some(format!(
                    "use {} instead of {} for {} ({})",
                    shade.hex(),
                    c.hex(),
                    setting(t),
                    ratio_text(shade.contrast(*against))
                ))
            })
            .collect();
        let place = [fg_token, bg_token]
            .into_iter()
            .find(|t| t.origin.is_site())
            .unwrap_or(fg_token);
        diags.push(error_at(place, message).with_help(format!(
            "{}: the nearest shade of the same hue that passes",
            shades.join(", or ")
        )));
    }
    diags
}

/// Where a site sets the colour of `token`: its role in `brand.colours`,
/// its key in chart-colours.yaml, or the token itself (in a token file).
fn setting(token: &Token) -> String {
    if let Some((role, _, _)) = crate::model::brand::ROLES
        .iter()
        .find(|(_, name, _)| *name == token.name)
    {
        return format!("`brand.colours.{role}`");
    }
    match token.name.strip_prefix("chart.") {
        Some(key) => format!("`{key}` in chart-colours.yaml"),
        None => format!("the token `{}`", token.name),
    }
}

/// An error at the place a token was set.
fn error_at(token: &Token, message: String) -> Diagnostic {
    let (file, line, column) = token.origin.place();
    Diagnostic::error(file, Position::new(line, column), message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::brand::Origin;

    fn defaults() -> Vec<Token> {
        crate::render::theme::Theme::builtin().palette()
    }

    fn site_colour(name: &str, value: &str, line: usize) -> Token {
        Token {
            name: name.to_string(),
            value: value.to_string(),
            origin: Origin::Site {
                file: "site.yaml".to_string(),
                line,
                column: 5,
                field: format!("colours.{name}"),
            },
        }
    }

    #[test]
    fn the_default_theme_passes_every_pair() {
        let palette = defaults();
        for (what, fg, bg, _) in PAIRS {
            for name in [fg, bg] {
                let token = palette.iter().find(|t| t.name == name);
                let colour = token.and_then(|t| Colour::parse_css(&t.value));
                assert!(
                    colour.is_some(),
                    "{what}: the theme defines no colour {name}"
                );
            }
        }
        let d = check_contrast(None, &palette);
        assert!(d.is_empty(), "{d}");
    }

    #[test]
    fn a_failing_pair_names_both_colours_the_ratio_and_a_shade_that_passes() {
        let brand = Brand {
            tokens: vec![site_colour(
                "--utrecht-page-header-background-color",
                "#ffd700",
                7,
            )],
            logo: None,
        };
        let d: Vec<Diagnostic> = check_contrast(Some(&brand), &defaults())
            .iter()
            .cloned()
            .collect();
        assert_eq!(d.len(), 2, "{d:?}");
        let header = &d[0];
        assert_eq!(header.position, Position::new(7, 5));
        assert!(
            header.message.starts_with("header text: #ffffff"),
            "{}",
            header.message
        );
        assert!(header.message.contains("#ffd700"));
        assert!(header.message.contains("1.40:1; text needs at least 4.5:1"));
        // A grey for the text, or a darker gold.
        let help = header.help.as_deref().unwrap();
        assert!(help.starts_with("use #"), "{help}");
        assert!(help.contains("instead of #ffffff for `brand.colours.header_text`"));
        assert!(help.contains("instead of #ffd700 for `brand.colours.header_background`"));
        let gold = Colour::parse_hex("#ffd700").unwrap();
        let white = crate::model::colour::WHITE;
        for (i, _) in help.match_indices("use #") {
            let shade = Colour::parse_hex(&help[i + 4..i + 11]).unwrap();
            let against = if shade.r == shade.g { gold } else { white };
            assert!(shade.contrast(against) >= 4.5, "{help}");
        }
        // The theme's yellow focus outline on gold.
        assert!(d[1].message.starts_with("the focus outline in the header"));
    }

    #[test]
    fn colours_the_site_gives_in_a_form_koers_cannot_read_are_errors() {
        let brand = Brand {
            tokens: vec![site_colour(DOCUMENT, "rgb(0 0 0 / 50%)", 3)],
            logo: None,
        };
        let d = check_contrast(Some(&brand), &defaults());
        assert_eq!(d.error_count(), 1);
        assert!(d
            .iter()
            .next()
            .unwrap()
            .message
            .contains("cannot be checked"));
    }
}
