//! The example site in content/ builds, and its pages carry the content's
//! facts: every story of the progress report with its status label and
//! money, status histories on story pages, links that resolve, footnotes
//! that link both ways.

mod common;

use common::site::*;
use common::*;
use koers::model::money::MoneyView;
use std::sync::OnceLock;

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_into_temp(&repo().join("content")))
}

#[test]
fn every_story_of_the_report_appears_with_status_label_and_money() {
    let b = built();
    let reports = b.site.reports();
    assert!(
        !reports.is_empty(),
        "the example site has a progress report"
    );
    for (publication, report) in reports {
        let page = b.page(&publication.url);
        assert!(
            report.entries.len() >= 19,
            "plateau 3 reports on stories 0-18"
        );
        for entry in &report.entries {
            let row_sel = sel(&format!("tr[id=\"story-{}\"]", entry.story));
            let row = page
                .select(&row_sel)
                .next()
                .unwrap_or_else(|| panic!("no row for {}", entry.story));
            let row_text = text(row);
            let level = &entry.level;
            assert!(
                row_text.contains(&level.label),
                "{}: {row_text}",
                entry.story
            );
            for money in [entry.planned, entry.spent, entry.forecast] {
                let shown = MoneyView::of(money).text;
                let shown = shown.replace('\u{a0}', " ");
                assert!(
                    row_text.contains(&shown),
                    "{}: {shown} not in {row_text}",
                    entry.story
                );
            }
        }
    }
}

#[test]
fn report_figures_match_the_source_document() {
    // Story 9 of the plateau 3 report: budget € 475k, spent € 343k, forecast € 500k.
    let b = built();
    let story = b
        .site
        .stories
        .iter()
        .find(|s| s.number.as_deref() == Some("9"))
        .expect("story 9");
    let (publication, _) = b.site.reports()[0];
    let page = b.page(&publication.url);
    let row = page
        .select(&sel(&format!("tr[id=\"story-{}\"]", story.id)))
        .next()
        .unwrap();
    let row_text = text(row).replace('\u{a0}', " ");
    for figure in ["€ 475.000", "€ 343.000", "€ 500.000"] {
        assert!(row_text.contains(figure), "{figure} not in {row_text}");
    }
    let totals =
        text(page.select(&sel("table.report tfoot")).next().unwrap()).replace('\u{a0}', " ");
    // Stories 0-18 add up to € 2.315k budget, € 936,5k spent, € 2.137,5k forecast.
    for figure in ["€ 2.315.000", "€ 936.500", "€ 2.137.500"] {
        assert!(totals.contains(figure), "{figure} not in {totals}");
    }
}

#[test]
fn the_legend_gives_every_level_its_meaning() {
    let b = built();
    let (publication, _) = b.site.reports()[0];
    let legend = text(
        b.page(&publication.url)
            .select(&sel("dl.legend"))
            .next()
            .unwrap(),
    );
    for level in &b.site.config.stoplicht.levels {
        assert!(
            legend.contains(&level.label) && legend.contains(level.meaning.trim_end_matches('.')),
            "{legend}"
        );
    }
}

#[test]
fn story_pages_show_their_status_history() {
    let b = built();
    let reports = b.site.reports();
    let mut checked = 0;
    for story in &b.site.stories {
        let expected: Vec<_> = reports
            .iter()
            .filter_map(|(p, r)| {
                r.entries
                    .iter()
                    .find(|e| e.story == story.id)
                    .map(|e| (p, e))
            })
            .collect();
        let page = b.page(&story.url);
        let rows: Vec<_> = page.select(&sel("table.history tbody tr")).collect();
        assert_eq!(rows.len(), expected.len(), "{}", story.id);
        for (row, (publication, entry)) in rows.iter().zip(&expected) {
            let t = text(*row);
            assert!(t.contains(&publication.title), "{t}");
            assert!(t.contains(&entry.level.label), "{t}");
        }
        checked += expected.len();
    }
    assert!(checked >= 19);
}

#[test]
fn the_stories_overview_lists_every_story_with_its_latest_status() {
    let b = built();
    let page = b.page("/stories/");
    let rows: Vec<_> = page.select(&sel("table.stories tbody tr")).collect();
    assert_eq!(rows.len(), b.site.stories.len());
    let derived = page.select(&sel("table.stories .status")).count();
    assert!(derived >= 19);
}

#[test]
fn every_internal_link_resolves_to_a_written_file() {
    assert_links_resolve(built());
}

#[test]
fn footnotes_link_both_ways() {
    assert!(assert_footnotes_link_both_ways(built()) >= 2);
}

#[test]
fn every_page_has_one_h1_and_a_language() {
    let b = built();
    for file in b.html_files() {
        let doc = scraper::Html::parse_document(&read(&file));
        assert_eq!(doc.select(&sel("h1")).count(), 1, "{}", file.display());
        let html = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some("nl"));
    }
}

#[test]
fn the_accessibility_statement_comes_from_site_yaml_and_every_footer_links_it() {
    let b = built();
    let a = &b.site.config.accessibility;
    let page = b.page("/toegankelijkheid/");
    let body = text(page.select(&sel("main")).next().unwrap());
    assert!(body.contains("Status C"), "{body}");
    assert!(body.contains(&a.statement_date.unwrap().to_string()));
    assert!(body.contains(a.responsible.as_deref().unwrap()));
    assert!(body.contains(&a.measures[0].description));
    let contact = b.site.config.contact.email.as_deref().unwrap();
    assert!(page
        .select(&sel(&format!("a[href=\"mailto:{contact}\"]")))
        .next()
        .is_some());
    for file in b.html_files() {
        let html = read(&file);
        if html.contains("http-equiv=\"refresh\"") {
            continue; // a redirect page only forwards
        }
        let doc = scraper::Html::parse_document(&html);
        assert!(
            doc.select(&sel("footer a[href=\"/toegankelijkheid/\"]"))
                .next()
                .is_some(),
            "{} has no link to the accessibility statement",
            file.display()
        );
    }
}

#[test]
fn file_links_say_their_type_and_size() {
    let b = built();
    let page = b.page("/publicaties/informatiestrategie-2021-2024/financien/");
    let link = page
        .select(&sel("a[href=\"/data/kosten-opties.csv\"]"))
        .next()
        .expect("a link to the data file");
    let size = std::fs::metadata(repo().join("content/data/kosten-opties.csv"))
        .unwrap()
        .len();
    assert!(
        text(link).ends_with(&format!("(CSV, {size} bytes)")),
        "{}",
        text(link)
    );
    assert!(
        b.output.join("data/kosten-opties.csv").is_file(),
        "the file is copied"
    );
}
