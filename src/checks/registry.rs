//! The list of every check cargo-ready knows, manifest and package stage alike.

use super::package;
use super::{
    Check, categories, dependencies, description, features, keywords, license, name, readme,
    toolchain, unknown, urls,
};

/// Every check, in the order `--list` shows them.
pub static CHECKS: &[&Check] = &[
    &name::INVALID_CRATE_NAME,
    &name::RESERVED_CRATE_NAME,
    &name::VERSION_TOO_LONG,
    &description::MISSING_DESCRIPTION,
    &description::DESCRIPTION_TOO_LONG,
    &license::MISSING_LICENSE,
    &license::INVALID_LICENSE,
    &license::LICENSE_FILE_NOT_FOUND,
    &license::LEGACY_LICENSE_SEPARATOR,
    &license::DEPRECATED_LICENSE_ID,
    &license::LICENSE_AND_LICENSE_FILE,
    &urls::INVALID_URL,
    &urls::MISSING_REPOSITORY,
    &urls::REDUNDANT_HOMEPAGE,
    &keywords::TOO_MANY_KEYWORDS,
    &keywords::INVALID_KEYWORD,
    &keywords::MISSING_KEYWORDS,
    &keywords::DUPLICATE_KEYWORD,
    &categories::TOO_MANY_CATEGORIES,
    &categories::UNKNOWN_CATEGORY,
    &categories::MISSING_CATEGORIES,
    &readme::README_NOT_FOUND,
    &readme::MISSING_README,
    &toolchain::INVALID_RUST_VERSION,
    &toolchain::INVALID_EDITION,
    &toolchain::EDITION_RUST_VERSION_MISMATCH,
    &toolchain::MISSING_RUST_VERSION,
    &features::TOO_MANY_FEATURES,
    &features::FEATURE_TOO_LARGE,
    &features::RAISED_FEATURE_LIMIT,
    &features::INVALID_FEATURE_NAME,
    &dependencies::WILDCARD_DEPENDENCY,
    &dependencies::DEPENDENCY_WITHOUT_VERSION,
    &dependencies::DEV_DEPENDENCY_WITHOUT_VERSION,
    &dependencies::FOREIGN_REGISTRY_DEPENDENCY,
    &dependencies::TOO_MANY_DEPENDENCIES,
    &dependencies::INVALID_DEPENDENCY_NAME,
    &unknown::UNKNOWN_CHECK,
    &package::VERIFICATION_FAILED,
    &package::BUILD_SCRIPT_MODIFIED_SOURCES,
    &package::ALREADY_PUBLISHED,
    &package::VERSION_ALREADY_PUBLISHED_DIFFERS,
    &package::DIRTY_FILES,
    &package::YANKED_DEPENDENCY,
    &package::TARGET_NOT_PACKAGED,
    &package::UNPACKAGEABLE_FILE,
    &package::CARGO_METADATA_WARNING,
    &package::CARGO_ERROR,
    &package::CARGO_WARNING,
    &package::TOOLCHAIN_TOO_OLD,
    &package::CRATE_TOO_LARGE,
    &package::CRATE_LARGE,
    &package::SECRET_FILE,
    &package::JUNK_FILE,
    &package::LICENSE_TEXT_MISSING,
    &package::README_NOT_PACKAGED,
    &package::INVALID_PACKAGE_PATH,
    &package::WINDOWS_RESERVED_NAME,
];

/// Looks a check up by name; kebab-case is accepted for snake_case.
pub fn find_check(name: &str) -> Option<&'static Check> {
    let name = name.replace('-', "_");
    CHECKS.iter().copied().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Level;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut seen = HashSet::new();
        for check in CHECKS {
            assert!(seen.insert(check.name), "duplicate check {}", check.name);
            assert!(
                check
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{} is not snake_case",
                check.name
            );
            assert_ne!(check.name, crate::config::WARNINGS);
        }
    }

    #[test]
    fn every_check_is_explained_with_a_fix() {
        for check in CHECKS {
            assert!(!check.summary.is_empty(), "{} has no summary", check.name);
            assert!(
                !check.summary.ends_with('.'),
                "{} summary ends with .",
                check.name
            );
            assert!(
                check.explain.contains("Fix:"),
                "{} explains no fix",
                check.name
            );
        }
    }

    #[test]
    fn blocking_checks_are_errors_by_default() {
        for check in CHECKS.iter().filter(|c| c.blocks_publish) {
            assert_eq!(check.default, Level::Deny, "{}", check.name);
        }
    }

    /// The README's check table, as the registry says it must read.
    pub fn readme_table() -> String {
        let mut table = String::from(
            "| check | default | blocks publish | what it finds |\n|---|---|---|---|\n",
        );
        for check in CHECKS {
            table.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                check.name,
                check.default.as_str(),
                if check.blocks_publish { "yes" } else { "no" },
                check.summary.replace('|', "\\|")
            ));
        }
        table
    }

    /// Fails when README.md's table differs from the registry; `SNAPSHOTS=overwrite` rewrites
    /// it (the same switch as the snapshot tests).
    #[test]
    fn the_readme_table_matches_the_registry() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let start = "<!-- checks:start -->\n";
        let end = "<!-- checks:end -->";
        let from = readme
            .find(start)
            .expect("README.md has a checks:start marker")
            + start.len();
        let to = readme.find(end).expect("README.md has a checks:end marker");
        let expected = readme_table();
        if readme[from..to] == expected {
            return;
        }
        if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
            let updated = format!("{}{expected}{}", &readme[..from], &readme[to..]);
            std::fs::write(path, updated).unwrap();
            return;
        }
        panic!(
            "README.md's check table is out of date: run `SNAPSHOTS=overwrite cargo test`, or replace it with:\n{expected}"
        );
    }

    #[test]
    fn kebab_case_finds_the_check() {
        assert_eq!(
            find_check("unknown-category").unwrap().name,
            "unknown_category"
        );
        assert!(find_check("no_such_check").is_none());
    }
}
