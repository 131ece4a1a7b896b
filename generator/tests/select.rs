//! Selecting what to generate: operations by tag, operationId or path pattern, exactly the
//! types they reach, the same names as in the whole client, errors that name the entry, and
//! one Cargo feature per tag in standalone crates. The fixture
//! (`generator/tests/fixtures/select.json`) reaches each of its schemas through one construct.

use d360_codegen::config::SelectorKind::{self, Operation, Path, Tag};
use d360_codegen::ir::Api;
use d360_codegen::{load, lower, parse, select, Config};
use std::collections::BTreeSet;
use std::process::Command;

const FIXTURE: &str = "generator/tests/fixtures/select.json";

fn workspace() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture() -> Vec<u8> {
    std::fs::read(workspace().join(FIXTURE)).expect("fixture")
}

/// The IR of the whole fixture.
fn lowered() -> Api {
    lowered_from(FIXTURE)
}

/// The IR of the whole document at `path` (relative to the workspace).
fn lowered_from(path: &str) -> Api {
    let text = std::fs::read(workspace().join(path)).expect("fixture");
    lowered_text(&text, path)
}

/// The IR of the whole document `text` (named `path` in messages).
fn lowered_text(text: &[u8], path: &str) -> Api {
    let loaded = load::load(text, path).unwrap_or_else(|e| panic!("{e}"));
    let parsed = parse::parse(&loaded.value, path).unwrap_or_else(|e| panic!("{e}"));
    lower::lower(&parsed, path, &Config::default(), &mut Vec::new())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn config(include: &[(SelectorKind, &str)], exclude: &[(SelectorKind, &str)]) -> Config {
    let mut config = Config::default();
    for (kind, pattern) in include {
        config.include(*kind, pattern);
    }
    for (kind, pattern) in exclude {
        config.exclude(*kind, pattern);
    }
    config
}

/// The IR the selection leaves.
fn selected(config: &Config) -> Api {
    selected_from(FIXTURE, config)
}

/// The IR the selection leaves of the document at `path`.
fn selected_from(path: &str, config: &Config) -> Api {
    let mut api = lowered_from(path);
    select::select(&mut api, &config.select).unwrap_or_else(|e| panic!("{e}"));
    api
}

fn operations(api: &Api) -> Vec<&str> {
    api.operations.iter().map(|o| o.name.as_str()).collect()
}

fn types(api: &Api) -> BTreeSet<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

/// Include or exclude entries.
type Entries<'a> = &'a [(SelectorKind, &'a str)];

#[test]
fn each_kind_of_entry_selects_its_operations() {
    let cases: [(Entries, Entries, &[&str]); 12] = [
        (&[(Tag, "owners")], &[], &["get_owner", "get_owners_pet"]),
        // Case-sensitive: `Store Admin` is not matched, `store admin` is.
        (&[(Tag, "store*")], &[], &["get_inventory", "place_order"]),
        (&[(Tag, "Store Admin")], &[], &["get_inventory"]),
        (&[(Operation, "createPet")], &[], &["create_pet"]),
        (
            &[(Operation, "get*")],
            &[],
            &["get_inventory", "get_owner", "get_owners_pet"],
        ),
        (&[(Path, "/pets")], &[], &["create_pet", "list_pets"]),
        (&[(Path, "GET /pets")], &[], &["list_pets"]),
        (&[(Path, "post *")], &[], &["create_pet", "place_order"]),
        (
            &[(Path, "/owners/*")],
            &[],
            &["get_owner", "get_owners_pet"],
        ),
        // The operation without a tag or an operationId is selected by its path.
        (&[(Path, "/health")], &[], &["get_health"]),
        (
            &[(Tag, "pets")],
            &[(Operation, "createPet")],
            &["list_pets"],
        ),
        (
            &[],
            &[(Tag, "owners"), (Tag, "pets"), (Path, "/store/*")],
            &["get_health"],
        ),
    ];
    for (include, exclude, expected) in cases {
        let api = selected(&config(include, exclude));
        assert_eq!(operations(&api), expected, "{include:?} - {exclude:?}");
    }
    // No entry at all: everything.
    let all = selected(&Config::default());
    assert_eq!(all.operations.len(), 7);
    assert_eq!(all, lowered());
}

/// Every construct a type can be reached through, and what is not reached.
#[test]
fn the_types_kept_are_exactly_those_the_operations_reach() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "listPets",
            &[
                "Kind",      // a query parameter
                "Pet",       // the success response, inside an array
                "Problem",   // the `default` error response
                "Owner",     // a property ($ref)
                "Region",    // a property of that
                "Label",     // array items
                "Attribute", // map values (additionalProperties)
                "PetAnimal", // an inline union, hoisted
                "Cat",       // a union alternative
                "Dog",       // another
                "Toy",       // a property merged into Cat by allOf (Animal itself is not used)
                "PetCollar", // an inline object, hoisted
                "Color",     // an enum property of that
            ],
        ),
        (
            "createPet",
            &[
                "NewPet",            // the request body
                "ValidationProblem", // a status error response
                "Problem",
                "Pet",
                "Owner",
                "Region",
                "Label",
                "Attribute",
                "PetAnimal",
                "Cat",
                "Dog",
                "Toy",
                "PetCollar",
                "Color",
            ],
        ),
        // A header parameter and a response; the component `pet` is not reached here.
        ("getOwner", &["Owner", "Region", "Problem"]),
        // An alias of an array, its items, and an alias of an integer inside them.
        ("getInventory", &["Stock", "StockItem", "Count", "Problem"]),
        (
            "placeOrder",
            &["Order", "Stock", "StockItem", "Count", "Problem"],
        ),
    ];
    for (id, expected) in cases {
        let api = selected(&config(&[(Operation, id)], &[]));
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(types(&api), expected, "{id}");
    }
    let whole = lowered();
    assert!(types(&whole).contains("Animal") && types(&whole).contains("Orphan"));
}

/// Names are decided before selection: what is kept is the very item of the whole client.
#[test]
fn kept_items_are_those_of_the_whole_client_names_included() {
    let whole = lowered();
    for (kind, pattern) in [
        (Tag, "owners"),
        (Tag, "pets"),
        (Path, "/store/*"),
        (Path, "/health"),
    ] {
        let api = selected(&config(&[(kind, pattern)], &[]));
        assert!(!api.types.is_empty(), "{pattern}");
        for def in &api.types {
            assert!(whole.types.contains(def), "{pattern}: {} changed", def.name);
        }
        for op in &api.operations {
            assert!(
                whole.operations.contains(op),
                "{pattern}: {} changed",
                op.name
            );
        }
    }
    // `pet` collides with `Pet` in the whole client and is `Pet2` there: it stays `Pet2`
    // when `Pet` is not generated.
    let api = selected(&config(&[(Operation, "getOwnersPet")], &[]));
    assert_eq!(types(&api), BTreeSet::from(["Pet2", "Problem"]));
    let code = d360_codegen::generate(
        &fixture(),
        FIXTURE,
        &config(&[(Operation, "getOwnersPet")], &[]),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .code;
    assert!(code.contains("pub struct Pet2 {"));
    assert!(!code.contains("pub struct Pet {"));
    assert!(code.contains("::d360_runtime::Call<types::Pet2,"));
}

#[test]
fn generated_code_has_the_selected_operations_and_types_only_and_is_deterministic() {
    let config = config(&[(Tag, "owners")], &[(Operation, "getOwnersPet")]);
    let generated =
        d360_codegen::generate(&fixture(), FIXTURE, &config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((generated.operations, generated.models), (1, 3));
    let code = &generated.code;
    assert!(code.contains("pub fn get_owner("));
    for absent in ["get_owners_pet", "list_pets", "pub struct Pet ", "Orphan"] {
        assert!(!code.contains(absent), "{absent}");
    }
    let again =
        d360_codegen::generate(&fixture(), FIXTURE, &config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.code, again.code);
}

#[test]
fn an_entry_that_matches_nothing_is_an_error_naming_its_pointer() {
    let file = br#"{
        "select": {
            "include": {"tags": ["pets", "pest"], "operations": ["listPets", "missing*"]},
            "exclude": {"paths": ["/pets", "DELETE /pets"]}
        }
    }"#;
    let config = Config::from_json(file, "codegen.json").unwrap_or_else(|e| panic!("{e}"));
    let errors = d360_codegen::generate(&fixture(), FIXTURE, &config)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        errors,
        "error: codegen.json#/select/include/tags/1: include entry `pest` matches no tag of the \
         document's operations; its tags: Store Admin, owners, pets, store, store admin\n\
         error: codegen.json#/select/include/operations/1: include entry `missing*` matches no \
         operationId of the document's operations\n\
         error: codegen.json#/select/exclude/paths/1: exclude entry `DELETE /pets` matches no \
         path of the document's operations"
    );
    // Entries that match, but leave nothing.
    let config = config_of(
        br#"{"select": {"include": {"tags": ["pets"]}, "exclude": {"paths": ["/pets"]}}}"#,
    );
    let errors = d360_codegen::generate(&fixture(), FIXTURE, &config)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        errors,
        "error: codegen.json#/select: the selection leaves no operation to generate"
    );
    // Entries set in code are named as if the config file held them.
    let config = config_of(br#"{"select": {"include": {"tags": ["pets"]}}}"#);
    let mut config = config;
    config.include(Tag, "owners").include(Tag, "none");
    let errors = d360_codegen::generate(&fixture(), FIXTURE, &config)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        errors.starts_with("error: Config#/select/include/tags/1: include entry `none`"),
        "{errors}"
    );
}

fn config_of(text: &[u8]) -> Config {
    Config::from_json(text, "codegen.json").unwrap_or_else(|e| panic!("{e}"))
}

/// What reading `text` as a config file says is wrong with it (empty: nothing).
fn errors(text: &str) -> String {
    Config::from_json(text.as_bytes(), "codegen.json")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

#[test]
fn the_config_file_is_checked_with_pointers() {
    assert_eq!(
        errors(r#"{"select": []}"#),
        "error: codegen.json#/select: expected an object with `include`, `exclude` and/or `untyped_expansions`"
    );
    assert_eq!(
        errors(r#"{"select": {"only": {}}}"#),
        "error: codegen.json#/select/only: unknown key `only`: expected `include`, `exclude` or `untyped_expansions`"
    );
    assert_eq!(
        errors(r#"{"select": {"include": {"tag": ["x"]}}}"#),
        "error: codegen.json#/select/include/tag: unknown key `tag`: expected `tags`, `operations` or `paths`"
    );
    assert_eq!(
        errors(r#"{"select": {"include": {"tags": "x"}}}"#),
        "error: codegen.json#/select/include/tags: expected a list of patterns (strings)"
    );
    assert_eq!(
        errors(r#"{"select": {"exclude": {"paths": ["/a", 3, " "]}}}"#),
        "error: codegen.json#/select/exclude/paths/1: expected a pattern (string)\n\
         error: codegen.json#/select/exclude/paths/2: expected a pattern, not an empty string"
    );
    assert_eq!(
        errors(r#"{"features_per_tag": "yes"}"#),
        "error: codegen.json#/features_per_tag: expected `true` or `false`"
    );
    let config = config_of(
        br#"{"features_per_tag": true, "select": {"$comment": "c", "include": {"paths": ["GET /a*"]}}}"#,
    );
    assert!(config.features_per_tag);
    assert_eq!(config.select.include.len(), 1);
    assert_eq!(config.select.include[0].pointer, "/select/include/paths/0");
    assert_eq!(config.select.include[0].pattern, "GET /a*");
}

#[test]
fn features_per_tag_gate_operations_and_the_types_they_reach() {
    let mut api = lowered();
    select::features_per_tag(&mut api);
    let features: Vec<(&str, Option<&str>, usize)> = api
        .features
        .list
        .iter()
        .map(|f| (f.name.as_str(), f.tag.as_deref(), f.operations))
        .collect();
    // Sorted by name; `store admin` collides with `Store Admin` and comes second in the
    // tags' order, so it takes `-2`.
    assert_eq!(
        features,
        [
            ("owners", Some("owners"), 2),
            ("pets", Some("pets"), 2),
            ("store", Some("store"), 1),
            ("store-admin", Some("Store Admin"), 1),
            ("store-admin-2", Some("store admin"), 1),
            ("untagged", None, 1),
        ]
    );
    let of_type = |name: &str| api.features.types.get(name).cloned().unwrap_or_default();
    let of_op = |name: &str| {
        api.features
            .operations
            .get(name)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        of_type("Problem"),
        [
            "owners",
            "pets",
            "store",
            "store-admin",
            "store-admin-2",
            "untagged"
        ]
    );
    assert_eq!(of_type("Owner"), ["owners", "pets"]);
    assert_eq!(of_type("Count"), ["store", "store-admin", "store-admin-2"]);
    assert_eq!(of_type("Health"), ["untagged"]);
    // Not reached by any operation: only with `full`.
    assert_eq!(of_type("Orphan"), ["full"]);
    assert_eq!(of_type("Animal"), ["full"]);
    assert_eq!(of_op("get_inventory"), ["store", "store-admin"]);
    assert_eq!(of_op("get_health"), ["untagged"]);
    // Every type and operation is gated.
    assert_eq!(api.features.types.len(), api.types.len());
    assert_eq!(api.features.operations.len(), api.operations.len());

    let config = Config {
        features_per_tag: true,
        ..Config::default()
    };
    let generated =
        d360_codegen::generate(&fixture(), FIXTURE, &config).unwrap_or_else(|e| panic!("{e}"));
    let code = &generated.code;
    assert!(code.contains("    #[cfg(any(feature = \"owners\", feature = \"pets\"))]\n    /// Schema: `#/components/schemas/Owner`."));
    assert!(code.contains(
        "    #[cfg(feature = \"untagged\")]\n    /// Without a tag or an operationId.\n"
    ));
    assert!(code.contains("#[cfg(any(feature = \"store\", feature = \"store-admin\"))]\n/// Error responses documented for [`Client::get_inventory`]"));
    let cargo_toml = crate_files(&generated, "select-client")
        .into_iter()
        .find(|(path, _)| path == "Cargo.toml")
        .map(|(_, text)| text)
        .unwrap_or_default();
    assert!(cargo_toml.contains(
        "[features]\ndefault = [\"full\"]\n# Every operation and model.\n\
         full = [\"owners\", \"pets\", \"store\", \"store-admin\", \"store-admin-2\", \"untagged\"]\n"
    ), "{cargo_toml}");
    assert!(cargo_toml.contains(
        "# The 1 operation(s) tagged `Store Admin` and the models they use.\nstore-admin = []\n"
    ));
}

fn crate_files(generated: &d360_codegen::Generated, name: &str) -> Vec<(String, String)> {
    let runtime = workspace().join("runtime");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    d360_codegen::standalone::crate_files(
        generated,
        name,
        "select.json",
        &d360_codegen::standalone::RuntimeSource::Path(runtime.display().to_string()),
    )
}

/// Writes a standalone crate for `config` into the test's scratch space, with the
/// workspace's lock file (so it resolves to the versions the workspace builds with).
fn write_crate(name: &str, config: &Config) -> std::path::PathBuf {
    let generated =
        d360_codegen::generate(&fixture(), FIXTURE, config).unwrap_or_else(|e| panic!("{e}"));
    write_generated(name, &generated)
}

/// Writes `generated` as the standalone crate `name` (see [`write_crate`]).
fn write_generated(name: &str, generated: &d360_codegen::Generated) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    for (path, text) in crate_files(generated, name) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        d360_codegen::build::write_if_changed(&path, text.as_bytes()).expect("write");
    }
    let lock = std::fs::read(workspace().join("Cargo.lock")).expect("Cargo.lock");
    d360_codegen::build::write_if_changed(&dir.join("Cargo.lock"), &lock).expect("write lock");
    dir
}

/// `cargo check` of a generated crate with `args`, every warning an error.
fn cargo_check(dir: &std::path::Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("select-target");
    let output = Command::new(cargo)
        .arg("check")
        .args(args)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-Dwarnings")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo check {args:?} of {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The crates compile without a warning: a selection, and a crate with a feature per tag
/// with each tag alone, with none, and with `full`.
#[test]
fn selected_and_per_tag_crates_compile_without_warnings() {
    let selected = write_crate(
        "select-owners",
        &config(&[(Tag, "owners"), (Path, "/health")], &[]),
    );
    cargo_check(&selected, &[]);
    let per_tag = Config {
        features_per_tag: true,
        ..Config::default()
    };
    let dir = write_crate("select-per-tag", &per_tag);
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
    assert!(
        readme.contains("| `store-admin-2` | `store admin` | 1 |"),
        "{readme}"
    );
    assert!(
        readme.contains("| `full` (default) | every tag | 7 |"),
        "{readme}"
    );
    for feature in [
        "owners",
        "pets",
        "store",
        "store-admin",
        "store-admin-2",
        "untagged",
    ] {
        cargo_check(&dir, &["--no-default-features", "--features", feature]);
    }
    cargo_check(&dir, &["--no-default-features"]);
    cargo_check(&dir, &[]);
}

/// Runs `d360-codegen generate SPEC --out OUT ARGS...`.
fn generate_cli(
    spec: &std::path::Path,
    out: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_d360-codegen"))
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .expect("run generate")
}

/// The command line's flags select like the config file, and name the flag's entry when it
/// matches nothing.
#[test]
fn the_command_line_selects_with_flags() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("select-cli");
    let _ = std::fs::remove_dir_all(&out);
    let run = |args: &[&str]| generate_cli(&workspace().join(FIXTURE), &out, args);
    let output = run(&[
        "--include-tag",
        "pets",
        "--include-path",
        "GET /store/*",
        "--exclude-operation",
        "createPet",
        "--features-per-tag",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains(": 16 models, 2 operations,"), "{stderr}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("pub fn list_pets("));
    assert!(lib.contains("pub fn get_inventory("));
    assert!(!lib.contains("create_pet"));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("full = [\"pets\", \"store\", \"store-admin\"]"),
        "{manifest}"
    );

    let output = run(&["--include-tag", "pets", "--exclude-tag", "cats"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: command line#: exclude entry `cats` matches no tag"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// A build script's `Builder` adds its entries to the config file's.
#[test]
fn the_builder_selects_after_the_config_file() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("select-builder");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let config = dir.join("codegen.json");
    std::fs::write(
        &config,
        r#"{"select": {"include": {"tags": ["owners"]}, "exclude": {"operations": ["getOwnersPet"]}}}"#,
    )
    .expect("write config");
    let builder = d360_codegen::Builder::new(workspace().join(FIXTURE)).config_file(&config);
    let generated = builder
        .clone()
        .include(Path, "/health")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((generated.operations, generated.models), (2, 4));
    let errors = builder
        .exclude(Tag, "nothing")
        .generate()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        errors,
        "error: Config#/select/exclude/tags/0: exclude entry `nothing` matches no tag of the \
         document's operations; its tags: Store Admin, owners, pets, store, store admin"
    );
}

/// Settings that name a type the selection leaves out have nothing to do (one config can
/// serve several selections); a name that is no type of the document is still an error.
#[test]
fn settings_for_types_the_selection_leaves_out_are_not_errors() {
    let mut config = config(&[(Path, "/health")], &[]);
    config
        .derive("Order", "Eq")
        .attribute("StockItem", "doc(alias = \"line\")");
    let generated = d360_codegen::generate(&fixture(), FIXTURE, &config)
        .unwrap_or_else(|e| panic!("a setting for a left-out type: {e}"));
    for left_out in ["pub struct Order ", "pub struct StockItem "] {
        assert!(!generated.code.contains(left_out), "{left_out}is left out");
    }
    assert!(
        generated.code.contains("pub struct Health "),
        "{}",
        generated.code
    );

    config.derive("NoSuchType", "Eq");
    let error = d360_codegen::generate(&fixture(), FIXTURE, &config)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("/derives/NoSuchType"), "{error}");
}

/// Warnings about what a selection leaves out are not shown; the rest are.
#[test]
fn warnings_about_left_out_operations_are_not_shown() {
    let doc = br##"{
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
            "/b/{filter}": {"get": {"operationId": "b",
                "parameters": [{"name": "filter", "in": "path", "required": true,
                    "schema": {"type": "object", "properties": {"q": {"type": "string"}}}}],
                "responses": {"204": {"description": "none"}}}}
        },
        "components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}
    }"##;
    let about_b = |config: &Config| {
        let generated =
            d360_codegen::generate(doc, "t.json", config).unwrap_or_else(|e| panic!("{e}"));
        generated
            .warnings
            .iter()
            .filter(|w| w.pointer.starts_with("/paths/~1b~1{filter}/get"))
            .count()
    };
    assert_eq!(
        about_b(&Config::default()),
        1,
        "the whole client warns about /b"
    );
    assert_eq!(about_b(&config(&[(Operation, "a")], &[])), 0);
    assert_eq!(about_b(&config(&[(Operation, "b")], &[])), 1);
}

// ----- untyped expansions -----

/// A Stripe-like document in small: `charge.customer` is an ID or, expanded, a `customer`
/// or `deleted_customer`; `charge.invoice` an ID or an `invoice` (which has lines);
/// `customer.default_source` an ID, a `card` or a `bank_account`; `charge.source` a union
/// of `card` and `bank_account` that is no expansion.
const EXPANSIONS: &str = "generator/tests/fixtures/expansions.json";

fn expansions_selected(ids: &[&str], untyped: bool) -> Api {
    let mut config = config(
        &ids.iter().map(|id| (Operation, *id)).collect::<Vec<_>>(),
        &[],
    );
    config.untyped_expansions(untyped);
    selected_from(EXPANSIONS, &config)
}

/// The alternatives of union `name`, with whether each is an expansion, and its
/// untyped expansions.
fn union_of(api: &Api, name: &str) -> (Vec<(String, bool)>, Vec<String>) {
    let def = api.types.iter().find(|t| t.name == name);
    match def.map(|t| &t.kind) {
        Some(d360_codegen::ir::TypeKind::Union(u)) => (
            u.variants
                .iter()
                .map(|v| (v.name.clone(), v.expansion))
                .collect(),
            u.untyped.clone(),
        ),
        other => panic!("{name} is no union: {other:?}"),
    }
}

/// The type alias `name` names, if it is one.
fn alias_of<'a>(api: &'a Api, name: &str) -> Option<&'a str> {
    match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
        Some(d360_codegen::ir::TypeKind::Alias(d360_codegen::ir::Ty::Named(target))) => {
            Some(target.as_str())
        }
        _ => None,
    }
}

/// The aliases that share union `name` ([`d360_codegen::ir::Union::shared_by`]).
fn shared_by(api: &Api, name: &str) -> Vec<String> {
    match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
        Some(d360_codegen::ir::TypeKind::Union(u)) => u.shared_by.clone(),
        other => panic!("{name} is no union: {other:?}"),
    }
}

/// Lowering marks exactly the alternatives `x-expansionResources` lists; by default they
/// reach their types like any other alternative.
#[test]
fn expansions_are_marked_and_reach_their_types_by_default() {
    let api = expansions_selected(&["GetChargesCharge"], false);
    let (variants, untyped) = union_of(&api, "ChargeCustomer");
    let expected = [
        ("String", false),
        ("Customer", true),
        ("DeletedCustomer", true),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(n, e)| (n.to_string(), *e)).collect();
    assert_eq!(variants, expected);
    assert!(untyped.is_empty());
    let (source, _) = union_of(&api, "ChargeSource");
    assert!(source.iter().all(|(_, e)| !e), "{source:?}");
    for reached in [
        "Customer",
        "DeletedCustomer",
        "Invoice",
        "LineItem",
        "Address",
    ] {
        assert!(
            types(&api).contains(reached),
            "{reached}: {:?}",
            types(&api)
        );
    }
    assert_eq!(types(&api).len(), 20, "{:?}", types(&api));
}

/// With `untyped_expansions`, an expansion reaches nothing: its type is kept only when
/// something else reaches it, and the alternative with it.
#[test]
fn untyped_expansions_keep_only_the_types_reached_otherwise() {
    let api = expansions_selected(&["GetChargesCharge"], true);
    let expected: BTreeSet<&str> = [
        "Charge",
        "ChargeObject",
        "ChargeCustomer",
        "ChargeInvoice",
        "ChargeSource",
        // Reached through `source`, a union that is no expansion.
        "Card",
        "CardObject",
        "BankAccount",
        "BankAccountObject",
        // The error response.
        "ErrorModel",
        "ApiErrors",
        "ChargeSummary",
        // What `customer` and `invoice` are now, alike: an ID, or JSON.
        "Expandable",
    ]
    .into_iter()
    .collect();
    assert_eq!(types(&api), expected);
    // Both expandable fields are left an ID or JSON: they share one union, each under an
    // alias of its own name.
    assert_eq!(alias_of(&api, "ChargeCustomer"), Some("Expandable"));
    assert_eq!(alias_of(&api, "ChargeInvoice"), Some("Expandable"));
    let (variants, untyped) = union_of(&api, "Expandable");
    assert_eq!(variants, vec![("String".to_owned(), false)]);
    assert_eq!(untyped, ["Customer", "DeletedCustomer", "Invoice"]);
    assert_eq!(
        shared_by(&api, "Expandable"),
        ["ChargeCustomer", "ChargeInvoice"]
    );

    // Selecting the customer operation reaches `Customer`: its alternative stays typed.
    let api = expansions_selected(&["GetChargesCharge", "GetCustomersCustomer"], true);
    let (variants, untyped) = union_of(&api, "ChargeCustomer");
    let names: Vec<&str> = variants.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["String", "Customer"]);
    assert_eq!(untyped, ["DeletedCustomer"]);
    // Card and bank account are reached through `charge.source`, so the customer's
    // expandable `default_source` keeps them.
    let (variants, untyped) = union_of(&api, "CustomerDefaultSource");
    let names: Vec<&str> = variants.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["String", "Card", "BankAccount"]);
    assert!(untyped.is_empty());
    assert!(!types(&api).contains("Invoice") && !types(&api).contains("LineItem"));
    // No two expandable fields are alike any more: none is shared.
    assert!(!types(&api).contains("Expandable"), "{:?}", types(&api));
}

/// The generated crate says where an expanded object of a left-out type goes, and
/// compiles without a warning.
#[test]
fn a_crate_with_untyped_expansions_documents_them_and_compiles() {
    let text = std::fs::read(workspace().join(EXPANSIONS)).expect("fixture");
    let mut config = config(&[(Operation, "GetChargesCharge")], &[]);
    config.untyped_expansions(true);
    let generated =
        d360_codegen::generate(&text, EXPANSIONS, &config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.models, 13);
    let code = &generated.code;
    for (alias, untyped) in [
        ("ChargeCustomer", "`Customer` or `DeletedCustomer`"),
        ("ChargeInvoice", "`Invoice`"),
    ] {
        let docs = format!(
            "/// An alias of `Expandable`, the type of every expandable field with these \
             alternatives. An expanded {untyped} is kept in its `Other`, as it came: a type this \
             client leaves out.\n    ///\n    /// Schema: `#/components/schemas/charge/properties/"
        );
        assert!(code.contains(&docs), "{alias}: {code}");
        assert!(
            code.contains(&format!("pub type {alias} = Expandable;\n")),
            "{code}"
        );
    }
    assert!(
        code.contains(
            "/// A value that fits none of the alternatives, kept as it came: an expanded \
             object of a type this client leaves out too (each alias names its own).\n"
        ),
        "{code}"
    );
    assert!(!code.contains("pub struct Invoice ") && !code.contains("Invoice("));
    cargo_check(&write_generated("select-expansions", &generated), &[]);
}

/// The setting in the config file (checked), on the command line, and in a `Builder`,
/// where a later setting wins over the file's.
#[test]
fn untyped_expansions_are_set_by_file_flag_and_builder() {
    assert_eq!(
        errors(r#"{"select": {"untyped_expansions": "yes"}}"#),
        "error: codegen.json#/select/untyped_expansions: expected `true` or `false`"
    );
    let on = config_of(br#"{"select": {"untyped_expansions": true}}"#);
    assert_eq!(on.select.untyped_expansions, Some(true));

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("select-expansions-cli");
    let _ = std::fs::remove_dir_all(&dir);
    let models = |args: &[&str]| {
        let args = [&["--include-operation", "GetChargesCharge"], args].concat();
        let output = generate_cli(&workspace().join(EXPANSIONS), &dir, &args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        stderr
    };
    assert!(models(&[]).contains(": 20 models, 1 operations,"));
    assert!(models(&["--untyped-expansions"]).contains(": 13 models, 1 operations,"));
    let _ = std::fs::remove_dir_all(&dir);

    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("expansions-codegen.json");
    std::fs::write(
        &file,
        r#"{"select": {"include": {"operations": ["GetChargesCharge"]}, "untyped_expansions": true}}"#,
    )
    .expect("write config");
    let builder = d360_codegen::Builder::new(workspace().join(EXPANSIONS)).config_file(&file);
    let count = |builder: d360_codegen::Builder| {
        builder
            .generate()
            .map(|g| g.models)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(count(builder.clone()), 13);
    assert_eq!(count(builder.untyped_expansions(false)), 20);
}

/// The spec-diff of a client with untyped expansions: a change to a schema only an
/// expansion leads to is not in that client; the same change is in the default client.
#[test]
fn a_change_only_an_untyped_expansion_reaches_is_none_for_that_client() {
    let base = std::fs::read(workspace().join(EXPANSIONS)).expect("fixture");
    let mut head: serde_json::Value = serde_json::from_slice(&base).expect("json");
    head["components"]["schemas"]["line_item"]["properties"]
        .as_object_mut()
        .expect("properties")
        .remove("amount");
    head["components"]["schemas"]["line_item"]["required"] = serde_json::json!(["id"]);
    let head = serde_json::to_vec(&head).expect("json");
    let report = |untyped: bool| {
        let mut config = config(&[(Operation, "GetChargesCharge")], &[]);
        config.untyped_expansions(untyped);
        d360_codegen::diff::diff(&base, "base.json", &head, "head.json", &config)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let typed = report(false);
    assert_eq!(
        typed.bump,
        d360_codegen::diff::Bump::Major,
        "{}",
        typed.to_text()
    );
    let untyped = report(true);
    assert_eq!(
        untyped.bump,
        d360_codegen::diff::Bump::None,
        "{}",
        untyped.to_text()
    );
    assert!(untyped.changes.is_empty(), "{}", untyped.to_text());
}

/// A type only an untyped expansion reaches is left out, and so are the warnings about it,
/// with `untyped_expansions` alone as with include entries.
#[test]
fn warnings_about_types_only_untyped_expansions_reach_are_not_shown() {
    let doc = br##"{
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}
        },
        "components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {
                "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/B"}],
                "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/B"}]}}}},
            "B": {"type": "object", "properties": {"n": {"not": {}}}}
        }}
    }"##;
    let about_b = |config: &Config| {
        let generated =
            d360_codegen::generate(doc, "t.json", config).unwrap_or_else(|e| panic!("{e}"));
        let warned = generated
            .warnings
            .iter()
            .filter(|w| w.pointer.starts_with("/components/schemas/B"))
            .count();
        (generated.models, warned)
    };
    assert_eq!(about_b(&Config::default()), (3, 1));
    let mut untyped = Config::default();
    untyped.untyped_expansions(true);
    assert_eq!(about_b(&untyped), (2, 0));
    untyped.include(Operation, "a");
    assert_eq!(about_b(&untyped), (2, 0));
}

/// Three expandable fields alike (an ID, a `Customer` or a `Gone`): two that refer to the
/// schema `expandable`, and `A.owner`, written inline; `B.gone`, which expands to `Gone`
/// alone; `A.note`, a plain union of an ID and a `Customer` (how `Customer` is reached
/// with untyped expansions); and a schema named like the union the fields would share,
/// which operation `x` alone reaches.
const ALIKE: &[u8] = br##"{
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/a": {"get": {"operationId": "a", "tags": ["left"], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
        "/b": {"get": {"operationId": "b", "tags": ["right"], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}}},
        "/x": {"get": {"operationId": "x", "tags": ["right"], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExpandableCustomer"}}}}}}}
    },
    "components": {"schemas": {
        "A": {"type": "object", "properties": {
            "customer": {"$ref": "#/components/schemas/expandable"},
            "owner": {"description": "Who owns it.", "anyOf": [{"type": "string"},
                {"$ref": "#/components/schemas/Customer"}, {"$ref": "#/components/schemas/Gone"}],
                "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/Customer"},
                    {"$ref": "#/components/schemas/Gone"}]}},
            "note": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Customer"}]}}},
        "B": {"type": "object", "properties": {
            "customer": {"$ref": "#/components/schemas/expandable"},
            "gone": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Gone"}],
                "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/Gone"}]}}}},
        "expandable": {"anyOf": [{"type": "string"},
            {"$ref": "#/components/schemas/Customer"}, {"$ref": "#/components/schemas/Gone"}],
            "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/Customer"},
                {"$ref": "#/components/schemas/Gone"}]}},
        "Customer": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Gone": {"type": "object", "properties": {"id": {"type": "string"}}},
        "ExpandableCustomer": {"type": "object", "properties": {"n": {"type": "integer"}}}
    }}
}"##;

/// With untyped expansions, expandable fields with the same alternatives share one union,
/// named for the expansions it keeps typed, each field's type an alias of it; a union no
/// other matches, and a union that is no expansion, stay their own. The shared name never
/// takes one of the document's (not even a left-out type's, so a wider selection renames
/// nothing), and the default client shares nothing.
#[test]
fn expandable_fields_alike_share_one_union() {
    let lowered = |ids: &[&str], untyped: bool| {
        let mut config = config(
            &ids.iter().map(|id| (Operation, *id)).collect::<Vec<_>>(),
            &[],
        );
        config.untyped_expansions(untyped);
        let mut api = lowered_text(ALIKE, "alike.json");
        select::select(&mut api, &config.select).unwrap_or_else(|e| panic!("{e}"));
        api
    };
    for ids in [&["a", "b"][..], &["a", "b", "x"]] {
        let api = lowered(ids, true);
        // `A.customer` and `B.customer` are the named schema `expandable`.
        assert_eq!(
            alias_of(&api, "Expandable"),
            Some("ExpandableCustomer2"),
            "{ids:?}"
        );
        assert_eq!(
            alias_of(&api, "AOwner"),
            Some("ExpandableCustomer2"),
            "{ids:?}"
        );
        assert_eq!(
            shared_by(&api, "ExpandableCustomer2"),
            ["AOwner", "Expandable"]
        );
        let (variants, untyped) = union_of(&api, "ExpandableCustomer2");
        let expected = [("String", false), ("Customer", true)];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(n, e)| (n.to_string(), *e)).collect();
        assert_eq!(variants, expected);
        assert_eq!(untyped, ["Gone"]);
        assert_eq!(alias_of(&api, "BGone"), None);
        assert_eq!(union_of(&api, "BGone").1, ["Gone"]);
        assert_eq!(alias_of(&api, "ANote"), None);
        assert!(shared_by(&api, "ANote").is_empty());
    }
    let api = lowered(&["a", "b"], false);
    assert!(shared_by(&api, "Expandable").is_empty());
    assert!(
        types(&api)
            .iter()
            .all(|t| !t.starts_with("ExpandableCustomer")),
        "{:?}",
        types(&api)
    );

    // The shared union is compiled whenever one of its aliases is: with either tag alone.
    let mut config = config(&[(Operation, "a"), (Operation, "b")], &[]);
    config.untyped_expansions(true);
    config.features_per_tag = true;
    let generated =
        d360_codegen::generate(ALIKE, "alike.json", &config).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated
        .code
        .contains("pub type AOwner = ExpandableCustomer2;\n"));
    let dir = write_generated("select-alike", &generated);
    cargo_check(&dir, &[]);
    for tag in ["left", "right"] {
        cargo_check(&dir, &["--no-default-features", "--features", tag]);
    }
}

// ----- types alike share a definition -----

/// Three inline enums of `on` and `off` (one deprecated), one of `on`, `off` and `auto`; two
/// structs with the same field and docs, `Place` and `Point`, and `Spot`, whose field's docs
/// differ.
const IDENTICAL: &[u8] = br##"{
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}
    },
    "components": {"schemas": {
        "A": {"type": "object", "properties": {
            "status": {"type": "string", "enum": ["on", "off"]},
            "mode": {"type": "string", "enum": ["on", "off"], "description": "How it runs."},
            "old": {"type": "string", "enum": ["on", "off"], "deprecated": true},
            "size": {"type": "string", "enum": ["on", "off", "auto"]},
            "here": {"$ref": "#/components/schemas/Point"},
            "there": {"$ref": "#/components/schemas/Place"},
            "other": {"$ref": "#/components/schemas/Spot"}}},
        "Point": {"type": "object", "properties": {"x": {"type": "integer", "description": "Across."}}},
        "Place": {"type": "object", "properties": {"x": {"type": "integer", "description": "Across."}}},
        "Spot": {"type": "object", "properties": {"x": {"type": "integer", "description": "Sideways."}}}
    }}
}"##;

/// With `share_identical_types`, the types that come out alike are one definition, the first
/// by name, the others aliases of it with their own docs; a deprecated type, a type whose
/// fields' docs differ, and a type the configuration adds an attribute to keep their own. The
/// default shares nothing, and the crate compiles without a warning.
#[test]
fn types_alike_share_a_definition_when_asked() {
    let generate = |config: &Config| {
        d360_codegen::generate(IDENTICAL, "identical.json", config)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let plain = generate(&Config::default());
    assert!(!plain.code.contains("pub type "), "{}", plain.code);

    let shared = Config {
        share_identical_types: true,
        ..Config::default()
    };
    let generated = generate(&shared);
    let code = &generated.code;
    assert_eq!(generated.models, plain.models, "every name stays");
    for alias in ["pub type AStatus = AMode;\n", "pub type Point = Place;\n"] {
        assert!(code.contains(alias), "no {alias}: {code}");
    }
    for own in [
        "pub enum AMode ",
        "pub enum AOld ",
        "pub enum ASize ",
        "pub struct Place ",
        "pub struct Spot ",
    ] {
        assert!(code.contains(own), "no {own}: {code}");
    }
    assert_eq!(code.matches("pub type ").count(), 2, "{code}");
    assert!(
        code.contains("/// An alias of `AMode`: their schemas are alike.\n"),
        "{code}"
    );
    assert!(
        code.contains("/// How it runs.\n    ///\n    /// Also the type of `AStatus`: their schemas are alike.\n"),
        "{code}"
    );
    cargo_check(&write_generated("select-identical", &generated), &[]);

    // An attribute for `AStatus` keeps it its own; `AMode` is then alike with nothing.
    let mut derived = shared.clone();
    derived.attribute("AStatus", "doc(alias = \"state\")");
    let code = generate(&derived).code;
    assert!(
        code.contains("pub enum AStatus ") && code.contains("pub enum AMode "),
        "{code}"
    );
    assert!(code.contains("pub type Point = Place;\n"), "{code}");
}

/// The setting in the config file (checked), on the command line, and in a `Builder`, where
/// the builder's wins over the file's.
#[test]
fn sharing_identical_types_is_set_by_file_flag_and_builder() {
    assert_eq!(
        errors(r#"{"share_identical_types": "yes"}"#),
        "error: codegen.json#/share_identical_types: expected `true` or `false`"
    );
    assert!(config_of(br#"{"share_identical_types": true}"#).share_identical_types);

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("select-identical-cli");
    let spec = dir.join("identical.json");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(&spec, IDENTICAL).expect("write spec");
    let output = generate_cli(&spec, &dir.join("out"), &["--share-identical-types"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lib = std::fs::read_to_string(dir.join("out/src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("pub type Point = Place;\n"), "{lib}");

    let file = dir.join("codegen.json");
    std::fs::write(&file, r#"{"share_identical_types": true}"#).expect("write config");
    let builder = d360_codegen::Builder::new(&spec).config_file(&file);
    let aliases = |builder: d360_codegen::Builder| {
        let generated = builder.generate().unwrap_or_else(|e| panic!("{e}"));
        generated.code.matches("pub type ").count()
    };
    assert_eq!(aliases(builder.clone()), 2);
    assert_eq!(aliases(builder.share_identical_types(false)), 0);
}
