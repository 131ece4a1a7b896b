//! Per-call overhead of the generated client over a hand-written reqwest call.

fn main() {}
