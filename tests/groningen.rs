//! The Groningen fixture proves the model is not tied to one province:
//! programme lines, goals, phases and a budget table with PM values.

mod common;

use common::site::*;
use common::*;
use koers::model::money::Money;
use koers::model::table::RowKind;

#[test]
fn groningen_builds_and_pm_cells_render_as_pm_never_zero() {
    let b = build_into_temp(&repo().join("tests/fixtures/groningen"));
    let mut pm_cells = 0;
    for publication in &b.site.publications {
        let page = b.page(&publication.url);
        for table in &publication.tables {
            let html_table = page
                .select(&sel(&format!("table[id=\"tabel-{}\"]", table.id)))
                .next()
                .unwrap_or_else(|| panic!("table {} not on the page", table.id));
            let rows: Vec<_> = html_table.select(&sel("tbody tr")).collect();
            assert_eq!(rows.len(), table.rows.len());
            for (row, html_row) in table.rows.iter().zip(rows) {
                let cells: Vec<String> = html_row.select(&sel("td")).map(text).collect();
                if let RowKind::Values(values) = &row.kind {
                    for (value, cell) in values.iter().zip(&cells) {
                        if value.money == Some(Money::Pm) {
                            assert_eq!(cell, "PM", "row {}", row.label);
                            pm_cells += 1;
                        }
                    }
                }
                if let RowKind::Sum { computed, .. } = &row.kind {
                    for (total, cell) in computed.iter().zip(&cells) {
                        if total.has_pm() {
                            assert!(
                                cell.ends_with("PM"),
                                "a total with PM parts says so: {cell}"
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(
        pm_cells >= 5,
        "the Groningen budget has PM cells; found {pm_cells}"
    );
    assert_links_resolve(&b);
    let themes = b.page("/themas/");
    assert_eq!(
        themes.select(&sel("table.themes tbody tr")).count(),
        3,
        "three programme lines"
    );
    assert!(b.site.config.phases.len() == 4);
}
