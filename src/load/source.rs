//! One content file as read from disk: its text, split into YAML front
//! matter and a Markdown body, with the line numbers needed to point
//! diagnostics at the right place.

use super::yaml::At;
use crate::error::{Diagnostic, Position};
use crate::fingerprint::hash_text;
use std::path::{Path, PathBuf};

/// A content file, read and split.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    /// Path as shown in diagnostics (relative to where koers runs when possible).
    pub shown: PathBuf,
    /// The front matter text (YAML), without the `---` fences; the whole
    /// text for a `.yaml` file.
    pub front: String,
    /// The 1-based line of the file on which `front` starts.
    pub front_line: usize,
    /// The Markdown body after the front matter.
    pub body: std::sync::Arc<str>,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// Set when this file stands in for a missing translation: the
    /// language its text is in.
    pub fallback_lang: Option<String>,
    /// A hash of the text: what incremental rebuilds compare.
    pub hash: u64,
}

impl SourceFile {
    /// Reads a file, normalising a BOM and CRLF line endings, and splits
    /// off the front matter of a Markdown file.
    pub fn read(path: &Path, rel: &str, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::error(
                &shown,
                Position::default(),
                format!("cannot read file: {e}"),
            )
        })?;
        let text = decode(&bytes).map_err(|(line, column)| {
            Diagnostic::error(
                &shown,
                Position::new(line, column),
                "the file is not valid UTF-8 text",
            )
            .with_help("save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)")
        })?;
        Self::from_text(&text, rel, shown)
    }

    /// Splits text that is already in memory (used by tests and `read`).
    pub fn from_text(text: &str, rel: &str, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        if let Some((line, column, c)) = control_character(&text) {
            return Err(Diagnostic::error(
                &shown,
                Position::new(line, column),
                format!("the file holds an invisible control character (U+{:04X})", c as u32),
            )
            .with_help("delete it: it is invisible in most editors (often pasted along from a PDF or a word processor); tabs and line breaks are fine"));
        }
        if !rel.ends_with(".md") {
            return Ok(SourceFile {
                rel: rel.to_string(),
                shown,
                hash: hash_text(text.as_bytes()),
                front: text,
                front_line: 1,
                body: "".into(),
                body_line: 1,
                fallback_lang: None,
            });
        }
        let (front, body, body_line) = split_front_matter(&text).ok_or_else(|| {
            Diagnostic::error(
                &shown,
                Position::new(1, 1),
                "the front matter is never closed: no line `---` ends it",
            )
            .with_help(
                "end the YAML block at the top of the file with a line that holds only `---`",
            )
        })?;
        Ok(SourceFile {
            rel: rel.to_string(),
            shown,
            hash: hash_text(text.as_bytes()),
            front,
            front_line: 2,
            body: body.into(),
            body_line,
            fallback_lang: None,
        })
    }

    /// Where the YAML parser found `value` in this file's front matter.
    pub fn at<T>(&self, value: &At<T>) -> Position {
        if value.line == 0 {
            return Position::new(self.front_line.saturating_sub(1).max(1), 1);
        }
        Position::new(self.front_line + value.line - 1, value.column)
    }

    /// The text of `value` as written in the front matter, quotes included.
    pub fn raw<'s, T>(&'s self, value: &At<T>) -> Option<&'s str> {
        value.raw(&self.front)
    }

    /// A diagnostic at `pos` in this file.
    pub fn error(&self, pos: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.shown, pos, message)
    }

    /// A warning at `pos` in this file.
    pub fn warning(&self, pos: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(&self.shown, pos, message)
    }

    /// The URL-relevant stem of the file: `stories/e-facturen.md` -> `e-facturen`.
    pub fn stem(&self) -> &str {
        let name = self.rel.rsplit('/').next().unwrap_or(&self.rel);
        name.strip_suffix(".md")
            .or_else(|| name.strip_suffix(".yaml"))
            .unwrap_or(name)
    }
}

/// The first control character of `text` other than tab and line feed
/// (C0, DEL and C1 controls), with its 1-based line and column: none of
/// them belongs in content, and some make HTML or XML invalid.
fn control_character(text: &str) -> Option<(usize, usize, char)> {
    // Bytes, not chars: C0 and DEL are single bytes, C1 controls are
    // 0xC2 followed by 0x80-0x9F, and this runs over every content file.
    let bytes = text.as_bytes();
    // First a pass without branches, which the compiler vectorises: most
    // files have none of these bytes (0xC2 also starts harmless characters
    // such as `§` and the no-break space).
    let suspect = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f) | (b == 0xc2);
    if !crate::escape::any_byte(text, suspect) {
        return None;
    }
    let at = bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    text[at..].chars().next().map(|c| (line, column, c))
}

/// Decodes UTF-8, reporting the line and column of the first bad byte.
fn decode(bytes: &[u8]) -> Result<String, (usize, usize)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err((line, column))
        }
    }
}

/// Returns (front matter, body, body start line). A file without a leading
/// `---` line has empty front matter.
fn split_front_matter(text: &str) -> Option<(String, String, usize)> {
    let mut lines = text.split_inclusive('\n');
    let mut at = match lines.next() {
        Some(first) if first.trim_end() == "---" => first.len(),
        _ => return Some((String::new(), text.to_string(), 1)),
    };
    let mut front = String::new();
    let mut line_no = 1;
    for line in lines.by_ref() {
        line_no += 1;
        at += line.len();
        if line.trim_end() == "---" {
            // The body is the rest of the text, taken in one piece.
            return Some((front, text[at..].to_string(), line_no + 1));
        }
        front.push_str(line);
    }
    None
}

/// A path's display form relative to `base` when it is inside it.
pub fn shown_path(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile::from_text(text, "stories/x.md", PathBuf::from("content/stories/x.md")).unwrap()
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = src("---\ntitle: A\nthemes: [data]\n---\n# Kop\n");
        assert_eq!(s.front, "title: A\nthemes: [data]\n");
        assert_eq!(&*s.body, "# Kop\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn normalises_bom_and_crlf() {
        let s = src("\u{feff}---\r\ntitle: A\r\n---\r\nTekst\r\n");
        assert_eq!(s.front, "title: A\n");
        assert_eq!(&*s.body, "Tekst\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e =
            SourceFile::from_text("---\ntitle: A\n", "a.md", PathBuf::from("a.md")).unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn control_characters_are_errors_at_their_place() {
        for (text, pos) in [
            ("---\ntitle: a\u{0}b\n---\n", (2, 9)),
            ("---\ntitle: a\n---\nTekst\n\nmet \u{7}bel\n", (6, 5)),
            ("---\ntitle: a\n---\nx\u{1b}[31m\n", (4, 2)),
            ("---\ntitle: a\u{85}\n---\n", (2, 9)),
        ] {
            let e = SourceFile::from_text(text, "stories/x.md", PathBuf::from("x.md")).unwrap_err();
            assert_eq!((e.position.line, e.position.column), pos, "{text:?}");
            assert!(e.message.contains("control character"));
        }
        assert!(SourceFile::from_text(
            "---\ntitle: a\tb\n---\nx\r\ny\n",
            "a.md",
            PathBuf::from("a.md")
        )
        .is_ok());
    }

    #[test]
    fn reports_the_position_of_bad_utf8() {
        assert_eq!(decode(b"ab\ncd\xff"), Err((2, 3)));
    }
}
