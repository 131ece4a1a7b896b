//! `d360-codegen bundle FRAGMENT... -o OUT`.

use super::{Failure, Outcome};

pub(super) fn run(_parser: lexopt::Parser) -> Result<Outcome, Failure> {
    Err(Failure("bundle: not built yet".into()))
}
