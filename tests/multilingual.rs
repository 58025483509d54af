//! A multilingual site: Dutch and English side by side, with `lang`,
//! `hreflang` alternates, a language switch that leads to the translated
//! page, a marked fallback for an untranslated page, and the "what changed"
//! list between two progress reports.

mod common;

use common::site::*;
use common::*;
use std::sync::OnceLock;

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_into_temp(&repo().join("tests/fixtures/meertalig")))
}

#[test]
fn both_languages_are_built_with_the_right_lang() {
    let b = built();
    let nl = b.page("/stories/e-facturen/");
    let en = b.page("/en/stories/e-facturen/");
    assert_eq!(
        nl.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("nl")
    );
    assert_eq!(
        en.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("en")
    );
    assert!(text(nl.select(&sel("h1")).next().unwrap()).contains("klaar voor"));
    assert!(text(en.select(&sel("h1")).next().unwrap()).contains("ready to process"));
    assert_eq!(
        text(en.select(&sel(".skip-link")).next().unwrap()),
        "Skip to content",
        "interface text is translated"
    );
}

#[test]
fn hreflang_alternates_and_the_language_switch_lead_to_the_translation() {
    let b = built();
    for (page, other, other_lang) in [
        ("/stories/e-facturen/", "/en/stories/e-facturen/", "en"),
        ("/en/stories/e-facturen/", "/stories/e-facturen/", "nl"),
    ] {
        let doc = b.page(page);
        let alternates: Vec<(String, String)> = doc
            .select(&sel("link[rel=alternate][hreflang]"))
            .map(|l| {
                (
                    l.value().attr("hreflang").unwrap().to_string(),
                    l.value().attr("href").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(alternates.len(), 2, "{page}");
        assert!(
            alternates.contains(&(
                other_lang.to_string(),
                format!("https://meertalig.example.nl{other}")
            )),
            "{alternates:?}"
        );
        let switch = doc
            .select(&sel(".language-switch a"))
            .next()
            .expect("a language switch");
        assert_eq!(switch.value().attr("href"), Some(other));
        assert_eq!(switch.value().attr("hreflang"), Some(other_lang));
        assert_eq!(switch.value().attr("lang"), Some(other_lang));
        b.page(other); // the target exists
    }
}

#[test]
fn an_untranslated_page_falls_back_and_says_so() {
    let b = built();
    let doc = b.page("/en/stories/open-data/");
    let main = doc.select(&sel("main")).next().unwrap();
    assert_eq!(
        main.value().attr("lang"),
        Some("nl"),
        "the Dutch text is marked as Dutch"
    );
    assert!(doc.select(&sel(".not-translated")).next().is_some());
    let translated = b.page("/en/stories/e-facturen/");
    assert_eq!(
        translated
            .select(&sel("main"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        None
    );
}

#[test]
fn links_in_a_translation_stay_in_its_language() {
    let b = built();
    let doc = b.page("/en/stories/basisregistraties/");
    let hrefs: Vec<&str> = doc
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"/en/stories/open-data/"), "{hrefs:?}");
    assert_links_resolve(b);
}

#[test]
fn the_report_lists_what_changed_since_the_previous_one() {
    let b = built();
    let doc = b.page("/publicaties/voortgang-2018-10/");
    let list = |class: &str| -> Vec<String> {
        doc.select(&sel(&format!("ul.{class} li")))
            .map(text)
            .collect()
    };
    let improved = list("changes-improved");
    assert_eq!(improved.len(), 1);
    assert!(
        improved[0].contains("e-facturen")
            && improved[0].contains("Binnen marge")
            && improved[0].contains("Volgens plan"),
        "{improved:?}"
    );
    let worsened = list("changes-worsened");
    assert_eq!(worsened.len(), 1);
    assert!(
        worsened[0].to_lowercase().contains("basisregistraties"),
        "{worsened:?}"
    );
    let new = list("changes-new");
    assert_eq!(new.len(), 1);
    assert!(new[0].contains("paraaf"), "{new:?}");
    assert!(list("changes-gone").is_empty());
    // Forecasts: e-facturen 40 -> 35 (12,5 %), basisregistraties 75 -> 60, open-data 50 -> 80.
    let forecasts = list("changes-forecast");
    assert_eq!(forecasts.len(), 3, "{forecasts:?}");
    assert!(
        forecasts
            .iter()
            .any(|f| f.contains("€ 50.000") && f.contains("€ 80.000")),
        "{forecasts:?}"
    );
    // The first report has nothing to compare with.
    let first = b.page("/publicaties/voortgang-2018-06/");
    assert!(first.select(&sel("section.changes")).next().is_none());
}

#[test]
fn dates_are_written_in_the_pages_language() {
    let b = built();
    // The June 2018 report is dated "medio juni 2018" in its content: its
    // `datetime` is the month, as precise as the content is.
    let times = |url: &str| -> Vec<String> {
        b.page(url)
            .select(&sel("time[datetime='2018-06']"))
            .map(text)
            .collect()
    };
    let dutch = times("/publicaties/voortgang-2018-06/");
    let english = times("/en/publicaties/voortgang-2018-06/");
    assert!(dutch.iter().any(|t| t == "medio juni 2018"), "{dutch:?}");
    assert!(english.iter().any(|t| t == "mid June 2018"), "{english:?}");
    assert!(!english.iter().any(|t| t.contains("juni")), "{english:?}");
}
