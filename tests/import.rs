//! `koers import`: Word documents made from the seeds' text
//! (tests/fixtures/docx, made by make_fixtures.py there) imported into a
//! fresh site and built. Every heading, footnote, table cell and alt text
//! below is written down from the fixture script, not read from the import.

mod common;

use common::site::*;
use common::*;
use koers::import::{import, Kind, Report, REPORT_FILE};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/docx").join(name)
}

/// A fresh `koers init` site with `docx` imported into
/// publications/`name`: (temporary folder, content folder, publication
/// folder, report).
fn imported(docx: &str, name: &str) -> (tempfile::TempDir, PathBuf, PathBuf, Report) {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let into = content.join("publications").join(name);
    let report = import(&fixture(docx), &into, false).unwrap_or_else(|e| panic!("{docx}: {e}"));
    (dir, content, into, report)
}

/// index.md with a line added after its first `---`: the fields the Word
/// document cannot give.
fn complete(into: &Path, lines: &str) {
    let index = into.join("index.md");
    let text = read(&index);
    let rest = text.strip_prefix("---\n").expect("front matter");
    fs::write(&index, format!("---\n{lines}\n{rest}")).unwrap();
}

/// The texts of the elements `selector` selects on a page.
fn texts(page: &scraper::Html, selector: &str) -> Vec<String> {
    page.select(&sel(selector)).map(text).collect()
}

/// Text with every run of white space (also no-break spaces) as one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The table of contents of a publication: (label, title) per chapter.
fn contents(built: &Built, publication: &str) -> Vec<(Option<String>, String)> {
    let page = built.page(publication);
    page.select(&sel("ol.chapters > li > a"))
        .map(|a| {
            let number = a.select(&sel(".chapter-number")).next().map(text);
            let all = text(a);
            let title = match &number {
                Some(n) => all
                    .strip_prefix(n.as_str())
                    .unwrap_or(&all)
                    .trim()
                    .to_string(),
                None => all,
            };
            (number, title)
        })
        .collect()
}

const STRATEGIE: &str = "/publicaties/digitaliseringsstrategie/";

#[test]
fn a_strategy_with_chapters_footnotes_lists_a_table_and_a_figure_builds_whole() {
    let (_dir, content, into, report) = imported("strategie.docx", "digitaliseringsstrategie");
    assert_eq!(report.missing, ["type"]);
    assert_eq!(report.chapters, 2);
    assert_eq!(report.images, 1);
    let index = read(&into.join("index.md"));
    assert!(
        index.contains("title: \"Digitaliseringsstrategie Groningen\""),
        "{index}"
    );
    assert!(index.contains("author: \"Provincie Groningen\""), "{index}");
    assert!(index.contains("drafted: 2021-05-20"), "{index}");
    assert!(
        index.contains("2021-06-15"),
        "the last save is noted: {index}"
    );

    // The build names what the document cannot give.
    let errs = errors(build(&content, &content.with_file_name("out")));
    assert!(
        errs.iter()
            .any(|d| d.file.ends_with("index.md") && d.message.contains("type")),
        "{errs:?}"
    );
    complete(&into, "type: strategie");
    let built = build_into_temp(&content);

    assert_eq!(
        contents(&built, STRATEGIE),
        [
            (Some("Hoofdstuk 1".to_string()), "Inleiding".to_string()),
            (
                Some("Hoofdstuk 2".to_string()),
                "Uitgangspunten, visie en ambitie".to_string()
            ),
        ]
    );
    let home = built.page(STRATEGIE);
    assert_eq!(texts(&home, "h1"), ["Digitaliseringsstrategie Groningen"]);
    assert!(text(home.root_element())
        .contains("Deze digitaliseringsstrategie geeft richting aan de digitale transformatie"));

    let one = built.page(&format!("{STRATEGIE}inleiding/"));
    assert_eq!(texts(&one, "main h1"), ["Inleiding"]);
    assert_eq!(texts(&one, ".prose h2"), ["1.1 Aanleiding", "Voetnoten"]);
    assert_eq!(texts(&one, ".prose strong"), ["snel"]);
    assert_eq!(
        texts(&one, ".prose em"),
        ["Tallinn Declaration on eGovernment"]
    );
    let link = one
        .select(&sel("a[href=\"https://www.nederlanddigitaal.nl/\"]"))
        .next()
        .expect("the hyperlink");
    assert_eq!(text(link), "de site van Nederland Digitaal");
    assert_eq!(
        texts(&one, ".prose ul > li > ul > li"),
        [
            "samen met specialisten technieken toepassen;",
            "inzichten uit data verkrijgen."
        ]
    );
    assert_eq!(texts(&one, ".prose ul > li").len(), 5);
    assert_eq!(
        texts(&one, ".prose blockquote"),
        ["De digitalisering is de draaischijf van de huidige en toekomstige economie."]
    );
    let page = text(one.root_element());
    assert!(
        page.contains("Tekens die Markdown kent: 5 * 3 = 15, [PM] en <concept> & co_1."),
        "{page}"
    );
    assert_eq!(texts(&one, "sup.footnote-ref a"), ["1", "2"]);
    for note in [
        "Tallinn Declaration on eGovernment, ondertekend door de Europese lidstaten in 2017.",
        "NL DIGIbeter is de Agenda Digitale Overheid van het Rijk.",
    ] {
        assert!(page.contains(note), "{note}");
    }

    let two = built.page(&format!("{STRATEGIE}uitgangspunten-visie-en-ambitie/"));
    let headings = texts(&two, ".prose h2");
    for h in [
        "2.1 Uitgangspunten",
        "2.2 Ambities met een jaartal",
        "2.3 Fasen",
    ] {
        assert!(headings.contains(&h.to_string()), "{h} in {headings:?}");
    }
    // Each chapter numbers its own footnotes.
    assert_eq!(texts(&two, "sup.footnote-ref a"), ["1"]);
    let page = text(two.root_element());
    assert!(page.contains("De kadernota 2021 bevat een claim voor de eerste fasen."));
    assert_eq!(
        texts(&two, ".prose > ol > li"),
        [
            "We zetten digitalisering in om maatschappelijke waarde te creëren.",
            "We zijn en blijven scherp op belangrijke randvoorwaarden.",
            "We verkleinen de afstand tussen data en beleid.",
        ]
    );
    assert_eq!(texts(&two, ".prose table th"), ["Jaar", "Ambitie"]);
    assert_eq!(
        texts(&two, ".prose table td"),
        [
            "2025",
            "Groningen is de meest digitaal geletterde provincie.",
            "2026",
            "Het Groningse digitale ecosysteem staat (inter)nationaal op de kaart.",
        ]
    );
    let img = two
        .select(&sel(".prose figure img"))
        .next()
        .expect("a figure");
    assert_eq!(
        img.value().attr("alt"),
        Some("Vier vakken op een rij: Verkennen, Ontwikkelen, Versnellen, Borgen")
    );
    let caption = texts(&two, ".prose figure figcaption");
    assert_eq!(caption.len(), 1);
    assert!(
        caption[0].ends_with("De vier fasen van digitale volwassenheid"),
        "{caption:?}"
    );
    assert_links_resolve(&built);
}

#[test]
fn front_and_back_matter_keep_the_numbers_of_the_document() {
    let (_dir, content, into, report) = imported("visie-met-bijlage.docx", "informatiestrategie");
    assert_eq!(report.chapters, 6);
    let chapter = |file: &str| read(&into.join(file));
    assert!(chapter("01-voorwoord.md").contains("numbering: unnumbered"));
    assert!(chapter("05-financiele-ramingen.md").contains("numbering: appendix"));
    complete(&into, "type: strategie");
    let built = build_into_temp(&content);
    let label = |s: &str| Some(s.to_string());
    assert_eq!(
        contents(&built, "/publicaties/informatiestrategie/"),
        [
            (None, "Voorwoord".to_string()),
            (label("Hoofdstuk 1"), "Inleiding".to_string()),
            (label("Hoofdstuk 2"), "Zes thema's".to_string()),
            (None, "Tot slot".to_string()),
            (label("Bijlage A"), "Financiële ramingen".to_string()),
            (None, "Colofon".to_string()),
        ]
    );
    let home = built.page("/publicaties/informatiestrategie/");
    assert_eq!(texts(&home, "h1"), ["Informatiestrategie 2021-2024"]);
    let intro = built.page("/publicaties/informatiestrategie/inleiding/");
    assert!(texts(&intro, ".prose h2").contains(&"Digitale transitie".to_string()));
    let annex = built.page("/publicaties/informatiestrategie/financiele-ramingen/");
    assert_eq!(
        texts(&annex, ".prose table th"),
        ["Scenario", "Eenmalig", "Structureel"]
    );
    let cells: Vec<String> = texts(&annex, ".prose table td")
        .iter()
        .map(|c| squeeze(c))
        .collect();
    assert_eq!(cells, ["Volgend", "€ 1.000.000", "€ 250.000"]);
    let colofon = built.page("/publicaties/informatiestrategie/colofon/");
    assert!(text(colofon.root_element())
        .contains("Uitgave van de provincie Flevoland, afdeling Informatievoorziening."));
}

#[test]
fn the_report_lists_what_the_document_has_and_koers_does_not_carry() {
    let (_dir, content, into, report) = imported("wijzigingen.docx", "wijzigingen");
    let has = |kind: Kind, words: &str| {
        report
            .findings
            .iter()
            .any(|f| f.kind == kind && f.detail.contains(words))
    };
    assert!(
        has(
            Kind::TrackedChange,
            "inserted (kept) by J. de Vries on 2021-06-10: “nieuwe”"
        ),
        "{report}"
    );
    assert!(
        has(
            Kind::TrackedChange,
            "deleted (left out) by J. de Vries on 2021-06-10: “oude”"
        ),
        "{report}"
    );
    assert!(
        has(
            Kind::Comment,
            "A. Jansen was left out: “Is dit bedrag al vastgesteld?”"
        ),
        "{report}"
    );
    assert!(
        has(Kind::TextBox, "Kader: de planning volgt later"),
        "{report}"
    );
    assert!(has(Kind::Field, "DATE"), "{report}");
    assert!(has(Kind::EmbeddedObject, "Excel.Sheet.12"), "{report}");
    assert!(has(Kind::Equation, "K = B × 1,05"), "{report}");
    assert!(has(Kind::Image, "no alt text"), "{report}");
    assert_eq!(report.missing, ["title", "type"]);
    // Changes read as accepted; the field's last text is kept.
    let chapter = read(&into.join("01-aanleiding.md"));
    assert!(
        chapter.contains("De provincie kiest een nieuwe aanpak."),
        "{chapter}"
    );
    assert!(!chapter.contains("oude"), "{chapter}");
    assert!(
        chapter.contains("Stand van zaken op 15 juni 2021."),
        "{chapter}"
    );
    // The report is beside the chapters, where the loader does not look.
    let kept = read(&into.join(REPORT_FILE));
    assert_eq!(kept, report.to_string());
    assert!(kept.contains("Is dit bedrag al vastgesteld?"));
    // koers names what is missing: the title, then the image's alt text.
    let out = content.with_file_name("out");
    let errs = errors(build(&content, &out));
    assert!(
        errs.iter().any(|d| d.file.ends_with("index.md")),
        "{errs:?}"
    );
    complete(&into, "title: Wijzigingen\ntype: visie");
    let errs = errors(build(&content, &out));
    assert!(
        errs.iter()
            .any(|d| d.file.ends_with("01-aanleiding.md") && d.message.contains("image-alt")),
        "{errs:?}"
    );
    assert!(!out
        .join("publicaties/wijzigingen")
        .join(REPORT_FILE)
        .exists());
}

#[test]
fn a_second_import_changes_nothing_without_force_and_overwrites_with_it() {
    let (dir, _content, into, _report) = imported("strategie.docx", "strategie");
    let site = dir.path().join("site");
    let first = snapshot(&site);
    let err = import(&fixture("strategie.docx"), &into, false).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("already has") && message.contains("--force"),
        "{message}"
    );
    assert!(message.contains("index.md"), "{message}");
    assert_eq!(
        snapshot(&site),
        first,
        "the refused import changed the site"
    );

    fs::write(into.join("index.md"), "bewerkt").unwrap();
    fs::write(into.join("99-eigen.md"), "---\ntitle: Eigen\n---\n").unwrap();
    let report = import(&fixture("strategie.docx"), &into, true).expect("forced");
    let after = snapshot(&site);
    let rel = |f: &str| format!("content/publications/strategie/{f}");
    assert_eq!(after[&rel("index.md")], first[&rel("index.md")]);
    assert_eq!(after[&rel("99-eigen.md")], b"---\ntitle: Eigen\n---\n");
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.detail.contains("99-eigen.md")),
        "{report}"
    );
}

#[test]
fn what_is_not_a_word_document_is_a_clear_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("publications/x");
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    };
    let strategie = fs::read(fixture("strategie.docx")).unwrap();
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.resize(512, 0);
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            file("tekst.docx", b"Dit is geen Word-document."),
            "it is not a zip file",
        ),
        (file("leeg.docx", b""), "it is not a zip file"),
        (file("oud.doc", &ole), "Word 97-2003 document (.doc)"),
        (
            file("half.docx", &strategie[..strategie.len() / 2]),
            "not a Word document",
        ),
        (
            file(
                "zonder.docx",
                &zip_of(&[("word/styles.xml", "<w:styles/>")]),
            ),
            "it has no word/document.xml",
        ),
        (
            file(
                "kapot.docx",
                &zip_of(&[("word/document.xml", "<w:document><w:body>")]),
            ),
            "not well-formed XML",
        ),
        (fixture("zipbom.docx"), "zip bomb"),
        (dir.path().join("bestaat-niet.docx"), "bestaat-niet.docx"),
    ];
    for (path, expected) in cases {
        let err = import(&path, &into, false).expect_err("refused");
        let message = err.to_string();
        assert!(message.contains(expected), "{}: {message}", path.display());
        assert!(!into.exists(), "{}: the folder was made", path.display());
    }
}

/// A zip of text files, stored without compression.
fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn the_command_line_imports_and_prints_the_report() {
    let dir = init_site();
    let into = dir.path().join("site/content/publications/strategie");
    let run = |force: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_koers"));
        cmd.arg("import")
            .arg(fixture("strategie.docx"))
            .arg("--into")
            .arg(&into);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let first = run(false);
    assert!(first.status.success());
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(
        stderr.contains("index.md, 2 chapters and 1 image"),
        "{stderr}"
    );
    assert!(stderr.contains("Still to fill in index.md"), "{stderr}");
    let again = run(false);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(run(true).status.success());
}
