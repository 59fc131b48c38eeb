//! `--fix` end to end: certain fixes applied in place, formatting and comments kept,
//! ambiguous values left alone, inherited fields fixed in the workspace, dirty trees refused.

use std::path::Path;

use crate::support::{Fixture, checks, finding, git, git_commit_all, snapshot_tree};

fn committed(name: &str) -> Fixture {
    let fixture = Fixture::copy(name);
    git_commit_all(fixture.path());
    fixture
}

const FIXED_MANIFEST: &str = r#"# A crate whose every problem has one certain fix.
[package]
name = "fixable-crate"
version = "0.1.0"
edition = "2021"
rust-version = "1.70"
description = "Written the way people write manifests before they read the rules"
license = "MIT OR Apache-2.0"  # dual licensed
repository = "https://github.com/example/fixable-crate"
keywords = [
    "command-line",   # spaces are refused
    "parser",
]
categories = ["games", "command-line-utilities"]

[dependencies]
"#;

#[test]
fn certain_fixes_keep_formatting_and_comments_and_the_crate_then_passes() {
    let fixture = committed("fixable");
    let (status, before) = fixture.json(&[]);
    assert_eq!(status, 1, "{before:#}");

    let (status, report) = fixture.json(&["--fix"]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(
        std::fs::read_to_string(fixture.manifest()).unwrap(),
        FIXED_MANIFEST
    );
    let fields: Vec<&str> = report["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["package.license", "package.keywords", "package.categories"]
    );
    assert_eq!(report["fixed"][0]["from"], "\"mit/Apache-2.0\"");
    assert_eq!(report["fixed"][0]["to"], "\"MIT OR Apache-2.0\"");
    assert!(
        crate::support::findings(&report, "fixable-crate").is_empty(),
        "{report:#}"
    );
}

#[test]
fn the_human_output_says_what_changed_then_what_is_left() {
    let fixture = committed("fixable");
    let manifest = fixture.manifest();
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("\"command-line-tools\"", "\"cli\"")).unwrap();
    git(
        fixture.path(),
        &["commit", "-q", "-am", "ambiguous category"],
    );

    let run = fixture.run(&["--no-package", "--fix", "--color", "never"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("Fixed Cargo.toml: `package.license`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\"MIT OR Apache-2.0\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error[unknown_category]"),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(&manifest).unwrap();
    assert!(
        after.contains("categories = [\"games\", \"cli\"]"),
        "{after}"
    );

    let (_, report) = fixture.json(&[]);
    assert_eq!(checks(&report, "fixable-crate"), ["unknown_category"]);
    let cli = finding(&report, "fixable-crate", "unknown_category", "cli");
    assert!(
        cli["help"].is_string(),
        "the ambiguous case keeps its help: {cli:#}"
    );
}

#[test]
fn an_ambiguous_license_is_not_guessed() {
    let fixture = committed("fixable");
    let manifest = fixture.manifest();
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("mit/Apache-2.0", "GPLv3")).unwrap();
    git(
        fixture.path(),
        &["commit", "-q", "-am", "ambiguous license"],
    );
    let (status, report) = fixture.json(&["--fix"]);
    assert_eq!(status, 1);
    let after = std::fs::read_to_string(&manifest).unwrap();
    assert!(
        after.contains("license = \"GPLv3\"  # dual licensed"),
        "{after}"
    );
    finding(&report, "fixable-crate", "invalid_license", "GPLv3");
}

#[test]
fn a_manifest_with_uncommitted_changes_is_refused_unless_allowed() {
    let fixture = committed("fixable");
    let manifest = fixture.manifest();
    let edited = std::fs::read_to_string(&manifest).unwrap() + "# local edit\n";
    std::fs::write(&manifest, &edited).unwrap();

    let run = fixture.run(&["--no-package", "--fix"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("uncommitted changes"), "{}", run.stderr);
    assert!(run.stderr.contains("--allow-dirty"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), edited);

    let (status, _) = fixture.json(&["--fix", "--allow-dirty"]);
    assert_eq!(status, 0);
    assert_eq!(
        std::fs::read_to_string(&manifest).unwrap(),
        FIXED_MANIFEST.to_string() + "# local edit\n"
    );
}

#[test]
fn outside_git_it_needs_allow_dirty() {
    let fixture = Fixture::copy("fixable");
    let before = snapshot_tree(fixture.path());
    let run = fixture.run(&["--no-package", "--fix"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_tree(fixture.path()), before);
}

#[test]
fn fix_touches_no_file_but_the_manifest() {
    let fixture = committed("fixable");
    let mut before = snapshot_tree(fixture.path());
    fixture.json(&["--fix"]);
    let mut after = snapshot_tree(fixture.path());
    let kept = |path: &std::path::PathBuf, _: &mut Vec<u8>| {
        path != Path::new("Cargo.toml") && !path.starts_with(".git")
    };
    before.retain(kept);
    after.retain(kept);
    assert_eq!(after, before);
}

#[test]
fn an_inherited_field_is_fixed_in_the_workspace() {
    let fixture = committed("workspace");
    let member = fixture.path().join("crates/app/Cargo.toml");
    let member_before = std::fs::read_to_string(&member).unwrap();
    let (status, report) = fixture.json(&["--fix"]);
    assert_eq!(status, 0, "{report:#}");
    let root = std::fs::read_to_string(fixture.manifest()).unwrap();
    assert!(
        root.contains("keywords = [\"workspace\", \"with-space\"]"),
        "{root}"
    );
    assert_eq!(std::fs::read_to_string(&member).unwrap(), member_before);
    assert_eq!(report["fixed"].as_array().unwrap().len(), 1, "{report:#}");
    assert_eq!(report["fixed"][0]["field"], "workspace.package.keywords");
}
