//! Statuses the editors derived (`status_derived: true`) are marked as
//! derived wherever koers counts or shows them: the counts per status on
//! the home page, the reports overview and the report page, the report's
//! status chart, the datasets and every status badge.
//!
//! The expected numbers are counted by hand in the example site's plateau 3
//! report (`content/publications/mab-voortgangsrapportage-plateau-3/index.md`):
//! 19 entries, every one `status_derived: true`; 13 `groen` ("Volgens plan"),
//! 6 `oranje` ("Binnen marge"), none `rood` ("Buiten marge").

mod common;

use common::site::*;
use common::*;
use scraper::{ElementRef, Html};
use std::sync::OnceLock;

const REPORT_URL: &str = "/publicaties/mab-voortgangsrapportage-plateau-3/";
const ENTRIES: usize = 19;
const DERIVED: usize = 19;
/// Per status level, best first: label, count, derived count.
const COUNTS: [(&str, usize, usize); 3] = [
    ("Volgens plan", 13, 13),
    ("Binnen marge", 6, 6),
    ("Buiten marge", 0, 0),
];

fn example() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_into_temp(&repo().join("content")))
}

/// The site of two reports, in two languages: its first report derives
/// the statuses of its three stories, the second reports them.
fn multilingual() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_into_temp(&repo().join("tests/fixtures/meertalig")))
}

/// The texts of the items of the first `ul.counts` in `scope`.
fn counts(scope: ElementRef) -> Vec<String> {
    scope
        .select(&sel("ul.counts"))
        .next()
        .expect("a list of counts")
        .select(&sel("li"))
        .map(text)
        .collect()
}

/// The counts as they must read: "Volgens plan : 13 (waarvan 13 afgeleid)".
fn expected_counts() -> Vec<String> {
    COUNTS
        .iter()
        .map(|(label, n, d)| {
            if *d > 0 {
                format!("{label} : {n} (waarvan {d} afgeleid)")
            } else {
                format!("{label} : {n}")
            }
        })
        .collect()
}

fn only<'a>(page: &'a Html, selector: &str) -> ElementRef<'a> {
    page.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// The link to the note that explains derived statuses, in `scope`.
fn explanation_link(scope: ElementRef) -> String {
    scope
        .select(&sel("a[href$=\"#afgeleide-statussen\"]"))
        .next()
        .expect("a link to the note on derived statuses")
        .value()
        .attr("href")
        .unwrap_or_default()
        .to_string()
}

/// True when a note of the page says what a derived status is.
fn explains_derived(page: &Html) -> bool {
    page.select(&sel("p.note"))
        .any(|p| text(p).contains("door de redactie afgeleid"))
}

#[test]
fn the_home_page_counts_say_how_many_were_derived() {
    let page = example().page("/");
    let latest = only(&page, "section[aria-labelledby=\"laatste-rapportage\"]");
    assert_eq!(counts(latest), expected_counts());
    assert_eq!(
        explanation_link(latest),
        format!("{REPORT_URL}#afgeleide-statussen")
    );
}

#[test]
fn the_reports_overview_counts_say_how_many_were_derived() {
    let page = example().page("/rapportages/");
    let card = page
        .select(&sel("ul.cards > li"))
        .find(|li| {
            li.select(&sel("a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                == Some(REPORT_URL)
        })
        .expect("the plateau 3 report in the overview");
    assert_eq!(counts(card), expected_counts());
    assert_eq!(
        explanation_link(card),
        format!("{REPORT_URL}#afgeleide-statussen")
    );
}

#[test]
fn the_report_page_counts_badges_and_note_mark_derived_statuses() {
    let page = example().page(REPORT_URL);
    let overview = only(&page, "section[aria-labelledby=\"overzicht\"]");
    assert_eq!(counts(overview), expected_counts());
    // The note the other pages link to is on this page.
    let note = only(&page, "#afgeleide-statussen");
    assert!(text(note).contains("afgeleid"), "{}", text(note));
    // Every row of the report's table and every entry carries its mark.
    let rows = page.select(&sel("table.report tbody tr")).count();
    assert_eq!(rows, ENTRIES);
    let marked = page
        .select(&sel("table.report tbody .status .status-derived"))
        .count();
    assert_eq!(marked, DERIVED);
    let entries = page
        .select(&sel("article.entry .status .status-derived"))
        .count();
    assert_eq!(entries, DERIVED);
}

#[test]
fn the_report_status_chart_marks_the_derived_part_of_each_bar() {
    let b = example();
    let page = b.page(REPORT_URL);
    let fig = only(&page, "figure[id=\"grafiek-stories-per-status\"]");
    // The text alternative says it.
    let desc = text(fig.select(&sel("p.chart-desc")).next().expect("a desc"));
    assert!(
        desc.contains("13 Volgens plan (waarvan 13 afgeleid)")
            && desc.contains("6 Binnen marge (waarvan 6 afgeleid)"),
        "{desc}"
    );
    // The drawing has a legend for the mark of derived bars.
    for svg in fig.select(&sel("svg")) {
        let texts: Vec<String> = svg.select(&sel("text")).map(text).collect();
        assert!(
            texts.iter().any(|t| t == "afgeleid door de redactie"),
            "{texts:?}"
        );
    }
    // The data table has a column of derived counts.
    let table = fig.select(&sel("table")).next().expect("a data table");
    let header: Vec<String> = table.select(&sel("thead th")).map(text).collect();
    assert_eq!(header.last().map(String::as_str), Some("Waarvan afgeleid"));
    let rows: Vec<Vec<String>> = table
        .select(&sel("tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    let expected: Vec<Vec<String>> = COUNTS
        .iter()
        .map(|(label, n, d)| vec![label.to_string(), n.to_string(), d.to_string()])
        .collect();
    assert_eq!(rows, expected);
    // So do its CSV and JSON.
    let path = b.output.join(REPORT_URL.trim_start_matches('/'));
    let href = |name: &str| {
        fig.select(&sel(&format!("a[download=\"{name}\"]")))
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap_or_else(|| panic!("no download {name}"))
            .to_string()
    };
    let csv = download(&path.join("index.html"), &href("stories-per-status.csv"));
    assert_eq!(
        csv,
        "Status,Aantal,Waarvan afgeleid\nVolgens plan,13,13\nBinnen marge,6,6\nBuiten marge,0,0\n"
    );
    let json: serde_json::Value = serde_json::from_str(&download(
        &path.join("index.html"),
        &href("stories-per-status.json"),
    ))
    .unwrap();
    assert_eq!(json[0]["Waarvan afgeleid"], 13);
    assert_eq!(json[1]["Waarvan afgeleid"], 6);
}

#[test]
fn the_datasets_say_which_statuses_were_derived() {
    let out = &example().output;
    let csv = read(&out.join("open-data/statuses.csv"));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "status_afgeleid")
        .expect("a status_afgeleid column");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let values: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect();
    assert_eq!(values.len(), ENTRIES);
    assert_eq!(values.iter().filter(|v| *v == "ja").count(), DERIVED);
    assert_eq!(
        values.iter().filter(|v| *v == "nee").count(),
        ENTRIES - DERIVED
    );
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&read(&out.join("open-data/statuses.json"))).unwrap();
    assert_eq!(json.len(), ENTRIES);
    let derived = json
        .iter()
        .filter(|s| s["status_derived"] == serde_json::Value::Bool(true))
        .count();
    assert_eq!(derived, DERIVED);
}

#[test]
fn every_page_that_shows_a_status_marks_a_derived_one() {
    let b = example();
    // The story list: every story in the report has its derived status.
    let list = b.page("/stories/");
    let marked = list
        .select(&sel("table.stories .status .status-derived"))
        .count();
    assert_eq!(marked, ENTRIES);
    assert!(
        explains_derived(&list),
        "the story list does not explain it"
    );
    // A story page: its latest status, its history and the note.
    let story = b.site.story("kennis-en-capaciteit").expect("the story");
    let page = b.page(&story.url);
    assert_eq!(
        page.select(&sel("dl.facts .status .status-derived"))
            .count(),
        1
    );
    assert_eq!(
        page.select(&sel("table.history .status .status-derived"))
            .count(),
        1
    );
    only(&page, "#afgeleide-statussen");
    // A theme page's story table.
    let theme = &b.site.thema(&story.themes[0]).expect("the story's theme");
    let page = b.page(&theme.url);
    let row = page
        .select(&sel("table.stories tbody tr"))
        .find(|tr| text(*tr).contains(&story.title))
        .expect("the story on its theme's page");
    assert_eq!(row.select(&sel(".status .status-derived")).count(), 1);
    assert!(
        explains_derived(&page),
        "the theme page does not explain it"
    );
}

#[test]
fn a_story_status_timeline_marks_its_derived_points() {
    let b = multilingual();
    // Derived in the first report (voortgang-2018-06), reported in the second.
    let story = b.site.story("basisregistraties").expect("the story");
    let page = b.page(&story.url);
    let fig = only(&page, "figure[id=\"grafiek-status-per-rapportage\"]");
    let desc = text(fig.select(&sel("p.chart-desc")).next().expect("a desc"));
    assert_eq!(desc.matches("(afgeleid)").count(), 1, "{desc}");
    let svg = fig.select(&sel("svg")).next().expect("a drawing");
    let texts: Vec<String> = svg.select(&sel("text")).map(text).collect();
    // One asterisk beside the derived point, one in the legend.
    assert_eq!(texts.iter().filter(|t| *t == "*").count(), 2, "{texts:?}");
    assert!(texts.iter().any(|t| t == "afgeleid door de redactie"));
    let href = fig
        .select(&sel("a[download=\"status-per-rapportage.csv\"]"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("the CSV");
    let path = b.output.join(story.url.trim_start_matches('/'));
    let csv = download(&path.join("index.html"), href);
    let derived: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap_or_default())
        .collect();
    assert_eq!(derived, ["ja", "nee"], "{csv}");
    assert!(csv.lines().next().unwrap().ends_with(",Afgeleid"), "{csv}");
}

#[test]
fn the_search_counts_derived_statuses_apart() {
    let index: serde_json::Value =
        serde_json::from_str(&read(&example().output.join("search-index/index.json"))).unwrap();
    // Each value with its count of pages and its file of page numbers.
    let status: serde_json::Map<String, serde_json::Value> = index["filters"]["status"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(value, entry)| (value.clone(), entry[0].clone()))
        .collect();
    let expected: serde_json::Map<String, serde_json::Value> = COUNTS
        .iter()
        .filter(|(_, n, _)| *n > 0)
        .map(|(label, _, d)| (format!("{label} (afgeleid)"), (*d).into()))
        .collect();
    assert_eq!(status, expected);
}

#[test]
fn what_changed_marks_a_derived_old_level() {
    // voortgang-2018-06 derived every level; voortgang-2018-10 reports them.
    let page = multilingual().page("/publicaties/voortgang-2018-10/");
    for list in ["changes-improved", "changes-worsened"] {
        let items: Vec<String> = page
            .select(&sel(&format!("ul.{list} li")))
            .map(text)
            .collect();
        assert!(!items.is_empty(), "no {list}");
        for item in &items {
            assert_eq!(item.matches("(afgeleid)").count(), 1, "{item}");
            let (from, to) = item.split_once(" naar ").expect("from … to …");
            assert!(from.contains("(afgeleid)") && !to.contains("(afgeleid)"));
        }
    }
}
