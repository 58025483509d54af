//! Hashes for caches and incremental rebuilds: stable within one process,
//! never stored.

use std::hash::{Hash, Hasher};

/// The hash of `value`, with the standard hasher (SipHash): for keys
/// made of many small fields, where a collision would show a wrong result.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The hash of a file's text or bytes: whether a source or an output file
/// changed. rustc's hasher mixes long byte strings 16 bytes at a time,
/// several times faster than SipHash on the 40 MB of a 10 000-story site.
pub fn hash_text(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}
