//! The `d360-codegen` command: bundle, generate, check, diff.

fn main() -> std::process::ExitCode {
    d360_codegen::cli::main()
}
