//! The `[features]` table (S23–S26).

use super::{Check, Level, PackageContext, Sink};

/// S23: more than 300 features.
pub static TOO_MANY_FEATURES: Check = Check {
    name: "too_many_features",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 300 features",
    explain: "crates.io refuses a crate declaring more than 300 features (unless the limit was \
raised for that crate).\n\nFix: merge features, or ask help@crates.io for a higher limit.",
};

/// S24: a feature enabling more than 300 things.
pub static FEATURE_TOO_LARGE: Check = Check {
    name: "feature_too_large",
    default: Level::Deny,
    blocks_publish: true,
    summary: "one feature enables more than 300 features or dependencies",
    explain: "crates.io refuses a feature whose list has more than 300 entries.\n\nFix: group \
the entries into intermediate features.",
};

/// S25, S26: feature names and values.
pub static INVALID_FEATURE_NAME: Check = Check {
    name: "invalid_feature_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "feature name, or a name in a feature's list, has characters crates.io refuses",
    explain: "A feature name must start with a Unicode XID start character, `_` or a digit, and \
continue with XID characters, `+`, `-` or `.`. In a feature's list, `dep:NAME`, `DEP/FEAT` and \
`DEP?/FEAT` must name valid dependency and feature names.\n\nFix: rename the feature, e.g. \
`serde-support` to `serde`.",
};

/// Runs the feature checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
