//! The content lint of a text: links, images, table heads and raw HTML.

use super::state::State;
use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::Markdown;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The link, image and table head being read, with their text so far.
#[derive(Default)]
pub(super) struct Watched {
    /// Where the link starts, its text, and whether it holds an image.
    link: Option<(Position, String, bool)>,
    image: Option<(Position, String)>,
    head: Option<(Position, String)>,
}

/// Watches links, images and table heads for the content lint.
pub(super) fn observe(
    event: &Event,
    pos: &Position,
    watched: &mut Watched,
    mut report: impl FnMut(&'static str, Position, String, &'static str),
) {
    let Watched { link, image, head } = watched;
    match event {
        Event::Start(Tag::Link { .. }) => *link = Some((pos.clone(), String::new(), false)),
        Event::Start(Tag::Image { .. }) => {
            *image = Some((pos.clone(), String::new()));
            if let Some(l) = link.as_mut() {
                l.2 = true;
            }
        }
        Event::Start(Tag::TableHead) => *head = Some((pos.clone(), String::new())),
        Event::Text(t) | Event::Code(t) => {
            for slot in [
                link.as_mut().map(|l| &mut l.1),
                image.as_mut().map(|i| &mut i.1),
                head.as_mut().map(|h| &mut h.1),
            ]
            .into_iter()
            .flatten()
            {
                slot.push_str(t);
            }
        }
        Event::End(TagEnd::Image) => {
            if let Some((at, alt)) = image.take() {
                if alt.trim().is_empty() {
                    report("image-alt", at, "image without alt text".into(), "describe between the brackets what the image shows, in a short sentence, for a reader who cannot see it: ![Grafiek: de kosten stijgen elk jaar](kosten.png); leave out words like 'afbeelding van'; a caption (the title in quotes) says what the figure means, the alt text what it shows; a purely decorative image belongs in raw HTML with alt=\"\"");
                }
            }
        }
        Event::End(TagEnd::Link) => {
            if let Some((at, text, has_image)) = link.take() {
                let t = text
                    .trim()
                    .trim_end_matches(['.', ':', '!', '…'])
                    .trim()
                    .to_lowercase();
                if (t.is_empty() && !has_image)
                    || crate::model::lint::MEANINGLESS_LINK_TEXTS.contains(&t.as_str())
                {
                    report("link-text", at, format!("link text `{}` does not say where the link goes", text.trim()), "use words that make sense out of context, e.g. [de voortgangsrapportage plateau 3](...) instead of [klik hier](...)");
                }
            }
        }
        Event::End(TagEnd::TableHead) => {
            if let Some((at, text)) = head.take() {
                if text.trim().is_empty() {
                    report(
                        "table-header",
                        at,
                        "table without a header row: its first row is empty".into(),
                        "give every column a heading in the first row of the table",
                    );
                }
            }
        }
        _ => {}
    }
}

impl State<'_, '_> {
    /// Applies the site's raw-HTML policy, reporting what it forbids.
    /// Images in it are checked and resolved like Markdown images.
    pub(super) fn raw_html(
        &mut self,
        raw: &str,
        md: &Markdown,
        at: Position,
        diags: &mut Diagnostics,
    ) -> String {
        let (out, findings) = crate::render::sanitize::apply(self.ctx.html, raw);
        let strip = self.ctx.html.mode == crate::model::lint::HtmlMode::Strip;
        for f in findings {
            let help = "raw HTML may not run script or restyle the page; remove it, allow it with `html: {allow: [...]}` in site.yaml, or set `html: {policy: strip}` to remove such HTML with a warning";
            let d = if strip {
                Diagnostic::warning(&md.file, at.clone(), format!("removed {f} from raw HTML"))
            } else {
                Diagnostic::error(&md.file, at.clone(), format!("raw HTML contains {f}"))
            };
            diags.push(d.with_help(help));
        }
        self.raw_images(out, md, &at, diags)
    }

    /// Reports a lint finding at the rule's configured level.
    pub(super) fn lint(
        &self,
        rule: &'static str,
        md: &Markdown,
        at: Position,
        message: String,
        help: &str,
        diags: &mut Diagnostics,
    ) {
        use crate::model::lint::LintLevel;
        let message = format!("{message} [{rule}]");
        let d = match self.ctx.lint.level(rule) {
            LintLevel::Off => return,
            LintLevel::Error => Diagnostic::error(&md.file, at, message),
            LintLevel::Warning => Diagnostic::warning(&md.file, at, message),
        };
        diags.push(d.with_help(format!(
            "{help} (to report this as a warning: `lint: {{{rule}: warning}}` in site.yaml)"
        )));
    }
}
