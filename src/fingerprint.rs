//! Hashes for caches and incremental rebuilds: stable within one process,
//! never stored, so the standard hasher does.

use std::hash::{Hash, Hasher};

/// The hash of `value`.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The hash of formatted text (`format_args!`), without building the
/// string.
pub fn hash_of_text(args: std::fmt::Arguments) -> u64 {
    struct Feed(std::collections::hash_map::DefaultHasher);
    impl std::fmt::Write for Feed {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut feed = Feed(std::collections::hash_map::DefaultHasher::new());
    let _ = std::fmt::write(&mut feed, args);
    feed.0.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatted_text_hashes_by_its_bytes() {
        let n = 12.5;
        assert_eq!(
            hash_of_text(format_args!("a|{n:?}|b")),
            hash_of_text(format_args!("a|12.5|b"))
        );
        assert_ne!(
            hash_of_text(format_args!("a|{n:?}")),
            hash_of_text(format_args!("a|12.6"))
        );
    }
}
