//! The open data page: the site-wide datasets with their columns.

use super::*;

/// The open data page, made when a dataset has rows.
pub(super) struct OpenData;

impl PageKind for OpenData {
    fn name(&self) -> &'static str {
        "open-data"
    }

    fn reserved(&self, _config: &SiteConfig) -> Vec<(String, &'static str)> {
        vec![(DATA_URL.to_string(), "open data page")]
    }

    fn jobs(&self, site: &Site) -> Vec<Option<usize>> {
        single_page(site.shape().has_open_data())
    }

    fn render(&self, page: &mut PageBuilder, _item: Option<usize>) {
        page.data_page();
    }
}

impl PageBuilder<'_, '_> {
    /// The open data page: every dataset with its columns.
    fn data_page(&mut self) {
        let strings = self.r.strings;
        let site = self.r.site;
        let columns = |cols: &[publish::Column]| -> Vec<ColumnView> {
            cols.iter()
                .map(|c| ColumnView {
                    dutch: c.dutch.into(),
                    key: c.key.into(),
                    description: c.description.into(),
                })
                .collect()
        };
        let dataset =
            |name: &str, title: &str, description: &str, rows: usize, cols: Vec<ColumnView>| {
                DatasetView {
                    name: name.into(),
                    title: title.into(),
                    description: description.into(),
                    source: None,
                    csv_url: self.views.href(&format!("{DATA_URL}{name}.csv")),
                    json_url: self.views.href(&format!("{DATA_URL}{name}.json")),
                    rows,
                    columns: cols,
                }
            };
        let datasets: Vec<DatasetView> = vec![
            dataset(
                "stories",
                strings.get("dataset_stories"),
                strings.get("dataset_stories_desc"),
                site.stories.len(),
                columns(&publish::STORY_COLUMNS),
            ),
            dataset(
                "statuses",
                strings.get("dataset_statuses"),
                strings.get("dataset_statuses_desc"),
                site.reports().iter().map(|(_, r)| r.entries.len()).sum(),
                columns(&publish::STATUS_COLUMNS),
            ),
            dataset(
                "indicatoren",
                strings.get("dataset_indicators"),
                strings.get("dataset_indicators_desc"),
                site.themas.iter().map(|t| t.indicators.len()).sum(),
                columns(&publish::INDICATOR_COLUMNS),
            ),
        ]
        .into_iter()
        .chain(self.table_dataset_views())
        .chain(self.data_table_views())
        .filter(|d| d.rows > 0)
        .collect();
        let titles: Vec<&str> = datasets.iter().map(|d| d.title.as_str()).collect();
        self.index_generated("data_title", DATA_URL, "search_text_open_data", &titles);
        let mut ctx = Vars::default();
        ctx.insert("datasets", &datasets);
        self.emit_top("data.html", DATA_URL, "data_title", ctx);
    }

    /// A dataset per finance table, with the table's own columns.
    fn table_dataset_views(&self) -> Vec<DatasetView> {
        use crate::render::table_data::{table_datasets, KIND, LABEL, NOTE, NOTES, TABLES_DIR};
        let strings = self.r.strings;
        table_datasets(self.r.site)
            .iter()
            .map(|d| {
                let column = |name: &str, key: &str| ColumnView {
                    dutch: name.to_string(),
                    key: name.to_string(),
                    description: strings.get(key).to_string(),
                };
                let mut columns = vec![
                    column(LABEL, "dataset_table_label"),
                    column(KIND, "dataset_table_kind"),
                ];
                columns.extend(d.header().iter().skip(2).map(|h| match h.as_str() {
                    NOTE => column(h, "dataset_table_note"),
                    NOTES => column(h, "dataset_table_notes"),
                    _ => column(h, "dataset_table_amount"),
                }));
                let url = |ext: &str| {
                    self.views
                        .href(&format!("{DATA_URL}{TABLES_DIR}{}.{ext}", d.name))
                };
                DatasetView {
                    name: d.name.clone(),
                    title: strings.fill("dataset_table", &[("title", &d.table.title)]),
                    description: strings.fill("dataset_table_desc", &[("owner", d.owner)]),
                    source: None,
                    csv_url: url("csv"),
                    json_url: url("json"),
                    rows: d.rows_count(),
                    columns,
                }
            })
            .collect()
    }

    /// A dataset per Markdown table of figures, with the table's headers.
    fn data_table_views(&self) -> Vec<DatasetView> {
        use crate::model::data_table::ColumnKind;
        use crate::render::table_data::TABLES_DIR;
        let strings = self.r.strings;
        self.r
            .site
            .data_tables
            .iter()
            .map(|d| {
                let columns = d
                    .columns
                    .iter()
                    .map(|c| ColumnView {
                        dutch: c.data_header(),
                        key: c.data_header(),
                        description: strings
                            .get(match c.kind {
                                ColumnKind::Amount => "dataset_figures_amount",
                                ColumnKind::Number => "dataset_figures_number",
                                ColumnKind::Text => "dataset_figures_text",
                            })
                            .to_string(),
                    })
                    .collect();
                let url = |ext: &str| {
                    self.views
                        .href(&format!("{DATA_URL}{TABLES_DIR}{}.{ext}", d.name))
                };
                let title = match &d.heading {
                    Some(h) => format!("{}: {h}", d.page_title),
                    None => d.page_title.clone(),
                };
                DatasetView {
                    name: d.name.clone(),
                    title: strings.fill("dataset_table", &[("title", &title)]),
                    description: strings.get("dataset_figures_desc").to_string(),
                    source: Some(crate::render::context::LinkView {
                        title: d.page_title.clone(),
                        url: self.views.href(&d.page_url),
                    }),
                    csv_url: url("csv"),
                    json_url: url("json"),
                    rows: d.rows.len(),
                    columns,
                }
            })
            .collect()
    }
}
