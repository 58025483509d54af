//! koers states nothing that the content does not say: a site that gives
//! no licence, no contact and no dates gets no licence, no made-up date
//! and no empty or null metadata field (issue "koers states nothing that
//! the content does not say", points 1 and 3).

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// A site from `koers init` whose only publication is an undated vision.
fn silent_site(content: &Path) {
    fs::remove_dir_all(content.join("publications/voortgang-2025")).unwrap();
    fs::create_dir_all(content.join("publications/visie")).unwrap();
    fs::write(
        content.join("publications/visie/index.md"),
        "---\ntitle: Onze visie\ntype: visie\n---\nWaar wij naartoe willen.\n",
    )
    .unwrap();
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    let site: String = site
        .lines()
        .filter(|l| !l.starts_with("licence:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(
        content.join("site.yaml"),
        site.replace("  - title: Rapportages\n    link: reports\n", ""),
    )
    .unwrap();
}

#[test]
fn a_site_that_says_nothing_gets_no_licence_date_or_empty_field() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    silent_site(&content);
    let out = dir.path().join("out");
    let summary = build(&content, &out).expect("the silent site builds");
    // The build says what is missing instead of filling it in.
    assert!(summary
        .warnings
        .to_string()
        .contains("the site states no licence"));
    let files = snapshot(&out);
    assert!(
        !files.contains_key("feed.xml"),
        "no feed without a dated entry"
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for claim in [
            "rel=\"license\"",
            "DCTERMS.license",
            "\"license\"",
            "\"licence\"",
            "CC0",
            "1970",
            "feed.xml",
        ] {
            assert!(!text.contains(claim), "{path} holds {claim}");
        }
        if path.ends_with(".json") && path.contains("metadata")
            || path.ends_with(".html") && text.contains("application/ld+json")
        {
            assert!(!text.contains("null"), "{path} has a null field");
            assert!(!text.contains("\"\""), "{path} has an empty field");
        }
        if path.ends_with(".xml") {
            assert!(!text.contains("=\"\""), "{path} has an empty attribute");
            assert!(!text.contains("></"), "{path} has an empty element");
        }
    }
}

#[test]
fn a_licence_is_stated_or_said_to_be_absent_on_purpose() {
    for (licence, outcome) in [
        ("licence: not-stated\n", Ok(false)),
        (
            "licence: {name: CC BY 4.0, url: \"https://creativecommons.org/licenses/by/4.0/\"}\n",
            Ok(true),
        ),
        (
            "licence: onbekend\n",
            Err("`licence: onbekend` names no licence"),
        ),
        ("licence: {}\n", Err("expected the licence's `name:`")),
    ] {
        let dir = init_site();
        let content = dir.path().join("site/content");
        let site = fs::read_to_string(content.join("site.yaml")).unwrap();
        let site: String = site
            .lines()
            .map(|l| {
                if l.starts_with("licence:") {
                    licence.to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        fs::write(content.join("site.yaml"), site).unwrap();
        let out = dir.path().join("out");
        let result = build(&content, &out);
        match outcome {
            Ok(shown) => {
                let summary = result.unwrap_or_else(|e| panic!("{licence}: {e}"));
                assert!(
                    !summary.warnings.to_string().contains("states no licence"),
                    "{licence}"
                );
                let home = fs::read_to_string(out.join("index.html")).unwrap();
                assert_eq!(home.contains("rel=\"license\""), shown, "{licence}");
            }
            Err(needle) => {
                let found = errors(result);
                let e = found
                    .iter()
                    .find(|d| d.message.contains(needle))
                    .unwrap_or_else(|| panic!("{licence}: {found:#?}"));
                assert_eq!(e.position.line, 7, "{licence}");
            }
        }
    }
}

#[test]
fn every_publication_has_a_woo_category_or_the_site_gives_one() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    // Without the site's default the report has none: an error that lists
    // the categories with their names.
    fs::write(
        content.join("site.yaml"),
        site.replace("woo_category: 2g", ""),
    )
    .unwrap();
    let out = dir.path().join("out");
    let missing = errors(build(&content, &out));
    let e = missing
        .iter()
        .find(|d| d.message.contains("has no Woo information category"))
        .unwrap();
    assert!(e.file.ends_with("voortgang-2025/index.md"));
    let help = e.help.as_deref().unwrap();
    for named in [
        "2c (vergaderstukken decentrale overheden)",
        "2g (jaarplannen en jaarverslagen)",
        "1b (overige besluiten van algemene strekking)",
    ] {
        assert!(help.contains(named), "{help}");
    }
    // An unknown code, in the publication or in site.yaml.
    let report = content.join("publications/voortgang-2025/index.md");
    let text = fs::read_to_string(&report).unwrap();
    fs::write(
        &report,
        text.replace(
            "type: voortgangsrapportage",
            "type: voortgangsrapportage\nwoo_category: 9z",
        ),
    )
    .unwrap();
    let unknown = errors(build(&content, &out));
    assert!(unknown
        .iter()
        .any(|d| d.message == "unknown Woo information category `9z`" && d.position.line == 4));
    // The publication's own category wins over the site's.
    fs::write(
        &report,
        text.replace(
            "type: voortgangsrapportage",
            "type: voortgangsrapportage\nwoo_category: 2c",
        ),
    )
    .unwrap();
    fs::write(content.join("site.yaml"), &site).unwrap();
    build(&content, &out).unwrap();
    let meta = fs::read_to_string(out.join("publicaties/voortgang-2025/metadata.json")).unwrap();
    assert!(
        meta.contains("vergaderstukken decentrale overheden"),
        "{meta}"
    );
}

#[test]
fn a_site_without_an_address_is_not_built_until_it_has_one() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    silent_site(&content);
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    let site: String = site
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(content.join("site.yaml"), site).unwrap();
    let out = dir.path().join("out");
    // `common::build` also runs `koers check`, which must say the same.
    let missing = errors(build(&content, &out));
    let e = missing
        .iter()
        .find(|d| d.message.contains("`base_url` is missing"))
        .unwrap();
    assert!(e.file.ends_with("site.yaml"));
    assert!(e.help.as_deref().unwrap().contains("--base-url"));
    assert!(!out.exists(), "nothing was written");
    // Given on the command line, it builds, with absolute addresses.
    let mut opts = options(&content, &out);
    opts.base_url = Some("https://example.org/".into());
    koers::build::build(&opts).unwrap();
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/publicaties/visie/</loc>"),
        "{sitemap}"
    );
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/sitemapindex.xml"),
        "{robots}"
    );
}

#[test]
fn a_site_under_a_sub_path_gets_no_robots_txt_but_the_line_for_the_hosts_own() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let out = dir.path().join("out");
    let mut opts = options(&content, &out);
    opts.base_url = Some("https://example.org/strategie/".into());
    let summary = koers::build::build(&opts).unwrap();
    assert!(!out.join("robots.txt").exists());
    assert!(out.join("sitemapindex.xml").exists());
    let warnings = summary.warnings.to_string();
    assert!(
        warnings.contains("Sitemap: https://example.org/strategie/sitemapindex.xml"),
        "{warnings}"
    );
    assert!(
        warnings.contains("https://example.org/robots.txt"),
        "{warnings}"
    );
}
