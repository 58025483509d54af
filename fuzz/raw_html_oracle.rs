//! The property of the `raw_html` fuzz target, shared with
//! tests/fuzz_corpus.rs: HTML that koers' raw-HTML policy accepts holds no
//! URL that runs script once a browser has parsed it. Parsing is
//! html5ever's (through scraper), not lol_html's as in the policy, so the
//! two parsers check each other.

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: [&str; 15] = [
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "ping",
    "lowsrc",
    "dynsrc",
    "codebase",
    "srcdoc",
];

/// SVG animations, whose values set their `attributeName`.
const ANIMATIONS: [&str; 4] = ["animate", "set", "animatemotion", "animatetransform"];

/// Whether a URL, as the HTML parser left it, runs script or shows a
/// document of its own when the URL parser has read it.
fn executable(value: &str) -> bool {
    let url: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    if url.starts_with("javascript:") || url.starts_with("vbscript:") {
        return true;
    }
    url.strip_prefix("data:").is_some_and(|rest| {
        let mime = rest.split([';', ',']).next().unwrap_or("").trim();
        ![
            "image/png",
            "image/jpeg",
            "image/jpg",
            "image/gif",
            "image/webp",
        ]
        .contains(&mime)
    })
}

/// Every executable URL in `html` (parsed as a page's body), as
/// `element attribute=value`.
pub fn executable_urls(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let tag = el.name().to_ascii_lowercase();
        let animates_href = ANIMATIONS.contains(&tag.as_str())
            && el.attrs().any(|(n, v)| {
                n.eq_ignore_ascii_case("attributename")
                    && matches!(
                        v.trim().to_ascii_lowercase().as_str(),
                        "href" | "xlink:href"
                    )
            });
        for (name, value) in el.attrs() {
            let name = name.to_ascii_lowercase();
            let bad = if URL_ATTRIBUTES.contains(&name.as_str()) {
                executable(value)
            } else {
                animates_href
                    && ["values", "to", "from", "by"].contains(&name.as_str())
                    && value.split(';').any(executable)
            };
            if bad {
                found.push(format!("{tag} {name}={value:?}"));
            }
        }
    }
    found
}
