//! Design-token files: the JSON of the NL Design System's packages (Style
//! Dictionary: nested objects whose leaves have a `value`; the W3C DTCG
//! format: `$value`), or Style Dictionary's flat list (objects with a
//! `path` and a `value`). Each token becomes the CSS custom property of its
//! path joined with dashes: `utrecht.document.color` ->
//! `--utrecht-document-color`. References (`{utrecht.color.blue.40}`) are
//! resolved; composite values (objects, lists) are left out.

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::model::brand::{Origin, Token};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// The largest token file koers reads (the NL Design System's biggest
/// packages are under 2 MB).
const MAX_BYTES: u64 = 16 << 20;

/// The tokens of the file `rel` (content-relative, under `root`; `shown`
/// is how messages name it), in the file's order; problems in `diags`.
pub(super) fn read(root: &Path, rel: &str, shown: &Path, diags: &mut Diagnostics) -> Vec<Token> {
    let path = root.join(rel);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES {
        diags.push(Diagnostic::error(
            shown,
            Position::new(1, 1),
            format!("the token file is {size} bytes, more than the limit of {MAX_BYTES} bytes"),
        ));
        return Vec::new();
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                shown,
                Position::new(1, 1),
                format!("the token file cannot be read: {e}"),
            ));
            return Vec::new();
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let json: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                Diagnostic::error(shown, Position::new(e.line(), e.column()), format!("the token file is not valid JSON: {e}"))
                    .with_help("a token file is JSON in the Style Dictionary format ({\"utrecht\": {\"document\": {\"color\": {\"value\": \"#1b1b1b\"}}}}) or the W3C DTCG format (`$value`)"),
            );
            return Vec::new();
        }
    };
    let mut raw = Vec::new();
    match &json {
        Value::Array(list) => flat_list(list, &mut raw),
        other => nested(other, &mut Vec::new(), &mut raw),
    }
    let file = shown.display().to_string();
    let by_path: HashMap<String, &str> = raw
        .iter()
        .map(|(path, value)| (path.join("."), value.as_str()))
        .collect();
    let mut tokens = Vec::new();
    let mut locator = Locator::new(text);
    for (path, value) in &raw {
        let (line, column) = locator.locate(path);
        let dotted = path.join(".");
        let error = |message: String, help: &str| {
            Diagnostic::error(shown, Position::new(line, column), message).with_help(help)
        };
        if let Some(bad) = path.iter().find(|s| !is_name(s)) {
            diags.push(error(
                format!("the token `{dotted}` has a name part `{bad}` that cannot be part of a CSS name"),
                "use letters, digits, `-` and `_` in token names",
            ));
            continue;
        }
        let value = match resolve(value, &by_path, 0) {
            // Some files end a value with the declaration's `;`.
            Ok(v) => v.trim().trim_end_matches(';').trim_end().to_string(),
            Err(message) => {
                diags.push(error(
                    format!("the token `{dotted}`: {message}"),
                    "a reference names another token of the file by its path: {utrecht.color.blue.40}",
                ));
                continue;
            }
        };
        if let Some(problem) = unsafe_css(&value) {
            diags.push(error(
                format!("the value `{value}` of token `{dotted}` {problem}"),
                "token values go into a stylesheet: colours, lengths, numbers, font names and the functions rgb(), hsl(), var() and calc()",
            ));
            continue;
        }
        tokens.push(Token {
            name: format!("--{}", path.join("-")),
            value,
            origin: Origin::TokenFile {
                file: file.clone(),
                line,
                column,
                path: dotted,
            },
        });
    }
    tokens
}

/// The scalar value of a token object (`value` or `$value`), as text.
fn leaf_value(map: &serde_json::Map<String, Value>) -> Option<Option<String>> {
    let value = map.get("$value").or_else(|| map.get("value"))?;
    Some(match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        // Composite tokens (typography, shadows) and booleans are no
        // single CSS value.
        _ => None,
    })
}

/// The tokens of a nested token tree: (path, value) in the file's order.
fn nested(value: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    let Value::Object(map) = value else {
        return;
    };
    if let Some(leaf) = leaf_value(map) {
        if let Some(v) = leaf.filter(|_| !path.is_empty()) {
            out.push((path.clone(), v));
        }
        return;
    }
    for (key, child) in map {
        // `$type`, `$description`, `$extensions`: about the group.
        if key.starts_with('$') {
            continue;
        }
        path.push(key.clone());
        nested(child, path, out);
        path.pop();
    }
}

/// The tokens of Style Dictionary's flat list: `[{"path": [...], "value": ...}]`.
fn flat_list(list: &[Value], out: &mut Vec<(Vec<String>, String)>) {
    for item in list {
        let Value::Object(map) = item else { continue };
        let path: Option<Vec<String>> = map.get("path").and_then(Value::as_array).map(|p| {
            p.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        });
        if let (Some(path), Some(Some(value))) = (path, leaf_value(map)) {
            if !path.is_empty() {
                out.push((path, value));
            }
        }
    }
}

/// `value` with its references (`{a.b.c}`) replaced by those tokens' values.
fn resolve(value: &str, tokens: &HashMap<String, &str>, depth: usize) -> Result<String, String> {
    if depth > 16 {
        return Err("its references lead in a circle".to_string());
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        // Style Dictionary 3 wrote `{a.b.value}`.
        let name = name
            .strip_suffix(".value")
            .or_else(|| name.strip_suffix(".$value"))
            .unwrap_or(name);
        let target = tokens
            .get(name)
            .ok_or_else(|| format!("the reference `{{{name}}}` names no token of the file"))?;
        out.push_str(&rest[..open]);
        out.push_str(&resolve(target, tokens, depth + 1)?);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A part of a CSS custom property's name.
fn is_name(part: &str) -> bool {
    !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The functions a token value may call.
const FUNCTIONS: [&str; 22] = [
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color",
    "color-mix",
    "var",
    "calc",
    "min",
    "max",
    "clamp",
    "linear-gradient",
    "radial-gradient",
    "conic-gradient",
    "repeating-linear-gradient",
    "repeating-radial-gradient",
    "repeating-conic-gradient",
];

/// Why `value` cannot go into a stylesheet as it is, or None: it could
/// end the declaration or rule, open a comment, load something (`url()`),
/// or leave a quote or bracket open.
pub(super) fn unsafe_css(value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return Some("is empty".to_string());
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_alphanumeric() || " #%.,()-+_'\"/*".contains(*c)))
    {
        return Some(format!(
            "contains `{c}`, which a stylesheet value cannot hold here"
        ));
    }
    if value.contains("/*") || value.contains("*/") {
        return Some("contains a comment".to_string());
    }
    for (i, _) in value.match_indices('(') {
        let name: String = value[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !FUNCTIONS.contains(&name.to_ascii_lowercase().as_str()) {
            return Some(format!(
                "calls `{name}()`, which koers does not allow in tokens"
            ));
        }
    }
    let mut depth = 0i32;
    for c in value.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            break;
        }
    }
    let quotes_even = |q: char| value.matches(q).count().is_multiple_of(2);
    if depth != 0 || !quotes_even('"') || !quotes_even('\'') {
        return Some("leaves a bracket or quote open".to_string());
    }
    None
}

/// Where tokens are written in a file's text, near enough: each part of
/// a token's path as a key after the one before, then its value. (The
/// JSON parser gives no positions; a file that repeats a key in an earlier
/// branch may point a line too early.) Groups are found once, so that the
/// tokens of a big file are found in one pass.
struct Locator<'t> {
    text: &'t str,
    /// Where each group (a path's first parts, joined with dots) starts.
    groups: HashMap<String, usize>,
    /// Where each line starts.
    lines: Vec<usize>,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        let lines = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            text,
            groups: HashMap::new(),
            lines,
        }
    }

    /// The line and column of the token at `path`.
    fn locate(&mut self, path: &[String]) -> (usize, usize) {
        let text = self.text;
        let mut at = 0;
        let mut group = String::new();
        for key in path {
            if !group.is_empty() {
                group.push('.');
            }
            group.push_str(key);
            at = match self.groups.get(&group) {
                Some(&known) => known,
                None => {
                    let found = text[at..]
                        .find(&format!("\"{key}\""))
                        .map_or(at, |i| at + i);
                    self.groups.insert(group.clone(), found);
                    found
                }
            };
        }
        at = text[at..].find("value\"").map_or(at, |i| at + i);
        let line = self.lines.partition_point(|&start| start <= at);
        (line, at - self.lines[line - 1] + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(json: &str) -> (Vec<(String, String, usize)>, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.json"), json).unwrap();
        let mut d = Diagnostics::new();
        let t = read(dir.path(), "t.json", Path::new("t.json"), &mut d)
            .into_iter()
            .map(|t| {
                let line = t.origin.place().1;
                (t.name, t.value, line)
            })
            .collect();
        (t, d)
    }

    #[test]
    fn nested_flat_and_dtcg_tokens_become_custom_properties() {
        let (t, d) = tokens(
            r##"{
  "utrecht": {
    "document": {
      "color": {"value": "#1b1b1b", "type": "color"},
      "background-color": {"$value": "{utrecht.color.white.value}"}
    },
    "color": {"white": {"value": "hsl(0 0% 100%)", "original": {"value": "x"}}},
    "space": {"$type": "dimension", "block": {"$value": 8}},
    "typography": {"$value": {"fontFamily": "Arial"}}
  }
}"##,
        );
        assert!(d.is_empty(), "{d}");
        assert_eq!(
            t,
            vec![
                ("--utrecht-document-color".into(), "#1b1b1b".into(), 4),
                (
                    "--utrecht-document-background-color".into(),
                    "hsl(0 0% 100%)".into(),
                    5
                ),
                ("--utrecht-color-white".into(), "hsl(0 0% 100%)".into(), 7),
                ("--utrecht-space-block".into(), "8".into(), 8),
            ]
        );
        let (t, d) = tokens(
            r##"[{"path": ["utrecht", "link", "color"], "value": "#0b4f9c", "name": "x"}]"##,
        );
        assert!(d.is_empty());
        assert_eq!(t[0].0, "--utrecht-link-color");
    }

    #[test]
    fn values_that_could_break_the_stylesheet_are_errors() {
        for bad in [
            "red; } body { display: none",
            "url(https://tracker.example/x.png)",
            "#fff /* x",
            "\"Arial",
            "calc((1px)",
            "a\\62",
            "expression(alert(1))",
        ] {
            assert!(unsafe_css(bad).is_some(), "{bad}");
        }
        for good in [
            "#1b1b1b",
            "hsl(0 0% 0% / 50%)",
            "\"Noto Sans Variable\", \"Arial\", sans-serif",
            "calc(2 * var(--x))",
            "1.5",
        ] {
            assert_eq!(unsafe_css(good), None, "{good}");
        }
        let (t, d) = tokens(
            r#"{"a": {"value": "red;}"}, "b": {"value": "{nope}"}, "c d": {"value": "1"}, "e": {"value": "{e}"}}"#,
        );
        assert!(t.is_empty());
        let messages: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("`red;}`"));
        assert!(messages[1].contains("`{nope}` names no token"));
        assert!(messages[2].contains("`c d`"));
        assert!(messages[3].contains("circle"));
        let (_, d) = tokens("{\"a\": \n}");
        assert_eq!(d.iter().next().unwrap().position.line, 2);
    }
}
