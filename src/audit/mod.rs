//! `koers audit`: proves what the site claims about accessibility. Builds
//! the site (or takes a built one), serves it on 127.0.0.1, opens every
//! page in headless Chromium and runs axe-core (WCAG 2.0, 2.1 and 2.2, A
//! and AA) at 1280 and 320 px, runs the Nu Html Checker when Java and
//! vnu.jar are there, prints a summary and writes a dated report into the
//! content folder (see `audit_report`).

pub use crate::audit_report::{latest_report, AuditReport, Violation, VnuError, VnuRun};

use crate::build::{self, BuildOptions};
use crate::error::{Error, Result};
use headless_chrome::protocol::cdp::{Emulation, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

/// axe-core 4.14.1 (vendor/axe-core, MPL-2.0), bundled so that an audit
/// needs no network and no npm.
const AXE_SOURCE: &str = include_str!("../../vendor/axe-core/axe.min.js");

/// The axe-core rule tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
pub const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// The viewport widths in CSS pixels: a desktop window, and the 320 px of
/// WCAG 1.4.10 (reflow).
pub const WIDTHS: [u32; 2] = [1280, 320];

/// The Chromium arguments of the repository's browser tests: nothing may
/// reach the network but the local server.
const CHROMIUM_ARGS: [&str; 6] = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Options of `koers audit`.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Build the site first, into `build.output`; None: audit `site` as it is.
    pub build: Option<BuildOptions>,
    /// The built site to audit (the build's output folder when building).
    pub site: PathBuf,
    /// The content folder, where the report goes (`audits/<date>.json`).
    pub content: PathBuf,
}

/// What an audit did: the report and where it was written.
#[derive(Debug)]
pub struct Outcome {
    pub report: AuditReport,
    pub path: PathBuf,
}

/// Builds (if asked), audits and writes the report. A site with violations
/// is an `Ok` outcome whose report did not pass; an audit that could not
/// run (no Chromium, a build error) is an error.
pub fn audit(opts: &AuditOptions) -> Result<Outcome> {
    // First: without a browser there is nothing to prove, and no build to wait for.
    let chromium = find_chromium()?;
    if let Some(b) = &opts.build {
        let summary = build::build(b)?;
        println!("{summary}");
    }
    let site = opts
        .site
        .canonicalize()
        .map_err(|e| Error::io(&opts.site, e))?;
    let files = html_files(&site)?;
    if files.is_empty() {
        return Err(Error::Other(format!(
            "{} holds no HTML pages to audit; build the site first (koers build), or leave out --site",
            opts.site.display()
        )));
    }
    let prefix = base_path(&site);
    let server = Server::start(&site, &prefix)?;
    let pages: Vec<(String, String)> = files
        .iter()
        .filter(|(_, html)| !is_redirect(html))
        .map(|(rel, _)| (url_path(rel), rel.clone()))
        .collect();
    let checked = run_axe(&chromium, &server, &prefix, &pages);
    server.stop();
    let (chromium_version, axe_version, violations) = checked?;
    let vnu = run_vnu(&site, &files)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Error::Other(format!("the system clock is before 1970: {e}")))?;
    let time = chrono::DateTime::<chrono::Utc>::from_timestamp(now.as_secs() as i64, 0)
        .ok_or_else(|| Error::Other("the system clock is out of range".into()))?;
    let report = AuditReport {
        format: crate::audit_report::FORMAT,
        date: time.date_naive(),
        time: time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        koers_version: env!("CARGO_PKG_VERSION").to_string(),
        chromium_version,
        axe_core_version: axe_version,
        tags: TAGS.iter().map(|t| t.to_string()).collect(),
        widths: WIDTHS.to_vec(),
        pages: pages.into_iter().map(|(url, _)| url).collect(),
        violations,
        vnu,
    };
    let path = report.write(&opts.content)?;
    Ok(Outcome { report, path })
}

/// Every HTML file of the site: (path relative to it with `/`, its text).
fn html_files(site: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Error::Other(format!("cannot read {}: {e}", site.display())))?;
        if !entry.file_type().is_file() || entry.path().extension() != Some(OsStr::new("html")) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(site) else {
            continue;
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let text = std::fs::read_to_string(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        files.push((rel.join("/"), text));
    }
    Ok(files)
}

/// A redirect page only forwards to the new address: axe-core would audit
/// the page it forwards to (the Nu Html Checker still checks it).
fn is_redirect(html: &str) -> bool {
    html.contains("http-equiv=\"refresh\"")
}

/// `over/index.html` -> `/over/`; `404.html` -> `/404.html`.
fn url_path(rel: &str) -> String {
    let path = if rel == "index.html" {
        ""
    } else {
        rel.strip_suffix("/index.html").map_or(rel, |dir| dir)
    };
    if path.is_empty() {
        "/".to_string()
    } else if rel.ends_with("/index.html") {
        format!("/{path}/")
    } else {
        format!("/{path}")
    }
}

/// The site's base path (`/` or `/sub/`), from the canonical link of its
/// home page: its links are absolute paths under it, so it is served there.
fn base_path(site: &Path) -> String {
    let home = std::fs::read_to_string(site.join("index.html")).unwrap_or_default();
    let href = home
        .split("<link rel=\"canonical\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next());
    match href.and_then(|h| url::Url::parse(h).ok()) {
        Some(url) => crate::model::urls::path_of(url.path()),
        None => "/".to_string(),
    }
}

/// Chromium: `$CHROME`, `/usr/bin/chromium` or `chromium` on the PATH.
fn find_chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(Error::Other(format!(
                "CHROME names {}, which is not a file; point it at Chromium, or install Chromium: apt-get install chromium",
                path.display()
            )))
        };
    }
    let usual = PathBuf::from("/usr/bin/chromium");
    if usual.is_file() {
        return Ok(usual);
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file());
    on_path.ok_or_else(|| {
        Error::Other(
            "koers audit needs Chromium, which was not found (not in $CHROME, /usr/bin/chromium or on the PATH); install it: apt-get install chromium (or set CHROME to its path)"
                .into(),
        )
    })
}

/// True when this process runs as root, where Chromium's sandbox cannot start.
fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Opens every page in one headless Chromium and runs axe-core on it at
/// each width. Returns the browser's version, axe-core's and the
/// violations.
fn run_axe(
    chromium: &Path,
    server: &Server,
    prefix: &str,
    pages: &[(String, String)],
) -> Result<(String, String, Vec<Violation>)> {
    let args: Vec<&OsStr> = CHROMIUM_ARGS.iter().map(OsStr::new).collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(!is_root())
        .ignore_certificate_errors(false)
        // None: headless_chrome makes a fresh user-data-dir and removes it.
        .user_data_dir(None)
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| Error::Other(format!("cannot configure Chromium: {e}")))?;
    let browser = Browser::new(options).map_err(|e| {
        Error::Other(format!(
            "cannot start Chromium ({}): {e}; install it: apt-get install chromium",
            chromium.display()
        ))
    })?;
    let version = browser
        .get_version()
        .map_err(|e| Error::Other(format!("Chromium does not answer: {e}")))?
        .product;
    // One tab per width, side by side: each call to Chromium waits about
    // 100 ms in headless_chrome, so two tabs halve the time of an audit.
    let runs: Vec<Result<Vec<AxeResult>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = WIDTHS
            .into_iter()
            .map(|width| {
                let browser = &browser;
                scope.spawn(move || audit_at(browser, width, server, prefix, pages))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Other("an audit thread failed".into())))
            })
            .collect()
    });
    let mut axe_version = String::new();
    let mut violations: Vec<Violation> = Vec::new();
    let runs: Vec<Vec<AxeResult>> = runs.into_iter().collect::<Result<_>>()?;
    for (i, (url, _)) in pages.iter().enumerate() {
        for (width, run) in WIDTHS.into_iter().zip(&runs) {
            let Some(result) = run.get(i) else { continue };
            axe_version.clone_from(&result.version);
            for v in &result.violations {
                match violations
                    .iter_mut()
                    .find(|seen| seen.page == *url && seen.rule == v.id)
                {
                    Some(seen) => {
                        seen.widths.push(width);
                        seen.nodes = seen.nodes.max(v.nodes);
                        for t in &v.targets {
                            if !seen.targets.contains(t) {
                                seen.targets.push(t.clone());
                            }
                        }
                    }
                    None => violations.push(Violation {
                        page: url.clone(),
                        rule: v.id.clone(),
                        impact: v.impact.clone(),
                        help: v.help.clone(),
                        help_url: v.help_url.clone(),
                        nodes: v.nodes,
                        targets: v.targets.clone(),
                        widths: vec![width],
                    }),
                }
            }
        }
    }
    Ok((version, axe_version, violations))
}

/// Runs axe-core on every page in a tab of its own at one width.
fn audit_at(
    browser: &Browser,
    width: u32,
    server: &Server,
    prefix: &str,
    pages: &[(String, String)],
) -> Result<Vec<AxeResult>> {
    let tab = browser
        .new_tab()
        .map_err(|e| Error::Other(format!("Chromium cannot open a tab: {e}")))?;
    tab.set_default_timeout(Duration::from_secs(60));
    inject_axe(&tab)?;
    set_width(&tab, width)?;
    let mut results = Vec::with_capacity(pages.len());
    for (url, _) in pages {
        let address = format!("{}{}", server.origin, join(prefix, url));
        open(&tab, &address)?;
        results.push(run_axe_once(&tab, &address)?);
    }
    let _ = tab.close(false);
    Ok(results)
}

/// `/sub/` + `/over/` -> `/sub/over/`.
fn join(prefix: &str, url: &str) -> String {
    format!("{}{url}", prefix.trim_end_matches('/'))
}

/// Opens `address` and waits until it has loaded. Polls the page itself:
/// headless_chrome's own wait ends only after half a second without
/// network traffic, a second per page in all.
fn open(tab: &Arc<Tab>, address: &str) -> Result<()> {
    let fail =
        |e: &dyn std::fmt::Display| Error::Other(format!("Chromium cannot open {address}: {e}"));
    tab.navigate_to(address).map_err(|e| fail(&e))?;
    let target = serde_json::to_string(address).map_err(|e| fail(&e))?;
    let loaded = format!("document.readyState === 'complete' && location.href === {target}");
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        // An error here is the old page going away: not loaded yet.
        if let Ok(r) = tab.evaluate(&loaded, false) {
            if r.value == Some(serde_json::Value::Bool(true)) {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Err(fail(&"it did not load within 60 seconds"))
}

/// Emulates a viewport `width` CSS pixels wide (and 900 high).
fn set_width(tab: &Arc<Tab>, width: u32) -> Result<()> {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height: 900,
        device_scale_factor: 1.0,
        mobile: false,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .map_err(|e| Error::Other(format!("Chromium cannot set a width of {width} px: {e}")))?;
    Ok(())
}

/// Loads axe-core into every page the tab opens, before the page's own
/// scripts: sent once, and outside the page's Content-Security-Policy,
/// which rightly blocks inline scripts.
fn inject_axe(tab: &Arc<Tab>) -> Result<()> {
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: AXE_SOURCE.to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .map_err(|e| Error::Other(format!("cannot load axe-core into Chromium: {e}")))?;
    Ok(())
}

/// What one axe-core run returns (see the script in [`run_axe_once`]).
#[derive(serde::Deserialize)]
struct AxeResult {
    version: String,
    violations: Vec<AxeViolation>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct AxeViolation {
    id: String,
    impact: Option<String>,
    help: String,
    help_url: String,
    nodes: usize,
    targets: Vec<String>,
}

fn run_axe_once(tab: &Arc<Tab>, address: &str) -> Result<AxeResult> {
    let tags = serde_json::to_string(&TAGS)
        .map_err(|e| Error::Other(format!("cannot write the axe-core tags: {e}")))?;
    let script = format!(
        r#"(async () => {{
  // Two frames first: the page's own scripts have run and it has drawn itself.
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const r = await axe.run(document, {{ runOnly: {{ type: "tag", values: {tags} }}, resultTypes: ["violations"] }});
  return JSON.stringify({{
    version: r.testEngine.version,
    violations: r.violations.map(v => ({{ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")) }})),
  }});
}})()"#
    );
    let fail =
        |e: &dyn std::fmt::Display| Error::Other(format!("axe-core did not run on {address}: {e}"));
    let value = tab.evaluate(&script, true).map_err(|e| fail(&e))?;
    let text = match value.value {
        Some(serde_json::Value::String(s)) => s,
        other => {
            let shown = value
                .description
                .or(other.map(|v| v.to_string()))
                .unwrap_or_default();
            return Err(fail(&format!("it returned {shown}")));
        }
    };
    serde_json::from_str(&text).map_err(|e| fail(&e))
}

/// The local server of an audit: the built site, plainly (no live reload),
/// on a free port of 127.0.0.1, under the site's base path.
struct Server {
    origin: String,
    server: Arc<tiny_http::Server>,
    thread: std::thread::JoinHandle<()>,
}

impl Server {
    fn start(site: &Path, prefix: &str) -> Result<Server> {
        let server = Arc::new(crate::serve::listen(0)?);
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| Error::Other("the audit server has no port".into()))?;
        let thread = {
            let server = server.clone();
            let site = site.to_path_buf();
            let prefix = prefix.to_string();
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    crate::serve::respond_plain(request, &site, &prefix, port);
                }
            })
        };
        Ok(Server {
            origin: format!("http://127.0.0.1:{port}"),
            server,
            thread,
        })
    }

    fn stop(self) {
        self.server.unblock();
        let _ = self.thread.join();
    }
}

/// vnu.jar: `$VNU_JAR`, or where `npm ci` puts it.
fn find_vnu() -> Result<Option<PathBuf>> {
    if let Some(path) = std::env::var_os("VNU_JAR").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(Some(path))
        } else {
            Err(Error::Other(format!(
                "VNU_JAR names {}, which is not a file",
                path.display()
            )))
        };
    }
    let npm = PathBuf::from("node_modules/vnu-jar/build/dist/vnu.jar");
    Ok(npm.is_file().then_some(npm))
}

/// Runs the Nu Html Checker on every HTML file, when Java and vnu.jar are
/// there; None when they are not.
fn run_vnu(site: &Path, files: &[(String, String)]) -> Result<Option<VnuRun>> {
    let Some(jar) = find_vnu()? else {
        return Ok(None);
    };
    let version = match Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--version")
        .output()
    {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        // No Java runtime: the checker cannot run, which the summary says.
        _ => return Ok(None),
    };
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--exit-zero-always"])
        .args(files.iter().map(|(rel, _)| site.join(rel)))
        .output()
        .map_err(|e| Error::Other(format!("the Nu Html Checker cannot run: {e}")))?;
    #[derive(serde::Deserialize)]
    struct Messages {
        messages: Vec<Message>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Message {
        #[serde(rename = "type")]
        kind: String,
        url: Option<String>,
        last_line: Option<u64>,
        message: String,
    }
    // The checker writes its JSON to stderr.
    let text = String::from_utf8_lossy(&output.stderr);
    let parsed: Messages = serde_json::from_str(&text).map_err(|e| {
        Error::Other(format!(
            "the Nu Html Checker's output is unreadable ({e}): {}",
            text.chars().take(500).collect::<String>()
        ))
    })?;
    let errors = parsed
        .messages
        .into_iter()
        .filter(|m| m.kind == "error" || m.kind == "non-document-error")
        .map(|m| VnuError {
            page: m
                .url
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| u.to_file_path().ok())
                .and_then(|p| {
                    let rel = p.strip_prefix(site).ok()?;
                    let rel: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    Some(url_path(&rel.join("/")))
                })
                .unwrap_or_else(|| m.url.clone().unwrap_or_default()),
            line: m.last_line,
            message: m.message,
        })
        .collect();
    Ok(Some(VnuRun { version, errors }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_of_output_files() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("over/index.html"), "/over/");
        assert_eq!(url_path("a/b/index.html"), "/a/b/");
        assert_eq!(url_path("404.html"), "/404.html");
        assert_eq!(join("/", "/over/"), "/over/");
        assert_eq!(join("/sub/", "/over/"), "/sub/over/");
    }

    #[test]
    fn the_base_path_comes_from_the_home_page() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(base_path(dir.path()), "/");
        std::fs::write(
            dir.path().join("index.html"),
            r#"<link rel="canonical" href="https://x.nl/strategie/">"#,
        )
        .unwrap();
        assert_eq!(base_path(dir.path()), "/strategie/");
    }
}
