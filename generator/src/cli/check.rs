//! `d360-codegen check [--fix]`.

use super::{Failure, Outcome};

pub(super) fn run(_parser: lexopt::Parser) -> Result<Outcome, Failure> {
    Err(Failure("check: not built yet".into()))
}
