//! Markdown to HTML with pulldown-cmark, plus koers' additions: heading
//! ids and a table of contents, numbered footnotes with back-links,
//! callouts as semantic HTML, and links between content files resolved to
//! URLs and checked.

mod callouts;
mod chart;
mod figures;
mod footnotes;
mod headings;
mod links;
mod lint;
mod pass;
mod raw_images;
mod state;
mod tables;
mod typography;

// The PDF edition reads callouts as the site does.
#[cfg(feature = "pdf")]
pub(crate) use callouts::{callout_kind, callout_marker};
pub(crate) use figures::figure_ids;
pub(crate) use footnotes::footnote_slug;
pub(crate) use headings::heading_id;
pub use links::normalise;

use crate::error::{Diagnostics, Position};
use crate::model::Markdown;
use crate::render::i18n::Strings;
use callouts::extract_callouts;
use pass::{Here, Pass};
use pulldown_cmark::{html, Parser};
use serde::Serialize;
use state::State;
use std::collections::BTreeMap;

/// What the renderer needs to know about the rest of the site.
pub struct LinkContext<'a> {
    /// Content-relative source path -> URL path.
    pub urls: &'a BTreeMap<String, String>,
    /// Content-relative paths of non-content files.
    pub assets: &'a [String],
    /// Prefix for page URLs ("/", "/en/").
    pub base_path: &'a str,
    /// Prefix for files in the content folder (the default language's).
    pub asset_path: &'a str,
    pub strings: &'a Strings,
    /// The content folder, to read chart data files from.
    pub content_root: &'a std::path::Path,
    /// How lint findings are reported.
    pub lint: &'a crate::model::lint::LintConfig,
    /// What raw HTML may contain.
    pub html: &'a crate::model::lint::HtmlPolicy,
    /// The most data points one chart may draw.
    pub chart_points: usize,
}

/// Where a Markdown text stands on its page: ids get a prefix so several
/// texts can share a page, and headings shift down under a page's own.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Prefix for heading and footnote ids ("" for a page's main text).
    pub prefix: String,
    /// Levels to add to every heading (2 turns `##` into `<h4>`).
    pub heading_offset: u8,
}

/// A heading in a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The result of rendering one Markdown text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    /// The language of the text when it stands in for a translation.
    pub lang: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Charts from ```chart blocks; their CSV files go beside the page.
    #[serde(skip)]
    pub charts: Vec<crate::chart::ChartView>,
    /// The plain text, words separated by spaces and blocks (paragraphs,
    /// headings, list items, table rows) by line ends: what search indexes.
    #[serde(skip)]
    pub text: String,
}

/// Renders Markdown, resolving links; problems go to `diags`.
pub fn render(
    md: &Markdown,
    ctx: &LinkContext,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> Rendered {
    let (text, callouts) = extract_callouts(&md.text, md, diags);
    let lines = LineStarts::of(&text);
    let mut state = State::new(ctx, scope);
    let mut pass = Pass::new(md, &callouts, text.len());
    for (event, range) in Parser::new_ext(&text, Markdown::DIALECT).into_offset_iter() {
        let here = lines.here(md.line, range.start);
        pass.step(&mut state, event, here, diags);
    }
    pass.finish(&mut state, md, diags);
    for caption in state.figures(&mut pass.events) {
        pass.plain.push(' ');
        pass.plain.push_str(&caption);
    }
    // HTML is about half again as long as the Markdown.
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    typography::keep_amounts_together(&mut pass.events);
    let events = tables::rewrite(std::mem::take(&mut pass.events), &|headers| {
        table_name(ctx.strings, headers)
    });
    html::push_html(&mut out, events.into_iter());
    out.push_str(&state.footnotes_html(md, diags));
    Rendered {
        html: out,
        lang: md.lang.clone(),
        toc: state.toc,
        charts: state.charts,
        text: pass.plain,
    }
}

/// The accessible name of a table's scroll region: its first columns.
fn table_name(strings: &Strings, headers: &[String]) -> String {
    let columns: Vec<&str> = headers
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .take(3)
        .collect();
    strings.fill("table_region", &[("columns", &columns.join(", "))])
}

/// The Markdown extensions koers reads.
/// The byte offsets where the lines of a text start.
struct LineStarts(Vec<usize>);

impl LineStarts {
    /// The line starts of `text`.
    fn of(text: &str) -> Self {
        LineStarts(
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect(),
        )
    }

    /// Where byte `offset` stands, in a text that starts at file line
    /// `first_line`.
    fn here(&self, first_line: usize, offset: usize) -> Here {
        let line0 = self.0.partition_point(|s| *s <= offset).saturating_sub(1);
        Here {
            line0,
            pos: Position::new(first_line + line0, 1 + offset - self.0[line0]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn md(text: &str) -> Markdown {
        Markdown {
            text: text.into(),
            file: PathBuf::from("content/stories/a.md"),
            rel: "stories/a.md".to_string(),
            line: 5,
            lang: None,
        }
    }

    fn render_ok(text: &str) -> (Rendered, Diagnostics) {
        let mut urls = BTreeMap::new();
        urls.insert("stories/b.md".to_string(), "/stories/b/".to_string());
        let assets = vec!["files/plan.pdf".to_string()];
        let strings = Strings::dutch_defaults();
        let lint = crate::model::lint::LintConfig::default();
        let html = crate::model::lint::HtmlPolicy::default();
        let ctx = LinkContext {
            urls: &urls,
            assets: &assets,
            base_path: "/",
            asset_path: "/",
            strings: &strings,
            content_root: std::path::Path::new("."),
            chart_points: 10_000,
            lint: &lint,
            html: &html,
        };
        let mut diags = Diagnostics::new();
        let r = render(&md(text), &ctx, &Scope::default(), &mut diags);
        (r, diags)
    }

    #[test]
    fn tables_align_by_class_and_label_their_cells() {
        let (r, d) =
            render_ok("| Post | `Nieuw` (k€) |\n|:--|--:|\n| 1A & 1B | 75 |\n\n| Leeg |\n|---|\n");
        assert!(d.is_empty(), "{d}");
        assert!(!r.html.contains("style="), "{}", r.html);
        assert!(r.html.contains(
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Tabel: Post, Nieuw (k€)\">"
        ), "{}", r.html);
        assert!(
            r.html
                .contains("<th scope=\"col\" class=\"num\"><code>Nieuw</code> (k€)</th>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<td class=\"left\" data-label=\"Post\">1A &amp; 1B</td>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<td class=\"num\" data-label=\"Nieuw (k€)\">75</td>"),
            "{}",
            r.html
        );
        // A table without body rows opens no body.
        assert!(r.html.contains("</tr></thead></table></div>"), "{}", r.html);
    }

    #[test]
    fn resolves_links_between_content_files() {
        let (r, d) = render_ok(
            "[b](b.md) [b2](../stories/b.md#aanpak) [pdf](../files/plan.pdf) [x](https://x.nl)",
        );
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("href=\"/stories/b/\""));
        assert!(r.html.contains("href=\"/stories/b/#aanpak\""));
        assert!(r.html.contains("href=\"/files/plan.pdf\""));
        // The file does not exist in the test, so only its type is known.
        assert!(
            r.html
                .contains("pdf <span class=\"file-meta\">(PDF)</span></a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://x.nl\""));
    }

    #[test]
    fn reports_a_broken_link_with_its_line() {
        let (_, d) = render_ok("Tekst\n\nZie [c](c.md).");
        let e = d.iter().next().unwrap();
        assert_eq!(e.position.line, 7);
        assert!(e.message.contains("c.md"));
    }

    #[test]
    fn links_may_not_leave_the_content_folder() {
        let (_, d) = render_ok("[x](../../../etc/passwd)");
        assert!(d
            .iter()
            .next()
            .unwrap()
            .help
            .as_deref()
            .unwrap()
            .contains("outside"));
    }

    #[test]
    fn footnotes_are_numbered_and_link_both_ways() {
        let (r, d) =
            render_ok("Een[^b] en twee[^a] en weer[^b].\n\n[^a]: Noot A.\n[^b]: Noot B.\n");
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("href=\"#fn-b\" id=\"fnref-b\""));
        assert!(r.html.contains("id=\"fnref-b-2\""));
        assert!(r
            .html
            .contains("<li id=\"fn-b\"><p>Noot B. <a href=\"#fnref-b\""));
        assert!(r.html.contains("href=\"#fnref-b-2\""));
        let b = r.html.find("id=\"fn-b\"").unwrap();
        let a = r.html.find("id=\"fn-a\"").unwrap();
        assert!(b < a, "numbered in order of use");
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let (r, _) = render_ok("## De visie\n\n## De visie\n\n### Eigen {#eigen}\n");
        assert!(r.html.contains("<h2 id=\"de-visie\">De visie</h2>"));
        assert!(r.html.contains("<h2 id=\"de-visie-2\">"));
        assert!(r.html.contains("<h3 id=\"eigen\">"));
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn chart_blocks_become_figures_and_bad_specs_name_their_line() {
        let (r, d) = render_ok("Intro\n\n```chart\ntitle: Budget\nunit: k€\ncategories: [A, B]\nseries:\n  - name: Incidenteel\n    values: [825, PM]\n```\n");
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("<figure class=\"chart\""));
        assert!(r.html.contains("role=\"img\""));
        assert_eq!(r.charts.len(), 1);
        let (_, d) =
            render_ok("Intro\n\n```chart\ntitle: Budget\ntype: taart\ncategories: [A]\n```\n");
        let e = d.iter().next().unwrap();
        assert_eq!(e.position.line, 9, "{e}");
        assert!(e.message.contains("taart"));
    }

    #[test]
    fn an_image_with_a_title_alone_in_its_paragraph_becomes_a_numbered_figure() {
        let (r, d) = render_ok(
            "## Kaart\n\n![Vier vakken](../files/plan.pdf \"De fasen\")\n\nTekst ![klein](x.png \"Inline\") hier.\n\n![Twee](y.png \"De fasen\")\n",
        );
        assert!(
            r.html.contains("<figure class=\"figure\" id=\"figuur-de-fasen\">\n<img src=\"/files/plan.pdf\" alt=\"Vier vakken\">\n<figcaption>Figuur 1. De fasen</figcaption>\n</figure>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"figuur-de-fasen-2\""));
        assert!(r
            .html
            .contains("<figcaption>Figuur 2. De fasen</figcaption>"));
        assert!(
            r.html
                .contains("Tekst <img src=\"x.png\" alt=\"klein\" title=\"Inline\" /> hier."),
            "an image in running text stays inline: {}",
            r.html
        );
        assert!(!r.html.contains("<p><figure"), "{}", r.html);
        assert!(r.text.contains("De fasen"), "captions are searched");
        // Only the missing images are reported.
        assert_eq!(d.iter().count(), 2, "{d}");
    }

    #[test]
    fn raw_images_are_checked_and_resolved_like_markdown_images() {
        let (r, d) = render_ok("Een <img src=\"../files/plan.pdf\" alt=\"Plan\"> hier.\n\n<figure>\n  <img src=\"nope.png\" alt=\"Weg\">\n</figure>\n\n<img src=\"https://x.nl/a.png\">\n");
        assert!(
            r.html
                .contains("<img src=\"/files/plan.pdf\" alt=\"Plan\">"),
            "{}",
            r.html
        );
        let found: Vec<(usize, usize, &str)> = d
            .iter()
            .map(|e| (e.position.line, e.position.column, e.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{d}");
        assert_eq!((found[0].0, found[0].1), (8, 3), "{d}");
        assert!(found[0].2.contains("nope.png"), "{d}");
        assert_eq!((found[1].0, found[1].1), (11, 1), "{d}");
        assert!(found[1].2.contains("[image-alt]"), "{d}");
    }

    #[test]
    fn callouts_become_semantic_html() {
        let (r, d) = render_ok("> [!definitie] Basisregistratie\n> Een registratie.\n\n> [!citaat] Gedeputeerde\n> Digitaal.\n");
        assert!(d.is_empty(), "{d}");
        assert!(r.html.contains("<dfn>Basisregistratie</dfn>"));
        assert!(r
            .html
            .contains("<figure class=\"callout callout-citaat\">\n<blockquote>"));
        assert!(r.html.contains("<figcaption>Gedeputeerde</figcaption>"));
        let (_, d) = render_ok("> [!onzin] X\n> y\n");
        assert!(d.iter().next().unwrap().message.contains("onzin"));
    }
}
