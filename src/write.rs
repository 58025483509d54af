//! Stage 4, write: put the rendered files on disk atomically. The site is
//! written into a temporary folder beside the output folder and swapped in
//! only when everything was written, so a failed or killed build leaves the
//! previous output untouched. koers only ever replaces a folder it made
//! itself (marked by a `.koers-output` file) and refuses output folders
//! that would overwrite the sources.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

mod lock;
pub use lock::lock_path;
pub(crate) use lock::OutputLock;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go (the contract between render and write): the write stage's staging folder, a serve
/// session's output, or nowhere (`koers check`). Called from many threads.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> crate::error::Result<()>;

    /// The files at `paths` are complete pages, made before the rest of
    /// the build (those of the content file an author just saved): an
    /// output that is served live may show them now. Others wait for the
    /// build to succeed.
    fn pages_ready(&self, _paths: &[String]) -> crate::error::Result<()> {
        Ok(())
    }
}

/// The marker file that says "koers made this folder".
pub const MARKER: &str = ".koers-output";

/// Refuses output folders that are, contain, or sit inside a source folder.
pub(crate) fn check_output_folder(output: &Path, sources: &[&Path]) -> Result<PathBuf> {
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

/// The output of a build being written: a staging folder beside the
/// output folder that files stream into (from many threads) and that
/// replaces the output folder on [`Staging::commit`]. Dropped without a
/// commit, it removes itself and the output folder stays as it was.
///
/// Files are handed to a pool of writer threads ([`write_threads`]) through
/// a short queue, so rendering goes on while a write waits for the disk:
/// making a folder or a file can block on reading the file system's own
/// records (inode and block bitmaps) when the kernel has dropped them from
/// its cache, and when the rendering threads wrote their own files that
/// wait left a core idle for up to half a second of a 10 000-story build
/// (see BENCHMARKS.md).
/// Files travel in batches (`BATCH_FILES`): a writer woken for every
/// file cost two switches between threads per file.
pub struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    target: Arc<Target>,
    /// The writer threads' queue of batches; `None` once closed, or when
    /// no writer thread could be started (then files are written by the
    /// caller).
    queue: Option<SyncSender<Vec<OutputFile>>>,
    /// Files waiting for a full batch.
    pending: Mutex<Vec<OutputFile>>,
    writers: Vec<JoinHandle<()>>,
    committed: bool,
    /// The output folder's lock, when this staging took it itself;
    /// released after the staging folder is swapped in or removed.
    _lock: Option<OutputLock>,
}

/// Threads that write files: one per core (at least 2, at most 8). More
/// writers than cores made builds slower when the file system is slow to
/// find free inodes (after large folders were deleted): the writers spin
/// on the lock of the folder they all create subfolders in, and take the
/// cores from rendering. A 10 000-story build on 2 cores took 12.2 and
/// 7.9 s with 8 writers, 6.8 and 5.7 s with 2; with the file system at
/// ease, 2.5 s either way (BENCHMARKS.md, run 33).
fn write_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8))
}
/// Files waiting for a writer: a bound on the memory they hold.
const QUEUED_FILES: usize = 64;
/// Files handed to a writer at a time.
const BATCH_FILES: usize = 16;

/// What the writer threads share: where files go, and what went wrong.
struct Target {
    dir: PathBuf,
    /// The output folder, as errors name the files (never the staging folder).
    output: PathBuf,
    /// The output of the previous build, if koers made it: unchanged files
    /// are hard-linked from there instead of written again.
    previous: Option<PathBuf>,
    /// Folders made so far.
    made: Mutex<HashSet<PathBuf>>,
    /// Writes that failed, reported by the next [`Sink::put`] or by
    /// [`Staging::commit`].
    failures: Mutex<Vec<Error>>,
    /// Set when the build failed: files still queued are not written.
    abandoned: AtomicBool,
}

impl Staging {
    /// Prepares a staging folder for `output` (an absolute path checked by
    /// `check_output_folder`), holding the output folder's lock (see
    /// `OutputLock`) until it is committed or dropped.
    pub fn begin(output: &Path) -> Result<Staging> {
        let lock = OutputLock::acquire(output, "build")?;
        Staging::prepare(output, Some(lock))
    }

    /// As [`Staging::begin`], under a lock the caller holds (`koers serve`
    /// holds it for its whole session).
    pub(crate) fn begin_locked(output: &Path, lock: &OutputLock) -> Result<Staging> {
        if lock.output() != output {
            return Err(Error::Other(format!(
                "the lock held is for {}, not for {}",
                lock.output().display(),
                output.display()
            )));
        }
        Staging::prepare(output, None)
    }

    fn prepare(output: &Path, lock: Option<OutputLock>) -> Result<Staging> {
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
        // Only under the lock: a staging folder left now is a dead build's.
        clean_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}.koers-tmp-{}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let target = Arc::new(Target {
            previous: output.join(MARKER).exists().then(|| output.to_path_buf()),
            made: Mutex::new(HashSet::from([dir.clone()])),
            output: output.to_path_buf(),
            dir,
            failures: Mutex::new(Vec::new()),
            abandoned: AtomicBool::new(false),
        });
        let mut staging = Staging {
            output: output.to_path_buf(),
            parent: parent.to_path_buf(),
            name,
            target,
            queue: None,
            pending: Mutex::new(Vec::new()),
            writers: Vec::new(),
            committed: false,
            _lock: lock,
        };
        write_new(
            &staging.target.dir.join(MARKER),
            b"This folder is written by koers; it is replaced on every build.\n",
        )?;
        staging.start_writers();
        Ok(staging)
    }

    /// Starts the writer threads; with none started, `put` writes itself.
    fn start_writers(&mut self) {
        let (queue, batches) = sync_channel::<Vec<OutputFile>>(QUEUED_FILES / BATCH_FILES);
        let batches = Arc::new(Mutex::new(batches));
        for i in 0..write_threads() {
            let (batches, target) = (Arc::clone(&batches), Arc::clone(&self.target));
            let spawned = std::thread::Builder::new()
                .name(format!("koers-write-{i}"))
                .spawn(move || loop {
                    // The lock is held only while taking the next batch (a
                    // `while let` would hold it through the writes too).
                    let next = batches.lock().ok().and_then(|b| b.recv().ok());
                    let Some(batch) = next else { break };
                    batch.into_iter().for_each(|f| target.write_or_record(f));
                });
            if let Ok(handle) = spawned {
                self.writers.push(handle);
            }
        }
        if !self.writers.is_empty() {
            self.queue = Some(queue);
        }
    }

    /// Waits until every file handed over is on disk; the first failure.
    fn finish_writes(&mut self) -> Result<()> {
        // Files still waiting are sent even if a thread panicked while it
        // held the list: leaving them out would lose them without an error.
        let pending = self.pending.get_mut();
        let rest = std::mem::take(pending.unwrap_or_else(std::sync::PoisonError::into_inner));
        // Closing the queue (dropping it) lets the writers finish.
        let sent = self
            .queue
            .take()
            .is_none_or(|queue| queue.send(rest).is_ok());
        for handle in self.writers.drain(..) {
            let _ = handle.join();
        }
        match self.target.first_failure() {
            Some(e) => Err(e),
            None if !sent => Err(Error::Other("the output folder's writers stopped".into())),
            None => Ok(()),
        }
    }

    /// Copies `assets` (content-relative paths under `content`), then swaps
    /// the staging folder in. Returns the number of assets copied.
    pub fn commit(mut self, content: &Path, assets: &[String]) -> Result<usize> {
        self.finish_writes()?;
        for rel in assets {
            let from = content.join(rel);
            self.copy_asset(&from, rel).map_err(|e| match e {
                Error::Io { source, .. } => Error::Other(format!(
                    "cannot copy {} to the output folder: {source}",
                    from.display()
                )),
                other => other,
            })?;
        }
        swap(&self.target.dir, &self.output, &self.parent, &self.name)?;
        self.committed = true;
        Ok(assets.len())
    }
}

impl Staging {
    fn copy_asset(&self, from: &Path, rel: &str) -> Result<()> {
        let target = safe_join(&self.target.dir, rel)?;
        self.target.make_parent(&target)?;
        // A page at the same path may be a hard link into the live output.
        remove_if_there(&target)?;
        fs::copy(from, &target)
            .map(drop)
            .map_err(|e| Error::io(from, e))
    }
}

impl Target {
    fn make_parent(&self, target: &Path) -> Result<()> {
        let Some(dir) = target.parent() else {
            return Ok(());
        };
        // One folder is made at a time: folders made side by side contend
        // for their parent's lock in the kernel, which spins for it.
        let mut made = self
            .made
            .lock()
            .map_err(|_| Error::Other("a writer thread failed".into()))?;
        if !made.contains(dir) {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            made.insert(dir.to_path_buf());
        }
        Ok(())
    }

    fn write(&self, file: &OutputFile) -> Result<()> {
        self.write_staged(file)
            .map_err(|e| self.named(e, &file.path))
    }

    /// An error of the staging folder, naming the file as it will be in
    /// the output folder, and what may have caused it.
    fn named(&self, e: Error, rel: &str) -> Error {
        match e {
            Error::Io { source, .. } => Error::Other(format!(
                "cannot write {}: {source}; is another file of the site (a static file in the content folder, or a redirect) at the same place?",
                self.output.join(rel).display()
            )),
            other => other,
        }
    }

    fn write_staged(&self, file: &OutputFile) -> Result<()> {
        let target = safe_join(&self.dir, &file.path)?;
        self.make_parent(&target)?;
        if let Some(old) = self.previous.as_ref().map(|p| p.join(&file.path)) {
            if same_bytes(&old, &file.bytes) && fs::hard_link(&old, &target).is_ok() {
                return Ok(());
            }
        }
        write_new(&target, &file.bytes)
    }

    /// The earliest write that failed, taken from the list.
    fn first_failure(&self) -> Option<Error> {
        let mut failures = self.failures.lock().ok()?;
        (!failures.is_empty()).then(|| failures.remove(0))
    }

    fn write_or_record(&self, file: OutputFile) {
        if self.abandoned.load(Ordering::Relaxed) {
            return;
        }
        if let Err(e) = self.write(&file) {
            if let Ok(mut f) = self.failures.lock() {
                f.push(e);
            }
        }
    }
}

impl Sink for Staging {
    /// Checks the path and queues the file; a write that failed before is
    /// reported here, so the build stops.
    fn put(&self, file: OutputFile) -> Result<()> {
        safe_join(&self.target.dir, &file.path)?;
        if let Some(e) = self.target.first_failure() {
            return Err(e);
        }
        let Some(queue) = &self.queue else {
            return self.target.write(&file);
        };
        let full = {
            let mut pending = self
                .pending
                .lock()
                .map_err(|_| Error::Other("a thread of the build failed".into()))?;
            pending.push(file);
            (pending.len() >= BATCH_FILES).then(|| std::mem::take(&mut *pending))
        };
        match full {
            // Sent outside the lock: a full queue blocks only this thread.
            Some(batch) => queue
                .send(batch)
                .map_err(|_| Error::Other("the output folder's writers stopped".into())),
            None => Ok(()),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            self.target.abandoned.store(true, Ordering::Relaxed);
        }
        let _ = self.finish_writes();
        if !self.committed {
            let _ = fs::remove_dir_all(&self.target.dir);
        }
    }
}

/// Replaces the live file at `path` in one step: the bytes go to a new
/// file beside it, which is renamed over it, so a reader (a browser of
/// `koers serve`) never sees half a file. Makes the folder when needed.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".koers-new-{name}"));
    // A leftover temp file is replaced, never written into.
    write_new(&temp, bytes)?;
    fs::rename(&temp, path).map_err(|e| Error::io(path, e))
}

/// Writes `bytes` into a new file at `path`, replacing (unlinking) any
/// file there instead of writing into it: a file in a staging folder may
/// be a hard link to a file of the live output, and writing into it would
/// change the live site before the build succeeded.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    // A few tries: another writer thread may put the same path between
    // our unlink and our create.
    for _ in 0..8 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(mut f) => return f.write_all(bytes).map_err(|e| Error::io(path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => remove_if_there(path)?,
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    Err(Error::Other(format!(
        "{}: written by another thread at the same time, again and again",
        path.display()
    )))
}

/// Unlinks the file at `path`, if there is one.
fn remove_if_there(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

/// True when the file at `path` holds exactly `bytes`.
pub(crate) fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|b| b == bytes)
}

/// Writes `files` and copies `assets` (content-relative paths under
/// `content`) into `output`, atomically (the unit tests' one-call build).
#[cfg(test)]
fn write_site(
    output: &Path,
    files: &[OutputFile],
    content: &Path,
    assets: &[String],
) -> Result<usize> {
    let staging = Staging::begin(output)?;
    for f in files {
        staging.put(f.clone())?;
    }
    staging.commit(content, assets)?;
    Ok(files.len() + assets.len())
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
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            if entry.path().join(MARKER).exists() {
                let _ = fs::remove_dir_all(entry.path());
            } else {
                // Killed between making the folder and marking it: an empty
                // folder holds nothing (remove_dir removes only those).
                let _ = fs::remove_dir(entry.path());
            }
        }
    }
}

/// Joins a relative output path, refusing anything that climbs out.
pub(crate) fn safe_join(base: &Path, rel: &str) -> Result<PathBuf> {
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
pub(crate) fn absolute_path(path: &Path) -> PathBuf {
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
    fn a_failed_write_is_reported_and_the_output_stays_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let file = |path: &str| OutputFile {
            path: path.into(),
            bytes: b"x".to_vec(),
        };
        write_site(&out, &[file("keep.html")], dir.path(), &[]).unwrap();
        // `a` is a file, so nothing can be written under it.
        let files: Vec<OutputFile> = std::iter::once(file("a"))
            .chain((0..200).map(|i| file(&format!("page-{i}.html"))))
            .chain(std::iter::once(file("a/b.html")))
            .collect();
        let err = write_site(&out, &files, dir.path(), &[]).unwrap_err();
        // The error names the file in the output folder, not the staging folder.
        let text = err.to_string();
        assert!(
            text.contains(&format!("{}", out.join("a/b.html").display())),
            "{text}"
        );
        assert!(
            !text.contains("koers-tmp") && !text.contains("staging"),
            "{text}"
        );
        assert!(out.join("keep.html").exists());
        assert!(!out.join("page-0.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("koers-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "the staging folder is removed");
    }

    #[test]
    fn every_file_is_on_disk_once_the_output_is_committed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let files: Vec<OutputFile> = (0..500)
            .map(|i| OutputFile {
                path: format!("d{}/p{i}/index.html", i % 7),
                bytes: format!("page {i}").into_bytes(),
            })
            .collect();
        write_site(&out, &files, dir.path(), &[]).unwrap();
        for f in &files {
            assert_eq!(fs::read(out.join(&f.path)).unwrap(), f.bytes);
        }
    }

    #[test]
    fn a_second_put_of_a_linked_file_does_not_write_into_the_live_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let file = |path: &str, text: &str| OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        };
        write_site(&out, &[file("index.html", "home")], dir.path(), &[]).unwrap();
        let mut staging = Staging::begin(&out).unwrap();
        // Unchanged, so hard-linked from the live output; then put again.
        staging.put(file("index.html", "home")).unwrap();
        staging.put(file("index.html", "redirect")).unwrap();
        staging.finish_writes().unwrap();
        let staged = staging.target.dir.join("index.html");
        assert_eq!(fs::read_to_string(&staged).unwrap(), "redirect");
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        assert!(!staged.exists());
    }

    #[test]
    fn rejects_paths_that_climb_out() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/b.html").is_ok());
    }
}
