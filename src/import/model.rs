//! What the importer reads from a Word document: a small model of blocks
//! and inlines, and what it could not carry.

use std::collections::HashMap;
use std::fmt;

/// A Word document as far as koers carries it.
#[derive(Debug, Default)]
pub(super) struct Document {
    pub props: Props,
    pub blocks: Vec<Block>,
    /// Footnotes and endnotes by key (`f3`, `e1`): their paragraphs.
    pub notes: HashMap<String, Vec<Vec<Inline>>>,
    pub media: Vec<Media>,
    pub findings: Vec<Finding>,
}

/// The core properties (docProps/core.xml).
#[derive(Debug, Default)]
pub(super) struct Props {
    pub title: Option<String>,
    pub creator: Option<String>,
    /// `YYYY-MM-DD`.
    pub created: Option<String>,
    pub modified: Option<String>,
}

#[derive(Debug)]
pub(super) enum Block {
    Heading {
        level: usize,
        /// Numbered by Word's list numbering (not by its text).
        list_numbered: bool,
        inlines: Vec<Inline>,
    },
    Paragraph {
        style: Style,
        inlines: Vec<Inline>,
    },
    Item {
        level: usize,
        ordered: bool,
        inlines: Vec<Inline>,
    },
    Table(Vec<Row>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Normal,
    Quote,
    Caption,
    Title,
    Subtitle,
}

#[derive(Debug)]
pub(super) struct Row {
    pub header: bool,
    pub cells: Vec<Vec<Inline>>,
}

#[derive(Debug, Clone)]
pub(super) enum Inline {
    Text {
        text: String,
        bold: bool,
        italic: bool,
    },
    Break,
    Link {
        url: String,
        inlines: Vec<Inline>,
    },
    /// A footnote or endnote reference, by key.
    Note(String),
    /// An image, by its index in `Document::media`.
    Image(usize),
}

/// An image of the document.
#[derive(Debug)]
pub(super) struct Media {
    pub bytes: Vec<u8>,
    /// The file extension, lower case: png, jpg, gif, webp or svg.
    pub ext: &'static str,
    /// The alt text (`wp:docPr/@descr`); None when the document has none.
    pub alt: Option<String>,
    /// Marked decorative in Word: shown with `alt=""`.
    pub decorative: bool,
}

/// Something of the document the importer did not carry, or carried in
/// its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// Where: the heading above it, or "the start of the document".
    pub place: String,
    pub detail: String,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    TrackedChange,
    Comment,
    TextBox,
    Field,
    EmbeddedObject,
    Equation,
    Image,
    Link,
    Note,
    Other,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::TrackedChange => "tracked change",
            Kind::Comment => "comment",
            Kind::TextBox => "text box",
            Kind::Field => "field",
            Kind::EmbeddedObject => "embedded object",
            Kind::Equation => "equation",
            Kind::Image => "image",
            Kind::Link => "link",
            Kind::Note => "footnote",
            Kind::Other => "other",
        })
    }
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
}

/// The plain text of inlines: links by their text, notes and images left
/// out, breaks as spaces.
pub(super) fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Break => out.push(' '),
            Inline::Link { inlines, .. } => out.push_str(&plain(inlines)),
            Inline::Note(_) | Inline::Image(_) => {}
        }
    }
    out
}

/// At most `max` characters of `text`, on one line, with "…" when cut.
pub(super) fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}
