//! The build-script layer: file I/O, `cargo:` lines, and errors that read like compiler
//! errors. The generator itself ([`crate::generate`]) does no I/O.

use crate::config::{Config, FormatType, SelectorKind};
use crate::diag::Errors;
use crate::Generated;
use std::path::{Path, PathBuf};

/// Generates a client from a build script.
///
/// ```no_run
/// // build.rs: `fn main()` of the build script
/// d360_codegen::Builder::new("spec/partners-v2.json")
///     .operation_name("get_partner_management_docs_api_get_partner", "get_partner")
///     .run_build_script("partners_v2.rs");
/// ```
///
/// and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/partners_v2.rs"));`. The crate
/// needs `d360-runtime` as a dependency.
#[derive(Clone, Debug)]
pub struct Builder {
    spec: PathBuf,
    config_file: Option<PathBuf>,
    config: Config,
    /// [`Builder::share_identical_types`], which wins over the config file's setting.
    share_identical_types: Option<bool>,
}

impl Builder {
    /// A builder for the OpenAPI document at `spec` (JSON or YAML; relative paths are relative
    /// to the package root, where cargo runs build scripts).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            config_file: None,
            config: Config::default(),
            share_identical_types: None,
        }
    }

    /// Names the method for operation `operation_id` (or `"GET /path"`): the spec's
    /// operationIds are often machine names.
    ///
    /// ```
    /// let builder = d360_codegen::Builder::new("spec.json")
    ///     .operation_name("get_partner_management_docs_api_get_partner", "get_partner");
    /// ```
    #[must_use]
    pub fn operation_name(mut self, operation_id: &str, method_name: &str) -> Self {
        self.config.operation_name(operation_id, method_name);
        self
    }

    /// Generates only the operations `pattern` matches (by tag, operationId or path: see
    /// [`selection`](crate::config::selection) for the pattern syntax) and the types they
    /// reach. Each call adds to the config file's `select.include`.
    ///
    /// ```
    /// use d360_codegen::config::SelectorKind;
    /// let builder = d360_codegen::Builder::new("stripe.json")
    ///     .include(SelectorKind::Operation, "GetCustomers")
    ///     .include(SelectorKind::Path, "GET /v1/charges*");
    /// ```
    #[must_use]
    pub fn include(mut self, kind: SelectorKind, pattern: &str) -> Self {
        self.config.include(kind, pattern);
        self
    }

    /// Leaves out the operations `pattern` matches, even when an include matches them. Each
    /// call adds to the config file's `select.exclude`.
    ///
    /// ```
    /// use d360_codegen::config::SelectorKind;
    /// let builder = d360_codegen::Builder::new("github.json")
    ///     .include(SelectorKind::Tag, "repos")
    ///     .exclude(SelectorKind::Path, "DELETE *");
    /// ```
    #[must_use]
    pub fn exclude(mut self, kind: SelectorKind, pattern: &str) -> Self {
        self.config.exclude(kind, pattern);
        self
    }

    /// Leaves an expandable field's expanded objects untyped (kept as JSON in the field's
    /// union, `Other`) unless the selected operations reach their types otherwise: a client
    /// of a few Stripe operations then compiles the types it uses, not every type an
    /// expandable field leads to (see [`selection`](crate::config::selection)). It sets the
    /// config file's `select.untyped_expansions`.
    ///
    /// ```
    /// use d360_codegen::config::SelectorKind;
    /// let builder = d360_codegen::Builder::new("stripe.json")
    ///     .include(SelectorKind::Operation, "GetCustomers")
    ///     .untyped_expansions(true);
    /// ```
    #[must_use]
    pub fn untyped_expansions(mut self, on: bool) -> Self {
        self.config.untyped_expansions(on);
        self
    }

    /// Gives the types that come out alike (open enums with the same values, unions with the
    /// same alternatives, structs with the same fields) one definition, each other name an
    /// alias of it (see [`selection`](crate::config::selection)). It sets the config file's
    /// `share_identical_types`; `false` here turns off the file's `true`.
    ///
    /// ```
    /// let builder = d360_codegen::Builder::new("stripe.json").share_identical_types(true);
    /// ```
    #[must_use]
    pub fn share_identical_types(mut self, on: bool) -> Self {
        self.share_identical_types = Some(on);
        self
    }

    /// Reads settings from a JSON file (see [`Config::from_json`]), so that the `d360-codegen`
    /// CLI can use the same ones. Settings made in code ([`operation_name`](Self::operation_name),
    /// [`format`](Self::format), ...) win.
    #[must_use]
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// The files generation reads: `cargo:rerun-if-changed` is printed for each.
    pub fn inputs(&self) -> Vec<&Path> {
        let mut inputs = vec![self.spec.as_path()];
        inputs.extend(self.config_file.as_deref());
        inputs
    }

    /// Generates string schemas with `format` as `choice` (default `String`; see
    /// [`crate::config`] for the table of formats). The crate then needs the runtime feature
    /// of the choice ([`FormatType::runtime_feature`]: `d360-runtime = { features = ["jiff"] }`).
    ///
    /// ```
    /// use d360_codegen::config::FormatType;
    /// let builder = d360_codegen::Builder::new("spec.json")
    ///     .format("date-time", FormatType::Jiff)
    ///     .format("url", FormatType::Url);
    /// ```
    #[must_use]
    pub fn format(mut self, format: &str, choice: FormatType) -> Self {
        self.config.format(format, choice);
        self
    }

    /// Uses the caller's type `rust_path` wherever the schema `schema` (name, or
    /// `#/components/schemas/NAME`) is used; the schema's own type is not generated.
    ///
    /// ```
    /// let builder = d360_codegen::Builder::new("spec.json").replace("Money", "crate::Money");
    /// ```
    #[must_use]
    pub fn replace(mut self, schema: &str, rust_path: &str) -> Self {
        self.config.replace(schema, rust_path);
        self
    }

    /// Adds a derive to the generated type `type_name` (`*`: every type). A standard derive
    /// that cannot hold for the type (`Eq` with an `f64` inside) fails generation with an
    /// error naming the field.
    ///
    /// ```
    /// let builder = d360_codegen::Builder::new("spec.json").derive("*", "Eq").derive("*", "Hash");
    /// ```
    #[must_use]
    pub fn derive(mut self, type_name: &str, derive: &str) -> Self {
        self.config.derive(type_name, derive);
        self
    }

    /// Adds `#[attribute]` to the generated type `type_name` (`*`: every type).
    ///
    /// ```
    /// let builder = d360_codegen::Builder::new("spec.json")
    ///     .attribute("Partner", "cfg_attr(feature = \"schema\", derive(schemars::JsonSchema))");
    /// ```
    #[must_use]
    pub fn attribute(mut self, type_name: &str, attribute: &str) -> Self {
        self.config.attribute(type_name, attribute);
        self
    }

    /// The effective configuration: the config file, then the settings made in code (which
    /// win where both set one thing; a selection made in code adds to the file's).
    pub fn config(&self) -> Result<Config, Errors> {
        let mut config = match &self.config_file {
            Some(path) => Config::from_json(&read(path)?, &path.display().to_string())?,
            None => Config::default(),
        };
        config.merge(&self.config);
        if let Some(on) = self.share_identical_types {
            config.share_identical_types = on;
        }
        Ok(config)
    }

    /// Reads the spec and generates the client source. No output is written.
    pub fn generate(&self) -> Result<Generated, Errors> {
        let config = self.config()?;
        let text = read(&self.spec)?;
        crate::generate(&text, &self.spec.display().to_string(), &config)
    }

    /// Generates into `$OUT_DIR/file_name` for a build script: prints `rerun-if-changed` for
    /// every input, writes the file only when its bytes change, prints the generator's
    /// warnings as cargo warnings, and on error prints each one and exits with status 1, so
    /// the build fails with the message (file, JSON pointer, reason), not a backtrace.
    pub fn run_build_script(self, file_name: &str) {
        for input in self.inputs() {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let result = std::env::var_os("OUT_DIR")
            .ok_or_else(|| {
                Errors::one(
                    "build script",
                    "",
                    "OUT_DIR is not set: run this from a build script",
                )
            })
            .and_then(|out_dir| {
                let generated = self.generate()?;
                let target = Path::new(&out_dir).join(file_name);
                write_if_changed(&target, generated.code.as_bytes()).map_err(|e| {
                    Errors::one(
                        &target.display().to_string(),
                        "",
                        format!("cannot write: {e}"),
                    )
                })?;
                Ok(generated)
            });
        match result {
            Ok(generated) => {
                for warning in &generated.warnings {
                    println!("cargo:warning={warning}");
                }
            }
            Err(errors) => {
                for error in &errors.0 {
                    println!("cargo::error={error}");
                    eprintln!("{error}");
                }
                std::process::exit(1);
            }
        }
    }
}

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, Errors> {
    std::fs::read(path)
        .map_err(|e| Errors::one(&path.display().to_string(), "", format!("cannot read: {e}")))
}

/// Writes `bytes` to `path` unless it already holds exactly them (keeps timestamps, and so
/// incremental builds, calm). Returns whether the file was written.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    write_pieces_if_changed(path, &[bytes])
}

/// [`write_if_changed`] for contents in pieces (written one after the other, never joined).
pub fn write_pieces_if_changed(path: &Path, pieces: &[&[u8]]) -> std::io::Result<bool> {
    if holds(path, pieces) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    for piece in pieces {
        std::io::Write::write_all(&mut file, piece)?;
    }
    std::io::Write::flush(&mut file)?;
    Ok(true)
}

/// Whether the file at `path` holds exactly `pieces`, one after the other: its length first,
/// then its bytes a block at a time (the biggest clients are hundreds of megabytes).
fn holds(path: &Path, pieces: &[&[u8]]) -> bool {
    use std::io::Read;
    let length: usize = pieces.iter().map(|p| p.len()).sum();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.len() == length as u64) {
        return false;
    }
    let mut file = std::io::BufReader::with_capacity(1 << 20, file);
    let mut block = vec![0u8; 1 << 20];
    for piece in pieces {
        for expected in piece.chunks(block.len()) {
            let read = &mut block[..expected.len()];
            if file.read_exact(read).is_err() || read != expected {
                return false;
            }
        }
    }
    // Nothing after the pieces (the file did not grow since its length was read).
    file.read(&mut block[..1]).is_ok_and(|n| n == 0)
}

#[cfg(test)]
mod tests {
    use super::{write_if_changed, write_pieces_if_changed};

    /// Pieces are compared with the file as one text, wherever they are split.
    #[test]
    fn pieces_are_written_and_compared_as_one_text() {
        let dir = std::env::temp_dir().join(format!("d360-pieces-{}", std::process::id()));
        let path = dir.join("out/lib.rs");
        let write = |pieces: &[&[u8]]| {
            write_pieces_if_changed(&path, pieces).unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(write(&[b"//! a\n", b"fn x() {}\n"]));
        assert_eq!(
            std::fs::read(&path).unwrap_or_default(),
            b"//! a\nfn x() {}\n"
        );
        assert!(!write(&[b"//! a\nfn x", b"() {}\n"]));
        assert!(!write_if_changed(&path, b"//! a\nfn x() {}\n").unwrap_or(true));
        assert!(write(&[b"//! a\n", b"fn x() {}\n", b"\n"]));
        assert!(write(&[b"//! a\n"]));
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"//! a\n");
        // Same length, other bytes.
        assert!(write(&[b"//! b\n"]));
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"//! b\n");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
