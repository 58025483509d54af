//! The site as a whole: its settings, organisation, licence, contact
//! and accessibility statement.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    pub base_url: String,
    /// Path prefix of every page URL of this language ("/", "/en/").
    pub base_path: String,
    /// Path prefix of shared files (assets, data): the default language's.
    pub root_path: String,
    pub organisation: OrganisationView,
    /// Absent when the site states no licence.
    pub licence: Option<LicenceView>,
    pub contact: ContactView,
    /// The stoplicht levels, best first.
    pub status_levels: Vec<StatusLevelView>,
    pub ambition_levels: Vec<LevelView>,
    pub phases: Vec<PhaseView>,
    /// URL of the accessibility statement, linked from every footer: the
    /// site's own or its entry in the national register; absent when the
    /// site has no statement.
    pub accessibility_url: Option<String>,
    /// Absolute URL of the site's root, for canonical links.
    pub root_url: String,
    /// URLs of the feed, the documents index and the open data page; the
    /// last two are absent when the site has nothing to list there.
    /// Absent when no publication has a date (there is no feed then).
    pub feed_url: Option<String>,
    pub documents_url: Option<String>,
    pub data_url: Option<String>,
    pub search_url: String,
    /// The folder of this language's search index (see docs/open-government.md).
    pub search_index_url: String,
    /// The Content-Security-Policy of every page.
    pub csp: String,
    /// koers' own inline script (its hash is in `csp`).
    pub inline_script: String,
    /// The site's brand: its stylesheet and logo (both absent without).
    pub brand: BrandView,
}

/// What the header shows of the site's brand (`brand:` in site.yaml).
#[derive(Debug, Clone, Default, Serialize)]
pub struct BrandView {
    /// The URL of `/assets/brand.css`, linked after the theme's
    /// stylesheet; absent when the brand sets no colours, font or tokens.
    pub stylesheet: Option<String>,
    pub logo: Option<LogoView>,
}

/// The logo in the header, linking home.
#[derive(Debug, Clone, Serialize)]
pub struct LogoView {
    pub url: String,
    /// "" for a decorative logo.
    pub alt: String,
}

/// The accessibility statement page.
#[derive(Debug, Clone, Serialize)]
pub struct AccessibilityView {
    /// A, B, C or D; the page is only made with one.
    pub status: String,
    pub statement_date: Option<DateView>,
    pub reviewed: Option<DateView>,
    pub audit_date: Option<DateView>,
    pub audit_method: Option<String>,
    pub audit_by: Option<String>,
    pub audit_report: Option<String>,
    pub scope: String,
    pub responsible: Option<String>,
    /// Where to report a problem: a URL (mailto: for an e-mail address).
    pub feedback_url: String,
    pub feedback_text: String,
    pub exceptions: Vec<ExceptionView>,
    pub measures: Vec<MeasureView>,
    /// The latest `koers audit`, when the content folder has a report.
    pub automated: Option<AutomatedView>,
}

/// The latest automated check (`koers audit`), as the statement cites it.
#[derive(Debug, Clone, Serialize)]
pub struct AutomatedView {
    pub date: DateView,
    /// Numbers as text, for the sentence they go into.
    pub pages: String,
    pub violations: String,
    pub axe_core_version: String,
    /// "1280 en 320": the widths in pixels, joined for a sentence.
    pub widths: String,
    pub html_checker_version: Option<String>,
    pub html_checker_errors: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub description: String,
    pub date: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExceptionView {
    pub criterion: String,
    pub description: String,
    pub reason: Option<String>,
    pub effect: Option<String>,
    pub measure: Option<String>,
    pub planned: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    pub name: String,
    pub tooi: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LicenceView {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub address: Option<String>,
}

impl<'a> Views<'a> {
    pub fn site_view(&self) -> SiteView {
        let c = &self.site.config;
        let shape = self.site.shape();
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.urls.base.clone(),
            base_path: c.urls.base_path.clone(),
            root_path: c.urls.root_path.clone(),
            root_url: c.urls.root.clone(),
            feed_url: self
                .site
                .publications
                .iter()
                .any(|p| crate::render::publish::publication_date(p).is_some())
                .then(|| self.href("/feed.xml")),
            documents_url: shape
                .has_documents()
                .then(|| self.href(crate::render::DOCUMENTS_URL)),
            data_url: shape
                .has_open_data()
                .then(|| self.href(crate::render::DATA_URL)),
            search_url: self.href(crate::render::SEARCH_URL),
            search_index_url: self.href(&format!("/{}", crate::render::search::INDEX_DIR)),
            organisation: OrganisationView {
                name: c.organisation.name.clone(),
                tooi: c.organisation.tooi.clone(),
                url: c.organisation.url.clone(),
            },
            licence: c.licence.as_ref().map(|l| LicenceView {
                name: l.name.clone(),
                url: l.url.clone(),
            }),
            contact: ContactView {
                name: c.contact.name.clone(),
                email: c.contact.email.clone(),
                phone: c.contact.phone.clone(),
                url: c.contact.url.clone(),
                address: c.contact.address.clone(),
            },
            status_levels: c
                .stoplicht
                .levels
                .iter()
                .map(|l| self.level_view(l))
                .collect(),
            ambition_levels: c.ambition_levels.iter().map(level_view).collect(),
            phases: c
                .phases
                .iter()
                .map(|p| PhaseView {
                    id: p.level.id.clone(),
                    label: p.level.label.clone(),
                    meaning: p.level.meaning.clone(),
                    start: p.start.as_ref().map(|d| self.date(d)),
                    end: p.end.as_ref().map(|d| self.date(d)),
                })
                .collect(),
            accessibility_url: match self.site.statement() {
                Statement::Generated | Statement::Page => {
                    Some(self.href(&format!("/{}/", c.sections.accessibility)))
                }
                Statement::Register(url) => Some(url),
                Statement::Missing => None,
            },
            csp: crate::render::csp::policy(),
            inline_script: crate::render::csp::INLINE_SCRIPT.to_string(),
            brand: self.brand_view(),
        }
    }

    fn brand_view(&self) -> BrandView {
        let c = &self.site.config;
        let Some(brand) = &c.brand else {
            return BrandView::default();
        };
        BrandView {
            stylesheet: (!brand.tokens.is_empty())
                .then(|| format!("{}{}", c.urls.root_path, crate::render::brand::STYLESHEET)),
            logo: brand.logo.as_ref().map(|l| LogoView {
                url: format!("{}{}", c.urls.root_path, l.src),
                alt: l.alt.clone().unwrap_or_default(),
            }),
        }
    }

    /// The statement's facts; None when koers writes no statement (see
    /// [`Site::statement`]).
    pub fn accessibility(&self) -> Option<AccessibilityView> {
        let c = &self.site.config;
        let a = &c.accessibility;
        let feedback = c.accessibility_feedback()?.to_string();
        let feedback_url = if feedback.contains('@') && !feedback.contains("://") {
            format!("mailto:{feedback}")
        } else {
            feedback.clone()
        };
        Some(AccessibilityView {
            status: a.status?.to_string(),
            statement_date: a.statement_date.as_ref().map(|d| self.date(d)),
            reviewed: a.reviewed.as_ref().map(|d| self.date(d)),
            audit_date: a.audit_date.as_ref().map(|d| self.date(d)),
            audit_method: a.audit_method.clone(),
            audit_by: a.audit_by.clone(),
            audit_report: a.audit_report.clone(),
            scope: a.scope.clone().unwrap_or_else(|| c.urls.base.clone()),
            responsible: a.responsible.clone(),
            feedback_url,
            feedback_text: feedback,
            exceptions: a
                .exceptions
                .iter()
                .map(|e| ExceptionView {
                    criterion: e.criterion.clone(),
                    description: e.description.clone(),
                    reason: e.reason.clone(),
                    effect: e.effect.clone(),
                    measure: e.measure.clone(),
                    planned: e.planned.as_ref().map(|d| self.date(d)),
                })
                .collect(),
            automated: a.automated.as_ref().map(|check| AutomatedView {
                date: self.date(&crate::model::date::FuzzyDate::exact(check.date)),
                pages: check.pages.to_string(),
                violations: check.violations.to_string(),
                axe_core_version: check.axe_core_version.clone(),
                widths: check
                    .widths
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" / "),
                html_checker_version: check.html_checker.as_ref().map(|(v, _)| v.clone()),
                html_checker_errors: check.html_checker.as_ref().map(|(_, n)| n.to_string()),
            }),
            measures: a
                .measures
                .iter()
                .map(|m| MeasureView {
                    description: m.description.clone(),
                    date: m.date.as_ref().map(|d| self.date(d)),
                })
                .collect(),
        })
    }
}
