//! `koers serve`: serves the built site on 127.0.0.1, rebuilds on edits,
//! shows a bad edit's error while the last good site keeps being served,
//! never serves a file outside the output folder, and stops on Ctrl-C.

mod common;

use common::server::{get, start, status};
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
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
    // Built for the address it is served at, not the site's own.
    let local = format!("http://127.0.0.1:{}/over/", server.port);
    assert!(
        body.contains(&format!("<link rel=\"canonical\" href=\"{local}\"")),
        "{body}"
    );
    assert!(!body.contains("www.example.org"));
    assert!(
        body.contains("/__koers/live.js"),
        "pages get the live-reload script"
    );
    let (status, script) = get(server.port, "/__koers/live.js");
    assert_eq!(status, 200);
    assert!(
        script.contains("/__koers/status"),
        "the script (themes/default/serve/live.js) polls the status"
    );
    assert!(
        !output.join("assets/live.js").exists() && !output.join("live.js").exists(),
        "builds do not ship it"
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

/// Sends `request` as written and reads the response until the server
/// closes: (status line and headers, body).
fn exchange(port: u16, request: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.to_string(), body.to_string())
}

#[test]
fn only_get_and_head_are_answered_and_head_has_no_body() {
    let (_dir, content, output) = site();
    let server = start(&content, &output, &[]);
    let port = server.port;
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let (head, _) = exchange(
            port,
            &format!("{method} /over/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        );
        assert!(head.starts_with("HTTP/1.1 405"), "{method}: {head}");
        assert!(
            head.lines()
                .any(|l| l.eq_ignore_ascii_case("Allow: GET, HEAD")),
            "{method}: {head}"
        );
    }
    let (head, body) = exchange(
        port,
        &format!("HEAD /over/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Content-Type: text/html"), "{head}");
    assert!(body.is_empty(), "HEAD sent a body: {body:?}");
}

/// A page of another site whose name was made to point at 127.0.0.1 (DNS
/// rebinding) sends its own name as Host: refused.
#[test]
fn only_requests_for_this_machine_are_served() {
    let (_dir, content, output) = site();
    let server = start(&content, &output, &[]);
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        "localhost".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        let (head, body) = exchange(
            port,
            &format!("GET /over/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(head.starts_with("HTTP/1.1 403"), "{host}: {head}");
        assert!(body.contains("DNS rebinding"), "{host}: {body}");
        assert!(!body.contains("koers."), "{host}: the page leaked");
    }
    let (head, _) = exchange(port, "GET /over/ HTTP/1.0\r\n\r\n");
    assert!(head.starts_with("HTTP/1.0 403"), "no Host: {head}");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("LocalHost:{port}"),
    ] {
        let (head, body) = exchange(
            port,
            &format!("GET /over/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(head.starts_with("HTTP/1.1 200"), "{host}: {head}");
        assert!(body.contains("Deze site is gemaakt met koers."), "{host}");
    }
}

/// Twenty requests on one kept-open connection, each answered in full.
#[test]
fn a_kept_open_connection_serves_many_requests() {
    let (_dir, content, output) = site();
    let server = start(&content, &output, &[]);
    let port = server.port;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    for i in 0..20 {
        write!(
            stream,
            "GET /over/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "request {i}: {status}");
        let mut length = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let length = length.unwrap_or_else(|| panic!("request {i}: no Content-Length"));
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        assert!(
            String::from_utf8_lossy(&body).contains("Deze site is gemaakt met koers."),
            "request {i}"
        );
    }
}

/// The content folder moved away and back (as a checkout of another
/// branch or a restore can do): the last good site stays served while it
/// is gone, and the folder's return is watched and rebuilt.
#[test]
fn the_content_folder_moved_away_and_back_is_watched_again() {
    let (dir, content, output) = site();
    let server = start(&content, &output, &[]);
    let port = server.port;
    let away = dir.path().join("site/content-weg");
    for round in 0..2 {
        std::fs::rename(&content, &away).unwrap();
        wait_for("the server to see the folder gone", || {
            status(port)["error"]
                .as_str()
                .is_some_and(|e| e.contains("is gone; waiting for it to come back"))
        });
        let (code, body) = get(port, "/over/");
        assert_eq!(code, 200, "the last good site is still served");
        assert!(body.contains("Deze site is gemaakt met koers"));

        // Back, with an edit made while it was away.
        let page = away.join("pages/over.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(
            &page,
            text.replace("met koers", &format!("met koers (ronde {round})")),
        )
        .unwrap();
        std::fs::rename(&away, &content).unwrap();
        wait_for("the edit made while the folder was away", || {
            get(port, "/over/").1.contains(&format!("ronde {round}"))
        });
        // The edited page may be served before the rebuild that clears the
        // error has finished: wait for that rebuild too.
        wait_for("the error to clear", || status(port)["error"].is_null());

        // And the folder is watched again: a later edit is rebuilt too.
        let page = content.join("pages/over.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(
            &page,
            text.replace(
                &format!("ronde {round}"),
                &format!("ronde {round}, weer bewerkt"),
            ),
        )
        .unwrap();
        wait_for("an edit after the return", || {
            get(port, "/over/")
                .1
                .contains(&format!("ronde {round}, weer bewerkt"))
        });
    }
    // Deleted outright and made again.
    let copy = dir.path().join("kopie");
    copy_dir(&content, &copy);
    std::fs::remove_dir_all(&content).unwrap();
    wait_for("the server to see the folder deleted", || {
        status(port)["error"]
            .as_str()
            .is_some_and(|e| e.contains("is gone"))
    });
    assert_eq!(get(port, "/over/").0, 200);
    let page = copy.join("pages/over.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("weer bewerkt", "hersteld")).unwrap();
    copy_dir(&copy, &content);
    wait_for("the restored folder's edit", || {
        get(port, "/over/").1.contains("hersteld")
    });
}
