//! The charts of each kind of page, built from the model: the same data
//! the page's tables show, so chart and text cannot disagree.

use super::i18n::Strings;
use crate::chart::{
    Cell, Chart, ChartKind, ChartTexts, Derived, DerivedValues, LevelMark, Series, Span, Unit,
};
use crate::model::date::FuzzyDate;
use crate::model::money::{Money, Total};
use crate::model::table::{RowKind, ShownTotal, TableCell};
use crate::model::*;
use chrono::Datelike;

/// The words charts draw, in the site's language.
pub fn texts(t: &Strings) -> ChartTexts {
    ChartTexts {
        unknown: t.get("unknown_amount").into(),
        ongoing: t.get("ongoing").into(),
        from: t.get("from").into(),
        until: t.get("until").into(),
        part: t.get("chart_part").into(),
    }
}

fn cell(m: Option<Money>) -> Cell {
    match m {
        Some(Money::Amount(c)) => Cell::Number(c as f64 / 100.0),
        Some(Money::Pm) => Cell::Pm,
        None => Cell::Empty,
    }
}

fn story_label(site: &Site, id: &str) -> String {
    match site.story(id) {
        Some(s) => match &s.number {
            Some(n) => format!("{n}. {}", s.title),
            None => s.title.clone(),
        },
        None => id.to_string(),
    }
}

/// Number of stories per status level in one report, with how many of
/// each the editors derived.
pub fn report_status(site: &Site, r: &Rapportage, t: &Strings) -> Chart {
    let levels = &site.config.stoplicht.levels;
    let count = |id: &str, derived_only: bool| {
        r.entries
            .iter()
            .filter(|e| e.level.id == id && (e.derived || !derived_only))
            .count()
    };
    let counts: Vec<usize> = levels.iter().map(|l| count(&l.id, false)).collect();
    let derived: Vec<usize> = levels.iter().map(|l| count(&l.id, true)).collect();
    let parts: Vec<String> = levels
        .iter()
        .zip(counts.iter().zip(&derived))
        .map(|(l, (n, d))| {
            if *n == 0 {
                format!("{} {}", t.get("chart_none"), l.label)
            } else if *d > 0 {
                format!("{n} {} ({})", l.label, count_derived(t, *d))
            } else {
                format!("{n} {}", l.label)
            }
        })
        .collect();
    Chart {
        id: "stories-per-status".into(),
        title: t.get("chart_status_title").into(),
        description: t.fill_count(
            "chart_status_desc",
            r.entries.len(),
            &[
                ("total", &r.entries.len().to_string()),
                ("counts", &parts.join(", ")),
            ],
        ),
        kind: ChartKind::Bars,
        unit: Unit::Count,
        category_header: t.get("status").into(),
        categories: levels.iter().map(|l| l.label.clone()).collect(),
        series: vec![Series {
            name: t.get("count").into(),
            values: counts.iter().map(|n| Cell::Number(*n as f64)).collect(),
        }],
        note: None,
        derived: derived.iter().any(|d| *d > 0).then(|| Derived {
            header: t.get("chart_derived_count").into(),
            legend: t.get("chart_derived_legend").into(),
            values: DerivedValues::Counts(derived),
        }),
        texts: texts(t),
        marks: Some(
            levels
                .iter()
                .map(|l| LevelMark {
                    label: l.label.clone(),
                    colour: l.colour,
                })
                .collect(),
        ),
        compact: false,
    }
}

/// "waarvan 2 afgeleid": how many of a count the editors derived.
pub fn count_derived(t: &Strings, n: usize) -> String {
    t.fill("count_derived", &[("n", &n.to_string())])
}

/// Above this many stories a report's money chart shows the largest ones
/// and the rest as one bar: a chart of hundreds of bars cannot be read
/// (and weighs megabytes); the report's table and the datasets keep every
/// story's figures.
pub const REPORT_CHART_STORIES: usize = 30;

/// Planned, spent and forecast per story in one report; for a report of
/// more than [`REPORT_CHART_STORIES`] + 1 stories, the largest of them (by
/// the larger of budget and forecast) and one bar for the others.
pub fn report_money(site: &Site, r: &Rapportage, t: &Strings) -> Chart {
    let total =
        |f: fn(&StoryStatus) -> Option<Money>| Total::of(r.entries.iter().map(f)).to_string();
    let (shown, rest) = largest(&r.entries, REPORT_CHART_STORIES);
    let mut categories: Vec<String> = shown.iter().map(|e| story_label(site, &e.story)).collect();
    let mut series = money_series(t, shown);
    let mut note = None;
    if !rest.is_empty() {
        let n = rest.len().to_string();
        let sums: [fn(&StoryStatus) -> Option<Money>; 3] =
            [|e| e.planned, |e| e.spent, |e| e.forecast];
        let totals = sums.map(|f| Total::of(rest.iter().map(|e| f(e))));
        let mut label = t.fill_count("chart_rest", rest.len(), &[("n", &n)]);
        // A bar of known amounts where some of the others' are PM says so
        // in its label, which the chart's table and downloads carry too.
        let pm: usize = totals
            .iter()
            .filter(|total| !total.all_pm())
            .map(|total| total.pm_parts)
            .sum();
        if pm > 0 {
            label = t.fill(
                "chart_rest_pm",
                &[("label", &label), ("n", &pm.to_string())],
            );
        }
        categories.push(label);
        for (s, total) in series.iter_mut().zip(&totals) {
            s.values.push(sum_cell(total));
        }
        note = Some(t.fill(
            "chart_money_largest",
            &[("shown", &REPORT_CHART_STORIES.to_string()), ("rest", &n)],
        ));
    }
    Chart {
        id: "geld-per-story".into(),
        title: t.get("chart_money_title").into(),
        description: t.fill(
            "chart_money_desc",
            &[
                ("planned", &total(|e| e.planned)),
                ("spent", &total(|e| e.spent)),
                ("forecast", &total(|e| e.forecast)),
            ],
        ),
        kind: ChartKind::Bars,
        unit: Unit::Euro,
        category_header: t.get("story").into(),
        categories,
        series,
        note,
        derived: None,
        texts: texts(t),
        marks: None,
        compact: false,
    }
}

/// All entries in report order when there are at most `n`; otherwise the
/// `n` largest, largest first, and the others in report order.
fn largest(entries: &[StoryStatus], n: usize) -> (Vec<&StoryStatus>, Vec<&StoryStatus>) {
    // A bar for "the other 1 story" would hide a story to save one bar.
    if entries.len() <= n + 1 {
        return (entries.iter().collect(), Vec::new());
    }
    let cents = |m: Option<Money>| match m {
        Some(Money::Amount(c)) => c,
        _ => 0,
    };
    let size = |e: &StoryStatus| cents(e.planned).max(cents(e.forecast));
    let mut order: Vec<usize> = (0..entries.len()).collect();
    // Stable: equal sizes keep their report order.
    order.sort_by_key(|&i| std::cmp::Reverse(size(&entries[i])));
    let mut is_shown = vec![false; entries.len()];
    for &i in &order[..n] {
        is_shown[i] = true;
    }
    let shown = order[..n].iter().map(|&i| &entries[i]).collect();
    let rest = (0..entries.len())
        .filter(|&i| !is_shown[i])
        .map(|i| &entries[i])
        .collect();
    (shown, rest)
}

/// The known part of a sum of amounts; PM when nothing of it is known.
fn sum_cell(total: &Total) -> Cell {
    if total.parts == 0 {
        Cell::Empty
    } else if total.all_pm() {
        Cell::Pm
    } else {
        Cell::Number(total.known_cents as f64 / 100.0)
    }
}

fn money_series(t: &Strings, entries: Vec<&StoryStatus>) -> Vec<Series> {
    vec![
        Series {
            name: t.get("planned").into(),
            values: entries.iter().map(|e| cell(e.planned)).collect(),
        },
        Series {
            name: t.get("spent").into(),
            values: entries.iter().map(|e| cell(e.spent)).collect(),
        },
        Series {
            name: t.get("forecast").into(),
            values: entries.iter().map(|e| cell(e.forecast)).collect(),
        },
    ]
}

/// A report as a chart names it: its period or title, with its date as
/// `language` writes it.
fn report_label(p: &Publication, r: &Rapportage, language: &str) -> String {
    let date = r.date.text_in(language);
    match &r.period {
        Some(period) => format!("{period} ({date})"),
        None => format!("{} ({date})", p.title),
    }
}

/// A story's status level in every report, as a timeline of levels; none
/// for a story in fewer than two reports.
pub fn story_status(site: &Site, story: &Story, t: &Strings) -> Option<Chart> {
    let history = site.history(&story.id);
    // A timeline of one report says nothing the status badge and the
    // history table do not: it is drawn from the second report on.
    if history.len() < 2 {
        return None;
    }
    let stoplicht = &site.config.stoplicht;
    let list: Vec<String> = history
        .iter()
        .map(|(p, r, e)| {
            let level = &e.level.label;
            if e.derived {
                format!(
                    "{}: {level} ({})",
                    report_label(p, r, &site.config.language),
                    t.get("status_derived")
                )
            } else {
                format!("{}: {level}", report_label(p, r, &site.config.language))
            }
        })
        .collect();
    let flags: Vec<bool> = history.iter().map(|(_, _, e)| e.derived).collect();
    Some(Chart {
        id: "status-per-rapportage".into(),
        title: t.get("chart_story_status_title").into(),
        description: t.fill(
            "chart_story_status_desc",
            &[
                ("n", &history.len().to_string()),
                ("list", &list.join("; ")),
            ],
        ),
        kind: ChartKind::Levels(
            stoplicht
                .levels
                .iter()
                .map(|l| LevelMark {
                    label: l.label.clone(),
                    colour: l.colour,
                })
                .collect(),
        ),
        unit: Unit::Count,
        category_header: t.get("report").into(),
        categories: history
            .iter()
            .map(|(p, r, _)| report_label(p, r, &site.config.language))
            .collect(),
        series: vec![Series {
            name: t.get("status").into(),
            values: history
                .iter()
                .map(|(_, _, e)| Cell::Number(e.level.rank as f64))
                .collect(),
        }],
        note: None,
        derived: flags.contains(&true).then(|| Derived {
            header: t.get("chart_derived_flag").into(),
            legend: t.get("chart_derived_legend").into(),
            values: DerivedValues::Flags {
                flags,
                yes: t.get("answer_yes").into(),
                no: t.get("answer_no").into(),
            },
        }),
        texts: texts(t),
        marks: None,
        compact: true,
    })
}

/// A story's money in every report.
pub fn story_money(site: &Site, story: &Story, t: &Strings) -> Option<Chart> {
    let history = site.history(&story.id);
    let last = history.last()?.2;
    if last.planned.is_none() && last.spent.is_none() && last.forecast.is_none() {
        return None;
    }
    let show = |m: Option<Money>| m.map_or_else(|| "–".to_string(), |m| m.to_string());
    Some(Chart {
        id: "geld-per-rapportage".into(),
        title: t.get("chart_story_money_title").into(),
        description: t.fill(
            "chart_story_money_desc",
            &[
                ("planned", &show(last.planned)),
                ("spent", &show(last.spent)),
                ("forecast", &show(last.forecast)),
            ],
        ),
        kind: ChartKind::Bars,
        unit: Unit::Euro,
        category_header: t.get("report").into(),
        categories: history
            .iter()
            .map(|(p, r, _)| report_label(p, r, &site.config.language))
            .collect(),
        series: money_series(t, history.iter().map(|(_, _, e)| *e).collect()),
        note: None,
        derived: None,
        texts: texts(t),
        marks: None,
        compact: true,
    })
}

/// The positions of a table's rows of values (not its totals).
fn value_rows(tb: &FinanceTable) -> impl Iterator<Item = usize> + '_ {
    tb.rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.kind, RowKind::Values(_)))
        .map(|(i, _)| i)
}

/// One chart per cost column: the rows of every scenario's cost table,
/// a series per scenario. Only when the scenarios share their columns.
pub fn scenario_costs(site: &Site, t: &Strings) -> Vec<Chart> {
    let tables: Vec<(&Scenario, &FinanceTable)> = site
        .scenarios
        .iter()
        .filter_map(|s| s.costs.as_ref().map(|c| (s, c)))
        .collect();
    let Some((_, first)) = tables.first() else {
        return Vec::new();
    };
    if tables.iter().any(|(_, tb)| tb.columns != first.columns) {
        return Vec::new();
    }
    // Every value row of every table, by its label, in the order the
    // tables first give them: a row only one scenario has is a bar of its
    // own. A table with two value rows of one label cannot be drawn so.
    let mut labels: Vec<String> = Vec::new();
    for (_, tb) in &tables {
        let own: Vec<&String> = value_rows(tb).map(|r| &tb.rows[r].label).collect();
        if own.iter().enumerate().any(|(i, l)| own[..i].contains(l)) {
            return Vec::new();
        }
        for l in own {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    first
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let row_of =
                |tb: &FinanceTable, l: &String| value_rows(tb).find(|r| &tb.rows[*r].label == l);
            let series: Vec<Series> = tables
                .iter()
                .map(|(s, tb)| Series {
                    name: s.title.clone(),
                    values: labels
                        .iter()
                        .map(|l| match row_of(tb, l).map(|r| &tb.rows[r].kind) {
                            Some(RowKind::Values(v)) => cell(v.get(c).and_then(|x| x.money)),
                            _ => Cell::Empty,
                        })
                        .collect(),
                })
                .collect();
            // From the table, not the bars: a cell with only a note has no
            // bar, but its amount is not known, so the total says so. Every
            // value row of the scenario's own table counts.
            let totals: Vec<String> = tables
                .iter()
                .map(|(s, tb)| {
                    let mut total = Total::default();
                    for r in value_rows(tb) {
                        total.add_total(&tb.cell_total(r, c));
                    }
                    format!("{} {total}", s.title)
                })
                .collect();
            // A scenario without costs in this column draws nothing.
            let (series, left_out) = leave_out_zero_series(series);
            let mut description = t.fill(
                "chart_costs_desc",
                &[("column", column), ("totals", &totals.join(", "))],
            );
            if let Some(text) = left_out_text(t, &left_out) {
                description = format!("{description} {text}");
            }
            Chart {
                id: format!("kosten-{}", slug::slugify(column)),
                title: t.fill("chart_costs_title", &[("column", column)]),
                description,
                kind: ChartKind::Bars,
                unit: Unit::Euro,
                category_header: t.get("theme").into(),
                categories: labels.clone(),
                series,
                note: None,
                derived: None,
                texts: texts(t),
                marks: None,
                compact: false,
            }
        })
        .collect()
}

/// The chosen ambition level per theme.
pub fn theme_ambition(site: &Site, t: &Strings) -> Option<Chart> {
    let levels = &site.config.ambition_levels;
    if levels.is_empty() || site.themas.iter().all(|th| th.ambition.is_none()) {
        return None;
    }
    let themes: Vec<&Thema> = site
        .themas
        .iter()
        .filter(|th| th.ambition.is_some())
        .collect();
    let list: Vec<String> = themes
        .iter()
        .map(|th| {
            let label = th
                .ambition
                .as_deref()
                .and_then(|a| levels.iter().find(|l| l.id == a))
                .map_or("", |l| l.label.as_str());
            format!("{} {label}", th.title)
        })
        .collect();
    Some(Chart {
        id: "ambitie-per-thema".into(),
        title: t.get("chart_ambition_title").into(),
        description: t.fill("chart_ambition_desc", &[("list", &list.join(", "))]),
        kind: ChartKind::Levels(
            levels
                .iter()
                .map(|l| LevelMark {
                    label: l.label.clone(),
                    colour: ColourToken::Blue,
                })
                .collect(),
        ),
        unit: Unit::Count,
        category_header: t.get("theme").into(),
        categories: themes.iter().map(|th| th.title.clone()).collect(),
        series: vec![Series {
            name: t.get("ambition").into(),
            values: themes
                .iter()
                .map(|th| {
                    th.ambition
                        .as_deref()
                        .and_then(|a| levels.iter().position(|l| l.id == a))
                        .map_or(Cell::Empty, |i| Cell::Number(i as f64))
                })
                .collect(),
        }],
        note: None,
        derived: None,
        texts: texts(t),
        marks: None,
        compact: false,
    })
}

/// What kind of amount `a` is, in the site's language: "Eenmalig
/// (2021-2024)", "Per jaar", "Plateau 3".
pub fn basis_label(t: &Strings, a: &ThemeAmount) -> String {
    let code = a.basis.code();
    let text = match &a.period {
        Some(period) => t.fill(
            &format!("amount_basis_{code}_period"),
            &[("period", period)],
        ),
        None => t.get(&format!("amount_basis_{code}")).to_string(),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// One chart per kind of comparable amounts of the themes: unlabelled
/// amounts of one plan, basis and period, when at least two themes have
/// one. Charts never put amounts of different kinds (once, per year, per
/// plateau) or plans side by side. Themes in their order.
pub fn theme_amounts(site: &Site, t: &Strings) -> Vec<Chart> {
    let mut kinds: Vec<(theme::AmountKind, Vec<(&Thema, &ThemeAmount)>)> = Vec::new();
    for th in &site.themas {
        for a in &th.amounts {
            let Some(kind) = a.kind() else { continue };
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, list)) => list.push((th, a)),
                None => kinds.push((kind, vec![(th, a)])),
            }
        }
    }
    kinds
        .into_iter()
        .filter(|(_, list)| list.len() >= 2)
        .map(|(kind, list)| amounts_chart(site, t, kind, &list))
        .collect()
}

fn amounts_chart(
    site: &Site,
    t: &Strings,
    kind: theme::AmountKind,
    list: &[(&Thema, &ThemeAmount)],
) -> Chart {
    let code = kind.basis.code();
    let title = match kind.period {
        Some(period) => t.fill(
            &format!("chart_amounts_{code}_period_title"),
            &[("period", period)],
        ),
        None => t.get(&format!("chart_amounts_{code}_title")).to_string(),
    };
    let mut total = Total::default();
    for (_, a) in list {
        total.add_total(&a.total());
    }
    let values: Vec<String> = list
        .iter()
        .map(|(th, a)| format!("{} {}", th.title, a.total()))
        .collect();
    let plan = kind.publication.and_then(|p| site.publication(p));
    let description = match plan {
        Some(p) => t.fill(
            "chart_amounts_desc",
            &[
                ("title", &title),
                ("plan", &p.title),
                ("list", &values.join(", ")),
                ("total", &total.to_string()),
            ],
        ),
        None => t.fill(
            "chart_amounts_desc_no_plan",
            &[
                ("title", &title),
                ("list", &values.join(", ")),
                ("total", &total.to_string()),
            ],
        ),
    };
    // The main finding: which theme has the most (of the known amounts).
    let most = list
        .iter()
        .filter_map(|(th, a)| sum_cell(&a.total()).number().map(|v| (th, v)))
        .fold(None::<(&&Thema, f64)>, |best, (th, v)| match best {
            Some((_, bv)) if bv >= v => best,
            _ => Some((th, v)),
        });
    let description = match most {
        Some((th, v)) if v > 0.0 => format!(
            "{description} {}",
            t.fill(
                "chart_amounts_most",
                &[("theme", &th.title), ("amount", &Unit::Euro.format(v))],
            )
        ),
        _ => description,
    };
    let id = [
        "bedragen",
        kind.publication.unwrap_or(""),
        kind.basis.keyword(),
        &slug::slugify(kind.period.unwrap_or("")),
    ]
    .iter()
    .filter(|part| !part.is_empty())
    .map(|part| part.replace('_', "-"))
    .collect::<Vec<_>>()
    .join("-");
    let (kind, series) = amount_series(t, list);
    Chart {
        id,
        title,
        description,
        kind,
        unit: Unit::Euro,
        category_header: t.get("theme").into(),
        categories: list.iter().map(|(th, _)| th.title.clone()).collect(),
        series,
        note: plan.map(|p| t.fill("chart_amounts_note", &[("plan", &p.title)])),
        derived: None,
        texts: texts(t),
        marks: None,
        compact: false,
    }
}

/// The bars of the themes' amounts: the known part of each. When part of
/// a theme's amount is PM ("€ 600.000 + PM"), the bars are stacked with a
/// series of those PM parts, so that the bar ends in "+ PM" and the data
/// table, CSV and JSON say PM beside the known part, as the theme's page
/// does.
fn amount_series(t: &Strings, list: &[(&Thema, &ThemeAmount)]) -> (ChartKind, Vec<Series>) {
    let totals: Vec<Total> = list.iter().map(|(_, a)| a.total()).collect();
    let known = Series {
        name: basis_label(t, list[0].1),
        values: totals.iter().map(sum_cell).collect(),
    };
    let partly_pm = |total: &Total| total.has_pm() && !total.all_pm();
    if !totals.iter().any(partly_pm) {
        return (ChartKind::Bars, vec![known]);
    }
    let pm = Series {
        name: t.get("chart_pm_part").into(),
        values: totals
            .iter()
            .map(|total| match partly_pm(total) {
                true => Cell::Pm,
                false => Cell::Empty,
            })
            .collect(),
    };
    (ChartKind::Stacked, vec![known, pm])
}

fn year_fraction(d: &FuzzyDate) -> f64 {
    f64::from(d.day.year()) + f64::from(d.day.ordinal0()) / 365.25
}

/// The phases of a strategy over time.
pub fn phases(site: &Site, t: &Strings) -> Option<Chart> {
    let language = site.config.language.as_str();
    let phases = &site.config.phases;
    if phases.iter().all(|p| p.start.is_none()) {
        return None;
    }
    let spans: Vec<Span> = phases
        .iter()
        .map(|p| Span {
            label: p.level.label.clone(),
            start: p
                .start
                .as_ref()
                .map(|d| (year_fraction(d), d.text_in(language))),
            end: p
                .end
                .as_ref()
                .map(|d| (year_fraction(d), d.text_in(language))),
        })
        .collect();
    let list: Vec<String> = phases
        .iter()
        .map(|p| {
            let from = p
                .start
                .map(|d| d.text_in(language))
                .unwrap_or_else(|| t.get("not_set").into());
            let to = p.end.map_or_else(|| "…".into(), |d| d.text_in(language));
            format!("{} ({from} – {to})", p.level.label)
        })
        .collect();
    Some(Chart {
        id: "fasen".into(),
        title: t.get("chart_phases_title").into(),
        description: t.fill("chart_phases_desc", &[("list", &list.join(", "))]),
        kind: ChartKind::Timeline(spans),
        unit: Unit::Count,
        category_header: t.get("phases").into(),
        categories: phases.iter().map(|p| p.level.label.clone()).collect(),
        series: Vec::new(),
        note: None,
        derived: None,
        texts: texts(t),
        marks: None,
        compact: false,
    })
}

/// A finance table as grouped bars: value rows as categories, columns as
/// series. Total rows stay in the table only; so do columns that are € 0
/// or empty in every row, which the description names.
pub fn finance_table(table: &FinanceTable, t: &Strings) -> Chart {
    let rows: Vec<(&String, &Vec<TableCell>)> = table
        .rows
        .iter()
        .filter_map(|r| match &r.kind {
            RowKind::Values(v) => Some((&r.label, v)),
            RowKind::Sum { .. } => None,
        })
        .collect();
    let all: Vec<Series> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, name)| Series {
            name: name.clone(),
            values: rows
                .iter()
                .map(|(_, v)| cell(v.get(c).and_then(|x| x.money)))
                .collect(),
        })
        .collect();
    let (series, left_out) = leave_out_zero_series(all);
    let categories: Vec<String> = rows.iter().map(|(l, _)| (*l).clone()).collect();
    let mut description = vec![t.fill(
        "chart_finance_desc",
        &[
            ("title", &table.title),
            ("columns", &list(t, series.iter().map(|s| s.name.as_str()))),
        ],
    )];
    description.extend(largest_amount(t, &categories, &series));
    // The totals of the whole table: its total rows that no other total
    // row adds up (the subtotals are parts of those).
    let parts: Vec<usize> = table
        .rows
        .iter()
        .flat_map(|r| match &r.kind {
            RowKind::Sum { parts, .. } => parts.clone(),
            RowKind::Values(_) => Vec::new(),
        })
        .collect();
    for (i, r) in table.rows.iter().enumerate() {
        let RowKind::Sum {
            computed, stated, ..
        } = &r.kind
        else {
            continue;
        };
        if parts.contains(&i) {
            continue;
        }
        // The totals as the table shows them (ShownTotal).
        let amounts: Vec<String> = table
            .columns
            .iter()
            .zip(computed)
            .enumerate()
            .filter(|(_, (c, _))| series.iter().any(|s| &s.name == *c))
            .map(|(k, (c, v))| {
                let printed = stated.as_ref().and_then(|s| s.get(k).copied().flatten());
                match ShownTotal::of(v, printed) {
                    ShownTotal::Stated(m) => format!("{c} {m}"),
                    ShownTotal::Sum(v) => format!("{c} {v}"),
                }
            })
            .collect();
        if !amounts.is_empty() {
            description.push(format!("{}: {}.", r.label, amounts.join(", ")));
        }
    }
    description.extend(left_out_text(t, &left_out));
    let pm_note = rows
        .iter()
        .any(|(_, v)| v.iter().any(|x| x.money == Some(Money::Pm)));
    Chart {
        id: format!("tabel-{}", table.id),
        title: table.title.clone(),
        description: description.join(" "),
        kind: ChartKind::Bars,
        unit: Unit::Euro,
        category_header: t.get("item").into(),
        categories,
        series,
        note: pm_note.then(|| t.get("pm_meaning").to_string()),
        derived: None,
        texts: texts(t),
        marks: None,
        compact: false,
    }
}

/// The series that draw something, and those left out: a series whose
/// every value is 0 or empty draws no bar (PM is not zero: it draws its
/// mark). When every series is such, none is left out.
pub fn leave_out_zero_series(all: Vec<Series>) -> (Vec<Series>, Vec<Series>) {
    let zero = |s: &Series| {
        s.values
            .iter()
            .all(|c| matches!(c, Cell::Empty) || *c == Cell::Number(0.0))
    };
    if all.iter().all(zero) {
        return (all, Vec::new());
    }
    all.into_iter().partition(|s| !zero(s))
}

/// "Investering voorstel is overal € 0 en is weggelaten uit de grafiek.",
/// for the series [`leave_out_zero_series`] left out.
pub fn left_out_text(t: &Strings, left_out: &[Series]) -> Option<String> {
    if left_out.is_empty() {
        return None;
    }
    let empty = left_out
        .iter()
        .any(|s| s.values.iter().any(|c| matches!(c, Cell::Empty)));
    let key = if empty {
        "chart_left_out_empty"
    } else {
        "chart_left_out"
    };
    let names = list(t, left_out.iter().map(|s| s.name.as_str()));
    Some(t.fill_count(key, left_out.len(), &[("columns", &names)]))
}

/// "A, B en C".
fn list<'a>(t: &Strings, names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {} {last}", rest.join(", "), t.get("chart_list_and"))
        }
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// "Het grootste bedrag: 4A DSO, Exploitatie voorzien € 429.000.", when
/// the chart has more than one amount.
fn largest_amount(t: &Strings, categories: &[String], series: &[Series]) -> Option<String> {
    let amounts: Vec<(usize, &Series, f64)> = series
        .iter()
        .flat_map(|s| {
            s.values
                .iter()
                .enumerate()
                .filter_map(move |(i, c)| c.number().map(|v| (i, s, v)))
        })
        .collect();
    if amounts.len() < 2 {
        return None;
    }
    // The first of the largest, in reading order.
    let (i, s, v) =
        amounts.iter().fold(
            None::<(usize, &Series, f64)>,
            |best, &(i, s, v)| match best {
                Some((bi, _, bv)) if bv > v || (bv == v && bi <= i) => best,
                _ => Some((i, s, v)),
            },
        )?;
    Some(t.fill(
        "chart_largest",
        &[
            ("row", categories.get(i).map_or("", String::as_str)),
            ("column", &s.name),
            ("amount", &Unit::Euro.format(v)),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<StoryStatus> {
        (0..n)
            .map(|i| StoryStatus {
                story: format!("s{i}"),
                level: std::sync::Arc::new(StatusLevel {
                    id: "groen".into(),
                    label: "Groen".into(),
                    meaning: String::new(),
                    colour: ColourToken::Green,
                    rank: 0,
                }),
                derived: false,
                summary: String::new(),
                text: None,
                planned: Some(Money::Amount(100 * i as i64)),
                spent: None,
                forecast: None,
            })
            .collect()
    }

    #[test]
    fn the_rest_bar_stands_for_at_least_two_stories() {
        let one_more = entries(31);
        let (shown, rest) = largest(&one_more, 30);
        assert_eq!((shown.len(), rest.len()), (31, 0));
        let all = entries(32);
        let (shown, rest) = largest(&all, 30);
        assert_eq!((shown.len(), rest.len()), (30, 2));
        assert_eq!(shown[0].story, "s31", "largest first");
        assert_eq!(
            [rest[0].story.as_str(), rest[1].story.as_str()],
            ["s0", "s1"]
        );
    }
}
