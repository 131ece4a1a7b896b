//! Diagnostics: every error and warning names the document and the JSON pointer it is about.

use std::fmt;

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input was accepted; the generator says what it assumed.
    Warning,
    /// The input cannot be turned into code.
    Error,
}

/// One finding about an input document, with the place it is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The document the finding is about (a file path, or a name given by the caller).
    pub origin: String,
    /// JSON pointer into that document (RFC 6901), `""` for the whole document.
    pub pointer: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer` in `origin`.
    pub fn error(origin: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            origin: origin.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    /// A warning at `pointer` in `origin`.
    pub fn warning(origin: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(origin, pointer, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        // An origin may already point into a file (`a.json#/1` for the second document of an
        // array): the pointer continues it.
        let sep = if self.origin.contains('#') { "" } else { "#" };
        write!(
            f,
            "{level}: {}{sep}{}: {}",
            self.origin, self.pointer, self.message
        )
    }
}

/// Errors collected by one stage of the pipeline, reported together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    /// One error.
    pub fn one(origin: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self(vec![Diagnostic::error(origin, pointer, message)])
    }

    /// Whether no error was collected.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds an error.
    pub fn push(&mut self, origin: &str, pointer: &str, message: impl Into<String>) {
        self.0.push(Diagnostic::error(origin, pointer, message));
    }

    /// `Err(self)` when any error was collected, `Ok(value)` otherwise:
    /// the `errors.propagate()?` step between two stages.
    pub fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<Diagnostic> for Errors {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

/// Escapes one JSON pointer token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `base` extended by one token, escaped.
pub fn join(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}
