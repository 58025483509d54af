//! `koers new`: the file an adviser writes next, made from what the site
//! already holds. A new progress report lists every story and goal of the
//! latest report, with the last status as a hint in a comment, never as a
//! fact: the build names each entry whose status is still to be filled.
//! A new story or publication is a template with every field explained.

use crate::error::{Error, Result};
use crate::model::{money::Money, Publication, Rapportage, Site};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// What `koers new report` needs: the reporting date (as content writes
/// dates: "medio december 2018", 2018-12-14) and the folder name of the
/// new report; both have defaults taken from the latest report.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    pub date: Option<String>,
    pub name: Option<String>,
}

/// Writes the next progress report of the site in `content`, after its
/// latest one; gives the path of the new `index.md`.
pub fn new_report(content: &Path, site: &Site, request: &ReportRequest) -> Result<PathBuf> {
    let Some((previous, report)) = site.reports().last().copied() else {
        return Err(Error::Other(
            "the site has no progress report yet to start the next one from; write the first \
             one by hand (see docs/content-format.md, \"Progress reports\")"
                .into(),
        ));
    };
    let name = match &request.name {
        Some(n) => n.clone(),
        None => format!("{}-volgende", previous.slug),
    };
    check_name(&name)?;
    let folder = content.join("publications").join(&name);
    let path = folder.join("index.md");
    let text = report_text(previous, report, request.date.as_deref());
    write_new(&path, &text)?;
    Ok(path)
}

/// Writes a template for a new story `id` in `content`.
pub fn new_story(content: &Path, id: &str) -> Result<PathBuf> {
    check_name(id)?;
    let path = content.join("stories").join(format!("{id}.md"));
    write_new(&path, STORY_TEMPLATE)?;
    Ok(path)
}

/// Writes a template for a new publication in folder `name` of `content`.
pub fn new_publication(content: &Path, name: &str) -> Result<PathBuf> {
    check_name(name)?;
    let path = content.join("publications").join(name).join("index.md");
    write_new(&path, PUBLICATION_TEMPLATE)?;
    Ok(path)
}

/// A name becomes a folder or file name: lower-case letters, digits and
/// hyphens only, so it is also a clean URL.
fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::Other(format!(
            "`{name}` cannot be a name: use lower-case letters, digits and hyphens \
             (for example voortgang-2019-06)"
        )))
    }
}

/// Writes `text` to `path`, which must not exist yet: nothing an adviser
/// wrote is ever overwritten.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(Error::Other(format!(
            "{} already exists; nothing was written (choose another name)",
            path.display()
        )));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// An amount as a comment shows it, with an ordinary space.
fn hint(m: Option<Money>) -> String {
    m.map_or_else(|| "–".to_string(), |m| m.to_string().replace('\u{a0}', " "))
}

/// A text on one line, for a YAML comment.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML string, quoted.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The front matter and text of the next report after `previous`.
fn report_text(previous: &Publication, report: &Rapportage, date: Option<&str>) -> String {
    let mut t = String::new();
    let was = format!("{} ({})", previous.title, report.date);
    let _ = writeln!(t, "---");
    let _ = writeln!(
        t,
        "# De volgende voortgangsrapportage na {}.",
        one_line(&was)
    );
    let _ = writeln!(
        t,
        "# Vul elke `status:` en `summary:` in; koers noemt elke die nog leeg is."
    );
    let _ = writeln!(
        t,
        "# Een story waarover deze rapportage niets zegt: haal die weg."
    );
    let _ = writeln!(
        t,
        "# De regels met 'vorige' geven wat de vorige rapportage zei: een hint, geen feit."
    );
    let _ = writeln!(
        t,
        "title: {}",
        quoted(&format!("{} (vervolg)", previous.title))
    );
    let _ = writeln!(t, "type: voortgangsrapportage");
    let _ = writeln!(t, "woo_category: {}", previous.woo_category.code);
    if let Some(plan) = &previous.reports_on {
        let _ = writeln!(t, "reports_on: {plan}");
    }
    let _ = writeln!(t, "progress:");
    match date {
        Some(d) => {
            let _ = writeln!(t, "  date: {}", quoted(d));
        }
        None => {
            let _ = writeln!(
                t,
                "  date: \"\"         # de peildatum, bijvoorbeeld medio december 2018"
            );
        }
    }
    if let Some(period) = &report.period {
        let _ = writeln!(
            t,
            "  # period: {}   (de periode van de vorige rapportage)",
            one_line(period)
        );
    }
    entries_text(&mut t, report);
    goals_text(&mut t, report);
    let _ = writeln!(t, "---");
    let _ = writeln!(t, "Schrijf hier de inleiding van de rapportage.");
    t
}

/// The `entries:` of the next report: each story of `report`, to fill in.
fn entries_text(t: &mut String, report: &Rapportage) {
    if report.entries.is_empty() {
        return;
    }
    let _ = writeln!(t, "  entries:");
    for e in &report.entries {
        let _ = writeln!(t, "    - story: {}", e.story);
        let _ = writeln!(
            t,
            "      # vorige: {} - {}",
            e.level.id,
            one_line(&e.summary)
        );
        let _ = writeln!(
            t,
            "      # vorige bedragen: begroot {}, besteed {}, prognose {}",
            hint(e.planned),
            hint(e.spent),
            hint(e.forecast)
        );
        let _ = writeln!(t, "      status:");
        let _ = writeln!(t, "      summary:");
        let _ = writeln!(t, "      planned:");
        let _ = writeln!(t, "      spent:");
        let _ = writeln!(t, "      forecast:");
    }
}

/// The `goals:` of the next report: each goal of `report`, to fill in.
fn goals_text(t: &mut String, report: &Rapportage) {
    if report.goals.is_empty() {
        return;
    }
    let _ = writeln!(t, "  goals:");
    for g in &report.goals {
        let _ = writeln!(t, "    - goal: {}", g.goal);
        let _ = writeln!(
            t,
            "      # vorige: {} - {}",
            g.level.id,
            one_line(&g.summary)
        );
        let _ = writeln!(t, "      status:");
        let _ = writeln!(t, "      summary:");
    }
}

/// `koers new story`: every field, with what it is for.
const STORY_TEMPLATE: &str = r#"---
# Een story (project, onderdeel): wat inwoners van rapportage tot rapportage
# volgen. Alleen `title` is verplicht; zie docs/handleiding/ en
# docs/content-format.md. Haal het #-teken weg voor een veld dat je invult.
title: Titel van de story
# number: 3                 # het nummer in het programma, als het er een heeft
# themes: [dienstverlening] # de ids van de thema's; het eerste is het hoofdthema
# publication: programmaplan-2025   # het plan waar het budget uit komt
# budget: "€ 250.000"       # het budget in dat plan (PM als het nog niet bekend is)
# owner: Afdeling Informatievoorziening
summary: Eén zin over wat de story oplevert.
---
Beschrijf hier wat de story doet, voor wie, en waarom.
"#;

/// `koers new publication`: every field, with what it is for.
const PUBLICATION_TEMPLATE: &str = r#"---
# Een publicatie: een visie, strategie, programmaplan of voortgangsrapportage.
# De hoofdstukken zijn de andere .md-bestanden in deze map. Zie
# docs/handleiding/ en docs/content-format.md voor alle velden. Haal het
# #-teken weg voor een veld dat je invult.
title: Titel van de publicatie
type: strategie             # visie, strategie, programmaplan of voortgangsrapportage
# woo_category: 2g          # de Woo-informatiecategorie, als site.yaml er geen geeft
# status: vastgesteld
summary: Eén of twee zinnen over waar de publicatie over gaat.
# dates:
#   adopted: 2025-03-12     # wanneer het is vastgesteld
#   adopted_by: PS
#   published: 2025-03-20
---
Schrijf hier de inleiding.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_clean_folder_names() {
        assert!(check_name("voortgang-2019-06").is_ok());
        for bad in ["", "-x", "Voortgang", "a/b", "..", "a b"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn quotes_yaml_strings() {
        assert_eq!(quoted("Plan \"B\""), "\"Plan \\\"B\\\"\"");
    }
}
