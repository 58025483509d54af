//! Front and back matter: a chapter marked unnumbered (a foreword, a
//! colophon) or as an appendix leaves the numbers of the others as in the
//! source. The expected labels are written down from the visie fixture's
//! reading order, not read from the content.

mod common;

use common::site::*;
use common::*;

const PUBLICATION: &str = "/publicaties/digitale-visie/";

/// The chapters of the visie fixture in reading order: their URL segment,
/// title and the label they must show.
const CHAPTERS: [(&str, &str, Option<&str>); 5] = [
    ("voorwoord", "Voorwoord", None),
    ("inleiding", "Inleiding", Some("Hoofdstuk 1")),
    (
        "visie-en-fasen",
        "Uitgangspunten, visie en fasen",
        Some("Hoofdstuk 2"),
    ),
    ("begrippen", "Begrippen", Some("Bijlage A")),
    ("colofon", "Colofon", None),
];

/// "Hoofdstuk 1 Inleiding", or the title alone for an unnumbered chapter.
fn labelled(label: Option<&str>, separator: &str, title: &str) -> String {
    match label {
        Some(l) => format!("{l}{separator}{title}"),
        None => title.to_string(),
    }
}

#[test]
fn the_table_of_contents_and_every_chapter_page_show_the_labels_as_written() {
    let built = build_into_temp(&repo().join("tests/fixtures/visie"));
    let toc = built.page(PUBLICATION);
    let items: Vec<_> = toc.select(&sel("ol.chapters > li > a")).collect();
    assert_eq!(items.len(), CHAPTERS.len());
    for (a, (slug, title, label)) in items.into_iter().zip(CHAPTERS) {
        let url = format!("{PUBLICATION}{slug}/");
        assert_eq!(a.value().attr("href"), Some(url.as_str()));
        let number = a.select(&sel(".chapter-number")).next().map(text);
        assert_eq!(number.as_deref(), label, "{title}");
        assert_eq!(text(a), labelled(label, " ", title));
    }
    for (i, (slug, title, label)) in CHAPTERS.into_iter().enumerate() {
        let page = built.page(&format!("{PUBLICATION}{slug}/"));
        let kicker = text(page.select(&sel("p.kicker")).next().unwrap());
        let expected = match label {
            Some(l) => format!("Digitale visie · {l}"),
            None => "Digitale visie".to_string(),
        };
        assert_eq!(kicker, expected, "{title}");
        let pager = |class: &str| {
            page.select(&sel(&format!("nav.pager li.{class} a")))
                .next()
                .map(text)
        };
        let expected = |j: Option<usize>, word: &str| {
            j.and_then(|j| CHAPTERS.get(j))
                .map(|(_, t, l)| format!("{word} {}", labelled(*l, ": ", t)))
        };
        assert_eq!(pager("prev"), expected(i.checked_sub(1), "Vorige"));
        assert_eq!(pager("next"), expected(Some(i + 1), "Volgende"));
    }
}

#[test]
fn an_unknown_numbering_is_an_error_at_its_value_listing_the_valid_ones() {
    let (dir, content) = edited_copy(
        &repo().join("tests/fixtures/visie"),
        "publications/digitale-visie/03-begrippen.md",
        |text| text.replace("numbering: appendix", "numbering: bijlage"),
    );
    let errs = errors(build(&content, &dir.path().join("out")));
    let e = errs
        .iter()
        .find(|d| d.message.contains("numbering"))
        .unwrap_or_else(|| panic!("no numbering error in {errs:#?}"));
    assert_eq!(e.message, "unknown chapter numbering `bijlage`");
    assert!(e
        .file
        .ends_with("publications/digitale-visie/03-begrippen.md"));
    assert_eq!((e.position.line, e.position.column), (4, 12));
    let help = e.help.as_deref().unwrap();
    assert!(
        help.contains("valid values are: numbered, unnumbered, appendix"),
        "{help}"
    );
}
