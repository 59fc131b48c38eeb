//! Test helpers: run one check family over a Cargo.toml written inline, without cargo.
//!
//! The [`Package`] stands in for what `cargo metadata` reports: either built from the manifest's
//! own `[package]` table ([`run`], [`run_in`]; inherited values come as JSON overrides), or from
//! explicit fields laid over a minimal package ([`findings`], [`findings_in`]).

use std::path::Path;

use cargo_metadata::Package;
use serde_json::{Map, Value, json};

use super::{PackageContext, Sink};
use crate::model::Finding;
use crate::read::manifest::Manifest;

type CheckFn = fn(&PackageContext<'_>, &mut Sink<'_>);

/// Runs `check` over `toml` (at `dir/Cargo.toml`, not created) with the package described by
/// the manifest itself plus `overrides`, every check at its default level.
pub fn run_in(dir: &Path, toml: &str, overrides: Value, check: CheckFn) -> Vec<Finding> {
    let manifest = parse(dir, toml);
    let mut fields = fields_from_manifest(&manifest);
    merge(&mut fields, overrides);
    check_with(check, &manifest, &package(&manifest.path, fields))
}

/// [`run_in`] in a directory that does not exist.
pub fn run(toml: &str, overrides: Value, check: CheckFn) -> Vec<Finding> {
    run_in(Path::new("/nonexistent/pkg"), toml, overrides, check)
}

/// Runs `check` over `toml` (at `dir/Cargo.toml`, not created) and a package built from
/// `fields` alone, every check at its default level.
pub fn findings_in(dir: &Path, check: CheckFn, toml: &str, fields: Value) -> Vec<Finding> {
    let manifest = parse(dir, toml);
    check_with(check, &manifest, &package(&manifest.path, fields))
}

/// [`findings_in`] for a package at `/demo`.
pub fn findings(check: CheckFn, toml: &str, fields: Value) -> Vec<Finding> {
    findings_in(Path::new("/demo"), check, toml, fields)
}

/// The names of the checks that produced `findings`, in order.
pub fn names(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.check).collect()
}

/// The check names and 1-based lines of findings, for compact assertions.
pub fn placed(findings: &[Finding]) -> Vec<(&'static str, usize)> {
    findings
        .iter()
        .map(|f| (f.check, f.location.as_ref().map_or(0, |l| l.line)))
        .collect()
}

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

fn parse(dir: &Path, toml: &str) -> Manifest {
    Manifest::parse(dir.join("Cargo.toml"), toml.to_string()).expect("valid TOML")
}

fn check_with(check: CheckFn, manifest: &Manifest, package: &Package) -> Vec<Finding> {
    let ctx = PackageContext::manifest_only(package, manifest);
    let mut sink = Sink::new(&ctx);
    check(&ctx, &mut sink);
    sink.into_findings()
}

fn merge(base: &mut Value, fields: Value) {
    if let (Some(base), Value::Object(fields)) = (base.as_object_mut(), fields) {
        base.extend(fields);
    }
}

/// What `cargo metadata` would report for the manifest's own `[package]` table.
fn fields_from_manifest(manifest: &Manifest) -> Value {
    let text = |key: &str| manifest.get_str(&["package", key]).map(str::to_string);
    let list = |key: &str| {
        manifest
            .get(&["package", key])
            .and_then(|item| item.as_array())
            .map(|array| array.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let name = text("name").unwrap_or_else(|| "pkg".to_string());
    let version = text("version").unwrap_or_else(|| "0.1.0".to_string());
    let mut fields = Map::new();
    fields.insert(
        "id".into(),
        json!(format!("path+file:///pkg#{name}@{version}")),
    );
    fields.insert("name".into(), json!(name));
    fields.insert("version".into(), json!(version));
    for key in [
        "description",
        "license",
        "repository",
        "homepage",
        "documentation",
    ] {
        fields.insert(key.into(), json!(text(key)));
    }
    fields.insert("license_file".into(), json!(text("license-file")));
    fields.insert("keywords".into(), json!(list("keywords")));
    fields.insert("categories".into(), json!(list("categories")));
    Value::Object(fields)
}
