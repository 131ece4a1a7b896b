//! Spec-diff: what a new spec changes for the generated client's users, and the semver bump
//! that needs.
