//! `koers import DOCUMENT.docx --into content/publications/NAME/`: a Word
//! document as a koers publication.
//!
//! The steps: `package` opens the .docx (a zip, read within limits),
//! `docx` reads its parts into the small model of `model` (with `xml` for
//! the parts and `styles` for styles and list numbering), `chapters`
//! splits it into index.md and a chapter per top-level heading and
//! `markdown` writes each, and `write` puts the files in the folder, after
//! checking that it overwrites nothing it may not. See docs/import.md.

mod chapters;
mod docx;
mod markdown;
mod model;
mod package;
mod styles;
mod write;
mod xml;

pub use model::{Finding, Kind};

use crate::error::Result;
use std::fmt;
use std::path::{Path, PathBuf};

/// The report's file in the publication's folder. Its name starts with a
/// dot: koers' loader skips hidden files, so it is never published.
pub const REPORT_FILE: &str = ".import-rapport.txt";

/// What an import wrote, and what of the document it did not carry.
#[derive(Debug, Clone)]
pub struct Report {
    pub docx: PathBuf,
    pub into: PathBuf,
    /// The files written, by name, in the folder `into` (the report last).
    pub files: Vec<String>,
    pub chapters: usize,
    pub images: usize,
    /// Fields of index.md the build requires that the document does not
    /// give: left out, so that `koers check` names them.
    pub missing: Vec<&'static str>,
    pub findings: Vec<Finding>,
}

/// Imports the Word document `docx` into the publication folder `into`.
/// Without `force`, nothing is written when any of the files exists.
pub fn import(docx: &Path, into: &Path, force: bool) -> Result<Report> {
    let mut package = package::Package::open(docx)?;
    let document = docx::read(&mut package)?;
    let mut plan = chapters::plan(document);
    let mut report = Report {
        docx: docx.to_path_buf(),
        into: into.to_path_buf(),
        files: plan.files.iter().map(|f| f.name.clone()).collect(),
        chapters: plan.chapters,
        images: plan.images,
        missing: plan.missing.clone(),
        findings: std::mem::take(&mut plan.findings),
    };
    report.findings.extend(strays(into, &report.files));
    report.files.push(REPORT_FILE.to_string());
    plan.files.push(chapters::OutFile {
        name: REPORT_FILE.to_string(),
        bytes: report.to_string().into_bytes(),
    });
    write::write_all(into, &plan.files, force)?;
    Ok(report)
}

/// Markdown files already in the folder that the import does not write:
/// koers would read them as chapters that `chapters:` does not list.
fn strays(into: &Path, written: &[String]) -> Vec<Finding> {
    let Ok(entries) = std::fs::read_dir(into) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('.') && !written.contains(n))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| Finding {
            kind: Kind::Other,
            place: "the folder".to_string(),
            detail: format!("{n} was already in the folder and is not one of the imported chapters; koers will refuse it until you delete it or list it in `chapters:`"),
        })
        .collect()
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        writeln!(
            f,
            "Imported {} into {}: index.md, {} and {}.",
            self.docx.display(),
            self.into.display(),
            plural(self.chapters, "chapter", "chapters"),
            plural(self.images, "image", "images"),
        )?;
        if !self.missing.is_empty() {
            writeln!(
                f,
                "\nStill to fill in index.md (the document does not say it): {}.",
                self.missing.join(", ")
            )?;
        }
        if self.findings.is_empty() {
            writeln!(f, "\nEverything in the document was carried.")?;
        } else {
            writeln!(
                f,
                "\nNot carried, or carried in koers' own way ({}):",
                self.findings.len()
            )?;
            for finding in &self.findings {
                writeln!(
                    f,
                    "- {} at {}: {}",
                    finding.kind, finding.place, finding.detail
                )?;
            }
        }
        if self.findings.iter().any(|x| x.kind == Kind::TrackedChange) {
            writeln!(
                f,
                "\nThe document has tracked changes: the text reads as if every change was accepted. Check the changes above before publishing."
            )?;
        }
        writeln!(
            f,
            "\nThis report is kept in {} (not published). Next: koers check.",
            self.into.join(REPORT_FILE).display()
        )
    }
}
