//! The YAML layer: every YAML text koers reads (front matter, site.yaml,
//! chart blocks, the theme's strings) is parsed here, with
//! [serde-saphyr](https://docs.rs/serde-saphyr). It replaced serde_yaml,
//! which is no longer maintained and gives no position per value: with
//! serde-saphyr every value that can be wrong is read as an [`At`], which
//! carries the position the parser saw it at, and parsing stops early at
//! the nesting and size limits of [`Limits`] instead of working through
//! hostile input.

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use std::fmt;
use std::ops::Deref;

/// A value with the place the YAML parser found it: 1-based line and
/// column within the parsed text, and its bytes in that text.
#[derive(Clone)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
    /// Byte offset and length of the value's source text (with quotes).
    pub span: Option<(usize, usize)>,
}

impl<T> At<T> {
    /// The value's text exactly as written in `yaml` (the text it was
    /// parsed from), quotes included.
    pub fn raw<'y>(&self, yaml: &'y str) -> Option<&'y str> {
        let (start, len) = self.span?;
        yaml.get(start..start + len)
    }

    /// Another value at this one's place (a part read out of it).
    pub fn with<U>(&self, value: U) -> At<U> {
        At {
            value,
            line: self.line,
            column: self.column,
            span: self.span,
        }
    }
}

impl<T> Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for At<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}@{}:{}", self.value, self.line, self.column)
    }
}

impl<T: fmt::Display> fmt::Display for At<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// Values compare by what they hold, wherever they were written.
impl<T: PartialEq> PartialEq for At<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let loc = spanned.referenced;
        let span = loc.span();
        Ok(At {
            value: spanned.value,
            line: loc.line() as usize,
            column: loc.column() as usize,
            span: span
                .byte_offset()
                .zip(span.byte_len())
                .map(|(o, l)| (o as usize, l as usize)),
        })
    }
}

/// How much YAML koers reads before it refuses: a hostile or broken file
/// stops with a clear error instead of taking minutes or gigabytes.
/// Set in `site.yaml` under `limits:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of lists and mappings.
    pub yaml_depth: usize,
    /// Largest front matter (or YAML file) in bytes; so also the largest
    /// single field.
    pub front_matter_bytes: usize,
    /// Most data points (rows times series) one chart may draw.
    pub chart_points: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            yaml_depth: 32,
            front_matter_bytes: 1 << 20,
            chart_points: 10_000,
        }
    }
}

/// A YAML problem, placed within the parsed text, in the author's words.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub help: Option<String>,
    /// 1-based line and column in the parsed text; 0 when unknown.
    pub line: usize,
    pub column: usize,
}

/// Parses one YAML text into `T`, within `limits`.
pub fn parse<T: DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, YamlError> {
    if text.len() > limits.front_matter_bytes {
        return Err(YamlError {
            message: format!(
                "the YAML is {} bytes, more than the limit of {} bytes",
                text.len(),
                limits.front_matter_bytes
            ),
            help: Some(
                "move long texts into the Markdown body, or raise `limits.front_matter_bytes` in site.yaml"
                    .to_string(),
            ),
            line: 1,
            column: 1,
        });
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = limits.yaml_depth;
    budget.flow_nesting_limit = limits.yaml_depth;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // Anchors and aliases are not part of koers' format; a few are
    // harmless, a flood of them is an attack.
    options.alias_limits.max_total_replayed_events = 10_000;
    // Only true and false are booleans (YAML 1.2): `y`, `no` or `on` are
    // text, like the country code NO.
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|e| describe(&e, limits))
}

/// The error in an author's words, without Rust type names.
fn describe(e: &serde_saphyr::Error, limits: &Limits) -> YamlError {
    use serde_saphyr::MessageFormatter;
    let raw = serde_saphyr::UserMessageFormatter
        .format_message(e)
        .into_owned();
    let (line, column) = e
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    let (message, help) = author_words(&raw, limits);
    YamlError {
        message,
        help,
        line,
        column,
    }
}

/// Phrases of the parser's messages, and what they mean to an author.
const PARSER_WORDS: [(&str, &str); 13] = [
    ("invalid u32", "expected a whole number (0 or more)"),
    ("invalid u64", "expected a whole number (0 or more)"),
    ("invalid usize", "expected a whole number (0 or more)"),
    ("invalid i64", "expected a whole number"),
    ("invalid f64", "expected a number"),
    ("invalid boolean", "expected true or false"),
    (
        "expected mapping start",
        "expected a mapping (lines of `key: value`)",
    ),
    (
        "expected sequence start",
        "expected a list (`[a, b]`, or lines that start with `- `)",
    ),
    (
        "expected string scalar",
        "expected a single text value, not a list or mapping",
    ),
    (
        "untagged enum Scalar",
        "expected a number or a text, not a list or mapping",
    ),
    (
        "untagged enum SumInput",
        "expected `all`, `above` or a list of row ids",
    ),
    (
        "untagged enum LicenceSpec",
        "expected the licence's `name:` (and `url:`), or `not-stated`",
    ),
    (
        "is not a finite number",
        "expected a number; .nan and .inf are not amounts",
    ),
];

/// Turns the parser's message into what an author understands, with a hint.
fn author_words(raw: &str, limits: &Limits) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let expected: Vec<&str> = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|list| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        let help = match crate::suggest::closest(field, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "this place takes no fields".to_string(),
            None => format!("valid fields here are: {}", expected.join(", ")),
        };
        return (format!("unknown field `{field}`"), Some(help));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            format!("the required field `{field}` is missing"),
            Some(format!(
                "add `{field}:` here (see docs/content-format.md for what it holds)"
            )),
        );
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("the key `{key}` is written twice"),
            Some("each key may appear only once in a mapping; remove one of them".to_string()),
        );
    }
    if raw.contains("recursion limit") || raw.contains("depth") || raw.contains("nesting") {
        return (
            format!(
                "the YAML is nested more than {} levels deep",
                limits.yaml_depth
            ),
            Some(
                "check for unclosed `[` or `{`; content never needs this much nesting (the limit is `limits.yaml_depth` in site.yaml)"
                    .to_string(),
            ),
        );
    }
    for (needle, words) in PARSER_WORDS {
        if raw.contains(needle) {
            return (words.to_string(), quoting_help(words));
        }
    }
    if raw.contains("multiple found") {
        return (
            "the YAML holds more than one document (a line `---` in the middle)".to_string(),
            Some(
                "a front matter ends at its second `---` line; remove the extra `---`".to_string(),
            ),
        );
    }
    let message = without_rust_words(raw);
    let help = if raw.contains("did not find expected") || raw.contains("mapping values") {
        Some("check the indentation, and quote values that contain `: ` or start with a special character".to_string())
    } else {
        None
    };
    (format!("invalid YAML: {message}"), help)
}

fn quoting_help(words: &str) -> Option<String> {
    words
        .contains("text")
        .then(|| "put text in quotes when it could be read as something else".to_string())
}

/// Replaces serde's Rust vocabulary that may still reach a message.
fn without_rust_words(raw: &str) -> String {
    let mut out = raw.to_string();
    for (rust, author) in [
        ("a sequence", "a list"),
        ("sequence", "list"),
        ("a map", "a mapping"),
        ("a string", "a text"),
        ("string", "text"),
        ("u32", "whole number"),
        ("u64", "whole number"),
        ("i64", "whole number"),
        ("f64", "number"),
    ] {
        out = out.replace(rust, author);
    }
    // "struct FooInput" and "enum Bar" name Rust types.
    let words: Vec<&str> = out.split(' ').collect();
    let mut kept = Vec::with_capacity(words.len());
    let mut skip_next = false;
    for w in words {
        if skip_next {
            skip_next = false;
            continue;
        }
        if w == "struct" || w == "enum" {
            kept.push("a mapping");
            skip_next = true;
            continue;
        }
        kept.push(w);
    }
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        themes: Vec<At<String>>,
        #[serde(default)]
        number: Option<u32>,
    }

    fn err(text: &str) -> YamlError {
        parse::<Doc>(text, &Limits::default()).unwrap_err()
    }

    #[test]
    fn every_value_has_its_own_position() {
        let d: Doc = parse(
            "title: a\nthemes:\n  - data\n  - data\n",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!((d.themes[0].line, d.themes[0].column), (3, 5));
        assert_eq!((d.themes[1].line, d.themes[1].column), (4, 5));
        let text = "title: a\nthemes: [\"x\", y]\n";
        let d: Doc = parse(text, &Limits::default()).unwrap();
        assert_eq!(d.themes[0].raw(text), Some("\"x\""));
        assert_eq!(d.themes[1].raw(text), Some("y"));
    }

    #[test]
    fn messages_speak_the_authors_language() {
        let e = err("title: a\ntitel: b\n");
        assert_eq!(e.message, "unknown field `titel`");
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!((e.line, e.column), (2, 1));
        assert_eq!(
            err("number: 3\n").message,
            "the required field `title` is missing"
        );
        let e = err("title: a\nnumber: -1\n");
        assert_eq!(e.message, "expected a whole number (0 or more)");
        assert_eq!((e.line, e.column), (2, 9));
        assert_eq!(
            err("title: a\ntitle: b\n").message,
            "the key `title` is written twice"
        );
        assert_eq!(
            err("title: a\nthemes: x\n").message,
            "expected a list (`[a, b]`, or lines that start with `- `)"
        );
        for text in ["title: [a]\n", "title: a\nnumber: x\n", "title: {a: 1}\n"] {
            let m = err(text).message;
            for rust in ["u32", "struct", "String", "Input", "sequence"] {
                assert!(!m.contains(rust), "{text:?} gave {m:?}");
            }
        }
    }

    #[test]
    fn deep_nesting_and_large_texts_stop_early() {
        let deep = format!("title: a\nthemes: {}\n", "[".repeat(100_000));
        let e = err(&deep);
        assert!(e.message.contains("nested more than 32 levels"), "{e:?}");
        let limits = Limits {
            front_matter_bytes: 100,
            ..Limits::default()
        };
        let big = format!("title: {}\n", "x".repeat(200));
        let e = parse::<Doc>(&big, &limits).unwrap_err();
        assert!(
            e.message.contains("more than the limit of 100 bytes"),
            "{e:?}"
        );
    }
}
