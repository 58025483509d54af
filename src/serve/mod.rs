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

mod http;
mod live;
mod watch;

use http::respond;
pub(crate) use http::{listen, respond_plain};
use live::{Live, Recorder};
use watch::{log, watch};

/// What the browser's live-reload script polls.
const STATUS_PATH: &str = "/__koers/status";
const SCRIPT_PATH: &str = "/__koers/live.js";

/// Shared between the watcher and the server.
#[derive(Debug, Default)]
pub(crate) struct State {
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
pub(crate) struct Session {
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
    pub(crate) fn new(opts: BuildOptions) -> Self {
        Session {
            opts,
            cache: build::BuildCache::default(),
            on_disk: None,
            lock: None,
        }
    }

    /// Takes the output folder's lock for the rest of the session, if
    /// this session does not hold it yet; returns the output folder.
    pub(crate) fn lock_output(&mut self) -> Result<PathBuf> {
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
    pub(crate) fn rebuild(
        &mut self,
        state: &State,
        newer: &AtomicBool,
        changed: &[PathBuf],
    ) -> bool {
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
