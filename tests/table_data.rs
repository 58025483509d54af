//! Open data behind every table of figures: each finance table and the
//! indicators have a CSV and a JSON download, listed on the open-data page,
//! whose values equal the table on its page, with the table's columns in
//! their order and no binary fractions for amounts.

mod common;

use common::site::*;
use common::*;
use std::path::Path;

fn example() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| build_into_temp(&repo().join("content")))
}

/// The text of a table cell as the page shows it, turned into what the
/// dataset writes: "€ 1.400.000" -> "1400000", "€ 12,50" -> "12.50".
fn as_euros(cell: &str) -> String {
    let t = cell.trim();
    // An empty cell shows a dash (and says "geen bedrag" to screen readers).
    if t.is_empty() || t.starts_with('–') {
        return String::new();
    }
    if t == "PM" {
        return "PM".to_string();
    }
    let digits = t.trim_start_matches('€').trim().replace('.', "");
    digits.replace(',', ".")
}

#[test]
fn every_finance_table_has_csv_and_json_equal_to_the_page() {
    let b = example();
    let data = b.page("/open-data/");
    let listed: Vec<String> = data
        .select(&sel("a[href$='.csv']"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    // The example site's finance tables, as its sources have them: three
    // of the Informatiestrategie, five of the MAB plateau 4 plan (annex 1
    // and the plateau 3 variances among them), and one per scenario.
    for name in [
        "informatiestrategie-2021-2024-kosten",
        "informatiestrategie-2021-2024-dekking-incidenteel",
        "informatiestrategie-2021-2024-dekking-structureel",
        "mab-programmaplan-plateau-4-kosten-plateau-4",
        "mab-programmaplan-plateau-4-gevraagd-budget",
        "mab-programmaplan-plateau-4-bijlage-1",
        "mab-programmaplan-plateau-4-onderuitputting-plateau-3",
        "mab-programmaplan-plateau-4-overbesteding-plateau-3",
        "scenario-niets-kosten-niets",
        "scenario-volgend-kosten-volgend",
        "scenario-voorop-kosten-voorop",
    ] {
        let href = format!("/open-data/tabellen/{name}.csv");
        assert!(
            listed.contains(&href),
            "{href} is not on the open-data page"
        );
    }
    let mut tables = 0;
    for p in &b.site.publications {
        let page = b.page(&p.url);
        for t in &p.tables {
            let html = page
                .select(&sel(&format!("table[id=\"tabel-{}\"]", t.id)))
                .next()
                .unwrap_or_else(|| panic!("table {} is not on {}", t.id, p.url));
            let name = format!("{}-{}", p.slug, t.id);
            compare(&b.output, &name, &html);
            tables += 1;
        }
    }
    assert_eq!(tables, 8);
}

/// The text of a cell without its note markers and without the hidden
/// text of a cell that gives only a note ("geen bedrag, zie noot 4"): the
/// amount as the page shows it.
fn amount_text(td: scraper::ElementRef) -> String {
    use scraper::CaseSensitivity::CaseSensitive;
    let parts: Vec<&str> = td
        .descendants()
        .filter(|n| {
            !n.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.has_class("table-noteref", CaseSensitive)
                        || e.has_class("note-only", CaseSensitive)
                })
            })
        })
        .filter_map(|n| n.value().as_text().map(|t| &**t))
        .collect();
    parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cells of the rows of `html` as the dataset writes them. A total
/// printed as adopted shows "€ 856.000 (zoals vastgesteld; de regels
/// tellen op tot € 944.000)": the dataset has the computed total and then
/// the printed one.
fn page_rows(html: &scraper::ElementRef) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for tr in html.select(&sel("tbody tr, tfoot tr")) {
        let cells: Vec<String> = tr.select(&sel("td")).map(amount_text).collect();
        if cells.iter().any(|c| c.contains("zoals vastgesteld")) {
            let computed = cells.iter().map(|c| match c.split_once("tellen op tot") {
                Some((_, sum)) => as_euros(sum.trim_end_matches(')')),
                None => as_euros(c),
            });
            let printed = cells
                .iter()
                .map(|c| as_euros(c.split(" (").next().unwrap_or(c)));
            rows.push(computed.collect());
            rows.push(printed.collect());
        } else {
            rows.push(cells.iter().map(|c| as_euros(c)).collect());
        }
    }
    rows
}

/// The CSV and JSON of dataset `name` hold the cells of `html`, in order.
fn compare(output: &Path, name: &str, html: &scraper::ElementRef) {
    let csv_text = read(&output.join(format!("open-data/tabellen/{name}.csv")));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let columns: Vec<String> = html
        .select(&sel("thead th"))
        .skip(1)
        .map(|th| format!("{} (euro)", text(th)))
        .collect();
    let amount_headers = &header[2..2 + columns.len()];
    assert_eq!(
        amount_headers,
        &columns[..],
        "{name}: the table's columns, in order"
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let rows = page_rows(html);
    assert_eq!(records.len(), rows.len(), "{name}: one record per row");
    let json: serde_json::Value = serde_json::from_str(&read(
        &output.join(format!("open-data/tabellen/{name}.json")),
    ))
    .unwrap();
    for ((record, cells), object) in records.iter().zip(&rows).zip(json.as_array().unwrap()) {
        let amounts: Vec<String> = record
            .iter()
            .skip(2)
            .take(columns.len())
            .map(String::from)
            .collect();
        assert_eq!(&amounts, cells, "{name}: {:?}", record.get(0));
        // The JSON keys are the CSV's columns, in order.
        let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            header.iter().collect::<Vec<_>>(),
            "{name}: JSON keys in order"
        );
        for (h, a) in amount_headers.iter().zip(&amounts) {
            let as_text = match &object[h] {
                serde_json::Value::Number(n) => {
                    assert!(n.is_i64(), "{name}: {h} is written as a fraction: {n}");
                    n.to_string()
                }
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => panic!("{name}: {h} is {other}"),
            };
            assert_eq!(&as_text, a, "{name}: {h}");
        }
    }
}

#[test]
fn no_json_file_writes_an_amount_as_a_binary_fraction() {
    let b = example();
    let fraction = no_fractions();
    let mut checked = 0;
    for e in walkdir::WalkDir::new(&b.output) {
        let e = e.unwrap();
        let path = e.path();
        if path.extension().is_none_or(|x| x != "json")
            || path.starts_with(b.output.join("search-index"))
        {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&read(path)).unwrap();
        fraction(&value, path);
        checked += 1;
    }
    assert!(checked > 10, "only {checked} JSON files");
}

/// A checker that fails on a JSON number with a fractional part that
/// came from a float (`250000.0`).
fn no_fractions() -> impl Fn(&serde_json::Value, &Path) {
    fn walk(v: &serde_json::Value, path: &Path) {
        match v {
            serde_json::Value::Number(n) => {
                assert!(
                    n.is_i64() || n.is_u64(),
                    "{}: {n} is a float",
                    path.display()
                )
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, path)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, path)),
            _ => {}
        }
    }
    walk
}

#[test]
fn the_indicators_are_a_dataset() {
    let b = example();
    let csv_text = read(&b.output.join("open-data/indicatoren.csv"));
    let header = csv_text.lines().next().unwrap();
    assert_eq!(
        header,
        "thema,doel,indicator,eenheid,waarde,streefwaarde,toelichting"
    );
    let indicators: usize = b.site.themas.iter().map(|t| t.indicators.len()).sum();
    assert!(indicators > 0);
    assert_eq!(csv_text.lines().count(), indicators + 1);
}
