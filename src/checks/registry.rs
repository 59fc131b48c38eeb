//! The list of every check cargo-ready knows, manifest and package stage alike.

use super::package::{
    builds, cargo_said, contents, dirty, junk, left_out, packaged_tests, published, secrets,
    semver_checks, since, verify,
};
use super::{
    categories, dead_files, dependencies, dependency_rust, description, docs_rs, features,
    keywords, license, name, portable_names, publish_order, readme, readme_links, release_versions,
    toolchain, unknown, urls,
};
use crate::model::Check;

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
    &readme_links::README_LINK_NOT_FOUND,
    &readme_links::README_LINK_DROPPED,
    &readme_links::REPOSITORY_NOT_ROOT,
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
    &publish_order::DEV_DEPENDENCY_CYCLE,
    &dependencies::FOREIGN_REGISTRY_DEPENDENCY,
    &dependencies::TOO_MANY_DEPENDENCIES,
    &dependencies::INVALID_DEPENDENCY_NAME,
    &unknown::UNKNOWN_CHECK,
    &dead_files::DEAD_SOURCE_FILE,
    &portable_names::CASE_COLLIDING_PATHS,
    &dependency_rust::DEPENDENCY_NEEDS_NEWER_RUST,
    &dependency_rust::DEPENDENCY_VERSIONS_UNKNOWN,
    &release_versions::CHANGELOG_VERSION_MISSING,
    &release_versions::README_VERSION_MISMATCH,
    &docs_rs::DOCS_RS_INVALID_METADATA,
    &docs_rs::DOCS_RS_UNKNOWN_FEATURE,
    &docs_rs::DOCS_RS_UNKNOWN_TARGET,
    &docs_rs::DOCS_RS_UNKNOWN_KEY,
    &docs_rs::DOCS_RS_IGNORED_SETTING,
    &docs_rs::DOCS_RS_WORKSPACE_METADATA,
    &verify::VERIFICATION_FAILED,
    &verify::BUILD_SCRIPT_MODIFIED_SOURCES,
    &packaged_tests::PACKAGED_TESTS_FAIL,
    &builds::DOCS_RS_BUILD_FAILS,
    &builds::RUSTDOC_WARNING,
    &builds::MISSING_CRATE_DOCS,
    &builds::MSRV_BUILD_FAILS,
    &builds::FEATURE_BUILD_FAILS,
    &semver_checks::SEMVER_VIOLATION,
    &published::ALREADY_PUBLISHED,
    &published::VERSION_ALREADY_PUBLISHED_DIFFERS,
    &dirty::DIRTY_FILES,
    &published::YANKED_DEPENDENCY,
    &left_out::TARGET_NOT_PACKAGED,
    &left_out::BUILD_SCRIPT_NOT_PACKAGED,
    &cargo_said::UNPACKAGEABLE_FILE,
    &cargo_said::CARGO_METADATA_WARNING,
    &cargo_said::CARGO_ERROR,
    &cargo_said::CARGO_WARNING,
    &verify::TOOLCHAIN_TOO_OLD,
    &contents::CRATE_TOO_LARGE,
    &contents::CRATE_LARGE,
    &secrets::SECRET_FILE,
    &junk::JUNK_FILE,
    &license::texts::LICENSE_TEXT_MISSING,
    &contents::README_NOT_PACKAGED,
    &contents::INVALID_PACKAGE_PATH,
    &contents::WINDOWS_RESERVED_NAME,
    &since::FIRST_RELEASE,
    &since::VERSION_NOT_NEWEST,
    &since::FEATURE_REMOVED,
    &since::FEATURE_CHANGED,
    &since::LIB_RENAMED,
    &since::BIN_REMOVED,
    &since::RUST_VERSION_RAISED,
    &since::LICENSE_CHANGED,
    &since::EDITION_CHANGED,
    &since::LINKS_CHANGED,
    &since::DEPENDENCIES_CHANGED,
    &since::DEPENDENCY_MAJOR_CHANGED,
    &since::CONTENTS_CHANGED,
    &since::CRATE_GREW,
    &since::LARGE_FILE_ADDED,
    &since::PACKAGED_FILE_DROPPED,
];

/// Looks a check up by name; kebab-case is accepted for snake_case.
pub fn find_check(name: &str) -> Option<&'static Check> {
    let name = name.replace('-', "_");
    CHECKS.iter().copied().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
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

    /// The check table of docs/checks.md, as the registry says it must read.
    pub fn checks_table() -> String {
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

    /// Fails when the table of docs/checks.md differs from the registry; `SNAPSHOTS=overwrite`
    /// rewrites it (the same switch as the snapshot tests).
    #[test]
    fn the_checks_table_matches_the_registry() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/checks.md");
        let document = std::fs::read_to_string(path).unwrap();
        let start = "<!-- checks:start -->\n";
        let end = "<!-- checks:end -->";
        let from = document
            .find(start)
            .expect("docs/checks.md has a checks:start marker")
            + start.len();
        let to = document
            .find(end)
            .expect("docs/checks.md has a checks:end marker");
        let expected = checks_table();
        if document[from..to] == expected {
            return;
        }
        if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
            let updated = format!("{}{expected}{}", &document[..from], &document[to..]);
            std::fs::write(path, updated).unwrap();
            return;
        }
        panic!(
            "the check table of docs/checks.md is out of date: run `SNAPSHOTS=overwrite cargo test`, or replace it with:\n{expected}"
        );
    }

    /// The names of the checks declared (`static NAME: Check = Check { name: ...`) in the
    /// files under `path` (a file, or a directory), but the registry.
    fn declared(path: &std::path::Path, found: &mut Vec<String>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                declared(&entry.unwrap().path(), found);
            }
            return;
        }
        if path.ends_with("registry.rs") {
            return;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find(": Check = Check {") {
            let after = &rest[at..];
            let name_at = after.find("name: \"").unwrap() + "name: \"".len();
            let name = &after[name_at..name_at + after[name_at..].find('"').unwrap()];
            found.push(name.to_string());
            rest = &rest[at + 1..];
        }
    }

    fn src_checks() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks")
    }

    /// Every `static NAME: Check` under `src/checks/` is in [`CHECKS`]: a check that is not
    /// registered never runs its levels, `--list` or `--explain`.
    #[test]
    fn every_check_declared_is_registered() {
        let mut found = Vec::new();
        declared(&src_checks(), &mut found);
        assert!(found.len() >= CHECKS.len(), "{found:?}");
        for name in found {
            assert!(
                find_check(&name).is_some(),
                "the check `{name}` is declared but not in CHECKS (src/checks/registry.rs)"
            );
        }
    }

    /// The release comparison is skipped when every check of `since::CHECKS` is allowed: a
    /// release check left out of that list would be skipped while on.
    #[test]
    fn the_release_checks_are_every_check_of_since() {
        let mut found = Vec::new();
        declared(&src_checks().join("package/since.rs"), &mut found);
        let mut listed: Vec<String> = since::CHECKS.iter().map(|c| c.name.to_string()).collect();
        found.sort();
        listed.sort();
        assert_eq!(found, listed, "since::CHECKS (src/checks/package/since.rs)");
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
