//! The theme: tera templates, static assets and interface strings. A theme
//! is a folder (`themes/<name>/` with `templates/`, `static/`, `i18n/`);
//! the default theme is also built into the binary, so koers works outside
//! this repository. A site overrides any template or asset by putting a
//! file of the same name in `templates/` or `static/` beside its content,
//! and the chart colours with a `chart-colours.yaml` there.

use super::i18n::Strings;
use crate::chart::colours::ChartColours;
use crate::error::{Diagnostic, Diagnostics, Error, Position};
use crate::model::brand::{Origin, Token};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme's files, read into memory; overrides already applied.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`story.html`) -> source.
    pub templates: BTreeMap<String, String>,
    /// Asset path (`css/koers.css`) -> bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Language code -> YAML text of the strings.
    pub i18n: BTreeMap<String, String>,
    /// Where the theme came from, for messages.
    pub origin: String,
    /// Template name -> the file it was read from, for messages: a site's
    /// own `templates/` replace the theme's.
    pub template_files: BTreeMap<String, String>,
    /// The YAML text of `chart-colours.yaml` and the file it was read
    /// from; the default theme's when the theme has none.
    pub chart_colours: (String, String),
}

impl Theme {
    /// For each template: the hash of its source and of every template it
    /// depends on, and theirs in turn. A template depends on the templates
    /// it extends or includes (named in it as a tera string, in any of its
    /// three quotes) and on those that define the components it calls. A
    /// page made with a template needs making again exactly when that hash
    /// changes.
    pub fn template_hashes(&self) -> BTreeMap<&str, u64> {
        let names: Vec<&str> = self.templates.keys().map(String::as_str).collect();
        let definers: Vec<(&str, Vec<&str>)> = self
            .templates
            .iter()
            .map(|(n, src)| (n.as_str(), component_definitions(src)))
            .filter(|(_, defined)| !defined.is_empty())
            .collect();
        let named = |source: &str| -> Vec<&str> {
            let calls = component_calls(source);
            names
                .iter()
                .copied()
                .filter(|n| {
                    ['"', '\'', '`']
                        .iter()
                        .any(|q| source.contains(&format!("{q}{n}{q}")))
                })
                .chain(
                    definers
                        .iter()
                        .filter(|(_, defined)| defined.iter().any(|c| calls.contains(c)))
                        .map(|(n, _)| *n),
                )
                .collect()
        };
        let deps: BTreeMap<&str, Vec<&str>> = self
            .templates
            .iter()
            .map(|(n, src)| (n.as_str(), named(src)))
            .collect();
        names
            .iter()
            .map(|&name| {
                let mut seen: Vec<&str> = vec![name];
                let mut todo = vec![name];
                while let Some(n) = todo.pop() {
                    for &d in deps.get(n).into_iter().flatten() {
                        if !seen.contains(&d) {
                            seen.push(d);
                            todo.push(d);
                        }
                    }
                }
                seen.sort_unstable();
                let sources: Vec<(&str, &String)> =
                    seen.iter().map(|n| (*n, &self.templates[*n])).collect();
                (name, crate::fingerprint::hash_of(&sources))
            })
            .collect()
    }

    /// Loads the theme named in site.yaml, or the one given on the command
    /// line; then applies the site's own `templates/` and `static/`.
    pub fn load(explicit: Option<&Path>, name: &str, content: &Path) -> Result<Theme, Error> {
        let project = content.parent().unwrap_or(Path::new("."));
        let mut theme = match explicit {
            Some(dir) => Theme::from_dir(dir)?,
            None => {
                let candidates = [
                    project.join("themes").join(name),
                    PathBuf::from("themes").join(name),
                ];
                match candidates.iter().find(|c| c.join("templates").is_dir()) {
                    Some(dir) => Theme::from_dir(dir)?,
                    None if name == "default" => Theme::builtin(),
                    None => {
                        return Err(Error::Other(format!(
                            "theme `{name}` not found (looked in {}); use `theme: default` in site.yaml or pass --theme DIR",
                            candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(", ")
                        )))
                    }
                }
            }
        };
        theme.overlay(&project.join("templates"), &project.join("static"))?;
        theme.read_chart_colours(project)?;
        Ok(theme)
    }

    /// The default theme compiled into koers.
    pub fn builtin() -> Theme {
        let mut theme = Theme {
            origin: "built-in default theme".to_string(),
            chart_colours: default_chart_colours(),
            ..Theme::default()
        };
        collect_embedded(&DEFAULT_THEME, &mut theme);
        theme
    }

    /// Takes `chart-colours.yaml` from `dir` when it has one.
    fn read_chart_colours(&mut self, dir: &Path) -> Result<(), Error> {
        let file = dir.join(CHART_COLOURS);
        if file.is_file() {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            self.chart_colours = (text, file.display().to_string());
        }
        Ok(())
    }

    /// The chart colours, parsed.
    pub fn chart_colours(&self) -> Result<ChartColours, Diagnostics> {
        let (text, file) = &self.chart_colours;
        crate::load::yaml::parse::<ChartColours>(text, &Default::default()).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(
                    file,
                    Position::new(e.line, e.column),
                    format!("invalid chart colours: {}", e.message),
                )
                .with_help("give every colour of themes/default/chart-colours.yaml as \"#rrggbb\"; see docs/charts.md"),
            );
            d
        })
    }

    fn from_dir(dir: &Path) -> Result<Theme, Error> {
        if !dir.join("templates").is_dir() {
            return Err(Error::Other(format!(
                "{} is not a theme: it has no templates/ folder",
                dir.display()
            )));
        }
        let mut theme = Theme {
            origin: dir.display().to_string(),
            chart_colours: default_chart_colours(),
            ..Theme::default()
        };
        theme.read_chart_colours(dir)?;
        for (rel, bytes) in read_tree(&dir.join("templates"))? {
            theme.add_template(&dir.join("templates"), rel, &bytes);
        }
        for (rel, bytes) in read_tree(&dir.join("static"))? {
            theme.assets.insert(rel, bytes);
        }
        for (rel, bytes) in read_tree(&dir.join("i18n"))? {
            if let Some(lang) = rel.strip_suffix(".yaml") {
                theme.i18n.insert(
                    lang.to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                );
            }
        }
        Ok(theme)
    }

    fn overlay(&mut self, templates: &Path, assets: &Path) -> Result<(), Error> {
        for (rel, bytes) in read_tree(templates)? {
            self.add_template(templates, rel, &bytes);
        }
        for (rel, bytes) in read_tree(assets)? {
            self.assets.insert(rel, bytes);
        }
        Ok(())
    }

    fn add_template(&mut self, folder: &Path, rel: String, bytes: &[u8]) {
        self.template_files
            .insert(rel.clone(), folder.join(&rel).display().to_string());
        self.templates
            .insert(rel, String::from_utf8_lossy(bytes).into_owned());
    }

    /// The file template `name` was read from (for the built-in theme:
    /// where it is in koers' sources).
    pub fn template_file(&self, name: &str) -> String {
        self.template_files
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("themes/default/templates/{name}"))
    }

    /// The interface strings for `language`, falling back to Dutch for
    /// keys a translation lacks.
    pub fn strings(&self, language: &str) -> Result<Strings, Diagnostics> {
        let base = self.i18n.get("nl").map(String::as_str).unwrap_or("");
        let mut strings = parse_strings(base, "nl")?;
        if language != "nl" {
            match self.i18n.get(language) {
                Some(text) => strings.overlay(parse_strings(text, language)?),
                None => {
                    let mut d = Diagnostics::new();
                    d.push(
                        Diagnostic::error(
                            format!("{}/i18n/{language}.yaml", self.origin),
                            Position::default(),
                            format!("the theme has no translation for language `{language}`"),
                        )
                        .with_help(format!(
                            "add i18n/{language}.yaml to the theme (copy i18n/nl.yaml), or set `language` to one of: {}",
                            self.i18n.keys().cloned().collect::<Vec<_>>().join(", ")
                        )),
                    );
                    return Err(d);
                }
            }
        }
        Ok(strings.with_chart_colours(self.chart_colours()?))
    }
}

impl Theme {
    /// The theme's colours, for the contrast check: the custom properties
    /// of the `:root` rule of its stylesheet (`koers.css`), the chart
    /// colours as `chart.<key>` (`chart.status.green`, `chart.series.1`,
    /// `chart.axis`) and the charts' fixed text colour as `chart.text`.
    pub fn palette(&self) -> Vec<Token> {
        let mut tokens = Vec::new();
        if let Some(css) = self.assets.get(STYLESHEET) {
            let file = self.asset_file(STYLESHEET);
            for (name, value, line) in root_properties(&String::from_utf8_lossy(css)) {
                tokens.push(Token {
                    origin: Origin::Theme {
                        file: file.clone(),
                        line,
                        what: String::new(),
                    },
                    name,
                    value,
                });
            }
        }
        let (text, file) = &self.chart_colours;
        let Ok(chart) = self.chart_colours() else {
            // Reported when the charts are drawn.
            return tokens;
        };
        let s = &chart.status;
        let mut colours = vec![
            ("status.green".to_string(), s.green),
            ("status.amber".to_string(), s.amber),
            ("status.red".to_string(), s.red),
            ("status.blue".to_string(), s.blue),
            ("status.grey".to_string(), s.grey),
            ("axis".to_string(), chart.axis),
        ];
        for (i, c) in chart.series.iter().enumerate() {
            colours.push((format!("series.{}", i + 1), *c));
        }
        for (key, c) in colours {
            let hex = c.hex();
            let line = text
                .lines()
                .position(|l| l.to_ascii_lowercase().contains(&hex))
                .map_or(0, |i| i + 1);
            tokens.push(Token {
                name: format!("chart.{key}"),
                value: hex,
                origin: Origin::Theme {
                    file: file.clone(),
                    line,
                    what: String::new(),
                },
            });
        }
        let (r, g, b) = crate::chart::TEXT_RGB;
        tokens.push(Token {
            name: "chart.text".to_string(),
            value: crate::chart::colours::Rgb(r, g, b).hex(),
            origin: Origin::Theme {
                file: file.clone(),
                line: 0,
                what: "fixed in koers' charts".to_string(),
            },
        });
        tokens
    }

    /// The file a static asset of the theme is read from, for messages.
    fn asset_file(&self, name: &str) -> String {
        if self.origin.starts_with("built-in") {
            format!("themes/default/static/{name}")
        } else {
            format!("{}/static/{name}", self.origin)
        }
    }
}

/// The theme's stylesheet, whose `:root` defines the design tokens.
pub const STYLESHEET: &str = "koers.css";

/// The custom properties of the first `:root { ... }` rule of a
/// stylesheet: (name, value, line).
fn root_properties(css: &str) -> Vec<(String, String, usize)> {
    // Comments become spaces (newlines kept, for the lines).
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(open) = rest.find("/*") {
        text.push_str(&rest[..open]);
        let close = rest[open..].find("*/").map_or(rest.len(), |c| open + c + 2);
        text.extend(
            rest[open..close]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &rest[close..];
    }
    text.push_str(rest);
    let Some(start) = text
        .find(":root")
        .and_then(|r| text[r..].find('{').map(|b| r + b + 1))
    else {
        return Vec::new();
    };
    let end = text[start..].find('}').map_or(text.len(), |e| start + e);
    let mut out = Vec::new();
    let mut offset = start;
    for declaration in text[start..end].split(';') {
        let line = text[..offset + declaration.len() - declaration.trim_start().len()]
            .matches('\n')
            .count()
            + 1;
        offset += declaration.len() + 1;
        if let Some((name, value)) = declaration.split_once(':') {
            let name = name.trim();
            if name.starts_with("--") {
                out.push((name.to_string(), value.trim().to_string(), line));
            }
        }
    }
    out
}

/// The theme file of the chart colours.
const CHART_COLOURS: &str = "chart-colours.yaml";

/// The default theme's chart colours, and where they are in koers' sources.
fn default_chart_colours() -> (String, String) {
    (
        crate::chart::colours::DEFAULT_FILE.to_string(),
        format!("themes/default/{CHART_COLOURS}"),
    )
}

fn parse_strings(text: &str, lang: &str) -> Result<Strings, Diagnostics> {
    crate::load::yaml::parse::<BTreeMap<String, String>>(text, &Default::default())
        .map(Strings::from_map)
        .map_err(|e| {
            let mut d = Diagnostics::new();
            let diagnostic = Diagnostic::error(
                format!("i18n/{lang}.yaml"),
                Position::new(e.line, e.column),
                format!("invalid translation file: {}", e.message),
            );
            d.push(match e.help {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            });
            d
        })
}

/// The live-reload script `koers serve` adds to every page (it polls the
/// status, reloads on a new good build and shows a failed build's error):
/// a file of the default theme kept out of `static/`, so builds never ship it.
pub fn live_script() -> &'static [u8] {
    DEFAULT_THEME
        .get_file("serve/live.js")
        .map_or(&[], |f| f.contents())
}

fn collect_embedded(dir: &Dir<'_>, theme: &mut Theme) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = path.strip_prefix("templates/") {
            theme.templates.insert(
                rel.to_string(),
                String::from_utf8_lossy(file.contents()).into_owned(),
            );
        } else if let Some(rel) = path.strip_prefix("static/") {
            theme
                .assets
                .insert(rel.to_string(), file.contents().to_vec());
        } else if let Some(rel) = path.strip_prefix("i18n/") {
            if let Some(lang) = rel.strip_suffix(".yaml") {
                theme.i18n.insert(
                    lang.to_string(),
                    String::from_utf8_lossy(file.contents()).into_owned(),
                );
            }
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, theme);
    }
}

/// Every file below `dir` (if it exists) as (relative path, bytes).
fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Error::Other(format!("cannot read {}: {e}", dir.display())))?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        out.push((rel, bytes));
    }
    Ok(out)
}

/// The components a template defines: `{% component name(...) %}`.
fn component_definitions(source: &str) -> Vec<&str> {
    source
        .match_indices("{%")
        .filter_map(|(i, _)| {
            let tag = source[i + 2..].trim_start_matches('-').trim_start();
            tag.strip_prefix("component ")
                .map(|rest| identifier(rest.trim_start()))
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The components a template calls: `{{ <name ... /> }}`, or with a body
/// `{% <name ...> %}`.
fn component_calls(source: &str) -> Vec<&str> {
    ["{{", "{%"]
        .iter()
        .flat_map(|open| source.match_indices(open))
        .filter_map(|(i, _)| {
            let tag = source[i + 2..].trim_start_matches('-').trim_start();
            tag.strip_prefix('<').map(identifier)
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The identifier at the start of `s`.
fn identifier(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(components: &str) -> Theme {
        let t = |n: &str, s: &str| (n.to_string(), s.to_string());
        Theme {
            templates: BTreeMap::from([
                t("base.html", "<main>{% block c %}{% endblock c %}</main>"),
                t("components.html", components),
                t(
                    "page.html",
                    "{% extends \"base.html\" %}{% block c %}{{ <toc entries={[]} /> }}{% endblock c %}",
                ),
                t("plain.html", "{% extends \"base.html\" %}"),
            ]),
            assets: BTreeMap::new(),
            i18n: BTreeMap::new(),
            origin: "test".into(),
            template_files: BTreeMap::new(),
            chart_colours: default_chart_colours(),
        }
    }

    #[test]
    fn a_template_depends_on_the_components_it_calls() {
        let before = theme("{% component toc(entries) %}<nav></nav>{% endcomponent %}");
        let after = theme("{% component toc(entries) %}<nav class=\"x\"></nav>{% endcomponent %}");
        let (a, b) = (before.template_hashes(), after.template_hashes());
        assert_ne!(a["page.html"], b["page.html"], "page.html calls toc");
        assert_eq!(a["plain.html"], b["plain.html"], "plain.html calls nothing");
        assert_eq!(
            component_definitions("{%- component  story_table(s) %}"),
            ["story_table"]
        );
        assert_eq!(
            component_calls("{{- <toc x={1}/> }} {% <card a={b}> %}"),
            ["toc", "card"]
        );
    }
}
