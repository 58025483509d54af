//! Typography of authors' text: an amount stays on one line with its euro
//! sign ("€ 2.317k" never breaks after the "€"), as generated amounts do.

use pulldown_cmark::{CowStr, Event};

/// The events of a text with a no-break space between each euro sign and
/// the amount after it.
pub(super) fn keep_amounts_together(events: &mut [Event<'_>]) {
    for e in events.iter_mut() {
        if let Event::Text(t) = e {
            if let Some(joined) = joined(t) {
                *t = CowStr::from(joined);
            }
        }
    }
}

/// `text` with "€ " before a digit written "€\u{a0}", or `None` when it
/// has no such space.
fn joined(text: &str) -> Option<String> {
    // None without "€ ".
    if !may_hold_euro_sign(text) {
        return None;
    }
    memchr::memmem::find(text.as_bytes(), "€ ".as_bytes())?;
    let mut out = String::with_capacity(text.len() + 2);
    let mut rest = text;
    while let Some(at) = rest.find("€ ") {
        let after = &rest[at + "€ ".len()..];
        out.push_str(&rest[..at]);
        out.push('€');
        let digit = after.starts_with(|c: char| c.is_ascii_digit());
        out.push(if digit { '\u{a0}' } else { ' ' });
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}

/// False when `text` has no euro sign for sure: it has no character that
/// starts with the sign's first byte, as most runs of text have not. The
/// checks that run over every run of text of the site look first.
pub(super) fn may_hold_euro_sign(text: &str) -> bool {
    memchr::memchr(0xE2, text.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_euro_sign_stays_with_its_amount() {
        assert_eq!(
            joined("samen € 2.317k, of € 2,450 mln").as_deref(),
            Some("samen €\u{a0}2.317k, of €\u{a0}2,450 mln")
        );
        // Only before an amount.
        assert_eq!(joined("de € is").as_deref(), Some("de € is"));
        assert_eq!(joined("geen bedrag"), None);
    }
}
