//! Crates that crates.io accepted must pass every check that blocks the publish.
//!
//! Sweeps the published manifests in the local cargo registry cache (at least this project's
//! own dependencies, which every build has unpacked there) and fails on any finding with
//! `blocks_publish: true`: each one would be a false alarm, unless the rule is younger than
//! the version (crates.io and cargo tightened some rules; docs/rules.md dates them), which the
//! index's publication time tells. `CARGO_READY_SWEEP_DIR` points the sweep at another
//! directory of unpacked `.crate` files.

use std::path::PathBuf;

use cargo_ready::cli::Args;

/// Blocking checks whose rule came into force after crates had been published without it, and
/// the day it did (docs/rules.md): S22, unknown category slugs an error on crates.io; C14,
/// cargo refusing a missing readme or license file (cargo 1.81).
const RULES_SINCE: &[(&str, &str)] = &[
    ("unknown_category", "2024-06-26"),
    ("readme_not_found", "2024-09-05"),
    ("license_file_not_found", "2024-09-05"),
];

/// Whether `check`'s rule is younger than version `version` of crate `name`, by the index's
/// publication time (unknown: not younger).
fn rule_is_younger(check: &str, name: &str, version: &str) -> bool {
    let Some((_, since)) = RULES_SINCE.iter().find(|(c, _)| *c == check) else {
        return false;
    };
    cargo_ready::read::registry::index_cache::cached_versions(name)
        .into_iter()
        .flatten()
        .find(|v| v.version.to_string() == version)
        .and_then(|v| v.published)
        .is_some_and(|published| published.as_str() < *since)
}

fn crate_dirs() -> Vec<PathBuf> {
    let roots: Vec<PathBuf> = match std::env::var_os("CARGO_READY_SWEEP_DIR") {
        Some(dir) => vec![PathBuf::from(dir)],
        None => {
            let home = cargo_ready::paths::cargo_home().expect("CARGO_HOME or HOME is set");
            std::fs::read_dir(home.join("registry/src"))
                .map(|dirs| dirs.flatten().map(|d| d.path()).collect())
                .unwrap_or_default()
        }
    };
    let mut dirs: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| std::fs::read_dir(root).ok())
        .flat_map(|entries| entries.flatten().map(|e| e.path()))
        .filter(|dir| dir.join("Cargo.toml").is_file() && dir.join("Cargo.toml.orig").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn published_crates_pass_every_blocking_check() {
    let dirs = crate_dirs();
    assert!(
        dirs.len() >= 20,
        "expected the registry cache to hold this project's dependencies, found {} crates",
        dirs.len()
    );
    let mut checked = 0;
    let mut false_alarms = Vec::new();
    for dir in &dirs {
        let manifest = dir.join("Cargo.toml");
        let args = Args::parse_from([
            "cargo-ready",
            "ready",
            "--no-package",
            // The sweep is about the checks that block a publish.
            "-A",
            "dead_source_file",
            "--manifest-path",
            manifest.to_str().unwrap(),
        ])
        .unwrap();
        let Ok(report) = cargo_ready::run(&args) else {
            continue;
        };
        checked += 1;
        for package in &report.packages {
            for finding in package
                .findings
                .iter()
                .filter(|f| f.blocks_publish)
                .filter(|f| !rule_is_younger(f.check, &package.name, &package.version))
            {
                false_alarms.push(format!(
                    "{}: {}[{}]: {}",
                    dir.file_name().unwrap().to_string_lossy(),
                    finding.severity.as_str(),
                    finding.check,
                    finding.message
                ));
            }
        }
    }
    assert!(checked >= 20, "only {checked} crates could be checked");
    assert!(
        false_alarms.is_empty(),
        "{} false alarms over {checked} published crates:\n{}",
        false_alarms.len(),
        false_alarms.join("\n")
    );
}
