//! Checks across the whole site, after every file is validated: report
//! relations and dates, and amounts that differ a thousandfold.

use super::*;

/// `reports_on` relations must not loop (A reports on B reports on A).
pub(super) fn check_report_cycle(site: &Site, loaded: &Loaded, diags: &mut Diagnostics) {
    for start in &site.publications {
        let mut seen = vec![start.slug.as_str()];
        let mut cur = start;
        while let Some(next) = cur.reports_on.as_deref().and_then(|n| site.publication(n)) {
            if seen.contains(&next.slug.as_str()) {
                if next.slug == start.slug {
                    let src = loaded
                        .publications
                        .iter()
                        .find(|p| folder_slug(&p.index.source.rel) == start.slug)
                        .map(|p| &p.index.source);
                    if let Some(src) = src {
                        let chain: Vec<&str> =
                            seen.iter().copied().chain([next.slug.as_str()]).collect();
                        diags.push(
                            Diagnostic::error(&src.shown, super::publication::p_reports_on(loaded, &start.slug).map_or(crate::error::Position::new(1, 1), |at| src.at(at)), format!("circular `reports_on`: {}", chain.join(" -> ")))
                                .with_help("a publication cannot (indirectly) report on itself; remove one of the relations"),
                        );
                    }
                }
                break;
            }
            seen.push(next.slug.as_str());
            cur = next;
        }
    }
}

pub(super) fn publications_dates(
    publications: &[Publication],
) -> Vec<(String, Option<date::FuzzyDate>)> {
    publications
        .iter()
        .map(|p| (p.slug.clone(), p.rapportage.as_ref().map(|r| r.date)))
        .collect()
}

/// Two reports with one reporting date: which is "the previous report"
/// would depend on folder names, so it is an error naming both.
pub(super) fn check_report_dates(
    loaded: &Loaded,
    dates: &[(String, Option<date::FuzzyDate>)],
    diags: &mut Diagnostics,
) {
    for (i, (slug, date)) in dates.iter().enumerate() {
        let Some(date) = date else { continue };
        let Some((first, _)) = dates[..i]
            .iter()
            .find(|(_, d)| d.is_some_and(|d| d.day == date.day))
        else {
            continue;
        };
        let Some(p) = loaded
            .publications
            .iter()
            .find(|p| folder_slug(&p.index.source.rel) == *slug)
        else {
            continue;
        };
        let Some(progress) = &p.index.input.progress else {
            continue;
        };
        diags.push(
            p.index
                .source
                .error(
                    p.index.source.at(&progress.date),
                    format!("this report has the same reporting date as the report `{first}`"),
                )
                .with_help("give each report the date it reports on; koers orders reports (and finds the previous one) by that date"),
        );
    }
}

/// An amount of a story, where it is written.
pub(super) type Amount<'a> = (i64, &'a SourceFile, &'a At<Scalar>);

/// Warns about an amount that differs by a factor of a thousand or more
/// from the other amounts of the same story: the trap of `unit: k€` with
/// an amount written in euros (or the other way round).
pub(super) fn check_magnitudes(loaded: &Loaded, resolver: &Resolver, diags: &mut Diagnostics) {
    use std::collections::HashMap;
    let mut amounts: HashMap<String, Vec<Amount>> = HashMap::new();
    let mut quiet = Diagnostics::new();
    for s in &loaded.stories {
        let v = Values::new(&s.source);
        let unit = v.unit(s.input.unit.as_ref(), &mut quiet);
        let id = content_id(s.input.id.as_ref(), &s.source, &mut quiet);
        if let Some(at) = &s.input.budget {
            if let Some(money::Money::Amount(c)) = v.money("budget", Some(at), unit, &mut quiet) {
                amounts.entry(id).or_default().push((c, &s.source, at));
            }
        }
    }
    for p in &loaded.publications {
        let Some(progress) = &p.index.input.progress else {
            continue;
        };
        let src = &p.index.source;
        let v = Values::new(src);
        let unit = v.unit(progress.unit.as_ref(), &mut quiet);
        for e in &progress.entries {
            let Some(id) = resolver.resolve(Kind::Story, &e.story, src, "story", &mut quiet) else {
                continue;
            };
            for (key, at) in [
                ("planned", &e.planned),
                ("spent", &e.spent),
                ("forecast", &e.forecast),
            ] {
                let Some(at) = at else { continue };
                if let Some(money::Money::Amount(c)) = v.money(key, Some(at), unit, &mut quiet) {
                    amounts.entry(id.clone()).or_default().push((c, src, at));
                }
            }
        }
    }
    let mut ids: Vec<&String> = amounts.keys().collect();
    ids.sort();
    for id in ids {
        let list: Vec<&(i64, &SourceFile, &At<Scalar>)> =
            amounts[id].iter().filter(|(c, _, _)| *c > 0).collect();
        let (Some(min), Some(max)) = (
            list.iter().min_by_key(|a| a.0),
            list.iter().max_by_key(|a| a.0),
        ) else {
            continue;
        };
        if max.0 / 1_000 < min.0 {
            continue;
        }
        // The odd one out is the amount furthest from the others' median.
        let mut sorted: Vec<i64> = list.iter().map(|a| a.0).collect();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2] as f64;
        let distance = |c: i64| ((c as f64) / median).ln().abs();
        let (odd, other) = if distance(min.0) > distance(max.0) {
            (min, max)
        } else {
            (max, min)
        };
        diags.push(
            odd.1
                .warning(
                    odd.1.at(odd.2),
                    format!(
                        "{} for story `{id}` differs by a factor of {} or more from its {} ({}:{})",
                        money::format_euros(odd.0),
                        if max.0 / min.0 >= 1_000_000 { "a million" } else { "a thousand" },
                        money::format_euros(other.0),
                        other.1.shown.display(),
                        other.1.at(other.2).line
                    ),
                )
                .with_help("check the unit: with `unit: k€` a bare number is in thousands (2500 is € 2.500.000), and \"€ 2.500\" is always € 2.500"),
        );
    }
}
