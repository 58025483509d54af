//! `koers serve`: serves the built site on 127.0.0.1, rebuilds on edits,
//! shows a bad edit's error while the last good site keeps being served,
//! never serves a file outside the output folder, and stops on Ctrl-C.

mod common;

use common::server::{get, start};
use common::*;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let output = dir.path().join("out");
    (dir, content, output)
}

#[test]
fn edits_are_served_and_a_bad_edit_shows_its_error_while_the_last_good_site_stays() {
    let (_dir, content, output) = site();
    let server = start(&content, &output, &[]);
    let page = content.join("pages/over.md");
    let (status, body) = get(server.port, "/over/");
    assert_eq!(status, 200);
    assert!(body.contains("Deze site is gemaakt met koers."));
    assert!(
        body.contains("/__koers/live.js"),
        "pages get the live-reload script"
    );

    // An edit is rebuilt and served.
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("gemaakt met koers.", "gemaakt met koers, nu bewerkt."),
    )
    .unwrap();
    wait_for("the edited page", || {
        get(server.port, "/over/").1.contains("nu bewerkt")
    });

    // Invalid YAML: the error is reported, the last good page still served.
    std::fs::write(&page, "---\ntitle: [kapot\n---\nTekst\n").unwrap();
    wait_for("the error", || {
        get(server.port, "/__koers/status").1.contains("over.md")
    });
    let status_json: serde_json::Value =
        serde_json::from_str(&get(server.port, "/__koers/status").1).unwrap();
    let error = status_json["error"].as_str().unwrap();
    assert!(error.contains("pages/over.md:2:"), "file and line: {error}");
    let (status, body) = get(server.port, "/over/");
    assert_eq!(status, 200);
    assert!(
        body.contains("nu bewerkt"),
        "the last good page is still served"
    );

    // Fixing the file clears the error.
    std::fs::write(&page, "---\ntitle: Over deze site\n---\nWeer goed.\n").unwrap();
    wait_for("the fixed page", || {
        get(server.port, "/over/").1.contains("Weer goed.")
    });
    let status_json: serde_json::Value =
        serde_json::from_str(&get(server.port, "/__koers/status").1).unwrap();
    assert!(
        status_json["error"].is_null(),
        "the error is gone with the fixed page: {}",
        status_json["error"]
    );
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let (dir, content, output) = site();
    let server = start(&content, &output, &[]);
    std::fs::write(dir.path().join("geheim.txt"), "GEHEIM").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("geheim.txt"), output.join("link.txt")).unwrap();
    for path in [
        "/../geheim.txt",
        "/%2e%2e/geheim.txt",
        "/stories/%2E%2E/%2e%2e/geheim.txt",
        "/..%2fgeheim.txt",
        "/link.txt",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ] {
        let (status, body) = get(server.port, path);
        assert!(
            status == 404 || status == 403 || status == 400,
            "{path}: {status}"
        );
        assert!(
            !body.contains("GEHEIM") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let (_dir, content, output) = site();
    let mut server = start(&content, &output, &[]);
    assert_eq!(get(server.port, "/").0, 200);
    Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A rebuild says which pages it changed, so the live-reload script
/// reloads only tabs whose page changed: editing one page lists that page
/// and not the others.
#[test]
fn a_rebuild_tells_which_pages_changed() {
    let (_dir, content, output) = site();
    let server = start(&content, &output, &[]);
    let status = |since: u64| -> serde_json::Value {
        serde_json::from_str(&get(server.port, &format!("/__koers/status?since={since}")).1)
            .unwrap()
    };
    let before = status(0)["version"].as_u64().unwrap();
    let page = content.join("pages/over.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("gemaakt met koers.", "gemaakt met koers!"),
    )
    .unwrap();
    wait_for("the rebuild", || {
        let s = status(before);
        s["version"].as_u64().unwrap() > before && !s["building"].as_bool().unwrap()
    });
    let s = status(before);
    assert!(s["error"].is_null(), "{s}");
    let changed: Vec<&str> = s["changed"]
        .as_array()
        .unwrap_or_else(|| panic!("the changed pages are known: {s}"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(changed.contains(&"/over/index.html"), "{changed:?}");
    assert!(
        !changed.iter().any(|p| p.starts_with("/stories/")),
        "story pages did not change: {changed:?}"
    );
}
