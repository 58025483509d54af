//! URL forms shared by the template context and the machine-readable
//! files, in a module of their own so neither imports the other.

/// The path part of a base URL: `https://x.nl/sub/` -> `/sub/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => &after_scheme[i..],
        Some(_) => after_scheme,
        None if base_url.contains("://") => "/",
        None => after_scheme,
    };
    let mut p = path.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_path_of_urls() {
        assert_eq!(super::base_path("https://x.nl/"), "/");
        assert_eq!(super::base_path("https://x.nl"), "/");
        assert_eq!(super::base_path("https://x.nl/sub"), "/sub/");
        assert_eq!(super::base_path("/"), "/");
    }
}
