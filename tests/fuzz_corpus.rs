//! Replays the fuzzers' corpus and regression inputs (fuzz/corpus and
//! fuzz/regressions): none may panic. Runs on the stable toolchain.

use std::path::Path;
use std::time::{Duration, Instant};

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let start = Instant::now();
            run(&data);
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{} took {:?}",
                file.display(),
                start.elapsed()
            );
            count += 1;
        }
    }
    assert!(count > 0, "no corpus for {target}");
}

#[test]
fn load_corpus_replays() {
    replay("load", koers::fuzzing::load);
}

#[test]
fn markdown_corpus_replays() {
    replay("markdown", koers::fuzzing::markdown);
}

#[test]
fn chart_corpus_replays() {
    replay("chart", koers::fuzzing::chart);
}
