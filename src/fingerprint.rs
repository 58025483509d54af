//! Hashes for caches and incremental rebuilds: stable within one process,
//! never stored, so the standard hasher does.

use std::hash::{Hash, Hasher};

/// The hash of `value`.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
