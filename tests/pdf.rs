//! The PDF edition of the example site's publications (issue 25): each PDF
//! is opened with lopdf and checked for what PDF/UA-1 asks (a structure
//! tree, `Marked`, the language, the title shown, the PDF/UA
//! identification, figures with alt text, table header cells, bookmarks
//! per chapter) and for the text of its chapter titles and money figures;
//! two builds give the same bytes, and an edit of one chapter makes only
//! its publication's PDF again. The expected values are typed from the
//! content files and `/work/shared/research/*.notes.md`.
#![cfg(feature = "pdf")]

mod common;

use lopdf::{Dictionary, Document, Object};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// What each publication's PDF must hold.
struct Expected {
    slug: &'static str,
    /// The bookmarks, in order: the chapters (titles as in their files),
    /// then the report's and the finance tables' sections.
    bookmarks: &'static [&'static str],
    /// Money figures of the publication, as the PDF writes them.
    money: &'static [&'static str],
    /// Whether it has a chart (a figure) and tables.
    figures: bool,
    tables: bool,
}

const EXPECTED: &[Expected] = &[
    Expected {
        slug: "informatiestrategie-2021-2024",
        bookmarks: &[
            "Aanleiding",
            "Visie en ambities",
            "De zes thema's",
            "Scenario's",
            "Keuzes per thema",
            "Financiën",
            "Succesfactoren",
            "Tabellen",
        ],
        // "€ 2,5 mln" and the table's "€1600" (k€) of the notes.
        money: &["€ 2.500.000", "€ 1.600.000"],
        figures: true,
        tables: true,
    },
    Expected {
        slug: "mab-programmaplan-plateau-3",
        bookmarks: &[],
        // "€ 2,450 mln" of the notes.
        money: &["€ 2.450.000"],
        figures: false,
        tables: false,
    },
    Expected {
        slug: "mab-programmaplan-plateau-4",
        bookmarks: &[
            "Waar staan we na plateau 3?",
            "Wat willen we bereiken in plateau 4?",
            "Wat gaat het kosten?",
            "Risico's en beheersmaatregelen",
            "Register van de 42 posten",
            "Tabellen",
        ],
        // The decision of "€ 2.317k" and a cell of the cost table (248 k€).
        money: &["€ 2.317.000", "€ 248.000"],
        figures: false,
        tables: true,
    },
    Expected {
        slug: "mab-voortgangsrapportage-plateau-3",
        bookmarks: &["Stand per story"],
        // Story 0: "€250k" planned, spent 180 k€.
        money: &["€ 250.000", "€ 180.000"],
        figures: false,
        tables: true,
    },
];

fn koers(content: &Path, output: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["build", "--quiet", "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .env("KOERS_DEBUG", "1")
        .output()
        .expect("koers runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "koers build failed: {stderr}");
    stderr
}

/// The example site, built once for the tests that only read it.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        koers(&common::repo().join("content"), &dir.path().join("out"));
        dir
    })
    .path()
    .join("out")
    .leak()
}

/// A copy of the example site's content, for a test that edits it.
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    common::copy_dir(&common::repo().join("content"), &content);
    (dir, content)
}

/// Adds `text` at the end of the file at `path`.
fn append(path: &Path, text: &str) {
    let before = fs::read_to_string(path).unwrap();
    fs::write(path, before + text).unwrap();
}

/// The folder of a publication's page in `out`, found by its slug.
fn folder(out: &Path, slug: &str) -> PathBuf {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_dir() && e.file_name() == slug)
        .map(|e| e.path().to_path_buf())
        .unwrap_or_else(|| panic!("no folder {slug} in the output"))
}

fn pdf_path(out: &Path, slug: &str) -> PathBuf {
    folder(out, slug).join(format!("{slug}.pdf"))
}

/// An object, with references followed.
fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> &'a Dictionary {
    let o = d
        .get(key)
        .unwrap_or_else(|_| panic!("no /{}", String::from_utf8_lossy(key)));
    match resolve(doc, o) {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("/{} is {other:?}", String::from_utf8_lossy(key)),
    }
}

fn name(o: &Object) -> String {
    match o {
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

/// Every structure element under the StructTreeRoot: its type and dict.
fn struct_elements<'a>(doc: &'a Document, root: &'a Dictionary) -> Vec<(String, &'a Dictionary)> {
    let mut out = Vec::new();
    let mut todo: Vec<&Object> = root.get(b"K").into_iter().collect();
    while let Some(o) = todo.pop() {
        match resolve(doc, o) {
            Object::Array(items) => todo.extend(items.iter()),
            Object::Dictionary(d) => {
                if let Ok(s) = d.get(b"S") {
                    out.push((name(s), d));
                }
                if d.get(b"S").is_ok() {
                    todo.extend(d.get(b"K"));
                }
            }
            _ => {}
        }
    }
    out
}

/// The titles of the outline's top-level entries.
fn bookmarks(doc: &Document, catalog: &Dictionary) -> Vec<String> {
    let Ok(outlines) = catalog.get(b"Outlines") else {
        return Vec::new();
    };
    let Object::Dictionary(outlines) = resolve(doc, outlines) else {
        return Vec::new();
    };
    let mut titles = Vec::new();
    let mut next = outlines.get(b"First").ok();
    while let Some(o) = next {
        let Object::Dictionary(item) = resolve(doc, o) else {
            break;
        };
        titles.push(lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap());
        next = item.get(b"Next").ok();
    }
    titles
}

/// The text of every page, with its spaces made plain.
fn text(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages)
        .unwrap()
        .replace(['\u{a0}', '\n'], " ")
}

#[test]
fn every_publication_has_an_accessible_pdf() {
    for e in EXPECTED {
        let path = pdf_path(built(), e.slug);
        let doc = Document::load(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let catalog = doc.catalog().unwrap();
        let slug = e.slug;

        let mark = dict(&doc, catalog, b"MarkInfo");
        assert_eq!(
            mark.get(b"Marked").unwrap(),
            &Object::Boolean(true),
            "{slug}"
        );
        let lang = lopdf::decode_text_string(resolve(&doc, catalog.get(b"Lang").unwrap())).unwrap();
        assert!(lang.starts_with("nl"), "{slug}: /Lang {lang}");
        let prefs = dict(&doc, catalog, b"ViewerPreferences");
        assert_eq!(
            prefs.get(b"DisplayDocTitle").unwrap(),
            &Object::Boolean(true),
            "{slug}"
        );
        let Object::Stream(xmp) = resolve(&doc, catalog.get(b"Metadata").unwrap()) else {
            panic!("{slug}: no XMP metadata stream");
        };
        let xmp = String::from_utf8_lossy(&xmp.get_plain_content().unwrap()).into_owned();
        assert!(
            xmp.contains("<pdfuaid:part>1</pdfuaid:part>") || xmp.contains("pdfuaid:part=\"1\""),
            "{slug}: no PDF/UA-1 identification in {xmp}"
        );

        let root = dict(&doc, catalog, b"StructTreeRoot");
        let elements = struct_elements(&doc, root);
        assert!(
            elements.iter().any(|(s, _)| s == "Title"),
            "{slug}: no Title element"
        );
        let h1 = elements.iter().any(|(s, _)| s == "H1");
        assert_eq!(
            h1,
            !e.bookmarks.is_empty(),
            "{slug}: a heading per chapter (H1)"
        );
        let figures: Vec<_> = elements.iter().filter(|(s, _)| s == "Figure").collect();
        for (_, f) in &figures {
            assert!(f.get(b"Alt").is_ok(), "{slug}: a Figure without /Alt");
        }
        assert_eq!(!figures.is_empty(), e.figures, "{slug}: figures");
        let tables = elements.iter().filter(|(s, _)| s == "Table").count();
        let headers = elements.iter().filter(|(s, _)| s == "TH").count();
        assert_eq!(tables > 0, e.tables, "{slug}: tables");
        if e.tables {
            assert!(headers > 0, "{slug}: tables without TH cells");
        }

        assert_eq!(bookmarks(&doc, catalog), e.bookmarks, "{slug}: bookmarks");
        let text = text(&doc);
        for title in e.bookmarks {
            assert!(
                text.contains(title),
                "{slug}: the heading {title:?} is not in the text"
            );
        }
        for amount in e.money {
            assert!(text.contains(amount), "{slug}: {amount} is not in the text");
        }
        // A callout is headed as on the site, without its marker.
        assert!(!text.contains("[!"), "{slug}: a callout marker in the text");
        if slug == "mab-voortgangsrapportage-plateau-3" {
            assert!(
                text.contains("Belangrijk: De kleuren zijn afgeleid"),
                "{slug}: the callout's heading is not in the text"
            );
        }
    }
}

/// The number of lines `koers: pdf <what> ...` in a build's debug output.
fn count(log: &str, what: &str) -> usize {
    log.lines()
        .filter(|l| l.starts_with(&format!("koers: pdf {what} ")))
        .count()
}

#[test]
fn the_same_content_gives_the_same_bytes_and_an_edit_remakes_one_pdf() {
    let (dir, content) = example_copy();
    let out = dir.path().join("out");
    let fresh = dir.path().join("fresh");
    let log = koers(&content, &out);
    assert_eq!(count(&log, "made"), EXPECTED.len(), "{log}");
    koers(&content, &fresh);
    let bytes = |o: &Path| -> Vec<Vec<u8>> {
        EXPECTED
            .iter()
            .map(|e| fs::read(pdf_path(o, e.slug)).unwrap())
            .collect()
    };
    let first = bytes(&out);
    assert_eq!(first, bytes(&fresh), "two builds made different PDFs");

    let log = koers(&content, &out);
    assert_eq!(count(&log, "reused"), EXPECTED.len(), "{log}");
    assert_eq!(first, bytes(&out));

    let chapter = content.join("publications/mab-programmaplan-plateau-4/02-plateau-4.md");
    append(&chapter, "\nEen alinea die er later bij kwam.\n");
    let log = koers(&content, &out);
    assert_eq!(count(&log, "made"), 1, "{log}");
    assert!(
        log.contains("koers: pdf made mab-programmaplan-plateau-4 "),
        "{log}"
    );
    assert_eq!(count(&log, "reused"), EXPECTED.len() - 1, "{log}");
    let after = bytes(&out);
    for (i, e) in EXPECTED.iter().enumerate() {
        let edited = e.slug == "mab-programmaplan-plateau-4";
        assert_eq!(first[i] != after[i], edited, "{}", e.slug);
    }
}

#[test]
fn the_page_links_the_pdf_and_the_metadata_name_it() {
    let out = built();
    for e in EXPECTED {
        let file = pdf_path(out, e.slug);
        let bytes = fs::read(&file).unwrap();
        let page = fs::read_to_string(folder(out, e.slug).join("index.html")).unwrap();
        let link = format!(
            "{}.pdf\" type=\"application/pdf\" download>Download als PDF (",
            e.slug
        );
        assert!(page.contains(&link), "{}: no link to the PDF", e.slug);

        let json = fs::read_to_string(folder(out, e.slug).join("metadata.json")).unwrap();
        let meta: serde_json::Value = serde_json::from_str(&json).unwrap();
        let pdf = &meta["pdf"];
        assert_eq!(
            pdf["bytes"].as_u64(),
            Some(bytes.len() as u64),
            "{}",
            e.slug
        );
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(pdf["sha256"].as_str(), Some(hash.as_str()), "{}", e.slug);
        assert_eq!(pdf["format"].as_str(), Some("application/pdf"));
        let url = pdf["url"].as_str().unwrap();
        assert!(url.ends_with(&format!("/{0}/{0}.pdf", e.slug)), "{url}");

        let sitemaps: String = fs::read_dir(out)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|f| f.file_name().to_string_lossy().starts_with("sitemap-diwoo"))
            .map(|f| fs::read_to_string(f.path()).unwrap())
            .collect();
        let entry = format!("<loc>{url}</loc>");
        let at = sitemaps
            .find(&entry)
            .unwrap_or_else(|| panic!("{url} not in a DiWoo sitemap"));
        let rest = &sitemaps[at..];
        let document = &rest[..rest.find("</url>").unwrap()];
        assert!(
            document.contains("file-type/PDF\">pdf</diwoo:format>"),
            "{document}"
        );
        // Size and hash, under MDTO's names in DiWoo's extension point.
        let facts = [
            ("omvang", bytes.len().to_string()),
            ("checksumAlgoritme", "SHA-256".to_string()),
            ("checksumWaarde", hash.clone()),
        ];
        let compact: String = document.split_whitespace().collect();
        assert!(compact.contains("<diwoo:extraMetadata><diwoo:namespace>https://www.nationaalarchief.nl/mdto</diwoo:namespace>"), "{document}");
        for (key, value) in facts {
            let field = format!(
                "<diwoo:key>{key}</diwoo:key><diwoo:values><diwoo:value>{value}</diwoo:value></diwoo:values>"
            );
            assert!(
                compact.contains(&field),
                "{}: no {key} {value} in {document}",
                e.slug
            );
        }
    }
}

#[test]
fn a_site_that_says_pdf_false_gets_no_pdf_no_link_and_no_metadata() {
    let (dir, content) = example_copy();
    let out = dir.path().join("out");
    // Built with PDFs first: the next build must not keep them.
    koers(&content, &out);
    assert!(pdf_path(&out, EXPECTED[0].slug).exists());
    append(&content.join("site.yaml"), "\npdf: false\n");
    let log = koers(&content, &out);
    assert_eq!(count(&log, "made") + count(&log, "reused"), 0, "{log}");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .collect();
    let pdfs: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "pdf") || p.ends_with(".koers-pdf.json"))
        .collect();
    assert!(pdfs.is_empty(), "PDFs left in the output: {pdfs:?}");
    for e in EXPECTED {
        let page = fs::read_to_string(folder(&out, e.slug).join("index.html")).unwrap();
        assert!(!page.contains("Download als PDF"), "{}: a PDF link", e.slug);
        let json = fs::read_to_string(folder(&out, e.slug).join("metadata.json")).unwrap();
        let meta: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(meta.get("pdf").is_none(), "{}: {}", e.slug, meta["pdf"]);
    }
    let sitemaps: String = files
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with("sitemap-diwoo"))
        })
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    assert!(!sitemaps.is_empty());
    assert!(!sitemaps.contains(".pdf</loc>"), "a PDF in a DiWoo sitemap");
}

#[test]
fn a_picture_of_the_content_is_a_figure_with_its_alt_text() {
    let (dir, content) = example_copy();
    let folder = content.join("publications/mab-programmaplan-plateau-3");
    fs::write(
        folder.join("kaart.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200"><rect width="300" height="200" fill="#dde"/><circle cx="150" cy="100" r="60" fill="#346"/></svg>"##,
    )
    .unwrap();
    append(
        &folder.join("index.md"),
        "\n![Kaart van de provincie met de plaats van het datacentrum](kaart.svg)\n",
    );
    let out = dir.path().join("out");
    koers(&content, &out);

    // The picture is copied to the output under its content path, a folder
    // of the publication's name too: the PDF is beside the page.
    let slug = "mab-programmaplan-plateau-3";
    let pdf = out
        .join("publicaties")
        .join(slug)
        .join(format!("{slug}.pdf"));
    let doc = Document::load(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    let catalog = doc.catalog().unwrap();
    let root = dict(&doc, catalog, b"StructTreeRoot");
    let alts: Vec<String> = struct_elements(&doc, root)
        .iter()
        .filter(|(s, _)| s == "Figure")
        .map(|(_, f)| {
            let alt = f.get(b"Alt").expect("a Figure without /Alt");
            lopdf::decode_text_string(resolve(&doc, alt)).unwrap()
        })
        .collect();
    // The picture, as a figure with its alt text (the publication has no
    // other figure).
    assert_eq!(
        alts,
        ["Kaart van de provincie met de plaats van het datacentrum"],
        "{alts:?}"
    );
}

#[test]
fn raised_lowered_and_struck_html_is_typeset() {
    let (dir, content) = example_copy();
    let slug = "mab-programmaplan-plateau-3";
    append(
        &content.join("publications").join(slug).join("index.md"),
        "\n| Post | Uitstoot | Budget (k€) |\n|---|---|--:|\n| Servers | 12 t CO<sub>2</sub> | <del>100</del> 120<sup>1</sup> |\n",
    );
    let out = dir.path().join("out");
    koers(&content, &out);
    let doc = Document::load(pdf_path(&out, slug)).expect("the PDF");
    // Typst sets the raised, lowered and struck text as runs of their own
    // (a text left out would be missing here; glued, it would read 1201).
    let words = text(&doc).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Servers 12 t CO 2 100 120 1 "),
        "the row is not in the PDF's text as expected: {words}"
    );
}

/// A finance table's totals in the PDF are those of the page: an
/// acknowledged printed total shows the printed figure and what the rows
/// add up to (plateau 4's table of underspending: printed € 856.000, its
/// twelve rows add up to € 944.000).
#[test]
fn an_acknowledged_total_shows_both_figures_as_the_page_does() {
    let doc = Document::load(pdf_path(built(), "mab-programmaplan-plateau-4")).expect("the PDF");
    let words = text(&doc).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("€ 856.000 (zoals vastgesteld; de regels tellen op tot € 944.000)"),
        "{words}"
    );
}

/// A status the editors derived says so in the PDF's report table, as the
/// page's badge does, and the table's note says what derived means.
#[test]
fn a_derived_status_says_so_in_the_pdf() {
    let doc =
        Document::load(pdf_path(built(), "mab-voortgangsrapportage-plateau-3")).expect("the PDF");
    let words = text(&doc).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("(afgeleid)"), "{words}");
    assert!(
        words.contains("Een status met „afgeleid” is door de redactie afgeleid uit de toelichting"),
        "{words}"
    );
}
