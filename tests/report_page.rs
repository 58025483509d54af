//! A progress report page in a reader's order: the counts per status with
//! the note on derived statuses beside them, then what changed since the
//! previous report, then the table of stories; the table reflows on a
//! phone (each cell says which column it is in).

mod common;

use common::site::*;
use common::*;

/// Where `needle` first stands in `html`, or a failure naming it.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not on the page"))
}

#[test]
fn the_report_reads_counts_then_changes_then_the_table() {
    let b = build_into_temp(&repo().join("tests/fixtures/doelen"));
    let html = read(&b.output.join("publicaties/voortgang-2026/index.html"));
    let counts = at(&html, "<ul class=\"counts\">");
    let changes = at(&html, "id=\"veranderingen\"");
    let table = at(&html, "<table class=\"report");
    assert!(counts < changes, "the counts come before what changed");
    assert!(changes < table, "what changed comes before the table");
}

#[test]
fn the_derived_status_note_stands_beside_the_counts() {
    let b = build_into_temp(&repo().join("content"));
    let html = read(
        &b.output
            .join("publicaties/mab-voortgangsrapportage-plateau-3/index.html"),
    );
    let counts_end = at(&html, "<ul class=\"counts\">")
        + html[at(&html, "<ul class=\"counts\">")..]
            .find("</ul>")
            .unwrap();
    let note = at(&html, "id=\"afgeleide-statussen\"");
    let table = at(&html, "<table class=\"report");
    assert!(counts_end < note && note < table);
    // Nothing but white space and the note's tag between the list and it.
    let between = html[counts_end + "</ul>".len()..note].trim();
    assert_eq!(between, "<p class=\"note\"");
    // Each body cell of the report table names its column, for the
    // narrow-screen layout: the forecast of story 0 (Kennis en
    // capaciteit) is € 230.000 in the report of medio juni 2018.
    let page = b.page("/publicaties/mab-voortgangsrapportage-plateau-3/");
    let row = page
        .select(&sel("tr#story-kennis-en-capaciteit"))
        .next()
        .expect("the row of story 0");
    let forecast = row
        .select(&sel("td[data-label='Prognose']"))
        .next()
        .expect("a forecast cell labelled Prognose");
    assert_eq!(text(forecast).trim(), "€ 230.000");
    assert!(row
        .select(&sel("td[data-label='Status'] .status-shape"))
        .next()
        .is_some());
}
