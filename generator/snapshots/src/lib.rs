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

/// Generated from `generator/tests/fixtures/formats.json` with
/// `generator/tests/fixtures/formats-codegen.json`: every typed format, the `Money` schema
/// replaced by [`money::Money`], derives and attributes added by the configuration.
pub mod formats {
    include!("formats.rs");
}

/// Generated from `generator/tests/fixtures/formats.json` with
/// `generator/tests/fixtures/formats-chrono.json`: dates as chrono's types.
pub mod formats_chrono {
    include!("formats_chrono.rs");
}

/// The type the `formats` snapshot uses for the `Money` schema (`"replace"` in its config).
pub mod money {
    use d360_runtime::model::{Deserialize, Deserializer, Serialize, Serializer, Value};

    /// An amount of money, kept as the JSON the server sent.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    pub struct Money(pub Value);

    impl Serialize for Money {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for Money {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Value::deserialize(deserializer).map(Self)
        }
    }
}
