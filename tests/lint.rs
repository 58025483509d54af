//! Content lint: each accessibility mistake in Markdown is an error with
//! file and line, and a site can turn a rule into a warning.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// Appends `markdown` to the skeleton's pages/over.md (whose body starts on
/// line 4, so the appended text starts on line 6) and builds.
fn lint(
    markdown: &str,
    site_yaml_extra: &str,
) -> (
    Result<koers::build::Summary, koers::error::Error>,
    tempfile::TempDir,
) {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let page = content.join("pages/over.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, format!("{text}\n{markdown}")).unwrap();
    if !site_yaml_extra.is_empty() {
        let site = content.join("site.yaml");
        let yaml = fs::read_to_string(&site).unwrap();
        fs::write(&site, format!("{yaml}{site_yaml_extra}")).unwrap();
    }
    let out = dir.path().join("out");
    (build(&content, &out), dir)
}

fn assert_lint(markdown: &str, rule: &str, line: usize) {
    let (result, _dir) = lint(markdown, "");
    let errs = errors(result);
    let e = errs
        .iter()
        .find(|d| d.message.contains(&format!("[{rule}]")))
        .unwrap_or_else(|| panic!("no {rule} error; got {errs:#?}"));
    assert!(e.file.ends_with(Path::new("pages/over.md")), "{e}");
    assert_eq!(e.position.line, line, "{e}");
    assert!(e
        .help
        .as_deref()
        .unwrap()
        .contains(&format!("lint: {{{rule}: warning}}")));
}

#[test]
fn image_without_alt_text() {
    assert_lint("Tekst.\n\n![](../figuur.png)\n", "image-alt", 8);
}

#[test]
fn meaningless_link_text() {
    assert_lint(
        "Zie het plan: [klik hier](https://example.org/plan.pdf).\n",
        "link-text",
        6,
    );
    assert_lint(
        "Meer weten? [Lees meer](https://example.org/).\n",
        "link-text",
        6,
    );
}

#[test]
fn skipped_heading_level_and_h1_in_the_text() {
    assert_lint(
        "## Aanleiding\n\nTekst.\n\n#### Details\n",
        "heading-order",
        10,
    );
    assert_lint("# Nog een titel\n", "heading-order", 6);
}

#[test]
fn table_without_header_row() {
    assert_lint("| | |\n|---|---|\n| a | 1 |\n", "table-header", 6);
}

#[test]
fn chart_without_title() {
    assert_lint(
        "```chart\ntitle: \"\"\ncategories: [a]\nseries:\n  - {name: s, values: [1]}\n```\n",
        "chart-title",
        7,
    );
}

#[test]
fn heading_used_for_styling() {
    assert_lint("## **Belangrijk**\n", "heading-style", 6);
}

#[test]
fn a_site_can_make_a_rule_a_warning() {
    let (result, _dir) = lint(
        "[klik hier](https://example.org/)\n",
        "lint:\n  link-text: warning\n",
    );
    let summary = result.expect("a warning does not fail the build");
    let w = summary
        .warnings
        .iter()
        .find(|w| w.message.contains("[link-text]"))
        .expect("the finding is still reported");
    assert!(!w.is_error());
}

#[test]
fn good_content_passes_every_rule() {
    let (result, _dir) = lint(
        "## Aanleiding\n\n### Achtergrond\n\nZie [de voortgangsrapportage](../publications/voortgang-2025/index.md).\n\n| Jaar | Bedrag |\n|---|---|\n| 2025 | € 1 |\n",
        "",
    );
    let summary = result.expect("builds");
    // The site's own warnings (no licence, no accessibility statement) are
    // no lint findings.
    let findings: Vec<_> = summary
        .warnings
        .iter()
        .filter(|w| {
            koers::model::lint::RULES
                .iter()
                .any(|(rule, _)| w.message.contains(&format!("[{rule}]")))
        })
        .collect();
    assert!(findings.is_empty(), "{}", summary.warnings);
}

/// The warnings of a build that succeeded, as text.
fn warnings(result: Result<koers::build::Summary, koers::error::Error>) -> Vec<String> {
    let summary = result.unwrap_or_else(|e| panic!("the build failed: {e}"));
    summary.warnings.iter().map(|d| d.to_string()).collect()
}

#[test]
fn amounts_in_another_notation_than_the_sites_are_warned_with_the_amount_rewritten() {
    // The default notation is in full: "€ 2.317k" and "€ 2,450 mln" are not.
    let (result, _dir) = lint(
        "Gevraagd wordt € 2.317k; het budget was € 2,450 mln en € 2.315.000.\n",
        "",
    );
    let found = warnings(result);
    let notation: Vec<&String> = found
        .iter()
        .filter(|w| w.contains("[money-notation]"))
        .collect();
    assert_eq!(notation.len(), 2, "{found:#?}");
    assert!(notation[0].contains("pages/over.md:6:"), "{}", notation[0]);
    assert!(notation[0].contains("write € 2.317.000"), "{}", notation[0]);
    assert!(notation[1].contains("write € 2.450.000"), "{}", notation[1]);

    // A site that writes thousands is warned of the full amount instead.
    let (result, _dir) = lint(
        "Gevraagd wordt € 2.317k; eerder € 2.315.000.\n",
        "money_notation: duizenden\n",
    );
    let found = warnings(result);
    let notation: Vec<&String> = found
        .iter()
        .filter(|w| w.contains("[money-notation]"))
        .collect();
    assert_eq!(notation.len(), 1, "{found:#?}");
    assert!(notation[0].contains("write € 2.315k"), "{}", notation[0]);

    // "€ 1.028 mln" gets no rewritten amount: it may mean 1,028 million.
    let (result, _dir) = lint("Een prognose van € 1.028 mln.\n", "");
    let found = warnings(result);
    assert!(
        found.iter().any(|w| w.contains("a dot groups thousands")),
        "{found:#?}"
    );
}

#[test]
fn the_example_site_writes_every_amount_in_one_notation() {
    let dir = tempfile::tempdir().unwrap();
    let found = warnings(build(&repo().join("content"), &dir.path().join("out")));
    let notation: Vec<&String> = found
        .iter()
        .filter(|w| w.contains("[money-notation]"))
        .collect();
    assert!(notation.is_empty(), "{notation:#?}");
}
