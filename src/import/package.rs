//! The .docx file as a zip package: its parts, read within limits, and
//! the relationships between them.
//!
//! A part's name in the zip is only ever used to find the part: no output
//! path is made from it.

use super::xml::{self, Element};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use zip::result::ZipError;
use zip::ZipArchive;

/// More entries than any Word document has (a document with hundreds of
/// pictures has a few hundred).
const MAX_ENTRIES: usize = 10_000;
/// The most bytes koers unpacks from one document, all parts together.
const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// The first bytes of an OLE compound file: a Word 97-2003 document, or an
/// encrypted (password-protected) .docx.
const OLE_MAGIC: [u8; 8] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

pub(super) struct Package {
    archive: ZipArchive<BufReader<File>>,
    /// Part names in lower case -> the name in the zip (part names are
    /// case-insensitive in a package).
    names: HashMap<String, String>,
    unpacked: u64,
    shown: PathBuf,
}

/// A relationship of a part: `rId7` -> an image, a link, the footnotes.
#[derive(Debug, Clone)]
pub(super) struct Rel {
    /// The last segment of the relationship type (`image`, `hyperlink`).
    pub kind: String,
    /// The part name in the zip for an internal target, the URL as
    /// written for an external one.
    pub target: String,
    pub external: bool,
}

pub(super) type Rels = HashMap<String, Rel>;

impl Package {
    pub fn open(path: &Path) -> Result<Package> {
        let shown = path.to_path_buf();
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut magic = [0u8; 8];
        let n = read_up_to(&mut file, &mut magic).map_err(|e| Error::io(path, e))?;
        if magic == OLE_MAGIC {
            return Err(not_docx(
                path,
                "it is a Word 97-2003 document (.doc) or a password-protected .docx; open it in Word and save it as a Word document (.docx) without a password",
            ));
        }
        if n < 4 || &magic[..2] != b"PK" {
            return Err(not_docx(path, "it is not a zip file, which every .docx is"));
        }
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let archive = ZipArchive::new(BufReader::new(file))
            .map_err(|e| not_docx(path, &format!("its zip structure cannot be read ({e})")))?;
        if archive.len() > MAX_ENTRIES {
            return Err(not_docx(
                path,
                &format!("it holds {} files; a Word document has far fewer (at most {MAX_ENTRIES} are read)", archive.len()),
            ));
        }
        if archive
            .decompressed_size()
            .is_some_and(|n| n > u128::from(MAX_UNPACKED))
        {
            return Err(too_large(path));
        }
        let names = archive
            .file_names()
            .filter_map(|n| n.ok().map(|n| (n.to_lowercase(), n.into_owned())))
            .collect();
        Ok(Package {
            archive,
            names,
            unpacked: 0,
            shown,
        })
    }

    /// The file name for messages.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// The bytes of a part; None when the package has no such part.
    pub fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>> {
        let Some(name) = self.names.get(&part.to_lowercase()).cloned() else {
            return Ok(None);
        };
        let budget = MAX_UNPACKED.saturating_sub(self.unpacked);
        let shown = &self.shown;
        let file = match self.archive.by_name(&name) {
            Ok(f) => f,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(damaged(shown, part, &e.to_string())),
        };
        if file.encrypted() {
            return Err(damaged(shown, part, "it is encrypted"));
        }
        let mut bytes = Vec::new();
        // Read through a limit, whatever size the zip's header claims.
        file.take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(shown, part, &e.to_string()))?;
        let len = bytes.len() as u64;
        if len > budget {
            return Err(too_large(&self.shown));
        }
        self.unpacked += len;
        Ok(Some(bytes))
    }

    /// An XML part parsed; None when the package has no such part.
    pub fn xml(&mut self, part: &str) -> Result<Option<Element>> {
        let Some(bytes) = self.read(part)? else {
            return Ok(None);
        };
        let text = String::from_utf8_lossy(&bytes);
        xml::parse(&text).map(Some).map_err(|e| {
            damaged(
                &self.shown,
                part,
                &format!("it is not well-formed XML: {e}"),
            )
        })
    }

    /// The relationships of a part (`word/document.xml` ->
    /// `word/_rels/document.xml.rels`), with internal targets resolved to
    /// part names; none when the part has no relationships.
    pub fn rels(&mut self, part: &str) -> Result<Rels> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_part = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(root) = self.xml(&rels_part)? else {
            return Ok(Rels::new());
        };
        let mut rels = Rels::new();
        for r in root.elements() {
            let (Some(id), Some(kind), Some(target)) =
                (r.attr("Id"), r.attr("Type"), r.attr("Target"))
            else {
                continue;
            };
            let external = r
                .attr("TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("External"));
            let target = if external {
                target.trim().to_string()
            } else {
                resolve(dir, target)
            };
            let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
            rels.insert(
                id.to_string(),
                Rel {
                    kind,
                    target,
                    external,
                },
            );
        }
        Ok(rels)
    }
}

fn damaged(shown: &Path, part: &str, why: &str) -> Error {
    Error::Other(format!(
        "{}: the Word document is damaged: its part {part} cannot be read: {why}; nothing was written",
        shown.display()
    ))
}

/// The first relationship of `rels` of the kind `kind` (`footnotes`).
pub(super) fn target_of(rels: &Rels, kind: &str) -> Option<String> {
    let mut found: Vec<(&String, &Rel)> = rels
        .iter()
        .filter(|(_, r)| r.kind == kind && !r.external)
        .collect();
    found.sort_by(|a, b| a.0.cmp(b.0));
    found.first().map(|(_, r)| r.target.clone())
}

/// `media/image1.png` from the folder `word` -> `word/media/image1.png`;
/// `..` climbs, a leading `/` starts at the package's root.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn not_docx(path: &Path, why: &str) -> Error {
    Error::Other(format!(
        "{} is not a Word document (.docx): {why}; nothing was written",
        path.display()
    ))
}

fn too_large(path: &Path) -> Error {
    Error::Other(format!(
        "{}: the Word document unpacks to more than {} MB, more than any real document; it may be a zip bomb. Nothing was written",
        path.display(),
        MAX_UNPACKED / (1024 * 1024)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_file(dir: &Path, entries: &[(&str, &[u8])]) -> PathBuf {
        let path = dir.join("test.docx");
        let file = File::create(&path).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in entries {
            zip.start_file(*name, options).expect("entry");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish");
        path
    }

    #[test]
    fn unpacking_stops_at_the_limit_whatever_the_headers_say() {
        let dir = tempfile::tempdir().expect("temp");
        let path = zip_file(dir.path(), &[("Word/Document.xml", &[b'x'; 1000])]);
        let mut package = Package::open(&path).expect("opens");
        // Part names are case-insensitive.
        assert_eq!(
            package
                .read("word/document.xml")
                .expect("read")
                .map(|b| b.len()),
            Some(1000)
        );
        assert!(package.read("word/styles.xml").expect("absent").is_none());
        package.unpacked = MAX_UNPACKED - 999;
        let err = package
            .read("word/document.xml")
            .expect_err("over the limit");
        assert!(err.to_string().contains("zip bomb"), "{err}");
    }

    #[test]
    fn targets_resolve_inside_the_package() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "../../../../etc/passwd"), "etc/passwd");
    }
}
