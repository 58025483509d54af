//! `koers init DIR`: a new site with a minimal skeleton that builds.

use crate::error::{Error, Result};
use std::fs;
use std::path::Path;

/// The skeleton's files: (path under DIR, contents).
const SKELETON: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        r#"title: Mijn strategie
description: Strategie en voortgang van onze organisatie.
language: nl
base_url: https://www.example.org/   # the address the site is published at: put yours here
woo_category: 2g   # Woo information category of the publications (see docs/open-government.md)
woo_theme: {id: c_ee06665e, label: informatievoorziening en ICT}   # the TOOI theme of the publications: choose yours
licence: not-stated   # the licence of the texts and data, e.g. {name: CC0 1.0, url: https://creativecommons.org/publicdomain/zero/1.0/deed.nl}
organisation:
  name: Provincie Voorbeeld
navigation:
  - title: Publicaties
    link: publications
  - title: Stories
    link: stories
  - title: Rapportages
    link: reports
status_levels:
  - id: groen
    label: Volgens plan
    meaning: Volgens plan en afspraken.
    colour: green
  - id: oranje
    label: Binnen marge
    meaning: Niet volgens plan, binnen de marge; het programma stuurt bij.
    colour: amber
  - id: rood
    label: Buiten marge
    meaning: Niet volgens plan, buiten de marge; ingrijpen is nodig.
    colour: red
ambition_levels:
  - id: volgend
    label: Volgend
  - id: voorop
    label: Voorop lopend
"#,
    ),
    (
        "content/themes/dienstverlening.md",
        r#"---
title: Betere dienstverlening
number: 1
ambition: volgend
---
Inwoners en ondernemers regelen hun zaken digitaal.
"#,
    ),
    (
        "content/stories/digitaal-loket.md",
        r#"---
title: Een digitaal loket
number: 1
themes: [dienstverlening]
budget: "€ 100.000"
---
## Ambitie

Alle aanvragen kunnen online worden ingediend.
"#,
    ),
    (
        "content/publications/voortgang-2025/index.md",
        r#"---
title: Voortgangsrapportage 2025
type: voortgangsrapportage
dates:
  published: 2025-07-01
progress:
  date: 2025-06-30
  period: eerste helft 2025
  entries:
    - story: digitaal-loket
      status: groen
      summary: Loopt volgens planning.
      planned: "€ 100.000"
      spent: "€ 40.000"
      forecast: "€ 100.000"
---
Hoe staan onze stories ervoor? Zie ook [het digitaal loket](../../stories/digitaal-loket.md).
"#,
    ),
    (
        "content/pages/over.md",
        r#"---
title: Over deze site
---
Deze site is gemaakt met koers.
"#,
    ),
    (
        "README.md",
        "# Mijn strategie\n\nBuild with `koers build --content content --output output`.\n",
    ),
    (".gitignore", "output/\n.output.koers-*\n"),
];

/// Creates DIR with the skeleton; refuses a folder that is not empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::Other(format!(
            "{} is not empty; `koers init` only creates new sites, so nothing was written",
            dir.display()
        )));
    }
    for (rel, text) in SKELETON {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
