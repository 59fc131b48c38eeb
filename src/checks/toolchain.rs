//! `rust-version` and `edition` (S17, S42, C5).
//!
//! Both are read as written in Cargo.toml, which is what crates.io receives; an inherited
//! `workspace = true` value is taken from `cargo metadata`, where cargo has already parsed it.

use semver::VersionReq;

use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level};

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
`rust-version` promises a toolchain that cannot even parse the manifest, and recent cargo \
refuses to load such a manifest at all.\n\nFix: raise `rust-version` to at least the edition's \
first release.",
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

/// The editions crates.io accepts, with the first Rust release (1.minor) that supports each.
pub const EDITIONS: [(&str, u64); 4] = [("2015", 0), ("2018", 31), ("2021", 56), ("2024", 85)];

/// What is wrong with a `rust-version` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustVersionProblem {
    /// A character other than an ASCII digit or `.`.
    Char(char),
    /// Digits and dots that do not parse as a version requirement (the parser's reason).
    Unparsable(String),
}

/// Checks a `rust-version` value as crates.io does: only ASCII digits and `.`, and it must
/// parse as a version requirement (`1`, `1.70`, `1.70.0`).
pub fn rust_version_problem(value: &str) -> Option<RustVersionProblem> {
    if let Some(c) = value.chars().find(|c| !c.is_ascii_digit() && *c != '.') {
        return Some(RustVersionProblem::Char(c));
    }
    VersionReq::parse(value)
        .err()
        .map(|e| RustVersionProblem::Unparsable(e.to_string()))
}

/// A valid `rust-version` as (major, minor, patch), missing parts counting as 0.
pub fn parse_rust_version(value: &str) -> Option<(u64, u64, u64)> {
    if rust_version_problem(value).is_some() {
        return None;
    }
    let mut parts = value.split('.').map(|part| part.parse::<u64>().ok());
    let mut next = || parts.next().flatten().unwrap_or(0);
    Some((next(), next(), next()))
}

/// The first Rust release (1.minor) supporting an edition, or `None` for an unknown edition.
pub fn edition_first_minor(edition: &str) -> Option<u64> {
    EDITIONS
        .iter()
        .find(|(name, _)| *name == edition)
        .map(|(_, minor)| *minor)
}

/// The Rust release (1.minor) an edition needs when `rust_version` is older than it.
pub fn edition_mismatch(edition: &str, rust_version: (u64, u64, u64)) -> Option<u64> {
    let minor = edition_first_minor(edition)?;
    (rust_version < (1, minor, 0)).then_some(minor)
}

/// A fix for a refused `rust-version`: its leading digits and dots (`^1.70` → `1.70`).
fn suggest_rust_version(value: &str) -> Option<String> {
    let start = value.find(|c: char| c.is_ascii_digit())?;
    let digits: String = value[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let digits = digits.trim_end_matches('.');
    rust_version_problem(digits)
        .is_none()
        .then(|| digits.to_string())
}

/// A value as written, or as `cargo metadata` resolved it when inherited from the workspace.
enum Written<'a> {
    Text(&'a str),
    Inherited(String),
    Missing,
}

fn written<'a>(
    ctx: &'a PackageContext<'_>,
    key: &str,
    resolved: impl FnOnce() -> Option<String>,
) -> Written<'a> {
    let keys = ["package", key];
    if ctx.manifest.is_inherited(&keys) {
        return resolved().map_or(Written::Missing, Written::Inherited);
    }
    match ctx.manifest.get_str(&keys) {
        Some(value) => Written::Text(value),
        None => resolved().map_or(Written::Missing, Written::Inherited),
    }
}

/// Runs the rust-version and edition checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    const RUST_VERSION: &[&str] = &["package", "rust-version"];
    const EDITION: &[&str] = &["package", "edition"];
    let edition = match written(ctx, "edition", || {
        Some(ctx.package.edition.as_str().to_string())
    }) {
        Written::Text(text) => text.to_string(),
        Written::Inherited(text) => text,
        Written::Missing => "2015".to_string(),
    };
    if edition_first_minor(&edition).is_none() {
        sink.report(
            &INVALID_EDITION,
            Target::key(EDITION),
            format!("`edition` `{edition}` is not an edition crates.io accepts (2015, 2018, 2021 or 2024)"),
            "set `edition = \"2024\"`, or the edition the code is written for".to_string(),
        );
    }

    let rust_version = written(ctx, "rust-version", || {
        ctx.package
            .rust_version
            .as_ref()
            .map(|v| format!("{}.{}.{}", v.major, v.minor, v.patch))
    });
    let rust_version = match rust_version {
        // cargo parsed an inherited value already; only text as written can be malformed.
        Written::Inherited(text) => text,
        Written::Text(text) => {
            if let Some(problem) = rust_version_problem(text) {
                let message = match problem {
                    RustVersionProblem::Char(c) => format!(
                        "`rust-version` `{text}` contains {c:?}; crates.io accepts only digits and dots"
                    ),
                    RustVersionProblem::Unparsable(reason) => {
                        format!("`rust-version` `{text}` is not a version: {reason}")
                    }
                };
                let help = match suggest_rust_version(text) {
                    Some(fix) => format!("write `rust-version = \"{fix}\"`"),
                    None => "write the oldest Rust the crate builds with, e.g. `rust-version = \"1.85\"`".to_string(),
                };
                sink.report(
                    &INVALID_RUST_VERSION,
                    Target::key(RUST_VERSION),
                    message,
                    help,
                );
            }
            text.to_string()
        }
        Written::Missing => {
            let example = match edition_first_minor(&edition) {
                Some(minor) if minor > 0 => format!(
                    "at least `rust-version = \"1.{minor}\"` (edition {edition} needs Rust 1.{minor})"
                ),
                _ => "e.g. `rust-version = \"1.70\"`".to_string(),
            };
            sink.report(
                &MISSING_RUST_VERSION,
                Target::key(RUST_VERSION),
                "no `rust-version`: the oldest Rust the crate builds with is not declared",
                format!(
                    "add the oldest Rust the crate builds with to `[package]`, {example}; cargo-msrv finds it"
                ),
            );
            return;
        }
    };

    if let Some(parsed) = parse_rust_version(&rust_version)
        && let Some(minor) = edition_mismatch(&edition, parsed)
    {
        sink.report(
            &EDITION_RUST_VERSION_MISMATCH,
            Target::key(RUST_VERSION),
            format!(
                "`rust-version` `{rust_version}` is older than Rust 1.{minor}, the first release with edition {edition}"
            ),
            format!("raise it to `rust-version = \"1.{minor}\"` or later"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{findings, placed};
    use serde_json::json;

    #[test]
    fn rust_versions_crates_io_accepts() {
        for ok in ["1", "1.70", "1.70.0", "1.85.1", "0.9", "10.0.0"] {
            assert_eq!(rust_version_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn rust_versions_crates_io_refuses() {
        use RustVersionProblem::{Char, Unparsable};
        let chars = [
            ("^1.70", '^'),
            ("1.70.0-nightly", '-'),
            ("1.x", 'x'),
            ("=1.70", '='),
            ("1.70 ", ' '),
            ("1.70.0+build", '+'),
            ("*", '*'),
            ("v1.70", 'v'),
        ];
        for (value, c) in chars {
            assert_eq!(rust_version_problem(value), Some(Char(c)), "{value}");
        }
        for value in ["", "1.", ".1", "1..70", "1.70.0.1", "01.70", "1.070"] {
            assert!(
                matches!(rust_version_problem(value), Some(Unparsable(_))),
                "{value}"
            );
        }
    }

    #[test]
    fn parses_partial_rust_versions() {
        assert_eq!(parse_rust_version("1"), Some((1, 0, 0)));
        assert_eq!(parse_rust_version("1.70"), Some((1, 70, 0)));
        assert_eq!(parse_rust_version("1.70.2"), Some((1, 70, 2)));
        assert_eq!(parse_rust_version("^1.70"), None);
    }

    #[test]
    fn editions() {
        for (edition, minor) in [("2015", 0), ("2018", 31), ("2021", 56), ("2024", 85)] {
            assert_eq!(edition_first_minor(edition), Some(minor), "{edition}");
        }
        for edition in ["2027", "2019", "21", "", "2024 ", "edition2024"] {
            assert_eq!(edition_first_minor(edition), None, "{edition:?}");
        }
    }

    #[test]
    fn edition_needs_its_first_release() {
        let cases = [
            ("2024", (1, 84, 9), Some(85)),
            ("2024", (1, 85, 0), None),
            ("2024", (1, 88, 0), None),
            ("2021", (1, 55, 0), Some(56)),
            ("2021", (1, 56, 0), None),
            ("2018", (1, 30, 1), Some(31)),
            ("2018", (1, 31, 0), None),
            ("2015", (1, 0, 0), None),
            ("2024", (1, 0, 0), Some(85)),
            ("2024", (2, 0, 0), None),
            ("2030", (1, 0, 0), None),
        ];
        for (edition, version, expected) in cases {
            assert_eq!(
                edition_mismatch(edition, version),
                expected,
                "{edition} {version:?}"
            );
        }
    }

    #[test]
    fn suggestions_keep_the_leading_version() {
        assert_eq!(suggest_rust_version("^1.70").as_deref(), Some("1.70"));
        assert_eq!(
            suggest_rust_version("1.70.0-nightly").as_deref(),
            Some("1.70.0")
        );
        assert_eq!(suggest_rust_version("1.x").as_deref(), Some("1"));
        assert_eq!(suggest_rust_version(">= 1.65").as_deref(), Some("1.65"));
        assert_eq!(suggest_rust_version("stable"), None);
    }

    #[test]
    fn well_formed_manifest_has_no_findings() {
        let toml = "[package]\nname = \"demo\"\nedition = \"2024\"\nrust-version = \"1.85\"\n";
        let found = findings(
            check,
            toml,
            json!({ "edition": "2024", "rust_version": "1.85" }),
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn invalid_rust_version_points_at_the_value_with_a_fix() {
        let toml = "[package]\nname = \"demo\"\nrust-version = \"^1.70\"\n";
        let found = findings(check, toml, json!({}));
        assert_eq!(placed(&found), [("invalid_rust_version", 3)]);
        assert!(found[0].message.contains("`^1.70`"));
        assert_eq!(
            found[0].help.as_deref(),
            Some("write `rust-version = \"1.70\"`")
        );
        assert_eq!(found[0].location.as_ref().unwrap().column, 16);
    }

    #[test]
    fn invalid_edition_and_mismatch() {
        let toml = "[package]\nname = \"demo\"\nedition = \"2027\"\nrust-version = \"1.70\"\n";
        let found = findings(check, toml, json!({ "rust_version": "1.70" }));
        assert_eq!(placed(&found), [("invalid_edition", 3)]);
        assert!(found[0].message.contains("`2027`"));

        let toml = "[package]\nname = \"demo\"\nedition = \"2024\"\nrust-version = \"1.80\"\n";
        let found = findings(
            check,
            toml,
            json!({ "edition": "2024", "rust_version": "1.80" }),
        );
        assert_eq!(placed(&found), [("edition_rust_version_mismatch", 4)]);
        assert!(found[0].message.contains("`1.80`") && found[0].message.contains("1.85"));
    }

    #[test]
    fn inherited_values_come_from_metadata() {
        let toml =
            "[package]\nname = \"demo\"\nedition.workspace = true\nrust-version.workspace = true\n";
        let fields = json!({ "edition": "2024", "rust_version": "1.70" });
        let found = findings(check, toml, fields);
        assert_eq!(placed(&found), [("edition_rust_version_mismatch", 4)]);
        assert!(
            found[0].message.contains("`1.70.0`"),
            "{}",
            found[0].message
        );
        let fine = json!({ "edition": "2024", "rust_version": "1.85" });
        assert!(findings(check, toml, fine).is_empty());
    }

    #[test]
    fn missing_rust_version_points_at_package_and_suggests_the_edition_minimum() {
        let toml = "name = \"x\"\n\n[package]\nname = \"demo\"\nedition = \"2021\"\n";
        let found = findings(check, toml, json!({}));
        assert_eq!(placed(&found), [("missing_rust_version", 3)]);
        assert_eq!(
            found[0].location.as_ref().unwrap().column,
            1,
            "points at `[package]`"
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`rust-version = \"1.56\"`")
        );
        let no_edition = findings(
            check,
            "[package]\nname = \"demo\"\n",
            json!({ "edition": "2015" }),
        );
        assert_eq!(placed(&no_edition), [("missing_rust_version", 1)]);
        assert!(
            no_edition[0]
                .help
                .as_deref()
                .unwrap()
                .contains("e.g. `rust-version = \"1.70\"`")
        );
    }
}
