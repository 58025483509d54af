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
    assert!(snapshot(&output).contains_key("assets/extra.css"));
}

/// A change to the sources, applied to the project folder.
type Change = Box<dyn Fn(&Path)>;

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}
