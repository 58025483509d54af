//! The `koers` command line.

use clap::{Parser, Subcommand};
use koers::build::{self, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// A build makes millions of small strings and maps on all cores;
/// mimalloc hands them out and takes them back faster than the system
/// allocator (see BENCHMARKS.md). Built without transparent huge pages
/// (`no_thp`): with them, a 1,000-story build took 100 MiB instead of 74.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "koers",
    version,
    about = "Compile strategy and progress publications into an accessible static website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The theme folder (default: themes/<theme of site.yaml>).
    #[arg(long)]
    theme: Option<PathBuf>,
    /// Override the site's base URL.
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// The output folder; replaced as a whole only when the build succeeds.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Load and validate everything and report problems; write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload the browser.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The output folder (default: a folder of its own in the system's
        /// temporary folder, so that a site built for the local address
        /// never lands in the folder that is published).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The port (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Build the site (or take a built one), check every page with axe-core
    /// in headless Chromium (and the Nu Html Checker when Java and vnu.jar are
    /// there), and write a dated report into the content folder's audits/.
    Audit {
        #[command(flatten)]
        site: SiteArgs,
        /// The output folder the site is built into, as by koers build.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// Audit this already built site instead of building one.
        #[arg(long = "site", value_name = "DIR")]
        built: Option<PathBuf>,
    },
    /// Create a new site with a minimal working skeleton in DIR.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write the next file from what the site holds: a progress report, a
    /// story or a publication. Never overwrites a file.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Import a Word document (.docx) as a publication: index.md, a chapter
    /// per top-level heading, its images, and a report of what it could
    /// not carry.
    Import {
        /// The Word document.
        docx: PathBuf,
        /// The publication's folder, e.g. content/publications/NAME/.
        #[arg(long)]
        into: PathBuf,
        /// Overwrite files the import writes that already exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// The next progress report after the latest one: every story and
    /// goal of it, with the last status as a hint, the statuses to fill in.
    Report {
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The reporting date ("medio december 2018", 2018-12-14); asked
        /// when not given and koers runs in a terminal.
        #[arg(long)]
        date: Option<String>,
        /// The folder name of the new report under publications/.
        #[arg(long)]
        name: Option<String>,
    },
    /// A story, as a template with every field explained.
    Story {
        /// Its id: the file name under stories/ (lower case, hyphens).
        id: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// A publication, as a template with every field explained.
    Publication {
        /// Its folder name under publications/ (lower case, hyphens).
        name: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

/// Asks for the reporting date when koers runs in a terminal.
fn ask_date() -> Option<String> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return None;
    }
    print!("Peildatum van de rapportage (bijvoorbeeld medio december 2018): ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    let line = line.trim();
    (!line.is_empty()).then(|| line.to_string())
}

fn new_file(what: NewWhat) -> koers::error::Result<()> {
    use koers::scaffold;
    let path = match what {
        NewWhat::Report {
            content,
            date,
            name,
        } => {
            let site = build::read_site(&content)?;
            let date = date.or_else(ask_date);
            scaffold::new_report(&content, &site, &scaffold::ReportRequest { date, name })?
        }
        NewWhat::Story { id, content } => scaffold::new_story(&content, &id)?,
        NewWhat::Publication { name, content } => scaffold::new_publication(&content, &name)?,
    };
    println!("Wrote {}", path.display());
    Ok(())
}

fn options(site: SiteArgs, output: PathBuf, quiet: bool) -> BuildOptions {
    use std::io::IsTerminal;
    BuildOptions {
        progress: !quiet && std::io::stderr().is_terminal(),
        content: site.content,
        theme: site.theme,
        output,
        base_url: site.base_url,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { site, output, quiet } => build::build(&options(site, output, quiet)).map(|summary| {
            if !quiet {
                println!("{summary}");
            }
        }),
        Command::Check { site } => build::check(&options(site, PathBuf::from("output"), false)).map(|summary| {
            println!("{summary}");
        }),
        Command::Serve { site, output, port } => {
            let output = output.unwrap_or_else(|| koers::serve::own_output(&site.content));
            koers::serve::serve(&koers::serve::ServeOptions {
                build: options(site, output, false),
                port,
            })
        }
        Command::Audit { site, output, built } => {
            let content = site.content.clone();
            let opts = match built {
                Some(dir) => koers::audit::AuditOptions {
                    build: None,
                    site: dir,
                    content,
                },
                None => koers::audit::AuditOptions {
                    site: output.clone(),
                    build: Some(options(site, output, false)),
                    content,
                },
            };
            koers::audit::audit(&opts).and_then(|outcome| {
                println!("{}", outcome.report);
                println!("Report: {}", outcome.path.display());
                if outcome.report.passed() {
                    Ok(())
                } else {
                    Err(koers::error::Error::Other(format!(
                        "the audit found {} violation{}",
                        outcome.report.problems(),
                        if outcome.report.problems() == 1 { "" } else { "s" }
                    )))
                }
            })
        }
        Command::New { what } => new_file(what),
        Command::Init { dir } => koers::init::init(&dir).map(|()| {
            println!("Created a new koers site in {}. Build it with: koers build --content {}/content --output {}/output", dir.display(), dir.display(), dir.display());
        }),
        Command::Import { docx, into, force } => koers::import::import(&docx, &into, force).map(|report| {
            eprint!("{report}");
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
