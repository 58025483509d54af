//! The small world Typst compiles one PDF in: one main source (the
//! template shipped with koers), the publication's data and drawings as
//! files in memory, the fonts koers embeds, and no clock. Nothing is read
//! from disk and nothing from the network.

use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Coverage, Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The template that lays out every publication.
pub(super) const TEMPLATE: &str = include_str!("edition.typ");

/// The fonts koers ships (Inter, under the SIL Open Font License, see
/// `src/pdf/fonts/OFL.txt`).
pub(super) const FONTS: [&[u8]; 4] = [
    include_bytes!("fonts/Inter-Regular.otf"),
    include_bytes!("fonts/Inter-Bold.otf"),
    include_bytes!("fonts/Inter-Italic.otf"),
    include_bytes!("fonts/Inter-BoldItalic.otf"),
];

/// True when the fonts koers ships can show `c` (all four styles of Inter
/// cover the same characters).
pub(super) fn shows(c: char) -> bool {
    static COVERAGE: OnceLock<Option<Coverage>> = OnceLock::new();
    COVERAGE
        .get_or_init(|| Font::new(Bytes::new(FONTS[0]), 0).map(|f| f.info().coverage.clone()))
        .as_ref()
        .is_some_and(|coverage| coverage.contains(c as u32))
}

/// What every compilation shares: the standard library and the fonts.
pub(super) struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Shared {
    pub fn new() -> Shared {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }
}

/// One publication's world: the template as `/main.typ`, its data as
/// `/data.json`, its drawings under `/charts/`.
pub(super) struct EditionWorld<'s> {
    shared: &'s Shared,
    main: Source,
    files: Vec<(FileId, Bytes)>,
}

impl<'s> EditionWorld<'s> {
    /// The world of one PDF; fails only on a path koers made wrong.
    pub fn new(
        shared: &'s Shared,
        data: Vec<u8>,
        drawings: Vec<(String, Vec<u8>)>,
    ) -> Result<Self, String> {
        let main = Source::new(file_id("/main.typ")?, TEMPLATE.to_string());
        let files = std::iter::once(("/data.json".to_string(), data))
            .chain(drawings)
            .map(|(path, bytes)| Ok((file_id(&path)?, Bytes::new(bytes))))
            .collect::<Result<_, String>>()?;
        Ok(EditionWorld {
            shared,
            main,
            files,
        })
    }
}

impl EditionWorld<'_> {
    /// The template, as Typst reads it.
    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

/// The id of a file of the project at `path`.
fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("{path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for EditionWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    /// No clock: the same content makes the same document.
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
