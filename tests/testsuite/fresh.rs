//! A second look that reuses the first: the package stage is not run again while nothing it
//! depends on changed, and every input that can change it makes the next run re-check.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{copy_tree, git, git_commit_all};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-ready");

/// A committed copy of a package-stage fixture, with its own target directory and a
/// `CARGO_HOME` of its own (no registry: the runs are `--offline`).
struct Crate {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl Crate {
    fn new() -> Crate {
        Crate::of("good", &[])
    }

    /// A copy of `fixtures/package/<fixture>`, with `extra` files written in it.
    fn of(fixture: &str, extra: &[(&str, &str)]) -> Crate {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(fixture);
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/package")
                .join(fixture),
            &root,
        );
        for (file, text) in extra {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        git_commit_all(&root);
        let home = dir.path().join("home");
        fs::create_dir_all(&home).unwrap();
        Crate {
            _dir: dir,
            root,
            home,
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(["ready", "--offline", "--message-format", "json", "-v"])
            .args(args)
            .current_dir(&self.root)
            .env("CARGO_HOME", &self.home)
            .env(
                "CARGO_READY_SPARSE_INDEX",
                crate::support::UNREACHABLE_INDEX,
            )
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_BUILD_TARGET_DIR");
        command
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().unwrap())
    }

    fn commit(&self, file: &str, text: &str) {
        fs::write(self.root.join(file), text).unwrap();
        git(&self.root, &["add", "-A"]);
        git(&self.root, &["commit", "-q", "-m", "edit"]);
    }
}

struct Run {
    json: Value,
    stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}\n{stderr}"));
        Run { json, stderr }
    }

    fn fresh(&self) -> bool {
        self.stderr.contains("Fresh ready-good v0.1.0")
    }

    /// The packages said to be `Fresh`, by name.
    fn fresh_names(&self) -> Vec<&str> {
        self.said("Fresh")
    }

    /// The packages cargo packaged this time, by name.
    fn packaged_names(&self) -> Vec<&str> {
        self.said("Packaging")
    }

    fn said(&self, verb: &str) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix(verb)?.split_whitespace().next())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The `Dirty` lines `-v` gives for a run that was not fresh.
    fn dirty(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("Dirty "))
            .collect()
    }
}

/// Runs once, then checks the next run is fresh; returns the crate for an edit.
fn fresh_crate() -> Crate {
    let krate = Crate::new();
    let first = krate.run(&[]);
    assert!(!first.fresh(), "{}", first.stderr);
    let second = krate.run(&[]);
    assert!(second.fresh(), "{}", second.stderr);
    assert_eq!(
        first.json, second.json,
        "a fresh run reports what the first did"
    );
    krate
}

#[test]
fn nothing_changed_is_fresh_and_reports_the_same() {
    let krate = fresh_crate();
    let third = krate.run(&[]);
    assert!(third.fresh());
    assert!(!third.stderr.contains("Packaging"), "{}", third.stderr);
}

#[test]
fn a_committed_edit_re_checks_and_says_which_file() {
    let krate = fresh_crate();
    krate.commit("src/lib.rs", "//! Edited.\n");
    let run = krate.run(&[]);
    assert!(!run.fresh());
    assert_eq!(
        run.dirty(),
        ["ready-good v0.1.0: the file `src/lib.rs` changed"]
    );
    assert!(
        krate.run(&[]).fresh(),
        "and the run after that is fresh again"
    );
}

#[test]
fn an_uncommitted_edit_re_checks() {
    let krate = fresh_crate();
    fs::write(krate.root.join("README.md"), "# changed\n").unwrap();
    let run = krate.run(&["--allow-dirty"]);
    assert!(!run.fresh());
    assert_eq!(
        run.dirty(),
        ["ready-good v0.1.0: the file `README.md` changed"]
    );
}

#[test]
fn a_new_file_the_package_ships_re_checks() {
    let krate = fresh_crate();
    krate.commit("src/extra.rs", "// shipped\n");
    let run = krate.run(&[]);
    assert_eq!(
        run.dirty(),
        ["ready-good v0.1.0: the file `src/extra.rs` changed"]
    );
}

#[test]
fn a_manifest_change_re_checks() {
    let krate = fresh_crate();
    let manifest = fs::read_to_string(krate.root.join("Cargo.toml")).unwrap();
    krate.commit(
        "Cargo.toml",
        &manifest.replace(
            "keywords = [\"fixture\"]",
            "keywords = [\"fixture\", \"ready\"]",
        ),
    );
    let run = krate.run(&[]);
    assert!(!run.fresh());
    assert!(
        run.dirty().iter().any(|d| d.contains("`Cargo.toml`")),
        "{:?}",
        run.dirty()
    );
}

#[test]
fn the_lockfile_re_checks() {
    let krate = fresh_crate();
    fs::write(krate.root.join("Cargo.lock"), "version = 4\n").unwrap();
    let run = krate.run(&["--allow-dirty"]);
    assert!(!run.fresh());
    assert!(
        run.dirty().iter().any(|d| d.contains("Cargo.lock")),
        "{:?}",
        run.dirty()
    );
}

#[test]
fn rustflags_re_check() {
    let krate = fresh_crate();
    for (variable, value) in [
        ("RUSTFLAGS", "--cfg ready_test"),
        ("RUSTDOCFLAGS", "--cfg ready_test"),
        ("CARGO_PROFILE_DEV_DEBUG", "0"),
    ] {
        let run = Run::from(krate.command(&[]).env(variable, value).output().unwrap());
        assert!(!run.fresh(), "{variable}");
        assert_eq!(
            run.dirty(),
            ["the build environment changed (`RUSTFLAGS`, `CARGO_*`, ...)"],
            "{variable}"
        );
        assert!(
            !krate.run(&[]).dirty().is_empty(),
            "{variable}: and back without it, the result of the run with it is not taken"
        );
    }
}

#[test]
fn a_file_from_outside_the_workspace_re_checks() {
    let krate = Crate::new();
    let outside = krate.root.parent().unwrap().join("SHARED-README.md");
    fs::write(&outside, "# shared\n").unwrap();
    let manifest = fs::read_to_string(krate.root.join("Cargo.toml")).unwrap();
    krate.commit(
        "Cargo.toml",
        &manifest.replace("readme = \"README.md\"", "readme = \"../SHARED-README.md\""),
    );
    krate.run(&[]);
    assert!(krate.run(&[]).fresh());
    fs::write(&outside, "# shared, edited\n").unwrap();
    let run = krate.run(&[]);
    assert!(!run.fresh(), "{}", run.stderr);
    assert_eq!(
        run.dirty(),
        ["the root manifest, Cargo.lock or a file from outside the workspace changed"]
    );
}

#[test]
fn a_toolchain_switch_re_checks() {
    let krate = fresh_crate();
    // The same cargo, saying another version: as a rustup switch would.
    let wrapper = krate.home.join("cargo-wrapper");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nif [ \"$1\" = \"-V\" ]; then echo 'cargo 9.99.0 (switched)'; exit 0; fi\nexec '{}' \"$@\"\n",
            env!("CARGO")
        ),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&wrapper)
        .status()
        .unwrap();
    let run = Run::from(krate.command(&[]).env("CARGO", &wrapper).output().unwrap());
    assert!(!run.fresh());
    assert!(
        run.dirty()
            .contains(&"the toolchain changed (`rustc -vV`, `cargo -V`)"),
        "{:?}",
        run.dirty()
    );
}

#[test]
fn cargo_config_re_checks() {
    let krate = fresh_crate();
    fs::create_dir_all(krate.root.join(".cargo")).unwrap();
    fs::write(
        krate.root.join(".cargo/config.toml"),
        "[build]\nrustflags = [\"--cfg\", \"ready_test\"]\n",
    )
    .unwrap();
    let run = krate.run(&["--allow-dirty"]);
    assert!(!run.fresh());
    assert!(
        run.dirty().contains(&"a `.cargo/config.toml` changed"),
        "{:?}",
        run.dirty()
    );
}

#[test]
fn other_options_re_check() {
    let krate = fresh_crate();
    let run = krate.run(&["--tests"]);
    assert!(!run.fresh());
    assert_eq!(run.dirty(), ["the options changed"]);
}

#[test]
fn a_corrupt_cache_is_ignored_and_rewritten() {
    let krate = fresh_crate();
    let cache = krate.root.join("target/ready/ready-stage.json");
    assert!(cache.is_file());
    fs::write(&cache, "{ not json").unwrap();
    let run = krate.run(&[]);
    assert!(!run.fresh());
    assert_eq!(run.dirty(), ["no earlier run to compare with"]);
    assert!(krate.run(&[]).fresh(), "rewritten");
}

#[test]
fn a_missing_crate_file_re_checks() {
    let krate = fresh_crate();
    let package = krate.root.join("target/ready/package");
    for file in [
        package.join("ready-good-0.1.0.crate"),
        package.join("tmp-crate/ready-good-0.1.0.crate"),
    ] {
        let _ = fs::remove_file(file);
    }
    let run = krate.run(&[]);
    assert!(!run.fresh());
    assert_eq!(
        run.dirty(),
        ["ready-good v0.1.0: the .crate of the last run is gone or changed"]
    );
}

/// The `workspace-sibling` fixture (app depends on core by path) with a third member on its
/// own.
fn three_members() -> Crate {
    let krate = Crate::of(
        "workspace-sibling",
        &[
            (
                "Cargo.toml",
                &fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("fixtures/package/workspace-sibling/Cargo.toml"),
                )
                .unwrap()
                .replace(r#"["core", "app"]"#, r#"["core", "app", "lone"]"#),
            ),
            (
                "lone/Cargo.toml",
                &fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("fixtures/package/workspace-sibling/core/Cargo.toml"),
                )
                .unwrap()
                .replace("ready-sibling-core", "ready-sibling-lone"),
            ),
            ("lone/README.md", "# lone\n"),
            ("lone/LICENSE", "MIT License\n"),
            ("lone/src/lib.rs", "//! On its own.\n"),
        ],
    );
    let first = krate.run(&["--workspace"]);
    assert_eq!(
        first.packaged_names(),
        [
            "ready-sibling-app",
            "ready-sibling-core",
            "ready-sibling-lone"
        ],
        "{}",
        first.stderr
    );
    let second = krate.run(&["--workspace"]);
    assert_eq!(
        second.fresh_names(),
        [
            "ready-sibling-app",
            "ready-sibling-core",
            "ready-sibling-lone"
        ],
        "{}",
        second.stderr
    );
    assert!(second.packaged_names().is_empty(), "{}", second.stderr);
    assert_eq!(first.json, second.json);
    krate
}

#[test]
fn one_changed_member_is_packaged_alone() {
    let krate = three_members();
    let before = krate.run(&["--workspace"]);
    krate.commit("lone/src/lib.rs", "//! On its own, edited.\n");
    let run = krate.run(&["--workspace"]);
    assert_eq!(
        run.fresh_names(),
        ["ready-sibling-app", "ready-sibling-core"],
        "{}",
        run.stderr
    );
    assert_eq!(run.packaged_names(), ["ready-sibling-lone"]);
    assert_eq!(
        run.dirty(),
        ["ready-sibling-lone v0.1.0: the file `src/lib.rs` changed"]
    );
    assert_eq!(
        run.json, before.json,
        "replayed and packaged members report as one run does"
    );
    assert_eq!(
        krate.run(&["--workspace"]).fresh_names().len(),
        3,
        "and all are fresh again"
    );
}

#[test]
fn a_changed_dependency_re_checks_its_dependents() {
    let krate = three_members();
    krate.commit("core/src/lib.rs", "//! Core, edited.\npub fn f() {}\n");
    let run = krate.run(&["--workspace"]);
    assert_eq!(run.fresh_names(), ["ready-sibling-lone"], "{}", run.stderr);
    assert_eq!(
        run.packaged_names(),
        ["ready-sibling-app", "ready-sibling-core"]
    );
    assert_eq!(
        run.dirty(),
        ["ready-sibling-core v0.1.0: the file `src/lib.rs` changed"],
        "said once, though both depend on it"
    );
}

#[test]
fn a_changed_dependent_is_packaged_with_its_dependencies() {
    let krate = three_members();
    let app = fs::read_to_string(krate.root.join("app/src/lib.rs")).unwrap();
    krate.commit("app/src/lib.rs", &format!("{app}\n// edited\n"));
    let run = krate.run(&["--workspace"]);
    assert_eq!(
        run.fresh_names(),
        ["ready-sibling-lone"],
        "core is packaged again for app, so it is not replayed: {}",
        run.stderr
    );
    assert_eq!(
        run.packaged_names(),
        ["ready-sibling-app", "ready-sibling-core"]
    );
    assert_eq!(
        run.dirty(),
        ["ready-sibling-app v0.1.0: the file `src/lib.rs` changed"]
    );
}

#[test]
fn the_workspace_manifest_re_checks_every_member() {
    let krate = three_members();
    let root = fs::read_to_string(krate.root.join("Cargo.toml")).unwrap();
    krate.commit(
        "Cargo.toml",
        &format!("{root}\n[workspace.metadata.release]\nshared-version = true\n"),
    );
    let run = krate.run(&["--workspace"]);
    assert!(run.fresh_names().is_empty(), "{}", run.stderr);
    assert_eq!(run.packaged_names().len(), 3);
    assert_eq!(
        run.dirty(),
        ["the root manifest, Cargo.lock or a file from outside the workspace changed"]
    );
}

#[test]
fn a_member_checked_without_its_siblings_is_not_taken_from_a_run_with_them() {
    let krate = three_members();
    let run = krate.run(&["-p", "ready-sibling-app"]);
    assert!(run.fresh_names().is_empty(), "{}", run.stderr);
    assert_eq!(
        run.dirty(),
        ["ready-sibling-app v0.1.0: ready-sibling-core v0.1.0 is no longer packaged with it"]
    );
}

/// A cargo that packages offline where a publish dry run was asked: the registry-facing run,
/// without a registry.
fn offline_publish_cargo(home: &Path) -> PathBuf {
    let wrapper = home.join("cargo-offline-publish");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\n\
             if [ \"$1\" = publish ]; then\n\
             shift; args=''\n\
             for a in \"$@\"; do [ \"$a\" = --dry-run ] || args=\"$args '$a'\"; done\n\
             eval exec \"'{cargo}'\" package --offline $args\n\
             fi\n\
             exec '{cargo}' \"$@\"\n",
            cargo = env!("CARGO")
        ),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&wrapper)
        .status()
        .unwrap();
    wrapper
}

#[test]
fn a_fresh_run_asks_the_registry_again() {
    let krate = Crate::new();
    let cargo = offline_publish_cargo(&krate.home);
    let online = || {
        let mut command = Command::new(BIN);
        command
            .args(["ready", "--message-format", "json", "-v"])
            .current_dir(&krate.root)
            .env("CARGO", &cargo)
            .env("CARGO_HOME", &krate.home)
            .env(
                "CARGO_READY_SPARSE_INDEX",
                crate::support::UNREACHABLE_INDEX,
            )
            .env_remove("CARGO_NET_OFFLINE")
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_BUILD_TARGET_DIR");
        Run::from(command.output().unwrap())
    };
    let checks = |run: &Run| crate::support::checks(&run.json, "ready-good");
    let first = online();
    assert!(!first.fresh(), "{}", first.stderr);
    assert!(!checks(&first).contains(&"already_published".to_string()));
    let unchanged = online();
    assert!(unchanged.fresh(), "{}", unchanged.stderr);
    assert_eq!(checks(&unchanged), checks(&first));

    // The version is published meanwhile: the fresh run says so without packaging again.
    crate::support::in_cargo_caches(&krate.home, "ready-good", &[("0.1.0", None)]);
    let published = online();
    assert!(published.fresh(), "{}", published.stderr);
    assert!(
        checks(&published).contains(&"already_published".to_string()),
        "{:?}\n{}",
        checks(&published),
        published.stderr
    );
}
