//! The lock on an output folder: one koers process at a time writes it. Two
//! builds (or a build and `koers serve`) on one folder would otherwise
//! remove each other's staging folder and swap half-written sites in.
//!
//! The lock is an OS advisory lock on a file beside the output folder
//! (`.<name>.koers-lock`), so the kernel releases it when the holder dies,
//! however it dies; the file also holds the holder's pid and command, for
//! the messages of whoever waits for it.

use crate::error::{Error, Result};
use std::fs::{self, File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a build waits for another build to finish with the folder.
const WAIT_FOR_BUILD: Duration = Duration::from_secs(120);
/// How long to wait for `koers serve`: it does not stop by itself, so only
/// a session being stopped is worth waiting for.
const WAIT_FOR_SERVE: Duration = Duration::from_secs(10);
/// Overrides both waits, in seconds (for scripts and tests).
const WAIT_VAR: &str = "KOERS_LOCK_WAIT";

/// An exclusive lock on an output folder, held until dropped.
#[derive(Debug)]
pub(crate) struct OutputLock {
    /// Open for as long as the lock is held: closing it releases the lock.
    _file: File,
    output: PathBuf,
}

/// The lock file of the output folder `output` (an absolute path).
pub fn lock_path(output: &Path) -> Result<PathBuf> {
    let parent = output
        .parent()
        .ok_or_else(|| Error::Other("the output folder has no parent folder".into()))?;
    let name = output
        .file_name()
        .ok_or_else(|| Error::Other(format!("{} is not a folder name", output.display())))?;
    Ok(parent.join(format!(".{}.koers-lock", name.to_string_lossy())))
}

impl OutputLock {
    /// Locks `output` (an absolute path) for `command` (`build`, `serve`),
    /// waiting for another koers process that holds it: up to two minutes
    /// for a build, ten seconds for `koers serve` (or `KOERS_LOCK_WAIT`
    /// seconds).
    pub(crate) fn acquire(output: &Path, command: &str) -> Result<OutputLock> {
        let wait = std::env::var(WAIT_VAR)
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64);
        OutputLock::acquire_within(output, command, wait)
    }

    /// As [`OutputLock::acquire`], waiting at most `wait` when given.
    pub(crate) fn acquire_within(
        output: &Path,
        command: &str,
        wait: Option<Duration>,
    ) -> Result<OutputLock> {
        let path = lock_path(output)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // Not truncated on opening: the holder's pid stays readable.
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let start = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    let holder = Holder::read(&path);
                    let bound = wait.unwrap_or(if holder.is_serve() {
                        WAIT_FOR_SERVE
                    } else {
                        WAIT_FOR_BUILD
                    });
                    if start.elapsed() >= bound {
                        return Err(Error::Other(holder.busy(output, start.elapsed())));
                    }
                    if !told {
                        eprintln!(
                            "koers: waiting for {holder} to finish with {}/",
                            output.display()
                        );
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(TryLockError::Error(e)) => {
                    // A file system without locks must not keep anyone
                    // from building: go on as koers did before it locked.
                    eprintln!(
                        "koers: warning: cannot lock {} ({e}); make sure no other koers process writes {}/",
                        path.display(),
                        output.display()
                    );
                    break;
                }
            }
        }
        // Best effort: the pid only makes the messages of others clearer.
        let _ = file
            .set_len(0)
            .and_then(|()| writeln!(file, "{} {command}", std::process::id()));
        Ok(OutputLock {
            _file: file,
            output: output.to_path_buf(),
        })
    }

    /// The output folder this lock is for.
    pub(crate) fn output(&self) -> &Path {
        &self.output
    }
}

/// Who holds a lock, as its file says.
struct Holder {
    pid: Option<u32>,
    command: Option<String>,
}

impl Holder {
    fn read(path: &Path) -> Holder {
        let text = fs::read_to_string(path).unwrap_or_default();
        let mut words = text.split_whitespace();
        Holder {
            pid: words.next().and_then(|w| w.parse().ok()),
            command: words.next().map(str::to_string),
        }
    }

    fn is_serve(&self) -> bool {
        self.command.as_deref() == Some("serve")
    }

    /// The error after waiting in vain: who holds the folder, what to do.
    fn busy(&self, output: &Path, waited: Duration) -> String {
        let advice = if self.is_serve() {
            "stop it (Ctrl-C in its terminal), or build into another folder with --output"
        } else {
            "wait for it to finish or stop it, or build into another folder with --output"
        };
        format!(
            "{}/ is in use by {self} (waited {:.0} s for it); {advice}",
            output.display(),
            waited.as_secs_f64()
        )
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.command, self.pid) {
            (Some(c), Some(pid)) => write!(f, "koers {c} (pid {pid})"),
            (None, Some(pid)) => write!(f, "koers (pid {pid})"),
            _ => write!(f, "another koers process"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_holder_and_a_released_one_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let held = OutputLock::acquire_within(&out, "serve", None).unwrap();
        let err = OutputLock::acquire_within(&out, "build", Some(Duration::from_millis(100)))
            .unwrap_err()
            .to_string();
        let pid = std::process::id();
        assert!(err.contains(&format!("koers serve (pid {pid})")), "{err}");
        assert!(err.contains("Ctrl-C"), "{err}");
        drop(held);
        let again = OutputLock::acquire_within(&out, "build", Some(Duration::ZERO)).unwrap();
        assert_eq!(again.output(), out);
        let text = fs::read_to_string(lock_path(&out).unwrap()).unwrap();
        assert_eq!(text, format!("{pid} build\n"));
    }
}
