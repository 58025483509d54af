//! Content lint: accessibility mistakes an adviser can make in Markdown,
//! each an error by default, configurable per site to a warning or off.

use std::collections::{BTreeMap, BTreeSet};

/// How a lint rule is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintLevel {
    Error,
    Warning,
    Off,
}

impl LintLevel {
    pub fn parse(s: &str) -> Option<LintLevel> {
        match s.trim().to_lowercase().as_str() {
            "error" | "fout" => Some(LintLevel::Error),
            "warning" | "waarschuwing" => Some(LintLevel::Warning),
            "off" | "uit" => Some(LintLevel::Off),
            _ => None,
        }
    }
}

/// The rules, with what each one checks.
pub const RULES: [(&str, &str); 7] = [
    ("image-alt", "an image without alt text"),
    (
        "link-text",
        "a link whose text means nothing out of context (\"klik hier\", \"lees meer\")",
    ),
    (
        "heading-order",
        "a skipped heading level, or a level-1 heading in the text",
    ),
    (
        "heading-style",
        "a heading used for styling: empty, all bold or italic, or a whole paragraph",
    ),
    ("table-header", "a table whose header row is empty"),
    ("chart-title", "a chart without a title"),
    (
        "money-notation",
        "an amount in the text written in another notation than the site's (`money_notation`); a warning unless set",
    ),
];

/// The level of every rule for one site.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    overrides: BTreeMap<String, LintLevel>,
    /// How the site's text writes amounts (site.yaml `money_notation`).
    pub money_notation: super::money::Notation,
}

impl LintConfig {
    pub fn set(&mut self, rule: &str, level: LintLevel) {
        self.overrides.insert(rule.to_string(), level);
    }

    pub fn level(&self, rule: &str) -> LintLevel {
        self.overrides.get(rule).copied().unwrap_or(match rule {
            // A matter of style: reported, but no reason to stop a build.
            "money-notation" => LintLevel::Warning,
            _ => LintLevel::Error,
        })
    }

    pub fn is_rule(rule: &str) -> bool {
        RULES.iter().any(|(r, _)| *r == rule)
    }
}

/// Link texts that say nothing about where the link goes.
pub const MEANINGLESS_LINK_TEXTS: [&str; 16] = [
    "klik hier",
    "hier",
    "klik",
    "lees meer",
    "meer",
    "lees verder",
    "verder",
    "link",
    "deze link",
    "deze pagina",
    "click here",
    "here",
    "read more",
    "more",
    "this link",
    "website",
];

/// What to do with forbidden HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HtmlMode {
    /// Fail the build with an error (the default).
    #[default]
    Reject,
    /// Remove it and warn.
    Strip,
}

/// The site's raw-HTML policy (see `render::sanitize`).
#[derive(Debug, Clone, Default)]
pub struct HtmlPolicy {
    pub mode: HtmlMode,
    /// Elements or attributes the site allows despite the defaults
    /// (`iframe`, `style`, `onclick`).
    pub allow: BTreeSet<String>,
}

impl HtmlPolicy {
    pub fn allows(&self, name: &str) -> bool {
        self.allow.contains(name)
    }
}
