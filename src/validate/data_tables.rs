//! Finds the tables of figures in the site's Markdown, so that each is
//! published as open data (see [`DataTable`]).

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::data_table::{CellText, DataTable};
use crate::model::table;
use crate::model::{InlineTag, Markdown, Page, Publication, Scenario, Story, Thema};
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
    body: Vec<Vec<CellText>>,
}

/// The text of the cell being read: what the page shows, and what its
/// figure is read from (see [`CellText`]).
#[derive(Default)]
struct CellReader {
    text: CellText,
    /// Inside struck-through text (`~~`, `<s>`, `<del>`): left out.
    struck: usize,
    /// Inside `<sup>` or `<sub>`: shown raised or lowered, not a figure.
    set_apart: Option<InlineTag>,
}

impl CellReader {
    fn push(&mut self, s: &str) {
        if self.struck > 0 {
            return;
        }
        match self.set_apart {
            Some(tag) => self.text.shown.extend(s.chars().map(|c| raised(c, tag))),
            None => {
                self.text.shown.push_str(s);
                self.text.figure.push_str(s);
            }
        }
    }

    fn html(&mut self, raw: &str) {
        match Markdown::inline_tag(raw) {
            Some((InlineTag::Struck, false)) => self.struck += 1,
            Some((InlineTag::Struck, true)) => self.struck = self.struck.saturating_sub(1),
            Some((tag @ (InlineTag::Sup | InlineTag::Sub), false)) => self.set_apart = Some(tag),
            Some((InlineTag::Sup | InlineTag::Sub, true)) => self.set_apart = None,
            Some((InlineTag::Break, _)) => self.push(" "),
            None => {}
        }
    }

    /// The cell's texts, each with its white space made single spaces
    /// (once when they are the same, as in most cells).
    fn done(self) -> CellText {
        let shown = single_spaced(&self.text.shown);
        let figure = match self.text.figure == self.text.shown {
            true => shown.clone(),
            false => single_spaced(&self.text.figure),
        };
        CellText { shown, figure }
    }
}

/// `s` with its white space made single spaces, and none at its ends.
fn single_spaced(s: &str) -> String {
    let tidy = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.contains(|c: char| c.is_whitespace() && c != ' ');
    match tidy {
        true => s.to_string(),
        false => s.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// A character set above (`<sup>`) or below (`<sub>`) the line, as plain
/// text writes it where Unicode has it: m², CO₂, 250¹.
fn raised(c: char, tag: InlineTag) -> char {
    const DIGITS: [&str; 2] = ["⁰¹²³⁴⁵⁶⁷⁸⁹", "₀₁₂₃₄₅₆₇₈₉"];
    let row = usize::from(tag == InlineTag::Sub);
    c.to_digit(10)
        .and_then(|d| DIGITS[row].chars().nth(d as usize))
        .unwrap_or(c)
}

/// The tables of a Markdown text, in order.
fn tables_of(text: &str) -> Vec<TextTable> {
    let mut tables = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_heading = false;
    let mut current: Option<TextTable> = None;
    let mut in_head = false;
    let mut cell: Option<CellReader> = None;
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
            Event::Start(Tag::TableCell) => cell = Some(CellReader::default()),
            Event::End(TagEnd::TableCell) => {
                let (Some(t), Some(reader)) = (current.as_mut(), cell.take()) else {
                    continue;
                };
                let text = reader.done();
                match (in_head, t.body.last_mut()) {
                    (true, _) => t.header.push(text.shown),
                    (false, Some(row)) => row.push(text),
                    (false, None) => {}
                }
            }
            Event::Start(Tag::Strikethrough) => {
                if let Some(c) = cell.as_mut() {
                    c.struck += 1;
                }
            }
            Event::End(TagEnd::Strikethrough) => {
                if let Some(c) = cell.as_mut() {
                    c.struck = c.struck.saturating_sub(1);
                }
            }
            Event::InlineHtml(raw) => {
                if let Some(c) = cell.as_mut() {
                    c.html(&raw);
                }
            }
            Event::Text(s) | Event::Code(s) => {
                if let Some(c) = cell.as_mut() {
                    c.push(&s);
                } else if in_heading {
                    heading.get_or_insert_with(String::new).push_str(&s);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(" ");
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

    fn figures(row: &[CellText]) -> Vec<&str> {
        row.iter().map(|c| c.figure.as_str()).collect()
    }

    #[test]
    fn reads_cells_as_plain_text_under_their_heading() {
        let t = tables_of(
            "## Kosten\n\n| Onderdeel | Budget |\n|---|--:|\n| [ICT-beheer](a.md) | € 200k |\n| **Totaal** | **€ 475k** |\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].heading.as_deref(), Some("Kosten"));
        assert_eq!(t[0].header, vec!["Onderdeel", "Budget"]);
        assert_eq!(figures(&t[0].body[1]), ["Totaal", "€ 475k"]);
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
        assert_eq!(figures(&t[0].body[0]), ["2025", "250"]);
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

    #[test]
    fn white_space_is_made_single_spaces() {
        assert_eq!(single_spaced(" € 1.250\u{a0}000  k\n"), "€ 1.250 000 k");
        assert_eq!(single_spaced("Budget (k€)"), "Budget (k€)");
        assert_eq!(single_spaced(""), "");
    }

    /// Struck-through text no longer holds and a raised marker is no
    /// digit of the figure: the page shows both, the open data neither.
    #[test]
    fn struck_text_and_raised_markers_are_no_part_of_a_figure() {
        let t = tables_of(
            "| Post | Ruimte | Budget (k€) |\n|---|---|--:|\n| A | 12 m<sup>2</sup> | ~~250~~ 300 |\n| B | 8 m<sup>2</sup> | 250<sup>1</sup> |\n| C | 3 m<sup>2</sup> | <del>100</del> 120 |\n| D | 1 m<sup>2</sup> | € 250.000<sup>a</sup> |\n",
        );
        let t = &t[0];
        assert_eq!(t.body[0][2].shown, "300");
        assert_eq!(t.body[1][1].shown, "8 m²");
        assert_eq!(t.body[1][2].shown, "250¹");
        let table = DataTable::of("x".into(), ("X", "/x/"), None, &t.header, &t.body)
            .expect("a table of figures");
        let budget: Vec<&DataCell> = table.rows.iter().map(|r| &r[2]).collect();
        // € 300.000, € 250.000, € 120.000 and € 250.000, in cents.
        assert_eq!(
            budget,
            [
                &DataCell::Cents(30_000_000),
                &DataCell::Cents(25_000_000),
                &DataCell::Cents(12_000_000),
                &DataCell::Cents(25_000_000)
            ]
        );
        // A column of words keeps what the page shows.
        assert_eq!(table.rows[0][1], DataCell::Text("12 m²".into()));
    }
}
