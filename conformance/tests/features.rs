//! Generated crates from real documents, built. A crate with one Cargo feature per tag: the
//! corpus's GitHub API (767 operations under 31 tags) generates with `features_per_tag`, and
//! builds without a warning with one tag's feature alone, with no feature, and with `full`
//! (the default). A client of six Stripe operations with `untyped_expansions` and
//! `share_identical_types` builds without a warning, and an example in it decodes expanded
//! objects it leaves untyped, losing nothing, through the aliases its expandable fields alike
//! share a union by.
//!
//! The crate goes to `target/features-check/crates/`, built with its own target directory
//! (`target/features-check/target`, `RUSTFLAGS=-D warnings`), so the runtime's dependencies
//! compile once. Each build's time is printed.

use d360_codegen::standalone::crate_files;
use d360_codegen::Config;
use d360_conformance::{corpus_file, workspace_runtime, write_crate_files};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const GITHUB: &str = "progenitor-api.github.com.json";

/// The tag built alone: a middle-sized one (39 operations).
const ONE_TAG: &str = "issues";

fn check_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("features-check"))
        .expect("target directory")
}

/// Generates the per-tag crate; returns its directory and the features it has.
fn write_per_tag_crate(spec: &Path, root: &Path) -> (PathBuf, Vec<String>) {
    let text = std::fs::read(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let config = Config {
        features_per_tag: true,
        ..Config::default()
    };
    let generated = d360_codegen::generate(&text, &spec.display().to_string(), &config)
        .unwrap_or_else(|e| panic!("{e}"));
    let name = "github-per-tag";
    let dir = root.join("crates").join(name);
    let files = crate_files(&generated, name, GITHUB, &workspace_runtime());
    write_crate_files(&dir, files).unwrap_or_else(|e| panic!("{e}"));
    let features = generated.features.iter().map(|f| f.name.clone()).collect();
    (dir, features)
}

/// `cargo COMMAND --offline --quiet ARGS` in the crate `dir`, every warning an error.
fn cargo(command: &str, dir: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([command, "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo")
}

/// `cargo build` of the crate with `args`, every warning an error; returns how long it took.
fn build(dir: &Path, target: &Path, args: &[&str]) -> f64 {
    let started = Instant::now();
    let output = cargo("build", dir, target, args);
    let took = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown: Vec<&str> = stderr.lines().take(60).collect();
    assert!(
        output.status.success(),
        "cargo build {args:?} of {} failed:\n{}",
        dir.display(),
        shown.join("\n")
    );
    took
}

#[test]
fn github_per_tag_crate_builds_warning_free_with_one_tag_and_with_full() {
    let spec = corpus_file(GITHUB);
    let root = check_root();
    let started = Instant::now();
    let (dir, features) = write_per_tag_crate(&spec, &root);
    eprintln!(
        "features: generated {} features in {:.1} s",
        features.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(features.len() >= 31, "{features:?}");
    assert!(features.iter().any(|f| f == ONE_TAG), "{features:?}");
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
    for feature in &features {
        assert!(readme.contains(&format!("| `{feature}` |")), "{feature}");
    }
    let target = root.join("target");
    for args in [
        &["--no-default-features", "--features", ONE_TAG][..],
        &["--no-default-features"][..],
        &[][..],
    ] {
        let took = build(&dir, &target, args);
        eprintln!("features: cargo build {args:?}: {took:.1} s");
    }
}

const STRIPE: &str = "stripe-spec3-2022-04.json";

/// Charges and customers: list, create, retrieve.
const STRIPE_OPERATIONS: [&str; 6] = [
    "GetCharges",
    "PostCharges",
    "GetChargesCharge",
    "GetCustomers",
    "PostCustomers",
    "GetCustomersCustomer",
];

/// Decodes what the six operations' expandable fields hold, and writes it back: an
/// expanded invoice (a type the client leaves out) is kept whole in `Other`, an expanded
/// customer (a type the client has) is typed, and an ID is a string.
const EXPANDED_EXAMPLE: &str = r#"//! Expanded objects in a client with untyped expansions.
use d360_runtime::serde_json::{self, json};
use stripe_six::types::{ChargeCustomer, ChargeInvoice};

fn main() {
    let invoice = json!({"id": "in_1", "object": "invoice", "amount_due": 1200,
        "lines": {"object": "list", "data": [], "has_more": false, "url": "/v1/invoices/in_1/lines"}});
    let decoded: ChargeInvoice = serde_json::from_value(invoice.clone()).expect("an invoice");
    assert!(matches!(&decoded, ChargeInvoice::Other(v) if *v == invoice), "{decoded:?}");
    assert_eq!(serde_json::to_value(&decoded).expect("encode"), invoice);

    let id: ChargeInvoice = serde_json::from_value(json!("in_1")).expect("an ID");
    assert_eq!(id.as_string().map(String::as_str), Some("in_1"));

    let customer = json!({"id": "cus_1", "object": "customer", "created": 1, "livemode": false,
        "email": null, "metadata": {}});
    let decoded: ChargeCustomer = serde_json::from_value(customer.clone()).expect("a customer");
    let typed = decoded.as_customer().expect("the customer is typed");
    assert_eq!(typed.id, "cus_1");
    assert_eq!(serde_json::to_value(&decoded).expect("encode"), customer);
    println!("expanded objects: ok");
}
"#;

#[test]
fn a_stripe_client_of_six_operations_with_untyped_expansions_builds_and_keeps_expanded_objects() {
    let spec = corpus_file(STRIPE);
    let text = std::fs::read(&spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let generate = |untyped: bool| {
        let mut config = Config::default();
        for id in STRIPE_OPERATIONS {
            config.include(d360_codegen::config::SelectorKind::Operation, id);
        }
        config.untyped_expansions(untyped);
        config.share_identical_types = untyped;
        d360_codegen::generate(&text, &spec.display().to_string(), &config)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let typed = generate(false);
    let generated = generate(true);
    eprintln!(
        "features: six Stripe operations reach {} models, {} with untyped expansions",
        typed.models, generated.models
    );
    assert_eq!(generated.operations, 6);
    assert!(
        generated.models * 10 < typed.models * 6,
        "untyped expansions leave {} of {} models",
        generated.models,
        typed.models
    );
    assert!(generated.code.contains("pub struct Customer "));
    assert!(!generated.code.contains("pub struct Invoice "));
    // Expandable fields alike share one union: an ID or JSON, or an ID or a customer.
    for shared in [
        "pub type ChargeInvoice = Expandable;\n",
        "pub type ChargeCustomer = ExpandableCustomerOrDeletedCustomer;\n",
        "pub type InvoiceSettingCustomerSettingDefaultPaymentMethod = ExpandablePaymentMethod;\n",
        // `share_identical_types`: the payment method options' `setup_future_usage` enums.
        "pub type PaymentIntentPaymentMethodOptionsCardSetupFutureUsage = \
         PaymentIntentPaymentMethodOptionsAcssDebitSetupFutureUsage;\n",
    ] {
        assert!(generated.code.contains(shared), "no {shared}");
    }

    let root = check_root();
    let name = "stripe-six";
    let dir = root.join("crates").join(name);
    let mut files = crate_files(&generated, name, STRIPE, &workspace_runtime());
    files.push((
        "examples/expanded.rs".to_owned(),
        EXPANDED_EXAMPLE.to_owned(),
    ));
    write_crate_files(&dir, files).unwrap_or_else(|e| panic!("{e}"));
    let target = root.join("target");
    let took = build(&dir, &target, &[]);
    eprintln!("features: cargo build of the six-operation Stripe client: {took:.1} s");
    let output = cargo("run", &dir, &target, &["--example", "expanded"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("expanded objects: ok"),
        "the example failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
