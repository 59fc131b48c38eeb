//! The `categories` field (S21, S22), against the embedded list of crates.io slugs.

use super::{Check, Level, PackageContext, Sink};

/// S21: more than five categories.
pub static TOO_MANY_CATEGORIES: Check = Check {
    name: "too_many_categories",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 5 categories",
    explain: "crates.io refuses more than 5 categories (\"expected at most 5 categories per \
crate\"); repeats count.\n\nFix: keep the 5 that fit best.",
};

/// S22: a slug crates.io does not know.
pub static UNKNOWN_CATEGORY: Check = Check {
    name: "unknown_category",
    default: Level::Deny,
    blocks_publish: true,
    summary: "category is not a crates.io category slug",
    explain: "Since June 2024 crates.io refuses unknown category slugs (\"The following category \
slugs are not currently supported on crates.io\"). Slugs are lowercase and match exactly; \
sub-categories are written `parent::child`. cargo does not check them.\n\nFix: use a slug from \
https://crates.io/category_slugs; cargo-ready suggests the closest.",
};

/// Policy: at least one category.
pub static MISSING_CATEGORIES: Check = Check {
    name: "missing_categories",
    default: Level::Deny,
    blocks_publish: false,
    summary: "no `categories`",
    explain: "Categories place the crate in crates.io's browsable lists. crates.io does not \
require them; cargo-ready does by default.\n\nFix: add `categories = [\"...\"]` (see \
`cargo ready --explain unknown_category`), or set `missing_categories = \"allow\"` in \
`[package.metadata.ready]`.",
};

/// Runs the category checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
