//! A second look that reuses the first: the package stage is not run again while nothing it
//! depends on changed, and every input that can change it makes the next run re-check.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{copy_tree, git, git_commit_all};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-ready");

/// A committed copy of the package-stage `good` fixture, with its own target directory and a
/// `CARGO_HOME` of its own (no registry: the runs are `--offline`).
struct Crate {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl Crate {
    fn new() -> Crate {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("good");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/package/good"),
            &root,
        );
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
    let run = Run::from(
        krate
            .command(&[])
            .env("RUSTFLAGS", "--cfg ready_test")
            .output()
            .unwrap(),
    );
    assert!(!run.fresh());
    assert_eq!(
        run.dirty(),
        ["the build environment changed (`RUSTFLAGS`, `CARGO_*`, ...)"]
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
    assert_eq!(run.dirty(), ["the options or the packages checked changed"]);
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
    assert_eq!(run.dirty(), ["a .crate of the last run is gone"]);
}
