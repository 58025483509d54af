//! The full-text search index: built from the pages' own text (not by
//! re-parsing their HTML), split so that the browser fetches only the few
//! small files a query needs, and searched offline from the output folder
//! by `themes/default/static/search.js`.
//!
//! Layout of the index folder (`search-index/` in each language's root).
//! Lists of page numbers are written as gaps: each number is the
//! difference from the one before (the first from 0).
//!
//! - `index.json`: `{version, language, stemmer, pages, chunk, shards,
//!   filters}`. `stemmer` names the theme's JavaScript stemmer
//!   (`assets/stem-<stemmer>.js`) that stems as the index does, or is null
//!   when the theme has none for the language. `shards` lists the files of
//!   `terms/`. `filters` maps each filter (`thema`) to its values, each
//!   with its count of pages and the number of its file in `filters/`.
//! - `filters/<n>.json`: the pages (as gaps) of one filter value.
//! - `terms/<shard>.json`: `{"w": {word: stem}, "s": {stem: postings}}`.
//!   A word or stem belongs to the shard whose name is the longest one in
//!   `shards` that begins its key (the word with each character other
//!   than a-z and 0-9 as `_`). Shards are named by two characters, and a
//!   shard that would be larger than [`MAX_FILE`] hands its largest groups
//!   of words to shards of one character more, and so on. `w` holds only
//!   the words whose stem is not the word itself: any other word is its
//!   own stem. Postings are `[gap, weight, gap, weight, ...]`, the weight
//!   a BM25 score (times 100), doubled for words in the title; a list too
//!   large for a shard is `{"f": [n, ...]}`, its parts in
//!   `postings/<n>.json`.
//! - `pages/<n>.json`: `[[url, title, file, at], ...]` for pages
//!   `n*chunk ..`: the page's sentences are element `at` of
//!   `text/<file>.json`; a fifth number, when there is one, says how many
//!   files (from `file` on, element 0 of each) they take.
//! - `text/<n>.json`: `[[sentence, ...], ...]`, the sentences of
//!   consecutive pages (summary, then text), up to [`TEXT_FILE`] bytes
//!   together, from which a result shows the one that matched (or, for a
//!   page found by its filters or title alone, its first ones); a page
//!   with more than [`MAX_FILE`] bytes of sentences takes several files.
//!
//! Stems come from the Snowball stemmer of the site's language, from the
//! crate `snowstem`: it carries the current Snowball release (3.1.1),
//! whose Dutch algorithm (new in Snowball 3.0) brings "ambities" to
//! "ambitie", "facturen" to "factuur" and "provincies" to "provincie",
//! which the Porter-era Dutch of `rust-stemmers` (Snowball 2019) kept
//! apart. Of the two maintained crates with the new algorithm, snowstem
//! has the same Snowball release as the Python package `snowballstemmer`
//! 3.1.1, from which `scripts/snowball_js.py` translates the theme's
//! JavaScript stemmers (`stem-nl.js`, `stem-en.js`), and it depends on no
//! other crate; `snowball_stemmers_rs` 1.0 has Snowball 3.0.0.
//! `tests/search_stemmer.rs` checks that the Rust and JavaScript stemmers
//! agree on a large vocabulary.
//!
//! A query word finds its stem in `w` or through the JavaScript stemmer,
//! then its postings in `s`; the last word of a query also matches as a
//! prefix of the words and stems of its shard; on a site whose language
//! has no JavaScript stemmer, a word the site does not contain finds the
//! longest stem it begins with.

use super::OutputFile;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use snowstem::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::BuildHasher;
use unicode_normalization::UnicodeNormalization;

/// The folder of the index, in each language's root.
pub const INDEX_DIR: &str = "search-index/";
/// Pages per file of `pages/`.
const CHUNK: usize = 100;
/// The size the index's files are kept under where they can be split, in
/// bytes, so that a query never fetches a large file (on a site of 10 000
/// stories too; see BENCHMARKS.md, "Search index size").
pub const MAX_FILE: usize = 64 * 1024;
/// Bytes of sentences that pages share one file of `text/` up to: few
/// files to write, and a result's sentences in a small file.
const TEXT_FILE: usize = 8 * 1024;
/// Characters a sentence is cut into pieces at (a table's cells read as
/// one long "sentence").
const MAX_SENTENCE: usize = 300;
/// The languages `themes/default/static/stem-<lang>.js` stems.
const JS_STEMMERS: [&str; 2] = ["nl", "en"];

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
    let algorithm = match base_language(language) {
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "de" => Algorithm::German,
        "fr" => Algorithm::French,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// `nl` of `nl-BE`.
fn base_language(language: &str) -> &str {
    language.split('-').next().unwrap_or(language)
}

/// The shard key of a folded word: each character a-z and 0-9 as it is,
/// `_` for any other (so shard names are safe file names).
pub fn key(word: &str) -> String {
    word.chars()
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
    stemmer: Option<&'a str>,
    pages: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    /// Filter -> value -> (pages, file number).
    filters: BTreeMap<&'a str, BTreeMap<&'a str, (usize, usize)>>,
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

/// Builds the index of `docs` (in their order: page numbers are positions)
/// for a site in `language`. Paths are relative to the language's root.
pub fn index(docs: &[SearchDoc], language: &str) -> Vec<OutputFile> {
    // The two halves share nothing, and each has stretches on one core:
    // side by side, one fills the other's idle core.
    let (mut files, texts) = rayon::join(|| terms(docs, language), || pages_and_texts(docs));
    files.extend(texts);
    files
}

/// The word shards with their postings, the filters and `index.json`.
fn terms(docs: &[SearchDoc], language: &str) -> Vec<OutputFile> {
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
    // Every entry of a shard as its JSON text, `"key":value`.
    let mut entries: Vec<Entry> = distinct
        .iter()
        .filter_map(|word| {
            let stem = forms.get(word).map_or(*word, String::as_str);
            (stem != *word).then(|| Entry {
                key: key(word),
                postings: false,
                json: format!("{}:{}", quoted(word), quoted(stem)),
            })
        })
        .collect();
    let weighted: Vec<(&str, String)> = postings
        .into_par_iter()
        .map(|(stem, mut list)| {
            list.sort_unstable();
            let df = list.len();
            let mut flat = String::with_capacity(df * 8);
            let mut last = 0;
            for (n, tf, title) in list {
                let length = per_page[n as usize].length;
                let w = weight(tf, df, pages, length, average, title);
                push_pair(&mut flat, n - last, w);
                last = n;
            }
            (stem, flat)
        })
        .collect();
    let mut parts: Vec<OutputFile> = Vec::new();
    let mut weighted = weighted;
    weighted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (stem, flat) in weighted {
        let value = if flat.len() > MAX_FILE / 2 {
            // Too large to share a shard: in parts of their own.
            let numbers = split_postings(&flat)
                .into_iter()
                .map(|part| {
                    let n = parts.len();
                    parts.push(raw(format!("postings/{n}.json"), format!("[{part}]")));
                    n.to_string()
                })
                .collect::<Vec<_>>();
            format!("{{\"f\":[{}]}}", numbers.join(","))
        } else {
            format!("[{flat}]")
        };
        entries.push(Entry {
            key: key(stem),
            postings: true,
            json: format!("{}:{value}", quoted(stem)),
        });
    }
    crate::trace::debug_time("index: postings written", &t);
    entries.par_sort_unstable_by(|a, b| (&a.key, &a.json).cmp(&(&b.key, &b.json)));
    let mut tops: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
    for e in &entries {
        let top = e
            .key
            .char_indices()
            .nth(2)
            .map_or(e.key.as_str(), |(i, _)| &e.key[..i]);
        tops.entry(top).or_default().push(e);
    }
    let mut shards: Vec<(String, Vec<&Entry>)> = Vec::new();
    for (name, list) in tops {
        place(name.to_string(), list, &mut shards);
    }
    shards.sort_unstable_by(|a, b| a.0.cmp(&b.0));
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
    let mut files = Vec::new();
    let mut numbered = 0;
    let mut counts: BTreeMap<&str, BTreeMap<&str, (usize, usize)>> = BTreeMap::new();
    for (name, values) in &filters {
        for (value, list) in values {
            counts
                .entry(name)
                .or_default()
                .insert(value, (list.len(), numbered));
            let mut flat = String::with_capacity(list.len() * 3);
            let mut last = 0;
            for n in list {
                if !flat.is_empty() {
                    flat.push(',');
                }
                flat.push_str(itoa::Buffer::new().format(n - last));
                last = *n;
            }
            files.push(raw(format!("filters/{numbered}.json"), format!("[{flat}]")));
            numbered += 1;
        }
    }
    let meta = Meta {
        version: 2,
        language,
        stemmer: JS_STEMMERS
            .into_iter()
            .find(|l| *l == base_language(language)),
        pages,
        chunk: CHUNK,
        shards: shards.iter().map(|(name, _)| name.as_str()).collect(),
        filters: counts,
    };
    files.push(json("index.json".into(), &meta));
    files.append(&mut parts);
    files.par_extend(shards.par_iter().map(|(name, list)| {
        let (w, s): (Vec<&&Entry>, Vec<&&Entry>) = list.iter().partition(|e| !e.postings);
        let join = |l: Vec<&&Entry>| {
            l.iter()
                .map(|e| e.json.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        raw(
            format!("terms/{name}.json"),
            format!("{{\"w\":{{{}}},\"s\":{{{}}}}}", join(w), join(s)),
        )
    }));
    crate::trace::debug_time("index: terms", &t);
    files
}

/// The list of pages (URL, title, where their sentences are) and the
/// files of sentences.
fn pages_and_texts(docs: &[SearchDoc]) -> Vec<OutputFile> {
    let t = std::time::Instant::now();
    // Each page's sentences (in parts when they are large), then grouped.
    let texts: Vec<Vec<String>> = docs.par_iter().map(page_text).collect();
    let (groups, places) = group_texts(texts);
    let mut files = Vec::new();
    files.par_extend(docs.par_chunks(CHUNK).enumerate().map(|(k, chunk)| {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .zip(&places[k * CHUNK..])
            .map(|(d, &(file, at, parts))| match parts {
                1 => serde_json::json!([d.url, d.title, file, at]),
                _ => serde_json::json!([d.url, d.title, file, at, parts]),
            })
            .collect();
        json(format!("pages/{k}.json"), &rows)
    }));
    files.extend(
        groups
            .into_iter()
            .enumerate()
            .map(|(n, group)| raw(format!("text/{n}.json"), group)),
    );
    crate::trace::debug_time("index: pages and texts", &t);
    files
}

/// One word's or stem's entry in a shard: `"word":"stem"` in `w`, or
/// `"stem":postings` in `s`.
struct Entry {
    key: String,
    postings: bool,
    json: String,
}

/// Places the entries whose keys begin with `name` in shard files: all in
/// `name` if they fit in [`MAX_FILE`]; if not, the largest groups of the
/// next character go to shards of their own (split the same way) until
/// the rest fits.
fn place<'e>(name: String, list: Vec<&'e Entry>, shards: &mut Vec<(String, Vec<&'e Entry>)>) {
    let size = |l: &[&Entry]| l.iter().map(|e| e.json.len() + 1).sum::<usize>();
    let mut total = size(&list);
    if total <= MAX_FILE {
        shards.push((name, list));
        return;
    }
    let depth = name.len();
    let mut groups: BTreeMap<u8, Vec<&Entry>> = BTreeMap::new();
    let mut rest = Vec::new();
    for e in list {
        match e.key.as_bytes().get(depth) {
            Some(c) => groups.entry(*c).or_default().push(e),
            None => rest.push(e),
        }
    }
    let mut sizes: Vec<(usize, u8)> = groups.iter().map(|(c, l)| (size(l), *c)).collect();
    sizes.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (s, c) in sizes {
        if total <= MAX_FILE {
            break;
        }
        total -= s;
        if let Some(group) = groups.remove(&c) {
            place(format!("{name}{}", char::from(c)), group, shards);
        }
    }
    rest.extend(groups.into_values().flatten());
    if !rest.is_empty() {
        rest.sort_unstable_by(|a, b| (&a.key, &a.json).cmp(&(&b.key, &b.json)));
        shards.push((name, rest));
    }
}

/// Appends `gap,weight` to a flat list of postings.
fn push_pair(flat: &mut String, gap: u32, weight: u32) {
    if !flat.is_empty() {
        flat.push(',');
    }
    flat.push_str(itoa::Buffer::new().format(gap));
    flat.push(',');
    flat.push_str(itoa::Buffer::new().format(weight));
}

/// Cuts a flat list of postings (gaps) into parts of at most half of
/// [`MAX_FILE`], each part's first gap counted from 0 again.
fn split_postings(flat: &str) -> Vec<String> {
    let numbers: Vec<u32> = flat.split(',').filter_map(|n| n.parse().ok()).collect();
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut page = 0;
    let mut last = 0;
    for pair in numbers.chunks(2) {
        let [gap, weight] = pair else { break };
        page += gap;
        if part.len() > MAX_FILE / 2 {
            parts.push(std::mem::take(&mut part));
            last = 0;
        }
        push_pair(&mut part, page - last, *weight);
        last = page;
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts
}

/// A string as a JSON string.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The sentences of a page, as the JSON of its `text/` files: more than
/// one when they are larger than [`MAX_FILE`] together.
fn page_text(doc: &SearchDoc) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::from("[");
    for sentence in sentences(doc) {
        let q = quoted(&sentence);
        if part.len() > 1 && part.len() + q.len() + 4 > MAX_FILE {
            part.push(']');
            parts.push(std::mem::replace(&mut part, String::from("[")));
        }
        if part.len() > 1 {
            part.push(',');
        }
        part.push_str(&q);
    }
    part.push(']');
    parts.push(part);
    parts
}

/// Groups the pages' sentences (the JSON arrays of [`page_text`]) into the
/// files of `text/`: consecutive pages up to [`TEXT_FILE`] bytes together,
/// a page in parts one part a file. Returns the files and, per page, its
/// file, its place in it and its number of parts.
fn group_texts(texts: Vec<Vec<String>>) -> (Vec<String>, Vec<(usize, usize, usize)>) {
    let mut files = Vec::new();
    let mut places = Vec::with_capacity(texts.len());
    let mut file = String::new();
    let mut count = 0;
    let flush = |file: &mut String, count: &mut usize, files: &mut Vec<String>| {
        if *count > 0 {
            files.push(format!("[{}]", std::mem::take(file)));
            *count = 0;
        }
    };
    for parts in texts {
        let size = parts.iter().map(String::len).sum::<usize>();
        if parts.len() > 1 || (count > 0 && file.len() + size > TEXT_FILE) {
            flush(&mut file, &mut count, &mut files);
        }
        places.push((files.len(), count, parts.len()));
        for part in parts {
            if count > 0 {
                file.push(',');
            }
            file.push_str(&part);
            count += 1;
            if places.last().is_some_and(|p| p.2 > 1) {
                flush(&mut file, &mut count, &mut files);
            }
        }
    }
    flush(&mut file, &mut count, &mut files);
    (files, places)
}

/// The sentences of a page's summary and text, each once, in order: a
/// sentence ends at a line's end, or after `.`, `!` or `?` and a space
/// before a capital, a digit or an opening quote or bracket; a sentence
/// longer than [`MAX_SENTENCE`] characters is cut between words.
fn sentences(doc: &SearchDoc) -> Vec<String> {
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for text in [&doc.summary, &doc.text] {
        for line in text.lines() {
            let mut sentence = String::new();
            let mut chars = 0;
            let mut words = line.split_whitespace().peekable();
            while let Some(word) = words.next() {
                if !sentence.is_empty() {
                    sentence.push(' ');
                }
                sentence.push_str(word);
                chars += word.chars().count() + 1;
                let ends = word.ends_with(['.', '!', '?'])
                    && words
                        .peek()
                        .and_then(|w| w.chars().next())
                        .is_some_and(|c| {
                            c.is_uppercase() || c.is_numeric() || "\"'‘“([".contains(c)
                        });
                if ends || chars >= MAX_SENTENCE {
                    keep(std::mem::take(&mut sentence), &mut seen, &mut out);
                    chars = 0;
                }
            }
            keep(sentence, &mut seen, &mut out);
        }
    }
    out
}

/// Keeps a sentence that has a letter or digit and was not kept before.
/// `seen` holds the hashes of the kept sentences; only when a hash was
/// seen before are the sentences compared.
fn keep(sentence: String, seen: &mut FxHashSet<u64>, out: &mut Vec<String>) {
    if !sentence.chars().any(char::is_alphanumeric) {
        return;
    }
    let hash = rustc_hash::FxBuildHasher.hash_one(&sentence);
    if seen.insert(hash) || !out.contains(&sentence) {
        out.push(sentence);
    }
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
    // Maps with string keys and plain values always serialise.
    raw(path, serde_json::to_string(value).unwrap_or_default())
}

/// One file of the index, its JSON made already.
fn raw(path: String, text: String) -> OutputFile {
    OutputFile {
        path: format!("{INDEX_DIR}{path}"),
        bytes: text.into_bytes(),
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
        assert_eq!(key(&fold("één")), "een");
        assert_eq!(key("ß-2"), "__2");
    }

    /// word -> stem and stem -> [page, weight, ...] (absolute pages) of
    /// the built index, read as search.js reads it.
    fn read_index(files: &[OutputFile]) -> (BTreeMap<String, String>, BTreeMap<String, Vec<u64>>) {
        let meta = file(files, "index.json");
        let mut words = BTreeMap::new();
        let mut stems = BTreeMap::new();
        for name in meta["shards"].as_array().unwrap() {
            let shard = file(files, &format!("terms/{}.json", name.as_str().unwrap()));
            for (w, s) in shard["w"].as_object().unwrap() {
                words.insert(w.clone(), s.as_str().unwrap().to_string());
            }
            for (s, p) in shard["s"].as_object().unwrap() {
                let parts = match p.as_array() {
                    Some(list) => vec![list.clone()],
                    None => p["f"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| {
                            file(files, &format!("postings/{}.json", n.as_u64().unwrap()))
                                .as_array()
                                .unwrap()
                                .clone()
                        })
                        .collect(),
                };
                let mut flat = Vec::new();
                for part in parts {
                    let mut page = 0;
                    for pair in part.chunks(2) {
                        page += pair[0].as_u64().unwrap();
                        flat.extend([page, pair[1].as_u64().unwrap()]);
                    }
                }
                stems.insert(s.clone(), flat);
            }
        }
        (words, stems)
    }

    /// Where a row of `pages/` says its page's sentences are.
    fn text_place(row: &serde_json::Value) -> Vec<u64> {
        row.as_array().unwrap()[2..]
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect()
    }

    /// The shard search.js reads a key from: the longest one it begins with.
    fn shard_of<'m>(meta: &'m serde_json::Value, key: &str) -> Option<&'m str> {
        meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .filter(|s| key.starts_with(s))
            .max_by_key(|s| s.len())
    }

    #[test]
    fn words_map_to_stems_and_postings_to_pages() {
        let docs = [
            doc(
                "/a/",
                "Digitale dienstverlening",
                "De provincie werkt digitaal aan haar ambities.",
            ),
            doc(
                "/b/",
                "Basisregistraties",
                "Digimelding van terugmeldingen. Facturen en provincies.",
            ),
        ];
        let files = index(&docs, "nl");
        let (words, stems) = read_index(&files);
        assert_eq!(words["digitale"], "digitaal", "one stem");
        assert!(!words.contains_key("digitaal"), "its own stem: not listed");
        assert_eq!(words["ambities"], "ambitie");
        assert_eq!(words["facturen"], "factuur");
        assert_eq!(words["provincies"], "provincie");
        assert!(!words.contains_key("provincie"), "its own stem: not listed");
        assert_eq!(
            stems["provincie"].iter().step_by(2).collect::<Vec<_>>(),
            [&0, &1]
        );
        assert_eq!(stems["digitaal"].len(), 2, "only page 0");
        let melding = words
            .get("digimelding")
            .map_or("digimelding", String::as_str);
        assert_eq!(stems[melding][0], 1);
        let meta = file(&files, "index.json");
        assert_eq!(meta["pages"], 2);
        assert_eq!(meta["stemmer"], "nl");
        assert_eq!(meta["filters"]["thema"]["Data"], serde_json::json!([2, 0]));
        assert_eq!(file(&files, "filters/0.json"), serde_json::json!([0, 1]));
        let pages = file(&files, "pages/0.json");
        assert_eq!(pages[1][0], "/b/");
        assert_eq!(pages[1][1], "Basisregistraties");
        assert_eq!(text_place(&pages[1]), [0, 1], "in text/0.json, second");
        assert_eq!(
            file(&files, "text/0.json")[1],
            serde_json::json!(["Digimelding van terugmeldingen.", "Facturen en provincies."])
        );
        assert_eq!(
            file(&index(&docs, "de"), "index.json")["stemmer"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn title_words_weigh_more() {
        let docs = [
            doc("/a/", "Glasvezel", "tekst over iets anders"),
            doc("/b/", "Iets", "tekst over glasvezel"),
        ];
        let (_, stems) = read_index(&index(&docs, "nl"));
        let p = &stems["glasvezel"];
        assert!(p[1] > p[3], "{p:?}");
    }

    #[test]
    fn sentences_end_at_lines_and_full_stops() {
        let mut d = doc(
            "/a/",
            "T",
            "Ambitie\nDe provincie werkt digitaal. Zij doet dat bijv. samen. 2024 wordt beter! \
             \"Citaat.\" En de provincie werkt digitaal.\nDe provincie werkt digitaal.",
        );
        d.summary = "Korte samenvatting.".into();
        assert_eq!(
            sentences(&d),
            [
                "Korte samenvatting.",
                "Ambitie",
                "De provincie werkt digitaal.",
                "Zij doet dat bijv. samen.",
                "2024 wordt beter!",
                "\"Citaat.\" En de provincie werkt digitaal.",
            ]
        );
        let words: String = (0..200).map(|i| format!("woord{i} ")).collect();
        let long = doc("/b/", "T", &words);
        let cut = sentences(&long);
        assert!(cut.len() > 3 && cut.iter().all(|s| s.chars().count() <= MAX_SENTENCE + 5));
    }

    /// Files stay under MAX_FILE: shards split by longer prefixes, long
    /// postings and long texts go to files of their own; and every word
    /// is found in the shard search.js looks in.
    #[test]
    fn no_file_is_large_and_every_word_is_found() {
        let vocabulary: Vec<String> = (0..6000)
            .map(|i| format!("pro{}x{i}", ["v", "j", "b"][i % 3]))
            .collect();
        let long: String = (0..10_000).map(|k| format!("Zin {k}. ")).collect();
        let docs: Vec<SearchDoc> = (0..10_000)
            .map(|i| {
                let words: Vec<&str> = (0..4)
                    .map(|k| vocabulary[(i * 7 + k * 13) % 6000].as_str())
                    .collect();
                let text = format!("De provincie {}.", words.join(" "));
                let text = if i == 0 {
                    format!("{text} {long}")
                } else {
                    text
                };
                doc(&format!("/s/{i}/"), &format!("Pagina {i}"), &text)
            })
            .collect();
        let files = index(&docs, "nl");
        for f in &files {
            assert!(
                f.bytes.len() <= MAX_FILE + 1024,
                "{} has {} bytes",
                f.path,
                f.bytes.len()
            );
        }
        let meta = file(&files, "index.json");
        let shards: Vec<&str> = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        assert!(
            shards.iter().any(|s| s.len() > 3),
            "split deeper: {shards:?}"
        );
        let (words, stems) = read_index(&files);
        for w in vocabulary.iter().take(500) {
            let stem = words.get(w).unwrap_or(w);
            let name = shard_of(&meta, &key(stem)).unwrap();
            let shard = file(&files, &format!("terms/{name}.json"));
            assert!(shard["s"].get(stem).is_some(), "{w} in {name}");
        }
        // "de" is on every page: its postings are in parts.
        assert_eq!(stems["de"].len(), 2 * 10_000);
        assert!(files.iter().any(|f| f.path.ends_with("postings/0.json")));
        let pages = file(&files, "pages/0.json");
        assert_eq!(
            text_place(&pages[0]),
            [0, 0, 2],
            "page 0's text takes two files"
        );
        assert!(file(&files, "text/1.json")[0][0].as_str().is_some());
        assert_eq!(
            text_place(&pages[1]),
            [2, 0],
            "the next page in the next file"
        );
        assert_eq!(text_place(&pages[2]), [2, 1], "and the one after it too");
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
