//! Open-government output: robots.txt, sitemaps (plain and DiWoo), the Atom
//! feed, Woo/Dublin Core metadata per publication, redirects, and the open
//! datasets, all checked against the content they come from.

mod common;

use common::site::*;
use common::*;
use koers::model::money::Money;
use roxmltree::Document;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const DIWOO_NS: &str = "https://standaarden.overheid.nl/diwoo/metadata/";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_into_temp(&repo().join("content")))
}

fn out(path: &str) -> String {
    read(&built().output.join(path))
}

/// The output file behind an absolute URL of the site.
fn local(url: &str) -> std::path::PathBuf {
    let base = &built().site.config.urls.root;
    let rel = url
        .strip_prefix(base.as_str())
        .unwrap_or_else(|| panic!("{url} is not under {base}"));
    let p = built().output.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        p.join("index.html")
    } else {
        p
    }
}

fn is_w3c_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, ns: &str, name: &str) -> roxmltree::Node<'a, 'i> {
    n.children()
        .find(|c| c.has_tag_name((ns, name)))
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", n.tag_name().name()))
}

#[test]
fn robots_txt_points_at_the_sitemap_index() {
    let robots = out("robots.txt");
    let line = robots
        .lines()
        .find(|l| l.starts_with("Sitemap: "))
        .expect("a Sitemap line");
    let url = line.trim_start_matches("Sitemap: ");
    assert_eq!(
        url,
        format!("{}sitemapindex.xml", built().site.config.urls.root)
    );
    assert!(local(url).is_file());
}

#[test]
fn the_sitemap_index_and_sitemaps_are_valid_and_complete() {
    let index_text = out("sitemapindex.xml");
    let index = Document::parse(&index_text).expect("well-formed XML");
    let root = index.root_element();
    assert!(root.has_tag_name((SITEMAP_NS, "sitemapindex")));
    let locs: Vec<String> = root
        .children()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "sitemap")))
        .map(|s| {
            if let Some(lm) = s
                .children()
                .find(|c| c.has_tag_name((SITEMAP_NS, "lastmod")))
            {
                assert!(is_w3c_date(lm.text().unwrap()));
            }
            child(s, SITEMAP_NS, "loc").text().unwrap().to_string()
        })
        .collect();
    assert!(locs.iter().any(|l| l.ends_with("/sitemap.xml")));
    assert!(locs
        .iter()
        .any(|l| l.contains("sitemapindex-diwoo-infocat")));

    let sitemap_text = out("sitemap.xml");
    let sitemap = Document::parse(&sitemap_text).unwrap();
    let urls: Vec<_> = sitemap
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "url")))
        .collect();
    let b = built();
    let pages = b.site.stories.len() + b.site.publications.len();
    assert!(
        urls.len() >= pages,
        "{} urls for at least {pages} pages",
        urls.len()
    );
    for u in urls {
        let loc = child(u, SITEMAP_NS, "loc").text().unwrap();
        assert!(local(loc).is_file(), "{loc} was not written");
        assert!(
            is_w3c_date(child(u, SITEMAP_NS, "lastmod").text().unwrap()),
            "{loc}"
        );
    }
}

#[test]
fn diwoo_sitemaps_carry_each_publications_metadata() {
    let b = built();
    let index_text = out("sitemapindex.xml");
    let index = Document::parse(&index_text).unwrap();
    let (mut seen, mut pdfs) = (0, 0);
    for cat_index_url in index
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "loc")))
        .filter_map(|n| n.text())
        .filter(|t| t.contains("diwoo"))
    {
        let cat_index_text = read(&local(cat_index_url));
        let cat_index = Document::parse(&cat_index_text).unwrap();
        for sitemap_url in cat_index
            .descendants()
            .filter(|n| n.has_tag_name((SITEMAP_NS, "loc")))
            .filter_map(|n| n.text())
        {
            let text = read(&local(sitemap_url));
            let doc = Document::parse(&text).unwrap();
            for url in doc
                .root_element()
                .children()
                .filter(|n| n.has_tag_name((SITEMAP_NS, "url")))
            {
                let loc = child(url, SITEMAP_NS, "loc").text().unwrap();
                // A publication's page, or its PDF edition (feature `pdf`).
                let pdf = loc.ends_with(".pdf");
                let p = b
                    .site
                    .publications
                    .iter()
                    .find(|p| match pdf {
                        true => loc.ends_with(&format!("{}{}.pdf", p.url, p.slug)),
                        false => loc.ends_with(&p.url),
                    })
                    .expect("a publication");
                let diwoo = child(child(url, DIWOO_NS, "Document"), DIWOO_NS, "DiWoo");
                let title = child(
                    child(diwoo, DIWOO_NS, "titelcollectie"),
                    DIWOO_NS,
                    "officieleTitel",
                );
                assert_eq!(title.text(), Some(p.title.as_str()));
                let ids: Vec<&str> = child(diwoo, DIWOO_NS, "identifiers")
                    .children()
                    .filter_map(|n| n.text())
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                for n in &p.registration_numbers {
                    assert!(ids.contains(&n.as_str()), "{n} not in {ids:?}");
                }
                let publisher = child(diwoo, DIWOO_NS, "publisher");
                assert_eq!(
                    publisher.attribute("resource"),
                    b.site.config.organisation.tooi.as_deref()
                );
                let cat = child(
                    child(
                        child(diwoo, DIWOO_NS, "classificatiecollectie"),
                        DIWOO_NS,
                        "informatiecategorieen",
                    ),
                    DIWOO_NS,
                    "informatiecategorie",
                );
                assert_eq!(
                    cat.attribute("resource"),
                    Some(p.woo_category.uri().as_str())
                );
                assert!(sitemap_url.contains(&format!("infocat{:03}", p.woo_category.number())));
                child(diwoo, DIWOO_NS, "language");
                let format = child(diwoo, DIWOO_NS, "format").attribute("resource");
                let kind = if pdf { "PDF" } else { "HTML" };
                assert!(format.is_some_and(|f| f.ends_with(&format!("/file-type/{kind}"))));
                if let Some(adopted) = p.dates.adopted {
                    let at = diwoo
                        .descendants()
                        .find(|n| n.has_tag_name((DIWOO_NS, "atTime")))
                        .unwrap();
                    assert_eq!(
                        at.text(),
                        Some(format!("{}T00:00:00", adopted.iso()).as_str())
                    );
                }
                if pdf {
                    pdfs += 1;
                } else {
                    seen += 1;
                }
            }
        }
    }
    assert_eq!(
        seen,
        b.site.publications.len(),
        "every publication is in a DiWoo sitemap"
    );
    let editions = if cfg!(feature = "pdf") {
        b.site.publications.len()
    } else {
        0
    };
    assert_eq!(pdfs, editions, "every PDF edition is in a DiWoo sitemap");
}

#[test]
fn the_atom_feed_lists_publications_newest_first() {
    let b = built();
    let text = out("feed.xml");
    let doc = Document::parse(&text).unwrap();
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM_NS, "feed")));
    for required in ["title", "id", "updated"] {
        child(feed, ATOM_NS, required);
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM_NS, "entry")))
        .collect();
    assert_eq!(entries.len(), b.site.publications.len());
    let dates: Vec<String> = entries
        .iter()
        .map(|e| child(*e, ATOM_NS, "updated").text().unwrap().to_string())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, c| c.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    for e in entries {
        let href = child(e, ATOM_NS, "link").attribute("href").unwrap();
        assert!(local(href).is_file());
        child(e, ATOM_NS, "id");
        child(e, ATOM_NS, "title");
    }
}

#[test]
fn publication_pages_carry_dublin_core_and_json_ld_from_the_front_matter() {
    let b = built();
    for p in &b.site.publications {
        let page = b.page(&p.url);
        let meta = |name: &str| -> Vec<String> {
            page.select(&sel(&format!("meta[name=\"{name}\"]")))
                .map(|m| m.value().attr("content").unwrap().to_string())
                .collect()
        };
        assert_eq!(meta("DCTERMS.title"), vec![p.title.clone()]);
        assert_eq!(
            meta("DCTERMS.identifier"),
            vec![format!(
                "{}{}",
                b.site.config.urls.root,
                p.url.trim_start_matches('/')
            )]
        );
        assert_eq!(meta("DCTERMS.type"), vec![p.kind.id().to_string()]);
        assert_eq!(
            meta("DCTERMS.dateAccepted"),
            p.dates
                .adopted
                .iter()
                .map(|d| d.iso_as_given())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            meta("DCTERMS.issued"),
            p.dates
                .published
                .iter()
                .map(|d| d.iso_as_given())
                .collect::<Vec<_>>()
        );
        let ld = page
            .select(&sel("script[type=\"application/ld+json\"]"))
            .next()
            .expect("JSON-LD");
        let json: serde_json::Value = serde_json::from_str(&ld.inner_html()).unwrap();
        assert_eq!(json["name"], p.title.as_str());
        assert_eq!(
            json["publisher"]["name"],
            b.site.config.organisation.name.as_str()
        );
        // A publication without registration numbers states none.
        let ids: Vec<String> = json["identifier"]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(ids, p.registration_numbers);
        // The same metadata as files.
        let dir = b.output.join(p.url.trim_start_matches('/'));
        let m: serde_json::Value = serde_json::from_str(&read(&dir.join("metadata.json"))).unwrap();
        assert_eq!(m["title"], p.title.as_str());
        assert_eq!(
            m["information_category"]["uri"],
            p.woo_category.uri().as_str()
        );
        Document::parse(&read(&dir.join("metadata.xml"))).expect("metadata.xml is well-formed");
        let canonical = page.select(&sel("link[rel=canonical]")).next().unwrap();
        assert_eq!(
            canonical.value().attr("href"),
            Some(meta("DCTERMS.identifier")[0].as_str())
        );
    }
    let index = b.page("/openbaar/");
    assert_eq!(
        index.select(&sel("table.documents tbody tr")).count(),
        b.site.publications.len()
    );
}

#[test]
fn the_datasets_hold_the_contents_numbers() {
    let b = built();
    let stories: Vec<serde_json::Value> =
        serde_json::from_str(&out("open-data/stories.json")).unwrap();
    assert_eq!(stories.len(), b.site.stories.len());
    let stories_csv = out("open-data/stories.csv");
    let mut csv = csv::Reader::from_reader(stories_csv.as_bytes());
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "nummer",
            "titel",
            "themas",
            "budget_euro",
            "eigenaar",
            "url"
        ]
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    for (s, (row, json)) in b.site.stories.iter().zip(rows.iter().zip(&stories)) {
        assert_eq!(&row[0], s.id);
        assert_eq!(json["id"], s.id.as_str());
        let euros = s.budget.and_then(|m| m.euros());
        assert_eq!(row[4].parse::<f64>().ok(), euros, "{}", s.id);
        assert_eq!(json["budget_euro"].as_f64(), euros);
    }

    let statuses: Vec<serde_json::Value> =
        serde_json::from_str(&out("open-data/statuses.json")).unwrap();
    let statuses_csv = out("open-data/statuses.csv");
    let mut csv = csv::Reader::from_reader(statuses_csv.as_bytes());
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let mut expected = Vec::new();
    for (p, r) in b.site.reports() {
        for e in &r.entries {
            expected.push((
                p.slug.clone(),
                // As precise as the content gives it: "medio juni 2018" is
                // 2018-06.
                r.date.iso_as_given(),
                e.story.clone(),
                e.level.clone(),
                e.planned,
                e.spent,
                e.forecast,
            ));
        }
    }
    assert_eq!(rows.len(), expected.len());
    assert_eq!(statuses.len(), expected.len());
    let value = |m: Option<Money>| m.map(|m| m.to_string());
    for ((row, json), (report, date, story, level, planned, spent, forecast)) in
        rows.iter().zip(&statuses).zip(&expected)
    {
        assert_eq!(
            (&row[0], &row[1], &row[3], &row[4]),
            (
                report.as_str(),
                date.as_str(),
                story.as_str(),
                level.id.as_str()
            )
        );
        for (col, key, money) in [
            (7, "planned_euro", planned),
            (8, "spent_euro", spent),
            (9, "forecast_euro", forecast),
        ] {
            let from_csv = row[col]
                .parse::<f64>()
                .ok()
                .map(|e| Money::Amount((e * 100.0).round() as i64));
            assert_eq!(value(from_csv), value(*money), "{story} {key}");
            assert_eq!(
                json[key].as_f64(),
                money.and_then(|m| m.euros()),
                "{story} {key}"
            );
        }
    }
    // Totals from the dataset equal the report's known totals.
    let sum: f64 = statuses
        .iter()
        .filter_map(|s| s["planned_euro"].as_f64())
        .sum();
    assert_eq!(sum, 2_315_000.0);
    let page = b.page("/open-data/");
    let titles: Vec<String> = page.select(&sel("section h2")).map(text).collect();
    assert_eq!(
        titles[..2],
        ["Stories", "Statussen per rapportage"],
        "the data page describes the story and status datasets first"
    );
}

#[test]
fn chart_data_is_published_as_csv_and_json_alike() {
    let b = built();
    let (p, r) = b.site.reports()[0];
    let dir = b.output.join(p.url.trim_start_matches('/'));
    let json: Vec<BTreeMap<String, serde_json::Value>> =
        serde_json::from_str(&read(&dir.join("geld-per-story.json"))).unwrap();
    assert_eq!(json.len(), r.entries.len());
    let csv_text = read(&dir.join("geld-per-story.csv"));
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    for (row, j) in csv.records().map(Result::unwrap).zip(&json) {
        assert_eq!(row[1].parse::<f64>().ok(), j["Begroot"].as_f64());
    }
}

#[test]
fn a_renamed_story_keeps_its_old_urls() {
    let b = built();
    let story = b.site.story("e-facturen").unwrap();
    assert_eq!(
        story.redirect_from,
        vec!["/stories/3b1/", "/e-facturen.html"]
    );
    for old in ["stories/3b1/index.html", "e-facturen.html"] {
        let html = read(&b.output.join(old));
        assert!(
            html.contains("content=\"0; url=/stories/e-facturen/\""),
            "{old}: {html}"
        );
        assert!(html.contains(
            "<link rel=\"canonical\" href=\"https://koers.example.nl/stories/e-facturen/\">"
        ));
    }
}

#[test]
fn a_site_overrides_robots_txt_with_its_own_template() {
    let dir = init_site();
    let project = dir.path().join("site");
    std::fs::create_dir_all(project.join("templates")).unwrap();
    // Plain text: `&` and `<` stay as they are.
    std::fs::write(
        project.join("templates/robots.txt"),
        "# Crawlers & <bots>\nUser-agent: *\nDisallow: /concepten/\n\nSitemap: {{ sitemap_index_url }}\n",
    )
    .unwrap();
    let output = dir.path().join("out");
    build(&project.join("content"), &output).unwrap();
    let robots = read(&output.join("robots.txt"));
    let url = robots
        .strip_prefix("# Crawlers & <bots>\nUser-agent: *\nDisallow: /concepten/\n\nSitemap: ")
        .unwrap_or_else(|| panic!("not the site's robots.txt: {robots}"));
    assert!(url.ends_with("/sitemapindex.xml\n"), "{url}");
    assert!(url.starts_with("http"), "an absolute URL: {url}");
}

/// A date the source gives less precisely than a day is stated as
/// precisely as the source gives it: "eind 2020" is 2020 in the page's
/// `<time>` and in the metadata, and the DiWoo metadata (which records
/// days) leaves the adoption out, with a warning that says so.
#[test]
fn an_approximate_date_is_stated_no_more_precisely_than_written() {
    let rel = "publications/informatiestrategie-2021-2024/index.md";
    let (dir, content) = edited_copy(&repo().join("content"), rel, |text| {
        text.replace("  adopted: 2020-04-07\n", "  adopted: eind 2020\n")
    });
    let output = dir.path().join("out");
    let summary = build(&content, &output).expect("the edited example builds");
    let warning = summary
        .warnings
        .iter()
        .find(|w| w.message.contains("in `adopted` is not a day"))
        .expect("a warning about the DiWoo metadata");
    assert!(warning.file.ends_with(rel), "{}", warning.file.display());

    let folder = output.join("publicaties/informatiestrategie-2021-2024");
    let page = read(&folder.join("index.html"));
    assert!(
        page.contains("<time datetime=\"2020\">eind 2020</time>"),
        "{page}"
    );
    assert!(
        !page.contains("2020-12-01"),
        "no day the source does not give"
    );
    let metadata = read(&folder.join("metadata.json"));
    assert!(!metadata.contains("2020-12-01"), "{metadata}");
    let diwoo = read(&folder.join("metadata.xml"));
    assert!(!diwoo.contains("vaststelling"), "{diwoo}");
    assert!(!diwoo.contains("2020-12-01"), "{diwoo}");
}
