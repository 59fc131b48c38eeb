//! The `readme` field (C14, C15) and the README policy.

use super::{Check, Level, PackageContext, Sink};

/// C14: readme names a file that is not there.
pub static README_NOT_FOUND: Check = Check {
    name: "readme_not_found",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`readme` names a file that does not exist",
    explain: "Since Rust 1.81 cargo refuses to package a crate whose `readme` does not exist \
(relative to the package root).\n\nFix: correct the path, add the file, or set `readme = false`.",
};

/// Policy: a README.
pub static MISSING_README: Check = Check {
    name: "missing_readme",
    default: Level::Deny,
    blocks_publish: false,
    summary: "no README (neither `readme` nor README.md / README.txt / README)",
    explain: "The README is the crate's page on crates.io. cargo uses README.md, README.txt or \
README in the package root when `readme` is not set. crates.io does not require one; cargo-ready \
does by default.\n\nFix: add a README.md beside Cargo.toml, or set `readme = \"path\"`.",
};

/// Runs the readme checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
