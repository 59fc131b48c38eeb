//! The version being published as the release's readers meet it: a changelog heading for it,
//! and README dependency lines that accept it.

use serde_json::Value;

use crate::support::{Fixture, findings};

/// The (check, message, file name, line) of a package's changelog and README findings.
fn version_findings(report: &Value, package: &str) -> Vec<(String, String, String, u64)> {
    findings(report, package)
        .iter()
        .filter(|f| {
            f["check"] == "changelog_version_missing" || f["check"] == "readme_version_mismatch"
        })
        .map(|f| {
            let file = f["location"]["file"].as_str().unwrap();
            (
                f["check"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                file.rsplit('/').next().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn fixture_report() -> Value {
    let fixture = Fixture::copy("release-notes");
    let (status, report) = fixture.json(&["--workspace"]);
    assert_eq!(status, 0, "warnings only: {report:#}");
    report
}

#[test]
fn a_release_named_everywhere_says_nothing() {
    let report = fixture_report();
    for package in [
        "notes-noted",
        "notes-releases-page",
        "notes-unnamed",
        "notes-pre-release",
        "notes-no-longer-kept",
    ] {
        assert_eq!(version_findings(&report, package), [], "{package}");
    }
}

#[test]
fn an_unreleased_section_with_entries_is_renamed_to_the_version() {
    let report = fixture_report();
    let found = version_findings(&report, "notes-behind");
    assert_eq!(
        found[0],
        (
            "changelog_version_missing".to_string(),
            "CHANGELOG.md has no heading for 0.2.0, the version being published (its topmost version \
heading is `[0.1.0] - 2026-10-01`, line 9)"
                .to_string(),
            "CHANGELOG.md".to_string(),
            3
        )
    );
    let finding = findings(&report, "notes-behind")
        .iter()
        .find(|f| f["check"] == "changelog_version_missing")
        .unwrap();
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["help"],
        "rename `Unreleased` to `0.2.0` (line 3); the `[Unreleased]:` link at line 13 is left \
as it is: give `0.2.0` one of its own"
    );
    let suggestion = &finding["suggestions"][0];
    assert_eq!(suggestion["replacement"], "0.2.0");
    assert_eq!(suggestion["certain"], true);
    assert_eq!(finding["location"]["column"], 5);
}

#[test]
fn plain_text_and_workspace_changelogs_are_read_too() {
    let report = fixture_report();
    assert_eq!(
        version_findings(&report, "notes-plain-text"),
        [(
            "changelog_version_missing".to_string(),
            "CHANGES.txt has no heading for 0.3.1, the version being published (its topmost version \
heading is `0.3.0 (2026-09-01)`, line 1)"
                .to_string(),
            "CHANGES.txt".to_string(),
            1
        )]
    );
    let inherited = version_findings(&report, "notes-inherits");
    assert_eq!(inherited.len(), 1, "{inherited:?}");
    assert!(
        inherited[0]
            .1
            .starts_with("the workspace's CHANGELOG.md has no heading for 0.1.1")
    );
    let finding = findings(&report, "notes-inherits")
        .iter()
        .find(|f| f["check"] == "changelog_version_missing")
        .unwrap();
    assert_eq!(
        finding["help"],
        "add a `## notes-inherits 0.1.1` heading with the changes in 0.1.1"
    );
}

#[test]
fn a_readme_dependency_line_must_accept_the_version() {
    let report = fixture_report();
    let readme: Vec<_> = version_findings(&report, "notes-behind")
        .into_iter()
        .filter(|f| f.0 == "readme_version_mismatch")
        .collect();
    assert_eq!(
        readme,
        [(
            "readme_version_mismatch".to_string(),
            "the README tells users to depend on `notes-behind = { version = \"0.1\", features = \
[\"std\"] }`, which does not accept 0.2.0, the version being published"
                .to_string(),
            "README.md".to_string(),
            7
        )]
    );
}

#[test]
fn both_checks_take_levels() {
    let fixture = Fixture::copy("release-notes");
    let (status, report) = fixture.json(&[
        "--workspace",
        "-D",
        "readme_version_mismatch",
        "-A",
        "changelog_version_missing",
    ]);
    assert_eq!(status, 1);
    let found = version_findings(&report, "notes-behind");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "readme_version_mismatch");
    let finding = findings(&report, "notes-behind")
        .iter()
        .find(|f| f["check"] == "readme_version_mismatch")
        .unwrap();
    assert_eq!(finding["severity"], "error");
}

#[test]
fn a_heading_that_looks_like_the_version_misspelled_is_pointed_at() {
    let report = fixture_report();
    let finding = findings(&report, "notes-misspelled")
        .iter()
        .find(|f| f["check"] == "changelog_version_missing")
        .unwrap();
    assert_eq!(
        finding["help"],
        "`notes-misspelled-1.3.18` (line 5) looks like 0.3.18 misspelled: write `0.3.18` for \
`1.3.18`"
    );
    assert_eq!(finding["location"]["line"], 5);
    assert!(
        finding["suggestions"].is_null(),
        "a misspelling is not renamed: {finding:#}"
    );
}

#[test]
fn fix_renames_unreleased_and_the_changelog_then_names_the_version() {
    let fixture = Fixture::copy("release-notes");
    crate::support::git_commit_all(fixture.path());
    let (_, report) = fixture.json(&["--workspace", "--fix"]);
    let changelog = fixture.path().join("crates/behind/CHANGELOG.md");
    let text = std::fs::read_to_string(&changelog).unwrap();
    assert!(text.contains("\n## [0.2.0]\n"), "{text}");
    assert!(
        text.contains("\n[Unreleased]: https://github.com/example/release-notes/compare/"),
        "the link definition is left as it was: {text}"
    );
    let fixed: Vec<(&str, &str)> = report["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["from"].as_str().unwrap(), f["to"].as_str().unwrap()))
        .collect();
    assert!(fixed.contains(&("Unreleased", "0.2.0")), "{fixed:?}");
    assert!(
        !version_findings(&report, "notes-behind")
            .iter()
            .any(|f| f.0 == "changelog_version_missing"),
        "{report:#}"
    );
}

#[test]
fn fix_refuses_a_changelog_with_uncommitted_changes() {
    let fixture = Fixture::copy("release-notes");
    crate::support::git_commit_all(fixture.path());
    let changelog = fixture.path().join("crates/behind/CHANGELOG.md");
    let edited = format!("{}\n", std::fs::read_to_string(&changelog).unwrap());
    std::fs::write(&changelog, &edited).unwrap();
    let run = fixture.run(&["--workspace", "--fix"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("has uncommitted changes"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&changelog).unwrap(), edited);
}

#[test]
fn a_virtual_workspace_changelog_is_its_only_published_members() {
    let fixture = Fixture::copy("release-notes-sole");
    let (status, report) = fixture.json(&["--workspace"]);
    assert_eq!(status, 0, "{report:#}");
    let found = version_findings(&report, "sole-member");
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(
        found[0]
            .1
            .starts_with("the workspace's CHANGELOG.md has no heading for 0.2.0"),
        "{found:?}"
    );
    assert_eq!(found[0].3, 3);
    let finding = findings(&report, "sole-member")
        .iter()
        .find(|f| f["check"] == "changelog_version_missing")
        .unwrap();
    assert_eq!(finding["help"], "rename `Unreleased` to `0.2.0` (line 3)");
    assert_eq!(finding["suggestions"][0]["certain"], true);
}
