//! The package-stage checks (C1, C10, C16, C21–C26, S34–S40): what only a real package, built
//! by cargo in a temporary copy, reveals. The stage itself lives in [`crate::stage`].

use super::{Check, Level};

/// C25: the verification build of the packaged crate failed.
pub static VERIFICATION_FAILED: Check = Check {
    name: "verification_failed",
    default: Level::Deny,
    blocks_publish: true,
    summary: "the crate does not build from its own package (cargo's verification build failed)",
    explain: "`cargo publish` unpacks the `.crate` it made and builds it before uploading. The \
build can fail there even when it works in your tree, most often because a file the code needs \
(a module, an `include_str!` file, a build-script input) is left out of the package by `exclude`, \
`include` or `.gitignore`.\n\nFix: read the compiler's first error and the file it points at; \
make sure every file the build needs is packaged (`cargo package --list` shows what is), by \
changing `include`/`exclude` or committing the file.",
};

/// C26: a build script wrote into the package sources.
pub static BUILD_SCRIPT_MODIFIED_SOURCES: Check = Check {
    name: "build_script_modified_sources",
    default: Level::Deny,
    blocks_publish: true,
    summary: "a build script changed files in the package sources during the verification build",
    explain: "cargo refuses to publish when the package's source directory changed while it \
was built (\"Source directory was modified by build.rs during cargo publish\"). Build scripts may \
only write below `OUT_DIR`; sources are read-only on docs.rs as well.\n\nFix: make the build \
script write to `std::env::var(\"OUT_DIR\")` and `include!` the generated file from there.",
};

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

/// C16: uncommitted changes in files that would be packaged.
pub static DIRTY_FILES: Check = Check {
    name: "dirty_files",
    default: Level::Deny,
    blocks_publish: true,
    summary: "files that would be packaged have uncommitted changes (git)",
    explain: "cargo refuses to package a crate whose packaged files differ from the git commit \
(\"files in the working directory contain changes that were not yet committed into git\"), so \
that the published crate matches a commit. With `--allow-dirty` it is a warning, as cargo \
packages the working tree then.\n\nFix: commit (or stash) the changes, or pass `--allow-dirty`.",
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

/// C24: a target whose source file is excluded from the package.
pub static TARGET_NOT_PACKAGED: Check = Check {
    name: "target_not_packaged",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a test, example, bench or binary's source is excluded, so cargo drops the target",
    explain: "Since Rust 1.80 cargo warns \"ignoring test `x` as `tests/x.rs` is not included in the \
published package\" and removes the target from the published manifest. For tests and \
examples that is often intended (to keep the crate small); for a binary or the library it \
means users get less than you built.\n\nFix: stop excluding the file, or say the target is \
not wanted in the package with `autotests = false` (or `autoexamples`, `autobenches`, \
`autobins`) in `[package]`.",
};

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

/// The toolchain is older than the package's rust-version.
pub static TOOLCHAIN_TOO_OLD: Check = Check {
    name: "toolchain_too_old",
    default: Level::Deny,
    blocks_publish: false,
    summary: "the package could not be verified: the toolchain is older than its `rust-version`",
    explain: "cargo does not build a package whose `rust-version` is newer than the running \
rustc, so the verification build did not run. This is not a defect of the crate, but the \
package was not verified.\n\nFix: run with a toolchain at least as new, e.g. `cargo +1.85 \
ready` or `rustup update`.",
};

/// S34, S35: over crates.io's size limits.
pub static CRATE_TOO_LARGE: Check = Check {
    name: "crate_too_large",
    default: Level::Deny,
    blocks_publish: true,
    summary: "the .crate is over 10 MiB compressed or 512 MiB unpacked",
    explain: "crates.io refuses a `.crate` over 10,485,760 bytes (\"max upload size is: \
10485760\") or over 512 MiB once unpacked.\n\nFix: leave large files out with `exclude` (test \
data, images, vendored sources); the largest files are listed.",
};

/// A large crate: allowed, but costly for everyone who downloads it.
pub static CRATE_LARGE: Check = Check {
    name: "crate_large",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the .crate is over 5 MiB compressed",
    explain: "Every user downloads the whole `.crate`. Over 5 MiB usually means test data, \
images or build output went in by accident.\n\nFix: leave the largest files out with `exclude`.",
};

/// Credentials in the package.
pub static SECRET_FILE: Check = Check {
    name: "secret_file",
    default: Level::Deny,
    blocks_publish: false,
    summary: "the package holds credentials: a key, token or credentials file",
    explain: "A published crate can never be deleted, only yanked; anything in it is public \
forever. Files named like credentials (`.env`, `id_rsa`, `.npmrc`, `.pypirc`, `credentials*`, \
`.cargo/credentials*`), private-key blocks and registry or cloud access tokens are reported by \
file and line (never the secret itself).\n\nFix: remove the file from the package (`exclude`, \
or `.gitignore` and untrack it) and revoke the secret if it was ever pushed. A key meant to be \
public (test data) can be allowed with `secret_file = \"allow\"` in `[package.metadata.ready]`.",
};

/// Build output, editor and OS files.
pub static JUNK_FILE: Check = Check {
    name: "junk_file",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the package holds build output, editor or OS files",
    explain: "Object files, libraries, executables, `target/` directories, editor backups and \
swap files, `.DS_Store`, `Thumbs.db` and core dumps make the crate larger and are of no use to \
its users.\n\nFix: add the `exclude` line cargo-ready prints to `[package]`.",
};

/// The license text is not shipped.
pub static LICENSE_TEXT_MISSING: Check = Check {
    name: "license_text_missing",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the license requires its text to be shipped, and the package has none",
    explain: "MIT, Apache-2.0, the BSD licenses, ISC, Zlib, BSL-1.0, the GPL family and others \
require that copies carry the license text. A package with no LICENSE*, LICENCE*, COPYING* \
file (or `license-file`) distributes the code without it.\n\nFix: add the license files \
(e.g. LICENSE-MIT and LICENSE-APACHE) beside Cargo.toml and make sure they are packaged.",
};

/// The README is not in the package.
pub static README_NOT_PACKAGED: Check = Check {
    name: "readme_not_packaged",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the README named by the manifest is not in the package",
    explain: "crates.io shows the README sent at publish time, but the package itself (and so \
docs.rs and `#![doc = include_str!(\"../README.md\")]`) lacks it when `include`/`exclude` \
leave it out.\n\nFix: add the README to `include`, or remove it from `exclude`.",
};

/// S38, S39: entries crates.io refuses.
pub static INVALID_PACKAGE_PATH: Check = Check {
    name: "invalid_package_path",
    default: Level::Deny,
    blocks_publish: true,
    summary: "the .crate holds a symlink, a `..` path or a non-UTF-8 name",
    explain: "crates.io accepts only regular files and directories below `NAME-VERSION/`, with \
UTF-8 names and no `..` (\"invalid path found\", \"unexpected tar entry type\").\n\nFix: replace \
the symlink by the file, rename the file, or exclude it.",
};

/// C22: names Windows cannot create.
pub static WINDOWS_RESERVED_NAME: Check = Check {
    name: "windows_reserved_name",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a packaged file name is reserved on Windows (con, nul, aux, com1, ...)",
    explain: "Windows cannot create files named `con`, `prn`, `aux`, `nul`, `com1`-`com9` or \
`lpt1`-`lpt9`, with any extension, so the crate cannot be unpacked there.\n\nFix: rename the \
file, or exclude it.",
};
