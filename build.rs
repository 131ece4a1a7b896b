//! Generates the client from the bundled Partners V2 spec on every build where it changed.

fn main() {
    d360_codegen::Builder::new("spec/partners-v2.json")
        .config_file("spec/codegen.json")
        .run_build_script("partners_v2.rs");
}
