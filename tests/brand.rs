//! A site's own colours, logo and font (`brand:` in site.yaml, issue #23
//! point 4): the brand's design tokens become /assets/brand.css, linked
//! after the theme's stylesheet; a token file in the NL Design System's
//! format sets the tokens of its names; every pair of colours the theme
//! shows together is checked for contrast at build time, and a pair short
//! of WCAG's ratio fails the build with the ratio and a shade that passes.

mod common;

use common::site::*;
use common::*;
use koers::error::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};

/// The example site with `brand` (YAML lines) after its site.yaml and the
/// files of tests/fixtures/brand in its `brand/` folder; gives the folder,
/// the content copy and the line of site.yaml the brand starts on.
fn branded(brand: &str) -> (tempfile::TempDir, PathBuf, usize) {
    let original = read(&repo().join("content/site.yaml"));
    let first = original.lines().count() + 1;
    let (dir, content) = edited_copy(&repo().join("content"), "site.yaml", |s| {
        format!("{s}{brand}")
    });
    copy_dir(&repo().join("tests/fixtures/brand"), &content.join("brand"));
    (dir, content, first)
}

fn build_errors(content: &Path) -> Vec<Diagnostic> {
    let out = content.parent().unwrap().join("out");
    errors(build(content, &out))
}

/// WCAG 2.x contrast, written here apart from koers' own: the relative
/// luminance of each `#rrggbb`, then (L1 + 0.05) / (L2 + 0.05).
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let v: Vec<f64> = (0..3)
            .map(|i| {
                let c = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap() as f64 / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            })
            .collect();
        0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The `use #xxxxxx instead of #yyyyyy` suggestions of a help text.
fn suggestions(help: &str) -> Vec<(String, String)> {
    help.match_indices("use #")
        .map(|(i, _)| {
            let shade = help[i + 4..i + 11].to_string();
            let rest = &help[i + 11..];
            let old = rest.trim_start_matches(" instead of ")[..7].to_string();
            (shade, old)
        })
        .collect()
}

#[test]
fn white_header_text_on_gold_fails_with_the_ratio_and_shades_that_pass() {
    let (_dir, content, first) = branded(
        "brand:\n  colours:\n    header_text: \"#ffffff\"\n    header_background: \"#ffd700\"\n    focus_inverse: \"#1b1b1b\"\n",
    );
    let errors = build_errors(&content);
    let header: Vec<&Diagnostic> = errors
        .iter()
        .filter(|d| d.message.starts_with("header text"))
        .collect();
    assert_eq!(header.len(), 1, "{errors:#?}");
    let e = header[0];
    // White is #ffffff (L = 1); #ffd700 has L = 0.2126 + 0.7152 *
    // ((215/255 + 0.055) / 1.055)^2.4 = 0.6987: 1.05 / 0.7487 = 1.4025.
    assert!((contrast("#ffffff", "#ffd700") - 1.4025).abs() < 0.001);
    for part in ["#ffffff", "#ffd700", "1.40:1", "4.5:1", "header_text"] {
        assert!(e.message.contains(part), "{part} in {}", e.message);
    }
    // At the header text's line of site.yaml (the foreground).
    assert!(e.file.ends_with("site.yaml"), "{e}");
    assert_eq!(e.position.line, first + 2, "{e}");
    let help = e.help.as_deref().unwrap();
    let shades = suggestions(help);
    assert_eq!(shades.len(), 2, "a grey text or a darker gold: {help}");
    for (shade, old) in &shades {
        let against = if old == "#ffffff" {
            "#ffd700"
        } else {
            "#ffffff"
        };
        let ratio = contrast(shade, against);
        assert!(ratio >= 4.5, "{shade} on {against} is {ratio}: {help}");
        // The nearest: mixed a step further back, it would not pass.
        assert!(ratio < 5.0, "{shade} is more than needed: {help}");
    }
    // The menu follows the header: the same pair is reported once.
    assert!(
        !errors.iter().any(|d| d.message.starts_with("menu links")),
        "{errors:#?}"
    );
}

#[test]
fn a_passing_brand_sets_the_tokens_and_every_page_links_them() {
    let (_dir, content, _) = branded(
        "brand:\n  colours:\n    header_background: \"#00594f\"\n    header_text: \"#fff\"\n    link: \"#00594f\"\n    focus_inverse: \"#ffd700\"\n  logo:\n    src: brand/logo.svg\n    alt: Provincie Flevoland\n  font: '\"Fira Sans\", Arial, sans-serif'\n",
    );
    let b = build_into_temp(&content);
    let css = read(&b.output.join("assets/brand.css"));
    for line in [
        "--utrecht-page-header-background-color: #00594f;",
        "--utrecht-page-header-color: #ffffff;",
        "--utrecht-link-color: #00594f;",
        "--utrecht-focus-inverse-outline-color: #ffd700;",
        "--utrecht-document-font-family: \"Fira Sans\", Arial, sans-serif;",
        // The menu in the header's colours.
        "--utrecht-navbar-background-color: #00594f;",
    ] {
        assert!(css.contains(line), "{line} in {css}");
    }
    assert!(css.trim_start().starts_with("/*") && css.contains(":root {"));
    // The theme is built on the tokens.
    let theme = read(&b.output.join("assets/koers.css"));
    assert!(theme.contains("--utrecht-page-header-background-color: #154273;"));
    assert!(theme.contains("--brand: var(--utrecht-page-header-background-color);"));
    assert!(b.html_files().len() > 20);
    for file in b.html_files() {
        let html = read(&file);
        // Redirect pages have no stylesheet at all.
        let Some(theme_at) = html.find("assets/koers.css\"") else {
            assert!(
                html.contains("http-equiv=\"refresh\""),
                "{}",
                file.display()
            );
            continue;
        };
        let brand_at = html.find("/assets/brand.css\"");
        assert!(
            brand_at.is_some_and(|at| at > theme_at),
            "{}: brand.css after koers.css",
            file.display()
        );
        assert!(
            !html.contains(" style="),
            "{}: no inline style",
            file.display()
        );
    }
    let home = b.page("/");
    let logo = home
        .select(&sel(".site-header .site-title a[href='/'] img.site-logo"))
        .next()
        .expect("the logo links home");
    assert_eq!(logo.value().attr("alt"), Some("Provincie Flevoland"));
    assert_eq!(logo.value().attr("src"), Some("/brand/logo.svg"));
    assert!(b.output.join("brand/logo.svg").is_file());
}

#[test]
fn a_decorative_logo_has_empty_alt_and_a_logo_alone_no_stylesheet() {
    let (_dir, content, _) = branded("brand:\n  logo: {src: brand/logo.svg, decorative: true}\n");
    let b = build_into_temp(&content);
    let logo = b
        .page("/")
        .select(&sel("img.site-logo"))
        .next()
        .map(|l| l.value().attr("alt").map(str::to_string));
    assert_eq!(logo, Some(Some(String::new())));
    assert!(!b.output.join("assets/brand.css").exists());
    assert!(!read(&b.output.join("index.html")).contains("brand.css"));
}

#[test]
fn a_style_dictionary_token_file_sets_the_tokens_and_colours_win_over_it() {
    let (_dir, content, _) =
        branded("brand:\n  tokens: brand/tokens.json\n  colours:\n    text: \"#111\"\n");
    let b = build_into_temp(&content);
    let css = read(&b.output.join("assets/brand.css"));
    for line in [
        // site.yaml's colour over the file's #222222
        "--utrecht-document-color: #111111;",
        // references resolved, Style Dictionary 3 (`.value`) and 4
        "--utrecht-document-background-color: #ffffff;",
        "--utrecht-page-header-color: #ffffff;",
        "--utrecht-page-header-background-color: #00594f;",
        "--utrecht-color-green-40: #00594f;",
        "--utrecht-link-color: hsl(173 100% 17%);",
        // the W3C format's `$value`
        "--utrecht-focus-inverse-outline-color: #ffd700;",
        "--utrecht-document-font-family: \"Fira Sans\", Arial, sans-serif;",
    ] {
        assert!(css.contains(line), "{line} in {css}");
    }
    assert!(!css.contains("#222222"), "{css}");
    assert!(read(&b.output.join("index.html")).contains("/assets/brand.css"));
}

#[test]
fn a_token_that_fails_the_contrast_check_is_named_at_its_line_of_the_file() {
    let (_dir, content, _) = branded("brand:\n  tokens: brand/tokens.json\n");
    let tokens = content.join("brand/tokens.json");
    fs::write(
        &tokens,
        read(&tokens).replace(
            "\"color\": { \"value\": \"#222222\"",
            "\"color\": { \"value\": \"#bbbbbb\"",
        ),
    )
    .unwrap();
    let errors = build_errors(&content);
    let text = errors
        .iter()
        .find(|d| d.message.starts_with("text: "))
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(text.file.ends_with("brand/tokens.json"), "{text}");
    assert_eq!(text.position.line, 10, "{text}");
    assert!(
        text.message.contains("token `utrecht.document.color`"),
        "{text}"
    );
    let ratio = contrast("#bbbbbb", "#ffffff");
    assert!(text
        .message
        .contains(&format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)));
    for (shade, _) in suggestions(text.help.as_deref().unwrap()) {
        assert!(contrast(&shade, "#ffffff") >= 4.5, "{text}");
    }
}

#[test]
fn a_site_without_brand_has_no_brand_stylesheet() {
    let b = build_into_temp(&repo().join("content"));
    assert!(b.site.config.brand.is_none());
    assert!(!b.output.join("assets/brand.css").exists());
    for file in b.html_files() {
        assert!(!read(&file).contains("brand.css"), "{}", file.display());
    }
}

#[test]
fn unknown_keys_bad_colours_and_missing_files_are_errors_at_their_line() {
    let (_dir, content, first) = branded("brand:\n  colors:\n    text: \"#000\"\n");
    let e = build_errors(&content);
    assert_eq!(e[0].message, "unknown field `colors`", "{e:#?}");
    assert_eq!(e[0].position.line, first + 1);
    assert_eq!(e[0].help.as_deref(), Some("did you mean `colours`?"));

    let (_dir, content, first) = branded(concat!(
        "brand:\n",
        "  colours:\n",
        "    text: \"#12345\"\n",
        "    link: blue\n",
        "    backgound: \"#fff\"\n",
        "    accent: #154273\n",
        "  logo: {src: brand/logo.png, alt: Logo}\n",
        "  font: 'Arial; } body { display: none'\n",
        "  tokens: brand/tokens.jsn\n",
    ));
    let e = build_errors(&content);
    let at = |needle: &str| -> &Diagnostic {
        e.iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {e:#?}"))
    };
    let bad = at("`#12345`");
    assert_eq!((bad.position.line, bad.position.column), (first + 2, 11));
    assert!(bad
        .help
        .as_deref()
        .unwrap()
        .contains("\"#rgb\" or \"#rrggbb\""));
    assert_eq!(at("`blue`").position.line, first + 3);
    let role = at("unknown colour role `backgound`");
    assert_eq!(role.position.line, first + 4);
    assert!(role
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `background`?"));
    let empty = at("`brand.colours.accent` has no colour");
    assert_eq!(empty.position.line, first + 5);
    assert!(empty.help.as_deref().unwrap().contains("in quotes"));
    let logo = at("`brand/logo.png` is not in the content folder");
    assert_eq!(logo.position.line, first + 6);
    assert_eq!(
        logo.help.as_deref(),
        Some("did you mean `brand/logo.svg`? The path is relative to the content folder")
    );
    assert_eq!(at("the font list").position.line, first + 7);
    assert_eq!(at("`brand/tokens.jsn`").position.line, first + 8);
    assert_eq!(e.len(), 7, "{e:#?}");

    let (_dir, content, first) = branded("brand:\n  logo:\n    src: brand/logo.svg\n");
    let e = build_errors(&content);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].message, "the logo has no text alternative (`alt`)");
    assert_eq!(e[0].position.line, first + 2);
}
