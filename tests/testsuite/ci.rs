//! Where CI users live: the GitHub Action's shell steps run against fixture crates, the job
//! summary under GitHub Actions, and the GitLab Code Quality report.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Fixture, command};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files a GitHub runner gives a step, and an install root holding the built binary, as the
/// cache restores it.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new() -> Runner {
        let dir = tempfile::tempdir().unwrap();
        for file in ["output", "path", "summary"] {
            std::fs::write(dir.path().join(file), "").unwrap();
        }
        let bin = dir.path().join("install/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_cargo-ready"), bin.join("cargo-ready")).unwrap();
        Runner { dir }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap()
    }

    /// Runs `action/SCRIPT` as the action's step does, in `cwd`, with the step's inputs as env.
    fn step(&self, script: &str, cwd: &Path, inputs: &[(&str, &str)]) -> std::process::Output {
        let path = format!(
            "{}:{}",
            self.file("install/bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut step = Command::new("bash");
        step.arg(repository().join("action").join(script))
            .current_dir(cwd)
            .env("GITHUB_ACTION_PATH", repository())
            .env("GITHUB_OUTPUT", self.file("output"))
            .env("GITHUB_PATH", self.file("path"))
            .env("GITHUB_STEP_SUMMARY", self.file("summary"))
            .env("GITHUB_WORKSPACE", cwd)
            .env("RUNNER_OS", "Linux")
            .env("CARGO_READY_INSTALL_ROOT", self.file("install"))
            .env(
                "CARGO_READY_SPARSE_INDEX",
                crate::support::UNREACHABLE_INDEX,
            )
            .env("PATH", path)
            .env_remove("CARGO_TERM_COLOR");
        for (name, value) in inputs {
            step.env(name, value);
        }
        step.output().unwrap()
    }

    /// What the steps wrote to `GITHUB_OUTPUT`, as `name=value` pairs.
    fn outputs(&self) -> Vec<(String, String)> {
        self.read("output")
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

#[test]
fn the_action_wires_every_input_to_its_step() {
    let action = std::fs::read_to_string(repository().join("action.yml")).unwrap();
    for needed in [
        "using: composite",
        "run: bash \"$GITHUB_ACTION_PATH/action/cache-key.sh\"",
        "uses: actions/cache@v4",
        "run: bash \"$GITHUB_ACTION_PATH/action/install.sh\"",
        "run: bash \"$GITHUB_ACTION_PATH/action/run.sh\"",
        "CARGO_READY_VERSION: ${{ inputs.version }}",
        "CARGO_READY_ARGS: ${{ inputs.args }}",
        "CARGO_READY_SARIF: ${{ inputs.sarif }}",
        "working-directory: ${{ inputs.working-directory }}",
        "value: ${{ steps.run.outputs.ready }}",
        "value: ${{ steps.run.outputs.errors }}",
        "value: ${{ steps.run.outputs.warnings }}",
    ] {
        assert!(action.contains(needed), "action.yml lacks `{needed}`");
    }
}

#[test]
fn the_action_installs_from_the_cache_and_gates_a_ready_crate() {
    let runner = Runner::new();
    let key = runner.step("cache-key.sh", repository(), &[]);
    assert!(
        key.status.success(),
        "{}",
        String::from_utf8_lossy(&key.stderr)
    );
    let keys = runner.outputs();
    assert!(
        keys[0].0 == "key" && keys[0].1.starts_with("cargo-ready-Linux-"),
        "{keys:?}"
    );
    let versioned = runner.step(
        "cache-key.sh",
        repository(),
        &[("CARGO_READY_VERSION", "1.2.3")],
    );
    assert!(versioned.status.success());
    assert!(
        runner.outputs()[1].1.ends_with("-v1.2.3"),
        "{:?}",
        runner.outputs()
    );

    let install = runner.step("install.sh", repository(), &[]);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    assert!(String::from_utf8_lossy(&install.stdout).contains("cargo-ready from the cache"));
    assert_eq!(
        runner.read("path").trim(),
        runner.file("install/bin").to_str().unwrap()
    );

    let fixture = Fixture::copy("good");
    let run = runner.step(
        "run.sh",
        fixture.path(),
        &[
            ("CARGO_READY_ARGS", "--no-package -A missing_rust_version"),
            ("CARGO_READY_SARIF", "ready.sarif"),
        ],
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let outputs = runner.outputs();
    assert!(
        outputs.contains(&("ready".to_string(), "true".to_string())),
        "{outputs:?}"
    );
    assert!(
        outputs.contains(&("errors".to_string(), "0".to_string())),
        "{outputs:?}"
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.path().join("ready.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let summary = runner.read("summary");
    assert_eq!(
        summary.matches("## cargo ready").count(),
        1,
        "the SARIF run adds no second summary: {summary}"
    );
}

#[test]
fn the_action_fails_the_step_on_a_crate_that_is_not_ready() {
    let runner = Runner::new();
    let fixture = Fixture::copy("refused");
    let run = runner.step(
        "run.sh",
        fixture.path(),
        &[("CARGO_READY_ARGS", "--no-package '-D' 'warnings'")],
    );
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::error file=Cargo.toml")),
        "{stdout}"
    );
    let outputs = runner.outputs();
    assert!(
        outputs.contains(&("ready".to_string(), "false".to_string())),
        "{outputs:?}"
    );
    let errors: usize = outputs
        .iter()
        .find(|(k, _)| k == "errors")
        .unwrap()
        .1
        .parse()
        .unwrap();
    assert_eq!(
        errors,
        stdout.lines().filter(|l| l.starts_with("::error ")).count()
    );
    assert!(errors > 0);
}

#[test]
fn the_job_summary_is_appended_under_github_actions() {
    let fixture = Fixture::copy("refused");
    let summary = fixture.path().join("summary.md");
    std::fs::write(&summary, "# An earlier step\n").unwrap();
    let output = command(
        fixture.path(),
        &["--no-package", "--message-format", "json"],
    )
    .env("GITHUB_STEP_SUMMARY", &summary)
    .env("GITHUB_WORKSPACE", fixture.path())
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("# An earlier step\n## cargo ready: not ready to publish\n"),
        "{text}"
    );
    assert!(
        text.contains("| severity | check | package | place | message |"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.starts_with("| error | `invalid_license` |"))
        .unwrap_or_else(|| panic!("no invalid_license row: {text}"));
    assert!(row.contains("`Cargo.toml:"), "{row}");
    assert!(row.contains("<br>help: "), "{row}");

    let untouched = fixture.path().join("untouched.md");
    std::fs::write(&untouched, "kept\n").unwrap();
    command(fixture.path(), &["--no-package", "--no-summary"])
        .env("GITHUB_STEP_SUMMARY", &untouched)
        .output()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&untouched).unwrap(), "kept\n");
}

/// Runs `--message-format gitlab` in `fixture` with `CI_PROJECT_DIR` at its root.
fn gitlab(fixture: &Fixture, args: &[&str]) -> (i32, Value) {
    let output = command(fixture.path(), &["--message-format", "gitlab"])
        .args(args)
        .env("CI_PROJECT_DIR", fixture.path())
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    (output.status.code().unwrap(), report)
}

#[test]
fn gitlab_code_quality_has_one_stable_fingerprint_per_finding() {
    let fixture = Fixture::copy("docs-rs");
    let (_, report) = gitlab(&fixture, &["--workspace", "--no-package"]);
    let issues = report.as_array().expect("a JSON array");
    assert!(issues.len() > 3, "{report:#}");
    let mut fingerprints = HashSet::new();
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key} in {issue}");
        }
        assert!(["major", "minor", "info"].contains(&issue["severity"].as_str().unwrap()));
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(
            !path.is_empty() && !path.starts_with('/'),
            "relative to the repository: {path}"
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
    }
    let (_, again) = gitlab(&fixture, &["--workspace", "--no-package"]);
    assert_eq!(report, again, "nothing changed, nothing moved");
}

#[test]
fn gitlab_code_quality_of_a_ready_crate_is_empty() {
    let fixture = Fixture::copy("good");
    let (status, report) = gitlab(&fixture, &["--no-package"]);
    assert_eq!(status, 0);
    assert_eq!(report, serde_json::json!([]));
}
