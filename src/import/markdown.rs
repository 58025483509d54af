//! Writes the blocks of one chapter (or of the introduction) as koers
//! Markdown: headings under the page's title, paragraphs with bold and
//! italic, lists, tables, quotes, figures with their caption as title,
//! and footnotes numbered in the order the chapter uses them.
//!
//! Text is escaped so that a character Markdown would read as syntax
//! (`*`, `[`, `<`, `|`, a `1.` at the start of a line) stays the character.

use super::model::{excerpt, plain, Block, Document, Finding, Inline, Kind, Row, Style};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What one section becomes.
#[derive(Debug, Default)]
pub(super) struct Rendered {
    pub body: String,
    /// The images it shows: (index in `Document::media`, file name).
    pub images: Vec<(usize, String)>,
    pub findings: Vec<Finding>,
}

/// Writes `blocks`, whose top heading level is `base` (the chapter's own
/// heading, which becomes the page title); images are named after `stem`.
pub(super) fn section(
    doc: &Document,
    blocks: &[Block],
    base: usize,
    stem: &str,
    place: &str,
) -> Rendered {
    let mut w = Writer {
        doc,
        stem,
        base,
        last_level: 1,
        notes: Vec::new(),
        out: Rendered::default(),
        place: place.to_string(),
        parts: Vec::new(),
    };
    w.blocks(blocks);
    w.definitions();
    let mut body = w.parts.join("\n\n");
    if !body.is_empty() {
        body.push('\n');
    }
    w.out.body = body;
    w.out
}

struct Writer<'a> {
    doc: &'a Document,
    stem: &'a str,
    base: usize,
    /// The level of the last heading written (1: the page title).
    last_level: usize,
    /// Note keys in the order of their first reference: `[^1]`, `[^2]`.
    notes: Vec<String>,
    out: Rendered,
    place: String,
    /// The Markdown blocks, joined by blank lines.
    parts: Vec<String>,
}

impl Writer<'_> {
    fn found(&mut self, kind: Kind, detail: impl Into<String>) {
        self.out.findings.push(Finding {
            kind,
            place: self.place.clone(),
            detail: detail.into(),
        });
    }

    fn blocks(&mut self, blocks: &[Block]) {
        let mut i = 0;
        while i < blocks.len() {
            let taken = match &blocks[i] {
                Block::Heading { level, inlines, .. } => {
                    self.heading(*level, inlines);
                    1
                }
                Block::Item { .. } => self.list(&blocks[i..]),
                Block::Table(rows) => {
                    self.table(rows);
                    1
                }
                Block::Paragraph {
                    style: Style::Quote,
                    ..
                } => self.quote(&blocks[i..]),
                Block::Paragraph { inlines, .. } => self.paragraph(inlines, blocks.get(i + 1)),
            };
            i += taken.max(1);
        }
    }

    fn heading(&mut self, level: usize, inlines: &[Inline]) {
        let wanted = (level + 1).saturating_sub(self.base).max(2);
        let written = wanted.min(self.last_level + 1).min(6);
        let text = self
            .inlines(trim(inlines), Mode::Heading)
            .replace('#', "\\#");
        if written != wanted {
            let heading = excerpt(&plain(inlines), 60);
            self.found(
                Kind::Other,
                format!("the heading “{heading}” skipped a level; it is one level below the heading above it"),
            );
        }
        self.last_level = written;
        self.place = format!("“{}”", excerpt(&plain(inlines), 60));
        self.parts.push(format!("{} {text}", "#".repeat(written)));
    }

    /// A paragraph, or a figure when it is an image alone followed by a
    /// caption; gives the number of blocks used.
    fn paragraph(&mut self, inlines: &[Inline], next: Option<&Block>) -> usize {
        let inlines = trim(inlines);
        if let [Inline::Image(ix)] = inlines {
            if let Some(Block::Paragraph {
                style: Style::Caption,
                inlines: caption,
            }) = next
            {
                let title = caption_title(&plain(caption));
                let image = self.image(*ix, Some(&title));
                self.parts.push(image);
                return 2;
            }
        }
        let text = self.inlines(inlines, Mode::Text);
        self.parts.push(line_starts(&text));
        1
    }

    fn quote(&mut self, blocks: &[Block]) -> usize {
        let mut paragraphs = Vec::new();
        for block in blocks {
            let Block::Paragraph {
                style: Style::Quote,
                inlines,
            } = block
            else {
                break;
            };
            let text = self.inlines(trim(inlines), Mode::Text);
            paragraphs.push(prefix_lines(&line_starts(&text), "> ", "> "));
        }
        let n = paragraphs.len();
        self.parts.push(paragraphs.join("\n>\n"));
        n
    }

    fn list(&mut self, blocks: &[Block]) -> usize {
        // (level, ordered, counter, indent of the item's marker)
        let mut stack: Vec<(usize, bool, usize, usize)> = Vec::new();
        let mut lines = Vec::new();
        let mut n = 0;
        for block in blocks {
            let Block::Item {
                level,
                ordered,
                inlines,
            } = block
            else {
                break;
            };
            n += 1;
            while stack
                .last()
                .is_some_and(|s| s.0 > *level || (s.0 == *level && s.1 != *ordered))
            {
                stack.pop();
            }
            match stack.last_mut() {
                Some(top) if top.0 == *level => top.2 += 1,
                parent => {
                    let indent = parent.map_or(0, |p| p.3 + marker(p.1, p.2).len() + 1);
                    stack.push((*level, *ordered, 1, indent));
                }
            }
            let Some(&(_, ordered, count, indent)) = stack.last() else {
                continue;
            };
            let marker = marker(ordered, count);
            let pad = " ".repeat(indent);
            let rest = " ".repeat(indent + marker.len() + 1);
            let text = line_starts(&self.inlines(trim(inlines), Mode::Text));
            lines.push(prefix_lines(&text, &format!("{pad}{marker} "), &rest));
        }
        self.parts.push(lines.join("\n"));
        n
    }

    fn table(&mut self, rows: &[Row]) {
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0).max(1);
        let header_at = rows.iter().position(|r| r.header).unwrap_or(0);
        let headers = rows.iter().filter(|r| r.header).count();
        if headers > 1 {
            self.found(
                Kind::Other,
                format!("a table has {headers} header rows; Markdown has one: the first is the header, the others ordinary rows"),
            );
        }
        let mut lines = Vec::new();
        let order = std::iter::once(header_at).chain((0..rows.len()).filter(|&i| i != header_at));
        for (n, i) in order.enumerate() {
            let cells: Vec<String> = (0..width)
                .map(|c| {
                    rows[i]
                        .cells
                        .get(c)
                        .map_or(String::new(), |cell| self.inlines(trim(cell), Mode::Line))
                })
                .collect();
            lines.push(format!("| {} |", cells.join(" | ")));
            if n == 0 {
                lines.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        self.parts.push(lines.join("\n"));
    }

    /// Inline Markdown. In a heading, no emphasis and no links (a heading
    /// all in bold is koers' lint rule `heading-style`); line breaks are
    /// hard breaks in a block of text, spaces on one line.
    fn inlines(&mut self, items: &[Inline], mode: Mode) -> String {
        let heading = mode == Mode::Heading;
        let mut out = String::new();
        let mut i = 0;
        while i < items.len() {
            match &items[i] {
                Inline::Text { bold, italic, .. } => {
                    let (b, it) = (*bold, *italic);
                    let mut text = String::new();
                    while let Some(Inline::Text {
                        text: t,
                        bold,
                        italic,
                    }) = items.get(i)
                    {
                        if (*bold, *italic) != (b, it) {
                            break;
                        }
                        text.push_str(t);
                        i += 1;
                    }
                    out.push_str(&emphasis(&escape(&text), b && !heading, it && !heading));
                    continue;
                }
                Inline::Break if mode == Mode::Text => out.push_str("\\\n"),
                Inline::Break => out.push(' '),
                Inline::Link { inlines, .. } if heading => {
                    out.push_str(&self.inlines(inlines, mode))
                }
                Inline::Link { url, inlines } => {
                    let text = self.inlines(inlines, mode);
                    out.push_str(&format!("[{text}]({})", link_url(url)));
                }
                Inline::Note(key) => out.push_str(&self.note_ref(key)),
                Inline::Image(ix) => out.push_str(&self.image(*ix, None)),
            }
            i += 1;
        }
        out
    }

    fn note_ref(&mut self, key: &str) -> String {
        if !self.doc.notes.contains_key(key) {
            self.found(
                Kind::Note,
                format!("a reference to footnote {key} whose text is missing was left out"),
            );
            return String::new();
        }
        let n = match self.notes.iter().position(|k| k == key) {
            Some(i) => i + 1,
            None => {
                self.notes.push(key.to_string());
                self.notes.len()
            }
        };
        format!("[^{n}]")
    }

    /// The footnote definitions, after the text.
    fn definitions(&mut self) {
        let mut defs = Vec::new();
        let mut i = 0;
        // A note's text can refer to images, not to other notes.
        while i < self.notes.len() {
            let key = self.notes[i].clone();
            let paragraphs = self.doc.notes.get(&key).cloned().unwrap_or_default();
            let texts: Vec<String> = paragraphs
                .iter()
                .map(|p| line_starts(&self.inlines(trim(p), Mode::Line)))
                .collect();
            let mut def = format!("[^{}]: {}", i + 1, texts.first().map_or("", String::as_str));
            for t in texts.iter().skip(1) {
                def.push_str(&format!("\n\n    {t}"));
            }
            defs.push(def);
            i += 1;
        }
        if !defs.is_empty() {
            self.parts.push(defs.join("\n"));
        }
    }

    /// An image (with a title: a figure); named after the section.
    fn image(&mut self, ix: usize, title: Option<&str>) -> String {
        let Some(media) = self.doc.media.get(ix) else {
            return String::new();
        };
        let name = format!(
            "{}-afbeelding-{}.{}",
            self.stem,
            self.out.images.len() + 1,
            media.ext
        );
        self.out.images.push((ix, name.clone()));
        if media.decorative {
            return format!("<img src=\"{name}\" alt=\"\">");
        }
        let alt = media.alt.as_deref().map(escape).unwrap_or_default();
        match title {
            Some(t) if !t.is_empty() => {
                let t = t.replace('\\', "\\\\").replace('"', "\\\"");
                format!("![{alt}]({name} \"{t}\")")
            }
            _ => format!("![{alt}]({name})"),
        }
    }
}

/// How inline text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A block of text: line breaks are hard breaks.
    Text,
    /// One line (a table cell, a footnote): line breaks are spaces.
    Line,
    /// A heading: one line, no emphasis, no links.
    Heading,
}

/// Without leading and trailing line breaks.
fn trim(items: &[Inline]) -> &[Inline] {
    let blank = |i: &Inline| match i {
        Inline::Break => true,
        Inline::Text { text, .. } => text.trim().is_empty(),
        _ => false,
    };
    let start = items.iter().position(|i| !blank(i)).unwrap_or(items.len());
    let end = items
        .iter()
        .rposition(|i| !blank(i))
        .map_or(start, |e| e + 1);
    &items[start..end.max(start)]
}

fn marker(ordered: bool, count: usize) -> String {
    if ordered {
        format!("{count}.")
    } else {
        "-".to_string()
    }
}

/// `first` before the first line of `text`, `rest` before the others.
fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { rest }))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters Markdown reads as syntax anywhere in a line, escaped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Each line of `text` trimmed at its start and escaped where its start
/// would make a heading, a list item or a rule: `#`, `-`, `+`, `=`, `1.`.
fn line_starts(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.trim_start();
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line.chars().nth(digits) {
                Some('.' | ')') if (1..=9).contains(&digits) => {
                    format!("{}\\{}", &line[..digits], &line[digits..])
                }
                Some('#' | '-' | '+' | '=') if digits == 0 => format!("\\{line}"),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `**text**` around escaped text, with the white space at its ends
/// outside the markers (Markdown does not read `** text**` as bold).
fn emphasis(text: &str, bold: bool, italic: bool) -> String {
    let marker = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => return text.to_string(),
    };
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{marker}{core}{marker}{trail}")
}

/// What a link target may not hold in Markdown: spaces, brackets, the
/// backslash, and `|` (a link in a table cell).
const LINK_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'|');

/// A link target as Markdown reads it: what it may not hold encoded.
fn link_url(url: &str) -> String {
    utf8_percent_encode(url, LINK_UNSAFE).to_string()
}

/// "Figuur 1: De vier fasen" -> "De vier fasen": koers numbers figures
/// itself.
fn caption_title(caption: &str) -> String {
    let text = caption.trim();
    for word in ["figuur", "afbeelding", "figure", "fig."] {
        let head = text
            .get(..word.len())
            .filter(|h| h.eq_ignore_ascii_case(word));
        let Some(rest) = head.and_then(|_| text.get(word.len()..)) else {
            continue;
        };
        let rest = rest.trim_start();
        let digits = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .count();
        if digits > 0 {
            let title = rest[digits..]
                .trim_start_matches([':', '.', '-', '–', '—', ' '])
                .trim();
            if !title.is_empty() {
                return title.to_string();
            }
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_in_text_stays_text() {
        assert_eq!(
            escape("5 * 3 [PM] <x> & a_b | c"),
            "5 \\* 3 \\[PM\\] \\<x\\> \\& a\\_b \\| c"
        );
        assert_eq!(
            line_starts("1. Aanleiding\n- streep\n# kop\n2025 is"),
            "1\\. Aanleiding\n\\- streep\n\\# kop\n2025 is"
        );
        // CommonMark reads up to nine digits as a list number.
        assert_eq!(line_starts("2030. Visie"), "2030\\. Visie");
        assert_eq!(line_starts("1234567890. x"), "1234567890. x");
    }

    #[test]
    fn emphasis_keeps_white_space_outside() {
        assert_eq!(emphasis("snel ", true, false), "**snel** ");
        assert_eq!(emphasis(" ", true, true), " ");
        assert_eq!(emphasis("x", false, true), "*x*");
    }

    #[test]
    fn captions_lose_their_number() {
        assert_eq!(caption_title("Figuur 1: De vier fasen"), "De vier fasen");
        assert_eq!(caption_title("Figure 2.1 – Fasen"), "Fasen");
        assert_eq!(caption_title("Figuur: geen nummer"), "Figuur: geen nummer");
        assert_eq!(caption_title("Fasen"), "Fasen");
        assert_eq!(caption_title("İİİİİİİİİİ 1: x"), "İİİİİİİİİİ 1: x");
    }

    #[test]
    fn link_targets_are_encoded() {
        assert_eq!(
            link_url("https://x.nl/a (b)|c"),
            "https://x.nl/a%20%28b%29%7Cc"
        );
    }
}
