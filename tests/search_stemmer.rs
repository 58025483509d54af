//! The search page stems a query word the way the index stems the site's
//! words: the theme's JavaScript Snowball stemmers (`stem-nl.js`,
//! `stem-en.js`, run here with node) give the same stem as the index's
//! stemmer (the crate snowstem) for every word of the example site and
//! the test fixtures, 12 000 words of a Dutch dictionary
//! (`tests/fixtures/search/woorden.txt`) and every word of the English
//! documentation and source; and every word-to-stem entry of the example site's
//! built index is what the JavaScript stemmer makes of the word. Needs
//! node: a missing node fails this test.

mod common;

use common::{build, repo};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The folded words of the texts in `dir` (Markdown and YAML; Rust too
/// with `rust`).
fn words_in(dir: &Path, words: &mut BTreeSet<String>) {
    words_of(dir, false, words);
}

fn words_of(dir: &Path, rust: bool, words: &mut BTreeSet<String>) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if !path
            .extension()
            .is_some_and(|e| e == "md" || e == "yaml" || e == "yml" || (rust && e == "rs"))
        {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        add_words(&text, words);
    }
}

/// Lower case without diacritics, as the index folds words.
fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The stem the index's stemmer gives a word.
fn stem(lang: &str, word: &str) -> String {
    let algorithm = match lang {
        "nl" => snowstem::Algorithm::Dutch,
        _ => snowstem::Algorithm::English,
    };
    snowstem::Stemmer::create(algorithm).stem(word).into_owned()
}

fn add_words(text: &str, words: &mut BTreeSet<String>) {
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        for part in fold(w).split(|c: char| !c.is_alphanumeric()) {
            if !part.is_empty() {
                words.insert(part.to_string());
            }
        }
    }
}

/// The stems the theme's JavaScript stemmer of `lang` gives `words`.
fn js_stems(lang: &str, words: &[&str]) -> Vec<String> {
    let mut child = Command::new("node")
        .arg(repo().join("tests/search/stem.mjs"))
        .arg(lang)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node must be installed to test the search stemmers (scripts/test installs it)");
    let input = words.join("\n") + "\n";
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Every word stems the same in JavaScript as in the index.
fn agree(lang: &str, words: &BTreeSet<String>, at_least: usize) {
    assert!(
        words.len() >= at_least,
        "{lang}: only {} words",
        words.len()
    );
    let list: Vec<&str> = words.iter().map(String::as_str).collect();
    let js = js_stems(lang, &list);
    assert_eq!(js.len(), list.len(), "{lang}: one stem per word");
    let differ: Vec<String> = list
        .iter()
        .zip(&js)
        .filter(|(w, j)| stem(lang, w) != **j)
        .map(|(w, j)| format!("{w}: index {} / js {j}", stem(lang, w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{lang}: {} of {} words differ: {:?}",
        differ.len(),
        list.len(),
        &differ[..differ.len().min(20)]
    );
}

#[test]
fn dutch_stems_agree_on_the_site_and_a_dictionary() {
    let mut words = BTreeSet::new();
    words_in(&repo().join("content"), &mut words);
    let site = words.len();
    for fixture in ["groningen", "visie", "doelen", "meertalig"] {
        words_in(&repo().join("tests/fixtures").join(fixture), &mut words);
    }
    add_words(
        &std::fs::read_to_string(repo().join("themes/default/i18n/nl.yaml")).unwrap(),
        &mut words,
    );
    let list = std::fs::read_to_string(repo().join("tests/fixtures/search/woorden.txt")).unwrap();
    for w in list.lines() {
        // As written (with diacritics) and as the index sees it (folded).
        words.insert(w.to_string());
        words.insert(fold(w));
    }
    assert!(site > 2_000, "the example site has {site} words");
    agree("nl", &words, 14_000);
}

#[test]
fn english_stems_agree_on_the_documentation() {
    let mut words = BTreeSet::new();
    words_in(&repo().join("docs"), &mut words);
    // The code's comments are English too (its identifiers do no harm).
    words_of(&repo().join("src"), true, &mut words);
    words_in(&repo().join("tests/fixtures/meertalig"), &mut words);
    add_words(
        &std::fs::read_to_string(repo().join("themes/default/i18n/en.yaml")).unwrap(),
        &mut words,
    );
    add_words(
        &std::fs::read_to_string(repo().join("README.md")).unwrap(),
        &mut words,
    );
    agree("en", &words, 3_000);
}

/// The new Dutch algorithm brings plurals and verb forms to one stem.
#[test]
fn dutch_plurals_meet() {
    for (a, b) in [
        ("ambitie", "ambities"),
        ("factuur", "facturen"),
        ("provincie", "provincies"),
        ("gemeente", "gemeenten"),
    ] {
        assert_eq!(stem("nl", a), stem("nl", b), "{a} / {b}");
    }
    assert_eq!(stem("nl", "facturen"), "factuur");
    assert_eq!(stem("nl", "toegankelijkheid"), "toegankelijk");
    let js = js_stems("nl", &["ambities", "facturen", "provincies", "𝔞mbities"]);
    assert_eq!(js[..3], ["ambitie", "factuur", "provincie"]);
    assert_eq!(js[3], stem("nl", "𝔞mbities"), "a character beyond the BMP");
}

/// The built index's own word-to-stem entries are the JavaScript stems.
#[test]
fn the_example_sites_index_stems_as_the_browser_does() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo().join("content"), &out).unwrap();
    let terms = out.join("search-index/terms");
    let mut pairs = Vec::new();
    for entry in std::fs::read_dir(&terms).unwrap() {
        let shard: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        for (word, stem) in shard["w"].as_object().unwrap() {
            pairs.push((word.clone(), stem.as_str().unwrap().to_string()));
        }
    }
    assert!(
        pairs.len() > 1_000,
        "{} words with a stem of their own",
        pairs.len()
    );
    let words: Vec<&str> = pairs.iter().map(|(w, _)| w.as_str()).collect();
    let js = js_stems("nl", &words);
    for ((word, stem), js) in pairs.iter().zip(&js) {
        assert_eq!(stem, js, "the index and the browser stem {word} alike");
    }
    let find = |w: &str| pairs.iter().find(|(x, _)| x == w).map(|(_, s)| s.clone());
    assert_eq!(find("ambities").as_deref(), Some("ambitie"));
}
