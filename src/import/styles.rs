//! Paragraph and character styles (word/styles.xml) and list numbering
//! (word/numbering.xml): what a style id means, whether a list is
//! numbered or bulleted.
//!
//! Styles are recognised by their name, not their id: Word writes the
//! built-in names in English (`heading 1`) whatever the language of the
//! interface, while the ids are translated (`Kop1`).

use super::xml::Element;
use std::collections::HashMap;

/// How many `basedOn` steps are followed (a loop in the styles stops here).
const MAX_CHAIN: usize = 16;

#[derive(Debug, Default)]
struct StyleDef {
    /// The name in lower case.
    name: String,
    based_on: Option<String>,
    num: Option<NumRef>,
    outline: Option<usize>,
    bold: Option<bool>,
    italic: Option<bool>,
}

/// A list numbering reference: `w:numId` and the level `w:ilvl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NumRef {
    pub id: String,
    pub level: usize,
}

/// What a paragraph style makes of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Normal,
    Heading(usize),
    Title,
    Subtitle,
    Quote,
    Caption,
    /// An entry of Word's table of contents (`toc 1`): koers makes its own.
    Toc,
}

/// A paragraph style resolved along its `basedOn` chain.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub role: Role,
    pub num: Option<NumRef>,
    /// `List Bullet 2` is a list's second level by its name.
    pub list_level: usize,
}

#[derive(Debug, Default)]
pub(super) struct Styles {
    defs: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
}

impl Styles {
    pub fn read(root: Option<&Element>) -> Styles {
        let mut styles = Styles::default();
        let Some(root) = root else { return styles };
        for s in root.elements().filter(|e| e.is("w:style")) {
            let Some(id) = s.attr("w:styleId") else {
                continue;
            };
            if s.attr("w:type") == Some("paragraph")
                && s.attr("w:default").is_some_and(|d| d == "1" || d == "true")
            {
                styles.default_paragraph = Some(id.to_string());
            }
            let ppr = s.child("w:pPr");
            let rpr = s.child("w:rPr");
            let def = StyleDef {
                name: s.val("w:name").unwrap_or(id).trim().to_lowercase(),
                based_on: s.val("w:basedOn").map(str::to_string),
                num: ppr.and_then(num_ref),
                outline: ppr.and_then(outline_level),
                bold: rpr
                    .filter(|r| r.child("w:b").is_some())
                    .map(|r| r.flag("w:b")),
                italic: rpr
                    .filter(|r| r.child("w:i").is_some())
                    .map(|r| r.flag("w:i")),
            };
            styles.defs.insert(id.to_string(), def);
        }
        styles
    }

    /// The chain of a style id: itself, then what it is based on.
    fn chain(&self, id: Option<&str>) -> Vec<&StyleDef> {
        let mut out = Vec::new();
        let mut next = id.or(self.default_paragraph.as_deref());
        while let Some(id) = next {
            let Some(def) = self.defs.get(id) else { break };
            out.push(def);
            if out.len() >= MAX_CHAIN {
                break;
            }
            next = def.based_on.as_deref();
        }
        out
    }

    pub fn paragraph(&self, id: Option<&str>) -> Resolved {
        let chain = self.chain(id);
        let role = chain
            .iter()
            .find_map(|d| role_of(&d.name))
            .or_else(|| chain.iter().find_map(|d| d.outline).map(Role::Heading))
            .unwrap_or(Role::Normal);
        let num = chain.iter().find_map(|d| d.num.clone());
        let list_level = chain
            .iter()
            .find_map(|d| list_level_of(&d.name))
            .unwrap_or(0);
        Resolved {
            role,
            num,
            list_level,
        }
    }

    /// Bold and italic of a character style (`Strong`, `Emphasis`, or a
    /// style of the document's own with bold or italic set).
    pub fn character(&self, id: &str) -> (bool, bool) {
        let chain = self.chain(Some(id));
        let named = |n: &str| chain.iter().any(|d| d.name == n);
        let bold = chain.iter().find_map(|d| d.bold).unwrap_or(false) || named("strong");
        let italic = chain.iter().find_map(|d| d.italic).unwrap_or(false) || named("emphasis");
        (bold, italic)
    }
}

fn role_of(name: &str) -> Option<Role> {
    if let Some(n) = name.strip_prefix("heading ") {
        return n
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=9).contains(n))
            .map(Role::Heading);
    }
    if name.starts_with("toc ") || name == "toc heading" {
        return Some(Role::Toc);
    }
    match name {
        "title" => Some(Role::Title),
        "subtitle" => Some(Role::Subtitle),
        "quote" | "intense quote" => Some(Role::Quote),
        "caption" => Some(Role::Caption),
        _ => None,
    }
}

/// `list bullet 2` -> 1: the second level of a list by the style's name.
fn list_level_of(name: &str) -> Option<usize> {
    let rest = name
        .strip_prefix("list bullet")
        .or_else(|| name.strip_prefix("list number"))?;
    let n = rest.trim();
    if n.is_empty() {
        return Some(0);
    }
    n.parse::<usize>()
        .ok()
        .filter(|n| (1..=9).contains(n))
        .map(|n| n - 1)
}

/// The `w:numPr` of a `w:pPr`; `w:numId` 0 means "no numbering" and is
/// kept, so that it overrides the style's.
pub(super) fn num_ref(ppr: &Element) -> Option<NumRef> {
    let num = ppr.child("w:numPr")?;
    let id = num.val("w:numId")?.to_string();
    let level = num.val("w:ilvl").and_then(|l| l.parse().ok()).unwrap_or(0);
    Some(NumRef { id, level })
}

/// A paragraph's outline level as a heading level (`w:outlineLvl` 0 is
/// level 1; 9 is body text).
pub(super) fn outline_level(ppr: &Element) -> Option<usize> {
    let lvl: usize = ppr.val("w:outlineLvl")?.parse().ok()?;
    (lvl < 9).then_some(lvl + 1)
}

/// The number formats of the document's lists.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// `w:numId` -> `w:abstractNumId`.
    nums: HashMap<String, String>,
    /// (`w:numId`, level) -> the format of a level override.
    overrides: HashMap<(String, usize), String>,
    /// (`w:abstractNumId`, level) -> `w:numFmt` (`bullet`, `decimal`...).
    formats: HashMap<(String, usize), String>,
}

impl Numbering {
    pub fn read(root: Option<&Element>) -> Numbering {
        let mut out = Numbering::default();
        let Some(root) = root else { return out };
        for e in root.elements() {
            if e.is("w:abstractNum") {
                let Some(id) = e.attr("w:abstractNumId") else {
                    continue;
                };
                for (level, format) in levels(e) {
                    out.formats.insert((id.to_string(), level), format);
                }
            } else if e.is("w:num") {
                let (Some(id), Some(abs)) = (e.attr("w:numId"), e.val("w:abstractNumId")) else {
                    continue;
                };
                out.nums.insert(id.to_string(), abs.to_string());
                for o in e.elements().filter(|o| o.is("w:lvlOverride")) {
                    for (level, format) in o
                        .elements()
                        .filter(|l| l.is("w:lvl"))
                        .flat_map(|l| levels_of(l, o))
                    {
                        out.overrides.insert((id.to_string(), level), format);
                    }
                }
            }
        }
        out
    }

    /// Whether the list `num` shows numbers (or letters) rather than
    /// bullets; None when it shows nothing (`w:numId` 0, format `none`).
    pub fn ordered(&self, num: &NumRef) -> Option<bool> {
        if num.id == "0" {
            return None;
        }
        let format = self
            .overrides
            .get(&(num.id.clone(), num.level))
            .or_else(|| {
                let abs = self.nums.get(&num.id)?;
                self.formats.get(&(abs.clone(), num.level))
            })
            .map(String::as_str);
        match format {
            Some("none") => None,
            Some("bullet") | None => Some(false),
            Some(_) => Some(true),
        }
    }
}

fn levels(abstract_num: &Element) -> Vec<(usize, String)> {
    abstract_num
        .elements()
        .filter(|l| l.is("w:lvl"))
        .flat_map(|l| levels_of(l, l))
        .collect()
}

/// The level and format of a `w:lvl` (its `w:ilvl` may stand on the
/// override around it).
fn levels_of(lvl: &Element, holder: &Element) -> Option<(usize, String)> {
    let level = lvl.attr("w:ilvl").or(holder.attr("w:ilvl"))?.parse().ok()?;
    Some((level, lvl.val("w:numFmt").unwrap_or("decimal").to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml::parse;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn styles_are_known_by_name_along_their_chain() {
        let xml = format!(
            r#"<w:styles {W}>
            <w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:basedOn w:val="Standaard"/>
              <w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="EigenKop"><w:name w:val="Kop provincie"/><w:basedOn w:val="Kop1"/></w:style>
            <w:style w:type="paragraph" w:styleId="Lijst2"><w:name w:val="List Bullet 2"/></w:style>
            <w:style w:type="character" w:styleId="Zwaar"><w:name w:val="Strong"/></w:style>
            <w:style w:type="paragraph" w:styleId="Lus"><w:name w:val="Lus"/><w:basedOn w:val="Lus"/></w:style>
            </w:styles>"#
        );
        let styles = Styles::read(Some(&parse(&xml).expect("xml")));
        let own = styles.paragraph(Some("EigenKop"));
        assert_eq!(own.role, Role::Heading(1));
        assert_eq!(
            own.num,
            Some(NumRef {
                id: "4".into(),
                level: 0
            })
        );
        assert_eq!(styles.paragraph(None).role, Role::Normal);
        assert_eq!(styles.paragraph(Some("Lijst2")).list_level, 1);
        assert_eq!(styles.character("Zwaar"), (true, false));
        assert_eq!(styles.paragraph(Some("Lus")).role, Role::Normal);
    }

    #[test]
    fn list_formats_say_bullet_or_number() {
        let xml = format!(
            r#"<w:numbering {W}>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>
              <w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>
            <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="1"/>
              <w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:lvlOverride></w:num>
            </w:numbering>"#
        );
        let n = Numbering::read(Some(&parse(&xml).expect("xml")));
        let r = |id: &str, level| NumRef {
            id: id.into(),
            level,
        };
        assert_eq!(n.ordered(&r("3", 0)), Some(false));
        assert_eq!(n.ordered(&r("3", 1)), Some(true));
        assert_eq!(n.ordered(&r("4", 0)), Some(true));
        assert_eq!(n.ordered(&r("0", 0)), None);
        assert_eq!(n.ordered(&r("99", 0)), Some(false));
    }
}
