//! Generates a synthetic site for the benchmarks: N stories (front matter
//! with status and money, about 4 KB of Markdown each with headings, a
//! list, a table and a footnote), 12 themes, and one progress report per
//! 1 000 stories; optionally the same corpus as a Hugo site.
//!
//! cargo run --release --example gen_corpus -- N KOERS_DIR [HUGO_DIR]

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const THEMES: usize = 12;

fn body(i: usize) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "## Ambitie\n\nStory {i} verbetert de digitale dienstverlening van de provincie. De aanpak is stapsgewijs: eerst een \
         proef, dan opschalen naar alle afdelingen. Inwoners en ondernemers merken dat aan snellere afhandeling en duidelijker \
         informatie over de stand van hun zaak.[^bron]\n\n## Aanpak\n\n"
    );
    for k in 0..8 {
        let _ = writeln!(s, "- Stap {k}: afstemmen met de ketenpartners, de werkwijze vastleggen en de resultaten meten in kwartaal {}.", k % 4 + 1);
    }
    s.push_str("\n## Resultaten\n\n| Onderdeel | Gepland | Stand |\n|---|---|---|\n");
    for k in 0..10 {
        let _ = writeln!(
            s,
            "| Onderdeel {k} van story {i} | Q{} 2024 | {} |",
            k % 4 + 1,
            if k % 3 == 0 { "gereed" } else { "loopt" }
        );
    }
    s.push_str("\n## Toelichting\n\n");
    while s.len() < 3800 {
        let _ = write!(
            s,
            "De uitvoering verloopt volgens de afspraken in het programmaplan. Waar nodig stuurt het programma bij op capaciteit, \
             planning en budget, en de voortgang wordt elk kwartaal gerapporteerd aan Provinciale Staten (story {i}). "
        );
    }
    s.push_str("\n\n[^bron]: Programmaplan, hoofdstuk 3.\n");
    s
}

fn level(i: usize) -> &'static str {
    match i % 10 {
        0..=6 => "groen",
        7 | 8 => "oranje",
        _ => "rood",
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    // Anything but a number (`--help` too) gets the usage, rather than a
    // corpus of the default size in ./bench-site.
    let n: usize = match args.get(1).map(|a| a.parse()) {
        None => 1000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: gen_corpus [stories (1000)] [folder (bench-site)] [hugo folder]");
            std::process::exit(2);
        }
    };
    let dir = Path::new(args.get(2).map(String::as_str).unwrap_or("bench-site"));
    let hugo = args.get(3).map(Path::new);
    generate(n, dir, hugo)
}

/// Writes the corpus of `n` stories to `dir/content` (and the Hugo site to
/// `hugo`); tests/search_index.rs uses it too.
pub fn generate(n: usize, dir: &Path, hugo: Option<&Path>) -> std::io::Result<()> {
    let content = dir.join("content");
    for sub in ["stories", "themes", "publications"] {
        fs::create_dir_all(content.join(sub))?;
    }
    fs::write(
        content.join("site.yaml"),
        // No PDF edition: Hugo, the reference, makes none, so the guard
        // compares the same work; `benches/bench.py --pdf` times the PDFs.
        "title: Benchmark\nlanguage: nl\npdf: false\nbase_url: https://bench.example.org/\nwoo_category: 2g\nwoo_theme: {id: c_ee06665e, label: informatievoorziening en ICT}\norganisation:\n  name: Provincie Benchmark\nnavigation:\n  - {title: Stories, link: stories}\n  - {title: Rapportages, link: reports}\nstatus_levels:\n  - {id: groen, label: Volgens plan, meaning: Volgens plan., colour: green}\n  - {id: oranje, label: Binnen marge, meaning: Binnen de marge., colour: amber}\n  - {id: rood, label: Buiten marge, meaning: Buiten de marge., colour: red}\n",
    )?;
    for t in 0..THEMES {
        fs::write(
            content.join(format!("themes/thema-{t}.md")),
            format!(
                "---\ntitle: Thema {t}\nnumber: {}\n---\nOver thema {t}.\n",
                t + 1
            ),
        )?;
    }
    for i in 0..n {
        let front = format!(
            "---\ntitle: Story {i} over digitale dienstverlening\nnumber: {i}\nthemes: [thema-{}]\nbudget: {}\nunit: k€\n---\n",
            i % THEMES,
            50 + i % 200
        );
        fs::write(
            content.join(format!("stories/story-{i}.md")),
            front + &body(i),
        )?;
    }
    for r in 0..n.div_ceil(1000) {
        let folder = content.join(format!("publications/rapportage-{r}"));
        fs::create_dir_all(&folder)?;
        let mut s = format!("---\ntitle: Rapportage {r}\ntype: voortgangsrapportage\nprogress:\n  date: 2024-{:02}-01\n  unit: k€\n  entries:\n", r % 12 + 1);
        for i in (r * 1000)..((r + 1) * 1000).min(n) {
            let _ = writeln!(
                s,
                "    - {{story: story-{i}, status: {}, summary: Loopt., planned: {}, spent: {}, forecast: {}}}",
                level(i),
                50 + i % 200,
                i % 50,
                45 + i % 210
            );
        }
        s.push_str("---\nDe stand van zaken.\n");
        fs::write(folder.join("index.md"), s)?;
    }
    if let Some(h) = hugo {
        fs::create_dir_all(h.join("content/stories"))?;
        fs::create_dir_all(h.join("layouts/_default"))?;
        fs::write(h.join("hugo.toml"), "baseURL = '/'\ntitle = 'Benchmark'\nlanguageCode = 'nl'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n")?;
        fs::write(
            h.join("layouts/_default/baseof.html"),
            "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
        )?;
        fs::write(h.join("layouts/_default/single.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Params.status }} {{ .Params.budget }}</p>{{ .TableOfContents }}{{ .Content }}{{ end }}\n")?;
        fs::write(
            h.join("layouts/_default/list.html"),
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><table>{{ range .Pages }}<tr><td><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></td><td>{{ .Params.status }}</td><td>{{ .Params.budget }}</td></tr>{{ end }}</table>{{ end }}\n",
        )?;
        for i in 0..n {
            let front = format!(
                "---\ntitle: Story {i} over digitale dienstverlening\nweight: {i}\nstatus: {}\nbudget: {}\nthema: thema-{}\n---\n",
                level(i),
                50 + i % 200,
                i % THEMES
            );
            fs::write(
                h.join(format!("content/stories/story-{i}.md")),
                front + &body(i),
            )?;
        }
    }
    Ok(())
}
