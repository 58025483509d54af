//! The PDF edition of every publication (feature `pdf`): one tagged
//! PDF/UA-1 file per publication, made with Typst as a library from the
//! same typed model as the pages.
//!
//! - [`document`] turns a publication into data (`/data.json`): its title
//!   page facts, its texts as trees of blocks and inlines ([`markdown`]),
//!   its tables, its charts as SVG drawings, the brand's [`colours`].
//! - [`world`] is the small in-memory Typst world the template
//!   (`edition.typ`) is compiled in: the data, the drawings, the fonts koers
//!   ships, and no clock.
//! - [`manifest`] keeps a fingerprint of each PDF's inputs in the output
//!   folder, so a build reuses the last build's PDF of a publication whose
//!   inputs did not change, across processes too.
//!
//! PDFs are made in parallel, one publication per task; the build makes
//! them while the pages that do not show them render (see
//! `build::render_language`).

mod colours;
mod document;
mod manifest;
mod markdown;
mod world;

use crate::error::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::model::{Edition, Publication, Site};
use crate::render::{i18n::Strings, theme::Theme};
use crate::write::{OutputFile, Sink};
use manifest::{Fingerprint, Manifest};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Instant;
use typst::foundations::Smart;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// What every PDF of a build shares besides the publication.
pub(super) struct Inputs {
    colours: colours::Colours,
}

/// One publication's PDF, made or reused.
struct Made {
    file: OutputFile,
    edition: Edition,
    fingerprint: Fingerprint,
    reused: bool,
}

/// Makes the PDF of every publication of `site` (or takes the last
/// build's from `previous`, the folder of this language's last output,
/// when its inputs are the same), hands the files and the manifest to
/// `sink`, and sets each publication's [`Edition`]. Returns the paths of
/// the files.
pub(crate) fn make_editions(
    site: &Site,
    theme: &Theme,
    strings: &Strings,
    previous: &Path,
    sink: &dyn Sink,
) -> Result<Vec<String>> {
    if site.publications.is_empty() || !site.config.pdf_edition {
        return Ok(Vec::new());
    }
    let start = Instant::now();
    let inputs = Inputs {
        colours: colours::Colours::of(site.config.brand.as_ref(), &theme.palette()),
    };
    let last = Manifest::read(previous);
    let shared = std::sync::OnceLock::new();
    let made: Vec<Made> = site
        .publications
        .par_iter()
        .map(|p| edition(site, p, strings, &inputs, (&last, previous), &shared))
        .collect::<Result<_>>()?;
    let mut manifest = Manifest::default();
    let mut paths = Vec::with_capacity(made.len() + 1);
    for (p, m) in site.publications.iter().zip(made) {
        debug_line(p, &m, &start);
        manifest.insert(&p.slug, m.fingerprint, &m.edition);
        // Set once per build: the model is new in every build.
        let _ = p.edition.set(m.edition);
        paths.push(m.file.path.clone());
        sink.put(m.file)?;
    }
    let file = manifest.file();
    paths.push(file.path.clone());
    sink.put(file)?;
    // Typst's memo of layouts would keep every publication's in memory.
    typst::comemo::evict(0);
    Ok(paths)
}

/// The PDF of `p`: the last build's when its fingerprint is the same and
/// its file is as the manifest says, else made now.
fn edition(
    site: &Site,
    p: &Publication,
    strings: &Strings,
    inputs: &Inputs,
    (last, previous): (&Manifest, &Path),
    shared: &std::sync::OnceLock<world::Shared>,
) -> Result<Made> {
    let prepared = document::prepare(site, p, strings, inputs);
    let fingerprint = Fingerprint::of(&p.url, &prepared);
    let url = format!("{}{}.pdf", p.url, p.slug);
    let path = url.trim_start_matches('/').to_string();
    if let Some(bytes) = last.reusable(&p.slug, &fingerprint, &url, &previous.join(&path)) {
        return Ok(made(path, url, bytes, fingerprint, true));
    }
    let shared = shared.get_or_init(world::Shared::new);
    let bytes = compile(shared, p, prepared).map_err(|message| typst_error(p, &message))?;
    Ok(made(path, url, bytes, fingerprint, false))
}

fn made(path: String, url: String, bytes: Vec<u8>, fingerprint: Fingerprint, reused: bool) -> Made {
    let edition = Edition {
        url,
        bytes: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
    };
    Made {
        file: OutputFile { path, bytes },
        edition,
        fingerprint,
        reused,
    }
}

/// Lays out the publication and writes it as a tagged PDF/UA-1 file.
fn compile(
    shared: &world::Shared,
    p: &Publication,
    prepared: document::Prepared,
) -> std::result::Result<Vec<u8>, String> {
    let world = world::EditionWorld::new(shared, prepared.data, prepared.files)?;
    let document = typst::compile::<typst_layout::PagedDocument>(&world)
        .output
        .map_err(|errors| messages(&world, &errors))?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| format!("{e:?}"))?;
    let options = PdfOptions {
        // A stable document id: the same publication keeps its id.
        ident: Smart::Custom(p.url.clone()),
        creator: Smart::Custom(Some(format!("koers {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| messages(&world, &errors))
}

/// Typst's errors in one line each, with the template line they point at
/// and their hints.
fn messages(world: &world::EditionWorld, errors: &[typst::diag::SourceDiagnostic]) -> String {
    use typst::WorldExt;
    errors
        .iter()
        .map(|e| {
            let line = world
                .range(e.span)
                .and_then(|r| world.main_source().lines().byte_to_line(r.start))
                .map(|l| format!(" (src/pdf/edition.typ, line {})", l + 1))
                .unwrap_or_default();
            let hints: Vec<String> = e
                .hints
                .iter()
                .map(|h| format!(" (hint: {})", h.v))
                .collect();
            format!("{}{line}{}", e.message, hints.concat())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A PDF that Typst could not make: the content reaches Typst as data, so
/// this is a bug of koers, reported at the publication.
fn typst_error(p: &Publication, message: &str) -> Error {
    let mut diags = Diagnostics::new();
    diags.push(
        Diagnostic::error(
            &p.intro.file,
            Position::new(1, 1),
            format!("the PDF edition of `{}` could not be made: {message}", p.slug),
        )
        .with_help(
            "this is a bug in koers, not in your content: please report it with this message; build without PDFs meanwhile (cargo build --no-default-features)",
        ),
    );
    Error::Content(diags)
}

/// `KOERS_DEBUG`: whether each PDF was made or reused, and when.
fn debug_line(p: &Publication, m: &Made, start: &Instant) {
    if std::env::var_os("KOERS_DEBUG").is_some() {
        let what = if m.reused { "reused" } else { "made" };
        eprintln!(
            "koers: pdf {what} {} ({} bytes, {} ms)",
            p.slug,
            m.edition.bytes,
            start.elapsed().as_millis()
        );
    }
}

/// Lower-case hexadecimal SHA-256 of `bytes`.
fn sha256_hex(bytes: &[u8]) -> String {
    manifest::hex(&Sha256::digest(bytes))
}
