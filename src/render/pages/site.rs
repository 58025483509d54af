//! The pages every site has besides its content: content pages, the accessibility statement, the register of documents and the open data page.

use super::*;

impl PageBuilder<'_, '_> {
    pub(super) fn content_page(&mut self, p: &crate::model::Page) {
        let item = Item {
            template: "page.html",
            title: &p.title,
            url: &p.url,
            summary: p.description.as_deref(),
            markdown: format!("page:{}", p.slug),
            breadcrumbs: vec![],
            filters: vec![],
            more_text: vec![],
        };
        self.item(item, Vars::default());
    }

    pub(super) fn accessibility(&mut self) {
        let url = format!("/{}/", self.r.site.config.sections.accessibility);
        let Some(view) = self.views.accessibility() else {
            return; // the site has not given the facts a statement needs
        };
        let mut ctx = Vars::default();
        ctx.insert("accessibility", &view);
        self.emit_top("accessibility.html", &url, "accessibility_statement", ctx);
    }

    /// "Openbaar gemaakte documenten": every publication with its metadata.
    pub(super) fn documents(&mut self) {
        let list: Vec<_> = self
            .r
            .site
            .publications
            .iter()
            .map(|p| self.views.publication(p, None))
            .collect();
        let _ = self.views.take_charts();
        let mut ctx = Vars::default();
        ctx.insert("publications", &list);
        self.emit_top("documents.html", DOCUMENTS_URL, "documents_title", ctx);
    }

    /// The open data page: every dataset with its columns.
    pub(super) fn data_page(&mut self) {
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
        ]
        .into_iter()
        .filter(|d| d.rows > 0)
        .collect();
        let mut ctx = Vars::default();
        ctx.insert("datasets", &datasets);
        self.emit_top("data.html", DATA_URL, "data_title", ctx);
    }
}
