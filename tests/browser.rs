//! The accessibility audit, in a real headless Chromium: every page of the
//! example site and of every fixture is checked with axe-core (WCAG 2.0,
//! 2.1 and 2.2, A and AA) and the Nu Html Checker, for reflow at 320 px,
//! for requests that leave the site, and with the keyboard. Screenshots of
//! one page of each kind at 390 and 1280 px are kept in `tests/artifacts/`.
//!
//! Needs Chromium, Java and the npm packages; `scripts/test` installs them.
//! A missing tool fails this test: it is never skipped.

mod common;

use common::*;
use std::process::Command;

#[test]
fn every_page_passes_the_accessibility_audit() {
    let dir = tempfile::tempdir().unwrap();
    let mut sites = Vec::new();
    let mut expected_pages = 0;
    for (name, content) in [
        ("voorbeeld", repo().join("content")),
        ("groningen", repo().join("tests/fixtures/groningen")),
        ("meertalig", repo().join("tests/fixtures/meertalig")),
        ("visie", repo().join("tests/fixtures/visie")),
    ] {
        let out = dir.path().join(name);
        build(&content, &out).unwrap_or_else(|e| panic!("{name} does not build: {e}"));
        expected_pages += walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .count();
        sites.push(out);
    }
    let artifacts = repo().join("tests/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let report_file = artifacts.join("audit.json");
    let output = Command::new("node")
        .arg(repo().join("tests/browser/audit.mjs"))
        .arg("--out")
        .arg(&report_file)
        .arg("--shots")
        .arg(artifacts.join("screenshots"))
        .args(&sites)
        .current_dir(repo())
        .output()
        .expect("node must be installed to run the browser audit (scripts/test installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|_| panic!("the audit did not run:\n{stderr}\n{stdout}"));
    let failures = report["failures"].as_array().unwrap();
    assert!(
        output.status.success() && failures.is_empty(),
        "audit failures: {failures:#?}\naxe: {:#}\nvnu: {:#}\nreflow: {:#}\nexternal: {:#}",
        report["axe"]["violations"],
        report["vnu"]["errors"],
        report["reflow"],
        report["external"]
    );
    let audited = report["pages"].as_u64().unwrap() + report["redirects"].as_u64().unwrap();
    assert_eq!(
        audited as usize, expected_pages,
        "every page was audited (redirect pages by vnu only)"
    );
    assert!(report["axe"]["version"]
        .as_str()
        .is_some_and(|v| v.starts_with('4')));
    let shots = report["screenshots"].as_array().unwrap();
    // One page of each kind of each site, at 390 and 1280 px.
    assert!(shots.len() >= 20, "{} screenshots", shots.len());
    for shot in shots {
        let path = artifacts.join("screenshots").join(shot.as_str().unwrap());
        assert!(
            std::fs::metadata(&path).unwrap().len() > 10_000,
            "{}",
            path.display()
        );
    }
    let keyboard = report["keyboard"].as_array().unwrap();
    assert_eq!(keyboard.len(), sites.len());
    for k in keyboard {
        assert_eq!(k["focused"][0]["cls"], "skip-link");
    }
    println!(
        "audited {} pages with axe-core {} in {} and the Nu Html Checker",
        report["pages"], report["axe"]["version"], report["browser"]
    );
}

/// The Content-Security-Policy blocks an inline script that content
/// smuggles in (here: allowed through the HTML policy on purpose), while
/// koers' own hashed inline script runs.
#[test]
fn the_content_security_policy_blocks_injected_scripts_but_not_ours() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let site = content.join("site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{yaml}html:\n  allow: [script]\n")).unwrap();
    let page = content.join("pages/over.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\n<script>document.documentElement.dataset.injected = \"yes\";</script>\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    build(&content, &out).unwrap();
    let html = out.join("over/index.html");
    assert!(
        read(&html).contains("dataset.injected"),
        "the script is in the page"
    );
    let result = node("csp", &[html.as_os_str()]);
    assert_eq!(result["koers_script_ran"], true, "{result}");
    assert_eq!(result["injected_script_ran"], false, "{result}");
    let errors = result["console_errors"].to_string();
    assert!(
        errors.contains("Content Security Policy"),
        "the browser reports the blocked script: {errors}"
    );
}

/// Search works from the output folder alone: a word that occurs on exactly
/// one story page finds that page first, with no request leaving the site.
#[test]
fn search_finds_the_one_story_page_with_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo().join("content"), &out).unwrap();
    // The word must be on exactly one story page.
    let word = "Handelsregister";
    let pages: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| std::fs::read_to_string(e.path()).unwrap().contains(word))
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        pages,
        vec!["stories/basisregistraties/index.html"],
        "the test word is on one page only"
    );
    let result = node("search", &[out.as_os_str(), std::ffi::OsStr::new(word)]);
    assert_eq!(
        result["results"][0], "/stories/basisregistraties/",
        "{result}"
    );
    assert_eq!(result["status_role"], "status", "results are announced");
    assert!(
        result["status"].as_str().unwrap().contains(word),
        "{result}"
    );
    assert_eq!(
        result["external"].as_array().unwrap().len(),
        0,
        "no request left the site: {result}"
    );
    assert_eq!(
        result["errors"].as_array().unwrap().len(),
        0,
        "no script errors: {result}"
    );
    let filters = result["filters"].as_array().unwrap();
    assert!(
        filters.iter().all(|f| f["options"].as_u64().unwrap() > 0),
        "theme, status and year filters are filled: {result}"
    );
}

/// The browser stems query words as the index stems the site's words (the
/// theme's Snowball 3 Dutch stemmer in JavaScript): "factuur", a word the
/// site does not have, finds the e-facturen story; singular and plural find
/// the same pages (the last word of a query also matching longer words); the generated accessibility statement is found by
/// "toegankelijkheid"; and each result shows the sentence it matched, the
/// query's words marked with <mark> elements.
#[test]
fn search_stems_queries_and_shows_the_matching_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo().join("content"), &out).unwrap();
    let on_site = walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "factuur")
        });
    assert!(!on_site, "the test word is not on the site");
    let terms = [
        "factuur",
        "provincie",
        "provincies",
        "provincie en",
        "provincies en",
        "ambitie",
        "ambities",
        "ambitie en",
        "ambities en",
        "toegankelijkheid",
    ];
    let mut args = vec![out.as_os_str(), std::ffi::OsStr::new("Handelsregister")];
    args.extend(terms.iter().map(std::ffi::OsStr::new));
    let result = node("search", &args);
    assert_eq!(result["errors"].as_array().unwrap().len(), 0, "{result}");
    assert_eq!(result["external"].as_array().unwrap().len(), 0, "{result}");
    let queries = result["queries"].as_array().unwrap();
    let get = |term: &str| {
        queries
            .iter()
            .find(|q| q["term"] == term)
            .unwrap_or_else(|| panic!("{term}: {result}"))
            .clone()
    };
    let sorted = |q: &serde_json::Value| {
        let mut r: Vec<String> = q["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap().to_string())
            .collect();
        r.sort();
        r
    };
    let factuur = get("factuur");
    let shown = factuur["shown"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["href"] == "/stories/e-facturen/")
        .unwrap_or_else(|| panic!("factuur finds the e-facturen story: {factuur}"));
    assert_eq!(shown["kind"], "search-sentence", "{shown}");
    let marks: Vec<&str> = shown["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        marks.iter().any(|m| m.to_lowercase() == "facturen"),
        "the sentence's word is marked: {shown}"
    );
    assert!(
        shown["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("facturen"),
        "{shown}"
    );
    assert!(
        shown["elements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e == "mark"),
        "only <mark> elements in the sentence: {shown}"
    );
    // Singular and plural find the same pages. The last word of a query
    // also matches longer words ("provincie" finds "provinciehuis" and
    // "ambitie" "ambitieuze" too): as the last word, the singular finds at
    // least the plural's pages; before it, both find the same.
    let count = |term: &str| {
        let status = get(term)["status"].as_str().unwrap().to_string();
        status.split(' ').next().unwrap().parse::<usize>().unwrap()
    };
    for (one, more) in [("provincie", "provincies"), ("ambitie", "ambities")] {
        assert!(count(more) > 0, "{more}");
        assert!(count(one) >= count(more), "{one} / {more}");
        let (a, b) = (format!("{one} en"), format!("{more} en"));
        assert!(!sorted(&get(&a)).is_empty(), "{a}");
        assert_eq!(sorted(&get(&a)), sorted(&get(&b)), "{a} / {b}");
    }
    let statement = get("toegankelijkheid");
    assert!(
        sorted(&statement).contains(&"/toegankelijkheid/".to_string()),
        "{statement}"
    );
}

/// Runs `tests/browser/<script>.mjs` with `args` and parses its JSON output.
fn node(script: &str, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let output = Command::new("node")
        .arg(repo().join(format!("tests/browser/{script}.mjs")))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("node must be installed (scripts/test installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|_| panic!("{stdout}\n{}", String::from_utf8_lossy(&output.stderr)))
}
