//! What a job's pages are made from, hashed: a job whose fingerprint is as
//! last time would render the same bytes, and can be skipped.

use crate::fingerprint::hash_of;
use crate::model::{Site, Story};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// What the pages are made from, hashed: the content files (by
/// content-relative path) and everything else a page shows (site.yaml,
/// theme, URLs, assets, options).
pub struct Inputs<'i> {
    pub sources: &'i HashMap<String, u64>,
    /// site.yaml, the theme, the options, the URL map and the assets.
    pub global: u64,
    /// Every content file at once (see [`Inputs::new`]).
    everything: u64,
}

impl<'i> Inputs<'i> {
    pub fn new(sources: &'i HashMap<String, u64>, global: u64) -> Self {
        let mut all: Vec<(&String, &u64)> = sources.iter().collect();
        all.sort_unstable();
        Inputs {
            sources,
            global,
            everything: hash_of(&all),
        }
    }

    /// The hash of the content file `rel` (0 when there is none).
    pub(crate) fn source(&self, rel: &str) -> u64 {
        self.sources.get(rel).copied().unwrap_or(0)
    }
}

/// The hashing helpers the kinds' [`fingerprint`] methods share, with the
/// hash of each story's own inputs made once (a theme or report hashes
/// many stories).
///
/// [`fingerprint`]: super::PageKind::fingerprint
pub(crate) struct Fingerprints<'a> {
    pub site: &'a Site,
    inputs: &'a Inputs<'a>,
    /// Per story (by position): see [`Fingerprints::story_inputs`].
    stories: Vec<u64>,
}

impl<'a> Fingerprints<'a> {
    pub fn new(site: &'a Site, inputs: &'a Inputs<'a>) -> Self {
        use rayon::prelude::*;
        let stories = site
            .stories
            .par_iter()
            .map(|st| story_inputs(site, st, inputs))
            .collect();
        Fingerprints {
            site,
            inputs,
            stories,
        }
    }

    /// The global inputs: every job depends on them.
    pub fn global(&self, h: &mut DefaultHasher) {
        self.inputs.global.hash(h);
    }

    /// Every content file.
    pub fn everything(&self, h: &mut DefaultHasher) {
        self.inputs.everything.hash(h);
    }

    /// One content file, by its content-relative path.
    pub fn source(&self, rel: &str, h: &mut DefaultHasher) {
        rel.hash(h);
        self.inputs.source(rel).hash(h);
    }

    /// What the story at position `n` shows (see [`story_inputs`]).
    pub fn story(&self, n: usize, h: &mut DefaultHasher) {
        self.stories.get(n).hash(h);
    }

    /// The files of the pages that tables and reports link to: every
    /// publication and theme.
    pub fn link_targets(&self, h: &mut DefaultHasher) {
        for p in &self.site.publications {
            self.source(&p.intro.rel, h);
        }
        for t in &self.site.themas {
            self.source(&t.body.rel, h);
        }
    }
}

/// The hash of what a story's own page shows of the content: the story,
/// its themes, its publication, the reports that mention it, the
/// publications whose finance tables name it, and its "see also" stories.
fn story_inputs(s: &Site, story: &Story, inputs: &Inputs) -> u64 {
    let mut h = DefaultHasher::new();
    let mut src = |rel: &str| {
        rel.hash(&mut h);
        inputs.source(rel).hash(&mut h);
    };
    src(&story.body.rel);
    for t in story.themes.iter().filter_map(|t| s.thema(t)) {
        src(&t.body.rel);
    }
    for p in story.publication.iter().filter_map(|p| s.publication(p)) {
        src(&p.intro.rel);
    }
    for (p, _, _) in s.history(&story.id) {
        src(&p.intro.rel);
    }
    let mut plans: Vec<&str> = s
        .story_amounts(&story.id)
        .iter()
        .map(|a| a.publication.intro.rel.as_str())
        .collect();
    plans.dedup();
    for rel in plans {
        src(rel);
    }
    for o in story.see_also.iter().filter_map(|o| s.story(o)) {
        src(&o.body.rel);
    }
    for g in story.goals.iter().filter_map(|g| s.goal(g)) {
        src(&g.rel);
    }
    h.finish()
}
