//! Checking ahead: a run without a package stage checks the workspace cargo described last time
//! (`target/ready/metadata.json`) while cargo describes it again, and counts that check only
//! when cargo prints the same document.

use std::path::{Path, PathBuf};

use cargo_ready::read::workspace::{ReadAlong, Workspace};

use crate::support::Fixture;

/// The `good` fixture with a target directory, where the document is kept.
fn fixture_with_target() -> (Fixture, PathBuf) {
    let fixture = Fixture::copy("good");
    std::fs::create_dir(fixture.path().join("target")).unwrap();
    let kept = fixture.path().join("target/ready/metadata.json");
    (fixture, kept)
}

/// Loads the fixture's workspace, checking ahead with a check that says how many packages
/// the workspace it was given publishes anywhere.
fn load(manifest: &Path) -> (Workspace, Option<usize>) {
    let publishing = |workspace: &Workspace| {
        workspace
            .metadata
            .packages
            .iter()
            .filter(|p| p.publish.as_ref().is_none_or(|to| !to.is_empty()))
            .count()
    };
    Workspace::load(Some(manifest), ReadAlong::default(), Some(publishing)).unwrap()
}

#[test]
fn a_run_over_unchanged_manifests_says_what_the_first_run_said() {
    let (fixture, kept) = fixture_with_target();
    let first = fixture.run(&["--no-package"]);
    assert!(kept.is_file(), "the first run keeps cargo's document");
    let again = fixture.run(&["--no-package"]);
    assert_eq!((again.status, &again.stdout), (first.status, &first.stdout));
    assert_eq!(
        again.stderr, first.stderr,
        "status lines are shown as before"
    );
    assert!(
        first.stderr.contains("Checking good-crate v1.2.3"),
        "{}",
        first.stderr
    );
    let (_, first_json) = fixture.json(&[]);
    let (_, again_json) = fixture.json(&[]);
    assert_eq!(first_json, again_json);
}

#[test]
fn the_check_ahead_counts_only_when_cargo_prints_the_kept_document() {
    let (fixture, kept) = fixture_with_target();
    let manifest = fixture.manifest();
    let (_, ahead) = load(&manifest);
    assert_eq!(ahead, None, "nothing kept yet: nothing to check ahead on");
    let document = std::fs::read_to_string(&kept).unwrap();
    let (workspace, ahead) = load(&manifest);
    assert_eq!(
        ahead,
        Some(1),
        "cargo printed the kept document: the check ahead counts"
    );
    assert_eq!(workspace.metadata.packages.len(), 1);

    // A kept document that says something cargo no longer says (here: `publish = false`),
    // under the right header, is checked ahead on and then thrown away.
    let tampered = document.replacen("\"publish\":null", "\"publish\":[]", 1);
    assert_ne!(tampered, document, "the fixture publishes: {document}");
    std::fs::write(&kept, &tampered).unwrap();
    let (workspace, ahead) = load(&manifest);
    assert_eq!(ahead, None);
    assert_eq!(
        workspace.metadata.packages[0].publish, None,
        "cargo's own document"
    );
    assert_eq!(
        std::fs::read_to_string(&kept).unwrap(),
        document,
        "kept again"
    );
}

#[test]
fn a_kept_document_cargo_no_longer_prints_changes_nothing_in_the_report() {
    let (fixture, kept) = fixture_with_target();
    let (status, first) = fixture.json(&[]);
    let document = std::fs::read_to_string(&kept).unwrap();
    std::fs::write(
        &kept,
        document.replacen("\"publish\":null", "\"publish\":[]", 1),
    )
    .unwrap();
    let (again_status, again) = fixture.json(&[]);
    assert_eq!((again_status, &again), (status, &first));
    assert_eq!(again["packages"][0]["skipped"], serde_json::Value::Null);
}

#[test]
fn a_damaged_kept_document_is_not_checked_ahead_on_and_is_written_again() {
    let (fixture, kept) = fixture_with_target();
    let manifest = fixture.manifest();
    load(&manifest);
    let document = std::fs::read_to_string(&kept).unwrap();
    let (header, _) = document.split_once('\n').unwrap();
    for damaged in [
        format!("{header}\n{{\"packages\": [$(touch pwned)"),
        format!("{header}\n"),
        header.to_string(),
        "\u{0}\u{1}not text at all".to_string(),
    ] {
        std::fs::write(&kept, &damaged).unwrap();
        let (workspace, ahead) = load(&manifest);
        assert_eq!(ahead, None, "{damaged:?}");
        assert_eq!(workspace.metadata.packages.len(), 1);
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), document);
    }
    assert!(!fixture.path().join("pwned").exists());
}

#[test]
fn an_edited_manifest_is_not_checked_ahead_on_the_old_document() {
    let (fixture, kept) = fixture_with_target();
    let manifest = fixture.manifest();
    load(&manifest);
    assert!(kept.is_file());
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("version = \"1.2.3\"", "version = \"1.2.4\""),
    )
    .unwrap();
    let (workspace, ahead) = load(&manifest);
    assert_eq!(ahead, None);
    assert_eq!(workspace.metadata.packages[0].version.to_string(), "1.2.4");
    let (_, ahead) = load(&manifest);
    assert_eq!(ahead, Some(1), "the new document is kept");
}

#[test]
fn nothing_is_kept_where_there_is_no_target_directory() {
    let fixture = Fixture::copy("good");
    fixture.json(&[]);
    assert!(
        !fixture.path().join("target/ready/metadata.json").exists(),
        "no target directory is made for the kept document"
    );
}

#[test]
fn a_run_in_a_member_directory_checks_ahead_too() {
    let fixture = Fixture::copy("workspace");
    std::fs::create_dir(fixture.path().join("target")).unwrap();
    let member = fixture.path().join("crates/core-lib/Cargo.toml");
    assert!(member.is_file());
    let (_, ahead) = load(&member);
    assert_eq!(ahead, None);
    assert!(fixture.path().join("target/ready/metadata.json").is_file());
    let (workspace, ahead) = load(&member);
    assert!(
        ahead.is_some(),
        "the root manifest is read for the check ahead"
    );
    assert_eq!(workspace.metadata.packages.len(), 4);
    let first = fixture.run(&["--no-package", "--manifest-path", member.to_str().unwrap()]);
    let again = fixture.run(&["--no-package", "--manifest-path", member.to_str().unwrap()]);
    assert_eq!((again.status, &again.stdout), (first.status, &first.stdout));
    assert_eq!(again.stderr, first.stderr);
}
