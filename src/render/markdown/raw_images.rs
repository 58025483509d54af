//! Images in raw HTML (`<img>`, also inside a `<figure>`): their `src`
//! is checked and resolved like a Markdown image's, and one without an
//! `alt` attribute is a lint finding. `alt=""` marks a decorative image.

use super::state::State;
use crate::error::{Diagnostics, Position};
use crate::model::Markdown;
use lol_html::html_content::Element;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use pulldown_cmark::LinkType;

impl State<'_, '_> {
    /// `html` (raw HTML that starts at `at`) with the `src` of each
    /// `<img>` resolved; a missing file is an error at its tag.
    pub(super) fn raw_images(
        &mut self,
        html: String,
        md: &Markdown,
        at: &Position,
        diags: &mut Diagnostics,
    ) -> String {
        if !html.to_ascii_lowercase().contains("<img") {
            return html;
        }
        let mut changed = false;
        let handler = |el: &mut Element| {
            let pos = position_in(&html, el.source_location().bytes().start, at);
            changed |= self.raw_image(el, md, pos, diags);
            Ok(())
        };
        let settings =
            RewriteStrSettings::new().append_element_content_handler(element!("img", handler));
        // HTML that cannot be read is reported by the HTML policy.
        match rewrite_str(&html, settings) {
            Ok(out) if changed => out,
            _ => html,
        }
    }

    /// Checks one `<img>`: its alt text, and its `src` resolved (true
    /// when the element was changed).
    fn raw_image(
        &mut self,
        el: &mut Element,
        md: &Markdown,
        pos: Position,
        diags: &mut Diagnostics,
    ) -> bool {
        if !el.has_attribute("alt") {
            self.lint(
                "image-alt",
                md,
                pos.clone(),
                "image without alt text: the <img> has no `alt`".into(),
                "add alt=\"...\" that says what the image shows; write alt=\"\" only for a purely decorative image",
                diags,
            );
        }
        let Some(raw) = el.get_attribute("src") else {
            return false;
        };
        let src = htmlize::unescape_attribute(&raw);
        // A URL with a scheme is judged by the HTML policy.
        if src
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
        {
            return false;
        }
        let resolved = self.resolve_link(&src, md, pos, diags, LinkType::Inline, true);
        self.last_asset = None;
        resolved != src
            && el
                .set_attribute("src", &resolved.replace('&', "&amp;"))
                .is_ok()
    }
}

/// Where byte `offset` of raw HTML that starts at `at` stands in the file.
fn position_in(html: &str, offset: usize, at: &Position) -> Position {
    let before = html.get(..offset).unwrap_or(html);
    match before.rfind('\n') {
        None => Position::new(at.line, at.column + before.chars().count()),
        Some(nl) => Position::new(
            at.line + before.matches('\n').count(),
            before[nl + 1..].chars().count() + 1,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_columns_from_the_start_of_the_html() {
        let at = Position::new(10, 3);
        assert_eq!(position_in("<p><img>", 3, &at), Position::new(10, 6));
        assert_eq!(
            position_in("<figure>\n  <img>", 11, &at),
            Position::new(11, 3)
        );
    }
}
