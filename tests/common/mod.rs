//! Helpers shared by the integration tests.
#![allow(dead_code)]

use koers::build::{self, BuildOptions, Summary};
use koers::error::{Diagnostic, Error};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn options(content: &Path, output: &Path) -> BuildOptions {
    BuildOptions {
        progress: false,
        content: content.to_path_buf(),
        theme: Some(repo().join("themes/default")),
        output: output.to_path_buf(),
        base_url: None,
    }
}

/// Builds the site; first checks it with `koers check`, which must report
/// exactly the content errors the build reports (one code path), so that
/// every bad-input case of the suite runs through both.
pub fn build(content: &Path, output: &Path) -> Result<Summary, Error> {
    let checked = build::check(&options(content, output));
    let built = build::build(&options(content, output));
    let errors = |r: &Result<Summary, Error>| match r {
        Err(e @ Error::Content(_)) => Some(e.diagnostics()),
        _ => None,
    };
    if !matches!(built, Err(Error::Io { .. } | Error::Other(_))) {
        assert_eq!(
            errors(&checked),
            errors(&built),
            "koers check and koers build disagree on {}",
            content.display()
        );
    }
    built
}

/// A fresh site made by `koers init` in a temporary folder.
pub fn init_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    koers::init::init(&site).unwrap();
    dir
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    out
}

/// Copies the folder `from` with everything in it to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the content folder `content` in a temporary folder, with the
/// text of its file `rel` changed by `edit`; gives the folder and the copy.
pub fn edited_copy(
    content: &Path,
    rel: &str,
    edit: impl FnOnce(String) -> String,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("content");
    copy_dir(content, &copy);
    let file = copy.join(rel);
    fs::write(&file, edit(fs::read_to_string(&file).unwrap())).unwrap();
    (dir, copy)
}

/// The diagnostics of a failed build; panics when the build succeeded.
pub fn errors(result: Result<Summary, Error>) -> Vec<Diagnostic> {
    match result {
        Ok(_) => panic!("the build should have failed"),
        Err(e) => {
            let d = e.diagnostics();
            assert!(!d.is_empty(), "expected content errors, got: {e}");
            d
        }
    }
}

pub mod rebuild;
pub mod server;
pub mod site;

/// The contents of a download link of the page at `page`: a file beside
/// the page, or the data of a `data:` URL.
pub fn download(page: &Path, href: &str) -> String {
    match href.strip_prefix("data:") {
        Some(rest) => {
            use base64::Engine;
            let (kind, data) = rest.split_once(',').expect("a data: URL has a comma");
            assert!(kind.ends_with(";base64"), "chart data is base64: {kind}");
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .expect("valid base64");
            String::from_utf8(bytes).expect("UTF-8 data")
        }
        None => read(&page.parent().unwrap().join(href)),
    }
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
