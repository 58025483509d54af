//! Figures: an image with a title, alone in its paragraph
//! (`![Alt text](kaart.svg "Caption")`), becomes a numbered `<figure>`
//! with the title as its caption and an id that links can name
//! (`figuur-` and the caption's slug). Figures are numbered in order
//! within one text: a chapter numbers its own.

use super::headings::{plain_text, unique_id};
use super::state::State;
use crate::escape::escape;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashMap;

/// A figure among a text's events: the positions of its paragraph's
/// start and end, and its caption.
pub(super) struct Found<'e> {
    start: usize,
    end: usize,
    caption: &'e str,
}

/// The figures among `events`, in order: an image with a title that is
/// all its paragraph holds. An image with a title in running text stays an
/// inline image (a `<figure>` cannot stand in a paragraph).
pub(super) fn find<'e>(events: &'e [Event]) -> Vec<Found<'e>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < events.len() {
        if let (Event::Start(Tag::Paragraph), Event::Start(Tag::Image { title, .. })) =
            (&events[i], &events[i + 1])
        {
            if let Some(end) = alone_until(events, i + 2).filter(|_| !title.trim().is_empty()) {
                found.push(Found {
                    start: i,
                    end,
                    caption: title.trim(),
                });
                i = end;
            }
        }
        i += 1;
    }
    found
}

/// The position of the paragraph's end when the image whose alt text
/// starts at `from` ends the paragraph; None when more follows.
fn alone_until(events: &[Event], from: usize) -> Option<usize> {
    let close = from
        + events[from..].iter().position(|e| {
            matches!(
                e,
                Event::End(TagEnd::Image) | Event::Start(Tag::Image { .. })
            )
        })?;
    match (events.get(close), events.get(close + 1)) {
        (Some(Event::End(TagEnd::Image)), Some(Event::End(TagEnd::Paragraph))) => Some(close + 1),
        _ => None,
    }
}

/// The id of a figure with `caption`, unique on its page among the
/// heading and figure ids in `used`. One function, so that links can be
/// checked against the ids the renderer makes.
pub(crate) fn figure_id(caption: &str, prefix: &str, used: &mut HashMap<String, usize>) -> String {
    unique_id(&format!("figuur-{}", slug::slugify(caption)), prefix, used)
}

/// The ids of the figures among `events` (a text's events outside its
/// footnotes), after its headings took theirs from `used`.
pub(crate) fn figure_ids(events: &[Event], used: &mut HashMap<String, usize>) -> Vec<String> {
    find(events)
        .iter()
        .map(|f| figure_id(f.caption, "", used))
        .collect()
}

impl State<'_, '_> {
    /// Turns the figures among `events` into `<figure>` HTML, numbered in
    /// order, and returns their captions (text for search).
    pub(super) fn figures(&mut self, events: &mut Vec<Event>) -> Vec<String> {
        let spans: Vec<(usize, usize, String)> = find(events)
            .iter()
            .map(|f| (f.start, f.end, f.caption.to_string()))
            .collect();
        // Ids and numbers in reading order, as the link check reads them.
        let html: Vec<String> = spans
            .iter()
            .enumerate()
            .map(|(n, (start, end, caption))| self.figure(&events[start + 1..*end], caption, n + 1))
            .collect();
        // Put in from the last, so the positions of those before stay right.
        for ((start, end, _), html) in spans.iter().zip(html).rev() {
            events.splice(*start..=*end, std::iter::once(Event::Html(html.into())));
        }
        spans.into_iter().map(|(_, _, caption)| caption).collect()
    }

    /// The HTML of figure `n`: its image (`image`, the image's events,
    /// its source already resolved) and its caption.
    fn figure(&mut self, image: &[Event], caption: &str, n: usize) -> String {
        let src = match image.first() {
            Some(Event::Start(Tag::Image { dest_url, .. })) => dest_url.as_ref(),
            _ => "",
        };
        let id = figure_id(caption, &self.scope.prefix, &mut self.used_ids);
        let label = self
            .ctx
            .strings
            .fill("figure_label", &[("n", &n.to_string())]);
        format!(
            "<figure class=\"figure\" id=\"{}\">\n<img src=\"{}\" alt=\"{}\">\n<figcaption>{} {}</figcaption>\n</figure>\n",
            escape(&id),
            escape(src),
            escape(&plain_text(image)),
            escape(&label),
            escape(caption),
        )
    }
}
