#![no_main]
//! Fuzz target: see koers::fuzzing::load.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    koers::fuzzing::load(data);
});
