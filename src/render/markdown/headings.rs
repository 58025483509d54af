//! Headings: their ids, the table of contents and the heading lint.

use super::state::State;
use super::TocEntry;
use crate::error::{Diagnostics, Position};
use crate::escape::escape;
use crate::model::Markdown;
use pulldown_cmark::{html, Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashMap;

impl State<'_, '_> {
    /// `base` made unique on the page, with the scope's prefix.
    pub(super) fn unique_id(&mut self, base: &str) -> String {
        unique_id(base, &self.scope.prefix, &mut self.used_ids)
    }

    /// Reports a heading that skips a level or only styles text.
    pub(super) fn lint_heading(
        &mut self,
        level: HeadingLevel,
        inner: &[Event],
        md: &Markdown,
        at: Position,
        diags: &mut Diagnostics,
    ) {
        let n = level as u8;
        let text = plain_text(inner);
        if n == 1 {
            self.lint("heading-order", md, at.clone(), format!("level-1 heading `# {text}` in the text"), "the page title is the only level-1 heading; start sections with ## and go down one level at a time", diags);
        } else {
            let allowed = self.last_heading.map_or(2, |l| l + 1);
            if n > allowed {
                self.lint(
                    "heading-order",
                    md,
                    at.clone(),
                    format!("heading `{text}` skips from level {} to level {n}", allowed - 1),
                    "go down one heading level at a time (## then ###), so screen-reader users can follow the structure",
                    diags,
                );
            }
        }
        self.last_heading = Some(n.max(2));
        let styled_only = matches!(
            inner.first(),
            Some(Event::Start(Tag::Strong | Tag::Emphasis))
        ) && matches!(
            inner.last(),
            Some(Event::End(TagEnd::Strong | TagEnd::Emphasis))
        );
        if text.is_empty() || text.chars().count() > 120 || styled_only {
            let why = if text.is_empty() {
                "is empty"
            } else if styled_only {
                "is all bold or italic"
            } else {
                "is a whole paragraph"
            };
            self.lint("heading-style", md, at, format!("heading `{}` {why}: a heading used for styling", text.chars().take(40).collect::<String>()), "use a heading only to name a section, in a few plain words; use **bold** in a paragraph for emphasis", diags);
        }
    }

    /// The HTML of a heading, with its id; entered in the table of contents
    /// down to level 3.
    pub(super) fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<String>,
        inner: Vec<Event>,
    ) -> String {
        let text = plain_text(&inner);
        let id = heading_id(id, &text, &self.scope.prefix, &mut self.used_ids);
        let n = (level as u8 + self.scope.heading_offset).min(6);
        if n <= 3 {
            self.toc.push(TocEntry {
                level: n,
                id: id.clone(),
                title: text,
            });
        }
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, inner.into_iter());
        format!("<h{n} id=\"{}\">{inner_html}</h{n}>\n", escape(&id))
    }
}

/// `base` with the scope's prefix, made unique on its page by a number
/// (`kosten`, `kosten-2`); "sectie" when `base` is empty.
pub(super) fn unique_id(base: &str, prefix: &str, used: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() { "sectie" } else { base };
    let base = format!("{prefix}{base}");
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}-{n}")
    }
}

/// The id of a heading: its own (`{#id}`) or the slug of its text, made
/// unique. One function, so that links can be checked against the ids
/// the renderer makes.
pub(crate) fn heading_id(
    explicit: Option<String>,
    text: &str,
    prefix: &str,
    used: &mut HashMap<String, usize>,
) -> String {
    let base = explicit.unwrap_or_else(|| slug::slugify(text.trim()));
    unique_id(&base, prefix, used)
}

/// The text of some events, without their markup.
pub(super) fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}
