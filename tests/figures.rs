//! Figures: an image with a caption becomes a numbered `<figure>` that the
//! text can link to; alt text is required; raw `<img>` paths are checked
//! like Markdown images. Expected captions and ids are written down from
//! the visie fixture, not read from the content.

mod common;

use common::site::*;
use common::*;
use std::path::{Path, PathBuf};

const CHAPTER: &str = "/publicaties/digitale-visie/visie-en-fasen/";

/// The figures of the chapter, in order: id, caption, image.
const FIGURES: [(&str, &str, &str); 2] = [
    (
        "figuur-vier-fasen-van-digitale-volwassenheid-afgezet-in-de-tijd",
        "Figuur 1. Vier fasen van digitale volwassenheid afgezet in de tijd",
        "/publications/digitale-visie/fasen.svg",
    ),
    (
        "figuur-digitale-vaardigheden-per-afdeling",
        "Figuur 2. Digitale vaardigheden per afdeling",
        "/publications/digitale-visie/afdelingen.svg",
    ),
];

#[test]
fn every_figure_has_its_number_caption_and_id_and_the_text_links_to_it() {
    let built = build_into_temp(&repo().join("tests/fixtures/visie"));
    let page = built.page(CHAPTER);
    let figures: Vec<_> = page.select(&sel(".prose figure")).collect();
    assert_eq!(figures.len(), FIGURES.len());
    for (figure, (id, caption, src)) in figures.into_iter().zip(FIGURES) {
        assert_eq!(figure.value().attr("id"), Some(id));
        let figcaption = figure.select(&sel("figcaption")).next().unwrap();
        assert_eq!(text(figcaption), caption);
        let img = figure.select(&sel("img")).next().unwrap();
        assert_eq!(img.value().attr("src"), Some(src));
        assert!(built.output.join(src.trim_start_matches('/')).is_file());
        assert!(!img.value().attr("alt").unwrap_or("").trim().is_empty());
    }
    let reference = page
        .select(&sel(&format!(".prose a[href=\"#{}\"]", FIGURES[0].0)))
        .next()
        .expect("the text refers to figure 1");
    assert_eq!(text(reference), "figuur 1");
    let html = read(
        &built
            .output
            .join("publicaties/digitale-visie/visie-en-fasen/index.html"),
    );
    assert!(
        !html.contains("<p><figure"),
        "a figure never stands in a paragraph"
    );
    // No other page of the fixture has a figure of its text.
    let elsewhere: usize = built
        .html_files()
        .iter()
        .filter(|p| !p.ends_with("visie-en-fasen/index.html"))
        .map(|p| read(p).matches("<figure class=\"figure\"").count())
        .sum();
    assert_eq!(elsewhere, 0);
}

/// A copy of the visie fixture in a temporary folder, with its colophon
/// ending in `extra`.
fn fixture_with_colophon(extra: &str) -> (tempfile::TempDir, PathBuf) {
    edited_copy(
        &repo().join("tests/fixtures/visie"),
        "publications/digitale-visie/04-colofon.md",
        |text| format!("{text}{extra}"),
    )
}

#[test]
fn a_raw_img_is_resolved_like_a_markdown_image() {
    let (dir, content) = fixture_with_colophon("\n<img src=\"fasen.svg\" alt=\"De vier fasen\">\n");
    let out = dir.path().join("out");
    build(&content, &out).expect("the fixture builds");
    let html = read(&out.join("publicaties/digitale-visie/colofon/index.html"));
    assert!(
        html.contains("<img src=\"/publications/digitale-visie/fasen.svg\" alt=\"De vier fasen\">"),
        "{html}"
    );
}

#[test]
fn a_raw_img_of_a_missing_file_is_an_error_at_its_tag() {
    // The colophon has 14 lines: a blank line, then the figure from line 16.
    let (dir, content) = fixture_with_colophon(
        "\n<figure>\n  <img src=\"ontbreekt.svg\" alt=\"Logo van de provincie\">\n  <figcaption>Logo</figcaption>\n</figure>\n",
    );
    let errs = errors(build(&content, &dir.path().join("out")));
    let e = errs
        .iter()
        .find(|d| d.message.contains("ontbreekt.svg"))
        .unwrap_or_else(|| panic!("no error names the file: {errs:#?}"));
    assert!(e
        .file
        .ends_with("publications/digitale-visie/04-colofon.md"));
    assert_eq!((e.position.line, e.position.column), (17, 3));
    assert!(e.help.is_some());
}

#[test]
fn an_image_without_alt_text_is_a_lint_error_at_the_image() {
    // The alt text of figure 2 left out: `![](afdelingen.svg "...")`.
    let (dir, content) = edited_copy(
        &repo().join("tests/fixtures/visie"),
        "publications/digitale-visie/02-visie-en-fasen.md",
        |text| {
            let at = text.find("![Twee rijen").unwrap();
            let end = at + text[at..].find("](").unwrap();
            format!("{}![{}", &text[..at], &text[end..])
        },
    );
    let errs = errors(build(&content, &dir.path().join("out")));
    let e = errs
        .iter()
        .find(|d| d.message.contains("[image-alt]"))
        .unwrap_or_else(|| panic!("no image-alt finding: {errs:#?}"));
    assert!(e.file.ends_with(Path::new(
        "publications/digitale-visie/02-visie-en-fasen.md"
    )));
    assert_eq!((e.position.line, e.position.column), (98, 1));
    assert!(e.help.as_deref().unwrap().contains("what the image shows"));
}
