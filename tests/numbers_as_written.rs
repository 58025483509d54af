//! Numbers that koers shows as text (a story's number, an indicator's
//! value and target) are shown as the author wrote them: YAML would read
//! `12.000` as the decimal 12 and `3.10` as 3.1, where a Dutch author
//! means twelve thousand and story 3.10.

mod common;
use common::*;
use std::fs;

#[test]
fn numbers_shown_as_text_keep_their_written_form() {
    let (dir, content) = edited_copy(&repo().join("content"), "themes/medewerkers.md", |text| {
        text.replace(
            "    unit: medewerkers\n",
            "    unit: medewerkers\n    value: 12.000\n    target: 1.250\n",
        )
    });
    let story = content.join("stories/e-facturen.md");
    let text = fs::read_to_string(&story).unwrap();
    fs::write(&story, text.replace("number: 3\n", "number: 3.10\n")).unwrap();
    let out = dir.path().join("out");
    build(&content, &out).expect("the edited example builds");

    let theme = read(&out.join("themas/medewerkers/index.html"));
    assert!(theme.contains("12.000"), "the value as written");
    assert!(theme.contains("1.250"), "the target as written");
    let csv = read(&out.join("open-data/indicatoren.csv"));
    let row = csv
        .lines()
        .find(|l| l.contains("digitale vaardigheden"))
        .expect("the indicator's row");
    assert!(row.contains(",12.000,1.250,"), "{row}");

    let page = read(&out.join("stories/e-facturen/index.html"));
    assert!(page.contains("Story 3.10"), "the story's number as written");
}
