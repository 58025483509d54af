//! `koers audit` in a real headless Chromium: a new site passes and its
//! report names its pages; a page with a known violation fails the audit
//! and its report names the page and the rule.
//!
//! Needs Chromium (`scripts/test` installs it); a missing browser fails
//! these tests, it never skips them.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `koers audit` on a content folder, building into `output`.
fn audit(content: &Path, output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koers"))
        .arg("audit")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(output)
        .arg("--theme")
        .arg(repo().join("themes/default"))
        .current_dir(repo())
        .output()
        .unwrap()
}

fn shown(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_new_site_passes_and_its_report_names_its_pages() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let out = audit(&content, &dir.path().join("out"));
    assert!(out.status.success(), "{}", shown(&out));
    let report = koers::audit::latest_report(&content).expect("a report in content/audits");
    assert!(report.passed(), "{report:#?}");
    assert!(report.pages.iter().any(|p| p == "/"), "{:?}", report.pages);
    assert!(report.pages.iter().any(|p| p == "/stories/digitaal-loket/"));
    assert_eq!(report.widths, [1280, 320]);
    assert!(report.axe_core_version.starts_with('4'));
    assert!(!report.chromium_version.is_empty());
    let file = content.join("audits").join(format!("{}.json", report.date));
    assert!(file.is_file(), "the report is named after its date");
    // The report is no file of the site: the next build does not publish it.
    let again = dir.path().join("again");
    build(&content, &again).unwrap();
    assert!(!again.join("audits").exists());
}

#[test]
fn an_image_without_alt_text_fails_the_audit() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    // koers' own lint rejects the image; turned off, only the audit finds
    // it. Raw HTML: a Markdown image gets alt="", which marks it decorative.
    let site = content.join("site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{yaml}lint:\n  image-alt: off\n")).unwrap();
    std::fs::write(
        content.join("pages/figuur.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#,
    )
    .unwrap();
    let page = content.join("pages/over.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n<img src=\"figuur.svg\">\n")).unwrap();
    let out = audit(&content, &dir.path().join("out"));
    assert!(!out.status.success(), "{}", shown(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("image-alt"), "{}", shown(&out));
    let report = koers::audit::latest_report(&content).expect("a report in content/audits");
    assert!(!report.passed());
    let found = report
        .violations
        .iter()
        .find(|v| v.rule == "image-alt")
        .unwrap_or_else(|| panic!("{report:#?}"));
    assert_eq!(found.page, "/over/");
    assert_eq!(found.nodes, 1);
    assert_eq!(found.widths, [1280, 320]);
}

#[test]
fn a_missing_chromium_is_an_error_that_says_how_to_install_it() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let out = Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["audit", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(dir.path().join("out"))
        .env("CHROME", dir.path().join("no-chromium"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(koers::audit::latest_report(&content).is_none());
}

/// The example site and the vision fixture pass the audit (issue 20,
/// acceptance 3). Their reports go to a temporary folder, not into the
/// repository's content.
#[test]
fn the_example_site_and_a_fixture_pass_the_audit() {
    for content in [repo().join("content"), repo().join("tests/fixtures/visie")] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let outcome = koers::audit::audit(&koers::audit::AuditOptions {
            build: Some(options(&content, &out)),
            site: out.clone(),
            content: dir.path().to_path_buf(),
        })
        .unwrap_or_else(|e| panic!("{}: {e}", content.display()));
        let pages = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            // Redirect pages only send the visitor on; they are not audited.
            .filter(|e| {
                !std::fs::read_to_string(e.path())
                    .unwrap_or_default()
                    .contains("http-equiv=\"refresh\"")
            })
            .count();
        let report = &outcome.report;
        assert!(
            report.violations.is_empty(),
            "{}: {:?}",
            content.display(),
            report.violations
        );
        assert!(
            report.pages.len() >= pages - 1,
            "{}: every page is checked",
            content.display()
        );
        assert_eq!(report.widths, vec![1280, 320]);
        assert!(outcome.path.starts_with(dir.path()));
    }
}
