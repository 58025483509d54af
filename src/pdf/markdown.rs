//! Markdown as data for the PDF template: the events of pulldown-cmark
//! turned into a tree of blocks and inlines ([`Block`], [`Inline`]) that
//! the Typst template walks. Nothing is escaped into Typst markup: every
//! text stays a JSON string, and the template places it as text.
//!
//! Footnote definitions are gathered first and put in place of their
//! references (a Typst footnote is written where it is referred to);
//! ```` ```chart ```` blocks become figures with their SVG drawing, made
//! by the caller's [`Figures`]; a callout's marker line (`> [!kind]
//! Title`) becomes the heading of its quote, as on the site.

use crate::model::{InlineTag, Markdown};
use crate::render::markdown::{callout_kind, callout_marker};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// A block of a text, as the template draws it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(super) enum Block {
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    Paragraph {
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    #[serde(rename = "codeblock")]
    Code {
        text: String,
    },
    Table {
        /// `left`, `right`, `center` or `auto`, per column.
        align: Vec<&'static str>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A drawing in the virtual file system, with its text alternative.
    Figure {
        path: String,
        alt: String,
        caption: String,
    },
    Rule,
}

/// A piece of running text.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(super) enum Inline {
    Text {
        text: String,
    },
    Code {
        text: String,
    },
    Emph {
        inlines: Vec<Inline>,
    },
    Strong {
        inlines: Vec<Inline>,
    },
    Strike {
        inlines: Vec<Inline>,
    },
    /// Set above the line (`<sup>`): a note marker, m².
    Super {
        inlines: Vec<Inline>,
    },
    /// Set below the line (`<sub>`): CO₂.
    Sub {
        inlines: Vec<Inline>,
    },
    Link {
        url: String,
        inlines: Vec<Inline>,
    },
    Break,
    /// A picture of the content in the virtual file system, with its text
    /// alternative.
    Image {
        path: String,
        alt: String,
    },
    /// A footnote, with the text of its definition.
    Note {
        blocks: Vec<Block>,
    },
}

/// What a text needs from outside: its links resolved to absolute URLs,
/// its ```` ```chart ```` blocks drawn, its pictures found and its
/// callouts headed.
pub(super) trait Figures {
    /// The absolute URL of a link as written, or None to show its text
    /// only.
    fn link(&self, url: &str) -> Option<String>;
    /// The figures of a chart block (one per part of a large chart).
    fn chart(&mut self, spec: &str) -> Vec<Block>;
    /// The path in the virtual file system of a picture as written, or
    /// None when it is not a content file Typst can draw.
    fn image(&mut self, src: &str) -> Option<String>;
    /// The heading of a callout (`> [!kind] Title`; `kind` its canonical
    /// name), or None for none.
    fn callout(&self, kind: &str, title: &str) -> Option<String>;
}

/// The blocks of a Markdown text; `heading_base` is the level its `##`
/// headings take (its own headings never go above it).
pub(super) fn blocks(text: &str, heading_base: u8, figures: &mut dyn Figures) -> Vec<Block> {
    let options = crate::model::Markdown::DIALECT | Options::ENABLE_SMART_PUNCTUATION;
    let (text, callouts) = blank_callouts(text);
    let events = with_callout_headings(&text, options, &callouts, &*figures);
    let (body, notes) = split_notes(events);
    let mut reader = Reader {
        events: body.into_iter(),
        notes: &notes,
        heading_base,
        figures,
    };
    reader.blocks_until(None)
}

/// A callout marker: its kind and title.
type Callouts = HashMap<usize, (&'static str, String)>;

/// The text with each callout's marker line (`> [!kind] Title`, as the
/// site reads it) left as a bare `>`, and each callout by the offset of
/// its `>`.
fn blank_callouts(text: &str) -> (Cow<'_, str>, Callouts) {
    let mut found = HashMap::new();
    if !text.contains("[!") {
        return (text.into(), found);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let callout =
            callout_marker(line).and_then(|(name, title)| Some((callout_kind(name)?, title)));
        match callout {
            Some((kind, title)) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(indent);
                found.insert(out.len(), (kind, title.trim().to_string()));
                out.push_str(">\n");
            }
            None => out.push_str(line),
        }
    }
    (out.into(), found)
}

/// The events of `text`, each callout's heading put first in its quote as
/// a strong paragraph (a text event: the title is never read as Markdown).
fn with_callout_headings<'t>(
    text: &'t str,
    options: Options,
    callouts: &Callouts,
    figures: &dyn Figures,
) -> Vec<Event<'t>> {
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let heading = match &event {
            Event::Start(Tag::BlockQuote(_)) => callouts
                .get(&range.start)
                .and_then(|(kind, title)| figures.callout(kind, title)),
            _ => None,
        };
        events.push(event);
        if let Some(heading) = heading {
            events.extend([
                Event::Start(Tag::Paragraph),
                Event::Start(Tag::Strong),
                Event::Text(heading.into()),
                Event::End(TagEnd::Strong),
                Event::End(TagEnd::Paragraph),
            ]);
        }
    }
    events
}

/// The events outside footnote definitions, and each definition's events
/// by its label.
fn split_notes(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, HashMap<String, Vec<Event<'_>>>) {
    let mut body = Vec::with_capacity(events.len());
    let mut notes: HashMap<String, Vec<Event>> = HashMap::new();
    let mut current: Option<(String, Vec<Event>)> = None;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = current.take() {
                    notes.insert(label, events);
                }
            }
            e => match &mut current {
                Some((_, events)) => events.push(e),
                None => body.push(e),
            },
        }
    }
    (body, notes)
}

/// Reads blocks and inlines off a stream of events.
struct Reader<'e, 'n, 'f> {
    events: std::vec::IntoIter<Event<'e>>,
    notes: &'n HashMap<String, Vec<Event<'e>>>,
    heading_base: u8,
    figures: &'f mut dyn Figures,
}

impl Reader<'_, '_, '_> {
    /// Blocks up to the end tag `end` (None: to the end of the text).
    fn blocks_until(&mut self, end: Option<TagEnd>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        while let Some(event) = self.events.next() {
            match event {
                Event::End(e) if Some(e) == end => break,
                Event::Start(tag) if is_block(&tag) => {
                    flush(&mut loose, &mut out);
                    out.extend(self.block(tag));
                }
                Event::Rule => {
                    flush(&mut loose, &mut out);
                    out.push(Block::Rule);
                }
                other => self.inline(other, &mut loose),
            }
        }
        flush(&mut loose, &mut out);
        out
    }

    /// The block that `tag` starts.
    fn block(&mut self, tag: Tag<'_>) -> Vec<Block> {
        match tag {
            Tag::Paragraph => vec![Block::Paragraph {
                inlines: self.inlines_until(TagEnd::Paragraph),
            }],
            Tag::Heading { level, .. } => {
                let inlines = self.inlines_until(TagEnd::Heading(level));
                vec![Block::Heading {
                    level: self.level(level),
                    inlines,
                }]
            }
            Tag::BlockQuote(kind) => vec![Block::Quote {
                blocks: self.blocks_until(Some(TagEnd::BlockQuote(kind))),
            }],
            Tag::List(start) => vec![self.list(start)],
            Tag::CodeBlock(kind) => self.code_block(kind),
            Tag::Table(align) => vec![self.table(align)],
            Tag::HtmlBlock => {
                self.skip_until(TagEnd::HtmlBlock);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A heading's level in the PDF: `##` is `heading_base`, and deeper
    /// headings count on from there.
    fn level(&self, level: HeadingLevel) -> u8 {
        let written = level as u8;
        (self.heading_base + written.saturating_sub(2)).clamp(self.heading_base, 6)
    }

    fn list(&mut self, start: Option<u64>) -> Block {
        let ordered = start.is_some();
        let mut items = Vec::new();
        while let Some(event) = self.events.next() {
            match event {
                Event::Start(Tag::Item) => items.push(self.blocks_until(Some(TagEnd::Item))),
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        Block::List {
            ordered,
            start: start.unwrap_or(1),
            items,
        }
    }

    fn code_block(&mut self, kind: CodeBlockKind<'_>) -> Vec<Block> {
        let mut text = String::new();
        for event in self.events.by_ref() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        match kind {
            CodeBlockKind::Fenced(lang) if lang.trim() == "chart" => self.figures.chart(&text),
            _ => vec![Block::Code {
                text: text.trim_end().to_string(),
            }],
        }
    }

    fn table(&mut self, align: Vec<Alignment>) -> Block {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        while let Some(event) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => header = self.cells(TagEnd::TableHead),
                Event::Start(Tag::TableRow) => rows.push(self.cells(TagEnd::TableRow)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        // Every row as wide as the header: the template lays out a grid.
        for row in &mut rows {
            row.resize_with(header.len(), Vec::new);
        }
        Block::Table {
            align: align.iter().map(alignment).collect(),
            header,
            rows,
        }
    }

    /// The cells of a table row or head.
    fn cells(&mut self, end: TagEnd) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some(event) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inlines_until(TagEnd::TableCell)),
                Event::End(e) if e == end => break,
                _ => {}
            }
        }
        cells
    }

    fn skip_until(&mut self, end: TagEnd) {
        for event in self.events.by_ref() {
            if matches!(event, Event::End(e) if e == end) {
                break;
            }
        }
    }

    fn inlines_until(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some(event) = self.events.next() {
            if matches!(&event, Event::End(e) if *e == end) {
                break;
            }
            self.inline(event, &mut out);
        }
        out
    }

    /// Adds the inline that `event` is (or starts) to `out`.
    fn inline(&mut self, event: Event<'_>, out: &mut Vec<Inline>) {
        match event {
            Event::Text(t) => push_text(out, &t),
            Event::Code(t) => out.push(Inline::Code {
                text: t.to_string(),
            }),
            Event::SoftBreak => push_text(out, " "),
            Event::HardBreak => out.push(Inline::Break),
            Event::FootnoteReference(label) => out.push(self.note(&label)),
            Event::Start(Tag::Emphasis) => out.push(Inline::Emph {
                inlines: self.inlines_until(TagEnd::Emphasis),
            }),
            Event::Start(Tag::Strong) => out.push(Inline::Strong {
                inlines: self.inlines_until(TagEnd::Strong),
            }),
            Event::Start(Tag::Strikethrough) => out.push(Inline::Strike {
                inlines: self.inlines_until(TagEnd::Strikethrough),
            }),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let inlines = self.inlines_until(TagEnd::Link);
                out.push(match self.figures.link(&dest_url) {
                    Some(url) => Inline::Link { url, inlines },
                    None => Inline::Emph { inlines },
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let inlines = self.inlines_until(TagEnd::Image);
                let alt = plain(&inlines);
                if alt.trim().is_empty() {
                    // A decorative picture says nothing: the PDF leaves it out.
                    return;
                }
                match self.figures.image(&dest_url) {
                    Some(path) => out.push(Inline::Image { path, alt }),
                    // One Typst cannot draw: its text alternative in its place.
                    None => out.push(Inline::Emph { inlines }),
                }
            }
            Event::Start(_) | Event::End(_) => {}
            Event::InlineHtml(raw) => self.inline_html(&raw, out),
            Event::Html(_) => {}
            Event::TaskListMarker(done) => push_text(out, if done { "☑ " } else { "☐ " }),
            Event::Rule | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    /// The inline HTML elements the PDF shows as the page does (raised,
    /// lowered and struck-through text, line breaks); any other tag is left
    /// out and its text kept.
    fn inline_html(&mut self, raw: &str, out: &mut Vec<Inline>) {
        let Some((tag, false)) = Markdown::inline_tag(raw) else {
            return;
        };
        match tag {
            InlineTag::Break => out.push(Inline::Break),
            InlineTag::Sup => {
                let inlines = self.inlines_until_closing(tag);
                out.push(Inline::Super { inlines });
            }
            InlineTag::Sub => {
                let inlines = self.inlines_until_closing(tag);
                out.push(Inline::Sub { inlines });
            }
            InlineTag::Struck => {
                let inlines = self.inlines_until_closing(tag);
                out.push(Inline::Strike { inlines });
            }
        }
    }

    /// The inlines up to the tag that closes `tag`; an
    /// element left open ends with the paragraph (or cell) it stands in.
    fn inlines_until_closing(&mut self, tag: InlineTag) -> Vec<Inline> {
        let mut out = Vec::new();
        loop {
            match self.events.as_slice().first() {
                None | Some(Event::End(_)) => break,
                Some(Event::InlineHtml(raw)) if Markdown::inline_tag(raw) == Some((tag, true)) => {
                    self.events.next();
                    break;
                }
                _ => {}
            }
            if let Some(event) = self.events.next() {
                self.inline(event, &mut out);
            }
        }
        out
    }

    /// A footnote with the text of its definition (an undefined one shows
    /// its label).
    fn note(&mut self, label: &str) -> Inline {
        let Some(events) = self.notes.get(label) else {
            return Inline::Text {
                text: format!("[^{label}]"),
            };
        };
        let mut reader = Reader {
            events: events.clone().into_iter(),
            notes: self.notes,
            heading_base: self.heading_base,
            figures: &mut *self.figures,
        };
        Inline::Note {
            blocks: reader.blocks_until(None),
        }
    }
}

/// The text of inlines without their marks (an image's alt text).
fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emph { inlines }
            | Inline::Strong { inlines }
            | Inline::Strike { inlines }
            | Inline::Super { inlines }
            | Inline::Sub { inlines }
            | Inline::Link { inlines, .. } => out.push_str(&plain(inlines)),
            Inline::Break => out.push(' '),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Note { .. } => {}
        }
    }
    out
}

/// True for the tags that start a block.
fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::CodeBlock(_)
            | Tag::Table(_)
            | Tag::HtmlBlock
    )
}

/// Inlines outside a paragraph (a tight list item's text) become one.
fn flush(loose: &mut Vec<Inline>, out: &mut Vec<Block>) {
    if !loose.is_empty() {
        out.push(Block::Paragraph {
            inlines: std::mem::take(loose),
        });
    }
}

/// Appends text, joined to the text before it.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text { text: last }) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text {
            text: text.to_string(),
        });
    }
}

fn alignment(a: &Alignment) -> &'static str {
    match a {
        Alignment::None => "auto",
        Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoFigures;

    impl Figures for NoFigures {
        fn link(&self, url: &str) -> Option<String> {
            url.starts_with("https://").then(|| url.to_string())
        }
        fn chart(&mut self, _: &str) -> Vec<Block> {
            vec![Block::Rule]
        }
        fn image(&mut self, src: &str) -> Option<String> {
            src.ends_with(".png").then(|| format!("/images/{src}"))
        }
        fn callout(&self, kind: &str, title: &str) -> Option<String> {
            Some(format!("{kind}: {title}"))
        }
    }

    fn json(text: &str) -> String {
        serde_json::to_string(&blocks(text, 2, &mut NoFigures)).unwrap()
    }

    #[test]
    fn text_stays_data() {
        let out = json("Een #set en $x$ en *nadruk* [link](https://x.nl/).");
        assert!(out.contains(r#"{"kind":"text","text":"Een #set en $x$ en "}"#));
        assert!(out.contains(r#""kind":"emph""#));
        assert!(out.contains(r#""kind":"link","url":"https://x.nl/""#));
    }

    #[test]
    fn footnotes_go_where_they_are_referred_to() {
        let out = json("Tekst.[^1]\n\n[^1]: De noot.\n");
        assert!(out.contains(r#""kind":"note","blocks":[{"kind":"paragraph""#));
        assert!(out.contains("De noot."));
    }

    #[test]
    fn tables_keep_their_header_and_alignment() {
        let out = json("| A | B |\n|---|--:|\n| 1 | 2 |\n");
        assert!(out.contains(r#""align":["auto","right"]"#));
        assert!(out.contains(r#""header":[[{"kind":"text","text":"A"}]"#));
    }

    #[test]
    fn raised_lowered_and_struck_html_is_shown_as_the_page_shows_it() {
        let out = json("| Post | Budget |\n|---|--:|\n| CO<sub>2</sub> | <del>250</del> 300<sup>1</sup> |\n\nRegel<br>twee.\n");
        assert!(
            out.contains(r#"{"kind":"sub","inlines":[{"kind":"text","text":"2"}]}"#),
            "{out}"
        );
        assert!(
            out.contains(r#"{"kind":"strike","inlines":[{"kind":"text","text":"250"}]}"#),
            "{out}"
        );
        assert!(
            out.contains(r#"{"kind":"super","inlines":[{"kind":"text","text":"1"}]}"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"{"kind":"text","text":"Regel"},{"kind":"break"},{"kind":"text","text":"twee."}"#
            ),
            "{out}"
        );
        // An element left open ends with its cell.
        let open = json("| A | B |\n|---|---|\n| 1<sup>2 | 3 |\n");
        assert!(
            open.contains(r#"{"kind":"super","inlines":[{"kind":"text","text":"2"}]}"#),
            "{open}"
        );
        assert!(open.contains(r#"[{"kind":"text","text":"3"}]"#), "{open}");
    }

    #[test]
    fn a_heading_id_is_not_part_of_the_heading() {
        let out = json("## De visie {#visie}\n\nTekst.\n");
        assert!(
            out.contains(
                r#"{"kind":"heading","level":2,"inlines":[{"kind":"text","text":"De visie"}]}"#
            ),
            "{out}"
        );
    }

    #[test]
    fn headings_count_from_the_base() {
        let b = blocks("## Twee\n\n#### Vier\n\n# Een", 2, &mut NoFigures);
        let levels: Vec<u8> = b
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, [2, 4, 2]);
    }

    #[test]
    fn pictures_keep_their_alt_text_and_decorative_ones_are_left_out() {
        let out = json("![Kaart van *Flevoland*](kaart.png) ![](lijn.png) ![Logo](logo.bmp)");
        assert!(
            out.contains(
                r#"{"kind":"image","path":"/images/kaart.png","alt":"Kaart van Flevoland"}"#
            ),
            "{out}"
        );
        assert!(!out.contains("lijn.png"), "{out}");
        // One Typst cannot draw: its alt text in its place.
        assert!(
            out.contains(r#"{"kind":"emph","inlines":[{"kind":"text","text":"Logo"}]}"#),
            "{out}"
        );
    }

    #[test]
    fn a_callout_gets_its_heading_and_loses_its_marker() {
        let out = json("Voor.\n\n> [!important] De kleuren zijn *afgeleid*\n> Uit de toelichting.\n\n- punt\n\n  > [!tip]\n  > Kort.\n");
        assert!(!out.contains("[!"), "{out}");
        assert!(out.contains(r#"{"kind":"quote","blocks":[{"kind":"paragraph","inlines":[{"kind":"strong","inlines":[{"kind":"text","text":"belangrijk: De kleuren zijn *afgeleid*"}]}]},{"kind":"paragraph","inlines":[{"kind":"text","text":"Uit de toelichting."}]}]}"#), "{out}");
        assert!(out.contains(r#"{"kind":"text","text":"tip: "}"#), "{out}");
        // A quote without a marker stays a plain quote.
        let plain = json("> Gewoon geciteerd.\n");
        assert_eq!(
            plain,
            r#"[{"kind":"quote","blocks":[{"kind":"paragraph","inlines":[{"kind":"text","text":"Gewoon geciteerd."}]}]}]"#
        );
    }

    #[test]
    fn chart_blocks_become_figures() {
        let out = json("```chart\ntype: bar\n```\n");
        assert_eq!(out, r#"[{"kind":"rule"}]"#);
    }
}
