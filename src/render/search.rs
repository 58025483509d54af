//! The full-text search index: built from the pages' own text (not by
//! re-parsing their HTML), sharded so that the browser fetches only the
//! few small files a query needs, and searched offline from the output
//! folder by `themes/default/static/search.js`.
//!
//! Layout of the index folder (`search-index/` in each language's root):
//!
//! - `index.json`: `{version, language, pages, chunk, shards, filters}`;
//!   `filters` maps each filter (`thema`) to its values and their counts.
//! - `filters.json`: filter -> value -> page numbers.
//! - `terms/<shard>.json`: `{"w": {word: stem}, "s": {stem: [page, weight,
//!   page, weight, ...]}}` for the words whose first two letters are the
//!   shard's name. A word is lower case without diacritics; its stem comes
//!   from the Snowball stemmer of the site's language. The weight is a
//!   BM25 score (times 100), doubled for words in the title.
//! - `pages/<n>.json`: `[[url, title, excerpt], ...]` for pages
//!   `n*chunk ..`.
//!
//! Stems come from the crate `snowstem`, the current Snowball release
//! (3.1.1), whose Dutch algorithm (new in Snowball 3.0) brings "ambities"
//! to "ambitie" and "facturen" to "factuur"; `rust-stemmers` had the
//! Porter-era Dutch of 2019, which kept them apart.
//!
//! A query word finds its stem in `w`; the last word of a query also
//! matches as a prefix; a word the site does not contain finds the longest
//! stem it begins with.

use super::OutputFile;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use snowstem::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// The folder of the index, in each language's root.
pub const INDEX_DIR: &str = "search-index/";
/// Pages per file of `pages/`.
const CHUNK: usize = 100;
/// Words of the excerpt shown with a result.
const EXCERPT_WORDS: usize = 30;

/// What the index knows of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    /// URL path, with the base path.
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The page's text, plain.
    pub text: String,
    /// (filter, value): "thema" -> "Dienstverlening".
    pub filters: Vec<(String, String)>,
}

/// Lower case, diacritics removed: the form words are indexed and
/// searched in (`één` -> `een`). search.js folds queries the same way.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Calls `f` with each folded word of a text, in order: borrowed from the
/// text unless folding changed it. A word is a run of alphanumeric
/// characters; runs of ASCII (most of a Dutch text) are read byte by byte.
fn each_word<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>)) {
    let bytes = text.as_bytes();
    let class = |i: usize| bytes.get(i).map_or(0, |b| BYTE_CLASS[usize::from(*b)]);
    let mut i = 0;
    while i < bytes.len() {
        let (start, mut ascii, mut seen) = (i, true, 0);
        loop {
            while class(i) & WORD != 0 {
                seen |= class(i);
                i += 1;
            }
            if class(i) & WIDE == 0 {
                break;
            }
            match text[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => {
                    ascii = false;
                    i += c.len_utf8();
                }
                _ => break,
            }
        }
        if i == start {
            // A separator: one ASCII byte, or a whole character.
            i += match class(i) & WIDE {
                0 => 1,
                _ => text[i..].chars().next().map_or(1, char::len_utf8),
            };
            continue;
        }
        let w = &text[start..i];
        if !ascii {
            // Folding can split a word (a mark between letters): keep parts.
            let folded = fold(w);
            folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .for_each(|p| f(Cow::Owned(p.to_string())));
        } else if seen & UPPER != 0 {
            f(Cow::Owned(w.to_ascii_lowercase()));
        } else {
            f(Cow::Borrowed(w));
        }
    }
}

/// [`BYTE_CLASS`]: an ASCII letter or digit.
const WORD: u8 = 1;
/// [`BYTE_CLASS`]: an ASCII capital.
const UPPER: u8 = 2;
/// [`BYTE_CLASS`]: a byte of a character beyond ASCII.
const WIDE: u8 = 4;

/// What each byte of a text is to [`each_word`]: one table lookup per
/// byte instead of a handful of comparisons, on every word of the site.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_uppercase() {
            WORD | UPPER
        } else if byte.is_ascii_alphanumeric() {
            WORD
        } else if !byte.is_ascii() {
            WIDE
        } else {
            0
        };
        b += 1;
    }
    table
};

fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or(language) {
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "de" => Algorithm::German,
        "fr" => Algorithm::French,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The shard of a folded word: its first two characters, `_` for anything
/// but a-z and 0-9 (so shard names are safe file names).
pub fn shard(word: &str) -> String {
    word.chars()
        .take(2)
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// One page's words: word -> (frequency, in the title), and its length.
/// Words borrow from the page's text where they can.
struct PageWords<'d> {
    words: FxHashMap<Cow<'d, str>, (u32, bool)>,
    length: u32,
}

fn page_words(doc: &SearchDoc) -> PageWords<'_> {
    // Grown as needed: every page's map is kept until the index is built,
    // so room for more words than a page has would add up (made with room
    // for one word per 16 bytes of text, the maps took 150 MiB more at
    // 10 000 stories).
    let mut page = PageWords {
        words: FxHashMap::default(),
        length: 0,
    };
    let sources = [
        (&doc.title, true),
        (&doc.summary, false),
        (&doc.text, false),
    ];
    for (text, title) in sources {
        each_word(text, |w| {
            let e = page.words.entry(w).or_insert((0, false));
            e.0 += 1;
            e.1 |= title;
            page.length += 1;
        });
    }
    page
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    language: &'a str,
    pages: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    filters: BTreeMap<&'a str, BTreeMap<&'a str, usize>>,
}

#[derive(Serialize, Default)]
struct Shard<'a> {
    w: BTreeMap<&'a str, &'a str>,
    s: BTreeMap<&'a str, Vec<u32>>,
}

/// BM25 with the usual constants.
fn weight(tf: u32, df: usize, pages: usize, length: u32, average: f64, title: bool) -> u32 {
    let (k1, b) = (1.2, 0.75);
    let idf = (1.0 + (pages as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
    let tf = f64::from(tf);
    let norm = tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * f64::from(length) / average));
    let boost = if title { 2.0 } else { 1.0 };
    // At least 1, so every match counts.
    ((idf * norm * boost * 100.0).round() as u32).max(1)
}

/// The excerpt shown with a result: the summary, or the text's start.
fn excerpt(doc: &SearchDoc) -> String {
    let source = if doc.summary.trim().is_empty() {
        &doc.text
    } else {
        &doc.summary
    };
    let words: Vec<&str> = source.split_whitespace().take(EXCERPT_WORDS + 1).collect();
    let mut text = words
        .iter()
        .take(EXCERPT_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if words.len() > EXCERPT_WORDS {
        text.push_str(" …");
    }
    text
}

/// Builds the index of `docs` (in their order: page numbers are positions)
/// for a site in `language`. Paths are relative to the language's root.
pub fn index(docs: &[SearchDoc], language: &str) -> Vec<OutputFile> {
    let t = std::time::Instant::now();
    let per_page: Vec<PageWords> = docs.par_iter().map(page_words).collect();
    crate::trace::debug_time("index: words", &t);
    // Stem every distinct word once.
    let mut distinct: Vec<&str> = per_page
        .par_iter()
        .fold(FxHashSet::default, |mut set, p| {
            set.extend(p.words.keys().map(AsRef::as_ref));
            set
        })
        .reduce(FxHashSet::default, |mut a, b| {
            a.extend(b);
            a
        })
        .into_iter()
        .collect();
    distinct.par_sort_unstable();
    let stemmer = stemmer(language);
    let forms: FxHashMap<&str, String> = distinct
        .par_iter()
        .map(|w| {
            let stem = stemmer
                .as_ref()
                .map_or_else(|| w.to_string(), |st| st.stem(w).into_owned());
            (*w, stem)
        })
        .collect();
    crate::trace::debug_time("index: stems", &t);
    let pages = docs.len();
    let average =
        (per_page.iter().map(|p| f64::from(p.length)).sum::<f64>() / pages.max(1) as f64).max(1.0);
    let postings = postings(&per_page, &forms);
    crate::trace::debug_time("index: postings", &t);
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for word in &distinct {
        let stem = forms.get(word).map_or(*word, String::as_str);
        shards.entry(shard(word)).or_default().w.insert(word, stem);
    }
    let weighted: Vec<(&str, Vec<u32>)> = postings
        .into_par_iter()
        .map(|(stem, mut list)| {
            list.sort_unstable();
            let df = list.len();
            let flat = list
                .iter()
                .flat_map(|(n, tf, title)| {
                    let length = per_page[*n as usize].length;
                    [*n, weight(*tf, df, pages, length, average, *title)]
                })
                .collect();
            (stem, flat)
        })
        .collect();
    for (stem, flat) in weighted {
        shards.entry(shard(stem)).or_default().s.insert(stem, flat);
    }

    crate::trace::debug_time("index: shards", &t);
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (n, d) in docs.iter().enumerate() {
        for (name, value) in &d.filters {
            let list = filters.entry(name).or_default().entry(value).or_default();
            if list.last() != Some(&(n as u32)) {
                list.push(n as u32);
            }
        }
    }
    let meta = Meta {
        version: 1,
        language,
        pages,
        chunk: CHUNK,
        shards: shards.keys().map(String::as_str).collect(),
        filters: filters
            .iter()
            .map(|(k, v)| (*k, v.iter().map(|(val, l)| (*val, l.len())).collect()))
            .collect(),
    };
    let mut files = vec![
        json("index.json".into(), &meta),
        json("filters.json".into(), &filters),
    ];
    let shards: Vec<(&String, &Shard)> = shards.iter().collect();
    files.par_extend(
        shards
            .par_iter()
            .map(|(name, shard)| json(format!("terms/{name}.json"), shard)),
    );
    crate::trace::debug_time("index: terms", &t);
    files.par_extend(docs.par_chunks(CHUNK).enumerate().map(|(k, chunk)| {
        let rows: Vec<(&str, &str, String)> = chunk
            .iter()
            .map(|d| (d.url.as_str(), d.title.as_str(), excerpt(d)))
            .collect();
        json(format!("pages/{k}.json"), &rows)
    }));
    files
}

/// Stem -> (page, tf, in the title) of the pages with the stem.
type Postings<'w> = FxHashMap<&'w str, Vec<(u32, u32, bool)>>;

/// Stem -> postings (page, tf, in the title), pages in order. Made per
/// stretch of pages on all cores, then joined in page order: a page's
/// words that share a stem add up to one posting.
fn postings<'w>(per_page: &'w [PageWords], forms: &'w FxHashMap<&str, String>) -> Postings<'w> {
    const STRETCH: usize = 256;
    let parts: Vec<Postings> = per_page
        .par_chunks(STRETCH)
        .enumerate()
        .map(|(k, chunk)| {
            let mut part = Postings::default();
            for (i, p) in chunk.iter().enumerate() {
                let n = (k * STRETCH + i) as u32;
                for (word, (tf, title)) in &p.words {
                    let stem = forms
                        .get(word.as_ref())
                        .map_or(word.as_ref(), String::as_str);
                    let list = part.entry(stem).or_default();
                    match list.last_mut() {
                        Some(last) if last.0 == n => {
                            last.1 += tf;
                            last.2 |= title;
                        }
                        _ => list.push((n, *tf, *title)),
                    }
                }
            }
            part
        })
        .collect();
    let mut all = Postings::default();
    for part in parts {
        for (stem, list) in part {
            match all.get_mut(stem) {
                Some(l) => l.extend(list),
                None => {
                    all.insert(stem, list);
                }
            }
        }
    }
    all
}

/// One file of the index.
fn json<T: Serialize + ?Sized>(path: String, value: &T) -> OutputFile {
    OutputFile {
        path: format!("{INDEX_DIR}{path}"),
        // Maps with string keys and plain values always serialise.
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, text: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            summary: String::new(),
            text: text.into(),
            filters: vec![("thema".into(), "Data".into())],
        }
    }

    fn file(files: &[OutputFile], path: &str) -> serde_json::Value {
        let f = files
            .iter()
            .find(|f| f.path == format!("{INDEX_DIR}{path}"))
            .unwrap_or_else(|| panic!("{path} missing"));
        serde_json::from_slice(&f.bytes).unwrap()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_folded() {
        let text =
            "Één privé-project: 2.315.000 euro, ÀB cd\u{a0}Straße «x» ﬁ, e\u{301}e naïef日本 — OK!";
        let mut got = Vec::new();
        each_word(text, |w| got.push(w.to_string()));
        // The definition, by characters.
        let want: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(fold)
            .flat_map(|w| {
                w.split(|c: char| !c.is_alphanumeric())
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[..4], ["een", "prive", "project", "2"]);
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Één"), "een");
        assert_eq!(fold("privé"), "prive");
        assert_eq!(shard(&fold("één")), "ee");
        assert_eq!(shard("ß"), "ß".chars().map(|_| '_').collect::<String>());
    }

    #[test]
    fn words_map_to_stems_and_postings_to_pages() {
        let docs = [
            doc(
                "/a/",
                "Digitale dienstverlening",
                "De provincie werkt digitaal.",
            ),
            doc(
                "/b/",
                "Basisregistraties",
                "Digimelding van terugmeldingen.",
            ),
        ];
        let files = index(&docs, "nl");
        let di = file(&files, "terms/di.json");
        let stem = di["w"]["digitale"].as_str().unwrap().to_string();
        assert_eq!(stem, "digitaal");
        assert_eq!(di["w"]["digitaal"].as_str().unwrap(), stem, "one stem");
        let postings = di["s"][&stem].as_array().unwrap();
        assert_eq!(postings[0], 0, "page 0 holds it");
        assert_eq!(postings.len(), 2, "only page 0");
        let melding = di["w"]["digimelding"].as_str().unwrap();
        assert_eq!(di["s"][melding][0], 1);
        let meta = file(&files, "index.json");
        assert_eq!(meta["pages"], 2);
        assert_eq!(meta["filters"]["thema"]["Data"], 2);
        let pages = file(&files, "pages/0.json");
        assert_eq!(pages[1][0], "/b/");
        assert_eq!(pages[1][1], "Basisregistraties");
    }

    #[test]
    fn title_words_weigh_more() {
        let docs = [
            doc("/a/", "Glasvezel", "tekst over iets anders"),
            doc("/b/", "Iets", "tekst over glasvezel"),
        ];
        let files = index(&docs, "nl");
        let gl = file(&files, "terms/gl.json");
        let stem = gl["w"]["glasvezel"].as_str().unwrap();
        let p = gl["s"][stem].as_array().unwrap();
        assert!(p[1].as_u64() > p[3].as_u64(), "{p:?}");
    }

    #[test]
    fn same_input_same_bytes() {
        let docs: Vec<_> = (0..250)
            .map(|i| {
                doc(
                    &format!("/s/{i}/"),
                    &format!("Story {i}"),
                    "woorden en nog meer woorden",
                )
            })
            .collect();
        let a = index(&docs, "nl");
        let b = index(&docs, "nl");
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((x.path.as_str(), &x.bytes), (y.path.as_str(), &y.bytes));
        }
        assert!(a.iter().any(|f| f.path.ends_with("pages/2.json")));
    }
}
