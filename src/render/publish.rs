//! Open-government output: Woo/DiWoo metadata per publication (XML and
//! JSON), `robots.txt`, `sitemap.xml`, the DiWoo sitemap index per Woo
//! information category, the Atom feed, redirect pages, and the open
//! datasets (stories and statuses, CSV and JSON).
//!
//! Everything is derived from the model and written deterministically:
//! dates come from the content, never from the clock.

use super::OutputFile;
use crate::model::money::Money;
use crate::model::*;
use quick_xml::escape::escape;
use serde::Serialize;
use std::collections::BTreeMap;

/// The DiWoo metadata namespace.
pub const DIWOO_NS: &str = "https://standaarden.overheid.nl/diwoo/metadata/";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// An absolute URL for a site path.
pub fn absolute(site: &Site, path: &str) -> String {
    let root = site.config.root_url.trim_end_matches('/');
    let base_path = super::url::base_path(&site.config.root_url);
    let rel = path
        .strip_prefix(&base_path)
        .unwrap_or(path.trim_start_matches('/'));
    if root.contains("://") {
        format!("{root}/{rel}")
    } else {
        format!("{base_path}{rel}")
    }
}

/// The newest date in the content: the "last modified" of pages that have
/// no date of their own.
pub fn newest_date(site: &Site) -> Option<String> {
    site.publications.iter().filter_map(publication_date).max()
}

/// The date that best describes when a publication last changed.
pub fn publication_date(p: &Publication) -> Option<String> {
    [
        p.rapportage.as_ref().map(|r| r.date),
        p.dates.published,
        p.dates.adopted,
        p.dates.drafted,
    ]
    .into_iter()
    .flatten()
    .map(|d| d.iso())
    .max()
}

/// Last-modified dates by URL path, for the sitemap: a publication's (and
/// its chapters') newest date; a story's newest report; otherwise the
/// newest date of the site.
pub fn lastmods(site: &Site) -> (BTreeMap<String, String>, Option<String>) {
    let mut map = BTreeMap::new();
    for p in &site.publications {
        if let Some(d) = publication_date(p) {
            map.insert(p.url.clone(), d.clone());
            for c in &p.chapters {
                map.insert(c.url.clone(), d.clone());
            }
        }
    }
    for s in &site.stories {
        if let Some((_, r, _)) = site.history(&s.id).last() {
            map.insert(s.url.clone(), r.date.iso());
        }
    }
    (map, newest_date(site))
}

/// `robots.txt`: everything may be crawled; the sitemaps are named.
pub fn robots(site: &Site) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n\n");
    text.push_str(&format!(
        "Sitemap: {}\n",
        absolute(site, "/sitemapindex.xml")
    ));
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

/// `sitemap.xml` of every page, and `sitemapindex.xml` naming it and the
/// DiWoo sitemap index of each Woo category in use.
pub fn sitemaps(site: &Site, pages: &[String]) -> Vec<OutputFile> {
    let (dates, newest) = lastmods(site);
    let mut urlset =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{SITEMAP_NS}\">\n");
    for url in pages {
        urlset.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(absolute(site, url))
        ));
        if let Some(date) = dates.get(url).or(newest.as_ref()) {
            urlset.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        urlset.push_str("  </url>\n");
    }
    urlset.push_str("</urlset>\n");
    let mut files = vec![OutputFile {
        path: "sitemap.xml".into(),
        bytes: urlset.into_bytes(),
    }];
    let newest = newest_date(site);
    let mut index = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{SITEMAP_NS}\">\n"
    );
    index.push_str(&sitemap_entry(
        &absolute(site, "/sitemap.xml"),
        newest.as_deref(),
    ));
    for (category, publications) in by_category(site) {
        let n = category.number();
        let sitemap_path = format!("sitemap-diwoo-infocat{n:03}-1.xml");
        let index_path = format!("sitemapindex-diwoo-infocat{n:03}.xml");
        let newest_here = publications
            .iter()
            .filter_map(|p| publication_date(p))
            .max();
        files.push(OutputFile {
            path: sitemap_path.clone(),
            bytes: diwoo_sitemap(site, &publications).into_bytes(),
        });
        let mut cat_index = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{SITEMAP_NS}\">\n"
        );
        cat_index.push_str(&sitemap_entry(
            &absolute(site, &format!("/{sitemap_path}")),
            newest_here.as_deref(),
        ));
        cat_index.push_str("</sitemapindex>\n");
        files.push(OutputFile {
            path: index_path.clone(),
            bytes: cat_index.into_bytes(),
        });
        index.push_str(&sitemap_entry(
            &absolute(site, &format!("/{index_path}")),
            newest_here.as_deref(),
        ));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile {
        path: "sitemapindex.xml".into(),
        bytes: index.into_bytes(),
    });
    files
}

fn sitemap_entry(loc: &str, lastmod: Option<&str>) -> String {
    let mut s = format!("  <sitemap>\n    <loc>{}</loc>\n", escape(loc));
    if let Some(d) = lastmod {
        s.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
    }
    s.push_str("  </sitemap>\n");
    s
}

/// Publications grouped by Woo category, in the order of art. 3.3.
fn by_category(site: &Site) -> Vec<(&'static woo::Category, Vec<&Publication>)> {
    let mut groups: BTreeMap<usize, (&'static woo::Category, Vec<&Publication>)> = BTreeMap::new();
    for p in &site.publications {
        groups
            .entry(p.woo_category.number())
            .or_insert((p.woo_category, Vec::new()))
            .1
            .push(p);
    }
    groups.into_values().collect()
}

/// A sitemap whose `<url>` entries carry DiWoo metadata.
fn diwoo_sitemap(site: &Site, publications: &[&Publication]) -> String {
    let mut s = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{SITEMAP_NS}\" xmlns:diwoo=\"{DIWOO_NS}\">\n");
    for p in publications {
        s.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(absolute(site, &p.url))
        ));
        if let Some(d) = publication_date(p) {
            s.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        s.push_str(&diwoo_document(site, p, "    "));
        s.push_str("  </url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// The `<diwoo:Document>` of a publication, indented by `indent`.
pub fn diwoo_document(site: &Site, p: &Publication, indent: &str) -> String {
    let m = Metadata::of(site, p);
    let org = &site.config.organisation;
    let resource = org
        .tooi
        .as_deref()
        .map(|t| format!(" resource=\"{}\"", escape(t)))
        .unwrap_or_default();
    let org_el = |name: &str| {
        format!(
            "<diwoo:{name}{resource}>{}</diwoo:{name}>",
            escape(&org.name)
        )
    };
    let mut lines = vec![
        "<diwoo:Document>".to_string(),
        "  <diwoo:DiWoo>".to_string(),
        "    <diwoo:identifiers>".to_string(),
        format!(
            "      <diwoo:identifier>{}</diwoo:identifier>",
            escape(&m.identifier)
        ),
    ];
    for n in &m.registration_numbers {
        lines.push(format!(
            "      <diwoo:identifier>{}</diwoo:identifier>",
            escape(n)
        ));
    }
    lines.push("    </diwoo:identifiers>".into());
    lines.push(format!("    {}", org_el("publisher")));
    lines.push(format!("    {}", org_el("verantwoordelijke")));
    lines.push(format!("    {}", org_el("opsteller")));
    lines.push("    <diwoo:titelcollectie>".into());
    lines.push(format!(
        "      <diwoo:officieleTitel>{}</diwoo:officieleTitel>",
        escape(&m.title)
    ));
    lines.push("    </diwoo:titelcollectie>".into());
    if let Some(d) = &m.description {
        lines.push("    <diwoo:omschrijvingen>".into());
        lines.push(format!(
            "      <diwoo:omschrijving>{}</diwoo:omschrijving>",
            escape(d)
        ));
        lines.push("    </diwoo:omschrijvingen>".into());
    }
    lines.push("    <diwoo:classificatiecollectie>".into());
    lines.push("      <diwoo:informatiecategorieen>".into());
    lines.push(format!(
        "        <diwoo:informatiecategorie resource=\"{}\">{}</diwoo:informatiecategorie>",
        escape(&m.information_category.uri),
        escape(&m.information_category.label)
    ));
    lines.push("      </diwoo:informatiecategorieen>".into());
    lines.push("      <diwoo:themas>".into());
    lines.push(format!(
        "        <diwoo:hoofdthema resource=\"{}\">{}</diwoo:hoofdthema>",
        escape(&m.theme.uri),
        escape(&m.theme.label)
    ));
    lines.push("      </diwoo:themas>".into());
    lines.push("    </diwoo:classificatiecollectie>".into());
    if let Some(d) = &m.created {
        lines.push(format!("    <diwoo:creatiedatum>{d}</diwoo:creatiedatum>"));
    }
    lines.push(format!(
        "    <diwoo:language resource=\"http://publications.europa.eu/resource/authority/language/{}\">{}</diwoo:language>",
        language_authority(&m.language),
        escape(&m.language)
    ));
    lines.push("    <diwoo:format resource=\"http://publications.europa.eu/resource/authority/file-type/HTML\">html</diwoo:format>".into());
    let actions: Vec<(&str, &str, &Option<String>)> =
        vec![("c_641ecd76", "vaststelling", &m.adopted)];
    if actions.iter().any(|a| a.2.is_some()) {
        lines.push("    <diwoo:documenthandelingen>".into());
        for (id, label, date) in actions {
            let Some(date) = date else { continue };
            lines.push("      <diwoo:documenthandeling>".into());
            lines.push(format!(
                "        <diwoo:soortHandeling resource=\"{}{id}\">{label}</diwoo:soortHandeling>",
                woo::TOOI_KERN
            ));
            lines.push(format!(
                "        <diwoo:atTime>{date}T00:00:00</diwoo:atTime>"
            ));
            lines.push(format!("        {}", org_el("wasAssociatedWith")));
            lines.push("      </diwoo:documenthandeling>".into());
        }
        lines.push("    </diwoo:documenthandelingen>".into());
    }
    lines.push("  </diwoo:DiWoo>".into());
    lines.push("</diwoo:Document>".into());
    lines.iter().map(|l| format!("{indent}{l}\n")).collect()
}

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

/// A value with its URI: a TOOI concept.
#[derive(Debug, Clone, Serialize)]
pub struct Concept {
    pub uri: String,
    pub label: String,
}

/// The Woo / Dublin Core metadata of a publication, as written to
/// `metadata.json`, the page's `<meta>` tags and DiWoo XML.
#[derive(Debug, Clone, Serialize)]
pub struct Metadata {
    pub identifier: String,
    pub title: String,
    pub description: Option<String>,
    pub publisher: Concept,
    pub document_type: String,
    pub information_category: Concept,
    pub theme: Concept,
    pub created: Option<String>,
    pub adopted: Option<String>,
    pub adopted_by: Option<String>,
    pub published: Option<String>,
    pub registration_numbers: Vec<String>,
    pub language: String,
    pub licence: Concept,
    /// Publications this one reports on (dcterms:references).
    pub references: Vec<String>,
    /// Publications that report on this one (dcterms:isReferencedBy).
    pub referenced_by: Vec<String>,
}

impl Metadata {
    pub fn of(site: &Site, p: &Publication) -> Metadata {
        let c = &site.config;
        let iso = |d: &Option<date::FuzzyDate>| d.map(|d| d.iso());
        Metadata {
            identifier: absolute(site, &p.url),
            title: p.title.clone(),
            description: p.summary.clone(),
            publisher: Concept {
                uri: c.organisation.tooi.clone().unwrap_or_default(),
                label: c.organisation.name.clone(),
            },
            document_type: p.kind.id().to_string(),
            information_category: Concept {
                uri: p.woo_category.uri(),
                label: p.woo_category.label.to_string(),
            },
            theme: Concept {
                uri: format!("{}{}", woo::TOOI_TOP, c.woo_theme.0),
                label: c.woo_theme.1.clone(),
            },
            created: iso(&p.dates.drafted),
            adopted: iso(&p.dates.adopted),
            adopted_by: p.dates.adopted_by.clone(),
            published: iso(&p.dates.published),
            registration_numbers: p.registration_numbers.clone(),
            language: c.language.clone(),
            licence: Concept {
                uri: c.licence.url.clone().unwrap_or_default(),
                label: c.licence.name.clone(),
            },
            references: p
                .reports_on
                .iter()
                .filter_map(|r| site.publication(r))
                .map(|r| absolute(site, &r.url))
                .collect(),
            referenced_by: site
                .publications
                .iter()
                .filter(|o| o.reports_on.as_deref() == Some(p.slug.as_str()))
                .map(|o| absolute(site, &o.url))
                .collect(),
        }
    }

    /// JSON-LD (schema.org) for the page.
    pub fn json_ld(&self, p: &Publication) -> String {
        let kind = if p.rapportage.is_some() {
            "Report"
        } else {
            "CreativeWork"
        };
        let value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": kind,
            "@id": self.identifier,
            "url": self.identifier,
            "name": self.title,
            "description": self.description,
            "inLanguage": self.language,
            "dateCreated": self.created,
            "datePublished": self.published,
            "identifier": self.registration_numbers,
            "license": self.licence.uri,
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": self.publisher.label,
                "@id": self.publisher.uri,
            },
            "isBasedOn": self.references,
        });
        // Keep "</script>" out of the page's script element.
        serde_json::to_string_pretty(&value)
            .unwrap_or_default()
            .replace("</", "<\\/")
    }
}

/// `metadata.json` and `metadata.xml` beside a publication's page.
pub fn metadata_files(site: &Site, p: &Publication) -> Vec<OutputFile> {
    let dir = p.url.trim_start_matches('/');
    let m = Metadata::of(site, p);
    let json = serde_json::to_string_pretty(&m).unwrap_or_default();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        diwoo_document(site, p, "").replacen(
            "<diwoo:Document>",
            &format!("<diwoo:Document xmlns:diwoo=\"{DIWOO_NS}\">"),
            1
        )
    );
    vec![
        OutputFile {
            path: format!("{dir}metadata.json"),
            bytes: (json + "\n").into_bytes(),
        },
        OutputFile {
            path: format!("{dir}metadata.xml"),
            bytes: xml.into_bytes(),
        },
    ]
}

/// The Atom feed of publications and reports, newest first.
pub fn atom_feed(site: &Site) -> OutputFile {
    let mut items: Vec<(String, &Publication)> = site
        .publications
        .iter()
        .map(|p| {
            (
                publication_date(p).unwrap_or_else(|| "1970-01-01".into()),
                p,
            )
        })
        .collect();
    items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    let updated = items
        .first()
        .map(|i| i.0.clone())
        .unwrap_or_else(|| "1970-01-01".into());
    let c = &site.config;
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <updated>{updated}T00:00:00Z</updated>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" href=\"{}\"/>\n  <author><name>{}</name></author>\n",
        escape(&c.language),
        escape(&c.title),
        escape(absolute(site, "/feed.xml")),
        escape(absolute(site, "/feed.xml")),
        escape(absolute(site, "/")),
        escape(&c.organisation.name),
    );
    for (date, p) in items {
        let url = absolute(site, &p.url);
        s.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" href=\"{}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <category term=\"{}\" label=\"{}\"/>\n",
            escape(&p.title),
            escape(&url),
            escape(&url),
            p.kind.id(),
            p.kind.label(),
        ));
        if let Some(summary) = &p.summary {
            s.push_str(&format!("    <summary>{}</summary>\n", escape(summary)));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    OutputFile {
        path: "feed.xml".into(),
        bytes: s.into_bytes(),
    }
}

/// A page that sends visitors and crawlers from an old URL to the new one.
pub fn redirect_page(site: &Site, from: &str, to: &str, title: &str, lang: &str) -> OutputFile {
    let target = absolute(site, to);
    let local = format!(
        "{}{}",
        super::url::base_path(&site.config.base_url),
        to.trim_start_matches('/')
    );
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={l}\">\n<link rel=\"canonical\" href=\"{c}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n<p><a href=\"{l}\">{t}</a></p>\n</main>\n</body>\n</html>\n",
        t = escape(title),
        l = escape(&local),
        c = escape(&target),
    );
    let path = from.trim_start_matches('/');
    let path = if path.ends_with(".html") {
        path.to_string()
    } else {
        format!("{path}index.html")
    };
    OutputFile {
        path,
        bytes: html.into_bytes(),
    }
}

/// One row of the `stories` dataset.
#[derive(Debug, Clone, Serialize)]
pub struct StoryRecord {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub themes: Vec<String>,
    pub budget_euro: Option<MoneyValue>,
    pub owner: Option<String>,
    pub url: String,
}

/// One row of the `statuses` dataset: a story in a report.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRecord {
    pub report: String,
    pub date: String,
    pub period: Option<String>,
    pub story: String,
    pub status: String,
    pub status_label: String,
    pub status_derived: bool,
    pub planned_euro: Option<MoneyValue>,
    pub spent_euro: Option<MoneyValue>,
    pub forecast_euro: Option<MoneyValue>,
}

/// A money value in a dataset: a number of euros, or "PM".
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum MoneyValue {
    Euros(f64),
    Pm(&'static str),
}

impl MoneyValue {
    fn of(m: Option<Money>) -> Option<MoneyValue> {
        m.map(|m| match m {
            Money::Amount(c) => MoneyValue::Euros(c as f64 / 100.0),
            Money::Pm => MoneyValue::Pm("PM"),
        })
    }

    fn csv(v: &Option<MoneyValue>) -> String {
        match v {
            None => String::new(),
            Some(MoneyValue::Pm(p)) => p.to_string(),
            Some(MoneyValue::Euros(e)) if e.fract() == 0.0 => format!("{}", *e as i64),
            Some(MoneyValue::Euros(e)) => format!("{e:.2}"),
        }
    }
}

/// A column of a dataset: its Dutch name in the CSV, its English key in
/// the JSON, and what it holds.
pub struct Column {
    pub dutch: &'static str,
    pub key: &'static str,
    pub description: &'static str,
}

pub const STORY_COLUMNS: [Column; 7] = [
    Column {
        dutch: "id",
        key: "id",
        description: "Vaste sleutel van de story",
    },
    Column {
        dutch: "nummer",
        key: "number",
        description: "Nummer of code van de story",
    },
    Column {
        dutch: "titel",
        key: "title",
        description: "Titel",
    },
    Column {
        dutch: "themas",
        key: "themes",
        description: "Sleutels van de thema's, gescheiden door |",
    },
    Column {
        dutch: "budget_euro",
        key: "budget_euro",
        description: "Begroot budget in euro's; PM als het bedrag nog niet bekend is",
    },
    Column {
        dutch: "eigenaar",
        key: "owner",
        description: "Eigenaar",
    },
    Column {
        dutch: "url",
        key: "url",
        description: "Adres van de pagina van de story",
    },
];

pub const STATUS_COLUMNS: [Column; 10] = [
    Column {
        dutch: "rapportage",
        key: "report",
        description: "Sleutel van de voortgangsrapportage",
    },
    Column {
        dutch: "peildatum",
        key: "date",
        description: "Peildatum van de rapportage (ISO 8601)",
    },
    Column {
        dutch: "periode",
        key: "period",
        description: "Periode waarover gerapporteerd wordt",
    },
    Column {
        dutch: "story",
        key: "story",
        description: "Sleutel van de story",
    },
    Column {
        dutch: "status",
        key: "status",
        description: "Sleutel van het stoplichtniveau",
    },
    Column {
        dutch: "status_omschrijving",
        key: "status_label",
        description: "Tekst van het stoplichtniveau",
    },
    Column {
        dutch: "status_afgeleid",
        key: "status_derived",
        description: "ja als de redactie het niveau heeft afgeleid",
    },
    Column {
        dutch: "begroot_euro",
        key: "planned_euro",
        description: "Begroot bedrag in euro's (PM: nog niet bekend)",
    },
    Column {
        dutch: "besteed_euro",
        key: "spent_euro",
        description: "Besteed en verplicht in euro's",
    },
    Column {
        dutch: "prognose_euro",
        key: "forecast_euro",
        description: "Prognose in euro's",
    },
];

pub fn story_records(site: &Site) -> Vec<StoryRecord> {
    site.stories
        .iter()
        .map(|s| StoryRecord {
            id: s.id.clone(),
            number: s.number.clone(),
            title: s.title.clone(),
            themes: s.themes.clone(),
            budget_euro: MoneyValue::of(s.budget),
            owner: s.owner.clone(),
            url: absolute(site, &s.url),
        })
        .collect()
}

pub fn status_records(site: &Site) -> Vec<StatusRecord> {
    let mut out = Vec::new();
    for (p, r) in site.reports() {
        for e in &r.entries {
            out.push(StatusRecord {
                report: p.slug.clone(),
                date: r.date.iso(),
                period: r.period.clone(),
                story: e.story.clone(),
                status: e.level.clone(),
                status_label: site
                    .config
                    .stoplicht
                    .get(&e.level)
                    .map(|l| l.label.clone())
                    .unwrap_or_default(),
                status_derived: e.derived,
                planned_euro: MoneyValue::of(e.planned),
                spent_euro: MoneyValue::of(e.spent),
                forecast_euro: MoneyValue::of(e.forecast),
            });
        }
    }
    out
}

/// A CSV file being written, one record per line. One writer for the
/// whole file: a writer per line spent most of its time making (and
/// zeroing) the writer's buffer.
struct CsvText(csv::Writer<Vec<u8>>);

impl CsvText {
    fn new(header: impl IntoIterator<Item = &'static str>) -> CsvText {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let _ = w.write_record(header);
        CsvText(w)
    }

    fn record(&mut self, fields: &[String]) {
        // Writing to memory does not fail.
        let _ = self.0.write_record(fields);
    }

    fn into_bytes(self) -> Vec<u8> {
        self.0.into_inner().unwrap_or_default()
    }
}

/// The site-wide datasets, CSV and JSON.
pub fn datasets(site: &Site, dir: &str) -> Vec<OutputFile> {
    let stories = story_records(site);
    let mut csv = CsvText::new(STORY_COLUMNS.iter().map(|c| c.dutch));
    for s in &stories {
        csv.record(&[
            s.id.clone(),
            s.number.clone().unwrap_or_default(),
            s.title.clone(),
            s.themes.join("|"),
            MoneyValue::csv(&s.budget_euro),
            s.owner.clone().unwrap_or_default(),
            s.url.clone(),
        ]);
    }
    let statuses = status_records(site);
    let mut status_csv = CsvText::new(STATUS_COLUMNS.iter().map(|c| c.dutch));
    for s in &statuses {
        status_csv.record(&[
            s.report.clone(),
            s.date.clone(),
            s.period.clone().unwrap_or_default(),
            s.story.clone(),
            s.status.clone(),
            s.status_label.clone(),
            if s.status_derived { "ja" } else { "nee" }.to_string(),
            MoneyValue::csv(&s.planned_euro),
            MoneyValue::csv(&s.spent_euro),
            MoneyValue::csv(&s.forecast_euro),
        ]);
    }
    let file = |name: &str, bytes: Vec<u8>| OutputFile {
        path: format!("{dir}{name}"),
        bytes,
    };
    vec![
        file("stories.csv", csv.into_bytes()),
        file(
            "stories.json",
            serde_json::to_vec_pretty(&stories).unwrap_or_default(),
        ),
        file("statuses.csv", status_csv.into_bytes()),
        file(
            "statuses.json",
            serde_json::to_vec_pretty(&statuses).unwrap_or_default(),
        ),
    ]
}
