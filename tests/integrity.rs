//! Figures are never wrong, every URL has one owner, every problem is
//! reported where it is (issue "Nothing wrong, nothing lost", classes 1-4,
//! 7-11, 13-15 and 17). Each test builds a small site made by `koers init`
//! with one change, through both `koers build` and `koers check`.

mod common;

use common::*;
use koers::error::Diagnostic;
use std::fs;
use std::path::Path;

/// A site from `koers init` with `change` applied: the build's result
/// and the check's, which must agree.
fn both(change: impl Fn(&Path)) -> (Result<String, Vec<Diagnostic>>, tempfile::TempDir) {
    let dir = init_site();
    let content = dir.path().join("site/content");
    change(&content);
    let out = dir.path().join("out");
    let built = build(&content, &out);
    let checked = koers::build::check(&options(&content, &out));
    let texts = |r: &Result<_, koers::error::Error>| match r {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().iter().map(|d| d.to_string()).collect(),
    };
    assert_eq!(texts(&built), texts(&checked), "check and build disagree");
    let result = match built {
        Ok(summary) => Ok(summary.warnings.to_string()),
        Err(e) => Err(e.diagnostics()),
    };
    (result, dir)
}

fn report(content: &Path, unit: &str, entry: &str) {
    fs::write(
        content.join("publications/voortgang-2025/index.md"),
        format!(
            "---\ntitle: Voortgangsrapportage 2025\ntype: voortgangsrapportage\nprogress:\n  date: 2025-06-30\n  unit: {unit}\n  entries:\n    - story: digitaal-loket\n      status: groen\n      summary: Loopt.\n{entry}---\nTekst.\n"
        ),
    )
    .unwrap();
}

fn statuses_csv(dir: &tempfile::TempDir) -> String {
    fs::read_to_string(dir.path().join("out/open-data/statuses.csv")).unwrap()
}

fn the_error<'a>(errors: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|d| d.to_string().contains(needle))
        .unwrap_or_else(|| panic!("no error mentions {needle:?} in {errors:#?}"))
}

// 1. An amount that says its unit is absolute.
#[test]
fn an_amount_with_the_euro_sign_is_absolute_in_a_thousands_report() {
    for (planned, shown, csv) in [
        ("\"€ 250.000\"", "€\u{a0}250.000", "250000"),
        ("\"€ 1.250.000,50\"", "€\u{a0}1.250.000,50", "1250000.50"),
        ("\"250k\"", "€\u{a0}250.000", "250000"),
        ("\"EUR 75\"", "€\u{a0}75", "75"),
        // A bare number is in the unit: 250 k€.
        ("250", "€\u{a0}250.000", "250000"),
    ] {
        let (r, dir) = both(|c| report(c, "k€", &format!("      planned: {planned}\n")));
        r.unwrap_or_else(|e| panic!("{planned}: {e:#?}"));
        let page = fs::read_to_string(dir.path().join("out/publicaties/voortgang-2025/index.html"))
            .unwrap();
        assert!(page.contains(shown), "{planned}: page lacks {shown}");
        let csv_text = statuses_csv(&dir);
        assert!(
            csv_text
                .lines()
                .nth(1)
                .unwrap()
                .split(',')
                .any(|f| f == csv),
            "{planned}: statuses.csv has no {csv}: {csv_text}"
        );
    }
}

// 2. Ambiguous Dutch numbers are errors; a factor of 1 000 is a warning.
#[test]
fn an_unquoted_number_with_a_dot_and_three_digits_is_ambiguous() {
    for (value, line) in [("1.250", 11), ("2.500", 11), ("10.000", 11)] {
        let (r, _d) = both(|c| report(c, "euro", &format!("      planned: {value}\n")));
        let errors = r.unwrap_err();
        let e = the_error(&errors, "is ambiguous");
        assert_eq!(e.position.line, line);
        assert!(e.help.as_deref().unwrap().contains("quote it"), "{e}");
    }
    // In a story's own budget too.
    let (r, _d) = both(|c| {
        let p = c.join("stories/digitaal-loket.md");
        let text = fs::read_to_string(&p)
            .unwrap()
            .replace("budget: \"€ 100.000\"", "budget: 7.500");
        fs::write(p, text).unwrap();
    });
    assert_eq!(
        the_error(&r.unwrap_err(), "`7.500` in `budget` is ambiguous")
            .position
            .line,
        5
    );
    // Quoted, it is the Dutch thousands; 2.5 k€ is € 2.500 as documented.
    for (value, csv) in [("\"1.250\"", "1250000"), ("2.5", "2500")] {
        let (r, dir) = both(|c| report(c, "k€", &format!("      planned: {value}\n")));
        r.unwrap();
        assert!(statuses_csv(&dir)
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .any(|f| f == csv));
    }
}

#[test]
fn an_amount_a_thousand_times_the_others_is_a_warning() {
    // The story's budget is € 100.000; a forecast of 100000 k€ is 100 million.
    let (r, _d) = both(|c| {
        report(
            c,
            "k€",
            "      planned: 100\n      spent: 40\n      forecast: 100000\n",
        )
    });
    let warnings = r.unwrap();
    assert!(
        warnings.contains("differs by a factor of a thousand"),
        "{warnings}"
    );
    assert!(
        warnings.contains("voortgang-2025/index.md:13:"),
        "{warnings}"
    );
    let (r, _d) = both(|c| report(c, "k€", "      planned: 100\n      forecast: 120\n"));
    assert!(!r.unwrap().contains("factor"));
}

// 3. One number, one value everywhere: no NaN, infinity or overflow.
#[test]
fn impossible_amounts_are_errors() {
    for (value, needle) in [
        (".nan", ".nan and .inf are not amounts"),
        (".inf", ".nan and .inf are not amounts"),
        ("\"€ 99.999.999.999.999\"", "too large"),
        ("5000000000", "too large"),
        ("-5", "negative"),
    ] {
        let (r, _d) = both(|c| report(c, "k€", &format!("      planned: {value}\n")));
        let errors = r.unwrap_err();
        let e = the_error(&errors, needle);
        assert_eq!(e.position.line, 11, "{value}");
    }
}

fn table(content: &Path, rows: &str) {
    fs::write(
        content.join("publications/plan/index.md"),
        format!("---\ntitle: Plan\ntype: programmaplan\ntables:\n  - id: kosten\n    title: Kosten\n    unit: k€\n    columns: [Bedrag]\n    rows:\n{rows}---\n"),
    )
    .unwrap();
}

#[test]
fn sums_beyond_the_range_of_money_are_errors_not_negative_totals() {
    let rows: String = (0..1_100)
        .map(|i| format!("      - {{label: R{i}, values: [\"€ 999.999.999.999\"]}}\n"))
        .chain(["      - {label: Totaal, sum: all}\n".to_string()])
        .collect();
    let (r, _d) = both(|c| {
        fs::create_dir_all(c.join("publications/plan")).unwrap();
        table(c, &rows);
    });
    let errors = r.unwrap_err();
    let e = the_error(&errors, "adds up to more than koers can hold");
    assert_eq!(e.position.line, 1110);
}

// 4. Totals in the right order, cycles reported.
#[test]
fn totals_of_totals_below_them_and_cycles() {
    // Plateau 4 plan: new 1 520 k€ and carried over 797 k€ (rows made up to
    // those sums), the grand total 2 317 k€ above them.
    let ok = "      - {label: Totaal, sum: [nieuw, over], values: [2317]}\n      - {id: a, label: A, values: [1000]}\n      - {id: b, label: B, values: [520]}\n      - {id: nieuw, label: Nieuw, sum: [a, b], values: [1520]}\n      - {id: c, label: C, values: [797]}\n      - {id: over, label: Overgeheveld, sum: [c], values: [797]}\n";
    let (r, dir) = both(|c| {
        fs::create_dir_all(c.join("publications/plan")).unwrap();
        table(c, ok);
    });
    r.unwrap();
    let page = fs::read_to_string(dir.path().join("out/publicaties/plan/index.html")).unwrap();
    assert!(page.contains("€\u{a0}2.317.000"));
    // A stated total that does not match names the real sum, not € 0.
    let wrong = ok.replace("values: [2317]", "values: [2000]");
    let (r, _d) = both(|c| {
        fs::create_dir_all(c.join("publications/plan")).unwrap();
        table(c, &wrong);
    });
    let errors = r.unwrap_err();
    let e = the_error(
        &errors,
        "states €\u{a0}2.000.000, but its parts add up to €\u{a0}2.317.000",
    );
    assert_eq!(e.position.line, 10);
    // Totals that add up each other.
    let cycle = "      - {id: a, label: A, values: [1]}\n      - {id: x, label: X, sum: [a, y]}\n      - {id: y, label: Y, sum: [x]}\n";
    let (r, _d) = both(|c| {
        fs::create_dir_all(c.join("publications/plan")).unwrap();
        table(c, cycle);
    });
    let errors = r.unwrap_err();
    let e = the_error(&errors, "add up each other: `X` -> `Y` -> `X`");
    assert_eq!(e.position.line, 11);
    // `above` with nothing above it.
    let (r, _d) = both(|c| {
        fs::create_dir_all(c.join("publications/plan")).unwrap();
        table(
            c,
            "      - {label: Totaal, sum: above}\n      - {label: A, values: [1]}\n",
        );
    });
    assert!(!r.unwrap_err().is_empty());
}

// 7. Generated URLs are reserved.
#[test]
fn a_content_file_cannot_take_a_url_of_koers() {
    let story = |redirect: &'static str| {
        move |c: &Path| {
            let p = c.join("stories/digitaal-loket.md");
            let text = fs::read_to_string(&p).unwrap().replace(
                "themes: [dienstverlening]",
                &format!("themes: [dienstverlening]\nredirect_from: [\"{redirect}\"]"),
            );
            fs::write(p, text).unwrap();
        }
    };
    for (url, owner) in [
        ("/", "home page"),
        ("/feed.xml", "Atom feed"),
        ("/zoeken/", "search page"),
        ("/open-data/stories.csv", "open data files"),
        ("/robots.txt", "robots.txt"),
    ] {
        let (r, _d) = both(story(url));
        let errors = r.unwrap_err();
        let e = the_error(&errors, owner);
        assert!(e.file.ends_with("stories/digitaal-loket.md"), "{e}");
        assert_eq!(e.position.line, 5, "{url}");
    }
    // A page named like the search page, and a static index.html.
    let (r, _d) =
        both(|c| fs::write(c.join("pages/zoeken.md"), "---\ntitle: Zoeken\n---\n").unwrap());
    assert!(the_error(&r.unwrap_err(), "search page")
        .file
        .ends_with("pages/zoeken.md"));
    let (r, _d) = both(|c| fs::write(c.join("index.html"), "<p>eigen</p>").unwrap());
    assert!(the_error(&r.unwrap_err(), "would replace koers' home page")
        .file
        .ends_with("index.html"));
    // The documented override: a page of one's own at the statement's URL.
    let (r, dir) = both(|c| {
        fs::write(
            c.join("pages/toegankelijkheid.md"),
            "---\ntitle: Onze verklaring\n---\nEigen tekst.\n",
        )
        .unwrap()
    });
    r.unwrap();
    let page = fs::read_to_string(dir.path().join("out/toegankelijkheid/index.html")).unwrap();
    assert!(page.contains("Eigen tekst."));
}

// 8. base_url is parsed as a URL.
#[test]
fn a_base_url_that_is_no_address_is_an_error_with_the_fix() {
    for bad in [
        "koers.example.nl",
        "/strategie/",
        "https://example.org/?x=1",
        "https://example.org/#a",
    ] {
        let (r, _d) = both(|c| {
            let p = c.join("site.yaml");
            let text = fs::read_to_string(&p).unwrap();
            let text = text
                .lines()
                .map(|l| {
                    if l.starts_with("base_url:") {
                        format!("base_url: \"{bad}\"")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            fs::write(p, text).unwrap();
        });
        let errors = r.unwrap_err();
        let e = the_error(&errors, "`base_url`");
        assert_eq!((e.position.line, e.position.column), (4, 11), "{bad}");
        assert!(e.help.as_deref().unwrap().contains("https://"), "{e}");
    }
}

// 9. Ids are URL-safe.
#[test]
fn an_id_must_be_a_slug() {
    for bad in [
        "a?b",
        "a#b",
        "twee woorden",
        "..",
        "a\u{200b}b",
        "a\u{202e}b",
        "Hoofd",
    ] {
        let (r, _d) = both(|c| {
            let p = c.join("stories/digitaal-loket.md");
            let text = fs::read_to_string(&p)
                .unwrap()
                .replace("number: 1", &format!("number: 1\nid: '{bad}'"));
            fs::write(p, text).unwrap();
        });
        let errors = r.unwrap_err();
        let e = the_error(&errors, "is not a valid id");
        assert_eq!((e.position.line, e.position.column), (4, 5), "{bad:?}");
    }
}

// 10. Positions come from the parser: every occurrence at its own line.
#[test]
fn every_occurrence_of_a_bad_value_is_reported_at_its_own_line() {
    let (r, _d) = both(|c| {
        let entries: String = (0..3)
            .map(|_| {
                "    - story: digitaal-loket\n      status: paars\n      summary: x\n".to_string()
            })
            .collect();
        fs::write(
            c.join("publications/voortgang-2025/index.md"),
            format!("---\ntitle: R\ntype: voortgangsrapportage\n# status: paars in a comment\nprogress:\n  date: 2025-06-30\n  entries:\n{entries}---\nDe status paars komt ook in de tekst voor.\n"),
        )
        .unwrap();
    });
    let errors = r.unwrap_err();
    let lines: Vec<usize> = errors
        .iter()
        .filter(|d| d.message.contains("unknown status level `paars`"))
        .map(|d| d.position.line)
        .collect();
    assert_eq!(lines, vec![9, 12, 15]);
}

// 13. Messages speak the author's language.
#[test]
fn messages_name_no_rust_types() {
    for (field, value) in [
        ("licence", "onbekend"),
        ("licence", "{}"),
        ("navigation", "x"),
        ("status_levels", "[[1]]"),
    ] {
        let (r, _d) = both(|c| {
            let p = c.join("site.yaml");
            let text = fs::read_to_string(&p).unwrap();
            fs::write(p, format!("{text}\n{field}: {value}\n")).unwrap();
        });
        let errors = r.unwrap_err();
        for e in &errors {
            let t = e.to_string();
            for rust in [
                "struct", "Input", "u32", "String", "sequence", "untagged", "enum ",
            ] {
                assert!(!t.contains(rust), "{field}: {value}: {t}");
            }
        }
    }
}

// 14. Reports with one date; see_also naming itself or twice.
#[test]
fn two_reports_on_one_date_and_see_also_itself_are_errors() {
    let (r, _d) = both(|c| {
        fs::create_dir_all(c.join("publications/voortgang-2025b")).unwrap();
        fs::copy(
            c.join("publications/voortgang-2025/index.md"),
            c.join("publications/voortgang-2025b/index.md"),
        )
        .unwrap();
    });
    let errors = r.unwrap_err();
    let e = the_error(
        &errors,
        "same reporting date as the report `voortgang-2025`",
    );
    assert!(e.file.ends_with("voortgang-2025b/index.md"));
    for (list, needle) in [
        ("[digitaal-loket]", "names this story itself"),
        (
            "[digitaal-loket, digitaal-loket]",
            "names this story itself",
        ),
    ] {
        let (r, _d) = both(|c| {
            let p = c.join("stories/digitaal-loket.md");
            let text = fs::read_to_string(&p)
                .unwrap()
                .replace("number: 1", &format!("number: 1\nsee_also: {list}"));
            fs::write(p, text).unwrap();
        });
        assert_eq!(the_error(&r.unwrap_err(), needle).position.line, 4);
    }
}

// 15. Control characters never reach HTML or XML.
#[test]
fn control_characters_are_errors_or_never_reach_the_output() {
    for (text, pos) in [
        ("---\ntitle: Een\u{0} loket\n---\n", (2, 11)),
        (
            "---\ntitle: Een loket\n---\nTekst met \u{0} erin.\n",
            (4, 11),
        ),
        ("---\ntitle: Een loket\n---\nEscape \u{1b}[31m\n", (4, 8)),
    ] {
        let (r, _d) = both(|c| fs::write(c.join("stories/digitaal-loket.md"), text).unwrap());
        let errors = r.unwrap_err();
        let e = the_error(&errors, "control character");
        assert_eq!((e.position.line, e.position.column), pos, "{text:?}");
    }
    // Written as a YAML escape, it is left out of every page and XML file.
    let (r, dir) = both(|c| {
        fs::write(
            c.join("stories/digitaal-loket.md"),
            "---\ntitle: \"Een\\0 loket\\u0007\"\nthemes: [dienstverlening]\n---\n",
        )
        .unwrap()
    });
    r.unwrap();
    for (path, bytes) in snapshot(&dir.path().join("out")) {
        if path.ends_with(".html") || path.ends_with(".xml") {
            assert!(
                !bytes.iter().any(|b| *b < 0x20 && !b"\t\n\r".contains(b)),
                "{path}"
            );
        }
    }
}

// 17. Limits with clear errors.
#[test]
fn deep_nesting_large_front_matter_and_huge_charts_are_refused() {
    let (r, _d) = both(|c| {
        fs::write(
            c.join("stories/diep.md"),
            format!("---\ntitle: x\nthemes: {}\n---\n", "[".repeat(100_000)),
        )
        .unwrap()
    });
    let errors = r.unwrap_err();
    assert_eq!(
        the_error(&errors, "nested more than 32 levels")
            .position
            .line,
        3
    );
    let (r, _d) = both(|c| {
        fs::write(
            c.join("stories/groot.md"),
            format!("---\ntitle: x\nsummary: {}\n---\n", "a".repeat(2 << 20)),
        )
        .unwrap()
    });
    the_error(&r.unwrap_err(), "more than the limit of 1048576 bytes");
    let (r, _d) = both(|c| {
        let rows: String = (0..20_000).map(|i| format!("r{i};{i}\n")).collect();
        fs::write(c.join("stories/data.csv"), format!("Rij;Waarde\n{rows}")).unwrap();
        fs::write(
            c.join("stories/digitaal-loket.md"),
            "---\ntitle: x\n---\n```chart\ntitle: Veel\ndata: data.csv\n```\n",
        )
        .unwrap();
    });
    the_error(
        &r.unwrap_err(),
        "20000 values, more than the limit of 10000",
    );
    // The limit is the site's to set.
    let (r, _d) = both(|c| {
        let p = c.join("site.yaml");
        let text = fs::read_to_string(&p).unwrap();
        fs::write(p, format!("{text}\nlimits:\n  chart_points: 30000\n")).unwrap();
        let rows: String = (0..20_000).map(|i| format!("r{i};{i}\n")).collect();
        fs::write(c.join("stories/data.csv"), format!("Rij;Waarde\n{rows}")).unwrap();
        fs::write(
            c.join("stories/digitaal-loket.md"),
            "---\ntitle: x\n---\n```chart\ntitle: Veel\ndata: data.csv\n```\n",
        )
        .unwrap();
    });
    r.unwrap();
}

fn story_body(content: &Path, body: &str) {
    fs::write(
        content.join("stories/digitaal-loket.md"),
        format!("---\ntitle: Een digitaal loket\nthemes: [dienstverlening]\n---\n{body}"),
    )
    .unwrap();
}

// 12. Footnotes and anchors.
#[test]
fn a_footnote_without_definition_is_an_error_and_an_unused_one_a_warning() {
    let (r, _d) = both(|c| {
        story_body(
            c,
            "## Ambitie\n\nZie de noot[^bron] en [^twee].\n\n[^bron]: De bron.\n",
        )
    });
    let errors = r.unwrap_err();
    let e = the_error(&errors, "footnote `[^twee]` is used but never defined");
    assert_eq!((e.position.line, e.position.column), (7, 23));
    let (r, _d) = both(|c| {
        story_body(
            c,
            "Tekst met een noot[^a].\n\n[^a]: Gebruikt.\n\n[^ongebruikt]: Nooit genoemd.\n",
        )
    });
    let warnings = r.unwrap();
    assert!(
        warnings.contains("digitaal-loket.md:9:1: footnote `[^ongebruikt]` is never referred to"),
        "{warnings}"
    );
    // In code the same characters are code, not a note.
    let (r, _d) = both(|c| story_body(c, "Schrijf `[^x]` of\n\n```\n[^y]\n```\n"));
    r.unwrap();
}

#[test]
fn anchors_and_site_paths_are_checked_against_the_build() {
    for (body, needle, line) in [
        (
            "## Ambitie\n\nZie [hier](#ambitei).\n",
            "`#ambitei` goes to no heading or note of this page",
            7,
        ),
        (
            "Zie [over](../pages/over.md#geen-kop).\n",
            "goes to no heading of pages/over.md",
            5,
        ),
        (
            "Zie [elders](/bestaat-niet/).\n",
            "`/bestaat-niet/` goes to no page or file of this site",
            5,
        ),
        ("Zie [pdf](/data/plan.pdf).\n", "goes to no page or file", 5),
    ] {
        let (r, _d) = both(|c| story_body(c, body));
        let errors = r.unwrap_err();
        assert_eq!(the_error(&errors, needle).position.line, line, "{body}");
    }
    // What exists passes: a heading here, one in another file, a page, the
    // search page, a file of the content folder, an id of the templates.
    let (r, _d) = both(|c| {
        fs::write(c.join("plan.pdf"), b"%PDF-1.4\n").unwrap();
        fs::write(
            c.join("pages/over.md"),
            "---\ntitle: Over\n---\n## Wie wij zijn\n\nTekst.\n",
        )
        .unwrap();
        story_body(
            c,
            "## Ambitie\n\n[a](#ambitie) [b](../pages/over.md#wie-wij-zijn) [c](/over/) [d](/zoeken/) [e](/plan.pdf) [f](#inhoud)\n",
        )
    });
    r.unwrap();
}

#[test]
fn a_disallowed_url_scheme_is_called_that() {
    for (link, scheme) in [
        ("[x](javascript:alert(1))", "javascript"),
        ("[x](JavaScript:alert(1))", "javascript"),
        ("[x](&#106;avascript:alert(1))", "javascript"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data"),
        ("<vbscript:msgbox>", "vbscript"),
        ("[x](file:///etc/passwd)", "file"),
    ] {
        let (r, _d) = both(|c| story_body(c, &format!("Zie {link}.\n")));
        let errors = r.unwrap_err();
        let e = the_error(&errors, &format!("uses the scheme `{scheme}:`"));
        assert_eq!(e.position.line, 5, "{link}");
        assert!(!e.message.contains("no such file"));
    }
    let (r, _d) = both(|c| {
        story_body(c, "![stip](data:image/png;base64,iVBORw0KGgo=) [m](mailto:a@b.nl) [t](tel:+31201234567)\n")
    });
    r.unwrap();
}

// 7. The URL segments of the kinds are each their own.
#[test]
fn a_url_segment_is_one_kinds_own() {
    for (urls, needle) in [
        (
            "urls:\n  stories: zoeken\n",
            "`zoeken` of stories is also one of koers' own pages",
        ),
        (
            "urls:\n  stories: themas\n",
            "`themas` of stories is also the URLs of themes",
        ),
        (
            "urls:\n  reports: open-data\n",
            "also one of koers' own pages",
        ),
    ] {
        let (r, _d) = both(|c| {
            let p = c.join("site.yaml");
            let text = fs::read_to_string(&p).unwrap();
            fs::write(p, format!("{text}{urls}")).unwrap();
        });
        let errors = r.unwrap_err();
        let e = the_error(&errors, needle);
        assert!(e.file.ends_with("site.yaml"), "{urls}");
    }
}
