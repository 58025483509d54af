//! Watching the sources: one rebuild per burst of changes.

use super::*;

pub(super) mod log {
    /// Debug output when KOERS_DEBUG is set.
    pub fn debug(msg: &str) {
        if std::env::var_os("KOERS_DEBUG").is_some() {
            eprintln!("koers: {msg}");
        }
    }
}

/// Files editors write and remove while saving: never a reason to rebuild.
fn is_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.starts_with(".koers")
}

/// Watches the content folder, the theme and the site's own templates and
/// static files (also when they appear later); rebuilds once per burst of
/// changes. The watcher lives in its thread until `stop` is set.
pub(super) fn watch(session: Session, state: Arc<State>, stop: Arc<AtomicBool>) -> Result<()> {
    let opts = session.opts.clone();
    let project = crate::write::absolute_path(opts.content.parent().unwrap_or(Path::new(".")));
    let content = crate::write::absolute_path(&opts.content);
    let relevant = relevance(
        &project,
        &crate::write::absolute_path(&opts.output),
        &content,
    );
    // Set as soon as a relevant change comes in: a running rebuild stops
    // after the changed pages and starts over with the newer change.
    let newer = Arc::new(AtomicBool::new(false));
    // Each burst of changes, once the files are quiet: the paths it names
    // (none when the watcher lost track and everything may have changed).
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = debouncer(newer.clone(), relevant, tx)?;
    let mut roots = Roots {
        wanted: vec![
            content.clone(),
            project.join("templates"),
            project.join("static"),
            crate::write::absolute_path(
                &opts.theme.clone().unwrap_or_else(|| project.join("themes")),
            ),
        ],
        watched: Vec::new(),
    };
    roots.add(&mut watcher);
    if roots.watched.is_empty() {
        return Err(Error::Other(
            "nothing to watch: the content folder does not exist".into(),
        ));
    }
    // The project folder itself, not recursively: to see templates/ or
    // static/ appear.
    let _ = watcher.watch(&project, RecursiveMode::NonRecursive);
    let watching = Watching {
        session,
        state,
        stop,
        newer,
        rx,
        watcher,
        roots,
        content,
        shown: format!(
            "{}/",
            opts.content.display().to_string().trim_end_matches('/')
        ),
    };
    std::thread::spawn(move || watching.run());
    Ok(())
}

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Whether a file event may change the site: not a read, not an editor's
/// temporary file, not in the output, and in the project only the content
/// folder, `templates/` and `static/`.
fn relevance(
    project: &Path,
    output: &Path,
    content: &Path,
) -> impl Fn(&notify::Event) -> bool + Send + 'static {
    let (project, output, content) = (project.to_owned(), output.to_owned(), content.to_owned());
    move |event: &notify::Event| {
        !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| {
                !is_noise(p)
                    && !p.starts_with(&output)
                    && !p.to_string_lossy().contains(".koers-")
                    && (p.parent() != Some(project.as_path())
                        || *p == content
                        || p.ends_with("templates")
                        || p.ends_with("static"))
            })
    }
}

/// A watcher that sends each burst of relevant changes to `tx` once the
/// files are quiet, and sets `newer` as soon as one comes in.
fn debouncer(
    newer: Arc<AtomicBool>,
    relevant: impl Fn(&notify::Event) -> bool + Send + 'static,
    tx: mpsc::Sender<Vec<PathBuf>>,
) -> Result<Watcher> {
    new_debouncer(
        Duration::from_millis(QUIET_MS),
        None,
        move |result: DebounceEventResult| {
            let paths = match &result {
                // The watcher lost events (a full queue): anything may
                // have changed.
                Ok(events) if events.iter().any(|e| e.need_rescan()) => Some(Vec::new()),
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .iter()
                        .filter(|e| relevant(&e.event))
                        .flat_map(|e| e.paths.iter().cloned())
                        .collect();
                    (!paths.is_empty()).then_some(paths)
                }
                Err(_) => Some(Vec::new()),
            };
            if let Some(paths) = paths {
                newer.store(true, Ordering::SeqCst);
                let _ = tx.send(paths);
            }
        },
    )
    .map_err(|e| Error::Other(format!("cannot watch files: {e}")))
}

/// The folders to watch, and those watched now (a folder that does not
/// exist yet is watched once it does).
struct Roots {
    wanted: Vec<PathBuf>,
    watched: Vec<PathBuf>,
}

impl Roots {
    /// Watches the wanted folders that exist and are not watched yet.
    fn add(&mut self, watcher: &mut Watcher) {
        let new: Vec<PathBuf> = self
            .wanted
            .iter()
            .filter(|r| r.exists() && !self.watched.contains(r))
            .cloned()
            .collect();
        for root in new {
            if watcher.watch(&root, RecursiveMode::Recursive).is_ok() {
                self.watched.push(root);
            }
        }
    }
}

/// The watching thread's state.
struct Watching {
    session: Session,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    newer: Arc<AtomicBool>,
    rx: mpsc::Receiver<Vec<PathBuf>>,
    watcher: Watcher,
    roots: Roots,
    /// The content folder, absolute, and as the author named it.
    content: PathBuf,
    shown: String,
}

impl Watching {
    /// Rebuilds once per burst of changes until `stop` is set.
    fn run(mut self) {
        let mut again = false;
        // Set while the content folder is gone (deleted or moved away).
        let mut gone = false;
        while !self.stop.load(Ordering::SeqCst) {
            let received = self.rx.recv_timeout(Duration::from_millis(200));
            // A watch dies with its folder (or follows it when moved), so
            // the folder is looked for on every event and every tick.
            if !self.content.is_dir() {
                if !gone {
                    gone = true;
                    self.lost_content();
                }
                continue;
            }
            let first = if gone {
                gone = false;
                println!("{} is back; rebuilding", self.shown);
                self.roots.add(&mut self.watcher);
                // Anything may have changed while it was away.
                Vec::new()
            } else {
                match received {
                    Ok(paths) => paths,
                    Err(_) if again => Vec::new(),
                    Err(_) => continue,
                }
            };
            // After an interrupted rebuild, the next one is full; quick
            // pages are for the files changed since.
            let mut burst = Burst::default();
            burst.add(first);
            // The debouncer waited for quiet; bursts it handed over
            // meanwhile join this one.
            while let Ok(next) = self.rx.try_recv() {
                burst.add(next);
            }
            self.roots.add(&mut self.watcher);
            self.newer.store(false, Ordering::SeqCst);
            again = !self
                .session
                .rebuild(&self.state, &self.newer, &burst.files());
        }
    }

    /// The content folder is gone: say so, and stop watching it.
    fn lost_content(&mut self) {
        content_gone(&self.state, &self.shown);
        let _ = self.watcher.unwatch(&self.content);
        let content = &self.content;
        self.roots.watched.retain(|w| w != content);
    }
}

/// Reports that the content folder is gone; the last good site stays
/// served, with this as its error, until the folder is back.
fn content_gone(state: &State, shown: &str) {
    let text = format!("the content folder {shown} is gone; waiting for it to come back");
    eprintln!("{text}");
    if let Ok(mut slot) = state.error.lock() {
        *slot = Some(text);
    }
    state.publish(Some(Vec::new()));
}

/// The relevant changes of one burst of file events.
#[derive(Default)]
struct Burst {
    /// Some change names no file: anything may have changed.
    everything: bool,
    paths: Vec<PathBuf>,
}

impl Burst {
    fn add(&mut self, paths: Vec<PathBuf>) {
        self.everything |= paths.is_empty();
        for p in paths {
            if !is_noise(&p) && !self.paths.contains(&p) {
                self.paths.push(p);
            }
        }
    }

    /// The changed files (some may be gone again), or none when anything
    /// may have changed.
    fn files(&self) -> Vec<PathBuf> {
        if self.everything {
            return Vec::new();
        }
        self.paths.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_noise() {
        assert!(is_noise(Path::new("content/stories/.#x.md")));
        assert!(is_noise(Path::new("content/stories/x.md~")));
        assert!(is_noise(Path::new("content/stories/.x.md.swp")));
        assert!(!is_noise(Path::new("content/stories/x.md")));
    }

    #[test]
    fn a_burst_names_its_files_once_unless_anything_may_have_changed() {
        let dir = tempfile::tempdir().unwrap();
        let story = dir.path().join("x.md");
        // An editor's save: a temporary copy, renamed over the story.
        let temp = dir.path().join("sedAb12Cd");
        let mut save = Burst::default();
        save.add(vec![temp.clone()]);
        save.add(vec![temp.clone(), story.clone()]);
        save.add(vec![dir.path().join("x.md~")]);
        assert_eq!(
            save.files(),
            vec![temp, story.clone()],
            "once each, no noise"
        );
        // An event without paths: the watcher lost track.
        let mut lost = Burst::default();
        lost.add(vec![story.clone()]);
        lost.add(Vec::new());
        assert!(lost.files().is_empty());
    }
}
