//! SVG files in the content folder are copied to the output as they are,
//! and a browser that opens one runs its scripts on the site's origin: an
//! SVG with script, event attributes, script URLs or `<foreignObject>` is
//! an error naming the file and line.

use crate::error::{Diagnostic, Diagnostics, Position};
use crate::render::sanitize::{browser_url, is_executable_url};
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// Elements of an SVG that run script or embed HTML.
const SCRIPT_ELEMENTS: [&str; 3] = ["script", "foreignobject", "handler"];

const HELP: &str = "an SVG opened in the browser runs its scripts on the site's address; remove the script, event attributes (onload=, onclick=, ...), `javascript:` links and <foreignObject> (most drawing programs can export a plain SVG), or convert the picture to PNG";

/// Checks every SVG among the assets (content-relative paths under
/// `root`); `shown` is the content folder as diagnostics show it.
pub fn check(root: &Path, shown: &Path, assets: &[String], diags: &mut Diagnostics) {
    for rel in assets {
        if !rel.to_ascii_lowercase().ends_with(".svg") {
            continue;
        }
        // An unreadable file is reported when it is copied.
        let Ok(bytes) = std::fs::read(root.join(rel)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for (line, what) in findings(&text) {
            diags.push(
                Diagnostic::error(
                    shown.join(rel),
                    Position::new(line, 1),
                    format!("the SVG file contains {what}"),
                )
                .with_help(HELP),
            );
        }
    }
}

/// What in an SVG text can run script, with its line. Reading stops at the
/// first XML error: a browser shows nothing after it either.
pub fn findings(text: &str) -> Vec<(usize, String)> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut found = Vec::new();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let line = || {
            text.as_bytes()[..at.min(text.len())]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1
        };
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                for what in element_findings(&e) {
                    found.push((line(), what));
                }
            }
            Ok(Event::DocType(d)) => {
                // Entities declared here are expanded by the browser.
                let decl = browser_url(&String::from_utf8_lossy(&d));
                if decl.contains("javascript:") || decl.contains("vbscript:") {
                    found.push((line(), "a `javascript:` URL in its DOCTYPE".to_string()));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    found
}

fn element_findings(e: &BytesStart) -> Vec<String> {
    let mut found = Vec::new();
    let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
    if SCRIPT_ELEMENTS.contains(&name.as_str()) {
        found.push(format!("a <{name}> element"));
    }
    for attr in e.attributes().with_checks(false).flatten() {
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let local = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_ascii_lowercase();
        if local.starts_with("on") {
            found.push(format!("the event attribute `{key}=`"));
            continue;
        }
        // As the browser's XML parser reads it: references resolved, white space normalised.
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(&attr.value).into_owned());
        // Animation values are lists separated by `;`.
        let script = value.split(';').map(browser_url).any(|url| {
            (url.starts_with("javascript:") || url.starts_with("vbscript:"))
                || (matches!(local.as_str(), "href")
                    && is_executable_url(&url)
                    && !url.starts_with("data:image/"))
        });
        if script {
            found.push(format!("a script URL in `{key}=`"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::findings;

    #[test]
    fn script_in_an_svg_is_found_with_its_line() {
        for (svg, line, what) in [
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>",
                2,
                "<script>",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
                1,
                "onload=",
            ),
            (
                "<svg>\n\n<a xlink:href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>",
                3,
                "xlink:href=",
            ),
            (
                "<svg><a><set attributeName=\"href\" to=\"java&#x9;script:alert(1)\"/></a></svg>",
                1,
                "to=",
            ),
            (
                "<svg><foreignObject><div>x</div></foreignObject></svg>",
                1,
                "<foreignobject>",
            ),
            ("<svg><a href=\"data:text/html,x\"/></svg>", 1, "href="),
        ] {
            let found = findings(svg);
            assert!(
                found.iter().any(|(l, w)| *l == line && w.contains(what)),
                "{svg}: {found:?}"
            );
        }
    }

    #[test]
    fn a_plain_drawing_passes() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a href=\"https://example.org/\"><rect width=\"1\" height=\"1\"/></a><image href=\"data:image/png;base64,AAAA\"/><animate attributeName=\"opacity\" values=\"0;1\"/></svg>";
        assert!(findings(svg).is_empty(), "{:?}", findings(svg));
    }
}
