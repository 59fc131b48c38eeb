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

impl Runner {
    /// Puts a stand-in `cargo` first on the steps' `PATH` that writes the arguments it was
    /// given, one per line, to `argv` and exits 0, so a test sees exactly what the action
    /// passed to `cargo ready`.
    fn with_recording_cargo(self) -> Runner {
        let cargo = self.file("install/bin/cargo");
        std::fs::write(
            &cargo,
            format!(
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" >> '{}'\n",
                self.file("argv").display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
        self
    }

    /// The arguments each `cargo` call received, one call's words after another.
    fn recorded_arguments(&self) -> Vec<String> {
        std::fs::read_to_string(self.file("argv"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// The `args` input reaches cargo ready as words and is never run: each form a shell would
/// evaluate (`;`, `&&`, `|`, `$(...)`, backquotes) arrives as plain text, and the command it
/// names never runs.
#[test]
fn the_action_never_runs_its_args_input() {
    let fixture = Fixture::copy("good");
    let marker = fixture.path().join("PWNED");
    let touch = format!("touch {}", marker.display());
    let hostile: [(String, Vec<String>); 6] = [
        (
            format!("--workspace; {touch}"),
            vec![
                "--workspace;".into(),
                "touch".into(),
                marker.display().to_string(),
            ],
        ),
        (
            format!("--workspace && {touch}"),
            vec![
                "--workspace".into(),
                "&&".into(),
                "touch".into(),
                marker.display().to_string(),
            ],
        ),
        (
            format!("--workspace | {touch}"),
            vec![
                "--workspace".into(),
                "|".into(),
                "touch".into(),
                marker.display().to_string(),
            ],
        ),
        (
            format!("-p \"$({touch})\""),
            vec!["-p".into(), format!("$({touch})")],
        ),
        (
            format!("-p `{touch}`"),
            vec![
                "-p".into(),
                "`touch".into(),
                format!("{}`", marker.display()),
            ],
        ),
        (
            format!("--workspace\n{touch}"),
            vec![
                "--workspace".into(),
                "touch".into(),
                marker.display().to_string(),
            ],
        ),
    ];
    for (args, words) in hostile {
        let runner = Runner::new().with_recording_cargo();
        let run = runner.step("run.sh", fixture.path(), &[("CARGO_READY_ARGS", &args)]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{args}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(!marker.exists(), "`{args}` ran a command");
        let mut expected = vec!["ready".to_string()];
        expected.extend(words);
        expected.extend(["--message-format".to_string(), "github".to_string()]);
        assert_eq!(runner.recorded_arguments(), expected, "{args}");
    }
}

/// Quotes group words as on a command line, and a quote left open is refused with an error
/// that says so, before anything runs.
#[test]
fn the_action_splits_quoted_args_and_refuses_an_open_quote() {
    let fixture = Fixture::copy("good");
    let runner = Runner::new().with_recording_cargo();
    let run = runner.step(
        "run.sh",
        fixture.path(),
        &[(
            "CARGO_READY_ARGS",
            r#"-A 'missing_rust_version' --exclude "a b" c\ d "say \"hi\" \$HOME" '' '$PATH'"#,
        )],
    );
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        runner.recorded_arguments(),
        [
            "ready",
            "-A",
            "missing_rust_version",
            "--exclude",
            "a b",
            "c d",
            "say \"hi\" $HOME",
            "",
            "$PATH",
            "--message-format",
            "github"
        ]
    );

    let runner = Runner::new().with_recording_cargo();
    let run = runner.step(
        "run.sh",
        fixture.path(),
        &[("CARGO_READY_ARGS", "--workspace 'open; touch PWNED")],
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "::error title=cargo-ready::the `args` input has a ' quote that is never closed"
        ),
        "{stderr}"
    );
    assert!(runner.recorded_arguments().is_empty(), "cargo ran");
    assert!(!fixture.path().join("PWNED").exists());
}

/// The `version` input reaches `cargo install` and the cache key only when it is a version:
/// a line break (which would add a line to GITHUB_OUTPUT), an option or shell text is refused.
#[test]
fn the_action_refuses_a_version_input_that_is_not_a_version() {
    for hostile in [
        "1.0\nready=true",
        "--git=https://example.org/x",
        "1.0; touch PWNED",
        "$(id)",
    ] {
        for script in ["cache-key.sh", "install.sh"] {
            let runner = Runner::new().with_recording_cargo();
            std::fs::remove_file(runner.file("install/bin/cargo-ready")).unwrap();
            let step = runner.step(script, repository(), &[("CARGO_READY_VERSION", hostile)]);
            assert_eq!(step.status.code(), Some(2), "{script} {hostile:?}");
            let stderr = String::from_utf8_lossy(&step.stderr);
            assert!(
                stderr.contains("::error title=cargo-ready::the `version` input"),
                "{stderr}"
            );
            assert_eq!(runner.read("output"), "", "{script} wrote an output");
            assert!(runner.recorded_arguments().is_empty(), "{script} ran cargo");
        }
    }
}

/// No `run:` line of the action interpolates an input: inputs reach the scripts as
/// environment variables only, which GitHub passes as data.
#[test]
fn the_action_passes_inputs_to_its_scripts_as_environment_only() {
    let action = std::fs::read_to_string(repository().join("action.yml")).unwrap();
    for line in action
        .lines()
        .filter(|l| l.trim_start().starts_with("run:"))
    {
        assert!(
            !line.contains("${{"),
            "an expression in a shell line: {line}"
        );
    }
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
