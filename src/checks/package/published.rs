//! What the registry already holds (C10, C21, S10): the version being published, a sibling
//! published with other contents, yanked versions in the packaged lockfile.

use std::path::Path;

use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Level, Location};

/// C10, S10: the version is already on the registry.
pub static ALREADY_PUBLISHED: Check = Check {
    name: "already_published",
    default: Level::Deny,
    blocks_publish: true,
    summary: "this version of the crate is already published",
    explain: "A version can be published once. `cargo publish --dry-run` only warns (\"crate \
NAME@VERSION already exists\"), but the real publish stops there, so for a release gate it is \
an error.\n\nFix: bump `package.version` (and update the changelog), or leave this package out \
of the release.",
};

/// The checksum case: a sibling at this version is already published with other contents.
pub static VERSION_ALREADY_PUBLISHED_DIFFERS: Check = Check {
    name: "version_already_published_differs",
    default: Level::Deny,
    blocks_publish: true,
    summary: "a version being packaged is already published with different contents",
    explain: "When several packages are verified together, cargo locks the local package and \
then finds the registry's copy of the same version with another checksum (\"unable to verify \
that X is the same as when the lockfile was generated\"). The version was already published \
from other sources, so it cannot be published again.\n\nFix: bump the version of that package \
and of the packages that depend on it.",
};

/// C21: a yanked version in the generated lockfile.
pub static YANKED_DEPENDENCY: Check = Check {
    name: "yanked_dependency",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the package's Cargo.lock uses a yanked dependency version",
    explain: "cargo warns when the lockfile it packages pins a version that was yanked from the \
registry: it was withdrawn, usually for a bug or a security problem.\n\nFix: `cargo update -p \
NAME` to move to a version that is not yanked.",
};

/// `crate NAME@VERSION already exists`: a dry run only warns, the publish stops there.
pub fn already_published(ctx: &PackageContext<'_>, registry: &str, sink: &mut Sink<'_>) {
    let package = ctx.package;
    sink.report(
        &ALREADY_PUBLISHED,
        Target::key(&["package", "version"]),
        format!("`{}@{}` is already published on {registry}", package.name, package.version),
        "a version can be published only once: bump `package.version`, or leave this package out of the release".to_string(),
    );
}

/// A version being verified is already published with other contents.
pub fn published_differs(package: &str, sink: &mut Sink<'_>) {
    sink.report(
        &VERSION_ALREADY_PUBLISHED_DIFFERS,
        Target::key(&["package", "version"]),
        format!("`{package}` is already published with different contents, so it cannot be verified or published again at this version"),
        format!(
            "bump the version of `{}` and of the packages that depend on it",
            package.split(' ').next().unwrap_or(package)
        ),
    );
}

/// A yanked version in the packaged lockfile, pointed at where the workspace's Cargo.lock pins
/// it, or at the dependency's entry in Cargo.toml.
pub fn yanked(
    ctx: &PackageContext<'_>,
    package: &str,
    registry: &str,
    lockfile: Option<&Path>,
    sink: &mut Sink<'_>,
) {
    let (name, version) = package.split_once(" v").unwrap_or((package, ""));
    let message = format!(
        "the package's Cargo.lock uses `{package}`, which is yanked in registry `{registry}`"
    );
    let help = format!("run `cargo update -p {name}` to move to a version that is not yanked");
    if let Some(location) = lockfile.and_then(|file| pinned_at(file, name, version)) {
        sink.report_at(&YANKED_DEPENDENCY, message, help, Some(location));
        return;
    }
    let direct = ctx.package.dependencies.iter().find(|d| d.name == name);
    match direct.and_then(|dep| crate::checks::dependencies::entry_keys(ctx.manifest, dep)) {
        Some(keys) => {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            sink.report(&YANKED_DEPENDENCY, Target::key(&keys), message, help);
        }
        None => {
            sink.report_at(&YANKED_DEPENDENCY, message, help, None);
        }
    }
}

/// The `name = "..."` line of the lockfile's `[[package]]` entry for `name` at `version`.
fn pinned_at(lockfile: &Path, name: &str, version: &str) -> Option<Location> {
    let text = std::fs::read_to_string(lockfile).ok()?;
    let name_line = format!("name = \"{name}\"\nversion = \"{version}\"");
    let start = text.find(&name_line)?;
    let end = start + name_line.len();
    let (line, column) = crate::read::manifest::line_column(&text, start);
    Some(Location {
        file: lockfile.to_path_buf(),
        line,
        column,
        span: Some(start..end),
    })
}
