//! The package stage end to end: the real binary over fixture crates copied to temporary
//! directories, against a local registry made by each test (a `file://` git index, with
//! crates.io replaced by it), so no test needs the network.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{
    assert_processes_gone, assert_same, copy_tree, git, git_commit_all, snapshot_tree,
};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-ready");

/// A scratch area: the crate under test, a CARGO_HOME, a registry and a target directory.
pub(crate) struct Sandbox {
    _dir: tempfile::TempDir,
    pub(crate) root: PathBuf,
    /// The crate (or workspace) under test.
    pub(crate) krate: PathBuf,
    pub(crate) home: PathBuf,
    index: PathBuf,
    pub(crate) dl: PathBuf,
    pub(crate) target: PathBuf,
    pub(crate) tmp: PathBuf,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/package")
}

impl Sandbox {
    /// Copies `fixture` into a new sandbox; `in_git` makes it a committed git repository.
    pub(crate) fn new(fixture: &str, in_git: bool) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let krate = root.join("work").join(fixture);
        copy_tree(&fixtures().join(fixture), &krate);
        if in_git {
            git_commit_all(&krate);
        }
        let (home, index, dl, target, tmp) = (
            root.join("home"),
            root.join("index"),
            root.join("dl"),
            root.join("target"),
            root.join("tmp"),
        );
        for d in [&home, &index, &dl, &tmp] {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(
            index.join("config.json"),
            format!(
                "{{\"dl\":\"file://{}/{{crate}}-{{version}}.crate\",\"api\":\"file://{}/api\"}}\n",
                dl.display(),
                root.display()
            ),
        )
        .unwrap();
        git_commit_all(&index);
        let url = format!("file://{}", index.display());
        fs::write(
            home.join("config.toml"),
            format!(
                "[source.crates-io]\nreplace-with = \"fake\"\n\n[source.fake]\nregistry = \"{url}\"\n\n[registries.fake]\nindex = \"{url}\"\n"
            ),
        )
        .unwrap();
        Sandbox {
            _dir: dir,
            root,
            krate,
            home,
            index,
            dl,
            target,
            tmp,
        }
    }

    /// Packages the crate in `dir` with cargo (no verification, offline) and publishes the
    /// `.crate` to the registry; returns its checksum.
    pub(crate) fn publish_built(
        &self,
        dir: &Path,
        name: &str,
        version: &str,
        yanked: bool,
    ) -> String {
        let target = self.root.join(format!("{name}-target"));
        let status = Command::new(env!("CARGO"))
            .args(["package", "--no-verify", "--allow-dirty", "--offline"])
            .arg("--target-dir")
            .arg(&target)
            .current_dir(dir)
            .env("CARGO_HOME", &self.home)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "cargo package in {}", dir.display());
        let bytes = fs::read(target.join(format!("package/{name}-{version}.crate"))).unwrap();
        self.publish(name, version, yanked, Some(&bytes))
    }

    /// Publishes an index entry (and, with bytes, the downloadable .crate) to the registry.
    pub(crate) fn publish(
        &self,
        name: &str,
        version: &str,
        yanked: bool,
        crate_bytes: Option<&[u8]>,
    ) -> String {
        let cksum = match crate_bytes {
            Some(bytes) => {
                let path = self.dl.join(format!("{name}-{version}.crate"));
                fs::write(&path, bytes).unwrap();
                let out = Command::new("sha256sum").arg(&path).output().unwrap();
                String::from_utf8(out.stdout).unwrap()[..64].to_string()
            }
            None => "0".repeat(64),
        };
        let file = match name.len() {
            1 => PathBuf::from("1").join(name),
            2 => PathBuf::from("2").join(name),
            3 => PathBuf::from("3").join(&name[..1]).join(name),
            _ => PathBuf::from(&name[..2]).join(&name[2..4]).join(name),
        };
        let path = self.index.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut text = fs::read_to_string(&path).unwrap_or_default();
        text.push_str(&crate::support::index_entry(name, version, &cksum, yanked));
        text.push('\n');
        fs::write(&path, text).unwrap();
        git(&self.index, &["add", "-A"]);
        git(&self.index, &["commit", "-q", "-m", name]);
        cksum
    }

    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = crate::support::sandboxed(&self.krate, &self.home, &self.tmp);
        command
            .args(["--registry", "fake", "--target-dir"])
            .arg(&self.target)
            .args(args);
        command
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().unwrap())
    }

    /// The `.crate` cargo made for `name-version` in the run's target directory.
    fn crate_files(&self, name_version: &str) -> Vec<String> {
        let path = [
            self.target
                .join("package")
                .join(format!("{name_version}.crate")),
            self.target
                .join("package/tmp-crate")
                .join(format!("{name_version}.crate")),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .expect("a .crate was made");
        let bytes = fs::read(path).unwrap();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(&bytes[..]));
        let mut files: Vec<String> = archive
            .entries()
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path().unwrap().to_string_lossy().into_owned();
                path.split_once('/').unwrap().1.to_string()
            })
            .collect();
        files.sort();
        files
    }

    fn assert_tmp_empty(&self) {
        crate::support::assert_tmp_empty(&self.tmp);
    }
}

pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) json: Value,
    pub(crate) stderr: String,
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
        }
    }
}

impl Run {
    pub(crate) fn findings(&self, package: &str) -> Vec<&Value> {
        let pkg = self.json["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == package)
            .unwrap_or_else(|| panic!("no package {package} in {}", self.json));
        pkg["findings"].as_array().unwrap().iter().collect()
    }

    pub(crate) fn finding(&self, package: &str, check: &str) -> &Value {
        self.findings(package)
            .into_iter()
            .find(|f| f["check"] == check)
            .unwrap_or_else(|| {
                panic!(
                    "no {check} finding for {package}:\n{:#}\n{}",
                    self.json, self.stderr
                )
            })
    }

    pub(crate) fn checks(&self, package: &str) -> Vec<String> {
        self.findings(package)
            .iter()
            .map(|f| f["check"].as_str().unwrap().to_string())
            .collect()
    }

    fn package_stage_errors(&self, package: &str) -> Vec<String> {
        self.findings(package)
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| format!("{}: {}", f["check"], f["message"]))
            .collect()
    }
}

#[test]
fn a_good_crate_is_ready_and_the_tree_is_untouched() {
    let sb = Sandbox::new("good", true);
    let before = snapshot_tree(&sb.krate);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert_eq!(run.json["ready"], true);
    assert!(
        run.json["not_run"].as_array().unwrap().is_empty(),
        "{}",
        run.json
    );
    assert_same(&before, &snapshot_tree(&sb.krate));
    assert!(!sb.krate.join("target").exists() && !sb.krate.join("Cargo.lock").exists());
    sb.assert_tmp_empty();
    let files = sb.crate_files("ready-good-0.1.0");
    for expected in [
        "Cargo.toml",
        "Cargo.toml.orig",
        "Cargo.lock",
        "LICENSE",
        "README.md",
        "src/lib.rs",
        ".cargo_vcs_info.json",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} missing from {files:?}"
        );
    }
}

#[test]
fn the_default_target_directory_is_under_the_workspace_target() {
    let sb = Sandbox::new("good", true);
    let before = snapshot_tree(&sb.krate);
    let out = Command::new(BIN)
        .args(["ready", "--message-format", "json", "--registry", "fake"])
        .current_dir(&sb.krate)
        .env("CARGO_HOME", &sb.home)
        .env("TMPDIR", &sb.tmp)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap();
    let run = Run::from(out);
    assert_eq!(run.code, Some(0), "{:#}", run.json);
    assert!(sb.krate.join("target/ready/package").is_dir());
    assert!(!sb.krate.join("target/package").exists());
    assert_same(&before, &snapshot_tree(&sb.krate));
}

#[test]
fn a_module_left_out_of_the_package_fails_verification_with_the_compiler_error() {
    let sb = Sandbox::new("excluded-module", true);
    let before = snapshot_tree(&sb.krate);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(1));
    let finding = run.finding("ready-excluded-module", "verification_failed");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["blocks_publish"], true);
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("file not found for module `hidden`"),
        "{finding}"
    );
    let location = &finding["location"];
    assert_eq!(
        Path::new(location["file"].as_str().unwrap()),
        sb.krate.join("src/lib.rs").as_path()
    );
    assert_eq!(location["line"], 3);
    assert!(
        finding["help"].as_str().unwrap().contains("src/hidden.rs"),
        "{finding}"
    );
    assert_same(&before, &snapshot_tree(&sb.krate));
    sb.assert_tmp_empty();
}

#[test]
fn a_build_script_writing_into_the_sources_is_reported() {
    let sb = Sandbox::new("build-script-writes-src", true);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(1));
    let finding = run.finding(
        "ready-build-script-writes-src",
        "build_script_modified_sources",
    );
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("added `src/generated.rs`"),
        "{finding}"
    );
    assert!(!sb.krate.join("src/generated.rs").exists());
}

#[test]
fn secrets_junk_and_reserved_names_in_the_package() {
    let sb = Sandbox::new("good", false);
    let token = format!("cio{}", "Ab1".repeat(10) + "Cd");
    fs::write(sb.krate.join(".env"), "API=1\n").unwrap();
    fs::create_dir_all(sb.krate.join("config")).unwrap();
    fs::write(
        sb.krate.join("config/deploy.toml"),
        format!("# deploy\ntoken = \"{token}\"\n"),
    )
    .unwrap();
    fs::write(
        sb.krate.join("config/server.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n",
    )
    .unwrap();
    fs::write(sb.krate.join("notes.txt~"), "backup\n").unwrap();
    fs::write(sb.krate.join("helper.o"), b"\x7fELF\x02\x01").unwrap();
    fs::write(sb.krate.join("aux.rs"), "// reserved on Windows\n").unwrap();
    git_commit_all(&sb.krate);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(1), "{:#}", run.json);
    let secrets: Vec<&Value> = run
        .findings("ready-good")
        .into_iter()
        .filter(|f| f["check"] == "secret_file")
        .collect();
    let text = format!("{secrets:?}");
    assert!(
        text.contains("`.env`")
            && text.contains("config/deploy.toml")
            && text.contains("config/server.pem"),
        "{text}"
    );
    assert!(
        !text.contains(&token),
        "a finding repeats the secret: {text}"
    );
    let token_finding = secrets
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("deploy.toml"))
        .unwrap();
    assert_eq!(token_finding["location"]["line"], 2);
    let junk = run.finding("ready-good", "junk_file");
    assert_eq!(junk["severity"], "warning");
    let help = junk["help"].as_str().unwrap();
    assert!(
        help.contains("\"*~\"") && help.contains("\"*.o\""),
        "{help}"
    );
    assert_eq!(
        run.finding("ready-good", "windows_reserved_name")["severity"],
        "warning"
    );
}

#[test]
fn a_package_over_the_size_limit_names_its_largest_files() {
    let sb = Sandbox::new("good", false);
    // Incompressible bytes, so the compressed size is over crates.io's 10 MiB.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let data: Vec<u8> = (0..11 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    fs::create_dir_all(sb.krate.join("assets")).unwrap();
    fs::write(sb.krate.join("assets/blob.bin"), data).unwrap();
    git_commit_all(&sb.krate);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(1));
    let finding = run.finding("ready-good", "crate_too_large");
    assert!(
        finding["message"].as_str().unwrap().contains("10485760"),
        "{finding}"
    );
    let help = finding["help"].as_str().unwrap();
    assert!(
        help.contains("`assets/blob.bin` (11.0 MiB)") && help.contains("\"/assets/blob.bin\""),
        "{help}"
    );
}

#[test]
fn tests_run_from_the_package_find_the_fixture_it_leaves_out() {
    let sb = Sandbox::new("tests-need-data", true);
    let without = sb.run(&[]);
    assert_eq!(without.code, Some(0), "{:#}", without.json);
    assert!(
        !without
            .checks("ready-tests-need-data")
            .contains(&"packaged_tests_fail".to_string())
    );
    let run = sb.run(&["--tests"]);
    assert_eq!(run.code, Some(1), "{:#}\n{}", run.json, run.stderr);
    let finding = run.finding("ready-tests-need-data", "packaged_tests_fail");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["blocks_publish"], false);
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.starts_with("test `counts_the_fixture` fails when run from the packaged crate: "),
        "{message}"
    );
    let file = finding["location"]["file"].as_str().unwrap();
    assert!(
        file.ends_with("tests/counts.rs") && file.starts_with(sb.krate.to_str().unwrap()),
        "the user's file, not the unpacked copy: {file}"
    );
    assert_eq!(finding["location"]["line"], 6);
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .starts_with("`tests/data/input.txt` is in your tree but not in the package"),
        "{finding}"
    );
    assert_eq!(
        run.checks("ready-tests-need-data")
            .iter()
            .filter(|c| *c == "packaged_tests_fail")
            .count(),
        1
    );
    sb.assert_tmp_empty();
}

#[test]
fn tests_that_pass_from_the_package_say_nothing() {
    let sb = Sandbox::new("tests-ship-data", true);
    let run = sb.run(&["--tests"]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert!(
        !run.checks("ready-tests-ship-data")
            .contains(&"packaged_tests_fail".to_string())
    );
    assert!(
        run.stderr
            .contains("Tested ready-tests-ship-data v0.1.0: 2 passed, 0 failed"),
        "{}",
        run.stderr
    );
    sb.assert_tmp_empty();
}

#[test]
fn tests_need_the_package_stage() {
    let sb = Sandbox::new("tests-ship-data", true);
    let out = sb.command(&["--tests", "--no-package"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
}

#[test]
fn a_license_without_its_text_is_a_warning() {
    let sb = Sandbox::new("missing-license-text", true);
    let run = sb.run(&[]);
    let finding = run.finding("ready-missing-license-text", "license_text_missing");
    assert_eq!(finding["severity"], "warning");
    assert!(finding["message"].as_str().unwrap().contains("`MIT`"));
    let good = Sandbox::new("good", true).run(&[]);
    assert!(
        !good
            .checks("ready-good")
            .contains(&"license_text_missing".to_string())
    );
}

#[test]
fn a_member_depending_on_an_unpublished_sibling_is_ready() {
    let sb = Sandbox::new("workspace-sibling", true);
    let run = sb.run(&["--workspace"]);
    assert!(
        run.package_stage_errors("ready-sibling-app").is_empty(),
        "{:#}\n{}",
        run.json,
        run.stderr
    );
    assert_eq!(run.code, Some(0), "{:#}", run.json);
    assert_eq!(run.json["packages"].as_array().unwrap().len(), 2);
    // Alone, the dependent cannot resolve its sibling: say so, and how to check both.
    let alone = sb.run(&["-p", "ready-sibling-app"]);
    assert_eq!(alone.code, Some(1));
    let finding = alone.finding("ready-sibling-app", "cargo_error");
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .contains("-p ready-sibling-core"),
        "{finding}"
    );
}

#[test]
fn uncommitted_changes_in_packaged_files() {
    let sb = Sandbox::new("good", true);
    fs::write(
        sb.krate.join("src/lib.rs"),
        "pub fn answer() -> u32 {\n    43\n}\n",
    )
    .unwrap();
    fs::write(sb.krate.join("scratch.txt"), "not committed\n").unwrap();
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(1));
    let finding = run.finding("ready-good", "dirty_files");
    assert_eq!(finding["severity"], "error");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("`src/lib.rs`") && message.contains("`scratch.txt`"),
        "{message}"
    );
    assert!(!message.contains("Cargo.lock"), "{message}");

    let allowed = sb.run(&["--allow-dirty"]);
    assert_eq!(allowed.code, Some(0), "{:#}", allowed.json);
    let finding = allowed.finding("ready-good", "dirty_files");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["blocks_publish"], false);
}

#[test]
fn an_already_published_version_blocks_the_release() {
    let sb = Sandbox::new("good", true);
    sb.publish("ready-good", "0.1.0", false, None);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(1));
    let finding = run.finding("ready-good", "already_published");
    assert_eq!(finding["severity"], "error");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("`ready-good@0.1.0` is already published"),
        "{finding}"
    );
    assert_eq!(finding["field"], "package.version");
}

#[test]
fn registry_dependencies_resolve_and_yanked_ones_warn() {
    let sb = Sandbox::new("good", false);
    // A dependency crate, packaged by cargo and served by the local registry.
    let dep_dir = sb.root.join("dep");
    fs::create_dir_all(dep_dir.join("src")).unwrap();
    fs::write(
        dep_dir.join("Cargo.toml"),
        "[package]\nname = \"ready-dep\"\nversion = \"1.0.0\"\nedition = \"2021\"\ndescription = \"d\"\nlicense = \"MIT\"\n",
    )
    .unwrap();
    fs::write(
        dep_dir.join("src/lib.rs"),
        "pub fn one() -> u32 {\n    1\n}\n",
    )
    .unwrap();
    let cksum = sb.publish_built(&dep_dir, "ready-dep", "1.0.0", true);
    let manifest = fs::read_to_string(sb.krate.join("Cargo.toml")).unwrap();
    fs::write(
        sb.krate.join("Cargo.toml"),
        manifest + "ready-dep = \"1\"\n",
    )
    .unwrap();
    fs::write(
        sb.krate.join("src/lib.rs"),
        "pub fn answer() -> u32 {\n    41 + ready_dep::one()\n}\n",
    )
    .unwrap();
    fs::write(
        sb.krate.join("Cargo.lock"),
        format!(
            "version = 4\n\n[[package]]\nname = \"ready-dep\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{cksum}\"\n\n[[package]]\nname = \"ready-good\"\nversion = \"0.1.0\"\ndependencies = [\n \"ready-dep\",\n]\n"
        ),
    )
    .unwrap();
    git_commit_all(&sb.krate);
    let run = sb.run(&[]);
    let finding = run.finding("ready-good", "yanked_dependency");
    assert_eq!(finding["severity"], "warning");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("`ready-dep v1.0.0`"),
        "{finding}"
    );
    // Pointed at where the workspace's Cargo.lock pins it.
    assert!(
        finding["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("Cargo.lock"),
        "{finding}"
    );
    assert_eq!(finding["location"]["line"], 4);
    assert!(
        run.package_stage_errors("ready-good").is_empty(),
        "{:#}\n{}",
        run.json,
        run.stderr
    );
    assert_eq!(run.code, Some(0));
}

#[test]
fn offline_packages_and_says_what_did_not_run() {
    let sb = Sandbox::new("good", true);
    sb.publish("ready-good", "0.1.0", false, None);
    let run = sb.run(&["--offline"]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    let not_run = run.json["not_run"].as_array().unwrap();
    assert_eq!(not_run.len(), 1, "{not_run:?}");
    assert_eq!(not_run[0]["stage"], "publish-dry-run");
    assert!(not_run[0]["reason"].as_str().unwrap().contains("partial"));
    // The published version is not seen offline: that check is what did not run.
    assert!(
        !run.checks("ready-good")
            .contains(&"already_published".to_string())
    );
}

#[test]
fn no_package_skips_the_stage() {
    let sb = Sandbox::new("excluded-module", true);
    let run = sb.run(&["--no-package"]);
    assert_eq!(run.code, Some(0), "{:#}", run.json);
    assert_eq!(run.json["not_run"][0]["stage"], "package");
    assert!(!sb.target.exists(), "the package stage ran");
}

#[test]
fn a_toolchain_older_than_rust_version_is_explained() {
    let sb = Sandbox::new("too-old", true);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(1));
    let finding = run.finding("ready-too-old", "toolchain_too_old");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("requires rustc 1.999") && message.contains("with rustc 1."),
        "{message}"
    );
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .contains("cargo +1.999 ready"),
        "{finding}"
    );
    assert_eq!(finding["blocks_publish"], false);
}

#[test]
fn symlinks_are_packaged_as_the_files_they_point_at() {
    let sb = Sandbox::new("good", false);
    fs::create_dir_all(sb.krate.join("data")).unwrap();
    fs::write(sb.krate.join("data/real.txt"), "inside\n").unwrap();
    fs::write(sb.root.join("outside.txt"), "outside the crate\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("real.txt", sb.krate.join("data/link.txt")).unwrap();
        std::os::unix::fs::symlink("../../outside.txt", sb.krate.join("shared.txt")).unwrap();
    }
    git_commit_all(&sb.krate);
    let before = snapshot_tree(&sb.krate);
    let run = sb.run(&[]);
    assert_eq!(run.code, Some(0), "{:#}\n{}", run.json, run.stderr);
    assert!(
        !run.checks("ready-good")
            .contains(&"invalid_package_path".to_string())
    );
    let files = sb.crate_files("ready-good-0.1.0");
    assert!(
        files.contains(&"data/link.txt".to_string()) && files.contains(&"shared.txt".to_string()),
        "{files:?}"
    );
    assert_same(&before, &snapshot_tree(&sb.krate));
}

#[test]
fn the_copy_packages_exactly_what_cargo_lists_in_the_original() {
    let sb = Sandbox::new("fidelity", false);
    let k = &sb.krate;
    fs::write(k.join("ignored.txt"), "ignored\n").unwrap();
    fs::create_dir_all(k.join("ignored-dir")).unwrap();
    fs::write(k.join("ignored-dir/big.bin"), "ignored\n").unwrap();
    fs::write(k.join("debug.log"), "ignored by pattern\n").unwrap();
    fs::write(
        k.join("forced.log"),
        "tracked although it matches .gitignore\n",
    )
    .unwrap();
    git(k, &["init", "-q"]);
    git(k, &["add", "-A"]);
    git(k, &["add", "-f", "forced.log"]);
    git(k, &["commit", "-q", "-m", "initial"]);
    fs::write(k.join("untracked.txt"), "untracked, not ignored\n").unwrap();
    fs::remove_file(k.join("data/sample.txt")).unwrap();

    let run = sb.run(&["--allow-dirty"]);
    assert!(
        run.json["packages"][0]["findings"].is_array(),
        "{}",
        run.stderr
    );
    let ours = sb.crate_files("ready-fidelity-0.1.0");

    // cargo's own list, in a throwaway copy of the original (with its .git).
    let throwaway = sb.root.join("throwaway");
    let status = Command::new("cp")
        .arg("-a")
        .arg(k)
        .arg(&throwaway)
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(&throwaway)
        .env("CARGO_HOME", &sb.home)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut theirs: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    theirs.sort();
    assert_eq!(ours, theirs);
    for (file, packaged) in [
        (".hidden-config", true),
        (".github/workflows/ci.yml", true),
        ("forced.log", true),
        ("untracked.txt", true),
        ("ignored.txt", false),
        ("ignored-dir/big.bin", false),
        ("debug.log", false),
        ("nested/Cargo.toml", false),
        ("data/sample.txt", false),
    ] {
        assert_eq!(
            ours.contains(&file.to_string()),
            packaged,
            "{file} in {ours:?}"
        );
    }
}

#[test]
fn status_lines_come_in_order_without_a_terminal_and_verbose_shows_cargo_in_the_users_tree() {
    let sb = Sandbox::new("good", true);
    let plain = sb.command(&[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&plain.stderr);
    let at = |needle: &str| {
        stderr
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{stderr}"))
    };
    let dir = sb.krate.display().to_string();
    assert!(at("Checking ready-good v0.1.0") < at("Packaging ready-good v0.1.0"));
    assert!(at("Packaging ready-good v0.1.0") < at("Verifying ready-good v0.1.0"));
    assert!(
        stderr.contains(&format!("Packaging ready-good v0.1.0 ({dir})")),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Compiling"),
        "cargo's own lines only with -v:\n{stderr}"
    );

    let verbose = sb.command(&["-v"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(
        stderr.contains("Packaging ready-good v0.1.0") && stderr.contains("Verifying"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("cargo-ready-"),
        "the copy's paths leak:\n{stderr}"
    );
    assert!(stderr.contains(&dir), "{stderr}");

    let quiet = sb.command(&["-q"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_stops_cargo_and_removes_the_copy() {
    let sb = Sandbox::new("slow-build", true);
    let before = snapshot_tree(&sb.krate);
    let mut child = sb
        .command(&[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until cargo is verifying (the build script then sleeps for a minute).
    let unpacked = sb.target.join("package/ready-slow-build-0.1.0");
    let started = Instant::now();
    while !unpacked.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "verification never started"
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
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        fs::read_dir(&sb.tmp).unwrap().next().is_some(),
        "no temporary copy while running"
    );
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
    sb.assert_tmp_empty();
    assert_same(&before, &snapshot_tree(&sb.krate));
    // The build script was killed along with cargo.
    assert_processes_gone("build/ready-slow-build-", "the build script");
}

#[test]
fn a_sibling_published_with_other_contents_is_explained() {
    let sb = Sandbox::new("workspace-sibling", true);
    // The registry already has ready-sibling-core 0.1.0, built from other sources.
    let published = sb.root.join("published-core");
    copy_tree(&sb.krate.join("core"), &published);
    let manifest = fs::read_to_string(published.join("Cargo.toml")).unwrap();
    fs::write(
        published.join("Cargo.toml"),
        manifest
            .replace(".workspace = true", " = \"0.1.0\"")
            .replace("edition = \"0.1.0\"", "edition = \"2021\"")
            .replace("rust-version = \"0.1.0\"", "rust-version = \"1.70\"")
            .replace("license = \"0.1.0\"", "license = \"MIT\"")
            .replace(
                "repository = \"0.1.0\"",
                "repository = \"https://github.com/cargo-ready/fixtures\"",
            ),
    )
    .unwrap();
    fs::write(
        published.join("src/lib.rs"),
        "//! Published earlier.\npub fn old() {}\n",
    )
    .unwrap();
    sb.publish_built(&published, "ready-sibling-core", "0.1.0", false);

    // Alone, the dependent is verified against the published sibling, which lacks what it
    // calls: the finding says so rather than blaming the package's file list.
    let alone = sb.run(&["-p", "ready-sibling-app"]);
    assert_eq!(alone.code, Some(1), "{:#}", alone.json);
    let failed = alone.finding("ready-sibling-app", "verification_failed");
    let help = failed["help"].as_str().unwrap();
    assert!(
        help.contains("`ready-sibling-core` as published in the registry"),
        "{help}"
    );
    assert!(
        help.contains("cargo ready -p ready-sibling-app -p ready-sibling-core"),
        "{help}"
    );

    // Together, the sibling's published version is the error to fix: it must be bumped.
    let together = sb.run(&["--workspace"]);
    assert_eq!(together.code, Some(1), "{:#}", together.json);
    let published = together.finding("ready-sibling-core", "already_published");
    assert!(
        published["help"]
            .as_str()
            .unwrap()
            .contains("bump `package.version`"),
        "{published}"
    );
    assert!(
        together
            .package_stage_errors("ready-sibling-app")
            .is_empty(),
        "{:#}",
        together.json
    );
}

/// What bat ships as test data: a `.env` syntax fixture and backup-named files its tests read.
/// None of it is a secret or junk; the real junk and the real credential still are, and a
/// credential kept on purpose as a fixture is allowed by path.
#[test]
fn test_data_is_not_mistaken_for_secrets_or_junk() {
    let sb = Sandbox::new("test-data", true);
    let run = sb.run(&[]);
    let secrets: Vec<String> = run
        .findings("ready-test-data")
        .into_iter()
        .filter(|f| f["check"] == "secret_file")
        .map(|f| format!("{} {}", f["severity"], f["message"]))
        .collect();
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert!(
        secrets[0].contains("error") && secrets[0].contains("config/.env"),
        "{secrets:?}"
    );
    assert!(!format!("{:#}", run.json).contains("hunter2"));
    let secret = run.finding("ready-test-data", "secret_file");
    assert_eq!(secret["location"]["line"], 2);
    assert!(
        secret["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("config/.env")
    );

    let junk = run.finding("ready-test-data", "junk_file");
    let message = junk["message"].as_str().unwrap();
    assert!(
        message.contains("src/lib.rs.orig") && message.contains("notes.txt~"),
        "{message}"
    );
    assert!(
        !message.contains("test.json~") && !message.contains("test.rs.bak"),
        "{message}"
    );
    // `*~` would drop the backup the tests read: the stray one is excluded by path.
    assert_eq!(
        junk["help"],
        "extend `exclude` with \"*.orig\", \"/notes.txt~\""
    );
    let suggestion = &junk["suggestions"][0];
    assert_eq!(suggestion["certain"], true);
    assert_eq!(
        suggestion["replacement"],
        "[\"/notes\", \"*.orig\", \"/notes.txt~\"]"
    );
}

#[test]
fn fix_extends_exclude_with_the_junk_patterns() {
    let sb = Sandbox::new("test-data", true);
    let run = sb.run(&["--fix", "--allow-dirty"]);
    let fixed: Vec<&str> = run.json["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fixed, ["package.exclude"], "{:#}", run.json);
    let manifest = fs::read_to_string(sb.krate.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("exclude = [\"/notes\", \"*.orig\", \"/notes.txt~\"]\n"),
        "{manifest}"
    );
    assert!(
        !run.checks("ready-test-data")
            .contains(&"junk_file".to_string()),
        "{:#}",
        run.json
    );
}

/// A crate whose `include` leaves its tests, an example and its build script out gets one
/// finding for the targets and one for the build script, both at `include`.
#[test]
fn what_include_leaves_out_is_said_once_at_the_key_that_chose_it() {
    let sb = Sandbox::new("left-out", true);
    let run = sb.run(&[]);
    let left_out: Vec<&Value> = run
        .findings("ready-left-out")
        .into_iter()
        .filter(|f| f["check"] == "target_not_packaged")
        .collect();
    assert_eq!(left_out.len(), 1, "{:#}", run.json);
    let finding = left_out[0];
    let message = finding["message"].as_str().unwrap();
    assert!(message.starts_with("3 targets are left out"), "{message}");
    assert_eq!(finding["field"], "package.include");
    assert_eq!(finding["location"]["line"], 12);
    let help = finding["help"].as_str().unwrap();
    assert!(help.contains("add their files to `include`"), "{help}");

    let build = run.finding("ready-left-out", "build_script_not_packaged");
    assert_eq!(
        build["message"],
        "the build script `build.rs` is not in the package, so cargo publishes the crate without it"
    );
    assert_eq!(build["field"], "package.include");
    assert_eq!(build["severity"], "warning");
    let help = build["help"].as_str().unwrap();
    assert!(
        help.starts_with("if the published crate needs it, add `build.rs` to `include`"),
        "{help}"
    );
}
