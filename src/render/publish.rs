//! Open-government data: Woo/DiWoo metadata per publication (and its
//! `metadata.json`), the dates sitemaps and the feed show, and the open
//! datasets (stories and statuses, CSV and JSON). The XML and text files
//! are theme templates (see [`super::outputs`]).
//!
//! Everything is derived from the model and written deterministically:
//! dates come from the content, never from the clock.

use super::OutputFile;
use crate::model::money::Money;
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// An absolute URL for a site path.
pub fn absolute(site: &Site, path: &str) -> String {
    site.config.urls.absolute(path)
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

/// Publications grouped by Woo category, in the order of art. 3.3.
pub fn by_category(site: &Site) -> Vec<(&'static woo::Category, Vec<&Publication>)> {
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
    pub theme: Option<Concept>,
    pub created: Option<String>,
    pub adopted: Option<String>,
    pub adopted_by: Option<String>,
    pub published: Option<String>,
    pub registration_numbers: Vec<String>,
    pub language: String,
    /// Absent when the site states no licence.
    pub licence: Option<Concept>,
    /// Publications this one reports on (dcterms:references).
    pub references: Vec<String>,
    /// Publications that report on this one (dcterms:isReferencedBy).
    pub referenced_by: Vec<String>,
    /// Its PDF edition, when koers made one.
    pub pdf: Option<FileMetadata>,
}

/// A file of a publication: where it is, what it is, its size and hash.
#[derive(Debug, Clone, Serialize)]
pub struct FileMetadata {
    /// The absolute URL.
    pub url: String,
    /// Its media type (`application/pdf`).
    pub format: &'static str,
    /// Its size in bytes.
    pub bytes: u64,
    /// The SHA-256 hash of its bytes, lower-case hexadecimal.
    pub sha256: String,
}

impl FileMetadata {
    /// The metadata of a publication's PDF edition.
    pub fn pdf(site: &Site, e: &Edition) -> FileMetadata {
        FileMetadata {
            url: absolute(site, &e.url),
            format: "application/pdf",
            bytes: e.bytes,
            sha256: e.sha256.clone(),
        }
    }
}

impl Metadata {
    pub fn of(site: &Site, p: &Publication) -> Metadata {
        let c = &site.config;
        let iso = |d: &Option<date::FuzzyDate>| d.map(|d| d.iso_as_given());
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
            theme: c.woo_theme.as_ref().map(|(id, label)| Concept {
                uri: format!("{}{}", woo::TOOI_TOP, id),
                label: label.clone(),
            }),
            created: iso(&p.dates.drafted),
            adopted: iso(&p.dates.adopted),
            adopted_by: p.dates.adopted_by.clone(),
            published: iso(&p.dates.published),
            registration_numbers: p.registration_numbers.clone(),
            language: c.language.clone(),
            licence: c.licence.as_ref().map(|l| Concept {
                uri: l.url.clone().unwrap_or_default(),
                label: l.name.clone(),
            }),
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
            pdf: p.edition.get().map(|e| FileMetadata::pdf(site, e)),
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
            "license": self.licence.as_ref().map(|l| l.uri.as_str()).filter(|u| !u.is_empty()),
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": self.publisher.label,
                "@id": self.publisher.uri,
            },
            "isBasedOn": self.references,
        });
        // Keep "</script>" out of the page's script element.
        serde_json::to_string_pretty(&without_empty(value))
            .unwrap_or_default()
            .replace("</", "<\\/")
    }
}

/// `value` without null, empty texts, empty lists and empty objects: a
/// metadata field koers has nothing for is left out, never written empty.
fn without_empty(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, without_empty(v)))
                .filter(|(_, v)| !empty(v))
                .collect(),
        ),
        Value::Array(list) => Value::Array(
            list.into_iter()
                .map(without_empty)
                .filter(|v| !empty(v))
                .collect(),
        ),
        other => other,
    }
}

/// `metadata.json` beside a publication's page (`metadata.xml` is a
/// template: see [`super::outputs`]).
pub fn metadata_json(site: &Site, p: &Publication) -> OutputFile {
    let value = serde_json::to_value(Metadata::of(site, p)).unwrap_or_default();
    let json = serde_json::to_string_pretty(&without_empty(value)).unwrap_or_default();
    OutputFile {
        path: format!("{}metadata.json", p.url.trim_start_matches('/')),
        bytes: (json + "\n").into_bytes(),
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

/// A money value in a dataset: euros, exactly (see
/// [`super::table_data::euro_json`]: whole euros as a number, others as
/// decimal text), or "PM".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MoneyValue {
    Cents(i64),
    Pm,
}

impl Serialize for MoneyValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MoneyValue::Cents(c) => super::table_data::euro_json(*c).serialize(s),
            MoneyValue::Pm => s.serialize_str("PM"),
        }
    }
}

impl MoneyValue {
    fn of(m: Option<Money>) -> Option<MoneyValue> {
        m.map(|m| match m {
            Money::Amount(c) => MoneyValue::Cents(c),
            Money::Pm => MoneyValue::Pm,
        })
    }

    fn csv(v: &Option<MoneyValue>) -> String {
        match v {
            None => String::new(),
            Some(MoneyValue::Pm) => "PM".to_string(),
            Some(MoneyValue::Cents(c)) => super::table_data::euro_text(*c),
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

pub const INDICATOR_COLUMNS: [Column; 7] = [
    Column {
        dutch: "thema",
        key: "theme",
        description: "Sleutel van het thema waar de indicator bij hoort",
    },
    Column {
        dutch: "doel",
        key: "goal",
        description: "Sleutel van het doel dat de indicator meet (leeg: geen)",
    },
    Column {
        dutch: "indicator",
        key: "indicator",
        description: "De indicator",
    },
    Column {
        dutch: "eenheid",
        key: "unit",
        description: "De eenheid van waarde en streefwaarde",
    },
    Column {
        dutch: "waarde",
        key: "value",
        description: "De gemeten waarde, zoals de bron die geeft (leeg: nog niet gemeten)",
    },
    Column {
        dutch: "streefwaarde",
        key: "target",
        description: "De streefwaarde, zoals de bron die geeft",
    },
    Column {
        dutch: "toelichting",
        key: "note",
        description: "Toelichting bij de indicator",
    },
];

/// One indicator of a theme, as the indicators dataset has it.
#[derive(Debug, Serialize)]
pub struct IndicatorRecord {
    pub theme: String,
    pub goal: Option<String>,
    pub indicator: String,
    pub unit: Option<String>,
    pub value: Option<String>,
    pub target: Option<String>,
    pub note: Option<String>,
}

/// Every indicator of every theme, theme by theme.
pub fn indicator_records(site: &Site) -> Vec<IndicatorRecord> {
    site.themas
        .iter()
        .flat_map(|t| {
            t.indicators.iter().map(|i| IndicatorRecord {
                theme: t.id.clone(),
                goal: i.goal.clone(),
                indicator: i.title.clone(),
                unit: i.unit.clone(),
                value: i.value.clone(),
                target: i.target.clone(),
                note: i.note.clone(),
            })
        })
        .collect()
}

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
                date: r.date.iso_as_given(),
                period: r.period.clone(),
                story: e.story.clone(),
                status: e.level.id.clone(),
                status_label: e.level.label.clone(),
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
    // A dataset without rows is not published (see `model::Shape`).
    let mut files = Vec::new();
    if !stories.is_empty() {
        files.push(file("stories.csv", csv.into_bytes()));
        files.push(file(
            "stories.json",
            serde_json::to_vec_pretty(&stories).unwrap_or_default(),
        ));
    }
    if !statuses.is_empty() {
        files.push(file("statuses.csv", status_csv.into_bytes()));
        files.push(file(
            "statuses.json",
            serde_json::to_vec_pretty(&statuses).unwrap_or_default(),
        ));
    }
    let indicators = indicator_records(site);
    if !indicators.is_empty() {
        let mut csv = CsvText::new(INDICATOR_COLUMNS.iter().map(|c| c.dutch));
        for r in &indicators {
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            csv.record(&[
                r.theme.clone(),
                text(&r.goal),
                r.indicator.clone(),
                text(&r.unit),
                text(&r.value),
                text(&r.target),
                text(&r.note),
            ]);
        }
        files.push(file("indicatoren.csv", csv.into_bytes()));
        files.push(file(
            "indicatoren.json",
            serde_json::to_vec_pretty(&indicators).unwrap_or_default(),
        ));
    }
    for t in super::table_data::table_datasets(site) {
        let path = format!("{}{}", super::table_data::TABLES_DIR, t.name);
        files.push(file(&format!("{path}.csv"), t.csv()));
        files.push(file(&format!("{path}.json"), t.json()));
    }
    for t in &site.data_tables {
        let path = format!("{}{}", super::table_data::TABLES_DIR, t.name);
        files.push(file(
            &format!("{path}.csv"),
            super::data_table_files::csv(t),
        ));
        files.push(file(
            &format!("{path}.json"),
            super::data_table_files::json(t),
        ));
    }
    files
}
