//! The XML parts of a Word document read into a small tree.
//!
//! Names are written with a fixed prefix per namespace (`w:p`, `r:id`,
//! `wp:docPr`), whatever prefix the document declared, so the reader can
//! match them as text. The tree is built without recursion, and nesting
//! deeper than any real document is refused.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// Deeper nesting than this is refused (Word nests about 20 deep; a table
/// in a table in a table stays far below it).
const MAX_DEPTH: usize = 256;

/// The prefix koers uses for each namespace a Word document uses: the
/// transitional URIs and those of strict OOXML.
const NAMESPACES: &[(&str, &str)] = &[
    (
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "w",
    ),
    ("http://purl.oclc.org/ooxml/wordprocessingml/main", "w"),
    (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "r",
    ),
    (
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
        "r",
    ),
    (
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "wp",
    ),
    (
        "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
        "wp",
    ),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "a"),
    ("http://purl.oclc.org/ooxml/drawingml/main", "a"),
    (
        "http://schemas.openxmlformats.org/drawingml/2006/picture",
        "pic",
    ),
    ("http://purl.oclc.org/ooxml/drawingml/picture", "pic"),
    (
        "http://schemas.openxmlformats.org/officeDocument/2006/math",
        "m",
    ),
    ("http://purl.oclc.org/ooxml/officeDocument/math", "m"),
    (
        "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "mc",
    ),
    ("urn:schemas-microsoft-com:vml", "v"),
    ("urn:schemas-microsoft-com:office:office", "o"),
    (
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "wps",
    ),
    (
        "http://schemas.openxmlformats.org/package/2006/relationships",
        "rel",
    ),
    (
        "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "cp",
    ),
    ("http://purl.org/dc/elements/1.1/", "dc"),
    ("http://purl.org/dc/terms/", "dcterms"),
];

/// An element: its name (`w:p`), attributes (`w:val`, or `descr` without
/// a namespace) and children.
#[derive(Debug, Default)]
pub(super) struct Element {
    pub name: String,
    attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub(super) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn is(&self, name: &str) -> bool {
        self.name == name
    }

    /// The name without its prefix (`decorative` of `adec:decorative`).
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(name))
    }

    /// The `w:val` of the child `name`, the usual form of a Word property.
    pub fn val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("w:val"))
    }

    /// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
    pub fn flag(&self, name: &str) -> bool {
        self.child(name)
            .is_some_and(|c| !matches!(c.attr("w:val"), Some("0" | "false" | "off")))
    }

    /// Every element below this one (not itself), depth first, in order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.elements().collect();
        stack.reverse();
        while let Some(e) = stack.pop() {
            out.push(e);
            let at = stack.len();
            stack.extend(e.elements());
            stack[at..].reverse();
        }
        out
    }

    /// The first element below this one named `name`.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.descendants().into_iter().find(|e| e.is(name))
    }

    /// The text directly inside this element.
    pub fn own_text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            if let Node::Text(t) = node {
                out.push_str(t);
            }
        }
        out
    }

    /// The text of every element named one of `names` below this one,
    /// joined (`w:t` for a run's text, `w:delText` for deleted text).
    pub fn text_of(&self, names: &[&str]) -> String {
        let mut out = String::new();
        for e in self.descendants() {
            if names.contains(&e.name.as_str()) {
                out.push_str(&e.own_text());
            }
        }
        out
    }
}

/// Parses an XML part; the error says what is wrong, without the part's name.
pub(super) fn parse(text: &str) -> Result<Element, String> {
    let mut reader = NsReader::from_str(text.trim_start_matches('\u{feff}'));
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|e| e.to_string())?;
        let prefix = prefix_of(&ns);
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements are nested more than {MAX_DEPTH} deep"));
                }
                stack.push(element(&reader, prefix, &e)?);
            }
            Event::Empty(e) => {
                let el = element(&reader, prefix, &e)?;
                add(&mut stack, &mut root, Node::Element(el));
            }
            Event::End(_) => {
                if let Some(el) = stack.pop() {
                    add(&mut stack, &mut root, Node::Element(el));
                }
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| e.to_string())?;
                add_text(&mut stack, &text);
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| e.to_string())?;
                add_text(&mut stack, &text);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_xml_entity(&name)
                            .ok_or_else(|| format!("the entity &{name}; is not defined"))?
                            .to_string()
                    }
                };
                add_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.ok_or_else(|| "it has no root element".to_string())
}

fn prefix_of(ns: &ResolveResult) -> &'static str {
    match ns {
        ResolveResult::Bound(uri) => NAMESPACES
            .iter()
            .find(|(u, _)| u.as_bytes() == uri.as_ref())
            .map_or("?", |(_, p)| p),
        ResolveResult::Unbound => "",
        ResolveResult::Unknown(_) => "?",
    }
}

fn qualified(prefix: &str, local: &[u8]) -> String {
    let local = String::from_utf8_lossy(local);
    if prefix.is_empty() {
        local.into_owned()
    } else {
        format!("{prefix}:{local}")
    }
}

fn element(reader: &NsReader<&[u8]>, prefix: &str, e: &BytesStart) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|e| e.to_string())?;
        let (ns, local) = reader.resolver().resolve_attribute(attr.key);
        let name = qualified(prefix_of(&ns), local.as_ref());
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attrs.push((name, value.into_owned()));
    }
    Ok(Element {
        name: qualified(prefix, e.local_name().as_ref()),
        attrs,
        children: Vec::new(),
    })
}

fn add(stack: &mut [Element], root: &mut Option<Element>, node: Node) {
    match (stack.last_mut(), node) {
        (Some(parent), node) => parent.children.push(node),
        (None, Node::Element(el)) => *root = Some(el),
        (None, Node::Text(_)) => {}
    }
}

fn add_text(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        if let Some(Node::Text(last)) = parent.children.last_mut() {
            last.push_str(text);
        } else {
            parent.children.push(Node::Text(text.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_get_the_fixed_prefix_whatever_the_document_declared() {
        let xml = r#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            xmlns:q="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <x:body><x:p><x:hyperlink q:id="rId1"><x:r><x:t>a &amp; b&#233;</x:t></x:r></x:hyperlink></x:p></x:body></x:document>"#;
        let doc = parse(xml).expect("parses");
        assert!(doc.is("w:document"));
        let link = doc.find("w:hyperlink").expect("a link");
        assert_eq!(link.attr("r:id"), Some("rId1"));
        assert_eq!(link.text_of(&["w:t"]), "a & bé");
    }

    #[test]
    fn deep_nesting_and_broken_xml_are_errors() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().contains("nested"));
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<a>&bomb;</a>").is_err());
    }
}
