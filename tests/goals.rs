//! Goals and principles as typed, linkable objects, and progress on goals
//! across reports. The expected values are written down here from the
//! fixtures' own text (tests/fixtures/doelen is fictional; the Groningen
//! values come from the strategy, see shared/research).

mod common;

use common::site::*;
use common::*;
use std::fs;

fn doelen() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| build_into_temp(&repo().join("tests/fixtures/doelen")))
}

/// The texts of the elements `selector` selects on the page at `url`.
fn texts(b: &Built, url: &str, selector: &str) -> Vec<String> {
    b.page(url).select(&sel(selector)).map(tidy_text).collect()
}

/// An element's text as a reader sees it: no space before punctuation
/// where an inline element ends.
fn tidy_text(el: scraper::ElementRef) -> String {
    text(el)
        .replace(" :", ":")
        .replace(" )", ")")
        .replace(" ,", ",")
}

#[test]
fn every_goal_has_a_page_with_its_code_and_owner() {
    let b = doelen();
    for (url, code, title, owner) in [
        (
            "/doelen/d-1-1/",
            "D-1.1",
            "Versneld woningen bouwen",
            "Perspectief wonen",
        ),
        (
            "/doelen/d-1-2/",
            "D-1.2",
            "Minder leegstand",
            "Perspectief wonen",
        ),
        (
            "/doelen/d-2-1/",
            "D-2.1",
            "Alle inwoners digitaal bereikbaar",
            "Omgevingsvisie Testprovincie",
        ),
    ] {
        assert_eq!(texts(b, url, "h1"), [title]);
        assert_eq!(
            texts(b, url, "p.kicker"),
            [format!("Doel {code} · {owner}")]
        );
    }
    let overview = texts(b, "/doelen/", "ul.goals li a");
    assert_eq!(
        overview,
        [
            "D-1.1 Versneld woningen bouwen",
            "D-1.2 Minder leegstand",
            "D-2.1 Alle inwoners digitaal bereikbaar",
            "D-3 Klimaatbestendig inrichten",
        ]
    );
    // A goal in a file of its own stands alone, with a text of its own.
    let alone = "/doelen/klimaatbestendig/";
    assert_eq!(texts(b, alone, "p.kicker"), ["Doel D-3"]);
    assert_eq!(
        texts(b, alone, "div.prose p"),
        ["Dit doel staat op zichzelf: het hoort bij geen perspectief. De provincie werkt het uit met de waterschappen."]
    );
    assert_links_resolve(b);
}

#[test]
fn owners_list_their_principles_and_goals_with_deep_links() {
    let b = doelen();
    let theme = b.page("/themas/wonen/");
    let principles: Vec<(String, String)> = theme
        .select(&sel("ol.principles li"))
        .map(|li| (li.value().attr("id").unwrap().to_string(), text(li)))
        .collect();
    assert_eq!(
        principles,
        [
            (
                "uitgangspunt-eerst-binnenstedelijk".to_string(),
                "P1. Eerst bouwen binnen bestaand stedelijk gebied Nieuwe woningen komen eerst op plekken die al bebouwd zijn."
                    .to_string()
            ),
            (
                "uitgangspunt-betaalbaar".to_string(),
                "P2. Betaalbaar wonen voor iedereen".to_string()
            ),
        ]
    );
    let links: Vec<String> = theme
        .select(&sel("ul.goals li a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["/doelen/d-1-1/", "/doelen/d-1-2/"]);
    // The publication lists its theme, its own principle, and the goals of
    // it and of its theme.
    let p = "/publicaties/omgevingsvisie/";
    assert_eq!(
        texts(b, p, "section[aria-labelledby=themas] li"),
        ["Perspectief wonen"]
    );
    assert_eq!(
        texts(b, p, "ol.principles li"),
        ["1. We werken samen met gemeenten"]
    );
    assert_eq!(
        texts(b, p, "ul.goals li a"),
        [
            "D-2.1 Alle inwoners digitaal bereikbaar",
            "D-1.1 Versneld woningen bouwen",
            "D-1.2 Minder leegstand"
        ]
    );
}

#[test]
fn a_story_and_the_goal_it_serves_link_both_ways() {
    let b = doelen();
    assert_eq!(
        texts(
            b,
            "/stories/woningbouwversnelling/",
            "section[aria-labelledby=doelen] li"
        ),
        ["D-1.1 Versneld woningen bouwen"]
    );
    assert_eq!(
        texts(b, "/doelen/d-1-1/", "section[aria-labelledby=stories] li"),
        ["Woningbouwversnelling"]
    );
}

#[test]
fn a_goal_page_shows_its_status_history_and_what_changed() {
    let b = doelen();
    let rows = texts(
        b,
        "/doelen/d-1-1/",
        "section#voortgang tbody tr, section[aria-labelledby=voortgang] tbody tr",
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("Voortgang 2025 31 maart 2025 Aandacht nodig"));
    assert!(rows[0]
        .contains("Opgeleverde woningen per jaar: 1200 woningen (gemeten op 31 december 2024)"));
    assert!(rows[1].starts_with("Voortgang 2026 31 maart 2026 Op koers"));
    assert!(rows[1].contains("1850 woningen (gemeten op 31 december 2025)"));
    assert_eq!(
        texts(b, "/doelen/d-1-1/", "p.changes"),
        ["Sinds de vorige rapportage: van Aandacht nodig naar Op koers"]
    );
    // A derived level says so.
    let changes = texts(b, "/doelen/d-2-1/", "p.changes");
    assert_eq!(
        changes,
        ["Sinds de vorige rapportage: van Op koers naar Niet op koers (afgeleid)"]
    );
    // One report: no change to tell.
    assert!(texts(b, "/doelen/d-1-2/", "p.changes").is_empty());
}

#[test]
fn a_report_shows_its_goals_and_which_moved() {
    let b = doelen();
    let r = "/publicaties/voortgang-2026/";
    let goals = texts(b, r, "section[aria-labelledby=doelen-voortgang] article h3");
    assert_eq!(
        goals,
        [
            "D-1.1 Versneld woningen bouwen",
            "D-2.1 Alle inwoners digitaal bereikbaar"
        ]
    );
    let page = b.page(r);
    let entry_text: String = page
        .select(&sel("section[aria-labelledby=doelen-voortgang] article em"))
        .map(text)
        .collect();
    assert_eq!(entry_text, "woningbouwversnelling");
    let changes = page
        .select(&sel("section.changes"))
        .map(tidy_text)
        .next()
        .expect("what changed");
    assert!(changes.contains("Doelen met een betere status Versneld woningen bouwen: van Aandacht nodig naar Op koers"), "{changes}");
    assert!(changes.contains("Doelen met een slechtere status Alle inwoners digitaal bereikbaar: van Op koers naar Niet op koers (afgeleid)"), "{changes}");
}

#[test]
fn goals_and_principles_are_in_the_search_index() {
    let b = doelen();
    let index = read(&b.output.join("search-index/pages/0.json"));
    for title in [
        "D-1.1 Versneld woningen bouwen",
        "D-2.1 Alle inwoners digitaal bereikbaar",
        "P1. Eerst bouwen binnen bestaand stedelijk gebied",
        "1. We werken samen met gemeenten",
    ] {
        assert!(index.contains(title), "{title} is not in the search index");
    }
    assert!(index.contains("/themas/wonen/#uitgangspunt-betaalbaar"));
}

#[test]
fn bad_goal_references_are_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("tests/fixtures/doelen"), &content);
    let story = content.join("stories/woningbouwversnelling.md");
    let text = fs::read_to_string(&story).unwrap();
    fs::write(&story, text.replace("goals: [d-1-1]", "goals: [d-1-9]")).unwrap();
    let theme = content.join("themes/wonen.md");
    let text = fs::read_to_string(&theme).unwrap();
    let text = text.replace("  - id: d-1-2", "  - id: D 1.2").replace(
        "    description: Elk jaar meer woningen opleveren dan het jaar ervoor.\n",
        "    description: Elk jaar meer woningen opleveren dan het jaar ervoor.\n    activities:\n      - phase: bouwfase\n        text: Bouwen.\n",
    );
    fs::write(&theme, &text).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let errs = errors(build(&content, &dir.path().join("out")));
    let unknown = errs
        .iter()
        .find(|d| d.message.contains("unknown goal `d-1-9`"))
        .expect("an unknown goal is an error");
    assert!(unknown.file.ends_with("stories/woningbouwversnelling.md"));
    assert_eq!(unknown.position.line, 4);
    assert!(unknown.help.as_deref().unwrap_or("").contains("d-1-1"));
    let slug = errs
        .iter()
        .find(|d| d.message.contains("goal id `D 1.2` is not a slug"))
        .expect("a goal id must be a slug");
    assert_eq!(slug.position.line, line_of("D 1.2"));
    let phase = errs
        .iter()
        .find(|d| d.message.contains("unknown phase `bouwfase`"))
        .expect("an activity names a phase of site.yaml");
    assert_eq!(phase.position.line, line_of("bouwfase"));
    assert!(phase.help.as_deref().unwrap_or("").contains("no `phases`"));
}

#[test]
fn groningen_carries_its_thirteen_goals_five_principles_and_seventeen_footnotes() {
    let b = build_into_temp(&repo().join("tests/fixtures/groningen"));
    // Goals per programme line, as the strategy lists them (§2.11 of the
    // research notes): 6, 4 and 3.
    for (theme, goals) in [
        ("/themas/maatschappelijke-waarde/", 6),
        ("/themas/digitaal-fundament/", 4),
        ("/themas/digitale-vaardigheden/", 3),
    ] {
        assert_eq!(texts(&b, theme, "ul.goals li a").len(), goals, "{theme}");
    }
    assert_eq!(texts(&b, "/doelen/", "ul.goals li").len(), 13);
    assert_eq!(
        texts(&b, "/doelen/voorzieningen/", "h1"),
        ["Adequate voorzieningen"]
    );
    let principles = texts(
        &b,
        "/publicaties/digitaliseringsstrategie/",
        "ol.principles li strong",
    );
    assert_eq!(
        principles,
        [
            "1. We zetten digitalisering in om maatschappelijke waarde te creëren",
            "2. We zijn en blijven scherp op belangrijke randvoorwaarden",
            "3. We verkleinen de afstand tussen data en beleid",
            "4. We denken en handelen vanuit onze rol als middenbestuur",
            "5. Op gebied van digitalisering zoeken we samenwerking met anderen",
        ]
    );
    // The activities matrix: 13 goals by phases 1-3, 39 cells (§2.12).
    let mut cells = 0;
    for theme in [
        "/themas/maatschappelijke-waarde/",
        "/themas/digitaal-fundament/",
        "/themas/digitale-vaardigheden/",
    ] {
        assert_eq!(
            texts(&b, theme, "table.activities thead th"),
            ["Doel", "Optimaliseren", "Vernieuwen", "Transformeren"]
        );
        cells += texts(&b, theme, "table.activities tbody td")
            .iter()
            .filter(|c| !c.is_empty())
            .count();
    }
    assert_eq!(cells, 39);
    assert_eq!(
        texts(&b, "/doelen/voorzieningen/", "dl.activities dt"),
        ["Optimaliseren", "Vernieuwen", "Transformeren"]
    );
    assert_eq!(assert_footnotes_link_both_ways(&b), 17);
    assert_links_resolve(&b);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_publication_names_its_signatories_horizon_and_relations_both_ways() {
    let b = doelen();
    let p = "/publicaties/omgevingsvisie/";
    assert_eq!(
        texts(b, p, "section.signatories li"),
        [
            "A. de Vries, gedeputeerde Wonen namens Gedeputeerde Staten van Testprovincie",
            "B. Bakker, gedeputeerde Digitalisering namens Gedeputeerde Staten van Testprovincie",
        ]
    );
    let facts: Vec<String> = texts(b, p, "details.metadata dl > div");
    for fact in [
        "Tijdshorizon 2030",
        "Rapportagefrequentie jaarlijks",
        "Vervangt Omgevingsvisie 2018",
        "Uitgevoerd in Uitvoeringsprogramma wonen",
        // Newest first, as publications are listed everywhere.
        "Rapportages hierover Voortgang 2026, Voortgang 2025",
    ] {
        assert!(facts.iter().any(|f| f == fact), "{fact} not in {facts:?}");
    }
    // The other side of each relation.
    let old = texts(
        b,
        "/publicaties/omgevingsvisie-2018/",
        "details.metadata dl > div",
    );
    assert!(
        old.iter()
            .any(|f| f == "Vervangen door Omgevingsvisie Testprovincie"),
        "{old:?}"
    );
    let programme = texts(
        b,
        "/publicaties/uitvoeringsprogramma/",
        "details.metadata dl > div",
    );
    assert!(
        programme
            .iter()
            .any(|f| f == "Voert uit Omgevingsvisie Testprovincie"),
        "{programme:?}"
    );
}

/// "Since the previous report" holds only when the report before is the
/// previous report: a report in between that does not list the goal
/// leaves nothing to compare, as the report's own "what changed" does not.
#[test]
fn a_goal_change_is_told_against_the_previous_report_only() {
    let fixture = repo().join("tests/fixtures/doelen");
    let (_dir, content) = edited_copy(&fixture, "publications/voortgang-2026/index.md", |t| t);
    let between = content.join("publications/voortgang-2025-najaar");
    std::fs::create_dir_all(&between).unwrap();
    std::fs::write(
        between.join("index.md"),
        "---\ntitle: Voortgang najaar 2025\ntype: voortgangsrapportage\nwoo_category: 2g\nreports_on: omgevingsvisie\ndates:\n  published: 2025-10-01\nprogress:\n  date: 2025-09-30\n  goals:\n    - goal: d-2-1\n      status: rood\n      summary: De aanleg ligt stil.\n---\nEen tussentijdse rapportage.\n",
    )
    .unwrap();
    let b = build_into_temp(&content);
    // d-1-1 was last reported in the spring of 2025, not in the report
    // right before 2026: no change is told.
    assert!(texts(&b, "/doelen/d-1-1/", "p.changes").is_empty());
    // d-2-1 is in the report right before, at the same level: no change.
    assert!(texts(&b, "/doelen/d-2-1/", "p.changes").is_empty());
}

/// A report on another plan in between is no "previous report": the goal
/// page and the report's own "what changed" compare with the report
/// before on the same plan.
#[test]
fn the_previous_report_is_the_one_before_on_the_same_plan() {
    let fixture = repo().join("tests/fixtures/doelen");
    let (_dir, content) = edited_copy(&fixture, "publications/voortgang-2026/index.md", |t| t);
    let other = content.join("publications/voortgang-uitvoering-2025");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("index.md"),
        "---\ntitle: Voortgang uitvoering 2025\ntype: voortgangsrapportage\nwoo_category: 2g\nreports_on: uitvoeringsprogramma\ndates:\n  published: 2025-10-01\nprogress:\n  date: 2025-09-30\n  goals:\n    - goal: d-2-1\n      status: oranje\n      summary: Vertraging in de aanleg.\n---\nEen rapportage over het uitvoeringsprogramma.\n",
    )
    .unwrap();
    let b = build_into_temp(&content);
    assert_eq!(
        texts(&b, "/doelen/d-1-1/", "p.changes"),
        ["Sinds de vorige rapportage: van Aandacht nodig naar Op koers"]
    );
    let page = b.page("/publicaties/voortgang-2026/");
    let changes: String = page
        .select(&sel("section.changes"))
        .map(tidy_text)
        .collect();
    assert!(
        changes.contains("Versneld woningen bouwen: van Aandacht nodig naar Op koers"),
        "{changes}"
    );
}
