//! Writes a site with one large publication, for timing its PDF edition:
//! `cargo run --release --example gen_publication -- DIR [CHAPTERS]`
//! writes `DIR/content` with a publication of CHAPTERS chapters (default
//! 100), each with headings, paragraphs, a list, a table, a footnote and
//! a chart, and a finance table of one row per chapter. Then
//! `time target/release/koers build --content DIR/content --output DIR/out`
//! (see BENCHMARKS.md, "PDF edition").

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "/tmp/koers-large-publication".into());
    let chapters: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    generate(Path::new(&dir), chapters)?;
    println!("wrote {dir}/content: one publication of {chapters} chapters");
    Ok(())
}

fn generate(dir: &Path, chapters: usize) -> std::io::Result<()> {
    let content = dir.join("content");
    let publication = content.join("publications/groot-plan");
    fs::create_dir_all(&publication)?;
    fs::create_dir_all(content.join("data"))?;
    fs::write(
        content.join("site.yaml"),
        "title: Groot plan\nlanguage: nl\nbase_url: https://plan.example.org/\nwoo_category: 2g\nwoo_theme: {id: c_ee06665e, label: informatievoorziening en ICT}\norganisation:\n  name: Provincie Voorbeeld\n",
    )?;
    fs::write(
        content.join("data/kosten.csv"),
        "Jaar,Eenmalig,Structureel\n2025,120,40\n2026,150,45\n2027,90,50\n",
    )?;
    let mut index = String::from(
        "---\ntitle: Een groot programmaplan\nsubtitle: Om de PDF-editie te meten\ntype: programmaplan\ndates:\n  published: 2025-01-15\nversion: \"1\"\nchapters:\n",
    );
    for c in 1..=chapters {
        let _ = writeln!(index, "  - {c:03}-hoofdstuk-{c}.md");
    }
    index.push_str("tables:\n  - id: kosten\n    title: Kosten per hoofdstuk\n    unit: k€\n    columns: [Eenmalig, Structureel]\n    rows:\n");
    for c in 1..=chapters {
        let _ = writeln!(
            index,
            "      - {{id: h{c}, label: Hoofdstuk {c}, values: [{}, {}]}}",
            100 + c % 70,
            10 + c % 9
        );
    }
    index.push_str("---\nDit plan is gemaakt om de PDF-editie van koers te meten.\n");
    fs::write(publication.join("index.md"), index)?;
    for c in 1..=chapters {
        fs::write(
            publication.join(format!("{c:03}-hoofdstuk-{c}.md")),
            chapter(c),
        )?;
    }
    Ok(())
}

fn chapter(c: usize) -> String {
    let mut s = format!("---\ntitle: Hoofdstuk over onderwerp {c}\n---\n");
    for section in 1..=3 {
        let _ = write!(
            s,
            "## Paragraaf {c}.{section}\n\nDe provincie werkt in dit onderdeel aan *betere dienstverlening* en \
             **betrouwbare gegevens**. Het budget is € {}.000 en de planning loopt tot 2027.[^{section}]\n\n\
             - eerste stap van onderdeel {c}.{section};\n- tweede stap, beschreven op [de pagina van onderdeel {c}](https://example.org/{c});\n- derde stap.\n\n\
             | Mijlpaal | Datum | Bedrag |\n|---|---|--:|\n| Start | 2025 | € 10.000 |\n| Oplevering | 2026 | € 25.000 |\n\n\
             [^{section}]: Een voetnoot bij paragraaf {c}.{section}.\n\n",
            100 + c
        );
    }
    s.push_str(
        "```chart\ntype: bar\ntitle: Kosten per jaar\nunit: k€\ncategory_label: Jaar\ndata: ../../data/kosten.csv\n```\n",
    );
    s
}
