//! Template filters koers adds to tera: the money cells and status badges
//! that tables repeat on every row. They are filters rather than theme
//! macros because a tera macro call costs a new frame and a rendered body
//! each time, and a 1 000-row report calls them 4 000 times. Their output
//! is HTML (marked safe); everything they write from the context is
//! escaped as tera escapes.
//!
//! | Filter | Input | Arguments |
//! |--------|-------|-----------|
//! | `money_cell` | a money value (`text`, `pm`, `empty`) | `empty`: hidden text of an empty cell; `pm`: title of a PM amount |
//! | `status_badge` | a status (`level`, `derived`) | `derived`: the text for a derived level |
//! | `level_badge` | a status level (`colour`, `label`) | none |

use std::collections::HashMap;
use tera::{escape_html, Filter, Tera, Value};

/// Adds koers' filters to `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("money_cell", MoneyCell);
    tera.register_filter("status_badge", StatusBadge);
    tera.register_filter("level_badge", LevelBadge);
}

/// A money cell: a dash with hidden text when empty, PM as `<abbr>`.
struct MoneyCell;

impl Filter for MoneyCell {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let m = object(value, "money_cell", "a money value (text, pm, empty)")?;
        let text = escape_html(str_field(m, "text"));
        let html = if bool_field(m, "empty") {
            format!(
                "<span class=\"money-empty\">–<span class=\"visually-hidden\"> {}</span></span>",
                escape_html(arg(args, "empty"))
            )
        } else if bool_field(m, "pm") {
            format!(
                "<abbr class=\"money-pm\" title=\"{}\">{text}</abbr>",
                escape_html(arg(args, "pm"))
            )
        } else {
            text
        };
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A status level's colour, shape and text label, and "(derived)" when
/// the level was derived rather than reported.
struct StatusBadge;

impl Filter for StatusBadge {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let status = object(value, "status_badge", "a status (level, derived)")?;
        let level = status
            .get("level")
            .and_then(Value::as_object)
            .ok_or_else(|| expected("status_badge", "a status with a level", value))?;
        let note = if bool_field(status, "derived") {
            format!(
                "<span class=\"status-derived\"> ({})</span>",
                escape_html(arg(args, "derived"))
            )
        } else {
            String::new()
        };
        Ok(Value::String(badge(level, &note)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A status level's colour, shape and text label.
struct LevelBadge;

impl Filter for LevelBadge {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let level = object(value, "level_badge", "a status level (colour, label)")?;
        Ok(Value::String(badge(level, "")))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

type Object = serde_json::Map<String, Value>;

/// The badge of `level`, with `note` (HTML) after its label.
fn badge(level: &Object, note: &str) -> String {
    format!(
        "<span class=\"status status-{}\"><span class=\"status-shape\" aria-hidden=\"true\"></span>{}{note}</span>",
        escape_html(str_field(level, "colour")),
        escape_html(str_field(level, "label"))
    )
}

fn object<'a>(value: &'a Value, filter: &str, what: &str) -> tera::Result<&'a Object> {
    value
        .as_object()
        .ok_or_else(|| expected(filter, what, value))
}

fn expected(filter: &str, what: &str, value: &Value) -> tera::Error {
    let got = match value {
        Value::Null => "nothing".to_string(),
        Value::Object(_) => "an object without those fields".to_string(),
        other => format!("`{other}`"),
    };
    tera::Error::msg(format!(
        "the `{filter}` filter expects {what}, got {got} (see docs/templates.md)"
    ))
}

fn str_field<'a>(m: &'a Object, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn bool_field(m: &Object, key: &str) -> bool {
    m.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn arg<'a>(args: &'a HashMap<String, Value>, key: &str) -> &'a str {
    args.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(template: &str, ctx: Value) -> String {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        register(&mut tera);
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", &tera::Context::from_value(ctx).unwrap())
            .unwrap()
    }

    const MONEY: &str = r#"{{ m | money_cell(empty="geen bedrag", pm="pro memorie") }}"#;

    #[test]
    fn money_cells_show_amounts_pm_and_empty_cells() {
        let cell = |m: Value| render(MONEY, json!({ "m": m }));
        assert_eq!(
            cell(json!({"text": "€ 250.000", "pm": false, "empty": false})),
            "€ 250.000"
        );
        assert_eq!(
            cell(json!({"text": "PM", "pm": true, "empty": false})),
            "<abbr class=\"money-pm\" title=\"pro memorie\">PM</abbr>"
        );
        assert_eq!(
            cell(json!({"text": "", "pm": false, "empty": true})),
            "<span class=\"money-empty\">–<span class=\"visually-hidden\"> geen bedrag</span></span>"
        );
        assert_eq!(
            cell(json!({"text": "<b>", "pm": false, "empty": false})),
            "&lt;b&gt;",
            "text from the context is escaped"
        );
    }

    #[test]
    fn badges_carry_colour_shape_and_label() {
        let status =
            json!({"level": {"colour": "amber", "label": "Binnen marge"}, "derived": true});
        assert_eq!(
            render(r#"{{ s | status_badge(derived="afgeleid") }}"#, json!({ "s": status })),
            "<span class=\"status status-amber\"><span class=\"status-shape\" aria-hidden=\"true\"></span>Binnen marge<span class=\"status-derived\"> (afgeleid)</span></span>"
        );
        let reported = json!({"level": {"colour": "green", "label": "Op koers"}, "derived": false});
        assert_eq!(
            render(r#"{{ s | status_badge(derived="afgeleid") }}"#, json!({ "s": reported })),
            "<span class=\"status status-green\"><span class=\"status-shape\" aria-hidden=\"true\"></span>Op koers</span>"
        );
        assert_eq!(
            render(r#"{{ s.level | level_badge }}"#, json!({ "s": status })),
            "<span class=\"status status-amber\"><span class=\"status-shape\" aria-hidden=\"true\"></span>Binnen marge</span>"
        );
    }

    #[test]
    fn a_wrong_value_names_the_filter_and_what_it_expects() {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("t.html", "{{ x | money_cell }}")
            .unwrap();
        let ctx = tera::Context::from_value(json!({"x": 12})).unwrap();
        let err = tera.render("t.html", &ctx).unwrap_err();
        let msg = crate::render::tera_message(&err);
        assert!(
            msg.contains("`money_cell` filter expects a money value"),
            "{msg}"
        );
        assert!(msg.contains("got `12`"), "{msg}");
    }
}
