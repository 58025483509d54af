//! Links and images: destinations resolved to URLs and checked.

use super::state::State;
use crate::error::{Diagnostic, Diagnostics, Position};
use crate::escape::escape;
use crate::model::Markdown;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

impl<'t> State<'_, 't> {
    /// The start of a link or an image, its destination resolved; a link
    /// to a file notes the file's kind and size for its end.
    pub(super) fn link_start(
        &mut self,
        event: Event<'t>,
        md: &Markdown,
        pos: Position,
        diags: &mut Diagnostics,
    ) -> Event<'t> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.resolve_link(&dest_url, md, pos, diags, link_type, false);
                self.link_file = self.last_asset.take().map(|rel| self.file_meta(&rel));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.resolve_link(&dest_url, md, pos, diags, link_type, true);
                self.last_asset = None;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                })
            }
            other => other,
        }
    }

    /// The end of a link: after a link to a file, its kind and size.
    pub(super) fn link_end(&mut self) -> Event<'t> {
        match self.link_file.take().filter(|m| !m.is_empty()) {
            Some(meta) => Event::Html(format!("{meta}</a>").into()),
            None => Event::End(TagEnd::Link),
        }
    }

    /// " (PDF, 1,2 MB)" for a link to a file in the content folder.
    pub(super) fn file_meta(&self, rel: &str) -> String {
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e).to_uppercase();
        let size = std::fs::metadata(self.ctx.content_root.join(rel))
            .map(|m| m.len() as usize)
            .ok();
        let inner = match (ext.is_empty(), size) {
            (false, Some(n)) => format!("{ext}, {}", crate::chart::file_size(n)),
            (false, None) => ext,
            (true, Some(n)) => crate::chart::file_size(n),
            (true, None) => return String::new(),
        };
        format!(" <span class=\"file-meta\">({})</span>", escape(&inner))
    }

    /// Resolves a link or image destination; reports broken ones.
    pub(super) fn resolve_link(
        &mut self,
        dest: &str,
        md: &Markdown,
        pos: Position,
        diags: &mut Diagnostics,
        link_type: LinkType,
        is_image: bool,
    ) -> String {
        if let Some(scheme) = forbidden_scheme(dest, link_type, is_image) {
            diags.push(
                Diagnostic::error(
                    &md.file,
                    pos,
                    format!("the link `{dest}` uses the scheme `{scheme}:`, which koers does not allow"),
                )
                .with_help("link with https://, http://, mailto: or tel:, or to a file of the site by its path; images may be data:image/png, jpeg, gif or webp"),
            );
            return String::new();
        }
        if matches!(link_type, LinkType::Email)
            || is_external(dest)
            || dest.starts_with('#')
            || dest.is_empty()
        {
            return dest.to_string();
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        if path.starts_with('/') {
            return dest.to_string();
        }
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned();
        let dir = md.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let candidates = [normalise(&format!("{dir}/{path}")), normalise(&path)];
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        for candidate in candidates.iter().flatten() {
            if let Some(url) = self.ctx.urls.get(candidate) {
                return format!("{}{frag}", self.href(url));
            }
            if self.ctx.assets.iter().any(|a| a == candidate) {
                self.last_asset.replace(candidate.clone());
                return format!("{}{candidate}{frag}", self.ctx.asset_path);
            }
        }
        self.report_broken(dest, &path, &candidates, md, pos, diags);
        dest.to_string()
    }

    /// Reports a link to no file of the content folder, with the closest
    /// path when there is one.
    fn report_broken(
        &self,
        dest: &str,
        path: &str,
        candidates: &[Option<String>],
        md: &Markdown,
        pos: Position,
        diags: &mut Diagnostics,
    ) {
        let escapes = candidates.iter().all(Option::is_none);
        let known: Vec<String> = self
            .ctx
            .urls
            .keys()
            .chain(self.ctx.assets.iter())
            .cloned()
            .collect();
        let target = candidates
            .iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_else(|| path.to_string());
        let help = if escapes {
            "a link may not point outside the content folder".to_string()
        } else if let Some(best) =
            crate::suggest::closest(&target, known.iter().map(String::as_str))
        {
            format!("did you mean `{best}`? Link to content files by their path, e.g. stories/e-facturen.md")
        } else {
            "link to content files by their path relative to this file or to the content folder, e.g. ../stories/e-facturen.md".to_string()
        };
        diags.push(
            Diagnostic::error(
                &md.file,
                pos,
                format!("broken link `{dest}`: no such file in the content folder"),
            )
            .with_help(help),
        );
    }

    /// The URL of a page, under the site's base path.
    pub(super) fn href(&self, url: &str) -> String {
        format!("{}{}", self.ctx.base_path, url.trim_start_matches('/'))
    }
}

/// The scheme of a link destination that koers does not allow, judged as
/// a browser reads it (tabs and line breaks removed, any case).
fn forbidden_scheme(dest: &str, link_type: LinkType, is_image: bool) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid || matches!(link_type, LinkType::Email) {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let image = is_image
        && scheme == "data"
        && ["image/png", "image/jpeg", "image/gif", "image/webp"]
            .iter()
            .any(|t| rest.to_ascii_lowercase().starts_with(t));
    match scheme.as_str() {
        "http" | "https" | "mailto" | "tel" => None,
        "data" if image => None,
        _ => Some(scheme),
    }
}

/// True for a destination outside the site.
fn is_external(dest: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("data:")
}

/// Resolves `.` and `..` in a content-relative path; `None` when it
/// climbs out of the content folder.
pub fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}
