//! What cargo says that has no check of its own, or that the manifest stage already knows:
//! errors and warnings passed on with the Cargo.toml key they concern, file names cargo refuses
//! (C22), and cargo's missing-metadata warning (C1) unless the manifest checks said it first.

use super::{StageContext, exclude_it, source_location};
use crate::checks::publish_order::DEV_DEPENDENCY_CYCLE;
use crate::checks::{PackageContext, Sink, Target, dependencies, license, readme};
use crate::model::{Check, Level, Location, backquoted};
use crate::stage::parse::CompilerError;

/// C22: file names cargo cannot package.
pub static UNPACKAGEABLE_FILE: Check = Check {
    name: "unpackageable_file",
    default: Level::Deny,
    blocks_publish: true,
    summary: "a file name cargo refuses to package (special character, not UTF-8)",
    explain: "cargo refuses file names with `/ \\ < > : \" | ? *` or that are not valid UTF-8, \
since they cannot be unpacked everywhere.\n\nFix: rename the file, or leave it out of the \
package with `exclude`.",
};

/// C1: cargo's missing-metadata warning.
pub static CARGO_METADATA_WARNING: Check = Check {
    name: "cargo_metadata_warning",
    default: Level::Warn,
    blocks_publish: false,
    summary: "cargo warns that the manifest has no description, license or links",
    explain: "cargo warns \"manifest has no ...\" when `description`, `license`/`license-file`, or \
all of `documentation`, `homepage` and `repository` are missing.\n\nFix: add the fields cargo \
names to `[package]`.",
};

/// Any error cargo reports that no other check covers.
pub static CARGO_ERROR: Check = Check {
    name: "cargo_error",
    default: Level::Deny,
    blocks_publish: true,
    summary: "cargo package or cargo publish --dry-run failed",
    explain: "cargo reported an error that has no check of its own; cargo-ready shows it rather \
than drop it.\n\nFix: read cargo's message (`cargo ready -v` shows cargo's whole output).",
};

/// Any warning cargo reports that no other check covers.
pub static CARGO_WARNING: Check = Check {
    name: "cargo_warning",
    default: Level::Warn,
    blocks_publish: false,
    summary: "cargo warned while packaging or verifying",
    explain: "cargo (or the compiler, during the verification build) printed a warning that has \
no check of its own; cargo-ready shows it rather than drop it.\n\nFix: read the warning \
(`cargo ready -v` shows cargo's whole output).",
};

/// `manifest has no ...`, unless the manifest checks already reported every field it names.
pub fn metadata_missing(fields: &str, stage: &StageContext<'_>, sink: &mut Sink<'_>) {
    let covered = |field: &str| {
        let by: &[&str] = match field {
            "description" => &["missing_description"],
            "license" | "license-file" => &["missing_license"],
            "documentation" | "homepage" | "repository" => &["missing_repository", "invalid_url"],
            _ => &[],
        };
        by.iter().any(|check| stage.reported.contains(check))
    };
    let named: Vec<&str> = fields
        .split([',', ' '])
        .filter(|word| !word.is_empty() && *word != "or")
        .collect();
    if !named.is_empty() && named.iter().all(|field| covered(field)) {
        return;
    }
    sink.report(
        &CARGO_METADATA_WARNING,
        Target::key(&["package"]),
        format!("cargo warns that the manifest has no {fields}"),
        format!("add {fields} to `[package]`"),
    );
}

/// A path or git dependency without a version, unless the manifest checks reported it.
pub fn dependency_without_version(
    ctx: &PackageContext<'_>,
    dependency: &str,
    stage: &StageContext<'_>,
    sink: &mut Sink<'_>,
) {
    if stage
        .reported
        .contains(dependencies::DEPENDENCY_WITHOUT_VERSION.name)
    {
        return;
    }
    let table = ["dependencies", "build-dependencies"]
        .into_iter()
        .find(|t| ctx.manifest.get(&[t, dependency]).is_some())
        .unwrap_or("dependencies");
    sink.report(
        &dependencies::DEPENDENCY_WITHOUT_VERSION,
        Target::key(&[table, dependency]),
        format!("dependency `{dependency}` has no `version`, so cargo cannot publish it"),
        format!("add `version = \"x.y\"` to `{dependency}` beside its `path` or `git`, and publish `{dependency}` first"),
    );
}

/// `readme` or `license-file` naming a missing file, unless the manifest checks reported it.
pub fn missing_file(key: &str, path: &str, stage: &StageContext<'_>, sink: &mut Sink<'_>) {
    let (check, help) = match key {
        "readme" => (
            &readme::README_NOT_FOUND,
            "correct the path, add the file, or set `readme = false`",
        ),
        _ => (
            &license::LICENSE_FILE_NOT_FOUND,
            "correct the path, or add the file",
        ),
    };
    if stage.reported.contains(check.name) {
        return;
    }
    sink.report(
        check,
        Target::key(&["package", key]),
        format!("{key} `{path}` does not exist"),
        help.to_string(),
    );
}

/// A file name cargo refuses to package.
pub fn unpackageable(ctx: &PackageContext<'_>, path: &str, reason: &str, sink: &mut Sink<'_>) {
    sink.report_at(
        &UNPACKAGEABLE_FILE,
        format!("cargo cannot package `{path}`: {reason}"),
        format!(
            "rename the file, or leave it out: {}",
            exclude_it(ctx, path)
        ),
        Some(Location::file(ctx.root().join(path))),
    );
}

/// A dependency cargo cannot find in the registry.
pub fn missing_dependency(
    ctx: &PackageContext<'_>,
    dependency: &str,
    stage: &StageContext<'_>,
    sink: &mut Sink<'_>,
) {
    let name = &ctx.package.name;
    let unpublished_sibling = !stage.checked_together.contains(&dependency)
        && ctx
            .package
            .dependencies
            .iter()
            .any(|d| d.name == dependency && d.path.is_some());
    let help = if unpublished_sibling {
        format!(
            "`{dependency}` is a path dependency that is not published yet: check both together (`cargo ready -p {dependency} -p {name}`, or `--workspace`) and publish `{dependency}` first"
        )
    } else {
        format!("publish `{dependency}` first, or correct the dependency's name")
    };
    let entry = ctx
        .package
        .dependencies
        .iter()
        .find(|d| d.name == dependency)
        .and_then(|dep| dependencies::entry_keys(ctx.manifest, dep));
    let message = format!(
        "dependency `{dependency}` is not in the registry, so the package cannot be built from it"
    );
    match entry {
        Some(keys) => {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            sink.report(&CARGO_ERROR, Target::key(&keys), message, help);
        }
        None => {
            sink.report_at(&CARGO_ERROR, message, help, None);
        }
    }
}

/// cargo stopped a workspace publish with packages left waiting for each other: said at the
/// dev-dependency that closes the cycle when the manifest stage found it, else here.
pub fn publish_stalled(
    ctx: &PackageContext<'_>,
    waiting: &[String],
    stage: &StageContext<'_>,
    sink: &mut Sink<'_>,
) {
    let name = ctx.package.name.as_str();
    if !waiting.iter().any(|w| w == name) || stage.reported.contains(DEV_DEPENDENCY_CYCLE.name) {
        return;
    }
    let cycle = ctx
        .publishing_together
        .and_then(|set| set.dev_cycle_through(name));
    let message = format!(
        "`cargo publish --workspace` stops before uploading `{name}`: it waits for packages of the same publish that wait for it in turn"
    );
    let help = match cycle {
        Some((holder, dev, cycle)) => format!(
            "the cycle is {cycle}: remove `version` from the dev-dependency `{dev}` of `{holder}` (reported there as `dev_dependency_cycle`)"
        ),
        None => format!(
            "a dev-dependency with `version` on a package of the same publish that depends back makes such a cycle (cargo issues #4242 and #16682): remove its `version`; cargo left {} waiting",
            backquoted(waiting)
        ),
    };
    sink.report_at(&CARGO_ERROR, message, help, None);
}

/// A compiler warning in the verification build.
pub fn compiler_warning(warning: &CompilerError, sink: &mut Sink<'_>) {
    let at = warning
        .spot
        .as_ref()
        .map(|spot| source_location(spot.path.clone(), spot.line, spot.column));
    sink.report_at(
        &CARGO_WARNING,
        format!("the verification build warns: {}", warning.message),
        "fix the warning, or run `cargo build` in your tree for the compiler's full message"
            .to_string(),
        at,
    );
}

/// `readme` or `license-file` outside the package, shadowed by a file of the same name in the
/// package root, which is what the package carries.
pub fn file_shadowed(
    ctx: &PackageContext<'_>,
    key: &str,
    path: &str,
    name: &str,
    sink: &mut Sink<'_>,
) {
    let inherited = if ctx.manifest.is_inherited(&["package", key]) {
        " in this package's Cargo.toml (it overrides the inherited value)"
    } else {
        ""
    };
    sink.report(
        &CARGO_WARNING,
        Target::key(&["package", key]),
        format!("`{key}` names `{path}`, but the package root has its own `{name}`, which is what cargo packages"),
        format!("write `{key} = \"{name}\"`{inherited} to publish the package's own, or remove `{name}` from the package root to publish `{path}`"),
    );
}

/// What cargo warns about the manifest, at the key it concerns.
pub fn manifest_warning(kind: ManifestWarning<'_>, stage: &StageContext<'_>, sink: &mut Sink<'_>) {
    match kind {
        ManifestWarning::IncludeAndExclude => sink.report(
            &CARGO_WARNING,
            Target::key(&["package", "exclude"]),
            "both `include` and `exclude` are set, so cargo ignores `exclude`",
            "remove `exclude`, and leave the files out by narrowing `include`".to_string(),
        ),
        ManifestWarning::LicenseAndLicenseFile => {
            if stage
                .reported
                .contains(license::LICENSE_AND_LICENSE_FILE.name)
            {
                return;
            }
            sink.report(
                &CARGO_WARNING,
                Target::key(&["package", "license-file"]),
                "cargo warns that only one of `license` and `license-file` is needed",
                "keep `license` for an SPDX license, or `license-file` alone for another one"
                    .to_string(),
            )
        }
        ManifestWarning::EditionUnspecified => sink.report(
            &CARGO_WARNING,
            Target::key(&["package", "edition"]),
            "no `edition`: cargo builds the crate as edition 2015",
            "add `edition = \"2024\"` (or the edition the code is written for) to `[package]`"
                .to_string(),
        ),
        ManifestWarning::UnusedKey(key) => {
            let keys: Vec<&str> = key.split('.').collect();
            sink.report(
                &CARGO_WARNING,
                Target::key(&keys),
                format!("cargo does not know the key `{key}` and ignores it"),
                "remove the key, or correct its name (`cargo ready` reads the manifest as cargo does)".to_string(),
            )
        }
    };
}

/// A warning about the manifest that has a key to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestWarning<'a> {
    /// Both `include` and `exclude`.
    IncludeAndExclude,
    /// Both `license` and `license-file`.
    LicenseAndLicenseFile,
    /// No `edition`.
    EditionUnspecified,
    /// A key cargo does not know.
    UnusedKey(&'a str),
}

/// Phrases of cargo's network errors.
const NETWORK_FAILURES: &[&str] = &[
    "Could not resolve host",
    "spurious network error",
    "failed to download",
    "Unable to update registry",
    "failed to query replaced source registry",
    "Couldn't connect to server",
];

/// cargo failed without saying why.
pub fn failed_silently(status: &str, sink: &mut Sink<'_>) {
    sink.report_at(
        &CARGO_ERROR,
        format!("cargo failed (exit {status}) without saying why"),
        "run `cargo ready -v` to see cargo's whole output".to_string(),
        None,
    );
}

/// What cargo said that no check recognises: its first line as the message, the rest (the
/// `Caused by:` chain) as help.
pub fn relay(error: bool, text: &str, sink: &mut Sink<'_>) {
    let check = if error { &CARGO_ERROR } else { &CARGO_WARNING };
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let rest: Vec<&str> = rest
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "Caused by:")
        .collect();
    let help = if text.contains("to select a single package") || text.contains("package-workspace")
    {
        // cargo before 1.90 cannot package or publish several packages in one run (C27).
        "this cargo is older than 1.90 and cannot check several packages in one run: use a newer toolchain (`cargo +1.90 ready`), or check one package at a time with `-p NAME`".to_string()
    } else if NETWORK_FAILURES.iter().any(|n| text.contains(n)) {
        format!(
            "{}\ncargo could not reach the registry: check the connection, or run `cargo ready --offline` (the publish dry run is then skipped)",
            rest.join("\n")
        )
    } else if rest.is_empty() {
        "run `cargo ready -v` to see cargo's whole output".to_string()
    } else {
        rest.join("\n")
    };
    sink.report_at(check, format!("cargo: {first}"), help, None);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::checks::test_support::package;
    use crate::read::manifest::Manifest;

    fn said(fields: &str, reported: &[&'static str]) -> Vec<String> {
        let manifest = Manifest::parse(
            "/demo/Cargo.toml".into(),
            "[package]\nname = \"demo\"\n".to_string(),
        )
        .unwrap();
        let package = package(&manifest.path, serde_json::json!({}));
        let ctx = PackageContext::manifest_only(&package, &manifest);
        let reported: BTreeSet<&'static str> = reported.iter().copied().collect();
        let stage = StageContext {
            allow_dirty: false,
            checked_together: &[],
            reported: &reported,
            lockfile: None,
        };
        let mut sink = Sink::new(&ctx);
        metadata_missing(fields, &stage, &mut sink);
        sink.into_findings()
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn cargos_missing_metadata_warning_is_said_only_when_the_manifest_checks_did_not() {
        let all = "description, license, license-file, documentation, homepage or repository";
        let ours = [
            "missing_description",
            "missing_license",
            "missing_repository",
        ];
        assert!(said(all, &ours).is_empty());
        assert_eq!(
            said(all, &ours[..2]),
            [format!("cargo warns that the manifest has no {all}")]
        );
        assert!(said("documentation, homepage or repository", &["invalid_url"]).is_empty());
        assert_eq!(said("description", &[]).len(), 1);
    }
}
