//! The generator's snapshots, compiled: a snapshot nobody compiles is a snapshot that may not
//! compile. Each module includes one committed output of `d360-codegen`; the generator's
//! `snapshots` test keeps them equal to what the generator produces now
//! (`UPDATE_SNAPSHOTS=1 cargo test -p d360-codegen --test snapshots` rewrites them).

#![deny(warnings, missing_docs)]

/// Generated from `spec/partners-v2.json` (the client's own bindings).
pub mod partners {
    include!("../../../generated-client/partners_v2.rs");
}

/// Generated from `generator/tests/fixtures/hostile.json`: names that break naive generators.
pub mod hostile {
    include!("hostile.rs");
}

/// Generated from `generator/tests/fixtures/sloppy.json`: sloppy but clear documents (query
/// strings in path keys, text fields written as numbers or lists).
pub mod sloppy {
    include!("sloppy.rs");
}

/// Generated from `generator/tests/fixtures/deprecated.json`: deprecated schemas used as
/// properties, list items, map values, aliases, union alternatives, parameters and errors.
pub mod deprecated {
    include!("deprecated.rs");
}

/// Generated from `generator/tests/fixtures/refs.json`: references to every kind of place.
pub mod refs {
    include!("refs.rs");
}

/// Generated from `generator/tests/fixtures/select.json`, its operations tagged `pets` or
/// `owners` only: a selection and the types it reaches.
pub mod selected {
    include!("selected.rs");
}
