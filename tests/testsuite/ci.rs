//! Where CI users live: the GitHub Action's shell steps run against fixture crates (and its
//! install step against a release served on 127.0.0.1), the release and CI workflows, the job
//! summary under GitHub Actions, and the GitLab Code Quality report. The shell steps run where
//! their tests' stand-ins (shebang scripts, `:` in PATH) do: on Unix.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::support::{Fixture, command};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files a GitHub runner gives a step, and an install root holding the built binary, as the
/// cache restores it.
#[cfg(unix)]
struct Runner {
    dir: tempfile::TempDir,
}

#[cfg(unix)]
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
#[cfg(unix)]
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
#[cfg(unix)]
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

#[cfg(unix)]
impl Runner {
    /// Puts a stand-in `cargo` first on the steps' `PATH` that writes the arguments it was
    /// given, one per line, to `argv` and exits 0, so a test sees exactly what the action
    /// passed to `cargo ready`.
    fn with_recording_cargo(self) -> Runner {
        executable(
            &self.file("install/bin/cargo"),
            &format!(
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" >> '{}'\n",
                self.file("argv").display()
            ),
        );
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
#[cfg(unix)]
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
#[cfg(unix)]
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
#[cfg(unix)]
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

/// A release host on 127.0.0.1 for the install step: serves the files under its directory by
/// URL path, one HTTP/1.1 request a connection, 404 for anything else, and records each path
/// asked for. Its thread lives as long as the test binary.
#[cfg(unix)]
struct ReleaseServer {
    root: tempfile::TempDir,
    url: String,
    requested: Arc<Mutex<Vec<String>>>,
}

#[cfg(unix)]
impl ReleaseServer {
    fn start() -> ReleaseServer {
        let root = tempfile::tempdir().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requested = Arc::new(Mutex::new(Vec::new()));
        let (dir, log) = (root.path().to_path_buf(), Arc::clone(&requested));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                answer(&stream, &dir, &log);
            }
        });
        ReleaseServer {
            root,
            url,
            requested,
        }
    }

    /// Packs a stand-in `cargo-ready` (a script printing `says`) with `.ci/release-archive`,
    /// as the release workflow packs the real one, into the release of tag `vVERSION`; returns
    /// the archive's path.
    fn publish(&self, target: &str, version: &str, says: &str) -> PathBuf {
        let built = tempfile::tempdir().unwrap();
        let release = built.path().join(target).join("release");
        std::fs::create_dir_all(&release).unwrap();
        let binary = if target.contains("-windows-") {
            "cargo-ready.exe"
        } else {
            "cargo-ready"
        };
        executable(&release.join(binary), &format!("#!/bin/sh\n{says}\n"));
        let packed = Command::new("bash")
            .arg(repository().join(".ci/release-archive"))
            .args([target, version])
            .arg(self.root.path().join(format!("v{version}")))
            .env("CARGO_TARGET_DIR", built.path())
            .output()
            .unwrap();
        assert!(
            packed.status.success(),
            "{}",
            String::from_utf8_lossy(&packed.stderr)
        );
        PathBuf::from(String::from_utf8(packed.stdout).unwrap().trim())
    }

    fn requested(&self) -> Vec<String> {
        self.requested.lock().unwrap().clone()
    }
}

/// Answers one request to a [`ReleaseServer`] serving `dir`, and logs the path asked for.
#[cfg(unix)]
fn answer(stream: &TcpStream, dir: &Path, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().unwrap().push(path.clone());
    let body = path
        .strip_prefix('/')
        .filter(|p| !p.split('/').any(|part| part.is_empty() || part == ".."))
        .and_then(|p| std::fs::read(dir.join(p)).ok());
    let (status, body) = match body {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"no such asset".to_vec()),
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// Writes `text` to `path` as an executable file.
#[cfg(unix)]
fn executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
impl Runner {
    /// Empties the cache: the install step has to fetch or build cargo-ready.
    fn without_cache(self) -> Runner {
        std::fs::remove_file(self.file("install/bin/cargo-ready")).unwrap();
        self
    }

    /// Runs install.sh for `version` on the runner platform `os`/`arch`, downloading from
    /// `server`.
    fn install(
        &self,
        server: &ReleaseServer,
        version: &str,
        (os, arch): (&str, &str),
    ) -> std::process::Output {
        self.step(
            "install.sh",
            repository(),
            &[
                ("CARGO_READY_RELEASE_URL", &server.url),
                ("CARGO_READY_VERSION", version),
                ("RUNNER_OS", os),
                ("RUNNER_ARCH", arch),
            ],
        )
    }
}

/// For each platform the release serves, the install step downloads that platform's archive
/// and its sum (a `.tar.gz`, or a `.zip` for Windows), installs the binary from it, runs it,
/// and puts it on the PATH; cargo is never called.
#[test]
#[cfg(unix)]
fn the_action_installs_the_release_binary_once_its_sum_matches() {
    let server = ReleaseServer::start();
    for ((os, arch), target) in [
        (("Linux", "X64"), "x86_64-unknown-linux-musl"),
        (("Linux", "ARM64"), "aarch64-unknown-linux-musl"),
        (("macOS", "ARM64"), "aarch64-apple-darwin"),
        (("Windows", "X64"), "x86_64-pc-windows-msvc"),
    ] {
        let says = format!("echo 'cargo-ready 0.1.0 ({target}, from the release)'");
        let archive = server.publish(target, "0.1.0", &says);
        let runner = Runner::new().with_recording_cargo().without_cache();
        let install = runner.install(&server, "=0.1.0", (os, arch));
        let stdout = String::from_utf8_lossy(&install.stdout);
        assert!(
            install.status.success(),
            "{target}: {stdout}{}",
            String::from_utf8_lossy(&install.stderr)
        );
        assert!(
            stdout.contains(&format!(
                "cargo-ready 0.1.0 for {target} from the release, SHA-256 checked: cargo-ready 0.1.0 ({target}, from the release)"
            )),
            "{stdout}"
        );
        let binary = if os == "Windows" {
            "cargo-ready.exe"
        } else {
            "cargo-ready"
        };
        let installed = Command::new(runner.file("install/bin").join(binary))
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&installed.stdout).trim(),
            format!("cargo-ready 0.1.0 ({target}, from the release)")
        );
        assert_eq!(
            runner.read("path").trim(),
            runner.file("install/bin").to_str().unwrap()
        );
        assert!(runner.recorded_arguments().is_empty(), "cargo ran");
        let name = archive.file_name().unwrap().to_str().unwrap();
        let requested = server.requested();
        assert_eq!(
            requested[requested.len() - 2..],
            [format!("/v0.1.0/{name}"), format!("/v0.1.0/{name}.sha256")]
        );
    }
}

/// An archive that is not the one whose sum was published fails the step with an error that
/// says so, and nothing from it is installed or run: no fallback that would hide the swap.
#[test]
#[cfg(unix)]
fn the_action_refuses_a_release_archive_whose_sum_differs() {
    let server = ReleaseServer::start();
    let target = "x86_64-unknown-linux-musl";
    let archive = server.publish(target, "0.1.0", "echo 'cargo-ready 0.1.0'");
    let published_sum = std::fs::read(archive.with_extension("gz.sha256")).unwrap();
    let marker = server.root.path().join("PWNED");
    server.publish(target, "0.1.0", &format!("touch '{}'", marker.display()));
    std::fs::write(archive.with_extension("gz.sha256"), published_sum).unwrap();

    let runner = Runner::new().with_recording_cargo().without_cache();
    let install = runner.install(&server, "0.1.0", ("Linux", "X64"));
    assert_eq!(install.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&install.stderr);
    assert!(
        stderr.contains(
            "::error title=cargo-ready::cargo-ready-x86_64-unknown-linux-musl-v0.1.0.tar.gz does not match its published SHA-256 sum"
        ),
        "{stderr}"
    );
    assert!(
        std::fs::read_dir(runner.file("install/bin"))
            .unwrap()
            .all(|entry| entry.unwrap().file_name() == "cargo"),
        "something was installed"
    );
    assert!(!marker.exists(), "the downloaded binary ran");
    assert!(runner.recorded_arguments().is_empty(), "fell back to cargo");
    assert_eq!(runner.read("path"), "", "put on the PATH");
}

/// Where the release has no binary to take, the install step says why in a notice and builds
/// that version with `cargo install`, as it did before there were release binaries: a platform
/// the release does not build, a version that has no archive, an archive without its sum
/// (it cannot be checked, so it is not used), and a version requirement.
#[test]
#[cfg(unix)]
fn the_action_builds_from_source_when_the_release_has_no_binary() {
    let server = ReleaseServer::start();
    let unsummed = server.publish("x86_64-unknown-linux-musl", "0.3.0", "echo unsummed");
    std::fs::remove_file(unsummed.with_extension("gz.sha256")).unwrap();
    for (version, platform, why, asks) in [
        (
            "0.1.0",
            ("Windows", "ARM64"),
            "the release has no binary for Windows on ARM64",
            None,
        ),
        (
            "0.2.0",
            ("Linux", "X64"),
            "no release binary for x86_64-unknown-linux-musl at",
            Some("/v0.2.0/cargo-ready-x86_64-unknown-linux-musl-v0.2.0.tar.gz"),
        ),
        (
            "0.3.0",
            ("Linux", "X64"),
            "no published SHA-256 sum at",
            Some("/v0.3.0/cargo-ready-x86_64-unknown-linux-musl-v0.3.0.tar.gz.sha256"),
        ),
        (
            "^0.1",
            ("Linux", "X64"),
            "`^0.1` is a version requirement",
            None,
        ),
    ] {
        let runner = Runner::new().with_recording_cargo().without_cache();
        let before = server.requested().len();
        let install = runner.install(&server, version, platform);
        assert!(install.status.success(), "{version} {platform:?}");
        let stdout = String::from_utf8_lossy(&install.stdout);
        let notice = stdout
            .lines()
            .find(|l| l.starts_with("::notice title=cargo-ready::"))
            .unwrap_or_else(|| panic!("no notice: {stdout}"));
        assert!(notice.contains(why), "{notice}");
        assert!(
            notice.ends_with(&format!(
                ": building cargo-ready {version} from source with cargo install"
            )),
            "{notice}"
        );
        assert_eq!(
            runner.recorded_arguments(),
            [
                "install",
                "cargo-ready",
                "--locked",
                "--version",
                version,
                "--root",
                runner.file("install").to_str().unwrap()
            ]
        );
        let requested = server.requested()[before..].to_vec();
        match asks {
            Some(path) => assert_eq!(requested.last().map(String::as_str), Some(path)),
            None => assert!(requested.is_empty(), "{requested:?}"),
        }
    }
}

/// The download base is for tests only and is data like every input: anything but https:// or
/// a server on 127.0.0.1 is refused before anything is downloaded, built or run.
#[test]
#[cfg(unix)]
fn the_action_refuses_a_release_url_that_is_not_https() {
    let server = ReleaseServer::start();
    server.publish(
        "x86_64-unknown-linux-musl",
        "0.1.0",
        "echo 'cargo-ready 0.1.0'",
    );
    let marker = server.root.path().join("PWNED");
    let touch = format!("touch {}", marker.display());
    for hostile in [
        "file:///etc".to_string(),
        "http://example.org/releases".to_string(),
        format!("{}/$({touch})", server.url),
        format!("https://github.com/x;{touch}"),
        format!("https://github.com/`{touch}`"),
        format!("--output={}", marker.display()),
        format!("{}\n{touch}", server.url),
    ] {
        let runner = Runner::new().with_recording_cargo().without_cache();
        let install = runner.step(
            "install.sh",
            repository(),
            &[
                ("CARGO_READY_RELEASE_URL", &hostile),
                ("CARGO_READY_VERSION", "0.1.0"),
                ("RUNNER_ARCH", "X64"),
            ],
        );
        assert_eq!(install.status.code(), Some(2), "{hostile}");
        let stderr = String::from_utf8_lossy(&install.stderr);
        assert!(
            stderr.contains("::error title=cargo-ready::CARGO_READY_RELEASE_URL"),
            "{stderr}"
        );
        assert!(!marker.exists(), "`{hostile}` ran a command");
        assert!(
            runner.recorded_arguments().is_empty(),
            "{hostile}: cargo ran"
        );
        assert!(!runner.file("install/bin/cargo-ready").exists());
    }
    assert!(server.requested().is_empty(), "{:?}", server.requested());
}

/// Prints what `action/release.sh`'s function `call` prints for `args`.
#[cfg(unix)]
fn release_sh(call: &str, args: &[&str]) -> String {
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!("source action/release.sh && {call} \"$@\""))
        .arg("release.sh")
        .args(args)
        .current_dir(repository())
        .output()
        .unwrap();
    assert!(output.status.success(), "{call} {args:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// `cargo binstall` finds the archives the release workflow attaches: Cargo.toml's
/// `[package.metadata.binstall]` templates, expanded for each target the workflow builds, give
/// the install step's URL, the archive's format and the binary's path inside it; and the install
/// step maps a runner to each of those targets.
#[test]
#[cfg(unix)]
fn the_binstall_metadata_names_the_release_archives() {
    let manifest: toml_edit::DocumentMut = std::fs::read_to_string(repository().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let package = &manifest["package"];
    let binstall = &package["metadata"]["binstall"];
    let repo = package["repository"].as_str().unwrap();
    let install = std::fs::read_to_string(repository().join("action/install.sh")).unwrap();
    assert!(
        install.contains(&format!("{repo}/releases/download}}")),
        "install.sh downloads from another place than {repo}"
    );

    let workflow =
        std::fs::read_to_string(repository().join(".github/workflows/release.yml")).unwrap();
    let built: Vec<&str> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- target: "))
        .collect();
    let targets = release_sh("release_targets", &[]);
    assert_eq!(built, targets.lines().collect::<Vec<_>>());

    let version = "1.2.3-rc.1";
    let mut runners = Vec::new();
    for (os, arch) in ["Linux", "macOS", "Windows"]
        .iter()
        .flat_map(|os| ["X64", "ARM64", "X86", "ARM"].map(|arch| (*os, arch)))
    {
        let output = Command::new("bash")
            .arg("-c")
            .arg("source action/release.sh && release_target \"$@\"")
            .args(["release.sh", os, arch])
            .current_dir(repository())
            .output()
            .unwrap();
        if output.status.success() {
            runners.push(String::from_utf8(output.stdout).unwrap().trim().to_string());
        }
    }
    for target in built {
        let field = |key: &str| {
            binstall["overrides"]
                .get(target)
                .and_then(|o| o.get(key))
                .unwrap_or(&binstall[key])
                .as_str()
                .unwrap_or_else(|| panic!("no {key} for {target}"))
                .replace("{ repo }", repo)
                .replace("{ name }", "cargo-ready")
                .replace("{ bin }", "cargo-ready")
                .replace("{ version }", version)
                .replace("{ target }", target)
                .replace(
                    "{ binary-ext }",
                    if target.contains("-windows-") {
                        ".exe"
                    } else {
                        ""
                    },
                )
        };
        let archive = release_sh("release_archive", &[target, version]);
        assert_eq!(
            field("pkg-url"),
            format!("{repo}/releases/download/v{version}/{archive}")
        );
        let format = if archive.ends_with(".zip") {
            "zip"
        } else {
            "tgz"
        };
        assert_eq!(field("pkg-fmt"), format, "{target}");
        assert_eq!(
            field("bin-dir"),
            format!(
                "{}/{}",
                release_sh("release_dir", &[target, version]),
                release_sh("release_binary", &[target])
            )
        );
        assert!(
            runners.iter().any(|r| r == target),
            "no runner takes {target}"
        );
    }
}

/// The release workflow publishes binaries under the tag's version only when Cargo.toml says
/// the same version.
#[test]
#[cfg(unix)]
fn the_release_tag_must_name_the_manifest_version() {
    let tag = |tag: &str| {
        Command::new("bash")
            .arg(repository().join(".ci/release-version"))
            .arg(tag)
            .output()
            .unwrap()
    };
    let matching = tag(&format!("v{}", env!("CARGO_PKG_VERSION")));
    assert!(matching.status.success());
    assert_eq!(
        String::from_utf8_lossy(&matching.stdout).trim(),
        env!("CARGO_PKG_VERSION")
    );
    for other in ["v0.0.0-other", env!("CARGO_PKG_VERSION"), "v$(id)"] {
        let refused = tag(other);
        assert_eq!(refused.status.code(), Some(1), "{other}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.starts_with("::error title=release::the tag `")
                && stderr.contains("does not match the version in Cargo.toml"),
            "{stderr}"
        );
        assert!(refused.stdout.is_empty());
    }
}

/// The GitHub workflows run what `.ci/run` runs, pin every action to a version, grant nothing
/// by default and `contents: write` to the release upload alone, and never put an expression
/// into a shell line.
#[test]
fn the_workflows_run_the_gate_and_ask_for_least_permissions() {
    let read = |path: &str| std::fs::read_to_string(repository().join(path)).unwrap();
    let (gate, ci, release) = (
        read(".ci/run"),
        read(".github/workflows/ci.yml"),
        read(".github/workflows/release.yml"),
    );
    let commands: Vec<&str> = gate.lines().filter(|l| l.starts_with("cargo ")).collect();
    assert!(commands.len() >= 4, "{commands:?}");
    for command in commands {
        assert!(
            ci.lines().any(|l| l.trim() == format!("- run: {command}")),
            "ci.yml does not run `{command}`"
        );
    }
    for job in [
        "os: [ubuntu-latest, macos-latest, windows-latest]",
        "rust-version",
    ] {
        assert!(ci.contains(job), "ci.yml lacks `{job}`");
    }

    assert!(release.lines().any(|l| l == "permissions: {}"));
    assert_eq!(release.matches("contents: write").count(), 1);
    let upload = release.find("gh release upload").unwrap();
    assert!(release.find("contents: write").unwrap() > release.find("  release:").unwrap());
    assert!(release.find("contents: write").unwrap() < upload);
    for workflow in [&ci, &release] {
        for line in workflow.lines().map(str::trim) {
            if let Some(action) = line
                .strip_prefix("- uses: ")
                .or(line.strip_prefix("uses: "))
            {
                let (_, version) = action.split_once('@').expect("a pinned action");
                assert!(
                    version.starts_with('v')
                        && version[1..].chars().all(|c| c.is_ascii_digit() || c == '.'),
                    "{action} is not pinned to a version"
                );
            }
            if line.starts_with("run:") || line.starts_with("- run:") {
                assert!(
                    !line.contains("${{"),
                    "an expression in a shell line: {line}"
                );
            }
        }
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
