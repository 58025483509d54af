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

#[path = "../fuzz/raw_html_oracle.rs"]
mod raw_html_oracle;

/// The raw_html fuzz target's property: what the raw-HTML policy accepts
/// holds no executable URL as html5ever parses it.
fn raw_html_property(data: &[u8]) {
    for html in koers::fuzzing::raw_html(data) {
        let bad = raw_html_oracle::executable_urls(&html);
        assert!(bad.is_empty(), "accepted {html:?} holds {bad:?}");
    }
}

#[test]
fn raw_html_corpus_accepts_no_executable_url() {
    replay("raw_html", raw_html_property);
}

/// The property is not empty: parsed as they are, most seeds hold an
/// executable URL, which the policy removed or refused.
#[test]
fn the_raw_html_oracle_sees_the_attacks_in_the_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/raw_html");
    let mut attacks = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        if !raw_html_oracle::executable_urls(&text).is_empty() {
            attacks += 1;
        }
    }
    assert!(attacks >= 20, "only {attacks} seeds hold an executable URL");
}
