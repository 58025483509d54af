//! Builds that keep a cache for the next one, as `koers serve` runs them,
//! without the server: into memory.

use super::{options, repo};
use koers::build::{self, BuildCache, BuildOptions};
use koers::write::{OutputFile, Sink};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// Keeps what it is given, in memory.
#[derive(Default)]
pub struct Collect(pub Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> koers::error::Result<()> {
        self.0.lock().unwrap().insert(file.path, file.bytes);
        Ok(())
    }
}

/// A copy of the example site, and the options to build it.
pub fn example() -> (tempfile::TempDir, BuildOptions) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for e in walkdir::WalkDir::new(repo().join("content")) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(repo().join("content")).unwrap();
        let to = content.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let opts = options(&content, &dir.path().join("out"));
    (dir, opts)
}

/// A build into `cache`, as `koers serve` makes after a change: returns
/// the files it rendered (those of the pages whose inputs changed).
pub fn compile(opts: &BuildOptions, cache: &mut BuildCache) -> BTreeMap<String, Vec<u8>> {
    try_compile(opts, cache).unwrap()
}

/// [`compile`], for a build that may fail.
pub fn try_compile(
    opts: &BuildOptions,
    cache: &mut BuildCache,
) -> koers::error::Result<BTreeMap<String, Vec<u8>>> {
    let sink = Collect::default();
    let never = std::sync::atomic::AtomicBool::new(false);
    build::compile(opts, &sink, cache, &never)?;
    // The files are "written": into memory.
    cache.commit();
    Ok(sink.0.into_inner().unwrap())
}

/// Each of `files` is the file a full build of the content makes (built
/// into `dir/full`); `what` names the change, for the message. Returns
/// the full build's files.
pub fn assert_as_full_build(
    dir: &Path,
    opts: &BuildOptions,
    files: &BTreeMap<String, Vec<u8>>,
    what: &str,
) -> BTreeMap<String, Vec<u8>> {
    let full = dir.join("full");
    let _ = std::fs::remove_dir_all(&full);
    let mut full_opts = opts.clone();
    full_opts.output = full.clone();
    build::build(&full_opts).unwrap();
    let built = super::snapshot(&full);
    for (path, bytes) in files {
        assert!(
            built.get(path) == Some(bytes),
            "after {what}: {path} differs from a full build"
        );
    }
    built
}
