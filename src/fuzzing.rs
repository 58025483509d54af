//! Entry points for the fuzz targets in `fuzz/` and for replaying their
//! regression corpus in `cargo test` (tests/fuzz_corpus.rs). Each takes
//! arbitrary bytes and must return without panicking or hanging.

use crate::load::input::*;
use crate::load::source::SourceFile;
use crate::model::Markdown;
use crate::render::i18n::Strings;
use crate::render::markdown::{self, LinkContext, Scope};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Splits and parses bytes as every kind of content file.
pub fn load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for rel in [
        "site.yaml",
        "stories/x.md",
        "themes/x.md",
        "scenarios/x.md",
        "pages/x.md",
        "publications/x/index.md",
        "publications/x/01-h.md",
    ] {
        let Ok(src) = SourceFile::from_text(text, rel, PathBuf::from(rel)) else {
            continue;
        };
        match rel {
            "site.yaml" => drop(crate::load::parse_front::<SiteInput>(
                &src,
                &Default::default(),
            )),
            "stories/x.md" => drop(crate::load::parse_front::<StoryInput>(
                &src,
                &Default::default(),
            )),
            "themes/x.md" => drop(crate::load::parse_front::<ThemaInput>(
                &src,
                &Default::default(),
            )),
            "scenarios/x.md" => drop(crate::load::parse_front::<ScenarioInput>(
                &src,
                &Default::default(),
            )),
            "pages/x.md" => drop(crate::load::parse_front::<PageInput>(
                &src,
                &Default::default(),
            )),
            "publications/x/index.md" => drop(crate::load::parse_front::<PublicationInput>(
                &src,
                &Default::default(),
            )),
            _ => drop(crate::load::parse_front::<ChapterInput>(
                &src,
                &Default::default(),
            )),
        }
    }
}

/// Renders bytes as Markdown with every koers extension.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut urls = BTreeMap::new();
    urls.insert("stories/b.md".to_string(), "/stories/b/".to_string());
    let assets = vec!["data/a.csv".to_string()];
    let strings = Strings::dutch_defaults();
    let lint = crate::model::lint::LintConfig::default();
    let html = crate::model::lint::HtmlPolicy {
        mode: crate::model::lint::HtmlMode::Strip,
        ..Default::default()
    };
    let ctx = LinkContext {
        urls: &urls,
        assets: &assets,
        base_path: "/",
        asset_path: "/",
        strings: &strings,
        content_root: Path::new("/nonexistent-koers-fuzz"),
        chart_points: 10_000,
        lint: &lint,
        html: &html,
    };
    let md = Markdown {
        text: text.into(),
        file: PathBuf::from("stories/a.md"),
        rel: "stories/a.md".to_string(),
        line: 1,
        lang: None,
    };
    let mut diags = crate::error::Diagnostics::new();
    let _ = markdown::render(&md, &ctx, &Scope::default(), &mut diags);
}

/// Parses bytes as a chart spec and draws the chart.
pub fn chart(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let read = |_: &str| Ok("a,b\nx,1\ny,PM\n".to_string());
    if let Ok(chart) = crate::chart::spec::parse(text, "fuzz", &read, 10_000) {
        let _ = chart.svg(&crate::chart::colours::ChartColours::builtin());
        let _ = chart.csv();
    }
}

/// Applies the raw-HTML policy to bytes, as the site rejects and as it
/// strips; returns every HTML it would put on a page (the strip mode's
/// output, and the input itself when rejecting finds nothing).
pub fn raw_html(data: &[u8]) -> Vec<String> {
    use crate::render::sanitize::{apply, HtmlMode, HtmlPolicy};
    let Ok(text) = std::str::from_utf8(data) else {
        return Vec::new();
    };
    let strip = HtmlPolicy {
        mode: HtmlMode::Strip,
        ..HtmlPolicy::default()
    };
    let mut accepted = vec![apply(&strip, text).0];
    let (out, found) = apply(&HtmlPolicy::default(), text);
    if found.is_empty() {
        accepted.push(out);
    }
    accepted
}
