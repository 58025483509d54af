//! The bad-input corpus: one case per class of broken or hostile input.
//! Each either builds correctly or fails with a clear error naming the file
//! and line; none panics or hangs (every case runs under a time bound).

mod common;

use common::*;
use koers::error::{Diagnostic, Error};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `f` on another thread and fails the test if it takes longer than
/// `secs` or panics.
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .unwrap_or_else(|e| panic!("no result within {secs} s ({e}): a hang or a panic"))
}

/// A skeleton site with `setup` applied; returns the build result.
fn build_case(
    secs: u64,
    setup: impl FnOnce(&Path),
) -> (Result<koers::build::Summary, Error>, tempfile::TempDir) {
    let dir = init_site();
    let content = dir.path().join("site/content");
    setup(&content);
    let out = dir.path().join("out");
    let (c, o) = (content.clone(), out.clone());
    let result = within(secs, move || build(&c, &o));
    (result, dir)
}

fn error_about(result: Result<koers::build::Summary, Error>, needle: &str) -> Diagnostic {
    let errs = errors(result);
    errs.into_iter()
        .find(|d| d.to_string().contains(needle))
        .unwrap_or_else(|| panic!("no error mentions {needle:?}"))
}

fn story(content: &Path, name: &str, text: &[u8]) -> PathBuf {
    let p = content.join("stories").join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_file_that_is_not_utf8() {
    let (r, _d) = build_case(20, |c| {
        story(c, "latin1.md", b"---\ntitle: Caf\xe9\n---\nTekst\n");
    });
    let e = error_about(r, "not valid UTF-8");
    assert!(e.file.ends_with("stories/latin1.md"));
    assert_eq!((e.position.line, e.position.column), (2, 11));
}

#[test]
fn utf8_with_a_bom_and_crlf_line_endings_build() {
    let (r, d) = build_case(20, |c| {
        story(
            c,
            "bom.md",
            "\u{feff}---\r\ntitle: Met BOM\r\nnumber: 7\r\n---\r\n## Kop\r\n\r\nTekst.\r\n"
                .as_bytes(),
        );
    });
    r.expect("BOM and CRLF are normalised");
    let html = read(&d.path().join("out/stories/bom/index.html"));
    assert!(html.contains("<h1>Met BOM</h1>"));
    assert!(html.contains("<h2 id=\"kop\">Kop</h2>"));
}

#[test]
fn front_matter_that_is_never_closed() {
    let (r, _d) = build_case(20, |c| {
        story(c, "open.md", b"---\ntitle: Open\n\nTekst zonder einde\n");
    });
    let e = error_about(r, "never closed");
    assert!(e.file.ends_with("stories/open.md"));
    assert_eq!(e.position.line, 1);
}

#[test]
fn duplicate_yaml_keys() {
    let (r, _d) = build_case(20, |c| {
        story(c, "dubbel.md", b"---\ntitle: Een\ntitle: Twee\n---\n");
    });
    let e = error_about(r, "written twice");
    assert!(e.file.ends_with("stories/dubbel.md"));
    assert_eq!(e.position.line, 3);
}

#[test]
fn a_yaml_bomb_of_deep_aliases() {
    let mut yaml = String::from("---\ntitle: Bom\nsummary: &a0 \"lol\"\n");
    let mut aliases = Vec::new();
    for i in 1..=12 {
        yaml.push_str(&format!(
            "x{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n",
            p = i - 1
        ));
        aliases.push(i);
    }
    yaml.push_str("---\n");
    let (r, _d) = build_case(20, move |c| {
        story(c, "bom.md", yaml.as_bytes());
    });
    let e = errors(r);
    assert!(e[0].file.ends_with("stories/bom.md"), "{}", e[0]);
}

#[test]
fn a_20_megabyte_markdown_file() {
    let (r, d) = build_case(120, |c| {
        let mut text = String::from("---\ntitle: Groot\n---\n");
        let para = "Dit is een lange alinea over de voortgang van het programma, met **nadruk** en een verwijzing naar [het digitale loket](digitaal-loket.md).\n\n";
        while text.len() < 20 * 1024 * 1024 {
            text.push_str(para);
        }
        story(c, "groot.md", text.as_bytes());
    });
    if let Err(e) = r {
        panic!("a large file builds: {e}");
    }
    assert!(
        fs::metadata(d.path().join("out/stories/groot/index.html"))
            .unwrap()
            .len()
            > 20 * 1024 * 1024
    );
}

#[test]
fn a_list_nested_ten_thousand_deep() {
    // The file is 100 MB of indentation: a debug build on a busy shared
    // machine needs most of a minute, so the guard against a hang is
    // generous (it is no timing test).
    let (r, _d) = build_case(240, |c| {
        let mut text = String::from("---\ntitle: Diep\n---\n");
        for depth in 0..10_000 {
            text.push_str(&" ".repeat(depth * 2));
            text.push_str("- punt\n");
        }
        story(c, "diep.md", text.as_bytes());
    });
    // Either outcome is fine, as long as it ends (no stack overflow).
    if let Err(e) = r {
        assert!(!e.diagnostics().is_empty(), "{e}");
    }
}

#[test]
fn a_typo_in_a_field_name_suggests_the_right_one() {
    let (r, _d) = build_case(20, |c| {
        let p = c.join("publications/voortgang-2025/index.md");
        let t = fs::read_to_string(&p)
            .unwrap()
            .replace("status: groen", "statsu: groen");
        fs::write(p, t).unwrap();
    });
    let e = error_about(r, "statsu");
    assert_eq!(e.position.line, 11);
    assert!(
        e.help
            .as_deref()
            .unwrap()
            .contains("did you mean `status`?"),
        "{e}"
    );
}

#[test]
fn negative_and_non_numeric_amounts() {
    let (r, _d) = build_case(20, |c| {
        let p = c.join("stories/digitaal-loket.md");
        let t = fs::read_to_string(&p)
            .unwrap()
            .replace("budget: \"€ 100.000\"", "budget: -5000");
        fs::write(p, t).unwrap();
    });
    let e = error_about(r, "negative");
    assert_eq!(e.position.line, 5);
    let (r, _d) = build_case(20, |c| {
        let p = c.join("stories/digitaal-loket.md");
        let t = fs::read_to_string(&p)
            .unwrap()
            .replace("budget: \"€ 100.000\"", "budget: een ton");
        fs::write(p, t).unwrap();
    });
    let e = error_about(r, "not an amount");
    assert_eq!(e.position.line, 5);
}

#[test]
fn a_date_that_does_not_exist() {
    let (r, _d) = build_case(20, |c| {
        let p = c.join("publications/voortgang-2025/index.md");
        let t = fs::read_to_string(&p)
            .unwrap()
            .replace("date: 2025-06-30", "date: 2018-02-30");
        fs::write(p, t).unwrap();
    });
    let e = error_about(r, "2018-02-30");
    assert_eq!(e.position.line, 7);
}

#[test]
fn two_files_claiming_the_same_url() {
    let (r, _d) = build_case(20, |c| {
        story(
            c,
            "Digitaal Loket!.md",
            b"---\ntitle: Dubbel\nid: ander-loket\n---\n",
        );
        story(c, "Digitaal-Loket.md", b"---\ntitle: Nog een\n---\n");
    });
    let e = error_about(r, "also claimed");
    assert!(e.message.contains("/stories/digitaal-loket/"), "{e}");
}

#[test]
fn a_story_id_used_twice() {
    let (r, _d) = build_case(20, |c| {
        story(
            c,
            "kopie.md",
            b"---\ntitle: Kopie\nid: digitaal-loket\n---\n",
        );
    });
    let e = error_about(r, "used twice");
    assert!(e.message.contains("digitaal-loket"));
}

#[test]
fn a_circular_relation_between_reports() {
    let (r, _d) = build_case(20, |c| {
        let a = c.join("publications/a");
        let b = c.join("publications/b");
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(
            a.join("index.md"),
            "---\ntitle: A\ntype: programmaplan\nreports_on: b\n---\n",
        )
        .unwrap();
        fs::write(
            b.join("index.md"),
            "---\ntitle: B\ntype: programmaplan\nreports_on: a\n---\n",
        )
        .unwrap();
    });
    let e = error_about(r, "circular");
    assert!(
        e.message.contains("a -> b -> a") || e.message.contains("b -> a -> b"),
        "{e}"
    );
    assert_eq!(e.position.line, 4);
}

#[cfg(unix)]
#[test]
fn a_symlink_pointing_outside_the_content_folder() {
    let (r, d) = build_case(20, |c| {
        let secret = c.parent().unwrap().parent().unwrap().join("geheim.md");
        fs::write(&secret, "---\ntitle: Geheim\n---\nNiet publiceren.\n").unwrap();
        std::os::unix::fs::symlink(&secret, c.join("stories/geheim.md")).unwrap();
    });
    let e = error_about(r, "points outside the content folder");
    assert!(e.file.ends_with("stories/geheim.md"));
    assert!(!d.path().join("out").exists(), "nothing was written");
}

#[test]
fn file_names_with_spaces_and_accents_get_clean_stable_urls() {
    let (r, d) = build_case(20, |c| {
        story(
            c,
            "Één plan voor café's.md",
            b"---\ntitle: Een plan\n---\nTekst.\n",
        );
        let p = c.join("pages/over.md");
        let t = fs::read_to_string(&p).unwrap();
        fs::write(
            p,
            format!(
                "{t}\nZie [het plan](../stories/%C3%89%C3%A9n%20plan%20voor%20caf%C3%A9's.md).\n"
            ),
        )
        .unwrap();
    });
    r.expect("builds");
    assert!(d
        .path()
        .join("out/stories/een-plan-voor-cafe-s/index.html")
        .is_file());
    let over = read(&d.path().join("out/over/index.html"));
    assert!(
        over.contains("href=\"/stories/een-plan-voor-cafe-s/\""),
        "the link resolves to the clean URL"
    );
}

/// A build killed midway (after its temporary folder exists) leaves the
/// previous output intact, and the next build cleans up and succeeds.
#[cfg(unix)]
#[test]
fn a_build_killed_midway_leaves_the_previous_output_intact() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let out = dir.path().join("out");
    build(&content, &out).unwrap();
    let before = snapshot(&out);
    // Make the next build big enough to catch it while it writes.
    for i in 0..3000 {
        story(
            &content,
            &format!("story-{i}.md"),
            format!(
                "---\ntitle: Story {i}\nthemes: [dienstverlening]\n---\n## Ambitie\n\nTekst {i}.\n"
            )
            .as_bytes(),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["build", "--quiet", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .spawn()
        .unwrap();
    let staging = format!(".out.koers-tmp-{}", child.id());
    let start = std::time::Instant::now();
    while !dir.path().join(&staging).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the build never created its temporary folder"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        dir.path().join(&staging).exists(),
        "the half-written folder is left behind"
    );
    assert_eq!(snapshot(&out), before, "the previous output is intact");
    let (c, o) = (content.clone(), out.clone());
    within(120, move || build(&c, &o)).expect("the next build succeeds");
    assert!(
        !dir.path().join(&staging).exists(),
        "the next build cleaned up the leftover"
    );
    assert!(out.join("stories/story-2999/index.html").is_file());
}

/// Raw HTML whose URL hides a script scheme behind character references,
/// tabs, control characters or case, an SVG animation that sets a link to
/// a script URL, and `data:` documents: each an error naming file and
/// line, as a browser would decode the value.
#[test]
fn disguised_script_urls_in_raw_html() {
    for (i, html) in [
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<a href=\"&#106avascript:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"java&Tab;script:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"&#x01; JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<img alt=\"x\" src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
        "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text>x</text></a></svg>",
        "<svg><a><set attributeName=\"xlink:href\" to=\"javascript:alert(1)\"/><text>x</text></a></svg>",
    ]
    .into_iter()
    .enumerate()
    {
        let (r, _d) = build_case(30, |c| {
            story(
                c,
                "raw.md",
                format!("---\ntitle: Raw\n---\nTekst.\n\n{html}\n").as_bytes(),
            );
        });
        let e = error_about(r, "raw HTML contains");
        assert!(
            e.to_string().contains("script URL"),
            "case {i} {html}: {e}"
        );
        assert!(e.file.ends_with("stories/raw.md"), "case {i}: {e}");
        assert_eq!(e.position.line, 6, "case {i}: {e}");
    }
}

/// Links and pictures that only look like it still build.
#[test]
fn harmless_urls_in_raw_html_build() {
    let (r, d) = build_case(30, |c| {
        story(
            c,
            "raw.md",
            b"---\ntitle: Raw\n---\n<a href=\"https://example.org/javascript:uitleg\">uitleg over scripts</a>\n\n<img alt=\"punt\" src=\"data:image/png;base64,iVBORw0KGgo=\">\n\n<a href=\"&amp;#x6A;avascript\">tekst over de URL javascript</a>\n",
        );
    });
    r.expect("harmless raw HTML builds");
    let html = read(&d.path().join("out/stories/raw/index.html"));
    assert!(html.contains("data:image/png;base64,iVBORw0KGgo="));
}

/// An SVG in the content folder is copied as it is and runs its scripts
/// when opened: script, event attributes, script URLs and foreignObject
/// are errors naming the file and line, in `check` as in `build`.
#[test]
fn an_svg_asset_with_script() {
    for (svg, line, what) in [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"1\" height=\"1\"/>\n<script>alert(1)</script>\n</svg>\n",
            3,
            "<script>",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"\n     onload=\"alert(1)\">\n</svg>\n",
            1,
            "onload=",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<a xlink:href=\"java&#x9;script:alert(1)\"><text>x</text></a>\n</svg>\n",
            2,
            "xlink:href=",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n\n<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>\n</svg>\n",
            3,
            "<foreignobject>",
        ),
    ] {
        let setup = |c: &Path| {
            fs::create_dir_all(c.join("img")).unwrap();
            fs::write(c.join("img/kaart.svg"), svg).unwrap();
        };
        let (r, _d) = build_case(30, setup);
        let e = error_about(r, "the SVG file contains");
        assert!(e.to_string().contains(what), "{svg}: {e}");
        assert!(e.file.ends_with("img/kaart.svg"), "{e}");
        assert_eq!(e.position.line, line, "{e}");
        assert!(e.help.as_deref().is_some_and(|h| h.contains("plain SVG")));
        // `koers check` reports it too.
        let dir = init_site();
        let content = dir.path().join("site/content");
        setup(&content);
        let checked = koers::build::check(&options(&content, &dir.path().join("out")));
        let e = error_about(checked, "the SVG file contains");
        assert!(e.to_string().contains(what), "check: {e}");
    }
    // A plain drawing is copied.
    let (r, d) = build_case(30, |c| {
        fs::create_dir_all(c.join("img")).unwrap();
        fs::write(
            c.join("img/kaart.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"https://example.org/\"><rect width=\"1\" height=\"1\"/></a></svg>",
        )
        .unwrap();
    });
    r.expect("a plain SVG builds");
    assert!(d.path().join("out/img/kaart.svg").is_file());
}
