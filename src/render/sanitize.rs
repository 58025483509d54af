//! The raw-HTML policy: what HTML written inside Markdown may contain.
//! Scripts, frames, styles, event attributes and `javascript:` URLs are
//! rejected (an error naming file and line) or, when the site says so,
//! stripped. A site can allow what it needs. Parsing is lol_html's.

pub use crate::model::lint::{HtmlMode, HtmlPolicy};
use lol_html::html_content::Element;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use std::cell::RefCell;

/// Elements that run code or change the page's styling or base.
pub const FORBIDDEN_ELEMENTS: [&str; 12] = [
    "script", "iframe", "style", "object", "embed", "frame", "frameset", "applet", "base", "meta",
    "link", "noscript",
];

/// Attributes whose value is a URL that could run script.
const URL_ATTRIBUTES: [&str; 7] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
];

/// Checks (and in strip mode cleans) a piece of raw HTML. Returns the HTML
/// to output and what was forbidden in it.
pub fn apply(policy: &HtmlPolicy, html: &str) -> (String, Vec<String>) {
    {
        let this = policy;
        let findings = RefCell::new(Vec::new());
        let strip = this.mode == HtmlMode::Strip;
        let handler = |el: &mut Element| {
            let tag = el.tag_name();
            if FORBIDDEN_ELEMENTS.contains(&tag.as_str()) && !this.allows(&tag) {
                findings.borrow_mut().push(format!("<{tag}>"));
                if strip {
                    el.remove();
                }
                return Ok(());
            }
            let attributes: Vec<(String, String)> = el
                .attributes()
                .iter()
                .map(|a| (a.name(), a.value()))
                .collect();
            for (name, value) in attributes {
                let bad = if name.starts_with("on") && !this.allows(&name) {
                    Some(format!("the event attribute `{name}=`"))
                } else if name == "style" && !this.allows("style") {
                    Some(
                        "the `style=` attribute (the site's Content-Security-Policy blocks it)"
                            .to_string(),
                    )
                } else if URL_ATTRIBUTES.contains(&name.as_str()) && is_script_url(&value) {
                    Some(format!("a script URL in `{name}=`"))
                } else {
                    None
                };
                if let Some(bad) = bad {
                    findings.borrow_mut().push(bad);
                    if strip {
                        el.remove_attribute(&name);
                    }
                }
            }
            Ok(())
        };
        let settings =
            RewriteStrSettings::new().append_element_content_handler(element!("*", handler));
        let out = match rewrite_str(html, settings) {
            Ok(out) => out,
            Err(e) => {
                findings
                    .borrow_mut()
                    .push(format!("HTML that cannot be read ({e})"));
                String::new()
            }
        };
        let found = findings.into_inner();
        if strip || found.is_empty() {
            (out, found)
        } else {
            (html.to_string(), found)
        }
    }
}

/// `javascript:`, `vbscript:` and HTML `data:` URLs, however they are
/// disguised with case, spaces or control characters.
fn is_script_url(value: &str) -> bool {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("data:text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject() -> HtmlPolicy {
        HtmlPolicy::default()
    }

    #[test]
    fn safe_html_passes_unchanged() {
        let html = "<span lang=\"en\">open data</span> <abbr title=\"pro memorie\">PM</abbr>";
        assert_eq!(apply(&reject(), html), (html.to_string(), vec![]));
    }

    #[test]
    fn scripts_frames_styles_events_and_script_urls_are_found() {
        for (html, found) in [
            ("<script>alert(1)</script>", "<script>"),
            ("<iframe src=\"https://x\"></iframe>", "<iframe>"),
            ("<style>p{}</style>", "<style>"),
            ("<img src=x onerror=\"alert(1)\">", "onerror"),
            ("<a href=\" JaVa\tScript:alert(1)\">x</a>", "script URL"),
            ("<p style=\"color:red\">x</p>", "style="),
        ] {
            let (_, findings) = apply(&reject(), html);
            assert!(
                findings.iter().any(|f| f.contains(found)),
                "{html}: {findings:?}"
            );
        }
    }

    #[test]
    fn strip_mode_removes_what_is_forbidden() {
        let policy = HtmlPolicy {
            mode: HtmlMode::Strip,
            ..HtmlPolicy::default()
        };
        let (out, findings) = apply(&policy, "<p onclick=\"x()\">a</p><script>alert(1)</script>");
        assert_eq!(out, "<p>a</p>");
        assert_eq!(findings.len(), 2);
    }

    #[test]
    fn a_site_can_allow_an_element() {
        let mut policy = reject();
        policy.allow.insert("iframe".into());
        let (_, findings) = apply(&policy, "<iframe src=\"https://video.example\"></iframe>");
        assert!(findings.is_empty());
    }
}
