//! Ids, aliases and the references between content files.

use crate::error::Diagnostics;
use crate::load::source::SourceFile;
use crate::load::yaml::At;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The kinds of things content can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Publication,
    Thema,
    Story,
    Goal,
    Ambition,
    Status,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Publication => "publication",
            Kind::Thema => "theme",
            Kind::Story => "story",
            Kind::Goal => "goal",
            Kind::Ambition => "ambition level",
            Kind::Status => "status level",
        }
    }
}

/// Maps every id and alias of every kind to its canonical id. Looked up
/// by hash: a site has an entry per story, made one after another.
#[derive(Debug, Default)]
pub struct Resolver {
    names: FxHashMap<(Kind, String), String>,
    ids: BTreeMap<Kind, Vec<String>>,
    defined_in: FxHashMap<(Kind, String), String>,
}

impl Resolver {
    /// Registers an id (written at `id_at`, or taken from the file name)
    /// with its aliases; a second definition is an error.
    pub fn add(
        &mut self,
        kind: Kind,
        id: &str,
        id_at: Option<&At<String>>,
        aliases: &[At<String>],
        source: &SourceFile,
        diags: &mut Diagnostics,
    ) {
        if let Some(first) = self.defined_in.get(&(kind, id.to_string())) {
            let pos = id_at.map_or(crate::error::Position::new(1, 1), |at| source.at(at));
            diags.push(
                source
                    .error(
                        pos,
                        format!("{} id `{id}` is used twice: also by {first}", kind.noun()),
                    )
                    .with_help("give each one its own `id` (or file name)"),
            );
            return;
        }
        self.defined_in
            .insert((kind, id.to_string()), source.rel.clone());
        self.ids.entry(kind).or_default().push(id.to_string());
        self.names.insert((kind, id.to_string()), id.to_string());
        for alias in aliases {
            let key = (kind, alias.value.clone());
            match self.names.get(&key) {
                Some(other) if other != id => diags.push(
                    source
                        .error(
                            source.at(alias),
                            format!(
                                "alias `{}` already names {} `{other}`",
                                alias.value,
                                kind.noun()
                            ),
                        )
                        .with_help("an alias must point to one thing only"),
                ),
                _ => {
                    self.names.insert(key, id.to_string());
                }
            }
        }
    }

    /// Registers the ids of a vocabulary defined in site.yaml.
    pub fn add_vocabulary(&mut self, kind: Kind, ids: impl Iterator<Item = String>) {
        for id in ids {
            self.ids.entry(kind).or_default().push(id.clone());
            self.names.insert((kind, id.clone()), id);
        }
    }

    /// The canonical id for `value`, or a diagnostic at the value's place
    /// that lists the valid values.
    pub fn resolve(
        &self,
        kind: Kind,
        at: &At<String>,
        source: &SourceFile,
        key: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let value = at.value.as_str();
        if let Some(id) = self.names.get(&(kind, value.to_string())) {
            return Some(id.clone());
        }
        // Sources capitalise names inconsistently: accept a match that
        // differs only in case when it is unambiguous.
        let lower = value.to_lowercase();
        let mut folded = self
            .names
            .iter()
            .filter(|((k, name), _)| *k == kind && name.to_lowercase() == lower)
            .map(|(_, id)| id);
        if let (Some(id), None) = (folded.next(), folded.next()) {
            return Some(id.clone());
        }
        let valid = self.ids.get(&kind).cloned().unwrap_or_default();
        let where_defined = match kind {
            Kind::Publication => "publication folders under publications/",
            Kind::Thema => "theme files under themes/ (their id or aliases)",
            Kind::Story => "story files under stories/ (their id or aliases)",
            Kind::Goal => "the `goals` of themes and publications, and goal files under goals/",
            Kind::Ambition => "`ambition_levels` in site.yaml",
            Kind::Status => "`status_levels` in site.yaml",
        };
        diags.push(
            source
                .error(
                    source.at(at),
                    format!("unknown {} `{value}` in `{key}`", kind.noun()),
                )
                .with_help(format!(
                    "{}; they are defined by {where_defined}",
                    crate::suggest::valid_values_help(value, &valid)
                )),
        );
        None
    }
}
