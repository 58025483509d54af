//! Markdown tables as the site writes them: inside a named, focusable
//! scroll region; header cells with `scope`; alignment as classes (the
//! site's Content Security Policy blocks inline styles, so pulldown-cmark's
//! `style="text-align: right"` would be ignored); and each body cell
//! labelled with its column's header, so that a narrow screen can show a
//! row as a list of "header: value" lines.

use crate::escape::escape;
use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// The events of a text with its tables rewritten (see the module docs).
/// `name` gives a table region its accessible name from the table's
/// headers.
pub(super) fn rewrite<'t>(
    events: Vec<Event<'t>>,
    name: &dyn Fn(&[String]) -> String,
) -> Vec<Event<'t>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut table: Option<OpenTable> = None;
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Table(aligns)) => {
                let (head, rest) = read_head(&mut events, &aligns);
                let t = OpenTable::new(aligns, head);
                out.push(Event::Html(t.region_start(name).into()));
                out.push(Event::Html("<table class=\"reflow\">".into()));
                out.extend(rest);
                table = Some(t);
            }
            Event::End(TagEnd::Table) => {
                let body_open = table.take().is_some_and(|t| !t.first_row);
                let end = if body_open {
                    "</tbody></table></div>"
                } else {
                    "</table></div>"
                };
                out.push(Event::Html(end.into()));
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.column = 0;
                    out.push(Event::Html(t.row_start().into()));
                }
            }
            Event::End(TagEnd::TableRow) => out.push(Event::Html("</tr>".into())),
            Event::Start(Tag::TableCell) => {
                if let Some(t) = table.as_mut() {
                    out.push(Event::Html(t.body_cell().into()));
                    t.column += 1;
                }
            }
            Event::End(TagEnd::TableCell) => out.push(Event::Html("</td>".into())),
            other => out.push(other),
        }
    }
    out
}

/// A table being rewritten: its columns' alignment and headers.
struct OpenTable {
    headers: Vec<String>,
    /// Each column's `<td ...>`, made once per table rather than per cell.
    cells: Vec<String>,
    column: usize,
    /// True before the first body row (which opens `<tbody>`).
    first_row: bool,
}

impl OpenTable {
    /// The table, its header row already read: `head` holds each header
    /// cell's plain text.
    fn new(aligns: Vec<Alignment>, headers: Vec<String>) -> OpenTable {
        let columns = aligns.len().max(headers.len());
        let cells = (0..columns)
            .map(|i| {
                let label = headers.get(i).map_or("", String::as_str);
                format!(
                    "<td{} data-label=\"{}\">",
                    class(aligns.get(i)),
                    escape(label)
                )
            })
            .collect();
        OpenTable {
            headers,
            cells,
            column: 0,
            first_row: true,
        }
    }

    fn region_start(&self, name: &dyn Fn(&[String]) -> String) -> String {
        format!(
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
            escape(&name(&self.headers))
        )
    }

    fn row_start(&mut self) -> &'static str {
        if std::mem::take(&mut self.first_row) {
            "<tbody><tr>"
        } else {
            "<tr>"
        }
    }

    fn body_cell(&self) -> String {
        self.cells
            .get(self.column)
            .cloned()
            .unwrap_or_else(|| "<td data-label=\"\">".to_string())
    }
}

/// The class attribute of a cell of a column with this alignment.
fn class(align: Option<&Alignment>) -> &'static str {
    match align {
        Some(Alignment::Right) => " class=\"num\"",
        Some(Alignment::Center) => " class=\"center\"",
        Some(Alignment::Left) => " class=\"left\"",
        _ => "",
    }
}

/// Reads the header row of a table whose start was just read: gives each
/// header cell's plain text, and the events of the `<thead>` rewritten.
fn read_head<'t>(
    events: &mut impl Iterator<Item = Event<'t>>,
    aligns: &[Alignment],
) -> (Vec<String>, Vec<Event<'t>>) {
    let mut headers: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for event in events.by_ref() {
        match event {
            Event::Start(Tag::TableHead) => out.push(Event::Html("<thead><tr>".into())),
            Event::End(TagEnd::TableHead) => {
                out.push(Event::Html("</tr></thead>".into()));
                break;
            }
            Event::Start(Tag::TableCell) => {
                let cell = format!("<th scope=\"col\"{}>", class(aligns.get(headers.len())));
                headers.push(String::new());
                out.push(Event::Html(cell.into()));
            }
            Event::End(TagEnd::TableCell) => out.push(Event::Html("</th>".into())),
            e @ (Event::Text(_) | Event::Code(_)) => {
                if let (Some(h), Event::Text(t) | Event::Code(t)) = (headers.last_mut(), &e) {
                    h.push_str(t);
                }
                out.push(e);
            }
            other => out.push(other),
        }
    }
    (headers, out)
}
