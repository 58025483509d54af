//! The Dutch guide for advisers, `docs/handleiding/`, works as written.
//!
//! The test reads the guide's index (`README.md`) and then every chapter it
//! links, in the order of the index, and replays them in one fresh
//! temporary folder: each `koers` command runs with the koers binary, in
//! that folder, exactly as written (nothing is substituted but the working
//! directory), and each edit the guide asks of the reader is made where the
//! guide marks it. At the end the site it made builds.
//!
//! The conventions in the Markdown:
//!
//! - A fenced block with the language `console` holds commands: a line
//!   `$ koers ...` is a command; the lines after it, up to the next `$`
//!   line, are what it prints (its stderr, then its stdout), compared line
//!   by line: `…` on a line of its own stands for any number of lines, `…`
//!   within a line for any text, and a space for the no-break space koers
//!   writes in amounts. A command with no lines after it is not checked
//!   for output. Every `$` line of a console block is a koers
//!   command.
//! - `<!-- test: mislukt -->` before a console block: its commands fail
//!   (an exit status other than 0); without it they succeed.
//! - `<!-- test: map DIR -->` before any other fenced block (a CI recipe):
//!   the block's lines that run koers (`koers ...`, `- koers ...`,
//!   `run: koers ...`) run in DIR and succeed; their output is not checked.
//!   A koers command in any other block fails the test, so that none goes
//!   untested.
//! - `<!-- test: bestand PATH -->` before a fenced block: the reader saves
//!   that block as the file PATH. With more lines inside the comment, those
//!   lines are the file (a picture the guide does not show).
//! - `<!-- test: bevat PATH -->` before a fenced block: the file PATH holds
//!   the block's text as shown (what koers wrote, or the result of an edit).
//! - `<!-- test: vervang "A" door "B" in PATH -->`: the reader replaces A by
//!   B in PATH (every occurrence; A must occur). In A and B, `\n` is a line
//!   break, `\"` a quote and `\\` a backslash.
//! - `<!-- test: verwijder PATH -->`: the reader deletes the file PATH.
//! - `<!-- test: kopieer FILE naar PATH -->`: the reader has the file PATH
//!   (a Word document): the test copies FILE of the repository there.
//!
//! `koers serve` runs until it is stopped: the test starts it, compares
//! what it prints up to the line with its address, waits until the home
//! page is served, and stops it. When port 1111 is taken on this machine
//! (another program), it starts it again with `--port 0`, as the guide
//! tells the reader to do with another port, and says so on stderr.
//!
//! `koers audit` needs Chromium (`scripts/test` installs it; CI has
//! /usr/bin/chromium). The test runs it like every other command: without
//! Chromium it fails, as tests/audit.rs does; it is never skipped.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where a step comes from: the chapter file and its line.
#[derive(Debug, Clone)]
struct Origin {
    file: String,
    line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "docs/handleiding/{}:{}", self.file, self.line)
    }
}

/// One thing the reader does.
#[derive(Debug)]
enum Step {
    /// Runs koers with `args` in `dir` (relative to the work folder).
    Run {
        args: Vec<String>,
        dir: String,
        fails: bool,
        /// The output the guide shows; `None`: not checked.
        expected: Option<Vec<String>>,
    },
    Write {
        path: String,
        text: String,
    },
    Contains {
        path: String,
        text: String,
    },
    Replace {
        path: String,
        from: String,
        to: String,
    },
    Delete {
        path: String,
    },
    /// Copies a file of the repository (a Word document the reader has)
    /// into the work folder.
    Copy {
        from: String,
        to: String,
    },
}

/// A directive that applies to the next fenced block.
#[derive(Debug, Default)]
struct Pending {
    fails: bool,
    dir: Option<String>,
    write: Option<String>,
    contains: Option<String>,
}

fn guide() -> PathBuf {
    common::repo().join("docs/handleiding")
}

/// The chapter files in the order of the index, the index first.
fn chapters() -> Vec<String> {
    let index = fs::read_to_string(guide().join("README.md")).unwrap();
    let mut order = vec!["README.md".to_string()];
    // The chapters are the numbered list of the index: `1. [Titel](file.md)`.
    for line in index.lines() {
        let Some((number, rest)) = line.split_once(". [") else {
            continue;
        };
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let target = rest
            .split_once("](")
            .and_then(|(_, t)| t.split(')').next())
            .unwrap_or_else(|| panic!("docs/handleiding/README.md: no link in {line:?}"));
        assert!(
            !order.iter().any(|c| c == target),
            "{target} is listed twice"
        );
        order.push(target.to_string());
    }
    let mut on_disk: Vec<String> = fs::read_dir(guide())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    on_disk.sort();
    let mut listed = order.clone();
    listed.sort();
    assert_eq!(
        listed, on_disk,
        "every file of docs/handleiding/ is a chapter of the numbered list in its README.md, and every chapter there is a file"
    );
    order
}

/// Splits a command line into words; double quotes group words.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    assert!(!quoted, "unbalanced quote in {line:?}");
    if any {
        out.push(word);
    }
    out
}

/// The koers arguments of a line of a CI recipe or shell block, if the
/// line runs koers.
fn koers_line(line: &str) -> Option<Vec<String>> {
    let mut rest = line.trim();
    for prefix in ["- ", "run: ", "$ "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let w = words(rest);
    (w.first().map(String::as_str) == Some("koers")).then(|| w[1..].to_vec())
}

/// A quoted argument of a directive, with its escapes; gives the text and
/// the rest of the directive.
fn quoted_arg(s: &str, at: &Origin) -> (String, String) {
    let s = s.trim_start();
    let mut chars = s.char_indices();
    assert_eq!(
        chars.next().map(|(_, c)| c),
        Some('"'),
        "{at}: a quoted text expected in {s:?}"
    );
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('n') => out.push('\n'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                other => panic!("{at}: unknown escape \\{other:?}"),
            },
            '"' => return (out, s[i + 1..].to_string()),
            c => out.push(c),
        }
    }
    panic!("{at}: unterminated quote in {s:?}")
}

/// Reads one directive (the text after `test:`) into steps or the
/// pending state of the next block.
fn directive(text: &str, at: &Origin, pending: &mut Pending, steps: &mut Vec<(Origin, Step)>) {
    let (head, body) = text.split_once('\n').unwrap_or((text, ""));
    let head = head.trim();
    let (word, rest) = head.split_once(' ').unwrap_or((head, ""));
    let rest = rest.trim();
    match word {
        "mislukt" => pending.fails = true,
        "map" => pending.dir = Some(rest.to_string()),
        "bevat" => pending.contains = Some(rest.to_string()),
        "kopieer" => {
            let (from, to) = rest
                .split_once(" naar ")
                .unwrap_or_else(|| panic!("{at}: `kopieer FILE naar PATH` expected"));
            steps.push((
                at.clone(),
                Step::Copy {
                    from: from.trim().to_string(),
                    to: to.trim().to_string(),
                },
            ));
        }
        "verwijder" => steps.push((
            at.clone(),
            Step::Delete {
                path: rest.to_string(),
            },
        )),
        "bestand" if !body.trim().is_empty() => steps.push((
            at.clone(),
            Step::Write {
                path: rest.to_string(),
                text: body.trim_start_matches('\n').to_string(),
            },
        )),
        "bestand" => pending.write = Some(rest.to_string()),
        "vervang" => {
            let (from, rest) = quoted_arg(rest, at);
            let rest = rest.trim_start();
            let rest = rest
                .strip_prefix("door")
                .unwrap_or_else(|| panic!("{at}: `door` expected"));
            let (to, rest) = quoted_arg(rest, at);
            let path = rest
                .trim()
                .strip_prefix("in ")
                .unwrap_or_else(|| panic!("{at}: `in PATH` expected"))
                .trim()
                .to_string();
            steps.push((at.clone(), Step::Replace { path, from, to }));
        }
        other => panic!("{at}: unknown test directive `{other}`"),
    }
}

/// The steps of one chapter, in reading order.
fn steps_of(file: &str) -> Vec<(Origin, Step)> {
    let text = fs::read_to_string(guide().join(file)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut steps = Vec::new();
    let mut pending = Pending::default();
    let mut i = 0;
    while i < lines.len() {
        let at = Origin {
            file: file.to_string(),
            line: i + 1,
        };
        let trimmed = lines[i].trim_start();
        if let Some(rest) = trimmed.strip_prefix("<!-- test:") {
            // A directive, to the line that ends the comment.
            let mut body = rest.to_string();
            while !body.contains("-->") {
                i += 1;
                assert!(i < lines.len(), "{at}: unterminated test comment");
                body.push('\n');
                body.push_str(lines[i]);
            }
            let body = body.split("-->").next().unwrap();
            directive(body, &at, &mut pending, &mut steps);
            i += 1;
            continue;
        }
        if trimmed.starts_with("```") {
            let indent = lines[i].len() - trimmed.len();
            let fence_len = trimmed.chars().take_while(|&c| c == '`').count();
            let lang = trimmed[fence_len..].trim().to_string();
            let mut block = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with(&"`".repeat(fence_len)) {
                let l = lines[i];
                block.push(if l.len() >= indent && l[..indent].trim().is_empty() {
                    &l[indent..]
                } else {
                    l.trim_start()
                });
                i += 1;
            }
            i += 1;
            block_steps(&at, &lang, &block, std::mem::take(&mut pending), &mut steps);
            continue;
        }
        i += 1;
    }
    assert!(
        !pending.fails
            && pending.dir.is_none()
            && pending.write.is_none()
            && pending.contains.is_none(),
        "docs/handleiding/{file}: a test directive at the end applies to no block: {pending:?}"
    );
    steps
}

/// The steps of one fenced block.
fn block_steps(
    at: &Origin,
    lang: &str,
    block: &[&str],
    pending: Pending,
    steps: &mut Vec<(Origin, Step)>,
) {
    let text = block.iter().map(|l| format!("{l}\n")).collect::<String>();
    if let Some(path) = pending.write {
        steps.push((at.clone(), Step::Write { path, text }));
        return;
    }
    if let Some(path) = pending.contains {
        steps.push((at.clone(), Step::Contains { path, text }));
        return;
    }
    if lang == "console" {
        assert!(
            pending.dir.is_none(),
            "{at}: console commands run in the work folder"
        );
        let mut current: Option<(Origin, Vec<String>, Vec<String>)> = None;
        let mut flush = |current: Option<(Origin, Vec<String>, Vec<String>)>| {
            if let Some((origin, args, out)) = current {
                let expected = (!out.is_empty()).then_some(out);
                steps.push((
                    origin,
                    Step::Run {
                        args,
                        dir: ".".into(),
                        fails: pending.fails,
                        expected,
                    },
                ));
            }
        };
        for (n, line) in block.iter().enumerate() {
            if let Some(cmd) = line.strip_prefix("$ ") {
                let origin = Origin {
                    file: at.file.clone(),
                    line: at.line + n + 1,
                };
                let w = words(cmd);
                assert_eq!(
                    w.first().map(String::as_str),
                    Some("koers"),
                    "{origin}: a console block holds koers commands only"
                );
                flush(current.take());
                current = Some((origin, w[1..].to_vec(), Vec::new()));
            } else {
                let (_, _, out) = current
                    .as_mut()
                    .unwrap_or_else(|| panic!("{at}: output before the first command"));
                out.push(line.trim_end().to_string());
            }
        }
        assert!(current.is_some(), "{at}: a console block without a command");
        flush(current);
        return;
    }
    assert!(
        !pending.fails,
        "{at}: `mislukt` applies to console blocks only"
    );
    let mut found = false;
    for (n, line) in block.iter().enumerate() {
        if let Some(args) = koers_line(line) {
            found = true;
            let origin = Origin {
                file: at.file.clone(),
                line: at.line + n + 1,
            };
            let dir = pending.dir.clone().unwrap_or_else(|| {
                panic!(
                    "{origin}: a koers command outside a console block; \
                     put it in a ```console block, or mark a CI recipe with `<!-- test: map DIR -->`"
                )
            });
            steps.push((
                origin,
                Step::Run {
                    args,
                    dir,
                    fails: false,
                    expected: None,
                },
            ));
        }
    }
    assert!(
        found || pending.dir.is_none(),
        "{at}: `map` before a block without koers commands"
    );
}

/// Whether `line` matches `pattern`, where `…` stands for any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split('…').collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || !line[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether `lines` match `patterns`, where a line `…` stands for any
/// number of lines.
fn lines_match(patterns: &[String], lines: &[&str]) -> bool {
    match patterns.split_first() {
        None => lines.is_empty(),
        Some((p, rest)) if p == "…" => {
            (0..=lines.len()).any(|skip| lines_match(rest, &lines[skip..]))
        }
        Some((p, rest)) => {
            !lines.is_empty() && line_matches(p, lines[0]) && lines_match(rest, &lines[1..])
        }
    }
}

/// Compares what a command printed with what the guide shows.
fn check_output(at: &Origin, cmd: &str, expected: &[String], printed: &str) {
    let mut patterns = expected.to_vec();
    while patterns.last().is_some_and(String::is_empty) {
        patterns.pop();
    }
    // koers writes amounts with a no-break space ("€\u{a0}350.000"); the
    // guide shows an ordinary one, which looks the same.
    let printed = printed.replace('\u{a0}', " ");
    let lines: Vec<&str> = printed.lines().map(str::trim_end).collect();
    let mut lines = lines.as_slice();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines = &lines[..lines.len() - 1];
    }
    assert!(
        lines_match(&patterns, lines),
        "{at}: `koers {cmd}` printed something else than the guide shows.\n\
         --- the guide shows:\n{}\n--- koers printed:\n{}",
        patterns.join("\n"),
        lines.join("\n")
    );
}

fn koers(dir: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("KOERS_DEBUG")
        .env_remove("KOERS_DEBUG_JOBS")
        .output()
        .expect("koers runs")
}

/// A started `koers serve`: the process, what it printed up to its
/// address, and the port; `Err` with its stderr when it stopped first.
fn start_serve(
    dir: &Path,
    args: &[String],
) -> Result<(std::process::Child, Vec<String>, u16), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("koers serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut printed = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => {
                let port = line
                    .split("http://127.0.0.1:")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .and_then(|p| p.parse().ok());
                printed.push(line);
                if let Some(port) = port {
                    // Whatever it prints on stderr from now on is drained by
                    // the thread; it ends when the process is stopped.
                    drop(errors);
                    return Ok((child, printed, port));
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = child.wait();
                return Err(errors.join().unwrap());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!("koers serve announced no address in two minutes: {printed:?}");
            }
        }
    }
}

/// Runs `koers serve` as the guide shows it, until it serves the home page.
fn serve(at: &Origin, dir: &Path, args: &[String], expected: &Option<Vec<String>>) {
    let (mut child, printed, port, expected) = match start_serve(dir, args) {
        Ok((child, printed, port)) => (child, printed, port, expected.clone()),
        Err(stderr) if stderr.contains("cannot listen") => {
            eprintln!(
                "{at}: the port of `koers {}` is taken on this machine ({}); \
                 starting it with --port 0 instead, as the guide advises",
                args.join(" "),
                stderr.trim()
            );
            let mut again = args.to_vec();
            again.extend(["--port".to_string(), "0".to_string()]);
            let (child, printed, port) = start_serve(dir, &again)
                .unwrap_or_else(|e| panic!("{at}: koers serve --port 0 stopped: {e}"));
            let expected = expected.as_ref().map(|lines| {
                lines
                    .iter()
                    .map(|l| l.replace("127.0.0.1:1111/", &format!("127.0.0.1:{port}/")))
                    .collect()
            });
            (child, printed, port, expected)
        }
        Err(stderr) => panic!("{at}: koers serve stopped: {stderr}"),
    };
    if let Some(expected) = &expected {
        check_output(at, &args.join(" "), expected, &printed.join("\n"));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (status, body) = common::server::get(port, "/");
        if status == 200 && body.contains("<html") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{at}: koers serve did not serve the home page (status {status})"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = child.kill();
    let _ = child.wait();
    // Its own output folder, in the system's temporary folder.
    let announced = printed.last().unwrap();
    if let Some(folder) = announced
        .strip_prefix("Serving ")
        .and_then(|r| r.split(" at http").next())
    {
        let folder = PathBuf::from(folder);
        if folder.starts_with(std::env::temp_dir())
            && folder
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("koers-serve-"))
        {
            let _ = fs::remove_dir_all(folder);
        }
    }
}

fn run(at: &Origin, work: &Path, step: Step, ran: &mut Vec<String>) {
    match step {
        Step::Run {
            args,
            dir,
            fails,
            expected,
        } => {
            let cmd = args.join(" ");
            if dir == "." {
                eprintln!("{at}: $ koers {cmd}");
            } else {
                eprintln!("{at}: (in {dir}) $ koers {cmd}");
            }
            ran.push(cmd.clone());
            let dir = work.join(dir);
            if args.first().map(String::as_str) == Some("serve") {
                assert!(!fails, "{at}: koers serve is shown failing");
                return serve(at, &dir, &args, &expected);
            }
            let out = koers(&dir, &args);
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(&out.stdout)
            );
            assert_eq!(
                out.status.success(),
                !fails,
                "{at}: `koers {cmd}` {} ({}), where the guide says it {}:\n{printed}",
                if out.status.success() {
                    "succeeded"
                } else {
                    "failed"
                },
                out.status,
                if fails { "fails" } else { "succeeds" }
            );
            if let Some(expected) = expected {
                check_output(at, &cmd, &expected, &printed);
            }
        }
        Step::Write { path, text } => {
            let file = work.join(&path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, text).unwrap();
        }
        Step::Contains { path, text } => {
            let held = fs::read_to_string(work.join(&path))
                .unwrap_or_else(|e| panic!("{at}: {path}: {e}"));
            assert!(
                held.contains(&text),
                "{at}: {path} does not hold the text the guide shows.\n\
                 --- the guide shows:\n{text}--- the file holds:\n{held}"
            );
        }
        Step::Replace { path, from, to } => {
            let file = work.join(&path);
            let held = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{at}: {path}: {e}"));
            assert!(
                held.contains(&from),
                "{at}: {path} does not hold {from:?} to replace:\n{held}"
            );
            fs::write(&file, held.replace(&from, &to)).unwrap();
        }
        Step::Delete { path } => {
            fs::remove_file(work.join(&path)).unwrap_or_else(|e| panic!("{at}: {path}: {e}"));
        }
        Step::Copy { from, to } => {
            let source = common::repo().join(&from);
            let target = work.join(&to);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).unwrap();
            }
            fs::copy(&source, &target).unwrap_or_else(|e| panic!("{at}: {from}: {e}"));
        }
    }
}

#[test]
fn the_guide_works_as_written() {
    let work = tempfile::tempdir().unwrap();
    let mut ran = Vec::new();
    for chapter in chapters() {
        for (at, step) in steps_of(&chapter) {
            run(&at, work.path(), step, &mut ran);
        }
    }
    // Every command an adviser needs is in the guide, and so was run.
    for needed in [
        "--version",
        "init",
        "build",
        "check",
        "serve",
        "audit",
        "new publication",
        "new story",
        "new report",
    ] {
        assert!(
            ran.iter().any(|c| c.starts_with(needed)),
            "the guide never runs `koers {needed}`; ran: {ran:#?}"
        );
    }
    // The site the reader made builds at the end.
    let out = koers(
        work.path(),
        &words("build --content mijn-site/content --output mijn-site/output"),
    );
    assert!(
        out.status.success(),
        "the guide's site does not build at the end:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn output_patterns() {
    let p = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(line_matches(
        "Built … pages in … ms",
        "Built 3 pages in 12 ms"
    ));
    assert!(!line_matches("Built … pages", "Built 3 files"));
    assert!(line_matches("…", ""));
    assert!(lines_match(&p(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(lines_match(&p(&["a", "…"]), &["a"]));
    assert!(!lines_match(&p(&["a", "d"]), &["a", "b", "d"]));
    assert_eq!(
        words(r#"new report --date "30 juni 2026" --name x"#),
        ["new", "report", "--date", "30 juni 2026", "--name", "x"]
    );
    assert_eq!(
        koers_line("      - run: koers build --content content"),
        Some(words("build --content content"))
    );
    assert_eq!(koers_line("cargo install --path ."), None);
}
