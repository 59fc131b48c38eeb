//! `rust-version` and `edition` (S17, S42, C5).

use super::{Check, Level, PackageContext, Sink};

/// S17: rust-version crates.io refuses.
pub static INVALID_RUST_VERSION: Check = Check {
    name: "invalid_rust_version",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`rust-version` is not digits and dots (e.g. `1.70`)",
    explain: "crates.io accepts a `rust-version` made only of digits and dots that parses as a \
version requirement: `1`, `1.70`, `1.70.0`. `^1.70` and `1.70.0-nightly` are refused.\n\nFix: \
write the minimum version, e.g. `rust-version = \"1.70\"`.",
};

/// S42: edition crates.io does not know.
pub static INVALID_EDITION: Check = Check {
    name: "invalid_edition",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`edition` is not 2015, 2018, 2021 or 2024",
    explain: "crates.io parses `edition` as one of 2015, 2018, 2021 and 2024; unstable editions \
are refused.\n\nFix: set `edition = \"2024\"` (or the edition the code is written for).",
};

/// Edition newer than rust-version allows.
pub static EDITION_RUST_VERSION_MISMATCH: Check = Check {
    name: "edition_rust_version_mismatch",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`rust-version` is older than the first Rust that supports `edition`",
    explain: "Edition 2024 needs Rust 1.85, 2021 needs 1.56, 2018 needs 1.31. A lower \
`rust-version` promises a toolchain that cannot even parse the manifest.\n\nFix: raise \
`rust-version` to at least the edition's first release.",
};

/// Policy: declare a minimum Rust.
pub static MISSING_RUST_VERSION: Check = Check {
    name: "missing_rust_version",
    default: Level::Warn,
    blocks_publish: false,
    summary: "no `rust-version`",
    explain: "Without `rust-version`, users of older toolchains get compile errors instead of a \
clear message, and cargo's MSRV-aware resolver cannot pick compatible versions.\n\nFix: add \
`rust-version = \"1.xx\"` with the oldest Rust the crate builds with (cargo-msrv finds it).",
};

/// Runs the rust-version and edition checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
