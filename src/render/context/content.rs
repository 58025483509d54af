//! The content pages' views: publications, themes, scenarios, stories
//! and their finance tables.

use super::*;
use crate::model::chapter::ChapterNumber;
use crate::model::goal::Owner;

#[derive(Debug, Clone, Serialize)]
pub struct DatesView {
    pub drafted: Option<DateView>,
    pub adopted: Option<DateView>,
    pub adopted_by: Option<String>,
    pub published: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterLink {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub number: ChapterNumberView,
}

/// A chapter's number as pages show it: typed, so templates need not
/// read it back from text.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterNumberView {
    /// `numbered`, `appendix` or `unnumbered`.
    pub kind: &'static str,
    /// "3" or "A"; absent for an unnumbered chapter.
    pub value: Option<String>,
    /// "Hoofdstuk 3" or "Bijlage A" (the theme's `chapter_label` and
    /// `appendix_label`); absent for an unnumbered chapter.
    pub label: Option<String>,
}

/// Someone who signed a publication.
#[derive(Debug, Clone, Serialize)]
pub struct SignatoryView {
    pub name: String,
    pub role: Option<String>,
    pub on_behalf_of: Option<String>,
}

/// One kind of relation of a publication to others, with the publications
/// it relates to. `kind` is one of `implements`, `implemented_by`,
/// `replaces`, `replaced_by` and `reported_on_by`; the interface string
/// `relation_<kind>` names it.
#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    pub kind: &'static str,
    pub links: Vec<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicationView {
    /// Who signed it, in the order the content gives.
    pub signatories: Vec<SignatoryView>,
    /// The year or date it looks ahead to.
    pub horizon: Option<DateView>,
    /// How often progress on it is reported.
    pub cadence: Option<String>,
    /// Its relations to other publications, both ways: only the kinds it
    /// has, in a fixed order.
    pub relations: Vec<RelationView>,
    /// Its themes (those that name it as their publication).
    pub themes: Vec<LinkView>,
    /// Its own principles, and the goals of it and of its themes.
    pub principles: Vec<PrincipleView>,
    pub goals: Vec<GoalView>,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// Type id (`strategie`) and label (`Strategie`).
    pub kind: String,
    pub kind_label: String,
    pub status: Option<String>,
    pub summary: Option<String>,
    pub dates: DatesView,
    pub registration_numbers: Vec<String>,
    pub portfolio_holder: Option<String>,
    pub author: Option<String>,
    pub version: Option<String>,
    pub reports_on: Option<LinkView>,
    pub chapters: Vec<ChapterLink>,
    pub tables: Vec<TableView>,
    pub report: Option<ReportView>,
    /// Woo / Dublin Core metadata.
    pub metadata: crate::render::publish::Metadata,
    /// schema.org JSON-LD for the page's head.
    pub json_ld: String,
    pub metadata_json_url: String,
    pub metadata_xml_url: String,
    /// Woo information category code ("2g").
    pub woo_code: String,
    /// Its PDF edition; absent when koers makes none (built without the
    /// `pdf` feature).
    pub pdf: Option<PdfLink>,
}

/// The link to a publication's PDF edition.
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    pub url: String,
    /// Its size in Dutch notation: "1,2 MB".
    pub size: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub title: String,
    pub goal: Option<String>,
    pub unit: Option<String>,
    /// None when not measured yet.
    pub value: Option<String>,
    pub target: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemaView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub short_title: Option<String>,
    pub number: Option<u32>,
    pub kind: String,
    pub ambition: Option<LevelView>,
    pub ambition_note: Option<String>,
    pub summary: Option<String>,
    /// Its amounts, in the order the theme gives them.
    pub amounts: Vec<ThemeAmountView>,
    /// True when an amount is PM or leaves PM parts out (show the PM
    /// legend).
    pub amounts_pm: bool,
    /// The topics (*onderwerpen*) the source names for it.
    pub topics: Vec<String>,
    /// Its references to coalition goals, grouped by what they are about.
    pub coalition_goals: Vec<CoalitionGoalGroupView>,
    /// The document that numbers them (named by its publication); absent
    /// when they give no numbers.
    pub coalition_goals_source: Option<DocumentView>,
    pub publication: Option<LinkView>,
    pub goals: Vec<GoalView>,
    /// The phases its goals have activities in, in the site's order (the
    /// columns of an activities table).
    pub activity_phases: Vec<LevelView>,
    pub principles: Vec<PrincipleView>,
    pub indicators: Vec<IndicatorView>,
    pub stories: Vec<Shared<StoryRow>>,
    /// How many stories have this theme (also where `stories` is left empty: overviews).
    pub story_count: usize,
}

/// One amount of a theme, saying what it is and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeAmountView {
    /// `one_off`, `per_year` or `per_period`.
    pub basis: &'static str,
    /// The basis with its period, in the site's language: "Eenmalig
    /// (2021-2024)", "Per jaar", "Plateau 3".
    pub basis_label: String,
    pub period: Option<String>,
    /// What it is for ("Krediet upgrade eDocs (DM16)"), when given.
    pub label: Option<String>,
    pub amount: MoneyView,
    /// The plan it comes from.
    pub publication: Option<LinkView>,
    pub note: Option<String>,
    /// True when it adds up the budgets of the theme's stories.
    pub rolled_up: bool,
    /// The stories it adds up, in the site's order (empty when stated).
    pub stories: Vec<LinkView>,
}

/// References to coalition goals about one aspect of a theme.
#[derive(Debug, Clone, Serialize)]
pub struct CoalitionGoalGroupView {
    /// The aspect ("open data"); absent for references about the theme as
    /// a whole.
    pub about: Option<String>,
    pub goals: Vec<CoalitionGoalView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoalitionGoalView {
    pub domain: String,
    /// The numbers as written ("6", "85-102"); may be empty.
    pub goals: Vec<String>,
    /// How the source describes the goal, when it does.
    pub text: Option<String>,
}

/// A document referred to that is not on the site.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub title: String,
    pub registration_number: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioView {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub fictional: bool,
    pub ambition: Option<LevelView>,
    pub summary: Option<String>,
    pub publication: Option<LinkView>,
    pub costs: Option<TableView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub row: Shared<StoryRow>,
    pub aliases: Vec<String>,
    pub ambition: Option<LevelView>,
    pub owner: Option<String>,
    pub summary: Option<String>,
    pub publication: Option<LinkView>,
    pub see_also: Vec<LinkView>,
    /// The goals it serves.
    pub goals: Vec<GoalView>,
    /// Status in every report, oldest first.
    pub history: Vec<Shared<StatusView>>,
    /// True when a status of `history` was derived by the editors.
    pub any_derived: bool,
    /// Status over the reports (from the second report on), and money per
    /// report. Their figures are in the history table, which they link to.
    pub charts: Vec<ChartView>,
    /// The `id` the history table must have: the charts link to it.
    pub history_table: &'static str,
    /// The label of its `budget`: "Budget (<its publication>)", or
    /// "Budget" when it names no publication.
    pub budget_label: String,
    /// Its money in the finance tables of publications (rows that name
    /// it with `story:`), one entry per table.
    pub plans: Vec<PlanAmountsView>,
}

/// The rows of one publication's finance table that name a story: which
/// plan and table the amounts come from, the table's columns, and per row
/// its label and one amount per column.
#[derive(Debug, Clone, Serialize)]
pub struct PlanAmountsView {
    pub publication: LinkView,
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<PlanRowView>,
    /// True when any amount involves PM (show the PM legend).
    pub has_pm: bool,
}

/// One row of a [`PlanAmountsView`].
#[derive(Debug, Clone, Serialize)]
pub struct PlanRowView {
    pub label: String,
    pub cells: Vec<MoneyView>,
}

/// The `id` of a story page's status history table ([`StoryView`]).
pub const STORY_HISTORY_TABLE: &str = "status-tabel";

impl<'a> Views<'a> {
    /// A story's money per plan: the rows of publications' finance tables
    /// that name it, grouped per table, in the site's order.
    pub fn story_plans(&self, id: &str) -> Vec<PlanAmountsView> {
        let mut plans: Vec<PlanAmountsView> = Vec::new();
        let mut last: Option<(&str, &str)> = None;
        for found in self.site.story_amounts(id) {
            let key = (found.publication.slug.as_str(), found.table.id.as_str());
            let row = PlanRowView {
                label: found.row.label.clone(),
                cells: row_cells(found.row),
            };
            match plans.last_mut() {
                Some(plan) if last == Some(key) => {
                    plan.has_pm |= row.cells.iter().any(|c| c.pm);
                    plan.rows.push(row);
                }
                _ => plans.push(PlanAmountsView {
                    publication: self.link(&found.publication.title, &found.publication.url),
                    table: found.table.title.clone(),
                    columns: found.table.columns.clone(),
                    has_pm: row.cells.iter().any(|c| c.pm),
                    rows: vec![row],
                }),
            }
            last = Some(key);
        }
        plans
    }

    /// The label of a story's budget: with the title of its publication
    /// when it names one.
    fn budget_label(&self, s: &Story) -> String {
        match s
            .publication
            .as_deref()
            .and_then(|p| self.site.publication(p))
        {
            Some(p) => self.strings.fill("budget_of_plan", &[("plan", &p.title)]),
            None => self.strings.get("budget").to_string(),
        }
    }

    pub fn publication_link(&self, slug: Option<&str>) -> Option<LinkView> {
        let p = self.site.publication(slug?)?;
        Some(self.link(&p.title, &p.url))
    }

    /// A chapter in its publication's table of contents and pager.
    pub fn chapter_link(&self, c: &Chapter) -> ChapterLink {
        let (kind, key) = match c.number {
            ChapterNumber::Numbered(_) => ("numbered", "chapter_label"),
            ChapterNumber::Appendix(_) => ("appendix", "appendix_label"),
            ChapterNumber::Unnumbered => ("unnumbered", ""),
        };
        let value = c.number.shown();
        ChapterLink {
            title: c.title.clone(),
            url: self.href(&c.url),
            summary: c.summary.clone(),
            number: ChapterNumberView {
                kind,
                label: value.as_ref().map(|v| self.strings.fill(key, &[("n", v)])),
                value,
            },
        }
    }

    pub fn publication(&self, p: &Publication, report: Option<ReportView>) -> PublicationView {
        let metadata = crate::render::publish::Metadata::of(self.site, p);
        let themes: Vec<&Thema> = self
            .site
            .themas
            .iter()
            .filter(|t| t.publication.as_deref() == Some(p.slug.as_str()))
            .collect();
        let (mut goals, principles) =
            self.goals_and_principles(&Owner::Publication(p.slug.clone()));
        for t in &themes {
            goals.extend(self.goals_and_principles(&Owner::Theme(t.id.clone())).0);
        }
        PublicationView {
            signatories: p
                .signatories
                .iter()
                .map(|s| SignatoryView {
                    name: s.name.clone(),
                    role: s.role.clone(),
                    on_behalf_of: s.on_behalf_of.clone(),
                })
                .collect(),
            horizon: p.horizon.as_ref().map(|d| self.date(d)),
            cadence: p.cadence.clone(),
            relations: self.relations(p),
            themes: themes.iter().map(|t| self.link(&t.title, &t.url)).collect(),
            principles,
            goals,
            slug: p.slug.clone(),
            url: self.href(&p.url),
            title: p.title.clone(),
            subtitle: p.subtitle.clone(),
            kind: p.kind.id().to_string(),
            kind_label: p.kind.label().to_string(),
            status: p.status.clone(),
            summary: p.summary.clone(),
            dates: DatesView {
                drafted: p.dates.drafted.as_ref().map(|d| self.date(d)),
                adopted: p.dates.adopted.as_ref().map(|d| self.date(d)),
                adopted_by: p.dates.adopted_by.clone(),
                published: p.dates.published.as_ref().map(|d| self.date(d)),
            },
            registration_numbers: p.registration_numbers.clone(),
            portfolio_holder: p.portfolio_holder.clone(),
            author: p.author.clone(),
            version: p.version.clone(),
            reports_on: self.publication_link(p.reports_on.as_deref()),
            chapters: p.chapters.iter().map(|c| self.chapter_link(c)).collect(),
            tables: p.tables.iter().map(|t| self.table(t)).collect(),
            report,
            json_ld: metadata.json_ld(p),
            metadata,
            metadata_json_url: self.href(&format!("{}metadata.json", p.url)),
            metadata_xml_url: self.href(&format!("{}metadata.xml", p.url)),
            woo_code: p.woo_category.code.to_string(),
            pdf: p.edition.get().map(|e| PdfLink {
                url: self.href(&e.url),
                size: crate::chart::file_size(e.bytes as usize),
            }),
        }
    }

    /// The relations of `p` to other publications, both ways: what it
    /// carries out and what carries it out, what it replaces and what
    /// replaced it, and the reports on it.
    fn relations(&self, p: &Publication) -> Vec<RelationView> {
        let links = |slugs: &[String]| -> Vec<LinkView> {
            slugs
                .iter()
                .filter_map(|s| self.publication_link(Some(s)))
                .collect()
        };
        let naming = |pick: &dyn Fn(&Publication) -> bool| -> Vec<LinkView> {
            self.site
                .publications
                .iter()
                .filter(|o| pick(o))
                .map(|o| self.link(&o.title, &o.url))
                .collect()
        };
        [
            ("implements", links(&p.implements)),
            (
                "implemented_by",
                naming(&|o| o.implements.contains(&p.slug)),
            ),
            ("replaces", links(&p.replaces)),
            ("replaced_by", naming(&|o| o.replaces.contains(&p.slug))),
            (
                "reported_on_by",
                naming(&|o| o.reports_on.as_deref() == Some(p.slug.as_str())),
            ),
        ]
        .into_iter()
        .filter(|(_, links)| !links.is_empty())
        .map(|(kind, links)| RelationView { kind, links })
        .collect()
    }

    pub fn thema(&self, t: &Thema, stories: Vec<Shared<StoryRow>>) -> ThemaView {
        let (goals, principles) = self.goals_and_principles(&Owner::Theme(t.id.clone()));
        ThemaView {
            story_count: stories.len(),
            id: t.id.clone(),
            url: self.href(&t.url),
            title: t.title.clone(),
            short_title: t.short_title.clone(),
            number: t.number,
            kind: t.kind.clone(),
            ambition: self.ambition(t.ambition.as_deref()),
            ambition_note: t.ambition_note.clone(),
            summary: t.summary.clone(),
            amounts_pm: t.amounts.iter().any(|a| a.total().has_pm()),
            amounts: t.amounts.iter().map(|a| self.theme_amount(a)).collect(),
            topics: t.topics.clone(),
            coalition_goals: coalition_groups(&t.coalition_goals),
            coalition_goals_source: t
                .coalition_goals
                .iter()
                .any(|c| !c.goals.is_empty())
                .then(|| self.coalition_goals_source(t))
                .flatten(),
            publication: self.publication_link(t.publication.as_deref()),
            activity_phases: self.activity_phases(&goals),
            goals,
            principles,
            indicators: t.indicators.iter().map(indicator_view).collect(),
            stories,
        }
    }

    /// An amount of a theme as pages show it.
    fn theme_amount(&self, a: &ThemeAmount) -> ThemeAmountView {
        let stories = match &a.value {
            AmountValue::Stated(_) => Vec::new(),
            AmountValue::Stories { stories, .. } => {
                let mut found: Vec<(usize, &Story)> = stories
                    .iter()
                    .filter_map(|id| Some((self.site.story_position(id)?, self.site.story(id)?)))
                    .collect();
                found.sort_by_key(|(i, _)| *i);
                found
                    .into_iter()
                    .map(|(_, s)| self.link(&s.title, &s.url))
                    .collect()
            }
        };
        ThemeAmountView {
            basis: a.basis.code(),
            basis_label: crate::render::charts::basis_label(self.strings, a),
            period: a.period.clone(),
            label: a.label.clone(),
            amount: MoneyView::of_total(&a.total()),
            publication: self.publication_link(a.publication.as_deref()),
            note: a.note.clone(),
            rolled_up: matches!(a.value, AmountValue::Stories { .. }),
            stories,
        }
    }

    /// The document that numbers the coalition goals of theme `t`.
    fn coalition_goals_source(&self, t: &Thema) -> Option<DocumentView> {
        let p = self.site.publication(t.publication.as_deref()?)?;
        let d = p.coalition_goals_source.as_ref()?;
        Some(DocumentView {
            title: d.title.clone(),
            registration_number: d.registration_number.clone(),
            url: d.url.clone(),
        })
    }

    pub fn scenario(&self, s: &Scenario) -> ScenarioView {
        ScenarioView {
            slug: s.slug.clone(),
            url: self.href(&s.url),
            title: s.title.clone(),
            fictional: s.fictional,
            ambition: self.ambition(s.ambition.as_deref()),
            summary: s.summary.clone(),
            publication: self.publication_link(s.publication.as_deref()),
            costs: s.costs.as_ref().map(|t| self.table(t)),
        }
    }

    /// A story's page: `row` and `history` as [`Views::story_row`] and
    /// [`Views::status`] make them, shared with the other pages.
    pub fn story(
        &self,
        s: &Story,
        row: Shared<StoryRow>,
        history: Vec<Shared<StatusView>>,
    ) -> StoryView {
        let history_table = TableRef {
            id: STORY_HISTORY_TABLE,
            label: self.strings.get("chart_numbers_in_table"),
        };
        let charts = [
            crate::render::charts::story_status(self.site, s, self.strings),
            crate::render::charts::story_money(self.site, s, self.strings),
        ]
        .iter()
        .flatten()
        .map(|c| self.figure_with(c, Some(history_table)))
        .collect();
        StoryView {
            charts,
            history_table: STORY_HISTORY_TABLE,
            budget_label: self.budget_label(s),
            plans: self.story_plans(&s.id),
            row,
            aliases: s.aliases.clone(),
            ambition: self.ambition(s.ambition.as_deref()),
            owner: s.owner.clone(),
            summary: s.summary.clone(),
            publication: self.publication_link(s.publication.as_deref()),
            see_also: s
                .see_also
                .iter()
                .filter_map(|id| self.site.story(id))
                .map(|o| self.link(&o.title, &o.url))
                .collect(),
            goals: s
                .goals
                .iter()
                .filter_map(|id| self.site.goal(id))
                .map(|g| self.goal(g))
                .collect(),
            any_derived: history.iter().any(|h| h.derived),
            history,
        }
    }
}

/// References to coalition goals grouped by their `about`, each group
/// where its first reference stands.
fn coalition_groups(refs: &[CoalitionGoalRef]) -> Vec<CoalitionGoalGroupView> {
    let mut groups: Vec<CoalitionGoalGroupView> = Vec::new();
    for r in refs {
        let view = CoalitionGoalView {
            domain: r.domain.clone(),
            goals: r.goals.clone(),
            text: r.text.clone(),
        };
        match groups.iter_mut().find(|g| g.about == r.about) {
            Some(g) => g.goals.push(view),
            None => groups.push(CoalitionGoalGroupView {
                about: r.about.clone(),
                goals: vec![view],
            }),
        }
    }
    groups
}
