//! Which PDFs a build can take from the last one: each PDF's fingerprint,
//! kept in the output folder (`.koers-pdf.json`) beside the PDFs.
//!
//! A fingerprint is the SHA-256 of everything a PDF is made of: the data
//! Typst reads (made from the publication's files and the model values it
//! shows, the brand's colours and the theme's words), its drawings, the
//! template, the fonts and the version of koers. The same fingerprint
//! makes the same bytes, so the last build's file is reused as it is, when
//! its hash is still the one the manifest gives.

use super::document::Prepared;
use super::world::{FONTS, TEMPLATE};
use crate::model::Edition;
use crate::write::OutputFile;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The manifest's path in a language's output folder.
pub(super) const MANIFEST: &str = ".koers-pdf.json";

/// What a PDF is made of, hashed (lower-case hexadecimal SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(super) struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of the PDF of the publication at `url` made from
    /// `prepared`.
    pub fn of(url: &str, prepared: &Prepared) -> Fingerprint {
        let mut h = Sha256::new();
        for part in [
            env!("CARGO_PKG_VERSION").as_bytes(),
            TEMPLATE.as_bytes(),
            fonts_digest(),
            url.as_bytes(),
            &prepared.data,
        ] {
            field(&mut h, part);
        }
        for (path, bytes) in &prepared.files {
            field(&mut h, path.as_bytes());
            field(&mut h, bytes);
        }
        Fingerprint(hex(&h.finalize()))
    }
}

/// Adds a part with its length, so parts cannot run into each other.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The hash of the fonts koers embeds, made once per process.
fn fonts_digest() -> &'static [u8] {
    static DIGEST: OnceLock<Vec<u8>> = OnceLock::new();
    DIGEST.get_or_init(|| {
        let mut h = Sha256::new();
        for font in FONTS {
            field(&mut h, font);
        }
        h.finalize().to_vec()
    })
}

/// Lower-case hexadecimal of `bytes`.
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The manifest: per publication (by slug), its PDF's fingerprint and file.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Manifest {
    editions: BTreeMap<String, Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    fingerprint: Fingerprint,
    url: String,
    bytes: u64,
    sha256: String,
}

impl Manifest {
    /// The manifest of the output folder `folder`; empty when it has none
    /// or one koers cannot read (then every PDF is made again).
    pub fn read(folder: &Path) -> Manifest {
        std::fs::read(folder.join(MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// The bytes of the last build's PDF of `slug` at `file`, when its
    /// fingerprint is `fingerprint`, its URL `url`, and the file is the one
    /// the manifest describes.
    pub fn reusable(
        &self,
        slug: &str,
        fingerprint: &Fingerprint,
        url: &str,
        file: &Path,
    ) -> Option<Vec<u8>> {
        let entry = self.editions.get(slug)?;
        if entry.fingerprint != *fingerprint || entry.url != url {
            return None;
        }
        let bytes = std::fs::read(file).ok()?;
        let same =
            bytes.len() as u64 == entry.bytes && hex(&Sha256::digest(&bytes)) == entry.sha256;
        same.then_some(bytes)
    }

    pub fn insert(&mut self, slug: &str, fingerprint: Fingerprint, edition: &Edition) {
        self.editions.insert(
            slug.to_string(),
            Entry {
                fingerprint,
                url: edition.url.clone(),
                bytes: edition.bytes,
                sha256: edition.sha256.clone(),
            },
        );
    }

    /// The manifest as the file koers writes into the output folder.
    pub fn file(&self) -> OutputFile {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        OutputFile {
            path: MANIFEST.to_string(),
            bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(data: &str) -> Prepared {
        Prepared {
            data: data.as_bytes().to_vec(),
            files: vec![("/charts/1.svg".into(), b"<svg/>".to_vec())],
        }
    }

    #[test]
    fn the_fingerprint_follows_the_data() {
        let a = Fingerprint::of("/p/", &prepared("{}"));
        assert_eq!(a, Fingerprint::of("/p/", &prepared("{}")));
        assert_ne!(a, Fingerprint::of("/p/", &prepared("{ }")));
        assert_ne!(a, Fingerprint::of("/q/", &prepared("{}")));
    }

    #[test]
    fn a_file_is_reused_only_as_the_manifest_describes_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.pdf");
        std::fs::write(&file, b"%PDF-1.7").unwrap();
        let fp = Fingerprint::of("/p/", &prepared("{}"));
        let mut m = Manifest::default();
        let edition = Edition {
            url: "/p/p.pdf".into(),
            bytes: 8,
            sha256: hex(&Sha256::digest(b"%PDF-1.7")),
        };
        m.insert("p", fp.clone(), &edition);
        std::fs::write(dir.path().join(MANIFEST), &m.file().bytes).unwrap();
        let m = Manifest::read(dir.path());
        assert!(m.reusable("p", &fp, "/p/p.pdf", &file).is_some());
        std::fs::write(&file, b"%PDF-1.4").unwrap();
        assert!(m.reusable("p", &fp, "/p/p.pdf", &file).is_none());
        let other = Fingerprint::of("/p/", &prepared("[]"));
        assert!(m.reusable("p", &other, "/p/p.pdf", &file).is_none());
    }
}
