//! After every kind of change, the site `koers serve` rebuilds equals a full
//! build of the same sources, byte for byte.

mod common;

use common::server::{start, status};
use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

#[test]
fn every_kind_of_change_gives_the_same_bytes_as_a_full_build() {
    let dir = init_site();
    let project = dir.path().join("site");
    let content = project.join("content");
    let output = dir.path().join("out");
    let theme = repo().join("themes/default");
    let server = start(&content, &output, &["--theme", theme.to_str().unwrap()]);
    let port = server.port;

    let changes: Vec<(&str, Change)> = vec![
        (
            "story",
            Box::new(|p: &Path| {
                edit(
                    &p.join("content/stories/digitaal-loket.md"),
                    "online worden ingediend",
                    "online en op papier worden ingediend",
                )
            }),
        ),
        (
            "report",
            Box::new(|p: &Path| {
                edit(
                    &p.join("content/publications/voortgang-2025/index.md"),
                    "status: groen",
                    "status: oranje",
                )
            }),
        ),
        (
            "template",
            Box::new(|p: &Path| {
                std::fs::create_dir_all(p.join("templates")).unwrap();
                let page =
                    std::fs::read_to_string(repo().join("themes/default/templates/page.html"))
                        .unwrap();
                std::fs::write(
                    p.join("templates/page.html"),
                    page.replace("<h1>", "<h1 class=\"eigen\">"),
                )
                .unwrap();
            }),
        ),
        (
            "feed template",
            Box::new(|p: &Path| {
                let feed =
                    std::fs::read_to_string(repo().join("themes/default/templates/feed.xml"))
                        .unwrap();
                std::fs::write(
                    p.join("templates/feed.xml"),
                    feed.replace("<feed ", "<!-- eigen -->\n<feed "),
                )
                .unwrap();
            }),
        ),
        (
            "static asset",
            Box::new(|p: &Path| {
                std::fs::create_dir_all(p.join("static")).unwrap();
                std::fs::write(p.join("static/extra.css"), "main { outline: 0; }\n").unwrap();
            }),
        ),
        (
            "new file",
            Box::new(|p: &Path| {
                std::fs::write(
                    p.join("content/pages/nieuw.md"),
                    "---\ntitle: Nieuw\n---\nNieuwe pagina.\n",
                )
                .unwrap()
            }),
        ),
        (
            "renamed file",
            Box::new(|p: &Path| {
                std::fs::rename(
                    p.join("content/pages/nieuw.md"),
                    p.join("content/pages/hernoemd.md"),
                )
                .unwrap()
            }),
        ),
        (
            "deleted file",
            Box::new(|p: &Path| std::fs::remove_file(p.join("content/pages/hernoemd.md")).unwrap()),
        ),
    ];
    for (kind, change) in changes {
        let before = status(port)["version"].as_u64().unwrap();
        change(&project);
        let start = Instant::now();
        // Wait for the rebuild to finish (it may publish the changed
        // page's own files first, then the rest).
        while status(port)["version"].as_u64().unwrap() <= before
            || status(port)["building"].as_bool().unwrap()
        {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no rebuild after a {kind} change"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Let a burst of events settle, then compare.
        std::thread::sleep(Duration::from_millis(300));
        let s = status(port);
        assert!(s["error"].is_null(), "{kind}: {}", s["error"]);
        let full = dir.path().join(format!("full-{}", kind.replace(' ', "-")));
        let mut opts = options(&content, &full);
        opts.theme = Some(repo().join("themes/default"));
        // koers serve builds for its own address.
        opts.base_url = Some(format!("http://127.0.0.1:{port}/"));
        koers::build::build(&opts).unwrap();
        let (a, b) = (snapshot(&output), snapshot(&full));
        let keys_a: Vec<_> = a.keys().collect();
        let keys_b: Vec<_> = b.keys().collect();
        assert_eq!(keys_a, keys_b, "{kind}: the same files");
        for (k, v) in &a {
            assert!(v == &b[k], "{kind}: {k} differs from a full build");
        }
    }
    drop(server);
    let site = snapshot(&output);
    assert!(site.contains_key("assets/extra.css"));
    let feed = String::from_utf8_lossy(&site["feed.xml"]);
    assert!(feed.contains("<!-- eigen -->"), "the feed is the site's");
}

/// A change to the sources, applied to the project folder.
type Change = Box<dyn Fn(&Path)>;

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// Two more reports after the example's one: A (compared with the
/// example's report) and B (compared with A), each on one story only.
fn add_reports(content: &Path) {
    for (folder, date, title) in [
        ("voortgang-2019-a", "2019-03-15", "Voortgang maart 2019"),
        ("voortgang-2019-b", "2019-09-15", "Voortgang september 2019"),
    ] {
        let dir = content.join("publications").join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.md"),
            format!(
                "---\ntitle: {title}\ntype: voortgangsrapportage\nwoo_category: 2g\nprogress:\n  date: {date}\n  \
                 unit: k€\n  entries:\n    - story: e-facturen\n      status: groen\n      \
                 summary: Loopt.\n      planned: 35\n      spent: 20\n---\nStand van zaken.\n"
            ),
        )
        .unwrap();
    }
}

#[test]
fn a_story_change_renders_again_only_the_reports_that_show_it() {
    let (dir, opts) = common::rebuild::example();
    add_reports(&opts.content);
    let mut cache = koers::build::BuildCache::default();
    let mut site = common::rebuild::compile(&opts, &mut cache);
    let report = |name: &str| format!("publicaties/{name}/index.html");
    let (first, a, b) = (
        report("mab-voortgangsrapportage-plateau-3"),
        report("voortgang-2019-a"),
        report("voortgang-2019-b"),
    );
    assert!(site.contains_key(&a) && site.contains_key(&b));
    // `innovatie` is in the first report only; A lists what changed since
    // the first report (it was left out), B only compares with A.
    let story = opts.content.join("stories/innovatie.md");
    let text = std::fs::read_to_string(&story).unwrap();
    assert!(text.contains("title: \""), "{text}");
    std::fs::write(&story, text.replacen("title: \"", "title: \"Nieuw - ", 1)).unwrap();
    let again = common::rebuild::compile(&opts, &mut cache);
    assert!(again.contains_key(&first), "the report that lists it");
    assert!(again.contains_key(&a), "the report compared with that one");
    assert!(
        !again.contains_key(&b),
        "not a report that does not show it"
    );
    assert!(!again.contains_key("stories/e-facturen/index.html"));
    // And what is there equals a full build.
    site.extend(again);
    let built = common::rebuild::assert_as_full_build(dir.path(), &opts, &site, "a story edit");
    for path in built.keys().filter(|p| p.ends_with(".html")) {
        assert!(site.contains_key(path), "{path} is missing");
    }
}

#[test]
fn a_template_change_renders_again_only_the_pages_made_with_it() {
    let (dir, opts) = common::rebuild::example();
    let mut cache = koers::build::BuildCache::default();
    let first = common::rebuild::compile(&opts, &mut cache);
    let pages = |files: &std::collections::BTreeMap<String, Vec<u8>>, section: &str| {
        files
            .keys()
            .filter(|p| {
                p.starts_with(section)
                    && p.ends_with("/index.html")
                    && p.len() > section.len() + "index.html".len()
            })
            .count()
    };
    let stories = pages(&first, "stories/");
    assert!(stories > 10 && pages(&first, "themas/") > 5);
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let default = |name: &str| {
        std::fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap()
    };
    // The story template: the story pages, nothing else.
    std::fs::write(
        templates.join("story.html"),
        default("story.html").replace("<h1>", "<h1 class=\"eigen\">"),
    )
    .unwrap();
    let again = common::rebuild::compile(&opts, &mut cache);
    assert_eq!(pages(&again, "stories/"), stories, "every story page");
    assert_eq!(pages(&again, "themas/"), 0, "no theme page");
    assert_eq!(pages(&again, "publicaties/"), 0, "no publication page");
    let mut site = first;
    site.extend(again);
    // The components: every page that calls one of them (theme pages among
    // them).
    std::fs::write(
        templates.join("components.html"),
        default("components.html").replace("class=\"legend\"", "class=\"legend eigen\""),
    )
    .unwrap();
    let again = common::rebuild::compile(&opts, &mut cache);
    assert!(pages(&again, "themas/") > 5, "the theme pages");
    assert_eq!(pages(&again, "stories/"), stories, "the story pages");
    site.extend(again);
    // And all of it equals a full build.
    common::rebuild::assert_as_full_build(dir.path(), &opts, &site, "template edits");
}
