//! A site's own look (`brand:` in site.yaml): the design tokens it sets,
//! as CSS custom properties over the theme's, and its logo.

/// The brand of a site, validated: what `/assets/brand.css` sets and the
/// logo of the header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Brand {
    /// The custom properties the site sets, in the order brand.css writes
    /// them: a token file's by name, then those of `colours:` and `font:`
    /// (which replace a file's of the same name).
    pub tokens: Vec<Token>,
    pub logo: Option<Logo>,
}

/// One CSS custom property with its value and where it was set.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// With its dashes: `--utrecht-document-color`.
    pub name: String,
    /// A value that is safe in a stylesheet (checked in validation).
    pub value: String,
    pub origin: Origin,
}

/// Where a token's value comes from, for messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A field of `brand:` in site.yaml (`colours.text`, `font`).
    Site {
        file: String,
        line: usize,
        column: usize,
        field: String,
    },
    /// A token of a design-token file, by its path (`utrecht.document.color`).
    TokenFile {
        file: String,
        line: usize,
        column: usize,
        path: String,
    },
    /// The theme's default, in its stylesheet or chart colours.
    Theme {
        file: String,
        line: usize,
        /// How to describe it, when not as the theme's default at its
        /// line (the charts' fixed text colour).
        what: String,
    },
}

impl Origin {
    /// The file, line and column of the value (0 when unknown).
    pub fn place(&self) -> (&str, usize, usize) {
        match self {
            Origin::Site {
                file, line, column, ..
            }
            | Origin::TokenFile {
                file, line, column, ..
            } => (file, *line, *column),
            Origin::Theme { file, line, .. } => (file, *line, 0),
        }
    }

    /// In words: "set by `brand.colours.text` in site.yaml, line 3".
    pub fn describe(&self) -> String {
        match self {
            Origin::Site {
                file, line, field, ..
            } => format!("set by `brand.{field}` in {file}, line {line}"),
            Origin::TokenFile {
                file, line, path, ..
            } => format!("set by the token `{path}` in {file}, line {line}"),
            Origin::Theme { what, .. } if !what.is_empty() => what.clone(),
            Origin::Theme { file, line, .. } => {
                format!("the theme's default in {file}, line {line}")
            }
        }
    }

    /// True when the site set the value (not the theme).
    pub fn is_site(&self) -> bool {
        !matches!(self, Origin::Theme { .. })
    }
}

/// The logo in the header, linking home.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// Content-relative path of the picture (copied as an asset).
    pub src: String,
    /// Its text alternative; None for a decorative logo (`alt=""`).
    pub alt: Option<String>,
}

/// What the name of each colour role of `brand.colours` sets: the
/// NL Design System token (or koers' own, `--koers-*`, where the NL
/// Design System has none), and what it colours.
pub const ROLES: [(&str, &str, &str); 14] = [
    ("text", "--utrecht-document-color", "the text"),
    (
        "background",
        "--utrecht-document-background-color",
        "the page background",
    ),
    ("muted", "--koers-muted-color", "the muted text"),
    (
        "surface",
        "--koers-surface-background-color",
        "the background of notes, callouts and the footer",
    ),
    ("link", "--utrecht-link-color", "the links"),
    (
        "header_text",
        "--utrecht-page-header-color",
        "the header text",
    ),
    (
        "header_background",
        "--utrecht-page-header-background-color",
        "the header background",
    ),
    ("nav_text", "--utrecht-navbar-link-color", "the menu links"),
    (
        "nav_background",
        "--utrecht-navbar-background-color",
        "the menu background",
    ),
    (
        "accent",
        "--utrecht-button-primary-action-background-color",
        "the background of buttons",
    ),
    (
        "accent_text",
        "--utrecht-button-primary-action-color",
        "the text of buttons",
    ),
    (
        "focus",
        "--utrecht-focus-outline-color",
        "the focus outline on the page",
    ),
    (
        "focus_inverse",
        "--utrecht-focus-inverse-outline-color",
        "the focus outline in the header (and the ring around it on the page)",
    ),
    (
        "mark",
        "--koers-mark-background-color",
        "the background of search hits",
    ),
];

/// The token `font:` sets.
pub const FONT_TOKEN: &str = "--utrecht-document-font-family";

/// The token of a colour role, by the role's name.
pub fn role_token(role: &str) -> Option<&'static str> {
    ROLES
        .iter()
        .find(|(r, _, _)| *r == role)
        .map(|(_, t, _)| *t)
}
