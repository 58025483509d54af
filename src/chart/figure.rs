//! A chart as a page shows it: the `<figure>` with the drawing, the same
//! data as a table, and the CSV and JSON downloads.

use super::numbers::file_size;
use super::{colours, svg, Chart};
use serde::Serialize;

/// A chart ready for a template: the figure HTML and its CSV.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The whole `<figure>`: SVG, data table and download link.
    pub html: String,
    /// File name of the CSV beside the page.
    pub csv_name: String,
    /// True when the data is small enough to be linked as `data:` URLs in
    /// the page itself; then no files are written beside the page.
    #[serde(skip)]
    pub inline: bool,
    #[serde(skip)]
    pub csv: String,
    /// The same data as JSON: one object per category.
    #[serde(skip)]
    pub json: String,
}

/// Interface text the figure needs.
pub struct FigureText<'a> {
    pub show_numbers: &'a str,
    pub download: &'a str,
    pub pm_meaning: &'a str,
    /// Set when the page shows the chart's figures in a table of its own
    /// (a story page's status history): the figure links to that table
    /// instead of repeating the figures behind "Bekijk de cijfers".
    pub numbers_in: Option<TableRef<'a>>,
    /// The theme's colours to draw with.
    pub colours: &'a colours::ChartColours,
}

/// A table elsewhere on the page that holds a chart's figures.
#[derive(Debug, Clone, Copy)]
pub struct TableRef<'a> {
    /// The table's `id`.
    pub id: &'a str,
    /// The link's text: "De cijfers staan in de tabel hieronder".
    pub label: &'a str,
}

impl Chart {
    /// The SVG, with role, title and description.
    pub fn svg(&self, colours: &colours::ChartColours) -> String {
        svg::draw(self, colours)
    }

    /// The complete figure for a page.
    pub fn view(&self, text: &FigureText) -> ChartView {
        let (csv, json) = (self.csv(), self.json());
        let mut view = ChartView {
            // Small data travels inside the page: no extra files to write.
            inline: csv.len() + json.len() <= INLINE_DATA,
            csv_name: format!("{}.csv", self.id),
            csv,
            json,
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            html: String::new(),
        };
        let mut html = String::with_capacity(8 * 1024);
        // Writing into a String cannot fail.
        let _ = self.write_figure(&mut html, text, &view);
        view.html = html;
        view
    }

    /// The `<figure>`: the SVG, its description and note, the same data as
    /// a table (or a link to the page's table that holds it), and the CSV
    /// and JSON downloads.
    fn write_figure(
        &self,
        html: &mut String,
        text: &FigureText,
        data: &ChartView,
    ) -> std::fmt::Result {
        use crate::escape::Escaped as E;
        use std::fmt::Write;
        let (id, title) = (E(&self.id), E(&self.title));
        write!(
            html,
            "<figure class=\"chart\" id=\"grafiek-{id}\" aria-labelledby=\"grafiek-{id}-kop\">\n<figcaption id=\"grafiek-{id}-kop\" class=\"chart-title\">{title}</figcaption>\n<div class=\"chart-svg\">{svg}</div>\n<p class=\"chart-desc\">{desc}</p>\n",
            svg = self.svg(text.colours),
            desc = E(&self.description),
        )?;
        if let Some(note) = &self.note {
            writeln!(html, "<p class=\"chart-note\">{}</p>", E(note))?;
        }
        if let Some(table) = &text.numbers_in {
            write!(
                html,
                "<p class=\"chart-data-link\"><a href=\"#{}\">{}</a> · ",
                E(table.id),
                E(table.label),
            )?;
            data.write_downloads(html, text)?;
            return html.write_str("</p>\n</figure>\n");
        }
        write!(
            html,
            "<details class=\"chart-data\">\n<summary>{}</summary>\n<div class=\"table-wrap\" tabindex=\"0\">\n",
            E(text.show_numbers),
        )?;
        self.write_table(html)?;
        html.push_str("</div>\n");
        if self.has_pm() {
            writeln!(html, "<p class=\"table-note\">{}</p>", E(text.pm_meaning))?;
        }
        html.push_str("<p>");
        data.write_downloads(html, text)?;
        html.write_str("</p>\n</details>\n</figure>\n")
    }

    /// The data table of the figure, captioned with the chart's title.
    fn write_table(&self, html: &mut String) -> std::fmt::Result {
        use crate::escape::Escaped as E;
        use std::fmt::Write;
        write!(
            html,
            "<table>\n<caption>{}</caption>\n<thead><tr>",
            E(&self.title)
        )?;
        let (header, rows) = self.table();
        for h in &header {
            write!(html, "<th scope=\"col\">{}</th>", E(h))?;
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        let class = if self.has_numbers() {
            " class=\"num\""
        } else {
            ""
        };
        for (label, cells) in rows {
            write!(html, "<tr><th scope=\"row\">{}</th>", E(&label))?;
            for c in cells {
                write!(html, "<td{class}>{}</td>", E(&c))?;
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
        Ok(())
    }
}

impl ChartView {
    /// The CSV and JSON download links of the figure.
    fn write_downloads(&self, html: &mut String, text: &FigureText) -> std::fmt::Result {
        use crate::escape::Escaped as E;
        use std::fmt::Write;
        let (csv, json, csv_name) = (&self.csv, &self.json, &self.csv_name);
        let json_name = csv_name.replace(".csv", ".json");
        let (csv_href, json_href) = if self.inline {
            (
                data_url("text/csv", csv),
                data_url("application/json", json),
            )
        } else {
            (csv_name.to_string(), json_name.clone())
        };
        write!(
            html,
            "<a href=\"{csv_href}\" download=\"{name}\">{label} <span class=\"file-meta\">(CSV, {size})</span></a> · <a href=\"{json_href}\" download=\"{json_name}\">{label} <span class=\"file-meta\">(JSON, {json_size})</span></a>",
            csv_href = E(&csv_href),
            json_href = E(&json_href),
            name = E(csv_name.as_str()),
            json_name = E(&json_name),
            label = E(text.download),
            size = file_size(csv.len()),
            json_size = file_size(json.len()),
        )
    }
}

/// Chart data of at most this many bytes (CSV and JSON together) is
/// linked as `data:` URLs instead of files beside the page.
pub const INLINE_DATA: usize = 1024;

/// A `data:` URL holding `text`, base64-encoded: a third larger than the
/// text, where percent-encoding makes the spaces, quotes and line breaks
/// of pretty-printed JSON three times as long.
fn data_url(mime: &str, text: &str) -> String {
    use base64::Engine;
    let mut url = format!("data:{mime};charset=utf-8;base64,");
    base64::engine::general_purpose::STANDARD.encode_string(text, &mut url);
    url
}
