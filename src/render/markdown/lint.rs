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

/// The amounts in a run of text (`€ 2.317k`, `€ 2,450 mln`, `€ 35.000`)
/// that are written in another notation than `site`, each with where it
/// stands.
pub(super) fn amounts_off_notation(
    run: &str,
    at: &Position,
    site: crate::model::money::Notation,
) -> Vec<(String, Position)> {
    use crate::model::money::{Money, Notation};
    let mut out = Vec::new();
    if !super::typography::may_hold_euro_sign(run) {
        return out;
    }
    for (i, _) in run.match_indices('€') {
        let Some(amount) = amount_at(&run[i..]) else {
            continue;
        };
        if Notation::of_written(amount) != site && Money::parse(amount, Default::default()).is_ok()
        {
            let column = at.column + run[..i].chars().count();
            out.push((amount.to_string(), Position::new(at.line, column)));
        }
    }
    out
}

/// True for an amount in millions whose number has a dot that groups
/// thousands as Dutch writes them ("€ 1.028 mln"): read as Dutch it is a
/// thousand million and more, but it is often an English decimal point.
/// "€ 1.5 mln" and "€ 0.125 mln" read as decimals either way.
pub(super) fn ambiguous(amount: &str) -> bool {
    use crate::model::money::{is_ambiguous_dutch, Notation};
    let number: String = amount
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .collect();
    Notation::of_written(amount) == Notation::Millions && is_ambiguous_dutch(&number)
}

/// The amount that starts with the euro sign at the start of `text`:
/// the sign, a number, and a `k`, `mln` or `miljoen` after it if any.
fn amount_at(text: &str) -> Option<&str> {
    let after_sign = text.strip_prefix('€')?;
    let spaces = after_sign.len() - after_sign.trim_start_matches([' ', '\u{a0}']).len();
    let number = &after_sign[spaces..];
    let digits = number
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(number.len());
    let digits = number[..digits].trim_end_matches(['.', ',']).len();
    if digits == 0 || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = &number[digits..];
    let word_end = |w: &str| {
        rest.strip_prefix(w)
            .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
    };
    let suffix = if word_end("k") {
        1
    } else {
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        let word = &rest[gap..];
        ["mln", "miljoen"]
            .into_iter()
            .find(|w| {
                word.strip_prefix(w)
                    .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
            })
            .map_or(0, |w| gap + w.len())
    };
    let end = '€'.len_utf8() + spaces + digits + suffix;
    Some(&text[..end])
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
        let change = match self.ctx.lint.level(rule) {
            LintLevel::Warning => format!("to turn this off: `lint: {{{rule}: off}}` in site.yaml"),
            _ => format!("to report this as a warning: `lint: {{{rule}: warning}}` in site.yaml"),
        };
        diags.push(d.with_help(format!("{help} ({change})")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::Notation;

    #[test]
    fn finds_amounts_in_another_notation() {
        let run = "Gevraagd: € 2.317k, waarvan € 1.520.000 nieuw; eerder € 2,450 mln of € 1,3 miljoen. Een € of €-teken.";
        let found: Vec<String> = amounts_off_notation(run, &Position::new(3, 1), Notation::Full)
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(found, ["€ 2.317k", "€ 2,450 mln", "€ 1,3 miljoen"]);
        let k: Vec<String> = amounts_off_notation(run, &Position::new(3, 1), Notation::Thousands)
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(k, ["€ 1.520.000", "€ 2,450 mln", "€ 1,3 miljoen"]);
        let at = amounts_off_notation("x € 35k", &Position::new(3, 5), Notation::Full);
        assert_eq!(at[0].1, Position::new(3, 7));
    }
}
