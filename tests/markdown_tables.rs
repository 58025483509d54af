//! Open data behind Markdown tables of figures: every table written in a
//! chapter, story or page with a column of amounts or numbers has a CSV and
//! a JSON download, listed on the open-data page with the page it stands
//! on; the figures are exact and equal the sources'.

mod common;

use common::site::*;
use common::*;

fn example() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| build_into_temp(&repo().join("content")))
}

/// The records of dataset `name` as text, header first.
fn csv_rows(b: &Built, name: &str) -> Vec<Vec<String>> {
    let text = read(&b.output.join(format!("open-data/tabellen/{name}.csv")));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn json_rows(b: &Built, name: &str) -> Vec<serde_json::Value> {
    let text = read(&b.output.join(format!("open-data/tabellen/{name}.json")));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value.as_array().unwrap().clone()
}

#[test]
fn the_plateau_4_register_is_a_dataset_with_the_annex_amounts() {
    let b = example();
    let name = "mab-programmaplan-plateau-4-register-tabel-1";
    let rows = csv_rows(b, name);
    assert_eq!(
        rows[0],
        [
            "Code",
            "Post",
            "Doel voor plateau 4",
            "Status",
            "Planning 2019",
            "Benodigde expertise",
            "Nieuw (euro)",
            "Doorgeschoven uit plateau 3 (euro)"
        ],
        "the table's own headers, in its order; k€ written as euros"
    );
    // 42 posts and the total row, as in the plan.
    assert_eq!(rows.len(), 1 + 42 + 1);
    let euros = |r: &Vec<String>, c: usize| -> i64 { r[c].parse().unwrap_or(0) };
    let posts = &rows[1..43];
    // Annex 1 of the plan: € 1.520k new, € 797k carried over from plateau 3.
    assert_eq!(posts.iter().map(|r| euros(r, 6)).sum::<i64>(), 1_520_000);
    assert_eq!(posts.iter().map(|r| euros(r, 7)).sum::<i64>(), 797_000);
    assert_eq!(rows[43][6], "1520000");
    assert_eq!(rows[43][7], "797000");
    // 1A Programmamanager: € 75k new.
    assert_eq!(rows[1][0], "1A");
    assert_eq!(rows[1][6], "75000");
    let json = json_rows(b, name);
    assert_eq!(json.len(), 43);
    assert_eq!(json[0]["Nieuw (euro)"], serde_json::json!(75000));
    assert_eq!(json[42]["Doorgeschoven uit plateau 3 (euro)"], 797000);
}

#[test]
fn the_reserve_schedule_keeps_whole_euros() {
    let b = example();
    let name = "mab-programmaplan-plateau-4-kosten-tabel-2";
    let rows = csv_rows(b, name);
    // The plan's verloopstaat: € 6.500.000 at the start of plateau 0 and
    // € 49.972 left after plateau 4.
    assert_eq!(rows[1], ["0", "6500000", "349991", "6150009"]);
    assert_eq!(rows[5], ["4", "2366972", "2317000", "49972"]);
    let json = json_rows(b, name);
    assert_eq!(
        json[4],
        serde_json::json!({"Plateau": 4, "Beginstand (euro)": 2366972,
            "Uitgaven (euro)": 2317000, "Eindstand (euro)": 49972})
    );
}

#[test]
fn the_information_management_scenarios_are_a_dataset() {
    let b = example();
    let rows = csv_rows(b, "informatiestrategie-2021-2024-financien-tabel-1");
    // The strategy's note 3 and 4: Volgend € 1.600k one-off (€ 950k Woo)
    // and € 510k a year (€ 235k Woo); Voorop € 2.350k (€ 1.300k), € 770k
    // (€ 330k).
    assert_eq!(
        rows[1],
        ["Volgend", "1600000", "950000", "510000", "235000"]
    );
    assert_eq!(
        rows[2],
        ["Voorop", "2350000", "1300000", "770000", "330000"]
    );
}

#[test]
fn every_markdown_table_of_figures_is_listed_with_its_page() {
    let b = example();
    let data = b.page("/open-data/");
    let text_of_page = text(data.root_element());
    for (name, page) in [
        (
            "mab-programmaplan-plateau-4-register-tabel-1",
            "/publicaties/",
        ),
        (
            "mab-programmaplan-plateau-4-kosten-tabel-1",
            "/publicaties/",
        ),
        ("story-ict-beheersbaar-en-flexibel-tabel-1", "/stories/"),
        ("story-informatiebeheer-en-archief-tabel-1", "/stories/"),
    ] {
        let section = data
            .select(&sel(&format!("section[aria-labelledby='dataset-{name}']")))
            .next()
            .unwrap_or_else(|| panic!("{name} is not on the open-data page:\n{text_of_page}"));
        let links: Vec<String> = section
            .select(&sel("a"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        for ext in ["csv", "json"] {
            let href = format!("/open-data/tabellen/{name}.{ext}");
            assert!(links.contains(&href), "{name}: no {ext} link");
        }
        assert!(
            links.iter().any(|l| l.starts_with(page)),
            "{name}: no link to the page it stands on ({links:?})"
        );
    }
    // A table of words (the risks, the plateaus' dates) is no dataset.
    assert!(!text_of_page.contains("risicos-tabel"));
    assert!(!b
        .output
        .join("open-data/tabellen/mab-programmaplan-plateau-4-risicos-tabel-1.csv")
        .exists());
}

/// The rows of each Markdown table on a page equal its dataset's records,
/// cell by cell for the text columns.
#[test]
fn each_dataset_has_the_rows_of_its_table() {
    let b = example();
    let story = b
        .site
        .stories
        .iter()
        .find(|s| s.id == "informatiebeheer-en-archief");
    let page = b.page(&story.unwrap().url);
    let table = page
        .select(&sel("main table:not([id])"))
        .next()
        .expect("the story's Markdown table");
    let page_rows: Vec<Vec<String>> = table
        .select(&sel("tbody tr"))
        .map(|tr| tr.select(&sel("td, th")).map(text).collect())
        .collect();
    let rows = csv_rows(b, "story-informatiebeheer-en-archief-tabel-1");
    assert_eq!(rows.len() - 1, page_rows.len());
    for (record, cells) in rows[1..].iter().zip(&page_rows) {
        assert_eq!(record[0], cells[0].trim());
    }
    // The plateau 3 budgets of the story's parts (€ 245k in all).
    assert_eq!(rows.last().unwrap(), &["Totaal", "245000"]);
}

#[test]
fn two_tables_with_one_dataset_name_fail_the_build() {
    let (dir, content) = edited_copy(&repo().join("content"), "scenarios/niets.md", |text| {
        let text = text.replacen("id: kosten-niets", "id: tabel-1", 1);
        format!("{text}\n| Post | Bedrag |\n|---|--:|\n| A | € 10k |\n")
    });
    let errors = errors(build(&content, &dir.path().join("out")));
    let message = errors
        .iter()
        .map(|e| e.to_string())
        .find(|m| m.contains("scenario-niets-tabel-1"))
        .unwrap_or_else(|| panic!("no error names the dataset: {errors:?}"));
    assert!(message.contains("scenarios/niets.md"), "{message}");
    assert!(message.contains("another `id`"), "{message}");
}

/// Euros of a cell as the page shows it, read independently of koers:
/// "€ 1.614.000", "€ 330k", "€ 1,614 mln", or a bare number in `unit`
/// euros ("1.520" in a k€ column).
fn euros(cell: &str, unit: i64) -> Option<String> {
    let t = cell.trim().trim_start_matches('€').trim();
    let (number, factor) = if let Some(n) = t.strip_suffix("mln") {
        (n.trim(), 1_000_000)
    } else if let Some(n) = t.strip_suffix('k') {
        (n.trim(), 1_000)
    } else {
        (t, if cell.contains('€') { 1 } else { unit })
    };
    // Dutch: dots group thousands, a comma is the decimal mark.
    let plain = number.replace('.', "");
    let (whole, fraction) = plain.split_once(',').unwrap_or((&plain, ""));
    let whole: i64 = whole.parse().ok()?;
    let scale = 10i64.pow(fraction.len() as u32);
    let fraction: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    let cents = (whole * scale + fraction) * factor * 100 / scale;
    Some(if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    })
}

/// Every Markdown table of figures of the example site: its CSV has the
/// table's rows, its text cells as written and its amounts in euros.
#[test]
fn every_dataset_reads_back_as_its_table() {
    let b = example();
    assert_eq!(
        b.site.data_tables.len(),
        7,
        "the example site's Markdown tables of figures"
    );
    for d in &b.site.data_tables {
        let page = b.page(&d.page_url);
        let rows = csv_rows(b, &d.name);
        let header = &rows[0];
        let table = page
            .select(&sel(".prose table"))
            .find(|t| {
                let heads: Vec<String> = t.select(&sel("thead th")).map(text).collect();
                heads.len() == header.len()
                    && heads.iter().zip(header).all(|(h, c)| {
                        let bare = h.split(" (").next().unwrap_or(h);
                        c.starts_with(bare.trim())
                    })
            })
            .unwrap_or_else(|| panic!("{}: no table with headers {header:?}", d.name));
        let body: Vec<Vec<String>> = table
            .select(&sel("tbody tr"))
            .map(|tr| tr.select(&sel("td")).map(text).collect())
            .collect();
        assert_eq!(rows.len() - 1, body.len(), "{}: one record per row", d.name);
        for (record, cells) in rows[1..].iter().zip(&body) {
            for (i, ((value, cell), head)) in record.iter().zip(cells).zip(header).enumerate() {
                let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                let expected = if matches!(cell.as_str(), "" | "—" | "–" | "-") {
                    String::new()
                } else if head.ends_with("(euro)") {
                    // The header as written names the unit of bare numbers.
                    let unit = if d.columns[i].header.contains("(k€)") {
                        1000
                    } else {
                        1
                    };
                    euros(&cell, unit)
                        .unwrap_or_else(|| panic!("{}: `{cell}` is no amount", d.name))
                } else if cell
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                {
                    cell.replace('.', "").replace(',', ".")
                } else {
                    cell.clone()
                };
                assert_eq!(value, &expected, "{}: {head}", d.name);
            }
        }
    }
}
