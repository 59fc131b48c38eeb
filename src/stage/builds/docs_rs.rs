//! `--docs`: the documentation built as docs.rs builds it, from docs.rs's builder
//! (`crates/lib/metadata/lib.rs` and `docbuilder/rustwide_builder.rs`): `cargo rustdoc --lib`
//! on nightly with the features of `[package.metadata.docs.rs]`, its `rustc-args` as
//! `build.rustflags`, `--cfg docsrs`, its `rustdoc-args` and `-Z unstable-options` as
//! `build.rustdocflags` (and `--cap-lints warn`, so a `deny` of a rustdoc lint warns), its
//! `cargo-args`, `DOCS_RS=1`, the dependencies fetched first and the build `--offline`, for
//! its default target and each target it lists. Left out: the flags that shape only the
//! HTML (`--emit`, `--resource-suffix`, `--static-root-path`) and the scraping of examples.

use std::ffi::OsString;

use serde::{Deserialize, Serialize};

use super::toolchains::{self, Toolchains};
use super::{BuildRun, Command, Package};
use crate::error::Error;
use crate::read::manifest::Manifest;
use crate::stage::replay::Cache;

/// The target docs.rs builds on, and documents for when a crate names none.
pub const DOCS_RS_HOST: &str = "x86_64-unknown-linux-gnu";

/// The variables that would add flags docs.rs does not pass: its builds set none of them.
const FLAG_VARIABLES: [&str; 6] = [
    "RUSTFLAGS",
    "RUSTDOCFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_ENCODED_RUSTDOCFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
    "CARGO_BUILD_RUSTDOCFLAGS",
];

/// `[package.metadata.docs.rs]` as docs.rs reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsRsTable {
    features: Option<Vec<String>>,
    all_features: bool,
    no_default_features: bool,
    default_target: Option<String>,
    targets: Option<Vec<String>>,
    additional_targets: Vec<String>,
    rustc_args: Vec<String>,
    rustdoc_args: Vec<String>,
    cargo_args: Vec<String>,
    proc_macro: bool,
}

impl DocsRsTable {
    /// Reads the table of `manifest` (none is the defaults); `Err` names a value of the wrong
    /// type, which fails docs.rs's build before it starts.
    pub fn read(manifest: &Manifest, proc_macro: bool) -> Result<DocsRsTable, String> {
        let mut table = DocsRsTable {
            proc_macro,
            ..DocsRsTable::default()
        };
        let Some(keys) = manifest.docs_rs_table("package") else {
            return Ok(table);
        };
        let item = |key: &str| {
            let mut path = keys.clone();
            path.push(key);
            manifest.get(&path).cloned()
        };
        let strings = |key: &str| -> Result<Option<Vec<String>>, String> {
            let Some(value) = item(key) else {
                return Ok(None);
            };
            value
                .as_array()
                .and_then(|a| {
                    a.iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                })
                .map(Some)
                .ok_or_else(|| format!("`{key}` is not an array of strings"))
        };
        let boolean = |key: &str| -> Result<bool, String> {
            match item(key) {
                None => Ok(false),
                Some(value) => value
                    .as_bool()
                    .ok_or_else(|| format!("`{key}` is not true or false")),
            }
        };
        table.features = strings("features")?;
        table.all_features = boolean("all-features")?;
        table.no_default_features = boolean("no-default-features")?;
        table.default_target = match item("default-target") {
            None => None,
            Some(value) => Some(
                value
                    .as_str()
                    .ok_or("`default-target` is not a string")?
                    .to_string(),
            ),
        };
        table.targets = strings("targets")?;
        table.additional_targets = strings("additional-targets")?.unwrap_or_default();
        table.rustc_args = strings("rustc-args")?.unwrap_or_default();
        table.rustdoc_args = strings("rustdoc-args")?.unwrap_or_default();
        table.cargo_args = strings("cargo-args")?.unwrap_or_default();
        Ok(table)
    }

    /// The target docs.rs lands on, and the other targets the table lists (docs.rs's own
    /// default list, built when `targets` is not set, is left out). `None` for a proc-macro,
    /// which docs.rs builds for its host without `--target`.
    pub fn targets(&self) -> Option<(String, Vec<String>)> {
        if self.proc_macro {
            return None;
        }
        let default = self
            .default_target
            .as_deref()
            .or_else(|| self.targets.as_ref()?.first().map(String::as_str))
            .unwrap_or(DOCS_RS_HOST)
            .to_string();
        let mut others: Vec<String> = Vec::new();
        let listed = self
            .targets
            .iter()
            .flatten()
            .chain(&self.additional_targets);
        for target in listed {
            if *target != default && !others.contains(target) {
                others.push(target.clone());
            }
        }
        Some((default, others))
    }

    /// Whether the table names its default target; docs.rs's host otherwise.
    fn names_default(&self) -> bool {
        self.default_target.is_some() || self.targets.as_ref().is_some_and(|t| !t.is_empty())
    }

    /// The features docs.rs builds with, for messages: `--features a b --no-default-features`.
    pub fn features_said(&self) -> String {
        let mut said = Vec::new();
        if let Some(features) = &self.features {
            said.push(format!("--features \"{}\"", features.join(" ")));
        }
        if self.all_features {
            said.push("--all-features".to_string());
        }
        if self.no_default_features {
            said.push("--no-default-features".to_string());
        }
        if said.is_empty() {
            "the default features".to_string()
        } else {
            said.join(" ")
        }
    }

    /// The arguments of docs.rs's `cargo rustdoc` for `target` (`None` for a proc-macro), in
    /// its order.
    pub fn cargo_args(&self, target: Option<&str>) -> Vec<String> {
        let mut args: Vec<String> = vec!["rustdoc".into(), "--lib".into(), "-Zrustdoc-map".into()];
        if let Some(features) = &self.features {
            args.push("--features".into());
            args.push(features.join(" "));
        }
        if self.all_features {
            args.push("--all-features".into());
        }
        if self.no_default_features {
            args.push("--no-default-features".into());
        }
        let mut rustdoc_args: Vec<String> = vec!["--cfg".into(), "docsrs".into()];
        rustdoc_args.extend(self.rustdoc_args.iter().cloned());
        rustdoc_args.extend(["-Z", "unstable-options"].map(String::from));
        rustdoc_args.extend(
            ["--cap-lints", "warn", "--extern-html-root-takes-precedence"].map(String::from),
        );
        if !self.rustc_args.is_empty() {
            let rustflags = toml_array(&self.rustc_args);
            args.push("--config".into());
            args.push(format!("build.rustflags={rustflags}"));
            if !self.proc_macro {
                args.extend(
                    ["-Zhost-config", "-Ztarget-applies-to-host", "--config"].map(String::from),
                );
                args.push(format!("host.rustflags={rustflags}"));
            }
        }
        args.push("--config".into());
        args.push(format!("build.rustdocflags={}", toml_array(&rustdoc_args)));
        args.push("--offline".into());
        args.push("-Zunstable-options".into());
        let map_target = target.unwrap_or(DOCS_RS_HOST);
        args.push(format!(
            "--config=doc.extern-map.registries.crates-io=\"https://docs.rs/{{pkg_name}}/{{version}}/{map_target}\""
        ));
        if let Some(target) = target {
            args.push("--target".into());
            args.push(target.to_string());
        }
        let mut extra = self.cargo_args.iter().peekable();
        while let Some(arg) = extra.next() {
            // docs.rs drops these and scrapes examples its own way.
            if arg == "-Zrustdoc-scrape-examples" {
                continue;
            }
            if arg == "-Z"
                && extra
                    .peek()
                    .is_some_and(|a| *a == "rustdoc-scrape-examples")
            {
                extra.next();
                continue;
            }
            args.push(arg.clone());
        }
        args
    }
}

/// A TOML array of strings, as docs.rs writes one into `--config`.
fn toml_array(items: &[String]) -> String {
    toml_edit::Value::Array(items.iter().map(String::as_str).collect()).to_string()
}

/// What the docs.rs build showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocsRun {
    /// The rustc it ran on (`rustc 1.97.0-nightly (...)`).
    pub toolchain: String,
    /// Whether that is a nightly, as on docs.rs.
    pub nightly: bool,
    /// The features it documented with, as said in messages.
    pub features: String,
    /// One run per target built, the default target first.
    pub targets: Vec<TargetRun>,
    /// The targets not built, each with why.
    pub skipped: Vec<String>,
}

/// The build for one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetRun {
    /// The target triple (docs.rs's host for a proc-macro).
    pub target: String,
    /// Whether docs.rs lands on it: its failure leaves the crate without documentation.
    pub default: bool,
    /// What cargo showed.
    pub run: BuildRun,
}

/// The targets to build (`None` for a proc-macro's host), each with whether it is the
/// default, and the ones skipped, each with why: a target whose standard library `installed`
/// lacks. docs.rs's own host stands in for itself on another machine when the table names no
/// target and that one is not installed.
fn plan_targets(
    table: &DocsRsTable,
    nightly: Option<&str>,
    installed: &[String],
    host: &str,
) -> (Vec<(Option<String>, bool)>, Vec<String>) {
    let Some((default, others)) = table.targets() else {
        return (vec![(None, true)], Vec::new());
    };
    let default = if !table.names_default() && !installed.contains(&default) {
        host.to_string()
    } else {
        default
    };
    let toolchain = nightly
        .map(|n| format!(" --toolchain {}", n.split('-').next().unwrap_or(n)))
        .unwrap_or_default();
    let mut builds = Vec::new();
    let mut skipped = Vec::new();
    let all = std::iter::once((default, true)).chain(others.into_iter().map(|t| (t, false)));
    for (target, is_default) in all {
        if installed.contains(&target) {
            builds.push((Some(target), is_default));
        } else {
            skipped.push(format!(
                "{target}: its standard library is not installed (`rustup target add {target}{toolchain}`)"
            ));
        }
    }
    (builds, skipped)
}

/// The environment of docs.rs's build: `DOCS_RS=1` and none of the variables that add flags;
/// the variables that would pick another rustc unset; on a stable toolchain, docs.rs's
/// unstable flags allowed.
fn docs_env<'a>(
    target_dir: &'a str,
    unset: &[&'static str],
    nightly: bool,
) -> Vec<(&'a str, Option<&'a str>)> {
    let mut env: Vec<(&str, Option<&str>)> = vec![
        ("DOCS_RS", Some("1")),
        ("CARGO_BUILD_BUILD_DIR", Some(target_dir)),
    ];
    env.extend(FLAG_VARIABLES.iter().map(|v| (*v, None)));
    env.extend(unset.iter().map(|v| (*v, None)));
    if !nightly {
        env.push(("RUSTC_BOOTSTRAP", Some("1")));
    }
    env
}

/// Runs the docs.rs build of `package`, or replays it; `Ok(Err(why))` when it cannot run.
pub(super) fn run(
    package: &mut Package<'_>,
    toolchains: &mut Toolchains,
    cache: &mut Cache,
) -> Result<Result<DocsRun, String>, Error> {
    let pkg = package.selected.package;
    let proc_macro = pkg.targets.iter().any(|t| t.is_proc_macro());
    if !pkg.targets.iter().any(|t| t.is_lib() || t.is_proc_macro()) {
        return Ok(Err(
            "it has no library, and docs.rs documents libraries only".to_string(),
        ));
    }
    let table = match DocsRsTable::read(package.selected.manifest, proc_macro) {
        Ok(table) => table,
        Err(problem) => {
            return Ok(Err(format!(
                "docs.rs cannot read its `[package.metadata.docs.rs]`: {problem}"
            )));
        }
    };
    let nightly = toolchains.nightly();
    let version = toolchains.version(nightly.as_deref());
    let installed = toolchains.targets(nightly.as_deref()).to_vec();
    let host = version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or(DOCS_RS_HOST)
        .to_string();
    let (builds, skipped) = plan_targets(&table, nightly.as_deref(), &installed, &host);
    if builds.is_empty() {
        return Ok(Err(format!(
            "no target it is documented for can be built here: {}",
            skipped.join("; ")
        )));
    }
    let commands: Vec<Vec<String>> = builds
        .iter()
        .map(|(target, _)| table.cargo_args(target.as_deref()))
        .collect();
    let key = package.key(&format!("docs\n{version}\n{commands:?}\n{skipped:?}"));
    if let Some(saved) = key
        .as_deref()
        .and_then(|k| cache.get::<DocsRun>(package.name, "docs", k))
    {
        package
            .progress
            .status("Fresh", &format!("{} (docs.rs build)", package.name));
        return Ok(Ok(saved));
    }
    let (program, prefix, unset) = toolchains::cargo_of(nightly.as_deref());
    let target_dir = package.place.target.to_string_lossy().into_owned();
    let env = docs_env(&target_dir, &unset, nightly.is_some());
    let release = toolchains::release_line(&version).to_string();
    let how = How {
        cargo: (&program, &prefix),
        env: &env,
        target_dir: &target_dir,
        release: &release,
        host: &host,
    };
    let plan: Vec<(Option<String>, bool, Vec<String>)> = builds
        .into_iter()
        .zip(commands)
        .map(|((target, default), command)| (target, default, command))
        .collect();
    let mut targets = attempt(package, &how, &plan)?;
    // docs.rs, when the build fails with the packaged lock file, tries once more with one
    // made from Cargo.toml alone.
    let failed = targets
        .as_ref()
        .map_or(true, |t| t.first().is_some_and(|t| !t.run.success));
    let lock = package.root()?.join("Cargo.lock");
    let packaged_lock = std::fs::read(&lock).ok().filter(|_| failed);
    if let Some(packaged_lock) = packaged_lock {
        let _ = std::fs::remove_file(&lock);
        let mut args = prefix.clone();
        args.push("generate-lockfile".into());
        args.extend(package.place.offline.then(|| "--offline".to_string()));
        let locked = package.cargo(&Command {
            program: program.clone(),
            args,
            env: env.clone(),
        })?;
        if locked.run.success {
            targets = attempt(package, &how, &plan)?;
        }
        // The other builds use the packaged one.
        let _ = std::fs::write(&lock, packaged_lock);
    }
    let targets = match targets {
        Ok(targets) => targets,
        Err(reason) => return Ok(Err(reason)),
    };
    let docs = DocsRun {
        toolchain: release,
        nightly: nightly.is_some(),
        features: table.features_said(),
        targets,
        skipped,
    };
    if let Some(key) = key {
        cache.put(package.name, "docs", key, &docs);
    }
    Ok(Ok(docs))
}

/// How docs.rs's build runs here: the toolchain's cargo (program and first arguments), the
/// environment, the target directory, and for messages the compiler and the host.
struct How<'a> {
    cargo: (&'a OsString, &'a [String]),
    env: &'a [(&'a str, Option<&'a str>)],
    target_dir: &'a str,
    release: &'a str,
    host: &'a str,
}

/// One attempt at the build: `cargo fetch`, then `cargo rustdoc` for each planned target
/// (target, whether it is the default, arguments). `Err` when it could not run.
fn attempt(
    package: &mut Package<'_>,
    how: &How<'_>,
    plan: &[(Option<String>, bool, Vec<String>)],
) -> Result<Result<Vec<TargetRun>, String>, Error> {
    let (program, prefix) = how.cargo;
    let mut fetch_args = prefix.to_vec();
    fetch_args.push("fetch".into());
    fetch_args.extend(package.place.offline.then(|| "--offline".to_string()));
    let fetched = package.cargo(&Command {
        program: program.clone(),
        args: fetch_args,
        env: how.env.to_vec(),
    })?;
    if let Some(reason) = fetched.not_run {
        return Ok(Err(reason));
    }
    let mut targets = Vec::new();
    for (target, default, command) in plan {
        let shown = target.clone().unwrap_or_else(|| how.host.to_string());
        let run = if fetched.run.success {
            package.progress.status(
                "Documenting",
                &format!("{} (docs.rs build: {shown}, {})", package.name, how.release),
            );
            let mut args = prefix.to_vec();
            args.extend(command.iter().cloned());
            args.extend(["--message-format", "json", "--target-dir"].map(String::from));
            args.push(how.target_dir.to_string());
            let ran = package.cargo(&Command {
                program: program.clone(),
                args,
                env: how.env.to_vec(),
            })?;
            if let Some(reason) = ran.not_run {
                return Ok(Err(reason));
            }
            ran.run
        } else {
            // cargo could not resolve the dependencies: docs.rs's build fails the same way.
            fetched.run.clone()
        };
        targets.push(TargetRun {
            target: shown,
            default: *default,
            run,
        });
    }
    Ok(Ok(targets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn table(text: &str) -> Result<DocsRsTable, String> {
        let manifest = Manifest::parse(PathBuf::from("/w/Cargo.toml"), text.to_string()).unwrap();
        DocsRsTable::read(&manifest, false)
    }

    #[test]
    fn the_command_docs_rs_runs() {
        let t = table(
            "[package]\nname = \"a\"\n[package.metadata.docs.rs]\nfeatures = [\"full\", \"serde\"]\nno-default-features = true\nrustdoc-args = [\"--html-in-header\", \"h.html\"]\nrustc-args = [\"--cfg\", \"x\"]\ncargo-args = [\"-Zrustdoc-scrape-examples\", \"-Z\", \"rustdoc-scrape-examples\", \"--locked\"]\n",
        )
        .unwrap();
        assert_eq!(
            t.cargo_args(Some("x86_64-unknown-linux-gnu")),
            [
                "rustdoc",
                "--lib",
                "-Zrustdoc-map",
                "--features",
                "full serde",
                "--no-default-features",
                "--config",
                "build.rustflags=[\"--cfg\", \"x\"]",
                "-Zhost-config",
                "-Ztarget-applies-to-host",
                "--config",
                "host.rustflags=[\"--cfg\", \"x\"]",
                "--config",
                "build.rustdocflags=[\"--cfg\", \"docsrs\", \"--html-in-header\", \"h.html\", \"-Z\", \"unstable-options\", \"--cap-lints\", \"warn\", \"--extern-html-root-takes-precedence\"]",
                "--offline",
                "-Zunstable-options",
                "--config=doc.extern-map.registries.crates-io=\"https://docs.rs/{pkg_name}/{version}/x86_64-unknown-linux-gnu\"",
                "--target",
                "x86_64-unknown-linux-gnu",
                "--locked",
            ]
        );
        assert_eq!(
            t.features_said(),
            "--features \"full serde\" --no-default-features"
        );
    }

    #[test]
    fn targets_as_docs_rs_picks_them() {
        let plain = table("[package]\nname = \"a\"\n").unwrap();
        assert_eq!(plain.targets(), Some((DOCS_RS_HOST.to_string(), vec![])));
        assert!(!plain.names_default());
        let listed = table(
            "[package]\nname = \"a\"\n[package.metadata.docs.rs]\ntargets = [\"x86_64-pc-windows-msvc\", \"x86_64-unknown-linux-gnu\"]\nadditional-targets = [\"aarch64-apple-darwin\", \"x86_64-pc-windows-msvc\"]\n",
        )
        .unwrap();
        assert_eq!(
            listed.targets(),
            Some((
                "x86_64-pc-windows-msvc".to_string(),
                vec![
                    "x86_64-unknown-linux-gnu".to_string(),
                    "aarch64-apple-darwin".to_string()
                ]
            ))
        );
        let chosen = table(
            "[package]\nname = \"a\"\n[package.metadata.docs.rs]\ndefault-target = \"x86_64-unknown-linux-musl\"\n",
        )
        .unwrap();
        assert_eq!(chosen.targets().unwrap().0, "x86_64-unknown-linux-musl");
        let manifest = Manifest::parse(
            PathBuf::from("/w/Cargo.toml"),
            "[package]\nname = \"m\"\n".into(),
        )
        .unwrap();
        assert_eq!(DocsRsTable::read(&manifest, true).unwrap().targets(), None);
    }

    #[test]
    fn targets_without_their_standard_library_are_skipped_with_the_command_that_adds_it() {
        let listed = table(
            "[package]\nname = \"a\"\n[package.metadata.docs.rs]\ntargets = [\"x86_64-unknown-linux-gnu\", \"aarch64-apple-darwin\"]\n",
        )
        .unwrap();
        let installed = vec!["x86_64-unknown-linux-gnu".to_string()];
        let (builds, skipped) = plan_targets(
            &listed,
            Some("nightly-x86_64-unknown-linux-gnu"),
            &installed,
            "x86_64-unknown-linux-gnu",
        );
        assert_eq!(
            builds,
            [(Some("x86_64-unknown-linux-gnu".to_string()), true)]
        );
        assert_eq!(
            skipped,
            [
                "aarch64-apple-darwin: its standard library is not installed (`rustup target add aarch64-apple-darwin --toolchain nightly`)"
            ]
        );
        let plain = table("[package]\nname = \"a\"\n").unwrap();
        let elsewhere = vec!["aarch64-apple-darwin".to_string()];
        let (builds, skipped) = plan_targets(&plain, None, &elsewhere, "aarch64-apple-darwin");
        assert_eq!(builds, [(Some("aarch64-apple-darwin".to_string()), true)]);
        assert!(skipped.is_empty());
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused() {
        for (text, said) in [
            (
                "features = \"full\"",
                "`features` is not an array of strings",
            ),
            (
                "all-features = \"yes\"",
                "`all-features` is not true or false",
            ),
            ("default-target = 1", "`default-target` is not a string"),
        ] {
            let manifest = format!("[package]\nname = \"a\"\n[package.metadata.docs.rs]\n{text}\n");
            assert_eq!(table(&manifest), Err(said.to_string()), "{text}");
        }
    }
}
