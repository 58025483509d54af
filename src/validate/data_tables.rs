//! Finds the tables of figures in the site's Markdown, so that each is
//! published as open data (see [`DataTable`]).

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::data_table::DataTable;
use crate::model::table;
use crate::model::{Markdown, Page, Publication, Scenario, Story, Thema};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// The texts of a site that stand on a page of their own, with the page's
/// title and URL path and the prefix of their datasets' names.
pub(super) struct Texts<'a>(Vec<(&'a Markdown, &'a str, &'a str, String)>);

impl<'a> Texts<'a> {
    pub(super) fn of(
        publications: &'a [Publication],
        (themas, scenarios): (&'a [Thema], &'a [Scenario]),
        stories: &'a [Story],
        pages: &'a [Page],
    ) -> Self {
        let mut texts = Vec::new();
        for p in publications {
            texts.push((&p.intro, p.title.as_str(), p.url.as_str(), p.slug.clone()));
            for c in &p.chapters {
                let name = format!("{}-{}", p.slug, c.slug);
                texts.push((&c.body, c.title.as_str(), c.url.as_str(), name));
            }
        }
        for t in themas {
            texts.push((&t.body, &t.title, &t.url, format!("thema-{}", t.id)));
        }
        for s in scenarios {
            texts.push((&s.body, &s.title, &s.url, format!("scenario-{}", s.slug)));
        }
        for s in stories {
            texts.push((&s.body, &s.title, &s.url, format!("story-{}", s.id)));
        }
        for p in pages {
            texts.push((&p.body, &p.title, &p.url, format!("pagina-{}", p.slug)));
        }
        Texts(texts)
    }

    /// Every table of figures in these texts, in their order.
    pub(super) fn data_tables(&self) -> Vec<DataTable> {
        // Parsed on all cores (a large site's stories may each hold a
        // table); `collect` keeps the texts' order.
        self.0
            .par_iter()
            // Most texts have no table at all: no need to parse them.
            .filter(|(md, ..)| md.text.contains('|'))
            .flat_map_iter(|(md, title, url, prefix)| {
                tables_of(&md.text)
                    .into_iter()
                    .enumerate()
                    .filter_map(move |(i, t)| {
                        let name = format!("{prefix}-tabel-{}", i + 1);
                        DataTable::of(name, (title, url), t.heading, &t.header, &t.body)
                    })
            })
            .collect()
    }
}

/// Two tables whose datasets would have one name are an error: one file
/// would silently replace the other.
pub(super) fn check_names(
    tables: &[DataTable],
    (publications, scenarios): (&[Publication], &[Scenario]),
    diags: &mut Diagnostics,
) {
    let mut names: HashMap<String, &Path> = HashMap::new();
    for p in publications {
        for t in &p.tables {
            names.insert(table::publication_dataset(&p.slug, &t.id), &p.source);
        }
    }
    for s in scenarios {
        if let Some(t) = &s.costs {
            names.insert(table::scenario_dataset(&s.slug, &t.id), &s.source);
        }
    }
    for t in tables {
        if let Some(file) = names.get(&t.name) {
            diags.push(
                Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    format!(
                        "the finance table `{}` would publish the same open data as a table on {}",
                        t.name, t.page_url
                    ),
                )
                .with_help("give the finance table another `id`"),
            );
        }
    }
}

/// A Markdown table as plain cell texts, with the heading above it.
struct TextTable {
    heading: Option<String>,
    header: Vec<String>,
    body: Vec<Vec<String>>,
}

/// The tables of a Markdown text, in order.
fn tables_of(text: &str) -> Vec<TextTable> {
    let mut tables = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_heading = false;
    let mut current: Option<TextTable> = None;
    let mut in_head = false;
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(text, Markdown::DIALECT) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Table(_)) => {
                current = Some(TextTable {
                    heading: heading.clone().filter(|h| !h.trim().is_empty()),
                    header: Vec::new(),
                    body: Vec::new(),
                })
            }
            Event::End(TagEnd::Table) => tables.extend(current.take()),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                if let Some(t) = current.as_mut() {
                    t.body.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let (Some(t), Some(text)) = (current.as_mut(), cell.take()) else {
                    continue;
                };
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                match (in_head, t.body.last_mut()) {
                    (true, _) => t.header.push(text),
                    (false, Some(row)) => row.push(text),
                    (false, None) => {}
                }
            }
            Event::Text(s) | Event::Code(s) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&s);
                } else if in_heading {
                    heading.get_or_insert_with(String::new).push_str(&s);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_table::DataCell;

    #[test]
    fn reads_cells_as_plain_text_under_their_heading() {
        let t = tables_of(
            "## Kosten\n\n| Onderdeel | Budget |\n|---|--:|\n| [ICT-beheer](a.md) | € 200k |\n| **Totaal** | **€ 475k** |\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].heading.as_deref(), Some("Kosten"));
        assert_eq!(t[0].header, vec!["Onderdeel", "Budget"]);
        assert_eq!(t[0].body[1], vec!["Totaal", "€ 475k"]);
    }

    /// The tables are read as the page shows them: a heading's id is not
    /// part of its text, a footnote's marker not part of its cell.
    #[test]
    fn reads_headings_and_cells_as_the_page_shows_them() {
        let t = tables_of(
            "## Kosten per jaar {#kosten}\n\n| Jaar | Budget (k€) |\n|---|--:|\n| 2025 | 250[^raming] |\n| 2026 | 310 |\n\n[^raming]: Een raming.\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].heading.as_deref(), Some("Kosten per jaar"));
        assert_eq!(t[0].body[0], vec!["2025", "250"]);
        let table = DataTable::of(
            "story-x-tabel-1".into(),
            ("Story X", "/stories/x/"),
            t[0].heading.clone(),
            &t[0].header,
            &t[0].body,
        )
        .expect("a table of figures");
        assert_eq!(table.columns[1].data_header(), "Budget (euro)");
        // € 250 000 and € 310 000, in cents.
        assert_eq!(table.rows[0][1], DataCell::Cents(25_000_000));
        assert_eq!(table.rows[1][1], DataCell::Cents(31_000_000));
    }
}
