//! The accessibility statement of site.yaml and what the Dutch model
//! statement requires of it.

use crate::error::Diagnostics;
use crate::load::input::SiteInput;
use crate::load::Parsed;
use crate::model::*;
use crate::validate::values::Values;

/// The accessibility statement of site.yaml, checked against the Dutch
/// model statement.
pub(super) fn accessibility(
    a: &crate::load::input::AccessibilityInput,
    src: &crate::load::source::SourceFile,
    v: &Values,
    diags: &mut Diagnostics,
) -> Accessibility {
    let status = a.status.as_ref().and_then(|at| {
        let text = at.trim();
        let found = Some(text.to_ascii_uppercase())
            .filter(|t| matches!(t.as_str(), "A" | "B" | "C" | "D"))
            .and_then(|t| t.chars().next());
        if found.is_none() {
            diags.push(
                src.error(src.at(at), format!("unknown accessibility status `{}`", at.value))
                    .with_help("use A (voldoet volledig), B (voldoet gedeeltelijk), C (eerste maatregelen genomen) or D (voldoet niet)"),
            );
        }
        found
    });
    let register_url = a.register_url.as_ref().and_then(|at| {
        let ok = url::Url::parse(at.trim())
            .ok()
            .filter(|u| u.scheme() == "https" && u.host_str().is_some());
        if ok.is_none() {
            diags.push(
                src.error(src.at(at), format!("`{}` in `register_url` is no https address", at.value))
                    .with_help("give the address of the site's statement in the register, e.g. https://www.toegankelijkheidsverklaring.nl/register/1234"),
            );
        }
        ok.map(|_| at.trim().to_string())
    });
    let accessibility = Accessibility {
        status,
        register_url,
        statement_date: v.date("statement_date", a.statement_date.as_ref(), diags),
        reviewed: v.date("reviewed", a.reviewed.as_ref(), diags),
        audit_date: v.date("audit_date", a.audit_date.as_ref(), diags),
        audit_method: present(&a.audit_method),
        audit_by: present(&a.audit_by),
        audit_report: present(&a.audit_report),
        scope: present(&a.scope),
        responsible: present(&a.responsible),
        feedback: present(&a.feedback),
        exceptions: a
            .exceptions
            .iter()
            .map(|e| AccessibilityException {
                criterion: e.criterion.value.clone(),
                description: e.description.clone(),
                reason: present(&e.reason),
                effect: present(&e.effect),
                measure: present(&e.measure),
                planned: v.date("planned", e.planned.as_ref(), diags),
            })
            .collect(),
        measures: a
            .measures
            .iter()
            .map(|m| AccessibilityMeasure {
                description: m.description.value.clone(),
                date: v.date("date", m.date.as_ref(), diags),
            })
            .collect(),
        automated: None,
    };
    if let (Some(status), Some(at)) = (status, &a.status) {
        for (message, help) in status_problems(status, &accessibility) {
            diags.push(src.error(src.at(at), message).with_help(help));
        }
    }
    accessibility
}

/// The warning for a site without an accessibility statement, at its
/// status (or the top of site.yaml), saying which facts to add.
pub fn no_statement_warning(
    site: &Parsed<SiteInput>,
    config: &SiteConfig,
) -> crate::error::Diagnostic {
    let src = &site.source;
    let status = site
        .input
        .accessibility
        .as_ref()
        .and_then(|a| a.status.as_ref());
    let pos = match status {
        Some(at) => src.at(at),
        None => crate::error::Position::new(1, 1),
    };
    let mut missing = Vec::new();
    if config.accessibility.status.is_none() {
        missing.push("`accessibility.status` (A, B, C or D, with the facts that status needs)");
    }
    if config.accessibility_feedback().is_none() {
        missing
            .push("`accessibility.feedback` or `contact.email` (where readers report a problem)");
    }
    src.warning(pos, "this site has no accessibility statement yet: koers writes no statement page and no footer link")
        .with_help(format!(
            "add {}; or `accessibility.register_url` with the statement in the register of toegankelijkheidsverklaring.nl; or a page of your own, pages/{}.md",
            missing.join(" and "),
            config.sections.accessibility
        ))
}

/// A text field that says something: blank counts as absent.
fn present(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// What the Dutch model statement requires of `status` and `a` lacks, as
/// (message, help) pairs; empty when the status is supported.
pub fn status_problems(status: char, a: &Accessibility) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let audit = [
        (
            "audit_date",
            a.audit_date.is_some(),
            "the date of the audit",
        ),
        (
            "audit_method",
            a.audit_method.is_some(),
            "how it was done, e.g. WCAG-EM, all 50 criteria of WCAG 2.1 A and AA",
        ),
        ("audit_by", a.audit_by.is_some(), "who did it"),
        (
            "audit_report",
            a.audit_report.is_some(),
            "the address of the report",
        ),
    ];
    match status {
        'A' | 'B' => {
            let missing: Vec<_> = audit.iter().filter(|(_, has, _)| !has).collect();
            if !missing.is_empty() {
                problems.push((
                    format!(
                        "status {status} needs an audit report; missing: {}",
                        names(missing.iter().map(|(n, _, _)| *n))
                    ),
                    format!(
                        "add {}; without a full audit the status is C or D",
                        missing
                            .iter()
                            .map(|(n, _, what)| format!("`{n}:` ({what})"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        _ => {}
    }
    match status {
        'A' if !a.exceptions.is_empty() => problems.push((
            "status A (voldoet volledig) cannot have exceptions".to_string(),
            "use status B (voldoet gedeeltelijk) for a site with exceptions".to_string(),
        )),
        'B' if a.exceptions.is_empty() => problems.push((
            "status B (voldoet gedeeltelijk) needs the criteria the site does not meet".to_string(),
            "add `exceptions:`, each with criterion, description, reason, effect, measure and planned".to_string(),
        )),
        'B' => {
            for e in &a.exceptions {
                let missing: Vec<&str> = [
                    ("reason", e.reason.is_some()),
                    ("effect", e.effect.is_some()),
                    ("measure", e.measure.is_some()),
                    ("planned", e.planned.is_some()),
                ]
                .iter()
                .filter(|(_, has)| !has)
                .map(|(n, _)| *n)
                .collect();
                if !missing.is_empty() {
                    problems.push((
                        format!(
                            "status B needs the cause, effect, measure and date of each exception; `{}` has no {}",
                            e.criterion,
                            names(missing.iter().copied())
                        ),
                        "add `reason:` (why it is not accessible), `effect:` (what users cannot do), `measure:` (what is done about it) and `planned:` (by when)".to_string(),
                    ));
                }
            }
        }
        'C' | 'D' if a.measures.is_empty() => problems.push((
            format!("status {status} needs the measures taken or planned, with their dates; missing: measures"),
            "add `measures:`, a list of `- description: ...` with `date: ...`".to_string(),
        )),
        'C' | 'D' => {
            for m in a.measures.iter().filter(|m| m.date.is_none()) {
                problems.push((
                    format!("status {status} needs the date of each measure; `{}` has no date", m.description),
                    "add `date:` to the measure: when it was taken or is planned".to_string(),
                ));
            }
        }
        _ => {}
    }
    problems
}

/// `a, b and c`, each in backquotes.
fn names<'n>(list: impl Iterator<Item = &'n str>) -> String {
    let list: Vec<String> = list.map(|n| format!("`{n}`")).collect();
    match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => list.join(""),
    }
}
