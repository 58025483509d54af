//! The HTML pages of the site, as independent jobs. A [`Job`] is one page
//! (or a publication with its chapters); jobs share only read-only state,
//! so they render in parallel, and each job's files go to the [`Sink`] as
//! soon as they are ready instead of being held until the end.

use super::context::{
    GoalStatusView, LinkView, ReportRow, Shared, SharedParts, StatusView, StoryRow, Views,
};
use super::i18n::Strings;
use super::markdown::Rendered;
use super::search::SearchDoc;
use super::{
    charts, goal_entry_key, publish, Alternate, ColumnView, DatasetView, MarkdownCache, OutputFile,
    PageMeta, Sink, DATA_URL, DOCUMENTS_URL, SEARCH_URL,
};
use crate::error::{Diagnostics, Error};
use crate::model::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};
use tera::{Context, Tera};

mod accessibility;
mod builder;
mod documents;
mod fingerprint;
mod goal;
mod home;
mod kind;
mod not_found;
mod open_data;
mod page;
mod publication;
mod report;
mod scenario;
mod search_page;
mod story;
mod theme;

pub(crate) use builder::PageBuilder;
use builder::{any_derived, Item, Vars};
use fingerprint::Fingerprints;
pub use fingerprint::Inputs;
pub(crate) use kind::{kind_named, page_urls, redirects, reserved_urls, PageKind, Redirect, KINDS};
use kind::{overview_and_items, section_url, single_page};

/// One unit of rendering work: a page, or a publication with its
/// chapters. `kind` is a position in [`KINDS`]; `item` is `None` for the
/// kind's overview (or its one page), or a position in the kind's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Job {
    pub(crate) kind: usize,
    pub(crate) item: Option<usize>,
}

impl Job {
    /// The job of item `item` of the kind named `kind` (see
    /// [`PageKind::name`]).
    pub(crate) fn named(kind: &str, item: usize) -> Option<Job> {
        Some(Job {
            kind: kind_named(kind)?,
            item: Some(item),
        })
    }

    fn kind(self) -> &'static dyn PageKind {
        KINDS[self.kind]
    }

    /// The kind's name, for debug output.
    pub(crate) fn kind_name(self) -> &'static str {
        self.kind().name()
    }

    /// True for a publication's job: its page links to the publication's
    /// PDF edition with its size, so it is made once the PDFs are.
    pub(crate) fn shows_edition(self) -> bool {
        self.item.is_some() && self.kind_name() == "publication"
    }
}

/// A job of this build, as the incremental bookkeeping sees it.
pub(crate) struct PlannedJob {
    pub job: Job,
    /// Its name across builds (see [`Renderer::key`]).
    pub key: String,
    /// The hash of everything its pages show (see
    /// [`Renderer::fingerprints`]).
    pub fingerprint: u64,
    /// The content files its pages are made from themselves, with their
    /// hashes.
    pub own: Vec<(String, u64)>,
}

/// What one job produced besides its files.
#[derive(Default)]
pub struct JobOut {
    pub diags: Diagnostics,
    pub search: Vec<SearchDoc>,
    pub pages: usize,
    /// The paths of the files it wrote.
    pub paths: Vec<String>,
    /// The templates its pages were made with.
    pub templates: Vec<String>,
    pub error: Option<Error>,
}

/// Everything the jobs share, built once per language.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub strings: &'a Strings,
    tera: &'a Tera,
    md: &'a MarkdownCache<'a>,
    /// Status per story (by position) across all reports, oldest first;
    /// made when a page first needs it.
    history: Vec<OnceLock<History>>,
    /// Each story's row (by position), made when a page first needs it.
    rows: Vec<OnceLock<Shared<StoryRow>>>,
    /// Values that thousands of rows share.
    parts: Arc<SharedParts>,
    /// `site` and `t`, serialised once and cloned into every page (tera's
    /// values share their contents, so a clone is cheap).
    base: Context,
    /// The size of the last page made with each template: the next one
    /// starts with room for about as much, instead of growing (and
    /// copying) its buffer a dozen times.
    sizes: std::sync::Mutex<HashMap<String, usize>>,
}

impl<'a> Renderer<'a> {
    /// Frees the values made for the pages without waiting for it.
    pub fn free_later(self) {
        crate::trace::free_later((self.history, self.rows, self.parts, self.base));
    }

    pub fn new(
        site: &'a Site,
        strings: &'a Strings,
        tera: &'a Tera,
        md: &'a MarkdownCache<'a>,
    ) -> Self {
        let views = Views::new(site, strings);
        let history = site.stories.iter().map(|_| OnceLock::new()).collect();
        let rows = site.stories.iter().map(|_| OnceLock::new()).collect();
        let mut base = Context::new();
        base.insert("site", &views.site_view());
        base.insert("t", strings);
        Renderer {
            site,
            strings,
            tera,
            md,
            history,
            rows,
            parts: Arc::new(views.shared_parts()),
            base,
            sizes: Default::default(),
        }
    }

    /// Room to render a page of `template` into (see `sizes`).
    fn size_hint(&self, template: &str) -> usize {
        let last = self
            .sizes
            .lock()
            .ok()
            .and_then(|m| m.get(template).copied())
            .unwrap_or(0);
        (last + last / 8).max(16 * 1024)
    }

    fn remember_size(&self, template: &str, size: usize) {
        if let Ok(mut m) = self.sizes.lock() {
            match m.get_mut(template) {
                Some(s) => *s = size,
                None => {
                    m.insert(template.to_string(), size);
                }
            }
        }
    }

    /// Every job of the site, kind by kind in the order of [`KINDS`]. A
    /// kind without content has no jobs (see [`crate::model::Shape`]).
    pub fn jobs(&self) -> Vec<Job> {
        KINDS
            .iter()
            .enumerate()
            .flat_map(|(kind, k)| {
                k.jobs(self.site)
                    .into_iter()
                    .map(move |item| Job { kind, item })
            })
            .collect()
    }

    /// A name for `job` that stays the same when other content is added
    /// or removed (positions shift; ids do not).
    pub fn key(&self, job: Job) -> String {
        let k = job.kind();
        match job.item {
            Some(i) => format!("{}:{}", k.name(), k.id(self.site, i)),
            None => k.name().to_string(),
        }
    }

    /// The content-relative files a content page is made from itself (not
    /// those of the pages it links to).
    pub fn own_sources(&self, job: Job) -> Vec<&'a str> {
        match job.item {
            Some(i) => job.kind().own_sources(self.site, i),
            None => Vec::new(),
        }
    }

    /// Every job's fingerprint: the hash of the global inputs, the job's
    /// key and what its kind says the job shows.
    pub fn fingerprints(&self, jobs: &[Job], inputs: &Inputs) -> Vec<u64> {
        let f = Fingerprints::new(self.site, inputs);
        jobs.iter()
            .map(|&job| {
                let mut h = DefaultHasher::new();
                f.global(&mut h);
                self.key(job).hash(&mut h);
                job.kind().fingerprint(&f, job.item, &mut h);
                h.finish()
            })
            .collect()
    }

    /// Every job of the site with its key, fingerprint and own files:
    /// what the incremental bookkeeping compares with the last build.
    pub(crate) fn plan(&self, inputs: &Inputs) -> Vec<PlannedJob> {
        let jobs = self.jobs();
        let fingerprints = self.fingerprints(&jobs, inputs);
        jobs.into_iter()
            .zip(fingerprints)
            .map(|(job, fingerprint)| PlannedJob {
                job,
                key: self.key(job),
                fingerprint,
                own: self
                    .own_sources(job)
                    .into_iter()
                    .map(|rel| (rel.to_string(), inputs.source(rel)))
                    .collect(),
            })
            .collect()
    }

    /// Renders one job and hands its files to `sink`.
    pub fn run(&self, job: Job, sink: &dyn Sink) -> JobOut {
        let views = Views::new(self.site, self.strings).with_parts(Arc::clone(&self.parts));
        let mut page = PageBuilder {
            r: self,
            views: &views,
            sink,
            out: JobOut::default(),
        };
        job.kind().render(&mut page, job.item);
        page.out
    }
}

/// A story's status in every report it is in, oldest first.
#[derive(Default)]
struct History {
    /// The slug of each status's publication.
    publications: Vec<String>,
    statuses: Vec<Shared<StatusView>>,
}

impl History {
    /// The status in the report of publication `slug`.
    fn of(&self, slug: &str) -> Option<&Shared<StatusView>> {
        let i = self.publications.iter().position(|p| p == slug)?;
        self.statuses.get(i)
    }
}
