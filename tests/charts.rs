//! Charts are drawn from the content's own data: bar lengths and table
//! cells match the figures, PM is never a bar, status levels carry their
//! text labels, output is byte-identical across builds and needs no fonts.

mod common;

use common::site::*;
use common::*;
use koers::model::money::Money;
use koers::model::table::RowKind;
use scraper::{ElementRef, Html};
use std::sync::OnceLock;

fn example() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_into_temp(&repo().join("content")))
}

fn groningen() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_into_temp(&repo().join("tests/fixtures/groningen")))
}

/// The wide SVG and the data table of the figure with this chart id.
fn figure<'a>(page: &'a Html, id: &str) -> ElementRef<'a> {
    page.select(&sel(&format!("figure[id=\"grafiek-{id}\"]")))
        .next()
        .unwrap_or_else(|| panic!("no chart {id} on the page"))
}

fn wide_svg(fig: ElementRef) -> ElementRef {
    fig.select(&sel("svg.chart-wide"))
        .next()
        .expect("a wide svg")
}

/// Widths of the rects with this fill, in document order.
fn bar_widths(svg: ElementRef, fill: &str) -> Vec<f64> {
    svg.select(&sel(&format!("rect[fill=\"{fill}\"]")))
        .map(|r| r.value().attr("width").unwrap().parse::<f64>().unwrap())
        .collect()
}

fn euros(m: Option<Money>) -> f64 {
    m.and_then(|m| m.euros()).unwrap_or(0.0)
}

#[test]
fn report_money_bars_are_proportional_to_the_content() {
    let b = example();
    let (publication, report) = b.site.reports()[0];
    let page = b.page(&publication.url);
    let svg = wide_svg(figure(&page, "geld-per-story"));
    // Planned is the solid navy series; zero amounts draw no rect.
    let planned: Vec<f64> = report
        .entries
        .iter()
        .map(|e| euros(e.planned))
        .filter(|v| *v > 0.0)
        .collect();
    // The first navy rect is the legend's swatch.
    let widths = bar_widths(svg, "#154273")[1..].to_vec();
    assert_eq!(widths.len(), planned.len());
    let (max_v, max_w) =
        planned.iter().zip(&widths).fold(
            (0.0, 0.0),
            |acc, (v, w)| if *v > acc.0 { (*v, *w) } else { acc },
        );
    for (v, w) in planned.iter().zip(&widths) {
        let expected = v / max_v * max_w;
        assert!(
            (expected - w).abs() <= 1.5,
            "bar for {v} is {w} px, expected {expected}"
        );
    }
}

#[test]
fn report_data_table_matches_the_content() {
    let b = example();
    let (publication, report) = b.site.reports()[0];
    let page = b.page(&publication.url);
    let fig = figure(&page, "geld-per-story");
    let rows: Vec<_> = fig.select(&sel("details table tbody tr")).collect();
    assert_eq!(rows.len(), report.entries.len());
    for (row, entry) in rows.iter().zip(&report.entries) {
        let cells: Vec<String> = row.select(&sel("td")).map(text).collect();
        for (cell, money) in cells
            .iter()
            .zip([entry.planned, entry.spent, entry.forecast])
        {
            let expected = money
                .map(|m| m.to_string())
                .unwrap_or_default()
                .replace('\u{a0}', " ");
            assert_eq!(cell, &expected, "story {}", entry.story);
        }
        let th = text(row.select(&sel("th")).next().unwrap());
        let story = b.site.story(&entry.story).unwrap();
        assert!(th.contains(&story.title), "{th}");
    }
    let caption = text(fig.select(&sel("details table caption")).next().unwrap());
    assert!(!caption.is_empty());
    assert!(fig.select(&sel("details table th[scope=col]")).count() == 4);
}

#[test]
fn a_story_page_draws_its_small_charts_once_and_a_report_for_both_widths() {
    let b = example();
    let publication = b.site.reports()[0].0;
    let page = b.page(&publication.url);
    let fig = figure(&page, "geld-per-story");
    let classes: Vec<&str> = fig
        .select(&sel("svg"))
        .map(|s| s.value().attr("class").unwrap())
        .collect();
    assert_eq!(
        classes,
        ["chart-image chart-wide", "chart-image chart-narrow"],
        "a report's chart re-lays out for narrow screens"
    );
    // A story in two reports has both small charts.
    let b = multilingual();
    let page = b.page(&story_in_reports(b, 2).url);
    for id in ["status-per-rapportage", "geld-per-rapportage"] {
        let svgs: Vec<ElementRef> = figure(&page, id).select(&sel("svg")).collect();
        assert_eq!(svgs.len(), 1, "{id} is drawn once");
        let svg = svgs[0].value();
        assert_eq!(svg.attr("class"), Some("chart-image chart-compact"));
        // The narrow layout: labels above the bars, legible on a phone.
        assert!(svg.attr("viewBox").unwrap().starts_with("0 0 280 "), "{id}");
        let labelled_by = svg.attr("aria-labelledby").unwrap();
        for part in labelled_by.split(' ') {
            assert!(
                svgs[0]
                    .select(&sel(&format!("[id=\"{part}\"]")))
                    .next()
                    .is_some(),
                "{part} missing"
            );
        }
    }
}

/// The site of two reports, in two languages.
fn multilingual() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_into_temp(&repo().join("tests/fixtures/meertalig")))
}

/// A story of `b` with entries in exactly `n` reports.
fn story_in_reports(b: &Built, n: usize) -> &koers::model::Story {
    b.site
        .stories
        .iter()
        .find(|s| b.site.history(&s.id).len() == n)
        .unwrap_or_else(|| panic!("no story in {n} reports"))
}

#[test]
fn a_story_pages_charts_link_to_its_history_table_instead_of_repeating_it() {
    let b = multilingual();
    let story = story_in_reports(b, 2);
    let page = b.page(&story.url);
    let table = page
        .select(&sel("table.history"))
        .next()
        .expect("a history table");
    let table_id = table.value().attr("id").expect("the history table's id");
    // The history table holds every figure the charts draw (amounts are
    // written with a no-break space after the euro sign).
    let cells = text(table).replace('\u{a0}', " ");
    for (publication, _, entry) in b.site.history(&story.id) {
        assert!(cells.contains(&publication.title), "{cells}");
        for m in [entry.planned, entry.spent, entry.forecast]
            .into_iter()
            .flatten()
        {
            let amount = m.to_string().replace('\u{a0}', " ");
            assert!(cells.contains(&amount), "{amount} missing: {cells}");
        }
    }
    for id in ["status-per-rapportage", "geld-per-rapportage"] {
        let fig = figure(&page, id);
        assert!(
            fig.select(&sel("table")).next().is_none(),
            "{id} repeats the history table's figures"
        );
        let link = fig
            .select(&sel("a[href^=\"#\"]"))
            .next()
            .unwrap_or_else(|| panic!("{id} does not link to the table"));
        assert_eq!(
            link.value().attr("href"),
            Some(format!("#{table_id}").as_str())
        );
        assert!(!text(link).is_empty());
        // The downloads stay: CSV and JSON of the chart's figures.
        let downloads: Vec<&str> = fig
            .select(&sel("a[download]"))
            .map(|a| a.value().attr("download").unwrap())
            .collect();
        assert_eq!(downloads, [format!("{id}.csv"), format!("{id}.json")]);
    }
}

#[test]
fn a_story_in_one_report_has_its_money_chart_and_no_status_timeline() {
    let b = multilingual();
    let page = b.page(&story_in_reports(b, 1).url);
    figure(&page, "geld-per-rapportage");
    assert!(
        page.select(&sel("figure[id=\"grafiek-status-per-rapportage\"]"))
            .next()
            .is_none(),
        "a timeline of one report"
    );
    // The one status is the badge and the history table's row.
    assert_eq!(page.select(&sel("table.history tbody tr")).count(), 1);
}

#[test]
fn every_status_level_has_a_text_label_in_the_chart() {
    let b = example();
    let (publication, report) = b.site.reports()[0];
    let page = b.page(&publication.url);
    let fig = figure(&page, "stories-per-status");
    for svg in fig.select(&sel("svg")) {
        assert_eq!(svg.value().attr("role"), Some("img"));
        let labelled_by = svg.value().attr("aria-labelledby").unwrap();
        for id in labelled_by.split(' ') {
            assert!(
                svg.select(&sel(&format!("[id=\"{id}\"]"))).next().is_some(),
                "{id} missing"
            );
        }
        let texts: Vec<String> = svg.select(&sel("text")).map(text).collect();
        for level in &b.site.config.stoplicht.levels {
            assert!(
                texts.contains(&level.label),
                "{} not in {texts:?}",
                level.label
            );
        }
        let desc = text(svg.select(&sel("desc")).next().unwrap());
        let green = report
            .entries
            .iter()
            .filter(|e| e.level.id == "groen")
            .count();
        assert!(desc.contains(&format!("{green} Volgens plan")), "{desc}");
    }
}

#[test]
fn pm_is_never_drawn_as_a_bar() {
    let b = groningen();
    let publication = &b.site.publications[0];
    let table = &publication.tables[0];
    let page = b.page(&publication.url);
    let svg = wide_svg(figure(&page, &format!("tabel-{}", table.id)));
    let mut numbers = 0;
    let mut pms = 0;
    for row in &table.rows {
        if let RowKind::Values(values) = &row.kind {
            for v in values.iter().filter_map(|c| c.money) {
                match v {
                    Money::Pm => pms += 1,
                    Money::Amount(c) if c > 0 => numbers += 1,
                    Money::Amount(_) => {}
                }
            }
        }
    }
    assert!(pms > 0);
    // A bar is a filled rect in a series fill: solid navy, hatched
    // (url(...)) or white under an outline; the legend has one per series.
    let filled = svg
        .select(&sel("rect[x]"))
        .filter(|r| {
            matches!(
                r.value().attr("fill"),
                Some("#154273" | "#FFFFFF" | "#ffffff")
            ) || r
                .value()
                .attr("fill")
                .is_some_and(|f| f.starts_with("url("))
        })
        .count();
    let bars = filled - table.columns.len();
    assert_eq!(
        bars, numbers,
        "one bar per known, non-zero amount; none for PM"
    );
    let pm_marks = svg
        .select(&sel("text"))
        .filter(|t| text(*t) == "PM")
        .count();
    assert_eq!(pm_marks, pms, "one PM mark per PM cell");
    // The table says PM where the content says PM.
    let cells: Vec<String> = figure(&page, &format!("tabel-{}", table.id))
        .select(&sel("details td"))
        .map(text)
        .collect();
    assert_eq!(cells.iter().filter(|c| *c == "PM").count(), pms);
}

#[test]
fn author_chart_blocks_render_from_inline_data_and_csv_files() {
    let g = groningen();
    let chapter = &g.site.publications[0]
        .chapters
        .iter()
        .find(|c| c.slug.contains("financien"))
        .unwrap()
        .url;
    let page = g.page(chapter);
    let fig = figure(&page, "incidentele-investeringen-per-programmalijn");
    assert_eq!(
        fig.select(&sel("svg text"))
            .filter(|t| text(*t) == "PM")
            .count(),
        2 * 4,
        "4 PM cells, in two svgs"
    );
    let href = fig
        .select(&sel(
            "a[download=\"incidentele-investeringen-per-programmalijn.csv\"]",
        ))
        .next()
        .expect("a CSV download")
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    let page_file = g
        .output
        .join(chapter.trim_start_matches('/'))
        .join("index.html");
    let csv = download(&page_file, &href);
    assert!(csv.starts_with("Fase,Programmalijn 1,Programmalijn 2,Programmalijn 3\nPrepareren,275000,500000,50000\n"), "{csv}");
    assert!(csv.contains("Vernieuwen,PM,PM,PM"));

    let e = example();
    let chapter = e
        .site
        .publications
        .iter()
        .flat_map(|p| &p.chapters)
        .find(|c| c.slug == "financien")
        .unwrap();
    let page = e.page(&chapter.url);
    let fig = figure(&page, "kosten-per-optie");
    let cells: Vec<String> = fig.select(&sel("details td")).map(text).collect();
    assert_eq!(cells[..2], ["€ 4.425.000", "€ 1.355.000"]);
}

#[test]
fn every_chart_has_a_downloadable_csv() {
    let b = example();
    let mut checked = 0;
    for file in b.html_files() {
        let doc = Html::parse_document(&read(&file));
        for a in doc.select(&sel("figure.chart details a[download]")) {
            let href = a.value().attr("href").unwrap();
            let csv = download(&file, href);
            assert!(csv.lines().count() >= 2, "{href} has a header and rows");
            checked += 1;
        }
    }
    assert!(
        checked >= 19 + 3,
        "report, stories, themes and scenarios have charts ({checked})"
    );
}

#[test]
fn two_builds_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&repo().join("content"), &a).unwrap();
    build(&repo().join("content"), &b).unwrap();
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between builds");
    }
}

#[test]
fn charts_render_with_their_text_on_a_machine_without_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("no-fonts");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(
        empty.join("fonts.conf"),
        "<?xml version=\"1.0\"?><fontconfig></fontconfig>",
    )
    .unwrap();
    let out = dir.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["build", "--quiet", "--content"])
        .arg(repo().join("content"))
        .arg("--output")
        .arg(&out)
        .env_clear()
        .env("FONTCONFIG_FILE", empty.join("fonts.conf"))
        .env("FONTCONFIG_PATH", &empty)
        .env("XDG_DATA_HOME", &empty)
        .env("HOME", &empty)
        .status()
        .unwrap();
    assert!(status.success());
    let page = read(&out.join("publicaties/mab-voortgangsrapportage-plateau-3/index.html"));
    let doc = Html::parse_document(&page);
    let svg = doc
        .select(&sel("figure[id=\"grafiek-geld-per-story\"] svg.chart-wide"))
        .next()
        .unwrap();
    assert!(svg.select(&sel("text")).count() > 40, "labels are text");
    assert!(svg.select(&sel("path[d]")).count() < 200);
    // Same bytes as a build with the machine's normal environment.
    let normal = dir.path().join("normal");
    build(&repo().join("content"), &normal).unwrap();
    assert_eq!(snapshot(&out), snapshot(&normal));
}

/// The example report with 15 more stories (34 in all, above the 30 that
/// its money chart shows one by one): Extra 14 is the largest, Extra 0 to
/// 3 the smallest; `more` gives each extra entry's further fields.
fn report_of_34_stories(more: impl Fn(usize) -> String) -> (Built, tempfile::TempDir) {
    let (dir, _) = common::rebuild::example();
    let content = dir.path().join("content");
    let report = content.join("publications/mab-voortgangsrapportage-plateau-3/index.md");
    let mut extra = String::new();
    for i in 0..15 {
        std::fs::write(
            content.join(format!("stories/extra-{i}.md")),
            format!(
                "---\ntitle: Extra {i}\nthemes: [mab-toekomstbestendige-ict]\nunit: k€\n---\nTekst.\n"
            ),
        )
        .unwrap();
        let planned = if i == 14 { 9000 } else { i + 1 };
        extra.push_str(&format!(
            "    - story: extra-{i}\n      status: groen\n      summary: Op koers.\n      planned: {planned}\n      spent: 1\n{}",
            more(i)
        ));
    }
    let source = read(&report).replacen("  entries:\n", &format!("  entries:\n{extra}"), 1);
    std::fs::write(&report, source).unwrap();
    (build_into_temp(&content), dir)
}

/// The rows of a chart's data table, each its header and cells.
fn chart_rows(fig: ElementRef) -> Vec<Vec<String>> {
    fig.select(&sel("details table tbody tr"))
        .map(|r| r.select(&sel("th, td")).map(text).collect())
        .collect()
}

#[test]
fn a_report_of_many_stories_charts_the_largest_and_the_rest_as_one_bar() {
    let (built, _dir) = report_of_34_stories(|_| String::new());
    let page = built.page("/publicaties/mab-voortgangsrapportage-plateau-3/");
    let fig = figure(&page, "geld-per-story");
    let rows = chart_rows(fig);
    assert_eq!(rows.len(), 31, "30 stories and one row for the rest");
    assert!(
        rows[0][0].contains("Extra 14"),
        "largest first: {:?}",
        rows[0]
    );
    let last = &rows[30];
    assert_eq!(last[0], "Overige 4 stories");
    // Extra 0-3 are the four smallest: planned 1+2+3+4 k€, spent 4 × 1 k€.
    assert_eq!(last[1], "€ 10.000");
    assert_eq!(last[2], "€ 4.000");
    // The wide drawing has a bar label per row.
    let svg = wide_svg(fig);
    assert!(svg
        .select(&sel("text"))
        .any(|t| text(t) == "Overige 4 stories"));
    let note = text(fig.select(&sel(".chart-note")).next().expect("a note"));
    assert!(note.contains("30") && note.contains("overige 4"), "{note}");
    // The report's own table still lists all 34 stories.
    let table_rows = page.select(&sel("table.report tbody tr")).count();
    assert_eq!(table_rows, 34, "the report's table lists every story");
}

#[test]
fn chart_colours_come_from_the_theme_and_a_site_may_change_them() {
    let dir = init_site();
    let project = dir.path().join("site");
    let default =
        std::fs::read_to_string(repo().join("themes/default/chart-colours.yaml")).unwrap();
    std::fs::write(
        project.join("chart-colours.yaml"),
        default.replace("#154273", "#123456"),
    )
    .unwrap();
    let output = dir.path().join("out");
    build(&project.join("content"), &output).unwrap();
    let pages: String = snapshot(&output)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(_, v)| String::from_utf8_lossy(&v).into_owned())
        .collect();
    assert!(pages.contains("#123456"), "the site's series colour");
    assert!(!pages.contains("#154273"), "not the theme's");
}

/// The status colours of themes/default/chart-colours.yaml.
const STATUS_COLOURS: [&str; 5] = ["#1e6b2d", "#a04b00", "#b3261e", "#1557a0", "#5c5c5c"];

#[test]
fn the_plateau_4_cost_chart_leaves_out_its_all_zero_columns_and_says_so() {
    let b = example();
    let plan = b
        .site
        .publications
        .iter()
        .find(|p| p.slug == "mab-programmaplan-plateau-4")
        .unwrap();
    let table = plan
        .tables
        .iter()
        .find(|t| t.id == "kosten-plateau-4")
        .unwrap();
    // The content: Investering voorstel and Exploitatie voorstel are 0 in
    // every row of the table.
    for (c, column) in [(1, "Investering voorstel"), (3, "Exploitatie voorstel")] {
        assert_eq!(table.columns[c], column);
        for row in &table.rows {
            if let RowKind::Values(v) = &row.kind {
                assert_eq!(v[c].money, Some(Money::Amount(0)), "{}", row.label);
            }
        }
    }
    let page = b.page(&plan.url);
    let fig = figure(&page, "tabel-kosten-plateau-4");
    let headers: Vec<String> = fig.select(&sel("details thead th")).map(text).collect();
    assert_eq!(
        headers[1..],
        [
            "Investering voorzien",
            "Exploitatie voorzien",
            "Eenmalig voorzien",
            "Eenmalig voorstel",
            "Rest P3"
        ]
    );
    for svg in fig.select(&sel("svg")) {
        let texts: Vec<String> = svg.select(&sel("text")).map(text).collect();
        assert!(texts.contains(&"Rest P3".to_string()), "{texts:?}");
        assert!(!texts
            .iter()
            .any(|t| t.ends_with("voorstel") && t != "Eenmalig voorstel"));
    }
    let desc = text(fig.select(&sel(".chart-desc")).next().unwrap()).replace('\u{a0}', " ");
    for said in [
        "Kosten plateau 4 per thema: per regel een staaf voor Investering voorzien, Exploitatie voorzien, Eenmalig voorzien, Eenmalig voorstel en Rest P3.",
        "Het grootste bedrag: 4A DSO, Exploitatie voorzien € 429.000.",
        "Totaal: Investering voorzien € 280.000, Exploitatie voorzien € 884.000, Eenmalig voorzien € 1.153.000, Eenmalig voorstel € 1.520.000, Rest P3 € 797.000.",
        "Investering voorstel en Exploitatie voorstel zijn overal € 0 en zijn weggelaten uit de grafiek.",
    ] {
        assert!(desc.contains(said), "{said} not in: {desc}");
    }
    // The subtotals per theme are parts of the total: not repeated.
    assert!(!desc.contains("totaal:"), "{desc}");
}

/// The fill of each series of a chart drawing, as its legend shows it: for
/// each series name, the swatch before the name's text (the fill of its
/// rect, a pattern resolved to its marks and colour, and the colour of its
/// outline).
fn legend_fills(svg: &str, names: &[String]) -> Vec<(String, String)> {
    let svg = svg.replace("&nbsp;", "\u{a0}");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let elements: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.is_element()).collect();
    let pattern = |id: &str| -> (String, String) {
        let p = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no pattern {id}"));
        let marks: Vec<roxmltree::Node> = p.children().filter(|n| n.is_element()).skip(1).collect();
        let colour = marks[0].attribute("fill").unwrap().to_lowercase();
        let shape: String = std::iter::once(p.attribute("patternTransform").unwrap_or(""))
            .chain(marks.iter().map(|m| m.tag_name().name()))
            .chain(
                marks
                    .iter()
                    .flat_map(|m| ["width", "height", "r"].map(|a| m.attribute(a).unwrap_or(""))),
            )
            .collect::<Vec<_>>()
            .join(" ");
        (shape, colour)
    };
    names
        .iter()
        .map(|name| {
            let at = elements
                .iter()
                .position(|n| n.has_tag_name("text") && n.text() == Some(name.as_str()))
                .unwrap_or_else(|| panic!("{name} is not in the legend"));
            let start = elements[..at]
                .iter()
                .rposition(|n| n.has_tag_name("text"))
                .map_or(0, |i| i + 1);
            let mut kind = Vec::new();
            let mut colour = String::new();
            for n in &elements[start..at] {
                if let Some(fill) = n.attribute("fill").filter(|_| n.has_tag_name("rect")) {
                    match fill.strip_prefix("url(#").and_then(|f| f.strip_suffix(')')) {
                        Some(id) => {
                            let (shape, c) = pattern(id);
                            kind.push(shape);
                            colour = c;
                        }
                        None if fill.eq_ignore_ascii_case("#ffffff") => kind.push("white".into()),
                        None => {
                            kind.push("solid".into());
                            colour = fill.to_lowercase();
                        }
                    }
                }
                if let Some(stroke) = n.attribute("stroke") {
                    kind.push("outline".into());
                    colour = stroke.to_lowercase();
                }
            }
            assert!(!colour.is_empty(), "{name} has no swatch");
            (kind.join(" + "), colour)
        })
        .collect()
}

#[test]
fn no_two_series_of_a_chart_share_colour_or_fill_and_none_has_a_status_colour() {
    let b = example();
    let mut charts = 0;
    for file in b.html_files() {
        let doc = Html::parse_document(&read(&file));
        for fig in doc.select(&sel("figure.chart")) {
            let headers: Vec<String> = fig.select(&sel("details thead th")).map(text).collect();
            let svg = fig
                .select(&sel("svg.chart-wide, svg.chart-compact"))
                .next()
                .unwrap();
            // A legend only for charts of more than one series.
            if headers.len() < 3 || headers.iter().any(|h| h.contains("fgeleid")) {
                continue;
            }
            charts += 1;
            let fills = legend_fills(&svg.html(), &headers[1..]);
            for (i, (kind, colour)) in fills.iter().enumerate() {
                let page = file.display();
                assert!(
                    !STATUS_COLOURS.contains(&colour.as_str()),
                    "{page}: {} has status colour {colour}",
                    headers[i + 1]
                );
                for (other_kind, other_colour) in &fills[..i] {
                    assert_ne!(kind, other_kind, "{page}: {} shares a fill", headers[i + 1]);
                    assert_ne!(colour, other_colour, "{page}: {}", headers[i + 1]);
                }
            }
        }
    }
    assert!(charts >= 10, "{charts} charts of several series");
    // The theme's file: eight series colours, none a status colour.
    let file = read(&repo().join("themes/default/chart-colours.yaml"));
    let series: Vec<&str> = file
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert_eq!(
        series,
        ["#154273", "#00737a", "#a90061", "#777c00", "#42145f", "#007bc7", "#94710a", "#673327"]
    );
    for status in STATUS_COLOURS {
        assert!(file.contains(&format!(": \"{status}\"")), "{status}");
        assert!(!series.contains(&status));
    }
}

#[test]
fn chart_text_is_as_large_as_body_text_at_the_smallest_width_it_is_shown_at() {
    // From koers.css: body text is 1.0625rem (17 px); the narrow drawing is
    // shown below 36rem, the wide one from there on, in a column of the
    // viewport less 1rem padding either side (and, on a desktop, 15 px for
    // a scroll bar); the narrowest screen is 320 px.
    let css = read(&repo().join("themes/default/static/koers.css"));
    assert!(css.contains("font-size: 1.0625rem"));
    assert!(
        css.contains("@media (max-width: 36rem) {\n  .chart-wide { display: none !important; }")
    );
    assert!(css.contains(".wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }"));
    let (body, narrowest_wide, narrowest) = (17.0, 36.0 * 16.0 + 1.0 - 32.0 - 15.0, 320.0 - 32.0);
    let b = example();
    let mut texts = 0;
    for file in b.html_files() {
        let doc = Html::parse_document(&read(&file));
        for svg in doc.select(&sel("svg.chart-image")) {
            let v = svg.value();
            let width: f64 = v
                .attr("viewBox")
                .unwrap()
                .split(' ')
                .nth(2)
                .unwrap()
                .parse()
                .unwrap();
            let shown = if v.attr("class").unwrap().contains("chart-wide") {
                narrowest_wide
            } else {
                narrowest
            };
            let root: f64 = v.attr("font-size").unwrap().parse().unwrap();
            for t in svg.select(&sel("text")) {
                let px = t
                    .value()
                    .attr("font-size")
                    .map_or(root, |p| p.parse().unwrap());
                assert!(
                    px * shown / width >= body,
                    "{}: \"{}\" is {:.1} px at {shown} px",
                    file.display(),
                    text(t),
                    px * shown / width
                );
                texts += 1;
            }
        }
    }
    assert!(texts > 1000, "{texts} texts");
}

/// The chart of the scenarios' costs draws every row of every scenario:
/// a row only a later scenario has is a bar of its own, and each
/// scenario's total in the description is its own table's total.
#[test]
fn a_cost_row_of_one_scenario_only_is_drawn_and_counted() {
    let (_dir, content) = edited_copy(&repo().join("content"), "scenarios/voorop.md", |text| {
        text.replace(
            "    - {label: Totaal, sum: all, values: [8420, 2420]}",
            "    - {label: Extra, values: [200, 0]}\n    - {label: Totaal, sum: all, values: [8620, 2420]}",
        )
    });
    let built = build_into_temp(&content);
    let page = built.page("/scenarios/");
    let fig = figure(&page, "kosten-eenmalig-4-jaar");
    let desc = text(
        fig.select(&sel("svg.chart-wide desc"))
            .next()
            .expect("the chart's description"),
    );
    // Voorop's total is that of its table: € 8.420.000 + € 200.000.
    assert!(
        desc.contains("Niets (extra) € 135.000 + PM, Volgend € 4.425.000, Voorop € 8.620.000."),
        "{desc}"
    );
    let rows: Vec<String> = fig.select(&sel("table tbody th")).map(text).collect();
    assert_eq!(
        rows,
        [
            "Data",
            "Dienstverlening",
            "Informatiebeheer",
            "Bedrijfsvoering",
            "Innovatie",
            "Mens",
            "Extra"
        ]
    );
}

/// A theme amount that is partly PM ("€ 205.000 + PM": one of its stories'
/// budgets is not known) is drawn as its known part followed by "+ PM",
/// and its chart's data table says PM beside the known part.
#[test]
fn a_theme_amount_partly_pm_says_so_in_its_chart() {
    let (_dir, content) = edited_copy(&repo().join("content"), "stories/e-facturen.md", |text| {
        text.replace("budget: 35\n", "budget: PM\n")
    });
    let built = build_into_temp(&content);
    let page = built.page("/themas/");
    let fig = figure(
        &page,
        "bedragen-mab-programmaplan-plateau-3-per-periode-plateau-3",
    );
    let marks: Vec<String> = wide_svg(fig).select(&sel("text")).map(text).collect();
    assert!(
        marks.iter().any(|m| m == "+ PM"),
        "the bar of the partly known amount ends in + PM: {marks:?}"
    );
    let row = fig
        .select(&sel("table tbody tr"))
        .find(|r| text(*r).contains("Digitaal in verbinding"))
        .expect("the theme's row in the chart's table");
    let cells: Vec<String> = row.select(&sel("td")).map(text).collect();
    assert_eq!(cells.len(), 2, "{cells:?}");
    assert!(cells[1].contains("PM"), "{cells:?}");
}

/// The bar of the other stories adds up their known amounts; when some of
/// them are PM its label says so, in the drawing and the chart's table.
#[test]
fn the_rest_bar_of_a_report_says_how_many_amounts_are_pm() {
    // Extra 0 and 1 (among the four smallest) forecast PM, the others
    // their planned amount.
    let (built, _dir) = report_of_34_stories(|i| match i {
        0 | 1 => "      forecast: PM\n".to_string(),
        _ => format!("      forecast: {}\n", i + 1),
    });
    let page = built.page("/publicaties/mab-voortgangsrapportage-plateau-3/");
    let fig = figure(&page, "geld-per-story");
    let rows = chart_rows(fig);
    let last = &rows[30];
    assert_eq!(last[0], "Overige 4 stories (bekende bedragen; 2 keer PM)");
    // Forecast of Extra 2 and 3: 3 + 4 k€.
    assert_eq!(last[3], "€ 7.000");
}
