//! The `readme` field (C14, C15) and the README policy.
//!
//! `readme = "path"` must name a file relative to the package root; with no `readme`, cargo
//! uses the first of README.md, README.txt and README it finds there. `readme = false` is an
//! explicit opt-out, which cargo-ready's policy treats as "no README" (`missing_readme`, which
//! can be allowed).

use std::path::Path;

use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level};
pub use crate::read::readme_page::DEFAULT_README_FILES;

/// C14: readme names a file that is not there.
pub static README_NOT_FOUND: Check = Check {
    name: "readme_not_found",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`readme` names a file that does not exist",
    explain: "Since Rust 1.81 cargo refuses to package a crate whose `readme` does not exist \
(relative to the package root): \"readme `...` does not appear to exist\". `readme = true` means \
README.md.\n\nFix: correct the path, add the file, or set `readme = false`.",
};

/// Policy: a README.
pub static MISSING_README: Check = Check {
    name: "missing_readme",
    default: Level::Deny,
    blocks_publish: false,
    summary: "no README (neither `readme` nor README.md / README.txt / README)",
    explain: "The README is the crate's page on crates.io. cargo uses README.md, README.txt or \
README in the package root when `readme` is not set. crates.io does not require one; cargo-ready \
does by default, and counts `readme = false` as no README.\n\nFix: add a README.md beside \
Cargo.toml (and remove `readme = false`), or set `readme = \"path\"`; a crate that should have \
no README allows the check (`missing_readme = \"allow\"` in `[package.metadata.ready]`).",
};

/// What the manifest says about the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadmeSetting<'a> {
    /// `readme = "path"` (or `readme = true`, which means README.md), relative to the package root.
    Path(&'a str),
    /// `readme = false`.
    Disabled,
    /// No `readme`: cargo looks for [`DEFAULT_README_FILES`].
    Unset,
}

/// What is on disk at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// A regular file (or a link to one).
    File,
    /// Something that is not a file, such as a directory.
    NotAFile,
    /// Nothing.
    Absent,
}

/// What is wrong with the README setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadmeProblem<'a> {
    /// `readme` names a path where there is nothing; `instead` is a default README that exists.
    NotFound {
        /// The path as written.
        path: &'a str,
        /// A README in the package root that could be meant.
        instead: Option<&'static str>,
    },
    /// `readme` names a directory or another non-file.
    NotAFile(&'a str),
    /// Nothing set and no default README file.
    Missing,
    /// `readme = false`.
    Disabled,
}

/// Checks a README setting; `presence` says what is at a path relative to the package root.
pub fn readme_problem<'a>(
    setting: ReadmeSetting<'a>,
    presence: impl Fn(&str) -> Presence,
) -> Option<ReadmeProblem<'a>> {
    let default_file = || {
        DEFAULT_README_FILES
            .into_iter()
            .find(|name| presence(name) == Presence::File)
    };
    match setting {
        ReadmeSetting::Path(path) => match presence(path) {
            Presence::File => None,
            Presence::NotAFile => Some(ReadmeProblem::NotAFile(path)),
            Presence::Absent => Some(ReadmeProblem::NotFound {
                path,
                instead: default_file().filter(|name| *name != path),
            }),
        },
        ReadmeSetting::Disabled => Some(ReadmeProblem::Disabled),
        ReadmeSetting::Unset => match default_file() {
            Some(_) => None,
            None => Some(ReadmeProblem::Missing),
        },
    }
}

/// The README setting, from the manifest as written, or from `cargo metadata` when inherited.
fn setting<'a>(ctx: &'a PackageContext<'_>) -> ReadmeSetting<'a> {
    let from_metadata = || match &ctx.package.readme {
        Some(path) => ReadmeSetting::Path(path.as_str()),
        None => ReadmeSetting::Disabled,
    };
    let keys = ["package", "readme"];
    match ctx.manifest.get(&keys) {
        None => ReadmeSetting::Unset,
        Some(_) if ctx.manifest.is_inherited(&keys) => from_metadata(),
        Some(item) => match (item.as_str(), item.as_bool()) {
            (Some(path), _) => ReadmeSetting::Path(path),
            (None, Some(true)) => ReadmeSetting::Path("README.md"),
            (None, Some(false)) => ReadmeSetting::Disabled,
            (None, None) => from_metadata(),
        },
    }
}

fn presence(path: &Path) -> Presence {
    if path.is_file() {
        Presence::File
    } else if path.exists() {
        Presence::NotAFile
    } else {
        Presence::Absent
    }
}

/// Runs the readme checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let root = ctx.root();
    // A README read for its page is a file; only other paths are looked at.
    let read = ctx.readme.map(|page| page.file.as_path());
    let presence = |path: &str| {
        let path = crate::paths::normalize(&root.join(path));
        if read == Some(path.as_path()) {
            Presence::File
        } else {
            presence(&path)
        }
    };
    let Some(problem) = readme_problem(setting(ctx), presence) else {
        return;
    };
    let field = Target::key(&["package", "readme"]);
    let inherited = if ctx.manifest.is_inherited(&["package", "readme"]) {
        " (the value is inherited: fix `readme` in `[workspace.package]`)"
    } else {
        ""
    };
    match problem {
        ReadmeProblem::NotFound { path, instead } => {
            let help = match instead {
                Some(name) => format!("did you mean `readme = \"{name}\"`?{inherited}"),
                None => format!(
                    "add the file, correct the path, or set `readme = false`{inherited}"
                ),
            };
            sink.report(
                &README_NOT_FOUND,
                field,
                format!("`readme` file `{path}` does not exist (relative to the package root)"),
                help,
            )
        }
        ReadmeProblem::NotAFile(path) => sink.report(
            &README_NOT_FOUND,
            field,
            format!("`readme` names `{path}`, which is not a file"),
            format!("point `readme` at the README file itself, e.g. `readme = \"{path}/README.md\"`{inherited}"),
        ),
        ReadmeProblem::Missing => sink.report(
            &MISSING_README,
            field,
            "the package has no README: `readme` is not set and there is no README.md, README.txt or README beside Cargo.toml",
            "add a README.md beside Cargo.toml (it becomes the crate's page on crates.io), or set `readme = \"path/to/README.md\"`".to_string(),
        ),
        ReadmeProblem::Disabled => sink.report(
            &MISSING_README,
            field,
            "`readme = false`: the crate will have no README on crates.io",
            format!(
                "remove `readme = false` and add a README.md beside Cargo.toml, or allow the check with `missing_readme = \"allow\"` in `[package.metadata.ready]`{inherited}"
            ),
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{findings_in, placed};
    use serde_json::json;

    fn with_files(files: &'static [&'static str]) -> impl Fn(&str) -> Presence {
        move |path| {
            if files.contains(&path) {
                Presence::File
            } else if path == "docs" {
                Presence::NotAFile
            } else {
                Presence::Absent
            }
        }
    }

    #[test]
    fn readme_problems() {
        use ReadmeProblem::{Missing, NotAFile, NotFound};
        use ReadmeSetting::{Path, Unset};
        let cases: &[(
            ReadmeSetting<'_>,
            &'static [&'static str],
            Option<ReadmeProblem<'_>>,
        )] = &[
            (Path("README.md"), &["README.md"], None),
            (Path("docs/intro.md"), &["docs/intro.md"], None),
            (
                Path("README.md"),
                &[],
                Some(NotFound {
                    path: "README.md",
                    instead: None,
                }),
            ),
            (
                Path("READ_ME.md"),
                &["README.txt"],
                Some(NotFound {
                    path: "READ_ME.md",
                    instead: Some("README.txt"),
                }),
            ),
            (Path("docs"), &[], Some(NotAFile("docs"))),
            (Unset, &["README.md"], None),
            (Unset, &["README.txt"], None),
            (Unset, &["README"], None),
            (Unset, &["readme.rst"], Some(Missing)),
            (Unset, &[], Some(Missing)),
            (ReadmeSetting::Disabled, &[], Some(ReadmeProblem::Disabled)),
            (
                ReadmeSetting::Disabled,
                &["README.md"],
                Some(ReadmeProblem::Disabled),
            ),
        ];
        for (setting, files, expected) in cases {
            assert_eq!(
                readme_problem(*setting, with_files(files)),
                *expected,
                "{setting:?} with {files:?}"
            );
        }
    }

    fn run(files: &[&str], toml: &str, fields: serde_json::Value) -> Vec<crate::model::Finding> {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "# demo\n").unwrap();
        }
        std::fs::create_dir(dir.path().join("docs")).ok();
        findings_in(dir.path(), check, toml, fields)
    }

    #[test]
    fn readme_that_does_not_exist_is_an_error_at_the_value() {
        let found = run(
            &["README.md"],
            "[package]\nname = \"demo\"\nreadme = \"READ.md\"\n",
            json!({ "readme": "READ.md" }),
        );
        assert_eq!(placed(&found), [("readme_not_found", 3)]);
        assert!(
            found[0].message.contains("`READ.md`"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `readme = \"README.md\"`?")
        );
    }

    #[test]
    fn readme_pointing_at_a_directory_is_refused() {
        let found = run(
            &[],
            "[package]\nreadme = \"docs\"\n",
            json!({ "readme": "docs" }),
        );
        assert_eq!(placed(&found), [("readme_not_found", 2)]);
        assert!(found[0].message.contains("not a file"));
    }

    #[test]
    fn readme_true_means_readme_md() {
        let toml = "[package]\nname = \"demo\"\nreadme = true\n";
        let fields = json!({ "readme": "README.md" });
        assert!(run(&["README.md"], toml, fields.clone()).is_empty());
        assert_eq!(placed(&run(&[], toml, fields)), [("readme_not_found", 3)]);
    }

    #[test]
    fn inferred_readme_is_enough_and_none_is_missing() {
        let toml = "[package]\nname = \"demo\"\n";
        assert!(run(&["README"], toml, json!({ "readme": "README" })).is_empty());
        let found = run(&["docs/README.md"], toml, json!({}));
        assert_eq!(placed(&found), [("missing_readme", 1)]);
        assert_eq!(
            found[0].location.as_ref().unwrap().span,
            Some(0..9),
            "points at `[package]`"
        );
    }

    #[test]
    fn readme_false_counts_as_no_readme() {
        let found = run(
            &["README.md"],
            "[package]\nname = \"demo\"\nreadme = false\n",
            json!({}),
        );
        assert_eq!(placed(&found), [("missing_readme", 3)]);
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("missing_readme = \"allow\"")
        );
    }

    #[test]
    fn inherited_readme_uses_the_resolved_path() {
        let toml = "[package]\nname = \"demo\"\nreadme.workspace = true\n";
        let found = run(&[], toml, json!({ "readme": "../README.md" }));
        assert_eq!(placed(&found), [("readme_not_found", 3)]);
        assert!(found[0].message.contains("`../README.md`"));
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("[workspace.package]")
        );
        let disabled = run(&["README.md"], toml, json!({ "readme": null }));
        assert_eq!(placed(&disabled), [("missing_readme", 3)]);
    }
}
