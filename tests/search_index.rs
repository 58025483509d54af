//! The search index of built sites: Dutch words meet at one stem
//! (Snowball 3), pages koers makes itself are found by their names, and
//! no index file is large on a site of thousands of stories.

mod common;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use common::{build, repo};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A built site's index, read as search.js reads it.
struct Index {
    dir: std::path::PathBuf,
    meta: Value,
}

impl Index {
    fn of(site: &Path) -> Index {
        let dir = site.join("search-index");
        let meta = read(&dir.join("index.json"));
        Index { dir, meta }
    }

    fn shard(&self, word: &str) -> Value {
        let key: String = word
            .chars()
            .map(|c| {
                if c.is_ascii_lowercase() || c.is_ascii_digit() {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = self.meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| key.starts_with(s))
            .max_by_key(|s| s.len())
            .unwrap_or_else(|| panic!("no shard for {word}"));
        read(&self.dir.join(format!("terms/{name}.json")))
    }

    /// The stem the index gives a word of the site.
    fn stem(&self, word: &str) -> String {
        self.shard(word)["w"][word]
            .as_str()
            .unwrap_or(word)
            .to_string()
    }

    /// The URLs of the pages with a stem.
    fn pages(&self, stem: &str) -> Vec<String> {
        let postings = self.shard(stem)["s"][stem].clone();
        let mut flat = Vec::new();
        match postings.as_array() {
            Some(list) => flat.push(list.clone()),
            None => {
                for n in postings["f"].as_array().unwrap() {
                    let part = read(
                        &self
                            .dir
                            .join(format!("postings/{}.json", n.as_u64().unwrap())),
                    );
                    flat.push(part.as_array().unwrap().clone());
                }
            }
        }
        let chunk = self.meta["chunk"].as_u64().unwrap();
        let mut urls = Vec::new();
        for part in flat {
            let mut page = 0;
            for pair in part.chunks(2) {
                page += pair[0].as_u64().unwrap();
                let rows = read(&self.dir.join(format!("pages/{}.json", page / chunk)));
                urls.push(
                    rows[(page % chunk) as usize][0]
                        .as_str()
                        .unwrap()
                        .to_string(),
                );
            }
        }
        urls
    }

    fn has_word(&self, word: &str) -> bool {
        let shard = self.shard(word);
        shard["w"].get(word).is_some() || shard["s"].get(word).is_some()
    }
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(
        &std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn example_site() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&repo().join("content"), &out).unwrap();
    let index = Index::of(&out);
    (dir, index)
}

#[test]
fn dutch_plurals_and_forms_meet_at_one_stem() {
    let (_dir, index) = example_site();
    assert_eq!(index.meta["version"], 2);
    assert_eq!(index.meta["stemmer"], "nl");
    assert_eq!(index.stem("ambities"), "ambitie");
    assert_eq!(index.stem("ambitie"), "ambitie");
    let ambitie = index.pages("ambitie");
    assert!(ambitie.len() >= 2, "{ambitie:?}");
    assert!(
        ambitie.contains(&"/publicaties/informatiestrategie-2021-2024/thema-s/".to_string())
            || ambitie.iter().any(|u| u.contains("informatiestrategie")),
        "{ambitie:?}"
    );
    assert_eq!(index.stem("provincies"), "provincie");
    assert_eq!(index.stem("provincie"), "provincie");
    // "factuur" is not on the site; "facturen" is, on the e-facturen story.
    assert!(!index.has_word("factuur") || index.stem("facturen") == "factuur");
    assert!(index.shard("factuur")["w"].get("factuur").is_none());
    assert_eq!(index.stem("facturen"), "factuur");
    assert!(
        index
            .pages("factuur")
            .contains(&"/stories/e-facturen/".to_string()),
        "{:?}",
        index.pages("factuur")
    );
}

#[test]
fn generated_pages_are_found_by_their_names() {
    let (_dir, index) = example_site();
    let statement = index.pages(&index.stem("toegankelijkheid"));
    assert!(
        statement.contains(&"/toegankelijkheid/".to_string()),
        "{statement:?}"
    );
    let documents = index.pages(&index.stem("documenten"));
    assert!(
        documents.contains(&"/openbaar/".to_string()),
        "{documents:?}"
    );
    assert!(index
        .pages(&index.stem("openbaar"))
        .contains(&"/openbaar/".to_string()));
    let data = index.pages(&index.stem("datasets"));
    assert!(data.contains(&"/open-data/".to_string()), "{data:?}");
    assert!(index
        .pages(&index.stem("open"))
        .contains(&"/open-data/".to_string()));
}

/// The files a page's result shows its sentence from.
#[test]
fn each_page_has_its_sentences() {
    let (_dir, index) = example_site();
    let pages = index.meta["pages"].as_u64().unwrap();
    let chunk = index.meta["chunk"].as_u64().unwrap();
    let mut found = false;
    for n in 0..pages {
        let rows = read(&index.dir.join(format!("pages/{}.json", n / chunk)));
        let row = &rows[(n % chunk) as usize];
        let file = row[2].as_u64().unwrap();
        let at = row[3].as_u64().unwrap() as usize;
        let sentences = read(&index.dir.join(format!("text/{file}.json")))[at].clone();
        if row[0] == "/stories/e-facturen/" {
            let all: Vec<&str> = sentences
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(all.iter().any(|s| s.contains("facturen")), "{all:?}");
            assert!(all.iter().all(|s| s.chars().count() <= 320), "{all:?}");
            found = true;
        }
    }
    assert!(found);
}

/// A site of 2 000 generated stories (the benchmark's corpus): no file of
/// the index is larger than 64 KiB, because large shards are split by
/// longer prefixes; the 10 000-story figures are in BENCHMARKS.md.
#[test]
fn no_index_file_is_large_on_a_large_site() {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(2000, dir.path(), None).unwrap();
    let out = dir.path().join("out");
    build(&dir.path().join("content"), &out).unwrap();
    let index = Index::of(&out);
    let mut sizes: BTreeMap<String, u64> = BTreeMap::new();
    for e in walkdir::WalkDir::new(&index.dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(&index.dir).unwrap();
            sizes.insert(rel.display().to_string(), e.metadata().unwrap().len());
        }
    }
    let (largest, size) = sizes.iter().max_by_key(|(_, s)| **s).unwrap();
    assert!(size <= &65_536, "{largest}: {size} bytes");
    // The words and postings would not fit in a few files of that size
    // (the two-letter shards of the first index had up to 414 KB at
    // 10 000 stories); the unit tests of src/render/search.rs split
    // shards by longer prefixes and postings into files of their own.
    let terms: u64 = sizes
        .iter()
        .filter(|(k, _)| k.starts_with("terms/") || k.starts_with("postings/"))
        .map(|(_, s)| s)
        .sum();
    assert!(terms > 4 * 65_536, "{terms} bytes of terms");
    println!("largest index file: {largest}, {size} bytes; terms {terms} bytes");
    // Pages share files of sentences: 500 files for 2 016 pages.
    let texts = sizes.keys().filter(|k| k.starts_with("text/")).count();
    assert_eq!(index.meta["pages"], 2016);
    assert_eq!(texts, 500, "text files");
    // Every story is found by its own number's word, and by a word all share.
    assert_eq!(index.pages("1234").len(), 1);
    assert!(index.pages(&index.stem("afdelingen")).len() >= 2000);
}
