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
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// What the browser's live-reload script polls.
const STATUS_PATH: &str = "/__koers/status";
const SCRIPT_PATH: &str = "/__koers/live.js";

/// The live-reload script: polls the status, reloads on a new good build,
/// shows the error of a failed one.
const LIVE_JS: &str = r#"// koers serve: live reload and build errors.
(() => {
  let seen = null;
  let box = null;
  const show = (error) => {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.id = "koers-build-error";
      box.className = "koers-build-error";
      document.body.prepend(box);
    }
    box.replaceChildren();
    const h = document.createElement("p");
    h.textContent = "koers: de laatste wijziging bevat een fout; u ziet de laatste goede versie.";
    const pre = document.createElement("pre");
    pre.textContent = error;
    box.append(h, pre);
  };
  const poll = async () => {
    try {
      const r = await fetch("/__koers/status", { cache: "no-store" });
      const s = await r.json();
      if (seen !== null && s.version !== seen && !s.error) {
        location.reload();
        return;
      }
      seen = s.version;
      if (s.error) show(s.error);
      else if (box) { box.remove(); box = null; }
    } catch (e) { /* the server restarts: try again */ }
    setTimeout(poll, 400);
  };
  poll();
})();
"#;

/// Shared between the watcher and the server.
#[derive(Debug, Default)]
pub struct State {
    /// Increases with every build, good or bad.
    pub version: AtomicU64,
    /// The error of the last build, if it failed.
    pub error: Mutex<Option<String>>,
}

/// Options of `koers serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub port: u16,
}

/// Builds, then serves and watches until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let state = Arc::new(State::default());
    rebuild(&opts.build, &state);
    let server = tiny_http::Server::http(("127.0.0.1", opts.port))
        .map_err(|e| Error::Other(format!("cannot listen on 127.0.0.1:{}: {e}", opts.port)))?;
    let server = Arc::new(server);
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    println!(
        "Serving {} at http://127.0.0.1:{port}/ (Ctrl-C stops)",
        opts.build.output.display()
    );

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let server = server.clone();
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        });
    }
    watch(opts.build.clone(), state.clone(), stop.clone())?;
    let output = opts.build.output.clone();
    for request in server.incoming_requests() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        respond(request, &output, &state);
    }
    stop.store(true, Ordering::SeqCst);
    println!("Stopped.");
    Ok(())
}

/// Runs a build and records its outcome.
fn rebuild(opts: &BuildOptions, state: &State) {
    let start = Instant::now();
    let outcome = build::build(opts);
    match outcome {
        Ok(summary) => {
            if let Ok(mut e) = state.error.lock() {
                *e = None;
            }
            println!("{summary}");
        }
        Err(e) => {
            let text = e.to_string();
            eprintln!("{text}");
            if let Ok(mut slot) = state.error.lock() {
                *slot = Some(text);
            }
        }
    }
    state.version.fetch_add(1, Ordering::SeqCst);
    log::debug(&format!("rebuild took {} ms", start.elapsed().as_millis()));
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
fn watch(opts: BuildOptions, state: Arc<State>, stop: Arc<AtomicBool>) -> Result<()> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Error::Other(format!("cannot watch files: {e}")))?;
    let project = crate::write::absolute_path(opts.content.parent().unwrap_or(Path::new(".")));
    let mut roots = vec![
        crate::write::absolute_path(&opts.content),
        project.join("templates"),
        project.join("static"),
    ];
    roots.push(crate::write::absolute_path(
        &opts.theme.clone().unwrap_or_else(|| project.join("themes")),
    ));
    let mut watched: Vec<PathBuf> = Vec::new();
    let add_watches = move |watcher: &mut notify::RecommendedWatcher,
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
    let output = crate::write::absolute_path(&opts.output);
    std::thread::spawn(move || {
        let relevant = |event: &notify::Event| {
            !matches!(event.kind, notify::EventKind::Access(_))
                && event.paths.iter().any(|p| {
                    !is_noise(p)
                        && !p.starts_with(&output)
                        && !p.to_string_lossy().contains(".koers-")
                        && (p.parent() != Some(project.as_path())
                            || p.ends_with("templates")
                            || p.ends_with("static"))
                })
        };
        while !stop.load(Ordering::SeqCst) {
            let Ok(first) = rx.recv_timeout(Duration::from_millis(200)) else {
                continue;
            };
            let mut changed = first.as_ref().is_ok_and(relevant);
            // Debounce: an editor's save is a burst of events (write a temp
            // file, rename it over the original); wait for quiet.
            let mut quiet_since = Instant::now();
            while quiet_since.elapsed() < Duration::from_millis(60) {
                if let Ok(next) = rx.recv_timeout(Duration::from_millis(20)) {
                    changed |= next.as_ref().is_ok_and(relevant);
                    quiet_since = Instant::now();
                }
            }
            add_watches(&mut watcher, &mut watched);
            if changed {
                rebuild(&opts, &state);
            }
        }
    });
    Ok(())
}

/// Answers one request: the status, the live script, or a file.
fn respond(request: tiny_http::Request, output: &Path, state: &State) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    let response = if path == STATUS_PATH {
        let error = state.error.lock().ok().and_then(|e| e.clone());
        let body =
            serde_json::json!({ "version": state.version.load(Ordering::SeqCst), "error": error })
                .to_string();
        ok(body.into_bytes(), "application/json")
    } else if path == SCRIPT_PATH {
        ok(LIVE_JS.as_bytes().to_vec(), "text/javascript")
    } else {
        match resolve(output, &path) {
            Some(file) => match std::fs::read(&file) {
                Ok(bytes) => {
                    let mime = mime_guess::from_path(&file)
                        .first_or_octet_stream()
                        .to_string();
                    let bytes = if mime == "text/html" {
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
                Err(_) => not_found(output),
            },
            None => not_found(output),
        }
    };
    let _ = request.respond(response);
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

fn not_found(output: &Path) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let body = std::fs::read(output.join("404.html")).unwrap_or_else(|_| b"404".to_vec());
    ok(inject_live_script(body), "text/html; charset=utf-8").with_status_code(404)
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
    let decoded = percent_decode(url_path)?;
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

/// Percent-decodes a URL path; None when it is not valid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
}
