//! `--semver`: cargo-semver-checks run over the staged copy against the last published
//! version. Hermetic: a stand-in `cargo-semver-checks` on `PATH` prints outputs recorded from
//! the real tool (`tests/data/semver-checks/`), and the real one installed on this machine is
//! hidden from every run but the one test written for it, which is skipped (saying why) when it
//! is not installed. The baseline is found as the release checks find theirs: its version from
//! an index cache entry, its `.crate` (checksum checked) from the download cache of a
//! `CARGO_HOME` made by the test, unpacked under the stage's target directory; nothing needs
//! the network.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{
    assert_processes_gone, assert_same, copy_tree, git_commit_all, snapshot_tree,
};

const NAME: &str = "ready-semver";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/semver")
}

/// The `.crate` of the baseline fixture published as `version`.
fn baseline_crate(version: &str) -> Vec<u8> {
    let files: Vec<(String, Vec<u8>)> = crate::support::files_of(&fixtures().join("baseline"))
        .into_iter()
        .map(|(path, bytes)| match path.as_str() {
            "Cargo.toml" => {
                let manifest = String::from_utf8(bytes).unwrap();
                let manifest =
                    manifest.replace("version = \"0.1.0\"", &format!("version = \"{version}\""));
                (path, manifest.into_bytes())
            }
            _ => (path, bytes),
        })
        .collect();
    crate::support::crate_archive(&format!("{NAME}-{version}"), &files)
}

fn recorded(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/semver-checks")
        .join(name)
}

/// The release under test (0.1.1, committed), a `CARGO_HOME` whose caches hold 0.1.0 (its
/// index entry and its `.crate`), and a place for the stand-in.
struct Release {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    baseline: PathBuf,
    standin: PathBuf,
    log: PathBuf,
    /// The runs' `TMPDIR`, where the stage makes its copies.
    tmp: PathBuf,
}

impl Release {
    fn new() -> Release {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ready-semver");
        copy_tree(&fixtures().join("release"), &root);
        git_commit_all(&root);
        let home = dir.path().join("home");
        crate::support::in_cargo_caches(&home, NAME, &[("0.1.0", Some(&baseline_crate("0.1.0")))]);
        let baseline = root.join("target/ready/baselines/src/ready-semver-0.1.0");
        let standin = dir.path().join("standin");
        fs::create_dir_all(&standin).unwrap();
        let log = dir.path().join("standin.log");
        let tmp = dir.path().join("tmp");
        fs::create_dir_all(&tmp).unwrap();
        Release {
            _dir: dir,
            root,
            home,
            baseline,
            standin,
            log,
            tmp,
        }
    }

    /// Puts a stand-in `cargo-semver-checks` on `PATH` that prints the recording `name` (with
    /// the recorded places replaced by this run's) and exits with `status`.
    fn with_standin(&self, name: &str, status: i32) -> &Release {
        // The trees the recording was made in (tests/data/semver-checks/README.md).
        let (cur, base) = match name {
            "patch" => ("/tmp/semrec/cur1", "/tmp/semrec/base1"),
            "broken" => ("/tmp/semrec/broken", "/tmp/semrec/base"),
            _ => ("/tmp/semrec/cur", "/tmp/semrec/base"),
        };
        let script = format!(
            r#"#!/bin/sh
if [ "$2" = "--version" ]; then echo "cargo-semver-checks 0.51.0"; exit 0; fi
current=""; baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --manifest-path) current=$(dirname "$2"); shift;;
    --baseline-root) baseline="$2"; shift;;
  esac
  shift
done
printf '%s\n%s\n%s\n' "$current" "$baseline" "$CARGO_TARGET_DIR" > "{log}"
sed -e "s#{cur}/#$current/#g" -e "s#{base}/#$baseline/#g" "{data}.stdout"
sed -e "s#{cur}/#$current/#g" -e "s#{base}/#$baseline/#g" "{data}.stderr" >&2
exit {status}
"#,
            log = self.log.display(),
            data = recorded(name).display(),
        );
        self.write_standin(&script);
        self
    }

    /// A stand-in that says where it runs, then works for a minute.
    fn with_hanging_standin(&self) -> PathBuf {
        let script = format!(
            r#"#!/bin/sh
if [ "$2" = "--version" ]; then echo "cargo-semver-checks 0.51.0"; exit 0; fi
echo started > "{log}"
sleep 60
"#,
            log = self.log.display(),
        );
        self.write_standin(&script)
    }

    fn write_standin(&self, script: &str) -> PathBuf {
        let path = self.standin.join("cargo-semver-checks");
        fs::write(&path, script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    }

    fn assert_tmp_empty(&self) {
        crate::support::assert_tmp_empty(&self.tmp);
    }

    /// Runs `cargo ready --offline --semver -v ARGS`, with the stand-in (when one was made)
    /// and never the real tool.
    fn run(&self, args: &[&str]) -> Run {
        let path = hermetic_path(&self.standin, &self._dir.path().join("shadow"));
        self.run_with_path(args, path)
    }

    fn run_with_path(&self, args: &[&str], path: OsString) -> Run {
        Run::from(self.command(args, path).output().unwrap())
    }

    fn command(&self, args: &[&str], path: OsString) -> Command {
        let mut command = crate::support::sandboxed(&self.root, &self.home, &self.tmp);
        command
            .args(["--offline", "-v"])
            .args(args)
            .env("PATH", path);
        command
    }

    /// What the stand-in was run with: the package directory, the baseline root and the
    /// target directory; `None` when it did not compare.
    fn standin_ran(&self) -> Option<Vec<String>> {
        let text = fs::read_to_string(&self.log).ok()?;
        Some(text.lines().map(str::to_string).collect())
    }
}

/// `PATH` with `first` in front, and every directory holding a real `cargo-semver-checks`
/// replaced by a copy of it (links, in `shadow`) without that one file.
fn hermetic_path(first: &Path, shadow: &Path) -> OsString {
    let mut dirs = vec![first.to_path_buf()];
    let path = std::env::var_os("PATH").unwrap_or_default();
    for (n, dir) in std::env::split_paths(&path).enumerate() {
        if !dir.join("cargo-semver-checks").exists() {
            dirs.push(dir);
            continue;
        }
        let copy = shadow.join(n.to_string());
        fs::create_dir_all(&copy).unwrap();
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            if entry.file_name() != "cargo-semver-checks" {
                #[cfg(unix)]
                let _ = std::os::unix::fs::symlink(entry.path(), copy.join(entry.file_name()));
            }
        }
        dirs.push(copy);
    }
    std::env::join_paths(dirs).unwrap()
}

struct Run {
    code: Option<i32>,
    json: Value,
    stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stderr}"));
        Run {
            code: output.status.code(),
            json,
            stderr,
        }
    }

    fn violations(&self) -> Vec<&Value> {
        crate::support::findings(&self.json, "ready-semver")
            .iter()
            .filter(|f| f["check"] == "semver_violation")
            .collect()
    }

    fn violation(&self, lint: &str) -> &Value {
        self.violations()
            .into_iter()
            .find(|f| {
                f["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("(`{lint}`)"))
            })
            .unwrap_or_else(|| panic!("no {lint} finding: {:#}\n{}", self.json, self.stderr))
    }

    fn not_run(&self) -> Vec<String> {
        self.json["not_run"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["stage"] == "semver")
            .map(|n| n["reason"].as_str().unwrap().to_string())
            .collect()
    }
}

#[test]
fn each_failed_lint_is_a_finding_in_the_users_tree() {
    let release = Release::new();
    release.with_standin("failures", 1);
    let before = snapshot_tree(&release.root);
    let run = release.run(&["--semver"]);
    assert_eq!(run.code, Some(1), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(run.violations().len(), 3, "{:#}", run.json);

    let removed = run.violation("function_missing");
    assert_eq!(removed["severity"], "error");
    assert_eq!(
        removed["message"],
        "pub fn removed or renamed (`function_missing`): function semdemo::removed, previously in \
file src/lib.rs:7 (in v0.1.0); that needs a new major version (0.2.0), not 0.1.1"
    );
    assert_eq!(removed["field"], "package.version");
    let help = removed["help"].as_str().unwrap();
    assert!(
        help.starts_with("A publicly-visible function cannot be imported by its prior path.")
            && help
                .contains("See https://doc.rust-lang.org/cargo/reference/semver.html#item-remove"),
        "{help}"
    );

    let added = run.violation("enum_variant_added");
    let user_lib = release.root.join("src/lib.rs");
    assert_eq!(added["location"]["file"], user_lib.to_str().unwrap());
    assert_eq!(added["location"]["line"], 11);

    let ran = release.standin_ran().expect("the stand-in compared");
    let copy = &ran[0];
    assert!(
        !Path::new(copy).starts_with(&release.root),
        "it ran in the user's tree: {copy}"
    );
    assert_eq!(
        ran[1],
        release.baseline.to_str().unwrap(),
        "the baseline's .crate unpacked under the stage's target directory"
    );
    assert_eq!(
        ran[2],
        release.root.join("target/ready").to_str().unwrap(),
        "under the stage's target directory"
    );
    assert!(
        run.stderr
            .contains("Comparing ready-semver v0.1.1 with v0.1.0 (cargo-semver-checks)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{}:11", user_lib.display())),
        "-v shows the tool's output with the user's paths:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(copy.as_str()),
        "no path of the copy is shown:\n{}",
        run.stderr
    );
    assert_same(&before, &snapshot_tree(&release.root));

    fs::remove_file(&release.log).unwrap();
    let again = release.run(&["--semver"]);
    assert!(
        again
            .stderr
            .contains("Fresh ready-semver v0.1.1 (API against v0.1.0)"),
        "{}",
        again.stderr
    );
    assert_eq!(
        release.standin_ran(),
        None,
        "an unchanged run replays the comparison"
    );
    assert_eq!(again.violations(), run.violations());
}

#[test]
fn a_replayed_stage_compares_in_a_copy_of_its_own() {
    let release = Release::new();
    release.with_standin("failures", 1);
    let first = release.run(&[]);
    assert_eq!(release.standin_ran(), None, "off by default");
    assert!(first.violations().is_empty());
    let run = release.run(&["--semver"]);
    assert!(
        run.stderr.contains("Fresh ready-semver v0.1.1\n"),
        "the stage is replayed:\n{}",
        run.stderr
    );
    let ran = release.standin_ran().expect("the stand-in compared");
    assert!(
        Path::new(&ran[0]).starts_with(&release.tmp),
        "in a copy of its own: {}",
        ran[0]
    );
    assert_eq!(run.violations().len(), 3);
    release.assert_tmp_empty();
}

#[cfg(unix)]
#[test]
fn an_interrupt_stops_cargo_semver_checks_and_removes_the_copy() {
    let release = Release::new();
    let standin = release.with_hanging_standin();
    let before = snapshot_tree(&release.root);
    let path = hermetic_path(&release.standin, &release.tmp.join("../shadow"));
    let mut child = release
        .command(&["--semver"], path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !release.log.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "cargo-semver-checks never started"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "cargo-ready ended early"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let sent = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert!(
        sent.elapsed() < Duration::from_secs(4),
        "took {:?}",
        sent.elapsed()
    );
    release.assert_tmp_empty();
    assert_same(&before, &snapshot_tree(&release.root));
    assert_processes_gone(standin.to_str().unwrap(), "cargo-semver-checks");
}

#[test]
fn a_minor_change_in_a_patch_release_warns() {
    let release = Release::new();
    let manifest = fs::read_to_string(release.root.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace("version = \"0.1.1\"", "version = \"1.0.1\"");
    fs::write(release.root.join("Cargo.toml"), manifest).unwrap();
    crate::support::git(&release.root, &["commit", "-qam", "1.0.1"]);
    crate::support::in_cargo_caches(
        &release.home,
        NAME,
        &[
            ("0.1.0", Some(&baseline_crate("0.1.0"))),
            ("1.0.0", Some(&baseline_crate("1.0.0"))),
        ],
    );
    release.with_standin("patch", 1);
    let run = release.run(&["--semver"]);
    let deprecated = run.violation("type_marked_deprecated");
    assert_eq!(deprecated["severity"], "warning");
    assert!(
        deprecated["message"]
            .as_str()
            .unwrap()
            .ends_with("that needs a new minor version (1.1.0), not 1.0.1"),
        "{deprecated:#}"
    );
    assert_eq!(run.violation("function_missing")["severity"], "error");
}

#[test]
fn a_breaking_release_is_allowed_every_change() {
    let release = Release::new();
    let manifest = fs::read_to_string(release.root.join("Cargo.toml")).unwrap();
    fs::write(
        release.root.join("Cargo.toml"),
        manifest.replace("version = \"0.1.1\"", "version = \"0.2.0\""),
    )
    .unwrap();
    crate::support::git(&release.root, &["commit", "-qam", "0.2.0"]);
    release.with_standin("failures", 1);
    let run = release.run(&["--semver"]);
    assert!(release.standin_ran().is_some());
    assert!(run.violations().is_empty(), "{:#}", run.json);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
}

#[test]
fn not_installed_the_comparison_does_not_run_and_says_how_to_install() {
    let release = Release::new();
    let run = release.run(&["--semver"]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert!(run.violations().is_empty());
    let reasons = run.not_run();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].contains("cargo install --locked cargo-semver-checks"),
        "{reasons:?}"
    );
}

#[test]
fn the_tools_own_failure_is_not_a_finding() {
    let release = Release::new();
    release.with_standin("broken", 1);
    let run = release.run(&["--semver"]);
    assert!(run.violations().is_empty(), "{:#}", run.json);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(
        run.not_run(),
        [
            "the API of ready-semver was not compared: cargo-semver-checks could not check it: \
error: aborting due to failure to build rustdoc for crate semdemo v0.1.1 (first: \
error[E0425]: cannot find type `MissingType` in this scope)"
        ]
    );
    fs::remove_file(&release.log).unwrap();
    release.run(&["--semver"]);
    assert!(
        release.standin_ran().is_some(),
        "a failed comparison is not replayed"
    );
}

#[test]
fn configuration_turns_it_on_and_a_first_release_has_nothing_to_compare() {
    let release = Release::new();
    let manifest = fs::read_to_string(release.root.join("Cargo.toml")).unwrap();
    fs::write(
        release.root.join("Cargo.toml"),
        format!("{manifest}\n[package.metadata.ready]\nsemver = true\n"),
    )
    .unwrap();
    crate::support::git(&release.root, &["commit", "-qam", "semver on"]);
    release.with_standin("unchanged", 0);
    let run = release.run(&[]);
    assert!(release.standin_ran().is_some(), "{}", run.stderr);
    assert!(run.not_run().is_empty(), "{:?}", run.not_run());
    assert!(run.violations().is_empty());

    fs::remove_file(&release.log).unwrap();
    crate::support::in_cargo_caches(&release.home, NAME, &[("0.2.0", None)]);
    let first = release.run(&[]);
    assert_eq!(release.standin_ran(), None);
    assert_eq!(
        first.not_run(),
        [
            "the API of ready-semver was not compared: no version before 0.1.1 is published to compare with"
        ]
    );
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "a test skipped on this machine says why"
)]
fn the_real_tool_finds_the_removed_function() {
    let installed = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!(
            "skipped: cargo-semver-checks is not installed (`cargo semver-checks --version` failed)"
        );
        return;
    }
    let release = Release::new();
    let run = release.run_with_path(&["--semver"], std::env::var_os("PATH").unwrap_or_default());
    assert!(
        run.not_run().is_empty(),
        "{:?}\n{}",
        run.not_run(),
        run.stderr
    );
    let removed = run.violation("function_missing");
    assert_eq!(removed["severity"], "error");
    assert!(
        removed["message"].as_str().unwrap().contains(
            "function ready_semver::removed, previously in file src/lib.rs:7 (in v0.1.0)"
        ),
        "{removed:#}"
    );
    let added = run.violation("enum_variant_added");
    assert_eq!(
        added["location"]["file"],
        release.root.join("src/lib.rs").to_str().unwrap()
    );
    assert_eq!(run.code, Some(1));
}

/// `--baseline` picks the version the API is compared with, as it does for the release checks.
#[test]
fn the_baseline_option_picks_the_version_compared_with() {
    let release = Release::new();
    crate::support::in_cargo_caches(
        &release.home,
        NAME,
        &[
            ("0.0.9", Some(&baseline_crate("0.0.9"))),
            ("0.1.0", Some(&baseline_crate("0.1.0"))),
        ],
    );
    release.with_standin("unchanged", 0);
    let run = release.run(&["--semver", "--baseline", "0.0.9"]);
    assert!(
        run.stderr
            .contains("Comparing ready-semver v0.1.1 with v0.0.9 (cargo-semver-checks)"),
        "{}",
        run.stderr
    );
    assert!(release.standin_ran().is_some(), "the stand-in compared");
}
