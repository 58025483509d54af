//! Woo (Wet open overheid) vocabularies: the information categories of
//! art. 3.3 with their TOOI identifiers, used for DiWoo metadata and the
//! per-category sitemaps the Woo-index harvests.

/// A Woo information category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// The article 3.3 code: "2g".
    pub code: &'static str,
    /// The TOOI concept id: "c_c6cd1213".
    pub tooi: &'static str,
    pub label: &'static str,
}

/// The seventeen categories, in the order of art. 3.3 (the sitemap files
/// are numbered 001-017 in this order).
pub const CATEGORIES: [Category; 17] = [
    Category {
        code: "1a",
        tooi: "c_139c6280",
        label: "wetten en algemeen verbindende voorschriften",
    },
    Category {
        code: "1b",
        tooi: "c_aab6bfc7",
        label: "overige besluiten van algemene strekking",
    },
    Category {
        code: "1c",
        tooi: "c_759721e2",
        label: "ontwerpen van wet- en regelgeving met adviesaanvraag",
    },
    Category {
        code: "1d",
        tooi: "c_40a05794",
        label: "organisatie en werkwijze",
    },
    Category {
        code: "1e",
        tooi: "c_89ee6784",
        label: "bereikbaarheidsgegevens",
    },
    Category {
        code: "2a",
        tooi: "c_8c840238",
        label: "bij vertegenwoordigende organen ingekomen stukken",
    },
    Category {
        code: "2b",
        tooi: "c_c76862ab",
        label: "vergaderstukken Staten-Generaal",
    },
    Category {
        code: "2c",
        tooi: "c_db4862c3",
        label: "vergaderstukken decentrale overheden",
    },
    Category {
        code: "2d",
        tooi: "c_3a248e3a",
        label: "agenda's en besluitenlijsten bestuurscolleges",
    },
    Category {
        code: "2e",
        tooi: "c_99a836c7",
        label: "adviezen",
    },
    Category {
        code: "2f",
        tooi: "c_8fc2335c",
        label: "convenanten",
    },
    Category {
        code: "2g",
        tooi: "c_c6cd1213",
        label: "jaarplannen en jaarverslagen",
    },
    Category {
        code: "2h",
        tooi: "c_cf268088",
        label: "subsidieverplichtingen anders dan met beschikking",
    },
    Category {
        code: "2i",
        tooi: "c_3baef532",
        label: "Woo-verzoeken en -besluiten",
    },
    Category {
        code: "2j",
        tooi: "c_fdaee95e",
        label: "onderzoeksrapporten",
    },
    Category {
        code: "2k",
        tooi: "c_46a81018",
        label: "beschikkingen",
    },
    Category {
        code: "2l",
        tooi: "c_a870c43d",
        label: "klachtoordelen",
    },
];

/// The TOOI base of the core thesaurus.
pub const TOOI_KERN: &str = "https://identifier.overheid.nl/tooi/def/thes/kern/";
/// The TOOI base of the theme list (TOP-lijst).
pub const TOOI_TOP: &str = "https://identifier.overheid.nl/tooi/def/thes/top/";

impl Category {
    pub fn by_code(code: &str) -> Option<&'static Category> {
        let code = code.trim().to_lowercase();
        CATEGORIES.iter().find(|c| c.code == code || c.tooi == code)
    }

    /// 1-based position, for the sitemap file names (`infocat012`).
    pub fn number(&self) -> usize {
        CATEGORIES
            .iter()
            .position(|c| c.code == self.code)
            .map_or(0, |i| i + 1)
    }

    pub fn uri(&self) -> String {
        format!("{TOOI_KERN}{}", self.tooi)
    }
}
