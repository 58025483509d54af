//! The audit report: what `koers audit` checked, with what, and what it
//! found, as a dated JSON file in the content folder's `audits/` folder
//! (versioned with the site, so an accessibility statement can cite it).
//! The format is documented in `docs/audit.md`. A module of its own, so
//! that validation can read it without depending on the audit.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// The folder of the content folder that holds the reports.
pub const AUDITS_FOLDER: &str = "audits";

/// The version of the report format; raised when a field changes meaning.
pub const FORMAT: u32 = 1;

/// One audit of a built site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    /// The report format's version (`FORMAT`).
    pub format: u32,
    /// The day of the audit (UTC), also the report's file name.
    pub date: chrono::NaiveDate,
    /// The moment the audit ended, RFC 3339 in UTC.
    pub time: String,
    pub koers_version: String,
    /// As the browser reports it, e.g. `Chrome/131.0.6778.85`.
    pub chromium_version: String,
    pub axe_core_version: String,
    /// The axe-core rule tags that were run (WCAG 2.0, 2.1 and 2.2, A and AA).
    pub tags: Vec<String>,
    /// The viewport widths in CSS pixels every page was checked at.
    pub widths: Vec<u32>,
    /// The URL paths of the pages checked, relative to the site's base URL
    /// (`/`, `/over/`, `/404.html`).
    pub pages: Vec<String>,
    /// Every axe-core violation, one per page and rule.
    pub violations: Vec<Violation>,
    /// The Nu Html Checker's run; None when no Java runtime or vnu.jar was found.
    pub vnu: Option<VnuRun>,
}

/// One axe-core rule that failed on one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The page's URL path, as in [`AuditReport::pages`].
    pub page: String,
    /// The axe-core rule id, e.g. `image-alt`.
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks, in axe-core's words.
    pub help: String,
    /// axe-core's page about the rule.
    pub help_url: String,
    /// How many elements fail the rule (the most at any width).
    pub nodes: usize,
    /// CSS selectors of the first failing elements (up to five per width).
    pub targets: Vec<String>,
    /// The widths at which the rule failed.
    pub widths: Vec<u32>,
}

/// What the Nu Html Checker found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VnuRun {
    pub version: String,
    /// Its errors (warnings and notes are left out).
    pub errors: Vec<VnuError>,
}

/// One markup error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VnuError {
    /// The page's URL path, as in [`AuditReport::pages`].
    pub page: String,
    pub line: Option<u64>,
    pub message: String,
}

impl AuditReport {
    /// True when nothing was found.
    pub fn passed(&self) -> bool {
        self.problems() == 0
    }

    /// axe-core violations plus markup errors.
    pub fn problems(&self) -> usize {
        self.violations.len() + self.vnu.as_ref().map_or(0, |v| v.errors.len())
    }

    /// Writes the report to `content/audits/<date>.json` (replacing an
    /// earlier one of the same day); returns its path.
    pub fn write(&self, content: &Path) -> Result<PathBuf> {
        let dir = content.join(AUDITS_FOLDER);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join(format!("{}.json", self.date));
        let mut json = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Other(format!("cannot write the audit report: {e}")))?;
        json.push('\n');
        // Written beside and renamed over, so a reader never sees half a report.
        let temp = dir.join(format!(".{}.json.tmp", self.date));
        std::fs::write(&temp, json).map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }
}

/// The newest report in `content/audits/` (by its date, the file name), if
/// there is one that can be read.
pub fn latest_report(content: &Path) -> Option<AuditReport> {
    let dir = content.join(AUDITS_FOLDER);
    let mut dated: Vec<(chrono::NaiveDate, PathBuf)> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            let stem = path.file_stem()?.to_str()?;
            let date = stem.parse::<chrono::NaiveDate>().ok()?;
            (path.extension()? == "json").then_some((date, path))
        })
        .collect();
    dated.sort();
    dated.iter().rev().find_map(|(_, path)| {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    })
}

impl fmt::Display for AuditReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths: Vec<String> = self.widths.iter().map(|w| format!("{w} px")).collect();
        writeln!(
            f,
            "Audited {} pages at {} with axe-core {} ({}) in {}",
            self.pages.len(),
            widths.join(" and "),
            self.axe_core_version,
            self.tags.join(", "),
            self.chromium_version
        )?;
        match &self.vnu {
            Some(v) => writeln!(
                f,
                "and with the Nu Html Checker {}: {} error{}",
                v.version,
                v.errors.len(),
                plural(v.errors.len())
            )?,
            None => writeln!(
                f,
                "The Nu Html Checker did not run (it needs java and vnu.jar: npm ci, or VNU_JAR)"
            )?,
        }
        let mut rules: Vec<&str> = self.violations.iter().map(|v| v.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        for rule in rules {
            let on: Vec<&Violation> = self.violations.iter().filter(|v| v.rule == rule).collect();
            let first = on[0];
            writeln!(
                f,
                "{rule} ({}): {} on {} page{}",
                first.impact.as_deref().unwrap_or("no impact given"),
                first.help,
                on.len(),
                plural(on.len())
            )?;
            for v in on {
                let widths: Vec<String> = v.widths.iter().map(u32::to_string).collect();
                writeln!(
                    f,
                    "  {}: {} element{} (at {} px)",
                    v.page,
                    v.nodes,
                    plural(v.nodes),
                    widths.join(" and ")
                )?;
            }
        }
        if let Some(v) = &self.vnu {
            for e in &v.errors {
                let line = e.line.map_or(String::new(), |l| format!(":{l}"));
                writeln!(f, "markup: {}{line}: {}", e.page, e.message)?;
            }
        }
        let n = self.problems();
        if n == 0 {
            write!(f, "No violations found")
        } else {
            write!(f, "{n} violation{} found", plural(n))
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(date: &str) -> AuditReport {
        AuditReport {
            format: FORMAT,
            date: date.parse().unwrap(),
            time: format!("{date}T12:00:00+00:00"),
            koers_version: "0.1.0".into(),
            chromium_version: "Chrome/131".into(),
            axe_core_version: "4.14.1".into(),
            tags: vec!["wcag2a".into()],
            widths: vec![1280, 320],
            pages: vec!["/".into()],
            violations: Vec::new(),
            vnu: None,
        }
    }

    #[test]
    fn the_latest_report_is_the_newest_readable_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(latest_report(dir.path()), None);
        report("2026-01-02").write(dir.path()).unwrap();
        report("2025-12-31").write(dir.path()).unwrap();
        // A broken newer file is passed over, and other files are not reports.
        std::fs::write(dir.path().join("audits/2026-03-01.json"), "{").unwrap();
        std::fs::write(dir.path().join("audits/notes.json"), "{}").unwrap();
        let latest = latest_report(dir.path()).unwrap();
        assert_eq!(latest, report("2026-01-02"));
        assert!(latest.passed());
    }
}
