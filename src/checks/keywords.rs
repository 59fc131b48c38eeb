//! The `keywords` field (S18–S20).

use super::{Check, Level, PackageContext, Sink};

/// S18: more than five keywords.
pub static TOO_MANY_KEYWORDS: Check = Check {
    name: "too_many_keywords",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 5 keywords",
    explain: "crates.io refuses more than 5 keywords (\"expected at most 5 keywords per \
crate\").\n\nFix: keep the 5 words people would search for.",
};

/// S19, S20: a keyword crates.io refuses.
pub static INVALID_KEYWORD: Check = Check {
    name: "invalid_keyword",
    default: Level::Deny,
    blocks_publish: true,
    summary: "keyword is empty, longer than 20 bytes, or has characters crates.io refuses",
    explain: "Each keyword must be 1 to 20 bytes, start with an ASCII letter or digit, and \
continue with ASCII letters, digits, `_`, `-` or `+`. Spaces are refused.\n\nFix: shorten it, \
and write `command-line` for `command line`.",
};

/// Keywords that repeat.
pub static DUPLICATE_KEYWORD: Check = Check {
    name: "duplicate_keyword",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the same keyword appears twice (crates.io compares them lowercased)",
    explain: "crates.io stores keywords lowercased, so `Parser` and `parser` are one keyword \
using two of the five places.\n\nFix: remove the repeat.",
};

/// Policy: at least one keyword.
pub static MISSING_KEYWORDS: Check = Check {
    name: "missing_keywords",
    default: Level::Deny,
    blocks_publish: false,
    summary: "no `keywords`",
    explain: "Keywords are how people find a crate in crates.io search. crates.io does not \
require them; cargo-ready does by default.\n\nFix: add `keywords = [\"...\"]` with up to 5 \
words, or set `missing_keywords = \"allow\"` in `[package.metadata.ready]`.",
};

/// Runs the keyword checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
