//! The files that are not pages: `robots.txt`, `sitemap.xml`, the sitemap
//! indexes, the DiWoo sitemaps and `metadata.xml` files, the Atom feed and
//! the redirect pages. Each is a theme template (a site overrides it as it
//! overrides a page template), rendered with one of the typed contexts
//! below; docs/templates.md lists their fields.

use super::publish::{self, absolute, publication_date, Concept};
use super::{OutputFile, Theme};
use crate::error::Diagnostics;
use crate::model::*;
use serde::Serialize;
use tera::{Context, Tera};

/// The template of each kind of file.
pub const ROBOTS: &str = "robots.txt";
pub const SITEMAP: &str = "sitemap.xml";
pub const SITEMAP_INDEX: &str = "sitemapindex.xml";
pub const DIWOO_SITEMAP: &str = "diwoo-sitemap.xml";
pub const DIWOO_METADATA: &str = "diwoo-metadata.xml";
pub const FEED: &str = "feed.xml";
pub const REDIRECT: &str = "redirect.html";

/// The URLs of the files of fixed name that every site may have, with
/// what each is: no content file may take one.
pub const FILES: &[(&str, &str)] = &[
    ("/feed.xml", "Atom feed"),
    ("/sitemap.xml", "sitemap"),
    ("/sitemapindex.xml", "sitemap index"),
    ("/robots.txt", "robots.txt"),
];

/// The context of `robots.txt`.
#[derive(Debug, Serialize)]
pub struct RobotsContext {
    /// The absolute URL of `sitemapindex.xml`.
    pub sitemap_index_url: String,
    /// The absolute URL of the site's root.
    pub root_url: String,
}

/// One `<url>` of a sitemap, or one `<sitemap>` of a sitemap index.
#[derive(Debug, Serialize)]
pub struct SitemapEntry {
    /// The absolute URL.
    pub loc: String,
    /// The date it last changed (`2024-05-01`), when known.
    pub lastmod: Option<String>,
}

/// The context of `sitemap.xml`.
#[derive(Debug, Serialize)]
pub struct SitemapContext {
    pub urls: Vec<SitemapEntry>,
}

/// The context of `sitemapindex.xml`: the site's index, and the index of
/// each Woo information category's DiWoo sitemaps.
#[derive(Debug, Serialize)]
pub struct SitemapIndexContext {
    pub sitemaps: Vec<SitemapEntry>,
}

/// The context of `diwoo-sitemap.xml`: the publications of one Woo
/// information category.
#[derive(Debug, Serialize)]
pub struct DiwooSitemapContext {
    pub urls: Vec<DiwooUrl>,
}

/// One publication in a DiWoo sitemap.
#[derive(Debug, Serialize)]
pub struct DiwooUrl {
    pub loc: String,
    pub lastmod: Option<String>,
    pub document: DiwooDocument,
}

/// The context of `diwoo-metadata.xml` (a publication's `metadata.xml`).
#[derive(Debug, Serialize)]
pub struct DiwooMetadataContext {
    pub document: DiwooDocument,
}

/// A publication's DiWoo metadata, as `partials/diwoo-document.xml` writes
/// it.
#[derive(Debug, Serialize)]
pub struct DiwooDocument {
    /// The publication's absolute URL, then its registration numbers.
    pub identifiers: Vec<String>,
    /// Publisher, responsible party and author alike.
    pub organisation: Organisation,
    pub title: String,
    pub description: Option<String>,
    pub information_category: Concept,
    pub theme: Option<Concept>,
    /// The date it was drafted (ISO 8601).
    pub created: Option<String>,
    /// The site's language, with its EU authority URI.
    pub language: Concept,
    /// The file type, with its EU authority URI: `html` for the page,
    /// `pdf` for the PDF edition.
    pub format: Concept,
    /// What was done to the document (its adoption), oldest first.
    pub actions: Vec<DocumentAction>,
    /// The file's size and hash, for a file of the publication (its PDF
    /// edition); None for its page.
    pub file: Option<FileFacts>,
}

/// A file's size and fixity, named as MDTO's `bestand` names them
/// (`omvang`, `checksumAlgoritme`, `checksumWaarde`): DiWoo 0.9.8 has no
/// element of its own for them, so they go in its `extraMetadata`.
#[derive(Debug, Serialize)]
pub struct FileFacts {
    /// Bytes.
    pub omvang: u64,
    pub checksum_algoritme: &'static str,
    /// Lower-case hexadecimal.
    pub checksum_waarde: String,
}

/// The organisation behind the site.
#[derive(Debug, Serialize)]
pub struct Organisation {
    pub name: String,
    /// Its TOOI URI, when site.yaml gives one.
    pub resource: Option<String>,
}

/// A `<diwoo:documenthandeling>`: what happened and when.
#[derive(Debug, Serialize)]
pub struct DocumentAction {
    /// The TOOI concept of the action (`vaststelling`).
    pub kind: Concept,
    /// ISO 8601 date.
    pub date: String,
}

/// The context of `feed.xml`, the Atom feed.
#[derive(Debug, Serialize)]
pub struct FeedContext {
    pub language: String,
    pub title: String,
    /// The absolute URL of the feed: its id and its `self` link.
    pub feed_url: String,
    /// The absolute URL of the home page.
    pub site_url: String,
    /// The organisation's name.
    pub author: String,
    /// The newest entry's date (ISO 8601), `1970-01-01` without entries.
    pub updated: String,
    /// Publications and reports, newest first.
    pub entries: Vec<FeedEntry>,
}

/// One publication in the feed.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub title: String,
    /// The absolute URL: the entry's id and link.
    pub url: String,
    /// The publication's date (ISO 8601), `1970-01-01` when it has none.
    pub updated: String,
    /// The kind of publication (`strategie`) and its label.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub summary: Option<String>,
}

/// The context of `redirect.html`, the page at an old URL.
#[derive(Debug, Serialize)]
pub struct RedirectContext {
    pub lang: String,
    /// The title of the page it leads to.
    pub title: String,
    /// The new URL, with the base path (for the refresh and the link).
    pub url: String,
    /// The new URL, absolute.
    pub canonical: String,
}

/// Renders the files besides the pages with the theme's templates.
pub struct Outputs<'a> {
    site: &'a Site,
    tera: &'a Tera,
    theme: &'a Theme,
    diags: Diagnostics,
}

impl<'a> Outputs<'a> {
    pub fn new(site: &'a Site, tera: &'a Tera, theme: &'a Theme) -> Self {
        Outputs {
            site,
            tera,
            theme,
            diags: Diagnostics::new(),
        }
    }

    /// The problems of the templates so far.
    pub fn finish(self) -> Diagnostics {
        self.diags
    }

    /// `path` made with `template` and `context`; nothing when the template
    /// fails (the problem is kept for [`Outputs::finish`]).
    fn render(
        &mut self,
        template: &str,
        path: String,
        context: &impl Serialize,
    ) -> Option<OutputFile> {
        let ctx = Context::from_serialize(context);
        let rendered = ctx.and_then(|ctx| self.tera.render(template, &ctx));
        match rendered {
            Ok(text) => Some(OutputFile {
                path,
                bytes: text.into_bytes(),
            }),
            Err(e) => {
                let d = super::template_error(
                    &e,
                    |n| self.theme.template_file(n),
                    &self.theme.template_file(template),
                    &format!("rendering {path} failed: "),
                );
                self.diags.push(d.with_help(
                    "check the template against the context documented in docs/templates.md",
                ));
                None
            }
        }
    }

    /// `robots.txt`: everything may be crawled; the sitemaps are named.
    /// robots.txt, for a site at the root of its host only: crawlers read
    /// no other (the build warns a site under a sub-path; see validate).
    pub fn robots(&mut self) -> Option<OutputFile> {
        if self.site.config.urls.root_path != "/" {
            return None;
        }
        let context = RobotsContext {
            sitemap_index_url: absolute(self.site, "/sitemapindex.xml"),
            root_url: absolute(self.site, "/"),
        };
        self.render(ROBOTS, "robots.txt".into(), &context)
    }

    /// `sitemap.xml` of every page in `pages`, and `sitemapindex.xml`
    /// naming it and the DiWoo sitemap index of each Woo category in use.
    pub fn sitemaps(&mut self, pages: &[String]) -> Vec<OutputFile> {
        let site = self.site;
        let (dates, newest) = publish::lastmods(site);
        let urls = pages
            .iter()
            .map(|url| SitemapEntry {
                loc: absolute(site, url),
                lastmod: dates.get(url).or(newest.as_ref()).cloned(),
            })
            .collect();
        let mut files = Vec::new();
        files.extend(self.render(SITEMAP, "sitemap.xml".into(), &SitemapContext { urls }));
        let mut index = vec![SitemapEntry {
            loc: absolute(site, "/sitemap.xml"),
            lastmod: publish::newest_date(site),
        }];
        for (category, publications) in publish::by_category(site) {
            let n = category.number();
            let sitemap_path = format!("sitemap-diwoo-infocat{n:03}-1.xml");
            let index_path = format!("sitemapindex-diwoo-infocat{n:03}.xml");
            let newest_here = publications
                .iter()
                .filter_map(|p| publication_date(p))
                .max();
            let urls = publications
                .iter()
                .flat_map(|p| diwoo_urls(site, p))
                .collect();
            files.extend(self.render(
                DIWOO_SITEMAP,
                sitemap_path.clone(),
                &DiwooSitemapContext { urls },
            ));
            let sitemaps = vec![SitemapEntry {
                loc: absolute(site, &format!("/{sitemap_path}")),
                lastmod: newest_here.clone(),
            }];
            files.extend(self.render(
                SITEMAP_INDEX,
                index_path.clone(),
                &SitemapIndexContext { sitemaps },
            ));
            index.push(SitemapEntry {
                loc: absolute(site, &format!("/{index_path}")),
                lastmod: newest_here,
            });
        }
        files.extend(self.render(
            SITEMAP_INDEX,
            "sitemapindex.xml".into(),
            &SitemapIndexContext { sitemaps: index },
        ));
        files
    }

    /// `metadata.xml` beside a publication's page.
    pub fn metadata(&mut self, p: &Publication) -> Option<OutputFile> {
        let path = format!("{}metadata.xml", p.url.trim_start_matches('/'));
        let context = DiwooMetadataContext {
            document: diwoo_document(self.site, p),
        };
        self.render(DIWOO_METADATA, path, &context)
    }

    /// The Atom feed of publications and reports, newest first.
    /// The Atom feed of the dated publications; None (no feed) when no
    /// publication has a date: koers never dates an entry itself.
    pub fn feed(&mut self) -> Option<OutputFile> {
        let site = self.site;
        let mut entries: Vec<FeedEntry> = site
            .publications
            .iter()
            .filter_map(|p| {
                Some(FeedEntry {
                    title: p.title.clone(),
                    url: absolute(site, &p.url),
                    updated: publication_date(p)?,
                    kind: p.kind.id(),
                    kind_label: p.kind.label(),
                    summary: p.summary.clone(),
                })
            })
            .collect();
        if entries.is_empty() {
            return None;
        }
        entries.sort_by(|a, b| {
            b.updated
                .cmp(&a.updated)
                .then_with(|| a.title.cmp(&b.title))
        });
        let c = &site.config;
        let context = FeedContext {
            language: c.language.clone(),
            title: c.title.clone(),
            feed_url: absolute(site, "/feed.xml"),
            site_url: absolute(site, "/"),
            author: c.organisation.name.clone(),
            updated: entries
                .first()
                .map(|e| e.updated.clone())
                .unwrap_or_default(),
            entries,
        };
        self.render(FEED, "feed.xml".into(), &context)
    }

    /// A page that sends visitors and crawlers from the old URL `from` to
    /// `to`, the page titled `title`.
    pub fn redirect(&mut self, from: &str, to: &str, title: &str) -> Option<OutputFile> {
        let site = self.site;
        let context = RedirectContext {
            lang: site.config.language.clone(),
            title: title.to_string(),
            url: format!(
                "{}{}",
                site.config.urls.base_path.clone(),
                to.trim_start_matches('/')
            ),
            canonical: absolute(site, to),
        };
        let path = from.trim_start_matches('/');
        let path = if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}index.html")
        };
        self.render(REDIRECT, path, &context)
    }
}

/// A publication's entries in its DiWoo sitemap: its page, and its PDF
/// edition as a document of its own (its own URL and file type, the same
/// metadata).
fn diwoo_urls(site: &Site, p: &Publication) -> Vec<DiwooUrl> {
    let page = DiwooUrl {
        loc: absolute(site, &p.url),
        lastmod: publication_date(p),
        document: diwoo_document(site, p),
    };
    let pdf = p.edition.get().map(|e| {
        let loc = absolute(site, &e.url);
        let mut document = diwoo_document(site, p);
        document.identifiers[0] = loc.clone();
        document.format = file_type("PDF", "pdf");
        document.file = Some(FileFacts {
            omvang: e.bytes,
            checksum_algoritme: "SHA-256",
            checksum_waarde: e.sha256.clone(),
        });
        DiwooUrl {
            loc,
            lastmod: publication_date(p),
            document,
        }
    });
    std::iter::once(page).chain(pdf).collect()
}

/// A file type of the EU authority list.
fn file_type(code: &str, label: &str) -> Concept {
    Concept {
        uri: format!("http://publications.europa.eu/resource/authority/file-type/{code}"),
        label: label.into(),
    }
}

/// The DiWoo metadata of a publication.
fn diwoo_document(site: &Site, p: &Publication) -> DiwooDocument {
    let m = publish::Metadata::of(site, p);
    let org = &site.config.organisation;
    // DiWoo dates are days: a date the source gives less precisely
    // ("eind 2020") is left out rather than made a day (the build warns).
    let day = |d: &Option<crate::model::date::FuzzyDate>| {
        d.filter(crate::model::date::FuzzyDate::is_exact)
            .map(|d| d.iso())
    };
    let adopted = day(&p.dates.adopted).map(|date| DocumentAction {
        kind: Concept {
            uri: format!("{}c_641ecd76", woo::TOOI_KERN),
            label: "vaststelling".into(),
        },
        date,
    });
    DiwooDocument {
        identifiers: std::iter::once(m.identifier)
            .chain(m.registration_numbers)
            .collect(),
        organisation: Organisation {
            name: org.name.clone(),
            resource: org.tooi.clone(),
        },
        title: m.title,
        description: m.description,
        information_category: m.information_category,
        theme: m.theme,
        created: day(&p.dates.drafted),
        language: Concept {
            uri: format!(
                "http://publications.europa.eu/resource/authority/language/{}",
                language_authority(&m.language)
            ),
            label: m.language,
        },
        format: file_type("HTML", "html"),
        actions: adopted.into_iter().collect(),
        file: None,
    }
}

/// The EU authority code of a language.
fn language_authority(lang: &str) -> &'static str {
    match lang {
        "nl" => "NLD",
        "en" => "ENG",
        "de" => "DEU",
        "fr" => "FRA",
        "fy" => "FRY",
        _ => "MUL",
    }
}
