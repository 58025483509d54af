//! "Did you mean ...?" for misspelled fields and references.

/// The candidate closest to `wrong`, when it is close enough to be a typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&wrong_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1) + 1 && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A help text listing valid values, with a suggestion first when one fits.
pub fn valid_values_help(wrong: &str, valid: &[String]) -> String {
    const SHOWN: usize = 12;
    let list = if valid.is_empty() {
        "there are none defined yet".to_string()
    } else if valid.len() > SHOWN {
        format!(
            "valid values include: {} (and {} more)",
            valid[..SHOWN].join(", "),
            valid.len() - SHOWN
        )
    } else {
        format!("valid values are: {}", valid.join(", "))
    };
    match closest(wrong, valid.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`? {list}"),
        None => list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_only() {
        assert_eq!(
            closest("statsu", ["story", "status", "summary"]),
            Some("status")
        );
        assert_eq!(closest("xyz", ["story", "status"]), None);
    }
}
