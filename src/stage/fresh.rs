//! Reusing a package stage that cannot have changed. Each run fingerprints what the stage's
//! result depends on: the files each package ships (paths and contents, as cargo packs them),
//! the workspace's root manifest and Cargo.lock, files from outside the workspace it copies,
//! the toolchain (`rustc -vV`, `cargo -V`), cargo-ready's version, the flags, the environment
//! that changes a build (`RUSTFLAGS`, `CARGO_*`, ...) and the `.cargo/config.toml` chain. A
//! successful run saves its fingerprint with what cargo said under the stage's target
//! directory; the next run with the same fingerprint replays that instead of running cargo.
//! Anything unreadable, foreign or from another version is ignored and rewritten.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cargo::{self, Output};
use super::copy::CopyPaths;

/// The cache file's format; a file of another format is ignored.
const FORMAT: u32 = 1;

/// The file the stage's fingerprint and result are saved in, under its target directory.
pub const CACHE_FILE: &str = "ready-stage.json";

/// What the stage's result depends on, each input as a hash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// Inputs every package shares, by name (`toolchain`, `environment`, ...).
    pub shared: BTreeMap<String, String>,
    /// Each package (`name vVERSION`), with the hash of each file it ships by its path.
    pub packages: BTreeMap<String, BTreeMap<String, String>>,
}

/// A saved run: its inputs, where its copy was, and what cargo said.
#[derive(Debug, Serialize, Deserialize)]
struct Saved {
    format: u32,
    inputs: Inputs,
    copy: CopyPaths,
    code: Option<i32>,
    stderr: String,
}

/// What the saved run says about this one.
#[derive(Debug)]
pub enum Verdict {
    /// Nothing the stage depends on changed: what cargo said then, and where it said it.
    Fresh {
        /// cargo's output, as it was.
        output: Output,
        /// The copy it ran in (gone now): its paths map the output to the user's tree.
        copy: CopyPaths,
    },
    /// The stage must run: why, one reason per input that changed.
    Stale(Vec<String>),
}

/// The inputs of a stage over `packages` (each as its name line and its directory with the
/// files it ships, relative to it). `shared` are the inputs they share, already hashed.
pub fn inputs(
    packages: &[(String, &Path, &[PathBuf])],
    shared: BTreeMap<String, String>,
) -> Inputs {
    let packages = packages
        .iter()
        .map(|(name, dir, files)| {
            let hashes = files
                .iter()
                .map(|file| {
                    let shown = crate::files::slashed(file).into_owned();
                    let hash = std::fs::read(dir.join(file))
                        .map(|bytes| hash(&bytes))
                        .unwrap_or_else(|_| "unreadable".to_string());
                    (shown, hash)
                })
                .collect();
            (name.clone(), hashes)
        })
        .collect();
    Inputs { shared, packages }
}

/// The inputs every package of a run shares: cargo-ready's version, the flags, the
/// toolchain (asked in `dir`, where rustup picks it), the build environment, the config
/// chain, and the `files` (the root manifest, Cargo.lock, files from outside the workspace).
pub fn shared_inputs(dir: &Path, flags: &str, files: &[PathBuf]) -> BTreeMap<String, String> {
    let (rustc, cargo_version) = std::thread::scope(|scope| {
        let rustc_program = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let rustc = scope.spawn(move || version_of(&rustc_program, "-vV", dir));
        let cargo_version = version_of(&cargo::cargo_program(), "-V", dir);
        (rustc.join().unwrap_or_default(), cargo_version)
    });
    let mut shared = BTreeMap::new();
    shared.insert(
        "cargo-ready".to_string(),
        env!("CARGO_PKG_VERSION").to_string(),
    );
    shared.insert("flags".to_string(), flags.to_string());
    shared.insert(
        "toolchain".to_string(),
        hash(format!("{rustc}\n{cargo_version}").as_bytes()),
    );
    shared.insert(
        "environment".to_string(),
        hash(build_environment().as_bytes()),
    );
    let mut read = |key: &str, paths: &mut dyn Iterator<Item = PathBuf>| {
        let mut text = Vec::new();
        for path in paths {
            text.extend_from_slice(path.to_string_lossy().as_bytes());
            text.push(0);
            text.extend_from_slice(&std::fs::read(&path).unwrap_or_default());
            text.push(0);
        }
        shared.insert(key.to_string(), hash(&text));
    };
    read("config", &mut config_chain(dir).into_iter());
    read("workspace files", &mut files.iter().cloned());
    shared
}

/// What a program says of its version, or of why it could not say.
fn version_of(program: &OsStr, flag: &str, dir: &Path) -> String {
    match std::process::Command::new(program)
        .arg(flag)
        .current_dir(dir)
        .output()
    {
        Ok(output) => String::from_utf8_lossy(&output.stdout).into_owned(),
        Err(error) => format!("not run: {error}"),
    }
}

/// The variables that change what cargo builds or how it packages, sorted, as `name=value`
/// lines; cargo's terminal settings and cargo-ready's own are left out.
fn build_environment() -> String {
    let mut lines: Vec<String> = std::env::vars_os()
        .filter_map(|(name, value)| {
            let name = name.into_string().ok()?;
            let counts = (name.starts_with("CARGO_")
                && !name.starts_with("CARGO_TERM_")
                && !name.starts_with("CARGO_READY_"))
                || name.starts_with("RUSTC")
                || matches!(
                    name.as_str(),
                    "RUSTFLAGS" | "RUSTDOCFLAGS" | "RUSTDOC" | "RUSTUP_TOOLCHAIN"
                );
            counts.then(|| format!("{name}={}", value.to_string_lossy()))
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// The `.cargo/config.toml` (or `config`) files cargo reads from `dir`: in it and every
/// directory above, and in `$CARGO_HOME`.
fn config_chain(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = dir.ancestors().map(|d| d.join(".cargo")).collect();
    dirs.extend(crate::paths::cargo_home());
    dirs.iter()
        .flat_map(|d| [d.join("config.toml"), d.join("config")])
        .filter(|f| f.is_file())
        .collect()
}

/// A hash of `bytes`, as hex: SipHash with fixed keys, the same on every run of one build.
fn hash(bytes: &[u8]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    format!("{:016x}", hasher.finish())
}

/// What the saved run in `file` says about a run with `inputs`. A missing, unreadable or
/// foreign file is a stale verdict, never an error.
pub fn look(file: &Path, inputs: &Inputs) -> Verdict {
    let saved = std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Saved>(&bytes).ok());
    let Some(saved) = saved.filter(|s| s.format == FORMAT) else {
        return Verdict::Stale(vec!["no earlier run to compare with".to_string()]);
    };
    let reasons = differences(&saved.inputs, inputs);
    if !reasons.is_empty() {
        return Verdict::Stale(reasons);
    }
    Verdict::Fresh {
        output: Output {
            success: true,
            code: saved.code,
            stdout: String::new(),
            stdout_bytes: Vec::new(),
            stderr: saved.stderr,
        },
        copy: saved.copy,
    }
}

/// Saves a successful run; a failed one is not saved, so the next run tries again. Failing to
/// write is no failure of the run.
pub fn save(file: &Path, inputs: Inputs, copy: &CopyPaths, output: &Output) {
    let _ = std::fs::remove_file(file);
    if !output.success {
        return;
    }
    let saved = Saved {
        format: FORMAT,
        inputs,
        copy: copy.clone(),
        code: output.code,
        stderr: output.stderr.clone(),
    };
    if let Ok(bytes) = serde_json::to_vec(&saved) {
        let _ = std::fs::create_dir_all(file.parent().unwrap_or(Path::new(".")));
        let _ = std::fs::write(file, bytes);
    }
}

/// Why `now` differs from `then`, as cargo says why a unit is dirty.
fn differences(then: &Inputs, now: &Inputs) -> Vec<String> {
    let mut reasons = Vec::new();
    for (key, value) in &now.shared {
        if then.shared.get(key) != Some(value) {
            reasons.push(match key.as_str() {
                "cargo-ready" => "cargo-ready's version changed".to_string(),
                "flags" => "the options or the packages checked changed".to_string(),
                "toolchain" => "the toolchain changed (`rustc -vV`, `cargo -V`)".to_string(),
                "environment" => {
                    "the build environment changed (`RUSTFLAGS`, `CARGO_*`, ...)".to_string()
                }
                "config" => "a `.cargo/config.toml` changed".to_string(),
                _ => "the root manifest, Cargo.lock or a file from outside the workspace changed"
                    .to_string(),
            });
        }
    }
    for (package, files) in &now.packages {
        let Some(before) = then.packages.get(package) else {
            reasons.push(format!("{package} was not checked before"));
            continue;
        };
        let changed = files
            .iter()
            .find(|(path, hash)| before.get(*path) != Some(hash))
            .map(|(path, _)| format!("{package}: the file `{path}` changed"))
            .or_else(|| {
                before
                    .keys()
                    .find(|path| !files.contains_key(*path))
                    .map(|path| format!("{package}: the file `{path}` is gone"))
            });
        reasons.extend(changed);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs_with(file: &str, hash: &str) -> Inputs {
        let mut inputs = Inputs::default();
        inputs
            .shared
            .insert("toolchain".to_string(), "t1".to_string());
        inputs.packages.insert(
            "a v1.0.0".to_string(),
            BTreeMap::from([(file.to_string(), hash.to_string())]),
        );
        inputs
    }

    fn copy() -> CopyPaths {
        serde_json::from_str(r#"{"base":"/tmp/c","original_base":"/w","root":"/tmp/c"}"#).unwrap()
    }

    fn success() -> Output {
        Output {
            success: true,
            code: Some(0),
            stdout: String::new(),
            stdout_bytes: Vec::new(),
            stderr: "   Packaging a v1.0.0\n".to_string(),
        }
    }

    #[test]
    fn a_saved_run_is_fresh_for_the_same_inputs_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CACHE_FILE);
        save(&file, inputs_with("src/lib.rs", "h1"), &copy(), &success());
        match look(&file, &inputs_with("src/lib.rs", "h1")) {
            Verdict::Fresh {
                output,
                copy: saved,
            } => {
                assert_eq!(output.stderr, "   Packaging a v1.0.0\n");
                assert_eq!(saved, copy());
            }
            Verdict::Stale(reasons) => panic!("{reasons:?}"),
        }
        let Verdict::Stale(reasons) = look(&file, &inputs_with("src/lib.rs", "h2")) else {
            panic!("a changed file is stale");
        };
        assert_eq!(reasons, ["a v1.0.0: the file `src/lib.rs` changed"]);
        let Verdict::Stale(reasons) = look(&file, &inputs_with("src/new.rs", "h1")) else {
            panic!("a new file is stale");
        };
        assert_eq!(reasons, ["a v1.0.0: the file `src/new.rs` changed"]);
        let mut toolchain = inputs_with("src/lib.rs", "h1");
        toolchain.shared.insert("toolchain".into(), "t2".into());
        let Verdict::Stale(reasons) = look(&file, &toolchain) else {
            panic!("a new toolchain is stale");
        };
        assert!(reasons[0].starts_with("the toolchain changed"));
    }

    #[test]
    fn every_shared_input_has_its_reason() {
        let then = inputs_with("src/lib.rs", "h1");
        for (key, reason) in [
            ("cargo-ready", "cargo-ready's version changed"),
            ("flags", "the options or the packages checked changed"),
            (
                "environment",
                "the build environment changed (`RUSTFLAGS`, `CARGO_*`, ...)",
            ),
            ("config", "a `.cargo/config.toml` changed"),
            (
                "workspace files",
                "the root manifest, Cargo.lock or a file from outside the workspace changed",
            ),
        ] {
            let mut now = then.clone();
            now.shared.insert(key.to_string(), "new".to_string());
            assert_eq!(differences(&then, &now), [reason], "{key}");
        }
        let mut gone = then.clone();
        gone.packages.get_mut("a v1.0.0").unwrap().clear();
        assert_eq!(
            differences(&then, &gone),
            ["a v1.0.0: the file `src/lib.rs` is gone"]
        );
    }

    #[test]
    fn failures_corrupt_and_foreign_files_are_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CACHE_FILE);
        let failed = Output {
            success: false,
            ..success()
        };
        save(&file, inputs_with("src/lib.rs", "h1"), &copy(), &failed);
        assert!(matches!(
            look(&file, &inputs_with("src/lib.rs", "h1")),
            Verdict::Stale(_)
        ));
        for junk in ["", "{", "[]", r#"{"format":99}"#, "\u{0}\u{1}binary"] {
            std::fs::write(&file, junk).unwrap();
            assert!(
                matches!(
                    look(&file, &inputs_with("src/lib.rs", "h1")),
                    Verdict::Stale(_)
                ),
                "{junk:?}"
            );
        }
        save(&file, inputs_with("src/lib.rs", "h1"), &copy(), &success());
        assert!(matches!(
            look(&file, &inputs_with("src/lib.rs", "h1")),
            Verdict::Fresh { .. }
        ));
    }

    #[test]
    fn the_build_environment_leaves_out_terminal_settings() {
        let environment = build_environment();
        assert!(!environment.contains("CARGO_TERM_"));
        assert!(!environment.contains("CARGO_READY_"));
    }
}
