//! The Content-Security-Policy every page carries: nothing from outside
//! the site, and no inline script but koers' own, allowed by its hash.

use base64::Engine;
use sha2::{Digest, Sha256};

/// koers' only inline script: marks the document as having JavaScript, so
/// styles can enhance what works without it.
pub const INLINE_SCRIPT: &str = "document.documentElement.classList.add(\"js\");";

/// The `sha256-...` source of an inline script.
pub fn hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy for the `<meta http-equiv="Content-Security-Policy">` tag.
pub fn policy() -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self'; base-uri 'none'; form-action 'self'",
        hash(INLINE_SCRIPT)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_policy_allows_only_our_own_inline_script() {
        let p = super::policy();
        assert!(p.contains("'sha256-"));
        assert!(!p.contains("unsafe-inline"));
        assert!(p.starts_with("default-src 'none'"));
    }
}
