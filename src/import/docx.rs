//! Reads the parts of a .docx into the model of `model.rs`: the body
//! (word/document.xml), its styles and list numbering, footnotes and
//! endnotes, comments, images and the core properties; and notes what it
//! does not carry.
//!
//! Tracked changes are read as if accepted: inserted text is kept, deleted
//! text left out, and every change is reported.

use super::model::{
    excerpt, plain, Block, Document, Finding, Inline, Kind, Media, Props, Row, Style,
};
use super::package::{target_of, Package, Rels};
use super::styles::{num_ref, outline_level, Numbering, Role, Styles};
use super::xml::Element;
use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashMap};

/// Extensions of the images browsers show, as koers writes them.
const IMAGE_TYPES: &[(&str, &str)] = &[
    ("png", "png"),
    ("jpg", "jpg"),
    ("jpeg", "jpg"),
    ("gif", "gif"),
    ("webp", "webp"),
    ("svg", "svg"),
];

/// Link schemes koers accepts in content.
const LINK_SCHEMES: &[&str] = &["https://", "http://", "mailto:", "tel:"];

pub(super) fn read(package: &mut Package) -> Result<Document> {
    let root_rels = package.rels("")?;
    let main =
        target_of(&root_rels, "officeDocument").unwrap_or_else(|| "word/document.xml".to_string());
    let Some(document) = package.xml(&main)? else {
        return Err(Error::Other(format!(
            "{} is not a Word document (.docx): it has no {main}; nothing was written",
            package.shown().display()
        )));
    };
    let body = document.child("w:body").ok_or_else(|| {
        Error::Other(format!(
            "{}: the Word document is damaged: {main} has no body; nothing was written",
            package.shown().display()
        ))
    })?;
    let rels = package.rels(&main)?;
    let styles = Styles::read(part(package, &rels, "styles")?.as_ref());
    let numbering = Numbering::read(part(package, &rels, "numbering")?.as_ref());
    let comments = part(package, &rels, "comments")?;
    let core_part =
        target_of(&root_rels, "core-properties").unwrap_or_else(|| "docProps/core.xml".to_string());
    let props = package
        .xml(&core_part)?
        .map(|c| props(&c))
        .unwrap_or_default();

    let mut reader = Reader::new(package, &styles, &numbering, rels.clone());
    let mut blocks = Vec::new();
    reader.blocks(body, &mut blocks)?;
    let mut notes = HashMap::new();
    for (kind, key, name) in [
        ("footnotes", "f", "w:footnote"),
        ("endnotes", "e", "w:endnote"),
    ] {
        if let Some(target) = target_of(&rels, kind) {
            reader.notes(&target, key, name, &mut notes)?;
        }
    }
    reader.finish(comments.as_ref());
    Ok(Document {
        props,
        blocks,
        notes,
        media: reader.media,
        findings: reader.findings,
    })
}

/// The part a relationship of the main document names (`styles`).
fn part(package: &mut Package, rels: &Rels, kind: &str) -> Result<Option<Element>> {
    match target_of(rels, kind) {
        Some(target) => package.xml(&target),
        None => Ok(None),
    }
}

fn props(core: &Element) -> Props {
    let text = |name: &str| {
        core.child(name)
            .map(|e| clean(&e.own_text()).trim().to_string())
            .filter(|t| !t.is_empty())
    };
    Props {
        title: text("dc:title"),
        creator: text("dc:creator"),
        created: text("dcterms:created").and_then(|d| day(&d)),
        modified: text("dcterms:modified").and_then(|d| day(&d)),
    }
}

/// `2021-06-15T16:30:00Z` -> `2021-06-15`; None for anything else.
fn day(text: &str) -> Option<String> {
    let d = text.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
        .then(|| d.to_string())
}

/// Text as koers takes it: tabs and line breaks as spaces, control
/// characters (which koers refuses in content) left out.
pub(super) fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{feff}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A field of Word (`{ PAGE }`, `{ HYPERLINK "..." }`) being read.
struct Field {
    instr: String,
    /// Past its separator: what follows is the text Word last showed.
    in_result: bool,
    /// The target of a HYPERLINK field, whose result becomes a link.
    link: Option<String>,
    buffer: Vec<Inline>,
}

struct Reader<'a> {
    package: &'a mut Package,
    styles: &'a Styles,
    numbering: &'a Numbering,
    /// The relationships of the part being read.
    rels: Rels,
    media: Vec<Media>,
    /// Image bytes by part name, read once.
    files: HashMap<String, Vec<u8>>,
    findings: Vec<Finding>,
    /// The heading above what is being read, for the report.
    place: String,
    fields: Vec<Field>,
    /// Field kind -> how often, and where first.
    field_counts: BTreeMap<String, (usize, String)>,
    comment_places: HashMap<String, String>,
    hidden: usize,
    format_changes: usize,
    toc_skipped: bool,
}

impl<'a> Reader<'a> {
    fn new(
        package: &'a mut Package,
        styles: &'a Styles,
        numbering: &'a Numbering,
        rels: Rels,
    ) -> Self {
        Reader {
            package,
            styles,
            numbering,
            rels,
            media: Vec::new(),
            files: HashMap::new(),
            findings: Vec::new(),
            place: "the start of the document".to_string(),
            fields: Vec::new(),
            field_counts: BTreeMap::new(),
            comment_places: HashMap::new(),
            hidden: 0,
            format_changes: 0,
            toc_skipped: false,
        }
    }

    fn found(&mut self, kind: Kind, detail: impl Into<String>) {
        self.findings.push(Finding {
            kind,
            place: self.place.clone(),
            detail: detail.into(),
        });
    }

    /// The blocks under `parent` (the body, a content control, an insertion).
    fn blocks(&mut self, parent: &Element, out: &mut Vec<Block>) -> Result<()> {
        for e in parent.elements() {
            match e.name.as_str() {
                "w:p" => self.paragraph(e, out)?,
                "w:tbl" => self.table(e, out)?,
                "w:sdt" if is_toc(e) => self.toc_skipped = true,
                "w:sdt" => {
                    if let Some(content) = e.child("w:sdtContent") {
                        self.blocks(content, out)?;
                    }
                }
                "w:customXml" => self.blocks(e, out)?,
                "w:ins" | "w:moveTo" => {
                    self.change(e);
                    self.blocks(e, out)?;
                }
                "w:del" | "w:moveFrom" => self.change(e),
                "mc:AlternateContent" => {
                    if let Some(choice) = e.child("mc:Choice") {
                        self.blocks(choice, out)?;
                    }
                }
                "w:altChunk" => self.found(
                    Kind::EmbeddedObject,
                    "an embedded document (altChunk) was left out",
                ),
                _ => {}
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, p: &Element, out: &mut Vec<Block>) -> Result<()> {
        let ppr = p.child("w:pPr");
        if ppr.is_some_and(|x| x.child("w:pPrChange").is_some()) {
            self.format_changes += 1;
        }
        let style = self.styles.paragraph(ppr.and_then(|x| x.val("w:pStyle")));
        if style.role == Role::Toc {
            self.toc_skipped = true;
            return Ok(());
        }
        let mut inlines = Vec::new();
        self.inlines(p, &mut inlines)?;
        self.end_paragraph(&mut inlines);
        if is_empty(&inlines) {
            return Ok(());
        }
        let num = ppr.and_then(num_ref).or(style.num);
        let ordered = num.as_ref().and_then(|n| self.numbering.ordered(n));
        let heading = ppr.and_then(outline_level).or(match style.role {
            Role::Heading(n) => Some(n),
            _ => None,
        });
        out.push(if let Some(level) = heading {
            self.place = format!("“{}”", excerpt(&plain(&inlines), 60));
            Block::Heading {
                level,
                list_numbered: ordered == Some(true),
                inlines,
            }
        } else if let (Some(ordered), Some(num)) = (ordered, &num) {
            Block::Item {
                level: (num.level + style.list_level).min(8),
                ordered,
                inlines,
            }
        } else {
            let style = match style.role {
                Role::Title => Style::Title,
                Role::Subtitle => Style::Subtitle,
                Role::Quote => Style::Quote,
                Role::Caption => Style::Caption,
                _ => Style::Normal,
            };
            Block::Paragraph { style, inlines }
        });
        Ok(())
    }

    /// A paragraph ends: fields whose instruction never reached its result
    /// end with it, and a link field running on loses its link.
    fn end_paragraph(&mut self, out: &mut Vec<Inline>) {
        self.fields.retain(|f| f.in_result);
        for f in &mut self.fields {
            out.append(&mut f.buffer);
        }
    }

    /// The inlines under `parent` (a paragraph, a link, an insertion).
    fn inlines(&mut self, parent: &Element, out: &mut Vec<Inline>) -> Result<()> {
        for e in parent.elements() {
            match e.name.as_str() {
                "w:r" => self.run(e, out)?,
                "w:hyperlink" => self.hyperlink(e, out)?,
                "w:ins" | "w:moveTo" => {
                    self.change(e);
                    self.inlines(e, out)?;
                }
                "w:del" | "w:moveFrom" => self.change(e),
                "w:fldSimple" => self.simple_field(e, out)?,
                "w:smartTag" | "w:customXml" | "w:dir" | "w:bdo" => self.inlines(e, out)?,
                "w:sdt" => {
                    if let Some(content) = e.child("w:sdtContent") {
                        self.inlines(content, out)?;
                    }
                }
                "m:oMath" | "m:oMathPara" => {
                    let text = excerpt(&e.text_of(&["m:t"]), 80);
                    self.found(
                        Kind::Equation,
                        format!("an equation was left out: “{text}”"),
                    );
                }
                "w:commentRangeStart" => self.comment_at(e),
                "mc:AlternateContent" => {
                    if let Some(choice) = e.child("mc:Choice") {
                        self.inlines(choice, out)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn run(&mut self, r: &Element, out: &mut Vec<Inline>) -> Result<()> {
        let rpr = r.child("w:rPr");
        let (mut bold, mut italic) = rpr
            .and_then(|p| p.val("w:rStyle"))
            .map(|s| self.styles.character(s))
            .unwrap_or((false, false));
        if let Some(p) = rpr {
            if p.child("w:b").is_some() {
                bold = p.flag("w:b");
            }
            if p.child("w:i").is_some() {
                italic = p.flag("w:i");
            }
            if p.child("w:rPrChange").is_some() {
                self.format_changes += 1;
            }
            if p.flag("w:vanish") {
                self.hidden += 1;
                return Ok(());
            }
        }
        self.run_content(r, bold, italic, out)
    }

    fn run_content(
        &mut self,
        r: &Element,
        bold: bool,
        italic: bool,
        out: &mut Vec<Inline>,
    ) -> Result<()> {
        for c in r.elements() {
            let text = |t: &str| Inline::Text {
                text: t.to_string(),
                bold,
                italic,
            };
            match c.name.as_str() {
                "w:t" => self.emit(out, text(&clean(&c.own_text()))),
                "w:tab" | "w:ptab" => self.emit(out, text(" ")),
                "w:noBreakHyphen" => self.emit(out, text("-")),
                "w:br" if matches!(c.attr("w:type"), Some("page" | "column")) => {}
                "w:br" | "w:cr" => self.emit(out, Inline::Break),
                "w:footnoteReference" | "w:endnoteReference" => {
                    let key = if c.is("w:footnoteReference") {
                        "f"
                    } else {
                        "e"
                    };
                    let id = c.attr("w:id").unwrap_or_default();
                    self.emit(out, Inline::Note(format!("{key}{id}")));
                }
                "w:drawing" => self.drawing(c, out)?,
                "w:pict" => self.pict(c, out)?,
                "w:object" => {
                    let program = c.descendants().into_iter().find_map(|e| e.attr("ProgID"));
                    let what = program.map_or(String::new(), |p| format!(" ({p})"));
                    self.found(
                        Kind::EmbeddedObject,
                        format!("an embedded object{what} was left out"),
                    );
                }
                "w:sym" => {
                    let ch = c.attr("w:char").unwrap_or("?");
                    let font = c.attr("w:font").unwrap_or("a symbol font");
                    self.found(
                        Kind::Other,
                        format!("a symbol (character {ch} of {font}) was left out"),
                    );
                }
                "w:fldChar" => self.field_char(c, out),
                "w:instrText" => {
                    if let Some(f) = self.fields.last_mut() {
                        f.instr.push_str(&c.own_text());
                    }
                }
                "w:commentReference" => self.comment_at(c),
                "mc:AlternateContent" => {
                    if let Some(choice) = c.child("mc:Choice") {
                        self.run_content(choice, bold, italic, out)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Adds an inline, unless it belongs to a field: a field's instruction
    /// is not shown, a link field's text is kept for its link.
    fn emit(&mut self, out: &mut Vec<Inline>, inline: Inline) {
        match self.fields.last_mut() {
            Some(f) if !f.in_result => {}
            Some(f) if f.link.is_some() => f.buffer.push(inline),
            _ => out.push(inline),
        }
    }

    fn field_char(&mut self, c: &Element, out: &mut Vec<Inline>) {
        match c.attr("w:fldCharType") {
            Some("begin") => self.fields.push(Field {
                instr: String::new(),
                in_result: false,
                link: None,
                buffer: Vec::new(),
            }),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    f.in_result = true;
                    f.link = hyperlink_target(&f.instr);
                }
            }
            Some("end") => {
                if let Some(f) = self.fields.pop() {
                    self.count_field(&f.instr);
                    if let Some(url) = f.link {
                        self.link(url, f.buffer, out);
                    }
                }
            }
            _ => {}
        }
    }

    fn simple_field(&mut self, e: &Element, out: &mut Vec<Inline>) -> Result<()> {
        let instr = e.attr("w:instr").unwrap_or_default().to_string();
        self.count_field(&instr);
        let mut inner = Vec::new();
        self.inlines(e, &mut inner)?;
        match hyperlink_target(&instr) {
            Some(url) => self.link(url, inner, out),
            None => inner.into_iter().for_each(|i| self.emit(out, i)),
        }
        Ok(())
    }

    fn count_field(&mut self, instr: &str) {
        let kind = instr.split_whitespace().next().unwrap_or("").to_uppercase();
        // A link field becomes a link; koers numbers figures (SEQ) itself.
        if kind.is_empty() || kind == "HYPERLINK" || kind == "SEQ" {
            return;
        }
        let place = self.place.clone();
        self.field_counts.entry(kind).or_insert((0, place)).0 += 1;
    }

    fn hyperlink(&mut self, e: &Element, out: &mut Vec<Inline>) -> Result<()> {
        let mut inner = Vec::new();
        self.inlines(e, &mut inner)?;
        let rel = e.attr("r:id").and_then(|id| self.rels.get(id)).cloned();
        match rel {
            Some(rel) if rel.external => self.link(rel.target, inner, out),
            _ => {
                if let Some(anchor) = e.attr("w:anchor") {
                    let text = excerpt(&plain(&inner), 60);
                    self.found(
                        Kind::Link,
                        format!("“{text}” links to a place in the document (bookmark {anchor}); it was carried as text"),
                    );
                }
                out.extend(inner);
            }
        }
        Ok(())
    }

    /// A link to `url` around `inner`, or `inner` alone when koers does
    /// not take the address (a file on a disk, a relative path).
    fn link(&mut self, url: String, inner: Vec<Inline>, out: &mut Vec<Inline>) {
        let lower = url.to_ascii_lowercase();
        let ok = LINK_SCHEMES.iter().any(|s| lower.starts_with(s))
            && !url.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok && !inner.is_empty() {
            self.emit(
                out,
                Inline::Link {
                    url,
                    inlines: inner,
                },
            );
            return;
        }
        if !ok {
            let text = excerpt(&plain(&inner), 60);
            let url = excerpt(&url, 80);
            self.found(
                Kind::Link,
                format!(
                    "“{text}” links to “{url}”, which is not a web address; it was carried as text"
                ),
            );
        }
        inner.into_iter().for_each(|i| self.emit(out, i));
    }

    /// A tracked change, reported; the caller keeps or leaves its text.
    fn change(&mut self, e: &Element) {
        let what = match e.name.as_str() {
            "w:ins" => "inserted (kept)",
            "w:del" => "deleted (left out)",
            "w:moveTo" => "moved here (kept)",
            _ => "moved away (left out here)",
        };
        let by = e.attr("w:author").unwrap_or("someone");
        let on = e
            .attr("w:date")
            .and_then(day)
            .map_or(String::new(), |d| format!(" on {d}"));
        let text = excerpt(&e.text_of(&["w:t", "w:delText"]), 80);
        let text = if text.is_empty() {
            "(no text)".to_string()
        } else {
            format!("“{text}”")
        };
        self.found(Kind::TrackedChange, format!("{what} by {by}{on}: {text}"));
    }

    fn comment_at(&mut self, e: &Element) {
        if let Some(id) = e.attr("w:id") {
            self.comment_places
                .entry(id.to_string())
                .or_insert_with(|| self.place.clone());
        }
    }
}

/// A content control holding Word's table of contents.
fn is_toc(sdt: &Element) -> bool {
    sdt.child("w:sdtPr")
        .and_then(|p| p.find("w:docPartGallery"))
        .and_then(|g| g.attr("w:val"))
        .is_some_and(|v| v.to_ascii_lowercase().contains("table of contents"))
}

fn is_empty(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::Text { text, .. } => text.trim().is_empty(),
        Inline::Break => true,
        Inline::Link { inlines, .. } => is_empty(inlines),
        Inline::Note(_) | Inline::Image(_) => false,
    })
}

/// The web address of a `HYPERLINK "https://..."` field; None for other
/// fields and for links to a bookmark (`\l`).
fn hyperlink_target(instr: &str) -> Option<String> {
    let mut words = Vec::new();
    let mut rest = instr.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            words.push(quoted[..end].to_string());
            rest = quoted.get(end + 1..).unwrap_or("").trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            words.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    let (first, args) = words.split_first()?;
    if !first.eq_ignore_ascii_case("HYPERLINK") || args.iter().any(|a| a == "\\l") {
        return None;
    }
    args.first().filter(|a| !a.starts_with('\\')).cloned()
}

impl Reader<'_> {
    fn drawing(&mut self, d: &Element, out: &mut Vec<Inline>) -> Result<()> {
        for frame in d
            .elements()
            .filter(|e| e.is("wp:inline") || e.is("wp:anchor"))
        {
            let pr = frame.child("wp:docPr");
            let alt = pr
                .and_then(|p| p.attr("descr"))
                .map(|a| clean(a).trim().to_string());
            let decorative = pr.is_some_and(|p| {
                p.descendants().iter().any(|e| {
                    e.local() == "decorative" && matches!(e.attr("val"), Some("1" | "true"))
                })
            });
            let uri = frame
                .find("a:graphicData")
                .and_then(|g| g.attr("uri"))
                .unwrap_or("")
                .to_string();
            if let Some(blip) = frame.find("a:blip") {
                match (blip.attr("r:embed"), blip.attr("r:link")) {
                    (Some(id), _) => self.image(id, alt, decorative, out)?,
                    (None, Some(_)) => self.found(
                        Kind::Image,
                        "a linked image (kept outside the document) was left out",
                    ),
                    _ => {}
                }
            } else if let Some(text) = frame.find("w:txbxContent") {
                self.text_box(text);
            } else if uri.ends_with("/chart") {
                self.found(
                    Kind::EmbeddedObject,
                    "a chart was left out; koers draws charts from data (see docs/charts.md)",
                );
            } else if uri.ends_with("/diagram") {
                self.found(Kind::EmbeddedObject, "a SmartArt diagram was left out");
            } else {
                self.found(Kind::Other, "a drawing (shape) was left out");
            }
        }
        Ok(())
    }

    /// An old-style (VML) picture or text box.
    fn pict(&mut self, p: &Element, out: &mut Vec<Inline>) -> Result<()> {
        if let Some(text) = p.find("w:txbxContent") {
            self.text_box(text);
        } else if let Some(id) = p.find("v:imagedata").and_then(|i| i.attr("r:id")) {
            let alt = p
                .find("v:shape")
                .and_then(|s| s.attr("alt"))
                .map(|a| clean(a).trim().to_string());
            self.image(id, alt, false, out)?;
        } else {
            self.found(Kind::Other, "a drawing (VML shape) was left out");
        }
        Ok(())
    }

    fn text_box(&mut self, content: &Element) {
        let text = excerpt(&content.text_of(&["w:t"]), 80);
        self.found(Kind::TextBox, format!("a text box was left out: “{text}”"));
    }

    fn image(
        &mut self,
        id: &str,
        alt: Option<String>,
        decorative: bool,
        out: &mut Vec<Inline>,
    ) -> Result<()> {
        let target = match self.rels.get(id) {
            Some(rel) if !rel.external => rel.target.clone(),
            _ => {
                self.found(
                    Kind::Image,
                    "an image whose file is not in the document was left out",
                );
                return Ok(());
            }
        };
        let ext = target
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let Some(&(_, ext)) = IMAGE_TYPES.iter().find(|(e, _)| *e == ext) else {
            self.found(
                Kind::Image,
                format!("an image in the {} format, which browsers do not show, was left out; save it as PNG or SVG and add it to the Markdown", ext.to_uppercase()),
            );
            return Ok(());
        };
        let bytes = match self.files.get(&target) {
            Some(b) => b.clone(),
            None => match self.package.read(&target)? {
                Some(b) => {
                    self.files.insert(target.clone(), b.clone());
                    b
                }
                None => {
                    self.found(
                        Kind::Image,
                        "an image whose file is missing from the document was left out",
                    );
                    return Ok(());
                }
            },
        };
        let alt = alt.filter(|a| !a.is_empty());
        self.note_alt(alt.as_deref(), decorative);
        self.media.push(Media {
            bytes,
            ext,
            alt,
            decorative,
        });
        let index = self.media.len() - 1;
        self.emit(out, Inline::Image(index));
        Ok(())
    }

    fn note_alt(&mut self, alt: Option<&str>, decorative: bool) {
        match alt {
            _ if decorative => {}
            None => self.found(
                Kind::Image,
                "an image has no alt text; koers' lint rule image-alt will name it: write what it shows between the brackets of ![](…)",
            ),
            Some(a) => {
                let lower = a.to_lowercase();
                if lower.contains("automatisch gegenereerde beschrijving") || lower.contains("automatically generated") {
                    self.found(Kind::Image, format!("Word wrote this alt text itself; check that it says what the image shows: “{}”", excerpt(a, 80)));
                }
            }
        }
    }

    fn notes(
        &mut self,
        part: &str,
        key: &str,
        name: &str,
        notes: &mut HashMap<String, Vec<Vec<Inline>>>,
    ) -> Result<()> {
        let Some(root) = self.package.xml(part)? else {
            return Ok(());
        };
        self.rels = self.package.rels(part)?;
        for note in root.elements().filter(|e| e.is(name)) {
            let kind = note.attr("w:type").unwrap_or("normal");
            let Some(id) = note.attr("w:id").filter(|_| kind == "normal") else {
                continue;
            };
            self.place = format!("footnote {id}");
            let mut paragraphs = Vec::new();
            for p in note.elements().filter(|e| e.is("w:p")) {
                let mut inlines = Vec::new();
                self.inlines(p, &mut inlines)?;
                self.end_paragraph(&mut inlines);
                if !is_empty(&inlines) {
                    paragraphs.push(inlines);
                }
            }
            notes.insert(format!("{key}{id}"), paragraphs);
        }
        Ok(())
    }

    /// What is reported once for the whole document.
    fn finish(&mut self, comments: Option<&Element>) {
        let counts = std::mem::take(&mut self.field_counts);
        for (kind, (n, place)) in counts {
            self.place = place;
            let times = if n == 1 {
                String::new()
            } else {
                format!(" ({n} times)")
            };
            self.found(
                Kind::Field,
                format!(
                    "the field {kind}{times}: the text Word last showed was kept, not the field"
                ),
            );
        }
        self.place = "the whole document".to_string();
        if self.toc_skipped {
            self.found(
                Kind::Other,
                "Word's table of contents was left out: koers makes its own",
            );
        }
        if self.hidden > 0 {
            self.found(
                Kind::Other,
                format!("hidden text was left out ({} runs)", self.hidden),
            );
        }
        if self.format_changes > 0 {
            self.found(
                Kind::TrackedChange,
                format!(
                    "{} tracked formatting changes: the formatting reads as accepted",
                    self.format_changes
                ),
            );
        }
        for c in comments
            .into_iter()
            .flat_map(|c| c.elements().filter(|e| e.is("w:comment")))
        {
            let id = c.attr("w:id").unwrap_or_default();
            self.place = self
                .comment_places
                .get(id)
                .cloned()
                .unwrap_or_else(|| "an unknown place".to_string());
            let by = c.attr("w:author").unwrap_or("someone");
            let text = excerpt(&c.text_of(&["w:t"]), 120);
            self.found(
                Kind::Comment,
                format!("a comment by {by} was left out: “{text}”"),
            );
        }
    }

    fn table(&mut self, tbl: &Element, out: &mut Vec<Block>) -> Result<()> {
        let mut rows = Vec::new();
        for tr in children_named(tbl, "w:tr") {
            let trpr = tr.child("w:trPr");
            if let Some(change) = trpr.and_then(|p| p.child("w:del")) {
                self.change(change);
                continue;
            }
            if let Some(change) = trpr.and_then(|p| p.child("w:ins")) {
                self.change(change);
            }
            let header = trpr.is_some_and(|p| p.flag("w:tblHeader"));
            let mut cells = Vec::new();
            for tc in children_named(tr, "w:tc") {
                let span = tc
                    .child("w:tcPr")
                    .and_then(|p| p.val("w:gridSpan"))
                    .and_then(|s| s.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                cells.push(self.cell(tc)?);
                cells.extend((1..span).map(|_| Vec::new()));
            }
            rows.push(Row { header, cells });
        }
        if !rows.is_empty() {
            out.push(Block::Table(rows));
        }
        Ok(())
    }

    /// A cell's paragraphs as one line; a table inside it is flattened.
    fn cell(&mut self, tc: &Element) -> Result<Vec<Inline>> {
        let mut paragraphs = Vec::new();
        let nested = cell_paragraphs(tc, &mut paragraphs);
        if nested {
            self.found(
                Kind::Other,
                "a table inside a table cell was put into that cell as text",
            );
        }
        let mut out = Vec::new();
        for p in paragraphs {
            let mut inlines = Vec::new();
            self.inlines(p, &mut inlines)?;
            self.end_paragraph(&mut inlines);
            if !is_empty(&inlines) {
                if !out.is_empty() {
                    out.push(Inline::text(" "));
                }
                out.append(&mut inlines);
            }
        }
        Ok(out)
    }
}

/// The children named `name` (a table's `w:tr`, a row's `w:tc`), also
/// those inside content controls and custom XML.
fn children_named<'e>(parent: &'e Element, name: &str) -> Vec<&'e Element> {
    let mut out = Vec::new();
    for e in parent.elements() {
        match e.name.as_str() {
            n if n == name => out.push(e),
            "w:sdt" => out.extend(
                e.child("w:sdtContent")
                    .map(|c| children_named(c, name))
                    .unwrap_or_default(),
            ),
            "w:customXml" => out.extend(children_named(e, name)),
            _ => {}
        }
    }
    out
}

/// The paragraphs of a cell, in order, through nested tables and content
/// controls; true when a nested table was found.
fn cell_paragraphs<'e>(e: &'e Element, out: &mut Vec<&'e Element>) -> bool {
    let mut nested = false;
    for c in e.elements() {
        match c.name.as_str() {
            "w:p" => out.push(c),
            "w:tbl" => {
                nested = true;
                cell_paragraphs(c, out);
            }
            "w:tr" | "w:tc" | "w:sdt" | "w:sdtContent" | "w:customXml" | "w:ins" => {
                nested |= cell_paragraphs(c, out);
            }
            _ => {}
        }
    }
    nested
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_fields_give_their_address() {
        assert_eq!(
            hyperlink_target(r#" HYPERLINK "https://www.flevoland.nl/" \o "Site" "#).as_deref(),
            Some("https://www.flevoland.nl/")
        );
        assert_eq!(hyperlink_target(r#"HYPERLINK \l "_Toc1""#), None);
        assert_eq!(hyperlink_target("PAGE"), None);
        assert_eq!(
            hyperlink_target("HYPERLINK \"unclosed"),
            Some("unclosed".to_string())
        );
    }

    #[test]
    fn dates_are_days_or_nothing() {
        assert_eq!(day("2021-06-15T16:30:00Z").as_deref(), Some("2021-06-15"));
        assert_eq!(day("gisteren"), None);
        assert_eq!(day("2021-6-15"), None);
        assert_eq!(day("é"), None);
    }

    #[test]
    fn control_characters_are_left_out() {
        assert_eq!(clean("a\tb\u{7}c\u{85}d\u{feff}"), "a bcd");
    }
}
