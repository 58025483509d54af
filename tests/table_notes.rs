//! A finance-table cell can carry a footnote and an amount: the cells of
//! the Informatiestrategie's annex 1 ("135 (2)", a bare "(4)") and of its
//! cost table ("(3a/b)") show their markers as links to the notes under
//! the table, a cell with only a note is never drawn as PM or counted as
//! zero, and the open data carries the notes. The expected figures are
//! typed from the source (annex 1, §4.3.1), not computed.

mod common;

use common::site::*;
use common::*;
use std::collections::HashSet;

fn example() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| build_into_temp(&repo().join("content")))
}

/// The cells (`td`) of the row labelled `label` of table `id` on `page`.
fn row_cells<'a>(page: &'a scraper::Html, id: &str, label: &str) -> Vec<scraper::ElementRef<'a>> {
    let table = page
        .select(&sel(&format!("table[id=\"tabel-{id}\"]")))
        .next()
        .unwrap_or_else(|| panic!("no table {id}"));
    let row = table
        .select(&sel("tbody tr"))
        .find(|tr| text(tr.select(&sel("th")).next().unwrap()).starts_with(label))
        .unwrap_or_else(|| panic!("no row {label} in table {id}"));
    row.select(&sel("td")).collect()
}

/// The texts of the cells of a row, as `row_cells` finds it.
fn cell_texts(page: &scraper::Html, id: &str, label: &str) -> Vec<String> {
    row_cells(page, id, label).into_iter().map(text).collect()
}

/// The markers a cell or row header links to, as shown.
fn markers(el: scraper::ElementRef) -> Vec<String> {
    el.select(&sel("sup.table-noteref a"))
        .map(|a| a.text().last().map(str::to_string).unwrap_or_default())
        .collect()
}

/// The text of the note `id` under table `table`.
fn note(page: &scraper::Html, table: &str, id: &str) -> String {
    let anchor = format!("tabel-{table}-noot-{id}");
    let el = page
        .select(&sel(&format!("div[id=\"{anchor}\"]")))
        .next()
        .unwrap_or_else(|| panic!("no note {anchor}"));
    text(el)
}

#[test]
fn a_cell_with_only_a_note_shows_the_marker_and_no_pm() {
    let b = example();
    let page = b.page("/scenarios/niets/");
    // Annex 1, Bedrijfsvoering, Niets: one-off "(4)", structural 0.
    let cells = row_cells(&page, "kosten-niets", "Bedrijfsvoering");
    let one_off = cells[0];
    assert_eq!(markers(one_off), ["4"]);
    assert!(!text(one_off).contains("PM"), "{}", text(one_off));
    assert!(one_off.select(&sel("abbr.money-pm")).next().is_none());
    assert_eq!(text(one_off), "geen bedrag, zie noot 4");
    assert_eq!(text(cells[1]), "€ 0");
    // The link is a real link to the note under the table.
    let a = one_off.select(&sel("a")).next().unwrap();
    assert_eq!(a.value().attr("href"), Some("#tabel-kosten-niets-noot-4"));
    let text4 = note(&page, "kosten-niets", "4");
    assert!(text4.starts_with('4'), "{text4}");
    assert!(text4.contains("€ 500.000 (krediet)"), "{text4}");
    assert!(text4.contains("eDocs (DM16)"), "{text4}");
    // Data: "(1)" in both columns; Dienstverlening: "135 (2)" in both.
    for cell in row_cells(&page, "kosten-niets", "Data") {
        assert_eq!(markers(cell), ["1"]);
        assert!(!text(cell).contains("PM"));
    }
    for cell in row_cells(&page, "kosten-niets", "Dienstverlening") {
        assert_eq!(markers(cell), ["2"]);
        assert_eq!(text(cell), "€ 135.000 noot 2");
    }
    assert!(note(&page, "kosten-niets", "1").contains("€ 157.000"));
    assert!(note(&page, "kosten-niets", "2").contains("Digitaal Stelsel Omgevingswet"));
    // The annex gives no total; koers' total says that only 135 is known.
    assert_eq!(
        cell_texts(&page, "kosten-niets", "Totaal"),
        ["€ 135.000 + PM", "€ 135.000 + PM"]
    );
    // The old PM workaround is gone.
    let html = page.html();
    assert!(!html.contains("staat PM"));
    assert!(html.contains("Een cel met alleen een noot geeft geen bedrag"));
}

#[test]
fn the_annex_markers_sit_on_the_cells_of_the_source() {
    let b = example();
    let volgend = b.page("/scenarios/volgend/");
    let ib = row_cells(&volgend, "kosten-volgend", "Informatiebeheer");
    assert_eq!(
        (markers(ib[0]), text(ib[0])),
        (vec!["3a".to_string()], "€ 1.600.000 noot 3a".to_string())
    );
    assert!(markers(ib[1]).is_empty());
    let innovatie = row_cells(&volgend, "kosten-volgend", "Innovatie");
    assert_eq!(text(innovatie[0]), "€ 400.000 noot 5");
    assert!(note(&volgend, "kosten-volgend", "3a").contains("€ 800.000"));
    assert!(note(&volgend, "kosten-volgend", "5").contains("€ 100.000 per jaar"));
    assert_eq!(
        cell_texts(&volgend, "kosten-volgend", "Totaal"),
        ["€ 4.425.000", "€ 1.355.000"]
    );
    let voorop = b.page("/scenarios/voorop/");
    let ib = row_cells(&voorop, "kosten-voorop", "Informatiebeheer");
    assert_eq!(text(ib[0]), "€ 2.350.000 noot 3b");
    assert!(note(&voorop, "kosten-voorop", "3b").contains("€ 1.000.000"));
    assert_eq!(
        cell_texts(&voorop, "kosten-voorop", "Totaal"),
        ["€ 8.420.000", "€ 2.420.000"]
    );
}

#[test]
fn the_cost_table_gives_notes_where_it_gave_pm() {
    let b = example();
    let page = b.page("/publicaties/informatiestrategie-2021-2024/");
    // §4.3.1: Informatiebeheer "(3a/b)" and "(4a/b)", no amount.
    let ib = row_cells(&page, "kosten", "3. Informatiebeheer");
    assert_eq!(markers(ib[0]), ["3a", "3b"]);
    assert_eq!(markers(ib[1]), ["4a", "4b"]);
    for cell in &ib {
        assert!(!text(*cell).contains("PM"), "{}", text(*cell));
    }
    // Ad 3 and Ad 4: per scenario the amount and its Woo part.
    for (id, amount, woo) in [
        ("3a", "€ 1.600.000", "€ 950.000"),
        ("3b", "€ 2.350.000", "€ 1.300.000"),
        ("4a", "€ 510.000", "€ 235.000"),
        ("4b", "€ 770.000", "€ 330.000"),
    ] {
        let n = note(&page, "kosten", id);
        assert!(n.contains(amount) && n.contains(woo), "{id}: {n}");
    }
    // "Voorop (1)", "Volgend (2)", "Volgend (5)": markers on the row.
    let table = page
        .select(&sel("table[id=\"tabel-kosten\"]"))
        .next()
        .unwrap();
    let headers: Vec<Vec<String>> = table.select(&sel("tbody th")).map(markers).collect();
    assert_eq!(headers[0], ["1"]);
    assert_eq!(headers[1], ["2"]);
    assert_eq!(headers[3], ["5"]);
    assert!(note(&page, "kosten", "5").contains("eDocs (DM16)"));
    // Innovatie "400 (6)".
    let innovatie = row_cells(&page, "kosten", "5. Innovatie");
    assert_eq!(text(innovatie[0]), "€ 400.000 noot 6");
    // The total leaves Informatiebeheer out: 3775 and 1120, complete.
    assert_eq!(
        cell_texts(&page, "kosten", "Totaal"),
        ["€ 3.775.000", "€ 1.120.000"]
    );
}

#[test]
fn every_marker_links_to_its_note_and_back_with_ids_unique_per_page() {
    let b = example();
    let mut markers_seen = 0;
    for file in b.html_files() {
        let doc = scraper::Html::parse_document(&read(&file));
        let ids: Vec<&str> = doc
            .select(&sel("[id]"))
            .map(|e| e.value().attr("id").unwrap())
            .collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{}: repeated ids", file.display());
        for a in doc.select(&sel("sup.table-noteref a")) {
            let own = a.value().attr("id").expect("a marker has an id");
            let target = a.value().attr("href").unwrap().strip_prefix('#').unwrap();
            let note = doc
                .select(&sel(&format!("div[id=\"{target}\"]")))
                .next()
                .unwrap_or_else(|| panic!("{}: no note {target}", file.display()));
            let back = note
                .select(&sel(&format!("a[href=\"#{own}\"]")))
                .next()
                .unwrap_or_else(|| panic!("{}: {target} does not link back", file.display()));
            assert!(back
                .value()
                .attr("aria-label")
                .unwrap()
                .starts_with("Terug naar"));
            // The marker's accessible text names the note.
            assert!(text(a).starts_with("noot "), "{}", text(a));
            markers_seen += 1;
        }
    }
    // Niets 5, Volgend 2, Voorop 1; the cost table 8 (1, 2, 3a, 3b, 4a,
    // 4b, 5, 6): 16 markers.
    assert_eq!(markers_seen, 16);
}

#[test]
fn the_open_data_of_a_table_carries_its_notes_and_no_pm() {
    let b = example();
    let csv_text = read(
        &b.output
            .join("open-data/tabellen/scenario-niets-kosten-niets.csv"),
    );
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "regel",
            "soort",
            "Eenmalig (4 jaar) (euro)",
            "Structureel (per jaar) (euro)",
            "noten"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |label: &str| records.iter().find(|r| &r[0] == label).unwrap();
    let bv = row("Bedrijfsvoering");
    assert_eq!((&bv[2], &bv[3]), ("", "0"), "no amount, and no PM");
    assert!(
        bv[4].starts_with("Eenmalig (4 jaar), noot 4: "),
        "{}",
        &bv[4]
    );
    assert!(bv[4].contains("€ 500.000 (krediet)"), "{}", &bv[4]);
    let data = row("Data");
    assert_eq!((&data[2], &data[3]), ("", ""));
    assert_eq!(data[4].matches("noot 1:").count(), 2);
    let dv = row("Dienstverlening");
    assert_eq!((&dv[2], &dv[3]), ("135000", "135000"));
    assert!(dv[4].contains("noot 2: "));
    assert_eq!(&row("Mens")[4], "");
    for r in &records {
        if &r[1] == "waarde" {
            assert!(!r.iter().any(|c| c == "PM"), "{r:?}");
        }
    }
    let json: serde_json::Value = serde_json::from_str(&read(
        &b.output
            .join("open-data/tabellen/scenario-niets-kosten-niets.json"),
    ))
    .unwrap();
    let bv = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["regel"] == "Bedrijfsvoering")
        .unwrap();
    assert_eq!(bv["Eenmalig (4 jaar) (euro)"], serde_json::Value::Null);
    assert_eq!(bv["Structureel (per jaar) (euro)"], serde_json::json!(0));
    let notes = bv["noten"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["kolom"], "Eenmalig (4 jaar)");
    assert_eq!(notes[0]["noot"], "4");
    assert!(notes[0]["tekst"].as_str().unwrap().contains("€ 500.000"));
    // A row's own note has no column.
    let kosten: serde_json::Value = serde_json::from_str(&read(
        &b.output
            .join("open-data/tabellen/informatiestrategie-2021-2024-kosten.json"),
    ))
    .unwrap();
    let data = &kosten[0];
    assert_eq!(data["noten"][0]["kolom"], serde_json::Value::Null);
    assert_eq!(data["noten"][0]["noot"], "1");
    // A table without notes has no `noten` column.
    let dekking = read(
        &b.output
            .join("open-data/tabellen/informatiestrategie-2021-2024-dekking-incidenteel.csv"),
    );
    assert!(!dekking.lines().next().unwrap().contains("noten"));
}

/// The example site with `from` replaced by `to` in `rel`: the errors.
fn broken(rel: &str, from: &str, to: &str) -> (Vec<koers::error::Diagnostic>, String) {
    let (dir, content) = edited_copy(&repo().join("content"), rel, |t| {
        assert!(t.contains(from), "{from:?} not in {rel}");
        t.replacen(from, to, 1)
    });
    let edited = read(&content.join(rel));
    let errs = errors(build(&content, &dir.path().join("output")));
    (errs, edited)
}

#[test]
fn an_unknown_note_is_an_error_at_its_place_with_a_suggestion() {
    let (errs, text) = broken("scenarios/niets.md", r#"{note: "4"}"#, r#"{note: "44"}"#);
    let e = errs
        .iter()
        .find(|d| d.message.contains("unknown note `44`"))
        .unwrap_or_else(|| panic!("{errs:#?}"));
    assert!(e.file.ends_with("scenarios/niets.md"), "{e}");
    let line = text.lines().position(|l| l.contains(r#""44""#)).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find(r#""44""#).unwrap() + 1;
    assert_eq!((e.position.line, e.position.column), (line, column), "{e}");
    assert!(e.message.contains("kosten-niets"), "{e}");
    let help = e.help.as_deref().unwrap();
    assert!(help.contains("did you mean `4`?"), "{help}");
    assert!(help.contains("valid values are: 1, 2, 4"), "{help}");
}

#[test]
fn a_stated_total_over_a_cell_with_only_a_note_is_an_error_like_pm() {
    let (errs, _) = broken(
        "scenarios/niets.md",
        "{label: Totaal, sum: all}",
        "{label: Totaal, sum: all, values: [135, 135]}",
    );
    let e = errs
        .iter()
        .find(|d| d.message.contains("Eenmalig"))
        .unwrap_or_else(|| panic!("{errs:#?}"));
    assert!(
        e.message
            .contains("2 of its parts have no amount (2 only a note, 0 PM)"),
        "{e}"
    );
    assert!(e.message.contains("counted as zero"), "{e}");
}

#[test]
fn a_misspelled_key_of_a_cell_is_named() {
    let (errs, _) = broken("scenarios/niets.md", r#"{note: "4"}"#, r#"{noot: "4"}"#);
    let e = errs
        .iter()
        .find(|d| d.message.contains("unknown field `noot`"))
        .unwrap_or_else(|| panic!("{errs:#?}"));
    assert!(e.file.ends_with("scenarios/niets.md"), "{e}");
    assert!(e.position.line > 1, "{e}");
    assert_eq!(e.help.as_deref(), Some("did you mean `note`?"));
}

#[test]
fn a_note_no_cell_refers_to_is_a_warning() {
    let (dir, content) = edited_copy(&repo().join("content"), "scenarios/volgend.md", |t| {
        t.replacen(
            "    - id: \"5\"\n",
            "    - id: \"7\"\n      text: Los.\n    - id: \"5\"\n",
            1,
        )
    });
    let summary = build(&content, &dir.path().join("output")).expect("a warning only");
    let w = summary
        .warnings
        .iter()
        .find(|d| {
            d.message
                .contains("note `7` of table `kosten-volgend` is not referred to")
        })
        .unwrap_or_else(|| panic!("{}", summary.warnings));
    assert!(w.file.ends_with("scenarios/volgend.md"), "{w}");
}
