//! The builds others run from the published crate, end to end: `--docs`, `--msrv`,
//! `--each-feature` and `--all-builds` over fixture crates under `fixtures/builds/` where each
//! build fails for its own reason and the others pass, offline (the fixtures have no
//! dependencies). The docs.rs build runs on nightly when rustup has it, and the MSRV check
//! needs the 1.88 toolchain: a test that needs one says so and stops when it is missing.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{assert_processes_gone, copy_tree, git_commit_all};

/// A committed copy of `fixtures/builds/<fixture>`, with its own CARGO_HOME, target and
/// temporary directories.
struct Crate {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    tmp: PathBuf,
}

impl Crate {
    fn of(fixture: &str) -> Crate {
        Crate::edited(fixture, &[])
    }

    /// The fixture with `(file, from, to)` replacements made before it is committed.
    fn edited(fixture: &str, edits: &[(&str, &str, &str)]) -> Crate {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(fixture);
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/builds")
                .join(fixture),
            &root,
        );
        for (file, from, to) in edits {
            let path = root.join(file);
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} has no {from:?}");
            fs::write(&path, text.replace(from, to)).unwrap();
        }
        git_commit_all(&root);
        let home = dir.path().join("home");
        let tmp = dir.path().join("tmp");
        fs::create_dir_all(&home).unwrap();
        fs::create_dir_all(&tmp).unwrap();
        Crate {
            _dir: dir,
            root,
            home,
            tmp,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with_path(args, None)
    }

    /// The command of a run, with the crate's own CARGO_HOME and TMPDIR.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = crate::support::sandboxed(&self.root, &self.home, &self.tmp);
        command.arg("--offline").args(args);
        command
    }

    /// A run with `PATH` set to `path`, when given.
    fn run_with_path(&self, args: &[&str], path: Option<&str>) -> Run {
        let mut command = self.command(args);
        if let Some(path) = path {
            command.env("PATH", path);
        }
        let out = command.output().unwrap();
        let mut run = Run::from(out);
        run.root = self.root.clone();
        let left: Vec<_> = fs::read_dir(&self.tmp)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(
            left.is_empty(),
            "the unpacked crate was left behind: {left:?}"
        );
        run
    }
}

struct Run {
    code: Option<i32>,
    json: Value,
    stderr: String,
    /// The crate's directory, which the findings' paths are shown relative to.
    root: PathBuf,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
        Run {
            code: out.status.code(),
            json,
            stderr,
            root: PathBuf::new(),
        }
    }
}

/// The checks of the builds.
const BUILD_CHECKS: [&str; 5] = [
    "docs_rs_build_fails",
    "rustdoc_warning",
    "missing_crate_docs",
    "msrv_build_fails",
    "feature_build_fails",
];

impl Run {
    fn findings(&self) -> Vec<&Value> {
        self.json["packages"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .collect()
    }

    /// The findings of the builds' checks, as `check` and the file name and line they are at.
    fn build_findings(&self) -> Vec<(String, String, u64)> {
        self.findings()
            .into_iter()
            .filter(|f| BUILD_CHECKS.contains(&f["check"].as_str().unwrap()))
            .map(|f| {
                let file = f["location"]["file"].as_str().unwrap_or("");
                let name = Path::new(file)
                    .strip_prefix(&self.root)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| file.to_string());
                (
                    f["check"].as_str().unwrap().to_string(),
                    name,
                    f["location"]["line"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    }

    fn finding(&self, check: &str) -> &Value {
        self.findings()
            .into_iter()
            .find(|f| f["check"] == check)
            .unwrap_or_else(|| panic!("no {check}:\n{:#}\n{}", self.json, self.stderr))
    }

    fn not_run(&self, stage: &str) -> Vec<String> {
        self.json["not_run"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["stage"] == stage)
            .map(|n| n["reason"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Whether rustup has a toolchain whose name starts with `prefix`; says so when not (a test
/// that cannot run says why).
#[allow(clippy::print_stderr)]
fn installed(prefix: &str) -> bool {
    let names = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let found = names.lines().any(|l| l.starts_with(prefix));
    if !found {
        eprintln!(
            "skipped: the {prefix} toolchain is not installed (rustup toolchain install {prefix})"
        );
    }
    found
}

#[test]
fn a_clean_crate_passes_all_three_and_an_unchanged_run_replays_them() {
    if !installed("1.88") {
        return;
    }
    let krate = Crate::of("clean");
    let first = krate.run(&["--all-builds"]);
    assert_eq!(first.code, Some(0), "{:#}\n{}", first.json, first.stderr);
    assert_eq!(first.build_findings(), [], "{}", first.stderr);
    for stage in ["docs", "msrv", "each-feature"] {
        assert_eq!(first.not_run(stage), Vec::<String>::new(), "{stage}");
    }
    assert!(
        first
            .stderr
            .contains("Documenting ready-clean v0.1.0 (docs.rs build: ")
            && first
                .stderr
                .contains("Checking ready-clean v0.1.0 with Rust 1.88.0")
            && first
                .stderr
                .contains("Checking ready-clean v0.1.0 with each feature (4 feature sets)"),
        "{}",
        first.stderr
    );
    let started = Instant::now();
    let second = krate.run(&["--all-builds"]);
    let took = started.elapsed();
    assert_eq!(second.json["packages"], first.json["packages"]);
    for replayed in [
        "Fresh ready-clean v0.1.0 (docs.rs build)",
        "Fresh ready-clean v0.1.0 (Rust 1.88.0)",
        "Fresh ready-clean v0.1.0 (each feature)",
    ] {
        assert!(second.stderr.contains(replayed), "{}", second.stderr);
    }
    assert!(!second.stderr.contains("Documenting"), "{}", second.stderr);
    // Under 0.5 s on a quiet machine; the bound leaves room for a busy one.
    assert!(took.as_secs_f64() < 3.0, "the replay took {took:?}");
}

#[test]
fn a_broken_intra_doc_link_and_a_bare_url_are_warnings_at_their_line() {
    let krate = Crate::of("broken-link");
    let run = krate.run(&["--docs", "-v"]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    // -v shows the commands and cargo's output in the user's tree, never the unpacked copy.
    let manifest = format!("--manifest-path {}/Cargo.toml", krate.root.display());
    assert!(
        run.stderr.contains("     Running `") && run.stderr.contains(&manifest),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" --> src/lib.rs:3:26"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("cargo-ready-builds-"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.build_findings(),
        [
            ("rustdoc_warning".to_string(), "src/lib.rs".to_string(), 3),
            ("rustdoc_warning".to_string(), "src/lib.rs".to_string(), 3),
        ]
    );
    let messages: Vec<&str> = run
        .findings()
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages.contains(
            &"rustdoc: unresolved link to `Question` (`rustdoc::broken_intra_doc_links`)"
        ),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"rustdoc: this URL is not a hyperlink (`rustdoc::bare_urls`)"),
        "{messages:?}"
    );
    assert_eq!(run.finding("rustdoc_warning")["severity"], "warning");
}

#[test]
fn code_for_docs_rs_that_does_not_compile_fails_the_docs_build_only() {
    let krate = Crate::of("docsrs-cfg");
    let without = krate.run(&["--each-feature"]);
    assert_eq!(without.code, Some(0), "{:#}", without.json);
    let run = krate.run(&["--docs"]);
    assert_eq!(run.code, Some(1), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(
        run.build_findings(),
        [(
            "docs_rs_build_fails".to_string(),
            "src/lib.rs".to_string(),
            10
        )]
    );
    let finding = run.finding("docs_rs_build_fails");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["message"],
        "the docs.rs build fails for x86_64-unknown-linux-gnu: error[E0425]: cannot find type `Missing` in this scope"
    );
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .starts_with("docs.rs builds with the default features and `--cfg docsrs` on rustc "),
        "{finding}"
    );
}

#[test]
fn a_docs_rs_feature_whose_code_does_not_build_fails_the_docs_build_and_that_feature() {
    let krate = Crate::of("docsrs-feature");
    let run = krate.run(&["--docs", "--each-feature"]);
    assert_eq!(run.code, Some(1), "{:#}\n{}", run.json, run.stderr);
    let docs = run.finding("docs_rs_build_fails");
    assert!(
        docs["help"]
            .as_str()
            .unwrap()
            .starts_with("docs.rs builds with --features \"extra\" and `--cfg docsrs`"),
        "{docs}"
    );
    assert_eq!(docs["location"]["line"], 10);
    let features: Vec<&str> = run
        .findings()
        .into_iter()
        .filter(|f| f["check"] == "feature_build_fails")
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(features, ["features", "features.extra"]);
}

#[test]
fn a_feature_that_does_not_build_alone_is_an_error_at_its_line() {
    let krate = Crate::of("feature-alone");
    let run = krate.run(&["--each-feature", "--docs"]);
    assert_eq!(run.code, Some(1), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(
        run.build_findings(),
        [(
            "feature_build_fails".to_string(),
            "Cargo.toml".to_string(),
            16
        )]
    );
    let finding = run.finding("feature_build_fails");
    assert_eq!(
        finding["message"],
        "the crate does not build with feature `fmt` alone (`--no-default-features --features fmt`): cannot find function `owned` in this scope"
    );
    let first_error = finding["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["message"] == "the first error is here")
        .unwrap_or_else(|| panic!("{finding}"));
    assert!(
        first_error["location"]["file"]
            .as_str()
            .unwrap()
            .starts_with(krate.root.to_str().unwrap()),
        "the user's file: {first_error}"
    );
    assert_eq!(first_error["location"]["line"], 17);
}

#[test]
fn an_api_newer_than_rust_version_breaks_the_msrv_check() {
    if !installed("1.88") {
        return;
    }
    let krate = Crate::of("msrv-newer");
    let run = krate.run(&["--msrv", "--docs"]);
    assert_eq!(run.code, Some(1), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(
        run.build_findings(),
        [("msrv_build_fails".to_string(), "src/lib.rs".to_string(), 6)]
    );
    let finding = run.finding("msrv_build_fails");
    assert_eq!(
        finding["message"],
        "it does not build with Rust 1.88.0, the `rust-version` it declares: error[E0658]: use of unstable library feature `result_flattening`"
    );
    assert!(
        finding["labels"]
            .as_array()
            .unwrap()
            .iter()
            .any(
                |l| l["message"] == "the `rust-version` it promises"
                    && l["location"]["line"] == 5
            ),
        "{finding}"
    );
}

#[test]
fn a_toolchain_that_is_not_installed_says_how_to_install_it() {
    let krate = Crate::edited(
        "msrv-newer",
        &[(
            "Cargo.toml",
            "rust-version = \"1.88\"",
            "rust-version = \"1.60\"",
        )],
    );
    let run = krate.run(&["--msrv"]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(
        run.not_run("msrv"),
        [
            "ready-msrv-newer v0.1.0: the toolchain for its rust-version 1.60.0 is not installed: `rustup toolchain install 1.60.0` makes it run"
        ]
    );
}

#[test]
fn configuration_turns_a_build_on_and_allowing_its_check_turns_it_off() {
    let krate = Crate::edited(
        "feature-alone",
        &[(
            "Cargo.toml",
            "[features]",
            "[package.metadata.ready]\neach-feature = true\n\n[features]",
        )],
    );
    let run = krate.run(&[]);
    assert_eq!(run.code, Some(1), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(run.finding("feature_build_fails")["field"], "features.fmt");
    let allowed = krate.run(&["-A", "feature_build_fails"]);
    assert_eq!(allowed.code, Some(0), "{:#}", allowed.json);
    assert!(
        !allowed.stderr.contains("with each feature"),
        "an allowed build does not run: {}",
        allowed.stderr
    );
}

#[test]
fn without_nightly_the_docs_build_runs_on_the_current_toolchain_and_says_so_once() {
    // The toolchain's own directory alone on PATH: no rustup, so no nightly and no toolchains.
    let cargo = PathBuf::from(env!("CARGO"));
    let toolchain_bin = cargo.parent().unwrap();
    let path = format!("{}:/usr/bin:/bin", toolchain_bin.display());
    let krate = Crate::of("broken-link");
    let run = krate.run_with_path(&["--docs", "--msrv"], Some(&path));
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(run.build_findings().len(), 2, "{:#}", run.json);
    assert_eq!(
        run.stderr
            .matches("no nightly toolchain is installed")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.not_run("msrv")[0].contains("`rustup toolchain install 1.88.0` makes it run"),
        "{:?}",
        run.not_run("msrv")
    );
}

#[test]
fn more_than_forty_features_say_how_far_the_checks_got() {
    let many: String = (1..=41).map(|n| format!("f{n} = []\n")).collect();
    let krate = Crate::edited(
        "feature-alone",
        &[(
            "Cargo.toml",
            "fmt = []\n",
            &format!("fmt = [\"std\"]\n{many}"),
        )],
    );
    let run = krate.run(&["--each-feature"]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    // 41 + `std` + `fmt` alone, none and all.
    for step in [
        "Checking feature 1/45",
        "Checking feature 23/45",
        "Checking feature 45/45",
    ] {
        assert!(run.stderr.contains(step), "{step}: {}", run.stderr);
    }
}

#[test]
fn an_interrupted_build_stops_cargo_and_removes_the_unpacked_crate() {
    let krate = Crate::of("slow-docs");
    let mut child = krate
        .command(&["--docs"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the docs.rs build runs (its build script then sleeps for a minute).
    let started = Instant::now();
    let unpacked = || {
        fs::read_dir(&krate.tmp).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("cargo-ready-builds-")
        })
    };
    while !unpacked() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the build never started"
        );
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("cargo-ready ended early with {status}: {err}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(2500));
    let sent = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(
        sent.elapsed() < Duration::from_secs(4),
        "took {:?} to stop",
        sent.elapsed()
    );
    let left: Vec<_> = fs::read_dir(&krate.tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_processes_gone("build/ready-slow-docs-", "the build script");
}

#[test]
fn a_listed_target_without_its_standard_library_is_skipped_and_said() {
    let krate = Crate::edited(
        "clean",
        &[(
            "Cargo.toml",
            "all-features = true\n",
            "all-features = true\nadditional-targets = [\"sparc64-unknown-linux-gnu\"]\n",
        )],
    );
    let run = krate.run(&["--docs"]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(run.build_findings(), []);
    let skipped = run.not_run("docs");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].starts_with(
            "ready-clean v0.1.0: the docs.rs build for sparc64-unknown-linux-gnu: its standard library is not installed (`rustup target add sparc64-unknown-linux-gnu"
        ),
        "{skipped:?}"
    );
}
