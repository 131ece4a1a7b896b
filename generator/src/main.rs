//! The `d360-codegen` command: bundle, generate, check, diff.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    d360_codegen::cli::main()
}
