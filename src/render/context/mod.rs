//! The template context: serialisable views of the model, shaped for
//! templates. Templates never see YAML; every value here is typed, already
//! formatted for display (Dutch money and dates) and documented in
//! `docs/templates.md`.

use super::i18n::Strings;
use crate::chart::{Chart, ChartView, FigureText, TableRef};
use crate::model::date::DateView;
use crate::model::money::{MoneyView, Total};
use crate::model::table::RowKind;
use crate::model::*;
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::sync::Arc;
mod content;
mod goal;
mod site;
mod status;
mod table;

pub use content::*;
pub use goal::*;
pub use status::*;
pub use table::*;

/// A link to a page: its title and URL.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A navigation item; `current` is true on the page it leads to and on
/// pages below it.
#[derive(Debug, Clone, Serialize)]
pub struct NavView {
    pub title: String,
    pub url: String,
    pub current: bool,
}

/// Template values that many pages show, made once per build (see
/// [`Views::shared_parts`]): in a site of 10 000 stories, one value per
/// status level instead of one in each of 10 000 rows, and so for each
/// report's link and date and each theme's link.
#[derive(Default)]
pub struct SharedParts {
    /// By level id.
    levels: std::collections::HashMap<String, Shared<StatusLevelView>>,
    /// By publication slug: the report's link and date.
    reports: std::collections::HashMap<String, (Shared<LinkView>, Shared<DateView>)>,
    /// By theme id.
    themes: std::collections::HashMap<String, Shared<LinkView>>,
}

/// The shared value found, or one made by `make` (views without
/// [`SharedParts`], such as a quick page's).
fn shared_or<T: Serialize + Clone>(
    found: Option<&Shared<T>>,
    make: impl FnOnce() -> T,
) -> Shared<T> {
    found.cloned().unwrap_or_else(|| Shared::new(make()))
}

/// A view made into template values once per build and shared by every
/// page that shows it: a story's row is in the story list, on its themes'
/// pages, its own page and every report it is in; a status on its report
/// and on its story's page. Templates see the fields of `T`; Rust code
/// reads them through `Deref`.
#[derive(Clone)]
pub struct Shared<T> {
    view: Arc<T>,
    value: tera::Value,
}

impl<T: Serialize> Shared<T> {
    pub fn new(view: T) -> Self {
        // Views are structs of strings, numbers and lists: they serialise.
        let value =
            tera::Value::try_from_serializable(&view).unwrap_or_else(|_| tera::Value::none());
        Shared {
            view: Arc::new(view),
            value,
        }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.view
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.view.fmt(f)
    }
}

/// Serialised as the view it holds; into a tera context by sharing the
/// values made once (tera clones a `Value` it meets instead of serialising
/// it again).
impl<T> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Builds views; holds what every view needs.
pub struct Views<'a> {
    pub site: &'a Site,
    pub strings: &'a Strings,
    parts: Arc<SharedParts>,
    /// Charts made for the page being built; their CSV files are written
    /// beside it (see `take_charts`).
    charts: RefCell<Vec<ChartView>>,
}

impl<'a> Views<'a> {
    /// A date as the page's language writes it.
    pub fn date(&self, d: &crate::model::date::FuzzyDate) -> DateView {
        DateView::new(d, &self.site.config.language)
    }

    pub fn new(site: &'a Site, strings: &'a Strings) -> Self {
        Views {
            site,
            strings,
            parts: Arc::default(),
            charts: RefCell::new(Vec::new()),
        }
    }

    /// Views that take the parts many pages show from `parts` (made once
    /// per build by [`Views::shared_parts`]) instead of making their own.
    pub fn with_parts(mut self, parts: Arc<SharedParts>) -> Self {
        self.parts = parts;
        self
    }

    /// The values that thousands of rows show: each status level, each
    /// report's link and date, each theme's link, made once.
    pub fn shared_parts(&self) -> SharedParts {
        let site = self.site;
        SharedParts {
            levels: site
                .config
                .stoplicht
                .levels
                .iter()
                .map(|l| (l.id.clone(), Shared::new(self.level_view(l))))
                .collect(),
            reports: site
                .reports()
                .into_iter()
                .map(|(p, r)| {
                    let link = Shared::new(self.link(&p.title, &p.url));
                    (p.slug.clone(), (link, Shared::new(self.date(&r.date))))
                })
                .collect(),
            themes: site
                .themas
                .iter()
                .map(|t| (t.id.clone(), Shared::new(self.theme_link(t))))
                .collect(),
        }
    }

    pub(super) fn theme_link(&self, t: &Thema) -> LinkView {
        self.link(t.short_title.as_deref().unwrap_or(&t.title), &t.url)
    }

    /// Renders a chart's figure and remembers it for its CSV file.
    pub fn figure(&self, chart: &Chart) -> ChartView {
        self.figure_with(chart, None)
    }

    /// [`Views::figure`], for a chart whose figures the page shows in a
    /// table of its own: the figure links there instead of repeating them.
    pub(super) fn figure_with(&self, chart: &Chart, numbers_in: Option<TableRef>) -> ChartView {
        let s = self.strings;
        let view = chart.view(&FigureText {
            show_numbers: s.get("show_numbers"),
            download: s.get("download_csv"),
            pm_meaning: s.get("pm_meaning"),
            numbers_in,
            colours: s.chart_colours(),
        });
        self.charts.borrow_mut().push(view.clone());
        view
    }

    /// Remembers charts rendered elsewhere (Markdown chart blocks).
    pub fn add_charts(&self, charts: &[ChartView]) {
        self.charts.borrow_mut().extend(charts.iter().cloned());
    }

    /// The charts made since the last call, for the page being written.
    pub fn take_charts(&self) -> Vec<ChartView> {
        std::mem::take(&mut *self.charts.borrow_mut())
    }

    /// A site URL path with the base path in front.
    pub fn href(&self, url: &str) -> String {
        self.site.config.urls.href(url)
    }

    pub(super) fn link(&self, title: &str, url: &str) -> LinkView {
        LinkView {
            title: title.to_string(),
            url: self.href(url),
        }
    }

    pub fn nav(&self, current_url: &str) -> Vec<NavView> {
        self.site
            .config
            .navigation
            .iter()
            .map(|n| NavView {
                title: n.title.clone(),
                url: self.href(&n.url),
                current: if n.url == "/" {
                    current_url == "/"
                } else {
                    current_url.starts_with(&n.url)
                },
            })
            .collect()
    }
}
