//! The accessibility statement says only what site.yaml says (issue "koers
//! states nothing that the content does not say", point 4): every sentence
//! of the generated statement traces to a field or to the law's fixed
//! words; each status of the Dutch model statement needs its facts; a site
//! without a contact gets no statement and a warning; a statement in the
//! national register is linked instead of written.

mod common;

use common::site::*;
use common::*;
use koers::build::Summary;
use koers::error::{Diagnostic, Error, Severity};
use std::fs;
use std::path::Path;

/// The default theme's Dutch strings of the statement page, by key.
fn strings() -> Vec<(String, String)> {
    read(&repo().join("themes/default/i18n/nl.yaml"))
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| {
            k.starts_with("a11y_") || ["accessibility_statement", "contact"].contains(k)
        })
        .map(|(k, v)| (k.to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_sentence_of_the_example_statement_traces_to_a_field_of_site_yaml() {
    let b = build_into_temp(&repo().join("content"));
    let c = &b.site.config;
    let a = &c.accessibility;
    let page = b.page("/toegankelijkheid/");
    let main = page.select(&sel("main")).next().unwrap();
    let mut body = text(main);

    // Each fact of the statement, with the field it comes from.
    let mut facts: Vec<(&str, String)> = vec![
        ("organisation.name", c.organisation.name.clone()),
        ("title", c.title.clone()),
        ("accessibility.scope", a.scope.clone().unwrap()),
        (
            "accessibility.statement_date",
            a.statement_date.unwrap().to_string(),
        ),
        ("accessibility.responsible", a.responsible.clone().unwrap()),
        ("contact.email", c.contact.email.clone().unwrap()),
        ("contact.phone", c.contact.phone.clone().unwrap()),
    ];
    assert_eq!(a.status, Some('C'), "the example did no full audit");
    for m in &a.measures {
        facts.push((
            "accessibility.measures.description",
            collapse(&m.description),
        ));
        facts.push(("accessibility.measures.date", m.date.unwrap().to_string()));
    }
    for (field, value) in &facts {
        assert!(
            body.contains(value.as_str()),
            "{field} `{value}` missing:\n{body}"
        );
    }
    let email = c.contact.email.as_deref().unwrap();
    assert!(page
        .select(&sel(&format!("main a[href=\"mailto:{email}\"]")))
        .next()
        .is_some());

    // The automated check is cited from the audit report in the content
    // folder (content/audits/), with its own figures, and is said not to
    // be an audit; with it taken out, nothing else may mention a tool.
    let report = koers::audit::latest_report(&repo().join("content"))
        .expect("the example site keeps its audit report");
    let cited = |css: &str| text(page.select(&sel(css)).next().expect(css));
    let automated = cited("#automatische-controle + p");
    for figure in [
        format!("{} pagina", report.pages.len()),
        format!("axe-core {}", report.axe_core_version),
        format!("{} bevindingen", report.violations.len()),
        "6 december 2026".to_string(),
    ] {
        assert!(automated.contains(&figure), "{figure} in {automated}");
    }
    let not_an_audit = cited("#automatische-controle + p + p");
    assert!(not_an_audit.contains("geen onderzoek volgens WCAG-EM"));
    for cited_text in [automated, not_an_audit, cited("#automatische-controle")] {
        body = body.replace(cited_text.trim(), " ");
    }

    // Claims no field backs are not made.
    for claim in [
        "axe-core",
        "Nu Html Checker",
        "automatisch",
        "geen bekende uitzonderingen",
        "geen uitzonderingen",
        "nog niet onderzocht",
        "binnen zes maanden",
    ] {
        assert!(!body.contains(claim), "the statement claims `{claim}`");
    }
    assert!(
        page.select(&sel("#onderzoek")).next().is_none(),
        "no audit section without an audit"
    );

    // What is left once every field's value and the theme's fixed words
    // (the law, headings, labels, the status C sentence) are taken away
    // is punctuation: no sentence comes from nowhere.
    let strings = strings();
    let used: Vec<String> = strings
        .iter()
        .filter(|(k, _)| {
            !k.starts_with("a11y_status_")
                || k.as_str() == "a11y_status_C"
                || k == "a11y_status_heading"
        })
        .filter(|(k, _)| {
            !["a11y_no_exceptions", "a11y_reviewed"].contains(&k.as_str())
                && !k.starts_with("a11y_audit")
        })
        .map(|(k, v)| {
            if k == "a11y_intro" {
                v.replace("{org}", &c.organisation.name)
            } else {
                v.clone()
            }
        })
        .chain(facts.iter().map(|(_, v)| v.clone()))
        .chain(["Nationale ombudsman".to_string()])
        .collect();
    let mut by_length = used;
    by_length.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in &by_length {
        body = body.replace(s.as_str(), " ");
    }
    let rest: String = body
        .chars()
        .filter(|ch| !ch.is_whitespace() && !"():,.–".contains(*ch))
        .collect();
    assert!(
        rest.is_empty(),
        "text no field backs: `{}`",
        collapse(&body)
    );
}

/// The line of `needle` in `text`, 1-based.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

/// A site from `koers init` with `yaml` appended to its site.yaml; the
/// build's result (checked against `koers check`), and site.yaml's text.
fn site(
    yaml: &str,
) -> (
    Result<Summary, Error>,
    Option<Summary>,
    tempfile::TempDir,
    String,
) {
    site_with(yaml, |_| {})
}

fn site_with(
    yaml: &str,
    change: impl Fn(&Path),
) -> (
    Result<Summary, Error>,
    Option<Summary>,
    tempfile::TempDir,
    String,
) {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let path = content.join("site.yaml");
    let text = format!("{}{yaml}", read(&path));
    fs::write(&path, &text).unwrap();
    change(&content);
    let out = dir.path().join("out");
    let built = build(&content, &out);
    let checked = koers::build::check(&options(&content, &out)).ok();
    (built, checked, dir, text)
}

const CONTACT: &str = "contact:\n  email: digitaal@voorbeeld.nl\n";

const AUDIT: &str = "  audit_date: 2026-09-01\n  audit_method: WCAG-EM, alle 50 succescriteria van WCAG 2.1 A en AA\n  audit_by: Toegankelijkheidsbureau Voorbeeld\n  audit_report: https://www.example.org/rapport.pdf\n";

fn the_error<'d>(errors: &'d [Diagnostic], text: &str) -> &'d Diagnostic {
    errors
        .iter()
        .find(|d| d.message.contains(text))
        .unwrap_or_else(|| panic!("no error about `{text}`: {errors:#?}"))
}

#[test]
fn status_a_without_an_audit_is_an_error_at_the_status_naming_each_missing_field() {
    let (r, _, _d, yaml) = site(&format!("{CONTACT}accessibility:\n  status: A\n"));
    let errs = errors(r);
    let e = the_error(&errs, "status A needs an audit report");
    assert!(e.file.ends_with("site.yaml"), "{e}");
    assert_eq!(e.position.line, line_of(&yaml, "  status: A"), "{e}");
    for field in ["audit_date", "audit_method", "audit_by", "audit_report"] {
        assert!(e.message.contains(field), "{e}");
    }
    assert!(e.help.as_deref().unwrap().contains("C or D"), "{e}");
}

#[test]
fn status_a_with_only_part_of_the_audit_names_what_is_missing() {
    let (r, _, _d, _) = site(&format!(
        "{CONTACT}accessibility:\n  status: A\n  audit_date: 2026-09-01\n  audit_method: WCAG-EM\n"
    ));
    let errs = errors(r);
    let e = the_error(&errs, "status A needs an audit report");
    assert!(e.message.contains("`audit_by` and `audit_report`"), "{e}");
    assert!(!e.message.contains("audit_date"), "{e}");
}

#[test]
fn status_a_with_exceptions_is_an_error() {
    let (r, _, _d, _) = site(&format!(
        "{CONTACT}accessibility:\n  status: A\n{AUDIT}  exceptions:\n    - criterion: 1.4.3 Contrast\n      description: Te weinig contrast.\n"
    ));
    the_error(
        &errors(r),
        "status A (voldoet volledig) cannot have exceptions",
    );
}

#[test]
fn status_b_with_an_exception_without_effect_is_an_error() {
    let (r, _, _d, yaml) = site(&format!(
        "{CONTACT}accessibility:\n  status: B\n{AUDIT}  exceptions:\n    - criterion: 1.4.3 Contrast\n      description: Grijze tekst heeft te weinig contrast.\n      reason: Kleuren uit de oude huisstijl.\n      measure: Nieuwe kleuren.\n      planned: 2027-03-01\n"
    ));
    let errs = errors(r);
    let e = the_error(&errs, "`1.4.3 Contrast` has no `effect`");
    assert_eq!(e.position.line, line_of(&yaml, "  status: B"), "{e}");
    assert!(e.help.as_deref().unwrap().contains("effect:"), "{e}");
}

#[test]
fn status_b_without_exceptions_is_an_error() {
    let (r, _, _d, _) = site(&format!("{CONTACT}accessibility:\n  status: B\n{AUDIT}"));
    the_error(
        &errors(r),
        "status B (voldoet gedeeltelijk) needs the criteria",
    );
}

#[test]
fn status_c_without_measures_is_an_error() {
    let (r, _, _d, yaml) = site(&format!("{CONTACT}accessibility:\n  status: C\n"));
    let errs = errors(r);
    let e = the_error(&errs, "status C needs the measures");
    assert_eq!(e.position.line, line_of(&yaml, "  status: C"), "{e}");
    assert!(e.help.as_deref().unwrap().contains("measures:"), "{e}");
}

#[test]
fn status_d_with_a_measure_without_date_is_an_error() {
    let (r, _, _d, _) = site(&format!(
        "{CONTACT}accessibility:\n  status: D\n  measures:\n    - description: Onderzoek laten doen.\n"
    ));
    the_error(&errors(r), "`Onderzoek laten doen.` has no date");
}

/// The generated statement's main text of a site that built.
fn statement(r: Result<Summary, Error>, dir: &tempfile::TempDir) -> String {
    if let Err(e) = r {
        panic!("does not build: {e}");
    }
    let html = read(&dir.path().join("out/toegankelijkheid/index.html"));
    let doc = scraper::Html::parse_document(&html);
    let main = text(doc.select(&sel("main")).next().unwrap());
    main
}

#[test]
fn status_a_with_its_audit_builds_and_says_no_exceptions_were_found() {
    let (r, _, d, _) = site(&format!(
        "{CONTACT}accessibility:\n  status: A\n{AUDIT}  reviewed: 2026-10-01\n"
    ));
    let page = statement(r, &d);
    for fact in [
        "Status A",
        "1 september 2026",
        "Toegankelijkheidsbureau Voorbeeld",
        "WCAG-EM",
        "1 oktober 2026",
        "Het onderzoek vond geen uitzonderingen.",
        "digitaal@voorbeeld.nl",
    ] {
        assert!(page.contains(fact), "{fact}: {page}");
    }
}

#[test]
fn status_b_with_its_audit_and_complete_exceptions_builds() {
    let (r, _, d, _) = site(&format!(
        "{CONTACT}accessibility:\n  status: B\n{AUDIT}  exceptions:\n    - criterion: 1.4.3 Contrast\n      description: Grijze tekst heeft te weinig contrast.\n      reason: Kleuren uit de oude huisstijl.\n      effect: Slechtziende bezoekers kunnen de bijschriften niet lezen.\n      measure: Nieuwe kleuren.\n      planned: 2027-03-01\n"
    ));
    let page = statement(r, &d);
    for fact in [
        "Status B",
        "Slechtziende bezoekers kunnen de bijschriften niet lezen.",
        "Kleuren uit de oude huisstijl.",
        "1 maart 2027",
    ] {
        assert!(page.contains(fact), "{fact}: {page}");
    }
    assert!(!page.contains("geen uitzonderingen"), "{page}");
}

#[test]
fn statuses_c_and_d_with_dated_measures_build_without_audit_or_exception_claims() {
    for status in ['C', 'D'] {
        let (r, _, d, _) = site(&format!(
            "{CONTACT}accessibility:\n  status: {status}\n  measures:\n    - description: Een volledig onderzoek laten doen.\n      date: 2027-04-01\n"
        ));
        let page = statement(r, &d);
        assert!(page.contains(&format!("Status {status}")), "{page}");
        assert!(
            page.contains("Een volledig onderzoek laten doen."),
            "{page}"
        );
        assert!(page.contains("1 april 2027"), "{page}");
        assert!(!page.contains("uitzonderingen"), "{page}");
        assert!(!page.contains("Onderzoeksrapport"), "{page}");
    }
}

fn no_statement_anywhere(out: &Path) {
    assert!(!out.join("toegankelijkheid/index.html").exists());
    for (path, bytes) in snapshot(out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("/toegankelijkheid/"),
            "{path} names the statement"
        );
        assert!(
            !text.contains("Toegankelijkheidsverklaring"),
            "{path} links a statement"
        );
    }
}

fn the_warning(s: &Summary) -> &Diagnostic {
    s.warnings
        .iter()
        .find(|d| d.message.contains("no accessibility statement yet"))
        .unwrap_or_else(|| panic!("no warning: {}", s.warnings))
}

#[test]
fn a_site_without_a_feedback_contact_gets_no_statement_and_a_warning() {
    let (r, checked, d, yaml) = site(
        "accessibility:\n  status: C\n  measures:\n    - description: Onderzoek laten doen.\n      date: 2027-04-01\n",
    );
    let built = r.expect("a site without a statement builds");
    no_statement_anywhere(&d.path().join("out"));
    let checked = checked.expect("the check passes");
    for summary in [&built, &checked] {
        let w = the_warning(summary);
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.file.ends_with("site.yaml"), "{w}");
        assert_eq!(w.position.line, line_of(&yaml, "  status: C"), "{w}");
        let help = w.help.as_deref().unwrap();
        assert!(
            help.contains("contact.email") && help.contains("accessibility.feedback"),
            "{w}"
        );
    }
}

#[test]
fn a_site_without_accessibility_facts_gets_no_statement_and_a_warning() {
    let (r, checked, d, _) = site(CONTACT);
    let built = r.expect("builds");
    no_statement_anywhere(&d.path().join("out"));
    let checked = checked.expect("the check passes");
    for summary in [&built, &checked] {
        let w = the_warning(summary);
        assert!(
            w.help.as_deref().unwrap().contains("accessibility.status"),
            "{w}"
        );
    }
}

#[test]
fn the_statement_s_own_feedback_address_is_enough() {
    let (r, _, d, _) = site(
        "accessibility:\n  status: C\n  feedback: https://www.example.org/melden\n  measures:\n    - description: Onderzoek laten doen.\n      date: 2027-04-01\n",
    );
    let summary = r.expect("builds");
    assert!(!summary
        .warnings
        .to_string()
        .contains("accessibility statement"));
    let home = read(&d.path().join("out/index.html"));
    assert!(home.contains("href=\"/toegankelijkheid/\""));
    let page = read(&d.path().join("out/toegankelijkheid/index.html"));
    assert!(page.contains("href=\"https://www.example.org/melden\""));
}

#[test]
fn a_page_of_one_s_own_replaces_the_statement_without_a_warning() {
    let (r, _, d, _) = site_with("", |c| {
        fs::write(
            c.join("pages/toegankelijkheid.md"),
            "---\ntitle: Toegankelijkheid\n---\nOnze eigen verklaring.\n",
        )
        .unwrap()
    });
    let summary = r.expect("builds");
    assert!(!summary
        .warnings
        .to_string()
        .contains("accessibility statement"));
    let out = d.path().join("out");
    assert!(read(&out.join("toegankelijkheid/index.html")).contains("Onze eigen verklaring."));
    assert!(read(&out.join("index.html")).contains("href=\"/toegankelijkheid/\""));
}

#[test]
fn a_statement_in_the_register_is_linked_and_not_written() {
    let register = "https://www.toegankelijkheidsverklaring.nl/register/1234";
    let (r, _, d, _) = site(&format!("accessibility:\n  register_url: {register}\n"));
    let summary = r.expect("builds");
    assert!(!summary
        .warnings
        .to_string()
        .contains("accessibility statement"));
    let out = d.path().join("out");
    assert!(!out.join("toegankelijkheid/index.html").exists());
    assert!(!read(&out.join("sitemap.xml")).contains("/toegankelijkheid/"));
    for file in snapshot(&out).keys().filter(|p| p.ends_with(".html")) {
        let html = read(&out.join(file));
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let doc = scraper::Html::parse_document(&html);
        assert!(
            doc.select(&sel(&format!("footer a[href=\"{register}\"]")))
                .next()
                .is_some(),
            "{file} does not link the register"
        );
    }
}

#[test]
fn a_register_url_that_is_not_https_is_an_error_at_its_line() {
    for bad in [
        "http://www.toegankelijkheidsverklaring.nl/register/1",
        "register/1",
    ] {
        let (r, _, _d, yaml) = site(&format!("accessibility:\n  register_url: {bad}\n"));
        let errs = errors(r);
        let e = the_error(&errs, "is no https address");
        assert_eq!(e.position.line, line_of(&yaml, "register_url"), "{e}");
    }
}
