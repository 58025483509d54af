//! `koers serve`: serves the built site on 127.0.0.1, rebuilds on edits,
//! shows a bad edit's error while the last good site keeps being served,
//! never serves a file outside the output folder, and stops on Ctrl-C.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(content: &Path, output: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["serve", "--port", "0", "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port: u16 = rest
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server announces its port");
    Server { child, port }
}

/// A raw HTTP GET, so that paths reach the server exactly as written.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

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
    let server = start(&content, &output);
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
    assert!(status_json["error"].is_null());
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let (dir, content, output) = site();
    let server = start(&content, &output);
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
    let mut server = start(&content, &output);
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
