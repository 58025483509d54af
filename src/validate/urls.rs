//! Which URL belongs to which file: koers' own pages are claimed first,
//! then every page and redirect of the content; a second claim is an
//! error that names both claimants.

use super::*;

/// Which URLs are taken, by which file, to report two files claiming one.
/// koers' own pages and files are claimed first (see [`Urls::reserve`]).
#[derive(Default)]
pub(super) struct Urls {
    by_url: rustc_hash::FxHashMap<String, String>,
    /// Folders of generated files: nothing of the content may go there.
    reserved_folders: Vec<(String, String)>,
    /// Generated pages a content page of the same URL may replace, as
    /// documented: the home page and the accessibility statement.
    replaceable: Vec<String>,
    pub(super) by_source: BTreeMap<String, String>,
    /// Claims are not made here but afterwards, in order (see
    /// `validate_all`): a story validated in parallel claims nothing.
    deferred: bool,
}

impl Urls {
    pub(super) fn deferred() -> Self {
        Urls {
            deferred: true,
            ..Urls::default()
        }
    }

    /// Claims the URLs of the pages and files koers makes itself, so that
    /// no content file can take (and silently replace) them.
    pub(super) fn reserve(&mut self, config: &SiteConfig) {
        let s = &config.sections;
        let mut own = |url: String, what: &str| {
            self.by_url.insert(url, format!("koers' {what}"));
        };
        for (url, what) in crate::render::generated_urls(config) {
            own(url, what);
        }
        self.reserved_folders = [
            (crate::render::DATA_URL, "open data files"),
            (crate::render::DOCUMENTS_URL, "Woo metadata"),
            ("/assets/", "theme files"),
            (concat!("/", "search-index/"), "search index"),
        ]
        .iter()
        .map(|(u, w)| (u.to_string(), format!("koers' {w}")))
        .collect();
        self.replaceable = vec!["/".to_string(), format!("/{}/", s.accessibility)];
    }

    /// The generated files' folder that `url` lies in, if any.
    pub(super) fn reserved_folder(&self, url: &str) -> Option<&str> {
        self.reserved_folders
            .iter()
            .find(|(folder, _)| url.starts_with(folder.as_str()) && url != folder)
            .map(|(_, what)| what.as_str())
    }

    /// A static file of the content folder is copied to the same path in
    /// the output: it may not take the place of a page or a generated file.
    pub(super) fn check_assets(&self, loaded: &Loaded, diags: &mut Diagnostics) {
        for rel in &loaded.assets {
            let url = format!("/{rel}");
            let page = url.strip_suffix("index.html").filter(|u| u.ends_with('/'));
            let owner = page
                .and_then(|p| self.by_url.get(p).map(String::as_str))
                .or_else(|| self.by_url.get(&url).map(String::as_str))
                .or_else(|| self.reserved_folder(&url));
            if let Some(owner) = owner {
                diags.push(
                    Diagnostic::error(
                        loaded.site.source.shown.with_file_name(rel),
                        crate::error::Position::default(),
                        format!("the file {url} would replace {owner}"),
                    )
                    .with_help("rename or move the file; to write a page of your own, use a Markdown file in pages/"),
                );
            }
        }
    }

    /// Takes `url` for `source`, or reports who has it already (`Err`).
    pub(super) fn take(
        &mut self,
        url: &str,
        source: &crate::load::source::SourceFile,
    ) -> Result<(), String> {
        if self.deferred {
            return Ok(());
        }
        if let Some(what) = self.reserved_folder(url) {
            return Err(what.to_string());
        }
        // `/feed.xml/` would make a folder where koers writes a file.
        let file = url.trim_end_matches('/');
        if let Some(own) = self.by_url.get(file).filter(|o| o.starts_with("koers' ")) {
            return Err(own.clone());
        }
        match self.by_url.get(url) {
            Some(other) => Err(other.clone()),
            None => {
                self.by_url.insert(url.to_string(), source.rel.clone());
                Ok(())
            }
        }
    }

    /// A redirect claims its old URL, but is no link target.
    pub(super) fn claim_redirect(
        &mut self,
        url: &str,
        at: &At<String>,
        source: &crate::load::source::SourceFile,
        diags: &mut Diagnostics,
    ) {
        if let Err(other) = self.take(url, source) {
            let pos = source.at(at);
            diags.push(
                source
                    .error(
                        pos,
                        format!("the redirect {url} is also claimed by {other}"),
                    )
                    .with_help("an old URL can lead to one page only"),
            );
        }
    }

    /// A page claims its URL and becomes a link target. A page of the
    /// content may replace koers' home page or accessibility statement.
    pub(super) fn claim(
        &mut self,
        url: &str,
        source: &crate::load::source::SourceFile,
        diags: &mut Diagnostics,
    ) {
        let own = self
            .by_url
            .get(url)
            .is_some_and(|o| o.starts_with("koers' "));
        if own && self.replaceable.iter().any(|r| r == url) && !self.deferred {
            self.by_url.insert(url.to_string(), source.rel.clone());
            self.replaceable.retain(|r| r != url);
        } else if let Err(other) = self.take(url, source) {
            diags.push(
                source
                    .error(
                        crate::error::Position::new(1, 1),
                        format!("the URL {url} is also claimed by {other}"),
                    )
                    .with_help("rename one of the two files so that each page has its own URL"),
            );
        }
        self.by_source.insert(source.rel.clone(), url.to_string());
    }

    /// A page made of a part of a file (a goal, written at `at`) claims
    /// its URL; links to the file still lead to the file's own page.
    pub(super) fn claim_part(
        &mut self,
        url: &str,
        source: &crate::load::source::SourceFile,
        at: crate::error::Position,
        diags: &mut Diagnostics,
    ) {
        if let Err(other) = self.take(url, source) {
            diags.push(
                source
                    .error(at, format!("the URL {url} is also claimed by {other}"))
                    .with_help("give the goal another id, so that each page has its own URL"),
            );
        }
    }
}

/// Old URL paths: site paths like `/stories/oud/`, claimed like any URL.
pub(super) fn redirects(
    paths: &[At<String>],
    src: &crate::load::source::SourceFile,
    urls: &mut Urls,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    for p in paths {
        let clean = p.trim();
        let valid = clean.starts_with('/')
            && !clean.contains("..")
            && !clean.contains("://")
            && !clean.contains(['?', '#', '\\', '"', '<', '>']);
        if !valid {
            diags.push(
                src.error(
                    src.at(p),
                    format!("`{clean}` in `redirect_from` is not a path on this site"),
                )
                .with_help("write the old path from the site's root, e.g. /stories/oude-naam/"),
            );
            continue;
        }
        let mut url = clean.to_string();
        if !url.ends_with('/') && !url.ends_with(".html") {
            url.push('/');
        }
        urls.claim_redirect(&url, p, src, diags);
        out.push(url);
    }
    out
}
