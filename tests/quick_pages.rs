//! `koers serve` writes the page of an edited story (or the pages of the
//! publication of an edited chapter) before it rebuilds the rest of the
//! site (see `build::quick_pages`). Those quick pages must be the
//! pages a full build makes of the edited content, and the quick way must
//! step aside when an edit changes more than those pages.

mod common;

use common::read;
use common::rebuild::{assert_as_full_build, compile, example, try_compile, Collect};
use koers::build::{self, BuildCache};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn quick(cache: &mut BuildCache, changed: &[PathBuf]) -> Option<BTreeMap<String, Vec<u8>>> {
    let sink = Collect::default();
    let mut paths = build::quick_pages(cache, changed, &sink)?;
    paths.sort();
    let files = sink.0.into_inner().unwrap();
    assert_eq!(
        paths,
        files.keys().cloned().collect::<Vec<_>>(),
        "it returns the files it made"
    );
    Some(files)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has {from}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn a_quick_story_page_is_the_page_a_full_build_makes() {
    let (dir, opts) = example();
    let story = opts.content.join("stories/e-facturen.md");
    let mut cache = BuildCache::default();
    let mut before = compile(&opts, &mut cache)["stories/e-facturen/index.html"].clone();
    let edits: [(&str, &str); 5] = [
        ("besparen ondernemers", "besparen ondernemers veel tijd"),
        ("budget: 35", "budget: 42"),
        (
            "themes: [mab-digitaal-in-verbinding]",
            "themes: [mab-digitaal-in-verbinding, mab-basis-op-orde]",
        ),
        ("see_also: [servicebus]", "see_also: []"),
        ("Europese deadline", "Europese termijn"),
    ];
    for (from, to) in edits {
        edit(&story, from, to);
        let pages = quick(&mut cache, std::slice::from_ref(&story))
            .unwrap_or_else(|| panic!("no quick page after `{to}`"));
        let page = &pages["stories/e-facturen/index.html"];
        assert!(page != &before, "after `{to}`: the page changed");
        before = page.clone();
        assert_as_full_build(dir.path(), &opts, &pages, &format!("`{to}`"));
        // What `koers serve` does next: the rebuild of everything else.
        compile(&opts, &mut cache);
    }
}

#[test]
fn an_edited_chapter_gets_its_publication_pages_as_a_full_build_makes_them() {
    let (dir, opts) = example();
    let chapter = opts
        .content
        .join("publications/informatiestrategie-2021-2024/02-visie-en-ambities.md");
    let mut cache = BuildCache::default();
    compile(&opts, &mut cache);
    let edits: [(&str, &str); 3] = [
        ("grote kans", "grote en reële kans"),
        ("title: Visie en ambities", "title: Onze visie en ambities"),
        ("summary: Digitalisering", "summary: Digitalisering en ICT"),
    ];
    for (from, to) in edits {
        edit(&chapter, from, to);
        let pages = quick(&mut cache, std::slice::from_ref(&chapter))
            .unwrap_or_else(|| panic!("no quick pages after `{to}`"));
        let prefix = "publicaties/informatiestrategie-2021-2024/";
        assert!(
            pages.contains_key(&format!("{prefix}visie-en-ambities/index.html"))
                && pages.contains_key(&format!("{prefix}aanleiding/index.html")),
            "the chapter and its neighbours (their table of contents): {:?}",
            pages.keys()
        );
        assert_as_full_build(dir.path(), &opts, &pages, &format!("`{to}`"));
        compile(&opts, &mut cache);
    }
}

#[test]
fn an_edited_page_gets_its_quick_page_and_a_reordering_edit_does_not() {
    let (dir, opts) = example();
    let contact = opts.content.join("pages/contact.md");
    let mut cache = BuildCache::default();
    compile(&opts, &mut cache);
    for (from, to) in [
        ("een voorbeeld", "een voorbeeldsite"),
        ("title: Contact", "title: Contact en vragen"),
    ] {
        edit(&contact, from, to);
        let pages = quick(&mut cache, std::slice::from_ref(&contact))
            .unwrap_or_else(|| panic!("no quick page after `{to}`"));
        assert_eq!(pages.keys().collect::<Vec<_>>(), ["contact/index.html"]);
        assert_as_full_build(dir.path(), &opts, &pages, &format!("`{to}`"));
        compile(&opts, &mut cache);
    }
    // `order` puts it before the other page: overviews change.
    edit(&contact, "order: 2", "order: 0");
    let over = std::fs::read_to_string(opts.content.join("pages/over.md")).unwrap();
    assert!(over.contains("order: 1"), "{over}");
    assert!(quick(&mut cache, std::slice::from_ref(&contact)).is_none());
}

#[test]
fn two_stories_saved_at_once_both_get_quick_pages() {
    let (dir, opts) = example();
    let a = opts.content.join("stories/e-facturen.md");
    let b = opts.content.join("stories/innovatie.md");
    let mut cache = BuildCache::default();
    compile(&opts, &mut cache);
    edit(&a, "Europese deadline", "Europese termijn");
    std::fs::write(
        &b,
        std::fs::read_to_string(&b).unwrap() + "\nNieuwe alinea.\n",
    )
    .unwrap();
    let pages = quick(&mut cache, &[a, b]).expect("quick pages");
    assert!(pages.contains_key("stories/e-facturen/index.html"));
    assert!(pages.contains_key("stories/innovatie/index.html"));
    assert_as_full_build(dir.path(), &opts, &pages, "two edits");
}

#[test]
fn a_quick_page_is_made_again_after_a_rebuild_that_failed() {
    let (_dir, opts) = example();
    let story = opts.content.join("stories/e-facturen.md");
    let theme = opts.content.join("themes/innovatie.md");
    let (story_text, theme_text) = (read(&story), read(&theme));
    let mut cache = BuildCache::default();
    compile(&opts, &mut cache);
    edit(&story, "Europese deadline", "Europese termijn");
    quick(&mut cache, std::slice::from_ref(&story)).expect("a quick page");
    // The rebuild after it fails on another file.
    std::fs::write(&theme, "---\ntitle: [\n---\n").unwrap();
    assert!(try_compile(&opts, &mut cache).is_err());
    // Both edits are undone: the story is as the last good build had it,
    // but on disk is its quick page.
    std::fs::write(&story, story_text).unwrap();
    std::fs::write(&theme, theme_text).unwrap();
    let again = compile(&opts, &mut cache);
    assert!(
        again.contains_key("stories/e-facturen/index.html"),
        "the story page is made again"
    );
    assert!(
        !again.contains_key("stories/innovatie/index.html"),
        "not the pages that did not change"
    );
}

#[test]
fn edits_that_change_more_than_the_story_page_take_the_full_rebuild() {
    let (_dir, opts) = example();
    let story = opts.content.join("stories/e-facturen.md");
    let cases: [(&str, &str, &str); 6] = [
        (
            "a new id (a new URL)",
            "number: 3\n",
            "number: 3\nid: e-factuur\n",
        ),
        (
            "another place in the story order",
            "number: 3\n",
            "number: 99\n",
        ),
        ("a new alias", "aliases: [3B1,", "aliases: [3B2, 3B1,"),
        (
            "an unknown theme",
            "themes: [mab-",
            "themes: [geen-thema, mab-",
        ),
        ("YAML that does not parse", "budget: 35", "budget: [35"),
        (
            "a broken link",
            "## Aanpak",
            "## Aanpak\n\n[weg](../nergens.md)",
        ),
    ];
    for (what, from, to) in cases {
        let original = std::fs::read_to_string(&story).unwrap();
        let mut cache = BuildCache::default();
        compile(&opts, &mut cache);
        edit(&story, from, to);
        assert!(
            quick(&mut cache, std::slice::from_ref(&story)).is_none(),
            "{what}: no quick page"
        );
        // The model no longer follows the content: no quick pages until
        // a full build succeeds.
        std::fs::write(&story, &original).unwrap();
        assert!(
            quick(&mut cache, std::slice::from_ref(&story)).is_none(),
            "{what}: no quick page before a full build"
        );
        compile(&opts, &mut cache);
        edit(&story, "Europese deadline", "Europese termijn");
        assert!(
            quick(&mut cache, std::slice::from_ref(&story)).is_some(),
            "{what}: quick pages again after a full build"
        );
        std::fs::write(&story, &original).unwrap();
    }
}

#[test]
fn an_editors_temporary_copy_is_no_reason_for_a_full_rebuild_but_a_deleted_file_is() {
    let (dir, opts) = example();
    let story = opts.content.join("stories/e-facturen.md");
    let mut cache = BuildCache::default();
    compile(&opts, &mut cache);
    // `sed -i` and many editors write a copy and rename it over the file:
    // the copy's name is in the burst, and gone.
    edit(&story, "Europese deadline", "Europese termijn");
    let temp = opts.content.join("stories/sedAb12Cd");
    assert!(quick(&mut cache, &[temp.clone(), story.clone()]).is_some());
    compile(&opts, &mut cache);
    // A story that is gone (deleted, or renamed away) is not.
    let gone = opts.content.join("stories/innovatie.md");
    let away = dir.path().join("innovatie.md");
    std::fs::rename(&gone, &away).unwrap();
    assert!(quick(&mut cache, &[gone.clone(), story.clone()]).is_none());
    std::fs::rename(&away, &gone).unwrap();
    compile(&opts, &mut cache);
    // Nor is a folder of the site that is gone.
    let folder = opts
        .content
        .join("publications/informatiestrategie-2021-2024");
    let moved = dir.path().join("verplaatst");
    std::fs::rename(&folder, &moved).unwrap();
    assert!(quick(&mut cache, &[folder.clone(), story.clone()]).is_none());
    std::fs::rename(&moved, &folder).unwrap();
    // Only temporary copies: nothing to show quickly.
    compile(&opts, &mut cache);
    assert!(quick(&mut cache, &[temp]).is_none());
}

#[test]
fn other_files_and_unknown_changes_take_the_full_rebuild() {
    let (_dir, opts) = example();
    let mut cache = BuildCache::default();
    compile(&opts, &mut cache);
    let theme = opts.content.join("themes/innovatie.md");
    assert!(quick(&mut cache, &[theme]).is_none(), "a theme file");
    compile(&opts, &mut cache);
    let index = opts
        .content
        .join("publications/informatiestrategie-2021-2024/index.md");
    assert!(
        quick(&mut cache, &[index]).is_none(),
        "a publication's index"
    );
    compile(&opts, &mut cache);
    assert!(
        quick(&mut cache, &[]).is_none(),
        "changes the watcher could not name"
    );
    compile(&opts, &mut cache);
    let new = opts.content.join("stories/nieuw.md");
    std::fs::write(&new, "---\ntitle: Nieuw\n---\nTekst.\n").unwrap();
    assert!(quick(&mut cache, &[new]).is_none(), "a new story");
    // Nothing quick before the first good build.
    let mut fresh = BuildCache::default();
    let story = opts.content.join("stories/e-facturen.md");
    assert!(quick(&mut fresh, &[story]).is_none());
}

/// A theme's `sum: stories` is checked by the whole site's validation: an
/// edit of a story's budget that a stated sum checks, or that leaves a sum
/// with nothing to add up, takes the full rebuild (which reports it).
#[test]
fn a_story_edit_that_could_make_a_themes_sum_wrong_takes_the_full_rebuild() {
    let (_dir, opts) = example();
    // Digitaal in verbinding states its plateau 3 amount too (stories 1-4
    // and 16: 125 + 145 + 35 + 50 + 200 k€).
    let theme = opts.content.join("themes/mab-digitaal-in-verbinding.md");
    edit(
        &theme,
        "    sum: stories\n",
        "    sum: stories\n    amount: 555\n    unit: k€\n",
    );
    let story = opts.content.join("stories/e-facturen.md");
    let mut cache = BuildCache::default();
    compile(&opts, &mut cache);
    edit(&story, "budget: 35", "budget: 42");
    assert!(
        quick(&mut cache, std::slice::from_ref(&story)).is_none(),
        "a budget a stated sum counts"
    );
    assert!(
        try_compile(&opts, &mut cache).is_err(),
        "the full rebuild reports the sum"
    );
    edit(&story, "budget: 42", "budget: 35");
    compile(&opts, &mut cache);
    // Story 0 is the only story of Extra kennis/expertise.
    let only = opts.content.join("stories/kennis-en-capaciteit.md");
    edit(
        &only,
        "themes: [mab-kennis]",
        "themes: [mab-ruimte, mab-kennis]",
    );
    assert!(
        quick(&mut cache, std::slice::from_ref(&only)).is_none(),
        "the only story of a sum moves to another theme"
    );
}
