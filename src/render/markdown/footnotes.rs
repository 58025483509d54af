//! Numbered footnotes with back-links, and the checks of their labels.

use super::state::State;
use crate::error::{Diagnostic, Diagnostics, Position};
use crate::escape::escape;
use crate::model::Markdown;
use pulldown_cmark::{html, Event};

impl State<'_, '_> {
    /// The superscript number of a reference to note `label`, numbered
    /// in order of first reference.
    pub(super) fn footnote_ref(&mut self, label: &str) -> String {
        if !self.footnote_order.iter().any(|l| l == label) {
            self.footnote_order.push(label.to_string());
        }
        let number = self
            .footnote_order
            .iter()
            .position(|l| l == label)
            .map_or(0, |i| i + 1);
        let count = self.footnote_refs.entry(label.to_string()).or_insert(0);
        *count += 1;
        let slug = format!("{}{}", self.scope.prefix, footnote_slug(label));
        let ref_id = ref_id(&slug, *count);
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{ref_id}\" aria-label=\"{} {number}\">{number}</a></sup>",
            escape(self.ctx.strings.get("footnote"))
        )
    }

    /// The list of footnotes, in order of first reference, each with
    /// links back to its references; reports notes used but not defined
    /// and notes never referred to.
    pub(super) fn footnotes_html(&mut self, md: &Markdown, diags: &mut Diagnostics) -> String {
        self.report_loose_refs(md, diags);
        self.report_unused(md, diags);
        if self.footnote_order.is_empty() {
            return String::new();
        }
        let s = self.ctx.strings;
        let level = 2 + self.scope.heading_offset.min(4);
        let id = format!("{}voetnoten", self.scope.prefix);
        let mut out = format!(
            "<section class=\"footnotes\" aria-labelledby=\"{id}\">\n<h{level} id=\"{id}\">{}</h{level}>\n<ol>\n",
            escape(s.get("footnotes"))
        );
        for (i, label) in self.footnote_order.clone().iter().enumerate() {
            let Some(body) = self.footnote_bodies.remove(label) else {
                diags.push(
                    Diagnostic::error(
                        &md.file,
                        Position::new(md.line, 1),
                        format!("footnote `[^{label}]` is used but never defined"),
                    )
                    .with_help(format!(
                        "add a line `[^{label}]: the note text` at the end of the file"
                    )),
                );
                continue;
            };
            out.push_str(&self.footnote_item(i + 1, label, body));
        }
        out.push_str("</ol>\n</section>\n");
        out
    }

    /// Reports the `[^label]` references in the text that no note defines.
    fn report_loose_refs(&self, md: &Markdown, diags: &mut Diagnostics) {
        for (label, at) in &self.loose_refs {
            if !self.footnote_bodies.contains_key(label) {
                diags.push(
                    Diagnostic::error(
                        &md.file,
                        at.clone(),
                        format!("footnote `[^{label}]` is used but never defined"),
                    )
                    .with_help(format!(
                        "add a line `[^{label}]: the note text` at the end of the text, or remove the reference"
                    )),
                );
            }
        }
    }

    /// Warns of the notes the text never refers to.
    fn report_unused(&self, md: &Markdown, diags: &mut Diagnostics) {
        let mut unused: Vec<&String> = self
            .footnote_bodies
            .keys()
            .filter(|label| !self.footnote_order.contains(label))
            .collect();
        unused.sort();
        for label in unused {
            let at = self
                .footnote_lines
                .get(label)
                .cloned()
                .unwrap_or(Position::new(md.line, 1));
            diags.push(
                Diagnostic::warning(
                    &md.file,
                    at,
                    format!("footnote `[^{label}]` is never referred to"),
                )
                .with_help(format!(
                    "refer to it in the text with [^{label}], or remove it"
                )),
            );
        }
    }

    /// The list item of note `number`: its body, then a link back to each
    /// of its references.
    fn footnote_item(&self, number: usize, label: &str, body: Vec<Event>) -> String {
        let s = self.ctx.strings;
        let slug = format!("{}{}", self.scope.prefix, footnote_slug(label));
        let mut body_html = String::new();
        let mut body = body;
        super::typography::keep_amounts_together(&mut body);
        let body = super::tables::rewrite(body, &|h| super::table_name(s, h));
        html::push_html(&mut body_html, body.into_iter());
        let refs = self.footnote_refs.get(label).copied().unwrap_or(1);
        let backlinks: Vec<String> = (1..=refs)
            .map(|n| {
                format!(
                    "<a href=\"#{id}\" class=\"footnote-back\" aria-label=\"{} {number}\">↩</a>",
                    escape(s.get("footnote_back")),
                    id = ref_id(&slug, n),
                )
            })
            .collect();
        let body_html = body_html.trim_end();
        let joined = backlinks.join(" ");
        let item = match body_html.strip_suffix("</p>") {
            Some(inner) => format!("{inner} {joined}</p>"),
            None => format!("{body_html} {joined}"),
        };
        format!("<li id=\"fn-{slug}\">{item}</li>\n")
    }
}

/// The id of the `n`th reference to the note of `slug`.
fn ref_id(slug: &str, n: usize) -> String {
    if n == 1 {
        format!("fnref-{slug}")
    } else {
        format!("fnref-{slug}-{n}")
    }
}

/// The `[^label]` references in a run of text: notes the parser did not
/// recognise because no definition has their label.
pub(super) fn loose_footnote_refs(run: &str, at: &Position) -> Vec<(String, Position)> {
    let mut out = Vec::new();
    let mut rest = run;
    let mut offset = 0;
    // This runs over every run of text of the site: most have no `[`.
    if memchr::memchr(b'[', run.as_bytes()).is_none() {
        return out;
    }
    while let Some(i) = memchr::memmem::find(rest.as_bytes(), b"[^") {
        let after = &rest[i + 2..];
        match after.find(']') {
            Some(end)
                if end > 0
                    && !after[..end].contains(char::is_whitespace)
                    && !after[end + 1..].starts_with(':') =>
            {
                let column = at.column + run[..offset + i].chars().count();
                out.push((after[..end].to_string(), Position::new(at.line, column)));
                offset += i + 2 + end + 1;
                rest = &after[end + 1..];
            }
            _ => {
                offset += i + 2;
                rest = after;
            }
        }
    }
    out
}

/// The slug of a footnote label in ids; "noot" when it has none.
pub(crate) fn footnote_slug(label: &str) -> String {
    let s = slug::slugify(label);
    if s.is_empty() {
        "noot".to_string()
    } else {
        s
    }
}
