//! `d360-codegen generate SPEC --out DIR [--crate-name NAME]`.

use super::{Failure, Outcome};

pub(super) fn run(_parser: lexopt::Parser) -> Result<Outcome, Failure> {
    Err(Failure("generate: not built yet".into()))
}
