//! Interface strings of the generated site, from the theme's `i18n/`
//! files. Templates use them as `t.key`; Rust code as `strings.get("key")`.

use serde::Serialize;
use std::collections::BTreeMap;

/// The interface strings of one language.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Strings {
    map: BTreeMap<String, String>,
}

impl Strings {
    pub fn from_map(map: BTreeMap<String, String>) -> Self {
        Strings { map }
    }

    /// The Dutch strings of the built-in default theme.
    pub fn dutch_defaults() -> Self {
        let text = include_str!("../../themes/default/i18n/nl.yaml");
        Strings {
            map: serde_yaml::from_str(text).unwrap_or_default(),
        }
    }

    /// The text for `key`, or the key itself when it is missing, so a
    /// missing translation is visible but never fatal.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The text for `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// Replaces strings with those of `other` where it has them.
    pub fn overlay(&mut self, other: Strings) {
        self.map.extend(other.map);
    }
}
