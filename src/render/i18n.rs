//! Interface strings of the generated site, from the theme's `i18n/`
//! files. Templates use them as `t.key`; Rust code as `strings.get("key")`.

use crate::chart::colours::ChartColours;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The interface strings of one language, with the theme's chart colours:
/// both reach every chart the same way.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Strings {
    map: BTreeMap<String, String>,
    #[serde(skip)]
    chart_colours: Arc<ChartColours>,
}

impl Strings {
    pub fn from_map(map: BTreeMap<String, String>) -> Self {
        Strings {
            map,
            chart_colours: Arc::new(ChartColours::builtin()),
        }
    }

    /// The Dutch strings and the chart colours of the built-in default
    /// theme.
    pub fn dutch_defaults() -> Self {
        let text = include_str!("../../themes/default/i18n/nl.yaml");
        Strings::from_map(crate::load::yaml::parse(text, &Default::default()).unwrap_or_default())
    }

    /// The theme's chart colours.
    pub fn chart_colours(&self) -> &ChartColours {
        &self.chart_colours
    }

    /// These strings with the chart colours `colours`.
    pub fn with_chart_colours(self, colours: ChartColours) -> Self {
        Strings {
            chart_colours: Arc::new(colours),
            ..self
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

    /// `fill` for a text about `n` things: the form `<key>_one` when `n` is
    /// 1 and the theme has it ("1 story"), `key` otherwise ("3 stories").
    /// A translation without the `_one` form still works, as before.
    pub fn fill_count(&self, key: &str, n: usize, values: &[(&str, &str)]) -> String {
        let one = format!("{key}_one");
        if n == 1 && self.map.contains_key(&one) {
            self.fill(&one, values)
        } else {
            self.fill(key, values)
        }
    }

    /// Replaces strings with those of `other` where it has them.
    pub fn overlay(&mut self, other: Strings) {
        self.map.extend(other.map);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_texts_take_the_singular_for_one() {
        let t = Strings::dutch_defaults();
        let desc = |n: usize| {
            t.fill_count(
                "chart_status_desc",
                n,
                &[("total", &n.to_string()), ("counts", "…")],
            )
        };
        assert_eq!(desc(1), "1 story in deze rapportage: ….");
        assert_eq!(desc(3), "3 stories in deze rapportage: ….");
        let only_plural = Strings::from_map(BTreeMap::from([("x".into(), "{n} dingen".into())]));
        assert_eq!(only_plural.fill_count("x", 1, &[("n", "1")]), "1 dingen");
    }

    #[test]
    fn every_language_of_the_default_theme_has_the_same_keys() {
        let keys = |text: &str| {
            crate::load::yaml::parse::<BTreeMap<String, String>>(text, &Default::default())
                .unwrap()
                .into_keys()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(include_str!("../../themes/default/i18n/nl.yaml")),
            keys(include_str!("../../themes/default/i18n/en.yaml"))
        );
    }
}
