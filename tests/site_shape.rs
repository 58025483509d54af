//! A site shows only what its content holds: a kind of content the site
//! does not have makes no page, link, sitemap URL, dataset or filter.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const ABSENT: [&str; 6] = [
    "/doelen/",
    "/stories/",
    "/themas/",
    "/scenarios/",
    "/rapportages/",
    "/open-data/",
];

#[test]
fn a_vision_document_alone_gets_no_pages_of_the_kinds_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&repo().join("tests/fixtures/visie"), &out).expect("the visie fixture builds");
    let files = snapshot(&out);
    // The pages it has: home, the publication with its five chapters, the
    // publications overview, the Woo register, a page, search and the page
    // for missing pages; no accessibility statement, as it gives no contact.
    let mut pages: Vec<&str> = files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(String::as_str)
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "404.html",
            "index.html",
            "openbaar/index.html",
            "over/index.html",
            "publicaties/digitale-visie/begrippen/index.html",
            "publicaties/digitale-visie/colofon/index.html",
            "publicaties/digitale-visie/index.html",
            "publicaties/digitale-visie/inleiding/index.html",
            "publicaties/digitale-visie/visie-en-fasen/index.html",
            "publicaties/digitale-visie/voorwoord/index.html",
            "publicaties/index.html",
            "zoeken/index.html",
        ]
    );
    assert!(
        !files.keys().any(|p| p.starts_with("open-data/")),
        "no datasets without rows"
    );
    for (path, bytes) in &files {
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".txt")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for absent in ABSENT {
            assert!(
                !text.contains(&format!("\"{absent}")),
                "{path} links to {absent}"
            );
            assert!(
                !text.contains(&format!("visie.example.nl{absent}")),
                "{path} names {absent}"
            );
        }
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&files["search-index/index.json"]).unwrap();
    let filters = meta["filters"].as_object().unwrap();
    assert!(
        !filters.contains_key("thema") && !filters.contains_key("status"),
        "{filters:?}"
    );
}

#[test]
fn a_site_with_stories_and_no_reports_publishes_only_the_stories_dataset() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    fs::remove_dir_all(content.join("publications/voortgang-2025")).unwrap();
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    fs::write(
        content.join("site.yaml"),
        site.replace("  - title: Rapportages\n    link: reports\n", "")
            .replace("  - title: Publicaties\n    link: publications\n", ""),
    )
    .unwrap();
    let out = dir.path().join("out");
    build(&content, &out).unwrap();
    assert!(out.join("open-data/stories.csv").exists());
    assert!(!out.join("open-data/statuses.csv").exists());
    assert!(!out.join("rapportages").exists());
    assert!(!out.join("publicaties").exists());
    let data = fs::read_to_string(out.join("open-data/index.html")).unwrap();
    assert!(data.contains("stories.csv") && !data.contains("statuses.csv"));
    // A menu item for a kind the site does not have is an error, not an
    // empty page.
    fs::write(content.join("site.yaml"), site).unwrap();
    fs::remove_dir_all(&out).unwrap();
    let errors = errors(build(&content, &out));
    let e = errors
        .iter()
        .find(|d| d.message.contains("navigation link `reports`"))
        .expect("the menu item for reports is reported");
    assert!(e.file.ends_with("site.yaml"));
    assert!(!Path::new(&out).join("rapportages").exists());
}
