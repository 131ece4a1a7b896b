//! Any bytes through the whole pipeline: load → parse → lower → check → emit.
//!
//! `generate` must return `Ok` or `Err` for every input; a panic, an abort or a stack
//! overflow is a crash. An error must say where (a JSON pointer or the whole document) and
//! what is wrong.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = d360_codegen::Config::default();
    if let Err(errors) = d360_codegen::generate(data, "fuzz.json", &config) {
        assert!(!errors.is_empty(), "Err without a diagnostic");
        for d in &errors.0 {
            assert!(
                d.pointer.is_empty() || d.pointer.starts_with('/'),
                "not a JSON pointer: {:?}",
                d.pointer
            );
            assert!(
                !d.message.is_empty(),
                "error without a message at {:?}",
                d.pointer
            );
        }
    }
});
