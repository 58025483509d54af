//! Two koers processes on one output folder: they take turns (the output
//! folder's lock), so the folder is always one complete site, and a lock
//! whose holder died keeps nobody out.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// Starts `koers build` of `content` into `output`, with the test theme.
fn spawn_build(content: &Path, output: &Path, wait: Option<&str>) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_koers"));
    cmd.args(["build", "--quiet", "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .arg("--theme")
        .arg(common::repo().join("themes/default"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(seconds) = wait {
        cmd.env("KOERS_LOCK_WAIT", seconds);
    }
    cmd.spawn().unwrap()
}

fn finished(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The site in `dir`, without the marker file.
fn site(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = common::snapshot(dir);
    files.remove(koers::write::MARKER);
    files
}

/// Folders a build left beside the output folder (staging, old output).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".koers-tmp-") || n.contains(".koers-old-"))
        .collect()
}

#[test]
fn two_builds_at_once_leave_one_complete_site() {
    let dir = common::init_site();
    let content = dir.path().join("site/content");
    let reference = dir.path().join("reference");
    common::build(&content, &reference).unwrap();
    let want = site(&reference);
    assert!(want.contains_key("index.html"));
    let output = dir.path().join("site/output");
    for round in 0..20 {
        let first = spawn_build(&content, &output, None);
        let second = spawn_build(&content, &output, None);
        for out in [finished(first), finished(second)] {
            assert!(out.status.success(), "round {round}: {}", stderr(&out));
        }
        let got = site(&output);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "round {round}: the files of the site"
        );
        assert!(got == want, "round {round}: the bytes of the site");
        assert!(output.join(koers::write::MARKER).is_file(), "round {round}");
        assert_eq!(leftovers(output.parent().unwrap()), Vec::<String>::new());
    }
    common::build(&content, &output).expect("the next build succeeds");
    assert!(site(&output) == want);
}

#[test]
fn a_lock_file_of_a_process_that_is_gone_does_not_block_a_build() {
    let dir = common::init_site();
    let content = dir.path().join("site/content");
    let output = dir.path().join("site/output");
    common::build(&content, &output).unwrap();
    let lock = koers::write::lock_path(&output.canonicalize().unwrap()).unwrap();
    assert!(
        lock.is_file(),
        "the lock file sits beside the output folder"
    );
    // A pid above Linux's largest (2^22): no such process.
    for text in ["4194399 build\n", "4194399 serve\n", "", "not a pid"] {
        std::fs::write(&lock, text).unwrap();
        let out = finished(spawn_build(&content, &output, Some("0")));
        assert!(out.status.success(), "{text:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("waiting"), "{}", stderr(&out));
    }
    assert_eq!(leftovers(output.parent().unwrap()), Vec::<String>::new());
}

#[test]
fn a_build_waits_for_serve_in_vain_then_says_who_holds_the_folder() {
    let dir = common::init_site();
    let content = dir.path().join("site/content");
    let output = dir.path().join("site/output");
    common::build(&content, &output).unwrap();
    let before = site(&output);
    let mut server = common::server::start(&content, &output, &[]);
    let pid = server.child.id();
    let out = finished(spawn_build(&content, &output, Some("1")));
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(
        message.contains(&format!("waiting for koers serve (pid {pid})")),
        "{message}"
    );
    assert!(
        message.contains(&format!("in use by koers serve (pid {pid})")),
        "{message}"
    );
    assert!(message.contains("--output"), "{message}");
    // Killed, serve holds nothing: the kernel released its lock.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let out = finished(spawn_build(&content, &output, Some("0")));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site(&output) == before);
    assert_eq!(leftovers(output.parent().unwrap()), Vec::<String>::new());
}
