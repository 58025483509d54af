//! The site's address in every form a page or file needs, made once (in
//! validation) from `base_url`.

/// Every form of the site's address. Paths and URLs end in `/`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SiteUrls {
    /// The absolute URL of this language's home: `https://x.nl/sub/`, or
    /// `https://x.nl/sub/en/` for a translation.
    pub base: String,
    /// Its path: `/sub/` (`/sub/en/`). Links within the site start here.
    pub base_path: String,
    /// The absolute URL of the default language's home: where the files
    /// the languages share (assets, sitemaps) are.
    pub root: String,
    /// Its path: `/sub/`.
    pub root_path: String,
}

impl SiteUrls {
    /// The forms of `root` (the site's base URL) for the language whose
    /// home is under `language_dir` (`""` for the default language,
    /// `"en/"` for a translation).
    pub fn new(root: &str, language_dir: &str) -> SiteUrls {
        let base = format!("{root}{language_dir}");
        SiteUrls {
            base_path: path_of(&base),
            root_path: path_of(root),
            root: root.to_string(),
            base,
        }
    }

    /// The URL of site path `path` (`/verhalen/x/`) in this language, for
    /// links: under the base path. Absolute URLs stay as they are.
    pub fn href(&self, path: &str) -> String {
        if path.contains("://") {
            return path.to_string();
        }
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The absolute URL of `path`: a path from the root of the host (with
    /// the root's base path), or one relative to the root.
    pub fn absolute(&self, path: &str) -> String {
        let root = self.root.trim_end_matches('/');
        let rel = path
            .strip_prefix(&self.root_path)
            .unwrap_or(path.trim_start_matches('/'));
        if root.contains("://") {
            format!("{root}/{rel}")
        } else {
            format!("{}{rel}", self.root_path)
        }
    }
}

/// The path part of a base URL: `https://x.nl/sub/` -> `/sub/`.
pub fn path_of(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => &after_scheme[i..],
        Some(_) => after_scheme,
        None if base_url.contains("://") => "/",
        None => after_scheme,
    };
    let mut p = path.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_urls() {
        assert_eq!(path_of("https://x.nl/"), "/");
        assert_eq!(path_of("https://x.nl"), "/");
        assert_eq!(path_of("https://x.nl/sub"), "/sub/");
        assert_eq!(path_of("/"), "/");
    }

    #[test]
    fn a_translation_links_under_its_language_and_shares_the_root() {
        let u = SiteUrls::new("https://x.nl/strategie/", "en/");
        assert_eq!(u.base, "https://x.nl/strategie/en/");
        assert_eq!(u.base_path, "/strategie/en/");
        assert_eq!(u.root_path, "/strategie/");
        assert_eq!(u.href("/verhalen/a/"), "/strategie/en/verhalen/a/");
        assert_eq!(
            u.absolute("/strategie/en/verhalen/a/"),
            "https://x.nl/strategie/en/verhalen/a/"
        );
        assert_eq!(u.absolute("/"), "https://x.nl/strategie/");
    }
}
