#![no_main]
//! Fuzz target: see koers::fuzzing::chart.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    koers::fuzzing::chart(data);
});
