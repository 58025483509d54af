//! Writes the import's files into the publication's folder, safely: every
//! target is checked before anything is written, nothing existing is
//! overwritten without `--force`, and nothing is written outside the folder.

use super::chapters::OutFile;
use crate::error::{Error, Result};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How many existing files a refusal names.
const NAMED: usize = 10;

/// Writes `files` into `into` (made when missing). Without `force`, fails
/// without writing anything when one of them exists.
pub(super) fn write_all(into: &Path, files: &[OutFile], force: bool) -> Result<()> {
    for f in files {
        if !is_plain_name(&f.name) {
            return Err(Error::Other(format!(
                "koers made the bad file name {:?}; nothing was written",
                f.name
            )));
        }
    }
    if into.exists() && !into.is_dir() {
        return Err(Error::Other(format!(
            "{} is a file, not a folder; give --into the publication's folder (content/publications/NAME/). Nothing was written",
            into.display()
        )));
    }
    let existing: Vec<&OutFile> = files
        .iter()
        .filter(|f| into.join(&f.name).symlink_metadata().is_ok())
        .collect();
    if let Some(dir) = existing.iter().find(|f| into.join(&f.name).is_dir()) {
        return Err(Error::Other(format!(
            "{} is a folder, where the import writes a file; nothing was written",
            into.join(&dir.name).display()
        )));
    }
    if !existing.is_empty() && !force {
        return Err(refusal(into, &existing));
    }
    fs::create_dir_all(into).map_err(|e| Error::io(into, e))?;
    let mut created: Vec<PathBuf> = Vec::new();
    for f in files {
        let path = into.join(&f.name);
        let result = if force {
            replace(&path, &f.bytes)
        } else {
            create(&path, &f.bytes)
        };
        match result {
            Ok(()) => created.push(path),
            Err(e) => {
                if !force {
                    // Leave the folder as it was: take back what this run made.
                    for p in &created {
                        let _ = fs::remove_file(p);
                    }
                }
                return Err(e);
            }
        }
    }
    Ok(())
}

fn refusal(into: &Path, existing: &[&OutFile]) -> Error {
    let mut names: Vec<&str> = existing
        .iter()
        .take(NAMED)
        .map(|f| f.name.as_str())
        .collect();
    if existing.len() > NAMED {
        names.push("…");
    }
    Error::Other(format!(
        "{} already has {} of the files the import writes ({}); nothing was written. Import into a new folder, or add --force to overwrite them",
        into.display(),
        existing.len(),
        names.join(", ")
    ))
}

/// A file name of its own: no folder, no `..`, nothing hidden but the
/// report.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && (!name.starts_with('.') || name == super::REPORT_FILE)
}

/// A new file; fails when the path exists (also as a link).
fn create(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}

/// Replaces the file at `path` by a new one, through a temporary file and
/// a rename: a symbolic link there is replaced, never followed.
fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.koers-import"));
    let _ = fs::remove_file(&temp);
    create(&temp, bytes)?;
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> OutFile {
        OutFile {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn names_with_a_folder_are_refused() {
        assert!(is_plain_name("01-inleiding.md"));
        assert!(is_plain_name(crate::import::REPORT_FILE));
        for bad in ["", ".", "..", "../x.md", "a/b.md", "a\\b.md", ".hidden"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
        let dir = tempfile::tempdir().expect("temp");
        assert!(write_all(dir.path(), &[file("../uit.md", "x")], false).is_err());
        assert!(!dir.path().parent().expect("parent").join("uit.md").exists());
    }

    #[cfg(unix)]
    #[test]
    fn force_replaces_a_link_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().expect("temp");
        let outside = dir.path().join("buiten.md");
        fs::write(&outside, "buiten").expect("write");
        let into = dir.path().join("pub");
        fs::create_dir(&into).expect("dir");
        std::os::unix::fs::symlink(&outside, into.join("index.md")).expect("link");
        let files = [file("index.md", "nieuw")];
        assert!(write_all(&into, &files, false).is_err());
        write_all(&into, &files, true).expect("forced");
        assert_eq!(fs::read_to_string(&outside).expect("read"), "buiten");
        assert_eq!(
            fs::read_to_string(into.join("index.md")).expect("read"),
            "nieuw"
        );
    }
}
