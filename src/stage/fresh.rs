//! Reusing a package stage that cannot have changed. Each run fingerprints what the stage's
//! result depends on: the files each package ships (paths and contents, as cargo packs them),
//! the workspace's root manifest and Cargo.lock, files from outside the workspace it copies,
//! the toolchain (`rustc -vV`, `cargo -V`), cargo-ready's version, the flags, the environment
//! that changes a build (`RUSTFLAGS`, `CARGO_*`, ...) and the `.cargo/config.toml` chain. Each
//! package's fingerprint holds its own files and those of the siblings it is packaged with.
//! A successful run saves each package's fingerprint, with what cargo said, under the stage's
//! target directory; the next run replays that for every package whose fingerprint (and
//! `.crate`) is unchanged and packages only the rest. Anything unreadable, foreign or from
//! another version is ignored and rewritten.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cargo::{self, Output};
use super::copy::CopyPaths;

/// The cache file's format; a file of another format is ignored.
const FORMAT: u32 = 2;

/// The file the stage's fingerprints and results are saved in, under its target directory.
pub const CACHE_FILE: &str = "ready-stage.json";

/// What one package's stage result depends on, each input as a hash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// Inputs every package shares, by name (`toolchain`, `environment`, ...).
    pub shared: BTreeMap<String, String>,
    /// The package and the siblings it is packaged with (its path dependencies), each by its
    /// name line (`name vVERSION`), with the hash of each file it ships by its path.
    pub packages: BTreeMap<String, BTreeMap<String, String>>,
}

/// One cargo run that succeeded: where its copy was, and what cargo said.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SavedRun {
    copy: CopyPaths,
    code: Option<i32>,
    stderr: String,
}

/// One package's last good result: its inputs, the hash of the `.crate` made, and the run
/// (an index into the saved runs) whose output speaks of it.
#[derive(Debug, Serialize, Deserialize)]
struct SavedPackage {
    inputs: Inputs,
    crate_hash: String,
    run: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    format: u32,
    runs: Vec<SavedRun>,
    packages: BTreeMap<String, SavedPackage>,
}

/// The saved results of earlier runs, one per package, read from the stage's target directory.
#[derive(Debug, Default)]
pub struct Cache {
    saved: Saved,
}

/// What the saved results say about one package of this run.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing its result depends on changed: the saved run that speaks of it.
    Fresh(usize),
    /// It must be packaged again: why, one reason per input that changed.
    Stale(Vec<String>),
}

impl Cache {
    /// Reads the cache in `file`. A missing, unreadable, foreign or inconsistent file is an
    /// empty cache, never an error.
    pub fn load(file: &Path) -> Cache {
        let saved = std::fs::read(file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Saved>(&bytes).ok())
            .filter(|saved| {
                saved.format == FORMAT && saved.packages.values().all(|p| p.run < saved.runs.len())
            })
            .unwrap_or_default();
        Cache { saved }
    }

    /// Whether `package` (its name line) is fresh for `inputs`, given the `.crate` of it the
    /// target directory holds now (which must be the one its saved run made).
    pub fn look(&self, package: &str, inputs: &Inputs, crate_file: Option<&Path>) -> Verdict {
        let Some(saved) = self.saved.packages.get(package) else {
            return Verdict::Stale(vec![if self.saved.packages.is_empty() {
                "no earlier run to compare with".to_string()
            } else {
                format!("{package} was not checked before")
            }]);
        };
        let reasons = differences(package, &saved.inputs, inputs);
        if !reasons.is_empty() {
            return Verdict::Stale(reasons);
        }
        if crate_file.and_then(hash_file).as_ref() != Some(&saved.crate_hash) {
            return Verdict::Stale(vec![format!(
                "{package}: the .crate of the last run is gone or changed"
            )]);
        }
        Verdict::Fresh(saved.run)
    }

    /// What cargo said in saved run `run`, and the copy it said it in (gone now: its paths map
    /// the output to the user's tree).
    pub fn replay(&self, run: usize) -> (Output, CopyPaths) {
        let saved = &self.saved.runs[run];
        let output = Output {
            success: true,
            code: saved.code,
            stdout: String::new(),
            stdout_bytes: Vec::new(),
            stderr: saved.stderr.clone(),
        };
        (output, saved.copy.clone())
    }

    /// Records a run over `packages` (each its name line, inputs and `.crate`). A successful
    /// run becomes each package's saved result; a failed one forgets theirs, so the next run
    /// packages them again.
    pub fn record(
        &mut self,
        copy: &CopyPaths,
        output: &Output,
        packages: Vec<(String, Inputs, Option<PathBuf>)>,
    ) {
        let run = self.saved.runs.len();
        let mut used = false;
        for (name, inputs, crate_file) in packages {
            let crate_hash = crate_file.as_deref().and_then(hash_file);
            match crate_hash.filter(|_| output.success) {
                Some(crate_hash) => {
                    used = true;
                    self.saved.packages.insert(
                        name,
                        SavedPackage {
                            inputs,
                            crate_hash,
                            run,
                        },
                    );
                }
                None => {
                    self.saved.packages.remove(&name);
                }
            }
        }
        if used {
            self.saved.runs.push(SavedRun {
                copy: copy.clone(),
                code: output.code,
                stderr: output.stderr.clone(),
            });
        }
    }

    /// Keeps the results of the packages `keep` names (the workspace's members now).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.saved.packages.retain(|name, _| keep(name));
    }

    /// Writes the cache to `file`, without the runs no package needs any more. Failing to
    /// write is no failure of the run: the next one packages again.
    pub fn save(mut self, file: &Path) {
        let mut renumbered = BTreeMap::new();
        let mut runs = Vec::new();
        for package in self.saved.packages.values_mut() {
            let new = *renumbered.entry(package.run).or_insert_with(|| {
                runs.push(self.saved.runs[package.run].clone());
                runs.len() - 1
            });
            package.run = new;
        }
        self.saved.runs = runs;
        self.saved.format = FORMAT;
        let Ok(bytes) = serde_json::to_vec(&self.saved) else {
            return;
        };
        let dir = file.parent().unwrap_or(Path::new("."));
        let _ = std::fs::create_dir_all(dir);
        let written = tempfile::NamedTempFile::new_in(dir).and_then(|mut temp| {
            std::io::Write::write_all(&mut temp, &bytes)?;
            temp.persist(file).map_err(|e| e.error)?;
            Ok(())
        });
        if written.is_err() {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// The hash of each file each package ships, by the package's name line and the file's path
/// (each package given as its name line and its directory with the files it ships, relative
/// to it).
pub fn shipped_hashes(
    packages: &[(String, &Path, &[PathBuf])],
) -> BTreeMap<String, BTreeMap<String, String>> {
    packages
        .iter()
        .map(|(name, dir, files)| {
            let hashes = files
                .iter()
                .map(|file| {
                    let shown = crate::files::slashed(file).into_owned();
                    let hash = hash_file(&dir.join(file)).unwrap_or_else(|| "unreadable".into());
                    (shown, hash)
                })
                .collect();
            (name.clone(), hashes)
        })
        .collect()
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
pub(super) fn hash(bytes: &[u8]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    format!("{:016x}", hasher.finish())
}

/// The hash of a file's contents, when it can be read.
fn hash_file(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|bytes| hash(&bytes))
}

/// Why `now` differs from `then` for package `owner`, as cargo says why a unit is dirty.
fn differences(owner: &str, then: &Inputs, now: &Inputs) -> Vec<String> {
    let mut reasons = Vec::new();
    for (key, value) in &now.shared {
        if then.shared.get(key) != Some(value) {
            reasons.push(match key.as_str() {
                "cargo-ready" => "cargo-ready's version changed".to_string(),
                "flags" => "the options changed".to_string(),
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
            reasons.push(if package == owner {
                format!("{package} was not checked before")
            } else {
                format!("{owner}: {package} is now packaged with it")
            });
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
    for package in then.packages.keys() {
        if !now.packages.contains_key(package) {
            reasons.push(format!("{owner}: {package} is no longer packaged with it"));
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "a v1.0.0";

    fn inputs_with(file: &str, hash: &str) -> Inputs {
        let mut inputs = Inputs::default();
        inputs
            .shared
            .insert("toolchain".to_string(), "t1".to_string());
        inputs.packages.insert(
            A.to_string(),
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

    /// A cache file in a temporary directory, with a `.crate` for package `a`.
    struct Place {
        _dir: tempfile::TempDir,
        file: PathBuf,
        krate: PathBuf,
    }

    fn place() -> Place {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CACHE_FILE);
        let krate = dir.path().join("a-1.0.0.crate");
        std::fs::write(&krate, b"crate bytes").unwrap();
        Place {
            _dir: dir,
            file,
            krate,
        }
    }

    fn saved_once(place: &Place, output: &Output) {
        let mut cache = Cache::load(&place.file);
        cache.record(
            &copy(),
            output,
            vec![(
                A.to_string(),
                inputs_with("src/lib.rs", "h1"),
                Some(place.krate.clone()),
            )],
        );
        cache.save(&place.file);
    }

    fn look(place: &Place, inputs: &Inputs) -> Verdict {
        Cache::load(&place.file).look(A, inputs, Some(&place.krate))
    }

    #[test]
    fn a_saved_run_is_fresh_for_the_same_inputs_only() {
        let place = place();
        saved_once(&place, &success());
        let Verdict::Fresh(run) = look(&place, &inputs_with("src/lib.rs", "h1")) else {
            panic!("the same inputs are fresh");
        };
        let (output, saved) = Cache::load(&place.file).replay(run);
        assert_eq!(output.stderr, "   Packaging a v1.0.0\n");
        assert_eq!(saved, copy());
        assert_eq!(
            look(&place, &inputs_with("src/lib.rs", "h2")),
            Verdict::Stale(vec!["a v1.0.0: the file `src/lib.rs` changed".into()])
        );
        assert_eq!(
            look(&place, &inputs_with("src/new.rs", "h1")),
            Verdict::Stale(vec!["a v1.0.0: the file `src/new.rs` changed".into()])
        );
        let mut toolchain = inputs_with("src/lib.rs", "h1");
        toolchain.shared.insert("toolchain".into(), "t2".into());
        let Verdict::Stale(reasons) = look(&place, &toolchain) else {
            panic!("a new toolchain is stale");
        };
        assert!(reasons[0].starts_with("the toolchain changed"));
        assert_eq!(
            Cache::load(&place.file).look("b v1.0.0", &inputs_with("src/lib.rs", "h1"), None),
            Verdict::Stale(vec!["b v1.0.0 was not checked before".into()])
        );
    }

    #[test]
    fn a_changed_or_missing_crate_file_is_stale() {
        let place = place();
        saved_once(&place, &success());
        std::fs::write(&place.krate, b"other bytes").unwrap();
        let stale = Verdict::Stale(vec![
            "a v1.0.0: the .crate of the last run is gone or changed".into(),
        ]);
        assert_eq!(look(&place, &inputs_with("src/lib.rs", "h1")), stale);
        std::fs::remove_file(&place.krate).unwrap();
        assert_eq!(look(&place, &inputs_with("src/lib.rs", "h1")), stale);
    }

    #[test]
    fn each_package_keeps_its_own_run_and_unused_runs_are_dropped() {
        let place = place();
        let b_crate = place.krate.with_file_name("b-1.0.0.crate");
        std::fs::write(&b_crate, b"b").unwrap();
        let mut b_inputs = inputs_with("src/lib.rs", "h1");
        b_inputs.packages = BTreeMap::from([("b v1.0.0".to_string(), BTreeMap::new())]);
        let mut cache = Cache::load(&place.file);
        let first = Output {
            stderr: "first".into(),
            ..success()
        };
        cache.record(
            &copy(),
            &first,
            vec![
                (
                    A.into(),
                    inputs_with("src/lib.rs", "h1"),
                    Some(place.krate.clone()),
                ),
                ("b v1.0.0".into(), b_inputs.clone(), Some(b_crate.clone())),
            ],
        );
        let second = Output {
            stderr: "second".into(),
            ..success()
        };
        cache.record(
            &copy(),
            &second,
            vec![("b v1.0.0".into(), b_inputs.clone(), Some(b_crate.clone()))],
        );
        cache.save(&place.file);
        let cache = Cache::load(&place.file);
        let Verdict::Fresh(a_run) =
            cache.look(A, &inputs_with("src/lib.rs", "h1"), Some(&place.krate))
        else {
            panic!("a is fresh");
        };
        let Verdict::Fresh(b_run) = cache.look("b v1.0.0", &b_inputs, Some(&b_crate)) else {
            panic!("b is fresh");
        };
        assert_eq!(cache.replay(a_run).0.stderr, "first");
        assert_eq!(cache.replay(b_run).0.stderr, "second");
        assert_eq!(cache.saved.runs.len(), 2);

        let mut cache = cache;
        cache.retain(|name| name == "b v1.0.0");
        cache.save(&place.file);
        let cache = Cache::load(&place.file);
        assert_eq!(cache.saved.runs.len(), 1, "the run only a spoke of is gone");
        assert!(matches!(
            cache.look("b v1.0.0", &b_inputs, Some(&b_crate)),
            Verdict::Fresh(0)
        ));
    }

    #[test]
    fn every_shared_input_has_its_reason() {
        let then = inputs_with("src/lib.rs", "h1");
        for (key, reason) in [
            ("cargo-ready", "cargo-ready's version changed"),
            ("flags", "the options changed"),
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
            assert_eq!(differences(A, &then, &now), [reason], "{key}");
        }
        let mut gone = then.clone();
        gone.packages.get_mut(A).unwrap().clear();
        assert_eq!(
            differences(A, &then, &gone),
            ["a v1.0.0: the file `src/lib.rs` is gone"]
        );
        let mut with_sibling = then.clone();
        with_sibling
            .packages
            .insert("core v1.0.0".to_string(), BTreeMap::new());
        assert_eq!(
            differences(A, &then, &with_sibling),
            ["a v1.0.0: core v1.0.0 is now packaged with it"]
        );
        assert_eq!(
            differences(A, &with_sibling, &then),
            ["a v1.0.0: core v1.0.0 is no longer packaged with it"]
        );
    }

    #[test]
    fn failures_corrupt_and_foreign_files_are_never_trusted() {
        let place = place();
        saved_once(&place, &success());
        let failed = Output {
            success: false,
            ..success()
        };
        saved_once(&place, &failed);
        assert!(
            matches!(
                look(&place, &inputs_with("src/lib.rs", "h1")),
                Verdict::Stale(_)
            ),
            "a failed run forgets the package's earlier result"
        );
        for junk in [
            "",
            "{",
            "[]",
            r#"{"format":99}"#,
            "\u{0}\u{1}binary",
            r#"{"format":2,"runs":[],"packages":{"a v1.0.0":{"inputs":{"shared":{},"packages":{}},"crate_hash":"x","run":3}}}"#,
        ] {
            std::fs::write(&place.file, junk).unwrap();
            assert!(
                matches!(
                    look(&place, &inputs_with("src/lib.rs", "h1")),
                    Verdict::Stale(_)
                ),
                "{junk:?}"
            );
        }
        saved_once(&place, &success());
        assert!(matches!(
            look(&place, &inputs_with("src/lib.rs", "h1")),
            Verdict::Fresh(_)
        ));
    }

    #[test]
    fn the_build_environment_leaves_out_terminal_settings() {
        let environment = build_environment();
        assert!(!environment.contains("CARGO_TERM_"));
        assert!(!environment.contains("CARGO_READY_"));
    }
}
