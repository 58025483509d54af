//! Escaping text for HTML and XML: the five characters `&`, `<`, `>`, `"`
//! and `'` become entities, and control characters are left out.
//!
//! Rendering and charts both escape, so this module is their shared
//! ground: it imports nothing of koers.

use pulldown_cmark_escape::{escape_html, FmtWriter, IoWriter};
use std::borrow::Cow;

/// Escapes text for HTML content and attribute values (`'` as `&#39;`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

/// [`escape`] onto the end of `out`.
pub fn push_escaped(out: &mut String, s: &str) {
    if plain(s) {
        out.push_str(s);
        return;
    }
    // Writing to a String cannot fail.
    let _ = escape_html(out, &without_controls(s));
}

/// True when `s` has nothing to escape or leave out, as most values have:
/// they are written as they are.
fn plain(s: &str) -> bool {
    !any_byte(s, |b| is_special(b) | is_control(b))
}

/// [`escape`] without a copy when there is nothing to escape.
pub fn escape_cow(s: &str) -> Cow<'_, str> {
    match plain(s) {
        true => s.into(),
        false => escape(s).into(),
    }
}

/// [`escape`] into a writer: tera's escape function, for every value a
/// template writes.
pub fn escape_into(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if plain(s) {
        return out.write_all(s.as_bytes());
    }
    escape_html(IoWriter(out), &without_controls(s))
}

/// Text that is written escaped (as [`escape`] does) by `Display`, so it
/// can go into `write!` without a `String` of its own.
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if plain(self.0) {
            return f.write_str(self.0);
        }
        escape_html(FmtWriter(f), &without_controls(self.0))
    }
}

/// [`escape`] for XML onto the end of `out`, with `'` as `&apos;`: the
/// form plotters' SVG backend writes, which the chart backend matches.
pub fn push_xml_escaped(out: &mut String, s: &str) {
    out.push_str(&quick_xml::escape::escape(without_controls(s)));
}

/// `s` without its control characters, copied only when it has one: a
/// control character (from a YAML escape such as "\0") has no place in
/// HTML or XML, where some make the file ill-formed.
fn without_controls(s: &str) -> Cow<'_, str> {
    match any_byte(s, is_control) {
        true => s.chars().filter(|c| !is_control_char(*c)).collect(),
        false => s.into(),
    }
}

/// Whether any byte of `s` is one `test` picks: tested 64 bytes at a time
/// without a branch, which the compiler vectorises (every value every
/// page writes goes through here).
pub(crate) fn any_byte(s: &str, test: impl Fn(u8) -> bool) -> bool {
    s.as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |any, &b| any | test(b)))
}

/// A control character left out of escaped text: C0 but tab, line feed
/// and carriage return, and DEL.
fn is_control(b: u8) -> bool {
    ((b < 0x20) & !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7f)
}

fn is_control_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_control)
}

/// The characters that become entities.
fn is_special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_drops_control_characters() {
        assert_eq!(escape("a\u{0}b\u{1b}[31mc\u{7f}"), "ab[31mc");
        assert_eq!(escape("tab\tand\nline\r"), "tab\tand\nline\r");
        assert_eq!(escape_cow("a\u{1}"), "a");
        assert_eq!(Escaped("<\u{0}>").to_string(), "&lt;&gt;");
        let mut xml = String::new();
        push_xml_escaped(&mut xml, "'\u{7f}'");
        assert_eq!(xml, "&apos;&apos;");
    }

    #[test]
    fn escape_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("€ 1.250 – café"), "€ 1.250 – café");
        assert_eq!(
            escape("<a href=\"x\">'R&D' €</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;R&amp;D&#39; €&lt;/a&gt;"
        );
        assert_eq!(escape("é&"), "é&amp;");
        let mut written = Vec::new();
        assert!(escape_into("'R&D'", &mut written).is_ok());
        assert_eq!(written, b"&#39;R&amp;D&#39;");
        assert!(matches!(escape_cow("plain é"), Cow::Borrowed("plain é")));
        // Text with nothing to escape is written as it is, by every form.
        let mut written = Vec::new();
        assert!(escape_into("plain é – 1.250", &mut written).is_ok());
        assert_eq!(written, "plain é – 1.250".as_bytes());
        assert_eq!(Escaped("plain é").to_string(), "plain é");
        let mut pushed = String::from("a ");
        push_escaped(&mut pushed, "plain é");
        assert_eq!(pushed, "a plain é");
        let mut xml = String::new();
        push_xml_escaped(&mut xml, "<a b=\"c\">'R&D'</a>");
        assert_eq!(
            xml,
            "&lt;a b=&quot;c&quot;&gt;&apos;R&amp;D&apos;&lt;/a&gt;"
        );
    }
}
