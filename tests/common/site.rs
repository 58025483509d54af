//! Building a content folder once per test binary and reading its HTML.
#![allow(dead_code)]

use koers::model::Site;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

pub struct Built {
    pub _dir: tempfile::TempDir,
    pub output: PathBuf,
    pub site: Site,
}

/// Builds `content` into a temporary folder and loads its model.
pub fn build_into_temp(content: &Path) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("output");
    if let Err(e) = super::build(content, &output) {
        panic!("{} does not build:\n{e}", content.display());
    }
    let site = koers::build::read_site(content).unwrap();
    Built {
        _dir: dir,
        output,
        site,
    }
}

impl Built {
    /// The parsed HTML of the page at a URL path (`/stories/x/`).
    pub fn page(&self, url: &str) -> Html {
        let rel = url.trim_start_matches('/');
        let path = if rel.is_empty() || rel.ends_with('/') {
            self.output.join(rel).join("index.html")
        } else {
            self.output.join(rel)
        };
        Html::parse_document(&super::read(&path))
    }

    pub fn html_files(&self) -> Vec<PathBuf> {
        walkdir::WalkDir::new(&self.output)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| e.path().to_path_buf())
            .collect()
    }
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The text of an element, whitespace collapsed.
pub fn text(el: scraper::ElementRef) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks that every internal link and asset reference of every page
/// resolves to a written file (and its #fragment to an element id).
pub fn assert_links_resolve(built: &Built) {
    let mut broken = Vec::new();
    let refs = sel("a[href], link[href], img[src], script[src]");
    let mut checked = 0;
    for file in built.html_files() {
        let doc = Html::parse_document(&super::read(&file));
        for el in doc.select(&refs) {
            let target = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or("");
            if target.contains("://")
                || target.starts_with("mailto:")
                || target.starts_with("tel:")
                || target.starts_with("data:")
            {
                continue;
            }
            checked += 1;
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let resolved = if path.is_empty() {
                file.clone()
            } else if let Some(abs) = path.strip_prefix('/') {
                let p = built.output.join(abs);
                if abs.is_empty() || abs.ends_with('/') {
                    p.join("index.html")
                } else {
                    p
                }
            } else {
                let p = file.parent().unwrap().join(path);
                if path.ends_with('/') {
                    p.join("index.html")
                } else {
                    p
                }
            };
            if !resolved.is_file() {
                broken.push(format!("{}: {target}", file.display()));
                continue;
            }
            if !fragment.is_empty() && resolved.extension().is_some_and(|x| x == "html") {
                let target_doc = Html::parse_document(&super::read(&resolved));
                let id_sel = sel(&format!("[id=\"{fragment}\"]"));
                if target_doc.select(&id_sel).next().is_none() {
                    broken.push(format!(
                        "{}: {target} (no element with that id)",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no links were checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Every footnote reference links to its note and the note links back.
/// Returns the number of footnotes checked.
pub fn assert_footnotes_link_both_ways(built: &Built) -> usize {
    let refs = sel("sup.footnote-ref a");
    let mut count = 0;
    for file in built.html_files() {
        let doc = Html::parse_document(&super::read(&file));
        for a in doc.select(&refs) {
            let href = a.value().attr("href").unwrap();
            let ref_id = a
                .value()
                .attr("id")
                .expect("a footnote reference has an id");
            let note_id = href.strip_prefix('#').unwrap();
            let note = doc
                .select(&sel(&format!("li[id=\"{note_id}\"]")))
                .next()
                .unwrap_or_else(|| panic!("{}: footnote {note_id} missing", file.display()));
            let back = sel(&format!("a[href=\"#{ref_id}\"]"));
            assert!(
                note.select(&back).next().is_some(),
                "{}: note {note_id} does not link back to {ref_id}",
                file.display()
            );
            count += 1;
        }
    }
    count
}
