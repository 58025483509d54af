//! What one publication's PDF shows, as the data the Typst template reads
//! (`/data.json`): the facts of its title page, its introduction and
//! chapters as trees of blocks, its finance tables and, for a progress
//! report, the status of each story. Everything comes from the typed
//! model; a fact the content does not state is left out.

use super::markdown::{self, Block, Figures};
use crate::model::money::{Money, Total};
use crate::model::table::{RowKind, ShownTotal};
use crate::model::{chapter::ChapterNumber, FinanceTable, Publication, Rapportage, Site};
use crate::render::i18n::Strings;
use crate::render::markdown::normalise;
use serde::Serialize;

/// The data of one PDF, with the drawings it refers to.
pub(super) struct Prepared {
    /// `/data.json`.
    pub data: Vec<u8>,
    /// Virtual path -> SVG bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// The root of `/data.json`.
#[derive(Serialize)]
struct Data {
    lang: String,
    title: String,
    subtitle: Option<String>,
    kind: String,
    summary: Option<String>,
    organisation: String,
    /// Label and value of each fact the title page lists.
    facts: Vec<Fact>,
    labels: Labels,
    colours: super::colours::Colours,
    intro: Vec<Block>,
    chapters: Vec<ChapterData>,
    tables: Vec<TableData>,
    report: Option<ReportData>,
}

#[derive(Serialize)]
struct Fact {
    label: String,
    value: String,
}

/// Interface words of the PDF, from the theme's strings.
#[derive(Serialize)]
struct Labels {
    contents: String,
    tables: String,
    page: String,
}

#[derive(Serialize)]
struct ChapterData {
    /// "Hoofdstuk 3", "Bijlage A"; absent for front and back matter.
    label: Option<String>,
    title: String,
    blocks: Vec<Block>,
}

/// A finance table: a header row and one row of texts per table row.
#[derive(Serialize)]
struct TableData {
    title: String,
    header: Vec<String>,
    rows: Vec<RowData>,
    note: Option<String>,
}

#[derive(Serialize)]
struct RowData {
    cells: Vec<String>,
    /// A total row, set in bold.
    total: bool,
}

/// A progress report's table of stories.
#[derive(Serialize)]
struct ReportData {
    heading: String,
    date: Fact,
    period: Option<Fact>,
    table: TableData,
}

/// The data of `p`'s PDF.
pub(super) fn prepare(
    site: &Site,
    p: &Publication,
    strings: &Strings,
    theme: &super::Inputs,
) -> Prepared {
    let lang = site.config.language.clone();
    let mut figures = SiteFigures {
        site,
        strings,
        dir: String::new(),
        files: Vec::new(),
    };
    figures.dir = folder_of(&p.intro.rel);
    let intro = markdown::blocks(&p.intro.text, 1, &mut figures);
    let chapters = p
        .chapters
        .iter()
        .map(|c| {
            figures.dir = folder_of(&c.body.rel);
            ChapterData {
                label: chapter_label(c.number, strings),
                title: c.title.clone(),
                blocks: markdown::blocks(&c.body.text, 2, &mut figures),
            }
        })
        .collect();
    let data = Data {
        title: p.title.clone(),
        subtitle: p.subtitle.clone(),
        kind: p.kind.label().to_string(),
        summary: p.summary.clone(),
        organisation: site.config.organisation.name.clone(),
        facts: facts(p, strings, &lang),
        labels: Labels {
            contents: strings.get("contents").to_string(),
            tables: strings.get("pdf_tables").to_string(),
            page: strings.get("pdf_page").to_string(),
        },
        colours: theme.colours.clone(),
        intro,
        chapters,
        tables: p.tables.iter().map(|t| finance_table(t, strings)).collect(),
        report: p
            .rapportage
            .as_ref()
            .map(|r| report(site, r, strings, &lang)),
        lang,
    };
    let mut value = serde_json::to_value(&data).unwrap_or_default();
    showable_texts(&mut value);
    Prepared {
        data: serde_json::to_vec(&value).unwrap_or_default(),
        files: figures.files,
    }
}

/// Every text of `value` as the PDF can show it: control characters left
/// out (as the pages leave them out), characters the fonts lack as U+FFFD
/// (or `?`, when the fonts lack that too).
/// PDF/UA forbids text that no font shows.
fn showable_texts(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) if !text.chars().all(plain) => *text = showable(text),
        Value::Array(items) => items.iter_mut().for_each(showable_texts),
        Value::Object(map) => map.values_mut().for_each(showable_texts),
        _ => {}
    }
}

/// A character the PDF shows as it is.
fn plain(c: char) -> bool {
    c == '\n' || c == '\t' || (!c.is_control() && super::world::shows(c))
}

fn showable(text: &str) -> String {
    let missing = if super::world::shows('\u{fffd}') {
        '\u{fffd}'
    } else {
        '?'
    };
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .map(|c| if plain(c) { c } else { missing })
        .collect()
}

/// The facts of the title page, in the order of the site's metadata list.
fn facts(p: &Publication, strings: &Strings, lang: &str) -> Vec<Fact> {
    let date = |d: &Option<crate::model::date::FuzzyDate>| d.map(|d| d.text_in(lang));
    let adopted = date(&p.dates.adopted).map(|d| match &p.dates.adopted_by {
        Some(by) => format!("{d} ({by})"),
        None => d,
    });
    let registration =
        (!p.registration_numbers.is_empty()).then(|| p.registration_numbers.join(", "));
    let signed = (!p.signatories.is_empty()).then(|| {
        p.signatories
            .iter()
            .map(|s| match &s.role {
                Some(role) => format!("{}, {role}", s.name),
                None => s.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    [
        ("type", Some(p.kind.label().to_string())),
        ("status", p.status.clone()),
        ("drafted", date(&p.dates.drafted)),
        ("adopted", adopted),
        ("published", date(&p.dates.published)),
        ("registration_numbers", registration),
        ("portfolio_holder", p.portfolio_holder.clone()),
        ("author", p.author.clone()),
        ("version", p.version.clone()),
        ("signed_by", signed),
    ]
    .into_iter()
    .filter_map(|(key, value)| {
        value.map(|value| Fact {
            label: strings.get(key).to_string(),
            value,
        })
    })
    .collect()
}

fn chapter_label(number: ChapterNumber, strings: &Strings) -> Option<String> {
    let key = match number {
        ChapterNumber::Numbered(_) => "chapter_label",
        ChapterNumber::Appendix(_) => "appendix_label",
        ChapterNumber::Unnumbered => return None,
    };
    let shown = number.shown()?;
    Some(strings.fill(key, &[("n", &shown)]))
}

/// A finance table with its amounts in Dutch euros, totals as the page
/// shows them ([`ShownTotal`]: the sum of the parts, or the stated amount
/// over no parts), and an acknowledged printed total as the page shows it:
/// the printed figure, then what the rows add up to.
fn finance_table(t: &FinanceTable, strings: &Strings) -> TableData {
    let money = |m: &Option<Money>| m.map(|m| m.to_string()).unwrap_or_default();
    let total = |t: &Total| {
        if t.parts == 0 {
            String::new()
        } else {
            t.to_string()
        }
    };
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let mut cells = vec![row.label.clone()];
            let is_total = match &row.kind {
                RowKind::Values(values) => {
                    cells.extend(values.iter().map(|c| money(&c.money)));
                    false
                }
                RowKind::Sum {
                    computed,
                    stated,
                    acknowledged,
                    ..
                } => {
                    let differs = t.differences(r);
                    let accepted = |i: usize| {
                        differs.contains(&i)
                            && acknowledged
                                .as_ref()
                                .is_some_and(|a| a.columns.contains(&i))
                    };
                    cells.extend(computed.iter().enumerate().map(|(i, c)| {
                        let printed = stated.as_ref().and_then(|s| s.get(i)).copied().flatten();
                        match (printed, ShownTotal::of(c, printed)) {
                            (Some(p), _) if accepted(i) => format!(
                                "{p} ({}; {} {})",
                                strings.get("total_printed"),
                                strings.get("total_computed"),
                                total(c)
                            ),
                            (_, ShownTotal::Stated(m)) => m.to_string(),
                            (_, ShownTotal::Sum(c)) => total(c),
                        }
                    }));
                    true
                }
            };
            RowData {
                cells,
                total: is_total,
            }
        })
        .collect();
    let mut header = vec![String::new()];
    header.extend(t.columns.iter().cloned());
    let mut notes: Vec<String> = t.note.iter().cloned().collect();
    notes.extend(t.notes.iter().map(|n| n.text.clone()));
    TableData {
        title: t.title.clone(),
        header,
        rows,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

/// A report's stories with their status and money, in the report's order.
fn report(site: &Site, r: &Rapportage, strings: &Strings, lang: &str) -> ReportData {
    let money = |m: &Option<Money>| m.map(|m| m.to_string()).unwrap_or_default();
    let rows = r
        .entries
        .iter()
        .map(|e| {
            let story = site.story(&e.story);
            RowData {
                cells: vec![
                    story.and_then(|s| s.number.clone()).unwrap_or_default(),
                    story.map_or_else(|| e.story.clone(), |s| s.title.clone()),
                    match e.derived {
                        // As the page's badge says it: derived, not reported.
                        true => format!("{} ({})", e.level.label, strings.get("status_derived")),
                        false => e.level.label.clone(),
                    },
                    money(&e.planned),
                    money(&e.spent),
                    money(&e.forecast),
                ],
                total: false,
            }
        })
        .collect();
    let header = ["number", "story", "status", "planned", "spent", "forecast"]
        .iter()
        .map(|k| strings.get(k).to_string())
        .collect();
    ReportData {
        heading: strings.get("report_table_heading").to_string(),
        date: Fact {
            label: strings.get("reporting_date").to_string(),
            value: r.date.text_in(lang),
        },
        period: r.period.as_ref().map(|p| Fact {
            label: strings.get("period").to_string(),
            value: p.clone(),
        }),
        table: TableData {
            title: format!(
                "{} ({})",
                strings.get("stories_in_report"),
                r.date.text_in(lang)
            ),
            header,
            rows,
            note: r
                .entries
                .iter()
                .any(|e| e.derived)
                .then(|| strings.get("status_derived_list_note").to_string()),
        },
    }
}

/// The folder of a content-relative file (`publications/x`).
fn folder_of(rel: &str) -> String {
    rel.rsplit_once('/').map_or("", |(d, _)| d).to_string()
}

/// Links and charts of one publication's texts.
struct SiteFigures<'a> {
    site: &'a Site,
    strings: &'a Strings,
    /// The folder of the text being read.
    dir: String,
    files: Vec<(String, Vec<u8>)>,
}

impl Figures for SiteFigures<'_> {
    /// Web links as written; links to content files and assets as the
    /// absolute URL of their page or file; anything else as text.
    fn link(&self, url: &str) -> Option<String> {
        if ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| url.starts_with(s))
        {
            return Some(url.to_string());
        }
        let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
        if path.is_empty() || path.contains(':') {
            return None;
        }
        let rel = normalise(&format!("{}/{path}", self.dir))?;
        let page = match self.site.urls.get(&rel) {
            Some(page) => page.clone(),
            None if self.site.assets.contains(&rel) => format!("/{rel}"),
            None => return None,
        };
        let absolute = self.site.config.urls.absolute(&page);
        Some(if fragment.is_empty() {
            absolute
        } else {
            format!("{absolute}#{fragment}")
        })
    }

    /// The chart drawn as the site draws it for wide screens (one drawing
    /// per part of a large chart), each a figure with the chart's description as
    /// its text alternative. A chart that cannot be drawn (the build
    /// reported it already) is left out.
    fn chart(&mut self, spec: &str) -> Vec<Block> {
        let site = self.site;
        let dir = self.dir.clone();
        let read = |path: &str| -> Result<String, String> {
            let rel = normalise(&format!("{dir}/{path}"))
                .filter(|r| site.assets.contains(r))
                .ok_or_else(|| format!("data file `{path}` not found"))?;
            std::fs::read_to_string(site.content_root.join(&rel)).map_err(|e| e.to_string())
        };
        let id = format!("chart-{}", self.files.len() + 1);
        let Ok(mut chart) = crate::chart::spec::parse(spec, &id, &read, site.config.chart_points)
        else {
            return Vec::new();
        };
        chart.texts = crate::render::charts::texts(self.strings);
        let svg = chart.svg(self.strings.chart_colours());
        let alt = if chart.description.trim().is_empty() {
            chart.title.clone()
        } else {
            chart.description.clone()
        };
        svg.split_inclusive("</svg>")
            .map(str::trim)
            .filter(|part| part.starts_with("<svg") && part.contains("chart-wide"))
            .map(|part| {
                let path = format!("/charts/{}.svg", self.files.len() + 1);
                self.files.push((path.clone(), part.as_bytes().to_vec()));
                Block::Figure {
                    path,
                    alt: alt.clone(),
                    caption: chart.title.clone(),
                }
            })
            .collect()
    }

    /// "Belangrijk: De kleuren zijn afgeleid", as the site heads a callout;
    /// a quote (`citaat`) shows its source.
    fn callout(&self, kind: &str, title: &str) -> Option<String> {
        if kind == "citaat" {
            return (!title.is_empty()).then(|| title.to_string());
        }
        let key = format!("callout_{kind}");
        let label = self.strings.get(&key);
        Some(if title.is_empty() {
            label.to_string()
        } else {
            format!("{label}: {title}")
        })
    }

    /// A picture of the content in a format Typst reads, under its
    /// content-relative path; its bytes count in the PDF's fingerprint.
    fn image(&mut self, src: &str) -> Option<String> {
        const DRAWABLE: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];
        let rel = normalise(&format!("{}/{src}", self.dir))?;
        let ext = rel.rsplit_once('.')?.1.to_ascii_lowercase();
        if !DRAWABLE.contains(&ext.as_str()) || !self.site.assets.contains(&rel) {
            return None;
        }
        let path = format!("/content/{rel}");
        if !self.files.iter().any(|(p, _)| *p == path) {
            let bytes = std::fs::read(self.site.content_root.join(&rel)).ok()?;
            self.files.push((path.clone(), bytes));
        }
        Some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_hold_only_what_the_fonts_show() {
        let mut v = serde_json::json!({"a": ["Een\u{0} loket\u{7}", "€ 1.000 – ok"], "b": "漢"});
        showable_texts(&mut v);
        assert_eq!(v["a"][0], "Een loket");
        assert_eq!(v["a"][1], "€ 1.000 – ok");
        // Inter has no U+FFFD either.
        assert_eq!(v["b"], "?");
    }
}
