//! The plateau 4 plan of the example site published whole (issue 22): its
//! register of 42 posts, its annex 1 per post with the totals the build
//! checks, and every story's money under the plan it comes from. Expected
//! figures are written from the source document (Programmaplan MAB plateau
//! 4, annex 1 and chapters 3-5; the plateau 3 progress report), never read
//! from the content.

mod common;

use common::site::*;
use common::*;
use scraper::ElementRef;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const PLAN: &str = "/publicaties/mab-programmaplan-plateau-4/";

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_into_temp(&repo().join("content")))
}

/// The cells of a table row as text (non-breaking spaces as spaces), its
/// header cell first.
fn cells(row: ElementRef) -> Vec<String> {
    row.select(&sel("th, td"))
        .map(|c| text(c).replace('\u{a0}', " "))
        .collect()
}

/// The rows of the annex table, by the text of their header cell.
fn annex_row(label_start: &str) -> Vec<String> {
    let page = built().page(PLAN);
    let table = page
        .select(&sel("table#tabel-bijlage-1"))
        .next()
        .expect("the plan shows annex 1 as a table");
    table
        .select(&sel("tbody tr"))
        .map(cells)
        .find(|c| c[0].starts_with(label_start))
        .unwrap_or_else(|| panic!("annex 1 has no row {label_start}"))
}

/// Annex 1's columns, in the source's order.
const INV_PLANNED: usize = 1;
const EXPL_PLANNED: usize = 3;
const ONCE_PLANNED: usize = 5;
const NEW: usize = 6;
const CARRIED: usize = 7;
const P4_TOTAL: usize = 8;

#[test]
fn the_register_lists_the_42_posts_with_their_codes_and_status() {
    let codes = [
        "1A", "1B", "1C", "1D", "1E", "2A1", "2A2", "2A3", "2A4", "2B", "2C", "2D1", "2D2", "2D3",
        "2D4", "3A0", "3A1", "3A2-4", "3A5-6", "3B0", "3B1", "3B2", "3C", "4A", "4B", "4C", "4D",
        "4E", "5A", "5B1", "5B2", "5B3", "5C1", "5C2", "5C3", "5C4", "5C5", "5D1", "5D2", "5D3",
        "5E1", "5E2",
    ];
    assert_eq!(codes.len(), 42);
    let page = built().page(&format!("{PLAN}register/"));
    let rows: Vec<Vec<String>> = page
        .select(&sel("table tbody tr"))
        .map(cells)
        .filter(|c| !c[0].is_empty())
        .collect();
    let shown: Vec<&str> = rows.iter().map(|c| c[0].as_str()).collect();
    assert_eq!(shown, codes, "the register lists every post once, in order");
    let count = |status: &str| rows.iter().filter(|c| c[3] == status).count();
    assert_eq!(count("actief"), 31);
    assert_eq!(count("eindresultaat behaald"), 8);
    let out = ["vervallen", "samengevoegd", "geen MAB-activiteit"];
    assert_eq!(out.iter().map(|s| count(s)).sum::<usize>(), 3);
    let by_code = |code: &str| rows.iter().find(|c| c[0] == code).unwrap();
    // New and carried over (k€), as annex 1 gives them.
    assert_eq!(by_code("4A")[6..], ["200", "50"]);
    assert_eq!(by_code("5C3")[6..], ["65", "135"]);
    assert_eq!(by_code("2A3")[6..], ["0", "20"]);
    assert_eq!(by_code("4C")[3], "vervallen");
    assert_eq!(by_code("5B3")[3], "samengevoegd");
    assert_eq!(by_code("4B")[3], "geen MAB-activiteit");
}

#[test]
fn annex_rows_show_the_source_amounts() {
    let row = annex_row("1A ");
    assert_eq!(row[ONCE_PLANNED], "€ 150.000");
    assert_eq!(row[NEW], "€ 75.000");
    assert_eq!(row[P4_TOTAL], "€ 75.000");
    assert_eq!(annex_row("2A3 ")[CARRIED], "€ 20.000");
    let dso = annex_row("4A ");
    assert_eq!(dso[INV_PLANNED], "€ 150.000");
    assert_eq!(dso[EXPL_PLANNED], "€ 429.000");
    assert_eq!(dso[NEW..=P4_TOTAL], ["€ 200.000", "€ 50.000", "€ 250.000"]);
    assert_eq!(
        annex_row("5C3 ")[NEW..=P4_TOTAL],
        ["€ 65.000", "€ 135.000", "€ 200.000"]
    );
    assert_eq!(
        annex_row("5D1 ")[NEW..=P4_TOTAL],
        ["€ 75.000", "€ 27.000", "€ 102.000"]
    );
}

#[test]
fn annex_totals_are_checked_and_shown() {
    let total = annex_row("Totaal plateau 4");
    assert_eq!(total[INV_PLANNED], "€ 280.000");
    // Printed as 883,5; its rows add up to 884 (a rounding in the source).
    assert_eq!(
        total[INV_PLANNED + 2],
        "€ 883.500 (zoals vastgesteld; de regels tellen op tot € 884.000)"
    );
    assert_eq!(total[ONCE_PLANNED], "€ 1.153.000");
    assert_eq!(
        total[NEW..=P4_TOTAL],
        ["€ 1.520.000", "€ 797.000", "€ 2.317.000"]
    );
    // The theme subtotals as printed in annex 1.
    for (label, new, carried) in [
        ("Kennis en expertise", "€ 115.000", "€ 0"),
        ("Basis op orde", "€ 315.000", "€ 100.000"),
        ("Digitaal in verbinding", "€ 400.000", "€ 75.000"),
        ("Ruimte", "€ 200.000", "€ 150.000"),
        ("IT-toekomstbestendig", "€ 490.000", "€ 472.000"),
    ] {
        let row = annex_row(label);
        assert_eq!([&row[NEW], &row[CARRIED]], [new, carried], "{label}");
    }
    // The build checks the stated totals: a wrong one fails it.
    let content = repo().join("content");
    let (_dir, copy) = edited_copy(
        &content,
        "publications/mab-programmaplan-plateau-4/index.md",
        |s| {
            s.replace(
                "[280, 0, \"883,5\", 0, 1153, 1520, 797, 2317]",
                "[280, 0, \"883,5\", 0, 1153, 1520, 796, 2317]",
            )
        },
    );
    let out = tempfile::tempdir().unwrap();
    let errs = errors(build(&copy, &out.path().join("out")));
    assert!(
        errs.iter()
            .any(|e| e.message.contains("€\u{a0}797.000") && e.message.contains("€\u{a0}796.000")),
        "{errs:?}"
    );
}

/// The "Bedragen per plan" section of a story page, as (plan, row cells).
fn plan_amounts(story: &str) -> Vec<(String, Vec<String>)> {
    let page = built().page(&format!("/stories/{story}/"));
    let section = page
        .select(&sel("section[aria-labelledby=\"bedragen-per-plan\"]"))
        .next()
        .unwrap_or_else(|| panic!("{story} has no amounts per plan"));
    let plans: Vec<String> = section.select(&sel("h3 a")).map(text).collect();
    let tables: Vec<ElementRef> = section.select(&sel("table")).collect();
    assert_eq!(plans.len(), tables.len());
    plans
        .into_iter()
        .zip(tables)
        .flat_map(|(plan, table)| {
            table
                .select(&sel("tbody tr"))
                .map(move |r| (plan.clone(), cells(r)))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn e_facturen_shows_each_amount_under_its_plan() {
    let page = built().page("/stories/e-facturen/");
    let facts: Vec<String> = page
        .select(&sel("dl.facts > div"))
        .map(|d| text(d).replace('\u{a0}', " "))
        .collect();
    assert!(
        facts
            .iter()
            .any(|f| f == "Budget (Programmaplan MAB plateau 3) € 35.000"),
        "{facts:?}"
    );
    let amounts = plan_amounts("e-facturen");
    assert_eq!(amounts.len(), 1, "{amounts:?}");
    let (plan, row) = &amounts[0];
    assert_eq!(plan, "Programmaplan MAB plateau 4");
    assert!(row[0].starts_with("3B1"), "{row:?}");
    assert_eq!(row[NEW], "€ 25.000");
    assert_eq!(row[P4_TOTAL], "€ 25.000");
}

#[test]
fn every_story_budget_is_its_plateau_3_amount() {
    // Budgets per story from the plateau 3 progress report (k€).
    let budgets = [
        ("kennis-en-capaciteit", "€ 250.000"),
        ("basisregistraties", "€ 125.000"),
        ("digitaal-zaken-doen", "€ 145.000"),
        ("open-data", "€ 50.000"),
        ("ict-beheersbaar-en-flexibel", "€ 475.000"),
        ("informatiebeheer-en-archief", "€ 245.000"),
        ("innovatie", "€ 150.000"),
    ];
    for (story, budget) in budgets {
        let page = built().page(&format!("/stories/{story}/"));
        let facts = text(page.select(&sel("dl.facts")).next().unwrap()).replace('\u{a0}', " ");
        assert!(
            facts.contains(&format!("Budget (Programmaplan MAB plateau 3) {budget}")),
            "{story}: {facts}"
        );
    }
    // And their plateau 4 money, per post, from annex 1.
    let new_of = |story: &str| -> BTreeSet<(String, String)> {
        plan_amounts(story)
            .into_iter()
            // The rows of annex 1 (the plan's variance tables have one column).
            .filter(|(_, r)| r.len() > P4_TOTAL)
            .map(|(_, r)| {
                (
                    r[0].split(' ').next().unwrap().to_string(),
                    r[P4_TOTAL].clone(),
                )
            })
            .collect()
    };
    let expect = |pairs: &[(&str, &str)]| -> BTreeSet<(String, String)> {
        pairs
            .iter()
            .map(|(c, a)| (c.to_string(), a.to_string()))
            .collect()
    };
    assert_eq!(
        new_of("ict-beheersbaar-en-flexibel"),
        expect(&[
            ("2C", "€ 50.000"),
            ("2D3", "€ 100.000"),
            ("5C1", "€ 25.000"),
            ("5C3", "€ 200.000"),
        ])
    );
    assert_eq!(new_of("innovatie"), expect(&[("5D3", "€ 150.000")]));
}

#[test]
fn an_unknown_story_on_a_table_row_is_an_error_at_its_line() {
    let rel = "publications/mab-programmaplan-plateau-4/index.md";
    let (_dir, copy) = edited_copy(&repo().join("content"), rel, |s| {
        s.replace("story: \"3B1\"", "story: \"e-factuuren\"")
    });
    let line = read(&copy.join(rel))
        .lines()
        .position(|l| l.contains("story: \"e-factuuren\""))
        .expect("the edit took")
        + 1;
    let out = tempfile::tempdir().unwrap();
    let errs = errors(build(&copy, &out.path().join("out")));
    let e = errs
        .iter()
        .find(|e| e.message.contains("unknown story `e-factuuren`"))
        .unwrap_or_else(|| panic!("{errs:?}"));
    assert!(e.file.ends_with(rel), "{e}");
    assert_eq!(e.position.line, line);
    assert!(
        e.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `e-facturen`?"),
        "{e}"
    );
}

#[test]
fn a_story_page_is_made_again_when_a_plan_naming_it_changes() {
    let (dir, opts) = common::rebuild::example();
    let mut cache = koers::build::BuildCache::default();
    let mut site = common::rebuild::compile(&opts, &mut cache);
    let index = opts
        .content
        .join("publications/mab-programmaplan-plateau-4/index.md");
    let text = read(&index);
    let edited = text.replace(
        "3B1 Digitaal zaken: e-Facturering",
        "3B1 e-Facturering (gewijzigd)",
    );
    assert_ne!(edited, text);
    std::fs::write(&index, edited).unwrap();
    let again = common::rebuild::compile(&opts, &mut cache);
    let page = "stories/e-facturen/index.html";
    let html = String::from_utf8_lossy(again.get(page).expect("the story page is made again"));
    assert!(html.contains("3B1 e-Facturering (gewijzigd)"));
    assert!(
        !again.contains_key("stories/visi-infraketen/index.html"),
        "a story the plan does not name stays as it was"
    );
    site.extend(again);
    common::rebuild::assert_as_full_build(dir.path(), &opts, &site, "a plan edit");
}

#[test]
fn the_plateau_3_variances_show_the_printed_subtotal_the_computed_one_and_why() {
    let page = built().page(PLAN);
    let table = page
        .select(&sel("table#tabel-onderuitputting-plateau-3"))
        .next()
        .expect("the plan shows the plateau 3 underspend");
    let rows: Vec<Vec<String>> = table.select(&sel("tbody tr")).map(cells).collect();
    // Twelve posts, as chapter 8 lists them, then the subtotal.
    assert_eq!(rows.len(), 13);
    let amounts: Vec<&str> = rows[..12].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        amounts,
        [
            "€ 88.000",
            "€ 125.000",
            "€ 94.000",
            "€ 50.000",
            "€ 100.000",
            "€ 50.000",
            "€ 55.000",
            "€ 138.000",
            "€ 45.000",
            "€ 41.000",
            "€ 27.000",
            "€ 131.000"
        ]
    );
    assert_eq!(
        rows[12],
        [
            "Onderuitputting plateau 3",
            "€ 856.000 (zoals vastgesteld; de regels tellen op tot € 944.000)"
        ]
    );
    let notes: Vec<String> = page
        .select(&sel("p.acknowledged"))
        .map(|p| text(p).replace('\u{a0}', " "))
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Onderuitputting plateau 3: het bedrag is overgenomen zoals het in het vastgestelde document staat")),
        "{notes:?}"
    );
    // The open data carries both figures and the reason.
    let csv = read(
        &built()
            .output
            .join("open-data/tabellen/mab-programmaplan-plateau-4-onderuitputting-plateau-3.csv"),
    );
    assert!(
        csv.contains("Onderuitputting plateau 3,totaal,944000,\n"),
        "{csv}"
    );
    assert!(
        csv.contains("Onderuitputting plateau 3,totaal zoals vastgesteld,856000,"),
        "{csv}"
    );
}

#[test]
fn a_mismatch_in_a_column_that_is_not_acknowledged_is_still_an_error() {
    // The grand total of annex 1 acknowledges its printed 883,5 only: a
    // wrong carried-over total in the same row still fails the build.
    let rel = "publications/mab-programmaplan-plateau-4/index.md";
    let (_dir, copy) = edited_copy(&repo().join("content"), rel, |s| {
        s.replace(
            "[280, 0, \"883,5\", 0, 1153, 1520, 797, 2317]",
            "[280, 0, \"883,5\", 0, 1153, 1520, 796, 2317]",
        )
    });
    let out = tempfile::tempdir().unwrap();
    let errs = errors(build(&copy, &out.path().join("out")));
    assert!(
        errs.iter().any(|e| e.message.contains("Rest P3")
            && e.message.contains("€\u{a0}796.000")
            && e.message.contains("€\u{a0}797.000")),
        "{errs:?}"
    );
}
