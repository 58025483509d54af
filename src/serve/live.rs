//! The output of a serve session: files pass through a [`Recorder`] on the
//! first build, and into the [`Live`] folder on rebuilds.

use super::*;

/// Passes files on and remembers their hashes.
pub(super) struct Recorder<'a> {
    pub(super) inner: &'a dyn Sink,
    pub(super) hashes: Mutex<HashMap<String, u64>>,
}

impl Sink for Recorder<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        let hash = hash_text(&file.bytes);
        if let Ok(mut h) = self.hashes.lock() {
            h.insert(file.path.clone(), hash);
        }
        self.inner.put(file)
    }
}

/// The live output folder of a serve session. Files whose bytes changed
/// are held until [`Live::flush`], so a build that fails halfway writes
/// nothing; each file is replaced atomically (written beside, renamed over).
pub(super) struct Live<'s> {
    pub(super) root: PathBuf,
    pub(super) on_disk: Mutex<HashMap<String, u64>>,
    pub(super) pending: Mutex<Vec<(OutputFile, u64)>>,
    /// Where the browsers learn of new files.
    pub(super) state: &'s State,
    /// The files written before the build ended (quick pages, the pages of
    /// a changed file): the browsers heard of them already.
    pub(super) early: Mutex<Vec<String>>,
}

impl Sink for Live<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        let hash = hash_text(&file.bytes);
        let same = self
            .on_disk
            .lock()
            .map(|d| d.get(&file.path) == Some(&hash))
            .unwrap_or(false);
        if !same {
            if let Ok(mut p) = self.pending.lock() {
                p.push((file, hash));
            }
        }
        Ok(())
    }

    /// The pages of the file an author just saved are made before the rest
    /// of the site: the content is valid, so the last error is gone (a
    /// later one is set again); out they go, for a quick reload.
    fn pages_ready(&self, paths: &[String]) -> Result<()> {
        if let Ok(mut e) = self.state.error.lock() {
            *e = None;
        }
        self.write_early(paths)
    }
}

impl Live<'_> {
    /// Writes the quick pages of the edited stories and chapters, if they
    /// can be made on their own (see [`build::quick_pages`]), and tells
    /// the browser; returns what it wrote.
    pub(super) fn quick(
        &self,
        cache: &mut build::BuildCache,
        changed: &[PathBuf],
    ) -> Result<Vec<String>> {
        let Some(paths) = build::quick_pages(cache, changed, self) else {
            // Nothing half-made may be written later.
            if let Ok(mut p) = self.pending.lock() {
                p.clear();
            }
            return Ok(Vec::new());
        };
        self.write_early(&paths)?;
        Ok(paths)
    }

    /// Writes the pending files among `paths` before the build ends, and
    /// tells the browsers.
    pub(super) fn write_early(&self, paths: &[String]) -> Result<()> {
        let written = self.flush(Some(paths))?;
        if !written.is_empty() {
            self.state.publish(Some(written.clone()));
            if let Ok(mut early) = self.early.lock() {
                early.extend(written);
            }
        }
        Ok(())
    }

    /// Writes the pending files (those among `only`, when given); returns
    /// their paths.
    pub(super) fn flush(&self, only: Option<&[String]>) -> Result<Vec<String>> {
        let files: Vec<(OutputFile, u64)> = {
            let mut p = self
                .pending
                .lock()
                .map_err(|_| Error::Other("output lock poisoned".into()))?;
            match only {
                None => std::mem::take(&mut *p),
                Some(paths) => {
                    let (now, later) = std::mem::take(&mut *p)
                        .into_iter()
                        .partition(|(f, _)| paths.contains(&f.path));
                    *p = later;
                    now
                }
            }
        };
        let mut written = Vec::new();
        for (file, hash) in files {
            let target = crate::write::safe_join(&self.root, &file.path)?;
            crate::write::replace_file(&target, &file.bytes)?;
            if let Ok(mut d) = self.on_disk.lock() {
                d.insert(file.path.clone(), hash);
            }
            written.push(file.path);
        }
        Ok(written)
    }

    /// Removes the files of the last build that this one did not make.
    pub(super) fn remove_all_but(&self, keep: &HashSet<&str>) -> Result<Vec<String>> {
        let mut d = self
            .on_disk
            .lock()
            .map_err(|_| Error::Other("output lock poisoned".into()))?;
        let gone: Vec<String> = d
            .keys()
            .filter(|p| !keep.contains(p.as_str()))
            .cloned()
            .collect();
        for path in &gone {
            let target = crate::write::safe_join(&self.root, path)?;
            let _ = std::fs::remove_file(&target);
            d.remove(path);
            // Remove folders left empty, up to the output folder.
            let mut dir = target.parent();
            while let Some(folder) = dir.filter(|f| *f != self.root) {
                if std::fs::remove_dir(folder).is_err() {
                    break;
                }
                dir = folder.parent();
            }
        }
        Ok(gone)
    }
}
