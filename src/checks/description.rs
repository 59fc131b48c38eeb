//! The `description` field (S11, S12).

use super::{Check, Level, PackageContext, Sink};

/// S11: description missing or empty.
pub static MISSING_DESCRIPTION: Check = Check {
    name: "missing_description",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`description` is missing or empty",
    explain: "crates.io refuses a crate without a `description` (\"missing or empty metadata \
fields: description\"). It is the line shown under the name in search results.\n\nFix: add \
`description = \"...\"` to `[package]`: one sentence saying what the crate does.",
};

/// S12: description longer than 1000 bytes.
pub static DESCRIPTION_TOO_LONG: Check = Check {
    name: "description_too_long",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`description` is longer than 1000 bytes",
    explain: "crates.io refuses a `description` longer than 1000 bytes of UTF-8 (its message \
says characters, but it counts bytes, so accented and non-Latin text reaches the limit \
sooner).\n\nFix: keep the description to a sentence or two and move the rest to the README.",
};

/// Runs the description checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
