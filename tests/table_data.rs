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
    if t.is_empty() || t == "–" {
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
    // of the Informatiestrategie, two of the MAB plateau 4 plan, and one
    // per scenario.
    for name in [
        "informatiestrategie-2021-2024-kosten",
        "informatiestrategie-2021-2024-dekking-incidenteel",
        "informatiestrategie-2021-2024-dekking-structureel",
        "mab-programmaplan-plateau-4-kosten-plateau-4",
        "mab-programmaplan-plateau-4-gevraagd-budget",
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
    assert_eq!(tables, 5);
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
    assert_eq!(
        header[2..],
        columns[..],
        "{name}: the table's columns, in order"
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let rows: Vec<Vec<String>> = html
        .select(&sel("tbody tr, tfoot tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| as_euros(&text(td)))
                .collect()
        })
        .collect();
    assert_eq!(records.len(), rows.len(), "{name}: one record per row");
    let json: serde_json::Value = serde_json::from_str(&read(
        &output.join(format!("open-data/tabellen/{name}.json")),
    ))
    .unwrap();
    for ((record, cells), object) in records.iter().zip(&rows).zip(json.as_array().unwrap()) {
        let amounts: Vec<String> = record.iter().skip(2).map(String::from).collect();
        assert_eq!(&amounts, cells, "{name}: {:?}", record.get(0));
        let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            header.iter().collect::<Vec<_>>(),
            "{name}: JSON keys in order"
        );
        for (h, a) in header.iter().skip(2).zip(&amounts) {
            let v = &object[h];
            let as_text = match v {
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
