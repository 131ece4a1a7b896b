//! The version check: does the crate version carry the bump the diff requires?
//!
//! Cargo's reading of semver decides what "carries" means: for `1.x` and later a breaking
//! change needs a new major version and an addition a new minor; for `0.y` (y ≥ 1) the minor
//! number is the breaking one (`0.1.3` → `0.2.0`) and additions need only a patch bump
//! (`0.1.0` → `0.1.1`); for `0.0.z` every release is breaking, so any increase will do.
//!
//! ```
//! use d360_codegen::diff::{version::{check, Version}, Bump};
//! let released: Version = "0.1.0".parse().unwrap();
//! assert!(check(&released, &"0.1.0".parse().unwrap(), Bump::Major).is_err());
//! assert!(check(&released, &"0.2.0".parse().unwrap(), Bump::Major).is_ok());
//! assert!(check(&released, &"0.1.1".parse().unwrap(), Bump::Minor).is_ok());
//! ```

use super::Bump;
use std::fmt;
use std::str::FromStr;

/// A semver version; pre-release and build metadata are kept for display only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Major number.
    pub major: u64,
    /// Minor number.
    pub minor: u64,
    /// Patch number.
    pub patch: u64,
    /// `-alpha.1+build`, or empty.
    pub suffix: String,
}

impl Version {
    fn core(&self) -> (u64, u64, u64) {
        (self.major, self.minor, self.patch)
    }

    fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
            suffix: String::new(),
        }
    }

    /// The smallest version after `self` that carries `bump` (`None` for [`Bump::None`]).
    pub fn minimum_for(&self, bump: Bump) -> Option<Version> {
        let (major, minor, patch) = self.core();
        let breaking = match (major, minor) {
            (0, 0) => Version::new(0, 0, patch + 1),
            (0, _) => Version::new(0, minor + 1, 0),
            _ => Version::new(major + 1, 0, 0),
        };
        let adding = match major {
            0 => Version::new(0, minor, patch + 1),
            _ => Version::new(major, minor + 1, 0),
        };
        match bump {
            Bump::None => None,
            Bump::Patch => Some(Version::new(major, minor, patch + 1)),
            Bump::Minor => Some(adding),
            Bump::Major => Some(breaking),
        }
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let cut = text.find(['-', '+']).unwrap_or(text.len());
        let (core, suffix) = text.split_at(cut);
        let numbers: Vec<&str> = core.split('.').collect();
        let parse = |s: &str| {
            s.parse::<u64>()
                .map_err(|_| format!("`{text}` is not a semver version (MAJOR.MINOR.PATCH)"))
        };
        match numbers.as_slice() {
            [major, minor, patch] => Ok(Self {
                major: parse(major)?,
                minor: parse(minor)?,
                patch: parse(patch)?,
                suffix: suffix.to_owned(),
            }),
            _ => Err(format!(
                "`{text}` is not a semver version (MAJOR.MINOR.PATCH)"
            )),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}{}",
            self.major, self.minor, self.patch, self.suffix
        )
    }
}

/// Checks that `current` carries `bump` relative to `released`; the error says what the
/// version should at least be. A pre-release of the required version counts
/// (`0.2.0-rc.1` carries a breaking change from `0.1.0`).
pub fn check(released: &Version, current: &Version, bump: Bump) -> Result<(), String> {
    if current.core() < released.core() {
        return Err(format!(
            "the crate version {current} is older than the released {released}"
        ));
    }
    match released.minimum_for(bump) {
        Some(minimum) if current.core() < minimum.core() => Err(format!(
            "the spec change needs a {bump} bump from the released {released}: the crate version must be at least {minimum}, but it is {current}"
        )),
        _ => Ok(()),
    }
}

/// The `version` of the `[package]` table of a `Cargo.toml`.
///
/// A small line reader, enough for the manifests Cargo writes: a `version = "..."` line in
/// `[package]`. A version inherited from the workspace is an error naming the fix.
pub fn manifest_version(manifest: &str) -> Result<String, String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key == "version.workspace" || (key == "version" && value.contains("workspace")) {
            return Err(
                "the package inherits its version from the workspace: pass the workspace's Cargo.toml"
                    .to_owned(),
            );
        }
        if key == "version" {
            let value = value.trim().trim_matches('"').trim_matches('\'');
            return Ok(value.to_owned());
        }
    }
    Err("no `version` in the `[package]` table".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn zero_x_rules() {
        let released = v("0.1.0");
        assert!(check(&released, &v("0.1.0"), Bump::None).is_ok());
        assert!(check(&released, &v("0.1.0"), Bump::Patch).is_err());
        assert!(check(&released, &v("0.1.1"), Bump::Patch).is_ok());
        assert!(check(&released, &v("0.1.1"), Bump::Minor).is_ok());
        assert!(check(&released, &v("0.1.5"), Bump::Major).is_err());
        assert!(check(&released, &v("0.2.0"), Bump::Major).is_ok());
        assert!(check(&released, &v("0.2.0-rc.1"), Bump::Major).is_ok());
        assert!(check(&released, &v("1.0.0"), Bump::Major).is_ok());
        assert!(check(&released, &v("0.0.9"), Bump::None).is_err());
    }

    #[test]
    fn one_x_rules() {
        let released = v("1.2.3");
        assert!(check(&released, &v("1.2.4"), Bump::Minor).is_err());
        assert!(check(&released, &v("1.3.0"), Bump::Minor).is_ok());
        assert!(check(&released, &v("1.9.0"), Bump::Major).is_err());
        assert!(check(&released, &v("2.0.0"), Bump::Major).is_ok());
    }

    #[test]
    fn zero_zero_rules() {
        assert!(check(&v("0.0.3"), &v("0.0.4"), Bump::Major).is_ok());
    }

    #[test]
    fn reads_the_package_version() {
        let manifest = "[workspace]\nmembers = []\n[workspace.package]\nversion = \"9.9.9\"\n\n[package]\nname = \"x\"\nversion = \"0.1.0\" # released\n";
        assert_eq!(manifest_version(manifest), Ok("0.1.0".to_owned()));
        assert!(manifest_version("[package]\nversion.workspace = true\n").is_err());
        assert!(manifest_version("[dependencies]\nversion = \"1\"\n").is_err());
    }
}
