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
const URL_ATTRIBUTES: [&str; 14] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "ping",
    "lowsrc",
    "dynsrc",
    "codebase",
];

/// SVG elements that animate another attribute; with `attributeName`
/// `href`, their `values`, `to`, `from` and `by` become the link's URL.
const ANIMATIONS: [&str; 4] = ["animate", "set", "animatemotion", "animatetransform"];

/// The attributes of an animation that carry the values it sets.
const ANIMATION_VALUES: [&str; 4] = ["values", "to", "from", "by"];

/// Image types a `data:` URL may have: pictures that cannot hold script
/// (SVG can).
const DATA_IMAGES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
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
            // Malformed or repeated attributes are read differently by
            // different parsers (a browser takes the first of two `href=`):
            // such an element is refused whole, not repaired.
            let malformed = attributes.iter().enumerate().any(|(i, (n, _))| {
                n.is_empty()
                    || !n
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                    || attributes[..i].iter().any(|(m, _)| m == n)
            });
            if malformed {
                findings
                    .borrow_mut()
                    .push(format!("malformed or repeated attributes in <{tag}>"));
                if strip {
                    el.remove();
                }
                return Ok(());
            }
            let animates_href = ANIMATIONS.contains(&tag.as_str())
                && attributes.iter().any(|(n, v)| {
                    n == "attributename"
                        && matches!(
                            browser_text(v).trim().to_ascii_lowercase().as_str(),
                            "href" | "xlink:href"
                        )
                });
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
                } else if animates_href
                    && ANIMATION_VALUES.contains(&name.as_str())
                    && browser_text(&value).split(';').any(is_script_url)
                {
                    Some(format!("a script URL in `{name}=` of an animated link"))
                } else {
                    None
                };
                if let Some(bad) = bad {
                    findings.borrow_mut().push(bad);
                    if strip {
                        // Every occurrence: with one removed, a browser
                        // would take a second `href=` of the same tag.
                        for _ in 0..=el.attributes().len() {
                            if !el.has_attribute(&name) {
                                break;
                            }
                            el.remove_attribute(&name);
                        }
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

/// An attribute's value as a browser reads it: character references
/// decoded (named and numeric, some without `;`), as in an attribute.
fn browser_text(value: &str) -> std::borrow::Cow<'_, str> {
    htmlize::unescape_attribute(value)
}

/// A URL as a browser's URL parser sees it before reading the scheme: tab,
/// newline and carriage return removed anywhere, C0 controls and spaces
/// removed at both ends, and in lower case.
pub fn browser_url(decoded: &str) -> String {
    decoded
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
}

/// Whether a URL (already decoded, see [`browser_url`]) runs script or
/// shows a document of its own: `javascript:`, `vbscript:`, and `data:`
/// unless a PNG, JPEG, GIF or WebP picture.
pub fn is_executable_url(url: &str) -> bool {
    if url.starts_with("javascript:") || url.starts_with("vbscript:") {
        return true;
    }
    match url.strip_prefix("data:") {
        Some(rest) => {
            let mime = rest.split([';', ',']).next().unwrap_or("").trim();
            !DATA_IMAGES.contains(&mime)
        }
        None => false,
    }
}

/// A raw attribute value that a browser would read as an executable URL,
/// however it is disguised with character references, case, spaces or
/// control characters.
fn is_script_url(value: &str) -> bool {
    is_executable_url(&browser_url(&browser_text(value)))
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
            ("<a href=\"&#x6A;avascript:alert(1)\">x</a>", "script URL"),
            ("<a href=\"&#106avascript:alert(1)\">x</a>", "script URL"),
            ("<a href=\"javascript&colon;alert(1)\">x</a>", "script URL"),
            ("<a href=\"java&Tab;script:alert(1)\">x</a>", "script URL"),
            ("<a href=\"java&NewLine;script:alert(1)\">x</a>", "script URL"),
            ("<a href=\"&#0000106;avascript:alert(1)\">x</a>", "script URL"),
            ("<a href=\"\u{1}\u{1f} JAVASCRIPT:alert(1)\">x</a>", "script URL"),
            ("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>", "script URL"),
            ("<a href=\"javascript:a()\" href=\"javascript:b()\">x</a>", "repeated attributes"),
            ("<a href=\"DATA:image/svg+xml;base64,PHN2Zz4=\">x</a>", "script URL"),
            ("<a href=\"data&colon;text/html,x\">x</a>", "script URL"),
            ("<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text>x</text></a></svg>", "animated link"),
            ("<svg><a><set attributeName=\"xlink:href\" to=\"javascript:alert(1)\"/></a></svg>", "animated link"),
            ("<svg><a><animate attributeName=\"&#104;ref\" values=\"https://a.example;java&#x09;script:alert(1)\"/></a></svg>", "animated link"),
        ] {
            let (_, findings) = apply(&reject(), html);
            assert!(
                findings.iter().any(|f| f.contains(found)),
                "{html}: {findings:?}"
            );
        }
    }

    #[test]
    fn harmless_urls_and_pictures_pass() {
        for html in [
            "<a href=\"https://example.org/javascript:x\">x</a>",
            "<a href=\"/stories/javascript/\">x</a>",
            "<a href=\"&amp;#x6A;avascript:x\">x</a>",
            "<img alt=\"\" src=\"data:image/png;base64,iVBORw0KGgo=\">",
            "<img alt=\"\" src=\"data:image/webp;base64,UklGRg==\">",
            "<svg><a href=\"/x\"><animate attributeName=\"opacity\" values=\"0;1\"/></a></svg>",
            "<svg><a href=\"/x\"><animate attributeName=\"href\" values=\"/a;/b\"/></a></svg>",
        ] {
            assert_eq!(apply(&reject(), html), (html.to_string(), vec![]), "{html}");
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
    fn strip_mode_removes_every_copy_of_a_bad_attribute() {
        // Found by the raw_html fuzz target: with the first of two `src=`
        // removed, a browser takes the second.
        let policy = HtmlPolicy {
            mode: HtmlMode::Strip,
            ..HtmlPolicy::default()
        };
        for html in [
            "<a href=\"javascript:a()\" href=\"javascript:b()\">x</a>",
            "<img alt=\"\" src=\"data:imag\u{feff}e\" d/=\"x\" src=\"data:imag\u{feff}e\">",
            "<a href=\"javascript:a()\" href=\"javascript:b()\" href=\"javascript:c()\">x</a>",
        ] {
            let (out, _) = apply(&policy, html);
            assert!(
                !out.contains("javascript:") && !out.contains("data:"),
                "{html} -> {out}"
            );
        }
    }

    #[test]
    fn a_site_can_allow_an_element() {
        let mut policy = reject();
        policy.allow.insert("iframe".into());
        let (_, findings) = apply(&policy, "<iframe src=\"https://video.example\"></iframe>");
        assert!(findings.is_empty());
    }
}
