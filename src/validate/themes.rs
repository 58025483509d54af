//! What a theme says besides its text that needs the rest of the site: its
//! amounts (which may add up the budgets of its stories) and its references
//! to coalition goals (numbered by a document its publication names).

use super::*;
use crate::model::money::{Money, Total};
use std::collections::HashMap;

/// A theme's `budget`, no longer part of the format: an error that shows
/// the `amounts` entry to write instead.
pub(super) fn budget_replaced(input: &ThemaInput, src: &SourceFile, diags: &mut Diagnostics) {
    let Some(budget) = &input.budget else {
        return;
    };
    let written = src
        .raw(budget)
        .map(str::to_string)
        .unwrap_or_else(|| budget.as_text());
    diags.push(
        src.error(
            src.at(budget),
            "a theme has no `budget` any more: its amounts are listed under `amounts`, each saying what kind of amount it is",
        )
        .with_help(format!(
            "replace `budget: {written}` by `amounts: [{{basis: eenmalig, amount: {written}}}]`, with the basis the source gives: eenmalig (one-off), per_jaar (every year) or per_periode (with `period:`, e.g. plateau 3); add `period:` (e.g. \"2021-2024\") where the source names one (see Themes in docs/content-format.md)"
        )),
    );
}

/// The stories that count towards a theme's `sum: stories`, by theme id:
/// each story counts to its first theme only, so no budget is counted twice.
pub(super) fn stories_by_first_theme(stories: &[Story]) -> HashMap<&str, Vec<&Story>> {
    let mut by_theme: HashMap<&str, Vec<&Story>> = HashMap::new();
    for s in stories {
        if let Some(first) = s.themes.first() {
            by_theme.entry(first.as_str()).or_default().push(s);
        }
    }
    by_theme
}

/// The amounts of theme `t` (validated as `theme`): each entry's basis,
/// period, plan and value, rolled up from `stories` where it says
/// `sum: stories`.
pub(super) fn amounts(
    t: &Parsed<ThemaInput>,
    theme: &Thema,
    resolver: &Resolver,
    stories: &HashMap<&str, Vec<&Story>>,
    diags: &mut Diagnostics,
) -> Vec<ThemeAmount> {
    let src = &t.source;
    let mut out: Vec<ThemeAmount> = Vec::new();
    for entry in &t.input.amounts {
        let Some(amount) = amount(entry, theme, resolver, stories, src, diags) else {
            continue;
        };
        if let Some(kind) = amount.kind() {
            if out.iter().any(|a| a.kind() == Some(kind)) {
                diags.push(
                    src.error(
                        src.at(&entry.basis),
                        "the theme has two amounts of this kind (basis, period and plan) without a label",
                    )
                    .with_help("give each a `label` that says what it is for, or add them up into one amount"),
                );
            }
        }
        out.push(amount);
    }
    out
}

fn amount(
    entry: &At<AmountInput>,
    theme: &Thema,
    resolver: &Resolver,
    stories: &HashMap<&str, Vec<&Story>>,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<ThemeAmount> {
    let e = &entry.value;
    let basis = AmountBasis::parse(&e.basis).or_else(|| {
        diags.push(
            src.error(
                src.at(&e.basis),
                format!("unknown basis `{}` of an amount", e.basis),
            )
            .with_help(crate::suggest::valid_values_help(
                &e.basis,
                &AmountBasis::KEYWORDS.map(String::from),
            )),
        );
        None
    })?;
    let period = e
        .period
        .as_ref()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    if basis == AmountBasis::PerPeriod && period.is_none() {
        diags.push(
            src.error(
                src.at(&e.basis),
                "an amount `per_periode` needs its `period`",
            )
            .with_help("add the period it covers, as the source names it: `period: plateau 3`"),
        );
        return None;
    }
    let publication = match &e.publication {
        Some(p) => Some(resolver.resolve(Kind::Publication, p, src, "publication", diags)?),
        None => theme.publication.clone(),
    };
    let v = Values::new(src);
    let unit = v.unit(e.unit.as_ref(), diags);
    let stated = v.money("amount", e.amount.as_ref(), unit, diags);
    let value = match (&e.sum, &e.amount) {
        (None, None) => {
            diags.push(
                src.error(src.at(&e.basis), "this amount has neither `amount` nor `sum`")
                    .with_help("give the amount (`amount: \"€ 920.000\"`), or `sum: stories` to add up the budgets of the theme's stories"),
            );
            return None;
        }
        (None, Some(_)) => AmountValue::Stated(stated?),
        (Some(sum), _) if sum.value.trim() != "stories" => {
            diags.push(
                src.error(src.at(sum), format!("unknown `sum: {}`", sum.value))
                    .with_help("write `sum: stories` to add up the budgets of the theme's stories"),
            );
            return None;
        }
        (Some(sum), written) => {
            let counted = counted(theme, publication.as_deref(), stories);
            if counted.is_empty() {
                diags.push(nothing_to_add(sum, theme, publication.as_deref(), src));
                return None;
            }
            let total = Total::of(counted.iter().map(|s| s.budget));
            if let (Some(stated), Some(at)) = (stated, written) {
                if let Some(problem) = disagreement(stated, &total) {
                    diags.push(
                        src.error(
                            src.at(at),
                            format!(
                                "the amount states {stated}, but the budgets of its stories add up to {total}{problem} ({})",
                                counted.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                        )
                        .with_help("correct the amount or the stories' budgets; leave `amount` out to let koers add them up"),
                    );
                }
            } else if written.is_some() {
                // The stated amount could not be read: reported already.
                return None;
            }
            AmountValue::Stories {
                total,
                stories: counted.iter().map(|s| s.id.clone()).collect(),
                stated,
            }
        }
    };
    Some(ThemeAmount {
        basis,
        period,
        label: e.label.clone(),
        publication,
        note: e.note.clone(),
        value,
    })
}

/// The stories whose budgets `sum: stories` adds up for `theme`: those that
/// have it as their first theme, with a budget in `publication`.
fn counted<'s>(
    theme: &Thema,
    publication: Option<&str>,
    stories: &HashMap<&str, Vec<&'s Story>>,
) -> Vec<&'s Story> {
    stories
        .get(theme.id.as_str())
        .into_iter()
        .flatten()
        .filter(|s| s.budget.is_some() && s.publication.as_deref() == publication)
        .copied()
        .collect()
}

/// Why a stated amount does not agree with the sum of the stories, or
/// None when it does. PM is never added as zero: an amount stated while
/// some budgets are PM cannot be checked, and is an error.
fn disagreement(stated: Money, total: &Total) -> Option<&'static str> {
    match stated {
        Money::Pm if total.has_pm() => None,
        Money::Pm => Some(", all of them known"),
        Money::Amount(_) if total.has_pm() => Some(": PM was counted as zero"),
        Money::Amount(c) if c != total.known_cents => Some(""),
        Money::Amount(_) => None,
    }
}

fn nothing_to_add(
    sum: &At<String>,
    theme: &Thema,
    publication: Option<&str>,
    src: &SourceFile,
) -> crate::error::Diagnostic {
    let plan = publication.map_or_else(
        || "no publication".to_string(),
        |p| format!("publication `{p}`"),
    );
    src.error(
        src.at(sum),
        format!("`sum: stories` has nothing to add up: no story with a budget in {plan} has `{}` as its first theme", theme.id),
    )
    .with_help("a story counts to the first theme of its `themes` (so no budget counts twice), with the budget of its own `publication`; give the amount itself, or name the plan of the stories' budgets in the amount's `publication`")
}

/// Coalition goals are numbered by a document: a theme that gives their
/// numbers needs a publication that names it (`coalition_goals_source`),
/// or the numbers would mean nothing to a reader.
pub(super) fn check_coalition_sources(
    loaded: &Loaded,
    themas: &[Thema],
    publications: &[Publication],
    diags: &mut Diagnostics,
) {
    for (t, theme) in loaded.themas.iter().zip(themas) {
        let Some(first) = t.input.coalition_goals.iter().find(|c| !c.goals.is_empty()) else {
            continue;
        };
        let publication = theme
            .publication
            .as_deref()
            .and_then(|p| publications.iter().find(|x| x.slug == p));
        if publication.is_some_and(|p| p.coalition_goals_source.is_some()) {
            continue;
        }
        let help = match publication {
            Some(p) => format!(
                "add `coalition_goals_source:` with the document's `title` (and `registration_number` or `url`) to publication `{}`",
                p.slug
            ),
            None => "give the theme a `publication:` whose `coalition_goals_source` names the document".to_string(),
        };
        diags.push(
            t.source
                .error(
                    t.source.at(first),
                    "the numbers of the theme's `coalition_goals` do not say which document they come from",
                )
                .with_help(help),
        );
    }
}

/// A theme's references to coalition goals, as written.
pub(super) fn coalition_goals(input: &ThemaInput) -> Vec<CoalitionGoalRef> {
    input
        .coalition_goals
        .iter()
        .map(|c| CoalitionGoalRef {
            domain: c.domain.clone(),
            goals: c.goals.clone(),
            about: c.about.clone(),
            text: c.text.clone(),
        })
        .collect()
}

/// Whether putting story `new` in place of `old` could make a theme's
/// `sum: stories` wrong: a sum it counts towards (before or after) that
/// also states its amount, or a sum it was the only story of. The budgets
/// a sum adds up are checked by the whole site's validation only.
pub(super) fn edit_breaks_a_sum(themas: &[Thema], old: &Story, new: &Story) -> bool {
    fn counted(s: &Story) -> (Option<Money>, Option<&String>, &Option<String>) {
        (s.budget, s.themes.first(), &s.publication)
    }
    if counted(old) == counted(new) {
        return false;
    }
    themas.iter().any(|t| {
        t.amounts.iter().any(|a| {
            let AmountValue::Stories {
                stories, stated, ..
            } = &a.value
            else {
                return false;
            };
            let counts_old = stories.contains(&old.id);
            let counts_new = new.budget.is_some()
                && new.themes.first() == Some(&t.id)
                && new.publication == a.publication;
            (stated.is_some() && (counts_old || counts_new))
                || (counts_old && !counts_new && stories.len() == 1)
        })
    })
}
