//! Dependencies of every kind and target (S27–S33, C11, C13).

use super::{Check, Level, PackageContext, Sink};

/// S30: `*` requirement.
pub static WILDCARD_DEPENDENCY: Check = Check {
    name: "wildcard_dependency",
    default: Level::Deny,
    blocks_publish: true,
    summary: "dependency with a `*` version requirement",
    explain: "crates.io refuses `*` requirements (\"wildcard (`*`) dependency constraints are not \
allowed\"), in every dependency table, dev and build included. `cargo publish --dry-run` does not \
check this.\n\nFix: require the version you build against, e.g. `serde = \"1\"`.",
};

/// C11: path or git dependency without a version.
pub static DEPENDENCY_WITHOUT_VERSION: Check = Check {
    name: "dependency_without_version",
    default: Level::Deny,
    blocks_publish: true,
    summary: "path or git dependency without a `version`",
    explain: "cargo removes `path` and `git` from dependencies when it publishes, so each must \
also carry a `version` that exists on crates.io (\"all dependencies must have a version \
requirement specified when publishing\").\n\nFix: add `version = \"x.y\"` beside `path` or \
`git`, and publish that dependency first.",
};

/// C11 for dev-dependencies: stripped, not refused.
pub static DEV_DEPENDENCY_WITHOUT_VERSION: Check = Check {
    name: "dev_dependency_without_version",
    default: Level::Note,
    blocks_publish: false,
    summary: "path or git dev-dependency without a `version` (cargo drops it when publishing)",
    explain: "cargo drops a dev-dependency that has no `version` from the published manifest, so \
tests and examples that use it will not build from the published crate.\n\nFix: nothing is \
required; add `version` if users should be able to run the tests from the package.",
};

/// S32, C13: another registry.
pub static FOREIGN_REGISTRY_DEPENDENCY: Check = Check {
    name: "foreign_registry_dependency",
    default: Level::Deny,
    blocks_publish: true,
    summary: "dependency from a registry other than crates.io",
    explain: "crates.io refuses dependencies hosted on other registries (\"Cross-registry \
dependencies are not permitted on crates.io\").\n\nFix: publish the dependency to crates.io \
first, or depend on a crates.io crate instead.",
};

/// S27: more than 500 dependencies.
pub static TOO_MANY_DEPENDENCIES: Check = Check {
    name: "too_many_dependencies",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 500 dependencies in all tables together",
    explain: "crates.io refuses more than 500 dependencies counted over normal, dev, build and \
target-specific tables.\n\nFix: drop unused dependencies, or ask help@crates.io.",
};

/// S28, S29: dependency names and renames.
pub static INVALID_DEPENDENCY_NAME: Check = Check {
    name: "invalid_dependency_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "dependency name or rename has characters crates.io refuses",
    explain: "A dependency's package name follows the crate-name rules; a renamed key \
(`foo = { package = \"bar\" }`) may also start with `_`. Both are at most 64 characters of ASCII \
letters, digits, `-` and `_`.\n\nFix: rename the key.",
};

/// Runs the dependency checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
