//! `koers new`: the next progress report made from the latest one, and
//! templates for a story and a publication. Nothing is copied as a fact:
//! the new report builds only once every status is filled in.

mod common;

use common::*;
use std::fs;
use std::process::Command;

fn koers(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(args)
        .output()
        .expect("koers runs")
}

/// `koers new report` for December 2018 on the content folder `c`.
fn new_report(c: &str) -> std::process::Output {
    koers(&[
        "new",
        "report",
        "--content",
        c,
        "--date",
        "medio december 2018",
        "--name",
        "voortgang-2018-12",
    ])
}

#[test]
fn the_next_report_lists_every_story_and_builds_once_filled() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let c = content.to_str().unwrap();
    let out = new_report(c);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = content.join("publications/voortgang-2018-12/index.md");
    let text = fs::read_to_string(&file).unwrap();
    // The report of medio juni 2018 has the 19 stories 0 to 18.
    let stories: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- story: "))
        .collect();
    assert_eq!(stories.len(), 19, "{stories:?}");
    for id in ["kennis-en-capaciteit", "e-facturen", "innovatie"] {
        assert!(stories.contains(&id), "{id} is missing");
    }
    // The last status is a hint in a comment, never a value: e-facturen
    // was oranje in June 2018.
    assert!(text.contains("# vorige: oranje"), "{text}");
    assert!(!text.contains("status: oranje"));

    // Unfilled, the build names every entry.
    let errors = errors(build(&content, &dir.path().join("out")));
    let unfilled = errors
        .iter()
        .filter(|e| e.to_string().contains("has no status in this report"))
        .count();
    assert_eq!(unfilled, 19);
    assert!(errors
        .iter()
        .any(|e| e.to_string().contains("story `e-facturen` has no status")));

    // Filled in, it builds, and says what changed since June.
    let filled = text
        .replace("      status:\n", "      status: groen\n")
        .replace("      summary:\n", "      summary: Loopt volgens plan.\n");
    fs::write(&file, filled).unwrap();
    let out = dir.path().join("out");
    build(&content, &out).expect("the filled-in report builds");
    let page = read(&out.join("publicaties/voortgang-2018-12/index.html"));
    assert!(
        page.contains("id=\"veranderingen\""),
        "what changed is shown"
    );

    // A second run does not overwrite it.
    let before = fs::read(&file).unwrap();
    let again = new_report(c);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn story_and_publication_templates_build() {
    let dir = init_site();
    let content = dir.path().join("site/content");
    let c = content.to_str().unwrap();
    for args in [
        vec!["new", "story", "nieuwe-story", "--content", c],
        vec!["new", "publication", "nieuwe-visie", "--content", c],
    ] {
        let out = koers(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(content.join("stories/nieuwe-story.md").exists());
    assert!(content.join("publications/nieuwe-visie/index.md").exists());
    build(&content, &dir.path().join("out")).expect("the templates build as they are");
    // A name that is no clean folder name is refused, and nothing written.
    let out = koers(&["new", "story", "Nieuwe Story", "--content", c]);
    assert!(!out.status.success());
    assert!(!content.join("stories/Nieuwe Story.md").exists());
}
