//! Nothing wrong, nothing lost: a failed build leaves every byte of the
//! previous output as it was (also the files a new build hard-links from
//! it), and editors' lock and temporary files in the content folder are
//! ignored.

mod common;

use koers::write::Staging;
use koers::write::{OutputFile, Sink};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every file of the output with its inode (where the OS has them) and
/// bytes.
fn state(output: &Path) -> BTreeMap<String, (u64, Vec<u8>)> {
    common::snapshot(output)
        .into_iter()
        .map(|(rel, bytes)| {
            let ino = inode(&output.join(&rel));
            (rel, (ino, bytes))
        })
        .collect()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().ino()
}

#[cfg(not(unix))]
fn inode(_: &Path) -> u64 {
    0
}

/// A built site: (temporary folder, content, absolute output).
fn built_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = common::init_site();
    let content = dir.path().join("site/content");
    let output = dir.path().join("site/output");
    common::build(&content, &output).unwrap();
    let output = output.canonicalize().unwrap();
    (dir, content, output)
}

/// The previous output's files, put again into a new staging folder (so
/// each is hard-linked from the live one).
fn put_unchanged(staging: &Staging, output: &Path) {
    for (rel, bytes) in common::snapshot(output) {
        if rel != koers::write::MARKER {
            staging.put(OutputFile { path: rel, bytes }).unwrap();
        }
    }
}

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn no_staging_left(output: &Path) {
    let parent = output.parent().unwrap();
    let left: Vec<_> = fs::read_dir(parent)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".koers-tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_linked_file_put_twice_in_a_failed_build_leaves_the_live_one_alone() {
    let (dir, _content, output) = built_site();
    let before = state(&output);
    // The redirect_from case: `/` and `/feed.xml` claimed by a redirect.
    for paths in [
        vec!["index.html"],
        vec!["index.html", "feed.xml"],
        vec!["feed.xml", "index.html", "feed.xml"],
    ] {
        let staging = Staging::begin(&output).unwrap();
        put_unchanged(&staging, &output);
        for p in &paths {
            staging
                .put(file(p, "<meta http-equiv=refresh content=0;url=/x/>"))
                .unwrap();
        }
        // Fails after every file was written: an asset that is not there.
        let err = staging
            .commit(dir.path(), &["missing.pdf".to_string()])
            .unwrap_err();
        assert!(err.to_string().contains("missing.pdf"), "{err}");
        assert!(state(&output) == before, "{paths:?} changed the live site");
        no_staging_left(&output);
    }
}

#[test]
fn an_asset_copied_over_a_linked_file_in_a_failed_build_leaves_the_live_one_alone() {
    let (dir, _content, output) = built_site();
    let before = state(&output);
    let assets = dir.path().join("assets");
    fs::create_dir_all(&assets).unwrap();
    fs::write(assets.join("robots.txt"), "User-agent: *\nDisallow: /\n").unwrap();
    let staging = Staging::begin(&output).unwrap();
    put_unchanged(&staging, &output);
    let err = staging
        .commit(&assets, &["robots.txt".into(), "missing.pdf".into()])
        .unwrap_err();
    assert!(err.to_string().contains("missing.pdf"), "{err}");
    assert!(state(&output) == before, "the live robots.txt changed");
    no_staging_left(&output);
}

#[test]
fn a_dropped_staging_with_a_path_put_twice_leaves_the_live_file_alone() {
    let (_dir, _content, output) = built_site();
    let before = state(&output);
    let staging = Staging::begin(&output).unwrap();
    staging.put(file("robots.txt", "first")).unwrap();
    put_unchanged(&staging, &output);
    staging.put(file("robots.txt", "second")).unwrap();
    drop(staging);
    assert!(state(&output) == before);
    no_staging_left(&output);
}

#[test]
fn a_build_with_a_redirect_over_the_home_page_and_the_feed_changes_nothing() {
    let (_dir, content, output) = built_site();
    let story = content.join("stories/digitaal-loket.md");
    let text = fs::read_to_string(&story).unwrap();
    for redirects in [
        "[\"/\", \"/feed.xml\"]",
        "[\"/feed.xml\", \"/\"]",
        "[\"/\"]",
    ] {
        // Each good build writes a new marker file (a new inode).
        let before = state(&output);
        let edited = text.replacen("---\n", &format!("---\nredirect_from: {redirects}\n"), 1);
        fs::write(&story, edited).unwrap();
        // Whether it fails or not, a failed build must not have touched it.
        if common::build(&content, &output).is_err() {
            assert!(
                state(&output) == before,
                "{redirects} changed the live site"
            );
        }
        no_staging_left(&output);
        fs::write(&story, &text).unwrap();
        common::build(&content, &output).unwrap();
        let bytes: BTreeMap<String, Vec<u8>> = before
            .iter()
            .map(|(k, (_, b))| (k.clone(), b.clone()))
            .collect();
        assert!(common::snapshot(&output) == bytes, "rebuilt as before");
    }
}

/// The content folder of a built site with `name` beside `site.yaml`
/// holding `text` (or, without text, as a symbolic link to nothing).
fn with_file(rel: &str, text: Option<&str>) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = common::init_site();
    let content = dir.path().join("site/content");
    let path = content.join(rel);
    match text {
        Some(t) => fs::write(&path, t).unwrap(),
        None => dangling_link(&path),
    }
    let output = dir.path().join("site/output");
    (dir, content, output)
}

#[cfg(unix)]
fn dangling_link(path: &Path) {
    // Emacs' lock file: a link to `user@host.pid:time`, which is no file.
    std::os::unix::fs::symlink("user@host.1234:1700000000", path).unwrap();
}

#[cfg(not(unix))]
fn dangling_link(path: &Path) {
    fs::write(path, "").unwrap();
}

#[test]
fn editor_lock_and_temporary_files_are_ignored() {
    let cases = [
        ("stories/.#digitaal-loket.md", None),
        (".#site.yaml", None),
        ("publications/voortgang-2025/.#index.md", None),
        ("stories/#digitaal-loket.md#", Some("---\ntitle: [half\n")),
        ("stories/digitaal-loket.md~", Some("---\ntitle: [half\n")),
        ("pages/over.md~", Some("not yaml: [")),
        (
            ".~lock.begroting.ods#",
            Some(",user,host,01.01.2025 10:00,"),
        ),
        ("~$rapport.docx", Some("owner")),
        ("stories/.digitaal-loket.md.swp", Some("\0\0")),
    ];
    for (rel, text) in cases {
        let (_dir, content, output) = with_file(rel, text);
        if let Err(e) = common::build(&content, &output) {
            panic!("{rel}: {e}");
        }
        let name = Path::new(rel).file_name().unwrap();
        let copied: Vec<String> = common::snapshot(&output)
            .into_keys()
            .filter(|k| Path::new(k).file_name() == Some(name))
            .collect();
        assert!(copied.is_empty(), "{rel} was copied: {copied:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_that_is_no_editor_file_is_an_error_naming_it() {
    for rel in ["stories/plan.md", "logo.png"] {
        let (_dir, content, output) = with_file(rel, None);
        let errors = common::errors(common::build(&content, &output));
        let name = Path::new(rel).file_name().unwrap().to_string_lossy();
        assert!(
            errors.iter().any(|d| {
                let text = d.to_string();
                text.contains(name.as_ref()) && text.contains("does not exist")
            }),
            "{rel}: {errors:?}"
        );
        assert!(!output.exists(), "{rel}: nothing is written");
    }
}
