//! A theme's amounts say what they are (issue 22): one-off, per year or per
//! period, from which plan, stated or added up from the theme's stories;
//! charts compare like with like; the strategy's topics and references to
//! coalition goals. Expected figures are typed from the sources (the
//! Informatiestrategie's table "€x1000 Informatiestrategie 2021-2024", the
//! plateau 3 budgets of the stories, the plateau 4 plan's costs per theme),
//! never read from the content or computed by koers.

mod common;

use common::site::*;
use common::*;
use koers::error::Diagnostic;
use scraper::{ElementRef, Html};
use std::fs;
use std::sync::OnceLock;

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_into_temp(&repo().join("content")))
}

/// Text with non-breaking spaces as spaces and runs of white space as one.
fn plain(el: ElementRef) -> String {
    text(el)
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart figure with this title on `page`.
fn chart<'a>(page: &'a Html, title: &str) -> ElementRef<'a> {
    page.select(&sel("figure.chart"))
        .find(|f| {
            f.select(&sel("figcaption"))
                .next()
                .is_some_and(|c| plain(c) == title)
        })
        .unwrap_or_else(|| panic!("no chart \"{title}\" on the page"))
}

/// A chart's data table: (theme, amount in euros) per row.
fn chart_rows(fig: ElementRef) -> Vec<(String, i64)> {
    fig.select(&sel("details table tbody tr"))
        .map(|row| {
            let th = plain(row.select(&sel("th")).next().unwrap());
            let td = plain(row.select(&sel("td")).next().unwrap());
            let euros = td
                .trim_start_matches("€ ")
                .replace('.', "")
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("{td} is not a whole amount"));
            (th, euros)
        })
        .collect()
}

/// The amounts section of a theme page: (term, description) per entry.
fn amounts(id: &str) -> Vec<(String, String)> {
    let page = built().page(&format!("/themas/{id}/"));
    let section = page
        .select(&sel("section[aria-labelledby=\"thema-bedragen\"]"))
        .next()
        .unwrap_or_else(|| panic!("theme {id} shows no amounts"));
    section
        .select(&sel("dl > div"))
        .map(|d| {
            (
                plain(d.select(&sel("dt")).next().unwrap()),
                plain(d.select(&sel("dd")).next().unwrap()),
            )
        })
        .collect()
}

#[test]
fn the_one_off_costs_of_the_strategy_are_charted_on_their_own_and_add_up_to_3775k() {
    let page = built().page("/themas/");
    let fig = chart(&page, "Eenmalige bedragen per thema (2021-2024)");
    // Table "€x1000 Informatiestrategie 2021-2024", column Eenmalig (4 jaar).
    let expected = [
        ("Slimme inzet van data", 1_400_000),
        ("Betere dienstverlening", 555_000),
        ("Slimmere en efficiëntere bedrijfsvoering", 920_000),
        ("Vindingrijk innoveren", 400_000),
        ("Medewerkers en burgers aangesloten", 500_000),
    ];
    let rows = chart_rows(fig);
    assert_eq!(
        rows,
        expected.map(|(t, v)| (t.to_string(), v)),
        "the five themes with a one-off amount, in their order; the eDocs credit is not one of them"
    );
    assert_eq!(rows.iter().map(|(_, v)| v).sum::<i64>(), 3_775_000);
    let desc = plain(fig.select(&sel(".chart-desc")).next().unwrap());
    assert!(desc.contains("Totaal € 3.775.000"), "{desc}");
    assert!(desc.contains("Informatiestrategie 2021-2024"), "{desc}");
    let note = plain(fig.select(&sel(".chart-note")).next().unwrap());
    assert_eq!(note, "Bron: Informatiestrategie 2021-2024.");

    // Column Structureel (jaarlijks): 515 + 350 + 255 + 0 + 0.
    let yearly = chart_rows(chart(&page, "Bedragen per jaar per thema"));
    assert_eq!(
        yearly.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        [515_000, 350_000, 255_000, 0, 0]
    );
    assert_eq!(yearly.iter().map(|(_, v)| v).sum::<i64>(), 1_120_000);

    // No chart or column mixes kinds of amounts under "Budget".
    let all = plain(page.root_element());
    assert!(
        !all.contains("Budget per thema"),
        "the old budget chart is gone"
    );
    let headers: Vec<String> = page
        .select(&sel("table.themes thead th"))
        .map(plain)
        .collect();
    assert!(!headers.contains(&"Budget".to_string()), "{headers:?}");
    assert!(headers.contains(&"Bedragen".to_string()), "{headers:?}");
    for fig in page.select(&sel("figure.chart")) {
        let title = plain(fig.select(&sel("figcaption")).next().unwrap());
        if title.starts_with("Eenmalige") {
            continue;
        }
        let bedrijfsvoering = (
            "Slimmere en efficiëntere bedrijfsvoering".to_string(),
            920_000,
        );
        assert!(
            !chart_rows_if_money(fig).contains(&bedrijfsvoering),
            "€ 920.000 is charted as a one-off amount only, not in \"{title}\""
        );
    }
}

/// The rows of a chart whose table holds euro amounts (not the ambition
/// or phase charts).
fn chart_rows_if_money(fig: ElementRef) -> Vec<(String, i64)> {
    let euro = fig
        .select(&sel("details table tbody td"))
        .next()
        .is_some_and(|td| plain(td).starts_with("€"));
    if euro {
        chart_rows(fig)
    } else {
        Vec::new()
    }
}

#[test]
fn bedrijfsvoering_shows_its_one_off_yearly_and_credit_amounts_with_what_they_are() {
    let shown = amounts("bedrijfsvoering");
    let source = "Bron: Informatiestrategie 2021-2024";
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert_eq!(shown[0].0, "Eenmalig (2021-2024)");
    assert!(shown[0].1.starts_with("€ 920.000"), "{shown:?}");
    assert!(shown[0].1.contains(source));
    assert_eq!(shown[1].0, "Per jaar");
    assert!(shown[1].1.starts_with("€ 255.000"), "{shown:?}");
    assert!(shown[1].1.contains(source));
    assert_eq!(shown[2].0, "Krediet upgrade eDocs (DM16)");
    assert!(shown[2].1.starts_with("€ 500.000 Eenmalig"), "{shown:?}");
    assert!(shown[2].1.contains(source));
    // Informatiebeheer: the ambition is not decided, the theme states no amount.
    let page = built().page("/themas/informatiebeheer/");
    assert!(page
        .select(&sel("section[aria-labelledby=\"thema-bedragen\"]"))
        .next()
        .is_none());
}

#[test]
fn the_programme_themes_add_up_the_plateau_3_budgets_of_their_stories() {
    // By hand from the stories' `budget` (k€, plateau 3 plan), each story
    // counted under its first theme only:
    // kennis: 0 (250); basis op orde: 10 (100) + 13 (0) + 14 (245);
    // digitaal in verbinding: 1 (125) + 2 (145) + 3 (35) + 4 (50) + 16 (200);
    // ruimte: 5 (20) + 6 (120) + 7 (15) + 8 (100);
    // toekomstbestendige ICT: 9 (475) + 11 (50) + 12 (90) + 15 (45) + 17 (100) + 18 (150).
    let expected = [
        ("mab-kennis", "Extra kennis/expertise", 250_000, 1),
        ("mab-basis-op-orde", "Basis op orde", 345_000, 3),
        (
            "mab-digitaal-in-verbinding",
            "Digitaal in verbinding",
            555_000,
            5,
        ),
        ("mab-ruimte", "Ruimte: eenvoudig en beter", 255_000, 4),
        (
            "mab-toekomstbestendige-ict",
            "Toekomstbestendige ICT",
            910_000,
            6,
        ),
    ];
    for (id, _, euros, stories) in expected {
        let shown = amounts(id);
        let (term, text) = &shown[0];
        assert_eq!(term, "Plateau 3");
        let amount = format!("€ {}", group(euros));
        assert!(text.starts_with(&amount), "{id}: {text}");
        assert!(text.contains("Bron: Programmaplan MAB plateau 3"), "{text}");
        assert!(
            text.contains("Opgeteld uit de budgetten van de stories"),
            "{text}"
        );
        let page = built().page(&format!("/themas/{id}/"));
        let listed = page
            .select(&sel(
                "section[aria-labelledby=\"thema-bedragen\"] dd a[href^=\"/stories/\"]",
            ))
            .count();
        assert_eq!(listed, stories, "{id} lists the stories it adds up");
    }
    // Story 14 has two themes and counts to its first only.
    let basis = built().page("/themas/mab-basis-op-orde/");
    let ict = built().page("/themas/mab-toekomstbestendige-ict/");
    let links = |p: &Html| -> Vec<String> {
        p.select(&sel("section[aria-labelledby=\"thema-bedragen\"] dd a"))
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect()
    };
    assert!(links(&basis).contains(&"/stories/informatiebeheer-en-archief/".to_string()));
    assert!(!links(&ict).contains(&"/stories/informatiebeheer-en-archief/".to_string()));
    assert!(links(&ict).contains(&"/stories/ict-beheersbaar-en-flexibel/".to_string()));
    assert!(!links(&basis).contains(&"/stories/ict-beheersbaar-en-flexibel/".to_string()));

    // Together the 19 stories: € 2.315k, as the plateau 3 plan's page says.
    let page = built().page("/themas/");
    let rows = chart_rows(chart(&page, "Bedragen per thema, plateau 3"));
    assert_eq!(
        rows,
        expected.map(|(_, title, euros, _)| (title.to_string(), euros))
    );
    assert_eq!(rows.iter().map(|(_, v)| v).sum::<i64>(), 2_315_000);
}

#[test]
fn the_programme_themes_state_the_plateau_4_table_per_theme() {
    // Table "Kosten plateau 4 per thema" (k€): Eenmalig voorstel, Rest P3.
    for (id, new, rest) in [
        ("mab-kennis", 115_000, 0),
        ("mab-basis-op-orde", 315_000, 100_000),
        ("mab-digitaal-in-verbinding", 400_000, 75_000),
        ("mab-ruimte", 200_000, 150_000),
        ("mab-toekomstbestendige-ict", 490_000, 472_000),
    ] {
        let shown = amounts(id);
        let find = |term: &str| {
            shown
                .iter()
                .find(|(t, _)| t == term)
                .unwrap_or_else(|| panic!("{id} has no {term}"))
                .1
                .clone()
        };
        let proposal = find("Eenmalig voorstel");
        assert!(
            proposal.starts_with(&format!("€ {} Plateau 4", group(new))),
            "{id}: {proposal}"
        );
        assert!(proposal.contains("Bron: Programmaplan MAB plateau 4"));
        let carried = find("Rest plateau 3");
        assert!(
            carried.starts_with(&format!("€ {} Plateau 4", group(rest))),
            "{id}: {carried}"
        );
    }
}

#[test]
fn the_data_theme_shows_its_topics_and_coalition_goals() {
    let page = built().page("/themas/data/");
    let topics: Vec<String> = page
        .select(&sel("section[aria-labelledby=\"thema-onderwerpen\"] li"))
        .map(plain)
        .collect();
    assert_eq!(
        topics,
        [
            "Data-knooppunt (hub)",
            "Data (Analyse) Platform",
            "Geo data platform",
            "Informatiehuizen",
            "Open data platform",
            "Common Ground"
        ]
    );
    let section = page
        .select(&sel("section[aria-labelledby=\"thema-coalitiedoelen\"]"))
        .next()
        .expect("the data theme lists its coalition goals");
    assert_eq!(
        plain(section.select(&sel("h2")).next().unwrap()),
        "Doelen uit het coalitieakkoord"
    );
    let groups: Vec<String> = section.select(&sel("h3")).map(plain).collect();
    assert_eq!(groups, ["Slim inzetten van data", "Open data"]);
    let items: Vec<String> = section.select(&sel("li")).map(plain).collect();
    assert_eq!(
        items,
        [
            "Wonen: nr. 6",
            "Water: nr. 14, 19",
            "Landbouw: nr. 28, 30",
            "Natuur: nr. 37",
            "Gebiedsontwikkeling: nr. 53",
            "Human capital: nr. 78",
            "Human capital: nr. 81",
            "Energie: nr. 85-102",
            "Wonen: nr. 6",
            "Water: nr. 14",
            "Landschap: nr. 62",
            "Recreatie: nr. 69",
            "Energie: nr. 94, 101",
        ]
    );
    let note = plain(section.select(&sel("p.note")).next().unwrap());
    assert_eq!(
        note,
        "De nummers verwijzen naar het document Ambtelijk overzicht stand van zaken Coalitieakkoord (registratienummer 2560077)."
    );
    // Dienstverlening names a goal by its place, without a number: no
    // document of numbers is cited for it.
    let page = built().page("/themas/dienstverlening/");
    let section = page
        .select(&sel("section[aria-labelledby=\"thema-coalitiedoelen\"]"))
        .next()
        .unwrap();
    let item = plain(section.select(&sel("li")).next().unwrap());
    assert!(
        item.starts_with("Ruimte Ontwikkeling: de 4e doelstelling"),
        "{item}"
    );
    assert!(section.select(&sel("p.note")).next().is_none());
}

#[test]
fn topics_are_found_by_the_search() {
    // "Enterprise Search" is a topic of Informatiebeheer; its text does
    // not say it.
    let text = read(&repo().join("content/themes/informatiebeheer.md"));
    let body = text.splitn(3, "---").nth(2).unwrap();
    assert!(!body.to_lowercase().contains("enterprise"));
    let index = built().output.join("search-index");
    let pages: Vec<serde_json::Value> =
        serde_json::from_str(&read(&index.join("pages/0.json"))).unwrap();
    let page = pages
        .iter()
        .position(|p| p[0] == "/themas/informatiebeheer/")
        .expect("the theme is in the first chunk of pages") as u64;
    let terms: serde_json::Value =
        serde_json::from_str(&read(&index.join("terms/en.json"))).unwrap();
    // A word that is its own stem is not listed in `w`.
    let stem = terms["w"]["enterprise"].as_str().unwrap_or("enterprise");
    let postings = terms["s"][stem].as_array().expect("the word is indexed");
    // Page numbers are written as gaps from the one before.
    let mut at = 0;
    let found = postings.chunks(2).any(|p| {
        at += p[0].as_u64().unwrap();
        at == page
    });
    assert!(found, "the theme's topic finds the theme: {postings:?}");
}

/// "1.400.000" for 1400000.
fn group(euros: i64) -> String {
    let digits = euros.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The example site with each `(from, to)` replaced once in its file
/// `rel`: the build's errors and the edited text.
fn errors_after(rel: &str, edits: &[(&str, &str)]) -> (Vec<Diagnostic>, String) {
    let mut edited = String::new();
    let (dir, content) = edited_copy(&repo().join("content"), rel, |mut t| {
        for (from, to) in edits {
            assert!(t.contains(from), "{rel} has {from}");
            t = t.replacen(from, to, 1);
        }
        edited = t.clone();
        t
    });
    (errors(build(&content, &dir.path().join("out"))), edited)
}

/// The error whose message says `about`.
fn the_error<'a>(errors: &'a [Diagnostic], about: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|e| e.message.contains(about))
        .unwrap_or_else(|| panic!("no error about {about}: {errors:?}"))
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_theme_with_budget_is_told_to_write_amounts_with_a_basis() {
    let (errors, edited) = errors_after(
        "themes/innovatie.md",
        &[("number: 5\n", "number: 5\nbudget: \"€ 400.000\"\n")],
    );
    let e = the_error(&errors, "`budget`");
    assert!(e.file.ends_with("themes/innovatie.md"), "{e}");
    assert_eq!(e.position.line, line_of(&edited, "budget:"));
    assert!(e.message.contains("amounts"), "{e}");
    let help = e.help.as_deref().unwrap();
    assert!(
        help.contains("`amounts: [{basis: eenmalig, amount: \"€ 400.000\"}]`"),
        "{help}"
    );
    assert!(
        help.contains("per_jaar") && help.contains("per_periode"),
        "{help}"
    );
}

/// The line of a programme theme's plateau 3 amount that adds up its stories.
const SUM: &str = "    sum: stories\n";

#[test]
fn a_stated_amount_that_differs_from_its_stories_is_an_error_with_both_figures() {
    let stated = "    sum: stories\n    amount: 260\n    unit: k€\n";
    let (errors, edited) = errors_after("themes/mab-ruimte.md", &[(SUM, stated)]);
    let e = the_error(&errors, "add up to");
    assert_eq!(e.position.line, line_of(&edited, "amount: 260"));
    // Stories 5-8: 20 + 120 + 15 + 100 k€.
    let message = e.message.replace('\u{a0}', " ");
    assert!(message.contains("€ 260.000"), "{message}");
    assert!(message.contains("€ 255.000"), "{message}");
    // Stated as it adds up, the build succeeds.
    let (dir, content) = edited_copy(&repo().join("content"), "themes/mab-ruimte.md", |t| {
        t.replacen(SUM, "    sum: stories\n    amount: 255\n    unit: k€\n", 1)
    });
    build(&content, &dir.path().join("out")).expect("a stated amount that agrees builds");
}

#[test]
fn pm_budgets_are_not_added_as_zero() {
    let (dir, content) = edited_copy(&repo().join("content"), "stories/visi-infraketen.md", |t| {
        t.replacen("budget: 15\n", "budget: PM\n", 1)
    });
    let out = dir.path().join("out");
    build(&content, &out).expect("a PM budget builds");
    let page = Html::parse_document(&read(&out.join("themas/mab-ruimte/index.html")));
    let dd = page
        .select(&sel("section[aria-labelledby=\"thema-bedragen\"] dd"))
        .next()
        .map(plain)
        .unwrap();
    // Stories 5, 6 and 8: 20 + 120 + 100 k€, and story 7 PM.
    assert!(dd.starts_with("€ 240.000 + PM"), "{dd}");
    // A stated amount that counts the PM budget as zero is an error.
    fs::write(
        content.join("themes/mab-ruimte.md"),
        read(&content.join("themes/mab-ruimte.md")).replacen(
            SUM,
            "    sum: stories\n    amount: 240\n    unit: k€\n",
            1,
        ),
    )
    .unwrap();
    let errors = errors(build(&content, &out));
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("PM was counted as zero")),
        "{errors:?}"
    );
}

#[test]
fn bad_amounts_are_errors_at_their_place() {
    // A theme whose stories have no budget in the plan has nothing to add up.
    let period_sum = "amounts:\n  - basis: per_periode\n    period: plateau 3\n    sum: stories\n";
    let (errors, edited) = errors_after("themes/medewerkers.md", &[("amounts:\n", period_sum)]);
    let e = the_error(&errors, "nothing to add up");
    assert_eq!(e.position.line, line_of(&edited, "sum: stories"));
    // An unknown basis, with the valid ones; a period amount without period.
    let (errors, edited) = errors_after(
        "themes/medewerkers.md",
        &[
            ("basis: eenmalig", "basis: eenmaligg"),
            ("basis: per_jaar", "basis: per_periode"),
        ],
    );
    let unknown = the_error(&errors, "unknown basis `eenmaligg`");
    assert_eq!(unknown.position.line, line_of(&edited, "eenmaligg"));
    assert!(unknown.help.as_deref().unwrap().contains("eenmalig"));
    let period = the_error(&errors, "needs its `period`");
    assert_eq!(period.position.line, line_of(&edited, "per_periode"));
}

#[test]
fn coalition_goal_numbers_need_the_document_that_numbers_them() {
    let source = "coalition_goals_source:\n  title: Ambtelijk overzicht stand van zaken Coalitieakkoord\n  registration_number: \"2560077\"\n";
    let (errors, _) = errors_after(
        "publications/informatiestrategie-2021-2024/index.md",
        &[(source, "")],
    );
    let data = read(&repo().join("content/themes/data.md"));
    let e = the_error(&errors, "coalition_goals");
    assert!(e.file.ends_with("themes/data.md"), "{e}");
    assert_eq!(
        e.position.line,
        line_of(&data, "- {about: Slim inzetten van data, domain: Wonen")
    );
    assert!(e
        .help
        .as_deref()
        .unwrap()
        .contains("coalition_goals_source"));
}

#[test]
fn a_theme_without_amounts_topics_or_coalition_goals_shows_nothing_of_them() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let out = dir.path().join("out");
    build(&content, &out).expect("the new site builds");
    for page in ["themas/index.html", "themas/dienstverlening/index.html"] {
        let html = read(&out.join(page));
        for absent in [
            "Bedragen",
            "Onderwerpen",
            "Doelen uit het coalitieakkoord",
            "thema-bedragen",
            "grafiek-bedragen",
        ] {
            assert!(!html.contains(absent), "{page} shows {absent}");
        }
    }
}
