//! `d360-codegen diff BASE HEAD`.

use super::{Failure, Outcome};

pub(super) fn run(_parser: lexopt::Parser) -> Result<Outcome, Failure> {
    Err(Failure("diff: not built yet".into()))
}
