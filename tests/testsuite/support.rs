//! Shared helpers for the integration tests: fixture copies, running the binary, reading its
//! JSON, snapshots of a tree, and the SARIF schema.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A fixture copied into a temporary directory, so tests never write into `fixtures/`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn copy(name: &str) -> Fixture {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&source, dir.path());
        Fixture { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn manifest(&self) -> PathBuf {
        self.dir.path().join("Cargo.toml")
    }

    /// Runs `cargo-ready ready ARGS` in the fixture directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Runs with `--message-format json --no-package` and parses the document.
    pub fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--message-format", "json", "--no-package"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        let value: Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", run.stdout));
        (run.status, value)
    }
}

/// Runs git in `dir` with a fixed identity and no signing; panics when it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=cargo-ready",
            "-c",
            "user.email=test@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed in {}", dir.display());
}

/// Makes `dir` a git repository with everything in it committed.
pub fn git_commit_all(dir: &Path) {
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "initial"]);
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A `.crate` (a gzipped tar) holding `files`, each path under the directory `prefix`
/// (`name-version`), as cargo packages them.
pub fn crate_archive(prefix: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(gz);
    for (path, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, format!("{prefix}/{path}"), &bytes[..])
            .unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

/// The files under `dir`, with their paths relative to it (`/`-separated), in order.
pub fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(path, bytes)| (path.to_string_lossy().replace('\\', "/"), bytes))
        .collect()
}

/// The lowercase hex SHA-256 of `bytes`: an index entry's `cksum`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The line of a registry index file for `version` of crate `name`, without its newline.
pub fn index_entry(name: &str, version: &str, cksum: &str, yanked: bool) -> String {
    format!(
        r#"{{"name":"{name}","vers":"{version}","deps":[],"cksum":"{cksum}","features":{{}},"yanked":{yanked}}}"#
    )
}

/// Puts versions of crate `name` (four letters or more) where cargo keeps what it read and
/// downloaded from crates.io in `home`: an entry each in its index cache, and each `.crate`
/// given in its download cache (an entry without one has a checksum nothing matches).
pub fn in_cargo_caches(home: &Path, name: &str, versions: &[(&str, Option<&[u8]>)]) {
    let dir = "index.crates.io-1949cf8c6b5b557f";
    let mut index = b"\x03\x02\x00\x00\x00etag\x00".to_vec();
    for (version, bytes) in versions {
        let cksum = bytes.map_or_else(|| "00".to_string(), sha256_hex);
        index.extend_from_slice(version.as_bytes());
        index.push(0);
        index.extend_from_slice(index_entry(name, version, &cksum, false).as_bytes());
        index.push(0);
        if let Some(bytes) = bytes {
            let cache = home.join("registry/cache").join(dir);
            std::fs::create_dir_all(&cache).unwrap();
            std::fs::write(cache.join(format!("{name}-{version}.crate")), bytes).unwrap();
        }
    }
    let path = home
        .join("registry/index")
        .join(dir)
        .join(".cache")
        .join(&name[..2])
        .join(&name[2..4])
        .join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, index).unwrap();
}

/// What one run of the binary produced.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-ready"));
    command
        .arg("ready")
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TERM_COLOR")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_WORKSPACE")
        // The tests never ask crates.io: an index a test does not serve itself is unreachable.
        .env("CARGO_READY_SPARSE_INDEX", UNREACHABLE_INDEX);
    command
}

/// [`command`] as the stage's tests run it: cargo's home at `home`, the temporary copies
/// under `tmp`, JSON out, and no target directory, flags or offline setting from the
/// environment the tests run in.
pub fn sandboxed(dir: &Path, home: &Path, tmp: &Path) -> Command {
    let mut command = command(dir, &["--message-format", "json"]);
    command
        .env("CARGO_HOME", home)
        .env("TMPDIR", tmp)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .env_remove("CARGO_NET_OFFLINE");
    command
}

/// Fails when the stage left anything in `tmp`, its temporary directory.
pub fn assert_tmp_empty(tmp: &Path) {
    let left: Vec<_> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        left.is_empty(),
        "temporary copies were left behind: {left:?}"
    );
}

/// A sparse index address nothing answers at.
pub const UNREACHABLE_INDEX: &str = "http://127.0.0.1:9/";

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(command(dir, args).output().unwrap())
}

pub fn finish(output: Output) -> Run {
    Run {
        status: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The findings of the package named `name`.
pub fn findings<'v>(report: &'v Value, name: &str) -> &'v Vec<Value> {
    report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no package {name} in {report:#}"))["findings"]
        .as_array()
        .unwrap()
}

/// The check names of a package's findings, sorted.
pub fn checks(report: &Value, name: &str) -> Vec<String> {
    let mut names: Vec<String> = findings(report, name)
        .iter()
        .map(|f| f["check"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

/// The one finding of `check` in a package whose message contains `needle`.
pub fn finding<'v>(report: &'v Value, package: &str, check: &str, needle: &str) -> &'v Value {
    let matching: Vec<&Value> = findings(report, package)
        .iter()
        .filter(|f| f["check"] == check && f["message"].as_str().unwrap().contains(needle))
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one {check} finding mentioning {needle:?} in {package}: {report:#}"
    );
    matching[0]
}

/// Every file under `dir` (relative paths) with its bytes, a link with its target, leaving out
/// `target/`: to prove a run changed nothing.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if kind.is_dir() {
                if path != dir.join("target") {
                    stack.push(path);
                }
            } else if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.insert(relative, target.into_os_string().into_encoded_bytes());
            } else {
                files.insert(relative, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// Fails naming what changed between two [`snapshot_tree`]s.
pub fn assert_same(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) {
    let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let changed: Vec<_> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|a| a != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        added.is_empty() && removed.is_empty() && changed.is_empty(),
        "the user's tree changed: added {added:?}, removed {removed:?}, changed {changed:?}"
    );
}

/// The SARIF 2.1.0 schema, ready to validate documents.
pub fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../data/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Where a document breaks the schema, one line per problem.
pub fn schema_errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Waits up to three seconds for every process whose command line matches `pattern` to end;
/// fails naming `what` (the build script, the tool) when one outlives the interrupt.
pub fn assert_processes_gone(pattern: &str, what: &str) {
    let gone = std::time::Instant::now();
    while Command::new("pgrep")
        .args(["-f", pattern])
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        assert!(
            gone.elapsed() < std::time::Duration::from_secs(3),
            "{what} outlived the interrupt"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
