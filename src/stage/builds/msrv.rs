//! `--msrv`: the library and binaries checked with the toolchain the declared `rust-version`
//! names, as a user on that toolchain builds them. The packaged Cargo.lock is set aside and the
//! current cargo resolves with the MSRV-aware resolver (`fallback`: the newest versions whose
//! `rust-version` the package's allows), writing a lock file the old cargo can read; then
//! `cargo check --lib --bins` runs on the old toolchain, in a target directory of its own.

use serde::{Deserialize, Serialize};

use super::toolchains::{self, Toolchains};
use super::{BuildRun, Command, Package};
use crate::error::Error;
use crate::stage::replay::Cache;

/// The variable that makes cargo's resolver prefer versions the package's rust-version allows.
const RESOLVER: (&str, Option<&str>) = (
    "CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS",
    Some("fallback"),
);

/// What the check on the declared toolchain showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MsrvRun {
    /// The `rust-version` the package declares.
    pub rust_version: String,
    /// The rustc it ran on (`rustc 1.88.0 (...)`).
    pub toolchain: String,
    /// What cargo showed.
    pub run: BuildRun,
}

/// The `rustup` command that installs the toolchain for `rust_version`.
pub fn install_command(rust_version: &str) -> String {
    format!("rustup toolchain install {rust_version}")
}

/// Runs the check on the declared toolchain, or replays it; `Ok(Err(why))` when it cannot run.
pub(super) fn run(
    package: &mut Package<'_>,
    toolchains: &mut Toolchains,
    cache: &mut Cache,
) -> Result<Result<MsrvRun, String>, Error> {
    let pkg = package.selected.package;
    let Some(rust_version) = pkg.rust_version.as_ref().map(|v| v.to_string()) else {
        return Ok(Err("it declares no `rust-version` to check".to_string()));
    };
    let Some(toolchain) = toolchains.matching(&rust_version) else {
        return Ok(Err(format!(
            "the toolchain for its rust-version {rust_version} is not installed: `{}` makes it run",
            install_command(&rust_version)
        )));
    };
    let mut targets = Vec::new();
    if pkg.targets.iter().any(|t| t.is_lib() || t.is_proc_macro()) {
        targets.push("--lib");
    }
    if pkg.targets.iter().any(|t| t.is_bin()) {
        targets.push("--bins");
    }
    if targets.is_empty() {
        return Ok(Err("it has no library or binary to check".to_string()));
    }
    let version = toolchains.version(Some(&toolchain));
    let key = package.key(&format!("msrv\n{version}\n{targets:?}"));
    if let Some(saved) = key
        .as_deref()
        .and_then(|k| cache.get::<MsrvRun>(package.name, "msrv", k))
    {
        package
            .progress
            .status("Fresh", &format!("{} (Rust {rust_version})", package.name));
        return Ok(Ok(saved));
    }
    let root = package.root()?;
    let _ = std::fs::remove_file(root.join("Cargo.lock"));
    let mut lock_args = vec!["generate-lockfile".to_string()];
    if package.place.offline {
        lock_args.push("--offline".into());
    }
    let locked = package.cargo(&Command {
        program: crate::process::cargo_program(),
        args: lock_args,
        env: vec![RESOLVER],
    })?;
    if let Some(reason) = locked.not_run {
        return Ok(Err(reason));
    }
    let release = toolchains::release_line(&version).to_string();
    let run = if locked.run.success {
        package.progress.status(
            "Checking",
            &format!("{} with Rust {rust_version} ({release})", package.name),
        );
        let (program, mut args, unset) = toolchains::cargo_of(Some(&toolchain));
        let target_dir = package.place.target.join("msrv");
        args.push("check".into());
        args.extend(targets.iter().map(|t| t.to_string()));
        args.extend([
            "--message-format".into(),
            "json".into(),
            "--target-dir".into(),
        ]);
        args.push(target_dir.to_string_lossy().into_owned());
        if package.place.offline {
            args.push("--offline".into());
        }
        let mut env = vec![RESOLVER];
        env.extend(unset.iter().map(|v| (*v, None)));
        let ran = package.cargo(&Command { program, args, env })?;
        if let Some(reason) = ran.not_run {
            return Ok(Err(reason));
        }
        ran.run
    } else {
        locked.run
    };
    let msrv = MsrvRun {
        rust_version,
        toolchain: release,
        run,
    };
    if let Some(key) = key {
        cache.put(package.name, "msrv", key, &msrv);
    }
    Ok(Ok(msrv))
}
