//! `koers serve`: build, serve the output on 127.0.0.1, watch the sources
//! and rebuild on every change, and reload the open browser tab when (and
//! only when) a rebuild changed the site. A bad edit shows its error in the
//! terminal and in the browser, while the last good site keeps being
//! served; fixing the file clears it.
//!
//! The server only ever serves files inside the output folder: paths are
//! percent-decoded, `..` is refused, and the resolved file (symlinks
//! followed) must lie inside the output folder.

use crate::build::{self, BuildOptions};
use crate::error::{Error, Result};
use crate::fingerprint::hash_text;
use crate::write::{OutputFile, Sink};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// What the browser's live-reload script polls.
const STATUS_PATH: &str = "/__koers/status";
const SCRIPT_PATH: &str = "/__koers/live.js";

/// Shared between the watcher and the server.
#[derive(Debug, Default)]
pub struct State {
    /// Increases with every build, good or bad, and when a rebuild has
    /// written the pages whose own file changed (before the rest).
    pub version: AtomicU64,
    /// True while a rebuild runs: the output is not yet a full build's.
    pub building: AtomicBool,
    /// The error of the last build, if it failed.
    pub error: Mutex<Option<String>>,
    /// Per recent version: the URL paths of the files it changed (None:
    /// everything may have changed).
    changes: Mutex<VecDeque<(u64, Option<Vec<String>>)>>,
}

/// How long the files must be quiet before a rebuild starts: an editor's
/// save (temp file, rename over the original) takes a few milliseconds.
const QUIET_MS: u64 = 25;

/// How many versions' changes the status remembers.
const CHANGES_KEPT: usize = 32;

impl State {
    /// Announces a new version that changed `paths` (output-relative).
    fn publish(&self, paths: Option<Vec<String>>) {
        let urls = paths.map(|ps| ps.iter().map(|p| format!("/{p}")).collect());
        if let Ok(mut c) = self.changes.lock() {
            let v = self.version.fetch_add(1, Ordering::SeqCst) + 1;
            c.push_back((v, urls));
            while c.len() > CHANGES_KEPT {
                c.pop_front();
            }
        }
    }

    /// What changed after version `since`; None when it is not known.
    fn changed_since(&self, since: u64) -> Option<Vec<String>> {
        let c = self.changes.lock().ok()?;
        if c.front().is_none_or(|(v, _)| *v > since + 1) {
            return None;
        }
        let mut all = Vec::new();
        for (_, paths) in c.iter().filter(|(v, _)| *v > since) {
            all.extend(paths.clone()?);
        }
        Some(all)
    }
}

/// Options of `koers serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub port: u16,
}

/// Builds, then serves and watches until Ctrl-C.
/// The output folder `koers serve` uses when it is given none: one of its
/// own in the system's temporary folder, named after the content folder.
pub fn own_output(content: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    crate::write::absolute_path(content).hash(&mut h);
    std::env::temp_dir().join(format!("koers-serve-{:016x}", h.finish()))
}

pub fn serve(opts: &ServeOptions) -> Result<()> {
    let state = Arc::new(State::default());
    let server = Arc::new(listen(opts.port)?);
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    // The site is built for the address it is served at: its local URLs
    // go into serve's own output folder, never into a published one.
    let mut build = opts.build.clone();
    build.base_url = Some(format!("http://127.0.0.1:{port}/"));
    let mut session = Session::new(build);
    // Fails at once (after the wait) when another koers process keeps the
    // output folder, instead of serving a folder it may replace.
    session.lock_output()?;
    session.rebuild(&state, &AtomicBool::new(false), &[]);
    let stop = Arc::new(AtomicBool::new(false));
    // Watching before the announcement: a change made right after it
    // (the content folder moved away) is seen, not a reason to stop.
    watch(session, state.clone(), stop.clone())?;
    {
        let stop = stop.clone();
        let server = server.clone();
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        });
    }
    println!(
        "Serving {} at http://127.0.0.1:{port}/ (Ctrl-C stops)",
        opts.build.output.display()
    );
    let output = opts.build.output.clone();
    for request in server.incoming_requests() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        respond(request, &output, &state, port);
    }
    stop.store(true, Ordering::SeqCst);
    println!("Stopped.");
    Ok(())
}

/// A serve session: the output folder it keeps up to date, and what the
/// last build left for the next (parsed files, page fingerprints, the
/// hash of every file in the output).
pub struct Session {
    opts: BuildOptions,
    cache: build::BuildCache,
    /// Output path -> hash of the bytes on disk; None before the first
    /// good build.
    on_disk: Option<HashMap<String, u64>>,
    /// The output folder's lock, held for the whole session: the files on
    /// disk must stay what `on_disk` says between rebuilds.
    lock: Option<crate::write::OutputLock>,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Self {
        Session {
            opts,
            cache: build::BuildCache::default(),
            on_disk: None,
            lock: None,
        }
    }

    /// Takes the output folder's lock for the rest of the session, if
    /// this session does not hold it yet; returns the output folder.
    pub fn lock_output(&mut self) -> Result<PathBuf> {
        let output = crate::write::check_output_folder(&self.opts.output, &self.sources())?;
        if self.lock.as_ref().is_none_or(|l| l.output() != output) {
            // Released first: a lock for another folder is of no use now.
            self.lock = None;
            self.lock = Some(crate::write::OutputLock::acquire(&output, "serve")?);
        }
        Ok(output)
    }

    /// Rebuilds and records the outcome in `state`: the first time as a
    /// full, atomic build; then in place, writing only files whose bytes
    /// changed and removing those that are gone.
    /// Returns false when a newer change interrupted it (and it must run
    /// again).
    /// `changed`: the files the watcher saw change, when it knows them
    /// (quick pages for edited stories and chapters come first then).
    pub fn rebuild(&mut self, state: &State, newer: &AtomicBool, changed: &[PathBuf]) -> bool {
        let start = Instant::now();
        state.building.store(true, Ordering::SeqCst);
        let outcome = match self.on_disk.take() {
            Some(on_disk) => self.in_place(on_disk, state, newer, changed),
            None => self.full(),
        };
        if matches!(outcome, Err(Error::Interrupted)) {
            log::debug(&format!(
                "rebuild interrupted after {} ms",
                start.elapsed().as_millis()
            ));
            return false;
        }
        match outcome {
            Ok((summary, changed)) => {
                if let Ok(mut e) = state.error.lock() {
                    *e = None;
                }
                println!("{summary}");
                state.publish(changed);
            }
            Err(e) => {
                let text = e.to_string();
                eprintln!("{text}");
                if let Ok(mut slot) = state.error.lock() {
                    *slot = Some(text);
                }
                state.publish(Some(Vec::new()));
            }
        }
        state.building.store(false, Ordering::SeqCst);
        log::debug(&format!("rebuild took {} ms", start.elapsed().as_millis()));
        true
    }

    /// The first build: atomic, into a staging folder.
    fn full(&mut self) -> Result<(build::Summary, Option<Vec<String>>)> {
        let start = Instant::now();
        let output = self.lock_output()?;
        let lock = self
            .lock
            .as_ref()
            .ok_or_else(|| Error::Other("the output folder is not locked".into()))?;
        let staging = crate::write::Staging::begin_locked(&output, lock)?;
        let recorder = Recorder {
            inner: &staging,
            hashes: Mutex::new(HashMap::new()),
        };
        // Nothing may be kept from a build that failed.
        self.cache = build::BuildCache::default();
        let never = AtomicBool::new(false);
        let result = build::compile(&self.opts, &recorder, &mut self.cache, &never);
        let (site, compiled) = match result {
            Ok(ok) => ok,
            Err(e) => {
                self.cache = build::BuildCache::default();
                return Err(e);
            }
        };
        let content = self.content()?;
        let mut hashes = recorder.hashes.into_inner().unwrap_or_default();
        for rel in &site.assets {
            if let Ok(bytes) = std::fs::read(content.join(rel)) {
                hashes.insert(rel.clone(), hash_text(&bytes));
            }
        }
        let assets = staging.commit(&content, &site.assets)?;
        self.cache.commit();
        self.on_disk = Some(hashes);
        Ok((summary(compiled, assets, &self.opts, start), None))
    }

    /// A rebuild into the live output folder.
    fn in_place(
        &mut self,
        on_disk: HashMap<String, u64>,
        state: &State,
        newer: &AtomicBool,
        changed: &[PathBuf],
    ) -> Result<(build::Summary, Option<Vec<String>>)> {
        let start = Instant::now();
        let output = self.lock_output()?;
        if !output.join(crate::write::MARKER).exists() {
            // The folder was removed or replaced meanwhile: start over.
            return self.full();
        }
        let live = Live {
            root: output,
            on_disk: Mutex::new(on_disk),
            pending: Mutex::new(Vec::new()),
            state,
            early: Mutex::new(Vec::new()),
        };
        let quick = live.quick(&mut self.cache, changed)?;
        log::debug(&format!(
            "quick pages after {} ms: {quick:?}",
            start.elapsed().as_millis()
        ));
        let result = build::compile(&self.opts, &live, &mut self.cache, newer);
        let (site, compiled) = match result {
            Ok(ok) => ok,
            Err(Error::Interrupted) => {
                // What was written stays (the cache forgot those pages);
                // the cache still describes the rest as it was.
                self.on_disk = live.on_disk.into_inner().ok();
                return Err(Error::Interrupted);
            }
            Err(e) => {
                // Keep what is on disk; nothing of this round is written,
                // and the cache still describes it.
                self.on_disk = live.on_disk.into_inner().ok();
                return Err(e);
            }
        };
        // The content is valid: no error may be shown beside the pages
        // written now.
        if let Ok(mut e) = state.error.lock() {
            *e = None;
        }
        let content = self.content()?;
        for rel in &site.assets {
            let bytes = std::fs::read(content.join(rel)).map_err(|e| Error::io(rel, e))?;
            live.put(OutputFile {
                path: rel.clone(),
                bytes,
            })?;
        }
        let mut changed = live.flush(None)?;
        let mut keep: HashSet<&str> = compiled.paths.iter().map(String::as_str).collect();
        keep.extend(site.assets.iter().map(String::as_str));
        changed.extend(live.remove_all_but(&keep)?);
        self.cache.commit();
        self.on_disk = live.on_disk.into_inner().ok();
        let early = live.early.into_inner().unwrap_or_default();
        changed.retain(|p| !early.contains(p));
        let s = summary(compiled, site.assets.len(), &self.opts, start);
        Ok((s, Some(changed)))
    }

    fn sources(&self) -> Vec<&Path> {
        let mut sources: Vec<&Path> = vec![&self.opts.content];
        if let Some(t) = &self.opts.theme {
            sources.push(t);
        }
        sources
    }

    fn content(&self) -> Result<PathBuf> {
        self.opts
            .content
            .canonicalize()
            .map_err(|e| Error::io(&self.opts.content, e))
    }
}

fn summary(
    compiled: build::Compiled,
    assets: usize,
    opts: &BuildOptions,
    start: Instant,
) -> build::Summary {
    build::Summary {
        pages: compiled.pages,
        files: compiled.paths.len() + assets,
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
        output: Some(opts.output.clone()),
    }
}

/// Passes files on and remembers their hashes.
struct Recorder<'a> {
    inner: &'a dyn Sink,
    hashes: Mutex<HashMap<String, u64>>,
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
struct Live<'s> {
    root: PathBuf,
    on_disk: Mutex<HashMap<String, u64>>,
    pending: Mutex<Vec<(OutputFile, u64)>>,
    /// Where the browsers learn of new files.
    state: &'s State,
    /// The files written before the build ended (quick pages, the pages of
    /// a changed file): the browsers heard of them already.
    early: Mutex<Vec<String>>,
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
    fn quick(&self, cache: &mut build::BuildCache, changed: &[PathBuf]) -> Result<Vec<String>> {
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
    fn write_early(&self, paths: &[String]) -> Result<()> {
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
    fn flush(&self, only: Option<&[String]>) -> Result<Vec<String>> {
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
    fn remove_all_but(&self, keep: &HashSet<&str>) -> Result<Vec<String>> {
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

mod log {
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
fn watch(mut session: Session, state: Arc<State>, stop: Arc<AtomicBool>) -> Result<()> {
    let opts = session.opts.clone();
    let project = crate::write::absolute_path(opts.content.parent().unwrap_or(Path::new(".")));
    let output = crate::write::absolute_path(&opts.output);
    let content = crate::write::absolute_path(&opts.content);
    let relevant = {
        let project = project.clone();
        let content = content.clone();
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
    };
    // Set as soon as a relevant change comes in: a running rebuild stops
    // after the changed pages and starts over with the newer change.
    let newer = Arc::new(AtomicBool::new(false));
    // Each burst of changes, once the files are quiet: the paths it names
    // (none when the watcher lost track and everything may have changed).
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = {
        let newer = newer.clone();
        let relevant = relevant.clone();
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
        .map_err(|e| Error::Other(format!("cannot watch files: {e}")))?
    };
    let mut roots = vec![
        crate::write::absolute_path(&opts.content),
        project.join("templates"),
        project.join("static"),
    ];
    roots.push(crate::write::absolute_path(
        &opts.theme.clone().unwrap_or_else(|| project.join("themes")),
    ));
    let mut watched: Vec<PathBuf> = Vec::new();
    let add_watches = move |watcher: &mut Debouncer<RecommendedWatcher, RecommendedCache>,
                            watched: &mut Vec<PathBuf>| {
        let new: Vec<PathBuf> = roots
            .iter()
            .filter(|r| r.exists() && !watched.contains(r))
            .cloned()
            .collect();
        for root in new {
            if watcher.watch(&root, RecursiveMode::Recursive).is_ok() {
                watched.push(root);
            }
        }
    };
    add_watches(&mut watcher, &mut watched);
    if watched.is_empty() {
        return Err(Error::Other(
            "nothing to watch: the content folder does not exist".into(),
        ));
    }
    // The project folder itself, not recursively: to see templates/ or
    // static/ appear.
    let _ = watcher.watch(&project, RecursiveMode::NonRecursive);
    let shown = format!(
        "{}/",
        opts.content.display().to_string().trim_end_matches('/')
    );
    std::thread::spawn(move || {
        let mut again = false;
        // Set while the content folder is gone (deleted or moved away).
        let mut gone = false;
        while !stop.load(Ordering::SeqCst) {
            let received = rx.recv_timeout(Duration::from_millis(200));
            // A watch dies with its folder (or follows it when moved), so
            // the folder is looked for on every event and every tick.
            if !content.is_dir() {
                if !gone {
                    gone = true;
                    content_gone(&state, &shown);
                    let _ = watcher.unwatch(&content);
                    watched.retain(|w| *w != content);
                }
                continue;
            }
            let first = if gone {
                gone = false;
                println!("{shown} is back; rebuilding");
                add_watches(&mut watcher, &mut watched);
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
            while let Ok(next) = rx.try_recv() {
                burst.add(next);
            }
            add_watches(&mut watcher, &mut watched);
            newer.store(false, Ordering::SeqCst);
            again = !session.rebuild(&state, &newer, &burst.files());
        }
    });
    Ok(())
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

/// Listens on 127.0.0.1:`port` with Nagle's algorithm off: tiny_http
/// writes a response's headers and body in two writes, and Nagle held the
/// body back until the client's delayed ACK, about 40 ms per request on a
/// kept-open connection. Accepted connections inherit the option.
pub(crate) fn listen(port: u16) -> Result<tiny_http::Server> {
    use socket2::{Domain, Protocol, Socket, Type};
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let fail = |e: &dyn std::fmt::Display| Error::Other(format!("cannot listen on {addr}: {e}"));
    let socket =
        Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).map_err(|e| fail(&e))?;
    // As std's TcpListener::bind does: a restarted server may reuse the port at once.
    #[cfg(unix)]
    socket.set_reuse_address(true).map_err(|e| fail(&e))?;
    socket.set_tcp_nodelay(true).map_err(|e| fail(&e))?;
    socket.bind(&addr.into()).map_err(|e| fail(&e))?;
    socket.listen(128).map_err(|e| fail(&e))?;
    let listener: std::net::TcpListener = socket.into();
    tiny_http::Server::from_listener(listener, None).map_err(|e| fail(&e))
}

/// Why a request is not served, if it is not: only GET and HEAD, and only
/// for this machine's own host names, so a page of another site that made
/// its name point at 127.0.0.1 (DNS rebinding) cannot read the preview.
fn refusal(
    request: &tiny_http::Request,
    port: u16,
) -> Option<tiny_http::Response<std::io::Cursor<Vec<u8>>>> {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().trim().to_ascii_lowercase());
    let allowed = ["localhost", "127.0.0.1", "[::1]"].map(|name| format!("{name}:{port}"));
    if !host.as_ref().is_some_and(|h| allowed.contains(h)) {
        let body = format!(
            "403 Forbidden: koers serve answers only requests for {} (this one named host {}), so that other sites cannot read the preview through DNS rebinding.\n",
            allowed.join(", "),
            host.as_deref().map_or("none".to_string(), |h| format!("`{h}`")),
        );
        return Some(text(body, 403));
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let body = format!(
            "405 Method Not Allowed: koers serve only reads files (GET and HEAD), not {}.\n",
            request.method()
        );
        let mut r = text(body, 405);
        if let Ok(h) = tiny_http::Header::from_bytes("Allow", "GET, HEAD") {
            r.add_header(h);
        }
        return Some(r);
    }
    None
}

fn text(body: String, status: u16) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    ok(body.into_bytes(), "text/plain; charset=utf-8").with_status_code(status)
}

/// Answers one request: the status, the live script, or a file (HEAD: the
/// same headers without the body, which tiny_http leaves out).
fn respond(request: tiny_http::Request, output: &Path, state: &State, port: u16) {
    if let Some(response) = refusal(&request, port) {
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    let response = if path == STATUS_PATH {
        let error = state.error.lock().ok().and_then(|e| e.clone());
        let since = url
            .split_once("since=")
            .and_then(|(_, v)| v.split('&').next()?.parse::<u64>().ok());
        let changed = since.and_then(|v| state.changed_since(v));
        let body = serde_json::json!({
            "version": state.version.load(Ordering::SeqCst),
            "building": state.building.load(Ordering::SeqCst),
            "error": error,
            "changed": changed,
        })
        .to_string();
        ok(body.into_bytes(), "application/json")
    } else if path == SCRIPT_PATH {
        ok(
            crate::render::theme::live_script().to_vec(),
            "text/javascript",
        )
    } else {
        file_response(output, &path, true)
    };
    let _ = request.respond(response);
}

/// Answers one request for a file of `root` as it is on disk, without the
/// live-reload script (`koers audit`). `prefix`: the site's base path
/// (`/` or `/sub/`), which is stripped before the file is looked up.
pub(crate) fn respond_plain(request: tiny_http::Request, root: &Path, prefix: &str, port: u16) {
    if let Some(response) = refusal(&request, port) {
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let response = match path.strip_prefix(prefix.trim_end_matches('/')) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => file_response(root, rest, false),
        _ => not_found(root, false),
    };
    let _ = request.respond(response);
}

/// The file at URL path `path` of `output`, or the 404 page; `live`: with
/// the live-reload script in HTML.
fn file_response(
    output: &Path,
    path: &str,
    live: bool,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    match resolve(output, path) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let mime = mime_guess::from_path(&file)
                    .first_or_octet_stream()
                    .to_string();
                let bytes = if live && mime == "text/html" {
                    inject_live_script(bytes)
                } else {
                    bytes
                };
                let mime = if mime.starts_with("text/") {
                    format!("{mime}; charset=utf-8")
                } else {
                    mime
                };
                ok(bytes, &mime)
            }
            Err(_) => not_found(output, live),
        },
        None => not_found(output, live),
    }
}

fn ok(bytes: Vec<u8>, mime: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r = tiny_http::Response::from_data(bytes);
    if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", mime) {
        r.add_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes("Cache-Control", "no-store") {
        r.add_header(h);
    }
    r
}

fn not_found(output: &Path, live: bool) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let body = std::fs::read(output.join("404.html")).unwrap_or_else(|_| b"404".to_vec());
    let body = if live { inject_live_script(body) } else { body };
    ok(body, "text/html; charset=utf-8").with_status_code(404)
}

/// Adds the live-reload script to an HTML page (serve mode only).
fn inject_live_script(bytes: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>\n");
    match String::from_utf8(bytes) {
        Ok(html) => match html.rfind("</body>") {
            Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]).into_bytes(),
            None => html.into_bytes(),
        },
        Err(e) => e.into_bytes(),
    }
}

/// The file for a URL path, only if it lies inside `root`.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    // None when the decoded path is not valid UTF-8.
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => path.push(s),
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "ok").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        assert!(resolve(&root, "/a/").is_some());
        assert!(resolve(&root, "/../secret.txt").is_none());
        assert!(resolve(&root, "/%2e%2e/secret.txt").is_none());
        assert!(resolve(&root, "/a/%2E%2E/%2e%2e/secret.txt").is_none());
        assert!(resolve(&root, "/..%2fsecret.txt").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert!(resolve(&root, "/link.txt").is_none());
        }
    }

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
