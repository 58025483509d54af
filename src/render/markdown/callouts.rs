//! Callouts: `> [!kind] Title` blockquotes as semantic HTML.

use super::state::State;
use crate::error::{Diagnostic, Diagnostics, Position};
use crate::escape::escape;
use crate::model::Markdown;
use std::collections::HashMap;

/// The callout kinds and their canonical names.
pub(crate) fn callout_kind(marker: &str) -> Option<&'static str> {
    match marker.to_lowercase().as_str() {
        "definitie" | "definition" => Some("definitie"),
        "voorbeeld" | "example" => Some("voorbeeld"),
        "citaat" | "quote" => Some("citaat"),
        "note" | "noot" | "opmerking" => Some("noot"),
        "tip" => Some("tip"),
        "important" | "belangrijk" => Some("belangrijk"),
        "warning" | "waarschuwing" | "caution" | "let-op" => Some("waarschuwing"),
        _ => None,
    }
}

/// The name and title of a callout marker line, `> [!name] Title`, for
/// any name.
pub(crate) fn callout_marker(line: &str) -> Option<(&str, &str)> {
    line.trim_start()
        .strip_prefix('>')
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix("[!"))
        .and_then(|rest| rest.split_once(']'))
}

/// A callout marker line: `> [!kind] Title`.
pub(super) struct Callout {
    pub(super) kind: &'static str,
    title: String,
}

/// Finds callout marker lines, blanks them (keeping line numbers), and
/// returns them by 0-based line index.
pub(super) fn extract_callouts<'t>(
    text: &'t str,
    md: &Markdown,
    diags: &mut Diagnostics,
) -> (std::borrow::Cow<'t, str>, HashMap<usize, Callout>) {
    let mut found = HashMap::new();
    if !text.contains("[!") {
        // No marker (most texts): no copy.
        return (text.into(), found);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if let Some((name, title)) = callout_marker(line) {
            match callout_kind(name) {
                Some(kind) => {
                    found.insert(
                        i,
                        Callout {
                            kind,
                            title: title.trim().to_string(),
                        },
                    );
                    let indent = &line[..line.len() - trimmed.len()];
                    out.push_str(indent);
                    out.push_str(">\n");
                    continue;
                }
                None => diags.push(
                    Diagnostic::error(
                        &md.file,
                        Position::new(md.line + i, 1),
                        format!("unknown callout `[!{name}]`"),
                    )
                    .with_help("use definitie, voorbeeld, citaat, note, tip, important or warning"),
                ),
            }
        }
        out.push_str(line);
    }
    (out.into(), found)
}

impl State<'_, '_> {
    /// The opening HTML of a callout.
    pub(super) fn callout_open(&mut self, c: &Callout) -> String {
        let s = self.ctx.strings;
        let title = escape(&c.title);
        match c.kind {
            "citaat" => {
                self.quote_captions.push(c.title.clone());
                "<figure class=\"callout callout-citaat\">\n<blockquote>\n".to_string()
            }
            "definitie" => format!(
                "<div class=\"callout callout-definitie\" role=\"note\">\n<p class=\"callout-title\">{}: <dfn>{title}</dfn></p>\n",
                escape(s.get("callout_definitie"))
            ),
            kind => {
                let label = escape(s.get(&format!("callout_{kind}")));
                let heading = if title.is_empty() { label } else { format!("{label}: {title}") };
                format!("<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">{heading}</p>\n")
            }
        }
    }
}

/// The closing HTML of a callout of `kind`; a quote gets its caption.
pub(super) fn callout_close(kind: &str, captions: &mut Vec<String>) -> String {
    if kind == "citaat" {
        let caption = captions.pop().unwrap_or_default();
        if caption.is_empty() {
            "</blockquote>\n</figure>\n".to_string()
        } else {
            format!(
                "</blockquote>\n<figcaption>{}</figcaption>\n</figure>\n",
                escape(&caption)
            )
        }
    } else {
        "</div>\n".to_string()
    }
}
