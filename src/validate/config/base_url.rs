//! The site's base URL: given, absolute, and in one form.

use crate::error::Diagnostics;
use crate::load::input::SiteInput;
use crate::validate::Overrides;

/// The site's address: `--base-url` or `base_url`, parsed as a URL. It
/// must be absolute (with http or https) and may not carry a query or a
/// fragment: every link, the stylesheet and the sitemaps are made from it.
/// A site cannot be published without one: sitemaps, feeds, canonical
/// links and the Woo metadata need absolute addresses (`koers serve` gives
/// its local address).
pub(super) fn base_url(
    overrides: &Overrides,
    input: &SiteInput,
    src: &crate::load::source::SourceFile,
    diags: &mut Diagnostics,
) -> String {
    let (text, pos) = match (&overrides.base_url, &input.base_url) {
        (Some(given), _) => (given.as_str(), None),
        (None, Some(at)) => (at.as_str(), Some(src.at(at))),
        (None, None) => {
            diags.push(
                crate::error::Diagnostic::error(&src.shown, crate::error::Position::new(1, 1), "the site has no address: `base_url` is missing")
                    .with_help("add the full address the site is published at to site.yaml, e.g. `base_url: https://www.provincie.nl/strategie/`, or give it to the build: `koers build --base-url https://www.provincie.nl/strategie/`; sitemaps, the feed, canonical links and the Woo metadata need it"),
            );
            return "/".to_string();
        }
    };
    match parse_base_url(text.trim()) {
        Ok(url) => {
            warn_sub_path(&url, pos, src, diags);
            url
        }
        Err(problem) => {
            let (file, pos, place) = match pos {
                Some(pos) => (src.shown.clone(), pos, "`base_url`"),
                None => (
                    std::path::PathBuf::from("--base-url"),
                    crate::error::Position::default(),
                    "--base-url",
                ),
            };
            diags.push(
                crate::error::Diagnostic::error(file, pos, format!("{place} `{text}` {problem}"))
                    .with_help("write the full address of the site, with https:// and ending in a slash, e.g. https://www.provincie.nl/strategie/"),
            );
            "/".to_string()
        }
    }
}

/// Crawlers read robots.txt at the root of a host only: a site under a
/// sub-path gets none, and the build says what the host's own robots.txt
/// needs.
fn warn_sub_path(
    url: &str,
    pos: Option<crate::error::Position>,
    src: &crate::load::source::SourceFile,
    diags: &mut Diagnostics,
) {
    let Ok(parsed) = url::Url::parse(url) else {
        return;
    };
    if parsed.path() == "/" {
        return;
    }
    let root = format!(
        "{}://{}/",
        parsed.scheme(),
        parsed.host_str().unwrap_or_default()
    );
    diags.push(
        crate::error::Diagnostic::warning(&src.shown, pos.unwrap_or(crate::error::Position::new(1, 1)), format!("the site lives under {}, so it gets no robots.txt: crawlers read only {root}robots.txt", parsed.path()))
            .with_help(format!("add this line to {root}robots.txt so that the Woo-index finds the site's sitemaps: Sitemap: {url}sitemapindex.xml")),
    );
}

/// The base URL in its one form (ending in `/`), or what is wrong with it.
fn parse_base_url(text: &str) -> Result<String, &'static str> {
    let url = url::Url::parse(text).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => "has no scheme: it is not an absolute address",
        _ => "is not a valid URL",
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("does not start with http:// or https://");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("names no host");
    }
    if url.query().is_some() {
        return Err("has a query (`?`), which every link would repeat");
    }
    if url.fragment().is_some() {
        return Err("has a fragment (`#`), which would break every link");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("holds a user name or password");
    }
    let mut out = url.to_string();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_base_url;

    #[test]
    fn base_urls_are_absolute_addresses_without_query_or_fragment() {
        assert_eq!(
            parse_base_url("https://example.org"),
            Ok("https://example.org/".into())
        );
        assert_eq!(
            parse_base_url("https://example.org/strategie"),
            Ok("https://example.org/strategie/".into())
        );
        assert_eq!(
            parse_base_url("http://localhost:1111/"),
            Ok("http://localhost:1111/".into())
        );
        for bad in [
            "koers.example.nl",
            "/strategie/",
            "//example.org/",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "ftp://example.org/",
            "javascript:alert(1)",
            "https://user:pw@example.org/",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad} was accepted");
        }
    }
}
