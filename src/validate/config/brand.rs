//! `brand:` of site.yaml: colours by role, a logo, a font and a
//! design-token file, merged into the tokens of `/assets/brand.css`.
//! Contrast is checked later, against the theme (see `contrast.rs`).

use super::tokens;
use crate::error::Diagnostics;
use crate::load::input::{BrandInput, LogoInput, SiteInput};
use crate::load::yaml::At;
use crate::load::Parsed;
use crate::model::brand::{self, Brand, Logo, Origin, Token};
use crate::model::colour::Colour;
use std::path::Path;

type Src = crate::load::source::SourceFile;

/// The picture formats a logo may have.
const LOGO_FORMATS: [&str; 7] = ["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];

/// The site's brand, validated; None when site.yaml has no `brand:`.
/// `root` is the content folder and `assets` its files that are not
/// content (the logo must be one of them).
pub fn brand(
    site: &Parsed<SiteInput>,
    root: &Path,
    assets: &[String],
    diags: &mut Diagnostics,
) -> Option<Brand> {
    let input = site.input.brand.as_ref()?;
    let src = &site.source;
    let mut tokens = match &input.tokens {
        Some(file) => token_file(file, src, root, assets, diags),
        None => Vec::new(),
    };
    for token in colours(input, src, diags)
        .into_iter()
        .chain(font(input, src, diags))
    {
        set(&mut tokens, token);
    }
    menu_follows_header(&mut tokens);
    Some(Brand {
        tokens,
        logo: input
            .logo
            .as_ref()
            .and_then(|l| logo(l, src, assets, diags)),
    })
}

/// Puts `token` in `tokens`: in the place of one of the same name, or last.
fn set(tokens: &mut Vec<Token>, token: Token) {
    match tokens.iter_mut().find(|t| t.name == token.name) {
        Some(old) => *old = token,
        None => tokens.push(token),
    }
}

/// A brand that colours the header and not the menu gets a menu in the
/// header's colours (the theme's dark blue menu would not match).
fn menu_follows_header(tokens: &mut Vec<Token>) {
    for (header, menu) in [
        ("header_background", "nav_background"),
        ("header_text", "nav_text"),
    ] {
        let (Some(header), Some(menu)) = (brand::role_token(header), brand::role_token(menu))
        else {
            continue;
        };
        if tokens.iter().any(|t| t.name == menu) {
            continue;
        }
        if let Some(h) = tokens.iter().find(|t| t.name == header).cloned() {
            tokens.push(Token {
                name: menu.to_string(),
                ..h
            });
        }
    }
}

/// Where a value of site.yaml was written, as a token's origin.
fn origin<T>(src: &Src, at: &At<T>, field: String) -> Origin {
    let pos = src.at(at);
    Origin::Site {
        file: src.shown.display().to_string(),
        line: pos.line,
        column: pos.column,
        field,
    }
}

/// `colours:`: each a known role with a `#rgb` or `#rrggbb` colour.
fn colours(input: &BrandInput, src: &Src, diags: &mut Diagnostics) -> Vec<Token> {
    let mut out = Vec::new();
    for (role, at) in &input.colours {
        let Some(name) = brand::role_token(role) else {
            let valid: Vec<String> = brand::ROLES.iter().map(|(r, _, _)| r.to_string()).collect();
            diags.push(
                src.error(
                    src.at(at),
                    format!("unknown colour role `{role}` in `brand.colours`"),
                )
                .with_help(crate::suggest::valid_values_help(role, &valid)),
            );
            continue;
        };
        let Some(text) = at.value.as_deref().map(str::trim) else {
            diags.push(
                src.error(src.at(at), format!("`brand.colours.{role}` has no colour"))
                    .with_help(format!("in YAML an unquoted `#` starts a comment: write the colour in quotes, e.g. {role}: \"#1b1b1b\"")),
            );
            continue;
        };
        match Colour::parse_hex(text) {
            Some(colour) => out.push(Token {
                name: name.to_string(),
                value: colour.hex(),
                origin: origin(src, at, format!("colours.{role}")),
            }),
            None => diags.push(
                src.error(src.at(at), format!("`{text}` in `brand.colours.{role}` is not a CSS hex colour"))
                    .with_help(format!("write a CSS hex colour, \"#rgb\" or \"#rrggbb\", in quotes: {role}: \"#1b1b1b\"")),
            ),
        }
    }
    // In the order of the roles, not of their names.
    out.sort_by_key(|t| brand::ROLES.iter().position(|(_, name, _)| *name == t.name));
    out
}

/// `font:`: a CSS font-family list of names.
fn font(input: &BrandInput, src: &Src, diags: &mut Diagnostics) -> Option<Token> {
    let at = input.font.as_ref()?;
    let text = at.trim();
    let names: Vec<&str> = text.split(',').map(str::trim).collect();
    let allowed = |c: char| c.is_alphanumeric() || " -'\",".contains(c);
    let bad = if let Some(c) = text.chars().find(|c| !allowed(*c)) {
        Some(format!("contains `{c}`"))
    } else if names.iter().any(|n| {
        let bare = n.trim_matches(|c| c == '"' || c == '\'').trim();
        bare.is_empty() || bare.contains(['"', '\''])
    }) {
        Some("has an empty or badly quoted name".to_string())
    } else {
        None
    };
    if let Some(problem) = bad {
        diags.push(
            src.error(src.at(at), format!("the font list `{text}` {problem}"))
                .with_help("write a CSS font-family list: names of letters, digits, spaces and hyphens, quoted when they have spaces, separated by commas, ending in a generic family: \"Fira Sans\", Arial, sans-serif"),
        );
        return None;
    }
    Some(Token {
        name: brand::FONT_TOKEN.to_string(),
        value: text.to_string(),
        origin: origin(src, at, "font".to_string()),
    })
}

/// A content-relative path as written (`./brand/x`, `/brand/x`), or None
/// when it leads out of the content folder.
fn content_path(written: &str) -> Option<String> {
    let rel = written
        .trim()
        .trim_start_matches("./")
        .trim_start_matches('/');
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    ok.then(|| rel.to_string())
}

/// A file of the content folder named in `brand`, or an error at `at`.
fn content_file(
    at: &At<String>,
    field: &str,
    src: &Src,
    assets: &[String],
    diags: &mut Diagnostics,
) -> Option<String> {
    let rel = content_path(at);
    if let Some(rel) = rel.as_ref().filter(|r| assets.contains(r)) {
        return Some(rel.clone());
    }
    let help = match rel {
        None => "give a path inside the content folder, e.g. brand/logo.svg".to_string(),
        Some(rel) => match crate::suggest::closest(&rel, assets.iter().map(String::as_str)) {
            Some(best) => {
                format!("did you mean `{best}`? The path is relative to the content folder")
            }
            None => "put the file in the content folder (e.g. brand/) and give its path from there"
                .to_string(),
        },
    };
    diags.push(
        src.error(
            src.at(at),
            format!(
                "`brand.{field}`: the file `{}` is not in the content folder",
                at.trim()
            ),
        )
        .with_help(help),
    );
    None
}

/// `tokens:`: the tokens of a design-token file of the content folder.
fn token_file(
    at: &At<String>,
    src: &Src,
    root: &Path,
    assets: &[String],
    diags: &mut Diagnostics,
) -> Vec<Token> {
    let Some(rel) = content_file(at, "tokens", src, assets, diags) else {
        return Vec::new();
    };
    let shown = src
        .shown
        .parent()
        .unwrap_or(Path::new(""))
        .join(rel.replace('/', std::path::MAIN_SEPARATOR_STR));
    tokens::read(root, &rel, &shown, diags)
}

/// `logo:`: a picture of the content folder with its text alternative.
fn logo(input: &LogoInput, src: &Src, assets: &[String], diags: &mut Diagnostics) -> Option<Logo> {
    let file = content_file(&input.src, "logo.src", src, assets, diags);
    let extension = input
        .src
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if file.is_some() && !LOGO_FORMATS.contains(&extension.as_str()) {
        diags.push(
            src.error(
                src.at(&input.src),
                format!("`{}` is not a picture a browser shows", input.src.trim()),
            )
            .with_help(format!("use one of: {}", LOGO_FORMATS.join(", "))),
        );
        return None;
    }
    let decorative = input.decorative.as_ref().is_some_and(|d| d.value);
    let alt = input.alt.as_ref().map(|a| (a, a.trim().to_string()));
    let alt = match (decorative, alt) {
        (true, None) => None,
        (true, Some((at, _))) => {
            diags.push(
                src.error(src.at(at), "a decorative logo has no `alt`")
                    .with_help("remove `alt:` (the logo is then skipped by screen readers), or remove `decorative: true`"),
            );
            return None;
        }
        (false, Some((_, text))) if !text.is_empty() => Some(text),
        (false, alt) => {
            let pos = alt.map_or_else(|| src.at(&input.src), |(at, _)| src.at(at));
            diags.push(
                src.error(pos, "the logo has no text alternative (`alt`)")
                    .with_help("add `alt:` with what the logo says, usually the organisation's name (alt: Provincie Flevoland); or `decorative: true` when the site title beside it says it already"),
            );
            return None;
        }
    };
    file.map(|src| Logo { src, alt })
}
