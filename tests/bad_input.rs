//! Bad content gets a clear error naming the file, the line and the bad
//! value, all errors of a build at once, and the previous output survives.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// Builds the skeleton once (the "previous output"), applies `edit`, builds
/// again, and returns the errors; asserts the previous output is unchanged.
fn break_site(edit: impl FnOnce(&Path)) -> Vec<koers::error::Diagnostic> {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let output = dir.path().join("output");
    build(&content, &output).expect("the skeleton builds");
    let before = snapshot(&output);
    assert!(before.keys().any(|k| k.ends_with("index.html")));
    edit(&content);
    let errs = errors(build(&content, &output));
    assert_eq!(
        snapshot(&output),
        before,
        "a failed build must leave the previous output untouched"
    );
    errs
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn find<'a>(errs: &'a [koers::error::Diagnostic], needle: &str) -> &'a koers::error::Diagnostic {
    errs.iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no error mentions {needle:?}; got: {errs:#?}"))
}

#[test]
fn broken_yaml_names_file_line_and_column() {
    let errs = break_site(|c| {
        replace(
            &c.join("stories/digitaal-loket.md"),
            "themes: [dienstverlening]",
            "themes: [dienstverlening",
        )
    });
    let e = &errs[0];
    assert!(e.file.ends_with("stories/digitaal-loket.md"), "{e}");
    assert!(e.position.line >= 4 && e.position.line <= 6, "{e}");
    assert!(e.position.column > 0);
    assert!(e.message.contains("invalid YAML"), "{e}");
}

#[test]
fn unknown_theme_lists_valid_values_and_suggests() {
    let errs = break_site(|c| {
        replace(
            &c.join("stories/digitaal-loket.md"),
            "themes: [dienstverlening]",
            "themes: [dienstverlenig]",
        )
    });
    let e = find(&errs, "dienstverlenig");
    assert!(e.file.ends_with("stories/digitaal-loket.md"));
    assert_eq!((e.position.line, e.position.column), (4, 10));
    let help = e.help.as_deref().unwrap();
    assert!(help.contains("did you mean `dienstverlening`"), "{help}");
    assert!(help.contains("valid values are: dienstverlening"), "{help}");
}

#[test]
fn unknown_status_level_names_the_value() {
    let errs = break_site(|c| {
        replace(
            &c.join("publications/voortgang-2025/index.md"),
            "status: groen",
            "status: paars",
        )
    });
    let e = find(&errs, "`paars`");
    assert!(e.file.ends_with("publications/voortgang-2025/index.md"));
    assert_eq!(e.position.line, 11);
    assert!(e.help.as_deref().unwrap().contains("groen, oranje, rood"));
}

#[test]
fn missing_required_field_names_the_field() {
    let errs = break_site(|c| {
        replace(
            &c.join("stories/digitaal-loket.md"),
            "title: Een digitaal loket\n",
            "",
        )
    });
    let e = find(&errs, "required field `title`");
    assert!(e.file.ends_with("stories/digitaal-loket.md"));
    assert!(e.position.line >= 1);
}

/// Adds a link to a publication that does not exist at line 11 of a story.
fn link_to_a_missing_publication(content: &Path) {
    let p = content.join("stories/digitaal-loket.md");
    let text = fs::read_to_string(&p).unwrap();
    fs::write(
        &p,
        format!("{text}\nZie ook [het plan](../publications/bestaat-niet/index.md).\n"),
    )
    .unwrap();
}

#[test]
fn broken_internal_link_names_the_line() {
    let errs = break_site(|c| {
        link_to_a_missing_publication(c);
    });
    let e = find(&errs, "bestaat-niet");
    assert!(e.file.ends_with("stories/digitaal-loket.md"));
    assert_eq!(e.position.line, 11);
    assert!(e.message.contains("broken link"));
}

const TABLE: &str = r#"tables:
  - id: kosten
    title: Kosten
    unit: k€
    columns: ["2019"]
    rows:
      - {id: a, label: Onderbesteding A, values: [500]}
      - {id: b, label: Onderbesteding B, values: [VALUE_B]}
      - {label: Subtotaal onderbesteding, sum: all, values: [TOTAL]}
progress:"#;

fn with_table(value_b: &str, total: &str) -> Vec<koers::error::Diagnostic> {
    let table = TABLE.replace("VALUE_B", value_b).replace("TOTAL", total);
    break_site(move |c| {
        replace(
            &c.join("publications/voortgang-2025/index.md"),
            "progress:",
            &table,
        )
    })
}

#[test]
fn stated_total_that_does_not_match_gives_both_numbers() {
    // The plateau 4 plan prints 856 where its rows add up to 944.
    let errs = with_table("444", "856");
    let e = find(&errs, "Subtotaal onderbesteding");
    assert!(e.message.contains("€\u{a0}856.000"), "{e}");
    assert!(e.message.contains("€\u{a0}944.000"), "{e}");
    assert!(e.file.ends_with("publications/voortgang-2025/index.md"));
    assert_eq!(e.position.line, 14);
}

#[test]
fn pm_summed_into_a_total_is_an_error() {
    let errs = with_table("PM", "500");
    let e = find(&errs, "PM");
    assert!(e.message.contains("counted as zero"), "{e}");
    assert_eq!(e.position.line, 14);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let errs = break_site(|c| {
        replace(
            &c.join("stories/digitaal-loket.md"),
            "themes: [dienstverlening]",
            "themes: [onbekend]",
        );
        replace(
            &c.join("publications/voortgang-2025/index.md"),
            "status: groen",
            "status: paars",
        );
        replace(
            &c.join("themes/dienstverlening.md"),
            "ambition: volgend",
            "ambition: achterop",
        );
        replace(
            &c.join("pages/over.md"),
            "gemaakt met koers.",
            "gemaakt met [koers](nergens.md).",
        );
    });
    find(&errs, "nergens.md");
    find(&errs, "onbekend");
    find(&errs, "paars");
    find(&errs, "achterop");
}

#[test]
fn markdown_errors_of_a_page_and_of_a_story_are_reported_together() {
    // A story's text is rendered by its own page's job; the page's text
    // before any page is made. Both errors come in one report.
    let errs = break_site(|c| {
        replace(
            &c.join("pages/over.md"),
            "gemaakt met koers.",
            "gemaakt met [koers](nergens.md).",
        );
        link_to_a_missing_publication(c);
    });
    assert!(find(&errs, "nergens.md").file.ends_with("pages/over.md"));
    let story = find(&errs, "bestaat-niet");
    assert!(story.file.ends_with("stories/digitaal-loket.md"));
    assert_eq!(story.position.line, 11);
}

#[test]
fn bad_money_and_impossible_dates_are_errors() {
    let errs = break_site(|c| {
        let p = c.join("publications/voortgang-2025/index.md");
        replace(&p, "spent: \"€ 40.000\"", "spent: veel");
        replace(&p, "published: 2025-07-01", "published: 2025-02-30");
    });
    let money = find(&errs, "`veel`");
    assert_eq!(money.position.line, 14);
    let date = find(&errs, "2025-02-30");
    assert_eq!(date.position.line, 5);
}

#[test]
fn a_list_where_an_amount_belongs_is_placed_at_the_value() {
    let errs = break_site(|c| {
        let p = c.join("publications/voortgang-2025/index.md");
        replace(&p, "planned: \"€ 100.000\"", "planned: [100, 200]");
    });
    let e = find(&errs, "expected a number or a text");
    assert!(
        e.file.ends_with("publications/voortgang-2025/index.md"),
        "{e}"
    );
    // `      planned: [100, 200]` is line 13 of the report; the list
    // starts in column 16.
    assert_eq!((e.position.line, e.position.column), (13, 16), "{e}");
}

#[test]
fn refuses_output_folders_that_would_destroy_sources() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    for bad in [
        content.clone(),
        dir.path().join("site"),
        Path::new("/").to_path_buf(),
    ] {
        let err = build(&content, &bad).unwrap_err();
        assert!(err.to_string().contains("refusing"), "{err}");
    }
    assert!(content.join("site.yaml").exists());
}

#[test]
fn the_command_line_exits_non_zero_and_prints_positions() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    replace(
        &content.join("stories/digitaal-loket.md"),
        "themes: [dienstverlening]",
        "themes: [x]",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("digitaal-loket.md:4:10: unknown theme `x`"),
        "{stderr}"
    );
    assert!(stderr.contains("1 error found"), "{stderr}");
}

#[test]
fn bad_chart_spec_names_file_and_line() {
    let errs = break_site(|c| {
        let p = c.join("pages/over.md");
        let text = fs::read_to_string(&p).unwrap();
        fs::write(&p, format!("{text}\n```chart\ntitle: Budget\ncategories: [A, B]\nseries:\n  - name: Incidenteel\n    values: [1]\n```\n")).unwrap();
    });
    let e = find(&errs, "1 values for 2 categories");
    assert!(e.file.ends_with("pages/over.md"));
    assert_eq!(e.position.line, 10, "{e}: the line of the series");
}

#[test]
fn a_script_in_markdown_is_rejected_with_file_and_line() {
    let errs = break_site(|c| {
        let p = c.join("pages/over.md");
        let text = fs::read_to_string(&p).unwrap();
        fs::write(&p, format!("{text}\nTekst.\n\n<script>\nalert(1)\n</script>\n\n<a href=\"javascript:alert(1)\">x</a>\n")).unwrap();
    });
    let e = find(&errs, "<script>");
    assert!(e.file.ends_with("pages/over.md"));
    assert_eq!(e.position.line, 8);
    let e = find(&errs, "script URL");
    assert_eq!(e.position.line, 12);
}

#[test]
fn an_allow_listed_element_passes_and_strip_mode_removes_with_a_warning() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let site = content.join("site.yaml");
    let yaml = fs::read_to_string(&site).unwrap();
    fs::write(
        &site,
        format!("{yaml}html:\n  policy: strip\n  allow: [iframe]\n"),
    )
    .unwrap();
    let p = content.join("pages/over.md");
    let text = fs::read_to_string(&p).unwrap();
    fs::write(
        &p,
        format!("{text}\n<iframe title=\"Video\" src=\"https://video.example/1\"></iframe>\n\n<p onclick=\"steal()\">Tekst</p>\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let summary = build(&content, &out).expect("strip mode builds");
    let html = read(&out.join("over/index.html"));
    assert!(
        html.contains("<iframe title=\"Video\""),
        "allowed element kept"
    );
    assert!(
        html.contains("<p>Tekst</p>") && !html.contains("steal()"),
        "event attribute stripped"
    );
    let w = summary
        .warnings
        .iter()
        .find(|d| d.message.contains("onclick"))
        .expect("a warning says what was removed");
    assert_eq!(w.position.line, 8);
}

#[test]
fn a_broken_template_of_the_site_names_its_file_line_and_column() {
    let errs = break_site(|c| {
        let templates = c.parent().unwrap().join("templates");
        fs::create_dir_all(&templates).unwrap();
        fs::write(
            templates.join("page.html"),
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
        )
        .unwrap();
    });
    let e = &errs[0];
    assert!(
        e.file.ends_with("site/templates/page.html"),
        "the site's own file, not the theme's: {e}"
    );
    assert_eq!((e.position.line, e.position.column), (3, 19), "{e}");
    assert!(e.message.contains("expected }}"), "{e}");
}
