#![no_main]
//! Fuzz target: HTML the raw-HTML policy accepts (koers::fuzzing::raw_html)
//! holds no executable URL as a browser's parser reads it.
use libfuzzer_sys::fuzz_target;

#[path = "../raw_html_oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    for html in koers::fuzzing::raw_html(data) {
        let bad = oracle::executable_urls(&html);
        assert!(bad.is_empty(), "accepted {html:?} holds {bad:?}");
    }
});
