//! Template filters koers adds to tera: the money cells and status badges
//! that tables repeat on every row. They are filters rather than theme
//! components because a component call renders a body of its own each
//! time, and a 1 000-row report calls them 4 000 times. Their output is
//! HTML (marked safe); everything they write from the context is escaped
//! as templates escape.
//!
//! | Filter | Input | Arguments |
//! |--------|-------|-----------|
//! | `money_cell` | a money value (`text`, `pm`, `empty`) | `empty`: hidden text of an empty cell (default `t.empty_cell`); `pm`: title of a PM amount (default `t.pm_title`) |
//! | `status_badge` | a status (`level`, `derived`) | `derived`: the text for a derived level (default `t.status_derived`) |
//! | `level_badge` | a status level (`colour`, `label`) | none |
//!
//! The texts default to the page's interface strings and are looked up
//! only for the cells that show them: passing them as arguments on every
//! row cost 4 % of the instructions of a whole build.

use crate::escape::{escape_cow, push_escaped};
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// Adds koers' filters to `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("money_cell", money_cell);
    tera.register_filter("status_badge", status_badge);
    tera.register_filter("level_badge", level_badge);
}

/// A money cell: a dash with hidden text when empty, PM as `<abbr>`.
fn money_cell(value: &Value, args: Kwargs, state: &State) -> TeraResult<Value> {
    let m = object(value, "money_cell", "a money value (text, pm, empty)")?;
    let text = escape_cow(str_field(m, "text"));
    let html = if bool_field(m, "empty") {
        format!(
            "<span class=\"money-empty\">–<span class=\"visually-hidden\"> {}</span></span>",
            escape_cow(&text_arg(&args, state, "empty", "empty_cell"))
        )
        .into()
    } else if bool_field(m, "pm") {
        format!(
            "<abbr class=\"money-pm\" title=\"{}\">{text}</abbr>",
            escape_cow(&text_arg(&args, state, "pm", "pm_title"))
        )
        .into()
    } else {
        text
    };
    Ok(Value::safe_string(&html))
}

/// A status level's colour, shape and text label, and "(derived)" when
/// the level was derived rather than reported.
fn status_badge(value: &Value, args: Kwargs, state: &State) -> TeraResult<Value> {
    let status = object(value, "status_badge", "a status (level, derived)")?;
    let level = field(status, "level")
        .filter(|l| l.is_map())
        .ok_or_else(|| expected("status_badge", "a status with a level", value))?;
    let note = if bool_field(status, "derived") {
        format!(
            "<span class=\"status-derived\"> ({})</span>",
            escape_cow(&text_arg(&args, state, "derived", "status_derived"))
        )
    } else {
        String::new()
    };
    Ok(Value::safe_string(&badge(level, &note)))
}

/// A status level's colour, shape and text label.
fn level_badge(value: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    let level = object(value, "level_badge", "a status level (colour, label)")?;
    Ok(Value::safe_string(&badge(level, "")))
}

/// The badge of `level`, with `note` (HTML) after its label.
fn badge(level: &Value, note: &str) -> String {
    let (colour, label) = (str_field(level, "colour"), str_field(level, "label"));
    let mut html = String::with_capacity(96 + colour.len() + label.len() + note.len());
    html.push_str("<span class=\"status status-");
    push_escaped(&mut html, colour);
    html.push_str("\"><span class=\"status-shape\" aria-hidden=\"true\"></span>");
    push_escaped(&mut html, label);
    html.push_str(note);
    html.push_str("</span>");
    html
}

/// `value` when it is a map (the views are), an error naming the filter
/// otherwise.
fn object<'a>(value: &'a Value, filter: &str, what: &str) -> TeraResult<&'a Value> {
    if value.is_map() {
        Ok(value)
    } else {
        Err(expected(filter, what, value))
    }
}

fn expected(filter: &str, what: &str, value: &Value) -> tera::Error {
    let got = if value.is_none() || value.is_undefined() {
        "nothing".to_string()
    } else if value.is_map() {
        "an object without those fields".to_string()
    } else {
        format!("`{value}`")
    };
    tera::Error::message(format!(
        "the `{filter}` filter expects {what}, got {got} (see docs/templates.md)"
    ))
}

/// The field `key` of the map `m`: one lookup (tera's `get_from_path`
/// first splits a dotted path and tries each part as an index, for every
/// cell of every table).
fn field<'a>(m: &'a Value, key: &'a str) -> Option<&'a Value> {
    m.as_map()?.get(&tera::value::Key::Str(key))
}

fn str_field<'a>(m: &'a Value, key: &'a str) -> &'a str {
    field(m, key).and_then(Value::as_str).unwrap_or_default()
}

fn bool_field(m: &Value, key: &str) -> bool {
    field(m, key).and_then(Value::as_bool).unwrap_or(false)
}

/// The text argument `key`, else the interface string `t.<string>` of the
/// page, else nothing.
fn text_arg(args: &Kwargs, state: &State, key: &str, string: &str) -> String {
    if let Some(given) = args.get::<&str>(key).ok().flatten() {
        return given.to_string();
    }
    let t = state.get::<Value>("t").ok().flatten();
    t.as_ref()
        .and_then(|t| field(t, string))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn render(template: &str, ctx: Value) -> String {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        register(&mut tera);
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", &tera::Context::from_serialize(&ctx).unwrap())
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
    fn texts_default_to_the_interface_strings() {
        let t = json!({"empty_cell": "geen bedrag", "pm_title": "pro memorie", "status_derived": "afgeleid"});
        let empty = json!({"text": "", "pm": false, "empty": true});
        assert_eq!(
            render("{{ m | money_cell }}", json!({ "m": empty, "t": t })),
            "<span class=\"money-empty\">–<span class=\"visually-hidden\"> geen bedrag</span></span>"
        );
        let pm = json!({"text": "PM", "pm": true, "empty": false});
        assert_eq!(
            render("{{ m | money_cell }}", json!({ "m": pm, "t": t })),
            "<abbr class=\"money-pm\" title=\"pro memorie\">PM</abbr>"
        );
        assert_eq!(
            render(
                r#"{{ m | money_cell(pm="p.m.") }}"#,
                json!({ "m": pm, "t": t })
            ),
            "<abbr class=\"money-pm\" title=\"p.m.\">PM</abbr>",
            "an argument overrides the interface string"
        );
        let status =
            json!({"level": {"colour": "amber", "label": "Binnen marge"}, "derived": true});
        assert_eq!(
            render("{{ s | status_badge }}", json!({ "s": status, "t": t })),
            "<span class=\"status status-amber\"><span class=\"status-shape\" aria-hidden=\"true\"></span>Binnen marge<span class=\"status-derived\"> (afgeleid)</span></span>"
        );
    }

    #[test]
    fn a_wrong_value_names_the_filter_and_what_it_expects() {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("t.html", "{{ x | money_cell }}")
            .unwrap();
        let ctx = tera::Context::from_serialize(&json!({"x": 12})).unwrap();
        let err = tera.render("t.html", &ctx).unwrap_err();
        let msg = crate::render::tera_message(&err);
        assert!(
            msg.contains("`money_cell` filter expects a money value"),
            "{msg}"
        );
        assert!(msg.contains("got `12`"), "{msg}");
    }
}
