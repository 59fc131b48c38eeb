//! Test helpers: run manifest checks over a Cargo.toml written inline, without cargo.
//!
//! The [`Package`] is built from the manifest's own `[package]` table, the way `cargo metadata`
//! would report it; tests that need inherited values pass them as JSON overrides.

use std::path::Path;

use cargo_metadata::Package;
use serde_json::{Map, Value, json};

use super::{PackageContext, Sink};
use crate::config::Levels;
use crate::manifest::Manifest;
use crate::report::Finding;

/// Runs `check` over `toml` (at `dir/Cargo.toml`), with every check at its default level.
pub fn run_in(
    dir: &Path,
    toml: &str,
    overrides: Value,
    check: fn(&PackageContext<'_>, &mut Sink<'_>),
) -> Vec<Finding> {
    let manifest = Manifest::parse(dir.join("Cargo.toml"), toml.to_string()).unwrap();
    let package = package_for(&manifest, overrides);
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

/// Runs `check` over `toml` in a directory that does not exist.
pub fn run(
    toml: &str,
    overrides: Value,
    check: fn(&PackageContext<'_>, &mut Sink<'_>),
) -> Vec<Finding> {
    run_in(Path::new("/nonexistent/pkg"), toml, overrides, check)
}

/// The names of the checks that produced `findings`, in order.
pub fn names(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.check).collect()
}

/// What `cargo metadata` would report for the manifest's `[package]`, plus `overrides`.
fn package_for(manifest: &Manifest, overrides: Value) -> Package {
    let mut fields = Map::new();
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
    fields.insert("name".into(), json!(name));
    fields.insert("version".into(), json!(version));
    fields.insert(
        "id".into(),
        json!(format!("path+file:///pkg#{name}@{version}")),
    );
    fields.insert("dependencies".into(), json!([]));
    fields.insert("targets".into(), json!([]));
    fields.insert("features".into(), json!({}));
    fields.insert(
        "manifest_path".into(),
        json!(manifest.path.to_string_lossy()),
    );
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
    if let Value::Object(extra) = overrides {
        fields.extend(extra);
    }
    serde_json::from_value(Value::Object(fields)).unwrap()
}
