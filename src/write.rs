//! Stage 4, write: put the rendered files on disk atomically. The site is
//! written into a temporary folder beside the output folder and swapped in
//! only when everything was written, so a failed or killed build leaves the
//! previous output untouched. koers only ever replaces a folder it made
//! itself (marked by a `.koers-output` file) and refuses output folders
//! that would overwrite the sources.

use crate::error::{Error, Result};
use crate::render::OutputFile;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The marker file that says "koers made this folder".
pub const MARKER: &str = ".koers-output";

/// Refuses output folders that are, contain, or sit inside a source folder.
pub fn check_output_folder(output: &Path, sources: &[&Path]) -> Result<PathBuf> {
    let out = absolute(output)?;
    if out.parent().is_none() {
        return Err(Error::Other(format!(
            "refusing to use {} as output folder: it is the root of the file system",
            output.display()
        )));
    }
    for source in sources {
        let src = absolute(source)?;
        if out == src || src.starts_with(&out) {
            return Err(Error::Other(format!(
                "refusing to use {} as output folder: it would replace {} (the build replaces the whole output folder); choose a folder of its own, such as `output`",
                output.display(),
                source.display()
            )));
        }
        if out.starts_with(&src) {
            return Err(Error::Other(format!(
                "refusing to use {} as output folder: it is inside {}, a source folder; choose a folder outside it",
                output.display(),
                source.display()
            )));
        }
    }
    Ok(out)
}

/// Writes `files` and copies `assets` (content-relative paths under
/// `content`) into `output`, atomically.
pub fn write_site(
    output: &Path,
    files: &[OutputFile],
    content: &Path,
    assets: &[String],
) -> Result<usize> {
    let parent = output
        .parent()
        .ok_or_else(|| Error::Other("the output folder has no parent folder".into()))?;
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Other(format!("{} is not a folder name", output.display())))?;
    if output.exists() && !output.join(MARKER).exists() && !is_empty_dir(output) {
        return Err(Error::Other(format!(
            "refusing to replace {}: it is not empty and koers did not make it (no {MARKER} file); remove it yourself or choose another output folder",
            output.display()
        )));
    }
    clean_leftovers(parent, &name);
    let staging = parent.join(format!(".{name}.koers-tmp-{}", std::process::id()));
    let previous = output.join(MARKER).exists().then_some(output);
    let result = fill(&staging, files, content, assets, previous);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap(&staging, output, parent, &name)?;
    Ok(files.len() + assets.len())
}

/// Writes everything into `staging`. A file whose bytes equal the same
/// file in the `previous` output is hard-linked from there instead of
/// written again, so unchanged files keep their time stamps.
fn fill(
    staging: &Path,
    files: &[OutputFile],
    content: &Path,
    assets: &[String],
    previous: Option<&Path>,
) -> Result<()> {
    fs::create_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    fs::write(
        staging.join(MARKER),
        "This folder is written by koers; it is replaced on every build.\n",
    )
    .map_err(|e| Error::io(staging, e))?;
    // Folders first (sequentially, so each is made once), then the files
    // in parallel.
    let mut dirs: Vec<PathBuf> = Vec::new();
    for f in files {
        if let Some(dir) = safe_join(staging, &f.path)?.parent() {
            if dirs.last().map(PathBuf::as_path) != Some(dir) {
                dirs.push(dir.to_path_buf());
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    use rayon::prelude::*;
    files.par_iter().try_for_each(|f| {
        let target = safe_join(staging, &f.path)?;
        if let Some(old) = previous.map(|p| p.join(&f.path)) {
            let same = fs::metadata(&old).is_ok_and(|m| m.len() == f.bytes.len() as u64)
                && fs::read(&old).is_ok_and(|b| b == f.bytes);
            if same && fs::hard_link(&old, &target).is_ok() {
                return Ok(());
            }
        }
        fs::write(&target, &f.bytes).map_err(|e| Error::io(&target, e))
    })?;
    for rel in assets {
        let target = safe_join(staging, rel)?;
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let from = content.join(rel);
        fs::copy(&from, &target).map_err(|e| Error::io(&from, e))?;
    }
    Ok(())
}

/// Moves the old output aside, the new one in, then removes the old one.
fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<()> {
    let old = parent.join(format!(".{name}.koers-old-{}", std::process::id()));
    let had_output = output.exists();
    if had_output {
        fs::rename(output, &old).map_err(|e| Error::io(output, e))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&old, output);
        }
        return Err(Error::io(output, e));
    }
    if had_output {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Removes temporary folders that a killed build left behind.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.koers-tmp-"), format!(".{name}.koers-old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str()))
            && entry.path().join(MARKER).exists()
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Joins a relative output path, refusing anything that climbs out.
fn safe_join(base: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        Ok(base.join(rel_path))
    } else {
        Err(Error::Other(format!(
            "refusing to write {rel}: the path leaves the output folder"
        )))
    }
}

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// An absolute, normalised path, also for a path that does not exist yet;
/// the path as given when the current folder cannot be read.
pub fn absolute_path(path: &Path) -> PathBuf {
    absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// An absolute, normalised path, also for paths that do not exist yet.
fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(".", e))?
            .join(path)
    };
    // Resolve symlinks for the part that exists, then normalise the rest.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(n), Some(p)) => {
                rest.push(n.to_os_string());
                existing = p.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.iter().rev() {
        match part.to_str() {
            Some("..") => {
                out.pop();
            }
            Some(".") => {}
            _ => out.push(part),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources_and_their_ancestors() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fs::create_dir_all(&content).unwrap();
        assert!(check_output_folder(&content, &[&content]).is_err());
        assert!(check_output_folder(dir.path(), &[&content]).is_err());
        assert!(check_output_folder(Path::new("/"), &[&content]).is_err());
        assert!(check_output_folder(&content.join("out"), &[&content]).is_err());
        assert!(check_output_folder(&dir.path().join("output"), &[&content]).is_ok());
    }

    #[test]
    fn refuses_to_replace_a_folder_koers_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("important.txt"), "keep").unwrap();
        let err = write_site(&out, &[], dir.path(), &[]).unwrap_err();
        assert!(err.to_string().contains("koers did not make it"));
        assert_eq!(
            fs::read_to_string(out.join("important.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn unchanged_files_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let file = |path: &str, text: &str| OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        };
        write_site(
            &out,
            &[file("a.html", "same"), file("b.html", "old")],
            dir.path(),
            &[],
        )
        .unwrap();
        let a_before = fs::metadata(out.join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_site(
            &out,
            &[file("a.html", "same"), file("b.html", "new")],
            dir.path(),
            &[],
        )
        .unwrap();
        assert_eq!(
            fs::metadata(out.join("a.html"))
                .unwrap()
                .modified()
                .unwrap(),
            a_before
        );
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "new");
    }

    #[test]
    fn rejects_paths_that_climb_out() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/b.html").is_ok());
    }
}
