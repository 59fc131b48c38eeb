//! Test helpers: a package as `cargo metadata` reports it, and the findings a check makes on it.

use std::path::Path;

use cargo_metadata::Package;
use serde_json::{Value, json};

use super::{PackageContext, Sink};
use crate::config::Levels;
use crate::manifest::Manifest;
use crate::report::Finding;

/// A package in `cargo metadata`'s format, with `fields` laid over a minimal one.
pub fn package(manifest_path: &Path, fields: Value) -> Package {
    let mut package = json!({
        "name": "demo",
        "version": "0.1.0",
        "id": "path+file:///demo#0.1.0",
        "source": null,
        "dependencies": [],
        "targets": [],
        "features": {},
        "manifest_path": manifest_path,
        "edition": "2021",
    });
    merge(&mut package, fields);
    serde_json::from_value(package).expect("a valid cargo metadata package")
}

/// A dependency in `cargo metadata`'s format, with `fields` laid over a crates.io `^1` one.
pub fn dependency(name: &str, fields: Value) -> Value {
    let mut dependency = json!({
        "name": name,
        "source": "registry+https://github.com/rust-lang/crates.io-index",
        "req": "^1",
        "kind": null,
        "rename": null,
        "optional": false,
        "uses_default_features": true,
        "features": [],
        "target": null,
        "registry": null,
    });
    merge(&mut dependency, fields);
    dependency
}

fn merge(base: &mut Value, fields: Value) {
    if let (Some(base), Value::Object(fields)) = (base.as_object_mut(), fields) {
        base.extend(fields);
    }
}

/// Runs `check` with default levels over a manifest written at `dir/Cargo.toml` (the file is
/// not created) and a package built from `fields`.
pub fn findings_in(
    dir: &Path,
    check: fn(&PackageContext<'_>, &mut Sink<'_>),
    toml: &str,
    fields: Value,
) -> Vec<Finding> {
    let path = dir.join("Cargo.toml");
    let manifest = Manifest::parse(path.clone(), toml.to_string()).expect("valid TOML");
    let package = package(&path, fields);
    let levels = Levels::defaults();
    let mut sink = Sink::new(&levels, &manifest);
    check(
        &PackageContext {
            package: &package,
            manifest: &manifest,
        },
        &mut sink,
    );
    sink.into_findings()
}

/// [`findings_in`] for a package at `/demo`.
pub fn findings(
    check: fn(&PackageContext<'_>, &mut Sink<'_>),
    toml: &str,
    fields: Value,
) -> Vec<Finding> {
    findings_in(Path::new("/demo"), check, toml, fields)
}

/// The check names and 1-based lines of findings, for compact assertions.
pub fn placed(findings: &[Finding]) -> Vec<(&'static str, usize)> {
    findings
        .iter()
        .map(|f| (f.check, f.location.as_ref().map_or(0, |l| l.line)))
        .collect()
}
