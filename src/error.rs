//! Errors as values: every problem koers finds in content is a [`Diagnostic`]
//! with a position, collected in [`Diagnostics`] so that one build reports
//! all problems at once, the way rustc does.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a source file. Lines and columns are 1-based; `0` means unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// How serious a diagnostic is. Errors fail the build; warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the content, theme or configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the project when possible.
    pub file: PathBuf,
    pub position: Position,
    /// What is wrong, naming the bad value.
    pub message: String,
    /// How to fix it (valid values, the expected form).
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            position,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(file: impl AsRef<Path>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.file.display())?;
        if self.position.line > 0 {
            write!(f, ":{}", self.position.line)?;
            if self.position.column > 0 {
                write!(f, ":{}", self.position.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All diagnostics of one run, in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file and position so that output is stable across runs.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.position.line, a.position.column, &a.message).cmp(&(
                &b.file,
                b.position.line,
                b.position.column,
                &b.message,
            ))
        });
        self.items.dedup();
    }
}

/// At most this many diagnostics are printed; the rest are counted.
const SHOWN: usize = 100;

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.items.iter().take(SHOWN) {
            writeln!(f, "{d}")?;
        }
        if self.items.len() > SHOWN {
            writeln!(f, "... and {} more", self.items.len() - SHOWN)?;
        }
        Ok(())
    }
}

/// The crate's error type: either content problems (with positions) or a
/// failure of the environment (I/O, the theme, the output folder).
pub enum Error {
    /// The content has problems; every one of them is listed.
    Content(Diagnostics),
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Anything else, with a message that says what to do.
    Other(String),
    /// A rebuild stopped because a newer change came in (`koers serve`).
    Interrupted,
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// The diagnostics of a content error; empty for other errors.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Content(d) => d.iter().cloned().collect(),
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(d) => {
                write!(f, "{d}")?;
                let n = d.error_count();
                write!(
                    f,
                    "{n} error{} found; nothing was written",
                    if n == 1 { "" } else { "s" }
                )
            }
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::Other(msg) => write!(f, "error: {msg}"),
            Error::Interrupted => write!(f, "the rebuild was interrupted by a newer change"),
        }
    }
}

/// Debug shows what Display shows (capped), so `expect` messages stay readable.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
