//! From the document's blocks to koers' files: the introduction in
//! `index.md` with the front matter the core properties give, a chapter
//! file per top-level heading (`01-inleiding.md`), numbered as the
//! document numbers it, and the images.

use super::markdown::{self, Rendered};
use super::model::{excerpt, plain, Block, Document, Finding, Inline, Kind, Style};
use crate::model::chapter::{ChapterNumber, Numbering};

/// A file to write into the publication's folder: a plain file name made
/// by koers (never a path from the document) and its bytes.
#[derive(Debug)]
pub(super) struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the import writes and what it has to say about it.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub files: Vec<OutFile>,
    pub findings: Vec<Finding>,
    /// Front matter fields the build needs that the document does not give.
    pub missing: Vec<&'static str>,
    pub chapters: usize,
    pub images: usize,
}

/// Titles of front and back matter: no chapter number (compared in lower
/// case, without a trailing colon).
const UNNUMBERED: &[&str] = &[
    "voorwoord",
    "woord vooraf",
    "samenvatting",
    "managementsamenvatting",
    "bestuurlijke samenvatting",
    "leeswijzer",
    "colofon",
    "nawoord",
    "dankwoord",
    "verantwoording",
    "literatuur",
    "literatuurlijst",
    "bronnen",
    "bronnenlijst",
    "begrippenlijst",
    "afkortingen",
    "afkortingenlijst",
    "lijst van afkortingen",
    "foreword",
    "preface",
    "summary",
    "colophon",
];

/// Titles of Word's own table of contents, which koers makes itself.
const CONTENTS: &[&str] = &["inhoud", "inhoudsopgave", "contents", "table of contents"];

/// Words that start an appendix's title (`Bijlage 1: Ramingen`).
const APPENDIX: &[&str] = &["bijlagen", "bijlage", "appendices", "appendix", "annex"];

/// The publication types, for the hint in index.md.
const TYPES: &str = "visie, strategie, programmaplan, voortgangsrapportage, mededeling or overig";

/// A top-level heading read for its number.
#[derive(Debug, PartialEq, Eq)]
struct Heading {
    title: String,
    appendix: bool,
    /// The document shows a number before it (in its text or by Word's
    /// list numbering).
    numbered: bool,
    /// The number in its text ("3. Visie" -> 3).
    number: Option<u32>,
}

struct Chapter<'b> {
    heading: Heading,
    numbering: Numbering,
    blocks: &'b [Block],
    file: String,
}

pub(super) fn plan(mut doc: Document) -> Plan {
    let mut plan = Plan::default();
    let (title_par, subtitle) = take_titles(&mut doc.blocks);
    let base = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let (intro, chapters) = split(&doc.blocks, base, &mut plan.findings);
    let chapters = number(chapters, &mut plan.findings);
    let mut images = Vec::new();
    for ch in &chapters {
        let stem = ch.file.trim_end_matches(".md");
        let place = format!("“{}”", excerpt(&ch.heading.title, 60));
        let rendered = markdown::section(&doc, ch.blocks, base, stem, &place);
        let mut text = front_matter_of_chapter(ch);
        text.push_str(&rendered.body);
        plan.files.push(OutFile {
            name: ch.file.clone(),
            bytes: text.into_bytes(),
        });
        collect(&mut plan, &mut images, rendered);
    }
    let rendered = markdown::section(&doc, intro, base, "index", "the introduction");
    let files: Vec<String> = chapters.iter().map(|c| c.file.clone()).collect();
    let title = title_of(&doc, title_par, &mut plan.findings);
    let (mut text, missing) = front_matter_of_index(&doc, title, subtitle, &files);
    text.push_str(&rendered.body);
    plan.files.insert(
        0,
        OutFile {
            name: "index.md".to_string(),
            bytes: text.into_bytes(),
        },
    );
    collect(&mut plan, &mut images, rendered);
    plan.missing = missing;
    plan.chapters = chapters.len();
    plan.images = images.len();
    for (ix, name) in images {
        if let Some(media) = doc.media.get(ix) {
            plan.files.push(OutFile {
                name,
                bytes: media.bytes.clone(),
            });
        }
    }
    plan.findings.splice(0..0, doc.findings);
    plan
}

fn collect(plan: &mut Plan, images: &mut Vec<(usize, String)>, rendered: Rendered) {
    images.extend(rendered.images);
    plan.findings.extend(rendered.findings);
}

/// Takes the first paragraphs in the Title and Subtitle styles out of the
/// text: they are the publication's title and subtitle.
fn take_titles(blocks: &mut Vec<Block>) -> (Option<String>, Option<String>) {
    let mut take = |wanted: Style| {
        let at = blocks
            .iter()
            .position(|b| matches!(b, Block::Paragraph { style, .. } if *style == wanted))?;
        match blocks.remove(at) {
            Block::Paragraph { inlines, .. } => Some(one_line(&inlines)),
            _ => None,
        }
    };
    let title = take(Style::Title);
    let subtitle = take(Style::Subtitle);
    (
        title.filter(|t| !t.is_empty()),
        subtitle.filter(|t| !t.is_empty()),
    )
}

fn one_line(inlines: &[Inline]) -> String {
    plain(inlines)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The title: the core properties', else the Title paragraph's; none
/// when the document gives neither.
fn title_of(
    doc: &Document,
    paragraph: Option<String>,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    match (&doc.props.title, paragraph) {
        (Some(prop), Some(par)) if *prop != par => {
            findings.push(Finding {
                kind: Kind::Other,
                place: "the title".to_string(),
                detail: format!(
                    "the document's properties give the title “{prop}”, its first page “{par}”; koers took the properties' (File > Info > Properties in Word); change `title:` in index.md if the page is right"
                ),
            });
            Some(prop.clone())
        }
        (Some(prop), _) => Some(prop.clone()),
        (None, par) => par,
    }
}

/// The introduction (before the first top-level heading) and the
/// chapters: each top-level heading with the blocks up to the next.
fn split<'b>(
    blocks: &'b [Block],
    base: usize,
    findings: &mut Vec<Finding>,
) -> (&'b [Block], Vec<(Heading, &'b [Block])>) {
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Heading { level, .. } if *level == base))
        .map(|(i, _)| i)
        .collect();
    let intro = &blocks[..starts.first().copied().unwrap_or(blocks.len())];
    let mut chapters = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(blocks.len());
        let Block::Heading {
            inlines,
            list_numbered,
            ..
        } = &blocks[start]
        else {
            continue;
        };
        let heading = read_heading(&one_line(inlines), *list_numbered);
        let body = &blocks[start + 1..end];
        if body.is_empty() && CONTENTS.contains(&heading.title.to_lowercase().trim_end_matches(':'))
        {
            findings.push(Finding {
                kind: Kind::Other,
                place: format!("“{}”", heading.title),
                detail: "the heading of Word's table of contents was left out: koers makes its own"
                    .to_string(),
            });
            continue;
        }
        chapters.push((heading, body));
    }
    (intro, chapters)
}

/// Reads a chapter heading: "3. Visie" is numbered 3, "Bijlage 1: Ramingen"
/// an appendix titled "Ramingen", "Voorwoord" front matter.
fn read_heading(text: &str, list_numbered: bool) -> Heading {
    if let Some(title) = appendix_title(text) {
        return Heading {
            title,
            appendix: true,
            numbered: true,
            number: None,
        };
    }
    let (number, title) = leading_number(text);
    Heading {
        title: title.to_string(),
        appendix: false,
        numbered: number.is_some() || list_numbered,
        number,
    }
}

/// The title of an appendix without its word and label: "Bijlage 1:
/// Ramingen" -> "Ramingen", "Bijlagen" -> "Bijlagen"; None for any other
/// heading.
fn appendix_title(text: &str) -> Option<String> {
    const SEPARATORS: [char; 6] = [':', '.', ' ', '\u{a0}', '\u{2013}', '-'];
    let text = text.trim();
    let rest = APPENDIX.iter().find_map(|word| {
        let rest = text.get(word.len()..)?;
        let head = text.get(..word.len())?;
        (head.eq_ignore_ascii_case(word) && (rest.is_empty() || rest.starts_with(SEPARATORS)))
            .then_some(rest)
    })?;
    let rest = rest.trim_start_matches([' ', '\u{a0}']);
    let label_len = rest.find(SEPARATORS).unwrap_or(rest.len());
    let label = &rest[..label_len];
    let is_label = (1..=3).contains(&label.len()) && label.chars().all(|c| c.is_ascii_digit())
        || (label.len() == 1 && label.chars().all(|c| c.is_ascii_uppercase()))
        || (1..=4).contains(&label.len()) && label.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let title = if is_label { &rest[label_len..] } else { rest };
    let title = title.trim_start_matches(SEPARATORS).trim();
    Some(if title.is_empty() {
        text.to_string()
    } else {
        title.to_string()
    })
}

/// "3. Visie", "3) Visie", "3: Visie", "Hoofdstuk 3 Visie" -> (3, "Visie").
/// A number without a sign after it is part of the title ("10 jaar").
fn leading_number(text: &str) -> (Option<u32>, &str) {
    let text = text.trim();
    let (rest, chapter_word) = match text
        .get(..10)
        .filter(|p| p.eq_ignore_ascii_case("hoofdstuk "))
    {
        Some(_) => (text[10..].trim_start(), true),
        None => (text, false),
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return (None, text);
    }
    let after = &rest[digits..];
    let sign = after.starts_with(['.', ')', ':', '\t']);
    if !sign && !chapter_word {
        return (None, text);
    }
    let title = after
        .trim_start_matches(['.', ')', ':', '\t', ' ', '\u{a0}', '–', '-'])
        .trim();
    if title.is_empty() {
        return (None, text);
    }
    (rest[..digits].parse().ok(), title)
}

/// Chooses each chapter's numbering and file name; reports where the
/// document's numbers differ from the ones koers will show.
fn number<'b>(
    chapters: Vec<(Heading, &'b [Block])>,
    findings: &mut Vec<Finding>,
) -> Vec<Chapter<'b>> {
    let any_numbered = chapters.iter().any(|(h, _)| h.numbered && !h.appendix);
    let kinds: Vec<Numbering> = chapters
        .iter()
        .map(|(h, _)| {
            let word = h.title.to_lowercase();
            if h.appendix {
                Numbering::Appendix
            } else if h.numbered {
                Numbering::Numbered
            } else if UNNUMBERED.contains(&word.trim_end_matches(':')) || any_numbered {
                Numbering::Unnumbered
            } else {
                Numbering::Numbered
            }
        })
        .collect();
    let numbers = ChapterNumber::assign(kinds.iter().copied());
    let width = chapters.len().to_string().len().max(2);
    let mut used = Vec::new();
    let mut out = Vec::new();
    for (i, ((heading, blocks), numbering)) in chapters.into_iter().zip(kinds).enumerate() {
        if let (Some(doc_number), Some(ChapterNumber::Numbered(n))) =
            (heading.number, numbers.get(i))
        {
            if doc_number != *n {
                findings.push(Finding {
                    kind: Kind::Other,
                    place: format!("“{}”", heading.title),
                    detail: format!("the document numbers this chapter {doc_number}; koers numbers it {n}, counting the numbered chapters in reading order"),
                });
            }
        }
        let slug = unique(slug_of(&heading.title), &mut used);
        let file = format!("{:0width$}-{slug}.md", i + 1);
        out.push(Chapter {
            heading,
            numbering,
            blocks,
            file,
        });
    }
    out
}

/// A slug for a file name: at most 60 characters, cut at a hyphen.
fn slug_of(title: &str) -> String {
    let slug = slug::slugify(title);
    let mut cut = slug.as_str();
    if cut.len() > 60 {
        cut = &cut[..60];
        if let Some(at) = cut.rfind('-') {
            cut = &cut[..at];
        }
    }
    if cut.is_empty() {
        "hoofdstuk".to_string()
    } else {
        cut.to_string()
    }
}

fn unique(slug: String, used: &mut Vec<String>) -> String {
    let mut candidate = slug.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{slug}-{n}");
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

/// A YAML string in double quotes.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn front_matter_of_chapter(ch: &Chapter) -> String {
    let mut out = format!("---\ntitle: {}\n", quoted(&ch.heading.title));
    match ch.numbering {
        Numbering::Numbered => {}
        Numbering::Unnumbered => out.push_str("numbering: unnumbered\n"),
        Numbering::Appendix => out.push_str("numbering: appendix\n"),
    }
    out.push_str("---\n");
    out
}

/// index.md's front matter, and the required fields it leaves out.
fn front_matter_of_index(
    doc: &Document,
    title: Option<String>,
    subtitle: Option<String>,
    chapters: &[String],
) -> (String, Vec<&'static str>) {
    let mut missing = Vec::new();
    let mut out = String::from("---\n");
    match &title {
        Some(t) => out.push_str(&format!("title: {}\n", quoted(t))),
        None => {
            missing.push("title");
            out.push_str(
                "# title: required; the Word document has none (File > Info > Properties)\n",
            );
        }
    }
    missing.push("type");
    out.push_str(&format!(
        "# type: required; the Word document does not say it: {TYPES}\n"
    ));
    if let Some(s) = &subtitle {
        out.push_str(&format!("subtitle: {}\n", quoted(s)));
    }
    if let Some(a) = &doc.props.creator {
        out.push_str(&format!("author: {}\n", quoted(a)));
    }
    if let Some(d) = &doc.props.created {
        out.push_str(&format!(
            "dates:\n  drafted: {d}   # the day the Word document was created\n"
        ));
    }
    if let Some(d) = &doc.props.modified {
        out.push_str(&format!("# The Word document was last saved on {d}.\n"));
    }
    if !chapters.is_empty() {
        out.push_str("chapters:\n");
        for c in chapters {
            out.push_str(&format!("  - {c}\n"));
        }
    }
    out.push_str("---\n");
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(title: &str, appendix: bool, numbered: bool, number: Option<u32>) -> Heading {
        Heading {
            title: title.to_string(),
            appendix,
            numbered,
            number,
        }
    }

    #[test]
    fn headings_are_read_for_their_number() {
        assert_eq!(
            read_heading("1. Inleiding", false),
            h("Inleiding", false, true, Some(1))
        );
        assert_eq!(
            read_heading("Hoofdstuk 2 Visie", false),
            h("Visie", false, true, Some(2))
        );
        assert_eq!(
            read_heading("3) Kosten", false),
            h("Kosten", false, true, Some(3))
        );
        assert_eq!(
            read_heading("10 jaar digitalisering", false),
            h("10 jaar digitalisering", false, false, None)
        );
        assert_eq!(
            read_heading("2030: de visie", false),
            h("2030: de visie", false, false, None)
        );
        assert_eq!(
            read_heading("Inleiding", true),
            h("Inleiding", false, true, None)
        );
        assert_eq!(
            read_heading("Bijlage 1: Financiële ramingen", false),
            h("Financiële ramingen", true, true, None)
        );
        assert_eq!(
            read_heading("Bijlage A – Begrippen", false),
            h("Begrippen", true, true, None)
        );
        assert_eq!(
            read_heading("Bijlagen", false),
            h("Bijlagen", true, true, None)
        );
        assert_eq!(
            read_heading("Bijlage bij de begroting", false),
            h("bij de begroting", true, true, None)
        );
        assert_eq!(
            read_heading("Bijlagenoverzicht", false),
            h("Bijlagenoverzicht", false, false, None)
        );
    }

    #[test]
    fn front_matter_is_unnumbered_and_a_numbered_document_numbers_only_its_numbered_chapters() {
        let kinds = |titles: &[(&str, bool)]| {
            let chapters = titles
                .iter()
                .map(|(t, l)| (read_heading(t, *l), &[][..]))
                .collect();
            number(chapters, &mut Vec::new())
                .iter()
                .map(|c| c.numbering)
                .collect::<Vec<_>>()
        };
        use Numbering::*;
        assert_eq!(
            kinds(&[
                ("Voorwoord", false),
                ("Inleiding", false),
                ("Bijlage 1: X", false),
                ("Colofon", false)
            ]),
            [Unnumbered, Numbered, Appendix, Unnumbered]
        );
        assert_eq!(
            kinds(&[("Inleiding", true), ("Visie", true), ("Tot slot", false)]),
            [Numbered, Numbered, Unnumbered]
        );
    }

    #[test]
    fn file_names_are_numbered_unique_slugs() {
        let chapters = vec![
            (read_heading("1. Inleiding", false), &[][..]),
            (read_heading("2. Inleiding", false), &[][..]),
        ];
        let files: Vec<String> = number(chapters, &mut Vec::new())
            .into_iter()
            .map(|c| c.file)
            .collect();
        assert_eq!(files, ["01-inleiding.md", "02-inleiding-2.md"]);
        assert_eq!(slug_of("???"), "hoofdstuk");
        assert!(slug_of(&"lang ".repeat(40)).len() <= 60);
    }

    #[test]
    fn yaml_strings_are_quoted() {
        assert_eq!(
            quoted(r#"Visie "2030" \ x: y # z"#),
            r#""Visie \"2030\" \\ x: y # z""#
        );
    }
}
