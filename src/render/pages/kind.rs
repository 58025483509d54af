//! The page-kind registry: every kind of page koers makes, behind one
//! small trait, in the order the site's jobs run.
//!
//! Adding a kind of page is one file in this folder (a unit struct that
//! implements [`PageKind`], with its `PageBuilder` methods), one line in
//! [`KINDS`], its templates and its interface strings. The rest of the
//! render stage (jobs, fingerprints, the sitemap, redirects, the
//! reserved-URL check of validate) asks the registry.

use super::fingerprint::Fingerprints;
use super::PageBuilder;
use crate::model::{Site, SiteConfig};
use std::collections::hash_map::DefaultHasher;

/// One kind of page: what jobs it makes on a site, what each job is made
/// from (for fingerprints), which URLs it claims, and how it renders.
///
/// A job is `None` (the kind's overview, or its one page) or `Some(i)`,
/// the item at position `i` of the kind's list in the [`Site`].
pub(crate) trait PageKind: Sync {
    /// Its name in job keys and debug output: a word, no spaces.
    fn name(&self) -> &'static str;

    /// The URLs its pages may take on a site of this configuration, with
    /// what each is, whether the site has content of this kind or not: no
    /// content file may take one (see the validate stage).
    fn reserved(&self, _config: &SiteConfig) -> Vec<(String, &'static str)> {
        Vec::new()
    }

    /// Its jobs on `site`, in order; none when the site has no content of
    /// this kind (see [`crate::model::Shape`]).
    fn jobs(&self, site: &Site) -> Vec<Option<usize>>;

    /// A name of item `i` that stays when other content is added or
    /// removed (its id or slug; positions shift).
    fn id<'s>(&self, _site: &'s Site, _item: usize) -> &'s str {
        ""
    }

    /// The content-relative files item `i`'s pages are made from
    /// themselves (not those of the pages it links to).
    fn own_sources<'s>(&self, _site: &'s Site, _item: usize) -> Vec<&'s str> {
        Vec::new()
    }

    /// Hashes into `h` the content a job's pages show. By default all of
    /// it: an overview shows a little of everything.
    fn fingerprint(&self, f: &Fingerprints, _item: Option<usize>, h: &mut DefaultHasher) {
        f.everything(h);
    }

    /// The URLs of its pages on `site`, for the sitemap and link checks.
    /// By default, a kind of one page has its reserved URL when it makes
    /// its page.
    fn urls(&self, site: &Site) -> Vec<String> {
        if self.jobs(site).is_empty() {
            return Vec::new();
        }
        let reserved = self.reserved(&site.config);
        reserved.into_iter().map(|(url, _)| url).collect()
    }

    /// The old URLs that lead to its pages on `site`.
    fn redirects<'s>(&self, _site: &'s Site) -> Vec<Redirect<'s>> {
        Vec::new()
    }

    /// Renders one job's pages.
    fn render(&self, page: &mut PageBuilder, item: Option<usize>);
}

/// Old URLs of a page that lead to it.
pub(crate) struct Redirect<'s> {
    pub from: &'s [String],
    pub to: &'s str,
    pub title: &'s str,
}

impl<'s> Redirect<'s> {
    /// The old URLs `from` of the page at `to` called `title`.
    pub(super) fn new(from: &'s [String], to: &'s str, title: &'s str) -> Self {
        Redirect { from, to, title }
    }
}

/// Every kind of page, in the order of the site's jobs (which is also the
/// order of the search index).
pub(crate) static KINDS: &[&dyn PageKind] = &[
    &super::home::Home,
    &super::publication::Publications,
    &super::theme::Themes,
    &super::scenario::Scenarios,
    &super::story::Stories,
    &super::goal::Goals,
    &super::report::Reports,
    &super::page::Pages,
    &super::documents::Documents,
    &super::open_data::OpenData,
    &super::search_page::Search,
    &super::accessibility::Accessibility,
    &super::not_found::NotFound,
];

/// The kind named `name` in [`KINDS`], by its position.
pub(crate) fn kind_named(name: &str) -> Option<usize> {
    KINDS.iter().position(|k| k.name() == name)
}

/// The URLs of the pages koers may make on a site of this configuration,
/// with what each is.
pub(crate) fn reserved_urls(config: &SiteConfig) -> Vec<(String, &'static str)> {
    KINDS.iter().flat_map(|k| k.reserved(config)).collect()
}

/// The URLs of every page of `site`, sorted, each once.
pub(crate) fn page_urls(site: &Site) -> Vec<String> {
    let mut urls: Vec<String> = KINDS.iter().flat_map(|k| k.urls(site)).collect();
    urls.sort();
    urls.dedup();
    urls
}

/// The redirects of every page of `site`.
pub(crate) fn redirects(site: &Site) -> Vec<Redirect<'_>> {
    KINDS.iter().flat_map(|k| k.redirects(site)).collect()
}

/// The URL of the overview in section `segment`.
pub(super) fn section_url(segment: &str) -> String {
    format!("/{segment}/")
}

/// The job of a kind of one page: that page, when the site has what it
/// shows.
pub(super) fn single_page(present: bool) -> Vec<Option<usize>> {
    if present {
        vec![None]
    } else {
        Vec::new()
    }
}

/// The jobs of a kind with an overview and items: none without items.
pub(super) fn overview_and_items(count: usize) -> Vec<Option<usize>> {
    if count == 0 {
        return Vec::new();
    }
    std::iter::once(None).chain((0..count).map(Some)).collect()
}
