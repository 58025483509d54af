//! Links that one Markdown text cannot check alone: anchors (`#kop`,
//! `../stories/x.md#kop`) and paths from the site's root (`/x/`,
//! `/data/plan.pdf`). They are checked against the whole build: the
//! headings of every text, the ids the theme's templates write, and every
//! URL and file of the site. A broken one is an error at its line.
//!
//! Only texts that hold such a link are read again, so a site without
//! them pays almost nothing.

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::{Markdown, Site};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// Checks the anchors and site paths of every text of `site`.
/// `page_ids` are the ids a page has besides its text (the theme's).
pub fn check(site: &Site, page_ids: &HashSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let texts = texts(site);
    let by_rel: HashMap<&str, &Markdown> = texts
        .iter()
        .filter(|(_, own)| *own)
        .map(|(md, _)| (md.rel.as_str(), *md))
        .collect();
    let paths = site_paths(site);
    let mut headings: HashMap<&str, HashSet<String>> = HashMap::new();
    for (md, own_page) in &texts {
        if !may_hold_such_links(&md.text) {
            continue;
        }
        let own = read(&md.text);
        for link in &own.links {
            let pos = Position::new(md.line + link.line, link.column);
            let problem = match link.dest.split_once('#') {
                _ if is_external(&link.dest) => None,
                Some(("", frag)) if *own_page => missing_anchor(frag, &own.ids, page_ids, site)
                    .then(|| {
                        (
                            format!(
                                "the link `{}` goes to no heading or note of this page",
                                link.dest
                            ),
                            ids_help(&own.ids),
                        )
                    }),
                Some(("", _)) => None,
                _ if link.dest.starts_with('/') => {
                    let path = link.dest.split(['#', '?']).next().unwrap_or("");
                    (!paths.contains(path) && !in_open_folder(path)).then(|| {
                        (
                            format!("the link `{}` goes to no page or file of this site", link.dest),
                            "a path from the site's root must be a page (/verhalen/e-facturen/) or a file of the content folder (/data/plan.pdf); link to content files by their path (../stories/e-facturen.md) to be safe from URL changes".to_string(),
                        )
                    })
                }
                Some((file, frag)) if file.ends_with(".md") && !frag.is_empty() => {
                    let Some(target) = content_file(&md.rel, file, &by_rel) else {
                        continue; // a missing file is reported by the Markdown renderer
                    };
                    let ids = headings
                        .entry(target.rel.as_str())
                        .or_insert_with(|| read(&target.text).ids);
                    missing_anchor(frag, ids, page_ids, site).then(|| {
                        (
                            format!(
                                "the link `{}` goes to no heading of {}",
                                link.dest, target.rel
                            ),
                            ids_help(ids),
                        )
                    })
                }
                _ => None,
            };
            if let Some((message, help)) = problem {
                diags.push(Diagnostic::error(&md.file, pos, message).with_help(help));
            }
        }
    }
    diags
}

/// Every Markdown text of the site; `true` for a page's own main text
/// (its headings are the page's), `false` for texts shown inside another
/// page (a report's entries).
fn texts(site: &Site) -> Vec<(&Markdown, bool)> {
    let mut out: Vec<(&Markdown, bool)> = Vec::new();
    for p in &site.publications {
        out.push((&p.intro, true));
        out.extend(p.chapters.iter().map(|c| (&c.body, true)));
        if let Some(r) = &p.rapportage {
            out.extend(
                r.entries
                    .iter()
                    .filter_map(|e| e.text.as_ref())
                    .map(|t| (t, false)),
            );
        }
    }
    out.extend(site.themas.iter().map(|t| (&t.body, true)));
    out.extend(site.scenarios.iter().map(|s| (&s.body, true)));
    out.extend(site.stories.iter().map(|s| (&s.body, true)));
    out.extend(site.pages.iter().map(|p| (&p.body, true)));
    out
}

/// A cheap test before parsing: the text has a link to an anchor or to a
/// path from the root (Markdown or raw HTML).
fn may_hold_such_links(text: &str) -> bool {
    // One pass for `](#`, `](/`, `]: #`, `]: /`, `<#` and `</` (a text has
    // few `]` and `<`), one for `.md#`: seven searches through every
    // text of the site took 1 % of a build.
    let bytes = text.as_bytes();
    let then = |i: usize, s: &[u8]| bytes[i + 1..].starts_with(s);
    memchr::memchr2_iter(b']', b'<', bytes).any(|i| match bytes[i] {
        b']' => then(i, b"(#") || then(i, b"(/") || then(i, b": #") || then(i, b": /"),
        _ => then(i, b"#") || then(i, b"/"),
    }) || memchr::memmem::find(bytes, b".md#").is_some()
}

/// What a text holds: its heading and note ids, and its links with their
/// 0-based line (from the text's start) and 1-based column.
struct Read {
    ids: HashSet<String>,
    links: Vec<Link>,
}

struct Link {
    dest: String,
    line: usize,
    column: usize,
}

fn read(text: &str) -> Read {
    let mut ids = HashSet::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut links = Vec::new();
    let mut heading: Option<(Option<String>, String)> = None;
    // The events outside footnotes, where figures stand.
    let mut body: Vec<Event> = Vec::new();
    let mut in_footnote = false;
    for (event, range) in Parser::new_ext(text, crate::model::Markdown::DIALECT).into_offset_iter()
    {
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote = true,
            Event::End(TagEnd::FootnoteDefinition) => in_footnote = false,
            _ if !in_footnote => body.push(event.clone()),
            _ => {}
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => ids_in(&html, &mut ids),
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|i| i.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, words)) = heading.take() {
                    ids.insert(super::markdown::heading_id(id, &words, "", &mut used));
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let slug = super::markdown::footnote_slug(&label);
                ids.insert(format!("fn-{slug}"));
                ids.insert(format!("fnref-{slug}"));
                ids.insert("voetnoten".to_string());
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let before = &text[..range.start];
                let line = before.matches('\n').count();
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                links.push(Link {
                    dest: dest_url.to_string(),
                    line,
                    column,
                });
            }
            _ => {}
        }
    }
    ids.extend(super::markdown::figure_ids(&body, &mut used));
    Read { ids, links }
}

fn missing_anchor(
    frag: &str,
    ids: &HashSet<String>,
    page_ids: &HashSet<String>,
    site: &Site,
) -> bool {
    let frag = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
    !(frag.is_empty()
        || ids.contains(frag.as_ref())
        || page_ids.contains(frag.as_ref())
        || site.goals.iter().any(|g| g.id == frag)
        || site
            .principles
            .iter()
            .any(|p| crate::model::goal::principle_anchor(&p.id) == frag))
}

fn ids_help(ids: &HashSet<String>) -> String {
    let mut list: Vec<&String> = ids.iter().filter(|i| !i.starts_with("fnref-")).collect();
    list.sort();
    if list.is_empty() {
        "the text has no headings to link to; an anchor is the id of a heading (`## Kosten` has the id `kosten`)".to_string()
    } else {
        let shown: Vec<String> = list.iter().take(12).map(|i| format!("#{i}")).collect();
        format!("anchors there: {}", shown.join(", "))
    }
}

/// The content file a relative link names, as the Markdown renderer finds it.
fn content_file<'m>(
    from: &str,
    file: &str,
    by_rel: &HashMap<&str, &'m Markdown>,
) -> Option<&'m Markdown> {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
    [
        super::markdown::normalise(&format!("{dir}/{file}")),
        super::markdown::normalise(&file),
    ]
    .into_iter()
    .flatten()
    .find_map(|rel| by_rel.get(rel.as_str()).copied())
}

/// Every URL path of the site that a link may name.
fn site_paths(site: &Site) -> HashSet<String> {
    let mut paths: HashSet<String> = site.urls.values().cloned().collect();
    paths.extend(site.assets.iter().map(|a| format!("/{a}")));
    // Only the pages this site has: a link to the overview of a kind it
    // has no content of leads nowhere.
    paths.extend(super::site_generated_urls(site));
    for list in site
        .stories
        .iter()
        .map(|s| &s.redirect_from)
        .chain(site.pages.iter().map(|p| &p.redirect_from))
        .chain(site.publications.iter().map(|p| &p.redirect_from))
    {
        paths.extend(list.iter().cloned());
    }
    let pages: Vec<String> = paths.iter().filter(|p| p.ends_with('/')).cloned().collect();
    paths.extend(pages.iter().map(|p| format!("{p}index.html")));
    paths.extend(
        pages
            .iter()
            .filter(|p| p.len() > 1)
            .map(|p| p.trim_end_matches('/').to_string()),
    );
    for lang in site.config.languages.iter().skip(1) {
        let translated: Vec<String> = pages.iter().map(|p| format!("/{lang}{p}")).collect();
        paths.extend(translated);
    }
    paths
}

/// Folders of generated files (datasets, metadata, theme assets): their
/// files are many and named by koers, so a link into them is not checked.
fn in_open_folder(path: &str) -> bool {
    [
        super::DATA_URL,
        super::DOCUMENTS_URL,
        "/assets/",
        "/search-index/",
    ]
    .iter()
    .any(|folder| path.starts_with(folder))
}

fn is_external(dest: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("data:")
}

/// The ids a theme's templates write as they are (`id="inhoud"`): anchors
/// a text may link to on its page.
pub fn template_ids<'t>(templates: impl Iterator<Item = &'t String>) -> HashSet<String> {
    let mut ids = HashSet::new();
    for text in templates {
        ids_in(text, &mut ids);
    }
    ids
}

/// The ids written as they are (`id="kaart"`) in a template or in raw
/// HTML of a text.
fn ids_in(html: &str, ids: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=\"") {
        rest = &rest[i + 4..];
        let value = rest.split('"').next().unwrap_or("");
        if !value.is_empty() && !value.contains(['{', '}', ' ']) {
            ids.insert(value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_heading_ids_as_the_renderer_makes_them() {
        let r = read("# Kosten\n\n## Kosten\n\n## Eén {#eigen}\n\nZie [^1].\n\n[^1]: Noot.\n\n[a](#kosten-2)\n");
        for id in ["kosten", "kosten-2", "eigen", "fn-1", "voetnoten"] {
            assert!(r.ids.contains(id), "{id} in {:?}", r.ids);
        }
        assert_eq!(r.links[0].dest, "#kosten-2");
        assert_eq!((r.links[0].line, r.links[0].column), (10, 1));
    }

    #[test]
    fn reads_figure_ids_as_the_renderer_makes_them() {
        let r = read("## De fasen\n\n![a](a.svg \"De fasen\")\n\n![b](b.svg \"De fasen\")\n\nIn ![c](c.svg \"Inline\") tekst.\n\n<figure id=\"eigen\"></figure>\n");
        for id in ["de-fasen", "figuur-de-fasen", "figuur-de-fasen-2", "eigen"] {
            assert!(r.ids.contains(id), "{id} in {:?}", r.ids);
        }
        assert!(!r.ids.contains("figuur-inline"));
    }

    #[test]
    fn parses_only_texts_that_may_link_to_an_anchor_or_a_root_path() {
        for text in [
            "Zie [kosten](#kosten).",
            "Zie [het plan](/plan/).",
            "[a]: #kosten",
            "[a]: /plan/",
            "Zie [b](b.md#kosten).",
            "<a href=\"#x\">x</a>",
            "Zie </plan/>.",
        ] {
            assert!(may_hold_such_links(text), "{text}");
        }
        for text in [
            "Geen link, wel [haken] en a < b.",
            "Zie [b](https://example.org/#x) en [c](c.md).",
            "Eindigt op ]",
            "Eindigt op <",
        ] {
            assert!(!may_hold_such_links(text), "{text}");
        }
    }

    #[test]
    fn finds_the_fixed_ids_of_templates() {
        let t = ["<h2 id=\"doelen\">x</h2><p id=\"{{ goal.id }}\"></p>".to_string()];
        let ids = template_ids(t.iter());
        assert!(ids.contains("doelen"));
        assert_eq!(ids.len(), 1);
    }
}
