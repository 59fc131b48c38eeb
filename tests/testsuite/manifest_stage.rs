//! The manifest stage end to end: the real binary over the crates in `fixtures/`.

use crate::support::{Fixture, checks, finding, findings, run_in, snapshot_tree};

#[test]
fn a_good_crate_is_ready_and_says_the_package_stage_did_not_run() {
    let fixture = Fixture::copy("good");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["version"], 1);
    assert_eq!(report["ready"], true);
    assert_eq!(report["packages"][0]["name"], "good-crate");
    assert_eq!(report["packages"][0]["version"], "1.2.3");
    assert_eq!(report["packages"][0]["skipped"], serde_json::Value::Null);
    assert!(findings(&report, "good-crate").is_empty(), "{report:#}");
    assert_eq!(report["not_run"][0]["stage"], "package");
    assert_eq!(report["not_run"][0]["reason"], "--no-package");
}

#[test]
fn every_rule_crates_io_would_refuse_is_reported_in_one_run() {
    let fixture = Fixture::copy("refused");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(report["ready"], false);
    assert_eq!(
        checks(&report, "refused-crate"),
        [
            "dependency_without_version",
            "dev_dependency_without_version",
            "invalid_keyword",
            "invalid_keyword",
            "invalid_license",
            "invalid_url",
            "missing_description",
            "redundant_homepage",
            "too_many_keywords",
            "unknown_category",
            "unknown_category",
        ]
    );

    let games = finding(&report, "refused-crate", "unknown_category", "Games");
    assert_eq!(games["severity"], "error");
    assert_eq!(games["blocks_publish"], true);
    assert_eq!(games["field"], "package.categories");
    assert_eq!(games["location"]["line"], 11);
    assert_eq!(games["location"]["column"], 37);
    let manifest = fixture.manifest().canonicalize().unwrap();
    let file = std::path::PathBuf::from(games["location"]["file"].as_str().unwrap());
    assert_eq!(file.canonicalize().unwrap(), manifest);
    assert!(
        games["help"].as_str().unwrap().contains("`games`"),
        "{games:#}"
    );

    let tools = finding(
        &report,
        "refused-crate",
        "unknown_category",
        "command-line-tools",
    );
    assert!(
        tools["help"]
            .as_str()
            .unwrap()
            .contains("command-line-utilities"),
        "{tools:#}"
    );

    let license = finding(&report, "refused-crate", "invalid_license", "mit");
    assert!(
        license["help"].as_str().unwrap().contains("MIT"),
        "{license:#}"
    );
    assert_eq!(license["location"]["line"], 6);

    let url = finding(
        &report,
        "refused-crate",
        "invalid_url",
        "docs.rs/refused-crate",
    );
    assert_eq!(url["field"], "package.documentation");

    let spaced = finding(&report, "refused-crate", "invalid_keyword", "Command Line");
    assert!(
        spaced["help"].as_str().unwrap().contains("command-line"),
        "{spaced:#}"
    );

    let description = finding(&report, "refused-crate", "missing_description", "");
    assert_eq!(description["location"]["line"], 1);

    let dev = finding(
        &report,
        "refused-crate",
        "dev_dependency_without_version",
        "helper",
    );
    assert_eq!(dev["severity"], "note");
    assert_eq!(dev["location"]["line"], 17);
    let local = finding(
        &report,
        "refused-crate",
        "dependency_without_version",
        "local",
    );
    assert_eq!(local["severity"], "error");
    assert_eq!(local["location"]["line"], 14);
}

#[test]
fn policy_checks_are_errors_that_configuration_can_lower() {
    let fixture = Fixture::copy("bare");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 1, "{report:#}");
    let policy = [
        "missing_categories",
        "missing_keywords",
        "missing_readme",
        "missing_repository",
    ];
    let mut errors: Vec<String> = findings(&report, "bare-crate")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            assert_eq!(f["blocks_publish"], false, "{f:#}");
            f["check"].as_str().unwrap().to_string()
        })
        .collect();
    errors.sort();
    assert_eq!(errors, policy);

    let mut allow = Vec::new();
    for check in policy {
        allow.extend(["-A", check]);
    }
    let (status, report) = fixture.json(&allow);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(checks(&report, "bare-crate"), ["missing_rust_version"]);

    let (status, report) = fixture.json(&["-W", "missing-keywords", "-A", "missing_readme"]);
    assert_eq!(status, 1);
    let keywords = finding(&report, "bare-crate", "missing_keywords", "");
    assert_eq!(keywords["severity"], "warning");
    assert!(!checks(&report, "bare-crate").contains(&"missing_readme".to_string()));
}

#[test]
fn levels_in_package_metadata_apply_and_unknown_names_are_warned_about() {
    let fixture = Fixture::copy("configured");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(
        checks(&report, "configured-crate"),
        ["missing_keywords", "unknown_check"]
    );
    let keywords = finding(&report, "configured-crate", "missing_keywords", "");
    assert_eq!(keywords["severity"], "warning");
    let unknown = finding(
        &report,
        "configured-crate",
        "unknown_check",
        "missing_catgories",
    );
    assert_eq!(unknown["severity"], "warning");
    assert_eq!(unknown["location"]["line"], 14);
    assert_eq!(unknown["location"]["column"], 1);
    assert!(
        unknown["help"]
            .as_str()
            .unwrap()
            .contains("missing_categories")
    );

    let (status, report) = fixture.json(&["-D", "missing_keywords", "-W", "no_such_thing"]);
    assert_eq!(status, 1, "the command line beats the manifest: {report:#}");
    finding(
        &report,
        "configured-crate",
        "unknown_check",
        "no_such_thing",
    );
}

#[test]
fn a_bad_level_in_configuration_stops_with_status_2_naming_the_key() {
    let fixture = Fixture::copy("configured");
    let manifest = fixture.manifest();
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("missing_keywords = \"warn\"", "missing_keywords = \"off\""),
    )
    .unwrap();
    let run = fixture.run(&["--no-package"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("package.metadata.ready.missing_keywords"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\"deny\""), "{}", run.stderr);
}

#[test]
fn readme_and_license_file_that_do_not_exist_are_errors() {
    let fixture = Fixture::copy("missing-files");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(
        checks(&report, "missing-files"),
        ["license_file_not_found", "readme_not_found"]
    );
    let readme = finding(&report, "missing-files", "readme_not_found", "DOCS.md");
    assert_eq!(readme["location"]["line"], 9);
    finding(
        &report,
        "missing-files",
        "license_file_not_found",
        "LICENSE.txt",
    );
}

#[test]
fn warnings_do_not_block_until_denied() {
    let fixture = Fixture::copy("warnings");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(
        checks(&report, "warned-crate"),
        [
            "duplicate_keyword",
            "legacy_license_separator",
            "license_and_license_file",
            "redundant_homepage",
        ]
    );
    let legacy = finding(
        &report,
        "warned-crate",
        "legacy_license_separator",
        "MIT/Apache-2.0",
    );
    assert!(
        legacy["help"]
            .as_str()
            .unwrap()
            .contains("MIT OR Apache-2.0"),
        "{legacy:#}"
    );
    assert!(
        findings(&report, "warned-crate")
            .iter()
            .all(|f| f["severity"] == "warning")
    );

    let (status, report) = fixture.json(&["-D", "warnings"]);
    assert_eq!(status, 1);
    assert!(
        findings(&report, "warned-crate")
            .iter()
            .all(|f| f["severity"] == "error")
    );
}

#[test]
fn dependency_rules_cover_every_table_and_target() {
    let fixture = Fixture::copy("deps");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(
        checks(&report, "deps-crate"),
        [
            "dependency_without_version",
            "wildcard_dependency",
            "wildcard_dependency"
        ]
    );
    let serde = finding(&report, "deps-crate", "wildcard_dependency", "serde");
    assert_eq!(serde["location"]["line"], 13);
    let libc = finding(&report, "deps-crate", "wildcard_dependency", "libc");
    assert_eq!(libc["location"]["line"], 17);
    let cc = finding(&report, "deps-crate", "dependency_without_version", "cc");
    assert_eq!(cc["location"]["line"], 20);
}

#[test]
fn a_virtual_workspace_checks_members_skips_unpublished_ones_and_points_at_inherited_keys() {
    let fixture = Fixture::copy("workspace");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 1, "{report:#}");
    let packages = report["packages"].as_array().unwrap();
    let names: Vec<&str> = packages
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");

    let skipped = |name: &str| {
        packages.iter().find(|p| p["name"] == name).unwrap()["skipped"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(skipped("ws-internal").contains("publish = false"));
    assert!(skipped("ws-private").contains("my-company"));

    assert!(findings(&report, "core-lib").is_empty(), "{report:#}");
    let inherited = finding(&report, "ws-app", "invalid_keyword", "with space");
    let file = inherited["location"]["file"].as_str().unwrap();
    assert!(file.ends_with("crates/app/Cargo.toml"), "{file}");
    assert_eq!(inherited["location"]["line"], 9);

    let (status, report) = fixture.json(&["-p", "core-lib"]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["packages"].as_array().unwrap().len(), 1);

    let (status, report) = fixture.json(&["--workspace", "--exclude", "ws-app"]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["packages"].as_array().unwrap().len(), 3);

    let member = run_in(
        &fixture.path().join("crates/core-lib"),
        &["--no-package", "--message-format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&member.stdout).unwrap();
    assert_eq!(report["packages"].as_array().unwrap().len(), 1);
    assert_eq!(report["packages"][0]["name"], "core-lib");

    let unknown = fixture.run(&["--no-package", "-p", "nope"]);
    assert_eq!(unknown.status, 2);
    assert!(
        unknown.stderr.contains("package `nope` is not a member"),
        "{}",
        unknown.stderr
    );
    assert!(unknown.stderr.contains("core-lib"), "{}", unknown.stderr);
}

#[test]
fn human_output_reads_like_cargo() {
    let fixture = Fixture::copy("refused");
    let run = fixture.run(&["--no-package", "--color", "never"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.is_empty(),
        "human output goes to stderr: {}",
        run.stdout
    );
    let err = &run.stderr;
    assert!(err.contains("error[unknown_category]"), "{err}");
    assert!(err.contains("Cargo.toml:11:37"), "{err}");
    assert!(
        err.contains("categories = [\"command-line-tools\", \"Games\"]"),
        "{err}"
    );
    assert!(err.contains("help: "), "{err}");
    assert!(err.contains("warning[redundant_homepage]"), "{err}");
    assert!(err.contains("the package stage did not run"), "{err}");
    assert!(!err.contains('\u{1b}'), "no color was asked for: {err}");
    let last = err.trim_end().lines().last().unwrap();
    assert!(last.starts_with("error: not ready"), "{last}");
    assert!(last.contains("errors"), "{last}");

    let quiet = fixture.run(&["--no-package", "-q", "--color", "never"]);
    assert!(
        !quiet.stderr.contains("warning[redundant_homepage]"),
        "{}",
        quiet.stderr
    );
    assert!(
        quiet.stderr.contains("error[unknown_category]"),
        "{}",
        quiet.stderr
    );
}

#[test]
fn color_follows_the_flag_and_cargo_term_color() {
    let fixture = Fixture::copy("refused");
    let always = fixture.run(&["--no-package", "--color", "always"]);
    assert!(always.stderr.contains('\u{1b}'), "{}", always.stderr);
    let piped = fixture.run(&["--no-package"]);
    assert!(
        !piped.stderr.contains('\u{1b}'),
        "stderr is not a terminal here"
    );
    let mut command = crate::support::command(fixture.path(), &["--no-package"]);
    command.env("CARGO_TERM_COLOR", "always");
    let env = crate::support::finish(command.output().unwrap());
    assert!(env.stderr.contains('\u{1b}'), "{}", env.stderr);
    let mut command = crate::support::command(fixture.path(), &["--no-package", "--color", "auto"]);
    command.env("NO_COLOR", "1").env("CLICOLOR_FORCE", "1");
    let no_color = crate::support::finish(command.output().unwrap());
    assert!(!no_color.stderr.contains('\u{1b}'), "{}", no_color.stderr);
}

#[test]
fn the_manifest_stage_never_writes_into_the_tree() {
    let fixture = Fixture::copy("workspace");
    let before = snapshot_tree(fixture.path());
    fixture.run(&["--no-package"]);
    fixture.run(&["--no-package", "--message-format", "json", "--workspace"]);
    assert_eq!(snapshot_tree(fixture.path()), before);
}

#[test]
fn list_and_explain_describe_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let list = run_in(dir.path(), &["--list"]);
    assert_eq!(list.status, 0);
    for check in cargo_ready::checks::CHECKS {
        let line = list
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(check.name))
            .unwrap_or_else(|| panic!("--list misses {}", check.name));
        assert!(line.contains(check.default.as_str()), "{line}");
        assert!(line.contains(check.summary), "{line}");
    }
    let explain = run_in(dir.path(), &["--explain", "unknown_category"]);
    assert_eq!(explain.status, 0);
    assert!(
        explain.stdout.contains("category_slugs"),
        "{}",
        explain.stdout
    );
    let missing = run_in(dir.path(), &["--explain", "nope"]);
    assert_eq!(missing.status, 2);
    assert!(missing.stderr.contains("no check named `nope`"));
}

#[test]
fn each_counted_limit_is_enforced_one_past_it() {
    let fixture = Fixture::copy("limits");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 1, "{report:#}");
    let name = report["packages"][0]["name"].as_str().unwrap().to_string();
    assert_eq!(name.len(), 65);
    assert_eq!(
        checks(&report, &name),
        [
            "description_too_long",
            "invalid_crate_name",
            "too_many_features",
            "version_too_long"
        ]
    );
    let description = finding(&report, &name, "description_too_long", "1001 bytes");
    assert!(
        description["message"]
            .as_str()
            .unwrap()
            .contains("501 characters")
    );
    let features = finding(&report, &name, "too_many_features", "301");
    assert_eq!(features["location"]["line"], 14);
}

#[test]
fn a_reserved_name_is_refused_whatever_its_case() {
    let fixture = Fixture::copy("reserved");
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(checks(&report, "Nul"), ["reserved_crate_name"]);
    let reserved = finding(&report, "Nul", "reserved_crate_name", "Nul");
    assert_eq!(reserved["blocks_publish"], true);
    assert_eq!(reserved["location"]["line"], 2);
}

/// A dev-dependency that depends back on the package must stay path-only: with a version,
/// neither could be published before the other.
#[test]
fn a_path_only_dev_dependency_that_depends_back_is_right() {
    let fixture = Fixture::copy("cycle");
    let (status, report) = fixture.json(&["--workspace"]);
    assert_eq!(status, 0, "{report:#}");
    let note = finding(
        &report,
        "cycle-app",
        "dev_dependency_without_version",
        "cycle-testkit",
    );
    assert_eq!(note["severity"], "note");
    let message = note["message"].as_str().unwrap();
    assert!(message.contains("which is right"), "{message}");
    assert!(
        message.contains("`cycle-testkit` depends on `cycle-app`"),
        "{message}"
    );
    let help = note["help"].as_str().unwrap();
    assert!(help.starts_with("keep it path-only"), "{help}");
    assert!(!help.contains("add `version"), "{help}");
}

/// With a `version`, the same dev-dependency makes a cycle in cargo's publish order: an error
/// at its key with the cycle spelled out, and `--fix` removes the `version`.
#[test]
fn a_dev_dependency_cycle_with_a_version_is_an_error_that_fix_removes() {
    let fixture = Fixture::copy("cycle");
    let app = fixture.path().join("app/Cargo.toml");
    let manifest = std::fs::read_to_string(&app).unwrap().replace(
        "cycle-testkit = { path = \"../testkit\" }",
        "cycle-testkit = { path = \"../testkit\", version = \"0.1.0\" }",
    );
    std::fs::write(&app, manifest).unwrap();
    let (status, report) = fixture.json(&["--workspace"]);
    assert_eq!(status, 1, "{report:#}");
    let cycle = finding(
        &report,
        "cycle-app",
        "dev_dependency_cycle",
        "cycle-testkit",
    );
    assert_eq!(cycle["severity"], "error");
    assert_eq!(cycle["blocks_publish"], true);
    assert_eq!(
        cycle["message"],
        "dev-dependency `cycle-testkit` has a `version`, so `cargo publish --workspace` waits for \
it before `cycle-app`, while it depends on `cycle-app`: `cycle-app` → `cycle-testkit` \
(dev-dependency) → `cycle-app`"
    );
    assert_eq!(cycle["location"]["line"], 13, "{cycle:#}");
    assert!(
        cycle["help"]
            .as_str()
            .unwrap()
            .starts_with("remove `version` from this dev-dependency"),
        "{cycle:#}"
    );

    let (status, report) = fixture.json(&["--workspace", "--fix", "--allow-dirty"]);
    assert_eq!(status, 0, "{report:#}");
    assert!(
        std::fs::read_to_string(&app)
            .unwrap()
            .contains("cycle-testkit = { path = \"../testkit\" }\n"),
        "--fix left the version"
    );
    assert!(
        checks(&report, "cycle-app")
            .iter()
            .all(|c| c != "dev_dependency_cycle")
    );
}

/// Every way rustc reaches a module file counts (plain, raw-named, inline, `#[path]`,
/// `cfg_attr` alternatives and the default beside them, `cfg_if!`, `macro_rules!`, `include!`,
/// a macro in a non-mod-rs file, `mod $name;` in a `macro_rules!` with the names given where it
/// is invoked, trybuild and automod literals, a trybuild glob built with `format!`
/// (`tests/{directory}/pass/*.rs`), fixtures with `.stderr`, a file
/// under a module that does not parse); only the files nothing reaches are reported, each with
/// the advice that fits it (an empty file, a commented-out `// mod x;`, a file an inline
/// `mod x { }` shadows, a program with `fn main`, a `mod.rs` the package leaves out, a test
/// file no test's root declares), and
/// neither an excluded file, a git-ignored one, nor a nested package's (`tests/nested/`) is.
#[test]
fn dead_source_files_are_the_ones_no_mod_reaches() {
    let fixture = Fixture::copy("dead-files");
    std::fs::write(fixture.path().join(".gitignore"), "/src/ignored.rs\n").unwrap();
    std::fs::write(fixture.path().join("src/ignored.rs"), "fn f() {}\n").unwrap();
    crate::support::git_commit_all(fixture.path());
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 0, "{report:#}");
    let dead: Vec<(&str, &str)> = findings(&report, "dead-files")
        .iter()
        .filter(|f| f["check"] == "dead_source_file")
        .map(|f| (f["message"].as_str().unwrap(), f["help"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dead,
        [
            (
                "`src/commented.rs` is never compiled: no `mod` declaration reaches it from a target",
                "`// mod commented;` in `src/lib.rs` is commented out: restore it, delete the file, or leave it out of the package with `exclude`"
            ),
            (
                "`src/empty.rs` is an empty file no `mod` declaration reaches",
                "empty file: delete it, or leave it out of the package with `exclude`"
            ),
            (
                "`src/forgotten.rs` is never compiled: no `mod` declaration reaches it from a target",
                "declare it with `mod forgotten;` in `src/lib.rs`, delete it, or leave it out of the package with `exclude`"
            ),
            (
                "`src/outer/stale.rs` is never compiled: no `mod` declaration reaches it from a target",
                "declare it with `mod stale;` inside `mod outer` in `src/lib.rs`, delete it, or leave it out of the package with `exclude`"
            ),
            (
                "`src/shadowed.rs` is never compiled: no `mod` declaration reaches it from a target",
                "it is shadowed by the inline `mod shadowed { }` at `src/lib.rs:33`, so rustc never loads it: move the inline module's contents here and write `mod shadowed;`, or delete the file"
            ),
            (
                "`src/tool.rs` is never compiled: no `mod` declaration reaches it from a target",
                "it is a program of its own (`fn main`): make it a target with a `[[bin]]` (or `[[example]]`) entry, or leave it out of the package with `exclude`"
            ),
            (
                "`tests/fuzz/replay.rs` is never compiled: no `mod` declaration reaches it from a target",
                "`tests/fuzz/mod.rs`, which `mod fuzz;` in `tests/fuzzing.rs` loads, is left out of the package by `exclude` (`\"/tests/fuzz/mod.rs\"`): that `mod` will not build from the package; ship it, or leave this file out too"
            ),
            (
                "`tests/orphan/helper.rs` is never compiled: no `mod` declaration reaches it from a target",
                "no test reaches it: declare it with a `mod` line in a test's root (`tests/<name>/main.rs`), give it a `[[test]]` entry, or leave it out of the package with `exclude`"
            ),
        ]
    );
    let first = &findings(&report, "dead-files")[0];
    assert!(
        first["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("src/commented.rs")
    );
    assert_eq!(first["severity"], "warning");

    // Allowed, the sources are not read at all.
    let (_, allowed) = fixture.json(&["-A", "dead_source_file"]);
    assert!(findings(&allowed, "dead-files").is_empty(), "{allowed:#}");
}

/// A file one member ships without compiling it, which another member's `mod` reaches through
/// a symlink, is shared: a note that says so, not a dead-file warning.
#[cfg(unix)]
#[test]
fn a_source_file_other_members_reach_through_a_symlink_is_shared() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"shares\", \"uses\"]\nresolver = \"2\"\n",
    );
    for member in ["shares", "uses"] {
        write(
            &format!("{member}/Cargo.toml"),
            &format!(
                "[package]\nname = \"{member}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
                 description = \"d\"\nlicense = \"MIT\"\n"
            ),
        );
    }
    write(
        "shares/src/lib.rs",
        "//! Ships `helper.rs` for the others.\n",
    );
    write("shares/src/helper.rs", "pub fn help() {}\n");
    write(
        "uses/src/lib.rs",
        "//! Compiles the shared helper.\nmod helper;\n",
    );
    std::os::unix::fs::symlink(
        "../../shares/src/helper.rs",
        root.join("uses/src/helper.rs"),
    )
    .unwrap();
    let run = run_in(
        root,
        &["--workspace", "--message-format", "json", "--no-package"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let shared = finding(&report, "shares", "dead_source_file", "helper.rs");
    assert_eq!(shared["severity"], "note", "{shared:#}");
    assert_eq!(
        shared["message"],
        "`src/helper.rs` is not compiled by this package; it is shared: `uses/src/helper.rs` reaches it through a symlink"
    );
    assert!(
        !findings(&report, "uses")
            .iter()
            .any(|f| f["check"] == "dead_source_file"),
        "{report:#}"
    );

    // With several packages reaching it, the first by path is named, the same every run.
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"shares\", \"uses\", \"also\"]\nresolver = \"2\"\n",
    );
    write(
        "also/Cargo.toml",
        "[package]\nname = \"also\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         description = \"d\"\nlicense = \"MIT\"\n",
    );
    write("also/src/lib.rs", "//! Compiles it too.\nmod helper;\n");
    std::os::unix::fs::symlink(
        "../../shares/src/helper.rs",
        root.join("also/src/helper.rs"),
    )
    .unwrap();
    for _ in 0..3 {
        let run = run_in(
            root,
            &["--workspace", "--message-format", "json", "--no-package"],
        );
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let shared = finding(&report, "shares", "dead_source_file", "helper.rs");
        assert_eq!(
            shared["message"],
            "`src/helper.rs` is not compiled by this package; it is shared: `also/src/helper.rs` and 1 more reach it through a symlink"
        );
    }
}
